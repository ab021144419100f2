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

pub(crate) fn idx(c: PlacementCategory) -> usize {
    PlacementCategory::ALL
        .iter()
        .position(|&x| x == c)
        .unwrap_or(N_CAT - 1)
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

/// Σ of `xs` in four lanes (the compiler keeps a single running sum in
/// order, one addition at a time; four independent ones it vectorises).
#[inline]
pub(crate) fn sum(xs: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let chunks = xs.chunks_exact(4);
    let rest: f64 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (lane, x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + rest
}

/// The ages in months of each band (`AgeBand::ALL` order).
const BAND_AGES: [std::ops::Range<usize>; 5] = [0..12, 12..60, 60..120, 120..192, 192..AGES];

/// One month's exits and moves out of one category's cells: per band,
/// `exits += Σ × exit`, `moves += Σ × move` (move held within 1 − exit),
/// each cell scaled by what stays; the movers by age in `moved`, when
/// given.
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

/// Adds the movers by age to their destinations' arrivals by share.
fn spread(moved: &[f64; AGES], to: &[f64; N_CAT], arrivals: &mut [[f64; AGES]]) {
    for (share, arrived) in to.iter().zip(arrivals.iter_mut()) {
        if *share > 0.0 {
            for (x, m) in arrived.iter_mut().zip(moved) {
                *x += m * share;
            }
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

/// Runs one set of levers over the calendar.
fn run(baseline: &Baseline, levers: &Levers, cal: &[Calendar]) -> Vec<RunMonth> {
    // stock[category][age in months]; `shifted` holds in-house children who
    // are there because of the shift lever (in-house fostering too).
    let mut stock = vec![[0.0f64; AGES]; N_CAT];
    let mut shifted_stock = [0.0f64; AGES];
    let mut specialist = [0.0f64; AGES];
    for c in &baseline.children {
        if c.age_months < MAX_AGE_MONTHS {
            stock[idx(c.category)][c.age_months as usize] += 1.0;
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
    let mut arrivals = vec![[0.0f64; AGES]; N_CAT];
    // The entry mix as (category index, age, share), ages of 18 left out.
    let mix: Vec<(usize, usize, f64)> = baseline
        .entry_mix
        .iter()
        .filter(|e| e.age_months < MAX_AGE_MONTHS)
        .map(|e| (idx(e.category), e.age_months as usize, e.share))
        .collect();
    let mut moved = [0.0f64; AGES];
    let first_half = first_half_month(&exit_bands, &moves);
    let specialist_rate = &exit_bands[idx(PlacementCategory::ExternalResidential)];
    let in_house = idx(PlacementCategory::InHouseFostering);
    let ifa = idx(PlacementCategory::IfaFostering);
    let residential = [
        idx(PlacementCategory::ExternalResidential),
        idx(PlacementCategory::OwnResidential),
    ];
    let start_fy = financial_year_of(baseline.start);
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
        if moving {
            arrivals.iter_mut().for_each(|a| a.fill(0.0));
        }
        for c in 0..N_CAT {
            let moves_out = moving && moves_any[c];
            step(
                &mut stock[c],
                &exit_bands[c],
                &move_bands[c],
                moves_out.then_some(&mut moved),
                &mut row,
            );
            if moves_out {
                spread(&moved, &moves.to[c], &mut arrivals);
            }
        }
        let moves_out = moving && moves_any[in_house];
        step(
            &mut shifted_stock,
            &exit_bands[in_house],
            &move_bands[in_house],
            moves_out.then_some(&mut moved),
            &mut row,
        );
        if moves_out {
            spread(&moved, &moves.to[in_house], &mut arrivals);
        }
        step(&mut specialist, specialist_rate, &[0.0; 5], None, &mut row);
        if moving {
            for (cells, arrived) in stock.iter_mut().zip(&arrivals) {
                for (v, x) in cells.iter_mut().zip(arrived) {
                    *v += x;
                }
            }
        }
        // 3. Entries by the baseline mix; IFA entrants held back for the shift.
        let entries_per_month = levers.entrants_in_month(baseline, i);
        let mut ifa_entrants = [0.0f64; AGES];
        for &(c, age, share) in &mix {
            let n = entries_per_month * share;
            row.entries += n;
            if c == ifa {
                ifa_entrants[age] += n;
            } else {
                let stay = enter(n, c, age, &first_half, &moves.to, &mut stock, &mut row);
                stock[c][age] += stay;
            }
        }
        // 4. Shift: IFA entrants into free in-house places.
        row.in_house_places = (f64::from(baseline.in_house_places)
            + net_households_per_month * levers.places_per_household(baseline) * months_done)
            .max(0.0);
        let used: f64 = sum(&stock[in_house]) + sum(&shifted_stock);
        let free = (row.in_house_places - used).max(0.0);
        let ifa_total: f64 = ifa_entrants.iter().sum();
        let shifted = (levers.shift_share * ifa_total).min(free).max(0.0);
        let fraction = if ifa_total > 0.0 {
            shifted / ifa_total
        } else {
            0.0
        };
        for (a, n) in ifa_entrants.iter().enumerate() {
            if *n > 0.0 {
                let moved = n * fraction;
                let stay = enter(
                    moved,
                    in_house,
                    a,
                    &first_half,
                    &moves.to,
                    &mut stock,
                    &mut row,
                );
                shifted_stock[a] += stay;
                let stay = enter(
                    n - moved,
                    ifa,
                    a,
                    &first_half,
                    &moves.to,
                    &mut stock,
                    &mut row,
                );
                stock[ifa][a] += stay;
            }
        }
        row.shifted = shifted;
        // 5. Step-downs from residential into free specialist places.
        let specialist_places = levers.specialist_households_per_year / 12.0 * months_done;
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
        for (ci, &c) in PlacementCategory::ALL.iter().enumerate() {
            let own: f64 = sum(&stock[ci]);
            total += own;
            in_area += own * baseline.in_area_share(c);
            within_20 += own * baseline.within_20_share(c);
            let n = if ci == in_house { own + shifted_n } else { own };
            row.children.insert(c, n);
            let weekly = weekly_cost(levers.unit_cost(c, baseline), levers.inflation(c), years_on);
            let spend = Pence(round_pence(n * weekly as f64 * m.days as f64 / 7.0));
            row.spend.insert(c, spend);
            row.placement_spend += spend;
        }
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

/// Projects the scenario and its comparator (see [`Levers::comparator`])
/// month by month from the baseline's start date over the horizon. Levers
/// are not validated here: call [`Levers::validate`] first; the horizon is
/// held within 1..=10 years.
pub fn project(baseline: &Baseline, levers: &Levers) -> Projection {
    let months = 12 * levers.horizon_years.clamp(1, 10) as usize;
    let cal = calendar(baseline, months);
    let scenario = run(baseline, levers, &cal);
    let comparator = run(baseline, &levers.comparator(), &cal);

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
        y.scenario_end = r.scenario.clone();
        y.baseline_end = r.baseline.clone();
    }

    Projection {
        payback_date: payback_month.map(|i| rows[i].month_start),
        months: rows,
        years,
        payback_month,
    }
}
