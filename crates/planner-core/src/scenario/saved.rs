//! Saved what-if scenarios: what a user names and keeps (the levers, the
//! start date and reference period the baseline is read with) and the
//! fingerprint of the baseline it was built on, so the screen can say when
//! the county's records have changed since. Storage is in
//! `crate::store` (`Store::insert_scenario` and friends); this module holds
//! no SQL.

use super::baseline::Baseline;
use super::levers::{LeverError, Levers};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The longest scenario name, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 80;
/// The longest notes, in characters (after trimming).
pub const MAX_NOTES_CHARS: usize = 4000;
/// The longest reference period, in months.
pub const MAX_REFERENCE_MONTHS: u32 = 120;
/// The reference periods allowed, in months: 1 to [`MAX_REFERENCE_MONTHS`]
/// (checked by [`ScenarioDraft::validate`], offered by the window).
pub const REFERENCE_MONTHS_RANGE: std::ops::RangeInclusive<u32> = 1..=MAX_REFERENCE_MONTHS;
/// The reference period a new scenario or a check against the past takes
/// unless told otherwise (fewer when the records hold fewer months).
pub const DEFAULT_REFERENCE_MONTHS: u32 = 24;

/// A scenario as the user is editing it, before it is saved (or to replace
/// a saved one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioDraft {
    /// Required, at most 80 characters; saved trimmed. Unique among saved
    /// scenarios, ignoring capitals (ASCII).
    pub name: String,
    /// At most 4,000 characters; saved trimmed.
    pub notes: String,
    pub levers: Levers,
    /// The baseline's start date.
    pub start: Date,
    /// Months before the start the entry and exit rates are measured over,
    /// within [`REFERENCE_MONTHS_RANGE`].
    pub reference_months: u32,
    /// [`baseline_fingerprint`] of the baseline the scenario was built on.
    pub baseline_fingerprint: String,
}

/// A scenario read back from the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub levers: Levers,
    pub start: Date,
    pub reference_months: u32,
    pub baseline_fingerprint: String,
    /// When it was last saved (inserted, updated or duplicated): an instant,
    /// shown in the computer's own time zone by [`SavedScenario::saved_at_text`].
    pub saved_at: jiff::Timestamp,
}

fn error(field: &str, message: impl Into<String>) -> LeverError {
    LeverError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Whether `text` is a SHA-256 in lower-case hex, as [`baseline_fingerprint`]
/// writes it.
pub fn is_fingerprint(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl ScenarioDraft {
    /// A draft for `levers` built on `baseline`: its start date, reference
    /// period and fingerprint.
    pub fn for_baseline(
        name: impl Into<String>,
        notes: impl Into<String>,
        levers: Levers,
        baseline: &Baseline,
    ) -> ScenarioDraft {
        ScenarioDraft {
            name: name.into(),
            notes: notes.into(),
            levers,
            start: baseline.start,
            reference_months: baseline.reference_months,
            baseline_fingerprint: baseline_fingerprint(baseline),
        }
    }

    /// Everything wrong with the draft, each error naming its field: `name`,
    /// `notes`, `reference_months`, `baseline_fingerprint`, then the levers'
    /// own fields as [`Levers::validate`] names them (`shift_share`,
    /// `annual_inflation.ifa_fostering`, …).
    pub fn validate(&self) -> Result<(), Vec<LeverError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(error("name", "enter a name for the scenario"));
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.push(error(
                "name",
                format!(
                    "the name is {} characters long; it can be at most {MAX_NAME_CHARS}",
                    name.chars().count()
                ),
            ));
        }
        let notes = self.notes.trim().chars().count();
        if notes > MAX_NOTES_CHARS {
            errors.push(error(
                "notes",
                format!(
                    "the notes are {notes} characters long; they can be at most {MAX_NOTES_CHARS}"
                ),
            ));
        }
        if !REFERENCE_MONTHS_RANGE.contains(&self.reference_months) {
            errors.push(error(
                "reference_months",
                format!(
                    "the reference period must be {} to {} months; it is {}",
                    REFERENCE_MONTHS_RANGE.start(),
                    REFERENCE_MONTHS_RANGE.end(),
                    self.reference_months
                ),
            ));
        }
        if !is_fingerprint(&self.baseline_fingerprint) {
            errors.push(error(
                "baseline_fingerprint",
                "the baseline fingerprint must be 64 lower-case hexadecimal digits \
                 (use baseline_fingerprint)",
            ));
        }
        if let Err(lever_errors) = self.levers.validate() {
            errors.extend(lever_errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl SavedScenario {
    /// The saved scenario as a draft, to edit and save again (or save under
    /// another name).
    pub fn draft(&self) -> ScenarioDraft {
        ScenarioDraft {
            name: self.name.clone(),
            notes: self.notes.clone(),
            levers: self.levers.clone(),
            start: self.start,
            reference_months: self.reference_months,
            baseline_fingerprint: self.baseline_fingerprint.clone(),
        }
    }

    /// Whether `current` (the baseline read now with this scenario's start
    /// date and reference period) differs from the one it was saved with.
    pub fn baseline_changed(&self, current: &Baseline) -> bool {
        baseline_fingerprint(current) != self.baseline_fingerprint
    }

    /// `saved_at` as `dd/mm/yyyy hh:mm` in the computer's time zone.
    pub fn saved_at_text(&self) -> String {
        crate::format::local_time_text(self.saved_at)
    }
}

/// SHA-256, in lower-case hex, of the baseline's JSON: it changes whenever
/// anything the projection starts from changes (children, entries, rates,
/// costs, capacity, the start date or the reference period) and not
/// otherwise. Serialisation is deterministic: maps are ordered and
/// `Baseline::from_data` sorts its children.
pub fn baseline_fingerprint(b: &Baseline) -> String {
    let json = serde_json::to_vec(b).expect("a baseline always serialises to JSON");
    Sha256::digest(&json)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
