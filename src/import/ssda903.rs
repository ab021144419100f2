//! The SSDA903 return: the header and episodes tables every council sends
//! DfE, turned into children and their placement history.
//!
//! # Files and columns
//!
//! Both files are CSV with a header line; column names are matched ignoring
//! case and surrounding spaces, and extra columns are ignored. Dates are
//! DD/MM/YYYY (ISO YYYY-MM-DD is accepted too).
//!
//! - **header** ([`HEADER_REQUIRED`]): `CHILD`, `SEX`, `DOB`. `ETHNIC`,
//!   `UPN`, `MOTHER` and `MC_DOB` may be present and are not used.
//! - **episodes** ([`EPISODES_REQUIRED`]): `CHILD`, `DECOM`, `RNE`, `LS`,
//!   `CIN`, `PLACE`, `PLACE_PROVIDER`, `DEC`, `REC`, `HOME_POST`, `PL_POST`;
//!   `REASON_PLACE_CHANGE` is used when present; `URN` is not used.
//!
//! # How a return becomes records
//!
//! | SSDA903 | model |
//! |---|---|
//! | header CHILD | `Child::id` (at most 20 characters) |
//! | — | `Child::name`: SSDA903 holds no names, so a new child is called "Child {CHILD}"; a child already in the store keeps its name, disability and sibling group |
//! | SEX, DOB | `Child::sex`, `Child::date_of_birth` |
//! | LS, CIN of the latest episode | `Child::legal_status`, `Child::category_of_need` |
//! | HOME_POST of the latest episode | `Child::home_postcode` (location from the postcode directory) |
//! | DECOM of the latest episode with RNE `S` | `Child::entered_care` (with no `S` episode in the return: the date already stored when earlier, else the first episode's DECOM) |
//! | latest episode open | status looked after, no leaving date |
//! | latest episode closed with REC other than `X1` | status left care, `left_care` = its DEC |
//! | each episode | one `Placement` (no merging of episodes): `start` = DECOM, `end` = DEC, `place` = PLACE, `provider` = PLACE_PROVIDER, `postcode` = PL_POST, setting "elsewhere" (the return names no carer household) |
//! | REASON_PLACE_CHANGE | `reason_for_change` of the placement that ended when this episode began |
//!
//! **Weekly cost**: SSDA903 holds none. Each placement takes the council's
//! rate ([`crate::model::Settings::rate`]) for its category in the
//! financial year of its last day (its DEC, or for an open placement the
//! end of the return's collection year), else the latest earlier year with
//! a rate, else 0. A placement already stored with the same start, PLACE and
//! PLACE_PROVIDER keeps its weekly cost (when not 0) and its carer or home,
//! so costs and links entered in the app survive a re-import.
//!
//! **Code lists**: an episode starting before 1 April 2025 is checked
//! against the 2024-25 PLACE list (H5, P2, Z1 allowed; K3, Z11–Z14 not yet),
//! one starting on or after it against 2025-26 (K3, Z11–Z14; no H5, P2, Z1).
//!
//! # Re-imports
//!
//! Each child is compared with what the store holds. The source whose
//! latest date (any DECOM or DEC) is later is the newer for that child (a
//! tie goes to the file):
//! - file newer: its episodes replace the stored placements from its first
//!   DECOM on (a stored placement with the same start is updated in place,
//!   keeping its id); earlier stored history is kept. A stored placement
//!   still open that the return no longer holds is ended (or replaced) and
//!   listed as a data-quality note.
//! - store newer (an older return imported late): the stored history is
//!   kept and only episodes that ended before it begins are added.
//!
//! Children identical to what is stored are "unchanged". Summary counts are
//! children (each with all its episodes).
//!
//! # Rejected rows and data-quality notes
//!
//! Rejected (the import is refused unless the user leaves them out): bad
//! dates, unknown codes, DEC before DECOM, overlapping or duplicate
//! episodes of one child, a CHILD twice in the header, a field longer than
//! [`MAX_FIELD_CHARS`]. A child is imported whole or not at all: when one of
//! its rows is rejected its other rows are listed as rejected too.
//!
//! Data-quality notes (imported, worth a look): missing, malformed or
//! unknown postcodes (distance "not known", as in DfE's derivation);
//! episodes whose child is missing from the header (left out, unless the
//! child is already stored); header children without episodes; open
//! episodes of children past their 18th birthday at the end of the
//! collection year; open placements a newer return no longer holds.

use super::{
    file_label, ImportError, ImportIssue, ImportSummary, Progress, RejectedRows, MAX_FIELD_CHARS,
};
use crate::geography::entry_grid;
use crate::model::child::{ChildStatus, Sex};
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::date::{age_on, financial_year_of};
use crate::model::placement::REASONS_FOR_CHANGE;
use crate::model::{
    format_uk_date, parse_uk_date, Child, Pence, PlaceCode, Placement, PlacementCategory,
    PlacementSetting, Postcode, PostcodeEntry, ProviderCode, Settings,
};
use crate::store::Store;
use csv::{ByteRecord, StringRecord};
use jiff::civil::{date, Date};
use std::collections::{HashMap, HashSet};
use std::path::Path;

