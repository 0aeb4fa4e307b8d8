//! Per-frame drawing: cull, transform, paint; place labels without overlaps; hit-test.

use egui::{Color32, FontId, Mesh, Painter, Pos2, Rect, Shape as EguiShape, Stroke, pos2, vec2};

use super::prepare::{Area, ContextLabel, LabelAnchor, Leveled, MercBox, Scene, Shape};
use super::projection::{MapTransform, Merc};
use super::style;
use crate::data::{BaseKind, Kind, Place};

/// What the map should show and emphasise this frame (indices into `Dataset::places`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emphasis {
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    /// The places of the selected clause.
    pub clause: Vec<usize>,
    /// Per place: drawn or hidden by the layer panel. Empty means all visible.
    pub visible: Vec<bool>,
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

fn fill_area(mesh: &mut Mesh, a: &Area, t: &MapTransform, color: Color32) {
    let base = mesh.vertices.len() as u32;
    for v in &a.vertices {
        mesh.colored_vertex(t.to_screen(*v), color);
    }
    mesh.indices.extend(a.triangles.iter().map(|i| base + i));
}

fn screen(points: &[Merc], t: &MapTransform) -> Vec<Pos2> {
    points.iter().map(|p| t.to_screen(*p)).collect()
}

fn polyline(painter: &Painter, points: &[Merc], t: &MapTransform, stroke: Stroke) {
    if points.len() < 2 {
        return;
    }
    painter.add(EguiShape::line(screen(points, t), stroke));
}

fn dashed(
    painter: &Painter,
    points: &[Merc],
    t: &MapTransform,
    stroke: Stroke,
    dash: f32,
    gap: f32,
) {
    if points.len() < 2 {
        return;
    }
    painter.extend(EguiShape::dashed_line(
        &screen(points, t),
        stroke,
        dash,
        gap,
    ));
}

/// Fills every visible area of the given layers into one mesh.
fn fill_layer<'a>(
    painter: &Painter,
    layer: impl Iterator<Item = &'a Shape>,
    view: &MercBox,
    t: &MapTransform,
    color: Color32,
) {
    let mut mesh = Mesh::default();
    for shape in layer {
        if !shape.bbox.intersects(view) {
            continue;
        }
        for a in &shape.areas {
            if a.bbox.intersects(view) {
                fill_area(&mut mesh, a, t, color);
            }
        }
    }
    if !mesh.is_empty() {
        painter.add(EguiShape::mesh(mesh));
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
        Kind::Region => 1,
        Kind::District => 2,
        Kind::Ecology => 3,
        Kind::NewArea => 4,
        Kind::CooperationZone => 5,
        Kind::SciencePark => 6,
        _ => 7,
    }
}

