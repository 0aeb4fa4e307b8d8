//! What a planner trips over, driven headless: search results, Esc, the details panel's scroll,
//! going to a point, picking under a click, reload feedback, the key help, wheel zoom and a map
//! that stays put when a panel opens.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{click_at, harness, screen_pos_of};
use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gba_atlas::app::{AppState, Command, MAX_FOCUS_ZOOM};
use gba_atlas::data::Kind;
use gba_atlas::map::{HitClass, hits, to_merc};

fn type_search(h: &mut Harness<'_, AppState>, text: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    // Select what is there and replace it, as a user does.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.event(Event::Text(text.to_string()));
    h.run_steps(4);
}

fn results_height(h: &Harness<'_, AppState>) -> f32 {
    let id = egui::Id::unique(gba_atlas::ui::search_box::RESULTS_ID);
    h.ctx
        .memory(|m| m.area_rect(id))
        .map(|r| r.height())
        .unwrap_or(0.0)
}

#[test]
fn search_results_grow_again_after_a_short_list() {
    let mut h = harness();
    type_search(&mut h, "49");
    assert!(h.state().search.open);
    let short = results_height(&h);
    type_search(&mut h, "airport");
    let airports = h.state().search.results.len();
    assert!(airports >= 10, "{airports} results for airport");
    let tall = results_height(&h);
    // Ten rows or more need far more than the one-result list had (a row is ~18 px).
    assert!(
        tall > short + 120.0 && tall > 200.0,
        "results list {short} px, then {tall} px for {airports} results"
    );
}

#[test]
fn esc_and_a_map_click_close_the_search_results() {
    let mut h = harness();
    type_search(&mut h, "airport");
    assert!(h.state().search.open);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().search.open, "Esc closes the results");

    type_search(&mut h, "airport");
    assert!(h.state().search.open);
    let t = h.state().transform.expect("frame");
    click_at(&mut h, t.to_screen(to_merc(114.3, 21.9)));
    assert!(
        !h.state().search.open,
        "a click on the map closes the results"
    );
}

#[test]
fn esc_closes_the_topmost_thing_one_press_at_a_time() {
    let mut h = harness();
    h.state_mut()
        .apply(Command::Select(Some("hong-kong".into())));
    h.state_mut().apply(Command::SelectClause(Some(5)));
    h.run_steps(2);
    type_search(&mut h, "港");
    assert!(h.state().search.open);
    h.state_mut()
        .apply(Command::ShowPick(Some(gba_atlas::app::Pick {
            at: Pos2::new(700.0, 400.0),
            ids: vec!["hong-kong".into(), "shenzhen".into()],
        })));
    h.run_steps(2);

    let open = |s: &AppState| {
        (
            s.pick.is_some(),
            s.search.open,
            s.view.selected.is_some(),
            s.view.clause.is_some(),
        )
    };
    let mut seen = vec![open(h.state())];
    for _ in 0..4 {
        h.key_press(Key::Escape);
        h.run_steps(2);
        seen.push(open(h.state()));
    }
    assert_eq!(
        seen,
        [
            (true, true, true, true),
            (false, true, true, true),
            (false, false, true, true),
            (false, false, false, true),
            (false, false, false, false),
        ]
    );
}

#[test]
fn a_new_selection_opens_the_details_at_the_top() {
    let mut h = harness();
    let id = |h: &Harness<'_, AppState>, name: &str| {
        h.state()
            .data
            .places
            .iter()
            .find(|p| p.kind == Kind::CooperationZone && p.name_zh.contains(name))
            .map(|p| p.id.clone())
            .expect(name)
    };
    let hengqin = id(&h, "横琴");
    let nansha = id(&h, "南沙");
    h.state_mut().apply(Command::Select(Some(hengqin.clone())));
    h.run_steps(3);
    let name = h.state().data.place(&hengqin).unwrap().name_zh.clone();
    let top = h.get_by_label(&name).rect().top();
    // Scroll the details panel well down.
    for _ in 0..10 {
        h.get_by_label_contains("Named in").scroll_down();
        h.run_steps(1);
    }
    h.run_steps(3);
    let scrolled = h.get_by_label(&name).rect().top();
    assert!(scrolled < top - 100.0, "scrolled from {top} to {scrolled}");

    h.state_mut().apply(Command::Select(Some(nansha.clone())));
    h.run_steps(3);
    let name = h.state().data.place(&nansha).unwrap().name_zh.clone();
    let now = h.get_by_label(&name).rect().top();
    assert!((now - top).abs() < 2.0, "heading at {now}, was at {top}");
}

