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
use placement_planner::scenario::{project, AgeBand, Baseline, Levers, RateCell, Tally};

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
    // The council's band rates (IFA is the only category with history):
    // each band leans on the all-age rate m by Z = e / (e + k).
    let z: Vec<f64> = e.iter().map(|e| e / (e + k)).collect();
    let band = [
        (1.0 - z[0]) * m,
        (1.0 - z[1]) * m,
        z[2] / e[2] + (1.0 - z[2]) * m,
    ];
    // The thin 16–17 band (one exit in six child-months: 0.166) is pulled
    // most of the way toward the all-age rate (0.0333): 0.0886.
    assert!((band[2] - 0.0886).abs() < 1e-4, "{band:?}");
    // IFA's factor: its one exit over those expected at the band rates,
    // 18.0164 × 0.010634 + 5.9836 × 0.019502 + 6.0164 × 0.088594 = 0.8413,
    // so 1.1886. With one category there is nothing to weigh it against
    // (weight 0): the council's ratio is IFA's, and the rates together
    // give back the one exit the year had.
    let expected: f64 = e.iter().zip(&band).map(|(e, r)| e * r).sum();
    assert!((expected - 0.8413).abs() < 1e-4, "{expected}");
    let factor = 1.0 / expected;
    for (c, r) in [&young, &teen, &older].iter().zip(band) {
        assert!((c.rate - r * factor).abs() < 1e-12, "{c:?}");
        assert_eq!(c.weight, 0.0);
    }
    assert!((older.rate - 0.1053).abs() < 1e-4, "{}", older.rate);
    let exits: f64 = [&young, &teen, &older]
        .iter()
        .map(|c| c.child_months * c.rate)
        .sum();
    assert!((exits - 1.0).abs() < 1e-12, "{exits}");
    // A band with no child-months in the council takes the all-age rate;
    // a category with none (residential) the council's ratio, which is
    // IFA's here: the same rates as IFA's.
    assert!((cell(AgeBand::Under1).rate - m * factor).abs() < 1e-12);
    let res = b
        .exit_cell(C::ExternalResidential, AgeBand::From10To15)
        .unwrap();
    assert_eq!((res.events, res.child_months, res.weight), (0, 0.0, 0.0));
    assert!((res.rate - teen.rate).abs() < 1e-12);
    // The all-age rate keeps its meaning: exits ÷ child-months.
    assert!((b.exit_rate(C::IfaFostering) - m).abs() < 1e-12);
}

/// Two categories with the same children's ages, one leaving three times
/// as often: each band's rate is the council's for the band times the
/// category's factor, worked through by hand.
#[test]
fn two_categories_share_the_councils_age_profile_by_their_factors() {
    use placement_planner::scenario::rates::fit;
    let t = |events, child_months| Tally {
        events,
        child_months,
    };
    let none = t(0, 0.0);
    let mut tallies = vec![[none; 5]; C::ALL.len()];
    // IFA: 10–15 two exits in 100 child-months, 16–17 three in 50;
    // external residential: eight in 100, twelve in 50.
    tallies[C::IfaFostering.index()][3] = t(2, 100.0);
    tallies[C::IfaFostering.index()][4] = t(3, 50.0);
    tallies[C::ExternalResidential.index()][3] = t(8, 100.0);
    tallies[C::ExternalResidential.index()][4] = t(12, 50.0);
    let cells = fit(&tallies);
    let get = |c: C, b: AgeBand| {
        cells
            .iter()
            .find(|x| x.category == c && x.band == b)
            .unwrap()
            .clone()
    };

    // The council's bands: 10 exits in 200 child-months (0.05) and 15 in
    // 100 (0.15); m = 25/300. Σ e (r − m)² = 200 (0.05 − m)² + 100
    // (0.15 − m)² = 0.6667; a = (0.6667 − m) / (300 − 50000/300) =
    // 0.004375; k = m / a = 19.0476 child-months.
    let m: f64 = 25.0 / 300.0;
    let a =
        (200.0 * (0.05 - m).powi(2) + 100.0 * (0.15 - m).powi(2) - m) / (300.0 - 50_000.0 / 300.0);
    let k = m / a;
    assert!((k - 19.0476).abs() < 1e-4, "{k}");
    let lean = |x: f64, e: f64| e / (e + k) * (x / e) + k / (e + k) * m;
    let band = [lean(10.0, 200.0), lean(15.0, 100.0)];
    assert!((band[0] - 0.052899).abs() < 1e-6, "{band:?}");
    assert!((band[1] - 0.139333).abs() < 1e-6, "{band:?}");

    // Each category's expected exits at those rates: 100 × 0.052899 +
    // 50 × 0.139333 = 12.2565 (the same children's ages in both); IFA had
    // 5 exits, residential 20. The ratios 0.408 and 1.632 around the
    // council's μ = 25 / 24.513 = 1.01987: Σ E (r − μ)² = 12.2565 ×
    // ((5/E − μ)² + (20/E − μ)²) = 9.1793; a = (9.1793 − μ) / (24.513 −
    // 12.2565) = 0.66568; k = μ / a = 1.53207 expected exits;
    // Z = 12.2565 / 13.7886 = 8/9.
    let e = 100.0 * band[0] + 50.0 * band[1];
    assert!((e - 12.2565).abs() < 1e-4, "{e}");
    let mu = 25.0 / (2.0 * e);
    let spread = e * ((5.0 / e - mu).powi(2) + (20.0 / e - mu).powi(2));
    let a_c = (spread - mu) / (2.0 * e - 2.0 * e * e / (2.0 * e));
    let k_c = mu / a_c;
    assert!((k_c - 1.53207).abs() < 1e-4, "{k_c}");
    let z = e / (e + k_c);
    assert!((z - 8.0 / 9.0).abs() < 1e-9, "{z}");
    for (c, x, want) in [
        (C::IfaFostering, 5.0, [0.025176, 0.066314]),
        (C::ExternalResidential, 20.0, [0.082722, 0.217889]),
    ] {
        let factor = z * x / e + (1.0 - z) * mu;
        for (i, b) in [AgeBand::From10To15, AgeBand::From16To17]
            .into_iter()
            .enumerate()
        {
            let got = get(c, b);
            assert!((got.rate - band[i] * factor).abs() < 1e-12, "{got:?}");
            assert!((got.band_rate - band[i]).abs() < 1e-12, "{got:?}");
            assert!((got.factor - factor).abs() < 1e-12, "{got:?}");
            assert!((got.rate - want[i]).abs() < 1e-6, "{got:?}");
            assert!((got.weight - z).abs() < 1e-12);
            // The factor's Gamma: shape x + k μ over (E + k) expected exits,
            // i.e. (E + k) / band rate child-months.
            assert!((got.shape - (x + k_c * mu)).abs() < 1e-9, "{got:?}");
            assert!((got.exposure - (e + k_c) / band[i]).abs() < 1e-9, "{got:?}");
            assert!((got.shape / got.exposure - got.rate).abs() < 1e-12);
        }
    }
    // A category with no history takes the council's ratio μ in each band.
    let kinship = get(C::Kinship, AgeBand::From16To17);
    assert!((kinship.rate - band[1] * mu).abs() < 1e-12, "{kinship:?}");
    assert_eq!(kinship.weight, 0.0);
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
