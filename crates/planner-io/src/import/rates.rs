//! Cost rates from a CSV file (`rates import`, the Costs screen's "Import
//! rates…"): one row per category and financial year.
//!
//! Columns (any case): `category` (code or name), `financial_year` (2025 or
//! 2025-26), `weekly_cost` in pounds, and optionally `source`. A row with a
//! blank weekly cost is a row the council has not filled in yet (the
//! template lists every category): it is left out with a note. A bad
//! category, year or amount refuses the row, naming line, column and value;
//! nothing is written unless the user leaves such rows out.

use super::csv_file::{CsvFile, IssueList};
use super::{ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use crate::model::date::financial_year_of;
use crate::model::settings::{
    financial_year_label, parse_category, parse_financial_year, parse_weekly_rate,
};
use crate::model::{CostRate, PlacementCategory};
use crate::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

/// The largest rates file read: a few hundred rows at most in practice.
pub const MAX_RATES_BYTES: u64 = 10 * 1024 * 1024;

/// The source written for a row whose `source` column is blank or absent.
pub const DEFAULT_SOURCE: &str = "imported rates file";

/// A checked rates file, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct RatesPlan {
    pub file: String,
    /// The good rows, one per category and year (a later row for the same
    /// pair wins, with a warning).
    pub rates: Vec<CostRate>,
    pub summary: ImportSummary,
}

/// The rates template: every category for the financial year of `today`,
/// the weekly cost left for the council to fill in.
pub fn rates_template(today: jiff::civil::Date) -> String {
    let year = financial_year_label(financial_year_of(today));
    let mut out = String::from("category,financial_year,weekly_cost,source\n");
    for c in PlacementCategory::ALL {
        out.push_str(&format!("{},{year},,\n", c.code()));
    }
    out
}

/// Reads and checks a rates file against the stored rates.
pub fn preview_rates(
    path: &Path,
    store: &Store,
    progress: &Progress,
) -> Result<RatesPlan, ImportError> {
    let mut file = CsvFile::open(path, progress, MAX_RATES_BYTES)?;
    let label = file.label.clone();
    let cat_col = file.require(&["category"])?;
    let year_col = file.require(&["financial_year", "year"])?;
    let cost_col = file.require(&["weekly_cost", "weekly_cost_pounds", "weekly"])?;
    let source_col = file.column(&["source"]);
    let stored = store.settings()?.cost_rates;

    let mut rejected = IssueList::default();
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let mut by_key: BTreeMap<(PlacementCategory, i32), (u64, CostRate)> = BTreeMap::new();
    let mut buf = csv::ByteRecord::new();
    while let Some(row) = file.next_row(&mut buf, progress, &mut rejected)? {
        let line = row.line;
        let header = |i: usize| file.header.get(i).cloned().unwrap_or_default();
        let mut bad = |col: usize, value: &str, reason: String| {
            rejected.push(ImportIssue::at(&label, line, &header(col), value, reason));
        };
        if row.get(cost_col).trim().is_empty() {
            notes.push(ImportIssue::at(
                &label,
                line,
                &header(cost_col),
                "",
                format!(
                    "no weekly cost given for {} {}: left out",
                    row.get(cat_col).trim(),
                    row.get(year_col).trim()
                ),
            ));
            continue;
        }
        let category = parse_category(row.get(cat_col));
        let year = parse_financial_year(row.get(year_col));
        let cost = parse_weekly_rate(row.get(cost_col));
        let (category, year, cost) = match (category, year, cost) {
            (Ok(c), Ok(y), Ok(w)) => (c, y, w),
            (c, y, w) => {
                if let Err(e) = c {
                    bad(cat_col, row.get(cat_col), e);
                }
                if let Err(e) = y {
                    bad(year_col, row.get(year_col), e);
                }
                if let Err(e) = w {
                    bad(cost_col, row.get(cost_col), e);
                }
                continue;
            }
        };
        let source = source_col
            .map(|i| row.get(i).trim())
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SOURCE)
            .to_string();
        let rate = CostRate {
            category,
            financial_year: year,
            weekly_cost: cost,
            source,
        };
        if let Some((earlier, _)) = by_key.insert((category, year), (line, rate)) {
            warnings.push(ImportIssue::row(
                &label,
                line,
                format!(
                    "{} {} is also on line {earlier}; this line's rate is used",
                    category.label(),
                    financial_year_label(year)
                ),
            ));
        }
    }

    let rates: Vec<CostRate> = by_key.into_values().map(|(_, r)| r).collect();
    let mut summary = ImportSummary {
        kind: "cost rates".into(),
        rejected: rejected.finish(&label, "rows refused"),
        warnings,
        data_quality: notes,
        ..ImportSummary::default()
    };
    for r in &rates {
        match stored
            .iter()
            .find(|s| s.category == r.category && s.financial_year == r.financial_year)
        {
            None => summary.to_add += 1,
            Some(s) if s.weekly_cost == r.weekly_cost && s.source == r.source => {
                summary.unchanged += 1
            }
            Some(_) => summary.to_update += 1,
        }
    }
    Ok(RatesPlan {
        file: label,
        rates,
        summary,
    })
}

/// Writes a previewed rates file in one transaction.
pub fn apply_rates(
    store: &mut Store,
    plan: &RatesPlan,
    rejected: RejectedRows,
) -> Result<ImportSummary, ImportError> {
    if rejected == RejectedRows::Refuse && !plan.summary.rejected.is_empty() {
        return Err(ImportError::Rejected(plan.summary.rejected.clone()));
    }
    store.put_rates(&plan.rates)?;
    Ok(plan.summary.clone())
}
