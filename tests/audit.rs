//! The audit trail: every insert, update and delete of the audited tables is
//! recorded with when, who and the row before and after; the trail cannot be
//! changed; a write that fails leaves no entry; filters and the CSV export.

use jiff::civil::date;
use placement_planner::model::carer::{CarerSector, CarerStatus, Specialism};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use placement_planner::report::audit::{line, to_csv as audit_csv};
use placement_planner::store::{
    AuditAction, AuditEntry, AuditFilter, Store, StoreError, AUDIT_IS_READ_ONLY, OUTSIDE_THE_APP,
};
use serde_json::{json, Value};

mod common;

fn child(id: &str) -> Child {
    Child {
        id: id.into(),
        name: "Sam Example".into(),
        date_of_birth: date(2012, 5, 20),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: true,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: ChildStatus::AwaitingPlacement,
        entered_care: date(2024, 2, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

fn carer(id: &str) -> Carer {
    Carer {
        id: id.into(),
        name: "The Bakers".into(),
        sector: CarerSector::Ifa,
        agency: Some("Horizon Fostering Ltd".into()),
        approved_places: 2,
        age_min: 5,
        age_max: 17,
        takes_siblings: true,
        specialisms: vec![Specialism::Adolescents],
        postcode: None,
        location: None,
        weekly_cost: Pence(105_000),
        status: CarerStatus::Active,
        approval_date: date(2019, 9, 1),
        ended_on: None,
    }
}

fn home(id: &str) -> Home {
    Home {
        id: id.into(),
        name: "Oak House".into(),
        provider: "Acme Care Ltd".into(),
        sector: HomeSector::Private,
        ofsted_urn: Some("SC123456".into()),
        registered_beds: 4,
        age_min: 8,
        age_max: 17,
        postcode: None,
        location: None,
        weekly_cost_per_bed: Pence(610_800),
        closed_on: None,
    }
}

fn placement(child: &str, carer: &str) -> Placement {
    Placement {
        id: 0,
        child_id: child.into(),
        setting: PlacementSetting::Carer(carer.into()),
        postcode: None,
        start: date(2024, 2, 1),
        end: None,
        weekly_cost: Some(Pence(105_000)),
        fee_changes: vec![],
        place: PlaceCode::U6,
        provider: Some(ProviderCode::PR4),
        reason_for_change: None,
    }
}

fn referral(child: &str) -> Referral {
    Referral {
        id: 0,
        child_id: child.into(),
        received: date(2026, 11, 11),
        sibling_group_size: 1,
        disability: false,
        specialisms_needed: vec![],
        must_stay_near_home: true,
        risk_flags: String::new(),
        urgency: Urgency::Planned,
        latest_start: date(2026, 12, 1),
        notes: "first".into(),
    }
}

fn settings(name: &str) -> Settings {
    Settings {
        council_name: name.into(),
        council_code: "E06000060".into(),
        boundary_geojson: Some("{\"type\":\"Polygon\",\"coordinates\":[]}".into()),
        cost_rates: vec![CostRate {
            category: PlacementCategory::IfaFostering,
            financial_year: 2021,
            weekly_cost: Pence(82_000),
            source: "CMA 2021".into(),
        }],
        cost_uplift_pct: Default::default(),
    }
}

fn store(actor: &str) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.set_actor(actor).unwrap();
    s
}

/// Every entry, oldest first.
fn all(s: &Store) -> Vec<AuditEntry> {
    let mut v = s.audit(&AuditFilter::default()).unwrap();
    v.reverse();
    v
}

fn of(s: &Store, table: &str) -> Vec<AuditEntry> {
    let mut v = s
        .audit(&AuditFilter {
            table: Some(table.into()),
            ..AuditFilter::default()
        })
        .unwrap();
    v.reverse();
    v
}

fn count(s: &Store) -> i64 {
    s.connection()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn field(v: &Option<Value>, name: &str) -> Value {
    v.as_ref().expect("row recorded")[name].clone()
}

/// (name, before, after) as written in a test.
fn change(name: &str, before: Value, after: Value) -> (String, Option<Value>, Option<Value>) {
    (name.to_string(), Some(before), Some(after))
}

#[test]
fn a_child_added_changed_and_deleted_is_recorded() {
    let mut s = store("alice");
    let mut c = child("C1");
    s.insert_child(&c).unwrap();
    c.name = "Sam Other".into();
    c.status = ChildStatus::LookedAfter;
    s.update_child(&c).unwrap();
    // The app has no way to delete a child: SQL from outside still is recorded.
    s.connection()
        .execute("DELETE FROM children WHERE id = 'C1'", [])
        .unwrap();

    let e = of(&s, "children");
    assert_eq!(e.len(), 3);
    let (ins, upd, del) = (&e[0], &e[1], &e[2]);

    assert_eq!(ins.action, AuditAction::Insert);
    assert_eq!((ins.key.as_str(), ins.who.as_str()), ("C1", "alice"));
    assert_eq!(ins.before, None);
    assert_eq!(field(&ins.after, "name"), json!("Sam Example"));
    assert_eq!(field(&ins.after, "date_of_birth"), json!("2012-05-20"));
    assert_eq!(field(&ins.after, "disability"), json!(1));
    assert_eq!(field(&ins.after, "sibling_group"), Value::Null);
    assert_eq!(field(&ins.after, "status"), json!("awaiting_placement"));

    assert_eq!(upd.action, AuditAction::Update);
    assert_eq!((upd.key.as_str(), upd.who.as_str()), ("C1", "alice"));
    assert_eq!(
        upd.changed_fields(),
        vec![
            change("name", json!("Sam Example"), json!("Sam Other")),
            change("status", json!("awaiting_placement"), json!("looked_after")),
        ]
    );
    // The whole row is kept on both sides.
    assert_eq!(field(&upd.before, "entered_care"), json!("2024-02-01"));
    assert_eq!(field(&upd.after, "entered_care"), json!("2024-02-01"));

    assert_eq!(del.action, AuditAction::Delete);
    assert_eq!(del.key, "C1");
    assert_eq!(del.who, OUTSIDE_THE_APP);
    assert_eq!(field(&del.before, "name"), json!("Sam Other"));
    assert_eq!(del.after, None);
    assert!(ins.id < upd.id && upd.id < del.id);
    assert!(ins.at <= upd.at && upd.at <= del.at);
}

#[test]
fn a_carer_household_added_changed_and_deleted_is_recorded() {
    let mut s = store("bob");
    let mut f = carer("FC1");
    s.insert_carer(&f).unwrap();
    f.approved_places = 3;
    f.weekly_cost = Pence(110_000);
    s.update_carer(&f, date(2025, 1, 1)).unwrap();
    s.connection()
        .execute("DELETE FROM carers WHERE id = 'FC1'", [])
        .unwrap();

    let e = of(&s, "carers");
    assert_eq!(
        e.iter().map(|e| e.action).collect::<Vec<_>>(),
        [
            AuditAction::Insert,
            AuditAction::Update,
            AuditAction::Delete
        ]
    );
    assert!(e.iter().all(|e| e.key == "FC1"));
    assert_eq!(field(&e[0].after, "agency"), json!("Horizon Fostering Ltd"));
    assert_eq!(field(&e[0].after, "specialisms"), json!("adolescents"));
    assert_eq!(e[1].who, "bob");
    assert_eq!(
        e[1].changed_fields(),
        vec![
            change("approved_places", json!(2), json!(3)),
            change("weekly_cost_pence", json!(105_000), json!(110_000)),
        ]
    );
    assert_eq!(field(&e[2].before, "approved_places"), json!(3));
    assert_eq!(e[2].who, OUTSIDE_THE_APP);
}

#[test]
fn a_home_added_changed_and_deleted_is_recorded() {
    let mut s = store("carol");
    let mut h = home("RH1");
    s.insert_home(&h).unwrap();
    h.closed_on = Some(date(2025, 3, 31));
    s.update_home(&h).unwrap();
    s.connection()
        .execute("DELETE FROM homes WHERE id = 'RH1'", [])
        .unwrap();

    let e = of(&s, "homes");
    assert_eq!(e.len(), 3);
    assert_eq!(field(&e[0].after, "registered_beds"), json!(4));
    assert_eq!(
        field(&e[0].after, "weekly_cost_per_bed_pence"),
        json!(610_800)
    );
    assert_eq!(
        e[1].changed_fields(),
        vec![change("closed_on", Value::Null, json!("2025-03-31"))]
    );
    assert_eq!((e[1].who.as_str(), e[1].key.as_str()), ("carol", "RH1"));
    assert_eq!(e[2].action, AuditAction::Delete);
    assert_eq!(field(&e[2].before, "closed_on"), json!("2025-03-31"));
}

#[test]
fn a_placement_started_ended_and_removed_is_recorded() {
    let mut s = store("dan");
    s.insert_child(&child("C1")).unwrap();
    s.insert_carer(&carer("FC1")).unwrap();
    let id = s.insert_placement(&placement("C1", "FC1")).unwrap();
    s.end_placement(id, date(2024, 6, 30), Some("P1")).unwrap();
    // An SSDA903 re-import may remove a placement; it writes as the actor.
    s.import_batch(|b| b.delete_placement(id)).unwrap();

    let e = of(&s, "placements");
    assert_eq!(e.len(), 3);
    assert!(e.iter().all(|e| e.key == id.to_string() && e.who == "dan"));
    assert_eq!(e[0].action, AuditAction::Insert);
    assert_eq!(field(&e[0].after, "id"), json!(id));
    assert_eq!(field(&e[0].after, "carer_id"), json!("FC1"));
    assert_eq!(field(&e[0].after, "provider_code"), json!("PR4"));
    assert_eq!(
        e[1].changed_fields(),
        vec![
            change("end_date", Value::Null, json!("2024-06-30")),
            change("reason_for_change", Value::Null, json!("P1")),
        ]
    );
    assert_eq!(e[2].action, AuditAction::Delete);
    assert_eq!(field(&e[2].before, "end_date"), json!("2024-06-30"));
}

#[test]
fn a_referral_and_a_decision_are_recorded_and_a_refused_edit_is_not() {
    let mut s = store("erin");
    s.insert_child(&child("C1")).unwrap();
    s.insert_carer(&carer("FC1")).unwrap();
    let r = s.insert_referral(&referral("C1")).unwrap();
    let d = s
        .record_decision(&Decision {
            id: 0,
            referral_id: r,
            meeting_date: date(2026, 11, 18),
            outcome: DecisionOutcome::Placed,
            carer_id: Some("FC1".into()),
            home_id: None,
            start: Some(date(2026, 11, 19)),
            weekly_cost: Some(Pence(48_000)),
            placement_id: None,
            rationale: "Near school".into(),
            attendees: "Head of service".into(),
            corrects: None,
            recorded_at: String::new(),
        })
        .unwrap();

    let refs = of(&s, "referrals");
    assert_eq!(refs.len(), 1);
    assert_eq!(
        (refs[0].action, refs[0].key.as_str()),
        (AuditAction::Insert, r.to_string().as_str())
    );
    assert_eq!(field(&refs[0].after, "notes"), json!("first"));
    assert_eq!(field(&refs[0].after, "must_stay_near_home"), json!(1));

    let decs = of(&s, "decisions");
    assert_eq!(decs.len(), 1);
    assert_eq!(decs[0].key, d.to_string());
    assert_eq!(decs[0].who, "erin");
    assert_eq!(field(&decs[0].after, "outcome"), json!("placed"));
    assert_eq!(field(&decs[0].after, "rationale"), json!("Near school"));
    // Placing created the placement and changed the child in the same
    // transaction: both are in the trail, by the same person.
    let placement_id = field(&decs[0].after, "placement_id");
    let placed = of(&s, "placements");
    assert_eq!(placed.len(), 1);
    assert_eq!(field(&placed[0].after, "id"), placement_id);
    let child_changes = of(&s, "children");
    assert_eq!(
        child_changes.last().unwrap().changed_fields(),
        vec![change(
            "status",
            json!("awaiting_placement"),
            json!("looked_after")
        )]
    );

    // Decisions are never edited or deleted; the refusal writes nothing.
    let before = count(&s);
    assert!(s
        .connection()
        .execute("UPDATE decisions SET rationale = 'x'", [])
        .is_err());
    assert!(s.connection().execute("DELETE FROM decisions", []).is_err());
    assert_eq!(count(&s), before);

    // A referral changed and removed outside the app is still recorded.
    s.connection()
        .execute("UPDATE referrals SET notes = 'second' WHERE id = ?1", [r])
        .unwrap();
    let refs = of(&s, "referrals");
    assert_eq!(refs.len(), 2);
    assert_eq!(
        refs[1].changed_fields(),
        vec![change("notes", json!("first"), json!("second"))]
    );
    assert_eq!(refs[1].who, OUTSIDE_THE_APP);
}

#[test]
fn a_referral_deleted_is_recorded() {
    let mut s = store("erin");
    s.insert_child(&child("C1")).unwrap();
    let r = s.insert_referral(&referral("C1")).unwrap();
    s.connection()
        .execute("DELETE FROM referrals WHERE id = ?1", [r])
        .unwrap();
    let e = of(&s, "referrals");
    assert_eq!(e.len(), 2);
    assert_eq!(e[1].action, AuditAction::Delete);
    assert_eq!(field(&e[1].before, "child_id"), json!("C1"));
    assert_eq!(e[1].after, None);
}

#[test]
fn settings_and_cost_rates_record_only_what_changed() {
    let mut s = store("fay");
    s.save_settings(&settings("Test Council")).unwrap();
    let first = all(&s);
    let mut keys: Vec<(String, String, AuditAction)> = first
        .iter()
        .map(|e| (e.table.clone(), e.key.clone(), e.action))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    assert_eq!(
        keys,
        vec![
            (
                "cost_rates".into(),
                "ifa_fostering/2021".into(),
                AuditAction::Insert
            ),
            (
                "settings".into(),
                "boundary_geojson".into(),
                AuditAction::Insert
            ),
            (
                "settings".into(),
                "council_code".into(),
                AuditAction::Insert
            ),
            (
                "settings".into(),
                "council_name".into(),
                AuditAction::Insert
            ),
        ]
    );
    assert!(first.iter().all(|e| e.who == "fay"));

    // Saving the same settings again changes nothing and records nothing.
    let n = count(&s);
    s.save_settings(&settings("Test Council")).unwrap();
    assert_eq!(count(&s), n);

    // A new name, no boundary, a changed rate and a new one.
    let mut changed = settings("Renamed Council");
    changed.boundary_geojson = None;
    changed.cost_rates[0].weekly_cost = Pence(85_000);
    changed.cost_rates.push(CostRate {
        category: PlacementCategory::InHouseFostering,
        financial_year: 2021,
        weekly_cost: Pence(45_000),
        source: "own accounts".into(),
    });
    s.save_settings(&changed).unwrap();
    assert_eq!(s.settings().unwrap(), {
        let mut c = changed.clone();
        c.cost_rates
            .sort_by_key(|r| (r.category.code(), r.financial_year));
        c
    });
    let latest: Vec<AuditEntry> = all(&s).into_iter().skip(n as usize).collect();
    let name = latest.iter().find(|e| e.key == "council_name").unwrap();
    assert_eq!(name.action, AuditAction::Update);
    assert_eq!(
        name.changed_fields(),
        vec![change(
            "value",
            json!("Test Council"),
            json!("Renamed Council")
        )]
    );
    let boundary = latest.iter().find(|e| e.key == "boundary_geojson").unwrap();
    assert_eq!(boundary.action, AuditAction::Delete);
    let rate = latest
        .iter()
        .find(|e| e.key == "ifa_fostering/2021")
        .unwrap();
    assert_eq!(
        rate.changed_fields(),
        vec![change("weekly_cost_pence", json!(82_000), json!(85_000))]
    );
    let new_rate = latest
        .iter()
        .find(|e| e.key == "in_house_fostering/2021")
        .unwrap();
    assert_eq!(new_rate.action, AuditAction::Insert);
    assert_eq!(latest.len(), 4, "{latest:#?}");

    // Removing a rate is a delete.
    changed.cost_rates.truncate(1);
    s.save_settings(&changed).unwrap();
    let last = all(&s).pop().unwrap();
    assert_eq!(
        (last.table.as_str(), last.key.as_str(), last.action),
        ("cost_rates", "in_house_fostering/2021", AuditAction::Delete)
    );
    // A rate listed twice is still refused, and nothing is written.
    let n = count(&s);
    let mut twice = changed.clone();
    twice.cost_rates.push(twice.cost_rates[0].clone());
    assert!(matches!(
        s.save_settings(&twice),
        Err(StoreError::Constraint(_))
    ));
    assert_eq!(count(&s), n);
}

#[test]
fn the_pseudonym_secret_is_never_in_the_trail() {
    let mut s = store("gus");
    let salt = s.pseudonym_salt().unwrap();
    assert_eq!(count(&s), 0);
    assert!(!audit_csv(&all(&s)).contains(&salt));
}

#[test]
fn the_trail_cannot_be_changed_or_deleted() {
    let mut s = store("hal");
    s.insert_child(&child("C1")).unwrap();
    let before = all(&s);
    assert_eq!(before.len(), 1);

    for sql in [
        "UPDATE audit_log SET who = 'mallory'",
        "UPDATE audit_log SET after_json = NULL WHERE id = 1",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 1",
    ] {
        let err = s.connection().execute(sql, []).unwrap_err();
        assert!(err.to_string().contains(AUDIT_IS_READ_ONLY), "{sql}: {err}");
    }
    // Through the store's own write path too, with the sentence as the error.
    let err = s
        .write(|tx| {
            tx.execute("DELETE FROM audit_log", [])?;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.to_string(), AUDIT_IS_READ_ONLY);
    assert_eq!(AUDIT_IS_READ_ONLY, "the audit trail cannot be changed");
    assert_eq!(all(&s), before);
}

#[test]
fn a_failed_write_leaves_no_entry() {
    let mut s = store("ivy");
    s.insert_child(&child("C1")).unwrap();
    let n = count(&s);

    // A constraint broken part-way through a transaction: the first insert
    // (and its audit row) rolls back with it.
    let err = s
        .write(|tx| {
            tx.execute(
                "INSERT INTO homes (id, name, provider, sector, registered_beds, age_min, age_max,
                    weekly_cost_per_bed_pence) VALUES ('RH9', 'Elm', 'Acme', 'private', 2, 8, 17, 1)",
                [],
            )?;
            tx.execute(
                "INSERT INTO homes (id, name, provider, sector, registered_beds, age_min, age_max,
                    weekly_cost_per_bed_pence) VALUES ('RH10', 'Ash', 'Acme', 'private', -1, 8, 17, 1)",
                [],
            )?;
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)), "{err}");
    assert_eq!(count(&s), n);
    assert!(s.homes().unwrap().is_empty());

    // A duplicate reference refused by the database.
    assert!(matches!(
        s.insert_child(&child("C1")),
        Err(StoreError::Constraint(_))
    ));
    // An update of a child who is not there.
    assert!(matches!(
        s.update_child(&child("C404")),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(count(&s), n);
    // A rule checked by the store: places cannot drop below those placed.
    s.insert_carer(&carer("FC1")).unwrap();
    s.insert_placement(&placement("C1", "FC1")).unwrap();
    s.insert_child(&child("C2")).unwrap();
    s.insert_placement(&placement("C2", "FC1")).unwrap();
    let n = count(&s);
    let mut fewer = carer("FC1");
    fewer.approved_places = 1;
    assert!(matches!(
        s.update_carer(&fewer, date(2025, 1, 1)),
        Err(StoreError::Rule(_))
    ));
    assert_eq!(count(&s), n);
    assert_eq!(s.carer("FC1").unwrap().approved_places, 2);
    // No actor is ever left behind in the file.
    let actors: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM audit_actor", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actors, 0);
}

#[test]
fn who_is_the_actor_set_and_each_window_keeps_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite");
    let mut one = Store::create_new(&path).unwrap();
    let mut two = Store::open(&path).unwrap();
    one.set_actor("  jo  ").unwrap();
    two.set_actor("kim").unwrap();
    assert_eq!(one.actor(), "jo");
    assert!(matches!(one.set_actor("   "), Err(StoreError::Rule(_))));
    assert_eq!(one.actor(), "jo");

    one.insert_child(&child("C1")).unwrap();
    two.insert_child(&child("C2")).unwrap();
    one.insert_child(&child("C3")).unwrap();
    let who: Vec<(String, String)> = all(&one).into_iter().map(|e| (e.key, e.who)).collect();
    assert_eq!(
        who,
        vec![
            ("C1".into(), "jo".into()),
            ("C2".into(), "kim".into()),
            ("C3".into(), "jo".into()),
        ]
    );
    assert_eq!(one.audit_people().unwrap(), vec!["jo", "kim"]);
}

#[test]
fn the_settings_user_name_is_the_actor_when_a_file_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite");
    {
        let s = Store::create_new(&path).unwrap();
        assert_eq!(s.actor(), placement_planner::store::default_actor());
        assert!(!s.actor().is_empty());
        s.connection()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('user_name', 'Lee Jones')",
                [],
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.actor(), "Lee Jones");
    s.insert_child(&child("C1")).unwrap();
    let e = of(&s, "children");
    assert_eq!(e[0].who, "Lee Jones");
    // The setting itself was written outside the app, and says so.
    let setting = of(&s, "settings");
    assert_eq!(setting.len(), 1);
    assert_eq!(setting[0].who, OUTSIDE_THE_APP);
    assert_eq!(field(&setting[0].after, "value"), json!("Lee Jones"));
}

#[test]
fn the_filter_narrows_by_table_person_key_day_and_count() {
    let mut s = store("mo");
    for id in ["C10", "C11", "C20"] {
        s.insert_child(&child(id)).unwrap();
    }
    s.set_actor("ned").unwrap();
    s.insert_carer(&carer("IH7")).unwrap();
    s.insert_home(&home("RH1")).unwrap();

    let keys = |f: AuditFilter| -> Vec<String> {
        s.audit(&f).unwrap().into_iter().map(|e| e.key).collect()
    };
    // Newest first.
    assert_eq!(
        keys(AuditFilter::default()),
        ["RH1", "IH7", "C20", "C11", "C10"]
    );
    assert_eq!(
        keys(AuditFilter {
            table: Some("carers".into()),
            ..Default::default()
        }),
        ["IH7"]
    );
    assert_eq!(
        keys(AuditFilter {
            who: Some("NED".into()),
            ..Default::default()
        }),
        ["RH1", "IH7"]
    );
    assert_eq!(
        keys(AuditFilter {
            key_contains: Some("c1".into()),
            ..Default::default()
        }),
        ["C11", "C10"]
    );
    assert_eq!(
        keys(AuditFilter {
            limit: 2,
            ..Default::default()
        }),
        ["RH1", "IH7"]
    );
    let today = jiff::Zoned::now().date();
    assert_eq!(
        keys(AuditFilter {
            from: Some(today),
            to: Some(today),
            table: Some("children".into()),
            ..Default::default()
        })
        .len(),
        3
    );
    assert!(keys(AuditFilter {
        from: Some(today.tomorrow().unwrap()),
        ..Default::default()
    })
    .is_empty());
    assert!(keys(AuditFilter {
        to: Some(today.yesterday().unwrap()),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn times_are_utc_to_the_millisecond() {
    let mut s = store("ola");
    let start = jiff::Timestamp::now();
    s.insert_child(&child("C1")).unwrap();
    let end = jiff::Timestamp::now();
    let e = &all(&s)[0];
    // SQLite's clock is read to the millisecond.
    let slack = jiff::SignedDuration::from_millis(2);
    assert!(e.at >= start - slack && e.at <= end + slack, "{}", e.at);
    let stored: String = s
        .connection()
        .query_row("SELECT at FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored.len(), "2025-06-01T09:05:03.125Z".len(), "{stored}");
    assert!(stored.ends_with('Z') && stored.as_bytes()[19] == b'.');
}

#[test]
fn changed_fields_and_the_csv_export() {
    let mut s = store("pat");
    let mut c = child("C1");
    s.insert_child(&c).unwrap();
    c.home_postcode = Some(Postcode::parse("HP19 8AA").unwrap());
    s.update_child(&c).unwrap();
    let e = all(&s);
    // An insert lists every column, in the table's order, with no "before".
    let inserted = e[0].changed_fields();
    assert_eq!(inserted.len(), 12);
    assert_eq!(inserted[0], ("id".into(), None, Some(json!("C1"))));
    assert_eq!(inserted[11], ("left_care".into(), None, Some(Value::Null)));
    assert_eq!(
        e[1].changed_fields(),
        vec![change("home_postcode", Value::Null, json!("HP19 8AA"))]
    );
    assert!(line(&e[1]).contains("pat  changed children C1: home_postcode (blank) → \"HP19 8AA\""));

    let text = audit_csv(&e);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "at", "who", "table", "key", "action", "changed", "before", "after"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][2], "pat");
    assert_eq!(&rows[1][3], "children");
    assert_eq!(&rows[1][4], "C1");
    assert_eq!(&rows[1][5], "update");
    assert_eq!(&rows[1][6], "home_postcode");
    let after: Value = serde_json::from_str(&rows[1][8]).unwrap();
    assert_eq!(after["home_postcode"], json!("HP19 8AA"));
    assert_eq!(&rows[0][7], "");
    assert!(rows[0][1].parse::<jiff::Timestamp>().is_ok());
    // No entries: just the header.
    assert_eq!(audit_csv(&[]).lines().count(), 1);
}

#[test]
fn the_sample_county_load_is_audited_row_for_row() {
    let mut s = store("loader");
    let county = placement_planner::sample::generate(placement_planner::sample::DEFAULT_SEED);
    s.insert_county(&county).unwrap();
    let rows = |sql: &str| -> i64 { s.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    let audited = rows(
        "SELECT (SELECT count(*) FROM children) + (SELECT count(*) FROM carers)
              + (SELECT count(*) FROM homes) + (SELECT count(*) FROM placements)
              + (SELECT count(*) FROM referrals) + (SELECT count(*) FROM decisions)
              + (SELECT count(*) FROM settings) + (SELECT count(*) FROM cost_rates)",
    );
    assert!(audited > 1000, "{audited}");
    assert_eq!(rows("SELECT count(*) FROM audit_log"), audited);
    assert_eq!(
        rows("SELECT count(*) FROM audit_log WHERE action = 'insert' AND who = 'loader'"),
        audited
    );
    // Postcodes are reference data and are not audited.
    assert_eq!(
        rows("SELECT count(*) FROM audit_log WHERE table_name = 'postcodes'"),
        0
    );
}

#[test]
fn the_audit_command_filters_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    {
        let mut s = Store::create_new(&db).unwrap();
        s.set_actor("quinn").unwrap();
        let mut c = child("C1");
        s.insert_child(&c).unwrap();
        c.name = "Sam Other".into();
        s.update_child(&c).unwrap();
        s.insert_carer(&carer("FC1")).unwrap();
    }
    let run = |args: &[&str]| -> String {
        let out = common::planner()
            .arg("--db")
            .arg(&db)
            .arg("audit")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["--table", "children"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("quinn  changed children C1: name \"Sam Example\" → \"Sam Other\""),
        "{text}"
    );
    assert!(lines[1].contains("added children C1"), "{text}");
    assert_eq!(run(&["--limit", "1"]).lines().count(), 1);
    assert_eq!(run(&["--who", "nobody"]).trim(), "No audit entries match.");
    let csv_text = run(&["--format", "csv", "--key", "FC"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0][3], &rows[0][4], &rows[0][5]),
        ("carers", "FC1", "insert")
    );
    let today = jiff::Zoned::now().date().to_string();
    assert_eq!(run(&["--from", &today, "--to", &today]).lines().count(), 3);

    let out = common::planner()
        .arg("--db")
        .arg(&db)
        .args(["audit", "--table", "postcodes"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not audited"));
}

/// The command line's audit lines give the time as the window does: in the
/// computer's time zone, day first, here with the seconds; the CSV keeps
/// RFC 3339 in UTC. The zone is set for the command by `TZ` (POSIX rules,
/// so no time zone files are needed): the UK's, and central Europe's.
#[test]
fn audit_lines_read_local_time_and_the_csv_utc() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    {
        let s = Store::create_new(&db).unwrap();
        // Written as the triggers write them, at two known moments.
        s.connection()
            .execute_batch(
                r#"INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
                   VALUES ('2025-06-01T14:03:07.125Z', 'ria', 'settings', 'note', 'insert',
                           NULL, '{"key":"note","value":"x"}'),
                          ('2026-01-15T23:30:59.999Z', 'ria', 'settings', 'note', 'update',
                           '{"key":"note","value":"x"}', '{"key":"note","value":"y"}');"#,
            )
            .unwrap();
    }
    let run = |tz: &str, format: &str| -> String {
        common::succeeds(
            common::planner()
                .env("TZ", tz)
                .arg("--db")
                .arg(&db)
                .args(["audit", "--table", "settings", "--format", format]),
        )
    };
    // UK: 1 June is summer time (UTC+1), 15 January is GMT.
    assert_eq!(
        run("GMT0BST,M3.5.0/1,M10.5.0", "text"),
        "15/01/2026 23:30:59  ria  changed settings note: value \"x\" → \"y\"\n\
         01/06/2025 15:03:07  ria  added settings note: key \"note\"; value \"x\"\n"
    );
    // Central Europe: UTC+2 in June; UTC+1 in January, past midnight.
    assert_eq!(
        run("CET-1CEST,M3.5.0,M10.5.0/3", "text"),
        "16/01/2026 00:30:59  ria  changed settings note: value \"x\" → \"y\"\n\
         01/06/2025 16:03:07  ria  added settings note: key \"note\"; value \"x\"\n"
    );
    // The CSV is the same whatever the zone.
    for tz in ["GMT0BST,M3.5.0/1,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/3"] {
        let text = run(tz, "csv");
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let at: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
        assert_eq!(at, ["2026-01-15T23:30:59.999Z", "2025-06-01T14:03:07.125Z"]);
    }
}
