//! The optional raster basemap, headless: online tiles from a tiny tile server on 127.0.0.1,
//! the fallback to the offline basemap when the server is gone or hangs, the on-disk cache, and
//! a local PMTiles file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use clap::Parser as _;
use egui::{Color32, Rect, Shape, TextureId};
use egui_kittest::Harness;
use gba_atlas::app::{AppState, Command};
use gba_atlas::cli::Cli;
use gba_atlas::map::draw::CITY_OVER_TILES;
use gba_atlas::map::style;
use gba_atlas::map::tiles::{self, TileFrame, tile_rect};
use walkers::TileId;

/// Qianhai, Shenzhen, at zoom 13: whole zoom, so tiles are drawn 256 px wide.
const VIEW: Command = Command::SetView {
    lon: 113.89,
    lat: 22.52,
    zoom: 13.0,
};
/// The tile Qianhai is on at zoom 13.
const QIANHAI: TileId = TileId {
    x: 6687,
    y: 3569,
    zoom: 13,
};

/// A 256×256 PNG of one colour with a dark border, like a tile of a tile server.
fn png_tile(rgb: [u8; 3]) -> Vec<u8> {
    let mut data = Vec::with_capacity(256 * 256 * 3);
    for y in 0..256 {
        for x in 0..256 {
            let edge = x < 2 || y < 2 || x > 253 || y > 253;
            data.extend_from_slice(&if edge { [40, 40, 40] } else { rgb });
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 256, 256);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&data).expect("png data");
    writer.finish().expect("png end");
    out
}

/// A tile's colour from its position, so neighbours differ.
fn colour_of(x: u32, y: u32) -> [u8; 3] {
    [(x % 7 * 30 + 40) as u8, (y % 7 * 30 + 40) as u8, 200]
}

/// A request the test server received.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    user_agent: String,
}

/// What the test server does with a connection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    /// Answer `/z/x/y.png` with a tile, anything else 404; one request a connection.
    Serve,
    /// Accept and never answer (a network that hangs).
    Hang,
}

