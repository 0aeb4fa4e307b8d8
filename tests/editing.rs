//! Editing the document: every edit returns its inverse, a save writes only what changed, in the
//! canonical layout, atomically, with a backup.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gba_atlas::data::{Dataset, Edit, EditError, Kind, new_feature, with_geometry, with_property};
use gba_atlas::plan::Plan;
use serde_json::json;

/// A copy of the bundled data directory in a temporary directory.
fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
    (dir, data)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn file_of(ds: &Dataset, name: &str) -> usize {
    ds.files
        .iter()
        .position(|f| f.path.ends_with(name))
        .unwrap()
}

fn lines(text: &str) -> BTreeSet<&str> {
    text.lines().collect()
}

#[test]
fn an_unchanged_document_saves_byte_for_byte() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let ds = Dataset::load(&data, &plan).unwrap();
    for (i, f) in ds.files.iter().enumerate() {
        if f.role != gba_atlas::data::FileRole::Places {
            continue;
        }
        let on_disk = std::fs::read_to_string(&f.path).unwrap();
        assert_eq!(ds.file_text(i).unwrap(), on_disk, "{}", f.display);
    }
}

#[test]
fn a_one_feature_edit_changes_one_line_and_undo_restores_the_file() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let zones = file_of(&ds, "zones.geojson");
    let original = ds.file_text(zones).unwrap();
    let revision = ds.revision;

    let place = ds.place("qianhai-zone").unwrap();
    let feature = with_property(&place.raw, "name_en", Some(json!("Qianhai (edited)")));
    let inverse = ds
        .apply(
            Edit::Replace {
                id: "qianhai-zone".into(),
                feature,
            },
            &plan,
        )
        .unwrap();
    assert!(ds.revision > revision);
    assert!(ds.files[zones].dirty);
    assert_eq!(ds.dirty_files(), vec![zones]);
    assert_eq!(
        ds.place("qianhai-zone").unwrap().name_en,
        "Qianhai (edited)"
    );
    let edited = ds.file_text(zones).unwrap();
    let before = lines(&original);
    let after = lines(&edited);
    assert_eq!(before.difference(&after).count(), 1);
    assert_eq!(after.difference(&before).count(), 1);
    let changed = after.difference(&before).next().unwrap();
    assert!(changed.contains("\"id\":\"qianhai-zone\""));
    // Property order is kept: name_en is still the third property.
    let v: serde_json::Value = serde_json::from_str(changed.trim_end_matches(',')).unwrap();
    let keys: Vec<&String> = v["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["id", "name_zh", "name_en"]);

    ds.apply(inverse, &plan).unwrap();
    assert_eq!(ds.file_text(zones).unwrap(), original);
}

#[test]
fn insert_and_delete_are_inverses_and_keep_the_order() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let transport = file_of(&ds, "transport.geojson");
    let original = ds.file_text(transport).unwrap();
    let count = ds.places.len();

    // Delete the third feature, then undo: it comes back where it was.
    let third = original.lines().nth(3).unwrap();
    let v: serde_json::Value = serde_json::from_str(third.trim_end_matches(',')).unwrap();
    let id = v["properties"]["id"].as_str().unwrap().to_string();
    let inverse = ds.apply(Edit::Delete { id: id.clone() }, &plan).unwrap();
    assert!(ds.place(&id).is_none());
    assert_eq!(ds.places.len(), count - 1);
    assert!(
        !ds.file_text(transport)
            .unwrap()
            .contains(&format!("\"id\":\"{id}\""))
    );
    let redo = ds.apply(inverse, &plan).unwrap();
    assert_eq!(redo, Edit::Delete { id: id.clone() });
    assert_eq!(ds.file_text(transport).unwrap(), original);
    assert_eq!(ds.places.len(), count);

    // A new point: a place with problems to fix (no names, no clauses yet), not a refusal.
    let g: geo::Geometry<f64> = geo::Point::new(113.5, 22.5).into();
    let feature = new_feature("test-point", Kind::Other, &g);
    let inverse = ds
        .apply(
            Edit::Insert {
                file: transport,
                position: usize::MAX,
                feature,
            },
            &plan,
        )
        .unwrap();
    assert!(ds.place("test-point").is_some());
    let problems: Vec<String> = ds
        .issues
        .iter()
        .filter(|i| i.feature_id() == Some("test-point"))
        .map(|i| i.field.clone())
        .collect();
    assert!(problems.contains(&"name_zh".to_string()), "{problems:?}");
    assert!(problems.contains(&"clauses".to_string()), "{problems:?}");
    ds.apply(inverse, &plan).unwrap();
    assert_eq!(ds.file_text(transport).unwrap(), original);
    assert!(
        ds.issues
            .iter()
            .all(|i| i.feature_id() != Some("test-point"))
    );
}

