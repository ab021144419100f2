//! Fuzzing the parsers in `cargo test`, for a bounded time: every importer
//! (CSV templates, SSDA903, the postcode directory, GeoJSON boundaries) and
//! the scenario TOML reader get (a) arbitrary bytes and (b) the good
//! fixtures mutated with structure in mind: bits flipped, bytes inserted
//! and deleted, lines duplicated, repeated and swapped, the file truncated,
//! columns swapped, giant fields, bytes that are not UTF-8, and fields or
//! TOML values replaced with awkward ones (dates at the ends of the
//! calendar, numbers past every integer type, NaN, quotes, emoji).
//!
//! Each input is run on the test thread: a panic fails the test, and an
//! error must be an
//! `ImportError` whose message is not empty and names the file. A preview
//! that succeeds is applied to a fresh in-memory store.
//!
//! The random stream is fixed (proptest's deterministic ChaCha), so a run
//! is repeatable; `FUZZ_CASES=N` changes the number of cases per target
//! (the default keeps the file under a minute in a debug build on two
//! cores). Inputs that once broke a parser are kept in
//! tests/fixtures/fuzz/ and replayed by [`regression_inputs_stay_fixed`].

mod common;

use jiff::civil::date;
use placement_planner::import::boundary::{apply_boundary, boundary_features};
use placement_planner::import::postcodes::{apply_postcodes, preview_postcodes_against};
use placement_planner::import::ssda903::{apply_ssda903, preview_ssda903};
use placement_planner::import::templates::{apply_template, preview_template, TemplateKind};
use placement_planner::import::{ImportError, Progress, RejectedRows};
use placement_planner::model::{Pence, PlacementCategory as C};
use placement_planner::scenario::file::levers_from_toml;
use placement_planner::scenario::{
    project, Baseline, BaselineChild, CostSource, EntryShare, UnitCost,
};
use placement_planner::store::Store;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn fixture(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- mutations

/// Awkward values for a CSV field.
const FIELD_VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "255",
    "256",
    "65536",
    "4294967296",
    "-9223372036854775808",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "inf",
    "-0",
    "0.5",
    "£",
    "£-1",
    "£1,000,000,000,000",
    "-£450.50",
    "31/02/2024",
    "29/02/2023",
    "29/02/2024",
    "01/01/0001",
    "31/12/9999",
    "9999-12-31",
    "0000-01-01",
    "-0001-01-01",
    "2024-13-01",
    "1/1/1",
    "01/01/1900",
    "31/03/2025",
    "01/04/2025",
    "\"",
    "\"\"",
    "a,b",
    "\n",
    "\r",
    "\r\n",
    "🦀",
    "\u{feff}",
    "E99999999",
    "E06000060",
    "e10000002",
    "ZZ99 9ZZ",
    "HP19 8FF",
    "hp198ff",
    "X1",
    "S",
    "U6",
    "K2",
    "K3",
    "PR0",
    "PR9",
    "H5",
    "Z1",
    "in_house",
    "ifa",
    "kinship",
    "private",
    "yes",
    "adolescents, step_down",
    "active",
    "on_hold",
    "resigned",
    "looked_after",
    "left_care",
    "C001",
    "C002",
    "FC001",
    "700001",
    "1300001",
    "99.999999",
    "-180.0000001",
];

/// Awkward TOML values.
const TOML_VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "10",
    "11",
    "1.5",
    "0.999999999",
    "1e308",
    "-1e308",
    "1e-320",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967295",
    "4294967296",
    "\"x\"",
    "''",
    "[]",
    "[1, 2]",
    "{}",
    "{ multiply = nan }",
    "{ add = inf }",
    "{ multiply = 1e308 }",
    "{ multiply = -1 }",
    "{ add = -1e308 }",
    "{ multiply = 2, add = 1 }",
    "true",
    "1979-05-27",
    "'''",
    "\"\\u0000\"",
    "{ ifa_fostering = 1e308 }",
    "{ secure = -0.0 }",
];

