//! The attribute form of the selected place in edit mode, and the clause picker. Every change
//! is one [`Edit`] of the feature's JSON: a text field commits when it loses focus or on Enter,
//! so undo steps are whole values, not keystrokes.

use egui::RichText;
use serde_json::{Value, json};

use crate::app::{AppState, Command};
use crate::data::{Accuracy, Edit, Kind, Place, Status, with_property};
use crate::i18n::{Lang, trf};
use crate::map::style;

/// Sends the edit that sets property `key` of `place` (or removes it).
fn set(lang: Lang, place: &Place, key: &str, value: Option<Value>, commands: &mut Vec<Command>) {
    let label = trf(
        lang,
        "form.edit_label",
        &[("key", &key), ("name", &display_name(place))],
    );
    commands.push(Command::Edit {
        label,
        edit: Edit::Replace {
            id: place.id.clone(),
            feature: with_property(place.raw(), key, value),
        },
    });
}

fn display_name(p: &Place) -> String {
    if p.name_zh.is_empty() {
        p.id.clone()
    } else {
        p.name_zh.clone()
    }
}

/// A text field holding `current`; returns the new text when the user commits a change.
fn text_field(
    ui: &mut egui::Ui,
    key: (&str, &str),
    current: &str,
    multiline: bool,
    hint: &str,
) -> Option<String> {
    let id = egui::Id::unique(("form", key.0, key.1));
    // (the value the buffer started from, the buffer)
    let (mut base, mut buffer): (String, String) = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| (current.to_string(), current.to_string()));
    if base != current {
        // Changed elsewhere (undo, reload): show the new value.
        base = current.to_string();
        buffer = current.to_string();
    }
    let edit = if multiline {
        egui::TextEdit::multiline(&mut buffer).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut buffer)
    };
    let response = ui.add(edit.hint_text(hint).desired_width(f32::INFINITY));
    // A field commits when it loses focus (Enter in a one-line field, Tab, a click elsewhere);
    // Ctrl+Enter commits a multi-line one.
    if multiline
        && response.has_focus()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter))
    {
        response.surrender_focus();
    }
    let commit = response.lost_focus() && buffer != base;
    ui.data_mut(|d| d.insert_temp(id, (base, buffer.clone())));
    commit.then_some(buffer)
}

fn row(ui: &mut egui::Ui, label: &str, tip: &str) {
    ui.label(RichText::new(label).strong()).on_hover_text(tip);
}

/// The form for the selected place.
pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let Some(place) = state.selected_place() else {
        ui.label(RichText::new(state.tr("form.select")).weak());
        return;
    };
    let id = place.id.as_str();
    if state.data.is_layer_place(place) {
        ui.heading(display_name(place));
        ui.label(state.tr("form.layer_feature"));
        return;
    }
    ui.horizontal(|ui| {
        ui.heading(display_name(place));
        if ui
            .button(state.tr("form.delete"))
            .on_hover_text(state.tr("form.delete_tip"))
            .clicked()
        {
            commands.push(Command::ActivateVertex(None));
            commands.push(Command::DeleteActive);
        }
    });
    let file = state
        .data
        .files
        .get(place.file)
        .map(|f| f.display.as_str())
        .unwrap_or("");
    ui.label(RichText::new(file).weak().monospace());
    // This feature's problems, live.
    let problems: Vec<&crate::data::Issue> = state
        .data
        .issues
        .iter()
        .filter(|i| i.feature_id() == Some(id))
        .collect();
    for p in &problems {
        let color = if p.is_warning() {
            ui.visuals().weak_text_color()
        } else {
            ui.visuals().warn_fg_color
        };
        ui.label(
            RichText::new(format!("{}: {}", p.field, p.message))
                .color(color)
                .size(12.0),
        );
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("form", id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            fields(ui, state, place, commands);
            ui.separator();
            clause_picker(ui, state, place, commands);
        });
}

