//! Where the planner keeps its files.
//!
//! The database lives in the user's data directory (on Linux
//! `~/.local/share/placement-planner/placement-planner.sqlite`), unless
//! `--db PATH` or the `PLACEMENT_PLANNER_DATA_DIR` environment variable says
//! otherwise.

use std::path::PathBuf;

pub const DATABASE_FILE_NAME: &str = "placement-planner.sqlite";
pub const DATA_DIR_ENV: &str = "PLACEMENT_PLANNER_DATA_DIR";

/// The folder for the default database and the recent-files list.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("uk", "placement-planner", "placement-planner")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The database opened when no `--db` is given.
pub fn default_database() -> PathBuf {
    data_dir().join(DATABASE_FILE_NAME)
}

/// The list of recently opened databases.
pub fn recent_files_list() -> PathBuf {
    data_dir().join("recent-files.json")
}
