//! `netaudit log`: one row appended to the log, in the log's own column order, line ends
//! and encoding, without ever damaging what is already there (see `sources::csv_log::writer`).

use super::Context;
use super::flag_forms::row_from_args;
use crate::activity::format::LogFormat;
use crate::activity::{Column, HAND_COLUMNS};
use crate::cli::LogArgs;
use crate::cmd::log_file::{check_group_is_known, target};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::files::{LockedFile, Undo, create_new, keep_undo};
use crate::messages::shell_word;
use crate::messages::{self};
use crate::sources::csv_log::rewrite::with_new_columns;
use crate::sources::csv_log::writer::{append_to, new_log, read_existing};
use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;
use std::io::ErrorKind;

/// Prints the row that was logged unless `quiet`. The row is in the log by now, so a
/// failure to print it is a warning that says so, never an error that would invite a retry.
fn print_row(row: &str, name: &str, quiet: bool) {
    if quiet {
        return;
    }
    let shown = format!("{}\n", super::terminal::shown_log_text(row.trim_end()));
    if let Err(err) = super::terminal::print(shown.as_bytes()) {
        messages::warn(format_args!(
            "the row was added to {name}, but could not be shown: {err:#}"
        ));
    }
}

/// Appends the row, then prints it unless `quiet`, which also silences the warnings; or
/// with --undo, takes back the last row appended.
pub fn run(args: LogArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    append_or_undo(args, config, context.today, context.quiet).map(|()| ExitStatus::Done)
}

/// [`run`]: the row appended, or with --undo taken back.
fn append_or_undo(args: LogArgs, config: &Config, today: NaiveDate, quiet: bool) -> Result<()> {
    let format = &config.format;
    let path = target(args.file.as_deref(), config, "log")?;
    let name = path.display().to_string();
    if args.undo {
        return undo(&path, &name, format, quiet);
    }
    let row = row_from_args(&args, today, format)?;
    if row.date > today && !quiet {
        messages::warn(format_args!(
            "{} is after today ({today}); the row is added, and counts once its month is over",
            row.date
        ));
    }
    let in_config: Vec<&str> = config
        .groups
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    loop {
        let opened = LockedFile::open(&path)
            .with_context(|| format!("cannot open {name} to append to it"))?;
        let Some(file) = opened else {
            check_group_is_known(&row.group, &in_config, &name, args.strict, quiet)?;
            let write = new_log(std::iter::once(row.clone()), &HAND_COLUMNS, format, &name)?;
            let bytes = write.bytes()?;
            match create_new(&path, &bytes) {
                Ok(()) => {
                    let row = &write.rows_text()?;
                    if let Some(added) = added_bytes(&bytes, row) {
                        keep_undo(&path, &bytes, added).with_context(|| {
                            format!("cannot keep a record of the row added to {name}")
                        })?;
                    }
                    print_row(row, &name, quiet);
                    return Ok(());
                }
                // Another netaudit created it a moment ago: append to that one instead.
                Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
                Err(err) => {
                    return Err(err).with_context(|| format!("cannot create the log {name}"));
                }
            }
        };
        if let Some(repair) = file.repair() {
            messages::note(repair);
        }
        let write = if file.is_empty()? {
            check_group_is_known(&row.group, &in_config, &name, args.strict, quiet)?;
            new_log(std::iter::once(row.clone()), &HAND_COLUMNS, format, &name)?
        } else {
            let log = read_existing(
                &file,
                &name,
                format,
                &std::collections::HashSet::new(),
                false,
            )?;
            let mut known: Vec<&str> = log.groups.iter().map(String::as_str).collect();
            known.extend(&in_config);
            check_group_is_known(&row.group, &known, &name, args.strict, quiet)?;
            if log.problems > 0 && !quiet {
                messages::warn(format_args!(
                    "{name} has {} problem{} that will stop a report; netaudit check {} lists them",
                    log.problems,
                    if log.problems == 1 { "" } else { "s" },
                    shell_word(&name)
                ));
            }
            let missing = |missing| no_column(missing, &name);
            let rows = std::iter::once(row.clone());
            let lacking: Vec<Column> = (row.cells.iter())
                .map(|(column, _)| *column)
                .filter(|column| {
                    // A column a log kept by hand lacks is the user's choice, said as such.
                    !column.spec().by_hand && !log.dialect.columns.contains(&Some(*column))
                })
                .collect();
            if !lacking.is_empty() {
                let mut log = log;
                let write = with_new_columns(&file, &mut log, &lacking, rows, &name, &missing)?;
                let (bytes, added) = (write.bytes()?, &write.rows_text()?);
                let what = lacking
                    .iter()
                    .map(|column| column.name())
                    .collect::<Vec<_>>();
                let what = match what.as_slice() {
                    [one] => format!("a {one} column"),
                    _ => format!("columns {}", what.join(", ")),
                };
                match added_bytes(&bytes, added) {
                    Some(rows) => file.replace_keeping_undo(&bytes, rows),
                    None => file.replace(&bytes),
                }
                .with_context(|| format!("cannot add {what} to {name}"))?;
                if !quiet {
                    messages::note(format_args!("added {what} to {name}"));
                }
                print_row(added, &name, quiet);
                return Ok(());
            }
            append_to(&file, &log, rows, &name, &missing)?
        };
        let (bytes, added) = (write.bytes()?, write.rows_text()?);
        file.append(&bytes, Undo::Keep)
            .with_context(|| format!("cannot append to {name}"))?;
        print_row(&added, &name, quiet);
        return Ok(());
    }
}

/// How many bytes at the end of `bytes`, the log's new contents, are the `rows` just added,
/// for the record `log --undo` reads: their text as it is, in a UTF-8 log, the commonest.
/// `None` in another encoding, which keeps no record; such a row is taken back by hand.
fn added_bytes(bytes: &[u8], rows: &str) -> Option<usize> {
    bytes.ends_with(rows.as_bytes()).then_some(rows.len())
}

/// Takes back the last row `log` appended to the log at `path`, and prints it unless
/// `quiet`.
fn undo(path: &std::path::Path, name: &str, format: &LogFormat, quiet: bool) -> Result<()> {
    let file = LockedFile::open(path)
        .with_context(|| format!("cannot open {name} to take its last row back"))?
        .ok_or_else(|| anyhow!("cannot take a row back from {name}: there is no such file"))?;
    if let Some(repair) = file.repair() {
        messages::note(repair);
    }
    let encoding = read_existing(
        &file,
        name,
        format,
        &std::collections::HashSet::new(),
        false,
    )?
    .dialect
    .encoding;
    let removed = file
        .undo_append()
        .with_context(|| format!("cannot take the last row back from {name}"))?
        .map_err(|why| {
            anyhow!("cannot take the last row back from {name}: {why}; nothing was changed")
        })?;
    let (text, _) = encoding.decode_without_bom_handling(&removed);
    if !quiet {
        messages::note(format_args!("took this row back from {name}:"));
    }
    print_row(&text, name, quiet);
    Ok(())
}

/// A row whose figure has no column in the log.
fn no_column(missing: Column, name: &str) -> anyhow::Error {
    anyhow!(
        "cannot append to {name}: its header has no \"{}\" column; add the column to the \
         header row, or log without --{}",
        missing.name(),
        missing.name().replace('_', "-")
    )
}
