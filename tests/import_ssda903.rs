//! Importing an SSDA903 return (header + episodes): the hand-made fixture in
//! tests/fixtures/ssda903/good, a newer return, and every bad input.
//!
//! The test postcode directory (grid references made up, round numbers):
//!
//! | postcode | easting | northing | area |
//! |---|---|---|---|
//! | HP19 8FF | 480000 | 214000 | Buckinghamshire (E10000002 county) |
//! | HP20 1AA | 483000 | 218000 | Buckinghamshire |
//! | MK9 1AB  | 486000 | 238000 | Milton Keynes (E06000042 unitary) |
//! | B1 1AA   | 406000 | 286000 | Birmingham (E08000025) |
//!
//! SL1 1AA is not in it; NOTAPOSTCODE is not a postcode.

use jiff::civil::{date, Date};
use placement_planner::geography::AreaStatus;
use placement_planner::import::ssda903::{apply_ssda903, preview_ssda903, Ssda903Plan};
use placement_planner::import::{DfeRule, ImportError, ImportIssue, Progress, RejectedRows};
use placement_planner::model::child::ChildStatus;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Child, CostRate, GridRef, Pence, PlaceCode, Placement, PlacementCategory, Postcode,
    PostcodeEntry, ProviderCode, Settings,
};
use placement_planner::store::{RecordCounts, Store};
use placement_planner::sufficiency::child_facts;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ssda903")
        .join(rel)
}

fn good() -> (PathBuf, PathBuf) {
    (fixture("good/header.csv"), fixture("good/episodes.csv"))
}

fn entry(pc: &str, e: i32, n: i32, la: &str, county: Option<&str>) -> PostcodeEntry {
    PostcodeEntry {
        postcode: Postcode::parse(pc).unwrap(),
        grid: Some(GridRef::new(e, n)),
        latitude: None,
        longitude: None,
        la_code: Some(la.into()),
        county_code: county.map(str::to_string),
    }
}

fn rate(category: PlacementCategory, year: i32, pounds: i64) -> CostRate {
    CostRate {
        category,
        financial_year: year,
        weekly_cost: Pence(pounds * 100),
        source: "test".into(),
    }
}

/// A placement's weekly cost on a day by the one costing rule, with the
/// store's rates.
fn costed(s: &Store, p: &Placement, on: jiff::civil::Date) -> Option<Pence> {
    placement_planner::costing::CostBook::from_settings(&s.settings().unwrap())
        .placement_cost(p, on)
        .weekly
}

/// An empty database file with the test directory and Buckinghamshire's
/// settings: in-house £400 (2022-23), IFA £850 (2025-26), external
/// residential £6,000 (2025-26), supported accommodation £1,200 (2024-25).
fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("t.sqlite")).unwrap();
    s.save_settings(&Settings {
        council_name: "Buckinghamshire".into(),
        council_code: "E10000002".into(),
        boundary_geojson: None,
        cost_rates: vec![
            rate(PlacementCategory::InHouseFostering, 2022, 400),
            rate(PlacementCategory::IfaFostering, 2025, 850),
            rate(PlacementCategory::ExternalResidential, 2025, 6_000),
            rate(PlacementCategory::SupportedAccommodation, 2024, 1_200),
        ],
        cost_uplift_pct: Default::default(),
    })
    .unwrap();
    s.upsert_postcodes(&[
        entry("HP19 8FF", 480_000, 214_000, "E07000004", Some("E10000002")),
        entry("HP20 1AA", 483_000, 218_000, "E07000004", Some("E10000002")),
        entry("MK9 1AB", 486_000, 238_000, "E06000042", None),
        entry("B1 1AA", 406_000, 286_000, "E08000025", None),
    ])
    .unwrap();
    s
}

type Snapshot = (RecordCounts, Vec<Child>, Vec<Placement>);

fn snapshot(s: &Store) -> Snapshot {
    (
        s.counts().unwrap(),
        s.children().unwrap(),
        s.placements().unwrap(),
    )
}

fn preview(s: &Store, header: &Path, episodes: &Path) -> Result<Ssda903Plan, ImportError> {
    preview_ssda903(header, episodes, s, &Progress::new())
}

