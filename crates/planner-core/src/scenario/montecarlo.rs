//! Monte Carlo uncertainty bands around the projection: the same model as
//! `project`, run child by child with random entries, exits and
//! recruitment, many times; P10, P50 and P90 of each month's figures.
//!
//! Each child is followed individually as a path of stays in placement
//! categories (a move starts the next): **one** exponential draw per stay, walked over the
//! age bands' hazards of leaving or moving (`stay`), then one draw for
//! what ends it (leaving care, or a move and where to), until they leave,
//! turn 18 or pass the horizon. A run thus costs a few operations per stay
//! rather than a pass over every age and category each month. Per
//! category, a stay adds +1 to a difference array in the month it is first
//! counted and −1 in the month it ends; a running sum gives every
//! month-end stock. The method and every rule are in
//! `docs/scenario-model.md` §5.
//!
//! Runs are split into fixed chunks of [`CHUNK_RUNS`]; chunk `k` draws from
//! a small fast generator seeded from the ChaCha8 stream `k` of the seed,
//! so the bands for a seed are the same whatever the number of threads.

use super::baseline::{Baseline, MAX_AGE_MONTHS};
use super::levers::{Levers, RateChange, MAX_HORIZON_YEARS};
use super::moves::{fitted_out, MoveMix};
use super::project::{calendar, is_fostering, per_category, weekly_cost, Calendar, N_CAT};
use super::rates::{AgeBand, RateCell};
use super::round_pence;
use crate::job::{Cancelled, Progress};
use crate::model::{Pence, PlacementCategory};
use jiff::civil::Date;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, Gamma};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The runs' generator: fastrand's WyRand (a multiplication and a few
/// bit operations a draw, one word of state) for `rand_distr`'s
/// distributions. It costs 7% fewer instructions a run than rand's
/// `SmallRng` (xoshiro256++, four words), counted by callgrind.
#[derive(Debug, Clone)]
struct Wy(fastrand::Rng);

impl Wy {
    fn seed_from_u64(seed: u64) -> Wy {
        Wy(fastrand::Rng::with_seed(seed))
    }
}

impl RngCore for Wy {
    #[inline(always)]
    fn next_u64(&mut self) -> u64 {
        self.0.u64(..)
    }

    #[inline(always)]
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        rand::rand_core::impls::fill_bytes_via_next(self, dst)
    }
}

/// The most runs `monte_carlo` accepts (the command line's bound).
pub const MAX_RUNS: u32 = 100_000;
/// Runs per chunk; each chunk has its own random stream.
pub const CHUNK_RUNS: usize = 128;
/// Bytes of per-run results kept at once; past this the months are done in
/// several passes (the runs are drawn again, identically, for each).
const MEMORY_BUDGET: usize = 192 << 20;
/// Figures kept per run per month: scenario children, comparator
/// children, scenario placement spend, comparator placement spend,
/// cumulative net saving.
const MONTH_METRICS: usize = 5;
/// Figures kept per run per financial year: scenario and comparator
/// placement spend.
const YEAR_METRICS: usize = 2;

/// The 10th, 50th and 90th percentiles (nearest rank) over the runs.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Percentiles {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// One month's bands, at the month's end (spend over the month).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandMonth {
    pub month_start: Date,
    /// Children in care (every category plus specialist fostering).
    pub scenario_children: Percentiles,
    pub baseline_children: Percentiles,
    /// Placement spend in pence (categories plus specialist fostering).
    pub scenario_spend: Percentiles,
    pub baseline_spend: Percentiles,
    /// Cumulative net saving in pence to this month's end.
    pub cumulative_net_saving: Percentiles,
}

/// One financial year's bands (a part-year at either end says `months`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandYear {
    pub financial_year: i32,
    pub label: String,
    pub months: u32,
    /// Placement spend over the (part-)year, in pence: percentiles of each
    /// run's yearly sum (not sums of monthly percentiles).
    pub scenario_spend: Percentiles,
    pub baseline_spend: Percentiles,
    /// At the last projected month of the year.
    pub scenario_children_end: Percentiles,
    pub baseline_children_end: Percentiles,
    pub cumulative_net_saving_end: Percentiles,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bands {
    pub runs: u32,
    pub seed: u64,
    pub months: Vec<BandMonth>,
    pub years: Vec<BandYear>,
}

/// When a child leaves care, from **one** exponential draw `e` (mean 1):
/// the child's exit rate changes with age (by band), so the months `G`
/// they stay are the largest `k` whose cumulative hazard
/// `H(k) = Σ_{j=1..k} −ln(1 − r(age + j))` is at most `e`, giving
/// `P(G ≥ k) = e^{−H(k)} = Π (1 − r(age + j))`: the chance of surviving `k`
/// months of `project`'s step 2. The hazard is constant within a band, so
/// the walk takes a multiplication per band crossed (usually one or two).
#[derive(Debug, Clone)]
struct ExitDraw {
    /// `λ = −ln(1 − r)` of each band (at most [`MAX_HAZARD`]).
    lambda: [f64; 5],
    /// `1 / λ` (infinite where λ is 0): a multiplication is cheaper than a
    /// division.
    inverse: [f64; 5],
    never: bool,
}

/// The hazard of a monthly rate of 1 (a chance of staying of e^−50).
const MAX_HAZARD: f64 = 50.0;
/// 2^32.
const TWO_POW_32: f64 = 4_294_967_296.0;
/// 2^−32.
const TWO_POW_MINUS_32: f64 = 1.0 / TWO_POW_32;
/// The last whole month of age in each band (`AgeBand::first_month` of
/// the next, less one; the last band's is the month before 18).
const BAND_LAST: [u32; 5] = {
    let mut last = [MAX_AGE_MONTHS - 1; 5];
    let mut b = 0;
    while b < 4 {
        last[b] = AgeBand::ALL[b + 1].first_month() - 1;
        b += 1;
    }
    last
};

impl ExitDraw {
    fn new(bands: &[f64; 5]) -> ExitDraw {
        let lambda = bands.map(|r| {
            if r.is_nan() || r <= 0.0 {
                0.0
            } else if r >= 1.0 {
                MAX_HAZARD
            } else {
                (-(1.0 - r).ln()).min(MAX_HAZARD)
            }
        });
        ExitDraw {
            lambda,
            inverse: lambda.map(|l| if l > 0.0 { 1.0 / l } else { f64::INFINITY }),
            never: lambda.iter().all(|&l| l == 0.0),
        }
    }

    /// Months a child aged `age` at the end of a month stays in care
    /// (exposed at `age + 1`, `age + 2`, … in the months after) for the
    /// exponential draw `e`; at most `215 − age` (then they turn 18 first),
    /// and never more than `cap` (the walk stops there, as nothing past the
    /// horizon is counted); `cap` itself when every rate is 0.
    #[inline(always)]
    fn months(&self, age: u32, e: f64, cap: u32) -> u32 {
        if self.never {
            return cap;
        }
        let last_age = (MAX_AGE_MONTHS - 1).min(age.saturating_add(cap));
        // The next age exposed (`age` is below 18, so no overflow).
        let mut next = age + 1;
        let mut left = e;
        // The bands from the next age's on, by index: the arrays are as
        // long as the range, so no bounds checks (3% fewer instructions a
        // run than zipped iterators, counted by callgrind).
        #[allow(clippy::needless_range_loop)]
        for band in super::rates::band_index(next)..5 {
            if next > last_age {
                break;
            }
            let ages = BAND_LAST[band].min(last_age) - next + 1;
            // Where the hazard is 0 the inverse is infinite, so `whole` is
            // too (or NaN when nothing is left): never below `ages`, and
            // `left` loses nothing.
            let whole = left * self.inverse[band];
            if whole < f64::from(ages) {
                // Non-negative, so truncation is the floor (and no call
                // into the maths library). A checked conversion costs six
                // more instructions a stay, and is not needed:
                // SAFETY: `whole` passed the test above, which a NaN or an
                // infinity fails, and is a product of `left ≥ 0` and
                // `inverse > 0`: finite, in `[0, ages)`, so a u32.
                return next - 1 - age + unsafe { whole.to_int_unchecked::<u32>() };
            }
            // Held at 0: rounding can leave a hair below it, which the
            // infinite inverse of a band without hazard would turn into an
            // exit there.
            left = (left - self.lambda[band] * f64::from(ages)).max(0.0);
            next += ages;
        }
        last_age.saturating_sub(age)
    }
}

/// Age in whole months at the end of the month before `first` of a child
/// who turns 18 in month `age_out`.
#[inline(always)]
fn age_before(first: u32, age_out: u32) -> u32 {
    (MAX_AGE_MONTHS + first).saturating_sub(age_out + 1)
}

/// A Poisson distribution sampled by inverting its cumulative table: one
/// uniform draw per sample, the search started from a guide table (the
/// draw's top [`GUIDE_BITS`] bits give the first entry that can hold it),
/// so a sample takes a step or two rather than a binary search.
#[derive(Debug, Clone)]
struct Poisson {
    cdf: Vec<f64>,
    /// `guide[j]`: the first `k` with `cdf[k] > j / 2^GUIDE_BITS`.
    guide: Vec<u32>,
}

/// The guide table of a [`Poisson`] has `2^GUIDE_BITS` entries.
const GUIDE_BITS: u32 = 7;

impl Poisson {
    fn new(lambda: f64) -> Poisson {
        if lambda.is_nan() || lambda <= 0.0 {
            return Poisson {
                cdf: vec![1.0],
                guide: Vec::new(),
            };
        }
        let k_max = (lambda + 12.0 * lambda.sqrt() + 20.0).ceil() as usize;
        // Each chance from the last, `P(k) = P(k − 1) · λ / k`, from
        // `P(0) = e^−λ`; past about 700 that underflows, so there from logs.
        let mut cdf = Vec::with_capacity(k_max + 1);
        let mut total = 0.0;
        if lambda < 700.0 {
            let mut p = (-lambda).exp();
            for k in 0..=k_max {
                if k > 0 {
                    p *= lambda / k as f64;
                }
                total += p;
                cdf.push(total);
            }
        } else {
            let ln_lambda = lambda.ln();
            let mut ln_p = -lambda;
            for k in 0..=k_max {
                if k > 0 {
                    ln_p += ln_lambda - (k as f64).ln();
                }
                total += ln_p.exp();
                cdf.push(total);
            }
        }
        for c in &mut cdf {
            *c /= total;
        }
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        // One pass: entry `j` is the first `k` whose cumulative chance is
        // above `j / 2^GUIDE_BITS`.
        let slots = 1u32 << GUIDE_BITS;
        let mut guide = Vec::with_capacity(slots as usize);
        let mut k = 0;
        for j in 0..slots {
            let at = f64::from(j) / f64::from(slots);
            while cdf[k] <= at {
                k += 1;
            }
            guide.push(k as u32);
        }
        Poisson { cdf, guide }
    }

    fn is_zero(&self) -> bool {
        self.cdf.len() == 1
    }

    /// A draw; no random bits are used when the mean is zero.
    #[inline]
    fn sample(&self, bits: &mut Bits) -> u32 {
        if self.is_zero() {
            return 0;
        }
        self.invert(bits.next())
    }

    /// The sample for 32 random bits `x`: the first `k` whose cumulative
    /// chance passes `u = (x + ½) / 2^32`.
    #[inline(always)]
    fn invert(&self, x: u32) -> u32 {
        let u = (f64::from(x) + 0.5) * TWO_POW_MINUS_32;
        // `u ≥ j / 2^GUIDE_BITS`, so no entry before the guide's holds it;
        // the last entry is 1, so the walk stops there.
        let mut k = self.guide[(x >> (32 - GUIDE_BITS)) as usize] as usize;
        while self.cdf[k] <= u {
            k += 1;
        }
        k as u32
    }
}

