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