/// A tile server on 127.0.0.1 in a thread, recording the requests it gets.
struct TileServer {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TileServer {
    fn start(behaviour: Behaviour) -> TileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => match behaviour {
                        Behaviour::Serve => serve(stream, &r),
                        Behaviour::Hang => {
                            r.lock().unwrap().push(Request {
                                path: String::new(),
                                user_agent: String::new(),
                            });
                            held.push(stream);
                        }
                    },
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        TileServer {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, requests: &Mutex<Vec<Request>>) {
    stream.set_nonblocking(false).expect("blocking");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("")
        .to_string();
    let user_agent = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_default();
    requests.lock().unwrap().push(Request {
        path: path.clone(),
        user_agent,
    });
    let parts: Vec<u32> = path
        .trim_start_matches('/')
        .trim_end_matches(".png")
        .split('/')
        .filter_map(|p| p.parse().ok())
        .collect();
    let response = match parts.as_slice() {
        [_, x, y] => {
            let body = png_tile(colour_of(*x, *y));
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\
                 Cache-Control: max-age=86400\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend_from_slice(&body);
            r
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}

/// A port on 127.0.0.1 with nothing listening.
fn dead_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The app at Qianhai with tiles cached in `cache` (never the user's cache).
fn harness_at_qianhai(cache: &Path) -> Harness<'static, AppState> {
    let mut h = common::harness_for(&data_dir());
    h.state_mut().basemap.cache_dir = Some(cache.to_path_buf());
    h.state_mut().apply(VIEW);
    h.run_steps(2);
    h
}

/// Runs frames (sleeping between them) until `done` or the time is up; returns the slowest
/// frame.
fn run_until(
    h: &mut Harness<'_, AppState>,
    limit: Duration,
    mut done: impl FnMut(&TileFrame) -> bool,
) -> Duration {
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    for _ in 0..1000 {
        let frame = Instant::now();
        h.run_steps(1);
        slowest = slowest.max(frame.elapsed());
        if done(&tiles::last_frame(&h.ctx)) || start.elapsed() > limit {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    slowest
}

/// Meshes painted with a texture other than the font atlas, in painting order with their index.
fn textured_meshes(h: &Harness<'_, AppState>) -> Vec<(usize, Rect, TextureId)> {
    let white = gba_atlas::map::stroke::white_texture(&h.ctx);
    h.output()
        .shapes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.shape {
            Shape::Mesh(m) if m.texture_id != TextureId::default() && m.texture_id != white => {
                Some((i, m.calc_bounds(), m.texture_id))
            }
            _ => None,
        })
        .collect()
}

/// Index of the first untextured mesh with a vertex of `colour`.
fn mesh_coloured(h: &Harness<'_, AppState>, colour: Color32) -> Option<usize> {
    let white = gba_atlas::map::stroke::white_texture(&h.ctx);
    h.output().shapes.iter().position(|c| match &c.shape {
        Shape::Mesh(m) => {
            (m.texture_id == TextureId::default() || m.texture_id == white)
                && m.vertices.iter().any(|v| v.color == colour)
        }
        _ => false,
    })
}

/// Index of the first rectangle filled with `colour`.
fn rect_filled(h: &Harness<'_, AppState>, colour: Color32) -> Option<usize> {
    h.output().shapes.iter().position(|c| match &c.shape {
        Shape::Rect(r) => r.fill == colour,
        _ => false,
    })
}

fn painted_text(h: &Harness<'_, AppState>, needle: &str) -> bool {
    h.output().shapes.iter().any(|c| match &c.shape {
        Shape::Text(t) => t.galley.text().contains(needle),
        _ => false,
    })
}

/// The tiles drawn line up with the map: each where the map's transform puts its tile grid.
fn assert_placed_on_the_grid(h: &Harness<'_, AppState>, frame: &TileFrame) {
    let t = h.state().transform.expect("a frame was drawn");
    for (id, rect) in &frame.drawn {
        let want = tile_rect(*id, &t);
        assert!(
            (rect.min - want.min).length() < 0.5 && (rect.max - want.max).length() < 0.5,
            "{id:?} at {rect:?}, the map's grid puts it at {want:?}"
        );
        assert!((rect.width() - 256.0).abs() < 0.5, "{rect:?}");
    }
}

/// The offline basemap is painted as with no tiles at all: the sea, the land, Shenzhen's
/// opaque fill, and no tile texture.
fn assert_offline_look(h: &Harness<'_, AppState>) {
    assert!(rect_filled(h, style::SEA).is_some(), "no sea");
    assert!(mesh_coloured(h, style::LAND).is_some(), "no land");
    assert!(
        mesh_coloured(h, style::city_fill("shenzhen")).is_some(),
        "Shenzhen not filled"
    );
    assert!(textured_meshes(h).is_empty(), "tiles painted");
}

#[test]
fn online_tiles_come_from_the_server_and_are_drawn_under_the_places() {
    let server = TileServer::start(Behaviour::Serve);
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = harness_at_qianhai(cache.path());
    // Off by default: nothing is asked of any server.
    assert!(!h.state().basemap.online);
    assert!(!tiles::last_frame(&h.ctx).active);
    assert_offline_look(&h);

    h.state_mut().apply(Command::SetTileServer(server.url()));
    // Until every tile covering the view is in.
    run_until(&mut h, Duration::from_secs(30), |f| {
        f.wanted > 0 && f.drawn.len() == f.wanted
    });
    h.run_steps(2);

    let frame = tiles::last_frame(&h.ctx);
    assert!(frame.active);
    let drawn: BTreeSet<(u32, u32)> = frame.drawn.iter().map(|(id, _)| (id.x, id.y)).collect();
    assert!(
        drawn.contains(&(QIANHAI.x, QIANHAI.y)),
        "Qianhai's tile not drawn: {drawn:?}"
    );
    // Every tile of the view, the map being about 900×760 px: 4–5 columns, 3–5 rows.
    assert_eq!(drawn.len(), frame.wanted);
    assert!(drawn.len() >= 12, "only {} tiles drawn", drawn.len());
    assert!(frame.drawn.iter().all(|(id, _)| id.zoom == 13));
    assert_placed_on_the_grid(&h, &frame);
    // Qianhai itself is on its tile (the tile numbers worked out apart from the app's code).
    let t = h.state().transform.expect("frame");
    let (_, on) = frame
        .drawn
        .iter()
        .find(|(id, _)| *id == QIANHAI)
        .expect("Qianhai's tile");
    assert!(on.contains(t.lon_lat_to_screen(113.89, 22.52)), "{on:?}");

    // The server was asked for exactly the tiles drawn (and no more than once each), by name.
    let requests = server.requests();
    let asked: BTreeSet<String> = requests.iter().map(|r| r.path.clone()).collect();
    assert_eq!(asked.len(), requests.len(), "a tile asked twice");
    for (x, y) in &drawn {
        assert!(asked.contains(&format!("/13/{x}/{y}.png")), "{x}/{y}");
    }
    assert!(
        requests
            .iter()
            .all(|r| r.user_agent.starts_with("gba-atlas/")),
        "{requests:?}"
    );

    // Painted: a textured mesh on each drawn tile's rectangle, each its own texture of the
    // tile's 256×256 image...
    let meshes = textured_meshes(&h);
    for (_, rect) in &frame.drawn {
        assert!(
            meshes
                .iter()
                .any(|(_, m, _)| (m.min - rect.min).length() < 0.5
                    && (m.max - rect.max).length() < 0.5),
            "no tile painted at {rect:?}"
        );
    }
    let textures: BTreeSet<_> = meshes.iter().map(|(_, _, id)| format!("{id:?}")).collect();
    assert_eq!(textures.len(), frame.drawn.len());
    let tex = h.ctx.tex_manager();
    for (_, _, id) in &meshes {
        let meta = tex.read().meta(*id).cloned().expect("texture");
        assert_eq!(meta.size, [256, 256]);
    }
    // ...over the offline basemap (the sea is painted first and shows where tiles are missing)
    // and under the places: Shenzhen is filled translucent after the tiles, never opaque.
    let first_tile = meshes.iter().map(|(i, _, _)| *i).min().expect("tiles");
    let sea = rect_filled(&h, style::SEA).expect("sea");
    assert!(sea < first_tile);
    let shenzhen = style::city_fill("shenzhen");
    let translucent = mesh_coloured(&h, shenzhen.gamma_multiply(CITY_OVER_TILES))
        .expect("Shenzhen filled over the tiles");
    assert!(translucent > first_tile);
    assert_eq!(mesh_coloured(&h, shenzhen), None, "opaque city over tiles");
    // The tiles' source is credited on the map.
    assert!(painted_text(
        &h,
        &format!("Tiles: 127.0.0.1:{}", server.port)
    ));

    // Switched off: the offline basemap alone again, nothing credited.
    h.state_mut().apply(Command::SetOnlineTiles(false));
    h.run_steps(2);
    assert!(!tiles::last_frame(&h.ctx).active);
    assert_offline_look(&h);
    assert!(!painted_text(&h, "Tiles: 127.0.0.1"));

    // The tiles went to the on-disk cache: a new app with the server gone still shows them.
    let port = server.port;
    drop(server);
    drop(h);
    assert!(
        std::fs::read_dir(cache.path()).expect("cache dir").count() > 0,
        "nothing cached"
    );
    let mut h = harness_at_qianhai(cache.path());
    h.state_mut().apply(Command::SetTileServer(format!(
        "http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    )));
    run_until(&mut h, Duration::from_secs(20), |f| {
        f.drawn
            .iter()
            .any(|(id, _)| (id.x, id.y) == (QIANHAI.x, QIANHAI.y))
    });
    let frame = tiles::last_frame(&h.ctx);
    assert!(
        frame
            .drawn
            .iter()
            .any(|(id, _)| (id.x, id.y) == (QIANHAI.x, QIANHAI.y)),
        "cached tile not shown: {frame:?}"
    );
}

#[test]
fn with_the_server_gone_the_offline_basemap_is_drawn() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = harness_at_qianhai(cache.path());
    h.state_mut().apply(Command::SetTileServer(format!(
        "http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png",
        dead_port()
    )));
    // Every request fails at once; give them time to.
    let slowest = run_until(&mut h, Duration::from_secs(3), |_| false);
    let frame = tiles::last_frame(&h.ctx);
    assert!(frame.active, "online tiles are on");
    assert!(frame.drawn.is_empty());
    assert_eq!(frame.loading, 0, "requests still pending: {frame:?}");
    assert_offline_look(&h);
    assert!(!painted_text(&h, "Tiles: 127.0.0.1"));
    assert!(slowest < Duration::from_secs(2), "a frame took {slowest:?}");
    // The app still works as before: a click on the Qianhai zone selects a place there.
    let pos = common::screen_pos_of(&h, "qianhai-zone");
    common::click_at(&mut h, pos);
    assert!(h.state().view.selected.is_some());
}

#[test]
fn a_server_that_never_answers_does_not_block_the_ui() {
    let server = TileServer::start(Behaviour::Hang);
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = harness_at_qianhai(cache.path());
    h.state_mut().apply(Command::SetTileServer(server.url()));
    let start = Instant::now();
    let slowest = run_until(&mut h, Duration::from_secs(3), |_| false);
    // The requests are out and hang, while frames keep coming.
    assert!(!server.requests().is_empty(), "no request was made");
    let frame = tiles::last_frame(&h.ctx);
    assert!(frame.loading > 0, "{frame:?}");
    assert!(frame.drawn.is_empty());
    assert_offline_look(&h);
    assert!(slowest < Duration::from_secs(2), "a frame took {slowest:?}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

/// Writes a PMTiles file of PNG tiles: 3×3 tiles at zoom 13 around Qianhai.
fn write_pmtiles(path: &Path) -> BTreeSet<(u32, u32)> {
    use pmtiles::{PmTilesWriter, TileCoord, TileType};
    let file = std::fs::File::create(path).expect("create");
    let mut writer = PmTilesWriter::new(TileType::Png)
        .min_zoom(13)
        .max_zoom(13)
        .bounds(113.8, 22.4, 114.0, 22.6)
        .create(file)
        .expect("writer");
    let mut written = BTreeSet::new();
    // Tiles in Hilbert order is best, any order is valid.
    for y in QIANHAI.y - 1..=QIANHAI.y + 1 {
        for x in QIANHAI.x - 1..=QIANHAI.x + 1 {
            let coord = TileCoord::new(13, x, y).expect("coord");
            writer
                .add_tile(coord, &png_tile(colour_of(x, y)))
                .expect("tile");
            written.insert((x, y));
        }
    }
    writer.finalize().expect("finalize");
    written
}

#[test]
fn a_local_pmtiles_file_is_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("qianhai.pmtiles");
    let written = write_pmtiles(&path);
    tiles::check_pmtiles(&path).expect("a valid raster PMTiles file");

    // As the command line gives it.
    let cli = Cli::try_parse_from([
        "gba-atlas",
        "--basemap",
        path.to_str().expect("utf-8"),
        "--view",
        "113.89,22.52,13",
    ])
    .expect("arguments");
    let mut h = common::harness_for(&data_dir());
    for c in cli.startup_commands() {
        h.state_mut().apply(c);
    }
    assert_eq!(h.state().basemap.file.as_deref(), Some(path.as_path()));
    assert!(!h.state().basemap.online, "a file needs no network");
    run_until(&mut h, Duration::from_secs(20), |f| {
        f.drawn.len() == written.len()
    });
    h.run_steps(2);

    let frame = tiles::last_frame(&h.ctx);
    let drawn: BTreeSet<(u32, u32)> = frame.drawn.iter().map(|(id, _)| (id.x, id.y)).collect();
    // Exactly the file's tiles (the rest of the view is the offline basemap).
    assert_eq!(drawn, written);
    assert_placed_on_the_grid(&h, &frame);
    assert_eq!(textured_meshes(&h).len(), written.len());
    assert!(painted_text(&h, "Basemap: qianhai.pmtiles"));
    // Around the extract the offline basemap is still painted, first.
    let sea = rect_filled(&h, style::SEA).expect("sea");
    assert!(textured_meshes(&h).iter().all(|(i, _, _)| *i > sea));
}

#[test]
fn the_command_line_checks_tile_options() {
    let url = "http://127.0.0.1:8080/{z}/{x}/{y}.png";
    let cli = Cli::try_parse_from(["gba-atlas", "--tiles", url]).expect("valid");
    assert!(
        cli.startup_commands()
            .contains(&Command::SetTileServer(url.to_string()))
    );
    for bad in [
        ["gba-atlas", "--tiles", "127.0.0.1:8080/{z}/{x}/{y}.png"],
        ["gba-atlas", "--tiles", "http://127.0.0.1:8080/{z}/{x}.png"],
        ["gba-atlas", "--basemap", "/no/such/file.pmtiles"],
    ] {
        assert!(Cli::try_parse_from(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn the_top_bar_switches_the_online_map() {
    use egui_kittest::kittest::Queryable as _;
    let server = TileServer::start(Behaviour::Serve);
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = harness_at_qianhai(cache.path());
    // Pointed at the test server first: the default is OpenStreetMap, which a test must not use.
    h.state_mut().apply(Command::SetTileServer(server.url()));
    h.state_mut().apply(Command::SetOnlineTiles(false));
    h.run_steps(2);
    h.get_by_label("Online map").click();
    h.run_steps(2);
    assert!(h.state().basemap.online);
    run_until(&mut h, Duration::from_secs(20), |f| !f.drawn.is_empty());
    assert!(!server.requests().is_empty());
    h.get_by_label("Online map").click();
    h.run_steps(2);
    assert!(!h.state().basemap.online);
}