/// Own and external residential care: the categories stepped down from.
fn is_residential(c: PlacementCategory) -> bool {
    matches!(
        c,
        PlacementCategory::OwnResidential | PlacementCategory::ExternalResidential
    )
}

// A path's categories are bits of a u32.
const _: () = assert!(N_CAT <= 32);

/// Everything fixed across runs.
struct Model {
    months: usize,
    cal: Vec<Calendar>,
    /// Financial-year index (0-based) of each month.
    year_of: Vec<usize>,
    years: Vec<(i32, u32)>,
    /// Weekly cost per category times the month's days, per month (index
    /// `c * months + i`): a month's spend is `children × this / 7`, in
    /// whole numbers until the division.
    week_days: Vec<i64>,
    specialist_week_days: Vec<i64>,
    staying_put_weekly: Vec<i64>,
    /// Start-date children: (category index, age in months).
    children: Vec<(usize, u32)>,
    mix: Alias,
    /// The baseline's exit rates by category and band.
    base_rates: [[f64; 5]; N_CAT],
    /// Per category, a Gamma of mean 1 from the events behind its rates
    /// where the baseline has them: each run draws a factor on all of the
    /// category's band rates (they move together, docs §1.1).
    rate_factors: [Option<Gamma<f64>>; N_CAT],
    /// The level of entries as a Gamma of mean 1 (the entrants' count and
    /// the year-to-year variation), when there is any uncertainty in it.
    entry_gamma: Option<Gamma<f64>>,
    /// A factor of mean 1 on every exit rate of a run (the year-to-year
    /// variation of exits), when the history shows any.
    exit_factor: Option<Gamma<f64>>,
    /// Expected entrants in each month as `project` computes them (the
    /// mix's share of `Levers::entrants_in_month`).
    entry_means: Vec<f64>,
    /// The fitted rates of moving out of each category by band.
    base_moves: [[f64; 5]; N_CAT],
    /// Their factors, as `rate_factors`.
    move_factors: [Option<Gamma<f64>>; N_CAT],
    /// Where movers go and the levers' factors on the rates out, for the
    /// comparator and the scenario (worked out once, not every run).
    move_mix: [MoveMix; 2],
    /// Where movers out of each category go, drawn from `move_mix`.
    destinations: [[Destinations; N_CAT]; 2],
    /// The levers' changes to each category's exit rates, for the
    /// comparator and the scenario (`Levers::exit_rate`).
    exit_changes: [[Option<RateChange>; N_CAT]; 2],
    /// The rates of every run when nothing about them is uncertain.
    fixed: Option<RunRates>,
    /// Whether the scenario differs from the comparator at all.
    differs: bool,
    /// An IFA entrant is offered in-house when 32 random bits are below
    /// this: `shift_share × 2^32`.
    shift_threshold: u64,
    recruit: Poisson,
    leaving: Poisson,
    specialist: Poisson,
    step_down: Poisson,
    in_house_places: f64,
    places_per_household: f64,
    /// Children each specialist household can take.
    specialist_places: f64,
    /// Months from recruitment to approval (`Levers::approval_months`).
    approval_months: usize,
    usable_place_share: f64,
    one_off: f64,
    support: f64,
    overheads: f64,
    levers: Levers,
    comparator: Levers,
}

impl Model {
    fn new(baseline: &Baseline, levers: &Levers) -> Model {
        let months = levers.horizon_months();
        let cal = calendar(baseline, months);
        let start_fy = super::baseline::financial_year_of(baseline.start);
        let mut years: Vec<(i32, u32)> = Vec::new();
        let mut year_of = Vec::with_capacity(months);
        for m in &cal {
            if years.last().is_none_or(|y| y.0 != m.fy) {
                years.push((m.fy, 0));
            }
            let last = years.len() - 1;
            years[last].1 += 1;
            year_of.push(last);
        }
        let mut week_days = vec![0; N_CAT * months];
        for (ci, &c) in PlacementCategory::ALL.iter().enumerate() {
            for (i, m) in cal.iter().enumerate() {
                week_days[ci * months + i] = weekly_cost(
                    levers.unit_cost(c, baseline),
                    levers.inflation(c),
                    m.fy - start_fy,
                ) * m.days;
            }
        }
        let ih_inflation = levers.inflation(PlacementCategory::InHouseFostering);
        let specialist_week_days = cal
            .iter()
            .map(|m| {
                weekly_cost(
                    Pence(levers.specialist_weekly_fee_pence),
                    ih_inflation,
                    m.fy - start_fy,
                ) * m.days
            })
            .collect();
        let staying_put_weekly = cal
            .iter()
            .map(|m| {
                weekly_cost(
                    Pence(levers.staying_put_weekly_pence),
                    ih_inflation,
                    m.fy - start_fy,
                )
            })
            .collect();
        let children = baseline
            .children
            .iter()
            .filter(|c| c.age_months < MAX_AGE_MONTHS)
            .map(|c| (c.category.index(), c.age_months))
            .collect();
        let mut weights = Vec::new();
        let mut items = Vec::new();
        let mut acc = 0.0;
        for e in &baseline.entry_mix {
            if e.age_months < MAX_AGE_MONTHS && e.share > 0.0 {
                acc += e.share;
                weights.push(e.share);
                items.push((e.category.index(), e.age_months));
            }
        }
        // Entrants per month as `project` computes them: the mix's shares
        // of the expected number, so a mix summing to less than 1 (ages
        // past 18 left out) thins the entrants the same way.
        let comparator = levers.comparator();
        let base_rates: [[f64; 5]; N_CAT] = per_category(|c| baseline.exit_band_rates(c));
        let gamma = |shape: f64, exposure: f64| {
            (shape > 0.0 && exposure > 0.0)
                .then(|| Gamma::new(shape, 1.0 / exposure).ok())
                .flatten()
        };
        // A baseline without cells has no factors.
        let rate_factors = category_factors(&baseline.exit_cells);
        // The level of entries is uncertain by its count (a relative
        // variance of 1 / entrants) and by how much it varies from year to
        // year beyond chance: each run scales the expected entrants by a
        // Gamma of mean 1 and the two variances added.
        let year_to_year = baseline.year_to_year.as_ref();
        let entry_shape = match (baseline.entrants.filter(|&n| n > 0), year_to_year) {
            (Some(n), Some(y)) if y.entries > 0.0 => 1.0 / (1.0 / f64::from(n) + y.entries),
            (Some(n), _) => f64::from(n),
            (None, Some(y)) if y.entries > 0.0 => 1.0 / y.entries,
            (None, _) => 0.0,
        };
        let entry_gamma = gamma(entry_shape, entry_shape);
        // Every exit rate of a run moves together by a factor of mean 1
        // and the exits' year-to-year variance.
        let exit_factor = year_to_year
            .filter(|y| y.exits > 0.0)
            .and_then(|y| gamma(1.0 / y.exits, 1.0 / y.exits));
        let entry_means: Vec<f64> = (0..months)
            .map(|i| {
                if acc > 0.0 {
                    levers.entrants_in_month(baseline, i) * acc
                } else {
                    0.0
                }
            })
            .collect();
        let move_factors = category_factors(&baseline.move_cells);
        let move_mix = [&comparator, levers].map(|l| MoveMix::new(&baseline.move_counts, l));
        let uncertain = rate_factors.iter().any(Option::is_some)
            || move_factors.iter().any(Option::is_some)
            || entry_gamma.is_some()
            || exit_factor.is_some();
        let mut model = Model {
            months,
            year_of,
            years,
            week_days,
            specialist_week_days,
            staying_put_weekly,
            children,
            mix: Alias::new(&weights, items),
            base_rates,
            rate_factors,
            entry_gamma,
            exit_factor,
            entry_means,
            base_moves: per_category(|c| fitted_out(baseline)[c.index()]),
            move_factors,
            destinations: move_mix
                .each_ref()
                .map(|mix| std::array::from_fn(|c| Destinations::new(&mix.to[c]))),
            move_mix,
            exit_changes: [&comparator, levers]
                .map(|l| per_category(|c| l.exit_rate_changes.get(&c).copied())),
            fixed: None,
            differs: *levers != comparator,
            shift_threshold: (levers.shift_share.clamp(0.0, 1.0) * TWO_POW_32) as u64,
            recruit: Poisson::new(levers.recruit_households_per_year / 12.0),
            leaving: Poisson::new(levers.households_leaving_per_year / 12.0),
            specialist: Poisson::new(levers.specialist_households_per_year / 12.0),
            step_down: Poisson::new(levers.step_down_per_year / 12.0),
            in_house_places: f64::from(baseline.in_house_places),
            places_per_household: levers.places_per_household(baseline),
            specialist_places: f64::from(levers.specialist_places_per_household),
            approval_months: levers.approval_months as usize,
            usable_place_share: levers.usable_place_share,
            one_off: levers.one_off_cost_per_household_pence as f64,
            support: levers.yearly_support_per_household_pence as f64,
            overheads: levers.scheme_overheads_per_year_pence as f64,
            levers: levers.clone(),
            comparator,
            cal,
        };
        if !uncertain {
            model.fixed = Some(RunRates::new(
                &model,
                &model.base_rates,
                &model.base_moves,
                1.0,
            ));
        }
        model
    }
}

/// One category's rates as a path reads them (one place in memory for
/// everything a segment looks up).
#[derive(Debug, Clone, Copy, PartialEq)]
struct CategoryRates {
    /// By band: the hazard of an event (leaving care or moving),
    /// `−ln(1 − exit − move)` a month, at most [`MAX_HAZARD`].
    lambda: [f64; 5],
    /// `1 / λ` (infinite where λ is 0): a multiplication is cheaper than a
    /// division.
    inverse: [f64; 5],
    /// By band: the chance an event is leaving care, `exit / (exit +
    /// move)` (1 where nobody moves), as a bound on 32 random bits: an
    /// event is leaving care when they are below `⌈share × 2^32⌉` (the
    /// same as `bits / 2^32 < share`, compared in whole numbers, which is
    /// quicker).
    exit_below: [u64; 5],
    /// Where movers go.
    to: Destinations,
    fostering: bool,
    residential: bool,
}

/// `⌈share × 2^32⌉`: 32 random bits `b` are below it exactly when
/// `b / 2^32 < share` (0 for a share at or below 0, or NaN).
fn bits_bound(share: f64) -> u64 {
    (share * TWO_POW_32).ceil() as u64
}

impl CategoryRates {
    /// What an event in band `band` is, from one 64-bit draw `x`: its high
    /// half says whether it is leaving care (`None`), its low half where a
    /// mover goes (`Some(category)`).
    #[inline(always)]
    fn event(&self, band: usize, x: u64) -> Option<usize> {
        if self.leaves(band, x) {
            return None;
        }
        Some(self.destination(x))
    }

    /// Whether an event in band `band` is leaving care, from the high half
    /// of the draw `x` (always, where nobody moves).
    #[inline(always)]
    fn leaves(&self, band: usize, x: u64) -> bool {
        (x >> 32) < self.exit_below[band]
    }

    /// Where a mover goes, from the low half of the draw `x`.
    #[inline(always)]
    fn destination(&self, x: u64) -> usize {
        self.to.pick(x as u32)
    }
}

/// Where those moving out of a category go: an alias table over the
/// categories (as [`Alias`]), so a draw reads one column and selects,
/// whatever the number of categories.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Destinations {
    keep: [u64; N_CAT],
    alias: [u8; N_CAT],
}

impl Destinations {
    /// From the shares going to each category.
    fn new(shares: &[f64; N_CAT]) -> Destinations {
        let columns = alias_columns(shares);
        Destinations {
            keep: std::array::from_fn(|k| columns[k].0),
            alias: std::array::from_fn(|k| columns[k].1 as u8),
        }
    }

    #[inline(always)]
    fn pick(&self, x: u32) -> usize {
        let (k, fraction) = alias_column(x, N_CAT);
        // `k < N_CAT`: the column of a fraction of 2^32.
        if fraction < self.keep[k] {
            k
        } else {
            usize::from(self.alias[k])
        }
    }
}

