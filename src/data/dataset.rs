//! Loading a data directory: every GeoJSON file in it, checked alone and against each other.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use geo::Geometry;

use super::issue::{Issue, Issues, Locator, Severity};
use super::model::{BaseFeature, Place};
use super::parse::{Checks, FileRole, ParsedFile, Slot, parse_file, validity_issues};
use crate::plan::Plan;

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: cannot read data directory: {source}")]
    ReadDir {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a directory")]
    NotADirectory { path: String },
}

/// The list of names with no site, in the data directory.
pub const UNMAPPED_FILE: &str = "unmapped.json";

/// One data file that was found.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFile {
    pub path: PathBuf,
    /// The path as shown in messages: the data directory as given, joined with the file's path
    /// in it (`data/places/zones.geojson`).
    pub display: String,
    pub role: FileRole,
    /// Could not be read as a FeatureCollection (see the issues); nothing came from it.
    pub unreadable: bool,
    /// Changed in the app since it was read or saved.
    pub dirty: bool,
    /// The FeatureCollection's members but `features`, in order (places files).
    pub members: serde_json::Map<String, serde_json::Value>,
    /// The features in file order (places files).
    pub slots: Vec<Slot>,
    /// The text the app last read or wrote, to tell its own saves from outside changes.
    pub text_hash: u64,
    /// How many features the file holds, read or not (extra layers).
    pub feature_count: usize,
}

impl DataFile {
    pub fn new(path: PathBuf, display: String, role: FileRole) -> DataFile {
        DataFile {
            path,
            display,
            role,
            unreadable: false,
            dirty: false,
            members: serde_json::Map::new(),
            slots: Vec::new(),
            text_hash: 0,
            feature_count: 0,
        }
    }
}

/// A hash of a file's text (to recognise the app's own writes).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Coarser geometry for one place, used at zooms up to `max_zoom`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lod {
    pub max_zoom: u8,
    pub geometry: Geometry<f64>,
    /// The file it was read from (an index into [`Dataset::files`]).
    pub file: usize,
}

/// Everything loaded from a data directory, and every problem found.
#[derive(Debug)]
pub struct Dataset {
    pub root: PathBuf,
    pub files: Vec<DataFile>,
    pub places: Vec<Place>,
    pub basemap: Vec<BaseFeature>,
    /// Levels of detail by place id, coarsest first.
    pub lod: HashMap<String, Vec<Lod>>,
    /// Names the plan gives that are not on the map (`unmapped.json`).
    pub unmapped: Vec<super::Unmapped>,
    pub issues: Vec<Issue>,
    /// How thoroughly it was checked (a reload checks the same way).
    pub checks: Checks,
    /// Incremented by every change to the places (see [`Dataset::apply`]); caches built from the
    /// places remember the revision they were built from.
    pub revision: u64,
    /// Place index by id.
    pub(crate) index: super::id_index::IdIndex,
    /// Places added in the app and not saved yet: their id may still change.
    pub new_ids: std::collections::BTreeSet<String>,
}

impl Default for Dataset {
    fn default() -> Self {
        Dataset {
            root: PathBuf::new(),
            files: Vec::new(),
            places: Vec::new(),
            basemap: Vec::new(),
            lod: HashMap::new(),
            unmapped: Vec::new(),
            issues: Vec::new(),
            checks: Checks::Full,
            revision: 0,
            index: super::id_index::IdIndex::default(),
            new_ids: std::collections::BTreeSet::new(),
        }
    }
}

/// Places on the map against names the plan gives that are not (see [`Dataset::place_coverage`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceCoverage {
    pub mapped: usize,
    pub not_located: usize,
    pub outside: usize,
    pub no_site: usize,
}

impl PlaceCoverage {
    /// Share (0–100) of the places with a site in the map's region that are on the map.
    pub fn percent_in_region(&self) -> f64 {
        let sited = self.mapped + self.not_located;
        if sited == 0 {
            return 0.0;
        }
        100.0 * self.mapped as f64 / sited as f64
    }
}

