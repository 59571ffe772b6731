//! The log's writer, beside its reader: rows written in the log's own dialect (its
//! column order, delimiter, decimal mark, line ends and encoding), each new row read back
//! by the reader before a byte is written, and what an existing log holds that a new row
//! must agree with. The writing itself is [`crate::files`]'s: atomic, or journaled.

use crate::activity::format::{Decimal, LogFormat};
use crate::activity::{ActivityRow, Column, MAX_GROUPS};
use crate::figures::Amount;
use crate::files::LockedFile;
use crate::ledger::{MAX_ENTRIES, MAX_NAMES};
use crate::messages::shell_word;
use crate::names::group_key;
use crate::records::LineEnd;
use crate::sources::SourceKind;
use crate::sources::csv_log::{LogReader, ReadOptions, open_log};
use crate::sources::input::prepare;
use crate::sources::member_slips;
use crate::sources::palms::period_of_id;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use encoding_rs::Encoding;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

/// The row to append: its cells by column, already valid.
#[derive(Clone)]
pub struct NewRow {
    pub date: NaiveDate,
    pub group: String,
    pub cells: Vec<(Column, String)>,
    /// A meeting implied by --hours alone, dropped where the log has no meetings column.
    pub implied_meeting: bool,
}

impl NewRow {
    /// The row as CSV text in `dialect`, in its columns' order (a column of the user's
    /// own is left empty); every cell must have a column.
    pub fn to_csv(&self, dialect: &Dialect) -> Result<String, Column> {
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
pub struct Dialect {
    pub columns: Vec<Option<Column>>,
    /// The header's names as the log writes them; `None` for a new log, whose names are
    /// the columns'.
    pub(super) names: Option<Vec<String>>,
    /// How dates are written, when not as ISO dates.
    date_format: Option<String>,
    pub delimiter: u8,
    decimal: Decimal,
    pub(super) line_end: LineEnd,
    pub encoding: &'static Encoding,
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
    pub fn date_text(&self, date: NaiveDate) -> String {
        date.format(self.date_format.as_deref().unwrap_or("%Y-%m-%d"))
            .to_string()
    }

    /// The header row as the log has it, for showing rows under it.
    pub fn shown_header(&self) -> String {
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
    pub(super) fn encode<'t>(&self, text: &'t str, doing: &str) -> Result<Cow<'t, [u8]>> {
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

pub fn line_end_text(line_end: LineEnd) -> &'static str {
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
pub struct Pending<I> {
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
    pub(super) fn new(
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

    /// Writes it all to `out`, as it was counted when it was made.
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

    /// Passes the header's text, then the rows', a chunk at a time, to `each`: for a dry
    /// run, which shows them.
    pub fn each_text(&self, each: &mut dyn FnMut(&str) -> Result<()>) -> Result<()> {
        each(&self.header)?;
        self.each_chunk(&checked_before, &mut |lines, _| each(lines))
    }
}

/// A column a row lacks, once [`Pending::new`] has found every row's columns there: not
/// to be met.
fn checked_before(column: Column) -> anyhow::Error {
    anyhow!("a row has no \"{}\" column to go in", column.name())
}

/// A log with a header of `columns` and the rows, for a file that does not exist yet or
/// is empty.
pub fn new_log<I>(rows: I, columns: &[Column], format: &LogFormat, name: &str) -> Result<Pending<I>>
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
pub struct DayHeld {
    pub kind: SourceKind,
    pub meetings: u64,
    pub hours: Amount,
}

impl DayHeld {
    /// Adds `row` to what its kind of source holds of its day.
    fn add(day: &mut Vec<DayHeld>, row: &ActivityRow) {
        let kind = SourceKind::of(&row.source);
        let hours = row.figures.hours.hundredths();
        match day.iter_mut().find(|held| held.kind == kind) {
            Some(held) => {
                held.meetings = held.meetings.saturating_add(row.figures.meetings);
                held.hours = Amount::from_hundredths(held.hours.hundredths().saturating_add(hours));
            }
            None => day.push(DayHeld {
                kind,
                meetings: row.figures.meetings,
                hours: row.figures.hours,
            }),
        }
    }
}

/// What appending needs to know of a log that has rows.
pub struct ExistingLog {
    pub dialect: Dialect,
    pub groups: Vec<String>,
    pub problems: u64,
    /// The ids of imported rows, with their dates.
    pub sources: HashMap<Box<str>, NaiveDate>,
    /// The periods of the PALMS lines and the slips among them, with their groups, and
    /// whether each is a PALMS line's.
    pub periods: Vec<(String, NaiveDate, NaiveDate, bool)>,
    /// Each day of the groups asked for (by the group's key) with the meetings and hours
    /// its rows hold, by what brought them in: an import adds only what is beyond them
    /// (see `import::already_logged`).
    pub held: HashMap<(String, NaiveDate), Vec<DayHeld>>,
    /// The options the log was read with, to read it again after a change.
    pub options: ReadOptions,
    /// Each client's first lead in the log, by the client's key: the books' revenue is
    /// credited to the group and contact that brought the client.
    pub first_leads: HashMap<String, FirstLead>,
    /// The clients (by key) and months (by their first day) of the deals rows from
    /// outside a CRM hold: a CRM's deal won then is the same deal. At most
    /// [`MAX_ENTRIES`] are kept.
    pub deals_logged: HashSet<(String, NaiveDate)>,
}

/// A client's first lead: its day, its group and contact, and the client as written.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstLead {
    pub date: NaiveDate,
    pub group: String,
    pub contact: String,
    pub client: String,
    /// Whether a CRM's deal brought it in.
    pub from_crm: bool,
}

/// Reads the log for what an append needs to know, and what the days of the groups
/// `held_for` names (by key) hold: an import's groups, none for `log`; with
/// `with_first_leads`, each client's first lead too (an import of the books), else none.
pub fn read_existing(
    file: &LockedFile,
    name: &str,
    format: &LogFormat,
    held_for: &HashSet<String>,
    with_first_leads: bool,
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
    let mut held: HashMap<(String, NaiveDate), Vec<DayHeld>> = HashMap::new();
    let mut problems = 0;
    let mut first_leads: HashMap<String, FirstLead> = HashMap::new();
    let mut deals_logged = HashSet::new();
    let mut row = ActivityRow::default();
    while let Some(read) = log.read_row(&mut row) {
        match read {
            Ok(_) => {
                if with_first_leads && !row.client.is_empty() && row.figures.leads > 0 {
                    let client = group_key(&row.client);
                    let earlier = first_leads
                        .get(&client)
                        .is_none_or(|first| row.date < first.date);
                    if earlier
                        && (first_leads.len() < MAX_NAMES || first_leads.contains_key(&client))
                    {
                        first_leads.insert(
                            client,
                            FirstLead {
                                date: row.date,
                                group: row.group.clone(),
                                contact: row.contact.clone(),
                                client: row.client.clone(),
                                from_crm: crate::sources::deals::is_deal(&row.source),
                            },
                        );
                    }
                }
                if with_first_leads
                    && !row.client.is_empty()
                    && row.figures.deals > 0
                    && !crate::sources::deals::is_deal(&row.source)
                    && deals_logged.len() < MAX_ENTRIES
                {
                    let month = crate::period::Month::of(row.date).first_day();
                    deals_logged.insert((group_key(&row.client), month));
                }
                let key = group_key(&row.group);
                if held_for.contains(&key) {
                    DayHeld::add(held.entry((key.clone(), row.date)).or_default(), &row);
                }
                if !row.source.is_empty() {
                    if let Some((from, to)) = period_of_id(&row.source) {
                        periods.push((row.group.clone(), from, to, true));
                    } else if let Some((from, to)) = member_slips::period_of_id(&row.source) {
                        periods.push((row.group.clone(), from, to, false));
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
        first_leads,
        deals_logged,
    })
}

/// The rows for a log that has rows, in its column order, dialect and encoding, after a
/// line end if the file lacks a final one (spreadsheets often save without it).
pub fn append_to<I>(
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
