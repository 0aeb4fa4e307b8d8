//! Optional raster basemaps under the places: an online XYZ tile server (OpenStreetMap, or
//! another with `--tiles`) and a local `.pmtiles` file (`--basemap`).
//!
//! walkers loads the tiles in the background (`HttpTiles`, `PmTiles`); gba-atlas asks it for each
//! visible tile and draws them itself, between its offline basemap and its places, so the offline
//! basemap shows wherever a tile is missing: no network, a tile still loading, outside a file's
//! extract. What to show is plain data ([`BasemapSettings`] in the app state); the live tile
//! loaders need the egui context and live in a [`TileHolder`] kept in egui's memory, created
//! when the map view first needs them.

use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::mutex::Mutex;
use egui::{Color32, Context, Mesh, Painter, Rect, Shape, TextureHandle};
use walkers::sources::{Attribution, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, PmTiles, Tile, TileId, Tiles};

use super::projection::MapTransform;

/// OpenStreetMap's standard tiles, the online map unless `--tiles` names another server.
pub const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// The attribution OpenStreetMap's tile policy asks for.
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";
/// Sent with every tile request: tile servers (OpenStreetMap's policy) ask clients to say who
/// they are.
pub const USER_AGENT: &str = concat!(
    "gba-atlas/",
    env!("CARGO_PKG_VERSION"),
    " (desktop map of the Greater Bay Area)"
);

/// Problems with a tile server or a basemap file: the map layer's errors.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TileError {
    #[error("tile URL \"{0}\": must start with http:// or https://")]
    Scheme(String),
    #[error(
        "tile URL \"{url}\": has no {missing} (expected a template such as \
         https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png)"
    )]
    Placeholder { url: String, missing: &'static str },
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

/// An XYZ tile URL with `{z}`, `{x}` and `{y}` placeholders, as QGIS's XYZ connections take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UrlTemplate(String);

impl UrlTemplate {
    pub fn parse(template: &str) -> Result<Self, TileError> {
        let template = template.trim();
        let lower = template.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(TileError::Scheme(template.to_string()));
        }
        for missing in ["{z}", "{x}", "{y}"] {
            if !template.contains(missing) {
                return Err(TileError::Placeholder {
                    url: template.to_string(),
                    missing,
                });
            }
        }
        Ok(Self(template.to_string()))
    }

    /// OpenStreetMap's tile server.
    pub fn openstreetmap() -> Self {
        Self(OSM_TILES.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL of one tile.
    pub fn url(&self, tile: TileId) -> String {
        self.0
            .replace("{z}", &tile.zoom.to_string())
            .replace("{x}", &tile.x.to_string())
            .replace("{y}", &tile.y.to_string())
    }

    /// The server's host (and port), e.g. `tile.openstreetmap.org`.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        rest.split(['/', '?']).next().unwrap_or(rest)
    }

    /// The text shown on the map while its tiles are.
    pub fn attribution(&self) -> String {
        if self.host().eq_ignore_ascii_case("tile.openstreetmap.org") {
            OSM_ATTRIBUTION.to_string()
        } else {
            format!("Tiles: {}", self.host())
        }
    }
}

impl TileSource for UrlTemplate {
    fn tile_url(&self, tile_id: TileId) -> String {
        self.url(tile_id)
    }

    fn attribution(&self) -> Attribution {
        // gba-atlas draws the attribution itself (`RasterSource::attribution`).
        Attribution {
            text: "",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// Which raster basemap the map shows, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasemapSettings {
    /// The online tile server: OpenStreetMap unless `--tiles` gave another.
    pub server: UrlTemplate,
    /// Whether the online tiles are shown. Off by default: the app needs no network.
    pub online: bool,
    /// A local PMTiles file of raster tiles (`--basemap`), shown while the online tiles are off.
    pub file: Option<PathBuf>,
    /// Where downloaded tiles are kept between runs (`None`: in memory only).
    pub cache_dir: Option<PathBuf>,
}

impl BasemapSettings {
    /// OpenStreetMap, off, no file, tiles cached in `cache_dir`.
    pub fn new(cache_dir: Option<PathBuf>) -> Self {
        Self {
            server: UrlTemplate::openstreetmap(),
            online: false,
            file: None,
            cache_dir,
        }
    }

    /// The raster source to draw now, if any: the online tiles when on, else the file.
    pub fn source(&self) -> Option<RasterSource> {
        if self.online {
            Some(RasterSource::Online {
                server: self.server.clone(),
                cache_dir: self.cache_dir.clone(),
            })
        } else {
            self.file.clone().map(RasterSource::File)
        }
    }
}

/// Where raster tiles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RasterSource {
    Online {
        server: UrlTemplate,
        cache_dir: Option<PathBuf>,
    },
    File(PathBuf),
}

impl RasterSource {
    /// The text shown on the map while its tiles are.
    pub fn attribution(&self) -> String {
        match self {
            RasterSource::Online { server, .. } => server.attribution(),
            RasterSource::File(path) => format!(
                "Basemap: {}",
                path.file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.display().to_string())
            ),
        }
    }
}

/// The user's tile cache: `$XDG_CACHE_HOME/gba-atlas/tiles`, else `~/.cache/gba-atlas/tiles`.
pub fn default_cache_dir() -> Option<PathBuf> {
    cache_dir_from(std::env::var_os("XDG_CACHE_HOME"), std::env::home_dir())
}

/// [`default_cache_dir`] from the environment's values. A relative `XDG_CACHE_HOME` is invalid
/// (XDG Base Directory spec) and ignored.
pub fn cache_dir_from(xdg_cache_home: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    let base = xdg_cache_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.map(|h| h.join(".cache")))?;
    Some(base.join("gba-atlas").join("tiles"))
}

