//! The baseline: where the county stands on the start date and how children
//! have entered and left care over the reference period before it.

use super::moves::{self, MoveCount};
use super::rates::{self, AgeBand, RateCell, Tally};
use crate::costing::{CostBasis, CostBook, SpendSplit};
use crate::county::CountyData;
use crate::geography::AreaStatus;
use crate::model::{CarerSector, CarerStatus, Child, Pence, Placement, PlacementCategory};
use crate::sufficiency::{child_facts, looked_after_on};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Children leave care on reaching this age in whole months (18 years).
pub const MAX_AGE_MONTHS: u32 = 216;

/// A child looked after with a placement open on the start date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineChild {
    pub child_id: String,
    pub category: PlacementCategory,
    /// Whole months of age on the start date.
    pub age_months: u32,
}

/// The share of monthly entrants that enter a category at an age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryShare {
    pub category: PlacementCategory,
    /// Whole months of age on the day the child entered care.
    pub age_months: u32,
    /// Fraction of all entrants; the shares of a baseline sum to 1.
    pub share: f64,
}

/// Where a weekly unit cost came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CostSource {
    /// Mean weekly cost of this many placements open on the start date,
    /// each costed by the one rule (`costing`): `estimated` of them from a
    /// rate or a national figure rather than their own cost. Placements
    /// whose cost is not known are left out of the mean.
    OpenPlacements {
        count: u32,
        #[serde(default)]
        estimated: u32,
    },
    /// The council's configured cost rate for the financial year starting
    /// in this year.
    Settings { financial_year: i32 },
    /// A published national figure from `shared/domain.md`, with its year.
    Default { year: i32, source: String },
    /// No figure at all: the cost is zero until the user enters a rate.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCost {
    pub weekly: Pence,
    pub source: CostSource,
}

/// Everything the projection starts from. Fields are public so a baseline
/// can also be written by hand (tests, saved scenarios).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub start: Date,
    pub reference_months: u32,
    pub children: Vec<BaselineChild>,
    /// Mean children entering care per month over the reference period.
    pub monthly_entries: f64,
    /// Category and age mix of those entrants (first placement).
    pub entry_mix: Vec<EntryShare>,
    /// Monthly proportion of a category's children who leave care.
    pub exit_rates: BTreeMap<PlacementCategory, f64>,
    /// Weekly cost per child per category, in start-date prices.
    pub unit_costs: BTreeMap<PlacementCategory, UnitCost>,
    /// Approved places of in-house households active on the start date.
    pub in_house_places: u32,
    /// Of those, places filled on the start date.
    pub in_house_filled: u32,
    /// Per category, the share (0..=1) of the start-date children whose
    /// placement is inside the council's area. A child whose placement area
    /// is not known counts as not inside (as DfE does). A category with no
    /// children on the start date takes the share of all start-date
    /// children (0 when there are none).
    #[serde(default)]
    pub in_area_shares: BTreeMap<PlacementCategory, f64>,
    /// Per category, the share (0..=1) of the start-date children placed
    /// 20 miles or less from home; distance not known counts as not
    /// within. Same fallback as `in_area_shares`.
    #[serde(default)]
    pub within_20_shares: BTreeMap<PlacementCategory, f64>,
    /// The weekly spend of the start-date children's placements by the one
    /// costing rule: the dashboard's figure for that day.
    #[serde(default)]
    pub start_spend: SpendSplit,
    /// Exit rates by category and age band (`rates::fit`), in the order of
    /// `PlacementCategory::ALL` then `AgeBand::ALL`. Empty (a baseline
    /// written by hand, or saved before bands): `exit_rates` for every age.
    #[serde(default)]
    pub exit_cells: Vec<RateCell>,
    /// Children who entered care over the reference period (periods of
    /// care): the data behind `monthly_entries`, whose uncertainty the
    /// Monte Carlo draws. `None` when not known (a baseline by hand).
    #[serde(default)]
    pub entrants: Option<u32>,
    /// What the fit could not do with the data it had, in words.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Active in-house fostering households on the start date (those whose
    /// places make `in_house_places`).
    #[serde(default)]
    pub in_house_households: u32,
    /// The trend in entrants fitted over the reference period (used only
    /// when the `entry_trend` lever is on); `None` with under 12 months of
    /// history or no entrants.
    #[serde(default)]
    pub entry_trend: Option<EntryTrend>,
    /// Rates of moving out of each category to another, by age band
    /// (`rates::fit` on the moves, over the exits' child-months), in the
    /// order of `exit_cells`. Empty: nobody moves (a baseline by hand, or
    /// saved before moves).
    #[serde(default)]
    pub move_cells: Vec<RateCell>,
    /// The moves behind `move_cells`, by pair of categories: where each
    /// category's children went (`moves::MoveRates`).
    #[serde(default)]
    pub move_counts: Vec<MoveCount>,
    /// How much entries and exits varied from year to year beyond chance
    /// over the whole years before the start (`None`: under three years of
    /// history). Only the Monte Carlo bands use it, so it is left out of
    /// the baseline's fingerprint (a saved scenario's projection does not
    /// depend on it).
    #[serde(skip)]
    pub year_to_year: Option<super::year_to_year::YearToYear>,
    /// Young people who left care in the reference period in the month
    /// before their 18th birthday: counted as leaving at 18, not in the
    /// exit rates (`leaving_at_18_from`). Said to the user, not part of the
    /// fingerprint (the rates already are).
    #[serde(skip)]
    pub leavers_in_month_before_18: u32,
}

