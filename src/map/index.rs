//! Spatial structures of a prepared scene, built once per document revision: an R-tree of the
//! places' boxes (culling and hit tests touch only what is near), and count grids of dense point
//! layers (a million points zoomed out are drawn as counts in cells, not as a blot).

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::prepare::{MercBox, PreparedPlace};
use super::projection::Merc;

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The places' boxes (of every level and part, and the label's anchor), by position in
/// [`super::prepare::Scene::places`].
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex(RTree<Entry>);

impl PartialEq for PlaceIndex {
    fn eq(&self, other: &Self) -> bool {
        let sorted = |t: &RTree<Entry>| {
            let mut v: Vec<(usize, [f64; 2], [f64; 2])> = t
                .iter()
                .map(|e| (e.data, e.geom().lower(), e.geom().upper()))
                .collect();
            v.sort_by_key(|e| e.0);
            v
        };
        self.0.size() == other.0.size() && sorted(&self.0) == sorted(&other.0)
    }
}

/// The box a place may draw in: its geometry at every level, a corridor's parts, its label's
/// anchor.
pub fn place_box(p: &PreparedPlace) -> MercBox {
    let mut b = p.geometry.reach();
    if let Some(split) = &p.split {
        b = b.union(&split.inside.bbox()).union(&split.outside.bbox());
    }
    b.add(p.label_at);
    b
}

impl PlaceIndex {
    /// The index of `places` but those `left_out` (the features of gridded layers, which their
    /// grids index).
    pub fn build(places: &[PreparedPlace], left_out: &[bool]) -> PlaceIndex {
        let entries = places
            .iter()
            .enumerate()
            .filter(|(i, _)| !left_out.get(*i).copied().unwrap_or(false))
            .filter_map(|(i, p)| {
                let b = place_box(p);
                (!b.is_empty()).then(|| Entry::new(Rectangle::from_corners(b.min, b.max), i))
            })
            .collect();
        PlaceIndex(RTree::bulk_load(entries))
    }

    /// The places whose box meets `b`, in increasing order.
    pub fn meeting(&self, b: &MercBox) -> Vec<usize> {
        if b.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<usize> = self
            .0
            .locate_in_envelope_intersecting(&AABB::from_corners(b.min, b.max))
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }

    pub fn len(&self) -> usize {
        self.0.size()
    }

    pub fn is_empty(&self) -> bool {
        self.0.size() == 0
    }
}

/// A layer with at least this many features gets a count grid.
pub const GRID_MIN_FEATURES: usize = 2_000;
/// Up to this many features of a gridded layer in view are drawn one by one; more are drawn as
/// the grid (a million points, or 100,000 roads and parcels, zoomed out are counts, as a tile
/// server drops detail at low zoom).
pub const MAX_FEATURES_DRAWN: usize = 3_000;
/// A cell's side in pixels at its zoom.
pub const CELL_PX: f64 = 12.0;

/// One cell of a count grid: how many points fall in it and where they are on average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub at: Merc,
    /// Its corner (west, north in Mercator: the smaller coordinates).
    pub corner: Merc,
    pub count: u32,
}

/// Counts of one layer's features (by the point their label is at) in square cells, a grid per
/// whole zoom from 0 until cells stop grouping features (then they are few enough in any view to
/// draw each).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PointGrid {
    /// The layer's file.
    pub file: usize,
    /// A feature of the layer (its visibility stands for the layer's).
    pub member: usize,
    /// How many features the layer has.
    pub features: usize,
    /// `levels[z]`: the cells at zoom `z`, sorted by column then row.
    levels: Vec<Vec<Cell>>,
    /// The features' boxes, for drawing and picking them when zoomed in.
    tree: PlaceIndex,
}

/// The finest grid built (cells of 12 px at zoom 18, about 0.5 m).
const FINEST_GRID: u32 = 18;

/// Mercator units per cell at `zoom` (the world is 1 unit wide, 256·2^z pixels).
pub fn cell_size(zoom: u32) -> f64 {
    CELL_PX / (256.0 * f64::from(1u32 << zoom.min(30)))
}

