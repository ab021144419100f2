//! Properties that hold for any data, checked on random cases (proptest,
//! fixed random stream, so a run is repeatable; `PROPERTY_CASES=N` changes
//! the number of cases):
//! 1. a vacancy is never negative, and is the places less the children
//!    placed, for any carers, homes, placements and date;
//! 2. the sufficiency report's category shares add up to 100% of the
//!    children looked after (within the rounding of each share to 0.1);
//! 3. a scenario with every lever at zero (`Levers::default()`) is the
//!    comparator, month by month, for any horizon and baseline; so is every
//!    Monte Carlo run, and with nothing random the bands are the projection;
//! 4. a placement never ends before it starts: the store refuses it, and
//!    the SSDA903 import rejects such an episode.

use jiff::civil::{date, Date};
use jiff::ToSpan;
use placement_planner::county::CountyData;
use placement_planner::import::ssda903::preview_ssda903;
use placement_planner::import::Progress;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::vacancy::{carer_occupancy, home_occupancy};
use placement_planner::model::{
    Carer, CarerSector, CarerStatus, Child, ChildStatus, Home, HomeSector, Pence, PlaceCode,
    Placement, PlacementCategory, PlacementSetting, ProviderCode, Settings, Sex,
};
use placement_planner::scenario::{
    monte_carlo, project, Baseline, BaselineChild, CostSource, EntryShare, Levers, UnitCost,
};
use placement_planner::store::Store;
use placement_planner::sufficiency::measures::sufficiency;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::Instant;

