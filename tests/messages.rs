//! Messages that were right but unhelpful (issue 14, the second half):
//! Excel's `sep=,` first line and a trailing comma on every line are read
//! by every CSV import; a scenario file's wrong value is named in plain
//! English; a locked or damaged database names its file and says nothing
//! was done; an SSDA903 refusal that only follows from another row names
//! that row, and the summary names the cause. The fixtures under
//! `tests/fixtures/odd_csv` are small and hand-made: every count below is
//! counted from them by hand.

mod common;

use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use placement_planner::store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/odd_csv")
        .join(name)
}

/// A new empty database in `dir`, made with `new`.
fn new_db(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("c.sqlite");
    common::succeeds(common::planner().arg("new").arg("--db").arg(&db));
    db
}

/// The command's failure message (it must fail, and not by a panic).
fn fails(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "it succeeded");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn excel_sep_lines_and_trailing_commas_are_read_by_every_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    // Carers: `sep=,`, then the header and three rows, each line ending in
    // a comma, with Windows line ends. Lines are counted in the file: the
    // rows are lines 3, 4 and 5.
    let out = common::succeeds(
        common::planner()
            .args(["import", "carers", "--db"])
            .arg(&db)
            .arg(fixture("carers_excel.csv")),
    );
    assert!(
        out.starts_with(
            "Checked the carers template: 3 to add, 0 to update, 0 unchanged, 0 refused"
        ),
        "{out}"
    );
    for (line, postcode) in [(3, "HP20 1UA"), (4, "OX9 3AB"), (5, "HP22 5AA")] {
        assert!(
            out.contains(&format!(
                "note: carers_excel.csv line {line}, column postcode, value '{postcode}'"
            )),
            "{out}"
        );
    }
    assert!(out.contains("Imported: 3 added"), "{out}");
    // A bad row after a `sep=` line is named by its line in the file (4),
    // with trailing commas on the rows but not the header.
    let err = fails(
        common::planner()
            .args(["import", "carers", "--db"])
            .arg(&db)
            .arg(fixture("carers_bad_row.csv")),
    );
    assert!(
        err.contains(
            "1 row was rejected, so nothing was imported; the first: carers_bad_row.csv line 4, \
             column sector, value 'council'"
        ),
        "{err}"
    );
    // `sep=;` names the separator and what to do.
    let err = fails(
        common::planner()
            .args(["import", "carers", "--db"])
            .arg(&db)
            .arg(fixture("carers_sep_semicolon.csv")),
    );
    assert!(
        err.contains(
            "carers_sep_semicolon.csv line 1: the first line, 'sep=', is Excel's note that the \
             columns are separated by semicolons (;), not commas: save the file as \"CSV UTF-8 \
             (Comma delimited)\""
        ),
        "{err}"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.carers().unwrap().len(), 3);
    drop(store);

    // The postcode directory: two rows.
    let out = common::succeeds(
        common::planner()
            .args(["import", "postcodes", "--db"])
            .arg(&db)
            .arg(fixture("postcodes_excel.csv")),
    );
    assert!(out.contains("Imported: 2 added"), "{out}");

    // SSDA903: a header file with `sep=,` and trailing commas (Windows line
    // ends), an episodes file with them too: two children, two episodes.
    let episodes = dir.path().join("episodes_2025-26.csv");
    std::fs::copy(fixture("episodes_2025-26_excel.csv"), &episodes).unwrap();
    let out = common::succeeds(
        common::planner()
            .args(["import", "ssda903", "--db"])
            .arg(&db)
            .arg(fixture("header_excel.csv"))
            .arg(&episodes),
    );
    assert!(out.contains("Imported: 2 added"), "{out}");
    // The episode notes name the episodes' lines in the file: 3 and 4.
    assert!(
        out.contains("episodes_2025-26.csv line 3, column HOME_POST"),
        "{out}"
    );
    assert!(
        out.contains("episodes_2025-26.csv line 4, column HOME_POST"),
        "{out}"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.children().unwrap().len(), 2);
    assert_eq!(store.placements().unwrap().len(), 2);
}

