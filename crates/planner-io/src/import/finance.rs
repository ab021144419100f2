//! Placement costs from the finance system's export (ContrOCC, Oracle,
//! SAP…): what the council actually pays.
//!
//! One row per placement price: `child` (the child's reference), `start_date`
//! (the day the price applies from: the placement's start or an invoice
//! period's first day) and `weekly_cost` in pounds; optionally `end_date`,
//! `provider_name`, `ofsted_urn` and `invoice_period`, which are checked
//! against the records but never change them.
//!
//! Each row is matched to the child's stored placement open on its date.
//! A row that matches no placement, or more than one, is refused with the
//! reason: the app never guesses. A price from the placement's start
//! becomes its cost; a different price from a later day becomes a dated fee
//! change, so earlier days keep the price of their time. A row repeating the
//! price already in effect changes nothing.

use super::csv_file::{CsvFile, IssueList};
use super::{ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use crate::costing::outlier_warning;
use crate::model::{format_uk_date, parse_uk_date, FeeChange, Pence, Placement};
use crate::store::Store;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The largest finance file read (a county's invoice lines over years).
pub const MAX_FINANCE_BYTES: u64 = 200 * 1024 * 1024;

/// The finance template's header.
pub const FINANCE_COLUMNS: [&str; 7] = [
    "child",
    "start_date",
    "weekly_cost",
    "end_date",
    "provider_name",
    "ofsted_urn",
    "invoice_period",
];

/// The finance template: its header, for the finance team to fill in.
pub fn finance_template() -> String {
    format!("{}\n", FINANCE_COLUMNS.join(","))
}

/// A checked finance file: the placements whose cost changes.
#[derive(Debug, Clone, PartialEq)]
pub struct FinancePlan {
    pub file: String,
    /// Each placement as it will be written.
    pub updates: Vec<Placement>,
    pub summary: ImportSummary,
}

/// One good row, matched to a placement.
struct Price {
    line: u64,
    from: Date,
    weekly: Pence,
}

/// Reads the file and matches every row to a stored placement.
pub fn preview_finance(
    path: &Path,
    store: &Store,
    progress: &Progress,
) -> Result<FinancePlan, ImportError> {
    let mut file = CsvFile::open(path, progress, MAX_FINANCE_BYTES)?;
    let label = file.label.clone();
    let child_col = file.require(&["child", "child_reference", "child_id", "CHILD"])?;
    let date_col = file.require(&["start_date", "placement_start", "from", "date"])?;
    let cost_col = file.require(&["weekly_cost", "weekly_cost_pounds", "weekly"])?;
    let end_col = file.column(&["end_date", "placement_end"]);
    let urn_col = file.column(&["ofsted_urn", "urn"]);

    let children: HashSet<String> = store.children()?.into_iter().map(|c| c.id).collect();
    let mut placements: HashMap<String, Vec<Placement>> = HashMap::new();
    for p in store.placements()? {
        placements.entry(p.child_id.clone()).or_default().push(p);
    }
    let home_urns: HashMap<String, Option<String>> = store
        .homes()?
        .into_iter()
        .map(|h| (h.id, h.ofsted_urn))
        .collect();

    let mut rejected = IssueList::default();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let mut prices: BTreeMap<i64, Vec<Price>> = BTreeMap::new();
    let mut rows = 0usize;
    let mut buf = csv::ByteRecord::new();
    while let Some(row) = file.next_row(&mut buf, progress, &mut rejected)? {
        rows += 1;
        let line = row.line;
        let column = |i: usize| file.header.get(i).cloned().unwrap_or_default();
        let at = |i: usize, value: &str, reason: String| {
            ImportIssue::at(&label, line, &column(i), value, reason)
        };
        let child = row.get(child_col).trim();
        if !children.contains(child) {
            rejected.push(at(
                child_col,
                child,
                format!("child {child} is not in the records; import the child first"),
            ));
            continue;
        }
        let from = match parse_uk_date(row.get(date_col)) {
            Ok(d) => d,
            Err(e) => {
                rejected.push(at(date_col, row.get(date_col), e));
                continue;
            }
        };
        let weekly = match Pence::parse_weekly_cost(row.get(cost_col)) {
            Ok(p) => p,
            Err(e) => {
                rejected.push(at(cost_col, row.get(cost_col), e));
                continue;
            }
        };
        let open: Vec<&Placement> = placements
            .get(child)
            .map(|ps| ps.iter().filter(|p| p.is_open_on(from)).collect())
            .unwrap_or_default();
        let placement = match open.as_slice() {
            [one] => *one,
            [] => {
                let held: Vec<String> = placements
                    .get(child)
                    .map(|ps| ps.iter().map(placement_span).collect())
                    .unwrap_or_default();
                rejected.push(at(
                    date_col,
                    row.get(date_col),
                    format!(
                        "child {child} has no placement open on {}; the stored placements are: {}",
                        format_uk_date(from),
                        if held.is_empty() {
                            "none".to_string()
                        } else {
                            held.join(", ")
                        }
                    ),
                ));
                continue;
            }
            many => {
                let spans: Vec<String> = many.iter().map(|p| placement_span(p)).collect();
                rejected.push(at(
                    date_col,
                    row.get(date_col),
                    format!(
                        "child {child} has {} placements open on {} ({}); the row could be \
                         either, so it is not used",
                        many.len(),
                        format_uk_date(from),
                        spans.join("; ")
                    ),
                ));
                continue;
            }
        };
        if let Some(w) = outlier_warning(weekly) {
            warnings.push(at(cost_col, row.get(cost_col), w));
        }
        if let Some(i) = end_col {
            let text = row.get(i).trim();
            if !text.is_empty() {
                match parse_uk_date(text) {
                    Ok(end) if end < from => {
                        rejected.push(at(
                            i,
                            text,
                            format!(
                                "the end date is before the start date {}",
                                format_uk_date(from)
                            ),
                        ));
                        continue;
                    }
                    Ok(end) if placement.end.is_some_and(|e| e != end) => notes.push(at(
                        i,
                        text,
                        format!(
                            "the records end this placement on {}; the records are kept",
                            placement.end.map(format_uk_date).unwrap_or_default()
                        ),
                    )),
                    Ok(_) => {}
                    Err(e) => notes.push(at(i, text, format!("{e}; the end date is ignored"))),
                }
            }
        }
        if let (Some(i), Some(home)) = (urn_col, placement.home_id()) {
            let urn = row.get(i).trim();
            let stored = home_urns.get(home).cloned().flatten();
            if !urn.is_empty()
                && stored
                    .as_deref()
                    .is_some_and(|s| !s.eq_ignore_ascii_case(urn))
            {
                warnings.push(at(
                    i,
                    urn,
                    format!(
                        "the placement is in home {home}, whose Ofsted URN is {}; the cost is \
                         still matched by child and date",
                        stored.unwrap_or_default()
                    ),
                ));
            }
        }
        prices
            .entry(placement.id)
            .or_default()
            .push(Price { line, from, weekly });
    }

    let by_id: HashMap<i64, &Placement> =
        placements.values().flatten().map(|p| (p.id, p)).collect();
    let mut updates = Vec::new();
    let mut unchanged = 0;
    for (id, mut list) in prices {
        let Some(stored) = by_id.get(&id) else {
            continue;
        };
        list.sort_by_key(|p| (p.from, p.line));
        let mut p = (*stored).clone();
        let mut seen: HashMap<Date, u64> = HashMap::new();
        for price in &list {
            if let Some(earlier) = seen.insert(price.from, price.line) {
                warnings.push(ImportIssue::row(
                    &label,
                    price.line,
                    format!(
                        "line {earlier} also prices this placement from {}; this line's cost is used",
                        format_uk_date(price.from)
                    ),
                ));
            }
            set_price(&mut p, price.from, price.weekly);
        }
        if p == **stored {
            unchanged += 1;
        } else {
            updates.push(p);
        }
    }
    let priced = updates.len() + unchanged;
    let summary = ImportSummary {
        kind: "placement costs from finance".into(),
        to_update: updates.len(),
        unchanged,
        rejected: rejected.finish(&label, "rows refused"),
        warnings,
        data_quality: notes,
        read_as: vec![format!(
            "{rows} row{} read; {priced} placement{} priced",
            if rows == 1 { "" } else { "s" },
            if priced == 1 { "" } else { "s" }
        )],
        ..ImportSummary::default()
    };
    Ok(FinancePlan {
        file: label,
        updates,
        summary,
    })
}

/// Puts a price from `from` into a placement: its cost from the start when
/// `from` is the start day (or earlier), else a fee change on that day
/// unless the price in effect is already the same.
fn set_price(p: &mut Placement, from: Date, weekly: Pence) {
    if from <= p.start {
        p.weekly_cost = Some(weekly);
        return;
    }
    p.fee_changes.retain(|f| f.from != from);
    if p.own_cost_on(from) == Some(weekly) {
        return;
    }
    p.fee_changes.push(FeeChange { from, weekly });
    p.fee_changes.sort_by_key(|f| f.from);
}

/// "from 01/04/2025 to 30/09/2025" or "from 01/04/2025 (open)".
fn placement_span(p: &Placement) -> String {
    match p.end {
        Some(e) => format!("from {} to {}", format_uk_date(p.start), format_uk_date(e)),
        None => format!("from {} (open)", format_uk_date(p.start)),
    }
}

/// Writes a previewed finance file in one transaction.
pub fn apply_finance(
    store: &mut Store,
    plan: &FinancePlan,
    rejected: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    if rejected == RejectedRows::Refuse && !plan.summary.rejected.is_empty() {
        return Err(ImportError::Rejected(plan.summary.rejected.clone()));
    }
    progress.set_total(plan.updates.len() as u64);
    store.import_batch(|batch| {
        for (i, p) in plan.updates.iter().enumerate() {
            progress.check()?;
            progress.set_done(i as u64);
            batch.update_placement(p)?;
        }
        Ok::<(), ImportError>(())
    })?;
    Ok(plan.summary.clone())
}
