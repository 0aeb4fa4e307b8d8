//! Edit mode on the map: vertex handles, drags, drawing with snapping. Reads the state and sends
//! commands, as the rest of the map view does.

use egui::{Color32, Pos2, Rect, Shape, Stroke, vec2};
use geo::Coord;

use crate::app::{AppState, Command};
use crate::data::Dataset;
use crate::edit::geometry::{self, VertexId};
use crate::edit::{Drag, EditMode, Tool};
use crate::map::projection::MapTransform;
use crate::map::{Emphasis, Scene};

/// How near (pixels) the pointer must be to a handle, or to a vertex or edge to snap to it.
pub const HANDLE_REACH: f32 = 8.0;
pub const SNAP_REACH: f32 = 10.0;

const HANDLE: Color32 = Color32::from_rgb(20, 90, 200);
const ACTIVE: Color32 = Color32::from_rgb(230, 60, 20);
const DRAW: Color32 = Color32::from_rgb(200, 30, 120);

fn screen(t: &MapTransform, c: Coord<f64>) -> Pos2 {
    t.lon_lat_to_screen(c.x, c.y)
}

fn lon_lat(t: &MapTransform, p: Pos2) -> Coord<f64> {
    let (x, y) = t.screen_to_lon_lat(p);
    Coord { x, y }
}

/// What is under the pointer among the selected place's handles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Handle {
    Vertex(VertexId),
    /// The midpoint of the edge that starts at the vertex.
    Midpoint(VertexId, Coord<f64>),
}

/// The handle of place `id` under `pointer`, vertices first.
pub fn handle_at(data: &Dataset, id: &str, t: &MapTransform, pointer: Pos2) -> Option<Handle> {
    let place = data.place(id)?;
    let near = |c: Coord<f64>| screen(t, c).distance(pointer);
    let vertex = geometry::vertices(&place.geometry)
        .into_iter()
        .map(|(v, c)| (near(c), v))
        .filter(|(d, _)| *d <= HANDLE_REACH)
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, v)) = vertex {
        return Some(Handle::Vertex(v));
    }
    geometry::edges(&place.geometry)
        .into_iter()
        .filter(|(_, a, b)| screen(t, *a).distance(screen(t, *b)) >= 3.0 * HANDLE_REACH)
        .map(|(v, a, b)| {
            let m = Coord {
                x: (a.x + b.x) / 2.0,
                y: (a.y + b.y) / 2.0,
            };
            (near(m), v, m)
        })
        .filter(|(d, _, _)| *d <= HANDLE_REACH)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v, m)| Handle::Midpoint(v, m))
}

/// Snaps `pointer` to the nearest vertex of a visible place within [`SNAP_REACH`] pixels, else
/// to the nearest point on one of their edges; `except` (a place being dragged) is left out.
pub fn snap(
    data: &Dataset,
    scene: &Scene,
    emphasis: &Emphasis,
    t: &MapTransform,
    rect: Rect,
    pointer: Pos2,
    except: Option<(&str, VertexId)>,
) -> Option<Coord<f64>> {
    let m = t.to_merc(pointer);
    let reach = SNAP_REACH as f64 * t.pixel();
    let view = crate::map::MercBox {
        min: [m[0] - reach, m[1] - reach],
        max: [m[0] + reach, m[1] + reach],
    };
    let _ = rect;
    let mut best_vertex: Option<(f32, Coord<f64>)> = None;
    let mut best_edge: Option<(f32, Coord<f64>)> = None;
    // The places near the pointer, from the scene's R-trees (not every place, per move).
    let mut near = scene.index.meeting(&view);
    for grid in &scene.grids {
        near.extend(grid.features_in(&view));
    }
    near.sort_unstable();
    near.dedup();
    for i in near {
        let (Some(p), Some(prepared)) = (data.places.get(i), scene.places.get(i)) else {
            continue;
        };
        if !emphasis.is_visible(i) || !prepared.geometry.bbox().intersects(&view) {
            continue;
        }
        for (v, c) in geometry::vertices(&p.geometry) {
            if except.is_some_and(|(id, w)| id == p.id && w == v) {
                continue;
            }
            let d = screen(t, c).distance(pointer);
            if d <= SNAP_REACH && best_vertex.is_none_or(|(b, _)| d < b) {
                best_vertex = Some((d, c));
            }
        }
        if best_vertex.is_some() {
            continue;
        }
        for (v, a, b) in geometry::edges(&p.geometry) {
            if except.is_some_and(|(id, w)| {
                id == p.id && (w == v || w.index == v.index + 1 || v.index == w.index + 1)
            }) {
                continue;
            }
            // On the segment as the data has it (lon, lat), so the point is exactly on the edge
            // and can become a shared vertex of it.
            let on = geometry::nearest_on_segment(lon_lat(t, pointer), a, b);
            let d = screen(t, on).distance(pointer);
            if d <= SNAP_REACH && best_edge.is_none_or(|(b, _)| d < b) {
                best_edge = Some((d, on));
            }
        }
    }
    best_vertex.or(best_edge).map(|(_, c)| c)
}

