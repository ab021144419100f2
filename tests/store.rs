//! The store: every record type round-trips, constraints come back as
//! sentences, rules hold, and a database from the first schema upgrades.

use jiff::civil::date;
use placement_planner::model::carer::{CarerSector, CarerStatus, Specialism};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::vacancy::carer_occupancy;
use placement_planner::model::*;
use placement_planner::store::{migrations, Store, StoreError};

fn pc(s: &str) -> Postcode {
    Postcode::parse(s).unwrap()
}

fn child(id: &str) -> Child {
    Child {
        id: id.into(),
        name: "Sam Example".into(),
        date_of_birth: date(2012, 5, 20),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: true,
        sibling_group: Some("SG1".into()),
        home_postcode: Some(pc("HP19 8AA")),
        home_location: Some(GridRef::new(482_100, 213_400)),
        status: ChildStatus::LookedAfter,
        entered_care: date(2024, 2, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

fn carer(id: &str, places: u8) -> Carer {
    Carer {
        id: id.into(),
        name: "The Bakers".into(),
        sector: CarerSector::Ifa,
        agency: Some("Horizon Fostering Ltd".into()),
        approved_places: places,
        age_min: 5,
        age_max: 17,
        takes_siblings: true,
        specialisms: vec![Specialism::Adolescents, Specialism::StepDown],
        postcode: Some(pc("MK18 1AB")),
        location: Some(GridRef::new(469_500, 233_800)),
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
        postcode: Some(pc("B1 1AA")),
        location: None,
        weekly_cost_per_bed: Pence(610_800),
        closed_on: None,
    }
}

fn placement(
    child: &str,
    carer: &str,
    start: jiff::civil::Date,
    end: Option<jiff::civil::Date>,
) -> Placement {
    Placement {
        id: 0,
        child_id: child.into(),
        setting: PlacementSetting::Carer(carer.into()),
        postcode: None,
        start,
        end,
        weekly_cost: Some(Pence(105_000)),
        fee_changes: vec![],
        place: PlaceCode::U6,
        provider: Some(ProviderCode::PR4),
        reason_for_change: None,
    }
}

fn store_with_postcodes() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.upsert_postcodes(&[
        PostcodeEntry {
            postcode: pc("HP19 8AA"),
            grid: Some(GridRef::new(482_100, 213_400)),
            latitude: None,
            longitude: None,
            la_code: Some("E06000060".into()),
            county_code: None,
        },
        PostcodeEntry {
            postcode: pc("MK18 1AB"),
            grid: Some(GridRef::new(469_500, 233_800)),
            latitude: Some(51.99),
            longitude: Some(-0.98),
            la_code: Some("E06000060".into()),
            county_code: None,
        },
    ])
    .unwrap();
    s
}

#[test]
fn every_record_type_round_trips() {
    let mut s = store_with_postcodes();
    let c = child("C1");
    s.insert_child(&c).unwrap();
    assert_eq!(s.child("C1").unwrap(), c);

    let f = carer("FC1", 2);
    s.insert_carer(&f).unwrap();
    assert_eq!(s.carer("FC1").unwrap(), f);

    // A home whose postcode is not in the directory reads back with no location.
    let h = home("RH1");
    s.insert_home(&h).unwrap();
    assert_eq!(s.homes().unwrap(), vec![h]);

    let mut p = placement("C1", "FC1", date(2024, 2, 1), None);
    p.reason_for_change = Some("PLACE".into());
    let id = s.insert_placement(&p).unwrap();
    p.id = id;
    assert_eq!(s.placements().unwrap(), vec![p.clone()]);

    let settings = Settings {
        council_name: "Test Council".into(),
        council_code: "E06000060".into(),
        boundary_geojson: Some("{\"type\":\"Polygon\",\"coordinates\":[]}".into()),
        cost_rates: vec![CostRate {
            category: PlacementCategory::IfaFostering,
            financial_year: 2021,
            weekly_cost: Pence(82_000),
            source: "CMA 2021".into(),
        }],
        cost_uplift_pct: Default::default(),
    };
    s.save_settings(&settings).unwrap();
    assert_eq!(s.settings().unwrap(), settings);
    assert_eq!(
        s.postcode(&pc("MK18 1AB")).unwrap().unwrap().latitude,
        Some(51.99)
    );
    assert_eq!(s.postcode(&pc("ZZ9 9ZZ")).unwrap(), None);
}

#[test]
fn a_file_database_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite");
    {
        let mut s = Store::create_new(&path).unwrap();
        s.insert_child(&child("C7")).unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.child("C7").unwrap().name, "Sam Example");
    assert_eq!(s.schema_version().unwrap(), migrations::latest_version());
    let mode: String = s
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert!(matches!(
        Store::create_new(&path),
        Err(StoreError::File { .. })
    ));
}

#[test]
fn constraint_violations_are_sentences() {
    let mut s = store_with_postcodes();
    s.insert_child(&child("C1")).unwrap();
    let err = s.insert_child(&child("C1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a child with this reference already exists"
    );

    let mut bad = child("C2");
    bad.entered_care = date(2010, 1, 1); // before birth in 2012
    let err = s.insert_child(&bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a child cannot enter care before being born"
    );

    let mut ifa = carer("FC2", 1);
    ifa.agency = None;
    let err = s.insert_carer(&ifa).unwrap_err();
    assert_eq!(err.to_string(), "an IFA household needs its agency's name");

    let mut neg = carer("FC3", 1);
    neg.weekly_cost = Pence(-1);
    assert_eq!(
        s.insert_carer(&neg).unwrap_err().to_string(),
        "a weekly cost cannot be negative"
    );

    let mut early = carer("FC4", 1);
    early.status = CarerStatus::Resigned;
    early.ended_on = Some(date(2019, 8, 31)); // approved 01/09/2019
    assert_eq!(
        s.insert_carer(&early).unwrap_err().to_string(),
        "a household cannot resign before being approved"
    );

    // A placement ending before it starts, straight through SQL's CHECK.
    s.insert_carer(&carer("FC1", 1)).unwrap();
    let p = placement("C1", "FC1", date(2025, 5, 1), Some(date(2025, 4, 1)));
    assert_eq!(
        s.insert_placement(&p).unwrap_err().to_string(),
        "a placement cannot end before it starts"
    );
    // A placement for a child who does not exist.
    let p = placement("NOBODY", "FC1", date(2025, 5, 1), None);
    assert!(s
        .insert_placement(&p)
        .unwrap_err()
        .to_string()
        .starts_with("the record refers to a child, carer or home that does not exist"));
    // Nothing of the failed writes landed.
    assert_eq!(s.counts().unwrap().children, 1);
    assert_eq!(s.counts().unwrap().placements, 0);
}

#[test]
fn a_child_cannot_be_in_two_placements_at_once() {
    let mut s = store_with_postcodes();
    s.insert_child(&child("C1")).unwrap();
    s.insert_carer(&carer("FC1", 2)).unwrap();
    s.insert_placement(&placement(
        "C1",
        "FC1",
        date(2024, 2, 1),
        Some(date(2025, 1, 1)),
    ))
    .unwrap();
    // Starts the day the first ends: fine.
    s.insert_placement(&placement("C1", "FC1", date(2025, 1, 1), None))
        .unwrap();
    // Overlaps the open one.
    let err = s
        .insert_placement(&placement("C1", "FC1", date(2025, 6, 1), None))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "child C1 already has placement 2 (from 01/01/2025) over these dates; end it first"
    );
}

#[test]
fn vacancies_follow_from_places_minus_open_placements() {
    let mut s = store_with_postcodes();
    s.insert_carer(&carer("FC1", 3)).unwrap();
    for id in ["C1", "C2", "C3"] {
        s.insert_child(&child(id)).unwrap();
    }
    s.insert_placement(&placement("C1", "FC1", date(2025, 1, 1), None))
        .unwrap();
    s.insert_placement(&placement("C2", "FC1", date(2025, 3, 1), None))
        .unwrap();
    s.insert_placement(&placement(
        "C3",
        "FC1",
        date(2024, 1, 1),
        Some(date(2025, 2, 1)),
    ))
    .unwrap();
    let carers = s.carers().unwrap();
    let placements = s.placements().unwrap();
    // 15/01/2025: C1 and C3 placed → 3 places, 2 filled, 1 vacant.
    let o = carer_occupancy(&carers, &placements, date(2025, 1, 15))["FC1"];
    assert_eq!((o.places, o.filled, o.vacant()), (3, 2, 1));
    // 01/03/2025: C3 ended 01/02, C2 starts → C1, C2.
    let o = carer_occupancy(&carers, &placements, date(2025, 3, 1))["FC1"];
    assert_eq!((o.filled, o.vacant()), (2, 1));

    // Before its approval (01/09/2019) a household offers nothing; after
    // its resignation neither, though a child still placed counts as filled.
    let o = carer_occupancy(&carers, &placements, date(2019, 8, 31))["FC1"];
    assert_eq!((o.places, o.filled), (0, 0));
    let mut gone = carers[0].clone();
    gone.status = CarerStatus::Resigned;
    gone.ended_on = Some(date(2025, 2, 15));
    let o = carer_occupancy(&[gone], &placements, date(2025, 3, 1))["FC1"];
    assert_eq!((o.places, o.filled, o.vacant()), (0, 2, 0));

    // Places cannot drop below children placed now.
    let mut fewer = carers[0].clone();
    fewer.approved_places = 1;
    let err = s.update_carer(&fewer, date(2025, 3, 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Bakers has 2 children placed today; approved places cannot drop to 1"
    );
    // On hold: no places offered, the children still count as placed.
    let mut hold = carers[0].clone();
    hold.status = CarerStatus::OnHold;
    s.update_carer(&hold, date(2025, 3, 1)).unwrap();
    let o = carer_occupancy(&s.carers().unwrap(), &placements, date(2025, 3, 1))["FC1"];
    assert_eq!((o.places, o.filled, o.vacant()), (0, 2, 0));
}

#[test]
fn leaving_care_ends_the_open_placement() {
    let mut s = store_with_postcodes();
    s.insert_child(&child("C1")).unwrap();
    s.insert_carer(&carer("FC1", 1)).unwrap();
    s.insert_placement(&placement("C1", "FC1", date(2024, 2, 1), None))
        .unwrap();
    let mut c = s.child("C1").unwrap();
    c.status = ChildStatus::LeftCare;
    c.left_care = Some(date(2026, 5, 20));
    s.update_child(&c).unwrap();
    let p = &s.placements_for_child("C1").unwrap()[0];
    assert_eq!(p.end, Some(date(2026, 5, 20)));
}

#[test]
fn a_home_with_children_cannot_close() {
    let mut s = store_with_postcodes();
    s.insert_child(&child("C1")).unwrap();
    s.insert_home(&home("RH1")).unwrap();
    let mut p = placement("C1", "FC1", date(2025, 1, 1), None);
    p.setting = PlacementSetting::Home("RH1".into());
    p.place = PlaceCode::K2;
    s.insert_placement(&p).unwrap();
    let mut h = home("RH1");
    h.closed_on = Some(date(2026, 1, 1));
    let err = s.update_home(&h).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Oak House still has 1 placement(s) open after 01/01/2026; end or move them first"
    );
}

/// A database made by the first schema (version 1, before the postcode
/// directory) opens in this build, keeps its rows and is upgraded.
#[test]
fn a_version_1_database_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(
            migrations::MIGRATION_SQL[0],
        )])
        .to_latest(&mut conn)
        .unwrap();
        conn.execute_batch(
            "INSERT INTO children VALUES ('C9','Old Record','2011-01-02','1','V2','N4',0,NULL,'HP5 1AA','looked_after','2020-03-04',NULL);
             INSERT INTO carers VALUES ('FC9','The Olds','in_house',NULL,2,0,17,0,'','HP5 1AB',45000,'active','2015-06-01',NULL);
             INSERT INTO placements (child_id, carer_id, start_date, weekly_cost_pence, place_code, provider_code)
               VALUES ('C9','FC9','2020-03-04',45000,'U6','PR1');",
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), migrations::latest_version());
    let c = s.child("C9").unwrap();
    assert_eq!(c.date_of_birth, date(2011, 1, 2));
    assert_eq!(c.home_location, None); // no directory yet: location not known
    let p = &s.placements().unwrap()[0];
    assert_eq!(p.category(), PlacementCategory::InHouseFostering);
    assert_eq!(
        p.weekly_cost.map(|c| c.to_pounds_string()).as_deref(),
        Some("£450")
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::TooNew { found: 99, known } if known == migrations::latest_version())
    );
    assert!(err.to_string().contains("newer version"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn a_file_that_is_not_a_database_gives_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(&path, "these are meeting notes, not a database").unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(
        err.to_string().contains("not a placement-planner database"),
        "{err}"
    );
}

/// First run: the default database is created holding the sample county;
/// the second run opens it as it is, changes kept.
#[test]
fn first_run_creates_the_sample_and_later_runs_keep_changes() {
    use placement_planner::sample::{generate, DEFAULT_SEED};
    use placement_planner::session::open_or_create;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("placement-planner.sqlite");
    let (mut store, created) = open_or_create(&path, true).unwrap();
    assert!(created);
    let county = generate(DEFAULT_SEED);
    assert_eq!(
        store.counts().unwrap().children as usize,
        county.children.len()
    );
    assert_eq!(store.settings().unwrap().council_code, "E06000060");
    store.insert_carer(&carer("NEW1", 1)).unwrap();
    drop(store);

    let (store, created) = open_or_create(&path, true).unwrap();
    assert!(!created);
    assert_eq!(
        store.counts().unwrap().carers as usize,
        county.carers.len() + 1
    );
    // Every placement read back derives the same category as generated.
    let mut read: Vec<_> = store.placements().unwrap();
    read.sort_by_key(|p| p.id);
    assert_eq!(read.len(), county.placements.len());
    for (a, b) in read.iter().zip(&county.placements) {
        assert_eq!(
            (a.id, a.category(), a.start, a.end),
            (b.id, b.category(), b.start, b.end)
        );
    }
}

#[test]
fn a_full_or_unavailable_household_takes_no_new_placement() {
    let mut s = store_with_postcodes();
    s.insert_carer(&carer("FC1", 1)).unwrap();
    for id in ["C1", "C2"] {
        s.insert_child(&child(id)).unwrap();
    }
    s.insert_placement(&placement("C1", "FC1", date(2025, 1, 1), None))
        .unwrap();
    let err = s
        .insert_placement(&placement("C2", "FC1", date(2025, 6, 1), None))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Bakers (FC1) has no vacancy on 01/06/2025: 1 placed, 1 approved places"
    );
    // Before C1 arrived the place was free.
    s.insert_placement(&placement(
        "C2",
        "FC1",
        date(2024, 6, 1),
        Some(date(2024, 12, 1)),
    ))
    .unwrap();

    let mut hold = carer("FC2", 2);
    hold.status = CarerStatus::OnHold;
    s.insert_carer(&hold).unwrap();
    let err = s
        .insert_placement(&placement("C2", "FC2", date(2025, 6, 1), None))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Bakers (FC2) is on hold and takes no new placements"
    );
    assert_eq!(s.counts().unwrap().placements, 2);
}

