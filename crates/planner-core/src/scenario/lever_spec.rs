//! Every number lever, once: its name in scenario files and messages, its
//! label in the window and its name in exports, where the window shows it,
//! its unit and allowed range, whether the comparator keeps it, how it is
//! read and written, and what the window and the exports show beside it.
//!
//! The validation ([`Levers::validate`]), the comparator
//! ([`Levers::comparator`]), the scenario-file reader
//! (`scenario::file`), the Levers sheet of the workbook export and the
//! window's lever rows all walk [`LEVERS`]; adding a number lever is one
//! entry here, its field on [`Levers`] and its maths in the projection.
//!
//! The levers that are tables by placement category or kind of move
//! (`annual_inflation`, `unit_costs`, `exit_rate_changes`, `move_changes`)
//! and the `entry_trend` switch are not numbers, and are read and shown by
//! their own code.

use super::baseline::Baseline;
use super::levers::{Levers, MAX_HORIZON_YEARS};
use crate::model::PlacementCategory;

/// What a lever's number is: how it is read from a file, shown and edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeverUnit {
    /// A decimal amount, 0 or more ("households a year").
    Amount,
    /// A whole number (years, months).
    Whole,
    /// A share from 0 to 1, shown as a percentage.
    Share,
    /// A change in percent (−100 halves nothing: it removes all).
    Percent,
    /// Money in pence, shown and edited in whole pounds.
    Pence,
}

/// Where the window shows a lever: one titled group each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeverSection {
    Period,
    Recruitment,
    StepDown,
    Where,
    StayingPut,
    Demand,
    Investment,
}

impl LeverSection {
    /// The group's title in the window.
    pub fn title(self) -> &'static str {
        match self {
            LeverSection::Period => "Period",
            LeverSection::Recruitment => "In-house recruitment",
            LeverSection::StepDown => "Step-down from residential",
            LeverSection::Where => "Where the new in-house placements are",
            LeverSection::StayingPut => "Staying Put (18 and over, with the former foster carer)",
            LeverSection::Demand => "Demand",
            LeverSection::Investment => "Investment",
        }
    }
}

/// The baseline figure a lever works on, as the exports show it beside
/// the lever: its value and what it is.
pub struct BaselineFigure {
    pub value: f64,
    /// Whether the figure is a count of children or places (shown with
    /// decimals) rather than a whole count.
    pub decimals: bool,
    pub what: String,
}

/// One number lever.
pub struct LeverSpec {
    /// Its name in scenario files, saved scenarios and messages.
    pub key: &'static str,
    /// Its short label in the window.
    pub label: &'static str,
    /// Its full name in the exports' Levers sheet.
    pub name: &'static str,
    pub section: LeverSection,
    pub unit: LeverUnit,
    /// What one of it is ("households a year", "places", "a week"): the
    /// words after the number in messages and exports.
    pub per: &'static str,
    pub min: f64,
    pub max: f64,
    /// Kept in the comparator run: the world outside the council's control
    /// (demand, a statutory entitlement), not a council action.
    pub in_comparator: bool,
    /// Its value; `None` for an optional lever left out.
    pub get: Getter,
    /// Sets it; `None` leaves an optional lever out (a required lever keeps
    /// its value).
    pub set: Setter,
    /// For an optional lever: the council's own figure used when it is
    /// left out.
    pub fallback: Option<fn(&Baseline) -> f64>,
    /// What the window shows beside the lever (a baseline figure or a
    /// hint); empty for nothing.
    pub beside: fn(&Baseline) -> String,
    /// The baseline figure the exports show beside it, if there is one.
    pub baseline: Option<fn(&Baseline) -> BaselineFigure>,
}

impl LeverSpec {
    /// Its value, or for an optional lever left out the council's own
    /// figure (`None` only when there is neither).
    pub fn value_or_fallback(&self, levers: &Levers, baseline: &Baseline) -> Option<f64> {
        (self.get)(levers).or_else(|| self.fallback.map(|f| f(baseline)))
    }

