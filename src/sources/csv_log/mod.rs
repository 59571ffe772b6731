//! The CSV activity log as a source: the reader that validates it row by row, with errors
//! that say which file, line and column held which value and what was expected; the
//! header map ([`header`]); the quick path for common cells (`common_cells`) and for
//! whole rows read straight from the buffer (`quick_row`); and the reader on several
//! threads ([`parallel`]). The byte-level CSV splitting is [`crate::records`].

mod common_cells;
pub mod header;
pub mod parallel;
mod quick_row;
pub mod rewrite;
pub mod writer;

pub use header::{HeaderMap, column_label};

use crate::activity::format::{DateOrder, Decimal, LogFormat};
use crate::activity::{ActivityRow, Column, DateReading, HAND_COLUMNS, LogError, date_separator};
use crate::ledger::{Ledger, Tally};
use crate::records::{
    Flaw, LineEnd, MAX_COUNTED_FIELDS, MAX_FIELD_BYTES, MAX_FIELDS, Record, RecordReader,
};
use chrono::NaiveDate;
use common_cells::SeenCells;
use header::HeaderRules;
use std::collections::VecDeque;
use std::fs::File;
use std::io::Read;

/// The CSV log: a regular file, read on up to `threads` threads, or a
/// stream (standard input, a pipe, a file in another encoding, a spreadsheet's sheet),
/// read in one pass.
pub struct CsvLog<'a> {
    pub input: CsvInput<'a>,
    pub name: &'a str,
    pub options: &'a ReadOptions,
    /// What reading found that the user should know (see [`LogReader::take_notes`]).
    notes: Vec<String>,
}

pub enum CsvInput<'a> {
    File { file: &'a File, threads: usize },
    Stream(Box<dyn Read + 'a>),
}

impl<'a> CsvInput<'a> {
    /// The input read in one pass, from its start.
    pub fn into_reader(self) -> Box<dyn Read + 'a> {
        match self {
            CsvInput::File { file, .. } => Box::new(parallel::FileAt::new(file, 0)),
            CsvInput::Stream(input) => input,
        }
    }
}

impl<'a> CsvLog<'a> {
    pub fn new(input: CsvInput<'a>, name: &'a str, options: &'a ReadOptions) -> CsvLog<'a> {
        CsvLog {
            input,
            name,
            options,
            notes: Vec::new(),
        }
    }
}

impl CsvLog<'_> {
    /// Reads the log in one pass, from its start, with `read`, keeping the notes reading
    /// found.
    fn read_in_one_pass(
        &mut self,
        read: impl FnOnce(&mut LogReader<&mut dyn Read>) -> Result<u64, LogError>,
    ) -> Result<u64, LogError> {
        let mut from_start;
        let input: &mut dyn Read = match &mut self.input {
            CsvInput::File { file, .. } => {
                from_start = parallel::FileAt::new(file, 0);
                &mut from_start
            }
            CsvInput::Stream(input) => input,
        };
        let mut reader = open_log(input, self.name, self.options)?;
        let read = read(&mut reader);
        self.notes.append(&mut reader.take_notes());
        read
    }
}

impl CsvLog<'_> {
    /// Passes each row to `each` with its line, in the log's order, and stops at the first
    /// problem; an error from `each` is reported at the row's line. Returns the number of
    /// rows.
    pub fn each_row(
        &mut self,
        each: impl FnMut(&ActivityRow, u64) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        self.read_in_one_pass(|reader| reader.each_row(each))
    }

    /// Totals every row into `ledger`: a regular file on several threads, else in one pass.
    pub fn add_to(&mut self, ledger: &mut Ledger) -> Result<(), LogError> {
        if let CsvInput::File { file, threads } = self.input {
            return parallel::read_file(
                file,
                self.name,
                self.options,
                threads,
                ledger,
                &mut self.notes,
            );
        }
        self.read_in_one_pass(|reader| reader.tally_each_row(&mut ledger.tally(), || false))
            .map(drop)
    }

    /// What reading found that the user should know but is no problem (the order dates
    /// were read in), each once.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }
}

/// How to read a log: what the config says of its format, and for a spreadsheet's sheet
/// turned into CSV, where its rows stand.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub format: LogFormat,
    pub sheet: Option<SheetPlace>,
}

/// A spreadsheet's sheet read as CSV: its name, and the CSV line each of its rows starts
/// on, so that messages name the sheet's row and not the line.
#[derive(Clone, Debug, Default)]
pub struct SheetPlace {
    pub name: String,
    /// The line of the sheet's row `n` (from 1) is `row_lines[n - 1]`.
    pub row_lines: Vec<u64>,
    /// The sheet's column (from 0) that the CSV's first column is.
    pub first_column: usize,
}

