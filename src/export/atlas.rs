//! The clause atlas: a PDF with a cover, an overview of the 11 cities, one page per clause that
//! names places (the map fitted to them, the clause's number, title and full text with the names
//! highlighted, a legend of what the page shows), and an index of places with their page
//! numbers; page numbers, links from the index, and an outline by section.
//!
//! Every page is an egui drawing in PDF points (1 point = 1/72 inch), recorded as vectors
//! ([`crate::render::vector`]) and written by `krilla`, which embeds subsets of the fonts: the
//! text is real text.

use std::path::PathBuf;

use egui::text::LayoutJob;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, pos2, vec2};

use crate::app::{AppState, Command};
use crate::data::Kind;
use crate::i18n::{Lang, tr, trf};
use crate::render::vector::{self, Bookmark, Link, Pdf};

use super::run::ExportError;
use super::{Page, Target};

/// Paper sizes, landscape, in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    pub fn size(self) -> [f32; 2] {
        match self {
            Paper::A4 => [841.89, 595.28],
            Paper::A3 => [1190.55, 841.89],
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_uppercase().as_str() {
            "A4" => Some(Paper::A4),
            "A3" => Some(Paper::A3),
            _ => None,
        }
    }
}

/// An atlas asked for on the command line.
#[derive(Debug, Clone)]
pub struct AtlasRequest {
    pub data_dir: PathBuf,
    pub out: PathBuf,
    pub paper: Paper,
    /// A section by its numeral (`十`) or number (`10`): the atlas of that section only.
    pub section: Option<String>,
    pub lang: Lang,
}

/// What an atlas run made.
#[derive(Clone)]
pub struct Atlas {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The clauses with a page, in order, and their page numbers (1-based).
    pub clause_pages: Vec<(u32, usize)>,
    /// The first index page (1-based).
    pub index_page: usize,
}

impl std::fmt::Debug for Atlas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Atlas({} pages, {} bytes, clauses {:?}, index from {})",
            self.pages,
            self.bytes.len(),
            self.clause_pages,
            self.index_page
        )
    }
}

/// Loads the data, makes the atlas and writes it.
pub fn atlas(req: &AtlasRequest) -> Result<Atlas, ExportError> {
    let mut state = AppState::load_without_background(&req.data_dir);
    if let Some(message) = state.messages.first() {
        return Err(ExportError::Data(message.clone()));
    }
    let done = build(&mut state, req.paper, req.section.as_deref(), req.lang)?;
    crate::data::format::write_atomic_bytes(&req.out, &done.bytes).map_err(|source| {
        ExportError::Write {
            path: req.out.clone(),
            source,
        }
    })?;
    Ok(done)
}

const MARGIN: f32 = 28.0;
/// Map labels and lines on paper, against the screen's: a point on A4 is larger than a pixel.
const PRINT_TYPE: f32 = 0.72;
const HEADER_H: f32 = 34.0;
const FOOTER_H: f32 = 22.0;
const INK: Color32 = Color32::from_gray(25);
const MUTED: Color32 = Color32::from_gray(105);
const HIGHLIGHT: Color32 = Color32::from_rgb(255, 226, 120);

