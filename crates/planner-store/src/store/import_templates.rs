//! Writes for the carer, home and child CSV templates: every row of a file in
//! one transaction, through the same insert and update functions as the
//! forms, so the same rules hold (a household's places cannot drop below the
//! children placed there today, a home cannot close while children live
//! there, a child who has left care keeps no open placement).

use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::{Carer, Child, Home};
use jiff::civil::Date;
use rusqlite::{OptionalExtension, Transaction};

/// Whether a save added a record or changed one already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Added,
    Updated,
}

/// Writes template rows inside one transaction; see [`Store::write_template_rows`].
pub struct TemplateWriter<'a> {
    tx: &'a Transaction<'a>,
}

impl TemplateWriter<'_> {
    fn exists(&self, table: &str, id: &str) -> StoreResult<bool> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                [id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Adds the household, or saves every field of the one with its id.
    pub fn save_carer(&self, c: &Carer, today: Date) -> StoreResult<Saved> {
        if !self.exists("carers", &c.id)? {
            super::carers::insert(self.tx, c)?;
            return Ok(Saved::Added);
        }
        super::carers::update(self.tx, c, today)?;
        Ok(Saved::Updated)
    }

    /// Adds the home, or saves every field of the one with its id.
    pub fn save_home(&self, h: &Home) -> StoreResult<Saved> {
        if !self.exists("homes", &h.id)? {
            super::homes::insert(self.tx, h)?;
            return Ok(Saved::Added);
        }
        super::homes::update(self.tx, h)?;
        Ok(Saved::Updated)
    }

    /// Adds the child, or saves every field of the one with its id; a child
    /// who has left care has any placement still open ended on that date.
    pub fn save_child(&self, c: &Child) -> StoreResult<Saved> {
        if !self.exists("children", &c.id)? {
            super::children::insert(self.tx, c)?;
            return Ok(Saved::Added);
        }
        super::children::update_and_end_open(self.tx, c)?;
        Ok(Saved::Updated)
    }
}

impl Store {
    /// Runs `f` with a [`TemplateWriter`] in one IMMEDIATE transaction:
    /// committed when `f` returns `Ok`, rolled back on any error (a broken
    /// rule, a cancel), so nothing is half-written.
    pub fn write_template_rows<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&TemplateWriter<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self.begin_write()?;
        let out = f(&TemplateWriter { tx: &tx })?;
        Store::commit_write(tx)?;
        Ok(out)
    }
}
