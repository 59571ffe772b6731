//! Reads and validates the activity log: the header map, every cell, and errors
//! that say which file, line and column held which value, and what was expected.

use crate::figures::{Amount, Figures};
use crate::messages;
use crate::period::{DateProblem, parse_date};
use crate::records::{
    Flaw, LineEnd, MAX_COUNTED_FIELDS, MAX_FIELD_BYTES, MAX_FIELDS, Record, RecordReader,
};
use chrono::NaiveDate;
use std::fmt;
use std::io::Read;

/// A column the activity log may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Date,
    Group,
    Meetings,
    Hours,
    Cost,
    Leads,
    Deals,
    Revenue,
    ReferralsGiven,
    OtherValue,
    Note,
}

/// Every column, in the order a new log is written.
pub const COLUMNS: [Column; 11] = [
    Column::Date,
    Column::Group,
    Column::Meetings,
    Column::Hours,
    Column::Cost,
    Column::Leads,
    Column::Deals,
    Column::Revenue,
    Column::ReferralsGiven,
    Column::OtherValue,
    Column::Note,
];

/// The largest value one cell may hold. Far above any real row, and low enough
/// that no sum over a log can approach the limits of the integers that hold it.
pub const MAX_AMOUNT: u64 = 1_000_000_000;
pub const MAX_COUNT: u64 = 1_000_000;

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Group => "group",
            Column::Meetings => "meetings",
            Column::Hours => "hours",
            Column::Cost => "cost",
            Column::Leads => "leads",
            Column::Deals => "deals",
            Column::Revenue => "revenue",
            Column::ReferralsGiven => "referrals_given",
            Column::OtherValue => "other_value",
            Column::Note => "note",
        }
    }

    fn from_header(name: &str) -> Option<Column> {
        COLUMNS.into_iter().find(|column| column.name() == name)
    }
}

/// One validated row of the log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityRow {
    pub date: NaiveDate,
    /// The group name as written, with spacing normalised (see [`normalize_group`]).
    pub group: String,
    pub figures: Figures,
}

/// A problem in an activity log, located as precisely as the problem allows.
#[derive(Debug)]
pub struct LogError {
    pub source: String,
    pub line: Option<u64>,
    pub detail: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.detail),
            None => write!(f, "{}: {}", self.source, self.detail),
        }
    }
}

impl std::error::Error for LogError {}

impl LogError {
    /// The input could not be read at all, or not on.
    pub fn unreadable(source: &str, err: &std::io::Error) -> LogError {
        LogError {
            source: source.to_string(),
            line: None,
            detail: format!("cannot read the file: {err}"),
        }
    }
}

/// Trims a group name and collapses each run of inner whitespace to one space.
pub fn normalize_group(name: &str) -> String {
    let mut normal = String::new();
    normalize_group_into(name, &mut normal);
    normal
}

/// [`normalize_group`] into a reused string, so that reading a row allocates nothing.
fn normalize_group_into(name: &str, normal: &mut String) {
    normal.clear();
    // Most names are written normally already: plain ASCII, single spaces between words.
    let mut previous = b' ';
    let is_normal = !name.ends_with(' ')
        && name.bytes().all(|byte| {
            let fits = (b' '..0x80).contains(&byte) && !(byte == b' ' && previous == b' ');
            previous = byte;
            fits
        });
    if is_normal {
        normal.push_str(name);
        return;
    }
    for word in name.split_whitespace() {
        if !normal.is_empty() {
            normal.push(' ');
        }
        normal.push_str(word);
    }
}

/// The identity of a group: its normalised name, without letter case.
pub fn group_key(name: &str) -> String {
    normalize_group(name).to_lowercase()
}

/// Whether two group keys look like one name written two ways: the same letters and digits
/// with other punctuation or spacing, or one edit apart (two in names of 16 characters or
/// more). Names under 4 characters are too short to tell.
pub fn resembles(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let letters = |name: &str| -> String { name.chars().filter(|c| c.is_alphanumeric()).collect() };
    if letters(a) == letters(b) {
        return true;
    }
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let shorter = a_len.min(b_len);
    let allowed = if shorter >= 16 { 2 } else { 1 };
    shorter >= 4 && a_len.abs_diff(b_len) <= allowed && strsim::levenshtein(a, b) <= allowed
}

