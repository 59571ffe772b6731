//! One log checked to its end: each problem written as it is found, with its file, line
//! and column, and what the rows note (dates after today, look-alike groups) gathered.

use crate::activity::format::LogFormat;
use crate::activity::{ActivityRow, LogError, MAX_GROUPS};
use crate::cmd::inputs::{Input, open, prepare_log};
use crate::cmd::terminal::StdoutLines;
use crate::exit::ExitStatus;
use crate::ledger::{Ledger, MAX_SPELLINGS, Membership};
use crate::sources::csv_log::LogReader;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

use super::Findings;

/// Rows dated after today: how many, and where the first stands.
#[derive(Default)]
pub(super) struct AfterToday {
    pub(super) rows: u64,
    pub(super) first: Option<(usize, u64)>,
}

/// What reading the logs notes of the rows, for the warnings.
pub(super) struct Seen<'a> {
    /// The input being read, by its place among the inputs.
    pub(super) input: usize,
    /// Where each spelling of a group name first appears (which input, which line).
    pub(super) first_seen: &'a mut HashMap<String, (usize, u64)>,
    pub(super) today: NaiveDate,
    pub(super) future: &'a mut AfterToday,
    /// The config's aliases, to find the group a row counts for.
    pub(super) membership: &'a Membership,
    /// Each group's last meeting up to today, by key.
    pub(super) last_meetings: &'a mut HashMap<String, NaiveDate>,
}

/// Reads one log to its end, writing each problem as it is found.
pub(super) fn check_log(
    input: &Input,
    format: &LogFormat,
    ledger: &mut Ledger,
    seen: &mut Seen<'_>,
    out: &mut StdoutLines,
    tally: &mut Findings,
) -> Result<Vec<String>> {
    let name = input.name();
    let mut report = |errors: Vec<LogError>, out: &mut StdoutLines| -> Result<()> {
        for error in errors {
            out.line(error)?;
            tally.problems += 1;
        }
        Ok(())
    };
    let unopened = |err: anyhow::Error| LogError {
        file: name.clone(),
        sheet: None,
        line: None,
        detail: format!("{err:#}"),
    };
    let opened = match open(input) {
        Ok(opened) => opened,
        Err(err) => return report(vec![unopened(err)], out).map(|()| Vec::new()),
    };
    let prepared = match prepare_log(&opened, &name, format, 1) {
        Ok(prepared) => prepared,
        Err(err) => return report(vec![unopened(err)], out).map(|()| Vec::new()),
    };
    let mut log = match LogReader::open(prepared.input.into_reader(), &name, &prepared.options) {
        Ok(log) => log,
        Err(errors) => return report(errors, out).map(|()| Vec::new()),
    };
    let mut row = ActivityRow::default();
    while let Some(read) = log.read_row(&mut row) {
        match read {
            // Only spellings of groups the ledger holds are kept: no more than it holds.
            Ok(line) => match ledger.add(&row) {
                Ok(()) => {
                    if !seen.first_seen.contains_key(&row.group)
                        && seen.first_seen.len() < MAX_GROUPS * MAX_SPELLINGS
                    {
                        seen.first_seen
                            .insert(row.group.clone(), (seen.input, line));
                    }
                    if row.date > seen.today {
                        seen.future.rows += 1;
                        seen.future.first.get_or_insert((seen.input, line));
                    } else if row.figures.meetings > 0 {
                        // Keys are kept for groups the ledger holds: no more than it holds.
                        let last = seen
                            .last_meetings
                            .entry(seen.membership.key_of(&row.group))
                            .or_insert(row.date);
                        *last = (*last).max(row.date);
                    }
                }
                Err(detail) => report(vec![log.error_at(line, detail)], out)?,
            },
            Err(errors) => report(errors, out)?,
        }
    }
    let notes = log.take_notes();
    drop(log);
    if let Err(err) = opened.unchanged(input) {
        out.line(format_args!("{err:#}"))?;
        tally.problems += 1;
    }
    Ok(notes)
}

pub(super) fn finish(
    mut out: StdoutLines,
    checked: &[String],
    tally: &Findings,
    ledger: Option<&Ledger>,
    quiet: bool,
) -> Result<ExitStatus> {
    let outcome = if tally.problems == 0 {
        ExitStatus::Done
    } else {
        ExitStatus::Failed
    };
    if quiet {
        out.flush()?;
        return Ok(outcome);
    }
    let contents = ledger
        .map(|ledger| {
            format!(
                ": {}, {}",
                plural(ledger.rows(), "row"),
                plural(ledger.names().count() as u64, "group")
            )
        })
        .unwrap_or_default();
    let problems = match tally.problems {
        0 => "no problems".to_string(),
        n => plural(n, "problem"),
    };
    let warnings = match tally.warnings {
        0 => String::new(),
        n => format!(", {}", plural(n, "warning")),
    };
    out.line(format_args!(
        "checked {}{contents}; {problems}{warnings}",
        checked.join(", ")
    ))?;
    out.flush()?;
    Ok(outcome)
}

/// `1 row`, `2 rows`.
pub(super) fn plural(n: u64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}
