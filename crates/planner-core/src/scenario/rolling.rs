//! The rolling backtest: the model checked from many starting months, the
//! evidence a commissioner can put in a paper. From each origin the
//! baseline is built from the months before it alone, projected with no
//! levers, and compared with the children the records hold at each month's
//! end; errors are gathered by how many months ahead they are, with the
//! share of months the P10–P90 band held the actual. Rules in
//! `docs/scenario-model.md` §6.1.

use super::backtest::actual_children;
use super::baseline::{add_months, Baseline};
use super::levers::Levers;
use super::montecarlo::monte_carlo;
use super::project::project;
use crate::county::CountyData;
use crate::job::{Cancelled, Progress};
use crate::model::format_uk_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Starting months a rolling backtest takes by default (3 years).
pub const DEFAULT_ORIGINS: u32 = 36;
/// Months ahead a rolling backtest compares by default.
pub const DEFAULT_HORIZON: u32 = 36;
/// Monte Carlo runs per origin for the bands' coverage by default.
pub const DEFAULT_RUNS: u32 = 200;

/// Errors of the projections made `months_ahead` months before the month
/// they projected, over every origin that reaches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonRow {
    pub months_ahead: u32,
    /// Origins with a month this far ahead inside the records.
    pub origins: u32,
    /// Mean of |projected − actual| ÷ actual, in percent.
    pub mape: f64,
    /// Mean of (projected − actual) ÷ actual, in percent: below 0 the
    /// model projects too few children.
    pub bias_pct: f64,
    /// Share (0..=1) of those months whose actual lay within the P10–P90
    /// band; `None` without bands.
    pub coverage: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollingBacktest {
    pub origins: Vec<Date>,
    pub horizon: u32,
    pub reference_months: u32,
    /// Monte Carlo runs per origin (0: no bands).
    pub runs: u32,
    /// The last day compared: the records' end.
    pub records_end: Date,
    /// Entries followed each origin's fitted trend (`RollingSpec::entry_trend`).
    pub entry_trend: bool,
    /// With `entry_trend`, the origins that had a trend to follow (one
    /// needs 12 months of rates with entrants in them); the others kept
    /// their flat average. 0 without `entry_trend`.
    pub trend_origins: u32,
    pub rows: Vec<HorizonRow>,
    /// Over every origin and month compared.
    pub mape: Option<f64>,
    pub bias_pct: Option<f64>,
    pub coverage: Option<f64>,
}

/// The first day of each of the `count` months before the month of
/// `records_end` whose reference period starts on or after `data_start`
/// (oldest first). Each has at least one whole month of records after it.
pub fn rolling_origins(
    data_start: Date,
    records_end: Date,
    reference_months: u32,
    count: u32,
) -> Vec<Date> {
    let Ok(this_month) = Date::new(records_end.year(), records_end.month(), 1) else {
        return Vec::new();
    };
    // The month of `records_end` is whole only when it ends that day.
    let last = if add_months(this_month, 1).yesterday().ok() == Some(records_end) {
        this_month
    } else {
        add_months(this_month, -1)
    };
    (1..=i64::from(count))
        .rev()
        .map(|k| add_months(last, 1 - k))
        .filter(|&o| add_months(o, -i64::from(reference_months)) >= data_start)
        .collect()
}

/// The first day the records' history is whole from: the earliest
/// return's 1 April for records from SSDA903 returns, else the first
/// placement's start.
pub fn data_start(data: &CountyData) -> Option<Date> {
    data.records_start
        .or_else(|| data.placements.iter().map(|p| p.start).min())
}

/// What a rolling backtest runs: its starting months, how far ahead it
/// compares, the reference period, the bands' runs and seed, and the last
/// day of the records compared.
#[derive(Debug, Clone, PartialEq)]
pub struct RollingSpec {
    pub origins: Vec<Date>,
    pub horizon: u32,
    pub reference_months: u32,
    /// Monte Carlo runs per origin (0: no bands).
    pub runs: u32,
    pub seed: u64,
    pub records_end: Date,
    /// Entries follow the log-linear trend fitted over each origin's
    /// reference period (the `entry_trend` lever) rather than its flat
    /// average: so the check says whether the trend would have helped.
    pub entry_trend: bool,
}