/// Up to `count` of `names`, closest in spelling to `name` first, without letter case.
pub fn closest_names<'a>(name: &str, names: &[&'a str], count: usize) -> Vec<&'a str> {
    let key = group_key(name);
    let mut ranked: Vec<(usize, &str)> = names
        .iter()
        .map(|candidate| (strsim::levenshtein(&key, &group_key(candidate)), *candidate))
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(count)
        .map(|(_, name)| name)
        .collect()
}

/// The known column closest in spelling to `name`.
pub fn closest_column(name: &str) -> &'static str {
    closest(name, COLUMNS.iter().map(|column| column.name())).unwrap_or("date")
}

/// The candidate with the smallest edit distance to `name` (the first on ties).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.min_by_key(|candidate| strsim::levenshtein(name, candidate))
}

/// Shows a cell's value in a message: quoted, escaped, and cut short if long.
pub fn show_value(value: &str) -> String {
    const MAX_CHARS: usize = 40;
    if value.chars().count() > MAX_CHARS {
        let head: String = value.chars().take(MAX_CHARS).collect();
        format!("{head:?}… ({} bytes)", value.len())
    } else {
        format!("{value:?}")
    }
}

/// The most distinct groups one run may hold; a log that names more is refused.
#[cfg(not(fuzzing))]
pub const MAX_GROUPS: usize = 10_000;
/// Small enough for a fuzzer's inputs to pass.
#[cfg(fuzzing)]
pub const MAX_GROUPS: usize = 8;
/// The longest group name, in characters.
pub const MAX_GROUP_NAME_CHARS: usize = 100;

/// Reads a log one row at a time, so that `report` can stop at the first problem and
/// `check` can list every one.
pub struct LogReader<R> {
    source: String,
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
}

impl<R: Read> LogReader<R> {
    /// Reads and maps the header. Every problem with it is returned: without a header
    /// that maps, no row can be read.
    pub fn open(input: R, source: &str) -> Result<LogReader<R>, Vec<LogError>> {
        let error = |line, detail| LogError {
            source: source.to_string(),
            line,
            detail,
        };
        let mut records = RecordReader::new(input);
        let mut record = Record::new();
        match records.read(&mut record) {
            Err(err) => return Err(vec![LogError::unreadable(source, &err)]),
            Ok(false) => {
                return Err(vec![error(
                    None,
                    format!(
                        "the file is empty; expected a header row: {}",
                        COLUMNS.map(Column::name).join(",")
                    ),
                )]);
            }
            Ok(true) => {}
        }
        let line = Some(record.line);
        if let Some(flaw) = record.flaw() {
            return Err(vec![error(line, describe_flaw(flaw, &record, "header"))]);
        }
        let header = HeaderMap::new(&record).map_err(|details: Vec<String>| {
            details
                .into_iter()
                .map(|d| error(line, d))
                .collect::<Vec<_>>()
        })?;
        Ok(LogReader {
            source: source.to_string(),
            header_line_end: record.line_end(),
            record_end: records.offset(),
            records,
            record,
            header,
            unclosed_quote: None,
            failed: false,
            seen: SeenCells::new(),
            stop_at: u64::MAX,
        })
    }

    /// Reads on from the middle of a log whose header had `columns`, as if a record
    /// started there: `input` stands at `offset` bytes into the log, and lines are counted
    /// from `line`.
    pub fn resume(
        input: R,
        source: &str,
        columns: &[Column],
        offset: u64,
        line: u64,
    ) -> LogReader<R> {
        LogReader {
            source: source.to_string(),
            records: RecordReader::at(input, offset, line),
            record: Record::new(),
            header: HeaderMap {
                columns: columns.to_vec(),
            },
            header_line_end: None,
            unclosed_quote: None,
            failed: false,
            seen: SeenCells::new(),
            stop_at: u64::MAX,
            record_end: offset,
        }
    }

