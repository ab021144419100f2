//! Exit rates by age band: the tallies behind each cell, the credibility
//! weighting of a thin cell, and the projection moving children between
//! bands as they age, worked by hand.

mod common;

use common::baselines::hand_baseline;
use common::records::{child_in_care, county_of, placement_elsewhere};
use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::child::ChildStatus;
use placement_planner::model::PlacementCategory as C;
use placement_planner::model::{PlaceCode, ProviderCode};
use placement_planner::scenario::{project, AgeBand, Baseline, Levers, RateCell};

fn ifa_child(
    id: &str,
    dob: Date,
    entered: Date,
    left: Option<Date>,
) -> (
    placement_planner::model::Child,
    placement_planner::model::Placement,
) {
    let mut c = child_in_care(id, entered);
    c.date_of_birth = dob;
    c.left_care = left;
    if left.is_some() {
        c.status = ChildStatus::LeftCare;
    }
    let mut p = placement_elsewhere(id, entered, PlaceCode::U4, Some(ProviderCode::PR4));
    p.end = left;
    (c, p)
}

/// Three IFA children over the year to 01/04/2026 (365 days, so a month is
/// 365/12 days): A aged 6 all year (5 to 9); B aged 15½ to 16 who leaves
/// on 01/10/2025, 183 days in (16 to 17 band from 16, which she already
/// is); C who turns 10 on 01/10/2025 (183 days at 5 to 9, 182 at 10 to 15).
fn county() -> CountyData {
    let (a, pa) = ifa_child("A", date(2019, 4, 1), date(2024, 1, 1), None);
    let (b, pb) = ifa_child(
        "B",
        date(2009, 2, 1),
        date(2024, 1, 1),
        Some(date(2025, 10, 1)),
    );
    let (c, pc) = ifa_child("C", date(2015, 10, 1), date(2024, 1, 1), None);
    county_of(vec![a, b, c], vec![pa, pb, pc])
}

#[test]
fn tallies_and_a_thin_cell_shrunk_by_hand() {
    let b = Baseline::from_data(&county(), date(2026, 4, 1), 12);
    let month = 365.0 / 12.0;
    let cell = |band| b.exit_cell(C::IfaFostering, band).unwrap().clone();
    let (young, teen, older) = (
        cell(AgeBand::From5To9),
        cell(AgeBand::From10To15),
        cell(AgeBand::From16To17),
    );
    // Child-months by band: 5–9: A's 365 days and C's 183; 10–15: C's 182;
    // 16–17: B's 183 (01/04/2025 to 01/10/2025).
    assert!((young.child_months - 548.0 / month).abs() < 1e-9);
    assert!((teen.child_months - 182.0 / month).abs() < 1e-9);
    assert!((older.child_months - 183.0 / month).abs() < 1e-9);
    assert_eq!((young.events, teen.events, older.events), (0, 0, 1));
    assert_eq!(cell(AgeBand::Under1).child_months, 0.0);

    // By hand: e = (18.0164, 5.9836, 6.0164) child-months, one exit, so
    // m = 1 / 30.0164; Σ e (r − m)² = 18.0164 m² + 5.9836 m²
    // + 6.0164 (1/6.0164 − m)²; between-cell variance
    // a = (that − 2m) / (E − Σe²/E); k = m / a.
    let e = [548.0 / month, 182.0 / month, 183.0 / month];
    let total: f64 = e.iter().sum();
    let m = 1.0 / total;
    let spread = e[0] * m * m + e[1] * m * m + e[2] * (1.0 / e[2] - m).powi(2);
    let a = (spread - 2.0 * m) / (total - e.iter().map(|x| x * x).sum::<f64>() / total);
    let k = m / a;
    // Worked through: m = 0.033315, a = 0.0039438, k = 8.4476.
    assert!((k - 8.4476).abs() < 1e-3, "{k}");
    let z = e[2] / (e[2] + k);
    assert!((older.weight - z).abs() < 1e-12);
    // The thin 16–17 cell (one exit in six child-months: 0.166) is pulled
    // most of the way toward the IFA rate (0.0333): 0.0886.
    let want = z / e[2] + (1.0 - z) * m;
    assert!((older.rate - want).abs() < 1e-12, "{}", older.rate);
    assert!((older.rate - 0.0886).abs() < 1e-4);
    // Cells with no exits are pulled up toward it.
    assert!((young.rate - (1.0 - e[0] / (e[0] + k)) * m).abs() < 1e-12);
    // A band with no child-months takes the category's rate; a category
    // with none (residential) the council's, which is IFA's here.
    assert!((cell(AgeBand::Under1).rate - m).abs() < 1e-12);
    let res = b
        .exit_cell(C::ExternalResidential, AgeBand::From10To15)
        .unwrap();
    assert_eq!((res.events, res.child_months, res.weight), (0, 0.0, 0.0));
    assert!((res.rate - m).abs() < 1e-12);
    // The all-age rate keeps its meaning: exits ÷ child-months.
    assert!((b.exit_rate(C::IfaFostering) - m).abs() < 1e-12);
}

