//! The README's figures about the data are the data's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use gba_atlas::data::Dataset;
use gba_atlas::plan::Plan;

#[test]
fn readme_counts_match_the_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let plan = Plan::bundled().expect("plan");
    let ds = Dataset::load(&root.join("data"), &plan).expect("data");
    let mapped = plan
        .clauses
        .iter()
        .filter(|c| ds.places_citing(c.number).next().is_some())
        .count();
    let places = format!("{} places in", ds.places.len());
    let clauses = format!("{mapped} of the 66 clauses name at least one mapped place");
    assert!(readme.contains(&places), "README should say \"{places}\"");
    assert!(readme.contains(&clauses), "README should say \"{clauses}\"");
}

#[test]
fn readme_lists_every_key_the_app_knows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    for (keys, what) in gba_atlas::ui::keys::HELP {
        let row = format!("| {keys} | {what} |");
        assert!(readme.contains(&row), "README should have the row {row}");
    }
}
