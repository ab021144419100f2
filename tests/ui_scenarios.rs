//! The Scenarios view through the window: change levers, save a scenario,
//! save a second, reopen the first, compare the two; and the warning when a
//! scenario's records have changed since it was saved.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use placement_planner::county::CountyData;
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::scenario::saved::ScenarioDraft;
use placement_planner::scenario::{project, Baseline, Levers, Projection};
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;

type H = Harness<'static, PlannerApp>;

const BAND_RUNS: u32 = 200;

fn sample_store(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::create_new(&dir.path().join("scenarios.sqlite")).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    store
}

fn harness(store: Store) -> H {
    harness_with_files(store, Vec::new())
}

fn harness_with_files(store: Store, answers: Vec<Option<std::path::PathBuf>>) -> H {
    let mut picker = ScriptedFilePicker::default();
    picker.answers = answers;
    let mut app = PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(picker));
    // Fewer simulated futures than the window's 5,000: a debug build is slow.
    app.set_band_runs(BAND_RUNS);
    // The bands' worker wakes the window when it finishes, and a closing
    // drop-down animates: allow a few more frames to settle than the default.
    let mut h = Harness::builder()
        .with_size([1500.0, 1000.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.get_all_by_label("Scenarios").next().unwrap().click();
    h.run();
    assert_eq!(h.state().view, View::Scenarios);
    h
}

fn set_lever(h: &mut H, label: &str, value: f64) {
    h.get_by_role_and_label(Role::SpinButton, label)
        .set_value_accesskit(value);
    h.run();
}

fn lever_value(h: &H, label: &str) -> String {
    h.get_by_role_and_label(Role::SpinButton, label)
        .value()
        .unwrap_or_default()
}

fn type_name(h: &mut H, name: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, "Name:");
    field.focus();
    h.run();
    // Select what is there and type over it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name:")
        .type_text(name);
    h.run();
}

fn click_button(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    h.run();
    h.run();
}

/// The sample county's projection for these levers, from the library.
fn projected(store: &Store, levers: &Levers) -> Projection {
    let data = store.county_data().unwrap();
    project(&Baseline::from_data(&data, SAMPLE_AS_AT, 24), levers)
}

fn net_saving(p: &Projection) -> i64 {
    p.years.iter().map(|y| y.net_saving.0).sum()
}

