//! The logs a command reads: found from its arguments and the config, each opened once
//! and checked unchanged once read, made ready to be read as CSV whatever the file is, and
//! read into one ledger.

use crate::activity::ActivityRow;
use crate::activity::format::LogFormat;
use crate::cli::PeriodArgs;
use crate::config::{self, Config};
use crate::currency;
use crate::figures::Amount;
use crate::ledger::{Ledger, Membership};
use crate::render::decimal2;
use crate::settings::Rules;
use crate::sources::csv_log::CsvLog;
use crate::sources::input::{Prepared, prepare};
use crate::{files, messages};
use anyhow::{Context, Result, bail};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// Where activity rows come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// The logs to read: the files named (`-` for stdin), else the config's `log`. The same
/// input twice is refused, as its rows would count twice.
pub fn log_inputs(files: &[PathBuf], config: &Config, command: &str) -> Result<Vec<Input>> {
    let inputs: Vec<Input> = if !files.is_empty() {
        files
            .iter()
            .map(|file| {
                if file == Path::new("-") {
                    Input::Stdin
                } else {
                    Input::File(file.clone())
                }
            })
            .collect()
    } else if !config.log.is_empty() {
        config.log.iter().cloned().map(Input::File).collect()
    } else {
        bail!(
            "no activity log given: name one (netaudit {command} activity.csv), use - for standard input, \
             or set log = [\"activity.csv\"] in {} (netaudit init writes one)",
            config::CONFIG_FILE
        );
    };
    for (index, input) in inputs.iter().enumerate() {
        if inputs[..index]
            .iter()
            .any(|earlier| same_input(earlier, input))
        {
            bail!(
                "{} is given twice; its rows would count twice",
                input.name()
            );
        }
    }
    Ok(inputs)
}

fn same_input(a: &Input, b: &Input) -> bool {
    match (a, b) {
        (Input::Stdin, Input::Stdin) => true,
        (Input::File(a), Input::File(b)) => {
            a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
        }
        _ => false,
    }
}

/// An input open for reading: a file under the shared lock (see [`files::open_to_read`]),
/// or standard input.
pub enum Opened {
    Stdin,
    File {
        file: std::fs::File,
        /// What the file was when opened, to tell whether it changed while it was read.
        before: std::fs::Metadata,
    },
}

impl Opened {
    pub fn reader(&self) -> Box<dyn std::io::Read + '_> {
        match self {
            Opened::Stdin => Box::new(std::io::stdin().lock()),
            Opened::File { file, .. } => Box::new(file),
        }
    }

    /// Refuses a file that was cut short, grown or rewritten in place while it was read
    /// (by an editor, or a program that takes no lock): what was read is not the file.
    pub fn unchanged(&self, input: &Input) -> Result<()> {
        let Opened::File { file, before } = self else {
            return Ok(());
        };
        let after = file
            .metadata()
            .with_context(|| format!("cannot read {}", input.name()))?;
        if after.len() != before.len() || after.modified().ok() != before.modified().ok() {
            bail!(
                "{} changed while it was read (it was {} bytes, now {}); nothing was written; \
                 run again once nothing else is writing to it",
                input.name(),
                before.len(),
                after.len()
            );
        }
        Ok(())
    }
}

/// Opens an input for reading; a folder or a missing file is an error that says so. An
/// append an earlier run left unfinished is undone first, and said so.
pub fn open(input: &Input) -> Result<Opened> {
    match input {
        Input::Stdin => Ok(Opened::Stdin),
        Input::File(path) => {
            if path.as_os_str().is_empty() {
                bail!("the activity log's file name is empty; name a file such as activity.csv");
            }
            if path.is_dir() {
                bail!(
                    "{} is a folder; name the activity log file inside it",
                    input.name()
                );
            }
            let opened = files::open_to_read(path)
                .with_context(|| format!("cannot open activity log {}", input.name()))?;
            if let Some(repair) = &opened.repair {
                messages::note(repair);
            }
            let before = opened
                .file
                .metadata()
                .with_context(|| format!("cannot read {}", input.name()))?;
            Ok(Opened::File {
                file: opened.file,
                before,
            })
        }
    }
}

/// An opened input made ready to be read as CSV, whatever it is (see
/// [`crate::sources::input`]).
pub fn prepare_log<'a>(
    opened: &'a Opened,
    name: &str,
    format: &LogFormat,
    threads: usize,
) -> Result<Prepared<'a>> {
    let file = match opened {
        Opened::File { file, before } if before.is_file() => Some(file),
        _ => None,
    };
    prepare(file, opened.reader(), name, format, threads)
}