    /// Leaves unread every record that starts at `offset` or later, so that another reader
    /// can take them. A reader that stopped reads on to a later `offset`.
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
            .map_err(|err| LogError::unreadable(&self.source, &err))?;
        Ok((
            start.unwrap_or_else(|| self.records.offset()),
            self.records.line(),
        ))
    }

    /// The log's columns, in the file's order.
    pub fn columns(&self) -> &[Column] {
        &self.header.columns
    }

    /// How the header line ended; `None` when the file is the header alone, unended.
    pub fn header_line_end(&self) -> Option<LineEnd> {
        self.header_line_end
    }

    /// Reads the next row into `row`, or returns every problem of the next bad one; `None`
    /// after the last row, or where reading stops (see [`LogReader::stop_at`]). A read error
    /// ends the log. The row's string is reused, so that reading allocates nothing per row;
    /// after a problem, `row` holds no row.
    pub fn read_row(&mut self, row: &mut ActivityRow) -> Option<Result<(), Vec<LogError>>> {
        loop {
            if self.failed {
                return None;
            }
            let read = self.records.read_before(&mut self.record, self.stop_at);
            if let Ok(true) = read {
                self.record_end = self.records.offset();
            }
            let line = Some(self.record.line);
            let error = |detail| LogError {
                source: self.source.clone(),
                line,
                detail,
            };
            match read {
                Err(err) => {
                    self.failed = true;
                    return Some(Err(vec![LogError::unreadable(&self.source, &err)]));
                }
                Ok(false) => return None,
                Ok(true) => {}
            }
            if let Some(flaw) = self.record.flaw() {
                if let Flaw::UnclosedQuote { line, .. } = flaw {
                    self.unclosed_quote = Some(line);
                }
                let detail = describe_flaw(flaw, &self.record, "row");
                return Some(Err(vec![error(detail)]));
            }
            if self
                .record
                .iter()
                .all(|field| field.trim_ascii().is_empty())
            {
                continue;
            }
            return Some(
                self.header
                    .row(&self.record, row, &mut self.seen)
                    .map_err(|details| details.into_iter().map(error).collect()),
            );
        }
    }

    /// The line of a quote that was still open at the end of the file, once it is read:
    /// anything appended would become part of that field.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// Hands each row left to `each`, in file order, up to where reading stops, and stops
    /// at the first problem; an error from `each` is reported at the row's line. Returns
    /// the number of rows read.
    pub fn each_row(
        &mut self,
        mut each: impl FnMut(&ActivityRow) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        let mut row = ActivityRow::default();
        let mut rows = 0;
        while let Some(read) = self.read_row(&mut row) {
            read.map_err(|mut errors| errors.swap_remove(0))?;
            each(&row).map_err(|detail| LogError {
                source: self.source.clone(),
                line: Some(self.line()),
                detail,
            })?;
            rows += 1;
        }
        Ok(rows)
    }

    /// The line of the row `read_row` read last.
    pub fn line(&self) -> u64 {
        self.record.line
    }
}

fn describe_flaw(flaw: Flaw, record: &Record, what: &str) -> String {
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
             a row may have {MAX_FIELDS}. Is this the activity log?"
        ),
        Flaw::TooManyFields => format!(
            "this {what} has {} fields, more than the {MAX_FIELDS} a row may have; \
             is this the activity log?",
            record.width()
        ),
    }
}

/// Reads a whole log, handing each row to `each` in file order, and stops at the first
/// problem. `source` names the input in messages; an error from `each` is reported at the
/// row's line. Returns the number of rows read.
pub fn read_log<R: Read>(
    input: R,
    source: &str,
    each: impl FnMut(&ActivityRow) -> Result<(), String>,
) -> Result<u64, LogError> {
    LogReader::open(input, source)
        .map_err(|mut errors| errors.swap_remove(0))?
        .each_row(each)
}

/// Where each known column sits in the file's rows.
struct HeaderMap {
    /// Every header name is a known column, so this is the whole header, in order.
    columns: Vec<Column>,
}

