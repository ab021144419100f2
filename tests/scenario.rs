//! The what-if scenario model against hand-worked examples. Every expected
//! figure is worked out on paper in the comments; weekly costs are chosen as
//! multiples of 7 pence so a day's cost is whole pence and the sums exact.

use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Carer, CarerSector, CarerStatus, Child, ChildStatus, CostRate, GridRef, Pence, PlaceCode,
    Placement, PlacementCategory as C, PlacementSetting, Postcode, PostcodeEntry, ProviderCode,
    Settings, Sex,
};
use placement_planner::scenario::{
    project, Baseline, BaselineChild, CostSource, Levers, RateChange,
};
use std::collections::BTreeMap;

mod common;
use common::baselines::{four_in_residential, hand_baseline};

// ---------------------------------------------------------------- helpers

fn child(id: &str, dob: Date, entered: Date, left: Option<Date>) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: dob,
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: if left.is_some() {
            ChildStatus::LeftCare
        } else {
            ChildStatus::LookedAfter
        },
        entered_care: entered,
        left_care: left,
        earlier_periods: Vec::new(),
    }
}

fn placement(
    child_id: &str,
    setting: PlacementSetting,
    codes: (PlaceCode, ProviderCode),
    start: Date,
    end: Option<Date>,
    weekly_pounds: i64,
) -> Placement {
    Placement {
        id: 0,
        child_id: child_id.into(),
        setting,
        postcode: None,
        start,
        end,
        weekly_cost: Some(Pence::from_pounds(weekly_pounds)),
        fee_changes: vec![],
        place: codes.0,
        provider: Some(codes.1),
        reason_for_change: None,
    }
}

const IFA: (PlaceCode, ProviderCode) = (PlaceCode::U6, ProviderCode::PR4);
const IN_HOUSE: (PlaceCode, ProviderCode) = (PlaceCode::U6, ProviderCode::PR1);
const PRIVATE_HOME: (PlaceCode, ProviderCode) = (PlaceCode::K2, ProviderCode::PR4);

fn carer(id: &str, sector: CarerSector, places: u8, approved: Date) -> Carer {
    Carer {
        id: id.into(),
        name: format!("Household {id}"),
        sector,
        agency: None,
        approved_places: places,
        age_min: 0,
        age_max: 17,
        takes_siblings: false,
        specialisms: Vec::new(),
        postcode: None,
        location: None,
        weekly_cost: Pence::from_pounds(500),
        status: CarerStatus::Active,
        approval_date: approved,
        ended_on: None,
    }
}

fn one_year() -> Levers {
    Levers {
        horizon_years: 1,
        ..Levers::default()
    }
}

/// Days of the months April 2026 to March 2027.
const DAYS_2026_27: [i64; 12] = [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31];

// ---------------------------------------------------------------- tests

/// Start 1 April 2026, 12 months, fixed rates.
/// IFA: 8 children aged 5, exit rate ¾ a month, 12 entrants a month (all
/// IFA, newborn). An entrant is in care half of their first month on
/// average, so 1 − √(1 − ¾) = ½ of them leave before its end. Each month:
/// 8 − 8×¾ = 2 left in, + 12 × ½ = 6 entrants who stay = 8. Steady; exits
/// 6 + 6 = 12.
/// External residential: 4 children aged 10, no exits, no entrants: 4.
/// IFA £819 a week = 81,900p = 11,700p a day; residential £6,097 a week =
/// 609,700p = 87,100p a day.
/// April (30 days): IFA 8 × 11,700 × 30 = 2,808,000p; residential
/// 4 × 87,100 × 30 = 10,452,000p; total 13,260,000p.
/// Year (365 days): IFA 8 × 11,700 × 365 = 34,164,000p; residential
/// 4 × 87,100 × 365 = 127,166,000p; total 161,330,000p.
#[test]
fn twelve_month_projection_matches_hand_worked_figures() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 60, 8), (C::ExternalResidential, 120, 4)],
        12.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.75), (C::ExternalResidential, 0.0)],
        &[(C::IfaFostering, 81_900), (C::ExternalResidential, 609_700)],
        0,
    );
    let p = project(&b, &one_year());
    assert_eq!(p.months.len(), 12);
    for (i, m) in p.months.iter().enumerate() {
        assert_eq!(m.days, DAYS_2026_27[i], "month {i}");
        assert_eq!(m.scenario.children[&C::IfaFostering], 8.0, "month {i}");
        assert_eq!(m.scenario.children[&C::ExternalResidential], 4.0);
        assert_eq!(m.scenario.exits, 12.0);
        assert_eq!(m.scenario.entries, 12.0);
        assert_eq!(
            m.scenario.spend[&C::IfaFostering],
            Pence(8 * 11_700 * m.days)
        );
        assert_eq!(
            m.scenario.spend[&C::ExternalResidential],
            Pence(4 * 87_100 * m.days)
        );
    }
    let april = &p.months[0];
    assert_eq!(april.month_start, date(2026, 4, 1));
    assert_eq!(april.scenario.spend[&C::IfaFostering], Pence(2_808_000));
    assert_eq!(
        april.scenario.spend[&C::ExternalResidential],
        Pence(10_452_000)
    );
    assert_eq!(april.scenario.placement_spend, Pence(13_260_000));
    assert_eq!(p.years.len(), 1);
    let y = &p.years[0];
    assert_eq!(y.label, "2026-27");
    assert_eq!(y.months, 12);
    assert_eq!(y.scenario_spend[&C::IfaFostering], Pence(34_164_000));
    assert_eq!(
        y.scenario_spend[&C::ExternalResidential],
        Pence(127_166_000)
    );
    assert_eq!(y.scenario_placement_spend, Pence(161_330_000));
    assert_eq!(y.baseline_placement_spend, Pence(161_330_000));
    assert_eq!(y.net_saving, Pence::ZERO);
}

/// In-house: 3 places, 2 children (no exits). IFA entrants: 4 a month, no
/// exits. Shift share ½: up to 2 entrants a month could go in-house.
/// Month 0: 1 free place → 1 shifted (not 2): in-house 3, IFA 3.
/// Months 1–11: no free place → 0 shifted: in-house 3, IFA 3 + 4i.
/// Comparator: in-house 2, IFA 4(i+1). In-house £462 = 6,600p a day,
/// IFA £819 = 11,700p a day: saving 1 × 5,100p × days every month,
/// 5,100 × 365 = 1,861,500p over the year.
#[test]
fn shift_lever_is_limited_by_free_in_house_places() {
    let b = shift_baseline();
    let levers = Levers {
        shift_share: 0.5,
        ..one_year()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    assert_eq!(p.months[0].scenario.shifted, 1.0);
    for (i, m) in p.months.iter().enumerate() {
        let s = &m.scenario;
        assert_eq!(s.in_house_places, 3.0);
        assert_eq!(s.children[&C::InHouseFostering], 3.0, "month {i}");
        assert_eq!(s.in_house_used, 3.0);
        assert_eq!(s.children[&C::IfaFostering], 3.0 + 4.0 * i as f64);
        if i > 0 {
            assert_eq!(s.shifted, 0.0, "month {i}");
        }
        assert_eq!(m.baseline.children[&C::InHouseFostering], 2.0);
        assert_eq!(m.baseline.children[&C::IfaFostering], 4.0 * (i + 1) as f64);
        assert_eq!(m.net_saving, Pence(5_100 * DAYS_2026_27[i]));
        assert_eq!(m.children_difference[&C::IfaFostering], -1.0);
    }
    assert_eq!(p.years[0].net_saving, Pence(1_861_500));
    // Already ≥ 0 from the first month: never negative, so no payback month.
    assert_eq!(p.payback_month, None);

    // 120 households leaving a year take capacity to zero, never below, and
    // nothing is shifted; the children already placed stay.
    let losing = Levers {
        shift_share: 1.0,
        households_leaving_per_year: 120.0,
        places_per_household: Some(1.0),
        ..one_year()
    };
    let p = project(&b, &losing);
    for m in &p.months {
        assert_eq!(m.scenario.in_house_places, 0.0);
        assert_eq!(m.scenario.shifted, 0.0);
        assert_eq!(m.scenario.children[&C::InHouseFostering], 2.0);
    }
}

fn shift_baseline() -> Baseline {
    hand_baseline(
        date(2026, 4, 1),
        &[(C::InHouseFostering, 24, 2)],
        4.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::InHouseFostering, 46_200), (C::IfaFostering, 81_900)],
        3,
    )
}

