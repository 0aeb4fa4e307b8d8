//! Shared helpers for the headless UI tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use gba_atlas::app::AppState;

/// The app at 1280×800 on the data in `dir`, after its first frames.
pub fn harness_for(dir: &Path) -> Harness<'static, AppState> {
    let state = AppState::load(dir);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(gba_atlas::ui::install_fonts)
        .build_ui_state(
            |ui, state: &mut AppState| gba_atlas::ui::show(ui, state),
            state,
        );
    h.run_steps(3);
    h
}

/// The app on the bundled data.
pub fn harness() -> Harness<'static, AppState> {
    harness_for(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

/// A left click at a screen position, as a user makes it (hover, press, release).
pub fn click_at(h: &mut Harness<'_, AppState>, pos: Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(2);
}

/// Screen position of a place's label point in the last frame.
pub fn screen_pos_of(h: &Harness<'_, AppState>, id: &str) -> Pos2 {
    let s = h.state();
    let i = s.place_index(id).expect("place");
    let at = s.scene.places[i].label_at;
    s.transform.expect("a frame was drawn").to_screen(at)
}

/// The id of the cooperation zone whose Chinese name contains `name`.
pub fn zone_id(h: &Harness<'_, AppState>, name: &str) -> String {
    h.state()
        .data
        .places
        .iter()
        .find(|p| p.kind == gba_atlas::data::Kind::CooperationZone && p.name_zh.contains(name))
        .map(|p| p.id.clone())
        .unwrap_or_else(|| panic!("no cooperation zone named {name}"))
}

/// A copy of the bundled data directory in a temporary directory (keep the `TempDir`).
pub fn bundled_copy() -> (tempfile::TempDir, std::path::PathBuf) {
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
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
    (dir, data)
}
