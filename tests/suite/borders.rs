//! The city boundaries are in WGS-84 and line up with OpenStreetMap: well-known points near the
//! borders fall in the right city. The points (OSM positions) are in `tools/data/border_points.json`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::f64::consts::PI;
use std::path::Path;

use gba_atlas::data::Dataset;
use gba_atlas::plan::Plan;
use geo::{Intersects, Point};

struct BorderPoint {
    name: String,
    lon: f64,
    lat: f64,
    city: String,
}

fn points() -> Vec<BorderPoint> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/data/border_points.json");
    let text = std::fs::read_to_string(path).expect("border_points.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|p| BorderPoint {
            name: p["name"].as_str().expect("name").to_string(),
            lon: p["lon"].as_f64().expect("lon"),
            lat: p["lat"].as_f64().expect("lat"),
            city: p["city"].as_str().expect("city").to_string(),
        })
        .collect()
}

fn data() -> Dataset {
    let plan = Plan::bundled().expect("plan");
    Dataset::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &plan).expect("data")
}

fn city_at(ds: &Dataset, lon: f64, lat: f64) -> Vec<String> {
    let p = Point::new(lon, lat);
    ds.places
        .iter()
        .filter(|pl| pl.kind == gba_atlas::data::Kind::City && pl.geometry.intersects(&p))
        .map(|pl| pl.id.clone())
        .collect()
}

/// The GCJ-02 offset at (lon, lat): what Chinese map providers add to WGS-84 positions.
fn gcj02_offset(lon: f64, lat: f64) -> (f64, f64) {
    const A: f64 = 6_378_245.0;
    const EE: f64 = 0.006_693_421_622_965_943;
    let (x, y) = (lon - 105.0, lat - 35.0);
    let mut d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    d_lat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    d_lon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    d_lat = d_lat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    d_lon = d_lon * 180.0 / (A / sqrt_magic * rad.cos() * PI);
    (d_lon, d_lat)
}

#[test]
fn border_points_fall_in_the_right_city() {
    let ds = data();
    let pts = points();
    assert!(pts.len() >= 8);
    for p in &pts {
        assert_eq!(
            city_at(&ds, p.lon, p.lat),
            vec![p.city.clone()],
            "{} ({}, {})",
            p.name,
            p.lon,
            p.lat
        );
    }
}

/// The points are close enough to the borders to catch a missing conversion: with the data left
/// in GCJ-02 (every boundary ~600 m off), several of them would land in the wrong city or the sea.
#[test]
fn the_points_would_catch_unconverted_gcj02_data() {
    let ds = data();
    let wrong = points()
        .iter()
        .filter(|p| {
            // Looking up p in data shifted by +offset = looking up p − offset in the real data.
            let (dx, dy) = gcj02_offset(p.lon, p.lat);
            city_at(&ds, p.lon - dx, p.lat - dy) != vec![p.city.clone()]
        })
        .count();
    assert!(
        wrong >= 2,
        "only {wrong} points would notice unconverted data"
    );
}

#[test]
fn gcj02_offset_is_the_measured_size() {
    // GCJ-02 moves positions in this region by roughly 500–650 m (shared/notes/data-sources.md).
    let (dx, dy) = gcj02_offset(114.1, 22.5);
    let metres = ((dx * 102_800.0).powi(2) + (dy * 110_900.0).powi(2)).sqrt();
    assert!((450.0..700.0).contains(&metres), "{metres} m");
}

#[test]
fn every_city_names_the_clauses_that_name_it() {
    let ds = data();
    let plan = Plan::bundled().expect("plan");
    let cities = ds
        .places
        .iter()
        .filter(|p| p.kind == gba_atlas::data::Kind::City);
    for place in cities {
        for clause in &plan.clauses {
            let text = clause.text();
            let names = if place.id == "zhongshan" {
                text.replace("中山大学", "").contains(&place.name_zh)
            } else {
                text.contains(&place.name_zh)
            };
            assert_eq!(
                names,
                place.cites(clause.number),
                "{} / clause {}",
                place.id,
                clause.number
            );
        }
    }
    let hk = ds.place("hong-kong").expect("hk");
    assert!(
        hk.clauses.len() > 20,
        "Hong Kong is named in {} clauses",
        hk.clauses.len()
    );
}
