//! The plan as a reader: its outline, and a clause's text with every mapped name highlighted;
//! clicking a name selects the place on the map.

use egui::{Color32, RichText, Sense};

use crate::app::{AppState, Command};
use crate::map::style;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let hovering = match state.view.clause.and_then(|n| state.plan.clause(n)) {
        Some(_) => clause_view(ui, state, commands),
        None => {
            outline(ui, state, commands);
            None
        }
    };
    // A name under the pointer highlights its place on the map.
    if hovering != state.hovered_name {
        commands.push(Command::HoverName(hovering));
    }
}

fn outline(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new(&state.plan.title).strong());
    egui::ScrollArea::vertical()
        .id_salt("outline")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for section in &state.plan.sections {
                egui::CollapsingHeader::new(format!("{}、{}", section.numeral, section.title))
                    .id_salt(("section", section.number))
                    .default_open(true)
                    .show(ui, |ui| {
                        for n in &section.clauses {
                            let Some(c) = state.plan.clause(*n) else {
                                continue;
                            };
                            let count = state.tally.citing(c.number).len();
                            let text = if count > 0 {
                                format!("{} {}  ·{count}", c.marker(), c.title)
                            } else {
                                format!("{} {}", c.marker(), c.title)
                            };
                            if ui.selectable_label(false, text).clicked() {
                                commands.push(Command::SelectClause(Some(c.number)));
                            }
                        }
                    });
            }
        });
}

/// Spans of `text` that name a place: (byte range, place index), earliest and longest first,
/// without overlaps.
pub fn name_spans(
    state: &AppState,
    number: u32,
    text: &str,
) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut spans: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for &i in state.tally.citing(number) {
        let Some(p) = state.data.places.get(i) else {
            continue;
        };
        for q in p.quotes_in(number) {
            for (at, m) in text.match_indices(q.as_str()) {
                spans.push((at..at + m.len(), i));
            }
        }
    }
    spans.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut kept: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for s in spans {
        if kept.last().is_none_or(|k| s.0.start >= k.0.end) {
            kept.push(s);
        }
    }
    kept
}

/// The clause's text and places; returns the place whose name is under the pointer.
fn clause_view(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) -> Option<String> {
    let clause = state.view.clause.and_then(|n| state.plan.clause(n))?;
    let mut hovering = None;
    let n = clause.number;
    ui.horizontal(|ui| {
        if ui
            .button(state.tr("reader.outline"))
            .on_hover_text(state.tr("reader.outline_tip"))
            .clicked()
        {
            commands.push(Command::SelectClause(None));
        }
        if ui
            .add_enabled(n > 1, egui::Button::new(state.tr("reader.previous")))
            .clicked()
        {
            commands.push(Command::SelectClause(Some(n - 1)));
        }
        if ui
            .add_enabled(
                n < crate::plan::CLAUSE_COUNT,
                egui::Button::new(state.tr("reader.next")),
            )
            .clicked()
        {
            commands.push(Command::SelectClause(Some(n + 1)));
        }
        if ui
            .button(state.tr("reader.copy"))
            .on_hover_text(state.tr("reader.copy_tip"))
            .clicked()
        {
            ui.ctx()
                .copy_text(crate::ui::details::clause_citation(state, n));
        }
    });
    ui.add_space(4.0);
    // In 繁體 the plan is read converted (OpenCC, Hong Kong), and says so.
    let hant = state.view.lang == crate::i18n::Lang::ZhHant;
    let shown = |t: &str| -> String {
        if hant {
            crate::i18n::to_hant_cached(t).to_string()
        } else {
            t.to_string()
        }
    };
    ui.label(
        RichText::new(shown(&format!("{} {}", clause.marker(), clause.title)))
            .size(17.0)
            .strong(),
    );
    if let Some(section) = state.plan.section(clause.section) {
        ui.label(RichText::new(shown(&format!("{}、{}", section.numeral, section.title))).weak());
    }
    if hant {
        ui.label(RichText::new(state.tr("reader.converted")).weak().italics());
    }
    ui.add_space(6.0);
    let text = clause.text();
    let spans = name_spans(state, n, &text);
    // Each clause scrolls on its own: a new clause opens at its start.
    egui::ScrollArea::vertical()
        .id_salt(("clause", n))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Paragraph by paragraph; names are clickable highlights inside the flowing text.
            let mut offset = 0;
            for para in text.split('\n') {
                let start = offset;
                let end = start + para.len();
                offset = end + 1;
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    let mut at = start;
                    for (range, place) in spans
                        .iter()
                        .filter(|(r, _)| r.start >= start && r.end <= end)
                    {
                        if range.start > at {
                            ui.label(RichText::new(shown(&text[at..range.start])).size(15.0));
                        }
                        let p = &state.data.places[*place];
                        let selected = state.view.selected.as_deref() == Some(p.id.as_str());
                        let bg = if selected {
                            style::SELECTED
                        } else {
                            style::HIGHLIGHT
                        };
                        let fg = if selected {
                            Color32::WHITE
                        } else {
                            Color32::BLACK
                        };
                        let word = ui
                            .add(
                                egui::Label::new(
                                    RichText::new(shown(&text[range.clone()]))
                                        .size(15.0)
                                        .background_color(bg)
                                        .color(fg),
                                )
                                .sense(Sense::click()),
                            )
                            .on_hover_text(state.trf(
                                "reader.name_tip",
                                &[
                                    ("name", &p.name_en),
                                    ("kind", &p.kind.label_in(state.view.lang)),
                                ],
                            ));
                        if word.hovered() {
                            hovering = Some(p.id.clone());
                        }
                        if word.clicked() {
                            commands.push(Command::Select(Some(p.id.clone())));
                            commands.push(Command::ZoomToPlace(p.id.clone()));
                        }
                        at = range.end;
                    }
                    if at < end {
                        ui.label(RichText::new(shown(&text[at..end])).size(15.0));
                    }
                });
                ui.add_space(6.0);
            }
            ui.separator();
            let places: Vec<&crate::data::Place> = state
                .tally
                .citing(n)
                .iter()
                .filter_map(|&i| state.data.places.get(i))
                .collect();
            ui.label(RichText::new(state.trf("reader.places", &[("n", &places.len())])).strong());
            if places.is_empty() {
                ui.label(RichText::new(state.tr("reader.no_places")).weak());
            }
            for p in places {
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(26.0, 14.0), Sense::hover());
                    style::paint_legend(ui.painter(), rect, p.kind, p.status);
                    let selected = state.view.selected.as_deref() == Some(p.id.as_str());
                    let mut text = RichText::new(format!("{}  {}", p.name_zh, p.name_en));
                    if selected {
                        text = text.strong().color(style::SELECTED);
                    }
                    let row = ui
                        .add(egui::Label::new(text).truncate().sense(Sense::click()))
                        .on_hover_text(p.kind.label_in(state.view.lang));
                    if row.hovered() {
                        hovering = Some(p.id.clone());
                    }
                    if row.clicked() {
                        commands.push(Command::Select(Some(p.id.clone())));
                        commands.push(Command::ZoomToPlace(p.id.clone()));
                    }
                });
            }
            let unmapped: Vec<&crate::data::Unmapped> =
                state.data.unmapped.iter().filter(|u| u.cites(n)).collect();
            if !unmapped.is_empty() {
                ui.add_space(6.0);
                ui.label(
                    RichText::new(state.trf("reader.unmapped", &[("n", &unmapped.len())])).strong(),
                );
                for u in unmapped {
                    crate::ui::coverage::unmapped_row(ui, u, state.view.lang, None, commands);
                }
            }
        });
    hovering
}
