//! `scenario`: what-if scenarios from a TOML file of levers (run, export,
//! save, list) and the backtests of the model on the past.

use super::db::{date_flag, existing_db, reading_db};
use super::output::{out, outln, Format};
use clap::Subcommand;
use placement_planner::store::Store;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum ScenarioKind {
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
        #[arg(long, value_parser = reference_months_parser())]
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
        #[arg(long, value_parser = reference_months_parser())]
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
        #[arg(long, value_parser = reference_months_parser())]
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
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120))]
        origins: Option<u32>,
        /// With --rolling: Monte Carlo runs per start for the bands'
        /// coverage (0 to 10,000; 200 when left out; 0 leaves bands out).
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=10_000))]
        runs: Option<u32>,
        /// With --rolling: entries follow the trend fitted over each start's
        /// reference period (the `entry_trend` lever), not its flat average,
        /// so the check says whether the trend would have helped.
        #[arg(long)]
        entry_trend: bool,
        /// Calendar months before the start date that entry and exit rates
        /// are measured over (1 to 120).
        #[arg(long, default_value_t = DEFAULT_REFERENCE_MONTHS, value_parser = reference_months_parser())]
        reference_months: u32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

use placement_planner::scenario::saved::{DEFAULT_REFERENCE_MONTHS, REFERENCE_MONTHS_RANGE};

/// `--reference-months`: the reference periods a scenario allows.
fn reference_months_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(
        i64::from(*REFERENCE_MONTHS_RANGE.start())..=i64::from(*REFERENCE_MONTHS_RANGE.end()),
    )
}

