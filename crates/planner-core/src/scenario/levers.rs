//! The levers of a what-if scenario. `Levers::default()` changes nothing.

use super::baseline::Baseline;
use super::lever_spec::{out_of_range, LEVERS, MAX_MONEY_PENCE};
use super::moves::{MoveKind, MoveRates};
use crate::model::{Pence, PlacementCategory};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

// The allowed ranges of the table levers (by placement category or kind of
// move), each once: `Levers::validate` checks them and the window's editors
// stop at them. The number levers' ranges are in `lever_spec::LEVERS`.

/// A `unit_costs` entry: a weekly cost per child in pence, 0 to £10 million
/// (`lever_spec::MAX_MONEY_PENCE`, the largest money lever).
pub const UNIT_COST_RANGE_PENCE: RangeInclusive<i64> = 0..=MAX_MONEY_PENCE;

/// An `annual_inflation` entry: a yearly price rise as a fraction (0.09 is
/// 9%), −0.2 to 0.5 (−20% to +50%).
pub const INFLATION_RANGE: RangeInclusive<f64> = -0.2..=0.5;

/// A `move_changes` entry: a change in percent to a kind of move's fitted
/// rates, −100 (none left) to +200 (three times as many).
pub const MOVE_CHANGE_PCT_RANGE: RangeInclusive<f64> = -100.0..=200.0;

/// A [`RateChange::Multiply`] of an exit rate: the factor, 0 to 10.
pub const EXIT_RATE_MULTIPLIER_RANGE: RangeInclusive<f64> = 0.0..=10.0;

/// A [`RateChange::Add`] to an exit rate: a monthly proportion (0.01 is one
/// percentage point), −1 to 1 (−100 to +100 points).
pub const EXIT_RATE_ADD_RANGE: RangeInclusive<f64> = -1.0..=1.0;

/// A change to one rate: multiply it, or add to it (in the rate's own
/// units: a monthly proportion for exit rates). The result is held within
/// 0..=1 when applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum RateChange {
    Multiply(f64),
    Add(f64),
}

impl RateChange {
    pub fn apply(self, rate: f64) -> f64 {
        let r = match self {
            RateChange::Multiply(f) => rate * f,
            RateChange::Add(a) => rate + a,
        };
        r.clamp(0.0, 1.0)
    }
}

/// One thing wrong with one lever: the field's name and the allowed range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeverError {
    /// `shift_share`, or `annual_inflation.ifa_fostering` for a per-category
    /// lever.
    pub field: String,
    pub message: String,
}

