//! Vector output: the same egui shapes the CPU renderer rasterises, walked as paths and glyphs and
//! written as SVG or PDF.
//!
//! [`record`] runs egui passes at a fixed page size (in points) and turns the last pass's shapes
//! into a [`Drawing`]: filled areas (a mesh becomes one path of its triangles, all turned the same
//! way, so the non-zero rule fills their union with no seams), strokes, and text as glyph runs
//! placed exactly where egui laid them out. Each glyph is looked up in the font egui took it from
//! (the context's font definitions, in the family's order), so:
//! - the PDF ([`Pdf`], through `krilla`) embeds subsets of those fonts and its text is real text
//!   (select, search and copy work);
//! - the SVG ([`to_svg`]) embeds the outlines of the glyphs it uses (so it looks the same with no
//!   font installed) and carries the text as an invisible, selectable layer on top.
//!
//! Paint callbacks and textured meshes (online tiles) are left out: vector pages use the offline
//! basemap.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use egui::epaint::{ClippedShape, ColorMode, Mesh, PathStroke, RectShape, Shape, TextShape};
use egui::{Color32, Context, FontFamily, Pos2, Rect, Vec2, vec2};
use skrifa::MetadataProvider as _;

/// What can go wrong writing vector output.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    #[error("the font \"{0}\" cannot be read")]
    Font(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// A page of vector items, in points from the top left.
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    pub size: Vec2,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub enum Item {
    /// Closed subpaths filled with the non-zero rule.
    Fill {
        clip: Rect,
        subpaths: Vec<Vec<Pos2>>,
        color: Color32,
    },
    /// Lines (points, closed) stroked alike.
    Stroke {
        clip: Rect,
        lines: Vec<(Vec<Pos2>, bool)>,
        width: f32,
        color: Color32,
    },
    Text(TextRun),
}

/// Glyphs of one font, size and colour on one baseline.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub clip: Rect,
    /// Index into the [`FontBook`].
    pub font: usize,
    /// The em size in points.
    pub size: f32,
    pub color: Color32,
    /// Rotation (radians, clockwise) around `pivot`.
    pub angle: f32,
    pub pivot: Pos2,
    /// The baseline's y.
    pub baseline: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The text the glyphs show (each glyph's `range` is in it).
    pub text: String,
    /// A halo: the glyphs stroked this wide in their colour, drawn as shapes, not text.
    pub halo: Option<f32>,
}

#[derive(Debug, Clone)]
pub struct PlacedGlyph {
    pub id: u32,
    /// The glyph's origin on the baseline.
    pub x: f32,
    /// Its advance, in points.
    pub advance: f32,
    pub range: Range<usize>,
}

/// The fonts of an egui context, in the order each family tries them.
#[derive(Clone)]
pub struct FontBook {
    pub fonts: Vec<BookFont>,
    families: BTreeMap<FontFamily, Vec<usize>>,
}

#[derive(Clone)]
pub struct BookFont {
    pub name: String,
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    pub index: u32,
    /// egui's size tweak: the em is the font size times this.
    pub scale: f32,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.fonts.iter().map(|f| f.name.as_str()).collect();
        write!(f, "FontBook({names:?})")
    }
}

impl FontBook {
    /// The fonts `ctx` lays text out with. The context must have run a pass (egui has no fonts
    /// before its first).
    pub fn of(ctx: &Context) -> Self {
        let defs = ctx.fonts(|f| f.definitions().clone());
        let mut fonts = Vec::new();
        let mut by_name = HashMap::new();
        for (name, data) in &defs.font_data {
            by_name.insert(name.clone(), fonts.len());
            fonts.push(BookFont {
                name: name.clone(),
                data: data.font.clone(),
                index: data.index,
                scale: data.tweak.scale,
            });
        }
        let families = defs
            .families
            .iter()
            .map(|(family, names)| {
                let list = names
                    .iter()
                    .filter_map(|n| by_name.get(n).copied())
                    .collect();
                (family.clone(), list)
            })
            .collect();
        Self { fonts, families }
    }

    fn font_ref(&self, i: usize) -> Option<skrifa::FontRef<'_>> {
        let f = self.fonts.get(i)?;
        skrifa::FontRef::from_index((*f.data).as_ref(), f.index).ok()
    }

    /// The font and glyph egui draws `c` of `family` with: the first of the family's fonts that
    /// has it.
    fn glyph(&self, family: &FontFamily, c: char) -> Option<(usize, u32)> {
        let list = self
            .families
            .get(family)
            .or_else(|| self.families.get(&FontFamily::Proportional))?;
        list.iter().find_map(|&i| {
            let gid = self.font_ref(i)?.charmap().map(c)?;
            (gid.to_u32() != 0).then_some((i, gid.to_u32()))
        })
    }
}

/// Runs [`super::PASSES`] passes of `run_ui` on a page of `size` points and records the last
/// as vectors.
pub fn record(ctx: &Context, size: [f32; 2], run_ui: impl FnMut(&mut egui::Ui)) -> Drawing {
    record_passes(ctx, size, super::PASSES, run_ui)
}

