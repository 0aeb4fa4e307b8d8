//! Geometry prepared for drawing once, on load: projected to Mercator, triangulated, simplified
//! into levels of detail. Per frame, drawing only culls and transforms.

use std::sync::{Arc, OnceLock};

use geo::{
    BoundingRect, Coord, Geometry, LineString, MapCoords, Polygon, Simplify, TriangulateEarcut,
};

use super::index::{GRID_MIN_FEATURES, PlaceIndex, PointGrid};
use super::projection::{Merc, to_merc};
use crate::data::{BaseKind, Dataset};

/// An axis-aligned box in Mercator units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MercBox {
    pub min: Merc,
    pub max: Merc,
}

impl MercBox {
    pub const EMPTY: MercBox = MercBox {
        min: [f64::INFINITY, f64::INFINITY],
        max: [f64::NEG_INFINITY, f64::NEG_INFINITY],
    };

    pub fn add(&mut self, p: Merc) {
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
    }

    pub fn union(mut self, o: &MercBox) -> MercBox {
        if o.is_empty() {
            return self;
        }
        self.add(o.min);
        self.add(o.max);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.min[0] > self.max[0]
    }

    pub fn intersects(&self, o: &MercBox) -> bool {
        self.min[0] <= o.max[0]
            && o.min[0] <= self.max[0]
            && self.min[1] <= o.max[1]
            && o.min[1] <= self.max[1]
    }

    pub fn contains(&self, p: Merc) -> bool {
        (self.min[0]..=self.max[0]).contains(&p[0]) && (self.min[1]..=self.max[1]).contains(&p[1])
    }

    pub fn center(&self) -> Merc {
        [
            (self.min[0] + self.max[0]) / 2.0,
            (self.min[1] + self.max[1]) / 2.0,
        ]
    }

    pub fn size(&self) -> [f64; 2] {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }
}

/// A filled area: triangles for the fill, rings (or parts of rings) for the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub vertices: Vec<Merc>,
    pub triangles: Vec<u32>,
    pub outlines: Vec<Vec<Merc>>,
    pub bbox: MercBox,
}

/// A geometry ready to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    pub areas: Vec<Area>,
    pub lines: Vec<Vec<Merc>>,
    pub points: Vec<Merc>,
    pub bbox: MercBox,
}

impl Default for MercBox {
    fn default() -> Self {
        MercBox::EMPTY
    }
}

fn merc_of(c: Coord<f64>) -> Merc {
    to_merc(c.x, c.y)
}

fn line_merc(l: &LineString<f64>) -> Vec<Merc> {
    l.0.iter().map(|c| merc_of(*c)).collect()
}

/// Triangulates a polygon (in lon/lat) in Mercator space.
fn area(p: &Polygon<f64>, outline: &dyn Fn(&LineString<f64>) -> Vec<Vec<Merc>>) -> Area {
    let projected: Polygon<f64> = p.map_coords(|c| {
        let m = merc_of(c);
        Coord { x: m[0], y: m[1] }
    });
    let raw = projected.earcut_triangles_raw();
    let vertices: Vec<Merc> = raw.vertices;
    let mut bbox = MercBox::EMPTY;
    for v in &vertices {
        bbox.add(*v);
    }
    let outlines = std::iter::once(p.exterior())
        .chain(p.interiors())
        .flat_map(outline)
        .collect();
    Area {
        vertices,
        triangles: raw.triangle_indices.iter().map(|&i| i as u32).collect(),
        outlines,
        bbox,
    }
}

fn whole_ring(l: &LineString<f64>) -> Vec<Vec<Merc>> {
    vec![line_merc(l)]
}

