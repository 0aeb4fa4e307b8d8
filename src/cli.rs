//! The command line: run the app (default), `check` the data, print the `plan`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::data::Dataset;
use crate::map::tiles::{UrlTemplate, check_pmtiles};
use crate::plan::Plan;

#[derive(Debug, Parser)]
#[command(
    name = "gba-atlas",
    version,
    args_conflicts_with_subcommands = true,
    about = "An offline map of the Greater Bay Area, linked to the plan's clauses"
)]
pub struct Cli {
    /// Data directory to open (default: the bundled `data/`).
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
    /// Open with this place selected (its id, e.g. `hong-kong`).
    #[arg(long)]
    pub select: Option<String>,
    /// Open reading this clause (1–66), its places highlighted.
    #[arg(long)]
    pub clause: Option<u32>,
    /// Open at this view: `LON,LAT,ZOOM` (e.g. `113.9,22.53,13`).
    #[arg(long, value_parser = parse_view)]
    pub view: Option<(f64, f64, f64)>,
    /// Open in presentation mode (full screen, a caption, larger type; Esc leaves).
    #[arg(long)]
    pub present: bool,
    /// The language of the interface and the labels: `zh-Hans`, `zh-Hant` or `en`.
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<crate::i18n::Lang>,
    /// Open at a saved view of `data/views.json`, by name.
    #[arg(long, value_name = "NAME")]
    pub view_name: Option<String>,
    /// Start a tour: a saved one of `data/tours.json` by name, `section:十` (one stop per
    /// mapped clause of a section) or `plan` (every mapped clause).
    #[arg(long, value_name = "NAME")]
    pub tour: Option<String>,
    /// The tour's stop to start at (1 is the first).
    #[arg(long, value_name = "N", requires = "tour")]
    pub stop: Option<usize>,
    /// Window size in points, `WIDTHxHEIGHT` (default: as last time, else 1280x800).
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(f32, f32)>,
    /// Show online tiles from this XYZ server under the places, e.g.
    /// `http://127.0.0.1:8080/{z}/{x}/{y}.png` (the top bar's "Online map" uses OpenStreetMap).
    #[arg(long, value_name = "URL_TEMPLATE", value_parser = parse_tiles)]
    pub tiles: Option<String>,
    /// Show raster tiles from a local PMTiles file under the places.
    #[arg(long, value_name = "FILE.pmtiles", value_parser = parse_basemap)]
    pub basemap: Option<PathBuf>,
    /// GeoJSON files to open as extra layers beside the data (any GeoJSON in WGS-84).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

fn parse_lang(s: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(s).ok_or_else(|| format!("\"{s}\": expected zh-Hans, zh-Hant or en"))
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| "expected WIDTHxHEIGHT, e.g. 1920x1080".to_string())?;
    let w: f32 = w.trim().parse().map_err(|e| format!("\"{w}\": {e}"))?;
    let h: f32 = h.trim().parse().map_err(|e| format!("\"{h}\": {e}"))?;
    if w < 320.0 || h < 240.0 {
        return Err("the window must be at least 320x240".into());
    }
    Ok((w, h))
}

fn parse_view(s: &str) -> Result<(f64, f64, f64), String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|e| format!("\"{p}\": {e}")))
        .collect::<Result<_, _>>()?;
    match parts.as_slice() {
        [lon, lat, zoom] => Ok((*lon, *lat, *zoom)),
        _ => Err("expected LON,LAT,ZOOM".to_string()),
    }
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|e| format!("\"{p}\": {e}")))
        .collect::<Result<_, _>>()?;
    match parts.as_slice() {
        [w, s, e, n] => Ok([*w, *s, *e, *n]),
        _ => Err("expected WEST,SOUTH,EAST,NORTH".to_string()),
    }
}

fn parse_export_size(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| "expected WIDTHxHEIGHT, e.g. 1920x1080".to_string())?;
    let side = |v: &str| -> Result<u32, String> {
        let n: u32 = v.trim().parse().map_err(|e| format!("\"{v}\": {e}"))?;
        if (16..=crate::export::run::MAX_SIDE).contains(&n) {
            Ok(n)
        } else {
            Err(format!(
                "{n}: each side must be 16 to {}",
                crate::export::run::MAX_SIDE
            ))
        }
    };
    Ok([side(w)?, side(h)?])
}

fn parse_paper(s: &str) -> Result<crate::export::atlas::Paper, String> {
    crate::export::atlas::Paper::parse(s).ok_or_else(|| format!("\"{s}\": expected A4 or A3"))
}

