//! The command line, as a script would run it.

mod common;

use common::{fails, planner, sample_db, succeeds};
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::store::Store;

#[test]
fn sample_writes_a_database_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite");
    let out = planner()
        .args(["sample", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let county = generate(DEFAULT_SEED);
    let store = Store::open(&db).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.children as usize, county.children.len());
    assert_eq!(counts.carers as usize, county.carers.len());
    assert_eq!(counts.homes as usize, county.homes.len());
    assert_eq!(counts.placements as usize, county.placements.len());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{} children", county.children.len())),
        "{stdout}"
    );
    drop(store);

    // A second run without --force changes nothing and says why.
    let before = std::fs::metadata(&db).unwrap().len();
    let out = planner()
        .args(["sample", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a file already exists there; add --force to replace it"),
        "{stderr}"
    );
    assert_eq!(std::fs::metadata(&db).unwrap().len(), before);

    // With --force and another seed it is replaced.
    let out = planner()
        .args(["sample", "--seed", "7", "--force", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let other = generate(7);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.counts().unwrap().children as usize,
        other.children.len()
    );
    assert_eq!(
        store.children().unwrap(),
        sorted_children_with_locations(&store, &other)
    );
}

/// The generator's children as the store reads them back (with locations
/// joined from the postcode directory).
fn sorted_children_with_locations(
    store: &Store,
    county: &placement_planner::sample::SampleCounty,
) -> Vec<placement_planner::model::Child> {
    let mut kids = county.children.clone();
    for c in &mut kids {
        c.home_location = c
            .home_postcode
            .as_ref()
            .and_then(|p| store.postcode(p).unwrap())
            .and_then(|e| e.grid);
    }
    kids.sort_by(|a, b| a.id.cmp(&b.id));
    kids
}

#[test]
fn sample_without_a_path_says_what_to_do() {
    let out = planner().arg("sample").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("placement-planner sample --db PATH"));
}

#[test]
fn where_names_the_default_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = planner()
        .arg("where")
        .env("PLACEMENT_PLANNER_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        dir.path()
            .join("placement-planner.sqlite")
            .display()
            .to_string()
    );
}

#[test]
fn report_sufficiency_json_has_dfe_fields_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out = planner()
        .args([
            "report",
            "sufficiency",
            "--as-at",
            "2026-11-01",
            "--format",
            "json",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_at"], "2026-11-01");
    let n = v["children_looked_after"].as_u64().unwrap();
    let keys = [
        "inside_within_20",
        "inside_over_20",
        "inside_unknown",
        "outside_within_20",
        "outside_over_20",
        "outside_unknown",
        "area_unknown",
    ];
    let sum: u64 = keys.iter().map(|k| v[*k].as_u64().unwrap()).sum();
    assert_eq!(sum, n, "the seven boxes hold every child");
    // Percentages are of all children, unknowns included, to 1 dp.
    let within = v["inside_within_20"].as_u64().unwrap() + v["outside_within_20"].as_u64().unwrap();
    let expect = (1000.0 * within as f64 / n as f64).round() / 10.0;
    assert_eq!(v["within_20_miles_pct"].as_f64().unwrap(), expect);
    let children_by_cat: u64 = v["by_category"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["children"].as_u64().unwrap())
        .sum();
    // Children with no placement on the date have no category.
    let unplaced = v["data_quality"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["reason"]
                .as_str()
                .unwrap()
                .contains("no placement recorded")
        })
        .count() as u64;
    assert_eq!(children_by_cat + unplaced, n);
    assert!(
        v["by_category"]["ifa_fostering"]["weekly_cost_pence"]
            .as_i64()
            .unwrap()
            > 0
    );
}

#[test]
fn export_placements_is_pseudonymised_one_row_per_child() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let csv_path = dir.path().join("placements.csv");
    let out = planner()
        .args(["export", "placements", "--as-at", "2026-11-01", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "child");
    assert!(headers.iter().any(|h| h == "distance_miles"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let store = Store::open(&db).unwrap();
    let children = store.children().unwrap();
    let in_care = children
        .iter()
        .filter(|c| {
            c.entered_care <= jiff::civil::date(2026, 11, 1)
                && c.left_care
                    .is_none_or(|l| l > jiff::civil::date(2026, 11, 1))
        })
        .count();
    assert_eq!(rows.len(), in_care);
    // No names and no references.
    for c in &children {
        assert!(!text.contains(&c.name), "name {} leaked", c.name);
    }
    assert!(rows
        .iter()
        .all(|r| r[0].starts_with('P') && r[0].len() == 11));
    assert!(!text.contains("C0001,"));
}

#[test]
fn panel_candidates_json_lists_ranked_and_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out = planner()
        .args([
            "panel",
            "candidates",
            "--child",
            "C1373",
            "--as-at",
            "2026-11-01",
            "--radius",
            "20",
            "--format",
            "json",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let suitable = v["suitable"].as_array().unwrap();
    assert!(!suitable.is_empty());
    for c in suitable {
        for k in [
            "id",
            "kind",
            "sector",
            "distance_miles",
            "within_20_miles",
            "in_area",
            "weekly_cost_pence",
        ] {
            assert!(c.get(k).is_some(), "{k} missing in {c}");
        }
        // Within the 20-mile search, every located option is within 20 miles.
        if let Some(m) = c["distance_miles"].as_f64() {
            assert!(m <= 20.0, "{c}");
        }
    }
    // Council default: every in-house option before any other sector.
    let sectors: Vec<&str> = suitable
        .iter()
        .map(|c| c["sector"].as_str().unwrap())
        .collect();
    let first_other = sectors
        .iter()
        .position(|s| *s != "in_house")
        .unwrap_or(sectors.len());
    assert!(
        sectors[first_other..].iter().all(|s| *s != "in_house"),
        "{sectors:?}"
    );
    let excluded = v["excluded"].as_array().unwrap();
    assert!(excluded
        .iter()
        .all(|x| !x["reason"].as_str().unwrap().is_empty()));

    // An unknown child is a sentence, not a panic.
    let out = planner()
        .args(["panel", "candidates", "--child", "NOBODY", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no child with the reference 'NOBODY'"));
}

/// A council analyst's first `sample --db` often names a folder that does
/// not exist yet (a new project folder): it is made, not refused with the
/// name of a temporary file.
#[test]
fn sample_makes_the_folder_it_is_told_to_write_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir
        .path()
        .join("new project")
        .join("2026")
        .join("county.sqlite");
    succeeds(planner().args(["sample", "--db"]).arg(&db));
    let counts = Store::open(&db).unwrap().counts().unwrap();
    assert_eq!(
        counts.children as usize,
        generate(DEFAULT_SEED).children.len()
    );
}

/// A report with no `--db` before the default database exists says how to
/// make one, and makes nothing (reports never write).
#[test]
fn a_report_before_the_first_run_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = planner()
        .env("PLACEMENT_PLANNER_DATA_DIR", &data)
        .args(["report", "sufficiency"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no database here yet"), "{err}");
    assert!(err.contains("Open the app once"), "{err}");
    assert!(err.contains("placement-planner sample --db PATH"), "{err}");
    assert!(!data.exists());
}

/// A bad meeting date names the flag it came from (it said `--as-at`).
#[test]
fn a_bad_minutes_date_names_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let stderr = fails(
        planner()
            .args(["panel", "minutes", "--date", "31/02/2026", "--out"])
            .arg(dir.path().join("m.csv"))
            .arg("--db")
            .arg(&db),
    );
    assert!(
        stderr.contains("--date: '31/02/2026' is not a real calendar date"),
        "{stderr}"
    );
}