/// The atlas of the whole plan, or of one section, as PDF bytes.
pub fn build(
    state: &mut AppState,
    paper: Paper,
    section: Option<&str>,
    lang: Lang,
) -> Result<Atlas, ExportError> {
    let sections: Vec<crate::plan::Section> = match section {
        None => state.plan.sections.clone(),
        Some(s) => {
            let s = s.trim();
            let found = state
                .plan
                .sections
                .iter()
                .find(|x| x.numeral == s || x.number.to_string() == s);
            match found {
                Some(x) => vec![x.clone()],
                None => {
                    return Err(ExportError::Target(format!(
                        "there is no section \"{s}\" (the plan has sections 一 to 十一, or 1 to {})",
                        state.plan.sections.len()
                    )));
                }
            }
        }
    };
    // The clauses with places, in order.
    let clauses: Vec<u32> = sections
        .iter()
        .flat_map(|s| s.clauses.iter().copied())
        .filter(|n| state.data.places.iter().any(|p| p.cites(*n)))
        .collect();
    if clauses.is_empty() {
        return Err(ExportError::Target(
            "no clause of this section names a place on the map".into(),
        ));
    }
    let [w, h] = paper.size();
    let size = vec2(w, h);
    let ctx = super::run::context();
    // One empty pass: egui has its fonts from then on, and the book can read them.
    vector::record_passes(&ctx, [16.0, 16.0], 1, |_| {});
    let book = vector::FontBook::of(&ctx);
    let mut pdf = Pdf::new(&book)?;
    let title = localise(lang, &state.plan.title);
    pdf.set_title(&format!("{title} — {}", tr(lang, "atlas.name")));

    // Page numbers: cover 1, overview 2, then the clauses, then the index.
    let first_clause_page = 3;
    let clause_pages: Vec<(u32, usize)> = clauses
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, first_clause_page + i))
        .collect();
    let index_entries = index_entries(state, &clause_pages, lang);
    let index_layout = layout_index(&ctx, size, &index_entries);
    let index_page = first_clause_page + clauses.len();
    let pages = index_page - 1 + index_layout.len();

    state.view.lang = lang;
    // The atlas shows what the plan names, whatever was hidden.
    state.view.hidden_statuses.clear();

    // Cover.
    let d = vector::record_passes(&ctx, [w, h], 1, |ui| {
        cover(
            ui.painter(),
            state,
            size,
            lang,
            clauses.len(),
            sections.len(),
        );
    });
    pdf.page(&d, 1.0);
    // The 11 cities.
    state.apply(Command::SelectClause(None));
    let d = vector::record_passes(&ctx, [w, h], 1, |ui| {
        let rect = Rect::from_min_size(Pos2::ZERO, size);
        let page = Page {
            target: Target::Whole,
            title: Some(tr(lang, "atlas.overview").to_string()),
            lang,
        };
        // Above the footer, so that the scale bar and the attribution stay clear of it.
        let inner = Rect::from_min_max(rect.min, pos2(rect.max.x, rect.max.y - FOOTER_H - 8.0));
        ui.painter().rect_filled(rect, 0.0, Color32::WHITE);
        super::draw(ui.painter(), state, &page, inner);
        footer(ui.painter(), size, 2, pages, &title);
    });
    pdf.page(&d, 1.0);
    // A page per clause.
    for (n, number) in &clause_pages {
        state.apply(Command::SelectClause(Some(*n)));
        let d = vector::record_passes(&ctx, [w, h], 1, |ui| {
            clause_page(ui.painter(), state, size, *n, lang);
            footer(ui.painter(), size, *number, pages, &title);
        });
        pdf.page(&d, 1.0);
    }
    // The index.
    for (i, column_set) in index_layout.iter().enumerate() {
        let number = index_page + i;
        let mut links = Vec::new();
        let d = vector::record_passes(&ctx, [w, h], 1, |ui| {
            links = index_page_draw(ui.painter(), size, column_set, &index_entries, lang, i == 0);
            footer(ui.painter(), size, number, pages, &title);
        });
        pdf.page_with_links(&d, 1.0, &links);
    }

    // The outline: cover, overview, each section with its clauses, the index.
    let mut outline = vec![
        Bookmark {
            title: tr(lang, "atlas.cover").to_string(),
            page: 0,
            children: Vec::new(),
        },
        Bookmark {
            title: tr(lang, "atlas.overview").to_string(),
            page: 1,
            children: Vec::new(),
        },
    ];
    for s in &sections {
        let children: Vec<Bookmark> = clause_pages
            .iter()
            .filter(|(n, _)| s.clauses.contains(n))
            .filter_map(|(n, p)| {
                let c = state.plan.clause(*n)?;
                Some(Bookmark {
                    title: localise(lang, &format!("{}{}", c.marker(), c.title)),
                    page: p - 1,
                    children: Vec::new(),
                })
            })
            .collect();
        if let Some(first) = children.first() {
            outline.push(Bookmark {
                title: localise(lang, &format!("{}、{}", s.numeral, s.title)),
                page: first.page,
                children,
            });
        }
    }
    outline.push(Bookmark {
        title: tr(lang, "atlas.index").to_string(),
        page: index_page - 1,
        children: Vec::new(),
    });
    pdf.set_outline(&outline);
    Ok(Atlas {
        bytes: pdf.finish()?,
        pages,
        clause_pages,
        index_page,
    })
}

