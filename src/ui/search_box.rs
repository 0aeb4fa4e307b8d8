//! The search box (Ctrl+F) and its results: places and clauses, keyboard navigable.

use egui::{Key, RichText, vec2};

use crate::app::{AppState, Command};
use crate::search::Hit;

pub const SEARCH_ID: &str = "search-box";
/// The results popup (an egui area; tests read its size).
pub const RESULTS_ID: &str = "search-results";
/// The results list is at most this tall; it scrolls beyond.
const RESULTS_MAX_HEIGHT: f32 = 420.0;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let id = egui::Id::unique(SEARCH_ID);
    let mut query = state.search.query.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut query)
            .id(id)
            .hint_text(state.tr("search.hint"))
            .desired_width(320.0),
    );
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::F)) {
        response.request_focus();
    }
    if response.changed() {
        commands.push(Command::SetSearchQuery(query));
    }
    if response.has_focus() {
        ui.input(|i| {
            if i.key_pressed(Key::ArrowDown) {
                commands.push(Command::MoveSearchCursor(1));
            }
            if i.key_pressed(Key::ArrowUp) {
                commands.push(Command::MoveSearchCursor(-1));
            }
        });
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        commands.push(Command::ActivateSearchResult(None));
    }
    if response.gained_focus() && !state.search.query.trim().is_empty() {
        commands.push(Command::SetSearchQuery(state.search.query.clone()));
    }
    if state.search.open {
        results(
            ui,
            state,
            response.rect.left_bottom() + vec2(0.0, 4.0),
            commands,
        );
    }
}

fn results(ui: &mut egui::Ui, state: &AppState, at: egui::Pos2, commands: &mut Vec<Command>) {
    let r = &state.search.results;
    egui::Area::new(egui::Id::unique(RESULTS_ID))
        .fixed_pos(at)
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(440.0);
                // An area offers its content the size it had last frame: a list that was one
                // row tall would stay one row tall. Offer the full height every frame; the list
                // still shrinks to its rows.
                ui.set_max_height(RESULTS_MAX_HEIGHT + 40.0);
                if r.is_empty() {
                    ui.label(RichText::new(state.tr("search.nothing")).weak());
                    return;
                }
                egui::ScrollArea::vertical()
                    .max_height(RESULTS_MAX_HEIGHT)
                    .show(ui, |ui| {
                        for i in 0..r.len() {
                            if i == 0 && !r.places.is_empty() {
                                ui.label(
                                    RichText::new(
                                        state.trf("search.places", &[("n", &r.places.len())]),
                                    )
                                    .strong(),
                                );
                            }
                            if i == r.places.len() {
                                ui.label(
                                    RichText::new(
                                        state.trf("search.clauses", &[("n", &r.clauses.len())]),
                                    )
                                    .strong(),
                                );
                            }
                            let text = match r.get(i) {
                                Some(Hit::Place(p)) => state
                                    .data
                                    .places
                                    .get(p)
                                    .map(|p| {
                                        format!(
                                            "{}  {}  · {}",
                                            p.name_zh,
                                            p.name_en,
                                            p.kind.label_in(state.view.lang)
                                        )
                                    })
                                    .unwrap_or_default(),
                                Some(Hit::Clause { number, snippet }) => {
                                    let title = state
                                        .plan
                                        .clause(number)
                                        .map(|c| format!("{} {}", c.marker(), c.title))
                                        .unwrap_or_default();
                                    if snippet.is_empty() {
                                        title
                                    } else {
                                        format!("{title}\n    {snippet}")
                                    }
                                }
                                None => continue,
                            };
                            let selected = i == state.search.cursor;
                            let row = ui.selectable_label(selected, text);
                            if selected {
                                row.scroll_to_me(None);
                            }
                            if row.clicked() {
                                commands.push(Command::ActivateSearchResult(Some(i)));
                            }
                        }
                    });
            });
        });
}
