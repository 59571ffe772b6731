//! `log`'s dates and amounts in the forms the config declares for the log (`date_format`,
//! `decimal`, `currency`), and always in netaudit's own (ISO dates, a decimal point), so
//! that a user who writes `05.05.2026` and `18,50` in their files may type them so too.

use crate::activity::format::{Decimal, LogFormat};
use crate::activity::{parse_hours_as, parse_money_named};
use crate::currency::{self, Code, Reading};
use crate::figures::Amount;
use crate::messages::show_value;
use crate::period::parse_date;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// How `log` reads its flags for a log written as `format` says.
pub struct FlagForms<'a> {
    format: &'a LogFormat,
}

impl FlagForms<'_> {
    pub fn new(format: &LogFormat) -> FlagForms<'_> {
        FlagForms { format }
    }

    /// The log's decimal mark: `decimal`, else the one its delimiter makes usual.
    fn decimal(&self) -> Decimal {
        (self.format.decimal)
            .unwrap_or_else(|| Decimal::usual_for(self.format.delimiter.unwrap_or(b',')))
    }

    /// Reads `text` in the config's form, then, where that fails and the text has no
    /// comma, with a decimal point (`18,505` is never read as 18505); the error is the
    /// config's form's, which is what the user meant to write.
    fn either<T>(
        &self,
        text: &str,
        read: impl Fn(Decimal) -> Result<T, String>,
    ) -> Result<T, String> {
        match self.decimal() {
            Decimal::Point => read(Decimal::Point),
            Decimal::Comma => read(Decimal::Comma).or_else(|problem| {
                if text.contains(',') {
                    Err(problem)
                } else {
                    read(Decimal::Point).map_err(|_| problem)
                }
            }),
        }
        .map_err(|expected| format!("{}: expected {expected}", show_value(text)))
    }

    /// `--date`: as `date_format` writes it, or ISO.
    pub fn date(&self, text: &str) -> Result<NaiveDate> {
        let text = text.trim();
        if let Some(format) = &self.format.date_format
            && let Ok(date) = NaiveDate::parse_from_str(text, format)
        {
            return Ok(date);
        }
        parse_date(text).map_err(|_| {
            let written = match &self.format.date_format {
                Some(format) => format!(
                    " or as date_format writes it ({format}, such as {})",
                    NaiveDate::from_ymd_opt(2026, 11, 1)
                        .map(|day| day.format(format).to_string())
                        .unwrap_or_default()
                ),
                None => String::new(),
            };
            anyhow!(
                "--date {}: not a date; expected YYYY-MM-DD, such as 2026-11-01{written}",
                show_value(text)
            )
        })
    }

    /// `--hours`: the log's decimal mark, or a point.
    pub fn hours(&self, text: &str) -> Result<Amount> {
        not_empty("--hours", text)?;
        self.either(text.trim(), |decimal| parse_hours_as(text.trim(), decimal))
            .map_err(|problem| anyhow!("--hours {problem}"))
    }

    /// `--cost`, `--revenue`, `--other-value` (`flag`) as the log's cell, so that no
    /// currency is ever dropped: the bare amount in the log's own currency; with its code
    /// in one the config gives a rate for (`40 USD`); as written where the config does not
    /// say the log's currency (`$40`), for the report to check against the log's cells.
    /// A currency the log has no rate for is refused, naming both.
    pub fn money(&self, flag: &str, text: &str) -> Result<MoneyCell> {
        not_empty(flag, text)?;
        let text = text.trim();
        let (amount, named) = self
            .either(text, |decimal| parse_money_named(text, decimal))
            .map_err(|problem| anyhow!("{flag} {problem}"))?;
        let reading =
            match named {
                Some(named) => self.format.currencies.read(named).map_err(|problem| {
                    anyhow!("{flag} {}: expected {problem}", show_value(text))
                })?,
                None => Reading::Own,
            };
        let cell = amount.as_cell();
        Ok(match (reading, named) {
            (Reading::Converted(code), _) => MoneyCell {
                cell: format!("{cell} {code}"),
                unsettled: None,
            },
            (Reading::Settling(code), Some(named)) => MoneyCell {
                cell: currency::written(&cell, named, self.decimal() == Decimal::Comma),
                unsettled: Some(code),
            },
            _ => MoneyCell {
                cell,
                unsettled: None,
            },
        })
    }
}

/// A money flag as the log's cell, and the currency it names where the config does not say
/// the log's: a row's flags must name one.
pub struct MoneyCell {
    pub cell: String,
    pub unsettled: Option<Code>,
}

impl MoneyCell {
    /// Refuses flags of one row that name two currencies of a log whose currency is not set.
    pub fn one_currency(cells: &[(String, &MoneyCell)]) -> Result<()> {
        let mut named = cells.iter().filter_map(|(flag, cell)| {
            let code = cell.unsettled?;
            Some((flag, code))
        });
        let Some((first_flag, first)) = named.next() else {
            return Ok(());
        };
        match named.find(|(_, code)| *code != first) {
            Some((flag, other)) => Err(anyhow!(
                "{first_flag} is in {} but {flag} in {}; a log's money is in one currency: set \
                 currency in netaudit.toml, and give your own rate for the other under \
                 [currencies]",
                first.described(),
                other.described()
            )),
            None => Ok(()),
        }
    }
}

/// A flag given with nothing in it is a mistake, not a 0.
fn not_empty(flag: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(anyhow!("{flag}: expected a value"));
    }
    Ok(())
}
