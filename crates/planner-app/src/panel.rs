//! The resource panel: referring a child who needs a placement, and
//! recording the panel's decision (a placement decision places the child
//! and takes the vacancy in the same write).

use crate::store::PanelStore;
use crate::AppResult;
use planner_core::model::{Decision, Referral};

/// Records a referral to the panel; returns its id.
pub fn refer<S: PanelStore + ?Sized>(store: &mut S, referral: &Referral) -> AppResult<i64> {
    Ok(store.insert_referral(referral)?)
}

/// Records the panel's decision on a referral; returns its id. A placement
/// decision whose carer or home has had its last place taken meanwhile is
/// refused and writes nothing.
pub fn decide<S: PanelStore + ?Sized>(store: &mut S, decision: &Decision) -> AppResult<i64> {
    Ok(store.record_decision(decision)?)
}
