//! `audit`: the audit trail, filtered, as text or CSV.

use super::db::{date_flag, reading_db};
use super::output::out;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
pub(super) enum AuditFormat {
    Text,
    Csv,
}

/// `placement-planner audit`: the audit trail, filtered, as text or CSV.
#[allow(clippy::too_many_arguments)]
pub(super) fn audit_command(
    db: Option<PathBuf>,
    table: Option<String>,
    who: Option<String>,
    key: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
    format: AuditFormat,
) -> anyhow::Result<()> {
    use placement_planner::report::audit;
    use placement_planner::store::{AuditFilter, AUDITED_TABLES};
    if let Some(t) = &table {
        if !AUDITED_TABLES.contains(&t.as_str()) {
            anyhow::bail!(
                "--table: '{t}' is not audited; choose one of {}",
                AUDITED_TABLES.join(", ")
            );
        }
    }
    let day = |flag: &str, text: Option<String>| text.map(|t| date_flag(flag, &t)).transpose();
    let filter = AuditFilter {
        table,
        who,
        key_contains: key,
        from: day("--from", from)?,
        to: day("--to", to)?,
        limit: limit.unwrap_or(0),
    };
    let store = reading_db(db)?;
    let entries = store.audit(&filter)?;
    match format {
        AuditFormat::Csv => out!("{}", audit::to_csv(&entries)),
        AuditFormat::Text => out!("{}", audit::to_text(&entries)),
    }
    Ok(())
}
