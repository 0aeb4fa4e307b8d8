//! Export: the map as a finished picture — the places and basemap as the map view draws them,
//! with a title, a legend of the kinds shown (drawn with the map's symbols), a scale bar, a north
//! arrow and the attribution, placed around the places so that none covers them.
//!
//! [`draw`] paints the page into any egui `Ui`; the headless renderer rasterises it (PNG), and the
//! same shapes serve vector output.

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
    let union = |pred: &dyn Fn(&crate::data::Place) -> bool| {
        let mut b = MercBox::EMPTY;
        for (i, p) in state.data.places.iter().enumerate() {
            if pred(p)
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

/// The map's transform on a page of `rect`: the target fitted into the part of the page the
/// title, legend and bottom band leave free.
pub fn page_transform(state: &AppState, page: &Page, rect: Rect) -> MapTransform {
    let free = Rect::from_min_max(
        pos2(rect.min.x + 12.0, rect.min.y + TITLE_H + 8.0),
        pos2(rect.max.x - LEGEND_W - 12.0, rect.max.y - BOTTOM_H - 8.0),
    );
    let (centre, zoom) = match (&page.target, target_box(state, &page.target)) {
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
    let t = page_transform(state, page, rect);
    let mut emphasis = state.emphasis();
    emphasis.look.lang = page.lang;
    emphasis.hovered = None;
    paint_on(
        painter,
        rect,
        &t,
        &state.scene,
        &state.data.places,
        &emphasis,
        Ground::Offline,
    );
    let kinds = kinds_shown(state, &emphasis, &t, rect);
    title(painter, rect, page, state);
    legend(painter, rect, &kinds, page.lang);
    paint_scale_bar(painter, rect, &t);
    north_arrow(
        painter,
        pos2(rect.max.x - LEGEND_W - 36.0, rect.min.y + TITLE_H + 36.0),
    );
    attribution(painter, rect, &state.attribution);
    kinds
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

fn legend(painter: &Painter, rect: Rect, kinds: &[Kind], lang: Lang) {
    let row = 22.0;
    let h = 34.0 + row * kinds.len() as f32;
    let r = Rect::from_min_size(
        pos2(rect.max.x - LEGEND_W - 4.0, rect.min.y + TITLE_H + 8.0),
        vec2(LEGEND_W - 4.0, h),
    );
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

fn attribution(painter: &Painter, rect: Rect, text: &str) {
    let font = FontId::proportional(10.5);
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
