//! After a change the window reads its records again, reading only the
//! tables the change touched and carrying the rest over (the five-year
//! monthly trend after a carer's name is edited, the whole county after a
//! referral, the saved scenarios after any edit but a scenario's). Whatever
//! is carried over, the records shown must be the records a full reading
//! gives.

mod common;

use common::records::sample_store_at;
use egui_kittest::Harness;
use jiff::civil::{date, Date};
use placement_planner::ui::command::Command;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::records::Records;
use placement_planner::ui::PlannerApp;

const TODAY: Date = date(2026, 11, 1);

fn window(path: &std::path::Path) -> Harness<'static, PlannerApp> {
    let store = sample_store_at(path);
    let app = PlannerApp::with_store(store, TODAY, Box::new(ScriptedFilePicker::default()));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h
}

/// The records a full reading of the window's database gives now.
fn full_reading(h: &Harness<'static, PlannerApp>) -> Records {
    let app = h.state();
    Records::load(app.store().unwrap(), app.records().as_at, 0).unwrap()
}

/// A postcode in the directory outside the council.
fn outside_the_council(records: &Records) -> placement_planner::model::Postcode {
    let council = &records.settings.council_code;
    records
        .postcodes
        .values()
        .find(|e| e.grid.is_some() && e.la_code.as_deref().is_some_and(|la| la != council))
        .expect("the sample's directory reaches past the council")
        .postcode
}

fn apply(h: &mut Harness<'static, PlannerApp>, command: Command) {
    h.state_mut().queue(command);
    h.run();
}

#[test]
fn what_is_carried_over_is_what_a_full_reading_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(&dir.path().join("refresh.sqlite"));
    let as_at = h.state().records().as_at;

    // A household with a child placed with it whose placement has no
    // postcode of its own: where the household lives is where the child is.
    let records = h.state().records();
    let carer = records
        .carers
        .iter()
        .find(|c| {
            records.placements.iter().any(|p| {
                p.carer_id() == Some(c.id.as_str()) && p.postcode.is_none() && p.is_open_on(as_at)
            })
        })
        .expect("the sample places children with in-house carers")
        .clone();
    let far = outside_the_council(records);
    let trend_before = records.trend.clone();
    let months = trend_before.len();
    assert_eq!(
        months, 61,
        "five years of month ends, the last capped at {as_at}"
    );

    // A new name: the carer's name changes, the trend is carried over and is
    // still the trend.
    let mut renamed = carer.clone();
    renamed.name = format!("{} (renamed)", carer.name);
    assert!(
        !Command::UpdateCarer(renamed.clone())
            .touches(h.state().records())
            .trend
    );
    apply(&mut h, Command::UpdateCarer(renamed.clone()));
    let full = full_reading(&h);
    let shown = h.state().records();
    assert_eq!(shown.carer(&carer.id).unwrap().name, renamed.name);
    assert_eq!(shown.trend, full.trend);
    assert_eq!(shown.trend, trend_before);
    assert_eq!(shown.scenarios, full.scenarios);

    // A move out of the council: the trend must be worked out again, and
    // this month's share placed in area falls.
    let mut moved = renamed.clone();
    moved.postcode = Some(far);
    assert!(
        Command::UpdateCarer(moved.clone())
            .touches(h.state().records())
            .trend
    );
    apply(&mut h, Command::UpdateCarer(moved));
    let full = full_reading(&h);
    let shown = h.state().records();
    assert_eq!(shown.trend, full.trend);
    assert!(
        shown.trend[months - 1].in_area_pct < trend_before[months - 1].in_area_pct,
        "{} then {}",
        trend_before[months - 1].in_area_pct,
        shown.trend[months - 1].in_area_pct
    );
    assert_eq!(shown.report, full.report);
}

