//! What the fuzz targets share: a scratch folder the inputs are written to
//! (the parsers read files), the fixtures, and the checks every error must
//! pass, as `tests/fuzz_parsers.rs` makes them: an error says something and
//! names the file it is about. A broken check panics, which libFuzzer
//! reports as a crash.

use planner_io::import::ImportError;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// This process's scratch folder: in /dev/shm where there is one (the
/// targets write a file or two per input, and a restore syncs a database),
/// else the system's temporary folder. Folders left by fuzzers that have
/// ended (libFuzzer exits without running destructors) are cleared when
/// the next one starts.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        const PREFIX: &str = "placement-planner-fuzz-";
        if let Ok(entries) = std::fs::read_dir(&base) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(pid) = name.strip_prefix(PREFIX) {
                    if !Path::new("/proc").join(pid).exists() {
                        let _ = std::fs::remove_dir_all(entry.path());
                    }
                }
            }
        }
        let dir = base.join(format!("{PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the scratch folder");
        dir
    })
}

/// Writes `bytes` to `name` in the scratch folder.
pub fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).expect("writing the input");
    path
}

/// A file under tests/fixtures/.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel)
}

/// An import error must say something and name `file`.
pub fn check_error(e: &ImportError, file: &str) {
    check_error_of(e, &[file]);
}

/// An import error about one of `files`: each issue names one of them and
/// gives a reason, and the message names the first (for rejected rows,
/// the first refused for its own fault).
pub fn check_error_of(e: &ImportError, files: &[&str]) {
    let text = e.to_string();
    assert!(!text.trim().is_empty(), "an empty message: {e:?}");
    let named: Vec<&str> = match e {
        ImportError::Unreadable(issue) => {
            assert!(!issue.reason.trim().is_empty(), "no reason: {text}");
            vec![issue.file.as_str()]
        }
        ImportError::Rejected(issues) => {
            assert!(!issues.is_empty(), "rejected without an issue: {text}");
            for i in issues {
                assert!(!i.reason.trim().is_empty(), "no reason: {text}");
            }
            issues.iter().map(|i| i.file.as_str()).collect()
        }
        ImportError::ChooseCouncil { file, councils } => {
            assert!(councils.len() > 1, "a choice of one council: {text}");
            vec![file.as_str()]
        }
        ImportError::Cancelled => panic!("cancelled without being asked"),
        ImportError::Store(s) => panic!("a store error from {files:?}: {s}"),
    };
    for file in &named {
        assert!(files.contains(file), "{text} names none of {files:?}");
    }
    // The summary of rejected rows names the first row refused for its own
    // fault (not one refused only because another row was).
    let first = match e {
        ImportError::Rejected(issues) => planner_io::import::first_cause(issues)
            .map(|i| i.file.as_str())
            .unwrap_or_default(),
        _ => named[0],
    };
    assert!(text.contains(first), "{text} does not name {first}");
}
