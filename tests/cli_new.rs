//! `placement-planner new`: an empty database for a council's own data.
//! It holds no records, `settings` reads back the council given, an
//! existing file is never touched, and a bad council code leaves no file.

mod common;

use common::{planner, succeeds};
use placement_planner::store::{RecordCounts, Store};

#[test]
fn new_creates_an_empty_database_with_the_council() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("council.sqlite");
    let stdout = succeeds(
        planner()
            .args([
                "new",
                "--council-code",
                "e10000002",
                "--council-name",
                "  Buckinghamshire  ",
                "--db",
            ])
            .arg(&db),
    );
    let shown = db.display();
    assert!(
        stdout.starts_with(&format!(
            "Created an empty database at {shown} (council name: Buckinghamshire; code: \
             E10000002).\nNext steps:\n"
        )),
        "{stdout}"
    );
    // The council is set, so there is no `settings` step; the boundary
    // step carries the code given.
    assert!(!stdout.contains("placement-planner settings"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "placement-planner import boundary BOUNDARY.geojson --code E10000002 --db {shown}\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "placement-planner import ssda903 HEADER.csv EPISODES.csv --db {shown}"
        )),
        "{stdout}"
    );

    // `settings` reads back what was given, as the settings command saves it
    // (the code in capitals, the name trimmed).
    assert_eq!(
        succeeds(planner().args(["settings", "--db"]).arg(&db)),
        "Council name: Buckinghamshire\nCouncil code: E10000002\nBoundary: not set\n\
         Cost rates: 0\nBackups kept: 10\n"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.counts().unwrap(), RecordCounts::default());
}

#[test]
fn new_without_a_council_says_how_to_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("blank.sqlite");
    let stdout = succeeds(planner().args(["new", "--db"]).arg(&db));
    assert!(
        stdout.contains("(council name: not set; code: not set)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "placement-planner settings --db {} --council-code CODE --council-name NAME\n",
            db.display()
        )),
        "{stdout}"
    );
    let s = Store::open(&db).unwrap().settings().unwrap();
    assert_eq!((s.council_name.as_str(), s.council_code.as_str()), ("", ""));
}

#[test]
fn new_refuses_a_file_that_exists_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    let out = planner()
        .args([
            "new",
            "--council-code",
            "E10000002",
            "--council-name",
            "Buckinghamshire",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "error: {} already exists; `new` never writes over a file. Choose another name, \
             or open this one with --db\n",
            db.display()
        )
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "byte for byte as it was"
    );
    for suffix in ["-wal", "-shm"] {
        let mut side = db.clone().into_os_string();
        side.push(suffix);
        assert!(!std::path::Path::new(&side).exists(), "no {suffix} file");
    }
}

#[test]
fn a_bad_council_code_or_name_is_refused_and_no_file_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("council.sqlite");
    for (args, said) in [
        (
            ["--council-code", "E07000004", "--council-name", "Bucks"],
            "error: --council-code: E07000004 is a district council",
        ),
        (
            ["--council-code", "BUCKS", "--council-name", "Bucks"],
            "error: --council-code: 'BUCKS' is not an ONS area code",
        ),
        (
            ["--council-code", "E10000002", "--council-name", "   "],
            "error: --council-name: give the council's name (1 to 100 characters)",
        ),
    ] {
        let out = planner()
            .arg("new")
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(said), "{stderr}");
        assert!(!db.exists(), "no file is left behind after {args:?}");
    }
}

#[test]
fn new_needs_a_path() {
    let out = planner().arg("new").output().unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: say where to create it: placement-planner new --db PATH\n"
    );
}
