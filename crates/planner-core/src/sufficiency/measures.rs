//! The council-wide measures on a date: DfE's six distance categories plus
//! "area not known", the placement mix and spend, and supply.

use super::facts::{lines, ChildFacts, Counted, DistanceCategory, Fact};
use crate::costing::{CostBook, SpendSplit};
use crate::county::CountyData;
use crate::geography::AreaStatus;
use crate::model::{CarerSector, Pence, PlacementCategory};
use jiff::civil::Date;
use serde::Serialize;

/// Where the list of the most expensive placements starts unless the user
/// sets another figure: £10,000 a week.
pub const EXPENSIVE_FROM: Pence = Pence(1_000_000);

/// A placement whose weekly cost (own or estimated) is at or above a
/// threshold: the placements that drive the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostlyPlacement {
    pub child_id: String,
    pub placement_id: Option<i64>,
    pub category: Option<PlacementCategory>,
    pub weekly_cost_pence: i64,
    pub basis: crate::costing::CostBasis,
}

/// The placements on the date costing `from` a week or more, dearest
/// first (then by child reference).
pub fn costly_placements(facts: &[ChildFacts], from: Pence) -> Vec<CostlyPlacement> {
    let mut out: Vec<CostlyPlacement> = facts
        .iter()
        .filter_map(|f| costly_placement(&f.child_id, &f.counted(), from))
        .collect();
    sort_dearest_first(&mut out);
    out
}

/// The child's placement when it costs `from` a week or more.
fn costly_placement(child_id: &str, f: &Counted, from: Pence) -> Option<CostlyPlacement> {
    let c = f.weekly_cost?;
    let w = c.weekly?;
    (w >= from).then(|| CostlyPlacement {
        child_id: child_id.to_string(),
        placement_id: f.placement_id,
        category: f.category,
        weekly_cost_pence: w.0,
        basis: c.basis,
    })
}

fn sort_dearest_first(out: &mut [CostlyPlacement]) {
    out.sort_by(|a, b| {
        b.weekly_cost_pence
            .cmp(&a.weekly_cost_pence)
            .then_with(|| a.child_id.cmp(&b.child_id))
    });
}

