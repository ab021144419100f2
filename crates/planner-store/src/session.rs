//! Opening a database for use: the default one is created from the built-in
//! sample on first run. Shared by the window and the command line.

use crate::sample::{generate, DEFAULT_SEED};
use crate::store::{BackupInfo, RecordCounts, Store, StoreError, StoreResult};
use std::path::Path;

/// A database opened for use by [`open_for_use`].
pub struct Opened {
    pub store: Store,
    /// The file was new and the sample county was written into it.
    pub created_sample: bool,
    /// The rotating backup taken on opening an existing file with records.
    pub backup: Option<BackupInfo>,
    /// Why that backup could not be taken: show it; the database is open.
    pub backup_warning: Option<String>,
}

/// As [`open_or_create`], and when the file existed and holds records,
/// first takes a rotating backup into its backups folder, keeping the
/// database's `keep_backups` setting's number. A failed backup does not stop
/// the opening: it comes back as `backup_warning`.
pub fn open_for_use(path: &Path, create_sample: bool) -> StoreResult<Opened> {
    if path.exists() {
        let store = Store::open(path)?;
        let mut opened = Opened {
            store,
            created_sample: false,
            backup: None,
            backup_warning: None,
        };
        let backup = opened.store.counts().and_then(|c| {
            if c == RecordCounts::default() {
                return Ok(None);
            }
            let keep = opened.store.keep_backups()?;
            opened.store.back_up_rotating(keep).map(Some)
        });
        match backup {
            Ok(b) => opened.backup = b,
            Err(e) => {
                opened.backup_warning = Some(format!(
                    "{} was opened, but the backup on opening failed: {e}",
                    path.display()
                ))
            }
        }
        return Ok(opened);
    }
    let (store, created_sample) = create(path, create_sample)?;
    Ok(Opened {
        store,
        created_sample,
        backup: None,
        backup_warning: None,
    })
}

/// Opens `path`; when it does not exist yet and `create_sample` is set,
/// creates it holding the sample county first. Returns the store and
/// whether the sample was written. Takes the backup on opening as
/// [`open_for_use`] does; a failed backup is only logged.
pub fn open_or_create(path: &Path, create_sample: bool) -> StoreResult<(Store, bool)> {
    let opened = open_for_use(path, create_sample)?;
    if let Some(w) = &opened.backup_warning {
        tracing::warn!("{w}");
    }
    Ok((opened.store, opened.created_sample))
}

/// Creates `path` (and its folder), holding the sample when asked.
fn create(path: &Path, create_sample: bool) -> StoreResult<(Store, bool)> {
    make_folder_for(path)?;
    let mut store = Store::create_new(path)?;
    if create_sample {
        store.insert_county(&generate(DEFAULT_SEED))?;
    }
    Ok((store, create_sample))
}

/// Writes the sample county (seed `seed`) into a new database file.
/// Refuses to replace an existing file unless `force` is set.
pub fn write_sample_database(path: &Path, seed: u64, force: bool) -> StoreResult<Store> {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p)
    };
    let file_error = |p: &Path, reason: String| StoreError::File {
        path: p.display().to_string(),
        reason,
    };
    if path.exists() && !force {
        return Err(file_error(
            path,
            "a file already exists there; add --force to replace it".into(),
        ));
    }
    // Written beside the target and moved into place once whole, so a full
    // disk or a kill part-way never leaves a half-made county under the
    // name (which would then block a retry).
    make_folder_for(path)?;
    clear_partials(path);
    let partial = with(&format!(".partial-{}", std::process::id()));
    let written = (|| -> StoreResult<()> {
        let mut store = Store::create_new(&partial)?;
        store.insert_county(&generate(seed))?;
        // Closing checkpoints the WAL into the file: one file to move.
        drop(store);
        for suffix in ["-wal", "-shm"] {
            let old = with(suffix);
            if old.exists() {
                std::fs::remove_file(&old)
                    .map_err(|e| file_error(&old, format!("cannot replace it: {e}")))?;
            }
        }
        std::fs::rename(&partial, path)
            .map_err(|e| file_error(path, format!("cannot write it: {e}")))
    })();
    if let Err(e) = written {
        clear_partials(path);
        return Err(e);
    }
    Store::open(path)
}

/// Creates the folder a new database file goes in (the data directory on a
/// first run, or a folder named with `--db`), with its parents.
fn make_folder_for(path: &Path) -> StoreResult<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| StoreError::File {
            path: parent.display().to_string(),
            reason: format!("cannot create the folder: {e}"),
        }),
        None => Ok(()),
    }
}

/// Removes `<path>.partial-*` files (and their journals) that an earlier
/// `sample` cut short left beside `path`.
fn clear_partials(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.partial-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