impl SheetPlace {
    /// The sheet's row that a CSV line belongs to.
    fn row(&self, line: u64) -> u64 {
        self.row_lines.partition_point(|&start| start <= line) as u64
    }
}

/// The most rows held while their dates read two ways (see [`DateCell::Either`]): a few
/// MiB. A log that settles nothing by then is asked for its date_format.
///
/// [`DateCell::Either`]: crate::activity::DateCell::Either
#[cfg(not(fuzzing))]
const MAX_UNSETTLED_ROWS: usize = 10_000;
#[cfg(fuzzing)]
const MAX_UNSETTLED_ROWS: usize = 4;

/// A row held while its date, or an earlier row's, reads two ways.
struct Unsettled {
    line: u64,
    row: ActivityRow,
    /// The date month first and day first; `None` when the row's own date is known.
    either: Option<(NaiveDate, NaiveDate)>,
}

/// Reads a log one row at a time, so that `report` can stop at the first problem and
/// `check` can list every one.
pub struct LogReader<R> {
    file: String,
    sheet: Option<SheetPlace>,
    /// Rows may be held for a date order (see [`Unsettled`]). A reader that began in the
    /// middle of a log may not: what settles the order may lie before it, so it stops
    /// with a problem there, for a reader from the start to read those rows.
    may_hold: bool,
    records: RecordReader<R>,
    record: Record,
    header: HeaderMap,
    header_line_end: Option<LineEnd>,
    unclosed_quote: Option<u64>,
    /// A read failed, so nothing more can be read.
    failed: bool,
    seen: SeenCells,
    /// Rows that start at or after this offset are left unread (see [`LogReader::stop_at`]).
    stop_at: u64,
    /// Where the last record read ended: just after its line end, or at the end of the input.
    record_end: u64,
    /// Rows held until a row settles the order of the dates, in file order.
    unsettled: VecDeque<Unsettled>,
    /// The first date that read two ways, and its line, for the message if none settles.
    first_unsettled: Option<(u64, String)>,
    /// Rows settled and not yet given out, in file order.
    ready: VecDeque<(u64, ActivityRow)>,
    notes: Vec<String>,
    /// A quoted cell's text read on the quick path, its doubled quotes made single.
    unquoted: Vec<u8>,
}

impl<R: Read> LogReader<R> {
    /// Reads and maps the header. Every problem with it is returned: without a header
    /// that maps, no row can be read.
    pub fn open(
        input: R,
        file: &str,
        options: &ReadOptions,
    ) -> Result<LogReader<R>, Vec<LogError>> {
        let mut records = RecordReader::new(input);
        let place = LogPlace {
            file,
            sheet: options.sheet.as_ref(),
        };
        let format = &options.format;
        let delimiter = match format.delimiter {
            Some(delimiter) => delimiter,
            None if options.sheet.is_some() => b',',
            None => records
                .sniff_delimiter()
                .map_err(|err| vec![LogError::unreadable(file, &err)])?,
        };
        records.set_delimiter(delimiter);
        let mut record = Record::new();
        match records.read(&mut record) {
            Err(err) => return Err(vec![LogError::unreadable(file, &err)]),
            Ok(false) => {
                return Err(vec![place.error(
                    None,
                    format!(
                        "the file is empty; expected a header row: {}",
                        HAND_COLUMNS.map(Column::name).join(",")
                    ),
                )]);
            }
            Ok(true) => {}
        }
        let line = Some(record.line);
        if let Some(flaw) = record.flaw() {
            return Err(vec![place.error(
                line,
                describe_flaw(flaw, &record, "header", delimiter, ACTIVITY_LOG),
            )]);
        }
        let rules = HeaderRules {
            format,
            decimal: format.decimal.unwrap_or(if options.sheet.is_some() {
                Decimal::Point
            } else {
                Decimal::usual_for(delimiter)
            }),
            letters: options.sheet.as_ref().map(|sheet| sheet.first_column),
            delimiter,
        };
        let header = HeaderMap::new(&record, &rules).map_err(|details: Vec<String>| {
            details
                .into_iter()
                .map(|d| place.error(line, d))
                .collect::<Vec<_>>()
        })?;
        let record_end = records.offset();
        let mut reader = LogReader::reading(records, file, header, record_end);
        reader.sheet = options.sheet.clone();
        reader.may_hold = true;
        reader.header_line_end = record.line_end();
        reader.record = record;
        Ok(reader)
    }