/// The longest horizon a projection or its bands cover, in years (the
/// horizon lever's bound; the Monte Carlo's month arrays are sized by it).
pub const MAX_HORIZON_YEARS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Levers {
    /// Years projected, 1..=[`MAX_HORIZON_YEARS`].
    pub horizon_years: u32,
    /// Mainstream in-house households approved per year.
    pub recruit_households_per_year: f64,
    /// Places each recruited or leaving household brings or takes; `None`
    /// (left out): the council's own average over its active in-house
    /// households on the start date (`Baseline::places_per_in_house_household`).
    pub places_per_household: Option<f64>,
    /// Months (0..=24) from a household's recruitment to its approval:
    /// it brings its places (and a specialist household its one place)
    /// this many months after it is recruited, while its one-off cost is
    /// spent when it is recruited. 0: at once.
    pub approval_months: u32,
    /// In-house households that stop caring per year.
    pub households_leaving_per_year: f64,
    /// Share (0..=1) of the places recruited households bring that can be
    /// used (the rest go unused: age range, matching, a carer's break).
    /// 1 uses every place.
    pub usable_place_share: f64,
    /// Share (0..=1) of would-be IFA entrants placed in-house when an
    /// in-house place is free.
    pub shift_share: f64,
    /// Children to step down from residential to specialist in-house
    /// fostering per year.
    pub step_down_per_year: f64,
    /// Specialist in-house households recruited per year.
    pub specialist_households_per_year: f64,
    /// Children (1..=4) each specialist household can take: 1 unless a
    /// council recruits households for brothers and sisters together.
    pub specialist_places_per_household: u32,
    /// Weekly fee plus allowance of a specialist placement, in pence.
    pub specialist_weekly_fee_pence: i64,
    /// Change in children entering care, in percent (−100..=200).
    pub entries_change_pct: f64,
    /// Whether entrants follow the trend fitted over the reference period
    /// (`Baseline::entry_trend`) rather than its flat average.
    pub entry_trend: bool,
    /// Yearly price rise per category as a fraction (0.09 is 9%), applied
    /// at each 1 April; within [`INFLATION_RANGE`].
    pub annual_inflation: BTreeMap<PlacementCategory, f64>,
    /// Weekly cost per child of a category, in pence at start-date prices,
    /// in place of the baseline's (open placements, else the council's
    /// settings, else the published default). A category left out keeps
    /// the baseline's cost. Inflation applies to it as to the baseline's.
    /// Each within [`UNIT_COST_RANGE_PENCE`]. Kept in the comparator: a
    /// corrected price is the world outside the council's control, as
    /// inflation is.
    pub unit_costs: BTreeMap<PlacementCategory, i64>,
    /// Recruitment and approval cost per recruited household, in pence.
    pub one_off_cost_per_household_pence: i64,
    /// Yearly support (training, supervising social worker) per recruited
    /// household, in pence.
    pub yearly_support_per_household_pence: i64,
    /// Yearly running cost of the scheme, in pence.
    pub scheme_overheads_per_year_pence: i64,
    /// Changes to the monthly exit rate of a category, within
    /// [`EXIT_RATE_MULTIPLIER_RANGE`] or [`EXIT_RATE_ADD_RANGE`].
    pub exit_rate_changes: BTreeMap<PlacementCategory, RateChange>,
    /// Changes, in percent (within [`MOVE_CHANGE_PCT_RANGE`]), to the fitted
    /// rates of a kind of move between placement types (`moves::MoveKind`):
    /// −50 halves every fostering breakdown, for instance. A council
    /// action: the comparator has none.
    pub move_changes: BTreeMap<MoveKind, f64>,
    /// Share (0..=1) of the children placed in-house *because of the
    /// scenario* (shifted entrants and step-downs into specialist
    /// fostering) whose placement is inside the council's area. `None`:
    /// the baseline's in-house fostering share.
    pub new_in_house_in_area_share: Option<f64>,
    /// As above, for placements 20 miles or less from home.
    pub new_in_house_within_20_share: Option<f64>,
    /// Share (0..=1) of young people leaving a foster placement (in-house,
    /// IFA, kinship or specialist) on their 18th birthday who stay with
    /// their former carer under Staying Put. Kept in the comparator: it is
    /// a statutory entitlement, not a council action.
    pub staying_put_share: f64,
    /// Months (0..=36) each Staying Put arrangement lasts.
    pub staying_put_months: u32,
    /// Weekly cost of a Staying Put arrangement, in pence (inflated at the
    /// in-house fostering rate).
    pub staying_put_weekly_pence: i64,
}

impl Default for Levers {
    fn default() -> Self {
        Levers {
            horizon_years: 10,
            recruit_households_per_year: 0.0,
            places_per_household: None,
            approval_months: 0,
            households_leaving_per_year: 0.0,
            usable_place_share: 1.0,
            shift_share: 0.0,
            step_down_per_year: 0.0,
            specialist_households_per_year: 0.0,
            specialist_places_per_household: 1,
            specialist_weekly_fee_pence: 0,
            entries_change_pct: 0.0,
            entry_trend: false,
            annual_inflation: BTreeMap::new(),
            unit_costs: BTreeMap::new(),
            one_off_cost_per_household_pence: 0,
            yearly_support_per_household_pence: 0,
            scheme_overheads_per_year_pence: 0,
            exit_rate_changes: BTreeMap::new(),
            move_changes: BTreeMap::new(),
            new_in_house_in_area_share: None,
            new_in_house_within_20_share: None,
            staying_put_share: 0.0,
            staying_put_months: 0,
            staying_put_weekly_pence: 0,
        }
    }
}

impl Levers {
    /// Months projected: the horizon held within 1 to
    /// [`MAX_HORIZON_YEARS`] years.
    pub fn horizon_months(&self) -> usize {
        12 * self.horizon_years.clamp(1, MAX_HORIZON_YEARS) as usize
    }

    /// The comparator run: the same horizon, unit costs, inflation and
    /// demand (the world outside the council's control) and the same
    /// Staying Put (a statutory entitlement), none of the council's actions.
    pub fn comparator(&self) -> Levers {
        let mut kept = Levers {
            entry_trend: self.entry_trend,
            annual_inflation: self.annual_inflation.clone(),
            unit_costs: self.unit_costs.clone(),
            ..Levers::default()
        };
        for spec in LEVERS.iter().filter(|s| s.in_comparator) {
            (spec.set)(&mut kept, (spec.get)(self));
        }
        kept
    }

