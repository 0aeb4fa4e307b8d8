//! The map's lines and areas written straight into one mesh per run of drawing, the way egui's
//! tessellator would draw them (anti-aliased by a feather one pixel wide, mitred joins, sharp
//! corners cut, feathered ends), but without a shape per line: a frame of thousands of outlines
//! and dashes is a few meshes, not tens of thousands of shapes each tessellated, culled and
//! appended on its own. Parts of a line off the screen are left out.
//!
//! For vector output (SVG, PDF) a [`Canvas`] adds egui's own line shapes instead, which the
//! vector writer turns into stroked paths.

use egui::epaint::{Vertex, WHITE_UV};
use egui::{Color32, Id, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};

use super::projection::{MapTransform, Merc};

/// How lines reach the painter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    /// Into meshes (the screen, PNG).
    #[default]
    Pixels,
    /// As egui's line shapes (SVG, PDF: lines stay lines).
    Vector,
}

/// Collects what the map draws into a mesh, handed to the painter when something else (a
/// symbol, text) must be drawn over it, and at the end.
pub struct Canvas<'p> {
    painter: &'p Painter,
    output: Output,
    mesh: Mesh,
    feather: f32,
    /// Where lines are kept: the painter's clip rectangle.
    clip: Rect,
    /// A line's points and normals, reused.
    scratch: Vec<(Pos2, Vec2)>,
    /// A line's points on the screen, reused (see [`Canvas::screen`]).
    spare: Vec<Pos2>,
    /// The most vertices and indices a mesh of this canvas held, remembered for the next
    /// frame's canvas, which makes room for as many at once (a mesh that grows by doubling
    /// copies itself over and over).
    most: (usize, usize),
    remember_as: Id,
}

/// Sets how the canvases of `ctx` hand lines over: a context that records vector output says
/// so once (see `render::vector::record_passes`).
pub fn set_output(ctx: &egui::Context, output: Output) {
    ctx.data_mut(|d| d.insert_temp(output_id(), output));
}

fn output_id() -> Id {
    Id::unique("gba-atlas map output")
}

impl<'p> Canvas<'p> {
    /// A canvas on `painter`, drawing as its context is set to ([`set_output`]; pixels unless
    /// told otherwise).
    pub fn new(painter: &'p Painter) -> Self {
        let output = painter
            .ctx()
            .data(|d| d.get_temp::<Output>(output_id()))
            .unwrap_or_default();
        Canvas::with_output(painter, output)
    }