#[test]
fn too_short_a_history_pools_the_bands_and_says_so() {
    let b = Baseline::from_data(&county(), date(2026, 4, 1), 5);
    assert!(
        b.notes.iter().any(|n| n.contains("5 months")),
        "{:?}",
        b.notes
    );
    // Five months before 01/04/2026: B left on 01/10/2025, before them, so
    // nobody left: every rate is 0 and a note says children leave at 18.
    assert!(
        b.notes.iter().any(|n| n.contains("only at 18")),
        "{:?}",
        b.notes
    );
    for band in AgeBand::ALL {
        assert_eq!(b.exit_cell(C::IfaFostering, band).unwrap().rate, 0.0);
    }
}

fn cell(category: C, band: AgeBand, rate: f64) -> RateCell {
    common::baselines::rate_cell(category, band, rate)
}

#[test]
fn children_take_their_bands_rate_as_they_age_and_leave_at_18_once() {
    // Two IFA children: one of 191 months (10 to 15, rate 0) who turns
    // 192 (16 to 17, rate ½) in the first month; one of 214 months who
    // turns 18 in the second. No entrants.
    let start = date(2026, 4, 1);
    let mut b = hand_baseline(
        start,
        &[(C::IfaFostering, 191, 1), (C::IfaFostering, 214, 1)],
        0.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.9)],
        &[],
        0,
    );
    b.exit_cells = vec![
        cell(C::IfaFostering, AgeBand::From10To15, 0.0),
        cell(C::IfaFostering, AgeBand::From16To17, 0.5),
    ];
    let p = project(
        &b,
        &Levers {
            horizon_years: 1,
            ..Levers::default()
        },
    );
    let (m0, m1, m2) = (
        &p.months[0].baseline,
        &p.months[1].baseline,
        &p.months[2].baseline,
    );
    // Month 1: both age into 16 to 17 (192 and 215 months) and half of
    // each leaves: 0.5 + 0.5.
    assert_eq!(m0.exits, 1.0);
    assert_eq!(m0.total_children(), 1.0);
    // Month 2: the older one turns 18 (0.5 leave at 18, never also at the
    // rate); half the younger one's 0.5 leaves.
    assert_eq!(m1.left_at_18, 0.5);
    assert_eq!(m1.exits, 0.25);
    assert_eq!(m1.total_children(), 0.25);
    assert_eq!(m2.total_children(), 0.125);
    // The all-age rate (0.9) is not used where a band's cell exists.
}

#[test]
fn a_reference_period_before_the_records_begin_is_refused_with_their_start() {
    use placement_planner::scenario::baseline::check_reference;
    let data = county();
    // The records begin on 01/01/2024 (every placement starts then).
    assert!(check_reference(&data, date(2026, 4, 1), 12).is_ok());
    assert!(check_reference(&data, date(2026, 4, 1), 27).is_ok());
    let e = check_reference(&data, date(2026, 4, 1), 36).unwrap_err();
    assert!(e.contains("01/04/2023"), "{e}");
    assert!(e.contains("01/01/2024"), "{e}");
    assert!(e.contains("at most 27 months"), "{e}");
}

#[test]
fn a_rolling_check_needs_the_reference_period_and_a_month_inside_the_records() {
    use placement_planner::scenario::rolling::{NothingToCheck, RollingSpec};
    let data = county();
    // Records from 01/01/2024 (the placements) to the window's 01/04/2026.
    // April 2026 has not ended, so the last start is 01/03/2026; with 12
    // months of history the first is 01/01/2025: 15 starts.
    let spec = RollingSpec::for_records(&data, date(2026, 4, 1), 12, 36).unwrap();
    assert_eq!(spec.origins.len(), 15);
    assert_eq!(spec.origins[0], date(2025, 1, 1));
    assert_eq!(*spec.origins.last().unwrap(), date(2026, 3, 1));
    assert_eq!(spec.records_end, date(2026, 4, 1));
    // 27 months of history fit only before a start of 01/04/2026 at the
    // earliest, which has no whole month after it.
    let e = RollingSpec::for_records(&data, date(2026, 4, 1), 27, 36).unwrap_err();
    assert_eq!(
        e,
        NothingToCheck::TooShort {
            first: date(2024, 1, 1),
            records_end: date(2026, 4, 1),
            reference_months: 27,
        }
    );
    assert_eq!(
        e.to_string(),
        "The records run from 01/01/2024 to 01/04/2026: too short for 27 months of history \
         before a starting month and a month after it. Measure the rates over fewer months."
    );
    let empty = county_of(Vec::new(), Vec::new());
    assert_eq!(
        RollingSpec::for_records(&empty, date(2026, 4, 1), 12, 36).unwrap_err(),
        NothingToCheck::NoPlacements
    );
}