/// How the children of each category leave it in one run (leaving care
/// or moving to another category) for one set of levers.
#[derive(Debug, Clone, PartialEq)]
struct PathRates {
    cats: [CategoryRates; N_CAT],
}

impl PathRates {
    /// From the exit rates by category and band and the move rates (out of
    /// each category by band, and where to), held as `project` holds them:
    /// the move within `1 − exit`.
    fn new(exits: &[[f64; 5]], out: &[[f64; 5]], to: &[Destinations; N_CAT]) -> PathRates {
        PathRates {
            cats: std::array::from_fn(|c| {
                let category = PlacementCategory::ALL[c];
                let mut total = [0.0; 5];
                let mut exit_share = [1.0; 5];
                for b in 0..5 {
                    let e = exits[c][b].clamp(0.0, 1.0);
                    let mv = out[c][b].min(1.0 - e).max(0.0);
                    total[b] = e + mv;
                    if mv > 0.0 {
                        exit_share[b] = e / (e + mv);
                    }
                }
                let draw = ExitDraw::new(&total);
                CategoryRates {
                    lambda: draw.lambda,
                    inverse: draw.inverse,
                    exit_below: exit_share.map(bits_bound),
                    to: to[c],
                    fostering: is_fostering(category),
                    residential: is_residential(category),
                }
            }),
        }
    }
}

/// The draws and entrants of one run: the baseline's rates, or, where the
/// baseline holds the events behind them, rates drawn for the run.
#[derive(Clone)]
struct RunRates {
    /// The comparator's and the scenario's.
    b: PathRates,
    s: PathRates,
    /// Whether the two are the same for every category.
    all_same: bool,
    /// Whether the two differ for each category: a path that meets none
    /// that do is the same in both runs.
    differ: [bool; N_CAT],
    /// Stepped-down children leave at the scenario's external residential
    /// exit rates, and do not move.
    specialist: ExitDraw,
    entries: Entries,
}

/// Entrants a month: one Poisson table when the mean is the same every
/// month, else each month's mean.
#[derive(Clone)]
enum Entries {
    Flat(Poisson),
    Varying(Vec<f64>),
}

impl Entries {
    fn new(means: &[f64], scale: f64) -> Entries {
        match means.first() {
            Some(&first) if means.iter().all(|&m| m == first) => {
                Entries::Flat(Poisson::new(first * scale))
            }
            None => Entries::Flat(Poisson::new(0.0)),
            _ => Entries::Varying(means.iter().map(|m| m * scale).collect()),
        }
    }

    #[inline]
    fn sample(&self, month: usize, bits: &mut Bits) -> u32 {
        match self {
            Entries::Flat(p) => p.sample(bits),
            Entries::Varying(means) => match rand_distr::Poisson::new(means[month]) {
                Ok(p) => p.sample(&mut bits.rng) as u32,
                Err(_) => 0,
            },
        }
    }
}

impl RunRates {
    /// From a run's exit rates and rates of moving out (before the
    /// levers) and its factor on the expected entrants.
    fn new(
        m: &Model,
        exits: &[[f64; 5]; N_CAT],
        moves_out: &[[f64; 5]; N_CAT],
        scale: f64,
    ) -> Self {
        // As `Levers::exit_rate` and `MoveRates::with_rates`.
        let [exits_b, exits_s] = m.exit_changes.each_ref().map(|changes| {
            std::array::from_fn::<_, N_CAT, _>(|c| {
                exits[c].map(|r| changes[c].map_or(r, |change| change.apply(r)))
            })
        });
        let [out_b, out_s] = m
            .move_mix
            .each_ref()
            .map(|mix| std::array::from_fn::<_, N_CAT, _>(|c| mix.out(c, moves_out[c])));
        let [mix_b, mix_s] = &m.move_mix;
        let specialist = ExitDraw::new(&exits_s[PlacementCategory::ExternalResidential.index()]);
        let all_same = exits_b == exits_s && out_b == out_s && mix_b.to == mix_s.to;
        let [to_b, to_s] = &m.destinations;
        let b = PathRates::new(&exits_b, &out_b, to_b);
        let s = if all_same {
            b.clone()
        } else {
            PathRates::new(&exits_s, &out_s, to_s)
        };
        RunRates {
            differ: std::array::from_fn(|c| b.cats[c] != s.cats[c]),
            s,
            b,
            all_same,
            specialist,
            entries: Entries::new(&m.entry_means, scale),
        }
    }
}

impl Model {
    /// This run's rates: fixed, or drawn from their Gammas (a cell without
    /// one keeps the baseline's rate).
    fn run_rates(&self, bits: &mut Bits) -> std::borrow::Cow<'_, RunRates> {
        if let Some(f) = &self.fixed {
            return std::borrow::Cow::Borrowed(f);
        }
        let mut exits = self.base_rates;
        for (rates, g) in exits.iter_mut().zip(&self.rate_factors) {
            if let Some(g) = g {
                let factor = g.sample(&mut bits.rng);
                rates.iter_mut().for_each(|r| *r = (*r * factor).min(1.0));
            }
        }
        if let Some(g) = &self.exit_factor {
            let factor = g.sample(&mut bits.rng);
            for r in exits.iter_mut().flatten() {
                *r = (*r * factor).min(1.0);
            }
        }
        let mut moves = self.base_moves;
        for (rates, g) in moves.iter_mut().zip(&self.move_factors) {
            if let Some(g) = g {
                let factor = g.sample(&mut bits.rng);
                rates.iter_mut().for_each(|r| *r = (*r * factor).min(1.0));
            }
        }
        let scale = match &self.entry_gamma {
            Some(g) => g.sample(&mut bits.rng),
            None => 1.0,
        };
        std::borrow::Cow::Owned(RunRates::new(self, &exits, &moves, scale))
    }
}

/// Per category, the Gamma of mean 1 that a run draws its factor on the
/// category's rates from: the shape of its cells (the category's events,
/// real and borrowed, which its bands share), where a cell has a rate to
/// scale. A category whose cells were written with different shapes takes
/// the largest (the narrowest).
fn category_factors(cells: &[RateCell]) -> [Option<Gamma<f64>>; N_CAT] {
    let mut shapes = [0.0f64; N_CAT];
    for cell in cells.iter().filter(|c| c.exposure > 0.0) {
        let s = &mut shapes[cell.category.index()];
        *s = s.max(cell.shape);
    }
    shapes.map(|shape| {
        (shape > 0.0)
            .then(|| Gamma::new(shape, 1.0 / shape).ok())
            .flatten()
    })
}

/// Walker's alias table (Vose's construction): draws one of `items` with
/// probability proportional to its weight in constant time from 32 random
/// bits, in integers.
struct Alias {
    columns: Vec<Column>,
}

/// One column of an [`Alias`] table: its own item and its alias, each as
/// `category << 32 | age`, so a draw reads one column and selects.
#[derive(Clone, Copy)]
struct Column {
    /// The column keeps its own item when the draw's fraction within it
    /// (32 bits) is below this; else it gives the alias's.
    keep: u64,
    own: u64,
    alias: u64,
}

/// Walker's alias table for `weights` (Vose's construction): per column,
/// the bound below which 32 random bits of the fraction within it keep the
/// column's own item (`keep × 2^32`), and the item given otherwise.
/// Weights that are not positive numbers count as 0; with no weight at
/// all, every column keeps its own item.
fn alias_columns(weights: &[f64]) -> Vec<(u64, usize)> {
    let n = weights.len();
    let weight = |w: f64| if w > 0.0 { w } else { 0.0 };
    let total: f64 = weights.iter().map(|&w| weight(w)).sum();
    if !(total > 0.0 && total.is_finite()) {
        return (0..n).map(|k| (u64::MAX, k)).collect();
    }
    let mut keep: Vec<f64> = weights
        .iter()
        .map(|&w| weight(w) * n as f64 / total)
        .collect();
    let mut alias: Vec<usize> = (0..n).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&k| keep[k] < 1.0);
    while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
        small.pop();
        alias[s] = l;
        keep[l] -= 1.0 - keep[s];
        if keep[l] < 1.0 {
            large.pop();
            small.push(l);
        }
    }
    // Whatever is left is 1 up to rounding.
    for k in small.into_iter().chain(large) {
        keep[k] = 1.0;
    }
    keep.iter()
        .zip(alias)
        .map(|(&k, a)| ((k * TWO_POW_32) as u64, a))
        .collect()
}

/// The column of an alias table of `n` columns for 32 random bits `x`
/// (`x × n / 2^32`), and the fraction within it (the low 32 bits of
/// `x × n`).
#[inline(always)]
fn alias_column(x: u32, n: usize) -> (usize, u64) {
    let product = u64::from(x) * n as u64;
    ((product >> 32) as usize, product & 0xffff_ffff)
}

impl Alias {
    fn new(weights: &[f64], items: Vec<(usize, u32)>) -> Alias {
        let packed = |(c, age): (usize, u32)| (c as u64) << 32 | u64::from(age);
        Alias {
            columns: alias_columns(weights)
                .into_iter()
                .enumerate()
                .map(|(k, (keep, alias))| Column {
                    keep,
                    own: packed(items[k]),
                    alias: packed(items[alias]),
                })
                .collect(),
        }
    }

    /// The item for 32 random bits: the column is `x × n / 2^32`, the
    /// fraction within it the low 32 bits of `x × n`.
    #[inline(always)]
    fn pick(&self, x: u32) -> (usize, u32) {
        let (k, fraction) = alias_column(x, self.columns.len());
        let column = self.columns[k];
        // A select by mask, not a jump: the test is a coin toss, which a
        // jump would often mispredict.
        let own = u64::from(fraction < column.keep).wrapping_neg();
        let item = (column.own & own) | (column.alias & !own);
        ((item >> 32) as usize, item as u32)
    }
}

/// A stretch of a child's time in care in one category: counted at the
/// ends of months `start` to `end − 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seg {
    c: usize,
    start: u32,
    end: u32,
}

/// Whether a segment in a category with rates `cat` holds a resident: a
/// residential stay with at least one month-end in it (one a step-down can
/// take a child from). `&`, not `&&`: no jump on whether it does.
#[inline(always)]
fn holds_a_resident(cat: &CategoryRates, seg: &Seg) -> bool {
    cat.residential & (seg.end > seg.start)
}

/// A residential segment of a scenario path, kept so a step-down can take
/// the child from it. A step-down undoes the rest of the segment and all
/// the path would have done after it, which is drawn again from `then`
/// only for the few children picked (most residential paths are never
/// stepped down, so they are not kept whole). Months and ages are held in
/// 16 bits (a run's months and 18th birthdays are below 2^16), so a
/// resident is 24 bytes, written for every segment of a scenario path.
#[derive(Debug, Clone, Copy, Default)]
struct Resident {
    /// The path's generator as it stood before the event that ends the
    /// segment (unused when none does: `ends`).
    then: u64,
    /// The path's first slot in `Scratch::kept`: the same for all its
    /// residents, so those after this one are found (and undone with it).
    path: u32,
    start: u16,
    end: u16,
    age_out: u16,
    c: u8,
    /// The birthday or the horizon ends the segment, so the path does too.
    ends: bool,
    /// Recorded in the arrays both runs share (else the scenario's own).
    shared: bool,
    /// Undone by a step-down earlier in the path.
    dead: bool,
}

const _: () = assert!(12 * MAX_HORIZON_YEARS as usize + (MAX_AGE_MONTHS as usize) < 1 << 16);
const _: () = assert!(N_CAT <= 1 << 8);

impl Resident {
    fn seg(&self) -> Seg {
        Seg {
            c: usize::from(self.c),
            start: u32::from(self.start),
            end: u32::from(self.end),
        }
    }

