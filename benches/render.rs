//! Speed of the headless CPU renderer (`gba_atlas::render`) on the whole app with the bundled
//! data: the overview, as the app starts. Figures are recorded in `docs/benchmarks.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use gba_atlas::app::AppState;
use gba_atlas::render::{Renderer, raw_input};

fn benches(c: &mut Criterion) {
    let mut state = AppState::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    state.view.lang = gba_atlas::i18n::Lang::En;
    let ctx = egui::Context::default();
    gba_atlas::ui::install_fonts(&ctx);
    let mut renderer = Renderer::new();

    for (size, ppp) in [([1280, 800], 1.0), ([1920, 1080], 1.0)] {
        let [w, h] = size;
        // Settle the layout and the font atlas first.
        renderer.run(&ctx, size, ppp, 3, |ui| gba_atlas::ui::show(ui, &mut state));

        c.bench_function(
            &format!("render the app, {w}×{h}: egui pass, tessellation, rasterising"),
            |b| {
                b.iter(|| {
                    renderer.run(&ctx, size, ppp, 1, |ui| gba_atlas::ui::show(ui, &mut state))
                })
            },
        );

        let mut output = ctx.run_ui(raw_input(size, ppp), |ui| {
            gba_atlas::ui::show(ui, &mut state)
        });
        renderer.update_textures(&mut output.textures_delta);
        let primitives =
            ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        let triangles: usize = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.indices.len() / 3,
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        c.bench_function(
            &format!("rasterise only, {w}×{h} ({triangles} triangles)"),
            |b| b.iter(|| renderer.paint(black_box(&primitives), size, ppp)),
        );

        let image = renderer.paint(&primitives, size, ppp);
        c.bench_function(&format!("encode the PNG, {w}×{h}"), |b| {
            b.iter(|| black_box(&image).to_png().unwrap())
        });
    }
}

criterion_group!(benches_group, benches);
criterion_main!(benches_group);
