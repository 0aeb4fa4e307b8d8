//! The details panel: a selected place's names, kind, accuracy, source, and the text of every
//! clause that names it with its words highlighted.

use egui::{FontId, RichText};

use crate::app::{AppState, Command};
use crate::map::style;
use crate::ui::text::highlighted;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(place) = state.selected_place() else {
        return;
    };
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&place.name_zh).size(24.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").on_hover_text("Close (Esc)").clicked() {
                commands.push(Command::Select(None));
            }
            if ui.button("Zoom to").clicked() {
                commands.push(Command::ZoomToPlace(place.id.clone()));
            }
        });
    });
    ui.label(RichText::new(&place.name_en).size(16.0));
    ui.add_space(4.0);
    egui::Grid::new("facts")
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Kind").weak());
            ui.label(place.kind.label());
            ui.end_row();
            if let Some(status) = place.status {
                ui.label(RichText::new("Status").weak());
                ui.label(status.label());
                ui.end_row();
            }
            ui.label(RichText::new("Geometry").weak());
            ui.label(place.accuracy.label());
            ui.end_row();
            ui.label(RichText::new("Source").weak());
            ui.add(egui::Label::new(&place.source).wrap());
            ui.end_row();
            ui.label(RichText::new("Id").weak());
            ui.monospace(&place.id);
            ui.end_row();
        });
    if let Some(note) = &place.note {
        ui.add_space(4.0);
        ui.add(egui::Label::new(RichText::new(note).italics()).wrap());
    }
    ui.add_space(6.0);
    ui.separator();
    ui.label(
        RichText::new(format!(
            "Named in {} clause{} of the plan",
            place.clauses.len(),
            if place.clauses.len() == 1 { "" } else { "s" }
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for r in &place.clauses {
                let Some(clause) = state.plan.clause(r.clause) else {
                    continue;
                };
                let section = state.plan.section(clause.section);
                ui.add_space(8.0);
                let header = ui
                    .add(
                        egui::Label::new(
                            RichText::new(format!("{} {}", clause.marker(), clause.title))
                                .strong()
                                .size(15.0),
                        )
                        .sense(egui::Sense::click()),
                    )
                    .on_hover_text("Read this clause and see all its places");
                if header.clicked() {
                    commands.push(Command::SelectClause(Some(clause.number)));
                }
                if let Some(section) = section {
                    ui.label(
                        RichText::new(format!("{}、{}", section.numeral, section.title))
                            .weak()
                            .size(12.0),
                    );
                }
                let width = ui.available_width();
                let job = highlighted(
                    &clause.text(),
                    &r.quotes,
                    FontId::proportional(14.0),
                    ui.visuals().text_color(),
                    style::HIGHLIGHT,
                    width,
                );
                ui.label(job);
            }
        });
}
