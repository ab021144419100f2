//! The sufficiency measures on a small county worked out by hand.
//!
//! Home: HP19 1AA at (480000, 210000), in the council (E06000060).
//! Placements (DfE miles = metres / 1000 / 1.6093, to 1 dp):
//!   HP20 1AA (480000, 220000) in area:  10,000 m      →  6.2139 →  6.2
//!   MK18 1AA (480000, 250000) in area:  40,000 m      → 24.8555 → 24.9
//!   OX9 1AA  (470000, 205000) Oxon:     √(10000²+5000²) = 11,180.3 m → 6.9473 → 6.9
//!   B1 1AA   (407000, 286500) B'ham:    √(73000²+76500²) = 105,741.4 m → 65.7059 → 65.7
//!   ZZ1 1ZZ  not in the directory: area and distance not known.
//! Children on 01/04/2026:
//!   C1 in-house HP20 → inside ≤20      C2 in-house MK18 → inside >20
//!   C3 IFA OX9      → outside ≤20      C4 private home B1 → outside >20
//!   C5 supported at ZZ1 → area not known
//!   C6 kinship in area, no home postcode → inside, distance not known
//!   C7 IFA in Oxon, no home postcode → outside, distance not known
//!   C8 awaiting placement → area not known
//!   C9 left care 01/01/2026, C10 enters care 01/05/2026: not counted.
//! So 8 looked after: 1,1,1 | 1,1,1 | 2; within 20 miles 2 (25.0%), in area 3 (37.5%).

use jiff::civil::{date, Date};
use placement_planner::county::{CountyData, ProviderSector};
use placement_planner::geography::AreaStatus;
use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use placement_planner::sufficiency::*;

const ON: Date = date(2026, 4, 1);

fn pc(s: &str) -> Postcode {
    Postcode::parse(s).unwrap()
}

fn entry(p: &str, e: i32, n: i32, la: Option<&str>, county: Option<&str>) -> PostcodeEntry {
    PostcodeEntry {
        postcode: pc(p),
        grid: Some(GridRef::new(e, n)),
        latitude: None,
        longitude: None,
        la_code: la.map(str::to_string),
        county_code: county.map(str::to_string),
    }
}

fn child(id: &str, home: Option<&str>, entered: Date, left: Option<Date>) -> Child {
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
        status: if left.is_some() {
            ChildStatus::LeftCare
        } else {
            ChildStatus::LookedAfter
        },
        entered_care: entered,
        left_care: left,
        earlier_periods: Vec::new(),
    }
}

fn carer(
    id: &str,
    sector: CarerSector,
    places: u8,
    ages: (u8, u8),
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
        takes_siblings: false,
        specialisms: vec![],
        postcode: Some(pc(postcode)),
        location: None,
        weekly_cost: Pence::from_pounds(pounds),
        status: CarerStatus::Active,
        approval_date: date(2015, 1, 1),
        ended_on: None,
    }
}

fn placement(
    id: i64,
    child: &str,
    setting: PlacementSetting,
    place: PlaceCode,
    provider: Option<ProviderCode>,
    pounds: i64,
) -> Placement {
    Placement {
        id,
        child_id: child.into(),
        setting,
        postcode: None,
        start: date(2025, 1, 1),
        end: None,
        weekly_cost: Some(Pence::from_pounds(pounds)),
        fee_changes: vec![],
        place,
        provider,
        reason_for_change: None,
    }
}

