//! `scenario run` and `scenario backtest`'s projection as text, JSON or
//! CSV: per month, scenario against the comparator, with the Monte Carlo
//! bands when drawn, and the summary.

use crate::model::{Pence, PlacementCategory};
use crate::scenario::montecarlo::{Bands, Percentiles};
use crate::scenario::project::{MonthRow, Projection};
use serde_json::{json, Map, Value};

fn month_label(row: &MonthRow) -> String {
    format!(
        "{:04}-{:02}",
        row.month_start.year(),
        row.month_start.month()
    )
}

fn one_dp(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn month_label_of(d: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Percentiles of children (1 dp) as a JSON object.
fn children_json(p: &Percentiles) -> Value {
    json!({ "p10": one_dp(p.p10), "p50": one_dp(p.p50), "p90": one_dp(p.p90) })
}

/// Percentiles of pence (whole pence) as a JSON object.
fn pence_json(p: &Percentiles) -> Value {
    json!({ "p10": p.p10.round() as i64, "p50": p.p50.round() as i64, "p90": p.p90.round() as i64 })
}

/// The bands as JSON: `bands`, one object per month, and `band_years`,
/// one per financial year (see [`to_json_with_bands`]).
fn bands_json(b: &Bands) -> (Value, Value) {
    let months: Vec<Value> = b
        .months
        .iter()
        .map(|m| {
            json!({
                "month": month_label_of(m.month_start),
                "children": children_json(&m.scenario_children),
                "baseline_children": children_json(&m.baseline_children),
                "total_cost_pence": pence_json(&m.scenario_spend),
                "baseline_total_cost_pence": pence_json(&m.baseline_spend),
                "cumulative_net_saving_pence": pence_json(&m.cumulative_net_saving),
            })
        })
        .collect();
    let years: Vec<Value> = b
        .years
        .iter()
        .map(|y| {
            json!({
                "financial_year": y.label,
                "months": y.months,
                "total_cost_pence": pence_json(&y.scenario_spend),
                "baseline_total_cost_pence": pence_json(&y.baseline_spend),
                "children_end": children_json(&y.scenario_children_end),
                "baseline_children_end": children_json(&y.baseline_children_end),
                "cumulative_net_saving_pence": pence_json(&y.cumulative_net_saving_end),
            })
        })
        .collect();
    (Value::Array(months), Value::Array(years))
}

fn payback_label(p: &Projection) -> Option<String> {
    p.payback_month
        .and_then(|i| p.months.get(i))
        .map(month_label)
}

/// The projection as JSON: `periods` (one per month, scenario children and
/// spend by category code, `total_cost_pence` = scenario placement spend
/// including specialist fostering, `baseline_total_cost_pence` = the
/// comparator's) and `summary`. Investment is separate from placement
/// spend: `net_saving_pence = baseline − total − investment`.
pub fn to_json(p: &Projection) -> Value {
    to_json_with_bands(p, None)
}

/// [`to_json`], plus, with Monte Carlo bands: `monte_carlo` (`runs`,
/// `seed`), `bands` (per month: `month`; `children`, `baseline_children`
/// (total children in care, 1 dp); `total_cost_pence`,
/// `baseline_total_cost_pence` (placement spend); and
/// `cumulative_net_saving_pence`, each an object of `p10`, `p50`, `p90`)
/// and `band_years` (per financial year: `financial_year`, `months`,
/// `total_cost_pence` and `baseline_total_cost_pence` over the year,
/// `children_end`, `baseline_children_end` and
/// `cumulative_net_saving_pence` at its last month, as objects of `p10`,
/// `p50`, `p90`).
pub fn to_json_with_bands(p: &Projection, bands: Option<&Bands>) -> Value {
    let periods: Vec<Value> = p
        .months
        .iter()
        .map(|r| {
            let mut children = Map::new();
            let mut cost = Map::new();
            for c in PlacementCategory::ALL {
                let n = r.scenario.children.get(c).copied().unwrap_or(0.0);
                children.insert(c.code().into(), json!(one_dp(n)));
                let spend = r.scenario.spend.get(c).copied().unwrap_or(Pence::ZERO);
                cost.insert(c.code().into(), json!(spend.0));
            }
            json!({
                "month": month_label(r),
                "financial_year": crate::model::settings::financial_year_label(r.financial_year),
                "children": children,
                "cost_pence": cost,
                "specialist_children": one_dp(r.scenario.specialist_children),
                "specialist_cost_pence": r.scenario.specialist_spend.0,
                "baseline_children": one_dp(r.baseline.total_children()),
                "total_cost_pence": r.scenario.placement_spend.0,
                "baseline_total_cost_pence": r.baseline.placement_spend.0,
                "investment_pence": r.scenario.investment.0,
                "net_saving_pence": r.net_saving.0,
                "cumulative_net_saving_pence": r.cumulative_net_saving.0,
                "pct_in_area": one_dp(r.scenario.pct_in_area),
                "pct_within_20_miles": one_dp(r.scenario.pct_within_20_miles),
                "baseline_pct_in_area": one_dp(r.baseline.pct_in_area),
                "baseline_pct_within_20_miles": one_dp(r.baseline.pct_within_20_miles),
                "staying_put_young_people": one_dp(r.scenario.staying_put_young_people),
                "moves": one_dp(r.scenario.moves),
                "baseline_moves": one_dp(r.baseline.moves),
                "staying_put_cost_pence": r.scenario.staying_put_spend.0,
                "baseline_staying_put_cost_pence": r.baseline.staying_put_spend.0,
            })
        })
        .collect();
    let t = p.totals();
    let mut out = json!({
        "periods": periods,
        "summary": {
            "months": p.months.len(),
            "total_cost_pence": t.scenario_placement_spend.0,
            "baseline_total_cost_pence": t.baseline_placement_spend.0,
            "investment_pence": t.investment.0,
            "staying_put_pence": t.scenario_staying_put_spend.0,
            "baseline_staying_put_pence": t.baseline_staying_put_spend.0,
            "net_saving_pence": t.net_saving.0,
            "payback_month": payback_label(p),
        },
    });
    if let (Some(b), Some(map)) = (bands, out.as_object_mut()) {
        let (months, years) = bands_json(b);
        map.insert(
            "monte_carlo".into(),
            json!({ "runs": b.runs, "seed": b.seed }),
        );
        map.insert("bands".into(), months);
        map.insert("band_years".into(), years);
    }
    out
}

/// One row per month: scenario children and spend by category, then the
/// totals, investment and net saving. Money in whole pence.
pub fn to_csv(p: &Projection) -> String {
    to_csv_with_bands(p, None)
}

/// The Monte Carlo columns added to each month's row, in this order, each
/// with `_p10`, `_p50` and `_p90`.
pub const CSV_BAND_COLUMNS: [&str; 5] = [
    "children",
    "baseline_children",
    "total_cost_pence",
    "baseline_total_cost_pence",
    "cumulative_net_saving_pence",
];

/// [`to_csv`], with the bands' P10/P50/P90 columns at the end of each row
/// when there are bands ([`CSV_BAND_COLUMNS`]).
pub fn to_csv_with_bands(p: &Projection, bands: Option<&Bands>) -> String {
    let mut out = String::from("month");
    for c in PlacementCategory::ALL {
        out.push_str(&format!(",{}_children", c.code()));
    }
    for c in PlacementCategory::ALL {
        out.push_str(&format!(",{}_cost_pence", c.code()));
    }
    out.push_str(
        ",specialist_children,specialist_cost_pence,total_cost_pence,\
         baseline_total_cost_pence,investment_pence,net_saving_pence,\
         cumulative_net_saving_pence,pct_in_area,pct_within_20_miles,\
         staying_put_young_people,staying_put_cost_pence,baseline_staying_put_cost_pence",
    );
    if bands.is_some() {
        for c in CSV_BAND_COLUMNS {
            for q in ["p10", "p50", "p90"] {
                out.push_str(&format!(",{c}_{q}"));
            }
        }
    }
    out.push('\n');
    for (i, r) in p.months.iter().enumerate() {
        out.push_str(&month_label(r));
        for c in PlacementCategory::ALL {
            let n = r.scenario.children.get(c).copied().unwrap_or(0.0);
            out.push_str(&format!(",{:.1}", n));
        }
        for c in PlacementCategory::ALL {
            let spend = r.scenario.spend.get(c).copied().unwrap_or(Pence::ZERO);
            out.push_str(&format!(",{}", spend.0));
        }
        out.push_str(&format!(
            ",{:.1},{},{},{},{},{},{},{:.1},{:.1},{:.1},{},{}",
            r.scenario.specialist_children,
            r.scenario.specialist_spend.0,
            r.scenario.placement_spend.0,
            r.baseline.placement_spend.0,
            r.scenario.investment.0,
            r.net_saving.0,
            r.cumulative_net_saving.0,
            r.scenario.pct_in_area,
            r.scenario.pct_within_20_miles,
            r.scenario.staying_put_young_people,
            r.scenario.staying_put_spend.0,
            r.baseline.staying_put_spend.0,
        ));
        if let Some(m) = bands.and_then(|b| b.months.get(i)) {
            for (p, pence) in [
                (&m.scenario_children, false),
                (&m.baseline_children, false),
                (&m.scenario_spend, true),
                (&m.baseline_spend, true),
                (&m.cumulative_net_saving, true),
            ] {
                for v in [p.p10, p.p50, p.p90] {
                    if pence {
                        out.push_str(&format!(",{}", v.round() as i64));
                    } else {
                        out.push_str(&format!(",{v:.1}"));
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

/// "Spend on the start date (01/04/2025): £812,400 a week, 64% from rates":
/// the dashboard's figure for that day, by the same costing rule.
pub fn start_spend_line(b: &crate::scenario::Baseline) -> String {
    format!(
        "Spend on the start date ({}): {}",
        crate::model::format_uk_date(b.start),
        b.start_spend.weekly_text()
    )
}

/// One line per financial year (part-years say how many months), then the
/// summary.
pub fn to_text(p: &Projection) -> String {
    to_text_with_bands(p, None)
}

fn pounds(x: f64) -> String {
    Pence(x.round() as i64).to_pounds_string()
}

/// [`to_text`], then, with bands, a P10 / P50 / P90 line per financial
/// year: children at the year's end, placement spend over the year and the
/// cumulative net saving at its end, scenario and comparator.
pub fn to_text_with_bands(p: &Projection, bands: Option<&Bands>) -> String {
    let mut out = String::new();
    if let (Some(first), Some(last)) = (p.months.first(), p.months.last()) {
        out.push_str(&format!(
            "Scenario projection, {} to {} ({} months)\n",
            month_label(first),
            month_label(last),
            p.months.len()
        ));
    }
    for y in &p.years {
        let part = if y.months < 12 {
            format!(" ({} months)", y.months)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}{}: children {:.1} (baseline {:.1}); spend {} (baseline {}); investment {}; net saving {} (cumulative {})\n",
            y.label,
            part,
            y.scenario_end.total_children(),
            y.baseline_end.total_children(),
            y.scenario_placement_spend.to_pounds_string(),
            y.baseline_placement_spend.to_pounds_string(),
            y.investment.to_pounds_string(),
            y.net_saving.to_pounds_string(),
            y.cumulative_net_saving.to_pounds_string(),
        ));
    }
    let t = p.totals();
    out.push_str(&format!(
        "Total: spend {} (baseline {}); investment {}; net saving {}\n",
        t.scenario_placement_spend.to_pounds_string(),
        t.baseline_placement_spend.to_pounds_string(),
        t.investment.to_pounds_string(),
        t.net_saving.to_pounds_string(),
    ));
    if t.scenario_staying_put_spend.0 != 0 || t.baseline_staying_put_spend.0 != 0 {
        out.push_str(&format!(
            "Staying Put (not placement spend, counted in the net saving): {} (baseline {})\n",
            t.scenario_staying_put_spend.to_pounds_string(),
            t.baseline_staying_put_spend.to_pounds_string(),
        ));
    }
    if let Some(last) = p.months.last() {
        out.push_str(&format!(
            "Placed in area at the end: {:.1}% (baseline {:.1}%); within 20 miles: {:.1}% (baseline {:.1}%)\n",
            last.scenario.pct_in_area,
            last.baseline.pct_in_area,
            last.scenario.pct_within_20_miles,
            last.baseline.pct_within_20_miles,
        ));
    }
    out.push_str(&match payback_label(p) {
        Some(m) => format!("Payback: {m}\n"),
        None => "Payback: none within the horizon\n".to_string(),
    });
    if let Some(b) = bands {
        out.push_str(&format!(
            "Uncertainty: P10 / P50 / P90 of {} Monte Carlo runs (seed {})\n",
            b.runs, b.seed
        ));
        let three = |q: &Percentiles, money: bool| {
            if money {
                format!("{} / {} / {}", pounds(q.p10), pounds(q.p50), pounds(q.p90))
            } else {
                format!("{:.0} / {:.0} / {:.0}", q.p10, q.p50, q.p90)
            }
        };
        for y in &b.years {
            let part = if y.months < 12 {
                format!(" ({} months)", y.months)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {}{}: children {} (baseline {}); spend {} (baseline {}); cumulative net saving {}\n",
                y.label,
                part,
                three(&y.scenario_children_end, false),
                three(&y.baseline_children_end, false),
                three(&y.scenario_spend, true),
                three(&y.baseline_spend, true),
                three(&y.cumulative_net_saving_end, true),
            ));
        }
    }
    out
}