/// Checks that `path` is a PMTiles (version 3) file of raster tiles walkers can decode.
pub fn check_pmtiles(path: &Path) -> Result<(), TileError> {
    let fail = |message: String| TileError::File {
        path: path.display().to_string(),
        message,
    };
    let mut header = [0u8; 127];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .map_err(|e| fail(format!("cannot read a PMTiles header: {e}")))?;
    if &header[..7] != b"PMTiles" {
        return Err(fail("not a PMTiles file".into()));
    }
    if header[7] != 3 {
        return Err(fail(format!(
            "PMTiles version {}: only version 3 can be read",
            header[7]
        )));
    }
    // Header byte 99 is the tile type (PMTiles v3 spec).
    match header[99] {
        2 | 3 => Ok(()),
        1 => Err(fail(
            "holds vector tiles (MVT): only raster tiles (PNG, JPEG) can be drawn".into(),
        )),
        4 => Err(fail(
            "holds WebP tiles: only PNG and JPEG tiles can be drawn".into(),
        )),
        t => Err(fail(format!(
            "unknown tile type {t}: only PNG and JPEG tiles can be drawn"
        ))),
    }
}

/// A tile ready to draw this frame.
#[derive(Clone)]
pub struct PlacedTile {
    pub id: TileId,
    /// Where it goes on the screen.
    pub rect: Rect,
    /// The part of the texture to draw (a part of a lower zoom's tile while the right one loads).
    pub uv: Rect,
    pub texture: TextureHandle,
}

/// The live tile loader of one source.
pub struct TileLayer {
    source: RasterSource,
    tiles: Box<dyn Tiles + Send>,
    /// How many tiles covered the view last asked for.
    wanted: usize,
}

