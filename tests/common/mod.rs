//! Helpers the command-line tests share.
// Each test crate uses a subset of these helpers.
#![allow(dead_code)]

pub mod baselines;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The built `placement-planner` binary, ready for arguments.
pub fn planner() -> Command {
    Command::cargo_bin("placement-planner").unwrap()
}

/// Writes the sample county to `dir/county.sqlite` with the command line.
pub fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("county.sqlite");
    let out = planner()
        .args(["sample", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}
