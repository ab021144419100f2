//! The one costing rule every figure of spend uses: the dashboard, the
//! trends, the reports, the workbook, the committee PDF, the panel's "cost
//! above cheapest" and the scenario baseline.
//!
//! A placement's weekly cost on a day is, in order:
//! 1. **its own cost**: entered in a form, a template or a finance import,
//!    at the price of that day (a fee that rose mid-year is costed at each
//!    price for its own days);
//! 2. else **the council's rate** for its category: the rate for the
//!    financial year of the day, else the nearest year with a rate (the
//!    latest earlier year, else the earliest later one), uplifted year by year
//!    between the two;
//! 3. else **the national figure** for its category from `shared/domain.md`,
//!    uplifted in the same way from the figure's year;
//! 4. else **not known** — never £0.
//!
//! SSDA903 returns hold no costs, so a council's imported placements are
//! costed by steps 2 to 4, and changing a rate changes every figure at once.
//!
//! # Uplift
//! Between a rate's year and the year costed, a category's price moves by
//! its yearly uplift, compounded and rounded to the penny once. The council
//! sets the uplift on the Costs screen (settings `cost_uplift.<category>`);
//! unset, it is the published figure: 3.55% a year for fostering (DfE's
//! 2025-26 foster allowance uplift), 9% for residential care (County
//! Councils Network, 2019 to 2024), and none for the rest. A scenario
//! costs its baseline with its own inflation per category instead.

mod rates_table;
pub use rates_table::{copy_rates_forward, rates_table, RatesRow, RatesTable};

use crate::model::date::financial_year_of;
use crate::model::settings::financial_year_label;
use crate::model::{CostRate, Pence, Placement, PlacementCategory, Settings};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// A published national weekly figure for a category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NationalFigure {
    pub weekly: Pence,
    /// The financial year the figure is for (2024 is 2024-25).
    pub year: i32,
    pub source: &'static str,
}

/// The national figure for a category (from `shared/domain.md`), when one
/// is published.
pub fn national_figure(category: PlacementCategory) -> Option<NationalFigure> {
    use PlacementCategory::*;
    let (pounds, year, source) = match category {
        InHouseFostering | Kinship => (646, 2017, "PSSRU Unit Costs: foster care full unit cost"),
        IfaFostering => (820, 2021, "CMA market study: average IFA price"),
        OwnResidential | ExternalResidential | Secure => (
            6_108,
            2024,
            "County Councils Network: county councils' average residential price",
        ),
        SupportedAccommodation | WithParents | Other => return None,
    };
    Some(NationalFigure {
        weekly: Pence::from_pounds(pounds),
        year,
        source,
    })
}

/// The published yearly uplift for a category, in percent, with where it
/// comes from.
pub fn published_uplift_pct(category: PlacementCategory) -> (f64, &'static str) {
    use PlacementCategory::*;
    match category {
        InHouseFostering | Kinship | IfaFostering => (3.55, "DfE foster allowance uplift 2025-26"),
        OwnResidential | ExternalResidential | Secure => (
            9.0,
            "residential price inflation 2019 to 2024, from County Councils Network",
        ),
        SupportedAccommodation | WithParents | Other => (0.0, "no published figure"),
    }
}

/// A weekly cost above this is checked before it is believed.
pub const OUTLIER_HIGH: Pence = Pence(2_500_000);
/// A paid placement's weekly cost below this is checked too.
pub const OUTLIER_LOW: Pence = Pence(5_000);

/// The warning for a weekly cost that is likely a slip (pence typed as
/// pounds, a missing digit) or a genuinely extreme placement the panel
/// should see; `None` for an ordinary cost. £0 is not warned about: a
/// placement with no charge (with parents, say) is a known £0.
pub fn outlier_warning(weekly: Pence) -> Option<String> {
    if weekly > OUTLIER_HIGH {
        Some(format!(
            "{} a week is more than {}: check it is in pounds, not pence; if it is right, \
             the placement is listed among the most expensive",
            weekly.to_pounds_pence_string(),
            OUTLIER_HIGH.to_pounds_string()
        ))
    } else if weekly.0 > 0 && weekly < OUTLIER_LOW {
        Some(format!(
            "{} a week is less than {} for a paid placement: check the amount",
            weekly.to_pounds_pence_string(),
            OUTLIER_LOW.to_pounds_string()
        ))
    } else {
        None
    }
}

/// Where a weekly cost came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CostBasis {
    /// The placement's own cost (entered or from the finance system).
    Own,
    /// The council's rate for the financial year `rate_year`, uplifted to
    /// the year costed when that differs.
    CouncilRate { rate_year: i32 },
    /// The national figure for `figure_year`, uplifted to the year costed.
    National { figure_year: i32 },
    /// No cost, rate or national figure: not known.
    NotKnown,
}

