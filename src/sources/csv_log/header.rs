//! The log's header row: which known column stands where, and each row read by it.

use super::common_cells::{NumberMarks, SeenCells, empty_cell_adds_nothing, read_common_cell};
use crate::activity::format::{Decimal, LogFormat, header_key};
use crate::activity::{
    ActivityRow, COLUMNS, Column, DateCell, DateReading, HAND_COLUMNS, Kind, RowCurrencies,
    parse_count, parse_covers, parse_group, parse_hours_in, parse_money_in, parse_name,
    parse_source,
};
use crate::currency::{LogCurrencies, Reading};
use crate::figures::{Amount, Figures};
use crate::messages::{self, show_value};
use crate::records::Record;
use chrono::NaiveDate;

/// Where each known column sits in the file's rows, and how their cells are written.
#[derive(Clone, Debug)]
pub struct HeaderMap {
    /// Each header cell's column, in the file's order; `None` for a column of the user's
    /// own that `ignore_columns` names.
    pub(super) columns: Vec<Option<Column>>,
    /// Each header as the file writes it, for messages.
    names: Vec<String>,
    pub(super) decimal: Decimal,
    /// `decimal`'s marks, as the quick cell readers take them.
    pub(super) numbers: NumberMarks,
    /// A bit for each of the first 64 columns whose empty cell leaves a row as it starts,
    /// which the quick path passes over without reading.
    pub(super) empty_adds_nothing: u64,
    pub dates: DateReading,
    /// Columns are named by letter, as in a spreadsheet, the first being the sheet's
    /// column at this index, rather than by number.
    letters: Option<usize>,
    /// The byte between fields.
    pub(super) delimiter: u8,
    /// Which currency the log's money is in, and the rates of others.
    currencies: LogCurrencies,
}

/// How a header row is read: the config's say on names, numbers and dates, and whether
/// columns are named by letter.
pub struct HeaderRules<'a> {
    pub format: &'a LogFormat,
    pub decimal: Decimal,
    /// Name columns by letter, the first being the sheet's column at this index.
    pub letters: Option<usize>,
    pub delimiter: u8,
}

