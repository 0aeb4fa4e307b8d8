//! Export: the map as a finished picture — the places and basemap as the map view draws them,
//! with a title, a legend of the kinds shown (drawn with the map's symbols), a scale bar, a north
//! arrow and the attribution, placed around the places so that none covers them.
//!
//! [`draw`] paints the page into any egui `Ui`; the headless renderer rasterises it (PNG), and the
//! same shapes serve vector output.

pub mod atlas;
pub mod run;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, pos2, vec2};

use crate::app::AppState;
use crate::data::Kind;
use crate::i18n::Lang;
use crate::map::draw::paint_scale_bar;
use crate::map::projection::{self, MapTransform};
use crate::map::{Ground, MercBox, paint_on, style};

/// What the picture shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The whole Greater Bay Area (the 11 cities).
    Whole,
    /// A centre (lon, lat) and zoom.
    View { lon: f64, lat: f64, zoom: f64 },
    /// A box (west, south, east, north) fitted into the page.
    BBox([f64; 4]),
    /// A clause's places, fitted, with the clause emphasised.
    Clause(u32),
    /// A place, fitted and selected.
    Place(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub target: Target,
    pub title: Option<String>,
    pub lang: Lang,
}

/// Space kept for the title band, the legend column and the bottom band, in points.
const TITLE_H: f32 = 44.0;
const LEGEND_W: f32 = 230.0;
const BOTTOM_H: f32 = 34.0;

/// The box the page fits its places into, in Mercator units (`None`: a fixed view).
fn target_box(state: &AppState, target: &Target) -> Option<MercBox> {
    let emphasis = state.emphasis();
    let union = |pred: &dyn Fn(&crate::data::Place) -> bool| {
        let mut b = MercBox::EMPTY;
        for (i, p) in state.data.places.iter().enumerate() {
            if pred(p)
                && emphasis.is_visible(i)
                && let Some(prepared) = state.scene.places.get(i)
            {
                b = b.union(&prepared.geometry.bbox());
            }
        }
        (!b.is_empty()).then_some(b)
    };
    match target {
        Target::Whole => union(&|p| p.kind == Kind::City),
        Target::View { .. } => None,
        Target::BBox([w, s, e, n]) => {
            let mut b = MercBox::EMPTY;
            b.add(projection::to_merc(*w, *s));
            b.add(projection::to_merc(*e, *n));
            Some(b)
        }
        Target::Clause(n) => union(&|p| p.cites(*n)),
        Target::Place(id) => union(&|p| &p.id == id),
    }
}

/// The part of a page of `rect` that the title band, the legend column and the bottom band (scale
/// bar, attribution) leave free: the target is fitted into it.
pub fn free_area(rect: Rect) -> Rect {
    Rect::from_min_max(
        pos2(rect.min.x + 12.0, rect.min.y + TITLE_H + 8.0),
        pos2(rect.max.x - LEGEND_W - 12.0, rect.max.y - BOTTOM_H - 8.0),
    )
}

/// The map's transform on a page of `rect`: the target fitted into the part of the page the
/// title, legend and bottom band leave free.
pub fn page_transform(state: &AppState, page: &Page, rect: Rect) -> MapTransform {
    fitted(state, &page.target, free_area(rect))
}

/// The map's transform with the target fitted into `free`.
pub fn fitted(state: &AppState, target: &Target, free: Rect) -> MapTransform {
    let (centre, zoom) = match (target, target_box(state, target)) {
        (Target::View { lon, lat, zoom }, _) => (projection::to_merc(*lon, *lat), *zoom),
        (_, Some(b)) => {
            let z = projection::zoom_to_fit(b.size(), free.size(), 10.0)
                .min(crate::app::MAX_FOCUS_ZOOM);
            (b.center(), z)
        }
        (_, None) => (projection::to_merc(113.75, 22.6), 8.6),
    };
    MapTransform::new(centre, zoom, free.center())
}

