//! Reading one cell of the log from its text, in every form the log allows, with the
//! fix for a value written another way where one reading is obvious.

use super::format::{DateOrder, Decimal};
use super::{MAX_AMOUNT, MAX_COUNT, MAX_COVERS, MAX_GROUP_NAME_CHARS, MAX_SOURCE_CHARS};
use crate::currency::{self, Named};
use crate::figures::Amount;
use crate::messages;
use crate::names::normalize_group;
use crate::period::{DateProblem, parse_date};
use chrono::NaiveDate;

pub(crate) fn with_hint(expected: &str, hint: Option<String>) -> String {
    match hint {
        Some(hint) => format!("{expected}; {hint}"),
        None => expected.to_string(),
    }
}

/// A fix for a date written another way: `2026/10/06`, `25/06/2026`, or `10/06/2026`,
/// which is either of two days, so both are offered.
pub(crate) fn date_hint(value: &str) -> Option<String> {
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

/// How a log's dates are read: as `date_format` says, else ISO (`2026-03-14`, or a date
/// and time, which counts for its date) and, once their order is known, dates such as
/// `14/03/2026`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateReading {
    pub format: Option<String>,
    /// Whether the log writes dates such as `05/06/2026`, as its first date does; in a log
    /// of ISO dates, one such date is a mistake, told how to write it.
    pub numeric: Option<bool>,
    /// The separator of the log's first date such as `05.06.2026`.
    pub separator: Option<char>,
    /// Which comes first in a date such as `05/06/2026`: said by `date_format`, or settled
    /// by the log's own rows (see [`DateCell::Settles`]).
    pub order: Option<DateOrder>,
    /// The first and the first other of a log whose dates are written two ways: ISO and
    /// as `date_format` says. Both read, so it is told, not refused.
    pub two_ways: Option<(String, String)>,
    /// The log's first date as written, for [`DateReading::two_ways`].
    pub first: Option<String>,
}

/// A date cell as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateCell {
    Day(NaiveDate),
    /// A date such as `13/05/2026` that reads only one way, which settles the order of
    /// every date in the log.
    Settles(NaiveDate, DateOrder),
    /// A date such as `05/06/2026` that reads as two days while the order is not known.
    Either {
        month_first: NaiveDate,
        day_first: NaiveDate,
    },
}

impl DateCell {
    /// The day read, once a file's dates have settled their order (or `--date-order`
    /// has); a day read two ways with nothing to settle it is an error, that says how to
    /// settle it.
    pub fn settled(self, order: Option<DateOrder>) -> Result<NaiveDate, String> {
        match (self, order) {
            (DateCell::Day(day) | DateCell::Settles(day, _), _) => Ok(day),
            (DateCell::Either { month_first, .. }, Some(DateOrder::MonthFirst)) => Ok(month_first),
            (DateCell::Either { day_first, .. }, Some(DateOrder::DayFirst)) => Ok(day_first),
            (
                DateCell::Either {
                    month_first,
                    day_first,
                },
                None,
            ) => Err(format!(
                "its date may be {month_first} or {day_first}, and no date of the file settles \
                 which; give --date-order mdy or dmy"
            )),
        }
    }
}

impl DateReading {
    /// How a new row's date is written to match the log's: as `date_format` says, or in
    /// the order and with the separator its dates settled on; `None` for ISO.
    pub fn write_format(&self) -> Option<String> {
        // A log whose first date is ISO is written ISO, whatever `date_format` reads too.
        if self.numeric == Some(false) {
            return None;
        }
        if let Some(format) = &self.format {
            return Some(format.clone());
        }
        match (self.numeric, self.order) {
            (Some(true), Some(order)) => Some(order.format(self.separator.unwrap_or('/'))),
            _ => None,
        }
    }

    /// Notes how `value`, a date read, is written (ISO or not): the first date says how
    /// the log writes them; one written the other way makes it a log of two ways.
    pub fn written(&mut self, value: &str, numeric: bool) {
        match self.numeric {
            None => {
                self.numeric = Some(numeric);
                self.first = Some(value.to_string());
            }
            Some(first) if first != numeric && self.two_ways.is_none() => {
                let first = self.first.clone().unwrap_or_default();
                self.two_ways = Some((first, value.to_string()));
            }
            Some(_) => {}
        }
    }

