//! egui panels and the map view. UI functions read [`AppState`] and send [`Command`]s.

mod coverage;
mod details;
mod fonts;
mod layers;
mod map_view;
mod problems;
pub mod reader;
mod search_box;
pub mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::{AppState, Command, Tab};

pub use fonts::install_fonts;

/// The eframe application: the state and nothing else.
pub struct GbaApp {
    pub state: AppState,
}

impl eframe::App for GbaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        show(ui, &mut self.state);
    }
}

/// Draws the whole application into `ui` and applies the commands the user gave.
pub fn show(ui: &mut egui::Ui, state: &mut AppState) {
    let mut commands = Vec::new();
    if let Some(handle) = &state.background {
        if handle.is_finished() {
            commands.push(Command::BackgroundChecksDone);
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
    shortcuts(ui.ctx(), state, &mut commands);
    top_bar(ui, state, &mut commands);
    egui::Panel::left("left")
        .default_size(380.0)
        .min_size(260.0)
        .max_size(560.0)
        .resizable(true)
        .show(ui, |ui| left_panel(ui, state, &mut commands));
    if state.selected_place().is_some() {
        egui::Panel::right("details")
            .default_size(400.0)
            .min_size(280.0)
            .max_size(560.0)
            .resizable(true)
            .show(ui, |ui| details::show(ui, state, &mut commands));
    }
    egui::CentralPanel::no_frame().show(ui, |ui| map_view::show(ui, state, &mut commands));
    problems::window(ui.ctx(), state, &mut commands);
    for command in commands {
        state.apply(command);
    }
}

fn left_panel(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (Tab::Plan, "Plan"),
            (Tab::Layers, "Layers"),
            (Tab::Coverage, "Coverage"),
        ] {
            if ui.selectable_label(state.tab == tab, label).clicked() {
                commands.push(Command::ShowTab(tab));
            }
        }
    });
    ui.separator();
    match state.tab {
        Tab::Plan => reader::show(ui, state, commands),
        Tab::Layers => layers::show(ui, state, commands),
        Tab::Coverage => coverage::show(ui, state, commands),
    }
}

fn shortcuts(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    if ctx.memory(|m| m.focused().is_some()) {
        return;
    }
    ctx.input(|i| {
        if i.key_pressed(egui::Key::Escape) {
            if state.pick.is_some() {
                commands.push(Command::ShowPick(None));
            } else if state.selected.is_some() {
                commands.push(Command::Select(None));
            } else if state.selected_clause.is_some() {
                commands.push(Command::SelectClause(None));
            }
        }
        if i.key_pressed(egui::Key::Home) {
            commands.push(Command::ResetView);
        }
        if i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals) {
            commands.push(Command::ZoomIn);
        }
        if i.key_pressed(egui::Key::Minus) {
            commands.push(Command::ZoomOut);
        }
        if i.key_pressed(egui::Key::F5) {
            commands.push(Command::Reload);
        }
    });
}

fn top_bar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("粤港澳大湾区 Greater Bay Area");
            ui.separator();
            search_box::show(ui, state, commands);
            ui.separator();
            if ui
                .button("Whole bay area")
                .on_hover_text("Show all 11 cities (Home)")
                .clicked()
            {
                commands.push(Command::ResetView);
            }
            if ui.button("＋").on_hover_text("Zoom in (+)").clicked() {
                commands.push(Command::ZoomIn);
            }
            if ui.button("－").on_hover_text("Zoom out (−)").clicked() {
                commands.push(Command::ZoomOut);
            }
            if ui
                .button("Reload data")
                .on_hover_text("Read the data files again (F5)")
                .clicked()
            {
                commands.push(Command::Reload);
            }
            let problems = state.data.issues.len() + state.messages.len();
            if problems > 0 {
                let label = format!(
                    "{problems} data problem{}",
                    if problems == 1 { "" } else { "s" }
                );
                let button =
                    egui::Button::new(egui::RichText::new(label).color(ui.visuals().warn_fg_color));
                if ui.add(button).clicked() {
                    commands.push(Command::ShowProblems(!state.show_problems));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "{} places · {} clauses",
                        state.data.places.len(),
                        state.plan.clauses.len()
                    ))
                    .weak(),
                );
            });
        });
    });
}

/// Opens the desktop window on the data in `data_dir`.
pub fn run_native(data_dir: PathBuf, startup: Vec<Command>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("gba-atlas — 粤港澳大湾区")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 420.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "gba-atlas",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            // A map reads best light, like the paper maps planners know.
            cc.egui_ctx.set_theme(egui::Theme::Light);
            let mut state = AppState::load(&data_dir);
            for command in startup {
                state.apply(command);
            }
            Ok(Box::new(GbaApp { state }))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gba-atlas: cannot open a window: {e}");
            ExitCode::FAILURE
        }
    }
}
