//! `placement-planner scenario run`, as a script would run it.

mod common;

use common::{planner, sample_db};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenario-example.toml")
}

fn run(db: &Path, scenario: &Path, extra: &[&str]) -> std::process::Output {
    planner()
        .args(["scenario", "run", "--start", "2026-04-01", "--db"])
        .arg(db)
        .arg("--scenario")
        .arg(scenario)
        .args(extra)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn example_file_validates_and_json_has_the_fields() {
    let text = std::fs::read_to_string(example()).unwrap();
    let levers = placement_planner::scenario::file::levers_from_toml(&text).unwrap();
    assert_eq!(levers.horizon_years, 5);

    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let v = json_of(&run(&db, &example(), &["--format", "json"]));
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 60);
    assert_eq!(periods[0]["month"], "2026-04");
    assert_eq!(periods[59]["month"], "2031-03");
    for p in periods {
        let children = p["children"].as_object().unwrap();
        let cost = p["cost_pence"].as_object().unwrap();
        assert!(children.contains_key("ifa_fostering"), "{p}");
        assert!(cost.contains_key("external_residential"), "{p}");
        for n in children.values() {
            let n = n.as_f64().unwrap();
            assert_eq!((n * 10.0).round() / 10.0, n, "children to 1 dp");
        }
        // The total is the categories plus specialist fostering.
        let sum: i64 = cost.values().map(|c| c.as_i64().unwrap()).sum::<i64>()
            + p["specialist_cost_pence"].as_i64().unwrap();
        assert_eq!(p["total_cost_pence"].as_i64().unwrap(), sum);
        assert!(p["baseline_total_cost_pence"].as_i64().unwrap() > 0);
    }
    let s = &v["summary"];
    let total = s["total_cost_pence"].as_i64().unwrap();
    let baseline = s["baseline_total_cost_pence"].as_i64().unwrap();
    let investment = s["investment_pence"].as_i64().unwrap();
    assert!(investment > 0);
    assert_eq!(
        s["net_saving_pence"].as_i64().unwrap(),
        baseline - total - investment
    );
    assert_eq!(
        total,
        periods
            .iter()
            .map(|p| p["total_cost_pence"].as_i64().unwrap())
            .sum::<i64>()
    );
    let payback = &s["payback_month"];
    assert!(
        payback.is_null() || payback.as_str().is_some_and(|m| m.len() == 7),
        "{payback}"
    );

    // Text: one line per financial year, then the summary.
    let out = run(&db, &example(), &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for fy in ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"] {
        assert_eq!(
            text.lines().filter(|l| l.starts_with(fy)).count(),
            1,
            "{text}"
        );
    }
    assert!(text.contains("Total: "), "{text}");
    assert!(text.contains("Payback: "), "{text}");

    // CSV: a header and one row per month.
    let out = run(&db, &example(), &["--format", "csv"]);
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 61);
    assert!(lines[0].starts_with("month,"));
    assert!(lines[1].starts_with("2026-04,"));
}

#[test]
fn all_zero_levers_save_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = dir.path().join("nothing.toml");
    std::fs::write(&file, "horizon_years = 2\n").unwrap();
    let v = json_of(&run(&db, &file, &["--format", "json"]));
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 24);
    for p in periods {
        assert_eq!(p["total_cost_pence"], p["baseline_total_cost_pence"], "{p}");
        assert_eq!(p["net_saving_pence"], 0);
    }
    let s = &v["summary"];
    assert_eq!(s["net_saving_pence"], 0);
    assert_eq!(s["investment_pence"], 0);
    assert_eq!(s["total_cost_pence"], s["baseline_total_cost_pence"]);
    assert!(s["payback_month"].is_null());
}

#[test]
fn unknown_key_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = dir.path().join("typo.toml");
    std::fs::write(&file, "horizon_years = 3\nrecruit_households = 10\n").unwrap();
    let out = run(&db, &file, &[]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`recruit_households`"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
}

#[test]
fn wrong_type_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = dir.path().join("wrong.toml");
    std::fs::write(&file, "shift_share = \"a third\"\n").unwrap();
    let out = run(&db, &file, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shift_share"), "{stderr}");
    assert!(stderr.contains("line 1"), "{stderr}");
}

#[test]
fn horizon_out_of_range_names_field_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = dir.path().join("long.toml");
    std::fs::write(&file, "horizon_years = 11\n").unwrap();
    let out = run(&db, &file, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("horizon_years"), "{stderr}");
    assert!(stderr.contains("between 1 and 10"), "{stderr}");
}

#[test]
fn monte_carlo_options_are_not_supported_yet() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    for extra in [["--runs", "100"], ["--seed", "7"]] {
        let out = run(&db, &example(), &extra);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not supported yet"), "{stderr}");
    }
}
