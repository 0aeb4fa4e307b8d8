//! Colours, symbols and line styles: one place for the map's look. The legend draws with the same
//! functions as the map.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use super::stroke::{Canvas, Output};
use crate::data::{Accuracy, Kind, Status};

pub const SEA: Color32 = Color32::from_rgb(170, 205, 226);
pub const LAND: Color32 = Color32::from_rgb(240, 237, 229);
pub const COAST: Color32 = Color32::from_rgb(140, 175, 200);
pub const RIVER: Color32 = Color32::from_rgb(150, 190, 218);
pub const PROVINCE_BOUNDARY: Color32 = Color32::from_rgb(150, 130, 160);
pub const CITY_BOUNDARY: Color32 = Color32::from_rgb(200, 192, 182);
pub const PLACE_OUTLINE: Color32 = Color32::from_rgb(120, 108, 96);
pub const SELECTED: Color32 = Color32::from_rgb(200, 30, 60);
pub const CLAUSE: Color32 = Color32::from_rgb(230, 90, 0);
pub const HOVERED: Color32 = Color32::from_rgb(40, 40, 40);
pub const LABEL: Color32 = Color32::from_rgb(40, 40, 40);
pub const LABEL_SECONDARY: Color32 = Color32::from_rgb(85, 85, 85);
pub const CONTEXT_LABEL: Color32 = Color32::from_rgb(120, 115, 110);
pub const SEA_LABEL: Color32 = Color32::from_rgb(70, 110, 150);
pub const HALO: Color32 = Color32::from_rgba_premultiplied(250, 250, 248, 235);
pub const HIGHLIGHT: Color32 = Color32::from_rgb(255, 226, 120);
/// Dense points drawn as counts (a grid of cells, stronger where more points fall).
pub const DENSITY: Color32 = Color32::from_rgb(52, 84, 170);

/// How a point of a kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Circle,
    Square,
    Diamond,
    Triangle,
    InvertedTriangle,
    Hexagon,
    Star,
}

/// How a line of a kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineLook {
    /// A plain line.
    Plain,
    /// Dark line with white dashes inside: the classic railway.
    Railway,
    /// A line with a dark casing: roads and bridges.
    Cased,
}

/// The style of one kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindStyle {
    pub color: Color32,
    pub symbol: Symbol,
    pub line: LineLook,
    /// Line width in points at zoom 9.
    pub width: f32,
    /// Opacity of area fills (0–255).
    pub fill_alpha: u8,
    /// Label priority: higher wins where labels collide.
    pub label_priority: i32,
}

/// The style of each kind. A `match` with no wildcard: adding a kind does not compile until it
/// has a style.
pub fn kind_style(kind: Kind) -> KindStyle {
    let s = |r, g, b, symbol, line, width, fill_alpha, label_priority| KindStyle {
        color: Color32::from_rgb(r, g, b),
        symbol,
        line,
        width,
        fill_alpha,
        label_priority,
    };
    use LineLook::*;
    use Symbol::*;
    match kind {
        Kind::City => s(120, 108, 96, Square, Plain, 1.1, 255, 600),
        Kind::Prefecture => s(125, 110, 95, Square, Plain, 1.3, 0, 230),
        Kind::District => s(110, 90, 150, Square, Plain, 1.2, 18, 350),
        Kind::Region => s(128, 90, 160, Square, Plain, 2.2, 0, 250),
        Kind::CooperationZone => s(214, 62, 40, Square, Plain, 2.0, 80, 500),
        Kind::NewArea => s(226, 128, 20, Square, Plain, 1.8, 75, 450),
        Kind::SciencePark => s(0, 140, 140, Hexagon, Plain, 1.8, 70, 440),
        Kind::ScienceFacility => s(20, 110, 190, Hexagon, Plain, 1.5, 80, 300),
        Kind::University => s(120, 60, 170, Star, Plain, 1.5, 70, 280),
        Kind::Seaport => s(20, 60, 130, Square, Plain, 1.5, 80, 320),
        Kind::Airport => s(50, 50, 60, Triangle, Plain, 1.5, 80, 340),
        Kind::PortOfEntry => s(190, 30, 100, Diamond, Plain, 1.5, 80, 310),
        Kind::Bridge => s(90, 90, 95, Circle, Cased, 2.6, 80, 330),
        Kind::Tunnel => s(90, 90, 95, Circle, Plain, 2.0, 80, 300),
        Kind::Railway => s(60, 60, 70, Circle, Railway, 2.0, 80, 290),
        Kind::Road => s(240, 150, 70, Circle, Cased, 1.5, 80, 270),
        Kind::Energy => s(230, 170, 0, InvertedTriangle, Plain, 1.8, 80, 260),
        Kind::Water => s(30, 130, 210, Circle, Plain, 2.0, 80, 250),
        Kind::Ecology => s(50, 150, 60, Circle, Plain, 1.5, 60, 240),
        Kind::Other => s(110, 110, 110, Circle, Plain, 1.5, 70, 200),
    }
}

