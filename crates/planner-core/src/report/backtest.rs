//! `scenario backtest`: the projection against the records, month by
//! month, as text, JSON or CSV.

use crate::model::PlacementCategory;
use crate::scenario::backtest::Backtest;
use jiff::civil::Date;
use serde_json::{json, Map, Value};

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
