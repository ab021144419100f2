//! The council's own settings: who it is, its boundary, its cost rates.

use super::category::PlacementCategory;
use super::money::Pence;
use serde::{Deserialize, Serialize};

/// A weekly unit cost for a category in a financial year (April–March),
/// with where the figure came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRate {
    pub category: PlacementCategory,
    /// The year the financial year starts in: 2025 means 2025-26.
    pub financial_year: i32,
    pub weekly_cost: Pence,
    pub source: String,
}

impl CostRate {
    /// `2025` → `2025-26`.
    pub fn year_label(&self) -> String {
        financial_year_label(self.financial_year)
    }
}

pub fn financial_year_label(start_year: i32) -> String {
    format!("{}-{:02}", start_year, (start_year + 1) % 100)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub council_name: String,
    /// ONS area code of the council (county code for a two-tier area).
    pub council_code: String,
    /// The council's boundary as GeoJSON text (Polygon or MultiPolygon).
    pub boundary_geojson: Option<String>,
    pub cost_rates: Vec<CostRate>,
}

/// The council's name as saved: trimmed, 1 to 100 characters.
pub fn check_council_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        Err("give the council's name (1 to 100 characters)".into())
    } else {
        Ok(name.to_string())
    }
}

impl Settings {
    /// The rate for a category in a financial year, if configured.
    pub fn rate(&self, category: PlacementCategory, financial_year: i32) -> Option<Pence> {
        self.cost_rates
            .iter()
            .find(|r| r.category == category && r.financial_year == financial_year)
            .map(|r| r.weekly_cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_financial_years() {
        assert_eq!(financial_year_label(2025), "2025-26");
        assert_eq!(financial_year_label(2099), "2099-00");
    }
}
