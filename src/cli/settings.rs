//! `settings` and `new`: the council's name, area code and backups kept,
//! and a new empty database for a council's own data.

use super::db::{existing_db, reading_db};
use super::output::{cli_error, outln};
use anyhow::Context;
use placement_planner::app::council::{set_council, CouncilChange};
use placement_planner::app::Field;
use placement_planner::store::Store;
use std::path::PathBuf;

/// `placement-planner settings`: prints the settings, or sets the council's
/// code and name (checked first; nothing is written when either is wrong).
pub(super) fn settings_command(
    db: Option<PathBuf>,
    council_code: Option<String>,
    council_name: Option<String>,
    keep_backups: Option<usize>,
) -> anyhow::Result<()> {
    let only_showing = council_code.is_none() && council_name.is_none() && keep_backups.is_none();
    let mut store = if only_showing {
        reading_db(db)?
    } else {
        existing_db(db)?
    };
    let settings = store.settings()?;
    if let Some(keep) = keep_backups {
        store
            .set_keep_backups(keep)
            .map_err(|e| anyhow::anyhow!("--keep-backups: {e}"))?;
        outln!("Backups kept: {keep}");
        if council_code.is_none() && council_name.is_none() {
            return Ok(());
        }
    }
    if council_code.is_none() && council_name.is_none() {
        outln!("Council name: {}", shown(&settings.council_name));
        outln!("Council code: {}", shown(&settings.council_code));
        let boundary =
            match placement_planner::geography::boundary::Boundary::from_settings(&settings) {
                None => "not set".to_string(),
                Some(Ok(b)) => format!("set ({} polygon(s))", b.rings().len()),
                Some(Err(e)) => format!("set but unusable: {e}"),
            };
        outln!("Boundary: {boundary}");
        outln!("Cost rates: {}", settings.cost_rates.len());
        outln!("Backups kept: {}", store.keep_backups()?);
        return Ok(());
    }
    let council = check_council(council_code, council_name)?;
    let settings = set_council(&mut store, &council).map_err(|e| cli_error(e, council_flag))?;
    outln!(
        "Council: {} ({})",
        settings.council_name,
        settings.council_code
    );
    Ok(())
}

/// A setting as `settings` and `new` show it: "not set" when empty or only
/// spaces.
fn shown(text: &str) -> &str {
    if text.trim().is_empty() {
        "not set"
    } else {
        text
    }
}

/// The flag each council field comes from (the rates' fields are never
/// given here).
fn council_flag(field: Field) -> &'static str {
    match field {
        Field::CouncilCode => "--council-code",
        Field::CouncilName => "--council-name",
        Field::KeepBackups => "--keep-backups",
        Field::WeeklyRate
        | Field::FinancialYear
        | Field::Uplift
        | Field::EndDate
        | Field::ReasonForChange => "value",
    }
}

/// `--council-code` and `--council-name` as given, each checked by the
/// rules the window's Council settings use.
fn check_council(code: Option<String>, name: Option<String>) -> anyhow::Result<CouncilChange> {
    CouncilChange::check(code.as_deref(), name.as_deref()).map_err(|e| cli_error(e, council_flag))
}

pub(super) fn new_command(
    db: Option<PathBuf>,
    council_code: Option<String>,
    council_name: Option<String>,
) -> anyhow::Result<()> {
    let path = db.context("say where to create it: placement-planner new --db PATH")?;
    let council = check_council(council_code, council_name)?;
    if path.exists() {
        anyhow::bail!(
            "{} already exists; `new` never writes over a file. Choose another name, or open \
             this one with --db",
            path.display()
        );
    }
    let mut store = Store::create_new(&path)?;
    let settings = if council.is_empty() {
        store.settings()?
    } else {
        set_council(&mut store, &council).map_err(|e| cli_error(e, council_flag))?
    };
    drop(store);
    outln!(
        "Created an empty database at {} (council name: {}; code: {}).",
        path.display(),
        shown(&settings.council_name),
        shown(&settings.council_code)
    );
    let db = shell_word(&path.display().to_string());
    let code = if settings.council_code.is_empty() {
        "CODE".to_string()
    } else {
        settings.council_code.clone()
    };
    outln!("Next steps:");
    if settings.council_code.is_empty() || settings.council_name.is_empty() {
        outln!("  placement-planner settings --db {db} --council-code CODE --council-name NAME");
    }
    outln!("  placement-planner import postcodes ONSPD.csv --db {db}");
    outln!("  placement-planner import boundary BOUNDARY.geojson --code {code} --db {db}");
    outln!(
        "  placement-planner import ssda903 HEADER.csv EPISODES.csv --db {db}   \
         (one line per year's return, oldest first; a file of several years with a YEAR \
         column in one go, --la NAME picking the council)"
    );
    outln!(
        "  placement-planner --db {db}   (the window: its getting-started page shows what is \
         done and what is not)"
    );
    Ok(())
}

/// `text` as one word for a shell: in single quotes (POSIX shells and
/// PowerShell) when it holds anything but letters, digits and `-_./:\`.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:\\".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