/// As [`record`] with a number of passes: one is enough for a page painted with a `Painter`
/// alone (no widgets, whose sizes settle over passes).
pub fn record_passes(
    ctx: &Context,
    size: [f32; 2],
    passes: usize,
    mut run_ui: impl FnMut(&mut egui::Ui),
) -> Drawing {
    let px = [size[0].round() as u32, size[1].round() as u32];
    let input = super::raw_input(px, 1.0);
    // The map's lines stay lines (not the meshes drawn for pixels).
    crate::map::stroke::set_output(ctx, crate::map::stroke::Output::Vector);
    let mut shapes = Vec::new();
    for _ in 0..passes.max(1) {
        let mut output = ctx.run_ui(input.clone(), &mut run_ui);
        // Vector output needs no textures (text is glyphs from the fonts themselves).
        output.textures_delta.clear();
        shapes = output.shapes;
    }
    let book = FontBook::of(ctx);
    from_shapes(&shapes, vec2(size[0], size[1]), &book)
}

/// The vector items of egui's shapes.
pub fn from_shapes(shapes: &[ClippedShape], size: Vec2, book: &FontBook) -> Drawing {
    let mut d = Drawing {
        size,
        items: Vec::new(),
    };
    let page = Rect::from_min_size(Pos2::ZERO, size);
    let mut i = 0;
    while i < shapes.len() {
        let s = &shapes[i];
        let clip = s.clip_rect.intersect(page);
        // A label's halo: the same galley painted several times round its place. One run,
        // stroked as wide as the ring, and not text (so the words are not found three times).
        if let Shape::Text(t) = &s.shape {
            let same = shapes[i..]
                .iter()
                .take_while(|o| match &o.shape {
                    Shape::Text(u) => Arc::ptr_eq(&u.galley, &t.galley) && u.angle == t.angle,
                    _ => false,
                })
                .count();
            if same >= 3 {
                let group = &shapes[i..i + same];
                let n = same as f32;
                let centre = group.iter().fold(Vec2::ZERO, |acc, o| match &o.shape {
                    Shape::Text(u) => acc + u.pos.to_vec2(),
                    _ => acc,
                }) / n;
                let radius = group
                    .iter()
                    .filter_map(|o| match &o.shape {
                        Shape::Text(u) => Some((u.pos.to_vec2() - centre).length()),
                        _ => None,
                    })
                    .fold(0.0, f32::max);
                let mut halo = t.clone();
                halo.pos = centre.to_pos2();
                if clip.is_positive() {
                    let start = d.items.len();
                    text(&mut d.items, clip, &halo, book);
                    for item in &mut d.items[start..] {
                        if let Item::Text(r) = item {
                            r.halo = Some(2.0 * radius);
                        }
                    }
                }
                i += same;
                continue;
            }
        }
        if clip.is_positive() {
            walk(&mut d.items, &s.shape, clip, book);
        }
        i += 1;
    }
    d
}

fn solid(c: &ColorMode) -> Color32 {
    match c {
        ColorMode::Solid(c) => *c,
        ColorMode::UV(f) => f(Rect::ZERO, Pos2::ZERO),
    }
}

fn push_fill(items: &mut Vec<Item>, clip: Rect, points: Vec<Pos2>, color: Color32) {
    if color.a() > 0 && points.len() >= 3 {
        push_fills(items, clip, vec![points], color);
    }
}

/// Coordinates are written to a hundredth of a point.
fn quantise(p: Pos2) -> Pos2 {
    Pos2::new((p.x * 100.0).round() / 100.0, (p.y * 100.0).round() / 100.0)
}

/// The points simplified (Ramer–Douglas–Peucker) to an eighth of a point — finer than print or
/// screen shows — and rounded, without repeats.
fn tidy(points: impl IntoIterator<Item = Pos2>) -> Vec<Pos2> {
    use geo::Simplify as _;
    let line: geo::LineString<f32> = points.into_iter().map(|p| (p.x, p.y)).collect();
    let simple = if line.0.len() > 4 {
        line.simplify(0.125)
    } else {
        line
    };
    let points = simple.0.into_iter().map(|c| Pos2::new(c.x, c.y));
    let mut out: Vec<Pos2> = Vec::new();
    let mut skipped = None;
    for p in points.into_iter().map(quantise) {
        match out.last() {
            Some(last) if last.distance_sq(p) < 0.04 => skipped = Some(p),
            _ => {
                out.push(p);
                skipped = None;
            }
        }
    }
    if let Some(p) = skipped {
        out.push(p);
    }
    out
}

/// Adds a stroked line, to the item before if that is a stroke of the same opaque kind (one
/// path of many lines, not thousands of dashes each with its own state).
fn add_line(
    items: &mut Vec<Item>,
    clip: Rect,
    points: Vec<Pos2>,
    closed: bool,
    width: f32,
    color: Color32,
) {
    if points.len() < 2 {
        return;
    }
    if color.a() == 255
        && let Some(Item::Stroke {
            clip: c,
            lines,
            width: w,
            color: k,
        }) = items.last_mut()
        && *c == clip
        && *w == width
        && *k == color
    {
        lines.push((points, closed));
        return;
    }
    items.push(Item::Stroke {
        clip,
        lines: vec![(points, closed)],
        width,
        color,
    });
}

/// A ring clipped to a rectangle (Sutherland–Hodgman): inside the rectangle it winds as before,
/// so the fill there is unchanged; what lies outside, which the clip would hide, is not written.
fn clip_ring(ring: &[Pos2], r: Rect) -> Vec<Pos2> {
    let mut poly: Vec<Pos2> = ring.to_vec();
    let edges: [(usize, f32, bool); 4] = [
        (0, r.min.x, true),
        (0, r.max.x, false),
        (1, r.min.y, true),
        (1, r.max.y, false),
    ];
    for (axis, v, keep_above) in edges {
        if poly.is_empty() {
            break;
        }
        let inside = |p: &Pos2| {
            if keep_above {
                p[axis] >= v
            } else {
                p[axis] <= v
            }
        };
        let mut out = Vec::with_capacity(poly.len() + 4);
        for (i, cur) in poly.iter().enumerate() {
            let prev = poly[(i + poly.len() - 1) % poly.len()];
            if inside(cur) != inside(&prev) {
                let t = (v - prev[axis]) / (cur[axis] - prev[axis]);
                out.push(prev + (*cur - prev) * t);
            }
            if inside(cur) {
                out.push(*cur);
            }
        }
        poly = out;
    }
    poly
}

