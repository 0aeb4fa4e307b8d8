//! The export window (`Ctrl+E`): the current view as a PNG, SVG or PDF, with a size and format
//! chooser. It sends [`Command::ExportMap`], which draws exactly what `gba-atlas export --view`
//! draws for the same view.

use egui::RichText;

use crate::app::{AppState, Command};
use crate::export::run::Format;

/// Sizes offered (pixels for PNG, CSS pixels for SVG and PDF pages).
const PRESETS: [(&str, [u32; 2]); 5] = [
    ("1920×1080", [1920, 1080]),
    ("1280×720", [1280, 720]),
    ("3840×2160", [3840, 2160]),
    ("A4 1123×794", [1123, 794]),
    ("A3 1587×1123", [1587, 1123]),
];

pub fn window(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(current) = &state.export_window else {
        return;
    };
    let mut s = current.clone();
    let mut open = true;
    let mut export = false;
    egui::Window::new(state.tr("export.title"))
        .id(egui::Id::unique("export-window"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(state.tr("export.note"));
            ui.add_space(6.0);
            egui::Grid::new("export-grid")
                .num_columns(2)
                .spacing([10.0, 8.0])
                .show(ui, |ui| {
                    ui.label(state.tr("export.format"));
                    ui.horizontal(|ui| {
                        for f in Format::ALL {
                            let label = f.extension().to_uppercase();
                            if ui.selectable_label(s.format == f, label).clicked() {
                                s.format = f;
                                s.path = s.path_for_format();
                            }
                        }
                    });
                    ui.end_row();

                    ui.label(state.tr("export.size"));
                    ui.horizontal(|ui| {
                        let chosen = PRESETS
                            .iter()
                            .find(|(_, size)| *size == s.size)
                            .map(|(name, _)| *name)
                            .unwrap_or(state.tr("export.custom"));
                        egui::ComboBox::from_id_salt("export-size")
                            .selected_text(chosen)
                            .width(130.0)
                            .show_ui(ui, |ui| {
                                for (name, size) in PRESETS {
                                    ui.selectable_value(&mut s.size, size, name);
                                }
                            });
                        ui.add(
                            egui::DragValue::new(&mut s.size[0])
                                .range(16..=crate::export::run::MAX_SIDE)
                                .suffix(" px"),
                        )
                        .on_hover_text(state.tr("export.width"));
                        ui.label("×");
                        ui.add(
                            egui::DragValue::new(&mut s.size[1])
                                .range(16..=crate::export::run::MAX_SIDE)
                                .suffix(" px"),
                        )
                        .on_hover_text(state.tr("export.height"));
                    });
                    ui.end_row();

                    if s.format == Format::Png {
                        ui.label(state.tr("export.scale"));
                        ui.horizontal(|ui| {
                            for k in [1.0, 2.0] {
                                if ui
                                    .selectable_label(s.scale == k, format!("{k}×"))
                                    .clicked()
                                {
                                    s.scale = k;
                                }
                            }
                            let px = [
                                (s.size[0] as f32 * s.scale).round(),
                                (s.size[1] as f32 * s.scale).round(),
                            ];
                            ui.label(RichText::new(format!("= {}×{} px", px[0], px[1])).weak());
                        });
                        ui.end_row();
                    }

                    ui.label(state.tr("export.title_field"));
                    ui.add(
                        egui::TextEdit::singleline(&mut s.title)
                            .hint_text(state.tr("export.title_hint"))
                            .desired_width(300.0),
                    );
                    ui.end_row();

                    ui.label(state.tr("export.file"));
                    ui.horizontal(|ui| {
                        let r = ui.add(egui::TextEdit::singleline(&mut s.path).desired_width(220.0));
                        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            export = true;
                        }
                        if ui
                            .button(state.tr("files.browse"))
                            .on_hover_text(state.tr("files.browse_tip"))
                            .clicked()
                        {
                            let ext = s.format.extension();
                            if let Some(p) = rfd::FileDialog::new()
                                .add_filter(ext.to_uppercase(), &[ext])
                                .set_file_name(s.path_for_format())
                                .save_file()
                            {
                                s.path = p.display().to_string();
                            }
                        }
                    });
                    ui.end_row();
                });
            ui.add_space(6.0);
            let (lon, lat) = state.center();
            ui.label(
                RichText::new(format!(
                    "gba-atlas export --view {lon:.6},{lat:.6},{:.4} --size {}x{}{} --lang {} -o {}",
                    state.view.map.zoom(),
                    s.size[0],
                    s.size[1],
                    if s.format == Format::Png && s.scale != 1.0 {
                        format!(" --scale {}", s.scale)
                    } else {
                        String::new()
                    },
                    state.view.lang.tag(),
                    s.path_for_format(),
                ))
                .monospace()
                .weak(),
            )
            .on_hover_text(state.tr("export.cli_tip"));
            ui.add_space(4.0);
            if ui
                .add_enabled(
                    !s.path.trim().is_empty(),
                    egui::Button::new(state.tr("export.go")),
                )
                .clicked()
            {
                export = true;
            }
        });
    if !open {
        commands.push(Command::ShowExportWindow(None));
        return;
    }
    if export && !s.path.trim().is_empty() {
        commands.push(Command::ExportMap(s.clone()));
    }
    if Some(&s) != state.export_window.as_ref() {
        commands.push(Command::ShowExportWindow(Some(s)));
    }
}

/// Opens the window with the last settings (or the defaults).
pub fn open(state: &AppState) -> Command {
    Command::ShowExportWindow(Some(state.export_window.clone().unwrap_or_default()))
}