impl TileLayer {
    /// Starts loading from `source` (nothing is fetched until tiles are asked for).
    pub fn new(source: RasterSource, ctx: &Context) -> Self {
        let tiles: Box<dyn Tiles + Send> = match &source {
            RasterSource::Online { server, cache_dir } => {
                let options = HttpOptions {
                    cache: cache_dir.clone(),
                    user_agent: Some(HeaderValue::from_static(USER_AGENT)),
                    ..Default::default()
                };
                Box::new(HttpTiles::with_options(
                    server.clone(),
                    options,
                    ctx.clone(),
                ))
            }
            // Raster extracts hold 256-pixel tiles (walkers assumes 512 for vector ones).
            RasterSource::File(path) => Box::new(PmTiles::with_style_and_tile_size(
                path,
                Default::default(), // walkers::Style: only vector tiles have one
                256,
                ctx.clone(),
            )),
        };
        Self {
            source,
            tiles,
            wanted: 0,
        }
    }

    pub fn source(&self) -> &RasterSource {
        &self.source
    }

    /// Tiles being downloaded or read now.
    pub fn loading(&self) -> usize {
        self.tiles.stats().in_progress
    }

    /// The tiles covering `rect` that are available, from the centre out; the missing ones are
    /// requested in the background (walkers never asks again for a tile that failed).
    pub fn visible(&mut self, rect: Rect, t: &MapTransform) -> Vec<PlacedTile> {
        let ids = tiles_covering(rect, t, self.tiles.tile_size());
        self.wanted = ids.len();
        let mut placed = Vec::new();
        for id in ids {
            if let Some(piece) = self.tiles.at(id) {
                // walkers is built without vector tiles: every tile is an image.
                let Tile::Raster(texture) = piece.tile;
                placed.push(PlacedTile {
                    id,
                    rect: tile_rect(id, t),
                    uv: piece.uv,
                    texture,
                });
            }
        }
        placed
    }
}

/// The zoom level of the tiles drawn at a map zoom: the nearest whole zoom, as walkers does,
/// fewer levels for tiles larger than 256 pixels.
pub fn tile_zoom(zoom: f64, tile_size: u32) -> u8 {
    let offset = (f64::from(tile_size.max(1)) / 256.0).log2().round() as i32;
    (zoom.round() as i32 - offset).clamp(0, 24) as u8
}

/// The tiles covering `rect`, nearest the centre first (so they are fetched first).
pub fn tiles_covering(rect: Rect, t: &MapTransform, tile_size: u32) -> Vec<TileId> {
    let zoom = tile_zoom(t.zoom(), tile_size);
    let n = 2f64.powi(i32::from(zoom));
    let last = (1u32 << zoom) - 1;
    let index = |v: f64| (v * n).floor().clamp(0.0, f64::from(last)) as u32;
    let (a, b) = (t.to_merc(rect.min), t.to_merc(rect.max));
    if b[0] <= 0.0 || a[0] >= 1.0 || b[1] <= 0.0 || a[1] >= 1.0 {
        return Vec::new();
    }
    let centre = t.to_merc(rect.center());
    let mut ids: Vec<TileId> = (index(a[1])..=index(b[1]))
        .flat_map(|y| (index(a[0])..=index(b[0])).map(move |x| TileId { x, y, zoom }))
        .collect();
    let distance = |id: &TileId| {
        let dx = (f64::from(id.x) + 0.5) / n - centre[0];
        let dy = (f64::from(id.y) + 0.5) / n - centre[1];
        dx * dx + dy * dy
    };
    ids.sort_by(|p, q| distance(p).total_cmp(&distance(q)));
    ids
}

/// Where a tile goes on the screen.
pub fn tile_rect(id: TileId, t: &MapTransform) -> Rect {
    let n = 2f64.powi(i32::from(id.zoom));
    let corner = |x: u32, y: u32| t.to_screen([f64::from(x) / n, f64::from(y) / n]);
    Rect::from_min_max(corner(id.x, id.y), corner(id.x + 1, id.y + 1))
}

