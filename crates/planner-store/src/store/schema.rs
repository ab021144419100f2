//! The schema a placement-planner file may hold: exactly the tables,
//! indexes and triggers this version's migrations write, nothing else.
//!
//! A file is checked when it is opened and before a backup is previewed or
//! restored. A trigger or table that placement-planner never wrote (a
//! backup tampered with, a file changed with the `sqlite3` shell) could
//! change every later write — a trigger multiplying carers' costs on each
//! import — so such a file is refused, naming what is foreign, and left as
//! it was.

use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

/// One schema object: its type (`table`, `index`, `trigger`, `view`) and
/// name, with its SQL as SQLite keeps it.
type Objects = BTreeMap<(String, String), Option<String>>;

/// The objects in a database, SQLite's own (`sqlite_%`) left out.
fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt =
        conn.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    rows.collect()
}

/// What the migrations up to `version` write, made once per version in
/// memory.
fn expected(version: usize) -> rusqlite::Result<Objects> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Objects>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&version).cloned()) {
        return Ok(found);
    }
    let mut conn = Connection::open_in_memory()?;
    super::migrations::migrations()
        .to_version(&mut conn, version)
        .map_err(|e| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some(e.to_string()),
            )
        })?;
    let made = objects(&conn)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(version, made.clone());
    }
    Ok(made)
}

/// What the file at schema `version` holds that the migrations did not
/// write, or wrote differently, in words ("trigger zz", "table notes",
/// "table carers (changed)"); empty when it is exactly ours. Missing
/// objects are named too ("index audit_log_by_time (missing)").
pub(crate) fn foreign_objects(conn: &Connection, version: usize) -> rusqlite::Result<Vec<String>> {
    let want = expected(version)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for ((kind, name), sql) in &have {
        match want.get(&(kind.clone(), name.clone())) {
            None => out.push(format!("{kind} {name}")),
            Some(w) if w != sql => out.push(format!("{kind} {name} (changed)")),
            Some(_) => {}
        }
    }
    for (kind, name) in want.keys() {
        if !have.contains_key(&(kind.clone(), name.clone())) {
            out.push(format!("{kind} {name} (missing)"));
        }
    }
    Ok(out)
}

/// The sentence for a file with foreign objects.
pub(crate) fn foreign_sentence(found: &[String]) -> String {
    let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    format!(
        "it holds what placement-planner never wrote ({}{}), which could change the records \
         on every write; it was left as it was",
        shown.join(", "),
        if found.len() > 5 { ", …" } else { "" }
    )
}
