//! One row of each SSDA903 file, read and checked against the return's
//! collection year.

use super::table::Fields;
use crate::import::{DfeRule, ImportIssue};
use crate::model::child::Sex;
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::placement::check_reason_for_change;
use crate::model::return_year::place_refusal;
use crate::model::{format_uk_date, CollectionYear, PlaceCode, ProviderCode};
use jiff::civil::Date;

/// SSDA903 RNE: reason for new episode.
const RNE_CODES: &[&str] = &["S", "L", "P", "T", "B", "U"];
/// SSDA903 REC: reason episode ceased (X1: a new episode follows in the
/// same period of care; every other code ends the period of care).
const REC_CODES: &[&str] = &[
    "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41", "E45",
    "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9",
];

#[derive(Debug, Clone)]
pub(super) struct HeaderRow {
    pub line: u64,
    pub id: String,
    pub sex: Sex,
    pub dob: Date,
}

/// One episode row, checked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Episode {
    pub line: u64,
    pub child: String,
    pub decom: Date,
    pub rne: String,
    pub ls: LegalStatus,
    pub cin: CategoryOfNeed,
    pub place: PlaceCode,
    pub provider: Option<ProviderCode>,
    pub dec: Option<Date>,
    pub rec: Option<String>,
    pub reason: Option<String>,
    pub home_post: String,
    pub pl_post: String,
}

impl Episode {
    /// The same episode, wherever in the file it stands.
    pub fn same_as(&self, other: &Episode) -> bool {
        *self
            == Episode {
                line: self.line,
                ..other.clone()
            }
    }
}

pub(super) fn parse_header_row(f: &Fields<'_>) -> Result<HeaderRow, ImportIssue> {
    let id = f.child_id()?;
    let sex = f.code("SEX", "sex (1 male, 2 female)", Sex::parse)?;
    let dob = f.date("DOB")?;
    Ok(HeaderRow {
        line: f.line,
        id,
        sex,
        dob,
    })
}

/// Reads one episode row of the `year` return. What DfE's validator would
/// flag but whose meaning is clear is read and goes into `warnings`, saying
/// what was done; what cannot be read is the `Err`.
pub(super) fn parse_episode_row(
    f: &Fields<'_>,
    year: CollectionYear,
    warnings: &mut Vec<ImportIssue>,
) -> Result<Episode, ImportIssue> {
    let child = f.child_id()?;
    let decom = f.date("DECOM")?;
    let rne = f.one_of("RNE", "reason for new episode", RNE_CODES)?;
    let ls = f.code("LS", "legal status", LegalStatus::parse)?;
    let cin = f.code("CIN", "category of need", CategoryOfNeed::parse)?;
    let place = f.code("PLACE", "placement type", PlaceCode::parse)?;
    if !year.allows_place(place) {
        return Err(f
            .issue("PLACE", place_refusal(year, place))
            .with_rule(DfeRule::R146));
    }
    if decom > year.last_day() {
        return Err(f.issue(
            "DECOM",
            format!(
                "the episode starts after the end of the {year} return ({})",
                format_uk_date(year.last_day())
            ),
        ));
    }
    let provider_text = f.get("PLACE_PROVIDER");
    let provider = if provider_text.is_empty() {
        None
    } else {
        Some(f.code("PLACE_PROVIDER", "placement provider", ProviderCode::parse)?)
    };
    match (place.takes_provider(), provider) {
        (true, None) => {
            return Err(f.issue(
                "PLACE_PROVIDER",
                format!("PLACE {} needs a provider (PR0 to PR5)", place.code()),
            ))
        }
        (false, Some(_)) => {
            let rule = if place.code().starts_with('T') {
                DfeRule::R213
            } else {
                DfeRule::R178
            };
            warnings.push(
                f.issue(
                    "PLACE_PROVIDER",
                    format!(
                        "PLACE {} takes no provider: the provider is ignored",
                        place.code()
                    ),
                )
                .with_rule(rule),
            );
        }
        _ => {}
    }
    let provider = provider.filter(|_| place.takes_provider());
    let dec = if f.get("DEC").is_empty() {
        None
    } else {
        Some(f.date("DEC")?)
    };
    if let Some(end) = dec {
        if end < decom {
            return Err(f.issue(
                "DEC",
                format!(
                    "the episode ends before it starts (DECOM {})",
                    format_uk_date(decom)
                ),
            ));
        }
        if end > year.last_day() {
            return Err(f.issue(
                "DEC",
                format!(
                    "the episode ends after the end of the {year} return ({})",
                    format_uk_date(year.last_day())
                ),
            ));
        }
    }
    let rec = if f.get("REC").is_empty() {
        if dec.is_some() {
            return Err(f.issue(
                "REC",
                "an episode with an end date (DEC) needs the reason it ceased (REC)",
            ));
        }
        None
    } else {
        let rec = f.one_of("REC", "reason episode ceased", REC_CODES)?;
        if dec.is_none() {
            warnings.push(f.issue(
                "REC",
                "the episode is open (no DEC), so it has not ceased: the reason it ceased is ignored",
            ));
            None
        } else {
            Some(rec)
        }
    };
    let reason = match f.t.col("REASON_PLACE_CHANGE") {
        None => None,
        Some(_) => {
            let v = f.get("REASON_PLACE_CHANGE").to_ascii_uppercase();
            if v.is_empty() {
                None
            } else {
                check_reason_for_change(&v).map_err(|m| f.issue("REASON_PLACE_CHANGE", m))?;
                Some(v)
            }
        }
    };
    Ok(Episode {
        line: f.line,
        child,
        decom,
        rne,
        ls,
        cin,
        place,
        provider,
        dec,
        rec,
        reason,
        home_post: f.get("HOME_POST").to_string(),
        pl_post: f.get("PL_POST").to_string(),
    })
}
