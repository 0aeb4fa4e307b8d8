//! Application state as plain data, changed only through [`Command`]s.
//!
//! The UI reads [`AppState`] and sends commands; tests send the same commands with no window.

use std::path::{Path, PathBuf};

use egui::Vec2;
use walkers::MapMemory;

use crate::data::{Checks, Dataset, Place};
use crate::map::projection::{self, MapTransform};
use crate::map::{MercBox, Scene, from_merc};
use crate::plan::Plan;

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
    pub show_problems: bool,
    /// Size of the map area in the last frame (for fitting views).
    pub viewport: Vec2,
    /// Transform of the last frame drawn (screen ↔ map), for hit tests and tests.
    pub transform: Option<MapTransform>,
    /// Attribution of the data sources (`data/ATTRIBUTION.txt`), shown on the map.
    pub attribution: String,
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
            show_problems: false,
            viewport: Vec2::new(1280.0, 760.0),
            transform: None,
            attribution,
            messages,
        };
        state.apply(Command::ResetView);
        state
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Select(id) => {
                self.selected = id.filter(|id| self.data.place(id).is_some());
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

    fn set_view(&mut self, lon: f64, lat: f64, zoom: f64) {
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
}
