//! The ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup
//! (NSPL) as CSV: the national file has about 2.7 million rows, so it is
//! streamed, one row at a time, twice (preview, then apply), with memory
//! flat whatever the file's size.
//!
//! Columns used (others are ignored; names are matched ignoring case):
//! `pcds` (postcode), `oseast1m` and `osnrth1m` (OSGB36 grid reference in
//! metres), `lat` and `long` (optional), `oslaua` or `laua` (local authority)
//! and `oscty` (county; optional). Dummy codes ending in `99999999`
//! (E99999999: no county) are stored as "none". A row without a grid
//! reference (ONSPD leaves terminated and non-GB postcodes without one) is
//! imported with its location "not known" and listed as a data-quality note.
//! A postcode that appears twice is written twice: the later row wins.

use super::csv_file::{CsvFile, IssueList, RowProblem};
use super::{ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use crate::model::settings::is_area_code;
use crate::model::{GridRef, Postcode, PostcodeEntry};
use crate::store::Store;
use std::path::Path;

const KIND: &str = "postcode directory";

/// The largest postcode directory read, in bytes: the national ONSPD CSV is
/// about 1.3 GB, so this leaves room for a few years' growth.
pub const MAX_POSTCODE_BYTES: u64 = 4 << 30;

/// Where the columns used sit in the file.
struct Columns {
    pcds: usize,
    east: usize,
    north: usize,
    lat: Option<usize>,
    long: Option<usize>,
    la: usize,
    county: Option<usize>,
}

impl Columns {
    fn find(file: &CsvFile) -> Result<Columns, ImportError> {
        Ok(Columns {
            pcds: file.require(&["pcds"])?,
            east: file.require(&["oseast1m"])?,
            north: file.require(&["osnrth1m"])?,
            lat: file.column(&["lat"]),
            long: file.column(&["long"]),
            la: file.require(&["oslaua", "laua"])?,
            county: file.column(&["oscty"]),
        })
    }
}

/// A row read: the entry, and a data-quality note when its location is not
/// known.
struct ReadRow {
    entry: PostcodeEntry,
    note: Option<ImportIssue>,
}

/// Streams through the file, calling `each` for every good row and
/// `rejected` for every bad one.
fn stream(
    path: &Path,
    progress: &Progress,
    mut each: impl FnMut(ReadRow) -> Result<(), ImportError>,
    mut rejected: impl FnMut(ImportIssue) -> Result<(), ImportError>,
) -> Result<String, ImportError> {
    let mut file = CsvFile::open(path, progress, MAX_POSTCODE_BYTES)?;
    let cols = Columns::find(&file)?;
    let la_name = file.header[cols.la].clone();
    let mut rec = csv::ByteRecord::new();
    while file.next_record(&mut rec, progress)? {
        let row = match file.row(&rec) {
            Ok(r) => r,
            Err(RowProblem::File(e)) => return Err(e),
            Err(RowProblem::Row(issue)) => {
                rejected(issue)?;
                continue;
            }
        };
        match read_row(&file.label, &row, &cols, &la_name) {
            Ok(r) => each(r)?,
            Err(issue) => rejected(issue)?,
        }
    }
    Ok(file.label)
}

fn read_row(
    label: &str,
    row: &super::csv_file::Row<'_>,
    cols: &Columns,
    la_name: &str,
) -> Result<ReadRow, ImportIssue> {
    let line = row.line;
    let at = |column: &str, value: &str, reason: String| {
        ImportIssue::at(label, line, column, value, reason)
    };
    let pc_text = row.get(cols.pcds);
    let postcode = Postcode::parse(pc_text).map_err(|e| at("pcds", pc_text, e))?;

    let east_text = row.get(cols.east).trim();
    let north_text = row.get(cols.north).trim();
    let grid = if east_text.is_empty() || north_text.is_empty() {
        None
    } else {
        let easting = grid_number(east_text, 0..=700_000)
            .ok_or_else(|| at("oseast1m", east_text, not_grid("easting", "0 to 700000")))?;
        let northing = grid_number(north_text, 0..=1_300_000)
            .ok_or_else(|| at("osnrth1m", north_text, not_grid("northing", "0 to 1300000")))?;
        Some(GridRef::new(easting, northing))
    };

    let lat_text = cols.lat.map_or("", |i| row.get(i)).trim();
    let long_text = cols.long.map_or("", |i| row.get(i)).trim();
    let latitude = coordinate(lat_text, 90.0).map_err(|()| {
        at(
            "lat",
            lat_text,
            "not a latitude (a number of degrees, e.g. 51.8165)".into(),
        )
    })?;
    let longitude = coordinate(long_text, 180.0).map_err(|()| {
        at(
            "long",
            long_text,
            "not a longitude (a number of degrees, e.g. -0.8124)".into(),
        )
    })?;
    // ONSPD marks "no coordinates" with latitude 99.999999.
    let (latitude, longitude) = match (latitude, longitude) {
        (Some(la), Some(lo)) => (Some(la), Some(lo)),
        _ => (None, None),
    };

    let la_text = row.get(cols.la).trim();
    let la_code = area_code(la_text).map_err(|reason| at(la_name, la_text, reason))?;
    let county_text = cols.county.map_or("", |i| row.get(i)).trim();
    let county_code = area_code(county_text).map_err(|reason| at("oscty", county_text, reason))?;

    let note = grid.is_none().then(|| {
        at(
            "oseast1m",
            east_text,
            format!(
                "{postcode} has no grid reference (ONSPD leaves terminated and non-GB \
                 postcodes without one): distances from it stay not known"
            ),
        )
    });
    Ok(ReadRow {
        entry: PostcodeEntry {
            postcode,
            grid,
            latitude,
            longitude,
            la_code,
            county_code,
        },
        note,
    })
}

fn not_grid(what: &str, range: &str) -> String {
    format!("not a grid {what} (whole metres, {range})")
}

fn grid_number(text: &str, range: std::ops::RangeInclusive<i32>) -> Option<i32> {
    let n: i32 = text.parse().ok()?;
    range.contains(&n).then_some(n)
}

/// A latitude or longitude; blank, or ONSPD's 99.999999 placeholder, is none.
fn coordinate(text: &str, limit: f64) -> Result<Option<f64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let v: f64 = text.parse().map_err(|_| ())?;
    if !v.is_finite() {
        return Err(());
    }
    if v.abs() > limit || (limit == 90.0 && v >= 99.0) {
        return Ok(None);
    }
    Ok(Some(v))
}

