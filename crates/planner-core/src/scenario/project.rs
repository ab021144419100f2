//! The monthly projection: children by category and age in months,
//! in-house capacity, and spend, for the scenario and its comparator.

use super::baseline::{add_months, days_between, financial_year_of, Baseline, MAX_AGE_MONTHS};
use super::levers::Levers;
use super::moves::MoveRates;
use super::round_pence;
use crate::model::{Pence, PlacementCategory};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) const AGES: usize = MAX_AGE_MONTHS as usize;
pub(crate) const N_CAT: usize = PlacementCategory::ALL.len();

/// One run (scenario or comparator) in one month, at the month's end.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunMonth {
    /// Expected children by category at the month's end (not rounded).
    pub children: BTreeMap<PlacementCategory, f64>,
    /// Children stepped down into specialist in-house fostering.
    pub specialist_children: f64,
    /// Children who turned 18 this month and left care.
    pub left_at_18: f64,
    /// Children who left care this month at the exit rates.
    pub exits: f64,
    /// Children who moved from one placement category to another this
    /// month (`moves`).
    #[serde(default)]
    pub moves: f64,
    /// Children who entered care this month.
    pub entries: f64,
    /// Would-be IFA entrants placed in-house this month.
    pub shifted: f64,
    /// Children stepped down this month.
    pub stepped_down: f64,
    /// Mainstream in-house places and children using them.
    pub in_house_places: f64,
    pub in_house_used: f64,
    pub spend: BTreeMap<PlacementCategory, Pence>,
    pub specialist_spend: Pence,
    /// Σ category spend + specialist spend.
    pub placement_spend: Pence,
    /// Recruitment, support and overheads.
    pub investment: Pence,
    /// Percent (0..=100) of the children in placements (every child
    /// counted here) placed inside the council's area; 0 when there are no
    /// children.
    pub pct_in_area: f64,
    /// Percent (0..=100) placed 20 miles or less from home.
    pub pct_within_20_miles: f64,
    /// Young people who left a foster placement on their 18th birthday this
    /// month and stay on under Staying Put.
    pub staying_put_starts: f64,
    /// Young people in Staying Put at the month's end: never counted as
    /// children in care or in placements.
    pub staying_put_young_people: f64,
    /// Cost of those arrangements this month, separate from placement spend.
    pub staying_put_spend: Pence,
}

impl RunMonth {
    pub fn total_children(&self) -> f64 {
        self.children.values().sum::<f64>() + self.specialist_children
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    pub index: usize,
    pub month_start: Date,
    pub days: i64,
    pub financial_year: i32,
    pub scenario: RunMonth,
    pub baseline: RunMonth,
    /// Scenario minus baseline children, by category.
    pub children_difference: BTreeMap<PlacementCategory, f64>,
    /// Scenario minus baseline placement spend.
    pub spend_difference: Pence,
    /// (Baseline placement + Staying Put spend) − (scenario placement +
    /// Staying Put spend) − investment. With Staying Put off this is
    /// baseline placement spend − scenario placement spend − investment.
    pub net_saving: Pence,
    pub cumulative_net_saving: Pence,
}

/// A financial year (April–March), or the part of it projected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    pub financial_year: i32,
    pub label: String,
    pub months: u32,
    /// The last projected month of the year.
    pub scenario_end: RunMonth,
    pub baseline_end: RunMonth,
    pub scenario_spend: BTreeMap<PlacementCategory, Pence>,
    pub baseline_spend: BTreeMap<PlacementCategory, Pence>,
    pub scenario_specialist_spend: Pence,
    pub scenario_placement_spend: Pence,
    pub baseline_placement_spend: Pence,
    pub scenario_staying_put_spend: Pence,
    pub baseline_staying_put_spend: Pence,
    pub investment: Pence,
    pub net_saving: Pence,
    pub cumulative_net_saving: Pence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub months: Vec<MonthRow>,
    pub years: Vec<YearRow>,
    /// Index of the first month the cumulative net saving is ≥ 0 after
    /// being negative in an earlier month.
    pub payback_month: Option<usize>,
    pub payback_date: Option<Date>,
}

