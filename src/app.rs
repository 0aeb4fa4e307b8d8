//! Application state as plain data, changed only through [`Command`]s.
//!
//! The UI reads [`AppState`] and sends commands; tests send the same commands with no window.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Pos2, Rect, Vec2};
use walkers::MapMemory;

use geo::Coord;

use crate::data::{Checks, Dataset, Edit, FileRole, Kind, Place, Status};
use crate::edit::geometry::VertexId;
use crate::edit::{Drag, EditMode, Tool};

mod presenting;
use crate::i18n::Lang;
use crate::map::projection::{self, MapTransform};
use crate::map::tiles::{self, BasemapSettings, UrlTemplate};
use crate::map::{Emphasis, MercBox, Scene, from_merc};
use crate::plan::Plan;
use crate::search::{self, Hit, Results};
pub use presenting::{ActiveTour, Landing, PresentCommand, Presenting};

/// The tabs of the left panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    /// The plan as a reader: sections, clauses, a clause's text with its places.
    #[default]
    Plan,
    /// Layers and legend.
    Layers,
    /// Which clauses are mapped.
    Coverage,
    /// Saved views and tours.
    Views,
}

/// The search box and its results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub query: String,
    pub results: Results,
    /// Index of the highlighted result.
    pub cursor: usize,
    /// Whether the results list is shown.
    pub open: bool,
}

/// Places under a click, for the user to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub at: Pos2,
    pub ids: Vec<String>,
}

/// A short message for the user; `serial` tells a new one from the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub serial: u64,
    pub text: String,
    /// Something went wrong or has problems: shown in the warning colour.
    pub warning: bool,
}

/// Kinds hidden at start, so the first view is calm: the cities, zones, ports, airports and
/// crossings the plan is about are on; railways, roads and the rest are one click away in Layers
/// (and a clause's places are drawn whatever their layer).
pub const HIDDEN_AT_START: [Kind; 12] = [
    Kind::Prefecture,
    Kind::Railway,
    Kind::District,
    Kind::Region,
    Kind::ScienceFacility,
    Kind::University,
    Kind::Tunnel,
    Kind::Road,
    Kind::Energy,
    Kind::Water,
    Kind::Ecology,
    Kind::Other,
];

/// How the map shades places by how often the plan names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageMap {
    /// The usual colours.
    #[default]
    Off,
    /// Each place by the number of clauses that name it.
    Places,
    /// Each city by the number of clauses that name it or a place in it.
    Cities,
}

/// A fit to keep while the map's size settles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Refit {
    pub bbox: MercBox,
    pub margin: f32,
    pub max_zoom: f64,
    /// Frames left (`None`: until the user moves the map).
    pub frames: Option<u8>,
}

/// A fit the app makes for a search result, a clause or *Zoom to* holds for this many frames:
/// the details panel that opens with it narrows the map one frame later.
const REFIT_FRAMES: u8 = 3;

/// Zoom levels the map allows.
pub const MIN_ZOOM: f64 = 5.0;
pub const MAX_ZOOM: f64 = 18.0;
/// Without raster tiles the map stops here: the offline basemap's coast (OSM land polygons)
/// and city shapes still read right at z15; beyond it there is nothing to orient by.
pub const MAX_OFFLINE_ZOOM: f64 = 15.0;
/// Going to a place never zooms past this: a point is shown with its city around it.
pub const MAX_FOCUS_ZOOM: f64 = 13.0;

/// Everything a user can do, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a place by id (or clear the selection) and show its details.
    Select(Option<String>),
    /// The place under the pointer (sent by the map view each frame).
    Hover(Option<String>),
    /// Show the whole Greater Bay Area.
    ResetView,
    ZoomIn,
    ZoomOut,
    /// Zoom by `delta` levels (fractional: wheel, pinch), keeping the map under `anchor` (a
    /// screen position in the map) where it is; about the map's centre when `None`.
    ZoomBy {
        delta: f64,
        anchor: Option<Pos2>,
    },
    /// Move the map by a screen distance (the arrow keys).
    PanBy(Vec2),
    /// The user moved the map (walkers panned it): the view is no longer the overview.
    ViewChanged,
    /// A frame was drawn (fits kept while panels settle count down).
    Drawn,
    /// The map's rectangle on screen is now `rect` (a panel opened or the window was resized):
    /// what is on screen stays where it is; an untouched overview is fitted again.
    MapResized(Rect),
    /// Fit the view to a place.
    ZoomToPlace(String),
    /// Centre the map on (lon, lat) at a zoom.
    SetView {
        lon: f64,
        lat: f64,
        zoom: f64,
    },
    /// Show or hide the list of data problems.
    ShowProblems(bool),
    /// Select a clause (or none): its places are highlighted and the view fits them.
    SelectClause(Option<u32>),
    /// Show the left panel's tab.
    ShowTab(Tab),
    /// Show or hide a kind of place.
    SetKindVisible(Kind, bool),
    /// Show or hide places of a status.
    SetStatusVisible(Status, bool),
    /// Type in the search box.
    SetSearchQuery(String),
    /// Move the highlighted search result up (negative) or down.
    MoveSearchCursor(i32),
    /// Go to a search result (the highlighted one when `None`).
    ActivateSearchResult(Option<usize>),
    /// Close the search results.
    CloseSearch,
    /// Close the topmost open thing: key help, chooser, search results, details, clause.
    Escape,
    /// Shade the map by how many clauses name each place or city.
    SetCoverageMap(CoverageMap),
    /// Show or hide the key-binding help.
    ShowKeyHelp(bool),
    /// Show or hide the left panel (plan, layers, coverage).
    ShowLeftPanel(bool),
    /// A name under the pointer in the text (reader, details): its place is highlighted on the
    /// map.
    HoverName(Option<String>),
    /// Offer a choice of the places under a click (or close the offer).
    ShowPick(Option<Pick>),
    /// The background checks have finished: add what they found.
    BackgroundChecksDone,
    /// Reload the data directory (what fails to load keeps nothing from the old data: the new
    /// dataset replaces it only when the directory can be read).
    Reload,
    /// Show or hide the online tiles under the places (off by default).
    SetOnlineTiles(bool),
    /// Take online tiles from this XYZ server (a `{z}/{x}/{y}` URL template) and show them.
    SetTileServer(String),
    /// Show raster tiles from a local PMTiles file (or stop).
    SetBasemapFile(Option<PathBuf>),
    /// Presenting: presentation mode, saved views, tours, measuring, language.
    Present(PresentCommand),
    /// Change the document; `label` names the change in the history ("Move vertex of 前海").
    Edit {
        label: String,
        edit: Edit,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save every file with unsaved edits. Files with problems are saved only with `force`;
    /// otherwise the user is asked, with the problems named.
    Save {
        force: bool,
    },
    /// Ask the user to confirm something (or close the question).
    Ask(Option<Confirm>),
    /// Reload the data directory even if there are unsaved edits (they are lost).
    DiscardAndReload,
    /// Quit even if there are unsaved edits (they are lost); the window closes.
    DiscardAndQuit,
    /// Save, and quit if everything was saved.
    SaveAndQuit,
    /// Data files changed on disk (from the watcher): each is read again alone.
    FilesChanged(Vec<PathBuf>),
    /// Drop the unsaved edits of a file and read it from disk.
    TakeFileFromDisk(usize),
    /// Enter edit mode, new features going into file `file` (default: the selected place's
    /// file, else the first places file).
    StartEditing(Option<usize>),
    /// Leave edit mode (edits stay, unsaved until saved).
    StopEditing,
    SetTool(Tool),
    /// Snap to other places' vertices and edges while drawing and dragging.
    SetSnap(bool),
    /// The file new features go into.
    SetEditFile(usize),
    /// Add a vertex to the drawing (a point tool finishes at once).
    DrawVertex(Coord<f64>),
    /// Remove the drawing's last vertex.
    DrawBack,
    /// Finish the drawing: it becomes a new place, selected, with its form open.
    FinishDrawing,
    CancelDrawing,
    /// A drag in progress (preview), or none.
    SetDrag(Option<Drag>),
    /// The drag ended: apply it as an edit.
    EndDrag,
    /// The vertex of the selected place that Delete removes.
    ActivateVertex(Option<VertexId>),
    /// Add a vertex to the selected place on the edge starting at `after`.
    InsertVertex {
        after: VertexId,
        at: Coord<f64>,
    },
    /// Delete the active vertex, else the selected place.
    DeleteActive,
    /// The next click on the map sets the selected place's label point (or stop picking).
    PickLabel(bool),
    /// Set the selected place's label point (from a click while picking).
    SetLabelAt(Coord<f64>),
    /// Open any GeoJSON file as an extra layer (read-only, drawn with a generic style). It is
    /// read on a background thread ([`AppState::loads`]) and added when read, in the order asked.
    OpenLayer(PathBuf),
    /// The first layer being read is read (or failed): add it.
    LayerLoaded,
    /// Stop reading the layers being read (none is added).
    CancelLayerLoads,
    /// Apply these once the layers being read are added (at once when none is): what the
    /// command line asks for after its files, which may name their features.
    AfterLoads(Vec<Command>),
    /// Close an opened layer (its file index).
    CloseLayer(usize),
    /// Show or hide an opened layer (by its path as shown).
    SetLayerVisible(String, bool),
    /// Show the window that asks for a file's path (to open a layer or to export), or close it.
    ShowFileWindow(Option<FilePurpose>),
    /// Show the attribute table of a file (its index), or close it.
    ShowTable(Option<usize>),
    /// Write the selected place, or all places of a file, as a GeoJSON file.
    ExportGeoJson {
        what: ExportWhat,
        path: PathBuf,
    },
    /// Open the export window with these settings (or change them), or close it.
    ShowExportWindow(Option<crate::export::run::ExportSettings>),
    /// Export the current view as a picture (PNG, SVG or PDF), as `gba-atlas export --view` does.
    ExportMap(crate::export::run::ExportSettings),
    /// Start watching the data directory for outside changes (the window uses [`AppState::watch`]
    /// to be woken up as well).
    Watch,
}