/// Minutes exported in the same breath as a decision (both queued before
/// the next frame, the records read again on a worker) are made from the
/// records with the decision in them: the export waits for the reading.
#[test]
fn minutes_exported_right_after_a_decision_hold_it() {
    use common::records::decision_without_placement;
    use placement_planner::model::DecisionOutcome;
    use placement_planner::sample::SAMPLE_AS_AT;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store_at(&dir.path().join("minutes.sqlite"));
    let referral = common::records::referral_of(&store, "C1373");
    let mut app =
        PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(ScriptedFilePicker::default()));
    app.set_reload_on_worker(true);
    let minutes = dir.path().join("minutes.csv");
    let reason = "Deferred: the school's view is awaited";
    app.queue(Command::RecordDecision(decision_without_placement(
        referral.id,
        SAMPLE_AS_AT,
        DecisionOutcome::Deferred,
        reason,
        "Chair; IRO",
    )));
    app.queue(Command::ExportMinutes {
        path: minutes.clone(),
        with_names: false,
    });
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.step();
    h.state_mut().finish_background_work();
    h.run();
    let text = std::fs::read_to_string(&minutes).expect("minutes written");
    assert!(text.contains(reason), "{text}");
    // One decision: a header line and one row.
    assert_eq!(text.lines().count(), 2, "{text}");
}

/// Every part of the records shown is what a full reading gives.
fn assert_as_full_reading(h: &Harness<'static, PlannerApp>, after: &str) {
    let full = full_reading(h);
    let shown = h.state().records();
    assert_eq!(shown.as_at, full.as_at, "{after}");
    assert_eq!(shown.settings, full.settings, "settings after {after}");
    assert_eq!(shown.children, full.children, "children after {after}");
    assert_eq!(shown.carers, full.carers, "carers after {after}");
    assert_eq!(shown.homes, full.homes, "homes after {after}");
    assert_eq!(
        shown.placements, full.placements,
        "placements after {after}"
    );
    assert_eq!(shown.postcodes, full.postcodes, "postcodes after {after}");
    for i in 0..full.placements.len() {
        assert_eq!(
            shown.placement_location(i),
            full.placement_location(i),
            "where placement {i} is, after {after}"
        );
    }
    for i in 0..full.children.len() {
        assert_eq!(shown.home_location(i), full.home_location(i), "{after}");
    }
    for i in 0..full.homes.len() {
        assert_eq!(shown.home_area(i), full.home_area(i), "{after}");
    }
    assert_eq!(shown.carer_occupancy, full.carer_occupancy, "{after}");
    assert_eq!(shown.home_occupancy, full.home_occupancy, "{after}");
    assert_eq!(shown.current_placement, full.current_placement, "{after}");
    assert_eq!(shown.facts, full.facts, "facts after {after}");
    assert_eq!(shown.report, full.report, "report after {after}");
    assert_eq!(shown.trend, full.trend, "trend after {after}");
    assert_eq!(shown.referrals, full.referrals, "{after}");
    assert_eq!(shown.decisions, full.decisions, "{after}");
    assert_eq!(shown.agenda, full.agenda, "agenda after {after}");
    assert_eq!(shown.scenarios, full.scenarios, "{after}");
    assert_eq!(shown.counts, full.counts, "{after}");
    assert_eq!(shown.audit, full.audit, "{after}");
}