impl CostBasis {
    /// For tables and CSV: `own cost`, `council rate 2024-25`, `national
    /// figure 2021`, `not known`.
    pub fn label(self) -> String {
        match self {
            CostBasis::Own => "own cost".to_string(),
            CostBasis::CouncilRate { rate_year } => {
                format!("council rate {}", financial_year_label(rate_year))
            }
            CostBasis::National { figure_year } => format!("national figure {figure_year}"),
            CostBasis::NotKnown => "not known".to_string(),
        }
    }

    pub fn is_estimate(self) -> bool {
        matches!(
            self,
            CostBasis::CouncilRate { .. } | CostBasis::National { .. }
        )
    }
}

/// A weekly cost and where it came from; `weekly` is `None` exactly when
/// the basis is [`CostBasis::NotKnown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Costed {
    pub weekly: Option<Pence>,
    pub basis: CostBasis,
}

impl Costed {
    pub const NOT_KNOWN: Costed = Costed {
        weekly: None,
        basis: CostBasis::NotKnown,
    };

    pub fn own(weekly: Pence) -> Costed {
        Costed {
            weekly: Some(weekly),
            basis: CostBasis::Own,
        }
    }

    /// `£1,234 a week` or `not known`, with "(estimated)" for a rate.
    pub fn text(&self) -> String {
        match self.weekly {
            None => "not known".to_string(),
            Some(w) if self.basis.is_estimate() => format!("{} (estimated)", w.to_pounds_string()),
            Some(w) => w.to_pounds_string(),
        }
    }
}

/// The rates, figures and uplifts a cost is worked out from.
#[derive(Debug, Clone, PartialEq)]
pub struct CostBook {
    rates: Vec<CostRate>,
    /// Yearly uplift per category, in percent.
    uplift_pct: BTreeMap<PlacementCategory, f64>,
}

impl CostBook {
    /// The council's rates and uplifts (published uplifts where unset).
    pub fn from_settings(settings: &Settings) -> CostBook {
        let uplift_pct = PlacementCategory::ALL
            .iter()
            .map(|&c| {
                let pct = settings
                    .cost_uplift_pct
                    .get(&c)
                    .copied()
                    .unwrap_or_else(|| published_uplift_pct(c).0);
                (c, pct)
            })
            .collect();
        CostBook {
            rates: settings.cost_rates.clone(),
            uplift_pct,
        }
    }

    pub fn rates(&self) -> &[CostRate] {
        &self.rates
    }

    /// The yearly uplift for a category, in percent.
    pub fn uplift_pct(&self, category: PlacementCategory) -> f64 {
        self.uplift_pct.get(&category).copied().unwrap_or(0.0)
    }

    /// `weekly` in `from_year` prices moved to `to_year` prices.
    pub fn uplift(
        &self,
        category: PlacementCategory,
        weekly: Pence,
        from_year: i32,
        to_year: i32,
    ) -> Pence {
        let years = to_year - from_year;
        if years == 0 {
            return weekly;
        }
        let factor = (1.0 + self.uplift_pct(category) / 100.0).powi(years);
        Pence(crate::model::money::round_pence(weekly.0 as f64 * factor))
    }

    /// The weekly cost of a placement of `category` in the financial year
    /// `year` when the placement has no cost of its own (steps 2 to 4).
    pub fn category_cost(&self, category: PlacementCategory, year: i32) -> Costed {
        let of_cat = self.rates.iter().filter(|r| r.category == category);
        let earlier = of_cat
            .clone()
            .filter(|r| r.financial_year <= year)
            .max_by_key(|r| r.financial_year);
        let chosen = earlier.or_else(|| {
            of_cat
                .filter(|r| r.financial_year > year)
                .min_by_key(|r| r.financial_year)
        });
        if let Some(r) = chosen {
            return Costed {
                weekly: Some(self.uplift(category, r.weekly_cost, r.financial_year, year)),
                basis: CostBasis::CouncilRate {
                    rate_year: r.financial_year,
                },
            };
        }
        match national_figure(category) {
            Some(f) => Costed {
                weekly: Some(self.uplift(category, f.weekly, f.year, year)),
                basis: CostBasis::National {
                    figure_year: f.year,
                },
            },
            None => Costed::NOT_KNOWN,
        }
    }

