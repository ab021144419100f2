//! The placements table: the history of where each child has lived.

use super::convert::*;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::{
    format_uk_date, FeeChange, Pence, PlaceCode, Placement, PlacementSetting, ProviderCode,
};
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{params, Connection, Row};

const SELECT: &str = "SELECT id, child_id, carer_id, home_id, postcode, start_date, end_date,
        weekly_cost_pence, place_code, provider_code, reason_for_change, fee_changes_json
    FROM placements";

/// The fee changes column: `NULL` for none, else a JSON list.
fn fee_changes_to_sql(changes: &[FeeChange]) -> Value {
    if changes.is_empty() {
        return Value::Null;
    }
    let list: Vec<serde_json::Value> = changes
        .iter()
        .map(|f| serde_json::json!({"from": date_to_sql(f.from), "weekly": f.weekly.0}))
        .collect();
    Value::Text(serde_json::Value::Array(list).to_string())
}

fn fee_changes_from_sql(text: Option<String>) -> StoreResult<Vec<FeeChange>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let bad = || {
        StoreError::Corrupt(format!(
            "a placement's fee changes are not readable: {text}"
        ))
    };
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|_| bad())?;
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let from = item.get("from").and_then(|v| v.as_str()).ok_or_else(bad)?;
        let weekly = item
            .get("weekly")
            .and_then(|v| v.as_i64())
            .ok_or_else(bad)?;
        out.push(FeeChange {
            from: date_from_sql(from)?,
            weekly: Pence(weekly),
        });
    }
    out.sort_by_key(|f| f.from);
    Ok(out)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Placement>> {
    let id: i64 = r.get(0)?;
    let child_id: String = r.get(1)?;
    let carer: Option<String> = r.get(2)?;
    let home: Option<String> = r.get(3)?;
    let postcode: Option<String> = r.get(4)?;
    let start: String = r.get(5)?;
    let end: Option<String> = r.get(6)?;
    let cost: Option<i64> = r.get(7)?;
    let place: String = r.get(8)?;
    let provider: Option<String> = r.get(9)?;
    let reason: Option<String> = r.get(10)?;
    let fees: Option<String> = r.get(11)?;
    Ok((|| {
        let setting = match (carer, home) {
            (Some(c), _) => PlacementSetting::Carer(c),
            (None, Some(h)) => PlacementSetting::Home(h),
            (None, None) => PlacementSetting::Elsewhere,
        };
        Ok(Placement {
            id,
            child_id,
            setting,
            postcode: postcode_from_sql(postcode),
            start: date_from_sql(&start)?,
            end: opt_date_from_sql(end)?,
            weekly_cost: cost.map(Pence),
            fee_changes: fee_changes_from_sql(fees)?,
            place: code_from_sql(&place, "PLACE", PlaceCode::parse)?,
            provider: provider
                .as_deref()
                .map(|p| code_from_sql(p, "PLACE_PROVIDER", ProviderCode::parse))
                .transpose()?,
            reason_for_change: reason,
        })
    })())
}

pub(super) fn values(p: &Placement) -> [Value; 11] {
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    [
        Value::Text(p.child_id.clone()),
        opt(p.carer_id().map(str::to_string)),
        opt(p.home_id().map(str::to_string)),
        opt(p.postcode.as_ref().map(|p| p.to_string())),
        Value::Text(date_to_sql(p.start)),
        opt(p.end.map(date_to_sql)),
        p.weekly_cost.map_or(Value::Null, |c| Value::Integer(c.0)),
        Value::Text(p.place.code().into()),
        opt(p.provider.map(|c| c.code().to_string())),
        opt(p.reason_for_change.clone()),
        fee_changes_to_sql(&p.fee_changes),
    ]
}

