//! Writes for the carer, home and child CSV templates: every row of a file in
//! one transaction, with the same rules as the forms (a household's places
//! cannot drop below the children placed there today, a home cannot close
//! while children live there, a child who has left care keeps no open
//! placement).

use super::convert::date_to_sql;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::carer::{CarerStatus, Specialism};
use crate::model::{Carer, Child, Home};
use jiff::civil::Date;
use rusqlite::{params, OptionalExtension, Transaction};

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
        let placed: i64 = self.tx.query_row(
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
        self.tx.execute(
            "UPDATE carers SET name = ?2, sector = ?3, agency = ?4, approved_places = ?5,
                age_min = ?6, age_max = ?7, takes_siblings = ?8, specialisms = ?9,
                postcode = ?10, weekly_cost_pence = ?11, status = ?12, approval_date = ?13,
                ended_on = ?14
             WHERE id = ?1",
            params![
                c.id,
                c.name,
                c.sector.code(),
                c.agency,
                c.approved_places,
                c.age_min,
                c.age_max,
                c.takes_siblings,
                Specialism::list_to_codes(&c.specialisms),
                c.postcode.map(|p| p.to_string()),
                c.weekly_cost.0,
                c.status.code(),
                date_to_sql(c.approval_date),
                c.ended_on.map(date_to_sql),
            ],
        )?;
        Ok(Saved::Updated)
    }

    /// Adds the home, or saves every field of the one with its id.
    pub fn save_home(&self, h: &Home) -> StoreResult<Saved> {
        if !self.exists("homes", &h.id)? {
            super::homes::insert(self.tx, h)?;
            return Ok(Saved::Added);
        }
        if let Some(closed) = h.closed_on {
            let open: i64 = self.tx.query_row(
                "SELECT count(*) FROM placements WHERE home_id = ?1
                   AND (end_date IS NULL OR end_date > ?2)",
                params![h.id, date_to_sql(closed)],
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
        self.tx.execute(
            "UPDATE homes SET name = ?2, provider = ?3, sector = ?4, ofsted_urn = ?5,
                registered_beds = ?6, age_min = ?7, age_max = ?8, postcode = ?9,
                weekly_cost_per_bed_pence = ?10, closed_on = ?11
             WHERE id = ?1",
            params![
                h.id,
                h.name,
                h.provider,
                h.sector.code(),
                h.ofsted_urn,
                h.registered_beds,
                h.age_min,
                h.age_max,
                h.postcode.map(|p| p.to_string()),
                h.weekly_cost_per_bed.0,
                h.closed_on.map(date_to_sql),
            ],
        )?;
        Ok(Saved::Updated)
    }

    /// Adds the child, or saves every field of the one with its id; a child
    /// who has left care has any placement still open ended on that date.
    pub fn save_child(&self, c: &Child) -> StoreResult<Saved> {
        if !self.exists("children", &c.id)? {
            super::children::insert(self.tx, c)?;
            return Ok(Saved::Added);
        }
        self.tx.execute(
            "UPDATE children SET name = ?2, date_of_birth = ?3, sex = ?4, legal_status = ?5,
                category_of_need = ?6, disability = ?7, sibling_group = ?8, home_postcode = ?9,
                status = ?10, entered_care = ?11, left_care = ?12
             WHERE id = ?1",
            params![
                c.id,
                c.name,
                date_to_sql(c.date_of_birth),
                c.sex.code(),
                c.legal_status.code(),
                c.category_of_need.code(),
                c.disability,
                c.sibling_group,
                c.home_postcode.map(|p| p.to_string()),
                c.status.code(),
                date_to_sql(c.entered_care),
                c.left_care.map(date_to_sql),
            ],
        )?;
        if let Some(left) = c.left_care {
            super::placements::end_open_for_child(self.tx, &c.id, left)?;
        }
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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = f(&TemplateWriter { tx: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}
