//! Importing a national-size postcode directory: 2.7 million ONSPD-shaped
//! rows (synthetic, generated here into a temporary file, with the columns
//! the import ignores as well as those it reads), applied into a fresh
//! database file in one transaction (target: under 6 s, issue 15); the
//! check a user sees first (the preview, reading the whole file and looking
//! each postcode up); and a second import of the same directory over the
//! first, as a council's yearly refresh runs, where every row is compared.
//!
//! `PP_BENCH_POSTCODE_ROWS` sets another row count (for a quick look).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use placement_planner::import::postcodes::{apply_postcodes, preview_postcodes_against};
use placement_planner::import::{Progress, RejectedRows};
use placement_planner::store::Store;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

const NATIONAL_ROWS: usize = 2_700_000;

const HEADER: &str = "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,\
oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,pcon,ttwa,lsoa21,msoa21,lat,long,imd";

/// Writes `rows` postcodes in ONSPD's order (by postcode): areas AA..,
/// districts 1-10, sectors 0-9, units AA-ZZ (20 letters). One row in 200
/// is a terminated postcode without a grid reference, as in ONSPD.
fn write_directory(path: &Path, rows: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "{HEADER}").unwrap();
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    let mut n = 0;
    'outer: for a1 in letters {
        for a2 in letters {
            for district in 1..=10 {
                for sector in 0..10 {
                    for u1 in letters {
                        for u2 in letters {
                            if n == rows {
                                break 'outer;
                            }
                            let outward = format!("{}{}{district}", *a1 as char, *a2 as char);
                            let inward = format!("{sector}{}{}", *u1 as char, *u2 as char);
                            let pcd = format!("{outward:<4}{inward}");
                            let (la, cty) = match n % 3 {
                                0 => ("E06000060", "E99999999"),
                                1 => ("E07000179", "E10000025"),
                                _ => ("E08000025", "E99999999"),
                            };
                            if n % 200 == 199 {
                                writeln!(
                                    w,
                                    "{pcd},{pcd},{outward} {inward},198001,200512,E99999999,\
                                     E99999999,E99999999,E99999999,E99999999,1,,,9,E99999999,\
                                     E99999999,E92000001,E12000008,E99999999,E30000234,,,\
                                     99.999999,0.000000,"
                                )
                                .unwrap();
                            } else {
                                let e = 200_000 + (n * 7919) % 450_000;
                                let north = 50_000 + (n * 104_729) % 900_000;
                                writeln!(
                                    w,
                                    "{pcd},{pcd},{outward} {inward},198001,,{cty},E58000001,{la},\
                                     E05013120,E04012345,0,{e},{north},1,E18000007,E40000005,\
                                     E92000001,E12000008,E14001234,E30000234,E01017700,E02003600,\
                                     {:.6},{:.6},{}",
                                    50.0 + north as f64 / 111_000.0,
                                    -5.0 + e as f64 / 70_000.0,
                                    n % 32_844
                                )
                                .unwrap();
                            }
                            n += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(n, rows, "the generator ran out of postcodes");
    w.flush().unwrap();
}

fn import_postcodes(c: &mut Criterion) {
    let rows = std::env::var("PP_BENCH_POSTCODE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(NATIONAL_ROWS);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ONSPD_synthetic.csv");
    write_directory(&csv, rows);
    eprintln!(
        "generated {rows} rows, {} MB",
        std::fs::metadata(&csv).unwrap().len() / 1_048_576
    );

    let mut group = c.benchmark_group("postcode directory");
    // One run takes seconds: ten runs of one iteration each.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(120));
    let mut n = 0;
    group.bench_function(format!("apply {rows} rows into a new database file"), |b| {
        b.iter_batched(
            || {
                n += 1;
                let db = dir.path().join(format!("import{n}.sqlite"));
                (Store::create_new(&db).unwrap(), db)
            },
            |(mut store, db)| {
                let s = apply_postcodes(&mut store, &csv, RejectedRows::Refuse, &Progress::new())
                    .unwrap();
                assert_eq!(s.to_add, rows);
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
                }
            },
            BatchSize::PerIteration,
        )
    });

    // The yearly refresh: the same directory over a database already holding
    // it, so every row is looked up and compared, none written.
    let held = dir.path().join("held.sqlite");
    let mut store = Store::create_new(&held).unwrap();
    apply_postcodes(&mut store, &csv, RejectedRows::Refuse, &Progress::new()).unwrap();
    group.bench_function(
        format!("preview {rows} rows against a database holding them"),
        |b| {
            b.iter(|| {
                let s = preview_postcodes_against(&store, &csv, &Progress::new()).unwrap();
                assert_eq!(s.unchanged, rows);
            })
        },
    );
    group.bench_function(
        format!("apply {rows} rows over a database holding them"),
        |b| {
            b.iter(|| {
                let s = apply_postcodes(&mut store, &csv, RejectedRows::Refuse, &Progress::new())
                    .unwrap();
                assert_eq!(s.unchanged, rows);
            })
        },
    );
    group.finish();
}

criterion_group!(benches, import_postcodes);
criterion_main!(benches);
