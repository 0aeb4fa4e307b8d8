//! A headless CPU renderer for egui's output: no display, no GPU.
//!
//! One renderer for export, the atlas and the pixel tests. [`render`] runs egui passes at a fixed
//! screen size, keeps the textures egui sends (the font atlas among them, so text needs no glyph
//! code of its own), tessellates the last pass and fills its triangles on the CPU as egui's GPU
//! backends do (egui-wgpu's `fs_main_gamma_framebuffer`):
//! - vertex positions in points × pixels per point, sampled at pixel centres; coverage by edge
//!   functions in 24.8 fixed point with the top-left rule, so triangles that share an edge cover
//!   each of its pixels exactly once;
//! - colour and UV interpolated with barycentric weights, in gamma space (egui's textures are not
//!   sRGB-aware);
//! - textures sampled with the texture's filter (bilinear at texel centres, or nearest) and wrap
//!   mode; the minification filter where a pixel spans more than one texel;
//! - colour × texel, premultiplied-alpha blending (`src + dst × (1 − src.a)`), one rounding to
//!   8 bits a pixel;
//! - each primitive's clip rectangle, rounded to pixels.
//!
//! Paint callbacks (custom GPU drawing) are skipped: nothing in this app uses them. The result is
//! deterministic: the same input gives the same bytes, run to run and machine to machine.

pub mod vector;

use std::collections::HashMap;

use egui::epaint::textures::{TextureFilter, TextureOptions, TextureWrapMode, TexturesDelta};
use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, TextureId, Vertex};
use egui::{Context, Pos2, RawInput, Rect, ViewportId, vec2};

/// The number of egui passes [`render`] runs before it paints: enough for egui's layouts (sizes
/// measured in one pass, used in the next) to settle.
pub const PASSES: usize = 3;

/// What can go wrong when rendering.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The PNG encoder failed.
    #[error("could not encode the image as PNG: {0}")]
    Png(#[from] png::EncodingError),
}

/// An RGBA8 image, row by row from the top left, with premultiplied alpha (as egui paints).
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// `width × height × 4` bytes: red, green, blue, alpha, premultiplied.
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}×{})", self.width, self.height)
    }
}

impl Image {
    /// A fully transparent image.
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            pixels: vec![0; width as usize * height as usize * 4],
        }
    }

    /// The premultiplied RGBA of the pixel at `(x, y)`, if it is in the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 4;
        let p = self.pixels.get(i..i + 4)?;
        Some([p[0], p[1], p[2], p[3]])
    }

    /// The pixels with straight (not premultiplied) alpha, as PNG and most image formats store
    /// them.
    pub fn to_straight(&self) -> Vec<u8> {
        let mut out = self.pixels.clone();
        for p in out.chunks_exact_mut(4) {
            let a = u32::from(p[3]);
            if a == 0 {
                p.copy_from_slice(&[0; 4]);
            } else if a < 255 {
                for c in &mut p[..3] {
                    *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
                }
            }
        }
        out
    }

    /// Whether every pixel is fully opaque (an export page: its background covers everything).
    pub fn is_opaque(&self) -> bool {
        self.pixels.chunks_exact(4).all(|p| p[3] == 255)
    }

    /// The image as a PNG file: 8-bit RGB when every pixel is opaque (a quarter smaller and
    /// quicker to write), else RGBA with straight alpha. Compressed with `fdeflate`, the png
    /// crate's fast mode: a fraction of the time of the default level for a file a little larger.
    pub fn to_png(&self) -> Result<Vec<u8>, RenderError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        if self.is_opaque() {
            encoder.set_color(png::ColorType::Rgb);
            let rgb: Vec<u8> = self
                .pixels
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&rgb)?;
            writer.finish()?;
        } else {
            encoder.set_color(png::ColorType::Rgba);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&self.to_straight())?;
            writer.finish()?;
        }
        Ok(out)
    }

    /// Whether every pixel is the same (nothing was drawn, or one colour covers everything).
    pub fn is_blank(&self) -> bool {
        let mut pixels = self.pixels.chunks_exact(4);
        match pixels.next() {
            Some(first) => pixels.all(|p| p == first),
            None => true,
        }
    }
}

