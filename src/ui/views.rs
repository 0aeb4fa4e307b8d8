//! The Views tab: saved views (recall, rename, delete, save the current one), tours (generated
//! from the plan, or saved) and the tour editor.

use egui::RichText;

use crate::app::{AppState, Command, PresentCommand as P};
use crate::i18n::Lang;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    if let Some(e) = &state.show.error {
        ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(state.tr("views.language"));
                for lang in Lang::ALL {
                    if ui
                        .selectable_label(state.view.lang == lang, lang.native_name())
                        .clicked()
                    {
                        commands.push(Command::Present(P::SetLang(lang)));
                    }
                }
            });
            ui.horizontal(|ui| {
                if ui
                    .button(state.tr("present.enter"))
                    .on_hover_text(state.tr("present.enter.tip"))
                    .clicked()
                {
                    commands.push(Command::Present(P::SetPresenting(true)));
                }
                let mut fly = state.show.fly;
                if ui
                    .checkbox(&mut fly, state.tr("views.fly"))
                    .on_hover_text(state.tr("views.fly.tip"))
                    .changed()
                {
                    commands.push(Command::Present(P::SetFly(fly)));
                }
            });
            ui.horizontal(|ui| {
                ui.label(state.tr("present.scale"));
                let mut scale = state.show.settings.scale;
                if ui
                    .add(egui::Slider::new(&mut scale, 1.0..=3.0).step_by(0.1))
                    .changed()
                {
                    commands.push(Command::Present(P::SetScale(scale)));
                }
            });
            ui.separator();
            saved_views(ui, state, commands);
            ui.separator();
            tours(ui, state, commands);
        });
}

fn name_field(ui: &mut egui::Ui, id: &str, hint: &str) -> Option<String> {
    let id = egui::Id::unique(id);
    let mut text: String = ui.ctx().data(|d| d.get_temp(id)).unwrap_or_default();
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text(hint)
            .desired_width(170.0),
    );
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.ctx().data_mut(|d| d.insert_temp(id, text.clone()));
    enter.then_some(text)
}

fn saved_views(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new(state.tr("views.saved")).strong());
    ui.label(RichText::new(state.tr("views.saved.hint")).weak());
    ui.horizontal(|ui| {
        let typed = name_field(ui, "new-view-name", state.tr("views.name.hint"));
        let id = egui::Id::unique("new-view-name");
        let text: String = ui.ctx().data(|d| d.get_temp(id)).unwrap_or_default();
        let clicked = ui.button(state.tr("views.save")).clicked();
        if let Some(name) = typed
            .or(clicked.then_some(text))
            .filter(|t| !t.trim().is_empty())
        {
            commands.push(Command::Present(P::SaveView(name)));
            ui.ctx().data_mut(|d| d.insert_temp(id, String::new()));
        }
    });
    if state.show.views.views.is_empty() {
        ui.label(RichText::new(state.tr("views.none")).weak().italics());
    }
    for (i, v) in state.show.views.views.iter().enumerate() {
        ui.horizontal(|ui| {
            let key = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            if ui
                .button(format!("{key}{}", v.name))
                .on_hover_text(state.tr("views.go"))
                .clicked()
            {
                commands.push(Command::Present(P::RecallView(i)));
            }
            if ui
                .small_button(state.tr("views.update"))
                .on_hover_text(state.tr("views.update.tip"))
                .clicked()
            {
                commands.push(Command::Present(P::SaveView(v.name.clone())));
            }
            if ui
                .small_button(state.tr("views.delete"))
                .on_hover_text(state.tr("views.delete.tip"))
                .clicked()
            {
                commands.push(Command::Present(P::DeleteView(i)));
            }
        });
    }
}