/// What a path is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum FilePurpose {
    /// A GeoJSON file to open as a layer.
    Open,
    /// Where to write a GeoJSON export.
    Export(ExportWhat),
}

/// What to export as GeoJSON.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportWhat {
    /// The selected place.
    Selection,
    /// Every place of a file (by index).
    File(usize),
}

/// A question for the user before something that could lose work.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Some files to save have problems (the messages).
    SaveWithProblems(Vec<String>),
    /// Reloading would drop unsaved edits in these files.
    DiscardAndReload(Vec<String>),
    /// Quitting would drop unsaved edits in these files.
    DiscardAndQuit(Vec<String>),
    /// A file with unsaved edits changed on disk: keep the edits or take the file.
    OutsideChange { file: usize },
}

/// What the user looks at: where the map is, what is selected, which layers are shown. Plain
/// data that can be saved and restored (`serde`), apart from the document it shows.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct View {
    /// Centre and zoom (saved as `"center": [lon, lat], "zoom": z` beside the other fields).
    #[serde(flatten, with = "map_memory")]
    pub map: MapMemory,
    /// The selected place's id.
    pub selected: Option<String>,
    /// The clause being read.
    pub clause: Option<u32>,
    pub hidden_kinds: BTreeSet<Kind>,
    pub hidden_statuses: BTreeSet<Status>,
    pub coverage_map: CoverageMap,
    /// Opened files (by path) that are hidden.
    pub hidden_layers: BTreeSet<String>,
    /// The language of the interface and the labels (saved views keep it beside the view; the
    /// app remembers it on its own).
    #[serde(skip)]
    pub lang: Lang,
}

impl Default for View {
    fn default() -> Self {
        View {
            map: MapMemory::default(),
            selected: None,
            clause: None,
            hidden_kinds: HIDDEN_AT_START.into_iter().collect(),
            hidden_statuses: BTreeSet::new(),
            coverage_map: CoverageMap::Off,
            hidden_layers: BTreeSet::new(),
            lang: Lang::default(),
        }
    }
}

impl PartialEq for View {
    fn eq(&self, o: &View) -> bool {
        let at = |m: &MapMemory| (m.detached().map(|p| (p.x(), p.y())), m.zoom());
        at(&self.map) == at(&o.map)
            && self.selected == o.selected
            && self.clause == o.clause
            && self.hidden_kinds == o.hidden_kinds
            && self.hidden_statuses == o.hidden_statuses
            && self.coverage_map == o.coverage_map
            && self.hidden_layers == o.hidden_layers
            && self.lang == o.lang
    }
}

/// Serde for walkers' map memory as centre and zoom.
mod map_memory {
    use serde::{Deserialize as _, Serialize as _};
    use walkers::MapMemory;

    /// A view that names no centre or zoom shows the whole bay area.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct At {
        #[serde(default = "centre")]
        center: [f64; 2],
        #[serde(default = "zoom")]
        zoom: f64,
    }

    fn centre() -> [f64; 2] {
        [113.75, 22.6]
    }

    fn zoom() -> f64 {
        8.6
    }

    pub fn serialize<S: serde::Serializer>(m: &MapMemory, s: S) -> Result<S::Ok, S::Error> {
        let c = m
            .detached()
            .map(|p| [p.x(), p.y()])
            .unwrap_or([113.75, 22.6]);
        At {
            center: c,
            zoom: m.zoom(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<MapMemory, D::Error> {
        let at = At::deserialize(d)?;
        let mut m = MapMemory::default();
        m.center_at(crate::map::projection::position(at.center[0], at.center[1]));
        let _ = m.set_zoom(at.zoom.clamp(super::MIN_ZOOM, super::MAX_ZOOM));
        Ok(m)
    }
}

/// The edits made in this session, for undo and redo: each entry is the edit that undoes (or
/// redoes) one change, with a label for the history list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub undo: Vec<(String, Edit)>,
    pub redo: Vec<(String, Edit)>,
}

/// A layer being read on a background thread.
#[derive(Debug)]
pub struct LayerLoad {
    pub path: PathBuf,
    /// How far it has come; set its `cancel` to stop it.
    pub progress: std::sync::Arc<crate::data::Progress>,
    /// Fit the view to it once it is added (not when a reload reads it again).
    pub fit: bool,
    handle: std::thread::JoinHandle<Result<crate::data::ReadLayer, crate::data::LayerError>>,
}

impl LayerLoad {
    /// Whether the reading has ended (read or failed).
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }
}

/// The application's state: the plan and the places (the document), the [`View`], caches
/// built from the document's revision, and the state of the interface.
pub struct AppState {
    pub plan: Plan,
    /// The places: the document edits change (see [`Dataset::apply`]).
    pub data: Dataset,
    pub history: History,
    pub view: View,
    /// Prepared for drawing from the document (rebuilt for changed places only).
    pub scene: Scene,
    pub data_dir: PathBuf,
    pub hovered: Option<String>,
    /// A place whose name is under the pointer in the reader or details text.
    pub hovered_name: Option<String>,
    pub tab: Tab,
    pub search: SearchState,
    pub pick: Option<Pick>,
    pub show_problems: bool,
    /// Clause counts per place and per city, counted again when the document changes.
    pub coverage: Coverage,
    /// What the panels count (places per clause, kind, status, accuracy and file), counted
    /// again when the document changes.
    pub tally: Tally,
    /// Which places the map draws and which the selected clause names, kept until the
    /// document or the choices they come from change (a layer of a million features is not
    /// gone through each frame).
    emphasis_memo: std::sync::Mutex<Option<EmphasisMemo>>,
    pub show_key_help: bool,
    pub show_left_panel: bool,
    /// Size of the map area in the last frame (for fitting views).
    pub viewport: Vec2,
    /// The map's rectangle on screen in the last frame.
    pub map_rect: Option<Rect>,
    /// The box the app last fitted the view to, fitted again when the map's size changes (a
    /// panel opens just after a search result was chosen, the window is resized), until the
    /// user moves the map.
    pub refit: Option<Refit>,
    /// What the last action told the user (e.g. after a reload), shown for a few seconds.
    pub notice: Option<Notice>,
    /// Transform of the last frame drawn (screen ↔ map), for hit tests and tests.
    pub transform: Option<MapTransform>,
    /// Attribution of the data sources (`data/ATTRIBUTION.txt`), shown on the map.
    pub attribution: String,
    /// Layers being read on background threads, in the order asked ([`Command::OpenLayer`]).
    pub loads: std::collections::VecDeque<LayerLoad>,
    /// Commands waiting for [`AppState::loads`] to end ([`Command::AfterLoads`]).
    pub after_loads: Vec<Command>,
    /// Polygon validity checks running after a load, off the UI thread.
    pub background: Option<std::thread::JoinHandle<Vec<crate::data::Issue>>>,
    /// Messages about loading that are not data-file problems (e.g. a missing directory).
    pub messages: Vec<String>,
    /// The optional raster basemap under the places (online tiles, a PMTiles file).
    pub basemap: BasemapSettings,
    /// A question waiting for the user's answer.
    pub confirm: Option<Confirm>,
    /// The user agreed to quit without saving.
    pub quit_confirmed: bool,
    /// Edit mode, when on.
    pub edit: Option<EditMode>,
    /// Files opened as extra layers, opened again after a reload.
    pub layers: Vec<PathBuf>,
    /// The window asking for a file's path, and what for.
    pub file_window: Option<FilePurpose>,
    /// The export window (`Ctrl+E`) and its settings.
    pub export_window: Option<crate::export::run::ExportSettings>,
    /// The file whose attribute table is shown.
    pub table: Option<usize>,
    /// Watches the data directory for outside changes (when started).
    pub watcher: Option<crate::data::watch::Watcher>,
    /// Presentation mode, saved views, tours, the flight between views, measuring.
    pub show: Presenting,
    /// The time of the last frame (seconds, from egui), for animations.
    pub now: f64,
}

