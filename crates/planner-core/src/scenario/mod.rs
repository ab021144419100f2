//! What-if scenarios for placement sufficiency (issue #5): a baseline read
//! from the county's records, the levers a council can pull, and a monthly
//! projection of children, in-house capacity and spend with and without the
//! levers. The equations and every rounding rule are in
//! `docs/scenario-model.md`.

pub mod backtest;
pub mod baseline;
pub mod file;
pub mod lever_spec;
pub mod levers;
pub mod montecarlo;
pub mod moves;
pub mod project;
pub mod rates;
pub mod rolling;
pub mod saved;
pub mod year_to_year;

pub use backtest::{Backtest, BacktestRow};
pub use baseline::{Baseline, BaselineChild, CostSource, EntryShare, UnitCost, MAX_AGE_MONTHS};
pub use lever_spec::{lever_spec, LeverSection, LeverSpec, LeverUnit, LEVERS};
pub use levers::{LeverError, Levers, RateChange, MAX_HORIZON_YEARS};
pub use montecarlo::{
    monte_carlo, monte_carlo_on_threads, monte_carlo_with_progress,
    monte_carlo_with_progress_on_threads, BandMonth, BandYear, Bands, Percentiles,
};
pub use moves::{MoveCount, MoveKind, MoveRates};
pub use project::{project, MonthRow, Projection, ProjectionTotals, RunMonth, YearRow};
pub use rates::{AgeBand, RateCell, Tally};
pub use saved::{baseline_fingerprint, SavedScenario, ScenarioDraft};

/// The one rounding rule of money in the model (in `model::money`).
pub use crate::model::money::round_pence;