/// Byte runs worth inserting.
const INSERTS: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC3\x28",
    b"\x00",
    b"[",
    b"{",
    b"]",
    b"}",
    b"=",
    b"#",
    b"\"\"\"",
    b"[[",
    b"1e999",
    b"-",
];

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Insert(Index, usize),
    InsertRandom(Index, Vec<u8>),
    Delete(Index, usize),
    DuplicateLine(Index),
    RepeatLine(Index, usize),
    SwapLines(Index, Index),
    Truncate(Index),
    SwapColumns(usize, usize),
    GiantField(Index, Index, usize, u8),
    NonUtf8(Index),
    ReplaceField(Index, Index, usize),
    /// TOML: the value after `=` on a line.
    ReplaceValue(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), 0..INSERTS.len()).prop_map(|(i, k)| Mutation::Insert(i, k)),
        (
            any::<Index>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, v)| Mutation::InsertRandom(i, v)),
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), 2usize..3_000).prop_map(|(i, n)| Mutation::RepeatLine(i, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (0usize..16, 0usize..16).prop_map(|(a, b)| Mutation::SwapColumns(a, b)),
        (
            any::<Index>(),
            any::<Index>(),
            900usize..200_000,
            any::<u8>()
        )
            .prop_map(|(l, c, n, b)| Mutation::GiantField(l, c, n, b)),
        any::<Index>().prop_map(Mutation::NonUtf8),
        (any::<Index>(), any::<Index>(), 0..FIELD_VALUES.len())
            .prop_map(|(l, c, v)| Mutation::ReplaceField(l, c, v)),
        (any::<Index>(), 0..TOML_VALUES.len()).prop_map(|(l, v)| Mutation::ReplaceValue(l, v)),
    ]
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

fn fields(line: &[u8]) -> Vec<Vec<u8>> {
    line.split(|&b| b == b',').map(<[u8]>::to_vec).collect()
}

fn apply_mutation(bytes: &mut Vec<u8>, m: &Mutation) {
    let pos = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::FlipBit(i, bit) => {
            if !bytes.is_empty() {
                let k = i.index(bytes.len());
                bytes[k] ^= 1 << bit;
            }
        }
        Mutation::Insert(i, k) => {
            let at = pos(i, bytes.len());
            bytes.splice(at..at, INSERTS[*k].iter().copied());
        }
        Mutation::InsertRandom(i, v) => {
            let at = pos(i, bytes.len());
            bytes.splice(at..at, v.iter().copied());
        }
        Mutation::Delete(i, n) => {
            if !bytes.is_empty() {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
        Mutation::DuplicateLine(i) => {
            let mut ls = lines(bytes);
            let k = i.index(ls.len());
            ls.insert(k, ls[k].clone());
            *bytes = join_lines(&ls);
        }
        Mutation::RepeatLine(i, n) => {
            let mut ls = lines(bytes);
            let k = i.index(ls.len());
            let line = ls[k].clone();
            ls.splice(k..k, std::iter::repeat_n(line, *n));
            *bytes = join_lines(&ls);
        }
        Mutation::SwapLines(a, b) => {
            let mut ls = lines(bytes);
            let (a, b) = (a.index(ls.len()), b.index(ls.len()));
            ls.swap(a, b);
            *bytes = join_lines(&ls);
        }
        Mutation::Truncate(i) => {
            let at = pos(i, bytes.len());
            bytes.truncate(at);
        }
        Mutation::SwapColumns(a, b) => {
            let ls: Vec<Vec<u8>> = lines(bytes)
                .into_iter()
                .map(|l| {
                    let mut f = fields(&l);
                    if *a < f.len() && *b < f.len() {
                        f.swap(*a, *b);
                    }
                    f.join(&b',')
                })
                .collect();
            *bytes = join_lines(&ls);
        }
        Mutation::GiantField(l, c, n, b) => {
            let mut ls = lines(bytes);
            let k = l.index(ls.len());
            let mut f = fields(&ls[k]);
            let j = c.index(f.len());
            // A printable byte keeps it one field; any other is fine too.
            let byte = if *b == b',' || *b == b'\n' { b'x' } else { *b };
            f[j] = vec![byte; *n];
            ls[k] = f.join(&b',');
            *bytes = join_lines(&ls);
        }
        Mutation::NonUtf8(i) => {
            let at = pos(i, bytes.len());
            bytes.splice(at..at, [0xC0, 0xFF, 0xFE]);
        }
        Mutation::ReplaceField(l, c, v) => {
            let mut ls = lines(bytes);
            let k = l.index(ls.len());
            let mut f = fields(&ls[k]);
            let j = c.index(f.len());
            f[j] = FIELD_VALUES[*v].as_bytes().to_vec();
            ls[k] = f.join(&b',');
            *bytes = join_lines(&ls);
        }
        Mutation::ReplaceValue(l, v) => {
            let mut ls = lines(bytes);
            let k = l.index(ls.len());
            if let Some(eq) = ls[k].iter().position(|&b| b == b'=') {
                ls[k].truncate(eq + 1);
                ls[k].push(b' ');
                ls[k].extend_from_slice(TOML_VALUES[*v].as_bytes());
            }
            *bytes = join_lines(&ls);
        }
    }
}

/// A fixture (by index into `seeds`) with up to `max` mutations applied.
fn mutated(seeds: Vec<Vec<u8>>, max: usize) -> impl Strategy<Value = Vec<u8>> {
    let n = seeds.len();
    (0..n, proptest::collection::vec(mutation(), 1..=max)).prop_map(move |(i, ms)| {
        let mut bytes = seeds[i].clone();
        for m in &ms {
            apply_mutation(&mut bytes, m);
        }
        bytes
    })
}

/// Arbitrary bytes, or mutated fixtures (three in four).
fn input(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..2_048),
        3 => mutated(seeds, 3),
    ]
}

