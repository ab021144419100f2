//! The audit trail: every insert, update and delete of the council's records
//! (children, carers, homes, placements, referrals, decisions, settings and
//! cost rates), with when, who and the row before and after.
//!
//! # How it is written
//!
//! SQLite triggers in the database file (migration 5) write `audit_log`, so
//! every writer is recorded, the app or not, and an audit row lands or rolls
//! back with the change that caused it. The triggers also refuse any UPDATE or
//! DELETE of `audit_log` itself.
//!
//! # How "who" reaches the triggers
//!
//! A trigger cannot see the operating-system user, and a trigger stored in
//! the main schema cannot read a TEMP table (SQLite resolves its table names
//! in the main schema: "no such table: main.audit_actor"). So `audit_actor`
//! is a regular table of at most one row, and the Store owns it:
//! every write transaction the Store opens ([`Store::write`], imports,
//! template and postcode loads) is IMMEDIATE, so it holds the file's write
//! lock; its first statement puts the Store's actor in `audit_actor` and its
//! last, just before COMMIT, deletes the row again. Two windows on one file
//! therefore never see each other's name (their write transactions cannot
//! overlap, and the row is never committed), and a change made outside the
//! app (say the `sqlite3` shell) is still recorded, with who
//! [`OUTSIDE_THE_APP`].
//!
//! The actor is, in order: what [`Store::set_actor`] set; the settings value
//! `user_name` when the file has one; the `USER` or `USERNAME` environment
//! variable; `"unknown"`.
//!
//! # What is left out
//!
//! The postcode directory and saved scenarios are not audited (reference data
//! and what-if working), nor is the settings key `pseudonym_salt` (the secret
//! behind export pseudonyms: an audit export must not carry it). An update
//! that changes nothing (an import rewriting an unchanged row) writes no
//! entry. Rows that were in the file before migration 5 have no "insert"
//! entry; their first change records them before and after.

use super::error::{StoreError, StoreResult};
use super::Store;
#[cfg(test)]
use crate::model::audit::columns;
use crate::model::audit::stored_time;
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;

// The entries themselves are domain types in `planner-core` (so
// `report::audit` can write them as text and CSV); they keep their paths
// here.
pub use crate::model::audit::{AuditAction, AuditEntry, AUDITED_TABLES};

/// Who the audit trail names for a change written outside placement-planner
/// (no Store transaction set an actor).
pub const OUTSIDE_THE_APP: &str = "outside placement-planner";

/// The sentence SQLite returns when something tries to change `audit_log`.
pub const AUDIT_IS_READ_ONLY: &str = "the audit trail cannot be changed";

/// A table whose changes are audited: its name, the SQL giving a row's key
/// (`{r}` stands for `NEW` or `OLD`), its columns in schema order, and an
/// optional condition (on `{r}`) a row must meet to be audited. Only the
/// generator below reads these, and only tests run it: the migrations are
/// fixed text, and an entry's column order is `model::audit::columns`.
#[cfg(test)]
pub(crate) struct AuditedTable {
    pub name: &'static str,
    pub key: &'static str,
    pub columns: &'static [&'static str],
    pub only_if: Option<&'static str>,
    /// The schema version whose migration creates its triggers.
    pub since: usize,
    /// Columns added later, with the version whose migration added them
    /// and wrote the table's triggers again.
    pub later_columns: &'static [(&'static str, usize)],
}