/// As above, but recruiting 12 households a year with 1 place each (one a
/// month), at a one-off £10,000 (1,000,000p) per household.
/// Places at month i's end: 3 + (i+1). Month 0: free 4 − 2 = 2, shift ½×4 = 2
/// → in-house 4. Month i ≥ 1: free 1 → 1 shifted → in-house 4 + i.
/// Extra in-house children at month i: i + 2; saving (i+2) × 5,100 × days
/// minus 1,000,000 investment:
///  i days saving   net        cumulative
///  0 30   306,000  −694,000   −694,000
///  1 31   474,300  −525,700 −1,219,700
///  2 30   612,000  −388,000 −1,607,700
///  3 31   790,500  −209,500 −1,817,200
///  4 31   948,600   −51,400 −1,868,600
///  5 30 1,071,000    71,000 −1,797,600
///  6 31 1,264,800   264,800 −1,532,800
///  7 30 1,377,000   377,000 −1,155,800
///  8 31 1,581,000   581,000   −574,800
///  9 31 1,739,100   739,100    164,300  ← payback, January 2027
#[test]
fn recruitment_adds_capacity_and_pays_back_in_the_hand_worked_month() {
    let levers = Levers {
        shift_share: 0.5,
        recruit_households_per_year: 12.0,
        places_per_household: Some(1.0),
        one_off_cost_per_household_pence: 1_000_000,
        ..one_year()
    };
    let p = project(&shift_baseline(), &levers);
    let cumulative = [
        -694_000, -1_219_700, -1_607_700, -1_817_200, -1_868_600, -1_797_600, -1_532_800,
        -1_155_800, -574_800, 164_300,
    ];
    for (i, want) in cumulative.iter().enumerate() {
        let m = &p.months[i];
        assert_eq!(m.scenario.in_house_places, 4.0 + i as f64);
        assert_eq!(m.scenario.children[&C::InHouseFostering], 4.0 + i as f64);
        assert_eq!(m.scenario.investment, Pence(1_000_000));
        assert_eq!(m.baseline.investment, Pence::ZERO);
        assert_eq!(m.cumulative_net_saving, Pence(*want), "month {i}");
    }
    assert_eq!(p.payback_month, Some(9));
    assert_eq!(p.payback_date, Some(date(2027, 1, 1)));
}

/// As above, but each recruited household is approved 3 months after it is
/// recruited (`approval_months = 3`, read from a scenario file). Places at
/// month i's end: 3 + max(0, (i+1) − 3): 3, 3, 3, 4, 5, …, 12. Month 0:
/// 1 free place (2 children in 3) → 1 shifted → in-house 3; months 1–2 no
/// free place; from month 3 each month's newly approved place takes one
/// shifted entrant: in-house = places. Extra in-house children against the
/// comparator's 2: 1, 1, 1, 2, 3, …, 10. The one-off cost is paid when a
/// household is recruited, every month from month 0.
/// Saving: Σ extra × days × 5,100 = (30 + 31 + 30 + 62 + 93 + 120 + 155 +
/// 180 + 217 + 248 + 252 + 310 = 1,728) × 5,100 = 8,812,800, less 12 ×
/// 1,000,000 investment: −3,187,200 over the year (no payback).
#[test]
fn approval_delays_the_places_recruits_bring_not_their_cost() {
    let levers = placement_planner::scenario::file::levers_from_toml(
        "horizon_years = 1\nshift_share = 0.5\nrecruit_households_per_year = 12\n\
         places_per_household = 1\none_off_cost_per_household_pence = 1000000\n\
         approval_months = 3\n",
    )
    .unwrap();
    assert_eq!(levers.approval_months, 3);
    let p = project(&shift_baseline(), &levers);
    let places = [
        3.0, 3.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0,
    ];
    for (i, m) in p.months.iter().enumerate() {
        assert_eq!(m.scenario.in_house_places, places[i], "month {i}");
        assert_eq!(m.scenario.children[&C::InHouseFostering], places[i]);
        assert_eq!(m.scenario.investment, Pence(1_000_000));
    }
    assert_eq!(p.years[0].net_saving, Pence(-3_187_200));
    assert_eq!(p.payback_month, None);
    // Out of range, named.
    let bad = Levers {
        approval_months: 25,
        ..one_year()
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "approval_months must be between 0 and 24 months; it is 25"
    );
}

/// As above with only half of each recruit's place usable: places at month
/// i's end are 3 + ½(i+1). Month 0: 3.5 places, 2 in-house, free 1.5, the
/// shift wants ½ × 4 = 2 → 1.5 shifted → 3.5 in-house. From then each month
/// frees ½ a place, which the shift fills: in-house = places = 3 + ½(i+1).
/// The IFA entrants not shifted: 4 − 1.5 in month 0, then 4 − 0.5 a month.
#[test]
fn only_the_usable_share_of_recruited_places_takes_children() {
    let levers = Levers {
        shift_share: 0.5,
        recruit_households_per_year: 12.0,
        places_per_household: Some(1.0),
        usable_place_share: 0.5,
        ..one_year()
    };
    let p = project(&shift_baseline(), &levers);
    let mut ifa = 0.0;
    for (i, m) in p.months.iter().enumerate() {
        let places = 3.0 + 0.5 * (i + 1) as f64;
        assert_eq!(m.scenario.in_house_places, places, "month {i}");
        assert_eq!(m.scenario.children[&C::InHouseFostering], places);
        ifa += if i == 0 { 2.5 } else { 3.5 };
        assert_eq!(m.scenario.children[&C::IfaFostering], ifa, "month {i}");
    }
    // Out of range, named.
    let bad = Levers {
        usable_place_share: 1.5,
        ..Levers::default()
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "usable_place_share");
}