/// Paints the page: the map over the whole rectangle, then the title, legend, scale bar, north
/// arrow and attribution around it. Returns the kinds the legend shows.
pub fn draw(painter: &Painter, state: &AppState, page: &Page, rect: Rect) -> Vec<Kind> {
    let free = free_area(rect);
    let (t, kinds) = draw_map(painter, state, page, rect, free, 1.0);
    title(painter, rect, page, state);
    // The legend sits in the column the target was fitted beside: at its top, or at its bottom
    // if fewer places lie there.
    let emphasis = state.emphasis();
    let covered = |r: Rect| {
        let r = crate::map::draw::view_box(&t, r);
        state
            .scene
            .places
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                emphasis.is_visible(*i) && {
                    let b = p.geometry.bbox();
                    b.intersects(&r) && b.size()[0] <= r.size()[0] && b.size()[1] <= r.size()[1]
                }
            })
            .count()
    };
    let top = legend_rect(rect, kinds.len(), false);
    let bottom = legend_rect(rect, kinds.len(), true);
    let at = if covered(bottom) < covered(top) {
        bottom
    } else {
        top
    };
    legend(painter, at, &kinds, page.lang);
    kinds
}

/// Paints the map of `page` over `rect` with its target fitted into `free`, then the scale bar,
/// the north arrow (top right of `free`) and the attribution. `type_scale` scales the labels and
/// line widths (below 1 for print, where a point is larger than a screen's pixel). Returns the
/// transform and the kinds drawn (for a legend).
pub fn draw_map(
    painter: &Painter,
    state: &AppState,
    page: &Page,
    rect: Rect,
    free: Rect,
    type_scale: f32,
) -> (MapTransform, Vec<Kind>) {
    let t = fitted(state, &page.target, free);
    let mut emphasis = state.emphasis();
    emphasis.look.lang = page.lang;
    emphasis.look.scale *= type_scale;
    emphasis.hovered = None;
    let painter = painter.with_clip_rect(rect);
    paint_on(
        &painter,
        rect,
        &t,
        &state.scene,
        &state.data.places,
        &emphasis,
        Ground::Offline,
    );
    let kinds = kinds_shown(state, &emphasis, &t, rect);
    paint_scale_bar(&painter, rect, &t);
    north_arrow(&painter, pos2(free.max.x - 24.0, free.min.y + 28.0));
    attribution(&painter, rect, &state.attribution, 10.5 * type_scale);
    (t, kinds)
}

/// A legend box of `kinds` with its top left at `at` and `width` wide; returns its rectangle.
pub fn paint_legend_at(
    painter: &Painter,
    at: Pos2,
    width: f32,
    kinds: &[Kind],
    lang: Lang,
) -> Rect {
    let r = Rect::from_min_size(at, vec2(width, 34.0 + LEGEND_ROW * kinds.len() as f32));
    legend(painter, r, kinds, lang);
    r
}

/// The kinds of the places drawn inside the page, in the vocabulary's order.
pub fn kinds_shown(
    state: &AppState,
    emphasis: &crate::map::Emphasis,
    t: &MapTransform,
    rect: Rect,
) -> Vec<Kind> {
    let view = crate::map::draw::view_box(t, rect);
    let mut shown: Vec<Kind> = Vec::new();
    for (i, p) in state.data.places.iter().enumerate() {
        if !emphasis.is_visible(i) {
            continue;
        }
        let Some(prepared) = state.scene.places.get(i) else {
            continue;
        };
        if prepared.geometry.bbox().intersects(&view) && !shown.contains(&p.kind) {
            shown.push(p.kind);
        }
    }
    Kind::ALL
        .iter()
        .copied()
        .filter(|k| shown.contains(k))
        .collect()
}

fn panel(painter: &Painter, r: Rect) {
    painter.rect_filled(r, 4.0, Color32::from_rgba_unmultiplied(255, 255, 255, 235));
    painter.rect_stroke(
        r,
        4.0,
        Stroke::new(1.0, Color32::from_gray(190)),
        egui::StrokeKind::Inside,
    );
}

