//! The supply a referral is matched against: every carer household and
//! residential home that could offer a place on a date, located once.
//!
//! Build a [`SupplyIndex`] once per data load and date; each referral is then
//! a spatial query ([`crate::geography::SpatialIndex`]) plus the hard rules on
//! the providers it touches, not a scan of the register.

use crate::county::{CountyData, ProviderSector};
use crate::geography::{entry_grid, AreaStatus, SpatialIndex};
use crate::model::vacancy::{carer_occupancy, home_occupancy, Occupancy};
use crate::model::{CarerSector, CarerStatus, GridRef, HomeSector, Pence, Postcode, Specialism};
use jiff::civil::Date;
use std::sync::Arc;

/// A carer household or a bed in a residential home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CandidateKind {
    Carer,
    Bed,
}

impl CandidateKind {
    /// `carer` or `bed`, as in JSON.
    pub fn key(self) -> &'static str {
        match self {
            CandidateKind::Carer => "carer",
            CandidateKind::Bed => "bed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CandidateKind::Carer => "Carer household",
            CandidateKind::Bed => "Residential bed",
        }
    }
}

/// One carer household or one residential home (with all its free beds), as
/// it stands on the index's date.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyEntry {
    /// The household's or home's reference.
    pub id: Arc<str>,
    pub kind: CandidateKind,
    pub name: Arc<str>,
    /// The IFA's name for an IFA household; the provider for a home.
    pub provider: Option<Arc<str>>,
    pub sector: ProviderSector,
    pub postcode: Option<Postcode>,
    /// From the postcode directory (the record's own grid reference when
    /// the postcode is not in the directory); `None` = location not known.
    pub grid: Option<GridRef>,
    /// Places (approved places or registered beds) and children placed on
    /// the date, from [`crate::model::vacancy`]. A household on hold offers
    /// no places there, so shows 0 vacant (it is excluded as on hold anyway).
    pub occupancy: Occupancy,
    /// Per child (household) or per bed (home) per week.
    pub weekly_cost: Pence,
    pub age_min: u8,
    pub age_max: u8,
    /// Homes always take a sibling group when they have the free beds.
    pub takes_siblings: bool,
    /// Homes record none.
    pub specialisms: Vec<Specialism>,
    /// In the council's area, judged on the postcode as DfE does.
    pub area: AreaStatus,
    /// Households only: approved but on hold.
    pub on_hold: bool,
    /// Kinship households only: the children ever placed with them. A
    /// connected person is approved for a particular child, so only these
    /// children can be matched to them.
    pub connected_children: Vec<String>,
}

impl SupplyEntry {
    pub fn vacant(&self) -> u32 {
        self.occupancy.vacant()
    }

    pub fn offers(&self, s: Specialism) -> bool {
        self.specialisms.contains(&s)
    }
}

/// The supply on one date with a spatial index over the located providers.
#[derive(Debug, Clone)]
pub struct SupplyIndex {
    on: Date,
    entries: Vec<SupplyEntry>,
    /// Indices into `entries` of those with a known grid reference.
    located: SpatialIndex<usize>,
    /// Indices into `entries` of those whose location is not known.
    unlocated: Vec<usize>,
}

