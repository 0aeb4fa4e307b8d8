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

/// The app at 1280×800 on the bundled data, in English whatever the machine's locale, in the light
/// theme the app sets at start (`ui::run`), with the crate's CPU renderer: `harness.snapshot(name)` compares with `tests/snapshots/{name}.png` and
/// needs no GPU, no Mesa and no display. Waits for the background geometry checks, so that what
/// they find cannot appear in one run's image and not in another's.
pub fn harness_with_renderer() -> Harness<'static, AppState> {
    let mut state = AppState::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    state.view.lang = gba_atlas::i18n::Lang::En;
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(gba_atlas::ui::install_fonts)
        .with_theme(egui::Theme::Light)
        .renderer(CpuRenderer::default())
        .build_ui_state(
            |ui, state: &mut AppState| gba_atlas::ui::show(ui, state),
            state,
        );
    let start = std::time::Instant::now();
    while h.state().background.is_some() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the background checks did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    h.run_steps(3);
    h
}

/// egui_kittest's renderer interface on [`gba_atlas::render::Renderer`], the CPU renderer the
/// app's export uses: the same pixels on every machine.
#[derive(Default)]
pub struct CpuRenderer(gba_atlas::render::Renderer);

impl egui_kittest::TestRenderer for CpuRenderer {
    fn handle_delta(&mut self, delta: &mut egui::TexturesDelta) {
        self.0.update_textures(delta);
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        let ppp = output.pixels_per_point;
        let size = ctx.content_rect().size() * ppp;
        let size = [size.x.round() as u32, size.y.round() as u32];
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        let img = self.0.paint(&primitives, size, ppp);
        image::RgbaImage::from_raw(img.width, img.height, img.to_straight())
            .ok_or_else(|| format!("a {}×{} image of the wrong length", img.width, img.height))
    }
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
