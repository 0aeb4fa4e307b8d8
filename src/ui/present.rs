//! Presenting on screen: presentation mode's caption bar, the keys a presentation clicker sends,
//! the laser pointer, the measure tool's overlay and the cursor's coordinates.

use egui::{Color32, FontId, Key, Painter, Pos2, Rect, Stroke, pos2, vec2};

use crate::app::{AppState, Command, PresentCommand as P};
use crate::map::MapTransform;
use crate::map::measure::{Measure, MeasureKind};

/// Keys for presenting: F11 (presentation mode), 1–9 (saved views), →/←, PageDown/PageUp and
/// Space (a tour's next and previous stop: what presentation clickers send).
pub fn keys(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    ctx.input(|i| {
        if i.key_pressed(Key::F11) {
            commands.push(Command::Present(P::SetPresenting(
                state.show.mode.is_none(),
            )));
        }
        if i.modifiers.any() {
            return;
        }
        let digits = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (n, key) in digits.into_iter().enumerate() {
            if i.key_pressed(key) && n < state.show.views.views.len() {
                commands.push(Command::Present(P::RecallView(n)));
            }
        }
        if state.show.tour.is_some() {
            if [Key::ArrowRight, Key::PageDown, Key::Space]
                .iter()
                .any(|k| i.key_pressed(*k))
            {
                commands.push(Command::Present(P::TourStep(1)));
            }
            if [Key::ArrowLeft, Key::PageUp]
                .iter()
                .any(|k| i.key_pressed(*k))
            {
                commands.push(Command::Present(P::TourStep(-1)));
            }
        }
    });
}

/// Keeps the window's full-screen state in step with presentation mode, and the flight moving.
pub fn frame(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let now = ctx.input(|i| i.time);
    commands.push(Command::Present(P::Animate(now)));
    if state.show.flight.is_some() {
        ctx.request_repaint();
    }
    let want = state.show.mode.is_some();
    let id = egui::Id::unique("presenting-fullscreen");
    let was = ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    if want != was {
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(want));
        ctx.data_mut(|d| d.insert_temp(id, want));
    }
}

/// Presentation mode's only panel: a slim caption (the stop's, clause's or place's title), the
/// tour's position and its buttons.
pub fn caption_bar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let scale = state.show.mode.map_or(1.0, |m| m.scale);
    egui::Panel::top("caption").show(ui, |ui| {
        ui.horizontal(|ui| {
            let caption = state
                .caption()
                .unwrap_or_else(|| state.tr("present.title").to_string());
            ui.label(
                egui::RichText::new(caption)
                    .size(18.0 * scale)
                    .strong()
                    .color(Color32::from_rgb(20, 20, 30)),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let big = |t: &str| egui::RichText::new(t).size(14.0 * scale);
                if ui
                    .button(big(state.tr("present.leave")))
                    .on_hover_text(state.tr("present.leave.tip"))
                    .clicked()
                {
                    commands.push(Command::Present(P::SetPresenting(false)));
                }
                if let Some(t) = &state.show.tour {
                    if ui
                        .button("›")
                        .on_hover_text(state.tr("tour.next"))
                        .clicked()
                    {
                        commands.push(Command::Present(P::TourStep(1)));
                    }
                    ui.label(
                        egui::RichText::new(format!("{} / {}", t.stop + 1, t.tour.stops.len()))
                            .size(14.0 * scale),
                    );
                    if ui
                        .button("‹")
                        .on_hover_text(state.tr("tour.previous"))
                        .clicked()
                    {
                        commands.push(Command::Present(P::TourStep(-1)));
                    }
                }
                if state.view.clause.is_some() {
                    let on = state.show.settings.text;
                    if ui
                        .selectable_label(on, big(state.tr("present.text")))
                        .on_hover_text(state.tr("present.text.tip"))
                        .clicked()
                    {
                        commands.push(Command::Present(P::SetCaptionText(!on)));
                    }
                }
                let laser = state.show.settings.laser;
                if ui
                    .selectable_label(laser, big(state.tr("present.laser")))
                    .on_hover_text(state.tr("present.laser.tip"))
                    .clicked()
                {
                    commands.push(Command::Present(P::SetLaser(!laser)));
                }
            });
        });
        if let Some(n) = state.view.clause
            && state.show.settings.text
            && let Some(clause) = state.plan.clause(n)
        {
            clause_text(ui, state, n, &clause.text(), scale);
        }
        if let Some(notes) = state
            .show
            .tour
            .as_ref()
            .and_then(|t| t.current())
            .map(|s| s.notes.as_str())
            .filter(|n| !n.is_empty())
        {
            ui.label(egui::RichText::new(notes).weak().italics());
        }
    });
}