    pub fn read(&mut self, value: &str) -> Result<DateCell, String> {
        if let Some(day) = iso_day(value) {
            self.written(value, false);
            return Ok(DateCell::Day(day));
        }
        if let Some(format) = &self.format {
            let read = NaiveDate::parse_from_str(value, format)
                .or_else(|_| {
                    chrono::NaiveDateTime::parse_from_str(value, format).map(|at| at.date())
                })
                .map_err(|_| {
                    format!(
                        "a date as date_format = \"{}\" says, such as {}",
                        messages::escape(format),
                        example_date(format)
                    )
                });
            if read.is_ok() {
                self.written(value, true);
            }
            return read.map(DateCell::Day);
        }
        if let Some((first, second, year, separator)) = numeric_date(value)
            && self.numeric != Some(false)
        {
            self.written(value, true);
            self.separator.get_or_insert(separator);
            let month_first = NaiveDate::from_ymd_opt(year, first, second);
            let day_first = NaiveDate::from_ymd_opt(year, second, first);
            let read = match (self.order, month_first, day_first) {
                (Some(DateOrder::MonthFirst), Some(day), _)
                | (Some(DateOrder::DayFirst), _, Some(day)) => Some(DateCell::Day(day)),
                (Some(_), _, _) => None,
                (None, Some(one), Some(other)) if one == other => Some(DateCell::Day(one)),
                (None, Some(month_first), Some(day_first)) => Some(DateCell::Either {
                    month_first,
                    day_first,
                }),
                (None, Some(day), None) => Some(DateCell::Settles(day, DateOrder::MonthFirst)),
                (None, None, Some(day)) => Some(DateCell::Settles(day, DateOrder::DayFirst)),
                (None, None, None) => None,
            };
            return read.ok_or_else(|| match self.order {
                Some(order) => {
                    format!(
                        "a date {}, the order of this log's dates",
                        order.describe(separator)
                    )
                }
                None => "a day that exists in the calendar".to_string(),
            });
        }
        Err(with_hint(
            match parse_date(value) {
                Err(DateProblem::NoSuchDay) => "a day that exists in the calendar",
                _ => "a date as YYYY-MM-DD, such as 2026-03-14",
            },
            date_hint(value),
        ))
    }
}

/// An ISO date, alone or with a time of day after a space or a `T`.
fn iso_day(value: &str) -> Option<NaiveDate> {
    if value.len() == 10 {
        return parse_date(value).ok();
    }
    let (day, time) = (value.get(..10)?, value.get(11..)?);
    if !matches!(value.as_bytes()[10], b' ' | b'T') {
        return None;
    }
    let time = time.strip_suffix('Z').unwrap_or(time);
    let valid_time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|format| chrono::NaiveTime::parse_from_str(time, format).is_ok());
    valid_time.then(|| parse_date(day).ok()).flatten()
}

/// `05/06/2026`, `5.6.2026` or `05-06-2026`: two numbers of one or two digits and a
/// four-digit year, one separator between them; the numbers, the year and the separator.
fn numeric_date(value: &str) -> Option<(u32, u32, i32, char)> {
    let separator = value.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = value.split(separator).collect();
    let [first, second, year] = parts[..] else {
        return None;
    };
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(first, 2) || !digits(second, 2) || year.len() != 4 || !digits(year, 4) {
        return None;
    }
    Some((
        first.parse().ok()?,
        second.parse().ok()?,
        year.parse().ok()?,
        separator,
    ))
}

/// The example date of a message, written in `format`: the 14th of March 2026.
fn example_date(format: &str) -> String {
    use std::fmt::Write;
    let mut shown = String::new();
    let day = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap_or_default();
    // A format chrono cannot write is shown as written; the config check refuses it first.
    match write!(shown, "{}", day.format(format)) {
        Ok(()) => shown,
        Err(_) => format.to_string(),
    }
}

