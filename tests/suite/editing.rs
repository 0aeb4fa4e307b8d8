//! Editing the document: every edit returns its inverse, a save writes only what changed, in the
//! canonical layout, atomically, with a backup.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::bundled_copy;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gba_atlas::data::{Dataset, Edit, EditError, Kind, new_feature, with_geometry, with_property};
use gba_atlas::plan::Plan;
use serde_json::json;

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
    let feature = with_property(place.raw(), "name_en", Some(json!("Qianhai (edited)")));
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
    let raw = ds.place("macao").unwrap().raw().clone();
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
    let good = with_property(ds.place("macao").unwrap().raw(), "note", Some(json!("x")));
    let bad = with_property(
        ds.place("hong-kong").unwrap().raw(),
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
    let feature = with_geometry(place.raw(), &square);
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
    assert_eq!(
        again.place(&id).unwrap().raw(),
        ds.place(&id).unwrap().raw()
    );
    assert_eq!(
        again.file_text(zones).unwrap(),
        std::fs::read_to_string(&path).unwrap()
    );
}

/// Two large versions of a file (~6 MB each), told apart by their first feature.
fn big_text(version: u8) -> String {
    let mut features = Vec::new();
    for i in 0..20_000 {
        features.push(json!({
            "type": "Feature",
            "properties": {"id": format!("f{i}"), "v": version},
            "geometry": {"type": "LineString", "coordinates": [[113.0 + i as f64 * 1e-5, 22.0], [113.5, 22.5 + version as f64 * 1e-3]]}
        }));
    }
    gba_atlas::data::format::canonical(&json!({"type": "FeatureCollection", "features": features}))
        .unwrap()
}

/// Run by `a_save_killed_at_any_moment_leaves_the_old_or_the_new_file` in a child process: saves
/// the two versions in turn until killed.
#[test]
#[ignore = "a helper run in a child process"]
fn save_loop() {
    let Ok(path) = std::env::var("GBA_ATLAS_SAVE_LOOP") else {
        return;
    };
    let path = PathBuf::from(path);
    let texts = [big_text(1), big_text(2)];
    for k in 0.. {
        gba_atlas::data::format::save_atomic(&path, &texts[k % 2]).unwrap();
    }
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.geojson");
    let texts = [big_text(1), big_text(2)];
    gba_atlas::data::format::save_atomic(&path, &texts[0]).unwrap();
    gba_atlas::data::format::save_atomic(&path, &texts[1]).unwrap();
    // A small deterministic generator of kill moments: 0–40 ms after the child's first save
    // (it then saves every few ms), whatever the machine's load makes its start-up take.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut kills = 0;
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    for _ in 0..25 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = std::time::Duration::from_millis(seed % 40);
        let before = modified(&path);
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "editing::save_loop", "--nocapture"])
            .env("GBA_ATLAS_SAVE_LOOP", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the child's first save (a rename gives the file a new modification time).
        let started = std::time::Instant::now();
        while modified(&path) == before {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "the child never saved"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(wait);
        // SIGKILL: no chance to clean up.
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(
            now == texts[0] || now == texts[1],
            "after kill {kills} ({wait:?}) the file is neither version ({} bytes)",
            now.len()
        );
        let backup = std::fs::read_to_string(dir.path().join(".big.geojson.bak")).unwrap();
        assert!(
            backup == texts[0] || backup == texts[1],
            "after kill {kills} the backup is neither version"
        );
    }
    assert_eq!(kills, 25);
}

fn app_on(data: &Path) -> gba_atlas::app::AppState {
    let mut s = gba_atlas::app::AppState::load(data);
    s.wait_for_background_checks();
    s
}

