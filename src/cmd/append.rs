//! Writing rows to the activity log, in the log's own column order, line ends and
//! encoding, without ever damaging what is already there (see [`crate::files`]): `log`
//! writes one row, `import` many.

use super::terminal::shell_word;
use crate::activity::format::{Decimal, LogFormat};
use crate::activity::{ActivityRow, Column, MAX_GROUPS};
use crate::config::Config;
use crate::figures::Amount;
use crate::files::{LockedFile, same_existing_file};
use crate::messages;
use crate::names::{closest_names, group_key};
use crate::records::LineEnd;
use crate::sources::SourceKind;
use crate::sources::csv_log::{LogReader, ReadOptions, open_log};
use crate::sources::input::prepare;
use crate::sources::palms::period_of_id;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use encoding_rs::Encoding;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

/// The row to append: its cells by column, already valid.
#[derive(Clone)]
pub(super) struct NewRow {
    pub date: NaiveDate,
    pub group: String,
    pub cells: Vec<(Column, String)>,
    /// A meeting implied by --hours alone, dropped where the log has no meetings column.
    pub implied_meeting: bool,
}

impl NewRow {
    /// The row as CSV text in `dialect`, in its columns' order (a column of the user's
    /// own is left empty); every cell must have a column.
    pub(super) fn to_csv(&self, dialect: &Dialect) -> Result<String, Column> {
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
            let is_amount = column.is_some_and(|column| column.kind().is_amount());
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
#[derive(Clone)]
pub(super) struct Dialect {
    pub columns: Vec<Option<Column>>,
    /// The header's names as the log writes them; `None` for a new log, whose names are
    /// the columns'.
    names: Option<Vec<String>>,
    /// How dates are written, when not as ISO dates.
    date_format: Option<String>,
    pub(super) delimiter: u8,
    decimal: Decimal,
    line_end: LineEnd,
    pub(super) encoding: &'static Encoding,
}

impl Dialect {
    /// netaudit's own CSV of `columns`, with the delimiter and decimal mark the config
    /// asks for.
    fn new_log(columns: &[Column], format: &LogFormat) -> Dialect {
        let delimiter = format.delimiter.unwrap_or(b',');
        Dialect {
            columns: columns.iter().copied().map(Some).collect(),
            names: None,
            date_format: format.date_format.clone(),
            delimiter,
            decimal: format.decimal.unwrap_or(Decimal::usual_for(delimiter)),
            line_end: LineEnd::Lf,
            encoding: format.encoding.unwrap_or(encoding_rs::UTF_8),
        }
    }

    /// A date as the log writes it: in its date form, else ISO.
    pub(super) fn date_text(&self, date: NaiveDate) -> String {
        date.format(self.date_format.as_deref().unwrap_or("%Y-%m-%d"))
            .to_string()
    }

    /// The header row as the log has it, for showing rows under it.
    pub(super) fn shown_header(&self) -> String {
        match &self.names {
            Some(names) => csv_line(names.iter().map(String::as_str), self),
            None => self.header_line(),
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
    /// replaced, in an error that begins with `doing` ("cannot append to activity.csv").
    /// In UTF-8, the text's own bytes, not a copy.
    fn encode<'t>(&self, text: &'t str, doing: &str) -> Result<Cow<'t, [u8]>> {
        if self.encoding == encoding_rs::UTF_16LE {
            return Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        }
        if self.encoding == encoding_rs::UTF_16BE {
            return Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
        }
        let (bytes, _, unmappable) = self.encoding.encode(text);
        if unmappable {
            let first = (text.chars())
                .find(|c| self.encoding.encode(c.encode_utf8(&mut [0; 4])).2)
                .unwrap_or_default();
            bail!(
                "{doing}: the text has a character that {} (the log's encoding) cannot hold, \
                 \"{}\" (U+{:04X}); leave it out, or save the log as UTF-8",
                self.encoding.name(),
                crate::messages::escape(&first.to_string()),
                u32::from(first)
            );
        }
        Ok(bytes)
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

/// What is to be written, made as it is written: the text before the new rows (a new
/// log's header, a rewritten log's whole text, or the line end an appended file lacked),
/// then the rows a few thousand lines at a time, in the log's encoding. An import may add
/// hundreds of thousands of rows, whose text is never held all at once.
pub(super) struct Pending<I> {
    bom: Vec<u8>,
    before: String,
    rows: I,
    dialect: Dialect,
    /// The header the new rows go under, as the log has it, to show them under.
    pub header: String,
    /// How many bytes are written in all.
    pub length: u64,
}

/// How many rows' text is made at a time.
const ROWS_AT_A_TIME: usize = 4096;

impl<I> Pending<I>
where
    I: Iterator<Item = NewRow> + Clone,
{
    /// Makes every row once, before anything is written: each is read back (see
    /// [`verify`]), must have its columns (else `missing`'s error) and must fit the log's
    /// encoding (else an error that begins with `doing`), and the bytes are counted.
    fn new(
        bom: Vec<u8>,
        before: String,
        rows: I,
        dialect: Dialect,
        header: String,
        missing: &dyn Fn(Column) -> anyhow::Error,
        doing: &str,
    ) -> Result<Pending<I>> {
        let mut length = (bom.len() + dialect.encode(&before, doing)?.len()) as u64;
        let mut pending = Pending {
            bom,
            before,
            rows,
            dialect,
            header,
            length: 0,
        };
        pending.each_chunk(missing, &mut |lines, rows| {
            verify(
                &pending.dialect,
                lines,
                rows.iter().map(|row| row.group.as_str()),
            )?;
            length += pending.dialect.encode(lines, doing)?.len() as u64;
            Ok(())
        })?;
        pending.length = length;
        Ok(pending)
    }

    /// Gives `each` the new rows' text a few thousand lines at a time, with those rows.
    fn each_chunk(
        &self,
        missing: &dyn Fn(Column) -> anyhow::Error,
        each: &mut dyn FnMut(&str, &[NewRow]) -> Result<()>,
    ) -> Result<()> {
        let mut rows = self.rows.clone();
        let mut chunk = Vec::with_capacity(ROWS_AT_A_TIME);
        let mut text = String::new();
        loop {
            chunk.clear();
            chunk.extend(rows.by_ref().take(ROWS_AT_A_TIME));
            if chunk.is_empty() {
                return Ok(());
            }
            text.clear();
            for row in &chunk {
                text.push_str(&row.to_csv(&self.dialect).map_err(missing)?);
            }
            each(&text, &chunk)?;
        }
    }

    /// Writes it all to `out`, as [`Pending::new`] counted it.
    pub fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let io = |err: anyhow::Error| std::io::Error::other(format!("{err:#}"));
        out.write_all(&self.bom)?;
        out.write_all(&self.dialect.encode(&self.before, "").map_err(io)?)?;
        self.each_chunk(&checked_before, &mut |lines, _| {
            out.write_all(&self.dialect.encode(lines, "")?)?;
            Ok(())
        })
        .map_err(io)
    }

    /// All the bytes: for `log`, which writes one row.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes)?;
        Ok(bytes)
    }

    /// The new rows' text.
    pub fn rows_text(&self) -> Result<String> {
        let mut text = String::new();
        self.each_chunk(&checked_before, &mut |lines, _| {
            text.push_str(lines);
            Ok(())
        })?;
        Ok(text)
    }

    /// Shows the header and the rows on stdout, escaped, for a dry run.
    pub fn show(&self) -> Result<()> {
        let mut out = super::terminal::StdoutLines::new();
        out.log_text(&self.header)?;
        self.each_chunk(&checked_before, &mut |lines, _| out.log_text(lines))?;
        out.flush()
    }
}

/// A column a row lacks, once [`Pending::new`] has found every row's columns there: not
/// to be met.
fn checked_before(column: Column) -> anyhow::Error {
    anyhow!("a row has no \"{}\" column to go in", column.name())
}

/// A log with a header of `columns` and the rows, for a file that does not exist yet or
/// is empty.
pub(super) fn new_log<I>(
    rows: I,
    columns: &[Column],
    format: &LogFormat,
    name: &str,
) -> Result<Pending<I>>
where
    I: Iterator<Item = NewRow> + Clone,
{
    let dialect = Dialect::new_log(columns, format);
    let header = dialect.header_line();
    let missing = |_| anyhow!("a new log has every column");
    let doing = format!("cannot write {name}");
    Pending::new(
        Vec::new(),
        header.clone(),
        rows,
        dialect,
        header,
        &missing,
        &doing,
    )
}

/// What the rows of one group's day that one kind of source brought in hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Held {
    pub kind: SourceKind,
    pub meetings: u64,
    pub hours: Amount,
}

impl Held {
    /// Adds `row` to what its kind of source holds of its day.
    fn add(day: &mut Vec<Held>, row: &ActivityRow) {
        let kind = SourceKind::of(&row.source);
        let hours = row.figures.hours.hundredths();
        match day.iter_mut().find(|held| held.kind == kind) {
            Some(held) => {
                held.meetings = held.meetings.saturating_add(row.figures.meetings);
                held.hours = Amount::from_hundredths(held.hours.hundredths().saturating_add(hours));
            }
            None => day.push(Held {
                kind,
                meetings: row.figures.meetings,
                hours: row.figures.hours,
            }),
        }
    }
}

/// What appending needs to know of a log that has rows.
pub(super) struct ExistingLog {
    pub dialect: Dialect,
    pub groups: Vec<String>,
    pub problems: u64,
    /// The ids of imported rows, with their dates.
    pub sources: HashMap<Box<str>, NaiveDate>,
    /// The periods of the PALMS lines among them, with their groups.
    pub periods: Vec<(String, NaiveDate, NaiveDate)>,
    /// Each day of the groups asked for (by the group's key) with the meetings and hours
    /// its rows hold, by what brought them in: an import adds only what is beyond them
    /// (see `import::already_logged`).
    pub held: HashMap<(String, NaiveDate), Vec<Held>>,
    /// The options the log was read with, to read it again after a change.
    pub options: ReadOptions,
}

/// Reads the log for what an append needs to know, and what the days of the groups
/// `held_for` names (by key) hold: an import's groups, none for `log`.
pub(super) fn read_existing(
    file: &LockedFile,
    name: &str,
    format: &LogFormat,
    held_for: &HashSet<String>,
) -> Result<ExistingLog> {
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
    let options = prepared.options;
    let mut log =
        LogReader::open(prepared.input.into_reader(), name, &options).map_err(|errors| {
            let first = errors
                .into_iter()
                .next()
                .map(|e| e.to_string())
                .unwrap_or_default();
            refuse(format!(
                "its header does not map to the log's columns ({first}); fix the header row first"
            ))
        })?;
    let mut groups: HashMap<String, String> = HashMap::new();
    let mut sources = HashMap::new();
    let mut periods = Vec::new();
    let mut held: HashMap<(String, NaiveDate), Vec<Held>> = HashMap::new();
    let mut problems = 0;
    let mut row = ActivityRow::default();
    while let Some(read) = log.read_row(&mut row) {
        match read {
            Ok(_) => {
                let key = group_key(&row.group);
                if held_for.contains(&key) {
                    Held::add(held.entry((key.clone(), row.date)).or_default(), &row);
                }
                if !row.source.is_empty() {
                    if let Some((from, to)) = period_of_id(&row.source) {
                        periods.push((row.group.clone(), from, to));
                    }
                    sources.insert(row.source.as_str().into(), row.date);
                }
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
            names: Some(log.header().names().to_vec()),
            date_format: log.header().dates.write_format(),
            delimiter: log.delimiter(),
            decimal: log.decimal(),
            line_end: log.header_line_end().unwrap_or(LineEnd::Lf),
            encoding,
        },
        groups: groups.into_values().collect(),
        problems,
        sources,
        periods,
        held,
        options,
    })
}

/// The rows for a log that has rows, in its column order, dialect and encoding, after a
/// line end if the file lacks a final one (spreadsheets often save without it).
pub(super) fn append_to<I>(
    file: &LockedFile,
    log: &ExistingLog,
    rows: I,
    name: &str,
    missing: &dyn Fn(Column) -> anyhow::Error,
) -> Result<Pending<I>>
where
    I: Iterator<Item = NewRow> + Clone,
{
    let dialect = &log.dialect;
    let tail = file.last_bytes(4)?;
    let ends_with_line_end = tail.is_empty()
        || ["\n", "\r"].iter().any(|end| {
            dialect
                .encode(end, "")
                .is_ok_and(|end| tail.ends_with(&end))
        });
    let before = if ends_with_line_end {
        ""
    } else {
        line_end_text(dialect.line_end)
    };
    let doing = format!("cannot append to {name}");
    let header = dialect.shown_header();
    Pending::new(
        Vec::new(),
        before.to_string(),
        rows,
        dialect.clone(),
        header,
        missing,
        &doing,
    )
}

/// The largest log whose header `import` or `log` extends with a column: the file is
/// read, rewritten and read back in memory.
const MAX_REWRITTEN_BYTES: u64 = 256 << 20;

/// The whole log with `column` added as its last (each row's cell empty) and the rows
/// after it: what `import` (a `source` column) and `log --covers` (a `covers` column)
/// write, at once, to a log that lacks the column. The log's rows are read back from the
/// new text and must be the rows read before.
pub(super) fn with_new_column<I>(
    file: &LockedFile,
    log: &mut ExistingLog,
    column: Column,
    rows: I,
    name: &str,
    missing: &dyn Fn(Column) -> anyhow::Error,
) -> Result<Pending<I>>
where
    I: Iterator<Item = NewRow> + Clone,
{
    let refuse = |why: &str| anyhow!("cannot add a {} column to {name}: {why}", column.name());
    let whole = WholeText::read(
        file,
        log,
        &refuse,
        &format!(
            "add \"{}\" to the end of its header row, and a delimiter to the end of each row, \
         then run again",
            column.name()
        ),
    )?;
    let delimiter = char::from(log.dialect.delimiter);
    let mut text = add_last_column(&whole.text, delimiter, column.name());
    same_rows(&whole.text, &text, name, &log.options, &|_| ())
        .map_err(|why| refuse(&format!("{why}; nothing was written")))?;
    // A header of the user's could read the new name as a column of its own.
    let reads_column = open_log(Cursor::new(text.as_bytes().to_vec()), name, &log.options)
        .is_ok_and(|reader| reader.columns().last() == Some(&Some(column)));
    if !reads_column {
        return Err(refuse(&format!(
            "the new header would not read \"{}\" as that column; nothing was written",
            column.name()
        )));
    }
    log.dialect.columns.push(Some(column));
    if let Some(names) = &mut log.dialect.names {
        names.push(column.name().to_string());
    }
    if !text.is_empty() && !text.ends_with(['\n', '\r']) {
        text.push_str(line_end_text(log.dialect.line_end));
    }
    let doing = format!("cannot add a {} column to {name}", column.name());
    let header = log.dialect.shown_header();
    let dialect = log.dialect.clone();
    Pending::new(whole.bom, text, rows, dialect, header, missing, &doing)
}

/// `text` with one more field at the end of each record: `name` in the header, empty
/// below. A line end inside quotes is part of a field, not a record's end; a blank line
/// stays blank.
fn add_last_column(text: &str, delimiter: char, name: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + name.len() + 1);
    let end_record = |out: &mut String, header: bool, blank: bool| {
        if header {
            out.push(delimiter);
            out.push_str(name);
        } else if !blank {
            out.push(delimiter);
        }
    };
    let (mut quoted, mut header, mut blank) = (false, true, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\r' | '\n') && !quoted {
            end_record(&mut out, header, blank);
            out.push(c);
            if c == '\r' && chars.peek() == Some(&'\n') {
                out.push('\n');
                chars.next();
            }
            (header, blank) = (false, true);
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        }
        out.push(c);
        blank = false;
    }
    if header || !blank {
        end_record(&mut out, header, blank);
    }
    out
}

