//! Shell completions and manual pages, generated from the clap definitions so that they
//! never disagree with `--help`.

use super::Context;
use super::terminal::print;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit::ExitStatus;
use anyhow::{Result, bail};
use clap::CommandFactory;

/// Prints the completion script for the shell `args` names.
pub fn completions(args: CompletionsArgs, _: &Context) -> Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "netaudit", &mut script);
    print(&script)?;
    Ok(ExitStatus::Done)
}

/// Prints the manual page of netaudit, or of one of its commands (`netaudit-report(1)`).
pub fn man(args: ManArgs, _: &Context) -> Result<ExitStatus> {
    let subcommand = args.command.as_deref();
    let mut command = Cli::command();
    // Building names each subcommand's page as clap shows it: netaudit-report.
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(|sub| sub.get_name())
                    .collect();
                bail!(
                    "netaudit has no command \"{name}\"; there are pages for {}",
                    names.join(", ")
                )
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    print(&roff)?;
    Ok(ExitStatus::Done)
}
