//! Any GeoJSON file opened as an extra layer: read leniently (the schema's problems are
//! warnings, not refusal), drawn with a generic style, its properties shown as they are. Only a
//! coordinate system other than WGS-84 longitude/latitude, or a file that is not GeoJSON, is
//! refused.

use std::path::Path;

use serde_json::{Map, Value};

use super::dataset::{DataFile, Dataset, read_text, text_hash};
use super::issue::{Issue, Issues, Locator, Severity};
use super::model::{Accuracy, Kind, Place};
use super::parse::{FileRole, parse_geometry};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayerError {
    #[error("{0}")]
    Read(String),
    #[error("{file}: {message}")]
    NotGeoJson { file: String, message: String },
    #[error(
        "{file}: crs: the file is in {crs}; gba-atlas reads GeoJSON in WGS-84 longitude, latitude (RFC 7946): reproject it first, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson {file}`"
    )]
    OtherCrs { file: String, crs: String },
    #[error(
        "{file}: none of its {count} features lies in the map's region (lon 108.5–118.5, lat 19.8–26.5): is it in another coordinate system, or [lat, lon]?"
    )]
    Outside { file: String, count: usize },
    #[error("{0}: is already open")]
    AlreadyOpen(String),
}

/// The names a foreign file may give a feature, most specific first.
const NAME_KEYS: [&str; 6] = ["name_zh", "name", "NAME", "名称", "title", "label"];

fn prop_text(props: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match props.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// The CRS a (2008-style) `crs` member names, when it is not WGS-84 longitude/latitude.
fn other_crs(root: &Map<String, Value>) -> Option<String> {
    let name = root
        .get("crs")?
        .pointer("/properties/name")
        .and_then(Value::as_str)?;
    let wgs84 = ["CRS84", "EPSG::4326", "EPSG:4326", "CRS:84"];
    (!wgs84.iter().any(|w| name.ends_with(w))).then(|| name.to_string())
}

impl Dataset {
    /// Opens `path` as an extra layer; returns its file index. Its features become places of
    /// kind `other` (or the kind they name) with ids `STEM/N`, read-only.
    pub fn open_layer(&mut self, path: &Path) -> Result<usize, LayerError> {
        let display = path.display().to_string();
        if self
            .files
            .iter()
            .any(|f| f.role == FileRole::Layer && f.path == path)
        {
            return Err(LayerError::AlreadyOpen(display));
        }
        let text = read_text(path).map_err(|(at, field, message)| {
            LayerError::Read(Issue::error(display.clone(), at, field, message).to_string())
        })?;
        let root: Value = serde_json::from_str(&text).map_err(|e| LayerError::NotGeoJson {
            file: display.clone(),
            message: format!("{}:{}: json: {e}", e.line(), e.column()),
        })?;
        let not = |message: &str| LayerError::NotGeoJson {
            file: display.clone(),
            message: message.to_string(),
        };
        let obj = root
            .as_object()
            .ok_or_else(|| not("type: not a GeoJSON object"))?;
        if let Some(crs) = other_crs(obj) {
            return Err(LayerError::OtherCrs { file: display, crs });
        }
        // A FeatureCollection, a lone Feature, or a bare geometry.
        let features: Vec<Value> = match obj.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => obj
                .get("features")
                .and_then(Value::as_array)
                .cloned()
                .ok_or_else(|| not("features: missing array of features"))?,
            Some("Feature") => vec![root.clone()],
            Some(_) if obj.contains_key("coordinates") => vec![serde_json::json!({
                "type": "Feature", "properties": {}, "geometry": root.clone()
            })],
            _ => {
                return Err(not(
                    "type: expected a GeoJSON FeatureCollection, Feature or geometry",
                ));
            }
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "layer".into());
        let file = self.files.len();
        let mut issues = Issues::new(display.clone());
        let mut places = Vec::new();
        let mut outside = 0;
        for (i, f) in features.iter().enumerate() {
            let id = format!("{stem}/{i}");
            let at = Locator::Feature(id.clone());
            let empty = Map::new();
            let props = f
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let mut geometry_issues = Issues::new(display.clone());
            let Some(geometry) =
                parse_geometry(f.get("geometry"), &at, false, &mut geometry_issues)
            else {
                if geometry_issues
                    .list
                    .iter()
                    .any(|i| i.message.contains("outside the region"))
                {
                    outside += 1;
                }
                issues.list.extend(geometry_issues.list);
                continue;
            };
            issues.list.extend(geometry_issues.list);
            let name = prop_text(props, &NAME_KEYS).unwrap_or_else(|| id.clone());
            let kind = props
                .get("kind")
                .and_then(Value::as_str)
                .and_then(Kind::parse)
                .unwrap_or(Kind::Other);
            places.push(Place {
                id,
                name_zh: name.clone(),
                name_en: prop_text(props, &["name_en", "name"]).unwrap_or(name),
                kind,
                clauses: Vec::new(),
                accuracy: Accuracy::Approximate,
                source: format!("opened from {display}"),
                status: None,
                aliases: Vec::new(),
                unlinked: Vec::new(),
                note: None,
                label_at: None,
                geometry,
                extra: props.clone(),
                file,
                raw: f.clone(),
                version: self.revision + 1,
            });
        }
        if places.is_empty() && outside > 0 {
            return Err(LayerError::Outside {
                file: display,
                count: features.len(),
            });
        }
        // Schema problems of a foreign file are things to know, not errors.
        for i in &mut issues.list {
            i.severity = Severity::Warning;
        }
        self.issues.extend(issues.list);
        let mut data_file = DataFile::new(path.to_path_buf(), display, FileRole::Layer);
        data_file.text_hash = text_hash(&text);
        data_file.feature_count = features.len();
        self.files.push(data_file);
        for p in places {
            self.index.insert(p.id.clone(), self.places.len());
            self.places.push(p);
        }
        self.revision += 1;
        Ok(file)
    }

    /// Closes an extra layer: its places go.
    pub fn close_layer(&mut self, file: usize) {
        if self
            .files
            .get(file)
            .is_none_or(|f| f.role != FileRole::Layer)
        {
            return;
        }
        let display = self.files[file].display.clone();
        self.places.retain(|p| p.file != file);
        self.issues.retain(|i| i.file != display);
        self.files[file].unreadable = true;
        self.files[file].role = FileRole::Closed;
        self.rebuild_index();
        self.revision += 1;
    }

    /// Whether a place comes from an extra layer (read-only, not part of the data).
    pub fn is_layer_place(&self, p: &Place) -> bool {
        self.files
            .get(p.file)
            .is_some_and(|f| f.role == FileRole::Layer)
    }
}
