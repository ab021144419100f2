//! Matching a referral to carers and beds, on a small county checked by hand.
//!
//! Council E06000060. The child C1 (born 01/06/2012, so 13 on 01/04/2026)
//! lives at HP19 1AA (480000, 210000).
//!
//! Postcodes and DfE distances from the child's home
//! (miles = sqrt(dE² + dN²) / 1000 / 1.6093, to 1 dp):
//!   HP21 1AA (483000, 214000) in area:  √(3000²+4000²)   =   5,000 m →  3.1069 →  3.1
//!   HP20 1AA (480000, 220000) in area:  10,000 m                      →  6.2139 →  6.2
//!   OX9 1AA  (470000, 205000) Oxon:     √(10000²+5000²)  = 11,180.3 m →  6.9473 →  6.9
//!   HP22 1AA (492000, 215000) in area:  √(12000²+5000²)  =  13,000 m  →  8.0780 →  8.1
//!   MK18 1AA (480000, 250000) in area:  40,000 m                      → 24.8555 → 24.9
//!   B1 1AA   (407000, 286500) B'ham:    √(73000²+76500²) = 105,741.4 m → 65.7059 → 65.7
//!   ZZ1 1ZZ  not in the directory: location, distance and area not known.
//!
//! Carer households (sector, places, ages, siblings, specialisms, postcode, £/week):
//!   F1  in-house 2 0–17 yes  -            HP21  3.1 in    £450 (an ended placement: still 2 free)
//!   F2  in-house 1 0–10 no   -            HP20  6.2 in    £400 → too young a range for 13
//!   F3  IFA      2 0–17 yes  adol,step    OX9   6.9 out   £850
//!   F4  IFA      1 0–17 no   disability   HP22  8.1 in    £820
//!   F5  in-house 1 11–17 no  -            MK18 24.9 in    £420
//!   F6  in-house 2 0–17 yes  -   ON HOLD  HP20  6.2 in    £400 → on hold
//!   F7  in-house resigned 01/01/2025                                → not listed
//!   F8  in-house approved 01/06/2026 (after the date)               → not listed
//!   F9  kinship  1 0–17 no   -            ZZ1   ?   ?     £300 (C1's former carer)
//!   F10 IFA      2 0–17 yes  -  (1 placed) HP20  6.2 in    £800 → 1 free
//!   F11 IFA      1 0–17 no   -            B1   65.7 out   £780
//!   F12 in-house 2 0–17 no   emergency    HP22  8.1 in    £430
//! Homes (sector, beds, placed, ages, postcode, £/bed/week):
//!   H1 private     4 2 8–17 OX9   6.9 out £6,100 → 2 free
//!   H2 own council 1 1 8–17 HP21  3.1 in  £5,000 → 0 free
//!   H3 voluntary   4 0 8–17 MK18 24.9 in  £5,500 → 4 free
//!   H4 private closed 31/12/2025 → not listed

use jiff::civil::{date, Date};
use placement_planner::county::{CountyData, ProviderSector};
use placement_planner::geography::AreaStatus;
use placement_planner::matching::*;
use placement_planner::model::carer::{CarerSector, CarerStatus, Specialism};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use placement_planner::report::matching::{to_json, to_text};

const ON: Date = date(2026, 4, 1);

fn pc(s: &str) -> Postcode {
    Postcode::parse(s).unwrap()
}

fn entry(p: &str, e: i32, n: i32, la: &str) -> PostcodeEntry {
    PostcodeEntry {
        postcode: pc(p),
        grid: Some(GridRef::new(e, n)),
        latitude: None,
        longitude: None,
        la_code: Some(la.to_string()),
        county_code: None,
    }
}

