//! Moves between placement types: a foster placement breaking down into
//! residential care, a step-down from residential into fostering, a child
//! moving from an in-house carer to an IFA one or back (docs §1.3).
//!
//! A move is a change of placement category within one period of care. Its
//! rate is fitted as the exit rates are: the moves out of each category by
//! age band, over the same child-months, with the same credibility
//! weighting (`rates::fit`). Where the children go is each category's mix
//! of destinations over all ages (the moves are too few to split that by
//! age as well), so the monthly rate from `c` to `d` at age band `b` is
//! `move_rate(c, b) × share(c → d)`.
//!
//! The levers change a *kind* of move (every breakdown, every step-down) by
//! a percentage: each changes the rates of the pairs of categories it
//! covers and no other.

use super::baseline::Baseline;
use super::levers::Levers;
use crate::model::PlacementCategory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const N_CAT: usize = PlacementCategory::ALL.len();

/// Moves from one category to another over the reference period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveCount {
    pub from: PlacementCategory,
    pub to: PlacementCategory,
    pub moves: u32,
}

/// The kinds of move a commissioner talks about, each a set of pairs of
/// categories; no pair is in two kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// From any foster placement (in-house, IFA, kinship) into residential
    /// care (own or external).
    FosteringBreakdown,
    /// From residential care into any foster placement.
    StepDown,
    /// From an in-house carer to an IFA carer.
    InHouseToIfa,
    /// From an IFA carer to an in-house carer.
    IfaToInHouse,
}

impl MoveKind {
    pub const ALL: [MoveKind; 4] = [
        MoveKind::FosteringBreakdown,
        MoveKind::StepDown,
        MoveKind::InHouseToIfa,
        MoveKind::IfaToInHouse,
    ];

    /// The name in scenario files (`[move_changes]`).
    pub fn code(self) -> &'static str {
        match self {
            MoveKind::FosteringBreakdown => "fostering_breakdown",
            MoveKind::StepDown => "step_down",
            MoveKind::InHouseToIfa => "in_house_to_ifa",
            MoveKind::IfaToInHouse => "ifa_to_in_house",
        }
    }

    pub fn parse(code: &str) -> Option<MoveKind> {
        MoveKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            MoveKind::FosteringBreakdown => "Fostering breakdowns into residential",
            MoveKind::StepDown => "Step-downs from residential into fostering",
            MoveKind::InHouseToIfa => "Moves from in-house to IFA fostering",
            MoveKind::IfaToInHouse => "Moves from IFA to in-house fostering",
        }
    }

    /// Whether a move from `from` to `to` is of this kind.
    pub fn covers(self, from: PlacementCategory, to: PlacementCategory) -> bool {
        use PlacementCategory::*;
        let fostering = |c| matches!(c, InHouseFostering | IfaFostering | Kinship);
        let residential = |c| matches!(c, OwnResidential | ExternalResidential);
        match self {
            MoveKind::FosteringBreakdown => fostering(from) && residential(to),
            MoveKind::StepDown => residential(from) && fostering(to),
            MoveKind::InHouseToIfa => from == InHouseFostering && to == IfaFostering,
            MoveKind::IfaToInHouse => from == IfaFostering && to == InHouseFostering,
        }
    }

    /// The kind a move is of, if any.
    pub fn of(from: PlacementCategory, to: PlacementCategory) -> Option<MoveKind> {
        MoveKind::ALL.into_iter().find(|k| k.covers(from, to))
    }
}

/// Moves of a kind over the reference period, and the same a year.
pub fn observed(baseline: &Baseline, kind: MoveKind) -> (u32, f64) {
    let n: u32 = baseline
        .move_counts
        .iter()
        .filter(|m| kind.covers(m.from, m.to))
        .map(|m| m.moves)
        .sum();
    let per_year = f64::from(n) * 12.0 / f64::from(baseline.reference_months.max(1));
    (n, per_year)
}

/// The monthly move rates a projection uses, with the levers applied.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveRates {
    /// `out[c][b]`: the monthly proportion of category `c`'s children in
    /// band `b` who move to another category.
    pub out: Vec<[f64; 5]>,
    /// `to[c][d]`: of those moving out of `c`, the share going to `d`
    /// (each row sums to 1, or is all 0 when nobody moves out of `c`).
    pub to: Vec<[f64; N_CAT]>,
}

impl MoveRates {
    /// No moves at all.
    pub fn none() -> MoveRates {
        MoveRates {
            out: vec![[0.0; 5]; N_CAT],
            to: vec![[0.0; N_CAT]; N_CAT],
        }
    }

    /// The baseline's fitted moves changed by the levers' `move_changes`.
    pub fn new(baseline: &Baseline, levers: &Levers) -> MoveRates {
        MoveRates::with_rates(fitted_out(baseline), &baseline.move_counts, levers)
    }