fn bounds(points: &[Pos2]) -> Rect {
    let mut b = Rect::NOTHING;
    for p in points {
        b.extend_with(*p);
    }
    b
}

/// Fills of rings, clipped to (a little more than) the clip rectangle.
fn push_fills(items: &mut Vec<Item>, clip: Rect, rings: Vec<Vec<Pos2>>, color: Color32) {
    let window = clip.expand(2.0);
    let subpaths: Vec<Vec<Pos2>> = rings
        .into_iter()
        .filter_map(|ring| {
            let b = bounds(&ring);
            // Outside, or too small to see.
            if !b.intersects(window) || (b.width() < 0.3 && b.height() < 0.3) {
                return None;
            }
            let ring = if window.contains_rect(b) {
                tidy(ring)
            } else {
                tidy(clip_ring(&ring, window))
            };
            (ring.len() >= 3).then_some(ring)
        })
        .collect();
    if !subpaths.is_empty() {
        items.push(Item::Fill {
            clip,
            subpaths,
            color,
        });
    }
}

fn push_stroke(
    items: &mut Vec<Item>,
    clip: Rect,
    points: Vec<Pos2>,
    closed: bool,
    width: f32,
    color: Color32,
) {
    if color.a() == 0 || width <= 0.0 || points.len() < 2 {
        return;
    }
    let window = clip.expand(width + 2.0);
    let b = bounds(&points);
    if !b.intersects(window) {
        return;
    }
    if window.contains_rect(b) {
        add_line(items, clip, tidy(points), closed, width, color);
        return;
    }
    // Only the runs of segments that reach into the window.
    let mut segments: Vec<[Pos2; 2]> = points.windows(2).map(|w| [w[0], w[1]]).collect();
    if closed && let (Some(first), Some(last)) = (points.first(), points.last()) {
        segments.push([*last, *first]);
    }
    let mut run: Vec<Pos2> = Vec::new();
    let mut flush = |run: &mut Vec<Pos2>| {
        let pts = tidy(std::mem::take(run));
        add_line(items, clip, pts, false, width, color);
    };
    for [a, b] in segments {
        if Rect::from_two_pos(a, b).intersects(window) {
            if run.is_empty() {
                run.push(a);
            }
            run.push(b);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
}

fn ellipse(center: Pos2, radius: Vec2) -> Vec<Pos2> {
    let n = ((radius.x.max(radius.y) * 2.0).ceil() as usize).clamp(16, 128);
    (0..n)
        .map(|i| {
            let a = std::f32::consts::TAU * i as f32 / n as f32;
            center + vec2(radius.x * a.cos(), radius.y * a.sin())
        })
        .collect()
}

fn rect_points(rect: Rect, radius: egui::epaint::CornerRadiusF32) -> Vec<Pos2> {
    let mut pts = Vec::new();
    egui::epaint::tessellator::path::rounded_rectangle(
        &mut pts,
        egui::epaint::RoundedRect::new(rect, radius),
    );
    pts
}

fn walk(items: &mut Vec<Item>, shape: &Shape, clip: Rect, book: &FontBook) {
    match shape {
        Shape::Noop | Shape::Callback(_) | Shape::Band(_) => {}
        Shape::Vec(shapes) => {
            for s in shapes {
                walk(items, s, clip, book);
            }
        }
        Shape::Circle(c) => {
            let pts = ellipse(c.center, Vec2::splat(c.radius));
            push_fill(items, clip, pts.clone(), c.fill);
            push_stroke(items, clip, pts, true, c.stroke.width, c.stroke.color);
        }
        Shape::Ellipse(e) => {
            let pts = ellipse(e.center, e.radius);
            push_fill(items, clip, pts.clone(), e.fill);
            push_stroke(items, clip, pts, true, e.stroke.width, e.stroke.color);
        }
        Shape::LineSegment { points, stroke } => {
            push_stroke(
                items,
                clip,
                points.to_vec(),
                false,
                stroke.width,
                stroke.color,
            );
        }
        Shape::Path(p) => {
            if p.closed {
                push_fill(items, clip, p.points.clone(), p.fill);
            }
            path_stroke(items, clip, p.points.clone(), p.closed, &p.stroke);
        }
        Shape::QuadraticBezier(b) => {
            let pts = b.flatten(Some(0.1));
            if b.closed {
                push_fill(items, clip, pts.clone(), b.fill);
            }
            path_stroke(items, clip, pts, b.closed, &b.stroke);
        }
        Shape::CubicBezier(b) => {
            let pts = b.flatten(Some(0.1));
            if b.closed {
                push_fill(items, clip, pts.clone(), b.fill);
            }
            path_stroke(items, clip, pts, b.closed, &b.stroke);
        }
        Shape::Rect(r) => rect(items, clip, r),
        Shape::Mesh(m) => mesh(items, clip, m),
        Shape::Text(t) => text(items, clip, t, book),
    }
}

fn path_stroke(items: &mut Vec<Item>, clip: Rect, points: Vec<Pos2>, closed: bool, s: &PathStroke) {
    push_stroke(items, clip, points, closed, s.width, solid(&s.color));
}

fn rect(items: &mut Vec<Item>, clip: Rect, r: &RectShape) {
    let radius = egui::epaint::CornerRadiusF32::from(r.corner_radius);
    push_fill(items, clip, rect_points(r.rect, radius), r.fill);
    let w = r.stroke.width;
    if w > 0.0 && r.stroke.color.a() > 0 {
        // The stroke's centre line for the stroke kind.
        let d = match r.stroke_kind {
            egui::StrokeKind::Inside => -w / 2.0,
            egui::StrokeKind::Middle => 0.0,
            egui::StrokeKind::Outside => w / 2.0,
        };
        let outline = r.rect.expand(d);
        let radius = egui::epaint::CornerRadiusF32 {
            nw: (radius.nw + d).max(0.0),
            ne: (radius.ne + d).max(0.0),
            sw: (radius.sw + d).max(0.0),
            se: (radius.se + d).max(0.0),
        };
        push_stroke(
            items,
            clip,
            rect_points(outline, radius),
            true,
            w,
            r.stroke.color,
        );
    }
}

/// An untextured mesh as one path per colour: its outline, found from its triangles (turned the
/// same way, the edges no neighbour shares chain into rings, outer ones one way and holes the
/// other), so the non-zero rule fills exactly the triangles' union, with no seams and a third of
/// the points.
fn mesh(items: &mut Vec<Item>, clip: Rect, m: &Mesh) {
    if m.texture_id != egui::TextureId::default() {
        return;
    }
    let mut by_color: Vec<(Color32, Vec<[u32; 3]>)> = Vec::new();
    for tri in m.indices.chunks_exact(3) {
        let v = |i: u32| m.vertices.get(i as usize);
        let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) else {
            continue;
        };
        if a.uv != egui::epaint::WHITE_UV || a.color.a() == 0 {
            continue;
        }
        let (pa, pb, pc) = (a.pos, b.pos, c.pos);
        let cross = (pb - pa).x * (pc - pa).y - (pb - pa).y * (pc - pa).x;
        if cross == 0.0 || !cross.is_finite() {
            continue;
        }
        let tri = if cross > 0.0 {
            [tri[0], tri[1], tri[2]]
        } else {
            [tri[0], tri[2], tri[1]]
        };
        match by_color.iter_mut().find(|(c, _)| *c == a.color) {
            Some((_, tris)) => tris.push(tri),
            None => by_color.push((a.color, vec![tri])),
        }
    }
    for (color, tris) in by_color {
        let pos = |i: u32| m.vertices.get(i as usize).map_or(Pos2::ZERO, |v| v.pos);
        let subpaths: Vec<Vec<Pos2>> = match outline(&tris) {
            Some(rings) => rings
                .iter()
                .map(|r| r.iter().map(|&i| pos(i)).collect())
                .collect(),
            None => tris
                .iter()
                .map(|t| t.iter().map(|&i| pos(i)).collect())
                .collect(),
        };
        push_fills(items, clip, subpaths, color);
    }
}

/// The rings of vertex indices bounding consistently turned triangles: each directed edge whose
/// reverse is not an edge too, chained end to start. `None` if they do not close.
fn outline(tris: &[[u32; 3]]) -> Option<Vec<Vec<u32>>> {
    use std::collections::HashSet;
    let mut edges: HashSet<(u32, u32)> = HashSet::with_capacity(tris.len() * 3);
    for t in tris {
        for k in 0..3 {
            let e = (t[k], t[(k + 1) % 3]);
            // A pair of opposite edges is inside: both go.
            if !edges.remove(&(e.1, e.0)) {
                edges.insert(e);
            }
        }
    }
    let mut next: HashMap<u32, Vec<u32>> = HashMap::with_capacity(edges.len());
    for (a, b) in &edges {
        next.entry(*a).or_default().push(*b);
    }
    // A fixed order, so that the output is the same run to run.
    let mut starts: Vec<u32> = next.keys().copied().collect();
    starts.sort_unstable();
    for list in next.values_mut() {
        list.sort_unstable_by(|a, b| b.cmp(a));
    }
    let mut rings = Vec::new();
    for start in starts {
        while next.get(&start).is_some_and(|l| !l.is_empty()) {
            let mut ring = vec![start];
            let mut at = start;
            loop {
                let to = next.get_mut(&at)?.pop()?;
                if to == start {
                    break;
                }
                ring.push(to);
                at = to;
                if ring.len() > edges.len() + 1 {
                    return None;
                }
            }
            rings.push(ring);
        }
    }
    Some(rings)
}

fn text(items: &mut Vec<Item>, clip: Rect, t: &TextShape, book: &FontBook) {
    let galley = &t.galley;
    let job = &galley.job;
    let text = job.text.as_str();
    let section_at = |byte: usize| {
        job.sections
            .iter()
            .find(|s| s.byte_range.start.0 <= byte && byte < s.byte_range.end.0)
            .or(job.sections.last())
    };
    let mut cursor = 0usize;
    // A galley wholly outside its clip rectangle (a label beyond the map's edge) is not written.
    if t.angle == 0.0 && !galley.rect.translate(t.pos.to_vec2()).intersects(clip) {
        return;
    }
    for placed in &galley.rows {
        let row = &placed.row;
        // Backgrounds and underlines: the row mesh's untextured triangles.
        let origin = t.pos + placed.pos.to_vec2();
        let mut backgrounds = row.visuals.mesh.clone();
        backgrounds.translate(origin.to_vec2());
        mesh(items, clip, &backgrounds);

        let mut run: Option<TextRun> = None;
        for g in &row.glyphs {
            while text[cursor..].starts_with(['\n', '\r']) {
                cursor += 1;
            }
            let range = if text[cursor..].starts_with(g.chr) {
                let r = cursor..cursor + g.chr.len_utf8();
                cursor = r.end;
                r
            } else {
                cursor..cursor
            };
            let Some(section) = section_at(range.start) else {
                continue;
            };
            let format = &section.format;
            let mut color = t.override_text_color.unwrap_or(format.color);
            if color == Color32::PLACEHOLDER {
                color = t.fallback_color;
            }
            if t.opacity_factor < 1.0 {
                color = color.gamma_multiply(t.opacity_factor.max(0.0));
            }
            if g.chr.is_whitespace() || color.a() == 0 {
                if let Some(r) = run.take() {
                    items.push(Item::Text(r));
                }
                continue;
            }
            let Some((font, id)) = book.glyph(&format.font_id.family, g.chr) else {
                continue;
            };
            let size = format.font_id.size * book.fonts[font].scale;
            let pos = origin + g.pos.to_vec2();
            let same = run.as_ref().is_some_and(|r| {
                r.font == font && r.size == size && r.color == color && r.baseline == pos.y
            });
            if !same && let Some(r) = run.take() {
                items.push(Item::Text(r));
            }
            let r = run.get_or_insert_with(|| TextRun {
                clip,
                font,
                size,
                color,
                angle: t.angle,
                pivot: t.pos,
                baseline: pos.y,
                glyphs: Vec::new(),
                text: String::new(),
                halo: None,
            });
            let start = r.text.len();
            r.text.push(g.chr);
            r.glyphs.push(PlacedGlyph {
                id,
                x: pos.x,
                advance: g.advance_width,
                range: start..r.text.len(),
            });
        }
        if let Some(r) = run.take() {
            items.push(Item::Text(r));
        }
    }
}

// --- SVG ---

fn hex(c: Color32) -> (String, f32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    (format!("#{r:02x}{g:02x}{b:02x}"), f32::from(a) / 255.0)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn num(x: f32) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn svg_points(out: &mut String, pts: &[Pos2], close: bool) {
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            out,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            num(p.x),
            num(p.y)
        );
    }
    if close {
        out.push('Z');
    }
}

