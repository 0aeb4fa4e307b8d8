//! The README's figures about the data are the data's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use gba_atlas::data::{Dataset, FileRole};
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
    let files: Vec<_> = ds
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.role == FileRole::Places)
        .collect();
    let places = format!("{} places in {} layers", ds.places.len(), files.len());
    let clauses = format!("{mapped} of the 66 clauses name at least one mapped place");
    assert!(readme.contains(&places), "README should say \"{places}\"");
    assert!(readme.contains(&clauses), "README should say \"{clauses}\"");

    // Each layer's count: the last number before the file's name in its part of the row.
    let row = readme
        .lines()
        .find(|l| l.starts_with("| Places |"))
        .expect("a Places row");
    for (i, file) in files {
        let name = file.path.file_name().unwrap().to_string_lossy().to_string();
        let n = ds.places.iter().filter(|p| p.file == i).count();
        let part = row
            .split(';')
            .find(|part| part.contains(&format!("{name}`")))
            .unwrap_or_else(|| panic!("README's Places row should name {name}"));
        let before = &part[..part.find(&format!("{name}`")).unwrap()];
        let said: usize = before
            .split(|c: char| !c.is_ascii_digit())
            .rfind(|w| !w.is_empty())
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no count before {name} in {part}"));
        assert_eq!(
            said, n,
            "README says {said} places in {name}; the file has {n}"
        );
    }

    let mut by_accuracy = std::collections::BTreeMap::new();
    for p in &ds.places {
        *by_accuracy.entry(p.accuracy.as_str()).or_insert(0) += 1;
    }
    for (accuracy, n) in by_accuracy {
        let said = format!("{n} {accuracy}");
        let also = format!("{n} geometries are {accuracy}");
        assert!(
            readme.contains(&said) || readme.contains(&also),
            "README should say \"{said}\""
        );
    }

    let c = ds.place_coverage();
    let coverage = format!(
        "{:.0} % of the places the plan names in the map's region are on the map: {} mapped, {} \
         not located yet; {} more lie outside the map and {} names have no site",
        c.percent_in_region().floor(),
        c.mapped,
        c.not_located,
        c.outside,
        c.no_site
    );
    assert!(
        readme.contains(&coverage),
        "README should say \"{coverage}\""
    );
}

/// The goal of the data: at least 95 % of the places the plan names with a site in the map's
/// region are on the map (`data/unmapped.json` lists the rest, each with its reason).
#[test]
fn most_places_the_plan_names_are_on_the_map() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = Plan::bundled().expect("plan");
    let ds = Dataset::load(&root.join("data"), &plan).expect("data");
    let c = ds.place_coverage();
    assert!(c.percent_in_region() >= 95.0, "{c:?}");
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
