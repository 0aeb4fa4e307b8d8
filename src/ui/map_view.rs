//! The map: walkers handles panning; gba-atlas zooms in fine steps, paints its own layers and
//! handles hover, clicks and the choice between overlapping places.

use egui::{Color32, FontId, Rect, RichText, pos2, vec2};
use walkers::Map;

use crate::app::{AppState, Command, Pick, View};
use crate::data::Place;
use crate::i18n::{Lang, tr, trf};
use crate::map::draw::{paint_coverage_legend, paint_scale_bar};
use crate::map::projection::position;
use crate::map::{
    Ground, Hit, MapTransform, alike, ambiguous, hits, paint_basemap, paint_on, tiles,
};

/// Zoom levels per point of wheel scrolling: a wheel notch (40 points in egui) is half a level,
/// a trackpad scrolls smoothly.
const ZOOM_PER_SCROLL_POINT: f64 = 0.5 / 40.0;

pub fn show(ui: &mut egui::Ui, state: &mut AppState, commands: &mut Vec<Command>) {
    // The map's rectangle is known before it is drawn: when a panel opens or the window is
    // resized, the map keeps what is on screen in place (or refits an untouched overview) in
    // this very frame.
    let rect = ui.available_rect_before_wrap();
    if state.map_rect != Some(rect) {
        state.apply(Command::MapResized(rect));
    }
    let lang = state.view.lang;
    let emphasis = state.emphasis();
    let raster = state.basemap.source();
    let holder = tiles::holder(ui.ctx());
    let mut holder = holder.lock();
    // A press on a vertex handle (or on the place being moved) drags it, not the map.
    let grab = super::edit_map::grabs(
        state,
        ui.input(|i| {
            i.pointer
                .press_origin()
                .filter(|_| i.pointer.primary_down())
                .or(i.pointer.hover_pos())
        }),
    );
    let AppState {
        view: View { map, selected, .. },
        edit,
        scene,
        data,
        hovered,
        attribution,
        pick,
        show,
        ..
    } = state;
    let drawing = edit.as_ref().is_some_and(|e| e.tool.draws()) || show.measure.is_some();
    let inner = Map::new(None, map, position(113.75, 22.6))
        // Grabbing a handle: only the middle button pans.
        .drag_pan_buttons(if grab {
            egui::DragPanButtons::MIDDLE
        } else {
            egui::DragPanButtons::PRIMARY | egui::DragPanButtons::MIDDLE
        })
        .zoom_gesture(false)
        .zoom_with_ctrl(false)
        .show(ui, |ui, response, projector, _memory| {
            let t = MapTransform::from_projector(projector);
            let rect = response.rect;
            let painter = ui.painter().with_clip_rect(rect);
            let shown = holder.view(raster, rect, &t, ui.ctx());
            // Tiles go over the offline basemap, which shows wherever one is missing.
            let ground = if shown.tiles.is_empty() {
                Ground::Offline
            } else {
                paint_basemap(&painter, rect, &t, scene);
                tiles::paint_tiles(&painter, &shown.tiles);
                Ground::Tiles
            };
            paint_on(&painter, rect, &t, scene, &data.places, &emphasis, ground);
            let tile_credit = shown.source.filter(|_| !shown.tiles.is_empty());
            if let Some(shading) = &emphasis.coverage {
                paint_coverage_legend(&painter, rect, shading);
            }

            let measured = super::present::measure_overlay(
                ui,
                response,
                &painter,
                &t,
                &show.measure,
                commands,
            );
            let used_click = measured
                || match edit {
                    Some(edit) => super::edit_map::overlay(
                        ui,
                        response,
                        &painter,
                        &t,
                        edit,
                        data,
                        scene,
                        &emphasis,
                        selected.as_deref(),
                        commands,
                    ),
                    None => false,
                };
            let under_pointer: Vec<Hit> = response
                .hover_pos()
                .map(|p| hits(scene, &t, p, &emphasis))
                .unwrap_or_default();
            let top = under_pointer.first().and_then(|h| data.places.get(h.index));
            let new_hover = top.map(|p| p.id.clone());
            if new_hover != *hovered {
                commands.push(Command::Hover(new_hover));
            }
            if let Some(place) = top.filter(|_| !drawing) {
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| tooltip(ui, lang, place, under_pointer.len()));
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            let at = response.interact_pointer_pos();
            let ids = |hits: &[Hit]| -> Vec<String> {
                hits.iter()
                    .filter_map(|h| data.places.get(h.index).map(|p| p.id.clone()))
                    .collect()
            };
            if response.clicked() && !response.changed() && !used_click {
                commands.push(Command::CloseSearch);
                commands.push(Command::Select(top.map(|p| p.id.clone())));
                // Ask only when the click is truly ambiguous: two points or lines about as near,
                // two areas of about the same size. The chooser lists those alike.
                let offer = match (ambiguous(&under_pointer), at) {
                    (true, Some(at)) => Some(Pick {
                        at,
                        ids: ids(&alike(&under_pointer)),
                    }),
                    _ => None,
                };
                commands.push(Command::ShowPick(offer));
            }
            if response.secondary_clicked() && !response.changed() && !drawing {
                commands.push(Command::CloseSearch);
                // Right-click: everything under the pointer, as QGIS's identify does.
                commands.push(Command::ShowPick(match at {
                    Some(at) if !under_pointer.is_empty() => Some(Pick {
                        at,
                        ids: ids(&under_pointer),
                    }),
                    _ => None,
                }));
            }
            zoom_input(ui, response, !drawing, commands);

            zoom_buttons(ui, lang, rect, commands);
            super::present::measure_buttons(
                ui,
                rect,
                show.measure.as_ref().map(|m| m.kind),
                lang,
                commands,
            );
            paint_scale_bar(&painter, rect, &t);
            super::present::cursor_coordinates(ui, response, rect, &t, emphasis.look.lang);
            if show.mode.is_some_and(|m| m.laser) {
                super::present::laser(ui, &painter, rect);
            }
            match tile_credit {
                Some(source) => paint_attribution(
                    ui,
                    lang,
                    rect,
                    &format!("{}\n{attribution}", source.attribution()),
                ),
                None => paint_attribution(ui, lang, rect, attribution),
            }
            if let Some(p) = pick {
                pick_menu(ui, lang, rect, p, data, commands);
            }
            t
        });
    if inner.response.dragged() && inner.response.changed() {
        commands.push(Command::ViewChanged);
    }
    state.transform = Some(inner.inner);
    state.viewport = inner.response.rect.size();
    super::files::loading(ui, state, rect, commands);
    // A presentation shows the map and its caption only.
    if state.show.mode.is_none() {
        super::notice(ui, state, rect);
    }
    commands.push(Command::Drawn);
}

