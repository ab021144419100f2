//! One line per child looked after on a date: where they are placed, how far
//! from home, whether in area, and what it costs. Every measure and export
//! is built from these lines, so they always agree.

use crate::costing::{CostBook, Costed};
use crate::county::{CountyData, HomeLocation, PlacementLocation, ProviderSector};
use crate::geography::{dfe_distance_miles, within_20_miles, AreaStatus};
use crate::model::date::age_on;
use crate::model::{GridRef, Placement, PlacementCategory, Postcode};
use jiff::civil::Date;
use std::collections::HashMap;

/// Which of DfE's published boxes a child falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum DistanceCategory {
    InsideWithin20,
    InsideOver20,
    InsideUnknown,
    OutsideWithin20,
    OutsideOver20,
    OutsideUnknown,
    /// The placement's area itself is not known.
    AreaUnknown,
}

impl DistanceCategory {
    pub const ALL: [DistanceCategory; 7] = [
        DistanceCategory::InsideWithin20,
        DistanceCategory::InsideOver20,
        DistanceCategory::InsideUnknown,
        DistanceCategory::OutsideWithin20,
        DistanceCategory::OutsideOver20,
        DistanceCategory::OutsideUnknown,
        DistanceCategory::AreaUnknown,
    ];

    /// The position in [`DistanceCategory::ALL`] (the order of declaration).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn of(area: AreaStatus, within_20: Option<bool>) -> DistanceCategory {
        use DistanceCategory::*;
        match (area, within_20) {
            (AreaStatus::Inside, Some(true)) => InsideWithin20,
            (AreaStatus::Inside, Some(false)) => InsideOver20,
            (AreaStatus::Inside, None) => InsideUnknown,
            (AreaStatus::Outside, Some(true)) => OutsideWithin20,
            (AreaStatus::Outside, Some(false)) => OutsideOver20,
            (AreaStatus::Outside, None) => OutsideUnknown,
            (AreaStatus::Unknown, _) => AreaUnknown,
        }
    }

    pub fn label(self) -> &'static str {
        use DistanceCategory::*;
        match self {
            InsideWithin20 => "Inside boundary, 20 miles or less",
            InsideOver20 => "Inside boundary, over 20 miles",
            InsideUnknown => "Inside boundary, distance not known",
            OutsideWithin20 => "Outside boundary, 20 miles or less",
            OutsideOver20 => "Outside boundary, over 20 miles",
            OutsideUnknown => "Outside boundary, distance not known",
            AreaUnknown => "Placement area not known",
        }
    }

    /// The machine name used in JSON and CSV.
    pub fn key(self) -> &'static str {
        use DistanceCategory::*;
        match self {
            InsideWithin20 => "inside_within_20",
            InsideOver20 => "inside_over_20",
            InsideUnknown => "inside_unknown",
            OutsideWithin20 => "outside_within_20",
            OutsideOver20 => "outside_over_20",
            OutsideUnknown => "outside_unknown",
            AreaUnknown => "area_unknown",
        }
    }
}

/// One child looked after on the date.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildFacts {
    pub child_id: String,
    pub age: i32,
    /// `None` when the child has no placement on the date.
    pub category: Option<PlacementCategory>,
    pub sector: ProviderSector,
    pub placement_id: Option<i64>,
    pub home_postcode: Option<Postcode>,
    pub placement_postcode: Option<Postcode>,
    pub home_grid: Option<GridRef>,
    pub placement_grid: Option<GridRef>,
    /// DfE straight-line miles to 1 dp; `None` is "not known".
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    pub area: AreaStatus,
    pub distance_category: DistanceCategory,
    /// The placement's weekly cost on the date by the costing rule (its own,
    /// else a rate, else a national figure, else not known); `None` when the
    /// child has no placement on the date.
    pub weekly_cost: Option<Costed>,
    /// Why the distance or area is not known, for the data-quality list.
    pub not_known_reasons: Vec<String>,
}

/// Whether a child is looked after on `on`: entered care by then and not
/// yet left.
pub fn looked_after_on(child: &crate::model::Child, on: Date) -> bool {
    child.looked_after_on(on)
}

/// The placement of each child open on `on`, by child id.
pub fn open_placements_on(placements: &[Placement], on: Date) -> HashMap<&str, &Placement> {
    placements
        .iter()
        .filter(|p| p.is_open_on(on))
        .map(|p| (p.child_id.as_str(), p))
        .collect()
}

/// What every measure needs of one child looked after on a date, without
/// the texts: [`child_facts`] adds the child's reference and the reasons a
/// figure is not known; the monthly trend adds these up as they come.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub child: &'a crate::model::Child,
    pub home: HomeLocation,
    /// The placement open on the date, and where it is.
    pub placement: Option<(&'a Placement, Option<&'a PlacementLocation>)>,
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    pub area: AreaStatus,
    pub weekly_cost: Option<Costed>,
}

impl Line<'_> {
    pub fn location(&self) -> Option<&PlacementLocation> {
        self.placement.and_then(|(_, l)| l)
    }

    pub fn category(&self) -> Option<PlacementCategory> {
        self.placement.map(|(p, _)| p.category())
    }
}

/// The figures the measures count for one child looked after on a date.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    /// Whole years on the date.
    pub age: i32,
    pub category: Option<PlacementCategory>,
    pub placement_id: Option<i64>,
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    pub area: AreaStatus,
    pub weekly_cost: Option<Costed>,
}