/// A log-linear trend in children entering care: entrants in month `t`
/// (months from the start date, at the month's middle) are
/// `start_level × (1 + yearly_change)^(t / 12)`, fitted by Poisson
/// regression on the reference period's monthly counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EntryTrend {
    /// Fitted entrants a month at the start date.
    pub start_level: f64,
    /// Fitted change a year, as a fraction (0.05 = 5% more a year).
    pub yearly_change: f64,
}

impl EntryTrend {
    /// Expected entrants in projection month `i` (its middle).
    pub fn entrants_in_month(&self, i: usize) -> f64 {
        self.start_level * (1.0 + self.yearly_change).powf((i as f64 + 0.5) / 12.0)
    }
}

/// The largest yearly change the trend is allowed, either way: beyond it a
/// fitted trend is noise, not a plan.
pub const MAX_TREND: f64 = 0.5;

/// Fits `count_j = exp(a + b t_j)` to monthly counts by Poisson
/// regression (Newton's method on the log-likelihood), `t_j` being month
/// `j`'s middle in months from the end of the counts (the start date).
/// `None` with fewer than 12 months or no events.
pub fn fit_entry_trend(counts: &[u32]) -> Option<EntryTrend> {
    let n = counts.len();
    let total: u32 = counts.iter().sum();
    if n < 12 || total == 0 {
        return None;
    }
    let t: Vec<f64> = (0..n).map(|j| j as f64 + 0.5 - n as f64).collect();
    let y: Vec<f64> = counts.iter().map(|&c| f64::from(c)).collect();
    let (mut a, mut b) = ((f64::from(total) / n as f64).ln(), 0.0f64);
    for _ in 0..50 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (tj, yj) in t.iter().zip(&y) {
            let mu = (a + b * tj).exp();
            g0 += yj - mu;
            g1 += (yj - mu) * tj;
            h00 += mu;
            h01 += mu * tj;
            h11 += mu * tj * tj;
        }
        let det = h00 * h11 - h01 * h01;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (h11 * g0 - h01 * g1) / det;
        let db = (h00 * g1 - h01 * g0) / det;
        a += da;
        b += db;
        if da.abs() < 1e-12 && db.abs() < 1e-12 {
            break;
        }
    }
    let max_b = (1.0 + MAX_TREND).ln() / 12.0;
    let min_b = (1.0 - MAX_TREND).ln() / 12.0;
    let b = b.clamp(min_b, max_b);
    a.is_finite().then(|| EntryTrend {
        start_level: a.exp(),
        yearly_change: (12.0 * b).exp() - 1.0,
    })
}

pub use crate::model::date::{days_between, financial_year_of};

