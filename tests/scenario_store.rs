//! Saved what-if scenarios in the store (schema version 4): every field
//! round-trips, names are unique ignoring capitals, copies are named
//! `Name (copy)`, `Name (copy 2)`, …, an invalid draft writes nothing, old
//! levers JSON loads, a version 3 database upgrades, and the baseline
//! fingerprint follows the data the baseline is read from.

use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Child, ChildStatus, Pence, PlaceCode, Placement, PlacementCategory as C, PlacementSetting,
    ProviderCode, Settings, Sex,
};
use placement_planner::scenario::saved::is_fingerprint;
use placement_planner::scenario::{
    baseline_fingerprint, Baseline, BaselineChild, CostSource, EntryShare, Levers, RateChange,
    ScenarioDraft, UnitCost,
};
use placement_planner::store::{migrations, Store, StoreError};

// ---------------------------------------------------------------- helpers

fn small_baseline() -> Baseline {
    Baseline {
        start: date(2026, 4, 1),
        reference_months: 12,
        children: vec![
            BaselineChild {
                child_id: "A".into(),
                category: C::IfaFostering,
                age_months: 60,
            },
            BaselineChild {
                child_id: "B".into(),
                category: C::ExternalResidential,
                age_months: 150,
            },
        ],
        monthly_entries: 2.0,
        entry_mix: vec![EntryShare {
            category: C::IfaFostering,
            age_months: 0,
            share: 1.0,
        }],
        exit_rates: [(C::IfaFostering, 0.25)].into_iter().collect(),
        unit_costs: [(
            C::IfaFostering,
            UnitCost {
                weekly: Pence(81_900),
                source: CostSource::OpenPlacements {
                    count: 1,
                    estimated: 0,
                },
            },
        )]
        .into_iter()
        .collect(),
        in_house_places: 3,
        in_house_filled: 1,
        ..empty_baseline()
    }
}

/// The baseline of a county with no records, as a base for hand-written
/// ones (so fields added to `Baseline` later take their empty values).
fn empty_baseline() -> Baseline {
    Baseline::from_data(&county(Vec::new(), Vec::new()), date(2026, 4, 1), 12)
}

/// Every lever away from its default, so a field lost on the way through
/// the database shows.
fn busy_levers() -> Levers {
    Levers {
        horizon_years: 4,
        recruit_households_per_year: 12.5,
        places_per_household: Some(1.5),
        households_leaving_per_year: 2.25,
        shift_share: 0.6,
        step_down_per_year: 3.0,
        specialist_households_per_year: 2.0,
        specialist_weekly_fee_pence: 140_007,
        entries_change_pct: -12.5,
        annual_inflation: [(C::IfaFostering, 0.05), (C::ExternalResidential, 0.09)]
            .into_iter()
            .collect(),
        one_off_cost_per_household_pence: 1_000_001,
        yearly_support_per_household_pence: 500_002,
        scheme_overheads_per_year_pence: 9_999_999,
        exit_rate_changes: [
            (C::IfaFostering, RateChange::Multiply(1.5)),
            (C::Kinship, RateChange::Add(-0.01)),
        ]
        .into_iter()
        .collect(),
        ..Levers::default()
    }
}

fn draft(name: &str) -> ScenarioDraft {
    ScenarioDraft {
        name: name.into(),
        notes: String::new(),
        levers: Levers::default(),
        start: date(2026, 4, 1),
        reference_months: 24,
        baseline_fingerprint: baseline_fingerprint(&small_baseline()),
    }
}

fn count(s: &Store) -> i64 {
    s.connection()
        .query_row("SELECT count(*) FROM scenarios", [], |r| r.get(0))
        .unwrap()
}

