//! The postcode directory import (ONSPD / NSPL CSV), with the fixtures in
//! tests/fixtures/postcodes/. Values are the fixtures' own, read by eye.

use placement_planner::import::postcodes::{
    apply_postcodes, preview_postcodes, preview_postcodes_against,
};
use placement_planner::import::{ImportError, ImportSummary, Progress, RejectedRows};
use placement_planner::model::{GridRef, Postcode, PostcodeEntry};
use placement_planner::store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/postcodes")
        .join(name)
}

fn pc(text: &str) -> Postcode {
    Postcode::parse(text).unwrap()
}

fn apply(
    store: &mut Store,
    name: &str,
    rejected: RejectedRows,
) -> Result<ImportSummary, ImportError> {
    apply_postcodes(store, &fixture(name), rejected, &Progress::new())
}

/// A store holding the good ONSPD fixture.
fn loaded() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    apply(&mut store, "onspd_good.csv", RejectedRows::Refuse).unwrap();
    store
}

#[test]
fn imports_an_onspd_file_with_grid_refs_and_area_codes() {
    let progress = Progress::new();
    let preview = preview_postcodes(&fixture("onspd_good.csv"), &progress).unwrap();
    // 5 rows, all good; HP19 9ZZ (terminated, no grid reference) is a note.
    assert_eq!(preview.to_add, 5);
    assert!(preview.rejected.is_empty());
    assert_eq!(preview.data_quality.len(), 1);
    assert_eq!(preview.data_quality[0].line, Some(6));
    assert!(preview.data_quality[0]
        .reason
        .contains("HP19 9ZZ has no grid reference"));
    assert_eq!(progress.fraction(), Some(1.0));

    let mut store = Store::open_in_memory().unwrap();
    let s = apply(&mut store, "onspd_good.csv", RejectedRows::Refuse).unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (5, 0, 0));
    assert_eq!(s.kind, "postcode directory");
    assert_eq!(store.counts().unwrap().postcodes, 5);

    // OX9 3AB: oseast1m 472500, osnrth1m 205800, oslaua E07000179 (South
    // Oxfordshire), oscty E10000025 (Oxfordshire): the county is its upper tier.
    let ox = store.postcode(&pc("OX9 3AB")).unwrap().unwrap();
    assert_eq!(ox.grid, Some(GridRef::new(472_500, 205_800)));
    assert_eq!(ox.la_code.as_deref(), Some("E07000179"));
    assert_eq!(ox.county_code.as_deref(), Some("E10000025"));
    assert_eq!(ox.upper_tier_code(), Some("E10000025"));
    assert_eq!(ox.latitude, Some(51.75089));
    assert_eq!(ox.longitude, Some(-0.9492));

    // HP19 8FF: unitary Buckinghamshire; oscty E99999999 is the dummy "no county".
    let hp = store.postcode(&pc("HP19 8FF")).unwrap().unwrap();
    assert_eq!(
        hp,
        PostcodeEntry {
            postcode: pc("HP19 8FF"),
            grid: Some(GridRef::new(481_500, 214_000)),
            latitude: Some(51.823361),
            longitude: Some(-0.817502),
            la_code: Some("E06000060".into()),
            county_code: None,
        }
    );
    assert_eq!(hp.upper_tier_code(), Some("E06000060"));

    // HP19 9ZZ: stored, but with no location and no area ("not known").
    let gone = store.postcode(&pc("HP19 9ZZ")).unwrap().unwrap();
    assert_eq!(gone.grid, None);
    assert_eq!((gone.latitude, gone.longitude), (None, None));
    assert_eq!(gone.la_code, None);
}

#[test]
fn accepts_nspl_laua_without_oscty() {
    let mut store = loaded();
    let s = apply(&mut store, "nspl_good.csv", RejectedRows::Refuse).unwrap();
    // HP19 8FF is identical to what is stored; SL7 1AA is new.
    assert_eq!((s.to_add, s.to_update, s.unchanged), (1, 0, 1));
    let sl = store.postcode(&pc("SL7 1AA")).unwrap().unwrap();
    assert_eq!(sl.grid, Some(GridRef::new(485_000, 187_000)));
    assert_eq!(sl.la_code.as_deref(), Some("E06000060"));
    assert_eq!(sl.county_code, None);
}