    pub fn with_output(painter: &'p Painter, output: Output) -> Self {
        let ppp = painter.ctx().pixels_per_point();
        let remember_as = Id::unique(("map canvas", painter.layer_id()));
        let (vertices, indices) = painter
            .ctx()
            .data(|d| d.get_temp::<(usize, usize)>(remember_as))
            .unwrap_or_default();
        let mut mesh = Mesh::default();
        if output == Output::Pixels {
            // Its own texture (white), so that the mesh is a draw call of its own: what is
            // drawn after it (symbols, text) grows another mesh, not a copy of this one.
            mesh.texture_id = white_texture(painter.ctx());
        }
        mesh.vertices.reserve(vertices);
        mesh.indices.reserve(indices);
        Canvas {
            painter,
            output,
            mesh,
            most: (0, 0),
            remember_as,
            feather: 1.0 / ppp,
            clip: painter.clip_rect(),
            scratch: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// `points` on the screen, in a buffer to hand back with [`Canvas::recycle`] (a frame
    /// draws thousands of lines: one buffer, not one allocation each).
    pub fn screen(&mut self, points: &[Merc], t: &MapTransform) -> Vec<Pos2> {
        let mut v = std::mem::take(&mut self.spare);
        v.clear();
        v.extend(points.iter().map(|p| t.to_screen(*p)));
        v
    }

    pub fn recycle(&mut self, v: Vec<Pos2>) {
        self.spare = v;
    }

    /// An open polyline given in Mercator units.
    pub fn line_merc(&mut self, points: &[Merc], t: &MapTransform, stroke: Stroke) {
        if points.len() < 2 {
            return;
        }
        let pts = self.screen(points, t);
        self.line(&pts, stroke);
        self.recycle(pts);
    }

    pub fn painter(&self) -> &'p Painter {
        self.painter
    }

    /// The mesh being filled, to add triangles to (areas).
    pub fn mesh(&mut self) -> &mut Mesh {
        &mut self.mesh
    }

    /// Draws `shape` over what is drawn so far.
    pub fn shape(&mut self, shape: Shape) {
        self.flush();
        self.painter.add(shape);
    }

    /// Hands what is collected to the painter.
    pub fn flush(&mut self) {
        if !self.mesh.is_empty() {
            self.most = (
                self.most.0.max(self.mesh.vertices.len()),
                self.most.1.max(self.mesh.indices.len()),
            );
            let texture = self.mesh.texture_id;
            let mesh = std::mem::replace(&mut self.mesh, Mesh::with_texture(texture));
            self.painter.add(Shape::mesh(mesh));
        }
    }

    /// Adds a vertex of an untextured colour (the mesh's texture is white where this samples
    /// it, whichever texture that is).
    pub fn vertex(&mut self, pos: Pos2, color: Color32) {
        self.mesh.vertices.push(Vertex {
            pos,
            uv: WHITE_UV,
            color,
        });
    }

    /// A rectangle filled with `color`.
    pub fn rect(&mut self, rect: Rect, color: Color32) {
        self.mesh
            .add_rect_with_uv(rect, Rect::from_min_max(WHITE_UV, WHITE_UV), color);
    }

    /// An open polyline.
    pub fn line(&mut self, pts: &[Pos2], stroke: Stroke) {
        if pts.len() < 2 || stroke.width <= 0.0 || stroke.color.a() == 0 {
            return;
        }
        if self.output == Output::Vector {
            self.shape(Shape::line(pts.to_vec(), stroke));
            return;
        }
        // Runs of segments that reach the clip rectangle, drawn each as a line.
        let reach = self.clip.expand(stroke.width / 2.0 + self.feather + 1.0);
        let mut start = 0;
        for i in 1..pts.len() {
            if !Rect::from_two_pos(pts[i - 1], pts[i]).intersects(reach) {
                if i - 1 > start {
                    self.open_line(&pts[start..i], stroke);
                }
                start = i;
            }
        }
        if pts.len() - 1 > start {
            self.open_line(&pts[start..], stroke);
        }
    }

    /// A polyline dashed `dash` on, `gap` off (in points), starting with a dash; a dash that
    /// turns a corner is drawn as its pieces, as egui's dashed lines are.
    pub fn dashed(&mut self, pts: &[Pos2], stroke: Stroke, dash: f32, gap: f32) {
        if pts.len() < 2 || stroke.width <= 0.0 || stroke.color.a() == 0 {
            return;
        }
        if self.output == Output::Vector || dash <= 0.0 || gap <= 0.0 {
            self.shape(Shape::Vec(Shape::dashed_line(pts, stroke, dash, gap)));
            return;
        }
        let reach = self.clip.expand(stroke.width / 2.0 + self.feather + 1.0);
        let mut position = 0.0_f32;
        let mut on = false;
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let v = b - a;
            let length = v.length();
            if !Rect::from_two_pos(a, b).intersects(reach) {
                // Off the screen: keep the pattern's phase without drawing.
                position -= length;
                while position < 0.0 {
                    position += if on { gap } else { dash };
                    on = !on;
                }
                continue;
            }
            let mut from = a;
            while position < length {
                let at = a + v * (position / length);
                if on {
                    self.segment(from, at, stroke);
                    position += gap;
                } else {
                    from = at;
                    position += dash;
                }
                on = !on;
            }
            if on {
                self.segment(from, b, stroke);
            }
            position -= length;
        }
    }

    fn segment(&mut self, a: Pos2, b: Pos2, stroke: Stroke) {
        if a != b {
            self.open_line(&[a, b], stroke);
        }
    }

    /// One open line, as egui's tessellator strokes a path (see `Path::add_open_points` and
    /// `stroke_and_fill_path` in epaint).
    fn open_line(&mut self, pts: &[Pos2], stroke: Stroke) {
        let mut path = std::mem::take(&mut self.scratch);
        path.clear();
        normals(pts, &mut path);
        if path.len() >= 2 {
            self.stroke_path(&path, stroke);
        }
        self.scratch = path;
    }