/// A glyph's outline as SVG path data, in font units with y up.
#[derive(Default)]
struct SvgPen(String);

impl skrifa::outline::OutlinePen for SvgPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {}", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {}", num(x), num(y));
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {}", num(cx0), num(cy0), num(x), num(y));
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let _ = write!(
            self.0,
            "C{} {} {} {} {} {}",
            num(cx0),
            num(cy0),
            num(cx1),
            num(cy1),
            num(x),
            num(y)
        );
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

/// The drawing as a standalone SVG document.
pub fn to_svg(d: &Drawing, book: &FontBook) -> Result<String, VectorError> {
    let (w, h) = (num(d.size.x), num(d.size.y));
    let page = Rect::from_min_size(Pos2::ZERO, d.size);
    let mut body = String::new();
    let mut defs = String::new();
    let mut clips: Vec<Rect> = Vec::new();
    let mut glyphs: BTreeMap<(usize, u32), bool> = BTreeMap::new();
    let mut units: HashMap<usize, f32> = HashMap::new();
    let mut texts = String::new();
    let mut open_clip: Option<usize> = None;
    for item in &d.items {
        let clip = match item {
            Item::Fill { clip, .. } | Item::Stroke { clip, .. } => *clip,
            Item::Text(t) => t.clip,
        };
        let want = (!page.shrink(0.5).is_positive() || !clip.contains_rect(page)).then(|| {
            match clips.iter().position(|c| *c == clip) {
                Some(i) => i,
                None => {
                    clips.push(clip);
                    clips.len() - 1
                }
            }
        });
        if want != open_clip {
            if open_clip.is_some() {
                body.push_str("</g>\n");
            }
            if let Some(i) = want {
                let _ = writeln!(body, "<g clip-path=\"url(#c{i})\">");
            }
            open_clip = want;
        }
        match item {
            Item::Fill {
                subpaths, color, ..
            } => {
                let (fill, a) = hex(*color);
                body.push_str("<path d=\"");
                for s in subpaths {
                    svg_points(&mut body, s, true);
                }
                let _ = write!(body, "\" fill=\"{fill}\"");
                if a < 1.0 {
                    let _ = write!(body, " fill-opacity=\"{}\"", num(a));
                }
                body.push_str("/>\n");
            }
            Item::Stroke {
                lines,
                width,
                color,
                ..
            } => {
                let (stroke, a) = hex(*color);
                body.push_str("<path d=\"");
                for (points, closed) in lines {
                    svg_points(&mut body, points, *closed);
                }
                let _ = write!(
                    body,
                    "\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
                    num(*width)
                );
                if a < 1.0 {
                    let _ = write!(body, " stroke-opacity=\"{}\"", num(a));
                }
                body.push_str("/>\n");
            }
            Item::Text(t) => {
                let upem = match units.get(&t.font) {
                    Some(u) => *u,
                    None => {
                        let font = book
                            .font_ref(t.font)
                            .ok_or_else(|| VectorError::Font(font_name(book, t.font)))?;
                        let u = f32::from(
                            font.metrics(
                                skrifa::instance::Size::unscaled(),
                                skrifa::instance::LocationRef::default(),
                            )
                            .units_per_em,
                        )
                        .max(1.0);
                        units.insert(t.font, u);
                        u
                    }
                };
                let (fill, a) = hex(t.color);
                let rotate = if t.angle != 0.0 {
                    format!(
                        " transform=\"rotate({} {} {})\"",
                        num(t.angle.to_degrees()),
                        num(t.pivot.x),
                        num(t.pivot.y)
                    )
                } else {
                    String::new()
                };
                let s = t.size / upem;
                let _ = write!(body, "<g fill=\"{fill}\"{rotate}");
                if a < 1.0 {
                    let _ = write!(body, " fill-opacity=\"{}\"", num(a));
                }
                if let Some(w) = t.halo {
                    // The width in glyph units: each glyph is drawn scaled by `s`.
                    let _ = write!(
                        body,
                        " stroke=\"{fill}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
                        num(w / s)
                    );
                    if a < 1.0 {
                        let _ = write!(body, " stroke-opacity=\"{}\"", num(a));
                    }
                }
                body.push('>');
                for g in &t.glyphs {
                    glyphs.insert((t.font, g.id), true);
                    let _ = write!(
                        body,
                        "<use href=\"#g{}-{}\" transform=\"matrix({} 0 0 {} {} {})\"/>",
                        t.font,
                        g.id,
                        s,
                        -s,
                        num(g.x),
                        num(t.baseline)
                    );
                }
                body.push_str("</g>\n");
                // The selectable text, invisible, stretched over the glyphs.
                if t.halo.is_none()
                    && let (Some(first), Some(last)) = (t.glyphs.first(), t.glyphs.last())
                {
                    let width = last.x + last.advance - first.x;
                    let _ = writeln!(
                        texts,
                        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"{rotate}>{}</text>",
                        num(first.x),
                        num(t.baseline),
                        num(t.size),
                        num(width.max(0.1)),
                        escape(&t.text)
                    );
                }
            }
        }
    }
    if open_clip.is_some() {
        body.push_str("</g>\n");
    }
    for (i, c) in clips.iter().enumerate() {
        let _ = writeln!(
            defs,
            "<clipPath id=\"c{i}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            num(c.min.x),
            num(c.min.y),
            num(c.width()),
            num(c.height())
        );
    }
    for &(font, id) in glyphs.keys() {
        let f = book
            .font_ref(font)
            .ok_or_else(|| VectorError::Font(font_name(book, font)))?;
        let mut pen = SvgPen::default();
        if let Some(outline) = f.outline_glyphs().get(skrifa::GlyphId::new(id)) {
            let settings = skrifa::outline::DrawSettings::unhinted(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            );
            if outline.draw(settings, &mut pen).is_err() {
                pen.0.clear();
            }
        }
        let _ = writeln!(defs, "<path id=\"g{font}-{id}\" d=\"{}\"/>", pen.0);
    }
    let fonts: Vec<String> = {
        let mut used: Vec<usize> = glyphs.keys().map(|(f, _)| *f).collect();
        used.dedup();
        used.iter().map(|&f| escape(&font_name(book, f))).collect()
    };
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
         <!-- Made by gba-atlas. Glyph outlines from the fonts: {} (licences: the SIL Open Font License and the Ubuntu Font Licence). -->\n\
         <defs>\n{defs}</defs>\n{body}\
         <g fill=\"#000\" fill-opacity=\"0\" font-family=\"Noto Sans SC, Noto Sans CJK SC, sans-serif\">\n{texts}</g>\n</svg>\n",
        fonts.join(", ")
    ))
}

