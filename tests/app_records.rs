//! The application layer's operations on the records (`planner_app::records`),
//! on the SQLite store: what each refuses, and that a refusal writes nothing.

mod common;

use common::records::{child_in_care, placement_elsewhere};
use jiff::civil::date;
use placement_planner::app::records::{add_child, end_placement, place_child};
use placement_planner::app::AppError;
use placement_planner::model::{PlaceCode, ProviderCode};
use placement_planner::store::Store;

#[test]
fn ending_a_placement_is_checked_before_anything_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    add_child(&mut store, &child_in_care("C1", date(2024, 5, 1))).unwrap();
    let open = placement_elsewhere(
        "C1",
        date(2024, 5, 1),
        PlaceCode::U4,
        Some(ProviderCode::PR4),
    );
    let id = place_child(&mut store, &open).unwrap();

    // Before the start: refused, naming both dates; nothing written.
    let err = end_placement(&mut store, id, date(2024, 4, 30), Some("CARPL")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "End date: 30/04/2024 is before the placement started, on 01/05/2024"
    );
    // A reason that is not a REASON_PLACE_CHANGE code.
    let err = end_placement(&mut store, id, date(2024, 6, 1), Some("BORED")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Reason for change: not a known reason for placement change (one of CARPL, CLOSE, \
         ALLEG, STAND, APPRR, CREQB, CREQO, CHILD, LAREQ, PLACE, CUSTOD, OTHER)"
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