/// Start 1 January 2026, two years, one IFA child, no flows, £700 a week
/// (10,000p a day), IFA inflation 10% a year.
/// FY 2025-26 (Jan–Mar 2026): 70,000p → 10,000p a day × 90 days = 900,000p.
/// 1 April 2026: 77,000p (11,000 a day); FY 2026-27: 11,000 × 365 = 4,015,000p.
/// 1 April 2027: 70,000 × 1.1² = 84,700p (12,100 a day), compounded not
/// 70,000 × 1.2; Apr–Dec 2027 (275 days): 12,100 × 275 = 3,327,500p.
#[test]
fn inflation_compounds_at_each_first_of_april() {
    let b = hand_baseline(
        date(2026, 1, 1),
        &[(C::IfaFostering, 0, 1)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 70_000)],
        0,
    );
    let levers = Levers {
        horizon_years: 2,
        annual_inflation: [(C::IfaFostering, 0.1)].into_iter().collect(),
        ..Levers::default()
    };
    let p = project(&b, &levers);
    let ifa = |i: usize| p.months[i].scenario.spend[&C::IfaFostering];
    assert_eq!(ifa(0), Pence(310_000)); // January 2026, 31 days
    assert_eq!(ifa(2), Pence(310_000)); // March 2026
    assert_eq!(ifa(3), Pence(330_000)); // April 2026, 30 days at 11,000
    assert_eq!(ifa(14), Pence(341_000)); // March 2027, 31 days at 11,000
    assert_eq!(ifa(15), Pence(363_000)); // April 2027, 30 days at 12,100
    let years: Vec<(i32, u32, Pence)> = p
        .years
        .iter()
        .map(|y| {
            (
                y.financial_year,
                y.months,
                y.scenario_spend[&C::IfaFostering],
            )
        })
        .collect();
    assert_eq!(
        years,
        vec![
            (2025, 3, Pence(900_000)),
            (2026, 12, Pence(4_015_000)),
            (2027, 9, Pence(3_327_500)),
        ]
    );
    // Inflation is the world's, not the council's: the comparator has it too.
    assert!(p.months.iter().all(|m| m.net_saving == Pence::ZERO));
}

/// The small county used by the data tests. Start 1 April 2026, reference
/// 12 months: 1 April 2025 to 31 March 2026, 365 days.
///  A: born 1/4/2016, in care since 1/1/2024, IFA £800 open → 120 months.
///  B: born 1/10/2012, entered 1/6/2025 (152 months old) into a private
///     children's home £6,000, open → entrant; 162 months on the start.
///  C: born 1/1/2020, entered 1/9/2025 (68 months) into IFA £900, left care
///     1/12/2025 → entrant and an IFA exit; 91 days in IFA.
///  D: born 1/5/2015, in care since 1/1/2023 with in-house carer FC1 £500,
///     open → 131 months.
///  E: born 1/4/2010, in care since 1/4/2024, IFA £900 open → 192 months.
/// Carers: FC1 in-house, 2 places; FC2 in-house approved only in 2027;
/// FC3 an IFA household (not in-house capacity).
/// Settings: kinship £300 a week for 2026-27.
fn small_county() -> CountyData {
    let children = vec![
        child("A", date(2016, 4, 1), date(2024, 1, 1), None),
        child("B", date(2012, 10, 1), date(2025, 6, 1), None),
        child(
            "C",
            date(2020, 1, 1),
            date(2025, 9, 1),
            Some(date(2025, 12, 1)),
        ),
        child("D", date(2015, 5, 1), date(2023, 1, 1), None),
        child("E", date(2010, 4, 1), date(2024, 4, 1), None),
    ];
    let elsewhere = || PlacementSetting::Elsewhere;
    let placements = vec![
        placement("A", elsewhere(), IFA, date(2024, 1, 1), None, 800),
        placement(
            "B",
            elsewhere(),
            PRIVATE_HOME,
            date(2025, 6, 1),
            None,
            6_000,
        ),
        placement(
            "C",
            elsewhere(),
            IFA,
            date(2025, 9, 1),
            Some(date(2025, 12, 1)),
            900,
        ),
        placement(
            "D",
            PlacementSetting::Carer("FC1".into()),
            IN_HOUSE,
            date(2023, 1, 1),
            None,
            500,
        ),
        placement("E", elsewhere(), IFA, date(2024, 4, 1), None, 900),
    ];
    let carers = vec![
        carer("FC1", CarerSector::InHouse, 2, date(2020, 1, 1)),
        carer("FC2", CarerSector::InHouse, 1, date(2027, 1, 1)),
        carer("FC3", CarerSector::Ifa, 3, date(2020, 1, 1)),
    ];
    let settings = Settings {
        cost_rates: vec![CostRate {
            category: C::Kinship,
            financial_year: 2026,
            weekly_cost: Pence::from_pounds(300),
            source: "council budget".into(),
        }],
        ..Settings::default()
    };
    CountyData::new(
        settings,
        children,
        carers,
        Vec::new(),
        placements,
        Vec::new(),
    )
}

/// Hand-worked baseline of `small_county`:
/// children A IFA 120, B external residential 162, D in-house 131, E IFA 192;
/// entrants B and C: 2 / 12 a month, mix ½ residential at 152 months,
/// ½ IFA at 68 months;
/// IFA child-days 365 (A) + 365 (E) + 91 (C) = 821 = 821 × 12 / 365
/// child-months; 1 exit → rate 365 / (821 × 12); other categories 0 exits;
/// costs: IFA mean(£800, £900) = £850; in-house £500; residential £6,000;
/// kinship £300 from settings; own residential the CCN £6,108 (2024);
/// supported accommodation none; in-house places 2 (FC1), filled 1.
#[test]
fn baseline_from_data_matches_hand_worked_figures() {
    let b = Baseline::from_data(&small_county(), date(2026, 4, 1), 12);
    let kids: Vec<(&str, C, u32)> = b
        .children
        .iter()
        .map(|c| (c.child_id.as_str(), c.category, c.age_months))
        .collect();
    assert_eq!(
        kids,
        vec![
            ("A", C::IfaFostering, 120),
            ("B", C::ExternalResidential, 162),
            ("D", C::InHouseFostering, 131),
            ("E", C::IfaFostering, 192),
        ]
    );
    assert_eq!(b.monthly_entries, 2.0 / 12.0);
    let mix: Vec<(C, u32, f64)> = b
        .entry_mix
        .iter()
        .map(|e| (e.category, e.age_months, e.share))
        .collect();
    assert_eq!(
        mix,
        vec![
            (C::IfaFostering, 68, 0.5),
            (C::ExternalResidential, 152, 0.5)
        ]
    );
    let want = 365.0 / (821.0 * 12.0);
    assert!((b.exit_rate(C::IfaFostering) - want).abs() < 1e-15);
    assert_eq!(b.exit_rate(C::InHouseFostering), 0.0);
    assert_eq!(b.exit_rate(C::ExternalResidential), 0.0);
    assert_eq!(b.unit_cost(C::IfaFostering), Pence(85_000));
    assert_eq!(
        b.unit_costs[&C::IfaFostering].source,
        CostSource::OpenPlacements {
            count: 2,
            estimated: 0
        }
    );
    assert_eq!(b.unit_cost(C::InHouseFostering), Pence(50_000));
    assert_eq!(b.unit_cost(C::ExternalResidential), Pence(600_000));
    assert_eq!(b.unit_cost(C::Kinship), Pence(30_000));
    assert_eq!(
        b.unit_costs[&C::Kinship].source,
        CostSource::Settings {
            financial_year: 2026
        }
    );
    // No rate: the national £6,108 (2024-25) uplifted two years at the
    // published 9% to 2026-27: 610,800p × 1.09² = 725,691.48p.
    assert_eq!(b.unit_cost(C::OwnResidential), Pence(725_691));
    assert!(matches!(
        b.unit_costs[&C::OwnResidential].source,
        CostSource::Default { year: 2024, .. }
    ));
    assert_eq!(b.unit_cost(C::SupportedAccommodation), Pence::ZERO);
    assert_eq!(
        b.unit_costs[&C::SupportedAccommodation].source,
        CostSource::Missing
    );
    assert_eq!((b.in_house_places, b.in_house_filled), (2, 1));
}