fn font_name(book: &FontBook, i: usize) -> String {
    book.fonts
        .get(i)
        .map(|f| f.name.clone())
        .unwrap_or_default()
}

// --- PDF ---

/// A PDF being written: pages of drawings, the fonts embedded as subsets.
pub struct Pdf {
    doc: krilla::Document,
    fonts: Vec<Option<krilla::text::Font>>,
    pages: usize,
}

/// A link on a page: a rectangle (points of the drawing) that goes to a page.
#[derive(Debug, Clone)]
pub struct Link {
    pub rect: Rect,
    pub page: usize,
}

/// An entry of the PDF's outline (bookmarks).
#[derive(Debug, Clone)]
pub struct Bookmark {
    pub title: String,
    pub page: usize,
    pub children: Vec<Bookmark>,
}

impl Pdf {
    pub fn new(book: &FontBook) -> Result<Self, VectorError> {
        let fonts = book
            .fonts
            .iter()
            .map(|f| krilla::text::Font::new(krilla::Data::from(f.data.clone()), f.index))
            .collect();
        Ok(Self {
            doc: krilla::Document::new(),
            fonts,
            pages: 0,
        })
    }

    /// Adds a page: the drawing scaled by `scale` (points of the drawing to PDF points).
    pub fn page(&mut self, d: &Drawing, scale: f32) -> usize {
        self.page_with_links(d, scale, &[])
    }

