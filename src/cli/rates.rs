//! `rates`: cost rates by placement category and financial year, and the
//! categories' yearly uplifts.

use super::db::{existing_db, reading_db};
use super::import::{run_import, ImportFlags};
use super::output::{cli_error, out, outln};
use anyhow::Context;
use clap::Subcommand;
use placement_planner::import::ImportSource;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum RatesCmd {
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
/// `placement-planner rates …` (see [`RatesCmd`]).
pub(super) fn rates_command(db: Option<PathBuf>, action: Option<RatesCmd>) -> anyhow::Result<()> {
    use placement_planner::app::rates::{change_rates, copy_rates};
    use placement_planner::costing::rates_table;
    use placement_planner::model::settings::{
        financial_year_label, parse_category, parse_financial_year, parse_uplift_pct,
        parse_weekly_rate,
    };
    use placement_planner::model::{date::financial_year_of, CostRate, RateChanges};
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
            let table = rates_table(&store.settings()?, this_year);
            out!("{}", placement_planner::report::rates::to_text(&table));
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
            change_rates(
                &mut store,
                &RateChanges {
                    put: vec![CostRate {
                        category,
                        financial_year: year,
                        weekly_cost: weekly,
                        source,
                    }],
                    ..RateChanges::default()
                },
            )
            .map_err(rates_error)?;
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
            change_rates(
                &mut store,
                &RateChanges {
                    delete: vec![(category, year)],
                    ..RateChanges::default()
                },
            )
            .map_err(rates_error)?;
            outln!(
                "Deleted the {} rate for {}",
                financial_year_label(year),
                category.label()
            );
            Ok(())
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
            change_rates(
                &mut store,
                &RateChanges {
                    uplifts: vec![(category, pct)],
                    ..RateChanges::default()
                },
            )
            .map_err(rates_error)?;
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
            let rates = copy_rates(&mut store, from, to, uplift).map_err(rates_error)?;
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

/// A rates operation's error, naming the argument a refused value came from.
fn rates_error(e: placement_planner::app::AppError) -> anyhow::Error {
    use placement_planner::app::Field;
    cli_error(e, |field| match field {
        Field::WeeklyRate => "AMOUNT",
        Field::FinancialYear => "YEAR",
        Field::Uplift => "PERCENT",
        Field::CouncilCode
        | Field::CouncilName
        | Field::KeepBackups
        | Field::EndDate
        | Field::ReasonForChange => "value",
    })
}
