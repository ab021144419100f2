//! Referrals to the resource panel and the panel's decisions.

use super::carer::Specialism;
use super::money::Pence;
use crate::code_enum;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

code_enum! {
    /// How soon the child needs a placement.
    Urgency {
        Planned => "planned", "Planned",
        Emergency => "emergency", "Emergency",
    }
}

/// A request to the panel to find a child a placement, with the child's
/// needs as the panel sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    /// Assigned by the store; 0 before it is saved.
    pub id: i64,
    pub child_id: String,
    pub received: Date,
    /// How many children are to be placed together, this child included
    /// (1 for a child alone).
    pub sibling_group_size: u8,
    pub disability: bool,
    /// Specialisms a household must offer (adolescents, parent and child,
    /// step-down from residential …).
    pub specialisms_needed: Vec<Specialism>,
    /// The child must stay near home or school: only placements within
    /// 20 miles are suitable.
    pub must_stay_near_home: bool,
    /// Risk flags the panel should see (free text, e.g. "missing episodes").
    pub risk_flags: String,
    pub urgency: Urgency,
    /// The latest date the placement must start by.
    pub latest_start: Date,
    pub notes: String,
}

code_enum! {
    /// What the panel decided about a referral.
    DecisionOutcome {
        Placed => "placed", "Placed",
        Deferred => "deferred", "Deferred",
        Declined => "declined", "Declined",
    }
}

/// One entry in the panel's record. Never edited: a correction is a new
/// entry whose `corrects` names the one it replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Assigned by the store; 0 before it is saved.
    pub id: i64,
    pub referral_id: i64,
    pub meeting_date: Date,
    pub outcome: DecisionOutcome,
    /// For a placement: the carer household or home, start and weekly cost.
    pub carer_id: Option<String>,
    pub home_id: Option<String>,
    pub start: Option<Date>,
    pub weekly_cost: Option<Pence>,
    /// The placement the decision created, if any.
    pub placement_id: Option<i64>,
    pub rationale: String,
    pub attendees: String,
    /// The earlier decision this one corrects.
    pub corrects: Option<i64>,
    /// When it was recorded (UTC, RFC 3339), set by the store.
    pub recorded_at: String,
}

/// What a user types into the referral form.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralDraft {
    pub child_id: String,
    pub received: String,
    pub sibling_group_size: String,
    pub disability: bool,
    pub specialisms_needed: Vec<Specialism>,
    pub must_stay_near_home: bool,
    pub risk_flags: String,
    pub urgency: Urgency,
    pub latest_start: String,
    pub notes: String,
}

impl ReferralDraft {
    /// A new referral for a child, received `today`, to be placed within
    /// four weeks (a week for an emergency).
    pub fn new(child_id: &str, disability: bool, today: Date) -> ReferralDraft {
        let by = today
            .checked_add(jiff::Span::new().days(28))
            .unwrap_or(today);
        ReferralDraft {
            child_id: child_id.to_string(),
            received: super::format_uk_date(today),
            sibling_group_size: "1".into(),
            disability,
            specialisms_needed: Vec::new(),
            must_stay_near_home: false,
            risk_flags: String::new(),
            urgency: Urgency::Planned,
            latest_start: super::format_uk_date(by),
            notes: String::new(),
        }
    }

    pub fn validate(&self) -> Result<Referral, super::ValidationErrors> {
        use super::validation::{required_text, whole_number};
        let mut e = super::ValidationErrors::default();
        let child = e.check(
            "child_id",
            required_text(&self.child_id, "child's reference", 20),
        );
        let received = e.check("received", super::parse_uk_date(&self.received));
        let size = e.check(
            "sibling_group_size",
            whole_number(
                &self.sibling_group_size,
                "number of children to place together",
                1..=8,
            ),
        );
        let latest = e.check("latest_start", super::parse_uk_date(&self.latest_start));
        if let (Some(r), Some(l)) = (received, latest) {
            if l < r {
                e.push(
                    "latest_start",
                    "the placement is needed before the referral was received",
                );
            }
        }
        for (field, text, max) in [
            ("risk_flags", &self.risk_flags, 500),
            ("notes", &self.notes, 2000),
        ] {
            if text.chars().count() > max {
                e.push(field, format!("keep this under {max} characters"));
            }
        }
        e.into_result(|| Referral {
            id: 0,
            child_id: child.unwrap_or_default(),
            received: received.unwrap_or_default(),
            sibling_group_size: size.unwrap_or(1) as u8,
            disability: self.disability,
            specialisms_needed: self.specialisms_needed.clone(),
            must_stay_near_home: self.must_stay_near_home,
            risk_flags: self.risk_flags.trim().to_string(),
            urgency: self.urgency,
            latest_start: latest.unwrap_or_default(),
            notes: self.notes.trim().to_string(),
        })
    }
}