fn import(s: &mut Store, header: &Path, episodes: &Path) -> Ssda903Plan {
    let plan = preview(s, header, episodes).unwrap();
    apply_ssda903(s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    plan
}

fn open_placement(s: &Store, child: &str) -> Option<Placement> {
    s.placements_for_child(child)
        .unwrap()
        .into_iter()
        .find(|p| p.end.is_none())
}

fn issue_at(issues: &[ImportIssue], line: u64, column: &str) -> ImportIssue {
    issues
        .iter()
        .find(|i| i.line == Some(line) && i.column.as_deref() == Some(column))
        .unwrap_or_else(|| panic!("no issue at line {line}, {column} in {issues:#?}"))
        .clone()
}

#[test]
fn the_good_return_builds_children_placements_and_distances() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    let plan = preview(&s, &h, &e).unwrap();
    let sum = plan.summary();
    assert_eq!(sum.kind, "SSDA903 return");
    // C001–C005; C006 has no header row, C007 no episodes.
    assert_eq!((sum.to_add, sum.to_update, sum.unchanged), (5, 0, 0));
    assert!(sum.rejected.is_empty(), "{:#?}", sum.rejected);
    apply_ssda903(&mut s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    let counts = s.counts().unwrap();
    // One placement per episode: 3 + 1 + 1 + 2 + 2.
    assert_eq!((counts.children, counts.placements), (5, 9));

    // C001: three episodes; the latest (U4/PR4, open) is current.
    let c1 = s.child("C001").unwrap();
    assert_eq!(c1.name, "Child C001");
    assert_eq!(c1.date_of_birth, date(2012, 6, 15));
    assert_eq!(c1.legal_status, LegalStatus::C2);
    assert_eq!(c1.category_of_need, CategoryOfNeed::N1);
    assert_eq!(c1.status, ChildStatus::LookedAfter);
    assert_eq!(c1.entered_care, date(2022, 9, 1)); // the RNE S episode
    assert_eq!(c1.left_care, None);
    assert_eq!(c1.home_postcode.unwrap().as_str(), "HP19 8FF");
    let h1 = s.placements_for_child("C001").unwrap();
    assert_eq!(h1.len(), 3);
    assert_eq!(h1[0].category(), PlacementCategory::InHouseFostering);
    // A return holds no costs: every imported placement's is not known,
    // and the costing rule prices it from the rates.
    assert!(h1.iter().all(|p| p.weekly_cost.is_none()));
    // In-house, open on 09/01/2023 (2022-23): the 2022-23 rate, £400.
    assert_eq!(costed(&s, &h1[0], date(2023, 1, 9)), Some(Pence(40_000)));
    // Open on 04/05/2024 (2024-25): no 2024 rate, so 2022-23's £400
    // uplifted two years at the published 3.55%: 400 × 1.0355² = £428.904…
    assert_eq!(costed(&s, &h1[1], date(2024, 5, 4)), Some(Pence(42_890)));
    // CARPL on episode 3 is why episode 2's placement changed.
    assert_eq!(h1[1].reason_for_change.as_deref(), Some("CARPL"));
    assert_eq!(h1[0].reason_for_change, None);
    let cur = open_placement(&s, "C001").unwrap();
    assert_eq!(cur.start, date(2024, 5, 5));
    assert_eq!(
        (cur.place, cur.provider),
        (PlaceCode::U4, Some(ProviderCode::PR4))
    );
    assert_eq!(cur.category(), PlacementCategory::IfaFostering);
    assert_eq!(cur.postcode.unwrap().as_str(), "MK9 1AB"); // "mk91ab" normalised
                                                           // Open on 31/03/2026 (2025-26): the 2025-26 IFA rate, £850.
    assert_eq!(costed(&s, &cur, date(2026, 3, 31)), Some(Pence(85_000)));

    // C002: external residential (K2 with a private provider), £6,000.
    let cur = open_placement(&s, "C002").unwrap();
    assert_eq!(cur.category(), PlacementCategory::ExternalResidential);
    assert_eq!(costed(&s, &cur, date(2026, 3, 31)), Some(Pence(600_000)));
    // C003: K3 (2025-26 code) is supported accommodation; the latest rate
    // not after 2025-26 is 2024-25's £1,200, and supported accommodation
    // has no published uplift.
    let cur = open_placement(&s, "C003").unwrap();
    assert_eq!(cur.category(), PlacementCategory::SupportedAccommodation);
    assert_eq!(costed(&s, &cur, date(2026, 3, 31)), Some(Pence(120_000)));
    // C004 left care on 14/02/2025 (REC E11) after kinship care (U3).
    let c4 = s.child("C004").unwrap();
    assert_eq!(c4.status, ChildStatus::LeftCare);
    assert_eq!(c4.left_care, Some(date(2025, 2, 14)));
    assert_eq!(c4.date_of_birth, date(2015, 1, 1)); // ISO date in the header
    assert_eq!(c4.home_postcode, None);
    assert_eq!(open_placement(&s, "C004"), None);
    let h4 = s.placements_for_child("C004").unwrap();
    assert_eq!(h4[0].category(), PlacementCategory::WithParents);
    assert_eq!(h4[1].category(), PlacementCategory::Kinship);
    // No kinship rate: the national £646 (2017-18) uplifted seven years at
    // 3.55% to 2024-25: 646 × 1.0355⁷ = £824.675… — never £0.
    assert_eq!(costed(&s, &h4[1], date(2025, 2, 13)), Some(Pence(82_468)));
    // C005: K3 from April 2024 (on the 2024-25 and 2025-26 lists), then Z11
    // (no provider).
    let h5 = s.placements_for_child("C005").unwrap();
    assert_eq!(h5[0].place, PlaceCode::K3);
    assert_eq!(h5[0].category(), PlacementCategory::SupportedAccommodation);
    assert_eq!(h5[1].place, PlaceCode::Z11);
    assert_eq!(h5[1].provider, None);
    assert_eq!(h5[1].category(), PlacementCategory::Other);
    assert!(s.child("C006").is_err());
    assert!(s.child("C007").is_err());

    // Distances the app reports on 01/08/2025 (DfE: straight line, miles to 1 dp).
    let data = s.county_data().unwrap();
    let ids_on = |d: Date| -> Vec<String> {
        child_facts(&data, d)
            .into_iter()
            .map(|f| f.child_id)
            .collect()
    };
    // C003 turns 18 on 20/08/2025: looked after no longer, whatever the
    // open episode says.
    assert_eq!(ids_on(date(2025, 12, 1)), ["C001", "C002", "C005"]);
    let facts = child_facts(&data, date(2025, 8, 1));
    let ids: Vec<&str> = facts.iter().map(|f| f.child_id.as_str()).collect();
    assert_eq!(ids, ["C001", "C002", "C003", "C005"]); // C004 has left
                                                       // C001: HP19 8FF -> MK9 1AB: dE 6,000, dN 24,000; sqrt(612,000,000) =
                                                       // 24,738.6 m; / 1000 / 1.6093 = 15.372 -> 15.4 miles; MK is outside.
    assert_eq!(facts[0].distance_miles, Some(15.4));
    assert_eq!(facts[0].within_20_miles, Some(true));
    assert_eq!(facts[0].area, AreaStatus::Outside);
    // C002: HP20 1AA -> B1 1AA: dE 77,000, dN 68,000; sqrt(10,553,000,000)
    // = 102,727.8 m = 63.834 -> 63.8 miles.
    assert_eq!(facts[1].distance_miles, Some(63.8));
    assert_eq!(facts[1].within_20_miles, Some(false));
    // C003: SL1 1AA is not in the directory: not known.
    assert_eq!(facts[2].distance_miles, None);
    assert!(facts[2].not_known_reasons[0].contains("SL1 1AA"));
    // C005: HOME_POST is not a postcode, so none is stored: not known.
    assert_eq!(facts[3].distance_miles, None);
    assert_eq!(facts[3].not_known_reasons[0], "no home postcode recorded");

    // The data-quality list, in file order.
    let dq = &sum.data_quality;
    let got: Vec<(String, Option<u64>, Option<String>)> = dq
        .iter()
        .map(|i| (i.file.clone(), i.line, i.column.clone()))
        .collect();
    let want = |f: &str, l: u64, c: &str| (f.to_string(), Some(l), Some(c.to_string()));
    assert_eq!(
        got,
        [
            want("header.csv", 7, "CHILD"),        // C007: no episodes
            want("episodes.csv", 6, "DEC"),        // C003: 18 by 31/03/2026, open
            want("episodes.csv", 6, "PL_POST"),    // C003: SL1 1AA unknown
            want("episodes.csv", 7, "PL_POST"),    // C004: no placement postcode
            want("episodes.csv", 8, "HOME_POST"),  // C004: no home postcode
            want("episodes.csv", 10, "HOME_POST"), // C005: NOTAPOSTCODE
            want("episodes.csv", 10, "PL_POST"),   // C005: Z11, none
            want("episodes.csv", 11, "CHILD"),     // C006: not in the header
        ]
    );
    assert!(dq[1].reason.contains("over 18"), "{}", dq[1]);
    assert!(dq[2].reason.contains("not in the postcode directory"));
    assert!(dq[5].reason.contains("not a UK postcode"));
    assert!(dq[7].reason.contains("not in the header file"));
}

#[test]
fn reimporting_the_same_return_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    import(&mut s, &h, &e);
    let before = snapshot(&s);
    let again = preview(&s, &h, &e).unwrap();
    let sum = again.summary();
    assert_eq!((sum.to_add, sum.to_update, sum.unchanged), (0, 0, 5));
    apply_ssda903(&mut s, &again, RejectedRows::Refuse, &Progress::new()).unwrap();
    assert_eq!(snapshot(&s), before);
}