impl Dataset {
    /// Loads every `*.geojson` under `dir` (recursively, in path order). Problems in files are
    /// collected in [`Dataset::issues`] and the rest still loads; only a missing or unreadable
    /// directory is an error.
    pub fn load(dir: &Path, plan: &Plan) -> Result<Dataset, DataError> {
        Dataset::load_with(dir, plan, Checks::Full)
    }

    /// Loads with the given thoroughness (see [`Checks`]).
    pub fn load_with(dir: &Path, plan: &Plan, checks: Checks) -> Result<Dataset, DataError> {
        if !dir.is_dir() {
            return Err(DataError::NotADirectory {
                path: dir.display().to_string(),
            });
        }
        let found = find_geojson(dir).map_err(|source| DataError::ReadDir {
            path: dir.display().to_string(),
            source,
        })?;
        let paths = found.files;

        let mut ds = Dataset {
            root: dir.to_path_buf(),
            checks,
            ..Default::default()
        };
        for (path, message, severity) in found.skipped {
            let mut issue =
                Issue::error(path.display().to_string(), Locator::File, "file", message);
            issue.severity = severity;
            ds.issues.push(issue);
        }
        // Each file is read and parsed on its own, on every core; they are then added in path
        // order, so ids are checked and reported exactly as if read one after another.
        let jobs: Vec<(PathBuf, FileRole)> = paths
            .into_iter()
            .map(|path| {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                let role = match rel.components().next().and_then(|c| c.as_os_str().to_str()) {
                    Some("basemap") => FileRole::Basemap,
                    Some("lod") => FileRole::Lod,
                    _ => FileRole::Places,
                };
                (path, role)
            })
            .collect();
        use rayon::prelude::*;
        let parsed: Vec<_> = jobs
            .par_iter()
            .enumerate()
            .map(|(index, (path, role))| {
                // Named as the user named the directory: `data/places/x.geojson` for `data`,
                // `/elsewhere/places/x.geojson` for `--data /elsewhere`.
                let display = path.display().to_string();
                let mut issues = Issues::new(display.clone());
                match read_text(path) {
                    Ok(text) => {
                        let parsed = parse_file(&text, *role, index, plan, checks, &mut issues);
                        (display, Some((text_hash(&text), parsed)), issues)
                    }
                    Err((at, field, message)) => {
                        issues.push(at, field, message);
                        (display, None, issues)
                    }
                }
            })
            .collect();
        for ((path, role), (display, parsed, issues)) in jobs.into_iter().zip(parsed) {
            let mut file = DataFile::new(path, display, role);
            match parsed {
                Some((hash, parsed)) => {
                    file.text_hash = hash;
                    ds.add_parsed(file, parsed, issues);
                }
                None => {
                    ds.issues.extend(issues.list);
                    file.unreadable = true;
                    ds.files.push(file);
                }
            }
        }
        if !ds.files.iter().any(|f| f.role == FileRole::Places) {
            ds.issues.push(Issue::error(
                dir.display().to_string(),
                Locator::File,
                "places",
                "no GeoJSON file of places in it: is this a gba-atlas data directory? (places are read from the *.geojson files outside basemap/ and lod/)",
            ));
        }
        ds.check_lod();
        ds.check_links(plan);
        ds.load_unmapped(plan);
        Ok(ds)
    }

    /// Parses one file's text and adds what it holds, checking ids against what is loaded.
    pub fn add_file(&mut self, mut file: DataFile, text: &str, plan: &Plan) {
        let index = self.files.len();
        let mut issues = Issues::new(file.display.clone());
        let parsed = parse_file(text, file.role, index, plan, self.checks, &mut issues);
        file.text_hash = text_hash(text);
        self.add_parsed(file, parsed, issues);
    }