/// The separator of a date such as `05/06/2026`, for the `date_format` that would say its
/// order.
pub fn date_separator(value: &str) -> Option<char> {
    numeric_date(value).map(|(_, _, _, separator)| separator)
}

/// Whether `value` is written as a negative number: a minus sign anywhere (`-5`, `$-5`,
/// `5-`) or an accountant's parentheses (`($15)`). No fix drops the sign.
fn is_negative(value: &str) -> bool {
    value.contains(['-', '\u{2212}']) || (value.starts_with('(') && value.ends_with(')'))
}

/// A fix for a number with a stray symbol or unit before or after it (`12h`, `~3`,
/// `40 USD`). A sign, a control character or a letter inside the number (`-5`, `2\0`,
/// `1e3`) gets none: no reading of those is obvious.
fn number_hint(value: &str, parse: impl Fn(&str) -> Result<String, String>) -> Option<String> {
    // A control character (a NUL from a damaged file) is no stray symbol to drop.
    if value.starts_with('+') || is_negative(value) || value.chars().any(char::is_control) {
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

/// A fix for hours written as minutes or as hours and minutes: `90m`, `90 min`, `1h30`,
/// `1 h 30 min`, `1:30`. Minutes that are no whole hundredth of an hour are rounded, and
/// the fix says so.
fn duration_hint(value: &str, decimal: Decimal) -> Option<String> {
    let text = value.trim().to_lowercase();
    let number = |digits: &str| -> Option<u64> {
        (!digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let minutes_word =
        |rest: &str| ["", "m", "min", "mins", "minute", "minutes"].contains(&rest.trim());
    let minutes: u64 = if let Some((hours, rest)) = text.split_once(':') {
        let rest = rest.trim();
        let minutes = number(rest)?;
        (rest.len() == 2 && minutes < 60).then_some(())?;
        number(hours.trim())? * 60 + minutes
    } else if let Some(at) = text.find('h') {
        let hours = number(text[..at].trim())?;
        let after = &text[at..];
        let word_end = after
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len());
        if !["h", "hr", "hrs", "hour", "hours"].contains(&&after[..word_end]) {
            return None;
        }
        // `2h` alone is hours already, which number_hint fixes.
        let rest = after[word_end..].trim();
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let minutes = number(&rest[..digits_end])?;
        if minutes >= 60 || !minutes_word(&rest[digits_end..]) {
            return None;
        }
        hours * 60 + minutes
    } else {
        let digits_end = text.find(|c: char| !c.is_ascii_digit())?;
        let unit = &text[digits_end..];
        if !unit.trim().starts_with('m') || !minutes_word(unit) {
            return None;
        }
        number(&text[..digits_end])?
    };
    let hundredths = (minutes * 100 + 30) / 60;
    let amount = Amount::from_hundredths(hundredths as i64);
    let written = written_amount(amount, decimal);
    Some(if (minutes * 100).is_multiple_of(60) {
        format!("write {written} ({minutes} minutes in hours)")
    } else {
        format!("write {written} ({minutes} minutes in hours, rounded)")
    })
}

/// `amount` as a cell of a log whose decimal mark is `decimal`.
pub(crate) fn written_amount(amount: Amount, decimal: Decimal) -> String {
    let cell = amount.as_cell();
    match decimal {
        Decimal::Point => cell,
        Decimal::Comma => cell.replace('.', ","),
    }
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

/// A contact's or a client's name: spacing normalised as a group's, without control
/// characters, at most [`MAX_GROUP_NAME_CHARS`] characters; empty for none.
pub fn parse_name(text: &str) -> Result<String, String> {
    let name = normalize_group(text);
    if name.chars().any(messages::is_hostile) {
        Err("a name without control characters or text-direction marks".to_string())
    } else if name.chars().count() > MAX_GROUP_NAME_CHARS {
        Err(format!(
            "a name of at most {MAX_GROUP_NAME_CHARS} characters"
        ))
    } else {
        Ok(name)
    }
}

/// An imported row's id: text without control characters, or empty for a row kept by hand.
pub fn parse_source(text: &str) -> Result<&str, String> {
    let id = text.trim();
    if id.chars().any(messages::is_hostile) {
        Err("an import's id, without control characters or text-direction marks".to_string())
    } else if id.chars().count() > MAX_SOURCE_CHARS {
        Err(format!(
            "an import's id of at most {MAX_SOURCE_CHARS} characters"
        ))
    } else {
        Ok(id)
    }
}

/// A whole number of meetings, leads, deals or referrals, without separators. Empty is 0.
pub fn parse_count(text: &str) -> Result<u64, String> {
    parse_count_only(text).map_err(|expected| {
        with_hint(
            &expected,
            number_hint(text, |core| parse_count_only(core).map(|n| n.to_string())),
        )
    })
}

/// The months a row's money covers: a whole number from 1 to [`MAX_COVERS`]. Empty is 1.
pub fn parse_covers(text: &str) -> Result<u32, String> {
    let expected = || format!("a whole number of months from 1 to {MAX_COVERS}, such as 12");
    if text.is_empty() {
        return Ok(1);
    }
    let months = parse_count_only(text).map_err(|_| expected())?;
    u32::try_from(months)
        .ok()
        .filter(|months| (1..=MAX_COVERS).contains(months))
        .ok_or_else(expected)
}

/// Hours with a decimal point and at most two decimals, as a flag gives them. Empty is 0.
pub fn parse_hours(text: &str) -> Result<Amount, String> {
    parse_hours_as(text, Decimal::Point)
}

/// Hours as a flag gives them where the config says the decimal mark (the point is always
/// read too, see [`crate::cli`]). Empty is 0.
pub fn parse_hours_as(text: &str, decimal: Decimal) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Hours, decimal, false)
}

/// Money with a decimal point and at most two decimals, perhaps a currency sign and
/// thousands commas, as a file of BNI's gives it, whose amounts are all in the chapter's
/// currency. Empty is 0.
pub fn parse_money(text: &str) -> Result<Amount, String> {
    parse_money_named(text, Decimal::Point).map(|(amount, _)| amount)
}

/// Money as a flag gives it, with the currency it names, if any (see [`currency::split`]):
/// a point for decimals. Empty is 0.
pub fn parse_money_named(text: &str, decimal: Decimal) -> Result<(Amount, Option<Named>), String> {
    parse_money_hinted(text, decimal, false)
}

/// Hours in a log whose decimal mark is `decimal`.
pub fn parse_hours_in(text: &str, decimal: Decimal) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Hours, decimal, true)
}