/// A scenario file's levers and the baseline they start from: the
/// database's records on `start` (today when left out), with entry and exit
/// rates measured over the `reference_months` before it.
fn scenario_inputs(
    db: Option<PathBuf>,
    scenario: &std::path::Path,
    start: Option<String>,
    reference_months: Option<u32>,
) -> anyhow::Result<ScenarioInputs> {
    let text = placement_planner::scenario::file::read_scenario_file(scenario)
        .map_err(|e| anyhow::anyhow!("{}: {e}", scenario.display()))?;
    let levers = placement_planner::scenario::file::levers_from_toml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", scenario.display()))?;
    let store = existing_db(db)?;
    let start = match start {
        None => placement_planner::model::date::today(),
        Some(t) => date_flag("--start", &t)?,
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
    for note in levers.notes(&baseline) {
        eprintln!("note: {note}");
    }
    Ok(ScenarioInputs {
        store,
        levers,
        baseline,
    })
}

/// What a scenario command works on: the database, the scenario file's
/// levers and the baseline fitted on the start.
struct ScenarioInputs {
    store: Store,
    levers: placement_planner::scenario::Levers,
    baseline: placement_planner::scenario::Baseline,
}

/// `placement-planner scenario …` (see [`ScenarioKind`]).
pub(super) fn scenario_command(db: Option<PathBuf>, kind: ScenarioKind) -> anyhow::Result<()> {
    match kind {
        ScenarioKind::Run {
            scenario,
            start,
            reference_months,
            format,
            runs,
            seed,
        } => run_scenario(db, scenario, start, reference_months, format, runs, seed),
        ScenarioKind::Backtest {
            start,
            months,
            rolling,
            origins,
            runs,
            entry_trend,
            reference_months,
            format,
        } => {
            if reference_months == 0 {
                anyhow::bail!("--reference-months must be at least 1");
            }
            // Said here, not by clap: a flag's default counts as given
            // for `requires`, so these would be silently ignored.
            let rolling_only = [
                ("--origins", origins.is_some()),
                ("--runs", runs.is_some()),
                ("--entry-trend", entry_trend),
            ];
            if let Some((flag, _)) = rolling_only.iter().find(|(_, given)| !rolling && *given) {
                anyhow::bail!("{flag} goes with --rolling (the check from many starting months)");
            }
            if rolling {
                let check = RollingCheck {
                    months,
                    origins,
                    runs,
                    entry_trend,
                    reference_months,
                };
                rolling_backtest(db, check, format)
            } else {
                backtest_from_start(db, start, months, reference_months, format)
            }
        }
        ScenarioKind::Export {
            scenario,
            out,
            start,
            reference_months,
            name,
        } => export_scenario(db, scenario, out, start, reference_months, name),
        ScenarioKind::Save {
            scenario,
            name,
            notes,
            start,
            reference_months,
            replace,
        } => save_scenario(db, scenario, name, notes, start, reference_months, replace),
        ScenarioKind::List => list_scenarios(db),
    }
}

/// `placement-planner scenario run`: the projection, with Monte Carlo
/// bands when `runs` is given.
fn run_scenario(
    db: Option<PathBuf>,
    scenario: PathBuf,
    start: Option<String>,
    reference_months: Option<u32>,
    format: Format,
    runs: Option<u32>,
    seed: Option<u64>,
) -> anyhow::Result<()> {
    use placement_planner::report::projection;
    use placement_planner::scenario::{monte_carlo, project};
    let ScenarioInputs {
        levers, baseline, ..
    } = scenario_inputs(db, &scenario, start, reference_months)?;
    let p = project(&baseline, &levers);
    let bands = runs.map(|n| monte_carlo(&baseline, &levers, n, seed.unwrap_or(1)));
    let bands = bands.as_ref();
    match format {
        Format::Text => {
            outln!("{}", projection::start_spend_line(&baseline));
            out!("{}", projection::to_text_with_bands(&p, bands))
        }
        Format::Json => {
            let mut v = projection::to_json_with_bands(&p, bands);
            v["start_spend"] = serde_json::to_value(baseline.start_spend)?;
            v["notes"] = serde_json::json!(levers.notes(&baseline));
            outln!("{}", serde_json::to_string_pretty(&v)?)
        }
        Format::Csv => out!("{}", projection::to_csv_with_bands(&p, bands)),
    }
    Ok(())
}

/// What `scenario backtest --rolling` was asked for.
struct RollingCheck {
    months: Option<u32>,
    origins: Option<u32>,
    runs: Option<u32>,
    entry_trend: bool,
    reference_months: u32,
}

/// `placement-planner scenario backtest --rolling`: from every month of
/// the last three years the records allow, error by months ahead.
fn rolling_backtest(
    db: Option<PathBuf>,
    check: RollingCheck,
    format: Format,
) -> anyhow::Result<()> {
    let RollingCheck {
        months,
        origins,
        runs,
        entry_trend,
        reference_months,
    } = check;
    use placement_planner::report::rolling;
    use placement_planner::scenario::rolling as roll;
    let store = reading_db(db)?;
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
    spec.entry_trend = entry_trend;
    let r = roll::rolling_backtest(&data, &spec);
    match format {
        Format::Text => out!("{}", rolling::to_text(&r)),
        Format::Json => outln!("{}", serde_json::to_string_pretty(&rolling::to_json(&r))?),
        Format::Csv => out!("{}", rolling::to_csv(&r)),
    }
    Ok(())
}

/// `placement-planner scenario backtest --start … --months …`: the
/// projection from a past start compared month by month with what happened.
fn backtest_from_start(
    db: Option<PathBuf>,
    start: Option<String>,
    months: Option<u32>,
    reference_months: u32,
    format: Format,
) -> anyhow::Result<()> {
    use placement_planner::scenario::backtest;
    let (Some(start), Some(months)) = (start, months) else {
        anyhow::bail!("--start and --months are needed without --rolling");
    };
    let start = date_flag("--start", &start)?;
    let end = placement_planner::scenario::baseline::add_months(start, i64::from(months));
    if end > placement_planner::model::date::today() {
        anyhow::bail!(
            "--start and --months: the backtest compares months that have ended, but \
             {months} months from {} run to {}, after today",
            placement_planner::model::format_uk_date(start),
            placement_planner::model::format_uk_date(end)
        );
    }
    let store = reading_db(db)?;
    let data = store.county_data()?;
    placement_planner::scenario::baseline::check_start(&data, start)
        .map_err(|e| anyhow::anyhow!("--start: {e}"))?;
    placement_planner::scenario::baseline::check_reference(&data, start, reference_months)
        .map_err(|e| anyhow::anyhow!("--reference-months: {e}"))?;
    let b = backtest::backtest(&data, start, months, reference_months);
    // What the fitting did with the history (leavers just before 18, thin
    // data), as `scenario run` says it; the backtest has no levers.
    let notes = placement_planner::scenario::Levers::default().notes(&b.baseline);
    for note in &notes {
        eprintln!("note: {note}");
    }
    match format {
        Format::Text => out!("{}", placement_planner::report::backtest::to_text(&b)),
        Format::Json => {
            let mut v = placement_planner::report::backtest::to_json(&b);
            v["notes"] = serde_json::json!(notes);
            outln!("{}", serde_json::to_string_pretty(&v)?)
        }
        Format::Csv => out!("{}", placement_planner::report::backtest::to_csv(&b)),
    }
    Ok(())
}

/// `placement-planner scenario export`: the projection written to a CSV
/// or Excel file.
fn export_scenario(
    db: Option<PathBuf>,
    scenario: PathBuf,
    out: PathBuf,
    start: Option<String>,
    reference_months: Option<u32>,
    name: Option<String>,
) -> anyhow::Result<()> {
    use placement_planner::export::scenario::ScenarioExportFormat;
    ScenarioExportFormat::from_path(&out)?;
    let name = name.unwrap_or_else(|| {
        scenario
            .file_stem()
            .map_or("Scenario".into(), |s| s.to_string_lossy().into_owned())
    });
    let ScenarioInputs {
        levers, baseline, ..
    } = scenario_inputs(db, &scenario, start, reference_months)?;
    let start = baseline.start;
    let p = placement_planner::app::scenarios::export_fitted(&baseline, &name, &levers, &out)
        .map_err(|e| super::output::cli_error(e, |_| "value"))?;
    outln!(
        "Wrote scenario '{name}' ({} months from {}) to {}",
        p.months.len(),
        placement_planner::model::format_uk_date(start),
        out.display()
    );
    Ok(())
}

/// `placement-planner scenario save`: a scenario file's levers saved in
/// the database under a name.
fn save_scenario(
    db: Option<PathBuf>,
    scenario: PathBuf,
    name: String,
    notes: Option<String>,
    start: Option<String>,
    reference_months: Option<u32>,
    replace: bool,
) -> anyhow::Result<()> {
    use placement_planner::scenario::ScenarioDraft;
    let ScenarioInputs {
        mut store,
        levers,
        baseline,
        ..
    } = scenario_inputs(db, &scenario, start, reference_months)?;
    let draft = ScenarioDraft::for_baseline(name, notes.unwrap_or_default(), levers, &baseline);
    let id = placement_planner::app::scenarios::save_named(&mut store, &draft, replace)
        .map_err(|e| super::output::cli_error(e, |_| "value"))?;
    let name = draft.name.trim();
    outln!("Saved scenario '{name}' (id {id})");
    Ok(())
}

/// `placement-planner scenario list`: the scenarios saved in the database.
fn list_scenarios(db: Option<PathBuf>) -> anyhow::Result<()> {
    let store = reading_db(db)?;
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