impl PointGrid {
    /// The grid of `file`'s layer from its features: place index, the point counted (where its
    /// label is), its box.
    pub fn build(file: usize, points: &[(usize, Merc, MercBox)]) -> Option<PointGrid> {
        let member = points.first()?.0;
        // The finest grid from the points, each coarser one from the one finer (a cell's
        // column and row halve): one sort of the points, then of fewer and fewer cells.
        let key =
            |m: &Merc, size: f64| ((m[0] / size).floor() as i64, (m[1] / size).floor() as i64);
        let size = cell_size(FINEST_GRID);
        let mut keyed: Vec<((i64, i64), [f64; 2], u32)> = points
            .iter()
            .map(|(_, m, _)| (key(m, size), *m, 1))
            .collect();
        let mut levels: Vec<Vec<Cell>> = Vec::new();
        for zoom in (0..=FINEST_GRID).rev() {
            keyed.sort_unstable_by_key(|e| e.0);
            let mut merged: Vec<((i64, i64), [f64; 2], u32)> = Vec::with_capacity(keyed.len());
            for (k, s, n) in keyed {
                match merged.last_mut() {
                    Some((lk, ls, ln)) if *lk == k => {
                        *ls = [ls[0] + s[0], ls[1] + s[1]];
                        *ln += n;
                    }
                    _ => merged.push((k, s, n)),
                }
            }
            let size = cell_size(zoom);
            levels.push(
                merged
                    .iter()
                    .map(|(k, s, n)| Cell {
                        at: [s[0] / f64::from(*n), s[1] / f64::from(*n)],
                        corner: [k.0 as f64 * size, k.1 as f64 * size],
                        count: *n,
                    })
                    .collect(),
            );
            keyed = merged
                .into_iter()
                .map(|(k, s, n)| ((k.0.div_euclid(2), k.1.div_euclid(2)), s, n))
                .collect();
        }
        levels.reverse();
        // Kept up to the first grid whose cells hold under two points on average: finer ones
        // would group nothing.
        let cut = levels
            .iter()
            .position(|cells| cells.len() * 2 > points.len())
            .map_or(levels.len(), |k| k + 1);
        levels.truncate(cut);
        let tree = RTree::bulk_load(
            points
                .iter()
                .filter(|(_, _, b)| !b.is_empty())
                .map(|(i, _, b)| Entry::new(Rectangle::from_corners(b.min, b.max), *i))
                .collect(),
        );
        Some(PointGrid {
            file,
            member,
            features: points.len(),
            levels,
            tree: PlaceIndex(tree),
        })
    }

    /// The layer's features that meet `b` (drawn one by one when zoomed in), in increasing
    /// order.
    pub fn features_in(&self, b: &MercBox) -> Vec<usize> {
        self.tree.meeting(b)
    }

    /// The grid used at `zoom` (its whole part), if the grids reach it.
    fn level(&self, zoom: f64) -> Option<(u32, &[Cell])> {
        let z = zoom.floor().max(0.0) as u32;
        self.levels.get(z as usize).map(|c| (z, c.as_slice()))
    }

    /// The cells in `view` at `zoom` when the points there are too many to draw each: the cells
    /// and the zoom of their grid. `None`: draw the points.
    pub fn cells_in(&self, view: &MercBox, zoom: f64) -> Option<(u32, Vec<Cell>)> {
        let (z, cells) = self.visible(view, zoom)?;
        let count: usize = cells.clone().map(|c| c.count as usize).sum();
        (count > MAX_FEATURES_DRAWN).then(|| (z, cells.copied().collect()))
    }

    /// Whether the layer is drawn as cells in `view` at `zoom` (as [`PointGrid::cells_in`],
    /// without collecting the cells: the hover test asks it on every pointer move).
    pub fn is_counted(&self, view: &MercBox, zoom: f64) -> bool {
        self.visible(view, zoom).is_some_and(|(_, cells)| {
            cells.map(|c| c.count as usize).sum::<usize>() > MAX_FEATURES_DRAWN
        })
    }

