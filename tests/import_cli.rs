//! `placement-planner import`: the same checks and one transaction as the
//! window, from the command line.

mod common;

use common::planner;
use placement_planner::model::Postcode;
use placement_planner::store::Store;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

fn empty_db(dir: &Path) -> PathBuf {
    let db = dir.join("empty.sqlite");
    Store::create_new(&db).unwrap();
    db
}

#[test]
fn postcodes_are_checked_then_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    // A dry run reports and writes nothing.
    let out = planner()
        .args(["import", "postcodes"])
        .arg(fixture("postcodes/onspd_good.csv"))
        .arg("--dry-run")
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Five rows: four with grid references, one terminated without (a
    // data-quality note, still a row of the directory).
    assert!(text.contains("Checked the postcode directory: 5 to add, 0 to update, 0 unchanged, 0 refused, 0 warnings, 1 note."), "{text}");
    assert!(text.contains("Dry run: nothing was written."));
    assert_eq!(Store::open(&db).unwrap().postcodes().unwrap().len(), 0);

    let out = planner()
        .args(["import", "postcodes"])
        .arg(fixture("postcodes/onspd_good.csv"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Imported: 5 added, 0 updated, 0 unchanged, 0 left out."),
        "{text}"
    );
    let store = Store::open(&db).unwrap();
    let ox = store
        .postcode(&Postcode::parse("OX9 3AB").unwrap())
        .unwrap()
        .unwrap();
    let grid = ox.grid.unwrap();
    assert_eq!((grid.easting, grid.northing), (472_500, 205_800));
}

#[test]
fn a_rejected_row_changes_nothing_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let run = |extra: &[&str]| {
        planner()
            .args(["import", "postcodes"])
            .arg(fixture("postcodes/unknown_code.csv"))
            .args(extra)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // The row with the LA code BUCKS99 is line 3 of the file.
    assert!(err.contains("unknown_code.csv line 3"), "{err}");
    assert!(err.contains("BUCKS99"), "{err}");
    assert_eq!(Store::open(&db).unwrap().postcodes().unwrap().len(), 0);

    let out = run(&["--skip-rejected"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Imported: 2 added, 0 updated, 0 unchanged, 1 left out."),
        "{text}"
    );
    assert_eq!(Store::open(&db).unwrap().postcodes().unwrap().len(), 2);
}

#[test]
fn an_ssda903_return_needs_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let out = planner()
        .args(["import", "ssda903"])
        .arg(fixture("ssda903/good/header.csv"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes 2 files"));

    let out = planner()
        .args(["import", "ssda903"])
        .arg(fixture("ssda903/good/header.csv"))
        .arg(fixture("ssda903/good/episodes.csv"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The hand-made return holds 5 children with episodes (see
    // tests/import_ssda903.rs for each).
    assert_eq!(Store::open(&db).unwrap().children().unwrap().len(), 5);
}