fn names(s: &Store) -> Vec<String> {
    s.scenarios().unwrap().into_iter().map(|x| x.name).collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn every_field_round_trips() {
    let mut s = Store::open_in_memory().unwrap();
    let before = jiff::Timestamp::now();
    let d = ScenarioDraft {
        name: "  Recruit twenty households  ".into(),
        notes: "For committee, 12 May.\nSecond line.  ".into(),
        levers: busy_levers(),
        start: date(2026, 7, 15),
        reference_months: 36,
        baseline_fingerprint: baseline_fingerprint(&small_baseline()),
    };
    let id = s.insert_scenario(&d).unwrap();
    let after = jiff::Timestamp::now();
    let saved = s.scenario(id).unwrap();
    assert_eq!(saved.id, id);
    assert_eq!(saved.name, "Recruit twenty households"); // trimmed
    assert_eq!(saved.notes, "For committee, 12 May.\nSecond line."); // trimmed
    assert_eq!(saved.levers, busy_levers());
    assert_eq!(saved.start, date(2026, 7, 15));
    assert_eq!(saved.reference_months, 36);
    assert_eq!(saved.baseline_fingerprint, d.baseline_fingerprint);
    assert!(before <= saved.saved_at && saved.saved_at <= after);
    // The draft of the saved scenario is the draft as saved.
    let back = saved.draft();
    assert_eq!(
        back,
        ScenarioDraft {
            name: "Recruit twenty households".into(),
            notes: "For committee, 12 May.\nSecond line.".into(),
            ..d.clone()
        }
    );
    assert_eq!(s.scenarios().unwrap(), vec![saved.clone()]);
    // Stored as JSON text and an ISO date.
    let (json, start): (String, String) = s
        .connection()
        .query_row(
            "SELECT levers_json, start_date FROM scenarios WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(json.contains("\"shift_share\":0.6"), "{json}");
    assert_eq!(start, "2026-07-15");
    // Shown to the user as dd/mm/yyyy hh:mm.
    let text = saved.saved_at_text();
    assert_eq!(text.len(), 16, "{text}");
    assert_eq!(&text[2..3], "/");
    assert_eq!(&text[5..6], "/");
}

#[test]
fn a_file_database_keeps_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("county.sqlite");
    let id = {
        let mut s = Store::open(&path).unwrap();
        s.insert_scenario(&draft("Kept")).unwrap()
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.scenario(id).unwrap().name, "Kept");
}

#[test]
fn names_are_unique_ignoring_capitals() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.insert_scenario(&draft("Plan A")).unwrap();
    for clash in ["Plan A", "plan a", " PLAN A "] {
        let e = s.insert_scenario(&draft(clash)).unwrap_err();
        assert!(matches!(e, StoreError::Rule(_)), "{e:?}");
        let text = e.to_string();
        assert!(
            text.contains("'Plan A'") && text.contains("choose another name"),
            "{text}"
        );
    }
    assert_eq!(count(&s), 1);
    let b = s.insert_scenario(&draft("Plan B")).unwrap();
    let e = s.update_scenario(b, &draft("PLAN A")).unwrap_err();
    assert!(e.to_string().contains("'Plan A'"), "{e}");
    assert_eq!(s.scenario(b).unwrap().name, "Plan B");
    // A scenario may keep its own name, or change only its capitals.
    s.update_scenario(a, &draft("plan a")).unwrap();
    assert_eq!(s.scenario(a).unwrap().name, "plan a");
    // The table refuses a clash too, should anything bypass the check.
    let e = s
        .connection()
        .execute(
            "INSERT INTO scenarios (name, levers_json, start_date, reference_months,
                baseline_fingerprint, saved_at)
             SELECT 'PLAN B', levers_json, start_date, reference_months,
                baseline_fingerprint, saved_at FROM scenarios WHERE id = ?1",
            [a],
        )
        .unwrap_err();
    assert!(StoreError::from(e).to_string().contains("already exists"));
}

#[test]
fn scenarios_are_listed_by_name_ignoring_capitals() {
    let mut s = Store::open_in_memory().unwrap();
    for n in ["beta", "Gamma", "alpha", "Delta"] {
        s.insert_scenario(&draft(n)).unwrap();
    }
    assert_eq!(names(&s), ["alpha", "beta", "Delta", "Gamma"]);
}