fn localise(lang: Lang, text: &str) -> String {
    match lang {
        Lang::ZhHant => crate::i18n::to_hant(text),
        _ => text.to_string(),
    }
}

fn place_name(state: &AppState, i: usize, lang: Lang) -> String {
    let Some(p) = state.data.places.get(i) else {
        return String::new();
    };
    match lang {
        Lang::En if !p.name_en.is_empty() => p.name_en.clone(),
        Lang::ZhHant => state
            .scene
            .places
            .get(i)
            .map(|s| s.hant(&p.name_zh).into_owned())
            .unwrap_or_else(|| crate::i18n::to_hant(&p.name_zh)),
        _ => p.name_zh.clone(),
    }
}

fn footer(painter: &Painter, size: egui::Vec2, number: usize, pages: usize, title: &str) {
    let y = size.y - FOOTER_H / 2.0 - 4.0;
    painter.line_segment(
        [
            pos2(MARGIN, size.y - FOOTER_H - 4.0),
            pos2(size.x - MARGIN, size.y - FOOTER_H - 4.0),
        ],
        Stroke::new(0.5, Color32::from_gray(190)),
    );
    painter.text(
        pos2(MARGIN, y),
        Align2::LEFT_CENTER,
        title,
        FontId::proportional(7.5),
        MUTED,
    );
    painter.text(
        pos2(size.x - MARGIN, y),
        Align2::RIGHT_CENTER,
        format!("{number} / {pages}"),
        FontId::proportional(8.5),
        MUTED,
    );
}

fn cover(
    painter: &Painter,
    state: &AppState,
    size: egui::Vec2,
    lang: Lang,
    clauses: usize,
    sections: usize,
) {
    let rect = Rect::from_min_size(Pos2::ZERO, size);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    // The bay area across the lower part of the page, without its frame.
    let map = Rect::from_min_max(pos2(0.0, size.y * 0.42), size.to_pos2());
    let page = Page {
        target: Target::Whole,
        title: None,
        lang,
    };
    super::draw_map(
        painter,
        state,
        &page,
        map,
        map.shrink2(vec2(40.0, 24.0)),
        PRINT_TYPE,
    );
    let title = localise(lang, &state.plan.title);
    let galley = painter.layout(
        title,
        FontId::proportional(26.0),
        INK,
        size.x - 2.0 * MARGIN - 40.0,
    );
    let mut y = 70.0;
    painter.galley(pos2(MARGIN + 20.0, y), galley.clone(), INK);
    y += galley.size().y + 14.0;
    painter.text(
        pos2(MARGIN + 20.0, y),
        Align2::LEFT_TOP,
        tr(lang, "atlas.name"),
        FontId::proportional(20.0),
        Color32::from_rgb(190, 60, 40),
    );
    y += 34.0;
    let places = state
        .data
        .places
        .iter()
        .filter(|p| !p.clauses.is_empty())
        .count();
    painter.text(
        pos2(MARGIN + 20.0, y),
        Align2::LEFT_TOP,
        trf(
            lang,
            "atlas.stats",
            &[
                ("sections", &sections),
                ("clauses", &clauses),
                ("places", &places),
            ],
        ),
        FontId::proportional(11.0),
        MUTED,
    );
    painter.line_segment(
        [
            pos2(MARGIN + 20.0, size.y * 0.42 - 1.0),
            pos2(size.x - MARGIN - 20.0, size.y * 0.42 - 1.0),
        ],
        Stroke::new(0.8, Color32::from_gray(160)),
    );
}