/// How sure a geometry is, as drawn: a soft band along lines and outlines (and a halo round
/// points) that widens as the geometry is less certain, and a thinner core line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccuracyLook {
    /// Width in pixels and opacity of the band; `None` for surveyed geometry.
    pub band: Option<(f32, f32)>,
    /// Width of the core line relative to the kind's width.
    pub core: f32,
}

pub fn accuracy_look(accuracy: Accuracy) -> AccuracyLook {
    match accuracy {
        Accuracy::Surveyed => AccuracyLook {
            band: None,
            core: 1.0,
        },
        Accuracy::Approximate => AccuracyLook {
            band: Some((4.0, 0.16)),
            core: 1.0,
        },
        Accuracy::Schematic => AccuracyLook {
            band: Some((7.0, 0.13)),
            core: 0.75,
        },
    }
}

/// A sequential ramp (ColorBrewer YlOrRd, 5 classes) for how often the plan names a place.
pub const COVERAGE_RAMP: [Color32; 5] = [
    Color32::from_rgb(255, 255, 178),
    Color32::from_rgb(254, 204, 92),
    Color32::from_rgb(253, 141, 60),
    Color32::from_rgb(240, 59, 32),
    Color32::from_rgb(189, 0, 38),
];

/// The class (0..5) of a count out of `max`: equal intervals of 1..=max.
pub fn coverage_class(n: usize, max: usize) -> usize {
    if max == 0 || n == 0 {
        return 0;
    }
    ((n * COVERAGE_RAMP.len()).div_ceil(max)).clamp(1, COVERAGE_RAMP.len()) - 1
}

/// The classes in use and the counts each stands for, for the legend: (class, low, high).
pub fn coverage_classes(max: usize) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for n in 1..=max {
        let c = coverage_class(n, max);
        match out.last_mut() {
            Some(last) if last.0 == c => last.2 = n,
            _ => out.push((c, n, n)),
        }
    }
    out
}

pub fn coverage_color(n: usize, max: usize) -> Color32 {
    if n == 0 {
        return Color32::from_rgb(225, 225, 225);
    }
    COVERAGE_RAMP[coverage_class(n, max)]
}

/// Dash pattern (dash, gap) for a status; `None` is a solid line.
pub fn dash(status: Option<Status>) -> Option<(f32, f32)> {
    match status {
        None | Some(Status::Open) => None,
        Some(Status::UnderConstruction) => Some((9.0, 4.0)),
        Some(Status::Planned) => Some((5.0, 5.0)),
        Some(Status::UnderStudy) => Some((2.0, 4.0)),
    }
}

/// Points of projects not yet open are drawn hollow.
pub fn hollow(status: Option<Status>) -> bool {
    !matches!(status, None | Some(Status::Open))
}

/// Calm, distinct fills for the 11 cities (neighbours differ in hue).
pub fn city_fill(id: &str) -> Color32 {
    match id {
        "guangzhou" => Color32::from_rgb(238, 208, 160),
        "shenzhen" => Color32::from_rgb(172, 214, 190),
        "zhuhai" => Color32::from_rgb(204, 194, 232),
        "foshan" => Color32::from_rgb(242, 196, 184),
        "huizhou" => Color32::from_rgb(196, 218, 164),
        "dongguan" => Color32::from_rgb(246, 228, 156),
        "zhongshan" => Color32::from_rgb(182, 208, 232),
        "jiangmen" => Color32::from_rgb(228, 204, 222),
        "zhaoqing" => Color32::from_rgb(214, 226, 190),
        "hong-kong" => Color32::from_rgb(242, 184, 184),
        "macao" => Color32::from_rgb(176, 222, 214),
        other => {
            // Stable pastel from the id for cities added later.
            let h = other
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
            let hue = (h % 360) as f32 / 360.0;
            egui::ecolor::Hsva::new(hue, 0.25, 0.92, 1.0).into()
        }
    }
}