/// `text` with one cell of some records written anew, and how many: `edit` gets each
/// record's fields after the header, as written (quotes and all), and gives the field to
/// write instead and its new text. Every other byte stays as it is: quotes, spacing, line
/// ends, blank lines; a line end inside quotes is part of a field.
pub(super) fn edit_cells(text: &str, delimiter: char, edit: &mut CellEdit) -> (String, u64) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut fields: Vec<(usize, usize)> = Vec::new();
    // Copies the record that ends at `end` (before its line end), its cell edited.
    let mut end_record = |out: &mut String, fields: &mut Vec<(usize, usize)>, header: bool| {
        let (start, end) = (fields[0].0, fields[fields.len() - 1].1);
        let written: Vec<&str> = fields.iter().map(|&(from, to)| &text[from..to]).collect();
        match (!header).then(|| edit(&written)).flatten() {
            Some((at, cell)) if at < fields.len() => {
                out.push_str(&text[start..fields[at].0]);
                out.push_str(&cell);
                out.push_str(&text[fields[at].1..end]);
                count += 1;
            }
            _ => out.push_str(&text[start..end]),
        }
        fields.clear();
    };
    let (mut quoted, mut header, mut start) = (false, true, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            _ if c == delimiter => {
                fields.push((start, at));
                start = at + c.len_utf8();
            }
            '\r' | '\n' => {
                fields.push((start, at));
                end_record(&mut out, &mut fields, header);
                let mut end = at + 1;
                if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                    end += 1;
                }
                out.push_str(&text[at..end]);
                (start, header) = (end, false);
            }
            _ => {}
        }
    }
    fields.push((start, text.len()));
    end_record(&mut out, &mut fields, header);
    (out, count)
}