#[test]
fn default_levers_equal_the_baseline_run() {
    let b = Baseline::from_data(&small_county(), date(2026, 4, 1), 12);
    let p = project(&b, &Levers::default());
    assert_eq!(p.months.len(), 120);
    assert_eq!(p.years.len(), 10);
    for m in &p.months {
        assert_eq!(m.scenario, m.baseline);
        assert_eq!(m.net_saving, Pence::ZERO);
        assert_eq!(m.spend_difference, Pence::ZERO);
        assert!(m.children_difference.values().all(|d| *d == 0.0));
    }
    for y in &p.years {
        assert_eq!(y.scenario_placement_spend, y.baseline_placement_spend);
        assert_eq!(y.investment, Pence::ZERO);
    }
    assert_eq!(p.payback_month, None);
    assert!(Levers::default().validate().is_ok());
    // Levers survive a round trip through JSON (saved scenarios).
    let json = serde_json::to_string(&Levers::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<Levers>(&json).unwrap(),
        Levers::default()
    );
}

/// One IFA child born 15 June 2008, start 1 April 2026: 213 whole months.
/// Month-end ages: April 214, May 215, June 216 = 18 → leaves in June
/// (the month of the birthday) and is never counted or costed from June on.
#[test]
fn eighteenth_birthday_removes_the_child_in_that_month() {
    let data = CountyData::new(
        Settings::default(),
        vec![child("Y", date(2008, 6, 15), date(2020, 1, 1), None)],
        Vec::new(),
        Vec::new(),
        vec![placement(
            "Y",
            PlacementSetting::Elsewhere,
            IFA,
            date(2020, 1, 1),
            None,
            700,
        )],
        Vec::new(),
    );
    let b = Baseline::from_data(&data, date(2026, 4, 1), 12);
    assert_eq!(b.children[0].age_months, 213);
    let p = project(&b, &one_year());
    let ifa: Vec<f64> = p
        .months
        .iter()
        .map(|m| m.scenario.children[&C::IfaFostering])
        .collect();
    assert_eq!(&ifa[..4], &[1.0, 1.0, 0.0, 0.0]);
    assert!(ifa[2..].iter().all(|n| *n == 0.0));
    let left: Vec<f64> = p.months.iter().map(|m| m.scenario.left_at_18).collect();
    assert_eq!(&left[..4], &[0.0, 0.0, 1.0, 0.0]);
    // April: £700 a week = 10,000p a day × 30.
    assert_eq!(p.months[0].scenario.spend[&C::IfaFostering], Pence(300_000));
    assert_eq!(p.months[2].scenario.placement_spend, Pence::ZERO);
}

#[test]
fn levers_out_of_range_give_errors_naming_the_field() {
    let levers = Levers {
        horizon_years: 0,
        shift_share: 1.5,
        entries_change_pct: -150.0,
        places_per_household: Some(f64::NAN),
        specialist_weekly_fee_pence: -1,
        annual_inflation: [(C::IfaFostering, 0.9)].into_iter().collect(),
        exit_rate_changes: [(C::Kinship, RateChange::Multiply(-1.0))]
            .into_iter()
            .collect(),
        ..Levers::default()
    };
    let errors = levers.validate().unwrap_err();
    let find = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .unwrap_or_else(|| panic!("no error for {field}: {errors:?}"))
    };
    assert!(find("horizon_years").contains("between 1 and 10"));
    assert!(find("shift_share").contains("between 0 and 1"));
    assert!(find("entries_change_pct").contains("between -100 and 200"));
    assert!(find("places_per_household").contains("between 0 and 6"));
    assert!(find("specialist_weekly_fee_pence").contains("between 0 and"));
    assert!(find("annual_inflation.ifa_fostering").contains("between -0.2 and 0.5"));
    assert!(find("exit_rate_changes.kinship").contains("between 0 and 10"));
    assert_eq!(errors.len(), 7);
}

/// IFA: 8 children, rate ¾, 12 entrants a month (steady at 8: 2 stay, and
/// 6 of the entrants, as half leave in their first half month);
/// residential: 4, rate ½. Setting the IFA rate to 0 (× 0): month 0 IFA
/// 8 + 12 = 20, month 1 32. Residential is untouched: 4 → 2 → 1 in both
/// runs. Adding −0.25 to the residential rate instead (½ → ¼) leaves IFA
/// at 8.
#[test]
fn a_rate_change_affects_only_its_own_rate() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 60, 8), (C::ExternalResidential, 120, 4)],
        12.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.75), (C::ExternalResidential, 0.5)],
        &[(C::IfaFostering, 81_900), (C::ExternalResidential, 609_700)],
        0,
    );
    let no_ifa_exits = Levers {
        exit_rate_changes: [(C::IfaFostering, RateChange::Multiply(0.0))]
            .into_iter()
            .collect(),
        ..one_year()
    };
    let p = project(&b, &no_ifa_exits);
    let ifa = |m: usize| p.months[m].scenario.children[&C::IfaFostering];
    let res = |m: usize| p.months[m].scenario.children[&C::ExternalResidential];
    assert_eq!((ifa(0), ifa(1)), (20.0, 32.0));
    assert_eq!((res(0), res(1)), (2.0, 1.0));
    for m in &p.months {
        assert_eq!(
            m.scenario.children[&C::ExternalResidential],
            m.baseline.children[&C::ExternalResidential]
        );
        assert_eq!(m.baseline.children[&C::IfaFostering], 8.0);
    }
    let slower_res = Levers {
        exit_rate_changes: [(C::ExternalResidential, RateChange::Add(-0.25))]
            .into_iter()
            .collect(),
        ..one_year()
    };
    let p = project(&b, &slower_res);
    assert_eq!(p.months[0].scenario.children[&C::ExternalResidential], 3.0);
    assert_eq!(p.months[1].scenario.children[&C::ExternalResidential], 2.25);
    assert!(p
        .months
        .iter()
        .all(|m| m.scenario.children[&C::IfaFostering] == 8.0));
}

/// 4 children in external residential (£6,097 = 87,100p a day), no flows.
/// Step-down 24 a year (2 a month wanted) but specialist households are
/// recruited 12 a year (1 a month, one child each): 1 a month moves.
/// Residential 3, 2, 1, 0, 0…; specialist 1, 2, 3, 4, 4… at a fee of
/// £1,400 a week = 20,000p a day.
/// April: residential 3 × 87,100 × 30 = 7,839,000p; specialist
/// 1 × 20,000 × 30 = 600,000p. No residential children left → no more moves.
#[test]
fn step_down_is_limited_by_specialist_places_and_residential_children() {
    let b = four_in_residential();
    let levers = Levers {
        step_down_per_year: 24.0,
        specialist_households_per_year: 12.0,
        specialist_weekly_fee_pence: 140_000,
        ..one_year()
    };
    let p = project(&b, &levers);
    let res: Vec<f64> = p
        .months
        .iter()
        .map(|m| m.scenario.children[&C::ExternalResidential])
        .collect();
    let spec: Vec<f64> = p
        .months
        .iter()
        .map(|m| m.scenario.specialist_children)
        .collect();
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
    assert!(close(&res[..6], &[3.0, 2.0, 1.0, 0.0, 0.0, 0.0]), "{res:?}");
    assert!(
        close(&spec[..6], &[1.0, 2.0, 3.0, 4.0, 4.0, 4.0]),
        "{spec:?}"
    );
    let april = &p.months[0].scenario;
    assert_eq!(april.spend[&C::ExternalResidential], Pence(7_839_000));
    assert_eq!(april.specialist_spend, Pence(600_000));
    assert_eq!(april.placement_spend, Pence(8_439_000));
    assert!(p.months.iter().all(|m| m.scenario.total_children() > 3.999));
}

