//! Matching at national size: 45,000 carer households and 3,750 homes of 4
//! beds (15,000 beds) over England's grid extent, 100,000 postcodes.
//! Target: candidates for one child under 1 ms with a search radius (the
//! spatial index touches only nearby providers, not the register). The
//! supply index is built once per data load and timed separately; a search
//! with no radius (every provider) is timed for comparison.

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::matching::{
    candidates, child_home_grid, MatchRequest, RankingMode, SupplyIndex,
};
use placement_planner::model::carer::{CarerSector, CarerStatus, Specialism};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use std::hint::black_box;

const ON: Date = date(2026, 3, 31);

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::{postcode_directory, Lcg};

/// The child's home: the middle of England.
const HOME: &str = "ZZ9 9ZZ";

fn national() -> CountyData {
    let mut r = Lcg(2016);
    let n_postcodes = 100_000u64;
    let mut postcodes = postcode_directory(&mut r, n_postcodes as usize);
    let pick_pc = |r: &mut Lcg| postcodes[r.below(n_postcodes) as usize].postcode;
    let carers: Vec<Carer> = (0..45_000)
        .map(|k| Carer {
            id: format!("F{k}"),
            name: format!("Household {k}"),
            sector: match k % 6 {
                0 | 3 => CarerSector::InHouse,
                5 => CarerSector::Kinship,
                _ => CarerSector::Ifa,
            },
            agency: (k % 3 != 0).then(|| "Agency".to_string()),
            approved_places: 1 + (k % 3) as u8,
            age_min: if k % 5 == 0 { 11 } else { 0 },
            age_max: if k % 7 == 0 { 10 } else { 17 },
            takes_siblings: k % 4 == 0,
            specialisms: match k % 10 {
                0 => vec![Specialism::Adolescents],
                1 => vec![Specialism::Disability],
                2 => vec![Specialism::StepDown, Specialism::Adolescents],
                _ => vec![],
            },
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost: Pence(50_000 + (k % 700) as i64 * 100),
            status: if k % 50 == 0 {
                CarerStatus::OnHold
            } else {
                CarerStatus::Active
            },
            approval_date: date(2015, 1, 1),
            ended_on: None,
        })
        .collect();
    let homes: Vec<Home> = (0..3_750)
        .map(|k| Home {
            id: format!("H{k}"),
            name: format!("Home {k}"),
            provider: "Provider".into(),
            sector: match k % 10 {
                0 => HomeSector::OwnCouncil,
                1 | 2 => HomeSector::Voluntary,
                _ => HomeSector::Private,
            },
            ofsted_urn: None,
            registered_beds: 4,
            age_min: 8,
            age_max: 17,
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost_per_bed: Pence(500_000 + (k % 300) as i64 * 1_000),
            closed_on: None,
        })
        .collect();
    // About two in three places filled: one child with every household and
    // three in every home.
    let mut placements = Vec::new();
    let mut add = |setting: PlacementSetting, place: PlaceCode| {
        let id = placements.len() as i64 + 1;
        placements.push(Placement {
            id,
            child_id: format!("C{id}"),
            setting,
            postcode: None,
            start: date(2024, 6, 1),
            end: None,
            weekly_cost: Some(Pence(90_000)),
            fee_changes: vec![],
            place,
            provider: Some(ProviderCode::PR4),
            reason_for_change: None,
        });
    };
    for k in 0..45_000 {
        add(PlacementSetting::Carer(format!("F{k}")), PlaceCode::U6);
    }
    for k in 0..3_750 {
        for _ in 0..3 {
            add(PlacementSetting::Home(format!("H{k}")), PlaceCode::K2);
        }
    }
    postcodes.push(PostcodeEntry {
        postcode: Postcode::parse(HOME).unwrap(),
        grid: Some(GridRef::new(440_000, 300_000)),
        latitude: None,
        longitude: None,
        la_code: Some("E06000001".into()),
        county_code: None,
    });
    let child = Child {
        id: "C0".into(),
        name: "Child 0".into(),
        date_of_birth: date(2012, 6, 1),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: Some(Postcode::parse(HOME).unwrap()),
        home_location: None,
        status: ChildStatus::AwaitingPlacement,
        entered_care: date(2026, 3, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    };
    CountyData::new(
        Settings {
            council_name: "National".into(),
            council_code: "E06000001".into(),
            boundary_geojson: None,
            cost_rates: vec![],
            cost_uplift_pct: Default::default(),
        },
        vec![child],
        carers,
        homes,
        placements,
        postcodes,
    )
}

fn bench(c: &mut Criterion) {
    let data = national();
    let referral = Referral {
        id: 1,
        child_id: "C0".into(),
        received: ON,
        sibling_group_size: 1,
        disability: true,
        specialisms_needed: vec![],
        must_stay_near_home: false,
        risk_flags: String::new(),
        urgency: Urgency::Planned,
        latest_start: ON,
        notes: String::new(),
    };
    let child = &data.children[0];
    let home = child_home_grid(&data, child);
    assert!(home.is_some());

    let mut g = c.benchmark_group("matching");
    g.sample_size(10);
    g.bench_function("build supply index (45,000 households, 3,750 homes)", |b| {
        b.iter(|| SupplyIndex::build(black_box(&data), ON))
    });
    g.finish();

    let supply = SupplyIndex::build(&data, ON);
    assert_eq!(supply.len(), 48_750);
    let mut g = c.benchmark_group("matching");
    for (label, radius) in [
        ("candidates within 30 miles", Some(30.0)),
        ("candidates within 60 miles", Some(60.0)),
        ("candidates everywhere", None),
    ] {
        let req = MatchRequest {
            referral: &referral,
            child,
            home,
            on: ON,
            mode: RankingMode::CouncilDefault,
            radius_miles: radius,
        };
        let m = candidates(&supply, &req);
        println!(
            "{label}: {} suitable, {} excluded",
            m.suitable.len(),
            m.excluded.len()
        );
        g.bench_function(label, |b| b.iter(|| candidates(black_box(&supply), &req)));
    }
    // The spatial query alone, to show what the rules and ranking add.
    let centre = home.unwrap();
    g.bench_function("spatial query only, 60 miles", |b| {
        b.iter(|| supply.within_miles(black_box(centre), 60.0))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
