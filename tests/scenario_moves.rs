//! Moves between placement types: counted from the records (a move inside a
//! period of care, never the gap between two periods), fitted, projected by
//! hand, and changed by their levers.

mod common;

use common::baselines::hand_baseline;
use common::records::{child_in_care, county_of, placement_elsewhere};
use jiff::civil::{date, Date};
use placement_planner::model::child::CarePeriod;
use placement_planner::model::PlacementCategory as C;
use placement_planner::model::{Child, PlaceCode, Placement, ProviderCode};
use placement_planner::scenario::moves::{observed, MoveCount, MoveKind, MoveRates};
use placement_planner::scenario::{project, AgeBand, Baseline, Levers, RateCell};

fn ifa(child: &str, start: Date, end: Option<Date>) -> Placement {
    let mut p = placement_elsewhere(child, start, PlaceCode::U4, Some(ProviderCode::PR4));
    p.end = end;
    p
}

fn home(child: &str, start: Date) -> Placement {
    placement_elsewhere(child, start, PlaceCode::K2, Some(ProviderCode::PR4))
}

/// Three children born 01/01/2012 (10 to 15 all through the year to
/// 01/04/2026):
/// - M, in IFA care since 01/01/2024, moves to a children's home on
///   01/10/2025: one move, IFA → external residential.
/// - P, in IFA care from 01/06/2024, leaves on 01/06/2025 and comes back
///   into a children's home on 01/09/2025: an exit and an entry, no move.
/// - Q, in IFA care all year.
fn county() -> Vec<(Child, Vec<Placement>)> {
    let m = child_in_care("M", date(2024, 1, 1));
    let mut p = child_in_care("P", date(2025, 9, 1));
    p.earlier_periods = vec![CarePeriod {
        started: date(2024, 6, 1),
        ended: date(2025, 6, 1),
    }];
    let q = child_in_care("Q", date(2024, 1, 1));
    vec![
        (
            m,
            vec![
                ifa("M", date(2024, 1, 1), Some(date(2025, 10, 1))),
                home("M", date(2025, 10, 1)),
            ],
        ),
        (
            p,
            vec![
                ifa("P", date(2024, 6, 1), Some(date(2025, 6, 1))),
                home("P", date(2025, 9, 1)),
            ],
        ),
        (q, vec![ifa("Q", date(2024, 1, 1), None)]),
    ]
}

fn baseline() -> Baseline {
    let (children, placements): (Vec<_>, Vec<_>) = county().into_iter().unzip();
    let data = county_of(children, placements.into_iter().flatten().collect());
    Baseline::from_data(&data, date(2026, 4, 1), 12)
}

#[test]
fn a_move_is_counted_inside_a_period_of_care_and_not_across_a_gap() {
    let b = baseline();
    assert_eq!(
        b.move_counts,
        vec![MoveCount {
            from: C::IfaFostering,
            to: C::ExternalResidential,
            moves: 1
        }]
    );
    let month = 365.0 / 12.0;
    let cell = b
        .move_cells
        .iter()
        .find(|c| c.category == C::IfaFostering && c.band == AgeBand::From10To15)
        .unwrap();
    // IFA child-days in the year: M 01/04/2025–01/10/2025 (183), P
    // 01/04/2025–01/06/2025 (61), Q 365: 609. P's time out of care is no
    // one's exposure; her exit is an exit, her return an entry.
    assert_eq!(cell.events, 1);
    assert!((cell.child_months - 609.0 / month).abs() < 1e-9);
    let exits = b.exit_cell(C::IfaFostering, AgeBand::From10To15).unwrap();
    assert_eq!(exits.events, 1);
    assert_eq!(b.entrants, Some(1));
    // Residential child-days: M 182 (from 01/10/2025), P 212 (from
    // 01/09/2025): 394, no moves. IFA (1 move in 20.02 months) and
    // residential (0 in 12.95) differ less than chance would make them
    // (Σe(r−m)² = 0.0196 < m = 0.0303), so both take the council's rate,
    // 1 move in 1003 child-days: 365 / 12036 a month.
    let council = 365.0 / 12036.0;
    assert!((cell.rate - council).abs() < 1e-12, "{}", cell.rate);
    let rates = MoveRates::new(&b, &Levers::default());
    let (ifa_i, res_i) = (1, 4);
    assert_eq!(C::ALL[ifa_i], C::IfaFostering);
    assert_eq!(C::ALL[res_i], C::ExternalResidential);
    assert!((rates.out[ifa_i][3] - council).abs() < 1e-12);
    assert_eq!(rates.to[ifa_i][res_i], 1.0);
    // Residential borrows the council's rate but nobody has ever moved
    // anywhere but residential: its children have nowhere to go.
    assert_eq!(rates.out[res_i], [0.0; 5]);
    assert_eq!(observed(&b, MoveKind::FosteringBreakdown), (1, 1.0));
    assert_eq!(observed(&b, MoveKind::StepDown), (0, 0.0));
}

