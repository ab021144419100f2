//! Exit rates by age band and placement category, and how a thin cell
//! borrows strength from its category and the council (docs §1.1).
//!
//! A council's history splits into 5 × 9 cells (DfE's age bands × the
//! placement categories). A big council fills them; a small one has cells
//! with two children in them, whose observed rate is mostly chance. Each
//! cell's rate is therefore the council's rate for the age band (all
//! placement types together) times its category's factor: how much more or
//! less often its children leave than children of the same ages elsewhere
//! in the council. Both lean on the council's all-age figures by a
//! credibility weight (Bühlmann–Straub, the empirical-Bayes estimator for
//! Poisson counts) worked out from how much the bands, and the categories,
//! really differ beyond what chance alone would give.

use crate::model::PlacementCategory;
use serde::{Deserialize, Serialize};

/// DfE's age bands for children looked after (under 1, 1–4, 5–9, 10–15,
/// 16–17), by age in whole months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgeBand {
    Under1,
    From1To4,
    From5To9,
    From10To15,
    From16To17,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] = [
        AgeBand::Under1,
        AgeBand::From1To4,
        AgeBand::From5To9,
        AgeBand::From10To15,
        AgeBand::From16To17,
    ];

    /// The band of a child aged `months` whole months (16–17 from 192 on).
    pub fn of_months(months: u32) -> AgeBand {
        AgeBand::ALL[band_index(months)]
    }

    /// The first whole month of age in the band.
    pub const fn first_month(self) -> u32 {
        match self {
            AgeBand::Under1 => 0,
            AgeBand::From1To4 => 12,
            AgeBand::From5To9 => 60,
            AgeBand::From10To15 => 120,
            AgeBand::From16To17 => 192,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under1 => "under 1",
            AgeBand::From1To4 => "1 to 4",
            AgeBand::From5To9 => "5 to 9",
            AgeBand::From10To15 => "10 to 15",
            AgeBand::From16To17 => "16 to 17",
        }
    }
}

/// The index in `AgeBand::ALL` of the band of `months` whole months, looked
/// up in a table rather than found by branches (the Monte Carlo asks for
/// random ages, whose branches would be mispredicted; a look-up is also
/// fewer instructions than comparisons added up). From the last band's
/// first month on, the last band.
#[inline(always)]
pub fn band_index(months: u32) -> usize {
    usize::from(BAND_OF_MONTH[(months as usize).min(LAST_BAND_START)])
}

/// The first month of age of the last band.
const LAST_BAND_START: usize = AgeBand::From16To17.first_month() as usize;

/// The band of each month of age up to the last band's first.
const BAND_OF_MONTH: [u8; LAST_BAND_START + 1] = {
    let mut of = [0u8; LAST_BAND_START + 1];
    let mut month = 0;
    while month <= LAST_BAND_START {
        let mut b = 0;
        while b + 1 < AgeBand::ALL.len() && month as u32 >= AgeBand::ALL[b + 1].first_month() {
            b += 1;
        }
        of[month] = b as u8;
        month += 1;
    }
    of
};

/// Events and the child-months they happened in.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub events: u32,
    pub child_months: f64,
}

impl Tally {
    /// Events ÷ child-months; 0 with no child-months.
    pub fn observed(&self) -> f64 {
        if self.child_months > 0.0 {
            f64::from(self.events) / self.child_months
        } else {
            0.0
        }
    }
}

/// One fitted rate: the events and child-months behind it, the credibility
/// its category's data earned, and the rate the projection uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateCell {
    pub category: PlacementCategory,
    pub band: AgeBand,
    pub events: u32,
    pub child_months: f64,
    /// The council's rate for the band, every category together (leaning
    /// on its all-age rate).
    #[serde(default)]
    pub band_rate: f64,
    /// The category's factor on it: `Z × its ratio of events to those
    /// expected at the band rates + (1 − Z) × the council's ratio`.
    #[serde(default)]
    pub factor: f64,
    /// Credibility weight `Z = e / (e + k)` (0..=1) of the category's own
    /// ratio of events to those expected at the council's band rates, `e`
    /// its expected events: the same for every band of a category.
    pub weight: f64,
    /// The council's rate for the band × the category's factor
    /// (`Z × its ratio + (1 − Z) × the council's`), held within 0..=1: the
    /// monthly proportion of the cell's children who leave care.
    pub rate: f64,
    /// The rate's uncertainty as a Gamma distribution with this shape
    /// (the category's events, real and borrowed; the same for every band
    /// of a category, whose rates move together) ...
    pub shape: f64,
    /// ... over this many child-months (`rate = shape / exposure`). The
    /// Monte Carlo draws each run's factor of every category from it.
    pub exposure: f64,
}

