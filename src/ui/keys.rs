//! Keyboard shortcuts, and the key help that lists them (F1 or ?). One table serves both, so
//! the help cannot fall behind the keys.

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use crate::app::{AppState, Command};
use crate::i18n::{Lang, tr};

/// Every key and mouse action, as the help window lists them: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    (
        "Ctrl+F",
        "Search places and clauses (names in Chinese or English, ids, 49, （四十九）)",
    ),
    (
        "↑ ↓  Enter",
        "In the search results: move, go to the place or clause",
    ),
    (
        "Esc",
        "Close the topmost thing: key help, places-here list, search results, details, clause",
    ),
    ("Mouse wheel, pinch", "Zoom at the pointer, in fine steps"),
    ("Drag", "Pan"),
    ("Arrow keys", "Pan"),
    ("+  −", "Zoom in, out"),
    (
        "Double-click, right double-click",
        "Zoom in, out at the pointer",
    ),
    ("Home", "Whole bay area"),
    (
        "Click",
        "Select the most specific place under the pointer (a point, a line, the smallest area)",
    ),
    (
        "Right-click",
        "List every place under the pointer to choose from",
    ),
    ("Ctrl+B", "Show or hide the left panel"),
    ("F5", "Reload the data files"),
    ("F1  ?", "This help"),
    (
        "E",
        "Edit mode: edit the selected place's vertices, form and clauses, or draw new places",
    ),
    (
        "Enter  Backspace",
        "While drawing: finish (or double-click), remove the last vertex",
    ),
    (
        "Delete",
        "In edit mode: delete the clicked vertex, else the selected place",
    ),
    (
        "Ctrl+O",
        "Open any GeoJSON file as a layer (or drop files on the window)",
    ),
    ("Ctrl+E", "Export the current view as PNG, SVG or PDF"),
    ("Ctrl+Z", "Undo the last edit"),
    ("Ctrl+Shift+Z  Ctrl+Y", "Redo"),
    ("Ctrl+S", "Save the files with unsaved edits"),
    ("Ctrl+C", "Copy selected text (clause text is selectable)"),
    ("Ctrl+V", "Paste (e.g. a name into the search box)"),
    (
        "F11",
        "Presentation mode: full screen, a caption, larger type (Esc leaves)",
    ),
    ("1 … 9", "Go to the first nine saved views"),
    (
        "→  PageDown  Space",
        "In a tour: next stop (what presentation clickers send)",
    ),
    ("←  PageUp", "In a tour: previous stop"),
    (
        "Esc (measuring)",
        "Clear the measurement (the km and km² buttons start one)",
    ),
];

/// A row of [`HELP`] in `lang`: the keys (mouse actions translated, key names as they are) and
/// what they do. `HELP` stays English: the README lists it.
pub fn help_row(lang: Lang, row: (&'static str, &'static str)) -> (&'static str, &'static str) {
    let (keys, what) = row;
    match keys {
        "Ctrl+F" => (keys, tr(lang, "keys.search")),
        "↑ ↓  Enter" => (keys, tr(lang, "keys.search_results")),
        "Esc" => (keys, tr(lang, "keys.escape")),
        "Mouse wheel, pinch" => (tr(lang, "keys.wheel"), tr(lang, "keys.wheel_zoom")),
        "Drag" => (tr(lang, "keys.drag"), tr(lang, "keys.pan")),
        "Arrow keys" => (tr(lang, "keys.arrows"), tr(lang, "keys.pan")),
        "+  −" => (keys, tr(lang, "keys.zoom")),
        "Double-click, right double-click" => (
            tr(lang, "keys.double_click"),
            tr(lang, "keys.double_click_zoom"),
        ),
        "Home" => (keys, tr(lang, "keys.home")),
        "Click" => (tr(lang, "keys.click"), tr(lang, "keys.click_select")),
        "Right-click" => (
            tr(lang, "keys.right_click"),
            tr(lang, "keys.right_click_list"),
        ),
        "Ctrl+B" => (keys, tr(lang, "keys.panel")),
        "F5" => (keys, tr(lang, "keys.reload")),
        "F1  ?" => (keys, tr(lang, "keys.help")),
        "E" => (keys, tr(lang, "keys.edit")),
        "Enter  Backspace" => (keys, tr(lang, "keys.drawing")),
        "Delete" => (keys, tr(lang, "keys.delete")),
        "Ctrl+O" => (keys, tr(lang, "keys.open")),
        "Ctrl+E" => (keys, tr(lang, "keys.export")),
        "Ctrl+Z" => (keys, tr(lang, "keys.undo")),
        "Ctrl+Shift+Z  Ctrl+Y" => (keys, tr(lang, "keys.redo")),
        "Ctrl+S" => (keys, tr(lang, "keys.save")),
        "Ctrl+C" => (keys, tr(lang, "keys.copy")),
        "Ctrl+V" => (keys, tr(lang, "keys.paste")),
        "F11" => (keys, tr(lang, "keys.present")),
        "1 … 9" => (keys, tr(lang, "keys.views")),
        "→  PageDown  Space" => (keys, tr(lang, "keys.tour_next")),
        "←  PageUp" => (keys, tr(lang, "keys.tour_previous")),
        "Esc (measuring)" => (
            tr(lang, "keys.esc_measuring"),
            tr(lang, "keys.measure_clear"),
        ),
        _ => (keys, what),
    }
}