impl HeaderMap {
    fn new(header: &Record) -> Result<HeaderMap, Vec<String>> {
        let mut columns: Vec<Column> = Vec::new();
        let mut problems = Vec::new();
        for (index, raw) in header.iter().enumerate() {
            let number = index + 1;
            let Ok(name) = std::str::from_utf8(raw) else {
                problems.push(format!(
                    "header column {number} is not valid UTF-8 text; save the file as UTF-8"
                ));
                continue;
            };
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                problems.push(format!(
                    "header column {number} has no name; expected one of {}",
                    COLUMNS.map(Column::name).join(", ")
                ));
                continue;
            }
            let Some(column) = Column::from_header(&name) else {
                problems.push(format!(
                    "unknown column {} in the header (column {number}); did you mean \"{}\"? \
                     Known columns: {}",
                    show_value(&name),
                    closest_column(&name),
                    COLUMNS.map(Column::name).join(", ")
                ));
                continue;
            };
            if let Some(first) = columns.iter().position(|known| *known == column) {
                problems.push(format!(
                    "column \"{}\" appears twice in the header (columns {} and {number}); keep one",
                    column.name(),
                    first + 1
                ));
            }
            columns.push(column);
        }
        for required in [Column::Date, Column::Group] {
            if !columns.contains(&required) {
                problems.push(format!(
                    "the header has no \"{}\" column; every log needs date and group",
                    required.name()
                ));
            }
        }
        if problems.is_empty() {
            Ok(HeaderMap { columns })
        } else {
            Err(problems)
        }
    }

    /// Reads the row's values into `row`, or returns a problem for each bad cell.
    fn row(
        &self,
        record: &Record,
        row: &mut ActivityRow,
        seen: &mut SeenCells,
    ) -> Result<(), Vec<String>> {
        if record.width() != self.columns.len() {
            return Err(vec![format!(
                "this row has {} fields but the header has {}; check for a missing or extra comma \
                 (put a field that contains a comma in double quotes)",
                record.width(),
                self.columns.len()
            )]);
        }
        let mut date = None;
        row.figures = Figures::default();
        let mut problems = Vec::new();
        for (index, (&column, raw)) in self.columns.iter().zip(record.iter()).enumerate() {
            if read_plain_cell(column, raw, row, &mut date, seen) {
                continue;
            }
            let figures = &mut row.figures;
            let cell_error = |expected: &str, shown: &str| {
                format!(
                    "column {} \"{}\": got {shown}, expected {expected}",
                    index + 1,
                    column.name(),
                )
            };
            let Ok(text) = std::str::from_utf8(raw) else {
                problems.push(cell_error(
                    "valid UTF-8 text (save the file as UTF-8)",
                    &show_value(&String::from_utf8_lossy(raw)),
                ));
                continue;
            };
            let value = text.trim();
            let parsed = match column {
                Column::Date => parse_date(value)
                    .map(|day| date = Some(day))
                    .map_err(|problem| {
                        let expected = match problem {
                            DateProblem::Form => "a date as YYYY-MM-DD, such as 2026-03-14",
                            DateProblem::NoSuchDay => "a day that exists in the calendar",
                        };
                        with_hint(expected, date_hint(value))
                    }),
                Column::Group => parse_group(value).map(|name| row.group = name),
                Column::Meetings => parse_count(value).map(|n| figures.meetings = n),
                Column::Leads => parse_count(value).map(|n| figures.leads = n),
                Column::Deals => parse_count(value).map(|n| figures.deals = n),
                Column::ReferralsGiven => parse_count(value).map(|n| figures.referrals_given = n),
                Column::Hours => parse_hours(value).map(|a| figures.hours = a),
                Column::Cost => parse_money(value).map(|a| figures.cost = a),
                Column::Revenue => parse_money(value).map(|a| figures.revenue = a),
                Column::OtherValue => parse_money(value).map(|a| figures.other_value = a),
                Column::Note => Ok(()),
            };
            if let Err(expected) = parsed {
                problems.push(cell_error(&expected, &show_value(value)));
            }
        }
        match date {
            Some(date) if problems.is_empty() => {
                row.date = date;
                Ok(())
            }
            _ => Err(problems),
        }
    }
}