/// A clause's page: its header, the map on the left, the text and the legend on the right.
fn clause_page(painter: &Painter, state: &AppState, size: egui::Vec2, n: u32, lang: Lang) {
    let Some(clause) = state.plan.clause(n) else {
        return;
    };
    let rect = Rect::from_min_size(Pos2::ZERO, size);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let section = state
        .plan
        .sections
        .iter()
        .find(|s| s.number == clause.section);
    // Header.
    painter.text(
        pos2(MARGIN, MARGIN + 6.0),
        Align2::LEFT_CENTER,
        localise(lang, &format!("{}{}", clause.marker(), clause.title)),
        FontId::proportional(15.0),
        INK,
    );
    if let Some(s) = section {
        painter.text(
            pos2(size.x - MARGIN, MARGIN + 6.0),
            Align2::RIGHT_CENTER,
            localise(lang, &format!("{}、{}", s.numeral, s.title)),
            FontId::proportional(9.0),
            MUTED,
        );
    }
    let top = MARGIN + HEADER_H - 8.0;
    let bottom = size.y - FOOTER_H - 12.0;
    let text_w = ((size.x - 2.0 * MARGIN) * 0.36).round();
    let map = Rect::from_min_max(
        pos2(MARGIN, top),
        pos2(size.x - MARGIN - text_w - 14.0, bottom),
    );
    let page = Page {
        target: Target::Clause(n),
        title: None,
        lang,
    };
    let free = Rect::from_min_max(map.min + vec2(10.0, 10.0), map.max - vec2(10.0, 30.0));
    let (_, kinds) = super::draw_map(painter, state, &page, map, free, PRINT_TYPE);
    painter.rect_stroke(
        map,
        0.0,
        Stroke::new(0.6, Color32::from_gray(150)),
        egui::StrokeKind::Outside,
    );

    // The text column: the clause, then the legend at the bottom.
    let col = Rect::from_min_max(pos2(map.max.x + 14.0, top), pos2(size.x - MARGIN, bottom));
    let legend_h = compact_legend_height(kinds.len());
    let avail = col.height() - legend_h - 10.0;
    let mut quotes: Vec<String> = state
        .data
        .places_citing(n)
        .flat_map(|p| p.quotes_in(n).to_vec())
        .collect();
    let text = localise(lang, &clause.text());
    if lang == Lang::ZhHant {
        quotes = quotes.iter().map(|q| crate::i18n::to_hant(q)).collect();
    }
    let mut size_pt = 10.0;
    let galley = loop {
        let mut job: LayoutJob = crate::ui::text::highlighted(
            &text,
            &quotes,
            FontId::proportional(size_pt),
            Color32::from_gray(35),
            HIGHLIGHT,
            col.width(),
        );
        job.wrap.max_width = col.width();
        let g = painter.layout_job(job);
        if g.size().y <= avail || size_pt <= 6.5 {
            break g;
        }
        size_pt -= 0.5;
    };
    painter.galley(col.min, galley, INK);
    compact_legend(
        painter,
        pos2(col.min.x, col.max.y - legend_h),
        col.width(),
        &kinds,
        lang,
    );
}

const LEGEND_ROW: f32 = 15.0;

fn compact_legend_height(kinds: usize) -> f32 {
    20.0 + LEGEND_ROW * kinds.div_ceil(2) as f32
}

/// The legend in two columns of small rows.
fn compact_legend(painter: &Painter, at: Pos2, width: f32, kinds: &[Kind], lang: Lang) {
    let r = Rect::from_min_size(at, vec2(width, compact_legend_height(kinds.len())));
    painter.rect_stroke(
        r,
        3.0,
        Stroke::new(0.6, Color32::from_gray(190)),
        egui::StrokeKind::Inside,
    );
    painter.text(
        r.min + vec2(8.0, 6.0),
        Align2::LEFT_TOP,
        tr(lang, "export.legend"),
        FontId::proportional(8.5),
        INK,
    );
    let col_w = (width - 16.0) / 2.0;
    for (i, kind) in kinds.iter().enumerate() {
        let (c, row) = (i % 2, i / 2);
        let x = r.min.x + 8.0 + col_w * c as f32;
        let y = r.min.y + 19.0 + LEGEND_ROW * row as f32;
        let swatch = Rect::from_min_size(pos2(x, y), vec2(18.0, LEGEND_ROW - 4.0));
        crate::map::style::paint_legend(painter, swatch, *kind, None);
        let label = painter.layout(
            kind.label_in(lang).to_string(),
            FontId::proportional(7.5),
            Color32::from_gray(35),
            col_w - 26.0,
        );
        painter.galley(
            pos2(swatch.max.x + 5.0, swatch.center().y - label.size().y / 2.0),
            label,
            INK,
        );
    }
}