    /// Adds a parsed file (parsed as the file at index `self.files.len()`), checking ids against
    /// what is loaded; `issues` are the problems its parse found.
    fn add_parsed(&mut self, mut file: DataFile, parsed: ParsedFile, mut issues: Issues) {
        file.unreadable = parsed.unreadable;
        file.members = parsed.members;
        file.slots = parsed.slots;
        for place in parsed.places {
            if let Some(first) = self.place(&place.id) {
                let first_file = first.file;
                let other = self
                    .files
                    .get(first_file)
                    .map(|f| f.display.clone())
                    .unwrap_or(file.display.clone());
                issues.push(
                    Locator::Feature(place.id.clone()),
                    "id",
                    format!(
                        "duplicate id: \"{}\" is already used in {other}; this feature is not on the map (the one read first is): give one of them another id",
                        place.id
                    ),
                );
                // The feature that stays is told of it too: which one survives must not go
                // unnoticed in either file.
                if first_file != self.files.len() {
                    self.issues.push(Issue::error(
                        other.clone(),
                        Locator::Feature(place.id.clone()),
                        "id",
                        format!(
                            "duplicate id: \"{}\" is also used in {}, whose feature is not on the map: give one of them another id",
                            place.id, file.display
                        ),
                    ));
                }
                // Kept in the file as written: saving the file must not drop it.
                if let Some(slot) = file
                    .slots
                    .iter_mut()
                    .find(|s| matches!(s, Slot::Place(id) if *id == place.id))
                {
                    *slot = Slot::Raw(place.raw().clone());
                }
                continue;
            }
            self.index
                .insert(&self.places, &place.id, self.places.len());
            self.places.push(place);
        }
        self.basemap.extend(parsed.basemap);
        let file_index = self.files.len();
        if file.role == FileRole::Lod {
            match lod_zoom(&file.path) {
                Some(max_zoom) => {
                    for (id, geometry) in parsed.lod {
                        let levels = self.lod.entry(id).or_default();
                        levels.push(Lod {
                            max_zoom,
                            geometry,
                            file: file_index,
                        });
                        levels.sort_by_key(|l| l.max_zoom);
                    }
                }
                None => issues.push(
                    Locator::File,
                    "file",
                    "a level-of-detail file is named NAME.zN.geojson, N the highest zoom it is for",
                ),
            }
        }
        self.issues.extend(issues.list);
        self.files.push(file);
    }

    /// Every clause whose text contains a place's name (its `name_zh` or a Chinese alias) is
    /// linked by the place, or listed in its `unlinked` with the reason: a warning otherwise, so a
    /// new alias shows the links it is missing.
    fn check_links(&mut self, plan: &Plan) {
        let texts = clause_texts(plan);
        let mut found = Vec::new();
        for place in &self.places {
            let file = self
                .files
                .get(place.file)
                .map(|f| f.display.clone())
                .unwrap_or_default();
            let mut issues = Issues::new(file);
            link_issues(place, &texts, &mut issues);
            found.extend(issues.list);
        }
        self.issues.extend(found);
    }

    /// Reads `unmapped.json` again (after it changed on disk).
    pub fn reload_unmapped(&mut self, plan: &Plan) {
        let display = self.root.join(UNMAPPED_FILE).display().to_string();
        self.issues.retain(|i| i.file != display);
        self.unmapped.clear();
        self.load_unmapped(plan);
    }

    /// Reads `unmapped.json` (when there is one): names with no site, with their reasons.
    fn load_unmapped(&mut self, plan: &Plan) {
        let path = self.root.join(UNMAPPED_FILE);
        if !path.is_file() {
            return;
        }
        let display = path.display().to_string();
        let mut issues = Issues::new(display);
        match read_text(&path) {
            Ok(text) => self.unmapped = super::unmapped::parse_unmapped(&text, plan, &mut issues),
            Err((at, field, message)) => issues.push(at, field, message),
        }
        for u in &self.unmapped {
            if let Some(p) = self
                .places
                .iter()
                .find(|p| p.chinese_names().contains(&u.name_zh.as_str()))
            {
                issues.warn(
                    Locator::Feature(u.name_zh.clone()),
                    "name_zh",
                    format!("is on the map as \"{}\": remove it from this list", p.id),
                );
            }
        }
        self.issues.extend(issues.list);
    }

