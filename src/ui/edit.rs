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
        .add_enabled(undo.is_some(), egui::Button::new("Undo"))
        .on_hover_text(format!("Undo {} (Ctrl+Z)", undo.unwrap_or("")))
        .clicked()
    {
        commands.push(Command::Undo);
    }
    if ui
        .add_enabled(redo.is_some(), egui::Button::new("Redo"))
        .on_hover_text(format!("Redo {} (Ctrl+Shift+Z)", redo.unwrap_or("")))
        .clicked()
    {
        commands.push(Command::Redo);
    }
    let dirty = state.dirty_names();
    if !dirty.is_empty() {
        let label = RichText::new(format!("Save ({})", dirty.len())).strong();
        if ui
            .button(label)
            .on_hover_text(format!("Unsaved edits in {} (Ctrl+S)", dirty.join(", ")))
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
            "Save with problems?",
            format!(
                "The files to save have {} problem{}. Saved as they are, the app and `check` will \
                 report them until they are fixed.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
            problems,
        ),
        Confirm::DiscardAndReload(files) => (
            "Reload and lose your edits?",
            "Reloading reads the files from disk again; the unsaved edits in these files are lost:"
                .to_string(),
            files,
        ),
        Confirm::DiscardAndQuit(files) => (
            "Quit without saving?",
            "These files have unsaved edits:".to_string(),
            files,
        ),
        Confirm::OutsideChange { file } => (
            "File changed on disk",
            format!(
                "{} was changed outside gba-atlas, and you have unsaved edits in it. Keep your \
                 edits (saving will replace the file), or take the file from disk (your edits \
                 are lost)?",
                state
                    .data
                    .files
                    .get(*file)
                    .map(|f| f.display.as_str())
                    .unwrap_or("A file")
            ),
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
                if ui.button("Save anyway").clicked() {
                    commands.push(Command::Save { force: true });
                }
                if ui.button("Show the problems").clicked() {
                    commands.push(Command::Ask(None));
                    commands.push(Command::ShowProblems(true));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::DiscardAndReload(_) => {
                if ui.button("Save, then reload").clicked() {
                    commands.push(Command::Save { force: false });
                    commands.push(Command::Reload);
                }
                if ui.button("Reload and lose the edits").clicked() {
                    commands.push(Command::DiscardAndReload);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::DiscardAndQuit(_) => {
                if ui.button("Save and quit").clicked() {
                    commands.push(Command::SaveAndQuit);
                }
                if ui.button("Quit without saving").clicked() {
                    commands.push(Command::DiscardAndQuit);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Ask(None));
                }
            }
            Confirm::OutsideChange { file } => {
                if ui.button("Keep my edits").clicked() {
                    commands.push(Command::Ask(None));
                }
                if ui.button("Take the file from disk").clicked() {
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
                RichText::new("Editing")
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
                .on_hover_text("New places go into this file");
            ui.separator();
            for tool in crate::edit::Tool::ALL {
                if ui
                    .selectable_label(edit.tool == tool, tool.label())
                    .on_hover_text(tool.hint())
                    .clicked()
                {
                    commands.push(Command::SetTool(tool));
                }
            }
            ui.separator();
            let mut snap = edit.snap;
            if ui
                .checkbox(&mut snap, "Snap")
                .on_hover_text("Snap to the vertices and edges of other places")
                .changed()
            {
                commands.push(Command::SetSnap(snap));
            }
            ui.menu_button(format!("History ({})", state.history.undo.len()), |ui| {
                if state.history.undo.is_empty() && state.history.redo.is_empty() {
                    ui.label(RichText::new("No edits yet").weak());
                }
                for (label, _) in state.history.redo.iter() {
                    ui.label(RichText::new(format!("(undone) {label}")).weak());
                }
                for (label, _) in state.history.undo.iter().rev() {
                    ui.label(label);
                }
            });
            toolbar(ui, state, commands);
            ui.separator();
            if ui
                .button("Done")
                .on_hover_text("Leave edit mode (E)")
                .clicked()
            {
                commands.push(Command::StopEditing);
            }
        });
        let hint = if edit.picking_label {
            "Click the map where the label should go · Esc cancels"
        } else {
            edit.tool.hint()
        };
        ui.label(RichText::new(hint).weak().size(12.0));
    });
}