/// As above, but each specialist household takes two children
/// (`specialist_places_per_household = 2`): one household a month brings
/// 2 places, and 2 a month are wanted, so 2 a month move. Residential 2,
/// 0, 0…; specialist 2, 4, 4…. April: residential 2 × 87,100 × 30 =
/// 5,226,000p; specialist 2 × 20,000 × 30 = 1,200,000p.
#[test]
fn specialist_households_taking_two_children_each_double_the_step_downs() {
    let b = four_in_residential();
    let levers = Levers {
        step_down_per_year: 24.0,
        specialist_households_per_year: 12.0,
        specialist_places_per_household: 2,
        specialist_weekly_fee_pence: 140_000,
        ..one_year()
    };
    let p = project(&b, &levers);
    let res: Vec<f64> = p.months[..4]
        .iter()
        .map(|m| m.scenario.children[&C::ExternalResidential])
        .collect();
    let spec: Vec<f64> = p.months[..4]
        .iter()
        .map(|m| m.scenario.specialist_children)
        .collect();
    assert_eq!(res, [2.0, 0.0, 0.0, 0.0]);
    assert_eq!(spec, [2.0, 4.0, 4.0, 4.0]);
    let april = &p.months[0].scenario;
    assert_eq!(april.spend[&C::ExternalResidential], Pence(5_226_000));
    assert_eq!(april.specialist_spend, Pence(1_200_000));
    // The comparator steps no one down, whatever the places.
    assert_eq!(p.months[0].baseline.specialist_children, 0.0);
}

/// Demand: +50% entries. 12 a month becomes 18 (in both runs: demand is
/// the world's, not the council's). IFA rate ¾, so half the entrants leave
/// in their first half month (1 − √¼): the steady state 8 becomes
/// 8 × ¼ + 18 × ½ = 11 after the first month.
#[test]
fn demand_change_scales_entries_in_both_runs() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 60, 8)],
        12.0,
        (C::IfaFostering, 0),
        &[(C::IfaFostering, 0.75)],
        &[(C::IfaFostering, 81_900)],
        0,
    );
    let levers = Levers {
        entries_change_pct: 50.0,
        ..one_year()
    };
    let p = project(&b, &levers);
    assert_eq!(p.months[0].scenario.entries, 18.0);
    assert_eq!(p.months[0].scenario.children[&C::IfaFostering], 11.0);
    assert_eq!(p.months[0].baseline, p.months[0].scenario);
}