    /// The grid's zoom at `zoom` and its cells that meet `view`.
    fn visible(
        &self,
        view: &MercBox,
        zoom: f64,
    ) -> Option<(u32, impl Iterator<Item = &Cell> + Clone)> {
        let (z, cells) = self.level(zoom)?;
        let size = cell_size(z);
        // Cells are sorted by column: the view's columns are a range.
        let from = cells.partition_point(|c| c.corner[0] + size < view.min[0]);
        let to = cells.partition_point(|c| c.corner[0] <= view.max[0]);
        let (min, max) = (view.min[1], view.max[1]);
        let shown = cells[from..to.max(from)]
            .iter()
            .filter(move |c| c.corner[1] + size >= min && c.corner[1] <= max);
        Some((z, shown))
    }

    /// The zooms that have a grid.
    pub fn zooms(&self) -> usize {
        self.levels.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square_of_points(n: usize) -> Vec<(usize, Merc, MercBox)> {
        // n × n points evenly over a box of 0.01 × 0.01 units (about 400 km).
        (0..n * n)
            .map(|i| {
                let (x, y) = ((i % n) as f64, (i / n) as f64);
                let m = [0.8 + x * 0.01 / n as f64, 0.4 + y * 0.01 / n as f64];
                (i, m, MercBox { min: m, max: m })
            })
            .collect()
    }

    #[test]
    fn grids_count_every_point_and_stop_when_cells_stop_grouping() {
        let points = square_of_points(200); // 40,000 points
        let grid = PointGrid::build(3, &points).unwrap();
        assert_eq!((grid.file, grid.features), (3, 40_000));
        for cells in &grid.levels {
            assert_eq!(
                cells.iter().map(|c| c.count as usize).sum::<usize>(),
                40_000
            );
        }
        // At zoom 0 a cell is 12/256 of the world: the whole box is in one or a few cells.
        assert!(grid.levels[0].len() <= 4);
        // The points are 0.00005 apart: cells of 12 px group them until about zoom 10.
        let last = grid.levels.last().unwrap();
        assert!(last.len() * 2 > points.len(), "{}", last.len());
        assert!((9..=12).contains(&grid.zooms()), "{}", grid.zooms());
    }

    #[test]
    fn a_view_shows_cells_while_it_holds_many_points_then_the_points() {
        let points = square_of_points(200);
        let grid = PointGrid::build(0, &points).unwrap();
        let all = MercBox {
            min: [0.79, 0.39],
            max: [0.82, 0.42],
        };
        let (z, cells) = grid.cells_in(&all, 5.3).expect("40,000 points in view");
        assert_eq!(z, 5);
        assert_eq!(cells.iter().map(|c| c.count).sum::<u32>(), 40_000);
        // A view a hundredth as wide holds 2 × 2 of the points (0.00005 apart): drawn one by one.
        let small = MercBox {
            min: [0.80501, 0.40501],
            max: [0.80511, 0.40511],
        };
        assert!(grid.cells_in(&small, 5.0).is_none());
        assert!(grid.is_counted(&all, 5.3) && !grid.is_counted(&small, 5.0));
        // Beyond the last grid, points are drawn: those in view.
        assert!(grid.cells_in(&all, 17.0).is_none());
        assert_eq!(grid.features_in(&all).len(), 40_000);
        assert_eq!(grid.features_in(&small).len(), 4);
    }

    #[test]
    fn the_index_finds_what_meets_a_box() {
        let index = PlaceIndex(RTree::bulk_load(vec![
            Entry::new(Rectangle::from_corners([0.0, 0.0], [1.0, 1.0]), 0),
            Entry::new(Rectangle::from_corners([2.0, 2.0], [3.0, 3.0]), 1),
            Entry::new(Rectangle::from_corners([0.5, 0.5], [2.5, 2.5]), 2),
        ]));
        let b = |x0, y0, x1, y1| MercBox {
            min: [x0, y0],
            max: [x1, y1],
        };
        assert_eq!(index.meeting(&b(0.9, 0.9, 1.1, 1.1)), [0, 2]);
        assert_eq!(index.len(), 3);
        assert_eq!(index.meeting(&b(2.6, 2.6, 2.7, 2.7)), [1]);
        assert!(index.meeting(&b(5.0, 5.0, 6.0, 6.0)).is_empty());
        assert!(index.meeting(&MercBox::EMPTY).is_empty());
    }
}