/// The laser pointer: a red dot at the cursor with a short fading trail.
pub fn laser(ui: &egui::Ui, painter: &Painter, rect: Rect) {
    let Some(pos) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| rect.contains(*p))
    else {
        return;
    };
    let now = ui.input(|i| i.time);
    let id = egui::Id::unique("laser-trail");
    let mut trail: Vec<(Pos2, f64)> = ui.ctx().data(|d| d.get_temp(id)).unwrap_or_default();
    trail.retain(|(_, t)| now - t < 0.35);
    if trail.last().is_none_or(|(p, _)| p.distance(pos) > 1.0) {
        trail.push((pos, now));
    }
    for w in trail.windows(2) {
        let age = ((now - w[1].1) / 0.35).clamp(0.0, 1.0) as f32;
        let alpha = (180.0 * (1.0 - age)) as u8;
        painter.line_segment(
            [w[0].0, w[1].0],
            Stroke::new(
                6.0 * (1.0 - age) + 1.0,
                Color32::from_rgba_unmultiplied(230, 20, 20, alpha),
            ),
        );
    }
    painter.circle_filled(pos, 9.0, Color32::from_rgba_unmultiplied(255, 40, 40, 90));
    painter.circle_filled(pos, 5.0, Color32::from_rgb(235, 20, 20));
    ui.ctx().data_mut(|d| d.insert_temp(id, trail));
    ui.ctx().set_cursor_icon(egui::CursorIcon::None);
    ui.ctx().request_repaint();
}

/// The measure tool on the map: clicks add vertices, the running figure follows the cursor.
/// Returns whether it took the click.
pub fn measure_overlay(
    ui: &egui::Ui,
    response: &egui::Response,
    painter: &Painter,
    t: &MapTransform,
    measure: &Option<Measure>,
    commands: &mut Vec<Command>,
) -> bool {
    let Some(m) = measure else {
        return false;
    };
    let cursor = response.hover_pos().map(|p| {
        let (lon, lat) = t.screen_to_lon_lat(p);
        [lon, lat]
    });
    let mut pts: Vec<Pos2> = m
        .points
        .iter()
        .map(|p| t.to_screen(crate::map::to_merc(p[0], p[1])))
        .collect();
    if let Some(c) = response.hover_pos() {
        pts.push(c);
    }
    let ink = Color32::from_rgb(200, 30, 110);
    if m.kind == MeasureKind::Area && pts.len() >= 3 {
        painter.add(egui::Shape::convex_polygon(
            pts.clone(),
            Color32::from_rgba_unmultiplied(200, 30, 110, 40),
            Stroke::NONE,
        ));
        painter.line_segment([pts[pts.len() - 1], pts[0]], Stroke::new(2.0, ink));
    }
    painter.add(egui::Shape::line(pts.clone(), Stroke::new(2.5, ink)));
    for p in &pts[..m.points.len()] {
        painter.circle(*p, 4.0, Color32::WHITE, Stroke::new(2.0, ink));
    }
    if let Some(at) = response.hover_pos() {
        let text = m.text(cursor);
        let font = FontId::proportional(15.0);
        let galley = painter.layout_no_wrap(text, font, Color32::WHITE);
        let r = Rect::from_min_size(at + vec2(14.0, 10.0), galley.size()).expand(4.0);
        painter.rect_filled(r, 4.0, ink);
        painter.galley(r.min + vec2(4.0, 4.0), galley, Color32::WHITE);
    }
    ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
    if response.clicked()
        && let Some(c) = cursor
    {
        commands.push(Command::Present(P::MeasurePoint(c)));
        return true;
    }
    response.double_clicked()
}

