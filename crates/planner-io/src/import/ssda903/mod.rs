//! The SSDA903 return: the header and episodes tables every council sends
//! DfE, turned into children and their placement history.
//!
//! # Files and columns
//!
//! Both files are CSV with a header line; column names are matched ignoring
//! case and surrounding spaces, and extra columns are ignored. Dates are
//! DD/MM/YYYY (ISO YYYY-MM-DD is accepted too).
//!
//! - **header** ([`HEADER_REQUIRED`]): `CHILD`, `SEX`, `DOB`. `ETHNIC`,
//!   `UPN`, `MOTHER` and `MC_DOB` may be present and are not used.
//! - **episodes** ([`EPISODES_REQUIRED`]): `CHILD`, `DECOM`, `RNE`, `LS`,
//!   `CIN`, `PLACE`, `PLACE_PROVIDER`, `DEC`, `REC`, `HOME_POST`, `PL_POST`;
//!   `REASON_PLACE_CHANGE` is used when present; `URN` is not used.
//! - either may have `YEAR` and `LA` columns: one file holding several
//!   returns, or several councils ([`returns`] says how they are read). The
//!   returns are taken oldest first, exactly as if each had been imported
//!   in turn.
//!
//! # How a return becomes records
//!
//! | SSDA903 | model |
//! |---|---|
//! | header CHILD | `Child::id` (at most 20 characters) |
//! | — | `Child::name`: SSDA903 holds no names, so a new child is called "Child {CHILD}"; a child already in the store keeps its name, disability and sibling group |
//! | SEX, DOB | `Child::sex`, `Child::date_of_birth` |
//! | LS, CIN of the latest episode | `Child::legal_status`, `Child::category_of_need` |
//! | HOME_POST of the latest episode | `Child::home_postcode` (location from the postcode directory) |
//! | episodes with RNE `S`, gaps between episodes | periods of care: `Child::earlier_periods`, and the current one's start `Child::entered_care` (see `periods.rs`) |
//! | latest episode open | status looked after, no leaving date |
//! | latest episode closed with REC other than `X1` | status left care, `left_care` = its DEC |
//! | each episode | one `Placement` (no merging of episodes): `start` = DECOM, `end` = DEC, `place` = PLACE, `provider` = PLACE_PROVIDER, `postcode` = PL_POST, setting "elsewhere" (the return names no carer household) |
//! | REASON_PLACE_CHANGE | `reason_for_change` of the placement that ended when this episode began |
//!
//! **Weekly cost**: SSDA903 holds none. Each placement takes the council's
//! rate ([`crate::model::Settings::rate`]) for its category in the
//! financial year of its last day (its DEC, or for an open placement the
//! end of the return's collection year), else the latest earlier year with
//! a rate, else 0. A placement already stored with the same start, PLACE and
//! PLACE_PROVIDER keeps its weekly cost (when not 0) and its carer or home,
//! so costs and links entered in the app survive a re-import.
//!
//! **Code lists** go by the return's collection year, not by the
//! episode's start, as DfE checks them (rule 146): an episode open since
//! 2023 carries K3 in the 2025-26 return. The lists by year are in
//! [`crate::model::return_year`].
//!
//! # Re-imports
//!
//! Each child is compared with what the store holds. The source whose
//! latest date (any DECOM or DEC) is later is the newer for that child (a
//! tie goes to the file):
//! - file newer: its episodes replace the stored placements from its first
//!   DECOM on (a stored placement with the same start is updated in place,
//!   keeping its id); earlier stored history is kept. A stored placement
//!   still open that the return no longer holds is ended (or replaced) and
//!   listed as a data-quality note.
//! - store newer (an older return imported late): the stored history is
//!   kept and only episodes that ended before it begins are added.
//!
//! Children identical to what is stored are "unchanged". Summary counts are
//! children (each with all its episodes).
//!
//! # Findings: refused, imported with a warning, notes
//!
//! Like DfE's validator, the import sorts what it finds into three kinds,
//! naming the validator's rule where there is one:
//!
//! - **refused** (the import is refused unless the user leaves them out;
//!   then only that child is left out, in that return): bad dates, codes
//!   not on the year's list (146), DEC before DECOM, dates after the
//!   return's year, two different episodes starting the same day,
//!   overlapping closed episodes, a CHILD twice in one year's header with
//!   different details, a field longer than [`crate::import::MAX_FIELD_CHARS`], a `YEAR`
//!   that is not a year. A child is imported whole or not at all: when one
//!   of its rows is refused its other rows are listed as refused too.
//! - **imported with a warning** (DfE would flag it; the meaning is clear):
//!   a REC on an open episode (ignored); a provider on a T0–T4 or Z code
//!   (ignored; 213, 178); an earlier episode still open when the next
//!   begins (ended on the next DECOM; 142); the same episode twice (read
//!   once); a CHILD twice in a header with the same details (one child); a
//!   date of birth that changed since an earlier return (the newer is
//!   used); an episode still open at the end of last year's return whose
//!   child this year's return does not hold (looked after to last year's
//!   31 March, as that return says; left care on 1 April). A return of a
//!   later year than any that held a child is newer than what is stored,
//!   whatever its dates: an episode ended that way is open again when a
//!   later return holds it open.
//! - **notes** (imported, worth a look): missing, malformed or unknown
//!   postcodes (distance "not known", as in DfE's derivation); episodes
//!   whose child is missing from the header (left out, unless the child is
//!   already stored); header children without episodes; open episodes of
//!   children past their 18th birthday at the end of the collection year;
//!   open placements a newer return no longer holds.