    /// Every LOD id must name a loaded place; the problem is filed under each file that has it.
    fn check_lod(&mut self) {
        let mut unknown: Vec<(&String, usize)> = self
            .lod
            .iter()
            .filter(|(id, _)| self.index.get(&self.places, id).is_none())
            .flat_map(|(id, levels)| levels.iter().map(move |l| (id, l.file)))
            .collect();
        unknown.sort();
        let new: Vec<Issue> = unknown
            .into_iter()
            .map(|(id, file)| {
                Issue::error(
                    self.files
                        .get(file)
                        .map(|f| f.display.clone())
                        .unwrap_or_default(),
                    Locator::Feature(id.clone()),
                    "id",
                    format!("no place has id \"{id}\": a level of detail must simplify a place"),
                )
            })
            .collect();
        self.issues.extend(new);
    }

    /// Loads `dir` again. A places file that has become unreadable (a syntax error half-way
    /// through an edit, say) keeps the places this dataset had from it, so a reload never loses
    /// what was on the map; its problem is still reported.
    pub fn reload(&self, plan: &Plan) -> Result<Dataset, DataError> {
        let mut fresh = Dataset::load_with(&self.root, plan, self.checks)?;
        let broken: Vec<(usize, PathBuf, String)> = fresh
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.unreadable && f.role == FileRole::Places)
            .map(|(i, f)| (i, f.path.clone(), f.display.clone()))
            .collect();
        for (new_index, path, display) in broken {
            let Some(old_index) = self.files.iter().position(|f| f.path == path) else {
                continue;
            };
            let kept: Vec<Place> = self
                .places
                .iter()
                .filter(|p| p.file == old_index && fresh.place(&p.id).is_none())
                .cloned()
                .map(|mut p| {
                    p.file = new_index;
                    p
                })
                .collect();
            if !kept.is_empty() {
                fresh.issues.push(Issue::error(
                    display,
                    Locator::File,
                    "file",
                    format!(
                        "showing the {} places loaded before from this file until it is fixed",
                        kept.len()
                    ),
                ));
                fresh.places.extend(kept);
                fresh.rebuild_index();
            }
        }
        fresh.revision = self.revision + 1;
        Ok(fresh)
    }

    /// The checks [`Checks::App`] left out, as a job to run off the UI thread.
    pub fn deferred_checks(&self) -> DeferredChecks {
        let features = if self.checks == Checks::Full {
            Vec::new()
        } else {
            self.places
                .iter()
                .map(|p| {
                    let file = self
                        .files
                        .get(p.file)
                        .map(|f| f.display.clone())
                        .unwrap_or_default();
                    (file, p.id.clone(), p.geometry.clone())
                })
                .collect()
        };
        DeferredChecks { features }
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.index
            .get(&self.places, id)
            .and_then(|i| self.places.get(i))
    }

    /// The index of a place in [`Dataset::places`].
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.index.get(&self.places, id)
    }

    pub(crate) fn rebuild_index(&mut self) {
        self.index = super::id_index::IdIndex::build(&self.places);
    }

    /// The places linked to clause `n`.
    /// How many of the places the plan names are on the map: the places of the data files (not
    /// files opened beside them) against the names `data/unmapped.json` lists, by kind of gap.
    pub fn place_coverage(&self) -> PlaceCoverage {
        let mut c = PlaceCoverage {
            mapped: self
                .places
                .iter()
                .filter(|p| !self.is_layer_place(p))
                .count(),
            ..PlaceCoverage::default()
        };
        for u in &self.unmapped {
            match u.site {
                super::unmapped::Gap::NoSite => c.no_site += 1,
                super::unmapped::Gap::Outside => c.outside += 1,
                super::unmapped::Gap::NotLocated => c.not_located += 1,
            }
        }
        c
    }

    pub fn places_citing(&self, n: u32) -> impl Iterator<Item = &Place> {
        self.places.iter().filter(move |p| p.cites(n))
    }
}