/// The parts of a ring that are not on a whole-degree grid line: the coast of a land polygon
/// that was cut into 1° cells, without the cuts.
fn coast_parts(l: &LineString<f64>) -> Vec<Vec<Merc>> {
    let on_grid = |a: f64, b: f64| (a - a.round()).abs() < 1e-7 && (a - b).abs() < 1e-9;
    let mut parts = Vec::new();
    let mut current: Vec<Merc> = Vec::new();
    for w in l.0.windows(2) {
        let (a, b) = (w[0], w[1]);
        if on_grid(a.x, b.x) || on_grid(a.y, b.y) {
            if current.len() > 1 {
                parts.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        }
        if current.is_empty() {
            current.push(merc_of(a));
        }
        current.push(merc_of(b));
    }
    if current.len() > 1 {
        parts.push(current);
    }
    parts
}

/// Prepares any geometry; `coast` outlines only the non-grid parts of rings.
pub fn shape(g: &Geometry<f64>, coast: bool) -> Shape {
    let outline: &dyn Fn(&LineString<f64>) -> Vec<Vec<Merc>> =
        if coast { &coast_parts } else { &whole_ring };
    let mut s = Shape::default();
    let add_polygon = |p: &Polygon<f64>, s: &mut Shape| {
        if p.exterior().0.len() >= 4 {
            s.areas.push(area(p, outline));
        }
    };
    match g {
        Geometry::Polygon(p) => add_polygon(p, &mut s),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| add_polygon(p, &mut s)),
        Geometry::LineString(l) => s.lines.push(line_merc(l)),
        Geometry::MultiLineString(ml) => s.lines.extend(ml.0.iter().map(line_merc)),
        Geometry::Point(p) => s.points.push(merc_of(p.0)),
        Geometry::MultiPoint(mp) => s.points.extend(mp.0.iter().map(|p| merc_of(p.0))),
        Geometry::Line(l) => s.lines.push(vec![merc_of(l.start), merc_of(l.end)]),
        Geometry::Rect(r) => add_polygon(&r.to_polygon(), &mut s),
        Geometry::Triangle(t) => add_polygon(&t.to_polygon(), &mut s),
        Geometry::GeometryCollection(gc) => {
            for g in gc {
                let sub = shape(g, coast);
                s.areas.extend(sub.areas);
                s.lines.extend(sub.lines);
                s.points.extend(sub.points);
            }
        }
    }
    let mut bbox = MercBox::EMPTY;
    for a in &s.areas {
        bbox = bbox.union(&a.bbox);
    }
    for p in s.lines.iter().flatten().chain(&s.points) {
        bbox.add(*p);
    }
    s.bbox = bbox;
    s
}

/// Zoom levels at which geometry computed by the app is simplified (the highest zoom each level
/// is used for); above the last, full detail.
pub const LEVELS: [f64; 8] = [5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5];

/// Tolerance in degrees of about a pixel at `zoom` in the GBA (lat ≈ 23°), as QGIS simplifies.
fn tolerance_deg(zoom: f64) -> f64 {
    1.0 * 360.0 / (256.0 * 2f64.powf(zoom))
}

/// Geometry at several levels of detail, coarsest first, the last one full. Each level is
/// prepared (simplified, projected, triangulated) the first time it is drawn and kept: an export
/// of the overview prepares only the overview's level, and the app warms the rest in the
/// background ([`Scene::warm`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Leveled {
    levels: Vec<Arc<Level>>,
    bbox: MercBox,
    /// The box of every level's geometry (a level given by the data may reach past the full
    /// geometry's box).
    reach: MercBox,
}

/// One level of detail: where it comes from, and its shape once prepared.
#[derive(Debug)]
pub struct Level {
    /// The highest zoom the level is drawn at.
    pub max_zoom: f64,
    geometry: Arc<Geometry<f64>>,
    /// Douglas–Peucker tolerance in degrees; `None` draws the geometry as it is.
    tolerance: Option<f64>,
    coast: bool,
    shape: OnceLock<Shape>,
}

impl PartialEq for Level {
    fn eq(&self, other: &Self) -> bool {
        self.max_zoom == other.max_zoom
            && self.tolerance == other.tolerance
            && self.coast == other.coast
            && self.geometry == other.geometry
    }
}

impl Level {
    fn new(
        max_zoom: f64,
        geometry: Arc<Geometry<f64>>,
        tolerance: Option<f64>,
        coast: bool,
    ) -> Arc<Level> {
        Arc::new(Level {
            max_zoom,
            geometry,
            tolerance,
            coast,
            shape: OnceLock::new(),
        })
    }

    /// The level's shape, prepared now if it was not yet.
    pub fn shape(&self) -> &Shape {
        self.shape.get_or_init(|| match self.tolerance {
            Some(eps) => shape(&simplify(&self.geometry, eps), self.coast),
            None => shape(&self.geometry, self.coast),
        })
    }

    /// Whether the shape is prepared.
    pub fn is_prepared(&self) -> bool {
        self.shape.get().is_some()
    }
}

