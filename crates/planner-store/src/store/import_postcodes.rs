//! Streaming writes for the postcode directory import: one transaction, one
//! prepared upsert, committed only when the whole file went in.

use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::PostcodeEntry;
use rusqlite::{params, Statement};

/// Writes postcode rows one at a time inside the import's transaction.
pub struct PostcodeWriter<'a> {
    upsert: Statement<'a>,
    changed: u64,
}

impl PostcodeWriter<'_> {
    /// Adds the postcode or updates it; a row identical to the stored one is
    /// left alone (and not counted as changed).
    pub fn write(&mut self, p: &PostcodeEntry) -> StoreResult<()> {
        let n = self.upsert.execute(params![
            p.postcode.as_str(),
            p.grid.map(|g| g.easting),
            p.grid.map(|g| g.northing),
            p.latitude,
            p.longitude,
            p.la_code,
            p.county_code
        ])?;
        self.changed += n as u64;
        Ok(())
    }
}

/// What a streamed postcode import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostcodeWriteCounts {
    /// Postcodes that were not in the directory before.
    pub added: u64,
    /// Postcodes that were there and changed.
    pub updated: u64,
    /// Rows written that added or changed something (`added + updated`).
    pub changed: u64,
}

impl Store {
    /// Runs `f` with a [`PostcodeWriter`] inside one IMMEDIATE transaction.
    /// When `f` returns `Ok` the transaction commits; on `Err` (a rejected
    /// row, a cancel) it rolls back and nothing is written.
    pub fn write_postcodes_streaming<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut PostcodeWriter<'_>) -> Result<T, E>,
    ) -> Result<(T, PostcodeWriteCounts), E> {
        let tx = self.begin_write()?;
        let count = |tx: &rusqlite::Transaction<'_>| -> StoreResult<u64> {
            let n: i64 = tx.query_row("SELECT count(*) FROM postcodes", [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let before = count(&tx)?;
        let (out, changed) = {
            let upsert = tx
                .prepare(
                    "INSERT INTO postcodes (postcode, easting, northing, latitude, longitude,
                        la_code, county_code)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (postcode) DO UPDATE SET easting = excluded.easting,
                        northing = excluded.northing, latitude = excluded.latitude,
                        longitude = excluded.longitude, la_code = excluded.la_code,
                        county_code = excluded.county_code
                     WHERE easting IS NOT excluded.easting
                        OR northing IS NOT excluded.northing
                        OR latitude IS NOT excluded.latitude
                        OR longitude IS NOT excluded.longitude
                        OR la_code IS NOT excluded.la_code
                        OR county_code IS NOT excluded.county_code",
                )
                .map_err(StoreError::from)?;
            let mut writer = PostcodeWriter { upsert, changed: 0 };
            let out = f(&mut writer)?;
            (out, writer.changed)
        };
        let after = count(&tx)?;
        Store::commit_write(tx)?;
        let added = after.saturating_sub(before);
        Ok((
            out,
            PostcodeWriteCounts {
                added,
                updated: changed.saturating_sub(added),
                changed,
            },
        ))
    }
}
