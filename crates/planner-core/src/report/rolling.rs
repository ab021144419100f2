//! `scenario backtest --rolling`: the model checked from many starting
//! months, by how many months ahead, as text, JSON or CSV.

use crate::model::format_uk_date;
use crate::scenario::rolling::RollingBacktest;
use serde_json::{json, Value};

fn two_dp(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// One line per months ahead, then the sentence.
pub fn to_text(r: &RollingBacktest) -> String {
    let mut out = format!(
        "Rolling backtest: {} starting months, rates from the {} months before each{}, \
         records to {}\nmonths ahead, origins, mean absolute error %, bias %, P10-P90 held %\n",
        r.origins.len(),
        r.reference_months,
        if r.entry_trend {
            ", entries following the trend fitted over them"
        } else {
            ""
        },
        format_uk_date(r.records_end)
    );
    for row in &r.rows {
        out.push_str(&format!(
            "{:>2}, {:>2}, {:.1}, {:+.1}, {}\n",
            row.months_ahead,
            row.origins,
            row.mape,
            row.bias_pct,
            row.coverage
                .map_or_else(|| "n/a".into(), |c| format!("{:.0}", 100.0 * c)),
        ));
    }
    out.push_str(&r.sentence());
    out.push('\n');
    out
}

/// `origins` (ISO dates), `horizon`, `reference_months`, `runs`,
/// `records_end`, `entry_trend`, `trend_origins`, `rows` (`months_ahead`, `origins`, `mape_pct`,
/// `bias_pct`, `coverage`), `mape_pct`, `bias_pct`, `coverage` and
/// `sentence`; percentages to 2 dp, coverage a share to 2 dp.
pub fn to_json(r: &RollingBacktest) -> Value {
    json!({
        "origins": r.origins.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "horizon": r.horizon,
        "reference_months": r.reference_months,
        "runs": r.runs,
        "records_end": r.records_end.to_string(),
        "entry_trend": r.entry_trend,
        "trend_origins": r.trend_origins,
        "rows": r.rows.iter().map(|row| json!({
            "months_ahead": row.months_ahead,
            "origins": row.origins,
            "mape_pct": two_dp(row.mape),
            "bias_pct": two_dp(row.bias_pct),
            "coverage": row.coverage.map(two_dp),
        })).collect::<Vec<_>>(),
        "mape_pct": r.mape.map(two_dp),
        "bias_pct": r.bias_pct.map(two_dp),
        "coverage": r.coverage.map(two_dp),
        "sentence": r.sentence(),
    })
}

/// One row per months ahead.
pub fn to_csv(r: &RollingBacktest) -> String {
    let mut out = String::from("months_ahead,origins,mape_pct,bias_pct,coverage\n");
    for row in &r.rows {
        out.push_str(&format!(
            "{},{},{:.2},{:.2},{}\n",
            row.months_ahead,
            row.origins,
            row.mape,
            row.bias_pct,
            row.coverage.map_or_else(String::new, |c| format!("{c:.2}")),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rolling::HorizonRow;
    use jiff::civil::date;

    fn check() -> RollingBacktest {
        RollingBacktest {
            origins: vec![date(2024, 1, 1), date(2024, 2, 1)],
            horizon: 2,
            reference_months: 12,
            runs: 200,
            records_end: date(2024, 3, 31),
            entry_trend: false,
            trend_origins: 0,
            rows: vec![
                HorizonRow {
                    months_ahead: 1,
                    origins: 2,
                    mape: 5.0,
                    bias_pct: -2.5,
                    coverage: Some(0.5),
                },
                HorizonRow {
                    months_ahead: 2,
                    origins: 1,
                    mape: 10.14,
                    bias_pct: 3.0,
                    coverage: Some(1.0),
                },
            ],
            mape: Some(20.0 / 3.0),
            bias_pct: Some(-2.0 / 3.0),
            coverage: Some(2.0 / 3.0),
        }
    }

    const SENTENCE: &str = "Started in each of the 2 months from 01/01/2024 to 01/02/2024, \
        the model's 2-month projections of children in care were within 10.1% of the actual \
        number on average, and 3.0% too high on balance; the P10 to P90 band held the actual \
        number in 100% of those months.";

    #[test]
    fn text_has_a_line_per_months_ahead_then_the_sentence() {
        assert_eq!(
            to_text(&check()),
            format!(
                "Rolling backtest: 2 starting months, rates from the 12 months before each, \
                 records to 31/03/2024\n\
                 months ahead, origins, mean absolute error %, bias %, P10-P90 held %\n \
                 1,  2, 5.0, -2.5, 50\n \
                 2,  1, 10.1, +3.0, 100\n{SENTENCE}\n"
            )
        );
    }

    /// A check with the entry trend says so in its header, its sentence
    /// and its JSON.
    #[test]
    fn a_check_with_the_entry_trend_says_so() {
        let r = RollingBacktest {
            entry_trend: true,
            trend_origins: 2,
            ..check()
        };
        assert!(to_text(&r).starts_with(
            "Rolling backtest: 2 starting months, rates from the 12 months before each, entries \
             following the trend fitted over them, records to 31/03/2024\n"
        ));
        assert!(r.sentence().contains(
            "the model's 2-month projections of children in care, with entries following their \
             fitted trend, were within 10.1% of the actual number"
        ));
        assert_eq!(to_json(&r)["entry_trend"], json!(true));
        assert_eq!(to_json(&r)["trend_origins"], json!(2));
        assert_eq!(to_json(&check())["entry_trend"], json!(false));
        // A start with no trend to follow is said, not hidden.
        assert!(!r.sentence().contains("could be fitted"));
        let one = RollingBacktest {
            trend_origins: 1,
            ..r
        };
        assert!(one.sentence().ends_with(
            "months. A trend could be fitted before 1 of the 2 starts (it needs 12 months of \
             rates with entrants in them); the others kept their flat average."
        ));
    }

    #[test]
    fn json_rounds_to_two_places() {
        let v = to_json(&check());
        assert_eq!(v["origins"], json!(["2024-01-01", "2024-02-01"]));
        assert_eq!(v["records_end"], json!("2024-03-31"));
        assert_eq!(
            v["rows"][1],
            json!({"months_ahead": 2, "origins": 1, "mape_pct": 10.14, "bias_pct": 3.0,
                   "coverage": 1.0})
        );
        // 20/3 = 6.666…, -2/3 = -0.666…, 2/3 = 0.666….
        assert_eq!(v["mape_pct"], json!(6.67));
        assert_eq!(v["bias_pct"], json!(-0.67));
        assert_eq!(v["coverage"], json!(0.67));
        assert_eq!(v["sentence"], json!(SENTENCE));
    }

    #[test]
    fn csv_has_a_row_per_months_ahead_and_no_band_is_empty() {
        let mut r = check();
        r.rows[1].coverage = None;
        assert_eq!(
            to_csv(&r),
            "months_ahead,origins,mape_pct,bias_pct,coverage\n\
             1,2,5.00,-2.50,0.50\n\
             2,1,10.14,3.00,\n"
        );
    }
}
