//! The county's records in memory, ready for every measure: what the store
//! holds (the store loads it: `Store::county_data`), with the postcode
//! directory as a map, where each child's home and each placement is (its
//! grid reference, in or out of the council's area, who provides it), and
//! occupancy on a date. It depends on the model and geography only.

use crate::geography::{entry_grid, AreaJudge, AreaStatus, Boundary};
use crate::model::vacancy::{carer_places_on, home_beds_on, Occupancy};
use crate::model::{
    Carer, Child, GridRef, Home, Placement, PlacementCategory, Postcode, PostcodeEntry, Settings,
};
use jiff::civil::Date;
use std::collections::HashMap;

/// Where a placement is, worked out once when the data is loaded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacementLocation {
    pub postcode: Option<Postcode>,
    /// Whether the postcode is in the directory.
    pub in_directory: bool,
    pub grid: Option<GridRef>,
    pub area: AreaStatus,
    pub sector: ProviderSector,
    /// Index of the child in `children`.
    pub child: Option<usize>,
    /// Index of the placement's carer household in `carers`, or of its
    /// home in `homes`.
    pub carer: Option<usize>,
    pub home: Option<usize>,
    /// The placement's start and end, copied here so that a pass asking
    /// only which placements are open reads this short line, not the
    /// placement.
    pub start: Date,
    pub end: Option<Date>,
}

impl PlacementLocation {
    /// As [`Placement::is_open_on`].
    pub fn is_open_on(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| e > on)
    }
}

/// A child's home, worked out once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomeLocation {
    pub in_directory: bool,
    pub grid: Option<GridRef>,
}

/// Tables of the county read again after a change, for
/// [`CountyData::with_fresh`]; `None`: the table is as it was.
#[derive(Debug, Clone, Default)]
pub struct FreshTables {
    pub settings: Option<Settings>,
    pub children: Option<Vec<Child>>,
    pub carers: Option<Vec<Carer>>,
    pub homes: Option<Vec<Home>>,
    pub placements: Option<Vec<Placement>>,
    pub postcodes: Option<Vec<PostcodeEntry>>,
}

/// Which of the county's tables a change may have written: those the
/// county is read again from (see `Store::county_data_after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tables {
    pub settings: bool,
    pub children: bool,
    pub carers: bool,
    pub homes: bool,
    pub placements: bool,
    pub postcodes: bool,
}

impl Tables {
    pub const NONE: Tables = Tables {
        settings: false,
        children: false,
        carers: false,
        homes: false,
        placements: false,
        postcodes: false,
    };
    pub const ALL: Tables = Tables {
        settings: true,
        children: true,
        carers: true,
        homes: true,
        placements: true,
        postcodes: true,
    };

    pub const SETTINGS: Tables = Tables {
        settings: true,
        ..Tables::NONE
    };
    pub const CHILDREN: Tables = Tables {
        children: true,
        ..Tables::NONE
    };
    pub const CARERS: Tables = Tables {
        carers: true,
        ..Tables::NONE
    };
    pub const HOMES: Tables = Tables {
        homes: true,
        ..Tables::NONE
    };
    pub const PLACEMENTS: Tables = Tables {
        placements: true,
        ..Tables::NONE
    };

    pub fn any(self) -> bool {
        self != Tables::NONE
    }
}

fn index_by_id<T>(rows: &[T], id: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| (id(r).clone(), i))
        .collect()
}

/// The postcode directory by normalised postcode text.
fn directory_map(entries: Vec<PostcodeEntry>) -> HashMap<String, PostcodeEntry> {
    entries
        .into_iter()
        .map(|e| (e.postcode.as_str().to_string(), e))
        .collect()
}