// ---------------------------------------------------------------- checks

/// An error must name the file and say something.
fn check_error(e: &ImportError, file: &str) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "an empty message");
    match e {
        ImportError::Unreadable(issue) => {
            prop_assert_eq!(&issue.file, file, "{}", text);
            prop_assert!(!issue.reason.trim().is_empty(), "{}", text);
        }
        ImportError::Rejected(issues) => {
            prop_assert!(!issues.is_empty(), "{}", text);
            for i in issues {
                prop_assert_eq!(&i.file, file, "{}", text);
                prop_assert!(!i.reason.trim().is_empty(), "{}", text);
            }
        }
        ImportError::ChooseCouncil { file: f, councils } => {
            prop_assert_eq!(f, file, "{}", text);
            prop_assert!(councils.len() > 1, "{}", text);
        }
        ImportError::Cancelled => prop_assert!(false, "cancelled without being asked"),
        ImportError::Store(s) => prop_assert!(false, "a store error from {}: {}", file, s),
    }
    prop_assert!(text.contains(file), "{} does not name {}", text, file);
    Ok(())
}

/// An error naming either of two files: each issue names one of them.
fn check_error_of(e: &ImportError, files: [&str; 2]) -> Result<(), TestCaseError> {
    let text = e.to_string();
    let named: Vec<&str> = match e {
        ImportError::Unreadable(issue) => vec![issue.file.as_str()],
        ImportError::Rejected(issues) => issues.iter().map(|i| i.file.as_str()).collect(),
        ImportError::ChooseCouncil { file, .. } => vec![file.as_str()],
        _ => return check_error(e, files[0]),
    };
    prop_assert!(!named.is_empty(), "{}", text);
    for file in named {
        prop_assert!(files.contains(&file), "{} names neither file", text);
    }
    let first = match e {
        ImportError::Unreadable(issue) => issue.file.clone(),
        // The summary names the first row refused for its own fault.
        ImportError::Rejected(issues) => placement_planner::import::first_cause(issues)
            .map(|i| i.file.clone())
            .unwrap_or_default(),
        ImportError::ChooseCouncil { file, .. } => file.clone(),
        _ => unreachable!(),
    };
    prop_assert!(text.contains(&first), "{} does not name {}", text, first);
    match e {
        ImportError::Unreadable(issue) => check_error(e, &issue.file),
        _ => Ok(()),
    }
}

thread_local! {
    /// Inputs whose preview succeeded, and applies that wrote something.
    static PREVIEWED: Cell<u64> = const { Cell::new(0) };
    static APPLIED: Cell<u64> = const { Cell::new(0) };
}

fn count(c: &'static std::thread::LocalKey<Cell<u64>>) {
    c.with(|c| c.set(c.get() + 1));
}

