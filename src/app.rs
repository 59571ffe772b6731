//! Runs a parsed command line: the global flags resolved once into a [`Context`], and
//! each command handed its arguments and that context.

use crate::cli::{Cli, Command};
use crate::cmd::{self, Context};
use crate::exit::ExitStatus;
use anyhow::Result;

/// Runs a parsed command line; the status is what the run found, an error what stopped it.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let today = chrono::Local::now().date_naive();
    let context = Context::new(cli.config, today, cli.quiet, cli.color);
    let context = &context;
    match cli.command {
        Command::Report(args) => cmd::report::run(args, context),
        Command::Trend(args) => cmd::trend::run(args, context),
        Command::Show(args) => cmd::show::run(args, context),
        Command::Groups(args) => cmd::groups::run(args, context),
        Command::Partners(args) => cmd::partners::run(args, context),
        Command::Leads(args) => cmd::leads::run(args, context),
        Command::Brief(args) => cmd::brief::run(args, context),
        Command::Chapter(args) => cmd::chapter::run(args, context),
        Command::Log(args) => cmd::log::run(args, context),
        Command::Import(args) => cmd::import::run(args, context),
        Command::Rename(args) => cmd::rename::run(args, context),
        Command::Check(args) => cmd::check::run(args, context),
        Command::Init(args) => cmd::init::run(args, context),
        Command::Completions(args) => cmd::docs::completions(args, context),
        Command::Man(args) => cmd::docs::man(args, context),
    }
}