#[test]
fn a_newer_return_updates_and_an_older_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    import(&mut s, &h, &e);
    let ifa_id = open_placement(&s, "C001").unwrap().id;

    let newer = import(
        &mut s,
        &fixture("newer/header.csv"),
        &fixture("newer/episodes.csv"),
    );
    let sum = newer.summary();
    // C001 moved, C003 left care; C005's episode is the same as stored.
    assert_eq!((sum.to_add, sum.to_update, sum.unchanged), (0, 2, 1));
    let counts = s.counts().unwrap();
    assert_eq!((counts.children, counts.placements), (5, 10)); // one new episode
    let h1 = s.placements_for_child("C001").unwrap();
    let starts: Vec<Date> = h1.iter().map(|p| p.start).collect();
    assert_eq!(
        starts,
        [
            date(2022, 9, 1), // kept from the first return
            date(2023, 1, 10),
            date(2024, 5, 5), // in both: the newer return's version wins
            date(2026, 2, 2),
        ]
    );
    // Updated in place, not duplicated: same id, now ended, reason STAND.
    assert_eq!(h1[2].id, ifa_id);
    assert_eq!(h1[2].end, Some(date(2026, 2, 2)));
    assert_eq!(h1[2].reason_for_change.as_deref(), Some("STAND"));
    assert_eq!(h1[2].weekly_cost, None);
    let cur = open_placement(&s, "C001").unwrap();
    assert_eq!(cur.category(), PlacementCategory::InHouseFostering);
    // HP19 8FF -> HP20 1AA: 3,000 and 4,000 m: 5 km / 1.6093 = 3.107 -> 3.1.
    let data = s.county_data().unwrap();
    let f1 = child_facts(&data, date(2026, 3, 1))
        .into_iter()
        .find(|f| f.child_id == "C001")
        .unwrap();
    assert_eq!(f1.distance_miles, Some(3.1));
    assert_eq!(f1.area, AreaStatus::Inside);
    let c3 = s.child("C003").unwrap();
    assert_eq!(c3.status, ChildStatus::LeftCare);
    assert_eq!(c3.left_care, Some(date(2025, 9, 30)));
    // C002's open placement is not in the newer return: kept, and listed.
    assert!(open_placement(&s, "C002").is_some());
    let note = sum
        .data_quality
        .iter()
        .find(|i| i.value.as_deref() == Some("C002") && i.reason.contains("open placement"))
        .expect("a note on C002");
    assert!(note.reason.contains("not in the 2025-26 return"), "{note}");
    // C003 is closed now, so no over-18 note.
    assert!(!sum
        .data_quality
        .iter()
        .any(|i| i.reason.contains("over 18")));

    // The older return again: the store is newer for every child.
    let before = snapshot(&s);
    let older = preview(&s, &h, &e).unwrap();
    let sum = older.summary();
    assert_eq!((sum.to_add, sum.to_update, sum.unchanged), (0, 0, 5));
    apply_ssda903(&mut s, &older, RejectedRows::Refuse, &Progress::new()).unwrap();
    assert_eq!(snapshot(&s), before);
}

