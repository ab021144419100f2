//! The sufficiency measures: for every child looked after on a date, how far
//! the placement is from home and whether it is in the council's area (DfE's
//! method); for the council, the six published categories, the placement
//! mix and spend, supply, and the same month by month.

pub mod benchmarks;
pub mod facts;
pub mod measures;
pub mod trend;

pub use benchmarks::{Benchmark, BENCHMARKS};
pub use facts::{child_facts, looked_after_on, ChildFacts, Counted, DistanceCategory, Fact};
pub use measures::{
    costly_placements, percent, records_end_warning, report_from_facts, sufficiency, CategoryLine,
    CostlyPlacement, SufficiencyReport, AGE_BANDS, EXPENSIVE_FROM,
};
pub use trend::{month_ends, monthly_trend, TrendPoint};
