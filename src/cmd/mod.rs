//! One module per command; each turns its resolved arguments into output.

pub mod check;
pub mod docs;
pub mod init;
pub mod log;
pub mod output;
pub mod report;
pub mod trend;

use crate::cli::{PeriodArgs, ValueArgs};
use crate::config::{self, Config};
use crate::ledger::Ledger;
use crate::log::read_log;
use crate::model::Rules;
use crate::parallel;
use crate::period::{DEFAULT_WINDOW_MONTHS, Month, report_month};
use crate::render::Currency;
use anyhow::{Result, bail};
use chrono::NaiveDate;
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

/// Opens an input for reading; a folder or a missing file is an error that says so.
pub fn open(input: &Input) -> Result<Box<dyn std::io::Read>> {
    use anyhow::Context;
    match input {
        Input::Stdin => Ok(Box::new(std::io::stdin().lock())),
        Input::File(path) => {
            if path.is_dir() {
                bail!(
                    "{} is a folder; name the activity log file inside it",
                    input.name()
                );
            }
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open activity log {}", input.name()))?;
            Ok(Box::new(file))
        }
    }
}

/// The last month `report` and `trend` cover: --month, else the last complete month before
/// --today (or the real `today`).
pub fn last_month(period: &PeriodArgs, today: NaiveDate) -> Result<Month> {
    report_month(period.today.unwrap_or(today), period.month).map_err(anyhow::Error::msg)
}

/// The rules that value a group's return (`report` and `trend` share them); the rest at
/// their defaults.
pub fn value_rules(value: &ValueArgs, config: &Config) -> Rules {
    let defaults = Rules::default();
    Rules {
        hourly_rate: value
            .hourly_rate
            .or(config.hourly_rate)
            .unwrap_or(defaults.hourly_rate),
        margin: value.margin.or(config.margin).unwrap_or(defaults.margin),
        ..defaults
    }
}

/// The window's length: flag, then config, then a year.
pub fn window_months(flag: Option<u32>, config: &Config) -> u32 {
    flag.or(config.window_months)
        .unwrap_or(DEFAULT_WINDOW_MONTHS)
}

/// The currency for the table: flag, then config, then `$`.
pub fn currency(flag: Option<String>, config: &Config) -> Currency {
    Currency(
        flag.or_else(|| config.currency.clone())
            .unwrap_or_else(|| "$".to_string()),
    )
}

/// Writes a command's whole output to stdout at once.
pub fn print(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}

/// `text` as one word for a shell command shown in a message: bare when safe, else quoted.
pub fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+=:@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// How many threads read a large log: --threads, else one per core.
pub fn threads(period: &PeriodArgs) -> usize {
    period.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        NonZeroUsize::get,
    )
}

/// Reads every input into one ledger, stopping at the first problem, a regular file on up
/// to `threads` threads. A log with no rows at all is an error: there is nothing to report on.
pub fn read_ledger(inputs: &[Input], threads: usize) -> Result<Ledger> {
    let mut ledger = Ledger::new();
    for input in inputs {
        let read = match input {
            Input::File(path) if path.is_file() => {
                parallel::read_file(path, &input.name(), threads, &mut ledger)
            }
            _ => read_log(open(input)?, &input.name(), |row| ledger.add(row)).map(drop),
        };
        read.map_err(|err| anyhow::anyhow!("{err} (netaudit check lists every problem)"))?;
    }
    if ledger.rows() == 0 {
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
