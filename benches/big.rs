//! Speed with big files opened beside the data (issue 12): the files of
//! `../shared/bench/make_data.py`, read from `$GBA_BENCH_DATA` (default `/tmp/bench-data`;
//! write them with `python3 ../shared/bench/make_data.py /tmp/bench-data`). Skipped, with a
//! message, when they are not there. Figures are recorded in `docs/benchmarks.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, pos2, vec2};
use gba_atlas::data::{Checks, Dataset};
use gba_atlas::map::{Emphasis, MapTransform, Scene, hit_test, paint, to_merc};
use gba_atlas::plan::Plan;

fn bench_data() -> PathBuf {
    std::env::var_os("GBA_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/bench-data"))
}

/// One egui pass that paints the map, then its tessellation: a frame's CPU work before the GPU.
fn frame(ctx: &egui::Context, scene: &Scene, ds: &Dataset, t: &MapTransform) -> usize {
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
    let input = egui::RawInput {
        screen_rect: Some(rect),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| {
        paint(
            ui.painter(),
            rect,
            t,
            scene,
            &ds.places,
            &Emphasis::default(),
        );
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn with_layer(file: &Path) -> (Dataset, Scene) {
    let plan = Plan::bundled().expect("plan");
    // As the app loads (the polygon validity test is deferred to a background thread).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut ds = Dataset::load_with(&dir, &plan, Checks::App).expect("data");
    ds.open_layer(file).expect("layer");
    let scene = Scene::build(&ds);
    (ds, scene)
}

fn benches(c: &mut Criterion) {
    let dir = bench_data();
    let (big, points) = (
        dir.join("synthetic_100k.geojson"),
        dir.join("synthetic_1m_points.geojson"),
    );
    if !big.exists() || !points.exists() {
        eprintln!(
            "benches/big: {} has not the files; write them with `python3 ../shared/bench/make_data.py {}`",
            dir.display(),
            dir.display()
        );
        return;
    }
    let ctx = egui::Context::default();
    gba_atlas::ui::install_fonts(&ctx);
    let center = pos2(640.0, 400.0);

    c.bench_function("open the 100k layer and prepare the scene", |b| {
        b.iter(|| with_layer(black_box(&big)))
    });
    let (ds, scene) = with_layer(&big);
    let views = [
        ("100k layer: frame at the overview (zoom 8.3)", 8.3),
        ("100k layer: frame at zoom 12", 12.0),
    ];
    for (name, zoom) in views {
        let t = MapTransform::new(to_merc(113.75, 22.75), zoom, center);
        frame(&ctx, &scene, &ds, &t);
        c.bench_function(name, |b| b.iter(|| frame(&ctx, &scene, &ds, &t)));
        let at = pos2(700.0, 420.0);
        c.bench_function(&format!("{name}: hover hit test"), |b| {
            b.iter(|| hit_test(&scene, &t, black_box(at), &Emphasis::default()))
        });
    }
    drop((ds, scene));

    let (ds, scene) = with_layer(&points);
    for (name, zoom) in [
        ("1M points: frame at the overview (zoom 8.3)", 8.3),
        ("1M points: frame at zoom 14", 14.0),
    ] {
        let t = MapTransform::new(to_merc(113.75, 22.75), zoom, center);
        frame(&ctx, &scene, &ds, &t);
        c.bench_function(name, |b| b.iter(|| frame(&ctx, &scene, &ds, &t)));
    }
}

criterion_group! {
    name = big;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(big);
