//! The app driven headless with egui_kittest: the same UI code as the window, no display.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::{click_at, harness, screen_pos_of};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gba_atlas::app::{AppState, Command};
use gba_atlas::data::Kind;
use gba_atlas::map::to_merc;

/// Only the cities shown: other layers off, as a user would do in the layer panel.
fn only_cities(h: &mut Harness<'_, AppState>) {
    for &k in Kind::ALL {
        h.state_mut()
            .apply(Command::SetKindVisible(k, k == Kind::City));
    }
    h.run_steps(2);
}

#[test]
fn clicking_hong_kong_shows_its_clauses_with_the_name_highlighted() {
    let mut h = harness();
    only_cities(&mut h);
    let pos = screen_pos_of(&h, "hong-kong");
    click_at(&mut h, pos);
    assert_eq!(h.state().view.selected.as_deref(), Some("hong-kong"));

    // The details panel names the place and lists the clauses that name it: clause 5
    // (发挥极点带动作用) opens with 以香港、澳门.
    h.get_by_label("Hong Kong");
    h.get_by_label_contains("Named in");
    // Its text is shown only in the details panel (the reader's outline shows titles only).
    h.get_by_label_contains("以香港、澳门");
    let hk = h.state().data.place("hong-kong").expect("hk");
    assert!(hk.cites(5));
    assert!(hk.quotes_in(5).iter().any(|q| q == "香港"));
}

#[test]
fn clicking_the_sea_clears_the_selection() {
    let mut h = harness();
    only_cities(&mut h);
    let pos = screen_pos_of(&h, "macao");
    click_at(&mut h, pos);
    assert_eq!(h.state().view.selected.as_deref(), Some("macao"));
    // The South China Sea south of Lantau.
    let t = h.state().transform.expect("frame");
    let sea = t.to_screen(to_merc(113.95, 22.05));
    click_at(&mut h, sea);
    assert_eq!(h.state().view.selected, None);
}

#[test]
fn every_city_is_hit_at_its_label_point() {
    let mut h = harness();
    only_cities(&mut h);
    let ids: Vec<String> = h
        .state()
        .data
        .places
        .iter()
        .filter(|p| p.kind == Kind::City)
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(ids.len(), 11);
    for id in ids {
        let pos = screen_pos_of(&h, &id);
        h.hover_at(pos);
        h.run_steps(2);
        assert_eq!(
            h.state().hovered.as_deref(),
            Some(id.as_str()),
            "hover {id}"
        );
    }
}

#[test]
fn a_broken_file_is_reported_and_the_rest_still_shows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(data.join("places")).expect("mkdir");
    std::fs::copy(
        bundled.join("places/cities.geojson"),
        data.join("places/cities.geojson"),
    )
    .expect("copy");
    std::fs::write(
        data.join("places/zones.geojson"),
        "{\"type\": \"FeatureCollection\",",
    )
    .expect("write");
    let mut h = common::harness_for(&data);
    assert_eq!(h.state().data.places.len(), 11);
    h.get_by_label("1 data problem").click();
    h.run_steps(3);
    assert!(h.state().show_problems);
    h.get_by_label_contains("data/places/zones.geojson:1:");
}