/// Every lever on over ten years: nothing goes negative. (How fast this
/// runs is measured in `benches/scenario.rs`, not asserted here.)
#[test]
fn a_ten_year_projection_with_every_lever_stays_in_range() {
    // 300 children over every category and age, 10 years, every lever on.
    let cats = [
        C::InHouseFostering,
        C::IfaFostering,
        C::Kinship,
        C::ExternalResidential,
        C::SupportedAccommodation,
    ];
    let mut b = hand_baseline(
        date(2026, 4, 1),
        &[],
        5.0,
        (C::IfaFostering, 0),
        &[],
        &[],
        50,
    );
    for k in 0..300u32 {
        b.children.push(BaselineChild {
            child_id: k.to_string(),
            category: cats[k as usize % cats.len()],
            age_months: k % 216,
        });
    }
    b.exit_rates = cats.iter().map(|&c| (c, 0.02)).collect::<BTreeMap<_, _>>();
    let levers = Levers {
        horizon_years: 10,
        recruit_households_per_year: 10.0,
        places_per_household: Some(1.5),
        households_leaving_per_year: 3.0,
        shift_share: 0.6,
        step_down_per_year: 6.0,
        specialist_households_per_year: 4.0,
        specialist_weekly_fee_pence: 150_000,
        one_off_cost_per_household_pence: 1_000_000,
        yearly_support_per_household_pence: 500_000,
        scheme_overheads_per_year_pence: 10_000_000,
        ..Levers::default()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    assert_eq!(p.months.len(), 120);
    for m in &p.months {
        assert!(m.scenario.children.values().all(|n| *n >= 0.0));
        assert!(m.scenario.in_house_places >= 0.0);
    }
}

/// Leavers on the 18th birthday or in the month before it are leaving at
/// 18, not exits, and care from a month before 18 on is not exposure (the
/// projection ages children out at 216 months on its own; returns often end
/// care a few days before the birthday).
/// Start 1 April 2026, reference 1 April 2025 to 31 March 2026 (365 days),
/// all in IFA; each child's exposure ends a month before the 18th birthday:
///  P born 1/10/2007, left care on the 18th birthday 1/10/2025: no exit;
///    1/4/2025–1/9/2025 = 30+31+30+31+31 = 153 days.
///  Q born 1/1/2012, left care 1/7/2025 aged 13: an exit; 30+31+30 = 91 days.
///  R born 1/2/2008, still recorded in care: days stop on 1/1/2026, a month
///    before the 18th birthday: 365 − (31 + 28 + 31) = 275 days; not in the
///    start-date children.
///  S born 29/2/2008: 18 on 1/3/2026 (28/2/2026 is 215 months), so exposure
///    ends 1/2/2026: 275 + 31 = 306 days; left care 1/3/2026: no exit.
///  T born 10/12/2007, left care 5/12/2025, five days before 18: leaving at
///    18, no exit; days to 10/11/2025: 30+31+30+31+31+30+31 + 9 = 223.
///  U born 15/12/2007, left care 15/10/2025, two months before 18: an exit;
///    30+31+30+31+31+30 + 14 = 197 days.
/// IFA: 2 exits over 153 + 91 + 275 + 306 + 223 + 197 = 1,245 child-days
/// = 1,245 × 12 / 365 child-months → rate 730 / (1,245 × 12). (Counting
/// every leaver before the birthday, T too, would give 3 exits.)
#[test]
fn leavers_at_18_or_in_the_month_before_are_not_in_the_exit_rates() {
    use placement_planner::scenario::baseline::{eighteenth_birthday, leaving_at_18_from};
    assert_eq!(eighteenth_birthday(date(2007, 10, 1)), date(2025, 10, 1));
    assert_eq!(eighteenth_birthday(date(2008, 2, 29)), date(2026, 3, 1));
    assert_eq!(leaving_at_18_from(date(2008, 2, 29)), date(2026, 2, 1));
    // 31 March + 18 years − 1 month: the day is clamped to February's end.
    assert_eq!(leaving_at_18_from(date(2004, 3, 31)), date(2022, 2, 28));
    // (id, born, left care); R is still recorded in care. All entered
    // care on 1/1/2024 (R on 1/1/2023), before the reference period.
    let kids: Vec<_> = [
        ("P", date(2007, 10, 1), Some(date(2025, 10, 1))),
        ("Q", date(2012, 1, 1), Some(date(2025, 7, 1))),
        ("R", date(2008, 2, 1), None),
        ("S", date(2008, 2, 29), Some(date(2026, 3, 1))),
        ("T", date(2007, 12, 10), Some(date(2025, 12, 5))),
        ("U", date(2007, 12, 15), Some(date(2025, 10, 15))),
    ]
    .into_iter()
    .map(|(id, born, left)| {
        let entered = if id == "R" {
            date(2023, 1, 1)
        } else {
            date(2024, 1, 1)
        };
        child(id, born, entered, left)
    })
    .collect();
    let placements = kids
        .iter()
        .map(|k| {
            placement(
                &k.id,
                PlacementSetting::Elsewhere,
                IFA,
                k.entered_care,
                k.left_care,
                700,
            )
        })
        .collect();
    let data = CountyData::new(
        Settings::default(),
        kids,
        Vec::new(),
        Vec::new(),
        placements,
        Vec::new(),
    );
    let b = Baseline::from_data(&data, date(2026, 4, 1), 12);
    assert!(b.children.is_empty(), "{:?}", b.children);
    let want = 730.0 / (1245.0 * 12.0);
    let got = b.exit_rate(C::IfaFostering);
    assert!((got - want).abs() < 1e-15, "{got} vs {want}");
    // T is said to have been counted as leaving at 18 (P and S left on the
    // birthday itself, as the projection has them do), as information, not
    // among the warnings.
    assert_eq!(b.leavers_in_month_before_18, 1);
    let said = b.leaving_at_18_note().expect("one leaver before 18");
    assert!(
        said.starts_with("1 young person left care in the month before their 18th birthday"),
        "{said}"
    );
    assert!(b.notes.iter().all(|n| !n.contains("18th")), "{:?}", b.notes);
}

fn pc(s: &str) -> Postcode {
    Postcode::parse(s).unwrap()
}

fn pc_entry(p: &str, e: i32, n: i32, la: &str) -> PostcodeEntry {
    PostcodeEntry {
        postcode: pc(p),
        grid: Some(GridRef::new(e, n)),
        latitude: None,
        longitude: None,
        la_code: Some(la.into()),
        county_code: None,
    }
}

/// Council E06000060; every child's home HP19 1AA at (480000, 210000).
/// Placements on 1 April 2026 (DfE miles = metres / 1609.3):
///  H1 in-house at HP20 1AA (480000, 220000), in area, 6.2 miles
///  H2 in-house at MK18 1AA (480000, 250000), in area, 24.9 miles
///  I1 IFA at OX9 1AA (470000, 205000), Oxfordshire, 6.9 miles
///  I2 IFA at ZZ1 1ZZ, not in the directory: area and distance not known,
///     so neither in area nor within 20 miles
///  R1 private home at B1 1AA (407000, 286500), Birmingham, 65.7 miles
/// In area: in-house 2/2, IFA 0/2, external residential 0/1.
/// Within 20: in-house 1/2, IFA 1/2, external residential 0/1.
/// Categories with no children take all five: in area 2/5, within 2/5.
#[test]
fn baseline_location_shares_match_hand_worked_figures() {
    let home = Some(pc("HP19 1AA"));
    let kids: Vec<Child> = ["H1", "H2", "I1", "I2", "R1"]
        .iter()
        .map(|id| Child {
            home_postcode: home,
            ..child(id, date(2015, 1, 1), date(2025, 1, 1), None)
        })
        .collect();
    let at = |id: &str, codes, postcode: &str| Placement {
        postcode: Some(pc(postcode)),
        ..placement(
            id,
            PlacementSetting::Elsewhere,
            codes,
            date(2025, 1, 1),
            None,
            700,
        )
    };
    let placements = vec![
        at("H1", IN_HOUSE, "HP20 1AA"),
        at("H2", IN_HOUSE, "MK18 1AA"),
        at("I1", IFA, "OX9 1AA"),
        at("I2", IFA, "ZZ1 1ZZ"),
        at("R1", PRIVATE_HOME, "B1 1AA"),
    ];
    let postcodes = vec![
        pc_entry("HP19 1AA", 480_000, 210_000, "E06000060"),
        pc_entry("HP20 1AA", 480_000, 220_000, "E06000060"),
        pc_entry("MK18 1AA", 480_000, 250_000, "E06000060"),
        pc_entry("OX9 1AA", 470_000, 205_000, "E07000179"),
        pc_entry("B1 1AA", 407_000, 286_500, "E08000025"),
    ];
    let settings = Settings {
        council_code: "E06000060".into(),
        ..Settings::default()
    };
    let data = CountyData::new(
        settings,
        kids,
        Vec::new(),
        Vec::new(),
        placements,
        postcodes,
    );
    let b = Baseline::from_data(&data, date(2026, 4, 1), 12);
    assert_eq!(b.children.len(), 5);
    assert_eq!(b.in_area_share(C::InHouseFostering), 1.0);
    assert_eq!(b.within_20_share(C::InHouseFostering), 0.5);
    assert_eq!(b.in_area_share(C::IfaFostering), 0.0);
    assert_eq!(b.within_20_share(C::IfaFostering), 0.5);
    assert_eq!(b.in_area_share(C::ExternalResidential), 0.0);
    assert_eq!(b.within_20_share(C::ExternalResidential), 0.0);
    assert_eq!(b.in_area_share(C::Kinship), 0.4);
    assert_eq!(b.within_20_share(C::Kinship), 0.4);
    assert_eq!(b.in_area_shares.len(), C::ALL.len());
    // Month 0 with no flows: in area 2/5 = 40%, within 20 miles 2/5 = 40%.
    let p = project(&b, &one_year());
    assert!((p.months[0].scenario.pct_in_area - 40.0).abs() < 1e-12);
    assert!((p.months[0].scenario.pct_within_20_miles - 40.0).abs() < 1e-12);
}

/// The shift baseline (in-house 2 children, 3 places; 4 IFA entrants a
/// month; no exits), with in-house shares in area 1, within 20 miles ½;
/// IFA in area ¼, within ½. Shift ½; the shifted children are in area ½
/// and within 20 miles 1 (the levers).
/// Month 0: scenario in-house 2 + 1 shifted, IFA 3, total 6:
///  in area 2×1 + 1×½ + 3×¼ = 3.25 → 325/6 %; within 2×½ + 1×1 + 3×½ = 3.5
///  → 350/6 %. Comparator in-house 2, IFA 4: in area 2 + 1 = 3 → 50%;
///  within 1 + 2 = 3 → 50%.
/// Month 11: scenario IFA 3 + 44 = 47, total 50: in area 2 + ½ + 11.75 =
///  14.25 → 28.5%; within 1 + 1 + 23.5 = 25.5 → 51%. Comparator IFA 48:
///  in area 2 + 12 = 14 → 28%; within 1 + 24 = 25 → 50%.
/// Levers left at None: the shifted child takes the in-house shares (1, ½):
///  month 0 in area 2 + 1 + 0.75 = 3.75 → 62.5%; within 1 + ½ + 1.5 = 3
///  → 50%.
#[test]
fn projected_location_shares_track_children_placed_by_the_scenario() {
    let mut b = shift_baseline();
    b.in_area_shares = [(C::InHouseFostering, 1.0), (C::IfaFostering, 0.25)]
        .into_iter()
        .collect();
    b.within_20_shares = [(C::InHouseFostering, 0.5), (C::IfaFostering, 0.5)]
        .into_iter()
        .collect();
    let levers = Levers {
        shift_share: 0.5,
        new_in_house_in_area_share: Some(0.5),
        new_in_house_within_20_share: Some(1.0),
        ..one_year()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let (s0, b0) = (&p.months[0].scenario, &p.months[0].baseline);
    assert!(close(s0.pct_in_area, 325.0 / 6.0), "{}", s0.pct_in_area);
    assert!(close(s0.pct_within_20_miles, 350.0 / 6.0));
    assert!(close(b0.pct_in_area, 50.0) && close(b0.pct_within_20_miles, 50.0));
    let (s11, b11) = (&p.months[11].scenario, &p.months[11].baseline);
    assert!(close(s11.pct_in_area, 28.5), "{}", s11.pct_in_area);
    assert!(close(s11.pct_within_20_miles, 51.0));
    assert!(close(b11.pct_in_area, 28.0) && close(b11.pct_within_20_miles, 50.0));

    let default_shares = Levers {
        shift_share: 0.5,
        ..one_year()
    };
    let p = project(&b, &default_shares);
    assert!(close(p.months[0].scenario.pct_in_area, 62.5));
    assert!(close(p.months[0].scenario.pct_within_20_miles, 50.0));

    // Step-downs into specialist fostering take the levers' shares too:
    // 4 residential children (in area 0), 1 stepped down in April at an
    // in-area share of 1 → 1 of 4 = 25%.
    let mut r = hand_baseline(
        date(2026, 4, 1),
        &[(C::ExternalResidential, 120, 4)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[],
        0,
    );
    r.in_area_shares = [(C::ExternalResidential, 0.0)].into_iter().collect();
    let step = Levers {
        step_down_per_year: 12.0,
        specialist_households_per_year: 12.0,
        new_in_house_in_area_share: Some(1.0),
        ..one_year()
    };
    let p = project(&r, &step);
    assert_eq!(p.months[0].scenario.pct_in_area, 25.0);
    assert_eq!(p.months[0].baseline.pct_in_area, 0.0);

    let bad = Levers {
        new_in_house_within_20_share: Some(1.5),
        ..one_year()
    };
    let errors = bad.validate().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "new_in_house_within_20_share");
}

/// Staying Put, share ½ for 3 months at £700 a week (10,000p a day); every
/// placement costs nothing except residential (£6,097 = 87,100p a day).
/// Start 1 April 2026, no flows. In-house child aged 215 months leaves at
/// 18 in April (month 0); IFA child aged 214 and residential child aged
/// 214 leave in May (month 1).
/// Comparator: foster leavers April 1, May 1 (residential is not
/// fostering). Young people at month end = ½ × leavers in the last 3
/// months: Apr ½, May 1, Jun 1, Jul ½ (May's only), Aug 0.
/// Scenario: step-down 12 a year with 12 specialist households a year: the
/// residential child moves to specialist fostering in April and leaves it
/// at 18 in May, so May has 2 foster leavers: Apr ½, May 1½, Jun 1½, Jul 1,
/// Aug 0.
/// Staying Put spend (days 30, 31, 30, 31): comparator 150,000; 310,000;
/// 300,000; 155,000 = 915,000. Scenario 150,000; 465,000; 450,000; 310,000
/// = 1,375,000.
/// Net saving: April residential 87,100 × 30 = 2,613,000 saved, Staying Put
/// equal → 2,613,000; May 310,000 − 465,000 = −155,000; June −150,000;
/// July −155,000; then 0.
#[test]
fn staying_put_is_costed_apart_from_care_in_both_runs() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[
            (C::InHouseFostering, 215, 1),
            (C::IfaFostering, 214, 1),
            (C::ExternalResidential, 214, 1),
        ],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::ExternalResidential, 609_700)],
        0,
    );
    let levers = Levers {
        staying_put_share: 0.5,
        staying_put_months: 3,
        staying_put_weekly_pence: 70_000,
        step_down_per_year: 12.0,
        specialist_households_per_year: 12.0,
        ..one_year()
    };
    assert!(levers.validate().is_ok());
    let p = project(&b, &levers);
    let young = |run: fn(&placement_planner::scenario::MonthRow) -> f64| -> Vec<f64> {
        p.months[..5].iter().map(run).collect()
    };
    assert_eq!(
        young(|m| m.baseline.staying_put_young_people),
        vec![0.5, 1.0, 1.0, 0.5, 0.0]
    );
    assert_eq!(
        young(|m| m.scenario.staying_put_young_people),
        vec![0.5, 1.5, 1.5, 1.0, 0.0]
    );
    assert_eq!(
        young(|m| m.scenario.staying_put_starts),
        vec![0.5, 1.0, 0.0, 0.0, 0.0]
    );
    let spend = |f: fn(&placement_planner::scenario::MonthRow) -> Pence| -> Vec<i64> {
        p.months[..5].iter().map(|m| f(m).0).collect()
    };
    assert_eq!(
        spend(|m| m.baseline.staying_put_spend),
        vec![150_000, 310_000, 300_000, 155_000, 0]
    );
    assert_eq!(
        spend(|m| m.scenario.staying_put_spend),
        vec![150_000, 465_000, 450_000, 310_000, 0]
    );
    assert_eq!(
        spend(|m| m.net_saving),
        vec![2_613_000, -155_000, -150_000, -155_000, 0]
    );
    // Never children in care: April has only the IFA child and (scenario)
    // the stepped-down one; from May no one.
    assert_eq!(p.months[0].baseline.total_children(), 2.0);
    assert_eq!(p.months[0].scenario.total_children(), 2.0);
    assert_eq!(p.months[1].scenario.total_children(), 0.0);
    assert_eq!(p.months[1].scenario.placement_spend, Pence::ZERO);
    let y = &p.years[0];
    assert_eq!(y.scenario_staying_put_spend, Pence(1_375_000));
    assert_eq!(y.baseline_staying_put_spend, Pence(915_000));
    assert_eq!(y.net_saving, Pence(2_613_000 - 155_000 - 150_000 - 155_000));

    // Off by default, and out-of-range values are refused by name.
    assert!(p.months.iter().all(|m| m.scenario.staying_put_spend.0 >= 0));
    let off = project(&b, &one_year());
    assert!(off
        .months
        .iter()
        .all(|m| m.scenario.staying_put_young_people == 0.0
            && m.scenario.staying_put_spend == Pence::ZERO));
    let bad = Levers {
        staying_put_share: 1.2,
        staying_put_months: 37,
        staying_put_weekly_pence: -1,
        ..one_year()
    };
    let fields: Vec<String> = bad
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        vec![
            "staying_put_share",
            "staying_put_months",
            "staying_put_weekly_pence"
        ]
    );
}

