//! `gba-atlas check`: each kind of broken file fails with a precise message; good data passes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use gba_atlas::data::Dataset;
use gba_atlas::plan::Plan;
use serde_json::{Value, json};

/// A counter-clockwise square in Shenzhen.
fn square() -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [114.00, 22.50], [114.05, 22.50], [114.05, 22.55], [114.00, 22.55], [114.00, 22.50]
    ]]})
}

fn place(id: &str) -> Value {
    json!({
        "type": "Feature",
        "geometry": square(),
        "properties": {
            "id": id,
            // A name the plan never uses: the link check has nothing to say about it.
            "name_zh": "测试地",
            "name_en": "Test place",
            "kind": "cooperation_zone",
            "clauses": [{"clause": 5, "quotes": ["香港"]}],
            "accuracy": "approximate",
            "source": "test"
        }
    })
}

fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// Writes `files` (path under the data dir → text) and returns the messages `check` gives.
/// A data directory holding `files` (path under it → text). Keep the `TempDir` alive.
fn data_dir(files: &[(&str, String)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("places")).expect("mkdir");
    for (name, text) in files {
        let path = data.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    (dir, data)
}

/// Messages name files by the data directory as given; the tests compare them from `data/` on.
fn rel(dir: &tempfile::TempDir, message: impl ToString) -> String {
    message
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "")
}

fn check(files: &[(&str, String)]) -> Vec<String> {
    let (dir, data) = data_dir(files);
    let plan = Plan::bundled().expect("plan");
    let ds = Dataset::load(&data, &plan).expect("load");
    ds.issues.iter().map(|i| rel(&dir, i)).collect()
}

fn one_problem(files: &[(&str, String)]) -> String {
    let problems = check(files);
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    problems[0].clone()
}

fn with(mut feature: Value, pointer: &str, value: Value) -> Value {
    *feature.pointer_mut(pointer).expect("pointer") = value;
    feature
}

fn without(mut feature: Value, field: &str) -> Value {
    feature["properties"]
        .as_object_mut()
        .expect("props")
        .remove(field);
    feature
}

#[test]
fn a_good_file_passes() {
    assert!(check(&[("places/a.geojson", collection(vec![place("a"), place("b")]))]).is_empty());
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let text = "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {\"type\": \"Feature\",}\n  ]\n}\n";
    let msg = one_problem(&[("places/bad.geojson", text.to_string())]);
    assert!(msg.starts_with("data/places/bad.geojson:4:"), "{msg}");
    assert!(msg.contains(": json: "), "{msg}");
}

#[test]
fn not_a_feature_collection() {
    let msg = one_problem(&[("places/x.geojson", place("a").to_string())]);
    assert_eq!(
        msg,
        "data/places/x.geojson: type: expected \"FeatureCollection\", found \"Feature\""
    );
}

#[test]
fn missing_required_field() {
    let msg = one_problem(&[(
        "places/x.geojson",
        collection(vec![without(place("qianhai"), "name_en")]),
    )]);
    assert_eq!(msg, "data/places/x.geojson:qianhai: name_en: missing");
}

#[test]
fn mistyped_field() {
    let f = with(
        place("qianhai"),
        "/properties/clauses/0/clause",
        json!("五"),
    );
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:qianhai: clauses[0].clause: expected a clause number 1..66, found a string"
    );
}

#[test]
fn missing_id_names_the_feature_by_index() {
    let msg = one_problem(&[(
        "places/x.geojson",
        collection(vec![place("a"), without(place("b"), "id")]),
    )]);
    assert_eq!(msg, "data/places/x.geojson:#1: id: missing");
}

#[test]
fn unknown_kind() {
    let f = with(place("qianhai"), "/properties/kind", json!("zone"));
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert!(
        msg.starts_with(
            "data/places/x.geojson:qianhai: kind: unknown kind \"zone\"; expected one of: city,"
        ),
        "{msg}"
    );
}