    /// Adds a page with links to other pages; returns its index.
    pub fn page_with_links(&mut self, d: &Drawing, scale: f32, links: &[Link]) -> usize {
        use krilla::geom::Transform;
        let size = d.size * scale;
        let settings = krilla::page::PageSettings::from_wh(size.x.max(1.0), size.y.max(1.0))
            .unwrap_or_default();
        let mut page = self.doc.start_page_with(settings);
        {
            let mut surface = page.surface();
            surface.push_transform(&Transform::from_scale(scale, scale));
            let full = Rect::from_min_size(Pos2::ZERO, d.size);
            let mut clipped: Option<Rect> = None;
            for item in &d.items {
                let clip = match item {
                    Item::Fill { clip, .. } | Item::Stroke { clip, .. } => *clip,
                    Item::Text(t) => t.clip,
                };
                let want = (!clip.contains_rect(full)).then_some(clip);
                if want != clipped {
                    if clipped.is_some() {
                        surface.pop();
                    }
                    if let Some(c) = want
                        && let Some(path) = rect_path(c)
                    {
                        surface.push_clip_path(&path, &krilla::paint::FillRule::NonZero);
                        clipped = Some(c);
                    } else {
                        clipped = None;
                    }
                }
                pdf_item(&mut surface, item, &self.fonts);
            }
            if clipped.is_some() {
                surface.pop();
            }
            surface.pop();
            surface.finish();
        }
        for link in links {
            let r = link.rect;
            if let Some(rect) = krilla::geom::Rect::from_ltrb(
                r.min.x * scale,
                r.min.y * scale,
                r.max.x * scale,
                r.max.y * scale,
            ) {
                let dest = krilla::destination::XyzDestination::new(
                    link.page,
                    krilla::geom::Point::from_xy(0.0, 0.0),
                );
                page.add_annotation(
                    krilla::annotation::LinkAnnotation::new(
                        rect,
                        krilla::annotation::Target::Destination(dest.into()),
                    )
                    .into(),
                );
            }
        }
        page.finish();
        self.pages += 1;
        self.pages - 1
    }

