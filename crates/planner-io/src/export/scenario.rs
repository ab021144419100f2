//! A what-if scenario's projection for a report: CSV (one row per month)
//! or an Excel workbook (summary, levers beside the baseline, financial
//! years, months).
//!
//! Money: the CSV writes pounds with two decimals (`1234.56`, no `£`, no
//! thousands separators, exact from the integer pence); the workbook writes
//! pounds as numbers (pence ÷ 100) formatted `£#,##0`, so sums in Excel keep
//! the pence. Dates: the CSV writes `dd/mm/yyyy`; the workbook writes real
//! Excel dates formatted `dd/mm/yyyy`. Children are expected values: one
//! decimal in the CSV, full precision shown to one decimal in the workbook.

use super::xlsx::{self, pounds};
use crate::model::{format_uk_date, Pence, PlacementCategory};
use crate::scenario::{Baseline, LeverUnit, Levers, MoveKind, Projection, RateChange, LEVERS};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// A scenario export that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioExportError {
    #[error(
        "{path}: a scenario is exported as .csv or .xlsx; choose a file name ending in one of them"
    )]
    UnknownFormat { path: PathBuf },
    /// The file could not be written (the disk's or the workbook
    /// writer's error kept as the cause).
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// The file formats a scenario exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioExportFormat {
    Csv,
    Xlsx,
}