/// Render `run_ui` at `size_px` pixels and `pixels_per_point`: [`PASSES`] egui passes, then the
/// last one painted. A fresh texture store each call; keep a [`Renderer`] to render many frames.
pub fn render(
    ctx: &Context,
    size_px: [u32; 2],
    pixels_per_point: f32,
    run_ui: impl FnMut(&mut egui::Ui),
) -> Image {
    Renderer::new().run(ctx, size_px, pixels_per_point, PASSES, run_ui)
}

/// The input of an egui pass with a fixed screen of `size_px` pixels at `pixels_per_point`.
pub fn raw_input(size_px: [u32; 2], pixels_per_point: f32) -> RawInput {
    let ppp = sane_ppp(pixels_per_point);
    let size = vec2(size_px[0] as f32, size_px[1] as f32) / ppp;
    let mut input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..Default::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(ppp);
    input
}

fn sane_ppp(pixels_per_point: f32) -> f32 {
    if pixels_per_point.is_finite() && pixels_per_point > 0.0 {
        pixels_per_point
    } else {
        1.0
    }
}

/// A CPU renderer: egui's textures, and the rasteriser that paints tessellated primitives.
#[derive(Default)]
pub struct Renderer {
    textures: HashMap<TextureId, Texture>,
    /// Textures egui freed in the last delta: freed "after painting", i.e. on the next delta.
    pending_free: Vec<TextureId>,
}

struct Texture {
    width: usize,
    height: usize,
    /// Premultiplied RGBA, as egui's `Color32`.
    texels: Vec<[u8; 4]>,
    options: TextureOptions,
}

impl Renderer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Run `passes` egui passes at a fixed screen size, apply their textures, and paint the last.
    pub fn run(
        &mut self,
        ctx: &Context,
        size_px: [u32; 2],
        pixels_per_point: f32,
        passes: usize,
        mut run_ui: impl FnMut(&mut egui::Ui),
    ) -> Image {
        let input = raw_input(size_px, pixels_per_point);
        let mut shapes = Vec::new();
        let mut ppp = sane_ppp(pixels_per_point);
        for _ in 0..passes.max(1) {
            let mut output = ctx.run_ui(input.clone(), &mut run_ui);
            self.update_textures(&mut output.textures_delta);
            shapes = std::mem::take(&mut output.shapes);
            ppp = output.pixels_per_point;
        }
        let primitives = ctx.tessellate(shapes, ppp);
        self.paint(&primitives, size_px, ppp)
    }

    /// Apply an egui pass's texture changes (all of them: the delta is left empty). Textures it
    /// frees stay until the next call, as they may still be painted in this pass.
    pub fn update_textures(&mut self, delta: &mut TexturesDelta) {
        for id in self.pending_free.drain(..) {
            self.textures.remove(&id);
        }
        for (id, deltas) in delta.set.drain() {
            for d in deltas {
                self.set_texture(id, &d);
            }
        }
        self.pending_free.extend(delta.free.drain());
    }

    fn set_texture(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        let [w, h] = image.size;
        let texels = image.pixels.iter().map(|c| c.to_array());
        match delta.pos {
            None => {
                self.textures.insert(
                    id,
                    Texture {
                        width: w,
                        height: h,
                        texels: texels.collect(),
                        options: delta.options,
                    },
                );
            }
            Some([x0, y0]) => {
                let Some(t) = self.textures.get_mut(&id) else {
                    log::debug!("render: a patch for texture {id:?}, which does not exist");
                    return;
                };
                t.options = delta.options;
                let texels: Vec<[u8; 4]> = texels.collect();
                for (y, row) in texels.chunks_exact(w.max(1)).enumerate() {
                    let ty = y0 + y;
                    if ty >= t.height || x0 >= t.width {
                        break;
                    }
                    let n = row.len().min(t.width - x0);
                    let start = ty * t.width + x0;
                    if let (Some(dst), Some(src)) =
                        (t.texels.get_mut(start..start + n), row.get(..n))
                    {
                        dst.copy_from_slice(src);
                    }
                }
            }
        }
    }

    /// Paint tessellated primitives onto a transparent image of `size_px` pixels. A large image
    /// is cut into bands of rows painted side by side, one per core: each band paints every
    /// primitive clipped to its rows, so the pixels are the same as in one pass.
    pub fn paint(
        &self,
        primitives: &[ClippedPrimitive],
        size_px: [u32; 2],
        pixels_per_point: f32,
    ) -> Image {
        let ppp = sane_ppp(pixels_per_point);
        let (width, height) = (size_px[0] as usize, size_px[1] as usize);
        let mut pixels = vec![[0u8; 4]; width * height];
        let threads = if width * height >= BAND_MIN_PIXELS {
            rayon::current_num_threads().min(MAX_BANDS)
        } else {
            1
        };
        let rows_per_band = height.div_ceil(threads.max(1)).max(1);
        if threads <= 1 || width == 0 {
            self.paint_band(primitives, ppp, width, height, 0, &mut pixels);
        } else {
            use rayon::prelude::*;
            pixels
                .par_chunks_mut(rows_per_band * width)
                .enumerate()
                .for_each(|(i, band)| {
                    self.paint_band(primitives, ppp, width, height, i * rows_per_band, band);
                });
        }
        Image {
            width: size_px[0],
            height: size_px[1],
            pixels: pixels.into_flattened(),
        }
    }

    /// Paint the rows from `first_row` that `pixels` holds, of an image `width × height`.
    fn paint_band(
        &self,
        primitives: &[ClippedPrimitive],
        ppp: f32,
        width: usize,
        height: usize,
        first_row: usize,
        pixels: &mut [[u8; 4]],
    ) {
        let rows = pixels.len() / width.max(1);
        let mut canvas = Canvas {
            width,
            height,
            band: (first_row as i64, (first_row + rows) as i64),
            pixels,
            last_sample: None,
        };
        for p in primitives {
            // Paint callbacks need a GPU; nothing here uses them.
            let Primitive::Mesh(mesh) = &p.primitive else {
                continue;
            };
            let Some(texture) = self.textures.get(&mesh.texture_id) else {
                log::debug!(
                    "render: a mesh with texture {:?}, which does not exist",
                    mesh.texture_id
                );
                continue;
            };
            let Some(clip) = canvas.clip(p.clip_rect, ppp) else {
                continue;
            };
            // The clip's rows in points, widened by a pixel: triangles wholly above or below
            // are skipped before any setup (most of a band's triangles, as each band sees all).
            let (top, bottom) = ((clip.y0 - 1) as f32 / ppp, (clip.y1 + 1) as f32 / ppp);
            for tri in mesh.indices.chunks_exact(3) {
                let get = |i: u32| mesh.vertices.get(i as usize);
                let (Some(a), Some(b), Some(c)) = (get(tri[0]), get(tri[1]), get(tri[2])) else {
                    continue;
                };
                let (y0, y1, y2) = (a.pos.y, b.pos.y, c.pos.y);
                if (y0 < top && y1 < top && y2 < top) || (y0 > bottom && y1 > bottom && y2 > bottom)
                {
                    continue;
                }
                canvas.triangle(
                    [Vert::new(a, ppp), Vert::new(b, ppp), Vert::new(c, ppp)],
                    texture,
                    &clip,
                );
            }
        }
    }
}

