//! A county's history simulated from dynamics the test sets: entrants
//! rising by a known percentage a year, exit chances by age band and
//! placement type (with many young people leaving in the months before
//! 18), moves between placement types, children who leave and come back,
//! and leaving on the 18th birthday. Events fall on a random day of their
//! month. The simulation can be split: the history up to a month from one
//! random stream, the future after it from another, so many futures can
//! follow one history (the process's own expectation and spread).

use jiff::civil::{date, Date};
use jiff::ToSpan;
use placement_planner::county::CountyData;
use placement_planner::model::child::{CarePeriod, ChildStatus};
use placement_planner::model::{Child, PlaceCode, Placement, ProviderCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::records::{child_in_care, county_of, placement_elsewhere};

/// The placement types of the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    InHouse,
    Ifa,
    Kinship,
    Residential,
}

impl Kind {
    fn codes(self) -> (PlaceCode, Option<ProviderCode>) {
        match self {
            Kind::InHouse => (PlaceCode::U4, Some(ProviderCode::PR1)),
            Kind::Ifa => (PlaceCode::U4, Some(ProviderCode::PR4)),
            Kind::Kinship => (PlaceCode::U1, Some(ProviderCode::PR1)),
            Kind::Residential => (PlaceCode::K2, Some(ProviderCode::PR4)),
        }
    }

    /// How much more (or less) likely than the base a child of this type
    /// is to leave care in a month.
    fn exit_factor(self) -> f64 {
        match self {
            Kind::InHouse | Kind::Ifa => 1.0,
            Kind::Kinship => 1.3,
            Kind::Residential => 0.6,
        }
    }
}

/// The process's settings.
#[derive(Debug, Clone)]
pub struct Dynamics {
    /// The first day simulated.
    pub first: Date,
    /// Expected entrants in the first month (first periods of care).
    pub entrants: f64,
    /// Change in entrants a year (0.04 = 4% more a year).
    pub growth: f64,
    /// Base monthly chance of leaving care by band (under 1, 1–4, 5–9,
    /// 10–15, 16–17), times the placement type's factor.
    pub exit_by_band: [f64; 5],
    /// Monthly chance that a 10-to-17-year-old in foster care moves to
    /// residential care, and that a child in residential care steps down
    /// to IFA fostering.
    pub breakdown: f64,
    pub step_down: f64,
    /// Monthly chance that a child who left before 18 comes back, for the
    /// 24 months after they left.
    pub reentry: f64,
    /// Children in care on the first day.
    pub initial: usize,
}

impl Default for Dynamics {
    fn default() -> Self {
        Dynamics {
            first: date(2012, 4, 1),
            entrants: 30.0,
            growth: 0.04,
            exit_by_band: [0.05, 0.03, 0.015, 0.012, 0.04],
            breakdown: 0.003,
            step_down: 0.004,
            reentry: 0.008,
            initial: 900,
        }
    }
}

/// One child's life in the simulation.
#[derive(Debug, Clone)]
struct Kid {
    dob: Date,
    eighteen: Date,
    /// Past 18 and out of care: nothing more can happen.
    done: bool,
    /// Periods of care: (entered, left).
    periods: Vec<(Date, Option<Date>)>,
    /// Placements: (kind, start, end).
    placements: Vec<(Kind, Date, Option<Date>)>,
}

impl Kid {
    fn in_care(&self) -> bool {
        self.periods.last().is_some_and(|p| p.1.is_none())
    }
}

fn months_between(dob: Date, on: Date) -> i32 {
    let mut m = (i32::from(on.year()) - i32::from(dob.year())) * 12 + i32::from(on.month())
        - i32::from(dob.month());
    if on.day() < dob.day() {
        m -= 1;
    }
    m
}

fn eighteenth(dob: Date) -> Date {
    dob.checked_add(18.years()).unwrap()
}

fn band(months: i32) -> usize {
    match months {
        ..=11 => 0,
        12..=59 => 1,
        60..=119 => 2,
        120..=191 => 3,
        _ => 4,
    }
}

fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    // Knuth's method: fine for the means used here (under 100).
    let l = (-mean).exp();
    let (mut k, mut p) = (0u32, 1.0f64);
    loop {
        p *= rng.random::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

fn new_entrant(rng: &mut ChaCha8Rng, on: Date) -> Kid {
    // Age at entry: a fifth under 1, a fifth 1–4, a fifth 5–9, three tenths
    // 10–15, a tenth 16–17; a uniform day within the band.
    let u: f64 = rng.random();
    let (lo, hi) = match u {
        u if u < 0.2 => (0, 365),
        u if u < 0.4 => (365, 5 * 365),
        u if u < 0.6 => (5 * 365, 10 * 365),
        u if u < 0.9 => (10 * 365, 16 * 365),
        _ => (16 * 365, 18 * 365 - 40),
    };
    let age_days: i64 = rng.random_range(lo..hi);
    let dob = on.checked_sub(age_days.days()).unwrap();
    let teen = months_between(dob, on) >= 120;
    let v: f64 = rng.random();
    let kind = match v {
        v if v < 0.35 => Kind::Ifa,
        v if v < 0.65 => Kind::InHouse,
        v if v < 0.8 => Kind::Kinship,
        _ if teen => Kind::Residential,
        _ => Kind::Ifa,
    };
    Kid {
        dob,
        eighteen: eighteenth(dob),
        done: false,
        periods: vec![(on, None)],
        placements: vec![(kind, on, None)],
    }
}

/// The county's children, simulated up to a month.
#[derive(Clone)]
pub struct History {
    kids: Vec<Kid>,
    /// Months simulated so far.
    months: u32,
    pub dynamics: Dynamics,
}

/// The history of `months` months from `dynamics.first`, drawn from the
/// stream `seed`.
pub fn simulate(dynamics: &Dynamics, months: u32, seed: u64) -> History {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let d = dynamics;
    let mut kids: Vec<Kid> = Vec::new();
    // The children in care on the first day, already there for a while.
    for _ in 0..d.initial {
        let mut k = new_entrant(&mut rng, d.first);
        let before: i64 = rng.random_range(1..700);
        let entered = d.first.checked_sub(before.days()).unwrap().max(k.dob);
        k.periods[0].0 = entered;
        k.placements[0].1 = entered;
        if k.eighteen > d.first {
            kids.push(k);
        }
    }
    let mut h = History {
        kids,
        months: 0,
        dynamics: dynamics.clone(),
    };
    h.advance(months, &mut rng);
    h
}

impl History {
    /// The same history carried on for `months` more months, drawn from
    /// the stream `seed` (one of many possible futures).
    pub fn continued(&self, months: u32, seed: u64) -> History {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(7);
        let mut h = self.clone();
        h.advance(months, &mut rng);
        h
    }

    /// The first day after the simulated months.
    pub fn end(&self) -> Date {
        self.dynamics
            .first
            .checked_add((self.months as i32).months())
            .unwrap()
    }

    fn advance(&mut self, months: u32, rng: &mut ChaCha8Rng) {
        let d = self.dynamics.clone();
        for m in self.months..self.months + months {
            self.month(&d, m, rng);
        }
        self.months += months;
    }

    fn month(&mut self, d: &Dynamics, m: u32, rng: &mut ChaCha8Rng) {
        let start = d.first.checked_add((m as i32).months()).unwrap();
        let next = d.first.checked_add((m as i32 + 1).months()).unwrap();
        let days = (next - start).get_days() as i64;
        let day_in =
            |rng: &mut ChaCha8Rng| start.checked_add(rng.random_range(0..days).days()).unwrap();
        for k in self.kids.iter_mut().filter(|k| !k.done) {
            let age = months_between(k.dob, start);
            let eighteen = k.eighteen;
            if eighteen <= start && !k.in_care() {
                k.done = true;
                continue;
            }
            if k.in_care() {
                let kind = k.placements.last().unwrap().0;
                let p_exit = d.exit_by_band[band(age)] * kind.exit_factor();
                let u: f64 = rng.random();
                let mut leave = None;
                if u < p_exit {
                    leave = Some(day_in(rng));
                }
                if eighteen < next {
                    leave = Some(leave.map_or(eighteen, |l| l.min(eighteen)));
                }
                if let Some(l) = leave {
                    let l = l.max(k.placements.last().unwrap().1.tomorrow().unwrap());
                    k.periods.last_mut().unwrap().1 = Some(l);
                    k.placements.last_mut().unwrap().2 = Some(l);
                    continue;
                }
                // Moves between placement types.
                let v: f64 = rng.random();
                let to = match kind {
                    Kind::InHouse | Kind::Ifa | Kind::Kinship if age >= 120 && v < d.breakdown => {
                        Some(Kind::Residential)
                    }
                    Kind::Residential if v < d.step_down => Some(Kind::Ifa),
                    _ => None,
                };
                if let Some(to) = to {
                    let on = day_in(rng).max(k.placements.last().unwrap().1.tomorrow().unwrap());
                    if on < eighteen {
                        k.placements.last_mut().unwrap().2 = Some(on);
                        k.placements.push((to, on, None));
                    }
                }
            } else if let Some(&(_, Some(left))) = k.periods.last() {
                // Back into care within two years, before 17½.
                let since = months_between(left, start);
                if since >= 24 {
                    k.done = true;
                } else if age < 210 && left < start && rng.random::<f64>() < d.reentry {
                    let on = day_in(rng);
                    if on < eighteen {
                        let kind = if age >= 120 {
                            Kind::Residential
                        } else {
                            Kind::Ifa
                        };
                        k.periods.push((on, None));
                        k.placements.push((kind, on, None));
                    }
                }
            }
        }
        let mean = d.entrants * (1.0 + d.growth).powf((f64::from(m) + 0.5) / 12.0);
        for _ in 0..poisson(rng, mean) {
            let on = day_in(rng);
            self.kids.push(new_entrant(rng, on));
        }
    }
    /// Children in care and under 18 at the end of `on` (an independent
    /// count from the simulated periods, not the app's).
    pub fn in_care_on(&self, on: Date) -> usize {
        self.kids
            .iter()
            .filter(|k| on < eighteenth(k.dob))
            .filter(|k| {
                k.periods
                    .iter()
                    .any(|&(s, e)| s <= on && e.is_none_or(|e| e > on))
            })
            .count()
    }

    /// Children in care on the last day of each of the `n` months from
    /// `from`.
    pub fn month_end_counts(&self, from: Date, n: u32) -> Vec<usize> {
        (1..=n as i32)
            .map(|i| {
                let end = from.checked_add(i.months()).unwrap().yesterday().unwrap();
                self.in_care_on(end)
            })
            .collect()
    }

    /// The county's records as the app holds them: what happened up to
    /// `until` (later events not yet known, periods still open then open).
    pub fn data(&self, until: Date) -> CountyData {
        let mut children = Vec::new();
        let mut placements = Vec::new();
        for (n, k) in self.kids.iter().enumerate() {
            let periods: Vec<(Date, Option<Date>)> = k
                .periods
                .iter()
                .filter(|p| p.0 < until)
                .map(|&(s, e)| (s, e.filter(|&e| e <= until)))
                .collect();
            let Some(&(entered, left)) = periods.last() else {
                continue;
            };
            let id = format!("S{n:05}");
            let mut c: Child = child_in_care(&id, entered);
            c.date_of_birth = k.dob;
            c.left_care = left;
            if left.is_some() {
                c.status = ChildStatus::LeftCare;
            }
            c.earlier_periods = periods[..periods.len() - 1]
                .iter()
                .map(|&(s, e)| CarePeriod {
                    started: s,
                    ended: e.expect("an earlier period has ended"),
                })
                .collect();
            children.push(c);
            for &(kind, s, e) in k.placements.iter().filter(|p| p.1 < until) {
                let (place, provider) = kind.codes();
                let mut p: Placement = placement_elsewhere(&id, s, place, provider);
                p.end = e.filter(|&e| e <= until);
                placements.push(p);
            }
        }
        county_of(children, placements)
    }
}
