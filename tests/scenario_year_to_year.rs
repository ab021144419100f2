//! Year-to-year variation: entries, exits and child-months counted by hand
//! over the three whole years before the start, and the Monte Carlo bands
//! widened by exactly the variance it adds.

use jiff::civil::{date, Date};
use placement_planner::model::child::CarePeriod;
use placement_planner::model::{Child, PlaceCode, PlacementCategory as C};
use placement_planner::scenario::year_to_year::{measure, YearToYear};
use placement_planner::scenario::{monte_carlo, Levers};

mod common;
use common::baselines::hand_baseline;
use common::records::{child_in_care, county_of, placement_elsewhere};

const START: Date = date(2026, 4, 1);
/// Days in an average month, as the measure counts child-months.
const MONTH: f64 = 365.25 / 12.0;

fn child(id: &str, entered: Date, left: Option<Date>) -> Child {
    let mut c = child_in_care(id, entered);
    c.left_care = left;
    c
}

/// Six children over the three years from 01/04/2023 (born 01/01/2012,
/// so under 18 throughout, but E):
/// - A in care since 2020 throughout;
/// - B in from 01/05/2023 to 01/11/2023 (184 days);
/// - C in from 01/04/2024 on;
/// - D in from 01/06/2024 to 01/07/2024 (30 days), back on 01/06/2025;
/// - E born 01/10/2007, in since 2022, leaving on their 18th birthday,
///   01/10/2025 (leaving at 18, not an exit: exposure stops a month
///   before, on 01/09/2025);
/// - F in from 01/08/2025 to 01/09/2025 (31 days).
fn county(records_start: Date) -> placement_planner::county::CountyData {
    let mut d = child("D", date(2025, 6, 1), None);
    d.earlier_periods = vec![CarePeriod {
        started: date(2024, 6, 1),
        ended: date(2024, 7, 1),
    }];
    let mut e = child("E", date(2022, 1, 1), Some(date(2025, 10, 1)));
    e.date_of_birth = date(2007, 10, 1);
    let children = vec![
        child("A", date(2020, 1, 1), None),
        child("B", date(2023, 5, 1), Some(date(2023, 11, 1))),
        child("C", date(2024, 4, 1), None),
        d,
        e,
        child("F", date(2025, 8, 1), Some(date(2025, 9, 1))),
    ];
    let u1 = PlaceCode::parse("U1").unwrap();
    let placements = children
        .iter()
        .map(|c| placement_elsewhere(&c.id, c.entered_care, u1, None))
        .collect();
    let mut data = county_of(children, placements);
    data.records_start = Some(records_start);
    data
}

#[test]
fn each_years_entries_exits_and_child_months() {
    let y = measure(&county(date(2023, 4, 1)), START).expect("three whole years");
    let got: Vec<(Date, u32, u32)> = y
        .years
        .iter()
        .map(|y| (y.from, y.entries, y.exits))
        .collect();
    assert_eq!(
        got,
        vec![
            // B in and out.
            (date(2023, 4, 1), 1, 1),
            // C in; D in and out.
            (date(2024, 4, 1), 2, 1),
            // D back (a re-entry is an entry); F in and out; E's leaving
            // at 18 is not an exit.
            (date(2025, 4, 1), 2, 1),
        ]
    );
    // 2023-24 (366 days, with 29/02/2024): A 366 + B 184 + E 366.
    // 2024-25: A 365 + C 365 + D 30 + E 365.
    // 2025-26: A 365 + C 365 + D 304 (01/06/2025 on) + E 153 (to
    // 01/09/2025, a month before 18) + F 31.
    for (year, days) in y.years.iter().zip([916.0, 1125.0, 1218.0]) {
        assert!(
            (year.child_months - days / MONTH).abs() < 1e-9,
            "{year:?}: {days} days"
        );
    }
    // Entries 1, 2, 2 about 5/3: ratios 0.6, 1.2, 1.2, variance 0.12,
    // below chance's 1 / (5/3) = 0.6. Exits 1, 1, 1 at the common rate:
    // their spread is below chance too.
    assert_eq!((y.entries, y.exits), (0.0, 0.0));

    // Records from the day after: two whole years, too few to measure.
    assert_eq!(measure(&county(date(2023, 4, 2)), START), None);
}

/// 10 entrants a month aged 10, nobody leaving: after 12 months the count
/// is Poisson with mean 120 (P10 to P90 about 2 × 1.2816 × √120 = 28.1
/// wide). With a year-to-year variance of 0.04 on the level of entries it
/// is Poisson(120 × S), S a Gamma of mean 1 and variance 0.04: variance
/// 120 + 120² × 0.04 = 696, about 2 × 1.2816 × √696 = 67.6 wide. (The
/// Gamma mixture is skewed, so its P10 to P90 is a little under the
/// normal's; the check allows 8%.)
#[test]
fn the_bands_widen_by_the_year_to_year_variance() {
    let mut b = hand_baseline(START, &[], 10.0, (C::IfaFostering, 120), &[], &[], 0);
    let levers = Levers {
        horizon_years: 1,
        ..Levers::default()
    };
    let width = |b: &placement_planner::scenario::Baseline| {
        let bands = monte_carlo(b, &levers, 10_000, 7);
        let m = bands.months[11].baseline_children;
        m.p90 - m.p10
    };
    let steady = width(&b);
    assert!((steady - 28.1).abs() / 28.1 < 0.08, "{steady}");
    b.year_to_year = Some(YearToYear {
        years: Vec::new(),
        entries: 0.04,
        exits: 0.0,
    });
    let swinging = width(&b);
    assert!((swinging - 67.6).abs() / 67.6 < 0.08, "{swinging}");
}
