//! Any GeoJSON file opened as an extra layer: read leniently (the schema's problems are
//! warnings, not refusal), drawn with a generic style, its properties shown as they are. Only a
//! coordinate system other than WGS-84 longitude/latitude, or a file that is not GeoJSON, is
//! refused.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
    #[error("the opening was cancelled")]
    Cancelled,
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
            status: None,
            geometry,
            // Set when the layer is added to a dataset.
            file: 0,
            version: 0,
            // Its source is said by the details panel from the file ("opened from …"): not one
            // copy per feature.
            written: None,
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

/// How far a layer's reading has come, and a way to stop it (shared with the thread reading).
#[derive(Debug, Default)]
pub struct Progress {
    /// Features in the file (0 until the file is read and its features found).
    pub total: AtomicUsize,
    /// Features read so far.
    pub done: AtomicUsize,
    /// Set to stop the reading at its next batch of features.
    pub cancel: AtomicBool,
}

impl Progress {
    /// Features read and in the file.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    fn cancelled(&self) -> Result<(), LayerError> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(LayerError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// A layer read from its file, not yet part of a dataset (read on any thread by [`read_layer`],
/// added by [`Dataset::add_layer`]).
#[derive(Debug)]
pub struct ReadLayer {
    file: DataFile,
    places: Vec<Place>,
    issues: Vec<Issue>,
}

impl ReadLayer {
    /// The features read (places).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// Features read on every core, a chunk at a time.
const CHUNK: usize = 4096;
/// Chunks read before the progress is told and the cancel flag looked at (on two cores, a
/// tenth of a second or so).
const BATCH: usize = 16 * CHUNK;

/// Reads `path` as an extra layer, as [`Dataset::open_layer`] does, without a dataset:
/// `existing` is how many places the dataset it is for holds (room is made for them, so that
/// adding the layer moves the few rather than the many). Its features get ids `STEM/N`.
pub fn read_layer(
    path: &Path,
    existing: usize,
    progress: &Progress,
) -> Result<ReadLayer, LayerError> {
    let display = path.display().to_string();
    let text = read_text(path).map_err(|(at, field, message)| {
        LayerError::Read(Issue::error(display.clone(), at, field, message).to_string())
    })?;
    progress.cancelled()?;
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
    let stream::Root::Object(mut c) = root else {
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
            .take()
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
    progress.total.store(features.len(), Ordering::Relaxed);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "layer".into());
    // The places go straight into one vector with room for all (and for the dataset's): a
    // batch at a time, so that only a batch is ever held twice.
    let mut places = Vec::with_capacity(existing + features.len());
    let mut issues = Issues::new(display.clone());
    let mut outside = 0;
    for (b, batch) in features.chunks(BATCH).enumerate() {
        progress.cancelled()?;
        let chunks: Vec<(Vec<Place>, Vec<Issue>, usize)> = batch
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
                        id: format!("{stem}/{}", b * BATCH + n * CHUNK + j),
                    };
                    if let Some(p) = feature.read(&mut issues, &mut outside)? {
                        places.push(p);
                    }
                }
                Ok((places, issues.list, outside))
            })
            .collect::<Result<_, JsonError>>()
            .map_err(json)?;
        for (read, found, out) in chunks {
            places.extend(read);
            issues.list.extend(found);
            outside += out;
        }
        progress
            .done
            .store(b * BATCH + batch.len(), Ordering::Relaxed);
    }
    progress.cancelled()?;
    if places.is_empty() && outside > 0 {
        return Err(LayerError::Outside {
            file: display,
            count: features.len(),
        });
    }
    let mut file = DataFile::new(path.to_path_buf(), display, FileRole::Layer);
    file.text_hash = text_hash(&text);
    file.feature_count = features.len();
    // Schema problems of a foreign file are things to know, not errors.
    for i in &mut issues.list {
        i.severity = Severity::Warning;
    }
    Ok(ReadLayer {
        file,
        places,
        issues: issues.list,
    })
}

impl Dataset {
    /// Opens `path` as an extra layer; returns its file index. Its features become places of
    /// kind `other` (or the kind they name) with ids `STEM/N`, read-only.
    pub fn open_layer(&mut self, path: &Path) -> Result<usize, LayerError> {
        self.check_not_open(path)?;
        let layer = read_layer(path, self.places.len(), &Progress::default())?;
        self.add_layer(layer)
    }

    /// Refuses a file already open as a layer.
    pub fn check_not_open(&self, path: &Path) -> Result<(), LayerError> {
        if self
            .files
            .iter()
            .any(|f| f.role == FileRole::Layer && f.path == path)
        {
            return Err(LayerError::AlreadyOpen(path.display().to_string()));
        }
        Ok(())
    }

    /// Adds a layer read by [`read_layer`]; returns its file index.
    pub fn add_layer(&mut self, layer: ReadLayer) -> Result<usize, LayerError> {
        let ReadLayer {
            file: data_file,
            mut places,
            issues,
        } = layer;
        self.check_not_open(&data_file.path)?;
        let file = self.files.len();
        self.revision += 1;
        self.files.push(data_file);
        let start = self.places.len();
        for p in &mut places {
            p.file = file;
            p.version = self.revision;
        }
        // The larger vector takes the smaller: the layer's has room for the dataset's places
        // in front of its own (see `read_layer`), so a million places are not copied.
        if places.capacity() - places.len() >= self.places.len() {
            places.splice(0..0, self.places.drain(..));
            self.places = places;
        } else {
            self.places.append(&mut places);
        }
        self.index.reserve(&self.places, self.places.len() - start);
        for i in start..self.places.len() {
            self.index.insert_at(&self.places, i);
        }
        self.issues.extend(issues);
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