const KIND: &str = "SSDA903 return";

/// The largest SSDA903 file (header or episodes) read, in bytes: each is
/// read whole, and a large council's episodes file is a few MB.
pub const MAX_SSDA903_BYTES: u64 = 500 << 20;

/// Columns the header file must have.
pub const HEADER_REQUIRED: &[&str] = &["CHILD", "SEX", "DOB"];
/// Columns the episodes file must have.
pub const EPISODES_REQUIRED: &[&str] = &[
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "HOME_POST",
    "PL_POST",
];
/// Episode columns used when present.
pub const EPISODES_OPTIONAL: &[&str] = &["REASON_PLACE_CHANGE"];

/// The first day of the 2025-26 code lists.
const NEW_CODES_FROM: Date = date(2025, 4, 1);

/// SSDA903 RNE: reason for new episode.
const RNE_CODES: &[&str] = &["S", "L", "P", "T", "B", "U"];
/// SSDA903 REC: reason episode ceased (X1: a new episode follows in the
/// same period of care; every other code ends the period of care).
const REC_CODES: &[&str] = &[
    "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41", "E45",
    "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9",
];

/// What an SSDA903 import would write: made by [`preview_ssda903`],
/// written by [`apply_ssda903`].
#[derive(Debug, Clone)]
pub struct Ssda903Plan {
    changes: Vec<ChildChange>,
    summary: ImportSummary,
}

/// One child to add or update, with the placement rows to write.
#[derive(Debug, Clone)]
struct ChildChange {
    child: Child,
    inserts: Vec<Placement>,
    updates: Vec<Placement>,
    deletes: Vec<i64>,
}

impl Ssda903Plan {
    /// What the import would do: children to add, update, leave alone, the
    /// rejected rows and the data-quality notes.
    pub fn summary(&self) -> &ImportSummary {
        &self.summary
    }

    /// The children the import would add or update, as they would be saved.
    pub fn children(&self) -> impl Iterator<Item = &Child> {
        self.changes.iter().map(|c| &c.child)
    }
}

// ---------------------------------------------------------------- reading

/// A CSV file read whole and checked for shape.
struct Table {
    file: String,
    /// Column names as found (trimmed), for messages.
    columns: Vec<String>,
    /// Upper-cased name → index.
    index: HashMap<String, usize>,
    rows: Vec<(u64, StringRecord)>,
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

fn unreadable(issue: ImportIssue) -> ImportError {
    ImportError::Unreadable(issue)
}

/// The line a quoted field opens on and never closes, if any.
fn unterminated_quote_line(bytes: &[u8]) -> Option<u64> {
    let mut line = 1u64;
    let mut open_at = None;
    for &b in bytes {
        match b {
            b'"' => open_at = if open_at.is_some() { None } else { Some(line) },
            b'\n' => line += 1,
            _ => {}
        }
    }
    open_at
}

/// Reads a whole CSV file, refusing one that cannot be used at all: not
/// readable, empty, a header only, a missing column, not UTF-8, an
/// unterminated quote or a row with the wrong number of fields.
fn read_table(
    path: &Path,
    required: &[&str],
    progress: &Progress,
    done_before: u64,
) -> Result<Table, ImportError> {
    let file = file_label(path);
    super::check_size(path, MAX_SSDA903_BYTES)?;
    let bytes = std::fs::read(path)
        .map_err(|e| unreadable(ImportIssue::file(&file, format!("cannot be read: {e}"))))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable(ImportIssue::file(&file, "the file is empty")));
    }
    if let Some(line) = unterminated_quote_line(body) {
        return Err(unreadable(ImportIssue::row(
            &file,
            line,
            "a quoted field starting on this line is never closed: the file looks truncated",
        )));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(body);
    let raw_headers = rdr.byte_headers().map_err(|e| {
        unreadable(ImportIssue::row(
            &file,
            1,
            format!("the header line cannot be read: {e}"),
        ))
    })?;
    let headers = match StringRecord::from_byte_record(raw_headers.clone()) {
        Ok(h) => h,
        Err(e) => {
            let field = e.utf8_error().field();
            let raw = e.into_byte_record();
            return Err(not_utf8(&file, 1, None, &raw, field));
        }
    };
    let columns: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    let mut index = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if index.insert(c.to_ascii_uppercase(), i).is_some() {
            return Err(unreadable(ImportIssue::at(
                &file,
                1,
                c,
                c,
                "this column appears twice in the header",
            )));
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !index.contains_key(*r))
        .collect();
    if !missing.is_empty() {
        let plural = if missing.len() == 1 { "" } else { "s" };
        return Err(unreadable(ImportIssue::file(
            &file,
            format!(
                "missing column{plural} {}; the columns found are {} (required: {})",
                missing.join(", "),
                if columns.iter().all(String::is_empty) {
                    "none".to_string()
                } else {
                    columns.join(", ")
                },
                required.join(", ")
            ),
        )));
    }
    let mut rows = Vec::new();
    let mut raw = ByteRecord::new();
    loop {
        let more = rdr.read_byte_record(&mut raw).map_err(|e| {
            let line = e.position().map(|p| p.line());
            unreadable(ImportIssue {
                line,
                ..ImportIssue::file(&file, format!("cannot be read as CSV: {e}"))
            })
        })?;
        if !more {
            break;
        }
        let (line, byte) = raw.position().map_or((0, 0), |p| (p.line(), p.byte()));
        if raw.len() != columns.len() {
            return Err(unreadable(ImportIssue::row(
                &file,
                line,
                format!(
                    "this row has {} fields but the header has {}: the file looks truncated or the row is broken",
                    raw.len(),
                    columns.len()
                ),
            )));
        }
        let rec = match StringRecord::from_byte_record(std::mem::take(&mut raw)) {
            Ok(r) => r,
            Err(e) => {
                let field = e.utf8_error().field();
                let bad = e.into_byte_record();
                return Err(not_utf8(
                    &file,
                    line,
                    columns.get(field).map(String::as_str),
                    &bad,
                    field,
                ));
            }
        };
        rows.push((line, rec));
        if rows.len().is_multiple_of(4096) {
            progress.check()?;
            progress.set_done(done_before + byte);
        }
    }
    if rows.is_empty() {
        return Err(unreadable(ImportIssue::file(
            &file,
            "the file has a header line but no rows",
        )));
    }
    progress.set_done(done_before + bytes.len() as u64);
    Ok(Table {
        file,
        columns,
        index,
        rows,
    })
}