fn runner(default_cases: u32) -> TestRunner {
    let cases = std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Runs a property, printing how many cases ran.
fn check<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let started = Instant::now();
    let n = Cell::new(0u64);
    let result = runner(default_cases).run(&strategy, |v| {
        n.set(n.get() + 1);
        test(v)
    });
    println!(
        "property {name}: {} cases in {:.1} s",
        n.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// A day between 2015 and 2030.
fn day() -> impl Strategy<Value = Date> {
    (0i32..5_844).prop_map(|d| date(2015, 1, 1) + d.days())
}

/// A day between 2015 and 2025: a return records only what has happened.
fn past_day() -> impl Strategy<Value = Date> {
    (0i32..4_018).prop_map(|d| date(2015, 1, 1) + d.days())
}

fn codes() -> impl Strategy<Value = (PlaceCode, Option<ProviderCode>)> {
    (
        proptest::sample::select(PlaceCode::ALL),
        proptest::sample::select(ProviderCode::ALL),
    )
        .prop_map(|(place, provider)| (place, place.takes_provider().then_some(provider)))
}

fn placement(
    child: String,
    setting: PlacementSetting,
    start: Date,
    end: Option<Date>,
    (place, provider): (PlaceCode, Option<ProviderCode>),
    pence: i64,
) -> Placement {
    Placement {
        id: 0,
        child_id: child,
        setting,
        postcode: None,
        start,
        end,
        weekly_cost: Some(Pence(pence)),
        fee_changes: vec![],
        place,
        provider,
        reason_for_change: None,
    }
}

fn child(id: String, entered: Date) -> Child {
    Child {
        id,
        name: "A child".into(),
        date_of_birth: date(2010, 1, 1),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: ChildStatus::LookedAfter,
        entered_care: entered,
        left_care: None,
        earlier_periods: Vec::new(),
    }
}

// ---------------------------------------------------------------- 1. vacancies

#[derive(Debug, Clone)]
struct Supply {
    carers: Vec<Carer>,
    homes: Vec<Home>,
    placements: Vec<Placement>,
    on: Date,
}

fn supply() -> impl Strategy<Value = Supply> {
    let carer = (
        0u8..7,
        proptest::sample::select(CarerStatus::ALL),
        day(),
        proptest::option::of(day()),
    );
    let home = (0u8..7, proptest::option::of(day()));
    // Placements: with carer k, home k (either possibly unknown) or
    // elsewhere; any dates, some ending before they start (the model must
    // not count those as negative places either).
    let place = (
        0u8..3,
        0usize..10,
        day(),
        proptest::option::of(day()),
        codes(),
    );
    (
        proptest::collection::vec(carer, 0..8),
        proptest::collection::vec(home, 0..6),
        proptest::collection::vec(place, 0..40),
        day(),
    )
        .prop_map(|(cs, hs, ps, on)| Supply {
            carers: cs
                .into_iter()
                .enumerate()
                .map(|(i, (places, status, approved, ended))| Carer {
                    id: format!("FC{i}"),
                    name: format!("Household {i}"),
                    sector: CarerSector::ALL[i % CarerSector::ALL.len()],
                    agency: None,
                    approved_places: places,
                    age_min: 0,
                    age_max: 17,
                    takes_siblings: false,
                    specialisms: Vec::new(),
                    postcode: None,
                    location: None,
                    weekly_cost: Pence(50_000),
                    status,
                    approval_date: approved,
                    ended_on: ended,
                })
                .collect(),
            homes: hs
                .into_iter()
                .enumerate()
                .map(|(i, (beds, closed))| Home {
                    id: format!("RH{i}"),
                    name: format!("Home {i}"),
                    provider: "Provider".into(),
                    sector: HomeSector::ALL[i % HomeSector::ALL.len()],
                    ofsted_urn: None,
                    registered_beds: beds,
                    age_min: 0,
                    age_max: 17,
                    postcode: None,
                    location: None,
                    weekly_cost_per_bed: Pence(500_000),
                    closed_on: closed,
                })
                .collect(),
            placements: ps
                .into_iter()
                .enumerate()
                .map(|(i, (kind, k, start, end, codes))| {
                    let setting = match kind {
                        0 => PlacementSetting::Carer(format!("FC{k}")),
                        1 => PlacementSetting::Home(format!("RH{k}")),
                        _ => PlacementSetting::Elsewhere,
                    };
                    placement(format!("C{i}"), setting, start, end, codes, 0)
                })
                .collect(),
            on,
        })
}

#[test]
fn a_vacancy_is_never_negative() {
    check("vacancy never negative", 5_000, supply(), |s| {
        let carers = carer_occupancy(&s.carers, &s.placements, s.on);
        let homes = home_occupancy(&s.homes, &s.placements, s.on);
        prop_assert_eq!(carers.len(), s.carers.len());
        prop_assert_eq!(homes.len(), s.homes.len());
        for (id, o) in carers.iter().chain(&homes) {
            let open = s
                .placements
                .iter()
                .filter(|p| p.is_open_on(s.on))
                .filter(|p| p.carer_id().or(p.home_id()) == Some(id.as_str()))
                .count() as i64;
            prop_assert_eq!(i64::from(o.filled), open, "{}", id);
            let vacant = i64::from(o.vacant());
            prop_assert!(vacant >= 0);
            prop_assert_eq!(vacant, (i64::from(o.places) - open).max(0), "{}", id);
            prop_assert!(vacant <= i64::from(o.places));
        }
        for c in &s.carers {
            let o = carers[&c.id];
            let offers = c.status != CarerStatus::OnHold && c.is_approved_on(s.on);
            prop_assert_eq!(
                o.places,
                if offers {
                    u32::from(c.approved_places)
                } else {
                    0
                }
            );
        }
        Ok(())
    });
}

// ---------------------------------------------------------------- 2. shares

/// Children looked after on 1 April 2026, each with one open placement of
/// random codes; some awaiting placement (no category) when `awaiting`.
fn county(awaiting: bool) -> impl Strategy<Value = (CountyData, usize)> {
    (
        proptest::collection::vec((codes(), 0i64..1_000_000), 1..60),
        if awaiting { 0usize..5 } else { 0usize..1 },
    )
        .prop_map(|(placed, waiting)| {
            let mut children = Vec::new();
            let mut placements = Vec::new();
            for (i, (codes, pence)) in placed.into_iter().enumerate() {
                let id = format!("C{i}");
                children.push(child(id.clone(), date(2025, 1, 1)));
                placements.push(placement(
                    id,
                    PlacementSetting::Elsewhere,
                    date(2025, 1, 1),
                    None,
                    codes,
                    pence,
                ));
            }
            for k in 0..waiting {
                let mut c = child(format!("W{k}"), date(2026, 3, 1));
                c.status = ChildStatus::AwaitingPlacement;
                children.push(c);
            }
            let n = children.len();
            (
                CountyData::new(
                    Settings::default(),
                    children,
                    Vec::new(),
                    Vec::new(),
                    placements,
                    Vec::new(),
                ),
                n,
            )
        })
}

#[test]
fn category_shares_sum_to_100_percent() {
    check(
        "category shares sum to 100%",
        2_000,
        county(false),
        |(data, n)| {
            let r = sufficiency(&data, date(2026, 4, 1));
            prop_assert_eq!(r.children_looked_after, n);
            let counted: usize = r.by_category.iter().map(|l| l.children).sum();
            prop_assert_eq!(counted, n);
            let sum: f64 = r.by_category.iter().map(|l| l.share_pct).sum();
            // Each share is rounded to 0.1 on its own, so the sum may be off
            // by up to 0.05 for each category with children.
            let lines = r.by_category.iter().filter(|l| l.children > 0).count();
            let tolerance = 0.05 * lines as f64 + 1e-9;
            prop_assert!(
                (sum - 100.0).abs() <= tolerance,
                "the shares sum to {} (tolerance {})",
                sum,
                tolerance
            );
            // Unrounded, they are exactly 100%.
            let exact: f64 = r
                .by_category
                .iter()
                .map(|l| 100.0 * l.children as f64 / n as f64)
                .sum();
            prop_assert!((exact - 100.0).abs() < 1e-9);
            Ok(())
        },
    );
    // With children awaiting placement (in no category), the categories
    // and the awaiting share together make 100%.
    check(
        "category shares with children awaiting placement",
        1_000,
        county(true),
        |(data, n)| {
            let r = sufficiency(&data, date(2026, 4, 1));
            prop_assert_eq!(r.children_looked_after, n);
            let placed: usize = r.by_category.iter().map(|l| l.children).sum();
            let sum: f64 = r.by_category.iter().map(|l| l.share_pct).sum::<f64>()
                + placement_planner::sufficiency::measures::percent(n - placed, n);
            let lines = r.by_category.iter().filter(|l| l.children > 0).count() + 1;
            prop_assert!((sum - 100.0).abs() <= 0.05 * lines as f64 + 1e-9, "{}", sum);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- 3. scenarios

fn category() -> impl Strategy<Value = PlacementCategory> {
    proptest::sample::select(PlacementCategory::ALL)
}

/// A baseline made by hand, as in tests/scenario.rs: children by category
/// and age, entrants into one category at one age, exit rates and weekly
/// costs by category, in-house places. With `random` false there are no
/// exits and no entrants (nothing left to chance).
fn baseline(random: bool) -> impl Strategy<Value = Baseline> {
    (
        proptest::collection::vec((category(), 0u32..216, 0usize..15), 0..8),
        0.0f64..8.0,
        (category(), 0u32..216),
        proptest::collection::vec((category(), 0.0f64..0.3), 0..6),
        proptest::collection::vec((category(), 0i64..100_000), 0..8),
        0u32..40,
        0u32..40,
        proptest::collection::vec((category(), 0.0f64..=1.0), 0..4),
        0..=2_557i32,
    )
        .prop_map(
            move |(groups, entries, entry, rates, costs, places, filled, shares, start)| {
                let children = groups
                    .into_iter()
                    .flat_map(|(category, age_months, n)| {
                        (0..n).map(move |k| BaselineChild {
                            child_id: format!("{}-{age_months}-{k}", category.code()),
                            category,
                            age_months,
                        })
                    })
                    .collect();
                Baseline {
                    start: date(2024, 1, 1) + start.days(),
                    reference_months: 12,
                    children,
                    monthly_entries: if random { entries } else { 0.0 },
                    entry_mix: vec![EntryShare {
                        category: entry.0,
                        age_months: entry.1,
                        share: 1.0,
                    }],
                    exit_rates: if random {
                        rates.into_iter().collect()
                    } else {
                        BTreeMap::new()
                    },
                    unit_costs: costs
                        .into_iter()
                        .map(|(c, p)| {
                            (
                                c,
                                UnitCost {
                                    // Multiples of 7p: whole pence a day.
                                    weekly: Pence(p * 7),
                                    source: CostSource::Missing,
                                },
                            )
                        })
                        .collect(),
                    in_house_places: places,
                    in_house_filled: filled.min(places),
                    in_area_shares: shares.iter().copied().collect(),
                    within_20_shares: shares.into_iter().collect(),
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
            },
        )
}

#[test]
fn levers_at_zero_are_the_baseline() {
    check(
        "all levers at zero equal the baseline",
        1_000,
        (baseline(true), 1u32..=10),
        |(b, horizon)| {
            let levers = Levers {
                horizon_years: horizon,
                ..Levers::default()
            };
            prop_assert!(levers.validate().is_ok());
            let p = project(&b, &levers);
            prop_assert_eq!(p.months.len(), horizon as usize * 12);
            for m in &p.months {
                prop_assert_eq!(&m.scenario, &m.baseline, "month {}", m.index);
                prop_assert!(m.children_difference.values().all(|&d| d == 0.0));
                prop_assert_eq!(m.spend_difference, Pence(0));
                prop_assert_eq!(m.net_saving, Pence(0));
                prop_assert_eq!(m.cumulative_net_saving, Pence(0));
            }
            for y in &p.years {
                prop_assert_eq!(&y.scenario_end, &y.baseline_end);
                prop_assert_eq!(&y.scenario_spend, &y.baseline_spend);
                prop_assert_eq!(y.scenario_placement_spend, y.baseline_placement_spend);
                prop_assert_eq!(y.investment, Pence(0));
                prop_assert_eq!(y.net_saving, Pence(0));
            }
            prop_assert_eq!(p.payback_month, None);
            Ok(())
        },
    );
}

#[test]
fn monte_carlo_with_levers_at_zero_is_the_baseline() {
    check(
        "Monte Carlo: levers at zero equal the baseline",
        300,
        (baseline(true), 1u32..=3, any::<u64>()),
        |(b, horizon, seed)| {
            let levers = Levers {
                horizon_years: horizon,
                ..Levers::default()
            };
            let bands = monte_carlo(&b, &levers, 20, seed);
            prop_assert_eq!(bands.months.len(), horizon as usize * 12);
            for m in &bands.months {
                prop_assert_eq!(m.scenario_children, m.baseline_children);
                prop_assert_eq!(m.scenario_spend, m.baseline_spend);
                prop_assert_eq!(m.cumulative_net_saving, Default::default());
            }
            for y in &bands.years {
                prop_assert_eq!(y.scenario_spend, y.baseline_spend);
            }
            Ok(())
        },
    );
    check(
        "Monte Carlo with nothing random is the projection",
        300,
        (baseline(false), 1u32..=3, any::<u64>()),
        |(b, horizon, seed)| {
            let levers = Levers {
                horizon_years: horizon,
                ..Levers::default()
            };
            let p = project(&b, &levers);
            let bands = monte_carlo(&b, &levers, 10, seed);
            prop_assert_eq!(bands.months.len(), p.months.len());
            for (m, band) in p.months.iter().zip(&bands.months) {
                let x = m.baseline.total_children();
                prop_assert_eq!(band.baseline_children.p10, x);
                prop_assert_eq!(band.baseline_children.p90, x);
                prop_assert_eq!(band.scenario_children, band.baseline_children);
                let s = m.baseline.placement_spend.0 as f64;
                prop_assert_eq!(band.baseline_spend.p10, s);
                prop_assert_eq!(band.baseline_spend.p90, s);
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- 4. end ≥ start

#[test]
fn a_placement_never_ends_before_it_starts() {
    let refused = "a placement cannot end before it starts";
    check(
        "placement end never before start (store)",
        500,
        (day(), day(), codes()),
        |(start, end, codes)| {
            let mut store = Store::open_in_memory().unwrap();
            store
                .insert_child(&child("C1".into(), date(2015, 1, 1)))
                .unwrap();
            // Inserted with an end date.
            let p = placement(
                "C1".into(),
                PlacementSetting::Elsewhere,
                start,
                Some(end),
                codes,
                0,
            );
            let inserted = store.insert_placement(&p);
            if end < start {
                let e = inserted.unwrap_err().to_string();
                prop_assert!(e.contains(refused), "{}", e);
                prop_assert!(store.placements().unwrap().is_empty());
            } else {
                prop_assert!(inserted.is_ok(), "{:?}", inserted);
            }
            // Inserted open, then ended.
            let mut store = Store::open_in_memory().unwrap();
            store
                .insert_child(&child("C1".into(), date(2015, 1, 1)))
                .unwrap();
            let id = store
                .insert_placement(&Placement { end: None, ..p })
                .unwrap();
            let ended = store.end_placement(id, end, Some("OTHER"));
            let stored = store.placements().unwrap();
            if end < start {
                let e = ended.unwrap_err().to_string();
                prop_assert!(e.contains(refused), "{}", e);
                prop_assert_eq!(stored[0].end, None);
            } else {
                prop_assert!(ended.is_ok(), "{:?}", ended);
                prop_assert_eq!(stored[0].end, Some(end));
            }
            for p in &stored {
                prop_assert!(p.end.is_none_or(|e| e >= p.start));
            }
            Ok(())
        },
    );
    check(
        "placement end never before start (SSDA903 import)",
        300,
        (past_day(), past_day()),
        |(decom, dec)| {
            let dir = tempfile::tempdir().unwrap();
            let header = dir.path().join("header.csv");
            let episodes = dir.path().join("episodes.csv");
            std::fs::write(&header, "CHILD,SEX,DOB\nC001,2,15/06/2012\n").unwrap();
            std::fs::write(
                &episodes,
                format!(
                    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST\n\
                     C001,{},S,C2,N1,U6,PR1,{},E11,,\n",
                    decom.strftime("%d/%m/%Y"),
                    dec.strftime("%d/%m/%Y")
                ),
            )
            .unwrap();
            let store = Store::open_in_memory().unwrap();
            let plan = preview_ssda903(&header, &episodes, &store, &Progress::new()).unwrap();
            let s = plan.summary();
            if dec < decom {
                prop_assert_eq!(s.to_add, 0);
                prop_assert!(
                    s.rejected
                        .iter()
                        .any(|i| i.reason.contains("the episode ends before it starts")),
                    "{:?}",
                    s.rejected
                );
            } else {
                for c in plan.children() {
                    prop_assert!(c.left_care.is_none_or(|l| l >= c.entered_care));
                }
                prop_assert!(!s
                    .rejected
                    .iter()
                    .any(|i| i.reason.contains("ends before it starts")));
            }
            Ok(())
        },
    );
}
