//! `report sufficiency`: the measures on a date as text, JSON or CSV.

use crate::model::{format_uk_date, Pence};
use crate::sufficiency::{DistanceCategory, SufficiencyReport, BENCHMARKS};
use serde_json::{json, Map, Value};

/// The report as a JSON value: the six categories and area-unknown count
/// by DfE's names, percentages of every child looked after (unknowns
/// included), and per category `children` and `weekly_cost_pence`.
pub fn to_json(r: &SufficiencyReport) -> Value {
    let mut by_category = Map::new();
    for line in &r.by_category {
        by_category.insert(
            line.category.code().to_string(),
            json!({
                "label": line.category.label(),
                "children": line.children,
                "share_pct": line.share_pct,
                "weekly_cost_pence": line.weekly_cost_pence,
                "annual_cost_pence": line.annual_cost_pence,
                "spend": line.spend,
                "within_20_miles": line.within_20_miles,
                "in_area": line.in_area,
            }),
        );
    }
    let mut v = json!({
        "as_at": r.as_at.to_string(),
        "council_name": r.council_name,
        "council_code": r.council_code,
        "children_looked_after": r.children_looked_after,
        "within_20_miles": r.within_20_miles,
        "in_area": r.in_area,
        "placements_at_distance": r.placements_at_distance,
        "within_20_miles_pct": r.within_20_miles_pct,
        "in_area_pct": r.in_area_pct,
        "out_of_area_pct": r.out_of_area_pct,
        "residential_pct": r.residential_pct,
        "in_house_pct": r.in_house_pct,
        "ifa_pct": r.ifa_pct,
        "weekly_cost_pence": r.weekly_cost_pence,
        "annual_cost_pence": r.annual_cost_pence,
        "spend": r.spend,
        "spend_estimated_pct": r.spend.estimated_pct(),
        "cost_basis": r.cost_basis,
        "costly_placements_from_pence": crate::sufficiency::EXPENSIVE_FROM.0,
        "costly_placements": r.costly_placements,
        "by_category": by_category,
        "supply": r.supply,
        "data_quality": r.data_quality,
        "over_18_in_records": r.over_18_in_records,
        "records_run_to": r.records_run_to.map(|d| d.to_string()),
        "data_end_warning": r.data_end_warning(),
        "boundary_error": r.boundary_error,
        "benchmarks": BENCHMARKS,
    });
    for c in DistanceCategory::ALL {
        v[c.key()] = json!(r.count(c));
    }
    v
}