/// Money in a log whose decimal mark is `decimal`, with the currency it names, if any.
pub fn parse_money_in(text: &str, decimal: Decimal) -> Result<(Amount, Option<Named>), String> {
    parse_money_hinted(text, decimal, true)
}

/// [`parse_amount_hinted`] for money: a fix keeps the currency the text names.
fn parse_money_hinted(
    text: &str,
    decimal: Decimal,
    in_log: bool,
) -> Result<(Amount, Option<Named>), String> {
    parse_amount_named(text, Unit::Money, decimal, in_log).map_err(|expected| {
        let hint = number_hint(text, |core| {
            let amount = parse_amount(core, Unit::Money, decimal, in_log)?;
            let plain = written_amount(amount, decimal);
            Ok(match currency::mentioned(text) {
                Some(named) => currency::written(&plain, named, decimal == Decimal::Comma),
                None => plain,
            })
        });
        with_hint(&expected, hint)
    })
}

/// Hours, or what was expected with a fix where one reading is obvious. A log's cell
/// (`in_log`) is also told of the `decimal` setting.
fn parse_amount_hinted(
    text: &str,
    unit: Unit,
    decimal: Decimal,
    in_log: bool,
) -> Result<Amount, String> {
    debug_assert!(unit == Unit::Hours, "money is read by parse_money_hinted");
    parse_amount(text, unit, decimal, in_log).map_err(|expected| {
        let duration = duration_hint(text, decimal);
        let hint = duration.or_else(|| {
            number_hint(text, |core| {
                parse_amount(core, unit, decimal, in_log).map(|a| written_amount(a, decimal))
            })
        });
        with_hint(&expected, hint)
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Money,
}

fn parse_count_only(text: &str) -> Result<u64, String> {
    const EXPECTED: &str = "a whole number of 0 or more, such as 3";
    if text.is_empty() {
        return Ok(0);
    }
    if is_negative(text) {
        return Err(format!("{EXPECTED} (negative counts are not allowed)"));
    }
    if text.contains([',', '.'])
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Err(format!(
            "{EXPECTED}, with no separators or decimals (a count is whole, and never so large \
             as to need a thousands separator)"
        ));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EXPECTED.to_string());
    }
    match text.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(format!("a count of at most {MAX_COUNT}")),
    }
}

