//! Presenting: presentation mode, saved views, tours, languages, measuring — headless.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

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
    let shipped = ViewsFile::load(&data.join("views.json"))
        .unwrap()
        .views
        .len();
    assert_eq!(
        h.state().show.views.views.len(),
        shipped,
        "the bundled views are listed"
    );
    assert!(shipped < 9, "the new view gets a number key");
    let at = Command::SetView {
        lon: 113.89,
        lat: 22.52,
        zoom: 13.0,
    };
    h.state_mut().apply(at.clone());
    h.state_mut().apply(Command::SelectClause(Some(49)));
    h.state_mut().apply(at);
    h.state_mut()
        .apply(Command::Present(P::SaveView("Clause 49 at Qianhai".into())));
    let file = ViewsFile::load(&data.join("views.json")).unwrap();
    assert_eq!(file.views.len(), shipped + 1);
    let n = shipped;
    assert_eq!(file.views[n].name, "Clause 49 at Qianhai");
    assert_eq!(
        file.views[n].view,
        h.state().view,
        "the file holds the view as it was"
    );
    // Listed in the Views tab, with its number key.
    h.state_mut()
        .apply(Command::ShowTab(gba_atlas::app::Tab::Views));
    h.run_steps(2);
    let label = format!("{} Clause 49 at Qianhai", n + 1);
    assert!(h.query_by_label(&label).is_some(), "{label}");
    // Elsewhere, then back with its number key.
    h.state_mut().apply(Command::ResetView);
    h.state_mut().apply(Command::SelectClause(None));
    h.run_steps(2);
    let keys = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    h.key_press(keys[n]);
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
    h.state_mut().apply(Command::Present(P::DeleteView(n)));
    let file = ViewsFile::load(&data.join("views.json")).unwrap();
    assert_eq!(file.views.len(), shipped);
    assert!(file.views.iter().all(|v| v.name != "Clause 49 at Qianhai"));
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
    let i = h.state().show.views.find("Hong Kong").unwrap();
    h.state_mut().apply(Command::ResetView);
    h.run_steps(2);
    h.state_mut().apply(Command::Present(P::RecallView(i)));
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
    assert!(
        (lon - 114.17).abs() < 1e-6 && (lat - 22.3).abs() < 1e-6,
        "{lon} {lat} {}",
        h.state().view.map.zoom()
    );
}

#[test]
fn traditional_chinese_shows_macao_as_and_converts_the_interface() {
    let mut h = common::harness();
    h.state_mut()
        .apply(Command::Present(P::SetLang(Lang::ZhHant)));
    h.run_steps(2);
    let s = h.state();
    let i = s.place_index("macao").unwrap();
    assert_eq!(&*s.scene.places[i].hant(&s.data.places[i].name_zh), "澳門");
    // The tab named 图层 in Simplified is 圖層 here.
    assert!(h.query_by_label("圖層").is_some());
    assert!(h.query_by_label("Layers").is_none());
    // The plan is read converted, and says so.
    h.state_mut().apply(Command::SelectClause(Some(51)));
    h.run_steps(2);
    assert!(
        h.query_all_by_label("珠海橫琴").next().is_some(),
        "a highlighted name, converted"
    );
    assert!(
        h.query_by_label_contains("OpenCC").is_some(),
        "marked as a conversion"
    );
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

#[test]
fn the_bundled_views_and_tours_load_and_the_saved_tour_plays() {
    let mut h = common::harness();
    assert!(h.state().show.error.is_none(), "{:?}", h.state().show.error);
    assert!(h.state().show.views.views.len() >= 5);
    // Each bundled view is where its file says (centre and zoom beside the other fields).
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/views.json"),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (v, j) in h
        .state()
        .show
        .views
        .views
        .iter()
        .zip(json["views"].as_array().unwrap())
    {
        let at = v.view.map.detached().expect("a centre");
        assert!(
            (at.x() - j["center"][0].as_f64().unwrap()).abs() < 1e-9,
            "{}",
            v.name
        );
        assert!(
            (at.y() - j["center"][1].as_f64().unwrap()).abs() < 1e-9,
            "{}",
            v.name
        );
        assert!(
            (v.view.map.zoom() - j["zoom"].as_f64().unwrap()).abs() < 1e-9,
            "{}",
            v.name
        );
    }
    let name = h.state().show.tours.tours[0].name.clone();
    h.state_mut().apply(Command::Present(P::SetFly(false)));
    h.state_mut()
        .apply(Command::Present(P::StartTour { name, stop: 0 }));
    h.run_steps(2);
    assert_eq!(h.state().view.clause, Some(49));
    h.key_press(Key::Space);
    h.run_steps(2);
    assert_eq!(h.state().view.clause, Some(50));
}

#[test]
fn a_broken_views_file_is_named_and_nothing_else_is_lost() {
    let (_tmp, data) = common::bundled_copy();
    std::fs::write(data.join("views.json"), "{\"views\": [ {\"name\": 1} ]").unwrap();
    let s = gba_atlas::app::AppState::load(&data);
    let e = s.show.error.clone().unwrap();
    assert!(e.contains("views.json") && e.contains("1:"), "{e}");
    assert!(s.show.views.views.is_empty());
    assert!(!s.show.tours.tours.is_empty(), "the tours file still loads");
    assert_eq!(s.data.places.len(), 224);
}
