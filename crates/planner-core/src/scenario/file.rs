//! Scenario files: the levers of a what-if scenario written as TOML (see
//! `sample_data/scenario-example.toml`), read and checked. (The projection
//! as JSON, CSV or text is `report::projection`.)
//!
//! The file's keys are the field names of [`Levers`]; categories are their
//! codes (`ifa_fostering`, `external_residential`, …). Keys left out take
//! the value of `Levers::default()` (no change, horizon 10 years). Unknown
//! keys are refused.

use super::lever_spec::{lever_spec, LeverUnit, LEVERS};
use super::levers::{LeverError, Levers, RateChange};
use super::moves::MoveKind;
use crate::model::PlacementCategory;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// Why a scenario file was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioFileError {
    /// Not valid TOML, an unknown key, or a value of the wrong type.
    Parse {
        /// 1-based line and column, when the TOML parser gave a position.
        line: Option<usize>,
        column: Option<usize>,
        /// The key at that position, when it could be told.
        field: Option<String>,
        message: String,
    },
    /// A category code that is not one of `PlacementCategory`'s codes, and
    /// the 1-based line it is written on, when it could be found.
    UnknownCategory {
        field: String,
        code: String,
        line: Option<usize>,
    },
    /// An exit-rate change that is not exactly one of `multiply` or `add`.
    RateChange { field: String },
    /// Levers out of range (from [`Levers::validate`]), each with the line
    /// of its key when it is written in the file.
    Invalid(Vec<InvalidLever>),
}

/// A lever out of range and the 1-based line its key is on, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidLever {
    pub line: Option<usize>,
    pub error: LeverError,
}

impl fmt::Display for ScenarioFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioFileError::Parse {
                line,
                column,
                field,
                message,
            } => {
                if let (Some(l), Some(c)) = (line, column) {
                    write!(f, "line {l}, column {c}: ")?;
                }
                if let Some(k) = field {
                    write!(f, "{k}: ")?;
                }
                write!(f, "{message}")
            }
            ScenarioFileError::UnknownCategory { field, code, line } => {
                let codes: Vec<&str> = PlacementCategory::ALL.iter().map(|c| c.code()).collect();
                if let Some(l) = line {
                    write!(f, "line {l}: ")?;
                }
                write!(
                    f,
                    "{field}: unknown placement category `{code}`; expected one of {}",
                    codes.join(", ")
                )
            }
            ScenarioFileError::RateChange { field } => write!(
                f,
                "{field}: give exactly one of `multiply = F` or `add = A`"
            ),
            ScenarioFileError::Invalid(errors) => {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| match e.line {
                        Some(l) => format!("line {l}: {}", e.error.message),
                        None => e.error.message.clone(),
                    })
                    .collect();
                write!(f, "{}", lines.join("; "))
            }
        }
    }
}

impl std::error::Error for ScenarioFileError {}

/// The file's shape: the number levers of [`LEVERS`] by key, the tables
/// by category or kind of move by code, and the `entry_trend` switch.
/// Read key by key so each number lever's value is read as its unit asks
/// (a whole number of years, pence, a decimal) and an unknown key is
/// refused naming the keys there are.
#[derive(Debug, Default)]
struct LeversFile {
    numbers: BTreeMap<&'static str, f64>,
    entry_trend: Option<bool>,
    annual_inflation: BTreeMap<String, f64>,
    unit_costs: BTreeMap<String, i64>,
    exit_rate_changes: BTreeMap<String, RateChangeFile>,
    move_changes: BTreeMap<String, f64>,
}

/// The keys a scenario file may hold, in the order the levers are shown.
fn file_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<&'static str> = LEVERS.iter().map(|s| s.key).collect();
        keys.extend([
            "entry_trend",
            "annual_inflation",
            "unit_costs",
            "exit_rate_changes",
            "move_changes",
        ]);
        keys
    })
}