impl ScenarioExportFormat {
    /// The format a file name asks for by its extension (any capitals).
    pub fn from_path(path: &Path) -> Result<ScenarioExportFormat, ScenarioExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(ScenarioExportFormat::Csv),
            Some("xlsx") => Ok(ScenarioExportFormat::Xlsx),
            _ => Err(ScenarioExportError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Pence as pounds with two decimals, exactly: `-5` → `-0.05`.
pub fn pounds_text(p: Pence) -> String {
    let sign = if p.0 < 0 { "-" } else { "" };
    let abs = p.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn children(m: &crate::scenario::RunMonth, c: PlacementCategory) -> f64 {
    m.children.get(&c).copied().unwrap_or(0.0)
}

/// The CSV's header, in column order.
pub fn scenario_csv_header() -> Vec<String> {
    let mut h: Vec<String> = vec!["scenario".into(), "month".into(), "financial_year".into()];
    for c in PlacementCategory::ALL {
        h.push(format!("{}_children_scenario", c.code()));
        h.push(format!("{}_children_baseline", c.code()));
    }
    for s in [
        "specialist_children_scenario",
        "total_children_scenario",
        "total_children_baseline",
        "placement_spend_scenario_gbp",
        "placement_spend_baseline_gbp",
        "staying_put_spend_scenario_gbp",
        "staying_put_spend_baseline_gbp",
        "investment_gbp",
        "net_saving_gbp",
        "cumulative_net_saving_gbp",
    ] {
        h.push(s.into());
    }
    h
}

/// The projection as CSV, one row per month, the scenario's name in the
/// first column of every row. `month` is the month's first day
/// (`dd/mm/yyyy`), `financial_year` its label (`2026-27`); children by
/// category for the scenario and the baseline (the comparator with no
/// council action) to one decimal; money in pounds with two decimals
/// (`_gbp` columns). Placement spend includes specialist fostering; Staying
/// Put is separate; `net_saving = baseline placement + Staying Put −
/// scenario placement − Staying Put − investment`.
pub fn scenario_csv(name: &str, p: &Projection) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(scenario_csv_header());
    for r in &p.months {
        let (s, b) = (&r.scenario, &r.baseline);
        let mut row: Vec<String> = vec![
            crate::spreadsheet::csv_text(name),
            format_uk_date(r.month_start),
            crate::model::settings::financial_year_label(r.financial_year),
        ];
        for c in PlacementCategory::ALL {
            row.push(format!("{:.1}", children(s, *c)));
            row.push(format!("{:.1}", children(b, *c)));
        }
        row.push(format!("{:.1}", s.specialist_children));
        row.push(format!("{:.1}", s.total_children()));
        row.push(format!("{:.1}", b.total_children()));
        for money in [
            s.placement_spend,
            b.placement_spend,
            s.staying_put_spend,
            b.staying_put_spend,
            s.investment,
            r.net_saving,
            r.cumulative_net_saving,
        ] {
            row.push(pounds_text(money));
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Writes [`scenario_csv`] to a file.
pub fn write_scenario_csv(
    path: &Path,
    name: &str,
    p: &Projection,
) -> Result<(), ScenarioExportError> {
    std::fs::write(path, scenario_csv(name, p)).map_err(|e| ScenarioExportError::Write {
        path: path.to_path_buf(),
        source: Box::new(e),
    })
}

/// Writes the CSV or the workbook, as the file's extension says.
pub fn write_scenario_file(
    path: &Path,
    name: &str,
    levers: &Levers,
    baseline: &Baseline,
    p: &Projection,
) -> Result<ScenarioExportFormat, ScenarioExportError> {
    let format = ScenarioExportFormat::from_path(path)?;
    match format {
        ScenarioExportFormat::Csv => write_scenario_csv(path, name, p)?,
        ScenarioExportFormat::Xlsx => write_scenario_xlsx(path, name, levers, baseline, p)?,
    }
    Ok(format)
}

/// The formats of the workbook.
struct Formats {
    header: Format,
    general: Format,
    money: Format,
    date: Format,
    children: Format,
    percent: Format,
    rate: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: xlsx::header_format(),
            general: Format::new(),
            money: Format::new().set_num_format(xlsx::MONEY_WHOLE),
            date: Format::new().set_num_format(xlsx::DATE),
            children: Format::new().set_num_format(xlsx::ONE_DP),
            percent: Format::new().set_num_format(xlsx::PERCENT),
            rate: Format::new().set_num_format("0.0000"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// A header row in bold, frozen so it stays on screen as the rows scroll.
fn header(ws: &mut Worksheet, f: &Formats, titles: &[&str]) -> Result<(), XlsxError> {
    super::xlsx::header(ws, &f.header, titles)
}

fn summary_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    name: &str,
    levers: &Levers,
    baseline: &Baseline,
    p: &Projection,
) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    header(ws, f, &["Item", "Value"])?;
    let t = p.totals();
    let mut row = 1u32;
    let mut label = |ws: &mut Worksheet, text: &str| -> Result<u32, XlsxError> {
        ws.write_string(row, 0, text)?;
        row += 1;
        Ok(row - 1)
    };
    let r = label(ws, "Scenario")?;
    ws.write_string(r, 1, name)?;
    let r = label(ws, "Start")?;
    ws.write_date_with_format(r, 1, baseline.start, &f.date)?;
    let r = label(ws, "Last month")?;
    match p.months.last() {
        Some(m) => ws.write_date_with_format(r, 1, m.month_start, &f.date)?,
        None => ws.write_string(r, 1, "none")?,
    };
    let r = label(ws, "Horizon (years)")?;
    ws.write_number(r, 1, f64::from(levers.horizon_years))?;
    let r = label(ws, "Months projected")?;
    ws.write_number(r, 1, p.months.len() as f64)?;
    let r = label(ws, "Reference period (months)")?;
    ws.write_number(r, 1, f64::from(baseline.reference_months))?;
    for (text, value) in [
        ("Placement spend, scenario", t.scenario_placement_spend),
        ("Placement spend, baseline", t.baseline_placement_spend),
        ("Staying Put spend, scenario", t.scenario_staying_put_spend),
        ("Staying Put spend, baseline", t.baseline_staying_put_spend),
        ("Investment", t.investment),
        ("Net saving", t.net_saving),
    ] {
        let r = label(ws, text)?;
        ws.write_number_with_format(r, 1, pounds(value), &f.money)?;
    }
    let r = label(ws, "Payback month")?;
    match p.payback_date {
        Some(d) => ws.write_date_with_format(r, 1, d, &f.date)?,
        None => ws.write_string(r, 1, "none within the horizon")?,
    };
    let r = label(ws, "Baseline")?;
    ws.write_string_with_format(
        r,
        1,
        "the same years with no council action: demand, unit costs, inflation and Staying Put \
         as in the scenario, no recruitment, shift, step-down, rate change or investment",
        &f.wrap,
    )?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    Ok(())
}

/// One row of the Levers sheet: the lever, its value (a number, or text
/// when there is no number) with its unit, and the baseline figure it
/// works on, where there is one.
enum Value<'a> {
    Number(f64, &'a Format),
    Text(String),
}

struct LeverRow<'a> {
    lever: String,
    value: Value<'a>,
    unit: String,
    baseline: Option<(f64, &'a Format, String)>,
}

fn lever_rows<'a>(levers: &Levers, baseline: &Baseline, f: &'a Formats) -> Vec<LeverRow<'a>> {
    let general: &'a Format = &f.general;
    let mut rows: Vec<LeverRow<'a>> = LEVERS
        .iter()
        .map(|spec| {
            let set = (spec.get)(levers).is_some();
            let value = match spec.value_or_fallback(levers, baseline) {
                None => Value::Text("not set".into()),
                Some(v) => match spec.unit {
                    LeverUnit::Amount => Value::Number(v, &f.children),
                    LeverUnit::Whole => Value::Number(v, general),
                    LeverUnit::Share => Value::Number(v, &f.percent),
                    LeverUnit::Percent => Value::Number(v / 100.0, &f.percent),
                    LeverUnit::Pence => Value::Number(pounds(Pence(v.round() as i64)), &f.money),
                },
            };
            let unit = if set || spec.fallback.is_none() {
                spec.export_unit().to_string()
            } else {
                format!("{} (the council's own figure)", spec.export_unit())
            };
            LeverRow {
                lever: spec.name.into(),
                value,
                unit,
                baseline: spec.baseline.map(|figure| {
                    let figure = figure(baseline);
                    let fmt = if figure.decimals {
                        &f.children
                    } else {
                        general
                    };
                    (figure.value, fmt, figure.what)
                }),
            }
        })
        .collect();
    rows.push(LeverRow {
        lever: "Entrants follow their fitted trend".into(),
        value: Value::Text(if levers.entry_trend { "yes" } else { "no" }.into()),
        unit: String::new(),
        baseline: baseline.entry_trend.as_ref().map(|t| {
            (
                t.yearly_change,
                &f.percent,
                "fitted change a year in entrants".into(),
            )
        }),
    });
    for &c in PlacementCategory::ALL {
        let unit = if levers.unit_costs.contains_key(&c) {
            "a week, start-date prices (set in the scenario)"
        } else {
            "a week, start-date prices (the baseline's)"
        };
        rows.push(LeverRow {
            baseline: Some((
                pounds(baseline.unit_cost(c)),
                &f.money,
                "a week, start-date prices".into(),
            )),
            lever: format!("Weekly unit cost: {}", c.label()),
            value: Value::Number(pounds(levers.unit_cost(c, baseline)), &f.money),
            unit: unit.into(),
        });
    }
    for &c in PlacementCategory::ALL {
        rows.push(LeverRow {
            baseline: Some((
                pounds(baseline.unit_cost(c)),
                &f.money,
                "a week, start-date prices".into(),
            )),
            lever: format!("Yearly price rise: {}", c.label()),
            value: Value::Number(levers.inflation(c), &f.percent),
            unit: "a year, each 1 April".into(),
        });
    }
    for &c in PlacementCategory::ALL {
        let (value, unit) = match levers.exit_rate_changes.get(&c) {
            Some(RateChange::Multiply(m)) => {
                (Value::Number(*m, general), "× the monthly exit rate")
            }
            Some(RateChange::Add(a)) => {
                (Value::Number(*a, &f.rate), "added to the monthly exit rate")
            }
            None => (Value::Text("no change".into()), ""),
        };
        rows.push(LeverRow {
            lever: format!("Exit rate change: {}", c.label()),
            value,
            unit: unit.into(),
            baseline: Some((
                baseline.exit_rate(c),
                &f.rate,
                "leave care a month (proportion)".into(),
            )),
        });
    }
    for kind in MoveKind::ALL {
        let (n, per_year) = crate::scenario::moves::observed(baseline, kind);
        let value = match levers.move_changes.get(&kind) {
            Some(pct) => Value::Number(pct / 100.0, &f.percent),
            None => Value::Text("no change".into()),
        };
        rows.push(LeverRow {
            lever: format!("Move rate change: {}", kind.label()),
            value,
            unit: "change to the fitted rates".into(),
            baseline: Some((
                per_year,
                general,
                format!(
                    "a year in the history ({n} over {} months)",
                    baseline.reference_months
                ),
            )),
        });
    }
    rows
}

fn levers_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    levers: &Levers,
    baseline: &Baseline,
) -> Result<(), XlsxError> {
    ws.set_name("Levers")?;
    header(
        ws,
        f,
        &["Lever", "Value", "Unit", "Baseline", "Baseline is"],
    )?;
    let rows = lever_rows(levers, baseline, f);
    let count = rows.len() as u32;
    for (i, r) in rows.into_iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.lever)?;
        match r.value {
            Value::Number(x, fmt) => ws.write_number_with_format(row, 1, x, fmt)?,
            Value::Text(t) => ws.write_string(row, 1, t)?,
        };
        ws.write_string(row, 2, &r.unit)?;
        if let Some((x, fmt, what)) = r.baseline {
            ws.write_number_with_format(row, 3, x, fmt)?;
            ws.write_string(row, 4, what)?;
        }
    }
    // What the fit could not do or counted as leaving at 18, and levers
    // another lever cancels, below the levers after a blank row.
    let notes = levers.notes(baseline);
    for (k, note) in notes.iter().enumerate() {
        let row = count + 2 + k as u32;
        ws.write_string_with_format(row, 0, "Note", &f.header)?;
        ws.write_string(row, 1, note)?;
    }
    ws.set_column_width(0, 52)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 12)?;
    ws.set_column_width(4, 44)?;
    Ok(())
}

