//! Any bytes as a data file, read as the loader reads one (UTF-8 check, then every role's
//! parse with every check on): it may report problems, never panic or hang.
#![no_main]

use std::sync::OnceLock;

use gba_atlas::data::{Checks, FileRole, Issues, parse_file};
use gba_atlas::plan::Plan;
use libfuzzer_sys::fuzz_target;

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| Plan::bundled().expect("the bundled plan parses"))
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for role in [FileRole::Places, FileRole::Basemap, FileRole::Lod] {
        let mut issues = Issues::new("fuzz.geojson");
        let parsed = parse_file(text, role, 0, plan(), Checks::Full, &mut issues);
        for issue in &issues.list {
            let shown = issue.to_string();
            assert!(!shown.chars().any(char::is_control), "{shown:?}");
        }
        drop(parsed);
    }
});
