//! Matching a referral to the supply: every carer household and residential
//! bed that could take the child, and every one that could not with the
//! reason.
//!
//! 1. Build a [`SupplyIndex`] once per data load and date
//!    ([`SupplyIndex::build`]).
//! 2. For each referral, [`candidates`] asks the spatial index for the
//!    providers within the search radius of the child's home, applies the
//!    hard rules ([`rules::exclusion`]) and ranks the rest
//!    ([`rank::rank`], in either [`RankingMode`]).
//!
//! What is searched:
//! - **Radius given and the child's home located**: only providers within
//!   the radius (unrounded DfE distance ≤ radius), found through the
//!   R-tree, so the work grows with the providers nearby, not with the
//!   register. Providers whose own location is not known are always
//!   considered too, with the distance not known (they could be next door;
//!   there are few of them), and counted in
//!   [`MatchResult::unlocated_considered`].
//! - **No radius**: every provider in the supply.
//! - **The child's home not located** (no postcode, or not in the
//!   directory): every provider, whatever the radius, each with the distance
//!   not known; [`MatchResult::searched_radius_miles`] is then `None`.
//!
//! Distances are DfE's: straight line between grid references, miles to
//! 1 dp; "within 20 miles" is judged on that rounded figure. Costs are per
//! child (per bed) per week; for a sibling group multiply by the group size.

pub mod rank;
pub mod rules;
pub mod supply;

pub use rank::{compare, rank, RankingMode};
pub use rules::{exclusion, specialism_phrase, ExclusionReason};
pub use supply::{CandidateKind, SupplyEntry, SupplyIndex};

use crate::county::{CountyData, ProviderSector};
use crate::geography::{dfe_distance_miles, round_1dp, within_20_miles, AreaStatus};
use crate::model::{Child, GridRef, Pence, Referral, Specialism, Urgency};
use jiff::civil::Date;
use serde::Serialize;
use std::cmp::Ordering;
use std::sync::Arc;

/// The search radius the window uses unless the user changes it.
pub const DEFAULT_RADIUS_MILES: f64 = 60.0;

/// What to match.
#[derive(Debug, Clone, Copy)]
pub struct MatchRequest<'a> {
    pub referral: &'a Referral,
    pub child: &'a Child,
    /// The child's home grid reference ([`child_home_grid`]); `None` when not
    /// known, and then every provider is listed with the distance not known.
    pub home: Option<GridRef>,
    /// The date the child's age is taken on for the age-range rule: the day
    /// the placement would start. Pass the supply's date
    /// ([`SupplyIndex::on`]) unless planning ahead; vacancies are always the
    /// supply's.
    pub on: Date,
    pub mode: RankingMode,
    /// Only providers within this many miles of home (plus those whose
    /// location is not known); `None` = everywhere.
    pub radius_miles: Option<f64>,
}

impl<'a> MatchRequest<'a> {
    /// The council's default ranking within [`DEFAULT_RADIUS_MILES`].
    pub fn new(
        referral: &'a Referral,
        child: &'a Child,
        home: Option<GridRef>,
        on: Date,
    ) -> MatchRequest<'a> {
        MatchRequest {
            referral,
            child,
            home,
            on,
            mode: RankingMode::CouncilDefault,
            radius_miles: Some(DEFAULT_RADIUS_MILES),
        }
    }
}

/// The child's home grid reference: the postcode directory's, else the one
/// recorded with the child.
pub fn child_home_grid(data: &CountyData, child: &Child) -> Option<GridRef> {
    data.grid_of(child.home_postcode.as_ref())
        .or(child.home_location)
}

/// A provider that could take the child.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub provider_id: Arc<str>,
    pub kind: CandidateKind,
    pub name: Arc<str>,
    /// The IFA for an IFA household; the provider for a home.
    pub provider: Option<Arc<str>>,
    pub sector: ProviderSector,
    /// Free places (beds) on the supply's date.
    pub vacant: u32,
    /// DfE miles to 1 dp; `None` = not known.
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    pub in_area: AreaStatus,
    /// Per child (per bed) per week.
    pub weekly_cost: Pence,
    /// Weekly cost minus the cheapest suitable option's (0 for the cheapest).
    pub cost_above_cheapest: Pence,
    /// What the option offers that the referral asks for, in words.
    pub needs_met: Vec<String>,
    /// How many of the referral's soft preferences it meets: disability
    /// experience for a disabled child (when not required outright) and
    /// emergency placements for an emergency referral (likewise). Ranks
    /// above cost in both modes.
    pub preferences_met: u8,
    /// 1 = first choice under the request's mode.
    pub rank: usize,
}