fn years_sheet(ws: &mut Worksheet, f: &Formats, p: &Projection) -> Result<(), XlsxError> {
    ws.set_name("By financial year")?;
    header(
        ws,
        f,
        &[
            "Financial year",
            "Months",
            "Children at year end, scenario",
            "Children at year end, baseline",
            "Placement spend, scenario",
            "Placement spend, baseline",
            "Staying Put spend, scenario",
            "Staying Put spend, baseline",
            "Investment",
            "Net saving",
            "Cumulative net saving",
        ],
    )?;
    for (i, y) in p.years.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &y.label)?;
        ws.write_number(row, 1, f64::from(y.months))?;
        ws.write_number_with_format(row, 2, y.scenario_end.total_children(), &f.children)?;
        ws.write_number_with_format(row, 3, y.baseline_end.total_children(), &f.children)?;
        for (col, money) in [
            y.scenario_placement_spend,
            y.baseline_placement_spend,
            y.scenario_staying_put_spend,
            y.baseline_staying_put_spend,
            y.investment,
            y.net_saving,
            y.cumulative_net_saving,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, col as u16 + 4, pounds(money), &f.money)?;
        }
    }
    ws.set_row_height(0, 45)?;
    ws.set_column_width(0, 14)?;
    for col in 1..=10 {
        ws.set_column_width(col, 15)?;
    }
    Ok(())
}

