//! Vacancies follow from approved places (or registered beds) minus the
//! placements open on a date.

use super::{Carer, CarerStatus, Home, Placement};
use jiff::civil::Date;
use std::collections::HashMap;

/// Places, filled and vacant for one carer household or home on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Occupancy {
    pub places: u32,
    pub filled: u32,
}

impl Occupancy {
    /// Never negative: an over-full household has no vacancy, not minus one.
    pub fn vacant(self) -> u32 {
        self.places.saturating_sub(self.filled)
    }
}

/// The places a household offers on `on`: its approved places from its
/// approval until it resigns; none while on hold.
pub fn carer_places_on(c: &Carer, on: Date) -> u32 {
    if c.status != CarerStatus::OnHold && c.is_approved_on(on) {
        u32::from(c.approved_places)
    } else {
        0
    }
}

/// The beds a home offers on `on`: its registered beds while open.
pub fn home_beds_on(h: &Home, on: Date) -> u32 {
    if h.is_open_on(on) {
        u32::from(h.registered_beds)
    } else {
        0
    }
}

/// Occupancy of every carer household on `on`. A household offers its
/// places from its approval until it resigns; one on hold offers none. On
/// hold is a present state: for past dates it is an approximation. Children
/// placed still count as filled either way.
pub fn carer_occupancy(
    carers: &[Carer],
    placements: &[Placement],
    on: Date,
) -> HashMap<String, Occupancy> {
    let mut out: HashMap<String, Occupancy> = carers
        .iter()
        .map(|c| {
            let places = carer_places_on(c, on);
            (c.id.clone(), Occupancy { places, filled: 0 })
        })
        .collect();
    for p in placements.iter().filter(|p| p.is_open_on(on)) {
        if let Some(o) = p.carer_id().and_then(|id| out.get_mut(id)) {
            o.filled += 1;
        }
    }
    out
}

/// Occupancy of every residential home on `on`; closed homes offer no beds.
pub fn home_occupancy(
    homes: &[Home],
    placements: &[Placement],
    on: Date,
) -> HashMap<String, Occupancy> {
    let mut out: HashMap<String, Occupancy> = homes
        .iter()
        .map(|h| {
            let places = home_beds_on(h, on);
            (h.id.clone(), Occupancy { places, filled: 0 })
        })
        .collect();
    for p in placements.iter().filter(|p| p.is_open_on(on)) {
        if let Some(o) = p.home_id().and_then(|id| out.get_mut(id)) {
            o.filled += 1;
        }
    }
    out
}