/// Images smaller than this many pixels are painted in one band (threads cost more than they
/// save).
const BAND_MIN_PIXELS: usize = 256 * 256;
/// At most this many bands, whatever the number of cores.
const MAX_BANDS: usize = 8;

/// Sub-pixel precision of positions: 8 bits, as GPUs use.
const SUB_BITS: u32 = 8;
const SUB: i64 = 1 << SUB_BITS;
const HALF: i64 = SUB / 2;
/// Triangles with a vertex farther than this many pixels from the origin are first clipped to
/// [`GUARD`]: it keeps the fixed-point edge functions within `i64` (coordinates below 2^28,
/// products below 2^59).
const LIMIT: f32 = (1 << 20) as f32;
const GUARD: f32 = (1 << 19) as f32;

/// A vertex in pixels, with colour in 0–255 (premultiplied) and UV.
#[derive(Clone, Copy)]
struct Vert {
    pos: [f32; 2],
    color: [f32; 4],
    uv: [f32; 2],
}

impl Vert {
    fn new(v: &Vertex, ppp: f32) -> Self {
        let c = v.color.to_array();
        Self {
            pos: [v.pos.x * ppp, v.pos.y * ppp],
            color: c.map(f32::from),
            uv: [v.uv.x, v.uv.y],
        }
    }

    fn lerp(a: &Self, b: &Self, t: f32) -> Self {
        let l = |x: f32, y: f32| x + (y - x) * t;
        Self {
            pos: [l(a.pos[0], b.pos[0]), l(a.pos[1], b.pos[1])],
            color: std::array::from_fn(|i| l(a.color[i], b.color[i])),
            uv: [l(a.uv[0], b.uv[0]), l(a.uv[1], b.uv[1])],
        }
    }
}