/// Fill of an area of a given kind.
pub fn fill(kind: Kind, id: &str) -> Color32 {
    match kind {
        Kind::City => city_fill(id),
        _ => {
            let st = kind_style(kind);
            Color32::from_rgba_unmultiplied(st.color.r(), st.color.g(), st.color.b(), st.fill_alpha)
        }
    }
}

/// A colour made darker by `t` in 0..1.
pub fn darken(c: Color32, t: f32) -> Color32 {
    let mix = |a: u8| (a as f32 * (1.0 - t)).round() as u8;
    Color32::from_rgba_unmultiplied(mix(c.r()), mix(c.g()), mix(c.b()), c.a())
}

fn polygon_points(symbol: Symbol, c: Pos2, r: f32) -> Vec<Pos2> {
    let ring = |n: usize, start: f32, radius: &dyn Fn(usize) -> f32| -> Vec<Pos2> {
        (0..n)
            .map(|i| {
                let a = start + i as f32 * std::f32::consts::TAU / n as f32;
                c + vec2(a.cos(), a.sin()) * radius(i)
            })
            .collect()
    };
    let up = -std::f32::consts::FRAC_PI_2;
    match symbol {
        Symbol::Circle => ring(20, 0.0, &|_| r),
        Symbol::Square => ring(4, std::f32::consts::FRAC_PI_4, &|_| r * 1.15),
        Symbol::Diamond => ring(4, 0.0, &|_| r * 1.2),
        Symbol::Triangle => ring(3, up, &|_| r * 1.3),
        Symbol::InvertedTriangle => ring(3, -up, &|_| r * 1.3),
        Symbol::Hexagon => ring(6, 0.0, &|_| r * 1.1),
        Symbol::Star => ring(10, up, &|i| if i % 2 == 0 { r * 1.4 } else { r * 0.6 }),
    }
}

/// Draws a point symbol of radius `r` at `c`.
pub fn paint_symbol(
    painter: &Painter,
    symbol: Symbol,
    c: Pos2,
    r: f32,
    color: Color32,
    hollow: bool,
) {
    let pts = polygon_points(symbol, c, r);
    let (fill, stroke) = if hollow {
        (Color32::WHITE, Stroke::new(2.0, color))
    } else {
        (color, Stroke::new(1.2, Color32::WHITE))
    };
    // Star and the others are not convex everywhere: fill the star as a fan of triangles.
    if symbol == Symbol::Star {
        let mut mesh = egui::Mesh::default();
        mesh.colored_vertex(c, fill);
        for p in &pts {
            mesh.colored_vertex(*p, fill);
        }
        let n = pts.len() as u32;
        for i in 0..n {
            mesh.add_triangle(0, 1 + i, 1 + (i + 1) % n);
        }
        painter.add(Shape::mesh(mesh));
        painter.add(Shape::closed_line(pts, stroke));
    } else {
        painter.add(Shape::convex_polygon(pts, fill, stroke));
    }
}

/// Draws a polyline in a kind's look, dashed by status.
pub fn paint_line(
    canvas: &mut Canvas,
    pts: &[Pos2],
    kind: Kind,
    status: Option<Status>,
    width: f32,
    color: Color32,
) {
    if pts.len() < 2 {
        return;
    }
    let look = kind_style(kind).line;
    let stroke = Stroke::new(width, color);
    let mut draw = |stroke: Stroke, dash_pattern: Option<(f32, f32)>| match dash_pattern {
        None => canvas.line(pts, stroke),
        Some((d, g)) => canvas.dashed(pts, stroke, d * width / 2.0, g * width / 2.0),
    };
    let dashes = dash(status);
    match look {
        LineLook::Plain => draw(stroke, dashes),
        LineLook::Cased => {
            draw(Stroke::new(width + 2.0, darken(color, 0.45)), dashes);
            draw(stroke, dashes);
        }
        LineLook::Railway => {
            draw(stroke, dashes);
            if dashes.is_none() {
                canvas.dashed(
                    pts,
                    Stroke::new(width * 0.45, Color32::WHITE),
                    width * 2.5,
                    width * 2.5,
                );
            }
        }
    }
}