mod history;
mod periods;
pub mod returns;
mod rows;
mod table;

use super::{file_label, ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use crate::model::{Child, CollectionYear, Placement};
use crate::store::Store;
use std::path::Path;

const KIND: &str = "SSDA903 return";

/// The largest SSDA903 file (header or episodes) read, in bytes: each is
/// read whole, and a large council's episodes file is a few MB.
pub const MAX_SSDA903_BYTES: u64 = 500 << 20;

/// Columns the header file must have.
pub const HEADER_REQUIRED: &[&str] = &["CHILD", "SEX", "DOB"];
/// Columns the episodes file must have.
pub const EPISODES_REQUIRED: &[&str] = &[
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "HOME_POST",
    "PL_POST",
];
/// Episode columns used when present.
pub const EPISODES_OPTIONAL: &[&str] = &["REASON_PLACE_CHANGE"];

/// How to read the files, where they do not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ssda903Options {
    /// The collection year of a file without a `YEAR` column (else from the
    /// file name, else from its latest date).
    pub year: Option<CollectionYear>,
    /// The council to import from a file with an `LA` column holding
    /// several (matched ignoring case).
    pub la: Option<String>,
}

/// What an SSDA903 import would write: made by [`preview_ssda903`],
/// written by [`apply_ssda903`].
#[derive(Debug, Clone)]
pub struct Ssda903Plan {
    changes: Vec<ChildChange>,
    /// The returns read, oldest first, with the children each held.
    returns: Vec<(CollectionYear, Vec<String>)>,
    files: (String, String),
    summary: ImportSummary,
}

/// One child to add or update, with the placement rows to write.
#[derive(Debug, Clone)]
struct ChildChange {
    child: Child,
    inserts: Vec<Placement>,
    updates: Vec<Placement>,
    deletes: Vec<i64>,
}

impl Ssda903Plan {
    /// What the import would do: children to add, update, leave alone, and
    /// the findings.
    pub fn summary(&self) -> &ImportSummary {
        &self.summary
    }

    /// The children the import would add or update, as they would be saved.
    pub fn children(&self) -> impl Iterator<Item = &Child> {
        self.changes.iter().map(|c| &c.child)
    }

    /// The collection years read, oldest first.
    pub fn years(&self) -> Vec<CollectionYear> {
        self.returns.iter().map(|(y, _)| *y).collect()
    }
}

/// Orders issues by file (header first) and line.
fn sort_issues(issues: &mut [ImportIssue], header_file: &str) {
    issues.sort_by_key(|i| (i.file != header_file, i.line.unwrap_or(0)));
}