/// Percent of `total`, rounded to 1 dp; 0 when there is no one.
pub fn percent(count: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (1000.0 * count as f64 / total as f64).round() / 10.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryLine {
    pub category: PlacementCategory,
    pub children: usize,
    pub share_pct: f64,
    /// Known and estimated weekly costs (see `spend` for the split).
    pub weekly_cost_pence: i64,
    /// Weekly cost over 52 weeks.
    pub annual_cost_pence: i64,
    /// Where the weekly cost came from: own costs, rates, national figures,
    /// and placements whose cost is not known.
    pub spend: SpendSplit,
    pub within_20_miles: usize,
    pub in_area: usize,
}

/// The age bands supply is counted in.
pub const AGE_BANDS: [(u8, u8, &str); 4] = [
    (0, 4, "0–4"),
    (5, 10, "5–10"),
    (11, 15, "11–15"),
    (16, 17, "16–17"),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeBandSupply {
    pub band: &'static str,
    /// Active in-house households approved for some age in the band.
    pub households: usize,
    /// Vacant in-house places open to a child of this band (a household
    /// approved across bands counts in each).
    pub vacant_places: u32,
    /// Children of this age looked after on the date.
    pub children: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supply {
    pub in_house_households: usize,
    pub in_house_places: u32,
    pub in_house_filled: u32,
    pub in_house_vacant: u32,
    pub by_age_band: Vec<AgeBandSupply>,
    pub residential_beds_in_area: u32,
    pub residential_beds_out_of_area: u32,
    pub residential_beds_area_unknown: u32,
    pub residential_vacant_in_area: u32,
    pub residential_vacant_out_of_area: u32,
}

/// A child whose distance or area is not known, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataQualityIssue {
    pub child_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SufficiencyReport {
    pub as_at: Date,
    pub council_name: String,
    pub council_code: String,
    pub children_looked_after: usize,
    pub inside_within_20: usize,
    pub inside_over_20: usize,
    pub inside_unknown: usize,
    pub outside_within_20: usize,
    pub outside_over_20: usize,
    pub outside_unknown: usize,
    pub area_unknown: usize,
    pub within_20_miles: usize,
    pub in_area: usize,
    /// Out of area and over 20 miles: the placements that need senior
    /// approval (adjacency to the council is not modelled).
    pub placements_at_distance: usize,
    pub within_20_miles_pct: f64,
    pub in_area_pct: f64,
    pub out_of_area_pct: f64,
    pub residential_pct: f64,
    pub in_house_pct: f64,
    pub ifa_pct: f64,
    /// Known and estimated weekly costs of the placements open on the date.
    pub weekly_cost_pence: i64,
    pub annual_cost_pence: i64,
    /// Where the weekly cost came from (own, rates, national figures) and
    /// how many placements' cost is not known.
    pub spend: SpendSplit,
    /// The rate or national figure each estimated category used, one
    /// sentence each, for reports to say which were used.
    pub cost_basis: Vec<String>,
    /// Placements costing [`EXPENSIVE_FROM`] a week or more, dearest first.
    pub costly_placements: Vec<CostlyPlacement>,
    pub by_category: Vec<CategoryLine>,
    pub supply: Supply,
    pub data_quality: Vec<DataQualityIssue>,
    /// Children the records still show in care on the date who are 18 or
    /// over: not counted as looked after (nobody is, on or after their 18th
    /// birthday), listed so the records can be put right.
    pub over_18_in_records: Vec<DataQualityIssue>,
    /// The latest day the records cover (imported SSDA903 returns), when
    /// that is known; `None`: records kept in the app, running to today.
    pub records_run_to: Option<Date>,
    /// Set when the boundary in settings could not be read.
    pub boundary_error: Option<String>,
}

impl SufficiencyReport {
    pub fn count(&self, c: DistanceCategory) -> usize {
        use DistanceCategory::*;
        match c {
            InsideWithin20 => self.inside_within_20,
            InsideOver20 => self.inside_over_20,
            InsideUnknown => self.inside_unknown,
            OutsideWithin20 => self.outside_within_20,
            OutsideOver20 => self.outside_over_20,
            OutsideUnknown => self.outside_unknown,
            AreaUnknown => self.area_unknown,
        }
    }

    pub fn weekly_cost(&self) -> Pence {
        Pence(self.weekly_cost_pence)
    }

    /// What a report says about where its spend came from: the total with
    /// its estimated share, then the rate or national figure each estimated
    /// category used. "Spend: every placement's own cost." when nothing is
    /// estimated or missing.
    pub fn spend_note(&self) -> Vec<String> {
        if self.spend.caveat().is_empty() {
            return vec!["Spend: every placement's own cost.".to_string()];
        }
        let mut out = vec![format!("Spend: {}.", self.spend.weekly_text())];
        out.extend(self.cost_basis.iter().map(|l| format!("{l}.")));
        out
    }

    /// The council as reports head it: "Buckinghamshire Council
    /// (E06000060)", the name or the code alone when only one is set, and
    /// `None` when neither is.
    pub fn council_title(&self) -> Option<String> {
        let (name, code) = (self.council_name.trim(), self.council_code.trim());
        match (name.is_empty(), code.is_empty()) {
            (false, false) => Some(format!("{name} ({code})")),
            (false, true) => Some(name.to_string()),
            (true, false) => Some(code.to_string()),
            (true, true) => None,
        }
    }

    /// A plain warning when the date is after the records end: "The records
    /// run to 31/03/2022: the figures for 01/12/2026 assume nothing changed
    /// after that day."
    pub fn data_end_warning(&self) -> Option<String> {
        records_end_warning(self.records_run_to, self.as_at)
    }
}

/// The warning for figures on `as_at` from records that run to `run_to`,
/// when `as_at` is later (see [`SufficiencyReport::data_end_warning`]).
pub fn records_end_warning(run_to: Option<Date>, as_at: Date) -> Option<String> {
    match run_to {
        Some(end) if as_at > end => Some(format!(
            "The records run to {}: the figures for {} assume nothing changed after that day.",
            crate::model::format_uk_date(end),
            crate::model::format_uk_date(as_at)
        )),
        Some(_) => None,
        // Records kept in the app run to today.
        None => {
            let today = crate::model::date::today();
            (as_at > today).then(|| {
                format!(
                    "{} is after today: the figures assume nothing changes after {}.",
                    crate::model::format_uk_date(as_at),
                    crate::model::format_uk_date(today)
                )
            })
        }
    }
}

/// Every measure on `on`: the figures [`report_from_facts`] gives over
/// [`child_facts`](super::child_facts), counted from the lines as they come.
pub fn sufficiency(data: &CountyData, on: Date) -> SufficiencyReport {
    report_over(data, on, lines(data, on))
}

/// The measures from facts already worked out (the dashboard keeps them to
/// click through to the children behind each number).
///
/// One pass over the lines adds up every count, share and spend: at
/// national size the lines do not fit in a cache, and a pass per measure
/// cost more than the measures.
pub fn report_from_facts(data: &CountyData, on: Date, facts: &[ChildFacts]) -> SufficiencyReport {
    report_over(data, on, facts)
}

/// The measures over every child's line, in one pass.
fn report_over<F: Fact>(
    data: &CountyData,
    on: Date,
    facts: impl IntoIterator<Item = F>,
) -> SufficiencyReport {
    let mut n = 0usize;
    let mut by_distance = [0usize; DistanceCategory::ALL.len()];
    let (mut within, mut inside, mut outside) = (0usize, 0usize, 0usize);
    let mut spend = SpendSplit::default();
    let mut cats = [CategoryTally::default(); PlacementCategory::ALL.len()];
    let mut band_children = [0usize; AGE_BANDS.len()];
    let mut data_quality = Vec::new();
    let mut costly = Vec::new();
    for f in facts {
        n += 1;
        let c = f.counted(on);
        let (area, cost) = (c.area, c.weekly_cost);
        by_distance[DistanceCategory::of(area, c.within_20_miles).index()] += 1;
        let is_within = c.within_20_miles == Some(true);
        within += usize::from(is_within);
        inside += usize::from(area == AreaStatus::Inside);
        outside += usize::from(area == AreaStatus::Outside);
        if let Some(w) = cost {
            spend.add(w);
        }
        if let Some(cat) = c.category {
            let t = &mut cats[cat.index()];
            t.children += 1;
            if let Some(w) = cost {
                t.spend.add(w);
                t.estimated |= w.basis.is_estimate();
            }
            t.within_20_miles += usize::from(is_within);
            t.in_area += usize::from(area == AreaStatus::Inside);
        }
        for (count, &(lo, hi, _)) in band_children.iter_mut().zip(&AGE_BANDS) {
            *count += usize::from((i32::from(lo)..=i32::from(hi)).contains(&c.age));
        }
        if c.distance_miles.is_none() || area == AreaStatus::Unknown {
            let reasons = f.not_known_reasons();
            data_quality.push(DataQualityIssue {
                child_id: f.child_id().to_string(),
                reason: if reasons.is_empty() {
                    "placement area not known".to_string()
                } else {
                    reasons.join("; ")
                },
            });
        }
        costly.extend(costly_placement(f.child_id(), &c, EXPENSIVE_FROM));
    }
    sort_dearest_first(&mut costly);
    let count = |c: DistanceCategory| by_distance[c.index()];
    let in_category = |pred: &dyn Fn(PlacementCategory) -> bool| -> usize {
        PlacementCategory::ALL
            .iter()
            .zip(&cats)
            .filter(|(&c, _)| pred(c))
            .map(|(_, t)| t.children)
            .sum()
    };
    let by_category = PlacementCategory::ALL
        .iter()
        .zip(&cats)
        .map(|(&category, t)| {
            let weekly = t.spend.total().0;
            CategoryLine {
                category,
                children: t.children,
                share_pct: percent(t.children, n),
                weekly_cost_pence: weekly,
                annual_cost_pence: Pence(weekly).annualised().0,
                spend: t.spend,
                within_20_miles: t.within_20_miles,
                in_area: t.in_area,
            }
        })
        .collect();
    // One sentence for each category some placement on the date was costed
    // from a rate or a national figure, saying which.
    let book = CostBook::from_settings(&data.settings);
    let year = crate::model::date::financial_year_of(on);
    let cost_basis = PlacementCategory::ALL
        .iter()
        .zip(&cats)
        .filter(|(_, t)| t.estimated)
        .map(|(&c, _)| book.basis_sentence(c, year))
        .collect();
    let weekly = spend.total().0;

    SufficiencyReport {
        as_at: on,
        council_name: data.settings.council_name.clone(),
        council_code: data.settings.council_code.clone(),
        children_looked_after: n,
        inside_within_20: count(DistanceCategory::InsideWithin20),
        inside_over_20: count(DistanceCategory::InsideOver20),
        inside_unknown: count(DistanceCategory::InsideUnknown),
        outside_within_20: count(DistanceCategory::OutsideWithin20),
        outside_over_20: count(DistanceCategory::OutsideOver20),
        outside_unknown: count(DistanceCategory::OutsideUnknown),
        area_unknown: count(DistanceCategory::AreaUnknown),
        within_20_miles: within,
        in_area: inside,
        placements_at_distance: count(DistanceCategory::OutsideOver20),
        within_20_miles_pct: percent(within, n),
        in_area_pct: percent(inside, n),
        out_of_area_pct: percent(outside, n),
        residential_pct: percent(in_category(&|c| c.is_residential()), n),
        in_house_pct: percent(
            in_category(&|c| c == PlacementCategory::InHouseFostering),
            n,
        ),
        ifa_pct: percent(in_category(&|c| c == PlacementCategory::IfaFostering), n),
        weekly_cost_pence: weekly,
        annual_cost_pence: Pence(weekly).annualised().0,
        spend,
        cost_basis,
        costly_placements: costly,
        by_category,
        supply: supply(data, on, band_children),
        data_quality,
        over_18_in_records: over_18_in_records(data, on),
        records_run_to: data.records_run_to,
        boundary_error: data.boundary_error.clone(),
    }
}

/// What [`report_from_facts`] adds up for one placement category.
#[derive(Debug, Clone, Copy, Default)]
struct CategoryTally {
    children: usize,
    spend: SpendSplit,
    /// Some placement's cost came from a rate or a national figure.
    estimated: bool,
    within_20_miles: usize,
    in_area: usize,
}

/// Children in a period of care on `on` by the records who are 18 or over.
fn over_18_in_records(data: &CountyData, on: Date) -> Vec<DataQualityIssue> {
    data.children
        .iter()
        .filter(|c| c.in_care_period_on(on) && !c.looked_after_on(on))
        .map(|c| DataQualityIssue {
            child_id: c.id.clone(),
            reason: format!(
                "18 or over (born {}) but the records show them still in care: not counted as looked after; record when they left",
                crate::model::format_uk_date(c.date_of_birth)
            ),
        })
        .collect()
}

fn supply(data: &CountyData, on: Date, band_children: [usize; AGE_BANDS.len()]) -> Supply {
    let (occupancy, homes) = data.occupancy_on(on);
    let in_house: Vec<_> = data
        .carers
        .iter()
        .zip(&occupancy)
        .filter(|(c, o)| c.sector == CarerSector::InHouse && o.places > 0)
        .collect();
    let by_age_band = AGE_BANDS
        .iter()
        .zip(band_children)
        .map(|(&(lo, hi, band), children)| {
            let open: Vec<_> = in_house
                .iter()
                .filter(|(c, _)| c.age_min <= hi && c.age_max >= lo)
                .collect();
            AgeBandSupply {
                band,
                households: open.len(),
                vacant_places: open.iter().map(|(_, o)| o.vacant()).sum(),
                children,
            }
        })
        .collect();
    let mut s = Supply {
        in_house_households: in_house.len(),
        in_house_places: in_house.iter().map(|(_, o)| o.places).sum(),
        in_house_filled: in_house.iter().map(|(_, o)| o.filled).sum(),
        in_house_vacant: in_house.iter().map(|(_, o)| o.vacant()).sum(),
        by_age_band,
        residential_beds_in_area: 0,
        residential_beds_out_of_area: 0,
        residential_beds_area_unknown: 0,
        residential_vacant_in_area: 0,
        residential_vacant_out_of_area: 0,
    };
    for (i, &o) in homes.iter().enumerate() {
        match data.home_area(i) {
            AreaStatus::Inside => {
                s.residential_beds_in_area += o.places;
                s.residential_vacant_in_area += o.vacant();
            }
            AreaStatus::Outside => {
                s.residential_beds_out_of_area += o.places;
                s.residential_vacant_out_of_area += o.vacant();
            }
            AreaStatus::Unknown => s.residential_beds_area_unknown += o.places,
        }
    }
    s
}