#[test]
fn duplicate_ids_across_files() {
    // Both files are told: the one whose feature is dropped, and the one whose feature stays.
    let problems = check(&[
        ("places/a.geojson", collection(vec![place("shenzhen")])),
        ("places/b.geojson", collection(vec![place("shenzhen")])),
    ]);
    assert_eq!(
        problems,
        vec![
            "data/places/a.geojson:shenzhen: id: duplicate id: \"shenzhen\" is also used in data/places/b.geojson, whose feature is not on the map: give one of them another id",
            "data/places/b.geojson:shenzhen: id: duplicate id: \"shenzhen\" is already used in data/places/a.geojson; this feature is not on the map (the one read first is): give one of them another id",
        ]
    );
}

#[test]
fn clause_out_of_range() {
    let f = with(place("x"), "/properties/clauses/0/clause", json!(67));
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:x: clauses[0].clause: 67 is not a clause number: the plan's clauses are 1..66"
    );
    let f = with(place("x"), "/properties/clauses/0/clause", json!(0));
    assert!(
        one_problem(&[("places/x.geojson", collection(vec![f]))])
            .contains("0 is not a clause number")
    );
}

#[test]
fn quote_not_in_its_clause() {
    // A typo: 香巷 for 香港.
    let f = with(
        place("x"),
        "/properties/clauses/0/quotes",
        json!(["香港", "香巷"]),
    );
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert!(
        msg.starts_with("data/places/x.geojson:x: clauses[0].quotes[1]: \"香巷\" does not occur in clause 5 （五）"),
        "{msg}"
    );
    // 前海 is in clause 49.
    let f = with(place("x"), "/properties/clauses/0/clause", json!(49));
    let f = with(f, "/properties/clauses/0/quotes", json!(["前海"]));
    assert!(check(&[("places/x.geojson", collection(vec![f]))]).is_empty());
}

#[test]
fn unclosed_ring() {
    let ring = json!([[
        [114.00, 22.50],
        [114.05, 22.50],
        [114.05, 22.55],
        [114.00, 22.55]
    ]]);
    let f = with(place("x"), "/geometry/coordinates", ring);
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:x: geometry.coordinates[0]: ring is not closed: first position [114, 22.5] differs from last [114, 22.55]"
    );
}

#[test]
fn self_intersecting_ring() {
    // A bow tie.
    let ring = json!([[
        [114.00, 22.50],
        [114.05, 22.55],
        [114.05, 22.50],
        [114.00, 22.55],
        [114.00, 22.50]
    ]]);
    let f = with(place("x"), "/geometry/coordinates", ring);
    let problems = check(&[("places/x.geojson", collection(vec![f]))]);
    assert!(
        problems
            .iter()
            .any(|m| m == "data/places/x.geojson:x: geometry.coordinates: invalid polygon: exterior ring has a self-intersection"),
        "{problems:#?}"
    );
}

#[test]
fn lat_lon_swapped() {
    let f = with(
        place("x"),
        "/geometry",
        json!({"type": "Point", "coordinates": [22.54, 114.06]}),
    );
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:x: geometry.coordinates: [22.54, 114.06] looks like [lat, lon]: GeoJSON positions are [lon, lat] (swap them)"
    );
}

#[test]
fn outside_the_region() {
    let f = with(
        place("x"),
        "/geometry",
        json!({"type": "LineString", "coordinates": [[114.0, 22.5], [2.35, 48.85]]}),
    );
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:x: geometry.coordinates[1]: [2.35, 48.85] is outside the region (lon 108.5–118.5, lat 19.8–26.5, WGS-84)"
    );
}