/// Sums over the whole horizon, each the sum of the months' whole pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProjectionTotals {
    pub scenario_placement_spend: Pence,
    pub baseline_placement_spend: Pence,
    /// Staying Put: young people of 18 and over, not children in care.
    pub scenario_staying_put_spend: Pence,
    pub baseline_staying_put_spend: Pence,
    pub investment: Pence,
    pub net_saving: Pence,
}

impl Projection {
    /// The horizon's totals: what the headline, the command line's output
    /// and the exports all show.
    pub fn totals(&self) -> ProjectionTotals {
        let sum = |f: fn(&MonthRow) -> Pence| -> Pence { self.months.iter().map(f).sum() };
        ProjectionTotals {
            scenario_placement_spend: sum(|r| r.scenario.placement_spend),
            baseline_placement_spend: sum(|r| r.baseline.placement_spend),
            scenario_staying_put_spend: sum(|r| r.scenario.staying_put_spend),
            baseline_staying_put_spend: sum(|r| r.baseline.staying_put_spend),
            investment: sum(|r| r.scenario.investment),
            net_saving: sum(|r| r.net_saving),
        }
    }
}

/// `f` of every category, in `PlacementCategory::ALL` order.
pub(crate) fn per_category<T>(f: impl Fn(PlacementCategory) -> T) -> [T; N_CAT] {
    std::array::from_fn(|i| f(PlacementCategory::ALL[i]))
}

pub(crate) struct Calendar {
    pub(crate) start: Date,
    pub(crate) days: i64,
    pub(crate) fy: i32,
}

pub(crate) fn calendar(baseline: &Baseline, months: usize) -> Vec<Calendar> {
    (0..months)
        .map(|i| {
            let start = add_months(baseline.start, i as i64);
            let next = add_months(baseline.start, i as i64 + 1);
            Calendar {
                start,
                days: days_between(start, next),
                fy: financial_year_of(start),
            }
        })
        .collect()
}

/// Weekly cost of a category in a financial year: the start-date cost
/// compounded once for each 1 April passed, rounded to whole pence.
pub(crate) fn weekly_cost(base: Pence, inflation: f64, years_on: i32) -> i64 {
    round_pence(base.0 as f64 * (1.0 + inflation).powi(years_on))
}

/// Whether a category is a foster placement, for Staying Put.
pub(crate) fn is_fostering(c: PlacementCategory) -> bool {
    matches!(
        c,
        PlacementCategory::InHouseFostering
            | PlacementCategory::IfaFostering
            | PlacementCategory::Kinship
    )
}

/// The in-area and within-20-miles shares of children placed in-house
/// because of the scenario: the levers', else the baseline's in-house share.
pub(crate) fn new_in_house_shares(baseline: &Baseline, levers: &Levers) -> (f64, f64) {
    let ih = PlacementCategory::InHouseFostering;
    (
        levers
            .new_in_house_in_area_share
            .unwrap_or_else(|| baseline.in_area_share(ih)),
        levers
            .new_in_house_within_20_share
            .unwrap_or_else(|| baseline.within_20_share(ih)),
    )
}

/// Staying Put at a month's end: `share × Σ` foster leavers at 18 over the
/// last `months` months (this one included), and its cost at `weekly`
/// pence a week over `days`.
pub(crate) fn staying_put(
    fostering_leavers: &[f64],
    levers: &Levers,
    weekly: i64,
    days: i64,
) -> (f64, Pence) {
    let m = levers.staying_put_months as usize;
    let from = fostering_leavers.len().saturating_sub(m);
    let n = levers.staying_put_share * sum(&fostering_leavers[from..]);
    (n, Pence(round_pence(n * weekly as f64 * days as f64 / 7.0)))
}

/// Σ of `xs` in sixteen lanes. The compiler keeps a single running sum in
/// order, one addition at a time, each waiting for the last; independent
/// lanes it vectorises, and sixteen keep several vector additions in
/// flight at once.
#[inline(always)]
pub(crate) fn sum(xs: &[f64]) -> f64 {
    const LANES: usize = 16;
    let mut lanes = [0.0f64; LANES];
    let chunks = xs.chunks_exact(LANES);
    let rest: f64 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (lane, x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    // Pairwise, as the lanes sit in vector registers.
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for k in 0..width {
            lanes[k] += lanes[k + width];
        }
    }
    lanes[0] + rest
}

