//! The records the views draw, loaded from the store after every change
//! (never inside a frame's drawing).

use crate::model::vacancy::{carer_occupancy, home_occupancy, Occupancy};
use crate::model::{Carer, Child, Home, Placement, Settings};
use crate::store::{RecordCounts, Store, StoreResult};
use jiff::civil::Date;
use std::collections::HashMap;

#[derive(Default)]
pub struct Records {
    pub children: Vec<Child>,
    pub carers: Vec<Carer>,
    pub homes: Vec<Home>,
    /// By child, then start date.
    pub placements: Vec<Placement>,
    pub settings: Settings,
    pub counts: RecordCounts,
    /// The date "current" means: placements open on it are current.
    pub as_at: Date,
    pub carer_occupancy: HashMap<String, Occupancy>,
    pub home_occupancy: HashMap<String, Occupancy>,
    /// Index into `placements` of each child's placement open on `as_at`.
    pub current_placement: HashMap<String, usize>,
    /// Bumped on every reload so views know to rebuild their rows.
    pub generation: u64,
}

impl Records {
    pub fn load(store: &Store, as_at: Date, generation: u64) -> StoreResult<Records> {
        let children = store.children()?;
        let carers = store.carers()?;
        let homes = store.homes()?;
        let placements = store.placements()?;
        let carer_occupancy = carer_occupancy(&carers, &placements, as_at);
        let home_occupancy = home_occupancy(&homes, &placements, as_at);
        let current_placement = placements
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_open_on(as_at))
            .map(|(i, p)| (p.child_id.clone(), i))
            .collect();
        Ok(Records {
            settings: store.settings()?,
            counts: store.counts()?,
            children,
            carers,
            homes,
            placements,
            as_at,
            carer_occupancy,
            home_occupancy,
            current_placement,
            generation,
        })
    }

    pub fn current_placement_of(&self, child_id: &str) -> Option<&Placement> {
        self.current_placement
            .get(child_id)
            .map(|&i| &self.placements[i])
    }

    pub fn placements_of<'a>(
        &'a self,
        child_id: &'a str,
    ) -> impl Iterator<Item = &'a Placement> + 'a {
        self.placements
            .iter()
            .filter(move |p| p.child_id == child_id)
    }

    pub fn carer(&self, id: &str) -> Option<&Carer> {
        self.carers.iter().find(|c| c.id == id)
    }

    pub fn home(&self, id: &str) -> Option<&Home> {
        self.homes.iter().find(|h| h.id == id)
    }

    /// "The Smiths (FC0012)" / "Oak House (RH003)" / the place type.
    pub fn setting_name(&self, p: &Placement) -> String {
        if let Some(id) = p.carer_id() {
            return self
                .carer(id)
                .map(|c| format!("{} ({id})", c.name))
                .unwrap_or_else(|| id.to_string());
        }
        if let Some(id) = p.home_id() {
            return self
                .home(id)
                .map(|h| format!("{} ({id})", h.name))
                .unwrap_or_else(|| id.to_string());
        }
        p.place.label().to_string()
    }
}