/// Whether a press at `pointer` grabs something (a handle, or the feature to move), so the map
/// must not pan.
pub fn grabs(state: &AppState, pointer: Option<Pos2>) -> bool {
    let (Some(edit), Some(t), Some(p)) = (&state.edit, &state.transform, pointer) else {
        return false;
    };
    if edit.drag.is_some() {
        return true;
    }
    let Some(id) = state.view.selected.as_deref() else {
        return false;
    };
    match edit.tool {
        Tool::Vertices => handle_at(&state.data, id, t, p).is_some(),
        Tool::Move => {
            let hits = crate::map::hits(&state.scene, t, p, &state.emphasis());
            hits.iter()
                .any(|h| state.data.places.get(h.index).is_some_and(|q| q.id == id))
        }
        _ => false,
    }
}

/// Draws edit mode over the map and turns the pointer into commands. Returns whether it used
/// this frame's click (so the map does not also select with it).
#[allow(clippy::too_many_arguments)]
pub fn overlay(
    ui: &egui::Ui,
    response: &egui::Response,
    painter: &egui::Painter,
    t: &MapTransform,
    edit: &EditMode,
    data: &Dataset,
    scene: &Scene,
    emphasis: &Emphasis,
    selected: Option<&str>,
    commands: &mut Vec<Command>,
) -> bool {
    let rect = response.rect;
    let pointer = response.hover_pos().or(response.interact_pointer_pos());
    let snapped = |p: Pos2, except: Option<(&str, VertexId)>| {
        edit.snap
            .then(|| snap(data, scene, emphasis, t, rect, p, except))
            .flatten()
            .unwrap_or_else(|| lon_lat(t, p))
    };
    let mut used_click = false;

    // The selected place's handles, and the drag preview.
    if let Some(id) = selected
        && let Some(place) = data.place(id)
    {
        let mut g = place.geometry.clone();
        match &edit.drag {
            Some(Drag::Vertex { id: d, vertex, to }) if d == id => {
                g = geometry::move_vertex(&g, *vertex, *to);
            }
            Some(Drag::Feature { id: d, from, to }) if d == id => {
                g = geometry::translate(&g, to.x - from.x, to.y - from.y);
            }
            _ => {}
        }
        for (_, a, b) in geometry::edges(&g) {
            painter.line_segment([screen(t, a), screen(t, b)], Stroke::new(2.0, HANDLE));
        }
        if edit.tool == Tool::Vertices {
            // Midpoints where an edge is long enough on screen to hold one apart from its ends.
            for (_, a, b) in geometry::edges(&g) {
                let (sa, sb) = (screen(t, a), screen(t, b));
                if sa.distance(sb) >= 3.0 * HANDLE_REACH {
                    painter.circle(
                        sa.lerp(sb, 0.5),
                        3.0,
                        Color32::WHITE,
                        Stroke::new(1.0, HANDLE),
                    );
                }
            }
            for (v, c) in geometry::vertices(&g) {
                let color = if edit.active_vertex == Some(v) {
                    ACTIVE
                } else {
                    HANDLE
                };
                let r = Rect::from_center_size(screen(t, c), vec2(8.0, 8.0));
                painter.rect_filled(r, 1.0, Color32::WHITE);
                painter.rect_stroke(r, 1.0, Stroke::new(2.0, color), egui::StrokeKind::Inside);
            }
        }
        // Drags.
        // Where the button went down: the drag is recognised only after the pointer has moved a
        // few pixels away from the handle.
        let pressed_at = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos());
        if response.drag_started()
            && let Some(p) = pressed_at
        {
            match edit.tool {
                Tool::Vertices => {
                    if let Some(Handle::Vertex(v)) = handle_at(data, id, t, p) {
                        commands.push(Command::ActivateVertex(Some(v)));
                        commands.push(Command::SetDrag(Some(Drag::Vertex {
                            id: id.to_string(),
                            vertex: v,
                            to: snapped(p, Some((id, v))),
                        })));
                    }
                }
                Tool::Move => {
                    let hits = crate::map::hits(scene, t, p, emphasis);
                    if hits
                        .iter()
                        .any(|h| data.places.get(h.index).is_some_and(|q| q.id == id))
                    {
                        let at = lon_lat(t, p);
                        commands.push(Command::SetDrag(Some(Drag::Feature {
                            id: id.to_string(),
                            from: at,
                            to: at,
                        })));
                    }
                }
                _ => {}
            }
        }
        if let Some(drag) = &edit.drag
            && let Some(p) = response.interact_pointer_pos()
        {
            let moved = match drag {
                Drag::Vertex { id, vertex, .. } => Drag::Vertex {
                    id: id.clone(),
                    vertex: *vertex,
                    to: snapped(p, Some((id, *vertex))),
                },
                Drag::Feature { id, from, .. } => Drag::Feature {
                    id: id.clone(),
                    from: *from,
                    to: lon_lat(t, p),
                },
            };
            if &moved != drag {
                commands.push(Command::SetDrag(Some(moved)));
            }
        }
        if response.drag_stopped() && edit.drag.is_some() {
            commands.push(Command::EndDrag);
            used_click = true;
        }
        // Clicks on handles.
        if edit.tool == Tool::Vertices
            && response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            match handle_at(data, id, t, p) {
                Some(Handle::Vertex(v)) => {
                    commands.push(Command::ActivateVertex(Some(v)));
                    used_click = true;
                }
                Some(Handle::Midpoint(after, at)) => {
                    commands.push(Command::InsertVertex { after, at });
                    used_click = true;
                }
                None => commands.push(Command::ActivateVertex(None)),
            }
        }
    }

    // Picking the label point.
    if edit.picking_label {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            commands.push(Command::SetLabelAt(lon_lat(t, p)));
            return true;
        }
    }
    // Drawing.
    if edit.tool.draws() {
        used_click = true;
        let mut pts: Vec<Pos2> = edit.drawing.iter().map(|c| screen(t, *c)).collect();
        let hover = pointer.map(|p| snapped(p, None));
        if let Some(h) = hover {
            let hp = screen(t, h);
            painter.circle_stroke(hp, 5.0, Stroke::new(1.5, DRAW));
            if !pts.is_empty() {
                pts.push(hp);
            }
        }
        if edit.tool == Tool::Polygon && pts.len() >= 3 {
            // The closing edge, thinner.
            painter.line_segment([pts[pts.len() - 1], pts[0]], Stroke::new(1.0, DRAW));
        }
        if pts.len() >= 2 {
            painter.add(Shape::line(pts.clone(), Stroke::new(2.0, DRAW)));
        }
        for c in &edit.drawing {
            painter.circle(screen(t, *c), 4.0, Color32::WHITE, Stroke::new(2.0, DRAW));
        }
        if response.double_clicked() {
            commands.push(Command::FinishDrawing);
        } else if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            commands.push(Command::DrawVertex(snapped(p, None)));
        }
        ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
    }
    used_click
}
