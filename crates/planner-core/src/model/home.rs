//! Residential children's homes and their beds.

use super::date::{format_uk_date, parse_uk_date};
use super::money::Pence;
use super::postcode::{GridRef, Postcode};
use super::validation::{age_range, required_text, whole_number, ValidationErrors};
use crate::code_enum;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

code_enum! {
    HomeSector {
        OwnCouncil => "own_council", "Own council",
        Private => "private", "Private",
        Voluntary => "voluntary", "Voluntary",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Home {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub sector: HomeSector,
    /// Ofsted unique reference number.
    pub ofsted_urn: Option<String>,
    pub registered_beds: u8,
    pub age_min: u8,
    pub age_max: u8,
    pub postcode: Option<Postcode>,
    pub location: Option<GridRef>,
    pub weekly_cost_per_bed: Pence,
    /// When the home closed or the council stopped using it; `None` while open.
    pub closed_on: Option<Date>,
}

impl Home {
    pub fn is_open_on(&self, on: Date) -> bool {
        self.closed_on.is_none_or(|c| c > on)
    }
}

/// What a user types into the home form.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeDraft {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub sector: HomeSector,
    pub ofsted_urn: String,
    pub registered_beds: String,
    pub age_min: String,
    pub age_max: String,
    pub postcode: String,
    pub weekly_cost_per_bed: String,
    pub closed_on: String,
}

impl Default for HomeDraft {
    fn default() -> Self {
        HomeDraft {
            id: String::new(),
            name: String::new(),
            provider: String::new(),
            sector: HomeSector::Private,
            ofsted_urn: String::new(),
            registered_beds: "4".into(),
            age_min: "8".into(),
            age_max: "17".into(),
            postcode: String::new(),
            weekly_cost_per_bed: String::new(),
            closed_on: String::new(),
        }
    }
}

impl HomeDraft {
    pub fn from_home(h: &Home) -> HomeDraft {
        HomeDraft {
            id: h.id.clone(),
            name: h.name.clone(),
            provider: h.provider.clone(),
            sector: h.sector,
            ofsted_urn: h.ofsted_urn.clone().unwrap_or_default(),
            registered_beds: h.registered_beds.to_string(),
            age_min: h.age_min.to_string(),
            age_max: h.age_max.to_string(),
            postcode: h
                .postcode
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            weekly_cost_per_bed: format!("{:.2}", h.weekly_cost_per_bed.0 as f64 / 100.0),
            closed_on: h.closed_on.map(format_uk_date).unwrap_or_default(),
        }
    }

    pub fn validate(&self) -> Result<Home, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let id = e.check("id", required_text(&self.id, "home reference", 20));
        let name = e.check("name", required_text(&self.name, "home's name", 100));
        let provider = e.check(
            "provider",
            required_text(&self.provider, "provider's name", 100),
        );
        let urn = self.ofsted_urn.trim();
        let urn_ok = urn.len() <= 10 && urn.chars().all(|c| c.is_ascii_alphanumeric());
        if !urn.is_empty() && !urn_ok {
            e.push(
                "ofsted_urn",
                format!("'{urn}' is not an Ofsted URN (letters and digits, e.g. SC123456)"),
            );
        }
        let beds = e.check(
            "registered_beds",
            whole_number(&self.registered_beds, "number of registered beds", 0..=60),
        );
        let (age_min, age_max) = age_range(&self.age_min, &self.age_max, &mut e);
        let postcode = if self.postcode.trim().is_empty() {
            None
        } else {
            e.check("postcode", Postcode::parse(&self.postcode))
        };
        let cost = e.check(
            "weekly_cost_per_bed",
            Pence::parse_weekly_cost(&self.weekly_cost_per_bed),
        );
        let closed = if self.closed_on.trim().is_empty() {
            None
        } else {
            e.check("closed_on", parse_uk_date(&self.closed_on))
        };
        e.into_result(|| Home {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            provider: provider.unwrap_or_default(),
            sector: self.sector,
            ofsted_urn: (!urn.is_empty()).then(|| urn.to_ascii_uppercase()),
            registered_beds: beds.unwrap_or(0) as u8,
            age_min,
            age_max,
            postcode,
            location: None,
            weekly_cost_per_bed: cost.unwrap_or_default(),
            closed_on: closed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_urn_and_beds() {
        let d = HomeDraft {
            id: "RH1".into(),
            name: "Oak House".into(),
            provider: "Acme Care".into(),
            ofsted_urn: "SC-12".into(),
            registered_beds: "-1".into(),
            weekly_cost_per_bed: "6108".into(),
            ..Default::default()
        };
        let e = d.validate().unwrap_err();
        assert!(e
            .for_field("ofsted_urn")
            .unwrap()
            .contains("not an Ofsted URN"));
        assert_eq!(
            e.for_field("registered_beds"),
            Some("the number of registered beds must be between 0 and 60")
        );
    }
}
