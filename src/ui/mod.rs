//! egui panels and the map view. UI functions read [`AppState`] and send [`Command`]s.

mod coverage;
pub mod details;
mod edit;
mod edit_map;
mod export;
mod files;
mod fonts;
pub mod form;
pub mod keys;
mod layers;
mod map_view;
pub mod present;
mod problems;
pub mod reader;
pub mod search_box;
mod table;
pub mod text;
mod views;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::{AppState, Command, Tab};

pub use fonts::install_fonts;

/// The eframe application: the state and nothing else.
pub struct GbaApp {
    pub state: AppState,
    /// When the process started, until the first frame is drawn (logged at `info`: the cold
    /// start figure of `docs/benchmarks.md`).
    pub started: Option<std::time::Instant>,
}

impl eframe::App for GbaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // Closing the window with unsaved edits asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && !self.state.data.dirty_files().is_empty()
            && !self.state.quit_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            let names = self.state.dirty_names();
            self.state
                .apply(Command::Ask(Some(crate::app::Confirm::DiscardAndQuit(
                    names,
                ))));
        }
        show(ui, &mut self.state);
        if let Some(started) = self.started.take() {
            log::info!(
                "first frame drawn {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        if self.state.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The last view, layers, language and mode survive a restart (eframe keeps the panel sizes
    /// and the window with egui's memory).
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let s = &self.state;
        let remembered = Remembered {
            view: s.view.clone(),
            lang: s.view.lang,
            presenting: s.show.mode.is_some(),
            scale: s.show.settings.scale,
            laser: s.show.settings.laser,
            fly: s.show.fly,
            tab: s.tab,
        };
        if let Ok(text) = serde_json::to_string(&remembered) {
            storage.set_string(REMEMBERED, text);
        }
    }
}

const REMEMBERED: &str = "gba-atlas-state";

/// What the app remembers between sessions.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Remembered {
    view: crate::app::View,
    lang: crate::i18n::Lang,
    presenting: bool,
    scale: f32,
    laser: bool,
    fly: bool,
    tab: Tab,
}

impl Default for Remembered {
    fn default() -> Self {
        let show = crate::app::Presenting::default();
        Remembered {
            view: crate::app::View::default(),
            lang: crate::i18n::Lang::system(),
            presenting: false,
            scale: show.settings.scale,
            laser: false,
            fly: true,
            tab: Tab::default(),
        }
    }
}

/// The state of the last session, restored before the command line's options (which win).
fn restore(state: &mut AppState, storage: Option<&dyn eframe::Storage>) {
    use crate::app::PresentCommand as P;
    let remembered = storage
        .and_then(|s| s.get_string(REMEMBERED))
        .and_then(|t| serde_json::from_str::<Remembered>(&t).ok());
    let Some(r) = remembered else {
        // A first start speaks the system's language.
        state.apply(Command::Present(P::SetLang(crate::i18n::Lang::system())));
        return;
    };
    let (lon, lat) = r
        .view
        .map
        .detached()
        .map(|p| (p.x(), p.y()))
        .unwrap_or(state.center());
    let zoom = r.view.map.zoom();
    let selected = r.view.selected.clone();
    let clause = r.view.clause;
    let mut view = r.view;
    view.lang = r.lang;
    // Ids and clauses that no longer exist are dropped, not kept dangling.
    view.selected = selected.filter(|id| state.data.place(id).is_some());
    view.clause = clause.filter(|n| state.plan.clause(*n).is_some());
    state.view = view;
    state.apply(Command::SetView { lon, lat, zoom });
    state.apply(Command::ShowTab(r.tab));
    state.apply(Command::Present(P::SetScale(r.scale)));
    state.apply(Command::Present(P::SetLaser(r.laser)));
    state.apply(Command::Present(P::SetFly(r.fly)));
    if r.presenting {
        state.apply(Command::Present(P::SetPresenting(true)));
    }
}

