//! Geography: where postcodes are, how far apart they are, and whether they
//! lie inside the council's area.
//!
//! - [`distance`]: the DfE distance between a child's home and placement
//!   (straight line between OSGB36 grid references, miles to 1 dp) and the
//!   "20 miles or less" test. Unknown stays unknown (`None`), never 0.
//! - [`area`]: in/out of area, judged by the placement postcode's upper-tier
//!   local authority against the council's code, falling back to the council's
//!   boundary polygon only where just coordinates are known.
//! - [`boundary`]: the council's boundary read from GeoJSON (WGS84 or OSGB),
//!   held in OSGB grid metres; a point exactly on the line counts as outside.
//! - [`index`]: an R-tree (rstar) answering "what lies within N miles of
//!   here", for the map and matching.
//! - [`convert`]: OSGB36 grid references <-> WGS84 latitude/longitude via the
//!   pure-Rust `proj4rs` crate (7-parameter Helmert datum shift, a few metres).

pub mod area;
pub mod boundary;
pub mod convert;
pub mod distance;
pub mod index;

pub use area::{AreaJudge, AreaStatus};
pub use boundary::{Boundary, BoundaryError, Containment};
pub use convert::{entry_grid, osgb_to_wgs84, wgs84_to_osgb};
pub use distance::{
    dfe_distance_between, dfe_distance_miles, round_1dp, within_20_miles, DistanceBand,
    WITHIN_MILES,
};
pub use index::SpatialIndex;
