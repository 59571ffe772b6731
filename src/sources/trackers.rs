//! Time trackers' detailed reports: Toggl Track, Clockify and Harvest CSV exports. The
//! columns are found by their header names, so that a version that adds or moves columns
//! is read the same; each entry is hours on its date.

use super::imported::{About, Dropped, Evidence, ID_ROOM, Id, Item, source_id};
use crate::activity::format::Decimal;
use crate::activity::format::header_key;
use crate::activity::{MAX_AMOUNT, MAX_SOURCE_CHARS, date_separator};
use crate::figures::Amount;
use crate::messages::show_value;
use crate::records::RecordReader;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use csv::StringRecord;
use std::collections::HashMap;
use std::rc::Rc;

/// Which tracker wrote the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tracker {
    Toggl,
    Clockify,
    Harvest,
}

/// The columns each tracker's export has, as its header names them. The first names of
/// `date`, `hours`, `project` and `description` are required; the rest are read when
/// there.
struct TrackerColumns {
    name: &'static str,
    date: &'static str,
    start: Option<&'static str>,
    /// Hours written as a decimal number, else as `HH:MM:SS`.
    hours_decimal: Option<&'static str>,
    hours_clock: Option<&'static str>,
    project: &'static str,
    client: &'static str,
    tags: Option<&'static str>,
    description: &'static str,
    id: Option<&'static str>,
}

impl Tracker {
    fn layout(self) -> TrackerColumns {
        match self {
            Tracker::Toggl => TrackerColumns {
                name: "a Toggl Track detailed report",
                date: "Start date",
                start: Some("Start time"),
                hours_decimal: None,
                hours_clock: Some("Duration"),
                project: "Project",
                client: "Client",
                tags: Some("Tags"),
                description: "Description",
                id: Some("Id"),
            },
            Tracker::Clockify => TrackerColumns {
                name: "a Clockify detailed report",
                date: "Start Date",
                start: Some("Start Time"),
                hours_decimal: Some("Duration (decimal)"),
                hours_clock: Some("Duration (h)"),
                project: "Project",
                client: "Client",
                tags: Some("Tags"),
                description: "Description",
                id: Some("ID"),
            },
            Tracker::Harvest => TrackerColumns {
                name: "a Harvest time report",
                date: "Date",
                start: None,
                hours_decimal: Some("Hours"),
                hours_clock: None,
                project: "Project",
                client: "Client",
                tags: None,
                description: "Notes",
                id: None,
            },
        }
    }

    /// What its entries' ids begin with, before a colon.
    pub fn prefix(self) -> &'static str {
        match self {
            Tracker::Toggl => "toggl",
            Tracker::Clockify => "clockify",
            Tracker::Harvest => "harvest",
        }
    }
}

/// What the user says of an export's forms, where its own cells leave them open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Forms {
    /// Whether dates written with slashes are day first (`import --date-order`).
    pub day_first: Option<bool>,
    /// The decimal mark (the config's `decimal`).
    pub decimal: Option<Decimal>,
}

