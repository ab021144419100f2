//! The command line: the arguments (`Cli`, `Cmd`) and [`run`], which hands
//! each subcommand to the function in its family's file.

mod audit;
mod backup;
mod db;
mod export;
mod import;
mod output;
mod panel;
mod rates;
mod report;
mod sample;
mod scenario;
mod settings;

pub(crate) use output::{file_trouble_message, output_failure};

use audit::AuditFormat;
use clap::{Parser, Subcommand};
use export::ExportKind;
use import::{import_source, ImportFlags};
use panel::PanelKind;
use placement_planner::import::ImportSource;
use rates::RatesCmd;
use report::ReportKind;
use scenario::ScenarioKind;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "placement-planner",
    version,
    about = "Placement sufficiency planner for children's services"
)]
struct Cli {
    /// The database file to open (default: the one in your data directory,
    /// which the window creates from the built-in sample on first run;
    /// `where` shows it).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write the synthetic sample county to a new database file.
    Sample {
        /// Seed for the generator; the committed sample uses the default.
        #[arg(long, default_value_t = placement_planner::sample::DEFAULT_SEED)]
        seed: u64,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Create an empty database (no records) for a council's own data, and
    /// print the next steps. Refuses a file that already exists.
    New {
        /// ONS area code: E06, E08, E09 or E10 and six digits (E10000002).
        #[arg(long)]
        council_code: Option<String>,
        #[arg(long)]
        council_name: Option<String>,
    },
    /// Regenerate the committed CSV and GeoJSON files under sample_data/.
    SampleFiles {
        #[arg(long, default_value = "sample_data")]
        dir: PathBuf,
    },
    /// Show where the default database lives.
    Where,
    /// The audit trail: who added, changed or deleted which record and when,
    /// newest first, with the fields before and after.
    Audit {
        /// Only this table: children, carers, homes, placements, referrals,
        /// decisions, settings or cost_rates.
        #[arg(long)]
        table: Option<String>,
        /// Only changes by this user name (ignoring capitals).
        #[arg(long)]
        who: Option<String>,
        /// Only records whose reference or number contains this.
        #[arg(long)]
        key: Option<String>,
        /// From this day (YYYY-MM-DD or DD/MM/YYYY), in this computer's time zone.
        #[arg(long)]
        from: Option<String>,
        /// To this day, inclusive.
        #[arg(long)]
        to: Option<String>,
        /// At most this many entries, newest first (all when left out).
        #[arg(long)]
        limit: Option<usize>,
        /// text (one line per change) or csv (for export).
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
    },
    /// Reports on the database.
    Report {
        #[command(subcommand)]
        report: ReportKind,
    },
    /// The resource panel.
    Panel {
        #[command(subcommand)]
        panel: PanelKind,
    },
    /// Export summaries to files.
    Export {
        #[command(subcommand)]
        export: ExportKind,
    },
    /// What-if scenarios: project children and spend with a scenario's levers.
    Scenario {
        #[command(subcommand)]
        scenario: ScenarioKind,
    },
    /// Show the council's settings, or set its name and area code (the code
    /// in/out of area is judged against: the county's in a two-tier area).
    Settings {
        /// ONS area code: E06, E08, E09 or E10 and six digits (E10000002).
        #[arg(long)]
        council_code: Option<String>,
        #[arg(long)]
        council_name: Option<String>,
        /// How many backups to keep beside the database (1 to 1000; 10
        /// unless set).
        #[arg(long)]
        keep_backups: Option<usize>,
    },
    /// Cost rates by placement category and financial year: list them (no
    /// action), set or delete one, import a CSV, write the template, set a
    /// category's yearly uplift, or copy a year's rates forward.
    Rates {
        #[command(subcommand)]
        action: Option<RatesCmd>,
    },
    /// Bring data in: every row is checked first and what would happen is
    /// printed; then it is written in one transaction (not with --dry-run).
    /// A file with a rejected row changes nothing unless --skip-rejected.
    Import {
        #[arg(value_parser = import_source())]
        kind: ImportSource,
        /// The file (ssda903: the header file, then the episodes file).
        #[arg(required = true, num_args = 1..=2)]
        paths: Vec<PathBuf>,
        /// boundary: the area code of the council's feature in the file.
        #[arg(long)]
        code: Option<String>,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and leave the rejected ones out.
        #[arg(long)]
        skip_rejected: bool,
        /// ssda903: the collection year of files without a YEAR column, by
        /// the year it starts or as 2025-26 (else taken from the file names,
        /// else from the latest date).
        #[arg(long)]
        year: Option<String>,
        /// ssda903: the council to import from files whose LA column holds
        /// several.
        #[arg(long)]
        la: Option<String>,
        /// Write every finding (refused, imported with a warning, note) to
        /// this CSV file: kind, file, line, column, value, DfE rule, what the
        /// app did.
        #[arg(long)]
        findings: Option<PathBuf>,
    },
    /// Write a blank CSV template (the header line) for carers, homes,
    /// children, rates (every category for this year) or costs (the
    /// finance system's placement costs); the README lists each column.
    Template {
        /// carers, homes, children, rates or costs
        kind: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Back up the database now into the backups folder beside it (SQLite's
    /// backup API), deleting the oldest beyond the number kept.
    Backup {
        /// Keep this many backups this time (default: the database's
        /// keep_backups setting, 10 unless set).
        #[arg(long)]
        keep: Option<usize>,
    },
    /// List the backups of the database, newest first.
    Backups,
    /// Replace the database's data with a backup's. Without --yes, only
    /// shows what the backup and the current file hold. The current file is
    /// backed up first.
    Restore {
        /// The backup file (a path, or a file name in the backups folder).
        backup: PathBuf,
        /// Restore: replace the current data.
        #[arg(long)]
        yes: bool,
    },
}

/// Parses the arguments and runs the subcommand (the window without one).
pub(crate) fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let _ = output::DATABASE.set(cli.db.clone());
    let db = cli.db;
    let Some(command) = cli.command else {
        return placement_planner::ui::run(db);
    };
    match command {
        Cmd::Sample { seed, force } => sample::sample_command(db, seed, force),
        Cmd::New {
            council_code,
            council_name,
        } => settings::new_command(db, council_code, council_name),
        Cmd::SampleFiles { dir } => sample::sample_files_command(&dir),
        Cmd::Where => db::where_command(),
        Cmd::Audit {
            table,
            who,
            key,
            from,
            to,
            limit,
            format,
        } => audit::audit_command(db, table, who, key, from, to, limit, format),
        Cmd::Report { report: kind } => report::report_command(db, kind),
        Cmd::Panel { panel: kind } => panel::panel_command(db, kind),
        Cmd::Export { export: kind } => export::export_command(db, kind),
        Cmd::Scenario { scenario: kind } => scenario::scenario_command(db, kind),
        Cmd::Settings {
            council_code,
            council_name,
            keep_backups,
        } => settings::settings_command(db, council_code, council_name, keep_backups),
        Cmd::Rates { action } => rates::rates_command(db, action),
        Cmd::Import {
            kind,
            paths,
            code,
            dry_run,
            skip_rejected,
            year,
            la,
            findings,
        } => import::import_command(
            db,
            kind,
            paths,
            code,
            ImportFlags {
                dry_run,
                skip_rejected,
                year,
                la,
                findings,
            },
        ),
        Cmd::Template { kind, out } => import::template_command(kind, out),
        Cmd::Backup { keep } => backup::backup_command(db, keep),
        Cmd::Backups => backup::backups_command(db),
        Cmd::Restore { backup: file, yes } => backup::restore_command(db, file, yes),
    }
}