    /// The generator's state before the event ending the segment, if one
    /// does.
    fn then(&self) -> Option<u64> {
        (!self.ends).then_some(self.then)
    }
}

/// An IFA entrant offered in-house in the scenario, waiting for a place.
#[derive(Debug, Clone)]
struct Pending {
    /// The entrant's own random stream (the same in both runs).
    rng: Wy,
    age_out: u32,
}

/// Cells in a category's row of a difference array: more than the longest
/// horizon's months and the spare cell past it, and a power of two, so a
/// month (always in range) is masked into range rather than checked.
const ROW: usize = 128;
/// Cells of a foster leavers' array: more than the last month a child can
/// turn 18 in (the horizon plus 216 months), a power of two as [`ROW`].
const LEAVER_CELLS: usize = 512;
const _: () = assert!(12 * (MAX_HORIZON_YEARS as usize) < ROW);
const _: () = assert!(12 * MAX_HORIZON_YEARS as usize + MAX_AGE_MONTHS as usize <= LEAVER_CELLS);

/// A run's difference array: per category, +1 in the month a child is
/// first counted and −1 in the month they stop.
type Diff = [[i32; ROW]; N_CAT];
/// A run's foster leavers at 18 by month (past the horizon too, unread).
type Leavers = [i32; LEAVER_CELLS];

/// A month's cell in a row: the mask changes no month a run holds.
#[inline(always)]
fn cell(month: u32) -> usize {
    month as usize & (ROW - 1)
}

/// Slots a path can write residents to: one per segment, and a path has
/// at most one segment per month of the horizon and one more (each move
/// comes at least a month after the last).
const PATH_SLOTS: usize = ROW + 1;

/// One run's working arrays, reused between runs. A child whose time in
/// care is the same in both runs is recorded once, in the shared arrays;
/// the others in the comparator's or the scenario's own.
struct Scratch {
    /// Difference arrays.
    diff_shared: Box<Diff>,
    diff_b: Box<Diff>,
    diff_s: Box<Diff>,
    diff_specialist: Vec<i32>,
    /// Foster leavers at 18 by month.
    leavers_shared: Box<Leavers>,
    leavers_b: Box<Leavers>,
    leavers_s: Box<Leavers>,
    /// Households recruited by month (mainstream and specialist).
    recruits: Vec<f64>,
    /// Households recruited by month: mainstream, specialist.
    recruited: Vec<[f64; 2]>,
    /// The residential segments of scenario paths (the children who may be
    /// stepped down): the first `kept_len` slots of `kept`. Every segment
    /// of a scenario path is written to the next slot, which is then
    /// taken only when the segment is residential: no jump on whether it
    /// is. There are always [`PATH_SLOTS`] free when a path starts.
    kept: Vec<Resident>,
    kept_len: usize,
    /// The indices of residents not yet picked or dropped, and how many of
    /// `kept` were listed in it (the rest are listed before the next pick).
    residents: Vec<u32>,
    listed: usize,
    pending: Vec<Pending>,
    /// The paths being worked out in each run when they may differ, and
    /// the scenario path's residential segments.
    path_b: Vec<Seg>,
    path_s: Vec<Seg>,
    then_s: Vec<(Seg, bool, u64)>,
    /// Per month: the comparator's children and spend, the scenario's.
    totals: Vec<[i64; 4]>,
    /// This run's results per month: scenario children, comparator
    /// children, scenario spend, comparator spend, cumulative net saving.
    out: Vec<[i64; MONTH_METRICS]>,
}

impl Scratch {
    fn new(months: usize) -> Scratch {
        Scratch {
            diff_shared: Box::new([[0; ROW]; N_CAT]),
            diff_b: Box::new([[0; ROW]; N_CAT]),
            diff_s: Box::new([[0; ROW]; N_CAT]),
            diff_specialist: vec![0; months + 1],
            leavers_shared: Box::new([0; LEAVER_CELLS]),
            leavers_b: Box::new([0; LEAVER_CELLS]),
            leavers_s: Box::new([0; LEAVER_CELLS]),
            recruits: vec![0.0; months],
            recruited: vec![[0.0; 2]; months],
            // Grown as a run needs (kept between runs): small at first, so
            // that every run of the tests grows it too.
            kept: vec![Resident::default(); 2 * PATH_SLOTS],
            kept_len: 0,
            residents: Vec::new(),
            listed: 0,
            pending: Vec::new(),
            path_b: Vec::new(),
            path_s: Vec::new(),
            then_s: Vec::new(),
            totals: vec![[0; 4]; months],
            out: vec![[0; MONTH_METRICS]; months],
        }
    }

    fn reset(&mut self) {
        for diff in [&mut self.diff_shared, &mut self.diff_b, &mut self.diff_s] {
            diff.iter_mut().for_each(|row| row.fill(0));
        }
        self.diff_specialist.fill(0);
        self.leavers_shared.fill(0);
        self.leavers_b.fill(0);
        self.leavers_s.fill(0);
        self.recruits.fill(0.0);
        self.recruited.fill([0.0; 2]);
        self.kept_len = 0;
        self.residents.clear();
        self.listed = 0;
        self.pending.clear();
    }
}

/// A run's random numbers.
struct Bits {
    rng: Wy,
}

impl Bits {
    /// An exponential draw with mean 1 (a ziggurat: no logarithm).
    #[inline(always)]
    fn exp(&mut self) -> f64 {
        Exp1.sample(&mut self.rng)
    }

    /// 64 random bits: a seed for a child's own stream (its path draws
    /// from it, so the scenario and the comparator draw the same numbers
    /// for the child however far each run's path goes), or two 32-bit
    /// draws.
    #[inline(always)]
    fn u64(&mut self) -> u64 {
        self.rng.random()
    }

    /// 32 random bits: the high half of a 64-bit draw. (Keeping the low
    /// half for the next call would cost a jump that goes either way.)
    #[inline(always)]
    fn next(&mut self) -> u32 {
        (self.u64() >> 32) as u32
    }
}

/// The first month of age of the band after each band (18 after the
/// last).
const BAND_NEXT: [i32; 5] = {
    let mut next = [MAX_AGE_MONTHS as i32; 5];
    let mut b = 0;
    while b < 4 {
        next[b] = AgeBand::ALL[b + 1].first_month() as i32;
        b += 1;
    }
    next
};

/// The month of the event ending a stay in a category with rates `cat`,
/// first exposed in month `first`, for the exponential draw `e`, of a
/// child aged `m − shift` months in month `m` (`shift` is the month they
/// turn 18, less 216), and the band the event falls in: the first month
/// `first + G` with `G` the largest `k` for which the hazard of months
/// `first` to `first + k − 1` adds up to at most `e` (as
/// [`ExitDraw::months`]), or `last` (the 18th birthday or the horizon)
/// when the stay reaches it. The hazard is constant within a band, so the
/// walk takes a multiplication per band crossed.
#[inline(always)]
fn stay(cat: &CategoryRates, first: u32, e: f64, shift: i32, last: u32) -> (u32, usize) {
    let mut t = first;
    // The age in month `first` is from 1 to 216 months.
    let mut band = super::rates::band_index((first as i32 - shift) as u32);
    let mut left = e;
    loop {
        // The band runs to the month before the next band's first month of
        // age, which is after `t`: never below `t`.
        let end = ((BAND_NEXT[band] + shift) as u32).min(last);
        let months = end - t;
        // Where the hazard is 0 the inverse is infinite, so `whole` is
        // too (or NaN when nothing is left): never below `months`.
        let whole = left * cat.inverse[band];
        if whole < f64::from(months) {
            // SAFETY: `whole` passed the test above, which a NaN or an
            // infinity fails, and is a product of `left ≥ 0` and
            // `inverse > 0`: finite, in `[0, months)`, so a u32. (Its
            // truncation is the floor; a checked conversion costs six
            // more instructions a stay.)
            return (t + unsafe { whole.to_int_unchecked::<u32>() }, band);
        }
        // The last band ends at 18, at or after `last`, so `band` stays
        // below 5.
        if end >= last {
            return (last, band);
        }
        // Held at 0: rounding can leave a hair below it, which the
        // infinite inverse of a band without hazard would turn into an
        // event there.
        left = (left - cat.lambda[band] * f64::from(months)).max(0.0);
        t = end;
        band += 1;
    }
}

/// Where the pieces of a path go as it is drawn.
trait Sink {
    /// A segment of the path.
    fn segment(&mut self, seg: Seg);
    /// Whether [`Sink::resident`] is wanted (a constant, so the test folds
    /// away where it is not).
    const RESIDENTS: bool;
    /// A segment, again, saying whether it is a resident (residential, with
    /// at least one month-end in it), whether it `ends` the path (the
    /// birthday or the horizon) and the generator's state before the event
    /// that ends it (when it does not).
    fn resident(&mut self, _seg: Seg, _resident: bool, _ends: bool, _then: u64) {}
    /// The path is over: whether it ended with a foster placement left on
    /// the 18th birthday.
    fn end(&mut self, leaver: bool);
}

/// The path of a child of category `c`, counted from month `start`, first
/// exposed to leaving or moving in month `first`, reaching 18 in month
/// `age_out`, drawn from `rng`, into `sink` (an `entry` is first exposed
/// for half of the month before `first`, the month they enter): one
/// segment per category, ended by leaving care, the 18th birthday, the
/// horizon `h`, or a move. Returns the category of the first segment
/// (none when an entrant leaves in their first month).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn path<S: Sink>(
    p: &PathRates,
    h: u32,
    mut c: usize,
    start: u32,
    first: u32,
    age_out: u32,
    entry: bool,
    rng: &mut Wy,
    sink: &mut S,
) -> Option<usize> {
    let mut e: f64 = Exp1.sample(rng);
    if entry {
        // An entrant is in care for half of their first month on average,
        // at the hazard of their age at entry (`project::first_half_month`).
        let band = super::rates::band_index(age_before(first, age_out));
        let cat = &p.cats[c];
        let half = 0.5 * cat.lambda[band];
        if e < half {
            // Left, or moved in their first month: counted in the new
            // category from this month's end.
            let Some(d) = cat.event(band, rng.next_u64()) else {
                sink.end(false);
                return None;
            };
            c = d;
            e = Exp1.sample(rng);
        } else {
            e -= half;
        }
    }
    segments(p, h, c, start, first, age_out, e, rng, sink);
    Some(c)
}

/// The segments of a path from one in category `c` counted from month
/// `start`, first exposed in month `first`, with the exponential draw `e`
/// for its stay (§5): each ends with leaving care (chance `exit / (exit +
/// move)` of the band it happens in), a move to a destination drawn from
/// the category's mix (the next segment counted from the month of the
/// move, exposed from the month after, with a fresh exponential), the
/// 18th birthday or the horizon.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn segments<S: Sink>(
    p: &PathRates,
    h: u32,
    mut c: usize,
    mut start: u32,
    mut first: u32,
    age_out: u32,
    mut e: f64,
    rng: &mut Wy,
    sink: &mut S,
) {
    let shift = age_out as i32 - MAX_AGE_MONTHS as i32;
    // Past the 18th birthday or the horizon nothing is counted.
    let last = age_out.min(h);
    loop {
        let cat = &p.cats[c];
        let (event, band) = stay(cat, first, e, shift, last);
        let seg = Seg {
            c,
            start,
            end: event,
        };
        sink.segment(seg);
        // The birthday or the horizon.
        let ends = event >= last;
        if S::RESIDENTS {
            sink.resident(seg, holds_a_resident(cat, &seg), ends, rng.0.get_seed());
        }
        // The event's draw is made even when the birthday or the horizon
        // comes first, so that one jump, not two that go either way,
        // decides whether the path goes on: only a move does. (Where
        // nobody moves out, every event is leaving care.)
        let x = rng.next_u64();
        if ends | cat.leaves(band, x) {
            sink.end(ends & (event >= age_out) & cat.fostering);
            return;
        }
        c = cat.destination(x);
        start = event;
        first = event + 1;
        e = Exp1.sample(rng);
    }
}

