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
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;

/// Who the audit trail names for a change written outside placement-planner
/// (no Store transaction set an actor).
pub const OUTSIDE_THE_APP: &str = "outside placement-planner";

/// The sentence SQLite returns when something tries to change `audit_log`.
pub const AUDIT_IS_READ_ONLY: &str = "the audit trail cannot be changed";

/// A table whose changes are audited: its name, the SQL giving a row's key
/// (`{r}` stands for `NEW` or `OLD`), its columns in schema order, and an
/// optional condition (on `{r}`) a row must meet to be audited.
// `key` and `only_if` are read only by the generator, which only tests run.
#[cfg_attr(not(test), allow(dead_code))]
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
pub(crate) const AUDITED: &[AuditedTable] = &[
    AuditedTable {
        name: "children",
        key: "{r}.id",
        columns: &[
            "id",
            "name",
            "date_of_birth",
            "sex",
            "legal_status",
            "category_of_need",
            "disability",
            "sibling_group",
            "home_postcode",
            "status",
            "entered_care",
            "left_care",
        ],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "carers",
        key: "{r}.id",
        columns: &[
            "id",
            "name",
            "sector",
            "agency",
            "approved_places",
            "age_min",
            "age_max",
            "takes_siblings",
            "specialisms",
            "postcode",
            "weekly_cost_pence",
            "status",
            "approval_date",
            "ended_on",
        ],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "homes",
        key: "{r}.id",
        columns: &[
            "id",
            "name",
            "provider",
            "sector",
            "ofsted_urn",
            "registered_beds",
            "age_min",
            "age_max",
            "postcode",
            "weekly_cost_per_bed_pence",
            "closed_on",
        ],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "placements",
        key: "CAST({r}.id AS TEXT)",
        columns: &[
            "id",
            "child_id",
            "carer_id",
            "home_id",
            "postcode",
            "start_date",
            "end_date",
            "weekly_cost_pence",
            "place_code",
            "provider_code",
            "reason_for_change",
        ],
        only_if: None,
        since: 5,
        later_columns: &[("fee_changes_json", 7)],
    },
    AuditedTable {
        name: "referrals",
        key: "CAST({r}.id AS TEXT)",
        columns: &[
            "id",
            "child_id",
            "received",
            "sibling_group_size",
            "disability",
            "specialisms_needed",
            "must_stay_near_home",
            "risk_flags",
            "urgency",
            "latest_start",
            "notes",
        ],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "decisions",
        key: "CAST({r}.id AS TEXT)",
        columns: &[
            "id",
            "referral_id",
            "meeting_date",
            "outcome",
            "carer_id",
            "home_id",
            "start_date",
            "weekly_cost_pence",
            "placement_id",
            "rationale",
            "attendees",
            "corrects",
            "recorded_at",
        ],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "settings",
        key: "{r}.key",
        columns: &["key", "value"],
        only_if: Some("{r}.key <> 'pseudonym_salt'"),
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "cost_rates",
        key: "{r}.category || '/' || {r}.financial_year",
        columns: &["category", "financial_year", "weekly_cost_pence", "source"],
        only_if: None,
        since: 5,
        later_columns: &[],
    },
    AuditedTable {
        name: "care_periods",
        key: "{r}.child_id || '/' || {r}.started",
        columns: &["child_id", "started", "ended"],
        only_if: None,
        since: 6,
        later_columns: &[],
    },
];

/// Where the audit migration sits in [`super::migrations::MIGRATION_SQL`]
/// (version 5).
#[cfg(test)]
pub(crate) const MIGRATION_INDEX: usize = 4;

/// The names of the audited tables, for a filter's choices.
pub const AUDITED_TABLES: &[&str] = &[
    "children",
    "carers",
    "homes",
    "placements",
    "referrals",
    "decisions",
    "settings",
    "cost_rates",
    "care_periods",
];

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

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    Insert,
    Update,
    Delete,
}

impl AuditAction {
    pub const ALL: [AuditAction; 3] = [
        AuditAction::Insert,
        AuditAction::Update,
        AuditAction::Delete,
    ];

    /// The code stored in `audit_log.action`.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Insert => "insert",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// In words, for a list: "added", "changed", "deleted".
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::Insert => "added",
            AuditAction::Update => "changed",
            AuditAction::Delete => "deleted",
        }
    }
}

