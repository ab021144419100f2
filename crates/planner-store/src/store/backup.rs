//! Backups of a database file, made with SQLite's online backup API (never a
//! file copy of a live WAL database): a rotating one each time a database is
//! opened for use, one on request, a copy saved elsewhere, and restoring one
//! over the current file (which is backed up first).
//!
//! Rotating backups go in a `backups` folder beside the database, named
//! `<stem>-YYYYMMDD-HHMMSS.sqlite` in UTC (`-2`, `-3` added when two are taken
//! within the same second). Each backup is a single self-contained file
//! (rollback-journal mode, no `-wal` beside it) that can be copied or opened
//! as it is.

use super::error::{StoreError, StoreResult};
use super::migrations;
use super::{RecordCounts, Store};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many rotating backups are kept when the database does not say.
pub const DEFAULT_KEEP_BACKUPS: usize = 10;
/// The most rotating backups the setting may ask for.
pub const MAX_KEEP_BACKUPS: usize = 1000;

/// The `settings` key holding how many rotating backups to keep.
const KEEP_BACKUPS_KEY: &str = "keep_backups";
/// How long a backup or restore waits for another connection's lock.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A backup file in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken, read from the file name (to the second).
    pub taken_at: Timestamp,
    pub bytes: u64,
}

/// What a backup file holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPreview {
    pub counts: RecordCounts,
    pub scenarios: i64,
    pub schema_version: usize,
    pub council_name: String,
    /// The start of the latest placement in the file: how recent its data is.
    pub newest_placement_start: Option<Date>,
    pub bytes: u64,
}

/// The folder rotating backups of `db` go in: `backups` beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) => dir.join("backups"),
        None => PathBuf::from("backups"),
    }
}

/// The file name's stem shared by every backup of `db`.
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "database".into())
}

fn file_error(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::File {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

/// `<stem>-YYYYMMDD-HHMMSS[-n].sqlite`: the time and the same-second
/// counter (1 when absent), or `None` for any other file.
fn parse_backup_name(name: &str, stem: &str) -> Option<(Timestamp, u32)> {
    let rest = name.strip_suffix(".sqlite")?.strip_prefix(stem)?;
    let rest = rest.strip_prefix('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = rest.split('-').collect();
    let (day, time, n) = match parts.as_slice() {
        [d, t] => (*d, *t, 1),
        [d, t, n] if !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) => {
            (*d, *t, n.parse::<u32>().ok().filter(|&n| n >= 2)?)
        }
        _ => return None,
    };
    if !digits(day, 8) || !digits(time, 6) {
        return None;
    }
    let civil = jiff::civil::DateTime::strptime("%Y%m%d-%H%M%S", format!("{day}-{time}")).ok()?;
    let ts = civil.to_zoned(TimeZone::UTC).ok()?.timestamp();
    Some((ts, n))
}

fn backup_name(stem: &str, at: Timestamp, n: u32) -> String {
    let when = at.to_zoned(TimeZone::UTC).strftime("%Y%m%d-%H%M%S");
    if n <= 1 {
        format!("{stem}-{when}.sqlite")
    } else {
        format!("{stem}-{when}-{n}.sqlite")
    }
}

/// Every backup of `db` with its same-second counter, newest first.
fn backups_with_counter(db: &Path) -> StoreResult<Vec<(BackupInfo, u32)>> {
    let dir = backups_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(file_error(&dir, format!("cannot read the folder: {e}"))),
    };
    let stem = stem(db);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| file_error(&dir, format!("cannot read the folder: {e}")))?;
        let name = entry.file_name();
        let Some((taken_at, n)) = name.to_str().and_then(|n| parse_backup_name(n, &stem)) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        // A name reserved for a backup that never arrived (the copy was cut
        // short) is 0 bytes: not a backup, and never counted as one.
        if !meta.is_file() || meta.len() == 0 {
            continue;
        }
        found.push((
            BackupInfo {
                path: entry.path(),
                taken_at,
                bytes: meta.len(),
            },
            n,
        ));
    }
    found.sort_by(|(a, an), (b, bn)| (b.taken_at, bn).cmp(&(a.taken_at, an)));
    Ok(found)
}

