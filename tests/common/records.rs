//! Records tests build for themselves.

use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Child, PlaceCode, Placement, PlacementSetting, ProviderCode, Settings,
};

/// A county of these children and placements and nothing else (default
/// settings, no carers, homes or postcodes).
pub fn county_of(children: Vec<Child>, placements: Vec<Placement>) -> CountyData {
    CountyData::new(
        Settings::default(),
        children,
        Vec::new(),
        Vec::new(),
        placements,
        Vec::new(),
    )
}

/// A child born 01/01/2012, looked after since `entered` (C2, N1).
pub fn child_in_care(id: &str, entered: Date) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: date(2012, 1, 1),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: ChildStatus::LookedAfter,
        entered_care: entered,
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

/// An open placement with neither carer nor home and no cost of its own,
/// as an SSDA903 import makes one.
pub fn placement_elsewhere(
    child: &str,
    start: Date,
    place: PlaceCode,
    provider: Option<ProviderCode>,
) -> Placement {
    Placement {
        id: 0,
        child_id: child.into(),
        setting: PlacementSetting::Elsewhere,
        postcode: None,
        start,
        end: None,
        weekly_cost: None,
        fee_changes: vec![],
        place,
        provider,
        reason_for_change: None,
    }
}

/// A panel decision that places no one (deferred or declined) on a
/// referral, at a meeting, for a reason, with the attendees.
pub fn decision_without_placement(
    referral_id: i64,
    meeting_date: Date,
    outcome: placement_planner::model::DecisionOutcome,
    rationale: &str,
    attendees: &str,
) -> placement_planner::model::Decision {
    placement_planner::model::Decision {
        id: 0,
        referral_id,
        meeting_date,
        outcome,
        carer_id: None,
        home_id: None,
        start: None,
        weekly_cost: None,
        placement_id: None,
        rationale: rationale.into(),
        attendees: attendees.into(),
        corrects: None,
        recorded_at: String::new(),
    }
}

/// A new database file at `path` holding the sample county.
pub fn sample_store_at(path: &std::path::Path) -> placement_planner::store::Store {
    let mut store = placement_planner::store::Store::create_new(path).unwrap();
    store
        .insert_county(&placement_planner::sample::generate(
            placement_planner::sample::DEFAULT_SEED,
        ))
        .unwrap();
    store
}

/// The referral in `store` of the child `child_id`.
pub fn referral_of(
    store: &placement_planner::store::Store,
    child_id: &str,
) -> placement_planner::model::Referral {
    store
        .referrals()
        .unwrap()
        .into_iter()
        .find(|r| r.child_id == child_id)
        .unwrap_or_else(|| panic!("no referral for {child_id}"))
}