fn not_utf8(
    file: &str,
    line: u64,
    column: Option<&str>,
    rec: &ByteRecord,
    field: usize,
) -> ImportError {
    let value = String::from_utf8_lossy(rec.get(field).unwrap_or_default()).into_owned();
    let reason = "is not UTF-8 text; save the file as CSV UTF-8";
    unreadable(match column {
        Some(c) => ImportIssue::at(file, line, c, &value, reason),
        None => ImportIssue {
            value: Some(super::shorten(&value)),
            ..ImportIssue::row(file, line, reason)
        },
    })
}

/// The first field of a row longer than [`MAX_FIELD_CHARS`], as an issue.
fn too_long(t: &Table, line: u64, rec: &StringRecord) -> Option<ImportIssue> {
    rec.iter().enumerate().find_map(|(i, f)| {
        (f.len() > MAX_FIELD_CHARS && f.chars().count() > MAX_FIELD_CHARS).then(|| {
            ImportIssue::at(
                &t.file,
                line,
                &t.columns[i],
                f,
                format!(
                    "the value is {} characters long; at most {MAX_FIELD_CHARS} are accepted",
                    f.chars().count()
                ),
            )
        })
    })
}

// ---------------------------------------------------------------- parsing

struct HeaderRow {
    line: u64,
    id: String,
    sex: Sex,
    dob: Date,
}

/// One episode row, checked.
#[derive(Debug, Clone)]
struct Episode {
    line: u64,
    child: String,
    decom: Date,
    rne: String,
    ls: LegalStatus,
    cin: CategoryOfNeed,
    place: PlaceCode,
    provider: Option<ProviderCode>,
    dec: Option<Date>,
    rec: Option<String>,
    reason: Option<String>,
    home_post: String,
    pl_post: String,
}

impl Episode {
    fn latest_date(&self) -> Date {
        self.dec.unwrap_or(self.decom).max(self.decom)
    }
}

/// Reads one field of a row by column name (the column is known to exist).
struct Fields<'a> {
    t: &'a Table,
    line: u64,
    rec: &'a StringRecord,
}

impl Fields<'_> {
    fn get(&self, col: &str) -> &str {
        self.t
            .col(col)
            .and_then(|i| self.rec.get(i))
            .unwrap_or("")
            .trim()
    }

    fn issue(&self, col: &str, reason: impl Into<String>) -> ImportIssue {
        let name = self.t.col(col).map_or(col, |i| self.t.columns[i].as_str());
        ImportIssue::at(&self.t.file, self.line, name, self.get(col), reason)
    }

    fn child_id(&self) -> Result<String, ImportIssue> {
        let id = self.get("CHILD");
        if id.is_empty() {
            Err(self.issue("CHILD", "the child's reference (CHILD) is blank"))
        } else if id.chars().count() > 20 {
            Err(self.issue(
                "CHILD",
                "the child's reference is longer than 20 characters",
            ))
        } else {
            Ok(id.to_string())
        }
    }

    fn date(&self, col: &str) -> Result<Date, ImportIssue> {
        parse_uk_date(self.get(col)).map_err(|e| self.issue(col, e))
    }

    fn code<T>(
        &self,
        col: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, ImportIssue> {
        let v = self.get(col);
        if v.is_empty() {
            return Err(self.issue(col, format!("the {what} ({col}) is blank")));
        }
        parse(v).ok_or_else(|| self.issue(col, format!("not a known SSDA903 {what} code")))
    }

    fn one_of(&self, col: &str, what: &str, codes: &[&str]) -> Result<String, ImportIssue> {
        let v = self.get(col).to_ascii_uppercase();
        if v.is_empty() {
            return Err(self.issue(col, format!("the {what} ({col}) is blank")));
        }
        if codes.contains(&v.as_str()) {
            Ok(v)
        } else {
            Err(self.issue(
                col,
                format!(
                    "not a known SSDA903 {what} code (one of {})",
                    codes.join(", ")
                ),
            ))
        }
    }
}

