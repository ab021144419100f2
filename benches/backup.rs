//! Backup and restore timings: the rotating backup taken on opening (what a
//! user waits for before the window shows the data) and restoring a backup
//! (safety backup of the current file, copy in, reopen), for the sample
//! county and a national-size file (80,000 children looked after with two
//! placements each, 45,000 carer households, 3,750 homes, 100,000
//! postcodes: the sizes of benches/sufficiency.rs).

use criterion::{criterion_group, criterion_main, Criterion};
use placement_planner::sample::{generate, SampleCounty, DEFAULT_SEED};
use placement_planner::store::{restore_backup, Store};
use std::time::{Duration, Instant};

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::national;

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
