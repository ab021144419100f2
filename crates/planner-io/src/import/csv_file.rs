//! Reading an imported CSV file row by row, with the checks every CSV import
//! shares: the file opens and is not empty, the header has the columns
//! needed, every row has as many fields as the header (a shorter last row
//! means a truncated file), every field is UTF-8 and at most
//! [`MAX_FIELD_CHARS`] long. Memory stays flat: one row at a time.
//!
//! Two things spreadsheets write are read, not refused: a first line
//! `sep=,` (Excel's note of the separator; skipped, and one naming another
//! separator refused with what to do) and a trailing comma on every line
//! (an extra column with no name, which is left out).

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
    /// Fields in the header line, counting trailing ones with no name.
    fields_in_header: usize,
    /// 1 when a `sep=` line was skipped: lines are counted in the file.
    line_offset: u64,
    /// 1 when lines end in CRLF: the csv crate then counts each row's line
    /// one short (BurntSushi/rust-csv#395).
    crlf: u64,
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
        let line_offset;
        let crlf;
        super::check_size(path, max_bytes)?;
        let mut file = File::open(path).map_err(|e| {
            ImportError::unreadable(ImportIssue::file(&label, format!("cannot open it: {e}")))
        })?;
        {
            use std::io::{Read, Seek};
            let mut first = [0u8; 8192];
            let n = file.read(&mut first).unwrap_or(0);
            if let Some(reason) = super::workbook_reason(&first[..n]) {
                return Err(ImportError::unreadable(ImportIssue::file(&label, reason)));
            }
            let skip = match sep_line(&first[..n]) {
                Some((',', skip)) => skip,
                Some((sep, _)) => {
                    return Err(ImportError::unreadable(ImportIssue::row(
                        &label,
                        1,
                        sep_refusal(sep),
                    )))
                }
                None => 0,
            };
            line_offset = u64::from(skip > 0);
            crlf = crlf_rows(&first[skip.min(n)..n]);
            file.seek(std::io::SeekFrom::Start(skip as u64))
                .map_err(|e| {
                    ImportError::unreadable(ImportIssue::file(
                        &label,
                        format!("cannot read it: {e}"),
                    ))
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
            .flexible(true)
            .from_reader(file);
        let raw = reader
            .byte_headers()
            .map_err(|e| csv_error(&label, line_offset, e))?
            .clone();
        let mut header = Vec::with_capacity(raw.len());
        for (i, name) in raw.iter().enumerate() {
            let name =
                std::str::from_utf8(name).map_err(|_| not_utf8(&label, 1 + line_offset, None))?;
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
        let fields_in_header = header.len();
        header.truncate(named_columns(&header));
        Ok(CsvFile {
            label,
            reader,
            header,
            size_bytes,
            rows_read: 0,
            fields_in_header,
            line_offset,
            crlf,
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
            .map_err(|e| csv_error(&self.label, self.line_offset + self.crlf, e))?;
        if more {
            if !fits_header(buf.len(), self.header.len(), self.fields_in_header, |i| {
                buf.get(i).is_some_and(|f| f.trim_ascii().is_empty())
            }) {
                let line = buf.position().map_or(0, |p| p.line()) + self.line_offset + self.crlf;
                return Err(ImportError::unreadable(ImportIssue::row(
                    &self.label,
                    line,
                    wrong_field_count(buf.len(), self.fields_in_header),
                )));
            }
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
        let line = rec.position().map_or(0, |p| p.line()) + self.line_offset + self.crlf;
        let mut fields = Vec::with_capacity(rec.len());
        // Fields past the named columns are blank (see `fits_header`).
        for (i, raw) in rec.iter().enumerate().take(self.header.len()) {
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
        because_of: None,
    })
}

/// A first line `sep=X` (Excel writes it; also quoted, `"sep=;"`): the
/// separator it names and how many bytes it takes with its line end, a
/// UTF-8 byte-order mark before it included.
pub(crate) fn sep_line(first: &[u8]) -> Option<(char, usize)> {
    let bom = if first.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let rest = &first[bom..];
    let end = rest.iter().position(|&b| b == b'\n')?;
    let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    if line.len() != 5 || !line[..4].eq_ignore_ascii_case(b"sep=") {
        return None;
    }
    Some((char::from(line[4]), bom + end + 1))
}

/// 1 when the header line (the start of `bytes`) ends in CRLF: the csv
/// crate then gives every later row's line one short, as it counts a line
/// when it reads the `\n` left over from the row before
/// (BurntSushi/rust-csv#395); 0 otherwise.
pub(crate) fn crlf_rows(bytes: &[u8]) -> u64 {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => u64::from(i > 0 && bytes[i - 1] == b'\r'),
        None => 0,
    }
}

/// Why a file whose `sep=` line names another separator than the comma is
/// refused, and what to do.
pub(crate) fn sep_refusal(sep: char) -> String {
    let name = match sep {
        ';' => "semicolons (;)".to_string(),
        '\t' => "tabs".to_string(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        _ => "another character".to_string(),
    };
    format!(
        "the first line, 'sep=', is Excel's note that the columns are separated by {name}, not \
         commas: save the file as \"CSV UTF-8 (Comma delimited)\""
    )
}

/// How many of the header's columns count: a trailing comma on the header
/// line (a spreadsheet's empty last column) adds one with no name, left out.
pub(crate) fn named_columns<S: AsRef<str>>(header: &[S]) -> usize {
    header
        .iter()
        .rposition(|h| !h.as_ref().is_empty())
        .map_or(header.len(), |i| i + 1)
}

/// Whether a row of `len` fields fits a header of `named` columns
/// (`fields_in_header` with the nameless trailing ones): every named column
/// is there, and anything past them is blank, at most one more than the
/// header line has (a trailing comma on the rows only).
pub(crate) fn fits_header(
    len: usize,
    named: usize,
    fields_in_header: usize,
    blank: impl Fn(usize) -> bool,
) -> bool {
    len >= named && len <= fields_in_header.max(named) + 1 && (named..len).all(blank)
}

/// A row whose number of fields does not fit the header.
pub(crate) fn wrong_field_count(len: usize, expected: usize) -> String {
    format!(
        "the row has {len} fields but the header has {expected}: the file looks truncated or \
         damaged"
    )
}

fn csv_error(label: &str, line_offset: u64, e: csv::Error) -> ImportError {
    let issue = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ImportIssue::row(
            label,
            pos.as_ref().map_or(0, |p| p.line()) + line_offset,
            wrong_field_count(*len as usize, *expected_len as usize),
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
