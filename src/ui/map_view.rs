//! The map: walkers handles pan and zoom; gba-atlas paints its own layers and handles hover and
//! clicks.

use egui::{Color32, FontId, Rect, pos2, vec2};
use walkers::Map;

use crate::app::{AppState, Command};
use crate::map::draw::paint_scale_bar;
use crate::map::projection::position;
use crate::map::{Emphasis, MapTransform, hit_test, paint};

pub fn show(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    let AppState {
        map,
        scene,
        data,
        selected,
        hovered,
        attribution,
        ..
    } = state;
    let index_of = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| data.places.iter().position(|p| p.id == id))
    };
    let emphasis = Emphasis {
        hovered: index_of(hovered),
        selected: index_of(selected),
    };
    let inner = Map::new(None, map, position(113.75, 22.6))
        .zoom_with_ctrl(false)
        .double_click_to_zoom(true)
        .double_click_to_zoom_out(true)
        .show(ui, |ui, response, projector, _memory| {
            let t = MapTransform::from_projector(projector);
            let rect = response.rect;
            let painter = ui.painter().with_clip_rect(rect);
            paint(&painter, rect, &t, scene, &data.places, emphasis);

            let under_pointer = response
                .hover_pos()
                .map(|p| hit_test(scene, &t, p))
                .unwrap_or_default();
            let top = under_pointer.first().and_then(|&i| data.places.get(i));
            let new_hover = top.map(|p| p.id.clone());
            if new_hover != *hovered {
                commands.push(Command::Hover(new_hover));
            }
            if let Some(place) = top {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.label(egui::RichText::new(&place.name_zh).strong());
                    ui.label(&place.name_en);
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · named in {} clause{}",
                            place.kind.label(),
                            place.clauses.len(),
                            if place.clauses.len() == 1 { "" } else { "s" }
                        ))
                        .weak(),
                    );
                });
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            if response.clicked() && !response.changed() {
                commands.push(Command::Select(top.map(|p| p.id.clone())));
            }

            paint_scale_bar(&painter, rect, &t);
            paint_attribution(ui, rect, attribution);
            t
        });
    state.transform = Some(inner.inner);
    state.viewport = inner.response.rect.size();
}

fn paint_attribution(ui: &mut egui::Ui, rect: Rect, text: &str) {
    if text.is_empty() {
        return;
    }
    let font = FontId::proportional(10.5);
    let galley = ui.painter().layout(
        text.to_string(),
        font,
        Color32::from_gray(60),
        (rect.width() - 140.0).max(200.0),
    );
    let size = galley.size() + vec2(10.0, 6.0);
    let area = Rect::from_min_size(pos2(rect.max.x - size.x, rect.max.y - size.y), size);
    ui.painter()
        .rect_filled(area, 2.0, Color32::from_white_alpha(200));
    ui.painter()
        .galley(area.min + vec2(5.0, 3.0), galley, Color32::from_gray(60));
}