/// What the measures read of one child looked after: a [`ChildFacts`]
/// kept for the dashboard to click through, or a [`Line`] counted as it
/// comes (no texts made for the many children with nothing to report).
pub trait Fact {
    fn child_id(&self) -> &str;
    /// Its figures on `on`, the date of the line.
    fn counted(&self, on: Date) -> Counted;
    /// Why the distance or area is not known, for the data-quality list.
    fn not_known_reasons(&self) -> Vec<String>;
}

impl ChildFacts {
    /// The figures the measures count (worked out on the facts' date).
    pub fn counted(&self) -> Counted {
        Counted {
            age: self.age,
            category: self.category,
            placement_id: self.placement_id,
            distance_miles: self.distance_miles,
            within_20_miles: self.within_20_miles,
            area: self.area,
            weekly_cost: self.weekly_cost,
        }
    }
}

impl Fact for &ChildFacts {
    fn child_id(&self) -> &str {
        &self.child_id
    }
    fn counted(&self, _on: Date) -> Counted {
        ChildFacts::counted(self)
    }
    fn not_known_reasons(&self) -> Vec<String> {
        self.not_known_reasons.clone()
    }
}

impl Fact for Line<'_> {
    fn child_id(&self) -> &str {
        &self.child.id
    }
    fn counted(&self, on: Date) -> Counted {
        Counted {
            age: age_on(self.child.date_of_birth, on),
            category: self.category(),
            placement_id: self.placement.map(|(p, _)| p.id),
            distance_miles: self.distance_miles,
            within_20_miles: self.within_20_miles,
            area: self.area,
            weekly_cost: self.weekly_cost,
        }
    }
    fn not_known_reasons(&self) -> Vec<String> {
        not_known_reasons(self)
    }
}

/// The line of every child looked after on `on`, in child order.
pub fn lines(data: &CountyData, on: Date) -> impl Iterator<Item = Line<'_>> {
    // The placement open on `on` for each child, by index.
    let mut open: Vec<Option<usize>> = vec![None; data.children.len()];
    for pi in 0..data.placements.len() {
        if let Some(l) = data.placement_location(pi).filter(|l| l.is_open_on(on)) {
            if let Some(ci) = l.child {
                open[ci] = Some(pi);
            }
        }
    }
    let costs = CostBook::from_settings(&data.settings);
    data.children
        .iter()
        .enumerate()
        .filter(move |(_, c)| looked_after_on(c, on))
        .map(move |(ci, child)| {
            let home = data.home_location(ci);
            let placement = open[ci].map(|pi| (&data.placements[pi], data.placement_location(pi)));
            let location = placement.and_then(|(_, l)| l);
            let distance_miles = dfe_distance_miles(home.grid, location.and_then(|l| l.grid));
            Line {
                child,
                home,
                placement,
                distance_miles,
                within_20_miles: within_20_miles(distance_miles),
                area: location.map_or(AreaStatus::Unknown, |l| l.area),
                weekly_cost: placement.map(|(p, _)| costs.placement_cost(p, on)),
            }
        })
}

/// Why a line's distance or area is not known, in words for the
/// data-quality list.
fn not_known_reasons(line: &Line<'_>) -> Vec<String> {
    let mut reasons = Vec::new();
    match &line.child.home_postcode {
        None => reasons.push("no home postcode recorded".to_string()),
        Some(pc) if !line.home.in_directory => reasons.push(format!(
            "home postcode {pc} is not in the postcode directory"
        )),
        Some(_) if line.home.grid.is_none() => {
            reasons.push("home postcode has no grid reference".to_string())
        }
        _ => {}
    }
    match (line.placement, line.location()) {
        (None, _) => reasons.push("no placement recorded on this date".to_string()),
        (Some(_), Some(l)) => match l.postcode {
            None => reasons.push("no placement postcode recorded".to_string()),
            Some(pc) if !l.in_directory => reasons.push(format!(
                "placement postcode {pc} is not in the postcode directory"
            )),
            Some(_) if l.grid.is_none() => {
                reasons.push("placement postcode has no grid reference".to_string())
            }
            _ => {}
        },
        (Some(_), None) => {}
    }
    reasons
}

/// The facts for every child looked after on `on`, in child order.
pub fn child_facts(data: &CountyData, on: Date) -> Vec<ChildFacts> {
    // Room for every child up front: growing a vector of 80,000 long lines
    // copies them again at each doubling.
    let mut out = Vec::with_capacity(data.children.len());
    out.extend(lines(data, on).map(|line| {
        let location = line.location();
        let c = line.counted(on);
        ChildFacts {
            child_id: line.child.id.clone(),
            age: c.age,
            category: c.category,
            sector: location.map_or(ProviderSector::None, |l| l.sector),
            placement_id: c.placement_id,
            home_postcode: line.child.home_postcode,
            placement_postcode: location.and_then(|l| l.postcode),
            home_grid: line.home.grid,
            placement_grid: location.and_then(|l| l.grid),
            distance_miles: c.distance_miles,
            within_20_miles: c.within_20_miles,
            area: c.area,
            distance_category: DistanceCategory::of(c.area, c.within_20_miles),
            weekly_cost: c.weekly_cost,
            not_known_reasons: not_known_reasons(&line),
        }
    }));
    out
}