#[test]
fn an_edit_that_is_not_a_place_changes_nothing() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let revision = ds.revision;
    let raw = ds.place("macao").unwrap().raw.clone();
    let feature = with_property(&raw, "kind", Some(json!("castle")));
    let e = ds
        .apply(
            Edit::Replace {
                id: "macao".into(),
                feature,
            },
            &plan,
        )
        .unwrap_err();
    assert!(
        matches!(&e, EditError::Invalid(m) if m[0].contains("kind: unknown kind \"castle\"")),
        "{e}"
    );
    // Renaming to an id in use is refused too.
    let feature = with_property(&raw, "id", Some(json!("hong-kong")));
    let e = ds
        .apply(
            Edit::Replace {
                id: "macao".into(),
                feature,
            },
            &plan,
        )
        .unwrap_err();
    assert_eq!(e, EditError::DuplicateId("hong-kong".into()));
    assert_eq!(ds.revision, revision);
    assert!(ds.dirty_files().is_empty());
    // A batch is all or nothing.
    let good = with_property(&ds.place("macao").unwrap().raw, "note", Some(json!("x")));
    let bad = with_property(
        &ds.place("hong-kong").unwrap().raw,
        "kind",
        Some(json!("x")),
    );
    let cities = file_of(&ds, "cities.geojson");
    let before = ds.file_text(cities).unwrap();
    assert!(
        ds.apply(
            Edit::Batch(vec![
                Edit::Replace {
                    id: "macao".into(),
                    feature: good
                },
                Edit::Replace {
                    id: "hong-kong".into(),
                    feature: bad
                },
            ]),
            &plan,
        )
        .is_err()
    );
    assert_eq!(ds.file_text(cities).unwrap(), before);
}

#[test]
fn save_writes_the_document_with_a_backup_and_reloads_the_same() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let zones = file_of(&ds, "zones.geojson");
    let path = ds.files[zones].path.clone();
    let original = std::fs::read_to_string(&path).unwrap();
    let place = ds.places.iter().find(|p| p.file == zones).unwrap();
    let id = place.id.clone();
    let square: geo::Geometry<f64> =
        geo::wkt!(POLYGON((114.0 22.5,114.1 22.5,114.1 22.6,114.0 22.6,114.0 22.5))).into();
    let feature = with_geometry(&place.raw, &square);
    ds.apply(
        Edit::Replace {
            id: id.clone(),
            feature,
        },
        &plan,
    )
    .unwrap();
    ds.save(zones).unwrap();
    assert!(!ds.files[zones].dirty);
    let backup = path.with_file_name(".zones.geojson.bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), original);
    let again = Dataset::load(&data, &plan).unwrap();
    assert_eq!(again.place(&id).unwrap().geometry, square);
    assert_eq!(again.place(&id).unwrap().raw, ds.place(&id).unwrap().raw);
    assert_eq!(
        again.file_text(zones).unwrap(),
        std::fs::read_to_string(&path).unwrap()
    );
}
