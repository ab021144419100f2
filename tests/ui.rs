//! The window, driven through egui_kittest (no display, no GPU): every view
//! opens, and a carer added through the form lands in the table and the
//! database.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use jiff::civil::date;
use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::*;
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;

fn small_store(path: &std::path::Path) -> Store {
    let mut s = Store::create_new(path).unwrap();
    s.save_settings(&Settings {
        council_name: "Testshire".into(),
        council_code: "E06000060".into(),
        boundary_geojson: None,
        cost_rates: vec![],
        cost_uplift_pct: Default::default(),
    })
    .unwrap();
    s.insert_child(&Child {
        id: "C1".into(),
        name: "Robin Test".into(),
        date_of_birth: date(2014, 3, 3),
        sex: Sex::Male,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: Some(Postcode::parse("HP19 8AA").unwrap()),
        home_location: None,
        status: ChildStatus::LookedAfter,
        entered_care: date(2024, 1, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    })
    .unwrap();
    s.insert_carer(&Carer {
        id: "FC1".into(),
        name: "The Firsts".into(),
        sector: CarerSector::InHouse,
        agency: None,
        approved_places: 2,
        age_min: 0,
        age_max: 17,
        takes_siblings: false,
        specialisms: vec![],
        postcode: Some(Postcode::parse("HP20 1AA").unwrap()),
        location: None,
        weekly_cost: Pence(50_000),
        status: CarerStatus::Active,
        approval_date: date(2018, 1, 1),
        ended_on: None,
    })
    .unwrap();
    s.insert_placement(&Placement {
        id: 0,
        child_id: "C1".into(),
        setting: PlacementSetting::Carer("FC1".into()),
        postcode: None,
        start: date(2024, 1, 1),
        end: None,
        weekly_cost: Some(Pence(50_000)),
        fee_changes: vec![],
        place: PlaceCode::U6,
        provider: Some(ProviderCode::PR1),
        reason_for_change: None,
    })
    .unwrap();
    s
}

/// A text field by its label (a column header may share the words).
fn field<'a>(h: &'a Harness<'static, PlannerApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
}

/// Focuses a text field and types into it, as a user would.
fn type_into(h: &mut Harness<'static, PlannerApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    field(h, label).type_text(text);
    h.run();
}

fn harness(app: PlannerApp) -> Harness<'static, PlannerApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app)
}

#[test]
fn every_view_opens_and_a_carer_added_through_the_form_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ui.sqlite");
    let store = small_store(&path);
    let app = PlannerApp::with_store(
        store,
        date(2026, 11, 1),
        Box::new(ScriptedFilePicker::default()),
    );
    let mut h = harness(app);
    h.run();

    // The dashboard counts the one child in placement and the in-house place.
    h.get_by_label("Testshire (E06000060)");
    h.get_by_label("In-house fostering: 1 households, 2 places, 1 filled, 1 vacant");

    // Every view opens and says what it is.
    let expect = [
        (View::Children, "Robin Test"),
        (View::Carers, "The Firsts"),
        (View::Residential, "Residential homes"),
        (View::Panel, "Panel"),
        (View::Scenarios, "Scenarios"),
        (View::Map, "Map"),
        (View::Reports, "Reports"),
        (View::Audit, "Audit trail"),
        (View::Dashboard, "Placement mix and spend"),
    ];
    for (view, text) in expect {
        h.get_all_by_label(view.title()).next().unwrap().click();
        // A frame to open the view; the Scenarios view then starts its
        // bands in the background, whose progress wakes the window until
        // they are done: wait for them, so the frames settle whatever the
        // machine's speed.
        h.step();
        h.state_mut().finish_background_work();
        h.run();
        assert_eq!(h.state().view, view);
        assert!(
            h.query_all_by_label(text).count() >= 1,
            "{} view shows '{text}'",
            view.title()
        );
    }

    // Add a carer through the form.
    fill_new_household(&mut h, ["FC2", "The Seconds", "hp5 1ab", "£520.50"]);
    // Dialog buttons are pressed through accesskit (as a screen reader
    // would); kittest's synthetic pointer does not reach egui modals.
    h.get_by_label("Add household").click_accesskit();
    h.run();

    assert!(!h.state().form_is_open(), "the form closes once saved");
    // In the table…
    h.get_by_label("The Seconds");
    // …and in the database, as typed and normalised.
    let stored = h.state().store().unwrap().carer("FC2").unwrap();
    assert_eq!(stored.name, "The Seconds");
    assert_eq!(stored.postcode.unwrap().as_str(), "HP5 1AB");
    assert_eq!(stored.weekly_cost, Pence(52_050));
    assert_eq!(stored.approved_places, 1);
    assert_eq!(stored.approval_date, date(2026, 11, 1));
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.carers().unwrap().len(), 2);
}

