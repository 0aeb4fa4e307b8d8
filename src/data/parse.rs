//! Reading one GeoJSON data file into features, reporting every problem precisely.
//!
//! Checks done here need only the file itself; checks across files (duplicate ids, quotes against
//! the plan, LOD ids) are in [`super::dataset`].

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use geo::{Validation, Winding};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::issue::{Issue, Issues, Locator};
use super::model::{
    Accuracy, BaseFeature, BaseKind, ClauseRef, Kind, PLACE_PROPERTIES, Place, REGION, Status,
    Unlinked, Written,
};
use super::stream;
use crate::plan::Plan;

/// What a data file holds, decided by the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// Places the plan names (every file not in `basemap/` or `lod/`).
    Places,
    /// Context drawn under the places (`basemap/`).
    Basemap,
    /// Coarser geometry of places, by id, for zoomed-out views (`lod/`).
    Lod,
    /// Any GeoJSON file the user opened beside the data (read-only, schema not required).
    Layer,
    /// An extra layer that was closed (kept so file indices stay as they are).
    Closed,
}

/// How thoroughly to check geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Everything, in every file (`gba-atlas check`).
    Full,
    /// Everything but the costly polygon validity test (self-intersections, holes outside),
    /// which the app runs in the background after start ([`validity_issues`]).
    App,
}

/// The features read from one file, with the problems found.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub places: Vec<Place>,
    /// The file's features in order (places files): a place by id, or a feature that could not
    /// be read as one, kept as written so that saving the file loses nothing.
    pub slots: Vec<Slot>,
    /// The FeatureCollection's members other than `features` (`type`, `name`, …), in order.
    pub members: Map<String, Value>,
    pub basemap: Vec<BaseFeature>,
    pub lod: Vec<(String, Geometry<f64>)>,
    /// The file could not be read as a FeatureCollection at all (syntax error, wrong type).
    pub unreadable: bool,
}

/// One feature of a places file, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// A place, by id (its JSON is [`Place::raw`]).
    Place(String),
    /// A feature that is not a valid place (see the file's problems), kept as written.
    Raw(Value),
}

/// A JSON syntax error as a problem at its line and column.
pub(crate) fn json_issue(e: &serde_json::Error, issues: &mut Issues) {
    let message = e.to_string();
    // serde_json appends " at line L column C": keep the message without it.
    let message = message
        .rsplit_once(" at line ")
        .map(|(m, _)| m.to_string())
        .unwrap_or(message);
    issues.push(
        // serde_json counts a position at the very start of a line as column 0; editors say 1.
        Locator::Position {
            line: e.line().max(1),
            column: e.column().max(1),
        },
        "json",
        message,
    );
}

/// A JSON value's type, for messages.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a whole file. `file_index` is stored in each place.
pub fn parse_file(
    text: &str,
    role: FileRole,
    file_index: usize,
    plan: &Plan,
    checks: Checks,
    issues: &mut Issues,
) -> ParsedFile {
    let validity = checks == Checks::Full;
    let mut out = ParsedFile::default();
    // Places (few, each kept as written for saving) are read as `Value`s in one pass; context
    // and levels of detail (many coordinates) are skimmed and read typed.
    let features: Vec<Item> = if role == FileRole::Places {
        match places_collection(text, issues) {
            Some((members, features)) => {
                out.members = members;
                features.into_iter().map(Item::Value).collect()
            }
            None => {
                out.unreadable = true;
                return out;
            }
        }
    } else {
        match skimmed_collection(text, issues) {
            Some(Ok((members, features))) => {
                out.members = members;
                features.into_iter().map(Item::Raw).collect()
            }
            Some(Err(e)) => return unreadable(e, issues),
            None => {
                out.unreadable = true;
                return out;
            }
        }
    };
    for (index, item) in features.into_iter().enumerate() {
        let at = || Locator::Feature(format!("#{index}"));
        // Context and levels of detail are read by the fast path when they are plainly valid,
        // anything amiss as `Value`s.
        let feature = match item {
            Item::Value(v) => v,
            Item::Raw(raw) => {
                if role == FileRole::Basemap
                    && let Some(f) = fast_base(raw)
                {
                    check_polygons(&f.geometry, &at(), validity, issues);
                    out.basemap.push(f);
                    continue;
                }
                if role == FileRole::Lod
                    && let Some((id, g)) = fast_lod(raw)
                {
                    check_polygons(&g, &Locator::Feature(id.clone()), validity, issues);
                    out.lod.push((id, g));
                    continue;
                }
                match value_of(text, raw) {
                    Ok(v) => v,
                    Err(e) => return unreadable(e, issues),
                }
            }
        };
        let fobj = match feature {
            Value::Object(fobj) => fobj,
            other => {
                issues.push(
                    at(),
                    "feature",
                    format!("expected a Feature object, found {}", type_name(&other)),
                );
                if role == FileRole::Places {
                    out.slots.push(Slot::Raw(other));
                }
                continue;
            }
        };
        if fobj.get("type").and_then(Value::as_str) != Some("Feature") {
            issues.push(at(), "type", "expected \"type\": \"Feature\"");
        }
        let empty = Map::new();
        let props = match fobj.get("properties") {
            Some(Value::Object(p)) => p,
            Some(other) => {
                issues.push(
                    at(),
                    "properties",
                    format!("expected an object, found {}", type_name(other)),
                );
                &empty
            }
            None => {
                issues.push(at(), "properties", "missing");
                &empty
            }
        };
        match role {
            // Opened layers are read by `Dataset::open_layer`, not here.
            FileRole::Layer | FileRole::Closed => {}
            FileRole::Places => {
                match parse_place(&fobj, props, index, file_index, plan, validity, issues) {
                    Some(mut place) => {
                        out.slots.push(Slot::Place(place.id.clone()));
                        place.written_mut().raw = Value::Object(fobj);
                        out.places.push(place);
                    }
                    None => out.slots.push(Slot::Raw(Value::Object(fobj))),
                }
            }
            FileRole::Basemap => {
                if let Some(f) = parse_base(&fobj, props, index, validity, issues) {
                    out.basemap.push(f);
                }
            }
            FileRole::Lod => {
                let at = props
                    .get("id")
                    .and_then(Value::as_str)
                    .map(|s| Locator::Feature(s.to_string()))
                    .unwrap_or_else(at);
                let Some(id) = props.get("id").and_then(Value::as_str) else {
                    issues.push(
                        at,
                        "id",
                        "missing: a level-of-detail feature names the place it simplifies",
                    );
                    continue;
                };
                if let Some(g) = parse_geometry(fobj.get("geometry"), &at, validity, issues) {
                    out.lod.push((id.to_string(), g));
                }
            }
        }
    }
    out
}

