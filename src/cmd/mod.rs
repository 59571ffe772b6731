//! One module per command; each turns its resolved arguments into output.

mod append;
pub mod chapter;
pub mod check;
pub mod docs;
mod flag_forms;
pub mod groups;
pub mod import;
pub mod init;
pub mod log;
pub mod output;
pub mod rename;
pub mod report;
pub mod show;
pub mod trend;

use crate::activity::ActivityRow;
use crate::activity::format::LogFormat;
use crate::cli::PeriodArgs;
use crate::config::{self, Config};
use crate::currency;
use crate::ledger::{Ledger, Membership};
use crate::model::{GroupFacts, NegativeSum, Selection};
use crate::names::{closest_names, group_key};
use crate::period::{Month, report_month};
use crate::render::{self, Currency, Look, View};
use crate::settings::{RuleSettings, Rules};
use crate::sources::csv_log::CsvLog;
use crate::sources::input::{Prepared, prepare};
use crate::{files, messages};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use output::OutputSettings;
use std::collections::HashMap;
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

/// The last month `report` and `trend` cover: --month, else with --to-date the month of
/// --today (or the real `today`), else the last complete month before it.
pub fn last_month(period: &PeriodArgs, today: NaiveDate) -> Result<Month> {
    let today = period.today.unwrap_or(today);
    if period.to_date {
        return Ok(Month::of(today));
    }
    report_month(today, period.month).map_err(anyhow::Error::msg)
}

/// What the ledger must know as it reads a period's rows: the config's say, and with
/// --to-date, that the month so far stops at --today (or the real `today`).
pub fn period_membership(period: &PeriodArgs, config: &Config, today: NaiveDate) -> Membership {
    Membership {
        through: period.to_date.then(|| period.today.unwrap_or(today)),
        ..config.membership()
    }
}

/// Refuses a period that would begin before the year 1, which no date in a log can be in
/// and no month can be written for.
pub fn starts_after_year_zero(first: Month) -> Result<()> {
    let too_early = Month::new(1, 1).map_or(0, |year_one| year_one.months_after(first));
    if too_early > 0 {
        bail!(
            "that period would begin {too_early} month{} before the year 1; choose a later \
             --month, or fewer months",
            if too_early == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The rule settings resolved once: a flag wins over the config, the config over the
/// default.
pub fn rules(flags: RuleSettings, config: &Config) -> Rules {
    flags.or(&config.settings).resolve()
}

/// Writes a command's whole output to stdout at once. A reader that stopped early
/// (`netaudit report | head -3`) is no error: the run goes on, so that its exit status
/// still says what was found.
pub fn print(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    ignore_closed_pipe(stdout.write_all(bytes).and_then(|()| stdout.flush()))
}

/// Log text as it is shown on stdout: its line ends (LF or CRLF) and a tab-separated
/// log's tabs as they are, anything else hostile escaped (see [`messages::escape`]).
pub fn shown_log_text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        push_shown_line(&mut shown, line);
    }
    shown
}

/// Adds one line of log text (with its line end, if it has one) to `shown`, escaped.
fn push_shown_line(shown: &mut String, line: &str) {
    let body = line
        .strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .unwrap_or(line);
    for (at, field) in body.split('\t').enumerate() {
        if at > 0 {
            shown.push('\t');
        }
        shown.push_str(&messages::escape(field));
    }
    shown.push_str(&line[body.len()..]);
}

fn ignore_closed_pipe(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result?),
    }
}

/// Standard output line by line, for a command whose output may be long (`check`): each
/// line escaped (see [`messages::escape`]), and a reader that stopped early ends the
/// output, not the run.
pub struct Lines {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl Lines {
    pub fn new() -> Lines {
        Lines {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            closed: false,
        }
    }

    pub fn line(&mut self, text: impl std::fmt::Display) -> Result<()> {
        let line = format!("{text}\n");
        self.put(&messages::escape(&line))
    }