    /// Expected entrants in projection month `i`: the reference period's
    /// average, or the fitted trend when the lever asks for it (and the
    /// baseline has one), changed by `entries_change_pct`.
    pub fn entrants_in_month(&self, baseline: &Baseline, i: usize) -> f64 {
        let base = match (self.entry_trend, &baseline.entry_trend) {
            (true, Some(t)) => t.entrants_in_month(i),
            _ => baseline.monthly_entries,
        };
        base * (1.0 + self.entries_change_pct / 100.0)
    }

    /// The exit-rate change for a category, if any.
    pub fn exit_rate(&self, c: PlacementCategory, rate: f64) -> f64 {
        self.exit_rate_changes
            .get(&c)
            .map_or(rate, |change| change.apply(rate))
    }

    pub fn inflation(&self, c: PlacementCategory) -> f64 {
        self.annual_inflation.get(&c).copied().unwrap_or(0.0)
    }

    /// Weekly cost per child of a category at start-date prices: the
    /// `unit_costs` lever when set, else the baseline's cost.
    pub fn unit_cost(&self, c: PlacementCategory, baseline: &Baseline) -> Pence {
        self.unit_costs
            .get(&c)
            .map_or_else(|| baseline.unit_cost(c), |&p| Pence(p))
    }

    /// Places a recruited or leaving household brings or takes: the lever,
    /// else the council's own average.
    pub fn places_per_household(&self, baseline: &Baseline) -> f64 {
        self.places_per_household
            .unwrap_or_else(|| baseline.places_per_in_house_household())
    }

    /// Everything a projection with these levers should be read with, in
    /// words, for the command line and the exports: what the fit could not
    /// do with the data (`Baseline::notes`), the leavers just before 18 it
    /// counted as leaving at 18, and levers another lever cancels.
    pub fn notes(&self, baseline: &Baseline) -> Vec<String> {
        baseline
            .notes
            .iter()
            .cloned()
            .chain(baseline.leaving_at_18_note())
            .chain(self.cancelled(baseline))
            .collect()
    }

    /// Levers whose effect another lever cancels, in words: a scenario that
    /// looks like it does something and does nothing.
    pub fn cancelled(&self, baseline: &Baseline) -> Vec<String> {
        let mut out = Vec::new();
        if self.recruit_households_per_year > 0.0 {
            if self.places_per_household(baseline) == 0.0 {
                out.push(
                    "New households bring no places: places per household is 0, so recruiting \
                     changes nothing but the cost."
                        .to_string(),
                );
            } else if self.usable_place_share == 0.0 {
                out.push(
                    "None of the new households' places can be used (share of new places usable \
                     is 0%), so recruiting changes nothing but the cost."
                        .to_string(),
                );
            }
            if self.shift_share == 0.0 {
                out.push(
                    "New in-house places take no children: no would-be IFA entrant is placed \
                     in-house (the share placed in-house is 0%), so recruiting changes nothing \
                     but the cost."
                        .to_string(),
                );
            }
        }
        if self.step_down_per_year > 0.0 && self.specialist_households_per_year == 0.0 {
            out.push(
                "No child can step down: step-down needs specialist households to move into \
                 (specialist households a year is 0)."
                    .to_string(),
            );
        }
        if self.specialist_households_per_year > 0.0 && self.step_down_per_year == 0.0 {
            out.push(
                "Specialist households take no children: no child steps down from residential \
                 care (children stepped down a year is 0), so they add only their cost."
                    .to_string(),
            );
        }
        if self.move_changes.values().any(|&p| p != 0.0) {
            let fitted = MoveRates::new(baseline, &Levers::default());
            for (kind, pct) in &self.move_changes {
                let happens = PlacementCategory::ALL.iter().enumerate().any(|(ci, &c)| {
                    fitted.out[ci].iter().any(|&r| r > 0.0)
                        && PlacementCategory::ALL
                            .iter()
                            .enumerate()
                            .any(|(di, &d)| kind.covers(c, d) && fitted.to[ci][di] > 0.0)
                });
                if *pct != 0.0 && !happens {
                    out.push(format!(
                        "{} never happened in the history the rates are fitted on, so changing \
                         their rate by {pct:+}% changes nothing.",
                        kind.label()
                    ));
                }
            }
        }
        if self.staying_put_share > 0.0 && self.staying_put_months == 0 {
            out.push(
                "Staying Put lasts 0 months, so the share who stay changes nothing.".to_string(),
            );
        }
        out
    }

