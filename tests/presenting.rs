//! Presenting: presentation mode, saved views, tours, languages, measuring — headless.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use egui::Key;
use egui_kittest::kittest::Queryable;
use gba_atlas::app::{Command, PresentCommand as P};
use gba_atlas::i18n::Lang;
use gba_atlas::map::measure::MeasureKind;
use gba_atlas::present::ViewsFile;

#[test]
fn f11_enters_presentation_mode_and_esc_leaves_it() {
    let mut h = common::harness();
    assert!(h.query_by_label("Layers").is_some(), "the panel is there");
    h.key_press(Key::F11);
    h.run_steps(3);
    assert!(h.state().show.mode.is_some());
    // Every panel is hidden but the caption.
    assert!(h.query_by_label("Layers").is_none(), "the panel is hidden");
    assert!(
        h.query_by_label("Leave").is_some(),
        "the caption bar's button"
    );
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.state().show.mode.is_none());
    assert!(h.query_by_label("Layers").is_some());
}

#[test]
fn a_view_is_saved_listed_recalled_and_deleted_and_the_file_round_trips() {
    let (_tmp, data) = common::bundled_copy();
    let mut h = common::harness_for(&data);
    h.state_mut().apply(Command::Present(P::SetFly(false)));
    h.state_mut().apply(Command::SetView {
        lon: 113.89,
        lat: 22.52,
        zoom: 13.0,
    });
    h.state_mut().apply(Command::SelectClause(Some(49)));
    h.state_mut().apply(Command::SetView {
        lon: 113.89,
        lat: 22.52,
        zoom: 13.0,
    });
    h.state_mut()
        .apply(Command::Present(P::SaveView("前海 Qianhai".into())));
    let file = ViewsFile::load(&data.join("views.json")).unwrap();
    assert_eq!(file.views.len(), 1);
    assert_eq!(file.views[0].name, "前海 Qianhai");
    assert_eq!(
        file.views[0].view,
        h.state().view,
        "the file holds the view as it was"
    );
    // Listed in the Views tab.
    h.state_mut()
        .apply(Command::ShowTab(gba_atlas::app::Tab::Views));
    h.run_steps(2);
    assert!(h.query_by_label("1 前海 Qianhai").is_some());
    // Elsewhere, then back: key 1 goes to the first saved view.
    h.state_mut().apply(Command::ResetView);
    h.state_mut().apply(Command::SelectClause(None));
    h.run_steps(2);
    h.key_press(Key::Num1);
    h.run_steps(3);
    let (lon, lat) = h.state().center();
    assert!(
        (lon - 113.89).abs() < 1e-6 && (lat - 22.52).abs() < 1e-6,
        "{lon} {lat}"
    );
    assert!((h.state().view.map.zoom() - 13.0).abs() < 1e-6);
    assert_eq!(h.state().view.clause, Some(49));
    // A new app on the same data lists it again.
    let again = gba_atlas::app::AppState::load(&data);
    assert_eq!(again.show.views, file);
    h.state_mut().apply(Command::Present(P::DeleteView(0)));
    let file = ViewsFile::load(&data.join("views.json")).unwrap();
    assert!(file.views.is_empty());
}

#[test]
fn a_tour_of_section_ten_has_a_stop_per_mapped_clause_and_right_moves_on() {
    let mut h = common::harness();
    h.state_mut().apply(Command::Present(P::SetFly(false)));
    h.state_mut().apply(Command::Present(P::StartTour {
        name: "section:十".into(),
        stop: 0,
    }));
    h.run_steps(2);
    let s = h.state();
    let section = s.plan.sections.iter().find(|x| x.numeral == "十").unwrap();
    let mapped: Vec<u32> = section
        .clauses
        .iter()
        .copied()
        .filter(|n| s.data.places_citing(*n).next().is_some())
        .collect();
    let tour = &s.show.tour.as_ref().unwrap().tour;
    assert_eq!(
        tour.stops
            .iter()
            .map(|x| x.clause.unwrap())
            .collect::<Vec<_>>(),
        mapped
    );
    assert_eq!(s.view.clause, Some(mapped[0]));
    h.key_press(Key::ArrowRight);
    h.run_steps(3);
    assert_eq!(h.state().show.tour.as_ref().unwrap().stop, 1);
    assert_eq!(h.state().view.clause, Some(mapped[1]));
    // Presentation clickers send PageDown and PageUp.
    h.key_press(Key::PageDown);
    h.run_steps(2);
    assert_eq!(h.state().view.clause, Some(mapped[2]));
    h.key_press(Key::PageUp);
    h.run_steps(2);
    assert_eq!(h.state().view.clause, Some(mapped[1]));
}

#[test]
fn a_flight_lands_on_the_view() {
    let (_tmp, data) = common::bundled_copy();
    let mut h = common::harness_for(&data);
    h.state_mut().apply(Command::SetView {
        lon: 114.17,
        lat: 22.3,
        zoom: 12.0,
    });
    h.state_mut()
        .apply(Command::Present(P::SaveView("Hong Kong".into())));
    h.state_mut().apply(Command::ResetView);
    h.run_steps(2);
    h.state_mut().apply(Command::Present(P::RecallView(0)));
    assert!(h.state().show.flight.is_some(), "animated");
    // Run frames until it lands (each frame advances egui's clock).
    for _ in 0..400 {
        if h.state().show.flight.is_none() {
            break;
        }
        h.step();
    }
    assert!(h.state().show.flight.is_none(), "landed");
    let (lon, lat) = h.state().center();
    assert!((lon - 114.17).abs() < 1e-6 && (lat - 22.3).abs() < 1e-6);
}

#[test]
fn traditional_chinese_shows_macao_as_and_converts_the_interface() {
    let mut h = common::harness();
    h.state_mut()
        .apply(Command::Present(P::SetLang(Lang::ZhHant)));
    h.run_steps(2);
    let s = h.state();
    let i = s.place_index("macao").unwrap();
    assert_eq!(s.scene.places[i].name_hant, "澳門");
    // The tab named 图层 in Simplified is 圖層 here.
    assert!(h.query_by_label("圖層").is_some());
    assert!(h.query_by_label("Layers").is_none());
    h.state_mut()
        .apply(Command::Present(P::SetLang(Lang::ZhHans)));
    h.run_steps(2);
    assert!(h.query_by_label("图层").is_some());
}

#[test]
fn measuring_two_points_ten_km_apart_gives_ten_km() {
    let mut h = common::harness();
    h.state_mut()
        .apply(Command::Present(P::SetMeasure(Some(MeasureKind::Distance))));
    // 10 km due north along the meridian at 22.3°N (110 757 m per degree there).
    let dlat = 10_000.0 / 110_757.0;
    h.state_mut()
        .apply(Command::Present(P::MeasurePoint([114.17, 22.3])));
    h.state_mut()
        .apply(Command::Present(P::MeasurePoint([114.17, 22.3 + dlat])));
    let km = h.state().show.measure.as_ref().unwrap().value(None);
    assert!((km - 10.0).abs() < 0.01, "{km} km (10 km ± 0.1 %)");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().show.measure.is_none(), "Esc clears");
}