/// Paints the whole map into `rect`.
pub fn paint(
    painter: &Painter,
    rect: Rect,
    t: &MapTransform,
    scene: &Scene,
    places: &[Place],
    emphasis: &Emphasis,
) {
    let zoom = t.zoom();
    let view = view_box(t, rect);
    painter.rect_filled(rect, 0.0, style::SEA);

    fill_layer(painter, at_zoom(&scene.land, zoom), &view, t, style::LAND);
    for shape in at_zoom(&scene.land, zoom).filter(|s| s.bbox.intersects(&view)) {
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            for part in &a.outlines {
                polyline(painter, part, t, Stroke::new(0.8, style::COAST));
            }
        }
    }

    // The places drawn this frame, at this zoom, in drawing order.
    let mut shown: Vec<(usize, &Place, &Shape)> = places
        .iter()
        .zip(&scene.places)
        .enumerate()
        .filter(|(i, _)| emphasis.is_visible(*i))
        .filter_map(|(i, (place, prepared))| {
            let shape = prepared.geometry.at(zoom)?;
            shape.bbox.intersects(&view).then_some((i, place, shape))
        })
        .collect();
    shown.sort_by_key(|(i, place, _)| (area_order(place.kind), *i));

    // Areas: cities under the basemap's water, the other areas over it.
    let fill_place = |i: usize, place: &Place, shape: &Shape| {
        if shape.areas.is_empty() {
            return;
        }
        let mut color = style::fill(place.kind, &place.id);
        if emphasis.hovered == Some(i) {
            color = style::darken(color, 0.08);
        }
        if color.a() == 0 {
            return;
        }
        let mut mesh = Mesh::default();
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            fill_area(&mut mesh, a, t, color);
        }
        painter.add(EguiShape::mesh(mesh));
    };
    for (i, place, shape) in shown.iter().filter(|(_, p, _)| p.kind == Kind::City) {
        fill_place(*i, place, shape);
    }

    fill_layer(painter, at_zoom(&scene.water, zoom), &view, t, style::SEA);
    for shape in at_zoom(&scene.water, zoom).filter(|s| s.bbox.intersects(&view)) {
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            for ring in &a.outlines {
                polyline(painter, ring, t, Stroke::new(0.6, style::COAST));
            }
        }
    }
    for shape in at_zoom(&scene.rivers, zoom).filter(|s| s.bbox.intersects(&view)) {
        for line in &shape.lines {
            polyline(
                painter,
                line,
                t,
                Stroke::new(width(1.0, zoom), style::RIVER),
            );
        }
    }
    for shape in at_zoom(&scene.city_boundaries, zoom).filter(|s| s.bbox.intersects(&view)) {
        for line in &shape.lines {
            polyline(painter, line, t, Stroke::new(0.8, style::CITY_BOUNDARY));
        }
    }
    for shape in at_zoom(&scene.province_boundaries, zoom).filter(|s| s.bbox.intersects(&view)) {
        for line in &shape.lines {
            dashed(
                painter,
                line,
                t,
                Stroke::new(1.4, style::PROVINCE_BOUNDARY),
                6.0,
                3.0,
            );
        }
    }

    for (i, place, shape) in shown.iter().filter(|(_, p, _)| p.kind != Kind::City) {
        fill_place(*i, place, shape);
    }
    // Outlines of areas.
    for (i, place, shape) in &shown {
        let hovered = emphasis.hovered == Some(*i);
        let st = style::kind_style(place.kind);
        for a in shape.areas.iter().filter(|a| a.bbox.intersects(&view)) {
            for ring in &a.outlines {
                let pts = screen(ring, t);
                if hovered {
                    painter.add(EguiShape::line(pts, Stroke::new(2.2, style::HOVERED)));
                } else if place.kind == Kind::City {
                    painter.add(EguiShape::line(
                        pts,
                        Stroke::new(width(st.width, zoom), style::PLACE_OUTLINE),
                    ));
                } else {
                    style::paint_line(painter, &pts, Kind::Other, place.status, st.width, st.color);
                }
            }
        }
    }
    // Lines, then points, on top of all areas.
    for (i, place, shape) in &shown {
        let st = style::kind_style(place.kind);
        let w = width(st.width, zoom)
            + if emphasis.hovered == Some(*i) {
                1.5
            } else {
                0.0
            };
        for line in &shape.lines {
            style::paint_line(
                painter,
                &screen(line, t),
                place.kind,
                place.status,
                w,
                st.color,
            );
        }
    }
    let r = (3.5 + (zoom as f32 - 8.0) * 0.6).clamp(3.5, 7.0);
    for (i, place, shape) in &shown {
        let st = style::kind_style(place.kind);
        let r = if emphasis.hovered == Some(*i) {
            r + 1.5
        } else {
            r
        };
        for p in &shape.points {
            style::paint_symbol(
                painter,
                st.symbol,
                t.to_screen(*p),
                r,
                st.color,
                style::hollow(place.status),
            );
        }
    }

    // Emphasis: the places of the selected clause, then the selected place.
    for &i in &emphasis.clause {
        if let Some(shape) = scene.places.get(i).and_then(|p| p.geometry.at(zoom)) {
            outline(
                painter,
                shape,
                &view,
                t,
                Stroke::new(2.6, style::CLAUSE),
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
            painter,
            shape,
            &view,
            t,
            Stroke::new(2.4, style::SELECTED),
            r + 3.0,
        );
    }

    paint_labels(painter, rect, t, scene, places, emphasis);
}