impl AppState {
    /// A string of the interface in the view's language (see [`crate::i18n`]).
    pub fn tr(&self, key: &'static str) -> &'static str {
        crate::i18n::tr(self.view.lang, key)
    }

    /// [`AppState::tr`] with `{name}` placeholders filled in.
    pub fn trf(&self, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        crate::i18n::trf(self.view.lang, key, args)
    }

    /// Loads the plan and the data directory. Never fails: problems become messages and issues.
    pub fn load(data_dir: &Path) -> AppState {
        let mut state = Self::load_without_background(data_dir);
        state.start_background_checks();
        state.warm_scene();
        state
    }

    /// Prepares the map's levels of detail off the UI thread, so zooming finds them ready.
    fn warm_scene(&mut self) {
        if let Err(e) = self.scene.warm() {
            // Not fatal: each level is then prepared when it is first drawn.
            log::warn!("cannot start preparing the map's levels of detail: {e}");
        }
    }

    /// [`AppState::load`] without the background geometry checks (for exports, which only draw).
    pub fn load_without_background(data_dir: &Path) -> AppState {
        let mut messages = Vec::new();
        let plan = match Plan::bundled() {
            Ok(plan) => plan,
            Err(e) => {
                messages.push(format!("data/plan/plan.txt: {e}"));
                Plan {
                    title: String::new(),
                    preamble: Vec::new(),
                    sections: Vec::new(),
                    clauses: Vec::new(),
                    errata: Vec::new(),
                }
            }
        };
        let data = match Dataset::load_with(data_dir, &plan, Checks::App) {
            Ok(d) => d,
            Err(e) => {
                messages.push(e.to_string());
                Dataset::default()
            }
        };
        for issue in &data.issues {
            log::warn!("{issue}");
        }
        let scene = Scene::build(&data);
        let attribution = std::fs::read_to_string(data_dir.join("ATTRIBUTION.txt"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let mut state = AppState {
            plan,
            data,
            scene,
            history: History::default(),
            view: View::default(),
            data_dir: data_dir.to_path_buf(),
            hovered: None,
            hovered_name: None,
            tab: Tab::default(),
            search: SearchState::default(),
            pick: None,
            show_problems: false,
            coverage: Coverage::default(),
            tally: Tally::default(),
            emphasis_memo: std::sync::Mutex::new(None),
            show_key_help: false,
            show_left_panel: true,
            viewport: Vec2::new(1280.0, 760.0),
            map_rect: None,
            refit: None,
            notice: None,
            transform: None,
            attribution,
            background: None,
            loads: std::collections::VecDeque::new(),
            after_loads: Vec::new(),
            messages,
            basemap: BasemapSettings::new(tiles::default_cache_dir()),
            confirm: None,
            quit_confirmed: false,
            watcher: None,
            edit: None,
            layers: Vec::new(),
            file_window: None,
            export_window: None,
            table: None,
            show: Presenting::default(),
            now: 0.0,
        };
        state.load_presenting();
        state.coverage = Coverage::count(&state.data);
        state.tally = Tally::count(&state.data);
        state.apply(Command::ResetView);
        state
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Present(c) => self.apply_present(c),
            Command::Select(id) => {
                self.view.selected = id.filter(|id| self.data.place(id).is_some());
                if let Some(kind) = self.selected_place().map(|p| p.kind) {
                    // A place chosen by name is shown even if its layer was off.
                    self.view.hidden_kinds.remove(&kind);
                }
            }
            Command::SelectClause(n) => {
                self.view.clause = n.filter(|n| self.plan.clause(*n).is_some());
                if let Some(n) = self.view.clause {
                    self.tab = Tab::Plan;
                    let mut bbox = MercBox::EMPTY;
                    for (i, p) in self.data.places.iter().enumerate() {
                        if p.cites(n)
                            && !p
                                .status
                                .is_some_and(|s| self.view.hidden_statuses.contains(&s))
                            && let Some(prepared) = self.scene.places.get(i)
                        {
                            bbox = bbox.union(&prepared.geometry.bbox());
                        }
                    }
                    if !bbox.is_empty() {
                        self.fit(bbox, 50.0, MAX_FOCUS_ZOOM, Some(REFIT_FRAMES));
                    }
                }
            }
            Command::ShowTab(tab) => self.tab = tab,
            Command::SetKindVisible(kind, visible) => {
                if visible {
                    self.view.hidden_kinds.remove(&kind);
                } else {
                    self.view.hidden_kinds.insert(kind);
                }
            }
            Command::SetStatusVisible(status, visible) => {
                if visible {
                    self.view.hidden_statuses.remove(&status);
                } else {
                    self.view.hidden_statuses.insert(status);
                }
            }
            Command::SetSearchQuery(query) => {
                self.search.results = search::search(&self.plan, &self.data.places, &query);
                self.search.query = query;
                self.search.cursor = 0;
                self.search.open = !self.search.query.trim().is_empty();
            }
            Command::MoveSearchCursor(delta) => {
                let n = self.search.results.len();
                if n > 0 {
                    let c = self.search.cursor as i64 + delta as i64;
                    self.search.cursor = c.clamp(0, n as i64 - 1) as usize;
                }
            }
            Command::ActivateSearchResult(i) => {
                let i = i.unwrap_or(self.search.cursor);
                match self.search.results.get(i) {
                    Some(Hit::Place(index)) => {
                        if let Some(id) = self.data.places.get(index).map(|p| p.id.clone()) {
                            self.apply(Command::Select(Some(id.clone())));
                            self.apply(Command::ZoomToPlace(id));
                        }
                    }
                    Some(Hit::Clause { number, .. }) => {
                        self.apply(Command::SelectClause(Some(number)));
                    }
                    None => {}
                }
                self.search.open = false;
            }
            Command::CloseSearch => self.search.open = false,
            Command::Escape => {
                let drawing = self
                    .edit
                    .as_ref()
                    .is_some_and(|e| !e.drawing.is_empty() || e.drag.is_some() || e.picking_label);
                if self.show.measure.is_some() {
                    self.show.measure = None;
                } else if self.show.mode.is_some() {
                    self.show.mode = None;
                } else if drawing {
                    if let Some(e) = &mut self.edit {
                        e.drawing.clear();
                        e.drag = None;
                        e.picking_label = false;
                    }
                } else if self.confirm.is_some() {
                    self.confirm = None;
                } else if self.file_window.is_some() {
                    self.file_window = None;
                } else if self.export_window.is_some() {
                    self.export_window = None;
                } else if self.table.is_some() {
                    self.table = None;
                } else if self.show_key_help {
                    self.show_key_help = false;
                } else if self.pick.is_some() {
                    self.pick = None;
                } else if self.search.open {
                    self.search.open = false;
                } else if self.view.selected.is_some() {
                    self.view.selected = None;
                } else if self.view.clause.is_some() {
                    self.view.clause = None;
                } else if self.show_problems {
                    self.show_problems = false;
                }
            }
            Command::ShowKeyHelp(show) => self.show_key_help = show,
            Command::SetCoverageMap(mode) => self.view.coverage_map = mode,
            Command::ShowLeftPanel(show) => self.show_left_panel = show,
            Command::ShowPick(pick) => self.pick = pick,
            Command::BackgroundChecksDone => {
                if let Some(handle) = self.background.take() {
                    match handle.join() {
                        Ok(issues) => {
                            for issue in &issues {
                                log::warn!("{issue}");
                            }
                            self.data.issues.extend(issues);
                        }
                        Err(_) => self
                            .messages
                            .push("the background geometry checks stopped with an error".into()),
                    }
                }
            }
            Command::Hover(id) => self.hovered = id,
            Command::HoverName(id) => self.hovered_name = id,
            Command::ResetView => {
                let bbox = self.scene.places_bbox;
                if bbox.is_empty() {
                    self.set_view(113.75, 22.6, 8.5);
                } else {
                    self.fit(bbox, 24.0, MAX_ZOOM, None);
                }
            }
            Command::ZoomIn => self.zoom_by(1.0, None),
            Command::ZoomOut => self.zoom_by(-1.0, None),
            Command::ZoomBy { delta, anchor } => self.zoom_by(delta, anchor),
            Command::PanBy(d) => {
                let (lon, lat) = self.center();
                let z = self.view.map.zoom();
                let t = MapTransform::new(projection::to_merc(lon, lat), z, Pos2::ZERO);
                let (lon, lat) = from_merc(t.to_merc(Pos2::ZERO + d));
                self.set_view(lon, lat, z);
            }
            Command::ViewChanged => {
                self.refit = None;
                // The user moved the map: a flight in progress gives way.
                self.show.flight = None;
                self.show.landing = None;
            }
            Command::Drawn => {
                if let Some(Refit {
                    frames: Some(n), ..
                }) = &mut self.refit
                {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.refit = None;
                    }
                }
            }
            Command::MapResized(rect) => {
                let old = self.map_rect.replace(rect);
                self.viewport = rect.size();
                match (old, self.transform, self.refit) {
                    (Some(old), _, _) if old == rect => {}
                    (_, _, Some(r)) => self.fit(r.bbox, r.margin, r.max_zoom, r.frames),
                    (Some(_), Some(t), None) => {
                        // Keep every point where it was on screen: the new centre is the point
                        // that was already under the new rectangle's centre.
                        let (lon, lat) = from_merc(t.to_merc(rect.center()));
                        self.view.map.center_at(projection::position(lon, lat));
                    }
                    _ => {}
                }
            }
            Command::ZoomToPlace(id) => {
                if let Some(i) = self.place_index(&id)
                    && let Some(b) = self.scene.places.get(i).map(|p| p.geometry.bbox())
                {
                    self.fit(b, 60.0, MAX_FOCUS_ZOOM, Some(REFIT_FRAMES));
                }
            }
            Command::SetView { lon, lat, zoom } => self.set_view(lon, lat, zoom),
            Command::ShowProblems(show) => self.show_problems = show,
            Command::Reload if !self.data.dirty_files().is_empty() => {
                self.confirm = Some(Confirm::DiscardAndReload(self.dirty_names()));
            }
            Command::Reload | Command::DiscardAndReload => match self.data.reload(&self.plan) {
                Ok(data) => {
                    self.history = History::default();
                    self.confirm = None;
                    // The opened layers are read again in the background, the view kept.
                    let layers = std::mem::take(&mut self.layers);
                    self.scene = Scene::build(&data);
                    self.coverage = Coverage::count(&data);
                    self.tally = Tally::count(&data);
                    self.data = data;
                    self.start_background_checks();
                    self.warm_scene();
                    self.messages.clear();
                    for path in layers {
                        self.start_layer_load(path, false);
                    }
                    let problems = self.data.issues.len();
                    let files = self.data.files.len();
                    let places = self.data.places.len();
                    let files_text = if files == 1 {
                        self.trf("notice.reloaded_one_file", &[("places", &places)])
                    } else {
                        self.trf(
                            "notice.reloaded_files",
                            &[("places", &places), ("files", &files)],
                        )
                    };
                    let problems_text = match problems {
                        0 => self.tr("notice.no_problems").to_string(),
                        1 => self.tr("notice.one_problem").to_string(),
                        n => self.trf("notice.problems", &[("n", &n)]),
                    };
                    let text = format!("{files_text} · {problems_text}");
                    self.notify_as(text, problems > 0);
                    if problems == 0 {
                        self.show_problems = false;
                    }
                    if self
                        .view
                        .selected
                        .as_deref()
                        .is_some_and(|id| self.data.place(id).is_none())
                    {
                        self.view.selected = None;
                    }
                }
                // The directory itself is gone or unreadable: keep everything shown.
                Err(e) => {
                    self.warn(self.trf("notice.not_reloaded", &[("e", &e)]));
                    self.messages = vec![e.to_string()];
                }
            },
            Command::SetOnlineTiles(on) => self.basemap.online = on,
            Command::SetTileServer(url) => match UrlTemplate::parse(&url) {
                Ok(server) => {
                    self.basemap.server = server;
                    self.basemap.online = true;
                }
                Err(e) => self.messages.push(e.to_string()),
            },
            Command::Edit { label, edit } => match self.data.apply(edit, &self.plan) {
                Ok(inverse) => {
                    self.history.undo.push((label, inverse));
                    self.history.redo.clear();
                }
                Err(e) => self.warn(self.trf("notice.not_changed", &[("e", &e)])),
            },
            Command::Undo => self.step(true),
            Command::Redo => self.step(false),
            Command::Save { force } => self.save(force),
            Command::Ask(confirm) => self.confirm = confirm,
            Command::Watch => self.watch(|| {}),
            Command::OpenLayer(path) => self.start_layer_load(path, true),
            Command::LayerLoaded => self.finish_layer_load(),
            Command::CancelLayerLoads => {
                // The threads stop at their next batch; what they read is dropped unseen.
                for load in self.loads.drain(..) {
                    load.progress
                        .cancel
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                self.notify(self.tr("notice.open_cancelled").to_string());
                self.run_after_loads();
            }
            Command::AfterLoads(commands) => {
                self.after_loads.extend(commands);
                self.run_after_loads();
            }
            Command::CloseLayer(file) => {
                if let Some(f) = self.data.files.get(file) {
                    let path = f.path.clone();
                    self.layers.retain(|p| *p != path);
                }
                self.data.close_layer(file);
                if self.table == Some(file) {
                    self.table = None;
                }
            }
            Command::SetLayerVisible(name, visible) => {
                if visible {
                    self.view.hidden_layers.remove(&name);
                } else {
                    self.view.hidden_layers.insert(name);
                }
            }
            Command::ShowFileWindow(purpose) => self.file_window = purpose,
            Command::ShowTable(file) => self.table = file,
            Command::ExportGeoJson { what, path } => self.export_geojson(what, &path),
            Command::ShowExportWindow(settings) => self.export_window = settings,
            Command::ExportMap(settings) => self.export_map(&settings),
            Command::StartEditing(file) => {
                let file = file
                    .or_else(|| self.selected_place().map(|p| p.file))
                    .or_else(|| {
                        // Not the cities' file: its geometry comes from the boundary data.
                        let editable = |i: usize, f: &crate::data::DataFile| {
                            f.role == FileRole::Places && !f.unreadable && {
                                let mut places = self.data.places.iter().filter(|p| p.file == i);
                                !places.any(|p| p.kind == Kind::City)
                            }
                        };
                        self.data
                            .files
                            .iter()
                            .enumerate()
                            .position(|(i, f)| editable(i, f))
                    })
                    .or_else(|| {
                        self.data
                            .files
                            .iter()
                            .position(|f| f.role == FileRole::Places && !f.unreadable)
                    });
                if let Some(file) = file {
                    self.edit = Some(EditMode {
                        file,
                        snap: true,
                        ..Default::default()
                    });
                }
            }
            Command::StopEditing => self.edit = None,
            Command::SetTool(tool) => {
                if let Some(e) = &mut self.edit {
                    e.tool = tool;
                    e.drawing.clear();
                    e.drag = None;
                }
            }
            Command::SetSnap(on) => {
                if let Some(e) = &mut self.edit {
                    e.snap = on;
                }
            }
            Command::SetEditFile(file) => {
                if let Some(e) = &mut self.edit {
                    e.file = file;
                }
            }
            Command::DrawVertex(c) => {
                let point = if let Some(e) = &mut self.edit
                    && e.tool.draws()
                {
                    e.drawing.push(c);
                    e.tool == Tool::Point
                } else {
                    false
                };
                if point {
                    self.apply(Command::FinishDrawing);
                }
            }
            Command::DrawBack => {
                if let Some(e) = &mut self.edit {
                    e.drawing.pop();
                }
            }
            Command::CancelDrawing => {
                if let Some(e) = &mut self.edit {
                    e.drawing.clear();
                }
            }
            Command::FinishDrawing => {
                let made = self
                    .edit
                    .as_ref()
                    .and_then(|e| crate::edit::finish_drawing(&self.data, e));
                if let Some(e) = &mut self.edit {
                    e.drawing.clear();
                }
                if let Some((label, edit, id)) = made {
                    self.apply(Command::Edit { label, edit });
                    if self.data.place(&id).is_some() {
                        self.view.selected = Some(id);
                        // The new place is edited with the vertex tool; its form is open.
                        if let Some(e) = &mut self.edit {
                            e.tool = Tool::Vertices;
                        }
                    }
                }
            }
            Command::SetDrag(drag) => {
                if let Some(e) = &mut self.edit {
                    e.drag = drag;
                }
            }
            Command::EndDrag => {
                let drag = self.edit.as_mut().and_then(|e| e.drag.take());
                let made = match drag {
                    Some(Drag::Vertex { id, vertex, to }) => {
                        crate::edit::move_vertex(&self.data, &id, vertex, to)
                    }
                    Some(Drag::Feature { id, from, to }) => {
                        crate::edit::move_feature(&self.data, &id, to.x - from.x, to.y - from.y)
                    }
                    None => None,
                };
                if let Some((label, edit)) = made {
                    self.apply(Command::Edit { label, edit });
                }
            }
            Command::PickLabel(on) => {
                if let Some(e) = &mut self.edit {
                    e.picking_label = on;
                }
            }
            Command::SetLabelAt(c) => {
                if let Some(e) = &mut self.edit {
                    e.picking_label = false;
                }
                if let Some(p) = self.selected_place() {
                    let k = 10f64.powi(crate::data::COORD_DECIMALS);
                    let at = serde_json::json!([(c.x * k).round() / k, (c.y * k).round() / k]);
                    let label = format!("Move the label of {}", p.name_zh);
                    let edit = Edit::Replace {
                        id: p.id.clone(),
                        feature: crate::data::with_property(p.raw(), "label_at", Some(at)),
                    };
                    self.apply(Command::Edit { label, edit });
                }
            }
            Command::ActivateVertex(v) => {
                if let Some(e) = &mut self.edit {
                    e.active_vertex = v;
                }
            }
            Command::InsertVertex { after, at } => {
                let made = self
                    .view
                    .selected
                    .as_deref()
                    .and_then(|id| crate::edit::insert_vertex(&self.data, id, after, at));
                if let Some((label, edit)) = made {
                    self.apply(Command::Edit { label, edit });
                    if let Some(e) = &mut self.edit {
                        e.active_vertex =
                            Some(VertexId::new(after.part, after.ring, after.index + 1));
                    }
                }
            }
            Command::DeleteActive => {
                let Some(id) = self.view.selected.clone() else {
                    return;
                };
                let active = self.edit.as_ref().and_then(|e| e.active_vertex);
                let made = match active {
                    Some(v) => crate::edit::delete_vertex(&self.data, &id, v),
                    None => Some((
                        format!(
                            "Delete {}",
                            self.data
                                .place(&id)
                                .map(|p| p.name_zh.clone())
                                .unwrap_or(id.clone())
                        ),
                        Edit::Delete { id: id.clone() },
                    )),
                };
                if let Some(e) = &mut self.edit {
                    e.active_vertex = None;
                }
                match made {
                    Some((label, edit)) => self.apply(Command::Edit { label, edit }),
                    None => self.warn(self.tr("notice.vertex_kept").into()),
                }
            }
            Command::FilesChanged(paths) => self.files_changed(paths),
            Command::TakeFileFromDisk(file) => {
                self.confirm = None;
                self.reload_file(file, true);
            }
            Command::SaveAndQuit => {
                self.confirm = None;
                self.save(false);
                if self.data.dirty_files().is_empty() {
                    self.quit_confirmed = true;
                }
            }
            Command::DiscardAndQuit => {
                self.confirm = None;
                self.quit_confirmed = true;
            }
            Command::SetBasemapFile(file) => match file {
                Some(path) => match tiles::check_pmtiles(&path) {
                    Ok(()) => self.basemap.file = Some(path),
                    Err(e) => self.messages.push(e.to_string()),
                },
                None => self.basemap.file = None,
            },
        }
        self.sync_caches();
        // Without tiles the map cannot stay zoomed in past the offline basemap's limit.
        if self.view.map.zoom() > self.max_zoom() {
            let _ = self.view.map.set_zoom(self.max_zoom());
        }
    }

    /// Caches built from the document follow its revision: only changed places are prepared
    /// again; counts are redone; a selection whose place is gone is cleared.
    fn sync_caches(&mut self) {
        if self.scene.revision == self.data.revision
            && self.scene.places.len() == self.data.places.len()
        {
            return;
        }
        self.scene.sync(&self.data);
        self.coverage = Coverage::count(&self.data);
        self.tally = Tally::count(&self.data);
        if self
            .view
            .selected
            .as_deref()
            .is_some_and(|id| self.data.place(id).is_none())
        {
            self.view.selected = None;
        }
        if !self.search.query.is_empty() {
            self.search.results = search::search(&self.plan, &self.data.places, &self.search.query);
            self.search.cursor = self
                .search
                .cursor
                .min(self.search.results.len().saturating_sub(1));
        }
    }

    /// Starts watching the data directory; `wake` is called when files change (the UI asks for
    /// a repaint, so the change shows at once).
    pub fn watch(&mut self, wake: impl Fn() + Send + 'static) {
        match crate::data::watch::Watcher::new(&self.data_dir, wake) {
            Ok(w) => self.watcher = Some(w),
            Err(e) => self.messages.push(e.to_string()),
        }
    }

    /// Takes the watcher's news, if it has any (each frame).
    pub fn poll_watcher(&mut self) {
        let changed = self
            .watcher
            .as_ref()
            .map(|w| w.changed())
            .unwrap_or_default();
        if !changed.is_empty() {
            self.apply(Command::FilesChanged(changed));
        }
    }

    fn files_changed(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            if path
                .file_name()
                .is_some_and(|n| n == crate::data::UNMAPPED_FILE)
            {
                self.data.reload_unmapped(&self.plan);
                self.notify(self.trf("notice.reloaded", &[("name", &path.display())]));
                continue;
            }
            match self.data.file_at(&path) {
                Some(file) => self.reload_file(file, false),
                // A new places file: read the whole directory again (unless that would lose
                // edits: then it waits for the next reload).
                None if self.data.dirty_files().is_empty() => {
                    let mut names = path.components().rev().skip(1);
                    let is_places = names.next().is_some_and(|c| c.as_os_str() == "places");
                    if is_places {
                        self.apply(Command::Reload);
                    }
                }
                None => {}
            }
        }
    }

    fn reload_file(&mut self, file: usize, force: bool) {
        use crate::data::FileReload;
        let name = self
            .data
            .files
            .get(file)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        match self.data.reload_file(file, &self.plan, force) {
            FileReload::Unchanged => {}
            FileReload::Reloaded | FileReload::Removed
                if !self.history.undo.is_empty() || !self.history.redo.is_empty() =>
            {
                // Undoing an edit made before the file changed on disk would silently undo the
                // outside change too: the history starts again.
                self.history = History::default();
                self.notify(self.trf("notice.changed_on_disk", &[("name", &name)]));
            }
            FileReload::Reloaded => {
                let problems = self
                    .data
                    .issues
                    .iter()
                    .filter(|i| i.file == name && !i.is_warning())
                    .count();
                if problems == 0 {
                    self.notify(self.trf("notice.reloaded", &[("name", &name)]));
                } else {
                    self.warn(self.trf(
                        "notice.reloaded_problems",
                        &[("name", &name), ("n", &problems)],
                    ));
                }
            }
            FileReload::Conflict => self.confirm = Some(Confirm::OutsideChange { file }),
            FileReload::Broken => {
                self.warn(self.trf("notice.broken", &[("name", &name)]));
            }
            FileReload::Removed => self.notify(self.trf("notice.removed", &[("name", &name)])),
        }
    }

    fn export_geojson(&mut self, what: ExportWhat, path: &Path) {
        let features: Vec<std::borrow::Cow<'_, serde_json::Value>> = match &what {
            ExportWhat::Selection => self
                .selected_place()
                .map(|p| p.feature())
                .into_iter()
                .collect(),
            ExportWhat::File(file) => self
                .data
                .places
                .iter()
                .filter(|p| p.file == *file)
                .map(|p| p.feature())
                .collect(),
        };
        if features.is_empty() {
            self.notify(self.tr("notice.nothing_to_export").into());
            return;
        }
        let mut members = serde_json::Map::new();
        members.insert("type".into(), "FeatureCollection".into());
        let n = features.len();
        let text =
            crate::data::format::collection_text(&members, features.iter().map(|f| f.as_ref()));
        match crate::data::format::save_atomic(path, &text) {
            Ok(()) => {
                self.file_window = None;
                let key = if n == 1 {
                    "notice.exported_one"
                } else {
                    "notice.exported"
                };
                self.notify(self.trf(key, &[("n", &n), ("path", &path.display())]));
            }
            Err(e) => {
                self.warn(self.trf("notice.not_exported", &[("e", &e)]));
                self.messages.push(e.to_string());
            }
        }
    }