#[test]
fn copies_are_named_copy_then_copy_2() {
    let mut s = Store::open_in_memory().unwrap();
    let d = ScenarioDraft {
        notes: "the original".into(),
        levers: busy_levers(),
        ..draft("Plan")
    };
    let plan = s.insert_scenario(&d).unwrap();
    let c1 = s.duplicate_scenario(plan).unwrap();
    let c2 = s.duplicate_scenario(plan).unwrap();
    // Copying a copy numbers from the same base, not "Plan (copy) (copy)".
    let c3 = s.duplicate_scenario(c1).unwrap();
    assert_eq!(s.scenario(c1).unwrap().name, "Plan (copy)");
    assert_eq!(s.scenario(c2).unwrap().name, "Plan (copy 2)");
    assert_eq!(s.scenario(c3).unwrap().name, "Plan (copy 3)");
    // Everything but the name and id is the original's.
    let copy = s.scenario(c2).unwrap();
    assert_eq!(
        copy.draft(),
        ScenarioDraft {
            name: "Plan (copy 2)".into(),
            ..d.clone()
        }
    );
    // A gap left by a deleted copy is filled first.
    s.delete_scenario(c1).unwrap();
    let again = s.duplicate_scenario(plan).unwrap();
    assert_eq!(s.scenario(again).unwrap().name, "Plan (copy)");
    // Capitals count as the same name here too.
    let mut s = Store::open_in_memory().unwrap();
    let x = s.insert_scenario(&draft("X")).unwrap();
    s.insert_scenario(&draft("x (COPY)")).unwrap();
    let cx = s.duplicate_scenario(x).unwrap();
    assert_eq!(s.scenario(cx).unwrap().name, "X (copy 2)");
    // A long name is shortened so the copy still fits in 80 characters.
    let long = "L".repeat(80);
    let l = s.insert_scenario(&draft(&long)).unwrap();
    let cl = s.duplicate_scenario(l).unwrap();
    let name = s.scenario(cl).unwrap().name;
    assert_eq!(name, format!("{} (copy)", "L".repeat(73)));
    assert_eq!(name.chars().count(), 80);
    // An unknown scenario cannot be copied.
    let e = s.duplicate_scenario(9_999).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e:?}");
    assert_eq!(e.to_string(), "scenario '9999' was not found");
}

#[test]
fn delete_removes_only_that_scenario() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.insert_scenario(&draft("A")).unwrap();
    let b = s.insert_scenario(&draft("B")).unwrap();
    s.delete_scenario(a).unwrap();
    assert_eq!(names(&s), ["B"]);
    assert!(matches!(
        s.scenario(a).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    let e = s.delete_scenario(a).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e:?}");
    assert_eq!(s.scenario(b).unwrap().name, "B");
    // The name is free again.
    s.insert_scenario(&draft("A")).unwrap();
    assert_eq!(names(&s), ["A", "B"]);
}

#[test]
fn update_replaces_every_field_and_restamps() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.insert_scenario(&draft("First")).unwrap();
    let first = s.scenario(id).unwrap();
    let mut changed_baseline = small_baseline();
    changed_baseline.monthly_entries = 3.0;
    let new = ScenarioDraft {
        name: "Second".into(),
        notes: "changed".into(),
        levers: busy_levers(),
        start: date(2027, 1, 31),
        reference_months: 120,
        baseline_fingerprint: baseline_fingerprint(&changed_baseline),
    };
    s.update_scenario(id, &new).unwrap();
    let second = s.scenario(id).unwrap();
    assert_eq!(second.draft(), new);
    assert_eq!(second.id, id);
    assert!(second.saved_at >= first.saved_at);
    assert_eq!(count(&s), 1);
    let e = s.update_scenario(id + 1, &draft("Nowhere")).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e:?}");
    assert_eq!(count(&s), 1);
    assert_eq!(s.scenario(id).unwrap(), second);
}

