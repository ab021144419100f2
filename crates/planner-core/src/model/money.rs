//! Money as integer pence, formatted the UK way (£1,234 or £1,234.56).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in whole pence. Never a float.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Pence(pub i64);

impl Pence {
    pub const ZERO: Pence = Pence(0);

    pub fn from_pounds(pounds: i64) -> Pence {
        Pence(pounds * 100)
    }

    /// Weekly amount over a 52-week year.
    pub fn annualised(self) -> Pence {
        Pence(self.0 * 52)
    }

    /// Whole pounds, rounded half away from zero: `£1,234`.
    pub fn to_pounds_string(self) -> String {
        let rounded = if self.0 >= 0 {
            (self.0 + 50) / 100
        } else {
            (self.0 - 50) / 100
        };
        let sign = if rounded < 0 { "-" } else { "" };
        format!("{sign}£{}", group_thousands(rounded.unsigned_abs()))
    }

    /// Pounds and pence: `£1,234.56`.
    pub fn to_pounds_pence_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}£{}.{:02}", group_thousands(abs / 100), abs % 100)
    }

    /// The most any weekly cost may be: £100,000 a week is more than any
    /// placement costs, so a larger figure is a slip (pence typed as pounds).
    pub const MAX_WEEKLY: Pence = Pence(10_000_000);

    /// Parses a weekly cost: an amount in pounds, not negative, at most
    /// [`Pence::MAX_WEEKLY`].
    pub fn parse_weekly_cost(text: &str) -> Result<Pence, String> {
        let p = Pence::parse_pounds(text)?;
        if p.0 < 0 {
            return Err("the weekly cost cannot be negative".into());
        }
        if p > Pence::MAX_WEEKLY {
            return Err(format!(
                "{} a week is more than {}: check it is in pounds, not pence",
                p.to_pounds_string(),
                Pence::MAX_WEEKLY.to_pounds_string()
            ));
        }
        Ok(p)
    }

    /// Parses what a user types into a money field: `£1,234.50`, `1234.5`, `1234`.
    pub fn parse_pounds(text: &str) -> Result<Pence, String> {
        let cleaned: String = text
            .trim()
            .trim_start_matches('£')
            .chars()
            .filter(|c| *c != ',')
            .collect();
        if cleaned.is_empty() {
            return Err("enter an amount in pounds, e.g. 450 or 450.00".into());
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(format!("'{text}' is not an amount in pounds"));
        }
        let negative = whole.starts_with('-');
        let whole_digits = whole.trim_start_matches('-');
        if !whole_digits.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!("'{text}' is not an amount in pounds"));
        }
        if frac.len() > 2 {
            return Err(format!("'{text}' has more than two decimal places"));
        }
        let pounds: i64 = if whole_digits.is_empty() {
            0
        } else {
            whole_digits
                .parse()
                .map_err(|_| format!("'{text}' is too large"))?
        };
        let pence: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        let total = pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .ok_or_else(|| format!("'{text}' is too large"))?;
        Ok(Pence(if negative { -total } else { total }))
    }
}

impl fmt::Display for Pence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pounds_pence_string())
    }
}

impl std::ops::Add for Pence {
    type Output = Pence;
    fn add(self, rhs: Pence) -> Pence {
        Pence(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Pence {
    fn add_assign(&mut self, rhs: Pence) {
        self.0 += rhs.0;
    }
}

impl std::iter::Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        Pence(iter.map(|p| p.0).sum())
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Rounds half away from zero to whole pence: the one rounding rule of the
/// scenario model and the costs. The same as `value.round() as i64` for every amount
/// below 2^52 pence (£45 billion), without a call into the maths library
/// (it runs millions of times in the Monte Carlo bands).
#[inline]
pub fn round_pence(value: f64) -> i64 {
    let whole = value as i64;
    // Exact: `value` and its whole part are within one unit of each other.
    let fraction = value - whole as f64;
    whole + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_whole_pounds_with_thousands() {
        assert_eq!(Pence(123_456).to_pounds_string(), "£1,235");
        assert_eq!(Pence(123_449).to_pounds_string(), "£1,234");
        assert_eq!(Pence(61_200_000).to_pounds_string(), "£612,000");
        assert_eq!(Pence(0).to_pounds_string(), "£0");
        assert_eq!(Pence(-150).to_pounds_string(), "-£2");
    }

    #[test]
    fn formats_pounds_and_pence() {
        assert_eq!(Pence(82_000).to_pounds_pence_string(), "£820.00");
        assert_eq!(Pence(123_456_789).to_pounds_pence_string(), "£1,234,567.89");
        assert_eq!(Pence(-5).to_pounds_pence_string(), "-£0.05");
    }

    #[test]
    fn parses_typed_amounts() {
        assert_eq!(Pence::parse_pounds("£1,234.50"), Ok(Pence(123_450)));
        assert_eq!(Pence::parse_pounds("820"), Ok(Pence(82_000)));
        assert_eq!(Pence::parse_pounds("820.5"), Ok(Pence(82_050)));
        assert_eq!(Pence::parse_pounds(" 0.07 "), Ok(Pence(7)));
        assert!(Pence::parse_pounds("").is_err());
        assert!(Pence::parse_pounds("12.345").is_err());
        assert!(Pence::parse_pounds("twelve").is_err());
        assert!(Pence::parse_pounds("1.2.3").is_err());
    }

    #[test]
    fn annualises_over_52_weeks() {
        // £6,120 a week is £318,240 a year.
        assert_eq!(
            Pence::from_pounds(6_120).annualised(),
            Pence::from_pounds(318_240)
        );
    }
}
