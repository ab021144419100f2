//! The SSDA903 returns imported: which collection years, and which children
//! each held. The importer uses it to end episodes a newer return no longer
//! holds; the window uses it to say how far the records run.

use super::error::{StoreError, StoreResult};
use super::import::ImportBatch;
use super::Store;
use crate::model::CollectionYear;
use std::collections::{BTreeMap, HashSet};

/// One imported return.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReturn {
    pub year: CollectionYear,
    /// When it was (last) imported, as stored (UTC, RFC 3339).
    pub imported_at: String,
    pub header_file: String,
    pub episodes_file: String,
    /// The children it held.
    pub children: HashSet<String>,
}

impl Store {
    /// Every SSDA903 return imported, oldest first.
    pub fn ssda903_returns(&self) -> StoreResult<Vec<StoredReturn>> {
        let mut out: BTreeMap<i64, StoredReturn> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT collection_year, imported_at, header_file, episodes_file
             FROM ssda903_returns ORDER BY collection_year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (n, imported_at, header_file, episodes_file) = row?;
            let year = CollectionYear::starting(n as i32).ok_or_else(|| {
                StoreError::Rule(format!(
                    "a stored return has the year {n}, which is not one the planner knows"
                ))
            })?;
            out.insert(
                n,
                StoredReturn {
                    year,
                    imported_at,
                    header_file,
                    episodes_file,
                    children: HashSet::new(),
                },
            );
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT collection_year, child_id FROM ssda903_return_children")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (n, child) = row?;
            if let Some(r) = out.get_mut(&n) {
                r.children.insert(child);
            }
        }
        Ok(out.into_values().collect())
    }
}

impl Store {
    /// The first day the records' history is whole from, once SSDA903
    /// returns have been imported: the earliest return's 1 April (before
    /// it, only the episodes of children still in care then are known).
    /// `None` when no return was imported.
    pub fn records_start(&self) -> StoreResult<Option<jiff::civil::Date>> {
        let earliest: Option<i64> = self.conn.query_row(
            "SELECT min(collection_year) FROM ssda903_returns",
            [],
            |r| r.get(0),
        )?;
        Ok(earliest
            .and_then(|n| CollectionYear::starting(n as i32))
            .map(CollectionYear::first_day))
    }

    /// The latest day the records cover, once SSDA903 returns have been
    /// imported: the latest return's 31 March, or a later date hand-entered
    /// records reach (a placement, a child entering or leaving care).
    /// `None` when no return was imported: records kept in the app run to
    /// today.
    pub fn records_run_to(&self) -> StoreResult<Option<jiff::civil::Date>> {
        let latest: Option<i64> = self.conn.query_row(
            "SELECT max(collection_year) FROM ssda903_returns",
            [],
            |r| r.get(0),
        )?;
        let Some(year) = latest.and_then(|n| CollectionYear::starting(n as i32)) else {
            return Ok(None);
        };
        let latest_record: Option<String> = self.conn.query_row(
            "SELECT max(d) FROM (
                 SELECT max(start_date) AS d FROM placements
                 UNION ALL SELECT max(end_date) FROM placements
                 UNION ALL SELECT max(entered_care) FROM children
                 UNION ALL SELECT max(left_care) FROM children)",
            [],
            |r| r.get(0),
        )?;
        let latest_record = match latest_record {
            Some(text) => Some(super::convert::date_from_sql(&text)?),
            None => None,
        };
        Ok(Some(
            year.last_day()
                .max(latest_record.unwrap_or(year.last_day())),
        ))
    }
}

impl ImportBatch<'_> {
    /// Records that the `year` return was imported from these files,
    /// holding these children (replacing what an earlier import of the
    /// same year recorded).
    pub fn record_return(
        &self,
        year: CollectionYear,
        header_file: &str,
        episodes_file: &str,
        children: &[String],
    ) -> Result<(), StoreError> {
        let n = i64::from(year.start_year());
        let tx = self.transaction();
        tx.prepare_cached("DELETE FROM ssda903_returns WHERE collection_year = ?1")?
            .execute([n])?;
        tx.prepare_cached(
            "INSERT INTO ssda903_returns (collection_year, imported_at, header_file, episodes_file)
             VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2, ?3)",
        )?
        .execute((n, header_file, episodes_file))?;
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO ssda903_return_children (collection_year, child_id) VALUES (?1, ?2)",
        )?;
        for c in children {
            stmt.execute((n, c))?;
        }
        Ok(())
    }
}
