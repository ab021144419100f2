//! What only Windows needs: asking the system whether a drive letter is a
//! network drive. Everything else the app does on Windows goes through the
//! standard library and the cross-platform crates (eframe, rfd,
//! directories).

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