impl HeaderMap {
    pub(super) fn new(header: &Record, rules: &HeaderRules<'_>) -> Result<HeaderMap, Vec<String>> {
        let format = rules.format;
        let mut columns: Vec<Option<Column>> = Vec::new();
        let mut names = Vec::new();
        let mut problems = Vec::new();
        let label = |index: usize| column_label(index, rules.letters);
        if let Some(problem) = split_otherwise(header, rules) {
            return Err(vec![problem]);
        }
        if let Some(data) = looks_like_data(header) {
            return Err(vec![format!(
                "the first row looks like data: {data}; add a header row, such as {}",
                HAND_COLUMNS.map(Column::name).join(",")
            )]);
        }
        for (index, raw) in header.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(raw) else {
                problems.push(format!(
                    "header column {} is not valid UTF-8 text; {NOT_UTF8}",
                    label(index)
                ));
                continue;
            };
            let name = name.trim();
            names.push(name.to_string());
            if name.is_empty() {
                problems.push(format!(
                    "header column {} has no name; expected one of {}",
                    label(index),
                    COLUMNS.map(Column::name).join(", ")
                ));
                continue;
            }
            let key = header_key(name);
            let mapped = format
                .columns
                .iter()
                .find(|(_, header)| header_key(header) == key)
                .map(|&(column, _)| Some(column));
            let ignored = format
                .ignore_columns
                .iter()
                .any(|header| header_key(header) == key);
            let column = match mapped {
                Some(column) => column,
                None if ignored => None,
                None => match COLUMNS.into_iter().find(|c| header_key(c.name()) == key) {
                    Some(column) => Some(column),
                    None => {
                        problems.push(unknown_column(name, &label(index)));
                        continue;
                    }
                },
            };
            if let Some(column) = column
                && let Some(first) = columns.iter().position(|known| *known == Some(column))
            {
                problems.push(format!(
                    "column \"{}\" appears twice in the header (columns {} and {}); keep one",
                    column.name(),
                    label(first),
                    label(index),
                ));
            }
            columns.push(column);
        }
        for required in [Column::Date, Column::Group] {
            if !columns.contains(&Some(required)) {
                problems.push(format!(
                    "the header has no \"{}\" column; every log needs date and group (a \
                     column of another name is read as one with [columns] in netaudit.toml, \
                     as in {} = \"Your header\")",
                    required.name(),
                    required.name()
                ));
            }
        }
        if problems.is_empty() {
            let empty_adds_nothing = (columns.iter().take(64).enumerate())
                .filter(|&(_, &column)| empty_cell_adds_nothing(column))
                .fold(0, |bits, (index, _)| bits | 1 << index);
            Ok(HeaderMap {
                columns,
                empty_adds_nothing,
                names,
                decimal: rules.decimal,
                numbers: NumberMarks::of(rules.decimal, &format.currencies),
                currencies: format.currencies.clone(),
                dates: DateReading {
                    format: format.date_format.clone(),
                    ..DateReading::default()
                },
                letters: rules.letters,
                delimiter: rules.delimiter,
            })
        } else {
            Err(problems)
        }
    }

    /// Each column in the file's order: one of netaudit's, or `None` for one of the user's.
    /// The header's names, as written.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn columns(&self) -> &[Option<Column>] {
        &self.columns
    }

    /// Reads the row's values into `row`, or returns a problem for each bad cell. A date
    /// that reads two ways while the order is not known is returned for the reader to
    /// settle (see [`DateCell::Either`]); one that settles the order settles it here.
    pub(super) fn row(
        &mut self,
        record: &Record,
        row: &mut ActivityRow,
        seen: &mut SeenCells,
    ) -> Result<Option<(NaiveDate, NaiveDate)>, Vec<String>> {
        if record.width() != self.columns.len() {
            let delimiter = delimiter_name(self.delimiter);
            return Err(vec![format!(
                "this row has {} fields but the header has {}; check for a missing or extra \
                 {delimiter} (put a field that contains a {delimiter} in double quotes)",
                record.width(),
                self.columns.len()
            )]);
        }
        let mut date = RowDate::start(row, seen);
        let mut problems = Vec::new();
        for (index, raw) in record.iter().enumerate() {
            if let Err(problem) = self.cell(index, raw, row, &mut date, seen) {
                problems.push(problem);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(self.finish_row(row, date))
    }

    /// Reads the cell in column `index` (from 0) into `row`, or says what is wrong with it:
    /// in its commonest form straight from its bytes, else by the full parser. Inlined into
    /// the loops over a row's cells, the quick path's among them.
    #[inline(always)]
    pub(super) fn cell(
        &mut self,
        index: usize,
        raw: &[u8],
        row: &mut ActivityRow,
        date: &mut RowDate,
        seen: &mut SeenCells,
    ) -> Result<(), String> {
        let Some(&Some(column)) = self.columns.get(index) else {
            return Ok(());
        };
        if read_common_cell(column, raw, row, &mut date.day, seen, &self.numbers) {
            // An ISO date in a log whose first date is written otherwise.
            if column == Column::Date && self.dates.numeric == Some(true) {
                self.dates.written(&String::from_utf8_lossy(raw), false);
            }
            return Ok(());
        }
        self.parse_cell(index, column, raw, row, date)
    }

    /// Reads a cell of `column` that is not in its commonest form by the full parser, or
    /// says what is wrong with it.
    #[inline(never)]
    fn parse_cell(
        &mut self,
        index: usize,
        column: Column,
        raw: &[u8],
        row: &mut ActivityRow,
        date: &mut RowDate,
    ) -> Result<(), String> {
        let decimal = self.decimal;
        let figures = &mut row.figures;
        let cell_error = |expected: &str, shown: &str| {
            let written = &self.names[index];
            let name = if header_key(written) == header_key(column.name()) {
                format!("\"{written}\"")
            } else {
                format!("\"{written}\" ({})", column.name())
            };
            format!(
                "column {} {name}: got {shown}, expected {expected}",
                column_label(index, self.letters),
            )
        };
        let Ok(text) = std::str::from_utf8(raw) else {
            return Err(cell_error(
                &format!("valid UTF-8 text ({NOT_UTF8})"),
                &show_value(&String::from_utf8_lossy(raw)),
            ));
        };
        let value = text.trim();
        let parsed = match column.kind() {
            Kind::Date => self.dates.read(value).map(|cell| match cell {
                DateCell::Day(day) => date.day = Some(day),
                DateCell::Settles(day, order) => {
                    self.dates.order = Some(order);
                    date.day = Some(day);
                }
                DateCell::Either {
                    month_first,
                    day_first,
                } => date.either = Some((month_first, day_first)),
            }),
            Kind::Group => parse_group(value).map(|name| row.group = name),
            Kind::Count(field) => parse_count(value).map(|n| *(field.at)(figures) = n),
            Kind::Hours(field) => parse_hours_in(value, decimal).map(|a| *(field.at)(figures) = a),
            Kind::Money(field) => self.money(value).map(|(amount, reading)| {
                *(field.at)(figures) = amount;
                row.currencies.set(column, reading);
            }),
            Kind::Text => Ok(()),
            Kind::Months => parse_covers(value).map(|months| row.covers = months),
            Kind::Id => parse_source(value).map(|id| {
                row.source.clear();
                row.source.push_str(id);
            }),
            Kind::Name(field) => parse_name(value).map(|name| *(field.at)(row) = name),
        };
        parsed.map_err(|expected| cell_error(&expected, &show_value(value)))
    }

    /// A money cell's amount, and what the currency it names is for the log; an error
    /// when it names one the log has no rate for.
    fn money(&self, value: &str) -> Result<(Amount, Reading), String> {
        let (amount, named) = parse_money_in(value, self.decimal)?;
        let reading = match named {
            Some(named) => self.currencies.read(named)?,
            None => Reading::Own,
        };
        Ok((amount, reading))
    }

    /// Ends a row whose every cell read: its date is set, or returned in both readings
    /// while the order of dates is not known.
    pub(super) fn finish_row(
        &mut self,
        row: &mut ActivityRow,
        date: RowDate,
    ) -> Option<(NaiveDate, NaiveDate)> {
        if let Some(day) = date.day {
            row.date = day;
            // The quick path reads only ISO dates, so a first date read there is one.
            if self.dates.numeric.is_none() {
                self.dates.numeric = Some(false);
                self.dates.first = Some(day.to_string());
            }
        }
        date.either
    }
}

/// What a row's date cell read as, while the row's cells are read.
pub(super) struct RowDate {
    pub(super) day: Option<NaiveDate>,
    either: Option<(NaiveDate, NaiveDate)>,
}

impl RowDate {
    /// Clears what `row` held before its cells are read into it, and starts with no date.
    pub(super) fn start(row: &mut ActivityRow, seen: &mut SeenCells) -> RowDate {
        row.figures = Figures::default();
        row.source.clear();
        row.contact.clear();
        row.client.clear();
        row.covers = 1;
        seen.row_cell = None;
        row.currencies = RowCurrencies::default();
        RowDate {
            day: None,
            either: None,
        }
    }

    /// Whether the date reads two ways.
    pub(super) fn is_either(&self) -> bool {
        self.either.is_some()
    }
}

/// A header read as one field that another delimiter splits into netaudit's columns: the
/// config's `csv_delimiter` is not the one the log is written with. Said as such, not as
/// one unknown column named "date,group,meetings,…".
fn split_otherwise(header: &Record, rules: &HeaderRules<'_>) -> Option<String> {
    if header.width() != 1 || rules.letters.is_some() {
        return None;
    }
    let text = std::str::from_utf8(header.iter().next()?).ok()?;
    let split_by = [b',', b';', b'\t']
        .into_iter()
        .filter(|&other| other != rules.delimiter)
        .find(|&other| {
            let names: Vec<&str> = text.split(char::from(other)).collect();
            names.len() > 1
                && names.iter().all(|name| {
                    COLUMNS
                        .iter()
                        .any(|c| header_key(c.name()) == header_key(name))
                })
        })?;
    let shown = |delimiter: u8| match delimiter {
        b'\t' => "\"\\t\" (a tab)".to_string(),
        other => format!("\"{}\"", char::from(other)),
    };
    Some(format!(
        "the header is split by {} but csv_delimiter is {} in netaudit.toml; set csv_delimiter \
         = {} there, or, for a log that has no rows yet, write its header with {}",
        shown(split_by),
        shown(rules.delimiter),
        shown(split_by),
        shown(rules.delimiter),
    ))
}

/// The byte between fields, as a message names it.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    }
}

