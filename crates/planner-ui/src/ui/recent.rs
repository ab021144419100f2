//! The recent-files list, kept as JSON beside the default database.

use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Default)]
pub struct RecentFiles {
    /// Where the list is saved; `None` keeps it in memory only (tests).
    file: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
}

impl RecentFiles {
    pub fn in_memory() -> RecentFiles {
        RecentFiles::default()
    }

    /// Loads the list; a missing or unreadable file gives an empty list.
    pub fn load(file: PathBuf) -> RecentFiles {
        let paths = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str::<Vec<PathBuf>>(&t).ok())
            .unwrap_or_default();
        RecentFiles {
            file: Some(file),
            paths,
        }
    }

    /// Puts `path` first and saves the list (best effort: a list that
    /// cannot be saved is not worth an error).
    pub fn add(&mut self, path: &Path) {
        let path = dunce::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        if let Some(file) = &self.file {
            if let Some(parent) = file.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if let Ok(text) = serde_json::to_string_pretty(&self.paths) {
                let _ = std::fs::write(file, text);
            }
        }
    }
}