/// Paints tiles as textured rectangles.
pub fn paint_tiles(painter: &Painter, tiles: &[PlacedTile]) {
    for tile in tiles {
        let mut mesh = Mesh::with_texture(tile.texture.id());
        mesh.add_rect_with_uv(tile.rect, tile.uv, Color32::WHITE);
        painter.add(Shape::mesh(mesh));
    }
}

/// The tiles to draw in one frame.
#[derive(Default)]
pub struct TileView {
    /// The raster source on, if any.
    pub source: Option<RasterSource>,
    /// The tiles available, to draw.
    pub tiles: Vec<PlacedTile>,
}

/// What the tile layer did in the last frame (for tests and diagnostics).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TileFrame {
    /// Whether a raster source was on.
    pub active: bool,
    /// How many tiles cover the view.
    pub wanted: usize,
    /// The tiles drawn and where.
    pub drawn: Vec<(TileId, Rect)>,
    /// Tiles still loading.
    pub loading: usize,
}

/// The live tile loader for the map view, kept between frames.
#[derive(Default)]
pub struct TileHolder {
    layer: Option<TileLayer>,
    /// The last frame drawn.
    pub last: TileFrame,
}

impl TileHolder {
    /// The tiles of `source` to draw in `rect` now (none when `source` is `None`); asks for the
    /// missing ones, and for another frame while some are loading.
    pub fn view(
        &mut self,
        source: Option<RasterSource>,
        rect: Rect,
        t: &MapTransform,
        ctx: &Context,
    ) -> TileView {
        self.last = TileFrame::default();
        let Some(layer) = self.layer(source.as_ref(), ctx) else {
            return TileView::default();
        };
        let tiles = layer.visible(rect, t);
        let loading = layer.loading();
        self.last = TileFrame {
            active: true,
            wanted: layer.wanted,
            drawn: tiles.iter().map(|tile| (tile.id, tile.rect)).collect(),
            loading,
        };
        if loading > 0 {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        TileView { source, tiles }
    }

    /// The loader for `source`, created when it is first needed or the source changed. A
    /// loader switched off is kept, so switching back does not load its tiles again.
    fn layer(&mut self, source: Option<&RasterSource>, ctx: &Context) -> Option<&mut TileLayer> {
        let source = source?;
        if self.layer.as_ref().is_none_or(|l| l.source() != source) {
            if let Some(old) = self.layer.take() {
                // Dropping a loader joins its IO thread, which may wait on a DNS lookup with
                // no network: never on the UI thread.
                let _ = std::thread::Builder::new()
                    .name("tiles-drop".into())
                    .spawn(move || drop(old));
            }
            self.layer = Some(TileLayer::new(source.clone(), ctx));
        }
        self.layer.as_mut()
    }
}

#[derive(Clone, Default)]
struct SharedTiles(Arc<Mutex<TileHolder>>);

fn holder_id() -> egui::Id {
    egui::Id::unique("gba-atlas-tile-holder")
}

/// The map view's tile holder, kept in egui's memory (created empty on first use).
pub fn holder(ctx: &Context) -> Arc<Mutex<TileHolder>> {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<SharedTiles>(holder_id())
            .0
            .clone()
    })
}

