//! `export placements`: one row per child looked after on a date.

use super::pseudonym::{age_band, pseudonym};
use crate::sufficiency::ChildFacts;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    child: String,
    age_band: &'static str,
    category: &'static str,
    provider_sector: &'static str,
    home_district: &'a str,
    home_easting: Option<i32>,
    home_northing: Option<i32>,
    placement_district: &'a str,
    placement_easting: Option<i32>,
    placement_northing: Option<i32>,
    /// Miles to 1 dp; blank when not known.
    distance_miles: Option<String>,
    within_20_miles: &'static str,
    in_area: &'static str,
    weekly_cost_pence: i64,
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not known",
    }
}

/// The placement summary as CSV. Children appear as pseudonyms unless
/// `with_references` is set; names never appear. Postcodes are cut to their
/// district; grid references are of postcode centroids.
pub fn placements_csv(facts: &[ChildFacts], salt: &str, with_references: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for f in facts {
        let row = Row {
            child: if with_references {
                f.child_id.clone()
            } else {
                pseudonym(salt, &f.child_id)
            },
            age_band: age_band(f.age),
            category: f.category.map_or("no placement", |c| c.label()),
            provider_sector: f.sector.label(),
            home_district: f.home_postcode.as_ref().map_or("", |p| p.district()),
            home_easting: f.home_grid.map(|g| g.easting),
            home_northing: f.home_grid.map(|g| g.northing),
            placement_district: f.placement_postcode.as_ref().map_or("", |p| p.district()),
            placement_easting: f.placement_grid.map(|g| g.easting),
            placement_northing: f.placement_grid.map(|g| g.northing),
            distance_miles: f.distance_miles.map(|d| format!("{d:.1}")),
            within_20_miles: yes_no(f.within_20_miles),
            in_area: match f.area {
                crate::geography::AreaStatus::Inside => "yes",
                crate::geography::AreaStatus::Outside => "no",
                crate::geography::AreaStatus::Unknown => "not known",
            },
            weekly_cost_pence: f.weekly_cost.0,
        };
        // Writing to memory cannot fail.
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