    /// Undoes (or redoes) one edit: its inverse goes to the other list.
    fn step(&mut self, undo: bool) {
        let (from, to) = if undo {
            (&mut self.history.undo, &mut self.history.redo)
        } else {
            (&mut self.history.redo, &mut self.history.undo)
        };
        let Some((label, edit)) = from.pop() else {
            return;
        };
        match self.data.apply(edit, &self.plan) {
            Ok(inverse) => {
                to.push((label.clone(), inverse));
                let key = if undo {
                    "notice.undone"
                } else {
                    "notice.redone"
                };
                self.notify(self.trf(key, &[("label", &label)]));
            }
            Err(e) => {
                let key = if undo {
                    "notice.cannot_undo"
                } else {
                    "notice.cannot_redo"
                };
                self.warn(self.trf(key, &[("label", &label), ("e", &e)]));
            }
        }
    }

    /// Display names of the files with unsaved edits.
    pub fn dirty_names(&self) -> Vec<String> {
        self.data
            .dirty_files()
            .into_iter()
            .filter_map(|i| self.data.files.get(i).map(|f| f.display.clone()))
            .collect()
    }

    /// Problems (not warnings) in the files with unsaved edits.
    pub fn problems_in_dirty_files(&self) -> Vec<String> {
        let names = self.dirty_names();
        self.data
            .issues
            .iter()
            .filter(|i| !i.is_warning() && names.contains(&i.file))
            .map(|i| i.to_string())
            .collect()
    }