/// Every clause's number and text.
pub(crate) fn clause_texts(plan: &Plan) -> Vec<(u32, String)> {
    plan.clauses.iter().map(|c| (c.number, c.text())).collect()
}

/// The link check of one place (see [`Dataset::load`]): a warning for each clause that contains
/// one of its names but is neither linked nor in `unlinked`, and for stale `unlinked` entries.
pub(crate) fn link_issues(place: &Place, texts: &[(u32, String)], issues: &mut Issues) {
    let at = Locator::Feature(place.id.clone());
    let names = place.chinese_names();
    for (n, text) in texts {
        let Some(name) = names.iter().find(|name| text.contains(**name)) else {
            continue;
        };
        if place.cites(*n) || place.unlinked().iter().any(|u| u.clause == *n) {
            continue;
        }
        issues.warn(
            at.clone(),
            "clauses",
            format!(
                "clause {n} （{}） contains \"{name}\" but is not linked: link it in \"clauses\", or say why not in \"unlinked\"",
                crate::plan::to_chinese(*n)
            ),
        );
    }
    for (i, u) in place.unlinked().iter().enumerate() {
        if place.cites(u.clause) {
            issues.push(
                at.clone(),
                format!("unlinked[{i}].clause"),
                format!(
                    "clause {} is also in \"clauses\": a clause is linked or unlinked, not both",
                    u.clause
                ),
            );
        } else if let Some((_, text)) = texts.iter().find(|(n, _)| *n == u.clause)
            && !names.iter().any(|name| text.contains(*name))
        {
            issues.warn(
                at.clone(),
                format!("unlinked[{i}].clause"),
                format!(
                    "clause {} contains none of the place's names ({}): remove this entry",
                    u.clause,
                    names.join("、")
                ),
            );
        }
    }
}

