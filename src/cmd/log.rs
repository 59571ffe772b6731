//! `netaudit log`: one row appended to the log, in the log's own column order, line ends
//! and encoding, without ever damaging what is already there (see [`crate::files`]).

use super::shell_word;
use crate::activity::format::{Decimal, LogFormat};
use crate::activity::{ActivityRow, COLUMNS, Column, MAX_GROUPS, parse_group};
use crate::cli::LogArgs;
use crate::config::Config;
use crate::files::{LockedFile, create_new, same_existing_file};
use crate::messages::{self, show_value};
use crate::names::{closest_names, group_key};
use crate::records::{LineEnd, MAX_FIELD_BYTES};
use crate::sources::csv_log::{LogReader, ReadOptions, open_log};
use crate::sources::input::prepare;
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use encoding_rs::Encoding;
use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The row to append: its cells by column, already valid.
struct NewRow {
    date: NaiveDate,
    group: String,
    cells: Vec<(Column, String)>,
    /// A meeting implied by --hours alone, dropped where the log has no meetings column.
    implied_meeting: bool,
}

impl NewRow {
    fn from_args(args: &LogArgs, today: NaiveDate) -> Result<NewRow> {
        let group = parse_group(&args.group).map_err(|expected| {
            anyhow!("group {}: expected {expected}", show_value(&args.group))
        })?;
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

    /// The row as CSV text in `dialect`, in its columns' order (a column of the user's
    /// own is left empty); every cell must have a column.
    fn to_csv(&self, dialect: &Dialect) -> Result<String, Column> {
        let columns = &dialect.columns;
        let implied = |column: Column| self.implied_meeting && column == Column::Meetings;
        if let Some((missing, _)) = self
            .cells
            .iter()
            .find(|(column, _)| !columns.contains(&Some(*column)) && !implied(*column))
        {
            return Err(*missing);
        }
        let value = |column: &Option<Column>| {
            let cell = self
                .cells
                .iter()
                .find(|(cell, _)| Some(*cell) == *column)
                .map_or("", |(_, value)| value.as_str());
            if *column == Some(Column::Date)
                && let Some(format) = &dialect.date_format
            {
                return self.date.format(format).to_string();
            }
            let is_amount = matches!(
                column,
                Some(Column::Hours | Column::Cost | Column::Revenue | Column::OtherValue)
            );
            if is_amount && dialect.decimal == Decimal::Comma {
                cell.replace('.', ",")
            } else {
                cell.to_string()
            }
        };
        let cells: Vec<String> = columns.iter().map(value).collect();
        Ok(csv_line(cells.iter().map(String::as_str), dialect))
    }
}

/// How a log is written: its columns, and the dialect a new row must match.
struct Dialect {
    columns: Vec<Option<Column>>,
    /// How dates are written, when not as ISO dates.
    date_format: Option<String>,
    delimiter: u8,
    decimal: Decimal,
    line_end: LineEnd,
    encoding: &'static Encoding,
}

impl Dialect {
    /// netaudit's own CSV, with the delimiter and decimal mark the config asks for.
    fn new_log(format: &LogFormat) -> Dialect {
        let delimiter = format.delimiter.unwrap_or(b',');
        Dialect {
            columns: COLUMNS.map(Some).to_vec(),
            date_format: format.date_format.clone(),
            delimiter,
            decimal: format.decimal.unwrap_or(Decimal::usual_for(delimiter)),
            line_end: LineEnd::Lf,
            encoding: format.encoding.unwrap_or(encoding_rs::UTF_8),
        }
    }

    /// The header row of these columns. A new log has only netaudit's; a column of the
    /// user's own, which only [`verify`] writes, goes under a name of its own.
    fn header_line(&self) -> String {
        let names: Vec<String> = (self.columns.iter().enumerate())
            .map(|(index, column)| {
                column.map_or_else(|| own_column(index), |c| c.name().to_string())
            })
            .collect();
        csv_line(names.iter().map(String::as_str), self)
    }