/// Runs one input through a parser. Nothing here is timed: timings
/// belong in benchmarks, not in assertions a busy machine could fail.
fn call<T>(f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    Ok(f())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `cases` inputs through `check`, printing how many ran.
fn fuzz<S: Strategy>(
    target: &str,
    cases: u32,
    strategy: S,
    check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let started = Instant::now();
    let executions = Cell::new(0u64);
    PREVIEWED.with(|c| c.set(0));
    APPLIED.with(|c| c.set(0));
    let result = runner(cases).run(&strategy, |v| {
        executions.set(executions.get() + 1);
        check(&v)
    });
    println!(
        "fuzz {target}: {} executions in {:.1} s ({} read without error, {} applies succeeded)",
        executions.get(),
        started.elapsed().as_secs_f64(),
        PREVIEWED.with(Cell::get),
        APPLIED.with(Cell::get)
    );
    if let Err(e) = result {
        panic!("{target}: {e}");
    }
}

// ---------------------------------------------------------------- targets

fn template_case(kind: TemplateKind, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.csv", kind.name());
    let path = write(dir.path(), &name, bytes);
    let mut store = Store::open_in_memory().unwrap();
    call(|| -> Result<(), TestCaseError> {
        match preview_template(kind, &path, &store, &Progress::new()) {
            Ok(plan) => {
                count(&PREVIEWED);
                prop_assert_eq!(
                    plan.rows.len(),
                    plan.summary.to_add + plan.summary.to_update + plan.summary.unchanged
                );
                for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
                    match apply_template(&mut store, &plan, rejected, &Progress::new()) {
                        Ok(_) => count(&APPLIED),
                        Err(e) => check_error(&e, &name)?,
                    }
                }
            }
            Err(e) => check_error(&e, &name)?,
        }
        Ok(())
    })?
}

#[test]
fn fuzz_templates() {
    let n = cases(500);
    for (kind, seeds) in [
        (
            TemplateKind::Carers,
            vec![
                fixture("templates/carers_good.csv"),
                fixture("templates/carers_changed.csv"),
            ],
        ),
        (
            TemplateKind::Homes,
            vec![fixture("templates/homes_good.csv")],
        ),
        (
            TemplateKind::Children,
            vec![fixture("templates/children_good.csv")],
        ),
    ] {
        fuzz(
            &format!("{} template", kind.name()),
            n,
            input(seeds),
            |bytes| template_case(kind, bytes),
        );
    }
}

fn ssda903_case(header: &[u8], episodes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let h = write(dir.path(), "header.csv", header);
    let e = write(dir.path(), "episodes.csv", episodes);
    let mut store = Store::open_in_memory().unwrap();
    let files = ["header.csv", "episodes.csv"];
    call(|| -> Result<(), TestCaseError> {
        match preview_ssda903(&h, &e, &store, &Progress::new()) {
            Ok(plan) => {
                count(&PREVIEWED);
                for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
                    match apply_ssda903(&mut store, &plan, rejected, &Progress::new()) {
                        Ok(_) => count(&APPLIED),
                        Err(err) => check_error_of(&err, files)?,
                    }
                }
                // A re-import of the same files over what was written.
                match preview_ssda903(&h, &e, &store, &Progress::new()) {
                    Ok(plan) => {
                        if let Err(err) =
                            apply_ssda903(&mut store, &plan, RejectedRows::Skip, &Progress::new())
                        {
                            check_error_of(&err, files)?;
                        }
                    }
                    Err(err) => check_error_of(&err, files)?,
                }
            }
            Err(err) => check_error_of(&err, files)?,
        }
        Ok(())
    })?
}

#[test]
fn fuzz_ssda903() {
    let header = fixture("ssda903/good/header.csv");
    let episodes = fixture("ssda903/good/episodes.csv");
    let newer = fixture("ssda903/newer/episodes.csv");
    // Mutate the episodes (most of the logic), the header, or both.
    let strategy = prop_oneof![
        2 => input(vec![episodes.clone(), newer]).prop_map({
            let header = header.clone();
            move |e| (header.clone(), e)
        }),
        1 => input(vec![header.clone()]).prop_map({
            let episodes = episodes.clone();
            move |h| (h, episodes.clone())
        }),
        1 => (mutated(vec![header], 4), mutated(vec![episodes], 4)),
        // Several years in one pair of files (YEAR and LA columns).
        1 => (
            mutated(vec![fixture("ssda903/liia/header.csv")], 4),
            mutated(vec![fixture("ssda903/liia/episodes.csv")], 4),
        ),
    ];
    fuzz("SSDA903", cases(600), strategy, |(h, e)| ssda903_case(h, e));
}

