//! `gba-atlas export`: PNG, SVG and PDF of the bundled data, drawn headless.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{Pos2, Rect};
use gba_atlas::app::{AppState, Command};
use gba_atlas::data::Kind;
use gba_atlas::export::run::{
    ExportError, ExportRequest, Format, PAGE_PASSES, export, prepare, render_page, render_page_with,
};
use gba_atlas::export::{Page, Target, free_area, page_transform};
use gba_atlas::i18n::Lang;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn request(target: Target, out: &Path) -> ExportRequest {
    ExportRequest {
        data_dir: data(),
        target,
        view_name: None,
        size: [1920, 1080],
        scale: 1.0,
        lang: None,
        title: None,
        out: out.to_path_buf(),
        layers: Vec::new(),
    }
}

fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    buf.truncate(info.buffer_size());
    // Opaque pages are written as RGB: expanded here, so every test reads RGBA.
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

/// The kinds of the places a page shows, worked out from the data: every place the view draws
/// whose extent reaches into the page.
fn kinds_on_page(state: &AppState, page: &Page, rect: Rect) -> Vec<Kind> {
    let t = page_transform(state, page, rect);
    let emphasis = state.emphasis();
    let mut kinds = BTreeSet::new();
    for (i, p) in state.data.places.iter().enumerate() {
        if !emphasis.is_visible(i) {
            continue;
        }
        let b = state.scene.places[i].geometry.bbox();
        let (a, c) = (t.to_screen(b.min), t.to_screen(b.max));
        let screen = Rect::from_two_pos(a, c);
        if screen.intersects(rect) {
            kinds.insert(p.kind);
        }
    }
    Kind::ALL
        .iter()
        .copied()
        .filter(|k| kinds.contains(k))
        .collect()
}

#[test]
fn png_of_the_whole_bay_area_has_its_size_is_not_blank_and_its_legend_is_what_it_shows() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("gba.png");
    let done = export(&request(Target::Whole, &out)).expect("export");
    assert_eq!(done.format, Format::Png);
    let bytes = std::fs::read(&out).expect("written");
    assert_eq!(bytes, done.bytes);
    let (w, h, pixels) = decode(&bytes);
    assert_eq!((w, h), (1920, 1080));
    // Not blank: many colours (land, sea, eleven city fills, labels).
    let colours: BTreeSet<&[u8]> = pixels.chunks_exact(4).collect();
    assert!(colours.len() > 1000, "{} colours", colours.len());
    // Opaque everywhere: a picture to paste, not a cut-out.
    assert!(pixels.chunks_exact(4).all(|p| p[3] == 255));

    let mut state = AppState::load(&data());
    let page = prepare(&mut state, &request(Target::Whole, &out)).expect("page");
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1920.0, 1080.0));
    assert_eq!(done.legend, kinds_on_page(&state, &page, rect));
    assert!(done.legend.contains(&Kind::City));
    assert!(done.legend.contains(&Kind::Airport));
    // Guangdong's other cities are hidden at start: not drawn, not in the legend.
    assert!(!done.legend.contains(&Kind::Prefecture));
}

#[test]
fn a_hidden_kind_leaves_the_legend_and_a_small_box_shows_few_kinds() {
    let mut state = AppState::load(&data());
    let page = Page {
        target: Target::Whole,
        title: None,
        lang: Lang::En,
    };
    let all = render_page(&state, &page, Format::Png, [800, 600], 1.0)
        .expect("export")
        .legend;
    assert!(all.contains(&Kind::Airport));
    state.apply(Command::SetKindVisible(Kind::Airport, false));
    let without = render_page(&state, &page, Format::Png, [800, 600], 1.0)
        .expect("export")
        .legend;
    let expected: Vec<Kind> = all
        .iter()
        .copied()
        .filter(|k| *k != Kind::Airport)
        .collect();
    assert_eq!(without, expected);

    // Around Hong Kong International Airport only.
    let page = Page {
        target: Target::BBox([113.90, 22.29, 113.96, 22.33]),
        title: None,
        lang: Lang::En,
    };
    let state = AppState::load(&data());
    let legend = render_page(&state, &page, Format::Png, [800, 600], 1.0)
        .expect("export")
        .legend;
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0));
    assert_eq!(legend, kinds_on_page(&state, &page, rect));
    assert!(legend.contains(&Kind::Airport), "{legend:?}");
    assert!(legend.len() < all.len(), "{legend:?}");
}

