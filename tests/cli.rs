//! The command line, as a script would run it.

use assert_cmd::Command;
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::store::Store;

fn planner() -> Command {
    Command::cargo_bin("placement-planner").unwrap()
}

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