const TOGGLE_PANEL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::B);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);

/// How far the arrow keys pan, as a share of the map's size.
const PAN_STEP: f32 = 0.2;

/// Reads this frame's keys and sends the commands they stand for.
pub fn shortcuts(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let typing = ctx.memory(|m| m.focused().is_some());
    ctx.input_mut(|i| {
        // Esc works everywhere, in the search box too: it closes the topmost thing.
        if i.key_pressed(Key::Escape) {
            commands.push(Command::Escape);
        }
        if i.key_pressed(Key::F5) {
            commands.push(Command::Reload);
        }
        if i.key_pressed(Key::F1) {
            commands.push(Command::ShowKeyHelp(!state.show_key_help));
        }
        if i.consume_shortcut(&TOGGLE_PANEL) {
            commands.push(Command::ShowLeftPanel(!state.show_left_panel));
        }
        if i.consume_shortcut(&OPEN) {
            commands.push(Command::ShowFileWindow(Some(crate::app::FilePurpose::Open)));
        }
        if i.consume_shortcut(&EXPORT) {
            commands.push(super::export::open(state));
        }
        if i.consume_shortcut(&SAVE) {
            commands.push(Command::Save { force: false });
        }
        if typing {
            // A text field has its own undo.
            return;
        }
        // Redo first: Ctrl+Shift+Z would also match Ctrl+Z.
        if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
            commands.push(Command::Redo);
        }
        if i.consume_shortcut(&UNDO) {
            commands.push(Command::Undo);
        }
        if i.key_pressed(Key::E) {
            commands.push(if state.edit.is_some() {
                Command::StopEditing
            } else {
                Command::StartEditing(None)
            });
        }
        if let Some(edit) = &state.edit {
            if i.key_pressed(Key::Enter) && edit.tool.draws() {
                commands.push(Command::FinishDrawing);
            }
            if i.key_pressed(Key::Backspace) && !edit.drawing.is_empty() {
                commands.push(Command::DrawBack);
            }
            if i.key_pressed(Key::Delete) && edit.drawing.is_empty() {
                commands.push(Command::DeleteActive);
            }
        }
        if i.key_pressed(Key::Questionmark) {
            commands.push(Command::ShowKeyHelp(!state.show_key_help));
        }
        if i.key_pressed(Key::Home) {
            commands.push(Command::ResetView);
        }
        if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
            commands.push(Command::ZoomIn);
        }
        if i.key_pressed(Key::Minus) {
            commands.push(Command::ZoomOut);
        }
        let size = state.viewport * PAN_STEP;
        for (key, dx, dy) in [
            (Key::ArrowLeft, -size.x, 0.0),
            (Key::ArrowRight, size.x, 0.0),
            (Key::ArrowUp, 0.0, -size.y),
            (Key::ArrowDown, 0.0, size.y),
        ] {
            // In a tour, ← and → go to the previous and next stop instead.
            let tour_key = matches!(key, Key::ArrowLeft | Key::ArrowRight);
            if i.key_pressed(key) && !(tour_key && state.show.tour.is_some()) {
                commands.push(Command::PanBy(egui::vec2(dx, dy)));
            }
        }
    });
}

/// The key help window.
pub fn help_window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if !state.show_key_help {
        return;
    }
    let mut open = true;
    egui::Window::new(state.tr("keys.title"))
        // The id the window had with its English title, whatever the language.
        .id(egui::Id::unique("Keys and mouse"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("keys")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    for &row in HELP {
                        let (keys, what) = help_row(state.view.lang, row);
                        ui.label(RichText::new(keys).strong().monospace());
                        ui.label(what);
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            ui.label(RichText::new(state.tr("keys.closes")).weak());
        });
    if !open {
        commands.push(Command::ShowKeyHelp(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_in_english_is_the_table_and_every_row_is_translated() {
        for &row in HELP {
            assert_eq!(help_row(Lang::En, row), row);
            assert_ne!(help_row(Lang::ZhHans, row).1, row.1, "{row:?}");
        }
    }
}
