//! The children table.

use super::convert::*;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::child::CarePeriod;
use crate::model::child::{ChildStatus, Sex};
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::Child;
use rusqlite::types::Value;
use rusqlite::{Connection, Row};

const SELECT: &str =
    "SELECT c.id, c.name, c.date_of_birth, c.sex, c.legal_status, c.category_of_need,
        c.disability, c.sibling_group, c.home_postcode, p.easting, p.northing, c.status,
        c.entered_care, c.left_care
    FROM children c LEFT JOIN postcodes p ON p.postcode = c.home_postcode";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Child>> {
    let dob: String = r.get(2)?;
    let sex: String = r.get(3)?;
    let ls: String = r.get(4)?;
    let cin: String = r.get(5)?;
    let status: String = r.get(11)?;
    let entered: String = r.get(12)?;
    let left: Option<String> = r.get(13)?;
    let id: String = r.get(0)?;
    let name: String = r.get(1)?;
    let disability: bool = r.get(6)?;
    let sibling_group: Option<String> = r.get(7)?;
    let postcode: Option<String> = r.get(8)?;
    let e: Option<i64> = r.get(9)?;
    let n: Option<i64> = r.get(10)?;
    Ok((|| {
        Ok(Child {
            id,
            name,
            date_of_birth: date_from_sql(&dob)?,
            sex: code_from_sql(&sex, "sex", Sex::parse)?,
            legal_status: code_from_sql(&ls, "legal status", LegalStatus::parse)?,
            category_of_need: code_from_sql(&cin, "category of need", CategoryOfNeed::parse)?,
            disability,
            sibling_group,
            home_postcode: postcode_from_sql(postcode),
            home_location: grid_from_sql(e, n),
            status: code_from_sql(&status, "child status", ChildStatus::parse)?,
            entered_care: date_from_sql(&entered)?,
            left_care: opt_date_from_sql(left)?,
            earlier_periods: Vec::new(),
        })
    })())
}

pub(super) fn values(c: &Child) -> [Value; 12] {
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    [
        Value::Text(c.id.clone()),
        Value::Text(c.name.clone()),
        Value::Text(date_to_sql(c.date_of_birth)),
        Value::Text(c.sex.code().into()),
        Value::Text(c.legal_status.code().into()),
        Value::Text(c.category_of_need.code().into()),
        Value::Integer(c.disability.into()),
        opt(c.sibling_group.clone()),
        opt(c.home_postcode.map(|p| p.to_string())),
        Value::Text(c.status.code().into()),
        Value::Text(date_to_sql(c.entered_care)),
        opt(c.left_care.map(date_to_sql)),
    ]
}

pub(super) fn insert(conn: &Connection, c: &Child) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need,
            disability, sibling_group, home_postcode, status, entered_care, left_care)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params_from_iter(values(c)),
    )?;
    save_earlier_periods(conn, c)
}

/// Makes the stored earlier periods of care of `c` what `c` holds,
/// touching only the rows that differ (so the audit trail records only
/// real changes).
pub(super) fn save_earlier_periods(conn: &Connection, c: &Child) -> StoreResult<()> {
    let stored = periods_of(conn, Some(&c.id))?
        .remove(&c.id)
        .unwrap_or_default();
    for p in stored.iter().filter(|p| !c.earlier_periods.contains(p)) {
        conn.prepare_cached("DELETE FROM care_periods WHERE child_id = ?1 AND started = ?2")?
            .execute((&c.id, date_to_sql(p.started)))?;
    }
    for p in c.earlier_periods.iter().filter(|p| !stored.contains(p)) {
        conn.prepare_cached(
            "INSERT INTO care_periods (child_id, started, ended) VALUES (?1, ?2, ?3)
             ON CONFLICT (child_id, started) DO UPDATE SET ended = excluded.ended",
        )?
        .execute((&c.id, date_to_sql(p.started), date_to_sql(p.ended)))?;
    }
    Ok(())
}

