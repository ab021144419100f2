//! The sufficiency measures at national size: 80,000 children looked after,
//! 45,000 carer households, 15,000 residential beds (3,750 homes of 4), two
//! placements per child (one ended), 100,000 postcodes over England.
//! Target: under 50 ms for the computation on data in memory; the load
//! from the store is timed separately.

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::civil::{date, Date};
use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use placement_planner::sample::SampleCounty;
use placement_planner::store::Store;
use placement_planner::sufficiency::{child_facts, sufficiency, CountyData};

const ON: Date = date(2026, 3, 31);

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::{postcode_directory, Lcg};

fn national() -> SampleCounty {
    let mut r = Lcg(2016);
    let n_postcodes = 100_000u64;
    let postcodes = postcode_directory(&mut r, n_postcodes as usize);
    let pick_pc = |r: &mut Lcg| postcodes[r.below(n_postcodes) as usize].postcode;
    let carers: Vec<Carer> = (0..45_000)
        .map(|k| Carer {
            id: format!("F{k}"),
            name: format!("Household {k}"),
            sector: if k % 3 == 0 {
                CarerSector::InHouse
            } else {
                CarerSector::Ifa
            },
            agency: (k % 3 != 0).then(|| "Agency".to_string()),
            approved_places: 2,
            age_min: 0,
            age_max: 17,
            takes_siblings: k % 4 == 0,
            specialisms: vec![],
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost: Pence(50_000 + (k % 700) as i64 * 100),
            status: CarerStatus::Active,
            approval_date: date(2015, 1, 1),
            ended_on: None,
        })
        .collect();
    let homes: Vec<Home> = (0..3_750)
        .map(|k| Home {
            id: format!("H{k}"),
            name: format!("Home {k}"),
            provider: "Provider".into(),
            sector: HomeSector::Private,
            ofsted_urn: None,
            registered_beds: 4,
            age_min: 8,
            age_max: 17,
            postcode: Some(pick_pc(&mut r)),
            location: None,
            weekly_cost_per_bed: Pence(610_000),
            closed_on: None,
        })
        .collect();
    let mut children = Vec::new();
    let mut placements = Vec::new();
    for k in 0..80_000u64 {
        let id = format!("C{k}");
        children.push(Child {
            id: id.clone(),
            name: format!("Child {k}"),
            date_of_birth: date(2010, 1, 1),
            sex: Sex::Male,
            legal_status: LegalStatus::C2,
            category_of_need: CategoryOfNeed::N1,
            disability: false,
            sibling_group: None,
            home_postcode: Some(pick_pc(&mut r)),
            home_location: None,
            status: ChildStatus::LookedAfter,
            entered_care: date(2023, 1, 1),
            left_care: None,
        });
        let (setting, place, provider) = if k % 8 == 0 {
            (
                PlacementSetting::Home(format!("H{}", (k / 8) % 3_750)),
                PlaceCode::K2,
                ProviderCode::PR4,
            )
        } else {
            let c = (k % 45_000) as usize;
            let prov = if c.is_multiple_of(3) {
                ProviderCode::PR1
            } else {
                ProviderCode::PR4
            };
            (
                PlacementSetting::Carer(format!("F{c}")),
                PlaceCode::U6,
                prov,
            )
        };
        for (n, (start, end)) in [
            (date(2023, 1, 1), Some(date(2024, 6, 1))),
            (date(2024, 6, 1), None),
        ]
        .into_iter()
        .enumerate()
        {
            placements.push(Placement {
                id: (k * 2 + n as u64 + 1) as i64,
                child_id: id.clone(),
                setting: setting.clone(),
                postcode: None,
                start,
                end,
                weekly_cost: Pence(90_000),
                place,
                provider: Some(provider),
                reason_for_change: None,
            });
        }
    }
    SampleCounty {
        settings: Settings {
            council_name: "National".into(),
            council_code: "E06000001".into(),
            boundary_geojson: None,
            cost_rates: vec![],
        },
        postcodes,
        children,
        carers,
        homes,
        placements,
        referrals: vec![],
    }
}

fn bench(c: &mut Criterion) {
    let county = national();
    let data = CountyData::new(
        county.settings.clone(),
        county.children.clone(),
        county.carers.clone(),
        county.homes.clone(),
        county.placements.clone(),
        county.postcodes.clone(),
    );
    assert_eq!(child_facts(&data, ON).len(), 80_000);

    let mut g = c.benchmark_group("national");
    g.sample_size(10);
    g.bench_function("sufficiency measures (in memory)", |b| {
        b.iter(|| sufficiency(&data, ON))
    });

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("national.sqlite");
    let mut store = Store::create_new(&path).unwrap();
    store.insert_county(&county).unwrap();
    g.bench_function("load from the store", |b| {
        b.iter(|| CountyData::load(&store).unwrap())
    });
    g.finish();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("national database file: {:.1} MB", size as f64 / 1e6);
}

criterion_group!(benches, bench);
criterion_main!(benches);