/// The box of a geometry in Mercator (the projection keeps the order of longitudes and of
/// latitudes, so it is the box of the corners).
fn merc_bbox(g: &Geometry<f64>) -> MercBox {
    let mut b = MercBox::EMPTY;
    if let Some(r) = g.bounding_rect() {
        b.add(merc_of(r.min()));
        b.add(merc_of(r.max()));
    }
    b
}

impl Leveled {
    /// Simplifies `g` (Douglas–Peucker) for each of [`LEVELS`].
    pub fn simplified(g: &Geometry<f64>, coast: bool) -> Leveled {
        let geometry = Arc::new(g.clone());
        // Points have nothing to simplify: one level.
        let points = matches!(g, Geometry::Point(_) | Geometry::MultiPoint(_));
        let mut levels: Vec<Arc<Level>> = if points {
            Vec::new()
        } else {
            LEVELS
                .iter()
                .map(|&z| Level::new(z, geometry.clone(), Some(tolerance_deg(z)), coast))
                .collect()
        };
        levels.push(Level::new(f64::INFINITY, geometry, None, coast));
        let bbox = merc_bbox(g);
        Leveled {
            levels,
            bbox,
            reach: bbox,
        }
    }

    /// From levels given by the data (`lod/`), plus full detail. Between them, each of
    /// [`LEVELS`] is the next given level (or the full geometry) simplified for its zoom: a level
    /// made for zoom 9 is drawn at 8 with a pixel's detail, not with twice that.
    pub fn from_levels(full: &Geometry<f64>, given: &[(f64, &Geometry<f64>)]) -> Leveled {
        let mut given: Vec<(f64, Arc<Geometry<f64>>)> = given
            .iter()
            .map(|(z, g)| (*z + 0.5, Arc::new((*g).clone())))
            .collect();
        given.sort_by(|a, b| a.0.total_cmp(&b.0));
        given.push((f64::INFINITY, Arc::new(full.clone())));
        let bbox = merc_bbox(full);
        let reach = given.iter().fold(bbox, |b, (_, g)| b.union(&merc_bbox(g)));
        let mut levels: Vec<Arc<Level>> = Vec::new();
        let mut below = f64::NEG_INFINITY;
        for (max_zoom, g) in given {
            for &z in LEVELS.iter().filter(|&&z| z > below && z < max_zoom) {
                levels.push(Level::new(z, g.clone(), Some(tolerance_deg(z)), false));
            }
            levels.push(Level::new(max_zoom, g, None, false));
            below = max_zoom;
        }
        Leveled {
            levels,
            bbox,
            reach,
        }
    }

    /// The level drawn at `zoom`: the first whose range reaches it, else the finest.
    pub fn level_at(&self, zoom: f64) -> Option<&Arc<Level>> {
        self.levels
            .iter()
            .find(|l| zoom <= l.max_zoom)
            .or(self.levels.last())
    }

    /// The shape to draw at `zoom`.
    pub fn at(&self, zoom: f64) -> Option<&Shape> {
        self.level_at(zoom).map(|l| l.shape())
    }

    /// The shape at full detail.
    pub fn full(&self) -> Option<&Shape> {
        self.levels.last().map(|l| l.shape())
    }

    /// The levels, coarsest first.
    pub fn levels(&self) -> &[Arc<Level>] {
        &self.levels
    }

    /// The box of the full geometry.
    pub fn bbox(&self) -> MercBox {
        self.bbox
    }

    /// The box of every level's geometry.
    pub fn reach(&self) -> MercBox {
        self.reach
    }
}

fn simplify(g: &Geometry<f64>, eps: f64) -> Geometry<f64> {
    match g {
        Geometry::Polygon(p) => p.simplify(eps).into(),
        Geometry::MultiPolygon(mp) => mp.simplify(eps).into(),
        Geometry::LineString(l) => l.simplify(eps).into(),
        Geometry::MultiLineString(ml) => ml.simplify(eps).into(),
        other => other.clone(),
    }
}

/// A context label from the basemap.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextLabel {
    pub kind: BaseKind,
    pub at: Merc,
    pub zh: String,
    pub en: String,
}

/// Where a label goes relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelAnchor {
    /// Centred on the point (areas, lines).
    Center,
    /// To the right of a point symbol.
    Right,
}

