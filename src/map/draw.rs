//! Per-frame drawing: cull, transform, paint; place labels without overlaps; hit-test.

use std::sync::Arc;

use egui::{Color32, FontId, Painter, Pos2, Rect, Shape as EguiShape, Stroke, pos2, vec2};

use super::index::Cell;
use super::prepare::{Area, ContextLabel, LabelAnchor, Leveled, MercBox, Scene, Shape};
use super::projection::{MapTransform, Merc};
use super::stroke::Canvas;
use super::style;
use crate::data::{BaseKind, Kind, Place};
use crate::i18n::Lang;

/// What the map should show and emphasise this frame (indices into `Dataset::places`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emphasis {
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    /// The places of the selected clause.
    pub clause: Arc<Vec<usize>>,
    /// Per place: drawn or hidden by the layer panel. Empty means all visible.
    pub visible: Arc<Vec<bool>>,
    /// Shade places (or cities) by how many clauses name them, instead of their usual colours.
    pub coverage: Option<Shading>,
    /// How labels and lines look: language, size.
    pub look: Look,
}

/// How the map is drawn for its audience: the labels' language, and a scale for type and lines
/// (presentation mode draws larger, with no second line and no hairlines).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub lang: Lang,
    /// Type and line scale (1 on the desk).
    pub scale: f32,
    /// Whether labels carry a second line in the other script.
    pub second_line: bool,
}

impl Default for Look {
    fn default() -> Self {
        Look {
            lang: Lang::default(),
            scale: 1.0,
            second_line: true,
        }
    }
}

impl Eq for Look {}

/// Counts to shade by (per place, same order as the places), with their maximum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shading {
    pub counts: Arc<Vec<usize>>,
    pub max: usize,
    /// Shade only the cities (their counts include the places in them).
    pub only_cities: bool,
}

impl Shading {
    fn color(&self, i: usize) -> Option<Color32> {
        self.counts
            .get(i)
            .map(|&n| style::coverage_color(n, self.max))
    }
}

impl Emphasis {
    pub fn is_visible(&self, i: usize) -> bool {
        self.visible.get(i).copied().unwrap_or(true)
    }
}

/// The part of the world visible in `rect`, in Mercator units.
pub fn view_box(t: &MapTransform, rect: Rect) -> MercBox {
    let mut b = MercBox::EMPTY;
    b.add(t.to_merc(rect.min));
    b.add(t.to_merc(rect.max));
    b
}

fn fill_area(canvas: &mut Canvas, a: &Area, t: &MapTransform, color: Color32) {
    let base = canvas.mesh().vertices.len() as u32;
    for v in &a.vertices {
        canvas.vertex(t.to_screen(*v), color);
    }
    canvas
        .mesh()
        .indices
        .extend(a.triangles.iter().map(|i| base + i));
}

fn polyline(canvas: &mut Canvas, points: &[Merc], t: &MapTransform, stroke: Stroke) {
    canvas.line_merc(points, t, stroke);
}

fn dashed(
    canvas: &mut Canvas,
    points: &[Merc],
    t: &MapTransform,
    stroke: Stroke,
    dash: f32,
    gap: f32,
) {
    if points.len() < 2 {
        return;
    }
    let pts = canvas.screen(points, t);
    canvas.dashed(&pts, stroke, dash, gap);
    canvas.recycle(pts);
}

/// Fills every visible area of the given layers into one mesh.
fn fill_layer<'a>(
    canvas: &mut Canvas,
    layer: impl Iterator<Item = &'a Shape>,
    view: &MercBox,
    t: &MapTransform,
    color: Color32,
) {
    for shape in layer {
        if !shape.bbox.intersects(view) {
            continue;
        }
        for a in &shape.areas {
            if a.bbox.intersects(view) {
                fill_area(canvas, a, t, color);
            }
        }
    }
}

fn at_zoom(layer: &[Leveled], zoom: f64) -> impl Iterator<Item = &Shape> {
    layer.iter().filter_map(move |l| l.at(zoom))
}

/// Line width that grows gently with zoom.
fn width(base: f32, zoom: f64) -> f32 {
    base * (1.0 + ((zoom as f32 - 8.0) * 0.25).clamp(-0.3, 1.5))
}

/// Drawing order of areas: wide areas first, so smaller ones stay visible on top.
fn area_order(kind: Kind) -> u8 {
    match kind {
        Kind::City => 0,
        Kind::Prefecture | Kind::Region => 1,
        Kind::District => 2,
        Kind::Ecology => 3,
        Kind::NewArea => 4,
        Kind::CooperationZone => 5,
        Kind::SciencePark => 6,
        _ => 7,
    }
}

/// What lies under the places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ground {
    /// The offline basemap, drawn by [`paint_on`]: cities filled, the water over them.
    #[default]
    Offline,
    /// Raster tiles the caller drew over [`paint_basemap`]: [`paint_on`] draws no basemap and
    /// fills cities translucent, so the tiles show through.
    Tiles,
}

/// How much of a city's fill shows over raster tiles.
pub const CITY_OVER_TILES: f32 = 0.3;

