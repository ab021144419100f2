//! Panel referrals and decisions. Decisions are never edited or deleted
//! (triggers refuse it); a correction is a new row naming the old one.

use super::convert::*;
use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::carer::Specialism;
use crate::model::placement::{codes_for_carer, codes_for_home};
use crate::model::{
    ChildStatus, Decision, DecisionOutcome, Pence, Placement, PlacementSetting, Referral, Urgency,
};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT_REFERRAL: &str = "SELECT id, child_id, received, sibling_group_size, disability,
        specialisms_needed, must_stay_near_home, risk_flags, urgency, latest_start, notes
    FROM referrals";

fn referral_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Referral>> {
    let id: i64 = r.get(0)?;
    let child_id: String = r.get(1)?;
    let received: String = r.get(2)?;
    let size: i64 = r.get(3)?;
    let disability: bool = r.get(4)?;
    let specialisms: String = r.get(5)?;
    let near: bool = r.get(6)?;
    let risk_flags: String = r.get(7)?;
    let urgency: String = r.get(8)?;
    let latest: String = r.get(9)?;
    let notes: String = r.get(10)?;
    Ok((|| {
        Ok(Referral {
            id,
            child_id,
            received: date_from_sql(&received)?,
            sibling_group_size: size.clamp(1, 8) as u8,
            disability,
            specialisms_needed: Specialism::parse_list(&specialisms)
                .map_err(StoreError::Corrupt)?,
            must_stay_near_home: near,
            risk_flags,
            urgency: code_from_sql(&urgency, "urgency", Urgency::parse)?,
            latest_start: date_from_sql(&latest)?,
            notes,
        })
    })())
}

const SELECT_DECISION: &str = "SELECT id, referral_id, meeting_date, outcome, carer_id, home_id,
        start_date, weekly_cost_pence, placement_id, rationale, attendees, corrects, recorded_at
    FROM decisions";

fn decision_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Decision>> {
    let id: i64 = r.get(0)?;
    let referral_id: i64 = r.get(1)?;
    let meeting: String = r.get(2)?;
    let outcome: String = r.get(3)?;
    let carer_id: Option<String> = r.get(4)?;
    let home_id: Option<String> = r.get(5)?;
    let start: Option<String> = r.get(6)?;
    let cost: Option<i64> = r.get(7)?;
    let placement_id: Option<i64> = r.get(8)?;
    let rationale: String = r.get(9)?;
    let attendees: String = r.get(10)?;
    let corrects: Option<i64> = r.get(11)?;
    let recorded_at: String = r.get(12)?;
    Ok((|| {
        Ok(Decision {
            id,
            referral_id,
            meeting_date: date_from_sql(&meeting)?,
            outcome: code_from_sql(&outcome, "outcome", DecisionOutcome::parse)?,
            carer_id,
            home_id,
            start: opt_date_from_sql(start)?,
            weekly_cost: cost.map(Pence),
            placement_id,
            rationale,
            attendees,
            corrects,
            recorded_at,
        })
    })())
}

