//! Reads and validates the activity log: the header map, every cell, and errors
//! that say which file, line and column held which value, and what was expected.

use crate::figures::{Amount, Figures};
use crate::period::{DateProblem, parse_date};
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
#[derive(Clone, Debug, PartialEq)]
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

/// Trims a group name and collapses each run of inner whitespace to one space.
pub fn normalize_group(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The identity of a group: its normalised name, without letter case.
pub fn group_key(name: &str) -> String {
    normalize_group(name).to_lowercase()
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

/// Reads a whole log from `input`, handing each valid row to `each` in file order.
/// `source` names the input in messages. An error from `each` is reported at the row's line.
/// Returns the number of rows read.
pub fn read_log<R: Read>(
    input: R,
    source: &str,
    mut each: impl FnMut(ActivityRow) -> Result<(), String>,
) -> Result<u64, LogError> {
    let error = |line: Option<u64>, detail: String| LogError {
        source: source.to_string(),
        line,
        detail,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let read_error = |err: csv::Error| {
        let line = err.position().map(|position| position.line());
        error(line, format!("cannot read the file: {err}"))
    };

    if !reader.read_byte_record(&mut record).map_err(read_error)? {
        return Err(error(
            None,
            format!(
                "the file is empty; expected a header row: {}",
                COLUMNS.map(Column::name).join(",")
            ),
        ));
    }
    let header = HeaderMap::new(&record).map_err(|detail| error(line_of(&record), detail))?;

    let mut rows = 0;
    while reader.read_byte_record(&mut record).map_err(read_error)? {
        let line = line_of(&record);
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        let row = header.row(&record).map_err(|detail| error(line, detail))?;
        each(row).map_err(|detail| error(line, detail))?;
        rows += 1;
    }
    Ok(rows)
}

fn line_of(record: &csv::ByteRecord) -> Option<u64> {
    record.position().map(|position| position.line())
}

/// Where each known column sits in the file's rows.
struct HeaderMap {
    width: usize,
    positions: Vec<(Column, usize)>,
}

impl HeaderMap {
    fn new(header: &csv::ByteRecord) -> Result<HeaderMap, String> {
        let mut positions: Vec<(Column, usize)> = Vec::new();
        for (index, raw) in header.iter().enumerate() {
            let number = index + 1;
            let name = std::str::from_utf8(raw)
                .map_err(|_| {
                    format!(
                        "header column {number} is not valid UTF-8 text; save the file as UTF-8"
                    )
                })?
                .trim()
                .to_lowercase();
            if name.is_empty() {
                return Err(format!(
                    "header column {number} has no name; expected one of {}",
                    COLUMNS.map(Column::name).join(", ")
                ));
            }
            let column = Column::from_header(&name).ok_or_else(|| {
                format!(
                    "unknown column {} in the header (column {number}); did you mean \"{}\"? \
                     Known columns: {}",
                    show_value(&name),
                    closest_column(&name),
                    COLUMNS.map(Column::name).join(", ")
                )
            })?;
            if let Some((_, first)) = positions.iter().find(|(known, _)| *known == column) {
                return Err(format!(
                    "column \"{}\" appears twice in the header (columns {} and {number}); keep one",
                    column.name(),
                    first + 1
                ));
            }
            positions.push((column, index));
        }
        for required in [Column::Date, Column::Group] {
            if !positions.iter().any(|(column, _)| *column == required) {
                return Err(format!(
                    "the header has no \"{}\" column; every log needs date and group",
                    required.name()
                ));
            }
        }
        Ok(HeaderMap {
            width: header.len(),
            positions,
        })
    }

    fn row(&self, record: &csv::ByteRecord) -> Result<ActivityRow, String> {
        if record.len() != self.width {
            return Err(format!(
                "this row has {} fields but the header has {}; check for a missing or extra comma \
                 (put a field that contains a comma in double quotes)",
                record.len(),
                self.width
            ));
        }
        let mut date = None;
        let mut group = String::new();
        let mut figures = Figures::default();
        for &(column, index) in &self.positions {
            let raw = &record[index];
            let cell_error = |expected: &str, shown: &str| {
                format!(
                    "column {} \"{}\": got {}, expected {expected}",
                    index + 1,
                    column.name(),
                    shown
                )
            };
            let text = std::str::from_utf8(raw).map_err(|_| {
                cell_error(
                    "valid UTF-8 text (save the file as UTF-8)",
                    &show_value(&String::from_utf8_lossy(raw)),
                )
            })?;
            let value = text.trim();
            let parsed = match column {
                Column::Date => parse_date(value)
                    .map(|day| date = Some(day))
                    .map_err(|problem| match problem {
                        DateProblem::Form => "a date as YYYY-MM-DD, such as 2026-03-14".to_string(),
                        DateProblem::NoSuchDay => "a day that exists in the calendar".to_string(),
                    }),
                Column::Group => {
                    group = normalize_group(value);
                    if group.is_empty() {
                        Err("a group name".to_string())
                    } else {
                        Ok(())
                    }
                }
                Column::Meetings => parse_count(value).map(|n| figures.meetings = n),
                Column::Leads => parse_count(value).map(|n| figures.leads = n),
                Column::Deals => parse_count(value).map(|n| figures.deals = n),
                Column::ReferralsGiven => parse_count(value).map(|n| figures.referrals_given = n),
                Column::Hours => parse_amount(value, Unit::Hours).map(|a| figures.hours = a),
                Column::Cost => parse_amount(value, Unit::Money).map(|a| figures.cost = a),
                Column::Revenue => parse_amount(value, Unit::Money).map(|a| figures.revenue = a),
                Column::OtherValue => {
                    parse_amount(value, Unit::Money).map(|a| figures.other_value = a)
                }
                Column::Note => Ok(()),
            };
            parsed.map_err(|expected| cell_error(&expected, &show_value(value)))?;
        }
        Ok(ActivityRow {
            date: date.ok_or("the row has no date")?,
            group,
            figures,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Money,
}

const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

/// A whole number of meetings, leads, deals or referrals. Empty is 0.
fn parse_count(text: &str) -> Result<u64, String> {
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