/// A provider that cannot take the child, with the first rule it breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    pub provider_id: Arc<str>,
    pub kind: CandidateKind,
    pub name: Arc<str>,
    pub sector: ProviderSector,
    pub vacant: u32,
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    pub in_area: AreaStatus,
    pub weekly_cost: Pence,
    pub reason: ExclusionReason,
}

/// The options for one referral.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    pub child_id: String,
    pub mode: RankingMode,
    /// The date vacancies are counted on.
    pub on: Date,
    /// Ranked, first choice first.
    pub suitable: Vec<Candidate>,
    /// Nearest first (distance not known last), then by reference.
    pub excluded: Vec<Excluded>,
    /// The radius actually used; `None` when everything was searched (no
    /// radius asked for, or the child's home is not located).
    pub searched_radius_miles: Option<f64>,
    pub child_home_known: bool,
    /// Providers with no known location that were considered (suitable or
    /// excluded), each with the distance not known.
    pub unlocated_considered: usize,
    pub cheapest_weekly_cost: Option<Pence>,
}

/// Every provider that could take the child, ranked, and every one
/// considered that could not, with the reason. See the module notes for
/// what is searched.
pub fn candidates(supply: &SupplyIndex, req: &MatchRequest) -> MatchResult {
    let age = req.child.age_on(req.on);
    let mut suitable = Vec::new();
    let mut excluded = Vec::new();
    let mut unlocated_considered = 0;
    let radius = req.radius_miles.filter(|r| r.is_finite());
    let mut consider = |i: usize, miles: Option<f64>| {
        let e = &supply.entries()[i];
        if e.grid.is_none() {
            unlocated_considered += 1;
        }
        consider_entry(e, req.referral, age, miles, &mut suitable, &mut excluded);
    };
    let searched_radius_miles = match (req.home, radius) {
        (Some(home), Some(r)) => {
            for (i, miles) in supply.within_miles(home, r) {
                consider(i, Some(round_1dp(miles)));
            }
            for &i in supply.unlocated() {
                consider(i, None);
            }
            Some(r)
        }
        (home, _) => {
            for (i, e) in supply.entries().iter().enumerate() {
                consider(i, dfe_distance_miles(home, e.grid));
            }
            None
        }
    };
    rank::rank(&mut suitable, req.mode);
    excluded.sort_unstable_by(|a: &Excluded, b: &Excluded| {
        match (a.distance_miles, b.distance_miles) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.provider_id.cmp(&b.provider_id))
        .then(a.kind.cmp(&b.kind))
    });
    MatchResult {
        child_id: req.child.id.clone(),
        mode: req.mode,
        on: supply.on(),
        cheapest_weekly_cost: rank::cheapest(&suitable),
        suitable,
        excluded,
        searched_radius_miles,
        child_home_known: req.home.is_some(),
        unlocated_considered,
    }
}

fn consider_entry(
    e: &SupplyEntry,
    referral: &Referral,
    age: i32,
    miles: Option<f64>,
    suitable: &mut Vec<Candidate>,
    excluded: &mut Vec<Excluded>,
) {
    let within = within_20_miles(miles);
    if let Some(reason) = rules::exclusion(e, referral, age, miles) {
        excluded.push(Excluded {
            provider_id: e.id.clone(),
            kind: e.kind,
            name: e.name.clone(),
            sector: e.sector,
            vacant: e.vacant(),
            distance_miles: miles,
            within_20_miles: within,
            in_area: e.area,
            weekly_cost: e.weekly_cost,
            reason,
        });
        return;
    }
    let (needs_met, preferences_met) = needs_met(e, referral);
    suitable.push(Candidate {
        provider_id: e.id.clone(),
        kind: e.kind,
        name: e.name.clone(),
        provider: e.provider.clone(),
        sector: e.sector,
        vacant: e.vacant(),
        distance_miles: miles,
        within_20_miles: within,
        in_area: e.area,
        weekly_cost: e.weekly_cost,
        cost_above_cheapest: Pence::ZERO,
        needs_met,
        preferences_met,
        rank: 0,
    });
}

