//! The `placement-planner` command: opens the window with no subcommand,
//! otherwise runs the same library functions from the command line.

use anyhow::Context;
use clap::{Parser, Subcommand};
use placement_planner::{paths, sample, session};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "placement-planner",
    version,
    about = "Placement sufficiency planner for children's services"
)]
struct Cli {
    /// The database file to open (default: the one in your data directory,
    /// created from the built-in sample on first run).
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
    /// Regenerate the committed CSV and GeoJSON files under sample_data/.
    SampleFiles {
        #[arg(long, default_value = "sample_data")]
        dir: PathBuf,
    },
    /// Show where the default database lives.
    Where,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        None => placement_planner::ui::run(cli.db),
        Some(Cmd::Sample { seed, force }) => {
            let path = cli
                .db
                .context("say where to write it: placement-planner sample --db PATH")?;
            let store = session::write_sample_database(&path, seed, force)?;
            let c = store.counts()?;
            println!(
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
        Some(Cmd::SampleFiles { dir }) => {
            let county = sample::generate(sample::DEFAULT_SEED);
            sample::write_to_dir(&dir, &county)
                .with_context(|| format!("writing the sample files to {}", dir.display()))?;
            println!(
                "Wrote {} files to {}",
                sample::SAMPLE_FILES.len(),
                dir.display()
            );
            Ok(())
        }
        Some(Cmd::Where) => {
            println!("{}", paths::default_database().display());
            Ok(())
        }
    }
}
