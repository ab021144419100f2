//! Importing a 100,000-episode SSDA903 return (25,000 children, four
//! episodes each) into a fresh database file: preview, then apply. The
//! target is under 3 s. The same children as a LIIA-style file holding
//! every return from 2019-20 to 2023-24 (a `YEAR` column; an episode open
//! across years is in each year's rows), imported year by year.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use jiff::civil::date;
use jiff::ToSpan;
use placement_planner::import::ssda903::{apply_ssda903, preview_ssda903};
use placement_planner::import::{Progress, RejectedRows};
use placement_planner::model::{GridRef, Postcode, PostcodeEntry};
use placement_planner::store::Store;
use std::fmt::Write as _;
use std::path::Path;

const CHILDREN: usize = 25_000;
const EPISODES_EACH: usize = 4;
const DIRECTORY: usize = 2_000;

/// A valid, unique postcode for each `i` below 2,000: HP1 0AA …
fn postcode(i: usize) -> String {
    const L: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    format!(
        "HP{} {}{}{}",
        1 + i % 20,
        (i / 20) % 10,
        L[(i / 200) % 20] as char,
        L[i % 20] as char
    )
}

fn directory() -> Vec<PostcodeEntry> {
    (0..DIRECTORY)
        .map(|i| PostcodeEntry {
            postcode: Postcode::parse(&postcode(i)).unwrap(),
            grid: Some(GridRef::new(
                470_000 + (i as i32 % 50) * 500,
                200_000 + (i as i32 / 50) * 500,
            )),
            latitude: None,
            longitude: None,
            la_code: Some("E07000004".into()),
            county_code: Some("E10000002".into()),
        })
        .collect()
}

/// One episode: child, DECOM, DEC, and the rest of the row after DEC.
type Row = (
    usize,
    jiff::civil::Date,
    Option<jiff::civil::Date>,
    String,
    String,
);

/// Writes header.csv and episodes.csv (one return), and liia_header.csv
/// and liia_episodes.csv (every year's return in one file). One postcode
/// in 20 is outside the directory (a data-quality note each), as in a real
/// return.
fn write_return(dir: &Path) {
    const PLACES: &[(&str, &str)] = &[
        ("U6", "PR1"),
        ("U4", "PR4"),
        ("K2", "PR4"),
        ("U3", "PR1"),
        ("R1", "PR5"),
        ("P1", "PR0"),
    ];
    let mut header = String::from("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    let mut episodes = String::from(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n",
    );
    let uk = |d: jiff::civil::Date| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year());
    let mut rows: Vec<Row> = Vec::new();
    let mut header_rows: Vec<String> = Vec::new();
    for c in 0..CHILDREN {
        let dob = date(2008, 1, 1) + ((c * 37) % 3_000) as i64 * 1.day();
        let header_row = format!("B{c:06},{},{},WBRI,,,", 1 + c % 2, uk(dob));
        let _ = writeln!(header, "{header_row}");
        header_rows.push(header_row);
        let home = if c.is_multiple_of(20) {
            "SL1 1AA".to_string()
        } else {
            postcode(c % DIRECTORY)
        };
        let mut start = (dob + 5.years()).max(date(2019, 4, 1)) + ((c % 700) as i64).days();
        for e in 0..EPISODES_EACH {
            let (place, provider) = PLACES[(c + e) % PLACES.len()];
            let last = e + 1 == EPISODES_EACH;
            let end = start + 100.days();
            let (dec, rec) = if last {
                (String::new(), "")
            } else {
                (uk(end), "X1")
            };
            let rne = if e == 0 { "S" } else { "P" };
            let reason = if e == 0 { "" } else { "CARPL" };
            let _ = writeln!(
                episodes,
                "B{c:06},{},{rne},C2,N1,{place},{provider},{dec},{rec},{reason},{home},{},",
                uk(start),
                postcode((c * 7 + e * 13) % DIRECTORY)
            );
            rows.push((
                c,
                start,
                (!last).then_some(end),
                format!("{rne},C2,N1,{place},{provider}"),
                format!(
                    "{reason},{home},{},",
                    postcode((c * 7 + e * 13) % DIRECTORY)
                ),
            ));
            start = end;
        }
    }
    std::fs::write(dir.join("header.csv"), header).unwrap();
    std::fs::write(dir.join("episodes.csv"), episodes).unwrap();

    // Each year's return holds every episode open at some time in it.
    let mut liia_header = String::from("YEAR,CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    let mut liia_episodes = String::from(
        "YEAR,CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n",
    );
    for year in 2019..=2023i16 {
        let (first, last) = (date(year, 4, 1), date(year + 1, 3, 31));
        let mut held = vec![false; CHILDREN];
        for (c, decom, dec, middle, tail) in &rows {
            if *decom > last || dec.is_some_and(|d| d < first) {
                continue;
            }
            held[*c] = true;
            let (dec, rec) = match dec {
                Some(d) if *d <= last => (uk(*d), "X1"),
                _ => (String::new(), ""),
            };
            let _ = writeln!(
                liia_episodes,
                "{year},B{c:06},{},{middle},{dec},{rec},{tail}",
                uk(*decom)
            );
        }
        for (c, row) in header_rows.iter().enumerate() {
            if held[c] {
                let _ = writeln!(liia_header, "{year},{row}");
            }
        }
    }
    std::fs::write(dir.join("liia_header.csv"), liia_header).unwrap();
    std::fs::write(dir.join("liia_episodes.csv"), liia_episodes).unwrap();
}

fn import_ssda903(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_return(dir.path());
    let header = dir.path().join("header.csv");
    let episodes = dir.path().join("episodes.csv");
    let postcodes = directory();

    let mut group = c.benchmark_group("SSDA903 import");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("100,000 episodes: preview and apply into a new file", |b| {
        b.iter_batched(
            || {
                n += 1;
                let mut s = Store::create_new(&dir.path().join(format!("s{n}.sqlite"))).unwrap();
                s.upsert_postcodes(&postcodes).unwrap();
                s
            },
            |mut store| {
                let progress = Progress::new();
                let plan = preview_ssda903(&header, &episodes, &store, &progress).unwrap();
                assert_eq!(plan.summary().to_add, CHILDREN);
                apply_ssda903(&mut store, &plan, RejectedRows::Refuse, &progress).unwrap();
                store
            },
            BatchSize::PerIteration,
        )
    });
    let (liia_header, liia_episodes) = (
        dir.path().join("liia_header.csv"),
        dir.path().join("liia_episodes.csv"),
    );
    group.bench_function(
        "the same children as five years' returns in one file: preview and apply",
        |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let mut s =
                        Store::create_new(&dir.path().join(format!("s{n}.sqlite"))).unwrap();
                    s.upsert_postcodes(&postcodes).unwrap();
                    s
                },
                |mut store| {
                    let progress = Progress::new();
                    let plan =
                        preview_ssda903(&liia_header, &liia_episodes, &store, &progress).unwrap();
                    assert_eq!(plan.years().len(), 5);
                    assert!(plan.summary().rejected.is_empty());
                    apply_ssda903(&mut store, &plan, RejectedRows::Refuse, &progress).unwrap();
                    store
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

criterion_group!(benches, import_ssda903);
criterion_main!(benches);
