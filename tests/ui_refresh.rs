//! After a change the window reads its records again, carrying over what
//! the change cannot have touched (the five-year monthly trend after a
//! carer's name is edited, the saved scenarios after any edit but a
//! scenario's). Whatever is carried over, the records shown must be the
//! records a full reading gives.

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
    // A postcode in the directory outside the council.
    let council = records.settings.council_code.clone();
    let far = records
        .postcodes
        .values()
        .find(|e| e.grid.is_some() && e.la_code.as_deref().is_some_and(|la| la != council))
        .expect("the sample's directory reaches past the council")
        .postcode;
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
    assert!(!Command::UpdateCarer(renamed.clone()).may_change_trend(h.state().records()));
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
    assert!(Command::UpdateCarer(moved.clone()).may_change_trend(h.state().records()));
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
