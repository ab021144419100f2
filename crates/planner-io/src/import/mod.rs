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

pub mod boundary;
mod csv_file;
pub mod finance;
pub mod postcodes;
pub mod rates;
mod source;
pub mod ssda903;
pub mod templates;

pub use csv_file::MAX_LISTED_ISSUES;
pub use source::ImportSource;

use crate::store::StoreError;
use serde::Serialize;
use std::fmt;

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
    /// What is wrong and what the app did about it.
    pub reason: String,
    /// The DfE validator rule that flags the same thing, when there is one
    /// (SSDA903 only): "146", "142".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<DfeRule>,
    /// For a row refused only because another row was (a child is
    /// imported whole or not at all): that row's file and line, the cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because_of: Option<Box<(String, u64)>>,
}

/// The rules of DfE's SSDA903 validator (`csc-validator-be-903`) that the
/// import names beside what it finds, by their numbers there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DfeRule {
    /// A new episode started but the previous one has not ended.
    R142,
    /// The placement type (PLACE) is not on the year's code list.
    R146,
    /// The placement provider does not fit the placement type.
    R178,
    /// Placement provider information not required (T0 to T4).
    R213,
}

impl DfeRule {
    /// The rule's number, as the validator names it: "146".
    pub fn code(self) -> &'static str {
        match self {
            DfeRule::R142 => "142",
            DfeRule::R146 => "146",
            DfeRule::R178 => "178",
            DfeRule::R213 => "213",
        }
    }
}

impl Serialize for DfeRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
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
            rule: None,
            because_of: None,
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
            rule: None,
            because_of: None,
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
            rule: None,
            because_of: None,
        }
    }

    /// The same issue, refused only because the row at `file` `line` was.
    pub fn because_of(mut self, file: &str, line: u64) -> ImportIssue {
        self.because_of = Some(Box::new((file.to_string(), line)));
        self
    }

    /// The same issue, naming the DfE validator rule that flags it.
    pub fn with_rule(mut self, rule: DfeRule) -> ImportIssue {
        self.rule = Some(rule);
        self
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
        write!(f, ": {}", self.reason)?;
        if let Some(r) = self.rule {
            write!(f, " (DfE rule {})", r.code())?;
        }
        Ok(())
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
    /// Rows that are not (or would not be) imported, each with the reason
    /// (refused).
    pub rejected: Vec<ImportIssue>,
    /// Rows imported with a warning: DfE's validator would flag them, but
    /// the meaning is clear and the reason says what the app did (a REC on
    /// an open episode ignored, an earlier episode left open ended when the
    /// next began).
    pub warnings: Vec<ImportIssue>,
    /// Rows imported but worth a look (notes): an unknown postcode
    /// (distance "not known"), an open episode past the 18th birthday.
    pub data_quality: Vec<ImportIssue>,
    /// How the files were read, in sentences: which collection year each
    /// return was read as, which council was picked.
    pub read_as: Vec<String>,
}

/// The three kinds of finding an import reports, as DfE's validator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FindingKind {
    /// The row cannot be read and is not imported.
    Refused,
    /// Imported; DfE would flag it; the reason says what the app did.
    Warning,
    /// Imported; worth a look.
    Note,
}

impl FindingKind {
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Refused => "refused",
            FindingKind::Warning => "imported with a warning",
            FindingKind::Note => "note",
        }
    }
}

impl ImportSummary {
    /// "412 to add, 3 to update, 0 unchanged, 2 refused, 4 warnings, 5 notes"
    pub fn counts_text(&self) -> String {
        format!(
            "{} to add, {} to update, {} unchanged, {} refused, {} {}, {} {}",
            self.to_add,
            self.to_update,
            self.unchanged,
            self.rejected.len(),
            self.warnings.len(),
            if self.warnings.len() == 1 {
                "warning"
            } else {
                "warnings"
            },
            self.data_quality.len(),
            if self.data_quality.len() == 1 {
                "note"
            } else {
                "notes"
            }
        )
    }

    /// Every finding with its kind: refused, then warnings, then notes.
    pub fn findings(&self) -> impl Iterator<Item = (FindingKind, &ImportIssue)> {
        self.rejected
            .iter()
            .map(|i| (FindingKind::Refused, i))
            .chain(self.warnings.iter().map(|i| (FindingKind::Warning, i)))
            .chain(self.data_quality.iter().map(|i| (FindingKind::Note, i)))
    }

