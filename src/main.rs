use clap::Parser;
use netaudit::cli::{Cli, Outcome, run};
use netaudit::messages;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print to stdout and exit 0.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        // A usage error quotes what was typed, which may hold anything: shown escaped.
        Err(err) => {
            messages::raw(&err.render().to_string());
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::DecisionDue) => ExitCode::from(1),
        Ok(Outcome::ProblemsFound) => ExitCode::from(2),
        Err(err) => {
            messages::error(&err);
            ExitCode::from(2)
        }
    }
}
