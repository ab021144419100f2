//! Bringing a council's own data in: the SSDA903 return, the ONS postcode
//! directory, the council's boundary, and CSV templates for carers, homes
//! and children.
//!
//! Every import works the same way:
//! 1. **preview**: read and check every row without writing anything, and
//!    say what would happen ([`ImportSummary`]: rows to add, update, leave
//!    alone, reject, and data-quality notes);
//! 2. **apply**: do it in one transaction. A file with a rejected row is
//!    refused unless the user asked to leave those rows out
//!    ([`RejectedRows::Skip`]); a file that cannot be read at all (missing
//!    column, empty, not UTF-8, truncated) is always refused.
//!
//! Long imports report [`Progress`] and can be cancelled; cancelling rolls
//! the transaction back, so nothing is half-written. Every problem names
//! the file, line, column, value and reason ([`ImportIssue`]).

use crate::store::StoreError;
use serde::Serialize;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The longest field accepted in any imported file, in characters.
pub const MAX_FIELD_CHARS: usize = 1_000;
/// The longest value quoted back in a message, in characters.
const MAX_QUOTED_CHARS: usize = 60;

/// Where in which file something is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportIssue {
    /// The file's name as the user gave it (not the full path).
    pub file: String,
    /// 1-based line in the file (the header is line 1); `None` for the file
    /// as a whole.
    pub line: Option<u64>,
    /// The column's name as in the file's header.
    pub column: Option<String>,
    /// The value found (shortened for display).
    pub value: Option<String>,
    pub reason: String,
}

impl ImportIssue {
    /// A problem with the whole file.
    pub fn file(file: &str, reason: impl Into<String>) -> ImportIssue {
        ImportIssue {
            file: file.to_string(),
            line: None,
            column: None,
            value: None,
            reason: reason.into(),
        }
    }

    /// A problem with one value.
    pub fn at(
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        reason: impl Into<String>,
    ) -> ImportIssue {
        ImportIssue {
            file: file.to_string(),
            line: Some(line),
            column: Some(column.to_string()),
            value: Some(shorten(value)),
            reason: reason.into(),
        }
    }

    /// A problem with a whole row.
    pub fn row(file: &str, line: u64, reason: impl Into<String>) -> ImportIssue {
        ImportIssue {
            file: file.to_string(),
            line: Some(line),
            column: None,
            value: None,
            reason: reason.into(),
        }
    }
}

/// A value shortened for a message: at most 60 characters, with "…".
pub fn shorten(value: &str) -> String {
    if value.chars().count() <= MAX_QUOTED_CHARS {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(MAX_QUOTED_CHARS).collect();
        s.push('…');
        s
    }
}

impl fmt::Display for ImportIssue {
    /// `episodes.csv line 12, column DECOM, value '31/02/2024': not a real date`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, " line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{v}'")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import would do (preview) or did (apply).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    /// What was imported, in words: "SSDA903 return", "postcode directory".
    pub kind: String,
    pub to_add: usize,
    pub to_update: usize,
    pub unchanged: usize,
    /// Rows that are not (or would not be) imported, each with the reason.
    pub rejected: Vec<ImportIssue>,
    /// Rows imported but worth a look: an unknown postcode (distance "not
    /// known"), an open episode past the 18th birthday.
    pub data_quality: Vec<ImportIssue>,
}

impl ImportSummary {
    /// "412 to add, 3 to update, 0 unchanged, 2 rejected, 5 data-quality notes"
    pub fn counts_text(&self) -> String {
        format!(
            "{} to add, {} to update, {} unchanged, {} rejected, {} data-quality notes",
            self.to_add,
            self.to_update,
            self.unchanged,
            self.rejected.len(),
            self.data_quality.len()
        )
    }
}

/// Whether rows that failed their checks may be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RejectedRows {
    /// Any rejected row refuses the whole import (the default).
    #[default]
    Refuse,
    /// Import the good rows, leave the rejected ones out (only when the
    /// user says so).
    Skip,
}

/// Why an import did not happen. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be used.
    #[error("{0}")]
    Unreadable(ImportIssue),
    /// Some rows were rejected and the user did not ask to leave them out.
    #[error("{} rows were rejected, so nothing was imported; the first: {}", .0.len(), .0.first().map(|i| i.to_string()).unwrap_or_default())]
    Rejected(Vec<ImportIssue>),
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Default)]
struct ProgressState {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

/// Progress of a long import, shared between the thread doing it and the
/// window showing it; also how the window asks it to stop. Units are the
/// importer's (bytes read, usually).
#[derive(Debug, Clone, Default)]
pub struct Progress {
    state: Arc<ProgressState>,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    pub fn set_total(&self, total: u64) {
        self.state.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.state.done.store(done, Ordering::Relaxed);
    }

    /// Done as a fraction of the total, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.state.total.load(Ordering::Relaxed);
        (total > 0).then(|| {
            (self.state.done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32
        })
    }

    /// Asks the import to stop; it rolls back and returns
    /// [`ImportError::Cancelled`].
    pub fn cancel(&self) {
        self.state.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: for `?` inside an import's loop.
    pub fn check(&self) -> Result<(), ImportError> {
        if self.is_cancelled() {
            Err(ImportError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The file name of a path, for messages.
pub fn file_label(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_names_file_line_column_value_and_reason() {
        let i = ImportIssue::at("episodes.csv", 12, "DECOM", "31/02/2024", "not a real date");
        assert_eq!(
            i.to_string(),
            "episodes.csv line 12, column DECOM, value '31/02/2024': not a real date"
        );
        assert_eq!(
            ImportIssue::file("header.csv", "the file is empty").to_string(),
            "header.csv: the file is empty"
        );
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = "x".repeat(10_000);
        let i = ImportIssue::at("a.csv", 2, "NAME", &long, "too long");
        assert_eq!(i.value.as_ref().unwrap().chars().count(), 61);
        assert!(i.value.unwrap().ends_with('…'));
    }

    #[test]
    fn progress_is_shared_and_cancellable() {
        let p = Progress::new();
        let seen_by_window = p.clone();
        assert_eq!(seen_by_window.fraction(), None);
        p.set_total(200);
        p.set_done(50);
        assert_eq!(seen_by_window.fraction(), Some(0.25));
        assert!(p.check().is_ok());
        seen_by_window.cancel();
        assert!(matches!(p.check(), Err(ImportError::Cancelled)));
    }
}