/// A clip rectangle in whole pixels: `x0..x1`, `y0..y1`.
struct Clip {
    x0: i64,
    y0: i64,
    x1: i64,
    y1: i64,
}

/// The rows `band.0..band.1` of an image `width × height`.
struct Canvas<'a> {
    width: usize,
    height: usize,
    band: (i64, i64),
    /// The band's pixels, from its first row.
    pixels: &'a mut [[u8; 4]],
    /// The last flat texture sample (texture, UV bits, filter) and its value in 0–1: most
    /// triangles sample egui's one white texel.
    last_sample: Option<(*const Texture, [u32; 2], TextureFilter, [f32; 4])>,
}

impl Canvas<'_> {
    /// The texel at `uv` in 0–1, for a triangle of one UV.
    fn sample_flat(&mut self, texture: &Texture, uv: [f32; 2], filter: TextureFilter) -> [f32; 4] {
        let key = (std::ptr::from_ref(texture), uv.map(f32::to_bits), filter);
        if let Some((t, bits, f, value)) = self.last_sample
            && (t, bits, f) == key
        {
            return value;
        }
        let value = texture.sample(uv, filter).map(|t| t / 255.0);
        self.last_sample = Some((key.0, key.1, key.2, value));
        value
    }

    /// The clip rectangle in pixels as egui-wgpu computes its scissor rectangle, cut to the band.
    fn clip(&self, rect: Rect, ppp: f32) -> Option<Clip> {
        let (w, h) = (self.width as f32, self.height as f32);
        let x0 = (rect.min.x * ppp).round().clamp(0.0, w);
        let y0 = (rect.min.y * ppp).round().clamp(0.0, h);
        let x1 = (rect.max.x * ppp).round().clamp(x0, w);
        let y1 = (rect.max.y * ppp).round().clamp(y0, h);
        let (y0, y1) = ((y0 as i64).max(self.band.0), (y1 as i64).min(self.band.1));
        (x1 > x0 && y1 > y0).then_some(Clip {
            x0: x0 as i64,
            y0,
            x1: x1 as i64,
            y1,
        })
    }

    fn triangle(&mut self, v: [Vert; 3], texture: &Texture, clip: &Clip) {
        let coords = v.iter().flat_map(|v| v.pos);
        if coords.clone().any(|c| !c.is_finite()) {
            return;
        }
        if coords.clone().all(|c| c.abs() <= LIMIT) {
            self.fill(v, texture, clip);
            return;
        }
        // Far outside the screen: clip to the guard band (attributes are affine, so clipping
        // keeps them), then fill the fan of the convex polygon left.
        let polygon = clip_to_guard(&v);
        if let Some((first, rest)) = polygon.split_first() {
            for pair in rest.windows(2) {
                self.fill([*first, pair[0], pair[1]], texture, clip);
            }
        }
    }

    fn fill(&mut self, v: [Vert; 3], texture: &Texture, clip: &Clip) {
        let fixed = |c: f32| (c * SUB as f32).round() as i64;
        let mut v = v;
        let mut x = v.map(|v| fixed(v.pos[0]));
        let mut y = v.map(|v| fixed(v.pos[1]));
        let mut area = (x[1] - x[0]) * (y[2] - y[0]) - (y[1] - y[0]) * (x[2] - x[0]);
        if area == 0 {
            return;
        }
        if area < 0 {
            v.swap(1, 2);
            x.swap(1, 2);
            y.swap(1, 2);
            area = -area;
        }
        // Pixels whose centres lie in the bounding box, within the clip rectangle.
        let min_x = ceil_div(x[0].min(x[1]).min(x[2]) - HALF, SUB).max(clip.x0);
        let max_x = floor_div(x[0].max(x[1]).max(x[2]) - HALF, SUB).min(clip.x1 - 1);
        let min_y = ceil_div(y[0].min(y[1]).min(y[2]) - HALF, SUB).max(clip.y0);
        let max_y = floor_div(y[0].max(y[1]).max(y[2]) - HALF, SUB).min(clip.y1 - 1);
        if min_x > max_x || min_y > max_y {
            return;
        }
        // Edge i is opposite vertex i; its function is positive inside, and is vertex i's weight
        // times the area.
        let edges: [Edge; 3] = std::array::from_fn(|i| {
            let (a, b) = ((i + 1) % 3, (i + 2) % 3);
            Edge::new(
                (x[a], y[a]),
                (x[b], y[b]),
                (min_x * SUB + HALF, min_y * SUB + HALF),
            )
        });
        let setup = Setup {
            edges,
            inv_area: 1.0 / area as f32,
            min_x,
            max_x,
            min_y,
            max_y,
        };

        let flat_color = v[0].color == v[1].color && v[0].color == v[2].color;
        let flat_uv = v[0].uv == v[1].uv && v[0].uv == v[2].uv;
        let filter = texture.filter_for(&v, area);
        let c0 = v[0].color;
        let dc1: [f32; 4] = std::array::from_fn(|i| v[1].color[i] - c0[i]);
        let dc2: [f32; 4] = std::array::from_fn(|i| v[2].color[i] - c0[i]);
        let color_at = move |l1: f32, l2: f32| -> [f32; 4] {
            std::array::from_fn(|i| c0[i] + l1 * dc1[i] + l2 * dc2[i])
        };
        if flat_uv {
            let t = self.sample_flat(texture, v[0].uv, filter);
            if flat_color {
                let src: [f32; 4] = std::array::from_fn(|i| c0[i] * t[i]);
                if src[3] >= 254.5 {
                    let src = src.map(|c| (c + 0.5) as u8);
                    self.scan(&setup, false, |dst, _, _| *dst = src);
                } else if src.iter().any(|&c| c >= 0.5) {
                    self.scan(&setup, false, |dst, _, _| blend(dst, src));
                }
            } else {
                self.scan(&setup, true, |dst, l1, l2| {
                    let c = color_at(l1, l2);
                    blend(dst, std::array::from_fn(|i| c[i] * t[i]));
                });
            }
        } else {
            let uv0 = v[0].uv;
            let du1 = [v[1].uv[0] - uv0[0], v[1].uv[1] - uv0[1]];
            let du2 = [v[2].uv[0] - uv0[0], v[2].uv[1] - uv0[1]];
            self.scan(&setup, true, |dst, l1, l2| {
                let uv = [
                    uv0[0] + l1 * du1[0] + l2 * du2[0],
                    uv0[1] + l1 * du1[1] + l2 * du2[1],
                ];
                let t = texture.sample(uv, filter);
                let c = if flat_color { c0 } else { color_at(l1, l2) };
                blend(dst, std::array::from_fn(|i| c[i] * t[i] / 255.0));
            });
        }
    }

    /// Call `shade(pixel, weight of vertex 1, weight of vertex 2)` for every pixel the triangle
    /// covers. Each row is walked only over its covered span, found from the edge functions.
    #[inline(always)]
    fn scan(&mut self, s: &Setup, weights: bool, mut shade: impl FnMut(&mut [u8; 4], f32, f32)) {
        let [e0, e1, e2] = &s.edges;
        let mut rows = [e0.start, e1.start, e2.start];
        let last = s.max_x - s.min_x;
        for py in s.min_y..=s.max_y {
            let (mut lo, mut hi) = (0, last);
            for (e, &w) in s.edges.iter().zip(&rows) {
                let (l, h) = e.span(w);
                lo = lo.max(l);
                hi = hi.min(h);
            }
            if lo <= hi {
                let row = (py - self.band.0) as usize * self.width;
                let start = row + (s.min_x + lo) as usize;
                let end = row + (s.min_x + hi) as usize + 1;
                if let Some(span) = self.pixels.get_mut(start..end) {
                    if weights {
                        let mut w1 = rows[1] + e1.step_x * lo;
                        let mut w2 = rows[2] + e2.step_x * lo;
                        for px in span {
                            shade(px, w1 as f32 * s.inv_area, w2 as f32 * s.inv_area);
                            w1 += e1.step_x;
                            w2 += e2.step_x;
                        }
                    } else {
                        for px in span {
                            shade(px, 0.0, 0.0);
                        }
                    }
                }
            }
            for (w, e) in rows.iter_mut().zip(&s.edges) {
                *w += e.step_y;
            }
        }
    }
}

