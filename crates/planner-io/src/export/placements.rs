//! The placement summary: one row per child looked after on a date. The
//! rows are built once here; `export placements` and the summary CSV write
//! them as CSV, [`super::summary`] as a workbook.

use super::pseudonym::{age_band, pseudonym};
use crate::costing::Costed;
use crate::geography::AreaStatus;
use crate::spreadsheet::csv_text;

use crate::county::CountyData;
use crate::sufficiency::ChildFacts;

/// One child looked after on the date.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementRow {
    /// The child's stable pseudonym (see [`pseudonym`]); the council's
    /// reference only in `export placements --with-references`.
    pub child: String,
    /// The council's reference, only when names are asked for.
    pub reference: Option<String>,
    /// The child's name, only when names are asked for.
    pub name: Option<String>,
    pub age_band: &'static str,
    /// The placement category, or "no placement".
    pub category: &'static str,
    pub provider_sector: &'static str,
    /// The home postcode's district (`HP20`), never the full postcode.
    pub home_district: String,
    pub home_easting: Option<i32>,
    pub home_northing: Option<i32>,
    pub placement_district: String,
    pub placement_easting: Option<i32>,
    pub placement_northing: Option<i32>,
    /// DfE straight-line miles to 1 dp; `None` is "not known".
    pub distance_miles: Option<f64>,
    pub within_20_miles: Option<bool>,
    /// `None` is "not known".
    pub in_area: Option<bool>,
    /// The weekly cost by the costing rule; `None`: no placement.
    pub weekly_cost: Option<Costed>,
}

/// The rows for `facts`, in the same order. Children appear by pseudonym;
/// with `names` (the county the facts came from) each row also carries
/// the child's reference and name.
pub fn placement_rows(
    facts: &[ChildFacts],
    salt: &str,
    names: Option<&CountyData>,
) -> Vec<PlacementRow> {
    facts
        .iter()
        .map(|f| {
            let name = names.map(|data| {
                data.children
                    .iter()
                    .find(|c| c.id == f.child_id)
                    .map_or_else(String::new, |c| c.name.clone())
            });
            PlacementRow {
                child: pseudonym(salt, &f.child_id),
                reference: names.map(|_| f.child_id.clone()),
                name,
                age_band: age_band(f.age),
                category: f.category.map_or("no placement", |c| c.label()),
                provider_sector: f.sector.label(),
                home_district: f
                    .home_postcode
                    .as_ref()
                    .map_or("", |p| p.district())
                    .to_string(),
                home_easting: f.home_grid.map(|g| g.easting),
                home_northing: f.home_grid.map(|g| g.northing),
                placement_district: f
                    .placement_postcode
                    .as_ref()
                    .map_or("", |p| p.district())
                    .to_string(),
                placement_easting: f.placement_grid.map(|g| g.easting),
                placement_northing: f.placement_grid.map(|g| g.northing),
                distance_miles: f.distance_miles,
                within_20_miles: f.within_20_miles,
                in_area: match f.area {
                    AreaStatus::Inside => Some(true),
                    AreaStatus::Outside => Some(false),
                    AreaStatus::Unknown => None,
                },
                weekly_cost: f.weekly_cost,
            }
        })
        .collect()
}

/// `yes`, `no` or `not known`, as the CSV writes them.
pub fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not known",
    }
}

/// The CSV columns after `child` (and `reference`, `name` with names).
pub const CSV_COLUMNS: [&str; 14] = [
    "age_band",
    "category",
    "provider_sector",
    "home_district",
    "home_easting",
    "home_northing",
    "placement_district",
    "placement_easting",
    "placement_northing",
    "distance_miles",
    "within_20_miles",
    "in_area",
    "weekly_cost_pence",
    "cost_basis",
];

/// The rows as CSV: `child`, then `reference` and `name` when `with_names`,
/// then [`CSV_COLUMNS`]. Miles to 1 dp and blank when not known; within 20
/// miles and in area `yes`, `no` or `not known`; the weekly cost in pence
/// (blank when not known) and where it came from (`own cost`, `council rate
/// 2025-26`, `national figure 2021`, `not known`).
pub fn rows_csv(rows: &[PlacementRow], with_names: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["child"];
    if with_names {
        head.extend(["reference", "name"]);
    }
    head.extend(CSV_COLUMNS);
    // Writing to memory cannot fail.
    let _ = w.write_record(&head);
    let opt = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        let mut record = vec![csv_text(&r.child)];
        if with_names {
            let text = |t: &Option<String>| csv_text(t.as_deref().unwrap_or(""));
            record.push(text(&r.reference));
            record.push(text(&r.name));
        }
        record.extend([
            r.age_band.to_string(),
            r.category.to_string(),
            r.provider_sector.to_string(),
            r.home_district.clone(),
            opt(r.home_easting),
            opt(r.home_northing),
            r.placement_district.clone(),
            opt(r.placement_easting),
            opt(r.placement_northing),
            r.distance_miles
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default(),
            yes_no(r.within_20_miles).to_string(),
            yes_no(r.in_area).to_string(),
            r.weekly_cost
                .and_then(|c| c.weekly)
                .map(|w| w.0.to_string())
                .unwrap_or_default(),
            r.weekly_cost.map(|c| c.basis.label()).unwrap_or_default(),
        ]);
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The placement summary as CSV (`export placements`). Children appear as
/// pseudonyms unless `with_references` is set; names never appear.
/// Postcodes are cut to their district; grid references are of postcode
/// centroids.
pub fn placements_csv(facts: &[ChildFacts], salt: &str, with_references: bool) -> String {
    let mut rows = placement_rows(facts, salt, None);
    if with_references {
        for (r, f) in rows.iter_mut().zip(facts) {
            r.child = f.child_id.clone();
        }
    }
    rows_csv(&rows, false)
}