/// A feature of a file: read whole (places) or as raw text (context, levels of detail).
enum Item<'a> {
    Value(Value),
    Raw(&'a RawValue),
}

/// Checks a top-level `type`: a FeatureCollection, or the problem.
fn collection_type(ty: Option<&str>, issues: &mut Issues) -> bool {
    match ty {
        Some("FeatureCollection") => true,
        Some(other) => {
            issues.push(
                Locator::File,
                "type",
                format!("expected \"FeatureCollection\", found \"{other}\""),
            );
            false
        }
        None => {
            issues.push(
                Locator::File,
                "type",
                "missing \"type\": \"FeatureCollection\"",
            );
            false
        }
    }
}

fn not_a_collection(found: &str, issues: &mut Issues) {
    issues.push(
        Locator::File,
        "type",
        format!("expected a GeoJSON FeatureCollection object, found {found}"),
    );
}

/// A FeatureCollection read as one `Value`: its members (`features` in its place, emptied) and
/// its features; `None` when it is not one (the problem is in `issues`).
fn places_collection(text: &str, issues: &mut Issues) -> Option<(Map<String, Value>, Vec<Value>)> {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            json_issue(&e, issues);
            return None;
        }
    };
    let mut obj = match root {
        Value::Object(obj) => obj,
        other => {
            not_a_collection(type_name(&other), issues);
            return None;
        }
    };
    if !collection_type(obj.get("type").and_then(Value::as_str), issues) {
        return None;
    }
    // The features are taken out (moved, not copied); `features` keeps its place among the
    // members as an empty array.
    let Some(Value::Array(items)) = obj.get_mut("features") else {
        issues.push(Locator::File, "features", "missing array of features");
        return None;
    };
    let features = std::mem::take(items);
    Some((obj, features))
}

/// A skimmed FeatureCollection: its members as `Value`s (`features` in its place, empty) and
/// the raw text of its features. `None` when it is not one (the problem is in `issues`); an
/// error when a member holds a number no double holds.
#[allow(clippy::type_complexity)]
fn skimmed_collection<'a>(
    text: &'a str,
    issues: &mut Issues,
) -> Option<Result<(Map<String, Value>, Vec<&'a RawValue>), JsonError>> {
    let c = match stream::skim(text) {
        Ok(stream::Root::Object(c)) => c,
        Ok(stream::Root::Other(found)) => {
            not_a_collection(found, issues);
            return None;
        }
        Err(e) => {
            json_issue(&e, issues);
            return None;
        }
    };
    if !collection_type(c.text("type").as_deref(), issues) {
        return None;
    }
    let Some(features) = c.features else {
        issues.push(Locator::File, "features", "missing array of features");
        return None;
    };
    let mut members = Map::new();
    for (i, (key, value)) in c.members.iter().enumerate() {
        if c.features_at == Some(i) {
            members.insert("features".into(), Value::Array(Vec::new()));
        }
        match value_of(text, value) {
            Ok(v) => {
                members.insert(key.clone(), v);
            }
            Err(e) => return Some(Err(e)),
        }
    }
    if c.features_at == Some(c.members.len()) {
        members.insert("features".into(), Value::Array(Vec::new()));
    }
    Some(Ok((members, features)))
}

/// A syntax error found when a value the skim passed is read: the file is unreadable, as when
/// the skim finds one.
fn unreadable(e: JsonError, issues: &mut Issues) -> ParsedFile {
    issues.list.push(e.into_issue(&issues.file));
    ParsedFile {
        unreadable: true,
        ..Default::default()
    }
}

/// A JSON syntax error, at its line and column in the file.
pub(crate) struct JsonError {
    message: String,
    line: usize,
    column: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: json: {}", self.line, self.column, self.message)
    }
}

impl JsonError {
    pub(crate) fn into_issue(self, file: &str) -> Issue {
        Issue::error(
            file,
            Locator::Position {
                line: self.line.max(1),
                column: self.column.max(1),
            },
            "json",
            self.message,
        )
    }
}