/// Zoom in and out buttons in the map's top-right corner, as web maps have them.
fn zoom_buttons(ui: &mut egui::Ui, lang: Lang, map: Rect, commands: &mut Vec<Command>) {
    let size = vec2(28.0, 28.0);
    let top = pos2(map.max.x - size.x - 10.0, map.min.y + 10.0);
    for (k, (label, tip, command)) in [
        ("＋", tr(lang, "map.zoom_in_tip"), Command::ZoomIn),
        ("－", tr(lang, "map.zoom_out_tip"), Command::ZoomOut),
    ]
    .into_iter()
    .enumerate()
    {
        let r = Rect::from_min_size(top + vec2(0.0, k as f32 * (size.y + 2.0)), size);
        let button =
            egui::Button::new(RichText::new(label).size(16.0)).fill(Color32::from_white_alpha(235));
        if ui.put(r, button).on_hover_text(tip).clicked() {
            commands.push(command);
        }
    }
}

/// Wheel, trackpad, pinch and double-click zoom, at the pointer.
fn zoom_input(
    ui: &egui::Ui,
    response: &egui::Response,
    double_click: bool,
    commands: &mut Vec<Command>,
) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
    let mut delta = scroll as f64 * ZOOM_PER_SCROLL_POINT;
    if (pinch - 1.0).abs() > 1e-4 {
        delta += (pinch as f64).log2();
    }
    // While drawing, a double-click finishes the drawing instead.
    if double_click && response.double_clicked() {
        delta += 1.0;
    }
    if response.double_clicked_by(egui::PointerButton::Secondary) {
        delta -= 1.0;
    }
    if delta.abs() > 1e-6 {
        commands.push(Command::ZoomBy {
            delta,
            anchor: Some(pointer),
        });
        // The scroll was the map's: nothing behind it scrolls too.
        ui.ctx()
            .input_mut(|i| i.smooth_scroll_delta = egui::Vec2::ZERO);
    }
}

