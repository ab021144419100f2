//! The residential homes table.

use super::convert::*;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::home::HomeSector;
use crate::model::{Home, Pence};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};

const SELECT: &str = "SELECT h.id, h.name, h.provider, h.sector, h.ofsted_urn, h.registered_beds,
        h.age_min, h.age_max, h.postcode, p.easting, p.northing, h.weekly_cost_per_bed_pence, h.closed_on
    FROM homes h LEFT JOIN postcodes p ON p.postcode = h.postcode";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Home>> {
    let id: String = r.get(0)?;
    let name: String = r.get(1)?;
    let provider: String = r.get(2)?;
    let sector: String = r.get(3)?;
    let urn: Option<String> = r.get(4)?;
    let beds: i64 = r.get(5)?;
    let age_min: i64 = r.get(6)?;
    let age_max: i64 = r.get(7)?;
    let postcode: Option<String> = r.get(8)?;
    let e: Option<i64> = r.get(9)?;
    let n: Option<i64> = r.get(10)?;
    let cost: i64 = r.get(11)?;
    let closed: Option<String> = r.get(12)?;
    Ok((|| {
        Ok(Home {
            sector: code_from_sql(&sector, "home sector", HomeSector::parse)?,
            registered_beds: u8::try_from(beds)
                .map_err(|_| StoreError::Corrupt(format!("home {id} has {beds} beds")))?,
            age_min: age_min.clamp(0, 17) as u8,
            age_max: age_max.clamp(0, 17) as u8,
            postcode: postcode_from_sql(postcode),
            location: grid_from_sql(e, n),
            weekly_cost_per_bed: Pence(cost),
            closed_on: opt_date_from_sql(closed)?,
            ofsted_urn: urn,
            id,
            name,
            provider,
        })
    })())
}

fn values(h: &Home) -> [Value; 11] {
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    [
        Value::Text(h.id.clone()),
        Value::Text(h.name.clone()),
        Value::Text(h.provider.clone()),
        Value::Text(h.sector.code().into()),
        opt(h.ofsted_urn.clone()),
        Value::Integer(h.registered_beds.into()),
        Value::Integer(h.age_min.into()),
        Value::Integer(h.age_max.into()),
        opt(h.postcode.as_ref().map(|p| p.to_string())),
        Value::Integer(h.weekly_cost_per_bed.0),
        opt(h.closed_on.map(date_to_sql)),
    ]
}

pub(super) fn insert(conn: &Connection, h: &Home) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO homes (id, name, provider, sector, ofsted_urn, registered_beds, age_min,
            age_max, postcode, weekly_cost_per_bed_pence, closed_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params_from_iter(values(h)),
    )?;
    Ok(())
}

/// Saves every field of an existing home, inside the caller's
/// transaction. A home cannot close while children live there.
pub(super) fn update(conn: &Connection, h: &Home) -> StoreResult<()> {
    if let Some(closed) = h.closed_on {
        let open: i64 = conn.query_row(
            "SELECT count(*) FROM placements WHERE home_id = ?1
               AND (end_date IS NULL OR end_date > ?2)",
            rusqlite::params![h.id, date_to_sql(closed)],
            |r| r.get(0),
        )?;
        if open > 0 {
            return Err(StoreError::Rule(format!(
                "{} still has {open} placement(s) open after {}; end or move them first",
                h.name,
                crate::model::format_uk_date(closed)
            )));
        }
    }
    // Registered beds may not drop below the children living there now or
    // placed there from a later day (as carers' approved places).
    let living: i64 = conn.query_row(
        "SELECT count(*) FROM placements WHERE home_id = ?1
           AND (end_date IS NULL OR end_date > date('now', 'localtime'))",
        rusqlite::params![h.id],
        |r| r.get(0),
    )?;
    if h.closed_on.is_none() && i64::from(h.registered_beds) < living {
        return Err(StoreError::Rule(format!(
            "{} has {living} children placed there; registered beds cannot drop to {}",
            h.name, h.registered_beds
        )));
    }
    let n = conn.execute(
        "UPDATE homes SET name = ?2, provider = ?3, sector = ?4, ofsted_urn = ?5,
            registered_beds = ?6, age_min = ?7, age_max = ?8, postcode = ?9,
            weekly_cost_per_bed_pence = ?10, closed_on = ?11
         WHERE id = ?1",
        rusqlite::params_from_iter(values(h)),
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "residential home",
            id: h.id.clone(),
        });
    }
    Ok(())
}

impl Store {
    pub fn homes(&self) -> StoreResult<Vec<Home>> {
        collect_rows(&self.conn, &format!("{SELECT} ORDER BY h.id"), [], from_row)
    }

    pub fn insert_home(&mut self, h: &Home) -> StoreResult<()> {
        self.transaction(|tx| insert(tx, h))
    }

    /// Saves changes to a home. A home cannot close while children live there.
    pub fn update_home(&mut self, h: &Home) -> StoreResult<()> {
        self.transaction(|tx| update(tx, h))
    }
}
