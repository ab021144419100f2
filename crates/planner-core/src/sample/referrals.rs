//! Referrals to the panel for the sample's children awaiting placement,
//! worked out from the children alone (no random draws), so the rest of the
//! sample is unchanged by them.

use super::SAMPLE_AS_AT;
use crate::model::carer::Specialism;
use crate::model::{Child, ChildStatus, Referral, Urgency};
use jiff::ToSpan;

/// Two in three of the children awaiting placement have a referral: every
/// third one has none yet, so the agenda shows both.
pub fn referrals_for_awaiting(children: &[Child]) -> Vec<Referral> {
    let awaiting: Vec<&Child> = children
        .iter()
        .filter(|c| c.status == ChildStatus::AwaitingPlacement)
        .collect();
    awaiting
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 2)
        .enumerate()
        .map(|(n, (i, c))| {
            let received = c
                .entered_care
                .checked_add(3.days())
                .unwrap_or(c.entered_care)
                .min(SAMPLE_AS_AT);
            let emergency = i % 3 == 0 && i % 2 == 0;
            let group = c.sibling_group.as_ref().map_or(1, |g| {
                awaiting
                    .iter()
                    .filter(|o| o.sibling_group.as_ref() == Some(g))
                    .count()
            });
            let age = c.age_on(SAMPLE_AS_AT);
            let mut specialisms = Vec::new();
            if age >= 13 {
                specialisms.push(Specialism::Adolescents);
            }
            if c.disability {
                specialisms.push(Specialism::Disability);
            }
            Referral {
                id: n as i64 + 1,
                child_id: c.id.clone(),
                received,
                sibling_group_size: group.clamp(1, 8) as u8,
                disability: c.disability,
                specialisms_needed: specialisms,
                must_stay_near_home: i % 2 == 1,
                risk_flags: if age >= 14 {
                    "missing from home twice this year".into()
                } else {
                    String::new()
                },
                urgency: if emergency {
                    Urgency::Emergency
                } else {
                    Urgency::Planned
                },
                latest_start: received
                    .checked_add(if emergency { 7.days() } else { 28.days() })
                    .unwrap_or(received),
                notes: format!("Sample referral for {}", c.id),
            }
        })
        .collect()
}
