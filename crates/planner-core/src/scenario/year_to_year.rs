//! How much a council's entries and exits vary from one year to the next
//! beyond chance: the part of the future a rate fitted on the past cannot
//! know, which the Monte Carlo bands must hold as well as the noise of
//! single months and the uncertainty of the fitted rates.
//!
//! Over the whole years of history before the start (the latest
//! [`MAX_YEARS`], at least [`MIN_YEARS`]), each year's entries and exits
//! are counted, with the child-months the exits were exposed over, as the
//! rates count them (leaving in the month before 18 is leaving at 18, not
//! an exit). If every year ran at the same underlying rate,
//! a year's count would vary about its expectation like a Poisson count
//! (variance = mean). The relative variance beyond that,
//!
//! ```text
//! v = max(0, var(nₖ / Eₖ) − mean(1 / Eₖ))
//! ```
//!
//! where `nₖ` is year k's count and `Eₖ` its expectation at the years'
//! common rate (for entries the mean count; for exits the common exit rate
//! times year k's child-months), is the between-year variance of the rate's
//! level, as a share of the level squared. Each Monte Carlo run then draws
//! its level of entries, and a factor on every exit rate, from a Gamma of
//! mean 1 and that variance (added to the entries' own count uncertainty).
//! A steady county gets `v` near 0 and its bands stay as they were; one
//! whose entries swing from year to year gets wider bands.

use crate::county::CountyData;
use crate::model::date::{days_between, eighteenth_birthday};
use crate::scenario::baseline::{add_months, leaving_at_18_from};
use jiff::civil::Date;

/// Whole years of history looked at, at most.
pub const MAX_YEARS: usize = 3;
/// Whole years needed before any variation is measured.
pub const MIN_YEARS: usize = 3;

/// Entries and exits before 18 in one year of history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearCount {
    /// The year's first day.
    pub from: Date,
    pub entries: u32,
    pub exits: u32,
    /// Child-months in care before 18 (30.4375-day months).
    pub child_months: f64,
}

/// The between-year variation measured on the years before the start.
#[derive(Debug, Clone, PartialEq)]
pub struct YearToYear {
    /// Oldest first.
    pub years: Vec<YearCount>,
    /// Relative between-year variance of the level of entries.
    pub entries: f64,
    /// Relative between-year variance of the level of exits.
    pub exits: f64,
}

impl YearToYear {
    /// What the bands hold of it, in a sentence: "Each simulated future's
    /// level of entries and of exits also varies as they did from year to
    /// year over the 3 years before the start (entries by 12% beyond
    /// chance, exits by no more than chance)." A variance is shown as its
    /// standard deviation, in percent.
    pub fn sentence(&self) -> String {
        let part = |v: f64| {
            if v > 0.0 {
                format!("by {:.0}% beyond chance", v.sqrt() * 100.0)
            } else {
                "by no more than chance".to_string()
            }
        };
        format!(
            "Each simulated future's level of entries and of exits also varies as they did from \
             year to year over the {} years before the start (entries {}, exits {}).",
            self.years.len(),
            part(self.entries),
            part(self.exits)
        )
    }
}

/// Days in an average month.
const MONTH_DAYS: f64 = 365.25 / 12.0;

/// The variation over the whole years before `start` that the records
/// cover (from `data.records_start`, else the first placement); `None`
/// with fewer than [`MIN_YEARS`].
pub fn measure(data: &CountyData, start: Date) -> Option<YearToYear> {
    let history_start = crate::scenario::rolling::data_start(data)?;
    let mut years = Vec::new();
    for k in 1..=MAX_YEARS as i64 {
        let from = add_months(start, -12 * k);
        if from < history_start {
            break;
        }
        years.push(count_year(data, from, add_months(start, -12 * (k - 1))));
    }
    years.reverse();
    if years.len() < MIN_YEARS {
        return None;
    }
    let entries: Vec<(f64, f64)> = {
        let mean = years.iter().map(|y| f64::from(y.entries)).sum::<f64>() / years.len() as f64;
        years.iter().map(|y| (f64::from(y.entries), mean)).collect()
    };
    let exits: Vec<(f64, f64)> = {
        let exits: f64 = years.iter().map(|y| f64::from(y.exits)).sum();
        let months: f64 = years.iter().map(|y| y.child_months).sum();
        let rate = if months > 0.0 { exits / months } else { 0.0 };
        years
            .iter()
            .map(|y| (f64::from(y.exits), rate * y.child_months))
            .collect()
    };
    Some(YearToYear {
        years,
        entries: extra_variance(&entries),
        exits: extra_variance(&exits),
    })
}

