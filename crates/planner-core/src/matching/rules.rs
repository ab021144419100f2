//! The hard rules: a provider that breaks one cannot take the child, however
//! it ranks. The first rule broken is the reason shown.

use super::supply::{CandidateKind, SupplyEntry};
use crate::geography::within_20_miles;
use crate::model::{Referral, Specialism};
use std::fmt;

/// Why a provider cannot take the child, checked in this order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExclusionReason {
    /// The household is approved but on hold.
    OnHold,
    /// A kinship (connected person) household is approved for a particular
    /// child, and this is not one of the children it has cared for.
    KinshipForAnotherChild,
    /// Fewer free places (beds) than children to place together.
    NoVacancy { vacant: u32, needed: u8 },
    /// The household is not approved for sibling groups (households only).
    NoSiblingGroups { needed: u8 },
    /// The child's age is outside the approved (registered) age range.
    OutsideAgeRange { age: i32, min: u8, max: u8 },
    /// The referral needs a specialism the provider does not offer. Homes
    /// record no specialisms, so any needed specialism excludes them.
    MissingSpecialism(Specialism),
    /// The child must stay near home and this is over 20 miles (DfE rounded
    /// figure, so 20.0 is within and 20.1 is not).
    TooFarForChild { miles: f64 },
    /// The child must stay near home and the distance is not known (the
    /// child's home or the provider's postcode is not located).
    LocationUnknown,
}

impl ExclusionReason {
    /// A short machine name for JSON.
    pub fn code(self) -> &'static str {
        match self {
            ExclusionReason::OnHold => "on_hold",
            ExclusionReason::KinshipForAnotherChild => "kinship_for_another_child",
            ExclusionReason::NoVacancy { .. } => "no_vacancy",
            ExclusionReason::NoSiblingGroups { .. } => "no_sibling_groups",
            ExclusionReason::OutsideAgeRange { .. } => "outside_age_range",
            ExclusionReason::MissingSpecialism(_) => "missing_specialism",
            ExclusionReason::TooFarForChild { .. } => "too_far",
            ExclusionReason::LocationUnknown => "location_unknown",
        }
    }
}

/// What a specialism offers, in words that follow "offers" / "does not offer".
pub fn specialism_phrase(s: Specialism) -> &'static str {
    match s {
        Specialism::Adolescents => "care for adolescents",
        Specialism::Disability => "care for disabled children",
        Specialism::ParentAndChild => "parent and child placements",
        Specialism::StepDown => "step-down from residential",
        Specialism::Emergency => "emergency / short-notice placements",
        Specialism::Remand => "remand placements",
    }
}

impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ExclusionReason::OnHold => f.write_str("on hold"),
            ExclusionReason::KinshipForAnotherChild => {
                f.write_str("a kinship household, approved for a connected child")
            }
            ExclusionReason::NoVacancy { needed, .. } if needed <= 1 => f.write_str("no vacancy"),
            ExclusionReason::NoVacancy { vacant, needed } => {
                write!(f, "no vacancy for {needed} children ({vacant} free)")
            }
            ExclusionReason::NoSiblingGroups { needed } => write!(
                f,
                "does not take sibling groups ({needed} children to place together)"
            ),
            ExclusionReason::OutsideAgeRange { age, min, max } => {
                write!(f, "approved for ages {min}–{max}; the child is {age}")
            }
            ExclusionReason::MissingSpecialism(s) => {
                write!(f, "does not offer {}", specialism_phrase(s))
            }
            ExclusionReason::TooFarForChild { miles } => write!(
                f,
                "{miles:.1} miles from home; the child must stay within 20 miles"
            ),
            ExclusionReason::LocationUnknown => {
                f.write_str("distance from home not known; the child must stay within 20 miles")
            }
        }
    }
}

/// The first hard rule `entry` breaks for this referral, or `None` when it
/// could take the child.
///
/// - `age`: the child's age on the date the supply is counted (the search
///   date, when the placement would start; see [`super::MatchRequest`]).
/// - `distance_miles`: the DfE distance to 1 dp, `None` when not known.
///
/// Rules, in order: on hold; vacancy for the whole sibling group (vacant ≥
/// group size; a lone child needs one); a household must take sibling
/// groups when the group is more than one (a home needs only the beds);
/// the age range; every specialism in `specialisms_needed`; and, when the
/// child must stay near home, within 20 miles with the distance known.
/// The referral's `disability` flag alone is a preference, not a rule
/// (see [`super::rank`](mod@super::rank)); put `Disability` in `specialisms_needed` to make
/// it one.
pub fn exclusion(
    entry: &SupplyEntry,
    referral: &Referral,
    age: i32,
    distance_miles: Option<f64>,
) -> Option<ExclusionReason> {
    let needed = referral.sibling_group_size.max(1);
    if entry.on_hold {
        return Some(ExclusionReason::OnHold);
    }
    if entry.sector == crate::county::ProviderSector::Kinship
        && !entry.connected_children.contains(&referral.child_id)
    {
        return Some(ExclusionReason::KinshipForAnotherChild);
    }
    let vacant = entry.vacant();
    if vacant < u32::from(needed) {
        return Some(ExclusionReason::NoVacancy { vacant, needed });
    }
    if needed > 1 && entry.kind == CandidateKind::Carer && !entry.takes_siblings {
        return Some(ExclusionReason::NoSiblingGroups { needed });
    }
    if !(i32::from(entry.age_min)..=i32::from(entry.age_max)).contains(&age) {
        return Some(ExclusionReason::OutsideAgeRange {
            age,
            min: entry.age_min,
            max: entry.age_max,
        });
    }
    if let Some(s) = referral
        .specialisms_needed
        .iter()
        .copied()
        .find(|s| !entry.offers(*s))
    {
        return Some(ExclusionReason::MissingSpecialism(s));
    }
    if referral.must_stay_near_home {
        match within_20_miles(distance_miles) {
            None => return Some(ExclusionReason::LocationUnknown),
            Some(false) => {
                return Some(ExclusionReason::TooFarForChild {
                    miles: distance_miles.unwrap_or_default(),
                })
            }
            Some(true) => {}
        }
    }
    None
}