/// Each entry of an export, an [`Item`] of hours, given to `each` in the file's order;
/// what gives no item is counted. `text` is the file's text, in whatever delimiter, date
/// order and decimal mark its program or a spreadsheet saved it with: each is settled by
/// the file's own cells, else by `forms`. The file is read twice, first for its forms,
/// so that no entry is kept: a 10 MB export may hold half a million.
pub fn read(
    tracker: Tracker,
    text: &str,
    file: &str,
    forms: Forms,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Dropped> {
    let layout = tracker.layout();
    let delimiter = RecordReader::new(text.as_bytes())
        .sniff_delimiter()
        .unwrap_or(b',');
    let mut records = entries(text, file, delimiter);
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(err)) => return Err(err),
        None => bail!("{file} is empty; expected {} exported as CSV", layout.name),
    };
    let position = |name: &str| {
        header
            .iter()
            .position(|h| header_key(h) == header_key(name))
    };
    let missing = |name: &str| {
        anyhow!(
            "{file}:1: no {} column, so this is not {} (its header: {}); export the \
             detailed report as CSV",
            show_value(name),
            layout.name,
            show_value(&header.iter().collect::<Vec<_>>().join(","))
        )
    };
    let required = |name: &str| position(name).ok_or_else(|| missing(name));
    let date_at = required(layout.date)?;
    // Hours as a decimal number where the export has them, else as a duration.
    let decimal = layout.hours_decimal.and_then(position);
    let (hours_at, clock, hours_expected) = match (decimal, layout.hours_clock.and_then(position)) {
        (Some(at), _) => (at, false, "hours such as 1.5"),
        (None, Some(at)) => (at, true, "a duration such as 01:30:00"),
        (None, None) => {
            let name = layout.hours_decimal.or(layout.hours_clock);
            return Err(missing(name.unwrap_or("Hours")));
        }
    };
    // The columns of numbers, whose marks settle the export's decimal mark together.
    let numbers: Vec<usize> = (header.iter().enumerate())
        .filter(|(at, name)| {
            let name = name.to_lowercase();
            (*at == hours_at && !clock)
                || ["amount", "rate", "hours"]
                    .iter()
                    .any(|word| name.contains(word))
        })
        .map(|(at, _)| at)
        .collect();
    let project_at = required(layout.project)?;
    let description_at = required(layout.description)?;
    let client_at = position(layout.client);
    let tags_at = layout.tags.and_then(position);
    let start_at = layout.start.and_then(position);
    let id_at = layout.id.and_then(position);

    let mut order = DayOrder::default();
    let mut mark = DecimalMark::default();
    for record in records {
        let record = record?;
        order.see(record.get(date_at).unwrap_or(""));
        for &at in &numbers {
            mark.see(record.get(at).unwrap_or(""), &header[at]);
        }
    }
    let day_first = order.settle(forms.day_first, file, layout.date)?;
    let decimal = mark.settle(forms.decimal, file)?;
    let read_hours = |text: &str| {
        if clock {
            clock_hours(text)
        } else {
            decimal_hours(&in_points(text, decimal))
        }
    };

    let mut dropped = Dropped::default();
    let mut ids: HashMap<String, u32> = HashMap::new();
    for record in entries(text, file, delimiter).skip(1) {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let bad = |at: usize, text: &str, expected: &str| {
            anyhow!(
                "{file}:{line}: column {}: got {}, expected {expected}",
                show_value(&header[at]),
                show_value(text)
            )
        };
        let date_text = cell(Some(date_at));
        let date = read_date(&date_text, day_first).ok_or_else(|| {
            bad(
                date_at,
                &date_text,
                "a date such as 2026-09-01 or 09/01/2026",
            )
        })?;
        let hours_text = cell(Some(hours_at));
        let hours =
            read_hours(&hours_text).ok_or_else(|| bad(hours_at, &hours_text, hours_expected))?;
        if hours.hundredths() == 0 {
            dropped.no_length += 1;
            continue;
        }
        let project = cell(Some(project_at));
        let client = cell(client_at);
        let description = cell(Some(description_at));
        let tags = cell(tags_at);
        let mut texts = vec![project.clone(), client.clone()];
        texts.extend(
            tags.split(',')
                .map(str::trim)
                .filter(|tag| !tag.is_empty())
                .map(str::to_string),
        );
        texts.push(description.clone());
        let base = match cell(id_at) {
            id if !id.is_empty() => source_id(&format!("{}:{id}", tracker.prefix())),
            _ => {
                let start = cell(start_at);
                let date = date.to_string();
                let parts = [
                    date.as_str(),
                    start.as_str(),
                    project.as_str(),
                    description.as_str(),
                ];
                let mut id = format!("{}:", tracker.prefix());
                id.push_str(
                    &parts
                        .iter()
                        .filter(|part| !part.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                // Room for the counter below, within the longest id a log holds, cut as
                // ids always were, so that an entry imported before keeps its id.
                if let Some((cut, _)) = id.char_indices().nth(MAX_SOURCE_CHARS - ID_ROOM) {
                    id.truncate(cut);
                }
                // One line, single-spaced: the log's cell holds no line ends or tabs.
                source_id(&id.split_whitespace().collect::<Vec<_>>().join(" "))
            }
        };
        // Two entries alike in every way are told apart by their order in the export.
        let seen = ids.entry(base.clone()).or_insert(0);
        *seen += 1;
        let id = if *seen == 1 {
            base
        } else {
            format!("{base} #{seen}")
        };
        let mut label = show_value(&project);
        if !client.is_empty() {
            label.push_str(&format!(" ({})", show_value(&client)));
        }
        if !description.is_empty() {
            label.push_str(&format!(": {}", show_value(&description)));
        }
        each(Item {
            date,
            id: Id::new(id),
            evidence: Evidence::TimeEntry { hours },
            about: Rc::new(About { texts, label }),
        })?;
    }
    Ok(dropped)
}

/// The export's records, header first, each located in an error; a record of empty
/// fields only is passed over. A spreadsheet in a German or French locale saves the
/// export again with semicolons: `delimiter` is the one its header uses.
fn entries<'a>(
    text: &'a str,
    file: &'a str,
    delimiter: u8,
) -> impl Iterator<Item = Result<StringRecord>> + 'a {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(move |record| match record {
            Ok(record) if record.iter().all(|field| field.trim().is_empty()) => None,
            Ok(record) => Some(Ok(record)),
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                Some(Err(anyhow!("{file}:{line}: {err}")))
            }
        })
}

