//! A child known to the placement team.

use super::codes::{CategoryOfNeed, LegalStatus};
use super::date::{age_on, eighteenth_birthday, parse_uk_date};
use super::postcode::{GridRef, Postcode};
use super::validation::{required_text, ValidationErrors};
use crate::code_enum;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

code_enum! {
    /// SSDA903 SEX: 1 male, 2 female.
    Sex {
        Male => "1", "Male",
        Female => "2", "Female",
    }
}

code_enum! {
    /// Where the child stands with the council today.
    ChildStatus {
        LookedAfter => "looked_after", "Looked after",
        AwaitingPlacement => "awaiting_placement", "Awaiting placement",
        LeftCare => "left_care", "Left care",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    /// The SSDA903 CHILD identifier (the council's own reference).
    pub id: String,
    /// Synthetic in the sample; never exported unless the user asks.
    pub name: String,
    pub date_of_birth: Date,
    pub sex: Sex,
    pub legal_status: LegalStatus,
    pub category_of_need: CategoryOfNeed,
    pub disability: bool,
    /// Children sharing a sibling group are to be placed together where possible.
    pub sibling_group: Option<String>,
    pub home_postcode: Option<Postcode>,
    /// From the postcode directory; `None` when the postcode is missing or unknown.
    pub home_location: Option<GridRef>,
    pub status: ChildStatus,
    /// The start of the current (latest) period of care.
    pub entered_care: Date,
    /// The end of the current period of care, when it has ended.
    pub left_care: Option<Date>,
    /// Periods of care before the current one, oldest first, each ended
    /// before the current one began: a child who left care and came back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_periods: Vec<CarePeriod>,
}

/// One period of care that has ended: looked after from `started` up to
/// the day before `ended` (the day the child left).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CarePeriod {
    pub started: Date,
    pub ended: Date,
}

impl CarePeriod {
    pub fn covers(&self, on: Date) -> bool {
        self.started <= on && on < self.ended
    }
}

impl Child {
    pub fn age_on(&self, on: Date) -> i32 {
        age_on(self.date_of_birth, on)
    }

    /// Whether the records have the child in a period of care on `on`
    /// (the current one or an earlier one), before any 18th-birthday rule.
    pub fn in_care_period_on(&self, on: Date) -> bool {
        (self.entered_care <= on && self.left_care.is_none_or(|l| l > on))
            || self.earlier_periods.iter().any(|p| p.covers(on))
    }

    /// Whether the child is looked after on `on`: in a period of care and
    /// under 18 (nobody is looked after on or after their 18th birthday).
    pub fn looked_after_on(&self, on: Date) -> bool {
        self.in_care_period_on(on) && on < eighteenth_birthday(self.date_of_birth)
    }

    /// The period of care that `day` falls in: its start, and its end when
    /// it has ended.
    pub fn period_containing(&self, day: Date) -> Option<(Date, Option<Date>)> {
        self.care_periods()
            .find(|(start, end)| *start <= day && end.is_none_or(|e| e > day))
    }

    /// Every period of care, oldest first, the current one last (its end
    /// `None` while it goes on).
    pub fn care_periods(&self) -> impl Iterator<Item = (Date, Option<Date>)> + '_ {
        self.earlier_periods
            .iter()
            .map(|p| (p.started, Some(p.ended)))
            .chain(std::iter::once((self.entered_care, self.left_care)))
    }
}

/// What a user types into the child form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildDraft {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub sex: Option<Sex>,
    pub legal_status: Option<LegalStatus>,
    pub category_of_need: Option<CategoryOfNeed>,
    pub disability: bool,
    pub sibling_group: String,
    pub home_postcode: String,
    pub status: Option<ChildStatus>,
    pub entered_care: String,
    pub left_care: String,
}

impl ChildDraft {
    pub fn from_child(c: &Child) -> ChildDraft {
        use super::date::format_uk_date;
        ChildDraft {
            id: c.id.clone(),
            name: c.name.clone(),
            date_of_birth: format_uk_date(c.date_of_birth),
            sex: Some(c.sex),
            legal_status: Some(c.legal_status),
            category_of_need: Some(c.category_of_need),
            disability: c.disability,
            sibling_group: c.sibling_group.clone().unwrap_or_default(),
            home_postcode: c
                .home_postcode
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            status: Some(c.status),
            entered_care: format_uk_date(c.entered_care),
            left_care: c.left_care.map(format_uk_date).unwrap_or_default(),
        }
    }