fn months_sheet(ws: &mut Worksheet, f: &Formats, p: &Projection) -> Result<(), XlsxError> {
    ws.set_name("By month")?;
    let mut titles: Vec<String> = vec!["Month".into(), "Financial year".into()];
    for c in PlacementCategory::ALL {
        titles.push(format!("{}, scenario", c.label()));
        titles.push(format!("{}, baseline", c.label()));
    }
    for t in [
        "Specialist fostering, scenario",
        "Children, scenario",
        "Children, baseline",
        "Placement spend, scenario",
        "Placement spend, baseline",
        "Staying Put spend, scenario",
        "Staying Put spend, baseline",
        "Investment",
        "Net saving",
        "Cumulative net saving",
    ] {
        titles.push(t.into());
    }
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    header(ws, f, &refs)?;
    for (i, r) in p.months.iter().enumerate() {
        let row = i as u32 + 1;
        let (s, b) = (&r.scenario, &r.baseline);
        ws.write_date_with_format(row, 0, r.month_start, &f.date)?;
        ws.write_string(
            row,
            1,
            crate::model::settings::financial_year_label(r.financial_year),
        )?;
        let mut col = 2u16;
        let mut put = |ws: &mut Worksheet, x: f64, fmt: &Format| -> Result<(), XlsxError> {
            ws.write_number_with_format(row, col, x, fmt)?;
            col += 1;
            Ok(())
        };
        for c in PlacementCategory::ALL {
            put(ws, children(s, *c), &f.children)?;
            put(ws, children(b, *c), &f.children)?;
        }
        put(ws, s.specialist_children, &f.children)?;
        put(ws, s.total_children(), &f.children)?;
        put(ws, b.total_children(), &f.children)?;
        for money in [
            s.placement_spend,
            b.placement_spend,
            s.staying_put_spend,
            b.staying_put_spend,
            s.investment,
            r.net_saving,
            r.cumulative_net_saving,
        ] {
            put(ws, pounds(money), &f.money)?;
        }
    }
    ws.set_row_height(0, 45)?;
    ws.set_column_width(0, 11)?;
    for col in 1..titles.len() as u16 {
        ws.set_column_width(col, 13)?;
    }
    Ok(())
}