/// Earlier periods of care by child, oldest first: of one child, or of all.
fn periods_of(
    conn: &Connection,
    child: Option<&str>,
) -> StoreResult<std::collections::HashMap<String, Vec<CarePeriod>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT child_id, started, ended FROM care_periods
         WHERE ?1 IS NULL OR child_id = ?1 ORDER BY child_id, started",
    )?;
    let rows = stmt.query_map([child], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out: std::collections::HashMap<String, Vec<CarePeriod>> = Default::default();
    for row in rows {
        let (id, started, ended) = row?;
        out.entry(id).or_default().push(CarePeriod {
            started: date_from_sql(&started)?,
            ended: date_from_sql(&ended)?,
        });
    }
    Ok(out)
}

fn with_periods(
    conn: &Connection,
    mut children: Vec<Child>,
    one: Option<&str>,
) -> StoreResult<Vec<Child>> {
    let mut periods = periods_of(conn, one)?;
    for c in &mut children {
        if let Some(p) = periods.remove(&c.id) {
            c.earlier_periods = p;
        }
    }
    Ok(children)
}

/// The earlier periods of care a child has once `edited` is saved over
/// `stored`: a form or template knows only the current period, so a child
/// who had left care and is entered again (a later `entered_care`) keeps
/// the period that ended as an earlier one, and periods the new current
/// one would overlap are dropped.
fn earlier_periods_after_edit(stored: &Child, edited: &Child) -> Vec<CarePeriod> {
    let mut periods = stored.earlier_periods.clone();
    if let Some(left) = stored.left_care {
        if edited.entered_care >= left && edited.entered_care > stored.entered_care {
            periods.push(CarePeriod {
                started: stored.entered_care,
                ended: left,
            });
        }
    }
    for p in &edited.earlier_periods {
        if !periods.contains(p) {
            periods.push(*p);
        }
    }
    periods.retain(|p| p.ended <= edited.entered_care);
    periods.sort();
    periods
}

fn update(conn: &Connection, c: &Child) -> StoreResult<()> {
    let stored = collect(conn, &format!("{SELECT} WHERE c.id = ?1"), [&c.id])?;
    let stored = with_periods(conn, stored, Some(&c.id))?;
    let earlier = stored
        .first()
        .map(|s| earlier_periods_after_edit(s, c))
        .unwrap_or_default();
    let n = conn.execute(
        "UPDATE children SET name = ?2, date_of_birth = ?3, sex = ?4, legal_status = ?5,
            category_of_need = ?6, disability = ?7, sibling_group = ?8, home_postcode = ?9,
            status = ?10, entered_care = ?11, left_care = ?12
         WHERE id = ?1",
        rusqlite::params_from_iter(values(c)),
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "child",
            id: c.id.clone(),
        });
    }
    save_earlier_periods(
        conn,
        &Child {
            earlier_periods: earlier,
            ..c.clone()
        },
    )
}

/// Saves every field of an existing child, inside the caller's
/// transaction; a child who has left care has any placement still open
/// ended on the leaving date.
pub(super) fn update_and_end_open(conn: &Connection, c: &Child) -> StoreResult<()> {
    update(conn, c)?;
    if let Some(left) = c.left_care {
        super::placements::end_open_for_child(conn, &c.id, left)?;
    }
    Ok(())
}

fn collect(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> StoreResult<Vec<Child>> {
    collect_rows(conn, sql, args, from_row)
}

impl Store {
    /// Every child, ordered by reference.
    pub fn children(&self) -> StoreResult<Vec<Child>> {
        let all = collect(&self.conn, &format!("{SELECT} ORDER BY c.id"), [])?;
        with_periods(&self.conn, all, None)
    }

    pub fn child(&self, id: &str) -> StoreResult<Child> {
        let one = collect(&self.conn, &format!("{SELECT} WHERE c.id = ?1"), [id])?;
        with_periods(&self.conn, one, Some(id))?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                what: "child",
                id: id.to_string(),
            })
    }

    pub fn insert_child(&mut self, c: &Child) -> StoreResult<()> {
        self.transaction(|tx| insert(tx, c))
    }

    /// Saves changes to an existing child. A child who has left care keeps no
    /// open placement: those are ended on the leaving date in the same
    /// transaction.
    pub fn update_child(&mut self, c: &Child) -> StoreResult<()> {
        self.transaction(|tx| update_and_end_open(tx, c))
    }
}
