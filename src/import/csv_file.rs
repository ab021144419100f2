//! Reading an imported CSV file row by row, with the checks every CSV import
//! shares: the file opens and is not empty, the header has the columns
//! needed, every row has as many fields as the header (a shorter last row
//! means a truncated file), every field is UTF-8 and at most
//! [`MAX_FIELD_CHARS`] long. Memory stays flat: one row at a time.

use super::{file_label, ImportError, ImportIssue, Progress, MAX_FIELD_CHARS};
use csv::ByteRecord;
use std::fs::File;
use std::path::Path;

/// How many rows between progress reports and cancel checks.
pub(crate) const PROGRESS_EVERY_ROWS: u64 = 4_096;

/// Issues listed one by one in a summary; past this they are counted in one
/// closing note, so a file that is wrong on every one of its 2.7 million
/// rows does not fill memory with messages.
pub const MAX_LISTED_ISSUES: usize = 1_000;

/// A CSV file being read.
pub(crate) struct CsvFile {
    pub label: String,
    reader: csv::Reader<File>,
    /// The header's names, trimmed (a UTF-8 byte-order mark removed).
    pub header: Vec<String>,
    pub size_bytes: u64,
    rows_read: u64,
}

/// One row, checked to be UTF-8 with no over-long field.
pub(crate) struct Row<'a> {
    pub line: u64,
    fields: Vec<&'a str>,
}

impl Row<'_> {
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).copied().unwrap_or("")
    }
}

/// What went wrong with one row before its values were even looked at.
pub(crate) enum RowProblem {
    /// The whole file is refused (not UTF-8, truncated).
    File(ImportError),
    /// This row alone is rejected (a field too long).
    Row(ImportIssue),
}

