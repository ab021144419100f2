//! The Monte Carlo bands: reproducible, ordered, exactly the projection
//! when nothing is random, and centred on it when much is.

use jiff::civil::date;
use placement_planner::model::{Pence, PlacementCategory as C};
use placement_planner::scenario::montecarlo::percentiles;
use placement_planner::scenario::{
    monte_carlo, monte_carlo_on_threads, project, Bands, Baseline, EntryShare, Levers, Percentiles,
    RateChange,
};

mod common;
use common::baselines::{four_in_residential, hand_baseline};

/// A busy county: IFA, in-house and residential children, entrants, exits,
/// recruitment, shift and step-down all on.
fn busy() -> (Baseline, Levers) {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[
            (C::IfaFostering, 60, 30),
            (C::InHouseFostering, 100, 20),
            (C::ExternalResidential, 170, 8),
            (C::OwnResidential, 200, 2),
        ],
        4.0,
        (C::IfaFostering, 24),
        &[
            (C::IfaFostering, 0.03),
            (C::InHouseFostering, 0.02),
            (C::ExternalResidential, 0.04),
            (C::OwnResidential, 0.04),
        ],
        &[
            (C::IfaFostering, 81_900),
            (C::InHouseFostering, 46_200),
            (C::ExternalResidential, 609_700),
            (C::OwnResidential, 500_000),
        ],
        22,
    );
    let levers = Levers {
        horizon_years: 3,
        recruit_households_per_year: 6.0,
        places_per_household: Some(2.0),
        households_leaving_per_year: 2.0,
        shift_share: 0.5,
        step_down_per_year: 4.0,
        specialist_households_per_year: 3.0,
        specialist_weekly_fee_pence: 140_000,
        one_off_cost_per_household_pence: 800_000,
        yearly_support_per_household_pence: 300_000,
        scheme_overheads_per_year_pence: 1_200_000,
        staying_put_share: 0.5,
        staying_put_months: 12,
        staying_put_weekly_pence: 35_000,
        ..Levers::default()
    };
    assert!(levers.validate().is_ok());
    (b, levers)
}