/// A legend swatch for a kind in `rect`: a symbol, a line sample or an area sample.
pub fn paint_legend(painter: &Painter, rect: Rect, kind: Kind, status: Option<Status>) {
    let st = kind_style(kind);
    let c = rect.center();
    match kind {
        Kind::Bridge | Kind::Tunnel | Kind::Railway | Kind::Road | Kind::Water => {
            let pts = [pos2(rect.min.x + 2.0, c.y), pos2(rect.max.x - 2.0, c.y)];
            let mut canvas = Canvas::with_output(painter, Output::Vector);
            paint_line(&mut canvas, &pts, kind, status, st.width.min(3.0), st.color);
        }
        Kind::City
        | Kind::Prefecture
        | Kind::District
        | Kind::Region
        | Kind::CooperationZone
        | Kind::NewArea
        | Kind::SciencePark => {
            let r = rect.shrink(3.0);
            let fill = if kind == Kind::City {
                city_fill("guangzhou")
            } else {
                fill(kind, "")
            };
            painter.rect_filled(r, 1.0, fill);
            let outline = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            let mut canvas = Canvas::with_output(painter, Output::Vector);
            paint_line(&mut canvas, &outline, Kind::Other, status, 1.5, st.color);
        }
        _ => paint_symbol(painter, st.symbol, c, 5.0, st.color, hollow(status)),
    }
}

/// A legend swatch for how sure a geometry is: a line sample with its band.
pub fn paint_accuracy_legend(painter: &Painter, rect: Rect, accuracy: Accuracy) {
    let c = rect.center();
    let pts = vec![pos2(rect.min.x + 4.0, c.y), pos2(rect.max.x - 4.0, c.y)];
    let color = kind_style(Kind::CooperationZone).color;
    let look = accuracy_look(accuracy);
    if let Some((band, alpha)) = look.band {
        painter.add(Shape::line(
            pts.clone(),
            Stroke::new(2.0 + band, color.gamma_multiply(alpha)),
        ));
    }
    painter.add(Shape::line(pts, Stroke::new(2.0 * look.core, color)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_classes_split_the_range() {
        assert_eq!(coverage_class(1, 10), 0);
        assert_eq!(coverage_class(10, 10), 4);
        assert_eq!(coverage_class(6, 10), 2);
        let classes = coverage_classes(10);
        assert_eq!(
            classes,
            [(0, 1, 2), (1, 3, 4), (2, 5, 6), (3, 7, 8), (4, 9, 10)]
        );
        // Fewer counts than classes: one class each.
        assert_eq!(coverage_classes(3).len(), 3);
        assert_ne!(
            accuracy_look(Accuracy::Surveyed),
            accuracy_look(Accuracy::Approximate)
        );
        assert_ne!(
            accuracy_look(Accuracy::Approximate),
            accuracy_look(Accuracy::Schematic)
        );
    }

    #[test]
    fn every_kind_has_a_distinct_look() {
        // Kinds drawn as points differ in colour or symbol from every other point kind.
        let looks: Vec<(Kind, Color32, Symbol)> = Kind::ALL
            .iter()
            .map(|k| (*k, kind_style(*k).color, kind_style(*k).symbol))
            .collect();
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert!(
                    a.1 != b.1 || a.2 != b.2 || matches!(a.0, Kind::Bridge | Kind::Tunnel),
                    "{:?} and {:?} look the same",
                    a.0,
                    b.0
                );
            }
        }
    }

    #[test]
    fn status_changes_the_line() {
        assert_eq!(dash(Some(Status::Open)), None);
        assert_ne!(dash(Some(Status::Planned)), dash(Some(Status::UnderStudy)));
        assert!(hollow(Some(Status::Planned)) && !hollow(None));
    }
}
