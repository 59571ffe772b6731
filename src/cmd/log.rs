//! `netaudit log`: one row appended to the log, in the log's own column order, line ends
//! and encoding, without ever damaging what is already there (see [`super::append`]).

use super::append::{NewRow, append_to, check_group_is_known, new_log, read_existing, target};
use super::shell_word;
use crate::activity::{Column, HAND_COLUMNS, parse_group};
use crate::cli::LogArgs;
use crate::config::Config;
use crate::files::{LockedFile, create_new};
use crate::messages::{self, show_value};
use crate::records::MAX_FIELD_BYTES;
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use std::io::ErrorKind;

/// The row `log`'s arguments describe, valid.
fn row_from_args(args: &LogArgs, today: NaiveDate) -> Result<NewRow> {
    let group = parse_group(&args.group)
        .map_err(|expected| anyhow!("group {}: expected {expected}", show_value(&args.group)))?;
    let date = args.date.unwrap_or(today);
    // Hours on their own are time at a meeting, the commonest row by far.
    let meetings = args.meetings.or(args.hours.map(|_| 1));
    let figures = [
        (Column::Meetings, meetings.map(|n| n.to_string())),
        (Column::Hours, args.hours.map(|a| a.as_cell())),
        (Column::Cost, args.cost.map(|a| a.as_cell())),
        (Column::Leads, args.leads.map(|n| n.to_string())),
        (Column::Deals, args.deals.map(|n| n.to_string())),
        (Column::Revenue, args.revenue.map(|a| a.as_cell())),
        (
            Column::ReferralsGiven,
            args.referrals_given.map(|n| n.to_string()),
        ),
        (Column::OtherValue, args.other_value.map(|a| a.as_cell())),
        (Column::Note, args.note.clone()),
    ];
    let mut cells = vec![
        (Column::Date, date.format("%Y-%m-%d").to_string()),
        (Column::Group, group.clone()),
    ];
    cells.extend(
        figures
            .into_iter()
            .filter_map(|(column, value)| Some((column, value?))),
    );
    if cells.len() == 2 {
        bail!(
            "nothing to log for {group}: give at least one of --meetings, --hours, --cost, \
             --leads, --deals, --revenue, --referrals-given, --other-value or --note"
        );
    }
    if let Some(note) = &args.note
        && note.len() > MAX_FIELD_BYTES
    {
        bail!(
            "--note is {} bytes long; a field may hold at most {} KiB",
            note.len(),
            MAX_FIELD_BYTES / 1024
        );
    }
    Ok(NewRow {
        date,
        group,
        cells,
        implied_meeting: args.meetings.is_none() && args.hours.is_some(),
    })
}

/// Prints the row that was logged unless `quiet`. The row is in the log by now, so a
/// failure to print it is a warning that says so, never an error that would invite a retry.
fn print_row(row: &str, name: &str, quiet: bool) {
    if quiet {
        return;
    }
    // A tab-separated log's tabs are shown as tabs; anything else hostile, escaped.
    let line: Vec<String> = row
        .trim_end()
        .split('\t')
        .map(|field| messages::escape(field).into_owned())
        .collect();
    let shown = format!("{}\n", line.join("\t"));
    if let Err(err) = super::print(shown.as_bytes()) {
        messages::warn(format_args!(
            "the row was added to {name}, but could not be shown: {err:#}"
        ));
    }
}

/// Appends the row, then prints it unless `quiet`, which also silences the warnings.
pub fn run(args: LogArgs, config: &Config, today: NaiveDate, quiet: bool) -> Result<()> {
    let format = &config.format;
    let path = target(args.file.as_deref(), config, "log")?;
    let row = row_from_args(&args, today)?;
    let name = path.display().to_string();
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
            let write = new_log(std::slice::from_ref(&row), &HAND_COLUMNS, format, &name)?;
            match create_new(&path, &write.bytes) {
                Ok(()) => {
                    print_row(&write.rows.concat(), &name, quiet);
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
            new_log(std::slice::from_ref(&row), &HAND_COLUMNS, format, &name)?
        } else {
            let log = read_existing(&file, &name, format)?;
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
            append_to(&file, &log, std::slice::from_ref(&row), &name, &|missing| {
                no_column(missing, &name)
            })?
        };
        file.append(&write.bytes)
            .with_context(|| format!("cannot append to {name}"))?;
        print_row(&write.rows.concat(), &name, quiet);
        return Ok(());
    }
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