impl RollingSpec {
    /// The check on `data` as the window and the command line run it: the
    /// last `count` months before the records' end, which is the end of
    /// the imported returns or else `as_at`, and never after today; the
    /// default horizon, runs and seed 1. Else a sentence saying why there
    /// is nothing to check.
    pub fn for_records(
        data: &CountyData,
        as_at: Date,
        reference_months: u32,
        count: u32,
    ) -> Result<RollingSpec, NothingToCheck> {
        let records_end = data
            .records_run_to
            .map_or(as_at, |r| r.min(as_at))
            .min(crate::model::date::today());
        let Some(first) = data_start(data) else {
            return Err(NothingToCheck::NoPlacements);
        };
        let origins = rolling_origins(first, records_end, reference_months, count);
        if origins.is_empty() {
            return Err(NothingToCheck::TooShort {
                first,
                records_end,
                reference_months,
            });
        }
        Ok(RollingSpec {
            origins,
            horizon: DEFAULT_HORIZON,
            reference_months,
            runs: DEFAULT_RUNS,
            seed: 1,
            records_end,
            entry_trend: false,
        })
    }
}

/// Why a rolling check has no starting month.
#[derive(Debug, Clone, PartialEq)]
pub enum NothingToCheck {
    NoPlacements,
    /// The records are too short for the reference period and a month.
    TooShort {
        first: Date,
        records_end: Date,
        reference_months: u32,
    },
}

impl std::fmt::Display for NothingToCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NothingToCheck::NoPlacements => {
                write!(
                    f,
                    "There are no placements in the records to check the model on."
                )
            }
            NothingToCheck::TooShort {
                first,
                records_end,
                reference_months,
            } => write!(
                f,
                "The records run from {} to {}: too short for {reference_months} months of \
                 history before a starting month and a month after it. Measure the rates over \
                 fewer months.",
                format_uk_date(*first),
                format_uk_date(*records_end),
            ),
        }
    }
}

impl std::error::Error for NothingToCheck {}

/// Runs the backtest from every origin (see the module docs).
pub fn rolling_backtest(data: &CountyData, spec: &RollingSpec) -> RollingBacktest {
    match rolling(data, spec, None) {
        Ok(r) => r,
        Err(Cancelled) => unreachable!("only a Progress asks for a stop"),
    }
}

/// As [`rolling_backtest`], counting the origins checked in `progress`
/// (its total: the origins) and stopping before the next origin, with
/// nothing to show, once `progress` is cancelled.
pub fn rolling_backtest_with_progress(
    data: &CountyData,
    spec: &RollingSpec,
    progress: &Progress,
) -> Result<RollingBacktest, Cancelled> {
    rolling(data, spec, Some(progress))
}