/// Whole months from `dob` to `on` (0 when `on` is before `dob`).
pub fn age_in_months(dob: Date, on: Date) -> u32 {
    let mut m = (i32::from(on.year()) - i32::from(dob.year())) * 12
        + (i32::from(on.month()) - i32::from(dob.month()));
    if on.day() < dob.day() {
        m -= 1;
    }
    m.max(0) as u32
}

/// The 18th birthday (kept here for the scenario modules' imports).
pub use crate::model::date::eighteenth_birthday;

/// Months before the 18th birthday in which leaving care is leaving at 18
/// (`docs/scenario-model.md` §1): returns commonly end a young person's
/// care a few days before the birthday, and the projection makes every
/// child still in care leave on it, so counting those leavers in the exit
/// rates as well would take them out twice.
pub const LEAVING_AT_18_MONTHS: i64 = 1;

/// The first day on which a child leaving care is leaving at 18: one month
/// before the 18th birthday. The rates are fitted on care before it (the
/// exposure, the exits and the moves); care that ends on or after it is
/// not an exit in a rate.
pub fn leaving_at_18_from(dob: Date) -> Date {
    add_months(eighteenth_birthday(dob), -LEAVING_AT_18_MONTHS)
}

/// `start` moved by `months` calendar months (day clamped to month end).
pub fn add_months(start: Date, months: i64) -> Date {
    // `ToSpan::months` panics past jiff's range; a date that far off has
    // no answer, so the start stands.
    jiff::Span::new()
        .try_months(months)
        .ok()
        .and_then(|span| start.checked_add(span).ok())
        .unwrap_or(start)
}

/// The unit cost of a category with no placement open on the start date:
/// the council's rate, else the national figure (both uplifted to the
/// financial year `year` by the council's yearly uplift), else missing.
pub fn category_unit_cost(book: &CostBook, category: PlacementCategory, year: i32) -> UnitCost {
    let c = book.category_cost(category, year);
    match (c.basis, c.weekly) {
        (CostBasis::CouncilRate { rate_year }, Some(weekly)) => UnitCost {
            weekly,
            source: CostSource::Settings {
                financial_year: rate_year,
            },
        },
        (CostBasis::National { figure_year }, Some(weekly)) => UnitCost {
            weekly,
            source: CostSource::Default {
                year: figure_year,
                source: crate::costing::national_figure(category)
                    .map_or(String::new(), |f| f.source.to_string()),
            },
        },
        _ => UnitCost {
            weekly: Pence::ZERO,
            source: CostSource::Missing,
        },
    }
}

/// Whether a projection can start on `start`: not before the records
/// begin (there would be nobody to start from: all zeros), nor more than
/// five years after they end (1900 and 2199 are typing slips, not plans).
pub fn check_start(data: &CountyData, start: Date) -> Result<(), String> {
    use crate::model::format_uk_date;
    let Some(first) = data.placements.iter().map(|p| p.start).min() else {
        return Err("there are no placements in the records to start a projection from".into());
    };
    if start < first {
        return Err(format!(
            "{} is before the records begin ({}): there is nobody to start from",
            format_uk_date(start),
            format_uk_date(first)
        ));
    }
    let end = data
        .records_run_to
        .unwrap_or_else(crate::model::date::today);
    let limit = add_months(end, 60);
    if start > limit {
        return Err(format!(
            "{} is more than five years after the records end ({}); start on or before {}",
            format_uk_date(start),
            format_uk_date(end),
            format_uk_date(limit)
        ));
    }
    Ok(())
}

/// The most months, up to `wanted`, of reference period before `start`
/// that lie within the records (at least 1).
pub fn fitting_reference(data: &CountyData, start: Date, wanted: u32) -> u32 {
    let Some(first) = crate::scenario::rolling::data_start(data) else {
        return wanted;
    };
    let mut fits = wanted;
    while fits > 1 && add_months(start, -i64::from(fits)) < first {
        fits -= 1;
    }
    fits
}