#[test]
fn finance_costs_with_a_sep_line_and_trailing_commas_are_read() {
    use placement_planner::import::finance::preview_finance;
    use placement_planner::import::Progress;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("f.sqlite")).unwrap();
    let start = jiff::civil::date(2025, 4, 1);
    s.insert_child(&common::records::child_in_care("F1", start))
        .unwrap();
    s.insert_placement(&common::records::placement_elsewhere(
        "F1",
        start,
        placement_planner::model::PlaceCode::U4,
        Some(placement_planner::model::ProviderCode::PR4),
    ))
    .unwrap();
    let plan = preview_finance(&fixture("costs_excel.csv"), &s, &Progress::new()).unwrap();
    // F1's placement gets its cost; F9 (line 4 of the file) is no child.
    assert_eq!(plan.summary.to_update, 1);
    let refused: Vec<(Option<u64>, &str)> = plan
        .summary
        .rejected
        .iter()
        .map(|i| (i.line, i.file.as_str()))
        .collect();
    assert_eq!(refused, [(Some(4), "costs_excel.csv")]);
}

#[test]
fn scenario_file_values_of_the_wrong_kind_are_named_in_plain_english() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let levers = dir.path().join("f.toml");
    for (text, said) in [
        (
            "# ten years\n\nhorizon_years = \"ten\"\n",
            "f.toml: line 3, column 17: horizon_years must be a whole number, 0 or more (found \
             the text \"ten\")",
        ),
        (
            "horizon_years = -1\n",
            "f.toml: line 1, column 17: horizon_years must be a whole number, 0 or more (found -1)",
        ),
        (
            "horizon_years = 5\nshift_share = true\n",
            "f.toml: line 2, column 15: shift_share must be a number (found true)",
        ),
        (
            "entry_trend = 1\n",
            "f.toml: line 1, column 15: entry_trend must be true or false (found 1)",
        ),
        (
            "[unit_costs]\nifa_fostering = 950.5\n",
            "f.toml: line 2, column 17: unit_costs.ifa_fostering must be a whole number of pence \
             (found 950.5)",
        ),
    ] {
        std::fs::write(&levers, text).unwrap();
        let err = fails(
            common::planner()
                .args(["scenario", "run", "--db"])
                .arg(&db)
                .arg("--scenario")
                .arg(&levers),
        );
        assert!(err.contains(said), "{text}: {err}");
        assert!(!err.contains("expected"), "{err}");
    }
}

#[test]
fn a_locked_database_is_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = fails(
        common::planner()
            .args(["import", "carers", "--db"])
            .arg(&db)
            .arg(fixture("carers_excel.csv")),
    );
    assert!(
        err.contains(
            "c.sqlite: the database is in use by another program (locked); nothing was \
             imported — close the other window or command and try again"
        ),
        "{err}"
    );
    assert!(!err.contains("database error"), "{err}");
    // A write other than an import says nothing was changed.
    let err = fails(
        common::planner()
            .args(["rates", "set", "ifa_fostering", "2025", "900", "--db"])
            .arg(&db),
    );
    assert!(
        err.contains(
            "c.sqlite: the database is in use by another program (locked); nothing was changed"
        ),
        "{err}"
    );
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    assert!(Store::open(&db).unwrap().carers().unwrap().is_empty());
}

/// The database's page size, from its header (bytes 16 and 17).
fn page_size(bytes: &[u8]) -> usize {
    usize::from(u16::from_be_bytes([bytes[16], bytes[17]]))
}

