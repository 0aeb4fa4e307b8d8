//! Every character the app can show from its data and the plan has a glyph in the bundled fonts
//! (no boxes for a name on the map).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use egui::FontId;
use gba_atlas::data::Dataset;
use gba_atlas::i18n::Lang;
use gba_atlas::plan::Plan;

#[test]
fn bundled_fonts_cover_the_plan_and_the_data() {
    let ctx = egui::Context::default();
    gba_atlas::ui::install_fonts(&ctx);
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    out.textures_delta.clear();
    let plan = Plan::bundled().expect("plan");
    let ds =
        Dataset::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &plan).expect("data");
    let mut texts: Vec<String> = vec![plan.title.clone()];
    texts.extend(plan.clauses.iter().map(|c| c.text()));
    texts.extend(plan.sections.iter().map(|s| s.title.clone()));
    for p in &ds.places {
        texts.extend([p.name_zh.clone(), p.name_en.clone(), p.source().to_owned()]);
        texts.extend(p.note().map(str::to_owned));
        texts.extend(p.aliases().iter().cloned());
    }
    for f in &ds.basemap {
        texts.extend(f.name_zh.clone());
        texts.extend(f.name_en.clone());
    }
    // The interface in every language.
    for lang in Lang::ALL {
        for key in gba_atlas::i18n::keys(lang) {
            texts.push(gba_atlas::i18n::tr(lang, key).to_string());
        }
    }
    // Traditional Chinese: the names and the plan as the app converts them.
    let hant: Vec<String> = texts.iter().map(|t| gba_atlas::i18n::to_hant(t)).collect();
    texts.extend(hant);
    let font = FontId::proportional(14.0);
    let missing: std::collections::BTreeSet<char> = ctx.fonts_mut(|fonts| {
        texts
            .iter()
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_whitespace() && !fonts.has_glyph(&font, *c))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}