impl<'de> Deserialize<'de> for LeversFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = LeversFile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of levers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<LeversFile, A::Error> {
                let mut file = LeversFile::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "entry_trend" => file.entry_trend = Some(map.next_value()?),
                        "annual_inflation" => file.annual_inflation = map.next_value()?,
                        "unit_costs" => file.unit_costs = map.next_value()?,
                        "exit_rate_changes" => file.exit_rate_changes = map.next_value()?,
                        "move_changes" => file.move_changes = map.next_value()?,
                        other => {
                            let Some(spec) = lever_spec(other) else {
                                return Err(serde::de::Error::unknown_field(other, file_keys()));
                            };
                            let value = match spec.unit {
                                LeverUnit::Whole => f64::from(map.next_value::<u32>()?),
                                LeverUnit::Pence => map.next_value::<i64>()? as f64,
                                LeverUnit::Amount | LeverUnit::Share | LeverUnit::Percent => {
                                    map.next_value::<f64>()?
                                }
                            };
                            file.numbers.insert(spec.key, value);
                        }
                    }
                }
                Ok(file)
            }
        }
        d.deserialize_map(Keys)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RateChangeFile {
    multiply: Option<f64>,
    add: Option<f64>,
}

/// serde's "invalid type: X, expected Y" or "invalid value: X, expected Y"
/// in plain English: "horizon_years must be a whole number, 0 or more
/// (found the text "ten")". `None` for any other message.
fn plain_type_message(message: &str, field: Option<&str>) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let tick = |s: &str| s.trim_matches('`').to_string();
    let found = if let Some(t) = found.strip_prefix("string ") {
        format!("the text {t}")
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
        .or_else(|| found.strip_prefix("boolean "))
    {
        tick(n)
    } else {
        match found {
            "map" => "a table".to_string(),
            "sequence" => "a list".to_string(),
            other => other.to_string(),
        }
    };
    let wanted = match expected {
        "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i64" | "i32"
            if field.is_some_and(|f| f.ends_with("_pence") || f.starts_with("unit_costs.")) =>
        {
            "a whole number of pence"
        }
        "i64" | "i32" => "a whole number",
        "f64" | "f32" => "a number",
        "a boolean" => "true or false",
        "a map" => "a table",
        e if e.starts_with("struct ") => "a table",
        _ => return None,
    };
    Some(format!(
        "{} must be {wanted} (found {found})",
        field.unwrap_or("the value")
    ))
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The key on the line holding `offset` (`key = value`), prefixed with the
/// `[table]` it sits in, if any.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    })
}

/// The 1-based line a lever's key is written on: `key = …` at the start of
/// a line (the last part of a dotted field such as
/// `annual_inflation.ifa_fostering`), within that table when there is one.
fn line_of_key(text: &str, field: &str) -> Option<usize> {
    let (table, key) = match field.rsplit_once('.') {
        Some((t, k)) => (Some(t), k),
        None => (None, field),
    };
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = Some(t.trim_matches(|c| c == '[' || c == ']').trim().to_string());
            continue;
        }
        let Some((k, _)) = t.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"');
        let here = match (&current, table) {
            (None, None) => k == key,
            (Some(c), Some(t)) => c == t && k == key,
            // `annual_inflation = { ifa_fostering = 0.1 }` on one line.
            (None, Some(t)) => k == t && line.contains(key),
            _ => false,
        };
        if here {
            return Some(i + 1);
        }
    }
    None
}

/// The category of a code in the table `field`; an unknown code is refused
/// naming `field.code` and its line in `text`.
fn category(text: &str, field: &str, code: &str) -> Result<PlacementCategory, ScenarioFileError> {
    PlacementCategory::parse(code).ok_or_else(|| {
        let field = format!("{field}.{code}");
        ScenarioFileError::UnknownCategory {
            line: line_of_key(text, &field),
            field,
            code: code.to_string(),
        }
    })
}

/// The largest scenario file read, in bytes (the example with every lever
/// and comment is about 3 KB).
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