    /// A placement's weekly cost on `on` by the rule in the module docs.
    pub fn placement_cost(&self, p: &Placement, on: Date) -> Costed {
        match p.own_cost_on(on) {
            Some(w) => Costed::own(w),
            None => self.category_cost(p.category(), financial_year_of(on)),
        }
    }

    /// A placement's cost over the days `[from, to)` in pence × days (÷ 7
    /// for pence), each day at its own price: the range is split at fee
    /// changes and at each 1 April (a rate is per financial year). Days
    /// whose cost is not known add nothing.
    pub fn placement_pence_days(&self, p: &Placement, from: Date, to: Date) -> i128 {
        let mut total: i128 = 0;
        let mut day = from;
        while day < to {
            let next_april = match Date::new(
                i16::try_from(financial_year_of(day) + 1).unwrap_or(i16::MAX),
                4,
                1,
            ) {
                Ok(d) => d,
                Err(_) => to,
            };
            let next_fee = p
                .fee_changes
                .iter()
                .map(|f| f.from)
                .filter(|&f| f > day)
                .min()
                .unwrap_or(to);
            let end = to.min(next_april).min(next_fee);
            if let Some(w) = self.placement_cost(p, day).weekly {
                total += i128::from(w.0) * i128::from(crate::model::date::days_between(day, end));
            }
            day = end;
        }
        total
    }

    /// One sentence per category and year saying which rate or figure an
    /// estimate used, for the workbook and the committee PDF:
    /// "IFA fostering 2025-26: council rate 2024-25 (£900) uplifted 3.55% a
    /// year".
    pub fn basis_sentence(&self, category: PlacementCategory, year: i32) -> String {
        let c = self.category_cost(category, year);
        let name = category.label();
        let fy = financial_year_label(year);
        let uplift = |from: i32| {
            if from == year {
                String::new()
            } else {
                format!(
                    ", uplifted {}% a year",
                    crate::format::percent_text(self.uplift_pct(category))
                )
            }
        };
        match c.basis {
            CostBasis::CouncilRate { rate_year } => format!(
                "{name} {fy}: {} a week from the council's {} rate{}",
                c.weekly.map_or(String::new(), |w| w.to_pounds_string()),
                financial_year_label(rate_year),
                uplift(rate_year)
            ),
            CostBasis::National { figure_year } => {
                let source = national_figure(category).map_or("", |f| f.source);
                format!(
                    "{name} {fy}: {} a week from the national figure ({source}, {}){}",
                    c.weekly.map_or(String::new(), |w| w.to_pounds_string()),
                    figure_year,
                    uplift(figure_year)
                )
            }
            CostBasis::Own | CostBasis::NotKnown => {
                format!("{name} {fy}: no rate and no national figure: not known")
            }
        }
    }
}

/// A total of weekly costs split by where they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct SpendSplit {
    /// From placements' own costs.
    pub own_pence: i64,
    /// Estimated from the council's rates.
    pub council_rate_pence: i64,
    /// Estimated from national figures.
    pub national_pence: i64,
    /// Placements with no cost at all (not in the total).
    pub not_known: usize,
    /// Placements counted, not known included.
    pub placements: usize,
}

impl SpendSplit {
    pub fn add(&mut self, c: Costed) {
        self.placements += 1;
        match (c.basis, c.weekly) {
            (CostBasis::Own, Some(w)) => self.own_pence += w.0,
            (CostBasis::CouncilRate { .. }, Some(w)) => self.council_rate_pence += w.0,
            (CostBasis::National { .. }, Some(w)) => self.national_pence += w.0,
            _ => self.not_known += 1,
        }
    }

    pub fn merge(&mut self, other: &SpendSplit) {
        self.own_pence += other.own_pence;
        self.council_rate_pence += other.council_rate_pence;
        self.national_pence += other.national_pence;
        self.not_known += other.not_known;
        self.placements += other.placements;
    }

    /// Some placements counted, and not one with a cost: the total is
    /// "not known", not £0.
    pub fn is_not_known(&self) -> bool {
        self.placements > 0 && self.not_known == self.placements
    }

    /// Every known or estimated cost.
    pub fn total(&self) -> Pence {
        Pence(self.own_pence + self.council_rate_pence + self.national_pence)
    }

    pub fn estimated(&self) -> Pence {
        Pence(self.council_rate_pence + self.national_pence)
    }

    /// The share of the total that is estimated, in whole percent
    /// (`None` when the total is nothing).
    pub fn estimated_pct(&self) -> Option<i64> {
        let total = self.total().0;
        (total > 0).then(|| (self.estimated().0 * 100 + total / 2) / total)
    }