/// What the tile layer did in the last frame.
pub fn last_frame(ctx: &Context) -> TileFrame {
    holder(ctx).lock().last.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::to_merc;
    use egui::pos2;

    #[test]
    fn templates_need_a_scheme_and_all_placeholders() {
        let t = UrlTemplate::parse("http://127.0.0.1:8080/{z}/{x}/{y}.png").expect("valid");
        assert_eq!(
            t.url(TileId {
                x: 6_669,
                y: 3_571,
                zoom: 13
            }),
            "http://127.0.0.1:8080/13/6669/3571.png"
        );
        assert_eq!(t.host(), "127.0.0.1:8080");
        assert_eq!(t.attribution(), "Tiles: 127.0.0.1:8080");
        assert!(matches!(
            UrlTemplate::parse("tile.openstreetmap.org/{z}/{x}/{y}.png"),
            Err(TileError::Scheme(_))
        ));
        assert!(matches!(
            UrlTemplate::parse("https://a.example/{z}/{x}.png"),
            Err(TileError::Placeholder { missing: "{y}", .. })
        ));
        assert_eq!(UrlTemplate::openstreetmap().attribution(), OSM_ATTRIBUTION);
    }

    #[test]
    fn cache_dir_follows_xdg() {
        let home = Some(PathBuf::from("/home/u"));
        assert_eq!(
            cache_dir_from(Some("/xdg/cache".into()), home.clone()),
            Some(PathBuf::from("/xdg/cache/gba-atlas/tiles"))
        );
        // Unset, empty or relative: ~/.cache.
        for xdg in [None, Some(OsString::new()), Some("rel/cache".into())] {
            assert_eq!(
                cache_dir_from(xdg, home.clone()),
                Some(PathBuf::from("/home/u/.cache/gba-atlas/tiles"))
            );
        }
        assert_eq!(cache_dir_from(None, None), None);
    }

    #[test]
    fn online_wins_over_the_file_and_both_are_off_by_default() {
        let mut s = BasemapSettings::new(None);
        assert_eq!(s.source(), None);
        s.file = Some(PathBuf::from("/x/gba.pmtiles"));
        assert_eq!(
            s.source(),
            Some(RasterSource::File(PathBuf::from("/x/gba.pmtiles")))
        );
        s.online = true;
        assert!(matches!(s.source(), Some(RasterSource::Online { .. })));
    }

    #[test]
    fn tiles_cover_the_view_and_line_up_with_the_map() {
        // Qianhai (113.89, 22.52) at zoom 13 is in OSM tile 13/6687/3569.
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 600.0));
        let t = MapTransform::new(to_merc(113.89, 22.52), 13.0, rect.center());
        let ids = tiles_covering(rect, &t, 256);
        assert_eq!(
            ids[0],
            TileId {
                x: 6687,
                y: 3569,
                zoom: 13
            }
        );
        // 1000×600 px at 256 px a tile: 4–5 columns, 3–4 rows, no gaps.
        let union = ids
            .iter()
            .map(|id| tile_rect(*id, &t))
            .fold(Rect::NOTHING, |a, b| a.union(b));
        assert!(union.contains_rect(rect), "{union:?}");
        assert!(ids.len() <= 5 * 4, "{}", ids.len());
        let r = tile_rect(ids[0], &t);
        assert!((r.width() - 256.0).abs() < 0.01 && (r.height() - 256.0).abs() < 0.01);
        assert!(r.contains(t.lon_lat_to_screen(113.89, 22.52)));
        // Half-way zooms round like walkers; 512-pixel tiles are one level less.
        assert_eq!(tile_zoom(12.6, 256), 13);
        assert_eq!(tile_zoom(12.4, 256), 12);
        assert_eq!(tile_zoom(13.0, 512), 12);
        // Off the world: nothing.
        let t = MapTransform::new([-1.0, 0.5], 13.0, rect.center());
        assert!(tiles_covering(rect, &t, 256).is_empty());
    }

    #[test]
    fn pmtiles_files_are_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.pmtiles");
        std::fs::write(&path, b"not a pmtiles file at all").expect("write");
        assert!(check_pmtiles(&path).is_err());
        let mut header = vec![0u8; 127];
        header[..7].copy_from_slice(b"PMTiles");
        header[7] = 3;
        header[99] = 1;
        std::fs::write(&path, &header).expect("write");
        let e = check_pmtiles(&path).expect_err("vector tiles");
        assert!(e.to_string().contains("vector tiles"), "{e}");
        header[99] = 2;
        std::fs::write(&path, &header).expect("write");
        assert_eq!(check_pmtiles(&path), Ok(()));
        assert!(check_pmtiles(&dir.path().join("missing.pmtiles")).is_err());
    }
}