/// A place ready to draw: its geometry at each level of detail and its label position.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedPlace {
    /// The place's id and version it was prepared from (see [`Scene::sync`]).
    pub id: String,
    pub version: u64,
    pub geometry: Leveled,
    pub label_at: Merc,
    pub anchor: LabelAnchor,
    /// For a line that runs out of the 11 cities: its parts inside and outside them (drawn
    /// strong and faint), and where its outside ends lead ("→ 湛江").
    pub split: Option<Split>,
    /// The name in Traditional Chinese: the place's `name_zh_hant`, else converted (OpenCC).
    /// Empty for a feature of an opened layer, converted when asked for (a million names are
    /// not converted for the few labels a frame shows): read it with [`PreparedPlace::hant`].
    name_hant: String,
}

impl PreparedPlace {
    /// The name in Traditional Chinese of the place this was prepared from (`name_zh` its
    /// Simplified name).
    pub fn hant(&self, name_zh: &str) -> std::borrow::Cow<'_, str> {
        if self.name_hant.is_empty() {
            std::borrow::Cow::Owned(crate::i18n::to_hant_cached(name_zh).to_string())
        } else {
            std::borrow::Cow::Borrowed(&self.name_hant)
        }
    }
}

/// A corridor cut at the edge of the Greater Bay Area.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub inside: Leveled,
    pub outside: Leveled,
    /// The far end of each outside part, with the name of the place it leads to.
    pub ends: Vec<(Merc, String)>,
}

/// The 11 cities as coarse polygons, to tell what lies inside the Greater Bay Area.
#[derive(Debug, Clone, PartialEq, Default)]
struct Region {
    polygons: Vec<(geo::Rect<f64>, Polygon<f64>)>,
}

impl Region {
    fn new(data: &Dataset) -> Region {
        let mut polygons = Vec::new();
        for p in data
            .places
            .iter()
            .filter(|p| p.kind == crate::data::Kind::City)
        {
            // The coarsest level is plenty to decide inside or outside.
            let g = data
                .lod
                .get(&p.id)
                .and_then(|l| l.first())
                .map(|l| &l.geometry)
                .unwrap_or(&p.geometry);
            let parts: Vec<Polygon<f64>> = match g {
                Geometry::Polygon(p) => vec![p.clone()],
                Geometry::MultiPolygon(mp) => mp.0.clone(),
                _ => Vec::new(),
            };
            for poly in parts {
                if let Some(r) = poly.bounding_rect() {
                    polygons.push((r, poly));
                }
            }
        }
        Region { polygons }
    }

    fn contains(&self, c: Coord<f64>) -> bool {
        use geo::Contains as _;
        self.polygons.iter().any(|(r, p)| {
            c.x >= r.min().x
                && c.x <= r.max().x
                && c.y >= r.min().y
                && c.y <= r.max().y
                && p.contains(&geo::Point::from(c))
        })
    }

    /// Cuts lines where they cross the region's edge: (inside parts, outside parts, and for
    /// each outside part its far end — `None` where both its ends are on the edge).
    #[allow(clippy::type_complexity)]
    fn split(
        &self,
        lines: &[LineString<f64>],
    ) -> (
        Vec<LineString<f64>>,
        Vec<(LineString<f64>, Option<Coord<f64>>)>,
    ) {
        let mut inside = Vec::new();
        let mut outside = Vec::new();
        for line in lines {
            let mut run: Vec<Coord<f64>> = Vec::new();
            let mut run_in = None;
            let mut run_starts_at_end = true;
            for (k, &c) in line.0.iter().enumerate() {
                let here = self.contains(c);
                match run_in {
                    None => {
                        run_in = Some(here);
                        run.push(c);
                    }
                    Some(was) if was == here => run.push(c),
                    Some(was) => {
                        // Find the crossing on the segment by bisection.
                        let (mut a, mut b) = (line.0[k - 1], c);
                        for _ in 0..12 {
                            let m = Coord {
                                x: (a.x + b.x) / 2.0,
                                y: (a.y + b.y) / 2.0,
                            };
                            if self.contains(m) == was {
                                a = m;
                            } else {
                                b = m;
                            }
                        }
                        run.push(a);
                        let done = LineString::new(std::mem::take(&mut run));
                        if was {
                            inside.push(done);
                        } else {
                            let end = run_starts_at_end.then(|| done.0[0]);
                            outside.push((done, end));
                        }
                        run_starts_at_end = false;
                        run.push(b);
                        run.push(c);
                        run_in = Some(here);
                    }
                }
            }
            if run.len() >= 2 {
                let done = LineString::new(run);
                match run_in {
                    Some(true) => inside.push(done),
                    _ => {
                        let end = done.0.last().copied();
                        outside.push((done, end));
                    }
                }
            }
        }
        (inside, outside)
    }
}