/// Paints the whole map into `rect` on the offline basemap.
pub fn paint(
    painter: &Painter,
    rect: Rect,
    t: &MapTransform,
    scene: &Scene,
    places: &[Place],
    emphasis: &Emphasis,
) {
    paint_on(painter, rect, t, scene, places, emphasis, Ground::Offline);
}

/// The offline basemap alone (sea, land, water, rivers): what shows where raster tiles are
/// missing.
pub fn paint_basemap(painter: &Painter, rect: Rect, t: &MapTransform, scene: &Scene) {
    let view = view_box(t, rect);
    let mut canvas = Canvas::new(painter);
    paint_land(&mut canvas, rect, t, scene, &view);
    paint_water(&mut canvas, t, scene, &view);
}

fn paint_land(canvas: &mut Canvas, rect: Rect, t: &MapTransform, scene: &Scene, view: &MercBox) {
    let zoom = t.zoom();
    canvas.shape(EguiShape::rect_filled(rect, 0.0, style::SEA));
    fill_layer(canvas, at_zoom(&scene.land, zoom), view, t, style::LAND);
    for shape in at_zoom(&scene.land, zoom).filter(|s| s.bbox.intersects(view)) {
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(view)) {
            for part in &a.outlines {
                polyline(canvas, part, t, Stroke::new(0.8, style::COAST));
            }
        }
    }
}

fn paint_water(canvas: &mut Canvas, t: &MapTransform, scene: &Scene, view: &MercBox) {
    let zoom = t.zoom();
    fill_layer(canvas, at_zoom(&scene.water, zoom), view, t, style::SEA);
    for shape in at_zoom(&scene.water, zoom).filter(|s| s.bbox.intersects(view)) {
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(view)) {
            for ring in &a.outlines {
                polyline(canvas, ring, t, Stroke::new(0.6, style::COAST));
            }
        }
    }
    for shape in at_zoom(&scene.rivers, zoom).filter(|s| s.bbox.intersects(view)) {
        for line in &shape.lines {
            polyline(canvas, line, t, Stroke::new(width(1.0, zoom), style::RIVER));
        }
    }
}

