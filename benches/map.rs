//! Speed of what the app does on load and per frame, on the bundled data.
//! Figures are recorded in `docs/benchmarks.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, pos2, vec2};
use gba_atlas::data::{Checks, Dataset};
use gba_atlas::map::{Emphasis, MapTransform, Scene, hit_test, paint, to_merc};
use gba_atlas::plan::Plan;

fn data() -> (Plan, Dataset) {
    let plan = Plan::bundled().expect("plan");
    let ds =
        Dataset::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &plan).expect("data");
    (plan, ds)
}

/// One egui pass that paints the map at a view, then egui's tessellation of it: the CPU work of
/// a frame before the GPU.
fn frame(ctx: &egui::Context, scene: &Scene, ds: &Dataset, t: &MapTransform) -> usize {
    frame_with(ctx, scene, ds, t, &Emphasis::default())
}

fn frame_with(
    ctx: &egui::Context,
    scene: &Scene,
    ds: &Dataset,
    t: &MapTransform,
    emphasis: &Emphasis,
) -> usize {
    let rect = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
    let input = egui::RawInput {
        screen_rect: Some(rect),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| {
        paint(ui.painter(), rect, t, scene, &ds.places, emphasis);
    });
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    prims.len()
}

fn benches(c: &mut Criterion) {
    c.bench_function("parse the plan", |b| {
        b.iter(|| Plan::bundled().expect("plan"))
    });
    let (plan, ds) = data();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    c.bench_function("load data/ as `check` does (every check)", |b| {
        b.iter(|| Dataset::load_with(&dir, &plan, Checks::Full).expect("data"))
    });
    c.bench_function("load data/ as the app does at start", |b| {
        b.iter(|| Dataset::load_with(&dir, &plan, Checks::App).expect("data"))
    });
    c.bench_function("prepare the scene (project, simplify, triangulate)", |b| {
        b.iter(|| Scene::build(black_box(&ds)))
    });

    let scene = Scene::build(&ds);
    let ctx = egui::Context::default();
    gba_atlas::ui::install_fonts(&ctx);
    let center = pos2(640.0, 400.0);
    let views = [
        (
            "frame: whole bay area (zoom 8.3)",
            to_merc(113.75, 22.75),
            8.3,
        ),
        ("frame: Guangdong (zoom 6.5)", to_merc(113.5, 23.3), 6.5),
        (
            "frame: Shenzhen Bay (zoom 13)",
            to_merc(114.03, 22.50),
            13.0,
        ),
    ];
    for (name, at, zoom) in views {
        let t = MapTransform::new(at, zoom, center);
        frame(&ctx, &scene, &ds, &t); // fonts and caches warm
        c.bench_function(name, |b| b.iter(|| frame(&ctx, &scene, &ds, &t)));
    }
    let t = MapTransform::new(to_merc(113.75, 22.75), 8.3, center);
    let basemap_only = Emphasis {
        visible: vec![false; ds.places.len()].into(),
        ..Default::default()
    };
    c.bench_function("frame: whole bay area, basemap only", |b| {
        b.iter(|| frame_with(&ctx, &scene, &ds, &t, &basemap_only))
    });
    let hk = t.lon_lat_to_screen(114.14, 22.38);
    c.bench_function("hit test (hover) at overview", |b| {
        b.iter(|| hit_test(&scene, &t, black_box(hk), &Emphasis::default()))
    });

    // An edit: one zone's vertex moved, and the scene brought in step (only that zone is
    // prepared again), against preparing the whole scene.
    let mut doc = ds;
    let mut scene = Scene::build(&doc);
    let id = "qianhai-zone";
    let v = gba_atlas::edit::geometry::vertices(&doc.place(id).expect("zone").geometry)[0];
    let mut k = 0.0;
    c.bench_function(
        "edit: move a vertex of a zone, apply, sync the scene",
        |b| {
            b.iter(|| {
                k += 1e-6;
                let to = geo::Coord {
                    x: v.1.x + k,
                    y: v.1.y,
                };
                let (_, edit) = gba_atlas::edit::move_vertex(&doc, id, v.0, to).expect("edit");
                doc.apply(edit, &plan).expect("apply");
                scene.sync(&doc);
            })
        },
    );
    c.bench_function(
        "edit: move a vertex of a city and undo it, sync the scene",
        |b| {
            let v =
                gba_atlas::edit::geometry::vertices(&doc.place("macao").expect("macao").geometry)
                    [0];
            b.iter(|| {
                let (_, edit) =
                    gba_atlas::edit::move_vertex(&doc, "macao", v.0, v.1).expect("edit");
                let inverse = doc.apply(edit, &plan).expect("apply");
                doc.apply(inverse, &plan).expect("undo");
                scene.sync(&doc);
            })
        },
    );
}

criterion_group! {
    name = map;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(map);