/// Reads a scenario file: a regular file of at most
/// [`MAX_SCENARIO_BYTES`], read no further than that even if it grows.
pub fn read_scenario_file(path: &std::path::Path) -> Result<String, String> {
    let bytes = crate::input_file::read_bounded(path, MAX_SCENARIO_BYTES)?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

/// Reads the levers of a scenario file and validates them. Errors name the
/// key and, for TOML errors, the line and column. A text over
/// [`MAX_SCENARIO_BYTES`] is refused before it is parsed.
pub fn levers_from_toml(text: &str) -> Result<Levers, ScenarioFileError> {
    if let Some(message) = crate::input_file::too_large(text.len() as u64, MAX_SCENARIO_BYTES) {
        return Err(ScenarioFileError::Parse {
            line: None,
            column: None,
            field: None,
            message,
        });
    }
    let file: LeversFile = toml::from_str(text).map_err(|e| {
        let span = e.span();
        let message = e.message().trim().to_string();
        // An unknown top-level key is reported against the whole table:
        // point at the key itself.
        let unknown_key = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .and_then(|(key, _)| {
                let line = line_of_key(text, key)?;
                let column = text.lines().nth(line - 1)?.find(key)? + 1;
                Some((line, column))
            });
        let (line, column) = match (unknown_key, &span) {
            (Some((l, c)), _) => (Some(l), Some(c)),
            (None, Some(s)) => {
                let (l, c) = line_column(text, s.start);
                (Some(l), Some(c))
            }
            (None, None) => (None, None),
        };
        // An unknown key names itself in the message; otherwise say which
        // key's value was wrong.
        let mut field = if message.starts_with("unknown field") {
            None
        } else {
            span.and_then(|s| key_at(text, s.start))
        };
        // serde's `invalid type: string "ten", expected u32` in words,
        // the key leading the sentence.
        let message = match plain_type_message(&message, field.as_deref()) {
            Some(plain) => {
                field = None;
                plain
            }
            None => message,
        };
        ScenarioFileError::Parse {
            line,
            column,
            field,
            message,
        }
    })?;
    let d = Levers::default();
    let mut annual_inflation = BTreeMap::new();
    for (code, value) in file.annual_inflation {
        annual_inflation.insert(category(text, "annual_inflation", &code)?, value);
    }
    let mut unit_costs = BTreeMap::new();
    for (code, pence) in file.unit_costs {
        unit_costs.insert(category(text, "unit_costs", &code)?, pence);
    }
    let mut exit_rate_changes = BTreeMap::new();
    for (code, change) in file.exit_rate_changes {
        let c = category(text, "exit_rate_changes", &code)?;
        let change = match (change.multiply, change.add) {
            (Some(m), None) => RateChange::Multiply(m),
            (None, Some(a)) => RateChange::Add(a),
            _ => {
                return Err(ScenarioFileError::RateChange {
                    field: format!("exit_rate_changes.{code}"),
                })
            }
        };
        exit_rate_changes.insert(c, change);
    }
    let mut move_changes = BTreeMap::new();
    for (code, pct) in file.move_changes {
        let Some(kind) = MoveKind::parse(&code) else {
            let field = format!("move_changes.{code}");
            let codes: Vec<&str> = MoveKind::ALL.iter().map(|k| k.code()).collect();
            let line = line_of_key(text, &field);
            let column = line.and_then(|l| {
                text.lines()
                    .nth(l - 1)
                    .and_then(|t| t.find(code.as_str()))
                    .map(|c| c + 1)
            });
            return Err(ScenarioFileError::Parse {
                line,
                column,
                message: format!(
                    "unknown kind of move `{code}`; expected one of {}",
                    codes.join(", ")
                ),
                field: Some(field),
            });
        };
        move_changes.insert(kind, pct);
    }
    let mut levers = Levers {
        entry_trend: file.entry_trend.unwrap_or(d.entry_trend),
        annual_inflation,
        unit_costs,
        exit_rate_changes,
        move_changes,
        ..d
    };
    for (key, value) in file.numbers {
        if let Some(spec) = lever_spec(key) {
            (spec.set)(&mut levers, Some(value));
        }
    }
    levers.validate().map_err(|errors| {
        ScenarioFileError::Invalid(
            errors
                .into_iter()
                .map(|error| InvalidLever {
                    line: line_of_key(text, &error.field),
                    error,
                })
                .collect(),
        )
    })?;
    Ok(levers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(levers_from_toml("").unwrap(), Levers::default());
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = levers_from_toml("horizon_years = 5\nrecruit = 3\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("recruit"), "{text}");
        assert!(text.contains("line 2"), "{text}");
    }

    #[test]
    fn wrong_type_names_the_field() {
        let e = levers_from_toml("shift_share = \"lots\"\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("shift_share"), "{text}");
        assert!(text.contains("line 1"), "{text}");
        let e = levers_from_toml("[annual_inflation]\nifa_fostering = \"x\"\n").unwrap_err();
        assert!(
            e.to_string().contains("annual_inflation.ifa_fostering"),
            "{e}"
        );
    }

    #[test]
    fn categories_and_rate_changes() {
        let l = levers_from_toml(
            "[annual_inflation]\nifa_fostering = 0.05\n\
             [exit_rate_changes]\nexternal_residential = { multiply = 1.5 }\n",
        )
        .unwrap();
        assert_eq!(l.inflation(PlacementCategory::IfaFostering), 0.05);
        assert_eq!(
            l.exit_rate_changes[&PlacementCategory::ExternalResidential],
            RateChange::Multiply(1.5)
        );
        let e = levers_from_toml("[annual_inflation]\nifa = 0.05\n").unwrap_err();
        assert!(e.to_string().contains("annual_inflation.ifa"), "{e}");
        let e = levers_from_toml("[exit_rate_changes]\nsecure = { multiply = 1, add = 0.1 }\n")
            .unwrap_err();
        assert!(e.to_string().contains("exit_rate_changes.secure"), "{e}");
    }

    #[test]
    fn unit_costs_are_read_by_category_and_checked() {
        let l =
            levers_from_toml("horizon_years = 2\n[unit_costs]\nifa_fostering = 91000\n").unwrap();
        assert_eq!(
            l.unit_costs,
            [(PlacementCategory::IfaFostering, 91_000)]
                .into_iter()
                .collect()
        );
        // An unknown category: the key and its line (3).
        let e = levers_from_toml("horizon_years = 2\n[unit_costs]\nifa = 91000\n").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("line 3: unit_costs.ifa: "), "{text}");
        assert!(text.contains("unknown placement category `ifa`"), "{text}");
        // Pounds written as a decimal are not whole pence: refused.
        let e = levers_from_toml("[unit_costs]\nsecure = 910.5\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("unit_costs.secure"), "{text}");
        // Out of range: below zero and above £10m (1,000,000,000p).
        let e = levers_from_toml("[unit_costs]\nkinship = -1\nsecure = 1000000001\n").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("line 2: unit_costs.kinship must be between 0 and 1000000000"),
            "{text}"
        );
        assert!(
            text.contains("line 3: unit_costs.secure must be between 0 and 1000000000"),
            "{text}"
        );
        // £10m exactly is allowed.
        assert!(levers_from_toml("[unit_costs]\nsecure = 1000000000\n").is_ok());
    }

    #[test]
    fn the_example_file_reads_and_its_unit_costs_work_uncommented() {
        let text = include_str!("../../../../sample_data/scenario-example.toml");
        let levers = levers_from_toml(text).unwrap();
        assert!(levers.unit_costs.is_empty());
        let commented = "# [unit_costs]\n# ifa_fostering = 91000\n# secure = 750000\n";
        assert!(text.contains(commented));
        let uncommented = text.replace(
            commented,
            "[unit_costs]\nifa_fostering = 91000\nsecure = 750000\n",
        );
        let levers = levers_from_toml(&uncommented).unwrap();
        assert_eq!(
            levers.unit_costs,
            [
                (PlacementCategory::IfaFostering, 91_000),
                (PlacementCategory::Secure, 750_000)
            ]
            .into_iter()
            .collect()
        );
    }

    #[test]
    fn out_of_range_names_field_and_range() {
        let e = levers_from_toml("horizon_years = 11\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("horizon_years"), "{text}");
        assert!(text.contains("between 1 and 10"), "{text}");
        assert!(text.starts_with("line 1: "), "{text}");
        let e =
            levers_from_toml("shift_share = 0.5\n[annual_inflation]\nsecure = 0.9\n").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("line 3: "), "{text}");
        assert!(text.contains("annual_inflation.secure"), "{text}");
    }

    #[test]
    fn location_and_staying_put_keys_are_read_and_checked() {
        let levers = levers_from_toml(
            "new_in_house_in_area_share = 0.8\nstaying_put_share = 0.5\n\
             staying_put_months = 24\nstaying_put_weekly_pence = 25000\n",
        )
        .unwrap();
        assert_eq!(levers.new_in_house_in_area_share, Some(0.8));
        assert_eq!(levers.new_in_house_within_20_share, None);
        assert_eq!(levers.staying_put_months, 24);
        let text = levers_from_toml("horizon_years = 3\nstaying_put_months = 40\n")
            .unwrap_err()
            .to_string();
        assert!(text.starts_with("line 2: "), "{text}");
        assert!(text.contains("staying_put_months"), "{text}");
        assert!(text.contains("between 0 and 36"), "{text}");
        let text = levers_from_toml("new_in_house_within_20_share = 1.5\n")
            .unwrap_err()
            .to_string();
        assert!(text.contains("new_in_house_within_20_share"), "{text}");
    }
}