/// What a cell that is not UTF-8 is told.
const NOT_UTF8: &str = "save the file as UTF-8, or if it was saved in another encoding, \
                        name it in netaudit.toml, as in encoding = \"windows-1252\"";

/// A column's name in messages: its number from 1, or its letter in a spreadsheet whose
/// first column read is `letters`' (from 0).
pub fn column_label(index: usize, letters: Option<usize>) -> String {
    let Some(first) = letters else {
        return (index + 1).to_string();
    };
    let mut label = Vec::new();
    let mut rest = first + index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        label.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    label.reverse();
    String::from_utf8(label).unwrap_or_default()
}

/// The first row's cells shown, when one of them is a date: a file without a header row.
fn looks_like_data(header: &Record) -> Option<String> {
    let cells: Vec<String> = header
        .iter()
        .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
        .collect();
    cells
        .iter()
        .any(|cell| DateReading::default().read(cell).is_ok())
        .then(|| {
            let shown: Vec<&str> = cells.iter().take(3).map(String::as_str).collect();
            let more = if cells.len() > 3 { ",…" } else { "" };
            show_value(&format!("{}{more}", shown.join(",")))
        })
}

/// What an unknown header is told: the known column it is likely a typo of, if one is of
/// the same kind, and how to keep or map a column of the user's own.
fn unknown_column(name: &str, label: &str) -> String {
    let shown = show_value(name);
    let suggestion = closest_column(name)
        .map(|column| format!("did you mean \"{column}\"? "))
        .unwrap_or_default();
    let written = messages::escape(name);
    format!(
        "unknown column {shown} in the header (column {label}); {suggestion}Known columns: {}. \
         To keep a column of your own, add ignore_columns = [\"{written}\"] to netaudit.toml; \
         to read it as one of these, add it under [columns], as in note = \"{written}\"",
        COLUMNS.map(Column::name).join(", ")
    )
}