fn rolling(
    data: &CountyData,
    spec: &RollingSpec,
    progress: Option<&Progress>,
) -> Result<RollingBacktest, Cancelled> {
    if let Some(p) = progress {
        p.set_total(spec.origins.len() as u64);
    }
    let RollingSpec {
        origins,
        reference_months,
        runs,
        seed,
        records_end,
        ..
    } = spec;
    let (reference_months, runs, seed, records_end) =
        (*reference_months, *runs, *seed, *records_end);
    let horizon = spec.horizon.clamp(1, 120);
    let levers = Levers {
        horizon_years: horizon.div_ceil(12),
        entry_trend: spec.entry_trend,
        ..Levers::default()
    };
    let mut actual_on: HashMap<Date, u32> = HashMap::new();
    // Per months ahead: (count, Σ|pct|, Σpct, inside band).
    let mut sums = vec![(0u32, 0.0f64, 0.0f64, 0u32); horizon as usize];
    let mut trend_origins = 0;
    for (n, &origin) in origins.iter().enumerate() {
        if let Some(p) = progress {
            p.check()?;
        }
        let baseline = Baseline::from_data(data, origin, reference_months);
        trend_origins += u32::from(spec.entry_trend && baseline.entry_trend.is_some());
        let projection = project(&baseline, &levers);
        let bands = (runs > 0).then(|| monte_carlo(&baseline, &levers, runs, seed));
        for (i, m) in projection.months.iter().take(horizon as usize).enumerate() {
            let next = add_months(origin, i as i64 + 1);
            let month_end = next.yesterday().unwrap_or(next);
            if month_end > records_end {
                break;
            }
            let actual = *actual_on
                .entry(month_end)
                .or_insert_with(|| actual_children(data, month_end).values().sum());
            if actual == 0 {
                continue;
            }
            let a = f64::from(actual);
            let pct = 100.0 * (m.baseline.total_children() - a) / a;
            let s = &mut sums[i];
            s.0 += 1;
            s.1 += pct.abs();
            s.2 += pct;
            if let Some(b) = bands.as_ref().and_then(|b| b.months.get(i)) {
                let p = &b.baseline_children;
                s.3 += u32::from(p.p10 <= a && a <= p.p90);
            }
        }
        if let Some(p) = progress {
            p.set_done(n as u64 + 1);
        }
    }
    let rows: Vec<HorizonRow> = sums
        .iter()
        .enumerate()
        .filter(|(_, s)| s.0 > 0)
        .map(|(i, s)| HorizonRow {
            months_ahead: i as u32 + 1,
            origins: s.0,
            mape: s.1 / f64::from(s.0),
            bias_pct: s.2 / f64::from(s.0),
            coverage: (runs > 0).then(|| f64::from(s.3) / f64::from(s.0)),
        })
        .collect();
    let n: u32 = sums.iter().map(|s| s.0).sum();
    let total = |f: fn(&(u32, f64, f64, u32)) -> f64| {
        (n > 0).then(|| sums.iter().map(f).sum::<f64>() / f64::from(n))
    };
    Ok(RollingBacktest {
        origins: origins.clone(),
        horizon,
        reference_months,
        runs,
        records_end,
        entry_trend: spec.entry_trend,
        trend_origins,
        mape: total(|s| s.1),
        bias_pct: total(|s| s.2),
        coverage: if runs > 0 {
            total(|s| f64::from(s.3))
        } else {
            None
        },
        rows,
    })
}

impl RollingBacktest {
    /// The row of projections `months` ahead, if any origin reached it.
    pub fn at(&self, months: u32) -> Option<&HorizonRow> {
        self.rows.iter().find(|r| r.months_ahead == months)
    }

    /// The sentence a commissioner can paste into a paper.
    pub fn sentence(&self) -> String {
        let (Some(first), Some(last)) = (self.origins.first(), self.origins.last()) else {
            return "There is not enough history for a rolling check: it needs the reference \
                    period and at least one month after it."
                .to_string();
        };
        let ahead = self.horizon.min(12);
        let Some(row) = self.at(ahead).or_else(|| self.rows.last()) else {
            return "No month after the starting months has children in care to compare with."
                .to_string();
        };
        let mut s = format!(
            "Started in each of the {} months from {} to {}, the model's {}-month projections \
             of children in care{} were within {:.1}% of the actual number on average, and \
             {:.1}% too {} on balance",
            self.origins.len(),
            format_uk_date(*first),
            format_uk_date(*last),
            row.months_ahead,
            if self.entry_trend {
                ", with entries following their fitted trend,"
            } else {
                ""
            },
            row.mape,
            row.bias_pct.abs(),
            if row.bias_pct < 0.0 { "low" } else { "high" },
        );
        if let Some(c) = row.coverage {
            s.push_str(&format!(
                "; the P10 to P90 band held the actual number in {:.0}% of those months",
                100.0 * c
            ));
        }
        s.push('.');
        let n = self.origins.len() as u32;
        if self.entry_trend && self.trend_origins < n {
            s.push_str(&format!(
                " A trend could be fitted before {} of the {n} starts (it needs 12 months of \
                 rates with entrants in them); the others kept their flat average.",
                self.trend_origins
            ));
        }
        s
    }
}
