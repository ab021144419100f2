//! A scenario file's TOML (read as the window reads it: lossily as UTF-8).
//! Levers the file accepts are projected over a small baseline.
#![no_main]

use jiff::civil::date;
use libfuzzer_sys::fuzz_target;
use planner_core::model::{Pence, PlacementCategory as C};
use planner_core::scenario::file::levers_from_toml;
use planner_core::scenario::{
    project, Baseline, BaselineChild, CostSource, EntryShare, UnitCost,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Six children in three categories, entrants into IFA fostering, costs
/// for those three categories.
fn baseline() -> &'static Baseline {
    static B: OnceLock<Baseline> = OnceLock::new();
    B.get_or_init(|| {
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
        let unit_costs = [
            (C::IfaFostering, 81_900),
            (C::InHouseFostering, 46_200),
            (C::ExternalResidential, 609_700),
        ]
        .into_iter()
        .map(|(c, p)| {
            let cost = UnitCost {
                weekly: Pence(p),
                source: CostSource::Missing,
            };
            (c, cost)
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
            unit_costs,
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
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match levers_from_toml(&text) {
        Ok(levers) => {
            let p = project(baseline(), &levers);
            assert_eq!(p.months.len(), levers.horizon_years as usize * 12);
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "an empty message"),
    }
});