/// Reads a cell written in its commonest form (`YYYY-MM-DD`, plain digits, a name that
/// is valid text) straight from its bytes, without building a string. `false` sends it
/// down the full path, which takes every form the log allows and words the problems; the
/// two read a plain cell alike.
fn read_plain_cell(
    column: Column,
    raw: &[u8],
    row: &mut ActivityRow,
    date: &mut Option<NaiveDate>,
    seen: &mut SeenCells,
) -> bool {
    let figures = &mut row.figures;
    match column {
        Column::Date => {
            if let Some((last, day)) = seen.last_date
                && last == raw
            {
                *date = Some(day);
                return true;
            }
            let Some(day) = plain_date(raw) else {
                return false;
            };
            *date = Some(day);
            seen.last_date = raw.try_into().ok().map(|bytes| (bytes, day));
            true
        }
        Column::Group => {
            row.group.clear();
            if let Some(&index) = seen.group_cells.get(raw) {
                row.group.push_str(&seen.group_names[index]);
                return true;
            }
            let Ok(text) = std::str::from_utf8(raw) else {
                return false;
            };
            let name = text.trim();
            // No more characters than bytes, so a name this short is never too long.
            if name.is_empty()
                || name.len() > MAX_GROUP_NAME_CHARS
                || name.chars().any(messages::is_hostile)
            {
                return false;
            }
            normalize_group_into(name, &mut row.group);
            let index = seen.group_names.len();
            if index < MAX_SEEN_GROUP_CELLS && raw.len() <= MAX_SEEN_GROUP_CELL_BYTES {
                seen.group_cells.insert(raw.into(), index);
                seen.group_names.push(row.group.clone());
            }
            true
        }
        Column::Meetings => plain_count(raw).map(|n| figures.meetings = n).is_some(),
        Column::Leads => plain_count(raw).map(|n| figures.leads = n).is_some(),
        Column::Deals => plain_count(raw).map(|n| figures.deals = n).is_some(),
        Column::ReferralsGiven => plain_count(raw)
            .map(|n| figures.referrals_given = n)
            .is_some(),
        Column::Hours => plain_amount(raw).map(|a| figures.hours = a).is_some(),
        Column::Cost => plain_amount(raw).map(|a| figures.cost = a).is_some(),
        Column::Revenue => plain_amount(raw).map(|a| figures.revenue = a).is_some(),
        Column::OtherValue => plain_amount(raw).map(|a| figures.other_value = a).is_some(),
        Column::Note => raw.is_ascii() || std::str::from_utf8(raw).is_ok(),
    }
}

/// The most group cells a reader keeps, and the longest it keeps, spaces around the name
/// and all: at most a few MiB. A log with more ways of writing its groups, or longer ones,
/// has the rest read in full each time.
const MAX_SEEN_GROUP_CELLS: usize = 2 * MAX_GROUPS;
const MAX_SEEN_GROUP_CELL_BYTES: usize = 2 * MAX_GROUP_NAME_CHARS;

/// Cells read before, with what they read as. Most rows repeat a group written the same
/// way and many repeat the date of the row before, so these are read once, not per row.
struct SeenCells {
    /// Each group cell seen, to its place in `group_names`.
    group_cells: foldhash::HashMap<Box<[u8]>, usize>,
    group_names: Vec<String>,
    last_date: Option<([u8; 10], NaiveDate)>,
}

impl SeenCells {
    fn new() -> SeenCells {
        SeenCells {
            group_cells: foldhash::HashMap::default(),
            group_names: Vec::new(),
            last_date: None,
        }
    }
}

/// `2026-03-14`, when the day exists.
fn plain_date(raw: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *raw else {
        return None;
    };
    let year = digits_value(&[y1, y2, y3, y4])?;
    let month = digits_value(&[m1, m2])?;
    let day = digits_value(&[d1, d2])?;
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// Up to 7 plain digits, within [`MAX_COUNT`]; empty is 0.
fn plain_count(raw: &[u8]) -> Option<u64> {
    if raw.len() > 7 {
        return None;
    }
    digits_value(raw).filter(|&n| n <= MAX_COUNT)
}

/// Up to 9 plain digits (so below [`MAX_AMOUNT`]), then perhaps a point and one or two
/// decimals; empty is 0.
fn plain_amount(raw: &[u8]) -> Option<Amount> {
    let (whole, cents) = match raw.iter().position(|&b| b == b'.') {
        None => (raw, 0),
        Some(point) => {
            let fraction = &raw[point + 1..];
            let cents = match fraction.len() {
                1 => digits_value(fraction)? * 10,
                2 => digits_value(fraction)?,
                _ => return None,
            };
            (&raw[..point], cents)
        }
    };
    if whole.len() > 9 || (whole.is_empty() && !raw.is_empty()) {
        return None;
    }
    Some(Amount::from_hundredths(digits_value(whole)? * 100 + cents))
}

/// The value of ASCII digits; `None` if any byte is not one. Empty is 0.
fn digits_value(digits: &[u8]) -> Option<u64> {
    let mut value = 0;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + u64::from(digit);
    }
    Some(value)
}

