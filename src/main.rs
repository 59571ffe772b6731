#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use netaudit::cli::Cli;
use netaudit::exit::ExitStatus;
use netaudit::{app, messages};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print to stdout and exit 0.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitStatus::Done.into();
        }
        // A usage error quotes what was typed, which may hold anything: shown escaped.
        Err(err) => {
            messages::raw(&err.render().to_string());
            return ExitStatus::Failed.into();
        }
    };
    match app::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            messages::error(&err);
            ExitStatus::Failed.into()
        }
    }
}