fn outline(
    painter: &Painter,
    shape: &Shape,
    view: &MercBox,
    t: &MapTransform,
    stroke: Stroke,
    point_radius: f32,
) {
    for a in shape.areas.iter().filter(|a| a.bbox.intersects(view)) {
        for ring in &a.outlines {
            polyline(painter, ring, t, stroke);
        }
    }
    for line in &shape.lines {
        let halo = Stroke::new(stroke.width + 4.0, stroke.color.gamma_multiply(0.35));
        polyline(painter, line, t, halo);
    }
    for p in &shape.points {
        painter.circle_stroke(t.to_screen(*p), point_radius, stroke);
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

/// Lays out labels by priority and drops those that would overlap one already placed.
/// Returns the rectangles of the labels placed (for tests and hit-testing).
pub fn place_labels(
    painter: &Painter,
    mut candidates: Vec<LabelCandidate>,
    bounds: Rect,
) -> Vec<Rect> {
    candidates.sort_by_key(|c| -c.priority);
    let mut placed: Vec<Rect> = Vec::new();
    for c in candidates {
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
        let w = galleys.iter().map(|(g, _)| g.size().x).fold(0.0, f32::max);
        let h: f32 = galleys.iter().map(|(g, _)| g.size().y).sum();
        let rect = match c.right_of {
            None => Rect::from_center_size(c.at, vec2(w, h)),
            Some(dx) => Rect::from_min_size(pos2(c.at.x + dx, c.at.y - h / 2.0), vec2(w, h)),
        };
        let padded = rect.expand(3.0);
        if !bounds.contains_rect(rect) || placed.iter().any(|r| r.intersects(padded)) {
            continue;
        }
        placed.push(padded);
        let mut y = rect.min.y;
        for (galley, halo) in galleys {
            let x = match c.right_of {
                None => c.at.x - galley.size().x / 2.0,
                Some(_) => rect.min.x,
            };
            for (dx, dy) in [
                (-1.0, -1.0),
                (0.0, -1.2),
                (1.0, -1.0),
                (-1.2, 0.0),
                (1.2, 0.0),
                (-1.0, 1.0),
                (0.0, 1.2),
                (1.0, 1.0),
            ] {
                painter.galley(pos2(x + dx, y + dy), halo.clone(), style::HALO);
            }
            let size = galley.size();
            painter.galley(pos2(x, y), galley, style::LABEL);
            y += size.y;
        }
    }
    placed
}

fn paint_labels(
    painter: &Painter,
    rect: Rect,
    t: &MapTransform,
    scene: &Scene,
    places: &[Place],
    emphasis: &Emphasis,
) {
    let zoom = t.zoom() as f32;
    let mut candidates = Vec::new();
    let big = (13.0 + (zoom - 8.0) * 1.5).clamp(12.0, 19.0);
    let small = (11.0 + (zoom - 9.0) * 0.8).clamp(10.5, 14.0);
    for (i, (place, prepared)) in places.iter().zip(&scene.places).enumerate() {
        if !emphasis.is_visible(i) {
            continue;
        }
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
        let (zh_size, color) = if place.kind == Kind::City {
            (big, style::LABEL)
        } else {
            (small, style::darken(st.color, 0.35))
        };
        let right_of = match prepared.anchor {
            LabelAnchor::Right => Some(8.0),
            LabelAnchor::Center => None,
        };
        candidates.push(LabelCandidate {
            at,
            right_of,
            lines: vec![
                (place.name_zh.clone(), FontId::proportional(zh_size), color),
                (
                    place.name_en.clone(),
                    FontId::proportional(zh_size * 0.72),
                    style::LABEL_SECONDARY,
                ),
            ],
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
    place_labels(painter, candidates, rect.shrink(2.0));
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
            (label.en.clone(), FontId::proportional(size * 0.75), color),
        ],
        priority,
    }
}

/// Places under a screen position, the smallest (most specific) first.
pub fn hit_test(scene: &Scene, t: &MapTransform, pos: Pos2, emphasis: &Emphasis) -> Vec<usize> {
    let m = t.to_merc(pos);
    let tolerance = 6.0 * t.pixel();
    let mut hits: Vec<(f64, usize)> = Vec::new();
    for (i, p) in scene.places.iter().enumerate() {
        if !emphasis.is_visible(i) {
            continue;
        }
        let Some(shape) = p.geometry.full() else {
            continue;
        };
        let mut b = shape.bbox;
        b.min = [b.min[0] - tolerance, b.min[1] - tolerance];
        b.max = [b.max[0] + tolerance, b.max[1] + tolerance];
        if !b.contains(m) {
            continue;
        }
        let size = shape.bbox.size();
        let inside_area = shape
            .areas
            .iter()
            .any(|a| a.bbox.contains(m) && in_triangles(a, m));
        let near_line = shape.lines.iter().any(|l| {
            l.windows(2)
                .any(|w| segment_distance(m, w[0], w[1]) <= tolerance)
        });
        let near_point = shape
            .points
            .iter()
            .any(|q| ((q[0] - m[0]).powi(2) + (q[1] - m[1]).powi(2)).sqrt() <= tolerance * 1.4);
        if inside_area || near_line || near_point {
            let rank = if inside_area { size[0] * size[1] } else { 0.0 };
            hits.push((rank, i));
        }
    }
    hits.sort_by(|a, b| a.0.total_cmp(&b.0));
    hits.into_iter().map(|(_, i)| i).collect()
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
