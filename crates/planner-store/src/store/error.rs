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
    /// A write asked of a database opened only for reading.
    #[error("{}", super::READ_ONLY_REFUSAL)]
    ReadOnly,
    /// A value could not be written out as the text the database keeps it
    /// in (JSON).
    #[error("{what} cannot be saved: {source}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// The database's own error. Trouble with the file itself (locked, disk
    /// full, damaged) reads as a sentence: see [`FileTrouble`].
    #[error("{0}")]
    Sqlite(DatabaseError),
}

/// An error from the database engine, kept whole for its cause (the
/// driver's type is not part of the store's API).
#[derive(Debug)]
pub struct DatabaseError(pub(crate) rusqlite::Error);

impl std::fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sqlite_text(&self.0))
    }
}

impl std::error::Error for DatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl StoreError {
    /// Trouble with the database file itself rather than its records, if
    /// that is what this is.
    pub fn file_trouble(&self) -> Option<FileTrouble> {
        match self {
            StoreError::Sqlite(e) => FileTrouble::of(&e.0),
            _ => None,
        }
    }
}

fn sqlite_text(e: &rusqlite::Error) -> String {
    match FileTrouble::of(e) {
        Some(t) => t.sentence(None),
        None => format!("database error: {e}"),
    }
}

/// Trouble with the database file itself, which no change to the data
/// would mend: SQLite's busy or locked, full, corrupt codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileTrouble {
    /// Another program (another window, a command) is writing to it.
    Locked,
    /// The disk (or the user's quota) is full.
    DiskFull,
    /// SQLite says the disk image is malformed, or that the file is not a
    /// database although it was opened as one.
    Damaged,
}

impl FileTrouble {
    /// The trouble SQLite's error stands for, if it is about the file.
    pub(crate) fn of(e: &rusqlite::Error) -> Option<FileTrouble> {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code()? {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Some(FileTrouble::Locked),
            ErrorCode::DiskFull => Some(FileTrouble::DiskFull),
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Some(FileTrouble::Damaged),
            _ => None,
        }
    }

    /// What was not done, unless the caller says ("imported"): saved for a
    /// full disk, changed otherwise.
    pub fn nothing_was(self) -> &'static str {
        match self {
            FileTrouble::DiskFull => "saved",
            FileTrouble::Locked | FileTrouble::Damaged => "changed",
        }
    }

    /// The trouble as a sentence, saying that nothing was done (`done`,
    /// or [`FileTrouble::nothing_was`]) and what to do: "the database is in
    /// use by another program (locked); nothing was imported — close the
    /// other window or command and try again".
    pub fn sentence(self, done: Option<&str>) -> String {
        let done = done.unwrap_or(self.nothing_was());
        match self {
            FileTrouble::Locked => format!(
                "the database is in use by another program (locked); nothing was {done} — close \
                 the other window or command and try again"
            ),
            FileTrouble::DiskFull => {
                format!("the disk is full; nothing was {done} — free some space and try again")
            }
            FileTrouble::Damaged => format!(
                "the database file is damaged (SQLite says the disk image is malformed); nothing \
                 was {done} — restore a backup with `placement-planner restore`"
            ),
        }
    }
}

/// SQLite files begin with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Why a file SQLite could not open or read as a placement-planner database
/// is refused: a damaged SQLite file is called damaged (with its schema
/// version when its header still shows one of ours); a locked or full one
/// says so; anything else is "not a placement-planner database".
pub(crate) fn open_refusal(path: &std::path::Path, e: &rusqlite::Error) -> StoreError {
    let file = |reason: String| StoreError::File {
        path: path.display().to_string(),
        reason,
    };
    match FileTrouble::of(e) {
        Some(FileTrouble::Damaged) => {
            let mut head = [0u8; 100];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            if n < SQLITE_HEADER.len() || &head[..16] != SQLITE_HEADER {
                return file(format!("not a placement-planner database ({e})"));
            }
            // user_version, big-endian at offset 60: ours count from 1.
            let version = u32::from_be_bytes([head[60], head[61], head[62], head[63]]) as usize;
            let what = if n >= 64 && (1..=super::migrations::latest_version()).contains(&version) {
                format!("it looks like a placement-planner database (schema {version})")
            } else {
                "it is an SQLite database file".to_string()
            };
            file(format!(
                "{what} but is damaged: SQLite says \"{}\"; nothing was changed — restore a \
                 backup with `placement-planner restore`",
                sqlite_message(e)
            ))
        }
        Some(trouble) => file(trouble.sentence(None)),
        None => file(format!("not a placement-planner database ({e})")),
    }
}

/// SQLite's own words for an error, without rusqlite's wrapping.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, Some(msg)) = &e {
            if code.code == rusqlite::ErrorCode::ConstraintViolation {
                return StoreError::Constraint(explain_sqlite_constraint(msg));
            }
        }
        StoreError::Sqlite(DatabaseError(e))
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
