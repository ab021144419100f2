//! The sufficiency measures at national size: 80,000 children looked after,
//! 45,000 carer households, 15,000 residential beds (3,750 homes of 4), two
//! placements per child (one ended), 100,000 postcodes over England.
//! Target: under 10 ms for the computation on data in memory (issue 15);
//! its two halves (the line per child, then the measures over those lines)
//! and the load from the store are timed separately.

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::store::Store;
use placement_planner::sufficiency::{child_facts, monthly_trend, report_from_facts, sufficiency};

const ON: Date = date(2026, 3, 31);

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::national;

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
    g.bench_function("a line per child (in memory)", |b| {
        b.iter(|| child_facts(&data, ON))
    });
    let facts = child_facts(&data, ON);
    g.bench_function("the measures over those lines (in memory)", |b| {
        b.iter(|| report_from_facts(&data, ON, &facts))
    });
    // The window's trend charts: every month end of the five years to the
    // date (61 of them).
    g.bench_function("monthly trend over 5 years (in memory)", |b| {
        b.iter(|| monthly_trend(&data, date(2021, 3, 31), ON))
    });

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("national.sqlite");
    let mut store = Store::create_new(&path).unwrap();
    store.insert_county(&county).unwrap();
    g.bench_function("load from the store", |b| {
        b.iter(|| store.county_data().unwrap())
    });
    g.finish();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("national database file: {:.1} MB", size as f64 / 1e6);
}

criterion_group!(benches, bench);
criterion_main!(benches);