/// How the logs are written: the config's say, the sheet --sheet names, and the log's
/// currency as the rules resolved it (--currency over the config).
pub fn log_format(period: &PeriodArgs, config: &Config, rules: &Rules) -> LogFormat {
    let mut format = LogFormat {
        sheet: period.sheet.clone(),
        ..config.format.clone()
    };
    format.currencies.own = rules.currency.as_deref().and_then(currency::of_setting);
    format
}

/// How many threads read a large log: --threads, else one per core.
pub fn threads(period: &PeriodArgs) -> usize {
    period.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        NonZeroUsize::get,
    )
}

/// Reads every input into one ledger, stopping at the first problem, a regular file on up
/// to `threads` threads. A log with no rows at all is an error: there is nothing to report
/// on. What reading found that is no problem (the order dates were read in) is said
/// unless `quiet`.
pub fn read_ledger(
    inputs: &[Input],
    format: &LogFormat,
    membership: Membership,
    threads: usize,
    quiet: bool,
) -> Result<Ledger> {
    read_ledger_seeing(inputs, format, membership, threads, quiet, None)
}

/// What a command sees of each row as the log is read (`show` keeps a group's last rows):
/// the row, its line, and the name of its input.
pub type LoggedRowSeen<'a> = &'a mut dyn FnMut(&ActivityRow, u64, &str);

/// [`read_ledger`], passing each row to `seeing` as it is added; then the rows are read
/// one at a time, in order.
pub fn read_ledger_seeing(
    inputs: &[Input],
    format: &LogFormat,
    membership: Membership,
    threads: usize,
    quiet: bool,
    mut seeing: Option<LoggedRowSeen<'_>>,
) -> Result<Ledger> {
    // The ledger converts and checks money by the currencies the log is read with.
    let membership = Membership {
        currencies: format.currencies.clone(),
        ..membership
    };
    let membership_through = membership.through;
    let mut ledger = Ledger::with_membership(std::sync::Arc::new(membership));
    for input in inputs {
        let opened = open(input)?;
        let name = input.name();
        let prepared = prepare_log(&opened, &name, format, threads)?;
        let mut source = CsvLog::new(prepared.input, &name, &prepared.options);
        let read = match seeing.as_mut() {
            None => source.add_to(&mut ledger),
            Some(seeing) => source
                .each_row(|row, line| {
                    ledger.add(row)?;
                    seeing(row, line, &name);
                    Ok(())
                })
                .map(drop),
        };
        read.map_err(|err| anyhow::anyhow!("{err} (netaudit check lists every problem)"))?;
        if !quiet {
            source.take_notes().iter().for_each(messages::note);
        }
        drop(source);
        opened.unchanged(input)?;
    }
    if let (false, Some(through), after @ 1..) = (quiet, membership_through, ledger.rows_after()) {
        messages::note(format!(
            "{} dated after {through} left out: the month so far stops at today",
            if after == 1 {
                "1 row".to_string()
            } else {
                format!("{after} rows")
            }
        ));
    }
    let set_aside = ledger.revenue_set_aside();
    if !quiet && !set_aside.is_empty() {
        let sum = (set_aside.iter()).fold(Amount::default(), |sum, each| sum + each.amount);
        messages::note(format!(
            "{} of the log's revenue left out, in {} month{} of a client: another kind of \
             revenue counts for the same client and month (revenue_from); netaudit check lists \
             them",
            decimal2(sum.as_f64()),
            set_aside.len(),
            if set_aside.len() == 1 { "" } else { "s" }
        ));
    }
    // A log whose rows all lie after the month so far has nothing to report yet, and is
    // reported so; one with no rows at all is a mistake.
    if ledger.rows() == 0 && ledger.rows_after() == 0 {
        bail!(
            "the activity log has no rows yet ({}); add one row per meeting, deal or payment under the header",
            inputs
                .iter()
                .map(Input::name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(ledger)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_cut_short_or_grown_while_it_is_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("activity.csv");
        std::fs::write(&path, "date,group\n2026-10-01,Club\n").unwrap();
        let input = Input::File(path.clone());
        let opened = open(&input).unwrap();
        assert!(opened.unchanged(&input).is_ok());
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(0).unwrap();
        let err = opened.unchanged(&input).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "activity.csv changed while it was read (it was 27 bytes, now 0); nothing was \
                 written; run again once nothing else is writing to it"
            ),
            "{err}"
        );
        file.set_len(27).unwrap();
        let opened = open(&input).unwrap();
        std::fs::write(&path, "date,group\n2026-10-01,Club\n2026-10-02,Club\n").unwrap();
        assert!(opened.unchanged(&input).is_err());
    }
}