fn child(id: &str, home: Option<&str>) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: date(2012, 6, 1),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: home.map(pc),
        home_location: None,
        status: ChildStatus::AwaitingPlacement,
        entered_care: date(2026, 3, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn carer(
    id: &str,
    sector: CarerSector,
    places: u8,
    ages: (u8, u8),
    siblings: bool,
    specialisms: &[Specialism],
    postcode: &str,
    pounds: i64,
) -> Carer {
    Carer {
        id: id.into(),
        name: format!("Household {id}"),
        sector,
        agency: (sector == CarerSector::Ifa).then(|| "Agency".to_string()),
        approved_places: places,
        age_min: ages.0,
        age_max: ages.1,
        takes_siblings: siblings,
        specialisms: specialisms.to_vec(),
        postcode: Some(pc(postcode)),
        location: None,
        weekly_cost: Pence::from_pounds(pounds),
        status: CarerStatus::Active,
        approval_date: date(2015, 1, 1),
        ended_on: None,
    }
}

fn home(id: &str, sector: HomeSector, beds: u8, postcode: &str, pounds: i64) -> Home {
    Home {
        id: id.into(),
        name: format!("Home {id}"),
        provider: "Provider".into(),
        sector,
        ofsted_urn: None,
        registered_beds: beds,
        age_min: 8,
        age_max: 17,
        postcode: Some(pc(postcode)),
        location: None,
        weekly_cost_per_bed: Pence::from_pounds(pounds),
        closed_on: None,
    }
}

fn placement(id: i64, setting: PlacementSetting, end: Option<Date>) -> Placement {
    let place = match setting {
        PlacementSetting::Home(_) => PlaceCode::K2,
        _ => PlaceCode::U6,
    };
    Placement {
        id,
        child_id: format!("X{id}"),
        setting,
        postcode: None,
        start: date(2025, 1, 1),
        end,
        weekly_cost: Some(Pence::from_pounds(800)),
        fee_changes: vec![],
        place,
        provider: Some(ProviderCode::PR4),
        reason_for_change: None,
    }
}

fn county() -> CountyData {
    use CarerSector::*;
    use Specialism::*;
    let mut f6 = carer("F6", InHouse, 2, (0, 17), true, &[], "HP20 1AA", 400);
    f6.status = CarerStatus::OnHold;
    let mut f7 = carer("F7", InHouse, 2, (0, 17), true, &[], "HP20 1AA", 400);
    f7.status = CarerStatus::Resigned;
    f7.ended_on = Some(date(2025, 1, 1));
    let mut f8 = carer("F8", InHouse, 2, (0, 17), true, &[], "HP20 1AA", 400);
    f8.approval_date = date(2026, 6, 1);
    let carers = vec![
        carer("F1", InHouse, 2, (0, 17), true, &[], "HP21 1AA", 450),
        carer("F2", InHouse, 1, (0, 10), false, &[], "HP20 1AA", 400),
        carer(
            "F3",
            Ifa,
            2,
            (0, 17),
            true,
            &[Adolescents, StepDown],
            "OX9 1AA",
            850,
        ),
        carer("F4", Ifa, 1, (0, 17), false, &[Disability], "HP22 1AA", 820),
        carer("F5", InHouse, 1, (11, 17), false, &[], "MK18 1AA", 420),
        f6,
        f7,
        f8,
        carer("F9", Kinship, 1, (0, 17), false, &[], "ZZ1 1ZZ", 300),
        carer("F10", Ifa, 2, (0, 17), true, &[], "HP20 1AA", 800),
        carer("F11", Ifa, 1, (0, 17), false, &[], "B1 1AA", 780),
        carer(
            "F12",
            InHouse,
            2,
            (0, 17),
            false,
            &[Emergency],
            "HP22 1AA",
            430,
        ),
    ];
    let mut h4 = home("H4", HomeSector::Private, 4, "HP20 1AA", 4_000);
    h4.closed_on = Some(date(2025, 12, 31));
    let homes = vec![
        home("H1", HomeSector::Private, 4, "OX9 1AA", 6_100),
        home("H2", HomeSector::OwnCouncil, 1, "HP21 1AA", 5_000),
        home("H3", HomeSector::Voluntary, 4, "MK18 1AA", 5_500),
        h4,
    ];
    use PlacementSetting::*;
    let placements = vec![
        placement(1, Carer("F1".into()), Some(date(2026, 1, 1))),
        placement(2, Carer("F10".into()), None),
        placement(3, Home("H1".into()), None),
        placement(4, Home("H1".into()), None),
        placement(5, Home("H2".into()), None),
        // C1 lived with the kinship household F9 in 2025: F9 is connected to
        // C1 (and to no other child), and free again.
        Placement {
            child_id: "C1".into(),
            place: PlaceCode::U3,
            provider: Some(ProviderCode::PR1),
            ..placement(6, Carer("F9".into()), Some(date(2025, 12, 1)))
        },
    ];
    let postcodes = vec![
        entry("HP19 1AA", 480_000, 210_000, "E06000060"),
        entry("HP20 1AA", 480_000, 220_000, "E06000060"),
        entry("HP21 1AA", 483_000, 214_000, "E06000060"),
        entry("HP22 1AA", 492_000, 215_000, "E06000060"),
        entry("MK18 1AA", 480_000, 250_000, "E06000060"),
        entry("OX9 1AA", 470_000, 205_000, "E07000179"),
        entry("B1 1AA", 407_000, 286_500, "E08000025"),
    ];
    CountyData::new(
        Settings {
            council_name: "Test".into(),
            council_code: "E06000060".into(),
            boundary_geojson: None,
            cost_rates: vec![],
            cost_uplift_pct: Default::default(),
        },
        vec![child("C1", Some("HP19 1AA")), child("C2", None)],
        carers,
        homes,
        placements,
        postcodes,
    )
}

fn referral() -> Referral {
    Referral {
        id: 1,
        child_id: "C1".into(),
        received: date(2026, 3, 25),
        sibling_group_size: 1,
        disability: false,
        specialisms_needed: vec![],
        must_stay_near_home: false,
        risk_flags: String::new(),
        urgency: Urgency::Planned,
        latest_start: date(2026, 4, 15),
        notes: String::new(),
    }
}

/// Matches `r` for C1 (or C2, homeless in the data, when `known_home` is false).
fn run(
    data: &CountyData,
    r: &Referral,
    mode: RankingMode,
    radius: Option<f64>,
    known_home: bool,
) -> MatchResult {
    let supply = SupplyIndex::build(data, ON);
    let c = &data.children[if known_home { 0 } else { 1 }];
    let req = MatchRequest {
        referral: r,
        child: c,
        home: child_home_grid(data, c),
        on: ON,
        mode,
        radius_miles: radius,
    };
    candidates(&supply, &req)
}

fn ids(r: &MatchResult) -> Vec<&str> {
    r.suitable.iter().map(|c| &*c.provider_id).collect()
}

fn reason(r: &MatchResult, id: &str) -> Option<String> {
    r.excluded
        .iter()
        .find(|x| &*x.provider_id == id)
        .map(|x| x.reason.to_string())
}

fn suitable<'a>(r: &'a MatchResult, id: &str) -> &'a Candidate {
    r.suitable
        .iter()
        .find(|c| &*c.provider_id == id)
        .unwrap_or_else(|| panic!("{id} not suitable"))
}