fn cell(category: C, band: AgeBand, rate: f64) -> RateCell {
    common::baselines::rate_cell(category, band, rate)
}

/// Two categories (IFA, external residential), two bands (10 to 15, 16 to
/// 17). IFA: exits 0.1 and moves 0.2 (all into residential) a month at 10
/// to 15; exits 0.2 and no moves at 16 to 17. Residential: nobody leaves
/// or moves. One IFA child of 190 months and one residential child of 213.
fn two_band_county() -> Baseline {
    let mut b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 190, 1), (C::ExternalResidential, 213, 1)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 700), (C::ExternalResidential, 7000)],
        0,
    );
    b.exit_cells = vec![
        cell(C::IfaFostering, AgeBand::From10To15, 0.1),
        cell(C::IfaFostering, AgeBand::From16To17, 0.2),
        cell(C::ExternalResidential, AgeBand::From10To15, 0.0),
        cell(C::ExternalResidential, AgeBand::From16To17, 0.0),
    ];
    b.move_cells = vec![
        cell(C::IfaFostering, AgeBand::From10To15, 0.2),
        cell(C::IfaFostering, AgeBand::From16To17, 0.0),
    ];
    b.move_counts = vec![MoveCount {
        from: C::IfaFostering,
        to: C::ExternalResidential,
        moves: 3,
    }];
    b
}

/// One year with every fostering breakdown's rate halved.
fn half_the_breakdowns() -> Levers {
    let mut levers = Levers {
        horizon_years: 1,
        ..Levers::default()
    };
    levers
        .move_changes
        .insert(MoveKind::FosteringBreakdown, -50.0);
    levers
}

fn at(p: &placement_planner::scenario::Projection, i: usize, c: C) -> f64 {
    p.months[i].baseline.children[&c]
}

