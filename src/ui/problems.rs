//! The list of problems found in the data files: the same messages `gba-atlas check` prints.

use crate::app::{AppState, Command};

pub fn window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if !state.show_problems {
        return;
    }
    let mut open = true;
    egui::Window::new(state.tr("problems.title"))
        // The id the window had with its English title, whatever the language.
        .id(egui::Id::unique("Data problems"))
        .open(&mut open)
        .default_width(640.0)
        .default_height(320.0)
        .show(ctx, |ui| {
            if state.messages.is_empty() && state.data.issues.is_empty() {
                ui.label(state.trf("problems.none", &[("dir", &state.data_dir.display())]));
                return;
            }
            ui.label(state.trf("problems.intro", &[("dir", &state.data_dir.display())]));
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for m in &state.messages {
                    ui.monospace(m);
                }
                for issue in &state.data.issues {
                    let mut text = egui::RichText::new(issue.to_string()).monospace();
                    if issue.is_warning() {
                        text = text.color(ui.visuals().weak_text_color());
                    }
                    let label = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
                    if let Some(id) = issue.feature_id()
                        && state.data.place(id).is_some()
                        && label.clicked()
                    {
                        commands.push(Command::Select(Some(id.to_string())));
                        commands.push(Command::ZoomToPlace(id.to_string()));
                    }
                }
            });
        });
    if !open {
        commands.push(Command::ShowProblems(false));
    }
}
