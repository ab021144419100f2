//! The panel's record: placing takes the vacancy in the same transaction,
//! the last place cannot be taken twice, decisions are never edited and a
//! correction names what it corrects; the agenda's sections by hand.

use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::vacancy::carer_occupancy;
use placement_planner::model::*;
use placement_planner::panel::{agenda, standing_decision};
use placement_planner::store::Store;

const MEETING: Date = date(2026, 11, 18);

fn child(id: &str, dob: Date, status: ChildStatus, entered: Date) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: dob,
        sex: Sex::Male,
        legal_status: LegalStatus::V2,
        category_of_need: CategoryOfNeed::N4,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status,
        entered_care: entered,
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

fn store(path: &std::path::Path) -> Store {
    let mut s = Store::create_new(path).unwrap();
    for id in ["C1", "C2"] {
        s.insert_child(&child(
            id,
            date(2014, 2, 2),
            ChildStatus::AwaitingPlacement,
            date(2026, 11, 10),
        ))
        .unwrap();
    }
    s.insert_carer(&Carer {
        id: "IH1".into(),
        name: "The Lasts".into(),
        sector: CarerSector::InHouse,
        agency: None,
        approved_places: 1,
        age_min: 5,
        age_max: 17,
        takes_siblings: false,
        specialisms: vec![],
        postcode: None,
        location: None,
        weekly_cost: Pence(48_000),
        status: CarerStatus::Active,
        approval_date: date(2020, 1, 1),
        ended_on: None,
    })
    .unwrap();
    for c in ["C1", "C2"] {
        s.insert_referral(&referral(c)).unwrap();
    }
    s
}

fn referral(child: &str) -> Referral {
    Referral {
        id: 0,
        child_id: child.into(),
        received: date(2026, 11, 11),
        sibling_group_size: 1,
        disability: false,
        specialisms_needed: vec![],
        must_stay_near_home: true,
        risk_flags: String::new(),
        urgency: Urgency::Planned,
        latest_start: date(2026, 12, 1),
        notes: String::new(),
    }
}

fn placed(referral_id: i64) -> Decision {
    Decision {
        id: 0,
        referral_id,
        meeting_date: MEETING,
        outcome: DecisionOutcome::Placed,
        carer_id: Some("IH1".into()),
        home_id: None,
        start: Some(date(2026, 11, 19)),
        weekly_cost: Some(Pence(48_000)),
        placement_id: None,
        rationale: "In-house, 3 miles from school".into(),
        attendees: "Head of service; fostering team manager".into(),
        corrects: None,
        recorded_at: String::new(),
    }
}

#[test]
fn placing_creates_the_placement_and_takes_the_vacancy() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir.path().join("p.sqlite"));
    let id = s.record_decision(&placed(1)).unwrap();
    let d = &s.decisions().unwrap()[0];
    assert_eq!(
        (d.id, d.outcome, d.referral_id),
        (id, DecisionOutcome::Placed, 1)
    );
    let p = &s.placements_for_child("C1").unwrap()[0];
    assert_eq!(d.placement_id, Some(p.id));
    assert_eq!(
        (p.start, p.weekly_cost),
        (date(2026, 11, 19), Some(Pence(48_000)))
    );
    assert_eq!(p.category(), PlacementCategory::InHouseFostering);
    assert_eq!(s.child("C1").unwrap().status, ChildStatus::LookedAfter);
    let o = carer_occupancy(
        &s.carers().unwrap(),
        &s.placements().unwrap(),
        date(2026, 11, 19),
    )["IH1"];
    assert_eq!((o.places, o.filled, o.vacant()), (1, 1, 0));
}

/// Two windows on one file: the second to place into the last place is
/// told so, and nothing of its decision is written.
#[test]
fn the_last_place_cannot_be_taken_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    drop(store(&path));
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    a.record_decision(&placed(1)).unwrap();
    let err = b.record_decision(&placed(2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Lasts (IH1) has no vacancy on 19/11/2026: 1 placed, 1 approved places"
    );
    assert_eq!(b.decisions().unwrap().len(), 1);
    assert!(b.placements_for_child("C2").unwrap().is_empty());
    assert_eq!(
        b.child("C2").unwrap().status,
        ChildStatus::AwaitingPlacement
    );
}

