//! Backtesting: build the baseline at a past start date, project with no
//! levers, and compare each month with what the records say happened.
//! Rules in `docs/scenario-model.md` §6.

use super::baseline::{add_months, age_in_months, eighteenth_birthday, Baseline};
use super::levers::Levers;
use super::project::project;
use super::round_pence;
use crate::county::CountyData;
use crate::model::{Child, Pence, PlacementCategory};
use crate::sufficiency::facts::open_placements_on;
use crate::sufficiency::looked_after_on;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most months a backtest compares (the projection's ten years).
pub const MAX_BACKTEST_MONTHS: u32 = 120;

/// One month: projected (default levers) against actual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestRow {
    pub month_start: Date,
    /// The last day of the month: the actual children are those in care
    /// with an open placement on this day.
    pub month_end: Date,
    pub projected_children: BTreeMap<PlacementCategory, f64>,
    pub actual_children: BTreeMap<PlacementCategory, u32>,
    /// All projected children (categories and specialist fostering).
    pub projected_total: f64,
    pub actual_total: u32,
    /// Projected − actual.
    pub children_error: f64,
    /// 100 × error ÷ actual; `None` when the actual is 0.
    pub children_pct_error: Option<f64>,
    pub projected_spend: Pence,
    pub actual_spend: Pence,
    /// Projected − actual.
    pub spend_error: Pence,
    /// 100 × error ÷ actual; `None` when the actual is 0.
    pub spend_pct_error: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub start: Date,
    pub months: u32,
    pub reference_months: u32,
    /// The baseline the projection started from.
    pub baseline: Baseline,
    pub rows: Vec<BacktestRow>,
    /// Mean absolute percentage error of total children over the months
    /// with actual children (`None` if there are none).
    pub children_mape: Option<f64>,
    /// Mean of projected − actual children (the bias).
    pub children_mean_error: f64,
    /// Mean absolute percentage error of placement spend over the months
    /// with actual spend.
    pub spend_mape: Option<f64>,
    /// Mean of projected − actual spend, rounded to whole pence.
    pub spend_mean_error: Pence,
}

fn pct(error: f64, actual: f64) -> Option<f64> {
    (actual != 0.0).then(|| 100.0 * error / actual)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// Children in care under 18 with an open placement on `on`, by the
/// category of that placement (one placement per child).
pub fn actual_children(data: &CountyData, on: Date) -> BTreeMap<PlacementCategory, u32> {
    let children: BTreeMap<&str, &Child> =
        data.children.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut out: BTreeMap<PlacementCategory, u32> =
        PlacementCategory::ALL.iter().map(|&c| (c, 0)).collect();
    for (id, p) in open_placements_on(&data.placements, on) {
        let Some(child) = children.get(id) else {
            continue;
        };
        if looked_after_on(child, on)
            && age_in_months(child.date_of_birth, on) < super::MAX_AGE_MONTHS
        {
            *out.entry(p.category()).or_default() += 1;
        }
    }
    out
}

/// What placements cost over `[from, to)`: each placement's weekly cost by
/// the one costing rule (its own price of the day, else the rate of the
/// financial year, else the national figure; not known adds nothing) × the
/// days it was open while its child was in care and under 18, ÷ 7, rounded
/// once to whole pence.
pub fn actual_spend(data: &CountyData, from: Date, to: Date) -> Pence {
    let children: BTreeMap<&str, &Child> =
        data.children.iter().map(|c| (c.id.as_str(), c)).collect();
    let book = crate::costing::CostBook::from_settings(&data.settings);
    let mut pence_days: i128 = 0;
    for p in &data.placements {
        let Some(child) = children.get(p.child_id.as_str()) else {
            continue;
        };
        let (entered, left) = child
            .period_containing(p.start)
            .unwrap_or((child.entered_care, child.left_care));
        let start = p.start.max(from).max(entered);
        let mut end = p
            .end
            .map_or(to, |e| e.min(to))
            .min(eighteenth_birthday(child.date_of_birth));
        if let Some(l) = left {
            end = end.min(l);
        }
        if start < end {
            pence_days += book.placement_pence_days(p, start, end);
        }
    }
    Pence(round_pence(pence_days as f64 / 7.0))
}

/// Builds the baseline at `start` over `reference_months`, projects
/// `months` months (held within 1..=120) with `Levers::default()`, and
/// compares each month's end with the records. The records should reach
/// past the last month: months after the data ends compare with nothing
/// having happened.
pub fn backtest(data: &CountyData, start: Date, months: u32, reference_months: u32) -> Backtest {
    let months = months.clamp(1, MAX_BACKTEST_MONTHS);
    let baseline = Baseline::from_data(data, start, reference_months);
    let levers = Levers {
        horizon_years: months.div_ceil(12),
        ..Levers::default()
    };
    let projection = project(&baseline, &levers);
    let rows: Vec<BacktestRow> = projection
        .months
        .iter()
        .take(months as usize)
        .map(|m| {
            let next = add_months(start, m.index as i64 + 1);
            let month_end = next.yesterday().unwrap_or(next);
            let actual = actual_children(data, month_end);
            let actual_total: u32 = actual.values().sum();
            let projected_total = m.baseline.total_children();
            let children_error = projected_total - f64::from(actual_total);
            let actual_spend = actual_spend(data, m.month_start, next);
            let projected_spend = m.baseline.placement_spend;
            let spend_error = Pence(projected_spend.0 - actual_spend.0);
            BacktestRow {
                month_start: m.month_start,
                month_end,
                projected_children: m.baseline.children.clone(),
                actual_children: actual,
                projected_total,
                actual_total,
                children_error,
                children_pct_error: pct(children_error, f64::from(actual_total)),
                projected_spend,
                actual_spend,
                spend_error,
                spend_pct_error: pct(spend_error.0 as f64, actual_spend.0 as f64),
            }
        })
        .collect();
    let children_mape = mean(
        rows.iter()
            .filter_map(|r| r.children_pct_error.map(f64::abs)),
    );
    let spend_mape = mean(rows.iter().filter_map(|r| r.spend_pct_error.map(f64::abs)));
    let children_mean_error = mean(rows.iter().map(|r| r.children_error)).unwrap_or(0.0);
    let spend_mean_error = Pence(round_pence(
        mean(rows.iter().map(|r| r.spend_error.0 as f64)).unwrap_or(0.0),
    ));
    Backtest {
        start,
        months,
        reference_months: baseline.reference_months,
        baseline,
        rows,
        children_mape,
        children_mean_error,
        spend_mape,
        spend_mean_error,
    }
}
