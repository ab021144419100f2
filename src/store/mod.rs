//! The SQLite store: one file per council, opened with foreign keys on and
//! WAL, upgraded by versioned migrations, written in transactions.

mod audit;
mod backup;
mod carers;
mod children;
mod convert;
mod error;
mod homes;
mod import;
mod import_postcodes;
mod import_templates;
pub mod migrations;
mod panel;
mod placements;
mod postcodes;
mod scenarios;
mod settings;

pub use audit::{
    audit_csv, default_actor, AuditAction, AuditEntry, AuditFilter, AUDITED_TABLES,
    AUDIT_IS_READ_ONLY, OUTSIDE_THE_APP,
};
pub use backup::{
    backups_dir, list_backups, preview_backup, restore_backup, restore_backup_at, BackupInfo,
    BackupPreview, DEFAULT_KEEP_BACKUPS, MAX_KEEP_BACKUPS,
};
pub use error::{StoreError, StoreResult};
pub use import_postcodes::{PostcodeWriteCounts, PostcodeWriter};
pub use import_templates::{Saved, TemplateWriter};

use crate::sample::SampleCounty;
use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};

/// An open database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Who this connection's changes are recorded as in the audit trail.
    actor: String,
}

impl Store {
    /// Opens (creating if missing) a database file and brings its schema up
    /// to date. A database from a newer version is refused, not touched.
    pub fn open(path: &Path) -> StoreResult<Store> {
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
        };
        store.prepare(true).map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::File {
                path: path.display().to_string(),
                reason: format!("not a placement-planner database ({inner})"),
            },
            other => other,
        })?;
        Ok(store)
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

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> StoreResult<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            actor: String::new(),
        };
        store.prepare(false)?;
        Ok(store)
    }

    fn prepare(&mut self, wal: bool) -> StoreResult<()> {
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if wal {
            let mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                tracing::warn!("journal mode is {mode}, not WAL");
            }
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let found = self.schema_version()?;
        let known = migrations::latest_version();
        if found > known {
            return Err(StoreError::TooNew { found, known });
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
    pub fn write<T>(
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

    /// Direct read access for queries the typed API lacks (tests, reports).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Writes a whole county (the sample, or a bulk load) in one transaction.
    pub fn insert_county(&mut self, county: &SampleCounty) -> StoreResult<()> {
        self.write(|tx| {
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
