//! `placement-planner scenario save`, as a script would run it: the saved
//! scenario is read back through `Store::scenarios` and `scenario list`.

mod common;

use common::{planner, sample_db};
use jiff::civil::date;
use placement_planner::model::PlacementCategory as C;
use placement_planner::scenario::file::levers_from_toml;
use placement_planner::scenario::saved::baseline_fingerprint;
use placement_planner::scenario::{Baseline, SavedScenario};
use placement_planner::store::Store;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Writes a scenario file into `dir` and returns its path.
fn scenario_file(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// `scenario save --db DB --scenario FILE --start 2026-04-01` plus `extra`.
fn save(db: &Path, scenario: &Path, extra: &[&str]) -> Output {
    planner()
        .args(["scenario", "save", "--start", "2026-04-01", "--db"])
        .arg(db)
        .arg("--scenario")
        .arg(scenario)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The stderr of a command that must have failed.
fn failure_of(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn saved(db: &Path) -> Vec<SavedScenario> {
    Store::open(db).unwrap().scenarios().unwrap()
}

const SHIFT: &str = "horizon_years = 3\nshift_share = 0.3\n";
const PRICED: &str = "horizon_years = 2\n[unit_costs]\nifa_fostering = 91000\n";

#[test]
fn saves_a_scenario_that_lists_and_opens_with_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = scenario_file(dir.path(), "priced.toml", PRICED);
    let out = save(
        &db,
        &file,
        &[
            "--name",
            "  IFA at £910  ",
            "--notes",
            "Checking the CMA price",
            "--reference-months",
            "12",
        ],
    );
    let all = saved(&db);
    assert_eq!(all.len(), 1);
    let s = &all[0];
    // The name is saved trimmed, and printed as saved with its id.
    assert_eq!(
        stdout_of(&out),
        format!("Saved scenario 'IFA at £910' (id {})\n", s.id)
    );
    assert_eq!(s.name, "IFA at £910");
    assert_eq!(s.notes, "Checking the CMA price");
    assert_eq!(s.start, date(2026, 4, 1));
    assert_eq!(s.reference_months, 12);
    assert_eq!(s.levers, levers_from_toml(PRICED).unwrap());
    assert_eq!(s.levers.horizon_years, 2);
    assert_eq!(
        s.levers.unit_costs,
        [(C::IfaFostering, 91_000)].into_iter().collect()
    );
    // The fingerprint is that of the baseline on the start date over 12
    // months, so the window does not flag it as built on other records.
    let store = Store::open(&db).unwrap();
    let data = store.county_data().unwrap();
    let baseline = Baseline::from_data(&data, date(2026, 4, 1), 12);
    assert_eq!(s.baseline_fingerprint, baseline_fingerprint(&baseline));
    assert!(!s.baseline_changed(&baseline));
    // ... and not that of the default 24 months.
    let other = Baseline::from_data(&data, date(2026, 4, 1), 24);
    assert!(s.baseline_changed(&other));

    let list = planner()
        .args(["scenario", "list", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = stdout_of(&list);
    let line = text
        .lines()
        .find(|l| l.contains("IFA at £910"))
        .unwrap_or_else(|| panic!("not listed: {text}"));
    assert!(line.contains("01/04/2026"), "{text}");
    assert!(line.contains("2 years"), "{text}");
    assert!(line.contains("reference 12 months"), "{text}");
}

#[test]
fn a_name_already_saved_is_refused_without_replace() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let shift = scenario_file(dir.path(), "shift.toml", SHIFT);
    let priced = scenario_file(dir.path(), "priced.toml", PRICED);
    stdout_of(&save(&db, &shift, &["--name", "Plan A"]));
    let before = saved(&db);
    assert_eq!(before.len(), 1);
    // Another file under the same name in other capitals.
    let err = failure_of(&save(&db, &priced, &["--name", "plan a"]));
    assert!(
        err.contains(&format!(
            "there is already a scenario called 'Plan A' (id {})",
            before[0].id
        )),
        "{err}"
    );
    assert!(err.contains("--replace"), "{err}");
    // Nothing changed, not even when it was saved.
    assert_eq!(saved(&db), before);
    // A different name is saved beside it.
    stdout_of(&save(&db, &priced, &["--name", "Plan B"]));
    let names: Vec<String> = saved(&db).into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["Plan A", "Plan B"]);
}

#[test]
fn replace_updates_the_scenario_of_that_name_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let shift = scenario_file(dir.path(), "shift.toml", SHIFT);
    let priced = scenario_file(dir.path(), "priced.toml", PRICED);
    stdout_of(&save(
        &db,
        &shift,
        &["--name", "Plan A", "--notes", "first"],
    ));
    stdout_of(&save(&db, &shift, &["--name", "Other"]));
    let before = saved(&db);
    let plan_a = before.iter().find(|s| s.name == "Plan A").unwrap().clone();
    let other = before.iter().find(|s| s.name == "Other").unwrap().clone();
    assert_eq!(plan_a.levers.shift_share, 0.3);

    let out = save(
        &db,
        &priced,
        &[
            "--name",
            "PLAN A",
            "--notes",
            "second",
            "--reference-months",
            "6",
            "--replace",
        ],
    );
    assert_eq!(
        stdout_of(&out),
        format!("Saved scenario 'PLAN A' (id {})\n", plan_a.id)
    );
    let after = saved(&db);
    assert_eq!(after.len(), 2);
    let replaced = after.iter().find(|s| s.id == plan_a.id).unwrap();
    assert_eq!(replaced.name, "PLAN A");
    assert_eq!(replaced.notes, "second");
    assert_eq!(replaced.reference_months, 6);
    assert_eq!(replaced.levers, levers_from_toml(PRICED).unwrap());
    assert_eq!(replaced.levers.shift_share, 0.0);
    assert_eq!(
        replaced.levers.unit_costs,
        [(C::IfaFostering, 91_000)].into_iter().collect()
    );
    assert_ne!(replaced.baseline_fingerprint, plan_a.baseline_fingerprint);
    // The other scenario is untouched.
    assert_eq!(after.iter().find(|s| s.id == other.id), Some(&other));

    // --replace with a new name simply saves it.
    let out = save(&db, &shift, &["--name", "Plan C", "--replace"]);
    assert!(stdout_of(&out).starts_with("Saved scenario 'Plan C' (id "));
    assert_eq!(saved(&db).len(), 3);
}

#[test]
fn a_bad_file_or_draft_is_refused_naming_the_key_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());

    // An unknown category in [unit_costs], on line 3.
    let file = scenario_file(
        dir.path(),
        "unknown.toml",
        "horizon_years = 2\n[unit_costs]\nifa = 91000\n",
    );
    let err = failure_of(&save(&db, &file, &["--name", "Plan"]));
    assert!(err.contains("unknown.toml"), "{err}");
    assert!(err.contains("line 3: unit_costs.ifa"), "{err}");

    // A wrong type, on line 2.
    let file = scenario_file(
        dir.path(),
        "wrong.toml",
        "horizon_years = 2\nshift_share = \"lots\"\n",
    );
    let err = failure_of(&save(&db, &file, &["--name", "Plan"]));
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("shift_share"), "{err}");

    // Out of range, on line 2.
    let file = scenario_file(dir.path(), "range.toml", "[unit_costs]\nsecure = -5\n");
    let err = failure_of(&save(&db, &file, &["--name", "Plan"]));
    assert!(
        err.contains("line 2: unit_costs.secure must be between 0 and 1000000000"),
        "{err}"
    );

    // A good file, but a blank name or a reference period past 120 months.
    let good = scenario_file(dir.path(), "good.toml", SHIFT);
    let err = failure_of(&save(&db, &good, &["--name", "   "]));
    assert!(err.contains("name: enter a name for the scenario"), "{err}");
    let err = failure_of(&save(
        &db,
        &good,
        &["--name", "Plan", "--reference-months", "121"],
    ));
    // Refused by the command line before the library sees it.
    assert!(err.contains("121 is not in 1..=120"), "{err}");
    let err = failure_of(&save(
        &db,
        &good,
        &["--name", "Plan", "--reference-months", "0"],
    ));
    assert!(err.contains("--reference-months"), "{err}");

    assert!(saved(&db).is_empty());
}

#[test]
fn a_missing_database_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nowhere.sqlite");
    let file = scenario_file(dir.path(), "shift.toml", SHIFT);
    let err = failure_of(&save(&db, &file, &["--name", "Plan"]));
    assert!(err.contains("no such database"), "{err}");
    assert!(!db.exists());
}