#[test]
fn going_to_a_point_shows_it_in_its_city() {
    let mut h = harness();
    let points: Vec<String> = h
        .state()
        .data
        .places
        .iter()
        .filter(|p| matches!(p.geometry, geo::Geometry::Point(_)))
        .map(|p| p.id.clone())
        .collect();
    assert!(points.len() > 20);
    for id in points {
        h.state_mut().apply(Command::ZoomToPlace(id.clone()));
        let z = h.state().view.map.zoom();
        assert!(z <= MAX_FOCUS_ZOOM + 1e-9, "{id}: zoom {z}");
        assert!(z >= 11.0, "{id}: zoom {z}");
    }
    // A search result that is a point: the city it is in still shows a good part of itself.
    type_search(&mut h, "宝安国际机场");
    h.key_press(Key::Enter);
    h.run_steps(3);
    let z = h.state().view.map.zoom();
    assert!(z <= MAX_FOCUS_ZOOM, "zoom {z}");
    let t = h.state().transform.expect("frame");
    let rect = h.state().map_rect.expect("map");
    let metres_per_px = 40_075_016.0 * 22.6f64.to_radians().cos() / t.scale;
    assert!(
        metres_per_px * rect.width() as f64 > 8_000.0,
        "{metres_per_px} m/px"
    );
}

#[test]
fn a_click_picks_the_most_specific_place() {
    let mut h = harness();
    // Inside Qianhai, away from the lines: the zone, not a railway or the city.
    let qianhai = common::zone_id(&h, "前海");
    h.state_mut().apply(Command::ZoomToPlace(qianhai.clone()));
    h.run_steps(3);
    let s = h.state();
    let t = s.transform.expect("frame");
    let emphasis = s.emphasis();
    let i = s.place_index(&qianhai).unwrap();
    let shape = s.scene.places[i].geometry.full().unwrap();
    let b = shape.bbox;
    // Probe a grid inside the zone's box for a spot with areas only under it (no point or line
    // symbol near): the click must not pick the city or a railway.
    let mut probe = None;
    'grid: for fx in [0.5, 0.4, 0.6, 0.3, 0.7] {
        for fy in [0.5, 0.4, 0.6, 0.3, 0.7] {
            let m = [
                b.min[0] + (b.max[0] - b.min[0]) * fx,
                b.min[1] + (b.max[1] - b.min[1]) * fy,
            ];
            let pos = t.to_screen(m);
            let found = hits(&s.scene, &t, pos, &emphasis);
            if found.iter().all(|h| h.class == HitClass::Area) && found.iter().any(|h| h.index == i)
            {
                probe = Some(pos);
                break 'grid;
            }
        }
    }
    let pos = probe.expect("a spot in Qianhai with only areas under it");
    click_at(&mut h, pos);
    // Qianhai and the Qianhai block of the free trade zone's Qianhai–Shekou area are drawn the
    // same: that is truly ambiguous, so the chooser may offer them — never Shenzhen, which is
    // far larger.
    let selected = h.state().view.selected.clone();
    assert_ne!(selected.as_deref(), Some("shenzhen"));
    if h.state().pick.is_some() || selected.as_deref() != Some(qianhai.as_str()) {
        let offered = h
            .state()
            .pick
            .as_ref()
            .map(|p| p.ids.clone())
            .unwrap_or_default();
        assert!(offered.contains(&qianhai), "{offered:?}");
        assert!(!offered.iter().any(|id| id == "shenzhen"), "{offered:?}");
        let p = h.state().data.place(&qianhai).unwrap();
        let row = format!("{}  {} · {}", p.name_zh, p.name_en, p.kind.label());
        h.get_by_label(&row).click();
        h.run_steps(3);
    }
    assert_eq!(h.state().view.selected.as_deref(), Some(qianhai.as_str()));
    assert!(h.state().pick.is_none());

    // A zone inside a city is not ambiguous: the zone wins with no chooser.
    let hits_at = |h: &Harness<'_, AppState>, pos: Pos2| {
        let s = h.state();
        hits(&s.scene, &s.transform.unwrap(), pos, &s.emphasis())
    };
    let found = hits_at(&h, pos);
    assert!(found.len() >= 2 && !gba_atlas::map::ambiguous(&found[found.len() - 2..]));

    // A point over an area wins at once.
    let airport = "shenzhen-baoan-international-airport".to_string();
    h.state_mut().apply(Command::ZoomToPlace(airport.clone()));
    h.run_steps(3);
    let pos = screen_pos_of(&h, &airport);
    click_at(&mut h, pos + vec2(2.0, 1.0));
    assert_eq!(h.state().view.selected.as_deref(), Some(airport.as_str()));
    assert!(h.state().pick.is_none());

    // Right-click lists everything there: the airport and the city it is in.
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(2);
    let offered = h
        .state()
        .pick
        .as_ref()
        .map(|p| p.ids.clone())
        .unwrap_or_default();
    assert_eq!(offered.first(), Some(&airport));
    assert!(offered.iter().any(|id| id == "shenzhen"), "{offered:?}");
}