/// Preview refuses the whole file, and nothing changes.
fn assert_unreadable(header: &str, episodes: &str) -> ImportIssue {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    import(&mut s, &h, &e);
    let before = snapshot(&s);
    let h = if header.is_empty() {
        h
    } else {
        fixture(header)
    };
    let e = if episodes.is_empty() {
        e
    } else {
        fixture(episodes)
    };
    let issue = match preview(&s, &h, &e) {
        Err(ImportError::Unreadable(i)) => *i,
        Err(other) => panic!("expected unreadable, got {other}"),
        Ok(p) => panic!("expected unreadable, got {}", p.summary().counts_text()),
    };
    assert_eq!(snapshot(&s), before);
    issue
}

/// Preview lists rejected rows; applying without "skip" refuses and
/// nothing changes.
fn assert_rejected(header: &str, episodes: &str) -> Vec<ImportIssue> {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    import(&mut s, &h, &e);
    let before = snapshot(&s);
    let h = if header.is_empty() {
        h
    } else {
        fixture(header)
    };
    let e = if episodes.is_empty() {
        e
    } else {
        fixture(episodes)
    };
    let plan = preview(&s, &h, &e).unwrap();
    let rejected = plan.summary().rejected.clone();
    assert!(!rejected.is_empty());
    match apply_ssda903(&mut s, &plan, RejectedRows::Refuse, &Progress::new()) {
        Err(ImportError::Rejected(r)) => assert_eq!(r, rejected),
        other => panic!("expected rejected, got {other:?}"),
    }
    assert_eq!(snapshot(&s), before);
    rejected
}

