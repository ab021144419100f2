//! Reading an SSDA903 CSV file whole, checking its shape, and reading one
//! row's fields by column name.

use super::MAX_SSDA903_BYTES;
use crate::import::{file_label, ImportError, ImportIssue, Progress, MAX_FIELD_CHARS};
use crate::model::parse_uk_date;
use csv::{ByteRecord, StringRecord};
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::Path;

/// A CSV file read whole and checked for shape.
pub(super) struct Table {
    pub file: String,
    /// Column names as found (trimmed), for messages.
    pub columns: Vec<String>,
    /// Upper-cased name → index.
    index: HashMap<String, usize>,
    /// (line, fields), in file order.
    pub rows: Vec<(u64, StringRecord)>,
}

impl Table {
    pub fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

fn unreadable(issue: ImportIssue) -> ImportError {
    ImportError::unreadable(issue)
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
pub(super) fn read_table(
    path: &Path,
    required: &[&str],
    progress: &Progress,
    done_before: u64,
) -> Result<Table, ImportError> {
    let file = file_label(path);
    crate::import::check_size(path, MAX_SSDA903_BYTES)?;
    let bytes = std::fs::read(path)
        .map_err(|e| unreadable(ImportIssue::file(&file, format!("cannot be read: {e}"))))?;
    if let Some(reason) = crate::import::workbook_reason(&bytes) {
        return Err(unreadable(ImportIssue::file(&file, reason)));
    }
    // Excel's `sep=,` first line is skipped (lines are still counted in
    // the file); one naming another separator is refused.
    let (body, off) = match crate::import::csv_file::sep_line(&bytes) {
        Some((',', skip)) => (&bytes[skip..], 1),
        Some((sep, _)) => {
            return Err(unreadable(ImportIssue::row(
                &file,
                1,
                crate::import::csv_file::sep_refusal(sep),
            )))
        }
        None => (bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes), 0),
    };
    // Rows after a CRLF header line are counted one line short by the csv
    // crate (see `crlf_rows`).
    let crlf = crate::import::csv_file::crlf_rows(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable(ImportIssue::file(&file, "the file is empty")));
    }
    if let Some(line) = unterminated_quote_line(body) {
        return Err(unreadable(ImportIssue::row(
            &file,
            line + off,
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
            1 + off,
            format!("the header line cannot be read: {e}"),
        ))
    })?;
    let headers = match StringRecord::from_byte_record(raw_headers.clone()) {
        Ok(h) => h,
        Err(e) => {
            let field = e.utf8_error().field();
            let raw = e.into_byte_record();
            return Err(not_utf8(&file, 1 + off, None, &raw, field));
        }
    };
    let mut columns: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    // A trailing comma on the header line: a last column with no name, left out.
    let fields_in_header = columns.len();
    columns.truncate(crate::import::csv_file::named_columns(&columns));
    let mut index = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if index.insert(c.to_ascii_uppercase(), i).is_some() {
            return Err(unreadable(ImportIssue::at(
                &file,
                1 + off,
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
    if let Some(hint) = crate::import::separator_hint(&columns).filter(|_| !missing.is_empty()) {
        return Err(unreadable(ImportIssue::file(&file, hint)));
    }
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
            let line = e.position().map(|p| p.line() + off + crlf);
            unreadable(ImportIssue {
                line,
                ..ImportIssue::file(&file, format!("cannot be read as CSV: {e}"))
            })
        })?;
        if !more {
            break;
        }
        let (line, byte) = raw
            .position()
            .map_or((0, 0), |p| (p.line() + off + crlf, p.byte()));
        // A trailing comma on every row (a spreadsheet's empty last column)
        // adds a blank field, left out.
        let fits =
            crate::import::csv_file::fits_header(raw.len(), columns.len(), fields_in_header, |i| {
                raw.get(i).is_some_and(|f| f.trim_ascii().is_empty())
            });
        if !fits {
            return Err(unreadable(ImportIssue::row(
                &file,
                line,
                format!(
                    "this row has {} fields but the header has {}: the file looks truncated or the row is broken",
                    raw.len(),
                    fields_in_header
                ),
            )));
        }
        raw.truncate(columns.len());
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
            value: Some(crate::import::shorten(&value)),
            ..ImportIssue::row(file, line, reason)
        },
    })
}

/// The first field of a row longer than [`MAX_FIELD_CHARS`], as an issue.
pub(super) fn too_long(t: &Table, line: u64, rec: &StringRecord) -> Option<ImportIssue> {
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

/// Reads one field of a row by column name (the column is known to exist).
pub(super) struct Fields<'a> {
    pub t: &'a Table,
    pub line: u64,
    pub rec: &'a StringRecord,
}

impl Fields<'_> {
    pub fn get(&self, col: &str) -> &str {
        self.t
            .col(col)
            .and_then(|i| self.rec.get(i))
            .unwrap_or("")
            .trim()
    }

    pub fn issue(&self, col: &str, reason: impl Into<String>) -> ImportIssue {
        let name = self.t.col(col).map_or(col, |i| self.t.columns[i].as_str());
        ImportIssue::at(&self.t.file, self.line, name, self.get(col), reason)
    }

    pub fn child_id(&self) -> Result<String, ImportIssue> {
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

    /// A date of the return: a return records what has happened, so a
    /// date after today (12/11/2199, a year typed wrong) is refused.
    pub fn date(&self, col: &str) -> Result<Date, ImportIssue> {
        let d = parse_uk_date(self.get(col)).map_err(|e| self.issue(col, e))?;
        if d > today_once() {
            return Err(self.issue(
                col,
                format!(
                    "{} is after today: a return records what has happened",
                    crate::model::format_uk_date(d)
                ),
            ));
        }
        Ok(d)
    }

    pub fn code<T>(
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

    pub fn one_of(&self, col: &str, what: &str, codes: &[&str]) -> Result<String, ImportIssue> {
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

/// Today, read once per run (an import of 100,000 episodes checks 300,000
/// dates against it).
fn today_once() -> Date {
    static TODAY: std::sync::OnceLock<Date> = std::sync::OnceLock::new();
    *TODAY.get_or_init(crate::model::date::today)
}