#[test]
fn change_levers_save_reopen_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("recruit-ten.csv");
    let mut h = harness_with_files(sample_store(&dir), vec![Some(export.clone())]);

    // Scenario 1: recruit 10 households a year with 2 places each and
    // place 30% of would-be IFA entrants in-house.
    set_lever(&mut h, "New households a year", 10.0);
    set_lever(&mut h, "Places per household", 2.0);
    set_lever(&mut h, "Would-be IFA entrants placed in-house", 30.0);
    assert_eq!(lever_value(&h, "New households a year"), "10");
    type_name(&mut h, "Recruit ten");
    click_button(&mut h, "Save as new");

    let saved = h.state().store().unwrap().scenarios().unwrap();
    assert_eq!(saved.len(), 1, "one scenario saved");
    let first = saved[0].clone();
    assert_eq!(first.name, "Recruit ten");
    assert_eq!(first.start, SAMPLE_AS_AT);
    assert_eq!(first.reference_months, 24);
    assert_eq!(first.levers.recruit_households_per_year, 10.0);
    assert_eq!(first.levers.places_per_household, Some(2.0));
    assert!((first.levers.shift_share - 0.3).abs() < 1e-12);
    assert_eq!(first.levers.step_down_per_year, 0.0);
    // Export it: one CSV row a month over the 10-year horizon, each
    // naming the scenario.
    click_button(&mut h, "Export…");
    // Written on a worker: wait for it.
    h.state_mut().finish_background_work();
    h.run();
    let csv = std::fs::read_to_string(&export).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 120);
    assert!(rows.iter().all(|r| r.starts_with("Recruit ten,")));
    // The view now edits the saved scenario: "Save" appears beside
    // "Save as new".
    h.get_by_role_and_label(Role::Button, "Save");

    // Scenario 2, from the first's levers: step 3 children a year down
    // into 3 specialist households at £1,200 a week.
    set_lever(&mut h, "Children stepped down a year", 3.0);
    set_lever(&mut h, "Specialist households a year", 3.0);
    set_lever(&mut h, "Specialist weekly cost", 1200.0);
    set_lever(&mut h, "Years projected", 5.0);
    type_name(&mut h, "Recruit and step down");
    click_button(&mut h, "Save as new");
    let saved = h.state().store().unwrap().scenarios().unwrap();
    assert_eq!(saved.len(), 2);
    let second = saved
        .iter()
        .find(|s| s.name == "Recruit and step down")
        .unwrap()
        .clone();
    assert_eq!(second.levers.step_down_per_year, 3.0);
    assert_eq!(second.levers.specialist_households_per_year, 3.0);
    assert_eq!(second.levers.specialist_weekly_fee_pence, 120_000);
    assert_eq!(second.levers.recruit_households_per_year, 10.0);
    assert_eq!(second.levers.horizon_years, 5);
    // The first is unchanged in the database.
    let first_again = saved.iter().find(|s| s.name == "Recruit ten").unwrap();
    assert_eq!(first_again.levers, first.levers);

    // Reopen the first from the list of saved scenarios: its levers return.
    h.get_by_role_and_label(Role::ComboBox, "Saved:").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Recruit ten").click();
    h.run();
    assert_eq!(lever_value(&h, "Children stepped down a year"), "0");
    assert_eq!(lever_value(&h, "New households a year"), "10");

    // Compare the two side by side.
    h.get_by_label_contains("Compare saved").click();
    h.run();
    for name in ["Recruit ten", "Recruit and step down"] {
        h.get_by_role_and_label(Role::CheckBox, name).click();
        h.run();
    }
    h.run();
    let store = h.state().store().unwrap();
    let p1 = projected(store, &first.levers);
    let p2 = projected(store, &second.levers);
    assert_ne!(net_saving(&p1), net_saving(&p2), "the levers differ");
    let money = |p: i64| placement_planner::model::Pence(p).to_pounds_string();
    // The first over its 10 years, and over the 5 years both cover.
    assert_eq!(p1.months.len(), 120);
    assert_eq!(p2.months.len(), 60);
    h.get_by_label(&money(net_saving(&p1)));
    h.get_by_label("Net saving over the first 5 years");
    h.get_by_label(&money(p1.months[59].cumulative_net_saving.0));
    // The second's 5 years are the common period: the same figure twice.
    assert_eq!(h.query_all_by_label(&money(net_saving(&p2))).count(), 2);
    assert!(h
        .query_by_label_contains("Compare saved (2 chosen, up to 4)")
        .is_some());
}

#[test]
fn a_scenario_whose_records_changed_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(&dir);
    // Saved against a baseline that is not today's records.
    let mut draft = ScenarioDraft {
        name: "Old figures".into(),
        notes: "saved before the records were corrected".into(),
        levers: Levers {
            recruit_households_per_year: 5.0,
            places_per_household: Some(1.0),
            ..Levers::default()
        },
        start: SAMPLE_AS_AT,
        reference_months: 24,
        baseline_fingerprint: "0".repeat(64),
    };
    store.insert_scenario(&draft).unwrap();
    // And one saved against today's records, which is not flagged.
    let data = store.county_data().unwrap();
    draft.name = "Current figures".into();
    draft.baseline_fingerprint = placement_planner::scenario::saved::baseline_fingerprint(
        &Baseline::from_data(&data, SAMPLE_AS_AT, 24),
    );
    store.insert_scenario(&draft).unwrap();

    let mut h = harness(store);
    let warning = "The records have changed since this scenario was saved";
    h.get_by_role_and_label(Role::ComboBox, "Saved:").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Current figures")
        .click();
    h.run();
    assert!(h.query_by_label_contains(warning).is_none());
    assert_eq!(lever_value(&h, "New households a year"), "5");

    h.get_by_role_and_label(Role::ComboBox, "Saved:").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Old figures").click();
    h.run();
    assert!(h.query_by_label_contains(warning).is_some());
}