fn with_hint(expected: &str, hint: Option<String>) -> String {
    match hint {
        Some(hint) => format!("{expected}; {hint}"),
        None => expected.to_string(),
    }
}

/// A fix for a date written another way: `2026/10/06`, `25/06/2026`, or `10/06/2026`,
/// which is either of two days, so both are offered.
fn date_hint(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let number = |part: &str| {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let day = |year: u32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    };
    let write = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
    if a.len() == 4 {
        return day(a_n, b_n, c_n).map(|date| format!("write {}", write(date)));
    }
    if c.len() != 4 {
        return None;
    }
    let month_first = day(c_n, a_n, b_n);
    let day_first = day(c_n, b_n, a_n);
    match (month_first, day_first) {
        (Some(one), Some(other)) if one != other => Some(format!(
            "write {} if it is {}, or {} if it is {}",
            write(one),
            one.format("%-d %B"),
            write(other),
            other.format("%-d %B")
        )),
        (Some(date), _) | (None, Some(date)) => Some(format!("write {}", write(date))),
        (None, None) => None,
    }
}

/// A fix for a number with a stray symbol or unit before or after it (`12h`, `~3`,
/// `40 USD`). A sign, a control character or a letter inside the number (`-5`, `2\0`,
/// `1e3`) gets none: no reading of those is obvious.
fn number_hint(value: &str, parse: impl Fn(&str) -> Result<String, String>) -> Option<String> {
    // A control character (a NUL from a damaged file) is no stray symbol to drop.
    if value.starts_with(['-', '+']) || value.chars().any(char::is_control) {
        return None;
    }
    let is_number_char = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let core = value
        .trim_start_matches(|c: char| !is_number_char(c))
        .trim_end_matches(|c: char| !is_number_char(c));
    if core.is_empty() || core == value {
        return None;
    }
    parse(core).ok().map(|plain| format!("write {plain}"))
}

/// A group name: spacing normalised, not empty, not too long, and nothing in it that
/// would act on a terminal or reorder text when shown (see [`messages::is_hostile`]).
pub fn parse_group(text: &str) -> Result<String, String> {
    let name = normalize_group(text);
    if name.is_empty() {
        Err("a group name".to_string())
    } else if name.chars().any(messages::is_hostile) {
        Err("a group name without control characters or text-direction marks".to_string())
    } else if name.chars().count() > MAX_GROUP_NAME_CHARS {
        Err(format!(
            "a group name of at most {MAX_GROUP_NAME_CHARS} characters"
        ))
    } else {
        Ok(name)
    }
}

/// A whole number of meetings, leads, deals or referrals. Empty is 0.
pub fn parse_count(text: &str) -> Result<u64, String> {
    parse_count_only(text).map_err(|expected| {
        with_hint(
            &expected,
            number_hint(text, |core| parse_count_only(core).map(|n| n.to_string())),
        )
    })
}

/// Hours with at most two decimals. Empty is 0.
pub fn parse_hours(text: &str) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Hours)
}

/// Money with at most two decimals, perhaps a currency sign and thousands commas. Empty is 0.
pub fn parse_money(text: &str) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Money)
}