struct Setup {
    edges: [Edge; 3],
    inv_area: f32,
    min_x: i64,
    max_x: i64,
    min_y: i64,
    max_y: i64,
}

/// An edge function `(b − a) × (p − a)` stepped over pixel centres, biased by the top-left rule
/// so that `>= 0` means covered.
struct Edge {
    /// The value at the first pixel centre of the bounding box.
    start: i64,
    step_x: i64,
    step_y: i64,
}

impl Edge {
    fn new(a: (i64, i64), b: (i64, i64), p: (i64, i64)) -> Self {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        // With positive area and y down, a top edge runs right and a left edge runs up.
        let top_left = (dy == 0 && dx > 0) || dy < 0;
        let bias = if top_left { 0 } else { -1 };
        Self {
            start: dx * (p.1 - a.1) - dy * (p.0 - a.0) + bias,
            step_x: -dy * SUB,
            step_y: dx * SUB,
        }
    }

    /// The pixels `k` of a row (from the box's left) where `w + step_x × k >= 0`.
    fn span(&self, w: i64) -> (i64, i64) {
        let a = self.step_x;
        if a > 0 {
            (ceil_div(-w, a), i64::MAX)
        } else if a < 0 {
            (i64::MIN, floor_div(w, -a))
        } else if w >= 0 {
            (i64::MIN, i64::MAX)
        } else {
            (1, 0)
        }
    }
}

