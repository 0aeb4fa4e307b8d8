//! Presenting: presentation mode, saved views, tours, the flight between views, measuring, the
//! language. The state is plain data in [`Presenting`]; [`PresentCommand`]s change it.

use crate::i18n::Lang;
use crate::map::measure::{Measure, MeasureKind};
use crate::map::{MercBox, projection};
use crate::present::tour::{self, TOURS_FILE};
use crate::present::views::VIEWS_FILE;
use crate::present::{Flight, Presentation, SavedView, Stop, Tour, ToursFile, ViewsFile};

use super::{AppState, MAX_FOCUS_ZOOM, View};

/// A tour being shown: which, and at which stop.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveTour {
    pub tour: Tour,
    pub stop: usize,
}

impl ActiveTour {
    pub fn current(&self) -> Option<&Stop> {
        self.tour.stops.get(self.stop)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Presenting {
    /// Presentation mode, when on.
    pub mode: Option<Presentation>,
    /// The last presentation settings (kept while the mode is off, remembered).
    pub settings: Presentation,
    pub views: ViewsFile,
    pub tours: ToursFile,
    pub tour: Option<ActiveTour>,
    /// The saved tour open in the tour editor.
    pub editing_tour: Option<usize>,
    /// The map flying to a view (animated), with what to select on arrival.
    pub flight: Option<Flight>,
    pub landing: Option<Landing>,
    /// Whether moves between views and stops are animated.
    pub fly: bool,
    pub measure: Option<Measure>,
    /// A problem with the views or tours file, shown in their panel.
    pub error: Option<String>,
}

impl Default for Presenting {
    fn default() -> Self {
        Presenting {
            mode: None,
            settings: Presentation::default(),
            views: ViewsFile::default(),
            tours: ToursFile::default(),
            tour: None,
            editing_tour: None,
            flight: None,
            landing: None,
            fly: true,
            measure: None,
            error: None,
        }
    }
}

/// What the view becomes when a flight lands.
#[derive(Debug, Clone, PartialEq)]
pub enum Landing {
    View(Box<View>),
    Clause(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum PresentCommand {
    /// Enter or leave presentation mode.
    SetPresenting(bool),
    /// Type and line scale in presentation mode.
    SetScale(f32),
    /// The cursor as a laser pointer.
    SetLaser(bool),
    /// The clause's text under the caption.
    SetCaptionText(bool),
    SetLang(Lang),
    /// Animate moves between views (or jump).
    SetFly(bool),
    /// Save the current view under a name (replacing one of that name) in `data/views.json`.
    SaveView(String),
    /// Go to a saved view (by index).
    RecallView(usize),
    /// Go to a saved view by name (the command line's `--view-name`).
    RecallViewNamed(String),
    DeleteView(usize),
    RenameView(usize, String),
    /// A frame at time `now` (seconds): the flight moves on.
    Animate(f64),
    /// Show a tour (saved by name, `section:十`, or `plan`) from a stop.
    StartTour {
        name: String,
        stop: usize,
    },
    /// Next (+1) or previous (-1) stop.
    TourStep(i32),
    EndTour,
    /// A new saved tour, opened in the editor.
    NewTour(String),
    /// Open a saved tour in the editor (or close the editor).
    EditTour(Option<usize>),
    /// Add the current view as a stop of the tour in the editor.
    AddStop,
    MoveStop {
        from: usize,
        to: usize,
    },
    SetStopCaption {
        stop: usize,
        caption: String,
    },
    SetStopNotes {
        stop: usize,
        notes: String,
    },
    DeleteStop(usize),
    DeleteTour(usize),
    /// Start measuring a distance or an area (or stop).
    SetMeasure(Option<MeasureKind>),
    /// Add a vertex (lon, lat) to the measurement.
    MeasurePoint([f64; 2]),
}

impl AppState {
    /// Reads `data/views.json` and `data/tours.json` (missing files are empty lists).
    pub(super) fn load_presenting(&mut self) {
        let views = ViewsFile::load(&self.data_dir.join(VIEWS_FILE));
        let tours = ToursFile::load(&self.data_dir.join(TOURS_FILE));
        let mut errors = Vec::new();
        match views {
            Ok(v) => self.show.views = v,
            Err(e) => errors.push(e.to_string()),
        }
        match tours {
            Ok(t) => self.show.tours = t,
            Err(e) => errors.push(e.to_string()),
        }
        self.show.error = (!errors.is_empty()).then(|| errors.join("\n"));
    }

    fn save_views(&mut self) {
        if let Err(e) = self.show.views.save(&self.data_dir.join(VIEWS_FILE)) {
            self.show.error = Some(e.to_string());
        }
    }

    fn save_tours(&mut self) {
        if let Err(e) = self.show.tours.save(&self.data_dir.join(TOURS_FILE)) {
            self.show.error = Some(e.to_string());
        }
    }

    /// The caption presentation mode shows: the tour stop's, else the clause's, else the place's.
    pub fn caption(&self) -> Option<String> {
        // Captions are short: converted for Traditional Chinese as they are shown.
        let lang = self.view.lang;
        let text = |s: String| match lang {
            Lang::ZhHant => crate::i18n::to_hant_cached(&s).to_string(),
            _ => s,
        };
        if let Some(stop) = self.show.tour.as_ref().and_then(|t| t.current()) {
            return Some(text(stop.caption.clone()));
        }
        if let Some(c) = self.view.clause.and_then(|n| self.plan.clause(n)) {
            return Some(text(format!("{}{}", c.marker(), c.title)));
        }
        self.selected_place().map(|p| match self.view.lang {
            Lang::En => p.name_en.clone(),
            Lang::ZhHant => crate::i18n::to_hant(&p.name_zh),
            Lang::ZhHans => p.name_zh.clone(),
        })
    }

    /// Moves the map to (lon, lat, zoom): a flight when animation is on and a frame has been
    /// drawn, else at once.
    fn go_to(&mut self, lon: f64, lat: f64, zoom: f64, landing: Option<Landing>) {
        let now = self.now;
        if self.show.fly && self.map_rect.is_some() && now > 0.0 {
            let (clon, clat) = self.center();
            let flight = Flight::new(
                projection::to_merc(clon, clat),
                self.view.map.zoom(),
                projection::to_merc(lon, lat),
                zoom,
                self.viewport.x as f64,
                now,
            );
            self.show.flight = Some(flight);
            self.show.landing = landing;
        } else {
            self.set_view(lon, lat, zoom);
            self.land(landing);
        }
    }

    fn land(&mut self, landing: Option<Landing>) {
        match landing {
            Some(Landing::View(v)) => {
                let map = self.view.map.clone();
                self.view = *v;
                self.view.map = map;
            }
            Some(Landing::Clause(n)) => self.apply(super::Command::SelectClause(Some(n))),
            None => {}
        }
    }

    /// Where the map would fit clause `n`'s places: (lon, lat, zoom).
    fn clause_target(&self, n: u32) -> Option<(f64, f64, f64)> {
        let mut bbox = MercBox::EMPTY;
        for (i, p) in self.data.places.iter().enumerate() {
            if p.cites(n)
                && let Some(prepared) = self.scene.places.get(i)
            {
                bbox = bbox.union(&prepared.geometry.bbox());
            }
        }
        if bbox.is_empty() {
            return None;
        }
        let zoom = projection::zoom_to_fit(bbox.size(), self.viewport, 50.0).min(MAX_FOCUS_ZOOM);
        let (lon, lat) = projection::from_merc(bbox.center());
        Some((lon, lat, zoom))
    }

    fn show_stop(&mut self) {
        let Some(stop) = self.show.tour.as_ref().and_then(|t| t.current()).cloned() else {
            return;
        };
        match (&stop.view, stop.clause) {
            (Some(v), _) => {
                let (lon, lat) = v
                    .map
                    .detached()
                    .map(|p| (p.x(), p.y()))
                    .unwrap_or(self.center());
                let mut landing = v.clone();
                // A stop keeps the language the audience chose.
                landing.lang = self.view.lang;
                self.go_to(
                    lon,
                    lat,
                    v.map.zoom(),
                    Some(Landing::View(Box::new(landing))),
                );
            }
            (None, Some(n)) => {
                // The clause is read (its places emphasised) as the map flies there.
                self.view.clause = Some(n);
                self.view.selected = None;
                match self.clause_target(n) {
                    Some((lon, lat, zoom)) => self.go_to(lon, lat, zoom, Some(Landing::Clause(n))),
                    None => self.apply(super::Command::SelectClause(Some(n))),
                }
            }
            (None, None) => {}
        }
    }

    pub(super) fn apply_present(&mut self, command: PresentCommand) {
        use PresentCommand as P;
        match command {
            P::SetPresenting(on) => {
                self.show.mode = on.then_some(self.show.settings);
            }
            P::SetScale(scale) => {
                self.show.settings.scale = scale.clamp(1.0, 3.0);
                if let Some(m) = &mut self.show.mode {
                    m.scale = self.show.settings.scale;
                }
            }
            P::SetLaser(on) => {
                self.show.settings.laser = on;
                if let Some(m) = &mut self.show.mode {
                    m.laser = on;
                }
            }
            P::SetCaptionText(on) => {
                self.show.settings.text = on;
                if let Some(m) = &mut self.show.mode {
                    m.text = on;
                }
            }
            P::SetLang(lang) => self.view.lang = lang,
            P::SetFly(on) => self.show.fly = on,
            P::SaveView(name) => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return;
                }
                self.show.views.put(SavedView {
                    name,
                    lang: Some(self.view.lang),
                    view: self.view.clone(),
                });
                self.save_views();
            }
            P::RecallView(i) => {
                let Some(saved) = self.show.views.views.get(i).cloned() else {
                    return;
                };
                let (lon, lat) = saved
                    .view
                    .map
                    .detached()
                    .map(|p| (p.x(), p.y()))
                    .unwrap_or(self.center());
                let zoom = saved.view.map.zoom();
                let mut view = saved.view;
                view.lang = saved.lang.unwrap_or(self.view.lang);
                self.go_to(lon, lat, zoom, Some(Landing::View(Box::new(view))));
            }
            P::RecallViewNamed(name) => match self.show.views.find(&name) {
                Some(i) => self.apply_present(P::RecallView(i)),
                None => self.messages.push(format!(
                    "{}: no saved view named \"{name}\"",
                    self.data_dir.join(VIEWS_FILE).display()
                )),
            },
            P::DeleteView(i) => {
                if i < self.show.views.views.len() {
                    self.show.views.views.remove(i);
                    self.save_views();
                }
            }
            P::RenameView(i, name) => {
                let name = name.trim().to_string();
                if let Some(v) = self.show.views.views.get_mut(i)
                    && !name.is_empty()
                {
                    v.name = name;
                    self.save_views();
                }
            }
            P::Animate(now) => {
                self.now = now;
                if let Some(flight) = &self.show.flight {
                    let (centre, zoom, done) = flight.at(now);
                    let (lon, lat) = projection::from_merc(centre);
                    self.set_view(lon, lat, zoom);
                    if done {
                        self.show.flight = None;
                        let landing = self.show.landing.take();
                        self.land(landing);
                    }
                }
            }
            P::StartTour { name, stop } => {
                match tour::resolve(&name, &self.show.tours, &self.plan, &self.data) {
                    Some(t) if !t.stops.is_empty() => {
                        let stop = stop.min(t.stops.len() - 1);
                        self.show.tour = Some(ActiveTour { tour: t, stop });
                        self.show_stop();
                    }
                    _ => self
                        .messages
                        .push(format!("no tour named \"{name}\" with stops")),
                }
            }
            P::TourStep(step) => {
                let Some(t) = &mut self.show.tour else {
                    return;
                };
                let last = t.tour.stops.len().saturating_sub(1) as i64;
                let next = (t.stop as i64 + step as i64).clamp(0, last) as usize;
                if next != t.stop {
                    t.stop = next;
                    self.show_stop();
                }
            }
            P::EndTour => {
                self.show.tour = None;
                self.show.flight = None;
            }
            P::NewTour(name) => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return;
                }
                let i = match self.show.tours.find(&name) {
                    Some(i) => i,
                    None => {
                        self.show.tours.tours.push(Tour {
                            name,
                            stops: Vec::new(),
                        });
                        self.show.tours.tours.len() - 1
                    }
                };
                self.show.editing_tour = Some(i);
                self.save_tours();
            }
            P::EditTour(i) => {
                self.show.editing_tour = i.filter(|i| *i < self.show.tours.tours.len());
            }
            P::AddStop => {
                let caption = self.caption().unwrap_or_default();
                let stop = Stop {
                    view: Some(self.view.clone()),
                    clause: self.view.clause,
                    caption,
                    clauses: self.view.clause.into_iter().collect(),
                    notes: String::new(),
                };
                if let Some(t) = self.edited_tour() {
                    t.stops.push(stop);
                    self.save_tours();
                }
            }
            P::MoveStop { from, to } => {
                if let Some(t) = self.edited_tour()
                    && from < t.stops.len()
                    && to < t.stops.len()
                {
                    let s = t.stops.remove(from);
                    t.stops.insert(to, s);
                    self.save_tours();
                }
            }
            P::SetStopCaption { stop, caption } => {
                if let Some(s) = self.edited_tour().and_then(|t| t.stops.get_mut(stop)) {
                    s.caption = caption;
                    self.save_tours();
                }
            }
            P::SetStopNotes { stop, notes } => {
                if let Some(s) = self.edited_tour().and_then(|t| t.stops.get_mut(stop)) {
                    s.notes = notes;
                    self.save_tours();
                }
            }
            P::DeleteStop(stop) => {
                if let Some(t) = self.edited_tour()
                    && stop < t.stops.len()
                {
                    t.stops.remove(stop);
                    self.save_tours();
                }
            }
            P::DeleteTour(i) => {
                if i < self.show.tours.tours.len() {
                    self.show.tours.tours.remove(i);
                    self.show.editing_tour = None;
                    self.save_tours();
                }
            }
            P::SetMeasure(kind) => self.show.measure = kind.map(Measure::new),
            P::MeasurePoint(p) => {
                if let Some(m) = &mut self.show.measure {
                    m.points.push(p);
                }
            }
        }
    }

    fn edited_tour(&mut self) -> Option<&mut Tour> {
        let i = self.show.editing_tour?;
        self.show.tours.tours.get_mut(i)
    }
}
