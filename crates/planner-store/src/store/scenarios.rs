//! Saved what-if scenarios (schema version 4). The levers are kept as JSON
//! so levers added later load from older rows with their defaults.

use super::convert::{collect_rows, date_from_sql, date_to_sql};
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::ValidationErrors;
use crate::scenario::saved::MAX_NAME_CHARS;
use crate::scenario::{LeverError, Levers, SavedScenario, ScenarioDraft};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashSet;

const SELECT: &str = "SELECT id, name, notes, levers_json, start_date, reference_months,
        baseline_fingerprint, saved_at
    FROM scenarios";

fn scenario_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<SavedScenario>> {
    let id: i64 = r.get(0)?;
    let name: String = r.get(1)?;
    let notes: String = r.get(2)?;
    let levers_json: String = r.get(3)?;
    let start: String = r.get(4)?;
    let reference_months: i64 = r.get(5)?;
    let baseline_fingerprint: String = r.get(6)?;
    let saved_at: String = r.get(7)?;
    Ok((|| {
        let levers: Levers = serde_json::from_str(&levers_json)
            .map_err(|e| StoreError::Corrupt(format!("the levers of scenario '{name}': {e}")))?;
        Ok(SavedScenario {
            id,
            notes,
            levers,
            start: date_from_sql(&start)?,
            reference_months: u32::try_from(reference_months).map_err(|_| {
                StoreError::Corrupt(format!(
                    "the reference period of scenario '{name}': {reference_months} months"
                ))
            })?,
            baseline_fingerprint,
            saved_at: saved_at.parse().map_err(|e| {
                StoreError::Corrupt(format!(
                    "the time scenario '{name}' was saved, '{saved_at}': {e}"
                ))
            })?,
            name,
        })
    })())
}

/// The draft's errors as the store's validation error. Fields of the draft
/// keep their names; a lever's error is filed under `levers` and its
/// message begins with the lever's own name (`shift_share must be …`).
/// For per-field messages in a form, call `ScenarioDraft::validate`.
fn invalid(errors: Vec<LeverError>) -> StoreError {
    let mut out = ValidationErrors::default();
    for e in errors {
        let field = match e.field.as_str() {
            "name" => "name",
            "notes" => "notes",
            "start" => "start",
            "reference_months" => "reference_months",
            "baseline_fingerprint" => "baseline_fingerprint",
            _ => "levers",
        };
        out.push(field, e.message);
    }
    StoreError::Invalid(out)
}

/// Refuses a name another scenario (not `except`) already has, ignoring
/// capitals as the table's UNIQUE does.
fn check_name_free(conn: &Connection, name: &str, except: Option<i64>) -> StoreResult<()> {
    let taken: Option<String> = conn
        .query_row(
            "SELECT name FROM scenarios WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(existing) => Err(StoreError::Rule(format!(
            "there is already a scenario called '{existing}'; choose another name"
        ))),
        None => Ok(()),
    }
}