    fn stroke_path(&mut self, path: &[(Pos2, Vec2)], stroke: Stroke) {
        let f = self.feather;
        let color = stroke.color;
        let clear = Color32::TRANSPARENT;
        let out = &mut self.mesh;
        let n = path.len();
        let idx = out.vertices.len() as u32;
        let v = |pos: Pos2, color: Color32| Vertex {
            pos,
            uv: WHITE_UV,
            color,
        };
        if stroke.width <= 0.9 * f {
            // Thinner than a pixel: a ridge two feathers wide, fainter in the middle.
            let middle = color.gamma_multiply(stroke.width / f);
            out.vertices.reserve(3 * n);
            out.indices.reserve(12 * n);
            for (k, &(p, nrm)) in path.iter().enumerate() {
                out.vertices.push(v(p + nrm * f, clear));
                out.vertices.push(v(p, middle));
                out.vertices.push(v(p - nrm * f, clear));
                if k > 0 {
                    let (a, b) = (idx + 3 * (k as u32 - 1), idx + 3 * k as u32);
                    out.indices.extend_from_slice(&[
                        a,
                        a + 1,
                        b,
                        a + 1,
                        b,
                        b + 1,
                        a + 1,
                        a + 2,
                        b + 1,
                        a + 2,
                        b + 1,
                        b + 2,
                    ]);
                }
            }
            return;
        }
        let inner = 0.5 * (stroke.width - f);
        let outer = 0.5 * (stroke.width + f);
        out.vertices.reserve(4 * n);
        out.indices.reserve(18 * n + 12);
        let last = n - 1;
        for (k, &(p, nrm)) in path.iter().enumerate() {
            // The ends reach a feather further, so that they are anti-aliased too.
            let back = if k == 0 {
                nrm.rot90() * f
            } else if k == last {
                -nrm.rot90() * f
            } else {
                Vec2::ZERO
            };
            out.vertices.push(v(p + nrm * outer + back, clear));
            out.vertices.push(v(p + nrm * inner, color));
            out.vertices.push(v(p - nrm * inner, color));
            out.vertices.push(v(p - nrm * outer + back, clear));
            let b = idx + 4 * k as u32;
            if k == 0 || k == last {
                out.indices
                    .extend_from_slice(&[b, b + 1, b + 2, b, b + 2, b + 3]);
            }
            if k > 0 {
                let a = b - 4;
                out.indices.extend_from_slice(&[
                    a,
                    a + 1,
                    b,
                    a + 1,
                    b,
                    b + 1,
                    a + 1,
                    a + 2,
                    b + 1,
                    a + 2,
                    b + 1,
                    b + 2,
                    a + 2,
                    a + 3,
                    b + 2,
                    a + 3,
                    b + 2,
                    b + 3,
                ]);
            }
        }
    }
}

impl Drop for Canvas<'_> {
    fn drop(&mut self) {
        self.flush();
        let (id, most) = (self.remember_as, self.most);
        self.painter.ctx().data_mut(|d| d.insert_temp(id, most));
    }
}

/// The texture of one white pixel the map's meshes are drawn with on the screen (made once
/// per context): a mesh of it is untextured.
pub fn white_texture(ctx: &egui::Context) -> egui::TextureId {
    let id = Id::unique("gba-atlas white texture");
    if let Some(t) = ctx.data(|d| d.get_temp::<egui::TextureHandle>(id)) {
        return t.id();
    }
    let t = ctx.load_texture(
        "white",
        egui::ColorImage::new([1, 1], vec![Color32::WHITE]),
        egui::TextureOptions::NEAREST,
    );
    let tid = t.id();
    ctx.data_mut(|d| d.insert_temp(id, t));
    tid
}

/// The unit normal of the way from `a` to `b` (zero if they are the same point).
fn normal(a: Pos2, b: Pos2) -> Vec2 {
    let d = b - a;
    let len_sq = d.x * d.x + d.y * d.y;
    if len_sq > 0.0 {
        let k = 1.0 / len_sq.sqrt();
        // egui's `rot90` of the direction: its end caps reach back along `normal.rot90()`.
        vec2(d.y * k, -d.x * k)
    } else {
        Vec2::ZERO
    }
}

