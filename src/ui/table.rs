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

pub fn window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(file) = state.table else {
        return;
    };
    let Some(f) = state.data.files.get(file) else {
        return;
    };
    let places: Vec<&crate::data::Place> = state
        .data
        .places
        .iter()
        .filter(|p| p.file == file)
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for p in &places {
        for k in p.properties().keys() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let id = egui::Id::unique(("table", file));
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
            let mut rows: Vec<(&crate::data::Place, Vec<String>)> = places
                .iter()
                .map(|p| {
                    let props = p.properties();
                    let cells = columns
                        .iter()
                        .map(|c| cell(props.get(c)))
                        .collect::<Vec<_>>();
                    (*p, cells)
                })
                .filter(|(_, cells)| {
                    needle.is_empty() || cells.iter().any(|c| c.to_lowercase().contains(&needle))
                })
                .collect();
            if let Some((c, ascending)) = view.sort {
                rows.sort_by(|a, b| {
                    let (x, y) = (&a.1[c], &b.1[c]);
                    // Numbers as numbers, the rest as text.
                    let o = match (x.parse::<f64>(), y.parse::<f64>()) {
                        (Ok(x), Ok(y)) => x.total_cmp(&y),
                        _ => x.cmp(y),
                    };
                    if ascending { o } else { o.reverse() }
                });
            }
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
                        for text in cells {
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
