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
use serde_json::{json, Map, Value};
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

fn month_label(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn one_dp(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn two_dp(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn pct_text(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:+.1}%"))
}

/// One line per month, then the summary.
pub fn to_text(b: &Backtest) -> String {
    let mut out = format!(
        "Backtest from {} over {} months (rates from the {} months before)\n",
        crate::model::format_uk_date(b.start),
        b.months,
        b.reference_months
    );
    for r in &b.rows {
        out.push_str(&format!(
            "{}: children projected {:.1}, actual {} ({:+.1}, {}); spend projected {}, actual {} ({}, {})\n",
            month_label(r.month_start),
            r.projected_total,
            r.actual_total,
            r.children_error,
            pct_text(r.children_pct_error),
            r.projected_spend.to_pounds_string(),
            r.actual_spend.to_pounds_string(),
            r.spend_error.to_pounds_string(),
            pct_text(r.spend_pct_error),
        ));
    }
    let mape = |m: Option<f64>| m.map_or_else(|| "n/a".to_string(), |m| format!("{m:.1}%"));
    out.push_str(&format!(
        "Children: MAPE {}, mean error {:+.1}\nSpend: MAPE {}, mean error {}\n",
        mape(b.children_mape),
        b.children_mean_error,
        mape(b.spend_mape),
        b.spend_mean_error.to_pounds_string(),
    ));
    out
}

/// `rows` (per month: `month`, `month_end`, `projected_children` and
/// `actual_children` by category code, `projected_total`, `actual_total`,
/// `children_error`, `children_pct_error`, `projected_cost_pence`,
/// `actual_cost_pence`, `cost_error_pence`, `cost_pct_error`) and
/// `summary` (`start`, `months`, `reference_months`, `children_mape`,
/// `children_mean_error`, `cost_mape`, `cost_mean_error_pence`).
/// Percentages to 2 dp, children to 1 dp (projected) or whole; a
/// percentage of a zero actual is `null`.
pub fn to_json(b: &Backtest) -> Value {
    let rows: Vec<Value> = b
        .rows
        .iter()
        .map(|r| {
            let mut projected = Map::new();
            let mut actual = Map::new();
            for c in PlacementCategory::ALL {
                projected.insert(
                    c.code().into(),
                    json!(one_dp(r.projected_children.get(c).copied().unwrap_or(0.0))),
                );
                actual.insert(
                    c.code().into(),
                    json!(r.actual_children.get(c).copied().unwrap_or(0)),
                );
            }
            json!({
                "month": month_label(r.month_start),
                "month_end": r.month_end.to_string(),
                "projected_children": projected,
                "actual_children": actual,
                "projected_total": one_dp(r.projected_total),
                "actual_total": r.actual_total,
                "children_error": two_dp(r.children_error),
                "children_pct_error": r.children_pct_error.map(two_dp),
                "projected_cost_pence": r.projected_spend.0,
                "actual_cost_pence": r.actual_spend.0,
                "cost_error_pence": r.spend_error.0,
                "cost_pct_error": r.spend_pct_error.map(two_dp),
            })
        })
        .collect();
    json!({
        "rows": rows,
        "summary": {
            "start": b.start.to_string(),
            "months": b.months,
            "reference_months": b.reference_months,
            "children_mape": b.children_mape.map(two_dp),
            "children_mean_error": two_dp(b.children_mean_error),
            "cost_mape": b.spend_mape.map(two_dp),
            "cost_mean_error_pence": b.spend_mean_error.0,
        },
    })
}

/// One row per month: the total and the per-category columns, projected
/// then actual; empty percentage cells where the actual is 0.
pub fn to_csv(b: &Backtest) -> String {
    let mut out = String::from(
        "month,month_end,projected_total,actual_total,children_error,children_pct_error,\
         projected_cost_pence,actual_cost_pence,cost_error_pence,cost_pct_error",
    );
    for c in PlacementCategory::ALL {
        out.push_str(&format!(",{code}_projected,{code}_actual", code = c.code()));
    }
    out.push('\n');
    let pct = |p: Option<f64>| p.map_or_else(String::new, |p| format!("{p:.2}"));
    for r in &b.rows {
        out.push_str(&format!(
            "{},{},{:.1},{},{:.2},{},{},{},{},{}",
            month_label(r.month_start),
            r.month_end,
            r.projected_total,
            r.actual_total,
            r.children_error,
            pct(r.children_pct_error),
            r.projected_spend.0,
            r.actual_spend.0,
            r.spend_error.0,
            pct(r.spend_pct_error),
        ));
        for c in PlacementCategory::ALL {
            out.push_str(&format!(
                ",{:.1},{}",
                r.projected_children.get(c).copied().unwrap_or(0.0),
                r.actual_children.get(c).copied().unwrap_or(0)
            ));
        }
        out.push('\n');
    }
    out
}