impl RateCell {
    /// Events ÷ child-months (0 with none).
    pub fn observed(&self) -> f64 {
        Tally {
            events: self.events,
            child_months: self.child_months,
        }
        .observed()
    }
}

/// The prior weight `k` (in child-months) of a set of cells by the
/// Bühlmann–Straub estimator for Poisson counts:
/// with `E = Σ eᵢ`, `m = Σ xᵢ / E`, the between-cell variance
/// `a = (Σ eᵢ (rᵢ − m)² − (n − 1) m) / (E − Σ eᵢ² / E)` and `k = m / a`.
/// `None` (pool fully: every cell takes the common rate) when fewer than
/// two cells have child-months, no events happened, or the cells differ no
/// more than chance would make them (`a ≤ 0`).
pub fn credibility_k(cells: &[Tally]) -> Option<f64> {
    let used: Vec<&Tally> = cells.iter().filter(|t| t.child_months > 0.0).collect();
    if used.len() < 2 {
        return None;
    }
    let e: f64 = used.iter().map(|t| t.child_months).sum();
    let x: f64 = used.iter().map(|t| f64::from(t.events)).sum();
    let m = x / e;
    if m <= 0.0 {
        return None;
    }
    let spread: f64 = used
        .iter()
        .map(|t| t.child_months * (t.observed() - m).powi(2))
        .sum();
    let denominator = e - used.iter().map(|t| t.child_months.powi(2)).sum::<f64>() / e;
    let a = (spread - (used.len() as f64 - 1.0) * m) / denominator;
    (a > 0.0 && a.is_finite()).then(|| m / a)
}

/// The credibility weight of a cell with `child_months` under prior
/// weight `k` (`None`: pooled fully, weight 0).
pub fn weight(child_months: f64, k: Option<f64>) -> f64 {
    match k {
        Some(k) if child_months > 0.0 => child_months / (child_months + k),
        _ => 0.0,
    }
}

/// A rate shrunk toward `toward` (whose own Gamma is `(toward_shape,
/// toward_exposure)`) by the weight the tally earns under `k`: the rate,
/// its weight, and its Gamma `(shape, exposure)`. Pooled fully, the cell
/// takes the complement's rate and its uncertainty. Not held within 0..=1
/// (a category's factor is a ratio that may pass 1): the caller holds a
/// rate.
pub fn shrink(
    t: Tally,
    k: Option<f64>,
    toward: f64,
    toward_shape: f64,
    toward_exposure: f64,
) -> (f64, f64, f64, f64) {
    match k {
        Some(k) if t.child_months > 0.0 => {
            let z = weight(t.child_months, Some(k));
            let rate = z * t.observed() + (1.0 - z) * toward;
            // (x + k·μ) / (e + k): the Gamma–Poisson posterior mean.
            (
                rate,
                z,
                f64::from(t.events) + k * toward,
                t.child_months + k,
            )
        }
        _ => (toward, 0.0, toward_shape, toward_exposure),
    }
}

/// Fits every category × band rate from the tallies (docs §1.1) as the
/// council's rate for the band times the category's factor:
///
/// - the council's rate for each band (every category together) leans on
///   its all-age rate (the five bands as the cells);
/// - each category's factor is its events over those **expected** at the
///   council's band rates for its children's ages (its standardised ratio),
///   leaning on the council's ratio (the categories as the cells, weighed
///   by expected events);
/// - a category's age profile is the council's: with a handful of events
///   per category, a category's own band pattern is mostly chance (on the
///   backtests, fitting it made every projection worse).
///
/// `tallies[c][b]` is category `PlacementCategory::ALL[c]`, band
/// `AgeBand::ALL[b]`. A category with no child-months takes the council's
/// ratio.
pub fn fit(tallies: &[[Tally; 5]]) -> Vec<RateCell> {
    fit_with(tallies, true)
}

/// As [`fit`], with one council rate for every band: for histories too
/// short to split by age.
pub fn fit_pooled(tallies: &[[Tally; 5]]) -> Vec<RateCell> {
    fit_with(tallies, false)
}

