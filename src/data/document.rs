//! The places as a document: edits that return their inverse, and saving a file.
//!
//! An edit works on the feature's JSON (what the file holds), never on a copy beside it: the new
//! JSON is read back as a place with the loader's own checks, so an edit can be no less valid
//! than a hand edit, and a save writes exactly what the document holds.

use geo::{Coord, Geometry, LineString, Polygon};
use serde_json::{Map, Value, json};

use super::dataset::{Dataset, clause_texts, link_issues, text_hash};
use super::format::{SaveError, collection_text, save_atomic};
use super::issue::Issues;
use super::parse::{FileRole, Slot, parse_feature};
use crate::plan::Plan;

/// A change to the document. [`Dataset::apply`] returns its inverse, which is what undo applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Put `feature` (a GeoJSON Feature object) in place of the place `id`, where it is in its
    /// file. Its id may differ from `id` (a place being named before it is saved).
    Replace { id: String, feature: Value },
    /// Add `feature` to file `file` as its feature number `position` (at the end when past it).
    Insert {
        file: usize,
        position: usize,
        feature: Value,
    },
    /// Remove the place `id` from its file.
    Delete { id: String },
    /// Several edits as one, undone together.
    Batch(Vec<Edit>),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("no place has id \"{0}\"")]
    NoPlace(String),
    #[error("id \"{0}\" is already used by another place")]
    DuplicateId(String),
    #[error("file #{0} is not a places file that was read")]
    NotPlaces(usize),
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(
        "{0}: not saved: the file could not be read when it was loaded; fix it by hand or reload it"
    )]
    Unreadable(String),
    #[error("file #{0} is not a places file")]
    NotPlaces(usize),
}

