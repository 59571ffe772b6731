//! How a user's log is written, where it differs from netaudit's own CSV: the settings that
//! say so (from the config), and what they mean for reading a number or a date.

use super::Column;
use crate::currency::LogCurrencies;

/// The mark between a number's whole part and its decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Decimal {
    /// `15.5`; commas may group thousands of money (`4,800.50`).
    #[default]
    Point,
    /// `15,5`; points may group thousands of money (`4.800,50`).
    Comma,
}

impl Decimal {
    pub fn mark(self) -> char {
        match self {
            Decimal::Point => '.',
            Decimal::Comma => ',',
        }
    }

    /// The other mark, which may only group thousands of money.
    pub fn thousands(self) -> char {
        match self {
            Decimal::Point => ',',
            Decimal::Comma => '.',
        }
    }

    /// The decimal mark a text log with `delimiter` uses unless told: a comma where fields
    /// are split by semicolons, as spreadsheets in comma-decimal locales write them.
    pub fn usual_for(delimiter: u8) -> Decimal {
        if delimiter == b';' {
            Decimal::Comma
        } else {
            Decimal::Point
        }
    }
}

/// Which comes first in a date such as `05/06/2026`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// The order in words, with its pattern for dates written with `separator`.
    pub fn describe(self, separator: char) -> String {
        match self {
            DateOrder::MonthFirst => format!("month first (MM{separator}DD{separator}YYYY)"),
            DateOrder::DayFirst => format!("day first (DD{separator}MM{separator}YYYY)"),
        }
    }

    /// The `date_format` that says this order for dates written with `separator`.
    pub fn format(self, separator: char) -> String {
        match self {
            DateOrder::MonthFirst => format!("%m{separator}%d{separator}%Y"),
            DateOrder::DayFirst => format!("%d{separator}%m{separator}%Y"),
        }
    }
}

/// What the config says about how the logs are written; each is optional, and what is not
/// said is found from the file (see [`crate::sources::input`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFormat {
    /// `csv_delimiter`: `,`, `;` or a tab. Also used for CSV output.
    pub delimiter: Option<u8>,
    /// `decimal`: `.` or `,`. Also used for CSV output.
    pub decimal: Option<Decimal>,
    /// `encoding`, as encoding_rs names it ("windows-1252").
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// `date_format`, as chrono's strftime (`%d.%m.%Y`).
    pub date_format: Option<String>,
    /// `[columns]`: a header of the user's read as one of netaudit's columns.
    pub columns: Vec<(Column, String)>,
    /// `ignore_columns`: headers of the user's own columns, read as nothing.
    pub ignore_columns: Vec<String>,
    /// `--sheet`: the sheet of a spreadsheet file to read; the first when unset.
    pub sheet: Option<String>,
    /// `currency` and `[currencies]`: which currency the log's money is in, and the
    /// user's rates for others.
    pub currencies: LogCurrencies,
}

impl LogFormat {
    /// Whether `date_format` writes the day before the month, for an importer's dates
    /// that read both ways; none without a date_format that has both.
    pub fn day_first(&self) -> Option<bool> {
        let format = self.date_format.as_deref()?;
        Some(format.find("%d")? < format.find("%m")?)
    }
}

/// A header as it is matched: letter case, spaces, underscores and hyphens aside, so that
/// `Referrals Given`, `referrals-given` and `referrals_given` are one.
pub fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}