#[test]
fn an_invalid_draft_writes_nothing_and_names_each_field() {
    let bad = ScenarioDraft {
        name: "   ".into(),
        notes: "n".repeat(4001),
        levers: Levers {
            shift_share: 1.5,
            ..Levers::default()
        },
        start: date(2026, 4, 1),
        reference_months: 0,
        baseline_fingerprint: "not a hash".into(),
    };
    let errors = bad.validate().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "notes",
            "reference_months",
            "baseline_fingerprint",
            "shift_share"
        ]
    );
    let mut s = Store::open_in_memory().unwrap();
    let e = s.insert_scenario(&bad).unwrap_err();
    let StoreError::Invalid(v) = &e else {
        panic!("{e:?}")
    };
    assert!(v.for_field("name").is_some());
    assert!(v.for_field("notes").unwrap().contains("4001"));
    assert!(v.for_field("reference_months").is_some());
    assert!(v.for_field("levers").unwrap().contains("shift_share"));
    let text = e.to_string();
    assert!(text.starts_with("name: enter a name"), "{text}");
    assert_eq!(count(&s), 0);

    // An update that fails leaves the saved scenario as it was.
    let id = s.insert_scenario(&draft("Good")).unwrap();
    let was = s.scenario(id).unwrap();
    assert!(matches!(
        s.update_scenario(id, &bad).unwrap_err(),
        StoreError::Invalid(_)
    ));
    assert_eq!(s.scenario(id).unwrap(), was);
}

#[test]
fn limits_are_inclusive() {
    let ok = ScenarioDraft {
        name: "N".repeat(80),
        notes: "n".repeat(4000),
        reference_months: 120,
        ..draft("")
    };
    assert_eq!(ok.validate(), Ok(()));
    let mut s = Store::open_in_memory().unwrap();
    s.insert_scenario(&ok).unwrap();
    let one = ScenarioDraft {
        reference_months: 1,
        ..draft("one")
    };
    s.insert_scenario(&one).unwrap();
    for (over, field) in [
        (
            ScenarioDraft {
                name: "N".repeat(81),
                ..draft("")
            },
            "name",
        ),
        (
            ScenarioDraft {
                notes: "n".repeat(4001),
                ..draft("x")
            },
            "notes",
        ),
        (
            ScenarioDraft {
                reference_months: 121,
                ..draft("x")
            },
            "reference_months",
        ),
        (
            ScenarioDraft {
                baseline_fingerprint: "A".repeat(64),
                ..draft("x")
            },
            "baseline_fingerprint",
        ),
    ] {
        let errors = over.validate().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, field);
        assert!(s.insert_scenario(&over).is_err());
    }
    assert_eq!(count(&s), 2);
}

#[test]
fn the_tables_checks_are_sentences() {
    let s = Store::open_in_memory().unwrap();
    let fp = baseline_fingerprint(&small_baseline());
    let insert = |name: &str, json: &str, start: &str, months: i64, fp: &str| {
        let e = s
            .connection()
            .execute(
                "INSERT INTO scenarios (name, levers_json, start_date, reference_months,
                    baseline_fingerprint, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, 'now')",
                rusqlite::params![name, json, start, months, fp],
            )
            .unwrap_err();
        StoreError::from(e).to_string()
    };
    assert!(insert("", "{}", "2026-04-01", 12, &fp).contains("1 to 80 characters"));
    assert!(insert(" x", "{}", "2026-04-01", 12, &fp).contains("no spaces at either end"));
    assert!(insert("x", "[1]", "2026-04-01", 12, &fp).contains("levers are not in a form"));
    assert!(insert("x", "{", "2026-04-01", 12, &fp).contains("levers are not in a form"));
    assert!(insert("x", "{}", "2026-02-30", 12, &fp).contains("not a real calendar date"));
    assert!(insert("x", "{}", "2026-04-01", 0, &fp).contains("1 to 120 months"));
    assert!(insert("x", "{}", "2026-04-01", 12, "abc").contains("64 lower-case"));
    assert_eq!(count(&s), 0);
}

