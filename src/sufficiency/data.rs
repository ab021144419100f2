//! The county's records in memory, ready for the measures: what the store
//! holds, with the postcode directory as a map.

use crate::geography::{entry_grid, AreaJudge, Boundary};
use crate::model::{Carer, Child, GridRef, Home, Placement, PostcodeEntry, Settings};
use crate::store::{Store, StoreResult};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct CountyData {
    pub settings: Settings,
    pub children: Vec<Child>,
    pub carers: Vec<Carer>,
    pub homes: Vec<Home>,
    pub placements: Vec<Placement>,
    /// By normalised postcode text.
    pub postcodes: HashMap<String, PostcodeEntry>,
    /// The council's boundary, when one is set and reads cleanly.
    pub boundary: Option<Boundary>,
    /// Why the boundary could not be read, when it could not.
    pub boundary_error: Option<String>,
    carer_index: HashMap<String, usize>,
    home_index: HashMap<String, usize>,
}

impl CountyData {
    pub fn new(
        settings: Settings,
        children: Vec<Child>,
        carers: Vec<Carer>,
        homes: Vec<Home>,
        placements: Vec<Placement>,
        postcodes: Vec<PostcodeEntry>,
    ) -> CountyData {
        let (boundary, boundary_error) = match Boundary::from_settings(&settings) {
            None => (None, None),
            Some(Ok(b)) => (Some(b), None),
            Some(Err(e)) => (None, Some(e.to_string())),
        };
        CountyData {
            carer_index: carers
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.clone(), i))
                .collect(),
            home_index: homes
                .iter()
                .enumerate()
                .map(|(i, h)| (h.id.clone(), i))
                .collect(),
            postcodes: postcodes
                .into_iter()
                .map(|e| (e.postcode.as_str().to_string(), e))
                .collect(),
            settings,
            children,
            carers,
            homes,
            placements,
            boundary,
            boundary_error,
        }
    }

    /// Reads everything the measures need from the store.
    pub fn load(store: &Store) -> StoreResult<CountyData> {
        Ok(CountyData::new(
            store.settings()?,
            store.children()?,
            store.carers()?,
            store.homes()?,
            store.placements()?,
            store.postcodes()?,
        ))
    }

    pub fn carer(&self, id: &str) -> Option<&Carer> {
        self.carer_index.get(id).map(|&i| &self.carers[i])
    }

    pub fn home(&self, id: &str) -> Option<&Home> {
        self.home_index.get(id).map(|&i| &self.homes[i])
    }

    pub fn entry(&self, postcode: Option<&crate::model::Postcode>) -> Option<&PostcodeEntry> {
        postcode.and_then(|p| self.postcodes.get(p.as_str()))
    }

    /// A postcode's grid reference from the directory.
    pub fn grid_of(&self, postcode: Option<&crate::model::Postcode>) -> Option<GridRef> {
        self.entry(postcode).and_then(entry_grid)
    }

    pub fn area_judge(&self) -> AreaJudge<'_> {
        AreaJudge::new(self.settings.council_code.trim(), self.boundary.as_ref())
    }

    /// The postcode a placement is at: its own (PL_POST) when recorded,
    /// otherwise its carer's or home's.
    pub fn placement_postcode<'a>(
        &'a self,
        p: &'a Placement,
    ) -> Option<&'a crate::model::Postcode> {
        if p.postcode.is_some() {
            return p.postcode.as_ref();
        }
        if let Some(id) = p.carer_id() {
            return self.carer(id).and_then(|c| c.postcode.as_ref());
        }
        if let Some(id) = p.home_id() {
            return self.home(id).and_then(|h| h.postcode.as_ref());
        }
        None
    }
}
