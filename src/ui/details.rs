//! The details panel: a selected place's names, kind, accuracy, source, and the text of every
//! clause that names it with its words highlighted.

use egui::{FontId, RichText};

use crate::app::{AppState, Command};
use crate::i18n::tr;
use crate::map::style;
use crate::ui::text::highlighted;

/// The details panel's scroll area (tests read its state).
pub const SCROLL_ID: &str = "details-scroll";

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(place) = state.selected_place() else {
        return;
    };
    // Scroll bars take their own space instead of floating over the text.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    // A new selection opens at the top, whatever the last one was scrolled to.
    let shown_id = egui::Id::unique("details-shown");
    let changed = ui.ctx().data_mut(|d| {
        let last: &mut String = d.get_temp_mut_or_default(shown_id);
        let changed = *last != place.id;
        last.clone_from(&place.id);
        changed
    });
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(SCROLL_ID)
        .auto_shrink([false, false]);
    if changed {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .button(state.tr("details.zoom_to"))
                .on_hover_text(state.tr("details.zoom_to_tip"))
                .clicked()
            {
                commands.push(Command::ZoomToPlace(place.id.clone()));
            }
            if ui
                .button(state.tr("details.copy"))
                .on_hover_text(state.tr("details.copy_tip"))
                .clicked()
            {
                ui.ctx().copy_text(place_summary(state, place));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(state.tr("details.close"))
                    .on_hover_text(state.tr("details.close_tip"))
                    .clicked()
                {
                    commands.push(Command::Select(None));
                }
            });
        });
        // Names wrap: a long name is never hidden behind the buttons.
        ui.add(egui::Label::new(RichText::new(&place.name_zh).size(22.0).strong()).wrap());
        ui.add(egui::Label::new(RichText::new(&place.name_en).size(15.0)).wrap());
        ui.add_space(4.0);
        facts(ui, state, place);
        if let Some(note) = place.note() {
            ui.add_space(4.0);
            ui.add(egui::Label::new(RichText::new(note).italics()).wrap());
        }
        ui.add_space(6.0);
        ui.separator();
        ui.label(
            RichText::new(if place.clauses.len() == 1 {
                state.trf("details.named_in_one", &[("n", &place.clauses.len())])
            } else {
                state.trf("details.named_in", &[("n", &place.clauses.len())])
            })
            .strong(),
        );
        for r in &place.clauses {
            let Some(clause) = state.plan.clause(r.clause) else {
                continue;
            };
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let title = format!("{} {}", clause.marker(), clause.title);
                let header = ui
                    .add(
                        egui::Label::new(RichText::new(title).strong().size(15.0))
                            .wrap()
                            .sense(egui::Sense::click()),
                    )
                    .on_hover_text(state.tr("details.read_clause_tip"));
                if header.clicked() {
                    commands.push(Command::SelectClause(Some(clause.number)));
                }
            });
            ui.horizontal(|ui| {
                if let Some(section) = state.plan.section(clause.section) {
                    ui.label(
                        RichText::new(format!("{}、{}", section.numeral, section.title))
                            .weak()
                            .size(12.0),
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .small_button(state.tr("details.copy"))
                        .on_hover_text(state.tr("details.copy_clause_tip"))
                        .clicked()
                    {
                        ui.ctx().copy_text(clause_citation(state, clause.number));
                    }
                });
            });
            let width = ui.available_width();
            let job = highlighted(
                &clause.text(),
                &r.quotes,
                FontId::proportional(14.0),
                ui.visuals().text_color(),
                style::HIGHLIGHT,
                width,
            );
            // Selectable: planners quote clauses into their documents.
            ui.add(egui::Label::new(job).selectable(true));
        }
        ui.add_space(12.0);
    });
}

fn facts(ui: &mut egui::Ui, state: &AppState, place: &crate::data::Place) {
    let lang = state.view.lang;
    egui::Grid::new("facts")
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, "details.kind")).weak());
            ui.label(place.kind.label_in(lang));
            ui.end_row();
            if let Some(status) = place.status {
                ui.label(RichText::new(tr(lang, "details.status")).weak());
                ui.label(status.label_in(lang));
                ui.end_row();
            }
            ui.label(RichText::new(tr(lang, "details.geometry")).weak());
            ui.add(egui::Label::new(place.accuracy.label_in(lang)).wrap());
            ui.end_row();
            ui.label(RichText::new(tr(lang, "details.source")).weak());
            // A feature of an opened layer is sourced by its file.
            let source = match state.data.files.get(place.file) {
                Some(f) if place.source().is_empty() && state.data.is_layer_place(place) => {
                    format!("opened from {}", f.display)
                }
                _ => place.source().to_owned(),
            };
            ui.add(egui::Label::new(source).wrap());
            ui.end_row();
            ui.label(RichText::new(tr(lang, "details.id")).weak());
            ui.monospace(&place.id);
            ui.end_row();
            // Every other property, as the file has it.
            for (k, v) in place.properties().iter() {
                ui.label(RichText::new(k).weak());
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                ui.add(egui::Label::new(text).wrap());
                ui.end_row();
            }
        });
}

/// A clause as a citation: number, title, text and where it is from.
pub fn clause_citation(state: &AppState, number: u32) -> String {
    let Some(clause) = state.plan.clause(number) else {
        return String::new();
    };
    let source = state.trf(
        "details.citation",
        &[("plan", &state.plan.title), ("n", &clause.number)],
    );
    format!(
        "{} {}\n{}\n\n{source}",
        clause.marker(),
        clause.title,
        clause.text(),
    )
}

fn place_summary(state: &AppState, place: &crate::data::Place) -> String {
    let mut out = format!(
        "{} {} ({})\n",
        place.name_zh,
        place.name_en,
        place.kind.label_in(state.view.lang)
    );
    for r in &place.clauses {
        if let Some(c) = state.plan.clause(r.clause) {
            out.push_str(&format!("{} {}\n", c.marker(), c.title));
        }
    }
    out
}