// ------------------------------------------------------- unit-cost lever

/// Start 1 April 2026, two years, no flows. IFA: 2 children aged 5, the
/// baseline's cost £819 a week (81,900p); overridden to £910 a week =
/// 91,000p = 13,000p a day. In-house: 1 child aged 5 at £462 a week =
/// 6,600p a day, not overridden.
/// April 2026 (30 days): IFA 2 × 13,000 × 30 = 780,000p = £7,800 (not
/// 2 × 11,700 × 30 = 702,000p); in-house 6,600 × 30 = 198,000p.
/// FY 2026-27 (365 days): IFA 2 × 13,000 × 365 = 9,490,000p.
/// IFA inflation 10%: from 1 April 2027 the override is compounded like a
/// baseline cost, 91,000 × 1.1 = 100,100p = 14,300p a day; April 2027
/// (30 days) 2 × 14,300 × 30 = 858,000p.
/// The comparator has the same prices (the world's, not the council's):
/// net saving 0 every month.
#[test]
fn a_unit_cost_override_prices_its_category_in_both_runs() {
    let b = hand_baseline(
        date(2026, 4, 1),
        &[(C::IfaFostering, 60, 2), (C::InHouseFostering, 60, 1)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::IfaFostering, 81_900), (C::InHouseFostering, 46_200)],
        0,
    );
    let levers = Levers {
        horizon_years: 2,
        unit_costs: [(C::IfaFostering, 91_000)].into_iter().collect(),
        annual_inflation: [(C::IfaFostering, 0.1)].into_iter().collect(),
        ..Levers::default()
    };
    assert!(levers.validate().is_ok());
    assert_eq!(levers.unit_cost(C::IfaFostering, &b), Pence(91_000));
    assert_eq!(levers.unit_cost(C::InHouseFostering, &b), Pence(46_200));
    // A category in neither: the baseline's cost, zero when it has none.
    assert_eq!(levers.unit_cost(C::Secure, &b), Pence::ZERO);
    assert_eq!(levers.comparator().unit_costs, levers.unit_costs);

    let p = project(&b, &levers);
    let april = &p.months[0];
    assert_eq!(april.scenario.spend[&C::IfaFostering], Pence(780_000));
    assert_eq!(april.scenario.spend[&C::InHouseFostering], Pence(198_000));
    assert_eq!(april.scenario.placement_spend, Pence(978_000));
    assert_eq!(april.baseline.spend[&C::IfaFostering], Pence(780_000));
    assert_eq!(
        p.years[0].scenario_spend[&C::IfaFostering],
        Pence(9_490_000)
    );
    assert_eq!(
        p.years[0].baseline_spend[&C::IfaFostering],
        Pence(9_490_000)
    );
    let april_2027 = &p.months[12];
    assert_eq!(april_2027.month_start, date(2027, 4, 1));
    assert_eq!(april_2027.scenario.spend[&C::IfaFostering], Pence(858_000));
    assert!(p.months.iter().all(|m| m.net_saving == Pence::ZERO));
}

