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
    assert_eq!(levers.new_in_house_in_area_share, Some(0.9));
    assert_eq!(levers.new_in_house_within_20_share, Some(0.85));
    assert_eq!(
        (
            levers.staying_put_share,
            levers.staying_put_months,
            levers.staying_put_weekly_pence
        ),
        (0.5, 24, 25_000)
    );
    use placement_planner::scenario::MoveKind;
    assert_eq!(levers.move_changes[&MoveKind::FosteringBreakdown], -25.0);
    assert_eq!(levers.move_changes.len(), 1);

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
    // A quarter fewer breakdowns (a third of the sample's moves): fewer
    // moves over the five years than doing nothing.
    let moves = |key: &str| -> f64 { periods.iter().map(|p| p[key].as_f64().unwrap()).sum() };
    assert!(moves("baseline_moves") > 0.0);
    assert!(
        moves("moves") < moves("baseline_moves"),
        "{} {}",
        moves("moves"),
        moves("baseline_moves")
    );
    let s = &v["summary"];
    let total = s["total_cost_pence"].as_i64().unwrap();
    let baseline = s["baseline_total_cost_pence"].as_i64().unwrap();
    let investment = s["investment_pence"].as_i64().unwrap();
    assert!(investment > 0);
    // Staying Put is outside placement spend but in the net saving.
    let staying_put = s["staying_put_pence"].as_i64().unwrap();
    let baseline_staying_put = s["baseline_staying_put_pence"].as_i64().unwrap();
    assert!(staying_put > 0 && baseline_staying_put > 0);
    assert_eq!(
        s["net_saving_pence"].as_i64().unwrap(),
        baseline + baseline_staying_put - total - staying_put - investment
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

/// `--runs N --seed S` adds the bands; the existing keys stay as they were.
#[test]
fn monte_carlo_bands_are_added_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let mc = ["--runs", "200", "--seed", "7", "--format", "json"];
    let first = run(&db, &example(), &mc);
    let v = json_of(&first);
    assert_eq!(v["monte_carlo"]["runs"], 200);
    assert_eq!(v["monte_carlo"]["seed"], 7);
    let periods = v["periods"].as_array().unwrap();
    let bands = v["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 60);
    for (p, b) in periods.iter().zip(bands) {
        assert_eq!(p["month"], b["month"]);
        assert!(p["total_cost_pence"].is_i64());
        for key in [
            "children",
            "baseline_children",
            "total_cost_pence",
            "baseline_total_cost_pence",
            "cumulative_net_saving_pence",
        ] {
            let q = &b[key];
            let (p10, p50, p90) = (
                q["p10"].as_f64().unwrap(),
                q["p50"].as_f64().unwrap(),
                q["p90"].as_f64().unwrap(),
            );
            assert!(p10 <= p50 && p50 <= p90, "{key}: {q}");
        }
    }
    let years = v["band_years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    assert_eq!(years[0]["financial_year"], "2026-27");
    assert!(v["summary"]["payback_month"].is_null() || v["summary"]["payback_month"].is_string());
    // The same seed gives the same output, byte for byte.
    assert_eq!(run(&db, &example(), &mc).stdout, first.stdout);
    // The seed defaults to 1.
    let v = json_of(&run(&db, &example(), &["--runs", "50", "--format", "json"]));
    assert_eq!(v["monte_carlo"]["seed"], 1);

    let out = run(&db, &example(), &["--runs", "50", "--seed", "3"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Uncertainty: P10 / P50 / P90 of 50 Monte Carlo runs (seed 3)"),
        "{text}"
    );
    for fy in ["2026-27", "2027-28", "2028-29", "2029-30", "2030-31"] {
        let band_line = format!("  {fy}: children ");
        assert_eq!(
            text.lines().filter(|l| l.starts_with(&band_line)).count(),
            1,
            "{text}"
        );
    }

    let out = run(&db, &example(), &["--runs", "50", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 61);
    assert!(lines[0].ends_with(
        ",cumulative_net_saving_pence_p10,cumulative_net_saving_pence_p50,cumulative_net_saving_pence_p90"
    ));
    let header_cells = lines[0].split(',').count();
    assert!(lines[1..]
        .iter()
        .all(|l| l.split(',').count() == header_cells));
}

#[test]
fn monte_carlo_options_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    for extra in [
        &["--runs", "0"][..],
        &["--runs", "100001"][..],
        &["--seed", "7"][..],
    ] {
        let out = run(&db, &example(), extra);
        assert!(!out.status.success(), "{extra:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--runs"), "{stderr}");
    }
}

#[test]
fn recruiting_alone_brings_the_councils_average_places_and_says_what_cancels_it() {
    use placement_planner::scenario::{file::levers_from_toml, project, Baseline};
    use placement_planner::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let file = dir.path().join("recruit.toml");
    std::fs::write(&file, "recruit_households_per_year = 12\n").unwrap();
    let out = run(&db, &file, &["--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = json_of(&out);
    // Recruiting without placing anyone in-house changes only the cost,
    // and the run says so on stderr and in the JSON.
    assert!(
        stderr.contains("note: New in-house places take no children"),
        "{stderr}"
    );
    let notes = v["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n
        .as_str()
        .unwrap()
        .starts_with("New in-house places take no children")));
    // Places per household was left out: the council's own average, 167
    // places over 150 active in-house households on the sample's
    // dashboard, so after 12 months 12 households have brought
    // 12 × 167/150 = 13.36 places (not 0, as before).
    let store = Store::open(&db).unwrap();
    let data = store.county_data().unwrap();
    let b = Baseline::from_data(&data, jiff::civil::date(2026, 4, 1), 24);
    let levers = levers_from_toml("recruit_households_per_year = 12\n").unwrap();
    assert_eq!(levers.places_per_household, None);
    let p = project(&b, &levers);
    let gained = p.months[11].scenario.in_house_places - f64::from(b.in_house_places);
    let per_household = f64::from(b.in_house_places) / f64::from(b.in_house_households);
    assert!((gained - 12.0 * per_household).abs() < 1e-9, "{gained}");
    assert!(gained > 10.0);
}
