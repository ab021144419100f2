//! `import` and `template`: bringing a council's files in (checked, shown,
//! then written in one transaction), and the blank CSV templates for them.

use super::db::existing_db;
use super::output::{outln, IMPORTING};
use anyhow::Context;
use placement_planner::import::ImportSource;
use placement_planner::store::Store;
use std::path::PathBuf;

/// The kinds `import` takes, by their names, with their descriptions in
/// the help.
pub(super) fn import_source() -> impl clap::builder::TypedValueParser<Value = ImportSource> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        ImportSource::ALL.map(|s| PossibleValue::new(s.cli_name()).help(s.description())),
    )
    .try_map(|name| ImportSource::from_cli_name(&name).ok_or("not a kind of import"))
}

/// How `import` was asked to run.
pub(super) struct ImportFlags {
    pub(super) dry_run: bool,
    pub(super) skip_rejected: bool,
    pub(super) year: Option<String>,
    pub(super) la: Option<String>,
    pub(super) findings: Option<PathBuf>,
}

/// Checks, reports and (unless `dry_run`) applies an import.
pub(super) fn run_import(
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

/// `placement-planner import`: the database named by `--db`, then
/// [`run_import`].
pub(super) fn import_command(
    db: Option<PathBuf>,
    kind: ImportSource,
    paths: Vec<PathBuf>,
    code: Option<String>,
    flags: ImportFlags,
) -> anyhow::Result<()> {
    run_import(existing_db(db)?, kind, paths, code, flags)
}

/// `placement-planner template`: a blank CSV template for `kind` (an
/// import source's command-line name; "finance" is taken for "costs").
pub(super) fn template_command(kind: String, out: PathBuf) -> anyhow::Result<()> {
    let name = kind.trim().to_ascii_lowercase();
    let name = if name == "finance" { "costs" } else { &name };
    let text = ImportSource::from_cli_name(name)
        .and_then(|s| s.blank_template(jiff::Zoned::now().date()))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "'{kind}' is not a template; use {}",
                ImportSource::with_templates_text()
            )
        })?;
    std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
    // A record template is its header line alone.
    match text.lines().count() {
        1 => outln!(
            "Wrote the {name} template ({} columns) to {}",
            text.trim_end().split(',').count(),
            out.display()
        ),
        _ => outln!("Wrote the {name} template to {}", out.display()),
    }
    Ok(())
}
