//! Any GeoJSON opened beside the data: drawn, its properties shown, schema problems as warnings,
//! another CRS refused clearly; the attribute table; export as GeoJSON.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::harness;
use egui_kittest::kittest::Queryable as _;
use gba_atlas::app::{Command, ExportWhat};
use serde_json::json;

fn write(dir: &std::path::Path, name: &str, v: serde_json::Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

/// The app's state on the bundled data, with no window.
fn bundled() -> gba_atlas::app::AppState {
    gba_atlas::app::AppState::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
}

fn stops() -> serde_json::Value {
    json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NAME": "Bus stop Alpha", "routes": [1, 2], "height": 3.5},
         "geometry": {"type": "Point", "coordinates": [114.05, 22.54]}},
        {"type": "Feature", "properties": {"NAME": "Bus stop Beta", "height": 12},
         "geometry": {"type": "Point", "coordinates": [114.06, 22.55]}},
        {"type": "Feature", "properties": {"NAME": "No position"}, "geometry": null}
    ]})
}

#[test]
fn a_plain_geojson_opens_with_its_properties_and_its_problems_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stops.geojson", stops());
    let mut h = harness();
    let before = h.state().data.places.len();
    h.state_mut().apply(Command::OpenLayer(path.clone()));
    // Read in the background; the window adds it when read.
    let started = std::time::Instant::now();
    while !h.state().loads.is_empty() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the layer was never added"
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    h.run_steps(3);
    let s = h.state();
    assert_eq!(s.data.places.len(), before + 2);
    let alpha = s.data.place("stops/0").expect("first feature");
    assert_eq!(alpha.name_zh, "Bus stop Alpha");
    assert_eq!(alpha.properties().get("routes"), Some(&json!([1, 2])));
    // Drawn (whatever the kinds hidden at start), and its one broken feature is a warning.
    assert!(s.is_visible(alpha));
    let problems: Vec<_> = s
        .data
        .issues
        .iter()
        .filter(|i| i.file.ends_with("stops.geojson"))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].is_warning()
            && problems[0]
                .to_string()
                .contains("stops/2: warning: geometry: missing")
    );

    // Click it on the map: the details show its properties.
    h.state_mut().apply(Command::SetView {
        lon: 114.05,
        lat: 22.54,
        zoom: 14.0,
    });
    h.run_steps(3);
    let at = common::screen_pos_of(&h, "stops/0");
    common::click_at(&mut h, at);
    assert_eq!(h.state().view.selected.as_deref(), Some("stops/0"));
    h.get_by_label_contains("routes");
    h.get_by_label_contains("3.5");

    // The attribute table: a row per feature; a click on a row selects it.
    let file = alpha_file(&h);
    h.state_mut().apply(Command::ShowTable(Some(file)));
    h.run_steps(3);
    h.get_by_label("Bus stop Beta").click();
    h.run_steps(3);
    assert_eq!(h.state().view.selected.as_deref(), Some("stops/1"));
    // Filtered.
    h.get_by_label("2 of 2 features");

    // Opening it twice is refused; closing it removes it.
    h.state_mut().apply(Command::OpenLayer(path));
    assert!(
        h.state()
            .messages
            .iter()
            .any(|m| m.ends_with("is already open"))
    );
    h.state_mut().apply(Command::CloseLayer(file));
    assert!(h.state().data.place("stops/0").is_none());
    assert_eq!(h.state().data.places.len(), before);
}

fn alpha_file(h: &egui_kittest::Harness<'_, gba_atlas::app::AppState>) -> usize {
    h.state().data.place("stops/0").map(|p| p.file).unwrap()
}

