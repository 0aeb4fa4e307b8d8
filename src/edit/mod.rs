//! Editing the places on the map: the edit mode's state (plain data), and the document edits
//! its gestures make. The map view turns pointer input into [`crate::app::Command`]s; the
//! functions here turn those into [`Edit`]s with the changed feature JSON.

pub mod geometry;

use geo::{Coord, Geometry};

use crate::data::{Dataset, Edit, Kind, new_feature, with_geometry};
use crate::i18n::{Lang, tr};
use geometry::{VertexId, oriented};

/// What a click or drag on the map does in edit mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Select a feature; drag its vertices, click an edge's midpoint to add one.
    #[default]
    Vertices,
    /// Drag the selected feature as a whole.
    Move,
    /// Draw a new point.
    Point,
    /// Draw a new line: click vertices, double-click or Enter to finish.
    Line,
    /// Draw a new polygon: click vertices, double-click or Enter to finish.
    Polygon,
}

impl Tool {
    pub const ALL: [Tool; 5] = [
        Tool::Vertices,
        Tool::Move,
        Tool::Point,
        Tool::Line,
        Tool::Polygon,
    ];

    /// The tool's name in English (history labels are English: see [`Tool::label_in`]).
    pub fn label(self) -> &'static str {
        self.label_in(Lang::En)
    }

    /// The tool's name in `lang`, for the edit bar.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            Tool::Vertices => tr(lang, "edit.tool.vertices"),
            Tool::Move => tr(lang, "edit.tool.move"),
            Tool::Point => tr(lang, "edit.tool.point"),
            Tool::Line => tr(lang, "edit.tool.line"),
            Tool::Polygon => tr(lang, "edit.tool.polygon"),
        }
    }

    /// What the tool does, in English.
    pub fn hint(self) -> &'static str {
        self.hint_in(Lang::En)
    }

    /// What the tool does, in `lang`, under the edit bar.
    pub fn hint_in(self, lang: Lang) -> &'static str {
        match self {
            Tool::Vertices => tr(lang, "edit.hint.vertices"),
            Tool::Move => tr(lang, "edit.hint.move"),
            Tool::Point => tr(lang, "edit.hint.point"),
            Tool::Line | Tool::Polygon => tr(lang, "edit.hint.draw"),
        }
    }

    pub fn draws(self) -> bool {
        matches!(self, Tool::Point | Tool::Line | Tool::Polygon)
    }
}

/// A drag in progress, drawn as a preview until the button is released.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    Vertex {
        id: String,
        vertex: VertexId,
        to: Coord<f64>,
    },
    Feature {
        id: String,
        from: Coord<f64>,
        to: Coord<f64>,
    },
}

/// The state of edit mode.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EditMode {
    /// The file new features go into.
    pub file: usize,
    pub tool: Tool,
    /// Snap to the vertices and edges of other places (shared borders stay shared).
    pub snap: bool,
    /// Vertices of the feature being drawn (lon, lat).
    pub drawing: Vec<Coord<f64>>,
    /// The vertex clicked last (Delete removes it).
    pub active_vertex: Option<VertexId>,
    pub drag: Option<Drag>,
    /// The next click on the map sets the selected place's label point.
    pub picking_label: bool,
}

/// Two positions closer than this (degrees, ~1 mm) are one shared vertex.
const SAME: f64 = 1e-8;

fn same(a: Coord<f64>, b: Coord<f64>) -> bool {
    (a.x - b.x).abs() < SAME && (a.y - b.y).abs() < SAME
}

fn name(data: &Dataset, id: &str) -> String {
    data.place(id)
        .map(|p| {
            if p.name_zh.is_empty() {
                p.id.clone()
            } else {
                p.name_zh.clone()
            }
        })
        .unwrap_or_else(|| id.to_string())
}

fn replace(data: &Dataset, id: &str, g: Geometry<f64>) -> Option<Edit> {
    let place = data.place(id)?;
    Some(Edit::Replace {
        id: id.to_string(),
        feature: with_geometry(place.raw(), &oriented(g)),
    })
}

/// Moves vertex `v` of place `id` to `to`, and with it every vertex of any place that was at
/// the same position, so a shared border stays shared.
pub fn move_vertex(
    data: &Dataset,
    id: &str,
    v: VertexId,
    to: Coord<f64>,
) -> Option<(String, Edit)> {
    let place = data.place(id)?;
    let from = geometry::vertices(&place.geometry)
        .into_iter()
        .find(|(w, _)| *w == v)?
        .1;
    let mut edits = Vec::new();
    let mut shared = 0;
    for p in &data.places {
        let moved: Vec<VertexId> = geometry::vertices(&p.geometry)
            .into_iter()
            .filter(|(w, c)| (p.id == id && *w == v) || same(*c, from))
            .map(|(w, _)| w)
            .collect();
        if moved.is_empty() {
            continue;
        }
        if p.id != id {
            shared += 1;
        }
        let mut g = p.geometry.clone();
        for w in moved {
            g = geometry::move_vertex(&g, w, to);
        }
        edits.push(replace(data, &p.id, g)?);
    }
    // Dropped on another place's edge: that edge gets the vertex too.
    let others: Vec<&str> = data
        .places
        .iter()
        .filter(|p| {
            p.id != id
                && geometry::vertices(&p.geometry)
                    .iter()
                    .any(|(_, c)| same(*c, from))
        })
        .map(|p| p.id.as_str())
        .collect();
    for e in share_edges(data, &[to], Some(id)) {
        if let Edit::Replace { id: other, .. } = &e
            && !others.contains(&other.as_str())
        {
            edits.push(e);
        }
    }
    let label = match shared {
        0 => format!("Move a vertex of {}", name(data, id)),
        n => format!("Move a vertex of {} (shared with {n} more)", name(data, id)),
    };
    Some((label, Edit::Batch(edits)))
}

