//! Opening the database a command names with `--db` (or the default one),
//! what opening found worth saying, `where`, and the dates flags name
//! (`--as-at` and the like).

use super::output::outln;
use placement_planner::paths;
use placement_planner::store::Store;
use std::path::PathBuf;

/// The database named by `--db`, which must exist (reports never create one).
pub(super) fn existing_db(db: Option<PathBuf>) -> anyhow::Result<Store> {
    let path = existing_path(db)?;
    let store = Store::open(&path)?;
    say_warnings(&store);
    Ok(store)
}

/// The database for a command that only reads (reports, listings): the
/// file is never written, an older one is read through an upgraded copy.
pub(super) fn reading_db(db: Option<PathBuf>) -> anyhow::Result<Store> {
    let path = existing_path(db)?;
    let store = Store::open_for_reading(&path)?;
    say_warnings(&store);
    Ok(store)
}

/// What opening found worth saying (an upgrade and its backup, a network
/// share), on standard error so it never mixes with a report.
fn say_warnings(store: &Store) {
    use std::io::Write;
    for w in store.warnings() {
        let _ = writeln!(std::io::stderr(), "note: {w}");
    }
}

fn existing_path(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let path = match db {
        Some(p) if p.exists() => return Ok(p),
        Some(p) => anyhow::bail!(
            "{}: no such database (create an empty one with `placement-planner new --db PATH`, \
             or the sample county with `placement-planner sample --db PATH`)",
            p.display()
        ),
        None => paths::default_database(),
    };
    if !path.exists() {
        anyhow::bail!(
            "{}: no database here yet. Open the app once (it creates it from the sample county), \
             or make it with `placement-planner sample --db PATH` (the sample county) or \
             `placement-planner new --db PATH` (empty)",
            path.display()
        );
    }
    Ok(path)
}

/// A date a flag names (whatever `parse_uk_date` accepts), with the flag's
/// name (`--as-at`, `--from`, …) before any error.
pub(super) fn date_flag(flag: &str, text: &str) -> anyhow::Result<jiff::civil::Date> {
    placement_planner::model::parse_uk_date(text).map_err(|e| anyhow::anyhow!("{flag}: {e}"))
}

/// The `--as-at` date, today when left out.
pub(super) fn as_at_date(text: Option<String>) -> anyhow::Result<jiff::civil::Date> {
    match text {
        None => Ok(placement_planner::model::date::today()),
        Some(t) => date_flag("--as-at", &t),
    }
}

/// `placement-planner where`: the default database's path.
pub(super) fn where_command() -> anyhow::Result<()> {
    outln!("{}", paths::default_database().display());
    Ok(())
}