/// The name of the labelled place nearest to `c` (a city or province of the basemap), within
/// about 150 km.
fn nearest_label(labels: &[ContextLabel], c: Coord<f64>) -> Option<String> {
    let m = merc_of(c);
    labels
        .iter()
        .filter(|l| matches!(l.kind, BaseKind::CityLabel | BaseKind::ProvinceLabel))
        .map(|l| ((l.at[0] - m[0]).powi(2) + (l.at[1] - m[1]).powi(2), l))
        .filter(|(d2, _)| d2.sqrt() < 150.0 / 40_075.0 * 1.09)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, l)| l.zh.clone())
}

fn line_parts(g: &Geometry<f64>) -> Option<Vec<LineString<f64>>> {
    match g {
        Geometry::LineString(l) => Some(vec![l.clone()]),
        Geometry::MultiLineString(ml) => Some(ml.0.clone()),
        _ => None,
    }
}

/// Splits a place's lines at the region's edge, when some part lies outside.
fn split_place(region: &Region, labels: &[ContextLabel], g: &Geometry<f64>) -> Option<Split> {
    let lines = line_parts(g)?;
    let (inside, outside) = region.split(&lines);
    if outside.is_empty() {
        return None;
    }
    let ends = outside
        .iter()
        .filter_map(|(_, end)| *end)
        .filter_map(|c| nearest_label(labels, c).map(|name| (merc_of(c), name)))
        .collect();
    let inside: Geometry<f64> = geo::MultiLineString::new(inside).into();
    let outside: Geometry<f64> =
        geo::MultiLineString::new(outside.into_iter().map(|(l, _)| l).collect()).into();
    Some(Split {
        inside: Leveled::simplified(&inside, false),
        outside: Leveled::simplified(&outside, false),
        ends,
    })
}

/// Everything the map draws, prepared from a [`Dataset`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub land: Vec<Leveled>,
    pub water: Vec<Leveled>,
    pub rivers: Vec<Leveled>,
    pub province_boundaries: Vec<Leveled>,
    pub city_boundaries: Vec<Leveled>,
    pub labels: Vec<ContextLabel>,
    /// Same order as `Dataset::places`.
    pub places: Vec<PreparedPlace>,
    /// The box of the cities (the GBA overview).
    pub places_bbox: MercBox,
    region: Region,
    /// The cities (id, version) the region was made from.
    city_versions: Vec<(String, u64)>,
    /// The document revision the places were prepared from.
    pub revision: u64,
    /// The places' boxes, for culling and hit tests (but the points of gridded layers).
    pub index: PlaceIndex,
    /// Count grids of the layers with many features (drawn as cells when zoomed out).
    pub grids: Vec<PointGrid>,
    /// The layer files the grids were made with.
    grid_layers: Vec<usize>,
}

impl Scene {
    pub fn build(data: &Dataset) -> Scene {
        let mut scene = Scene::default();
        for f in &data.basemap {
            match f.kind {
                BaseKind::Land => scene.land.push(Leveled::simplified(&f.geometry, true)),
                BaseKind::Water => scene.water.push(Leveled::simplified(&f.geometry, false)),
                BaseKind::River => scene.rivers.push(Leveled::simplified(&f.geometry, false)),
                BaseKind::ProvinceBoundary => scene
                    .province_boundaries
                    .push(Leveled::simplified(&f.geometry, false)),
                BaseKind::CityBoundary => scene
                    .city_boundaries
                    .push(Leveled::simplified(&f.geometry, false)),
                BaseKind::ProvinceLabel | BaseKind::CityLabel | BaseKind::SeaLabel => {
                    if let Some(c) = label_point(&f.geometry) {
                        scene.labels.push(ContextLabel {
                            kind: f.kind,
                            at: merc_of(c),
                            zh: f.name_zh.clone().unwrap_or_default(),
                            en: f.name_en.clone().unwrap_or_default(),
                        });
                    }
                }
            }
        }
        scene.region = Region::new(data);
        scene.city_versions = city_versions(data);
        scene.revision = data.revision;
        use rayon::prelude::*;
        // On every core: a big layer has 100,000 places or more.
        scene.places = data
            .places
            .par_iter()
            .map(|p| prepare_place(data, &scene.region, &scene.labels, p))
            .collect();
        scene.places_bbox = cities_bbox(data, &scene.places);
        scene.grid_layers = layer_files(data);
        scene.index_places(data, true);
        scene
    }