/// Records a decision in `conn`'s transaction; for a placement, creates it
/// (taking the vacancy) and marks the child looked after.
fn record(conn: &Connection, d: &Decision) -> StoreResult<i64> {
    let referral = collect_rows(
        conn,
        &format!("{SELECT_REFERRAL} WHERE id = ?1"),
        [d.referral_id],
        referral_from_row,
    )?
    .pop()
    .ok_or_else(|| StoreError::NotFound {
        what: "referral",
        id: d.referral_id.to_string(),
    })?;
    if let Some(old) = d.corrects {
        let old_referral: Option<i64> = conn
            .query_row(
                "SELECT referral_id FROM decisions WHERE id = ?1",
                [old],
                |r| r.get(0),
            )
            .optional()?;
        match old_referral {
            None => {
                return Err(StoreError::NotFound {
                    what: "decision",
                    id: old.to_string(),
                })
            }
            Some(r) if r != d.referral_id => {
                return Err(StoreError::Rule(format!(
                "decision {old} is about another referral; a correction must be about the same one"
            )))
            }
            _ => {}
        }
    }
    let placement_id = if d.outcome == DecisionOutcome::Placed {
        let (setting, (place, provider)) = match (&d.carer_id, &d.home_id) {
            (Some(c), None) => {
                let sector: Option<String> = conn
                    .query_row("SELECT sector FROM carers WHERE id = ?1", [c], |r| r.get(0))
                    .optional()?;
                let sector = sector
                    .and_then(|s| crate::model::CarerSector::parse(&s))
                    .ok_or_else(|| StoreError::NotFound {
                        what: "carer household",
                        id: c.clone(),
                    })?;
                (PlacementSetting::Carer(c.clone()), codes_for_carer(sector))
            }
            (None, Some(h)) => {
                let sector: Option<String> = conn
                    .query_row("SELECT sector FROM homes WHERE id = ?1", [h], |r| r.get(0))
                    .optional()?;
                let sector = sector
                    .and_then(|s| crate::model::HomeSector::parse(&s))
                    .ok_or_else(|| StoreError::NotFound {
                        what: "residential home",
                        id: h.clone(),
                    })?;
                (PlacementSetting::Home(h.clone()), codes_for_home(sector))
            }
            _ => {
                return Err(StoreError::Rule(
                    "a placement decision names one carer household or one home".into(),
                ))
            }
        };
        let (Some(start), Some(cost)) = (d.start, d.weekly_cost) else {
            return Err(StoreError::Rule(
                "a placement decision needs a start date and a weekly cost".into(),
            ));
        };
        let placement = Placement {
            id: 0,
            child_id: referral.child_id.clone(),
            setting,
            postcode: None,
            start,
            end: None,
            weekly_cost: Some(cost),
            fee_changes: Vec::new(),
            place,
            provider,
            reason_for_change: None,
        };
        let id = super::placements::insert_checked(conn, &placement)?;
        conn.execute(
            "UPDATE children SET status = ?2 WHERE id = ?1 AND status = ?3",
            params![
                referral.child_id,
                ChildStatus::LookedAfter.code(),
                ChildStatus::AwaitingPlacement.code()
            ],
        )?;
        Some(id)
    } else {
        None
    };
    let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::Text);
    conn.execute(
        "INSERT INTO decisions (referral_id, meeting_date, outcome, carer_id, home_id, start_date,
            weekly_cost_pence, placement_id, rationale, attendees, corrects, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params_from_iter([
            Value::Integer(d.referral_id),
            Value::Text(date_to_sql(d.meeting_date)),
            Value::Text(d.outcome.code().into()),
            opt(&d.carer_id),
            opt(&d.home_id),
            opt(&d.start.map(date_to_sql)),
            d.weekly_cost.map_or(Value::Null, |c| Value::Integer(c.0)),
            placement_id.map_or(Value::Null, Value::Integer),
            Value::Text(d.rationale.trim().to_string()),
            Value::Text(d.attendees.trim().to_string()),
            d.corrects.map_or(Value::Null, Value::Integer),
            Value::Text(jiff::Timestamp::now().to_string()),
        ]),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Inserts a referral, keeping a non-zero id (bulk loads) or letting the
/// store number it.
pub(super) fn insert_referral_raw(conn: &Connection, r: &Referral) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO referrals (id, child_id, received, sibling_group_size, disability,
            specialisms_needed, must_stay_near_home, risk_flags, urgency, latest_start, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            (r.id > 0).then_some(r.id),
            r.child_id,
            date_to_sql(r.received),
            r.sibling_group_size,
            r.disability,
            Specialism::list_to_codes(&r.specialisms_needed),
            r.must_stay_near_home,
            r.risk_flags,
            r.urgency.code(),
            date_to_sql(r.latest_start),
            r.notes
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn insert_referral(&mut self, r: &Referral) -> StoreResult<i64> {
        self.transaction(|tx| insert_referral_raw(tx, &Referral { id: 0, ..r.clone() }))
    }

    pub fn referrals(&self) -> StoreResult<Vec<Referral>> {
        collect_rows(
            &self.conn,
            &format!("{SELECT_REFERRAL} ORDER BY received, id"),
            [],
            referral_from_row,
        )
    }

    /// Every decision, oldest first.
    pub fn decisions(&self) -> StoreResult<Vec<Decision>> {
        collect_rows(
            &self.conn,
            &format!("{SELECT_DECISION} ORDER BY id"),
            [],
            decision_from_row,
        )
    }

    /// Records a panel decision. A placement decision creates the placement
    /// and takes the vacancy in the same transaction: if the last place has
    /// gone meanwhile, nothing is written and the error says so.
    pub fn record_decision(&mut self, d: &Decision) -> StoreResult<i64> {
        self.transaction(|tx| record(tx, d))
    }
}