/// What [`edit_cells`] asks of each record: given its fields as written, the field to write
/// anew and its text, if any.
pub(super) type CellEdit<'a> = dyn FnMut(&[&str]) -> Option<(usize, String)> + 'a;

/// `value` as a cell: quoted when it holds the delimiter or a quote.
pub(super) fn quoted_cell(value: &str, delimiter: char) -> String {
    if value.contains([delimiter, '"']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A cell's text as the log reads it: trimmed, outer quotes removed, doubled quotes one.
pub(super) fn unquoted(cell: &str) -> String {
    let cell = cell.trim();
    match cell
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// A log's whole text, decoded, for a rewrite, with the byte-order mark it began with.
pub(super) struct WholeText {
    bom: Vec<u8>,
    pub text: String,
}

impl WholeText {
    /// Reads the log, of at most [`MAX_REWRITTEN_BYTES`]; a larger one is refused with
    /// `by_hand`, how to make the change by hand.
    pub(super) fn read(
        file: &LockedFile,
        log: &ExistingLog,
        refuse: &dyn Fn(&str) -> anyhow::Error,
        by_hand: &str,
    ) -> Result<WholeText> {
        let mut raw = Vec::new();
        file.reader()?
            .take(MAX_REWRITTEN_BYTES + 1)
            .read_to_end(&mut raw)?;
        if raw.len() as u64 > MAX_REWRITTEN_BYTES {
            return Err(refuse(&format!(
                "it is larger than {} MiB; {by_hand}",
                MAX_REWRITTEN_BYTES >> 20
            )));
        }
        let bom = Encoding::for_bom(&raw).map_or(0, |(_, length)| length);
        let (text, had_errors) = log
            .dialect
            .encoding
            .decode_without_bom_handling(&raw[bom..]);
        if had_errors {
            return Err(refuse(&format!(
                "it is not valid {} text throughout",
                log.dialect.encoding.name()
            )));
        }
        Ok(WholeText {
            text: text.into_owned(),
            bom: raw[..bom].to_vec(),
        })
    }

    /// `text`, the log's new whole text, as the file's bytes: in its encoding, after the
    /// byte-order mark it began with. An error begins with `doing`.
    pub(super) fn encode(&self, text: &str, dialect: &Dialect, doing: &str) -> Result<Vec<u8>> {
        let mut bytes = self.bom.clone();
        bytes.extend_from_slice(&dialect.encode(text, doing)?);
        Ok(bytes)
    }
}

/// Whether `after`, a log's text rewritten, reads as the rows of `before` each changed by
/// `change` (and nothing else), or why not.
pub(super) fn same_rows(
    before: &str,
    after: &str,
    name: &str,
    options: &ReadOptions,
    change: &dyn Fn(&mut ActivityRow),
) -> Result<(), String> {
    let open = |text: &str| {
        open_log(Cursor::new(text.as_bytes().to_vec()), name, options)
            .map_err(|err| format!("the new header would not read ({err})"))
    };
    let (mut old, mut new) = (open(before)?, open(after)?);
    let (mut a, mut b) = (ActivityRow::default(), ActivityRow::default());
    loop {
        let (x, y) = (old.read_row(&mut a), new.read_row(&mut b));
        match (x, y) {
            (None, None) => return Ok(()),
            (Some(Ok(_)), Some(Ok(_))) => {
                change(&mut a);
                if a != b {
                    return Err("its rows would not read back as they were".to_string());
                }
            }
            _ => return Err("its rows would not read back as they were".to_string()),
        }
    }
}

/// Reads the rows back as `report` would, in the log's dialect, so that nothing is written
/// that the log's own reader would refuse or read differently. Every write is made
/// through [`new_log`], [`append_to`] or [`with_new_column`], which call this.
fn verify<'a>(
    dialect: &Dialect,
    lines: &str,
    mut groups: impl Iterator<Item = &'a str>,
) -> Result<()> {
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
    let header = dialect.header_line();
    let text = header.as_bytes().chain(lines.as_bytes());
    let mut log = open_log(text, "the new row", &options)
        .map_err(|err| anyhow!("the row would not read back ({err}); nothing was written"))?;
    let mut each_read_back = true;
    log.each_row(|got, _| {
        each_read_back &= groups.next() == Some(got.group.as_str());
        Ok(())
    })
    .map_err(|err| anyhow!("the row would not read back ({err}); nothing was written"))?;
    if !each_read_back || groups.next().is_some() {
        bail!("the rows would not read back one for one; nothing was written");
    }
    Ok(())
}

/// The header [`verify`] gives a column of the user's own, read back as nothing.
fn own_column(index: usize) -> String {
    format!("own column {}", index + 1)
}

/// A group that no earlier row (nor the config) names is probably a typo: warn, or with
/// --strict refuse.
pub(super) fn check_group_is_known(
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

/// The log to append to: `file`, else the config's first log. Never the config itself.
/// `command` names what appends, in messages.
pub(super) fn target(file: Option<&Path>, config: &Config, command: &str) -> Result<PathBuf> {
    let path = match (file, config.log.first()) {
        (Some(file), _) => {
            if file == Path::new("-") {
                bail!("--file - would be standard input; netaudit {command} appends to a file");
            }
            file.to_path_buf()
        }
        (None, Some(first)) => {
            if first.file_name() == Some(std::ffi::OsStr::new("-")) {
                bail!(
                    "the config's log is \"-\", standard input; netaudit {command} appends to a \
                     file, so pass --file activity.csv"
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

#[cfg(test)]
mod tests {
    use super::add_last_column;

    #[test]
    fn a_last_column_goes_after_each_record_not_inside_quotes() {
        let text = "date,group,note\r\n2026-09-01,BNI,\"two\nlines, \"\"quoted\"\"\"\r\n\r\n2026-09-02,BNI,x";
        assert_eq!(
            add_last_column(text, ',', "source"),
            "date,group,note,source\r\n2026-09-01,BNI,\"two\nlines, \"\"quoted\"\"\",\r\n\r\n2026-09-02,BNI,x,"
        );
        assert_eq!(
            add_last_column("date;group", ';', "source"),
            "date;group;source"
        );
        assert_eq!(
            add_last_column("date\rx\r", ',', "source"),
            "date,source\rx,\r"
        );
    }
}
