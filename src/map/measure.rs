//! Measuring on the map: a distance along a polyline and the area of a polygon, geodesic on the
//! WGS-84 ellipsoid (geo's Karney algorithms), in km and km².

use geo::{Distance, Geodesic, GeodesicArea, LineString, Point, Polygon};
use serde::{Deserialize, Serialize};

/// What is being measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasureKind {
    Distance,
    Area,
}

/// A measurement in progress: its vertices (lon, lat) so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub kind: MeasureKind,
    pub points: Vec<[f64; 2]>,
}

impl Measure {
    pub fn new(kind: MeasureKind) -> Measure {
        Measure {
            kind,
            points: Vec::new(),
        }
    }

    /// The figure with `cursor` as a provisional next vertex: km for a distance, km² for an area.
    pub fn value(&self, cursor: Option<[f64; 2]>) -> f64 {
        let mut pts = self.points.clone();
        pts.extend(cursor);
        match self.kind {
            MeasureKind::Distance => length_km(&pts),
            MeasureKind::Area => area_km2(&pts),
        }
    }

    /// The figure as the map shows it ("12.3 km", "45.6 km²").
    pub fn text(&self, cursor: Option<[f64; 2]>) -> String {
        let v = self.value(cursor);
        match self.kind {
            MeasureKind::Distance => format_km(v),
            MeasureKind::Area => format_km2(v),
        }
    }
}

/// Geodesic length of a polyline, km.
pub fn length_km(pts: &[[f64; 2]]) -> f64 {
    pts.windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0][0], w[0][1]), Point::new(w[1][0], w[1][1])))
        .sum::<f64>()
        / 1000.0
}

/// Geodesic area of the polygon through `pts` (closed for you), km².
pub fn area_km2(pts: &[[f64; 2]]) -> f64 {
    if pts.len() < 3 {
        return 0.0;
    }
    let ring: LineString<f64> = pts.iter().map(|p| (p[0], p[1])).collect();
    Polygon::new(ring, vec![]).geodesic_area_unsigned() / 1e6
}

pub fn format_km(km: f64) -> String {
    if km < 1.0 {
        format!("{:.0} m", km * 1000.0)
    } else if km < 100.0 {
        format!("{km:.2} km")
    } else {
        format!("{km:.1} km")
    }
}

pub fn format_km2(km2: f64) -> String {
    if km2 < 1.0 {
        format!("{:.3} km²", km2)
    } else if km2 < 1000.0 {
        format!("{km2:.2} km²")
    } else {
        format!("{km2:.0} km²")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_km_north_is_ten_km() {
        // 10 km due north of Hong Kong: 10 000 m / (metres per degree of latitude at 22.3°N,
        // 110 757 m from the WGS-84 meridian arc).
        let dlat = 10_000.0 / 110_757.0;
        let d = length_km(&[[114.17, 22.3], [114.17, 22.3 + dlat]]);
        assert!((d - 10.0).abs() < 0.01, "{d}");
    }

    #[test]
    fn a_square_degree_has_its_known_area() {
        // 1° × 1° at the equator: 12 308.8 km² on WGS-84.
        let a = area_km2(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert!((a - 12_308.8).abs() < 1.0, "{a}");
    }
}