    /// Reads on from the middle of a log whose header `header` read, as if a record
    /// started there: `input` stands at `offset` bytes into the log, and lines are counted
    /// from `line`.
    pub fn resume(
        input: R,
        file: &str,
        header: &HeaderMap,
        offset: u64,
        line: u64,
    ) -> LogReader<R> {
        let mut records = RecordReader::at(input, offset, line);
        records.set_delimiter(header.delimiter);
        LogReader::reading(records, file, header.clone(), offset)
    }

    /// A reader of `records` by `header`, past the record that ended at `record_end`; it
    /// holds no rows for a date order until told it may (`may_hold`).
    fn reading(
        records: RecordReader<R>,
        file: &str,
        header: HeaderMap,
        record_end: u64,
    ) -> LogReader<R> {
        LogReader {
            file: file.to_string(),
            sheet: None,
            may_hold: false,
            records,
            record: Record::new(),
            header,
            header_line_end: None,
            unclosed_quote: None,
            failed: false,
            seen: SeenCells::new(),
            stop_at: u64::MAX,
            record_end,
            unsettled: VecDeque::new(),
            first_unsettled: None,
            ready: VecDeque::new(),
            notes: Vec::new(),
            unquoted: Vec::new(),
        }
    }

    /// How the header reads the rows, with the order of dates as far as it is settled.
    pub fn header(&self) -> &HeaderMap {
        &self.header
    }

    /// The byte between fields.
    pub fn delimiter(&self) -> u8 {
        self.header.delimiter
    }

    /// Reads dates as an earlier reader of the same log settled them: in its form (ISO or
    /// such as `05/06/2026`) and, for the latter, its order.
    pub fn assume_dates(&mut self, dates: &DateReading) {
        self.header.dates = dates.clone();
    }

    /// Whether rows are held for a date order not yet settled: a reader that holds rows
    /// must read on until they are settled, not be replaced by the reader after it.
    pub fn holds_rows(&self) -> bool {
        !self.unsettled.is_empty() || !self.ready.is_empty()
    }

    /// Leaves unread every record that starts at `offset` or later, so that another reader
    /// can take them. Called again with a later `offset`, the reader goes on up to there.
    pub fn stop_at(&mut self, offset: u64) {
        self.stop_at = offset;
    }

    /// Adds `lines` to every line number from here on: for a reader that began in the
    /// middle of a log, once the line there is known.
    pub fn renumber(&mut self, lines: u64) {
        self.records.renumber(lines);
    }

    /// Where the last record read ended (where reading began, before any).
    pub fn record_end(&self) -> u64 {
        self.record_end
    }

    /// Passes over blank lines to where the next record starts, or the input ends, and says
    /// where that is and on which line. A record past where reading stops is found all the
    /// same (see [`LogReader::stop_at`]).
    pub fn next_start(&mut self) -> Result<(u64, u64), LogError> {
        let start = self
            .records
            .next_start()
            .map_err(|err| LogError::unreadable(&self.file, &err))?;
        Ok((
            start.unwrap_or_else(|| self.records.offset()),
            self.records.line(),
        ))
    }

    /// The log's columns, in the file's order; `None` for a column of the user's own.
    pub fn columns(&self) -> &[Option<Column>] {
        self.header.columns()
    }

    /// How the header line ended; `None` when the file is the header alone, unended.
    pub fn header_line_end(&self) -> Option<LineEnd> {
        self.header_line_end
    }

    /// The decimal mark the log's numbers are read with.
    pub fn decimal(&self) -> Decimal {
        self.header.decimal
    }

    /// What reading found that the user should know, such as the order its dates were
    /// read in; each said once.
    pub fn take_notes(&mut self) -> Vec<String> {
        if let Some((first, other)) = self.header.dates.two_ways.take() {
            self.notes.push(format!(
                "{}: dates are written two ways, as {} and as {}; both read, and new rows are \
                 written as the first is, but a log in one form reads the same in every \
                 program",
                self.file,
                crate::messages::show_value(&first),
                crate::messages::show_value(&other)
            ));
        }
        std::mem::take(&mut self.notes)
    }