fn all_percentiles(b: &Bands) -> Vec<Percentiles> {
    b.months
        .iter()
        .flat_map(|m| {
            [
                m.scenario_children,
                m.baseline_children,
                m.scenario_spend,
                m.baseline_spend,
                m.cumulative_net_saving,
            ]
        })
        .chain(
            b.years
                .iter()
                .flat_map(|y| [y.scenario_spend, y.baseline_spend]),
        )
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_bands_on_any_number_of_threads() {
    let (b, levers) = busy();
    // 300 runs = chunks of 128, 128 and 44.
    let one = monte_carlo_on_threads(&b, &levers, 300, 7, 1);
    let three = monte_carlo_on_threads(&b, &levers, 300, 7, 3);
    assert_eq!(one, three);
    assert_eq!(monte_carlo(&b, &levers, 300, 7), one);
    assert_eq!((one.runs, one.seed), (300, 7));
    assert_eq!(one.months.len(), 36);
    assert_eq!(one.months[0].month_start, date(2026, 4, 1));
    let years: Vec<(&str, u32)> = one
        .years
        .iter()
        .map(|y| (y.label.as_str(), y.months))
        .collect();
    assert_eq!(
        years,
        vec![("2026-27", 12), ("2027-28", 12), ("2028-29", 12)]
    );

    let other = monte_carlo(&b, &levers, 300, 8);
    assert_ne!(all_percentiles(&one), all_percentiles(&other));
}

#[test]
fn percentiles_are_in_order_and_the_runs_vary() {
    let (b, levers) = busy();
    let bands = monte_carlo(&b, &levers, 500, 1);
    for p in all_percentiles(&bands) {
        assert!(p.p10 <= p.p50 && p.p50 <= p.p90, "{p:?}");
    }
    // Entries and exits are random: by the third year the children are
    // spread (a Poisson count of ~48 entrants a year alone has sd ~7).
    let last = bands.months.last().unwrap();
    assert!(last.baseline_children.p90 > last.baseline_children.p10);
    assert!(last.cumulative_net_saving.p90 > last.cumulative_net_saving.p10);
    // The year's spend band is of yearly sums, so its median is about 12
    // monthly medians, not exactly.
    let y = &bands.years[0];
    let monthly: f64 = bands.months[..12]
        .iter()
        .map(|m| m.baseline_spend.p50)
        .sum();
    assert!((y.baseline_spend.p50 - monthly).abs() < 0.05 * monthly);
}

/// Nearest rank on 1..=10: P10 is the 1st value, P50 the 5th, P90 the 9th;
/// one value is every percentile.
#[test]
fn percentiles_by_nearest_rank() {
    let mut v: Vec<i64> = vec![7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
    assert_eq!(
        percentiles(&mut v),
        Percentiles {
            p10: 1.0,
            p50: 5.0,
            p90: 9.0
        }
    );
    assert_eq!(
        percentiles(&mut [42]),
        Percentiles {
            p10: 42.0,
            p50: 42.0,
            p90: 42.0
        }
    );
}

/// No randomness: no exits (rate 0), no entrants, no recruitment, no step-
/// down. Children only age out at 18 (ages 150, 205, 214, 215), which is
/// certain, so every run is the deterministic projection and all three
/// percentiles equal it exactly: children, spend (with inflation), Staying
/// Put and investment (overheads) in the cumulative net saving.
#[test]
fn with_nothing_random_every_percentile_is_the_projection() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[
            (C::IfaFostering, 150, 3),
            (C::IfaFostering, 214, 2),
            (C::InHouseFostering, 205, 4),
            (C::Kinship, 215, 1),
            (C::ExternalResidential, 200, 2),
        ],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[
            (C::IfaFostering, 81_900),
            (C::InHouseFostering, 46_200),
            (C::Kinship, 30_000),
            (C::ExternalResidential, 609_700),
        ],
        5,
    );
    let levers = Levers {
        horizon_years: 2,
        annual_inflation: [(C::IfaFostering, 0.05), (C::ExternalResidential, 0.09)]
            .into_iter()
            .collect(),
        scheme_overheads_per_year_pence: 1_200_000,
        // A change to a zero rate keeps it zero but makes the scenario a
        // run of its own.
        exit_rate_changes: [(C::IfaFostering, RateChange::Multiply(2.0))]
            .into_iter()
            .collect(),
        staying_put_share: 0.5,
        staying_put_months: 6,
        staying_put_weekly_pence: 35_000,
        ..Levers::default()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    let bands = monte_carlo(&b, &levers, 50, 3);
    let exact = |x: f64| Percentiles {
        p10: x,
        p50: x,
        p90: x,
    };
    assert_eq!(bands.months.len(), 24);
    for (m, band) in p.months.iter().zip(&bands.months) {
        assert_eq!(band.month_start, m.month_start);
        assert_eq!(band.scenario_children, exact(m.scenario.total_children()));
        assert_eq!(band.baseline_children, exact(m.baseline.total_children()));
        assert_eq!(
            band.scenario_spend,
            exact(m.scenario.placement_spend.0 as f64)
        );
        assert_eq!(
            band.baseline_spend,
            exact(m.baseline.placement_spend.0 as f64)
        );
        assert_eq!(
            band.cumulative_net_saving,
            exact(m.cumulative_net_saving.0 as f64)
        );
    }
    for (y, band) in p.years.iter().zip(&bands.years) {
        assert_eq!(
            band.scenario_spend,
            exact(y.scenario_placement_spend.0 as f64)
        );
        assert_eq!(
            band.baseline_spend,
            exact(y.baseline_placement_spend.0 as f64)
        );
    }
    // The case is not trivial: children leave at 18, Staying Put and
    // overheads cost something.
    assert_eq!(p.months[0].scenario.total_children(), 11.0);
    assert!(p.months.iter().any(|m| m.scenario.staying_put_spend.0 > 0));
    assert!(p.months[23].cumulative_net_saving.0 < 0);
}

/// 100 IFA children aged 0, exit rate 5% a month, 5 newborn IFA entrants a
/// month (Poisson), each in care for half of their first month on average
/// (so a share √0.95 = 0.974679 of them are still there at its end). At
/// the end of month 12 (index 11):
///  the first 100 survive with p = 0.95^12 = 0.540360: binomial, mean
///  54.036, variance 100 × 0.540360 × 0.459640 = 24.837;
///  entrants survive as a thinned Poisson: mean 5 × 0.974679 ×
///  Σ_{k=0}^{11} 0.95^k = 5 × 0.974679 × 9.192798 = 44.800, variance 44.800.
/// Total: mean 98.836, variance 69.637, sd 8.345 (as good as normal). With
/// 4,000 runs the sample median's standard error is 1.2533 × 8.345 / √4000
/// = 0.165 and the P10/P90 standard error √(0.1 × 0.9 / 4000) / φ(1.2816)
/// × 8.345 = 0.225; nearest-rank percentiles are whole children, adding up
/// to 0.5. So P50 is within 1 of 98.836 and P10, P90 within 1.5 of
/// 98.836 ∓ 1.2816 × 8.345 = 88.14, 109.53.
#[test]
fn with_many_runs_the_median_is_the_expectation() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 0, 100)],
        5.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.05)],
        &[(C::IfaFostering, 81_900)],
        0,
    );
    let levers = Levers {
        horizon_years: 1,
        ..Levers::default()
    };
    let p = project(&b, &levers);
    let expected = p.months[11].baseline.total_children();
    assert!((expected - 98.836166).abs() < 1e-6, "{expected}");
    let bands = monte_carlo(&b, &levers, 4_000, 2016);
    let end = &bands.months[11].baseline_children;
    assert!((end.p50 - expected).abs() <= 1.0, "{end:?}");
    assert!((end.p10 - 88.14).abs() <= 1.5, "{end:?}");
    assert!((end.p90 - 109.53).abs() <= 1.5, "{end:?}");
    // Default levers: the scenario is the comparator in every run.
    for m in &bands.months {
        assert_eq!(m.scenario_children, m.baseline_children);
        assert_eq!(m.scenario_spend, m.baseline_spend);
        assert_eq!(m.cumulative_net_saving, Percentiles::default());
    }
}

