//! SSDA903 collection years and the code lists that go with each.
//!
//! DfE checks every episode of a return against *that return's* code list,
//! whenever the episode began (the validator's rule 146, one list per
//! collection year; rule 503D expressly allows "H5 at the end of last year,
//! K3 this year"). So an episode that began in 2023 and is still open in the
//! 2025-26 return carries K3 there, and the same episode carried H5 in the
//! 2023-24 return.
//!
//! The lists differ only in a few PLACE codes, kept in [`PLACE_CODE_CHANGES`]:
//! next year's changes are one entry there. Checked against DfE's validator
//! (`data-to-insight/csc-validator-be-903`, `lac_validator/rules/lac20YY_YY/rule_146.py`):
//!
//! | collection year | PLACE codes added | PLACE codes withdrawn |
//! |---|---|---|
//! | to 2023-24 | — (A3–A6, H5, K1, K2, P1–P3, R1–R3, R5, S1, T0–T4, U1–U6, Z1) | — |
//! | 2024-25 | K3 | — |
//! | 2025-26 | Z11, Z12, Z13, Z14 | H5, P2, Z1 |

use super::category::PlaceCode;
use super::date::financial_year_of;
use jiff::civil::{date, Date};
use std::fmt;

/// An SSDA903 collection year, named by the year it starts: `2025` is
/// 2025-26, the return covering 1 April 2025 to 31 March 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CollectionYear(i16);

/// The earliest and latest collection years the app accepts.
pub const FIRST_YEAR: i16 = 1990;
pub const LAST_YEAR: i16 = 2099;

impl CollectionYear {
    /// The year starting in April of `start_year`, when it is one the app
    /// accepts (1990-91 to 2099-2100).
    pub fn starting(start_year: i32) -> Option<CollectionYear> {
        (i32::from(FIRST_YEAR)..=i32::from(LAST_YEAR))
            .contains(&start_year)
            .then_some(CollectionYear(start_year as i16))
    }

    /// The collection year a date falls in (April to March).
    pub fn of(day: Date) -> CollectionYear {
        CollectionYear(
            financial_year_of(day).clamp(i32::from(FIRST_YEAR), i32::from(LAST_YEAR)) as i16,
        )
    }

    /// The calendar year it starts in: 2025 for 2025-26.
    pub fn start_year(self) -> i32 {
        i32::from(self.0)
    }

    /// 1 April of its first year.
    pub fn first_day(self) -> Date {
        date(self.0, 4, 1)
    }

    /// 31 March of its second year: the day the return's data runs to.
    pub fn last_day(self) -> Date {
        date(self.0 + 1, 3, 31)
    }

    pub fn next(self) -> CollectionYear {
        CollectionYear(self.0 + 1)
    }

    pub fn previous(self) -> CollectionYear {
        CollectionYear(self.0 - 1)
    }

    /// Whether a PLACE code is on this year's list (rule 146).
    pub fn allows_place(self, place: PlaceCode) -> bool {
        // A code some change adds is not valid before it.
        let mut allowed = !PLACE_CODE_CHANGES.iter().any(|c| c.added.contains(&place));
        for change in PLACE_CODE_CHANGES.iter().filter(|c| c.year <= self.0) {
            if change.added.contains(&place) {
                allowed = true;
            }
            if change.withdrawn.contains(&place) {
                allowed = false;
            }
        }
        allowed
    }

    /// This year's PLACE codes, in the code list's order.
    pub fn place_codes(self) -> Vec<PlaceCode> {
        PlaceCode::ALL
            .iter()
            .copied()
            .filter(|p| self.allows_place(*p))
            .collect()
    }

    /// Reads "2025-26", "2025_26", "2025/26", "2025-2026" or "2025" (the
    /// year it starts) as a collection year.
    pub fn parse(text: &str) -> Option<CollectionYear> {
        let t = text.trim();
        let digits: Vec<&str> = t.split(['-', '_', '/']).collect();
        let start: i32 = digits.first()?.parse().ok()?;
        if digits.first()?.len() != 4 {
            return None;
        }
        match digits.as_slice() {
            [_] => {}
            [_, end] => {
                let end_n: i32 = end.parse().ok()?;
                let matches = match end.len() {
                    2 => end_n == (start + 1) % 100,
                    4 => end_n == start + 1,
                    _ => false,
                };
                if !matches {
                    return None;
                }
            }
            _ => return None,
        }
        CollectionYear::starting(start)
    }

    /// The collection year named in a file name ("ssda903_2025-26_episodes.csv"
    /// or "episodes 2025_26.csv"), when exactly one is.
    pub fn from_file_name(name: &str) -> Option<CollectionYear> {
        let bytes = name.as_bytes();
        let mut found: Option<CollectionYear> = None;
        let mut i = 0;
        while i + 7 <= bytes.len() {
            let w = &bytes[i..i + 7];
            let is_digit = |b: u8| b.is_ascii_digit();
            let boundary_before = i == 0 || !bytes[i - 1].is_ascii_digit();
            let boundary_after = bytes.get(i + 7).is_none_or(|b| !b.is_ascii_digit());
            if boundary_before
                && boundary_after
                && w[..4].iter().all(|b| is_digit(*b))
                && matches!(w[4], b'-' | b'_')
                && is_digit(w[5])
                && is_digit(w[6])
            {
                if let Some(y) = std::str::from_utf8(w).ok().and_then(CollectionYear::parse) {
                    if found.is_some_and(|f| f != y) {
                        return None;
                    }
                    found = Some(y);
                }
            }
            i += 1;
        }
        found
    }
}