fn postcodes_case(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let name = "postcodes.csv";
    let path = write(dir.path(), name, bytes);
    let mut store = Store::open_in_memory().unwrap();
    call(|| -> Result<(), TestCaseError> {
        match preview_postcodes_against(&store, &path, &Progress::new()) {
            Ok(_) => {
                count(&PREVIEWED);
                for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
                    match apply_postcodes(&mut store, &path, rejected, &Progress::new()) {
                        Ok(_) => count(&APPLIED),
                        Err(e) => check_error(&e, name)?,
                    }
                }
            }
            Err(e) => check_error(&e, name)?,
        }
        Ok(())
    })?
}

#[test]
fn fuzz_postcodes() {
    let seeds = vec![
        fixture("postcodes/onspd_good.csv"),
        fixture("postcodes/nspl_good.csv"),
    ];
    fuzz("postcode directory", cases(1_000), input(seeds), |b| {
        postcodes_case(b)
    });
}

fn boundary_case(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let name = "boundary.geojson";
    let path = write(dir.path(), name, bytes);
    call(|| -> Result<(), TestCaseError> {
        match boundary_features(&path) {
            Ok(list) => {
                count(&PREVIEWED);
                let mut store = Store::open_in_memory().unwrap();
                let codes: Vec<String> = list
                    .iter()
                    .filter_map(|f| f.code.clone())
                    .chain(["E06000060".to_string()])
                    .collect();
                for code in codes {
                    match apply_boundary(&mut store, &path, &code) {
                        Ok(_) => count(&APPLIED),
                        Err(e) => check_error(&e, name)?,
                    }
                }
            }
            Err(e) => check_error(&e, name)?,
        }
        Ok(())
    })?
}

#[test]
fn fuzz_boundary() {
    let seeds = vec![
        fixture("boundary/counties.geojson"),
        fixture("boundary/single_grid.geojson"),
    ];
    fuzz("boundary", cases(1_000), input(seeds), |b| boundary_case(b));
}

/// A small baseline the levers of a scenario file are projected over.
fn small_baseline() -> Baseline {
    let children = [
        (C::IfaFostering, 60, 3),
        (C::InHouseFostering, 200, 2),
        (C::ExternalResidential, 180, 1),
    ]
    .into_iter()
    .flat_map(|(category, age_months, n)| {
        (0..n).map(move |k| BaselineChild {
            child_id: format!("{}-{k}", category.code()),
            category,
            age_months,
        })
    })
    .collect();
    Baseline {
        start: date(2026, 4, 1),
        reference_months: 12,
        children,
        monthly_entries: 1.5,
        entry_mix: vec![EntryShare {
            category: C::IfaFostering,
            age_months: 0,
            share: 1.0,
        }],
        exit_rates: [(C::IfaFostering, 0.05), (C::ExternalResidential, 0.02)]
            .into_iter()
            .collect(),
        unit_costs: [
            (C::IfaFostering, 81_900),
            (C::InHouseFostering, 46_200),
            (C::ExternalResidential, 609_700),
        ]
        .into_iter()
        .map(|(c, p)| {
            (
                c,
                UnitCost {
                    weekly: Pence(p),
                    source: CostSource::Missing,
                },
            )
        })
        .collect(),
        in_house_places: 3,
        in_house_filled: 2,
        in_area_shares: BTreeMap::new(),
        within_20_shares: BTreeMap::new(),
        start_spend: Default::default(),
        exit_cells: Vec::new(),
        entrants: None,
        notes: Vec::new(),
        entry_trend: None,
        in_house_households: 0,
        move_cells: Vec::new(),
        move_counts: Vec::new(),
        year_to_year: None,
        leavers_in_month_before_18: 0,
    }
}