/// Build it with [`CountyData::new`] (the store loads one with
/// `Store::county_data`): the locations are worked out there, so change
/// the records by building anew.
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
    /// The latest day the records cover when they come from SSDA903
    /// returns (see `Store::records_run_to`); `None`: they run to today.
    pub records_run_to: Option<jiff::civil::Date>,
    /// The first day the history is whole from when the records come from
    /// SSDA903 returns (see `Store::records_start`); `None`: from the
    /// first placement.
    pub records_start: Option<jiff::civil::Date>,
    carer_index: HashMap<String, usize>,
    home_index: HashMap<String, usize>,
    /// By index in `children`.
    homes_of_children: Vec<HomeLocation>,
    /// By index in `placements`.
    placement_locations: Vec<PlacementLocation>,
    /// Whether each residential home is in the council's area, by index in
    /// `homes`.
    home_areas: Vec<AreaStatus>,
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
        CountyData::default().with_fresh(FreshTables {
            settings: Some(settings),
            children: Some(children),
            carers: Some(carers),
            homes: Some(homes),
            placements: Some(placements),
            postcodes: Some(postcodes),
        })
    }

    /// The county after a change, from this one and the tables read again
    /// (`fresh`): what was not read again is carried over, and only the
    /// locations the fresh tables can move are worked out again (a child's
    /// home stays put when neither the children nor the directory were
    /// read again; the boundary is not parsed again unless the settings
    /// were). Gives what [`CountyData::new`] gives on every table.
    pub fn with_fresh(&self, fresh: FreshTables) -> CountyData {
        let FreshTables {
            settings,
            children,
            carers,
            homes,
            placements,
            postcodes,
        } = fresh;
        let homes_stay = children.is_none() && postcodes.is_none();
        let (boundary, boundary_error) = match &settings {
            None => (self.boundary.clone(), self.boundary_error.clone()),
            Some(s) => match Boundary::from_settings(s) {
                None => (None, None),
                Some(Ok(b)) => (Some(b), None),
                Some(Err(e)) => (None, Some(e.to_string())),
            },
        };
        let carers = carers.unwrap_or_else(|| self.carers.clone());
        let homes = homes.unwrap_or_else(|| self.homes.clone());
        let mut data = CountyData {
            carer_index: index_by_id(&carers, |c| &c.id),
            home_index: index_by_id(&homes, |h| &h.id),
            postcodes: match postcodes {
                Some(p) => directory_map(p),
                None => self.postcodes.clone(),
            },
            settings: settings.unwrap_or_else(|| self.settings.clone()),
            children: children.unwrap_or_else(|| self.children.clone()),
            carers,
            homes,
            placements: placements.unwrap_or_else(|| self.placements.clone()),
            boundary,
            boundary_error,
            records_run_to: self.records_run_to,
            records_start: self.records_start,
            homes_of_children: Vec::new(),
            placement_locations: Vec::new(),
            home_areas: Vec::new(),
        };
        if homes_stay {
            data.homes_of_children = self.homes_of_children.clone();
        } else {
            data.locate_homes_of_children();
        }
        data.locate_placements();
        data
    }

    /// Resolves every child's home, so the measures on any date are array
    /// look-ups.
    fn locate_homes_of_children(&mut self) {
        self.homes_of_children = self
            .children
            .iter()
            .map(|c| {
                let entry = self.entry(c.home_postcode.as_ref());
                HomeLocation {
                    in_directory: entry.is_some(),
                    grid: entry.and_then(entry_grid),
                }
            })
            .collect();
    }

    /// Every placement's postcode, grid reference, area and sector, and
    /// every residential home's area, worked out once.
    fn locate_placements(&mut self) {
        let child_index: HashMap<&str, usize> = self
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let judge = self.area_judge();
        let locations = self
            .placements
            .iter()
            .map(|p| {
                let postcode = self.placement_postcode(p).copied();
                let entry = self.entry(postcode.as_ref());
                PlacementLocation {
                    postcode,
                    in_directory: entry.is_some(),
                    grid: entry.and_then(entry_grid),
                    area: judge.judge(entry),
                    sector: sector_of(self, p),
                    child: child_index.get(p.child_id.as_str()).copied(),
                    carer: p
                        .carer_id()
                        .and_then(|id| self.carer_index.get(id).copied()),
                    home: p.home_id().and_then(|id| self.home_index.get(id).copied()),
                    start: p.start,
                    end: p.end,
                }
            })
            .collect();
        let home_areas = self
            .homes
            .iter()
            .map(|h| judge.judge(self.entry(h.postcode.as_ref())))
            .collect();
        self.placement_locations = locations;
        self.home_areas = home_areas;
    }

    /// Whether the home at `index` in `homes` is in the council's area.
    pub fn home_area(&self, index: usize) -> AreaStatus {
        self.home_areas
            .get(index)
            .copied()
            .unwrap_or(AreaStatus::Unknown)
    }

    /// The home of the child at `index` in `children`.
    pub fn home_location(&self, index: usize) -> HomeLocation {
        self.homes_of_children
            .get(index)
            .copied()
            .unwrap_or(HomeLocation {
                in_directory: false,
                grid: None,
            })
    }

    /// The location of the placement at `index` in `placements`.
    pub fn placement_location(&self, index: usize) -> Option<&PlacementLocation> {
        self.placement_locations.get(index)
    }

    /// Every household's and every home's occupancy on `on`, in the order
    /// of `carers` and `homes`: the figures of
    /// [`crate::model::vacancy::carer_occupancy`] and
    /// [`crate::model::vacancy::home_occupancy`], by index rather than id,
    /// in one pass over the placements.
    pub fn occupancy_on(&self, on: Date) -> (Vec<Occupancy>, Vec<Occupancy>) {
        let mut carers: Vec<Occupancy> = self
            .carers
            .iter()
            .map(|c| Occupancy {
                places: carer_places_on(c, on),
                filled: 0,
            })
            .collect();
        let mut homes: Vec<Occupancy> = self
            .homes
            .iter()
            .map(|h| Occupancy {
                places: home_beds_on(h, on),
                filled: 0,
            })
            .collect();
        for l in self.placement_locations.iter().filter(|l| l.is_open_on(on)) {
            if let Some(i) = l.carer {
                carers[i].filled += 1;
            }
            if let Some(i) = l.home {
                homes[i].filled += 1;
            }
        }
        (carers, homes)
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

/// Who provides the placement, in words for tables and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ProviderSector {
    InHouse,
    Ifa,
    Kinship,
    OwnCouncilHome,
    PrivateHome,
    VoluntaryHome,
    Other,
    None,
}