/// The cursor's longitude and latitude at the map's bottom-left, above the scale bar; a click
/// copies them.
pub fn cursor_coordinates(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: Rect,
    t: &MapTransform,
    lang: crate::i18n::Lang,
) {
    let id = egui::Id::unique("cursor-lon-lat");
    let hover = response.hover_pos().map(|p| t.screen_to_lon_lat(p));
    if let Some(ll) = hover {
        ui.ctx().data_mut(|d| d.insert_temp(id, ll));
    }
    let Some((lon, lat)) = hover.or_else(|| ui.ctx().data(|d| d.get_temp::<(f64, f64)>(id))) else {
        return;
    };
    let text = format!("{lon:.5}, {lat:.5}");
    let painter = ui.painter();
    let font = FontId::monospace(12.0);
    // Just above the scale bar.
    let anchor = pos2(rect.min.x + 8.0, rect.max.y - 38.0);
    let galley = painter.layout_no_wrap(text.clone(), font, Color32::from_rgb(40, 40, 50));
    let r = Rect::from_min_size(anchor - vec2(0.0, galley.size().y), galley.size()).expand(3.0);
    let click = ui
        .interact(r, id.with("copy"), egui::Sense::click())
        .on_hover_text(crate::i18n::tr(lang, "coords.copy"));
    painter.rect_filled(r, 3.0, Color32::from_rgba_unmultiplied(255, 255, 255, 210));
    painter.galley(
        r.min + vec2(3.0, 3.0),
        galley,
        Color32::from_rgb(40, 40, 50),
    );
    if click.clicked() {
        ui.ctx().copy_text(text);
    }
}

/// Two buttons under the zoom buttons: measure a distance, measure an area (click again, or Esc,
/// to stop).
pub fn measure_buttons(
    ui: &mut egui::Ui,
    map: Rect,
    current: Option<MeasureKind>,
    lang: crate::i18n::Lang,
    commands: &mut Vec<Command>,
) {
    let size = vec2(28.0, 28.0);
    let top = pos2(
        map.max.x - size.x - 10.0,
        map.min.y + 10.0 + 2.0 * (size.y + 4.0) + 8.0,
    );
    for (k, (label, key, kind)) in [
        ("km", "measure.distance", MeasureKind::Distance),
        ("km²", "measure.area", MeasureKind::Area),
    ]
    .into_iter()
    .enumerate()
    {
        let r = Rect::from_min_size(top + vec2(0.0, k as f32 * (size.y + 4.0)), size);
        let on = current == Some(kind);
        let fill = if on {
            Color32::from_rgb(200, 30, 110)
        } else {
            Color32::from_white_alpha(235)
        };
        let text = egui::RichText::new(label).size(13.0).color(if on {
            Color32::WHITE
        } else {
            Color32::from_gray(40)
        });
        let button = egui::Button::new(text)
            .fill(fill)
            .wrap_mode(egui::TextWrapMode::Extend);
        let b = ui.put(r, button).on_hover_text(crate::i18n::tr(lang, key));
        if b.clicked() {
            commands.push(Command::Present(P::SetMeasure((!on).then_some(kind))));
        }
    }
}

/// The clause's text under the caption, with the names of its places highlighted (converted for
/// 繁體, the quotes with it), in a strip a fifth of the screen high at most.
fn clause_text(ui: &mut egui::Ui, state: &AppState, n: u32, text: &str, scale: f32) {
    let mut quotes: Vec<String> = state
        .tally
        .citing(n)
        .iter()
        .filter_map(|&i| state.data.places.get(i))
        .flat_map(|p| p.quotes_in(n).to_vec())
        .collect();
    let text = match state.view.lang {
        crate::i18n::Lang::ZhHant => {
            quotes = quotes
                .iter()
                .map(|q| crate::i18n::to_hant_cached(q).to_string())
                .collect();
            crate::i18n::to_hant_cached(text).to_string()
        }
        _ => text.to_string(),
    };
    let max = ui.ctx().content_rect().height() * 0.2;
    egui::ScrollArea::vertical()
        .max_height(max)
        .id_salt("caption-text")
        .show(ui, |ui| {
            let job = super::text::highlighted(
                &text,
                &quotes,
                FontId::proportional(13.0 * scale),
                Color32::from_gray(30),
                Color32::from_rgb(255, 226, 120),
                ui.available_width(),
            );
            ui.label(job);
        });
}