fn county(boundary: Option<String>) -> CountyData {
    use PlacementSetting::*;
    let home = "HP19 1AA";
    let mut awaiting = child("C8", Some(home), date(2026, 3, 20), None);
    awaiting.status = ChildStatus::AwaitingPlacement;
    let children = vec![
        child("C1", Some(home), date(2025, 1, 1), None),
        child("C2", Some(home), date(2025, 1, 1), None),
        child("C3", Some(home), date(2025, 1, 1), None),
        child("C4", Some(home), date(2025, 1, 1), None),
        child("C5", Some(home), date(2025, 1, 1), None),
        child("C6", None, date(2025, 1, 1), None),
        child("C7", None, date(2025, 1, 1), None),
        awaiting,
        child("C9", Some(home), date(2024, 1, 1), Some(date(2026, 1, 1))),
        child("C10", Some(home), date(2026, 5, 1), None),
    ];
    let carers = vec![
        carer("IH1", CarerSector::InHouse, 2, (0, 17), "HP20 1AA", 500),
        carer("IH2", CarerSector::InHouse, 1, (11, 17), "MK18 1AA", 500),
        carer("IF1", CarerSector::Ifa, 2, (0, 17), "OX9 1AA", 1000),
        carer("KC1", CarerSector::Kinship, 1, (0, 17), "HP20 1AA", 200),
        carer("IH3", CarerSector::InHouse, 1, (0, 4), "HP20 1AA", 450),
    ];
    let homes = vec![placement_planner::model::Home {
        id: "RH1".into(),
        name: "Far House".into(),
        provider: "Acme".into(),
        sector: HomeSector::Private,
        ofsted_urn: None,
        registered_beds: 3,
        age_min: 10,
        age_max: 17,
        postcode: Some(pc("B1 1AA")),
        location: None,
        weekly_cost_per_bed: Pence::from_pounds(6000),
        closed_on: None,
    }];
    let mut supported = placement(5, "C5", Elsewhere, PlaceCode::K3, None, 2000);
    supported.postcode = Some(pc("ZZ1 1ZZ"));
    let mut ended = placement(
        8,
        "C9",
        Carer("IH3".into()),
        PlaceCode::U6,
        Some(ProviderCode::PR1),
        450,
    );
    ended.end = Some(date(2026, 1, 1));
    let placements = vec![
        placement(
            1,
            "C1",
            Carer("IH1".into()),
            PlaceCode::U6,
            Some(ProviderCode::PR1),
            500,
        ),
        // C2's carer IH2 is approved 11-17; C2 is 13 on the date.
        placement(
            2,
            "C2",
            Carer("IH2".into()),
            PlaceCode::U4,
            Some(ProviderCode::PR1),
            500,
        ),
        placement(
            3,
            "C3",
            Carer("IF1".into()),
            PlaceCode::U6,
            Some(ProviderCode::PR4),
            1000,
        ),
        placement(
            4,
            "C4",
            Home("RH1".into()),
            PlaceCode::K2,
            Some(ProviderCode::PR4),
            6000,
        ),
        supported,
        placement(
            6,
            "C6",
            Carer("KC1".into()),
            PlaceCode::U3,
            Some(ProviderCode::PR1),
            200,
        ),
        placement(
            7,
            "C7",
            Carer("IF1".into()),
            PlaceCode::U6,
            Some(ProviderCode::PR4),
            1000,
        ),
        ended,
    ];
    let postcodes = vec![
        entry("HP19 1AA", 480_000, 210_000, Some("E06000060"), None),
        entry("HP20 1AA", 480_000, 220_000, Some("E06000060"), None),
        entry("MK18 1AA", 480_000, 250_000, Some("E06000060"), None),
        entry(
            "OX9 1AA",
            470_000,
            205_000,
            Some("E07000179"),
            Some("E10000025"),
        ),
        entry("B1 1AA", 407_000, 286_500, Some("E08000025"), None),
    ];
    CountyData::new(
        Settings {
            council_name: "Testshire".into(),
            council_code: "E06000060".into(),
            boundary_geojson: boundary,
            cost_rates: vec![],
            cost_uplift_pct: Default::default(),
        },
        children,
        carers,
        homes,
        placements,
        postcodes,
    )
}

