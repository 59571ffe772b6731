//! Calendar months, report windows and the strict date forms the log and flags accept.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A calendar month, ordered in time: months since the start of year 0, so that the
/// ledger, which looks a month up for every row, compares one number.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month::from_index(i64::from(year) * 12 + i64::from(month) - 1))
    }

    pub fn of(date: NaiveDate) -> Month {
        Month::from_index(i64::from(date.year()) * 12 + i64::from(date.month0()))
    }

    fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 to 12.
    fn month(self) -> u32 {
        self.0.rem_euclid(12).unsigned_abs() + 1
    }

    /// Parses exactly `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Month, String> {
        let bytes = text.as_bytes();
        let well_formed = bytes.len() == 7
            && bytes[4] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        if !well_formed {
            return Err(format!(
                "\"{text}\" is not a month; expected YYYY-MM, such as 2026-03"
            ));
        }
        let year = text[..4]
            .parse()
            .map_err(|_| format!("\"{text}\" has no valid year"))?;
        let month = text[5..]
            .parse()
            .map_err(|_| format!("\"{text}\" has no valid month"))?;
        Month::new(year, month)
            .ok_or_else(|| format!("\"{text}\" has no month {month}; months run from 01 to 12"))
    }

    fn index(self) -> i64 {
        i64::from(self.0)
    }

    /// The month `index` months from the start of year 0, held within the years an `i32`
    /// of months can count (far beyond any date chrono or the log accepts).
    fn from_index(index: i64) -> Month {
        Month(i32::try_from(index).unwrap_or(if index < 0 { i32::MIN } else { i32::MAX }))
    }

    /// How many months after `earlier` this month is (negative when before it).
    pub fn months_since(self, earlier: Month) -> i64 {
        self.index() - earlier.index()
    }

    /// The month `n` months later (earlier when `n` is negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_index(self.index() + n)
    }

    /// The month's first day; for a month beyond the dates chrono holds, the nearest it does.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(if self.0 < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
    }

    /// The month's name in three letters, "Oct", for a heading too narrow for the year.
    pub fn short_name(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        NAMES[self.0.rem_euclid(12).unsigned_abs() as usize]
    }

    /// How many months `self` comes after `earlier` (negative when before).
    pub fn months_after(self, earlier: Month) -> i64 {
        self.index() - earlier.index()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Month({self})")
    }
}

/// The months a report covers: `months` months ending with `last`, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub first: Month,
    pub last: Month,
}

impl Window {
    /// `months` must be at least 1.
    pub fn ending(last: Month, months: u32) -> Window {
        Window {
            first: last.plus(1 - i64::from(months.max(1))),
            last,
        }
    }

    pub fn contains(&self, month: Month) -> bool {
        self.first <= month && month <= self.last
    }

    pub fn months(&self) -> u32 {
        u32::try_from(self.last.months_after(self.first) + 1).unwrap_or(u32::MAX)
    }
}

/// The month a report is for: `requested` when given, else the last complete month before `today`.
/// A requested month that has not ended by `today` is refused: its figures would be partial.
pub fn report_month(today: NaiveDate, requested: Option<Month>) -> Result<Month, String> {
    let latest_complete = Month::of(today).plus(-1);
    match requested {
        None => Ok(latest_complete),
        Some(month) if month <= latest_complete => Ok(month),
        Some(month) => Err(format!(
            "month {month} has not ended on {today}; the latest complete month is {latest_complete} \
             (pass --today to report as of another day)"
        )),
    }
}

/// Why a date string was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not of the form `YYYY-MM-DD`.
    Form,
    /// Well formed, but no such day (`2026-02-30`).
    NoSuchDay,
}

/// Parses exactly `YYYY-MM-DD`; chrono's own parser also takes one-digit months and signed years.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !well_formed {
        return Err(DateProblem::Form);
    }
    let number =
        |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| DateProblem::Form);
    let year = i32::try_from(number(0..4)?).map_err(|_| DateProblem::Form)?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or(DateProblem::NoSuchDay)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse(text).expect("valid month")
    }

    fn date(text: &str) -> NaiveDate {
        parse_date(text).expect("valid date")
    }

    #[test]
    fn months_order_and_print_as_the_calendar_does() {
        assert!(month("2025-12") < month("2026-01"));
        assert!(month("2026-01") < month("2026-02"));
        assert_eq!(Month::of(date("2026-01-31")), month("2026-01"));
        assert_eq!(Month::of(date("2025-12-01")), month("2025-12"));
        assert_eq!(month("9999-12").plus(1).to_string(), "10000-01");
        assert_eq!(format!("{:?}", month("2026-01")), "Month(2026-01)");
    }

    #[test]
    fn month_arithmetic_crosses_year_boundaries() {
        assert_eq!(month("2026-01").plus(-1), month("2025-12"));
        assert_eq!(month("2025-12").plus(1), month("2026-01"));
        assert_eq!(month("2026-03").plus(-27), month("2023-12"));
        assert_eq!(month("2026-01").months_after(month("2025-11")), 2);
        assert_eq!(month("2025-11").months_after(month("2026-01")), -2);
    }

    #[test]
    fn window_ends_with_report_month_inclusive() {
        let window = Window::ending(month("2026-02"), 12);
        assert_eq!(window.first, month("2025-03"));
        assert_eq!(window.months(), 12);
        assert!(window.contains(month("2025-03")));
        assert!(window.contains(month("2026-02")));
        assert!(!window.contains(month("2025-02")));
        assert!(!window.contains(month("2026-03")));
        assert_eq!(Window::ending(month("2026-02"), 1).first, month("2026-02"));
    }

    #[test]
    fn report_month_is_last_complete_month_even_in_january() {
        assert_eq!(report_month(date("2026-01-01"), None), Ok(month("2025-12")));
        assert_eq!(report_month(date("2026-01-31"), None), Ok(month("2025-12")));
        assert_eq!(report_month(date("2026-03-01"), None), Ok(month("2026-02")));
    }

    #[test]
    fn requested_month_must_have_ended() {
        let today = date("2026-01-15");
        assert_eq!(
            report_month(today, Some(month("2025-12"))),
            Ok(month("2025-12"))
        );
        assert_eq!(
            report_month(today, Some(month("2024-06"))),
            Ok(month("2024-06"))
        );
        let err = report_month(today, Some(month("2026-01"))).unwrap_err();
        assert!(err.contains("has not ended"), "{err}");
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(month("2026-03").to_string(), "2026-03");
        for bad in [
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "2026-03-01",
            "",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(parse_date("2026-02-30"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("2025-02-29"), Err(DateProblem::NoSuchDay));
        for bad in [
            "2026-1-05",
            "10/06/2026",
            "2026-01-05T10:00",
            "+2026-01-05",
            " 2026-01-05",
            "",
        ] {
            assert_eq!(parse_date(bad), Err(DateProblem::Form), "{bad}");
        }
    }
}