#[test]
fn a_renamed_or_missing_column_is_named() {
    let i = assert_unreadable("bad/renamed_column_header.csv", "");
    assert_eq!(i.file, "renamed_column_header.csv");
    assert_eq!(
        i.reason,
        "missing column DOB; the columns found are CHILD, SEX, DATE_OF_BIRTH, ETHNIC, UPN, \
         MOTHER, MC_DOB (required: CHILD, SEX, DOB)"
    );
    let i = assert_unreadable("", "bad/missing_column_episodes.csv");
    assert!(
        i.reason
            .starts_with("missing column PLACE_PROVIDER; the columns found are CHILD, DECOM"),
        "{i}"
    );
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let i = assert_unreadable("", "bad/empty_episodes.csv");
    assert_eq!(i.to_string(), "empty_episodes.csv: the file is empty");
    let i = assert_unreadable("", "bad/header_only_episodes.csv");
    assert_eq!(
        i.to_string(),
        "header_only_episodes.csv: the file has a header line but no rows"
    );
}

#[test]
fn non_utf8_bytes_name_the_line_and_column() {
    let i = assert_unreadable("bad/non_utf8_header.csv", "");
    assert_eq!((i.line, i.column.as_deref()), (Some(3), Some("ETHNIC")));
    assert_eq!(i.value.as_deref(), Some("M\u{FFFD}BC"));
    assert!(i.reason.contains("not UTF-8"));
}

#[test]
fn a_truncated_file_is_refused() {
    let i = assert_unreadable("", "bad/truncated_episodes.csv");
    // Line 8 stops after PLACE: 6 of the 13 fields.
    assert_eq!(i.line, Some(8));
    assert!(
        i.reason
            .starts_with("this row has 6 fields but the header has 13: the file looks truncated"),
        "{i}"
    );
    let i = assert_unreadable("", "bad/unterminated_quote_episodes.csv");
    assert_eq!(i.line, Some(11));
    assert!(i.reason.contains("never closed"), "{i}");
}

#[test]
fn a_bad_date_is_rejected_with_its_line_and_column() {
    let r = assert_rejected("", "bad/bad_date_episodes.csv");
    let i = issue_at(&r, 3, "DECOM");
    assert_eq!(
        i.to_string(),
        "bad_date_episodes.csv line 3, column DECOM, value '31/02/2024': \
         '31/02/2024' is not a real calendar date"
    );
    // C001's other rows go with it (header line 2, episodes lines 2 and
    // 4), and nothing else.
    let rows: Vec<(&str, u64)> = r
        .iter()
        .map(|i| (i.file.as_str(), i.line.unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("header.csv", 2),
            ("bad_date_episodes.csv", 2),
            ("bad_date_episodes.csv", 3),
            ("bad_date_episodes.csv", 4)
        ]
    );
    assert_eq!(
        r[1].reason,
        "left out with the rest of child C001's records (because bad_date_episodes.csv line 3 was refused)"
    );
}