/// Polls the app's watcher until `done` holds, for at most `limit`.
fn wait_for(
    s: &mut gba_atlas::app::AppState,
    limit: std::time::Duration,
    done: impl Fn(&gba_atlas::app::AppState) -> bool,
) -> std::time::Duration {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        s.poll_watcher();
        if done(s) {
            return start.elapsed();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("not seen within {limit:?}");
}

#[test]
fn a_file_changed_on_disk_reloads_alone_and_a_broken_one_keeps_its_last_good_version() {
    use gba_atlas::app::Command;
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    s.apply(Command::Watch);
    let path = data.join("places/zones.geojson");
    let original = std::fs::read_to_string(&path).unwrap();
    let other_version = s.data.place("hong-kong").unwrap().version;

    // An outside edit: one name changed.
    let edited = original.replacen("\"name_en\":\"Qianhai", "\"name_en\":\"QIANHAI", 1);
    assert_ne!(edited, original);
    std::fs::write(&path, &edited).unwrap();
    let took = wait_for(&mut s, std::time::Duration::from_secs(3), |s| {
        s.data
            .place("qianhai-zone")
            .is_some_and(|p| p.name_en.starts_with("QIANHAI"))
    });
    // Within a second of the write (the watcher waits 250 ms for the write to end).
    assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    // Only the changed place is new; the others (and other files) keep their version.
    assert_eq!(s.data.place("hong-kong").unwrap().version, other_version);
    assert!(
        s.scene
            .places
            .iter()
            .all(|p| p.version == s.data.place(&p.id).unwrap().version)
    );

    // A broken save: the last good version stays, with the message.
    std::fs::write(&path, &edited[..edited.len() / 2]).unwrap();
    wait_for(&mut s, std::time::Duration::from_secs(3), |s| {
        s.data
            .issues
            .iter()
            .any(|i| i.file.ends_with("zones.geojson") && i.field == "json")
    });
    assert!(
        s.data
            .place("qianhai-zone")
            .is_some_and(|p| p.name_en.starts_with("QIANHAI"))
    );
    // Fixed: the message goes.
    std::fs::write(&path, &original).unwrap();
    wait_for(&mut s, std::time::Duration::from_secs(3), |s| {
        s.data
            .issues
            .iter()
            .all(|i| !i.file.ends_with("zones.geojson"))
            && s.data
                .place("qianhai-zone")
                .is_some_and(|p| !p.name_en.starts_with("QIANHAI"))
    });
}

#[test]
fn the_apps_own_save_is_not_an_outside_change_and_unsaved_edits_are_not_overwritten() {
    use gba_atlas::app::{Command, Confirm};
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    s.apply(Command::Watch);
    let raw = s.data.place("macao").unwrap().raw().clone();
    let edit = |note: &str| Command::Edit {
        label: "Edit note of 澳门".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: with_property(&raw, "note", Some(json!(note))),
        },
    };
    s.apply(edit("mine"));
    s.apply(Command::Save { force: false });
    assert!(s.data.dirty_files().is_empty(), "{:?}", s.notice);
    let version = s.data.place("macao").unwrap().version;
    std::thread::sleep(std::time::Duration::from_millis(800));
    s.poll_watcher();
    assert_eq!(s.data.place("macao").unwrap().version, version);
    assert_eq!(s.confirm, None);

    // Unsaved edits, then the file changes on disk: the app asks, and changes nothing.
    s.apply(edit("mine again"));
    let path = data.join("places/cities.geojson");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"note\":\"mine\"", "\"note\":\"theirs\"");
    std::fs::write(&path, &theirs).unwrap();
    wait_for(&mut s, std::time::Duration::from_secs(3), |s| {
        s.confirm.is_some()
    });
    let file = s.data.place("macao").unwrap().file;
    assert_eq!(s.confirm, Some(Confirm::OutsideChange { file }));
    assert_eq!(s.data.place("macao").unwrap().note(), Some("mine again"));
    // Take theirs.
    s.apply(Command::TakeFileFromDisk(file));
    assert_eq!(s.data.place("macao").unwrap().note(), Some("theirs"));
    assert!(s.data.dirty_files().is_empty());
    // Undo cannot bring back what the outside change replaced: the history starts again.
    assert!(s.history.undo.is_empty());
    s.apply(Command::Undo);
    assert_eq!(s.data.place("macao").unwrap().note(), Some("theirs"));
}

#[test]
fn undo_redo_and_save_through_commands() {
    use gba_atlas::app::{Command, Confirm};
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    let path = data.join("places/cities.geojson");
    let original = std::fs::read_to_string(&path).unwrap();
    let raw = s.data.place("macao").unwrap().raw().clone();
    for note in ["one", "two"] {
        s.apply(Command::Edit {
            label: format!("note {note}"),
            edit: Edit::Replace {
                id: "macao".into(),
                feature: with_property(&raw, "note", Some(json!(note))),
            },
        });
    }
    assert_eq!(s.history.undo.len(), 2);
    s.apply(Command::Undo);
    assert_eq!(s.data.place("macao").unwrap().note(), Some("one"));
    s.apply(Command::Redo);
    assert_eq!(s.data.place("macao").unwrap().note(), Some("two"));
    s.apply(Command::Undo);
    s.apply(Command::Undo);
    assert!(s.history.undo.is_empty());
    assert_eq!(s.history.redo.len(), 2);
    // Back at the start: saving gives the original bytes.
    s.apply(Command::Save { force: false });
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);

    // A file with a problem is saved only when the user says so.
    let bad = with_property(&raw, "name_en", Some(json!("")));
    s.apply(Command::Edit {
        label: "empty name".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: bad,
        },
    });
    // A new edit clears what could be redone.
    assert!(s.history.redo.is_empty());
    s.apply(Command::Save { force: false });
    assert!(
        matches!(&s.confirm, Some(Confirm::SaveWithProblems(p)) if p.iter().any(|m| m.contains("macao: name_en: is empty"))),
        "{:?}",
        s.confirm
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    s.apply(Command::Save { force: true });
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"name_en\":\"\"")
    );

    // Reloading with unsaved edits asks first.
    s.apply(Command::Edit {
        label: "note".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: with_property(&raw, "note", Some(json!("x"))),
        },
    });
    s.apply(Command::Reload);
    assert!(matches!(s.confirm, Some(Confirm::DiscardAndReload(_))));
    assert_eq!(s.data.place("macao").unwrap().note(), Some("x"));
}

