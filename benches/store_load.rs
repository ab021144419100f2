//! How long the store takes to write and read back the sample county: what
//! a user waits for on first run and on every refresh of the window's data.

use criterion::{criterion_group, criterion_main, Criterion};
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::store::Store;

fn store_load(c: &mut Criterion) {
    let county = generate(DEFAULT_SEED);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::create_new(&path).unwrap();
    store.insert_county(&county).unwrap();

    let mut group = c.benchmark_group("sample county");
    group.sample_size(20);
    group.bench_function("generate", |b| b.iter(|| generate(DEFAULT_SEED)));
    // What every test and fuzz input that needs a fresh store pays.
    group.bench_function("open an empty store in memory", |b| {
        b.iter(|| Store::open_in_memory().unwrap())
    });
    // Numbered across every call of the routine (warm-up and samples).
    let mut n = 0;
    group.bench_function("write to a new file", |b| {
        b.iter(|| {
            n += 1;
            let p = dir.path().join(format!("w{n}.sqlite"));
            let mut s = Store::create_new(&p).unwrap();
            s.insert_county(&county).unwrap();
        })
    });
    // What the audit trail's triggers cost that write: the same load with
    // them dropped (the audit log's own guards stay).
    group.bench_function("write to a new file, no audit triggers", |b| {
        b.iter(|| {
            n += 1;
            let p = dir.path().join(format!("w{n}.sqlite"));
            let mut s = Store::create_new(&p).unwrap();
            let triggers: Vec<String> = {
                let mut stmt = s
                    .connection()
                    .prepare(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger'
                          AND name LIKE 'audit\\_%' ESCAPE '\\'
                          AND name NOT LIKE 'audit_log_%'",
                    )
                    .unwrap();
                let names = stmt.query_map([], |r| r.get(0)).unwrap();
                names.map(Result::unwrap).collect()
            };
            for t in triggers {
                s.connection()
                    .execute_batch(&format!("DROP TRIGGER {t}"))
                    .unwrap();
            }
            s.insert_county(&county).unwrap();
        })
    });
    group.bench_function("read every record", |b| {
        b.iter(|| {
            (
                store.children().unwrap().len(),
                store.carers().unwrap().len(),
                store.homes().unwrap().len(),
                store.placements().unwrap().len(),
                store.settings().unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, store_load);
criterion_main!(benches);
