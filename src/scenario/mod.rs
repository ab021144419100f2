//! What-if scenarios for placement sufficiency (issue #5): a baseline read
//! from the county's records, the levers a council can pull, and a monthly
//! projection of children, in-house capacity and spend with and without the
//! levers. The equations and every rounding rule are in
//! `docs/scenario-model.md`.

pub mod baseline;
pub mod file;
pub mod levers;
pub mod project;

pub use baseline::{Baseline, BaselineChild, CostSource, EntryShare, UnitCost, MAX_AGE_MONTHS};
pub use levers::{LeverError, Levers, RateChange};
pub use project::{project, MonthRow, Projection, RunMonth, YearRow};

/// Rounds half away from zero to whole pence: the one rounding rule of the
/// scenario model.
pub fn round_pence(value: f64) -> i64 {
    value.round() as i64
}
