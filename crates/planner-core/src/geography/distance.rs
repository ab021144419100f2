//! The DfE distance between a child's home and placement postcodes.
//!
//! DfE (SSDA903 / children looked after statistics) measures the straight
//! line between the two postcode centroids' OSGB36 grid references:
//! `miles = sqrt((E1−E2)² + (N1−N2)²) / 1000 / 1.6093`, rounded to 1 dp.
//! When either postcode is missing or not in the postcode directory the
//! distance is *not known*: here `None`, never a placeholder 0 and never a
//! guess. (DfE's own files write 999.9 for not known; that sentinel belongs
//! only at the edge where such a file is written.)

use crate::model::postcode::{GridRef, PostcodeEntry};

use super::convert::entry_grid;

/// DfE's threshold: placements "20 miles or less" from home.
pub const WITHIN_MILES: f64 = 20.0;

/// Rounds to 1 decimal place, half away from zero, on the unrounded value.
///
/// With whole-metre grid references an exact tie (x.x5 miles) cannot occur:
/// it would need a distance of 1609.3 × x.x5 metres, and the square root of a
/// whole number of square metres is never such a value (16093 = 7·11²·19 is
/// coprime to 10). So the rounding is decided by the unrounded figure, e.g.
/// 80 m = 0.04971 mi → 0.0 but 81 m = 0.05033 mi → 0.1.
pub fn round_1dp(miles: f64) -> f64 {
    (miles * 10.0).round() / 10.0
}

/// DfE distance in miles to 1 dp; `None` when either grid reference is unknown.
pub fn dfe_distance_miles(home: Option<GridRef>, placement: Option<GridRef>) -> Option<f64> {
    let (home, placement) = (home?, placement?);
    Some(round_1dp(home.miles_to(placement)))
}

/// DfE distance between two postcode-directory entries (`None` = postcode
/// missing or not in the directory). Uses each entry's grid reference, or
/// its latitude/longitude converted to a grid reference when only that is
/// given.
pub fn dfe_distance_between(
    home: Option<&PostcodeEntry>,
    placement: Option<&PostcodeEntry>,
) -> Option<f64> {
    dfe_distance_miles(home.and_then(entry_grid), placement.and_then(entry_grid))
}

/// Whether a DfE distance (already rounded to 1 dp) is within 20 miles.
///
/// DfE publishes "20 miles or less", judged on the rounded figure: 20.0
/// counts as within, 20.1 does not. So an unrounded 20.049 miles (rounds to
/// 20.0) is within. Not known stays not known (`None`).
pub fn within_20_miles(d: Option<f64>) -> Option<bool> {
    d.map(|miles| round_1dp(miles) <= WITHIN_MILES)
}

/// DfE's distance categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistanceBand {
    /// 20 miles or less (rounded figure ≤ 20.0).
    WithinTwenty,
    /// More than 20 miles (rounded figure ≥ 20.1).
    OverTwenty,
    /// Either postcode missing or unknown.
    NotKnown,
}

impl DistanceBand {
    /// The band of a DfE distance (`None` = not known).
    pub fn of(d: Option<f64>) -> DistanceBand {
        match within_20_miles(d) {
            Some(true) => DistanceBand::WithinTwenty,
            Some(false) => DistanceBand::OverTwenty,
            None => DistanceBand::NotKnown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DistanceBand::WithinTwenty => "20 miles or less",
            DistanceBand::OverTwenty => "Over 20 miles",
            DistanceBand::NotKnown => "Not known",
        }
    }
}

impl std::fmt::Display for DistanceBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_on_unrounded_value() {
        // 80 m = 80/1000/1.6093 = 0.049711 mi → 0.0; 81 m = 0.050333 mi → 0.1.
        let o = GridRef::new(400_000, 300_000);
        assert_eq!(
            dfe_distance_miles(Some(o), Some(GridRef::new(400_080, 300_000))),
            Some(0.0)
        );
        assert_eq!(
            dfe_distance_miles(Some(o), Some(GridRef::new(400_081, 300_000))),
            Some(0.1)
        );
        assert_eq!(round_1dp(2.25), 2.3);
        assert_eq!(round_1dp(-2.25), -2.3);
    }

    #[test]
    fn unknown_is_none() {
        let g = Some(GridRef::new(1, 2));
        assert_eq!(dfe_distance_miles(None, g), None);
        assert_eq!(dfe_distance_miles(g, None), None);
        assert_eq!(within_20_miles(None), None);
        assert_eq!(DistanceBand::of(None), DistanceBand::NotKnown);
    }
}