#[test]
fn a_move_and_an_18th_birthday_projected_by_hand() {
    let b = two_band_county();
    let p = project(
        &b,
        &Levers {
            horizon_years: 1,
            ..Levers::default()
        },
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    // Month 1: the IFA child is 191 months (10 to 15): 0.1 leaves, 0.2
    // moves into residential. Residential: 1 + 0.2.
    assert!(close(at(&p, 0, C::IfaFostering), 0.7));
    assert!(close(at(&p, 0, C::ExternalResidential), 1.2));
    assert!(close(p.months[0].baseline.exits, 0.1));
    assert!(close(p.months[0].baseline.moves, 0.2));
    // Month 2: 192 months (16 to 17): 0.2 of 0.7 leave, nobody moves.
    assert!(close(at(&p, 1, C::IfaFostering), 0.56));
    assert!(close(p.months[1].baseline.exits, 0.14));
    assert_eq!(p.months[1].baseline.moves, 0.0);
    // Month 3: the residential child (213 at the start) turns 18 and
    // leaves on the birthday, counted once, never at a rate; the 0.2 who
    // moved stay. IFA: 0.56 × 0.8.
    assert!(close(p.months[2].baseline.left_at_18, 1.0));
    assert!(close(at(&p, 2, C::ExternalResidential), 0.2));
    assert!(close(at(&p, 2, C::IfaFostering), 0.448));
    // Months 4 to 6: IFA × 0.8 a month.
    assert!(close(at(&p, 5, C::IfaFostering), 0.448 * 0.8 * 0.8 * 0.8));
    assert!(close(at(&p, 5, C::ExternalResidential), 0.2));
    // Spend follows the children: month 1 (April, 30 days) at £7 and £70
    // a week: 0.7 × 700 × 30/7 + 1.2 × 7000 × 30/7 = 2100 + 36000 pence.
    assert_eq!(p.months[0].baseline.placement_spend.0, 2100 + 36000);
}

#[test]
fn a_move_lever_changes_its_own_rate_and_nothing_else() {
    let b = two_band_county();
    let levers = half_the_breakdowns();
    let p = project(&b, &levers);
    // The scenario halves the breakdown rate (0.2 → 0.1); the exits stay.
    let s = &p.months[0].scenario;
    assert!((s.children[&C::IfaFostering] - 0.8).abs() < 1e-12);
    assert!((s.children[&C::ExternalResidential] - 1.1).abs() < 1e-12);
    assert!((s.exits - 0.1).abs() < 1e-12);
    // The comparator keeps the fitted rate.
    assert!((at(&p, 0, C::ExternalResidential) - 1.2).abs() < 1e-12);
    // A step-down change here changes nothing (nobody has ever stepped
    // down), and says so.
    let mut step = Levers {
        horizon_years: 1,
        ..Levers::default()
    };
    step.move_changes.insert(MoveKind::StepDown, 50.0);
    let q = project(&b, &step);
    for m in &q.months {
        assert_eq!(m.scenario.children, m.baseline.children);
    }
    let warnings = step.cancelled(&b);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("Step-downs"), "{warnings:?}");
    assert!(levers.cancelled(&b).is_empty());
    // Out of range is refused naming the lever.
    let mut bad = Levers::default();
    bad.move_changes.insert(MoveKind::InHouseToIfa, -150.0);
    let errors = bad.validate().unwrap_err();
    assert_eq!(errors[0].field, "move_changes.in_house_to_ifa");
}

/// `n` children of `from` aged `age` months who leave care never and move
/// to `to` at `rate` a month at every age; `to`'s children never move.
/// Weekly costs: `from` nothing, `to` 7p (1p a day).
fn movers(from: C, to: C, n: usize, age: u32, rate: f64) -> Baseline {
    let mut b = hand_baseline(
        date(2026, 4, 1),
        &[(from, age, n)],
        0.0,
        (from, 0),
        &[],
        &[(from, 0), (to, 7)],
        0,
    );
    b.move_cells = AgeBand::ALL
        .iter()
        .map(|&band| cell(from, band, rate))
        .collect();
    b.move_counts = vec![MoveCount {
        from,
        to,
        moves: 10,
    }];
    b
}