/// For points that lie on another place's edge (snapped there), the edits that add them to that
/// edge as vertices, so the two places share the border from then on.
pub fn share_edges(data: &Dataset, points: &[Coord<f64>], except: Option<&str>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for p in &data.places {
        if Some(p.id.as_str()) == except || data.is_layer_place(p) {
            continue;
        }
        let mut g = p.geometry.clone();
        let mut changed = false;
        for &c in points {
            let on = geometry::edges(&g).into_iter().find(|(_, a, b)| {
                let n = geometry::nearest_on_segment(c, *a, *b);
                same(n, c) && !same(c, *a) && !same(c, *b)
            });
            if let Some((after, _, _)) = on {
                g = geometry::insert_vertex(&g, after, c);
                changed = true;
            }
        }
        if changed && let Some(edit) = replace(data, &p.id, g) {
            edits.push(edit);
        }
    }
    edits
}

/// Adds a vertex at `at` on the edge of place `id` that starts at `after`.
pub fn insert_vertex(
    data: &Dataset,
    id: &str,
    after: VertexId,
    at: Coord<f64>,
) -> Option<(String, Edit)> {
    let place = data.place(id)?;
    let g = geometry::insert_vertex(&place.geometry, after, at);
    Some((
        format!("Add a vertex to {}", name(data, id)),
        replace(data, id, g)?,
    ))
}

/// Removes vertex `v` of place `id` (not when too few would be left), and the same vertex of
/// every place that shares it, so a shared border stays shared.
pub fn delete_vertex(data: &Dataset, id: &str, v: VertexId) -> Option<(String, Edit)> {
    let place = data.place(id)?;
    let at = geometry::vertices(&place.geometry)
        .into_iter()
        .find(|(w, _)| *w == v)?
        .1;
    let mut edits = vec![replace(
        data,
        id,
        geometry::delete_vertex(&place.geometry, v)?,
    )?];
    let mut shared = 0;
    for p in data.places.iter().filter(|p| p.id != id) {
        let Some((w, _)) = geometry::vertices(&p.geometry)
            .into_iter()
            .find(|(_, c)| same(*c, at))
        else {
            continue;
        };
        // A neighbour that would be left too small keeps its vertex.
        if let Some(g) = geometry::delete_vertex(&p.geometry, w)
            && let Some(e) = replace(data, &p.id, g)
        {
            edits.push(e);
            shared += 1;
        }
    }
    let label = match shared {
        0 => format!("Delete a vertex of {}", name(data, id)),
        n => format!(
            "Delete a vertex of {} (shared with {n} more)",
            name(data, id)
        ),
    };
    Some((label, Edit::Batch(edits)))
}

/// Moves place `id` as a whole by (dx, dy) degrees (its label point too).
pub fn move_feature(data: &Dataset, id: &str, dx: f64, dy: f64) -> Option<(String, Edit)> {
    let place = data.place(id)?;
    let g = geometry::translate(&place.geometry, dx, dy);
    let mut feature = with_geometry(place.raw(), &oriented(g));
    if let Some(c) = place.label_at() {
        let k = 10f64.powi(crate::data::COORD_DECIMALS);
        let at = serde_json::json!([((c.x + dx) * k).round() / k, ((c.y + dy) * k).round() / k]);
        feature = crate::data::with_property(&feature, "label_at", Some(at));
    }
    Some((
        format!("Move {}", name(data, id)),
        Edit::Replace {
            id: id.to_string(),
            feature,
        },
    ))
}

/// An id made from `name` (`Qianhai Zone` → `qianhai-zone`) that no other place has; `new-place`
/// when the name gives nothing.
pub fn propose_id(data: &Dataset, name: &str, except: Option<&str>) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() { "new-place" } else { slug };
    let free = |id: &str| data.place(id).is_none() || Some(id) == except;
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| free(id))
        .unwrap_or_else(|| base.to_string())
}

/// The geometry a drawing makes with the tool, if it has enough vertices.
pub fn drawn_geometry(tool: Tool, drawing: &[Coord<f64>]) -> Option<Geometry<f64>> {
    match tool {
        Tool::Point => drawing.first().map(|c| Geometry::Point((*c).into())),
        Tool::Line if drawing.len() >= 2 => Some(Geometry::LineString(drawing.to_vec().into())),
        Tool::Polygon if drawing.len() >= 3 => {
            let mut ring = drawing.to_vec();
            ring.push(ring[0]);
            Some(oriented(Geometry::Polygon(geo::Polygon::new(
                ring.into(),
                vec![],
            ))))
        }
        _ => None,
    }
}

/// The edit that adds what was drawn to file `file` as a new place, and its id. The place has
/// the schema's fields to fill in (the form shows what is missing).
pub fn finish_drawing(data: &Dataset, mode: &EditMode) -> Option<(String, Edit, String)> {
    let g = drawn_geometry(mode.tool, &mode.drawing)?;
    let id = propose_id(data, "new-place", None);
    let feature = new_feature(&id, Kind::Other, &g);
    let label = format!("Draw a new {}", mode.tool.label().to_lowercase());
    let insert = Edit::Insert {
        file: mode.file,
        position: usize::MAX,
        feature,
    };
    // Vertices snapped onto other places' edges become vertices of those edges too.
    let shared = share_edges(data, &mode.drawing, None);
    let edit = if shared.is_empty() {
        insert
    } else {
        let mut all = vec![insert];
        all.extend(shared);
        Edit::Batch(all)
    };
    Some((label, edit, id))
}
