//! A hand-written baseline for the scenario model's tests.

use jiff::civil::Date;
use placement_planner::model::Pence;
use placement_planner::model::PlacementCategory as C;
use placement_planner::scenario::{Baseline, BaselineChild, CostSource, EntryShare, UnitCost};
use std::collections::BTreeMap;

/// A baseline written by hand: `children` as (category, age in months, how
/// many), entries per month all into one category at one age.
pub fn hand_baseline(
    start: Date,
    children: &[(C, u32, usize)],
    monthly_entries: f64,
    entry: (C, u32),
    rates: &[(C, f64)],
    weekly_pence: &[(C, i64)],
    in_house_places: u32,
) -> Baseline {
    let mut list = Vec::new();
    for &(category, age_months, n) in children {
        for k in 0..n {
            list.push(BaselineChild {
                child_id: format!("{}-{age_months}-{k}", category.code()),
                category,
                age_months,
            });
        }
    }
    Baseline {
        start,
        reference_months: 12,
        children: list,
        monthly_entries,
        entry_mix: vec![EntryShare {
            category: entry.0,
            age_months: entry.1,
            share: 1.0,
        }],
        exit_rates: rates.iter().copied().collect(),
        unit_costs: weekly_pence
            .iter()
            .map(|&(c, p)| {
                (
                    c,
                    UnitCost {
                        weekly: Pence(p),
                        source: CostSource::Missing,
                    },
                )
            })
            .collect(),
        in_house_places,
        in_house_filled: 0,
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

/// A fitted cell written by hand: `rate` a month, with no events behind it
/// (so the Monte Carlo holds it fixed).
pub fn rate_cell(
    category: C,
    band: placement_planner::scenario::AgeBand,
    rate: f64,
) -> placement_planner::scenario::RateCell {
    placement_planner::scenario::RateCell {
        category,
        band,
        events: 0,
        child_months: 0.0,
        band_rate: rate,
        factor: 1.0,
        weight: 1.0,
        rate,
        shape: 0.0,
        exposure: 0.0,
    }
}

/// 4 children aged 10 in external residential care (£6,097 a week), no
/// entries or exits: the step-down tests' county.
#[allow(dead_code)]
pub fn four_in_residential() -> Baseline {
    hand_baseline(
        jiff::civil::date(2026, 4, 1),
        &[(C::ExternalResidential, 120, 4)],
        0.0,
        (C::IfaFostering, 0),
        &[],
        &[(C::ExternalResidential, 609_700)],
        0,
    )
}
