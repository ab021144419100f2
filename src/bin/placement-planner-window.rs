//! The window on its own, for the Start menu and desktop shortcuts. On
//! Windows it is a GUI program, so no console window opens beside it; the
//! command line, `placement-planner.exe`, stays a console program so that
//! it prints where it was run and the terminal waits for it. Takes
//! `--db PATH` as the command line does; with nothing, it opens the default
//! database (made from the sample county on first run).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// The placement-planner window (the command line is placement-planner).
#[derive(Parser, Debug)]
#[command(name = "placement-planner-window", version)]
struct Args {
    /// The database file to open (default: the one in your data directory,
    /// created from the built-in sample on first run).
    #[arg(long)]
    db: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        // --help and --version are "errors" that print what was asked.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => return fail(&e.to_string()),
    };
    match placement_planner::ui::run(args.db) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// Says what went wrong: on the terminal if there is one, and on Windows,
/// where a GUI program usually has none, in a message box too.
fn fail(text: &str) -> ExitCode {
    eprintln!("{}", text.trim_end());
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

    #[test]
    fn the_database_is_the_only_argument() {
        let db = |a: &[&str]| Args::try_parse_from(a).map(|args| args.db);
        assert_eq!(db(&["w"]).unwrap(), None);
        assert_eq!(
            db(&["w", "--db", "C:\\Data\\My council.sqlite"]).unwrap(),
            Some(PathBuf::from("C:\\Data\\My council.sqlite"))
        );
        assert_eq!(
            db(&["w", "--db=é.sqlite"]).unwrap(),
            Some(PathBuf::from("é.sqlite"))
        );
        let missing = db(&["w", "--db"]).unwrap_err();
        assert_eq!(missing.kind(), clap::error::ErrorKind::InvalidValue);
        let unknown = db(&["w", "report"]).unwrap_err();
        assert_eq!(unknown.kind(), clap::error::ErrorKind::UnknownArgument);
        assert!(unknown.to_string().contains("'report'"), "{unknown}");
    }
}