/// The shift example (`shift_lever_is_limited_by_free_in_house_places`)
/// with IFA at £910 a week (13,000p a day) instead of £819: one child is
/// in-house (6,600p a day) rather than IFA every month, so the saving is
/// 13,000 − 6,600 = 6,400p a day: April (30 days) 192,000p, the year
/// 6,400 × 365 = 2,336,000p (against 1,861,500p at the baseline's price).
/// April in full: comparator (2 × 6,600 + 4 × 13,000) × 30 = 1,956,000p,
/// scenario (3 × 6,600 + 3 × 13,000) × 30 = 1,764,000p. Were the
/// comparator still at £819 it would be (2 × 6,600 + 4 × 11,700) × 30 =
/// 1,800,000p and the saving only 36,000p.
#[test]
fn the_saving_of_a_shift_is_priced_at_the_override() {
    let levers = Levers {
        shift_share: 0.5,
        unit_costs: [(C::IfaFostering, 91_000)].into_iter().collect(),
        ..one_year()
    };
    let p = project(&shift_baseline(), &levers);
    for (i, m) in p.months.iter().enumerate() {
        assert_eq!(m.net_saving, Pence(6_400 * DAYS_2026_27[i]), "month {i}");
    }
    assert_eq!(p.months[0].baseline.placement_spend, Pence(1_956_000));
    assert_eq!(p.months[0].scenario.placement_spend, Pence(1_764_000));
    assert_eq!(p.months[0].net_saving, Pence(192_000));
    assert_eq!(p.years[0].net_saving, Pence(2_336_000));
}

/// Setting a category's cost to the baseline's own figure changes nothing:
/// the whole projection (every month, year and the payback) is identical,
/// with recruitment, shift and investment on so there is something to
/// compare.
#[test]
fn an_override_equal_to_the_baseline_changes_nothing() {
    let b = shift_baseline();
    let levers = Levers {
        shift_share: 0.5,
        recruit_households_per_year: 12.0,
        places_per_household: Some(1.0),
        one_off_cost_per_household_pence: 1_000_000,
        ..one_year()
    };
    let same = Levers {
        unit_costs: [(C::IfaFostering, 81_900), (C::InHouseFostering, 46_200)]
            .into_iter()
            .collect(),
        ..levers.clone()
    };
    let p = project(&b, &levers);
    assert_eq!(project(&b, &same), p);
    assert_eq!(p.payback_month, Some(9));
    // And a different price does change it (the check can fail).
    let dearer = Levers {
        unit_costs: [(C::IfaFostering, 91_000)].into_iter().collect(),
        ..levers
    };
    assert_ne!(project(&b, &dearer), p);
}

/// 0 and £10m (1,000,000,000p) a week are allowed; −1p and £10m + 1p are
/// refused, each naming `unit_costs.<category code>`.
#[test]
fn unit_costs_out_of_range_name_the_category() {
    let ok = Levers {
        unit_costs: [(C::Kinship, 0), (C::Secure, 1_000_000_000)]
            .into_iter()
            .collect(),
        ..Levers::default()
    };
    assert!(ok.validate().is_ok());
    let bad = Levers {
        unit_costs: [(C::IfaFostering, -1), (C::Secure, 1_000_000_001)]
            .into_iter()
            .collect(),
        ..Levers::default()
    };
    let errors = bad.validate().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["unit_costs.ifa_fostering", "unit_costs.secure"]);
    assert!(
        errors[0].message.contains("between 0 and 1000000000"),
        "{}",
        errors[0].message
    );
}

/// Levers saved before the unit-cost lever existed (JSON without
/// `unit_costs`) load with no overrides.
#[test]
fn levers_saved_without_unit_costs_still_load() {
    let mut json = serde_json::to_value(Levers {
        shift_share: 0.25,
        ..Levers::default()
    })
    .unwrap();
    let removed = json.as_object_mut().unwrap().remove("unit_costs");
    assert_eq!(removed, Some(serde_json::json!({})));
    let levers: Levers = serde_json::from_value(json).unwrap();
    assert!(levers.unit_costs.is_empty());
    assert_eq!(levers.shift_share, 0.25);
}

/// A child who leaves care and comes back enters twice, and the time out
/// of care is not exposure: F is with IFA carers from 01/05/2025 to
/// 01/08/2025 (92 days, then leaves care: an exit), and back with in-house
/// carers from 01/01/2026 (90 days to 01/04/2026). Over the 12 months to
/// 01/04/2026: 2 entries (at 136 and 144 months old), IFA exit rate
/// 1 / (92 × 12 / 365) a month, in-house 0.
#[test]
fn a_return_to_care_is_an_entry_and_time_out_of_care_is_not_exposure() {
    use placement_planner::model::child::CarePeriod;
    let f = Child {
        earlier_periods: vec![CarePeriod {
            started: date(2025, 5, 1),
            ended: date(2025, 8, 1),
        }],
        ..child("F", date(2014, 1, 1), date(2026, 1, 1), None)
    };
    let placements = vec![
        placement(
            "F",
            PlacementSetting::Elsewhere,
            IFA,
            date(2025, 5, 1),
            Some(date(2025, 8, 1)),
            800,
        ),
        placement(
            "F",
            PlacementSetting::Elsewhere,
            IN_HOUSE,
            date(2026, 1, 1),
            None,
            450,
        ),
    ];
    let data = CountyData::new(
        Settings::default(),
        vec![f],
        Vec::new(),
        Vec::new(),
        placements,
        Vec::new(),
    );
    let b = Baseline::from_data(&data, date(2026, 4, 1), 12);
    assert_eq!(b.monthly_entries, 2.0 / 12.0);
    let mix: Vec<(C, u32, f64)> = b
        .entry_mix
        .iter()
        .map(|e| (e.category, e.age_months, e.share))
        .collect();
    assert_eq!(
        mix,
        vec![(C::InHouseFostering, 144, 0.5), (C::IfaFostering, 136, 0.5)]
    );
    let want = 365.0 / (92.0 * 12.0);
    let got = b.exit_rate(C::IfaFostering);
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    assert_eq!(b.exit_rate(C::InHouseFostering), 0.0);
    let kids: Vec<(&str, C, u32)> = b
        .children
        .iter()
        .map(|c| (c.child_id.as_str(), c.category, c.age_months))
        .collect();
    assert_eq!(kids, vec![("F", C::InHouseFostering, 147)]);
}