/// One `measure,value` row per figure, for a spreadsheet.
pub fn to_csv(r: &SufficiencyReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |k: &str, v: String| {
        // Writing to memory cannot fail.
        let _ = w.write_record([k, v.as_str()]);
    };
    row("measure", "value".into());
    row("as_at", r.as_at.to_string());
    row(
        "records_run_to",
        r.records_run_to.map(|d| d.to_string()).unwrap_or_default(),
    );
    row("council_code", r.council_code.clone());
    row("children_looked_after", r.children_looked_after.to_string());
    for c in DistanceCategory::ALL {
        row(c.key(), r.count(c).to_string());
    }
    row("within_20_miles", r.within_20_miles.to_string());
    row("in_area", r.in_area.to_string());
    row(
        "placements_at_distance",
        r.placements_at_distance.to_string(),
    );
    row(
        "within_20_miles_pct",
        format!("{:.1}", r.within_20_miles_pct),
    );
    row("in_area_pct", format!("{:.1}", r.in_area_pct));
    row("weekly_cost_pence", r.weekly_cost_pence.to_string());
    row(
        "weekly_cost_estimated_pence",
        r.spend.estimated().0.to_string(),
    );
    row("placements_cost_not_known", r.spend.not_known.to_string());
    for line in &r.by_category {
        let k = line.category.code();
        row(&format!("{k}_children"), line.children.to_string());
        row(
            &format!("{k}_weekly_cost_pence"),
            line.weekly_cost_pence.to_string(),
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A plain-text page for the terminal.
pub fn to_text(r: &SufficiencyReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let n = r.children_looked_after;
    let pct = |k: usize| crate::sufficiency::percent(k, n);
    let _ = match r.council_title() {
        Some(council) => writeln!(
            s,
            "Sufficiency for {council} as at {}",
            format_uk_date(r.as_at)
        ),
        None => writeln!(
            s,
            "Sufficiency as at {} (no council set: `placement-planner settings --name … --code …`)",
            format_uk_date(r.as_at)
        ),
    };
    if let Some(w) = r.data_end_warning() {
        let _ = writeln!(s, "{w}");
    }
    let _ = writeln!(s, "Children looked after: {n}");
    let _ = writeln!(
        s,
        "Within 20 miles of home: {} ({:.1}%)",
        r.within_20_miles, r.within_20_miles_pct
    );
    let _ = writeln!(
        s,
        "In the council's area: {} ({:.1}%)",
        r.in_area, r.in_area_pct
    );
    let _ = writeln!(
        s,
        "Out of area and over 20 miles: {} ({:.1}%)",
        r.placements_at_distance,
        pct(r.placements_at_distance)
    );
    let _ = writeln!(s, "\nWhere children are placed (DfE categories)");
    for c in DistanceCategory::ALL {
        let k = r.count(c);
        let _ = writeln!(s, "  {:<40} {:>5}  {:>5.1}%", c.label(), k, pct(k));
    }
    let _ = writeln!(s, "\nPlacement mix and spend");
    let _ = writeln!(
        s,
        "  {:<26} {:>8} {:>7} {:>12} {:>14}",
        "category", "children", "share", "weekly", "yearly (52 wk)"
    );
    for line in r.by_category.iter().filter(|l| l.children > 0) {
        let (weekly, yearly) = if line.spend.is_not_known() {
            ("not known".to_string(), "not known".to_string())
        } else {
            (
                Pence(line.weekly_cost_pence).to_pounds_string(),
                Pence(line.annual_cost_pence).to_pounds_string(),
            )
        };
        let _ = writeln!(
            s,
            "  {:<26} {:>8} {:>6.1}% {:>12} {:>14}",
            line.category.label(),
            line.children,
            line.share_pct,
            weekly,
            yearly
        );
    }
    let _ = writeln!(
        s,
        "  {:<26} {:>8} {:>7} {:>12} {:>14}",
        "all",
        n,
        "",
        Pence(r.weekly_cost_pence).to_pounds_string(),
        Pence(r.annual_cost_pence).to_pounds_string()
    );
    if !r.costly_placements.is_empty() {
        let _ = writeln!(
            s,
            "  Placements at {} a week or more: {}",
            crate::sufficiency::EXPENSIVE_FROM.to_pounds_string(),
            r.costly_placements.len()
        );
        for c in r.costly_placements.iter().take(10) {
            let _ = writeln!(
                s,
                "    {} {} {} ({})",
                c.child_id,
                c.category.map_or("", |k| k.label()),
                Pence(c.weekly_cost_pence).to_pounds_string(),
                c.basis.label()
            );
        }
    }
    let caveat = r.spend.caveat();
    if !caveat.is_empty() {
        let _ = writeln!(s, "  Spend: {}", r.spend.weekly_text());
        for line in &r.cost_basis {
            let _ = writeln!(s, "    {line}");
        }
    }
    let sp = &r.supply;
    let _ = writeln!(
        s,
        "\nIn-house fostering: {} households, {} places, {} filled, {} vacant",
        sp.in_house_households, sp.in_house_places, sp.in_house_filled, sp.in_house_vacant
    );
    for b in &sp.by_age_band {
        let _ = writeln!(
            s,
            "  ages {:<6} {:>3} vacant places open to this age, {:>4} children of this age in care",
            b.band, b.vacant_places, b.children
        );
    }
    let _ = writeln!(
        s,
        "Residential beds: {} in area ({} vacant), {} out of area ({} vacant)",
        sp.residential_beds_in_area,
        sp.residential_vacant_in_area,
        sp.residential_beds_out_of_area,
        sp.residential_vacant_out_of_area
    );
    let _ = writeln!(s, "\nBenchmarks");
    for b in &BENCHMARKS {
        let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}%"));
        let _ = writeln!(
            s,
            "  {:<16} {:<12} within 20 miles {:>4}, in area {:>4}  ({})",
            b.area,
            b.year,
            f(b.within_20_miles_pct),
            f(b.in_area_pct),
            b.source
        );
    }
    if let Some(e) = &r.boundary_error {
        let _ = writeln!(s, "\nThe boundary in settings could not be read: {e}");
    }
    if !r.data_quality.is_empty() {
        let _ = writeln!(s, "\nNot known ({} children)", r.data_quality.len());
        for d in &r.data_quality {
            let _ = writeln!(s, "  {}: {}", d.child_id, d.reason);
        }
    }
    if !r.over_18_in_records.is_empty() {
        let _ = writeln!(
            s,
            "\n18 or over but still in care in the records ({}; not counted)",
            r.over_18_in_records.len()
        );
        for d in &r.over_18_in_records {
            let _ = writeln!(s, "  {}: {}", d.child_id, d.reason);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::county::CountyData;
    use crate::sufficiency::report_from_facts;

    /// The report of a county with nothing in it on 01/04/2026, for the
    /// council named `name` with code `code`.
    fn report(name: &str, code: &str) -> SufficiencyReport {
        let mut data = CountyData::default();
        data.settings.council_name = name.into();
        data.settings.council_code = code.into();
        report_from_facts(&data, jiff::civil::date(2026, 4, 1), &[])
    }

    #[test]
    fn the_heading_names_what_is_set_of_the_council() {
        let first_line = |r: &SufficiencyReport| to_text(r).lines().next().unwrap().to_string();
        assert_eq!(
            first_line(&report("Buckinghamshire Council", "E06000060")),
            "Sufficiency for Buckinghamshire Council (E06000060) as at 01/04/2026"
        );
        assert_eq!(
            first_line(&report("Buckinghamshire Council", "")),
            "Sufficiency for Buckinghamshire Council as at 01/04/2026"
        );
        // Nothing set: no empty name and brackets.
        assert_eq!(
            first_line(&report("", " ")),
            "Sufficiency as at 01/04/2026 (no council set: `placement-planner settings --name … \
             --code …`)"
        );
    }
}
