//! Opening a database for use: the default one is created from the built-in
//! sample on first run. Shared by the window and the command line.

use crate::sample::{generate, DEFAULT_SEED};
use crate::store::{Store, StoreError, StoreResult};
use std::path::Path;

/// Opens `path`; when it does not exist yet and `create_sample` is set,
/// creates it holding the sample county first. Returns the store and
/// whether the sample was written.
pub fn open_or_create(path: &Path, create_sample: bool) -> StoreResult<(Store, bool)> {
    if path.exists() {
        return Ok((Store::open(path)?, false));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::File {
            path: parent.display().to_string(),
            reason: format!("cannot create the folder: {e}"),
        })?;
    }
    let mut store = Store::create_new(path)?;
    if create_sample {
        store.insert_county(&generate(DEFAULT_SEED))?;
    }
    Ok((store, create_sample))
}

/// Writes the sample county (seed `seed`) into a new database file.
/// Refuses to replace an existing file unless `force` is set.
pub fn write_sample_database(path: &Path, seed: u64, force: bool) -> StoreResult<Store> {
    if path.exists() {
        if !force {
            return Err(StoreError::File {
                path: path.display().to_string(),
                reason: "a file already exists there; add --force to replace it".into(),
            });
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let p = std::path::PathBuf::from(p);
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| StoreError::File {
                    path: p.display().to_string(),
                    reason: format!("cannot replace it: {e}"),
                })?;
            }
        }
    }
    let mut store = Store::create_new(path)?;
    store.insert_county(&generate(seed))?;
    Ok(store)
}