/// A value of `text` (skimmed already) as a `Value`. The skim checks syntax but not that every
/// number fits in an f64 (`1e400`), so this can still fail: the error is placed in the file.
pub(crate) fn value_of(text: &str, raw: &RawValue) -> Result<Value, JsonError> {
    serde_json::from_str(raw.get()).map_err(|e| {
        let offset = (raw.get().as_ptr() as usize)
            .checked_sub(text.as_ptr() as usize)
            .filter(|o| *o <= text.len())
            .unwrap_or(0);
        let before = text.get(..offset).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let lines = before.matches('\n').count();
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map(|(m, _)| m.to_string())
            .unwrap_or(message);
        JsonError {
            message,
            line: lines + e.line(),
            column: if e.line() <= 1 {
                before[line_start..].chars().count() + e.column()
            } else {
                e.column()
            },
        }
    })
}

/// A text property of a fast-path feature: a string that is not blank.
fn fast_text(props: &[(std::borrow::Cow<'_, str>, &RawValue)], key: &str) -> Option<String> {
    props
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| stream::string(v))
        .filter(|s| !s.trim().is_empty())
}

/// A context feature that is plainly valid, read without `Value`s (`None`: read it as one).
fn fast_base(raw: &RawValue) -> Option<BaseFeature> {
    let (props, geometry) = stream::feature(raw)?;
    let kind = BaseKind::parse(&fast_text(&props, "kind")?)?;
    fast_text(&props, "source")?;
    // A name of any other type is no name, as the `Value` path reads it.
    let name = |key: &str| {
        props
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| stream::string(v))
    };
    Some(BaseFeature {
        kind,
        name_zh: name("name_zh"),
        name_en: name("name_en"),
        geometry,
    })
}

/// A level-of-detail feature that is plainly valid: its place's id and geometry.
fn fast_lod(raw: &RawValue) -> Option<(String, Geometry<f64>)> {
    let (props, geometry) = stream::feature(raw)?;
    let id = props
        .iter()
        .rev()
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| stream::string(v))?;
    Some((id, geometry))
}

/// The longest name a place may have, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Properties outside [`PLACE_PROPERTIES`] that the app reads as text.
const OPTIONAL_TEXTS: [&str; 2] = ["status_note", "name_zh_hant"];

/// Whether `id` is a valid place id: lowercase ASCII letters and digits in words joined by `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn parse_place(
    fobj: &Map<String, Value>,
    props: &Map<String, Value>,
    index: usize,
    file_index: usize,
    plan: &Plan,
    validity: bool,
    issues: &mut Issues,
) -> Option<Place> {
    // The id first: every later message names it.
    let id = match props.get("id") {
        Some(Value::String(s)) if valid_id(s) => Some(s.clone()),
        Some(Value::String(s)) => {
            issues.push(
                Locator::Feature(format!("#{index}")),
                "id",
                format!("\"{s}\" is not a valid id: use lowercase letters, digits and single hyphens (e.g. \"hong-kong\")"),
            );
            None
        }
        Some(other) => {
            issues.push(
                Locator::Feature(format!("#{index}")),
                "id",
                format!("expected a string, found {}", type_name(other)),
            );
            None
        }
        None => {
            issues.push(Locator::Feature(format!("#{index}")), "id", "missing");
            None
        }
    };
    let at = Locator::Feature(id.clone().unwrap_or_else(|| format!("#{index}")));
    if let (Some(id), Some(top)) = (&id, fobj.get("id"))
        && top.as_str() != Some(id.as_str())
    {
        issues.push(
            at.clone(),
            "id",
            format!("the feature's top-level id {top} differs from properties.id \"{id}\""),
        );
    }

    // A name is drawn as a label and searched: one of a million characters is a broken file.
    let short = |name: Option<String>, field: &str, issues: &mut Issues| {
        let n = name.as_ref().map_or(0, |s| s.chars().count());
        if n > MAX_NAME_CHARS {
            issues.push(
                at.clone(),
                field,
                format!("is {n} characters long: a name has at most {MAX_NAME_CHARS}"),
            );
            return None;
        }
        name
    };
    let name_zh = required_string(props, "name_zh", &at, issues);
    let name_zh = short(name_zh, "name_zh", issues);
    let name_en = required_string(props, "name_en", &at, issues);
    let name_en = short(name_en, "name_en", issues);
    let source = required_string(props, "source", &at, issues);
    let kind = required_enum(props, "kind", &at, issues, Kind::parse, Kind::list);
    let accuracy = required_enum(
        props,
        "accuracy",
        &at,
        issues,
        Accuracy::parse,
        Accuracy::list,
    );
    let status = match props.get("status") {
        None | Some(Value::Null) => None,
        Some(_) => required_enum(props, "status", &at, issues, Status::parse, Status::list),
    };
    let clauses = parse_clause_refs(props.get("clauses"), &at, plan, issues);
    let aliases = match props.get("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                other => {
                    issues.push(
                        at.clone(),
                        format!("aliases[{i}]"),
                        format!("expected a non-empty string, found {}", type_name(other)),
                    );
                    None
                }
            })
            .collect(),
        Some(other) => {
            issues.push(
                at.clone(),
                "aliases",
                format!("expected an array of strings, found {}", type_name(other)),
            );
            Vec::new()
        }
    };
    let unlinked = parse_unlinked(props.get("unlinked"), &at, issues);
    let note = match props.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(
                at.clone(),
                "note",
                format!("expected a string, found {}", type_name(other)),
            );
            None
        }
    };
    let label_at = match props.get("label_at") {
        None | Some(Value::Null) => None,
        Some(v) => match position(v) {
            Some(c) if REGION.contains(c) => Some(c),
            Some(c) => {
                issues.push(at.clone(), "label_at", outside_message(c));
                None
            }
            None => {
                issues.push(
                    at.clone(),
                    "label_at",
                    format!("expected a position [lon, lat], found {v}"),
                );
                None
            }
        },
    };
    // Optional texts the app reads beyond the core schema: kept as written, but a value that is
    // not a string is an error, not something the app silently ignores.
    for key in OPTIONAL_TEXTS {
        match props.get(key) {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            Some(other) => issues.push(
                at.clone(),
                key,
                format!("expected a string, found {}", type_name(other)),
            ),
        }
    }
    let geometry = parse_geometry(fobj.get("geometry"), &at, validity, issues);
    let extra = props
        .iter()
        .filter(|(k, _)| !PLACE_PROPERTIES.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();

    Some(Place {
        id: id?,
        name_zh: name_zh.unwrap_or_default(),
        name_en: name_en.unwrap_or_default(),
        kind: kind?,
        clauses,
        accuracy: accuracy.unwrap_or(Accuracy::Approximate),
        status,
        geometry: geometry?,
        file: file_index,
        version: 0,
        written: Some(Box::new(Written {
            source: source.unwrap_or_default(),
            aliases,
            unlinked,
            note,
            label_at,
            extra,
            // Set by the caller, which owns the feature's JSON.
            raw: Value::Null,
        })),
        props: None,
    })
}

