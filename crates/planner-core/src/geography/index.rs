//! A spatial index over grid references: "what lies within N miles of here".
//!
//! An R-tree (rstar) over easting/northing in metres. Radii are converted
//! with DfE's 1 mile = 1.6093 km, so a query for N miles returns exactly the
//! items whose unrounded DfE distance is N miles or less. (DfE's "20 miles or
//! less" is judged on the figure rounded to 1 dp, so to reproduce it query a
//! little wider, e.g. 20.05, and keep those for which
//! [`super::distance::within_20_miles`] holds.)

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::model::postcode::GridRef;

/// Metres in a DfE mile (1.6093 km).
pub const METRES_PER_MILE: f64 = 1609.3;

type Entry = GeomWithData<[f64; 2], usize>;

/// Items located by grid reference.
#[derive(Debug, Clone)]
pub struct SpatialIndex<T> {
    tree: RTree<Entry>,
    items: Vec<(GridRef, T)>,
}

impl<T: Clone> SpatialIndex<T> {
    /// Builds the index (bulk-loaded). Insertion order breaks distance ties.
    pub fn build(items: impl IntoIterator<Item = (GridRef, T)>) -> SpatialIndex<T> {
        let items: Vec<(GridRef, T)> = items.into_iter().collect();
        let entries = items
            .iter()
            .enumerate()
            .map(|(i, (g, _))| GeomWithData::new(point(*g), i))
            .collect();
        SpatialIndex {
            tree: RTree::bulk_load(entries),
            items,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items in insertion order.
    pub fn items(&self) -> &[(GridRef, T)] {
        &self.items
    }

    /// Items within `miles` of `centre` (an item exactly at the radius is
    /// included), with their unrounded DfE distance in miles, nearest first,
    /// ties in insertion order. A negative or non-finite radius finds nothing.
    pub fn within_miles(&self, centre: GridRef, miles: f64) -> Vec<(T, f64)> {
        if !miles.is_finite() || miles < 0.0 {
            return Vec::new();
        }
        let radius_m = miles * METRES_PER_MILE;
        // Query a hair wider (1 mm) so float error in miles × 1609.3 never
        // drops an item exactly at the radius, then decide exactly.
        let query = radius_m + 1e-3;
        let mut found: Vec<(i64, usize)> = self
            .tree
            .locate_within_distance(point(centre), query * query)
            .filter_map(|e| {
                let d2 = dist2(centre, self.items[e.data].0);
                ((d2 as f64).sqrt() <= radius_m + 1e-6).then_some((d2, e.data))
            })
            .collect();
        found.sort_unstable();
        self.finish(centre, found)
    }

    /// The `n` nearest items with their unrounded DfE distance in miles,
    /// nearest first, ties in insertion order.
    pub fn nearest(&self, centre: GridRef, n: usize) -> Vec<(T, f64)> {
        if n == 0 {
            return Vec::new();
        }
        let mut found: Vec<(i64, usize)> = Vec::new();
        for e in self.tree.nearest_neighbor_iter(&point(centre)) {
            let d2 = dist2(centre, self.items[e.data].0);
            // Keep going past n while the distance ties the n-th, so the tie
            // is broken by insertion order rather than by the tree's layout.
            if found.len() >= n && d2 > found[n - 1].0 {
                break;
            }
            found.push((d2, e.data));
        }
        found.sort_unstable();
        found.truncate(n);
        self.finish(centre, found)
    }

    fn finish(&self, centre: GridRef, found: Vec<(i64, usize)>) -> Vec<(T, f64)> {
        found
            .into_iter()
            .map(|(_, i)| {
                let (g, item) = &self.items[i];
                (item.clone(), centre.miles_to(*g))
            })
            .collect()
    }
}

fn point(g: GridRef) -> [f64; 2] {
    [f64::from(g.easting), f64::from(g.northing)]
}

/// Exact squared distance in square metres.
fn dist2(a: GridRef, b: GridRef) -> i64 {
    let de = i64::from(a.easting) - i64::from(b.easting);
    let dn = i64::from(a.northing) - i64::from(b.northing);
    de * de + dn * dn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_index_finds_nothing() {
        let idx: SpatialIndex<u8> = SpatialIndex::build(Vec::new());
        assert!(idx.is_empty());
        assert!(idx.within_miles(GridRef::new(0, 0), 100.0).is_empty());
        assert!(idx.nearest(GridRef::new(0, 0), 3).is_empty());
    }

    #[test]
    fn negative_radius_finds_nothing() {
        let idx = SpatialIndex::build(vec![(GridRef::new(0, 0), 1)]);
        assert!(idx.within_miles(GridRef::new(0, 0), -1.0).is_empty());
        assert_eq!(idx.within_miles(GridRef::new(0, 0), 0.0), vec![(1, 0.0)]);
    }
}
