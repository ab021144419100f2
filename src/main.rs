//! The `placement-planner` command: opens the window with no subcommand,
//! otherwise runs the same library functions from the command line.

mod cli;

fn main() -> std::process::ExitCode {
    use std::io::Write;
    init_tracing();
    let result = cli::run();
    let mut err = std::io::stderr();
    match (result, cli::output_failure()) {
        (Err(e), _) => {
            match cli::file_trouble_message(&e) {
                Some(text) => {
                    let _ = writeln!(err, "error: {text}");
                }
                None => {
                    let _ = writeln!(err, "error: {e:#}");
                }
            }
            std::process::ExitCode::FAILURE
        }
        // `| head` closed the pipe: what was asked for was done; nothing
        // more to say.
        (Ok(()), None | Some(std::io::ErrorKind::BrokenPipe)) => std::process::ExitCode::SUCCESS,
        (Ok(()), Some(kind)) => {
            let _ = writeln!(
                err,
                "error: the output could not be written ({}); the command itself was carried out",
                std::io::Error::from(kind)
            );
            std::process::ExitCode::FAILURE
        }
    }
}

/// Log lines on standard error, at `warn` unless `RUST_LOG` says otherwise.
fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
}