fn floor_div(n: i64, d: i64) -> i64 {
    n.div_euclid(d)
}

fn ceil_div(n: i64, d: i64) -> i64 {
    -(-n).div_euclid(d)
}

/// Premultiplied-alpha blending of `src` (0–255) over `dst`, rounded once.
#[inline(always)]
fn blend(dst: &mut [u8; 4], src: [f32; 4]) {
    let keep = 1.0 - src[3] / 255.0;
    for (d, s) in dst.iter_mut().zip(src) {
        // `as` saturates: the sum cannot go below 0 or past 255 but by rounding.
        *d = (s + f32::from(*d) * keep + 0.5) as u8;
    }
}

/// The triangle clipped to the square of ±[`GUARD`] pixels (Sutherland–Hodgman): a convex
/// polygon. Each crossing is computed from the edge's endpoints in a fixed order, so two triangles
/// sharing the edge get the same point.
fn clip_to_guard(v: &[Vert; 3]) -> Vec<Vert> {
    let mut polygon: Vec<Vert> = v.to_vec();
    for (axis, sign) in [(0, 1.0), (0, -1.0), (1, 1.0), (1, -1.0)] {
        let inside = |p: &Vert| sign * p.pos[axis] <= GUARD;
        let mut out = Vec::with_capacity(polygon.len() + 1);
        for (i, cur) in polygon.iter().enumerate() {
            let prev = &polygon[(i + polygon.len() - 1) % polygon.len()];
            if inside(prev) != inside(cur) {
                let (a, b) = if (prev.pos[0], prev.pos[1]) < (cur.pos[0], cur.pos[1]) {
                    (prev, cur)
                } else {
                    (cur, prev)
                };
                let t = (sign * GUARD - a.pos[axis]) / (b.pos[axis] - a.pos[axis]);
                out.push(Vert::lerp(a, b, t));
            }
            if inside(cur) {
                out.push(*cur);
            }
        }
        polygon = out;
        if polygon.is_empty() {
            break;
        }
    }
    polygon
}

impl Texture {
    /// The filter a triangle is sampled with: minification where a pixel spans more than one
    /// texel, as a GPU picks it from the UV derivatives.
    fn filter_for(&self, v: &[Vert; 3], area: i64) -> TextureFilter {
        let (mag, min) = (self.options.magnification, self.options.minification);
        if mag == min {
            return mag;
        }
        // d(uv)/d(pixel) from the plane through the three vertices.
        let area_px = area as f32 / (SUB * SUB) as f32;
        let (x, y) = (v.map(|v| v.pos[0]), v.map(|v| v.pos[1]));
        let grad = |f: [f32; 3]| {
            let dfdx = ((f[1] - f[0]) * (y[2] - y[0]) - (f[2] - f[0]) * (y[1] - y[0])) / area_px;
            let dfdy = ((f[2] - f[0]) * (x[1] - x[0]) - (f[1] - f[0]) * (x[2] - x[0])) / area_px;
            (dfdx, dfdy)
        };
        let (ux, uy) = grad(v.map(|v| v.uv[0] * self.width as f32));
        let (vx, vy) = grad(v.map(|v| v.uv[1] * self.height as f32));
        let scale = (ux * ux + vx * vx).max(uy * uy + vy * vy);
        if scale > 1.0 { min } else { mag }
    }