#[test]
fn fuzz_scenario_toml() {
    let example = fixture("../../sample_data/scenario-example.toml");
    let all_keys = b"horizon_years = 3\nrecruit_households_per_year = 10\n\
places_per_household = 2\nhouseholds_leaving_per_year = 4\nusable_place_share = 0.9\n\
shift_share = 0.3\nstep_down_per_year = 3\nspecialist_households_per_year = 3\n\
specialist_weekly_fee_pence = 120000\nentries_change_pct = 5\n\
one_off_cost_per_household_pence = 800000\nyearly_support_per_household_pence = 300000\n\
scheme_overheads_per_year_pence = 15000000\nnew_in_house_in_area_share = 0.9\n\
new_in_house_within_20_share = 0.85\nstaying_put_share = 0.5\nstaying_put_months = 24\n\
staying_put_weekly_pence = 25000\n[annual_inflation]\nifa_fostering = 0.05\n\
[unit_costs]\nsecure = 910000\n[exit_rate_changes]\nexternal_residential = { multiply = 1.1 }\n\
ifa_fostering = { add = 0.01 }\n"
        .to_vec();
    let baseline = small_baseline();
    let accepted = Cell::new(0u32);
    fuzz(
        "scenario TOML",
        cases(2_000),
        input(vec![example, all_keys]),
        |bytes| {
            let text = String::from_utf8_lossy(bytes);
            call(|| -> Result<(), TestCaseError> {
                match levers_from_toml(&text) {
                    Ok(levers) => {
                        count(&PREVIEWED);
                        accepted.set(accepted.get() + 1);
                        // Levers the file accepts can be projected.
                        let p = project(&baseline, &levers);
                        count(&APPLIED);
                        prop_assert_eq!(p.months.len(), levers.horizon_years as usize * 12);
                    }
                    Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
                }
                Ok(())
            })?
        },
    );
    println!(
        "scenario TOML: {} inputs accepted and projected",
        accepted.get()
    );
}

// ---------------------------------------------------------------- limits

/// A file of `len` bytes that takes no room: `set_len` on an empty file.
fn sparse(dir: &Path, name: &str, len: u64) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    path
}

/// The error refuses the file for its size, saying the limit.
fn refused_for_size(e: &ImportError, file: &str, limit: &str) {
    let text = e.to_string();
    assert!(
        matches!(e, ImportError::Unreadable(i) if i.file == file && i.line.is_none()),
        "{text}"
    );
    assert!(
        text.contains(&format!("the largest accepted is {limit}")),
        "{text}"
    );
}