#[test]
fn unknown_and_out_of_year_codes_are_rejected() {
    let r = assert_rejected("", "bad/unknown_code_episodes.csv");
    let i = issue_at(&r, 5, "PLACE");
    assert_eq!(i.value.as_deref(), Some("Q9"));
    assert_eq!(i.reason, "not a known SSDA903 placement type code");
    // A 2025-26 return (its latest date is in 2025-26): H5 is off that
    // year's list for every episode, whenever it began (DfE rule 146).
    let r = assert_rejected("", "bad/retired_code_episodes.csv");
    for line in [9, 10] {
        let i = issue_at(&r, line, "PLACE");
        assert_eq!(
            i.reason,
            "H5 is not a PLACE code in 2025-26 returns: it was last used in 2024-25 \
             (supported accommodation is K3 from 2024-25)"
        );
        assert_eq!(i.rule.map(DfeRule::code), Some("146"));
    }
}

#[test]
fn duplicate_children_overlaps_and_backwards_episodes_are_rejected() {
    let r = assert_rejected("bad/duplicate_child_header.csv", "");
    let i = issue_at(&r, 4, "CHILD");
    assert_eq!(
        i.reason,
        "CHILD C002 appears 2 times in the header with different details \
         (line 3: born 03/02/2009, sex 1; line 4: born 20/08/2007, sex 1): \
         which is right cannot be told"
    );
    issue_at(&r, 3, "CHILD");
    // C002's episode is left out with it.
    assert!(issue_at(&r, 5, "CHILD").reason.contains("C002"));

    let r = assert_rejected("", "bad/overlap_episodes.csv");
    let i = issue_at(&r, 3, "DECOM");
    assert_eq!(
        i.reason,
        "overlaps child C001's episode on line 2 (01/09/2022 to 10/01/2023)"
    );

    let r = assert_rejected("", "bad/end_before_start_episodes.csv");
    let i = issue_at(&r, 6, "DEC");
    assert_eq!(i.value.as_deref(), Some("01/05/2025"));
    assert_eq!(
        i.reason,
        "the episode ends before it starts (DECOM 01/06/2025)"
    );
}

#[test]
fn a_ten_thousand_character_field_is_rejected() {
    let r = assert_rejected("", "bad/long_field_episodes.csv");
    let i = issue_at(&r, 5, "URN");
    assert_eq!(
        i.reason,
        "the value is 10000 characters long; at most 1000 are accepted"
    );
    assert_eq!(i.value.as_ref().unwrap().chars().count(), 61); // shortened
}

#[test]
fn skip_imports_only_the_good_children() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, _) = good();
    let plan = preview(&s, &h, &fixture("bad/bad_date_episodes.csv")).unwrap();
    // C001 is left out whole; C002–C005 are added.
    assert_eq!(plan.summary().to_add, 4);
    // Header line 2 and episodes lines 2-4 (C001's rows).
    assert_eq!(plan.summary().rejected.len(), 4);
    let done = apply_ssda903(&mut s, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    assert_eq!(done.rejected.len(), 4);
    let counts = s.counts().unwrap();
    assert_eq!((counts.children, counts.placements), (4, 6)); // 1 + 1 + 2 + 2
    assert!(s.child("C001").is_err());
    assert!(s.child("C002").is_ok());
}

#[test]
fn cancelling_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (h, e) = good();
    let before = snapshot(&s);
    let plan = preview(&s, &h, &e).unwrap();
    let progress = Progress::new();
    progress.cancel();
    assert!(matches!(
        apply_ssda903(&mut s, &plan, RejectedRows::Refuse, &progress),
        Err(ImportError::Cancelled)
    ));
    assert_eq!(snapshot(&s), before);
    assert!(matches!(
        preview_ssda903(&h, &e, &s, &progress),
        Err(ImportError::Cancelled)
    ));
    // And a real import afterwards still works.
    import(&mut s, &h, &e);
    assert_eq!(s.counts().unwrap().children, 5);
}
