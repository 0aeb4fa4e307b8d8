//! Colours and widths: one place for the map's look.

use egui::Color32;

use crate::data::Kind;

pub const SEA: Color32 = Color32::from_rgb(170, 205, 226);
pub const LAND: Color32 = Color32::from_rgb(240, 237, 229);
pub const COAST: Color32 = Color32::from_rgb(140, 175, 200);
pub const RIVER: Color32 = Color32::from_rgb(150, 190, 218);
pub const PROVINCE_BOUNDARY: Color32 = Color32::from_rgb(150, 130, 160);
pub const CITY_BOUNDARY: Color32 = Color32::from_rgb(200, 192, 182);
pub const PLACE_OUTLINE: Color32 = Color32::from_rgb(120, 108, 96);
pub const SELECTED: Color32 = Color32::from_rgb(200, 40, 40);
pub const HOVERED: Color32 = Color32::from_rgb(40, 40, 40);
pub const LABEL: Color32 = Color32::from_rgb(40, 40, 40);
pub const LABEL_SECONDARY: Color32 = Color32::from_rgb(85, 85, 85);
pub const CONTEXT_LABEL: Color32 = Color32::from_rgb(120, 115, 110);
pub const SEA_LABEL: Color32 = Color32::from_rgb(70, 110, 150);
pub const HALO: Color32 = Color32::from_rgba_premultiplied(250, 250, 248, 235);
pub const HIGHLIGHT: Color32 = Color32::from_rgb(255, 226, 120);

/// Calm, distinct fills for the 11 cities (neighbours differ in hue).
pub fn city_fill(id: &str) -> Color32 {
    match id {
        "guangzhou" => Color32::from_rgb(238, 208, 160),
        "shenzhen" => Color32::from_rgb(172, 214, 190),
        "zhuhai" => Color32::from_rgb(204, 194, 232),
        "foshan" => Color32::from_rgb(242, 196, 184),
        "huizhou" => Color32::from_rgb(196, 218, 164),
        "dongguan" => Color32::from_rgb(246, 228, 156),
        "zhongshan" => Color32::from_rgb(182, 208, 232),
        "jiangmen" => Color32::from_rgb(228, 204, 222),
        "zhaoqing" => Color32::from_rgb(214, 226, 190),
        "hong-kong" => Color32::from_rgb(242, 184, 184),
        "macao" => Color32::from_rgb(176, 222, 214),
        other => {
            // Stable pastel from the id for cities added later.
            let h = other
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
            let hue = (h % 360) as f32 / 360.0;
            egui::ecolor::Hsva::new(hue, 0.25, 0.92, 1.0).into()
        }
    }
}

/// Fill of a place of a given kind.
pub fn fill(kind: Kind, id: &str) -> Color32 {
    match kind {
        Kind::City => city_fill(id),
        _ => Color32::from_rgba_unmultiplied(200, 120, 60, 90),
    }
}

/// A colour made lighter (towards white) by `t` in 0..1.
pub fn lighten(c: Color32, t: f32) -> Color32 {
    let mix = |a: u8| (a as f32 + (255.0 - a as f32) * t).round() as u8;
    Color32::from_rgba_unmultiplied(mix(c.r()), mix(c.g()), mix(c.b()), c.a())
}

/// A colour made darker by `t` in 0..1.
pub fn darken(c: Color32, t: f32) -> Color32 {
    let mix = |a: u8| (a as f32 * (1.0 - t)).round() as u8;
    Color32::from_rgba_unmultiplied(mix(c.r()), mix(c.g()), mix(c.b()), c.a())
}