/// Shift with room for everyone: 1,000 in-house places, shift share 1, 4
/// IFA newborn entrants a month (Poisson), no exits, nobody in care at the
/// start. Every entrant goes in-house in the scenario and to an IFA in the
/// comparator, so in month 0 (30 days) the net saving is N × (11,700 −
/// 6,600) × 30 = 153,000 × N for N entrants, and its percentiles are
/// 153,000 × the percentiles of the children.
#[test]
fn every_shifted_entrant_saves_the_price_difference() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[],
        4.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 81_900), (C::InHouseFostering, 46_200)],
        1_000,
    );
    let levers = Levers {
        horizon_years: 1,
        shift_share: 1.0,
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 1_000, 5);
    let m0 = &bands.months[0];
    assert_eq!(m0.scenario_children, m0.baseline_children);
    let n = m0.scenario_children;
    assert!(n.p90 > n.p10);
    assert_eq!(
        m0.cumulative_net_saving,
        Percentiles {
            p10: 153_000.0 * n.p10,
            p50: 153_000.0 * n.p50,
            p90: 153_000.0 * n.p90,
        }
    );
    assert_eq!(m0.baseline_spend.p50, 11_700.0 * 30.0 * n.p50);
    assert_eq!(m0.scenario_spend.p50, 6_600.0 * 30.0 * n.p50);
}

/// Step-down moves children, never loses or adds one: 4 residential
/// children aged 10, no exits or entries, step-down 1,200 a year (always
/// more wanted than places), 12 specialist households a year (Poisson, one
/// child each). Every run has exactly 4 children every month, so all three
/// percentiles are 4; and by month 12 nearly every run has moved someone
/// (no household at all in 12 months has probability e^−12), so the
/// cumulative saving's median is positive at a specialist fee of 20,000p a
/// day against 87,100p.
#[test]
fn step_down_moves_children_without_losing_any() {
    let b = four_in_residential();
    let levers = Levers {
        horizon_years: 1,
        step_down_per_year: 1_000.0,
        specialist_households_per_year: 12.0,
        specialist_weekly_fee_pence: 140_000,
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 500, 11);
    for m in &bands.months {
        let four = Percentiles {
            p10: 4.0,
            p50: 4.0,
            p90: 4.0,
        };
        assert_eq!(m.scenario_children, four);
        assert_eq!(m.baseline_children, four);
    }
    assert!(bands.months[11].cumulative_net_saving.p50 > 0.0);
    assert!(bands.months[11].scenario_spend.p90 < bands.months[11].baseline_spend.p10);
}