fn parse_header_row(f: &Fields<'_>) -> Result<HeaderRow, ImportIssue> {
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

fn parse_episode_row(f: &Fields<'_>) -> Result<Episode, ImportIssue> {
    let child = f.child_id()?;
    let decom = f.date("DECOM")?;
    let rne = f.one_of("RNE", "reason for new episode", RNE_CODES)?;
    let ls = f.code("LS", "legal status", LegalStatus::parse)?;
    let cin = f.code("CIN", "category of need", CategoryOfNeed::parse)?;
    let place = f.code("PLACE", "placement type", PlaceCode::parse)?;
    let new_list = decom >= NEW_CODES_FROM;
    match place {
        PlaceCode::H5 | PlaceCode::P2 | PlaceCode::Z1 if new_list => {
            return Err(f.issue(
                "PLACE",
                format!(
                    "{} was retired after 2024-25 and this episode starts on {} (2025-26 codes: K3, Z11 to Z14)",
                    place.code(),
                    format_uk_date(decom)
                ),
            ))
        }
        PlaceCode::K3 | PlaceCode::Z11 | PlaceCode::Z12 | PlaceCode::Z13 | PlaceCode::Z14
            if !new_list =>
        {
            return Err(f.issue(
                "PLACE",
                format!(
                    "{} is new in 2025-26 but this episode starts on {}, before 1 April 2025",
                    place.code(),
                    format_uk_date(decom)
                ),
            ))
        }
        _ => {}
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
            return Err(f.issue(
                "PLACE_PROVIDER",
                format!("PLACE {} takes no provider; leave it blank", place.code()),
            ))
        }
        _ => {}
    }
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
        if dec.is_none() {
            return Err(f.issue(
                "REC",
                "an open episode (no DEC) has no reason it ceased; leave REC blank",
            ));
        }
        Some(f.one_of("REC", "reason episode ceased", REC_CODES)?)
    };
    let reason = match f.t.col("REASON_PLACE_CHANGE") {
        None => None,
        Some(_) => {
            let v = f.get("REASON_PLACE_CHANGE").to_ascii_uppercase();
            if v.is_empty() {
                None
            } else if REASONS_FOR_CHANGE.iter().any(|(c, _)| *c == v) {
                Some(v)
            } else {
                let codes: Vec<&str> = REASONS_FOR_CHANGE.iter().map(|(c, _)| *c).collect();
                return Err(f.issue(
                    "REASON_PLACE_CHANGE",
                    format!(
                        "not a known reason for placement change (one of {})",
                        codes.join(", ")
                    ),
                ));
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

// ---------------------------------------------------------------- building

/// What the postcode directory says about one postcode field.
struct Located {
    postcode: Option<Postcode>,
    /// The grid reference as the store reports it (`children.home_location`).
    stored_grid: Option<crate::model::GridRef>,
    /// Why the distance will be "not known", when it will.
    problem: Option<&'static str>,
}

/// Reads what the import needs from the store, each postcode once.
struct Builder<'a> {
    store: &'a Store,
    settings: Settings,
    directory: HashMap<Postcode, Option<PostcodeEntry>>,
    /// 31 March ending the return's collection year.
    year_end: Date,
    episodes_file: String,
    notes: Vec<ImportIssue>,
}

impl Builder<'_> {
    fn locate(&mut self, raw: &str) -> Result<Located, ImportError> {
        if raw.is_empty() {
            return Ok(Located {
                postcode: None,
                stored_grid: None,
                problem: Some("no postcode recorded: the distance will show as not known"),
            });
        }
        let Ok(pc) = Postcode::parse(raw) else {
            return Ok(Located {
                postcode: None,
                stored_grid: None,
                problem: Some("not a UK postcode: the distance will show as not known"),
            });
        };
        if !self.directory.contains_key(&pc) {
            let entry = self.store.postcode(&pc)?;
            self.directory.insert(pc, entry);
        }
        let entry = self.directory.get(&pc).and_then(Option::as_ref);
        let problem = match entry {
            None => Some("not in the postcode directory: the distance will show as not known"),
            Some(e) if entry_grid(e).is_none() => Some(
                "has no grid reference in the postcode directory: the distance will show as not known",
            ),
            Some(_) => None,
        };
        Ok(Located {
            postcode: Some(pc),
            stored_grid: entry.and_then(|e| e.grid),
            problem,
        })
    }

    fn note_postcode(&mut self, ep: &Episode, column: &str, located: &Located) {
        let short_breaks = matches!(ep.ls, LegalStatus::V3 | LegalStatus::V4);
        let raw = if column == "HOME_POST" {
            &ep.home_post
        } else {
            &ep.pl_post
        };
        if let Some(problem) = located.problem {
            // Short breaks (V3, V4) are returned without postcodes.
            if !(short_breaks && raw.is_empty()) {
                self.notes.push(ImportIssue::at(
                    &self.episodes_file,
                    ep.line,
                    column,
                    raw,
                    format!("child {}: {problem}", ep.child),
                ));
            }
        }
    }

    fn note_child(&mut self, child: &str, reason: String) {
        self.notes.push(ImportIssue {
            column: Some("CHILD".into()),
            value: Some(child.to_string()),
            ..ImportIssue::file(&self.episodes_file, reason)
        });
    }

    /// The council's weekly rate for a category in the financial year of
    /// `last_day`, else the latest earlier year with a rate, else 0.
    fn weekly_cost(&self, category: PlacementCategory, last_day: Date) -> Pence {
        let fy = financial_year_of(last_day);
        self.settings
            .cost_rates
            .iter()
            .filter(|r| r.category == category && r.financial_year <= fy)
            .max_by_key(|r| r.financial_year)
            .map_or(Pence::ZERO, |r| r.weekly_cost)
    }

    /// The child and one placement per episode, from the return alone.
    fn build_from_return(
        &mut self,
        id: &str,
        sex: Sex,
        dob: Date,
        stored: Option<&Child>,
        eps: &[Episode],
    ) -> Result<(Child, Vec<Placement>), ImportError> {
        let (Some(first), Some(last)) = (eps.first(), eps.last()) else {
            unreachable!("a child is built only from one or more episodes")
        };
        let entered = eps
            .iter()
            .rev()
            .find(|e| e.rne == "S")
            .map(|e| e.decom)
            .unwrap_or_else(|| match stored {
                Some(s) if s.entered_care <= first.decom => s.entered_care,
                _ => first.decom,
            })
            .max(dob);
        let (status, left_care) = match (last.dec, last.rec.as_deref()) {
            (None, _) => (ChildStatus::LookedAfter, None),
            (Some(_), Some("X1")) => {
                self.notes.push(ImportIssue::at(
                    &self.episodes_file,
                    last.line,
                    "REC",
                    "X1",
                    format!(
                        "child {id}: the last episode ended with X1 (a new episode follows) but the return holds no later one; shown as looked after with no placement"
                    ),
                ));
                (ChildStatus::LookedAfter, None)
            }
            (Some(d), _) => (ChildStatus::LeftCare, Some(d)),
        };
        if last.dec.is_none() && age_on(dob, self.year_end) >= 18 {
            self.notes.push(ImportIssue::at(
                &self.episodes_file,
                last.line,
                "DEC",
                "",
                format!(
                    "child {id} (born {}) is over 18 at the end of the return's year ({}) but this episode is still open: shown as looked after; check whether they left care",
                    format_uk_date(dob),
                    format_uk_date(self.year_end)
                ),
            ));
        }
        let home = self.locate(&last.home_post)?;
        self.note_postcode(last, "HOME_POST", &home);
        let child = Child {
            id: id.to_string(),
            name: stored.map_or_else(|| format!("Child {id}"), |s| s.name.clone()),
            date_of_birth: dob,
            sex,
            legal_status: last.ls,
            category_of_need: last.cin,
            disability: stored.is_some_and(|s| s.disability),
            sibling_group: stored.and_then(|s| s.sibling_group.clone()),
            home_postcode: home.postcode,
            home_location: home.stored_grid,
            status,
            entered_care: entered,
            left_care,
        };
        let mut placements: Vec<Placement> = Vec::with_capacity(eps.len());
        for ep in eps {
            let at = self.locate(&ep.pl_post)?;
            self.note_postcode(ep, "PL_POST", &at);
            let category = PlacementCategory::derive(ep.place, ep.provider);
            placements.push(Placement {
                id: 0,
                child_id: id.to_string(),
                setting: PlacementSetting::Elsewhere,
                postcode: at.postcode,
                start: ep.decom,
                end: ep.dec,
                weekly_cost: self.weekly_cost(category, ep.dec.unwrap_or(self.year_end)),
                place: ep.place,
                provider: ep.provider,
                reason_for_change: None,
            });
        }
        for i in 1..eps.len() {
            if let Some(r) = &eps[i].reason {
                if placements[i - 1].end == Some(eps[i].decom) {
                    placements[i - 1].reason_for_change = Some(r.clone());
                }
            }
        }
        Ok((child, placements))
    }

    /// The child's placement history after the import: the return's
    /// episodes merged with what is stored (see the module notes).
    fn merge(
        &mut self,
        id: &str,
        stored: &[Placement],
        mut file: Vec<Placement>,
        first_reason: Option<&str>,
    ) -> (Vec<Placement>, bool) {
        let latest = |ps: &[Placement]| {
            ps.iter()
                .map(|p| p.end.unwrap_or(p.start).max(p.start))
                .max()
        };
        if stored.is_empty() {
            return (file, true);
        }
        let by_start: HashMap<Date, &Placement> = stored.iter().map(|p| (p.start, p)).collect();
        let file_starts: HashSet<Date> = file.iter().map(|p| p.start).collect();
        if latest(&file) < latest(stored) {
            // The store holds a newer return: add only earlier history.
            let cutoff = stored
                .iter()
                .map(|p| p.start)
                .min()
                .unwrap_or(file[0].start);
            let mut out = stored.to_vec();
            out.extend(file.into_iter().filter(|f| {
                f.end.is_some_and(|e| e <= cutoff) && !by_start.contains_key(&f.start)
            }));
            out.sort_by_key(|p| (p.start, p.id));
            return (out, false);
        }
        let cutoff = file[0].start;
        let mut out = Vec::with_capacity(stored.len() + file.len());
        for s in stored {
            if file_starts.contains(&s.start) {
                continue;
            }
            if s.end.is_some_and(|e| e <= cutoff) {
                out.push(s.clone());
            } else if s.start < cutoff {
                let was = s.end.map_or("still open".to_string(), |e| {
                    format!("to {}", format_uk_date(e))
                });
                self.note_child(
                    id,
                    format!(
                        "child {id}: the stored placement from {} ({was}) is not in this return, whose episodes start on {}; it now ends on that day",
                        format_uk_date(s.start),
                        format_uk_date(cutoff)
                    ),
                );
                out.push(Placement {
                    end: Some(cutoff),
                    ..s.clone()
                });
            } else if s.end.is_none() {
                self.note_child(
                    id,
                    format!(
                        "child {id}: the stored open placement from {} is not in this newer return; replaced by the return's episodes",
                        format_uk_date(s.start)
                    ),
                );
            }
        }
        for f in &mut file {
            if let Some(s) = by_start.get(&f.start) {
                f.id = s.id;
                if s.place == f.place && s.provider == f.provider {
                    f.setting = s.setting.clone();
                    if s.weekly_cost.0 > 0 {
                        f.weekly_cost = s.weekly_cost;
                    }
                }
            }
        }
        out.extend(file);
        if let Some(r) = first_reason {
            if let Some(p) = out
                .iter_mut()
                .find(|p| p.end == Some(cutoff) && p.start < cutoff)
            {
                p.reason_for_change = Some(r.to_string());
            }
        }
        out.sort_by_key(|p| (p.start, p.id));
        (out, true)
    }
}

/// Orders issues by file (header first) and line.
fn sort_issues(issues: &mut [ImportIssue], header_file: &str) {
    issues.sort_by_key(|i| (i.file != header_file, i.line.unwrap_or(0)));
}

/// Reads both files and works out what importing them would do, writing
/// nothing. Refuses ([`ImportError::Unreadable`]) a file that cannot be
/// used at all; rows that fail their checks are listed in the summary's
/// `rejected`. Progress is in bytes read, then checked. Cancelling returns
/// [`ImportError::Cancelled`].
pub fn preview_ssda903(
    header: &Path,
    episodes: &Path,
    store: &Store,
    progress: &Progress,
) -> Result<Ssda903Plan, ImportError> {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let header_size = size(header);
    progress.set_total(header_size + size(episodes));
    progress.set_done(0);
    let h = read_table(header, HEADER_REQUIRED, progress, 0)?;
    let e = read_table(episodes, EPISODES_REQUIRED, progress, header_size)?;
    progress.check()?;

    let mut rejected: Vec<ImportIssue> = Vec::new();
    // Children with a rejected row: (file, line) of the first.
    let mut bad: HashMap<String, (String, u64)> = HashMap::new();
    let mark_bad = |bad: &mut HashMap<String, (String, u64)>, id: &str, file: &str, line| {
        if !id.is_empty() {
            bad.entry(id.to_string())
                .or_insert_with(|| (file.to_string(), line));
        }
    };

    // Header rows.
    let mut headers: HashMap<String, HeaderRow> = HashMap::new();
    let mut header_lines: HashMap<String, Vec<u64>> = HashMap::new();
    for (line, rec) in &h.rows {
        let f = Fields {
            t: &h,
            line: *line,
            rec,
        };
        let parsed = match too_long(&h, *line, rec) {
            Some(issue) => Err(issue),
            None => parse_header_row(&f),
        };
        match parsed {
            Ok(row) => {
                header_lines
                    .entry(row.id.clone())
                    .or_default()
                    .push(row.line);
                headers.entry(row.id.clone()).or_insert(row);
            }
            Err(issue) => {
                rejected.push(issue);
                mark_bad(&mut bad, f.get("CHILD"), &h.file, *line);
            }
        }
    }
    for (id, lines) in &header_lines {
        if lines.len() > 1 {
            let all: Vec<String> = lines.iter().map(u64::to_string).collect();
            for &line in lines {
                rejected.push(ImportIssue::at(
                    &h.file,
                    line,
                    "CHILD",
                    id,
                    format!(
                        "CHILD {id} appears {} times in the header (lines {})",
                        lines.len(),
                        all.join(", ")
                    ),
                ));
            }
            headers.remove(id);
            mark_bad(&mut bad, id, &h.file, lines[0]);
        }
    }

    // Episode rows, by child.
    let mut by_child: std::collections::BTreeMap<String, Vec<Episode>> = Default::default();
    let mut latest: Option<Date> = None;
    for (n, (line, rec)) in e.rows.iter().enumerate() {
        if n.is_multiple_of(4096) {
            progress.check()?;
        }
        let f = Fields {
            t: &e,
            line: *line,
            rec,
        };
        let parsed = match too_long(&e, *line, rec) {
            Some(issue) => Err(issue),
            None => parse_episode_row(&f),
        };
        match parsed {
            Ok(ep) => {
                latest = latest.max(Some(ep.latest_date()));
                by_child.entry(ep.child.clone()).or_default().push(ep);
            }
            Err(issue) => {
                rejected.push(issue);
                mark_bad(&mut bad, f.get("CHILD"), &e.file, *line);
            }
        }
    }
    // Duplicates, overlaps, episodes before birth.
    for (id, eps) in &mut by_child {
        eps.sort_by_key(|ep| (ep.decom, ep.line));
        if let Some(hr) = headers.get(id) {
            for ep in eps.iter().filter(|ep| ep.decom < hr.dob) {
                rejected.push(ImportIssue::at(
                    &e.file,
                    ep.line,
                    "DECOM",
                    &format_uk_date(ep.decom),
                    format!(
                        "the episode starts before the child's date of birth ({}, header line {})",
                        format_uk_date(hr.dob),
                        hr.line
                    ),
                ));
                mark_bad(&mut bad, id, &e.file, ep.line);
            }
        }
        for w in eps.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let reason = if a.decom == b.decom {
                format!(
                    "duplicate episode: child {id} already has an episode starting {} (line {})",
                    format_uk_date(a.decom),
                    a.line
                )
            } else if a.dec.is_none_or(|d| d > b.decom) {
                format!(
                    "overlaps child {id}'s episode on line {} ({} to {})",
                    a.line,
                    format_uk_date(a.decom),
                    a.dec.map_or("open".to_string(), format_uk_date)
                )
            } else {
                continue;
            };
            rejected.push(ImportIssue::at(
                &e.file,
                b.line,
                "DECOM",
                &format_uk_date(b.decom),
                reason,
            ));
            mark_bad(&mut bad, id, &e.file, b.line);
        }
    }
    // A child is imported whole or not at all.
    let rejected_lines: HashSet<(String, u64)> = rejected
        .iter()
        .filter_map(|i| i.line.map(|l| (i.file.clone(), l)))
        .collect();
    for (id, (file, line)) in &bad {
        let collateral = |t: &Table, lines: Vec<u64>, out: &mut Vec<ImportIssue>| {
            for l in lines {
                if !rejected_lines.contains(&(t.file.clone(), l)) {
                    out.push(ImportIssue::at(
                        &t.file,
                        l,
                        "CHILD",
                        id,
                        format!("left out with the rest of child {id}'s records: {file} line {line} was rejected"),
                    ));
                }
            }
        };
        let hl = header_lines.get(id).cloned().unwrap_or_default();
        collateral(&h, hl, &mut rejected);
        let el = by_child
            .get(id)
            .map(|eps| eps.iter().map(|ep| ep.line).collect())
            .unwrap_or_default();
        collateral(&e, el, &mut rejected);
    }

    let latest = latest.unwrap_or(NEW_CODES_FROM);
    let year_end = date((financial_year_of(latest) + 1) as i16, 3, 31);
    let mut b = Builder {
        store,
        settings: store.settings()?,
        directory: HashMap::new(),
        year_end,
        episodes_file: e.file.clone(),
        notes: Vec::new(),
    };
    let stored_children: HashMap<String, Child> = store
        .children()?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut stored_placements: HashMap<String, Vec<Placement>> = HashMap::new();
    for p in store.placements()? {
        stored_placements
            .entry(p.child_id.clone())
            .or_default()
            .push(p);
    }

    // Header children with no episodes.
    let mut no_episodes: Vec<&HeaderRow> = headers
        .values()
        .filter(|hr| !by_child.contains_key(&hr.id) && !bad.contains_key(&hr.id))
        .collect();
    no_episodes.sort_by_key(|hr| hr.line);
    for hr in no_episodes {
        let what = if stored_children.contains_key(&hr.id) {
            "the stored record is left as it is"
        } else {
            "not imported"
        };
        b.notes.push(ImportIssue::at(
            &h.file,
            hr.line,
            "CHILD",
            &hr.id,
            format!("child {} has no episodes in this return; {what}", hr.id),
        ));
    }

    let mut changes = Vec::new();
    let (mut to_add, mut to_update, mut unchanged) = (0, 0, 0);
    for (n, (id, eps)) in by_child.iter().enumerate() {
        if n.is_multiple_of(1024) {
            progress.check()?;
        }
        if bad.contains_key(id) {
            continue;
        }
        let stored = stored_children.get(id);
        let (sex, dob) = match (headers.get(id), stored) {
            (Some(hr), _) => (hr.sex, hr.dob),
            (None, Some(s)) => {
                b.note_child(
                    id,
                    format!("child {id} is not in the header file; the date of birth and sex already stored are used"),
                );
                (s.sex, s.date_of_birth)
            }
            (None, None) => {
                for ep in eps {
                    b.notes.push(ImportIssue::at(
                        &e.file,
                        ep.line,
                        "CHILD",
                        id,
                        format!("episode not imported: child {id} is not in the header file"),
                    ));
                }
                continue;
            }
        };
        if !headers.contains_key(id) && eps.iter().any(|ep| ep.decom < dob) {
            for ep in eps.iter().filter(|ep| ep.decom < dob) {
                rejected.push(ImportIssue::at(
                    &e.file,
                    ep.line,
                    "DECOM",
                    &format_uk_date(ep.decom),
                    format!(
                        "the episode starts before the child's stored date of birth ({})",
                        format_uk_date(dob)
                    ),
                ));
            }
            continue;
        }
        let (mut child, file_placements) = b.build_from_return(id, sex, dob, stored, eps)?;
        let old = stored_placements
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let first_reason = eps[0].reason.as_deref();
        let (placements, file_wins) = b.merge(id, old, file_placements, first_reason);
        if let Some(s) = stored {
            if !file_wins {
                child = s.clone();
            }
        }
        let old_by_id: HashMap<i64, &Placement> = old.iter().map(|p| (p.id, p)).collect();
        let kept: HashSet<i64> = placements.iter().map(|p| p.id).collect();
        let inserts: Vec<Placement> = placements.iter().filter(|p| p.id == 0).cloned().collect();
        let updates: Vec<Placement> = placements
            .iter()
            .filter(|p| p.id != 0 && old_by_id.get(&p.id).is_none_or(|o| *o != *p))
            .cloned()
            .collect();
        let deletes: Vec<i64> = old
            .iter()
            .map(|p| p.id)
            .filter(|id| !kept.contains(id))
            .collect();
        let child_same = stored.is_some_and(|s| {
            let mut c = child.clone();
            if c.home_postcode == s.home_postcode {
                c.home_location = s.home_location;
            }
            c == *s
        });
        match stored {
            None => to_add += 1,
            Some(_)
                if child_same && inserts.is_empty() && updates.is_empty() && deletes.is_empty() =>
            {
                unchanged += 1;
                continue;
            }
            Some(_) => to_update += 1,
        }
        changes.push(ChildChange {
            child,
            inserts,
            updates,
            deletes,
        });
    }

    // Stored children the return does not hold, still in care.
    let mut missing: Vec<&Child> = stored_children
        .values()
        .filter(|c| !by_child.contains_key(&c.id) && !bad.contains_key(&c.id))
        .collect();
    missing.sort_by(|a, b| a.id.cmp(&b.id));
    for c in missing {
        let open = stored_placements
            .get(&c.id)
            .and_then(|ps| ps.iter().find(|p| p.end.is_none() && p.start <= year_end));
        if let Some(p) = open {
            b.note_child(
                &c.id,
                format!(
                    "child {}: the stored open placement from {} is not in this return; still shown as looked after: check whether they left care",
                    c.id,
                    format_uk_date(p.start)
                ),
            );
        }
    }

    let mut notes = b.notes;
    sort_issues(&mut rejected, &h.file);
    sort_issues(&mut notes, &h.file);
    progress.set_done(progress_total(header_size, episodes));
    Ok(Ssda903Plan {
        changes,
        summary: ImportSummary {
            kind: KIND.to_string(),
            to_add,
            to_update,
            unchanged,
            rejected,
            data_quality: notes,
        },
    })
}

