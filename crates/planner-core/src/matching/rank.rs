//! Putting the suitable options in order.
//!
//! Two modes, both plain sort keys so a panel can say why one option is
//! above another:
//!
//! **Council default** ([`RankingMode::CouncilDefault`]), the usual "in-house
//! first" policy:
//! 1. in-house foster carers before every other sector (own-council homes
//!    are residential, so they are not "in-house fostering" here);
//! 2. within 20 miles of home (DfE rounded figure) before over 20, and over
//!    20 before distance not known;
//! 3. in the council's area before out of area or not known;
//! 4. more of the child's preferences met first (see
//!    [`super::Candidate::preferences_met`]: disability experience for a
//!    disabled child, emergency placements for an emergency referral);
//! 5. weekly cost, cheapest first; 6. distance, nearest first (not known
//!    last); 7. reference, so the order never changes between runs.
//!
//! **Level playing field** ([`RankingMode::LevelPlayingField`]): every sector
//! side by side, judged only on what the child gets and what it costs:
//! 1. within 20 miles, then over 20, then not known (the s22C "near home"
//!    priority and DfE's published threshold);
//! 2. more preferences met first; 3. weekly cost, cheapest first;
//! 4. distance, nearest first; 5. reference.
//!
//! Why a band and not a weighted score (£ per mile): any price put on a mile
//! would be an invented figure the panel cannot check, while "near home
//! first, then cheapest" is the order the statute and DfE's measure already
//! use, and a 5-mile in-house place and a 6-mile IFA place compete on cost
//! alone. The cost gap to the cheapest option is shown beside each one
//! ([`super::Candidate::cost_above_cheapest`]) in both modes.

use super::Candidate;
use crate::county::ProviderSector;
use crate::geography::AreaStatus;
use crate::model::Pence;
use std::cmp::Ordering;

/// How the suitable options are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RankingMode {
    /// In-house first, then within 20 miles, in area, cost.
    #[default]
    CouncilDefault,
    /// Every sector together: within 20 miles first, then cost.
    LevelPlayingField,
}

impl RankingMode {
    pub const ALL: [RankingMode; 2] = [RankingMode::CouncilDefault, RankingMode::LevelPlayingField];

    /// `council_default` / `level_playing_field`.
    pub fn key(self) -> &'static str {
        match self {
            RankingMode::CouncilDefault => "council_default",
            RankingMode::LevelPlayingField => "level_playing_field",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RankingMode::CouncilDefault => "Council default (in-house first)",
            RankingMode::LevelPlayingField => {
                "Level playing field (all sectors by distance and cost)"
            }
        }
    }

    /// Parses the key (also `default` / `level`), ignoring case.
    pub fn parse(text: &str) -> Option<RankingMode> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "council_default" | "default" | "council" => Some(RankingMode::CouncilDefault),
            "level_playing_field" | "level" | "lpf" => Some(RankingMode::LevelPlayingField),
            _ => None,
        }
    }
}

/// 0 within 20 miles, 1 over 20 miles, 2 not known.
fn distance_band(c: &Candidate) -> u8 {
    match c.within_20_miles {
        Some(true) => 0,
        Some(false) => 1,
        None => 2,
    }
}

/// Nearest first, not known last.
fn by_distance(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of two suitable options under `mode` (less = ranked higher).
pub fn compare(mode: RankingMode, a: &Candidate, b: &Candidate) -> Ordering {
    let tail = |a: &Candidate, b: &Candidate| {
        b.preferences_met
            .cmp(&a.preferences_met)
            .then(a.weekly_cost.cmp(&b.weekly_cost))
            .then_with(|| by_distance(a.distance_miles, b.distance_miles))
            .then_with(|| a.provider_id.cmp(&b.provider_id))
            .then(a.kind.cmp(&b.kind))
    };
    match mode {
        RankingMode::CouncilDefault => {
            let in_house = |c: &Candidate| c.sector != ProviderSector::InHouse;
            let out_of_area = |c: &Candidate| c.in_area != AreaStatus::Inside;
            in_house(a)
                .cmp(&in_house(b))
                .then(distance_band(a).cmp(&distance_band(b)))
                .then(out_of_area(a).cmp(&out_of_area(b)))
                .then_with(|| tail(a, b))
        }
        RankingMode::LevelPlayingField => distance_band(a)
            .cmp(&distance_band(b))
            .then_with(|| tail(a, b)),
    }
}

/// Sorts the suitable options, numbers them from 1 and sets each one's
/// cost above the cheapest suitable option.
pub fn rank(candidates: &mut [Candidate], mode: RankingMode) {
    candidates.sort_unstable_by(|a, b| compare(mode, a, b));
    let cheapest = cheapest(candidates).unwrap_or_default();
    for (i, c) in candidates.iter_mut().enumerate() {
        c.rank = i + 1;
        c.cost_above_cheapest = Pence(c.weekly_cost.0 - cheapest.0);
    }
}

/// The lowest weekly cost among the options.
pub fn cheapest(candidates: &[Candidate]) -> Option<Pence> {
    candidates.iter().map(|c| c.weekly_cost).min()
}