/// Paints the map into `rect` on `ground`.
pub fn paint_on(
    painter: &Painter,
    rect: Rect,
    t: &MapTransform,
    scene: &Scene,
    places: &[Place],
    emphasis: &Emphasis,
    ground: Ground,
) {
    let zoom = t.zoom();
    let view = view_box(t, rect);
    // Presentation mode draws lines heavier too (no hairlines on a compressed video call).
    let ls = emphasis.look.scale.powf(0.7);
    // Lines and areas go into meshes, handed to the painter before symbols and labels.
    let mut canvas = Canvas::new(painter);
    let canvas = &mut canvas;
    if ground == Ground::Offline {
        paint_land(canvas, rect, t, scene, &view);
    }

    // The places drawn this frame, at this zoom, in drawing order: what the index finds in
    // view, and the features of big layers when zoomed in far enough to draw each.
    let (candidates, cells) = in_view(scene, &view, zoom, emphasis);
    let mut shown: Vec<(usize, &Place, &Shape)> = candidates
        .iter()
        .filter_map(|&i| {
            let (place, prepared) = (places.get(i)?, scene.places.get(i)?);
            let shape = prepared.geometry.at(zoom)?;
            shape.bbox.intersects(&view).then_some((i, place, shape))
        })
        .collect();
    shown.sort_by_key(|(i, place, _)| (area_order(place.kind), *i));

    // Areas: cities under the basemap's water, the other areas over it.
    let shade = |i: usize, place: &Place| -> Option<Color32> {
        let c = emphasis.coverage.as_ref()?;
        (!c.only_cities || place.kind == Kind::City)
            .then(|| c.color(i))
            .flatten()
    };
    let fill_place = |canvas: &mut Canvas, i: usize, place: &Place, shape: &Shape| {
        if shape.areas.is_empty() {
            return;
        }
        let cities_shaded = emphasis.coverage.as_ref().is_some_and(|c| c.only_cities);
        let mut color = match shade(i, place) {
            Some(c) if place.kind == Kind::City => c,
            Some(c) => c.gamma_multiply(0.8),
            // Shading the cities: the other areas keep only their outlines, so the
            // choropleth reads.
            None if cities_shaded => Color32::TRANSPARENT,
            None => style::fill(place.kind, &place.id),
        };
        if emphasis.hovered == Some(i) {
            color = style::darken(color, 0.08);
        }
        if ground == Ground::Tiles && place.kind == Kind::City {
            color = color.gamma_multiply(CITY_OVER_TILES);
        }
        if color.a() == 0 {
            return;
        }
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            fill_area(canvas, a, t, color);
        }
    };
    for (i, place, shape) in shown.iter().filter(|(_, p, _)| p.kind == Kind::City) {
        fill_place(canvas, *i, place, shape);
    }

    if ground == Ground::Offline {
        paint_water(canvas, t, scene, &view);
    }
    for shape in at_zoom(&scene.city_boundaries, zoom).filter(|s| s.bbox.intersects(&view)) {
        for line in &shape.lines {
            polyline(canvas, line, t, Stroke::new(0.8, style::CITY_BOUNDARY));
        }
    }
    for shape in at_zoom(&scene.province_boundaries, zoom).filter(|s| s.bbox.intersects(&view)) {
        for line in &shape.lines {
            dashed(
                canvas,
                line,
                t,
                Stroke::new(1.4, style::PROVINCE_BOUNDARY),
                6.0,
                3.0,
            );
        }
    }

    for (i, place, shape) in shown.iter().filter(|(_, p, _)| p.kind != Kind::City) {
        fill_place(canvas, *i, place, shape);
    }
    // Outlines of areas; how sure the geometry is shows as a soft band along it.
    for (i, place, shape) in &shown {
        let hovered = emphasis.hovered == Some(*i);
        let st = style::kind_style(place.kind);
        let look = style::accuracy_look(place.accuracy);
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            for ring in &a.outlines {
                let pts = canvas.screen(ring, t);
                if hovered {
                    canvas.line(&pts, Stroke::new(2.2, style::HOVERED));
                } else if place.kind == Kind::City {
                    canvas.line(
                        &pts,
                        Stroke::new(width(st.width, zoom) * ls, style::PLACE_OUTLINE),
                    );
                } else {
                    if let Some((band, alpha)) = look.band {
                        canvas.line(&pts, Stroke::new(band, st.color.gamma_multiply(alpha)));
                    }
                    style::paint_line(
                        canvas,
                        &pts,
                        Kind::Other,
                        place.status,
                        st.width * look.core * ls,
                        st.color,
                    );
                }
                canvas.recycle(pts);
            }
        }
    }
    // Lines, then points, on top of all areas. A corridor's parts outside the 11 cities are
    // drawn thin and faint, its ends named ("→ 湛江").
    let mut end_labels = Vec::new();
    for (i, place, shape) in &shown {
        let st = style::kind_style(place.kind);
        let color = shade(*i, place).unwrap_or(st.color);
        let look = style::accuracy_look(place.accuracy);
        let hover = if emphasis.hovered == Some(*i) {
            1.5
        } else {
            0.0
        };
        let w = width(st.width, zoom) * look.core * ls + hover;
        let split = scene.places.get(*i).and_then(|p| p.split.as_ref());
        let (inside, outside) = match split {
            Some(split) => (split.inside.at(zoom), split.outside.at(zoom)),
            None => (Some(*shape), None),
        };
        if let Some(outside) = outside {
            for line in &outside.lines {
                let pts = canvas.screen(line, t);
                style::paint_line(
                    canvas,
                    &pts,
                    Kind::Other,
                    place.status,
                    (w * 0.55).max(1.0),
                    color.gamma_multiply(0.45),
                );
                canvas.recycle(pts);
            }
            if let Some(split) = split {
                for (at, name) in &split.ends {
                    end_labels.push((t.to_screen(*at), format!("→ {name}"), color));
                }
            }
        }
        for line in inside.iter().flat_map(|s| &s.lines) {
            let pts = canvas.screen(line, t);
            if let Some((band, alpha)) = look.band {
                canvas.line(&pts, Stroke::new(w + band, color.gamma_multiply(alpha)));
            }
            style::paint_line(canvas, &pts, place.kind, place.status, w, color);
            canvas.recycle(pts);
        }
    }
    paint_cells(canvas, t, &cells, ls);
    // Symbols are egui's shapes, drawn over the lines.
    canvas.flush();
    let r = (3.5 + (zoom as f32 - 8.0) * 0.6).clamp(3.5, 7.0);
    let mut symbols = Vec::new();
    for (i, place, shape) in &shown {
        let st = style::kind_style(place.kind);
        let color = shade(*i, place).unwrap_or(st.color);
        let look = style::accuracy_look(place.accuracy);
        let r = if emphasis.hovered == Some(*i) {
            r + 1.5
        } else {
            r
        };
        for p in &shape.points {
            let at = t.to_screen(*p);
            if let Some((band, alpha)) = look.band {
                painter.circle_filled(at, r + band * 0.8, color.gamma_multiply(alpha));
            }
            style::paint_symbol(
                painter,
                st.symbol,
                at,
                r,
                color,
                style::hollow(place.status),
            );
            symbols.push(Rect::from_center_size(at, vec2(2.0 * r, 2.0 * r)));
        }
    }

    // Emphasis: the places of the selected clause, then the selected place.
    for &i in emphasis.clause.iter() {
        if !emphasis.is_visible(i) {
            continue;
        }
        if let Some(shape) = scene.places.get(i).and_then(|p| p.geometry.at(zoom)) {
            // A whole city named in a clause gets a fine line: the clause is about what lies
            // in and between the cities.
            let width = if places.get(i).is_some_and(|p| p.kind == Kind::City) {
                1.6
            } else {
                2.6
            };
            outline(
                canvas,
                shape,
                &view,
                t,
                Stroke::new(width, style::CLAUSE),
                r + 3.0,
            );
        }
    }
    if let Some(shape) = emphasis
        .selected
        .and_then(|i| scene.places.get(i))
        .and_then(|p| p.geometry.at(zoom))
    {
        outline(
            canvas,
            shape,
            &view,
            t,
            Stroke::new(2.4, style::SELECTED),
            r + 3.0,
        );
    }
    canvas.flush();

    paint_labels(
        painter,
        rect,
        t,
        scene,
        places,
        emphasis,
        &candidates,
        symbols,
        end_labels,
    );
}