#[test]
fn supply_lists_approved_households_and_open_homes_only() {
    let data = county();
    let supply = SupplyIndex::build(&data, ON);
    let listed: Vec<&str> = supply.entries().iter().map(|e| &*e.id).collect();
    // F7 resigned, F8 approved after the date, H4 closed: not listed at all.
    assert_eq!(
        listed,
        ["F1", "F2", "F3", "F4", "F5", "F6", "F9", "F10", "F11", "F12", "H1", "H2", "H3"]
    );
    assert_eq!(supply.located_count(), 12);
    assert_eq!(supply.unlocated().len(), 1); // F9 at ZZ1 1ZZ
    let f10 = supply.get(CandidateKind::Carer, "F10").unwrap();
    assert_eq!((f10.occupancy.places, f10.vacant()), (2, 1));
    let f1 = supply.get(CandidateKind::Carer, "F1").unwrap();
    assert_eq!(f1.vacant(), 2); // its placement ended 01/01/2026
    assert_eq!(supply.get(CandidateKind::Bed, "H1").unwrap().vacant(), 2);
    assert_eq!(supply.get(CandidateKind::Bed, "H2").unwrap().vacant(), 0);
    assert!(supply.get(CandidateKind::Carer, "F6").unwrap().on_hold);

    // Nothing of the excluded-from-supply shows in a match either.
    let r = run(&data, &referral(), RankingMode::CouncilDefault, None, true);
    for gone in ["F7", "F8", "H4"] {
        assert!(!ids(&r).contains(&gone));
        assert!(reason(&r, gone).is_none());
    }
}