#[test]
fn re_import_is_idempotent_and_changes_are_updates() {
    let mut store = loaded();
    let before = store.postcodes().unwrap();
    let again =
        preview_postcodes_against(&store, &fixture("onspd_good.csv"), &Progress::new()).unwrap();
    assert_eq!((again.to_add, again.to_update, again.unchanged), (0, 0, 5));
    let s = apply(&mut store, "onspd_good.csv", RejectedRows::Refuse).unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (0, 0, 5));
    assert_eq!(store.postcodes().unwrap(), before);

    // HP20 1UA moved 100 m east (482300 -> 482400); HP19 8FF the same.
    let preview =
        preview_postcodes_against(&store, &fixture("onspd_changed.csv"), &Progress::new()).unwrap();
    assert_eq!(
        (preview.to_add, preview.to_update, preview.unchanged),
        (0, 1, 1)
    );
    let s = apply(&mut store, "onspd_changed.csv", RejectedRows::Refuse).unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (0, 1, 1));
    assert_eq!(
        store.postcode(&pc("HP20 1UA")).unwrap().unwrap().grid,
        Some(GridRef::new(482_400, 213_400))
    );
    assert_eq!(store.counts().unwrap().postcodes, 5);
}

/// Applies a bad fixture to a loaded store, checks nothing changed, and
/// returns the error.
fn refused(name: &str) -> ImportError {
    let mut store = loaded();
    let before = store.postcodes().unwrap();
    let err = apply(&mut store, name, RejectedRows::Refuse).unwrap_err();
    assert_eq!(
        store.postcodes().unwrap(),
        before,
        "{name} changed the store"
    );
    err
}

fn unreadable(err: ImportError) -> placement_planner::import::ImportIssue {
    match err {
        ImportError::Unreadable(issue) => *issue,
        other => panic!("expected an unreadable file, got {other:?}"),
    }
}

#[test]
fn missing_or_renamed_columns_refuse_the_file() {
    let issue = unreadable(refused("missing_column.csv"));
    assert_eq!(issue.file, "missing_column.csv");
    assert!(
        issue
            .reason
            .starts_with("no column 'osnrth1m' in the header (columns found: pcd, pcd2, pcds"),
        "{issue}"
    );

    let issue = unreadable(refused("renamed_column.csv"));
    assert!(
        issue.reason.starts_with("no column 'oslaua' or 'laua'"),
        "{issue}"
    );
    assert!(issue.reason.contains("la_code"), "{issue}");
    // The preview says the same.
    assert!(matches!(
        preview_postcodes(&fixture("renamed_column.csv"), &Progress::new()),
        Err(ImportError::Unreadable(_))
    ));
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let issue = unreadable(refused("empty.csv"));
    assert_eq!(issue.to_string(), "empty.csv: the file is empty");
    let issue = unreadable(refused("header_only.csv"));
    assert_eq!(
        issue.to_string(),
        "header_only.csv: the file has a header but no rows"
    );
}

