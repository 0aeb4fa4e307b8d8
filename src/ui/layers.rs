//! Layers and legend: a toggle per kind and per status, with counts, drawn with the map's own
//! symbols.

use egui::{RichText, Sense, vec2};

use crate::app::{AppState, Command};
use crate::data::{Accuracy, Kind, Status};
use crate::map::style;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical()
        .id_salt("layers")
        .auto_shrink([false, false])
        .show(ui, |ui| contents(ui, state, commands));
}

/// Files opened beside the data: a toggle, their table, export and close.
fn opened_files(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(state.tr("layers.opened_files")).strong());
        if ui
            .small_button(state.tr("layers.open"))
            .on_hover_text(state.tr("layers.open_tip"))
            .clicked()
        {
            commands.push(Command::ShowFileWindow(Some(crate::app::FilePurpose::Open)));
        }
    });
    for (i, f) in state.data.files.iter().enumerate() {
        if f.role != crate::data::FileRole::Layer {
            continue;
        }
        let count = state.tally.file(i);
        let visible = !state.view.hidden_layers.contains(&f.display);
        ui.horizontal(|ui| {
            let mut checked = visible;
            if ui.checkbox(&mut checked, "").changed() {
                commands.push(Command::SetLayerVisible(f.display.clone(), checked));
            }
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(name).on_hover_text(&f.display);
            ui.label(RichText::new(count.to_string()).weak());
            if ui.small_button(state.tr("layers.table")).clicked() {
                commands.push(Command::ShowTable(Some(i)));
            }
            if ui
                .small_button(state.tr("layers.export"))
                .on_hover_text(state.tr("layers.export_tip"))
                .clicked()
            {
                commands.push(Command::ShowFileWindow(Some(
                    crate::app::FilePurpose::Export(crate::app::ExportWhat::File(i)),
                )));
            }
            if ui.small_button(state.tr("layers.close")).clicked() {
                commands.push(Command::CloseLayer(i));
            }
        });
    }
    ui.separator();
}

fn contents(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    opened_files(ui, state, commands);
    let lang = state.view.lang;
    ui.label(RichText::new(state.tr("layers.kinds")).strong());
    for &kind in Kind::ALL {
        let count = state.tally.kind(kind);
        if count == 0 {
            continue;
        }
        let visible = !state.view.hidden_kinds.contains(&kind);
        ui.horizontal(|ui| {
            let mut checked = visible;
            if ui.checkbox(&mut checked, "").changed() {
                commands.push(Command::SetKindVisible(kind, checked));
            }
            let (rect, _) = ui.allocate_exact_size(vec2(30.0, 16.0), Sense::hover());
            style::paint_legend(ui.painter(), rect, kind, None);
            let label = ui.add(egui::Label::new(kind.label_in(lang)).sense(Sense::click()));
            if label.clicked() {
                commands.push(Command::SetKindVisible(kind, !visible));
            }
            ui.label(RichText::new(count.to_string()).weak());
        });
    }
    ui.horizontal(|ui| {
        if ui.small_button(state.tr("layers.all")).clicked() {
            for &k in Kind::ALL {
                commands.push(Command::SetKindVisible(k, true));
            }
        }
        if ui.small_button(state.tr("layers.none")).clicked() {
            for &k in Kind::ALL {
                commands.push(Command::SetKindVisible(k, false));
            }
        }
    });
    ui.add_space(8.0);
    ui.label(RichText::new(state.tr("layers.status")).strong());
    ui.label(
        RichText::new(state.tr("layers.status_note"))
            .weak()
            .size(11.0),
    );
    for &status in Status::ALL {
        let count = state.tally.status(status);
        let visible = !state.view.hidden_statuses.contains(&status);
        ui.horizontal(|ui| {
            let mut checked = visible;
            if ui.checkbox(&mut checked, "").changed() {
                commands.push(Command::SetStatusVisible(status, checked));
            }
            let (rect, _) = ui.allocate_exact_size(vec2(30.0, 16.0), Sense::hover());
            style::paint_legend(ui.painter(), rect, Kind::Railway, Some(status));
            ui.label(status.label_in(lang));
            ui.label(RichText::new(count.to_string()).weak());
        });
    }
    let no_status = state.tally.no_status;
    ui.label(RichText::new(state.trf("layers.no_status", &[("n", &no_status)])).weak());
    ui.add_space(8.0);
    ui.label(RichText::new(state.tr("layers.accuracy")).strong());
    ui.label(
        RichText::new(state.tr("layers.accuracy_note"))
            .weak()
            .size(11.0),
    );
    for &accuracy in Accuracy::ALL {
        let count = state.tally.accuracy(accuracy);
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(30.0, 16.0), Sense::hover());
            style::paint_accuracy_legend(ui.painter(), rect, accuracy);
            ui.add(egui::Label::new(accuracy.label_in(lang)).wrap());
            ui.label(RichText::new(count.to_string()).weak());
        });
    }
}