/// The audited tables, in the order the migration creates their triggers.
#[cfg(test)]
pub(crate) const AUDITED: &[AuditedTable] = &[
    AuditedTable {
        name: "children",
        key: "{r}.id",
        columns: columns::CHILDREN,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "carers",
        key: "{r}.id",
        columns: columns::CARERS,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "homes",
        key: "{r}.id",
        columns: columns::HOMES,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "placements",
        key: "CAST({r}.id AS TEXT)",
        columns: columns::PLACEMENTS,
        only_if: None,
        since: 5,
        later_columns: &[("fee_changes_json", 7)],
    },
    AuditedTable {
        name: "referrals",
        key: "CAST({r}.id AS TEXT)",
        columns: columns::REFERRALS,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "decisions",
        key: "CAST({r}.id AS TEXT)",
        columns: columns::DECISIONS,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "settings",
        key: "{r}.key",
        columns: columns::SETTINGS,
        only_if: Some("{r}.key <> 'pseudonym_salt'"),
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "cost_rates",
        key: "{r}.category || '/' || {r}.financial_year",
        columns: columns::COST_RATES,
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "care_periods",
        key: "{r}.child_id || '/' || {r}.started",
        columns: columns::CARE_PERIODS,
        only_if: None,
        since: 6,
        later_columns: &[],
    },
];

/// Where the audit migration sits in [`super::migrations::MIGRATION_SQL`]
/// (version 5).
#[cfg(test)]
pub(crate) const MIGRATION_INDEX: usize = 4;

/// The SQL of migration 5, generated from [`AUDITED`]. Only the unit test
/// below calls it: the migration itself is fixed text in `migrations.rs`,
/// and the test proves the two agree.
#[cfg(test)]
pub(crate) fn migration_sql() -> String {
    let mut sql = String::from(
        r#"
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    action      TEXT NOT NULL CONSTRAINT audit_action_known CHECK (action IN ('insert','update','delete')),
    before_json TEXT,
    after_json  TEXT
) STRICT;

CREATE INDEX audit_log_by_row ON audit_log(table_name, row_key);
CREATE INDEX audit_log_by_time ON audit_log(at);

CREATE TRIGGER audit_log_is_never_edited BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

-- Who is making the change: one row, written by the app at the start of each
-- of its write transactions and deleted before the commit.
CREATE TABLE audit_actor (
    id   INTEGER PRIMARY KEY CONSTRAINT audit_actor_single_row CHECK (id = 1),
    name TEXT NOT NULL
) STRICT;
"#,
    );
    for t in AUDITED.iter().filter(|t| t.since == 5) {
        sql.push_str(&triggers_sql(t, 5));
    }
    sql
}

/// The insert, update and delete triggers that audit one table.
#[cfg(test)]
pub(crate) fn triggers_sql(t: &AuditedTable, version: usize) -> String {
    let columns: Vec<&str> = t
        .columns
        .iter()
        .copied()
        .chain(
            t.later_columns
                .iter()
                .filter(|(_, v)| *v <= version)
                .map(|(c, _)| *c),
        )
        .collect();
    let mut sql = String::new();
    {
        let json = |r: &str| {
            let fields: Vec<String> = columns.iter().map(|c| format!("'{c}', {r}.{c}")).collect();
            format!("json_object({})", fields.join(", "))
        };
        let key = |r: &str| t.key.replace("{r}", r);
        let only = |r: &str| t.only_if.map(|c| c.replace("{r}", r));
        let row = |action: &str, key: String, before: String, after: String| {
            format!(
                "BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), '{OUTSIDE_THE_APP}'),
            '{}', {key}, '{action}',
            {before},
            {after});
END;
",
                t.name
            )
        };
        let name = t.name;
        sql.push_str(&format!("\n-- {name}\n"));
        // insert
        sql.push_str(&format!(
            "CREATE TRIGGER audit_{name}_insert AFTER INSERT ON {name}\n"
        ));
        if let Some(c) = only("NEW") {
            sql.push_str(&format!("WHEN {c}\n"));
        }
        sql.push_str(&row("insert", key("NEW"), "NULL".into(), json("NEW")));
        // update: only when some column changed
        sql.push_str(&format!(
            "CREATE TRIGGER audit_{name}_update AFTER UPDATE ON {name}\nWHEN ("
        ));
        let changed: Vec<String> = columns
            .iter()
            .map(|c| format!("OLD.{c} IS NOT NEW.{c}"))
            .collect();
        sql.push_str(&changed.join(" OR "));
        sql.push(')');
        if let (Some(o), Some(n)) = (only("OLD"), only("NEW")) {
            sql.push_str(&format!(" AND {o} AND {n}"));
        }
        sql.push('\n');
        sql.push_str(&row("update", key("NEW"), json("OLD"), json("NEW")));
        // delete
        sql.push_str(&format!(
            "CREATE TRIGGER audit_{name}_delete AFTER DELETE ON {name}\n"
        ));
        if let Some(c) = only("OLD") {
            sql.push_str(&format!("WHEN {c}\n"));
        }
        sql.push_str(&row("delete", key("OLD"), json("OLD"), "NULL".into()));
    }
    sql
}