/// [`preview_ssda903_with`] with the files' own years and a single council.
pub fn preview_ssda903(
    header: &Path,
    episodes: &Path,
    store: &Store,
    progress: &Progress,
) -> Result<Ssda903Plan, ImportError> {
    preview_ssda903_with(
        header,
        episodes,
        store,
        &Ssda903Options::default(),
        progress,
    )
}

/// Reads both files and works out what importing them would do, writing
/// nothing. Refuses ([`ImportError::unreadable`]) a file that cannot be
/// used at all, and asks ([`ImportError::ChooseCouncil`]) which council to
/// import from a file holding several; rows that fail their checks are
/// listed in the summary's `rejected`. Progress is in bytes read, then
/// checked. Cancelling returns [`ImportError::Cancelled`].
pub fn preview_ssda903_with(
    header: &Path,
    episodes: &Path,
    store: &Store,
    opts: &Ssda903Options,
    progress: &Progress,
) -> Result<Ssda903Plan, ImportError> {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let header_size = size(header);
    let total = header_size + size(episodes);
    progress.set_total(total);
    progress.set_done(0);
    let h = table::read_table(header, HEADER_REQUIRED, progress, 0)?;
    let e = table::read_table(episodes, EPISODES_REQUIRED, progress, header_size)?;
    progress.check()?;
    let names = (file_label(header), file_label(episodes));
    let split = returns::split(&h, &e, (&names.0, &names.1), opts)?;

    let mut history = history::History::load(store)?;
    history.know_file_headers(&h, &split.returns);
    for r in &split.returns {
        history.take_return(&h, &e, r, &split.refused_children, progress)?;
    }
    let (changes, to_add, to_update, unchanged) = history.changes();
    let mut findings = history.findings;
    findings.refused.extend(split.refused);
    sort_issues(&mut findings.refused, &h.file);
    sort_issues(&mut findings.warnings, &h.file);
    sort_issues(&mut findings.notes, &h.file);
    progress.set_done(total);
    Ok(Ssda903Plan {
        changes,
        returns: history.recorded,
        files: names,
        summary: ImportSummary {
            kind: KIND.to_string(),
            to_add,
            to_update,
            unchanged,
            rejected: findings.refused,
            warnings: findings.warnings,
            data_quality: findings.notes,
            read_as: split.read_as,
        },
    })
}

/// Writes a previewed plan in one transaction. With rejected rows in the
/// plan it refuses ([`ImportError::Rejected`]) unless `rejected` is
/// [`RejectedRows::Skip`], which imports every child none of whose rows
/// was rejected. Cancelling (at any point before the commit) rolls
/// everything back and returns [`ImportError::Cancelled`]. Returns what
/// was done.
///
/// The plan was worked out against the store as it was at preview; preview
/// again if anything else has written since.
pub fn apply_ssda903(
    store: &mut Store,
    plan: &Ssda903Plan,
    rejected: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    if !plan.summary.rejected.is_empty() && rejected == RejectedRows::Refuse {
        return Err(ImportError::Rejected(plan.summary.rejected.clone()));
    }
    let total = plan.changes.len() as u64;
    progress.set_total(total);
    progress.set_done(0);
    store.import_batch(|batch| -> Result<(), ImportError> {
        for (n, c) in plan.changes.iter().enumerate() {
            if n.is_multiple_of(256) {
                progress.set_done(n as u64);
            }
            batch.upsert_child(&c.child)?;
            for &id in &c.deletes {
                batch.delete_placement(id)?;
            }
            for p in &c.updates {
                batch.update_placement(p)?;
            }
            for p in &c.inserts {
                batch.insert_placement(p)?;
            }
            // After each child's writes, so a cancel always has something
            // to roll back (an atomic load: cheap).
            progress.check()?;
        }
        for (year, children) in &plan.returns {
            batch.record_return(*year, &plan.files.0, &plan.files.1, children)?;
        }
        // The last moment a cancel can still undo everything.
        Ok(progress.check()?)
    })?;
    progress.set_done(total);
    Ok(plan.summary.clone())
}