#[test]
fn a_clause_page_fits_its_places_clear_of_title_legend_and_bottom_band() {
    for n in [49, 51, 17] {
        let mut state = AppState::load(&data());
        let dir = tempfile::tempdir().expect("tmp");
        let req = request(Target::Clause(n), &dir.path().join("c.png"));
        let page = prepare(&mut state, &req).expect("page");
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1920.0, 1080.0));
        let t = page_transform(&state, &page, rect);
        let free = free_area(rect).expand(1.0);
        let mut seen = 0;
        for (i, p) in state.data.places.iter().enumerate() {
            if !p.cites(n) {
                continue;
            }
            let b = state.scene.places[i].geometry.bbox();
            let screen = Rect::from_two_pos(t.to_screen(b.min), t.to_screen(b.max));
            assert!(
                free.contains_rect(screen),
                "clause {n}: {} at {screen:?} is outside {free:?}",
                p.id
            );
            seen += 1;
        }
        assert!(seen > 0, "clause {n} has places");
    }
}

#[test]
fn one_egui_pass_draws_a_page_exactly_as_three_do() {
    // Exports run one pass (a page is painted, not laid out); the renderer's default for UIs is
    // several, so that sizes measured in one pass settle in the next.
    assert_eq!(PAGE_PASSES, 1);
    for (target, lang) in [
        (Target::Whole, Lang::ZhHans),
        (Target::Clause(49), Lang::En),
    ] {
        let mut s = AppState::load(&data());
        let mut req = request(target, Path::new("unused.png"));
        req.lang = Some(lang);
        let page = prepare(&mut s, &req).expect("page");
        for format in [Format::Png, Format::Svg] {
            let one = render_page_with(&s, &page, format, [800, 500], 1.0, 1).expect("1 pass");
            let three = render_page_with(&s, &page, format, [800, 500], 1.0, 3).expect("3 passes");
            assert!(
                one.bytes == three.bytes,
                "{format:?} of {:?} differs with 1 and 3 passes",
                page.target
            );
            assert_eq!(one.legend, three.legend);
        }
    }
}

#[test]
fn scale_two_doubles_the_pixels_of_the_same_layout() {
    let state = AppState::load(&data());
    let page = Page {
        target: Target::Place("qianhai-zone".into()),
        title: None,
        lang: Lang::ZhHans,
    };
    let one = render_page(&state, &page, Format::Png, [640, 400], 1.0).expect("export");
    let two = render_page(&state, &page, Format::Png, [640, 400], 2.0).expect("export");
    assert_eq!(one.size, [640, 400]);
    assert_eq!(two.size, [1280, 800]);
    assert_eq!(decode(&two.bytes).0, 1280);
    assert_eq!(one.legend, two.legend);
}

#[test]
fn svg_and_pdf_carry_the_text_and_the_fonts() {
    let state = {
        let mut s = AppState::load(&data());
        s.apply(Command::SelectClause(Some(49)));
        s
    };
    let page = Page {
        target: Target::Clause(49),
        title: None,
        lang: Lang::ZhHans,
    };
    let svg = render_page(&state, &page, Format::Svg, [1280, 800], 1.0).expect("svg");
    let text = String::from_utf8(svg.bytes).expect("utf-8");
    assert!(text.starts_with("<?xml"));
    assert!(text.contains("width=\"1280\" height=\"800\""));
    // The title is text to find, and drawn with embedded glyph outlines.
    assert!(text.contains("优化提升深圳前海深港现代服务业合作区功能"));
    assert!(text.contains("<path id=\"g"));

    let pdf = render_page(&state, &page, Format::Pdf, [1280, 800], 1.0).expect("pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let body = String::from_utf8_lossy(&pdf.bytes);
    // Embedded font programs (the CJK font is CFF: FontFile3; Ubuntu is TrueType: FontFile2).
    assert!(body.contains("/FontFile3"), "no embedded CFF font");
    assert!(body.contains("/FontFile2"), "no embedded TrueType font");
    // 1280 CSS pixels are 960 points.
    assert!(body.contains("/MediaBox[0 0 960 600]"), "media box");
}

#[test]
fn bad_requests_are_named_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("x.png");
    let err = |target: Target| export(&request(target, &out)).expect_err("an error");
    assert!(matches!(err(Target::Clause(0)), ExportError::Target(m) if m.contains("no clause 0")));
    assert!(
        matches!(err(Target::Clause(1)), ExportError::Target(m) if m.contains("names no place"))
    );
    assert!(
        matches!(err(Target::Place("atlantis".into())), ExportError::Target(m) if m.contains("atlantis"))
    );
    assert!(matches!(
        err(Target::BBox([114.0, 22.0, 113.0, 23.0])),
        ExportError::Target(_)
    ));
    let mut req = request(Target::Whole, &dir.path().join("x.jpg"));
    assert!(matches!(export(&req), Err(ExportError::Format(_))));
    req.out = out.clone();
    req.view_name = Some("no such view".into());
    assert!(matches!(export(&req), Err(ExportError::Target(m)) if m.contains("no such view")));
    req.view_name = None;
    req.size = [100_000, 10];
    assert!(matches!(export(&req), Err(ExportError::Size(..))));
    assert!(!out.exists());
}