/// Entrants are drawn from the entry mix: ¼ in-house at no cost, ¾ IFA at
/// 7p a week (1p a day); 4 a month (Poisson), no exits, nobody at the start.
/// By the end of month 12 (index 11, March, 31 days) the IFA children are
/// Poisson with mean ¾ × 48 = 36 (sd 6) and their spend is 31p each; all
/// children are Poisson with mean 48 (sd 6.93). Over 2,000 runs the
/// medians' standard errors are 1.2533 × 6 / √2000 = 0.17 and
/// 1.2533 × 6.93 / √2000 = 0.19; a Poisson median lies within 1 of its
/// mean and nearest rank adds up to 0.5, so each P50 is within 1.5 of
/// 36 × 31 = 1,116p of spend and 48 children. (A mix drawn wrongly, say
/// half and half, would give 24 × 31 = 744p.)
#[test]
fn entrants_follow_the_entry_mix() {
    let mut b = hand_baseline(
        date(2026, 4, 1),
        &[],
        4.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 7), (C::InHouseFostering, 0)],
        0,
    );
    b.entry_mix = vec![
        EntryShare {
            category: C::InHouseFostering,
            age_months: 12,
            share: 0.25,
        },
        EntryShare {
            category: C::IfaFostering,
            age_months: 60,
            share: 0.75,
        },
    ];
    let levers = Levers {
        horizon_years: 1,
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 2_000, 99);
    let end = &bands.months[11];
    assert!((end.baseline_children.p50 - 48.0).abs() <= 1.5, "{end:?}");
    assert!(
        (end.baseline_spend.p50 - 36.0 * 31.0).abs() <= 1.5 * 31.0,
        "{end:?}"
    );
}

/// An exit-rate lever gives the scenario its own draws: 50 IFA children
/// aged 5, exit rate 0.1 a month, no entrants; the scenario multiplies the
/// rate by 0, so in every run it keeps all 50 (all three percentiles 50),
/// while the comparator's survivors at month 12 are binomial(50, 0.9^12 =
/// 0.2824): mean 14.12, sd √(50 × 0.2824 × 0.7176) = 3.18, so its P50 over
/// 1,000 runs is within 1.5 of 14.12 (standard error 1.2533 × 3.18 / √1000
/// = 0.13, plus rounding to whole children). Keeping children costs money,
/// so the cumulative net saving is below zero even at P90.
#[test]
fn an_exit_rate_lever_changes_only_the_scenario() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 60, 50)],
        0.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.1)],
        &[(C::IfaFostering, 70_000)],
        0,
    );
    let levers = Levers {
        horizon_years: 1,
        exit_rate_changes: [(C::IfaFostering, RateChange::Multiply(0.0))]
            .into_iter()
            .collect(),
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 1_000, 4);
    let fifty = Percentiles {
        p10: 50.0,
        p50: 50.0,
        p90: 50.0,
    };
    assert!(bands.months.iter().all(|m| m.scenario_children == fifty));
    let end = &bands.months[11];
    assert!((end.baseline_children.p50 - 14.12).abs() <= 1.5, "{end:?}");
    assert!(end.cumulative_net_saving.p90 < 0.0, "{end:?}");
}

/// Nothing random, with unit costs overridden: 3 IFA children aged 150
/// (none reaches 18 in a year) at £910 a week instead of £819 (13,000p a
/// day) and 2 residential children aged 200 at £6,300 instead of £6,097
/// (90,000p a day); the residential children reach 216 months in month 15
/// and so stay all year. April (30 days): 3 × 13,000 × 30 + 2 × 90,000 × 30
/// = 1,170,000 + 5,400,000 = 6,570,000p in both runs, and every month's
/// percentiles equal the projection.
#[test]
fn with_nothing_random_an_overridden_unit_cost_is_the_projection() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 150, 3), (C::ExternalResidential, 200, 2)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 81_900), (C::ExternalResidential, 609_700)],
        0,
    );
    let levers = Levers {
        horizon_years: 1,
        unit_costs: [(C::IfaFostering, 91_000), (C::ExternalResidential, 630_000)]
            .into_iter()
            .collect(),
        // A change to a zero rate keeps it zero but makes the scenario a
        // run of its own.
        exit_rate_changes: [(C::IfaFostering, RateChange::Multiply(2.0))]
            .into_iter()
            .collect(),
        ..Levers::default()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    let bands = monte_carlo(&b, &levers, 20, 9);
    let exact = |x: f64| Percentiles {
        p10: x,
        p50: x,
        p90: x,
    };
    assert_eq!(p.months[0].scenario.placement_spend, Pence(6_570_000));
    assert_eq!(bands.months[0].scenario_spend, exact(6_570_000.0));
    assert_eq!(bands.months[0].baseline_spend, exact(6_570_000.0));
    for (m, band) in p.months.iter().zip(&bands.months) {
        assert_eq!(
            band.scenario_spend,
            exact(m.scenario.placement_spend.0 as f64)
        );
        assert_eq!(
            band.baseline_spend,
            exact(m.baseline.placement_spend.0 as f64)
        );
        assert_eq!(band.cumulative_net_saving, exact(0.0));
    }
}