#[test]
fn the_bands_are_the_monte_carlo_percentiles() {
    let (_dir, data, mut h) = twelve_households_a_year();
    set_lever(&mut h, "Would-be IFA entrants placed in-house", 50.0);
    // A job started for an earlier lever finishes first; the next frame
    // starts one for these levers.
    for _ in 0..3 {
        h.state_mut().finish_background_work();
        h.run();
    }
    // The sample's history holds three whole years before the start, so
    // the caption also says how much they varied.
    let year_to_year = Baseline::from_data(&data, SAMPLE_AS_AT, 24)
        .year_to_year
        .expect("three whole years of history before the start");
    h.get_by_label(&format!(
        "Shaded: the middle 80% (P10 to P90) of {BAND_RUNS} simulated futures with random \
         entries, exits and recruitment (seed 1). {}",
        year_to_year.sentence()
    ));
    // The first financial year's spread, from the library on the same
    // levers, runs and seed.
    h.get_by_label(&first_year_spread(&data, 0.5));
}

/// The sample in the Scenarios view with 12 new households a year of one
/// place each (the temporary directory holds its database).
fn twelve_households_a_year() -> (tempfile::TempDir, CountyData, H) {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let data = store.county_data().unwrap();
    let mut h = harness(store);
    set_lever(&mut h, "New households a year", 12.0);
    set_lever(&mut h, "Places per household", 1.0);
    (dir, data, h)
}

/// The first financial year's P10 to P90 of scenario spend, as the window
/// writes it, from the library's bands on the sample with 12 households a
/// year of one place each and `shift_share` of IFA entrants offered
/// in-house (the window's runs and seed).
fn first_year_spread(data: &CountyData, shift_share: f64) -> String {
    let levers = Levers {
        recruit_households_per_year: 12.0,
        places_per_household: Some(1.0),
        shift_share,
        ..Levers::default()
    };
    let bands = placement_planner::scenario::monte_carlo(
        &Baseline::from_data(data, SAMPLE_AS_AT, 24),
        &levers,
        BAND_RUNS,
        1,
    );
    let y = &bands.years[0];
    assert!(y.scenario_spend.p10 < y.scenario_spend.p90);
    format!(
        "{} to {}",
        placement_planner::ui::views::scenarios::short_money(y.scenario_spend.p10 / 100.0),
        placement_planner::ui::views::scenarios::short_money(y.scenario_spend.p90 / 100.0)
    )
}

/// Bands for levers no longer on screen are stopped: after a change, the
/// one job left is the new levers', so waiting for it once shows their
/// bands (the spread of the first year's spend, from the library on the
/// same levers, runs and seed), however long the old ones had to go.
#[test]
fn bands_for_levers_left_behind_are_stopped() {
    let (_dir, data, mut h) = twelve_households_a_year();
    // Bands for these levers would take minutes in a debug build: only
    // stopping them lets the test finish.
    h.state_mut().set_band_runs(100_000);
    set_lever(&mut h, "Would-be IFA entrants placed in-house", 50.0);
    h.state_mut().set_band_runs(BAND_RUNS);
    set_lever(&mut h, "Would-be IFA entrants placed in-house", 20.0);
    h.state_mut().finish_background_work();
    h.run();
    h.get_by_label(&first_year_spread(&data, 0.2));
}

#[test]
fn the_model_is_checked_against_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let data = store.county_data().unwrap();
    let mut h = harness(store);
    h.get_by_label("Check against the past").click();
    h.run();
    // A year back from the window's date (01/11/2026), rates over 24 months.
    let b = placement_planner::scenario::backtest::backtest(
        &data,
        jiff::civil::date(2025, 11, 1),
        12,
        24,
    );
    assert_eq!(b.rows.len(), 12);
    let mape = b.children_mape.unwrap();
    h.get_by_label(&format!(
        "Children in care: off by {mape:.1}% a month on average; the projection was {} by \
         {:.1} children a month.",
        if b.children_mean_error >= 0.0 {
            "high"
        } else {
            "low"
        },
        b.children_mean_error.abs()
    ));
    // The last month's actual count, from the records, is in the table.
    let last = b.rows.last().unwrap();
    assert_eq!(last.month_start, jiff::civil::date(2026, 10, 1));
    assert!(h
        .query_all_by_label(&last.actual_total.to_string())
        .next()
        .is_some());
    // Three months instead of twelve.
    set_lever(&mut h, "Months compared", 3.0);
    assert_eq!(lever_value(&h, "Months compared"), "3");
    assert!(h.query_by_label("01/01/2026").is_some());
    assert!(h.query_by_label("01/02/2026").is_none());
}

