//! Any GeoJSON file opened as an extra layer: read leniently (the schema's problems are
//! warnings, not refusal), drawn with a generic style, its properties shown as they are. Only a
//! coordinate system other than WGS-84 longitude/latitude, or a file that is not GeoJSON, is
//! refused.

use std::path::Path;

use std::borrow::Cow;

use geo::Geometry;
use rayon::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

use super::dataset::{DataFile, Dataset, read_text, text_hash};
use super::issue::{Issue, Issues, Locator, Severity};
use super::model::{Accuracy, Kind, Place, RawProps};
use super::parse::{FileRole, JsonError, check_polygons, parse_geometry, value_of};
use super::stream;

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

/// The first of `keys` that is a property holding a text that is not blank, or a number.
fn prop_text(props: &[(Cow<'_, str>, &RawValue)], keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        let (_, v) = props.iter().rev().find(|(k, _)| k == key)?;
        match stream::json_type(v) {
            "string" => stream::string(v).filter(|s| !s.trim().is_empty()),
            "number" | "integer" => serde_json::from_str::<serde_json::Number>(v.get())
                .ok()
                .map(|n| n.to_string()),
            _ => None,
        }
    })
}

/// The whole of a text (known to be JSON) as one raw value.
fn whole(text: &str) -> Option<&RawValue> {
    serde_json::from_str(text).ok()
}

/// One feature of an opened layer.
struct LayerFeature<'a> {
    /// The file's text, which `raw` is a part of.
    text: &'a str,
    raw: &'a RawValue,
    id: String,
    file: usize,
    version: u64,
}