fn fields(ui: &mut egui::Ui, state: &AppState, place: &Place, commands: &mut Vec<Command>) {
    let lang = state.view.lang;
    let id = place.id.as_str();
    let new = state.data.new_ids.contains(id);
    row(ui, "id", state.tr("form.id_tip"));
    if new {
        ui.horizontal(|ui| {
            if let Some(v) = text_field(ui, (id, "id"), id, false, state.tr("form.id_hint")) {
                set(lang, place, "id", Some(json!(v.trim())), commands);
                commands.push(Command::Select(Some(v.trim().to_string())));
            }
        });
        let proposal = crate::edit::propose_id(&state.data, &place.name_en, Some(id));
        if !place.name_en.is_empty()
            && proposal != id
            && ui
                .small_button(state.trf("form.use_id", &[("id", &proposal)]))
                .on_hover_text(state.tr("form.use_id_tip"))
                .clicked()
        {
            set(lang, place, "id", Some(json!(proposal)), commands);
            commands.push(Command::Select(Some(proposal)));
        }
    } else {
        ui.label(RichText::new(id).monospace())
            .on_hover_text(state.tr("form.id_saved_tip"));
    }
    for (key, value, hint, multiline) in [
        (
            "name_zh",
            place.name_zh.as_str(),
            state.tr("form.name_zh_hint"),
            false,
        ),
        (
            "name_en",
            place.name_en.as_str(),
            state.tr("form.name_en_hint"),
            false,
        ),
    ] {
        row(ui, key, hint);
        if let Some(v) = text_field(ui, (id, key), value, multiline, hint) {
            set(lang, place, key, Some(json!(v)), commands);
        }
    }
    row(ui, "kind", state.tr("form.kind_tip"));
    egui::ComboBox::from_id_salt(("kind", id))
        .selected_text(place.kind.label_in(lang))
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for &k in Kind::ALL {
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(26.0, 14.0), egui::Sense::hover());
                    style::paint_legend(ui.painter(), rect, k, None);
                    if ui
                        .selectable_label(place.kind == k, k.label_in(lang))
                        .clicked()
                        && place.kind != k
                    {
                        set(lang, place, "kind", Some(json!(k.as_str())), commands);
                    }
                });
            }
        });
    row(ui, "status", state.tr("form.status_tip"));
    egui::ComboBox::from_id_salt(("status", id))
        .selected_text(place.status.map_or("—", |s| s.label_in(lang)))
        .show_ui(ui, |ui| {
            if ui.selectable_label(place.status.is_none(), "—").clicked() && place.status.is_some()
            {
                set(lang, place, "status", None, commands);
            }
            for &st in Status::ALL {
                if ui
                    .selectable_label(place.status == Some(st), st.label_in(lang))
                    .clicked()
                    && place.status != Some(st)
                {
                    set(lang, place, "status", Some(json!(st.as_str())), commands);
                }
            }
        });
    let status_note = place
        .written()
        .extra
        .get("status_note")
        .and_then(Value::as_str)
        .unwrap_or("");
    row(ui, "status_note", state.tr("form.status_note_tip"));
    if let Some(v) = text_field(
        ui,
        (id, "status_note"),
        status_note,
        false,
        state.tr("form.status_note_hint"),
    ) {
        set(
            lang,
            place,
            "status_note",
            (!v.is_empty()).then(|| json!(v)),
            commands,
        );
    }
    row(ui, "accuracy", state.tr("form.accuracy_tip"));
    egui::ComboBox::from_id_salt(("accuracy", id))
        .selected_text(place.accuracy.as_str())
        .show_ui(ui, |ui| {
            for &a in Accuracy::ALL {
                if ui
                    .selectable_label(place.accuracy == a, a.label_in(lang))
                    .clicked()
                    && place.accuracy != a
                {
                    set(lang, place, "accuracy", Some(json!(a.as_str())), commands);
                }
            }
        });
    row(ui, "source", state.tr("form.source_tip"));
    if let Some(v) = text_field(
        ui,
        (id, "source"),
        place.source(),
        true,
        state.tr("form.source_hint"),
    ) {
        set(lang, place, "source", Some(json!(v)), commands);
    }
    row(ui, "aliases", state.tr("form.aliases_tip"));
    let aliases = place.aliases().join(", ");
    if let Some(v) = text_field(ui, (id, "aliases"), &aliases, false, "南沙, Nansha") {
        let list: Vec<String> = v
            .split([',', '，', '、'])
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        set(
            lang,
            place,
            "aliases",
            (!list.is_empty()).then(|| json!(list)),
            commands,
        );
    }
    row(ui, "note", state.tr("form.note_tip"));
    let note = place.note().unwrap_or("");
    if let Some(v) = text_field(ui, (id, "note"), note, true, state.tr("form.note_hint")) {
        set(
            lang,
            place,
            "note",
            (!v.is_empty()).then(|| json!(v)),
            commands,
        );
    }
    row(ui, "label_at", state.tr("form.label_at_tip"));
    ui.horizontal(|ui| {
        match place.label_at() {
            Some(c) => ui.label(format!("{:.5}, {:.5}", c.x, c.y)),
            None => ui.label(RichText::new(state.tr("form.label_at_auto")).weak()),
        };
        let picking = state.edit.as_ref().is_some_and(|e| e.picking_label);
        if ui
            .selectable_label(picking, state.tr("form.pick_label"))
            .on_hover_text(state.tr("form.pick_label_tip"))
            .clicked()
        {
            commands.push(Command::PickLabel(!picking));
        }
        if place.label_at().is_some() && ui.small_button(state.tr("form.label_at_reset")).clicked()
        {
            set(lang, place, "label_at", None, commands);
        }
    });
    // Properties beyond the schema: shown, and kept as they are.
    let others: Vec<(&String, &Value)> = place
        .written()
        .extra
        .iter()
        .filter(|(k, _)| k.as_str() != "status_note")
        .collect();
    if !others.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(state.tr("form.other_properties")).weak());
        egui::Grid::new(("extra", id))
            .num_columns(2)
            .show(ui, |ui| {
                for (k, v) in others {
                    ui.label(RichText::new(k).monospace());
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    ui.label(text);
                    ui.end_row();
                }
            });
    }
}