fn levers_json(levers: &Levers) -> StoreResult<String> {
    serde_json::to_string(levers).map_err(|source| StoreError::Encode {
        what: "the levers",
        source,
    })
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn insert(conn: &Connection, d: &ScenarioDraft, name: &str) -> StoreResult<i64> {
    check_name_free(conn, name, None)?;
    conn.execute(
        "INSERT INTO scenarios (name, notes, levers_json, start_date, reference_months,
            baseline_fingerprint, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            name,
            d.notes.trim(),
            levers_json(&d.levers)?,
            date_to_sql(d.start),
            d.reference_months,
            d.baseline_fingerprint,
            now()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn read(conn: &Connection, id: i64) -> StoreResult<SavedScenario> {
    collect_rows(
        conn,
        &format!("{SELECT} WHERE id = ?1"),
        [id],
        scenario_from_row,
    )?
    .pop()
    .ok_or_else(|| StoreError::NotFound {
        what: "scenario",
        id: id.to_string(),
    })
}

/// `Plan (copy 3)` → `Plan`; any other name is its own base.
fn copy_base(name: &str) -> &str {
    let Some(head) = name.strip_suffix(')') else {
        return name;
    };
    let Some((base, inside)) = head.rsplit_once(" (copy") else {
        return name;
    };
    let is_copy = inside.is_empty()
        || inside
            .strip_prefix(' ')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_copy && !base.trim().is_empty() {
        base
    } else {
        name
    }
}

/// The first of `Base (copy)`, `Base (copy 2)`, … that no scenario has,
/// shortening the base so the name stays within 80 characters.
fn copy_name(conn: &Connection, name: &str) -> StoreResult<String> {
    let mut stmt = conn.prepare("SELECT lower(name) FROM scenarios")?;
    let taken: HashSet<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    let base = copy_base(name);
    for n in 1u32.. {
        let suffix = if n == 1 {
            " (copy)".to_string()
        } else {
            format!(" (copy {n})")
        };
        let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
        let short: String = base.chars().take(room).collect();
        let candidate = format!("{}{suffix}", short.trim_end());
        if !taken.contains(&candidate.to_ascii_lowercase()) {
            return Ok(candidate);
        }
    }
    unreachable!("a free copy name exists among the first u32::MAX")
}

impl Store {
    /// Saves a new scenario and returns its id. The draft is validated
    /// first: if anything is wrong nothing is written and the error names
    /// each field. A name another scenario has (ignoring capitals) is
    /// refused with a sentence naming it.
    pub fn insert_scenario(&mut self, d: &ScenarioDraft) -> StoreResult<i64> {
        d.validate().map_err(invalid)?;
        let name = d.name.trim().to_string();
        self.transaction(|tx| insert(tx, d, &name))
    }

    /// Replaces a saved scenario with the draft (validated first, as for
    /// [`Store::insert_scenario`]) and stamps it saved now.
    pub fn update_scenario(&mut self, id: i64, d: &ScenarioDraft) -> StoreResult<()> {
        d.validate().map_err(invalid)?;
        let name = d.name.trim().to_string();
        self.transaction(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM scenarios WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound {
                    what: "scenario",
                    id: id.to_string(),
                });
            }
            check_name_free(tx, &name, Some(id))?;
            tx.execute(
                "UPDATE scenarios SET name = ?2, notes = ?3, levers_json = ?4, start_date = ?5,
                    reference_months = ?6, baseline_fingerprint = ?7, saved_at = ?8
                 WHERE id = ?1",
                params![
                    id,
                    name,
                    d.notes.trim(),
                    levers_json(&d.levers)?,
                    date_to_sql(d.start),
                    d.reference_months,
                    d.baseline_fingerprint,
                    now()
                ],
            )?;
            Ok(())
        })
    }

    /// Every saved scenario, by name (ignoring capitals).
    pub fn scenarios(&self) -> StoreResult<Vec<SavedScenario>> {
        collect_rows(
            &self.conn,
            &format!("{SELECT} ORDER BY name, id"),
            [],
            scenario_from_row,
        )
    }

    pub fn scenario(&self, id: i64) -> StoreResult<SavedScenario> {
        read(&self.conn, id)
    }

    /// Saves a copy of a scenario as `Name (copy)`, or `Name (copy 2)`, …
    /// when that is taken, and returns the copy's id.
    pub fn duplicate_scenario(&mut self, id: i64) -> StoreResult<i64> {
        self.transaction(|tx| {
            let original = read(tx, id)?;
            let name = copy_name(tx, &original.name)?;
            insert(tx, &original.draft(), &name)
        })
    }

    pub fn delete_scenario(&mut self, id: i64) -> StoreResult<()> {
        self.transaction(|tx| {
            if tx.execute("DELETE FROM scenarios WHERE id = ?1", [id])? == 0 {
                return Err(StoreError::NotFound {
                    what: "scenario",
                    id: id.to_string(),
                });
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::copy_base;

    #[test]
    fn copy_suffixes_are_recognised() {
        assert_eq!(copy_base("Plan"), "Plan");
        assert_eq!(copy_base("Plan (copy)"), "Plan");
        assert_eq!(copy_base("Plan (copy 12)"), "Plan");
        assert_eq!(copy_base("Plan (copy x)"), "Plan (copy x)");
        assert_eq!(copy_base("Plan (copyright)"), "Plan (copyright)");
        assert_eq!(copy_base(" (copy)"), " (copy)");
    }
}
