//! Vertex operations on a geometry, as the editor needs them. A vertex is named by its part
//! (of a multi-geometry), ring (of a polygon) and index; a closed ring's last position (the copy
//! of its first) is not a vertex of its own and follows the first.

use geo::{Coord, Geometry, LineString, MultiPolygon, Orient, Polygon, orient::Direction};

/// A vertex of a geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VertexId {
    pub part: usize,
    pub ring: usize,
    pub index: usize,
}

impl VertexId {
    pub const fn new(part: usize, ring: usize, index: usize) -> Self {
        VertexId { part, ring, index }
    }
}

/// The sequences of a geometry: (part, ring, coordinates, closed), closed rings without their
/// closing copy.
fn sequences(g: &Geometry<f64>) -> Vec<(usize, usize, Vec<Coord<f64>>, bool)> {
    let open = |l: &LineString<f64>| {
        let mut c = l.0.clone();
        if c.len() > 1 && c.first() == c.last() {
            c.pop();
        }
        c
    };
    let poly = |part: usize, p: &Polygon<f64>, out: &mut Vec<_>| {
        out.push((part, 0, open(p.exterior()), true));
        for (r, h) in p.interiors().iter().enumerate() {
            out.push((part, r + 1, open(h), true));
        }
    };
    let mut out = Vec::new();
    match g {
        Geometry::Point(p) => out.push((0, 0, vec![p.0], false)),
        Geometry::MultiPoint(mp) => {
            for (i, p) in mp.0.iter().enumerate() {
                out.push((i, 0, vec![p.0], false));
            }
        }
        Geometry::LineString(l) => out.push((0, 0, l.0.clone(), false)),
        Geometry::MultiLineString(ml) => {
            for (i, l) in ml.0.iter().enumerate() {
                out.push((i, 0, l.0.clone(), false));
            }
        }
        Geometry::Polygon(p) => poly(0, p, &mut out),
        Geometry::MultiPolygon(mp) => {
            for (i, p) in mp.0.iter().enumerate() {
                poly(i, p, &mut out);
            }
        }
        _ => {}
    }
    out
}

/// Every vertex with its position.
pub fn vertices(g: &Geometry<f64>) -> Vec<(VertexId, Coord<f64>)> {
    sequences(g)
        .into_iter()
        .flat_map(|(part, ring, coords, _)| {
            coords
                .into_iter()
                .enumerate()
                .map(move |(i, c)| (VertexId::new(part, ring, i), c))
        })
        .collect()
}

/// Every edge: the vertex it starts at and its two ends (a ring's closing edge included).
pub fn edges(g: &Geometry<f64>) -> Vec<(VertexId, Coord<f64>, Coord<f64>)> {
    let mut out = Vec::new();
    for (part, ring, coords, closed) in sequences(g) {
        let n = coords.len();
        if n < 2 {
            continue;
        }
        let count = if closed { n } else { n - 1 };
        for i in 0..count {
            out.push((VertexId::new(part, ring, i), coords[i], coords[(i + 1) % n]));
        }
    }
    out
}

/// A change to one sequence: (part, ring, its coordinates).
type SeqFn<'a> = dyn FnMut(usize, usize, &mut Vec<Coord<f64>>) + 'a;

/// Rebuilds `g` with each sequence changed by `f(part, ring, coords)`; `None` when a change
/// leaves a sequence too short (a line under 2 vertices, a ring under 3).
fn rebuild(
    g: &Geometry<f64>,
    mut f: impl FnMut(usize, usize, &mut Vec<Coord<f64>>),
) -> Option<Geometry<f64>> {
    let line = |part: usize, l: &LineString<f64>, f: &mut SeqFn| {
        let mut c = l.0.clone();
        f(part, 0, &mut c);
        (c.len() >= 2).then(|| LineString::new(c))
    };
    let ring = |part: usize, r: usize, l: &LineString<f64>, f: &mut SeqFn| {
        let mut c = l.0.clone();
        if c.len() > 1 && c.first() == c.last() {
            c.pop();
        }
        f(part, r, &mut c);
        if c.len() < 3 {
            return None;
        }
        c.push(c[0]);
        Some(LineString::new(c))
    };
    let poly = |part: usize, p: &Polygon<f64>, f: &mut SeqFn| {
        let ext = ring(part, 0, p.exterior(), f)?;
        let holes = p
            .interiors()
            .iter()
            .enumerate()
            .map(|(r, h)| ring(part, r + 1, h, f))
            .collect::<Option<Vec<_>>>()?;
        Some(Polygon::new(ext, holes))
    };
    Some(match g {
        Geometry::Point(p) => {
            let mut c = vec![p.0];
            f(0, 0, &mut c);
            Geometry::Point((*c.first()?).into())
        }
        Geometry::MultiPoint(mp) => {
            let mut pts = Vec::new();
            for (i, p) in mp.0.iter().enumerate() {
                let mut c = vec![p.0];
                f(i, 0, &mut c);
                pts.extend(c.into_iter().map(geo::Point::from));
            }
            if pts.is_empty() {
                return None;
            }
            Geometry::MultiPoint(pts.into())
        }
        Geometry::LineString(l) => Geometry::LineString(line(0, l, &mut f)?),
        Geometry::MultiLineString(ml) => Geometry::MultiLineString(geo::MultiLineString::new(
            ml.0.iter()
                .enumerate()
                .map(|(i, l)| line(i, l, &mut f))
                .collect::<Option<Vec<_>>>()?,
        )),
        Geometry::Polygon(p) => Geometry::Polygon(poly(0, p, &mut f)?),
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(MultiPolygon::new(
            mp.0.iter()
                .enumerate()
                .map(|(i, p)| poly(i, p, &mut f))
                .collect::<Option<Vec<_>>>()?,
        )),
        other => other.clone(),
    })
}

