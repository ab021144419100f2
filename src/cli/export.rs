//! `export`: summaries written to files (the placements CSV, and the
//! summary, workbook and committee report files).

use super::db::{as_at_date, existing_db};
use super::output::outln;
use super::report::{write_report_file, ReportArgs};
use anyhow::Context;
use clap::Subcommand;
use placement_planner::export;
use placement_planner::sufficiency::child_facts;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum ExportKind {
    /// One row per child looked after: pseudonymised id, age band, category,
    /// sector, postcode districts and grid references, distance, within 20
    /// miles, in area, weekly cost.
    Placements {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        as_at: Option<String>,
        /// Write the council's own child references instead of pseudonyms.
        #[arg(long)]
        with_references: bool,
    },
    /// The placement summary: one row per child looked after (pseudonym,
    /// age band, category, sector, postcode districts, grid references,
    /// miles, within 20 miles, in area, weekly cost), as CSV or an Excel
    /// workbook by the extension of --out.
    Summary(ReportArgs),
    /// The sufficiency workbook (.xlsx): headline measures beside the
    /// benchmarks, DfE's distance categories, placement mix and spend,
    /// in-house vacancies by age band, residential beds, data quality.
    Workbook(ReportArgs),
    /// The committee summary (.pdf, one or two pages): headline measures
    /// against benchmarks, a chart, the mix and spend. Totals only.
    Committee(ReportArgs),
}

/// `placement-planner export …` (see [`ExportKind`]).
pub(super) fn export_command(db: Option<PathBuf>, kind: ExportKind) -> anyhow::Result<()> {
    match kind {
        ExportKind::Summary(args) => {
            let kind = export::ReportKind::summary_for_path(&args.out)?;
            write_report_file(db, kind, args)
        }
        ExportKind::Workbook(args) => {
            write_report_file(db, export::ReportKind::SufficiencyWorkbook, args)
        }
        ExportKind::Committee(args) => {
            write_report_file(db, export::ReportKind::CommitteePdf, args)
        }
        ExportKind::Placements {
            out,
            as_at,
            with_references,
        } => placements_export(db, out, as_at, with_references),
    }
}

/// `placement-planner export placements`: one row per child looked after.
fn placements_export(
    db: Option<PathBuf>,
    out: PathBuf,
    as_at: Option<String>,
    with_references: bool,
) -> anyhow::Result<()> {
    let mut store = existing_db(db)?;
    let on = as_at_date(as_at)?;
    let salt = store.pseudonym_salt()?;
    let data = store.county_data()?;
    let facts = child_facts(&data, on);
    let csv = export::placements::placements_csv(&facts, &salt, with_references);
    std::fs::write(&out, csv).with_context(|| format!("writing {}", out.display()))?;
    outln!(
        "Wrote {} children looked after on {} to {}{}",
        facts.len(),
        placement_planner::model::format_uk_date(on),
        out.display(),
        if with_references {
            " (with references)"
        } else {
            " (pseudonymised)"
        }
    );
    Ok(())
}
