//! Application state as plain data, changed only through [`Command`]s.
//!
//! The UI reads [`AppState`] and sends commands; tests send the same commands with no window.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{Pos2, Vec2};
use walkers::MapMemory;

use crate::data::{Checks, Dataset, Kind, Place, Status};
use crate::map::projection::{self, MapTransform};
use crate::map::{Emphasis, MercBox, Scene, from_merc};
use crate::plan::Plan;
use crate::search::{self, Hit, Results};

/// The tabs of the left panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The plan as a reader: sections, clauses, a clause's text with its places.
    #[default]
    Plan,
    /// Layers and legend.
    Layers,
    /// Which clauses are mapped.
    Coverage,
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
    /// Offer a choice of the places under a click (or close the offer).
    ShowPick(Option<Pick>),
    /// The background checks have finished: add what they found.
    BackgroundChecksDone,
    /// Reload the data directory (what fails to load keeps nothing from the old data: the new
    /// dataset replaces it only when the directory can be read).
    Reload,
}

/// The application's state.
pub struct AppState {
    pub plan: Plan,
    pub data: Dataset,
    pub scene: Scene,
    pub data_dir: PathBuf,
    pub map: MapMemory,
    pub selected: Option<String>,
    pub hovered: Option<String>,
    pub selected_clause: Option<u32>,
    pub tab: Tab,
    pub hidden_kinds: BTreeSet<Kind>,
    pub hidden_statuses: BTreeSet<Status>,
    pub search: SearchState,
    pub pick: Option<Pick>,
    pub show_problems: bool,
    /// Size of the map area in the last frame (for fitting views).
    pub viewport: Vec2,
    /// Fit the overview once the map's real size is known (unless a view was set before).
    pub fit_pending: bool,
    /// Transform of the last frame drawn (screen ↔ map), for hit tests and tests.
    pub transform: Option<MapTransform>,
    /// Attribution of the data sources (`data/ATTRIBUTION.txt`), shown on the map.
    pub attribution: String,
    /// Polygon validity checks running after a load, off the UI thread.
    pub background: Option<std::thread::JoinHandle<Vec<crate::data::Issue>>>,
    /// Messages about loading that are not data-file problems (e.g. a missing directory).
    pub messages: Vec<String>,
}