#[test]
fn a_bad_form_explains_itself_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(&dir.path().join("ui.sqlite"));
    let app = PlannerApp::with_store(
        store,
        date(2026, 11, 1),
        Box::new(ScriptedFilePicker::default()),
    );
    let mut h = harness(app);
    h.run();
    // A duplicate reference and a bad postcode.
    fill_new_household(&mut h, ["FC1", "The Clash", "nowhere", "400"]);
    // Dialog buttons are pressed through accesskit (as a screen reader
    // would); kittest's synthetic pointer does not reach egui modals.
    h.get_by_label("Add household").click_accesskit();
    h.run();
    h.get_by_label("'nowhere' is not a UK postcode (e.g. HP19 8FF)");
    assert!(h.state().form_is_open());

    // Fix the postcode: now the store refuses the duplicate reference, and
    // the form keeps everything typed.
    field(&h, "Postcode").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    type_into(&mut h, "Postcode", "HP5 1AB");
    h.run();
    // Dialog buttons are pressed through accesskit (as a screen reader
    // would); kittest's synthetic pointer does not reach egui modals.
    h.get_by_label("Add household").click_accesskit();
    h.run();
    h.get_by_label("Not saved: a carer household with this reference already exists");
    assert!(h.state().form_is_open());
    assert_eq!(
        field(&h, "Household name").value().as_deref(),
        Some("The Clash")
    );
    assert_eq!(field(&h, "Postcode").value().as_deref(), Some("HP5 1AB"));
    assert_eq!(h.state().store().unwrap().carers().unwrap().len(), 1);

    // Cancel closes the form and changes nothing.
    h.get_by_label("Cancel").click_accesskit();
    h.run();
    assert!(!h.state().form_is_open());
    assert_eq!(h.state().store().unwrap().carers().unwrap().len(), 1);
}

#[test]
fn ending_a_placement_from_the_child_panel_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(&dir.path().join("ui.sqlite"));
    let app = PlannerApp::with_store(
        store,
        date(2026, 11, 1),
        Box::new(ScriptedFilePicker::default()),
    );
    let mut h = harness(app);
    h.run();
    h.get_all_by_label("Children").next().unwrap().click();
    h.run();
    // Sorting by a column header draws its arrow and keeps the row.
    h.get_by_label("Name").click();
    h.run();
    h.get_by_label("Name ⏶");
    h.get_by_label("Robin Test").click();
    h.run();
    h.get_by_label("Robin Test (C1)");
    h.get_by_label("End placement…").click();
    h.run();
    assert!(h.state().form_is_open());
    // The end date starts at today; the dialog says what is being ended.
    assert_eq!(field(&h, "End date").value().as_deref(), Some("01/11/2026"));
    h.get_by_label("Robin Test (C1) with The Firsts (FC1), since 01/01/2024");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "End placement")
        .click_accesskit();
    h.run();
    assert!(!h.state().form_is_open());
    let p = &h
        .state()
        .store()
        .unwrap()
        .placements_for_child("C1")
        .unwrap()[0];
    assert_eq!(p.end, Some(date(2026, 11, 1)));
    // The vacancy is back on the dashboard.
    h.get_all_by_label("Dashboard").next().unwrap().click();
    h.run();
    h.get_by_label("In-house fostering: 1 households, 2 places, 0 filled, 2 vacant");
}

/// The dashboard's numbers match the measures and click through to the
/// children behind them.
#[test]
fn dashboard_counts_click_through_to_the_children() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.sqlite");
    let mut store = Store::create_new(&path).unwrap();
    store
        .insert_county(&placement_planner::sample::generate(
            placement_planner::sample::DEFAULT_SEED,
        ))
        .unwrap();
    let on = date(2026, 11, 1);
    let data = store.county_data().unwrap();
    let report = placement_planner::sufficiency::sufficiency(&data, on);
    let app = PlannerApp::with_store(store, on, Box::new(ScriptedFilePicker::default()));
    let mut h = harness(app);
    h.run();
    // On the card and in the benchmark table.
    assert_eq!(
        h.query_all_by_label(&format!("{:.1}%", report.within_20_miles_pct))
            .count(),
        2
    );
    h.get_by_label(&format!("{} children", report.within_20_miles));
    // Click the "Within 20 miles of home" card.
    h.get_by_label("Within 20 miles of home").click();
    h.run();
    assert_eq!(h.state().view, View::Children);
    h.get_by_label(&format!(
        "Showing {} children: within 20 miles of home",
        report.within_20_miles
    ));
    h.get_by_label("Show all children").click();
    h.run();
    assert!(h.query_by_label_contains("Showing ").is_none());
}

/// The window reads the records again on a worker after a change (tests
/// otherwise read at once): the carer added is in the database at once,
/// the table shows it once the worker's records arrive, and the status
/// bar says "Updating…" until then.
#[test]
fn after_an_edit_the_records_are_read_again_on_a_worker() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(&dir.path().join("ui.sqlite"));
    let mut app = PlannerApp::with_store(
        store,
        date(2026, 11, 1),
        Box::new(ScriptedFilePicker::default()),
    );
    app.set_reload_on_worker(true);
    let mut h = harness(app);
    h.run();
    fill_new_household(&mut h, ["FC2", "The Seconds", "hp5 1ab", "£520.50"]);
    h.get_by_label("Add household").click_accesskit();
    // One frame takes the click, the next writes.
    h.step();
    h.step();
    // Written at once, in one transaction.
    assert_eq!(h.state().store().unwrap().carers().unwrap().len(), 2);
    // Shown once read again.
    h.state_mut().finish_background_work();
    h.run();
    h.get_by_label("The Seconds");
    assert!(h.query_by_label("Updating…").is_none());
    // The status bar counts both households.
    h.get_by_label_contains("2 carer households");
}

/// Opens Carers > Add household… and types reference, name, postcode and
/// weekly cost.
fn fill_new_household(h: &mut Harness<'static, PlannerApp>, fields: [&str; 4]) {
    h.get_all_by_label("Carers").next().unwrap().click();
    h.run();
    h.get_by_label("Add household…").click();
    h.run();
    let labels = ["Reference", "Household name", "Postcode", "Weekly cost (£)"];
    for (label, text) in labels.into_iter().zip(fields) {
        type_into(h, label, text);
    }
    h.run();
}