#[test]
fn a_failed_save_keeps_the_edits() {
    use gba_atlas::app::Command;
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    let raw = s.data.place("macao").unwrap().raw().clone();
    s.apply(Command::Edit {
        label: "note".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: with_property(&raw, "note", Some(json!("kept"))),
        },
    });
    // The file's directory is gone: the save fails.
    std::fs::rename(data.join("places"), data.join("moved")).unwrap();
    s.apply(Command::Save { force: false });
    assert_eq!(s.dirty_names().len(), 1);
    assert!(
        s.notice.as_ref().unwrap().text.starts_with("Not saved:"),
        "{:?}",
        s.notice
    );
    assert_eq!(s.data.place("macao").unwrap().note(), Some("kept"));
}

#[test]
fn moving_a_shared_border_vertex_moves_it_in_every_place_and_undoes_in_one_step() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let vertices = |ds: &Dataset, id: &str| {
        gba_atlas::edit::geometry::vertices(&ds.place(id).unwrap().geometry)
    };
    // A vertex of Shenzhen's border that Hong Kong has too.
    let hk: Vec<geo::Coord<f64>> = vertices(&ds, "hong-kong")
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let (v, at) = vertices(&ds, "shenzhen")
        .into_iter()
        .find(|(_, c)| hk.contains(c))
        .expect("a shared vertex");
    let to = geo::Coord {
        x: at.x + 0.001,
        y: at.y + 0.0005,
    };
    let (label, edit) = gba_atlas::edit::move_vertex(&ds, "shenzhen", v, to).unwrap();
    assert!(label.contains("shared with"), "{label}");
    let before: Vec<String> = ["shenzhen", "hong-kong"]
        .iter()
        .map(|id| ds.place(id).unwrap().raw().to_string())
        .collect();
    let inverse = ds.apply(edit, &plan).unwrap();
    let rounded = geo::Coord {
        x: (to.x * 1e6).round() / 1e6,
        y: (to.y * 1e6).round() / 1e6,
    };
    for id in ["shenzhen", "hong-kong"] {
        let moved = vertices(&ds, id).iter().any(|(_, c)| *c == rounded);
        assert!(moved, "{id} did not follow");
        assert!(
            !vertices(&ds, id).iter().any(|(_, c)| *c == at),
            "{id} kept the old vertex"
        );
    }
    ds.apply(inverse, &plan).unwrap();
    // Deleting it removes it from both.
    let hk_count = vertices(&ds, "hong-kong").len();
    let (label, edit) = gba_atlas::edit::delete_vertex(&ds, "shenzhen", v).unwrap();
    assert!(label.contains("shared with"), "{label}");
    let undo = ds.apply(edit, &plan).unwrap();
    assert_eq!(vertices(&ds, "hong-kong").len(), hk_count - 1);
    assert!(!vertices(&ds, "hong-kong").iter().any(|(_, c)| *c == at));
    ds.apply(undo, &plan).unwrap();
    let after: Vec<String> = ["shenzhen", "hong-kong"]
        .iter()
        .map(|id| ds.place(id).unwrap().raw().to_string())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn saving_an_edited_city_removes_its_pre_made_levels_of_detail() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    assert!(ds.lod.contains_key("macao"));
    let v = gba_atlas::edit::geometry::vertices(&ds.place("macao").unwrap().geometry)[0];
    let to = geo::Coord {
        x: v.1.x + 0.0005,
        y: v.1.y,
    };
    let (_, edit) = gba_atlas::edit::move_vertex(&ds, "macao", v.0, to).unwrap();
    ds.apply(edit, &plan).unwrap();
    let cities = file_of(&ds, "cities.geojson");
    ds.save(cities).unwrap();
    for z in ["z7", "z9"] {
        let text = std::fs::read_to_string(data.join(format!("lod/cities.{z}.geojson"))).unwrap();
        assert!(!text.contains("\"id\":\"macao\""), "{z}");
        assert!(text.contains("\"id\":\"hong-kong\""), "{z}");
    }
    let again = Dataset::load(&data, &plan).unwrap();
    assert!(!again.lod.contains_key("macao"));
    assert!(
        again.issues.iter().all(|i| i.is_warning()),
        "{:?}",
        again.issues
    );
}