/// Reads one feature (a JSON object) as a place, as [`parse_file`] would: the feature at `index`
/// of file `file_index`, its problems added to `issues`. Used when an edit changes a feature.
pub fn parse_feature(
    feature: &Value,
    index: usize,
    file_index: usize,
    plan: &Plan,
    validity: bool,
    issues: &mut Issues,
) -> Option<Place> {
    let at = Locator::Feature(format!("#{index}"));
    let Some(fobj) = feature.as_object() else {
        issues.push(
            at,
            "feature",
            format!("expected a Feature object, found {}", type_name(feature)),
        );
        return None;
    };
    let empty = Map::new();
    let props = match fobj.get("properties") {
        Some(Value::Object(p)) => p,
        _ => {
            issues.push(at, "properties", "missing");
            &empty
        }
    };
    let mut place = parse_place(fobj, props, index, file_index, plan, validity, issues)?;
    place.written_mut().raw = feature.clone();
    Some(place)
}

fn outside_message(c: Coord<f64>) -> String {
    let swapped = Coord { x: c.y, y: c.x };
    if REGION.contains(swapped) {
        format!(
            "[{}, {}] looks like [lat, lon]: GeoJSON positions are [lon, lat] (swap them)",
            c.x, c.y
        )
    } else {
        format!(
            "[{}, {}] is outside the region (lon {}–{}, lat {}–{}, WGS-84)",
            c.x, c.y, REGION.min.x, REGION.max.x, REGION.min.y, REGION.max.y
        )
    }
}

fn required_string(
    props: &Map<String, Value>,
    field: &str,
    at: &Locator,
    issues: &mut Issues,
) -> Option<String> {
    match props.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_)) => {
            issues.push(at.clone(), field, "is empty");
            None
        }
        Some(other) => {
            issues.push(
                at.clone(),
                field,
                format!("expected a string, found {}", type_name(other)),
            );
            None
        }
        None => {
            issues.push(at.clone(), field, "missing");
            None
        }
    }
}

fn required_enum<T>(
    props: &Map<String, Value>,
    field: &str,
    at: &Locator,
    issues: &mut Issues,
    parse: fn(&str) -> Option<T>,
    list: fn() -> String,
) -> Option<T> {
    match props.get(field) {
        Some(Value::String(s)) => {
            let parsed = parse(s);
            if parsed.is_none() {
                issues.push(
                    at.clone(),
                    field,
                    format!("unknown {field} \"{s}\"; expected one of: {}", list()),
                );
            }
            parsed
        }
        Some(other) => {
            issues.push(
                at.clone(),
                field,
                format!(
                    "expected a string (one of: {}), found {}",
                    list(),
                    type_name(other)
                ),
            );
            None
        }
        None => {
            issues.push(at.clone(), field, format!("missing (one of: {})", list()));
            None
        }
    }
}