fn parse_amount_hinted(text: &str, unit: Unit) -> Result<Amount, String> {
    parse_amount(text, unit).map_err(|expected| {
        with_hint(
            &expected,
            number_hint(text, |core| {
                parse_amount(core, unit).map(|amount| amount.plain())
            }),
        )
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Money,
}

const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

fn parse_count_only(text: &str) -> Result<u64, String> {
    const EXPECTED: &str = "a whole number of 0 or more, such as 3";
    if text.is_empty() {
        return Ok(0);
    }
    if text.starts_with('-') {
        return Err(format!("{EXPECTED} (negative counts are not allowed)"));
    }
    let digits = strip_thousands(text).ok_or(EXPECTED)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EXPECTED.to_string());
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(format!("a count of at most {MAX_COUNT}")),
    }
}

/// Hours or money with at most two decimals; money may carry one leading currency sign.
/// Comma thousands separators are accepted only where they group whole thousands,
/// so that `2,5` (a decimal comma) is refused rather than read as 25.
fn parse_amount(text: &str, unit: Unit) -> Result<Amount, String> {
    let expected = match unit {
        Unit::Hours => "a number of hours of 0 or more, such as 2.5",
        Unit::Money => "an amount of 0 or more, such as 25, 4800.50 or $4,800.50",
    };
    if text.is_empty() {
        return Ok(Amount::default());
    }
    let mut rest = text;
    if unit == Unit::Money
        && let Some(sign) = rest.chars().next().filter(|c| CURRENCY_SIGNS.contains(c))
    {
        rest = &rest[sign.len_utf8()..];
    }
    if rest.starts_with('-') {
        return Err(format!("{expected} (negative values are not allowed)"));
    }
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let whole = strip_thousands(whole).ok_or_else(|| {
        format!("{expected}; commas may only separate thousands, as in 4,800.50 (use a point for decimals)")
    })?;
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fraction = fraction.unwrap_or("");
    if !all_digits(&whole) || !all_digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return Err(expected.to_string());
    }
    if fraction.len() > 2 {
        return Err(format!("{expected}, with at most 2 decimal places"));
    }
    let whole_value = if whole.is_empty() {
        Some(0)
    } else {
        whole.parse::<u64>().ok()
    };
    match whole_value {
        Some(units)
            if units < MAX_AMOUNT
                || (units == MAX_AMOUNT && fraction.bytes().all(|b| b == b'0')) =>
        {
            let cents = if fraction.len() == 1 {
                fraction.parse::<u64>().unwrap_or(0) * 10
            } else {
                fraction.parse::<u64>().unwrap_or(0)
            };
            Ok(Amount::from_hundredths(units * 100 + cents))
        }
        _ => Err(format!("an amount of at most {MAX_AMOUNT}")),
    }
}