/// Inserts as given (keeping a non-zero id), without the overlap check; for
/// bulk loads whose consistency was checked by their producer.
pub(super) fn insert_raw(conn: &Connection, p: &Placement) -> StoreResult<i64> {
    let mut vals: Vec<Value> = vec![if p.id > 0 {
        Value::Integer(p.id)
    } else {
        Value::Null
    }];
    vals.extend(values(p));
    conn.execute(
        "INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date, end_date,
            weekly_cost_pence, place_code, provider_code, reason_for_change, fee_changes_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params_from_iter(vals),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Ends every placement of a child still open on `on`.
pub(super) fn end_open_for_child(conn: &Connection, child_id: &str, on: Date) -> StoreResult<()> {
    conn.execute(
        "UPDATE placements SET end_date = max(?2, start_date)
          WHERE child_id = ?1 AND (end_date IS NULL OR end_date > ?2)",
        params![child_id, date_to_sql(on)],
    )?;
    Ok(())
}

/// Inserts a new placement after the rules: no overlap with the child's
/// other placements, no over-filling. Returns the new id.
pub(super) fn insert_checked(conn: &Connection, p: &Placement) -> StoreResult<i64> {
    check_no_overlap(conn, p)?;
    check_capacity(conn, p)?;
    insert_raw(conn, &Placement { id: 0, ..p.clone() })
}

/// A child lives in one place at a time: refuses a placement overlapping
/// another of the same child's.
fn check_no_overlap(conn: &Connection, p: &Placement) -> StoreResult<()> {
    let clash: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, start_date FROM placements
              WHERE child_id = ?1 AND id <> ?2
                AND start_date < coalesce(?4, '9999-12-31')
                AND coalesce(end_date, '9999-12-31') > ?3
              LIMIT 1",
            params![
                p.child_id,
                p.id,
                date_to_sql(p.start),
                p.end.map(date_to_sql)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if let Some((id, start)) = clash {
        let start = date_from_sql(&start).map(format_uk_date).unwrap_or(start);
        return Err(StoreError::Rule(format!(
            "child {} already has placement {id} (from {start}) over these dates; end it first",
            p.child_id
        )));
    }
    Ok(())
}

fn collect(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> StoreResult<Vec<Placement>> {
    collect_rows(conn, sql, args, from_row)
}

/// A household or home takes no more children than its approved places or
/// registered beds, and none while on hold, resigned or closed: refuses a
/// placement that breaks that on its start date.
fn check_capacity(conn: &Connection, p: &Placement) -> StoreResult<()> {
    let start = date_to_sql(p.start);
    let (row, column, what, id) = match &p.setting {
        PlacementSetting::Carer(id) => (
            conn.query_row(
                "SELECT approved_places, name,
                        CASE WHEN status = 'active' THEN '' ELSE replace(status, '_', ' ') END
                   FROM carers WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            ),
            "carer_id",
            "approved places",
            id,
        ),
        PlacementSetting::Home(id) => (
            conn.query_row(
                "SELECT registered_beds, name,
                        CASE WHEN closed_on IS NULL OR closed_on > ?2 THEN '' ELSE 'closed' END
                   FROM homes WHERE id = ?1",
                params![id, start],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            ),
            "home_id",
            "registered beds",
            id,
        ),
        PlacementSetting::Elsewhere => return Ok(()),
    };
    let (places, name, unavailable) = match row {
        Ok(r) => r,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(StoreError::NotFound {
                what: if column == "home_id" {
                    "residential home"
                } else {
                    "carer household"
                },
                id: id.clone(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    if !unavailable.is_empty() {
        return Err(StoreError::Rule(format!(
            "{name} ({id}) is {unavailable} and takes no new placements"
        )));
    }
    let open: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM placements WHERE {column} = ?1 AND start_date <= ?2
               AND (end_date IS NULL OR end_date > ?2)"
        ),
        params![id, start],
        |r| r.get(0),
    )?;
    if open >= places {
        return Err(StoreError::Rule(format!(
            "{name} ({id}) has no vacancy on {}: {open} placed, {places} {what}",
            format_uk_date(p.start)
        )));
    }
    Ok(())
}

impl Store {
    /// The whole history, by child then start date.
    pub fn placements(&self) -> StoreResult<Vec<Placement>> {
        collect(
            &self.conn,
            &format!("{SELECT} ORDER BY child_id, start_date, id"),
            [],
        )
    }

    /// One placement by id.
    pub fn placement(&self, id: i64) -> StoreResult<Placement> {
        collect(&self.conn, &format!("{SELECT} WHERE id = ?1"), [id])?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                what: "placement",
                id: id.to_string(),
            })
    }

    /// Only for tests and benchmarks (the `testing` feature).
    #[cfg(any(test, feature = "testing"))]
    pub fn placements_for_child(&self, child_id: &str) -> StoreResult<Vec<Placement>> {
        collect(
            &self.conn,
            &format!("{SELECT} WHERE child_id = ?1 ORDER BY start_date, id"),
            [child_id],
        )
    }

    /// Adds a placement, refusing one that overlaps the child's others or
    /// over-fills the household or home. Returns the new id.
    pub fn insert_placement(&mut self, p: &Placement) -> StoreResult<i64> {
        self.transaction(|tx| insert_checked(tx, p))
    }

    /// Ends a placement on `end` with a reason for the change.
    pub fn end_placement(&mut self, id: i64, end: Date, reason: Option<&str>) -> StoreResult<()> {
        self.transaction(|tx| {
            let n = tx.execute(
                "UPDATE placements SET end_date = ?2, reason_for_change = coalesce(?3, reason_for_change)
                  WHERE id = ?1",
                params![id, date_to_sql(end), reason],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    what: "placement",
                    id: id.to_string(),
                });
            }
            Ok(())
        })
    }
}