    /// The words after the number in a range message: "households a
    /// year", "(a share)", "percent", "pence".
    pub fn range_words(&self) -> &'static str {
        match self.unit {
            LeverUnit::Share => "(a share)",
            LeverUnit::Percent => "percent",
            LeverUnit::Pence => "pence",
            LeverUnit::Amount | LeverUnit::Whole => self.per,
        }
    }

    /// The unit the exports write beside the value.
    pub fn export_unit(&self) -> &'static str {
        match self.unit {
            LeverUnit::Share => "share",
            LeverUnit::Percent => "change",
            _ => self.per,
        }
    }

    /// Whether `value` is allowed; the message names the lever and the
    /// range ("shift_share must be between 0 and 1 (a share); it is 2").
    pub fn check(&self, value: f64) -> Result<(), String> {
        match out_of_range(self.key, value, self.min, self.max, self.range_words()) {
            Some(message) => Err(message),
            None => Ok(()),
        }
    }
}

/// The message for a lever `field` whose `value` is not a number from
/// `lo` to `hi`: "shift_share must be between 0 and 1 (a share); it is 2".
pub(crate) fn out_of_range(
    field: &str,
    value: f64,
    lo: f64,
    hi: f64,
    what: &str,
) -> Option<String> {
    (!value.is_finite() || value < lo || value > hi)
        .then(|| format!("{field} must be between {lo} and {hi} {what}; it is {value}"))
}

/// The lever named `key`.
pub fn lever_spec(key: &str) -> Option<&'static LeverSpec> {
    LEVERS.iter().find(|s| s.key == key)
}

/// £10 million in pence: the largest money lever accepted.
pub const MAX_MONEY_PENCE: i64 = 1_000_000_000;

const MAX_MONEY: f64 = MAX_MONEY_PENCE as f64;

/// A share in words: "12.5%".
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn nothing(_: &Baseline) -> String {
    String::new()
}

/// A required lever of a number field.
macro_rules! required {
    ($field:ident) => {
        (
            |l: &Levers| Some(l.$field as f64),
            |l: &mut Levers, v: Option<f64>| {
                if let Some(v) = v {
                    l.$field = v as _;
                }
            },
        )
    };
}

/// An optional lever of an `Option<f64>` field.
macro_rules! optional {
    ($field:ident) => {
        (
            |l: &Levers| l.$field,
            |l: &mut Levers, v: Option<f64>| l.$field = v,
        )
    };
}

/// Reads a lever's value from the levers.
type Getter = fn(&Levers) -> Option<f64>;
/// Writes a lever's value into the levers.
type Setter = fn(&mut Levers, Option<f64>);

/// Builds a spec from the accessor pair the macros make.
#[allow(clippy::too_many_arguments)]
const fn spec(
    key: &'static str,
    label: &'static str,
    name: &'static str,
    section: LeverSection,
    unit: LeverUnit,
    per: &'static str,
    (min, max): (f64, f64),
    (get, set): (Getter, Setter),
) -> LeverSpec {
    LeverSpec {
        key,
        label,
        name,
        section,
        unit,
        per,
        min,
        max,
        in_comparator: false,
        get,
        set,
        fallback: None,
        beside: nothing,
        baseline: None,
    }
}