#[test]
fn distances_are_dfe_to_one_decimal_place() {
    let data = county();
    let r = run(&data, &referral(), RankingMode::CouncilDefault, None, true);
    // See the table at the top of the file for the arithmetic.
    for (id, miles, within, area) in [
        ("F1", 3.1, true, AreaStatus::Inside),
        ("F10", 6.2, true, AreaStatus::Inside),
        ("F3", 6.9, true, AreaStatus::Outside),
        ("F4", 8.1, true, AreaStatus::Inside),
        ("F5", 24.9, false, AreaStatus::Inside),
        ("F11", 65.7, false, AreaStatus::Outside),
        ("H1", 6.9, true, AreaStatus::Outside),
        ("H3", 24.9, false, AreaStatus::Inside),
    ] {
        let c = suitable(&r, id);
        assert_eq!(c.distance_miles, Some(miles), "{id}");
        assert_eq!(c.within_20_miles, Some(within), "{id}");
        assert_eq!(c.in_area, area, "{id}");
    }
    let f9 = suitable(&r, "F9");
    assert_eq!(f9.distance_miles, None);
    assert_eq!(f9.within_20_miles, None);
    assert_eq!(f9.in_area, AreaStatus::Unknown);
    assert_eq!(r.unlocated_considered, 1);
    assert_eq!(suitable(&r, "H1").kind, CandidateKind::Bed);
    assert_eq!(suitable(&r, "H1").sector, ProviderSector::PrivateHome);
}

#[test]
fn age_range_on_hold_and_no_vacancy_exclude_with_reasons() {
    let data = county();
    let r = run(&data, &referral(), RankingMode::CouncilDefault, None, true);
    assert_eq!(
        reason(&r, "F2").as_deref(),
        Some("approved for ages 0–10; the child is 13")
    );
    assert_eq!(reason(&r, "F6").as_deref(), Some("on hold"));
    assert_eq!(reason(&r, "H2").as_deref(), Some("no vacancy"));
    // Excluded nearest first: H2 3.1, F2 6.2, F6 6.2 (then by id).
    let excluded: Vec<&str> = r.excluded.iter().map(|x| &*x.provider_id).collect();
    assert_eq!(excluded, ["H2", "F2", "F6"]);
    assert_eq!(r.suitable.len(), 10);
}

#[test]
fn sibling_groups_need_the_places_and_the_approval() {
    let data = county();
    let mut pair = referral();
    pair.sibling_group_size = 2;
    let r = run(&data, &pair, RankingMode::CouncilDefault, None, true);
    // F10 has 2 places with 1 child placed.
    assert_eq!(
        reason(&r, "F10").as_deref(),
        Some("no vacancy for 2 children (1 free)")
    );
    assert_eq!(
        reason(&r, "F4").as_deref(),
        Some("no vacancy for 2 children (1 free)")
    );
    // F12 has 2 free places but is not approved for sibling groups.
    assert_eq!(
        reason(&r, "F12").as_deref(),
        Some("does not take sibling groups (2 children to place together)")
    );
    assert_eq!(
        reason(&r, "H2").as_deref(),
        Some("no vacancy for 2 children (0 free)")
    );
    // A home needs only the beds: H1 has 2 free, H3 has 4.
    // Council default: F1 (in-house) first; then ≤20 miles: H1; then over 20: H3.
    // F3 (IFA, 6.9, out of area, £850) before H1 (6.9, out, £6,100) on cost.
    assert_eq!(ids(&r), ["F1", "F3", "H1", "H3"]);
    assert_eq!(suitable(&r, "F1").needs_met, ["takes sibling groups"]);
    assert_eq!(suitable(&r, "H1").needs_met, ["2 beds free together"]);
}

#[test]
fn a_needed_specialism_is_a_hard_rule() {
    let data = county();
    let mut r = referral();
    r.specialisms_needed = vec![Specialism::StepDown];
    let m = run(&data, &r, RankingMode::CouncilDefault, None, true);
    assert_eq!(ids(&m), ["F3"]);
    assert_eq!(
        suitable(&m, "F3").needs_met,
        ["offers step-down from residential"]
    );
    for id in ["F1", "F4", "F5", "F9", "F10", "F11", "F12", "H1", "H3"] {
        assert_eq!(
            reason(&m, id).as_deref(),
            Some("does not offer step-down from residential"),
            "{id}"
        );
    }
    // Earlier rules win: F2 on age, F6 on hold, H2 on vacancy.
    assert_eq!(reason(&m, "F6").as_deref(), Some("on hold"));
    assert!(reason(&m, "F2").unwrap().starts_with("approved for ages"));
}