impl Dataset {
    /// Applies an edit and returns its inverse. The document's revision goes up, the file is
    /// marked changed, and the feature's problems are checked again. An edit whose feature is
    /// not a place (no id, an unknown kind, no geometry…) changes nothing and says why.
    pub fn apply(&mut self, edit: Edit, plan: &Plan) -> Result<Edit, EditError> {
        match edit {
            Edit::Replace { id, feature } => self.replace(&id, feature, plan),
            Edit::Insert {
                file,
                position,
                feature,
            } => self.insert(file, position, feature, plan),
            Edit::Delete { id } => self.delete(&id),
            Edit::Batch(edits) => {
                let mut inverses = Vec::new();
                for edit in edits {
                    match self.apply(edit, plan) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // All or nothing: undo what was done.
                            for inverse in inverses.into_iter().rev() {
                                let _ = self.apply(inverse, plan);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// Reads `feature` as a place of `file` at `position`, with every check a load makes.
    fn read_feature(
        &self,
        feature: &Value,
        file: usize,
        position: usize,
        plan: &Plan,
    ) -> Result<(crate::data::Place, Issues), EditError> {
        let display = self
            .files
            .get(file)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        let mut issues = Issues::new(display);
        match parse_feature(feature, position, file, plan, true, &mut issues) {
            Some(place) => {
                link_issues(&place, &clause_texts(plan), &mut issues);
                Ok((place, issues))
            }
            None => Err(EditError::Invalid(
                issues.list.iter().map(|i| i.to_string()).collect(),
            )),
        }
    }

    fn slot_position(&self, file: usize, id: &str) -> Option<usize> {
        self.files
            .get(file)?
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Place(p) if p == id))
    }

    /// Drops the problems recorded for feature `id` of file `file`.
    fn forget_issues(&mut self, file: usize, id: &str) {
        let Some(display) = self.files.get(file).map(|f| f.display.clone()) else {
            return;
        };
        self.issues
            .retain(|i| !(i.file == display && i.feature_id() == Some(id)));
    }

    fn changed(&mut self, file: usize) {
        self.revision += 1;
        if let Some(f) = self.files.get_mut(file) {
            f.dirty = true;
        }
    }

    fn replace(&mut self, id: &str, feature: Value, plan: &Plan) -> Result<Edit, EditError> {
        let index = self
            .place_index(id)
            .ok_or_else(|| EditError::NoPlace(id.to_string()))?;
        let file = self.places[index].file;
        let position = self.slot_position(file, id).unwrap_or(0);
        let (mut place, issues) = self.read_feature(&feature, file, position, plan)?;
        if place.id != id && self.place(&place.id).is_some() {
            return Err(EditError::DuplicateId(place.id));
        }
        self.changed(file);
        place.version = self.revision;
        let new_id = place.id.clone();
        let old = std::mem::replace(&mut self.places[index], place);
        if let Some(slot) = self
            .files
            .get_mut(file)
            .and_then(|f| f.slots.get_mut(position))
        {
            *slot = Slot::Place(new_id.clone());
        }
        if new_id != id {
            self.index.remove(id, index);
            self.index.insert(&self.places, &new_id, index);
            if self.new_ids.remove(id) {
                self.new_ids.insert(new_id.clone());
            }
        }
        self.forget_issues(file, id);
        self.forget_issues(file, &new_id);
        self.issues.extend(issues.list);
        Ok(Edit::Replace {
            id: new_id,
            feature: old.written.map(|w| w.raw).unwrap_or_default(),
        })
    }

    fn insert(
        &mut self,
        file: usize,
        position: usize,
        feature: Value,
        plan: &Plan,
    ) -> Result<Edit, EditError> {
        match self.files.get(file) {
            Some(f) if f.role == FileRole::Places && !f.unreadable => {}
            _ => return Err(EditError::NotPlaces(file)),
        }
        let position = position.min(self.files[file].slots.len());
        let (mut place, issues) = self.read_feature(&feature, file, position, plan)?;
        if self.place(&place.id).is_some() {
            return Err(EditError::DuplicateId(place.id));
        }
        self.changed(file);
        place.version = self.revision;
        let id = place.id.clone();
        self.files[file]
            .slots
            .insert(position, Slot::Place(id.clone()));
        self.index.insert(&self.places, &id, self.places.len());
        self.places.push(place);
        self.new_ids.insert(id.clone());
        self.forget_issues(file, &id);
        self.issues.extend(issues.list);
        Ok(Edit::Delete { id })
    }

    fn delete(&mut self, id: &str) -> Result<Edit, EditError> {
        let index = self
            .place_index(id)
            .ok_or_else(|| EditError::NoPlace(id.to_string()))?;
        let file = self.places[index].file;
        let position = self.slot_position(file, id).unwrap_or(0);
        self.changed(file);
        let old = self.places.remove(index);
        if let Some(f) = self.files.get_mut(file)
            && position < f.slots.len()
        {
            f.slots.remove(position);
        }
        self.rebuild_index();
        self.new_ids.remove(id);
        self.forget_issues(file, id);
        Ok(Edit::Insert {
            file,
            position,
            feature: old.written.map(|w| w.raw).unwrap_or_default(),
        })
    }

    /// The text file `file` would be saved as: the canonical layout of its features as the
    /// document holds them.
    pub fn file_text(&self, file: usize) -> Result<String, DocumentError> {
        let f = self.files.get(file).ok_or(DocumentError::NotPlaces(file))?;
        if f.role != FileRole::Places {
            return Err(DocumentError::NotPlaces(file));
        }
        if f.unreadable {
            return Err(DocumentError::Unreadable(f.display.clone()));
        }
        let features: Vec<&Value> = f
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Place(id) => self.place(id).map(|p| p.raw()),
                Slot::Raw(v) => Some(v),
            })
            .collect();
        Ok(collection_text(&f.members, features))
    }

    /// Saves file `file` atomically, with a backup of the previous version; it is no longer
    /// marked changed. A failed save changes nothing in the document.
    pub fn save(&mut self, file: usize) -> Result<(), DocumentError> {
        let text = self.file_text(file)?;
        let path = self.files[file].path.clone();
        save_atomic(&path, &text)?;
        self.drop_stale_lod(file)?;
        let f = &mut self.files[file];
        f.dirty = false;
        f.text_hash = text_hash(&text);
        // Saved ids are frozen: views and links may use them now.
        let saved: Vec<String> = self
            .places
            .iter()
            .filter(|p| p.file == file)
            .map(|p| p.id.clone())
            .collect();
        for id in saved {
            self.new_ids.remove(&id);
        }
        Ok(())
    }

    /// Pre-made levels of detail (`lod/`) fit the geometry they were made from: when a place
    /// edited in the app is saved, its levels are removed from the level-of-detail files, and the
    /// app derives its levels itself (the pipeline makes new ones on its next run).
    fn drop_stale_lod(&mut self, file: usize) -> Result<(), DocumentError> {
        let stale: Vec<String> = self
            .places
            .iter()
            .filter(|p| p.file == file && p.version > 0 && self.lod.contains_key(&p.id))
            .map(|p| p.id.clone())
            .collect();
        if stale.is_empty() {
            return Ok(());
        }
        for f in self.files.iter().filter(|f| f.role == FileRole::Lod) {
            let Ok(text) = std::fs::read_to_string(&f.path) else {
                continue;
            };
            let Ok(mut root) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let Some(features) = root.get_mut("features").and_then(Value::as_array_mut) else {
                continue;
            };
            let before = features.len();
            features.retain(|feat| {
                feat.pointer("/properties/id")
                    .and_then(Value::as_str)
                    .is_none_or(|id| !stale.iter().any(|s| s == id))
            });
            if features.len() != before
                && let Some(text) = super::format::canonical(&root)
            {
                save_atomic(&f.path, &text)?;
            }
        }
        for id in stale {
            self.lod.remove(&id);
        }
        Ok(())
    }

    /// The files with unsaved changes.
    pub fn dirty_files(&self) -> Vec<usize> {
        self.files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.dirty)
            .map(|(i, _)| i)
            .collect()
    }
}

