//! Writes the sample county as the CSV and GeoJSON files committed under
//! `sample_data/`: dates as dd/mm/yyyy, money as whole pence in `..._pence`
//! columns, codes as their SSDA903 / stored codes, postcodes normalised.
//! Locations are not repeated in the people files: they come from
//! `postcodes.csv`, as they would from the ONS Postcode Directory.

use super::SampleCounty;
use crate::model::{format_uk_date, PlacementSetting, Specialism};
use serde::Serialize;
use std::path::Path;

/// The files `write_files` produces, in order.
pub const SAMPLE_FILES: &[&str] = &[
    "children.csv",
    "carers.csv",
    "homes.csv",
    "placements.csv",
    "referrals.csv",
    "postcodes.csv",
    "cost_rates.csv",
    "settings.csv",
    "boundary.geojson",
];

#[derive(Serialize)]
struct ChildRow<'a> {
    id: &'a str,
    name: &'a str,
    date_of_birth: String,
    sex: &'a str,
    legal_status: &'a str,
    category_of_need: &'a str,
    disability: bool,
    sibling_group: Option<&'a str>,
    home_postcode: Option<&'a str>,
    status: &'a str,
    entered_care: String,
    left_care: Option<String>,
}

#[derive(Serialize)]
struct CarerRow<'a> {
    id: &'a str,
    name: &'a str,
    sector: &'a str,
    agency: Option<&'a str>,
    approved_places: u8,
    age_min: u8,
    age_max: u8,
    takes_siblings: bool,
    specialisms: String,
    postcode: Option<&'a str>,
    weekly_cost_pence: i64,
    status: &'a str,
    approval_date: String,
    ended_on: Option<String>,
}

#[derive(Serialize)]
struct ReferralRow<'a> {
    id: i64,
    child_id: &'a str,
    received: String,
    sibling_group_size: u8,
    disability: bool,
    specialisms_needed: String,
    must_stay_near_home: bool,
    risk_flags: &'a str,
    urgency: &'a str,
    latest_start: String,
    notes: &'a str,
}

#[derive(Serialize)]
struct HomeRow<'a> {
    id: &'a str,
    name: &'a str,
    provider: &'a str,
    sector: &'a str,
    ofsted_urn: Option<&'a str>,
    registered_beds: u8,
    age_min: u8,
    age_max: u8,
    postcode: Option<&'a str>,
    weekly_cost_per_bed_pence: i64,
    closed_on: Option<String>,
}

#[derive(Serialize)]
struct PlacementRow<'a> {
    id: i64,
    child_id: &'a str,
    carer_id: Option<&'a str>,
    home_id: Option<&'a str>,
    postcode: Option<&'a str>,
    start: String,
    end: Option<String>,
    weekly_cost_pence: Option<i64>,
    place: &'a str,
    provider: Option<&'a str>,
    reason_for_change: Option<&'a str>,
}

#[derive(Serialize)]
struct PostcodeRow<'a> {
    postcode: &'a str,
    easting: Option<i32>,
    northing: Option<i32>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    la_code: Option<&'a str>,
    county_code: Option<&'a str>,
}

#[derive(Serialize)]
struct CostRateRow<'a> {
    category: &'a str,
    financial_year: i32,
    weekly_cost_pence: i64,
    source: &'a str,
}

#[derive(Serialize)]
struct SettingsRow<'a> {
    council_name: &'a str,
    council_code: &'a str,
}

fn to_csv<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        w.serialize(row).expect("sample rows serialise to CSV");
    }
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
}

