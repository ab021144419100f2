//! How fast "what lies within 20 miles of here" is over a national-sized set
//! of points: the R-tree against a naive scan of every point.
//!
//! Run: `cargo bench --bench spatial_index -- --quick`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use placement_planner::geography::SpatialIndex;
use placement_planner::model::postcode::GridRef;

const POINTS: usize = 60_000;

/// Deterministic pseudo-random points over England's extent on the grid
/// (eastings 82,000–655,000 m, northings 5,000–657,000 m), from a 64-bit LCG.
fn england_points() -> Vec<(GridRef, u32)> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |span: u32| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 32) % u64::from(span)) as i32
    };
    (0..POINTS as u32)
        .map(|i| {
            let e = 82_000 + next(573_000);
            let n = 5_000 + next(652_000);
            (GridRef::new(e, n), i)
        })
        .collect()
}

fn naive_within(points: &[(GridRef, u32)], centre: GridRef, miles: f64) -> Vec<(u32, f64)> {
    let mut found: Vec<(u32, f64)> = points
        .iter()
        .map(|(g, i)| (*i, centre.miles_to(*g)))
        .filter(|(_, d)| *d <= miles)
        .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    found
}

fn bench(c: &mut Criterion) {
    let points = england_points();
    // Near Birmingham: well inside the cloud.
    let centre = GridRef::new(407_000, 287_000);

    let index = SpatialIndex::build(points.clone());
    let fast = index.within_miles(centre, 20.0);
    let slow = naive_within(&points, centre, 20.0);
    assert_eq!(fast, slow, "index and naive scan disagree");
    println!("{} of {POINTS} points within 20 miles", fast.len());

    c.bench_function("build index (60k points)", |b| {
        b.iter(|| SpatialIndex::build(black_box(points.clone())))
    });
    c.bench_function("within_miles 20 (rstar, 60k points)", |b| {
        b.iter(|| index.within_miles(black_box(centre), black_box(20.0)))
    });
    c.bench_function("within 20 miles (naive scan, 60k points)", |b| {
        b.iter(|| naive_within(black_box(&points), black_box(centre), black_box(20.0)))
    });
    c.bench_function("nearest 10 (rstar, 60k points)", |b| {
        b.iter(|| index.nearest(black_box(centre), 10))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