#[test]
fn quitting_with_unsaved_edits_saves_or_discards_as_asked() {
    use gba_atlas::app::Command;
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    let raw = s.data.place("macao").unwrap().raw().clone();
    s.apply(Command::Edit {
        label: "note".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: with_property(&raw, "note", Some(json!("saved on quit"))),
        },
    });
    s.apply(Command::SaveAndQuit);
    assert!(s.quit_confirmed);
    let text = std::fs::read_to_string(data.join("places/cities.geojson")).unwrap();
    assert!(text.contains("saved on quit"));
    // With a problem, Save and quit asks instead of quitting.
    let mut s = app_on(&data);
    let raw = s.data.place("macao").unwrap().raw().clone();
    s.apply(Command::Edit {
        label: "empty".into(),
        edit: Edit::Replace {
            id: "macao".into(),
            feature: with_property(&raw, "source", Some(json!(""))),
        },
    });
    s.apply(Command::SaveAndQuit);
    assert!(!s.quit_confirmed);
    assert!(matches!(
        s.confirm,
        Some(gba_atlas::app::Confirm::SaveWithProblems(_))
    ));
}

#[test]
fn the_unmapped_list_reloads_when_it_changes_on_disk() {
    use gba_atlas::app::Command;
    let (_dir, data) = bundled_copy();
    let mut s = app_on(&data);
    s.apply(Command::Watch);
    let n = s.data.unmapped.len();
    let path = data.join("unmapped.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let more = text.replacen(
        "{\"unmapped\":[\n",
        "{\"unmapped\":[\n{\"name_zh\":\"“一带一路”法治地图\",\"name_en\":\"Belt and Road rule-of-law map\",\"clauses\":[{\"clause\":42,\"quotes\":[\"“一带一路”法治地图\"]}],\"reason\":\"a programme, not a site\"},\n",
        1,
    );
    std::fs::write(&path, more).unwrap();
    wait_for(&mut s, std::time::Duration::from_secs(3), |s| {
        s.data.unmapped.len() == n + 1
    });
    assert!(s.data.issues.is_empty(), "{:?}", s.data.issues);
}

#[test]
fn a_vertex_drawn_on_a_neighbours_edge_becomes_a_shared_vertex() {
    let (_dir, data) = bundled_copy();
    let plan = Plan::bundled().unwrap();
    let mut ds = Dataset::load(&data, &plan).unwrap();
    let zone = "qianhai-zone";
    let (_, a, b) = gba_atlas::edit::geometry::edges(&ds.place(zone).unwrap().geometry)[0];
    let mid = (a + b) / 2.0;
    let mode = gba_atlas::edit::EditMode {
        file: file_of(&ds, "facilities.geojson"),
        tool: gba_atlas::edit::Tool::Polygon,
        drawing: vec![
            mid,
            geo::Coord {
                x: mid.x + 0.01,
                y: mid.y,
            },
            geo::Coord {
                x: mid.x,
                y: mid.y + 0.01,
            },
        ],
        ..Default::default()
    };
    let before = gba_atlas::edit::geometry::vertices(&ds.place(zone).unwrap().geometry).len();
    let (_, edit, id) = gba_atlas::edit::finish_drawing(&ds, &mode).unwrap();
    let inverse = ds.apply(edit, &plan).unwrap();
    let round = |c: geo::Coord<f64>| ((c.x * 1e6).round(), (c.y * 1e6).round());
    let zone_vertices = gba_atlas::edit::geometry::vertices(&ds.place(zone).unwrap().geometry);
    assert_eq!(zone_vertices.len(), before + 1);
    assert!(zone_vertices.iter().any(|(_, c)| round(*c) == round(mid)));
    let new_vertices = gba_atlas::edit::geometry::vertices(&ds.place(&id).unwrap().geometry);
    assert!(new_vertices.iter().any(|(_, c)| {
        *c == zone_vertices
            .iter()
            .find(|(_, z)| round(*z) == round(mid))
            .unwrap()
            .1
    }));
    // One undo takes both back.
    ds.apply(inverse, &plan).unwrap();
    assert!(ds.place(&id).is_none());
    assert_eq!(
        gba_atlas::edit::geometry::vertices(&ds.place(zone).unwrap().geometry).len(),
        before
    );
}