/// What a suitable option offers that the referral asks for, and how many
/// soft preferences it meets.
fn needs_met(e: &SupplyEntry, referral: &Referral) -> (Vec<String>, u8) {
    let mut met = Vec::new();
    let n = referral.sibling_group_size;
    if n > 1 {
        met.push(match e.kind {
            CandidateKind::Carer => "takes sibling groups".to_string(),
            CandidateKind::Bed => format!("{n} beds free together"),
        });
    }
    for s in &referral.specialisms_needed {
        met.push(format!("offers {}", specialism_phrase(*s)));
    }
    let mut preferences = 0;
    let wants = |s: Specialism| !referral.specialisms_needed.contains(&s) && e.offers(s);
    if referral.disability && wants(Specialism::Disability) {
        met.push("disability experience".to_string());
        preferences += 1;
    }
    if referral.urgency == Urgency::Emergency && wants(Specialism::Emergency) {
        met.push("takes emergencies at short notice".to_string());
        preferences += 1;
    }
    (met, preferences)
}

/// The machine name of a sector in JSON.
pub fn sector_key(s: ProviderSector) -> &'static str {
    match s {
        ProviderSector::InHouse => "in_house",
        ProviderSector::Ifa => "ifa",
        ProviderSector::Kinship => "kinship",
        ProviderSector::OwnCouncilHome => "own_council_home",
        ProviderSector::PrivateHome => "private_home",
        ProviderSector::VoluntaryHome => "voluntary_home",
        ProviderSector::Other => "other",
        ProviderSector::None => "none",
    }
}

/// The machine name of an area status in JSON.
pub fn area_key(a: AreaStatus) -> &'static str {
    match a {
        AreaStatus::Inside => "inside",
        AreaStatus::Outside => "outside",
        AreaStatus::Unknown => "unknown",
    }
}

#[derive(Serialize)]
struct CandidateJson<'a> {
    rank: usize,
    id: &'a str,
    kind: &'static str,
    name: &'a str,
    provider: Option<&'a str>,
    sector: &'static str,
    sector_label: &'static str,
    vacant: u32,
    distance_miles: Option<f64>,
    within_20_miles: Option<bool>,
    in_area: &'static str,
    weekly_cost_pence: i64,
    cost_above_cheapest_pence: i64,
    needs_met: &'a [String],
    preferences_met: u8,
}

impl Serialize for Candidate {
    /// `id`, `kind` (`carer` / `bed`), `sector` (`in_house`, `ifa`, …),
    /// `distance_miles` (null = not known), `within_20_miles`, `in_area`
    /// (`inside` / `outside` / `unknown`), `weekly_cost_pence`,
    /// `cost_above_cheapest_pence`, `needs_met`, `rank` and labels.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CandidateJson {
            rank: self.rank,
            id: &self.provider_id,
            kind: self.kind.key(),
            name: &self.name,
            provider: self.provider.as_deref(),
            sector: sector_key(self.sector),
            sector_label: self.sector.label(),
            vacant: self.vacant,
            distance_miles: self.distance_miles,
            within_20_miles: self.within_20_miles,
            in_area: area_key(self.in_area),
            weekly_cost_pence: self.weekly_cost.0,
            cost_above_cheapest_pence: self.cost_above_cheapest.0,
            needs_met: &self.needs_met,
            preferences_met: self.preferences_met,
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct ExcludedJson<'a> {
    id: &'a str,
    kind: &'static str,
    name: &'a str,
    sector: &'static str,
    sector_label: &'static str,
    vacant: u32,
    distance_miles: Option<f64>,
    within_20_miles: Option<bool>,
    in_area: &'static str,
    weekly_cost_pence: i64,
    reason: String,
    reason_code: &'static str,
}

impl Serialize for Excluded {
    /// As a candidate (no rank or cost gap), plus `reason` in words and
    /// `reason_code`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ExcludedJson {
            id: &self.provider_id,
            kind: self.kind.key(),
            name: &self.name,
            sector: sector_key(self.sector),
            sector_label: self.sector.label(),
            vacant: self.vacant,
            distance_miles: self.distance_miles,
            within_20_miles: self.within_20_miles,
            in_area: area_key(self.in_area),
            weekly_cost_pence: self.weekly_cost.0,
            reason: self.reason.to_string(),
            reason_code: self.reason.code(),
        }
        .serialize(s)
    }
}
