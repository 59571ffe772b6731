//! `netaudit rename`: every row of one group given another name, in the log itself, at
//! once and under the lock, every other byte of the file left as it was.

use super::Context;
use crate::activity::{Column, parse_group};
use crate::cli::RenameArgs;
use crate::cmd::log_file::target;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::files::LockedFile;
use crate::messages::shell_word;
use crate::messages::show_value;
use crate::names::group_key;
use crate::sources::csv_log::rewrite::{WholeText, edit_cells, quoted_cell, same_rows, unquoted};
use crate::sources::csv_log::writer::{ExistingLog, read_existing};
use anyhow::{Context as _, Result, anyhow};

/// Renames the group, then prints how many rows changed.
pub fn run(args: RenameArgs, context: &Context) -> Result<ExitStatus> {
    rename(args, context.config()?, context.quiet).map(|()| ExitStatus::Done)
}

/// [`run`]: the group's cells rewritten, or nothing written.
fn rename(args: RenameArgs, config: &Config, quiet: bool) -> Result<()> {
    let path = target(args.file.as_deref(), config, "rename")?;
    let name = path.display().to_string();
    let new = parse_group(&args.new)
        .map_err(|expected| anyhow!("new name {}: expected {expected}", show_value(&args.new)))?;
    let old_key = group_key(&args.old);
    let refuse = |why: &str| anyhow!("cannot rename \"{}\" in {name}: {why}", args.old);
    let file = LockedFile::open(&path)
        .with_context(|| format!("cannot open {name} to rename a group in it"))?
        .ok_or_else(|| refuse("there is no such file"))?;
    if let Some(repair) = file.repair() {
        crate::messages::note(repair);
    }
    let log = read_existing(
        &file,
        &name,
        &config.format,
        &std::collections::HashSet::new(),
        false,
    )?;
    if log.problems > 0 {
        return Err(refuse(&format!(
            "it has problems, and a row that does not read cannot be renamed safely; \
             netaudit check {} lists them",
            shell_word(&name)
        )));
    }
    if !log.groups.iter().any(|group| group_key(group) == old_key) {
        let mut groups: Vec<String> = log
            .groups
            .iter()
            .map(|group| format!("\"{group}\""))
            .collect();
        groups.sort();
        return Err(refuse(&format!(
            "no row names it; its groups: {}",
            groups.join(", ")
        )));
    }
    let whole = WholeText::read(&file, &log, &refuse, "rename it in a text editor")?;
    let (text, renamed) = renamed(&whole.text, &log, &old_key, &new);
    same_rows(&whole.text, &text, &name, &log.options, &|row| {
        if group_key(&row.group) == old_key {
            row.group.clone_from(&new);
        }
    })
    .map_err(|why| refuse(&format!("{why}; nothing was written")))?;
    let doing = format!("cannot rename \"{}\" to \"{new}\" in {name}", args.old);
    let bytes = whole.encode(&text, &log.dialect, &doing)?;
    file.replace(&bytes)
        .with_context(|| format!("cannot write {name}"))?;
    if !quiet {
        super::terminal::print(
            format!(
                "renamed \"{}\" to \"{new}\" in {renamed} row{} of {name}\n",
                args.old,
                if renamed == 1 { "" } else { "s" }
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}

/// `text` with the group cell of each row whose group has `old_key` written as `new`,
/// and how many rows that is. Only those cells change: quotes, spacing elsewhere, line
/// ends and blank lines stay as they are.
fn renamed(text: &str, log: &ExistingLog, old_key: &str, new: &str) -> (String, u64) {
    let delimiter = char::from(log.dialect.delimiter);
    let group_at = log
        .dialect
        .columns
        .iter()
        .position(|column| *column == Some(Column::Group));
    let cell = quoted_cell(new, delimiter);
    edit_cells(text, delimiter, &mut |fields| {
        group_at
            .filter(|&at| {
                fields
                    .get(at)
                    .is_some_and(|group| group_key(&unquoted(group)) == old_key)
            })
            .map(|at| (at, cell.clone()))
    })
}
