//! Conversions between domain values and SQLite columns.

use super::error::{StoreError, StoreResult};
use crate::model::Postcode;
use jiff::civil::Date;

pub fn date_to_sql(d: Date) -> String {
    d.to_string()
}

pub fn date_from_sql(text: &str) -> StoreResult<Date> {
    text.parse::<Date>()
        .map_err(|e| StoreError::Corrupt(format!("date '{text}': {e}")))
}

pub fn opt_date_from_sql(text: Option<String>) -> StoreResult<Option<Date>> {
    text.as_deref().map(date_from_sql).transpose()
}

/// A stored postcode; one that fails validation is kept as unknown (None)
/// rather than failing the whole read.
pub fn postcode_from_sql(text: Option<String>) -> Option<Postcode> {
    text.and_then(|t| Postcode::parse(&t).ok())
}

pub fn code_from_sql<T>(text: &str, what: &str, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} code '{text}'")))
}

pub fn grid_from_sql(e: Option<i64>, n: Option<i64>) -> Option<crate::model::GridRef> {
    match (e, n) {
        (Some(e), Some(n)) => Some(crate::model::GridRef::new(
            i32::try_from(e).ok()?,
            i32::try_from(n).ok()?,
        )),
        _ => None,
    }
}

/// Runs a query whose rows convert fallibly (`f`) and gathers them; a row
/// that does not convert fails the whole read with its reason.
pub fn collect_rows<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    args: impl rusqlite::Params,
    f: fn(&rusqlite::Row<'_>) -> rusqlite::Result<StoreResult<T>>,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(args, f)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}