    fn save(&mut self, force: bool) {
        let dirty = self.data.dirty_files();
        if dirty.is_empty() {
            self.notify(self.tr("notice.nothing_to_save").into());
            return;
        }
        let problems = self.problems_in_dirty_files();
        if !problems.is_empty() && !force {
            self.confirm = Some(Confirm::SaveWithProblems(problems));
            return;
        }
        self.confirm = None;
        let mut saved = Vec::new();
        for file in dirty {
            match self.data.save(file) {
                Ok(()) => saved.push(self.data.files[file].display.clone()),
                // The edits stay in memory, still marked unsaved.
                Err(e) => {
                    self.warn(self.trf("notice.not_saved", &[("e", &e)]));
                    self.messages.push(e.to_string());
                    return;
                }
            }
        }
        self.notify(self.trf("notice.saved", &[("names", &saved.join(", "))]));
    }

    /// Starts reading `path` as a layer on a background thread ([`Command::OpenLayer`]); `fit`:
    /// fit the view to it once it is added.
    fn start_layer_load(&mut self, path: PathBuf, fit: bool) {
        let open = self.data.check_not_open(&path).and_then(|()| {
            if self.loads.iter().any(|l| l.path == path) {
                Err(crate::data::LayerError::AlreadyOpen(
                    path.display().to_string(),
                ))
            } else {
                Ok(())
            }
        });
        if let Err(e) = open {
            self.warn(self.trf("notice.not_opened", &[("e", &e)]));
            self.messages.push(e.to_string());
            return;
        }
        let progress = std::sync::Arc::new(crate::data::Progress::default());
        // Room for the places there will be when it is added (this and the layers before it).
        let existing = self.data.places.len();
        let job = (path.clone(), progress.clone());
        match std::thread::Builder::new()
            .name("open-layer".into())
            .spawn(move || crate::data::read_layer(&job.0, existing, &job.1))
        {
            Ok(handle) => {
                self.file_window = None;
                self.loads.push_back(LayerLoad {
                    path,
                    progress,
                    fit,
                    handle,
                });
            }
            Err(e) => self
                .messages
                .push(format!("cannot start reading a layer: {e}")),
        }
    }