/// A cell of dense points this full or fuller is drawn at full strength.
const CELL_FULL: f64 = 64.0;

/// The visible places that may show in `view` (in increasing order), and the cells of the big
/// layers drawn as counts at this zoom.
fn in_view(
    scene: &Scene,
    view: &MercBox,
    zoom: f64,
    emphasis: &Emphasis,
) -> (Vec<usize>, Vec<(u32, Vec<Cell>)>) {
    let mut found = scene.index.meeting(view);
    let mut cells = Vec::new();
    for grid in scene.grids.iter().filter(|g| emphasis.is_visible(g.member)) {
        match grid.cells_in(view, zoom) {
            Some(c) => cells.push(c),
            None => found.extend(grid.features_in(view)),
        }
    }
    if !scene.grids.is_empty() {
        found.sort_unstable();
    }
    found.retain(|&i| emphasis.is_visible(i));
    (found, cells)
}

/// A big layer zoomed out as a grid of counts: each cell a square shaded by how many features it
/// holds, on a log scale that is full at [`CELL_FULL`], so that a million points read as where
/// they are thick and thin, and the basemap and the plan's places still read through them.
fn paint_cells(canvas: &mut Canvas, t: &MapTransform, grids: &[(u32, Vec<Cell>)], ls: f32) {
    for (zoom, cells) in grids {
        let size = super::index::cell_size(*zoom);
        for c in cells {
            let strength = (f64::from(c.count).ln_1p() / CELL_FULL.ln_1p()).min(1.0) as f32;
            let color = style::DENSITY.gamma_multiply(0.06 + 0.5 * strength);
            let a = t.to_screen(c.corner);
            let b = t.to_screen([c.corner[0] + size, c.corner[1] + size]);
            // A hair of gap between cells, so the grid reads as counts, not as an area.
            let gap = (0.5 * ls).min((b.x - a.x) * 0.1);
            canvas.rect(Rect::from_min_max(a, b).shrink(gap), color);
        }
    }
}

fn outline(
    canvas: &mut Canvas,
    shape: &Shape,
    view: &MercBox,
    t: &MapTransform,
    stroke: Stroke,
    point_radius: f32,
) {
    // Areas get a thinner line with a light inner tint: a clause about corridors is not drowned
    // by the outlines of the islands and cities it also names.
    let area_stroke = Stroke::new(stroke.width * 0.65, stroke.color);
    for a in shape.areas.iter().filter(|a| a.bbox.intersects(view)) {
        // Small islands get the line alone (a band round each would make a blot), and so do
        // areas as big as a good part of the screen (a region, a bank of the estuary): they
        // frame what the clause is about and must not drown it.
        let [w, h] = a.bbox.size();
        let size = w.max(h) * t.scale;
        let tinted = stroke.width > 2.0 && size > 40.0 && size < 300.0;
        let area_stroke = if size >= 300.0 {
            Stroke::new(1.2, stroke.color)
        } else {
            area_stroke
        };
        for ring in &a.outlines {
            if tinted {
                polyline(
                    canvas,
                    ring,
                    t,
                    Stroke::new(area_stroke.width + 3.0, stroke.color.gamma_multiply(0.18)),
                );
            }
            polyline(canvas, ring, t, area_stroke);
        }
    }
    for line in &shape.lines {
        let halo = Stroke::new(stroke.width + 4.0, stroke.color.gamma_multiply(0.35));
        polyline(canvas, line, t, halo);
    }
    for p in &shape.points {
        canvas.shape(EguiShape::circle_stroke(
            t.to_screen(*p),
            point_radius,
            stroke,
        ));
    }
}

/// A label to place: higher priority first; lower ones are dropped where they would overlap.
#[derive(Debug, Clone)]
pub struct LabelCandidate {
    pub at: Pos2,
    /// Offset of the label's left edge from `at` (for point symbols), or centred when `None`.
    pub right_of: Option<f32>,
    pub lines: Vec<(String, FontId, Color32)>,
    pub priority: i32,
}

/// Offsets of the halo drawn behind label text: a ring two pixels wide, so that no line or
/// symbol runs through the letters.
const HALO_RING: [(f32, f32); 12] = [
    (2.0, 0.0),
    (1.73, 1.0),
    (1.0, 1.73),
    (0.0, 2.0),
    (-1.0, 1.73),
    (-1.73, 1.0),
    (-2.0, 0.0),
    (-1.73, -1.0),
    (-1.0, -1.73),
    (0.0, -2.0),
    (1.0, -1.73),
    (1.73, -1.0),
];