/// Clauses whose text contains one of the place's names and that it does not link yet, with the
/// first name found.
pub fn suggestions(state: &AppState, place: &Place) -> Vec<(u32, String)> {
    let names = place.chinese_names();
    state
        .plan
        .clauses
        .iter()
        .filter(|c| {
            !place.cites(c.number) && !place.unlinked().iter().any(|u| u.clause == c.number)
        })
        .filter_map(|c| {
            let text = c.text();
            names
                .iter()
                .find(|n| text.contains(**n))
                .map(|n| (c.number, n.to_string()))
        })
        .collect()
}

/// The place's clauses as JSON, with `quote` added to clause `n` (a new link if needed), or
/// with a quote or a whole clause removed.
fn clauses_with(place: &Place, change: ClauseChange) -> Value {
    let mut list: Vec<(u32, Vec<String>)> = place
        .clauses
        .iter()
        .map(|c| (c.clause, c.quotes.clone()))
        .collect();
    match change {
        ClauseChange::AddQuote(n, q) => match list.iter_mut().find(|(c, _)| *c == n) {
            Some((_, quotes)) => {
                if !quotes.contains(&q) {
                    quotes.push(q);
                }
            }
            None => {
                list.push((n, vec![q]));
                list.sort_by_key(|(c, _)| *c);
            }
        },
        ClauseChange::RemoveQuote(n, q) => {
            if let Some((_, quotes)) = list.iter_mut().find(|(c, _)| *c == n) {
                quotes.retain(|x| *x != q);
            }
            list.retain(|(_, quotes)| !quotes.is_empty());
        }
        ClauseChange::Unlink(n) => list.retain(|(c, _)| *c != n),
    }
    Value::Array(
        list.into_iter()
            .map(|(clause, quotes)| json!({"clause": clause, "quotes": quotes}))
            .collect(),
    )
}

enum ClauseChange {
    AddQuote(u32, String),
    RemoveQuote(u32, String),
    Unlink(u32),
}

/// The clause being picked from, per place.
fn picked_clause_id(id: &str) -> egui::Id {
    egui::Id::unique(("picker", id))
}