impl ProviderSector {
    pub fn label(self) -> &'static str {
        match self {
            ProviderSector::InHouse => "In-house",
            ProviderSector::Ifa => "IFA",
            ProviderSector::Kinship => "Kinship",
            ProviderSector::OwnCouncilHome => "Own council home",
            ProviderSector::PrivateHome => "Private home",
            ProviderSector::VoluntaryHome => "Voluntary home",
            ProviderSector::Other => "Other",
            ProviderSector::None => "No placement",
        }
    }
}

fn sector_of(data: &CountyData, p: &Placement) -> ProviderSector {
    use crate::model::{CarerSector, HomeSector};
    if let Some(c) = p.carer_id().and_then(|id| data.carer(id)) {
        return match c.sector {
            CarerSector::InHouse => ProviderSector::InHouse,
            CarerSector::Ifa => ProviderSector::Ifa,
            CarerSector::Kinship => ProviderSector::Kinship,
        };
    }
    if let Some(h) = p.home_id().and_then(|id| data.home(id)) {
        return match h.sector {
            HomeSector::OwnCouncil => ProviderSector::OwnCouncilHome,
            HomeSector::Private => ProviderSector::PrivateHome,
            HomeSector::Voluntary => ProviderSector::VoluntaryHome,
        };
    }
    match p.category() {
        PlacementCategory::InHouseFostering => ProviderSector::InHouse,
        PlacementCategory::IfaFostering => ProviderSector::Ifa,
        PlacementCategory::Kinship => ProviderSector::Kinship,
        _ => ProviderSector::Other,
    }
}