/// Decimals written for coordinates an edit makes (~0.1 m), as the shipped files have.
pub const COORD_DECIMALS: i32 = 6;

fn round(v: f64) -> f64 {
    let k = 10f64.powi(COORD_DECIMALS);
    (v * k).round() / k
}

fn position(c: &Coord<f64>) -> Value {
    json!([round(c.x), round(c.y)])
}

fn line(l: &LineString<f64>) -> Value {
    Value::Array(l.0.iter().map(position).collect())
}

fn polygon(p: &Polygon<f64>) -> Value {
    let mut rings = vec![line(p.exterior())];
    rings.extend(p.interiors().iter().map(line));
    Value::Array(rings)
}

/// A geometry as GeoJSON, coordinates rounded to [`COORD_DECIMALS`].
pub fn geometry_value(g: &Geometry<f64>) -> Value {
    let (kind, coordinates) = match g {
        Geometry::Point(p) => ("Point", position(&p.0)),
        Geometry::MultiPoint(mp) => (
            "MultiPoint",
            Value::Array(mp.0.iter().map(|p| position(&p.0)).collect()),
        ),
        Geometry::LineString(l) => ("LineString", line(l)),
        Geometry::MultiLineString(ml) => (
            "MultiLineString",
            Value::Array(ml.0.iter().map(line).collect()),
        ),
        Geometry::Polygon(p) => ("Polygon", polygon(p)),
        Geometry::MultiPolygon(mp) => (
            "MultiPolygon",
            Value::Array(mp.0.iter().map(polygon).collect()),
        ),
        // Not produced by the editor; written as an empty collection.
        _ => return json!({"type": "GeometryCollection", "geometries": []}),
    };
    json!({"type": kind, "coordinates": coordinates})
}

/// `feature` with its geometry replaced.
pub fn with_geometry(feature: &Value, g: &Geometry<f64>) -> Value {
    let mut f = feature.clone();
    if let Some(obj) = f.as_object_mut() {
        obj.insert("geometry".into(), geometry_value(g));
    }
    f
}

/// `feature` with property `key` set to `value` (removed when `None`); a property keeps its
/// place among the others, a new one goes last. The top-level `id` follows `properties.id`.
pub fn with_property(feature: &Value, key: &str, value: Option<Value>) -> Value {
    let mut f = feature.clone();
    if let Some(obj) = f.as_object_mut() {
        if key == "id"
            && let Some(v) = &value
            && obj.contains_key("id")
        {
            obj.insert("id".into(), v.clone());
        }
        let props = obj
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if !props.is_object() {
            *props = Value::Object(Map::new());
        }
        if let Some(props) = props.as_object_mut() {
            match value {
                Some(v) => {
                    props.insert(key.to_string(), v);
                }
                // `shift_remove` keeps the order of the rest.
                None => {
                    props.shift_remove(key);
                }
            }
        }
    }
    f
}

/// A new place feature with the schema's required properties, in the documented order.
pub fn new_feature(id: &str, kind: crate::data::Kind, g: &Geometry<f64>) -> Value {
    json!({
        "type": "Feature",
        "id": id,
        "geometry": geometry_value(g),
        "properties": {
            "id": id,
            "name_zh": "",
            "name_en": "",
            "kind": kind.as_str(),
            "clauses": [],
            "accuracy": "approximate",
            "source": "",
        }
    })
}

/// What reading one file again found (see [`Dataset::reload_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileReload {
    /// The text is what the app last read or wrote (e.g. its own save).
    Unchanged,
    /// The file's places were replaced by what it holds now.
    Reloaded,
    /// The file has unsaved edits: the user must choose (nothing was changed).
    Conflict,
    /// The file cannot be read now: its places stay as they were, its problems are listed.
    Broken,
    /// The file is gone from disk: its places were removed.
    Removed,
}

