//! The `placement-planner` command: opens the window with no subcommand,
//! otherwise runs the same library functions from the command line.

use anyhow::Context;
use clap::{Parser, Subcommand};
use placement_planner::import::ImportSource;
use placement_planner::store::Store;
use placement_planner::sufficiency::{child_facts, sufficiency};
use placement_planner::{export, paths, report, sample, session};
use std::path::PathBuf;

/// The first error writing standard output (a closed pipe, a full disk),
/// as its kind; printing stops there and the work goes on.
static OUTPUT_FAILED: std::sync::OnceLock<std::io::ErrorKind> = std::sync::OnceLock::new();

/// Writes to standard output, unlike `print!` never panicking: once a
/// write fails (`| head` has read what it wanted) the rest is dropped, and
/// the import, backup or restore the user asked for still finishes.
fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if OUTPUT_FAILED.get().is_some() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        let _ = OUTPUT_FAILED.set(e.kind());
    }
}

/// Why standard output stopped, if it did.
fn output_failure() -> Option<std::io::ErrorKind> {
    OUTPUT_FAILED.get().copied()
}

/// The `--db` the command was given (`None`: the default database), for
/// naming the file in a message about the file itself.
static DATABASE: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Set while an import runs: a locked or full database then reads
/// "nothing was imported".
static IMPORTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Trouble with the database file itself (locked, disk full, damaged) as a
/// sentence naming the file and saying nothing was done, when that is what
/// went wrong; SQLite's bare words otherwise name neither.
fn file_trouble_message(e: &anyhow::Error) -> Option<String> {
    use placement_planner::import::ImportError;
    use placement_planner::store::StoreError;
    let trouble = e.chain().find_map(|cause| {
        let store = cause.downcast_ref::<StoreError>().or_else(|| {
            match cause.downcast_ref::<ImportError>() {
                Some(ImportError::Store(s)) => Some(s),
                _ => None,
            }
        });
        store.and_then(StoreError::file_trouble)
    })?;
    let path = DATABASE
        .get()
        .cloned()
        .flatten()
        .unwrap_or_else(paths::default_database);
    let importing = IMPORTING.load(std::sync::atomic::Ordering::Relaxed);
    Some(format!(
        "{}: {}",
        path.display(),
        trouble.sentence(importing.then_some("imported"))
    ))
}

/// `println!` that a closed pipe cannot turn into a panic (see [`write_out`]).
macro_rules! outln {
    () => {
        write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that a closed pipe cannot turn into a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        write_out(format_args!($($arg)*))
    };
}

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
        #[arg(long, default_value_t = sample::DEFAULT_SEED)]
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