#[test]
fn a_damaged_database_is_called_damaged_not_foreign() {
    let dir = tempfile::tempdir().unwrap();
    let schema = placement_planner::store::migrations::latest_version();
    let damaged_at_open = format!(
        "looks like a placement-planner database (schema {schema}) but is damaged: SQLite says \
         \"database disk image is malformed\"; nothing was changed — restore a backup with \
         `placement-planner restore`"
    );
    // Garbage from page 3 on: the schema itself cannot be read.
    let db = common::sample_db(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let from = 2 * page_size(&bytes);
    for (i, b) in bytes.iter_mut().enumerate().skip(from) {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    for args in [vec!["settings"], vec!["report", "sufficiency"]] {
        let err = fails(common::planner().args(&args).arg("--db").arg(&db));
        assert!(err.contains(&damaged_at_open), "{args:?}: {err}");
        assert!(!err.contains("not a placement-planner database"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file changed");

    // Cut short to a third: damaged too.
    std::fs::remove_file(&db).unwrap();
    let db = common::sample_db(dir.path());
    let whole = std::fs::read(&db).unwrap();
    std::fs::write(&db, &whole[..whole.len() / 3]).unwrap();
    let err = fails(common::planner().args(["settings", "--db"]).arg(&db));
    assert!(err.contains(&damaged_at_open), "{err}");

    // Garbage in the last third only: it opens, and the report that reads
    // the damaged pages names the file and says it is damaged.
    std::fs::write(&db, &whole).unwrap();
    let mut bytes = whole.clone();
    let from = bytes.len() * 2 / 3;
    for (i, b) in bytes.iter_mut().enumerate().skip(from) {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = fails(
        common::planner()
            .args(["report", "sufficiency", "--db"])
            .arg(&db),
    );
    assert!(
        err.contains(
            "county.sqlite: the database file is damaged (SQLite says the disk image is \
             malformed); nothing was changed — restore a backup with `placement-planner restore`"
        ),
        "{err}"
    );

    // Not SQLite at all, and another program's SQLite file: as before.
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "these are my notes, not a database\n".repeat(200)).unwrap();
    let err = fails(common::planner().args(["settings", "--db"]).arg(&text));
    assert!(
        err.contains("notes.db: not a placement-planner database (file is not a database)"),
        "{err}"
    );
    assert!(!err.contains("damaged"), "{err}");
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
        .unwrap();
    let err = fails(common::planner().args(["settings", "--db"]).arg(&other));
    assert!(
        err.contains("not a placement-planner database: it is another program's SQLite file"),
        "{err}"
    );
    assert!(!err.contains("damaged"), "{err}");
}

#[test]
fn a_knock_on_refusal_names_its_cause_and_the_summary_names_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(&dir);
    let h = write_csv(
        dir.path(),
        "header.csv",
        SSDA903_HEADER,
        &["P1,1,01/05/2012,WBRI,,,", "P2,2,01/05/2010,WBRI,,,"],
    );
    // P2's second episode (line 4) has a date that does not exist: the
    // cause. P2's header (header.csv line 3) and first episode (line 3)
    // are refused only because of it.
    let e = write_csv(
        dir.path(),
        "episodes_2025-26.csv",
        SSDA903_EPISODES,
        &[
            "P1,10/04/2025,S,C2,N1,U4,PR4,,,,,,",
            "P2,01/05/2025,S,C2,N1,U6,PR1,01/06/2025,E11,,,,",
            "P2,31/02/2025,P,C2,N1,U6,PR1,,,,,,",
        ],
    );
    let out = common::planner()
        .args(["import", "ssda903", "--db"])
        .arg(&db)
        .arg(&h)
        .arg(&e)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("1 to add, 0 to update, 0 unchanged, 3 refused"),
        "{stdout}"
    );
    for line in [
        "refused: header.csv line 3, column CHILD, value 'P2': left out with the rest of child \
         P2's records (because episodes_2025-26.csv line 4 was refused)",
        "refused: episodes_2025-26.csv line 3, column CHILD, value 'P2': left out with the rest \
         of child P2's records (because episodes_2025-26.csv line 4 was refused)",
        "refused: episodes_2025-26.csv line 4, column DECOM, value '31/02/2025': '31/02/2025' is \
         not a real calendar date",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    assert!(
        stderr.contains(
            "3 rows were rejected (2 of them only because another row was), so nothing was \
             imported; the first cause: episodes_2025-26.csv line 4, column DECOM, value \
             '31/02/2025'"
        ),
        "{stderr}"
    );
    let store = Store::open(&db).unwrap();
    assert!(store.children().unwrap().is_empty());
}