    /// The texel colour (0–255, premultiplied) at `uv`.
    #[inline(always)]
    fn sample(&self, uv: [f32; 2], filter: TextureFilter) -> [f32; 4] {
        let (w, h) = (self.width as i64, self.height as i64);
        if w == 0 || h == 0 {
            return [0.0; 4];
        }
        let wrap = self.options.wrap_mode;
        let texel = |x: i64, y: i64| -> [f32; 4] {
            let (x, y) = (wrap_coord(x, w, wrap), wrap_coord(y, h, wrap));
            self.texels
                .get((y * w + x) as usize)
                .map_or([0.0; 4], |t| t.map(f32::from))
        };
        let (fx, fy) = (uv[0] * w as f32, uv[1] * h as f32);
        match filter {
            TextureFilter::Nearest => texel(fx.floor() as i64, fy.floor() as i64),
            TextureFilter::Linear => {
                let (x, y) = (fx - 0.5, fy - 0.5);
                let (x0, y0) = (x.floor(), y.floor());
                let (tx, ty) = (x - x0, y - y0);
                let (x0, y0) = (x0 as i64, y0 as i64);
                let (tl, tr) = (texel(x0, y0), texel(x0 + 1, y0));
                let (bl, br) = (texel(x0, y0 + 1), texel(x0 + 1, y0 + 1));
                std::array::from_fn(|i| {
                    let top = tl[i] + (tr[i] - tl[i]) * tx;
                    let bottom = bl[i] + (br[i] - bl[i]) * tx;
                    top + (bottom - top) * ty
                })
            }
        }
    }
}

