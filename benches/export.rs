//! Speed of `gba-atlas export` and `gba-atlas atlas` on the bundled data, as the command line
//! runs them: load the data, draw, encode, write. Figures are recorded in `docs/benchmarks.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gba_atlas::export::Target;
use gba_atlas::export::atlas::{AtlasRequest, Paper, atlas};
use gba_atlas::export::run::{ExportRequest, export};
use gba_atlas::i18n::Lang;

fn benches(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tempfile::tempdir().unwrap();
    let request = |name: &str| ExportRequest {
        data_dir: data.clone(),
        target: Target::Whole,
        view_name: None,
        size: [1920, 1080],
        scale: 1.0,
        lang: None,
        title: None,
        out: dir.path().join(name),
        layers: Vec::new(),
    };

    let mut g = c.benchmark_group("export");
    g.sample_size(20);
    for name in ["whole.png", "whole.svg", "whole.pdf"] {
        let req = request(name);
        g.bench_function(
            format!("the whole bay area at 1920×1080 to {name}, load included"),
            |b| b.iter(|| export(&req).unwrap()),
        );
    }
    let mut hidpi = request("whole-4k.png");
    hidpi.scale = 2.0;
    g.bench_function(
        "the whole bay area at 3840×2160 (--scale 2) to PNG, load included",
        |b| b.iter(|| export(&hidpi).unwrap()),
    );
    g.finish();

    let mut g = c.benchmark_group("atlas");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    let req = AtlasRequest {
        data_dir: data.clone(),
        out: dir.path().join("atlas.pdf"),
        paper: Paper::A4,
        section: None,
        lang: Lang::ZhHans,
    };
    g.bench_function(
        "the whole plan's atlas (A4, every mapped clause) to PDF",
        |b| b.iter(|| atlas(&req).unwrap()),
    );
    g.finish();
}

criterion_group!(benches_group, benches);
criterion_main!(benches_group);