    /// Builds the index of the places, and (when `grids`) the grids of big layers.
    fn index_places(&mut self, data: &Dataset, grids: bool) {
        if grids {
            let mut by_file: std::collections::BTreeMap<usize, Vec<(usize, Merc, MercBox)>> =
                std::collections::BTreeMap::new();
            for (i, (p, prepared)) in data.places.iter().zip(&self.places).enumerate() {
                if data
                    .files
                    .get(p.file)
                    .is_some_and(|f| f.role == crate::data::FileRole::Layer)
                {
                    by_file.entry(p.file).or_default().push((
                        i,
                        prepared.label_at,
                        super::index::place_box(prepared),
                    ));
                }
            }
            self.grids = by_file
                .into_iter()
                .filter(|(_, features)| features.len() >= GRID_MIN_FEATURES)
                .filter_map(|(file, features)| PointGrid::build(file, &features))
                .collect();
        }
        let gridded: Vec<usize> = self.grids.iter().map(|g| g.file).collect();
        let left_out: Vec<bool> = data
            .places
            .iter()
            .map(|p| gridded.contains(&p.file))
            .collect();
        self.index = PlaceIndex::build(&self.places, &left_out);
    }

    /// Every geometry drawn with levels of detail: the basemap's layers, then the places (with
    /// the two parts of a corridor cut at the region's edge).
    fn leveled(&self) -> impl Iterator<Item = &Leveled> {
        let layers = [
            &self.land,
            &self.water,
            &self.rivers,
            &self.province_boundaries,
            &self.city_boundaries,
        ];
        let places = self.places.iter().flat_map(|p| {
            std::iter::once(&p.geometry).chain(p.split.iter().flat_map(|s| [&s.inside, &s.outside]))
        });
        layers.into_iter().flatten().chain(places)
    }

    /// Every level of every layer and place, coarsest first.
    pub fn levels(&self) -> Vec<Arc<Level>> {
        let mut levels: Vec<Arc<Level>> = self
            .leveled()
            .flat_map(|l| l.levels().iter().cloned())
            .collect();
        levels.sort_by(|a, b| a.max_zoom.total_cmp(&b.max_zoom));
        levels
    }

    /// Prepares, on every core, the levels drawn at `zoom` that are not prepared yet: what the
    /// first frame at that zoom would otherwise prepare one after another.
    pub fn prepare_at(&self, zoom: f64) {
        let wanted: Vec<&Arc<Level>> = self
            .leveled()
            .filter_map(|l| l.level_at(zoom))
            .filter(|l| !l.is_prepared())
            .collect();
        use rayon::prelude::*;
        wanted.par_iter().for_each(|level| {
            level.shape();
        });
    }

    /// Prepares every level not prepared yet, coarsest first, on a thread of its own. Drawing
    /// uses a level as soon as it is ready, and prepares one itself if it needs it first.
    pub fn warm(&self) -> std::io::Result<std::thread::JoinHandle<()>> {
        let levels = self.levels();
        std::thread::Builder::new()
            .name("prepare-levels".into())
            .spawn(move || {
                for level in levels {
                    level.shape();
                }
            })
    }

    /// Brings the prepared places in step with `data` after edits: only places whose version
    /// changed (or that are new) are prepared again; the others are moved over as they are. A
    /// changed city changes the region's edge, so every line is cut again.
    pub fn sync(&mut self, data: &Dataset) {
        if self.revision == data.revision && self.places.len() == data.places.len() {
            return;
        }
        let mut old: std::collections::HashMap<String, PreparedPlace> =
            std::mem::take(&mut self.places)
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect();
        let cities = city_versions(data);
        let city_changed = cities != self.city_versions;
        if city_changed {
            self.region = Region::new(data);
            self.city_versions = cities;
        }
        self.places = data
            .places
            .iter()
            .map(|p| match old.remove(&p.id) {
                Some(prepared)
                    if prepared.version == p.version
                        && !(city_changed && prepared.split.is_some()) =>
                {
                    prepared
                }
                _ => prepare_place(data, &self.region, &self.labels, p),
            })
            .collect();
        self.places_bbox = cities_bbox(data, &self.places);
        self.revision = data.revision;
        // Layers are read-only: their grids change only when layers are opened or closed.
        let layers = layer_files(data);
        let stale =
            self.grids.iter().any(|g| !layers.contains(&g.file)) || layers != self.grid_layers;
        self.grid_layers = layers;
        self.index_places(data, stale);
    }
}