/// Whether the reference period before `start` lies within the records: a
/// period reaching before the history begins would count too few entrants
/// and exits (only children still in care then are known).
pub fn check_reference(
    data: &CountyData,
    start: Date,
    reference_months: u32,
) -> Result<(), String> {
    use crate::model::format_uk_date;
    let Some(first) = crate::scenario::rolling::data_start(data) else {
        return Ok(());
    };
    let from = add_months(start, -i64::from(reference_months));
    if from < first {
        let fits = fitting_reference(data, start, reference_months);
        return Err(format!(
            "the {reference_months} months before {} start on {}, before the records begin \
             ({}): measure the rates over at most {fits} months, or start later",
            format_uk_date(start),
            format_uk_date(from),
            format_uk_date(first)
        ));
    }
    Ok(())
}

impl Baseline {
    /// Reads the baseline from the county's records; see the module docs of
    /// `docs/scenario-model.md` for each rule.
    pub fn from_data(data: &CountyData, start: Date, reference_months: u32) -> Baseline {
        let reference_months = reference_months.max(1);
        let ref_start = add_months(start, -i64::from(reference_months));
        let children_by_id: BTreeMap<&str, &Child> =
            data.children.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut by_child: BTreeMap<&str, Vec<&Placement>> = BTreeMap::new();
        for p in &data.placements {
            by_child.entry(p.child_id.as_str()).or_default().push(p);
        }
        for list in by_child.values_mut() {
            list.sort_by_key(|p| p.start);
        }

        // Children on the start date, and unit costs from their placements.
        let mut children = Vec::new();
        // (sum of known or estimated weekly costs, placements, estimated)
        let mut cost_sums: BTreeMap<PlacementCategory, (i64, u32, u32)> = BTreeMap::new();
        let book = CostBook::from_settings(&data.settings);
        let mut start_spend = SpendSplit::default();
        for p in data.placements.iter().filter(|p| p.is_open_on(start)) {
            let Some(child) = children_by_id.get(p.child_id.as_str()) else {
                continue;
            };
            if !looked_after_on(child, start)
                || age_in_months(child.date_of_birth, start) >= MAX_AGE_MONTHS
            {
                continue;
            }
            children.push(BaselineChild {
                child_id: child.id.clone(),
                category: p.category(),
                age_months: age_in_months(child.date_of_birth, start),
            });
            let costed = book.placement_cost(p, start);
            start_spend.add(costed);
            if let Some(w) = costed.weekly {
                let e = cost_sums.entry(p.category()).or_insert((0, 0, 0));
                e.0 += w.0;
                e.1 += 1;
                e.2 += u32::from(costed.basis.is_estimate());
            }
        }
        children.sort_by(|a, b| a.child_id.cmp(&b.child_id));

        // Entrants over the reference period and their first placement.
        let mut entrants: Vec<(PlacementCategory, u32)> = Vec::new();
        let mut entrants_by_month = vec![0u32; reference_months as usize];
        // Each period of care is an entry: a child who comes back enters again.
        for c in &data.children {
            for (entered, _) in c.care_periods() {
                if entered < ref_start || entered >= start {
                    continue;
                }
                let age = age_in_months(c.date_of_birth, entered);
                if age >= MAX_AGE_MONTHS {
                    continue;
                }
                let category = by_child
                    .get(c.id.as_str())
                    .and_then(|ps| ps.iter().find(|p| p.start >= entered).or(ps.first()))
                    .map_or(PlacementCategory::Other, |p| p.category());
                entrants.push((category, age));
                let month = age_in_months(ref_start, entered) as usize;
                if let Some(n) = entrants_by_month.get_mut(month) {
                    *n += 1;
                }
            }
        }
        let monthly_entries = entrants.len() as f64 / f64::from(reference_months);
        let mut mix: BTreeMap<(PlacementCategory, u32), u32> = BTreeMap::new();
        for e in &entrants {
            *mix.entry(*e).or_default() += 1;
        }
        let entry_mix = mix
            .into_iter()
            .map(|((category, age_months), n)| EntryShare {
                category,
                age_months,
                share: f64::from(n) / entrants.len() as f64,
            })
            .collect();

        // Exit rates: exits ÷ child-months by category (all ages), and by
        // category and age band for the fitted cells.
        let period_days = days_between(ref_start, start).max(1) as f64;
        let month_length = period_days / f64::from(reference_months);
        let mut child_days: BTreeMap<PlacementCategory, i64> = BTreeMap::new();
        let mut exits: BTreeMap<PlacementCategory, u32> = BTreeMap::new();
        let mut band_days = vec![[0i64; 5]; PlacementCategory::ALL.len()];
        let mut band_exits = vec![[0u32; 5]; PlacementCategory::ALL.len()];
        let mut band_moves = vec![[0u32; 5]; PlacementCategory::ALL.len()];
        let mut move_pairs: BTreeMap<(PlacementCategory, PlacementCategory), u32> = BTreeMap::new();
        // Left care in the month before the 18th birthday: leaving at 18.
        let mut leavers_before_18 = 0u32;
        for p in &data.placements {
            let Some(child) = children_by_id.get(p.child_id.as_str()) else {
                continue;
            };
            // Only care before the month before the 18th birthday counts:
            // the projection ages children out at 18 on its own, and leaving
            // in that last month is leaving at 18.
            let eighteen = eighteenth_birthday(child.date_of_birth);
            let rates_end = leaving_at_18_from(child.date_of_birth);
            // The period of care the placement belongs to: time out of care
            // is not exposure, and each period's end is an exit.
            let (entered, left) = child
                .period_containing(p.start)
                .unwrap_or((child.entered_care, child.left_care));
            let from = p.start.max(ref_start).max(entered);
            let mut to = p.end.map_or(start, |e| e.min(start)).min(rates_end);
            if let Some(l) = left {
                to = to.min(l);
            }
            let days = days_between(from, to);
            let ci = p.category().index();
            if days > 0 {
                *child_days.entry(p.category()).or_default() += days;
                for (b, d) in days_by_band(child.date_of_birth, from, to) {
                    band_days[ci][b.index()] += d;
                }
            }
            // A move: the placement ends inside the reference period and
            // before 18, and the child's next placement in the same period
            // of care is of another category.
            if let Some(end) = p
                .end
                .filter(|&e| e >= ref_start && e < start && e < rates_end)
            {
                let next = by_child.get(p.child_id.as_str()).and_then(|ps| {
                    ps.iter().find(|q| {
                        q.start >= end && q.start > p.start && left.is_none_or(|l| q.start < l)
                    })
                });
                if let Some(q) = next.filter(|q| q.category() != p.category()) {
                    let band = AgeBand::of_months(age_in_months(child.date_of_birth, end));
                    band_moves[ci][band.index()] += 1;
                    *move_pairs.entry((p.category(), q.category())).or_default() += 1;
                }
            }
            if let Some(l) = left {
                let last_day_open = p.start < l && p.end.is_none_or(|e| e >= l);
                if l >= ref_start && l < start && last_day_open {
                    if l < rates_end {
                        *exits.entry(p.category()).or_default() += 1;
                        let band = AgeBand::of_months(age_in_months(child.date_of_birth, l));
                        band_exits[ci][band.index()] += 1;
                    } else if l < eighteen {
                        leavers_before_18 += 1;
                    }
                }
            }
        }
        let exit_rates = PlacementCategory::ALL
            .iter()
            .map(|&c| {
                let months = child_days.get(&c).copied().unwrap_or(0) as f64 / month_length;
                let n = f64::from(exits.get(&c).copied().unwrap_or(0));
                let rate = if months > 0.0 {
                    (n / months).min(1.0)
                } else {
                    0.0
                };
                (c, rate)
            })
            .collect();
        let tally = |events: &[[u32; 5]]| -> Vec<[Tally; 5]> {
            band_days
                .iter()
                .zip(events)
                .map(|(days, events)| {
                    std::array::from_fn(|b| Tally {
                        events: events[b],
                        child_months: days[b] as f64 / month_length,
                    })
                })
                .collect()
        };
        let tallies = tally(&band_exits);
        let move_tallies = tally(&band_moves);
        let mut notes = Vec::new();
        let total_exits: u32 = band_exits.iter().flatten().sum();
        let (exit_cells, move_cells) = if reference_months < MIN_BANDED_MONTHS {
            notes.push(format!(
                "Only {reference_months} months of history are used: rates by age band need at \
                 least {MIN_BANDED_MONTHS}, so each placement type has one exit rate for all ages."
            ));
            (
                rates::fit_pooled(&tallies),
                rates::fit_pooled(&move_tallies),
            )
        } else {
            (rates::fit(&tallies), rates::fit(&move_tallies))
        };
        if total_exits == 0 {
            notes.push(
                "No child left care before 18 in the reference period: every exit rate is 0, \
                 so children leave the projection only at 18."
                    .to_string(),
            );
        }

        // Unit costs: the mean of the open placements' costs by the one
        // costing rule, else the category's rate or national figure.
        let fy = financial_year_of(start);
        let unit_costs = PlacementCategory::ALL
            .iter()
            .map(|&c| {
                let cost = match cost_sums.get(&c) {
                    Some(&(sum, n, estimated)) if n > 0 => UnitCost {
                        weekly: Pence(crate::scenario::round_pence(sum as f64 / f64::from(n))),
                        source: CostSource::OpenPlacements {
                            count: n,
                            estimated,
                        },
                    },
                    _ => category_unit_cost(&book, c, fy),
                };
                (c, cost)
            })
            .collect();

        // In-house capacity on the start date.
        let occupancy =
            crate::model::vacancy::carer_occupancy(&data.carers, &data.placements, start);
        let (mut in_house_places, mut in_house_filled, mut in_house_households) = (0, 0, 0);
        for c in data
            .carers
            .iter()
            .filter(|c| c.sector == CarerSector::InHouse && c.status == CarerStatus::Active)
        {
            if let Some(o) = occupancy.get(&c.id) {
                in_house_households += 1;
                in_house_places += o.places;
                in_house_filled += o.filled.min(o.places);
            }
        }

        let (in_area_shares, within_20_shares) = location_shares(data, start, &children);

        Baseline {
            start,
            reference_months,
            children,
            monthly_entries,
            entry_mix,
            exit_rates,
            unit_costs,
            in_house_places,
            in_house_filled,
            in_area_shares,
            within_20_shares,
            start_spend,
            exit_cells,
            entrants: Some(entrants.len() as u32),
            notes,
            entry_trend: fit_entry_trend(&entrants_by_month),
            in_house_households,
            move_cells,
            move_counts: moves::counts_from(&move_pairs),
            year_to_year: super::year_to_year::measure(data, start),
            leavers_in_month_before_18: leavers_before_18,
        }
    }