/// Hours or money with at most two decimals after `decimal`'s mark; money may carry one
/// leading currency sign and group thousands with the other mark, but only where it
/// groups whole thousands, so that `2,5` in a decimal-point log (a decimal comma) is
/// refused rather than read as 25. Hours take no thousands separator: `1,500` hours is an
/// error where the decimal mark is a point, and one and a half where it is a comma.
fn parse_amount(text: &str, unit: Unit, decimal: Decimal, in_log: bool) -> Result<Amount, String> {
    parse_amount_named(text, unit, decimal, in_log).map(|(amount, _)| amount)
}

/// [`parse_amount`], with the currency money names, if any.
fn parse_amount_named(
    text: &str,
    unit: Unit,
    decimal: Decimal,
    in_log: bool,
) -> Result<(Amount, Option<Named>), String> {
    let (mark, thousands) = (decimal.mark(), decimal.thousands());
    // Where the other mark would be read, in a log that says its decimal mark.
    let setting = |other: &str| {
        if in_log {
            format!(
                " (or set decimal = \"{other}\" in netaudit.toml if this log writes decimals with a {})",
                if other == "," { "comma" } else { "point" }
            )
        } else {
            String::new()
        }
    };
    let expected = match (unit, decimal) {
        (Unit::Hours, Decimal::Point) => "a number of hours of 0 or more, such as 2.5",
        (Unit::Hours, Decimal::Comma) => "a number of hours of 0 or more, such as 2,5",
        (Unit::Money, Decimal::Point) => {
            "an amount such as 25, 4800.50 or $4,800.50, or -25 for a refund"
        }
        (Unit::Money, Decimal::Comma) => {
            "an amount such as 25, 4800,50 or 4.800,50 €, or -25 for a refund"
        }
    };
    if text.is_empty() {
        return Ok((Amount::default(), None));
    }
    // Money may be a refund or a reversal, written with a leading minus and nothing else
    // that reads as a sign, so that `$-5` or `(15)` is not guessed at.
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) if unit == Unit::Money && !is_negative(rest) => (true, rest),
        _ => (false, text),
    };
    if is_negative(text) {
        return Err(match unit {
            Unit::Hours => format!("{expected} (negative values are not allowed)"),
            Unit::Money => format!("{expected} (a refund is written with a leading minus)"),
        });
    }
    // `$4,800.50`, `4.800,50 €`, `40 USD`: the currency is kept for the reader to judge.
    let (rest, named) = match unit {
        Unit::Money => currency::split(text),
        Unit::Hours => (text, None),
    };
    if named.is_some() && (rest.is_empty() || is_negative(rest)) {
        return Err(format!(
            "{expected} (a refund is written with a leading minus, before any currency)"
        ));
    }
    let (whole, fraction) = match rest.split_once(mark) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let whole = match unit {
        Unit::Money => strip_thousands(whole, thousands).ok_or_else(|| match decimal {
            Decimal::Point => format!(
                "{expected}; commas may only separate thousands, as in 4,800.50; use a point \
                 for decimals{}",
                setting(",")
            ),
            Decimal::Comma => format!(
                "{expected}; points may only separate thousands, as in 4.800,50; this log \
                 writes decimals with a comma{}",
                setting(".")
            ),
        })?,
        Unit::Hours if whole.contains(thousands) => {
            return Err(match decimal {
                Decimal::Point => format!(
                    "{expected}; hours take no thousands separator: use a point for decimals{}",
                    setting(",")
                ),
                Decimal::Comma => format!(
                    "{expected}; hours take no thousands separator, and this log writes \
                     decimals with a comma{}",
                    setting(".")
                ),
            });
        }
        Unit::Hours => whole.to_string(),
    };
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
            // At most MAX_AMOUNT whole units, so far within an i64.
            let hundredths = (units * 100 + cents) as i64;
            let amount = Amount::from_hundredths(if negative { -hundredths } else { hundredths });
            Ok((amount, named))
        }
        _ => Err(format!("an amount of at most {MAX_AMOUNT}")),
    }
}

