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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use planner_core::model::child::{ChildStatus, Sex};
    use planner_core::model::codes::{CategoryOfNeed, LegalStatus};
    use planner_core::model::{PlaceCode, PlacementSetting, ProviderCode};
    use planner_store::store::Store;

    fn child() -> Child {
        Child {
            id: "C1".into(),
            name: "Child C1".into(),
            date_of_birth: date(2012, 1, 1),
            sex: Sex::Female,
            legal_status: LegalStatus::C2,
            category_of_need: CategoryOfNeed::N1,
            disability: false,
            sibling_group: None,
            home_postcode: None,
            home_location: None,
            status: ChildStatus::LookedAfter,
            entered_care: date(2024, 5, 1),
            left_care: None,
            earlier_periods: Vec::new(),
        }
    }

    fn placement(start: Date) -> Placement {
        Placement {
            id: 0,
            child_id: "C1".into(),
            setting: PlacementSetting::Elsewhere,
            postcode: None,
            start,
            end: None,
            weekly_cost: None,
            fee_changes: vec![],
            place: PlaceCode::U4,
            provider: Some(ProviderCode::PR4),
            reason_for_change: None,
        }
    }

    #[test]
    fn ending_a_placement_is_checked_before_anything_is_written() {
        let mut store = Store::open_in_memory().unwrap();
        add_child(&mut store, &child()).unwrap();
        let id = place_child(&mut store, &placement(date(2024, 5, 1))).unwrap();

        // Before the start: refused, naming both dates; nothing written.
        let err = end_placement(&mut store, id, date(2024, 4, 30), Some("CARPL")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "End date: 30/04/2024 is before the placement started, on 01/05/2024"
        );
        // A reason that is not a REASON_PLACE_CHANGE code.
        let err = end_placement(&mut store, id, date(2024, 6, 1), Some("BORED")).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "Reason for change: 'BORED' is not a reason for change; use one of CARPL, CLOSE,"
            ),
            "{err}"
        );
        assert_eq!(store.placement(id).unwrap().end, None);

        // The start day itself is allowed (a return may hold such a stay);
        // the reason is kept.
        end_placement(&mut store, id, date(2024, 5, 1), Some("CHILD")).unwrap();
        let ended = store.placement(id).unwrap();
        assert_eq!(ended.end, Some(date(2024, 5, 1)));
        assert_eq!(ended.reason_for_change.as_deref(), Some("CHILD"));

        // Ending it again is refused and keeps the first end.
        let err = end_placement(&mut store, id, date(2024, 7, 1), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "End date: this placement already ended on 01/05/2024"
        );
        assert_eq!(store.placement(id).unwrap().end, Some(date(2024, 5, 1)));

        // A placement that does not exist.
        assert!(matches!(
            end_placement(&mut store, id + 1, date(2024, 7, 1), None),
            Err(AppError::Store(_))
        ));
    }
}
