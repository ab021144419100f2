//! The carers table.

use super::convert::*;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::carer::{CarerSector, CarerStatus, Specialism};
use crate::model::{Carer, Pence};
use rusqlite::{params, Connection, Row};

const SELECT: &str =
    "SELECT c.id, c.name, c.sector, c.agency, c.approved_places, c.age_min, c.age_max,
        c.takes_siblings, c.specialisms, c.postcode, p.easting, p.northing, c.weekly_cost_pence,
        c.status, c.approval_date, c.ended_on
    FROM carers c LEFT JOIN postcodes p ON p.postcode = c.postcode";

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Carer>> {
    let id: String = r.get(0)?;
    let name: String = r.get(1)?;
    let sector: String = r.get(2)?;
    let agency: Option<String> = r.get(3)?;
    let places: i64 = r.get(4)?;
    let age_min: i64 = r.get(5)?;
    let age_max: i64 = r.get(6)?;
    let takes_siblings: bool = r.get(7)?;
    let specialisms: String = r.get(8)?;
    let postcode: Option<String> = r.get(9)?;
    let e: Option<i64> = r.get(10)?;
    let n: Option<i64> = r.get(11)?;
    let cost: i64 = r.get(12)?;
    let status: String = r.get(13)?;
    let approved: String = r.get(14)?;
    let ended: Option<String> = r.get(15)?;
    Ok((|| {
        Ok(Carer {
            sector: code_from_sql(&sector, "carer sector", CarerSector::parse)?,
            agency,
            approved_places: u8::try_from(places)
                .map_err(|_| StoreError::Corrupt(format!("carer {id} has {places} places")))?,
            age_min: age_min.clamp(0, 17) as u8,
            age_max: age_max.clamp(0, 17) as u8,
            takes_siblings,
            specialisms: Specialism::parse_list(&specialisms).map_err(StoreError::Corrupt)?,
            postcode: postcode_from_sql(postcode),
            location: grid_from_sql(e, n),
            weekly_cost: Pence(cost),
            status: code_from_sql(&status, "carer status", CarerStatus::parse)?,
            approval_date: date_from_sql(&approved)?,
            ended_on: opt_date_from_sql(ended)?,
            id,
            name,
        })
    })())
}

fn values(c: &Carer) -> [rusqlite::types::Value; 14] {
    use rusqlite::types::Value;
    let opt = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_string()));
    [
        Value::Text(c.id.clone()),
        Value::Text(c.name.clone()),
        Value::Text(c.sector.code().into()),
        opt(c.agency.as_deref()),
        Value::Integer(c.approved_places.into()),
        Value::Integer(c.age_min.into()),
        Value::Integer(c.age_max.into()),
        Value::Integer(c.takes_siblings.into()),
        Value::Text(Specialism::list_to_codes(&c.specialisms)),
        opt(c.postcode.as_ref().map(|p| p.as_str())),
        Value::Integer(c.weekly_cost.0),
        Value::Text(c.status.code().into()),
        Value::Text(date_to_sql(c.approval_date)),
        opt(c.ended_on.map(date_to_sql).as_deref()),
    ]
}

pub(super) fn insert(conn: &Connection, c: &Carer) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO carers (id, name, sector, agency, approved_places, age_min, age_max,
            takes_siblings, specialisms, postcode, weekly_cost_pence, status, approval_date, ended_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        rusqlite::params_from_iter(values(c)),
    )?;
    Ok(())
}

/// Saves every field of an existing household, inside the caller's
/// transaction. Approved places may not drop below the children placed
/// there on `today`.
pub(super) fn update(conn: &Connection, c: &Carer, today: jiff::civil::Date) -> StoreResult<()> {
    let placed: i64 = conn.query_row(
        "SELECT count(*) FROM placements WHERE carer_id = ?1 AND start_date <= ?2
           AND (end_date IS NULL OR end_date > ?2)",
        params![c.id, date_to_sql(today)],
        |r| r.get(0),
    )?;
    if i64::from(c.approved_places) < placed && c.status == CarerStatus::Active {
        return Err(StoreError::Rule(format!(
            "{} has {placed} children placed today; approved places cannot drop to {}",
            c.name, c.approved_places
        )));
    }
    let n = conn.execute(
        "UPDATE carers SET name = ?2, sector = ?3, agency = ?4, approved_places = ?5,
            age_min = ?6, age_max = ?7, takes_siblings = ?8, specialisms = ?9,
            postcode = ?10, weekly_cost_pence = ?11, status = ?12, approval_date = ?13,
            ended_on = ?14
         WHERE id = ?1",
        rusqlite::params_from_iter(values(c)),
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "carer household",
            id: c.id.clone(),
        });
    }
    Ok(())
}

impl Store {
    pub fn carers(&self) -> StoreResult<Vec<Carer>> {
        collect_rows(&self.conn, &format!("{SELECT} ORDER BY c.id"), [], from_row)
    }

    pub fn carer(&self, id: &str) -> StoreResult<Carer> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} WHERE c.id = ?1"))?;
        let mut rows = stmt.query_map([id], from_row)?;
        match rows.next() {
            Some(r) => r?,
            None => Err(StoreError::NotFound {
                what: "carer household",
                id: id.to_string(),
            }),
        }
    }

    pub fn insert_carer(&mut self, c: &Carer) -> StoreResult<()> {
        self.transaction(|tx| insert(tx, c))
    }

    /// Saves changes to an existing household. Approved places may not drop
    /// below the children placed there today.
    pub fn update_carer(&mut self, c: &Carer, today: jiff::civil::Date) -> StoreResult<()> {
        self.transaction(|tx| update(tx, c, today))
    }
}