#[test]
fn levers_json_missing_newer_keys_loads_with_defaults() {
    let s = Store::open_in_memory().unwrap();
    let fp = baseline_fingerprint(&small_baseline());
    s.connection()
        .execute(
            "INSERT INTO scenarios (name, levers_json, start_date, reference_months,
                baseline_fingerprint, saved_at)
             VALUES ('Old', ?1, '2025-04-01', 12, ?2, '2025-05-01T09:30:00Z')",
            rusqlite::params![
                r#"{"horizon_years": 3, "shift_share": 0.25,
                    "annual_inflation": {"IfaFostering": 0.04},
                    "exit_rate_changes": {"Secure": {"Add": 0.125}}}"#,
                fp
            ],
        )
        .unwrap();
    let old = &s.scenarios().unwrap()[0];
    assert_eq!(
        old.levers,
        Levers {
            horizon_years: 3,
            shift_share: 0.25,
            annual_inflation: [(C::IfaFostering, 0.04)].into_iter().collect(),
            exit_rate_changes: [(C::Secure, RateChange::Add(0.125))].into_iter().collect(),
            ..Levers::default()
        }
    );
    assert_eq!(old.start, date(2025, 4, 1));
    assert_eq!(
        old.saved_at,
        "2025-05-01T09:30:00Z".parse::<jiff::Timestamp>().unwrap()
    );
    // An empty object is the default levers.
    s.connection()
        .execute(
            "INSERT INTO scenarios (name, levers_json, start_date, reference_months,
                baseline_fingerprint, saved_at)
             VALUES ('Empty', '{}', '2025-04-01', 12, ?1, '2025-05-01T09:30:00Z')",
            [&fp],
        )
        .unwrap();
    assert_eq!(s.scenarios().unwrap()[0].levers, Levers::default());
    // A value of the wrong type is reported, naming the scenario.
    s.connection()
        .execute(
            "INSERT INTO scenarios (name, levers_json, start_date, reference_months,
                baseline_fingerprint, saved_at)
             VALUES ('Broken', '{\"horizon_years\": \"ten\"}', '2025-04-01', 12, ?1,
                '2025-05-01T09:30:00Z')",
            [&fp],
        )
        .unwrap();
    let e = s.scenarios().unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e:?}");
    assert!(e.to_string().contains("'Broken'"), "{e}");
}

/// A database made by schema version 3 (before saved scenarios) opens in
/// this build, keeps its rows and gains the scenarios table.
#[test]
fn a_version_3_database_upgrades_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::new(
            migrations::MIGRATION_SQL[..3]
                .iter()
                .map(|sql| rusqlite_migration::M::up(sql))
                .collect(),
        )
        .to_latest(&mut conn)
        .unwrap();
        conn.execute_batch(
            "INSERT INTO children VALUES ('C9','Old Record','2011-01-02','1','V2','N4',0,NULL,'HP5 1AA','awaiting_placement','2020-03-04',NULL);
             INSERT INTO referrals (child_id, received, sibling_group_size, disability, must_stay_near_home, urgency, latest_start, notes)
               VALUES ('C9','2026-03-01',1,0,0,'planned','2026-04-01','kept');",
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 3);
        let has: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'scenarios'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has, 0);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), migrations::latest_version());
    assert!(migrations::latest_version() >= 4);
    assert_eq!(s.child("C9").unwrap().name, "Old Record");
    let referrals = s.referrals().unwrap();
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0].notes, "kept");
    assert!(s.scenarios().unwrap().is_empty());
    let id = s.insert_scenario(&draft("After the upgrade")).unwrap();
    assert_eq!(s.scenario(id).unwrap().name, "After the upgrade");
}

// ------------------------------------------------------- the fingerprint

fn child(id: &str, dob: Date, entered: Date) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: dob,
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: ChildStatus::LookedAfter,
        entered_care: entered,
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

fn ifa_placement(child_id: &str, start: Date, weekly_pounds: i64) -> Placement {
    Placement {
        id: 0,
        child_id: child_id.into(),
        setting: PlacementSetting::Elsewhere,
        postcode: None,
        start,
        end: None,
        weekly_cost: Some(Pence::from_pounds(weekly_pounds)),
        fee_changes: vec![],
        place: PlaceCode::U6,
        provider: Some(ProviderCode::PR4),
        reason_for_change: None,
    }
}