impl SupplyIndex {
    /// The supply on `on`:
    /// - every carer household (in-house, IFA, kinship) approved on `on`
    ///   ([`crate::model::Carer::is_approved_on`]) and not resigned; households
    ///   on hold are kept so the view can show them excluded as on hold;
    /// - every residential home open on `on`, one entry per home with its
    ///   free beds.
    ///
    /// Entries keep the register's order (carers, then homes), which also
    /// breaks distance ties in the spatial index.
    pub fn build(data: &CountyData, on: Date) -> SupplyIndex {
        let judge = data.area_judge();
        let carer_occ = carer_occupancy(&data.carers, &data.placements, on);
        let home_occ = home_occupancy(&data.homes, &data.placements, on);
        let mut entries = Vec::with_capacity(data.carers.len() + data.homes.len());
        let mut kinship_children: std::collections::HashMap<&str, Vec<String>> =
            std::collections::HashMap::new();
        for p in &data.placements {
            if let Some(id) = p.carer_id() {
                if data
                    .carer(id)
                    .is_some_and(|c| c.sector == CarerSector::Kinship)
                {
                    kinship_children
                        .entry(id)
                        .or_default()
                        .push(p.child_id.clone());
                }
            }
        }
        for c in &data.carers {
            if c.status == CarerStatus::Resigned || !c.is_approved_on(on) {
                continue;
            }
            let entry = data.entry(c.postcode.as_ref());
            entries.push(SupplyEntry {
                id: Arc::from(c.id.as_str()),
                kind: CandidateKind::Carer,
                name: Arc::from(c.name.as_str()),
                provider: c.agency.as_deref().map(Arc::from),
                sector: match c.sector {
                    CarerSector::InHouse => ProviderSector::InHouse,
                    CarerSector::Ifa => ProviderSector::Ifa,
                    CarerSector::Kinship => ProviderSector::Kinship,
                },
                postcode: c.postcode,
                grid: entry.and_then(entry_grid).or(c.location),
                occupancy: carer_occ.get(&c.id).copied().unwrap_or_default(),
                weekly_cost: c.weekly_cost,
                age_min: c.age_min,
                age_max: c.age_max,
                takes_siblings: c.takes_siblings,
                specialisms: c.specialisms.clone(),
                area: judge.judge(entry),
                on_hold: c.status == CarerStatus::OnHold,
                connected_children: kinship_children.remove(c.id.as_str()).unwrap_or_default(),
            });
        }
        for h in &data.homes {
            if !h.is_open_on(on) {
                continue;
            }
            let entry = data.entry(h.postcode.as_ref());
            entries.push(SupplyEntry {
                id: Arc::from(h.id.as_str()),
                kind: CandidateKind::Bed,
                name: Arc::from(h.name.as_str()),
                provider: Some(Arc::from(h.provider.as_str())),
                sector: match h.sector {
                    HomeSector::OwnCouncil => ProviderSector::OwnCouncilHome,
                    HomeSector::Private => ProviderSector::PrivateHome,
                    HomeSector::Voluntary => ProviderSector::VoluntaryHome,
                },
                postcode: h.postcode,
                grid: entry.and_then(entry_grid).or(h.location),
                occupancy: home_occ.get(&h.id).copied().unwrap_or_default(),
                weekly_cost: h.weekly_cost_per_bed,
                age_min: h.age_min,
                age_max: h.age_max,
                takes_siblings: true,
                specialisms: Vec::new(),
                area: judge.judge(entry),
                on_hold: false,
                connected_children: Vec::new(),
            });
        }
        let located = SpatialIndex::build(
            entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.grid.map(|g| (g, i))),
        );
        let unlocated = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.grid.is_none())
            .map(|(i, _)| i)
            .collect();
        SupplyIndex {
            on,
            entries,
            located,
            unlocated,
        }
    }

    /// The date the vacancies are counted on.
    pub fn on(&self) -> Date {
        self.on
    }

    /// Every entry: carers first, then homes, in register order.
    pub fn entries(&self) -> &[SupplyEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with this reference and kind.
    pub fn get(&self, kind: CandidateKind, id: &str) -> Option<&SupplyEntry> {
        self.entries.iter().find(|e| e.kind == kind && &*e.id == id)
    }

    /// Indices into [`Self::entries`] of providers within `miles` of
    /// `centre` (unrounded DfE distance), with that distance, nearest first.
    pub fn within_miles(&self, centre: GridRef, miles: f64) -> Vec<(usize, f64)> {
        self.located.within_miles(centre, miles)
    }

    /// Indices into [`Self::entries`] of providers whose location is not known.
    pub fn unlocated(&self) -> &[usize] {
        &self.unlocated
    }

    /// How many providers have a known location.
    pub fn located_count(&self) -> usize {
        self.located.len()
    }
}