#[test]
fn disability_alone_is_a_preference_not_a_rule() {
    let data = county();
    let mut r = referral();
    r.disability = true;
    let m = run(&data, &r, RankingMode::LevelPlayingField, None, true);
    // Nothing is excluded for it; F4 (disability) jumps to the top of the
    // ≤20-mile band above cheaper options.
    assert_eq!(m.suitable.len(), 10);
    assert_eq!(ids(&m)[0], "F4");
    assert_eq!(suitable(&m, "F4").needs_met, ["disability experience"]);
    assert_eq!(suitable(&m, "F4").preferences_met, 1);
    // Council default: in-house still first; among the other sectors within
    // 20 miles and in area, F4 (£820, preference met) now precedes F10 (£800).
    let m = run(&data, &r, RankingMode::CouncilDefault, None, true);
    assert_eq!(
        ids(&m),
        ["F12", "F1", "F5", "F4", "F10", "F3", "H1", "H3", "F11", "F9"]
    );

    r.specialisms_needed = vec![Specialism::Disability];
    let m = run(&data, &r, RankingMode::LevelPlayingField, None, true);
    assert_eq!(ids(&m), ["F4"]);
    assert_eq!(
        reason(&m, "F1").as_deref(),
        Some("does not offer care for disabled children")
    );
}

#[test]
fn must_stay_near_home_excludes_over_20_miles_and_unknown() {
    let data = county();
    let mut r = referral();
    r.must_stay_near_home = true;
    let m = run(&data, &r, RankingMode::CouncilDefault, None, true);
    assert_eq!(
        reason(&m, "F5").as_deref(),
        Some("24.9 miles from home; the child must stay within 20 miles")
    );
    assert_eq!(
        reason(&m, "H3").as_deref(),
        Some("24.9 miles from home; the child must stay within 20 miles")
    );
    assert!(reason(&m, "F11").unwrap().starts_with("65.7 miles"));
    assert_eq!(
        reason(&m, "F9").as_deref(),
        Some("distance from home not known; the child must stay within 20 miles")
    );
    assert_eq!(ids(&m), ["F12", "F1", "F10", "F4", "F3", "H1"]);
}

#[test]
fn council_default_ranking() {
    let data = county();
    let m = run(&data, &referral(), RankingMode::CouncilDefault, None, true);
    // In-house first: F12 (8.1, in, £430) and F1 (3.1, in, £450) are both
    //   within 20 miles and in area, so cost decides: F12 then F1; F5 (in-house,
    //   24.9 miles) after them.
    // Then the other sectors within 20 miles: in area first, by cost:
    //   F10 (£800), F4 (£820); out of area: F3 (£850), H1 (£6,100).
    // Then over 20 miles: H3 (in area) before F11 (out of area).
    // Then distance not known: F9.
    assert_eq!(
        ids(&m),
        ["F12", "F1", "F5", "F10", "F4", "F3", "H1", "H3", "F11", "F9"]
    );
    let ranks: Vec<usize> = m.suitable.iter().map(|c| c.rank).collect();
    assert_eq!(ranks, (1..=10).collect::<Vec<_>>());
}

#[test]
fn level_playing_field_ranking() {
    let data = county();
    let m = run(
        &data,
        &referral(),
        RankingMode::LevelPlayingField,
        None,
        true,
    );
    // Within 20 miles, cheapest first whatever the sector:
    //   F12 £430, F1 £450, F10 £800, F4 £820, F3 £850, H1 £6,100;
    // then over 20 miles: F5 £420, F11 £780, H3 £5,500; then not known: F9.
    assert_eq!(
        ids(&m),
        ["F12", "F1", "F10", "F4", "F3", "H1", "F5", "F11", "H3", "F9"]
    );
}

