//! What only Windows needs: asking the system whether a drive letter is a
//! network drive, and a window's lock that leaves the lock file readable.
//! Everything else the app does on Windows goes through the
//! standard library and the cross-platform crates (eframe, rfd,
//! directories).

use std::fs::File;
use std::path::{Component, Path, Prefix};

/// Whether `path` (relative paths taken from the working folder) is on a
/// drive letter that Windows reports as a network drive (`net use Z:
/// \\server\share`, or a drive mapped by group policy). UNC paths are
/// recognised by their name before this is asked.
pub fn on_network_drive(path: &Path) -> bool {
    let Ok(full) = std::path::absolute(path) else {
        return false;
    };
    let letter = match full.components().next() {
        Some(Component::Prefix(p)) => match p.kind() {
            Prefix::Disk(l) | Prefix::VerbatimDisk(l) => l,
            Prefix::UNC(..) | Prefix::VerbatimUNC(..) => return true,
            _ => return false,
        },
        _ => return false,
    };
    let root: Vec<u16> = format!("{}:\\", char::from(letter))
        .encode_utf16()
        .chain(std::iter::once(0))
        .collect();
    // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
    let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) };
    kind == windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE
}

/// Where the window's lock sits in `<database>.lock`: one byte far past
/// anything written there (2^62), the way SQLite locks bytes past its data.
const LOCK_OFFSET_HIGH: u32 = 0x4000_0000;

/// Takes an exclusive lock on one byte far past the end of `file`: `Ok(true)`
/// when taken, `Ok(false)` when another handle holds it. Windows' locks are
/// mandatory, so the standard library's whole-file lock would stop a second
/// window reading who holds it (the text at the start of the file); this one
/// leaves those bytes readable. Released when the file is closed, or when
/// the process dies.
pub fn try_lock_far_byte(file: &File) -> std::io::Result<bool> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::ERROR_LOCK_VIOLATION;
    use windows_sys::Win32::Storage::FileSystem::LockFile;
    // SAFETY: the handle is `file`'s own, open for the whole call.
    let taken = unsafe { LockFile(file.as_raw_handle(), 0, LOCK_OFFSET_HIGH, 1, 0) };
    if taken != 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(ERROR_LOCK_VIOLATION as i32) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_system_drive_is_not_a_network_drive() {
        let system = std::env::var("SystemDrive").unwrap_or_else(|_| "C:".into());
        assert!(!on_network_drive(Path::new(&format!(
            "{system}\\county.sqlite"
        ))));
    }

    /// The lock byte is taken once, and the text before it stays readable
    /// through another handle while it is held.
    #[test]
    fn the_far_byte_lock_is_exclusive_and_leaves_the_text_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("county.sqlite.lock");
        std::fs::write(&path, "panel on LAPTOP-12").unwrap();
        let first = File::options().read(true).write(true).open(&path).unwrap();
        assert!(try_lock_far_byte(&first).unwrap());
        let mut second = File::options().read(true).write(true).open(&path).unwrap();
        assert!(!try_lock_far_byte(&second).unwrap());
        let mut text = String::new();
        second.read_to_string(&mut text).unwrap();
        assert_eq!(text, "panel on LAPTOP-12");
        drop(first);
        assert!(try_lock_far_byte(&second).unwrap());
    }
}