    /// How many young people the fit counted as leaving at 18 though their
    /// care ended in the month before the birthday, in words (`None` when
    /// none did): information, not a warning.
    pub fn leaving_at_18_note(&self) -> Option<String> {
        let who = match self.leavers_in_month_before_18 {
            0 => return None,
            1 => "1 young person".to_string(),
            n => format!("{n} young people"),
        };
        Some(format!(
            "{who} left care in the month before their 18th birthday in the reference period: \
             counted as leaving at 18 (the projection has every child still in care leave on \
             the birthday), not in the exit rates."
        ))
    }

    /// The share of a category's children placed inside the council's area
    /// (0 when the baseline has no figure).
    pub fn in_area_share(&self, c: PlacementCategory) -> f64 {
        self.in_area_shares.get(&c).copied().unwrap_or(0.0)
    }

    /// The share of a category's children placed within 20 miles of home
    /// (0 when the baseline has no figure).
    pub fn within_20_share(&self, c: PlacementCategory) -> f64 {
        self.within_20_shares.get(&c).copied().unwrap_or(0.0)
    }

    /// Children in residential care (the council's own homes or others')
    /// on the start date: those a step-down could move.
    pub fn children_in_residential(&self) -> u32 {
        self.children
            .iter()
            .filter(|c| {
                matches!(
                    c.category,
                    PlacementCategory::OwnResidential | PlacementCategory::ExternalResidential
                )
            })
            .count() as u32
    }