/// The rest of a path after a segment in category `c` ending with an event
/// in month `event`, from the generator's state `then` before that event:
/// the same draws the path made.
fn resume<S: Sink>(
    p: &PathRates,
    h: u32,
    c: usize,
    event: u32,
    age_out: u32,
    then: u64,
    sink: &mut S,
) {
    let mut rng = Wy::seed_from_u64(then);
    let band = super::rates::band_index(event + MAX_AGE_MONTHS - age_out);
    match p.cats[c].event(band, rng.next_u64()) {
        None => sink.end(false),
        Some(d) => {
            let e = Exp1.sample(&mut rng);
            segments(p, h, d, event, event + 1, age_out, e, &mut rng, sink);
        }
    }
}

/// Records paths in one run's difference array (a segment +1 in its
/// first month counted, −1 in the month it ends) and its foster leavers at
/// 18 (by month, past the horizon too); with `KEEP`, the residents
/// of scenario paths, for stepping down.
struct Record<'a, const KEEP: bool> {
    diff: &'a mut Diff,
    leavers: &'a mut Leavers,
    /// With `KEEP`, the residents' slots and how many are taken.
    kept: &'a mut [Resident],
    kept_len: &'a mut usize,
    age_out: u32,
    shared: bool,
    /// The path's first slot.
    path: u32,
}

impl<const KEEP: bool> Sink for Record<'_, KEEP> {
    #[inline(always)]
    fn segment(&mut self, seg: Seg) {
        count(self.diff, &seg);
    }

    const RESIDENTS: bool = KEEP;

    /// Written to the next slot whatever the segment is, and the slot
    /// taken when it is a resident: a jump on whether it is would go
    /// either way, which costs more than the write.
    #[inline(always)]
    fn resident(&mut self, seg: Seg, resident: bool, ends: bool, then: u64) {
        let at = *self.kept_len;
        self.kept[at] = Resident {
            then,
            path: self.path,
            start: seg.start as u16,
            end: seg.end as u16,
            age_out: self.age_out as u16,
            c: seg.c as u8,
            ends,
            shared: self.shared,
            dead: false,
        };
        *self.kept_len = at + usize::from(resident);
    }

    #[inline(always)]
    fn end(&mut self, leaver: bool) {
        count_leaver(self.leavers, leaver, self.age_out);
    }
}

/// Collects a path's segments (and, for a scenario path, its residential
/// ones) when where it is recorded depends on the other run's path.
struct Collect<'a> {
    segs: &'a mut Vec<Seg>,
    then: Option<&'a mut Vec<(Seg, bool, u64)>>,
    leaver: bool,
}

impl Sink for Collect<'_> {
    #[inline(always)]
    fn segment(&mut self, seg: Seg) {
        self.segs.push(seg);
    }

    const RESIDENTS: bool = true;

    #[inline(always)]
    fn resident(&mut self, seg: Seg, resident: bool, ends: bool, then: u64) {
        if let Some(list) = self.then.as_deref_mut().filter(|_| resident) {
            list.push((seg, ends, then));
        }
    }

    #[inline(always)]
    fn end(&mut self, leaver: bool) {
        self.leaver = leaver;
    }
}

/// Takes the rest of a stepped-down child's path out of the scenario's
/// arrays; where the path was shared, the comparator keeps it in its own.
struct Undo<'a> {
    diff: &'a mut Diff,
    leavers: &'a mut Leavers,
    comparator: Option<(&'a mut Diff, &'a mut Leavers)>,
    age_out: u32,
}

impl Undo<'_> {
    /// Months `from` to `end − 1` of category `c`.
    fn remove(&mut self, c: usize, from: u32, end: u32) {
        let (at, to) = (cell(from), cell(end));
        self.diff[c][at] -= 1;
        self.diff[c][to] += 1;
        if let Some((diff, _)) = self.comparator.as_mut() {
            diff[c][at] += 1;
            diff[c][to] -= 1;
        }
    }
}

impl Sink for Undo<'_> {
    fn segment(&mut self, seg: Seg) {
        self.remove(seg.c, seg.start, seg.end);
    }

    const RESIDENTS: bool = false;

    fn end(&mut self, leaver: bool) {
        if leaver {
            let at = self.age_out as usize & (LEAVER_CELLS - 1);
            self.leavers[at] -= 1;
            if let Some((_, leavers)) = self.comparator.as_mut() {
                leavers[at] += 1;
            }
        }
    }
}

/// Records a collected path in a run's difference array and its foster
/// leaver at 18.
#[inline]
fn record(diff: &mut Diff, leavers: &mut Leavers, segs: &[Seg], leaver: bool, age_out: u32) {
    for seg in segs {
        count(diff, seg);
    }
    count_leaver(leavers, leaver, age_out);
}

/// A segment in a run's difference array: +1 in its first month counted,
/// −1 in the month it ends (at most the horizon: the spare cell past the
/// last month). `end ≥ start` always (an event comes at or after the first month
/// counted; a start-date child turning 18 in month 0 has +1 and −1 in the
/// same cell, which cancel).
#[inline(always)]
fn count(diff: &mut Diff, seg: &Seg) {
    let row = &mut diff[seg.c];
    row[cell(seg.start)] += 1;
    row[cell(seg.end)] -= 1;
}

/// A path's foster leaver at 18, when it has one, in month `age_out`
/// (below [`LEAVER_CELLS`]; cells past the horizon are not read).
#[inline(always)]
fn count_leaver(leavers: &mut Leavers, leaver: bool, age_out: u32) {
    leavers[age_out as usize & (LEAVER_CELLS - 1)] += i32::from(leaver);
}

impl Scratch {
    /// Free slots in `kept` for the residents of `paths` more paths
    /// ([`PATH_SLOTS`] each), made before they are drawn rather than
    /// checked for each.
    fn room(&mut self, paths: usize) {
        let wanted = self.kept_len + paths * PATH_SLOTS;
        if self.kept.len() < wanted {
            self.kept.resize(2 * wanted, Resident::default());
        }
    }

    /// A sink recording in the shared arrays or the scenario's own (with
    /// `KEEP`, after [`Scratch::room`] for the path).
    fn record<const KEEP: bool>(&mut self, shared: bool, age_out: u32) -> Record<'_, KEEP> {
        debug_assert!(!KEEP || self.kept_len + PATH_SLOTS <= self.kept.len());
        let (diff, leavers) = if shared {
            (&mut self.diff_shared, &mut self.leavers_shared)
        } else {
            (&mut self.diff_s, &mut self.leavers_s)
        };
        Record {
            diff,
            leavers,
            path: self.kept_len as u32,
            kept: &mut self.kept,
            kept_len: &mut self.kept_len,
            age_out,
            shared,
        }
    }
}

/// A child of category `c` counted from month `start`, first exposed in
/// month `first`, reaching 18 in month `age_out`, in both runs: once in the
/// shared arrays when their path is the same in both, else once in each.
/// When no rate differs between the runs the path is drawn once from the
/// run's stream; else the child gets their own stream (a seed from the
/// run's) and the comparator's path is drawn from it, then the
/// scenario's, unless the comparator's met no category whose rates differ
/// (the scenario's would be the same draws on the same rates). With
/// `STEP`, the scenario path's residential segments are kept for stepping
/// down.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn add_child<const STEP: bool>(
    m: &Model,
    r: &RunRates,
    s: &mut Scratch,
    bits: &mut Bits,
    c: usize,
    start: u32,
    first: u32,
    age_out: u32,
    entry: bool,
) {
    let h = m.months as u32;
    if !m.differs || r.all_same {
        let mut sink = s.record::<STEP>(true, age_out);
        path(
            &r.b,
            h,
            c,
            start,
            first,
            age_out,
            entry,
            &mut bits.rng,
            &mut sink,
        );
        return;
    }
    // Seeded once; the scenario's path starts from a copy.
    let own = Wy::seed_from_u64(bits.u64());
    s.path_b.clear();
    s.path_s.clear();
    s.then_s.clear();
    let mut sink = Collect {
        segs: &mut s.path_b,
        then: None,
        leaver: false,
    };
    path(
        &r.b,
        h,
        c,
        start,
        first,
        age_out,
        entry,
        &mut own.clone(),
        &mut sink,
    );
    let leaver_b = sink.leaver;
    // The first category decides an entrant's first-month event; each
    // segment's, the rest. (With stepping down, a path with residents is
    // drawn again for them: collecting them from every comparator path
    // costs more than drawing the few again.)
    let met_a_difference = r.differ[c]
        || s.path_b
            .iter()
            .any(|seg| r.differ[seg.c] || (STEP && holds_a_resident(&r.s.cats[seg.c], seg)));
    let (shared, leaver_s) = if met_a_difference {
        let mut sink = Collect {
            segs: &mut s.path_s,
            then: STEP.then_some(&mut s.then_s),
            leaver: false,
        };
        let mut rng = own;
        path(
            &r.s, h, c, start, first, age_out, entry, &mut rng, &mut sink,
        );
        let leaver_s = sink.leaver;
        (s.path_s == s.path_b, leaver_s)
    } else {
        (true, leaver_b)
    };
    if shared {
        record(
            &mut s.diff_shared,
            &mut s.leavers_shared,
            &s.path_b,
            leaver_b,
            age_out,
        );
    } else {
        record(
            &mut s.diff_b,
            &mut s.leavers_b,
            &s.path_b,
            leaver_b,
            age_out,
        );
        record(
            &mut s.diff_s,
            &mut s.leavers_s,
            &s.path_s,
            leaver_s,
            age_out,
        );
    }
    if STEP && !s.then_s.is_empty() {
        let then = std::mem::take(&mut s.then_s);
        let mut sink = s.record::<true>(shared, age_out);
        for &(seg, ends, then) in &then {
            sink.resident(seg, true, ends, then);
        }
        s.then_s = then;
    }
}

/// A resident counted in month `month`, chosen at random (those who have
/// left or were undone are dropped as they are met; those not yet arrived
/// are kept), taken out of the list: its index in `kept`.
fn pick_resident(s: &mut Scratch, month: u32, bits: &mut Bits) -> Option<usize> {
    let mut misses = 0;
    while !s.residents.is_empty() && misses < 64 {
        let k = bits.rng.random_range(0..s.residents.len());
        let kept = s.kept[s.residents[k] as usize];
        if kept.dead || u32::from(kept.end) <= month {
            s.residents.swap_remove(k);
        } else if u32::from(kept.start) > month {
            misses += 1;
        } else {
            return Some(s.residents.swap_remove(k) as usize);
        }
    }
    // Mostly children yet to arrive: look through the rest in order.
    let k = s.residents.iter().position(|&j| {
        let kept = s.kept[j as usize];
        !kept.dead && u32::from(kept.start) <= month && u32::from(kept.end) > month
    })?;
    Some(s.residents.swap_remove(k) as usize)
}

/// Takes a stepped-down resident's path out of the scenario from month
/// `i` on: the rest of their residential stay and all that would have
/// followed it (moves, a foster leaver at 18), drawn again from where the
/// path stood. Where the path was shared the comparator keeps it, in its
/// own arrays.
fn undo(r: &RunRates, s: &mut Scratch, j: usize, i: usize, h: usize) {
    let first = s.kept[j];
    for kept in s.kept[j..s.kept_len]
        .iter_mut()
        .take_while(|k| k.path == first.path)
    {
        kept.dead = true;
    }
    let (diff, leavers) = if first.shared {
        (&mut s.diff_shared, &mut s.leavers_shared)
    } else {
        (&mut s.diff_s, &mut s.leavers_s)
    };
    let mut sink = Undo {
        diff,
        leavers,
        comparator: first.shared.then_some((&mut *s.diff_b, &mut *s.leavers_b)),
        age_out: u32::from(first.age_out),
    };
    let seg = first.seg();
    sink.remove(seg.c, i as u32, seg.end);
    if let Some(then) = first.then() {
        resume(
            &r.s,
            h as u32,
            seg.c,
            seg.end,
            u32::from(first.age_out),
            then,
            &mut sink,
        );
    }
}