#[test]
fn a_saved_view_brings_its_place_and_language() {
    let dir = tempfile::tempdir().expect("tmp");
    let state = AppState::load(&data());
    let name = state.show.views.views[1].name.clone();
    let mut req = request(Target::Whole, &dir.path().join("v.png"));
    req.view_name = Some(name.clone());
    let mut state = AppState::load(&data());
    let page = prepare(&mut state, &req).expect("page");
    let saved = &state.show.views.views[1];
    let (lon, lat) = (
        saved.view.map.detached().map(|p| p.x()),
        saved.view.map.detached().map(|p| p.y()),
    );
    match page.target {
        Target::View {
            lon: l,
            lat: a,
            zoom,
        } => {
            assert!((Some(l) == lon) && (Some(a) == lat), "{name}");
            assert_eq!(zoom, saved.view.map.zoom());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(Some(page.lang), saved.lang.or(Some(Lang::ZhHans)));
}

#[test]
fn ctrl_e_in_the_app_writes_what_the_command_line_writes_for_the_same_view() {
    use gba_atlas::export::run::ExportSettings;
    let dir = tempfile::tempdir().expect("tmp");
    let mut state = AppState::load(&data());
    state.apply(Command::SetView {
        lon: 113.9,
        lat: 22.53,
        zoom: 12.0,
    });
    state.apply(Command::Present(gba_atlas::app::PresentCommand::SetLang(
        Lang::En,
    )));
    let app_out = dir.path().join("app.png");
    state.apply(Command::ShowExportWindow(Some(ExportSettings::default())));
    state.apply(Command::ExportMap(ExportSettings {
        size: [800, 500],
        path: app_out.display().to_string(),
        ..ExportSettings::default()
    }));
    assert!(state.export_window.is_none(), "the window closes");
    let (lon, lat) = state.center();
    let mut req = request(
        Target::View {
            lon,
            lat,
            zoom: state.view.map.zoom(),
        },
        &dir.path().join("cli.png"),
    );
    req.size = [800, 500];
    req.lang = Some(Lang::En);
    let cli = export(&req).expect("export");
    let app = std::fs::read(&app_out).expect("the app wrote its file");
    assert_eq!(app, cli.bytes);
}

#[test]
fn a_layer_given_to_export_is_drawn_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    // A square of points on Qianhai, drawn at zoom 13 where each is drawn.
    let features: Vec<serde_json::Value> = (0..400)
        .map(|i| {
            serde_json::json!({"type": "Feature", "properties": {"name": format!("s{i}")},
                "geometry": {"type": "Point", "coordinates": [
                    113.88 + (i % 20) as f64 * 0.002, 22.50 + (i / 20) as f64 * 0.002]}})
        })
        .collect();
    let layer = dir.path().join("stops.geojson");
    std::fs::write(
        &layer,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .expect("write");
    let target = || Target::View {
        lon: 113.9,
        lat: 22.52,
        zoom: 13.0,
    };
    let plain = export(&request(target(), &dir.path().join("plain.png"))).expect("export");
    let mut req = request(target(), &dir.path().join("layer.png"));
    req.layers = vec![layer];
    let with = export(&req).expect("export with a layer");
    let (_, _, a) = decode(&plain.bytes);
    let (_, _, b) = decode(&with.bytes);
    let changed = a
        .chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| p != q)
        .count();
    assert!(changed > 2000, "{changed} pixels changed");

    req.layers = vec![dir.path().join("missing.geojson")];
    req.out = dir.path().join("bad.png");
    assert!(matches!(export(&req), Err(ExportError::Data(m)) if m.contains("missing.geojson")));
    assert!(!req.out.exists());
}