    pub fn set_outline(&mut self, bookmarks: &[Bookmark]) {
        fn node(b: &Bookmark) -> krilla::outline::OutlineNode {
            let mut n = krilla::outline::OutlineNode::new(
                b.title.clone(),
                krilla::destination::XyzDestination::new(
                    b.page,
                    krilla::geom::Point::from_xy(0.0, 0.0),
                ),
            );
            for c in &b.children {
                n.push_child(node(c));
            }
            n
        }
        let mut outline = krilla::outline::Outline::new();
        for b in bookmarks {
            outline.push_child(node(b));
        }
        self.doc.set_outline(outline);
    }

    pub fn set_title(&mut self, title: &str) {
        self.doc.set_metadata(
            krilla::metadata::Metadata::new()
                .title(title.to_string())
                .creator("gba-atlas".to_string()),
        );
    }

    pub fn finish(self) -> Result<Vec<u8>, VectorError> {
        self.doc
            .finish()
            .map_err(|e| VectorError::Pdf(format!("{e:?}")))
    }
}

fn rect_path(r: Rect) -> Option<krilla::geom::Path> {
    let mut pb = krilla::geom::PathBuilder::new();
    pb.push_rect(krilla::geom::Rect::from_ltrb(
        r.min.x, r.min.y, r.max.x, r.max.y,
    )?);
    pb.finish()
}

fn polyline_path<'a>(
    subpaths: impl IntoIterator<Item = (&'a Vec<Pos2>, bool)>,
) -> Option<krilla::geom::Path> {
    let mut pb = krilla::geom::PathBuilder::new();
    for (s, close) in subpaths {
        let Some((first, rest)) = s.split_first() else {
            continue;
        };
        pb.move_to(first.x, first.y);
        for p in rest {
            pb.line_to(p.x, p.y);
        }
        if close {
            pb.close();
        }
    }
    pb.finish()
}

fn paint_of(c: Color32) -> (krilla::paint::Paint, krilla::num::NormalizedF32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    (
        krilla::color::rgb::Color::new(r, g, b).into(),
        krilla::num::NormalizedF32::new(f32::from(a) / 255.0)
            .unwrap_or(krilla::num::NormalizedF32::ONE),
    )
}

