//! `log`'s dates and amounts in the forms the config declares for the log (`date_format`,
//! `decimal`, `currency`), and always in netaudit's own (ISO dates, a decimal point), so
//! that a user who writes `05.05.2026` and `18,50` in their files may type them so too; and
//! the row `log`'s flags describe, read so.

use crate::activity::format::{Decimal, LogFormat};
use crate::activity::{
    Column, Kind, MONEY_COLUMNS, parse_group, parse_hours_as, parse_money_named, parse_name,
};
use crate::cli::{LogArgs, flag, flagged};
use crate::currency::{self, Code, Reading};
use crate::figures::Amount;
use crate::messages::show_value;
use crate::period::parse_date;
use crate::records::MAX_FIELD_BYTES;
use crate::sources::csv_log::writer::NewRow;
use anyhow::{Result, anyhow, bail};
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
    pub fn one_currency(cells: &[(String, MoneyCell)]) -> Result<()> {
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

/// The row `log`'s arguments describe, valid: its dates and amounts read as the config
/// says the log writes them (see [`FlagForms`]).
pub(super) fn row_from_args(
    args: &LogArgs,
    today: NaiveDate,
    format: &LogFormat,
) -> Result<NewRow> {
    let written = args.group.as_deref().unwrap_or_default();
    let group = parse_group(written)
        .map_err(|expected| anyhow!("group {}: expected {expected}", show_value(written)))?;
    let forms = FlagForms::new(format);
    let given = &args.cells;
    let date = match given.text(Column::Date) {
        Some(text) => forms.date(text)?,
        None => today,
    };
    // Amounts are read in the log's order of columns, so the first bad one is told; each
    // money flag is kept with its cell, for the check that they name one currency.
    let (mut amounts, mut money) = (Vec::new(), Vec::new());
    for column in flagged() {
        let Some(text) = given.text(column) else {
            continue;
        };
        match column.kind() {
            Kind::Hours(_) => amounts.push((column, forms.hours(text)?.as_cell())),
            Kind::Money(_) => {
                let cell = forms.money(&flag(column), text)?;
                amounts.push((column, cell.cell.clone()));
                money.push((flag(column), cell));
            }
            _ => {}
        }
    }
    MoneyCell::one_currency(&money)?;
    if given
        .number(Column::Covers)
        .is_some_and(|months| months > 1)
        && money.is_empty()
    {
        bail!(
            "--covers spreads a row's money over months: give {} with it",
            either(MONEY_COLUMNS.iter().map(|column| flag(*column)))
        );
    }
    // Hours on their own are time at a meeting, the commonest row by far.
    let implied_meeting =
        given.given(Column::Meetings).is_none() && given.given(Column::Hours).is_some();
    let mut cells = vec![
        (Column::Date, date.format("%Y-%m-%d").to_string()),
        (Column::Group, group.clone()),
    ];
    for column in flagged() {
        let cell = match column.kind() {
            Kind::Date | Kind::Group | Kind::Id => None,
            Kind::Hours(_) | Kind::Money(_) => amounts
                .iter()
                .find(|(of, _)| *of == column)
                .map(|(_, cell)| cell.clone()),
            Kind::Count(_) | Kind::Months => given
                .number(column)
                .or((column == Column::Meetings && implied_meeting).then_some(1))
                .map(|number| number.to_string()),
            Kind::Text => given.text(column).map(str::to_string),
            Kind::Name(_) => match given.text(column) {
                Some(text) => Some(
                    parse_name(text)
                        .map_err(|expected| anyhow!("{}: expected {expected}", flag(column)))?,
                )
                .filter(|name| !name.is_empty()),
                None => None,
            },
        };
        if let Some(cell) = cell {
            if cell.len() > MAX_FIELD_BYTES {
                bail!(
                    "{} is {} bytes long; a field may hold at most {} KiB",
                    flag(column),
                    cell.len(),
                    MAX_FIELD_BYTES / 1024
                );
            }
            cells.push((column, cell));
        }
    }
    // A name says whom a row is about, not what happened: a row needs more.
    if cells
        .iter()
        .all(|(column, _)| matches!(column.kind(), Kind::Date | Kind::Group | Kind::Name(_)))
    {
        let figures = flagged().filter(|column| {
            column.spec().by_hand && !matches!(column.kind(), Kind::Date | Kind::Group)
        });
        bail!(
            "nothing to log for {group}: give at least one of {}",
            either(figures.map(flag))
        );
    }
    Ok(NewRow {
        date,
        group,
        cells,
        implied_meeting,
    })
}

/// Flags as a choice: `--a, --b or --c`.
fn either(flags: impl Iterator<Item = String>) -> String {
    let flags: Vec<String> = flags.collect();
    match flags.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