impl CsvFile {
    /// Opens the file, refusing one over `max_bytes` before reading it.
    pub fn open(path: &Path, progress: &Progress, max_bytes: u64) -> Result<CsvFile, ImportError> {
        let label = file_label(path);
        super::check_size(path, max_bytes)?;
        let mut file = File::open(path).map_err(|e| {
            ImportError::unreadable(ImportIssue::file(&label, format!("cannot open it: {e}")))
        })?;
        {
            use std::io::{Read, Seek};
            let mut first = [0u8; 8];
            let n = file.read(&mut first).unwrap_or(0);
            if let Some(reason) = super::workbook_reason(&first[..n]) {
                return Err(ImportError::unreadable(ImportIssue::file(&label, reason)));
            }
            file.rewind().map_err(|e| {
                ImportError::unreadable(ImportIssue::file(&label, format!("cannot read it: {e}")))
            })?;
        }
        let size_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        progress.set_total(size_bytes);
        progress.set_done(0);
        if size_bytes == 0 {
            return Err(ImportError::unreadable(ImportIssue::file(
                &label,
                "the file is empty",
            )));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(file);
        let raw = reader
            .byte_headers()
            .map_err(|e| csv_error(&label, e))?
            .clone();
        let mut header = Vec::with_capacity(raw.len());
        for (i, name) in raw.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| not_utf8(&label, 1, None))?;
            let name = if i == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            };
            header.push(name.trim().to_string());
        }
        if header.iter().all(|h| h.is_empty()) {
            return Err(ImportError::unreadable(ImportIssue::file(
                &label,
                "the file is empty",
            )));
        }
        Ok(CsvFile {
            label,
            reader,
            header,
            size_bytes,
            rows_read: 0,
        })
    }

    /// The position of a column, by any of its accepted names
    /// (case-insensitive).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    /// Like [`CsvFile::column`], but a missing column refuses the file,
    /// naming what was expected and what was found.
    pub fn require(&self, names: &[&str]) -> Result<usize, ImportError> {
        self.column(names).ok_or_else(|| {
            let wanted = names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(" or ");
            let reason = match super::separator_hint(&self.header) {
                Some(hint) => format!("no column {wanted}: {hint}"),
                None => format!(
                    "no column {wanted} in the header (columns found: {})",
                    self.header.join(", ")
                ),
            };
            ImportError::unreadable(ImportIssue::file(&self.label, reason))
        })
    }

    /// Reads the next record into `buf`; `Ok(false)` at the end of the
    /// file. A file with a header and no rows is refused here.
    pub fn next_record(
        &mut self,
        buf: &mut ByteRecord,
        progress: &Progress,
    ) -> Result<bool, ImportError> {
        let more = self
            .reader
            .read_byte_record(buf)
            .map_err(|e| csv_error(&self.label, e))?;
        if more {
            self.rows_read += 1;
            if self.rows_read.is_multiple_of(PROGRESS_EVERY_ROWS) {
                progress.check()?;
                progress.set_done(self.reader.position().byte());
            }
        } else {
            if self.rows_read == 0 {
                return Err(ImportError::unreadable(ImportIssue::file(
                    &self.label,
                    "the file has a header but no rows",
                )));
            }
            progress.check()?;
            progress.set_done(self.size_bytes);
        }
        Ok(more)
    }

    /// The next row with something in it, for the small imports (templates,
    /// rates, finance costs): a row a spreadsheet left blank (`,,,`) is
    /// passed over; one that cannot be read (a field too long) goes into
    /// `rejected`; `Ok(None)` at the end of the file.
    pub fn next_row<'r>(
        &mut self,
        buf: &'r mut ByteRecord,
        progress: &Progress,
        rejected: &mut IssueList,
    ) -> Result<Option<Row<'r>>, ImportError> {
        loop {
            if !self.next_record(buf, progress)? {
                return Ok(None);
            }
            let keep = match self.row(buf) {
                Ok(r) => (0..r.fields.len()).any(|i| !r.get(i).trim().is_empty()),
                Err(RowProblem::File(e)) => return Err(e),
                Err(RowProblem::Row(issue)) => {
                    rejected.push(issue);
                    false
                }
            };
            if keep {
                break;
            }
        }
        let buf: &'r ByteRecord = buf;
        match self.row(buf) {
            Ok(r) => Ok(Some(r)),
            Err(RowProblem::File(e)) => Err(e),
            Err(RowProblem::Row(issue)) => Err(ImportError::unreadable(issue)),
        }
    }

    /// Checks a record read by [`CsvFile::next_record`]: UTF-8 throughout and
    /// no field over [`MAX_FIELD_CHARS`] characters.
    pub fn row<'r>(&self, rec: &'r ByteRecord) -> Result<Row<'r>, RowProblem> {
        let line = rec.position().map_or(0, |p| p.line());
        let mut fields = Vec::with_capacity(rec.len());
        for (i, raw) in rec.iter().enumerate() {
            let column = self.header.get(i).map(String::as_str);
            let text = std::str::from_utf8(raw)
                .map_err(|_| RowProblem::File(not_utf8(&self.label, line, column)))?;
            if text.len() > MAX_FIELD_CHARS && text.chars().count() > MAX_FIELD_CHARS {
                return Err(RowProblem::Row(ImportIssue::at(
                    &self.label,
                    line,
                    column.unwrap_or(""),
                    text,
                    format!(
                        "the value is {} characters long; at most {MAX_FIELD_CHARS} are accepted",
                        text.chars().count()
                    ),
                )));
            }
            fields.push(text);
        }
        Ok(Row { line, fields })
    }
}

fn not_utf8(label: &str, line: u64, column: Option<&str>) -> ImportError {
    ImportError::unreadable(ImportIssue {
        file: label.to_string(),
        line: Some(line),
        column: column.map(str::to_string),
        value: None,
        reason: "the file is not UTF-8 text; save it again as \"CSV UTF-8\"".to_string(),
        rule: None,
    })
}

fn csv_error(label: &str, e: csv::Error) -> ImportError {
    let issue = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ImportIssue::row(
            label,
            pos.as_ref().map_or(0, |p| p.line()),
            format!(
                "the row has {len} fields but the header has {expected_len}: \
                 the file looks truncated or damaged"
            ),
        ),
        csv::ErrorKind::Io(io) => ImportIssue::file(label, format!("cannot read it: {io}")),
        _ => ImportIssue::file(label, format!("not a CSV file: {e}")),
    };
    ImportError::unreadable(issue)
}

/// A list of issues that keeps the first [`MAX_LISTED_ISSUES`] and counts the rest.
#[derive(Debug, Default)]
pub(crate) struct IssueList {
    pub listed: Vec<ImportIssue>,
    pub more: u64,
}

impl IssueList {
    pub fn push(&mut self, issue: ImportIssue) {
        if self.listed.len() < MAX_LISTED_ISSUES {
            self.listed.push(issue);
        } else {
            self.more += 1;
        }
    }

    /// The listed issues, closed by a note counting those left out.
    pub fn finish(mut self, label: &str, what: &str) -> Vec<ImportIssue> {
        if self.more > 0 {
            self.listed.push(ImportIssue::file(
                label,
                format!("and {} more {what} not listed", self.more),
            ));
        }
        self.listed
    }
}
