//! Helpers the command-line tests share.
// Each test crate uses a subset of these helpers.
#![allow(dead_code)]

pub mod baselines;
pub mod files;
pub mod history;
pub mod records;
pub mod ui;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The built `placement-planner` binary, ready for arguments.
pub fn planner() -> Command {
    Command::cargo_bin("placement-planner").unwrap()
}

/// Runs `cmd`, which must succeed (else the test fails with its stderr),
/// and returns what it printed.
pub fn succeeds(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes the sample county to `dir/county.sqlite` with the command line.
/// Runs `cmd`, which must fail (else the test fails with its output),
/// and returns what it said on stderr.
pub fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("county.sqlite");
    succeeds(planner().args(["sample", "--db"]).arg(&db));
    db
}