/// The files open as extra layers.
fn layer_files(data: &Dataset) -> Vec<usize> {
    data.files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.role == crate::data::FileRole::Layer)
        .map(|(i, _)| i)
        .collect()
}

fn city_versions(data: &Dataset) -> Vec<(String, u64)> {
    data.places
        .iter()
        .filter(|p| p.kind == crate::data::Kind::City)
        .map(|p| (p.id.clone(), p.version))
        .collect()
}

/// The box of the cities (the overview).
fn cities_bbox(data: &Dataset, places: &[PreparedPlace]) -> MercBox {
    data.places
        .iter()
        .zip(places)
        .filter(|(p, _)| p.kind == crate::data::Kind::City)
        .fold(MercBox::EMPTY, |b, (_, prepared)| {
            b.union(&prepared.geometry.bbox())
        })
}

/// Prepares one place: its levels of detail (from the data where it has them, so shared
/// borders stay shared; otherwise simplified here), label and, for a corridor, its cut at the
/// region's edge.
fn prepare_place(
    data: &Dataset,
    region: &Region,
    labels: &[ContextLabel],
    place: &crate::data::Place,
) -> PreparedPlace {
    // Pre-made levels fit the geometry as loaded; an edited place gets its own.
    let premade = if place.version == 0 {
        data.lod.get(&place.id)
    } else {
        None
    };
    let given: Vec<(f64, &Geometry<f64>)> = premade
        .map(|levels| {
            levels
                .iter()
                .map(|l| (l.max_zoom as f64, &l.geometry))
                .collect()
        })
        .unwrap_or_default();
    let geometry = if given.is_empty() {
        Leveled::simplified(&place.geometry, false)
    } else {
        Leveled::from_levels(&place.geometry, &given)
    };
    let label = place
        .label_at()
        .or_else(|| label_point(&place.geometry))
        .map(merc_of)
        .unwrap_or_else(|| geometry.bbox().center());
    let anchor = match place.geometry {
        Geometry::Point(_) | Geometry::MultiPoint(_) => LabelAnchor::Right,
        _ => LabelAnchor::Center,
    };
    // Only the plan's corridors are cut at the region's edge and their ends named: a line of a
    // file opened beside the data is drawn as it is.
    let split = if data.is_layer_place(place) {
        None
    } else {
        split_place(region, labels, &place.geometry)
    };
    let name_hant = if data.is_layer_place(place) {
        String::new()
    } else {
        place
            .raw()
            .get("properties")
            .and_then(|p| p.get("name_zh_hant"))
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| crate::i18n::to_hant(&place.name_zh))
    };
    PreparedPlace {
        id: place.id.clone(),
        version: place.version,
        geometry,
        label_at: label,
        anchor,
        split,
        name_hant,
    }
}