fn nothing_written(store: &Store) {
    let c = store.counts().unwrap();
    assert_eq!(
        (c.children, c.carers, c.homes, c.placements, c.postcodes),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(store.settings().unwrap().boundary_geojson, None);
}

#[test]
fn files_over_the_limits_are_refused_before_reading() {
    use placement_planner::import::boundary::MAX_BOUNDARY_BYTES;
    use placement_planner::import::postcodes::MAX_POSTCODE_BYTES;
    use placement_planner::import::ssda903::MAX_SSDA903_BYTES;
    use placement_planner::import::templates::MAX_TEMPLATE_BYTES;
    use placement_planner::import::{apply, preview, ImportKind};
    assert_eq!(MAX_TEMPLATE_BYTES, 100 << 20);
    assert_eq!(MAX_SSDA903_BYTES, 500 << 20);
    assert_eq!(MAX_POSTCODE_BYTES, 4 << 30);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let progress = Progress::new();

    // Templates: 100 MB.
    let big = sparse(dir.path(), "carers.csv", MAX_TEMPLATE_BYTES + 1);
    let kind = ImportKind::Template(TemplateKind::Carers);
    let e = preview(&kind, std::slice::from_ref(&big), &store, &progress)
        .err()
        .unwrap();
    refused_for_size(&e, "carers.csv", "100 MB");
    assert!(e.to_string().contains("the file is 100.1 MB"), "{e}");
    // Exactly the limit is read (and found to be no CSV: all zero bytes).
    let at = sparse(dir.path(), "homes.csv", MAX_TEMPLATE_BYTES);
    let kind = ImportKind::Template(TemplateKind::Homes);
    let e = preview(&kind, &[at], &store, &progress).err().unwrap();
    assert!(!e.to_string().contains("largest accepted"), "{e}");

    // SSDA903: 500 MB, either file.
    let good_header =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ssda903/good/header.csv");
    let episodes = sparse(dir.path(), "episodes.csv", MAX_SSDA903_BYTES + 1);
    let e = preview(
        &ImportKind::Ssda903(Default::default()),
        &[good_header, episodes.clone()],
        &store,
        &progress,
    )
    .err()
    .unwrap();
    refused_for_size(&e, "episodes.csv", "500 MB");
    let header = sparse(dir.path(), "header.csv", MAX_SSDA903_BYTES + 1);
    let e = preview(
        &ImportKind::Ssda903(Default::default()),
        &[header, episodes],
        &store,
        &progress,
    )
    .err()
    .unwrap();
    refused_for_size(&e, "header.csv", "500 MB");

    // The postcode directory: 4 GB, on preview and again on apply (it is
    // streamed again then).
    let pcs = sparse(dir.path(), "ONSPD.csv", MAX_POSTCODE_BYTES + 1);
    let e = preview(
        &ImportKind::Postcodes,
        std::slice::from_ref(&pcs),
        &store,
        &progress,
    )
    .err()
    .unwrap();
    refused_for_size(&e, "ONSPD.csv", "4 GB");
    assert!(e.to_string().contains("the file is 4.1 GB"), "{e}");
    let e = apply(
        &mut store,
        &placement_planner::import::ImportPlan::Postcodes {
            path: pcs,
            summary: Default::default(),
        },
        RejectedRows::Skip,
        &progress,
    )
    .err()
    .unwrap();
    refused_for_size(&e, "ONSPD.csv", "4 GB");

    // The boundary: 300 MB, on listing and on applying.
    let geo = sparse(dir.path(), "areas.geojson", MAX_BOUNDARY_BYTES + 1);
    let e = boundary_features(&geo).err().unwrap();
    assert!(e.to_string().contains("at most 300 MB is read"), "{e}");
    let e = apply_boundary(&mut store, &geo, "E06000060").err().unwrap();
    assert!(e.to_string().contains("at most 300 MB is read"), "{e}");

    nothing_written(&store);
}

#[test]
fn scenario_files_over_the_limit_are_refused() {
    use placement_planner::scenario::file::MAX_SCENARIO_BYTES;
    assert_eq!(MAX_SCENARIO_BYTES, 1 << 20);
    // The text: a comment padding it past 1 MB is refused before parsing.
    let mut text = "horizon_years = 2\n#".to_string();
    text.push_str(&"x".repeat(MAX_SCENARIO_BYTES as usize));
    let e = levers_from_toml(&text).unwrap_err().to_string();
    assert_eq!(e, "the file is 1.1 MB; the largest accepted is 1 MB");
    text.truncate(MAX_SCENARIO_BYTES as usize);
    assert_eq!(levers_from_toml(&text).unwrap().horizon_years, 2);
    // The command line checks the file's size before reading it (and
    // before looking for the database).
    let dir = tempfile::tempdir().unwrap();
    let big = sparse(dir.path(), "big.toml", 3 << 30);
    let out = common::planner()
        .args(["scenario", "run", "--scenario"])
        .arg(&big)
        .arg("--db")
        .arg(dir.path().join("none.sqlite"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("big.toml: the file is 3 GB; the largest accepted is 1 MB"),
        "{err}"
    );
}

// ---------------------------------------------------------------- regressions

/// Every input in tests/fixtures/fuzz/ that once broke a parser, replayed
/// by its name's prefix: `template-carers-…`, `template-homes-…`,
/// `template-children-…`, `ssda903-header-…` / `ssda903-episodes-…` (each
/// paired with the good other file), `postcodes-…`, `boundary-…`,
/// `scenario-…`.
#[test]
fn regression_inputs_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut replayed = 0;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let result = if let Some(rest) = name.strip_prefix("template-") {
            let kind = TemplateKind::ALL
                .into_iter()
                .find(|k| rest.starts_with(k.name()))
                .unwrap_or_else(|| panic!("{name}: which template?"));
            template_case(kind, &bytes)
        } else if name.starts_with("ssda903-header-") {
            ssda903_case(&bytes, &fixture("ssda903/good/episodes.csv"))
        } else if name.starts_with("ssda903-episodes-") {
            ssda903_case(&fixture("ssda903/good/header.csv"), &bytes)
        } else if name.starts_with("postcodes-") {
            postcodes_case(&bytes)
        } else if name.starts_with("boundary-") {
            boundary_case(&bytes)
        } else if name.starts_with("scenario-") {
            levers_from_toml(&String::from_utf8_lossy(&bytes))
                .map(|levers| {
                    project(&small_baseline(), &levers);
                })
                .or(Ok(()))
        } else if name == "README.md" {
            continue;
        } else {
            panic!("{name}: no target for this name");
        };
        if let Err(e) = result {
            panic!("{name}: {e}");
        }
        replayed += 1;
    }
    println!("fuzz regressions: {replayed} inputs replayed");
}
