//! Image snapshots of the app, drawn by the crate's CPU renderer (`gba_atlas::render`) through
//! egui_kittest: no GPU, no Mesa, no display. The reference images are `tests/snapshots/*.png`;
//! `UPDATE_SNAPSHOTS=1 cargo test --test suite snapshots::` rewrites them (look at each before
//! committing it). A failure writes `{name}.new.png` and `{name}.diff.png` beside them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::harness_with_renderer;
use gba_atlas::app::Command;

#[test]
fn overview_of_the_bundled_data() {
    let mut h = harness_with_renderer();
    h.snapshot("overview");
}

#[test]
fn qianhai_at_zoom_13() {
    let mut h = harness_with_renderer();
    h.state_mut().apply(Command::SetView {
        lon: 113.885,
        lat: 22.522,
        zoom: 13.0,
    });
    h.run_steps(3);
    h.snapshot("qianhai_z13");
}

#[test]
fn clause_49_in_the_reader() {
    let mut h = harness_with_renderer();
    h.state_mut().apply(Command::SelectClause(Some(49)));
    h.run_steps(3);
    h.snapshot("clause_49");
}

#[test]
fn details_of_the_qianhai_zone() {
    let mut h = harness_with_renderer();
    h.state_mut()
        .apply(Command::Select(Some("qianhai-zone".into())));
    h.run_steps(3);
    h.snapshot("details_qianhai_zone");
}

#[test]
fn presentation_mode_on_a_clause() {
    use gba_atlas::app::PresentCommand;
    let mut h = harness_with_renderer();
    h.state_mut().apply(Command::SelectClause(Some(51)));
    h.state_mut()
        .apply(Command::Present(PresentCommand::SetPresenting(true)));
    h.run_steps(3);
    h.snapshot("present_clause_51");
}

fn clause_49_in(lang: gba_atlas::i18n::Lang, name: &str) {
    use gba_atlas::app::PresentCommand;
    let mut h = harness_with_renderer();
    h.state_mut()
        .apply(Command::Present(PresentCommand::SetLang(lang)));
    h.state_mut().apply(Command::SelectClause(Some(49)));
    h.run_steps(3);
    h.snapshot(name);
}

#[test]
fn clause_49_in_simplified_chinese() {
    clause_49_in(gba_atlas::i18n::Lang::ZhHans, "clause_49_zh_hans");
}

#[test]
fn clause_49_in_traditional_chinese() {
    clause_49_in(gba_atlas::i18n::Lang::ZhHant, "clause_49_zh_hant");
}
