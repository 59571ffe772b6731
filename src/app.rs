//! Runs a parsed command line: finds the config, and hands each command its arguments.

use crate::cli::{Cli, Command};
use crate::cmd;
use crate::config::{self, Config};
use crate::exit::ExitStatus;
use anyhow::Result;
use clap::CommandFactory;

/// Runs a parsed command line; the status is what the run found, an error what stopped it.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let config = || -> Result<Config> {
        match config::locate(cli.config.as_deref())? {
            Some(path) => config::load(&path),
            None => Ok(Config::default()),
        }
    };
    let today = || chrono::Local::now().date_naive();
    let quiet = cli.quiet;
    let done = |()| ExitStatus::Done;
    match cli.command {
        Command::Report(args) => cmd::report::run(args, &config()?, today(), quiet, cli.color),
        Command::Trend(args) => cmd::trend::run(args, &config()?, today(), quiet, cli.color),
        Command::Show(args) => cmd::show::run(args, &config()?, today(), quiet, cli.color),
        Command::Groups(args) => cmd::groups::run(args, &config()?, today(), quiet, cli.color),
        Command::Chapter(args) => cmd::chapter::run(args, &config()?, quiet, cli.color),
        Command::Log(args) => cmd::log::run(args, &config()?, today(), quiet).map(done),
        Command::Import(args) => cmd::import::run(args, &config()?, today(), quiet).map(done),
        Command::Rename(args) => cmd::rename::run(args, &config()?, quiet).map(done),
        Command::Check(args) => cmd::check::run(args, cli.config.as_deref(), today(), quiet),
        Command::Init(args) => cmd::init::run(&args, quiet).map(done),
        Command::Completions { shell } => {
            cmd::docs::completions(shell, &mut Cli::command()).map(done)
        }
        Command::Man { command } => cmd::docs::man(Cli::command(), command.as_deref()).map(done),
    }
}