#[test]
fn the_rolling_check_shows_errors_by_months_ahead() {
    use placement_planner::scenario::rolling::{
        data_start, rolling_backtest, rolling_origins, RollingSpec, DEFAULT_HORIZON,
        DEFAULT_ORIGINS, DEFAULT_RUNS,
    };
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let data = store.county_data().unwrap();
    let mut h = harness(store);
    h.get_by_label("Check against the past").click();
    h.run();
    h.get_by_label("From every month of the last three years")
        .click();
    h.run();
    h.state_mut().finish_background_work();
    h.run();
    // The window's date (the sample's 01/11/2026) is the records' end:
    // 36 starts from November 2023 to October 2026, rates over 24 months.
    let end = SAMPLE_AS_AT;
    let origins = rolling_origins(data_start(&data).unwrap(), end, 24, DEFAULT_ORIGINS);
    assert_eq!(origins.len(), 36);
    assert_eq!(origins[0], jiff::civil::date(2023, 11, 1));
    assert_eq!(origins[35], jiff::civil::date(2026, 10, 1));
    let spec = RollingSpec {
        origins,
        horizon: DEFAULT_HORIZON,
        reference_months: 24,
        runs: DEFAULT_RUNS,
        seed: 1,
        records_end: end,
        entry_trend: false,
    };
    let r = rolling_backtest(&data, &spec);
    h.get_by_label(&r.sentence());
    // One row a month ahead: 1 month ahead has all 36 starts.
    assert_eq!(r.at(1).unwrap().origins, 36);
    assert!(h.query_by_label("Starts compared").is_some());
    assert!(h
        .query_all_by_label(&format!("{:.1}%", r.at(1).unwrap().mape))
        .next()
        .is_some());
    // With the entry trend the check runs again and says so.
    h.get_by_label("Entries follow the trend fitted before each start")
        .click();
    h.run();
    h.state_mut().finish_background_work();
    h.run();
    let with_trend = rolling_backtest(
        &data,
        &RollingSpec {
            entry_trend: true,
            ..spec
        },
    );
    assert!(with_trend
        .sentence()
        .contains("with entries following their fitted trend"));
    h.get_by_label(&with_trend.sentence());
    assert!(h.query_by_label(&r.sentence()).is_none());
}

#[test]
fn the_rates_by_age_band_show_the_data_behind_them_and_the_trend_is_a_lever() {
    use placement_planner::model::PlacementCategory as C;
    use placement_planner::scenario::AgeBand;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let data = store.county_data().unwrap();
    let b = Baseline::from_data(&data, SAMPLE_AS_AT, 24);
    let mut h = harness(store);
    // Below the levers: scrolled to as a user would, opened, and its
    // table scrolled into view.
    let header = "Exit rates by age band: the data behind them";
    h.get_by_label(header).scroll_to_me();
    h.run();
    h.get_by_label(header).click();
    h.run();
    h.get_by_label(header).scroll_to_me();
    h.run();
    assert!(h.query_by_label("Child-months").is_some());
    // IFA fostering's 16-to-17 cell: its child-months and rate, as fitted.
    let cell = b.exit_cell(C::IfaFostering, AgeBand::From16To17).unwrap();
    assert!(cell.child_months > 0.0);
    assert!(h
        .query_all_by_label(&format!("{:.1}", cell.child_months))
        .next()
        .is_some());
    // The rate used, and how it was made: the council's rate for 16 to 17
    // and IFA's factor with its weight.
    for label in [
        format!("{:.2}%", 100.0 * cell.rate),
        format!("{:.2}%", 100.0 * cell.band_rate),
        format!("×{:.2} ({:.0}%)", cell.factor, 100.0 * cell.weight),
    ] {
        assert!(h.query_all_by_label(&label).next().is_some(), "{label}");
    }
    assert!((cell.rate - cell.band_rate * cell.factor).abs() < 1e-12);
    // The trend lever shows the fitted change beside it, and turning it on
    // changes the projection's entrants in both runs.
    let t = b.entry_trend.unwrap();
    h.get_by_label(&format!(
        "fitted {:+.1}% a year, {:.1} a month now",
        100.0 * t.yearly_change,
        t.start_level
    ));
    let toggled = |h: &H| {
        h.get_by_label("Entrants follow their trend")
            .accesskit_node()
            .toggled()
    };
    assert_eq!(toggled(&h), Some(egui::accesskit::Toggled::False));
    h.get_by_label("Entrants follow their trend").click();
    h.run();
    assert_eq!(toggled(&h), Some(egui::accesskit::Toggled::True));
}