/// Which entries [`Store::audit`] returns; every set field must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// Exactly this table (e.g. "children").
    pub table: Option<String>,
    /// Exactly this user name, ignoring capitals.
    pub who: Option<String>,
    /// The row's key contains this, ignoring capitals.
    pub key_contains: Option<String>,
    /// On or after this day (in the computer's time zone).
    pub from: Option<Date>,
    /// On or before this day (in the computer's time zone).
    pub to: Option<Date>,
    /// At most this many entries, newest first; 0 for all.
    pub limit: usize,
}

/// Midnight at the start of `d` in the computer's time zone.
fn day_start(d: Date) -> StoreResult<Timestamp> {
    d.to_zoned(jiff::tz::TimeZone::system())
        .map(|z| z.timestamp())
        .map_err(|e| StoreError::Rule(format!("the day {d} cannot be placed in time: {e}")))
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoreResult<AuditEntry>> {
    let id: i64 = r.get(0)?;
    let at: String = r.get(1)?;
    let who: String = r.get(2)?;
    let table: String = r.get(3)?;
    let key: String = r.get(4)?;
    let action: String = r.get(5)?;
    let before: Option<String> = r.get(6)?;
    let after: Option<String> = r.get(7)?;
    Ok((|| {
        let json = |s: Option<String>| -> StoreResult<Option<Value>> {
            s.map(|s| {
                serde_json::from_str(&s)
                    .map_err(|e| StoreError::Corrupt(format!("audit entry {id} is not JSON: {e}")))
            })
            .transpose()
        };
        Ok(AuditEntry {
            id,
            at: at
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("audit entry {id} time '{at}': {e}")))?,
            who,
            table,
            key,
            action: super::convert::code_from_sql(&action, "audit action", AuditAction::parse)?,
            before: json(before)?,
            after: json(after)?,
        })
    })())
}

/// The default actor: the `USER` or `USERNAME` environment variable, else
/// "unknown".
pub fn default_actor() -> String {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The actor a newly opened store writes as: the settings value `user_name`
/// when present and not blank, else [`default_actor`].
pub(super) fn actor_on_open(conn: &rusqlite::Connection) -> StoreResult<String> {
    use rusqlite::OptionalExtension;
    let named: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'user_name'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(named
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(default_actor))
}

/// Puts the actor in `audit_actor` inside a write transaction (its first
/// statement).
pub(super) fn claim(tx: &rusqlite::Transaction<'_>, actor: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO audit_actor (id, name) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        [actor],
    )?;
    Ok(())
}

/// Empties `audit_actor` (the transaction's last statement before COMMIT).
pub(super) fn release(tx: &rusqlite::Transaction<'_>) -> StoreResult<()> {
    tx.execute("DELETE FROM audit_actor", [])?;
    Ok(())
}

