//! Running an export: the page drawn by [`super::draw`] as a PNG (the CPU renderer), an SVG or a
//! PDF (the same egui shapes walked as vectors, the fonts embedded). The command line
//! (`gba-atlas export`) and the app (`Ctrl+E`) both end in [`render_page`], so the same view gives
//! the same bytes from either.

use std::path::{Path, PathBuf};

use crate::app::{AppState, Command, PresentCommand};
use crate::data::Kind;
use crate::i18n::Lang;
use crate::render::{self, vector};

use super::{Page, Target};

/// The output formats, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Png, Format::Svg, Format::Pdf];

    /// The format a file name asks for (`.png`, `.svg`, `.pdf`, any case).
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            Some("pdf") => Ok(Format::Pdf),
            _ => Err(ExportError::Format(path.to_path_buf())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// What can go wrong in an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: unknown format (the name must end in .png, .svg or .pdf)", .0.display())]
    Format(PathBuf),
    #[error("the data could not be loaded: {0}")]
    Data(String),
    #[error("{0}")]
    Target(String),
    #[error("the size {0}×{1} is out of range (each side 16 to 16384 pixels)")]
    Size(u32, u32),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Vector(#[from] vector::VectorError),
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// An export asked for on the command line.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub data_dir: PathBuf,
    pub target: Target,
    /// A saved view of `data/views.json` (its centre, zoom, layers and language) instead of
    /// `target`.
    pub view_name: Option<String>,
    /// The output's size: pixels for PNG (times `scale`), CSS pixels for SVG and PDF.
    pub size: [u32; 2],
    /// Pixels per point of a PNG: 2 makes a HiDPI image of twice the width and height with the
    /// same layout.
    pub scale: f32,
    /// `None`: the saved view's language, else Simplified Chinese.
    pub lang: Option<Lang>,
    pub title: Option<String>,
    pub out: PathBuf,
    /// GeoJSON files opened as layers first, as the app opens them (`--layer`).
    pub layers: Vec<PathBuf>,
}

/// What an export made.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub format: Format,
    /// The image's size in pixels (PNG) or the page's in CSS pixels (SVG, PDF).
    pub size: [u32; 2],
    /// The kinds in the legend.
    pub legend: Vec<Kind>,
}

/// The largest side of an export, in pixels (a 16k image is 1 GB of RGBA).
pub const MAX_SIDE: u32 = 16384;

/// Loads the data, sets the view the request names and renders it.
pub fn export(req: &ExportRequest) -> Result<Exported, ExportError> {
    let format = Format::from_path(&req.out)?;
    let mut state = AppState::load_without_background(&req.data_dir);
    if let Some(message) = state.messages.first() {
        return Err(ExportError::Data(message.clone()));
    }
    for layer in &req.layers {
        state.apply(Command::OpenLayer(layer.clone()));
    }
    state.wait_for_layer_loads();
    if let Some(message) = state.messages.first() {
        return Err(ExportError::Data(message.clone()));
    }
    let page = prepare(&mut state, req)?;
    let exported = render_page(&state, &page, format, req.size, req.scale)?;
    crate::data::format::write_atomic_bytes(&req.out, &exported.bytes).map_err(|source| {
        ExportError::Write {
            path: req.out.clone(),
            source,
        }
    })?;
    Ok(exported)
}

/// Applies the request's view to a freshly loaded state and returns the page to draw.
pub fn prepare(state: &mut AppState, req: &ExportRequest) -> Result<Page, ExportError> {
    // A recalled view jumps: there is no screen to fly over.
    state.apply(Command::Present(PresentCommand::SetFly(false)));
    let mut lang = req.lang;
    let target = match &req.view_name {
        Some(name) => {
            state.apply(Command::Present(PresentCommand::RecallViewNamed(
                name.clone(),
            )));
            if let Some(message) = state.messages.first() {
                return Err(ExportError::Target(message.clone()));
            }
            lang = lang.or_else(|| {
                state
                    .show
                    .views
                    .find(name)
                    .and_then(|i| state.show.views.views.get(i))
                    .and_then(|v| v.lang)
            });
            let (lon, lat) = state.center();
            Target::View {
                lon,
                lat,
                zoom: state.view.map.zoom(),
            }
        }
        None => req.target.clone(),
    };
    match &target {
        Target::Clause(n) => {
            if state.plan.clause(*n).is_none() {
                return Err(ExportError::Target(format!(
                    "there is no clause {n} (the plan has clauses 1 to {})",
                    state.plan.clauses.len()
                )));
            }
            if !state.data.places.iter().any(|p| p.cites(*n)) {
                return Err(ExportError::Target(format!(
                    "clause {n} names no place on the map"
                )));
            }
            state.apply(Command::SelectClause(Some(*n)));
        }
        Target::Place(id) => {
            if state.data.place(id).is_none() {
                return Err(ExportError::Target(format!("there is no place \"{id}\"")));
            }
            state.apply(Command::Select(Some(id.clone())));
        }
        Target::BBox([w, s, e, n]) => {
            let ok = [w, s, e, n].iter().all(|c| c.is_finite())
                && w < e
                && s < n
                && (-180.0..=180.0).contains(w)
                && (-180.0..=180.0).contains(e)
                && (-85.0..=85.0).contains(s)
                && (-85.0..=85.0).contains(n);
            if !ok {
                return Err(ExportError::Target(format!(
                    "the box {w},{s},{e},{n} is not WEST,SOUTH,EAST,NORTH in degrees"
                )));
            }
        }
        Target::View { lon, lat, zoom } => {
            if !(lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(lon)
                && (-85.0..=85.0).contains(lat)
                && (0.0..=20.0).contains(zoom))
            {
                return Err(ExportError::Target(format!(
                    "the view {lon},{lat},{zoom} is not LON,LAT,ZOOM (zoom 0 to 20)"
                )));
            }
        }
        Target::Whole => {}
    }
    let lang = lang.unwrap_or(Lang::ZhHans);
    state.view.lang = lang;
    Ok(Page {
        target,
        title: req.title.clone(),
        lang,
    })
}

