//! Foster carer households: in-house, IFA and kinship.

use super::date::{format_uk_date, parse_uk_date};
use super::money::Pence;
use super::postcode::{GridRef, Postcode};
use super::validation::{age_range, required_text, whole_number, ValidationErrors};
use crate::code_enum;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Who approves and pays the household.
    CarerSector {
        InHouse => "in_house", "In-house",
        Ifa => "ifa", "IFA",
        Kinship => "kinship", "Kinship / connected",
    }
}

code_enum! {
    CarerStatus {
        Active => "active", "Active",
        OnHold => "on_hold", "On hold",
        Resigned => "resigned", "Resigned",
    }
}

code_enum! {
    /// What a household is approved or trained for beyond mainstream care.
    Specialism {
        Adolescents => "adolescents", "Adolescents",
        Disability => "disability", "Disability",
        ParentAndChild => "parent_and_child", "Parent and child",
        StepDown => "step_down", "Step-down from residential",
        Emergency => "emergency", "Emergency / short notice",
        Remand => "remand", "Remand",
    }
}

impl Specialism {
    /// `adolescents,step_down` → the list, unknown codes reported.
    pub fn parse_list(text: &str) -> Result<Vec<Specialism>, String> {
        let mut out = Vec::new();
        for part in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let s = Specialism::parse(part)
                .or_else(|| {
                    Specialism::ALL
                        .iter()
                        .copied()
                        .find(|s| s.label().eq_ignore_ascii_case(part))
                })
                .ok_or_else(|| format!("'{part}' is not a known specialism"))?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.sort();
        Ok(out)
    }

