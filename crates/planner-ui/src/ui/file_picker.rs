//! File dialogs behind a trait, so tests never open a real one.
//!
//! The native picker runs rfd's async dialog as a background job and hands
//! the answer back; the frame never blocks on it.

use crate::import::ImportSource;
use crate::job::{Job, JobState};
use std::path::PathBuf;

/// Why a file was asked for: decides what happens with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    OpenDatabase,
    NewEmptyDatabase,
    NewSampleDatabase,
    /// Where to write the panel minutes (CSV or PDF by extension).
    ExportMinutes {
        with_names: bool,
    },
    /// Where to write the scenario on screen (CSV or XLSX by extension).
    ExportScenario,
    /// A file to import; an SSDA903 return asks twice (header, episodes).
    Import {
        choice: ImportSource,
        step: u8,
    },
    /// Where to write a copy of the database.
    SaveCopy,
    /// Where to write the whole audit trail (CSV).
    ExportAudit,
    /// Where to write the import's findings (CSV).
    ExportFindings,
    /// Where to write a report on a date.
    ExportReport {
        kind: crate::export::ReportKind,
        with_names: bool,
        as_at: jiff::civil::Date,
    },
}

pub trait FilePicker {
    /// Starts asking; the answer comes later from [`FilePicker::poll`].
    fn request(&mut self, purpose: FilePurpose);
    /// The answer, once: `Some((purpose, None))` when the user cancelled.
    fn poll(&mut self) -> Option<(FilePurpose, Option<PathBuf>)>;
    /// Whether a dialog is open now.
    fn is_busy(&self) -> bool;
}

/// Opens an existing file, or names one to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Open,
    Save,
}

/// The dialog's title, filters, mode and suggested file name for a purpose.
struct DialogSpec {
    title: &'static str,
    filters: &'static [(&'static str, &'static [&'static str])],
    mode: Mode,
    file_name: Option<String>,
}

const DATABASE: &[(&str, &[&str])] = &[
    ("placement-planner database", &["sqlite", "db"]),
    ("all files", &["*"]),
];

fn spec(purpose: FilePurpose) -> DialogSpec {
    match purpose {
        FilePurpose::OpenDatabase => DialogSpec {
            title: "Open database",
            filters: DATABASE,
            mode: Mode::Open,
            file_name: None,
        },
        FilePurpose::NewEmptyDatabase | FilePurpose::NewSampleDatabase => DialogSpec {
            title: "New database",
            filters: DATABASE,
            mode: Mode::Save,
            file_name: Some(crate::paths::DATABASE_FILE_NAME.to_string()),
        },
        FilePurpose::ExportAudit => DialogSpec {
            title: "Export the audit trail",
            filters: &[("CSV", &["csv"])],
            mode: Mode::Save,
            file_name: Some("audit-trail-WITH-NAMES.csv".to_string()),
        },
        FilePurpose::ExportFindings => DialogSpec {
            title: "Save the import's findings",
            filters: &[("CSV", &["csv"])],
            mode: Mode::Save,
            file_name: Some("import-findings.csv".to_string()),
        },
        FilePurpose::SaveCopy => DialogSpec {
            title: "Save a copy of the database",
            filters: DATABASE,
            mode: Mode::Save,
            file_name: Some("placement-planner-copy.sqlite".to_string()),
        },
        FilePurpose::ExportMinutes { .. } => DialogSpec {
            title: "Save the panel minutes",
            filters: &[("PDF", &["pdf"]), ("CSV", &["csv"])],
            mode: Mode::Save,
            file_name: Some("panel-minutes.pdf".to_string()),
        },
        FilePurpose::ExportScenario => DialogSpec {
            title: "Export the scenario",
            filters: &[("Excel workbook", &["xlsx"]), ("CSV", &["csv"])],
            mode: Mode::Save,
            file_name: Some("scenario.xlsx".to_string()),
        },
        FilePurpose::Import { choice, step } => DialogSpec {
            title: choice.file_prompt(usize::from(step)),
            filters: if choice.is_geojson() {
                &[("GeoJSON", &["geojson", "json"])]
            } else {
                &[("CSV", &["csv"]), ("all files", &["*"])]
            },
            mode: Mode::Open,
            file_name: None,
        },
        FilePurpose::ExportReport {
            kind,
            with_names,
            as_at,
        } => DialogSpec {
            title: "Save the report",
            filters: match kind {
                crate::export::ReportKind::PlacementSummaryCsv => &[("CSV", &["csv"])],
                crate::export::ReportKind::CommitteePdf => &[("PDF", &["pdf"])],
                _ => &[("Excel workbook", &["xlsx"])],
            },
            mode: Mode::Save,
            file_name: Some(crate::export::default_file_name(kind, as_at, with_names)),
        },
    }
}

/// rfd's dialogs on a worker (the window's one job runner); remembers the
/// last folder used.
#[derive(Default)]
pub struct NativeFilePicker {
    pending: Option<(FilePurpose, Job<Option<PathBuf>>)>,
    last_dir: Option<PathBuf>,
}

impl FilePicker for NativeFilePicker {
    fn request(&mut self, purpose: FilePurpose) {
        if self.pending.is_some() {
            return;
        }
        let spec = spec(purpose);
        let last_dir = self.last_dir.clone();
        let job = Job::start(
            move |_| {
                let mut dialog = rfd::AsyncFileDialog::new().set_title(spec.title);
                for (name, extensions) in spec.filters {
                    dialog = dialog.add_filter(*name, extensions);
                }
                if let Some(dir) = last_dir {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = spec.file_name {
                    dialog = dialog.set_file_name(name);
                }
                pollster::block_on(async move {
                    match spec.mode {
                        Mode::Open => dialog.pick_file().await,
                        Mode::Save => dialog.save_file().await,
                    }
                    .map(|f| f.path().to_path_buf())
                })
            },
            || {},
        );
        self.pending = Some((purpose, job));
    }

    fn poll(&mut self) -> Option<(FilePurpose, Option<PathBuf>)> {
        let (purpose, job) = self.pending.as_ref()?;
        let purpose = *purpose;
        match job.poll() {
            JobState::Done(path) => {
                self.pending = None;
                if let Some(dir) = path.as_ref().and_then(|p| p.parent()) {
                    self.last_dir = Some(dir.to_path_buf());
                }
                Some((purpose, path))
            }
            JobState::Working => None,
            JobState::Lost => {
                self.pending = None;
                Some((purpose, None))
            }
        }
    }

    fn is_busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// For tests: answers every request with the next prepared path.
#[derive(Default)]
pub struct ScriptedFilePicker {
    pub answers: Vec<Option<PathBuf>>,
    pending: Option<FilePurpose>,
}

impl FilePicker for ScriptedFilePicker {
    fn request(&mut self, purpose: FilePurpose) {
        self.pending = Some(purpose);
    }

    fn poll(&mut self) -> Option<(FilePurpose, Option<PathBuf>)> {
        let purpose = self.pending.take()?;
        let answer = if self.answers.is_empty() {
            None
        } else {
            self.answers.remove(0)
        };
        Some((purpose, answer))
    }

    fn is_busy(&self) -> bool {
        self.pending.is_some()
    }
}