/// As `every_shifted_entrant_saves_the_price_difference`, with IFA at
/// £910 a week (13,000p a day): each of the N random entrants in month 0
/// saves (13,000 − 6,600) × 30 = 192,000p, in-house against IFA at the
/// override in the comparator too.
#[test]
fn a_shifted_entrant_saves_the_difference_at_the_override() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[],
        4.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 81_900), (C::InHouseFostering, 46_200)],
        1_000,
    );
    let levers = Levers {
        horizon_years: 1,
        shift_share: 1.0,
        unit_costs: [(C::IfaFostering, 91_000)].into_iter().collect(),
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 1_000, 5);
    let m0 = &bands.months[0];
    let n = m0.scenario_children;
    assert!(n.p90 > n.p10);
    assert_eq!(
        m0.cumulative_net_saving,
        Percentiles {
            p10: 192_000.0 * n.p10,
            p50: 192_000.0 * n.p50,
            p90: 192_000.0 * n.p90,
        }
    );
    assert_eq!(m0.baseline_spend.p50, 13_000.0 * 30.0 * n.p50);
}

/// No specialist household takes a child before it is approved: 4
/// residential children aged 10, no exits or entries, step-down wanted
/// always (1,200 a year), 12 specialist households a year (Poisson), each
/// approved 6 months after it is recruited. In months 0–5 no household is
/// approved in any run, so nobody steps down and the scenario costs what
/// the comparator costs: every percentile of the saving is 0. By month 11
/// the households recruited in months 0–5 are approved (none at all has
/// probability e^−6 = 0.25%), so the median run has stepped someone down
/// and saves. With approval at 12 months, nothing happens in the year.
#[test]
fn no_household_takes_a_child_before_it_is_approved() {
    let b = four_in_residential();
    let levers = Levers {
        horizon_years: 1,
        step_down_per_year: 1_200.0,
        specialist_households_per_year: 12.0,
        specialist_weekly_fee_pence: 140_000,
        approval_months: 6,
        ..Levers::default()
    };
    let bands = monte_carlo(&b, &levers, 400, 11);
    for m in &bands.months[..6] {
        assert_eq!(m.cumulative_net_saving, Percentiles::default());
        assert_eq!(m.scenario_spend, m.baseline_spend);
    }
    assert!(bands.months[11].cumulative_net_saving.p50 > 0.0);
    // The projection agrees: the first step-down is in month 6.
    let p = project(&b, &levers);
    assert!(p.months[..6].iter().all(|m| m.scenario.stepped_down == 0.0));
    assert_eq!(p.months[6].scenario.stepped_down, 1.0);

    let never = Levers {
        approval_months: 12,
        ..levers
    };
    let bands = monte_carlo(&b, &never, 400, 11);
    for m in &bands.months {
        assert_eq!(m.cumulative_net_saving, Percentiles::default());
    }
}

/// Each specialist household taking two children doubles what is stepped
/// down while the households are few: 4 residential children, no exits or
/// entries, step-down wanted always (1,200 a year), 12 specialist
/// households a year (Poisson, 1 a month), approved at once. In month 0
/// the median run recruits 1 household (P(0) = e^−1 = 37%, P(≤ 1) = 74%),
/// which steps 1 child down at 1 place each and 2 at 2 places; every
/// child stepped down saves the same in that month (the children are
/// alike and nobody leaves), so the median saving in month 0 is exactly
/// twice as large. The projection agrees: 1, then 2, in month 0.
#[test]
fn two_children_per_specialist_household_double_the_months_saving() {
    let b = four_in_residential();
    let one = Levers {
        horizon_years: 1,
        step_down_per_year: 1_200.0,
        specialist_households_per_year: 12.0,
        specialist_weekly_fee_pence: 140_000,
        ..Levers::default()
    };
    let two = Levers {
        specialist_places_per_household: 2,
        ..one.clone()
    };
    let saving = |l: &Levers| {
        monte_carlo(&b, l, 400, 5).months[0]
            .cumulative_net_saving
            .p50
    };
    let (s1, s2) = (saving(&one), saving(&two));
    assert!(s1 > 0.0, "{s1}");
    assert_eq!(s2, 2.0 * s1);
    assert_eq!(project(&b, &one).months[0].scenario.stepped_down, 1.0);
    assert_eq!(project(&b, &two).months[0].scenario.stepped_down, 2.0);
}