    /// Moves out at `out[c][b]` (the fitted rates, or a Monte Carlo run's
    /// draw of them) going where `counts` went, changed by the levers'
    /// `move_changes`: [`MoveMix::new`] applied to `out`.
    pub fn with_rates(out: Vec<[f64; 5]>, counts: &[MoveCount], levers: &Levers) -> MoveRates {
        MoveMix::new(counts, levers).apply(out)
    }

    /// Whether anyone moves at all.
    pub fn any(&self) -> bool {
        self.out.iter().flatten().any(|&r| r > 0.0)
    }
}

/// Where the children moving out of each category go, and how the levers
/// scale the rates out: all of [`MoveRates::with_rates`] that does not
/// depend on the rates, so a Monte Carlo run applies it to its own draw of
/// them without working it out again. A category with moves out of it in
/// its rate but none seen (its rate borrowed from the council's) goes where
/// the council's moves go; with nowhere to go, nobody moves out of it.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveMix {
    /// Per category, the factor on its rates out (the levers' change to
    /// its pairs' total), or `None` when nobody moves out of it.
    scale: [Option<f64>; N_CAT],
    /// `to[c][d]`: of those moving out of `c`, the share going to `d`.
    pub to: Vec<[f64; N_CAT]>,
}

impl MoveMix {
    pub fn new(counts: &[MoveCount], levers: &Levers) -> MoveMix {
        let mut to = vec![[0.0f64; N_CAT]; N_CAT];
        let mut scale = [None; N_CAT];
        let mut seen = [[0.0f64; N_CAT]; N_CAT];
        for m in counts {
            if m.from != m.to {
                seen[m.from.index()][m.to.index()] += f64::from(m.moves);
            }
        }
        let mut council = [0.0f64; N_CAT];
        for row in &seen {
            for (d, n) in row.iter().enumerate() {
                council[d] += n;
            }
        }
        for (ci, &c) in PlacementCategory::ALL.iter().enumerate() {
            let own: f64 = seen[ci].iter().sum();
            let mut shares: [f64; N_CAT] = if own > 0.0 {
                seen[ci]
            } else {
                let mut s = council;
                s[ci] = 0.0;
                s
            };
            // The levers: each pair's rate times its kind's change.
            let before: f64 = shares.iter().sum();
            for (di, &d) in PlacementCategory::ALL.iter().enumerate() {
                if let Some(pct) = MoveKind::of(c, d).and_then(|k| levers.move_changes.get(&k)) {
                    shares[di] *= (1.0 + pct / 100.0).max(0.0);
                }
            }
            let after: f64 = shares.iter().sum();
            if before <= 0.0 || after <= 0.0 {
                continue;
            }
            // The total out scales with the changed pairs; the mix renormalises.
            scale[ci] = Some(after / before);
            to[ci] = shares.map(|s| s / after);
        }
        MoveMix { scale, to }
    }

    /// The rates out of category `c` by band, from its unchanged rates
    /// `out` (at most 1).
    pub fn out(&self, c: usize, out: [f64; 5]) -> [f64; 5] {
        match self.scale[c] {
            Some(scale) => out.map(|r| (r * scale).min(1.0)),
            None => [0.0; 5],
        }
    }

    /// The move rates from the unchanged rates out `out[c][b]`.
    pub fn apply(&self, mut out: Vec<[f64; 5]>) -> MoveRates {
        for (c, rates) in out.iter_mut().enumerate() {
            *rates = self.out(c, *rates);
        }
        MoveRates {
            out,
            to: self.to.clone(),
        }
    }
}

/// The fitted rates of moving out of each category by band, before any
/// lever (0 where the baseline has no cell).
pub fn fitted_out(baseline: &Baseline) -> Vec<[f64; 5]> {
    let mut out = vec![[0.0; 5]; N_CAT];
    for cell in &baseline.move_cells {
        out[cell.category.index()][cell.band.index()] = cell.rate;
    }
    out
}

/// Moves counted by pair from `(from, to)` tallies.
pub fn counts_from(
    pairs: &BTreeMap<(PlacementCategory, PlacementCategory), u32>,
) -> Vec<MoveCount> {
    pairs
        .iter()
        .map(|(&(from, to), &moves)| MoveCount { from, to, moves })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlacementCategory::*;

    #[test]
    fn kinds_do_not_overlap() {
        for &a in PlacementCategory::ALL {
            for &b in PlacementCategory::ALL {
                let n = MoveKind::ALL.iter().filter(|k| k.covers(a, b)).count();
                assert!(n <= 1, "{a:?} → {b:?}");
            }
        }
        assert_eq!(
            MoveKind::of(Kinship, ExternalResidential),
            Some(MoveKind::FosteringBreakdown)
        );
        assert_eq!(
            MoveKind::of(OwnResidential, IfaFostering),
            Some(MoveKind::StepDown)
        );
        assert_eq!(MoveKind::of(IfaFostering, Kinship), None);
        for k in MoveKind::ALL {
            assert_eq!(MoveKind::parse(k.code()), Some(k));
        }
    }
}