    /// Adds the first layer being read, waiting for it if it is not read yet
    /// ([`Command::LayerLoaded`]).
    fn finish_layer_load(&mut self) {
        let Some(load) = self.loads.pop_front() else {
            return;
        };
        let (path, fit) = (load.path, load.fit);
        let read = load.handle.join().unwrap_or_else(|_| {
            Err(crate::data::LayerError::Read(format!(
                "{}: the reading stopped with an error",
                path.display()
            )))
        });
        match read.and_then(|layer| {
            let n = layer.len();
            self.data.add_layer(layer).map(|file| (file, n))
        }) {
            Ok((file, n)) => {
                self.notify(self.trf(
                    "notice.opened",
                    &[("path", &path.display()), ("n", &crate::i18n::grouped(n))],
                ));
                self.layers.push(path);
                // Prepare the new places now, to fit the view to them.
                self.sync_caches();
                let bbox = self
                    .data
                    .places
                    .iter()
                    .zip(&self.scene.places)
                    .filter(|(p, _)| p.file == file)
                    .fold(MercBox::EMPTY, |b, (_, s)| b.union(&s.geometry.bbox()));
                if fit && !bbox.is_empty() {
                    self.fit(bbox, 40.0, MAX_FOCUS_ZOOM, Some(REFIT_FRAMES));
                }
            }
            Err(e) => {
                self.warn(self.trf("notice.not_opened", &[("e", &e)]));
                self.messages.push(e.to_string());
            }
        }
        self.run_after_loads();
    }

    /// Applies the commands waiting for the layers, once none is being read.
    fn run_after_loads(&mut self) {
        if self.loads.is_empty() {
            for command in std::mem::take(&mut self.after_loads) {
                self.apply(command);
            }
        }
    }

    /// Waits for the layers being read and adds them (for tests and the command line).
    pub fn wait_for_layer_loads(&mut self) {
        while !self.loads.is_empty() {
            self.apply(Command::LayerLoaded);
        }
    }

    fn start_background_checks(&mut self) {
        let job = self.data.deferred_checks();
        if job.is_empty() {
            return;
        }
        // A previous run's results belong to data that is gone: its handle is dropped unjoined.
        match std::thread::Builder::new()
            .name("geometry-checks".into())
            .spawn(move || job.run())
        {
            Ok(handle) => self.background = Some(handle),
            Err(e) => self
                .messages
                .push(format!("cannot start the geometry checks: {e}")),
        }
    }

    /// Waits for the background checks and adds their results (for tests and the command line).
    pub fn wait_for_background_checks(&mut self) {
        if self.background.is_some() {
            self.apply(Command::BackgroundChecksDone);
        }
    }

    /// The page an export of what the map shows now draws: its centre and zoom, in its language.
    pub fn export_page(&self, title: Option<String>) -> crate::export::Page {
        let (lon, lat) = self.center();
        crate::export::Page {
            target: crate::export::Target::View {
                lon,
                lat,
                zoom: self.view.map.zoom(),
            },
            title,
            lang: self.view.lang,
        }
    }

    fn export_map(&mut self, settings: &crate::export::run::ExportSettings) {
        use crate::export::run;
        let title = Some(settings.title.trim().to_string()).filter(|t| !t.is_empty());
        let page = self.export_page(title);
        let path = PathBuf::from(settings.path_for_format());
        let result = run::render_page(self, &page, settings.format, settings.size, settings.scale)
            .and_then(|done| {
                crate::data::format::write_atomic_bytes(&path, &done.bytes)
                    .map(|()| done)
                    .map_err(|source| run::ExportError::Write {
                        path: path.clone(),
                        source,
                    })
            });
        match result {
            Ok(done) => {
                let text = self.trf(
                    "export.done",
                    &[
                        ("path", &path.display()),
                        ("w", &done.size[0]),
                        ("h", &done.size[1]),
                    ],
                );
                self.notify(text);
                self.export_window = None;
            }
            Err(e) => self.warn(e.to_string()),
        }
    }

    fn notify(&mut self, text: String) {
        self.notify_as(text, false);
    }

    /// A notice that something went wrong (shown in the warning colour).
    fn warn(&mut self, text: String) {
        self.notify_as(text, true);
    }

    fn notify_as(&mut self, text: String, warning: bool) {
        let serial = self.notice.as_ref().map_or(1, |n| n.serial + 1);
        self.notice = Some(Notice {
            serial,
            text,
            warning,
        });
    }

    /// How far the map zooms in: further with raster tiles under it than on the offline
    /// basemap alone.
    pub fn max_zoom(&self) -> f64 {
        if self.basemap.source().is_some() {
            MAX_ZOOM
        } else {
            MAX_OFFLINE_ZOOM
        }
    }

    /// Whether the view is the overview the app fitted, not moved since.
    pub fn is_overview(&self) -> bool {
        self.refit.is_some_and(|r| r.frames.is_none())
    }

    fn set_view(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.refit = None;
        let zoom = zoom.clamp(MIN_ZOOM, self.max_zoom());
        self.view.map.center_at(projection::position(lon, lat));
        let _ = self.view.map.set_zoom(zoom);
        // The transform follows at once: a panel that opens before the next frame keeps this
        // view where it is, not the last frame's.
        if let Some(rect) = self.map_rect {
            self.transform = Some(MapTransform::new(
                projection::to_merc(lon, lat),
                zoom,
                rect.center(),
            ));
        }
    }

    /// The centre of the map as (lon, lat).
    pub fn center(&self) -> (f64, f64) {
        self.view
            .map
            .detached()
            .map(|p| (p.x(), p.y()))
            .unwrap_or((113.75, 22.6))
    }

