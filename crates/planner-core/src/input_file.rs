//! A file the user names to be read (an import, a scenario file): it must
//! be a regular file, and no larger than the reader's limit, checked before
//! any of it is read and again while reading (a file may grow meanwhile).
//!
//! A device, a pipe or a folder is refused by what it is, not by its size:
//! `/dev/zero` reports 0 bytes and never ends, and a pipe may hang.
//!
//! The reasons here are bare ("it is not a regular file…"); each reader
//! puts them into its own error with the file's name.

use std::io::Read;
use std::path::Path;

/// Why a device, a pipe or a folder is refused.
pub const NOT_A_REGULAR_FILE: &str =
    "it is not a regular file (a device, a pipe or a folder); save the data to a file and use that";

/// "the file is 3.1 GB; the largest accepted is 2 GB" when `size` is over
/// `max`.
pub fn too_large(size: u64, max: u64) -> Option<String> {
    (size > max).then(|| {
        format!(
            "the file is {}; the largest accepted is {}",
            crate::format::size_text(size),
            crate::format::size_text(max)
        )
    })
}

/// The size of the regular file at `path`, refused (with the reason) when
/// it cannot be opened, is not a regular file or is over `max` bytes.
pub fn checked_size(path: &Path, max: u64) -> Result<u64, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot open it: {e}"))?;
    if !meta.is_file() {
        return Err(NOT_A_REGULAR_FILE.into());
    }
    match too_large(meta.len(), max) {
        Some(reason) => Err(reason),
        None => Ok(meta.len()),
    }
}

/// The bytes of the regular file at `path`, refused as [`checked_size`]
/// does, and never read past `max` bytes even if the file grows.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    checked_size(path, max)?;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open it: {e}"))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    match too_large(bytes.len() as u64, max) {
        Some(reason) => Err(reason),
        None => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, vec![b'x'; 2048]).unwrap();
        // 2,048 bytes is 2 KB; the limit, 1,024 bytes, is 1 KB.
        assert_eq!(
            read_bounded(&path, 1024).unwrap_err(),
            "the file is 2 KB; the largest accepted is 1 KB"
        );
        assert_eq!(checked_size(&path, 2048), Ok(2048));
        assert_eq!(read_bounded(&path, 2048).unwrap().len(), 2048);
    }

    #[test]
    fn a_folder_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            checked_size(dir.path(), 1 << 20).unwrap_err(),
            NOT_A_REGULAR_FILE
        );
        let missing = dir.path().join("missing.csv");
        assert!(checked_size(&missing, 1 << 20)
            .unwrap_err()
            .starts_with("cannot open it: "));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_it_is_read() {
        // /dev/zero reports 0 bytes and never ends.
        assert_eq!(
            read_bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err(),
            NOT_A_REGULAR_FILE
        );
    }
}