/// The fostering breakdowns into residential care in the sample's 24
/// months before the as-at date, counted straight from the records: a
/// foster placement (in-house, IFA, kinship) ending before the child's 18th
/// birthday and followed, in the same period of care, by a residential one.
fn breakdowns_in_the_records(data: &CountyData) -> u32 {
    use placement_planner::model::PlacementCategory as C;
    use std::collections::BTreeMap;
    // The window starts on the sample's as-at date, 01/11/2026; 24 months
    // before it is 01/11/2024.
    assert_eq!(SAMPLE_AS_AT, jiff::civil::date(2026, 11, 1));
    let from = jiff::civil::date(2024, 11, 1);
    let mut by_child: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for p in &data.placements {
        by_child.entry(p.child_id.as_str()).or_default().push(p);
    }
    let mut n = 0;
    for c in &data.children {
        let Some(list) = by_child.get_mut(c.id.as_str()) else {
            continue;
        };
        list.sort_by_key(|p| p.start);
        let eighteen = c
            .date_of_birth
            .checked_add(jiff::Span::new().years(18))
            .unwrap();
        for w in list.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some(end) = a.end else { continue };
            let same_period = c
                .care_periods()
                .any(|(s, e)| s <= a.start && b.start >= end && e.is_none_or(|e| b.start < e));
            let fostering = matches!(
                a.category(),
                C::InHouseFostering | C::IfaFostering | C::Kinship
            );
            let residential = matches!(b.category(), C::OwnResidential | C::ExternalResidential);
            if end >= from
                && end < SAMPLE_AS_AT
                && end < eighteen
                && same_period
                && fostering
                && residential
            {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn the_moves_are_levers_with_the_history_beside_them() {
    use placement_planner::scenario::MoveKind;
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let data = store.county_data().unwrap();
    let n = breakdowns_in_the_records(&data);
    assert!(n > 0, "the sample has breakdowns");
    let mut h = harness(store);
    h.get_by_label(&format!(
        "{:.1} a year in the history ({n} in 24 months)",
        f64::from(n) / 2.0
    ));
    // Cutting breakdowns by 40% changes the headline saving to the
    // library's projection with that lever alone.
    set_lever(&mut h, "Fostering breakdowns into residential", -40.0);
    let mut levers = Levers::default();
    levers
        .move_changes
        .insert(MoveKind::FosteringBreakdown, -40.0);
    let p = projected(h.state().store().unwrap(), &levers);
    let saving = net_saving(&p);
    assert!(saving > 0, "fewer children in residential care costs less");
    // (On the Net saving card and in the years table's total.)
    assert!(h
        .query_all_by_label(&placement_planner::model::Pence(saving).to_pounds_string())
        .next()
        .is_some());
    // The data behind the move rates, scrolled to as a user would.
    h.get_by_label("Moves between placement types: the data behind them")
        .scroll_to_me();
    h.run();
    h.get_by_label("Moves between placement types: the data behind them")
        .click();
    h.run();
    h.get_by_label("Moves between placement types: the data behind them")
        .scroll_to_me();
    h.run();
    assert!(h.query_by_label("Where they went").is_some());
}