    /// What a total needs said beside it: "64% from rates", "38% from
    /// national figures", "12% from rates and national figures", plus
    /// "3 placements' cost not known"; empty when every cost is the
    /// placements' own.
    pub fn caveat(&self) -> String {
        let mut parts = Vec::new();
        if let Some(pct) = self.estimated_pct().filter(|_| self.estimated().0 > 0) {
            let from = match (self.council_rate_pence > 0, self.national_pence > 0) {
                (true, false) => "from rates",
                (false, true) => "from national figures",
                _ => "from rates and national figures",
            };
            parts.push(format!("{pct}% {from}"));
        }
        if self.not_known > 0 {
            parts.push(format!(
                "{} placement{} cost not known",
                self.not_known,
                if self.not_known == 1 { "'s" } else { "s'" }
            ));
        }
        parts.join(", ")
    }

    /// For a narrow table column: "64% estimated", "96 not known",
    /// "40% estimated, 3 not known"; empty when every cost is the
    /// placements' own.
    pub fn short_caveat(&self) -> String {
        let mut parts = Vec::new();
        if self.estimated().0 > 0 {
            if let Some(pct) = self.estimated_pct() {
                parts.push(format!("{pct}% estimated"));
            }
        }
        if self.not_known > 0 {
            parts.push(format!("{} not known", self.not_known));
        }
        parts.join(", ")
    }