/// 100 IFA newborns moving into residential care at 0.1 a month, nobody
/// leaving. At the end of month 12 (index 11, March: 31 days) the number
/// in residential care is binomial: n = 100, p = 1 − 0.9^12 = 0.717570,
/// mean 71.757, sd √(100 p (1 − p)) = 4.502; its spend is 31p each, so
/// 2,224.5p at the mean. Over 2,000 runs the median's standard error is
/// 1.2533 × 4.502 / √2000 = 0.13 and a binomial median is within 1 of its
/// mean, so the P50 of spend lies within 1.5 × 31 of 2,224.5. Halving the
/// breakdown rate: p = 1 − 0.95^12 = 0.459640, 45.964 at the mean, spend
/// 1,424.9p. The total never changes: nobody leaves.
#[test]
fn the_monte_carlo_moves_children_at_the_fitted_rate_and_the_lever() {
    let b = movers(C::IfaFostering, C::ExternalResidential, 100, 0, 0.1);
    let levers = half_the_breakdowns();
    // The projection's expectation first: 100 × 0.9^12 left in IFA.
    let p = project(&b, &levers);
    assert!((at(&p, 11, C::ExternalResidential) - 100.0 * (1.0 - 0.9f64.powi(12))).abs() < 1e-9);
    let bands = placement_planner::scenario::monte_carlo(&b, &levers, 2_000, 77);
    let hundred = placement_planner::scenario::Percentiles {
        p10: 100.0,
        p50: 100.0,
        p90: 100.0,
    };
    for m in &bands.months {
        assert_eq!(m.baseline_children, hundred);
        assert_eq!(m.scenario_children, hundred);
    }
    let end = &bands.months[11];
    assert!(
        (end.baseline_spend.p50 - 2_224.5).abs() <= 1.5 * 31.0,
        "{:?}",
        end.baseline_spend
    );
    assert!(
        (end.scenario_spend.p50 - 1_424.9).abs() <= 1.5 * 31.0,
        "{:?}",
        end.scenario_spend
    );
    // The same random numbers in both runs: a child who breaks down in the
    // scenario (at the lower rate) has broken down by then in the
    // comparator too, so no run's saving is below 0.
    for m in &bands.months {
        assert!(m.cumulative_net_saving.p10 >= 0.0, "{m:?}");
    }
}

/// Step-down into specialist fostering takes a child's path out from the
/// month they move: 4 residential children of 10 who move into IFA care
/// at 0.1 a month and never leave; step-down wanted 1,000 a year into 12
/// specialist households a year. However children move or are stepped
/// down, each run holds exactly 4 children every month in both runs.
#[test]
fn a_stepped_down_child_leaves_no_trace_of_the_moves_they_would_have_made() {
    let b = movers(C::ExternalResidential, C::IfaFostering, 4, 120, 0.1);
    let levers = Levers {
        horizon_years: 2,
        step_down_per_year: 1_000.0,
        specialist_households_per_year: 12.0,
        specialist_weekly_fee_pence: 14,
        ..Levers::default()
    };
    let bands = placement_planner::scenario::monte_carlo(&b, &levers, 500, 3);
    let four = placement_planner::scenario::Percentiles {
        p10: 4.0,
        p50: 4.0,
        p90: 4.0,
    };
    for m in &bands.months {
        assert_eq!(m.scenario_children, four, "{}", m.month_start);
        assert_eq!(m.baseline_children, four, "{}", m.month_start);
    }
    // By the end nearly every run has stepped someone down at 2p a day
    // (IFA is 1p): the scenario spends more than the comparator.
    let end = bands.months.last().unwrap();
    assert!(end.scenario_spend.p50 > end.baseline_spend.p50, "{end:?}");
}

#[test]
fn a_scenario_file_names_its_moves_and_an_unknown_kind_is_refused_with_its_line() {
    use placement_planner::scenario::file::levers_from_toml;
    let l = levers_from_toml("[move_changes]\nfostering_breakdown = -25\nifa_to_in_house = 50\n")
        .unwrap();
    assert_eq!(l.move_changes[&MoveKind::FosteringBreakdown], -25.0);
    assert_eq!(l.move_changes[&MoveKind::IfaToInHouse], 50.0);
    let e = levers_from_toml("horizon_years = 3\n[move_changes]\nbreakdowns = -25\n").unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("line 3"), "{text}");
    assert!(text.contains("move_changes.breakdowns"), "{text}");
    assert!(text.contains("fostering_breakdown, step_down"), "{text}");
    let e = levers_from_toml("[move_changes]\nstep_down = 250\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("move_changes.step_down must be between -100 and 200"),
        "{e}"
    );
}