/// The rotating backups of `db` in its backups folder, newest first. A
/// missing folder means none.
pub fn list_backups(db: &Path) -> StoreResult<Vec<BackupInfo>> {
    Ok(backups_with_counter(db)?
        .into_iter()
        .map(|(b, _)| b)
        .collect())
}

/// Runs a backup from `from` into `to` in one step (one consistent
/// snapshot of `from`), waiting up to `LOCK_WAIT` for locks.
pub(super) fn copy_database(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if started.elapsed() > LOCK_WAIT {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed locked by another program".into()),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // StepResult is non-exhaustive.
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (dunce::canonicalize(a), dunce::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Opens a file read-only (never creating it) and checks that it is a
/// placement-planner database this build can read.
fn open_checked(path: &Path) -> StoreResult<Connection> {
    let not_ours =
        |why: String| file_error(path, format!("not a placement-planner database ({why})"));
    let unreadable = |e: rusqlite::Error| super::error::open_refusal(path, &e);
    if !path.is_file() {
        return Err(file_error(path, "no such file"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| file_error(path, e.to_string()))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable)?;
    let version = usize::try_from(version).unwrap_or(0);
    let known = migrations::latest_version();
    if version > known {
        return Err(StoreError::TooNew {
            found: version,
            known,
        });
    }
    for table in ["settings", "children", "carers", "homes", "placements"] {
        if !has_table(&conn, table).map_err(unreadable)? {
            return Err(not_ours(format!("it has no {table} table")));
        }
    }
    if version == 0 {
        return Err(not_ours("it has no schema version".into()));
    }
    let foreign = super::schema::foreign_objects(&conn, version).map_err(unreadable)?;
    if !foreign.is_empty() {
        return Err(file_error(path, super::schema::foreign_sentence(&foreign)));
    }
    Ok(conn)
}

fn has_table(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )
}

/// What a backup (or any placement-planner database file) holds. The file
/// is opened read-only and not changed; a file that is not a
/// placement-planner database, or is from a newer version, is refused.
pub fn preview_backup(backup: &Path) -> StoreResult<BackupPreview> {
    let conn = open_checked(backup)?;
    let count = |table: &str| -> StoreResult<i64> {
        if !has_table(&conn, table)? {
            return Ok(0);
        }
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let counts = RecordCounts {
        children: count("children")?,
        carers: count("carers")?,
        homes: count("homes")?,
        placements: count("placements")?,
        postcodes: count("postcodes")?,
    };
    let scenarios = count("scenarios")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let council_name: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'council_name'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let newest: Option<String> =
        conn.query_row("SELECT max(start_date) FROM placements", [], |r| r.get(0))?;
    let newest_placement_start = match newest {
        None => None,
        Some(t) => Some(
            t.parse::<Date>()
                .map_err(|e| StoreError::Corrupt(format!("placement start '{t}': {e}")))?,
        ),
    };
    let bytes = std::fs::metadata(backup).map(|m| m.len()).unwrap_or(0);
    Ok(BackupPreview {
        counts,
        scenarios,
        schema_version: usize::try_from(version).unwrap_or(0),
        council_name: council_name.unwrap_or_default(),
        newest_placement_start,
        bytes,
    })
}

/// Writes a consistent copy of the database open on `conn` (whose file is
/// `own`) to `dest`; see [`Store::back_up_to`].
fn copy_to_file(conn: &Connection, own: Option<&Path>, dest: &Path) -> StoreResult<()> {
    if let Some(own) = own {
        if own == dest || same_file(own, dest) {
            return Err(file_error(dest, "that is the open database itself"));
        }
    }
    if with_suffix(dest, "-wal").exists() {
        return Err(file_error(
            dest,
            "a database there is in use or was not closed cleanly; choose another name",
        ));
    }
    let partial = with_suffix(dest, &format!(".partial-{}", std::process::id()));
    let result = (|| -> StoreResult<()> {
        let _ = std::fs::remove_file(&partial);
        let mut to = Connection::open(&partial).map_err(|e| file_error(&partial, e.to_string()))?;
        copy_database(conn, &mut to)?;
        // The copy inherits WAL mode from the header; make it one file.
        let _: String = to.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        to.close().map_err(|(_, e)| StoreError::from(e))?;
        std::fs::rename(&partial, dest)
            .map_err(|e| file_error(dest, format!("cannot write the copy: {e}")))
    })();
    if result.is_err() {
        for p in [
            partial.clone(),
            with_suffix(&partial, "-journal"),
            with_suffix(&partial, "-wal"),
            with_suffix(&partial, "-shm"),
        ] {
            let _ = std::fs::remove_file(p);
        }
    }
    result
}

/// How old a `.partial-PID` copy must be before it counts as left over: a
/// backup of a national-size database takes about a second.
const PARTIAL_LEFT_OVER_AFTER: Duration = Duration::from_secs(600);

/// Clears what backups cut short (a power cut while the window opened)
/// left in the backups folder: names reserved for a backup that never
/// arrived (0 bytes) and `.partial-PID` copies (with their journals) older
/// than [`PARTIAL_LEFT_OVER_AFTER`]. Returns how many files went.
pub fn clear_backup_leftovers(db: &Path) -> usize {
    let dir = backups_dir(db);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let stem = stem(db);
    let mut cleared = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || !name.starts_with(&stem) {
            continue;
        }
        let reserved_empty = meta.len() == 0 && parse_backup_name(&name, &stem).is_some();
        let old_partial = name.contains(".partial-")
            && meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > PARTIAL_LEFT_OVER_AFTER);
        if (reserved_empty || old_partial) && std::fs::remove_file(entry.path()).is_ok() {
            cleared += 1;
        }
    }
    cleared
}

/// A backup of the file before this version upgrades it, so a colleague
/// on the older version can go back to it.
pub(super) fn back_up_before_upgrade(conn: &Connection, db: &Path) -> StoreResult<BackupInfo> {
    copy_into_folder(conn, db, Timestamp::now())
}

/// A backup of the database open on `conn` (the file `db`) named for `now`
/// in the backups folder, deleting nothing.
fn copy_into_folder(conn: &Connection, db: &Path, now: Timestamp) -> StoreResult<BackupInfo> {
    let dir = backups_dir(db);
    std::fs::create_dir_all(&dir)
        .map_err(|e| file_error(&dir, format!("cannot create the folder: {e}")))?;
    clear_backup_leftovers(db);
    let stem = stem(db);
    // Within one second, number after the highest taken so far, so the
    // names keep the order the backups were taken in.
    let second = parse_backup_name(&backup_name(&stem, now, 1), &stem).map(|(t, _)| t);
    let mut n = backups_with_counter(db)?
        .iter()
        .filter(|(b, _)| Some(b.taken_at) == second)
        .map(|(_, n)| n + 1)
        .max()
        .unwrap_or(1);
    // Reserve a free name atomically, then move the finished copy over it.
    let path = loop {
        let path = dir.join(backup_name(&stem, now, n));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => break path,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 9999 => n += 1,
            Err(e) => return Err(file_error(&path, format!("cannot create the backup: {e}"))),
        }
    };
    if let Err(e) = copy_to_file(conn, Some(db), &path) {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let taken_at = parse_backup_name(
        &path.file_name().unwrap_or_default().to_string_lossy(),
        &stem,
    )
    .map_or(now, |(t, _)| t);
    Ok(BackupInfo {
        path,
        taken_at,
        bytes,
    })
}

impl Store {
    /// Writes a consistent copy of the database to `dest` with SQLite's
    /// backup API ("Save a copy as…"). The copy is a single file in
    /// rollback-journal mode; it is written beside `dest` first and moved
    /// into place, so `dest` never holds half a copy. An existing `dest` is
    /// replaced (ask first); the open database itself is refused.
    pub fn back_up_to(&self, dest: &Path) -> StoreResult<()> {
        copy_to_file(&self.conn, self.path(), dest)
    }

    /// Takes a backup into the backups folder now and deletes the oldest
    /// beyond `keep` (at least this one is always kept).
    pub fn back_up_rotating(&self, keep: usize) -> StoreResult<BackupInfo> {
        self.back_up_rotating_at(keep, Timestamp::now())
    }

    /// [`Store::back_up_rotating`] as if the time were `now` (for tests).
    pub fn back_up_rotating_at(&self, keep: usize, now: Timestamp) -> StoreResult<BackupInfo> {
        let db = self.path().ok_or_else(|| StoreError::File {
            path: ":memory:".into(),
            reason: "an in-memory database has no backups folder".into(),
        })?;
        let taken = copy_into_folder(&self.conn, db, now)?;
        let keep = keep.max(1);
        let others = backups_with_counter(db)?
            .into_iter()
            .filter(|(b, _)| b.path != taken.path);
        for (old, _) in others.skip(keep - 1) {
            if let Err(e) = std::fs::remove_file(&old.path) {
                tracing::warn!(
                    "could not delete the old backup {}: {e}",
                    old.path.display()
                );
            }
        }
        Ok(taken)
    }

    /// How many rotating backups to keep: the `keep_backups` setting, or
    /// [`DEFAULT_KEEP_BACKUPS`] when unset or unreadable.
    pub fn keep_backups(&self) -> StoreResult<usize> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [KEEP_BACKUPS_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text
            .and_then(|t| t.trim().parse::<usize>().ok())
            .filter(|n| (1..=MAX_KEEP_BACKUPS).contains(n))
            .unwrap_or(DEFAULT_KEEP_BACKUPS))
    }

    /// Whether `keep` is a number of rotating backups the setting (or one
    /// backup run) may ask for: 1 to [`MAX_KEEP_BACKUPS`].
    pub fn check_keep_backups(keep: usize) -> StoreResult<()> {
        if !(1..=MAX_KEEP_BACKUPS).contains(&keep) {
            return Err(StoreError::Rule(format!(
                "keep between 1 and {MAX_KEEP_BACKUPS} backups"
            )));
        }
        Ok(())
    }

    /// Sets how many rotating backups to keep (1 to [`MAX_KEEP_BACKUPS`]).
    pub fn set_keep_backups(&mut self, keep: usize) -> StoreResult<()> {
        Self::check_keep_backups(keep)?;
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [KEEP_BACKUPS_KEY, &keep.to_string()],
            )?;
            Ok(())
        })
    }
}

