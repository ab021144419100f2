//! Published figures to set the council's own beside, each with its year and
//! source (see `shared/domain.md`).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    pub area: &'static str,
    /// The date or year the figure describes.
    pub year: &'static str,
    pub source: &'static str,
    pub within_20_miles_pct: Option<f64>,
    pub in_area_pct: Option<f64>,
    pub fostering_pct: Option<f64>,
    pub residential_pct: Option<f64>,
}

pub const BENCHMARKS: [Benchmark; 4] = [
    Benchmark {
        area: "England",
        year: "31 Mar 2015",
        source: "Buckinghamshire LAC Strategy, Sept 2016",
        within_20_miles_pct: Some(77.0),
        in_area_pct: Some(61.0),
        fostering_pct: Some(75.0),
        residential_pct: Some(12.0),
    },
    Benchmark {
        area: "South East",
        year: "31 Mar 2015",
        source: "Buckinghamshire LAC Strategy, Sept 2016",
        within_20_miles_pct: Some(69.0),
        in_area_pct: Some(65.0),
        fostering_pct: Some(76.0),
        residential_pct: Some(12.0),
    },
    Benchmark {
        area: "Buckinghamshire",
        year: "31 Mar 2015",
        source: "Buckinghamshire LAC Strategy, Sept 2016",
        within_20_miles_pct: Some(54.0),
        in_area_pct: Some(42.0),
        fostering_pct: Some(72.0),
        residential_pct: Some(15.0),
    },
    Benchmark {
        area: "England",
        year: "2024",
        source: "DfE (secondary report): about 22% placed over 20 miles",
        within_20_miles_pct: Some(78.0),
        in_area_pct: None,
        fostering_pct: None,
        residential_pct: None,
    },
];
