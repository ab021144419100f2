//! Panel minutes for a meeting: every decision recorded at it, as CSV and
//! PDF. Pseudonymised unless names are asked for: children appear by a
//! stable pseudonym and age band, carer households and homes by reference
//! and sector. The reason and attendees are written as the panel recorded
//! them.

use super::pdf::{render, Line};
use super::pseudonym::{age_band, pseudonym};
use super::ExportError;
use crate::county::CountyData;
use crate::model::{format_uk_date, Decision, Referral};
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinutesRow {
    pub decision: i64,
    pub meeting_date: String,
    pub child: String,
    pub age_band: &'static str,
    pub referral: i64,
    pub outcome: &'static str,
    pub provider: String,
    pub start: String,
    pub weekly_cost_pence: Option<i64>,
    pub reason: String,
    pub attendees: String,
    pub corrects: Option<i64>,
    pub recorded_at: String,
}

/// The decisions made at the meeting on `meeting`, oldest first.
pub fn minutes_rows(
    data: &CountyData,
    referrals: &[Referral],
    decisions: &[Decision],
    meeting: Date,
    salt: &str,
    with_names: bool,
) -> Vec<MinutesRow> {
    decisions
        .iter()
        .filter(|d| d.meeting_date == meeting)
        .map(|d| {
            let referral = referrals.iter().find(|r| r.id == d.referral_id);
            let child_id = referral.map_or("", |r| r.child_id.as_str());
            let child = data.children.iter().find(|c| c.id == child_id);
            let provider = match (&d.carer_id, &d.home_id) {
                (Some(id), _) => match data.carer(id) {
                    Some(c) if with_names => format!("{} ({id}), {}", c.name, c.sector.label()),
                    Some(c) => format!("{id}, {}", c.sector.label()),
                    None => id.clone(),
                },
                (None, Some(id)) => match data.home(id) {
                    Some(h) if with_names => format!("{} ({id}), {}", h.name, h.sector.label()),
                    Some(h) => format!("{id}, {} home", h.sector.label()),
                    None => id.clone(),
                },
                _ => String::new(),
            };
            MinutesRow {
                decision: d.id,
                meeting_date: format_uk_date(d.meeting_date),
                child: match child {
                    Some(c) if with_names => format!("{} ({})", c.name, c.id),
                    _ => pseudonym(salt, child_id),
                },
                age_band: child.map_or("not known", |c| age_band(c.age_on(meeting))),
                referral: d.referral_id,
                outcome: d.outcome.label(),
                provider,
                start: d.start.map(format_uk_date).unwrap_or_default(),
                weekly_cost_pence: d.weekly_cost.map(|c| c.0),
                reason: d.rationale.clone(),
                attendees: d.attendees.clone(),
                corrects: d.corrects,
                recorded_at: d.recorded_at.clone(),
            }
        })
        .collect()
}

/// Writes the minutes of `meeting` to `out`: PDF when the name ends in
/// `.pdf`, CSV otherwise. Returns how many decisions they hold.
pub fn write_minutes(
    store: &crate::store::Store,
    meeting: Date,
    salt: &str,
    with_names: bool,
    out: &std::path::Path,
) -> Result<usize, ExportError> {
    let data = store.county_data()?;
    let referrals = store.referrals()?;
    let decisions = store.decisions()?;
    let records = PanelRecords {
        data: &data,
        referrals: &referrals,
        decisions: &decisions,
    };
    write_minutes_from(records, meeting, salt, with_names, out)
}

/// What the minutes are made from: the county's records and the panel's.
#[derive(Clone, Copy)]
pub struct PanelRecords<'a> {
    pub data: &'a CountyData,
    pub referrals: &'a [Referral],
    pub decisions: &'a [Decision],
}

/// [`write_minutes`] from records already read (the window holds them).
pub fn write_minutes_from(
    records: PanelRecords<'_>,
    meeting: Date,
    salt: &str,
    with_names: bool,
    out: &std::path::Path,
) -> Result<usize, ExportError> {
    let PanelRecords {
        data,
        referrals,
        decisions,
    } = records;
    let rows = minutes_rows(data, referrals, decisions, meeting, salt, with_names);
    let is_pdf = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let bytes = if is_pdf {
        minutes_pdf(&data.settings.council_name, meeting, &rows, with_names)?
    } else {
        minutes_csv(&rows).into_bytes()
    };
    std::fs::write(out, bytes).map_err(|e| ExportError::write(out, e))?;
    Ok(rows.len())
}

pub fn minutes_csv(rows: &[MinutesRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    use crate::spreadsheet::csv_text;
    for r in rows {
        // Typed text as text, never a formula.
        let safe = MinutesRow {
            child: csv_text(&r.child),
            provider: csv_text(&r.provider),
            reason: csv_text(&r.reason),
            attendees: csv_text(&r.attendees),
            ..r.clone()
        };
        // Writing to memory cannot fail.
        let _ = w.serialize(&safe);
    }
    if rows.is_empty() {
        let _ = w.write_record([
            "decision",
            "meeting_date",
            "child",
            "age_band",
            "referral",
            "outcome",
            "provider",
            "start",
            "weekly_cost_pence",
            "reason",
            "attendees",
            "corrects",
            "recorded_at",
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn minutes_pdf(
    council: &str,
    meeting: Date,
    rows: &[MinutesRow],
    with_names: bool,
) -> Result<Vec<u8>, ExportError> {
    let mut lines = vec![
        Line::Title(format!(
            "Resource panel minutes, {}",
            format_uk_date(meeting)
        )),
        Line::Text(council.to_string()),
        Line::Text(if with_names {
            "Contains names: handle as confidential children's data.".into()
        } else {
            "Pseudonymised: children by pseudonym and age band; carers and homes by reference."
                .into()
        }),
    ];
    let mut attendees: Vec<&str> = rows
        .iter()
        .map(|r| r.attendees.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    attendees.dedup();
    if !attendees.is_empty() {
        lines.push(Line::Text(format!("Attendees: {}", attendees.join("; "))));
    }
    lines.push(Line::Gap);
    if rows.is_empty() {
        lines.push(Line::Text(
            "No decisions were recorded at this meeting.".into(),
        ));
    }
    for r in rows {
        lines.push(Line::Heading(format!(
            "Decision {}: {}, {} (referral {})",
            r.decision, r.child, r.age_band, r.referral
        )));
        let mut outcome = r.outcome.to_string();
        if !r.provider.is_empty() {
            outcome.push_str(&format!(" with {}", r.provider));
        }
        if !r.start.is_empty() {
            outcome.push_str(&format!(" from {}", r.start));
        }
        if let Some(c) = r.weekly_cost_pence {
            outcome.push_str(&format!(
                ", {} a week",
                crate::model::Pence(c).to_pounds_string()
            ));
        }
        lines.push(Line::Text(outcome));
        lines.push(Line::Text(format!("Reason: {}", r.reason)));
        if let Some(c) = r.corrects {
            lines.push(Line::Text(format!("This corrects decision {c}.")));
        }
        lines.push(Line::Text(format!("Recorded {}", r.recorded_at)));
    }
    render(&lines)
}
