//! The postcode directory table (ONSPD / NSPL subset).

use super::convert::*;
use super::error::StoreResult;
use super::Store;
use crate::model::{Postcode, PostcodeEntry};
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn upsert(conn: &Connection, p: &PostcodeEntry) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO postcodes (postcode, easting, northing, latitude, longitude, la_code, county_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (postcode) DO UPDATE SET easting = excluded.easting,
            northing = excluded.northing, latitude = excluded.latitude,
            longitude = excluded.longitude, la_code = excluded.la_code,
            county_code = excluded.county_code",
        params![
            p.postcode.as_str(),
            p.grid.map(|g| g.easting),
            p.grid.map(|g| g.northing),
            p.latitude,
            p.longitude,
            p.la_code,
            p.county_code
        ],
    )?;
    Ok(())
}

impl Store {
    /// Looks a postcode up in the directory; `None` when it is not there.
    /// The statement is prepared once per connection and kept: an import's
    /// check looks up every row of a 2.7-million-row directory.
    pub fn postcode(&self, postcode: &Postcode) -> StoreResult<Option<PostcodeEntry>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT easting, northing, latitude, longitude, la_code, county_code
                   FROM postcodes WHERE postcode = ?1",
            )?
            .query_row([postcode.as_str()], |r| {
                Ok(PostcodeEntry {
                    postcode: *postcode,
                    grid: grid_from_sql(r.get(0)?, r.get(1)?),
                    latitude: r.get(2)?,
                    longitude: r.get(3)?,
                    la_code: r.get(4)?,
                    county_code: r.get(5)?,
                })
            })
            .optional()?)
    }

    /// The whole directory, by postcode.
    pub fn postcodes(&self) -> StoreResult<Vec<PostcodeEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT postcode, easting, northing, latitude, longitude, la_code, county_code
               FROM postcodes ORDER BY postcode",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                grid_from_sql(r.get(1)?, r.get(2)?),
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (pc, grid, latitude, longitude, la_code, county_code) = row?;
            // A malformed postcode in the directory cannot match any record.
            if let Ok(postcode) = Postcode::parse(&pc) {
                out.push(PostcodeEntry {
                    postcode,
                    grid,
                    latitude,
                    longitude,
                    la_code,
                    county_code,
                });
            }
        }
        Ok(out)
    }

    /// Only for tests and benchmarks (the `testing` feature).
    #[cfg(any(test, feature = "testing"))]
    pub fn upsert_postcodes(&mut self, entries: &[PostcodeEntry]) -> StoreResult<()> {
        self.transaction(|tx| entries.iter().try_for_each(|p| upsert(tx, p)))
    }
}