/// One run of both the comparator and the scenario on the same draws.
fn simulate(m: &Model, bits: &mut Bits, s: &mut Scratch) {
    s.reset();
    let rates = m.run_rates(bits);
    if m.differs && !m.step_down.is_zero() && !m.specialist.is_zero() {
        run::<true>(m, &rates, bits, s);
    } else {
        run::<false>(m, &rates, bits, s);
    }
    results(m, s);
}

/// The months of a run; with `STEP`, stepping down from residential care.
fn run<const STEP: bool>(m: &Model, r: &RunRates, bits: &mut Bits, s: &mut Scratch) {
    let h = m.months;

    let in_house = PlacementCategory::InHouseFostering.index();
    let ifa = PlacementCategory::IfaFostering.index();
    let residential = [
        PlacementCategory::ExternalResidential.index(),
        PlacementCategory::OwnResidential.index(),
    ];
    let shifting = m.differs && m.shift_threshold > 0;

    // Room for the residents of a few children at a time.
    for some in m.children.chunks(64) {
        if STEP {
            s.room(some.len());
        }
        for &(c, age) in some {
            add_child::<STEP>(m, r, s, bits, c, 0, 0, MAX_AGE_MONTHS - 1 - age, false);
        }
    }

    let (mut cum_recruit, mut cum_leave, mut cum_specialist) = (0.0f64, 0.0f64, 0.0f64);
    let (mut run_in_house, mut run_residential, mut run_specialist) = (0i64, 0i64, 0i64);
    for i in 0..h {
        let month = i as u32;
        let n = r.entries.sample(i, bits);
        if STEP {
            s.room(n as usize);
        }
        for _ in 0..n {
            // The high half picks the entrant, the low half says whether
            // an IFA entrant is offered in-house.
            let x = bits.u64();
            let (c, age) = m.mix.pick((x >> 32) as u32);
            let age_out = month + MAX_AGE_MONTHS - age;
            // An IFA entrant offered in-house waits for the shift decision
            // below, once this month's in-house use is known (both runs'
            // paths are drawn there: the comparator places them in IFA);
            // one not offered goes to IFA in both runs. (`&`, not `&&`:
            // one jump, not three.)
            let offered = (x & 0xffff_ffff) < m.shift_threshold;
            if shifting & (c == ifa) & offered {
                // Their own stream: both runs' paths are drawn from it
                // below.
                let rng = Wy::seed_from_u64(bits.u64());
                s.pending.push(Pending { rng, age_out });
            } else {
                add_child::<STEP>(m, r, s, bits, c, month, month + 1, age_out, true);
            }
        }
        if !m.differs {
            continue;
        }
        let recruited = f64::from(m.recruit.sample(bits));
        let left = f64::from(m.leaving.sample(bits));
        let specialist = f64::from(m.specialist.sample(bits));
        // A household counts once approved, `approval_months` after it
        // was recruited; its one-off cost counts now.
        s.recruited[i] = [recruited, specialist];
        if let Some(from) = i.checked_sub(m.approval_months) {
            let [approved, approved_specialist] = s.recruited[from];
            cum_recruit += approved;
            cum_specialist += approved_specialist;
        }
        cum_leave += left;
        s.recruits[i] = recruited + specialist;
        if shifting {
            run_in_house += i64::from(s.diff_shared[in_house][i] + s.diff_s[in_house][i]);
            let places = (m.in_house_places
                + (cum_recruit * m.usable_place_share - cum_leave) * m.places_per_household)
                .max(0.0);
            let mut free = (places - run_in_house as f64).max(0.0).floor() as i64;
            let mut pending = std::mem::take(&mut s.pending);
            if STEP {
                s.room(pending.len());
            }
            for p in &mut pending {
                // The comparator places them in IFA (nothing it does
                // depends on this month's other entrants).
                let mut sink = Record::<false> {
                    diff: &mut s.diff_b,
                    leavers: &mut s.leavers_b,
                    kept: &mut [],
                    kept_len: &mut 0,
                    age_out: p.age_out,
                    shared: false,
                    path: 0,
                };
                path(
                    &r.b,
                    h as u32,
                    ifa,
                    month,
                    month + 1,
                    p.age_out,
                    true,
                    &mut p.rng.clone(),
                    &mut sink,
                );
                let c = if free >= 1 {
                    free -= 1;
                    run_in_house += 1;
                    in_house
                } else {
                    ifa
                };
                let mut sink = s.record::<STEP>(false, p.age_out);
                let head = path(
                    &r.s,
                    h as u32,
                    c,
                    month,
                    month + 1,
                    p.age_out,
                    true,
                    &mut p.rng,
                    &mut sink,
                );
                // A place was counted as taken; the child may have left or
                // moved in the half month before the month's end, or moved
                // into in-house care from IFA. Only the first segment can
                // hold this month's end (the next starts after it), and it
                // does: it ends in month `month + 1` or later.
                let here = head == Some(in_house);
                run_in_house += i64::from(here) - i64::from(c == in_house);
            }
            pending.clear();
            s.pending = pending;
        }
        if STEP {
            run_residential += residential
                .iter()
                .map(|&c| i64::from(s.diff_shared[c][i] + s.diff_s[c][i]))
                .sum::<i64>();
            run_specialist += i64::from(s.diff_specialist[i]);
            let wanted = i64::from(m.step_down.sample(bits));
            let free = (cum_specialist * m.specialist_places - run_specialist as f64)
                .max(0.0)
                .floor() as i64;
            let moves = wanted.min(free).min(run_residential);
            // The residents kept since the last month join the list.
            s.residents.extend(s.listed as u32..s.kept_len as u32);
            s.listed = s.kept_len;
            for _ in 0..moves {
                let Some(j) = pick_resident(s, month, bits) else {
                    break;
                };
                undo(r, s, j, i, h);
                run_residential -= 1;
                let age_out = u32::from(s.kept[j].age_out);
                let e = bits.exp();
                let age = age_before(month + 1, age_out);
                let exit = (month + 1).saturating_add(r.specialist.months(age, e, u32::MAX));
                let end = exit.min(age_out);
                s.diff_specialist[i] += 1;
                s.diff_specialist[(end as usize).min(h)] -= 1;
                run_specialist += 1;
                if age_out <= exit && (age_out as usize) < h {
                    s.leavers_s[age_out as usize] += 1;
                }
            }
        }
    }
}

/// Month-end stocks, spend, Staying Put, investment and the cumulative net
/// saving of both runs, from the difference arrays.
fn results(m: &Model, s: &mut Scratch) {
    let h = m.months;

    // Foster leavers of each run: shared plus its own.
    for i in 0..h {
        let shared = s.leavers_shared[i];
        s.leavers_b[i] += shared;
        s.leavers_s[i] += shared;
    }
    // Each month's children and spend in each run, a category at a time
    // (its months in order, so the running sums and the products do not
    // wait on one another across categories). Each category's spend is
    // rounded to the penny, as `project` rounds it (`children × weekly ×
    // days / 7`, exact in whole numbers).
    let totals = &mut s.totals[..h];
    totals.fill([0; 4]);
    for c in 0..N_CAT {
        let costs = &m.week_days[c * h..(c + 1) * h];
        let months = totals
            .iter_mut()
            .zip(costs)
            .zip(&s.diff_shared[c][..h])
            .zip(&s.diff_b[c][..h]);
        let (mut count_b, mut count_s) = (0i64, 0i64);
        if m.differs {
            for ((((total, &cost), &shared), &own_b), &own_s) in months.zip(&s.diff_s[c][..h]) {
                let shared = i64::from(shared);
                count_b += shared + i64::from(own_b);
                count_s += shared + i64::from(own_s);
                total[0] += count_b;
                total[1] += sevenths(count_b * cost);
                total[2] += count_s;
                total[3] += sevenths(count_s * cost);
            }
        } else {
            for (((total, &cost), &shared), &own_b) in months {
                count_b += i64::from(shared) + i64::from(own_b);
                total[0] += count_b;
                total[1] += sevenths(count_b * cost);
            }
        }
    }
    let mut specialist = 0i64;
    let mut cumulative = 0i64;
    let mut cum_recruits = 0.0;
    let months_staying = m.levers.staying_put_months as usize;
    let (mut window_b, mut window_s) = (0.0f64, 0.0f64);
    for i in 0..h {
        let days = m.cal[i].days as f64;
        let [children_b, spend_b, mut children_s, mut spend_s] = s.totals[i];
        // Staying Put as `project::staying_put`, with running sums over the
        // last `staying_put_months` months (whole numbers, so exact).
        window_b += f64::from(s.leavers_b[i]);
        window_s += f64::from(s.leavers_s[i]);
        if months_staying > 0 && i >= months_staying {
            window_b -= f64::from(s.leavers_b[i - months_staying]);
            window_s -= f64::from(s.leavers_s[i - months_staying]);
        }
        let sp_weekly = m.staying_put_weekly[i] as f64;
        let staying_put_b = if sp_weekly == 0.0 || months_staying == 0 {
            0
        } else {
            round_pence(m.comparator.staying_put_share * window_b * sp_weekly * days / 7.0)
        };
        let (staying_put_s, investment);
        if m.differs {
            specialist += i64::from(s.diff_specialist[i]);
            children_s += specialist;
            spend_s += sevenths(specialist * m.specialist_week_days[i]);
            staying_put_s = if sp_weekly == 0.0 || months_staying == 0 {
                0
            } else {
                round_pence(m.levers.staying_put_share * window_s * sp_weekly * days / 7.0)
            };
            cum_recruits += s.recruits[i];
            investment = round_pence(s.recruits[i] * m.one_off)
                + round_pence(cum_recruits * m.support / 12.0)
                + round_pence(m.overheads / 12.0);
        } else {
            children_s = children_b;
            spend_s = spend_b;
            staying_put_s = staying_put_b;
            investment = 0;
        }
        cumulative += spend_b + staying_put_b - spend_s - staying_put_s - investment;
        s.out[i] = [children_s, children_b, spend_s, spend_b, cumulative];
    }
}

/// `n / 7` rounded to the nearest whole number (never a half: 7 is odd),
/// as `round_pence(n as f64 / 7.0)` gives it.
#[inline(always)]
fn sevenths(n: i64) -> i64 {
    // Children and costs are never negative: unsigned division by a
    // constant is a multiplication and a shift, signed takes more.
    if n >= 0 {
        ((n as u64 + 3) / 7) as i64
    } else {
        (n - 3) / 7
    }
}

/// One chunk's results for the months `[from, to)`: index
/// `((month − from) * MONTH_METRICS + metric) * runs + run`, and the yearly
/// spend, index `(year * YEAR_METRICS + metric) * runs + run`.
struct ChunkOut {
    months: Vec<i64>,
    years: Vec<i64>,
}

fn run_chunk(m: &Model, seed: u64, chunk: usize, runs: usize, from: usize, to: usize) -> ChunkOut {
    let mut stream = ChaCha8Rng::seed_from_u64(seed);
    stream.set_stream(chunk as u64);
    let mut bits = Bits {
        rng: Wy::seed_from_u64(stream.next_u64()),
    };
    let mut s = Scratch::new(m.months);
    let span = to - from;
    let mut out = ChunkOut {
        months: vec![0; span * MONTH_METRICS * runs],
        years: vec![0; m.years.len() * YEAR_METRICS * runs],
    };
    for r in 0..runs {
        simulate(m, &mut bits, &mut s);
        for (i, row) in s.out[from..to].iter().enumerate() {
            for (k, v) in row.iter().enumerate() {
                out.months[(i * MONTH_METRICS + k) * runs + r] = *v;
            }
        }
        for (i, row) in s.out.iter().enumerate() {
            let y = m.year_of[i];
            out.years[(y * YEAR_METRICS) * runs + r] += row[2];
            out.years[(y * YEAR_METRICS + 1) * runs + r] += row[3];
        }
    }
    out
}