fn pdf_item(
    surface: &mut krilla::surface::Surface<'_>,
    item: &Item,
    fonts: &[Option<krilla::text::Font>],
) {
    use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
    match item {
        Item::Fill {
            subpaths, color, ..
        } => {
            if let Some(path) = polyline_path(subpaths.iter().map(|s| (s, true))) {
                let (paint, opacity) = paint_of(*color);
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint,
                    opacity,
                    rule: FillRule::NonZero,
                }));
                surface.draw_path(&path);
            }
        }
        Item::Stroke {
            lines,
            width,
            color,
            ..
        } => {
            if let Some(path) = polyline_path(lines.iter().map(|(p, c)| (p, *c))) {
                let (paint, opacity) = paint_of(*color);
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint,
                    width: *width,
                    opacity,
                    line_cap: LineCap::Butt,
                    line_join: LineJoin::Round,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Item::Text(t) => {
            let Some(Some(font)) = fonts.get(t.font) else {
                return;
            };
            let Some(first) = t.glyphs.first() else {
                return;
            };
            let glyphs: Vec<krilla::text::KrillaGlyph> = t
                .glyphs
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let next = t.glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
                    krilla::text::KrillaGlyph {
                        glyph_id: krilla::text::GlyphId::new(g.id),
                        text_range: g.range.clone(),
                        x_advance: (next - g.x) / t.size,
                        x_offset: 0.0,
                        y_offset: 0.0,
                        y_advance: 0.0,
                        location: None,
                    }
                })
                .collect();
            let (paint, opacity) = paint_of(t.color);
            surface.set_stroke(t.halo.map(|width| Stroke {
                paint: paint.clone(),
                width,
                opacity,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Default::default()
            }));
            surface.set_fill(Some(Fill {
                paint,
                opacity,
                rule: FillRule::NonZero,
            }));
            let rotated = t.angle != 0.0;
            if rotated {
                surface.push_transform(&krilla::geom::Transform::from_rotate_at(
                    t.angle.to_degrees(),
                    t.pivot.x,
                    t.pivot.y,
                ));
            }
            surface.draw_glyphs(
                krilla::geom::Point::from_xy(first.x, t.baseline),
                &glyphs,
                font.clone(),
                &t.text,
                t.size,
                // A halo is drawn as shapes: it is not text to select or find.
                t.halo.is_some(),
            );
            if rotated {
                surface.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn drawing(draw: impl Fn(&egui::Painter)) -> (Drawing, FontBook) {
        let ctx = Context::default();
        crate::ui::install_fonts(&ctx);
        let d = record(&ctx, [200.0, 100.0], |ui| draw(ui.painter()));
        (d, FontBook::of(&ctx))
    }

    #[test]
    fn text_becomes_glyph_runs_of_the_font_egui_used() {
        let (d, book) = drawing(|p| {
            p.text(
                pos2(10.0, 50.0),
                egui::Align2::LEFT_CENTER,
                "Qianhai 前海",
                egui::FontId::proportional(16.0),
                Color32::BLUE,
            );
        });
        let runs: Vec<&TextRun> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        let text: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, ["Qianhai", "前海"]);
        let names: Vec<&str> = runs
            .iter()
            .map(|r| book.fonts[r.font].name.as_str())
            .collect();
        assert_eq!(names, ["Ubuntu-Light", "noto-sans-sc"]);
        assert!(
            runs.iter()
                .all(|r| r.color == Color32::BLUE && r.size == 16.0)
        );
        // Left to right, starting at the text's left edge.
        let xs: Vec<f32> = runs[0].glyphs.iter().map(|g| g.x).collect();
        assert!((xs[0] - 10.0).abs() < 1.0, "{xs:?}");
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
    }

    #[test]
    fn a_mesh_becomes_its_outline() {
        let (d, _) = drawing(|p| {
            let mut m = Mesh::default();
            for q in [
                pos2(0.0, 0.0),
                pos2(10.0, 0.0),
                pos2(10.0, 10.0),
                pos2(0.0, 10.0),
            ] {
                m.colored_vertex(q, Color32::RED);
            }
            m.add_triangle(0, 1, 2);
            m.add_triangle(0, 3, 2);
            p.add(Shape::mesh(m));
        });
        let fills: Vec<&Vec<Vec<Pos2>>> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Fill { subpaths, .. } => Some(subpaths),
                _ => None,
            })
            .collect();
        // One ring: the square's outline, the shared diagonal gone.
        assert_eq!(fills.len(), 1);
        assert_eq!(fills[0].len(), 1);
        let ring = &fills[0][0];
        assert_eq!(ring.len(), 4, "{ring:?}");
        let area: f32 = (0..4)
            .map(|i| {
                let (a, b) = (ring[i], ring[(i + 1) % 4]);
                a.x * b.y - b.x * a.y
            })
            .sum::<f32>()
            / 2.0;
        assert_eq!(area, 100.0);
    }

    #[test]
    fn outlines_keep_holes_turned_the_other_way() {
        // A 3×3 grid of squares with the middle one missing: an outer ring and a hole.
        let idx = |x: u32, y: u32| y * 4 + x;
        let mut tris = Vec::new();
        for y in 0..3 {
            for x in 0..3 {
                if (x, y) == (1, 1) {
                    continue;
                }
                // y down: (x,y) → (x+1,y) → (x+1,y+1) turns the positive way.
                tris.push([idx(x, y), idx(x + 1, y), idx(x + 1, y + 1)]);
                tris.push([idx(x, y), idx(x + 1, y + 1), idx(x, y + 1)]);
            }
        }
        let rings = outline(&tris).expect("closed");
        assert_eq!(rings.len(), 2);
        let signed = |r: &Vec<u32>| {
            let p = |i: u32| ((i % 4) as f32, (i / 4) as f32);
            (0..r.len())
                .map(|k| {
                    let (a, b) = (p(r[k]), p(r[(k + 1) % r.len()]));
                    a.0 * b.1 - b.0 * a.1
                })
                .sum::<f32>()
                / 2.0
        };
        let mut areas: Vec<f32> = rings.iter().map(signed).collect();
        areas.sort_by(f32::total_cmp);
        assert_eq!(areas, [-1.0, 9.0]);
    }

    #[test]
    fn svg_has_the_glyphs_and_the_text() {
        let (d, book) = drawing(|p| {
            p.rect_filled(
                Rect::from_min_max(pos2(5.0, 5.0), pos2(50.0, 20.0)),
                0.0,
                Color32::GREEN,
            );
            p.text(
                pos2(10.0, 50.0),
                egui::Align2::LEFT_CENTER,
                "澳门 <Macao>",
                egui::FontId::proportional(14.0),
                Color32::BLACK,
            );
        });
        let svg = to_svg(&d, &book).expect("svg");
        assert!(svg.contains("澳门"), "{svg}");
        assert!(svg.contains("&lt;Macao&gt;"));
        assert!(svg.contains("fill=\"#00ff00\""));
        // Every glyph used has its outline defined.
        for u in svg.split("<use href=\"#").skip(1) {
            let id = &u[..u.find('"').expect("id")];
            assert!(svg.contains(&format!("<path id=\"{id}\" d=\"M")), "{id}");
        }
    }

    #[test]
    fn pdf_is_written() {
        let (d, book) = drawing(|p| {
            p.text(
                pos2(10.0, 50.0),
                egui::Align2::LEFT_CENTER,
                "前海深港现代服务业合作区",
                egui::FontId::proportional(14.0),
                Color32::BLACK,
            );
        });
        let mut pdf = Pdf::new(&book).expect("fonts");
        pdf.page(&d, 1.0);
        let bytes = pdf.finish().expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.len() > 1000);
    }
}