pub(crate) fn parse_clause_refs(
    v: Option<&Value>,
    at: &Locator,
    plan: &Plan,
    issues: &mut Issues,
) -> Vec<ClauseRef> {
    let items = match v {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            issues.push(
                at.clone(),
                "clauses",
                "is empty: a place is on the map because clauses name it",
            );
            return Vec::new();
        }
        Some(other) => {
            issues.push(
                at.clone(),
                "clauses",
                format!(
                    "expected an array of {{\"clause\": n, \"quotes\": [...]}}, found {}",
                    type_name(other)
                ),
            );
            return Vec::new();
        }
        None => {
            issues.push(at.clone(), "clauses", "missing");
            return Vec::new();
        }
    };
    let mut refs: Vec<ClauseRef> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("clauses[{i}]");
        let Some(obj) = item.as_object() else {
            issues.push(
                at.clone(),
                field,
                format!(
                    "expected {{\"clause\": n, \"quotes\": [...]}}, found {}",
                    type_name(item)
                ),
            );
            continue;
        };
        let clause = match obj.get("clause") {
            Some(Value::Number(n)) => match n.as_u64() {
                Some(n) if (1..=crate::plan::CLAUSE_COUNT as u64).contains(&n) => Some(n as u32),
                _ => {
                    issues.push(
                        at.clone(),
                        format!("{field}.clause"),
                        format!("{n} is not a clause number: the plan's clauses are 1..66"),
                    );
                    None
                }
            },
            Some(other) => {
                issues.push(
                    at.clone(),
                    format!("{field}.clause"),
                    format!("expected a clause number 1..66, found {}", type_name(other)),
                );
                None
            }
            None => {
                issues.push(at.clone(), format!("{field}.clause"), "missing");
                None
            }
        };
        let quotes: Vec<String> = match obj.get("quotes") {
            Some(Value::Array(q)) if !q.is_empty() => q
                .iter()
                .enumerate()
                .filter_map(|(j, v)| match v {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    other => {
                        issues.push(
                            at.clone(),
                            format!("{field}.quotes[{j}]"),
                            format!(
                                "expected the plan's words as a non-empty string, found {}",
                                type_name(other)
                            ),
                        );
                        None
                    }
                })
                .collect(),
            Some(Value::Array(_)) => {
                issues.push(
                    at.clone(),
                    format!("{field}.quotes"),
                    "is empty: give the plan's exact words that name the place in this clause",
                );
                Vec::new()
            }
            Some(other) => {
                issues.push(
                    at.clone(),
                    format!("{field}.quotes"),
                    format!("expected an array of strings, found {}", type_name(other)),
                );
                Vec::new()
            }
            None => {
                issues.push(at.clone(), format!("{field}.quotes"), "missing");
                Vec::new()
            }
        };
        if let Some(clause) = clause {
            if refs.iter().any(|r| r.clause == clause) {
                issues.push(
                    at.clone(),
                    format!("{field}.clause"),
                    format!("clause {clause} is listed twice: put all its quotes in one entry"),
                );
                continue;
            }
            if let Some(text) = plan.clause(clause).map(|c| c.text()) {
                for (j, quote) in quotes.iter().enumerate() {
                    if !text.contains(quote.as_str()) {
                        issues.push(
                            at.clone(),
                            format!("{field}.quotes[{j}]"),
                            format!(
                                "\"{quote}\" does not occur in clause {clause} （{}）: quotes must be the plan's exact words",
                                crate::plan::to_chinese(clause)
                            ),
                        );
                    }
                }
            }
            refs.push(ClauseRef { clause, quotes });
        }
    }
    refs
}

/// `unlinked`: `[{"clause": n, "reason": "..."}]`.
fn parse_unlinked(v: Option<&Value>, at: &Locator, issues: &mut Issues) -> Vec<Unlinked> {
    let items = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            issues.push(
                at.clone(),
                "unlinked",
                format!(
                    "expected an array of {{\"clause\": n, \"reason\": \"...\"}}, found {}",
                    type_name(other)
                ),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("unlinked[{i}]");
        let Some(obj) = item.as_object() else {
            issues.push(
                at.clone(),
                field,
                format!(
                    "expected {{\"clause\": n, \"reason\": \"...\"}}, found {}",
                    type_name(item)
                ),
            );
            continue;
        };
        let clause = match obj.get("clause").and_then(Value::as_u64) {
            Some(n) if (1..=crate::plan::CLAUSE_COUNT as u64).contains(&n) => Some(n as u32),
            Some(n) => {
                issues.push(
                    at.clone(),
                    format!("{field}.clause"),
                    format!("{n} is not a clause number: the plan's clauses are 1..66"),
                );
                None
            }
            None => {
                issues.push(
                    at.clone(),
                    format!("{field}.clause"),
                    "expected a clause number 1..66",
                );
                None
            }
        };
        let reason = match obj.get("reason") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => {
                issues.push(
                    at.clone(),
                    format!("{field}.reason"),
                    "expected a non-empty string: why the clause does not name the place",
                );
                None
            }
        };
        if let (Some(clause), Some(reason)) = (clause, reason) {
            out.push(Unlinked { clause, reason });
        }
    }
    out
}

fn parse_base(
    fobj: &Map<String, Value>,
    props: &Map<String, Value>,
    index: usize,
    validity: bool,
    issues: &mut Issues,
) -> Option<BaseFeature> {
    let at = Locator::Feature(format!("#{index}"));
    let kind = required_enum(props, "kind", &at, issues, BaseKind::parse, BaseKind::list);
    required_string(props, "source", &at, issues);
    let opt = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
    let geometry = parse_geometry(fobj.get("geometry"), &at, validity, issues);
    Some(BaseFeature {
        kind: kind?,
        name_zh: opt("name_zh"),
        name_en: opt("name_en"),
        geometry: geometry?,
    })
}

/// `[lon, lat]` or `[lon, lat, alt]` of finite numbers.
fn position(v: &Value) -> Option<Coord<f64>> {
    let a = v.as_array()?;
    if !(2..=3).contains(&a.len()) {
        return None;
    }
    let x = a[0].as_f64()?;
    let y = a[1].as_f64()?;
    if a.len() == 3 {
        a[2].as_f64()?;
    }
    (x.is_finite() && y.is_finite()).then_some(Coord { x, y })
}

/// Reads nested coordinate arrays, reporting the first malformed one with its path.
struct CoordReader<'a> {
    at: &'a Locator,
    ok: bool,
    outside: Option<(String, Coord<f64>)>,
}

