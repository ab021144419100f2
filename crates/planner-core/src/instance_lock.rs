//! One window writes a database at a time. The window holds an exclusive
//! advisory lock on `<database>.lock` (the operating system's file lock, so
//! it is released even if the window is killed); a second window that finds
//! it taken is told who has it and may open the file read-only. The
//! command line does not take the lock: its writes are single transactions
//! that SQLite already serialises.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held while a window has a database open for writing.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

/// Another window holds the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUse {
    /// "alice on LAPTOP-12 (process 4321) since 22/11/2026 14:03", as that
    /// window wrote it; empty if it could not be read.
    pub holder: String,
}

/// The lock file beside a database: beside the real file, so the same
/// database reached through a symbolic link (or `..`) has the same lock.
pub fn lock_path(db: &Path) -> PathBuf {
    let db = dunce::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db.with_file_name(name)
}

fn who_am_i() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "someone".into());
    let host = std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .unwrap_or_else(|| "this computer".into());
    format!(
        "{user} on {host} (process {}) since {}",
        std::process::id(),
        crate::format::local_time_text(jiff::Timestamp::now())
    )
}

/// Locks `file` for this window: `Ok(false)` when another holds it. The
/// operating system's advisory whole-file lock on Unix; on Windows, whose
/// locks are mandatory, a byte past the text so others can still read who
/// holds it.
#[cfg(not(windows))]
fn try_take(file: &File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(windows)]
fn try_take(file: &File) -> std::io::Result<bool> {
    crate::windows::try_lock_far_byte(file)
}

impl InstanceLock {
    /// Takes the lock for `db`, or says who has it.
    pub fn acquire(db: &Path) -> Result<Result<InstanceLock, InUse>, std::io::Error> {
        let path = lock_path(db);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        if try_take(&file)? {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(who_am_i().as_bytes())?;
            file.flush()?;
            Ok(Ok(InstanceLock { _file: file, path }))
        } else {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            Ok(Err(InUse {
                holder: holder.trim().to_string(),
            }))
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, fault 18: one database, one lock, however it is named.
    #[cfg(unix)]
    #[test]
    fn the_same_database_through_a_link_shares_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("county.sqlite");
        std::fs::write(&real, b"").unwrap();
        let link = dir.path().join("shortcut.sqlite");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let _first = InstanceLock::acquire(&real).unwrap().unwrap();
        assert!(InstanceLock::acquire(&link).unwrap().is_err());
        let dotted = dir.path().join(".").join("county.sqlite");
        assert!(InstanceLock::acquire(&dotted).unwrap().is_err());
    }

    #[test]
    fn a_second_lock_on_the_same_database_is_refused_and_says_who() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("county.sqlite");
        let first = InstanceLock::acquire(&db).unwrap().unwrap();
        // Resolved as Windows shows it (C:\…, not \\?\C:\…).
        assert_eq!(
            first.path(),
            dunce::canonicalize(dir.path())
                .unwrap()
                .join("county.sqlite.lock")
        );
        let second = InstanceLock::acquire(&db).unwrap().unwrap_err();
        assert!(
            second
                .holder
                .contains(&format!("(process {})", std::process::id())),
            "{}",
            second.holder
        );
        // Released when the first window closes the file.
        drop(first);
        assert!(InstanceLock::acquire(&db).unwrap().is_ok());
    }
}