/// The ages in months of each band (`AgeBand::ALL` order).
const BAND_AGES: [std::ops::Range<usize>; 5] = [0..12, 12..60, 60..120, 120..192, 192..AGES];

/// One month's exits and moves out of one category's cells: per band,
/// `exits += Σ × exit`, `moves += Σ × move` (move held within 1 − exit),
/// each cell scaled by what stays; the movers by age in `moved`, when
/// given.
#[inline(always)]
fn step(
    cells: &mut [f64; AGES],
    exit: &[f64; 5],
    moves: &[f64; 5],
    mut moved: Option<&mut [f64; AGES]>,
    row: &mut RunMonth,
) {
    for (b, ages) in BAND_AGES.iter().enumerate() {
        let e = exit[b];
        let m = moves[b].min(1.0 - e).max(0.0);
        let band = &mut cells[ages.clone()];
        if e == 0.0 && m == 0.0 {
            if let Some(out) = moved.as_deref_mut() {
                out[ages.clone()].fill(0.0);
            }
            continue;
        }
        let total = sum(band);
        row.exits += total * e;
        row.moves += total * m;
        if let Some(out) = moved.as_deref_mut() {
            for (o, v) in out[ages.clone()].iter_mut().zip(band.iter()) {
                *o = v * m;
            }
        }
        let keep = 1.0 - e - m;
        for v in band.iter_mut() {
            *v *= keep;
        }
    }
}

/// What becomes of an entrant in the half month they are in care, on
/// average, in the month they enter (they arrive on any day of it), per
/// category and band: the shares who stay, leave and move. With `t = exit
/// + move` (the move held within 1 − exit) the chance of an event over
/// half a month at the same hazard is `1 − √(1 − t)`, split between
/// leaving and moving as `exit : move`.
pub(crate) fn first_half_month(exits: &[[f64; 5]], moves: &MoveRates) -> Vec<[(f64, f64, f64); 5]> {
    exits
        .iter()
        .zip(&moves.out)
        .map(|(e, m)| {
            std::array::from_fn(|b| {
                let exit = e[b].clamp(0.0, 1.0);
                let mv = m[b].min(1.0 - exit).max(0.0);
                let t = exit + mv;
                if t <= 0.0 {
                    return (1.0, 0.0, 0.0);
                }
                let event = 1.0 - (1.0 - t).sqrt();
                (1.0 - event, event * exit / t, event * mv / t)
            })
        })
        .collect()
}

/// `n` entrants of category `c` aged `age` months through their first
/// half month: the leavers counted as exits, the movers added to their
/// destinations at the same age; returns those who stay in `c`.
#[inline(always)]
fn enter(
    n: f64,
    c: usize,
    age: usize,
    first_half: &[[(f64, f64, f64); 5]],
    to: &[[f64; N_CAT]],
    stock: &mut [[f64; AGES]],
    row: &mut RunMonth,
) -> f64 {
    if n == 0.0 {
        return 0.0;
    }
    let (stay, exit, mv) = first_half[c][super::rates::band_index(age as u32)];
    row.exits += n * exit;
    if mv > 0.0 {
        row.moves += n * mv;
        for (d, share) in to[c].iter().enumerate() {
            if *share > 0.0 {
                stock[d][age] += n * mv * share;
            }
        }
    }
    n * stay
}

/// Adds to `cells` the movers arriving from each source, `share × moved`,
/// in the order the sources are listed (their sum first, then added to
/// the cells), 36 ages at a time: the running sums stay in registers, and
/// nine vectors of them keep several additions in flight.
#[inline(always)]
fn arrive(moved: &[[f64; AGES]], from: &[(usize, f64)], cells: &mut [f64; AGES]) {
    const LANES: usize = 36;
    const _: () = assert!(AGES.is_multiple_of(LANES));
    for (k, chunk) in cells.chunks_exact_mut(LANES).enumerate() {
        let mut arrived = [0.0f64; LANES];
        for &(c, share) in from {
            let m = &moved[c][k * LANES..(k + 1) * LANES];
            for (x, v) in arrived.iter_mut().zip(m) {
                *x += v * share;
            }
        }
        for (cell, x) in chunk.iter_mut().zip(arrived) {
            *cell += x;
        }
    }
}