#[test]
fn another_crs_or_no_feature_in_the_region_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut projected = stops();
    projected["crs"] =
        json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}});
    let a = write(dir.path(), "projected.geojson", projected);
    let metres = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [12697000.0, 2577000.0]}}
    ]});
    let b = write(dir.path(), "metres.geojson", metres);
    let mut s = bundled();
    let before = s.data.places.len();
    s.apply(Command::OpenLayer(a));
    s.apply(Command::OpenLayer(b));
    s.wait_for_layer_loads();
    assert_eq!(s.data.places.len(), before);
    assert!(
        s.messages[0].contains("projected.geojson: crs: the file is in urn:ogc:def:crs:EPSG::3857"),
        "{:?}",
        s.messages
    );
    assert!(
        s.messages[1].contains("metres.geojson: none of its 1 features lies in the map's region"),
        "{:?}",
        s.messages
    );
    // A lone Feature or a bare geometry opens too.
    let c = write(
        dir.path(),
        "one.geojson",
        json!({"type": "Point", "coordinates": [113.5, 22.2]}),
    );
    s.apply(Command::OpenLayer(c));
    s.wait_for_layer_loads();
    assert!(s.data.place("one/0").is_some());
}

#[test]
fn export_writes_the_features_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stops.geojson", stops());
    let mut s = bundled();
    s.apply(Command::OpenLayer(path));
    s.wait_for_layer_loads();
    let file = s.data.place("stops/0").unwrap().file;
    let out = dir.path().join("out.geojson");
    s.apply(Command::ExportGeoJson {
        what: ExportWhat::File(file),
        path: out.clone(),
    });
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 2);
    assert_eq!(v["features"][0], stops()["features"][0]);
    // The selection: one place of the data, exactly as its file has it.
    s.apply(Command::Select(Some("macao".into())));
    let one = dir.path().join("macao.geojson");
    s.apply(Command::ExportGeoJson {
        what: ExportWhat::Selection,
        path: one.clone(),
    });
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&one).unwrap()).unwrap();
    assert_eq!(v["features"][0], *s.data.place("macao").unwrap().raw());
}

#[test]
fn a_layer_with_a_number_too_large_is_refused_with_its_line() {
    // `1e400` is valid JSON syntax that no double holds: the file is refused, at its line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.geojson");
    std::fs::write(
        &path,
        "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [114, 22.5]}},\n{\"type\": \"Feature\", \"properties\": {\"n\": 1e400}, \"geometry\": null}\n]}",
    )
    .unwrap();
    let mut data = gba_atlas::data::Dataset::default();
    let e = data.open_layer(&path).unwrap_err().to_string();
    assert!(
        e.contains("big.geojson: 3:") && e.contains("number out of range"),
        "{e}"
    );
    assert!(data.places.is_empty());
}

#[test]
fn a_layer_reads_plain_and_odd_features_alike() {
    // The fast path takes the plain features; the odd ones (coordinates before type, a
    // properties member that is not an object, a broken geometry) go through `Value`s.
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "odd.geojson",
        json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "plain"}, "geometry": {"type": "Point", "coordinates": [114.0, 22.5]}},
            {"geometry": {"coordinates": [114.1, 22.5], "type": "Point"}, "properties": {"name": "reordered"}},
            {"type": "Feature", "properties": [1], "geometry": {"type": "Point", "coordinates": [114.2, 22.5]}},
            {"type": "Feature", "properties": {"name": "one number"}, "geometry": {"type": "Point", "coordinates": [114.3]}},
            {"type": "Feature", "properties": {"name": 7}, "geometry": {"type": "LineString", "coordinates": [[114, 22], [114.5, 22.5]]}}
        ]}),
    );
    let mut data = gba_atlas::data::Dataset::default();
    data.open_layer(&path).unwrap();
    let names: Vec<(&str, &str)> = data
        .places
        .iter()
        .map(|p| (p.id.as_str(), p.name_zh.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("odd/0", "plain"),
            ("odd/1", "reordered"),
            ("odd/2", "odd/2"),
            ("odd/4", "7")
        ]
    );
    assert_eq!(
        data.place("odd/4").unwrap().properties().get("name"),
        Some(&json!(7))
    );
    let problems: Vec<String> = data.issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("odd/3: warning: geometry.coordinates"),
        "{problems:?}"
    );
}

