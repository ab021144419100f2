//! Schema upgrades: a database file made at each released schema version is
//! kept in tests/fixtures/schema/ (`v1.sqlite` … one per migration), and
//! each must open in this build, be upgraded to the latest version and keep
//! its data, readable through the store. A database from a newer version is
//! refused with a clear message and left byte for byte as it was.
//!
//! The fixtures are made by the ignored test at the bottom (run it once with
//! `cargo test --test schema_upgrades -- --ignored` when a migration is
//! added; never remake the old ones, they stand for files users have).

use placement_planner::model::{
    CarerSector, ChildStatus, DecisionOutcome, FeeChange, Pence, PlacementCategory,
    PlacementSetting,
};
use placement_planner::store::migrations::{latest_version, migrations, MIGRATION_SQL};
use placement_planner::store::{AuditFilter, Store, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn fixture(version: usize) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schema")
        .join(format!("v{version}.sqlite"))
}

/// The rows each version adds to its fixture, in that version's own tables
/// and columns (plain SQL, as that version would have stored them). The
/// fixture for version N holds the rows of versions 1 to N.
const ROWS: &[&str] = &[
    // ---- version 1: settings, cost rates, children, carers, homes, placements ----
    r#"
INSERT INTO settings (key, value) VALUES
    ('council_name', 'Fixture County Council'),
    ('council_code', 'E10000099');
INSERT INTO cost_rates (category, financial_year, weekly_cost_pence, source) VALUES
    ('in_house_fostering', 2024, 45000, 'fixture'),
    ('external_residential', 2024, 520000, 'fixture');
INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need, disability,
        sibling_group, home_postcode, status, entered_care, left_care) VALUES
    ('FX-C1', 'Alex Fixture', '2012-06-15', '2', 'C2', 'N1', 0, NULL, 'HP20 1UA', 'looked_after', '2020-09-01', NULL),
    ('FX-C2', 'Sam Fixture', '2010-01-31', '1', 'V2', 'N4', 1, 'SG1', NULL, 'looked_after', '2021-02-01', NULL),
    ('FX-C3', 'Jo Fixture', '2015-03-03', '1', 'C2', 'N2', 0, NULL, NULL, 'awaiting_placement', '2024-05-05', NULL),
    ('FX-C4', 'Max Fixture', '2006-07-07', '2', 'C2', 'N1', 0, NULL, NULL, 'left_care', '2019-01-01', '2024-07-07');
INSERT INTO carers (id, name, sector, agency, approved_places, age_min, age_max, takes_siblings,
        specialisms, postcode, weekly_cost_pence, status, approval_date, ended_on) VALUES
    ('FX-F1', 'The Fixtures', 'in_house', NULL, 2, 0, 17, 1, 'adolescents,step_down', 'HP20 1UA', 45000, 'active', '2018-04-01', NULL),
    ('FX-F2', 'The Agency Fixtures', 'ifa', 'Meridian Fostering', 1, 5, 17, 0, '', NULL, 105000, 'on_hold', '2019-06-15', NULL);
INSERT INTO homes (id, name, provider, sector, ofsted_urn, registered_beds, age_min, age_max,
        postcode, weekly_cost_per_bed_pence, closed_on) VALUES
    ('FX-H1', 'Fixture House', 'Fixture Care Ltd', 'private', 'SC123456', 4, 8, 17, 'OX9 3AB', 520000, NULL);
INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date, end_date,
        weekly_cost_pence, place_code, provider_code, reason_for_change) VALUES
    (1, 'FX-C1', 'FX-F1', NULL, 'HP20 1UA', '2020-09-01', NULL, 45000, 'U6', 'PR1', NULL),
    (2, 'FX-C2', NULL, 'FX-H1', 'OX9 3AB', '2021-02-01', NULL, 520000, 'K2', 'PR4', NULL),
    (3, 'FX-C4', 'FX-F1', NULL, NULL, '2019-01-01', '2024-07-07', 45000, 'U6', 'PR1', 'PLACE');
"#,
    // ---- version 2: the postcode directory ----
    r#"