/// A point to label a geometry at: the point itself, the middle vertex of a line, or the centre
/// of an area's bounding box.
fn label_point(g: &Geometry<f64>) -> Option<Coord<f64>> {
    let middle = |l: &LineString<f64>| l.0.get(l.0.len() / 2).copied();
    match g {
        Geometry::Point(p) => Some(p.0),
        Geometry::MultiPoint(mp) => mp.0.first().map(|p| p.0),
        Geometry::LineString(l) => middle(l),
        Geometry::MultiLineString(ml) => ml.0.iter().max_by_key(|l| l.0.len()).and_then(middle),
        other => other.bounding_rect().map(|r| r.center()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, wkt};

    /// A ring of `n` vertices round (113.5, 22.5), 0.3° across, with a wiggle finer than a pixel
    /// at zoom 12.5.
    fn wiggly(n: usize) -> Geometry<f64> {
        let ring: Vec<Coord<f64>> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.15 + 0.0001 * ((i % 2) as f64);
                Coord {
                    x: 113.5 + r * a.cos(),
                    y: 22.5 + r * a.sin(),
                }
            })
            .collect();
        Geometry::Polygon(geo::Polygon::new(LineString::new(ring), vec![]))
    }

    fn outline_points(l: &Level) -> usize {
        l.shape()
            .areas
            .iter()
            .flat_map(|a| &a.outlines)
            .map(Vec::len)
            .sum()
    }

    #[test]
    fn given_levels_are_simplified_for_the_zooms_between_them() {
        let full = wiggly(4000);
        let z9 = wiggly(800);
        let leveled = Leveled::from_levels(&full, &[(9.0, &z9)]);
        let zooms: Vec<f64> = leveled.levels().iter().map(|l| l.max_zoom).collect();
        assert_eq!(
            zooms,
            [5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, f64::INFINITY]
        );
        let at = |z: f64| outline_points(leveled.level_at(z).unwrap());
        // Zoom 9 draws the given level as it is; zoom 8 a simplified copy of it, with less.
        assert!(at(9.2) >= 800, "{}", at(9.2));
        assert!(at(8.2) < at(9.2) / 2, "{} vs {}", at(8.2), at(9.2));
        // Past the given level: the full geometry, simplified, then as it is.
        assert!(at(12.0) < 4000, "{}", at(12.0));
        assert!(at(14.0) >= 4000);
    }

    #[test]
    fn concave_polygon_triangulates_to_its_area() {
        // An L shape: 3 unit squares.
        let p: Polygon<f64> = polygon![
            (x: 113.0, y: 22.0), (x: 113.2, y: 22.0), (x: 113.2, y: 22.1),
            (x: 113.1, y: 22.1), (x: 113.1, y: 22.2), (x: 113.0, y: 22.2), (x: 113.0, y: 22.0),
        ];
        let s = shape(&p.into(), false);
        assert_eq!(s.areas.len(), 1);
        assert_eq!(s.areas[0].triangles.len() % 3, 0);
        assert_eq!(s.areas[0].triangles.len() / 3, 4);
    }

    #[test]
    fn coast_skips_grid_cuts() {
        // A cell cut at lon 114 (east edge on the grid) with a coast on the west.
        let g: Geometry<f64> =
            wkt!(POLYGON((113.5 22.0,114.0 22.0,114.0 23.0,113.5 23.0,113.4 22.5,113.5 22.0)))
                .into();
        let s = shape(&g, true);
        // The bottom edge lies on lat 22 and the right one on lon 114 and the top on lat 23: only
        // the two segments of the west coast remain, as one part.
        assert_eq!(s.areas[0].outlines.len(), 1);
        assert_eq!(s.areas[0].outlines[0].len(), 3);
    }

    #[test]
    fn a_line_is_cut_at_the_region_edge() {
        let square: Polygon<f64> = polygon![
            (x: 113.0, y: 22.0), (x: 114.0, y: 22.0), (x: 114.0, y: 23.0),
            (x: 113.0, y: 23.0), (x: 113.0, y: 22.0),
        ];
        let region = Region {
            polygons: vec![(square.bounding_rect().expect("rect"), square)],
        };
        // From inside to the east, out past lon 114.
        let line = LineString::from(vec![(113.5, 22.5), (113.9, 22.5), (114.5, 22.5)]);
        let (inside, outside) = region.split(&[line]);
        assert_eq!(inside.len(), 1);
        assert_eq!(outside.len(), 1);
        let cut = inside[0].0.last().expect("end").x;
        assert!((cut - 114.0).abs() < 1e-3, "cut at {cut}");
        // The outside part's far end is the line's own end, not the cut.
        assert_eq!(outside[0].1, Some(Coord { x: 114.5, y: 22.5 }));
    }

    #[test]
    fn levels_pick_by_zoom() {
        let g: Geometry<f64> =
            wkt!(LINESTRING(113.0 22.0,113.001 22.0001,113.002 22.0,113.5 22.3)).into();
        let l = Leveled::simplified(&g, false);
        let coarse = l.at(7.0).map(|s| s.lines[0].len());
        let fine = l.at(15.0).map(|s| s.lines[0].len());
        assert_eq!(fine, Some(4));
        assert!(coarse < fine);
    }
}
