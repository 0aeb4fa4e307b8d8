//! Editing in the app: the save/undo controls, and the questions asked before work could be
//! lost.

use egui::RichText;

use crate::app::{AppState, Command, Confirm};

/// Undo, redo and save, with what is unsaved (in the top bar).
pub fn toolbar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let undo = state.history.undo.last().map(|(l, _)| l.as_str());
    let redo = state.history.redo.last().map(|(l, _)| l.as_str());
    if state.edit.is_none()
        && undo.is_none()
        && redo.is_none()
        && state.data.dirty_files().is_empty()
    {
        return;
    }
    if state.edit.is_none() {
        ui.separator();
    }
    if ui
        .add_enabled(undo.is_some(), egui::Button::new(state.tr("edit.undo")))
        .on_hover_text(state.trf("edit.undo_tip", &[("edit", &undo.unwrap_or(""))]))
        .clicked()
    {
        commands.push(Command::Undo);
    }
    if ui
        .add_enabled(redo.is_some(), egui::Button::new(state.tr("edit.redo")))
        .on_hover_text(state.trf("edit.redo_tip", &[("edit", &redo.unwrap_or(""))]))
        .clicked()
    {
        commands.push(Command::Redo);
    }
    let dirty = state.dirty_names();
    if !dirty.is_empty() {
        let label = RichText::new(state.trf("edit.save", &[("n", &dirty.len())])).strong();
        if ui
            .button(label)
            .on_hover_text(state.trf("edit.save_tip", &[("files", &dirty.join(", "))]))
            .clicked()
        {
            commands.push(Command::Save { force: false });
        }
    }
}

/// The question waiting for an answer, if any, as a modal window.
pub fn confirm_window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(confirm) = &state.confirm else {
        return;
    };
    let (title, text, items): (&str, String, &[String]) = match confirm {
        Confirm::SaveWithProblems(problems) => (
            state.tr("edit.confirm.problems_title"),
            if problems.len() == 1 {
                state.trf("edit.confirm.problems_one", &[("n", &problems.len())])
            } else {
                state.trf("edit.confirm.problems", &[("n", &problems.len())])
            },
            problems,
        ),
        Confirm::DiscardAndReload(files) => (
            state.tr("edit.confirm.reload_title"),
            state.tr("edit.confirm.reload").to_string(),
            files,
        ),
        Confirm::DiscardAndQuit(files) => (
            state.tr("edit.confirm.quit_title"),
            state.tr("edit.confirm.quit").to_string(),
            files,
        ),
        Confirm::OutsideChange { file } => (
            state.tr("edit.confirm.outside_title"),
            match state.data.files.get(*file) {
                Some(f) => state.trf("edit.confirm.outside", &[("file", &f.display)]),
                None => state.tr("edit.confirm.outside_unknown").to_string(),
            },
            &[],
        ),
    };
    egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(title);
        ui.label(text);
        if !items.is_empty() {
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    for item in items {
                        ui.label(RichText::new(item).monospace().size(12.0));
                    }
                });
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| match confirm {
            Confirm::SaveWithProblems(_) => {
                if ui.button(state.tr("edit.confirm.save_anyway")).clicked() {
                    commands.push(Command::Save { force: true });
                }
                if ui.button(state.tr("edit.confirm.show_problems")).clicked() {
                    commands.push(Command::Ask(None));
                    commands.push(Command::ShowProblems(true));
                }
                if ui.button(state.tr("edit.confirm.cancel")).clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::DiscardAndReload(_) => {
                if ui.button(state.tr("edit.confirm.save_reload")).clicked() {
                    commands.push(Command::Save { force: false });
                    commands.push(Command::Reload);
                }
                if ui.button(state.tr("edit.confirm.reload_lose")).clicked() {
                    commands.push(Command::DiscardAndReload);
                }
                if ui.button(state.tr("edit.confirm.cancel")).clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::DiscardAndQuit(_) => {
                if ui.button(state.tr("edit.confirm.save_quit")).clicked() {
                    commands.push(Command::SaveAndQuit);
                }
                if ui.button(state.tr("edit.confirm.quit_lose")).clicked() {
                    commands.push(Command::DiscardAndQuit);
                }
                if ui.button(state.tr("edit.confirm.cancel")).clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::OutsideChange { file } => {
                if ui.button(state.tr("edit.confirm.keep")).clicked() {
                    commands.push(Command::Ask(None));
                }
                if ui.button(state.tr("edit.confirm.take")).clicked() {
                    commands.push(Command::TakeFileFromDisk(*file));
                }
            }
        });
    });
}

/// The edit mode bar, under the top bar: the file new features go into, the tools, snapping,
/// the history, and what the tool does.
pub fn edit_bar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(edit) = &state.edit else {
        return;
    };
    egui::Panel::top("edit-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(state.tr("edit.editing"))
                    .strong()
                    .color(ui.visuals().selection.bg_fill),
            );
            let file = state
                .data
                .files
                .get(edit.file)
                .map(|f| f.display.as_str())
                .unwrap_or("");
            egui::ComboBox::from_id_salt("edit-file")
                .selected_text(file.rsplit('/').next().unwrap_or(file))
                .show_ui(ui, |ui| {
                    for (i, f) in state.data.files.iter().enumerate() {
                        if f.role != crate::data::FileRole::Places || f.unreadable {
                            continue;
                        }
                        let dirty = if f.dirty { " ●" } else { "" };
                        if ui
                            .selectable_label(i == edit.file, format!("{}{dirty}", f.display))
                            .clicked()
                        {
                            commands.push(Command::SetEditFile(i));
                        }
                    }
                })
                .response
                .on_hover_text(state.tr("edit.file_tip"));
            ui.separator();
            for tool in crate::edit::Tool::ALL {
                if ui
                    .selectable_label(edit.tool == tool, tool.label_in(state.view.lang))
                    .on_hover_text(tool.hint_in(state.view.lang))
                    .clicked()
                {
                    commands.push(Command::SetTool(tool));
                }
            }
            ui.separator();
            let mut snap = edit.snap;
            if ui
                .checkbox(&mut snap, state.tr("edit.snap"))
                .on_hover_text(state.tr("edit.snap_tip"))
                .changed()
            {
                commands.push(Command::SetSnap(snap));
            }
            let history = state.trf("edit.history", &[("n", &state.history.undo.len())]);
            ui.menu_button(history, |ui| {
                if state.history.undo.is_empty() && state.history.redo.is_empty() {
                    ui.label(RichText::new(state.tr("edit.no_edits")).weak());
                }
                for (label, _) in state.history.redo.iter() {
                    ui.label(RichText::new(state.trf("edit.undone", &[("edit", label)])).weak());
                }
                for (label, _) in state.history.undo.iter().rev() {
                    ui.label(label);
                }
            });
            toolbar(ui, state, commands);
            ui.separator();
            if ui
                .button(state.tr("edit.done"))
                .on_hover_text(state.tr("edit.done_tip"))
                .clicked()
            {
                commands.push(Command::StopEditing);
            }
        });
        let hint = if edit.picking_label {
            state.tr("edit.picking_label")
        } else {
            edit.tool.hint_in(state.view.lang)
        };
        ui.label(RichText::new(hint).weak().size(12.0));
    });
}