/// Lays out labels by priority and drops those that would overlap one already placed or an
/// obstacle (the point symbols, which labels must not cover). A label that does not fit where it
/// belongs tries a little above or below (areas) or left of its symbol (points), then its first
/// line alone (the Chinese name), before it gives way.
/// Returns the rectangles of the labels placed (for tests and hit-testing).
pub fn place_labels(
    painter: &Painter,
    mut candidates: Vec<LabelCandidate>,
    bounds: Rect,
    obstacles: &[Rect],
) -> Vec<Rect> {
    candidates.sort_by_key(|c| -c.priority);
    let mut placed: Vec<Rect> = Vec::new();
    // Overlaps are tested against what is near, not against every label and symbol.
    let mut near_placed = RectGrid::new(bounds);
    let mut near_obstacles = RectGrid::new(bounds);
    for r in obstacles {
        near_obstacles.insert(*r);
    }
    // A frame tries at most this many labels (the most important first): thousands of
    // features in view would be laid out and tested only to find no room.
    for c in candidates.into_iter().take(MAX_LABEL_TRIES) {
        let galleys: Vec<_> = c
            .lines
            .iter()
            .filter(|(text, _, _)| !text.is_empty())
            .map(|(text, font, color)| {
                (
                    painter.layout_no_wrap(text.clone(), font.clone(), *color),
                    painter.layout_no_wrap(text.clone(), font.clone(), style::HALO),
                )
            })
            .collect();
        if galleys.is_empty() {
            continue;
        }
        let fits = |rect: Rect, placed: &RectGrid| {
            let padded = rect.expand(3.0);
            bounds.contains_rect(rect)
                && !placed.any_meets(padded)
                // City names are too important to give way to a symbol.
                && (c.priority >= 600 || !near_obstacles.any_meets(rect))
        };
        let mut chosen = None;
        for n in [galleys.len(), 1] {
            let lines = &galleys[..n];
            let w = lines.iter().map(|(g, _)| g.size().x).fold(0.0, f32::max);
            let h: f32 = lines.iter().map(|(g, _)| g.size().y).sum();
            let size = vec2(w, h);
            let tries: Vec<Rect> = match c.right_of {
                None => [0.0, -0.8, 0.8]
                    .iter()
                    .map(|k| Rect::from_center_size(c.at + vec2(0.0, k * h), size))
                    .collect(),
                Some(dx) => vec![
                    Rect::from_min_size(pos2(c.at.x + dx, c.at.y - h / 2.0), size),
                    Rect::from_min_size(pos2(c.at.x - dx - w, c.at.y - h / 2.0), size),
                ],
            };
            if let Some(rect) = tries.into_iter().find(|r| fits(*r, &near_placed)) {
                chosen = Some((rect, n));
                break;
            }
            if galleys.len() == 1 {
                break;
            }
        }
        let Some((rect, n)) = chosen else {
            continue;
        };
        placed.push(rect.expand(3.0));
        near_placed.insert(rect.expand(3.0));
        let mut y = rect.min.y;
        for (galley, halo) in galleys.into_iter().take(n) {
            let x = match c.right_of {
                None => rect.center().x - galley.size().x / 2.0,
                Some(_) => rect.min.x,
            };
            for (dx, dy) in HALO_RING {
                painter.galley(pos2(x + dx, y + dy), halo.clone(), style::HALO);
            }
            let size = galley.size();
            painter.galley(pos2(x, y), galley, style::LABEL);
            y += size.y;
        }
    }
    placed
}

/// The most labels a frame tries to place.
const MAX_LABEL_TRIES: usize = 1500;

/// Rectangles on the screen in square buckets, to find those near a rectangle.
struct RectGrid {
    origin: Pos2,
    cols: usize,
    rows: usize,
    buckets: Vec<Vec<Rect>>,
}

impl RectGrid {
    const CELL: f32 = 64.0;

    fn new(bounds: Rect) -> RectGrid {
        let cols = ((bounds.width() / Self::CELL).ceil().max(1.0) as usize).min(512);
        let rows = ((bounds.height() / Self::CELL).ceil().max(1.0) as usize).min(512);
        RectGrid {
            origin: bounds.min,
            cols,
            rows,
            buckets: vec![Vec::new(); cols * rows],
        }
    }

    /// The buckets a rectangle covers (clamped to the grid: outside rectangles go to its edge).
    fn span(
        &self,
        r: Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let cell = |v: f32, o: f32, n: usize| {
            (((v - o) / Self::CELL).floor().max(0.0) as usize).min(n - 1)
        };
        (
            cell(r.min.x, self.origin.x, self.cols)..=cell(r.max.x, self.origin.x, self.cols),
            cell(r.min.y, self.origin.y, self.rows)..=cell(r.max.y, self.origin.y, self.rows),
        )
    }

    fn insert(&mut self, r: Rect) {
        if !r.is_finite() {
            return;
        }
        let (xs, ys) = self.span(r);
        for y in ys {
            for x in xs.clone() {
                self.buckets[y * self.cols + x].push(r);
            }
        }
    }