/// An index line: a place and the pages of the clauses that name it.
#[derive(Debug, Clone)]
struct Entry {
    kind: Kind,
    name: String,
    pages: Vec<usize>,
}

/// The places of the atlas's clauses, grouped by kind, each kind in order of first appearance.
fn index_entries(state: &AppState, clause_pages: &[(u32, usize)], lang: Lang) -> Vec<Entry> {
    let mut entries: Vec<Entry> = state
        .data
        .places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let pages: Vec<usize> = clause_pages
                .iter()
                .filter(|(n, _)| p.cites(*n))
                .map(|(_, page)| *page)
                .collect();
            (!pages.is_empty()).then(|| Entry {
                kind: p.kind,
                name: place_name(state, i, lang),
                pages,
            })
        })
        .collect();
    let order = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    entries.sort_by(|a, b| {
        (order(a.kind), a.pages.first(), &a.name).cmp(&(order(b.kind), b.pages.first(), &b.name))
    });
    entries
}

const INDEX_ROW: f32 = 12.5;
const INDEX_HEAD: f32 = 18.0;
const INDEX_COLUMNS: usize = 3;
const INDEX_GAP: f32 = 18.0;

/// One index line as laid out: a kind's heading, or an entry.
#[derive(Debug, Clone, Copy)]
enum Line {
    Heading(Kind),
    Entry(usize),
}

/// The index's lines split into pages of columns.
/// The index's column width on a page of `size`.
fn index_column_width(size: egui::Vec2) -> f32 {
    (size.x - 2.0 * MARGIN - INDEX_GAP * (INDEX_COLUMNS - 1) as f32) / INDEX_COLUMNS as f32
}

/// How an entry is set: its name, and its page numbers after it on the same line (dot leaders
/// between) or, when they do not fit there, on lines of their own below it.
struct EntryLayout {
    name: std::sync::Arc<egui::Galley>,
    numbers: std::sync::Arc<egui::Galley>,
    same_line: bool,
}

impl EntryLayout {
    fn new(
        fonts: &mut dyn FnMut(LayoutJob) -> std::sync::Arc<egui::Galley>,
        e: &Entry,
        col_w: f32,
    ) -> Self {
        let pages = e
            .pages
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut job = LayoutJob::simple_singleline(
            e.name.clone(),
            FontId::proportional(7.8),
            Color32::from_gray(35),
        );
        job.wrap.max_width = col_w - 8.0;
        job.wrap.max_rows = 1;
        let name = fonts(job);
        let one_line =
            LayoutJob::simple_singleline(pages.clone(), FontId::proportional(7.5), MUTED);
        let numbers = fonts(one_line);
        if name.size().x + numbers.size().x + 14.0 <= col_w {
            return Self {
                name,
                numbers,
                same_line: true,
            };
        }
        let wrapped = LayoutJob::simple(pages, FontId::proportional(7.5), MUTED, col_w - 20.0);
        Self {
            name,
            numbers: fonts(wrapped),
            same_line: false,
        }
    }

    fn height(&self) -> f32 {
        if self.same_line {
            INDEX_ROW
        } else {
            INDEX_ROW + self.numbers.size().y + 2.0
        }
    }
}