/// Which decimal mark an export's numbers use: a number that can be read only one way
/// (`20,0`, `2.000,0`, `1.5`) settles it for the file; `1,500` or `1.500` can be read
/// both ways and settles nothing.
#[derive(Default)]
struct DecimalMark {
    point: bool,
    comma: bool,
    /// A number that reads both ways, with its column, for the message when nothing
    /// settles them.
    ambiguous: Option<(String, String)>,
}

impl DecimalMark {
    fn see(&mut self, text: &str, column: &str) {
        let text = text.trim();
        let is_number = |text: &str| {
            text.bytes().any(|b| b.is_ascii_digit())
                && text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        };
        if !is_number(text) {
            return;
        }
        // The mark written last, and how many digits follow it; a mark written twice
        // groups thousands.
        let last = text.rfind(['.', ',']);
        let Some(at) = last else {
            return;
        };
        let mark = text.as_bytes()[at];
        let other = if mark == b'.' { ',' } else { '.' };
        let decimals = text.len() - at - 1;
        let is_decimal = if text.contains(other) {
            Some(true)
        } else if text.matches(char::from(mark)).count() > 1 {
            Some(false)
        } else if decimals == 3 {
            None
        } else {
            Some(true)
        };
        match is_decimal {
            // The mark is the decimal mark, or else groups thousands and the other is.
            Some(is_decimal) if (mark == b'.') == is_decimal => self.point = true,
            Some(_) => self.comma = true,
            None if self.ambiguous.is_none() => {
                self.ambiguous = Some((text.to_string(), column.to_string()));
            }
            None => {}
        }
    }

    /// The mark, after every number was seen; `configured` settles what the numbers leave
    /// open.
    fn settle(self, configured: Option<Decimal>, file: &str) -> Result<Decimal> {
        match (self.point, self.comma) {
            (true, true) => bail!(
                "{file}: some numbers have a decimal point and some a decimal comma; export \
                 them as one"
            ),
            (true, false) => Ok(Decimal::Point),
            (false, true) => Ok(Decimal::Comma),
            (false, false) => match (configured, self.ambiguous) {
                (Some(decimal), _) => Ok(decimal),
                (None, None) => Ok(Decimal::Point),
                (None, Some((text, column))) => bail!(
                    "{file}: column {}: every number reads with a decimal point and with a \
                     decimal comma (such as {}); set decimal = \".\" or \",\" in netaudit.toml",
                    show_value(&column),
                    show_value(&text)
                ),
            },
        }
    }
}

/// `text`, a number written with `decimal`, with a decimal point and no thousands marks.
fn in_points(text: &str, decimal: Decimal) -> String {
    text.chars()
        .filter(|&c| c != decimal.thousands())
        .map(|c| if c == decimal.mark() { '.' } else { c })
        .collect()
}

/// `1.5`, `0.333333`: hours with a decimal point, rounded to hundredths (half up).
fn decimal_hours(text: &str) -> Option<Amount> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || whole.len() > 9
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut padded: Vec<u64> = fraction.bytes().map(|b| u64::from(b - b'0')).collect();
    padded.resize(padded.len().max(3), 0);
    let hundredths = whole * 100 + padded[0] * 10 + padded[1] + u64::from(padded[2] >= 5);
    (hundredths <= MAX_AMOUNT * 100).then(|| Amount::from_hundredths(hundredths as i64))
}

/// `HH:MM:SS` or `H:MM`, hours past 24 included, as hours rounded to hundredths.
fn clock_hours(text: &str) -> Option<Amount> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |part: &str| {
        (!part.is_empty() && part.len() <= 6 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().ok())
            .flatten()
    };
    let seconds = match parts[..] {
        [h, m, s] => number(h)? * 3600 + number(m)? * 60 + number(s)?,
        [h, m] => number(h)? * 3600 + number(m)? * 60,
        _ => return None,
    };
    Some(super::imported::hours_of_seconds(seconds))
}

/// Whether dates with slashes are day first: an entry that reads only one way settles it
/// for the file, else the config, else they cannot be read.
#[derive(Default)]
struct DayOrder {
    month_first: bool,
    day_first: bool,
    /// A date that reads both ways, for the message when nothing settles them.
    ambiguous: Option<String>,
}

impl DayOrder {
    fn see(&mut self, text: &str) {
        let text = text.trim().split([' ', 'T']).next().unwrap_or_default();
        if date_separator(text) != Some('/') {
            return;
        }
        let parts: Vec<u32> = text
            .split(['/', ' '])
            .take(2)
            .filter_map(|p| p.parse().ok())
            .collect();
        match parts[..] {
            [a, _] if a > 12 => self.day_first = true,
            [_, b] if b > 12 => self.month_first = true,
            [_, _] if self.ambiguous.is_none() => self.ambiguous = Some(text.to_string()),
            _ => {}
        }
    }

