//! Map ↔ plan, driven headless: a zone's clause, a clause's places, search, layers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{click_at, harness, screen_pos_of};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gba_atlas::app::{AppState, Command};
use gba_atlas::data::Kind;
use gba_atlas::map::hit_test;

/// The cooperation zone whose Chinese name contains `name`.
fn zone_id(h: &Harness<'_, AppState>, name: &str) -> String {
    h.state()
        .data
        .places
        .iter()
        .find(|p| p.kind == Kind::CooperationZone && p.name_zh.contains(name))
        .map(|p| p.id.clone())
        .unwrap_or_else(|| panic!("no cooperation zone named {name}"))
}

#[test]
fn clicking_a_zone_shows_its_clause() {
    let mut h = harness();
    let nansha = zone_id(&h, "南沙");
    h.state_mut().apply(Command::ZoomToPlace(nansha.clone()));
    h.run_steps(3);
    let pos = screen_pos_of(&h, &nansha);
    click_at(&mut h, pos);
    // Points and lines over the zone come first; the zone is then one of the places offered.
    let s = h.state();
    let offered = s.pick.as_ref().map(|p| p.ids.clone()).unwrap_or_default();
    if s.view.selected.as_deref() != Some(nansha.as_str()) {
        assert!(offered.contains(&nansha), "{offered:?}");
        let p = s.data.place(&nansha).expect("zone");
        let row = format!("{}  {} · {}", p.name_zh, p.name_en, p.kind.label());
        h.get_by_label(&row).click();
        h.run_steps(3);
    }
    assert_eq!(h.state().view.selected.as_deref(), Some(nansha.as_str()));
    // Clause 50 is about Nansha; the details panel shows its text.
    assert!(h.state().data.place(&nansha).expect("zone").cites(50));
    h.get_by_label("（五十） 打造广州南沙粤港澳全面合作示范区");
}

#[test]
fn selecting_clause_49_selects_its_places() {
    let mut h = harness();
    h.get_by_label_contains("（四十九）").scroll_to_me();
    h.run_steps(3);
    h.get_by_label_contains("（四十九）").click();
    h.run_steps(3);
    let s = h.state();
    assert_eq!(s.view.clause, Some(49));
    let emphasised = s.emphasis().clause;
    let citing: Vec<usize> = s
        .data
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.cites(49))
        .map(|(i, _)| i)
        .collect();
    assert!(!citing.is_empty());
    assert_eq!(*emphasised, citing);
    let qianhai = zone_id(&h, "前海");
    assert!(citing.contains(&s.place_index(&qianhai).expect("qianhai")));
    // The view fits the clause's places: Qianhai is on screen.
    let pos = screen_pos_of(&h, &qianhai);
    assert!(
        pos.x > 380.0 && pos.x < 1280.0 && pos.y > 30.0 && pos.y < 800.0,
        "{pos:?}"
    );
    // The reader shows the clause with Qianhai's name as a clickable highlight.
    let quote = s.data.place(&qianhai).expect("q").quotes_in(49)[0].clone();
    let node = h.get_all_by_label(&quote).next().expect("highlighted name");
    node.click();
    h.run_steps(3);
    assert_eq!(h.state().view.selected.as_deref(), Some(qianhai.as_str()));
}

#[test]
fn searching_hengqin_finds_the_zone() {
    let mut h = harness();
    let hengqin = zone_id(&h, "横琴");
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    let input = h.get_by_role(Role::TextInput);
    assert!(input.is_focused());
    input.type_text("横琴");
    h.run_steps(3);
    let s = h.state();
    let first = s
        .search
        .results
        .places
        .first()
        .and_then(|&i| s.data.places.get(i));
    assert_eq!(first.map(|p| p.id.as_str()), Some(hengqin.as_str()));
    assert!(s.search.results.clauses.iter().any(|(n, _)| *n == 51));
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().view.selected.as_deref(), Some(hengqin.as_str()));
}

#[test]
fn toggling_a_layer_hides_it() {
    let mut h = harness();
    let hengqin = zone_id(&h, "横琴");
    h.get_by_label("Layers").click();
    h.run_steps(2);
    h.get_by_label(Kind::CooperationZone.label()).click();
    h.run_steps(2);
    let s = h.state();
    assert!(s.view.hidden_kinds.contains(&Kind::CooperationZone));
    let i = s.place_index(&hengqin).expect("hengqin");
    assert!(!s.emphasis().is_visible(i));
    // Nothing at its label point is the zone any more.
    let t = s.transform.expect("frame");
    let at = t.to_screen(s.scene.places[i].label_at);
    assert!(!hit_test(&s.scene, &t, at, &s.emphasis()).contains(&i));
}
