//! In or out of the council's area, as DfE judges it.
//!
//! The placement postcode's local authority, taken up to the upper tier (the
//! county for a two-tier area), is compared with the council's own code.
//! Only where the directory gives coordinates but no authority code is the
//! council's boundary polygon used (a point exactly on the line counts as
//! outside: see [`super::boundary`]). Unknown stays unknown: no postcode, a
//! postcode not in the directory, or coordinates with no boundary to test.

use crate::model::postcode::{GridRef, PostcodeEntry};

use super::boundary::Boundary;
use super::convert::entry_grid;

/// In area, out of area, or not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaStatus {
    Inside,
    Outside,
    Unknown,
}

impl AreaStatus {
    pub fn label(self) -> &'static str {
        match self {
            AreaStatus::Inside => "In area",
            AreaStatus::Outside => "Out of area",
            AreaStatus::Unknown => "Not known",
        }
    }
}

impl std::fmt::Display for AreaStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Judges postcodes against one council.
#[derive(Debug, Clone, Copy)]
pub struct AreaJudge<'a> {
    /// The council's ONS code (the county code for a two-tier county).
    pub council_code: &'a str,
    /// The council's boundary, if one is loaded.
    pub boundary: Option<&'a Boundary>,
}

impl<'a> AreaJudge<'a> {
    pub fn new(council_code: &'a str, boundary: Option<&'a Boundary>) -> AreaJudge<'a> {
        AreaJudge {
            council_code,
            boundary,
        }
    }

    /// Judges a placement postcode's directory entry (`None` = postcode
    /// missing or not in the directory → unknown).
    ///
    /// 1. An upper-tier code (county, else local authority) → compared with
    ///    the council's code, ignoring case and surrounding spaces.
    /// 2. No code but a grid reference (or latitude/longitude) → the boundary
    ///    polygon, if one is set; otherwise unknown.
    pub fn judge(&self, entry: Option<&PostcodeEntry>) -> AreaStatus {
        let Some(entry) = entry else {
            return AreaStatus::Unknown;
        };
        match entry
            .upper_tier_code()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(code) => {
                if code.eq_ignore_ascii_case(self.council_code.trim()) {
                    AreaStatus::Inside
                } else {
                    AreaStatus::Outside
                }
            }
            None => self.judge_point(entry_grid(entry)),
        }
    }

    /// Judges a bare grid reference by the boundary polygon: unknown when
    /// there is no grid reference or no boundary; on the line counts as
    /// outside.
    pub fn judge_point(&self, grid: Option<GridRef>) -> AreaStatus {
        match (grid, self.boundary) {
            (Some(g), Some(b)) => {
                if b.contains(g) {
                    AreaStatus::Inside
                } else {
                    AreaStatus::Outside
                }
            }
            _ => AreaStatus::Unknown,
        }
    }
}
