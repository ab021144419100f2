//! Placements: the history of where each child has lived while in care.

use super::category::{PlaceCode, PlacementCategory, ProviderCode};
use super::money::Pence;
use super::postcode::Postcode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where the child is placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementSetting {
    /// With a foster carer household (in-house, IFA or kinship).
    Carer(String),
    /// In a bed of a residential home.
    Home(String),
    /// Elsewhere (with parents, supported accommodation, hospital …), with
    /// the placement's own postcode when known.
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Assigned by the store; 0 before it is saved.
    pub id: i64,
    pub child_id: String,
    pub setting: PlacementSetting,
    /// The placement postcode when it is not a carer's or home's (PL_POST).
    pub postcode: Option<Postcode>,
    pub start: Date,
    /// `None` while the placement is open.
    pub end: Option<Date>,
    /// The weekly cost from the start, when known: entered in a form, a
    /// template or a finance import. `None` is not known (an SSDA903 return
    /// holds no costs); see `costing` for how such a placement is costed.
    pub weekly_cost: Option<Pence>,
    /// Later prices (fee uplifts), each from its day, in date order.
    #[serde(default)]
    pub fee_changes: Vec<FeeChange>,
    pub place: PlaceCode,
    pub provider: Option<ProviderCode>,
    /// SSDA903 REASON_PLACE_CHANGE when the placement ended in a move.
    pub reason_for_change: Option<String>,
}

/// A placement's new weekly price from a day on (a fee uplift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeChange {
    pub from: Date,
    pub weekly: Pence,
}

impl Placement {
    /// The placement's own weekly price on `on`: the latest fee change from
    /// on or before that day, else the cost from the start; `None` when
    /// the placement has no cost of its own.
    pub fn own_cost_on(&self, on: Date) -> Option<Pence> {
        self.fee_changes
            .iter()
            .filter(|f| f.from <= on)
            .max_by_key(|f| f.from)
            .map(|f| f.weekly)
            .or(self.weekly_cost)
    }

    /// Whether the placement may be ended on `end`: it must be open (not
    /// already ended), and the end on or after its start (a placement may
    /// start and end on one day, as a return allows). Says why not, in
    /// words for the user.
    pub fn check_end(&self, end: Date) -> Result<(), String> {
        if let Some(ended) = self.end {
            return Err(format!(
                "this placement already ended on {}",
                super::format_uk_date(ended)
            ));
        }
        if end < self.start {
            return Err(format!(
                "{} is before the placement started, on {}",
                super::format_uk_date(end),
                super::format_uk_date(self.start)
            ));
        }
        Ok(())
    }

    pub fn category(&self) -> PlacementCategory {
        PlacementCategory::derive(self.place, self.provider)
    }

    /// Open on `on`: started on or before it and not ended by it. A placement
    /// ending on a day is no longer open that day (the next one starts).
    pub fn is_open_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }

    pub fn carer_id(&self) -> Option<&str> {
        match &self.setting {
            PlacementSetting::Carer(id) => Some(id),
            _ => None,
        }
    }

    pub fn home_id(&self) -> Option<&str> {
        match &self.setting {
            PlacementSetting::Home(id) => Some(id),
            _ => None,
        }
    }
}

/// SSDA903 REASON_PLACE_CHANGE codes with their meaning.
pub const REASONS_FOR_CHANGE: &[(&str, &str)] = &[
    ("CARPL", "Change to the care plan"),
    ("CLOSE", "Provider closed or withdrew"),
    ("ALLEG", "Allegation against the carer"),
    ("STAND", "Standards of care concern"),
    ("APPRR", "Carer's approval removed"),
    ("CREQB", "Carer requested the change (child's behaviour)"),
    ("CREQO", "Carer requested the change (other)"),
    ("CHILD", "Child requested the change"),
    ("LAREQ", "Council requested the change"),
    ("PLACE", "Move to a placement better matched to needs"),
    ("CUSTOD", "Child went into custody"),
    ("OTHER", "Other"),
];

/// Whether `code` is a reason for a change of placement
/// ([`REASONS_FOR_CHANGE`], in capitals); says which codes are when it is
/// not. The SSDA903 import and ending a placement both check with it.
pub fn check_reason_for_change(code: &str) -> Result<(), String> {
    if REASONS_FOR_CHANGE.iter().any(|(c, _)| *c == code) {
        return Ok(());
    }
    let known: Vec<&str> = REASONS_FOR_CHANGE.iter().map(|(c, _)| *c).collect();
    Err(format!(
        "not a known reason for placement change (one of {})",
        known.join(", ")
    ))
}

/// Default SSDA903 codes for a placement with a carer of `sector`.
pub fn codes_for_carer(sector: super::CarerSector) -> (PlaceCode, Option<ProviderCode>) {
    match sector {
        super::CarerSector::InHouse => (PlaceCode::U6, Some(ProviderCode::PR1)),
        super::CarerSector::Ifa => (PlaceCode::U6, Some(ProviderCode::PR4)),
        super::CarerSector::Kinship => (PlaceCode::U3, Some(ProviderCode::PR1)),
    }
}