/// P10, P50 and P90 by nearest rank (the smallest value with at least that
/// percentage of the runs at or below it). Reorders `values`.
pub fn percentiles(values: &mut [i64]) -> Percentiles {
    let n = values.len();
    if n == 0 {
        return Percentiles::default();
    }
    let rank = |pct: usize| (pct * n).div_ceil(100).clamp(1, n) - 1;
    let (k10, k50, k90) = (rank(10), rank(50), rank(90));
    let (left, mid, right) = values.select_nth_unstable(k50);
    let p50 = *mid;
    let p10 = if k10 < k50 {
        *left.select_nth_unstable(k10).1
    } else {
        p50
    };
    let p90 = if k90 > k50 {
        *right.select_nth_unstable(k90 - k50 - 1).1
    } else {
        p50
    };
    Percentiles {
        p10: p10 as f64,
        p50: p50 as f64,
        p90: p90 as f64,
    }
}

/// Runs the model `runs` times (held within 1..=[`MAX_RUNS`]) with random
/// entries, exits and recruitment, for the scenario and its comparator on
/// the same draws, and returns P10/P50/P90 per month and per financial
/// year. The same `seed` gives the same bands on any machine and any
/// number of threads. Levers are not validated here: call
/// [`Levers::validate`] first.
pub fn monte_carlo(baseline: &Baseline, levers: &Levers, runs: u32, seed: u64) -> Bands {
    monte_carlo_on_threads(baseline, levers, runs, seed, cores())
}

/// The threads the runs are shared out to: one per core.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// [`monte_carlo`] on at most `threads` threads (at least one): the bands
/// do not depend on it.
pub fn monte_carlo_on_threads(
    baseline: &Baseline,
    levers: &Levers,
    runs: u32,
    seed: u64,
    threads: usize,
) -> Bands {
    match bands_within(baseline, levers, runs, seed, threads, MEMORY_BUDGET, None) {
        Ok(bands) => bands,
        Err(Cancelled) => unreachable!("only a Progress asks for a stop"),
    }
}

/// [`monte_carlo`] reporting its progress in runs done (a run counts once
/// per pass over the months: `Progress::total` says how many in all) and
/// stopping, with nothing to show, when `progress` is cancelled: the
/// threads take no further chunk of runs, so it stops within one chunk.
/// When not cancelled the bands are those of [`monte_carlo`].
pub fn monte_carlo_with_progress(
    baseline: &Baseline,
    levers: &Levers,
    runs: u32,
    seed: u64,
    progress: &Progress,
) -> Result<Bands, Cancelled> {
    monte_carlo_with_progress_on_threads(baseline, levers, runs, seed, cores(), progress)
}

/// [`monte_carlo_with_progress`] on at most `threads` threads.
pub fn monte_carlo_with_progress_on_threads(
    baseline: &Baseline,
    levers: &Levers,
    runs: u32,
    seed: u64,
    threads: usize,
    progress: &Progress,
) -> Result<Bands, Cancelled> {
    bands_within(
        baseline,
        levers,
        runs,
        seed,
        threads,
        MEMORY_BUDGET,
        Some(progress),
    )
}

