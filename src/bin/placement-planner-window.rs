//! The window on its own, for the Start menu and desktop shortcuts. On
//! Windows it is a GUI program, so no console window opens beside it; the
//! command line, `placement-planner.exe`, stays a console program so that
//! it prints where it was run and the terminal waits for it. Takes
//! `--db PATH` as the command line does; with nothing, it opens the default
//! database (made from the sample county on first run).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let database = match database_argument(std::env::args_os().skip(1)) {
        Ok(db) => db,
        Err(text) => return fail(&text),
    };
    match placement_planner::ui::run(database) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// `--db PATH` or `--db=PATH`, or nothing.
fn database_argument(mut args: impl Iterator<Item = OsString>) -> Result<Option<PathBuf>, String> {
    let mut database = None;
    while let Some(arg) = args.next() {
        if arg == "--db" {
            let path = args
                .next()
                .ok_or("--db needs the database's path after it")?;
            database = Some(PathBuf::from(path));
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            database = Some(PathBuf::from(path));
        } else {
            return Err(format!(
                "{} is not understood: placement-planner-window takes only --db PATH (the \
                 command line is placement-planner)",
                arg.to_string_lossy()
            ));
        }
    }
    Ok(database)
}

/// Says what went wrong: on the terminal if there is one, and on Windows,
/// where a GUI program usually has none, in a message box too.
fn fail(text: &str) -> ExitCode {
    eprintln!("error: {text}");
    #[cfg(windows)]
    {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("placement-planner")
            .set_description(text)
            .show();
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> impl Iterator<Item = OsString> {
        a.iter().map(OsString::from).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn the_database_is_taken_from_either_spelling_and_nothing_else_is_accepted() {
        assert_eq!(database_argument(args(&[])), Ok(None));
        assert_eq!(
            database_argument(args(&["--db", "C:\\Data\\My council.sqlite"])),
            Ok(Some(PathBuf::from("C:\\Data\\My council.sqlite")))
        );
        assert_eq!(
            database_argument(args(&["--db=é.sqlite"])),
            Ok(Some(PathBuf::from("é.sqlite")))
        );
        assert!(database_argument(args(&["--db"]))
            .unwrap_err()
            .contains("needs the database's path"));
        assert!(database_argument(args(&["report"]))
            .unwrap_err()
            .starts_with("report is not understood"));
    }
}