    fn any_meets(&self, r: Rect) -> bool {
        if !r.is_finite() {
            return false;
        }
        let (xs, ys) = self.span(r);
        ys.into_iter().any(|y| {
            xs.clone().any(|x| {
                self.buckets[y * self.cols + x]
                    .iter()
                    .any(|o| o.intersects(r))
            })
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_labels(
    painter: &Painter,
    rect: Rect,
    t: &MapTransform,
    scene: &Scene,
    places: &[Place],
    emphasis: &Emphasis,
    in_view: &[usize],
    symbols: Vec<Rect>,
    end_labels: Vec<(Pos2, String, Color32)>,
) {
    let zoom = t.zoom() as f32;
    let mut candidates = Vec::new();
    let big = (13.0 + (zoom - 8.0) * 1.5).clamp(12.0, 19.0);
    let small = (11.5 + (zoom - 9.0) * 0.8).clamp(11.5, 14.0);
    for &i in in_view {
        let (Some(place), Some(prepared)) = (places.get(i), scene.places.get(i)) else {
            continue;
        };
        let at = t.to_screen(prepared.label_at);
        if !rect.contains(at) {
            continue;
        }
        let st = style::kind_style(place.kind);
        let mut priority = st.label_priority;
        let emphasised = emphasis.selected == Some(i) || emphasis.clause.contains(&i);
        // Zoomed out, only cities and zones are named (and what is selected): the rest appear
        // as the map zooms in.
        if zoom < 9.5 && priority < 400 && !emphasised {
            continue;
        }
        if emphasis.selected == Some(i) {
            priority += 10_000;
        } else if emphasis.clause.contains(&i) {
            priority += 5_000;
        } else if place.kind == Kind::City {
            // Larger cities first when they compete.
            priority += (prepared.geometry.bbox().size()[0] * 1e4) as i32;
        }
        let look = emphasis.look;
        let (zh_size, color) = if place.kind == Kind::City {
            (big * look.scale, style::LABEL)
        } else {
            (small * look.scale, style::darken(st.color, 0.35))
        };
        let right_of = match prepared.anchor {
            LabelAnchor::Right => Some(9.0),
            LabelAnchor::Center => None,
        };
        // The second line stays readable on a shared screen: never under 11 px (scaled down
        // only for print).
        let second_size = (zh_size * 0.78).max(11.0 * look.scale.min(1.0));
        let hant;
        let chinese = match look.lang {
            Lang::ZhHant => {
                hant = prepared.hant(&place.name_zh);
                &*hant
            }
            _ => place.name_zh.as_str(),
        };
        let (first, second) = match look.lang {
            Lang::En if !place.name_en.is_empty() => (place.name_en.as_str(), chinese),
            _ => (chinese, place.name_en.as_str()),
        };
        let mut lines = vec![(first.to_string(), FontId::proportional(zh_size), color)];
        // A second line only when it says something else (a file opened beside the data may
        // have one name).
        if look.second_line && !second.is_empty() && second != first {
            lines.push((
                second.to_string(),
                FontId::proportional(second_size),
                style::LABEL_SECONDARY,
            ));
        }
        candidates.push(LabelCandidate {
            at,
            right_of,
            lines,
            priority,
        });
    }
    for label in &scene.labels {
        let at = t.to_screen(label.at);
        if !rect.contains(at) {
            continue;
        }
        candidates.push(context_label(label, at, zoom));
    }
    for (at, text, color) in end_labels {
        if !rect.contains(at) {
            continue;
        }
        candidates.push(LabelCandidate {
            at,
            right_of: None,
            lines: vec![(text, FontId::proportional(11.5), style::darken(color, 0.2))],
            priority: 120,
        });
    }
    place_labels(painter, candidates, rect.shrink(2.0), &symbols);
}

fn context_label(label: &ContextLabel, at: Pos2, zoom: f32) -> LabelCandidate {
    let (size, color, priority) = match label.kind {
        BaseKind::SeaLabel => (14.0, style::SEA_LABEL, 200),
        BaseKind::ProvinceLabel => (15.0, style::CONTEXT_LABEL, 150),
        _ => (
            (11.0 + (zoom - 8.0)).clamp(11.0, 14.0),
            style::CONTEXT_LABEL,
            100,
        ),
    };
    LabelCandidate {
        at,
        right_of: None,
        lines: vec![
            (label.zh.clone(), FontId::proportional(size), color),
            (
                label.en.clone(),
                FontId::proportional((size * 0.78).max(11.0)),
                color,
            ),
        ],
        priority,
    }
}

/// What kind of thing a hit is, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HitClass {
    Point,
    Line,
    Area,
}

/// A place under the pointer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub class: HitClass,
    /// Points and lines: distance from the pointer in pixels; areas: area in square pixels.
    pub measure: f64,
}

/// How near (in pixels) the pointer must be to a point symbol's centre or to a line.
pub const POINT_TOLERANCE: f64 = 9.0;
pub const LINE_TOLERANCE: f64 = 5.0;

/// Places under a screen position, most specific first: points (nearest first), then lines
/// within a few pixels (nearest first), then areas (smallest first).
pub fn hits(scene: &Scene, t: &MapTransform, pos: Pos2, emphasis: &Emphasis) -> Vec<Hit> {
    let m = t.to_merc(pos);
    let px = t.pixel();
    let reach = POINT_TOLERANCE.max(LINE_TOLERANCE) * px;
    let mut hits: Vec<Hit> = Vec::new();
    let near = MercBox {
        min: [m[0] - reach, m[1] - reach],
        max: [m[0] + reach, m[1] + reach],
    };
    // The features of a big layer are picked only where they are drawn one by one (about a
    // screen around the pointer is not drawn as cells).
    let screen = 640.0 * px;
    let around = MercBox {
        min: [m[0] - screen, m[1] - screen],
        max: [m[0] + screen, m[1] + screen],
    };
    let mut candidates = scene.index.meeting(&near);
    for grid in &scene.grids {
        if !grid.is_counted(&around, t.zoom()) {
            candidates.extend(grid.features_in(&near));
        }
    }
    candidates.sort_unstable();
    for i in candidates {
        let Some(p) = scene.places.get(i) else {
            continue;
        };
        if !emphasis.is_visible(i) {
            continue;
        }
        let Some(shape) = p.geometry.full() else {
            continue;
        };
        let mut b = shape.bbox;
        b.min = [b.min[0] - reach, b.min[1] - reach];
        b.max = [b.max[0] + reach, b.max[1] + reach];
        if !b.contains(m) {
            continue;
        }
        let distance = |q: &Merc| ((q[0] - m[0]).powi(2) + (q[1] - m[1]).powi(2)).sqrt() / px;
        let point = shape
            .points
            .iter()
            .map(distance)
            .fold(f64::INFINITY, f64::min);
        let line = shape
            .lines
            .iter()
            .flat_map(|l| l.windows(2))
            .map(|w| segment_distance(m, w[0], w[1]) / px)
            .fold(f64::INFINITY, f64::min);
        let hit = if point <= POINT_TOLERANCE {
            Some((HitClass::Point, point))
        } else if line <= LINE_TOLERANCE {
            Some((HitClass::Line, line))
        } else {
            let area: f64 = shape
                .areas
                .iter()
                .filter(|a| a.bbox.contains(m) && in_triangles(a, m))
                .map(triangles_area)
                .sum();
            (area > 0.0).then(|| (HitClass::Area, area / (px * px)))
        };
        if let Some((class, measure)) = hit {
            hits.push(Hit {
                index: i,
                class,
                measure,
            });
        }
    }
    hits.sort_by(|a, b| a.class.cmp(&b.class).then(a.measure.total_cmp(&b.measure)));
    hits
}

/// Places under a screen position, most specific first (see [`hits`]).
pub fn hit_test(scene: &Scene, t: &MapTransform, pos: Pos2, emphasis: &Emphasis) -> Vec<usize> {
    hits(scene, t, pos, emphasis)
        .into_iter()
        .map(|h| h.index)
        .collect()
}

/// Whether a click on these hits should ask which place was meant: the two most specific are
/// of the same class and about as specific (points or lines about as near, areas of about the
/// same size). A point on an area, a line across a zone, a zone inside a city are not.
pub fn ambiguous(hits: &[Hit]) -> bool {
    alike(hits).len() > 1
}

/// The hits as likely as the first: same class, about as near or as large (what the chooser
/// offers after an ambiguous click).
pub fn alike(hits: &[Hit]) -> Vec<Hit> {
    let Some(first) = hits.first() else {
        return Vec::new();
    };
    hits.iter()
        .copied()
        .filter(|h| {
            h.class == first.class
                && match h.class {
                    HitClass::Point | HitClass::Line => h.measure - first.measure < 2.0,
                    HitClass::Area => h.measure < first.measure * 1.25,
                }
        })
        .collect()
}

fn triangles_area(a: &Area) -> f64 {
    a.triangles
        .chunks_exact(3)
        .map(|tri| {
            let [p, q, r] = [
                a.vertices[tri[0] as usize],
                a.vertices[tri[1] as usize],
                a.vertices[tri[2] as usize],
            ];
            ((q[0] - p[0]) * (r[1] - p[1]) - (r[0] - p[0]) * (q[1] - p[1])).abs() / 2.0
        })
        .sum()
}

fn in_triangles(a: &Area, p: Merc) -> bool {
    a.triangles.chunks_exact(3).any(|tri| {
        let [v0, v1, v2] = [
            a.vertices[tri[0] as usize],
            a.vertices[tri[1] as usize],
            a.vertices[tri[2] as usize],
        ];
        let d = |a: Merc, b: Merc, c: Merc| {
            (a[0] - c[0]) * (b[1] - c[1]) - (b[0] - c[0]) * (a[1] - c[1])
        };
        let (d1, d2, d3) = (d(p, v0, v1), d(p, v1, v2), d(p, v2, v0));
        let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
        let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
        !(neg && pos)
    })
}

fn segment_distance(p: Merc, a: Merc, b: Merc) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
    };
    let q = [a[0] + ab[0] * t, a[1] + ab[1] * t];
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
}