/// An area code from the directory: blank or a dummy (`…99999999`) is none;
/// anything not shaped like a code is refused.
fn area_code(text: &str) -> Result<Option<String>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    if !is_area_code(text) {
        return Err(format!(
            "'{text}' is not an ONS area code (a letter and eight digits, e.g. E06000060)"
        ));
    }
    if text.ends_with("99999999") {
        return Ok(None);
    }
    Ok(Some(text.to_ascii_uppercase()))
}

fn summary(rejected: IssueList, notes: IssueList, label: &str) -> ImportSummary {
    ImportSummary {
        kind: KIND.to_string(),
        rejected: rejected.finish(label, "rejected rows"),
        data_quality: notes.finish(label, "postcodes without a grid reference"),
        ..Default::default()
    }
}

/// Reads the whole file once, writing nothing: every good row is counted
/// as "to add" (the database is not consulted; see
/// [`preview_postcodes_against`]), bad rows are listed as rejected and rows
/// without a grid reference as data-quality notes. Progress is in bytes.
pub fn preview_postcodes(path: &Path, progress: &Progress) -> Result<ImportSummary, ImportError> {
    preview(None, path, progress)
}

/// As [`preview_postcodes`], but each good row is looked up in the store's
/// directory to count it as to add, to update or unchanged.
pub fn preview_postcodes_against(
    store: &Store,
    path: &Path,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    preview(Some(store), path, progress)
}

fn preview(
    store: Option<&Store>,
    path: &Path,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    let mut rejected = IssueList::default();
    let mut notes = IssueList::default();
    let (mut add, mut update, mut unchanged) = (0usize, 0usize, 0usize);
    let label = stream(
        path,
        progress,
        |r| {
            if let Some(n) = r.note {
                notes.push(n);
            }
            match store {
                None => add += 1,
                Some(s) => match s.postcode(&r.entry.postcode)? {
                    None => add += 1,
                    Some(old) if old == r.entry => unchanged += 1,
                    Some(_) => update += 1,
                },
            }
            Ok(())
        },
        |issue| {
            rejected.push(issue);
            Ok(())
        },
    )?;
    let mut s = summary(rejected, notes, &label);
    s.to_add = add;
    s.to_update = update;
    s.unchanged = unchanged;
    Ok(s)
}

/// Reads the file again and writes it in one transaction with a prepared
/// upsert. With [`RejectedRows::Refuse`] the first rejected row rolls
/// everything back; with [`RejectedRows::Skip`] those rows are left out.
/// Cancelling through `progress` rolls back too. The summary says what was
/// added, updated and left unchanged.
pub fn apply_postcodes(
    store: &mut Store,
    path: &Path,
    rejected_rows: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    let mut rejected = IssueList::default();
    let mut notes = IssueList::default();
    let mut good = 0usize;
    let (label, counts) = store.write_postcodes_streaming(|writer| {
        stream(
            path,
            progress,
            |r| {
                if let Some(n) = r.note {
                    notes.push(n);
                }
                writer.write(&r.entry)?;
                good += 1;
                Ok(())
            },
            |issue| match rejected_rows {
                RejectedRows::Refuse => Err(ImportError::Rejected(vec![issue])),
                RejectedRows::Skip => {
                    rejected.push(issue);
                    Ok(())
                }
            },
        )
    })?;
    let mut s = summary(rejected, notes, &label);
    s.to_add = counts.added as usize;
    s.to_update = counts.updated as usize;
    s.unchanged = good.saturating_sub(counts.changed as usize);
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes() {
        assert!(is_area_code("E06000060"));
        assert!(is_area_code("E10000002"));
        assert!(!is_area_code("E0600006"));
        assert!(!is_area_code("X06000060"));
        assert_eq!(area_code("E99999999"), Ok(None));
        assert_eq!(area_code(""), Ok(None));
        assert_eq!(area_code("e07000004"), Ok(Some("E07000004".into())));
        assert!(area_code("BUCKS").is_err());
    }

    #[test]
    fn coordinates() {
        assert_eq!(coordinate("51.8165", 90.0), Ok(Some(51.8165)));
        assert_eq!(coordinate("99.999999", 90.0), Ok(None));
        assert_eq!(coordinate("", 180.0), Ok(None));
        assert_eq!(coordinate("north", 90.0), Err(()));
    }
}
