//! The map: walkers handles pan and zoom; gba-atlas paints its own layers and handles hover,
//! clicks and the choice between overlapping places.

use egui::{Color32, FontId, Rect, RichText, pos2, vec2};
use walkers::Map;

use crate::app::{AppState, Command, Pick};
use crate::map::draw::paint_scale_bar;
use crate::map::projection::position;
use crate::map::{MapTransform, hit_test, paint};

pub fn show(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    let emphasis = state.emphasis();
    let AppState {
        map,
        scene,
        data,
        hovered,
        attribution,
        pick,
        ..
    } = state;
    let inner = Map::new(None, map, position(113.75, 22.6))
        .zoom_with_ctrl(false)
        .double_click_to_zoom(true)
        .double_click_to_zoom_out(true)
        .show(ui, |ui, response, projector, _memory| {
            let t = MapTransform::from_projector(projector);
            let rect = response.rect;
            let painter = ui.painter().with_clip_rect(rect);
            paint(&painter, rect, &t, scene, &data.places, &emphasis);

            let under_pointer = response
                .hover_pos()
                .map(|p| hit_test(scene, &t, p, &emphasis))
                .unwrap_or_default();
            let top = under_pointer.first().and_then(|&i| data.places.get(i));
            let new_hover = top.map(|p| p.id.clone());
            if new_hover != *hovered {
                commands.push(Command::Hover(new_hover));
            }
            if let Some(place) = top {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.label(RichText::new(&place.name_zh).strong());
                    ui.label(&place.name_en);
                    let status = place
                        .status
                        .map(|s| format!(" · {}", s.label()))
                        .unwrap_or_default();
                    ui.label(
                        RichText::new(format!(
                            "{}{status} · named in {} clause{}",
                            place.kind.label(),
                            place.clauses.len(),
                            if place.clauses.len() == 1 { "" } else { "s" }
                        ))
                        .weak(),
                    );
                    if under_pointer.len() > 1 {
                        ui.label(
                            RichText::new(format!(
                                "{} places here: click to choose",
                                under_pointer.len()
                            ))
                            .weak()
                            .italics(),
                        );
                    }
                });
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            if response.clicked() && !response.changed() {
                commands.push(Command::Select(top.map(|p| p.id.clone())));
                let here: Vec<String> = under_pointer
                    .iter()
                    .filter_map(|&i| data.places.get(i).map(|p| p.id.clone()))
                    .collect();
                let at = response.interact_pointer_pos();
                commands.push(Command::ShowPick(match (here.len() > 1, at) {
                    (true, Some(at)) => Some(Pick { at, ids: here }),
                    _ => None,
                }));
            }

            paint_scale_bar(&painter, rect, &t);
            paint_attribution(ui, rect, attribution);
            if let Some(p) = pick {
                pick_menu(ui, p, data, commands);
            }
            t
        });
    state.transform = Some(inner.inner);
    state.viewport = inner.response.rect.size();
    if state.fit_pending {
        // The real size of the map is known only now: fit the overview to it.
        commands.push(Command::ResetView);
    }
}

/// The places under the last click, to choose from (QGIS's identify list).
fn pick_menu(
    ui: &mut egui::Ui,
    pick: &Pick,
    data: &crate::data::Dataset,
    commands: &mut Vec<Command>,
) {
    egui::Area::new(egui::Id::unique("pick"))
        .fixed_pos(pick.at + vec2(12.0, 12.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Places here").weak());
                for id in &pick.ids {
                    let Some(p) = data.place(id) else { continue };
                    let text = format!("{}  {} · {}", p.name_zh, p.name_en, p.kind.label());
                    if ui.selectable_label(false, text).clicked() {
                        commands.push(Command::Select(Some(id.clone())));
                        commands.push(Command::ShowPick(None));
                    }
                }
            });
        });
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