    /// `text` in the log's encoding; a character the encoding cannot hold is refused, not
    /// replaced.
    fn encode(&self, text: &str, name: &str) -> Result<Vec<u8>> {
        if self.encoding == encoding_rs::UTF_16LE {
            return Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        }
        if self.encoding == encoding_rs::UTF_16BE {
            return Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
        }
        let (bytes, _, unmappable) = self.encoding.encode(text);
        if unmappable {
            bail!(
                "cannot append to {name}: the row has a character that {} (the log's encoding) \
                 cannot hold; leave it out, or save the log as UTF-8",
                self.encoding.name()
            );
        }
        Ok(bytes.into_owned())
    }
}

fn csv_line<'a>(fields: impl Iterator<Item = &'a str>, dialect: &Dialect) -> String {
    let line_end = dialect.line_end;
    let terminator = match line_end {
        LineEnd::Lf => csv::Terminator::Any(b'\n'),
        LineEnd::CrLf => csv::Terminator::CRLF,
        LineEnd::Cr => csv::Terminator::Any(b'\r'),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(terminator)
        .delimiter(dialect.delimiter)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and every field is UTF-8 text.
    let _ = writer.write_record(fields);
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn line_end_text(line_end: LineEnd) -> &'static str {
    match line_end {
        LineEnd::Lf => "\n",
        LineEnd::CrLf => "\r\n",
        LineEnd::Cr => "\r",
    }
}

/// What is to be written: all the bytes, and the row among them as text.
struct Pending {
    bytes: Vec<u8>,
    row: String,
}

/// A log with a header and the row, for a file that does not exist yet or is empty.
fn new_log(row: &NewRow, format: &LogFormat, name: &str) -> Result<Pending> {
    let dialect = Dialect::new_log(format);
    let line = row
        .to_csv(&dialect)
        .map_err(|_| anyhow!("a new log has every column"))?;
    verify(&dialect, &line, row)?;
    let text = [dialect.header_line(), line.clone()].concat();
    Ok(Pending {
        bytes: dialect.encode(&text, name)?,
        row: line,
    })
}

/// What appending needs to know of a log that has rows.
struct ExistingLog {
    dialect: Dialect,
    groups: Vec<String>,
    problems: u64,
}

fn read_existing(file: &LockedFile, name: &str, format: &LogFormat) -> Result<ExistingLog> {
    let refuse = |why: String| anyhow!("cannot append to {name}: {why}");
    let prepared = prepare(None, Box::new(file.reader()?), name, format, 1)?;
    if prepared.kind.is_spreadsheet() {
        return Err(refuse(
            "it is a spreadsheet file, not CSV text, and netaudit writes no spreadsheet cells; \
             add the row in your spreadsheet program, or keep the log as CSV"
                .to_string(),
        ));
    }
    let encoding = prepared.encoding;
    let mut log = LogReader::open(prepared.input.into_reader(), name, &prepared.options).map_err(
        |errors| {
            let first = errors
                .into_iter()
                .next()
                .map(|e| e.to_string())
                .unwrap_or_default();
            refuse(format!(
                "its header does not map to the log's columns ({first}); fix the header row first"
            ))
        },
    )?;
    let mut groups: HashMap<String, String> = HashMap::new();
    let mut problems = 0;
    let mut row = ActivityRow::default();
    while let Some(read) = log.read_row(&mut row) {
        match read {
            Ok(_) => {
                let key = group_key(&row.group);
                if groups.len() < MAX_GROUPS || groups.contains_key(&key) {
                    groups.entry(key).or_insert_with(|| row.group.clone());
                } else {
                    // A report refuses a log of more groups; their names need no memory.
                    problems += 1;
                }
            }
            Err(errors) => problems += errors.len() as u64,
        }
    }
    if let Some(line) = log.unclosed_quote() {
        return Err(refuse(format!(
            "a quote opened on line {line} is never closed, so a new row would become part of \
             that field; close or remove the quote first (netaudit check {} shows it)",
            shell_word(name)
        )));
    }
    Ok(ExistingLog {
        dialect: Dialect {
            columns: log.columns().to_vec(),
            date_format: log.header().dates.write_format(),
            delimiter: log.delimiter(),
            decimal: log.decimal(),
            line_end: log.header_line_end().unwrap_or(LineEnd::Lf),
            encoding,
        },
        groups: groups.into_values().collect(),
        problems,
    })
}

/// The row for a log that has rows, in its column order, dialect and encoding, after a
/// line end if the file lacks a final one (spreadsheets often save without it).
fn append_to(file: &LockedFile, log: &ExistingLog, row: &NewRow, name: &str) -> Result<Pending> {
    let dialect = &log.dialect;
    let line = row.to_csv(dialect).map_err(|missing| {
        anyhow!(
            "cannot append to {name}: its header has no \"{}\" column; add the column to the \
             header row, or log without --{}",
            missing.name(),
            missing.name().replace('_', "-")
        )
    })?;
    verify(dialect, &line, row)?;
    let line_end = dialect.encode(line_end_text(dialect.line_end), name)?;
    let tail = file.last_bytes(4)?;
    let ends_with_line_end = tail.is_empty()
        || ["\n", "\r"].iter().any(|end| {
            dialect
                .encode(end, name)
                .is_ok_and(|end| tail.ends_with(&end))
        });
    let mut bytes = Vec::new();
    if !ends_with_line_end {
        bytes.extend_from_slice(&line_end);
    }
    bytes.extend_from_slice(&dialect.encode(&line, name)?);
    Ok(Pending { bytes, row: line })
}

/// Reads the row back as `report` would, in the log's dialect, so that nothing is written
/// that the log's own reader would refuse or read differently. Every write is made
/// through [`new_log`] or [`append_to`], which call this.
fn verify(dialect: &Dialect, line: &str, row: &NewRow) -> Result<()> {
    let options = ReadOptions {
        format: LogFormat {
            delimiter: Some(dialect.delimiter),
            decimal: Some(dialect.decimal),
            date_format: dialect.date_format.clone(),
            ignore_columns: (0..dialect.columns.len()).map(own_column).collect(),
            ..LogFormat::default()
        },
        sheet: None,
    };
    let text = [dialect.header_line(), line.to_string()].concat();
    let mut read = Vec::new();
    let mut log = open_log(text.as_bytes(), "the new row", &options)
        .map_err(|err| anyhow!("the row would not read back ({err}); nothing was written"))?;
    log.each_row(|got| {
        read.push(got.row.clone());
        Ok(())
    })
    .map_err(|err| anyhow!("the row would not read back ({err}); nothing was written"))?;
    match &read[..] {
        [got] if got.group == row.group => Ok(()),
        _ => bail!("the row would not read back as one row; nothing was written"),
    }
}

/// The header [`verify`] gives a column of the user's own, read back as nothing.
fn own_column(index: usize) -> String {
    format!("own column {}", index + 1)
}

/// A group that no earlier row (nor the config) names is probably a typo: warn, or with
/// --strict refuse.
fn check_group_is_known(
    group: &str,
    known: &[&str],
    name: &str,
    strict: bool,
    quiet: bool,
) -> Result<()> {
    let key = group_key(group);
    // With no group known yet there is nothing to have mistyped.
    if known.is_empty() || known.iter().any(|known| group_key(known) == key) {
        return Ok(());
    }
    let closest = closest_names(group, known, 3);
    let closest = if closest.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = closest.iter().map(|name| format!("\"{name}\"")).collect();
        format!("; the closest: {}", quoted.join(", "))
    };
    if strict {
        bail!(
            "\"{group}\" is a new group: no row of {name} names it{closest}; check the spelling, \
             or log without --strict to start the group"
        );
    }
    if quiet {
        return Ok(());
    }
    messages::warn(format_args!(
        "\"{group}\" is a new group: no row of {name} names it{closest}; logged anyway \
         (--strict refuses)"
    ));
    Ok(())
}

