//! Adding and changing the records: children, carer households, homes and
//! placements. The window's forms validate what is typed
//! (`model::*Draft::validate`) and send the record here; the rules that
//! depend on what is stored (a placement overlapping the child's others, a
//! household over its places, a home closing with children in it) are the
//! store's, checked in the same transaction as the write.

use crate::store::RecordStore;
use crate::{AppError, AppResult, Field};
use jiff::civil::Date;
use planner_core::model::placement::check_reason_for_change;
use planner_core::model::{Carer, Child, Home, Placement};

pub fn add_child<S: RecordStore + ?Sized>(store: &mut S, child: &Child) -> AppResult<()> {
    Ok(store.insert_child(child)?)
}

/// Saves changes to a child; a child recorded as having left care has any
/// open placement ended on the leaving date, in the same write.
pub fn update_child<S: RecordStore + ?Sized>(store: &mut S, child: &Child) -> AppResult<()> {
    Ok(store.update_child(child)?)
}

pub fn add_carer<S: RecordStore + ?Sized>(store: &mut S, carer: &Carer) -> AppResult<()> {
    Ok(store.insert_carer(carer)?)
}

/// Saves changes to a carer household (`today` dates a change of status
/// in the audit).
pub fn update_carer<S: RecordStore + ?Sized>(
    store: &mut S,
    carer: &Carer,
    today: Date,
) -> AppResult<()> {
    Ok(store.update_carer(carer, today)?)
}

pub fn add_home<S: RecordStore + ?Sized>(store: &mut S, home: &Home) -> AppResult<()> {
    Ok(store.insert_home(home)?)
}

pub fn update_home<S: RecordStore + ?Sized>(store: &mut S, home: &Home) -> AppResult<()> {
    Ok(store.update_home(home)?)
}

/// Places a child; returns the placement's id. Refused, writing nothing,
/// when it overlaps the child's other placements or the carer or home has
/// no vacancy on the start date.
pub fn place_child<S: RecordStore + ?Sized>(
    store: &mut S,
    placement: &Placement,
) -> AppResult<i64> {
    Ok(store.insert_placement(placement)?)
}

/// Ends an open placement on `end`, with the reason for the change (an
/// SSDA903 REASON_PLACE_CHANGE code) when given. Refused, writing nothing,
/// when the placement has already ended, `end` is before its start or the
/// reason is not a known code.
pub fn end_placement<S: RecordStore + ?Sized>(
    store: &mut S,
    id: i64,
    end: Date,
    reason: Option<&str>,
) -> AppResult<()> {
    let placement = store.placement(id)?;
    placement
        .check_end(end)
        .map_err(|reason| AppError::Invalid {
            field: Field::EndDate,
            reason,
        })?;
    if let Some(code) = reason {
        check_reason_for_change(code).map_err(|reason| AppError::Invalid {
            field: Field::ReasonForChange,
            reason,
        })?;
    }
    Ok(store.end_placement(id, end, reason)?)
}