/// What entrants add, per entrant a month, after their first half month
/// (see [`enter`]): children by category and age at the month's end,
/// and the exits and moves among them. The entry mix and the rates are
/// fixed over a run, so a month's entrants are a multiple of this.
struct EntryEffect {
    /// Per category: children added by age.
    stock: Vec<[f64; AGES]>,
    /// The categories with any children added.
    touched: Vec<usize>,
    exits: f64,
    moves: f64,
}

impl EntryEffect {
    fn new() -> EntryEffect {
        EntryEffect {
            stock: vec![[0.0; AGES]; N_CAT],
            touched: Vec::new(),
            exits: 0.0,
            moves: 0.0,
        }
    }

    /// `share` of the entrants, placed in category `c` aged `age`, through
    /// their first half month: movers added at their destinations, the
    /// leavers and movers counted; returns those who stay in `c`.
    fn enter(
        &mut self,
        share: f64,
        c: usize,
        age: usize,
        first_half: &[[(f64, f64, f64); 5]],
        to: &[[f64; N_CAT]],
    ) -> f64 {
        let mut row = RunMonth::default();
        let stay = enter(share, c, age, first_half, to, &mut self.stock, &mut row);
        self.exits += row.exits;
        self.moves += row.moves;
        stay
    }

    fn finish(mut self) -> EntryEffect {
        self.touched = (0..N_CAT)
            .filter(|&c| self.stock[c].iter().any(|&v| v != 0.0))
            .collect();
        self
    }

    /// The children this adds to category `c`, per entrant.
    fn total(&self, c: usize) -> f64 {
        sum(&self.stock[c])
    }
}

/// Adds a month's entrants to the stock and the month's counts in one
/// pass: `n[k]` entrants' worth of each effect.
#[inline(always)]
fn add_entrants(
    effects: [&EntryEffect; 3],
    n: [f64; 3],
    touched: &[usize],
    stock: &mut [[f64; AGES]],
    row: &mut RunMonth,
) {
    for (e, n) in effects.iter().zip(n) {
        row.exits += n * e.exits;
        row.moves += n * e.moves;
    }
    let [a, b, c] = effects.map(|e| &e.stock);
    for &d in touched {
        for (((v, x), y), z) in stock[d].iter_mut().zip(&a[d]).zip(&b[d]).zip(&c[d]) {
            *v += (n[0] * x + n[1] * y) + n[2] * z;
        }
    }
}

/// The entry mix worked through the entrants' first half month once per
/// run, per entrant a month: entrants of every category but IFA, and the
/// IFA entrants placed in IFA or, all of them by the shift, in-house (the
/// in-house stayers apart, for the shifted stock). A month's IFA entrants
/// are split between the two by the share shifted.
struct Entrants {
    /// Σ of the mix's shares (ages of 18 left out).
    share: f64,
    /// Σ of the IFA entrants' shares.
    ifa_share: f64,
    others: EntryEffect,
    ifa: EntryEffect,
    ifa_in_house: EntryEffect,
    ifa_in_house_stay: [f64; AGES],
    /// The categories any of the three adds children to.
    touched: Vec<usize>,
    /// The children `others` adds to in-house fostering, per entrant.
    others_in_house: f64,
}