/// `max(0, var(n / E) − mean(1 / E))` over (count n, expectation E)
/// pairs; 0 when any expectation is 0 or there are fewer than two.
pub fn extra_variance(counts: &[(f64, f64)]) -> f64 {
    if counts.len() < 2 || counts.iter().any(|&(_, e)| e <= 0.0) {
        return 0.0;
    }
    let k = counts.len() as f64;
    let ratios: Vec<f64> = counts.iter().map(|&(n, e)| n / e).collect();
    let mean = ratios.iter().sum::<f64>() / k;
    let var = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (k - 1.0);
    let chance = counts.iter().map(|&(_, e)| 1.0 / e).sum::<f64>() / k;
    (var - chance).max(0.0)
}

/// Entries, exits and child-months before 18 in `[from, to)`: each period
/// of care begun in it is an entry, each ended in it before 18 an exit.
fn count_year(data: &CountyData, from: Date, to: Date) -> YearCount {
    let mut year = YearCount {
        from,
        entries: 0,
        exits: 0,
        child_months: 0.0,
    };
    let mut days = 0i64;
    for c in &data.children {
        let eighteen = eighteenth_birthday(c.date_of_birth);
        // Exits and exposure as the rates count them: leaving in the month
        // before the 18th birthday is leaving at 18.
        let rates_end = leaving_at_18_from(c.date_of_birth);
        for (entered, left) in c.care_periods() {
            if entered >= from && entered < to && entered < eighteen {
                year.entries += 1;
            }
            if left.is_some_and(|l| l >= from && l < to && l < rates_end) {
                year.exits += 1;
            }
            let a = entered.max(from);
            let b = left.unwrap_or(to).min(to).min(rates_end);
            days += days_between(a, b).max(0);
        }
    }
    year.child_months = days as f64 / MONTH_DAYS;
    year
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_gives_each_variance_as_its_spread() {
        // Variances 0.0144 and 0.25: standard deviations 12% and 50%.
        let y = YearToYear {
            years: vec![
                YearCount {
                    from: jiff::civil::date(2023, 4, 1),
                    entries: 0,
                    exits: 0,
                    child_months: 0.0,
                };
                3
            ],
            entries: 0.0144,
            exits: 0.25,
        };
        assert!(y.sentence().ends_with(
            "over the 3 years before the start (entries by 12% beyond chance, exits by 50% \
             beyond chance)."
        ));
        let steady = YearToYear { exits: 0.0, ..y };
        assert!(steady
            .sentence()
            .ends_with("(entries by 12% beyond chance, exits by no more than chance)."));
    }

    #[test]
    fn counts_steady_at_their_expectation_add_nothing() {
        // 100, 100, 100 entries: no spread at all, below chance's 1/100.
        assert_eq!(
            extra_variance(&[(100.0, 100.0), (100.0, 100.0), (100.0, 100.0)]),
            0.0
        );
    }

    #[test]
    fn a_swing_beyond_chance_is_its_variance_less_chance() {
        // 80, 100, 120 about a mean of 100: ratios 0.8, 1.0, 1.2, whose
        // variance (n − 1) is (0.04 + 0 + 0.04) / 2 = 0.04; chance's share
        // is 1/100 = 0.01; beyond it 0.03.
        let v = extra_variance(&[(80.0, 100.0), (100.0, 100.0), (120.0, 100.0)]);
        assert!((v - 0.03).abs() < 1e-12, "{v}");
        // Exits of 30 and 50 expected 40 each (equal child-months): ratios
        // 0.75 and 1.25, variance 0.125, chance 0.025: 0.1.
        let v = extra_variance(&[(30.0, 40.0), (50.0, 40.0)]);
        assert!((v - 0.1).abs() < 1e-12, "{v}");
    }
}
