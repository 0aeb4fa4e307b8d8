//! Web Mercator in normalised units (the world is the unit square, y down), and the affine map
//! from those units to the screen that walkers' projector applies at the current view.

use egui::{Pos2, Vec2, pos2};
use walkers::{Position, Projector, lon_lat};

/// Normalised Web Mercator coordinates: x, y in 0..1, y growing southwards.
pub type Merc = [f64; 2];

const MAX_LAT: f64 = 85.051_128_779_806_59;

/// (lon, lat) in degrees → normalised Web Mercator.
pub fn to_merc(lon: f64, lat: f64) -> Merc {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// Normalised Web Mercator → (lon, lat) in degrees.
pub fn from_merc(m: Merc) -> (f64, f64) {
    let lon = m[0] * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * m[1]);
    let lat = n.sinh().atan().to_degrees();
    (lon, lat)
}

/// Screen = offset + merc × scale. Derived each frame from walkers' projector, so the map and
/// everything gba-atlas draws agree exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapTransform {
    /// Screen pixels per normalised unit (256 · 2^zoom).
    pub scale: f64,
    pub offset: [f64; 2],
}

impl MapTransform {
    pub fn from_projector(projector: &Projector) -> Self {
        // Two reference points a known distance apart in Mercator units.
        let (a, b) = (lon_lat(113.0, 22.0), lon_lat(114.0, 23.0));
        let (pa, pb) = (projector.project(a), projector.project(b));
        let (ma, mb) = (to_merc(113.0, 22.0), to_merc(114.0, 23.0));
        let scale = (pb.x as f64 - pa.x as f64) / (mb[0] - ma[0]);
        // Offsets from the exact projected centre avoid f32 error in `project` at high zoom.
        let center = projector.clip_rect().center();
        let c = projector.unproject(center.to_vec2());
        let mc = to_merc(c.x(), c.y());
        let offset = [
            center.x as f64 - mc[0] * scale,
            center.y as f64 - mc[1] * scale,
        ];
        Self { scale, offset }
    }

    /// A transform that shows `center` at `screen_center` at `zoom` (for tests and exports).
    pub fn new(center: Merc, zoom: f64, screen_center: Pos2) -> Self {
        let scale = 256.0 * 2f64.powf(zoom);
        Self {
            scale,
            offset: [
                screen_center.x as f64 - center[0] * scale,
                screen_center.y as f64 - center[1] * scale,
            ],
        }
    }

    pub fn zoom(&self) -> f64 {
        (self.scale / 256.0).log2()
    }

    pub fn to_screen(&self, m: Merc) -> Pos2 {
        pos2(
            (self.offset[0] + m[0] * self.scale) as f32,
            (self.offset[1] + m[1] * self.scale) as f32,
        )
    }

    pub fn to_merc(&self, p: Pos2) -> Merc {
        [
            (p.x as f64 - self.offset[0]) / self.scale,
            (p.y as f64 - self.offset[1]) / self.scale,
        ]
    }

    /// Screen position of (lon, lat).
    pub fn lon_lat_to_screen(&self, lon: f64, lat: f64) -> Pos2 {
        self.to_screen(to_merc(lon, lat))
    }

    /// (lon, lat) at a screen position.
    pub fn screen_to_lon_lat(&self, p: Pos2) -> (f64, f64) {
        from_merc(self.to_merc(p))
    }

    /// The length of one screen pixel in Mercator units.
    pub fn pixel(&self) -> f64 {
        1.0 / self.scale
    }
}

/// A walkers position from (lon, lat).
pub fn position(lon: f64, lat: f64) -> Position {
    lon_lat(lon, lat)
}

/// The zoom that fits a Mercator box of size `extent` into `viewport` pixels with `margin`
/// pixels around it.
pub fn zoom_to_fit(extent: [f64; 2], viewport: Vec2, margin: f32) -> f64 {
    let w = (viewport.x - 2.0 * margin).max(50.0) as f64;
    let h = (viewport.y - 2.0 * margin).max(50.0) as f64;
    let zx = (w / (extent[0].max(1e-9) * 256.0)).log2();
    let zy = (h / (extent[1].max(1e-9) * 256.0)).log2();
    zx.min(zy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trip() {
        for (lon, lat) in [(114.17, 22.3), (113.54, 22.19), (0.0, 0.0), (-70.0, -45.0)] {
            let (lo, la) = from_merc(to_merc(lon, lat));
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn transform_round_trip() {
        let t = MapTransform::new(to_merc(113.8, 22.6), 9.0, pos2(640.0, 400.0));
        let p = t.lon_lat_to_screen(113.8, 22.6);
        assert!((p.x - 640.0).abs() < 1e-3 && (p.y - 400.0).abs() < 1e-3);
        let (lon, lat) = t.screen_to_lon_lat(pos2(100.0, 700.0));
        let q = t.lon_lat_to_screen(lon, lat);
        assert!((q.x - 100.0).abs() < 1e-2 && (q.y - 700.0).abs() < 1e-2);
        assert!((t.zoom() - 9.0).abs() < 1e-9);
    }

    #[test]
    fn fit_zoom() {
        // 1/1024 of the world is 512 px wide at zoom 11 (256 · 2^11 / 1024); the narrower
        // dimension decides.
        let z = zoom_to_fit([1.0 / 1024.0, 1.0 / 4096.0], Vec2::new(512.0, 512.0), 0.0);
        assert!((z - 11.0).abs() < 1e-9, "{z}");
    }
}