#[derive(Subcommand)]
enum ScenarioKind {
    /// Project a scenario file (as `scenario run`) and write it for a report:
    /// CSV (one row per month) or an Excel workbook (summary, levers beside
    /// the baseline, financial years, months), by the extension of --out.
    Export {
        /// The scenario file (TOML); keys left out change nothing.
        #[arg(long)]
        scenario: PathBuf,
        /// The file to write: .csv or .xlsx.
        #[arg(long)]
        out: PathBuf,
        /// The start date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
        #[arg(long)]
        start: Option<String>,
        /// Calendar months before the start date that entry and exit rates
        /// are measured over (1 to 120); left out, 24, or as many as the
        /// records hold before the start (and it says so).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        reference_months: Option<u32>,
        /// The scenario's name in the export; the file's name when left out.
        #[arg(long)]
        name: Option<String>,
    },
    /// The scenarios saved in the database: name, start, horizon, when saved.
    List,
    /// Save the levers of a scenario file in the database under a name, with
    /// the fingerprint of the baseline read on the start date, so it opens
    /// in the window's Scenarios view.
    Save {
        /// The scenario file (TOML); keys left out change nothing.
        #[arg(long)]
        scenario: PathBuf,
        /// The scenario's name, unique ignoring capitals (at most 80
        /// characters).
        #[arg(long)]
        name: String,
        /// Notes kept with the scenario (at most 4,000 characters).
        #[arg(long)]
        notes: Option<String>,
        /// The start date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
        #[arg(long)]
        start: Option<String>,
        /// Calendar months before the start date that entry and exit rates
        /// are measured over (1 to 120); left out, 24, or as many as the
        /// records hold before the start (and it says so).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        reference_months: Option<u32>,
        /// Replace the saved scenario of the same name (ignoring capitals)
        /// instead of refusing the name.
        #[arg(long)]
        replace: bool,
    },
    /// Project month by month from the start date, with the levers in a
    /// TOML file (see sample_data/scenario-example.toml) against the
    /// baseline of no council action.
    Run {
        /// The scenario file (TOML); keys left out change nothing.
        #[arg(long)]
        scenario: PathBuf,
        /// The start date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
        #[arg(long)]
        start: Option<String>,
        /// Calendar months before the start date that entry and exit rates
        /// are measured over (1 to 120); left out, 24, or as many as the
        /// records hold before the start (and it says so).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        reference_months: Option<u32>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Monte Carlo runs (1 to 100000): adds P10/P50/P90 bands of
        /// children, spend and the cumulative net saving.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        runs: Option<u32>,
        /// Seed of the Monte Carlo runs (the same seed gives the same
        /// bands); 1 when left out. Needs --runs.
        #[arg(long, requires = "runs")]
        seed: Option<u64>,
    },
    /// Test the model on the past: build the baseline at a past start date,
    /// project with no levers and compare month by month with what happened;
    /// or, with --rolling, from every month of the last three years the
    /// records allow, error by months ahead with the bands' coverage.
    Backtest {
        /// The past start date (YYYY-MM-DD or DD/MM/YYYY); not with --rolling.
        #[arg(long, required_unless_present = "rolling", conflicts_with = "rolling")]
        start: Option<String>,
        /// Months to project and compare (1 to 120); with --rolling, the
        /// months ahead compared (36 when left out).
        #[arg(long, required_unless_present = "rolling", value_parser = clap::value_parser!(u32).range(1..=120))]
        months: Option<u32>,
        /// Start from each of the last --origins months the records allow.
        #[arg(long)]
        rolling: bool,
        /// With --rolling: how many starting months (1 to 120; 36 when left out).
        #[arg(long, requires = "rolling", value_parser = clap::value_parser!(u32).range(1..=120))]
        origins: Option<u32>,
        /// With --rolling: Monte Carlo runs per start for the bands'
        /// coverage (0 to 10,000; 200 when left out; 0 leaves bands out).
        #[arg(long, requires = "rolling", value_parser = clap::value_parser!(u32).range(0..=10_000))]
        runs: Option<u32>,
        /// Calendar months before the start date that entry and exit rates
        /// are measured over (1 to 120).
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=120))]
        reference_months: u32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum ReportKind {
    /// Within 20 miles, in area, placement mix and spend, supply, on a date.
    Sufficiency {
        /// The date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
        #[arg(long)]
        as_at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum PanelKind {
    /// The minutes of a meeting: every decision recorded at it, as CSV or
    /// PDF (by the file's extension). Pseudonymised unless --with-names.
    Minutes {
        /// The meeting date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long)]
        date: String,
        #[arg(long)]
        out: PathBuf,
        /// Write children's names and references and carers' names.
        #[arg(long)]
        with_names: bool,
    },
    /// Who could take a child: ranked carers and beds, and those excluded
    /// with the reason. Uses the child's open referral, or the child's own
    /// needs (alone, no specialisms) when there is none.
    Candidates {
        #[arg(long)]
        child: String,
        #[arg(long)]
        as_at: Option<String>,
        /// council (in-house first) or level (every sector by distance and cost)
        #[arg(long, default_value = "council")]
        ranking: String,
        /// Search radius in miles (0 to 1,000); 0 searches everywhere.
        #[arg(long, default_value_t = placement_planner::matching::DEFAULT_RADIUS_MILES, value_parser = radius_miles, allow_negative_numbers = true)]
        radius: f64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum ExportKind {
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

#[derive(clap::Args)]
struct ReportArgs {
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    /// The date (YYYY-MM-DD or DD/MM/YYYY); today when left out.
    #[arg(long)]
    as_at: Option<String>,
    /// Include children's references and names; "-WITH-NAMES" is added to
    /// the file name unless it already says so.
    #[arg(long)]
    with_names: bool,
}

/// Writes a report with the same call the window's Reports view makes.
fn write_report_file(
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

#[derive(Subcommand)]
enum RatesCmd {
    /// List the rates, the national figures and the uplifts.
    List,
    /// Set the weekly rate for a category and financial year.
    Set {
        /// A category code or name: in_house_fostering, ifa_fostering,
        /// kinship, own_residential, external_residential,
        /// supported_accommodation, secure, with_parents, other.
        category: String,
        /// The financial year: 2025 or 2025-26.
        year: String,
        /// The weekly cost in pounds: 1234 or £1,234.50.
        amount: String,
        /// Where the figure comes from (the budget, a framework contract).
        #[arg(long, default_value = "entered on the command line")]
        source: String,
    },
    /// Remove the rate for a category and financial year.
    Delete { category: String, year: String },
    /// Import rates from a CSV: category, financial_year, weekly_cost
    /// (pounds) and optionally source. Same as `import rates FILE`.
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_rejected: bool,
    },
    /// Write the rates template: every category for this financial year.
    Template {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Set a category's yearly uplift in percent (3.55), or `published` to
    /// go back to the published figure.
    Uplift { category: String, percent: String },
    /// Copy one financial year's rates to another, uplifted (by each
    /// category's own uplift unless --uplift is given).
    Copy {
        from: String,
        to: String,
        #[arg(long)]
        uplift: Option<String>,
    },
}

/// The kinds `import` takes, by their names, with their descriptions in
/// the help.
fn import_source() -> impl clap::builder::TypedValueParser<Value = ImportSource> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        ImportSource::ALL.map(|s| PossibleValue::new(s.cli_name()).help(s.description())),
    )
    .try_map(|name| ImportSource::from_cli_name(&name).ok_or("not a kind of import"))
}

/// `--radius`: a number of miles from 0 to 1,000 (a negative, NaN or
/// infinite radius would quietly mean "everywhere").
fn radius_miles(text: &str) -> Result<f64, String> {
    let r: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of miles"))?;
    if !r.is_finite() || !(0.0..=1000.0).contains(&r) {
        return Err(format!(
            "'{text}' is not a radius: give 0 to 1000 miles (0 searches everywhere)"
        ));
    }
    Ok(r)
}

/// How `import` was asked to run.
struct ImportFlags {
    dry_run: bool,
    skip_rejected: bool,
    year: Option<String>,
    la: Option<String>,
    findings: Option<PathBuf>,
}

/// Checks, reports and (unless `dry_run`) applies an import.
fn run_import(
    mut store: Store,
    kind: ImportSource,
    paths: Vec<PathBuf>,
    code: Option<String>,
    flags: ImportFlags,
) -> anyhow::Result<()> {
    use placement_planner::import::{self, ssda903::Ssda903Options, RejectedRows};
    use placement_planner::model::CollectionYear;
    let ImportFlags {
        dry_run,
        skip_rejected,
        year,
        la,
        findings,
    } = flags;
    IMPORTING.store(!dry_run, std::sync::atomic::Ordering::Relaxed);
    if kind != ImportSource::Ssda903 && (year.is_some() || la.is_some()) {
        anyhow::bail!("--year and --la are for import ssda903 only");
    }
    let year = match year {
        None => None,
        Some(y) => Some(CollectionYear::parse(&y).ok_or_else(|| {
            anyhow::anyhow!(
                "--year {y}: not a collection year; give the year it starts (2025) or the year as 2025-26"
            )
        })?),
    };
    let kind = kind
        .kind(Ssda903Options { year, la }, code)
        .ok_or_else(|| {
            anyhow::anyhow!("import boundary needs --code: the council's area code in the file")
        })?;
    if paths.len() != kind.files() {
        anyhow::bail!(
            "import {} takes {} file{}",
            kind.label(),
            kind.files(),
            if kind.files() == 1 { "" } else { "s" }
        );
    }
    let progress = import::Progress::new();
    let plan = import::preview(&kind, &paths, &store, &progress)?;
    let s = plan.summary();
    outln!("Checked the {}: {}.", kind.label(), s.counts_text());
    for line in &s.read_as {
        outln!("  {line}");
    }
    // The first few of each kind; --findings writes them all.
    const SHOWN: usize = 20;
    let mut shown: std::collections::HashMap<&str, usize> = Default::default();
    for (finding, i) in s.findings() {
        let n = shown.entry(finding.label()).or_default();
        *n += 1;
        if *n <= SHOWN {
            outln!("  {}: {i}", finding.label());
        }
    }
    let more: Vec<String> = [
        (s.rejected.len(), "refused"),
        (s.warnings.len(), "with a warning"),
        (s.data_quality.len(), "notes"),
    ]
    .iter()
    .filter(|(n, _)| *n > SHOWN)
    .map(|(n, what)| format!("{} more {what}", n - SHOWN))
    .collect();
    if !more.is_empty() {
        outln!(
            "  … and {}{}",
            more.join(", "),
            if findings.is_some() {
                ""
            } else {
                " (--findings FILE.csv writes every finding)"
            }
        );
    }
    if let Some(out) = &findings {
        std::fs::write(out, s.findings_csv()).map_err(|e| {
            anyhow::anyhow!("could not write the findings to {}: {e}", out.display())
        })?;
        outln!(
            "Wrote {} findings to {}.",
            s.rejected.len() + s.warnings.len() + s.data_quality.len(),
            out.display()
        );
    }
    if dry_run {
        outln!("Dry run: nothing was written.");
        return Ok(());
    }
    let rejected = if skip_rejected {
        RejectedRows::Skip
    } else {
        RejectedRows::Refuse
    };
    let done = import::apply(&mut store, &plan, rejected, &progress)?;
    outln!(
        "Imported: {} added, {} updated, {} unchanged, {} left out.",
        done.to_add,
        done.to_update,
        done.unchanged,
        done.rejected.len()
    );
    Ok(())
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

/// Months of history the rates are measured over unless asked otherwise.
const DEFAULT_REFERENCE_MONTHS: u32 = 24;

/// A scenario file's levers and the baseline they start from: the
/// database's records on `start` (today when left out), with entry and exit
/// rates measured over the `reference_months` before it.
fn scenario_inputs(
    db: Option<PathBuf>,
    scenario: &std::path::Path,
    start: Option<String>,
    reference_months: Option<u32>,
) -> anyhow::Result<(
    Store,
    placement_planner::scenario::Levers,
    placement_planner::scenario::Baseline,
)> {
    let text = placement_planner::scenario::file::read_scenario_file(scenario)
        .map_err(|e| anyhow::anyhow!("{}: {e}", scenario.display()))?;
    let levers = placement_planner::scenario::file::levers_from_toml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", scenario.display()))?;
    let store = existing_db(db)?;
    let start = match start {
        None => placement_planner::model::date::today(),
        Some(t) => placement_planner::model::parse_uk_date(&t)
            .map_err(|e| anyhow::anyhow!("--start: {e}"))?,
    };
    let data = store.county_data()?;
    placement_planner::scenario::baseline::check_start(&data, start)
        .map_err(|e| anyhow::anyhow!("--start: {e}"))?;
    let reference_months = match reference_months {
        Some(0) => anyhow::bail!("--reference-months must be at least 1"),
        Some(n) => {
            placement_planner::scenario::baseline::check_reference(&data, start, n)
                .map_err(|e| anyhow::anyhow!("--reference-months: {e}"))?;
            n
        }
        None => {
            let n = placement_planner::scenario::baseline::fitting_reference(
                &data,
                start,
                DEFAULT_REFERENCE_MONTHS,
            );
            if n < DEFAULT_REFERENCE_MONTHS {
                eprintln!(
                    "note: the records hold only {n} months before the start, so the rates are \
                     measured over {n} months rather than {DEFAULT_REFERENCE_MONTHS}"
                );
            }
            n
        }
    };
    let baseline = placement_planner::scenario::Baseline::from_data(&data, start, reference_months);
    for note in baseline.notes.iter().chain(&levers.cancelled(&baseline)) {
        eprintln!("note: {note}");
    }
    Ok((store, levers, baseline))
}

/// The database named by `--db`, which must exist (reports never create one).
fn existing_db(db: Option<PathBuf>) -> anyhow::Result<Store> {
    let path = existing_path(db)?;
    let store = Store::open(&path)?;
    say_warnings(&store);
    Ok(store)
}

/// The database for a command that only reads (reports, listings): the
/// file is never written, an older one is read through an upgraded copy.
fn reading_db(db: Option<PathBuf>) -> anyhow::Result<Store> {
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

fn as_at_date(text: Option<String>) -> anyhow::Result<jiff::civil::Date> {
    match text {
        None => Ok(placement_planner::model::date::today()),
        Some(t) => {
            placement_planner::model::parse_uk_date(&t).map_err(|e| anyhow::anyhow!("--as-at: {e}"))
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum AuditFormat {
    Text,
    Csv,
}

/// `placement-planner audit`: the audit trail, filtered, as text or CSV.
#[allow(clippy::too_many_arguments)]
fn audit_command(
    db: Option<PathBuf>,
    table: Option<String>,
    who: Option<String>,
    key: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
    format: AuditFormat,
) -> anyhow::Result<()> {
    use placement_planner::store::{audit_csv, AuditFilter, AUDITED_TABLES};
    if let Some(t) = &table {
        if !AUDITED_TABLES.contains(&t.as_str()) {
            anyhow::bail!(
                "--table: '{t}' is not audited; choose one of {}",
                AUDITED_TABLES.join(", ")
            );
        }
    }
    let day = |flag: &str, text: Option<String>| -> anyhow::Result<Option<jiff::civil::Date>> {
        text.map(|t| {
            placement_planner::model::parse_uk_date(&t).map_err(|e| anyhow::anyhow!("{flag}: {e}"))
        })
        .transpose()
    };
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
        AuditFormat::Csv => out!("{}", audit_csv(&entries)),
        AuditFormat::Text if entries.is_empty() => outln!("No audit entries match."),
        AuditFormat::Text => {
            for e in &entries {
                outln!("{}", e.summary());
            }
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    use std::io::Write;
    let result = run();
    let mut err = std::io::stderr();
    match (result, output_failure()) {
        (Err(e), _) => {
            match file_trouble_message(&e) {
                Some(text) => {
                    let _ = writeln!(err, "error: {text}");
                }
                None => {
                    let _ = writeln!(err, "error: {e:#}");
                }
            }
            std::process::ExitCode::FAILURE
        }
        // `| head` closed the pipe: what was asked for was done; nothing
        // more to say.
        (Ok(()), None | Some(std::io::ErrorKind::BrokenPipe)) => std::process::ExitCode::SUCCESS,
        (Ok(()), Some(kind)) => {
            let _ = writeln!(
                err,
                "error: the output could not be written ({}); the command itself was carried out",
                std::io::Error::from(kind)
            );
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let _ = DATABASE.set(cli.db.clone());
    match cli.command {
        None => placement_planner::ui::run(cli.db),
        Some(Cmd::Sample { seed, force }) => {
            let path = cli
                .db
                .context("say where to write it: placement-planner sample --db PATH")?;
            let store = session::write_sample_database(&path, seed, force)?;
            let c = store.counts()?;
            outln!(
                "Wrote the sample county (seed {seed}) to {}: {} children, {} carer households, {} homes, {} placements, {} postcodes",
                path.display(),
                c.children,
                c.carers,
                c.homes,
                c.placements,
                c.postcodes
            );
            Ok(())
        }
        Some(Cmd::New {
            council_code,
            council_name,
        }) => new_command(cli.db, council_code, council_name),
        Some(Cmd::SampleFiles { dir }) => {
            let county = sample::generate(sample::DEFAULT_SEED);
            sample::write_to_dir(&dir, &county)
                .with_context(|| format!("writing the sample files to {}", dir.display()))?;
            outln!(
                "Wrote {} files to {}",
                sample::SAMPLE_FILES.len(),
                dir.display()
            );
            Ok(())
        }
        Some(Cmd::Report {
            report: ReportKind::Sufficiency { as_at, format },
        }) => {
            let store = reading_db(cli.db)?;
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
        Some(Cmd::Panel {
            panel:
                PanelKind::Minutes {
                    date,
                    out,
                    with_names,
                },
        }) => {
            let mut store = existing_db(cli.db)?;
            let meeting = as_at_date(Some(date))?;
            let salt = store.pseudonym_salt()?;
            let n = export::minutes::write_minutes(&store, meeting, &salt, with_names, &out)
                .map_err(anyhow::Error::msg)?;
            outln!(
                "Wrote the minutes of {} ({n} decisions) to {}{}",
                placement_planner::model::format_uk_date(meeting),
                out.display(),
                if with_names {
                    " (with names)"
                } else {
                    " (pseudonymised)"
                }
            );
            Ok(())
        }
        Some(Cmd::Panel {
            panel:
                PanelKind::Candidates {
                    child,
                    as_at,
                    ranking,
                    radius,
                    format,
                },
        }) => {
            use placement_planner::matching::{self, MatchRequest, RankingMode, SupplyIndex};
            let store = reading_db(cli.db)?;
            let on = as_at_date(as_at)?;
            let mode = RankingMode::parse(&ranking)
                .ok_or_else(|| anyhow::anyhow!("--ranking: '{ranking}' is not council or level"))?;
            let data = store.county_data()?;
            let kid = data
                .children
                .iter()
                .find(|c| c.id == child)
                .ok_or_else(|| anyhow::anyhow!("no child with the reference '{child}'"))?;
            let referrals = store.referrals()?;
            let decisions = store.decisions()?;
            let referral = referrals
                .iter()
                .filter(|r| r.child_id == child && placement_planner::panel::is_open(r, &decisions))
                .max_by_key(|r| r.id)
                .cloned()
                .unwrap_or_else(|| placement_planner::model::Referral {
                    id: 0,
                    child_id: child.clone(),
                    received: on,
                    sibling_group_size: 1,
                    disability: kid.disability,
                    specialisms_needed: Vec::new(),
                    must_stay_near_home: false,
                    risk_flags: String::new(),
                    urgency: placement_planner::model::Urgency::Planned,
                    latest_start: on,
                    notes: String::new(),
                });
            let supply = SupplyIndex::build(&data, on);
            let mut req =
                MatchRequest::new(&referral, kid, matching::child_home_grid(&data, kid), on);
            req.mode = mode;
            req.radius_miles = (radius > 0.0).then_some(radius);
            let result = matching::candidates(&supply, &req);
            match format {
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&matching::to_json(&result))?
                ),
                Format::Text => out!("{}", matching::to_text(&result)),
                Format::Csv => {
                    anyhow::bail!("--format csv is not offered for candidates; use text or json")
                }
            }
            Ok(())
        }
        Some(Cmd::Export {
            export: ExportKind::Summary(args),
        }) => {
            let kind = export::ReportKind::summary_for_path(&args.out)?;
            write_report_file(cli.db, kind, args)
        }
        Some(Cmd::Export {
            export: ExportKind::Workbook(args),
        }) => write_report_file(cli.db, export::ReportKind::SufficiencyWorkbook, args),
        Some(Cmd::Export {
            export: ExportKind::Committee(args),
        }) => write_report_file(cli.db, export::ReportKind::CommitteePdf, args),
        Some(Cmd::Export {
            export:
                ExportKind::Placements {
                    out,
                    as_at,
                    with_references,
                },
        }) => {
            let mut store = existing_db(cli.db)?;
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
        Some(Cmd::Scenario {
            scenario:
                ScenarioKind::Run {
                    scenario,
                    start,
                    reference_months,
                    format,
                    runs,
                    seed,
                },
        }) => {
            use placement_planner::scenario::{file, monte_carlo, project};
            let (_, levers, baseline) =
                scenario_inputs(cli.db, &scenario, start, reference_months)?;
            let p = project(&baseline, &levers);
            let bands = runs.map(|n| monte_carlo(&baseline, &levers, n, seed.unwrap_or(1)));
            let bands = bands.as_ref();
            match format {
                Format::Text => {
                    outln!("{}", file::start_spend_line(&baseline));
                    out!("{}", file::to_text_with_bands(&p, bands))
                }
                Format::Json => {
                    let mut v = file::to_json_with_bands(&p, bands);
                    v["start_spend"] = serde_json::to_value(baseline.start_spend)?;
                    v["notes"] = serde_json::json!(baseline
                        .notes
                        .iter()
                        .chain(&levers.cancelled(&baseline))
                        .collect::<Vec<_>>());
                    outln!("{}", serde_json::to_string_pretty(&v)?)
                }
                Format::Csv => out!("{}", file::to_csv_with_bands(&p, bands)),
            }
            Ok(())
        }
        Some(Cmd::Scenario {
            scenario:
                ScenarioKind::Backtest {
                    start,
                    months,
                    rolling,
                    origins,
                    runs,
                    reference_months,
                    format,
                },
        }) => {
            use placement_planner::scenario::{backtest, rolling as roll};
            if reference_months == 0 {
                anyhow::bail!("--reference-months must be at least 1");
            }
            if rolling {
                let store = reading_db(cli.db)?;
                let data = store.county_data()?;
                let today = placement_planner::model::date::today();
                let mut spec = roll::RollingSpec::for_records(
                    &data,
                    today,
                    reference_months,
                    origins.unwrap_or(roll::DEFAULT_ORIGINS),
                )
                .map_err(|e| match e {
                    roll::NothingToCheck::TooShort { .. } => {
                        anyhow::anyhow!("{e} (--reference-months {reference_months})")
                    }
                    roll::NothingToCheck::NoPlacements => anyhow::anyhow!("{e}"),
                })?;
                spec.horizon = months.unwrap_or(roll::DEFAULT_HORIZON);
                spec.runs = runs.unwrap_or(roll::DEFAULT_RUNS);
                let r = roll::rolling_backtest(&data, &spec);
                match format {
                    Format::Text => out!("{}", roll::to_text(&r)),
                    Format::Json => outln!("{}", serde_json::to_string_pretty(&roll::to_json(&r))?),
                    Format::Csv => out!("{}", roll::to_csv(&r)),
                }
                return Ok(());
            }
            let (Some(start), Some(months)) = (start, months) else {
                anyhow::bail!("--start and --months are needed without --rolling");
            };
            let start = placement_planner::model::parse_uk_date(&start)
                .map_err(|e| anyhow::anyhow!("--start: {e}"))?;
            let end = placement_planner::scenario::baseline::add_months(start, i64::from(months));
            if end > placement_planner::model::date::today() {
                anyhow::bail!(
                    "--start and --months: the backtest compares months that have ended, but \
                     {months} months from {} run to {}, after today",
                    placement_planner::model::format_uk_date(start),
                    placement_planner::model::format_uk_date(end)
                );
            }
            let store = reading_db(cli.db)?;
            let data = store.county_data()?;
            placement_planner::scenario::baseline::check_start(&data, start)
                .map_err(|e| anyhow::anyhow!("--start: {e}"))?;
            placement_planner::scenario::baseline::check_reference(&data, start, reference_months)
                .map_err(|e| anyhow::anyhow!("--reference-months: {e}"))?;
            let b = backtest::backtest(&data, start, months, reference_months);
            match format {
                Format::Text => out!("{}", backtest::to_text(&b)),
                Format::Json => {
                    outln!("{}", serde_json::to_string_pretty(&backtest::to_json(&b))?)
                }
                Format::Csv => out!("{}", backtest::to_csv(&b)),
            }
            Ok(())
        }
        Some(Cmd::Scenario {
            scenario:
                ScenarioKind::Export {
                    scenario,
                    out,
                    start,
                    reference_months,
                    name,
                },
        }) => {
            use placement_planner::export::scenario::{write_scenario_file, ScenarioExportFormat};
            use placement_planner::scenario::project;
            ScenarioExportFormat::from_path(&out)?;
            let name = name.unwrap_or_else(|| {
                scenario
                    .file_stem()
                    .map_or("Scenario".into(), |s| s.to_string_lossy().into_owned())
            });
            let (_, levers, baseline) =
                scenario_inputs(cli.db, &scenario, start, reference_months)?;
            let start = baseline.start;
            let p = project(&baseline, &levers);
            write_scenario_file(&out, &name, &levers, &baseline, &p)?;
            outln!(
                "Wrote scenario '{name}' ({} months from {}) to {}",
                p.months.len(),
                placement_planner::model::format_uk_date(start),
                out.display()
            );
            Ok(())
        }
        Some(Cmd::Scenario {
            scenario:
                ScenarioKind::Save {
                    scenario,
                    name,
                    notes,
                    start,
                    reference_months,
                    replace,
                },
        }) => {
            use placement_planner::scenario::ScenarioDraft;
            let (mut store, levers, baseline) =
                scenario_inputs(cli.db, &scenario, start, reference_months)?;
            let draft =
                ScenarioDraft::for_baseline(name, notes.unwrap_or_default(), levers, &baseline);
            draft.validate().map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| {
                        if e.message.starts_with(&e.field) {
                            e.message.clone()
                        } else {
                            format!("{}: {}", e.field, e.message)
                        }
                    })
                    .collect();
                anyhow::anyhow!("the scenario was not saved: {}", lines.join("; "))
            })?;
            let name = draft.name.trim();
            let existing = store
                .scenarios()?
                .into_iter()
                .find(|s| s.name.eq_ignore_ascii_case(name));
            let id = match existing {
                Some(s) if replace => {
                    store.update_scenario(s.id, &draft)?;
                    s.id
                }
                Some(s) => anyhow::bail!(
                    "there is already a scenario called '{}' (id {}); give --replace to \
                     replace it, or choose another name",
                    s.name,
                    s.id
                ),
                None => store.insert_scenario(&draft)?,
            };
            outln!("Saved scenario '{name}' (id {id})");
            Ok(())
        }
        Some(Cmd::Scenario {
            scenario: ScenarioKind::List,
        }) => {
            let store = reading_db(cli.db)?;
            let saved = store.scenarios()?;
            if saved.is_empty() {
                outln!("No saved scenarios.");
            }
            let width = saved
                .iter()
                .map(|s| s.name.chars().count())
                .max()
                .unwrap_or(0);
            for s in &saved {
                let years = s.levers.horizon_years;
                outln!(
                    "{:<width$}  starts {}  {years} {}  reference {} months  saved {}",
                    s.name,
                    placement_planner::model::format_uk_date(s.start),
                    if years == 1 { "year" } else { "years" },
                    s.reference_months,
                    s.saved_at_text()
                );
            }
            Ok(())
        }
        Some(Cmd::Rates { action }) => rates_command(cli.db, action),
        Some(Cmd::Import {
            kind,
            paths,
            code,
            dry_run,
            skip_rejected,
            year,
            la,
            findings,
        }) => run_import(
            existing_db(cli.db)?,
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
        Some(Cmd::Backup { keep }) => backup_command(cli.db, keep),
        Some(Cmd::Backups) => backups_command(cli.db),
        Some(Cmd::Restore { backup, yes }) => restore_command(cli.db, backup, yes),
        Some(Cmd::Audit {
            table,
            who,
            key,
            from,
            to,
            limit,
            format,
        }) => audit_command(cli.db, table, who, key, from, to, limit, format),
        Some(Cmd::Where) => {
            outln!("{}", paths::default_database().display());
            Ok(())
        }
        Some(Cmd::Settings {
            council_code,
            council_name,
            keep_backups,
        }) => settings_command(cli.db, council_code, council_name, keep_backups),
        Some(Cmd::Template { kind, out }) => {
            use placement_planner::import::templates::{
                template_header, write_template, TemplateKind,
            };
            let other = match kind.trim().to_ascii_lowercase().as_str() {
                "rates" => Some(placement_planner::import::rates::rates_template(
                    jiff::Zoned::now().date(),
                )),
                "costs" | "finance" => Some(placement_planner::import::finance::finance_template()),
                _ => None,
            };
            if let Some(text) = other {
                std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
                outln!("Wrote the {kind} template to {}", out.display());
                return Ok(());
            }
            let kind = TemplateKind::parse(&kind).ok_or_else(|| {
                anyhow::anyhow!(
                    "'{kind}' is not a template; use carers, homes, children, rates or costs"
                )
            })?;
            write_template(kind, &out).with_context(|| format!("writing {}", out.display()))?;
            outln!(
                "Wrote the {} template ({} columns) to {}",
                kind.name(),
                template_header(kind).len(),
                out.display()
            );
            Ok(())
        }
    }
}

/// `placement-planner rates …` (see [`RatesCmd`]).
fn rates_command(db: Option<PathBuf>, action: Option<RatesCmd>) -> anyhow::Result<()> {
    use placement_planner::costing::{copy_rates_forward, rates_table};
    use placement_planner::model::settings::{
        financial_year_label, parse_category, parse_financial_year, parse_uplift_pct,
        parse_weekly_rate,
    };
    use placement_planner::model::{date::financial_year_of, CostRate};
    let this_year = financial_year_of(jiff::Zoned::now().date());
    match action.unwrap_or(RatesCmd::List) {
        RatesCmd::Template { out } => {
            let text = placement_planner::import::rates::rates_template(jiff::Zoned::now().date());
            match out {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    outln!("Wrote the rates template to {}", path.display());
                }
                None => out!("{text}"),
            }
            Ok(())
        }
        RatesCmd::Import {
            file,
            dry_run,
            skip_rejected,
        } => run_import(
            existing_db(db)?,
            ImportSource::Rates,
            vec![file],
            None,
            ImportFlags {
                dry_run,
                skip_rejected,
                year: None,
                la: None,
                findings: None,
            },
        ),
        RatesCmd::List => {
            let store = reading_db(db)?;
            out!("{}", rates_table(&store.settings()?, this_year).to_text());
            Ok(())
        }
        RatesCmd::Set {
            category,
            year,
            amount,
            source,
        } => {
            let category =
                parse_category(&category).map_err(|e| anyhow::anyhow!("CATEGORY: {e}"))?;
            let year = parse_financial_year(&year).map_err(|e| anyhow::anyhow!("YEAR: {e}"))?;
            let weekly = parse_weekly_rate(&amount).map_err(|e| anyhow::anyhow!("AMOUNT: {e}"))?;
            let mut store = existing_db(db)?;
            store.put_rates(&[CostRate {
                category,
                financial_year: year,
                weekly_cost: weekly,
                source,
            }])?;
            outln!(
                "{} {}: {} a week",
                category.label(),
                financial_year_label(year),
                weekly.to_pounds_pence_string()
            );
            Ok(())
        }
        RatesCmd::Delete { category, year } => {
            let category =
                parse_category(&category).map_err(|e| anyhow::anyhow!("CATEGORY: {e}"))?;
            let year = parse_financial_year(&year).map_err(|e| anyhow::anyhow!("YEAR: {e}"))?;
            let mut store = existing_db(db)?;
            if store.delete_rate(category, year)? {
                outln!(
                    "Deleted the {} rate for {}",
                    financial_year_label(year),
                    category.label()
                );
                Ok(())
            } else {
                anyhow::bail!(
                    "there is no {} rate for {}",
                    financial_year_label(year),
                    category.label()
                )
            }
        }
        RatesCmd::Uplift { category, percent } => {
            let category =
                parse_category(&category).map_err(|e| anyhow::anyhow!("CATEGORY: {e}"))?;
            let pct = if percent.trim().eq_ignore_ascii_case("published") {
                None
            } else {
                Some(parse_uplift_pct(&percent).map_err(|e| anyhow::anyhow!("PERCENT: {e}"))?)
            };
            let mut store = existing_db(db)?;
            store.set_uplift(category, pct)?;
            let book = placement_planner::costing::CostBook::from_settings(&store.settings()?);
            outln!(
                "{}: uplift {}% a year{}",
                category.label(),
                book.uplift_pct(category),
                if pct.is_none() { " (published)" } else { "" }
            );
            Ok(())
        }
        RatesCmd::Copy { from, to, uplift } => {
            let from = parse_financial_year(&from).map_err(|e| anyhow::anyhow!("FROM: {e}"))?;
            let to = parse_financial_year(&to).map_err(|e| anyhow::anyhow!("TO: {e}"))?;
            let uplift = uplift
                .map(|u| parse_uplift_pct(&u))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--uplift: {e}"))?;
            let mut store = existing_db(db)?;
            let rates = copy_rates_forward(&store.settings()?, from, to, uplift);
            if rates.is_empty() {
                anyhow::bail!("there are no {} rates to copy", financial_year_label(from));
            }
            store.put_rates(&rates)?;
            for r in &rates {
                outln!(
                    "{} {}: {} ({})",
                    r.category.label(),
                    financial_year_label(to),
                    r.weekly_cost.to_pounds_pence_string(),
                    r.source
                );
            }
            Ok(())
        }
    }
}

/// `placement-planner settings`: prints the settings, or sets the council's
/// code and name (checked first; nothing is written when either is wrong).
fn settings_command(
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
    let mut settings = store.settings()?;
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
        let show = |t: &str| {
            if t.trim().is_empty() {
                "not set".to_string()
            } else {
                t.to_string()
            }
        };
        outln!("Council name: {}", show(&settings.council_name));
        outln!("Council code: {}", show(&settings.council_code));
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
    let council = CouncilArgs::check(council_code, council_name)?;
    council.apply(&mut settings);
    store.save_settings(&settings)?;
    outln!(
        "Council: {} ({})",
        settings.council_name,
        settings.council_code
    );
    Ok(())
}

/// `--council-code` and `--council-name` as given, each checked by the
/// rules the window's Council settings use.
struct CouncilArgs {
    code: Option<String>,
    name: Option<String>,
}

impl CouncilArgs {
    fn check(code: Option<String>, name: Option<String>) -> anyhow::Result<CouncilArgs> {
        let code = code
            .map(|c| placement_planner::model::settings::check_council_code(&c))
            .transpose()
            .map_err(|e| anyhow::anyhow!("--council-code: {e}"))?;
        let name = name
            .map(|n| placement_planner::model::settings::check_council_name(&n))
            .transpose()
            .map_err(|e| anyhow::anyhow!("--council-name: {e}"))?;
        Ok(CouncilArgs { code, name })
    }

    fn is_empty(&self) -> bool {
        self.code.is_none() && self.name.is_none()
    }

    /// Sets what was given; leaves the rest as it was.
    fn apply(self, settings: &mut placement_planner::model::Settings) {
        if let Some(code) = self.code {
            settings.council_code = code;
        }
        if let Some(name) = self.name {
            settings.council_name = name;
        }
    }
}

/// `placement-planner new`: an empty database, with the council when given
/// (checked before anything is written), and what to do next.
fn new_command(
    db: Option<PathBuf>,
    council_code: Option<String>,
    council_name: Option<String>,
) -> anyhow::Result<()> {
    let path = db.context("say where to create it: placement-planner new --db PATH")?;
    let council = CouncilArgs::check(council_code, council_name)?;
    if path.exists() {
        anyhow::bail!(
            "{} already exists; `new` never writes over a file. Choose another name, or open \
             this one with --db",
            path.display()
        );
    }
    let mut store = Store::create_new(&path)?;
    let mut settings = store.settings()?;
    let set_council = !council.is_empty();
    council.apply(&mut settings);
    if set_council {
        store.save_settings(&settings)?;
    }
    drop(store);
    let shown = |t: &str| {
        if t.is_empty() {
            "not set".to_string()
        } else {
            t.to_string()
        }
    };
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

/// `placement-planner backup`: one rotating backup now.
fn backup_command(db: Option<PathBuf>, keep: Option<usize>) -> anyhow::Result<()> {
    use placement_planner::store::MAX_KEEP_BACKUPS;
    let store = existing_db(db)?;
    let keep = match keep {
        Some(n) if (1..=MAX_KEEP_BACKUPS).contains(&n) => n,
        Some(_) => anyhow::bail!("--keep: keep between 1 and {MAX_KEEP_BACKUPS} backups"),
        None => store.keep_backups()?,
    };
    let b = store.back_up_rotating(keep)?;
    outln!(
        "Backed up to {} ({}); keeping the newest {keep}",
        b.path.display(),
        placement_planner::format::size_text(b.bytes)
    );
    Ok(())
}

/// `placement-planner backups`: the backups, newest first.
fn backups_command(db: Option<PathBuf>) -> anyhow::Result<()> {
    let db = db.unwrap_or_else(paths::default_database);
    let list = placement_planner::store::list_backups(&db)?;
    let dir = placement_planner::store::backups_dir(&db);
    if list.is_empty() {
        outln!("No backups of {} in {}", db.display(), dir.display());
        return Ok(());
    }
    outln!(
        "{} backups of {} in {}:",
        list.len(),
        db.display(),
        dir.display()
    );
    for b in &list {
        outln!(
            "{}  {:>9}  {}",
            placement_planner::format::local_time_seconds_text(b.taken_at),
            placement_planner::format::size_text(b.bytes),
            b.path.display()
        );
    }
    Ok(())
}

/// `placement-planner restore BACKUP`: shows both files; with --yes,
/// restores (the current file is backed up first).
fn restore_command(db: Option<PathBuf>, backup: PathBuf, yes: bool) -> anyhow::Result<()> {
    use placement_planner::store::{preview_backup, restore_backup, BackupPreview};
    let db = db.unwrap_or_else(paths::default_database);
    let backup = if backup.exists() || backup.components().count() > 1 {
        backup
    } else {
        placement_planner::store::backups_dir(&db).join(&backup)
    };
    let show = |title: &str, p: &BackupPreview| {
        let c = &p.counts;
        outln!(
            "{title}: {}; {} children, {} carer households, {} homes, {} placements, \
             {} postcodes, {} scenarios; latest placement starts {}; schema {}; {}",
            if p.council_name.is_empty() {
                "council not named"
            } else {
                &p.council_name
            },
            c.children,
            c.carers,
            c.homes,
            c.placements,
            c.postcodes,
            p.scenarios,
            p.newest_placement_start
                .map_or("-".into(), placement_planner::model::format_uk_date),
            p.schema_version,
            placement_planner::format::size_text(p.bytes)
        );
    };
    let incoming = preview_backup(&backup)?;
    show(&format!("The backup {}", backup.display()), &incoming);
    match preview_backup(&db) {
        Ok(current) => show(&format!("The current {}", db.display()), &current),
        Err(e) => outln!("The current {}: {e}", db.display()),
    }
    if !yes {
        // A preview is what was asked for, not a failure.
        outln!(
            "Nothing was changed; add --yes to replace the current data with the backup's \
             (the current file is backed up first)."
        );
        return Ok(());
    }
    let safety = restore_backup(&db, &backup)?;
    outln!(
        "Restored {} from {}; the data it held before is in {}",
        db.display(),
        backup.display(),
        safety.path.display()
    );
    Ok(())
}
