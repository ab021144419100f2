//! The council's rates as a table: one row per category, one column per
//! financial year, with the national figure and the yearly uplift beside
//! them. The Costs screen draws it and `rates` prints it (as
//! `report::rates::to_text` writes it).

use super::{national_figure, CostBook, NationalFigure};
use crate::model::settings::financial_year_label;
use crate::model::{CostRate, Pence, PlacementCategory, Settings};

/// One category's row.
#[derive(Debug, Clone, PartialEq)]
pub struct RatesRow {
    pub category: PlacementCategory,
    /// The rate for each of the table's years, with its source.
    pub rates: Vec<Option<(Pence, String)>>,
    pub national: Option<NationalFigure>,
    /// The yearly uplift in percent, and whether the council set it (else
    /// the published figure).
    pub uplift_pct: f64,
    pub uplift_set_by_council: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RatesTable {
    /// Financial years (2025 is 2025-26), oldest first: every year with a
    /// rate and the current one.
    pub years: Vec<i32>,
    pub rows: Vec<RatesRow>,
}

/// The table for `settings`, with `current_year` always among the years.
pub fn rates_table(settings: &Settings, current_year: i32) -> RatesTable {
    let mut years: Vec<i32> = settings
        .cost_rates
        .iter()
        .map(|r| r.financial_year)
        .chain([current_year])
        .collect();
    years.sort_unstable();
    years.dedup();
    let book = CostBook::from_settings(settings);
    let rows = PlacementCategory::ALL
        .iter()
        .map(|&category| RatesRow {
            category,
            rates: years
                .iter()
                .map(|&y| {
                    settings
                        .cost_rates
                        .iter()
                        .find(|r| r.category == category && r.financial_year == y)
                        .map(|r| (r.weekly_cost, r.source.clone()))
                })
                .collect(),
            national: national_figure(category),
            uplift_pct: book.uplift_pct(category),
            uplift_set_by_council: settings.cost_uplift_pct.contains_key(&category),
        })
        .collect();
    RatesTable { years, rows }
}

/// The rates of `from_year` copied to `to_year`, each raised by `uplift_pct`
/// a year (`None`: each category's own uplift), compounded and rounded to
/// the penny. The source says where each came from.
pub fn copy_rates_forward(
    settings: &Settings,
    from_year: i32,
    to_year: i32,
    uplift_pct: Option<f64>,
) -> Vec<CostRate> {
    let book = CostBook::from_settings(settings);
    settings
        .cost_rates
        .iter()
        .filter(|r| r.financial_year == from_year)
        .map(|r| {
            let pct = uplift_pct.unwrap_or_else(|| book.uplift_pct(r.category));
            let factor = (1.0 + pct / 100.0).powi(to_year - from_year);
            CostRate {
                category: r.category,
                financial_year: to_year,
                weekly_cost: Pence(crate::model::money::round_pence(
                    r.weekly_cost.0 as f64 * factor,
                )),
                source: format!(
                    "{} rate uplifted {}% a year",
                    financial_year_label(from_year),
                    crate::format::percent_text(pct)
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            cost_rates: vec![
                CostRate {
                    category: PlacementCategory::IfaFostering,
                    financial_year: 2024,
                    weekly_cost: Pence::from_pounds(900),
                    source: "budget".into(),
                },
                CostRate {
                    category: PlacementCategory::ExternalResidential,
                    financial_year: 2025,
                    weekly_cost: Pence::from_pounds(6_500),
                    source: "budget".into(),
                },
            ],
            cost_uplift_pct: [(PlacementCategory::IfaFostering, 4.0)].into(),
            ..Settings::default()
        }
    }

    #[test]
    fn the_table_has_every_year_with_a_rate_and_this_year() {
        let t = rates_table(&settings(), 2026);
        assert_eq!(t.years, vec![2024, 2025, 2026]);
        let ifa = t
            .rows
            .iter()
            .find(|r| r.category == PlacementCategory::IfaFostering)
            .unwrap();
        assert_eq!(
            ifa.rates,
            vec![Some((Pence(90_000), "budget".to_string())), None, None]
        );
        assert_eq!(ifa.uplift_pct, 4.0);
        assert!(ifa.uplift_set_by_council);
        let res = t
            .rows
            .iter()
            .find(|r| r.category == PlacementCategory::ExternalResidential)
            .unwrap();
        // Not set: the published 9%.
        assert_eq!(res.uplift_pct, 9.0);
        assert!(!res.uplift_set_by_council);
        assert_eq!(res.national.map(|f| f.weekly), Some(Pence(610_800)));
    }

    #[test]
    fn copying_forward_uplifts_each_rate() {
        // £900 at 4% for two years: 900 × 1.0816 = £973.44.
        let out = copy_rates_forward(&settings(), 2024, 2026, None);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].weekly_cost, Pence(97_344));
        assert_eq!(out[0].financial_year, 2026);
        assert_eq!(out[0].source, "2024-25 rate uplifted 4% a year");
        // An uplift given for all: £6,500 at 2.5% for one year = £6,662.50.
        let out = copy_rates_forward(&settings(), 2025, 2026, Some(2.5));
        assert_eq!(out[0].weekly_cost, Pence(666_250));
    }
}
