//! The animated move between two views: zoom out, pan, zoom in, along the path that feels
//! shortest (van Wijk and Nuij, "Smooth and efficient zooming and panning", 2003 — what web maps'
//! `flyTo` use).

use crate::map::projection::Merc;

/// How much the path zooms out on the way (ρ of the paper; 1.42 is the usual choice).
const RHO: f64 = 1.42;
/// Seconds per unit of path length, and the limits of a flight's duration.
const SECONDS_PER_S: f64 = 0.9;
const MIN_SECONDS: f64 = 0.6;
const MAX_SECONDS: f64 = 3.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Flight {
    from: Merc,
    to: Merc,
    /// Visible width in Mercator units at the start and end.
    w0: f64,
    w1: f64,
    /// Viewport width in pixels (to turn widths back into zooms).
    viewport_px: f64,
    r0: f64,
    s_total: f64,
    pub start: f64,
    pub seconds: f64,
}

/// Width of the world in Mercator units (normalised: the unit square).
fn world_width() -> f64 {
    1.0
}

fn width_at(zoom: f64, viewport_px: f64) -> f64 {
    // At zoom z the world is 256·2^z pixels wide.
    viewport_px / (256.0 * 2f64.powf(zoom)) * world_width()
}

fn zoom_of(width: f64, viewport_px: f64) -> f64 {
    (viewport_px * world_width() / (256.0 * width)).log2()
}

impl Flight {
    /// A flight from (`from`, `z0`) to (`to`, `z1`) starting at time `start` (seconds).
    pub fn new(from: Merc, z0: f64, to: Merc, z1: f64, viewport_px: f64, start: f64) -> Flight {
        let viewport_px = viewport_px.max(1.0);
        let w0 = width_at(z0, viewport_px);
        let w1 = width_at(z1, viewport_px);
        let d = ((to[0] - from[0]).powi(2) + (to[1] - from[1]).powi(2)).sqrt();
        let (r0, s_total) = if d < 1e-9 * world_width() {
            (0.0, (w1 / w0).ln().abs() / RHO)
        } else {
            let b0 = (w1 * w1 - w0 * w0 + RHO.powi(4) * d * d) / (2.0 * w0 * RHO * RHO * d);
            let b1 = (w1 * w1 - w0 * w0 - RHO.powi(4) * d * d) / (2.0 * w1 * RHO * RHO * d);
            let r = |b: f64| ((b * b + 1.0).sqrt() - b).ln();
            let r0 = r(b0);
            let r1 = r(b1);
            (r0, (r1 - r0) / RHO)
        };
        let seconds = (s_total.abs() * SECONDS_PER_S).clamp(MIN_SECONDS, MAX_SECONDS);
        Flight {
            from,
            to,
            w0,
            w1,
            viewport_px,
            r0,
            s_total,
            start,
            seconds,
        }
    }

    /// Where the flight is at time `now`: (centre, zoom), and whether it has arrived.
    pub fn at(&self, now: f64) -> (Merc, f64, bool) {
        let t = ((now - self.start) / self.seconds).clamp(0.0, 1.0);
        if t >= 1.0 {
            return (self.to, zoom_of(self.w1, self.viewport_px), true);
        }
        // Ease in and out, so the map starts and stops gently.
        let t = t * t * (3.0 - 2.0 * t);
        let s = t * self.s_total;
        let dx = self.to[0] - self.from[0];
        let dy = self.to[1] - self.from[1];
        let d = (dx * dx + dy * dy).sqrt();
        let (u, w) = if d < 1e-9 * world_width() {
            let k = if self.w1 < self.w0 { -1.0 } else { 1.0 };
            (0.0, self.w0 * (k * RHO * s).exp())
        } else {
            let r0 = self.r0;
            let u = self.w0 / (RHO * RHO) * r0.cosh() * (RHO * s + r0).tanh()
                - self.w0 / (RHO * RHO) * r0.sinh();
            let w = self.w0 * r0.cosh() / (RHO * s + r0).cosh();
            (u / d, w)
        };
        let centre = [self.from[0] + dx * u, self.from[1] + dy * u];
        (centre, zoom_of(w, self.viewport_px), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flight_starts_and_ends_where_asked_and_zooms_out_between() {
        let a = [0.3, 0.4];
        let b = [0.31, 0.405];
        let f = Flight::new(a, 12.0, b, 11.0, 1000.0, 10.0);
        let (c, z, done) = f.at(10.0);
        assert!(!done);
        assert!(
            (c[0] - a[0]).abs() < 1e-9 && (z - 12.0).abs() < 1e-6,
            "{c:?} {z}"
        );
        let (c, z, done) = f.at(10.0 + f.seconds);
        assert!(done && c == b && (z - 11.0).abs() < 1e-6, "{c:?} {z}");
        let (_, mid, _) = f.at(10.0 + f.seconds / 2.0);
        assert!(mid < 11.0, "zooms out on the way: {mid}");
    }

    #[test]
    fn a_zoom_in_place_is_a_flight_too() {
        let f = Flight::new([0.5, 0.5], 8.0, [0.5, 0.5], 12.0, 800.0, 0.0);
        let (_, z, _) = f.at(f.seconds / 2.0);
        assert!(z > 8.0 && z < 12.0, "{z}");
    }
}