/// The bands keeping at most about `budget` bytes of per-run results at
/// once (more passes over the runs when they need more), reporting to and
/// stopping for `progress` when there is one.
fn bands_within(
    baseline: &Baseline,
    levers: &Levers,
    runs: u32,
    seed: u64,
    threads: usize,
    budget: usize,
    progress: Option<&Progress>,
) -> Result<Bands, Cancelled> {
    let runs = runs.clamp(1, MAX_RUNS) as usize;
    let model = Model::new(baseline, levers);
    let h = model.months;
    let chunks = runs.div_ceil(CHUNK_RUNS);
    let chunk_runs = |k: usize| CHUNK_RUNS.min(runs - k * CHUNK_RUNS);
    let threads = threads.clamp(1, chunks);
    let per_month = runs * MONTH_METRICS * std::mem::size_of::<i64>();
    let months_per_pass = (budget / per_month.max(1)).clamp(1, h);
    if let Some(p) = progress {
        p.check()?;
        p.set_total((runs * h.div_ceil(months_per_pass)) as u64);
    }
    let stopped = || progress.is_some_and(Progress::is_cancelled);

    let mut month_bands: Vec<[Percentiles; MONTH_METRICS]> = Vec::with_capacity(h);
    let mut year_values: Vec<i64> = Vec::new();
    let mut from = 0;
    while from < h {
        let to = (from + months_per_pass).min(h);
        let next = AtomicUsize::new(0);
        let mut outs: Vec<(usize, ChunkOut)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            if k >= chunks || stopped() {
                                break done;
                            }
                            done.push((k, run_chunk(&model, seed, k, chunk_runs(k), from, to)));
                            if let Some(p) = progress {
                                p.add_done(chunk_runs(k) as u64);
                            }
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a Monte Carlo worker panicked"))
                .collect()
        });
        if let Some(p) = progress {
            p.check()?;
        }
        outs.sort_by_key(|(k, _)| *k);
        // Percentiles month by month, the months shared out to the threads.
        let span = to - from;
        let per_thread = span.div_ceil(threads);
        let outs_ref = &outs;
        let rows: Vec<Vec<[Percentiles; MONTH_METRICS]>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..span)
                .step_by(per_thread)
                .map(|first| {
                    scope.spawn(move || {
                        let mut column: Vec<i64> = Vec::with_capacity(runs);
                        (first..(first + per_thread).min(span))
                            .map(|i| {
                                let mut row = [Percentiles::default(); MONTH_METRICS];
                                for (k, p) in row.iter_mut().enumerate() {
                                    column.clear();
                                    for (c, out) in outs_ref {
                                        let n = chunk_runs(*c);
                                        let at = (i * MONTH_METRICS + k) * n;
                                        column.extend_from_slice(&out.months[at..at + n]);
                                    }
                                    *p = percentiles(&mut column);
                                }
                                row
                            })
                            .collect()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a Monte Carlo worker panicked"))
                .collect()
        });
        month_bands.extend(rows.into_iter().flatten());
        if from == 0 {
            // Yearly sums: (year, metric) columns over every run.
            for y in 0..model.years.len() {
                for k in 0..YEAR_METRICS {
                    for (c, out) in &outs {
                        let n = chunk_runs(*c);
                        let at = (y * YEAR_METRICS + k) * n;
                        year_values.extend_from_slice(&out.years[at..at + n]);
                    }
                }
            }
        }
        from = to;
    }

    let months: Vec<BandMonth> = model
        .cal
        .iter()
        .zip(&month_bands)
        .map(|(c, b)| BandMonth {
            month_start: c.start,
            scenario_children: b[0],
            baseline_children: b[1],
            scenario_spend: b[2],
            baseline_spend: b[3],
            cumulative_net_saving: b[4],
        })
        .collect();
    let mut years = Vec::with_capacity(model.years.len());
    let mut last_month = 0;
    for (y, &(fy, n)) in model.years.iter().enumerate() {
        last_month += n as usize;
        let end = &months[last_month - 1];
        let mut spend = |k: usize| {
            let at = (y * YEAR_METRICS + k) * runs;
            percentiles(&mut year_values[at..at + runs])
        };
        years.push(BandYear {
            financial_year: fy,
            label: crate::model::settings::financial_year_label(fy),
            months: n,
            scenario_spend: spend(0),
            baseline_spend: spend(1),
            scenario_children_end: end.scenario_children,
            baseline_children_end: end.baseline_children,
            cumulative_net_saving_end: end.cumulative_net_saving,
        });
    }
    Ok(Bands {
        runs: runs as u32,
        seed,
        months,
        years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exit draws by cumulative hazard: with every rate ½ (hazard ln 2 a
    /// month) a child stays `floor(e / ln 2)` months, held at `215 − age`.
    #[test]
    fn exit_draw_inverts_the_cumulative_hazard() {
        let d = ExitDraw::new(&[0.5; 5]);
        assert_eq!(d.months(0, 0.5, u32::MAX), 0); // 0.5 / 0.693 = 0.72
        assert_eq!(d.months(0, 1.0, u32::MAX), 1); // 1.44
        assert_eq!(d.months(0, 3.0, u32::MAX), 4); // 4.33
        assert_eq!(d.months(200, 100.0, u32::MAX), 15); // held: turns 18 first
        assert_eq!(ExitDraw::new(&[0.0; 5]).months(7, 0.1, u32::MAX), u32::MAX);
        assert_eq!(ExitDraw::new(&[1.0; 5]).months(7, 10.0, u32::MAX), 0);
        // Only 16–17-year-olds leave: a child of 100 months is exposed at
        // no hazard until 192 months (92 months on), then ln 2 a month;
        // e = 1 survives one such month (0.69) and not two (1.39).
        let d = ExitDraw::new(&[0.0, 0.0, 0.0, 0.0, 0.5]);
        assert_eq!(d.months(100, 1.0, u32::MAX), 92);
        assert_eq!(d.months(100, 0.5, u32::MAX), 91);
        // Against the logarithm for a rate that is not a power of two:
        // P(G ≥ k) = 0.97^k, so G = floor(e / −ln 0.97).
        let d = ExitDraw::new(&[0.03; 5]);
        for k in 1..2000 {
            let e = f64::from(k) * 0.0037;
            let want = ((e / -(0.97f64.ln())).floor() as u32).min(215);
            assert_eq!(d.months(0, e, u32::MAX), want, "{e}");
        }
        // The walk stops at the cap: e = 3 would stay 4 months at rate ½,
        // but nothing past 2 months is asked for; below the cap the draw
        // is unchanged; a never-leaving category stays to the cap.
        let d = ExitDraw::new(&[0.5; 5]);
        assert_eq!(d.months(0, 3.0, 2), 2);
        assert_eq!(d.months(0, 3.0, 5), 4);
        assert_eq!(d.months(0, 1.0, 1), 1);
        assert_eq!(ExitDraw::new(&[0.0; 5]).months(7, 0.1, 30), 30);
    }

    /// The guide table only says where to start looking: every sample is
    /// the first entry of the cumulative table above `u`, found by a
    /// binary search, for means where the table is short and long, at
    /// each guide boundary and either side of it.
    #[test]
    fn poisson_guide_table_gives_the_plain_inverse() {
        for lambda in [0.25, 0.83, 3.0, 16.25, 140.0, 800.0] {
            let p = Poisson::new(lambda);
            let mut xs: Vec<u32> = (0..1u32 << GUIDE_BITS)
                .flat_map(|j| {
                    let at = j << (32 - GUIDE_BITS);
                    [at, at.wrapping_sub(1), at + 1]
                })
                .collect();
            xs.extend((0..100_000u32).map(|k| k.wrapping_mul(2_654_435_761)));
            xs.push(u32::MAX);
            for x in xs {
                let u = (f64::from(x) + 0.5) / TWO_POW_32;
                let want = p.cdf.partition_point(|&c| c <= u) as u32;
                assert_eq!(p.invert(x), want, "λ {lambda}, x {x}");
            }
        }
        // A mean of 3: P(0) = e^−3 = 0.0498, so u below it gives 0 and
        // u = ½ gives 3 (P(≤2) = 0.423, P(≤3) = 0.647).
        let p = Poisson::new(3.0);
        // The table by hand: P(0) = e^−3, P(≤ 2) = e^−3 (1 + 3 + 9/2).
        let e3 = (-3.0f64).exp();
        assert!((p.cdf[0] - e3).abs() < 1e-15);
        assert!((p.cdf[2] - 8.5 * e3).abs() < 1e-15);
        // A mean of 800 (its table from logs, e^−800 being below the
        // smallest double): the median is 800 (P(≤ 799) = 0.4953,
        // P(≤ 800) = 0.5094, summed term by term from log-gamma).
        assert_eq!(Poisson::new(800.0).invert(1 << 31), 800);
        assert_eq!(p.invert(0), 0);
        assert_eq!(p.invert((0.04 * TWO_POW_32) as u32), 0);
        assert_eq!(p.invert(1 << 31), 3);
    }

    /// Whole-number bounds on 32 random bits decide as `bits / 2^32 <
    /// share` did: at the edges worked by hand, and over a sweep.
    #[test]
    fn bits_bounds_decide_as_the_fractions_did() {
        // 0.3 × 2^32 = 1,288,490,188.8, so the bound is 1,288,490,189:
        // 1,288,490,188 / 2^32 = 0.29999999981 is below 0.3, and
        // 1,288,490,189 / 2^32 = 0.30000000005 is not.
        assert_eq!(bits_bound(0.3), 1_288_490_189);
        assert_eq!(bits_bound(0.5), 1 << 31);
        assert_eq!(bits_bound(1.0), 1 << 32);
        assert_eq!(bits_bound(0.0), 0);
        assert_eq!(bits_bound(-0.2), 0);
        assert_eq!(bits_bound(f64::NAN), 0);
        let mut rng = Wy::seed_from_u64(5);
        for share in [0.0, 1e-9, 0.1, 0.3, 0.5, 2.0 / 3.0, 0.999_999, 1.0] {
            let bound = bits_bound(share);
            for bits in (0..100_000).map(|_| rng.next_u32()).chain([
                0,
                u32::MAX,
                (bound.min(u64::from(u32::MAX))) as u32,
            ]) {
                let fraction = f64::from(bits) * TWO_POW_MINUS_32 < share;
                assert_eq!(u64::from(bits) < bound, fraction, "{share} {bits}");
            }
        }
    }

    /// A month's spend in whole numbers: 3 children at £1,000.50 a week
    /// over 31 days is 3 × 100,050 × 31 / 7 = 1,329,235.71… pence, so
    /// 1,329,236; 10 / 7 = 1.43 rounds down, 11 / 7 = 1.57 up, and below
    /// zero the same away from it. Over a range, the same pence as
    /// `round_pence(n / 7)`, which the spend was worked out with before.
    #[test]
    fn sevenths_round_as_pence_do() {
        assert_eq!(sevenths(3 * 100_050 * 31), 1_329_236);
        assert_eq!((sevenths(10), sevenths(11)), (1, 2));
        assert_eq!((sevenths(-10), sevenths(-11), sevenths(0)), (-1, -2, 0));
        for n in (-100_000i64..100_000).chain([9_300_000_000_001, 123_456_789_012]) {
            assert_eq!(sevenths(n), round_pence(n as f64 / 7.0), "{n}");
        }
    }

    /// The alias table draws each item with its weight's share: weights
    /// 1, 2, 5 over 8 give 1/8, 2/8, 5/8 of 2^20 evenly spread draws.
    #[test]
    fn alias_table_keeps_the_weights() {
        let a = Alias::new(&[1.0, 2.0, 5.0], vec![(0, 0), (1, 0), (2, 0)]);
        let mut counts = [0i64; 3];
        for k in 0..(1u32 << 20) {
            let (c, _) = a.pick(k << 12);
            counts[c] += 1;
        }
        let want = [1i64 << 17, 2 << 17, 5 << 17];
        for c in 0..3 {
            assert!((counts[c] - want[c]).abs() <= 1, "{counts:?}");
        }
    }

    /// Movers' destinations keep their shares: shares ½, ¼, ⅛, ⅛ over four
    /// of the nine categories give 2^19, 2^18, 2^17, 2^17 of 2^20 evenly
    /// spread draws (each within the rounding of one draw a column), the
    /// other five none; a category nobody moves to is never drawn, and with
    /// no shares at all a draw keeps its own column.
    #[test]
    fn destinations_keep_the_shares() {
        let mut shares = [0.0; N_CAT];
        shares[1] = 0.5;
        shares[3] = 0.25;
        shares[4] = 0.125;
        shares[8] = 0.125;
        let d = Destinations::new(&shares);
        let mut counts = [0i64; N_CAT];
        for k in 0..(1u32 << 20) {
            counts[d.pick(k << 12)] += 1;
        }
        let want = [0, 1 << 19, 0, 1 << 18, 1 << 17, 0, 0, 0, 1 << 17];
        for c in 0..N_CAT {
            if want[c] == 0 {
                assert_eq!(counts[c], 0, "{counts:?}");
            } else {
                assert!((counts[c] - want[c]).abs() <= N_CAT as i64, "{counts:?}");
            }
        }
        let none = Destinations::new(&[0.0; N_CAT]);
        assert_eq!(none.pick(0), 0);
        assert_eq!(none.pick(u32::MAX), N_CAT - 1);
    }

    /// Each run draws one factor per category from its Gamma (mean 1,
    /// shape the category's events), so a category's band rates keep their
    /// ratio run by run, and its mean over many runs is the fitted rate.
    #[test]
    fn a_categorys_bands_move_together_in_each_run() {
        use crate::scenario::rates::{fit, Tally};
        // IFA: 10–15 four exits in 200 child-months, 16–17 six in 100;
        // kinship: 1 in 50 at 10–15. Fitted: the council's band rates
        // times each category's factor.
        let mut tallies = vec![[Tally::default(); 5]; N_CAT];
        let t = |events, child_months| Tally {
            events,
            child_months,
        };
        let ifa = PlacementCategory::IfaFostering.index();
        let kin = PlacementCategory::Kinship.index();
        tallies[ifa][3] = t(4, 200.0);
        tallies[ifa][4] = t(6, 100.0);
        tallies[kin][3] = t(1, 50.0);
        let mut baseline = forty_children();
        baseline.exit_cells = fit(&tallies);
        let model = Model::new(&baseline, &Levers::default());
        assert!(model.fixed.is_none());
        let base = model.base_rates[ifa];
        let rng = Wy::seed_from_u64(5);
        let mut bits = Bits { rng };
        let mut sum = 0.0;
        let runs = 20_000;
        for _ in 0..runs {
            let r = model.run_rates(&mut bits);
            let drawn = r.b.cats[ifa].lambda;
            // λ = −ln(1 − rate): back to the rates.
            let rate = |l: f64| 1.0 - (-l).exp();
            let factor = rate(drawn[3]) / base[3];
            assert!((rate(drawn[4]) / base[4] - factor).abs() < 1e-9);
            sum += factor;
        }
        // The factor's mean is 1: its Gamma has shape ≥ 10 (IFA's own ten
        // exits and more borrowed), so the mean of 20,000 draws is within
        // 4 standard errors (√(1/10) / √20,000 = 0.0022) of 1.
        let mean = sum / f64::from(runs);
        assert!((mean - 1.0).abs() < 0.009, "{mean}");
    }

    /// 40 children of 10 to 205 months, half IFA and half residential, 3
    /// entrants a month: the test county of the passes and the rate draws.
    fn forty_children() -> Baseline {
        use crate::scenario::{BaselineChild, EntryShare};
        Baseline {
            start: jiff::civil::date(2026, 4, 1),
            reference_months: 12,
            children: (0..40)
                .map(|k| BaselineChild {
                    child_id: k.to_string(),
                    category: if k % 2 == 0 {
                        PlacementCategory::IfaFostering
                    } else {
                        PlacementCategory::ExternalResidential
                    },
                    age_months: 10 + 5 * k,
                })
                .collect(),
            monthly_entries: 3.0,
            entry_mix: vec![EntryShare {
                category: PlacementCategory::IfaFostering,
                age_months: 30,
                share: 1.0,
            }],
            exit_rates: [
                (PlacementCategory::IfaFostering, 0.03),
                (PlacementCategory::ExternalResidential, 0.05),
            ]
            .into_iter()
            .collect(),
            unit_costs: Default::default(),
            in_house_places: 5,
            in_house_filled: 0,
            in_area_shares: Default::default(),
            within_20_shares: Default::default(),
            start_spend: Default::default(),
            exit_cells: Vec::new(),
            entrants: None,
            notes: Vec::new(),
            entry_trend: None,
            in_house_households: 0,
            move_cells: Vec::new(),
            move_counts: Vec::new(),
            year_to_year: None,
            leavers_in_month_before_18: 0,
        }
    }

    /// Results too big for memory are worked out in several passes, each
    /// drawing the runs again: the bands are the same as in one pass. A
    /// budget of one month of 300 runs' results forces 24 passes.
    #[test]
    fn several_passes_give_the_same_bands() {
        let baseline = forty_children();
        let levers = busy_levers();
        let one_pass = bands_within(&baseline, &levers, 300, 9, 2, MEMORY_BUDGET, None).unwrap();
        let per_month = 300 * MONTH_METRICS * std::mem::size_of::<i64>();
        let many = bands_within(&baseline, &levers, 300, 9, 2, per_month, None).unwrap();
        assert_eq!(one_pass, many);
        assert_eq!(many.months.len(), 24);
    }

    /// The levers of the passes test: every kind of draw in a run.
    fn busy_levers() -> Levers {
        Levers {
            horizon_years: 2,
            shift_share: 0.5,
            recruit_households_per_year: 6.0,
            places_per_household: Some(1.0),
            step_down_per_year: 6.0,
            specialist_households_per_year: 6.0,
            ..Levers::default()
        }
    }

    /// Progress is counted in runs, once per pass over the months: 300
    /// runs in one pass are 300; kept to one month of results at a time
    /// (24 passes over 24 months), 7,200. The bands are those without a
    /// progress.
    #[test]
    fn progress_counts_runs_per_pass_and_leaves_the_bands_alone() {
        let baseline = forty_children();
        let levers = busy_levers();
        let plain = monte_carlo_on_threads(&baseline, &levers, 300, 9, 2);
        let p = Progress::new();
        let followed = monte_carlo_with_progress_on_threads(&baseline, &levers, 300, 9, 2, &p);
        assert_eq!(followed.as_ref(), Ok(&plain));
        assert_eq!((p.done(), p.total()), (300, 300));
        let p = Progress::new();
        let per_month = 300 * MONTH_METRICS * std::mem::size_of::<i64>();
        let many = bands_within(&baseline, &levers, 300, 9, 2, per_month, Some(&p));
        assert_eq!(many, Ok(plain));
        assert_eq!((p.done(), p.total()), (7_200, 7_200));
    }

    /// Cancelled, the runs stop at the next chunk: on one thread, a
    /// progress that cancels itself once 256 runs are done (two chunks of
    /// 128) stops 1,280 runs after exactly two chunks, with no bands; one
    /// cancelled before it starts runs none.
    #[test]
    fn cancelled_runs_stop_at_the_next_chunk() {
        use std::sync::{Arc, OnceLock};
        let baseline = forty_children();
        let levers = busy_levers();
        let cell: Arc<OnceLock<Progress>> = Arc::new(OnceLock::new());
        let seen = cell.clone();
        let p = Progress::with_wake(move || {
            if let Some(p) = seen.get() {
                if p.done() >= 256 {
                    p.cancel();
                }
            }
        });
        assert!(cell.set(p.clone()).is_ok());
        let out = monte_carlo_with_progress_on_threads(&baseline, &levers, 1_280, 9, 1, &p);
        assert_eq!(out, Err(Cancelled));
        assert_eq!((p.done(), p.total()), (256, 1_280));
        let p = Progress::new();
        p.cancel();
        let out = monte_carlo_with_progress_on_threads(&baseline, &levers, 1_280, 9, 2, &p);
        assert_eq!(out, Err(Cancelled));
        assert_eq!(p.done(), 0);
    }
}