    pub fn list_to_codes(list: &[Specialism]) -> String {
        list.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Carer {
    pub id: String,
    pub name: String,
    pub sector: CarerSector,
    /// The agency's name for IFA households.
    pub agency: Option<String>,
    pub approved_places: u8,
    pub age_min: u8,
    pub age_max: u8,
    pub takes_siblings: bool,
    pub specialisms: Vec<Specialism>,
    pub postcode: Option<Postcode>,
    pub location: Option<GridRef>,
    /// Fee plus allowance, per child per week.
    pub weekly_cost: Pence,
    pub status: CarerStatus,
    pub approval_date: Date,
    /// When the household resigned or stopped caring; `None` while approved.
    pub ended_on: Option<Date>,
}

impl Carer {
    /// Approved on `on`: approved by then and not yet ended.
    pub fn is_approved_on(&self, on: Date) -> bool {
        self.approval_date <= on && self.ended_on.is_none_or(|e| e > on)
    }

    pub fn approves_age(&self, age: i32) -> bool {
        (i32::from(self.age_min)..=i32::from(self.age_max)).contains(&age)
    }
}

/// What a user types into the carer form.
#[derive(Debug, Clone, PartialEq)]
pub struct CarerDraft {
    pub id: String,
    pub name: String,
    pub sector: CarerSector,
    pub agency: String,
    pub approved_places: String,
    pub age_min: String,
    pub age_max: String,
    pub takes_siblings: bool,
    pub specialisms: Vec<Specialism>,
    pub postcode: String,
    pub weekly_cost: String,
    pub status: CarerStatus,
    pub approval_date: String,
    pub ended_on: String,
}

impl Default for CarerDraft {
    fn default() -> Self {
        CarerDraft {
            id: String::new(),
            name: String::new(),
            sector: CarerSector::InHouse,
            agency: String::new(),
            approved_places: "1".into(),
            age_min: "0".into(),
            age_max: "17".into(),
            takes_siblings: false,
            specialisms: Vec::new(),
            postcode: String::new(),
            weekly_cost: String::new(),
            status: CarerStatus::Active,
            approval_date: String::new(),
            ended_on: String::new(),
        }
    }
}

impl CarerDraft {
    pub fn from_carer(c: &Carer) -> CarerDraft {
        CarerDraft {
            id: c.id.clone(),
            name: c.name.clone(),
            sector: c.sector,
            agency: c.agency.clone().unwrap_or_default(),
            approved_places: c.approved_places.to_string(),
            age_min: c.age_min.to_string(),
            age_max: c.age_max.to_string(),
            takes_siblings: c.takes_siblings,
            specialisms: c.specialisms.clone(),
            postcode: c
                .postcode
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            weekly_cost: format!("{:.2}", c.weekly_cost.0 as f64 / 100.0),
            status: c.status,
            approval_date: format_uk_date(c.approval_date),
            ended_on: c.ended_on.map(format_uk_date).unwrap_or_default(),
        }
    }

    pub fn validate(&self, today: Date) -> Result<Carer, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let id = e.check("id", required_text(&self.id, "household reference", 20));
        let name = e.check("name", required_text(&self.name, "household name", 100));
        let agency = self.agency.trim();
        if self.sector == CarerSector::Ifa && agency.is_empty() {
            e.push("agency", "enter the agency's name for an IFA household");
        }
        if agency.chars().count() > 100 {
            e.push("agency", "the agency's name is longer than 100 characters");
        }
        let places = e.check(
            "approved_places",
            whole_number(&self.approved_places, "number of approved places", 0..=6),
        );
        let (age_min, age_max) = age_range(&self.age_min, &self.age_max, &mut e);
        let postcode = if self.postcode.trim().is_empty() {
            None
        } else {
            e.check("postcode", Postcode::parse(&self.postcode))
        };
        let cost = e.check("weekly_cost", Pence::parse_weekly_cost(&self.weekly_cost));
        let approved = e.check("approval_date", parse_uk_date(&self.approval_date));
        if approved.is_some_and(|d| d > today) {
            e.push("approval_date", "the approval date is in the future");
        }
        let ended = if self.ended_on.trim().is_empty() {
            if self.status == CarerStatus::Resigned {
                e.push("ended_on", "enter the date the household resigned");
            }
            None
        } else {
            let d = e.check("ended_on", parse_uk_date(&self.ended_on));
            if let (Some(d), Some(a)) = (d, approved) {
                if d < a {
                    e.push(
                        "ended_on",
                        "the household cannot resign before being approved",
                    );
                }
            }
            if self.status != CarerStatus::Resigned {
                e.push(
                    "ended_on",
                    "only a resigned household has a resignation date",
                );
            }
            d
        };
        e.into_result(|| Carer {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            sector: self.sector,
            agency: (!agency.is_empty()).then(|| agency.to_string()),
            approved_places: places.unwrap_or(0) as u8,
            age_min,
            age_max,
            takes_siblings: self.takes_siblings,
            specialisms: self.specialisms.clone(),
            postcode,
            location: None,
            weekly_cost: cost.unwrap_or_default(),
            status: self.status,
            approval_date: approved.unwrap_or(today),
            ended_on: ended,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn validates_an_ifa_household() {
        let d = CarerDraft {
            id: "FC9".into(),
            name: "The Testers".into(),
            sector: CarerSector::Ifa,
            agency: "".into(),
            approved_places: "7".into(),
            age_min: "12".into(),
            age_max: "4".into(),
            weekly_cost: "£1,050".into(),
            approval_date: "01/01/2030".into(),
            ..Default::default()
        };
        let e = d.validate(date(2026, 11, 1)).unwrap_err();
        assert!(e.for_field("agency").is_some());
        assert_eq!(
            e.for_field("approved_places"),
            Some("the number of approved places must be between 0 and 6")
        );
        assert_eq!(
            e.for_field("age_max"),
            Some("the oldest age (4) is below the youngest (12)")
        );
        assert_eq!(
            e.for_field("approval_date"),
            Some("the approval date is in the future")
        );
        assert_eq!(e.for_field("weekly_cost"), None);
    }

    #[test]
    fn parses_specialism_lists() {
        assert_eq!(
            Specialism::parse_list("step_down, Adolescents"),
            Ok(vec![Specialism::Adolescents, Specialism::StepDown])
        );
        assert!(Specialism::parse_list("juggling").is_err());
        assert_eq!(
            Specialism::list_to_codes(&[Specialism::Disability, Specialism::Remand]),
            "disability,remand"
        );
    }
}
