//! Store errors in words a user can act on.

use super::migrations::explain_constraint;
use crate::model::ValidationErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Constraint(String),
    #[error("{what} '{id}' was not found")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    #[error("{0}")]
    Rule(String),
    #[error("the database was written by a newer version of placement-planner (schema {found}, this build knows {known}); update the app to open it")]
    TooNew { found: usize, known: usize },
    #[error("could not upgrade the database: {0}")]
    Migration(String),
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, Some(msg)) = &e {
            if code.code == rusqlite::ErrorCode::ConstraintViolation {
                return StoreError::Constraint(explain_sqlite_constraint(msg));
            }
        }
        StoreError::Sqlite(e)
    }
}

/// Turns SQLite's constraint message into a sentence.
fn explain_sqlite_constraint(msg: &str) -> String {
    if let Some(name) = msg.strip_prefix("CHECK constraint failed: ") {
        return explain_constraint(name.trim())
            .map(str::to_string)
            .unwrap_or_else(|| format!("a value breaks the rule '{name}'"));
    }
    if let Some(cols) = msg.strip_prefix("UNIQUE constraint failed: ") {
        let what = match cols.split('.').next().unwrap_or("") {
            "children" => "a child",
            "carers" => "a carer household",
            "homes" => "a residential home",
            "placements" => "a placement",
            "postcodes" => "a postcode",
            "cost_rates" => "a cost rate for that category and year",
            _ => "a record",
        };
        return format!("{what} with this reference already exists");
    }
    if msg.starts_with("FOREIGN KEY constraint failed") {
        return "the record refers to a child, carer or home that does not exist, \
                or is still referred to by placements"
            .to_string();
    }
    if let Some(col) = msg.strip_prefix("NOT NULL constraint failed: ") {
        return format!("{col} must be filled in");
    }
    msg.to_string()
}

pub type StoreResult<T> = Result<T, StoreError>;