fn progress_total(header_size: u64, episodes: &Path) -> u64 {
    header_size + std::fs::metadata(episodes).map_or(0, |m| m.len())
}

/// Writes a previewed plan in one transaction. With rejected rows in the
/// plan it refuses ([`ImportError::Rejected`]) unless `rejected` is
/// [`RejectedRows::Skip`], which imports every child none of whose rows
/// was rejected. Cancelling (at any point before the commit) rolls
/// everything back and returns [`ImportError::Cancelled`]. Returns what
/// was done.
///
/// The plan was worked out against the store as it was at preview; preview
/// again if anything else has written since.
pub fn apply_ssda903(
    store: &mut Store,
    plan: &Ssda903Plan,
    rejected: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    if !plan.summary.rejected.is_empty() && rejected == RejectedRows::Refuse {
        return Err(ImportError::Rejected(plan.summary.rejected.clone()));
    }
    let total = plan.changes.len() as u64;
    progress.set_total(total);
    progress.set_done(0);
    store.import_batch(|batch| -> Result<(), ImportError> {
        for (n, c) in plan.changes.iter().enumerate() {
            if n.is_multiple_of(256) {
                progress.set_done(n as u64);
            }
            batch.upsert_child(&c.child)?;
            for &id in &c.deletes {
                batch.delete_placement(id)?;
            }
            for p in &c.updates {
                batch.update_placement(p)?;
            }
            for p in &c.inserts {
                batch.insert_placement(p)?;
            }
            // After each child's writes, so a cancel always has something
            // to roll back (an atomic load: cheap).
            progress.check()?;
        }
        // The last moment a cancel can still undo everything.
        progress.check()
    })?;
    progress.set_done(total);
    Ok(plan.summary.clone())
}