impl Store {
    /// Audit entries matching `filter`, newest first.
    pub fn audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, at, who, table_name, row_key, action, before_json, after_json
               FROM audit_log WHERE 1",
        );
        let mut args: Vec<SqlValue> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, v: SqlValue| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(t) = &filter.table {
            arg(&mut sql, " AND table_name = ?", SqlValue::Text(t.clone()));
        }
        if let Some(w) = &filter.who {
            arg(
                &mut sql,
                " AND who = ? COLLATE NOCASE",
                SqlValue::Text(w.trim().to_string()),
            );
        }
        if let Some(k) = filter.key_contains.as_deref().map(str::trim) {
            if !k.is_empty() {
                arg(
                    &mut sql,
                    " AND instr(lower(row_key), lower(?)) > 0",
                    SqlValue::Text(k.to_string()),
                );
            }
        }
        if let Some(d) = filter.from {
            arg(
                &mut sql,
                " AND at >= ?",
                SqlValue::Text(stored_time(day_start(d)?)),
            );
        }
        if let Some(d) = filter.to {
            let next = d
                .tomorrow()
                .map_err(|e| StoreError::Rule(format!("no day after {d}: {e}")))?;
            arg(
                &mut sql,
                " AND at < ?",
                SqlValue::Text(stored_time(day_start(next)?)),
            );
        }
        sql.push_str(" ORDER BY id DESC");
        if filter.limit > 0 {
            sql.push_str(&format!(" LIMIT {}", filter.limit));
        }
        super::convert::collect_rows(
            &self.conn,
            &sql,
            rusqlite::params_from_iter(args),
            entry_from_row,
        )
    }

    /// The user names in the audit trail, A to Z, for a filter's choices.
    pub fn audit_people(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT who FROM audit_log ORDER BY who COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Names who this store's changes are recorded as, from now on (this
    /// connection only; another window keeps its own). Refuses a blank name.
    pub fn set_actor(&mut self, name: &str) -> StoreResult<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Rule(
                "the user name for the audit trail must not be blank".into(),
            ));
        }
        if name.chars().count() > 100 {
            return Err(StoreError::Rule(
                "the user name for the audit trail can be at most 100 characters".into(),
            ));
        }
        self.actor = name.to_string();
        Ok(())
    }

    /// Who this store's changes are recorded as.
    pub fn actor(&self) -> &str {
        &self.actor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Migration 5 is fixed text; it must be what the generator makes from
    /// the column lists above. If this fails after changing `AUDITED`, add a
    /// new migration that recreates the triggers: never edit migration 5.
    #[test]
    fn migration_5_is_the_generated_sql() {
        let generated = migration_sql();
        let released = super::super::migrations::MIGRATION_SQL
            .get(MIGRATION_INDEX)
            .copied()
            .unwrap_or_default();
        if generated != released {
            let out = std::env::temp_dir().join("audit_migration_5.sql");
            let _ = std::fs::write(&out, &generated);
            panic!(
                "migration 5 differs from the generated SQL (written to {})",
                out.display()
            );
        }
    }

    /// Migration 6 holds the care_periods triggers exactly as generated
    /// (its comment line apart).
    #[test]
    fn migration_6_audits_care_periods_as_generated() {
        let released = super::super::migrations::MIGRATION_SQL[5];
        for t in AUDITED.iter().filter(|t| t.since == 6) {
            let generated = triggers_sql(t, 6);
            let body = generated
                .split_once(&format!("-- {}\n", t.name))
                .map_or(generated.as_str(), |(_, b)| b);
            assert!(
                released.contains(body),
                "migration 6 lacks the generated triggers for {}:\n{body}",
                t.name
            );
        }
    }

    /// Migration 7 writes the placements triggers again, with the fee
    /// changes column, exactly as generated.
    #[test]
    fn migration_7_audits_placements_as_generated() {
        let released = super::super::migrations::MIGRATION_SQL[6];
        for t in AUDITED
            .iter()
            .filter(|t| t.later_columns.iter().any(|(_, v)| *v == 7))
        {
            let generated = triggers_sql(t, 7);
            assert!(
                released.contains(&generated),
                "migration 7 lacks the generated triggers for {}:\n{generated}",
                t.name
            );
        }
    }

    #[test]
    fn the_names_list_matches_the_tables() {
        let names: Vec<&str> = AUDITED.iter().map(|t| t.name).collect();
        assert_eq!(names, AUDITED_TABLES);
        // Each table's columns are the ones its entries are listed by.
        for t in AUDITED {
            assert_eq!(
                t.columns,
                crate::model::audit::audited_columns(t.name),
                "{}",
                t.name
            );
        }
    }
}