fn tours(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.label(RichText::new(state.tr("tours.title")).strong());
    if let Some(t) = &state.show.tour {
        ui.horizontal(|ui| {
            ui.label(state.trf(
                "tours.showing",
                &[
                    ("name", &t.tour.name),
                    ("stop", &(t.stop + 1)),
                    ("stops", &t.tour.stops.len()),
                ],
            ));
            if ui.small_button("‹").clicked() {
                commands.push(Command::Present(P::TourStep(-1)));
            }
            if ui.small_button("›").clicked() {
                commands.push(Command::Present(P::TourStep(1)));
            }
            if ui.small_button(state.tr("tours.end")).clicked() {
                commands.push(Command::Present(P::EndTour));
            }
        });
    }
    ui.label(RichText::new(state.tr("tours.generated")).weak());
    ui.horizontal_wrapped(|ui| {
        for s in &state.plan.sections {
            let has = s.clauses.iter().any(|n| !state.tally.citing(*n).is_empty());
            if has
                && ui
                    .small_button(&s.numeral)
                    .on_hover_text(format!("{}、{}", s.numeral, s.title))
                    .clicked()
            {
                commands.push(Command::Present(P::StartTour {
                    name: format!("section:{}", s.numeral),
                    stop: 0,
                }));
            }
        }
        if ui
            .small_button(state.tr("tours.plan"))
            .on_hover_text(state.tr("tours.plan.tip"))
            .clicked()
        {
            commands.push(Command::Present(P::StartTour {
                name: "plan".into(),
                stop: 0,
            }));
        }
    });
    ui.add_space(4.0);
    for (i, t) in state.show.tours.tours.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{} ({})", t.name, t.stops.len()));
            if ui.small_button(state.tr("tours.start")).clicked() {
                commands.push(Command::Present(P::StartTour {
                    name: t.name.clone(),
                    stop: 0,
                }));
            }
            let editing = state.show.editing_tour == Some(i);
            if ui
                .selectable_label(editing, state.tr("tours.edit"))
                .clicked()
            {
                commands.push(Command::Present(P::EditTour((!editing).then_some(i))));
            }
            if ui.small_button(state.tr("views.delete")).clicked() {
                commands.push(Command::Present(P::DeleteTour(i)));
            }
        });
    }
    ui.horizontal(|ui| {
        let typed = name_field(ui, "new-tour-name", state.tr("tours.name.hint"));
        let id = egui::Id::unique("new-tour-name");
        let text: String = ui.ctx().data(|d| d.get_temp(id)).unwrap_or_default();
        let clicked = ui.button(state.tr("tours.new")).clicked();
        if let Some(name) = typed
            .or(clicked.then_some(text))
            .filter(|t| !t.trim().is_empty())
        {
            commands.push(Command::Present(P::NewTour(name)));
            ui.ctx().data_mut(|d| d.insert_temp(id, String::new()));
        }
    });
    if let Some(i) = state.show.editing_tour {
        editor(ui, state, i, commands);
    }
}

fn editor(ui: &mut egui::Ui, state: &AppState, i: usize, commands: &mut Vec<Command>) {
    let Some(t) = state.show.tours.tours.get(i) else {
        return;
    };
    ui.group(|ui| {
        ui.label(RichText::new(state.trf("tours.editing", &[("name", &t.name)])).strong());
        if ui
            .button(state.tr("tours.add_stop"))
            .on_hover_text(state.tr("tours.add_stop.tip"))
            .clicked()
        {
            commands.push(Command::Present(P::AddStop));
        }
        let n = t.stops.len();
        for (k, stop) in t.stops.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("{}.", k + 1));
                let mut caption = stop.caption.clone();
                let r = ui.add(egui::TextEdit::singleline(&mut caption).desired_width(150.0));
                if r.changed() {
                    commands.push(Command::Present(P::SetStopCaption { stop: k, caption }));
                }
                if ui
                    .add_enabled(k > 0, egui::Button::new("↑").small())
                    .clicked()
                {
                    commands.push(Command::Present(P::MoveStop { from: k, to: k - 1 }));
                }
                if ui
                    .add_enabled(k + 1 < n, egui::Button::new("↓").small())
                    .clicked()
                {
                    commands.push(Command::Present(P::MoveStop { from: k, to: k + 1 }));
                }
                if ui.small_button(state.tr("views.delete")).clicked() {
                    commands.push(Command::Present(P::DeleteStop(k)));
                }
            });
        }
    });
}