#[test]
fn reload_says_what_it_did_and_a_fixed_problem_closes_its_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(data.join("places")).expect("mkdir");
    let cities = bundled.join("places/cities.geojson");
    std::fs::copy(&cities, data.join("places/cities.geojson")).expect("copy");
    std::fs::write(data.join("places/zones.geojson"), "{\"type\": ").expect("write");
    let mut h = common::harness_for(&data);
    h.get_by_label("1 data problem").click();
    h.run_steps(3);
    assert!(h.state().show_problems);

    // Fixed: F5 reloads, says so, and the problems window goes.
    std::fs::write(
        data.join("places/zones.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": []}",
    )
    .expect("write");
    h.key_press(Key::F5);
    h.run_steps(3);
    assert!(!h.state().show_problems);
    h.get_by_label_contains("Reloaded 11 places from 2 files · no problems");
}

#[test]
fn the_key_help_lists_the_shortcuts() {
    let mut h = harness();
    h.key_press(Key::F1);
    h.run_steps(2);
    assert!(h.state().show_key_help);
    for (keys, _) in gba_atlas::ui::keys::HELP {
        h.get_by_label(keys);
    }
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().show_key_help);
    // `?` opens it too (when no text field has the keyboard).
    h.event(Event::Text("?".into()));
    h.key_press(Key::Questionmark);
    h.run_steps(2);
    assert!(h.state().show_key_help);
}

#[test]
fn a_wheel_notch_zooms_half_a_level_at_the_pointer() {
    let mut h = harness();
    h.run_steps(2);
    let before = h.state().view.map.zoom();
    let rect = h.state().map_rect.expect("map");
    let at = rect.center() + vec2(150.0, 80.0);
    let t = h.state().transform.expect("frame");
    let under = t.to_merc(at);
    h.hover_at(at);
    h.run_steps(1);
    for _ in 0..2 {
        h.event(Event::MouseWheel {
            unit: MouseWheelUnit::Line,
            delta: vec2(0.0, 1.0),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.run_steps(1);
    }
    // egui spreads a notch over a few frames.
    h.run_steps(30);
    let after = h.state().view.map.zoom();
    assert!(
        (after - before - 1.0).abs() < 0.1,
        "two notches: {before} → {after}"
    );
    // What was under the pointer is still there.
    let t = h.state().transform.expect("frame");
    let moved = t.to_screen(under) - at;
    assert!(moved.length() < 2.0, "moved {moved:?}");
}

#[test]
fn the_map_stays_put_when_the_details_panel_opens() {
    let mut h = harness();
    h.state_mut().apply(Command::SetView {
        lon: 113.9,
        lat: 22.5,
        zoom: 11.0,
    });
    h.run_steps(3);
    let t = h.state().transform.expect("frame");
    let probe = to_merc(113.85, 22.55);
    let before = t.to_screen(probe);
    h.state_mut()
        .apply(Command::Select(Some("shenzhen".into())));
    h.run_steps(3);
    let after = h.state().transform.expect("frame").to_screen(probe);
    assert!(
        (after - before).length() < 1.0,
        "moved from {before:?} to {after:?}"
    );
}

#[test]
fn an_untouched_overview_refits_when_the_window_is_resized() {
    let mut h = harness();
    let z = h.state().view.map.zoom();
    h.set_size(vec2(1920.0, 1080.0));
    h.run_steps(3);
    assert!(
        h.state().view.map.zoom() > z + 0.3,
        "{z} → {}",
        h.state().view.map.zoom()
    );
}

#[test]
fn hovering_a_name_in_the_reader_highlights_its_place() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectClause(Some(51)));
    h.run_steps(3);
    let hengqin = common::zone_id(&h, "横琴");
    let i = h.state().place_index(&hengqin);
    let word = h
        .get_all_by_label("横琴")
        .next()
        .expect("a highlighted 横琴")
        .rect();
    h.hover_at(word.center());
    h.run_steps(2);
    assert_eq!(h.state().emphasis().hovered, i);
}