impl CoordReader<'_> {
    fn fail(&mut self, issues: &mut Issues, path: &str, message: String) {
        if self.ok {
            issues.push(
                self.at.clone(),
                format!("geometry.coordinates{path}"),
                message,
            );
        }
        self.ok = false;
    }

    fn pos(&mut self, v: &Value, path: &str, issues: &mut Issues) -> Coord<f64> {
        match position(v) {
            Some(c) => {
                if self.outside.is_none() && !REGION.contains(c) {
                    self.outside = Some((path.to_string(), c));
                }
                c
            }
            None => {
                self.fail(
                    issues,
                    path,
                    format!("expected a position [lon, lat], found {v}"),
                );
                Coord { x: 0.0, y: 0.0 }
            }
        }
    }

    fn array<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        what: &str,
        issues: &mut Issues,
    ) -> &'v [Value] {
        match v.as_array() {
            Some(a) => a,
            None => {
                self.fail(
                    issues,
                    path,
                    format!("expected an array of {what}, found {}", type_name(v)),
                );
                &[]
            }
        }
    }

    fn line(&mut self, v: &Value, path: &str, issues: &mut Issues) -> LineString<f64> {
        let items = self.array(v, path, "positions", issues);
        if items.len() < 2 && self.ok {
            self.fail(
                issues,
                path,
                format!("a line needs at least 2 positions, found {}", items.len()),
            );
        }
        let coords = items
            .iter()
            .enumerate()
            .map(|(i, p)| self.pos(p, &format!("{path}[{i}]"), issues))
            .collect();
        LineString::new(coords)
    }

    fn ring(&mut self, v: &Value, path: &str, issues: &mut Issues) -> LineString<f64> {
        let items = self.array(v, path, "positions", issues);
        let coords: Vec<Coord<f64>> = items
            .iter()
            .enumerate()
            .map(|(i, p)| self.pos(p, &format!("{path}[{i}]"), issues))
            .collect();
        if !self.ok {
            return LineString::new(coords);
        }
        if coords.len() < 4 {
            self.fail(
                issues,
                path,
                format!(
                    "a ring needs at least 4 positions (first = last), found {}",
                    coords.len()
                ),
            );
        } else if coords.first() != coords.last() {
            let (f, l) = (coords[0], coords[coords.len() - 1]);
            self.fail(
                issues,
                path,
                format!(
                    "ring is not closed: first position [{}, {}] differs from last [{}, {}]",
                    f.x, f.y, l.x, l.y
                ),
            );
        }
        LineString::new(coords)
    }

    fn polygon(&mut self, v: &Value, path: &str, issues: &mut Issues) -> Polygon<f64> {
        let rings = self.array(v, path, "rings", issues);
        if rings.is_empty() {
            self.fail(issues, path, "a polygon needs an exterior ring".to_string());
            return Polygon::new(LineString::new(vec![]), vec![]);
        }
        let mut lines: Vec<LineString<f64>> = rings
            .iter()
            .enumerate()
            .map(|(i, r)| self.ring(r, &format!("{path}[{i}]"), issues))
            .collect();
        let exterior = lines.remove(0);
        Polygon::new(exterior, lines)
    }
}

/// Reads and checks a GeoJSON geometry. Returns it when it is well-formed and in the region (it
/// may still have reported problems of orientation or validity, which do not stop drawing it).
pub fn parse_geometry(
    v: Option<&Value>,
    at: &Locator,
    validity: bool,
    issues: &mut Issues,
) -> Option<Geometry<f64>> {
    let g = match v {
        None | Some(Value::Null) => {
            issues.push(
                at.clone(),
                "geometry",
                "missing: every feature needs a geometry",
            );
            return None;
        }
        Some(Value::Object(g)) => g,
        Some(other) => {
            issues.push(
                at.clone(),
                "geometry",
                format!("expected a geometry object, found {}", type_name(other)),
            );
            return None;
        }
    };
    let Some(coords) = g.get("coordinates") else {
        issues.push(at.clone(), "geometry.coordinates", "missing");
        return None;
    };
    let mut r = CoordReader {
        at,
        ok: true,
        outside: None,
    };
    let geometry: Geometry<f64> = match g.get("type").and_then(Value::as_str) {
        Some("Point") => Point(r.pos(coords, "", issues)).into(),
        Some("MultiPoint") => {
            let items = r.array(coords, "", "positions", issues);
            let pts = items
                .iter()
                .enumerate()
                .map(|(i, p)| Point(r.pos(p, &format!("[{i}]"), issues)))
                .collect::<Vec<_>>();
            MultiPoint::new(pts).into()
        }
        Some("LineString") => r.line(coords, "", issues).into(),
        Some("MultiLineString") => {
            let items = r.array(coords, "", "lines", issues);
            let lines = items
                .iter()
                .enumerate()
                .map(|(i, l)| r.line(l, &format!("[{i}]"), issues))
                .collect::<Vec<_>>();
            MultiLineString::new(lines).into()
        }
        Some("Polygon") => r.polygon(coords, "", issues).into(),
        Some("MultiPolygon") => {
            let items = r.array(coords, "", "polygons", issues);
            let polys = items
                .iter()
                .enumerate()
                .map(|(i, p)| r.polygon(p, &format!("[{i}]"), issues))
                .collect::<Vec<_>>();
            MultiPolygon::new(polys).into()
        }
        Some(other) => {
            issues.push(
                at.clone(),
                "geometry.type",
                format!("\"{other}\" is not supported: use Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon"),
            );
            return None;
        }
        None => {
            issues.push(at.clone(), "geometry.type", "missing");
            return None;
        }
    };
    if !r.ok {
        return None;
    }
    // A multi-geometry with no parts is valid JSON but puts the feature nowhere.
    let parts = match &geometry {
        Geometry::MultiPoint(mp) => Some(mp.0.len()),
        Geometry::MultiLineString(ml) => Some(ml.0.len()),
        Geometry::MultiPolygon(mp) => Some(mp.0.len()),
        _ => None,
    };
    if parts == Some(0) {
        issues.push(
            at.clone(),
            "geometry.coordinates",
            "is empty: the feature has no position (give it at least one part)",
        );
        return None;
    }
    if let Some((path, c)) = r.outside {
        issues.push(
            at.clone(),
            format!("geometry.coordinates{path}"),
            outside_message(c),
        );
        return None;
    }
    check_polygons(&geometry, at, validity, issues);
    Some(geometry)
}