/// A scale bar in the bottom-left corner of `rect`.
pub fn paint_scale_bar(painter: &Painter, rect: Rect, t: &MapTransform) {
    let (_, lat) = t.screen_to_lon_lat(rect.center());
    let metres_per_px = 40_075_016.686 * lat.to_radians().cos() / t.scale;
    let target = metres_per_px * 150.0;
    let nice = [
        10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5,
    ];
    let length = nice.iter().copied().rfind(|n| *n <= target).unwrap_or(10.0);
    let px = (length / metres_per_px) as f32;
    let origin = pos2(rect.min.x + 12.0, rect.max.y - 14.0);
    let text = if length >= 1000.0 {
        format!("{} km", length / 1000.0)
    } else {
        format!("{length} m")
    };
    let bg = Rect::from_min_max(
        pos2(origin.x - 6.0, origin.y - 20.0),
        pos2(origin.x + px + 8.0, origin.y + 6.0),
    );
    painter.rect_filled(bg, 3.0, Color32::from_white_alpha(190));
    let stroke = Stroke::new(1.5, style::LABEL);
    painter.line_segment([origin, pos2(origin.x + px, origin.y)], stroke);
    painter.line_segment([origin, pos2(origin.x, origin.y - 5.0)], stroke);
    painter.line_segment(
        [
            pos2(origin.x + px, origin.y),
            pos2(origin.x + px, origin.y - 5.0),
        ],
        stroke,
    );
    painter.text(
        pos2(origin.x + px / 2.0, origin.y - 4.0),
        egui::Align2::CENTER_BOTTOM,
        text,
        FontId::proportional(11.0),
        style::LABEL,
    );
}