impl Entrants {
    fn new(baseline: &Baseline, first_half: &[[(f64, f64, f64); 5]], to: &[[f64; N_CAT]]) -> Self {
        let in_house = PlacementCategory::InHouseFostering.index();
        let ifa = PlacementCategory::IfaFostering.index();
        let (mut share, mut ifa_share) = (0.0, 0.0);
        let mut others = EntryEffect::new();
        let mut as_ifa = EntryEffect::new();
        let mut as_in_house = EntryEffect::new();
        let mut in_house_stay = [0.0; AGES];
        for e in baseline
            .entry_mix
            .iter()
            .filter(|e| e.age_months < MAX_AGE_MONTHS)
        {
            let (c, age) = (e.category.index(), e.age_months as usize);
            share += e.share;
            if c == ifa {
                ifa_share += e.share;
                let stay = as_ifa.enter(e.share, ifa, age, first_half, to);
                as_ifa.stock[ifa][age] += stay;
                in_house_stay[age] += as_in_house.enter(e.share, in_house, age, first_half, to);
            } else {
                let stay = others.enter(e.share, c, age, first_half, to);
                others.stock[c][age] += stay;
            }
        }
        let (others, ifa, ifa_in_house) = (others.finish(), as_ifa.finish(), as_in_house.finish());
        let touched = (0..N_CAT)
            .filter(|c| {
                [&others, &ifa, &ifa_in_house]
                    .iter()
                    .any(|e| e.touched.contains(c))
            })
            .collect();
        Entrants {
            share,
            ifa_share,
            others_in_house: others.total(in_house),
            others,
            ifa,
            ifa_in_house,
            ifa_in_house_stay: in_house_stay,
            touched,
        }
    }
}

/// The monthly exit rate of every category in every age band, with the
/// levers' rate changes applied.
pub(crate) fn exit_bands(baseline: &Baseline, levers: &Levers) -> Vec<[f64; 5]> {
    PlacementCategory::ALL
        .iter()
        .map(|&c| baseline.exit_band_rates(c).map(|r| levers.exit_rate(c, r)))
        .collect()
}

/// Runs one set of levers over the calendar: with AVX2 where the processor
/// has it (the same sums and products, four numbers to an instruction
/// rather than two, so the same results), else with the baseline x86-64
/// instructions.
fn run(baseline: &Baseline, levers: &Levers, cal: &[Calendar]) -> Vec<RunMonth> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { run_avx2(baseline, levers, cal) };
    }
    run_months(baseline, levers, cal)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_avx2(baseline: &Baseline, levers: &Levers, cal: &[Calendar]) -> Vec<RunMonth> {
    run_months(baseline, levers, cal)
}

