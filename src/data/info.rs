//! `gba-atlas info FILE…`: a GeoJSON file opened the way the app opens an extra layer (read,
//! checked, indexed), summarised like `ogrinfo -so`: features by geometry type, the extent, the
//! properties with their JSON types, and the problems. It is the app's load path, so its speed
//! is the app's.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use geo::{BoundingRect as _, Geometry};
use serde_json::Value;

use super::{Dataset, Issue, LayerError};

/// What a file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub file: String,
    /// Features in the file, read or not.
    pub features: usize,
    /// Features read, by geometry type (`Point`, `Polygon`, …).
    pub by_type: BTreeMap<&'static str, usize>,
    /// West, south, east, north of what was read.
    pub extent: Option<[f64; 4]>,
    /// Each property name, with how many features have it as each JSON type.
    pub properties: BTreeMap<String, BTreeMap<&'static str, usize>>,
    pub problems: Vec<Issue>,
}

fn geometry_type(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::LineString(_) | Geometry::Line(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Opens `path` as the app opens a layer and summarises it; a file the app would refuse is the
/// error the app would show.
pub fn summarise(path: &Path) -> Result<Summary, LayerError> {
    let mut data = Dataset::default();
    let index = data.open_layer(path)?;
    let file = data
        .files
        .get(index)
        .map(|f| f.display.clone())
        .unwrap_or_else(|| path.display().to_string());
    let mut summary = Summary {
        features: data.files.get(index).map_or(0, |f| f.feature_count),
        file: file.clone(),
        by_type: BTreeMap::new(),
        extent: None,
        properties: BTreeMap::new(),
        problems: data
            .issues
            .iter()
            .filter(|i| i.file == file)
            .cloned()
            .collect(),
    };
    for place in data.places.iter().filter(|p| p.file == index) {
        *summary
            .by_type
            .entry(geometry_type(&place.geometry))
            .or_default() += 1;
        if let Some(r) = place.geometry.bounding_rect() {
            let e = summary
                .extent
                .get_or_insert([r.min().x, r.min().y, r.max().x, r.max().y]);
            *e = [
                e[0].min(r.min().x),
                e[1].min(r.min().y),
                e[2].max(r.max().x),
                e[3].max(r.max().y),
            ];
        }
        // A layer's properties are read from their text, without a tree of values.
        let mut count = |key: &str, ty: &'static str| match summary.properties.get_mut(key) {
            Some(types) => *types.entry(ty).or_default() += 1,
            None => {
                summary
                    .properties
                    .insert(key.to_string(), BTreeMap::from([(ty, 1)]));
            }
        };
        match &place.props {
            Some(raw) => {
                for (key, value) in super::stream::members(&raw.0).unwrap_or_default() {
                    count(&key, super::stream::json_type(value));
                }
            }
            None => {
                for (key, value) in &place.written().extra {
                    count(key, json_type(value));
                }
            }
        }
    }
    Ok(summary)
}

impl Summary {
    /// The summary as `gba-atlas info` prints it (problems: the first `max_problems`).
    pub fn report(&self, max_problems: usize) -> String {
        let mut out = String::new();
        let read: usize = self.by_type.values().sum();
        let _ = writeln!(out, "{}", super::issue::printable(&self.file, 160));
        let types = self
            .by_type
            .iter()
            .map(|(t, n)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "  features: {} ({})",
            self.features,
            if read == self.features {
                types
            } else {
                format!("{types}; {} not read", self.features - read)
            }
        );
        match self.extent {
            Some([w, s, e, n]) => {
                let _ = writeln!(
                    out,
                    "  extent: {w:.6}, {s:.6} – {e:.6}, {n:.6} (lon, lat, WGS-84)"
                );
            }
            None => {
                let _ = writeln!(out, "  extent: none");
            }
        }
        let _ = writeln!(out, "  properties: {}", self.properties.len());
        let width = self
            .properties
            .keys()
            .map(|k| k.chars().count().min(40))
            .max()
            .unwrap_or(0);
        for (key, types) in &self.properties {
            let types = types
                .iter()
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join(", ");
            let key = super::issue::printable(key, 40);
            let _ = writeln!(out, "    {key:<width$}  {types}");
        }
        let warnings = self.problems.iter().filter(|i| i.is_warning()).count();
        let errors = self.problems.len() - warnings;
        let _ = writeln!(out, "  problems: {errors} errors, {warnings} warnings");
        for issue in self.problems.iter().take(max_problems) {
            let _ = writeln!(out, "    {issue}");
        }
        if self.problems.len() > max_problems {
            let _ = writeln!(
                out,
                "    … and {} more (gba-atlas info --problems N shows more)",
                self.problems.len() - max_problems
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_is_summarised() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("stops.geojson");
        std::fs::write(
            &path,
            r#"{"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"NAME": "Alpha", "height": 3.5, "n": 2},
               "geometry": {"type": "Point", "coordinates": [114.05, 22.54]}},
              {"type": "Feature", "properties": {"NAME": "Beta", "height": 12},
               "geometry": {"type": "LineString", "coordinates": [[114.0, 22.5], [114.1, 22.6]]}},
              {"type": "Feature", "properties": {"NAME": 7}, "geometry": null}
            ]}"#,
        )
        .expect("write");
        let s = summarise(&path).expect("opens");
        assert_eq!(s.features, 3);
        assert_eq!(s.by_type.get("Point"), Some(&1));
        assert_eq!(s.by_type.get("LineString"), Some(&1));
        assert_eq!(s.extent, Some([114.0, 22.5, 114.1, 22.6]));
        assert_eq!(s.properties["NAME"].get("string"), Some(&2));
        assert_eq!(s.properties["height"].get("number"), Some(&1));
        assert_eq!(s.properties["height"].get("integer"), Some(&1));
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        let text = s.report(10);
        assert!(
            text.contains("features: 3 (1 LineString, 1 Point; 1 not read)"),
            "{text}"
        );
        assert!(text.contains("problems: 0 errors, 1 warnings"), "{text}");
    }

    #[test]
    fn a_file_the_app_refuses_is_the_same_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("broken.geojson");
        std::fs::write(&path, "{\"type\": \"FeatureCollection\", \"features\": [").expect("write");
        let e = summarise(&path).expect_err("refused");
        assert!(e.to_string().contains("broken.geojson"), "{e}");
    }
}