    /// Children entering care a month whose first placement is with an
    /// IFA: the entrants the shift lever can place in-house.
    pub fn monthly_ifa_entrants(&self) -> f64 {
        let share: f64 = self
            .entry_mix
            .iter()
            .filter(|e| e.category == PlacementCategory::IfaFostering)
            .map(|e| e.share)
            .sum();
        self.monthly_entries * share + 0.0
    }

    /// The council's average approved places per active in-house household
    /// on the start date (0 with none).
    pub fn places_per_in_house_household(&self) -> f64 {
        if self.in_house_households == 0 {
            0.0
        } else {
            f64::from(self.in_house_places) / f64::from(self.in_house_households)
        }
    }

    /// The category's exit rate over all ages (exits ÷ child-months).
    pub fn exit_rate(&self, c: PlacementCategory) -> f64 {
        self.exit_rates.get(&c).copied().unwrap_or(0.0)
    }

    /// The fitted cell of a category and band, when the baseline has cells.
    pub fn exit_cell(&self, c: PlacementCategory, band: AgeBand) -> Option<&RateCell> {
        self.exit_cells
            .get(c.index() * AgeBand::ALL.len() + band.index())
            .filter(|cell| cell.category == c && cell.band == band)
            .or_else(|| {
                self.exit_cells
                    .iter()
                    .find(|cell| cell.category == c && cell.band == band)
            })
    }