/// Ring orientation (RFC 7946: exterior counter-clockwise, holes clockwise) and validity
/// (self-intersections, holes outside their exterior).
pub(crate) fn check_polygons(
    geometry: &Geometry<f64>,
    at: &Locator,
    validity: bool,
    issues: &mut Issues,
) {
    let polygons: Vec<(String, &Polygon<f64>)> = match geometry {
        Geometry::Polygon(p) => vec![(String::new(), p)],
        Geometry::MultiPolygon(mp) => {
            mp.0.iter()
                .enumerate()
                .map(|(i, p)| (format!("[{i}]"), p))
                .collect()
        }
        _ => return,
    };
    for (path, polygon) in polygons {
        if polygon.exterior().is_cw() {
            issues.push(
                at.clone(),
                format!("geometry.coordinates{path}[0]"),
                "exterior ring is clockwise: RFC 7946 wants exterior rings counter-clockwise (reverse it)",
            );
        }
        for (i, hole) in polygon.interiors().iter().enumerate() {
            if hole.is_ccw() {
                issues.push(
                    at.clone(),
                    format!("geometry.coordinates{path}[{}]", i + 1),
                    "hole is counter-clockwise: RFC 7946 wants holes clockwise (reverse it)",
                );
            }
        }
        if validity {
            check_validity(polygon, &path, at, issues);
        }
    }
}

/// Polygons with more vertices than this are checked by a sweep over their segments, not by
/// geo's validation, which compares every segment with every other (a ring of a million
/// vertices would take hours).
pub const SWEEP_VERTICES: usize = 4096;

/// A segment of a polygon's ring, for the sweep: (ring, index in the ring, the line).
#[derive(Debug, Clone, Copy)]
struct RingSegment(usize, usize, geo::Line<f64>);

impl geo::algorithm::sweep::Cross for RingSegment {
    type Scalar = f64;
    fn line(&self) -> geo::Line<f64> {
        self.2
    }
}

/// The first problem of a large polygon, found in O((n + k) log n): a ring that crosses or
/// touches itself, two rings that cross, a hole with a vertex outside the exterior.
fn large_polygon_problem(polygon: &Polygon<f64>) -> Option<String> {
    let rings: Vec<&LineString<f64>> = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .collect();
    let name = |r: usize| {
        if r == 0 {
            "exterior ring".to_string()
        } else {
            format!("interior ring #{}", r - 1)
        }
    };
    for (r, ring) in rings.iter().enumerate() {
        if ring.0.len() < 4 {
            return Some(format!("{} must have at least 3 distinct points", name(r)));
        }
    }
    // Repeated vertices make segments of no length: left out, and the rest numbered in order,
    // so that neighbours across a repeated vertex are still neighbours.
    let segments: Vec<Vec<RingSegment>> = rings
        .iter()
        .enumerate()
        .map(|(r, ring)| {
            ring.lines()
                .filter(|l| l.start != l.end)
                .enumerate()
                .map(|(i, l)| RingSegment(r, i, l))
                .collect()
        })
        .collect();
    let counts: Vec<usize> = segments.iter().map(Vec::len).collect();
    for (a, b, hit) in geo::Intersections::from_iter(segments.into_iter().flatten()) {
        let (a, b) = if (a.0, a.1) <= (b.0, b.1) {
            (a, b)
        } else {
            (b, a)
        };
        if a.0 == b.0 {
            // Neighbours in a ring meet at their shared vertex; that is no crossing.
            let n = counts[a.0];
            let adjacent = b.1 == a.1 + 1 || (a.1 == 0 && b.1 + 1 == n);
            let shared_only = matches!(
                hit,
                geo::LineIntersection::SinglePoint {
                    is_proper: false,
                    ..
                }
            );
            if adjacent && shared_only {
                continue;
            }
            return Some(format!("{} has a self-intersection", name(a.0)));
        }
        // Rings may touch at a point, not cross or run along each other.
        if hit.is_proper() || matches!(hit, geo::LineIntersection::Collinear { .. }) {
            return Some(format!("{} and {} intersect", name(a.0), name(b.0)));
        }
    }
    // The rings do not cross, so a hole is inside the exterior if any of its vertices is: one
    // test per hole, not one per vertex.
    let exterior = Polygon::new(polygon.exterior().clone(), Vec::new());
    for (r, hole) in rings.iter().enumerate().skip(1) {
        if let Some(c) = hole.0.first()
            && !geo::Intersects::intersects(&exterior, &geo::Point::from(*c))
        {
            return Some(format!(
                "{} is not contained within the polygon's exterior",
                name(r)
            ));
        }
    }
    None
}