/// What a user types into the decision form.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionDraft {
    pub referral_id: i64,
    pub meeting_date: Date,
    pub outcome: DecisionOutcome,
    pub carer_id: Option<String>,
    pub home_id: Option<String>,
    pub start: String,
    pub weekly_cost: String,
    pub rationale: String,
    pub attendees: String,
    pub corrects: Option<i64>,
}

impl DecisionDraft {
    pub fn validate(&self) -> Result<Decision, super::ValidationErrors> {
        let mut e = super::ValidationErrors::default();
        if self.rationale.trim().is_empty() {
            e.push("rationale", "record the reason for the decision");
        }
        let (start, cost) = if self.outcome == DecisionOutcome::Placed {
            if self.carer_id.is_none() && self.home_id.is_none() {
                e.push(
                    "outcome",
                    "choose the carer household or home from the candidates",
                );
            }
            let start = e.check("start", super::parse_uk_date(&self.start));
            let cost = e.check("weekly_cost", Pence::parse_weekly_cost(&self.weekly_cost));
            (start, cost)
        } else {
            (None, None)
        };
        let placed = self.outcome == DecisionOutcome::Placed;
        e.into_result(|| Decision {
            id: 0,
            referral_id: self.referral_id,
            meeting_date: self.meeting_date,
            outcome: self.outcome,
            carer_id: self.carer_id.clone().filter(|_| placed),
            home_id: self.home_id.clone().filter(|_| placed),
            start,
            weekly_cost: cost,
            placement_id: None,
            rationale: self.rationale.trim().to_string(),
            attendees: self.attendees.trim().to_string(),
            corrects: self.corrects,
            recorded_at: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_referral_needs_a_sensible_group_and_dates() {
        let mut d = ReferralDraft::new("C1", false, date(2026, 11, 18));
        assert_eq!(d.latest_start, "16/12/2026");
        d.sibling_group_size = "9".into();
        d.latest_start = "01/11/2026".into();
        let e = d.validate().unwrap_err();
        assert_eq!(
            e.for_field("sibling_group_size"),
            Some("the number of children to place together must be between 1 and 8")
        );
        assert_eq!(
            e.for_field("latest_start"),
            Some("the placement is needed before the referral was received")
        );
    }

    #[test]
    fn a_placement_decision_needs_a_provider_cost_and_reason() {
        let d = DecisionDraft {
            referral_id: 1,
            meeting_date: date(2026, 11, 18),
            outcome: DecisionOutcome::Placed,
            carer_id: None,
            home_id: None,
            start: "19/11/2026".into(),
            weekly_cost: "".into(),
            rationale: " ".into(),
            attendees: String::new(),
            corrects: None,
        };
        let e = d.validate().unwrap_err();
        assert!(e.for_field("outcome").is_some());
        assert!(e.for_field("weekly_cost").is_some());
        assert_eq!(
            e.for_field("rationale"),
            Some("record the reason for the decision")
        );
        // A deferral needs only the reason; provider fields are dropped.
        let ok = DecisionDraft {
            outcome: DecisionOutcome::Deferred,
            carer_id: Some("IH1".into()),
            rationale: "More information needed".into(),
            ..d
        }
        .validate()
        .unwrap();
        assert_eq!((ok.carer_id, ok.start), (None, None));
    }
}