fn fit_with(tallies: &[[Tally; 5]], by_band: bool) -> Vec<RateCell> {
    let bands: [Tally; 5] = std::array::from_fn(|b| Tally {
        events: tallies.iter().map(|t| t[b].events).sum(),
        child_months: tallies.iter().map(|t| t[b].child_months).sum(),
    });
    let council = Tally {
        events: bands.iter().map(|t| t.events).sum(),
        child_months: bands.iter().map(|t| t.child_months).sum(),
    };
    let council_rate = council.observed().min(1.0);
    let k_bands = if by_band { credibility_k(&bands) } else { None };
    let band_rate: [f64; 5] =
        std::array::from_fn(|b| shrink(bands[b], k_bands, council_rate, 0.0, 0.0).0.min(1.0));
    // Each category's events against those expected at the band rates for
    // its child-months: a tally whose "child-months" are expected events.
    let expected: Vec<Tally> = tallies
        .iter()
        .map(|t| Tally {
            events: t.iter().map(|t| t.events).sum(),
            child_months: (0..5).map(|b| t[b].child_months * band_rate[b]).sum(),
        })
        .collect();
    let all_expected: f64 = expected.iter().map(|t| t.child_months).sum();
    let council_ratio = if all_expected > 0.0 {
        f64::from(council.events) / all_expected
    } else {
        1.0
    };
    let k_categories = credibility_k(&expected);
    let mut out = Vec::new();
    for (ci, cells) in tallies.iter().enumerate() {
        // The factor and its Gamma, in expected events.
        let (factor, weight, shape, expected_exposure) = shrink(
            expected[ci],
            k_categories,
            council_ratio,
            f64::from(council.events),
            all_expected,
        );
        for (bi, t) in cells.iter().enumerate() {
            let r = band_rate[bi];
            out.push(RateCell {
                category: PlacementCategory::ALL[ci],
                band: AgeBand::ALL[bi],
                events: t.events,
                child_months: t.child_months,
                band_rate: r,
                factor,
                weight,
                rate: (r * factor).clamp(0.0, 1.0),
                shape,
                // rate = r × shape / expected_exposure.
                exposure: if r > 0.0 { expected_exposure / r } else { 0.0 },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_dfe() {
        assert_eq!(AgeBand::of_months(0), AgeBand::Under1);
        assert_eq!(AgeBand::of_months(11), AgeBand::Under1);
        assert_eq!(AgeBand::of_months(12), AgeBand::From1To4);
        assert_eq!(AgeBand::of_months(59), AgeBand::From1To4);
        assert_eq!(AgeBand::of_months(60), AgeBand::From5To9);
        assert_eq!(AgeBand::of_months(191), AgeBand::From10To15);
        assert_eq!(AgeBand::of_months(192), AgeBand::From16To17);
        assert_eq!(AgeBand::of_months(215), AgeBand::From16To17);
        for b in AgeBand::ALL {
            assert_eq!(AgeBand::of_months(b.first_month()), b);
        }
        // Either side of every boundary, and past 18.
        assert_eq!(
            [0, 11, 12, 59, 60, 119, 120, 191, 192, 215, 400].map(band_index),
            [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
        );
        assert_eq!(AgeBand::of_months(400), AgeBand::From16To17);
    }

    #[test]
    fn cells_that_differ_only_by_chance_are_pooled() {
        // Two cells of 100 child-months, 5 and 5 events: no spread at all.
        let t = Tally {
            events: 5,
            child_months: 100.0,
        };
        assert_eq!(credibility_k(&[t, t]), None);
        assert_eq!(credibility_k(&[t]), None);
    }

    #[test]
    fn credibility_by_hand() {
        // Cells (x, e): (2, 10), (30, 100). E = 110, m = 32/110.
        // Σ e (r − m)² = 10 (0.2 − m)² + 100 (0.3 − m)²; n − 1 = 1;
        // E − Σe²/E = 110 − 10100/110.
        let cells = [
            Tally {
                events: 2,
                child_months: 10.0,
            },
            Tally {
                events: 30,
                child_months: 100.0,
            },
        ];
        let m: f64 = 32.0 / 110.0;
        let spread = 10.0 * (0.2 - m).powi(2) + 100.0 * (0.3 - m).powi(2);
        // spread = 0.0826… + 0.0082… which is below m = 0.29: pooled.
        assert!(spread < m);
        assert_eq!(credibility_k(&cells), None);
        // Make the cells really differ: (1, 100) and (60, 100).
        let cells = [
            Tally {
                events: 1,
                child_months: 100.0,
            },
            Tally {
                events: 60,
                child_months: 100.0,
            },
        ];
        // m = 0.305; spread = 100 (0.01 − 0.305)² + 100 (0.6 − 0.305)²
        // = 17.405; a = (17.405 − 0.305) / (200 − 100) = 0.171;
        // k = 0.305 / 0.171 = 1.78362…
        let k = credibility_k(&cells).unwrap();
        assert!((k - 0.305 / 0.171).abs() < 1e-9, "{k}");
    }
}
