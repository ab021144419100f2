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

/// The financial years a rate may be for (2000-01 to 2100-01).
pub const RATE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a placement category as a user or a spreadsheet writes it: its
/// code (`ifa_fostering`) or its name (`IFA fostering`), any case.
pub fn parse_category(text: &str) -> Result<PlacementCategory, String> {
    let t = text.trim();
    PlacementCategory::ALL
        .iter()
        .copied()
        .find(|c| c.code().eq_ignore_ascii_case(t) || c.label().eq_ignore_ascii_case(t))
        .ok_or_else(|| {
            let codes: Vec<&str> = PlacementCategory::ALL.iter().map(|c| c.code()).collect();
            format!(
                "'{t}' is not a placement category; use one of {}",
                codes.join(", ")
            )
        })
}

/// Reads a financial year: `2025` (the year it starts) or `2025-26`,
/// between 2000 and 2100.
pub fn parse_financial_year(text: &str) -> Result<i32, String> {
    let t = text.trim();
    let bare = (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse::<i32>().ok())
        .flatten();
    let year = super::CollectionYear::parse(t)
        .map(|y| y.start_year())
        .or(bare)
        .ok_or_else(|| format!("'{t}' is not a financial year; write 2025 or 2025-26"))?;
    if !RATE_YEARS.contains(&year) {
        return Err(format!(
            "'{t}' is outside the years a rate can be for ({} to {})",
            RATE_YEARS.start(),
            RATE_YEARS.end()
        ));
    }
    Ok(year)
}

/// Reads a weekly rate in pounds: more than £0, at most £100,000 a week.
pub fn parse_weekly_rate(text: &str) -> Result<Pence, String> {
    let t = text.trim();
    let p = Pence::parse_pounds(t)?;
    if p.0 <= 0 {
        return Err(format!(
            "'{t}' is not a weekly cost: a rate must be more than £0"
        ));
    }
    Pence::parse_weekly_cost(t)
}

/// The yearly uplifts a council may set, in percent.
pub const UPLIFT_PCT: std::ops::RangeInclusive<f64> = -50.0..=100.0;

/// Reads a yearly uplift in percent: `3.55`, `3.55%`, `-2`; from -50% to
/// 100%.
pub fn parse_uplift_pct(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let pct: f64 = t
        .trim_end_matches('%')
        .trim()
        .parse()
        .map_err(|_| format!("'{t}' is not a percentage; write 3.5 for 3.5% a year"))?;
    if !pct.is_finite() || !UPLIFT_PCT.contains(&pct) {
        return Err(format!("'{t}' is outside -50% to 100% a year"));
    }
    Ok(pct)
}

/// Changes to the cost rates and uplifts, saved together or not at all:
/// rates added or changed, rates removed (category and financial year), and
/// uplifts set (`None`: back to the published figure).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateChanges {
    pub put: Vec<CostRate>,
    pub delete: Vec<(PlacementCategory, i32)>,
    pub uplifts: Vec<(PlacementCategory, Option<f64>)>,
}

impl RateChanges {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty() && self.uplifts.is_empty()
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
    /// Yearly uplift per category in percent, where the council set one
    /// (settings `cost_uplift.<category>`); see `costing` for the published
    /// figure used otherwise.
    #[serde(default)]
    pub cost_uplift_pct: std::collections::BTreeMap<PlacementCategory, f64>,
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

/// Whether `text` has the shape of an ONS area code: a letter for the
/// country (E, W, S, N; L and M for the Channel Islands and Isle of Man)
/// and eight digits, e.g. E06000060 or E10000002.
pub fn is_area_code(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 9
        && matches!(
            b[0].to_ascii_uppercase(),
            b'E' | b'W' | b'S' | b'N' | b'L' | b'M'
        )
        && b[1..].iter().all(u8::is_ascii_digit)
}

/// Checks the code of the council itself: an English upper-tier authority
/// with children's services, that is E06 (unitary), E08 (metropolitan
/// district), E09 (London borough) or E10 (county) and six digits, e.g.
/// E10000002 or E06000060. Returns it in capitals.
pub fn check_council_code(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if !is_area_code(&code) {
        return Err(format!(
            "'{}' is not an ONS area code (a letter and eight digits, e.g. E10000002 or E06000060)",
            text.trim()
        ));
    }
    match &code[..3] {
        "E06" | "E08" | "E09" | "E10" => Ok(code),
        "E07" => Err(format!(
            "{code} is a district council; children's services in a two-tier area belong to \
             the county, so give the county's code (E10…)"
        )),
        _ => Err(format!(
            "{code} is not the code of an English council with children's services \
             (E06 unitary, E08 metropolitan district, E09 London borough or E10 county)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rates_as_people_write_them() {
        assert_eq!(
            parse_category("IFA fostering"),
            Ok(PlacementCategory::IfaFostering)
        );
        assert_eq!(
            parse_category(" external_residential "),
            Ok(PlacementCategory::ExternalResidential)
        );
        assert!(parse_category("fostering")
            .unwrap_err()
            .starts_with("'fostering' is not a placement category"));
        assert_eq!(parse_financial_year("2025-26"), Ok(2025));
        assert_eq!(parse_financial_year("2025"), Ok(2025));
        assert_eq!(parse_financial_year("2100"), Ok(2100));
        assert!(parse_financial_year("2101")
            .unwrap_err()
            .contains("outside"));
        assert_eq!(
            parse_financial_year("1999"),
            Err("'1999' is outside the years a rate can be for (2000 to 2100)".into())
        );
        assert_eq!(
            parse_financial_year("2025-27"),
            Err("'2025-27' is not a financial year; write 2025 or 2025-26".into())
        );
        assert_eq!(parse_weekly_rate("£1,234.50"), Ok(Pence(123_450)));
        assert!(parse_weekly_rate("-5")
            .unwrap_err()
            .contains("more than £0"));
        assert!(parse_weekly_rate("abc").is_err());
        assert!(parse_weekly_rate("123456").unwrap_err().contains("pence"));
        assert_eq!(parse_uplift_pct("3.55%"), Ok(3.55));
        assert!(parse_uplift_pct("200").is_err());
    }

    #[test]
    fn labels_financial_years() {
        assert_eq!(financial_year_label(2025), "2025-26");
        assert_eq!(financial_year_label(2099), "2099-00");
    }

    #[test]
    fn council_codes() {
        assert_eq!(check_council_code(" e10000002 "), Ok("E10000002".into()));
        assert_eq!(check_council_code("E06000060"), Ok("E06000060".into()));
        assert!(check_council_code("E07000004")
            .unwrap_err()
            .contains("county"));
        assert!(check_council_code("W06000015").is_err());
        assert!(check_council_code("Bucks").is_err());
    }
}