    /// "£812,400 a week, 64% from rates" or "not known" when no placement
    /// has a cost.
    pub fn weekly_text(&self) -> String {
        if self.is_not_known() {
            return "not known".to_string();
        }
        let caveat = self.caveat();
        if caveat.is_empty() {
            format!("{} a week", self.total().to_pounds_string())
        } else {
            format!("{} a week, {caveat}", self.total().to_pounds_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PlaceCode, PlacementSetting, ProviderCode};
    use jiff::civil::date;

    fn rate(category: PlacementCategory, year: i32, pounds: i64) -> CostRate {
        CostRate {
            category,
            financial_year: year,
            weekly_cost: Pence::from_pounds(pounds),
            source: "test".into(),
        }
    }

    fn book(rates: Vec<CostRate>, uplift: &[(PlacementCategory, f64)]) -> CostBook {
        CostBook::from_settings(&Settings {
            cost_rates: rates,
            cost_uplift_pct: uplift.iter().copied().collect(),
            ..Settings::default()
        })
    }

    #[test]
    fn a_rate_for_the_year_is_used_as_it_is() {
        let b = book(vec![rate(PlacementCategory::IfaFostering, 2025, 900)], &[]);
        assert_eq!(
            b.category_cost(PlacementCategory::IfaFostering, 2025),
            Costed {
                weekly: Some(Pence(90_000)),
                basis: CostBasis::CouncilRate { rate_year: 2025 }
            }
        );
    }

    #[test]
    fn an_earlier_rate_is_uplifted_and_compounded() {
        // £900 in 2023-24 at 5% a year: 2025-26 is 900 × 1.05² = £992.25.
        let b = book(
            vec![rate(PlacementCategory::IfaFostering, 2023, 900)],
            &[(PlacementCategory::IfaFostering, 5.0)],
        );
        let c = b.category_cost(PlacementCategory::IfaFostering, 2025);
        assert_eq!(c.weekly, Some(Pence(99_225)));
        assert_eq!(c.basis, CostBasis::CouncilRate { rate_year: 2023 });
        // A later rate is used for an earlier year, deflated:
        // 2022-23 is 900 / 1.05 = £857.142… → £857.14.
        let c = b.category_cost(PlacementCategory::IfaFostering, 2022);
        assert_eq!(c.weekly, Some(Pence(85_714)));
    }

    #[test]
    fn the_nearest_earlier_rate_wins_over_a_later_one() {
        let b = book(
            vec![
                rate(PlacementCategory::ExternalResidential, 2020, 4_000),
                rate(PlacementCategory::ExternalResidential, 2023, 5_000),
                rate(PlacementCategory::ExternalResidential, 2026, 7_000),
            ],
            &[(PlacementCategory::ExternalResidential, 0.0)],
        );
        let c = b.category_cost(PlacementCategory::ExternalResidential, 2025);
        assert_eq!(c.weekly, Some(Pence::from_pounds(5_000)));
        assert_eq!(c.basis, CostBasis::CouncilRate { rate_year: 2023 });
    }

    #[test]
    fn no_rate_falls_back_to_the_national_figure_uplifted() {
        // IFA £820 in 2021 at the published 3.55%: 2023 is
        // 820 × 1.0355² = 820 × 1.07226025 = £879.2534… → 87,925p.
        let b = book(vec![], &[]);
        let c = b.category_cost(PlacementCategory::IfaFostering, 2023);
        assert_eq!(c.weekly, Some(Pence(87_925)));
        assert_eq!(c.basis, CostBasis::National { figure_year: 2021 });
        // Supported accommodation has no national figure: not known, not £0.
        assert_eq!(
            b.category_cost(PlacementCategory::SupportedAccommodation, 2025),
            Costed::NOT_KNOWN
        );
    }

    fn placement(weekly: Option<Pence>) -> Placement {
        Placement {
            id: 1,
            child_id: "C1".into(),
            setting: PlacementSetting::Elsewhere,
            postcode: None,
            start: date(2025, 1, 1),
            end: None,
            weekly_cost: weekly,
            fee_changes: vec![],
            place: PlaceCode::U6,
            provider: Some(ProviderCode::PR4),
            reason_for_change: None,
        }
    }

    #[test]
    fn a_placement_with_its_own_cost_is_costed_at_it_and_fee_changes_by_date() {
        let mut p = placement(Some(Pence(80_000)));
        p.fee_changes = vec![crate::model::FeeChange {
            from: date(2025, 10, 1),
            weekly: Pence(84_000),
        }];
        let b = book(vec![rate(PlacementCategory::IfaFostering, 2025, 900)], &[]);
        assert_eq!(
            b.placement_cost(&p, date(2025, 9, 30)),
            Costed::own(Pence(80_000))
        );
        assert_eq!(
            b.placement_cost(&p, date(2025, 10, 1)),
            Costed::own(Pence(84_000))
        );
        let unknown = placement(None);
        assert_eq!(
            b.placement_cost(&unknown, date(2025, 10, 1)).weekly,
            Some(Pence(90_000))
        );
    }

    #[test]
    fn spend_over_a_range_takes_each_price_for_its_own_days() {
        // £700 a week from 1 Jan 2025, £840 from 1 Mar 2025. January and
        // February 2025: 59 days at £100 a day; March: 31 days at £120.
        let mut p = placement(Some(Pence(70_000)));
        p.fee_changes = vec![crate::model::FeeChange {
            from: date(2025, 3, 1),
            weekly: Pence(84_000),
        }];
        let b = book(vec![], &[]);
        let pd = b.placement_pence_days(&p, date(2025, 1, 1), date(2025, 4, 1));
        assert_eq!(pd, 59 * 70_000 + 31 * 84_000);
        assert_eq!(pd / 7, 59 * 10_000 + 31 * 12_000);
        // Without its own cost, the days either side of 1 April take each
        // year's rate: 10 days at £700 in 2024-25, 5 at £770 in 2025-26.
        let unknown = placement(None);
        let b = book(
            vec![
                rate(PlacementCategory::IfaFostering, 2024, 700),
                rate(PlacementCategory::IfaFostering, 2025, 770),
            ],
            &[],
        );
        assert_eq!(
            b.placement_pence_days(&unknown, date(2025, 3, 22), date(2025, 4, 6)),
            10 * 70_000 + 5 * 77_000
        );
    }

    #[test]
    fn a_split_says_how_much_is_estimated() {
        let mut s = SpendSplit::default();
        s.add(Costed::own(Pence::from_pounds(300)));
        s.add(Costed {
            weekly: Some(Pence::from_pounds(600)),
            basis: CostBasis::CouncilRate { rate_year: 2025 },
        });
        s.add(Costed::NOT_KNOWN);
        assert_eq!(s.total(), Pence::from_pounds(900));
        // 600 of 900 is 66.7% → 67%.
        assert_eq!(s.estimated_pct(), Some(67));
        assert_eq!(
            s.weekly_text(),
            "£900 a week, 67% from rates, 1 placement's cost not known"
        );
        let mut none = SpendSplit::default();
        none.add(Costed::NOT_KNOWN);
        assert_eq!(none.weekly_text(), "not known");
        assert!(none.is_not_known());
        assert!(!s.is_not_known());
        // Nothing counted is not "not known": there is nothing to cost.
        assert!(!SpendSplit::default().is_not_known());
    }

    #[test]
    fn basis_sentences_name_the_rate_and_the_uplift() {
        let b = book(
            vec![rate(PlacementCategory::IfaFostering, 2024, 900)],
            &[(PlacementCategory::IfaFostering, 3.0)],
        );
        assert_eq!(
            b.basis_sentence(PlacementCategory::IfaFostering, 2025),
            "IFA fostering 2025-26: £927 a week from the council's 2024-25 rate, uplifted 3% a year"
        );
    }
}