/// Removes comma thousands separators, or `None` when commas appear anywhere
/// but between a leading group of 1 to 3 digits and following groups of exactly 3.
fn strip_thousands(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let mut groups = text.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok = (1..=3).contains(&first.len());
    let rest: Vec<&str> = groups.collect();
    if first_ok && rest.iter().all(|group| group.len() == 3) {
        Some(std::iter::once(first).chain(rest).collect())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<u64, String> {
        parse_amount(text, Unit::Money).map(Amount::hundredths)
    }

    #[test]
    fn money_accepts_currency_signs_and_thousands() {
        assert_eq!(amount("$4,800.50"), Ok(480_050));
        assert_eq!(amount("4800.5"), Ok(480_050));
        assert_eq!(amount("€1,234,567"), Ok(123_456_700));
        assert_eq!(amount("£0.05"), Ok(5));
        assert_eq!(amount(".5"), Ok(50));
        assert_eq!(amount("1."), Ok(100));
        assert_eq!(amount(""), Ok(0));
        assert_eq!(amount("1000000000"), Ok(100_000_000_000));
    }

    #[test]
    fn money_refuses_anything_else() {
        for bad in [
            "2,5",
            "4,80.00",
            "1,2345",
            ",100",
            "$$5",
            "5$",
            "-5",
            "$-5",
            "1e3",
            "NaN",
            "inf",
            "0x10",
            "1.234",
            ".",
            "$",
            "12 500",
            "1000000000.01",
            "1e400",
            "5 USD",
            "+5",
        ] {
            assert!(amount(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn hours_take_no_currency_sign() {
        assert_eq!(
            parse_amount("2.5", Unit::Hours).map(Amount::hundredths),
            Ok(250)
        );
        assert!(parse_amount("$2.5", Unit::Hours).is_err());
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(parse_count("3"), Ok(3));
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("1,000"), Ok(1000));
        assert_eq!(parse_count("1000000"), Ok(MAX_COUNT));
        for bad in [
            "1.5",
            "-1",
            "$3",
            "three",
            "1000001",
            "99999999999999999999999",
        ] {
            assert!(parse_count(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn fixes_are_offered_only_where_one_reading_is_obvious() {
        let hint = |text: &str| parse_hours(text).unwrap_err();
        assert!(hint("~3").ends_with("; write 3"));
        assert!(hint("1.5 h").ends_with("; write 1.5"));
        assert!(parse_money("40 USD").unwrap_err().ends_with("; write 40"));
        assert!(parse_count("3 leads").unwrap_err().ends_with("; write 3"));
        for no_fix in ["2\0", "1e3", "-5", "NaN", "h"] {
            assert!(!hint(no_fix).contains("write"), "{no_fix}");
        }
        assert_eq!(date_hint("2026/10/06").as_deref(), Some("write 2026-10-06"));
        assert_eq!(date_hint("13.06.2026").as_deref(), Some("write 2026-06-13"));
        assert_eq!(
            date_hint("06/06/2026").as_deref(),
            Some("write 2026-06-06"),
            "one day either way"
        );
        assert_eq!(date_hint("31/31/2026"), None);
        assert_eq!(
            date_hint("10/06/26"),
            None,
            "a two-digit year is not guessed"
        );
    }

    #[test]
    fn group_names_normalise_spacing_and_case() {
        assert_eq!(
            normalize_group("  Harbor \t City   BNI "),
            "Harbor City BNI"
        );
        assert_eq!(group_key(" harbor  CITY bni"), group_key("Harbor City BNI"));
    }

    #[test]
    fn closest_column_names_likely_typos() {
        assert_eq!(closest_column("revenu"), "revenue");
        assert_eq!(closest_column("referals_given"), "referrals_given");
        assert_eq!(closest_column("dat"), "date");
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let shown = show_value(&"x".repeat(1000));
        assert!(shown.len() < 80, "{shown}");
        assert!(shown.ends_with("(1000 bytes)"));
        assert_eq!(show_value("a\"b\0"), r#""a\"b\0""#);
    }
}

#[cfg(test)]
mod plain_cells {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// What the quick readers take, the full parsers take too, as the same value.
        #[test]
        fn read_as_the_full_parsers_read_them(cell in "[0-9.,$ a-]{0,12}") {
            let raw = cell.as_bytes();
            if let Some(count) = plain_count(raw) {
                prop_assert_eq!(parse_count(&cell), Ok(count));
            }
            if let Some(amount) = plain_amount(raw) {
                prop_assert_eq!(parse_hours(&cell), Ok(amount));
                prop_assert_eq!(parse_money(&cell), Ok(amount));
            }
        }

        #[test]
        fn dates_read_as_the_full_parser_reads_them(cell in "[0-9]{4}-[0-9]{1,2}-[0-9]{1,3}|.{0,11}") {
            if let Some(day) = plain_date(cell.as_bytes()) {
                prop_assert_eq!(parse_date(&cell).ok(), Some(day));
            }
        }

        #[test]
        fn names_normalise_as_split_words_joined(name in "[ a\t\u{a0}\u{2003}é.]{0,12}") {
            let words: Vec<&str> = name.split_whitespace().collect();
            prop_assert_eq!(normalize_group(&name), words.join(" "));
        }
    }

    #[test]
    fn a_group_cell_is_kept_only_when_short() {
        let long = format!("{}Harbor BNI", " ".repeat(MAX_SEEN_GROUP_CELL_BYTES));
        let text = format!("date,group\n2026-01-05,Harbor BNI\n2026-01-05,{long}\n");
        let mut log = LogReader::open(text.as_bytes(), "log.csv").unwrap();
        let mut row = ActivityRow::default();
        let mut cells = Vec::new();
        while let Some(read) = log.read_row(&mut row) {
            read.unwrap();
            cells.push((row.group.clone(), log.seen.group_names.len()));
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
}