    fn zoom_by(&mut self, delta: f64, anchor: Option<Pos2>) {
        let old = self.view.map.zoom();
        let zoom = (old + delta).clamp(MIN_ZOOM, self.max_zoom());
        if zoom == old {
            return;
        }
        let (lon, lat) = match (anchor, self.transform, self.map_rect) {
            (Some(anchor), Some(t), Some(rect)) => {
                // The point under the anchor stays there: the centre moves toward it by the
                // share of the distance the zoom takes away.
                let m = t.to_merc(anchor);
                let c = t.to_merc(rect.center());
                let k = 2f64.powf(old - zoom);
                from_merc([m[0] + (c[0] - m[0]) * k, m[1] + (c[1] - m[1]) * k])
            }
            _ => self.center(),
        };
        self.set_view(lon, lat, zoom);
        if let Some(rect) = self.map_rect {
            // Keep the transform in step, so that several zoom steps in one frame compose.
            self.transform = Some(MapTransform::new(
                projection::to_merc(lon, lat),
                zoom,
                rect.center(),
            ));
        }
    }

    /// Fits the view to `bbox`; `frames` says for how many frames a change of the map's size
    /// fits it again (`None`: until the user moves the map).
    fn fit(&mut self, bbox: MercBox, margin: f32, max_zoom: f64, frames: Option<u8>) {
        let zoom = projection::zoom_to_fit(bbox.size(), self.viewport, margin);
        let (lon, lat) = from_merc(bbox.center());
        self.set_view(lon, lat, zoom.min(max_zoom));
        self.refit = Some(Refit {
            bbox,
            margin,
            max_zoom,
            frames,
        });
    }

    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.data.place_index(id)
    }

    pub fn selected_place(&self) -> Option<&Place> {
        self.view
            .selected
            .as_deref()
            .and_then(|id| self.data.place(id))
    }

    /// Whether the layer panel shows a place.
    pub fn is_visible(&self, p: &Place) -> bool {
        if let Some(f) = self.data.files.get(p.file)
            && f.role == FileRole::Layer
        {
            return !self.view.hidden_layers.contains(&f.display);
        }
        !self.view.hidden_kinds.contains(&p.kind)
            && !p
                .status
                .is_some_and(|s| self.view.hidden_statuses.contains(&s))
    }

    /// Per place: whether the map draws it. A clause's places and the selection are drawn
    /// whatever their layer.
    fn visible_places(&self) -> Vec<bool> {
        self.data
            .places
            .iter()
            .map(|p| {
                self.is_visible(p)
                    || self.view.selected.as_deref() == Some(p.id.as_str())
                    || self.view.clause.is_some_and(|n| {
                        p.cites(n)
                            && !p
                                .status
                                .is_some_and(|s| self.view.hidden_statuses.contains(&s))
                    })
            })
            .collect()
    }

    /// The places the selected clause names, in order.
    fn clause_places(&self) -> Vec<usize> {
        self.view
            .clause
            .map(|n| {
                self.data
                    .places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.cites(n))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What the map draws and emphasises, from the state. The per-place parts (what is
    /// visible, the clause's places) are worked out once per change of what they depend on.
    pub fn emphasis(&self) -> Emphasis {
        let index = |id: &Option<String>| id.as_deref().and_then(|id| self.place_index(id));
        let key = EmphasisKey {
            revision: self.data.revision,
            places: self.data.places.len(),
            hidden_kinds: self.view.hidden_kinds.clone(),
            hidden_statuses: self.view.hidden_statuses.clone(),
            hidden_layers: self.view.hidden_layers.clone(),
            selected: self.view.selected.clone(),
            clause: self.view.clause,
        };
        let (visible, clause) = {
            // A poisoned lock only means a panic elsewhere mid-update: work it out again.
            let mut memo = self
                .emphasis_memo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match memo.as_ref().filter(|m| m.key == key) {
                Some(m) => (m.visible.clone(), m.clause.clone()),
                None => {
                    let (visible, clause) = (
                        Arc::new(self.visible_places()),
                        Arc::new(self.clause_places()),
                    );
                    *memo = Some(EmphasisMemo {
                        key,
                        visible: visible.clone(),
                        clause: clause.clone(),
                    });
                    (visible, clause)
                }
            }
        };
        Emphasis {
            hovered: index(&self.hovered).or_else(|| index(&self.hovered_name)),
            selected: index(&self.view.selected),
            clause,
            visible,
            coverage: match self.view.coverage_map {
                CoverageMap::Off => None,
                CoverageMap::Places => Some(crate::map::Shading {
                    counts: self.coverage.places.clone(),
                    max: self.coverage.max_place,
                    only_cities: false,
                }),
                CoverageMap::Cities => Some(crate::map::Shading {
                    counts: self.coverage.cities.clone(),
                    max: self.coverage.max_city,
                    only_cities: true,
                }),
            },
            look: crate::map::Look {
                lang: self.view.lang,
                scale: self.show.mode.map_or(1.0, |m| m.scale),
                second_line: self.show.mode.is_none(),
            },
        }
    }
}

/// What the map's per-place emphasis is worked out from (see [`AppState::emphasis`]).
#[derive(Debug, PartialEq)]
struct EmphasisKey {
    revision: u64,
    places: usize,
    hidden_kinds: BTreeSet<Kind>,
    hidden_statuses: BTreeSet<crate::data::Status>,
    hidden_layers: BTreeSet<String>,
    selected: Option<String>,
    clause: Option<u32>,
}

#[derive(Debug)]
struct EmphasisMemo {
    key: EmphasisKey,
    visible: Arc<Vec<bool>>,
    clause: Arc<Vec<usize>>,
}

/// What the panels show beside their rows, counted once per change of the document, not each
/// frame (an opened layer may have a million features): the places linked to each clause, and
/// the data's places (not an opened layer's) by kind, status and accuracy, and each file's
/// places.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Per clause: the places linked to it (indices into the dataset's places, in order).
    citing: BTreeMap<u32, Vec<usize>>,
    /// The data's places.
    pub data_places: usize,
    kinds: BTreeMap<Kind, usize>,
    statuses: BTreeMap<crate::data::Status, usize>,
    /// The data's places with no status.
    pub no_status: usize,
    accuracies: BTreeMap<crate::data::Accuracy, usize>,
    /// Per file (same order as the dataset's files): its places.
    files: Vec<usize>,
}

impl Tally {
    pub fn count(data: &Dataset) -> Tally {
        let mut t = Tally {
            files: vec![0; data.files.len()],
            ..Tally::default()
        };
        for (i, p) in data.places.iter().enumerate() {
            if let Some(n) = t.files.get_mut(p.file) {
                *n += 1;
            }
            for c in &p.clauses {
                let citing = t.citing.entry(c.clause).or_default();
                // A place linked twice to a clause counts once.
                if citing.last() != Some(&i) {
                    citing.push(i);
                }
            }
            if data.is_layer_place(p) {
                continue;
            }
            t.data_places += 1;
            *t.kinds.entry(p.kind).or_default() += 1;
            match p.status {
                Some(s) => *t.statuses.entry(s).or_default() += 1,
                None => t.no_status += 1,
            }
            *t.accuracies.entry(p.accuracy).or_default() += 1;
        }
        t
    }

    /// The places linked to clause `n` (indices into the dataset's places).
    pub fn citing(&self, n: u32) -> &[usize] {
        self.citing.get(&n).map_or(&[], Vec::as_slice)
    }

    /// The data's places of kind `k`.
    pub fn kind(&self, k: Kind) -> usize {
        self.kinds.get(&k).copied().unwrap_or(0)
    }

    /// The data's places with status `s`.
    pub fn status(&self, s: crate::data::Status) -> usize {
        self.statuses.get(&s).copied().unwrap_or(0)
    }

    /// The data's places of accuracy `a`.
    pub fn accuracy(&self, a: crate::data::Accuracy) -> usize {
        self.accuracies.get(&a).copied().unwrap_or(0)
    }

    /// The places of file `file`.
    pub fn file(&self, file: usize) -> usize {
        self.files.get(file).copied().unwrap_or(0)
    }
}

/// How many clauses name each place, and each city with the places in it: the picture of where
/// the plan concentrates. Counted once per load.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Per place (same order as the dataset): the clauses that name it.
    pub places: Arc<Vec<usize>>,
    /// Per place: for a city, the distinct clauses that name it or a place whose label point is
    /// in it; 0 for other places.
    pub cities: Arc<Vec<usize>>,
    /// The most clauses naming a place, and a city.
    pub max_place: usize,
    pub max_city: usize,
}

