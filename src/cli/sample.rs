//! `sample` and `sample-files`: the synthetic sample county, as a database
//! or as the committed CSV and GeoJSON files.

use super::output::outln;
use anyhow::Context;
use placement_planner::{sample, session};
use std::path::{Path, PathBuf};

/// `placement-planner sample`: the sample county written to `--db`.
pub(super) fn sample_command(db: Option<PathBuf>, seed: u64, force: bool) -> anyhow::Result<()> {
    let path = db.context("say where to write it: placement-planner sample --db PATH")?;
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

/// `placement-planner sample-files`: the sample county's files under `dir`.
pub(super) fn sample_files_command(dir: &Path) -> anyhow::Result<()> {
    let county = sample::generate(sample::DEFAULT_SEED);
    sample::write_to_dir(dir, &county)
        .with_context(|| format!("writing the sample files to {}", dir.display()))?;
    outln!(
        "Wrote {} files to {}",
        sample::SAMPLE_FILES.len(),
        dir.display()
    );
    Ok(())
}
