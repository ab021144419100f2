//! File dialogs behind a trait, so tests never open a real one.
//!
//! The native picker runs rfd's async dialog on its own thread and hands the
//! answer back; the frame never blocks on it.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};

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
}

pub trait FilePicker {
    /// Starts asking; the answer comes later from [`FilePicker::poll`].
    fn request(&mut self, purpose: FilePurpose);
    /// The answer, once: `Some((purpose, None))` when the user cancelled.
    fn poll(&mut self) -> Option<(FilePurpose, Option<PathBuf>)>;
    /// Whether a dialog is open now.
    fn is_busy(&self) -> bool;
}

#[derive(Default)]
pub struct NativeFilePicker {
    pending: Option<(FilePurpose, Receiver<Option<PathBuf>>)>,
}

impl FilePicker for NativeFilePicker {
    fn request(&mut self, purpose: FilePurpose) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let dialog = match purpose {
                FilePurpose::ExportMinutes { .. } => rfd::AsyncFileDialog::new()
                    .add_filter("PDF", &["pdf"])
                    .add_filter("CSV", &["csv"]),
                FilePurpose::ExportScenario => rfd::AsyncFileDialog::new()
                    .add_filter("Excel workbook", &["xlsx"])
                    .add_filter("CSV", &["csv"]),
                _ => rfd::AsyncFileDialog::new()
                    .add_filter("placement-planner database", &["sqlite", "db"])
                    .add_filter("all files", &["*"]),
            };
            let chosen = pollster::block_on(async move {
                match purpose {
                    FilePurpose::OpenDatabase => dialog
                        .set_title("Open database")
                        .pick_file()
                        .await
                        .map(|f| f.path().to_path_buf()),
                    FilePurpose::ExportMinutes { .. } => dialog
                        .set_title("Save the panel minutes")
                        .set_file_name("panel-minutes.pdf")
                        .save_file()
                        .await
                        .map(|f| f.path().to_path_buf()),
                    FilePurpose::ExportScenario => dialog
                        .set_title("Export the scenario")
                        .set_file_name("scenario.xlsx")
                        .save_file()
                        .await
                        .map(|f| f.path().to_path_buf()),
                    FilePurpose::NewEmptyDatabase | FilePurpose::NewSampleDatabase => dialog
                        .set_title("New database")
                        .set_file_name(crate::paths::DATABASE_FILE_NAME)
                        .save_file()
                        .await
                        .map(|f| f.path().to_path_buf()),
                }
            });
            let _ = tx.send(chosen);
        });
        self.pending = Some((purpose, rx));
    }

    fn poll(&mut self) -> Option<(FilePurpose, Option<PathBuf>)> {
        let (purpose, rx) = self.pending.as_ref()?;
        let purpose = *purpose;
        match rx.try_recv() {
            Ok(path) => {
                self.pending = None;
                Some((purpose, path))
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
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