#[test]
fn network_shares_are_recognised_and_local_disks_are_not() {
    use placement_planner::store::{network_fs_type, on_network_share};
    use std::path::Path;
    assert!(on_network_share(Path::new(
        r"\\fileserver\childrens\county.sqlite"
    )));
    assert!(on_network_share(Path::new(
        "//fileserver/childrens/county.sqlite"
    )));
    // The long forms Windows gives for a resolved path: a share's is a
    // share; a local disk's (`\\?\C:\…`) and a device's are not.
    assert!(on_network_share(Path::new(
        r"\\?\UNC\fileserver\childrens\county.sqlite"
    )));
    assert!(!on_network_share(Path::new(
        r"\\?\C:\Users\panel\county.sqlite"
    )));
    assert!(!on_network_share(Path::new(r"\\.\PhysicalDrive0")));
    assert!(on_network_share(Path::new(
        "//?/unc/fileserver/childrens/county.sqlite"
    )));
    for kind in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs"] {
        assert!(network_fs_type(kind), "{kind}");
    }
    for kind in ["ext4", "xfs", "btrfs", "tmpfs", "overlay", "apfs"] {
        assert!(!network_fs_type(kind), "{kind}");
    }
    // The test's own temporary folder is on a local disk: WAL, no warning.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.sqlite");
    assert!(!on_network_share(&path));
    let store = Store::create_new(&path).unwrap();
    assert!(store.warnings().is_empty());
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// A child who left care and is entered again through the form keeps the
/// period that ended: looked after in both, not between.
#[test]
fn entering_care_again_keeps_the_period_that_ended() {
    use placement_planner::model::child::CarePeriod;
    let mut s = store_with_postcodes();
    let mut c = child("C1");
    c.status = ChildStatus::LeftCare;
    c.left_care = Some(date(2024, 9, 1));
    s.insert_child(&c).unwrap();
    // The form knows only the current period.
    let again = Child {
        status: ChildStatus::AwaitingPlacement,
        entered_care: date(2025, 3, 1),
        left_care: None,
        ..child("C1")
    };
    s.update_child(&again).unwrap();
    let stored = s.child("C1").unwrap();
    assert_eq!(
        stored.earlier_periods,
        [CarePeriod {
            started: date(2024, 2, 1),
            ended: date(2024, 9, 1)
        }]
    );
    assert!(stored.looked_after_on(date(2024, 5, 1)));
    assert!(!stored.looked_after_on(date(2024, 12, 1)));
    assert!(stored.looked_after_on(date(2025, 3, 1)));
    // An ordinary edit (a new name) leaves the periods as they are.
    s.update_child(&Child {
        name: "Sam Renamed".into(),
        ..stored.clone()
    })
    .unwrap();
    assert_eq!(
        s.child("C1").unwrap().earlier_periods,
        stored.earlier_periods
    );
    // Moving the start back over the earlier period drops it.
    s.update_child(&Child {
        entered_care: date(2024, 2, 1),
        earlier_periods: Vec::new(),
        ..stored
    })
    .unwrap();
    assert!(s.child("C1").unwrap().earlier_periods.is_empty());
}