    fn place(&self) -> LogPlace<'_> {
        LogPlace {
            file: &self.file,
            sheet: self.sheet.as_ref(),
        }
    }

    /// Reads the next row into `row` and returns its line, or returns every problem of the
    /// next bad one; `None` after the last row, or where reading stops (see
    /// [`LogReader::stop_at`]). A read error ends the log. The row's string is reused, so
    /// that reading allocates nothing per row; after a problem, `row` holds no row.
    pub fn read_row(&mut self, row: &mut ActivityRow) -> Option<Result<u64, Vec<LogError>>> {
        loop {
            if let Some((line, ready)) = self.ready.pop_front() {
                *row = ready;
                return Some(Ok(line));
            }
            if self.failed {
                return None;
            }
            // While rows are held for a date order, each row is held too: the full path.
            if self.unsettled.is_empty() {
                if let Err(err) = self.records.next_start() {
                    self.failed = true;
                    return Some(Err(vec![LogError::unreadable(&self.file, &err)]));
                }
                if let Some(line) = self.read_quick_row(row) {
                    return Some(Ok(line));
                }
            }
            let read = self.records.read_before(&mut self.record, self.stop_at);
            if let Ok(true) = read {
                self.record_end = self.records.offset();
            }
            let line = self.record.line;
            match read {
                Err(err) => {
                    self.failed = true;
                    return Some(Err(vec![LogError::unreadable(&self.file, &err)]));
                }
                Ok(false) => return self.unsettled_at_end(),
                Ok(true) => {}
            }
            if let Some(flaw) = self.record.flaw() {
                if let Flaw::UnclosedQuote { line, .. } = flaw {
                    self.unclosed_quote = Some(line);
                }
                let detail = describe_flaw(
                    flaw,
                    &self.record,
                    "row",
                    self.header.delimiter,
                    ACTIVITY_LOG,
                );
                return Some(Err(vec![self.place().error(Some(line), detail)]));
            }
            if self
                .record
                .iter()
                .all(|field| field.trim_ascii().is_empty())
            {
                continue;
            }
            let order_before = self.header.dates.order;
            let either = match self.header.row(&self.record, row, &mut self.seen) {
                Ok(either) => either,
                Err(details) => {
                    let place = self.place();
                    return Some(Err(details
                        .into_iter()
                        .map(|detail| place.error(Some(line), detail))
                        .collect()));
                }
            };
            if order_before.is_none() && self.header.dates.order.is_some() {
                self.note_order(line);
            }
            if either.is_none() && self.unsettled.is_empty() {
                return Some(Ok(line));
            }
            if !self.may_hold {
                self.failed = true;
                let detail = "a date that reads two ways, read from the middle of the log";
                return Some(Err(vec![
                    self.place().error(Some(line), detail.to_string()),
                ]));
            }
            if let Some(order) = self.header.dates.order {
                // This row settled the order: the rows held read by it, then this one.
                let held = std::mem::take(&mut self.unsettled);
                for mut unsettled in held {
                    if let Some((month_first, day_first)) = unsettled.either {
                        unsettled.row.date = match order {
                            DateOrder::MonthFirst => month_first,
                            DateOrder::DayFirst => day_first,
                        };
                    }
                    self.ready.push_back((unsettled.line, unsettled.row));
                }
                self.ready.push_back((line, row.clone()));
                continue;
            }
            if self.unsettled.len() >= MAX_UNSETTLED_ROWS {
                self.unsettled.clear();
                self.failed = true;
                let detail = self.unsettled_detail(&format!(
                    "{MAX_UNSETTLED_ROWS} rows on, no date has settled which"
                ));
                return Some(Err(vec![self.place().error(Some(line), detail)]));
            }
            if either.is_some() && self.first_unsettled.is_none() {
                let text = self.date_cell();
                self.first_unsettled = Some((line, text));
            }
            self.unsettled.push_back(Unsettled {
                line,
                row: row.clone(),
                either,
            });
        }
    }

    /// At the end of the input: the rows held for a date order that nothing settled are
    /// an error that asks for date_format.
    fn unsettled_at_end(&mut self) -> Option<Result<u64, Vec<LogError>>> {
        if self.unsettled.is_empty() || self.stop_at != u64::MAX {
            return None;
        }
        self.unsettled.clear();
        let detail = self.unsettled_detail("no row settles which");
        let line = self.first_unsettled.as_ref().map(|(line, _)| *line);
        Some(Err(vec![self.place().error(line, detail)]))
    }

    fn unsettled_detail(&self, why: &str) -> String {
        let (line, text) = self.first_unsettled.clone().unwrap_or_default();
        let separator = date_separator(&text).unwrap_or('/');
        let at = self.place().describe_line(line);
        format!(
            "the dates read both month first and day first (the first, {} at {at}, could be either) and {why}; set date_format = \"{}\" (day first) or \"{}\" (month first) \
             in netaudit.toml",
            crate::messages::show_value(&text),
            DateOrder::DayFirst.format(separator),
            DateOrder::MonthFirst.format(separator),
        )
    }

    /// The date cell of the record just read, as written.
    fn date_cell(&self) -> String {
        self.header
            .columns()
            .iter()
            .position(|column| *column == Some(Column::Date))
            .and_then(|index| self.record.get(index))
            .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
            .unwrap_or_default()
    }

    fn note_order(&mut self, line: u64) {
        let Some(order) = self.header.dates.order else {
            return;
        };
        let text = self.date_cell();
        let separator = date_separator(&text).unwrap_or('/');
        let note = format!(
            "{}: dates read {}, as {} at {} can only be read that way; set date_format = \"{}\" \
             in netaudit.toml to say so",
            self.file,
            order.describe(separator),
            crate::messages::show_value(&text),
            self.place().describe_line(line),
            order.format(separator)
        );
        self.notes.push(note);
    }

    /// The line of a quote that was still open at the end of the file, once it is read:
    /// anything appended would become part of that field.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// Passes every row not yet read to `each`, in file order, up to where reading stops,
    /// and stops at the first problem; an error from `each` is reported at the row's line.
    /// Returns the number of rows read.
    pub fn each_row(
        &mut self,
        mut each: impl FnMut(&ActivityRow, u64) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        self.read_each(|row, line, _| each(row, line))
    }

    /// [`LogReader::each_row`] into `tally`, failing as soon as `stopped` says so. A row
    /// whose group cell this reader has seen is added without a copy of the group's name,
    /// which the tally asks for only when it needs it.
    pub fn tally_each_row(
        &mut self,
        tally: &mut Tally<'_>,
        stopped: impl Fn() -> bool,
    ) -> Result<u64, LogError> {
        self.seen.names_in_rows = false;
        let read = self.read_each(|row, _, seen| {
            if stopped() {
                return Err("stopped".to_string());
            }
            tally.add_seen(row, seen.row_cell, || seen.group_of(row))
        });
        self.seen.names_in_rows = true;
        read
    }

    /// Passes every row not yet read to `each` with its line and this reader's group cells,
    /// as [`LogReader::each_row`] describes.
    #[inline(always)]
    fn read_each(
        &mut self,
        mut each: impl FnMut(&ActivityRow, u64, &SeenCells) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        let mut row = ActivityRow::default();
        let mut rows = 0;
        loop {
            // Most rows go from the buffer to `each` without the rest of `read_row`.
            let line = match self.read_quick_row(&mut row) {
                Some(line) => line,
                None => match self.read_row(&mut row) {
                    Some(read) => read.map_err(|mut errors| errors.swap_remove(0))?,
                    None => break,
                },
            };
            each(&row, line, &self.seen)
                .map_err(|detail| self.place().error(Some(line), detail))?;
            rows += 1;
        }
        Ok(rows)
    }

    /// Reads the row at the start of the bytes read ahead on the quick path, when nothing
    /// comes before it (rows a settled date order let go, a blank line, the end of what
    /// this reader reads), and returns its line; `None` leaves it to the rest of
    /// [`LogReader::read_row`]. No row is held for a date order here: `read_row` holds them
    /// until one settles the order, or stops at a problem.
    #[inline(always)]
    fn read_quick_row(&mut self, row: &mut ActivityRow) -> Option<u64> {
        if !self.ready.is_empty() {
            return None;
        }
        let start = self.records.buffered_start()?;
        if start >= self.stop_at {
            return None;
        }
        let line = self.records.line();
        let buffered = self.records.buffered();
        let (header, seen) = (&mut self.header, &mut self.seen);
        let (taken, line_ends) = quick_row::read(buffered, header, row, seen, &mut self.unquoted)?;
        self.records.take_record(taken, line_ends);
        self.record_end = self.records.offset();
        Some(line)
    }

    /// A problem found with the row on `line`, located as the log locates its rows.
    pub fn error_at(&self, line: u64, detail: String) -> LogError {
        self.place().error(Some(line), detail)
    }
}

