//! The scenario model on the sample county (Buckinghamshire-sized, about
//! 450 children looked after): one deterministic 10-year projection, and
//! 10,000 Monte Carlo runs × 10 years (target: under 0.5 s on two cores),
//! and a rolling backtest of 36 starting months with 200-run bands.

use criterion::{criterion_group, criterion_main, Criterion};
use placement_planner::county::CountyData;
use placement_planner::model::PlacementCategory;
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::scenario::rolling::{rolling_backtest, RollingSpec, DEFAULT_ORIGINS};
use placement_planner::scenario::{monte_carlo, project, Baseline, Levers, MoveKind, RateChange};
use std::hint::black_box;

fn sample_data() -> CountyData {
    let county = generate(DEFAULT_SEED);
    CountyData::new(
        county.settings,
        county.children,
        county.carers,
        county.homes,
        county.placements,
        county.postcodes,
    )
}

fn sample_baseline() -> Baseline {
    Baseline::from_data(&sample_data(), SAMPLE_AS_AT, 24)
}

/// Every lever on, as in `sample_data/scenario-example.toml` but for its
/// changes to the fitted rates, over 10 years.
fn levers() -> Levers {
    Levers {
        horizon_years: 10,
        recruit_households_per_year: 10.0,
        places_per_household: Some(2.0),
        households_leaving_per_year: 4.0,
        shift_share: 0.3,
        step_down_per_year: 3.0,
        specialist_households_per_year: 3.0,
        specialist_weekly_fee_pence: 120_000,
        entries_change_pct: 5.0,
        one_off_cost_per_household_pence: 800_000,
        yearly_support_per_household_pence: 300_000,
        scheme_overheads_per_year_pence: 15_000_000,
        staying_put_share: 0.5,
        staying_put_months: 24,
        staying_put_weekly_pence: 35_000,
        ..Levers::default()
    }
}

fn bench(c: &mut Criterion) {
    let baseline = sample_baseline();
    let levers = levers();
    assert!(levers.validate().is_ok());
    eprintln!(
        "sample baseline: {} children, {:.1} entrants a month",
        baseline.children.len(),
        baseline.monthly_entries
    );
    let mut group = c.benchmark_group("scenario");
    group.bench_function("project_10_years", |b| {
        b.iter(|| project(black_box(&baseline), black_box(&levers)))
    });
    group.sample_size(10);
    group.bench_function("monte_carlo_10000_runs_10_years", |b| {
        b.iter(|| monte_carlo(black_box(&baseline), black_box(&levers), 10_000, 1))
    });
    // With the example file's changes to the fitted rates too (residential
    // exits ×1.1, fostering breakdowns −25%): a child's path can then
    // differ between the runs, and is drawn for each.
    let mut example = levers.clone();
    example.exit_rate_changes.insert(
        PlacementCategory::ExternalResidential,
        RateChange::Multiply(1.1),
    );
    example
        .move_changes
        .insert(MoveKind::FosteringBreakdown, -25.0);
    assert!(example.validate().is_ok());
    group.bench_function("monte_carlo_10000_runs_10_years_rate_changes", |b| {
        b.iter(|| monte_carlo(black_box(&baseline), black_box(&example), 10_000, 1))
    });
    // The same with the rates held at their fitted values (no drawn rates):
    // what the rates' uncertainty costs.
    let mut fixed = baseline.clone();
    fixed.entrants = None;
    for cell in fixed.exit_cells.iter_mut().chain(&mut fixed.move_cells) {
        cell.shape = 0.0;
    }
    group.bench_function("monte_carlo_10000_runs_10_years_fixed_rates", |b| {
        b.iter(|| monte_carlo(black_box(&fixed), black_box(&levers), 10_000, 1))
    });
    // What the levers cost, for deciding what the 0.5 s target covers: no
    // lever at all (the comparator alone, every path shared), and every
    // lever but the shift to in-house (its offered entrants draw a second
    // path each, and the jump on whether one is offered goes either way).
    let none = Levers {
        horizon_years: 10,
        ..Levers::default()
    };
    group.bench_function("monte_carlo_10000_runs_10_years_no_levers", |b| {
        b.iter(|| monte_carlo(black_box(&baseline), black_box(&none), 10_000, 1))
    });
    let no_shift = Levers {
        shift_share: 0.0,
        ..levers.clone()
    };
    group.bench_function("monte_carlo_10000_runs_10_years_no_shift", |b| {
        b.iter(|| monte_carlo(black_box(&baseline), black_box(&no_shift), 10_000, 1))
    });
    let data = sample_data();
    let spec = RollingSpec::for_records(&data, SAMPLE_AS_AT, 24, DEFAULT_ORIGINS)
        .expect("the sample has three years of records");
    let no_bands = RollingSpec {
        runs: 0,
        ..spec.clone()
    };
    group.bench_function("rolling_backtest_36_origins_no_bands", |b| {
        b.iter(|| rolling_backtest(black_box(&data), &no_bands))
    });
    group.bench_function("rolling_backtest_36_origins_200_runs", |b| {
        b.iter(|| rolling_backtest(black_box(&data), &spec))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
