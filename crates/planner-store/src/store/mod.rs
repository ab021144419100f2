//! The SQLite store: one file per council, opened with foreign keys on and
//! WAL, upgraded by versioned migrations, written in transactions.

mod audit;
mod backup;
mod carers;
mod children;
mod convert;
mod county;
mod error;
mod homes;
mod import;
mod import_postcodes;
mod import_templates;
pub mod migrations;
mod panel;
mod placements;
mod postcodes;
mod returns;
mod scenarios;
mod schema;
mod settings;

pub use audit::{
    default_actor, AuditAction, AuditEntry, AuditFilter, AUDITED_TABLES, AUDIT_IS_READ_ONLY,
    OUTSIDE_THE_APP,
};
pub use backup::{
    backups_dir, clear_backup_leftovers, list_backups, preview_backup, restore_backup,
    restore_backup_at, BackupInfo, BackupPreview, DEFAULT_KEEP_BACKUPS, MAX_KEEP_BACKUPS,
};
pub use error::{DatabaseError, FileTrouble, StoreError, StoreResult};
pub use import::ImportBatch;
pub use import_postcodes::{PostcodeWriteCounts, PostcodeWriter};
pub use import_templates::{Saved, TemplateWriter};
/// The audit trail as CSV, written by `report::audit::to_csv` (the home of
/// every renderer); kept under its old name for the window's export.
pub use returns::StoredReturn;

use crate::sample::SampleCounty;
use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};

/// An open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Who this connection's changes are recorded as in the audit trail.
    actor: String,
    /// Opened read-only (another window is writing): every write is refused.
    read_only: bool,
    /// Said once on opening: e.g. a network share, so not WAL.
    warnings: Vec<String>,
}

/// What a read-only window says when asked to write.
pub const READ_ONLY_REFUSAL: &str =
    "this window opened the database read-only because another window is using it; close that \
     window and open the file again to make changes";

/// Whether the folder holding `path` is on a network file system (NFS, SMB
/// or CIFS, or a FUSE mount such as sshfs), where SQLite's WAL mode is not
/// safe. A `\\server\share` path counts everywhere; Linux reads the file
/// system type; Windows asks whether the drive letter is a mapped network
/// drive; elsewhere nothing more is detected.
pub fn on_network_share(path: &Path) -> bool {
    if unc_share_path(&path.to_string_lossy()) {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // /proc/self/mounts: the longest mount point that holds `dir`.
        let Ok(dir) = dir.canonicalize() else {
            return false;
        };
        let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
            return false;
        };
        let mut best: Option<(usize, String)> = None;
        for line in mounts.lines() {
            let mut parts = line.split_whitespace();
            let (Some(_), Some(point), Some(kind)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let point = point.replace("\\040", " ");
            if dir.starts_with(&point) && best.as_ref().is_none_or(|(n, _)| point.len() > *n) {
                best = Some((point.len(), kind.to_string()));
            }
        }
        if let Some((_, kind)) = best {
            return network_fs_type(&kind);
        }
    }
    mapped_network_drive(path)
}

/// Whether `path` is on a drive letter mapped to a network share.
#[cfg(windows)]
fn mapped_network_drive(path: &Path) -> bool {
    crate::windows::on_network_drive(path)
}

#[cfg(not(windows))]
fn mapped_network_drive(_: &Path) -> bool {
    false
}

/// Whether a path names a file on a Windows network share by its UNC name
/// (`\\server\share\…`, `//server/share/…`, or the long form
/// `\\?\UNC\server\share\…`). The long form of a local file
/// (`\\?\C:\…`, which Windows gives for a resolved path) and device paths
/// (`\\.\…`) are not shares.
pub fn unc_share_path(text: &str) -> bool {
    if !(text.starts_with("\\\\") || text.starts_with("//")) {
        return false;
    }
    // After the two slashes: `?\` or `.\` marks the long or device form.
    match text.get(2..4) {
        Some("?\\" | "?/") => text.get(4..8).is_some_and(|unc| {
            unc.eq_ignore_ascii_case("UNC\\") || unc.eq_ignore_ascii_case("UNC/")
        }),
        Some(".\\" | "./") => false,
        _ => true,
    }
}