/// Removes the `separator` grouping thousands, or `None` when it appears anywhere but
/// between a leading group of 1 to 3 digits and following groups of exactly 3.
fn strip_thousands(text: &str, separator: char) -> Option<String> {
    if !text.contains(separator) {
        return Some(text.to_string());
    }
    let mut groups = text.split(separator);
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

    fn amount(text: &str) -> Result<i64, String> {
        parse_amount(text, Unit::Money, Decimal::Point, true).map(Amount::hundredths)
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
        assert_eq!(amount("5$"), Ok(500));
        assert_eq!(amount("40 USD"), Ok(4_000));
        assert_eq!(amount("EUR 40.5"), Ok(4_050));
        let named = |text: &str| parse_money_in(text, Decimal::Point).map(|(_, named)| named);
        assert_eq!(
            named("40 USD"),
            Ok(Some(Named::Code(crate::currency::Code::USD)))
        );
        assert_eq!(named("$4,800.50"), Ok(Some(Named::Sign("$"))));
        assert_eq!(named("4800.50"), Ok(None));
    }

    #[test]
    fn a_refund_is_money_with_a_leading_minus() {
        assert_eq!(amount("-25"), Ok(-2_500));
        assert_eq!(amount("-$25"), Ok(-2_500));
        assert_eq!(amount("-25.00"), Ok(-2_500));
        assert_eq!(amount("-$4,800.50"), Ok(-480_050));
        assert_eq!(amount("-0"), Ok(0));
        assert_eq!(
            parse_amount("-4.800,50 €", Unit::Money, Decimal::Comma, true).map(Amount::hundredths),
            Ok(-480_050)
        );
        for bad in ["$-5", "(15)", "($15)", "5-", "--5", "-", "-+5", "- 5"] {
            assert!(amount(bad).is_err(), "{bad} should be refused");
        }
        assert!(
            amount("$-5")
                .unwrap_err()
                .contains("a refund is written with a leading minus"),
            "{:?}",
            amount("$-5")
        );
        assert!(parse_amount("-2", Unit::Hours, Decimal::Point, true).is_err());
    }

    #[test]
    fn money_refuses_anything_else() {
        for bad in [
            "2,5",
            "4,80.00",
            "1,2345",
            ",100",
            "$$5",
            "$5$",
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
            "5 usd",
            "5 ABC",
            "USD",
            "+5",
        ] {
            assert!(amount(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn hours_take_no_currency_sign() {
        assert_eq!(
            parse_amount("2.5", Unit::Hours, Decimal::Point, true).map(Amount::hundredths),
            Ok(250)
        );
        assert!(parse_amount("$2.5", Unit::Hours, Decimal::Point, true).is_err());
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(parse_count("3"), Ok(3));
        assert_eq!(parse_count(""), Ok(0));
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
        let money_hint = |text: &str| parse_money_named(text, Decimal::Point).unwrap_err();
        assert!(
            money_hint("about 40 USD").ends_with("; write 40 USD"),
            "a fix keeps the currency"
        );
        assert!(money_hint("~$40").ends_with("; write $40"));
        assert!(money_hint("40 dollars").ends_with("; write 40"));
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
}