/// Every number lever, in the order the window and the exports show them.
pub static LEVERS: &[LeverSpec] = &[
    LeverSpec {
        in_comparator: true,
        ..spec(
            "horizon_years",
            "Years projected",
            "Horizon",
            LeverSection::Period,
            LeverUnit::Whole,
            "years",
            (1.0, MAX_HORIZON_YEARS as f64),
            required!(horizon_years),
        )
    },
    LeverSpec {
        beside: |b| {
            format!(
                "now {} places, {} filled",
                b.in_house_places, b.in_house_filled
            )
        },
        baseline: Some(|b| BaselineFigure {
            value: f64::from(b.in_house_places),
            decimals: false,
            what: "in-house places on the start date".into(),
        }),
        ..spec(
            "recruit_households_per_year",
            "New households a year",
            "Mainstream in-house households recruited",
            LeverSection::Recruitment,
            LeverUnit::Amount,
            "households a year",
            (0.0, 1000.0),
            required!(recruit_households_per_year),
        )
    },
    LeverSpec {
        fallback: Some(Baseline::places_per_in_house_household),
        beside: |b| format!("council average {:.2}", b.places_per_in_house_household()),
        baseline: Some(|b| BaselineFigure {
            value: b.places_per_in_house_household(),
            decimals: true,
            what: "places per in-house household on the start date".into(),
        }),
        ..spec(
            "places_per_household",
            "Places per household",
            "Places per household",
            LeverSection::Recruitment,
            LeverUnit::Amount,
            "places",
            (0.0, 6.0),
            optional!(places_per_household),
        )
    },
    LeverSpec {
        beside: |_| "an assessment takes months".into(),
        ..spec(
            "approval_months",
            "Months to approval",
            "Months from recruiting a household to its approval",
            LeverSection::Recruitment,
            LeverUnit::Whole,
            "months",
            (0.0, 24.0),
            required!(approval_months),
        )
    },
    spec(
        "households_leaving_per_year",
        "Households leaving a year",
        "In-house households leaving",
        LeverSection::Recruitment,
        LeverUnit::Amount,
        "households a year",
        (0.0, 1000.0),
        required!(households_leaving_per_year),
    ),
    LeverSpec {
        beside: |_| "age ranges, matching, breaks".into(),
        ..spec(
            "usable_place_share",
            "Share of new places usable",
            "Share of new in-house places that can be used",
            LeverSection::Recruitment,
            LeverUnit::Share,
            "share",
            (0.0, 1.0),
            required!(usable_place_share),
        )
    },
    LeverSpec {
        beside: |b| format!("{:.1} IFA entrants a month", b.monthly_ifa_entrants()),
        ..spec(
            "shift_share",
            "Would-be IFA entrants placed in-house",
            "Share of IFA entrants placed in-house when a place is free",
            LeverSection::Recruitment,
            LeverUnit::Share,
            "share",
            (0.0, 1.0),
            required!(shift_share),
        )
    },
    LeverSpec {
        beside: |b| format!("{} in residential now", b.children_in_residential()),
        baseline: Some(|b| BaselineFigure {
            value: f64::from(b.children_in_residential()),
            decimals: false,
            what: "children in residential care on the start date".into(),
        }),
        ..spec(
            "step_down_per_year",
            "Children stepped down a year",
            "Children stepped down from residential",
            LeverSection::StepDown,
            LeverUnit::Amount,
            "children a year",
            (0.0, 1000.0),
            required!(step_down_per_year),
        )
    },
    spec(
        "specialist_households_per_year",
        "Specialist households a year",
        "Specialist in-house households recruited",
        LeverSection::StepDown,
        LeverUnit::Amount,
        "households a year",
        (0.0, 1000.0),
        required!(specialist_households_per_year),
    ),
    LeverSpec {
        beside: |_| "more for brothers and sisters".into(),
        ..spec(
            "specialist_places_per_household",
            "Children per specialist household",
            "Children each specialist household can take",
            LeverSection::StepDown,
            LeverUnit::Whole,
            "child(ren)",
            (1.0, 4.0),
            required!(specialist_places_per_household),
        )
    },
    LeverSpec {
        beside: |b| {
            format!(
                "residential {} a week",
                b.unit_cost(PlacementCategory::ExternalResidential)
                    .to_pounds_string()
            )
        },
        ..spec(
            "specialist_weekly_fee_pence",
            "Specialist weekly cost",
            "Specialist placement weekly fee",
            LeverSection::StepDown,
            LeverUnit::Pence,
            "a week",
            (0.0, MAX_MONEY),
            required!(specialist_weekly_fee_pence),
        )
    },
    LeverSpec {
        fallback: Some(|b| b.in_area_share(PlacementCategory::InHouseFostering)),
        beside: |b| {
            format!(
                "in-house now {}",
                percent(b.in_area_share(PlacementCategory::InHouseFostering))
            )
        },
        ..spec(
            "new_in_house_in_area_share",
            "In the council's area",
            "Share of new in-house placements in the council's area",
            LeverSection::Where,
            LeverUnit::Share,
            "share",
            (0.0, 1.0),
            optional!(new_in_house_in_area_share),
        )
    },
    LeverSpec {
        fallback: Some(|b| b.within_20_share(PlacementCategory::InHouseFostering)),
        beside: |b| {
            format!(
                "in-house now {}",
                percent(b.within_20_share(PlacementCategory::InHouseFostering))
            )
        },
        ..spec(
            "new_in_house_within_20_share",
            "Within 20 miles of home",
            "Share of new in-house placements within 20 miles of home",
            LeverSection::Where,
            LeverUnit::Share,
            "share",
            (0.0, 1.0),
            optional!(new_in_house_within_20_share),
        )
    },
    LeverSpec {
        in_comparator: true,
        beside: |_| "in both runs: an entitlement".into(),
        ..spec(
            "staying_put_share",
            "Fostered 18-year-olds who stay",
            "Share of fostered 18-year-olds who stay (Staying Put)",
            LeverSection::StayingPut,
            LeverUnit::Share,
            "share",
            (0.0, 1.0),
            required!(staying_put_share),
        )
    },
    LeverSpec {
        in_comparator: true,
        ..spec(
            "staying_put_months",
            "Months each stays",
            "Months each Staying Put arrangement lasts",
            LeverSection::StayingPut,
            LeverUnit::Whole,
            "months",
            (0.0, 36.0),
            required!(staying_put_months),
        )
    },
    LeverSpec {
        in_comparator: true,
        beside: |_| "not a placement".into(),
        ..spec(
            "staying_put_weekly_pence",
            "Staying Put weekly cost",
            "Staying Put weekly cost",
            LeverSection::StayingPut,
            LeverUnit::Pence,
            "a week",
            (0.0, MAX_MONEY),
            required!(staying_put_weekly_pence),
        )
    },
    LeverSpec {
        in_comparator: true,
        beside: |b| format!("{:.1} a month", b.monthly_entries),
        baseline: Some(|b| BaselineFigure {
            value: b.monthly_entries,
            decimals: true,
            what: "children entering care a month".into(),
        }),
        ..spec(
            "entries_change_pct",
            "Change in children entering",
            "Change in children entering care",
            LeverSection::Demand,
            LeverUnit::Percent,
            "percent",
            (-100.0, 200.0),
            required!(entries_change_pct),
        )
    },
    LeverSpec {
        beside: |_| "one-off".into(),
        ..spec(
            "one_off_cost_per_household_pence",
            "Recruiting a household",
            "One-off cost per recruited household",
            LeverSection::Investment,
            LeverUnit::Pence,
            "per household",
            (0.0, MAX_MONEY),
            required!(one_off_cost_per_household_pence),
        )
    },
    LeverSpec {
        beside: |_| "a year".into(),
        ..spec(
            "yearly_support_per_household_pence",
            "Support per household",
            "Yearly support per recruited household",
            LeverSection::Investment,
            LeverUnit::Pence,
            "a household a year",
            (0.0, MAX_MONEY),
            required!(yearly_support_per_household_pence),
        )
    },
    LeverSpec {
        beside: |_| "a year".into(),
        ..spec(
            "scheme_overheads_per_year_pence",
            "Scheme overheads",
            "Scheme overheads",
            LeverSection::Investment,
            LeverUnit::Pence,
            "a year",
            (0.0, MAX_MONEY),
            required!(scheme_overheads_per_year_pence),
        )
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_lever_and_reads_back_what_is_set() {
        let mut keys: Vec<&str> = LEVERS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "a key listed twice");
        // Each lever writes its own field and no other: set each to a value
        // inside its range and read every lever back.
        for s in LEVERS {
            let mut l = Levers::default();
            let v = if s.min == s.max {
                s.min
            } else {
                s.max.min(s.min + 3.0)
            };
            (s.set)(&mut l, Some(v));
            assert_eq!((s.get)(&l), Some(v), "{}", s.key);
            for other in LEVERS.iter().filter(|o| o.key != s.key) {
                assert_eq!(
                    (other.get)(&l),
                    (other.get)(&Levers::default()),
                    "setting {} changed {}",
                    s.key,
                    other.key
                );
            }
        }
    }

    #[test]
    fn a_range_message_names_the_lever_and_its_range() {
        let shift = lever_spec("shift_share").unwrap();
        assert_eq!(
            shift.check(2.0).unwrap_err(),
            "shift_share must be between 0 and 1 (a share); it is 2"
        );
        assert!(shift.check(0.25).is_ok());
        assert!(shift.check(f64::NAN).is_err());
        let fee = lever_spec("specialist_weekly_fee_pence").unwrap();
        assert_eq!(
            fee.check(-1.0).unwrap_err(),
            "specialist_weekly_fee_pence must be between 0 and 1000000000 pence; it is -1"
        );
    }
}