#[test]
fn six_categories_match_the_hand_count() {
    let r = sufficiency(&county(None), ON);
    assert_eq!(r.children_looked_after, 8);
    assert_eq!(
        (r.inside_within_20, r.inside_over_20, r.inside_unknown),
        (1, 1, 1)
    );
    assert_eq!(
        (r.outside_within_20, r.outside_over_20, r.outside_unknown),
        (1, 1, 1)
    );
    assert_eq!(r.area_unknown, 2);
    assert_eq!((r.within_20_miles, r.within_20_miles_pct), (2, 25.0));
    assert_eq!((r.in_area, r.in_area_pct), (3, 37.5));
    assert_eq!(r.placements_at_distance, 1);
    // £500 + £500 + £1,000 + £6,000 + £2,000 + £200 + £1,000 = £11,200 a week.
    assert_eq!(r.weekly_cost_pence, 1_120_000);
    assert_eq!(r.annual_cost_pence, 1_120_000 * 52);
}

#[test]
fn each_child_has_the_hand_worked_distance() {
    let facts = child_facts(&county(None), ON);
    let by_id = |id: &str| facts.iter().find(|f| f.child_id == id).unwrap();
    assert_eq!(by_id("C1").distance_miles, Some(6.2));
    assert_eq!(by_id("C2").distance_miles, Some(24.9));
    assert_eq!(by_id("C3").distance_miles, Some(6.9));
    assert_eq!(by_id("C4").distance_miles, Some(65.7));
    // Not known is None, never a placeholder 0.
    for id in ["C5", "C6", "C7", "C8"] {
        assert_eq!(by_id(id).distance_miles, None, "{id}");
    }
    assert_eq!(by_id("C3").area, AreaStatus::Outside);
    assert_eq!(by_id("C5").area, AreaStatus::Unknown);
    assert_eq!(by_id("C4").sector, ProviderSector::PrivateHome);
    assert!(facts
        .iter()
        .all(|f| f.child_id != "C9" && f.child_id != "C10"));
}

#[test]
fn mix_and_spend_by_category() {
    let r = sufficiency(&county(None), ON);
    let line = |c: PlacementCategory| {
        r.by_category
            .iter()
            .find(|l| l.category == c)
            .unwrap()
            .clone()
    };
    let ih = line(PlacementCategory::InHouseFostering);
    assert_eq!(
        (ih.children, ih.share_pct, ih.weekly_cost_pence),
        (2, 25.0, 100_000)
    );
    assert_eq!((ih.within_20_miles, ih.in_area), (1, 2));
    let ifa = line(PlacementCategory::IfaFostering);
    assert_eq!(
        (ifa.children, ifa.weekly_cost_pence, ifa.in_area),
        (2, 200_000, 0)
    );
    assert_eq!(line(PlacementCategory::ExternalResidential).children, 1);
    assert_eq!(
        line(PlacementCategory::SupportedAccommodation).weekly_cost_pence,
        200_000
    );
    assert_eq!(line(PlacementCategory::Kinship).children, 1);
    // 1 of 8 in residential; 2 of 8 in-house; 2 of 8 IFA.
    assert_eq!(
        (r.residential_pct, r.in_house_pct, r.ifa_pct),
        (12.5, 25.0, 25.0)
    );
}

#[test]
fn unknowns_are_listed_with_their_reasons() {
    let r = sufficiency(&county(None), ON);
    let reason = |id: &str| {
        r.data_quality
            .iter()
            .find(|d| d.child_id == id)
            .map(|d| d.reason.clone())
    };
    assert_eq!(
        reason("C5").as_deref(),
        Some("placement postcode ZZ1 1ZZ is not in the postcode directory")
    );
    assert_eq!(reason("C6").as_deref(), Some("no home postcode recorded"));
    assert_eq!(
        reason("C8").as_deref(),
        Some("no placement recorded on this date")
    );
    assert_eq!(reason("C1"), None);
    assert_eq!(r.data_quality.len(), 4);
}