impl Coverage {
    pub fn count(data: &Dataset) -> Coverage {
        use geo::{BoundingRect as _, Contains as _};
        let places: Vec<usize> = data.places.iter().map(|p| p.clauses.len()).collect();
        // Where each place (other than a city) is: found once, not once per city.
        let points: Vec<(geo::Point<f64>, &[crate::data::ClauseRef])> = data
            .places
            .iter()
            // A place no clause names adds nothing to a city's count (the features of an
            // opened layer: a million point-in-polygon tests for nothing).
            .filter(|p| p.kind != Kind::City && !p.clauses.is_empty())
            .filter_map(|p| {
                let at = p
                    .label_at()
                    .map(geo::Point::from)
                    .or_else(|| geo::InteriorPoint::interior_point(&p.geometry))?;
                Some((at, p.clauses.as_slice()))
            })
            .collect();
        let cities = data
            .places
            .iter()
            .map(|city| {
                if city.kind != Kind::City {
                    return 0;
                }
                let mut clauses: BTreeSet<u32> = city.clauses.iter().map(|c| c.clause).collect();
                let Some(bounds) = city.geometry.bounding_rect() else {
                    return clauses.len();
                };
                for (at, refs) in &points {
                    let inside_box = (bounds.min().x..=bounds.max().x).contains(&at.x())
                        && (bounds.min().y..=bounds.max().y).contains(&at.y());
                    if inside_box && city.geometry.contains(at) {
                        clauses.extend(refs.iter().map(|c| c.clause));
                    }
                }
                clauses.len()
            })
            .collect();
        let cities: Vec<usize> = cities;
        Coverage {
            max_place: places.iter().copied().max().unwrap_or(0),
            max_city: cities.iter().copied().max().unwrap_or(0),
            places: Arc::new(places),
            cities: Arc::new(cities),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        AppState::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
    }

    #[test]
    fn select_and_clear() {
        let mut s = state();
        s.apply(Command::Select(Some("hong-kong".into())));
        assert_eq!(s.selected_place().map(|p| p.name_zh.as_str()), Some("香港"));
        s.apply(Command::Select(Some("no-such-place".into())));
        assert_eq!(s.view.selected, None);
    }

    #[test]
    fn reset_view_shows_the_whole_bay_area() {
        let mut s = state();
        s.apply(Command::SetView {
            lon: 100.0,
            lat: 30.0,
            zoom: 14.0,
        });
        s.apply(Command::ResetView);
        let z = s.view.map.zoom();
        assert!((7.0..=10.0).contains(&z), "zoom {z}");
        let c = s.view.map.detached().map(|p| (p.x(), p.y()));
        let (lon, lat) = c.unwrap_or_default();
        assert!(
            (112.5..115.0).contains(&lon) && (22.0..23.6).contains(&lat),
            "{lon} {lat}"
        );
    }

    #[test]
    fn offline_zoom_stops_where_the_basemap_does() {
        let mut s = state();
        for _ in 0..20 {
            s.apply(Command::ZoomIn);
        }
        assert_eq!(s.view.map.zoom(), MAX_OFFLINE_ZOOM);
        s.apply(Command::SetTileServer(
            "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
        ));
        s.apply(Command::SetOnlineTiles(true));
        for _ in 0..20 {
            s.apply(Command::ZoomIn);
        }
        assert_eq!(s.view.map.zoom(), MAX_ZOOM);
    }

    #[test]
    fn zoom_to_place_zooms_in() {
        let mut s = state();
        s.apply(Command::ZoomToPlace("macao".into()));
        assert!(s.view.map.zoom() > 11.0, "zoom {}", s.view.map.zoom());
    }

    #[test]
    fn search_by_clause_number_opens_the_clause() {
        let mut s = state();
        s.apply(Command::SetSearchQuery("（四十九）".into()));
        assert!(s.search.open);
        assert_eq!(s.search.results.clauses.first().map(|c| c.0), Some(49));
        // The cursor starts on the first result and stays within the list.
        s.apply(Command::MoveSearchCursor(-5));
        assert_eq!(s.search.cursor, 0);
        let places = s.search.results.places.len();
        s.apply(Command::MoveSearchCursor(places as i32));
        s.apply(Command::ActivateSearchResult(None));
        assert_eq!(s.view.clause, Some(49));
        assert_eq!(s.tab, Tab::Plan);
        assert!(!s.search.open);
    }

    #[test]
    fn coverage_counts_cities_with_their_places() {
        let s = state();
        let i = s.place_index("shenzhen").expect("shenzhen");
        let own = s.data.places[i].clauses.len();
        // Qianhai, Hetao and the rest add clauses that do not name Shenzhen itself.
        assert!(
            s.coverage.cities[i] > own,
            "{} vs {own}",
            s.coverage.cities[i]
        );
        assert!(s.coverage.cities[i] <= 66);
        let zone = s.data.places.iter().position(|p| p.kind != Kind::City);
        assert_eq!(zone.map(|z| s.coverage.cities[z]), Some(0));
    }

    #[test]
    fn emphasis_follows_the_clause_and_the_document() {
        let mut s = state();
        assert!(s.emphasis().clause.is_empty());
        s.apply(Command::SelectClause(Some(49)));
        let clause = s.emphasis().clause;
        assert_eq!(*clause, s.tally.citing(49));
        assert!(!clause.is_empty());
        // The same choices give the same (shared) lists, not new ones.
        assert!(Arc::ptr_eq(&clause, &s.emphasis().clause));
        // A place of the clause deleted: the lists follow the document.
        let gone = s.data.places[clause[0]].id.clone();
        let visible_before = s.emphasis().visible.len();
        s.apply(Command::Edit {
            label: "delete".into(),
            edit: crate::data::Edit::Delete { id: gone.clone() },
        });
        let e = s.emphasis();
        assert_eq!(e.visible.len(), visible_before - 1);
        assert_eq!(*e.clause, s.tally.citing(49));
        assert!(e.clause.iter().all(|&i| s.data.places[i].id != gone));
        s.apply(Command::SelectClause(None));
        assert!(s.emphasis().clause.is_empty());
    }

    #[test]
    fn hidden_kinds_and_statuses() {
        let mut s = state();
        for &k in Kind::ALL {
            s.apply(Command::SetKindVisible(k, true));
        }
        let all = s.emphasis().visible.iter().filter(|v| **v).count();
        s.apply(Command::SetKindVisible(Kind::Railway, false));
        s.apply(Command::SetStatusVisible(Status::Planned, false));
        let shown = s.emphasis().visible.iter().filter(|v| **v).count();
        let hidden = s
            .data
            .places
            .iter()
            .filter(|p| p.kind == Kind::Railway || p.status == Some(Status::Planned))
            .count();
        assert!(hidden > 0);
        assert_eq!(shown, all - hidden);
        // Choosing a hidden place by name shows its layer again.
        let rail = s
            .data
            .places
            .iter()
            .find(|p| p.kind == Kind::Railway)
            .map(|p| p.id.clone());
        s.apply(Command::Select(rail));
        assert!(!s.view.hidden_kinds.contains(&Kind::Railway));
    }

    #[test]
    fn a_view_saves_and_restores_as_json() {
        let mut s = state();
        s.apply(Command::SetView {
            lon: 113.9,
            lat: 22.53,
            zoom: 13.0,
        });
        s.apply(Command::Select(Some("macao".into())));
        s.apply(Command::SelectClause(Some(49)));
        s.apply(Command::SetView {
            lon: 113.9,
            lat: 22.53,
            zoom: 13.0,
        });
        let json = serde_json::to_string(&s.view).unwrap();
        assert!(json.contains("\"center\":[113.9,22.53]"), "{json}");
        assert!(
            json.contains("\"hidden_kinds\":[\"prefecture\",\"district\""),
            "{json}"
        );
        let back: View = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s.view);
        // Missing fields take their defaults; an unknown kind is an error that names it.
        let partial: View = serde_json::from_str(r#"{"selected": "macao"}"#).unwrap();
        assert_eq!(partial.hidden_kinds, View::default().hidden_kinds);
        let e = serde_json::from_str::<View>(r#"{"hidden_kinds": ["castle"]}"#).unwrap_err();
        assert!(e.to_string().contains("unknown value \"castle\""), "{e}");
    }

    #[test]
    fn basemap_commands() {
        let mut s = state();
        // Offline by default: no raster source at all.
        assert!(!s.basemap.online);
        assert_eq!(s.basemap.source(), None);
        s.apply(Command::SetTileServer(
            "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
        ));
        assert!(s.basemap.online);
        assert_eq!(s.basemap.server.host(), "127.0.0.1:9");
        s.apply(Command::SetOnlineTiles(false));
        assert_eq!(s.basemap.source(), None);
        // A bad template or file is reported and changes nothing.
        s.apply(Command::SetTileServer("ftp://x/{z}/{x}/{y}".into()));
        s.apply(Command::SetBasemapFile(Some(PathBuf::from(
            "/no/such/file.pmtiles",
        ))));
        assert_eq!(s.messages.len(), 2, "{:?}", s.messages);
        assert_eq!(s.basemap.server.host(), "127.0.0.1:9");
        assert_eq!(s.basemap.source(), None);
    }
}