#[test]
fn decisions_are_corrected_by_new_entries_never_edited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir.path().join("p.sqlite"));
    let mut deferred = placed(2);
    deferred.outcome = DecisionOutcome::Deferred;
    deferred.carer_id = None;
    deferred.start = None;
    deferred.weekly_cost = None;
    deferred.rationale = "Waiting for the school's view".into();
    let first = s.record_decision(&deferred).unwrap();

    let mut correction = deferred.clone();
    correction.outcome = DecisionOutcome::Declined;
    correction.rationale =
        "Recorded in error: the panel declined (family arrangement found)".into();
    correction.corrects = Some(first);
    let second = s.record_decision(&correction).unwrap();

    let all = s.decisions().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].outcome, DecisionOutcome::Deferred);
    assert_eq!(all[1].corrects, Some(first));
    let referral = s
        .referrals()
        .unwrap()
        .into_iter()
        .find(|r| r.id == 2)
        .unwrap();
    assert_eq!(standing_decision(&referral, &all).unwrap().id, second);

    // The record cannot be edited or deleted underneath.
    let err = s
        .connection()
        .execute(
            "UPDATE decisions SET rationale = 'changed' WHERE id = ?1",
            [first],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("a panel decision is never edited"),
        "{err}"
    );
    assert!(s.connection().execute("DELETE FROM decisions", []).is_err());

    // A correction must be about the same referral.
    let mut wrong = correction.clone();
    wrong.referral_id = 1;
    wrong.corrects = Some(first);
    assert_eq!(
        s.record_decision(&wrong).unwrap_err().to_string(),
        format!(
            "decision {first} is about another referral; a correction must be about the same one"
        )
    );
    // A placement decision without a reason is refused by the store.
    let mut silent = placed(1);
    silent.rationale = "  ".into();
    assert_eq!(
        s.record_decision(&silent).unwrap_err().to_string(),
        "record the reason for the decision"
    );
    assert!(s.placements_for_child("C1").unwrap().is_empty());
}

#[test]
fn the_agenda_sections_by_hand() {
    use PlacementSetting::*;
    let mut kids = vec![
        // Awaiting with an open referral (R1) and one without.
        child(
            "A1",
            date(2014, 1, 1),
            ChildStatus::AwaitingPlacement,
            date(2026, 11, 10),
        ),
        child(
            "A2",
            date(2014, 1, 1),
            ChildStatus::AwaitingPlacement,
            date(2026, 11, 12),
        ),
        // In external residential since 01/05/2026: 201 days → step-down;
        // 201 = 7×28 + 5 → a four-weekly review is due this week.
        child(
            "R1",
            date(2010, 3, 1),
            ChildStatus::LookedAfter,
            date(2026, 5, 1),
        ),
        // IFA since 01/10/2026: 48 days = 28 + 20 → no review this week.
        child(
            "F1",
            date(2012, 1, 1),
            ChildStatus::LookedAfter,
            date(2026, 10, 1),
        ),
        // Turns 18 on 01/01/2027: 44 days after the meeting.
        child(
            "T1",
            date(2009, 1, 1),
            ChildStatus::LookedAfter,
            date(2020, 1, 1),
        ),
    ];
    kids[0].home_postcode = None;
    let placement =
        |id: i64, child: &str, setting: PlacementSetting, place, provider, start| Placement {
            id,
            child_id: child.into(),
            setting,
            postcode: None,
            start,
            end: None,
            weekly_cost: Some(Pence(600_000)),
            fee_changes: vec![],
            place,
            provider,
            reason_for_change: None,
        };
    let placements = vec![
        placement(
            1,
            "R1",
            Home("RH1".into()),
            PlaceCode::K2,
            Some(ProviderCode::PR4),
            date(2026, 5, 1),
        ),
        placement(
            2,
            "F1",
            Carer("IF1".into()),
            PlaceCode::U6,
            Some(ProviderCode::PR4),
            date(2026, 10, 1),
        ),
        placement(
            3,
            "T1",
            Carer("IF1".into()),
            PlaceCode::U4,
            Some(ProviderCode::PR4),
            date(2020, 1, 1),
        ),
    ];
    let data = CountyData::new(
        Settings::default(),
        kids,
        vec![],
        vec![],
        placements,
        vec![],
    );
    let mut r1 = referral("A1");
    r1.id = 1;
    let mut later = referral("A1");
    later.id = 2;
    later.received = date(2026, 11, 25); // after the meeting: not on this agenda
    let a = agenda(&data, &[r1, later], &[], MEETING);
    let ids = |items: &[placement_planner::panel::AgendaItem]| {
        items.iter().map(|i| i.child_id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&a.referrals), ["A1"]);
    assert_eq!(ids(&a.awaiting), ["A1", "A2"]);
    assert_eq!(a.awaiting[0].referral_id, Some(1));
    assert_eq!(
        a.awaiting[1].detail,
        "in care since 12/11/2026, no placement; no referral yet"
    );
    assert_eq!(ids(&a.step_down), ["R1"]);
    assert_eq!(
        a.step_down[0].detail,
        "External residential for 28 weeks, £6,000 a week"
    );
    // R1: 201 days, 201 mod 28 = 5 → due; T1: 2,513 days, mod 28 = 21 → not.
    assert_eq!(ids(&a.reviews_due), ["R1"]);
    assert_eq!(ids(&a.turning_18), ["T1"]);
    assert_eq!(
        a.turning_18[0].detail,
        "18 on 01/01/2027; Staying Put with the foster carer?"
    );
}