/// `g` with vertex `v` at `to`.
pub fn move_vertex(g: &Geometry<f64>, v: VertexId, to: Coord<f64>) -> Geometry<f64> {
    rebuild(g, |part, ring, c| {
        if part == v.part
            && ring == v.ring
            && let Some(x) = c.get_mut(v.index)
        {
            *x = to;
        }
    })
    .unwrap_or_else(|| g.clone())
}

/// `g` with a new vertex at `at` after vertex `after` (on the edge that starts there).
pub fn insert_vertex(g: &Geometry<f64>, after: VertexId, at: Coord<f64>) -> Geometry<f64> {
    rebuild(g, |part, ring, c| {
        if part == after.part && ring == after.ring && after.index < c.len() {
            c.insert(after.index + 1, at);
        }
    })
    .unwrap_or_else(|| g.clone())
}

/// `g` without vertex `v`; `None` when that would leave too few (a line of one vertex, a ring
/// of two), or for a point.
pub fn delete_vertex(g: &Geometry<f64>, v: VertexId) -> Option<Geometry<f64>> {
    if matches!(g, Geometry::Point(_)) {
        return None;
    }
    let before = vertices(g).len();
    let out = rebuild(g, |part, ring, c| {
        if part == v.part && ring == v.ring && v.index < c.len() {
            c.remove(v.index);
        }
    })?;
    (vertices(&out).len() < before).then_some(out)
}

/// `g` moved by (dx, dy) degrees.
pub fn translate(g: &Geometry<f64>, dx: f64, dy: f64) -> Geometry<f64> {
    use geo::MapCoords as _;
    g.map_coords(|c| Coord {
        x: c.x + dx,
        y: c.y + dy,
    })
}

/// Rings oriented as RFC 7946 wants: exterior counter-clockwise, holes clockwise.
pub fn oriented(g: Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::Polygon(p) => Geometry::Polygon(p.orient(Direction::Default)),
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(mp.orient(Direction::Default)),
        other => other,
    }
}

/// The point of segment a–b nearest to p (in the plane of the given coordinates).
pub fn nearest_on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
    let d = b - a;
    let len2 = d.x * d.x + d.y * d.y;
    if len2 == 0.0 {
        return a;
    }
    let t = (((p - a).x * d.x + (p - a).y * d.y) / len2).clamp(0.0, 1.0);
    a + d * t
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::wkt;

    fn square() -> Geometry<f64> {
        wkt!(POLYGON((0. 0.,1. 0.,1. 1.,0. 1.,0. 0.))).into()
    }

    #[test]
    fn a_ring_has_its_vertices_once() {
        assert_eq!(vertices(&square()).len(), 4);
        assert_eq!(edges(&square()).len(), 4);
        let line: Geometry<f64> = wkt!(LINESTRING(0. 0.,1. 0.,2. 0.)).into();
        assert_eq!(edges(&line).len(), 2);
    }

    #[test]
    fn moving_the_first_vertex_moves_the_closing_one() {
        let g = move_vertex(
            &square(),
            VertexId::new(0, 0, 0),
            Coord { x: -1.0, y: -1.0 },
        );
        let Geometry::Polygon(p) = g else { panic!() };
        assert_eq!(p.exterior().0.first(), p.exterior().0.last());
        assert_eq!(p.exterior().0[0], Coord { x: -1.0, y: -1.0 });
    }

    #[test]
    fn insert_and_delete() {
        let g = insert_vertex(&square(), VertexId::new(0, 0, 3), Coord { x: 0.0, y: 0.5 });
        assert_eq!(vertices(&g).len(), 5);
        // The new vertex is on the closing edge, before the first.
        assert_eq!(vertices(&g)[4].1, Coord { x: 0.0, y: 0.5 });
        let back = delete_vertex(&g, VertexId::new(0, 0, 4)).unwrap();
        assert_eq!(back, square());
        // A triangle cannot lose a vertex; a point cannot lose its only one.
        let tri = delete_vertex(&square(), VertexId::new(0, 0, 0)).unwrap();
        assert_eq!(delete_vertex(&tri, VertexId::new(0, 0, 0)), None);
        let point: Geometry<f64> = geo::Point::new(1.0, 2.0).into();
        assert_eq!(delete_vertex(&point, VertexId::new(0, 0, 0)), None);
    }

    #[test]
    fn orientation_is_fixed() {
        let cw: Geometry<f64> = wkt!(POLYGON((0. 0.,0. 1.,1. 1.,1. 0.,0. 0.))).into();
        let Geometry::Polygon(p) = oriented(cw) else {
            panic!()
        };
        use geo::Winding as _;
        assert!(p.exterior().is_ccw());
    }
}