#[test]
fn clockwise_exterior_ring() {
    let ring = json!([[
        [114.00, 22.50],
        [114.00, 22.55],
        [114.05, 22.55],
        [114.05, 22.50],
        [114.00, 22.50]
    ]]);
    let f = with(place("x"), "/geometry/coordinates", ring);
    let msg = one_problem(&[("places/x.geojson", collection(vec![f]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:x: geometry.coordinates[0]: exterior ring is clockwise: RFC 7946 wants exterior rings counter-clockwise (reverse it)"
    );
}

#[test]
fn broken_file_does_not_stop_the_others() {
    let (_dir, data) = data_dir(&[
        ("places/a.geojson", collection(vec![place("a")])),
        ("places/b.geojson", "{ not json".to_string()),
    ]);
    let ds = Dataset::load(&data, &Plan::bundled().expect("plan")).expect("load");
    assert_eq!(ds.places.len(), 1);
    assert_eq!(ds.issues.len(), 1);
    // The message names the file by the directory as given (here an absolute path).
    let msg = ds.issues[0].to_string();
    assert!(
        msg.starts_with(&format!("{}/places/b.geojson:1:", data.display())),
        "{msg}"
    );
}

fn run_check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gba-atlas"))
        .arg("check")
        .arg(dir)
        .output()
        .expect("run gba-atlas check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_command_exits_non_zero_on_problems_and_zero_on_the_bundled_data() {
    let f = with(place("x"), "/properties/kind", json!("zone"));
    let (dir, data) = data_dir(&[("places/x.geojson", collection(vec![f]))]);
    let (code, out) = run_check(&data);
    let out = rel(&dir, out);
    assert_eq!(code, 1);
    assert!(
        out.contains("data/places/x.geojson:x: kind: unknown kind \"zone\""),
        "{out}"
    );

    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (code, out) = run_check(&bundled);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn reload_keeps_what_a_file_had_until_it_is_fixed() {
    let (dir, data) = data_dir(&[("places/a.geojson", collection(vec![place("a")]))]);
    let plan = Plan::bundled().expect("plan");
    std::fs::write(
        data.join("places/b.geojson"),
        collection(vec![place("b1"), place("b2")]),
    )
    .expect("write");
    let first = Dataset::load(&data, &plan).expect("load");
    assert_eq!(first.places.len(), 3);

    // An edit half-way: b.geojson is cut off.
    let text = collection(vec![place("b1"), place("b2")]);
    std::fs::write(data.join("places/b.geojson"), &text[..text.len() / 2]).expect("write");
    let second = first.reload(&plan).expect("reload");
    let mut ids: Vec<&str> = second.places.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["a", "b1", "b2"]);
    let messages: Vec<String> = second.issues.iter().map(|i| rel(&dir, i)).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with("data/places/b.geojson:1:"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("showing the 2 places loaded before"),
        "{messages:#?}"
    );

    // Fixed, with b2 removed on purpose: now b2 goes.
    std::fs::write(data.join("places/b.geojson"), collection(vec![place("b1")])).expect("write");
    let third = second.reload(&plan).expect("reload");
    assert_eq!(third.places.len(), 2);
    assert!(third.issues.is_empty());
}

#[test]
fn the_app_reports_invalid_polygons_after_its_fast_start() {
    let ring = json!([[
        [114.00, 22.50],
        [114.05, 22.55],
        [114.05, 22.50],
        [114.00, 22.55],
        [114.00, 22.50]
    ]]);
    let f = with(place("x"), "/geometry/coordinates", ring);
    let (dir, data) = data_dir(&[("places/x.geojson", collection(vec![f]))]);
    let mut state = gba_atlas::app::AppState::load(&data);
    // Loaded and drawable at once; the validity test runs in the background.
    assert_eq!(state.data.places.len(), 1);
    state.wait_for_background_checks();
    let messages: Vec<String> = state.data.issues.iter().map(|i| rel(&dir, i)).collect();
    assert!(
        messages.contains(
            &"data/places/x.geojson:x: geometry.coordinates: invalid polygon: exterior ring has a self-intersection"
                .to_string()
        ),
        "{messages:#?}"
    );
}

#[test]
fn a_file_cut_in_a_character_names_line_and_column() {
    // "横琴" is 6 bytes in UTF-8; cut after the first byte of 琴.
    let text = "{\"type\": \"FeatureCollection\",\n \"name\": \"横琴".to_string();
    let mut bytes = text.into_bytes();
    bytes.truncate(bytes.len() - 2);
    let (dir, data) = data_dir(&[]);
    std::fs::write(data.join("places/cut.geojson"), &bytes).expect("write");
    let ds = Dataset::load(&data, &Plan::bundled().expect("plan")).expect("load");
    let messages: Vec<String> = ds.issues.iter().map(|i| rel(&dir, i)).collect();
    assert_eq!(
        messages,
        [
            "data/places/cut.geojson:2:12: encoding: the file ends in the middle of a character (cut off?)"
        ]
    );
}

#[test]
fn a_file_not_in_utf8_names_the_bytes() {
    // 香港 in GBK.
    let mut bytes = b"{\"type\": \"FeatureCollection\", \"name\": \"".to_vec();
    bytes.extend([0xcf, 0xe3, 0xb8, 0xdb]);
    bytes.extend(b"\", \"features\": []}");
    let (dir, data) = data_dir(&[]);
    std::fs::write(data.join("places/gbk.geojson"), &bytes).expect("write");
    let ds = Dataset::load(&data, &Plan::bundled().expect("plan")).expect("load");
    let messages: Vec<String> = ds.issues.iter().map(|i| rel(&dir, i)).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0]
            .starts_with("data/places/gbk.geojson:1:40: encoding: not valid UTF-8 (bytes 0xcf"),
        "{messages:?}"
    );
}

/// A place named 怀集 linked to clause 40 only: clause 9 contains 怀集 too.
fn huaiji() -> Value {
    let f = with(place("huaiji"), "/properties/name_zh", json!("怀集"));
    with(
        f,
        "/properties/clauses",
        json!([{"clause": 40, "quotes": ["怀集"]}]),
    )
}

#[test]
fn a_clause_that_names_a_place_but_is_not_linked_is_a_warning() {
    let msg = one_problem(&[("places/x.geojson", collection(vec![huaiji()]))]);
    assert_eq!(
        msg,
        "data/places/x.geojson:huaiji: warning: clauses: clause 9 （九） contains \"怀集\" but is not linked: link it in \"clauses\", or say why not in \"unlinked\""
    );
    // An alias counts as a name: 南沙 is in more clauses.
    let mut f = huaiji();
    f["properties"]["aliases"] = json!(["Huaiji", "南沙"]);
    let problems = check(&[("places/x.geojson", collection(vec![f]))]);
    assert!(problems.len() > 2, "{problems:#?}");
    assert!(problems.iter().all(|p| p.contains(": warning: clauses: ")));
    assert!(problems.iter().any(|p| p.contains("contains \"南沙\"")));
}

#[test]
fn unlinked_records_why_and_is_checked() {
    let reason = json!([{"clause": 9, "reason": "part of the zone's name"}]);
    let f = with(
        huaiji(),
        "/properties/clauses",
        json!([{"clause": 40, "quotes": ["怀集"]}]),
    );
    let mut f = f;
    f["properties"]["unlinked"] = reason;
    assert_eq!(
        check(&[("places/x.geojson", collection(vec![f.clone()]))]),
        Vec::<String>::new()
    );
    // A clause that no longer contains the name: a stale entry.
    f["properties"]["unlinked"] = json!([
        {"clause": 9, "reason": "part of the zone's name"},
        {"clause": 5, "reason": "stale"}
    ]);
    let msg = one_problem(&[("places/x.geojson", collection(vec![f.clone()]))]);
    assert!(
        msg.starts_with("data/places/x.geojson:huaiji: warning: unlinked[1].clause: clause 5 contains none of the place's names (怀集)"),
        "{msg}"
    );
    // Linked and unlinked at once is an error; a missing reason too.
    f["properties"]["unlinked"] =
        json!([{"clause": 9, "reason": "x"}, {"clause": 40, "reason": "x"}, {"clause": 9}]);
    let problems = check(&[("places/x.geojson", collection(vec![f]))]);
    assert!(
        problems.contains(&"data/places/x.geojson:huaiji: unlinked[1].clause: clause 40 is also in \"clauses\": a clause is linked or unlinked, not both".to_string()),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with(
            "data/places/x.geojson:huaiji: unlinked[2].reason: expected a non-empty string"
        )),
        "{problems:#?}"
    );
}