#[test]
fn supply_counts_in_house_places_and_beds() {
    let r = sufficiency(&county(None), ON);
    let s = &r.supply;
    // IH1 2 places (C1 only), IH2 1 place (C2), IH3 1 place (empty since C9 left).
    assert_eq!(
        (
            s.in_house_households,
            s.in_house_places,
            s.in_house_filled,
            s.in_house_vacant
        ),
        (3, 4, 2, 2)
    );
    let band = |b: &str| s.by_age_band.iter().find(|x| x.band == b).unwrap().clone();
    // 0-4: IH1 (1 vacant) and IH3 (1 vacant). 11-15: IH1 (1 vacant) and IH2 (full).
    assert_eq!((band("0–4").households, band("0–4").vacant_places), (2, 2));
    assert_eq!(
        (band("11–15").households, band("11–15").vacant_places),
        (2, 1)
    );
    // The eight children are all 13 on 01/04/2026.
    assert_eq!(band("11–15").children, 8);
    assert_eq!(
        (
            s.residential_beds_out_of_area,
            s.residential_vacant_out_of_area
        ),
        (3, 2)
    );
}

/// A placement postcode with coordinates but no authority code is judged by
/// the council's boundary; with no boundary it stays unknown.
/// A boundary square around the hand-made county's homes (grid metres).
const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[470000,200000],[500000,200000],[500000,240000],[470000,240000],[470000,200000]]]}"#;

#[test]
fn coordinates_without_a_code_fall_back_to_the_boundary() {
    for (boundary, expected) in [
        (None, AreaStatus::Unknown),
        (Some(SQUARE.to_string()), AreaStatus::Inside),
    ] {
        let base = county(boundary);
        let mut placements = base.placements.clone();
        placements[4].postcode = Some(pc("HP21 9ZZ")); // C5, supported
        let mut postcodes: Vec<PostcodeEntry> = base.postcodes.values().cloned().collect();
        postcodes.push(entry("HP21 9ZZ", 481_000, 211_000, None, None));
        let data = CountyData::new(
            base.settings.clone(),
            base.children.clone(),
            base.carers.clone(),
            base.homes.clone(),
            placements,
            postcodes,
        );
        let facts = child_facts(&data, ON);
        let c5 = facts.iter().find(|f| f.child_id == "C5").unwrap();
        assert_eq!(c5.area, expected);
        // √(1000² + 1000²) = 1,414.2 m = 0.8788 miles → 0.9
        assert_eq!(c5.distance_miles, Some(0.9));
    }
}

#[test]
fn the_trend_follows_the_history_month_by_month() {
    let data = county(None);
    let t = monthly_trend(&data, date(2025, 11, 15), date(2026, 5, 10));
    let dates: Vec<String> = t.iter().map(|p| p.as_at.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2025-11-30",
            "2025-12-31",
            "2026-01-31",
            "2026-02-28",
            "2026-03-31",
            "2026-04-30",
            "2026-05-10"
        ]
    );
    // Until 01/01/2026 C9 is also in care (9); then 7 until C8 enters on
    // 20/03/2026 (8); C10 enters on 01/05/2026 (9).
    let counts: Vec<usize> = t.iter().map(|p| p.children_looked_after).collect();
    assert_eq!(counts, [8, 8, 7, 7, 8, 8, 9]);
}

/// The dashboard keeps each child's facts and adds them up; the report
/// and the command line count the lines as they come. Both must give the
/// same figures, to the data-quality list and the costly placements: on
/// the hand-made county, with and without its boundary, and on the sample.
#[test]
fn counting_the_lines_as_they_come_gives_the_dashboards_figures() {
    let sample = placement_planner::sample::generate(placement_planner::sample::DEFAULT_SEED);
    let sample = CountyData::new(
        sample.settings.clone(),
        sample.children.clone(),
        sample.carers.clone(),
        sample.homes.clone(),
        sample.placements.clone(),
        sample.postcodes.clone(),
    );
    for (data, on) in [
        (county(None), ON),
        (county(Some(SQUARE.to_string())), ON),
        (sample, date(2026, 3, 31)),
    ] {
        let kept = report_from_facts(&data, on, &child_facts(&data, on));
        let counted = sufficiency(&data, on);
        assert!(kept.children_looked_after > 0);
        assert_eq!(counted, kept);
    }
}