#[inline(always)]
fn run_months(baseline: &Baseline, levers: &Levers, cal: &[Calendar]) -> Vec<RunMonth> {
    // stock[category][age in months]; `shifted` holds in-house children who
    // are there because of the shift lever (in-house fostering too).
    let mut stock = vec![[0.0f64; AGES]; N_CAT];
    let mut shifted_stock = [0.0f64; AGES];
    let mut specialist = [0.0f64; AGES];
    for c in &baseline.children {
        if c.age_months < MAX_AGE_MONTHS {
            stock[c.category.index()][c.age_months as usize] += 1.0;
        }
    }
    let exit_bands = exit_bands(baseline, levers);
    let moves = MoveRates::new(baseline, levers);
    let moving = moves.any();
    let move_bands = &moves.out;
    let moves_any: Vec<bool> = move_bands
        .iter()
        .map(|b| b.iter().any(|&r| r > 0.0))
        .collect();
    let first_half = first_half_month(&exit_bands, &moves);
    let entrants = Entrants::new(baseline, &first_half, &moves.to);
    let specialist_rate = &exit_bands[PlacementCategory::ExternalResidential.index()];
    let in_house = PlacementCategory::InHouseFostering.index();
    let residential = [
        PlacementCategory::ExternalResidential.index(),
        PlacementCategory::OwnResidential.index(),
    ];
    // Movers by age out of each category, the shifted stock last (index
    // N_CAT), and for each destination where they come from, in that order.
    let mut moved = vec![[0.0f64; AGES]; N_CAT + 1];
    let arrivals_from: Vec<Vec<(usize, f64)>> = (0..N_CAT)
        .map(|d| {
            (0..=N_CAT)
                .filter_map(|c| {
                    let source = if c == N_CAT { in_house } else { c };
                    let share = moves.to[source][d];
                    (moves_any[source] && share > 0.0).then_some((c, share))
                })
                .collect()
        })
        .collect();
    let start_fy = financial_year_of(baseline.start);
    let in_area_shares = per_category(|c| baseline.in_area_share(c));
    let within_20_shares = per_category(|c| baseline.within_20_share(c));
    let unit_costs = per_category(|c| levers.unit_cost(c, baseline));
    let inflation = per_category(|c| levers.inflation(c));
    // Usable households gained a month: recruits count at the share of
    // their places that can be used; leavers take whole households' places.
    let net_households_per_month = (levers.recruit_households_per_year * levers.usable_place_share
        - levers.households_leaving_per_year)
        / 12.0;
    let recruits_per_month =
        (levers.recruit_households_per_year + levers.specialist_households_per_year) / 12.0;
    let (new_in_area, new_within_20) = new_in_house_shares(baseline, levers);
    let mut fostering_leavers: Vec<f64> = Vec::with_capacity(cal.len());

    let mut out = Vec::with_capacity(cal.len());
    for (i, m) in cal.iter().enumerate() {
        let months_done = (i + 1) as f64;
        let mut row = RunMonth::default();
        // 1. Age one month; those reaching 18 leave care.
        let mut leavers = 0.0;
        for (c, cells) in stock.iter_mut().enumerate() {
            row.left_at_18 += cells[AGES - 1];
            if is_fostering(PlacementCategory::ALL[c]) {
                leavers += cells[AGES - 1];
            }
            cells.copy_within(0..AGES - 1, 1);
            cells[0] = 0.0;
        }
        for cells in [&mut shifted_stock, &mut specialist] {
            row.left_at_18 += cells[AGES - 1];
            leavers += cells[AGES - 1];
            cells.copy_within(0..AGES - 1, 1);
            cells[0] = 0.0;
        }
        fostering_leavers.push(leavers);
        // 2. Exits and moves, both shares of the month's stock after
        // ageing: a cell of `v` children in a band loses `v × exit`
        // leavers and `v × move` movers (the move held within 1 − exit);
        // the movers arrive in their new category at the month's end, at
        // the same age, first exposed there next month. The rates are
        // constant within a band, so each band is one sum and one scaling.
        for c in 0..N_CAT {
            let moves_out = moving && moves_any[c];
            step(
                &mut stock[c],
                &exit_bands[c],
                &move_bands[c],
                moves_out.then_some(&mut moved[c]),
                &mut row,
            );
        }
        let moves_out = moving && moves_any[in_house];
        step(
            &mut shifted_stock,
            &exit_bands[in_house],
            &move_bands[in_house],
            moves_out.then_some(&mut moved[N_CAT]),
            &mut row,
        );
        step(&mut specialist, specialist_rate, &[0.0; 5], None, &mut row);
        if moving {
            for (cells, from) in stock.iter_mut().zip(&arrivals_from) {
                if !from.is_empty() {
                    arrive(&moved, from, cells);
                }
            }
        }
        // 3. Entries by the baseline mix; IFA entrants held back for the shift.
        let entries_per_month = levers.entrants_in_month(baseline, i);
        row.entries = entries_per_month * entrants.share;
        // 4. Shift: IFA entrants into free in-house places, counting the
        // other entrants (and their movers) already in in-house care.
        // Households recruited in the last `approval_months` months are
        // not approved yet: their places are not there.
        let waiting_months = months_done.min(f64::from(levers.approval_months));
        let waiting_households =
            levers.recruit_households_per_year * levers.usable_place_share / 12.0 * waiting_months;
        let per_household = levers.places_per_household(baseline);
        row.in_house_places = (f64::from(baseline.in_house_places)
            + net_households_per_month * per_household * months_done
            - waiting_households * per_household)
            .max(0.0);
        let used: f64 = sum(&stock[in_house])
            + entries_per_month * entrants.others_in_house
            + sum(&shifted_stock);
        let free = (row.in_house_places - used).max(0.0);
        let ifa_total = entries_per_month * entrants.ifa_share;
        let shifted = (levers.shift_share * ifa_total).min(free).max(0.0);
        let fraction = if ifa_total > 0.0 {
            shifted / ifa_total
        } else {
            0.0
        };
        let n_in_house = entries_per_month * fraction;
        add_entrants(
            [&entrants.others, &entrants.ifa_in_house, &entrants.ifa],
            [
                entries_per_month,
                n_in_house,
                entries_per_month * (1.0 - fraction),
            ],
            &entrants.touched,
            &mut stock,
            &mut row,
        );
        if n_in_house > 0.0 {
            for (v, x) in shifted_stock.iter_mut().zip(&entrants.ifa_in_house_stay) {
                *v += n_in_house * x;
            }
        }
        row.shifted = shifted;
        // 5. Step-downs from residential into free specialist places.
        let specialist_places = levers.specialist_households_per_year / 12.0
            * (months_done - waiting_months)
            * f64::from(levers.specialist_places_per_household);
        let specialist_free = (specialist_places - sum(&specialist)).max(0.0);
        let in_residential: f64 = residential.iter().map(|&c| sum(&stock[c])).sum();
        let step = (levers.step_down_per_year / 12.0)
            .min(specialist_free)
            .min(in_residential)
            .max(0.0);
        if step > 0.0 {
            let f = step / in_residential;
            for &c in &residential {
                for (a, v) in stock[c].iter_mut().enumerate() {
                    let moved = *v * f;
                    *v -= moved;
                    specialist[a] += moved;
                }
            }
        }
        row.stepped_down = step;
        // 6. Month-end stock, where the children are, and spend.
        let years_on = m.fy - start_fy;
        let shifted_n: f64 = sum(&shifted_stock);
        row.specialist_children = sum(&specialist);
        let new_in_house = shifted_n + row.specialist_children;
        let mut total = new_in_house;
        let mut in_area = new_in_house * new_in_area;
        let mut within_20 = new_in_house * new_within_20;
        let mut children = [(PlacementCategory::InHouseFostering, 0.0); N_CAT];
        let mut spends = [(PlacementCategory::InHouseFostering, Pence::ZERO); N_CAT];
        for (ci, &c) in PlacementCategory::ALL.iter().enumerate() {
            let own: f64 = sum(&stock[ci]);
            total += own;
            in_area += own * in_area_shares[ci];
            within_20 += own * within_20_shares[ci];
            let n = if ci == in_house { own + shifted_n } else { own };
            children[ci] = (c, n);
            let weekly = weekly_cost(unit_costs[ci], inflation[ci], years_on);
            let spend = Pence(round_pence(n * weekly as f64 * m.days as f64 / 7.0));
            spends[ci] = (c, spend);
            row.placement_spend += spend;
        }
        row.children = BTreeMap::from(children);
        row.spend = BTreeMap::from(spends);
        if total > 0.0 {
            row.pct_in_area = 100.0 * in_area / total;
            row.pct_within_20_miles = 100.0 * within_20 / total;
        }
        row.in_house_used = row.children[&PlacementCategory::InHouseFostering];
        let in_house_inflation = levers.inflation(PlacementCategory::InHouseFostering);
        let specialist_weekly = weekly_cost(
            Pence(levers.specialist_weekly_fee_pence),
            in_house_inflation,
            years_on,
        );
        row.specialist_spend = Pence(round_pence(
            row.specialist_children * specialist_weekly as f64 * m.days as f64 / 7.0,
        ));
        row.placement_spend += row.specialist_spend;
        // Staying Put, outside care and placement spend.
        let sp_weekly = weekly_cost(
            Pence(levers.staying_put_weekly_pence),
            in_house_inflation,
            years_on,
        );
        row.staying_put_starts = levers.staying_put_share * leavers;
        (row.staying_put_young_people, row.staying_put_spend) =
            staying_put(&fostering_leavers, levers, sp_weekly, m.days);
        // 7. Investment.
        let recruited_so_far = recruits_per_month * months_done;
        row.investment = Pence(
            round_pence(recruits_per_month * levers.one_off_cost_per_household_pence as f64)
                + round_pence(
                    recruited_so_far * levers.yearly_support_per_household_pence as f64 / 12.0,
                )
                + round_pence(levers.scheme_overheads_per_year_pence as f64 / 12.0),
        );
        out.push(row);
    }
    out
}