/// Draws the whole application into `ui` and applies the commands the user gave.
pub fn show(ui: &mut egui::Ui, state: &mut AppState) {
    let mut commands = Vec::new();
    state.poll_watcher();
    if let Some(handle) = &state.background {
        if handle.is_finished() {
            commands.push(Command::BackgroundChecksDone);
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
    keys::shortcuts(ui.ctx(), state, &mut commands);
    present::keys(ui.ctx(), state, &mut commands);
    present::frame(ui.ctx(), state, &mut commands);
    for command in commands.drain(..) {
        state.apply(command);
    }
    if state.show.mode.is_some() {
        // Presentation mode: the map and a slim caption, nothing else.
        present::caption_bar(ui, state, &mut commands);
        for command in commands.drain(..) {
            state.apply(command);
        }
        egui::CentralPanel::no_frame().show(ui, |ui| map_view::show(ui, state, &mut commands));
        keys::help_window(ui.ctx(), state, &mut commands);
        for command in commands {
            state.apply(command);
        }
        poll_loads(ui.ctx(), state);
        return;
    }
    top_bar(ui, state, &mut commands);
    // Panels are resizable; egui keeps their widths (and eframe saves them between sessions).
    // Dragging its edge past the minimum folds it away, as does ☰ or Ctrl+B.
    let mut expanded = state.show_left_panel;
    egui::Panel::left("left")
        .default_size(330.0)
        .min_size(240.0)
        .max_size(560.0)
        .resizable(true)
        .show_collapsible(ui, &mut expanded, |ui| left_panel(ui, state, &mut commands));
    if expanded != state.show_left_panel {
        commands.push(Command::ShowLeftPanel(expanded));
    }
    if state.edit.is_some() {
        edit::edit_bar(ui, state, &mut commands);
        egui::Panel::right("form")
            .default_size(360.0)
            .min_size(280.0)
            .max_size(640.0)
            .resizable(true)
            .show(ui, |ui| form::show(ui, state, &mut commands));
    } else if state.selected_place().is_some() {
        egui::Panel::right("details")
            .default_size(340.0)
            .min_size(260.0)
            .max_size(600.0)
            .resizable(true)
            .show(ui, |ui| details::show(ui, state, &mut commands));
    }
    // Commands so far change what the panels show; apply them before the map takes the space
    // that is left, so the map knows its rectangle this frame.
    for command in commands.drain(..) {
        state.apply(command);
    }
    egui::CentralPanel::no_frame().show(ui, |ui| map_view::show(ui, state, &mut commands));
    problems::window(ui.ctx(), state, &mut commands);
    keys::help_window(ui.ctx(), state, &mut commands);
    files::window(ui.ctx(), state, &mut commands);
    export::window(ui.ctx(), state, &mut commands);
    table::window(ui.ctx(), state, &mut commands);
    files::dropped_files(ui.ctx(), &mut commands);
    edit::confirm_window(ui.ctx(), state, &mut commands);
    for command in commands {
        state.apply(command);
    }
    poll_loads(ui.ctx(), state);
}

/// Adds a layer read in the background once it is read (after this frame showed its progress),
/// else asks for a frame soon to show how far it has come.
fn poll_loads(ctx: &egui::Context, state: &mut AppState) {
    let Some(load) = state.loads.front() else {
        return;
    };
    if load.is_finished() {
        state.apply(Command::LayerLoaded);
        ctx.request_repaint();
    } else {
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

fn left_panel(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (Tab::Plan, state.tr("tab.plan")),
            (Tab::Layers, state.tr("tab.layers")),
            (Tab::Coverage, state.tr("tab.coverage")),
            (Tab::Views, state.tr("tab.views")),
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
        Tab::Views => views::show(ui, state, commands),
    }
}

fn top_bar(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            let panel = ui
                .selectable_label(state.show_left_panel, state.tr("top.panel"))
                .on_hover_text(state.tr("top.panel_tip"));
            if panel.clicked() {
                commands.push(Command::ShowLeftPanel(!state.show_left_panel));
            }
            ui.heading(state.tr("top.title"));
            ui.separator();
            search_box::show(ui, state, commands);
            ui.separator();
            // Problems first, where a narrow window cannot push them out of sight.
            let problems = state.data.issues.len() + state.messages.len();
            if problems > 0 {
                let label = if problems == 1 {
                    state.trf("top.problems_one", &[("n", &problems)])
                } else {
                    state.trf("top.problems", &[("n", &problems)])
                };
                let button =
                    egui::Button::new(egui::RichText::new(label).color(ui.visuals().warn_fg_color));
                if ui.add(button).clicked() {
                    commands.push(Command::ShowProblems(!state.show_problems));
                }
            }
            if ui
                .button(state.tr("top.whole_area"))
                .on_hover_text(state.tr("top.whole_area_tip"))
                .clicked()
            {
                commands.push(Command::ResetView);
            }
            let online = state.basemap.online;
            if ui
                .selectable_label(online, state.tr("top.online"))
                .on_hover_text(
                    state.trf("top.online_tip", &[("host", &state.basemap.server.host())]),
                )
                .clicked()
            {
                commands.push(Command::SetOnlineTiles(!online));
            }
            if ui
                .button(state.tr("top.reload"))
                .on_hover_text(state.tr("top.reload_tip"))
                .clicked()
            {
                commands.push(Command::Reload);
            }
            if ui
                .button(state.tr("top.export"))
                .on_hover_text(state.tr("top.export_tip"))
                .clicked()
            {
                commands.push(export::open(state));
            }
            if ui
                .button(state.tr("present.button"))
                .on_hover_text(state.tr("present.enter.tip"))
                .clicked()
            {
                commands.push(Command::Present(crate::app::PresentCommand::SetPresenting(
                    true,
                )));
            }
            ui.menu_button(state.view.lang.native_name(), |ui| {
                for lang in crate::i18n::Lang::ALL {
                    if ui
                        .selectable_label(state.view.lang == lang, lang.native_name())
                        .clicked()
                    {
                        commands.push(Command::Present(crate::app::PresentCommand::SetLang(lang)));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text(state.tr("views.language"));
            let editing = state.edit.is_some();
            if ui
                .selectable_label(editing, state.tr("top.edit"))
                .on_hover_text(state.tr("top.edit_tip"))
                .clicked()
            {
                commands.push(if editing {
                    Command::StopEditing
                } else {
                    Command::StartEditing(None)
                });
            }
            if !editing {
                edit::toolbar(ui, state, commands);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("?")
                    .on_hover_text(state.tr("top.keys_tip"))
                    .clicked()
                {
                    commands.push(Command::ShowKeyHelp(!state.show_key_help));
                }
                {
                    let places = state.tally.data_places;
                    let text = state.trf(
                        "top.counts",
                        &[("places", &places), ("clauses", &state.plan.clauses.len())],
                    );
                    // Only where there is room for it: the controls come first.
                    let width = ui
                        .painter()
                        .layout_no_wrap(
                            text.clone(),
                            egui::TextStyle::Body.resolve(ui.style()),
                            egui::Color32::GRAY,
                        )
                        .size()
                        .x;
                    if ui.available_width() > width + 8.0 {
                        ui.label(egui::RichText::new(text).weak());
                    }
                }
            });
        });
    });
}

/// How long a notice stays in the top bar.
const NOTICE_SECONDS: f64 = 5.0;

/// Shows the latest notice (e.g. "Reloaded …") for a few seconds at the top of the map, where
/// it covers no control (the top bar has no room to spare in a laptop's window).
pub(crate) fn notice(ui: &mut egui::Ui, state: &AppState, map: egui::Rect) {
    let Some(notice) = &state.notice else {
        return;
    };
    let now = ui.input(|i| i.time);
    let id = egui::Id::unique(("notice", notice.serial));
    let since = ui
        .ctx()
        .data_mut(|d| *d.get_temp_mut_or_insert_with(id, || now));
    if now - since > NOTICE_SECONDS {
        return;
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(
            NOTICE_SECONDS + 0.1 - (now - since),
        ));
    let color = if notice.warning {
        ui.visuals().warn_fg_color
    } else {
        egui::Color32::from_rgb(20, 110, 50)
    };
    // Centred under the top of the map, left of the zoom buttons, cut to the width it has.
    let width = (map.width() - 120.0).clamp(120.0, 720.0);
    let at = egui::Rect::from_center_size(
        egui::pos2(map.center().x, map.min.y + 26.0),
        egui::vec2(width, 36.0),
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(at)
            .layout(egui::Layout::top_down(egui::Align::Center)),
        |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.add(
                    egui::Label::new(egui::RichText::new(notice.text.clone()).color(color))
                        .truncate(),
                )
                .on_hover_text(notice.text.clone());
            });
        },
    );
}

/// Opens the desktop window on the data in `data_dir`.
pub fn run_native(data_dir: PathBuf, startup: Vec<Command>, size: Option<(f32, f32)>) -> ExitCode {
    let started = std::time::Instant::now();
    let (w, h) = size.unwrap_or((1280.0, 800.0));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("gba-atlas — 粤港澳大湾区")
            .with_inner_size([w, h])
            .with_min_inner_size([640.0, 420.0]),
        // Panel widths and the window's size are remembered between sessions (a size given
        // on the command line wins).
        persist_window: size.is_none(),
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
            restore(&mut state, cc.storage);
            // Files changed outside the app reload by themselves.
            let ctx = cc.egui_ctx.clone();
            state.watch(move || ctx.request_repaint());
            for command in startup {
                state.apply(command);
            }
            log::info!(
                "data loaded {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
            Ok(Box::new(GbaApp {
                state,
                started: Some(started),
            }))
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
