//! Files tests write for themselves.

use std::path::{Path, PathBuf};

/// The SSDA903 header file's columns.
pub const SSDA903_HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
/// The SSDA903 episodes file's columns.
pub const SSDA903_EPISODES: &str =
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";

/// Writes `dir/name`: the header line, then one line per row.
pub fn write_csv(dir: &Path, name: &str, header: &str, rows: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut text = String::from(header);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    path
}