fn layout_index(ctx: &egui::Context, size: egui::Vec2, entries: &[Entry]) -> Vec<Vec<Vec<Line>>> {
    let col_w = index_column_width(size);
    let heights: Vec<f32> = ctx.fonts_mut(|f| {
        let mut fonts = |job: LayoutJob| f.layout_job(job);
        entries
            .iter()
            .map(|e| EntryLayout::new(&mut fonts, e, col_w).height())
            .collect()
    });
    let mut lines = Vec::new();
    let mut last = None;
    for (i, e) in entries.iter().enumerate() {
        if last != Some(e.kind) {
            lines.push(Line::Heading(e.kind));
            last = Some(e.kind);
        }
        lines.push(Line::Entry(i));
    }
    let height = |first: bool| {
        size.y - MARGIN - FOOTER_H - 16.0 - if first { MARGIN + 30.0 } else { MARGIN }
    };
    let mut pages: Vec<Vec<Vec<Line>>> = Vec::new();
    let mut page: Vec<Vec<Line>> = Vec::new();
    let mut column: Vec<Line> = Vec::new();
    let mut used = 0.0;
    for line in lines {
        let h = match line {
            Line::Heading(_) => INDEX_HEAD,
            Line::Entry(i) => heights.get(i).copied().unwrap_or(INDEX_ROW),
        };
        let limit = height(pages.is_empty());
        // A heading does not end a column.
        let need = if matches!(line, Line::Heading(_)) {
            h + INDEX_ROW
        } else {
            h
        };
        if used + need > limit && !column.is_empty() {
            page.push(std::mem::take(&mut column));
            used = 0.0;
            if page.len() == INDEX_COLUMNS {
                pages.push(std::mem::take(&mut page));
            }
        }
        column.push(line);
        used += h;
    }
    if !column.is_empty() {
        page.push(column);
    }
    if !page.is_empty() {
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    pages
}

/// Draws a page of the index; returns the links of its entries (to their first page).
fn index_page_draw(
    painter: &Painter,
    size: egui::Vec2,
    columns: &[Vec<Line>],
    entries: &[Entry],
    lang: Lang,
    first: bool,
) -> Vec<Link> {
    let rect = Rect::from_min_size(Pos2::ZERO, size);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let mut top = MARGIN;
    if first {
        painter.text(
            pos2(MARGIN, MARGIN + 6.0),
            Align2::LEFT_CENTER,
            tr(lang, "atlas.index"),
            FontId::proportional(15.0),
            INK,
        );
        top += 30.0;
    }
    let gap = INDEX_GAP;
    let col_w = index_column_width(size);
    let mut links = Vec::new();
    for (c, column) in columns.iter().enumerate() {
        let x = MARGIN + (col_w + gap) * c as f32;
        let mut y = top;
        for line in column {
            match *line {
                Line::Heading(kind) => {
                    let swatch = Rect::from_min_size(pos2(x, y + 5.0), vec2(14.0, 9.0));
                    crate::map::style::paint_legend(painter, swatch, kind, None);
                    painter.text(
                        pos2(x + 19.0, y + 10.0),
                        Align2::LEFT_CENTER,
                        kind.label_in(lang),
                        FontId::proportional(9.0),
                        INK,
                    );
                    y += INDEX_HEAD;
                }
                Line::Entry(i) => {
                    let Some(e) = entries.get(i) else {
                        continue;
                    };
                    let layout = EntryLayout::new(&mut |job| painter.layout_job(job), e, col_w);
                    let line = Rect::from_min_size(pos2(x, y), vec2(col_w, layout.height()));
                    let row_mid = y + INDEX_ROW / 2.0;
                    let name = layout.name.clone();
                    painter.galley(
                        pos2(x + 4.0, row_mid - name.size().y / 2.0),
                        name.clone(),
                        INK,
                    );
                    let numbers = layout.numbers.clone();
                    // Dot leaders from the name to the page numbers.
                    let (leader_end, numbers_at) = if layout.same_line {
                        let at = pos2(
                            line.max.x - numbers.size().x,
                            row_mid - numbers.size().y / 2.0,
                        );
                        (at.x - 3.0, at)
                    } else {
                        (line.max.x, pos2(x + 16.0, y + INDEX_ROW - 1.0))
                    };
                    let mut dx = x + 4.0 + name.size().x + 3.0;
                    while layout.same_line && dx < leader_end {
                        painter.circle_filled(
                            pos2(dx, row_mid + 2.5),
                            0.35,
                            Color32::from_gray(150),
                        );
                        dx += 2.5;
                    }
                    painter.galley(numbers_at, numbers, MUTED);
                    if let Some(first) = e.pages.first() {
                        links.push(Link {
                            rect: line,
                            page: first - 1,
                        });
                    }
                    y += layout.height();
                }
            }
        }
    }
    links
}