    /// Whole lines of log text, as [`shown_log_text`] shows them: an import's dry run may
    /// show half a million rows.
    pub fn log_text(&mut self, text: &str) -> Result<()> {
        let mut shown = String::new();
        for line in text.split_inclusive('\n') {
            shown.clear();
            push_shown_line(&mut shown, line);
            self.put(&shown)?;
        }
        Ok(())
    }

    fn put(&mut self, shown: &str) -> Result<()> {
        use std::io::Write;
        if self.closed {
            return Ok(());
        }
        let written = self.out.write_all(shown.as_bytes());
        self.closed = matches!(&written, Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe);
        ignore_closed_pipe(written)
    }

    pub fn flush(&mut self) -> Result<()> {
        use std::io::Write;
        if self.closed {
            return Ok(());
        }
        ignore_closed_pipe(self.out.flush())
    }
}

impl Default for Lines {
    fn default() -> Lines {
        Lines::new()
    }
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
pub type RowSeen<'a> = &'a mut dyn FnMut(&ActivityRow, u64, &str);

/// [`read_ledger`], passing each row to `seeing` as it is added; then the rows are read
/// one at a time, in order.
pub fn read_ledger_seeing(
    inputs: &[Input],
    format: &LogFormat,
    membership: Membership,
    threads: usize,
    quiet: bool,
    mut seeing: Option<RowSeen<'_>>,
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

/// The groups `names` (`--group`) select, matched as the log's group names are; every
/// group when none is named. A name no row of the log has is an error, naming the
/// closest the log has.
pub fn selection(names: &[String], ledger: &Ledger) -> Result<Selection> {
    if names.is_empty() {
        return Ok(Selection::all());
    }
    let mut keys = Vec::with_capacity(names.len());
    for name in names {
        keys.push(logged_group(name, ledger).map_err(|err| anyhow::anyhow!("--group {err}"))?);
    }
    Ok(Selection::only(keys))
}

/// The key of the group `name` stands for (see [`Ledger::key_of`]); an error when no row
/// of the log names it, naming the closest the log has.
pub fn logged_group(name: &str, ledger: &Ledger) -> Result<String> {
    let key = ledger.key_of(name);
    if ledger.has_group(&key) {
        return Ok(key);
    }
    let logged: Vec<String> = ledger.names().map(|group| group.name).collect();
    let logged: Vec<&str> = logged.iter().map(String::as_str).collect();
    let closest: Vec<String> = closest_names(name, &logged, 3)
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect();
    if closest.is_empty() {
        bail!(
            "\"{name}\": no row of the log names that group, nor one spelt like it (netaudit \
             groups lists them all)"
        );
    }
    bail!(
        "\"{name}\": no row of the log names that group; the closest it has: {} (netaudit \
         groups lists them all)",
        closest.join(", ")
    )
}

/// Renders `view` and writes it where `output` says; unless `quiet`, says what the write
/// did that the user should know (the records an append replaced). `key` says which
/// records of a history the view writes again (see [`output::HistoryKey`]).
pub fn write_view(
    output: &OutputSettings,
    view: View<'_>,
    key: Option<output::HistoryKey>,
    currency: &Currency,
    quiet: bool,
) -> Result<()> {
    let written = output::write(output, key, |csv| {
        let look = Look {
            currency,
            screen: output.screen,
            quiet,
            csv,
        };
        render::render(view, output.format, &look)
    })?;
    if let Some(note) = written.filter(|_| !quiet) {
        messages::note(note);
    }
    Ok(())
}

/// A group whose money adds up to less than 0 over a window, as an error for the user.
pub fn negative_sum_error(negative: NegativeSum) -> anyhow::Error {
    anyhow::anyhow!(
        "\"{}\": its {} adds up to {} from {} to {}, below 0: a refund is larger than what it \
         refunds in this window; check the refund's amount and date, or log it with covers to \
         spread it like the payment",
        negative.group,
        negative.figure,
        negative.sum,
        negative.window.first,
        negative.window.last
    )
}

/// The config's facts about groups, keyed by group key.
pub fn group_facts(config: &Config) -> HashMap<String, GroupFacts> {
    config
        .groups
        .iter()
        .map(|(name, group)| (group_key(name), group.clone()))
        .collect()
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
