//! `report`: reports on the database, printed; and the report files that
//! `export` writes with the same call the window's Reports view makes.

use super::db::{as_at_date, existing_db, reading_db};
use super::output::{out, outln, Format};
use clap::Subcommand;
use placement_planner::sufficiency::sufficiency;
use placement_planner::{export, report};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum ReportKind {
    /// Within 20 miles, in area, placement mix and spend, supply, on a date.
    Sufficiency {
        /// The date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
        #[arg(long)]
        as_at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(clap::Args)]
pub(super) struct ReportArgs {
    /// The file to write.
    #[arg(long)]
    pub(super) out: PathBuf,
    /// The date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
    #[arg(long)]
    pub(super) as_at: Option<String>,
    /// Include children's references and names; "-WITH-NAMES" is added to
    /// the file name unless it already says so.
    #[arg(long)]
    pub(super) with_names: bool,
}

/// Writes a report with the same call the window's Reports view makes.
pub(super) fn write_report_file(
    db: Option<PathBuf>,
    kind: export::ReportKind,
    args: ReportArgs,
) -> anyhow::Result<()> {
    let mut store = existing_db(db)?;
    let on = as_at_date(args.as_at)?;
    let run_to = store.records_run_to()?;
    let w = export::write_report(kind, &args.out, &mut store, on, args.with_names)?;
    if let Some(warning) = placement_planner::sufficiency::records_end_warning(run_to, on) {
        outln!("{warning}");
    }
    outln!(
        "Wrote the {} as at {} ({} children looked after) to {} ({})",
        kind.label(),
        placement_planner::model::format_uk_date(on),
        w.children,
        w.path.display(),
        if w.with_names {
            "with names"
        } else if kind.can_include_names() {
            "pseudonymised"
        } else {
            "totals only"
        }
    );
    Ok(())
}

/// `placement-planner report …` (see [`ReportKind`]).
pub(super) fn report_command(db: Option<PathBuf>, kind: ReportKind) -> anyhow::Result<()> {
    match kind {
        ReportKind::Sufficiency { as_at, format } => sufficiency_report(db, as_at, format),
    }
}

/// `placement-planner report sufficiency`: the sufficiency report on a date.
fn sufficiency_report(
    db: Option<PathBuf>,
    as_at: Option<String>,
    format: Format,
) -> anyhow::Result<()> {
    let store = reading_db(db)?;
    let on = as_at_date(as_at)?;
    let data = store.county_data()?;
    let r = sufficiency(&data, on);
    match format {
        Format::Text => out!("{}", report::sufficiency::to_text(&r)),
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&report::sufficiency::to_json(&r))?
        ),
        Format::Csv => out!("{}", report::sufficiency::to_csv(&r)),
    }
    Ok(())
}