impl LayerFeature<'_> {
    /// Reads the feature: by the fast path when it is plainly valid, else through a `Value`,
    /// which words its problems. `None` when it is not read; `outside` counts those whose
    /// geometry is outside the region (a sign of another coordinate system).
    fn read(self, issues: &mut Issues, outside: &mut usize) -> Result<Option<Place>, JsonError> {
        let at = Locator::Feature(self.id.clone());
        if let Ok(f) = serde_json::from_str::<stream::FeatureIn>(self.raw.get())
            && let Some(stream::FastGeometry(geometry)) = f.geometry
        {
            check_polygons(&geometry, &at, false, issues);
            let props = f.properties.filter(|p| p.get().starts_with('{'));
            let members = props.and_then(stream::members).unwrap_or_default();
            let raw = props.and_then(|p| RawValue::from_string(p.get().to_string()).ok());
            return Ok(Some(self.place(&members, raw, geometry)));
        }
        let value = value_of(self.text, self.raw)?;
        let props = value
            .get("properties")
            .filter(|p| p.is_object())
            .and_then(|p| serde_json::value::to_raw_value(p).ok());
        let mut geometry_issues = Issues::new(issues.file.clone());
        let geometry = parse_geometry(value.get("geometry"), &at, false, &mut geometry_issues);
        let is_outside = geometry.is_none()
            && geometry_issues
                .list
                .iter()
                .any(|i| i.message.contains("outside the region"));
        issues.list.extend(geometry_issues.list);
        let Some(geometry) = geometry else {
            *outside += usize::from(is_outside);
            return Ok(None);
        };
        let members = props
            .as_deref()
            .and_then(stream::members)
            .unwrap_or_default();
        Ok(Some(self.place(&members, props.clone(), geometry)))
    }

    fn place(
        &self,
        props: &[(Cow<'_, str>, &RawValue)],
        raw_props: Option<Box<RawValue>>,
        geometry: Geometry<f64>,
    ) -> Place {
        let name = prop_text(props, &NAME_KEYS).unwrap_or_else(|| self.id.clone());
        let kind = props
            .iter()
            .rev()
            .find(|(k, _)| k == "kind")
            .and_then(|(_, v)| stream::string(v))
            .and_then(|k| Kind::parse(&k))
            .unwrap_or(Kind::Other);
        Place {
            id: self.id.clone(),
            name_en: prop_text(props, &["name_en", "name"]).unwrap_or_else(|| name.clone()),
            name_zh: name,
            kind,
            clauses: Vec::new(),
            accuracy: Accuracy::Approximate,
            // Said by the details panel from the file ("opened from …"): not one copy per
            // feature.
            source: String::new(),
            status: None,
            aliases: Vec::new(),
            unlinked: Vec::new(),
            note: None,
            label_at: None,
            geometry,
            extra: serde_json::Map::new(),
            file: self.file,
            raw: Value::Null,
            version: self.version,
            props: raw_props.map(RawProps),
        }
    }
}

/// The CRS a (2008-style) `crs` member names, when it is not WGS-84 longitude/latitude.
fn other_crs(crs: &Value) -> Option<String> {
    let name = crs.pointer("/properties/name").and_then(Value::as_str)?;
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
        let not = |message: &str| LayerError::NotGeoJson {
            file: display.clone(),
            message: message.to_string(),
        };
        let json = |e: JsonError| LayerError::NotGeoJson {
            file: display.clone(),
            message: e.to_string(),
        };
        let root = stream::skim(&text).map_err(|e| LayerError::NotGeoJson {
            file: display.clone(),
            message: format!("{}:{}: json: {e}", e.line(), e.column()),
        })?;
        let stream::Root::Object(c) = root else {
            return Err(not("type: not a GeoJSON object"));
        };
        if let Some(crs) = c.member("crs") {
            let crs = value_of(&text, crs).map_err(json)?;
            if let Some(crs) = other_crs(&crs) {
                return Err(LayerError::OtherCrs { file: display, crs });
            }
        }
        // A FeatureCollection, a lone Feature, or a bare geometry.
        let wrapped;
        let features: Vec<&RawValue> = match c.text("type").as_deref() {
            Some("FeatureCollection") => c
                .features
                .clone()
                .ok_or_else(|| not("features: missing array of features"))?,
            Some("Feature") => vec![whole(&text).ok_or_else(|| not("type: not JSON"))?],
            Some(_) if c.member("coordinates").is_some() => {
                wrapped = format!(
                    r#"{{"type": "Feature", "properties": {{}}, "geometry": {}}}"#,
                    text.trim()
                );
                vec![whole(&wrapped).ok_or_else(|| not("type: not JSON"))?]
            }
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
        let version = self.revision + 1;
        // Features are read on every core, in chunks, and put back in file order.
        const CHUNK: usize = 4096;
        let chunks: Vec<(Vec<Place>, Vec<Issue>, usize)> = features
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(n, items)| {
                let mut issues = Issues::new(display.clone());
                let mut places = Vec::with_capacity(items.len());
                let mut outside = 0;
                for (j, raw) in items.iter().enumerate() {
                    let feature = LayerFeature {
                        text: &text,
                        raw,
                        id: format!("{stem}/{}", n * CHUNK + j),
                        file,
                        version,
                    };
                    if let Some(p) = feature.read(&mut issues, &mut outside)? {
                        places.push(p);
                    }
                }
                Ok((places, issues.list, outside))
            })
            .collect::<Result<_, JsonError>>()
            .map_err(json)?;
        let mut issues = Issues::new(display.clone());
        let read: usize = chunks.iter().map(|(p, _, _)| p.len()).sum();
        let outside: usize = chunks.iter().map(|(_, _, o)| o).sum();
        if read == 0 && outside > 0 {
            return Err(LayerError::Outside {
                file: display,
                count: features.len(),
            });
        }
        let mut data_file = DataFile::new(path.to_path_buf(), display, FileRole::Layer);
        data_file.text_hash = text_hash(&text);
        data_file.feature_count = features.len();
        self.files.push(data_file);
        // Moved from the chunks into the document once, room made first.
        self.places.reserve(read);
        self.index.reserve(read);
        for (places, found, _) in chunks {
            issues.list.extend(found);
            for p in places {
                self.index.insert(p.id.clone(), self.places.len());
                self.places.push(p);
            }
        }
        // Schema problems of a foreign file are things to know, not errors.
        for i in &mut issues.list {
            i.severity = Severity::Warning;
        }
        self.issues.extend(issues.list);
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