impl fmt::Display for CollectionYear {
    /// "2025-26"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1) % 100)
    }
}

/// What changed in the PLACE list from one collection year on.
pub struct PlaceCodeChange {
    /// The collection year (by its start) the change takes effect.
    pub year: i16,
    pub added: &'static [PlaceCode],
    pub withdrawn: &'static [PlaceCode],
}

/// Every change to the PLACE list, oldest first. Codes not added here were
/// on the list from the start.
pub const PLACE_CODE_CHANGES: &[PlaceCodeChange] = &[
    PlaceCodeChange {
        year: 2024,
        added: &[PlaceCode::K3],
        withdrawn: &[],
    },
    PlaceCodeChange {
        year: 2025,
        added: &[
            PlaceCode::Z11,
            PlaceCode::Z12,
            PlaceCode::Z13,
            PlaceCode::Z14,
        ],
        withdrawn: &[PlaceCode::H5, PlaceCode::P2, PlaceCode::Z1],
    },
];

/// The reason a PLACE code is refused in a year's return, in words.
pub fn place_refusal(year: CollectionYear, place: PlaceCode) -> String {
    let introduced = PLACE_CODE_CHANGES
        .iter()
        .find(|c| c.added.contains(&place))
        .map(|c| CollectionYear(c.year));
    let withdrawn = PLACE_CODE_CHANGES
        .iter()
        .find(|c| c.withdrawn.contains(&place))
        .map(|c| CollectionYear(c.year));
    match (introduced, withdrawn) {
        (Some(from), _) if year < from => format!(
            "{} is not a PLACE code in {year} returns: it is used from {from} on",
            place.code()
        ),
        (_, Some(gone)) if year >= gone => format!(
            "{} is not a PLACE code in {year} returns: it was last used in {}{}",
            place.code(),
            gone.previous(),
            match place {
                PlaceCode::H5 => " (supported accommodation is K3 from 2024-25)",
                PlaceCode::Z1 => " (other placements are Z11 to Z14 from 2025-26)",
                _ => "",
            }
        ),
        _ => format!("{} is not a PLACE code in {year} returns", place.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlaceCode as P;

    fn y(n: i32) -> CollectionYear {
        CollectionYear::starting(n).unwrap()
    }

    #[test]
    fn the_lists_follow_dfe_rule_146_by_year() {
        // 2023-24: the long-standing 27 codes.
        let l2023: Vec<&str> = y(2023).place_codes().iter().map(|p| p.code()).collect();
        assert_eq!(
            l2023,
            [
                "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
                "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"
            ]
        );
        // 2024-25 adds K3 beside H5, P2 and Z1.
        assert!(y(2024).allows_place(P::K3));
        assert!(y(2024).allows_place(P::H5));
        assert!(!y(2024).allows_place(P::Z11));
        assert_eq!(y(2024).place_codes().len(), 28);
        // 2025-26: no H5, P2, Z1; Z11 to Z14.
        let l2025: Vec<&str> = y(2025).place_codes().iter().map(|p| p.code()).collect();
        assert_eq!(
            l2025,
            [
                "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
                "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12",
                "Z13", "Z14"
            ]
        );
        assert!(!y(2023).allows_place(P::K3));
        assert!(y(2030).allows_place(P::K3));
        assert!(!y(2030).allows_place(P::H5));
    }

    #[test]
    fn refusals_say_when_the_code_applies() {
        assert_eq!(
            place_refusal(y(2023), P::K3),
            "K3 is not a PLACE code in 2023-24 returns: it is used from 2024-25 on"
        );
        assert_eq!(
            place_refusal(y(2025), P::H5),
            "H5 is not a PLACE code in 2025-26 returns: it was last used in 2024-25 (supported accommodation is K3 from 2024-25)"
        );
    }

    #[test]
    fn years_are_read_in_the_forms_files_use() {
        assert_eq!(CollectionYear::parse("2025-26"), Some(y(2025)));
        assert_eq!(CollectionYear::parse("2025_26"), Some(y(2025)));
        assert_eq!(CollectionYear::parse("2025/2026"), Some(y(2025)));
        assert_eq!(CollectionYear::parse("2025"), Some(y(2025)));
        assert_eq!(CollectionYear::parse("2099-00"), Some(y(2099)));
        assert_eq!(CollectionYear::parse("2025-27"), None);
        assert_eq!(CollectionYear::parse("25-26"), None);
        assert_eq!(CollectionYear::parse("twenty"), None);
        assert_eq!(CollectionYear::parse("1066"), None);
        assert_eq!(y(2025).to_string(), "2025-26");
        assert_eq!(y(2099).to_string(), "2099-00");
        assert_eq!(y(2025).last_day(), date(2026, 3, 31));
        assert_eq!(CollectionYear::of(date(2026, 3, 31)), y(2025));
        assert_eq!(CollectionYear::of(date(2026, 4, 1)), y(2026));
    }

    #[test]
    fn file_names_name_their_year() {
        assert_eq!(
            CollectionYear::from_file_name("ssda903_2025-26_episodes.csv"),
            Some(y(2025))
        );
        assert_eq!(
            CollectionYear::from_file_name("Episodes 2019_20.csv"),
            Some(y(2019))
        );
        assert_eq!(CollectionYear::from_file_name("episodes.csv"), None);
        // Two different years: not one return's name.
        assert_eq!(
            CollectionYear::from_file_name("episodes_2019-20_to_2021-22.csv"),
            None
        );
        // A date is not a year.
        assert_eq!(
            CollectionYear::from_file_name("export-2025-03-31.csv"),
            None
        );
    }
}
