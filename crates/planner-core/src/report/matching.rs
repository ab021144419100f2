//! `panel candidates`: who could take a child, ranked, and who could not
//! and why, as text or JSON.

use crate::matching::MatchResult;

/// The result as JSON: `child_id`, `mode`, `on` (ISO date),
/// `searched_radius_miles` (null = everywhere), `child_home_known`,
/// `unlocated_considered`, `cheapest_weekly_cost_pence`, `suitable` (ranked)
/// and `excluded` (each with `reason`).
pub fn to_json(result: &MatchResult) -> serde_json::Value {
    serde_json::json!({
        "child_id": result.child_id,
        "mode": result.mode.key(),
        "on": result.on.to_string(),
        "searched_radius_miles": result.searched_radius_miles,
        "child_home_known": result.child_home_known,
        "unlocated_considered": result.unlocated_considered,
        "cheapest_weekly_cost_pence": result.cheapest_weekly_cost.map(|p| p.0),
        "suitable": result.suitable,
        "excluded": result.excluded,
    })
}

fn miles_text(d: Option<f64>) -> String {
    d.map_or_else(|| "not known".to_string(), |m| format!("{m:.1}"))
}

fn within_text(w: Option<bool>) -> &'static str {
    match w {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not known",
    }
}

/// Left-aligned columns, two spaces apart.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// The result as a plain-text table for the terminal.
pub fn to_text(result: &MatchResult) -> String {
    let mut out = format!(
        "Options for child {} on {} ({}), {}.\n",
        result.child_id,
        crate::model::format_uk_date(result.on),
        result.mode.label(),
        match (result.child_home_known, result.searched_radius_miles) {
            (false, _) => "everywhere: the child's home is not located, so distances are not known"
                .to_string(),
            (true, None) => "everywhere".to_string(),
            (true, Some(r)) => format!("within {r} miles of the child's home"),
        }
    );
    if result.unlocated_considered > 0 {
        out.push_str(&format!(
            "{} provider(s) with no known location were considered; their distance is not known.\n",
            result.unlocated_considered
        ));
    }
    out.push('\n');
    if result.suitable.is_empty() {
        out.push_str("No suitable options.\n");
    } else {
        out.push_str(&format!("Suitable ({}):\n", result.suitable.len()));
        let rows: Vec<Vec<String>> = result
            .suitable
            .iter()
            .map(|c| {
                vec![
                    c.rank.to_string(),
                    c.provider_id.to_string(),
                    c.kind.key().to_string(),
                    c.sector.label().to_string(),
                    c.vacant.to_string(),
                    miles_text(c.distance_miles),
                    within_text(c.within_20_miles).to_string(),
                    c.in_area.label().to_string(),
                    c.weekly_cost.to_pounds_pence_string(),
                    if c.cost_above_cheapest.0 == 0 {
                        "cheapest".to_string()
                    } else {
                        format!("+{}", c.cost_above_cheapest.to_pounds_pence_string())
                    },
                    c.needs_met.join("; "),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "Rank",
                "Id",
                "Kind",
                "Sector",
                "Vacant",
                "Miles",
                "Within 20",
                "Area",
                "Weekly cost",
                "Above cheapest",
                "Needs met",
            ],
            &rows,
        ));
    }
    if !result.excluded.is_empty() {
        out.push_str(&format!("\nExcluded ({}):\n", result.excluded.len()));
        let rows: Vec<Vec<String>> = result
            .excluded
            .iter()
            .map(|x| {
                vec![
                    x.provider_id.to_string(),
                    x.kind.key().to_string(),
                    x.sector.label().to_string(),
                    miles_text(x.distance_miles),
                    x.in_area.label().to_string(),
                    x.weekly_cost.to_pounds_pence_string(),
                    x.reason.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "Id",
                "Kind",
                "Sector",
                "Miles",
                "Area",
                "Weekly cost",
                "Reason",
            ],
            &rows,
        ));
    }
    out
}