fn clause_picker(ui: &mut egui::Ui, state: &AppState, place: &Place, commands: &mut Vec<Command>) {
    let lang = state.view.lang;
    let id = place.id.as_str();
    ui.label(RichText::new(state.tr("form.clauses")).strong());
    if place.clauses.is_empty() {
        ui.label(RichText::new(state.tr("form.not_linked")).weak());
    }
    for c in &place.clauses {
        let Some(clause) = state.plan.clause(c.clause) else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            if ui
                .small_button(state.tr("form.unlink"))
                .on_hover_text(state.tr("form.unlink_tip"))
                .clicked()
            {
                let v = clauses_with(place, ClauseChange::Unlink(c.clause));
                set(lang, place, "clauses", Some(v), commands);
            }
            if ui
                .link(clause.marker())
                .on_hover_text(&clause.title)
                .clicked()
            {
                ui.data_mut(|d| d.insert_temp(picked_clause_id(id), c.clause));
            }
            for q in &c.quotes {
                let chip = ui
                    .small_button(format!("{q} ×"))
                    .on_hover_text(state.tr("form.remove_quote_tip"));
                if chip.clicked() {
                    let v = clauses_with(place, ClauseChange::RemoveQuote(c.clause, q.clone()));
                    set(lang, place, "clauses", Some(v), commands);
                }
            }
        });
    }
    let suggested = suggestions(state, place);
    if !suggested.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(state.tr("form.suggested")).weak());
        for (n, name) in &suggested {
            let Some(clause) = state.plan.clause(*n) else {
                continue;
            };
            ui.horizontal(|ui| {
                if ui
                    .small_button(state.trf("form.link_with", &[("name", name)]))
                    .on_hover_text(state.tr("form.link_with_tip"))
                    .clicked()
                {
                    let v = clauses_with(place, ClauseChange::AddQuote(*n, name.clone()));
                    set(lang, place, "clauses", Some(v), commands);
                }
                if ui
                    .link(format!("{} {}", clause.marker(), clause.title))
                    .clicked()
                {
                    ui.data_mut(|d| d.insert_temp(picked_clause_id(id), *n));
                }
            });
        }
    }
    ui.add_space(6.0);
    // Any clause's text: select the words that name the place and add them as a quote.
    let mut n: u32 = ui
        .data_mut(|d| d.get_temp(picked_clause_id(id)))
        .or_else(|| suggested.first().map(|(n, _)| *n))
        .or_else(|| place.clauses.first().map(|c| c.clause))
        .unwrap_or(1);
    ui.horizontal(|ui| {
        ui.label(state.tr("form.read_clause"));
        let changed = ui
            .add(egui::DragValue::new(&mut n).range(1..=crate::plan::CLAUSE_COUNT))
            .changed();
        if changed {
            ui.data_mut(|d| d.insert_temp(picked_clause_id(id), n));
        }
        if let Some(c) = state.plan.clause(n) {
            ui.label(RichText::new(&c.title).weak());
        }
    });
    let Some(clause) = state.plan.clause(n) else {
        return;
    };
    let text = clause.text();
    let output = egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("picker-text", n))
            .max_height(180.0)
            .show(ui, |ui| {
                // Read-only, selectable: what is added is the plan's text by construction.
                egui::TextEdit::multiline(&mut text.as_str())
                    .id_salt(("picker-edit", id, n))
                    .desired_width(f32::INFINITY)
                    .show(ui)
            })
            .inner
    });
    let selection = output
        .inner
        .cursor_range
        .map(|r| {
            let [a, b] = r.sorted_cursors();
            let chars: Vec<char> = text.chars().collect();
            let (a, b) = (a.index.0.min(chars.len()), b.index.0.min(chars.len()));
            chars[a..b].iter().collect::<String>()
        })
        .filter(|s| !s.trim().is_empty() && !s.contains('\n'));
    ui.horizontal(|ui| {
        let label = match &selection {
            Some(s) => state.trf("form.add_quote", &[("quote", s), ("n", &n)]),
            None => state.tr("form.select_words").to_string(),
        };
        if ui
            .add_enabled(selection.is_some(), egui::Button::new(label))
            .clicked()
            && let Some(s) = selection
        {
            let v = clauses_with(place, ClauseChange::AddQuote(n, s));
            set(lang, place, "clauses", Some(v), commands);
        }
    });
}
