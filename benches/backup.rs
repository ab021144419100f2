//! Backup and restore timings: the rotating backup taken on opening (what a
//! user waits for before the window shows the data) and restoring a backup
//! (safety backup of the current file, copy in, reopen), for the sample
//! county and a national-size file (80,000 children looked after with two
//! placements each, 45,000 carer households, 3,750 homes, 100,000
//! postcodes: the sizes of benches/sufficiency.rs).

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::civil::date;
use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::home::HomeSector;
use placement_planner::model::*;
use placement_planner::sample::{generate, SampleCounty, DEFAULT_SEED};
use placement_planner::store::{restore_backup, Store};
use std::time::{Duration, Instant};

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::{postcode_directory, Lcg};

/// A national-size county, built as benches/sufficiency.rs builds its own.
fn national() -> SampleCounty {
    let mut r = Lcg(2016);
    let postcodes = postcode_directory(&mut r, 100_000);
    let pick = |r: &mut Lcg| Some(postcodes[r.below(100_000) as usize].postcode);
    let carers = (0..45_000)
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
            postcode: pick(&mut r),
            location: None,
            weekly_cost: Pence(50_000 + (k % 700) as i64 * 100),
            status: CarerStatus::Active,
            approval_date: date(2015, 1, 1),
            ended_on: None,
        })
        .collect();
    let homes = (0..3_750)
        .map(|k| Home {
            id: format!("H{k}"),
            name: format!("Home {k}"),
            provider: "Provider".into(),
            sector: HomeSector::Private,
            ofsted_urn: None,
            registered_beds: 4,
            age_min: 8,
            age_max: 17,
            postcode: pick(&mut r),
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
            home_postcode: pick(&mut r),
            home_location: None,
            status: ChildStatus::LookedAfter,
            entered_care: date(2023, 1, 1),
            left_care: None,
        });
        let (setting, place) = if k % 8 == 0 {
            (
                PlacementSetting::Home(format!("H{}", (k / 8) % 3_750)),
                PlaceCode::K2,
            )
        } else {
            (
                PlacementSetting::Carer(format!("F{}", k % 45_000)),
                PlaceCode::U6,
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
                provider: Some(ProviderCode::PR4),
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

fn bench_county(c: &mut Criterion, name: &str, county: &SampleCounty, samples: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite");
    {
        let mut store = Store::create_new(&db).unwrap();
        store.insert_county(county).unwrap();
    }
    let store = Store::open(&db).unwrap();
    let size = std::fs::metadata(&db).unwrap().len();
    let mut g = c.benchmark_group(name);
    g.sample_size(samples);
    g.bench_function("rotating backup (keep 3)", |b| {
        b.iter(|| store.back_up_rotating(3).unwrap())
    });
    let backup = dir.path().join("saved.sqlite");
    store.back_up_to(&backup).unwrap();
    drop(store);
    g.bench_function("restore (safety backup, copy in, reopen)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let safety = restore_backup(&db, &backup).unwrap();
                spent += started.elapsed();
                std::fs::remove_file(&safety.path).unwrap();
            }
            spent
        })
    });
    g.finish();
    println!("{name}: database file {:.1} MB", size as f64 / 1e6);
}

fn backup(c: &mut Criterion) {
    bench_county(c, "sample county", &generate(DEFAULT_SEED), 20);
    bench_county(c, "national", &national(), 10);
}

criterion_group!(benches, backup);
criterion_main!(benches);