/// The known column `name` is likely a mistyping of: close in spelling once case, spaces
/// and underscores are set aside, and never one whose values are of another kind than the
/// name suggests (`Lead source` is text, not a count of leads).
pub fn closest_column(name: &str) -> Option<&'static str> {
    let key = header_key(name);
    let sort = sort_of_name(&key);
    COLUMNS
        .iter()
        .filter(|column| sort.is_none_or(|sort| sort_of_column(**column) == sort))
        .map(|column| {
            (
                column.name(),
                strsim::levenshtein(&key, &header_key(column.name())),
            )
        })
        .filter(|&(column, distance)| distance <= 2 && distance * 3 <= column.len())
        .min_by_key(|&(_, distance)| distance)
        .map(|(column, _)| column)
}

/// What a column's values are, as far as matching a header of the user's to a column of
/// netaudit's goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Date,
    Count,
    Hours,
    Money,
    Text,
}

fn sort_of_column(column: Column) -> Sort {
    match column.kind() {
        Kind::Date => Sort::Date,
        Kind::Count(_) | Kind::Months => Sort::Count,
        Kind::Hours(_) => Sort::Hours,
        Kind::Money(_) => Sort::Money,
        Kind::Group | Kind::Text | Kind::Id | Kind::Name(_) => Sort::Text,
    }
}

/// The kind a header's words say its values are, when they say one.
fn sort_of_name(key: &str) -> Option<Sort> {
    const WORDS: [(&str, Sort); 14] = [
        ("source", Sort::Text),
        ("comment", Sort::Text),
        ("remark", Sort::Text),
        ("description", Sort::Text),
        ("contact", Sort::Text),
        ("who", Sort::Text),
        ("minutes", Sort::Hours),
        ("duration", Sort::Hours),
        ("time", Sort::Hours),
        ("amount", Sort::Money),
        ("price", Sort::Money),
        ("fee", Sort::Money),
        ("dues", Sort::Money),
        ("when", Sort::Date),
    ];
    WORDS
        .iter()
        .find(|(word, _)| key.contains(word))
        .map(|&(_, sort)| sort)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_column_names_likely_typos() {
        assert_eq!(closest_column("revenu"), Some("revenue"));
        assert_eq!(closest_column("Referals Given"), Some("referrals_given"));
        assert_eq!(closest_column("dat"), Some("date"));
        assert_eq!(closest_column("Lead source"), None);
        assert_eq!(closest_column("Leads source"), None);
        assert_eq!(closest_column("Comments"), None);
        assert_eq!(closest_column("Costs"), Some("cost"));
    }
}
