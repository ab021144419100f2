//! How the command line writes and reports: standard output that a closed
//! pipe cannot turn into a panic, the output formats, and the sentence for
//! trouble with the database file itself.

use placement_planner::paths;
use std::path::PathBuf;

/// The first error writing standard output (a closed pipe, a full disk),
/// as its kind; printing stops there and the work goes on.
static OUTPUT_FAILED: std::sync::OnceLock<std::io::ErrorKind> = std::sync::OnceLock::new();

/// Writes to standard output, unlike `print!` never panicking: once a
/// write fails (`| head` has read what it wanted) the rest is dropped, and
/// the import, backup or restore the user asked for still finishes.
pub(super) fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if OUTPUT_FAILED.get().is_some() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        let _ = OUTPUT_FAILED.set(e.kind());
    }
}

/// Why standard output stopped, if it did.
pub(crate) fn output_failure() -> Option<std::io::ErrorKind> {
    OUTPUT_FAILED.get().copied()
}

/// The `--db` the command was given (`None`: the default database), for
/// naming the file in a message about the file itself.
pub(super) static DATABASE: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Set while an import runs: a locked or full database then reads
/// "nothing was imported".
pub(super) static IMPORTING: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Trouble with the database file itself (locked, disk full, damaged) as a
/// sentence naming the file and saying nothing was done, when that is what
/// went wrong; SQLite's bare words otherwise name neither.
pub(crate) fn file_trouble_message(e: &anyhow::Error) -> Option<String> {
    use placement_planner::import::ImportError;
    use placement_planner::store::StoreError;
    let trouble = e.chain().find_map(|cause| {
        let store = cause.downcast_ref::<StoreError>().or_else(|| {
            match cause.downcast_ref::<ImportError>() {
                Some(ImportError::Store(s)) => Some(s),
                _ => None,
            }
        });
        store.and_then(StoreError::file_trouble)
    })?;
    let path = DATABASE
        .get()
        .cloned()
        .flatten()
        .unwrap_or_else(paths::default_database);
    let importing = IMPORTING.load(std::sync::atomic::Ordering::Relaxed);
    Some(format!(
        "{}: {}",
        path.display(),
        trouble.sentence(importing.then_some("imported"))
    ))
}

/// `println!` that a closed pipe cannot turn into a panic (see [`write_out`]).
macro_rules! outln {
    () => {
        $crate::cli::output::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that a closed pipe cannot turn into a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::write_out(format_args!($($arg)*))
    };
}

pub(super) use {out, outln};

#[derive(Clone, Copy, clap::ValueEnum)]
pub(super) enum Format {
    Text,
    Json,
    Csv,
}

/// An operation's error as the command line says it: a value refused names
/// the flag it came from (`flag_of` says which), and a store, import or
/// export error stays itself, so the file-trouble wording still finds it.
pub(crate) fn cli_error(
    e: placement_planner::app::AppError,
    flag_of: impl Fn(placement_planner::app::Field) -> &'static str,
) -> anyhow::Error {
    use placement_planner::app::AppError;
    match e {
        AppError::Store(e) => e.into(),
        AppError::Import(e) => e.into(),
        AppError::Export(e) => e.into(),
        AppError::Invalid { field, reason } => anyhow::anyhow!("{}: {reason}", flag_of(field)),
        e @ AppError::Write { .. } => e.into(),
        AppError::Refused(text) => anyhow::anyhow!(text),
    }
}
