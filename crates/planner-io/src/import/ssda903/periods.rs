//! Periods of care from a child's placements.
//!
//! A new period begins at an episode with RNE `S`, or after a gap (a
//! placement starting after every earlier one has ended). The last period
//! is the current one (`Child::entered_care` to `Child::left_care`); the
//! others are kept as `Child::earlier_periods`, so a child who left care
//! and came back is looked after in both periods and not between.

use crate::model::child::CarePeriod;
use crate::model::{Child, Placement};
use jiff::civil::Date;
use std::collections::HashSet;

/// Sets the child's periods of care from its placements (see the module
/// notes): `starts` are days a period begins whatever came before. The
/// last period is the current one; its end stays what the child's status
/// says (a child whose last episode ended with X1 is still looked after).
pub(super) fn set_periods(child: &mut Child, placements: &[Placement], starts: &HashSet<Date>) {
    let mut periods: Vec<(Date, Option<Date>)> = Vec::new();
    // How far the current chain reaches: None while a placement is open.
    let mut reach: Option<Option<Date>> = None;
    for p in placements {
        let new_period = match reach {
            None => true,
            Some(r) => starts.contains(&p.start) || r.is_some_and(|end| end < p.start),
        };
        if new_period {
            periods.push((p.start, p.end));
            reach = Some(p.end);
        } else if let Some(last) = periods.last_mut() {
            let end = match (last.1, p.end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            last.1 = end;
            reach = Some(end);
        }
    }
    let Some(&(current_start, _)) = periods.last() else {
        return;
    };
    let mut earlier = Vec::with_capacity(periods.len().saturating_sub(1));
    for w in periods.windows(2) {
        let (start, end) = w[0];
        let next_start = w[1].0;
        // A period still open when the next begins ends that day.
        let ended = end.map_or(next_start, |e| e.min(next_start));
        earlier.push(CarePeriod {
            started: start.max(child.date_of_birth),
            ended: ended.max(start.max(child.date_of_birth)),
        });
    }
    child.earlier_periods = earlier;
    child.entered_care = current_start.max(child.date_of_birth);
    if child.left_care.is_some_and(|l| l < child.entered_care) {
        child.left_care = Some(child.entered_care);
    }
}