/// Default SSDA903 codes for a placement in a home of `sector`.
pub fn codes_for_home(sector: super::HomeSector) -> (PlaceCode, Option<ProviderCode>) {
    match sector {
        super::HomeSector::OwnCouncil => (PlaceCode::K2, Some(ProviderCode::PR1)),
        super::HomeSector::Private => (PlaceCode::K2, Some(ProviderCode::PR4)),
        super::HomeSector::Voluntary => (PlaceCode::K2, Some(ProviderCode::PR5)),
    }
}

/// What a user types into the new-placement form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlacementDraft {
    pub child_id: String,
    /// `carer`, `home` or `elsewhere`.
    pub setting_kind: SettingKind,
    pub provider_ref: String,
    pub postcode: String,
    pub start: String,
    pub weekly_cost: String,
    pub place: Option<PlaceCode>,
    pub provider: Option<ProviderCode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SettingKind {
    #[default]
    Carer,
    Home,
    Elsewhere,
}

impl PlacementDraft {
    pub fn validate(&self) -> Result<Placement, super::ValidationErrors> {
        use super::validation::required_text;
        let mut e = super::ValidationErrors::default();
        let setting = match self.setting_kind {
            SettingKind::Carer => e
                .check(
                    "provider_ref",
                    required_text(&self.provider_ref, "carer household", 20),
                )
                .map(PlacementSetting::Carer),
            SettingKind::Home => e
                .check(
                    "provider_ref",
                    required_text(&self.provider_ref, "residential home", 20),
                )
                .map(PlacementSetting::Home),
            SettingKind::Elsewhere => Some(PlacementSetting::Elsewhere),
        };
        let postcode = if self.postcode.trim().is_empty() {
            None
        } else {
            e.check("postcode", Postcode::parse(&self.postcode))
        };
        let start = e.check("start", super::parse_uk_date(&self.start));
        // Blank is "not known": the placement is costed from the rates.
        let cost = if self.weekly_cost.trim().is_empty() {
            None
        } else {
            e.check("weekly_cost", Pence::parse_weekly_cost(&self.weekly_cost))
        };
        let place = self.place;
        match place {
            None => e.push("place", "choose the SSDA903 placement type (PLACE)"),
            Some(p) => {
                if p.takes_provider() && self.provider.is_none() {
                    e.push(
                        "provider",
                        format!("{} needs a provider (PLACE_PROVIDER)", p.code()),
                    );
                }
                if !p.takes_provider() && self.provider.is_some() {
                    e.push(
                        "provider",
                        format!("{} takes no provider; leave it blank", p.code()),
                    );
                }
                if self.setting_kind == SettingKind::Carer && !p.is_foster_placement() {
                    e.push(
                        "place",
                        "a placement with a foster carer has a U1 to U6 code",
                    );
                }
                if self.setting_kind == SettingKind::Home && !p.is_residential() {
                    e.push(
                        "place",
                        "a placement in a home has a K1, K2, R1, P3 or S1 code",
                    );
                }
            }
        }
        e.into_result(|| Placement {
            id: 0,
            child_id: self.child_id.trim().to_string(),
            setting: setting.unwrap_or(PlacementSetting::Elsewhere),
            postcode,
            start: start.unwrap_or_default(),
            end: None,
            weekly_cost: cost,
            fee_changes: Vec::new(),
            place: place.unwrap_or(PlaceCode::Z1),
            provider: self.provider,
            reason_for_change: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn placement_form_checks_codes_against_setting() {
        let d = PlacementDraft {
            child_id: "C1".into(),
            setting_kind: SettingKind::Carer,
            provider_ref: "FC1".into(),
            start: "01/04/2026".into(),
            weekly_cost: "450".into(),
            place: Some(PlaceCode::K2),
            provider: None,
            ..Default::default()
        };
        let e = d.validate().unwrap_err();
        assert_eq!(
            e.for_field("place"),
            Some("a placement with a foster carer has a U1 to U6 code")
        );
        assert_eq!(
            e.for_field("provider"),
            Some("K2 needs a provider (PLACE_PROVIDER)")
        );
        let ok = PlacementDraft {
            place: Some(PlaceCode::U6),
            provider: Some(ProviderCode::PR1),
            ..d
        }
        .validate()
        .unwrap();
        assert_eq!(ok.category(), PlacementCategory::InHouseFostering);
        assert_eq!(ok.weekly_cost, Some(Pence(45_000)));
        assert_eq!(ok.start, date(2026, 4, 1));
    }

    #[test]
    fn open_on_excludes_the_end_day() {
        let p = Placement {
            id: 1,
            child_id: "C1".into(),
            setting: PlacementSetting::Carer("FC1".into()),
            postcode: None,
            start: date(2025, 1, 10),
            end: Some(date(2025, 3, 1)),
            weekly_cost: Some(Pence(50_000)),
            fee_changes: vec![],
            place: PlaceCode::U6,
            provider: Some(ProviderCode::PR1),
            reason_for_change: None,
        };
        assert!(!p.is_open_on(date(2025, 1, 9)));
        assert!(p.is_open_on(date(2025, 1, 10)));
        assert!(p.is_open_on(date(2025, 2, 28)));
        assert!(!p.is_open_on(date(2025, 3, 1)));
        assert_eq!(p.category(), PlacementCategory::InHouseFostering);
    }
}