impl AppState {
    /// Loads the plan and the data directory. Never fails: problems become messages and issues.
    pub fn load(data_dir: &Path) -> AppState {
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
            data_dir: data_dir.to_path_buf(),
            map: MapMemory::default(),
            selected: None,
            hovered: None,
            selected_clause: None,
            tab: Tab::default(),
            hidden_kinds: BTreeSet::new(),
            hidden_statuses: BTreeSet::new(),
            search: SearchState::default(),
            pick: None,
            show_problems: false,
            viewport: Vec2::new(1280.0, 760.0),
            fit_pending: true,
            transform: None,
            attribution,
            background: None,
            messages,
        };
        state.apply(Command::ResetView);
        state.fit_pending = true;
        state.start_background_checks();
        state
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Select(id) => {
                self.selected = id.filter(|id| self.data.place(id).is_some());
                if let Some(kind) = self.selected_place().map(|p| p.kind) {
                    // A place chosen by name is shown even if its layer was off.
                    self.hidden_kinds.remove(&kind);
                }
            }
            Command::SelectClause(n) => {
                self.selected_clause = n.filter(|n| self.plan.clause(*n).is_some());
                if let Some(n) = self.selected_clause {
                    self.tab = Tab::Plan;
                    let mut bbox = MercBox::EMPTY;
                    for (i, p) in self.data.places.iter().enumerate() {
                        if p.cites(n)
                            && self.is_visible(p)
                            && let Some(prepared) = self.scene.places.get(i)
                        {
                            bbox = bbox.union(&prepared.geometry.bbox());
                        }
                    }
                    if !bbox.is_empty() {
                        self.fit(bbox, 50.0);
                    }
                }
            }
            Command::ShowTab(tab) => self.tab = tab,
            Command::SetKindVisible(kind, visible) => {
                if visible {
                    self.hidden_kinds.remove(&kind);
                } else {
                    self.hidden_kinds.insert(kind);
                }
            }
            Command::SetStatusVisible(status, visible) => {
                if visible {
                    self.hidden_statuses.remove(&status);
                } else {
                    self.hidden_statuses.insert(status);
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
            Command::ResetView => {
                let bbox = self.scene.places_bbox;
                if bbox.is_empty() {
                    self.set_view(113.75, 22.6, 8.5);
                } else {
                    self.fit(bbox, 24.0);
                }
            }
            Command::ZoomIn => {
                let _ = self.map.set_zoom((self.map.zoom() + 1.0).min(18.0));
            }
            Command::ZoomOut => {
                let _ = self.map.set_zoom((self.map.zoom() - 1.0).max(5.0));
            }
            Command::ZoomToPlace(id) => {
                if let Some(i) = self.place_index(&id)
                    && let Some(b) = self.scene.places.get(i).map(|p| p.geometry.bbox())
                {
                    self.fit(b, 60.0);
                }
            }
            Command::SetView { lon, lat, zoom } => self.set_view(lon, lat, zoom),
            Command::ShowProblems(show) => self.show_problems = show,
            Command::Reload => match self.data.reload(&self.plan) {
                Ok(data) => {
                    self.scene = Scene::build(&data);
                    self.data = data;
                    self.start_background_checks();
                    self.messages.clear();
                    if self
                        .selected
                        .as_deref()
                        .is_some_and(|id| self.data.place(id).is_none())
                    {
                        self.selected = None;
                    }
                }
                // The directory itself is gone or unreadable: keep everything shown.
                Err(e) => self.messages = vec![e.to_string()],
            },
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

    fn set_view(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.fit_pending = false;
        self.map.center_at(projection::position(lon, lat));
        let _ = self.map.set_zoom(zoom.clamp(2.0, 18.0));
    }

    fn fit(&mut self, bbox: MercBox, margin: f32) {
        let zoom = projection::zoom_to_fit(bbox.size(), self.viewport, margin);
        let (lon, lat) = from_merc(bbox.center());
        self.set_view(lon, lat, zoom.min(16.0));
    }

    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.data.places.iter().position(|p| p.id == id)
    }

    pub fn selected_place(&self) -> Option<&Place> {
        self.selected.as_deref().and_then(|id| self.data.place(id))
    }

    /// Whether the layer panel shows a place.
    pub fn is_visible(&self, p: &Place) -> bool {
        !self.hidden_kinds.contains(&p.kind)
            && !p.status.is_some_and(|s| self.hidden_statuses.contains(&s))
    }

    /// What the map draws and emphasises, from the state.
    pub fn emphasis(&self) -> Emphasis {
        let index = |id: &Option<String>| id.as_deref().and_then(|id| self.place_index(id));
        Emphasis {
            hovered: index(&self.hovered),
            selected: index(&self.selected),
            clause: self
                .selected_clause
                .map(|n| {
                    self.data
                        .places
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.cites(n))
                        .map(|(i, _)| i)
                        .collect()
                })
                .unwrap_or_default(),
            visible: self
                .data
                .places
                .iter()
                .map(|p| self.is_visible(p))
                .collect(),
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
        assert_eq!(s.selected, None);
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
        let z = s.map.zoom();
        assert!((7.0..=10.0).contains(&z), "zoom {z}");
        let c = s.map.detached().map(|p| (p.x(), p.y()));
        let (lon, lat) = c.unwrap_or_default();
        assert!(
            (112.5..115.0).contains(&lon) && (22.0..23.6).contains(&lat),
            "{lon} {lat}"
        );
    }

    #[test]
    fn zoom_to_place_zooms_in() {
        let mut s = state();
        s.apply(Command::ZoomToPlace("macao".into()));
        assert!(s.map.zoom() > 11.0, "zoom {}", s.map.zoom());
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
        assert_eq!(s.selected_clause, Some(49));
        assert_eq!(s.tab, Tab::Plan);
        assert!(!s.search.open);
    }

    #[test]
    fn hidden_kinds_and_statuses() {
        let mut s = state();
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
        assert!(!s.hidden_kinds.contains(&Kind::Railway));
    }
}
