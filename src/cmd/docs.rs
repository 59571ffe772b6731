//! Shell completions and manual pages, generated from the clap definitions so that they
//! never disagree with `--help`.

use super::print;
use anyhow::{Result, bail};

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, command: &mut clap::Command) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, command, "netaudit", &mut script);
    print(&script)
}

/// Prints the manual page of netaudit, or of one of its commands (`netaudit-report(1)`).
pub fn man(mut command: clap::Command, subcommand: Option<&str>) -> Result<()> {
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
    print(&roff)
}