/// The legend of a coverage shading, in the top-left corner of `rect`.
pub fn paint_coverage_legend(painter: &Painter, rect: Rect, shading: &Shading) {
    let title = if shading.only_cities {
        "Clauses naming each city or a place in it"
    } else {
        "Clauses naming each place"
    };
    let font = FontId::proportional(12.5);
    let title = painter.layout_no_wrap(title.to_string(), font.clone(), style::LABEL);
    let classes = style::coverage_classes(shading.max);
    let row = 18.0;
    let size = vec2(
        title.size().x.max(150.0) + 16.0,
        title.size().y + 10.0 + row * classes.len() as f32 + 6.0,
    );
    let frame = Rect::from_min_size(rect.min + vec2(10.0, 10.0), size);
    painter.rect_filled(frame, 4.0, Color32::from_white_alpha(225));
    painter.rect_stroke(
        frame,
        4.0,
        Stroke::new(1.0, Color32::from_gray(180)),
        egui::StrokeKind::Inside,
    );
    let mut y = frame.min.y + 6.0;
    let title_height = title.size().y;
    painter.galley(pos2(frame.min.x + 8.0, y), title, style::LABEL);
    y += title_height + 4.0;
    for (class, low, high) in classes {
        let swatch = Rect::from_min_size(pos2(frame.min.x + 8.0, y + 2.0), vec2(22.0, 13.0));
        painter.rect_filled(swatch, 2.0, style::COVERAGE_RAMP[class]);
        painter.rect_stroke(
            swatch,
            2.0,
            Stroke::new(0.5, Color32::from_gray(120)),
            egui::StrokeKind::Inside,
        );
        let text = if low == high {
            format!("{low}")
        } else {
            format!("{low}–{high}")
        };
        painter.text(
            pos2(swatch.max.x + 8.0, swatch.center().y),
            egui::Align2::LEFT_CENTER,
            text,
            font.clone(),
            style::LABEL,
        );
        y += row;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_painter(f: impl FnOnce(&Painter)) {
        let ctx = egui::Context::default();
        let mut f = Some(f);
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = ui.ctx().layer_painter(egui::LayerId::background());
            if let Some(f) = f.take() {
                f(&painter);
            }
        });
        out.textures_delta.clear();
    }

    fn candidate(at: Pos2, right_of: Option<f32>, lines: &[&str]) -> LabelCandidate {
        LabelCandidate {
            at,
            right_of,
            lines: lines
                .iter()
                .map(|t| (t.to_string(), FontId::proportional(12.0), Color32::BLACK))
                .collect(),
            priority: 500,
        }
    }

    #[test]
    fn a_label_blocked_where_it_belongs_moves_aside() {
        with_painter(|painter| {
            let bounds = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
            let at = pos2(400.0, 300.0);
            let symbol = Rect::from_center_size(at, vec2(8.0, 8.0));
            // An area's label over a symbol goes just above or below it.
            let area = candidate(at, None, &["Qianhai", "Qianhai Zone"]);
            let placed = place_labels(painter, vec![area], bounds, &[symbol]);
            assert_eq!(placed.len(), 1);
            assert!(!placed[0].shrink(3.0).intersects(symbol), "{placed:?}");
            // A point's label with a symbol on its right goes to the left.
            let right = Rect::from_min_size(pos2(at.x + 9.0, at.y - 10.0), vec2(40.0, 20.0));
            let point = candidate(at, Some(9.0), &["Qianhai", "Qianhai Zone"]);
            let placed = place_labels(painter, vec![point], bounds, &[right]);
            assert_eq!(placed.len(), 1);
            assert!(placed[0].max.x <= at.x, "{placed:?}");
        });
    }

    #[test]
    fn a_label_with_no_room_for_two_lines_keeps_its_first() {
        with_painter(|painter| {
            let at = pos2(400.0, 300.0);
            let two = candidate(at, None, &["Qianhai", "Qianhai Zone"]);
            let one = candidate(at, None, &["Qianhai Zone"]);
            let wide = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
            let h2 = place_labels(painter, vec![two], wide, &[])[0].height();
            let h1 = place_labels(painter, vec![one], wide, &[])[0].height();
            assert!(h2 > h1 * 1.5, "{h2} {h1}");
            // Bounds one line high: only the Chinese name is placed, not nothing.
            let tight = Rect::from_center_size(at, vec2(800.0, h1 + 2.0));
            let two = candidate(at, None, &["Qianhai", "Qianhai Zone"]);
            let placed = place_labels(painter, vec![two], tight, &[]);
            assert_eq!(placed.len(), 1);
            assert!((placed[0].height() - h1).abs() < 0.5, "{placed:?}");
        });
    }
}