/// One change of each kind the window makes, each read back touching only
/// what the change names, and each time the records shown are the records
/// a full reading gives. A referral or a new date reads no county table
/// (the county shown is the very one shown before).
#[test]
fn each_kind_of_change_reads_back_what_a_full_reading_gives() {
    use placement_planner::model::{DecisionOutcome, PlaceCode};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(&dir.path().join("kinds.sqlite"));
    let as_at = h.state().records().as_at;
    let records = h.state().records();
    let far = outside_the_council(records);
    let child = records.facts[0].child_id.clone();
    let open = records.current_placement_of(&child).unwrap().clone();
    let home = records.homes[0].clone();
    let referral = records
        .referrals
        .iter()
        .find(|r| !records.decisions.iter().any(|d| d.referral_id == r.id))
        .expect("the sample has referrals the panel has not decided")
        .clone();
    let decisions_before = records.decisions.len();
    let referrals_before = records.referrals.len();

    // A referral: no county table is read again.
    let data_before = Arc::clone(&h.state().records().data);
    let mut new_referral = referral.clone();
    new_referral.id = 0;
    new_referral.notes = "Second referral".into();
    apply(&mut h, Command::AddReferral(new_referral));
    assert_eq!(h.state().records().referrals.len(), referrals_before + 1);
    assert!(Arc::ptr_eq(&data_before, &h.state().records().data));
    assert_as_full_reading(&h, "a referral");

    // A child's home moves out of the council.
    let mut moved_child = h
        .state()
        .records()
        .children
        .iter()
        .find(|c| c.id == child)
        .unwrap()
        .clone();
    moved_child.home_postcode = Some(far);
    apply(&mut h, Command::UpdateChild(moved_child));
    let shown = h.state().records();
    let i = shown.children.iter().position(|c| c.id == child).unwrap();
    assert_eq!(shown.children[i].home_postcode, Some(far));
    assert_as_full_reading(&h, "a child's home moved");

    // A home moves out of the council.
    let mut moved_home = home.clone();
    moved_home.postcode = Some(far);
    apply(&mut h, Command::UpdateHome(moved_home));
    assert_eq!(
        h.state().records().home(&home.id).unwrap().postcode,
        Some(far)
    );
    assert_as_full_reading(&h, "a home moved");

    // The child's placement ends and a new one starts.
    let end = as_at;
    apply(
        &mut h,
        Command::EndPlacement {
            id: open.id,
            end,
            reason: None,
        },
    );
    assert!(h.state().records().current_placement_of(&child).is_none());
    assert_as_full_reading(&h, "a placement ended");
    apply(
        &mut h,
        Command::AddPlacement(common::records::placement_elsewhere(
            &child,
            end,
            PlaceCode::parse("R1").unwrap(),
            None,
        )),
    );
    assert!(h.state().records().current_placement_of(&child).is_some());
    assert_as_full_reading(&h, "a placement added");

    // A decision deferred: no county table again.
    let data_before = Arc::clone(&h.state().records().data);
    apply(
        &mut h,
        Command::RecordDecision(common::records::decision_without_placement(
            referral.id,
            as_at,
            DecisionOutcome::Deferred,
            "Awaiting the school's view",
            "Chair",
        )),
    );
    assert_eq!(h.state().records().decisions.len(), decisions_before + 1);
    assert!(Arc::ptr_eq(&data_before, &h.state().records().data));
    assert_as_full_reading(&h, "a decision deferred");

    // The council's code changes: every placement's area is judged again.
    let name = h.state().records().settings.council_name.clone();
    apply(
        &mut h,
        Command::SaveCouncil {
            name,
            code: "E10000003".into(),
        },
    );
    assert_eq!(h.state().records().settings.council_code, "E10000003");
    assert_as_full_reading(&h, "the council's code changed");

    // A new date: the county is the one shown before, the measures move.
    let data_before = Arc::clone(&h.state().records().data);
    let earlier = date(2025, 3, 31);
    apply(&mut h, Command::SetAsAt(earlier));
    assert_eq!(h.state().records().as_at, earlier);
    assert!(Arc::ptr_eq(&data_before, &h.state().records().data));
    assert_as_full_reading(&h, "a new date");
}

/// A date set while no database is open leaves nothing for the database
/// opened next to carry over: it shows its own records, not the empty ones
/// shown before.
#[test]
fn a_database_opened_after_a_date_was_set_shows_its_own_records() {
    use placement_planner::ui::recent::RecentFiles;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("later.sqlite");
    drop(sample_store_at(&path));
    let mut app = PlannerApp::new(
        Box::new(ScriptedFilePicker::default()),
        RecentFiles::in_memory(),
    );
    app.queue(Command::SetAsAt(date(2026, 3, 31)));
    app.queue(Command::OpenDatabase(path.clone()));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.state_mut().finish_background_work();
    h.run();
    let full = full_reading(&h);
    let shown = h.state().records();
    assert!(!full.children.is_empty(), "the sample holds children");
    assert_eq!(shown.children, full.children);
    assert_eq!(shown.report, full.report);
}