    /// The findings as CSV: kind, file, line, column, value, DfE rule and
    /// what the app did. A value that a spreadsheet would run as a formula
    /// (starting `=`, `+`, `-`, `@`, a tab or a carriage return) is written
    /// with a leading apostrophe.
    pub fn findings_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "kind",
            "file",
            "line",
            "column",
            "value",
            "rule",
            "what_the_app_did",
        ]);
        for (kind, i) in self.findings() {
            let line = i.line.map(|l| l.to_string()).unwrap_or_default();
            let _ = w.write_record([
                kind.label(),
                &crate::spreadsheet::csv_text(&i.file),
                &line,
                &crate::spreadsheet::csv_text(i.column.as_deref().unwrap_or("")),
                &crate::spreadsheet::csv_text(i.value.as_deref().unwrap_or("")),
                i.rule.map_or("", DfeRule::code),
                &crate::spreadsheet::csv_text(&i.reason),
            ]);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
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
    /// The file as a whole cannot be used (boxed: the error stays small).
    #[error("{0}")]
    Unreadable(Box<ImportIssue>),
    /// Some rows were rejected and the user did not ask to leave them out.
    /// The message names the first row refused for its own fault, not one
    /// refused only because of it.
    #[error("{}", rejected_text(.0))]
    Rejected(Vec<ImportIssue>),
    /// The files hold several councils and none was chosen: each with its
    /// children, in the order the file first names them.
    #[error("{file} holds {} councils: {}; choose one (--la NAME on the command line)", .councils.len(), ssda903::returns::council_list(.councils))]
    ChooseCouncil {
        file: String,
        councils: Vec<(String, usize)>,
    },
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The first issue that is a cause: refused for its own fault, not only
/// because another row was ([`ImportIssue::because_of`]); else the first.
pub fn first_cause(issues: &[ImportIssue]) -> Option<&ImportIssue> {
    issues
        .iter()
        .find(|i| i.because_of.is_none())
        .or_else(|| issues.first())
}

/// "3 rows were rejected, so nothing was imported; the first cause: …",
/// with how many were refused only because of other rows.
fn rejected_text(issues: &[ImportIssue]) -> String {
    let knock_on = issues.iter().filter(|i| i.because_of.is_some()).count();
    let rows = if issues.len() == 1 {
        "row was"
    } else {
        "rows were"
    };
    let first = first_cause(issues)
        .map(ToString::to_string)
        .unwrap_or_default();
    if knock_on == 0 {
        format!(
            "{} {rows} rejected, so nothing was imported; the first: {first}",
            issues.len()
        )
    } else {
        format!(
            "{} {rows} rejected ({knock_on} of them only because another row was), so nothing \
             was imported; the first cause: {first}",
            issues.len()
        )
    }
}

impl ImportError {
    /// The file as a whole cannot be used, for this reason.
    pub fn unreadable(issue: ImportIssue) -> ImportError {
        ImportError::Unreadable(Box::new(issue))
    }
}

/// Progress of a long import, shared with the window (see [`crate::job`]).
pub use crate::job::Progress;

impl From<crate::job::Cancelled> for ImportError {
    fn from(_: crate::job::Cancelled) -> ImportError {
        ImportError::Cancelled
    }
}

/// What is being imported, and from how many files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportKind {
    /// An SSDA903 return (or several years' or councils' in one pair of
    /// files): the header file, then the episodes file.
    Ssda903(ssda903::Ssda903Options),
    /// The ONS Postcode Directory or NSPL (one CSV).
    Postcodes,
    /// The council's boundary: the feature with this area code from a
    /// GeoJSON file.
    Boundary { code: String },
    /// Carers, homes or children from the CSV template.
    Template(templates::TemplateKind),
    /// Cost rates by category and financial year (one CSV).
    Rates,
    /// Placement costs from the finance system's export (one CSV).
    FinanceCosts,
}

impl ImportKind {
    /// In words, for titles: "SSDA903 return".
    pub fn label(&self) -> String {
        match self {
            ImportKind::Ssda903(_) => "SSDA903 return".into(),
            ImportKind::Postcodes => "postcode directory".into(),
            ImportKind::Boundary { code } => format!("council boundary ({code})"),
            ImportKind::Template(k) => format!("{} template", k.name()),
            ImportKind::Rates => "cost rates".into(),
            ImportKind::FinanceCosts => "placement costs from finance".into(),
        }
    }

    /// How many files it reads.
    pub fn files(&self) -> usize {
        self.source().files()
    }
}

/// A checked import, ready to apply: what [`preview`] found.
pub enum ImportPlan {
    Ssda903(ssda903::Ssda903Plan),
    /// The postcode directory is streamed again on apply (memory stays
    /// flat); the preview only counted.
    Postcodes {
        path: std::path::PathBuf,
        summary: ImportSummary,
    },
    Boundary {
        path: std::path::PathBuf,
        code: String,
        summary: ImportSummary,
    },
    Template(templates::TemplatePlan),
    Rates(rates::RatesPlan),
    FinanceCosts(finance::FinancePlan),
}

impl ImportPlan {
    pub fn summary(&self) -> &ImportSummary {
        match self {
            ImportPlan::Ssda903(p) => p.summary(),
            ImportPlan::Postcodes { summary, .. } | ImportPlan::Boundary { summary, .. } => summary,
            ImportPlan::Template(p) => &p.summary,
            ImportPlan::Rates(p) => &p.summary,
            ImportPlan::FinanceCosts(p) => &p.summary,
        }
    }
}