#[test]
fn an_unknown_area_code_rejects_its_row() {
    let preview = preview_postcodes(&fixture("unknown_code.csv"), &Progress::new()).unwrap();
    assert_eq!(preview.to_add, 2);
    assert_eq!(preview.rejected.len(), 1);
    assert_eq!(
        preview.rejected[0].to_string(),
        "unknown_code.csv line 3, column oslaua, value 'BUCKS99': 'BUCKS99' is not an ONS area \
         code (a letter and eight digits, e.g. E06000060)"
    );
    match refused("unknown_code.csv") {
        ImportError::Rejected(issues) => assert_eq!(issues[0], preview.rejected[0]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_grid_reference_rejects_its_row() {
    match refused("bad_grid.csv") {
        ImportError::Rejected(issues) => {
            assert_eq!(issues[0].line, Some(3));
            assert_eq!(issues[0].column.as_deref(), Some("oseast1m"));
            assert_eq!(issues[0].value.as_deref(), Some("48230E"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn skip_imports_the_good_rows_only() {
    let mut store = Store::open_in_memory().unwrap();
    let s = apply(&mut store, "unknown_code.csv", RejectedRows::Skip).unwrap();
    assert_eq!((s.to_add, s.rejected.len()), (2, 1));
    assert!(store.postcode(&pc("HP19 8FF")).unwrap().is_some());
    assert!(store.postcode(&pc("HP20 1UA")).unwrap().is_some());
    assert!(store.postcode(&pc("OX9 3AB")).unwrap().is_none());
}

#[test]
fn a_10000_character_field_rejects_its_row() {
    match refused("long_field.csv") {
        ImportError::Rejected(issues) => {
            let i = &issues[0];
            assert_eq!((i.line, i.column.as_deref()), (Some(3), Some("parish")));
            assert_eq!(i.value.as_ref().unwrap().chars().count(), 61); // shortened
            assert_eq!(
                i.reason,
                "the value is 10000 characters long; at most 1000 are accepted"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn non_utf8_bytes_refuse_the_file() {
    let issue = unreadable(refused("non_utf8.csv"));
    assert_eq!(
        issue.to_string(),
        "non_utf8.csv line 3, column parish: the file is not UTF-8 text; save it again as \"CSV UTF-8\""
    );
}

#[test]
fn a_truncated_file_is_refused() {
    let issue = unreadable(refused("truncated.csv"));
    assert_eq!(
        issue.to_string(),
        "truncated.csv line 5: the row has 6 fields but the header has 22: the file looks \
         truncated or damaged"
    );
    // The rows before the cut were not written either: MK9 1AA was never
    // stored, and a fresh store stays empty.
    let mut store = Store::open_in_memory().unwrap();
    assert!(apply(&mut store, "truncated.csv", RejectedRows::Skip).is_err());
    assert_eq!(store.counts().unwrap().postcodes, 0);
}

/// A directory of `n` generated postcodes (AB1 0AA, AB1 0AB, …).
fn generated(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("big.csv");
    let mut text = String::from("pcds,oseast1m,osnrth1m,oslaua,oscty\n");
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    for i in 0..n {
        let (a, b, d) = (
            letters[i % 20] as char,
            letters[(i / 20) % 20] as char,
            (i / 400) % 10,
        );
        let district = i / 4000 + 1;
        text.push_str(&format!(
            "AB{district} {d}{a}{b},{},{},E06000060,E99999999\n",
            400_000 + i % 1000,
            200_000 + i / 1000
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn cancelling_leaves_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 10_000);
    let mut store = loaded();
    let before = store.postcodes().unwrap();
    // Cancelled before it starts: the first check comes after 4,096 rows
    // have been written inside the transaction, which is then rolled back.
    let progress = Progress::new();
    progress.cancel();
    let err = apply_postcodes(&mut store, &path, RejectedRows::Refuse, &progress).unwrap_err();
    assert!(matches!(err, ImportError::Cancelled));
    assert_eq!(store.postcodes().unwrap(), before);

    // Uncancelled, all 10,000 go in.
    let s = apply_postcodes(&mut store, &path, RejectedRows::Refuse, &Progress::new()).unwrap();
    assert_eq!(s.to_add, 10_000);
    assert_eq!(store.counts().unwrap().postcodes, 10_005);
}

#[test]
fn cancelling_from_another_thread_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 200_000);
    let mut store = Store::open(&dir.path().join("cancel.sqlite")).unwrap();
    let progress = Progress::new();
    let watcher = progress.clone();
    let stopper = std::thread::spawn(move || {
        // Cancel as soon as the import has read some of the file.
        while watcher.fraction().unwrap_or(0.0) == 0.0 {
            std::thread::yield_now();
        }
        watcher.cancel();
    });
    let result = apply_postcodes(&mut store, &path, RejectedRows::Refuse, &progress);
    stopper.join().unwrap();
    assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    assert_eq!(store.counts().unwrap().postcodes, 0);
}