INSERT INTO postcodes (postcode, easting, northing, latitude, longitude, la_code, county_code) VALUES
    ('HP20 1UA', 482300, 213400, 51.817841, -0.806002, 'E06000060', NULL),
    ('OX9 3AB', 472500, 205800, 51.75089, -0.9492, 'E07000179', 'E10000025');
"#,
    // ---- version 3: a panel referral deferred, then placed ----
    r#"
INSERT INTO referrals (id, child_id, received, sibling_group_size, disability, specialisms_needed,
        must_stay_near_home, risk_flags, urgency, latest_start, notes) VALUES
    (1, 'FX-C3', '2024-05-06', 1, 0, '', 1, '', 'planned', '2024-06-01', 'first referral'),
    (2, 'FX-C3', '2024-06-10', 1, 0, 'adolescents', 0, 'missing episodes', 'emergency', '2024-06-12', 'second referral');
INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date, end_date,
        weekly_cost_pence, place_code, provider_code, reason_for_change) VALUES
    (4, 'FX-C3', 'FX-F1', NULL, NULL, '2024-06-12', NULL, 45000, 'U6', 'PR1', NULL);
UPDATE children SET status = 'looked_after' WHERE id = 'FX-C3';
INSERT INTO decisions (id, referral_id, meeting_date, outcome, carer_id, home_id, start_date,
        weekly_cost_pence, placement_id, rationale, attendees, corrects, recorded_at) VALUES
    (1, 1, '2024-05-20', 'deferred', NULL, NULL, NULL, NULL, NULL, 'More information needed', 'Panel chair', NULL, '2024-05-20T10:00:00Z'),
    (2, 2, '2024-06-11', 'placed', 'FX-F1', NULL, '2024-06-12', 45000, 4, 'Near school, in-house', 'Panel chair; fostering manager', NULL, '2024-06-11T09:30:00Z');
"#,
    // ---- version 4: a saved scenario ----
    r#"
INSERT INTO scenarios (id, name, notes, levers_json, start_date, reference_months,
        baseline_fingerprint, saved_at) VALUES
    (1, 'Recruit ten a year', 'fixture scenario',
     '{"horizon_years":5,"recruit_households_per_year":10.0}', '2025-04-01', 12,
     '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '2025-04-02T08:00:00Z');
"#,
    // ---- version 5: changes made by a named user, in the audit trail ----
    r#"
INSERT INTO audit_actor (id, name) VALUES (1, 'fixture maker');
INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need, disability,
        sibling_group, home_postcode, status, entered_care, left_care) VALUES
    ('FX-C5', 'Pat Fixture', '2013-08-08', '1', 'C2', 'N1', 0, NULL, NULL, 'awaiting_placement', '2025-01-10', NULL);
UPDATE children SET name = 'Alex Fixture-Smith' WHERE id = 'FX-C1';
DELETE FROM audit_actor;
"#,
    // ---- version 6: an earlier period of care, and an SSDA903 return imported ----
    r#"
INSERT INTO care_periods (child_id, started, ended) VALUES
    ('FX-C2', '2018-03-01', '2019-01-01');
INSERT INTO ssda903_returns (collection_year, imported_at, header_file, episodes_file) VALUES
    (2024, '2025-05-01T09:00:00.000Z', 'header_2024-25.csv', 'episodes_2024-25.csv');
INSERT INTO ssda903_return_children (collection_year, child_id) VALUES (2024, 'FX-C1'), (2024, 'FX-C2');
"#,
    // ---- version 7: a fee uplift and a cost not known ----
    r#"
UPDATE placements SET fee_changes_json = '[{"from":"2025-04-01","weekly":47000}]' WHERE id = 1;
INSERT INTO settings (key, value) VALUES ('cost_uplift.ifa_fostering', '4.5');
"#,
];

/// Copies fixture `version` into a temporary directory.
fn copy_of(version: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("v{version}.sqlite"));
    std::fs::copy(fixture(version), &path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; make it with `cargo test --test schema_upgrades -- --ignored`",
            fixture(version).display()
        )
    });
    (dir, path)
}

fn integrity_ok(conn: &Connection) {
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(result, "ok");
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0, "foreign key problems");
}