    /// Day first or not, after every date of `column` was seen; `configured` settles what
    /// the dates leave open.
    fn settle(self, configured: Option<bool>, file: &str, column: &str) -> Result<bool> {
        match (self.month_first, self.day_first) {
            (true, true) => bail!(
                "{file}: column {}: some dates are month first and some day first; export them as one",
                show_value(column)
            ),
            (true, false) => Ok(false),
            (false, true) => Ok(true),
            (false, false) => match (configured, self.ambiguous) {
                (Some(day_first), _) => Ok(day_first),
                (None, None) => Ok(false),
                (None, Some(text)) => bail!(
                    "{file}: column {}: every date reads both month first and day first (such as \
                     {}); import with --date-order mdy (month first) or --date-order dmy",
                    show_value(column),
                    show_value(&text)
                ),
            },
        }
    }
}

/// `2026-09-01`, `09/01/2026` (or day first), `01.09.2026`; a time after it is passed over.
fn read_date(text: &str, day_first: bool) -> Option<NaiveDate> {
    let day = text.split([' ', 'T']).next()?;
    if let Ok(date) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        return Some(date);
    }
    if day.contains('.') {
        return NaiveDate::parse_from_str(day, "%d.%m.%Y").ok();
    }
    let format = if day_first { "%d/%m/%Y" } else { "%m/%d/%Y" };
    NaiveDate::parse_from_str(day, format).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_hours_round_to_hundredths() {
        assert_eq!(decimal_hours("1.5"), Some(Amount::from_hundredths(150)));
        assert_eq!(decimal_hours("0.333333"), Some(Amount::from_hundredths(33)));
        assert_eq!(decimal_hours("0.125"), Some(Amount::from_hundredths(13)));
        assert_eq!(decimal_hours(".5"), Some(Amount::from_hundredths(50)));
        assert_eq!(decimal_hours("-1"), None);
        assert_eq!(decimal_hours("1,5"), None);
        assert_eq!(decimal_hours(""), None);
    }

    #[test]
    fn clock_durations_are_hours_past_a_day_too() {
        assert_eq!(clock_hours("01:30:00"), Some(Amount::from_hundredths(150)));
        assert_eq!(clock_hours("25:00:00"), Some(Amount::from_hundredths(2500)));
        assert_eq!(clock_hours("0:20"), Some(Amount::from_hundredths(33)));
        assert_eq!(clock_hours("1h30"), None);
    }

    fn mark(numbers: &[&str], configured: Option<Decimal>) -> Result<Decimal> {
        let mut mark = DecimalMark::default();
        for number in numbers {
            mark.see(number, "Hours");
        }
        mark.settle(configured, "f")
    }

    #[test]
    fn a_number_that_reads_one_way_settles_the_decimal_mark() {
        assert_eq!(mark(&["1.5", "2"], None).unwrap(), Decimal::Point);
        assert_eq!(mark(&["20,0", "1,500"], None).unwrap(), Decimal::Comma);
        assert_eq!(mark(&["2.000,0"], None).unwrap(), Decimal::Comma);
        assert_eq!(mark(&["1,000,000"], None).unwrap(), Decimal::Point);
        assert_eq!(mark(&["1.000.000"], None).unwrap(), Decimal::Comma);
        assert_eq!(mark(&["4,800.50"], None).unwrap(), Decimal::Point);
        assert_eq!(mark(&["2", "USD", ""], None).unwrap(), Decimal::Point);
        // 1,500 is one and a half, or fifteen hundred: the config says which.
        let asks = mark(&["1,500"], None).unwrap_err().to_string();
        assert!(
            asks.contains("(such as \"1,500\"); set decimal = \".\""),
            "{asks}"
        );
        assert_eq!(
            mark(&["1,500"], Some(Decimal::Comma)).unwrap(),
            Decimal::Comma
        );
        assert!(mark(&["1.5", "20,0"], None).is_err());
        assert_eq!(in_points("2.000,5", Decimal::Comma), "2000.5");
        assert_eq!(in_points("2,000.5", Decimal::Point), "2000.5");
    }

    fn settle(dates: &[&str], configured: Option<bool>) -> Result<bool> {
        let mut order = DayOrder::default();
        for date in dates {
            order.see(date);
        }
        order.settle(configured, "f", "Start Date")
    }

    #[test]
    fn slashed_dates_settle_by_the_file_or_the_config() {
        assert!(!settle(&["09/01/2026", "09/13/2026"], None).unwrap());
        assert!(settle(&["13/09/2026", "01/09/2026"], None).unwrap());
        assert!(settle(&["09/01/2026"], None).is_err());
        assert!(settle(&["09/01/2026"], Some(true)).unwrap());
        assert!(settle(&["09/13/2026", "13/09/2026"], Some(true)).is_err());
    }
}