/// Reads and checks `paths` (see [`ImportKind::files`]) against the
/// database without writing anything.
pub fn preview(
    kind: &ImportKind,
    paths: &[std::path::PathBuf],
    store: &crate::store::Store,
    progress: &Progress,
) -> Result<ImportPlan, ImportError> {
    if paths.len() != kind.files() {
        return Err(ImportError::unreadable(ImportIssue::file(
            &paths
                .iter()
                .map(|p| file_label(p))
                .collect::<Vec<_>>()
                .join(", "),
            format!(
                "the {} needs {} file{}, {} given",
                kind.label(),
                kind.files(),
                if kind.files() == 1 { "" } else { "s" },
                paths.len()
            ),
        )));
    }
    Ok(match kind {
        ImportKind::Ssda903(opts) => ImportPlan::Ssda903(ssda903::preview_ssda903_with(
            &paths[0], &paths[1], store, opts, progress,
        )?),
        ImportKind::Postcodes => ImportPlan::Postcodes {
            summary: postcodes::preview_postcodes_against(store, &paths[0], progress)?,
            path: paths[0].clone(),
        },
        ImportKind::Boundary { code } => {
            let features = boundary::boundary_features(&paths[0])?;
            let found: Vec<&str> = features.iter().filter_map(|f| f.code.as_deref()).collect();
            if !found.iter().any(|c| c.eq_ignore_ascii_case(code)) {
                return Err(ImportError::unreadable(ImportIssue::file(
                    &file_label(&paths[0]),
                    format!(
                        "no feature has the code {code}; the codes found are: {}",
                        found.join(", ")
                    ),
                )));
            }
            ImportPlan::Boundary {
                path: paths[0].clone(),
                code: code.clone(),
                summary: ImportSummary {
                    kind: "council boundary".into(),
                    to_update: 1,
                    ..ImportSummary::default()
                },
            }
        }
        ImportKind::Template(k) => {
            ImportPlan::Template(templates::preview_template(*k, &paths[0], store, progress)?)
        }
        ImportKind::Rates => ImportPlan::Rates(rates::preview_rates(&paths[0], store, progress)?),
        ImportKind::FinanceCosts => {
            ImportPlan::FinanceCosts(finance::preview_finance(&paths[0], store, progress)?)
        }
    })
}

/// Writes a previewed import in one transaction (see the module docs).
pub fn apply(
    store: &mut crate::store::Store,
    plan: &ImportPlan,
    rejected: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    match plan {
        ImportPlan::Ssda903(p) => ssda903::apply_ssda903(store, p, rejected, progress),
        ImportPlan::Postcodes { path, .. } => {
            postcodes::apply_postcodes(store, path, rejected, progress)
        }
        ImportPlan::Boundary { path, code, .. } => boundary::apply_boundary(store, path, code),
        ImportPlan::Template(p) => templates::apply_template(store, p, rejected, progress),
        ImportPlan::Rates(p) => rates::apply_rates(store, p, rejected),
        ImportPlan::FinanceCosts(p) => finance::apply_finance(store, p, rejected, progress),
    }
}

/// What a file given as CSV really is, from its first bytes, when it is a
/// spreadsheet workbook (never its bytes printed as if they were text).
pub(crate) fn workbook_reason(first: &[u8]) -> Option<&'static str> {
    if first.starts_with(b"PK\x03\x04") {
        Some(
            "it is an Excel workbook (.xlsx), not a CSV file: open it in Excel and use File > \
             Save As > \"CSV UTF-8 (Comma delimited)\"",
        )
    } else if first.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some(
            "it is an old Excel workbook (.xls), not a CSV file: open it in Excel and use File > \
             Save As > \"CSV UTF-8 (Comma delimited)\"",
        )
    } else {
        None
    }
}

/// For a header that reads as one column: the separator the file uses
/// instead of commas, and what to do.
pub(crate) fn separator_hint(columns: &[String]) -> Option<String> {
    let [only] = columns else {
        return None;
    };
    let name = if only.contains(';') {
        "semicolons (;)"
    } else if only.contains('\t') {
        "tabs"
    } else {
        return None;
    };
    Some(format!(
        "the columns are separated by {name}, not commas: save the file as \"CSV UTF-8 (Comma \
         delimited)\""
    ))
}

/// Refuses a file larger than `max` bytes, or not a regular file, before
/// any of it is read (see [`crate::input_file`]).
pub(crate) fn check_size(path: &std::path::Path, max: u64) -> Result<u64, ImportError> {
    crate::input_file::checked_size(path, max)
        .map_err(|reason| ImportError::unreadable(ImportIssue::file(&file_label(path), reason)))
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

    /// A cancelled import says so in words (how the progress is shared and
    /// cancelled is `job`'s test).
    #[test]
    fn a_cancelled_import_says_nothing_was_changed() {
        let p = Progress::new();
        p.cancel();
        let e = p.check().map_err(ImportError::from).unwrap_err();
        assert!(matches!(e, ImportError::Cancelled));
        assert_eq!(e.to_string(), "cancelled; nothing was changed");
    }
}