fn parse_tiles(s: &str) -> Result<String, String> {
    UrlTemplate::parse(s)
        .map(|t| t.as_str().to_string())
        .map_err(|e| e.to_string())
}

fn parse_basemap(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    check_pmtiles(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

impl Cli {
    /// The commands the options ask for at start.
    pub fn startup_commands(&self) -> Vec<crate::app::Command> {
        use crate::app::{Command, PresentCommand as P};
        let mut commands = Vec::new();
        if let Some(lang) = self.lang {
            commands.push(Command::Present(P::SetLang(lang)));
        }
        if let Some(name) = &self.view_name {
            commands.push(Command::Present(P::RecallViewNamed(name.clone())));
        }
        if let Some(name) = &self.tour {
            commands.push(Command::Present(P::StartTour {
                name: name.clone(),
                stop: self.stop.unwrap_or(1).saturating_sub(1),
            }));
        }
        // Layers first: they are read in the background and fit the view to them once added;
        // what comes after (which may name their features, and a view asked for, which wins)
        // waits for them.
        for f in &self.files {
            commands.push(Command::OpenLayer(f.clone()));
        }
        let after = commands.len();
        if let Some(n) = self.clause {
            commands.push(Command::SelectClause(Some(n)));
        }
        if let Some(id) = &self.select {
            commands.push(Command::Select(Some(id.clone())));
            // Opened on a place: shown in its context (a `--view` given too wins).
            commands.push(Command::ZoomToPlace(id.clone()));
        }
        if let Some((lon, lat, zoom)) = self.view {
            commands.push(Command::SetView { lon, lat, zoom });
        }
        if let Some(path) = &self.basemap {
            commands.push(Command::SetBasemapFile(Some(path.clone())));
        }
        if let Some(url) = &self.tiles {
            commands.push(Command::SetTileServer(url.clone()));
        }
        if self.present {
            commands.push(Command::Present(P::SetPresenting(true)));
        }
        if !self.files.is_empty() {
            let rest = commands.split_off(after);
            commands.push(Command::AfterLoads(rest));
        }
        commands
    }
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Check every data file; print each problem as `file:feature: field: message`
    /// (`file:feature: warning: field: message` for warnings). Exits with status 1 if there is
    /// any error (or any warning, with `--deny-warnings`).
    Check {
        /// Data directory (default: the bundled `data/`).
        dir: Option<PathBuf>,
        /// Fail on warnings too (unlinked clauses and the like).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Write data files in the canonical layout (one feature per line, property order and
    /// number precision kept), the layout the app saves in. With `--check`, only list the files
    /// that are not in it and exit with status 1 if any is not.
    Fmt {
        /// Check only; change nothing.
        #[arg(long)]
        check: bool,
        /// Files or directories (default: the bundled `data/`).
        paths: Vec<PathBuf>,
    },
    /// Export the map as a PNG, SVG or PDF: the places and basemap as the map view draws them,
    /// with a title, a legend of the kinds shown, a scale bar, a north arrow and the
    /// attribution. Default: the whole Greater Bay Area.
    #[command(group(clap::ArgGroup::new("target").args(["view", "view_name", "clause", "place", "bbox"])))]
    Export {
        /// A centre and zoom: `LON,LAT,ZOOM` (e.g. `113.9,22.53,13`).
        #[arg(long, value_parser = parse_view)]
        view: Option<(f64, f64, f64)>,
        /// A saved view of `data/views.json`, by name (its layers and language too).
        #[arg(long, value_name = "NAME")]
        view_name: Option<String>,
        /// A clause (1–66): its places fitted and highlighted, its title as the title.
        #[arg(long, value_name = "N")]
        clause: Option<u32>,
        /// A place by id: fitted and selected.
        #[arg(long, value_name = "ID")]
        place: Option<String>,
        /// A box in degrees: `WEST,SOUTH,EAST,NORTH`.
        #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox)]
        bbox: Option<[f64; 4]>,
        /// The size: pixels of a PNG (times `--scale`), CSS pixels of an SVG or PDF page.
        #[arg(long, default_value = "1920x1080", value_parser = parse_export_size)]
        size: [u32; 2],
        /// Pixels per point of a PNG: 2 gives a HiDPI image twice as wide and high, laid out the
        /// same.
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// The labels' and legend's language: `zh-Hans` (default), `zh-Hant` or `en`.
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<crate::i18n::Lang>,
        /// The title (default: the clause's or place's, else the plan's).
        #[arg(long)]
        title: Option<String>,
        /// The output file: `.png`, `.svg` or `.pdf`.
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
        /// A GeoJSON file to draw as a layer, as the app opens it (may be given more than once).
        #[arg(long, value_name = "FILE")]
        layer: Vec<PathBuf>,
    },
    /// The clause atlas as a PDF: a cover, an overview of the 11 cities, a page per clause that
    /// names places (its map, number, title and text with the names highlighted, a legend), an
    /// index of places with their page numbers, and an outline by section.
    Atlas {
        /// `A4` (default) or `A3`, landscape.
        #[arg(long, default_value = "A4", value_parser = parse_paper)]
        paper: crate::export::atlas::Paper,
        /// Only this section: its numeral (`十`) or number (`10`).
        #[arg(long, value_name = "SECTION")]
        section: Option<String>,
        /// `zh-Hans` (default), `zh-Hant` or `en` (the labels, legend and headings; the plan's
        /// text stays in Chinese).
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<crate::i18n::Lang>,
        /// The PDF file to write.
        #[arg(short, long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Summarise GeoJSON files as the app reads them when opened beside the data (parsed,
    /// checked, indexed): features by geometry type, the extent, the properties with their JSON
    /// types, and the problems. Exits with status 1 if a file cannot be opened at all.
    Info {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How many problems to list per file.
        #[arg(long, default_value_t = 20, value_name = "N")]
        problems: usize,
    },
    /// Print the parsed plan.
    Plan {
        /// Print the errata (`data/plan/ERRATA.md`) instead of the outline.
        #[arg(long)]
        errata: bool,
        /// Write sections and clauses as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

/// Finds the data directory: the one given, else `./data`, else next to the executable
/// (`target/release/../../data`), else the source tree it was built from.
pub fn locate_data_dir(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let mut candidates = vec![PathBuf::from("data")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.push(dir.join("data"));
        candidates.push(dir.join("../../data"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    candidates
        .iter()
        .find(|d| d.join("places").is_dir())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("data"))
}

/// `gba-atlas check`: returns the exit code and prints problems to stdout, a summary to stderr.
pub fn check(dir: &Path, deny_warnings: bool, out: &mut dyn std::io::Write) -> ExitCode {
    let plan = match Plan::bundled() {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(out, "data/plan/plan.txt: plan: {e}");
            return ExitCode::FAILURE;
        }
    };
    match Dataset::load(dir, &plan) {
        Ok(ds) => {
            for issue in &ds.issues {
                let _ = writeln!(out, "{issue}");
            }
            let warnings = ds.issues.iter().filter(|i| i.is_warning()).count();
            let errors = ds.issues.len() - warnings;
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            eprintln!(
                "checked {} files: {} places, {} basemap features; {errors} problem{}, {warnings} warning{}",
                ds.files.len(),
                ds.places.len(),
                ds.basemap.len(),
                plural(errors),
                plural(warnings),
            );
            if errors == 0 && (warnings == 0 || !deny_warnings) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            let _ = writeln!(out, "{e}");
            ExitCode::FAILURE
        }
    }
}

/// `gba-atlas info`: prints each file's summary (or why it cannot be opened) to `out`.
pub fn info(files: &[PathBuf], problems: usize, out: &mut dyn std::io::Write) -> ExitCode {
    let mut failed = false;
    for path in files {
        match crate::data::info::summarise(path) {
            Ok(summary) => {
                let _ = write!(out, "{}", summary.report(problems));
            }
            Err(e) => {
                failed = true;
                let _ = writeln!(out, "{}", crate::data::printable(&e.to_string(), 600));
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `gba-atlas fmt`: returns the exit code; prints what it did (or would do) to `out`.
pub fn fmt(paths: &[PathBuf], check: bool, out: &mut dyn std::io::Write) -> ExitCode {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = crate::data::collect_geojson(path, &mut found) {
                let _ = writeln!(out, "{}: cannot read directory: {e}", path.display());
                return ExitCode::FAILURE;
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut failed = false;
    let mut changed = 0;
    for path in &files {
        let shown = path.display();
        let text = match crate::data::read_text(path) {
            Ok(t) => t,
            Err((at, field, message)) => {
                let issue = crate::data::Issue::error(shown.to_string(), at, field, message);
                let _ = writeln!(out, "{issue}");
                failed = true;
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let _ = writeln!(
                    out,
                    "{shown}:{}:{}: json: {}",
                    e.line(),
                    e.column(),
                    e.to_string()
                        .rsplit_once(" at line ")
                        .map_or(e.to_string(), |(m, _)| m.to_string())
                );
                failed = true;
                continue;
            }
        };
        let Some(canonical) = crate::data::format::canonical(&value) else {
            let _ = writeln!(out, "{shown}: type: not a GeoJSON FeatureCollection");
            failed = true;
            continue;
        };
        if canonical == text {
            continue;
        }
        changed += 1;
        if check {
            let _ = writeln!(
                out,
                "{shown}: not in the canonical layout (run `gba-atlas fmt`)"
            );
            failed = true;
        } else if let Err(e) = crate::data::format::save_atomic(path, &canonical) {
            let _ = writeln!(out, "{e}");
            failed = true;
        } else {
            let _ = writeln!(out, "{shown}: formatted");
        }
    }
    eprintln!(
        "{} file{}: {changed} {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if check {
            "not in the canonical layout"
        } else {
            "formatted"
        }
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `gba-atlas plan`.
pub fn plan(errata: bool, json: Option<&Path>) -> ExitCode {
    let plan = match Plan::bundled() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("data/plan/plan.txt: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = json {
        let value = serde_json::json!({
            "title": plan.title,
            "sections": plan.sections.iter().map(|s| serde_json::json!({
                "number": s.number, "numeral": s.numeral, "title": s.title, "clauses": s.clauses,
            })).collect::<Vec<_>>(),
            "clauses": plan.clauses.iter().map(|c| serde_json::json!({
                "number": c.number, "numeral": c.numeral, "section": c.section,
                "title": c.title, "text": c.text(),
            })).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("{}: cannot write: {e}", path.display());
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    if errata {
        print!("{}", plan.errata_markdown());
    } else {
        println!("{}", plan.title);
        for s in &plan.sections {
            println!("{}、{}", s.numeral, s.title);
            for n in &s.clauses {
                if let Some(c) = plan.clause(*n) {
                    println!("  {} {}", c.marker(), c.title);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

impl CliCommand {
    /// The export an `export` command asks for (`None` for the other commands).
    pub fn export_request(&self, data: Option<&Path>) -> Option<crate::export::run::ExportRequest> {
        use crate::export::Target;
        let CliCommand::Export {
            view,
            view_name,
            clause,
            place,
            bbox,
            size,
            scale,
            lang,
            title,
            out,
            layer,
        } = self
        else {
            return None;
        };
        let target = if let Some((lon, lat, zoom)) = *view {
            Target::View { lon, lat, zoom }
        } else if let Some(n) = *clause {
            Target::Clause(n)
        } else if let Some(id) = place {
            Target::Place(id.clone())
        } else if let Some(b) = *bbox {
            Target::BBox(b)
        } else {
            Target::Whole
        };
        Some(crate::export::run::ExportRequest {
            data_dir: locate_data_dir(data),
            target,
            view_name: view_name.clone(),
            size: *size,
            scale: *scale,
            lang: *lang,
            title: title.clone(),
            out: out.clone(),
            layers: layer.clone(),
        })
    }
}

/// `gba-atlas export`: writes the file and says what it wrote.
pub fn export(req: &crate::export::run::ExportRequest) -> ExitCode {
    match crate::export::run::export(req) {
        Ok(done) => {
            eprintln!(
                "{}: {} {}×{}, legend: {}",
                req.out.display(),
                done.format.extension().to_uppercase(),
                done.size[0],
                done.size[1],
                done.legend
                    .iter()
                    .map(|k| k.label_in(crate::i18n::Lang::En))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("export: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `gba-atlas atlas`.
pub fn atlas(
    data: Option<&Path>,
    paper: crate::export::atlas::Paper,
    section: Option<String>,
    lang: Option<crate::i18n::Lang>,
    out: &Path,
) -> ExitCode {
    let req = crate::export::atlas::AtlasRequest {
        data_dir: locate_data_dir(data),
        out: out.to_path_buf(),
        paper,
        section,
        lang: lang.unwrap_or(crate::i18n::Lang::ZhHans),
    };
    match crate::export::atlas::atlas(&req) {
        Ok(done) => {
            eprintln!(
                "{}: {} pages ({} clauses, index from page {})",
                out.display(),
                done.pages,
                done.clause_pages.len(),
                done.index_page
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atlas: {e}");
            ExitCode::FAILURE
        }
    }
}
