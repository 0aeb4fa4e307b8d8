//! The attribute table of a file: every feature a row, every property a column; sortable by a
//! click on a column's header, filtered by text; a click on a row selects the feature and shows
//! it on the map.

use egui::RichText;
use egui_extras::{Column, TableBuilder};
use serde_json::Value;

use crate::app::{AppState, Command};

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The table's state kept between frames: filter text and sort column.
#[derive(Clone, Default)]
struct TableView {
    filter: String,
    sort: Option<(usize, bool)>,
}

/// The table's cells, made once per document revision (a layer of 100,000 features would
/// otherwise have every property of every feature read and formatted each frame).
struct Cells {
    revision: u64,
    /// How many places the document had (a reload starts counting revisions again).
    total: usize,
    /// The file's places, by index in the document.
    places: Vec<usize>,
    columns: Vec<String>,
    /// Per place, per column.
    cells: Vec<Vec<String>>,
}

impl Cells {
    fn is_of(c: &std::sync::Arc<Cells>, state: &AppState) -> bool {
        c.revision == state.data.revision && c.total == state.data.places.len()
    }

    fn of(state: &AppState, file: usize) -> Cells {
        let places: Vec<usize> = (0..state.data.places.len())
            .filter(|&i| state.data.places[i].file == file)
            .collect();
        let props: Vec<_> = places
            .iter()
            .map(|&i| state.data.places[i].properties())
            .collect();
        let mut columns: Vec<String> = Vec::new();
        for p in &props {
            for k in p.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        let cells = props
            .iter()
            .map(|p| columns.iter().map(|c| cell(p.get(c))).collect())
            .collect();
        Cells {
            revision: state.data.revision,
            total: state.data.places.len(),
            places,
            columns,
            cells,
        }
    }

    /// The rows shown (positions in `places`), filtered by `needle` and sorted.
    fn order(&self, needle: &str, sort: Option<(usize, bool)>) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.cells.len())
            .filter(|&r| {
                needle.is_empty()
                    || self.cells[r]
                        .iter()
                        .any(|c| c.to_lowercase().contains(needle))
            })
            .collect();
        if let Some((c, ascending)) = sort {
            rows.sort_by(|&a, &b| {
                let (x, y) = (&self.cells[a][c], &self.cells[b][c]);
                // Numbers as numbers, the rest as text.
                let o = match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(x), Ok(y)) => x.total_cmp(&y),
                    _ => x.cmp(y),
                };
                if ascending { o } else { o.reverse() }
            });
        }
        rows
    }
}

/// The rows shown, for the filter and sort they were made with.
struct Order {
    revision: u64,
    needle: String,
    sort: Option<(usize, bool)>,
    rows: Vec<usize>,
}

impl Order {
    fn fits(
        o: &std::sync::Arc<Order>,
        revision: u64,
        needle: &str,
        sort: Option<(usize, bool)>,
    ) -> bool {
        o.revision == revision && o.needle == needle && o.sort == sort
    }
}

pub fn window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(file) = state.table else {
        return;
    };
    let Some(f) = state.data.files.get(file) else {
        return;
    };
    let id = egui::Id::unique(("table", file));
    let cells: std::sync::Arc<Cells> = match ctx.data(|d| d.get_temp(id.with("cells"))) {
        Some(c) if Cells::is_of(&c, state) => c,
        _ => {
            let c = std::sync::Arc::new(Cells::of(state, file));
            ctx.data_mut(|d| {
                d.insert_temp(id.with("cells"), c.clone());
                // The rows were ordered for the cells before.
                d.remove::<std::sync::Arc<Order>>(id.with("order"));
            });
            c
        }
    };
    let columns = &cells.columns;
    let mut view: TableView = ctx.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let mut open = true;
    egui::Window::new(state.trf("table.title", &[("file", &f.display)]))
        .id(id.with("window"))
        .open(&mut open)
        .default_size([760.0, 360.0])
        .resizable(true)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(state.tr("table.filter"));
                ui.add(
                    egui::TextEdit::singleline(&mut view.filter)
                        .hint_text(state.tr("table.filter_hint"))
                        .desired_width(240.0),
                );
            });
            let needle = view.filter.to_lowercase();
            let order: std::sync::Arc<Order> = match ctx.data(|d| d.get_temp(id.with("order"))) {
                Some(o) if Order::fits(&o, state.data.revision, &needle, view.sort) => o,
                _ => {
                    let o = std::sync::Arc::new(Order {
                        revision: state.data.revision,
                        rows: cells.order(&needle, view.sort),
                        needle: needle.clone(),
                        sort: view.sort,
                    });
                    ctx.data_mut(|d| d.insert_temp(id.with("order"), o.clone()));
                    o
                }
            };
            let rows: Vec<(&crate::data::Place, &Vec<String>)> = order
                .rows
                .iter()
                .filter_map(|&r| {
                    let place = state.data.places.get(*cells.places.get(r)?)?;
                    Some((place, cells.cells.get(r)?))
                })
                .collect();
            let places = &cells.places;
            ui.label(
                RichText::new(state.trf(
                    "table.count",
                    &[("shown", &rows.len()), ("total", &places.len())],
                ))
                .weak(),
            );
            let selected = state.view.selected.as_deref();
            TableBuilder::new(ui)
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .columns(
                    Column::initial(140.0).at_least(40.0).clip(true),
                    columns.len().max(1),
                )
                .header(20.0, |mut header| {
                    for (i, c) in columns.iter().enumerate() {
                        header.col(|ui| {
                            let arrow = match view.sort {
                                Some((s, true)) if s == i => " ^",
                                Some((s, false)) if s == i => " v",
                                _ => "",
                            };
                            if ui
                                .button(RichText::new(format!("{c}{arrow}")).strong())
                                .on_hover_text(state.tr("table.sort_tip"))
                                .clicked()
                            {
                                view.sort = match view.sort {
                                    Some((s, asc)) if s == i => Some((i, !asc)),
                                    _ => Some((i, true)),
                                };
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(18.0, rows.len(), |mut row| {
                        let (place, cells) = &rows[row.index()];
                        row.set_selected(selected == Some(place.id.as_str()));
                        for text in cells.iter() {
                            row.col(|ui| {
                                ui.add(
                                    egui::Label::new(text.as_str()).truncate().selectable(false),
                                );
                            });
                        }
                        if row.response().clicked() {
                            commands.push(Command::Select(Some(place.id.clone())));
                            commands.push(Command::ZoomToPlace(place.id.clone()));
                        }
                    });
                });
        });
    ctx.data_mut(|d| d.insert_temp(id, view));
    if !open {
        commands.push(Command::ShowTable(None));
    }
}