/// The log to append to: --file, else the config's first log. Never the config itself.
fn target(args: &LogArgs, config: &Config) -> Result<PathBuf> {
    let path = match (&args.file, config.log.first()) {
        (Some(file), _) => {
            if file == Path::new("-") {
                bail!("--file - would be standard input; netaudit log appends to a file");
            }
            file.clone()
        }
        (None, Some(first)) => {
            if first.file_name() == Some(std::ffi::OsStr::new("-")) {
                bail!(
                    "the config's log is \"-\", standard input; netaudit log appends to a file, \
                     so pass --file activity.csv"
                );
            }
            first.clone()
        }
        (None, None) => bail!(
            "no log to append to: pass --file activity.csv, or set log = [\"activity.csv\"] in \
             netaudit.toml (netaudit init writes one)"
        ),
    };
    if path.is_dir() {
        bail!(
            "{} is a folder; name the log file inside it",
            path.display()
        );
    }
    if let Some(config_path) = &config.path
        && same_existing_file(&path, config_path)
    {
        bail!(
            "{} is the config in use; rows go to the activity log, and adding one there would \
             damage the config. Name the log with --file",
            path.display()
        );
    }
    Ok(path)
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
    let path = target(&args, config)?;
    let row = NewRow::from_args(&args, today)?;
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
            let write = new_log(&row, format, &name)?;
            match create_new(&path, &write.bytes) {
                Ok(()) => {
                    print_row(&write.row, &name, quiet);
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
            new_log(&row, format, &name)?
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
            append_to(&file, &log, &row, &name)?
        };
        file.append(&write.bytes)
            .with_context(|| format!("cannot append to {name}"))?;
        print_row(&write.row, &name, quiet);
        return Ok(());
    }
}
