//! One error for every operation: the cause kept by type, read as a
//! sentence.

use planner_io::export::ExportError;
use planner_io::import::ImportError;
use planner_store::store::StoreError;

/// A value a user gives an operation, named so each front end can say
/// which of its own fields was wrong (the window its label, the command
/// line its flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CouncilCode,
    CouncilName,
    KeepBackups,
    WeeklyRate,
    FinancialYear,
    Uplift,
    EndDate,
    ReasonForChange,
}

impl Field {
    /// The field as the window labels it.
    pub fn label(self) -> &'static str {
        match self {
            Field::CouncilCode => "Area code",
            Field::CouncilName => "Council name",
            Field::KeepBackups => "Backups kept",
            Field::WeeklyRate => "Weekly rate",
            Field::FinancialYear => "Financial year",
            Field::Uplift => "Uplift",
            Field::EndDate => "End date",
            Field::ReasonForChange => "Reason for change",
        }
    }
}

/// Why an operation was not done.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store refused or failed (a rule of the records, the file).
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] ExportError),
    /// A value the user gave breaks a rule: which one, and why.
    #[error("{}: {reason}", field.label())]
    Invalid { field: Field, reason: String },
    /// A file the operation writes could not be written.
    #[error("could not write {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The operation cannot be done as things stand (no database is open,
    /// the file is open in another window), in words for the user.
    #[error("{0}")]
    Refused(String),
}

pub type AppResult<T> = Result<T, AppError>;