    /// Checks every field; the location is filled in later by the store from
    /// the postcode directory.
    pub fn validate(&self, today: Date) -> Result<Child, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let id = e.check("id", required_text(&self.id, "child's reference", 20));
        let name = e.check("name", required_text(&self.name, "child's name", 100));
        let dob = e.check("date_of_birth", parse_uk_date(&self.date_of_birth));
        if let Some(d) = dob {
            if d > today {
                e.push("date_of_birth", "the date of birth is in the future");
            } else if age_on(d, today) > 25 {
                e.push("date_of_birth", "the child would be over 25 today");
            }
        }
        if self.sex.is_none() {
            e.push("sex", "choose the child's sex");
        }
        if self.legal_status.is_none() {
            e.push("legal_status", "choose the legal status");
        }
        if self.category_of_need.is_none() {
            e.push("category_of_need", "choose the category of need");
        }
        let postcode = if self.home_postcode.trim().is_empty() {
            None
        } else {
            e.check("home_postcode", Postcode::parse(&self.home_postcode))
        };
        let entered = e.check("entered_care", parse_uk_date(&self.entered_care));
        if entered.is_some_and(|en| en > today) {
            e.push(
                "entered_care",
                "the date the child entered care is after today",
            );
        }
        if let (Some(d), Some(en)) = (dob, entered) {
            if en < d {
                e.push("entered_care", "the child entered care before being born");
            }
        }
        let status = self.status.unwrap_or(ChildStatus::LookedAfter);
        let left = if self.left_care.trim().is_empty() {
            if status == ChildStatus::LeftCare {
                e.push("left_care", "enter the date the child left care");
            }
            None
        } else {
            let l = e.check("left_care", parse_uk_date(&self.left_care));
            if let (Some(l), Some(en)) = (l, entered) {
                if l < en {
                    e.push("left_care", "the child left care before entering it");
                }
            }
            if status != ChildStatus::LeftCare {
                e.push(
                    "left_care",
                    "only a child who has left care has a leaving date",
                );
            }
            l
        };
        let sibling_group = self.sibling_group.trim();
        if sibling_group.chars().count() > 20 {
            e.push(
                "sibling_group",
                "the sibling group is longer than 20 characters",
            );
        }
        e.into_result(|| Child {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            date_of_birth: dob.unwrap_or(today),
            sex: self.sex.unwrap_or(Sex::Male),
            legal_status: self.legal_status.unwrap_or(LegalStatus::V2),
            category_of_need: self.category_of_need.unwrap_or(CategoryOfNeed::N1),
            disability: self.disability,
            sibling_group: (!sibling_group.is_empty()).then(|| sibling_group.to_string()),
            home_postcode: postcode,
            home_location: None,
            status,
            entered_care: entered.unwrap_or(today),
            left_care: left,
            earlier_periods: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn draft() -> ChildDraft {
        ChildDraft {
            id: "C100".into(),
            name: "Alex Test".into(),
            date_of_birth: "15/06/2012".into(),
            sex: Some(Sex::Female),
            legal_status: Some(LegalStatus::C2),
            category_of_need: Some(CategoryOfNeed::N1),
            home_postcode: "hp19 8ff".into(),
            status: Some(ChildStatus::LookedAfter),
            entered_care: "01/09/2020".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_draft_becomes_a_child() {
        let c = draft().validate(date(2026, 11, 1)).unwrap();
        assert_eq!(c.home_postcode.as_ref().unwrap().as_str(), "HP19 8FF");
        assert_eq!(c.date_of_birth, date(2012, 6, 15));
        assert_eq!(c.age_on(date(2026, 11, 1)), 14);
    }

    #[test]
    fn explains_each_bad_field() {
        let mut d = draft();
        d.name = "  ".into();
        d.date_of_birth = "31/02/2012".into();
        d.home_postcode = "nowhere".into();
        d.left_care = "01/01/2019".into();
        let e = d.validate(date(2026, 11, 1)).unwrap_err();
        assert_eq!(e.for_field("name"), Some("enter the child's name"));
        assert!(e
            .for_field("date_of_birth")
            .unwrap()
            .contains("not a real calendar date"));
        assert!(e
            .for_field("home_postcode")
            .unwrap()
            .contains("not a UK postcode"));
        assert!(e
            .for_field("left_care")
            .unwrap()
            .contains("before entering"));
    }
}