    /// Every lever out of range, each naming its field and the allowed range.
    pub fn validate(&self) -> Result<(), Vec<LeverError>> {
        let mut errors = Vec::new();
        let mut range = |field: String, value: f64, allowed: &RangeInclusive<f64>, what: &str| {
            let (lo, hi) = (*allowed.start(), *allowed.end());
            if let Some(message) = out_of_range(&field, value, lo, hi, what) {
                errors.push(LeverError { message, field });
            }
        };
        for spec in LEVERS {
            if let Some(value) = (spec.get)(self) {
                range(
                    spec.key.into(),
                    value,
                    &(spec.min..=spec.max),
                    spec.range_words(),
                );
            }
        }
        let unit_costs =
            *UNIT_COST_RANGE_PENCE.start() as f64..=*UNIT_COST_RANGE_PENCE.end() as f64;
        for (c, value) in &self.unit_costs {
            range(
                format!("unit_costs.{}", c.code()),
                *value as f64,
                &unit_costs,
                "pence a week",
            );
        }
        for (c, value) in &self.annual_inflation {
            range(
                format!("annual_inflation.{}", c.code()),
                *value,
                &INFLATION_RANGE,
                "(a yearly fraction: 0.09 is 9%)",
            );
        }
        for (kind, pct) in &self.move_changes {
            range(
                format!("move_changes.{}", kind.code()),
                *pct,
                &MOVE_CHANGE_PCT_RANGE,
                "percent",
            );
        }
        for (c, change) in &self.exit_rate_changes {
            let field = format!("exit_rate_changes.{}", c.code());
            match *change {
                RateChange::Multiply(f) => {
                    range(field, f, &EXIT_RATE_MULTIPLIER_RANGE, "(a multiplier)")
                }
                RateChange::Add(a) => {
                    range(field, a, &EXIT_RATE_ADD_RANGE, "(added to a monthly rate)")
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table levers are valid at the ends of their ranges (where the
    /// window's editors stop) and out of range just beyond them.
    /// The horizon in months is held within 1 to 10 years.
    #[test]
    fn horizon_months_hold_the_horizon_within_its_bounds() {
        let months = |horizon_years| {
            Levers {
                horizon_years,
                ..Levers::default()
            }
            .horizon_months()
        };
        assert_eq!(months(0), 12);
        assert_eq!(months(3), 36);
        assert_eq!(months(10), 120);
        assert_eq!(months(25), 120);
    }

    #[test]
    fn table_levers_are_valid_up_to_the_ends_of_their_ranges() {
        let c = PlacementCategory::ExternalResidential;
        let kind = MoveKind::ALL[0];
        let at = |unit: i64, inflation: f64, moves: f64, exit: RateChange| {
            let mut l = Levers::default();
            l.unit_costs.insert(c, unit);
            l.annual_inflation.insert(c, inflation);
            l.move_changes.insert(kind, moves);
            l.exit_rate_changes.insert(c, exit);
            l.validate().err().map_or(0, |e| e.len())
        };
        for end in [true, false] {
            let pick = |r: &RangeInclusive<f64>| if end { *r.end() } else { *r.start() };
            let unit = if end {
                *UNIT_COST_RANGE_PENCE.end()
            } else {
                *UNIT_COST_RANGE_PENCE.start()
            };
            let inflation = pick(&INFLATION_RANGE);
            let moves = pick(&MOVE_CHANGE_PCT_RANGE);
            for exit in [
                RateChange::Multiply(pick(&EXIT_RATE_MULTIPLIER_RANGE)),
                RateChange::Add(pick(&EXIT_RATE_ADD_RANGE)),
            ] {
                assert_eq!(at(unit, inflation, moves, exit), 0, "{exit:?}");
            }
            let step: f64 = if end { 1e-9 } else { -1e-9 };
            let outside = at(
                unit + step.signum() as i64,
                inflation + step,
                moves + step,
                RateChange::Add(pick(&EXIT_RATE_ADD_RANGE) + step),
            );
            assert_eq!(outside, 4);
            let multiplier = RateChange::Multiply(pick(&EXIT_RATE_MULTIPLIER_RANGE) + step);
            assert_eq!(at(unit, inflation, moves, multiplier), 1);
        }
    }
}