/// Renders a page of `size` (pixels × `scale` for PNG; CSS pixels for SVG and PDF) in a format.
pub fn render_page(
    state: &AppState,
    page: &Page,
    format: Format,
    size: [u32; 2],
    scale: f32,
) -> Result<Exported, ExportError> {
    render_page_with(state, page, format, size, scale, PAGE_PASSES)
}

/// [`render_page`] with `passes` egui passes.
pub fn render_page_with(
    state: &AppState,
    page: &Page,
    format: Format,
    size: [u32; 2],
    scale: f32,
    passes: usize,
) -> Result<Exported, ExportError> {
    let scale = if scale.is_finite() && (0.25..=8.0).contains(&scale) {
        scale
    } else {
        1.0
    };
    let px = match format {
        Format::Png => [
            (size[0] as f32 * scale).round() as u32,
            (size[1] as f32 * scale).round() as u32,
        ],
        Format::Svg | Format::Pdf => size,
    };
    if !(16..=MAX_SIDE).contains(&px[0]) || !(16..=MAX_SIDE).contains(&px[1]) {
        return Err(ExportError::Size(px[0], px[1]));
    }
    // The levels of detail the page draws, prepared on every core before the first pass.
    let points = egui::vec2(px[0] as f32, px[1] as f32) / scale_of(format, scale);
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, points);
    state
        .scene
        .prepare_at(super::page_transform(state, page, rect).zoom());
    let ctx = context();
    let mut legend = Vec::new();
    let mut draw = |ui: &mut egui::Ui| {
        let rect = ui.ctx().content_rect();
        legend = super::draw(ui.painter(), state, page, rect);
    };
    let bytes = match format {
        Format::Png => render::Renderer::new()
            .run(&ctx, px, scale, passes, &mut draw)
            .to_png()?,
        Format::Svg => {
            let drawing =
                vector::record_passes(&ctx, [size[0] as f32, size[1] as f32], passes, &mut draw);
            vector::to_svg(&drawing, &vector::FontBook::of(&ctx))?.into_bytes()
        }
        Format::Pdf => {
            let drawing =
                vector::record_passes(&ctx, [size[0] as f32, size[1] as f32], passes, &mut draw);
            let book = vector::FontBook::of(&ctx);
            let mut pdf = vector::Pdf::new(&book)?;
            // CSS pixels to PDF points: 96 to 72 per inch.
            pdf.page(&drawing, 0.75);
            pdf.finish()?
        }
    };
    Ok(Exported {
        bytes,
        format,
        size: px,
        legend,
    })
}

/// egui passes an export runs. A page is painted, not laid out (no widget measures itself in one
/// pass for the next), so its first pass is already what more passes would draw: a test checks
/// that the bytes are the same as with [`render::PASSES`].
pub const PAGE_PASSES: usize = 1;

/// Pixels per point of an output: `scale` for PNG, 1 for the vector formats.
fn scale_of(format: Format, scale: f32) -> f32 {
    match format {
        Format::Png => scale,
        Format::Svg | Format::Pdf => 1.0,
    }
}

/// An egui context as the app's: its fonts, the light theme.
pub fn context() -> egui::Context {
    let ctx = egui::Context::default();
    crate::ui::install_fonts(&ctx);
    ctx.set_theme(egui::Theme::Light);
    ctx
}

/// The app's export window (`Ctrl+E`): what the next export of the current view will be.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSettings {
    pub format: Format,
    /// As `ExportRequest::size`.
    pub size: [u32; 2],
    pub scale: f32,
    /// Empty: the default title.
    pub title: String,
    pub path: String,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            format: Format::Png,
            size: [1920, 1080],
            scale: 1.0,
            title: String::new(),
            path: "gba-atlas-map.png".into(),
        }
    }
}

impl ExportSettings {
    /// The path with its extension made to match the format.
    pub fn path_for_format(&self) -> String {
        let path = Path::new(self.path.trim());
        path.with_extension(self.format.extension())
            .display()
            .to_string()
    }
}