/// The sample's files as (file name, contents), in the order of `SAMPLE_FILES`.
pub fn write_files(county: &SampleCounty) -> Vec<(&'static str, String)> {
    let children = to_csv(county.children.iter().map(|c| ChildRow {
        id: &c.id,
        name: &c.name,
        date_of_birth: format_uk_date(c.date_of_birth),
        sex: c.sex.code(),
        legal_status: c.legal_status.code(),
        category_of_need: c.category_of_need.code(),
        disability: c.disability,
        sibling_group: c.sibling_group.as_deref(),
        home_postcode: c.home_postcode.as_ref().map(|p| p.as_str()),
        status: c.status.code(),
        entered_care: format_uk_date(c.entered_care),
        left_care: c.left_care.map(format_uk_date),
    }));
    let carers = to_csv(county.carers.iter().map(|c| CarerRow {
        id: &c.id,
        name: &c.name,
        sector: c.sector.code(),
        agency: c.agency.as_deref(),
        approved_places: c.approved_places,
        age_min: c.age_min,
        age_max: c.age_max,
        takes_siblings: c.takes_siblings,
        specialisms: Specialism::list_to_codes(&c.specialisms),
        postcode: c.postcode.as_ref().map(|p| p.as_str()),
        weekly_cost_pence: c.weekly_cost.0,
        status: c.status.code(),
        approval_date: format_uk_date(c.approval_date),
        ended_on: c.ended_on.map(format_uk_date),
    }));
    let homes = to_csv(county.homes.iter().map(|h| HomeRow {
        id: &h.id,
        name: &h.name,
        provider: &h.provider,
        sector: h.sector.code(),
        ofsted_urn: h.ofsted_urn.as_deref(),
        registered_beds: h.registered_beds,
        age_min: h.age_min,
        age_max: h.age_max,
        postcode: h.postcode.as_ref().map(|p| p.as_str()),
        weekly_cost_per_bed_pence: h.weekly_cost_per_bed.0,
        closed_on: h.closed_on.map(format_uk_date),
    }));
    let placements = to_csv(county.placements.iter().map(|p| PlacementRow {
        id: p.id,
        child_id: &p.child_id,
        carer_id: match &p.setting {
            PlacementSetting::Carer(id) => Some(id.as_str()),
            _ => None,
        },
        home_id: match &p.setting {
            PlacementSetting::Home(id) => Some(id.as_str()),
            _ => None,
        },
        postcode: p.postcode.as_ref().map(|p| p.as_str()),
        start: format_uk_date(p.start),
        end: p.end.map(format_uk_date),
        weekly_cost_pence: p.weekly_cost.map(|c| c.0),
        place: p.place.code(),
        provider: p.provider.map(|r| r.code()),
        reason_for_change: p.reason_for_change.as_deref(),
    }));
    let postcodes = to_csv(county.postcodes.iter().map(|e| PostcodeRow {
        postcode: e.postcode.as_str(),
        easting: e.grid.map(|g| g.easting),
        northing: e.grid.map(|g| g.northing),
        latitude: e.latitude,
        longitude: e.longitude,
        la_code: e.la_code.as_deref(),
        county_code: e.county_code.as_deref(),
    }));
    let cost_rates = to_csv(county.settings.cost_rates.iter().map(|r| CostRateRow {
        category: r.category.code(),
        financial_year: r.financial_year,
        weekly_cost_pence: r.weekly_cost.0,
        source: &r.source,
    }));
    let settings = to_csv([SettingsRow {
        council_name: &county.settings.council_name,
        council_code: &county.settings.council_code,
    }]);
    let referrals = to_csv(county.referrals.iter().map(|r| ReferralRow {
        id: r.id,
        child_id: &r.child_id,
        received: format_uk_date(r.received),
        sibling_group_size: r.sibling_group_size,
        disability: r.disability,
        specialisms_needed: Specialism::list_to_codes(&r.specialisms_needed),
        must_stay_near_home: r.must_stay_near_home,
        risk_flags: &r.risk_flags,
        urgency: r.urgency.code(),
        latest_start: format_uk_date(r.latest_start),
        notes: &r.notes,
    }));
    let boundary = county.settings.boundary_geojson.clone().unwrap_or_default();
    let files = vec![
        ("children.csv", children),
        ("carers.csv", carers),
        ("homes.csv", homes),
        ("placements.csv", placements),
        ("referrals.csv", referrals),
        ("postcodes.csv", postcodes),
        ("cost_rates.csv", cost_rates),
        ("settings.csv", settings),
        ("boundary.geojson", boundary),
    ];
    debug_assert!(files.iter().map(|f| f.0).eq(SAMPLE_FILES.iter().copied()));
    files
}

/// Writes every sample file into `dir` (created if missing), replacing any
/// files of the same names.
pub fn write_to_dir(dir: &Path, county: &SampleCounty) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, contents) in write_files(county) {
        std::fs::write(dir.join(name), contents)?;
    }
    Ok(())
}