/// One change to one row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Increases with every entry: the order changes were made in.
    pub id: i64,
    /// When, to the millisecond (UTC).
    pub at: Timestamp,
    pub who: String,
    /// The table changed, e.g. "children" (see [`AUDITED_TABLES`]).
    pub table: String,
    /// The row's key: the reference or number; "key" for settings;
    /// "category/year" for cost rates.
    pub key: String,
    pub action: AuditAction,
    /// The row before (update, delete) as a JSON object of its columns.
    pub before: Option<Value>,
    /// The row after (insert, update).
    pub after: Option<Value>,
}

impl AuditEntry {
    /// The fields and their values before and after: for an update only the
    /// fields that differ; for an insert every field (before `None`); for a
    /// delete every field (after `None`). In the table's column order.
    pub fn changed_fields(&self) -> Vec<(String, Option<Value>, Option<Value>)> {
        let empty = serde_json::Map::new();
        let before = self.before.as_ref().and_then(Value::as_object);
        let after = self.after.as_ref().and_then(Value::as_object);
        let mut names: Vec<&String> = before
            .unwrap_or(&empty)
            .keys()
            .chain(after.unwrap_or(&empty).keys())
            .collect();
        let order = AUDITED
            .iter()
            .find(|t| t.name == self.table)
            .map_or(&[][..], |t| t.columns);
        let rank = |n: &str| order.iter().position(|c| *c == n).unwrap_or(usize::MAX);
        names.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| {
                let b = before.and_then(|m| m.get(n)).cloned();
                let a = after.and_then(|m| m.get(n)).cloned();
                let keep = match self.action {
                    AuditAction::Update => b != a,
                    AuditAction::Insert | AuditAction::Delete => true,
                };
                keep.then(|| (n.clone(), b, a))
            })
            .collect()
    }

    /// One line: "2025-06-01 14:03:07.125 UTC  alice  changed children C001: status looked_after → left_care; …".
    pub fn summary(&self) -> String {
        let fields: Vec<String> = self
            .changed_fields()
            .into_iter()
            .map(|(name, b, a)| match self.action {
                AuditAction::Update => {
                    format!("{name} {} → {}", show(b.as_ref()), show(a.as_ref()))
                }
                AuditAction::Insert => format!("{name} {}", show(a.as_ref())),
                AuditAction::Delete => format!("{name} {}", show(b.as_ref())),
            })
            .collect();
        format!(
            "{}  {}  {} {} {}: {}",
            self.at.strftime("%Y-%m-%d %H:%M:%S%.3f UTC"),
            escape_controls(&self.who),
            self.action.label(),
            self.table,
            escape_controls(&self.key),
            fields.join("; ")
        )
    }
}

/// `s` with control characters (escape codes, NUL) written as `\u{1b}`.
fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(blank)".into(),
        // Control characters escaped: a value never moves the terminal.
        Some(Value::String(s)) => format!("\"{}\"", escape_controls(s)),
        Some(other) => other.to_string(),
    }
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

/// The stored form of a time: RFC 3339, UTC, milliseconds, as the triggers
/// write it, so text order is time order.
fn at_to_sql(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
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
                SqlValue::Text(at_to_sql(day_start(d)?)),
            );
        }
        if let Some(d) = filter.to {
            let next = d
                .tomorrow()
                .map_err(|e| StoreError::Rule(format!("no day after {d}: {e}")))?;
            arg(
                &mut sql,
                " AND at < ?",
                SqlValue::Text(at_to_sql(day_start(next)?)),
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

/// The entries as CSV for export: one row per entry with the time (RFC 3339,
/// UTC), who, table, key, action, the names of the changed fields, and the
/// row before and after as JSON.
pub fn audit_csv(entries: &[AuditEntry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record([
        "id", "at", "who", "table", "key", "action", "changed", "before", "after",
    ]);
    for e in entries {
        let changed: Vec<String> = e.changed_fields().into_iter().map(|(n, _, _)| n).collect();
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        let _ = w.write_record([
            e.id.to_string(),
            at_to_sql(e.at),
            crate::spreadsheet::csv_text(&e.who),
            e.table.clone(),
            crate::spreadsheet::csv_text(&e.key),
            e.action.code().to_string(),
            changed.join("; "),
            json(&e.before),
            json(&e.after),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
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
    }

    #[test]
    fn stored_times_sort_as_text() {
        let t: Timestamp = "2025-06-01T09:05:03Z".parse().unwrap();
        assert_eq!(at_to_sql(t), "2025-06-01T09:05:03.000Z");
        let t: Timestamp = "2025-06-01T09:05:03.25Z".parse().unwrap();
        assert_eq!(at_to_sql(t), "2025-06-01T09:05:03.250Z");
    }
}
