//! Bulk writes for imports: many children and their placement histories in
//! one transaction, with statements prepared once.
//!
//! [`Store::import_batch`] opens the transaction and hands the caller an
//! [`ImportBatch`] to write through. The caller's error type is kept, so an
//! importer can stop with its own "cancelled" error; any error, or a panic,
//! drops the transaction uncommitted and nothing is written.

use super::error::StoreError;
use super::Store;
use crate::model::{Child, Placement};
use rusqlite::types::Value;
use rusqlite::Transaction;

/// Writes inside one import transaction; see [`Store::import_batch`].
pub struct ImportBatch<'a> {
    tx: Transaction<'a>,
}

impl ImportBatch<'_> {
    /// The open transaction, for the other table families' batch writes.
    pub(super) fn transaction(&self) -> &Transaction<'_> {
        &self.tx
    }

    /// Adds a child, or replaces every field of the child with the same id.
    pub fn upsert_child(&self, c: &Child) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need,
                disability, sibling_group, home_postcode, status, entered_care, left_care)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                date_of_birth = excluded.date_of_birth, sex = excluded.sex,
                legal_status = excluded.legal_status, category_of_need = excluded.category_of_need,
                disability = excluded.disability, sibling_group = excluded.sibling_group,
                home_postcode = excluded.home_postcode, status = excluded.status,
                entered_care = excluded.entered_care, left_care = excluded.left_care",
        )?;
        stmt.execute(rusqlite::params_from_iter(super::children::values(c)))?;
        super::children::save_earlier_periods(&self.tx, c)
    }

    /// Inserts a placement as given (no overlap or capacity check: the
    /// importer checked the history itself). A zero id gets a new one.
    /// Returns the id.
    pub fn insert_placement(&self, p: &Placement) -> Result<i64, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date,
                end_date, weekly_cost_pence, place_code, provider_code, reason_for_change,
                fee_changes_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut vals = Vec::with_capacity(12);
        vals.push(if p.id > 0 {
            Value::Integer(p.id)
        } else {
            Value::Null
        });
        vals.extend(super::placements::values(p));
        stmt.execute(rusqlite::params_from_iter(vals))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Rewrites every field of the placement with `p.id`, keeping its id (so
    /// panel decisions that name it still do).
    pub fn update_placement(&self, p: &Placement) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "UPDATE placements SET child_id = ?2, carer_id = ?3, home_id = ?4, postcode = ?5,
                start_date = ?6, end_date = ?7, weekly_cost_pence = ?8, place_code = ?9,
                provider_code = ?10, reason_for_change = ?11, fee_changes_json = ?12
              WHERE id = ?1",
        )?;
        let mut vals = Vec::with_capacity(12);
        vals.push(Value::Integer(p.id));
        vals.extend(super::placements::values(p));
        let n = stmt.execute(rusqlite::params_from_iter(vals))?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "placement",
                id: p.id.to_string(),
            });
        }
        Ok(())
    }

    /// Removes a placement. Refused (by the database) while a panel
    /// decision names it.
    pub fn delete_placement(&self, id: i64) -> Result<(), StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("DELETE FROM placements WHERE id = ?1")?;
        let n = stmt.execute([id])?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "placement",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}

impl Store {
    /// Runs `f` in one transaction (taking the write lock first, like
    /// [`Store::write`]): all of it lands or none of it does. `f` may fail
    /// with its own error type, e.g. an importer's "cancelled"; the
    /// transaction is then rolled back and the error returned as is.
    pub fn import_batch<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&ImportBatch<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self.begin_write()?;
        let batch = ImportBatch { tx };
        let out = f(&batch)?;
        Store::commit_write(batch.tx)?;
        Ok(out)
    }
}