fn tooltip(ui: &mut egui::Ui, lang: Lang, place: &Place, here: usize) {
    ui.label(RichText::new(&place.name_zh).strong());
    ui.label(&place.name_en);
    let status = place
        .status
        .map(|s| format!(" · {}", s.label_in(lang)))
        .unwrap_or_default();
    let n = place.clauses.len();
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("kind", &place.kind.label_in(lang)),
        ("status", &status),
        ("n", &n),
    ];
    ui.label(
        RichText::new(if n == 1 {
            trf(lang, "map.tooltip_one", &args)
        } else {
            trf(lang, "map.tooltip", &args)
        })
        .weak(),
    );
    ui.label(
        RichText::new(place.accuracy.label_in(lang))
            .weak()
            .italics(),
    );
    if here > 1 {
        ui.label(
            RichText::new(trf(lang, "map.places_here_tip", &[("n", &here)]))
                .weak()
                .italics(),
        );
    }
}

/// The places under the last click, to choose from (QGIS's identify list), kept inside the map.
fn pick_menu(
    ui: &mut egui::Ui,
    lang: Lang,
    map: Rect,
    pick: &Pick,
    data: &crate::data::Dataset,
    commands: &mut Vec<Command>,
) {
    egui::Area::new(egui::Id::unique("pick"))
        .fixed_pos(pick.at + vec2(12.0, 12.0))
        .constrain_to(map)
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(tr(lang, "map.places_here")).weak());
                for id in &pick.ids {
                    let Some(p) = data.place(id) else { continue };
                    let text = format!("{}  {} · {}", p.name_zh, p.name_en, p.kind.label_in(lang));
                    if ui.selectable_label(false, text).clicked() {
                        commands.push(Command::Select(Some(id.clone())));
                        commands.push(Command::ShowPick(None));
                    }
                }
            });
        });
}

/// The attribution, one line in the bottom-right corner; where the map is too narrow for it,
/// a short line with the whole text on hover.
fn paint_attribution(ui: &mut egui::Ui, lang: Lang, rect: Rect, text: &str) {
    if text.is_empty() {
        return;
    }
    let font = FontId::proportional(10.5);
    let color = Color32::from_gray(60);
    let room = rect.width() - 190.0;
    let full = ui
        .painter()
        .layout_no_wrap(text.to_string(), font.clone(), color);
    let galley = if full.size().x <= room {
        full
    } else {
        // The tile server's credit (the first of two lines) always stays in full.
        let sources = tr(lang, "map.data_sources");
        let short = match text.split_once('\n') {
            Some((tiles, _)) => format!("{tiles}\n{sources}"),
            None => sources.to_string(),
        };
        ui.painter().layout_no_wrap(short, font, color)
    };
    let size = galley.size() + vec2(10.0, 6.0);
    let area = Rect::from_min_size(pos2(rect.max.x - size.x, rect.max.y - size.y), size);
    ui.painter()
        .rect_filled(area, 2.0, Color32::from_white_alpha(200));
    ui.painter()
        .galley(area.min + vec2(5.0, 3.0), galley, color);
    let response = ui.interact(area, egui::Id::unique("attribution"), egui::Sense::hover());
    response.on_hover_text(text);
}