fn county(children: Vec<Child>, placements: Vec<Placement>) -> CountyData {
    CountyData::new(
        Settings::default(),
        children,
        Vec::new(),
        Vec::new(),
        placements,
        Vec::new(),
    )
}

#[test]
fn fingerprint_changes_with_the_baseline_and_only_then() {
    let b = small_baseline();
    let fp = baseline_fingerprint(&b);
    assert!(is_fingerprint(&fp), "{fp}");
    assert_eq!(baseline_fingerprint(&b.clone()), fp);
    type Change = Box<dyn Fn(&mut Baseline)>;
    let changes: Vec<(&str, Change)> = vec![
        ("start", Box::new(|b| b.start = date(2026, 5, 1))),
        ("reference", Box::new(|b| b.reference_months = 24)),
        ("age", Box::new(|b| b.children[0].age_months = 61)),
        (
            "child",
            Box::new(|b| {
                b.children.pop();
            }),
        ),
        ("entries", Box::new(|b| b.monthly_entries = 2.5)),
        ("mix", Box::new(|b| b.entry_mix[0].age_months = 1)),
        (
            "rate",
            Box::new(|b| {
                b.exit_rates.insert(C::Kinship, 0.01);
            }),
        ),
        (
            "cost",
            Box::new(|b| {
                b.unit_costs.get_mut(&C::IfaFostering).unwrap().weekly = Pence(81_901);
            }),
        ),
        ("places", Box::new(|b| b.in_house_places = 4)),
        ("filled", Box::new(|b| b.in_house_filled = 2)),
    ];
    let mut seen = std::collections::HashSet::new();
    seen.insert(fp.clone());
    for (what, change) in &changes {
        let mut changed = b.clone();
        change(&mut changed);
        let other = baseline_fingerprint(&changed);
        assert!(is_fingerprint(&other));
        assert!(seen.insert(other), "{what} did not change the fingerprint");
    }

    // From the records: a start date, twelve months' reference.
    let start = date(2026, 4, 1);
    let a = child("A", date(2016, 4, 1), date(2024, 1, 1));
    let pa = ifa_placement("A", date(2024, 1, 1), 800);
    let base = Baseline::from_data(&county(vec![a.clone()], vec![pa.clone()]), start, 12);
    let fp = baseline_fingerprint(&base);
    // The same records read again: the same fingerprint.
    let again = Baseline::from_data(&county(vec![a.clone()], vec![pa.clone()]), start, 12);
    assert_eq!(baseline_fingerprint(&again), fp);
    // A child who enters care after the start date is not in the baseline.
    let later = child("L", date(2015, 1, 1), date(2026, 9, 1));
    let pl = ifa_placement("L", date(2026, 9, 1), 900);
    let with_later = Baseline::from_data(
        &county(vec![a.clone(), later], vec![pa.clone(), pl]),
        start,
        12,
    );
    assert_eq!(baseline_fingerprint(&with_later), fp);
    // An entrant in the reference period is.
    let entrant = child("N", date(2015, 1, 1), date(2025, 9, 1));
    let pn = ifa_placement("N", date(2025, 9, 1), 900);
    let with_entrant = Baseline::from_data(
        &county(vec![a.clone(), entrant], vec![pa.clone(), pn]),
        start,
        12,
    );
    assert_ne!(baseline_fingerprint(&with_entrant), fp);
    // So is a change in what the open placement costs.
    let dearer = Baseline::from_data(
        &county(vec![a], vec![ifa_placement("A", date(2024, 1, 1), 801)]),
        start,
        12,
    );
    assert_ne!(baseline_fingerprint(&dearer), fp);

    // A saved scenario says whether its baseline has changed since.
    let mut s = Store::open_in_memory().unwrap();
    let id = s
        .insert_scenario(&ScenarioDraft::for_baseline(
            "Built on A",
            "",
            Levers::default(),
            &base,
        ))
        .unwrap();
    let saved = s.scenario(id).unwrap();
    assert_eq!(saved.start, start);
    assert_eq!(saved.reference_months, 12);
    assert!(!saved.baseline_changed(&again));
    assert!(saved.baseline_changed(&with_entrant));
}