/// Replaces the data in `db` with a backup's. The backup is checked first
/// (as [`preview_backup`]); then the current file is backed up into the
/// backups folder (the safety backup, returned), then the backup is copied
/// in with SQLite's backup API and the file opened once to bring an older
/// schema up to date. The backup file itself is not changed, and nothing is
/// deleted by rotation here. Close other windows on `db` first: they would
/// otherwise go on showing the data they read before.
pub fn restore_backup(db: &Path, backup: &Path) -> StoreResult<BackupInfo> {
    restore_backup_at(db, backup, Timestamp::now())
}

/// [`restore_backup`] with the safety backup named as if the time were `now`.
pub fn restore_backup_at(db: &Path, backup: &Path, now: Timestamp) -> StoreResult<BackupInfo> {
    if db == backup || same_file(db, backup) {
        return Err(file_error(backup, "that is the database itself"));
    }
    if !db.is_file() {
        return Err(file_error(
            db,
            "no such database to restore over; open the backup, or save a copy of it there",
        ));
    }
    let source = open_checked(backup)?;
    // The current file is opened as it is (not upgraded or checked), so a
    // file that no longer opens can still be backed up and restored over.
    let mut current = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| file_error(db, e.to_string()))?;
    current.busy_timeout(Duration::from_secs(5))?;
    let safety = copy_into_folder(&current, db, now).map_err(|e| {
        file_error(
            db,
            format!("nothing was restored: the current file could not be backed up first ({e})"),
        )
    })?;
    copy_database(&source, &mut current).map_err(|e| {
        file_error(
            db,
            format!(
                "the backup could not be copied in ({e}); the data before is in {}",
                safety.path.display()
            ),
        )
    })?;
    drop(source);
    current.close().map_err(|(_, e)| StoreError::from(e))?;
    // Upgrades a backup from an older version and checks it opens.
    Store::open(db)?;
    Ok(safety)
}