#[test]
fn unmapped_names_are_checked() {
    let good = r#"{"unmapped":[{"name_zh":"大湾区国际仲裁中心","name_en":"x","clauses":[{"clause":42,"quotes":["大湾区国际仲裁中心"]}],"reason":"no site stated"}]}"#;
    let (_dir, data) = data_dir(&[
        ("places/a.geojson", collection(vec![place("a")])),
        ("unmapped.json", good.to_string()),
    ]);
    let ds = Dataset::load(&data, &Plan::bundled().unwrap()).unwrap();
    assert!(ds.issues.is_empty(), "{:#?}", ds.issues);
    assert_eq!(ds.unmapped.len(), 1);
    assert_eq!(ds.unmapped[0].clauses[0].clause, 42);

    let bad = good
        .replace("\"clause\":42", "\"clause\":41")
        .replace(",\"reason\":\"no site stated\"", "");
    let problems = check(&[
        ("places/a.geojson", collection(vec![place("a")])),
        ("unmapped.json", bad),
    ]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with("data/unmapped.json:大湾区国际仲裁中心: reason: missing"),
        "{problems:#?}"
    );
    assert!(problems[1].starts_with("data/unmapped.json:大湾区国际仲裁中心: clauses[0].quotes[0]: \"大湾区国际仲裁中心\" does not occur in clause 41"), "{problems:#?}");

    // A name that is on the map does not belong in the list.
    let mapped = good.replace("大湾区国际仲裁中心", "测试地").replace(
        "\"clause\":42,\"quotes\":[\"测试地\"]",
        "\"clause\":5,\"quotes\":[\"香港\"]",
    );
    let msg = one_problem(&[
        ("places/a.geojson", collection(vec![place("a")])),
        ("unmapped.json", mapped),
    ]);
    assert_eq!(
        msg,
        "data/unmapped.json:测试地: warning: name_zh: is on the map as \"a\": remove it from this list"
    );
}