/// The points of an open line with the normals its stroke is pushed out along: mitred at each
/// join, and a corner sharper than a right angle cut (two points), as egui does. Points that
/// repeat the one before are dropped.
fn normals(pts: &[Pos2], out: &mut Vec<(Pos2, Vec2)>) {
    let mut iter = pts.iter().copied();
    let Some(first) = iter.next() else {
        return;
    };
    let mut last = first;
    let mut deduped = iter.filter(move |p| {
        let new = *p != last;
        last = *p;
        new
    });
    let Some(mut b) = deduped.next() else {
        return;
    };
    let mut n0 = normal(first, b);
    out.push((first, n0));
    for c in deduped {
        let n1 = normal(b, c);
        let mid = (n0 + n1) * 0.5;
        let len_sq = mid.length_sq();
        if len_sq < 0.5 {
            // Sharper than a right angle: cut the corner.
            let centre = mid.normalized();
            let n0c = (n0 + centre) * 0.5;
            let n1c = (n1 + centre) * 0.5;
            out.push((b, n0c / n0c.length_sq()));
            out.push((b, n1c / n1c.length_sq()));
        } else {
            out.push((b, mid / len_sq));
        }
        b = c;
        n0 = n1;
    }
    out.push((b, n0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn normals_of(pts: &[Pos2]) -> Vec<(Pos2, Vec2)> {
        let mut out = Vec::new();
        normals(pts, &mut out);
        out
    }

    #[test]
    fn a_right_angle_is_mitred_and_a_sharp_one_cut() {
        let n = normals_of(&[pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0)]);
        assert_eq!(n.len(), 3);
        // The mitre of a right angle reaches √2 out.
        assert!((n[1].1.length() - 2f32.sqrt()).abs() < 1e-5);
        let n = normals_of(&[pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(0.0, 1.0)]);
        assert_eq!(n.len(), 4, "a hairpin corner is cut in two");
        assert!(n.iter().all(|(_, v)| v.length() < 2.0));
    }

    /// The shapes a canvas hands the painter for `draw`, with its context set to `output`.
    fn drawn(output: Output, draw: impl Fn(&mut Canvas)) -> Vec<Shape> {
        let ctx = egui::Context::default();
        set_output(&ctx, output);
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(200.0, 100.0));
        let input = egui::RawInput {
            screen_rect: Some(rect),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            let mut canvas = Canvas::new(ui.painter());
            draw(&mut canvas);
        });
        out.textures_delta.clear();
        out.shapes.into_iter().map(|c| c.shape).collect()
    }

    #[test]
    fn lines_are_one_mesh_for_pixels_and_lines_for_vectors() {
        let line = [pos2(10.0, 20.0), pos2(60.0, 20.0), pos2(60.0, 70.0)];
        let draw = |c: &mut Canvas| {
            c.line(&line, Stroke::new(3.0, Color32::RED));
            c.dashed(&line, Stroke::new(2.0, Color32::BLUE), 6.0, 3.0);
        };
        let pixels = drawn(Output::Pixels, draw);
        assert_eq!(pixels.len(), 1, "{pixels:?}");
        let Shape::Mesh(mesh) = &pixels[0] else {
            panic!("not a mesh: {:?}", pixels[0]);
        };
        assert!(mesh.is_valid());
        // The solid line: 4 vertices a point; the stroke 3 wide plus a feather each side, the
        // ends a feather further.
        let b = mesh.calc_bounds();
        assert!(
            (b.min.x - 9.0).abs() < 1e-3 && (b.max.x - 62.0).abs() < 1e-3,
            "{b:?}"
        );
        assert!(
            (b.min.y - 18.0).abs() < 1e-3 && (b.max.y - 71.0).abs() < 1e-3,
            "{b:?}"
        );
        // 100 points of line dashed 6 on 3 off: 12 dashes (at 0, 9, … 99), the one at 45 in
        // two pieces round the corner, 8 vertices each.
        assert_eq!(mesh.vertices.len() - 12, 13 * 8);
        let vectors = drawn(Output::Vector, draw);
        assert!(matches!(&vectors[0], Shape::Path(p) if p.points == line));
        assert!(vectors.iter().all(|s| !matches!(s, Shape::Mesh(_))));
    }

    #[test]
    fn parts_off_the_screen_are_left_out() {
        let far = [
            pos2(10.0, 50.0),
            pos2(100.0, 50.0),
            pos2(5000.0, 50.0),
            pos2(9000.0, 50.0),
        ];
        let shapes = drawn(Output::Pixels, |c| {
            c.line(&far, Stroke::new(2.0, Color32::RED))
        });
        let Some(Shape::Mesh(mesh)) = shapes.first() else {
            panic!("{shapes:?}");
        };
        // The segments reaching the screen are drawn; the one far off it is not.
        assert_eq!(mesh.vertices.len(), 12);
    }

    #[test]
    fn repeated_points_are_dropped() {
        let n = normals_of(&[
            pos2(0.0, 0.0),
            pos2(0.0, 0.0),
            pos2(5.0, 0.0),
            pos2(5.0, 0.0),
        ]);
        assert_eq!(n.len(), 2);
        assert!(
            n.iter()
                .all(|(_, v)| (*v - vec2(0.0, -1.0)).length() < 1e-6)
        );
        assert!(normals_of(&[pos2(1.0, 1.0), pos2(1.0, 1.0)]).is_empty());
    }
}