/// Where a log's problems are: a file and its lines, or a spreadsheet's sheet and its rows.
struct LogPlace<'a> {
    file: &'a str,
    sheet: Option<&'a SheetPlace>,
}

impl LogPlace<'_> {
    fn error(&self, line: Option<u64>, detail: String) -> LogError {
        LogError {
            file: self.file.to_string(),
            sheet: self.sheet.map(|sheet| sheet.name.clone()),
            line: match self.sheet {
                Some(sheet) => line.map(|line| sheet.row(line)),
                None => line,
            },
            detail,
        }
    }

    fn describe_line(&self, line: u64) -> String {
        match self.sheet {
            Some(sheet) => format!("row {}", sheet.row(line)),
            None => format!("line {line}"),
        }
    }
}

/// What a log is, for [`describe_flaw`]'s question.
const ACTIVITY_LOG: &str = "the activity log";

/// What is wrong with `record`'s shape, a `what` ("header", "row") of a file that should
/// be `expected` ("the activity log").
pub(crate) fn describe_flaw(
    flaw: Flaw,
    record: &Record,
    what: &str,
    delimiter: u8,
    expected: &str,
) -> String {
    let delimiter = header::delimiter_name(delimiter);
    match flaw {
        Flaw::UnclosedQuote { field, line } => format!(
            "column {field}: a quote opens on line {line} and is never closed, so every later \
             line would be read as part of this field; close the quote, or remove it"
        ),
        Flaw::TextAfterQuote { field, line } => format!(
            "column {field}: text follows the closing quote on line {line}; put the whole field \
             in quotes and double any quote inside it, as in \"say \"\"hi\"\"\""
        ),
        Flaw::FieldTooLong { field } => format!(
            "column {field} is longer than {} KiB, the most a field may hold, so reading \
             stopped there; check for a stray quote before it",
            MAX_FIELD_BYTES / 1024
        ),
        Flaw::TooManyFields if record.width() > MAX_COUNTED_FIELDS => format!(
            "this {what} has more than {MAX_COUNTED_FIELDS} fields, so reading stopped there; \
             a row may have {MAX_FIELDS}. Is this {expected}? (fields are split at each \
             {delimiter})"
        ),
        Flaw::TooManyFields => format!(
            "this {what} has {} fields, more than the {MAX_FIELDS} a row may have; \
             is this {expected}?",
            record.width()
        ),
    }
}

