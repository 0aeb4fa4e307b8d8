//! Coverage: how many places each of the 66 clauses links, so editors see what is mapped.

use egui::{RichText, Sense, vec2};

use crate::app::{AppState, Command, CoverageMap};
use crate::data::Gap;
use crate::i18n::{Lang, tr};
use crate::map::style;

pub fn show(ui: &mut egui::Ui, state: &AppState, commands: &mut Vec<Command>) {
    let counts: Vec<(u32, usize)> = state
        .plan
        .clauses
        .iter()
        .map(|c| (c.number, state.tally.citing(c.number).len()))
        .collect();
    let mapped = counts.iter().filter(|(_, n)| *n > 0).count();
    ui.label(
        RichText::new(format!(
            "{}; {}",
            state.trf(
                "coverage.clauses",
                &[("mapped", &mapped), ("total", &counts.len())]
            ),
            state.trf("coverage.places", &[("n", &state.data.places.len())])
        ))
        .strong(),
    );
    let places = state.data.place_coverage();
    if places.not_located + places.outside + places.no_site > 0 {
        ui.label(state.trf(
            "coverage.share",
            &[
                (
                    "percent",
                    &format!("{:.0}", places.percent_in_region().floor()),
                ),
                ("mapped", &places.mapped),
                ("not_located", &places.not_located),
                ("outside", &places.outside),
                ("no_site", &places.no_site),
            ],
        ));
    }
    ui.label(RichText::new(state.tr("coverage.hint")).weak());
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(state.tr("coverage.on_the_map"));
        for (mode, label, tip) in [
            (
                CoverageMap::Off,
                state.tr("coverage.map.off"),
                state.tr("coverage.map.off_tip"),
            ),
            (
                CoverageMap::Places,
                state.tr("coverage.map.places"),
                state.tr("coverage.map.places_tip"),
            ),
            (
                CoverageMap::Cities,
                state.tr("coverage.map.cities"),
                state.tr("coverage.map.cities_tip"),
            ),
        ] {
            if ui
                .selectable_label(state.view.coverage_map == mode, label)
                .on_hover_text(tip)
                .clicked()
            {
                commands.push(Command::SetCoverageMap(mode));
            }
        }
    });
    if !state.data.unmapped.is_empty() {
        egui::CollapsingHeader::new(
            state.trf("coverage.unmapped", &[("n", &state.data.unmapped.len())]),
        )
        .id_salt("unmapped")
        .show(ui, |ui| {
            ui.label(RichText::new(state.tr("coverage.unmapped_note")).weak());
            egui::ScrollArea::vertical()
                .id_salt("unmapped-list")
                .max_height(220.0)
                .show(ui, |ui| {
                    // What an editor can still add first, then what cannot be on this map.
                    for gap in [Gap::NotLocated, Gap::Outside, Gap::NoSite] {
                        for u in state.data.unmapped.iter().filter(|u| u.site == gap) {
                            unmapped_row(ui, u, state.view.lang, Some(state), commands);
                        }
                    }
                });
        });
    }
    ui.add_space(4.0);
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (number, n) in counts {
                let Some(clause) = state.plan.clause(number) else {
                    continue;
                };
                let selected = state.view.clause == Some(number);
                let row = ui.horizontal(|ui| {
                    let width = ui.available_width();
                    let (rect, response) =
                        ui.allocate_exact_size(vec2(width, 18.0), Sense::click());
                    let painter = ui.painter();
                    if selected || response.hovered() {
                        painter.rect_filled(
                            rect,
                            2.0,
                            ui.visuals().selection.bg_fill.gamma_multiply(0.4),
                        );
                    }
                    let bar_w = 60.0 * n as f32 / max as f32;
                    let bar = egui::Rect::from_min_size(
                        rect.right_top() + vec2(-64.0, 4.0),
                        vec2(bar_w.max(if n > 0 { 2.0 } else { 0.0 }), 10.0),
                    );
                    painter.rect_filled(bar, 1.0, style::CLAUSE);
                    let color = if n == 0 {
                        ui.visuals().weak_text_color()
                    } else {
                        ui.visuals().text_color()
                    };
                    let text = format!("{:>2} {} {}", n, clause.marker(), clause.title);
                    let galley =
                        painter.layout_no_wrap(text, egui::FontId::proportional(13.0), color);
                    painter
                        .with_clip_rect(rect.with_max_x(rect.max.x - 70.0))
                        .galley(rect.left_top(), galley, color);
                    response
                });
                if row.inner.clicked() {
                    commands.push(Command::SelectClause(Some(number)));
                }
            }
        });
}

/// Why a name has no site, in `lang`.
fn gap_label(lang: Lang, gap: Gap) -> &'static str {
    match gap {
        Gap::NoSite => tr(lang, "coverage.gap.no_site"),
        Gap::Outside => tr(lang, "coverage.gap.outside"),
        Gap::NotLocated => tr(lang, "coverage.gap.not_located"),
    }
}

/// A name with no site: its names, the reason and (with `state`) its clauses as links.
pub fn unmapped_row(
    ui: &mut egui::Ui,
    u: &crate::data::Unmapped,
    lang: Lang,
    state: Option<&AppState>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&u.name_zh).strong());
        ui.label(&u.name_en);
        ui.label(RichText::new(format!("· {}", gap_label(lang, u.site))).weak());
    });
    ui.label(RichText::new(&u.reason).weak().italics());
    if let Some(state) = state {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label(RichText::new(tr(lang, "coverage.clauses_of")).weak());
            for c in &u.clauses {
                let Some(clause) = state.plan.clause(c.clause) else {
                    continue;
                };
                if ui
                    .small_button(clause.marker())
                    .on_hover_text(&clause.title)
                    .clicked()
                {
                    commands.push(Command::SelectClause(Some(c.clause)));
                }
            }
        });
    }
    ui.add_space(4.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_in_english_are_their_labels() {
        for gap in Gap::ALL {
            assert_eq!(gap_label(Lang::En, gap), gap.label());
        }
    }
}