/// The scenario's and the comparator's runs, side by side on two threads
/// (they share nothing); one after the other when a thread cannot be had.
fn run_both(
    baseline: &Baseline,
    levers: &Levers,
    cal: &[Calendar],
) -> (Vec<RunMonth>, Vec<RunMonth>) {
    let comparator = levers.comparator();
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("projection".into())
            .spawn_scoped(scope, || run(baseline, &comparator, cal));
        let scenario = run(baseline, levers, cal);
        let comparator = match other {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run(baseline, &comparator, cal),
        };
        (scenario, comparator)
    })
}

/// Projects the scenario and its comparator (see [`Levers::comparator`])
/// month by month from the baseline's start date over the horizon. Levers
/// are not validated here: call [`Levers::validate`] first; the horizon is
/// held within 1 to [`super::levers::MAX_HORIZON_YEARS`] years.
pub fn project(baseline: &Baseline, levers: &Levers) -> Projection {
    let months = levers.horizon_months();
    let cal = calendar(baseline, months);
    let (scenario, comparator) = run_both(baseline, levers, &cal);

    let mut rows = Vec::with_capacity(months);
    let mut cumulative = Pence::ZERO;
    let mut was_negative = false;
    let mut payback_month = None;
    for (i, ((m, s), b)) in cal.iter().zip(scenario).zip(comparator).enumerate() {
        let net = Pence(
            b.placement_spend.0 + b.staying_put_spend.0
                - s.placement_spend.0
                - s.staying_put_spend.0
                - s.investment.0,
        );
        cumulative += net;
        if cumulative.0 < 0 {
            was_negative = true;
        } else if was_negative && payback_month.is_none() {
            payback_month = Some(i);
        }
        let children_difference = PlacementCategory::ALL
            .iter()
            .map(|c| (*c, s.children[c] - b.children[c]))
            .collect();
        rows.push(MonthRow {
            index: i,
            month_start: m.start,
            days: m.days,
            financial_year: m.fy,
            spend_difference: Pence(s.placement_spend.0 - b.placement_spend.0),
            children_difference,
            net_saving: net,
            cumulative_net_saving: cumulative,
            scenario: s,
            baseline: b,
        });
    }

    let mut years: Vec<YearRow> = Vec::new();
    for r in &rows {
        if years
            .last()
            .is_none_or(|y| y.financial_year != r.financial_year)
        {
            years.push(YearRow {
                financial_year: r.financial_year,
                label: crate::model::settings::financial_year_label(r.financial_year),
                months: 0,
                scenario_end: RunMonth::default(),
                baseline_end: RunMonth::default(),
                scenario_spend: BTreeMap::new(),
                baseline_spend: BTreeMap::new(),
                scenario_specialist_spend: Pence::ZERO,
                scenario_placement_spend: Pence::ZERO,
                baseline_placement_spend: Pence::ZERO,
                scenario_staying_put_spend: Pence::ZERO,
                baseline_staying_put_spend: Pence::ZERO,
                investment: Pence::ZERO,
                net_saving: Pence::ZERO,
                cumulative_net_saving: Pence::ZERO,
            });
        }
        let y = years.last_mut().expect("pushed above");
        y.months += 1;
        for (c, p) in &r.scenario.spend {
            *y.scenario_spend.entry(*c).or_default() += *p;
        }
        for (c, p) in &r.baseline.spend {
            *y.baseline_spend.entry(*c).or_default() += *p;
        }
        y.scenario_specialist_spend += r.scenario.specialist_spend;
        y.scenario_placement_spend += r.scenario.placement_spend;
        y.baseline_placement_spend += r.baseline.placement_spend;
        y.scenario_staying_put_spend += r.scenario.staying_put_spend;
        y.baseline_staying_put_spend += r.baseline.staying_put_spend;
        y.investment += r.scenario.investment;
        y.net_saving += r.net_saving;
        y.cumulative_net_saving = r.cumulative_net_saving;
        if rows
            .get(r.index + 1)
            .is_none_or(|next| next.financial_year != r.financial_year)
        {
            y.scenario_end = r.scenario.clone();
            y.baseline_end = r.baseline.clone();
        }
    }

    Projection {
        payback_date: payback_month.map(|i| rows[i].month_start),
        months: rows,
        years,
        payback_month,
    }
}
