//! The agenda for a panel meeting.
//!
//! Sections, each a list of children:
//! - **Referrals to decide**: referrals received by the meeting with no
//!   standing decision, or deferred last time.
//! - **Awaiting placement**: children looked after with no placement on the
//!   meeting date (whether or not a referral has been made).
//! - **Step-down review**: children in residential care for 13 weeks or more
//!   on the meeting date, to consider a move to (specialist) fostering.
//! - **Four-weekly review**: children in IFA or external residential
//!   placements whose placement reaches a multiple of 28 days in the week up
//!   to the meeting (the strategy's "review every plan every 4 weeks").
//! - **Turning 18**: children who reach 18 within 12 weeks of the meeting,
//!   for Staying Put and leaving-care plans.

use super::is_open;
use crate::county::CountyData;
use crate::model::date::age_on;
use crate::model::date::days_between;
use crate::model::{Decision, PlacementCategory, Referral};
use crate::sufficiency::facts::open_placements_on;
use crate::sufficiency::looked_after_on;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

pub const STEP_DOWN_AFTER_DAYS: i64 = 91;
pub const REVIEW_EVERY_DAYS: i64 = 28;
pub const TURNING_18_WITHIN_DAYS: i64 = 84;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    pub child_id: String,
    pub referral_id: Option<i64>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Agenda {
    pub referrals: Vec<AgendaItem>,
    pub awaiting: Vec<AgendaItem>,
    pub step_down: Vec<AgendaItem>,
    pub reviews_due: Vec<AgendaItem>,
    pub turning_18: Vec<AgendaItem>,
}

impl Agenda {
    pub fn len(&self) -> usize {
        self.referrals.len()
            + self.awaiting.len()
            + self.step_down.len()
            + self.reviews_due.len()
            + self.turning_18.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The agenda for the meeting on `meeting`.
pub fn agenda(
    data: &CountyData,
    referrals: &[Referral],
    decisions: &[Decision],
    meeting: Date,
) -> Agenda {
    let mut a = Agenda::default();
    let open_on = open_placements_on(&data.placements, meeting);
    let costs = crate::costing::CostBook::from_settings(&data.settings);

    for r in referrals.iter().filter(|r| r.received <= meeting) {
        if !is_open(r, decisions) {
            continue;
        }
        let deferred = decisions.iter().any(|d| d.referral_id == r.id);
        a.referrals.push(AgendaItem {
            child_id: r.child_id.clone(),
            referral_id: Some(r.id),
            detail: format!(
                "{} referral received {}{}; place by {}",
                r.urgency.label(),
                crate::model::format_uk_date(r.received),
                if deferred { ", deferred last time" } else { "" },
                crate::model::format_uk_date(r.latest_start)
            ),
        });
    }

    for c in data.children.iter().filter(|c| looked_after_on(c, meeting)) {
        let placement = open_on.get(c.id.as_str()).copied();
        let referral = referrals
            .iter()
            .filter(|r| r.child_id == c.id && r.received <= meeting && is_open(r, decisions))
            .map(|r| r.id)
            .max();
        match placement {
            None => a.awaiting.push(AgendaItem {
                child_id: c.id.clone(),
                referral_id: referral,
                detail: format!(
                    "in care since {}, no placement{}",
                    crate::model::format_uk_date(c.entered_care),
                    if referral.is_none() {
                        "; no referral yet"
                    } else {
                        ""
                    }
                ),
            }),
            Some(p) => {
                let cat = p.category();
                let length = days_between(p.start, meeting);
                if cat.is_residential() && length >= STEP_DOWN_AFTER_DAYS {
                    a.step_down.push(AgendaItem {
                        child_id: c.id.clone(),
                        referral_id: None,
                        detail: format!(
                            "{} for {} weeks, {} a week",
                            cat.label(),
                            length / 7,
                            costs.placement_cost(p, meeting).text()
                        ),
                    });
                }
                let external = matches!(
                    cat,
                    PlacementCategory::IfaFostering | PlacementCategory::ExternalResidential
                );
                if external && length > 0 && length % REVIEW_EVERY_DAYS < 7 {
                    a.reviews_due.push(AgendaItem {
                        child_id: c.id.clone(),
                        referral_id: None,
                        detail: format!(
                            "{} since {} ({} weeks)",
                            cat.label(),
                            crate::model::format_uk_date(p.start),
                            length / 7
                        ),
                    });
                }
            }
        }
        if let Ok(eighteen) = c.date_of_birth.checked_add(18.years()) {
            let until = days_between(meeting, eighteen);
            if (0..=TURNING_18_WITHIN_DAYS).contains(&until)
                && age_on(c.date_of_birth, meeting) < 18
            {
                a.turning_18.push(AgendaItem {
                    child_id: c.id.clone(),
                    referral_id: None,
                    detail: format!(
                        "18 on {}{}",
                        crate::model::format_uk_date(eighteen),
                        match placement.map(|p| p.category()) {
                            Some(c) if c.is_fostering() => "; Staying Put with the foster carer?",
                            _ => "",
                        }
                    ),
                });
            }
        }
    }
    a
}