    /// The category's exit rate in each age band (`AgeBand::ALL` order):
    /// the fitted cells', else the all-age rate in every band.
    pub fn exit_band_rates(&self, c: PlacementCategory) -> [f64; 5] {
        AgeBand::ALL.map(|b| {
            self.exit_cell(c, b)
                .map_or_else(|| self.exit_rate(c), |cell| cell.rate)
        })
    }

    pub fn unit_cost(&self, c: PlacementCategory) -> Pence {
        self.unit_costs.get(&c).map_or(Pence::ZERO, |u| u.weekly)
    }
}

/// Reference periods shorter than this many months fit one exit rate per
/// category for all ages (too few events to split by age).
pub const MIN_BANDED_MONTHS: u32 = 6;

/// The first day a child born on `dob` is `months` whole months old.
fn first_day_aged(dob: Date, months: u32) -> Date {
    let d = add_months(dob, i64::from(months));
    // Born on the 31st: a month without one reaches the age a day later.
    if age_in_months(dob, d) < months {
        d.tomorrow().unwrap_or(d)
    } else {
        d
    }
}

/// The days of `[from, to)` spent in each age band by a child born on
/// `dob` (bands with no days left out).
pub fn days_by_band(dob: Date, from: Date, to: Date) -> Vec<(AgeBand, i64)> {
    let mut out = Vec::new();
    for (k, band) in AgeBand::ALL.iter().enumerate() {
        let lo = first_day_aged(dob, band.first_month()).max(from);
        let hi = AgeBand::ALL
            .get(k + 1)
            .map_or(to, |next| first_day_aged(dob, next.first_month()).min(to));
        let days = days_between(lo, hi);
        if days > 0 {
            out.push((*band, days));
        }
    }
    out
}

type Shares = BTreeMap<PlacementCategory, f64>;

/// In-area and within-20-miles shares of the start-date children by
/// category, from `child_facts` on the start date.
fn location_shares(data: &CountyData, start: Date, children: &[BaselineChild]) -> (Shares, Shares) {
    let facts: BTreeMap<String, (bool, bool)> = child_facts(data, start)
        .into_iter()
        .map(|f| {
            (
                f.child_id,
                (
                    f.area == AreaStatus::Inside,
                    f.within_20_miles == Some(true),
                ),
            )
        })
        .collect();
    // (children, in area, within 20 miles) by category.
    let mut counts: BTreeMap<PlacementCategory, (u32, u32, u32)> = BTreeMap::new();
    let mut all = (0u32, 0u32, 0u32);
    for c in children {
        let (inside, near) = facts.get(&c.child_id).copied().unwrap_or((false, false));
        for t in [counts.entry(c.category).or_default(), &mut all] {
            t.0 += 1;
            t.1 += u32::from(inside);
            t.2 += u32::from(near);
        }
    }
    let share = |part: u32, n: u32| {
        if n == 0 {
            0.0
        } else {
            f64::from(part) / f64::from(n)
        }
    };
    let mut in_area = BTreeMap::new();
    let mut within = BTreeMap::new();
    for &c in PlacementCategory::ALL {
        let t = counts.get(&c).copied().filter(|t| t.0 > 0).unwrap_or(all);
        in_area.insert(c, share(t.1, t.0));
        within.insert(c, share(t.2, t.0));
    }
    (in_area, within)
}
