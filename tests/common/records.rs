//! Records tests build for themselves.

use jiff::civil::{date, Date};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Child, PlaceCode, Placement, PlacementSetting, ProviderCode, Settings,
};
use placement_planner::sufficiency::CountyData;

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
