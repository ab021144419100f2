//! The weekly resource panel: its agenda, and the state of each referral as
//! its decisions stand. Matching candidates live in `matching`.

pub mod agenda;

pub use agenda::{agenda, Agenda, AgendaItem};

use crate::model::{Decision, DecisionOutcome, Referral};

/// The decision that stands for a referral: the latest entry not corrected
/// by a later one (corrections replace what they name).
pub fn standing_decision<'a>(
    referral: &Referral,
    decisions: &'a [Decision],
) -> Option<&'a Decision> {
    let of_referral: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.referral_id == referral.id)
        .collect();
    of_referral
        .iter()
        .copied()
        .filter(|d| !of_referral.iter().any(|later| later.corrects == Some(d.id)))
        .max_by_key(|d| d.id)
}

/// Whether the panel still has to decide on a referral: no decision yet,
/// or the standing one deferred it.
pub fn is_open(referral: &Referral, decisions: &[Decision]) -> bool {
    standing_decision(referral, decisions).is_none_or(|d| d.outcome == DecisionOutcome::Deferred)
}