#[test]
fn cost_above_cheapest_is_against_the_cheapest_suitable_option() {
    let data = county();
    let m = run(&data, &referral(), RankingMode::CouncilDefault, None, true);
    // The cheapest suitable is F9 at £300 (F2 and F6 at £400 are excluded).
    assert_eq!(m.cheapest_weekly_cost, Some(Pence::from_pounds(300)));
    for (id, above) in [
        ("F9", 0),
        ("F12", 130),
        ("F1", 150),
        ("F5", 120),
        ("F4", 520),
        ("H1", 5_800),
    ] {
        assert_eq!(
            suitable(&m, id).cost_above_cheapest,
            Pence::from_pounds(above),
            "{id}"
        );
    }
    // Within 20 miles only (must stay near home), F9 is out and F12 (£430)
    // is the cheapest.
    let mut r = referral();
    r.must_stay_near_home = true;
    let m = run(&data, &r, RankingMode::CouncilDefault, None, true);
    assert_eq!(suitable(&m, "F12").cost_above_cheapest, Pence::ZERO);
    assert_eq!(
        suitable(&m, "H1").cost_above_cheapest,
        Pence::from_pounds(5_670)
    );
}

/// Every (id, kind) with its outcome, for comparing searches.
fn outcomes(m: &MatchResult) -> Vec<(String, Option<f64>, Option<String>)> {
    let mut v: Vec<_> = m
        .suitable
        .iter()
        .map(|c| (c.provider_id.to_string(), c.distance_miles, None))
        .chain(m.excluded.iter().map(|x| {
            (
                x.provider_id.to_string(),
                x.distance_miles,
                Some(x.reason.to_string()),
            )
        }))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn radius_queries_agree_with_a_full_scan() {
    let data = county();
    let mut pair = referral();
    pair.sibling_group_size = 2;
    for r in [referral(), pair] {
        for mode in RankingMode::ALL {
            let full = run(&data, &r, mode, None, true);
            assert_eq!(full.searched_radius_miles, None);
            // No distance here lies near a radius, so the 1 dp figure decides.
            for radius in [0.0, 3.0, 5.0, 7.0, 20.0, 30.0, 60.0, 70.0, 1_000.0] {
                let near = run(&data, &r, mode, Some(radius), true);
                assert_eq!(near.searched_radius_miles, Some(radius));
                let expected: Vec<_> = outcomes(&full)
                    .into_iter()
                    .filter(|(_, d, _)| d.is_none_or(|d| d <= radius))
                    .collect();
                assert_eq!(outcomes(&near), expected, "radius {radius}");
                // The same order, too, as the full ranking with the far ones dropped.
                let order: Vec<&str> = ids(&full)
                    .into_iter()
                    .filter(|id| ids(&near).contains(id))
                    .collect();
                assert_eq!(ids(&near), order, "radius {radius}");
                // F9 (no location) is always considered.
                assert_eq!(near.unlocated_considered, 1);
            }
        }
    }
    // 60 miles (the window's default) leaves out only F11 at 65.7 miles.
    let m = run(
        &data,
        &referral(),
        RankingMode::CouncilDefault,
        Some(60.0),
        true,
    );
    assert!(!ids(&m).contains(&"F11"));
    assert_eq!(m.suitable.len(), 9);
}

#[test]
fn an_unlocated_home_searches_everywhere_with_distance_not_known() {
    let data = county();
    let m = run(
        &data,
        &referral(),
        RankingMode::CouncilDefault,
        Some(5.0),
        false,
    );
    assert!(!m.child_home_known);
    assert_eq!(m.searched_radius_miles, None);
    assert_eq!(m.suitable.len() + m.excluded.len(), 13);
    assert!(m.suitable.iter().all(|c| c.distance_miles.is_none()));
    // Council default with every distance unknown: in-house (F12 £430 in
    // area, F1 £450 in area, F5 £420 in area → by cost F5, F12, F1), then the
    // others in area by cost: F10 £800, F4 £820, H3 £5,500; then out of area
    // or unknown by cost: F9 £300, F11 £780, F3 £850, H1 £6,100.
    assert_eq!(
        ids(&m),
        ["F5", "F12", "F1", "F10", "F4", "H3", "F9", "F11", "F3", "H1"]
    );

    let mut r = referral();
    r.must_stay_near_home = true;
    let m = run(&data, &r, RankingMode::CouncilDefault, None, false);
    assert!(m.suitable.is_empty());
    assert!(m
        .excluded
        .iter()
        .filter(|x| !matches!(
            x.reason,
            ExclusionReason::OnHold | ExclusionReason::NoVacancy { .. }
        ) && &*x.provider_id != "F2")
        .all(|x| x.reason == ExclusionReason::LocationUnknown));
}

#[test]
fn emergency_referral_prefers_emergency_carers() {
    let data = county();
    let mut r = referral();
    r.urgency = Urgency::Emergency;
    let m = run(&data, &r, RankingMode::LevelPlayingField, None, true);
    assert_eq!(ids(&m)[0], "F12");
    assert_eq!(
        suitable(&m, "F12").needs_met,
        ["takes emergencies at short notice"]
    );
}

#[test]
fn reasons_read_as_plain_english() {
    use ExclusionReason::*;
    let cases = [
        (OnHold, "on hold"),
        (
            NoVacancy {
                vacant: 0,
                needed: 1,
            },
            "no vacancy",
        ),
        (
            NoVacancy {
                vacant: 1,
                needed: 3,
            },
            "no vacancy for 3 children (1 free)",
        ),
        (
            OutsideAgeRange {
                age: 13,
                min: 0,
                max: 10,
            },
            "approved for ages 0–10; the child is 13",
        ),
        (
            MissingSpecialism(Specialism::ParentAndChild),
            "does not offer parent and child placements",
        ),
        (
            TooFarForChild { miles: 20.1 },
            "20.1 miles from home; the child must stay within 20 miles",
        ),
    ];
    for (reason, text) in cases {
        assert_eq!(reason.to_string(), text);
    }
}

#[test]
fn json_and_text_carry_the_fields() {
    let data = county();
    let m = run(
        &data,
        &referral(),
        RankingMode::CouncilDefault,
        Some(60.0),
        true,
    );
    let j = to_json(&m);
    assert_eq!(j["child_id"], "C1");
    assert_eq!(j["mode"], "council_default");
    assert_eq!(j["searched_radius_miles"], 60.0);
    let first = &j["suitable"][0];
    assert_eq!(first["id"], "F12");
    assert_eq!(first["kind"], "carer");
    assert_eq!(first["sector"], "in_house");
    assert_eq!(first["distance_miles"], 8.1);
    assert_eq!(first["within_20_miles"], true);
    assert_eq!(first["in_area"], "inside");
    assert_eq!(first["weekly_cost_pence"], 43_000);
    assert_eq!(first["cost_above_cheapest_pence"], 13_000);
    assert_eq!(first["rank"], 1);
    let f9 = j["suitable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "F9")
        .unwrap();
    assert!(f9["distance_miles"].is_null());
    assert!(f9["within_20_miles"].is_null());
    assert_eq!(f9["in_area"], "unknown");
    let h1 = j["suitable"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "H1")
        .unwrap();
    assert_eq!(h1["kind"], "bed");
    assert_eq!(h1["sector"], "private_home");
    let x = &j["excluded"][0];
    assert_eq!(x["id"], "H2");
    assert_eq!(x["kind"], "bed");
    assert_eq!(x["reason"], "no vacancy");
    assert_eq!(x["reason_code"], "no_vacancy");

    let t = to_text(&m);
    assert!(t.contains("within 60 miles of the child's home"), "{t}");
    assert!(t.contains("Suitable (9):"), "{t}");
    assert!(t.contains("Excluded (3):"), "{t}");
    assert!(t.contains("approved for ages 0–10; the child is 13"), "{t}");
    assert!(t.contains("+£130.00"), "{t}");
}

/// A kinship household is approved for the child it is connected to: it is
/// offered to C1 (who lived there) and excluded for C2 with the reason.
#[test]
fn kinship_households_are_only_for_their_connected_child() {
    let data = county();
    let supply = SupplyIndex::build(&data, ON);
    let c2 = data.children.iter().find(|c| c.id == "C2").unwrap();
    let mut r = referral();
    r.child_id = "C2".into();
    let m = candidates(&supply, &MatchRequest::new(&r, c2, None, ON));
    assert!(m.suitable.iter().all(|c| &*c.provider_id != "F9"));
    let x = m.excluded.iter().find(|x| &*x.provider_id == "F9").unwrap();
    assert_eq!(
        x.reason.to_string(),
        "a kinship household, approved for a connected child"
    );
}