/// Reads a whole log in netaudit's own CSV, handing each row to `each` in file order, and
/// stops at the first problem. `source` names the input in messages; an error from `each`
/// is reported at the row's line. Returns the number of rows read.
pub fn read_log<R: Read>(
    input: R,
    file: &str,
    mut each: impl FnMut(&ActivityRow) -> Result<(), String>,
) -> Result<u64, LogError> {
    open_log(input, file, &ReadOptions::default())?.each_row(|row, _| each(row))
}

/// A reader past the log's header, or the header's first problem.
pub fn open_log<R: Read>(
    input: R,
    file: &str,
    options: &ReadOptions,
) -> Result<LogReader<R>, LogError> {
    LogReader::open(input, file, options).map_err(|mut errors| errors.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::parse_date;
    use crate::records::Trickle;
    use common_cells::MAX_SEEN_GROUP_CELL_BYTES;
    use proptest::prelude::*;

    /// A row read on its line, or the problems of a row.
    type RowRead = Result<(u64, ActivityRow), Vec<String>>;

    /// Every row and problem a reader gives, with the notes it takes.
    fn everything<R: Read>(input: R) -> (Vec<RowRead>, Vec<String>) {
        let mut all = Vec::new();
        let mut log = match LogReader::open(input, "log.csv", &ReadOptions::default()) {
            Ok(log) => log,
            Err(errors) => {
                return (
                    vec![Err(errors.iter().map(|e| e.to_string()).collect())],
                    Vec::new(),
                );
            }
        };
        let mut row = ActivityRow::default();
        while let Some(read) = log.read_row(&mut row) {
            all.push(
                read.map(|line| (line, row.clone()))
                    .map_err(|errors| errors.iter().map(|e| e.to_string()).collect()),
            );
        }
        (all, log.take_notes())
    }

    /// The rows [`LogReader::each_row`] gives, which reads most of them on its own loop,
    /// then its problem; it stops there, where [`everything`] reads on.
    fn each_row_reads<R: Read>(input: R) -> Vec<RowRead> {
        let mut all = Vec::new();
        let mut log = match LogReader::open(input, "log.csv", &ReadOptions::default()) {
            Ok(log) => log,
            Err(errors) => return vec![Err(errors.iter().map(|e| e.to_string()).collect())],
        };
        let read = log.each_row(|row, line| {
            all.push(Ok((line, row.clone())));
            Ok(())
        });
        if let Err(err) = read {
            all.push(Err(vec![err.to_string()]));
        }
        all
    }

    /// What [`each_row_reads`] should give for what [`everything`] gave: the rows up to the
    /// first problem, then that problem's first message.
    fn up_to_first_problem(reads: Vec<RowRead>) -> Vec<RowRead> {
        let mut kept = Vec::new();
        for read in reads {
            match read {
                Ok(row) => kept.push(Ok(row)),
                Err(mut messages) => {
                    messages.truncate(1);
                    kept.push(Err(messages));
                    break;
                }
            }
        }
        kept
    }

    /// A cell of the column `name`: mostly one the column takes, in the forms that take
    /// the quick path and those that leave it, and now and then one of any column.
    fn cell(name: &str) -> impl Strategy<Value = &'static str> + use<> {
        let fitting = match name {
            "date" => vec![
                "2026-01-05",
                "2026-01-06",
                "05/01/2026",
                "13/01/2026",
                " 2026-01-05 ",
            ],
            "group" => vec![
                "Harbor BNI",
                " Harbor  BNI ",
                "\"Harbor, BNI\"",
                "\"The \"\"Early\"\" Birds\"",
                "Rotary",
                "é",
            ],
            "meetings" | "leads" => vec!["", "1", "12", " 3 ", "\"2\""],
            // A row starts with covers 1 and no source, so the quick path passes over an
            // empty cell of either: a row after one that sets them must not keep them.
            "covers" => vec!["", "12", "1", "0"],
            "source" => vec!["", "cal:1", " id ", "\"a,b\""],
            "hours" | "cost" => vec![
                "",
                "1.5",
                "35",
                "2.25",
                "$1,234.50",
                "\"$1,234.50\"",
                "€12",
                "\"1,2345\"",
            ],
            _ => vec![
                "",
                "ok",
                "\"a, b\"",
                "é",
                "\"two\nlines\"",
                "\"say \"\"hi\"\"\"",
                // Long enough for a row to reach past 64 bytes, where the quick path reads
                // a second block.
                "a note long enough to take the row past one block of sixty-four bytes",
                "\"a quoted note, long enough to take the row past one block, \"\"and\"\" on\"",
            ],
        };
        let any = vec![
            "2026-02-30",
            "01/13/2026",
            "",
            " ",
            "\"\"",
            "-3",
            "x",
            "2,50",
            "\"unclosed",
            "10\" pizza",
            "\"a\"b",
            "\"cr\r\n\"",
            "a\rb",
            "\u{202e}",
            "\u{1}",
        ];
        prop_oneof![
            6 => prop::sample::select(fitting),
            1 => prop::sample::select(any),
        ]
    }

    fn log() -> impl Strategy<Value = String> {
        let header = prop::sample::select(vec![
            "date,group,meetings,hours,cost,note",
            "group,note,date,leads",
            "date,group",
            "date,group,covers,source,leads",
        ]);
        header.prop_flat_map(|header| {
            let names: Vec<&str> = header.split(',').collect();
            let cells: Vec<_> = names.iter().map(|&name| cell(name)).collect();
            let line_end = prop::sample::select(vec!["\n", "\n", "\r\n", "\r", "\n\n"]);
            // Now and then a cell too many or too few.
            let width = prop_oneof![8 => Just(0), 1 => Just(1), 1 => Just(-1)];
            let row = (cells, width, line_end).prop_map(|(mut cells, width, end)| {
                match width {
                    1 => cells.push("1"),
                    -1 => drop(cells.pop()),
                    _ => {}
                }
                format!("{}{end}", cells.join(","))
            });
            prop::collection::vec(row, 0..10)
                .prop_map(move |rows| format!("{header}\n{}", rows.concat()))
        })
    }

    /// A row the quick path leaves to the full path teaches it nothing of how dates are
    /// written: not a date that settles the order (the full path notes it), nor an ISO
    /// date in a row of the wrong width (which the full path never reads).
    #[test]
    fn a_row_left_to_the_full_path_teaches_nothing_of_dates() {
        let settles = "date,group\n13/01/2026,Harbor\n";
        let too_wide = "date,group\n2026-01-05,Harbor,1\n05/01/2026,Harbor\n";
        for text in [settles, too_wide] {
            let trickled = everything(Trickle(text.as_bytes()));
            assert_eq!(everything(text.as_bytes()), trickled, "{text:?}");
        }
        let (rows, notes) = everything(settles.as_bytes());
        assert!(rows[0].is_ok());
        assert_eq!(notes.len(), 1, "the order it settles is noted: {notes:?}");
        let (rows, _) = everything(too_wide.as_bytes());
        let unsettled = rows[1].as_ref().unwrap_err()[0].as_str();
        assert!(
            unsettled.contains("month first and day first"),
            "{unsettled}"
        );
    }

    /// Rows held until a date settles the order of dates keep their place: an ISO date
    /// after them, which the quick path could read, waits its turn.
    #[test]
    fn rows_held_for_the_order_of_dates_keep_their_place() {
        let text = "date,group,leads\n05/01/2026,A,1\n06/01/2026,B,2\n2026-01-07,B,1\n\
                    13/01/2026,A,1\n2026-01-14,A,1\n";
        let reads = each_row_reads(text.as_bytes());
        let lines: Vec<u64> = reads.iter().flatten().map(|&(line, _)| line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert_eq!(reads, up_to_first_problem(everything(text.as_bytes()).0));
    }

    proptest! {
        /// Rows read on the quick path, straight from the buffer, read as those read a few
        /// bytes at a time, which never lie whole in the buffer and take the full path:
        /// the same rows on the same lines, the same problems, the same notes.
        #[test]
        fn quick_rows_read_as_full_ones(text in log()) {
            let (rows, notes) = everything(text.as_bytes());
            prop_assert_eq!(
                each_row_reads(text.as_bytes()),
                up_to_first_problem(rows.clone())
            );
            prop_assert_eq!((rows, notes), everything(Trickle(text.as_bytes())));
        }
    }

    #[test]
    fn a_group_cell_is_kept_only_when_short() {
        let long = format!("{}Harbor BNI", " ".repeat(MAX_SEEN_GROUP_CELL_BYTES));
        let text = format!("date,group\n2026-01-05,Harbor BNI\n2026-01-05,{long}\n");
        let mut log = LogReader::open(text.as_bytes(), "log.csv", &ReadOptions::default()).unwrap();
        let mut row = ActivityRow::default();
        let mut cells = Vec::new();
        while let Some(read) = log.read_row(&mut row) {
            read.unwrap();
            cells.push((row.group.clone(), log.seen.kept));
        }
        assert_eq!(
            cells,
            [("Harbor BNI".to_string(), 1), ("Harbor BNI".to_string(), 1)]
        );
    }

    #[test]
    fn a_group_cell_seen_before_reads_as_it_did() {
        let text =
            "date,group\n2026-01-05, Harbor  BNI \n2026-01-05, Harbor  BNI \n2026-01-06,Rotary\n";
        let mut read = Vec::new();
        read_log(text.as_bytes(), "log.csv", |row| {
            read.push((row.date, row.group.clone()));
            Ok(())
        })
        .unwrap();
        let day = |text| parse_date(text).unwrap();
        assert_eq!(
            read,
            vec![
                (day("2026-01-05"), "Harbor BNI".to_string()),
                (day("2026-01-05"), "Harbor BNI".to_string()),
                (day("2026-01-06"), "Rotary".to_string()),
            ]
        );
    }

    /// The CSV log yields each row with its line and no id, and a file totals into the
    /// ledger as the same rows streamed do.
    #[test]
    fn the_csv_log_is_a_source_of_lined_rows() {
        let text = "date,group,leads\n2026-01-05,Harbor,1\n\n2026-02-05,Rotary,2\n";
        let mut seen = Vec::new();
        let options = ReadOptions::default();
        let mut stream = CsvLog::new(
            CsvInput::Stream(Box::new(text.as_bytes())),
            "log.csv",
            &options,
        );
        let rows = stream
            .each_row(|row, line| {
                seen.push((line, row.figures.leads));
                Ok(())
            })
            .unwrap();
        assert_eq!(rows, 2);
        assert_eq!(seen, [(2, 1), (4, 2)]);
        let path = std::env::temp_dir().join(format!("netaudit-source-{}.csv", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let file = File::open(&path).unwrap();
        let mut from_file = Ledger::new();
        CsvLog::new(
            CsvInput::File {
                file: &file,
                threads: 2,
            },
            "log.csv",
            &options,
        )
        .add_to(&mut from_file)
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        let mut streamed = Ledger::new();
        CsvLog::new(
            CsvInput::Stream(Box::new(text.as_bytes())),
            "log.csv",
            &options,
        )
        .add_to(&mut streamed)
        .unwrap();
        assert_eq!(from_file, streamed);
        assert_eq!(from_file.rows(), 2);
    }
}
