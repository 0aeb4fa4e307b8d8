//! Editing in the app, driven headless as a user does it: draw a polygon, fill the form, link a
//! clause with the picker, save, reload; undo everything and save the original bytes again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use accesskit::Role;
use common::{bundled_copy, click_at, harness_for};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gba_atlas::app::{AppState, Command};
use gba_atlas::data::Dataset;
use gba_atlas::plan::Plan;

fn screen(h: &Harness<'_, AppState>, lon: f64, lat: f64) -> egui::Pos2 {
    h.state().transform.unwrap().lon_lat_to_screen(lon, lat)
}

/// Types `text` into the `n`-th text field of the form (0: id), then commits it: Enter in a
/// one-line field, Ctrl+Enter in a multi-line one.
fn fill(h: &mut Harness<'_, AppState>, n: usize, text: &str) {
    let fields: Vec<_> = h
        .query_all(
            egui_kittest::kittest::By::new()
                .predicate(|n| matches!(n.role(), Role::TextInput | Role::MultilineTextInput)),
        )
        .collect();
    // The search box comes first.
    fields[n + 1].focus();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(text.to_string()));
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.key_press(Key::Enter);
    h.run_steps(3);
}

#[test]
fn draw_fill_link_save_reload_and_undo_to_the_original_bytes() {
    let (_dir, data) = bundled_copy();
    let mut h = harness_for(&data);
    h.state_mut().apply(Command::SetView {
        lon: 113.60,
        lat: 22.30,
        zoom: 12.0,
    });
    h.run_steps(2);
    h.key_press(Key::E);
    h.run_steps(2);
    let file = h.state().edit.as_ref().expect("edit mode").file;
    let path = h.state().data.files[file].path.clone();
    assert!(!path.ends_with("cities.geojson"), "{}", path.display());
    let original = std::fs::read_to_string(&path).unwrap();

    h.get_by_label("Polygon").click();
    h.get_by_label("Snap").click();
    h.run_steps(2);
    assert_eq!(h.state().edit.as_ref().map(|e| e.snap), Some(false));
    // Clockwise on screen is counter-clockwise on the map: the app orients it either way.
    let corners = [
        (113.58, 22.28),
        (113.58, 22.32),
        (113.62, 22.32),
        (113.62, 22.28),
    ];
    for (lon, lat) in corners {
        let p = screen(&h, lon, lat);
        click_at(&mut h, p);
    }
    assert_eq!(h.state().edit.as_ref().unwrap().drawing.len(), 4);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let id = h
        .state()
        .view
        .selected
        .clone()
        .expect("the new place is selected");
    {
        let s = h.state();
        let place = s.data.place(&id).unwrap();
        let geo::Geometry::Polygon(p) = &place.geometry else {
            panic!("{:?}", place.geometry)
        };
        assert_eq!(p.exterior().0.len(), 5);
        use geo::Winding as _;
        assert!(p.exterior().is_ccw());
        // Every corner where it was clicked (to a fraction of a pixel), in either order.
        for (lon, lat) in corners {
            assert!(
                p.exterior()
                    .0
                    .iter()
                    .any(|c| (c.x - lon).abs() < 1e-4 && (c.y - lat).abs() < 1e-4),
                "{lon} {lat} not in {:?}",
                p.exterior()
            );
        }
        // Its problems show in the form: nothing is filled in yet.
        assert!(
            s.data
                .issues
                .iter()
                .any(|i| i.feature_id() == Some(id.as_str()) && i.field == "name_zh")
        );
    }

    // The form: id, name_zh, name_en, status_note, source, aliases, note.
    fill(&mut h, 1, "横琴");
    fill(&mut h, 2, "Test area on Hengqin");
    fill(&mut h, 4, "drawn in a test");
    {
        let p = h.state().data.place(&id).unwrap();
        assert_eq!(p.name_zh, "横琴");
        assert_eq!(p.name_en, "Test area on Hengqin");
        assert_eq!(
            p.source(),
            "drawn in a test",
            "{:?}",
            h.state()
                .history
                .undo
                .iter()
                .map(|(l, _)| l.clone())
                .collect::<Vec<_>>()
        );
    }
    // The id proposed from the English name.
    h.get_by_label("Use \"test-area-on-hengqin\"").click();
    h.run_steps(3);
    let id = "test-area-on-hengqin".to_string();
    assert_eq!(h.state().view.selected.as_deref(), Some(id.as_str()));

    // The clause picker suggests the clauses that contain 横琴; link the first.
    let suggestions =
        gba_atlas::ui::form::suggestions(h.state(), h.state().data.place(&id).unwrap());
    let (n, name) = suggestions.first().cloned().expect("suggestions");
    assert_eq!(name, "横琴");
    h.get_all_by_label("Link with \"横琴\"")
        .next()
        .unwrap()
        .scroll_to_me();
    h.run_steps(3);
    h.get_all_by_label("Link with \"横琴\"")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    {
        let p = h.state().data.place(&id).unwrap();
        assert_eq!(p.quotes_in(n), ["横琴".to_string()]);
        let errors: Vec<String> = h
            .state()
            .data
            .issues
            .iter()
            .filter(|i| i.feature_id() == Some(id.as_str()) && !i.is_warning())
            .map(|i| i.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    // Save, and read the file again from disk: the same feature.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(
        h.state().data.dirty_files().is_empty(),
        "{:?}",
        h.state().confirm
    );
    let plan = Plan::bundled().unwrap();
    let again = Dataset::load(&data, &plan).unwrap();
    assert_eq!(
        again.place(&id).unwrap().raw(),
        h.state().data.place(&id).unwrap().raw()
    );
    assert_ne!(std::fs::read_to_string(&path).unwrap(), original);

    // Undo back to the start (outside the form), save: the original bytes.
    h.state_mut().apply(Command::Select(None));
    h.run_steps(2);
    let steps = h.state().history.undo.len();
    assert!(steps >= 6, "{steps} edits");
    for _ in 0..steps {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(1);
    }
    assert!(h.state().history.undo.is_empty());
    assert!(h.state().data.place(&id).is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

/// Presses at `from`, moves to `to` in steps, releases: a drag as the pointer makes it.
fn drag(h: &mut Harness<'_, AppState>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run_steps(2);
    h.event(Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
    for k in 1..=8 {
        let p = from + (to - from) * (k as f32 / 8.0);
        h.event(Event::PointerMoved(p));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(3);
}

#[test]
fn dragging_a_vertex_moves_it_and_not_the_map() {
    let (_dir, data) = bundled_copy();
    let mut h = harness_for(&data);
    let id = "qianhai-zone";
    h.state_mut().apply(Command::Select(Some(id.into())));
    h.state_mut().apply(Command::SetView {
        lon: 113.895,
        lat: 22.527,
        zoom: 14.0,
    });
    h.run_steps(2);
    h.key_press(Key::E);
    h.run_steps(2);
    h.get_by_label("Snap").click();
    h.run_steps(2);
    // A vertex well inside the map's part of the window (not under a panel).
    let map = h.state().map_rect.unwrap().shrink(60.0);
    let (v, at) = gba_atlas::edit::geometry::vertices(&h.state().data.place(id).unwrap().geometry)
        .into_iter()
        .find(|(_, c)| map.contains(screen(&h, c.x, c.y)))
        .expect("a vertex on screen");
    let center = h.state().center();
    let from = screen(&h, at.x, at.y);
    let to = from + egui::vec2(40.0, 25.0);
    drag(&mut h, from, to);
    // The map did not pan; the vertex is where the pointer let go.
    assert_eq!(h.state().center(), center);
    let moved = gba_atlas::edit::geometry::vertices(&h.state().data.place(id).unwrap().geometry)
        .into_iter()
        .find(|(w, _)| *w == v)
        .unwrap()
        .1;
    let p = screen(&h, moved.x, moved.y);
    assert!(p.distance(to) < 1.0, "{p:?} vs {to:?}");
    assert_eq!(h.state().history.undo.len(), 1);
    // A drag elsewhere still pans.
    let start = map.left_bottom() + egui::vec2(10.0, -10.0);
    drag(&mut h, start, start + egui::vec2(100.0, 0.0));
    assert_ne!(h.state().center(), center);
    assert_eq!(h.state().history.undo.len(), 1);
}