/// File system types (as in /proc/mounts) that are network shares.
pub fn network_fs_type(kind: &str) -> bool {
    matches!(
        kind,
        "nfs" | "nfs4" | "cifs" | "smb3" | "smbfs" | "fuse.sshfs" | "afpfs" | "9p" | "davfs"
    )
}

/// Why a 0-byte file is refused: a copy or sync cut short leaves one, and
/// taking it for an empty council would let the next import write into it.
const EMPTY_FILE: &str = "the file is empty (0 bytes), so it is not a placement-planner \
                          database; if it should hold your records, restore it from a backup";

/// `file:` URI reading `path` as immutable (percent-escaping what a URI
/// would misread; on Windows, forward slashes and a leading `/`).
fn immutable_uri(path: &Path) -> String {
    let mut text = path.to_string_lossy().into_owned();
    if cfg!(windows) {
        text = text.replace('\\', "/");
        if !text.starts_with('/') {
            text.insert(0, '/');
        }
    }
    let escaped = text
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    format!("file:{escaped}?mode=ro&immutable=1")
}

impl Store {
    /// Opens (creating if missing) a database file and brings its schema up
    /// to date. A database from a newer version is refused, not touched.
    pub fn open(path: &Path) -> StoreResult<Store> {
        // An empty file is not a new database: a copy or sync cut short
        // leaves one, and taking it for an empty council would let the next
        // import write into it.
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
            return Err(StoreError::File {
                path: path.display().to_string(),
                reason: EMPTY_FILE.into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: String::new(),
            read_only: false,
            warnings: Vec::new(),
        };
        let wal = if on_network_share(path) {
            store.warnings.push(
                "the database is on a network share, where SQLite's WAL mode is not safe; it is \
                 used in rollback-journal mode instead, which is safe but slower. A local disk is \
                 better"
                    .into(),
            );
            false
        } else {
            true
        };
        store.prepare(wal).map_err(|e| match e {
            StoreError::Sqlite(inner) => error::open_refusal(path, &inner.0),
            other => other,
        })?;
        Ok(store)
    }

    /// Opens a database another window is writing, for reading only: no
    /// migration, and every write is refused with [`READ_ONLY_REFUSAL`].
    pub fn open_read_only(path: &Path) -> StoreResult<Store> {
        let file_error = |reason: String| StoreError::File {
            path: path.display().to_string(),
            reason,
        };
        if !path.exists() {
            return Err(file_error("no such file".into()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| file_error(e.to_string()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: String::new(),
            read_only: true,
            warnings: Vec::new(),
        };
        let found = store.schema_version()?;
        let known = migrations::latest_version();
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if found < known {
            return Err(file_error(
                "it needs upgrading to this version, which a read-only window cannot do; open it \
                 once the other window has closed"
                    .into(),
            ));
        }
        store.actor = audit::default_actor();
        Ok(store)
    }

    /// Opens a database only to read it (reports, exports, listings): the
    /// file is never written, so it works in a read-only folder and never
    /// leaves `-wal` or `-shm` files behind. A file from an older version is
    /// read through an upgraded copy in memory: the file itself is upgraded
    /// (after a backup) only by something that writes to it.
    pub fn open_for_reading(path: &Path) -> StoreResult<Store> {
        let file_error = |reason: String| StoreError::File {
            path: path.display().to_string(),
            reason,
        };
        match std::fs::metadata(path) {
            Err(_) => return Err(file_error("no such file".into())),
            Ok(m) if m.is_file() && m.len() == 0 => return Err(file_error(EMPTY_FILE.into())),
            Ok(_) => {}
        }
        // A cleanly closed file (no `-wal` beside it) holds everything in the
        // main file and is read `immutable`: no shared-memory file is made,
        // so a read-only folder is fine and nothing is left behind. With a
        // `-wal` (a window writing now) it is read normally, so the latest
        // changes are seen. Either way the snapshot is copied into memory
        // at once.
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let file = if std::path::Path::new(&wal).exists() {
            Connection::open_with_flags(path, flags)
        } else {
            Connection::open_with_flags(immutable_uri(path), flags)
        }
        .map_err(|e| file_error(e.to_string()))?;
        let mut conn = Connection::open_in_memory()?;
        backup::copy_database(&file, &mut conn).map_err(|e| error::open_refusal(path, &e))?;
        drop(file);
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: String::new(),
            read_only: false,
            warnings: Vec::new(),
        };
        let found = store.schema_version()?;
        // Upgraded in memory only: no backup is needed for a copy.
        let keep_path = store.path.take();
        let prepared = store.prepare(false);
        store.path = keep_path;
        prepared.map_err(|e| match e {
            StoreError::Sqlite(inner) => error::open_refusal(path, &inner.0),
            StoreError::File { reason, .. } => file_error(reason),
            other => other,
        })?;
        if found > 0 && found < migrations::latest_version() {
            store.warnings.push(format!(
                "the file is at schema {found}; it was read through an upgraded copy and left \
                 as it was (it is upgraded, after a backup, when something next writes to it)"
            ));
        }
        store.conn.pragma_update(None, "query_only", true)?;
        store.read_only = true;
        Ok(store)
    }

    /// Whether every write is refused (see [`Store::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// What opening found worth saying (a network share, say).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Creates a new database file; refuses when one exists already.
    pub fn create_new(path: &Path) -> StoreResult<Store> {
        if path.exists() {
            return Err(StoreError::File {
                path: path.display().to_string(),
                reason: "a file already exists there".into(),
            });
        }
        Store::open(path)
    }

    /// An in-memory database, for tests, benchmarks and fuzzing.
    ///
    /// Running the migrations costs about 6.6 ms, so each thread migrates
    /// one empty database once and every later call copies it with SQLite's
    /// backup API (the copy is then checked and prepared like any file).
    pub fn open_in_memory() -> StoreResult<Store> {
        thread_local! {
            static MIGRATED: std::cell::RefCell<Option<Connection>> =
                const { std::cell::RefCell::new(None) };
        }
        let mut conn = Connection::open_in_memory()?;
        MIGRATED.with(|cell| -> StoreResult<()> {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                *slot = Some(Store::migrated_in_memory()?.conn);
            }
            if let Some(migrated) = slot.as_ref() {
                // Every page in one step (-1): nothing else holds either.
                rusqlite::backup::Backup::new(migrated, &mut conn)?.step(-1)?;
            }
            Ok(())
        })?;
        Store::prepared_in_memory(conn)
    }

    /// A new in-memory database, migrated from nothing.
    fn migrated_in_memory() -> StoreResult<Store> {
        Store::prepared_in_memory(Connection::open_in_memory()?)
    }

    /// The store of an in-memory connection, checked and migrated.
    fn prepared_in_memory(conn: Connection) -> StoreResult<Store> {
        let mut store = Store {
            conn,
            path: None,
            actor: String::new(),
            read_only: false,
            warnings: Vec::new(),
        };
        store.prepare(false)?;
        Ok(store)
    }

    /// The file is refused, for this reason.
    fn refusal(&self, reason: String) -> StoreError {
        StoreError::File {
            path: self
                .path
                .as_ref()
                .map_or("the database".into(), |p| p.display().to_string()),
            reason,
        }
    }

    fn prepare(&mut self, wal: bool) -> StoreResult<()> {
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Before anything that writes (switching to WAL rewrites the
        // header): a newer version's file is refused untouched.
        let found = self.schema_version()?;
        let known = migrations::latest_version();
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if found == 0 {
            // Never migrated: a new file has nothing in it; a file with
            // tables belongs to another program and is left alone.
            let mut stmt = self.conn.prepare(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            let names: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            drop(stmt);
            if !names.is_empty() {
                let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
                return Err(self.refusal(format!(
                    "not a placement-planner database: it is another program's SQLite file \
                     (it holds {}{}); it was left as it was",
                    shown.join(", "),
                    if names.len() > 5 { ", …" } else { "" }
                )));
            }
        }
        // Checked before anything writes (WAL, an upgrade), so nothing
        // foreign rides along into the new schema and a refused file is
        // left exactly as it was.
        let foreign = schema::foreign_objects(&self.conn, found)?;
        if !foreign.is_empty() {
            return Err(self.refusal(schema::foreign_sentence(&foreign)));
        }
        if wal {
            let mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                tracing::warn!("journal mode is {mode}, not WAL");
            }
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        // An older version's file is backed up before it is upgraded, and
        // the upgrade is said: the older version cannot open it afterwards.
        if found > 0 && found < known {
            if let Some(path) = self.path.clone() {
                let taken = backup::back_up_before_upgrade(&self.conn, &path).map_err(|e| {
                    self.refusal(format!(
                        "it needs upgrading from schema {found} to {known}, but it could not be \
                         backed up first ({e}); nothing was changed"
                    ))
                })?;
                self.warnings.push(format!(
                    "upgraded from schema {found} to {known}; the file as it was is kept in {}. \
                     An older placement-planner cannot open the upgraded file",
                    taken.path.display()
                ));
            }
        }
        migrations::migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        self.actor = audit::actor_on_open(&self.conn)?;
        Ok(())
    }

    /// The schema version stored in the file (SQLite `user_version`).
    pub fn schema_version(&self) -> StoreResult<usize> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Where the database lives; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one transaction: all of it lands or none of it does.
    ///
    /// The transaction takes the write lock before it reads (IMMEDIATE), so
    /// checks such as "is there still a vacancy" cannot be overtaken by
    /// another window writing to the same file.
    pub(crate) fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let tx = self.begin_write()?;
        let out = f(&tx)?;
        Store::commit_write(tx)?;
        Ok(out)
    }

    /// Opens an IMMEDIATE write transaction whose first statement names this
    /// store's actor for the audit triggers (see the `audit` module). Every
    /// write transaction the store opens goes through here and ends with
    /// [`Store::commit_write`]; dropping it instead rolls everything back,
    /// the actor included.
    fn begin_write(&mut self) -> StoreResult<Transaction<'_>> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        audit::claim(&tx, &self.actor)?;
        Ok(tx)
    }

    /// Clears the actor and commits a transaction from [`Store::begin_write`].
    fn commit_write(tx: Transaction<'_>) -> StoreResult<()> {
        audit::release(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes a whole county (the sample, or a bulk load) in one transaction.
    pub fn insert_county(&mut self, county: &SampleCounty) -> StoreResult<()> {
        self.transaction(|tx| {
            settings::save(tx, &county.settings)?;
            for p in &county.postcodes {
                postcodes::upsert(tx, p)?;
            }
            for c in &county.children {
                children::insert(tx, c)?;
            }
            for c in &county.carers {
                carers::insert(tx, c)?;
            }
            for h in &county.homes {
                homes::insert(tx, h)?;
            }
            for p in &county.placements {
                placements::insert_raw(tx, p)?;
            }
            for r in &county.referrals {
                panel::insert_referral_raw(tx, r)?;
            }
            Ok(())
        })
    }

    /// Row counts, for the status bar and the command line.
    pub fn counts(&self) -> StoreResult<RecordCounts> {
        let count = |table: &str| -> StoreResult<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(RecordCounts {
            children: count("children")?,
            carers: count("carers")?,
            homes: count("homes")?,
            placements: count("placements")?,
            postcodes: count("postcodes")?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordCounts {
    pub children: i64,
    pub carers: i64,
    pub homes: i64,
    pub placements: i64,
    pub postcodes: i64,
}

/// Raw access to the database for tests and benchmarks that check what the
/// typed API cannot show (a trigger, a header byte, a row written behind
/// the store's back). Not part of the application's API: only with the
/// `testing` feature, which the crate's own tests and benchmarks turn on.
#[cfg(feature = "testing")]
impl Store {
    /// The SQLite connection.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one write transaction, as the store's own writes do.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.transaction(f)
    }
}