#[test]
fn a_big_layer_is_counts_zoomed_out_and_features_zoomed_in() {
    use gba_atlas::map::{Emphasis, MapTransform, Scene, hit_test, to_merc};
    // 5,000 points on a 0.2° square grid around Guangzhou.
    let features: Vec<serde_json::Value> = (0..5000)
        .map(|i| {
            let (x, y) = (
                113.2 + (i % 100) as f64 * 0.002,
                23.0 + (i / 100) as f64 * 0.004,
            );
            json!({"type": "Feature", "properties": {"name": format!("p{i}")},
                   "geometry": {"type": "Point", "coordinates": [x, y]}})
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "many.geojson",
        json!({"type": "FeatureCollection", "features": features}),
    );
    let plan = gba_atlas::plan::Plan::bundled().unwrap();
    let mut data = gba_atlas::data::Dataset::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &plan,
    )
    .unwrap();
    data.open_layer(&path).unwrap();
    let scene = Scene::build(&data);
    assert_eq!(scene.grids.len(), 1);
    assert_eq!(scene.grids[0].features, 5000);
    // The layer's features are in its grid, not in the index of the data's places.
    assert_eq!(scene.index.len(), data.places.len() - 5000);

    let first = data.place("many/0").unwrap();
    let geo::Geometry::Point(p) = first.geometry else {
        panic!("a point")
    };
    let center = egui::pos2(640.0, 400.0);
    let emphasis = Emphasis::default();
    let is_layer = |i: &usize| data.places[*i].id.starts_with("many/");
    // Zoomed out, all 5,000 are in view: drawn as counts, and not picked one by one.
    let t = MapTransform::new(to_merc(113.3, 23.1), 9.0, center);
    let at = t.lon_lat_to_screen(p.x(), p.y());
    assert!(!hit_test(&scene, &t, at, &emphasis).iter().any(is_layer));
    // Zoomed in, a few are in view: the point under the pointer is picked.
    let t = MapTransform::new(to_merc(p.x(), p.y()), 16.0, center);
    let at = t.lon_lat_to_screen(p.x(), p.y());
    let hits = hit_test(&scene, &t, at, &emphasis);
    assert_eq!(
        hits.first().map(|&i| data.places[i].id.as_str()),
        Some("many/0")
    );
}

