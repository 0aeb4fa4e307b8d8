//! Opening any GeoJSON file as a layer and exporting GeoJSON: a path field that always works,
//! the system's file dialog where there is one, and files dropped on the window.

use egui::RichText;

use crate::app::{AppState, Command, ExportWhat, FilePurpose};

/// Files dropped on the window open as layers.
pub fn dropped_files(ctx: &egui::Context, commands: &mut Vec<Command>) {
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    for f in dropped {
        let path = f.path();
        if !path.as_os_str().is_empty() {
            commands.push(Command::OpenLayer(path.to_path_buf()));
        }
    }
}

/// The window that asks for a path (open or export).
pub fn window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(purpose) = &state.file_window else {
        return;
    };
    let id = egui::Id::unique("file-window-path");
    let mut path: String = ctx
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| match purpose {
            FilePurpose::Open => String::new(),
            FilePurpose::Export(what) => {
                let name = match what {
                    ExportWhat::Selection => state
                        .view
                        .selected
                        .clone()
                        .unwrap_or_else(|| "selection".into())
                        .replace('/', "-"),
                    ExportWhat::File(f) => state
                        .data
                        .files
                        .get(*f)
                        .and_then(|f| f.path.file_stem())
                        .map(|s| format!("{}-export", s.to_string_lossy()))
                        .unwrap_or_else(|| "export".into()),
                };
                format!("{name}.geojson")
            }
        });
    // The window keeps the id its English title gave it, whatever the language.
    let (id_title, title, action) = match purpose {
        FilePurpose::Open => (
            "Open a GeoJSON file",
            state.tr("files.open_title"),
            state.tr("files.open"),
        ),
        FilePurpose::Export(_) => (
            "Export as GeoJSON",
            state.tr("files.export_title"),
            state.tr("files.export"),
        ),
    };
    let mut open = true;
    egui::Window::new(title)
        .id(egui::Id::unique(id_title))
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(match purpose {
                FilePurpose::Open => state.tr("files.open_note"),
                FilePurpose::Export(_) => state.tr("files.export_note"),
            });
            let response = ui.add(
                egui::TextEdit::singleline(&mut path)
                    .hint_text("/path/to/file.geojson")
                    .desired_width(f32::INFINITY),
            );
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let go = ui
                    .add_enabled(!path.trim().is_empty(), egui::Button::new(action))
                    .clicked();
                if (go || enter) && !path.trim().is_empty() {
                    let p = std::path::PathBuf::from(path.trim());
                    commands.push(match purpose {
                        FilePurpose::Open => Command::OpenLayer(p),
                        FilePurpose::Export(what) => Command::ExportGeoJson {
                            what: what.clone(),
                            path: p,
                        },
                    });
                }
                if ui
                    .button(state.tr("files.browse"))
                    .on_hover_text(state.tr("files.browse_tip"))
                    .clicked()
                {
                    let dialog = rfd::FileDialog::new().add_filter("GeoJSON", &["geojson", "json"]);
                    let picked = match purpose {
                        FilePurpose::Open => dialog.pick_file(),
                        FilePurpose::Export(_) => dialog.set_file_name(&path).save_file(),
                    };
                    if let Some(p) = picked {
                        path = p.display().to_string();
                    }
                }
            });
            ui.label(RichText::new(state.tr("files.closes")).weak());
        });
    ctx.data_mut(|d| d.insert_temp(id, path));
    if !open {
        commands.push(Command::ShowFileWindow(None));
    }
}

/// The layers being read, over the bottom of the map (drawn in the map's own frame, so it shows
/// from the first frame of a load): a progress bar for the first, how many wait, and a button to
/// stop.
pub fn loading(ui: &mut egui::Ui, state: &AppState, map: egui::Rect, commands: &mut Vec<Command>) {
    let Some(load) = state.loads.front() else {
        return;
    };
    let (done, total) = load.progress.get();
    let name = load
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| load.path.display().to_string());
    let width = 420.0_f32.min(map.width() - 20.0).max(120.0);
    let at = egui::Rect::from_center_size(
        egui::pos2(map.center().x, map.max.y - 90.0),
        egui::vec2(width, 70.0),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(at), |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            ui.set_width(width - 16.0);
            let text = if total == 0 {
                state.trf("loading.reading", &[("path", &name)])
            } else {
                state.trf(
                    "loading.progress",
                    &[
                        ("path", &name),
                        ("done", &crate::i18n::grouped(done)),
                        ("total", &crate::i18n::grouped(total)),
                    ],
                )
            };
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(load.path.display().to_string());
            ui.horizontal(|ui| {
                let bar = if total == 0 {
                    egui::ProgressBar::new(0.0).animate(true)
                } else {
                    egui::ProgressBar::new(done as f32 / total as f32).show_percentage()
                };
                let cancel = state.tr("loading.cancel");
                ui.add(bar.desired_width(ui.available_width() - 80.0));
                if ui.button(cancel).clicked() {
                    commands.push(Command::CancelLayerLoads);
                }
            });
            if state.loads.len() > 1 {
                let n = state.loads.len() - 1;
                ui.label(RichText::new(state.trf("loading.queued", &[("n", &n)])).weak());
            }
        });
    });
}