fn wrap_coord(c: i64, n: i64, mode: TextureWrapMode) -> i64 {
    match mode {
        TextureWrapMode::ClampToEdge => c.clamp(0, n - 1),
        TextureWrapMode::Repeat => c.rem_euclid(n),
        TextureWrapMode::MirroredRepeat => {
            let phase = c.rem_euclid(2 * n);
            phase.min(2 * n - 1 - phase)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{Mesh, Shape};
    use egui::{Color32, Pos2, Stroke, pos2};

    fn painted(size: [u32; 2], shapes: impl Fn(&egui::Painter)) -> Image {
        let ctx = Context::default();
        render(&ctx, size, 1.0, |ui| {
            shapes(ui.painter());
        })
    }

    #[test]
    fn an_empty_pass_is_blank_and_transparent() {
        let img = painted([8, 6], |_| {});
        assert_eq!((img.width, img.height, img.pixels.len()), (8, 6, 8 * 6 * 4));
        assert!(img.is_blank());
        assert_eq!(img.pixel(0, 0), Some([0; 4]));
        assert_eq!(img.pixel(8, 0), None);
    }

    #[test]
    fn a_rect_covers_exactly_its_pixels() {
        let img = painted([10, 10], |p| {
            p.rect_filled(
                Rect::from_min_max(pos2(2.0, 3.0), pos2(6.0, 8.0)),
                0.0,
                Color32::RED,
            );
        });
        assert!(!img.is_blank());
        for y in 0..10 {
            for x in 0..10 {
                let inside = (2..6).contains(&x) && (3..8).contains(&y);
                let want = if inside { [255, 0, 0, 255] } else { [0; 4] };
                assert_eq!(img.pixel(x, y), Some(want), "({x}, {y})");
            }
        }
    }

    /// Two triangles sharing a diagonal: every pixel once, none twice (top-left rule).
    #[test]
    fn shared_edges_cover_each_pixel_once() {
        let half = Color32::from_rgba_premultiplied(0, 0, 100, 100);
        let mut mesh = Mesh::default();
        for p in [
            pos2(0.0, 0.0),
            pos2(16.0, 0.0),
            pos2(16.0, 16.0),
            pos2(0.0, 16.0),
        ] {
            mesh.colored_vertex(p, half);
        }
        // A vertex on a pixel centre and edges through pixel centres: the hard cases.
        mesh.colored_vertex(pos2(8.5, 8.5), half);
        for [a, b] in [[0, 1], [1, 2], [2, 3], [3, 0]] {
            mesh.add_triangle(a, b, 4);
        }
        let img = painted([16, 16], |p| {
            p.add(Shape::mesh(mesh.clone()));
        });
        for y in 0..16 {
            for x in 0..16 {
                assert_eq!(img.pixel(x, y), Some([0, 0, 100, 100]), "({x}, {y})");
            }
        }
    }

    #[test]
    fn clip_rects_and_blending() {
        let img = painted([10, 4], |p| {
            p.rect_filled(
                Rect::from_min_max(Pos2::ZERO, pos2(10.0, 4.0)),
                0.0,
                Color32::WHITE,
            );
            p.with_clip_rect(Rect::from_min_max(Pos2::ZERO, pos2(5.0, 4.0)))
                .rect_filled(
                    Rect::from_min_max(Pos2::ZERO, pos2(10.0, 4.0)),
                    0.0,
                    Color32::from_black_alpha(128),
                );
        });
        // 128/255 of black over white leaves 127.
        assert_eq!(img.pixel(0, 0), Some([127, 127, 127, 255]));
        assert_eq!(img.pixel(4, 3), Some([127, 127, 127, 255]));
        assert_eq!(img.pixel(5, 0), Some([255, 255, 255, 255]));
    }

    #[test]
    fn huge_triangles_are_clipped_not_lost() {
        let img = painted([6, 6], |p| {
            let mut mesh = Mesh::default();
            for q in [pos2(-3.0e7, -3.0e7), pos2(3.0e7, -2.0), pos2(-2.0, 3.0e7)] {
                mesh.colored_vertex(q, Color32::GREEN);
            }
            mesh.add_triangle(0, 1, 2);
            p.add(Shape::mesh(mesh));
        });
        assert!(img.pixels.chunks_exact(4).all(|p| p == [0, 255, 0, 255]));
    }

    #[test]
    fn text_and_strokes_are_drawn_and_repeatable() {
        let draw = |p: &egui::Painter| {
            p.line_segment(
                [pos2(1.0, 1.0), pos2(60.0, 30.0)],
                Stroke::new(2.0, Color32::BLACK),
            );
            p.text(
                pos2(4.0, 20.0),
                egui::Align2::LEFT_CENTER,
                "Qianhai 1.5",
                egui::FontId::proportional(14.0),
                Color32::BLUE,
            );
        };
        let a = painted([80, 40], draw);
        let b = painted([80, 40], draw);
        assert_eq!(a, b);
        // Anti-aliased: partly covered pixels as well as full ones.
        let alphas: std::collections::BTreeSet<u8> =
            a.pixels.chunks_exact(4).map(|p| p[3]).collect();
        assert!(alphas.len() > 10, "{alphas:?}");
        assert!(a.pixels.chunks_exact(4).any(|p| p[2] > 200 && p[0] < 50));
    }

    #[test]
    fn png_round_trip_with_straight_alpha() {
        let img = Image {
            width: 2,
            height: 1,
            pixels: vec![100, 50, 0, 128, 10, 20, 30, 255],
        };
        let png = img.to_png().expect("png");
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("info");
        let mut buf = vec![0; decoder.output_buffer_size().expect("size")];
        decoder.next_frame(&mut buf).expect("frame");
        assert_eq!(buf, vec![199, 100, 0, 128, 10, 20, 30, 255]);
    }

    #[test]
    fn an_opaque_image_is_written_as_rgb_with_the_same_colours() {
        let img = Image {
            width: 2,
            height: 2,
            pixels: vec![
                100, 50, 0, 255, 10, 20, 30, 255, 0, 0, 0, 255, 255, 255, 255, 255,
            ],
        };
        assert!(img.is_opaque());
        let png = img.to_png().expect("png");
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("info");
        let mut buf = vec![0; decoder.output_buffer_size().expect("size")];
        let info = decoder.next_frame(&mut buf).expect("frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(buf, vec![100, 50, 0, 10, 20, 30, 0, 0, 0, 255, 255, 255]);
    }

    #[test]
    fn higher_pixels_per_point_scales_the_image() {
        let ctx = Context::default();
        let img = render(&ctx, [20, 20], 2.0, |ui| {
            ui.painter().rect_filled(
                Rect::from_min_max(pos2(0.0, 0.0), pos2(5.0, 5.0)),
                0.0,
                Color32::RED,
            );
        });
        assert_eq!(img.pixel(9, 9), Some([255, 0, 0, 255]));
        assert_eq!(img.pixel(10, 10), Some([0; 4]));
    }
}