fn title(painter: &Painter, rect: Rect, page: &Page, state: &AppState) {
    let text = page.title.clone().unwrap_or_else(|| match &page.target {
        Target::Clause(n) => state
            .plan
            .clause(*n)
            .map(|c| format!("{}{}", c.marker(), c.title))
            .unwrap_or_default(),
        Target::Place(id) => state
            .data
            .place(id)
            .map(|p| match page.lang {
                Lang::En => p.name_en.clone(),
                _ => p.name_zh.clone(),
            })
            .unwrap_or_default(),
        _ => crate::i18n::tr(page.lang, "present.title").to_string(),
    });
    let text = match page.lang {
        Lang::ZhHant => crate::i18n::to_hant(&text),
        _ => text,
    };
    let band = Rect::from_min_size(rect.min, vec2(rect.width(), TITLE_H));
    panel(painter, band);
    painter.text(
        band.left_center() + vec2(14.0, 0.0),
        Align2::LEFT_CENTER,
        text,
        FontId::proportional(22.0),
        Color32::from_gray(20),
    );
}

const LEGEND_ROW: f32 = 22.0;

/// The legend's box in the right-hand column of the page, at its top or its bottom.
fn legend_rect(rect: Rect, rows: usize, bottom: bool) -> Rect {
    let h = 34.0 + LEGEND_ROW * rows as f32;
    let y = if bottom {
        (rect.max.y - BOTTOM_H - 8.0 - h).max(rect.min.y + TITLE_H + 8.0)
    } else {
        rect.min.y + TITLE_H + 8.0
    };
    Rect::from_min_size(
        pos2(rect.max.x - LEGEND_W - 4.0, y),
        vec2(LEGEND_W - 4.0, h),
    )
}

fn legend(painter: &Painter, r: Rect, kinds: &[Kind], lang: Lang) {
    let row = LEGEND_ROW;
    panel(painter, r);
    painter.text(
        r.min + vec2(12.0, 10.0),
        Align2::LEFT_TOP,
        crate::i18n::tr(lang, "export.legend"),
        FontId::proportional(14.0),
        Color32::from_gray(30),
    );
    for (k, kind) in kinds.iter().enumerate() {
        let y = r.min.y + 34.0 + row * k as f32;
        let swatch = Rect::from_min_size(pos2(r.min.x + 10.0, y), vec2(30.0, row - 4.0));
        style::paint_legend(painter, swatch, *kind, None);
        painter.text(
            pos2(swatch.max.x + 8.0, swatch.center().y),
            Align2::LEFT_CENTER,
            kind.label_in(lang),
            FontId::proportional(12.5),
            Color32::from_gray(30),
        );
    }
}

fn north_arrow(painter: &Painter, at: Pos2) {
    let ink = Color32::from_gray(30);
    let tip = at + vec2(0.0, -18.0);
    let left = at + vec2(-8.0, 8.0);
    let right = at + vec2(8.0, 8.0);
    painter.add(egui::Shape::convex_polygon(
        vec![tip, right, at, left],
        ink,
        Stroke::new(1.0, ink),
    ));
    painter.text(
        at + vec2(0.0, 12.0),
        Align2::CENTER_TOP,
        "N",
        FontId::proportional(13.0),
        ink,
    );
}

fn attribution(painter: &Painter, rect: Rect, text: &str, size: f32) {
    let font = FontId::proportional(size);
    let galley = painter.layout(
        text.replace('\n', " · "),
        font,
        Color32::from_gray(60),
        rect.width() * 0.6,
    );
    let r = Rect::from_min_size(
        pos2(
            rect.max.x - galley.size().x - 10.0,
            rect.max.y - galley.size().y - 8.0,
        ),
        galley.size(),
    )
    .expand(3.0);
    panel(painter, r);
    painter.galley(r.min + vec2(3.0, 3.0), galley, Color32::from_gray(60));
}