impl Dataset {
    /// Reads places file `file` again after it changed on disk. Only places whose JSON changed
    /// get a new version (so only they are prepared again), and they get every check, polygon
    /// validity included. With `force`, unsaved edits in the file are dropped.
    pub fn reload_file(&mut self, file: usize, plan: &Plan, force: bool) -> FileReload {
        let Some(f) = self.files.get(file) else {
            return FileReload::Unchanged;
        };
        if f.role != FileRole::Places {
            return FileReload::Unchanged;
        }
        let display = f.display.clone();
        let path = f.path.clone();
        if !path.exists() {
            if f.dirty && !force {
                return FileReload::Conflict;
            }
            self.places.retain(|p| p.file != file);
            self.rebuild_index();
            self.issues.retain(|i| i.file != display);
            let f = &mut self.files[file];
            f.slots.clear();
            f.dirty = false;
            f.unreadable = true;
            f.text_hash = 0;
            self.revision += 1;
            return FileReload::Removed;
        }
        let text = match super::dataset::read_text(&path) {
            Ok(t) => t,
            Err((at, field, message)) => {
                self.issues.retain(|i| i.file != display);
                self.issues.push(super::issue::Issue::error(
                    display.clone(),
                    at,
                    field,
                    message,
                ));
                self.keep_note(file);
                return FileReload::Broken;
            }
        };
        let hash = text_hash(&text);
        if hash == f.text_hash && !force {
            return FileReload::Unchanged;
        }
        if f.dirty && !force {
            return FileReload::Conflict;
        }
        let mut issues = Issues::new(display.clone());
        let parsed = super::parse::parse_file(
            &text,
            FileRole::Places,
            file,
            plan,
            super::parse::Checks::App,
            &mut issues,
        );
        self.issues.retain(|i| i.file != display);
        if parsed.unreadable {
            self.issues.extend(issues.list);
            self.files[file].text_hash = hash;
            self.keep_note(file);
            return FileReload::Broken;
        }
        self.revision += 1;
        let revision = self.revision;
        let at = self
            .places
            .iter()
            .position(|p| p.file == file)
            .unwrap_or(self.places.len());
        let old: std::collections::HashMap<String, crate::data::Place> = {
            let mut old = std::collections::HashMap::new();
            let mut kept = Vec::with_capacity(self.places.len());
            for p in std::mem::take(&mut self.places) {
                if p.file == file {
                    old.insert(p.id.clone(), p);
                } else {
                    kept.push(p);
                }
            }
            self.places = kept;
            old
        };
        self.rebuild_index();
        let texts = clause_texts(plan);
        let mut slots = parsed.slots;
        let mut fresh = Vec::new();
        for mut place in parsed.places {
            if let Some(other) = self.place(&place.id) {
                let other = self
                    .files
                    .get(other.file)
                    .map(|f| f.display.clone())
                    .unwrap_or_default();
                issues.push(
                    super::issue::Locator::Feature(place.id.clone()),
                    "id",
                    format!("duplicate id: \"{}\" is already used in {other}", place.id),
                );
                if let Some(slot) = slots
                    .iter_mut()
                    .find(|s| matches!(s, Slot::Place(id) if *id == place.id))
                {
                    *slot = Slot::Raw(place.raw().clone());
                }
                continue;
            }
            match old.get(&place.id) {
                Some(o) if o.raw() == place.raw() => place.version = o.version,
                _ => {
                    place.version = revision;
                    super::parse::validity_issues(
                        &place.geometry,
                        &super::issue::Locator::Feature(place.id.clone()),
                        &mut issues,
                    );
                }
            }
            link_issues(&place, &texts, &mut issues);
            fresh.push(place);
        }
        let at = at.min(self.places.len());
        self.places.splice(at..at, fresh);
        self.rebuild_index();
        self.issues.extend(issues.list);
        let f = &mut self.files[file];
        f.slots = slots;
        f.members = parsed.members;
        f.text_hash = hash;
        f.dirty = false;
        f.unreadable = false;
        FileReload::Reloaded
    }

    /// Notes that a broken file's last good places are still shown.
    fn keep_note(&mut self, file: usize) {
        let kept = self.places.iter().filter(|p| p.file == file).count();
        if kept > 0 {
            let display = self.files[file].display.clone();
            self.issues.push(super::issue::Issue::error(
                display,
                super::issue::Locator::File,
                "file",
                format!("showing the {kept} places loaded before from this file until it is fixed"),
            ));
        }
    }

    /// The file at `path` (compared on disk, so `data/x` and `/abs/data/x` are one file).
    pub fn file_at(&self, path: &std::path::Path) -> Option<usize> {
        let key = |p: &std::path::Path| {
            let dir = p
                .parent()
                .and_then(|d| std::fs::canonicalize(d).ok())
                .unwrap_or_default();
            (dir, p.file_name().map(|n| n.to_os_string()))
        };
        let want = key(path);
        self.files.iter().position(|f| key(&f.path) == want)
    }
}