/// `n` points spread over Shenzhen, one feature each.
fn many_points(n: usize) -> serde_json::Value {
    let features: Vec<_> = (0..n)
        .map(|i| {
            json!({"type": "Feature", "properties": {"name": format!("p{i}")},
                   "geometry": {"type": "Point", "coordinates": [
                       113.8 + (i % 500) as f64 * 1e-3, 22.5 + (i / 500) as f64 * 1e-4]}})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

#[test]
fn a_layer_is_read_in_the_background_with_its_progress_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "points.geojson", many_points(150_000));
    let progress = gba_atlas::data::Progress::default();
    let layer = gba_atlas::data::read_layer(&path, 0, &progress).unwrap();
    assert_eq!(layer.len(), 150_000);
    assert_eq!(progress.get(), (150_000, 150_000));

    // Cancelled, it stops and nothing comes of it.
    progress
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let e = gba_atlas::data::read_layer(&path, 0, &progress).unwrap_err();
    assert_eq!(e, gba_atlas::data::LayerError::Cancelled);

    // In the app: the window stays live while it is read, with a progress bar and a way to
    // stop (the frame after the command shows it, however soon the reading ends); cancelled,
    // the data is as it was.
    let mut h = harness();
    let before = h.state().data.places.len();
    let revision = h.state().data.revision;
    h.state_mut().apply(Command::OpenLayer(path.clone()));
    assert_eq!(h.state().loads.len(), 1);
    h.step();
    h.get_by_label("Cancel");
    h.get_by_label_contains("Reading points.geojson");
    h.state_mut().apply(Command::CancelLayerLoads);
    h.run_steps(2);
    assert!(h.state().loads.is_empty());
    assert!(h.query_by_label("Cancel").is_none());
    assert_eq!(h.state().data.places.len(), before);
    assert_eq!(h.state().data.revision, revision);
    assert!(h.state().layers.is_empty());

    // Opened again, it is added when read.
    h.state_mut().apply(Command::OpenLayer(path));
    h.state_mut().wait_for_layer_loads();
    assert_eq!(h.state().data.places.len(), before + 150_000);
    assert!(h.state().data.place("points/149999").is_some());
}

#[test]
fn what_the_command_line_asks_after_its_files_waits_for_them() {
    use clap::Parser as _;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stops.geojson", stops());
    let cli = gba_atlas::cli::Cli::try_parse_from([
        "gba-atlas",
        path.to_str().unwrap(),
        "--select",
        "stops/1",
        "--view",
        "114.06,22.55,15",
    ])
    .unwrap();
    let mut s = bundled();
    for c in cli.startup_commands() {
        s.apply(c);
    }
    s.wait_for_layer_loads();
    assert_eq!(s.view.selected.as_deref(), Some("stops/1"));
    // The view asked for wins over fitting the view to the layer.
    assert_eq!(s.view.map.zoom().round(), 15.0);
}

#[test]
fn the_panels_counts_follow_the_document_and_leave_layers_out() {
    use gba_atlas::app::Tally;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stops.geojson", stops());
    let mut s = bundled();
    let data_places = s.data.places.len();
    assert_eq!(s.tally.data_places, data_places);
    for c in &s.plan.clauses {
        let citing: Vec<usize> = s
            .data
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.cites(c.number))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            s.tally.citing(c.number),
            citing.as_slice(),
            "clause {}",
            c.number
        );
    }
    let kinds: usize = gba_atlas::data::Kind::ALL
        .iter()
        .map(|&k| s.tally.kind(k))
        .sum();
    assert_eq!(kinds, data_places);
    let statuses: usize = gba_atlas::data::Status::ALL
        .iter()
        .map(|&st| s.tally.status(st))
        .sum();
    assert_eq!(statuses + s.tally.no_status, data_places);

    s.apply(Command::OpenLayer(path));
    s.wait_for_layer_loads();
    let file = s.data.place("stops/0").unwrap().file;
    assert_eq!(s.tally.file(file), 2);
    assert_eq!(
        s.tally.data_places, data_places,
        "a layer's features are not the data's"
    );
    assert_eq!(s.tally, Tally::count(&s.data));

    // An edit counts again: a place deleted leaves its clauses' lists.
    let id = s.data.places_citing(9).next().unwrap().id.clone();
    let before = s.tally.citing(9).len();
    s.apply(Command::Select(Some(id)));
    s.apply(Command::StartEditing(None));
    s.apply(Command::DeleteActive);
    assert_eq!(s.tally.citing(9).len(), before - 1);
    assert_eq!(s.tally.data_places, data_places - 1);
}

#[test]
fn a_reload_reads_the_opened_layers_again_and_keeps_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stops.geojson", stops());
    let mut s = bundled();
    s.apply(Command::OpenLayer(path.clone()));
    s.wait_for_layer_loads();
    s.apply(Command::SetView {
        lon: 113.3,
        lat: 23.1,
        zoom: 11.0,
    });
    let places = s.data.places.len();
    // The file changes on disk; a reload reads it again, in the background.
    let mut more = stops();
    more["features"][1]["properties"]["NAME"] = json!("Bus stop Beta (moved)");
    std::fs::write(&path, more.to_string()).unwrap();
    s.apply(Command::Reload);
    assert_eq!(s.loads.len(), 1, "read again in the background");
    s.wait_for_layer_loads();
    assert_eq!(s.data.places.len(), places);
    assert_eq!(
        s.data.place("stops/1").unwrap().name_zh,
        "Bus stop Beta (moved)"
    );
    assert_eq!(s.layers, vec![path]);
    let (lon, lat) = s.center();
    assert!(
        (lon - 113.3).abs() < 1e-6 && (lat - 23.1).abs() < 1e-6,
        "{lon}, {lat}"
    );
}

#[test]
fn a_layer_features_traditional_name_is_converted_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "hills.geojson",
        json!({"type": "Feature", "properties": {"name_zh": "岭南"},
               "geometry": {"type": "Point", "coordinates": [113.3, 23.1]}}),
    );
    let mut s = bundled();
    s.apply(Command::OpenLayer(path));
    s.wait_for_layer_loads();
    let i = s.data.place_index("hills/0").unwrap();
    assert_eq!(&*s.scene.places[i].hant(&s.data.places[i].name_zh), "嶺南");
}