/// Reads a file as UTF-8 text; a file that is not UTF-8 (e.g. cut in the middle of a character,
/// or saved in GBK) is reported at the line and column of its first bad byte. A UTF-8 byte-order
/// mark is skipped; UTF-16, an empty file and a file over [`MAX_FILE_BYTES`] are refused with a
/// message.
pub fn read_text(path: &Path) -> Result<String, (Locator, &'static str, String)> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| (Locator::File, "file", format!("cannot read: {e}"));
    // A pipe or device would block or never end: only regular files are read (checked before
    // opening, as opening a pipe already waits for a writer).
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err((
            Locator::File,
            "file",
            if meta.is_dir() {
                "is a folder, not a file".into()
            } else {
                "not a regular file (a pipe, socket or device): not read".into()
            },
        ));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    // At most one byte past the limit: a file that keeps growing is not read for ever.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            Locator::File,
            "file",
            format!(
                "is larger than {} MB: not read (split it into smaller files)",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    // A UTF-8 byte-order mark (Windows tools write one) is allowed and skipped.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // UTF-16 without a byte-order mark: JSON starts with ASCII, so every other byte is zero.
    let zeros =
        |parity: usize| bytes.len() >= 4 && (0..4).all(|i| (bytes[i] == 0) == (i % 2 == parity));
    let utf16 =
        bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || zeros(0) || zeros(1);
    if utf16 {
        return Err((
            Locator::File,
            "encoding",
            "is UTF-16; GeoJSON files must be UTF-8 (RFC 7946): save it as UTF-8".into(),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err((Locator::File, "file", "is empty".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        // Columns count characters, as editors show them.
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let what = match e.utf8_error().error_len() {
            None => "the file ends in the middle of a character (cut off?)".to_string(),
            Some(n) => format!(
                "not valid UTF-8 (bytes {}); GeoJSON files must be UTF-8 (RFC 7946)",
                bytes[at..at + n]
                    .iter()
                    .map(|b| format!("{b:#04x}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        (Locator::Position { line, column }, "encoding", what)
    })
}

/// The largest data file read, in bytes: larger ones are refused with a message rather than
/// held in memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Polygon validity checks of places, to run in the background after a fast load.
#[derive(Debug, Clone)]
pub struct DeferredChecks {
    features: Vec<(String, String, Geometry<f64>)>,
}

impl DeferredChecks {
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Runs the checks: the same messages `gba-atlas check` gives.
    pub fn run(self) -> Vec<Issue> {
        let mut out = Vec::new();
        for (file, id, geometry) in self.features {
            let mut issues = Issues::new(file);
            validity_issues(&geometry, &Locator::Feature(id), &mut issues);
            out.extend(issues.list);
        }
        out
    }
}

/// `cities.z9.geojson` → 9.
fn lod_zoom(path: &Path) -> Option<u8> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".geojson")?;
    let (_, z) = stem.rsplit_once(".z")?;
    z.parse().ok()
}

/// What a walk of a data directory found: its GeoJSON files, and what it did not read and why.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    /// Paths not read: the reason, and whether data may be missing because of it (an error) or
    /// not (a warning: a link to a folder already read).
    pub skipped: Vec<(PathBuf, String, Severity)>,
}

/// Every `*.geojson` file (any case) under `root`, in path order. Only an unreadable `root` is
/// an error; a folder that cannot be read, a pipe or device named `*.geojson` (reading it could
/// block for ever) and links to folders outside `root` or already read (a loop) are listed in
/// [`Found::skipped`].
pub fn find_geojson(root: &Path) -> std::io::Result<Found> {
    let mut found = Found::default();
    let canonical_root = std::fs::canonicalize(root)?;
    let mut visited = std::collections::HashSet::new();
    visited.insert(canonical_root.clone());
    let entries = std::fs::read_dir(root)?;
    walk(entries, &canonical_root, &mut visited, &mut found);
    found.files.sort();
    found.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

fn walk(
    entries: std::fs::ReadDir,
    root: &Path,
    visited: &mut std::collections::HashSet<PathBuf>,
    found: &mut Found,
) {
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.skipped.push((
                    root.to_path_buf(),
                    format!("cannot list a folder entry: {e}"),
                    Severity::Error,
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        // The entry itself, or what a link points to.
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                if is_geojson_name(&path) || !is_link {
                    found
                        .skipped
                        .push((path, format!("cannot read: {e}"), Severity::Error));
                }
                continue;
            }
        };
        if meta.is_dir() {
            let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !real.starts_with(root) {
                found.skipped.push((
                    path,
                    "a link to a folder outside the data directory: not followed".into(),
                    Severity::Warning,
                ));
                continue;
            }
            if !visited.insert(real) {
                found.skipped.push((
                    path,
                    "a link to a folder that is already read (a loop?): not followed".into(),
                    Severity::Warning,
                ));
                continue;
            }
            match std::fs::read_dir(&path) {
                Ok(sub) => walk(sub, root, visited, found),
                Err(e) => found.skipped.push((
                    path,
                    format!("cannot read folder: {e}; the files in it are not loaded"),
                    Severity::Error,
                )),
            }
        } else if is_geojson_name(&path) {
            if meta.is_file() {
                found.files.push(path);
            } else {
                found.skipped.push((
                    path,
                    "not a regular file (a pipe, socket or device): not read".into(),
                    Severity::Error,
                ));
            }
        }
    }
}

/// Whether a file name ends in `.geojson`, in any case (`.GEOJSON` from Windows tools).
pub fn is_geojson_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"))
}

/// The GeoJSON files under `dir` ([`find_geojson`]'s, without what it skipped).
pub fn collect_geojson(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    out.extend(find_geojson(dir)?.files);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lod_zoom_from_name() {
        assert_eq!(lod_zoom(Path::new("data/lod/cities.z9.geojson")), Some(9));
        assert_eq!(lod_zoom(Path::new("data/lod/cities.geojson")), None);
    }
}
