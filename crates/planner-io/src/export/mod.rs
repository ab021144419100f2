//! Exports for committees and the sufficiency statement. Pseudonymised by
//! default: no names, and child references replaced by stable pseudonyms.
//!
//! The reports (placement summary as CSV or XLSX, the sufficiency workbook,
//! the committee summary PDF) are written by one call, [`write_report`],
//! which the window and the command line both use; [`default_file_name`]
//! names the file, and says `WITH-NAMES` when names are included.

pub mod committee;
pub mod minutes;
pub mod pdf;
pub mod placements;
pub mod pseudonym;
pub mod scenario;
pub mod summary;
pub mod workbook;
pub mod xlsx;

use crate::county::CountyData;
use crate::store::{Store, StoreError};
use crate::sufficiency::{child_facts, report_from_facts};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{path}: the placement summary is written as .csv or .xlsx; choose a file name ending in \
         one of them"
    )]
    UnknownFormat { path: PathBuf },
    #[error("the {0} holds totals only and never names children; leave out \"with names\"")]
    NamesNotOffered(&'static str),
    #[error("could not read the database: {0}")]
    Store(#[from] StoreError),
    /// The file could not be written (the disk's or the workbook
    /// writer's error kept as the cause).
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    #[error(transparent)]
    Scenario(#[from] scenario::ScenarioExportError),
}

impl ExportError {
    pub(crate) fn write(
        path: &Path,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> ExportError {
        ExportError::Write {
            path: path.to_path_buf(),
            source: Box::new(source),
        }
    }
}

/// The reports offered in the Reports view and by `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// One row per child looked after, as CSV.
    PlacementSummaryCsv,
    /// The same rows as an Excel workbook.
    PlacementSummaryXlsx,
    /// The sufficiency measures, benchmarks, mix, supply and data quality.
    SufficiencyWorkbook,
    /// One or two A4 pages for committee.
    CommitteePdf,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::PlacementSummaryCsv,
        ReportKind::PlacementSummaryXlsx,
        ReportKind::SufficiencyWorkbook,
        ReportKind::CommitteePdf,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReportKind::PlacementSummaryCsv => "Placement summary (CSV)",
            ReportKind::PlacementSummaryXlsx => "Placement summary (Excel)",
            ReportKind::SufficiencyWorkbook => "Sufficiency workbook (Excel)",
            ReportKind::CommitteePdf => "Committee summary (PDF)",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ReportKind::PlacementSummaryCsv => "csv",
            ReportKind::PlacementSummaryXlsx | ReportKind::SufficiencyWorkbook => "xlsx",
            ReportKind::CommitteePdf => "pdf",
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            ReportKind::PlacementSummaryCsv | ReportKind::PlacementSummaryXlsx => {
                "placement-summary"
            }
            ReportKind::SufficiencyWorkbook => "sufficiency-workbook",
            ReportKind::CommitteePdf => "committee-summary",
        }
    }

    /// Whether the report can carry children's names and references. The
    /// committee summary holds totals only.
    pub fn can_include_names(self) -> bool {
        !matches!(self, ReportKind::CommitteePdf)
    }

    /// The placement summary in the format the file's extension asks for
    /// (`.csv` or `.xlsx`, any capitals).
    pub fn summary_for_path(path: &Path) -> Result<ReportKind, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(ReportKind::PlacementSummaryCsv),
            Some("xlsx") => Ok(ReportKind::PlacementSummaryXlsx),
            _ => Err(ExportError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// The name a report is saved under: `placement-summary-2026-11-01.xlsx`,
/// `sufficiency-workbook-2026-11-01.xlsx`,
/// `committee-summary-2026-11-01.pdf`; with names,
/// `placement-summary-2026-11-01-WITH-NAMES.xlsx` (the committee summary
/// never has names, so never says so).
pub fn default_file_name(kind: ReportKind, as_at: Date, with_names: bool) -> String {
    let names = if with_names && kind.can_include_names() {
        "-WITH-NAMES"
    } else {
        ""
    };
    format!("{}-{as_at}{names}.{}", kind.file_stem(), kind.extension())
}

/// The path a report with names is written to: `path` itself when its
/// name already says `with-names` (any capitals), otherwise `path` with
/// `-WITH-NAMES` added before the extension. Without names, `path`.
pub fn path_saying_names(path: &Path, with_names: bool) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !with_names || name.to_ascii_lowercase().contains("with-names") {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let renamed = match path.extension() {
        Some(ext) => format!("{stem}-WITH-NAMES.{}", ext.to_string_lossy()),
        None => format!("{stem}-WITH-NAMES"),
    };
    path.with_file_name(renamed)
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWritten {
    pub kind: ReportKind,
    /// The file written: the path asked for, with `-WITH-NAMES` added when
    /// names are included and the name did not say so.
    pub path: PathBuf,
    /// Children looked after on the date.
    pub children: usize,
    pub with_names: bool,
}

/// Writes the report `kind` on `as_at` from the database to `path` (see
/// [`path_saying_names`] for where it goes when `with_names`). Reads the
/// county and the database's pseudonym salt (creating the salt the first
/// time), then calls [`write_report_from_data`].
pub fn write_report(
    kind: ReportKind,
    path: &Path,
    store: &mut Store,
    as_at: Date,
    with_names: bool,
) -> Result<ReportWritten, ExportError> {
    if with_names && !kind.can_include_names() {
        return Err(ExportError::NamesNotOffered(kind.label()));
    }
    let salt = store.pseudonym_salt()?;
    let data = store.county_data()?;
    write_report_from_data(kind, path, &data, &salt, as_at, with_names)
}

/// Writes the report `kind` on `as_at` from a county already in memory;
/// `salt` is the database's pseudonym salt.
pub fn write_report_from_data(
    kind: ReportKind,
    path: &Path,
    data: &CountyData,
    salt: &str,
    as_at: Date,
    with_names: bool,
) -> Result<ReportWritten, ExportError> {
    if with_names && !kind.can_include_names() {
        return Err(ExportError::NamesNotOffered(kind.label()));
    }
    let path = path_saying_names(path, with_names);
    let facts = child_facts(data, as_at);
    let names = with_names.then_some(data);
    match kind {
        ReportKind::PlacementSummaryCsv => {
            let rows = placements::placement_rows(&facts, salt, names);
            summary::write_summary_csv(&path, &rows, with_names)?;
        }
        ReportKind::PlacementSummaryXlsx => {
            let rows = placements::placement_rows(&facts, salt, names);
            let warning = crate::sufficiency::records_end_warning(data.records_run_to, as_at);
            summary::write_summary_xlsx(
                &path,
                &rows,
                with_names,
                &data.settings.council_name,
                as_at,
                warning.as_deref(),
            )?;
        }
        ReportKind::SufficiencyWorkbook => {
            let report = report_from_facts(data, as_at, &facts);
            workbook::write_sufficiency_workbook(&path, data, &report, salt, with_names)?;
        }
        ReportKind::CommitteePdf => {
            let report = report_from_facts(data, as_at, &facts);
            committee::write_committee_pdf(&path, &report)?;
        }
    }
    Ok(ReportWritten {
        kind,
        path,
        children: facts.len(),
        with_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn file_names_say_the_date_and_names() {
        let d = date(2026, 11, 1);
        assert_eq!(
            default_file_name(ReportKind::PlacementSummaryXlsx, d, false),
            "placement-summary-2026-11-01.xlsx"
        );
        assert_eq!(
            default_file_name(ReportKind::PlacementSummaryXlsx, d, true),
            "placement-summary-2026-11-01-WITH-NAMES.xlsx"
        );
        assert_eq!(
            default_file_name(ReportKind::PlacementSummaryCsv, d, true),
            "placement-summary-2026-11-01-WITH-NAMES.csv"
        );
        assert_eq!(
            default_file_name(ReportKind::SufficiencyWorkbook, d, false),
            "sufficiency-workbook-2026-11-01.xlsx"
        );
        assert_eq!(
            default_file_name(ReportKind::CommitteePdf, d, true),
            "committee-summary-2026-11-01.pdf"
        );
    }

    #[test]
    fn a_path_with_names_says_so() {
        let p = |s: &str, n: bool| path_saying_names(Path::new(s), n);
        assert_eq!(p("out/a.xlsx", false), Path::new("out/a.xlsx"));
        assert_eq!(p("out/a.xlsx", true), Path::new("out/a-WITH-NAMES.xlsx"));
        assert_eq!(p("a-with-names.csv", true), Path::new("a-with-names.csv"));
        assert_eq!(p("noext", true), Path::new("noext-WITH-NAMES"));
    }

    #[test]
    fn the_summary_format_follows_the_extension() {
        let k = |s: &str| ReportKind::summary_for_path(Path::new(s));
        assert_eq!(k("a.CSV").unwrap(), ReportKind::PlacementSummaryCsv);
        assert_eq!(k("a.xlsx").unwrap(), ReportKind::PlacementSummaryXlsx);
        assert!(k("a.pdf")
            .unwrap_err()
            .to_string()
            .contains(".csv or .xlsx"));
    }
}