fn check_validity(polygon: &Polygon<f64>, path: &str, at: &Locator, issues: &mut Issues) {
    let vertices =
        polygon.exterior().0.len() + polygon.interiors().iter().map(|r| r.0.len()).sum::<usize>();
    if vertices > SWEEP_VERTICES {
        if let Some(problem) = large_polygon_problem(polygon) {
            issues.push(
                at.clone(),
                format!("geometry.coordinates{path}"),
                format!("invalid polygon: {problem}"),
            );
        }
        return;
    }
    if let Err(problem) = polygon.check_validation() {
        issues.push(
            at.clone(),
            format!("geometry.coordinates{path}"),
            format!("invalid polygon: {problem}"),
        );
    }
}

/// The polygon validity test alone (what [`Checks::App`] leaves out), for one feature's
/// geometry: the same messages `gba-atlas check` gives.
pub fn validity_issues(geometry: &Geometry<f64>, at: &Locator, issues: &mut Issues) {
    match geometry {
        Geometry::Polygon(p) => check_validity(p, "", at, issues),
        Geometry::MultiPolygon(mp) => {
            for (i, p) in mp.0.iter().enumerate() {
                check_validity(p, &format!("[{i}]"), at, issues);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every feature of the bundled context and levels of detail is plainly valid, so the fast
    /// path reads it; it must read exactly what the `Value` path reads.
    #[test]
    fn the_fast_path_reads_the_bundled_context_and_levels_as_the_value_path_does() {
        let mut compared = 0;
        for dir in ["basemap", "lod"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data")
                .join(dir);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let stream::Root::Object(c) = stream::skim(&text).unwrap() else {
                    panic!("{path:?}: not an object")
                };
                for (i, raw) in c.features.unwrap().into_iter().enumerate() {
                    let v: Value = serde_json::from_str(raw.get()).unwrap();
                    let fobj = v.as_object().unwrap();
                    let props = fobj["properties"].as_object().unwrap();
                    let mut issues = Issues::new("x");
                    if dir.ends_with("basemap") {
                        let slow = parse_base(fobj, props, i, false, &mut issues);
                        assert_eq!(fast_base(raw), slow, "{path:?} #{i}");
                    } else {
                        let at = Locator::Feature(format!("#{i}"));
                        let slow = parse_geometry(fobj.get("geometry"), &at, false, &mut issues)
                            .map(|g| (props["id"].as_str().unwrap().to_string(), g));
                        assert_eq!(fast_lod(raw), slow, "{path:?} #{i}");
                    }
                    assert!(issues.list.is_empty(), "{:?}", issues.list);
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared} features compared");
    }

    #[test]
    fn a_number_too_large_for_a_double_is_placed_in_the_file() {
        // The skim passes `1e400` (it checks syntax, not range); reading the feature finds it.
        let text = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {\"id\": \"a\", \"n\": 1e400}, \"geometry\": null}]}";
        let mut issues = Issues::new("f.geojson");
        let plan = crate::plan::Plan::bundled().unwrap();
        let out = parse_file(text, FileRole::Places, 0, &plan, Checks::App, &mut issues);
        assert!(out.unreadable && out.places.is_empty());
        let shown: Vec<String> = issues.list.iter().map(|i| i.to_string()).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].starts_with("f.geojson:2:") && shown[0].contains("json: number out of range"),
            "{shown:?}"
        );
    }

    fn circle(n: usize, repeat_every: usize) -> Vec<Coord<f64>> {
        let mut ring = Vec::new();
        for i in 0..n {
            let t = i as f64 / n as f64 * std::f64::consts::TAU;
            let c = Coord {
                x: 113.6 + 0.05 * t.cos(),
                y: 22.7 + 0.05 * t.sin(),
            };
            ring.push(c);
            if repeat_every > 0 && i % repeat_every == 0 {
                ring.push(c);
            }
        }
        ring.push(ring[0]);
        ring
    }

    #[test]
    fn a_large_ring_with_repeated_vertices_is_valid() {
        let p = Polygon::new(LineString::new(circle(SWEEP_VERTICES * 2, 7)), Vec::new());
        assert_eq!(large_polygon_problem(&p), None);
    }

    #[test]
    fn a_large_ring_that_crosses_itself_is_not() {
        let mut ring = circle(SWEEP_VERTICES * 2, 0);
        // Two vertices far apart swapped: their segments cross the ring.
        let n = ring.len();
        ring.swap(10, n / 2);
        let p = Polygon::new(LineString::new(ring), Vec::new());
        let problem = large_polygon_problem(&p);
        assert!(
            problem
                .as_deref()
                .is_some_and(|m| m.contains("self-intersection")),
            "{problem:?}"
        );
    }

    #[test]
    fn a_hole_outside_a_large_exterior_is_found() {
        let exterior = LineString::new(circle(SWEEP_VERTICES * 2, 0));
        let hole: LineString<f64> = LineString::from(vec![
            (114.0, 23.0),
            (114.0, 23.1),
            (114.1, 23.1),
            (114.1, 23.0),
            (114.0, 23.0),
        ]);
        let p = Polygon::new(exterior, vec![hole]);
        let problem = large_polygon_problem(&p);
        assert!(
            problem
                .as_deref()
                .is_some_and(|m| m.contains("not contained")),
            "{problem:?}"
        );
    }
}