/// Writes the projection as an Excel workbook with four sheets:
/// "Summary" (name, start, horizon, totals, payback month), "Levers" (each
/// lever with its value and unit, and beside it the baseline figure it acts
/// on: in-house places, residential children, monthly entries, weekly unit
/// costs, exit rates), "By financial year" and "By month". Each sheet's
/// header row is bold and frozen; money is pounds formatted `£#,##0`, dates
/// are Excel dates formatted `dd/mm/yyyy`.
pub fn write_scenario_xlsx(
    path: &Path,
    name: &str,
    levers: &Levers,
    baseline: &Baseline,
    p: &Projection,
) -> Result<(), ScenarioExportError> {
    let build = || -> Result<(), XlsxError> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        summary_sheet(wb.add_worksheet(), &f, name, levers, baseline, p)?;
        levers_sheet(wb.add_worksheet(), &f, levers, baseline)?;
        years_sheet(wb.add_worksheet(), &f, p)?;
        months_sheet(wb.add_worksheet(), &f, p)?;
        wb.save(path)
    };
    build().map_err(|e| ScenarioExportError::Write {
        path: path.to_path_buf(),
        source: Box::new(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_text_is_exact() {
        assert_eq!(pounds_text(Pence(0)), "0.00");
        assert_eq!(pounds_text(Pence(5)), "0.05");
        assert_eq!(pounds_text(Pence(-5)), "-0.05");
        assert_eq!(pounds_text(Pence(123_456_789)), "1234567.89");
        assert_eq!(pounds_text(Pence(-100)), "-1.00");
    }

    /// Every number lever has its row, by its export name: a lever added
    /// to the list appears without this sheet being touched.
    #[test]
    fn every_number_lever_has_a_row() {
        let data = crate::county::CountyData::default();
        let b = Baseline::from_data(&data, jiff::civil::date(2026, 4, 1), 12);
        let f = Formats::new();
        let rows = lever_rows(&Levers::default(), &b, &f);
        for spec in LEVERS {
            assert_eq!(
                rows.iter().filter(|r| r.lever == spec.name).count(),
                1,
                "{}",
                spec.key
            );
        }
    }

    #[test]
    fn format_follows_the_extension() {
        let f = |p: &str| ScenarioExportFormat::from_path(Path::new(p));
        assert_eq!(f("a.csv").unwrap(), ScenarioExportFormat::Csv);
        assert_eq!(f("b.XLSX").unwrap(), ScenarioExportFormat::Xlsx);
        let e = f("c.txt").unwrap_err().to_string();
        assert!(e.contains(".csv or .xlsx"), "{e}");
        assert!(f("noext").is_err());
    }
}