#[test]
fn warnings_fail_the_check_only_when_denied() {
    let (_dir, data) = data_dir(&[("places/x.geojson", collection(vec![huaiji()]))]);
    let (code, out) = run_check(&data);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(": warning: clauses: clause 9"), "{out}");
    let out = Command::new(env!("CARGO_BIN_EXE_gba-atlas"))
        .args(["check", "--deny-warnings"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn run_fmt(args: &[&str], path: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gba-atlas"))
        .arg("fmt")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_shipped_files_are_in_the_canonical_layout() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    assert_eq!(run_fmt(&["--check"], &bundled), (0, String::new()));
}

#[test]
fn fmt_writes_the_canonical_layout_and_keeps_the_data() {
    let pretty = serde_json::to_string_pretty(&json!({
        "type": "FeatureCollection",
        "features": [place("a"), place("b")]
    }))
    .unwrap();
    let (dir, data) = data_dir(&[("places/a.geojson", pretty.clone())]);
    let file = data.join("places/a.geojson");
    let (code, out) = run_fmt(&["--check"], &data);
    assert_eq!(code, 1);
    assert!(rel(&dir, out).contains("data/places/a.geojson: not in the canonical layout"));
    // --check changes nothing.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), pretty);
    let (code, _) = run_fmt(&[], &data);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().nth(1).unwrap().contains("\"id\":\"a\""));
    // The same JSON, now canonical; the previous text is kept as the backup.
    let a: Value = serde_json::from_str(&pretty).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(a, b);
    assert_eq!(run_fmt(&["--check"], &data), (0, String::new()));
    let backup = data.join("places/.a.geojson.bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), pretty);
}