/// Checks the data of fixture `version`, read through the store's API.
fn check_data(store: &Store, version: usize) {
    let settings = store.settings().unwrap();
    assert_eq!(settings.council_name, "Fixture County Council");
    assert_eq!(settings.council_code, "E10000099");
    assert_eq!(settings.cost_rates.len(), 2);
    assert!(settings
        .cost_rates
        .iter()
        .any(|r| r.category == PlacementCategory::ExternalResidential
            && r.financial_year == 2024
            && r.weekly_cost == Pence(520_000)));

    let children = store.children().unwrap();
    let ids: Vec<&str> = children.iter().map(|c| c.id.as_str()).collect();
    let mut expected = vec!["FX-C1", "FX-C2", "FX-C3", "FX-C4"];
    if version >= 5 {
        expected.push("FX-C5");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    let alex = store.child("FX-C1").unwrap();
    let alex_name = if version >= 5 {
        "Alex Fixture-Smith"
    } else {
        "Alex Fixture"
    };
    assert_eq!(alex.name, alex_name);
    assert_eq!(alex.date_of_birth.to_string(), "2012-06-15");
    assert_eq!(
        alex.home_postcode
            .as_ref()
            .map(|p| p.to_string())
            .as_deref(),
        Some("HP20 1UA")
    );
    let max = store.child("FX-C4").unwrap();
    assert_eq!(max.status, ChildStatus::LeftCare);
    assert_eq!(max.left_care.unwrap().to_string(), "2024-07-07");
    let jo = store.child("FX-C3").unwrap();
    let jo_status = if version >= 3 {
        ChildStatus::LookedAfter
    } else {
        ChildStatus::AwaitingPlacement
    };
    assert_eq!(jo.status, jo_status);

    let carers = store.carers().unwrap();
    assert_eq!(carers.len(), 2);
    let ifa = store.carer("FX-F2").unwrap();
    assert_eq!(ifa.sector, CarerSector::Ifa);
    assert_eq!(ifa.agency.as_deref(), Some("Meridian Fostering"));
    assert_eq!(store.carer("FX-F1").unwrap().specialisms.len(), 2);
    let homes = store.homes().unwrap();
    assert_eq!(homes.len(), 1);
    assert_eq!(homes[0].ofsted_urn.as_deref(), Some("SC123456"));

    let placements = store.placements().unwrap();
    assert_eq!(placements.len(), if version >= 3 { 4 } else { 3 });
    let in_home = placements.iter().find(|p| p.id == 2).unwrap();
    assert_eq!(in_home.setting, PlacementSetting::Home("FX-H1".into()));
    assert_eq!(in_home.weekly_cost, Some(Pence(520_000)));
    let alex = placements.iter().find(|p| p.id == 1).unwrap();
    let alex_fees = if version >= 7 {
        vec![FeeChange {
            from: jiff::civil::date(2025, 4, 1),
            weekly: Pence(47_000),
        }]
    } else {
        vec![]
    };
    assert_eq!(alex.fee_changes, alex_fees);
    assert_eq!(alex.weekly_cost, Some(Pence(45_000)));
    let uplift = store
        .settings()
        .unwrap()
        .cost_uplift_pct
        .get(&PlacementCategory::IfaFostering)
        .copied();
    assert_eq!(uplift, (version >= 7).then_some(4.5));
    let ended = placements.iter().find(|p| p.id == 3).unwrap();
    assert_eq!(ended.end.unwrap().to_string(), "2024-07-07");

    let postcodes = store.postcodes().unwrap();
    assert_eq!(postcodes.len(), if version >= 2 { 2 } else { 0 });

    let referrals = store.referrals().unwrap();
    let decisions = store.decisions().unwrap();
    if version >= 3 {
        assert_eq!(referrals.len(), 2);
        assert_eq!(referrals[1].risk_flags, "missing episodes");
        assert_eq!(decisions.len(), 2);
        assert_eq!(decisions[0].outcome, DecisionOutcome::Deferred);
        assert_eq!(decisions[1].outcome, DecisionOutcome::Placed);
        assert_eq!(decisions[1].placement_id, Some(4));
        assert_eq!(decisions[1].weekly_cost, Some(Pence(45_000)));
    } else {
        assert!(referrals.is_empty() && decisions.is_empty());
    }

    let scenarios = store.scenarios().unwrap();
    if version >= 4 {
        assert_eq!(scenarios.len(), 1);
        let s = &scenarios[0];
        assert_eq!(s.name, "Recruit ten a year");
        assert_eq!(s.levers.horizon_years, 5);
        assert_eq!(s.levers.recruit_households_per_year, 10.0);
        assert_eq!(s.reference_months, 12);
        assert_eq!(s.saved_at.to_string(), "2025-04-02T08:00:00Z");
    } else {
        assert!(scenarios.is_empty());
    }

    // Periods of care and the returns imported began with version 6.
    let sam = store.child("FX-C2").unwrap();
    let returns = store.ssda903_returns().unwrap();
    if version >= 6 {
        assert_eq!(sam.earlier_periods.len(), 1);
        assert_eq!(sam.earlier_periods[0].started.to_string(), "2018-03-01");
        assert_eq!(sam.earlier_periods[0].ended.to_string(), "2019-01-01");
        assert!(sam.looked_after_on(jiff::civil::date(2018, 6, 1)));
        assert!(!sam.looked_after_on(jiff::civil::date(2020, 6, 1)));
        assert_eq!(returns.len(), 1);
        assert_eq!(returns[0].year.to_string(), "2024-25");
        assert_eq!(returns[0].children.len(), 2);
    } else {
        assert!(sam.earlier_periods.is_empty());
        assert!(returns.is_empty());
    }

    // The audit trail began with version 5: older files have no history.
    let by_maker = store
        .audit(&AuditFilter {
            who: Some("fixture maker".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    if version >= 5 {
        assert_eq!(by_maker.len(), 2, "{by_maker:?}");
    } else {
        assert!(store.audit(&AuditFilter::default()).unwrap().is_empty());
    }
}

#[test]
fn there_is_a_fixture_for_every_released_schema_version() {
    assert_eq!(latest_version(), MIGRATION_SQL.len());
    assert_eq!(
        ROWS.len(),
        latest_version(),
        "add the new version's rows to ROWS and make its fixture"
    );
    // Read from the file's header, not through SQLite: opening a WAL file
    // would leave -wal and -shm files beside the fixtures.
    for version in 1..=latest_version() {
        let bytes = std::fs::read(fixture(version)).unwrap_or_else(|e| {
            panic!(
                "fixture v{version}: {e}; make it with \
                 `cargo test --test schema_upgrades -- --ignored`"
            )
        });
        assert!(
            bytes.starts_with(b"SQLite format 3\0"),
            "fixture v{version}"
        );
        // Bytes 18 and 19 are 2 in WAL mode, as the app leaves its files.
        assert_eq!((bytes[18], bytes[19]), (2, 2), "fixture v{version}");
        let user_version = u32::from_be_bytes(bytes[60..64].try_into().unwrap());
        assert_eq!(user_version as usize, version, "fixture v{version}");
    }
}

#[test]
fn every_old_version_opens_upgrades_and_keeps_its_data() {
    for version in 1..=latest_version() {
        let (_dir, path) = copy_of(version);
        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(
            store.schema_version().unwrap(),
            latest_version(),
            "v{version}"
        );
        integrity_ok(store.connection());
        check_data(&store, version);

        // The upgraded file takes new writes, audited.
        let mut child = store.child("FX-C3").unwrap();
        child.id = "FX-NEW".into();
        child.status = ChildStatus::AwaitingPlacement;
        store.insert_child(&child).unwrap();
        let trail = store
            .audit(&AuditFilter {
                key_contains: Some("FX-NEW".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(trail.len(), 1, "v{version}");
        drop(store);

        // And opens again as it is.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        assert_eq!(
            store.children().unwrap().len(),
            if version >= 5 { 6 } else { 5 }
        );
        integrity_ok(store.connection());
    }
}

fn assert_refused_untouched(path: &Path) {
    let before = std::fs::read(path).unwrap();
    let err = match Store::open(path) {
        Ok(_) => panic!("a database from a newer version was opened"),
        Err(e) => e,
    };
    assert!(
        matches!(err, StoreError::TooNew { found, known }
            if found == latest_version() + 1 && known == latest_version()),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("newer version of placement-planner")
            && message.contains("update the app to open it"),
        "{message}"
    );
    let after = std::fs::read(path).unwrap();
    assert!(before == after, "the refused file was changed");
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        assert!(
            !Path::new(&side).exists(),
            "{suffix} file left beside the refused database"
        );
    }
}

/// Makes a copy of the latest fixture claim one version more than this build knows.
fn from_the_future(journal_mode: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = copy_of(latest_version());
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row(&format!("PRAGMA journal_mode = {journal_mode}"), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(mode.eq_ignore_ascii_case(journal_mode));
    conn.pragma_update(None, "user_version", latest_version() as i64 + 1)
        .unwrap();
    conn.close().unwrap();
    (dir, path)
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    // As a newer app would leave it: in WAL mode.
    let (_dir, path) = from_the_future("wal");
    assert_refused_untouched(&path);
    // Refused again, still untouched.
    assert_refused_untouched(&path);
}

#[test]
fn a_newer_database_in_rollback_journal_mode_is_refused_and_left_alone() {
    // Copied or rewritten by another tool that left it out of WAL mode.
    let (_dir, path) = from_the_future("delete");
    assert_refused_untouched(&path);
}

/// A file at version 5 whose placements already show a child leaving care
/// and coming back: upgrading to version 6 finds the earlier period from
/// the gap between the placements.
#[test]
fn upgrading_to_version_6_finds_earlier_periods_of_care_in_the_placements() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5-reentry.sqlite");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            r#"
INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need, disability,
        sibling_group, home_postcode, status, entered_care, left_care) VALUES
    ('RE-1', 'Re Entry', '2010-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2022-03-01', NULL),
    ('ONE', 'One Period', '2011-01-01', '2', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL);
INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date, end_date,
        weekly_cost_pence, place_code, provider_code, reason_for_change) VALUES
    (1, 'RE-1', NULL, NULL, NULL, '2019-05-01', '2019-09-01', 0, 'U6', 'PR1', NULL),
    (2, 'RE-1', NULL, NULL, NULL, '2019-09-01', '2020-02-01', 0, 'U4', 'PR4', NULL),
    (3, 'RE-1', NULL, NULL, NULL, '2022-03-01', NULL, 0, 'K2', 'PR4', NULL),
    (4, 'ONE', NULL, NULL, NULL, '2020-01-01', '2021-01-01', 0, 'U6', 'PR1', NULL),
    (5, 'ONE', NULL, NULL, NULL, '2021-01-01', NULL, 0, 'U6', 'PR1', NULL);
"#,
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    // RE-1: 01/05/2019 to 01/02/2020 (two placements back to back), then
    // back in care on 01/03/2022. ONE: one unbroken period.
    let re = store.child("RE-1").unwrap();
    assert_eq!(re.earlier_periods.len(), 1);
    assert_eq!(re.earlier_periods[0].started.to_string(), "2019-05-01");
    assert_eq!(re.earlier_periods[0].ended.to_string(), "2020-02-01");
    assert!(re.looked_after_on(jiff::civil::date(2019, 12, 1)));
    assert!(!re.looked_after_on(jiff::civil::date(2021, 1, 1)));
    assert!(store.child("ONE").unwrap().earlier_periods.is_empty());
}

/// Up to version 6 an SSDA903 import wrote £0, or the council's rate when
/// one existed, into the placements it made (which never have a carer or a
/// home). Version 7 makes those costs not known and keeps every entered one.
#[test]
fn upgrading_to_version_7_makes_imported_costs_not_known() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6-costs.sqlite");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
        conn.execute_batch(
            r#"
INSERT INTO cost_rates (category, financial_year, weekly_cost_pence, source) VALUES
    ('ifa_fostering', 2024, 90000, 'budget');
INSERT INTO children (id, name, date_of_birth, sex, legal_status, category_of_need, disability,
        sibling_group, home_postcode, status, entered_care, left_care) VALUES
    ('A', 'A', '2012-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL),
    ('B', 'B', '2012-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL),
    ('C', 'C', '2012-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL),
    ('D', 'D', '2012-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL),
    ('E', 'E', '2012-01-01', '1', 'C2', 'N1', 0, NULL, NULL, 'looked_after', '2020-01-01', NULL);
INSERT INTO carers (id, name, sector, agency, approved_places, age_min, age_max, takes_siblings,
        specialisms, postcode, weekly_cost_pence, status, approval_date, ended_on) VALUES
    ('F1', 'Carer', 'ifa', 'Agency', 2, 0, 17, 1, '', NULL, 90000, 'active', '2018-04-01', NULL);
INSERT INTO placements (id, child_id, carer_id, home_id, postcode, start_date, end_date,
        weekly_cost_pence, place_code, provider_code, reason_for_change) VALUES
    (1, 'A', NULL, NULL, NULL, '2020-01-01', NULL, 0, 'U4', 'PR4', NULL),
    (2, 'B', NULL, NULL, NULL, '2020-01-01', NULL, 90000, 'U4', 'PR4', NULL),
    (3, 'C', NULL, NULL, NULL, '2020-01-01', NULL, 123456, 'U4', 'PR4', NULL),
    (4, 'D', 'F1', NULL, NULL, '2020-01-01', NULL, 90000, 'U4', 'PR4', NULL),
    (5, 'E', 'F1', NULL, NULL, '2020-01-01', NULL, 0, 'U4', 'PR4', NULL);
"#,
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let cost = |store: &Store, id: i64| {
        store
            .placements()
            .unwrap()
            .into_iter()
            .find(|p| p.id == id)
            .unwrap()
            .weekly_cost
    };
    // Imported-shaped (no carer, no home) at £0 or at the rate: not known.
    assert_eq!(cost(&store, 1), None);
    assert_eq!(cost(&store, 2), None);
    // No carer or home but a cost that is no rate: entered, kept.
    assert_eq!(cost(&store, 3), Some(Pence(123_456)));
    // With a carer: entered (a form or a panel decision), kept, £0 too.
    assert_eq!(cost(&store, 4), Some(Pence(90_000)));
    assert_eq!(cost(&store, 5), Some(Pence(0)));
    // The placements are still audited, fee changes included.
    let mut p = store
        .placements()
        .unwrap()
        .into_iter()
        .find(|p| p.id == 3)
        .unwrap();
    p.fee_changes.push(FeeChange {
        from: jiff::civil::date(2025, 4, 1),
        weekly: Pence(130_000),
    });
    store.import_batch(|b| b.update_placement(&p)).unwrap();
    let trail = store
        .audit(&placement_planner::store::AuditFilter {
            table: Some("placements".into()),
            ..Default::default()
        })
        .unwrap();
    let last = trail.first().unwrap();
    assert_eq!(last.key, "3");
    let after = last.after.as_ref().unwrap();
    assert_eq!(
        after["fee_changes_json"].as_str(),
        Some(r#"[{"from":"2025-04-01","weekly":130000}]"#)
    );
}

/// Makes tests/fixtures/schema/v1.sqlite … vN.sqlite: each with only the
/// first N migrations and ROWS[..N]. Run once when a migration is added:
/// only the missing ones are made.
#[test]
#[ignore = "writes the schema fixtures; run by hand when a migration is added"]
fn make_schema_fixtures() {
    let dir = fixture(1).parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    for version in 1..=latest_version() {
        let path = fixture(version);
        // The old ones stand for files users have: never remade.
        if path.exists() {
            continue;
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        let mut conn = Connection::open(&path).unwrap();
        // As the app keeps its files: WAL, foreign keys on.
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_version(&mut conn, version).unwrap();
        for rows in &ROWS[..version] {
            conn.execute_batch(rows).unwrap();
        }
        conn.execute_batch("VACUUM").unwrap();
        integrity_ok(&conn);
        conn.close().unwrap();
        println!(
            "{}: {} bytes",
            path.display(),
            std::fs::metadata(&path).unwrap().len()
        );
    }
}
