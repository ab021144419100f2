//! A whole panel through the window: open the agenda, pick a child, pick the
//! top in-house candidate, record the decision, and find the placement and
//! the reduced vacancy in the store.

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::county::ProviderSector;
use placement_planner::matching::{self, MatchRequest, SupplyIndex};
use placement_planner::model::vacancy::carer_occupancy;
use placement_planner::model::{ChildStatus, DecisionOutcome, PlacementCategory};
use placement_planner::sample::SAMPLE_AS_AT;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;

#[test]
fn a_panel_decision_places_the_child_and_takes_the_vacancy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panel.sqlite");
    let store = common::records::sample_store_at(&path);

    // The referral for C1373 (planned, place by 18/11/2026) and the first
    // in-house candidate the council's default ranking gives it.
    let referral = common::records::referral_of(&store, "C1373");
    let data = store.county_data().unwrap();
    let child = data
        .children
        .iter()
        .find(|c| c.id == "C1373")
        .unwrap()
        .clone();
    let supply = SupplyIndex::build(&data, SAMPLE_AS_AT);
    let result = matching::candidates(
        &supply,
        &MatchRequest::new(
            &referral,
            &child,
            matching::child_home_grid(&data, &child),
            SAMPLE_AS_AT,
        ),
    );
    let top = result.suitable[0].clone();
    assert_eq!(
        top.sector,
        ProviderSector::InHouse,
        "the default ranking puts in-house first"
    );
    let before = carer_occupancy(&data.carers, &data.placements, SAMPLE_AS_AT)[&*top.provider_id];

    let minutes = dir.path().join("minutes.csv");
    let mut picker = ScriptedFilePicker::default();
    picker.answers.push(Some(minutes.clone()));
    let app = PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(picker));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.get_all_by_label("Panel").next().unwrap().click();
    h.run();
    assert_eq!(h.state().view, View::Panel);

    // The agenda lists the referral; choose the child.
    h.get_by_label("C1373: Planned referral received 21/10/2026; place by 18/11/2026")
        .click();
    h.run();
    h.get_by_label(&format!(
        "{} could take the child; {} cannot; cheapest suitable {} a week.",
        result.suitable.len(),
        result.excluded.len(),
        result.cheapest_weekly_cost.unwrap().to_pounds_string()
    ));
    // Choose the top candidate in the table and place.
    h.get_all_by_label(&top.name).next().unwrap().click();
    h.run();
    h.get_by_label(&format!("Place with {}…", top.name)).click();
    h.run();
    assert!(h.state().form_is_open());
    let rationale = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Reason");
    rationale.focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Reason")
        .type_text("In-house, near school; siblings not affected");
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Record decision")
        .click_accesskit();
    h.run();
    assert!(
        !h.state().form_is_open(),
        "{:?}",
        h.state().status.as_ref().map(|s| s.text.clone())
    );

    // In the store: the decision, the placement, the child, the vacancy.
    let store = h.state().store().unwrap();
    let decisions = store.decisions().unwrap();
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(d.outcome, DecisionOutcome::Placed);
    assert_eq!(d.carer_id.as_deref(), Some(&*top.provider_id));
    assert_eq!(d.rationale, "In-house, near school; siblings not affected");
    let placements = store.placements_for_child("C1373").unwrap();
    let p = placements.last().unwrap();
    assert_eq!(Some(p.id), d.placement_id);
    assert_eq!(p.carer_id(), Some(&*top.provider_id));
    assert_eq!(
        (p.start, p.weekly_cost),
        (SAMPLE_AS_AT, Some(top.weekly_cost))
    );
    assert_eq!(p.category(), PlacementCategory::InHouseFostering);
    assert_eq!(
        store.child("C1373").unwrap().status,
        ChildStatus::LookedAfter
    );
    let after = carer_occupancy(
        &store.carers().unwrap(),
        &store.placements().unwrap(),
        SAMPLE_AS_AT,
    )[&*top.provider_id];
    assert_eq!(after.filled, before.filled + 1);
    assert_eq!(after.vacant(), before.vacant() - 1);
    // The decided referral leaves the agenda.
    assert!(h
        .query_by_label("C1373: Planned referral received 21/10/2026; place by 18/11/2026")
        .is_none());

    // The minutes of the meeting, pseudonymised: the decision is there, the
    // child's name is not.
    h.get_by_label("Export minutes…").click();
    h.run();
    h.run();
    let text = std::fs::read_to_string(&minutes).expect("minutes written");
    assert!(text.contains("In-house, near school; siblings not affected"));
    assert!(!text.contains(&child.name));
    assert!(!text.contains("C1373"));
}
