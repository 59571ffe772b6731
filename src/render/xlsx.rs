//! A real workbook (rust_xlsxwriter) of the same rows as CSV: figures are number cells with
//! a number format, names, months and reasons are string cells (never formulas, so no
//! guard is needed), the header row holds the CSV's field names and stays in view, and
//! columns are sized to fit.

use super::Currency;
use super::rows::{Rows, Value};
use crate::model::{MetricKind, Trend};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// One sheet per named set of rows: the report's one, or `show`'s months and rows; money
/// in `currency`.
pub fn sheets(sheets: &[(&str, &Rows)], currency: &Currency) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let formats = Formats::of(currency);
    for (name, rows) in sheets {
        write_sheet(book.add_worksheet(), name, rows, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

/// The trend: the long layout of its CSV, and a month-by-group pivot of the same values.
pub fn trend(rows: &Rows, trend: &Trend, currency: &Currency) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let formats = Formats::of(currency);
    write_sheet(book.add_worksheet(), "trend", rows, &formats)?;
    let pivot = book.add_worksheet();
    pivot.set_name("by month")?;
    let header = Format::new().set_bold();
    pivot.write_string_with_format(0, 0, "month", &header)?;
    for (column, group) in (1u16..).zip(&trend.groups) {
        pivot.write_string_with_format(0, column, &group.name, &header)?;
    }
    let kind = trend.metric.kind();
    for (row, (index, month)) in (1u32..).zip(trend.months.iter().enumerate()) {
        pivot.write_string(row, 0, month.to_string())?;
        for (column, group) in (1u16..).zip(&trend.groups) {
            if let Some(Some(value)) = group.values.get(index) {
                write_value(
                    pivot,
                    row,
                    column,
                    &Value::Metric(Some(*value), kind),
                    &formats,
                )?;
            }
        }
    }
    pivot.set_freeze_panes(1, 1)?;
    pivot.autofit();
    Ok(book.save_to_buffer()?)
}

fn write_sheet(
    sheet: &mut Worksheet,
    name: &str,
    rows: &Rows,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let header = Format::new().set_bold();
    for (column, field) in (0u16..).zip(&rows.fields) {
        sheet.write_string_with_format(0, column, *field, &header)?;
    }
    for (row, values) in (1u32..).zip(&rows.rows) {
        for (column, value) in (0u16..).zip(values) {
            write_value(sheet, row, column, value, formats)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
}

/// The number formats of a workbook's cells, so that a spreadsheet shows what the table
/// shows and still sums numbers.
struct Formats {
    /// Counts: `0`.
    whole: Format,
    /// Hours: a tenth at least, a hundredth where there is one (`2.5`, `1.25`).
    hours: Format,
    /// Money: thousands grouped, to the cent, with the currency's sign or code where the
    /// table writes it (`$#,##0.00`, `#,##0.00 "EUR"`). Excel shows the user's own marks.
    money: Format,
    /// Scores and other decimals: `0.00`.
    two_decimals: Format,
}

impl Formats {
    fn of(currency: &Currency) -> Formats {
        Formats {
            whole: Format::new().set_num_format("0"),
            hours: Format::new().set_num_format("0.0#"),
            money: Format::new().set_num_format(money_format(currency)),
            two_decimals: Format::new().set_num_format("0.00"),
        }
    }
}

/// The number format of money in `currency`: its text quoted, so that no letter of a code
/// is read as part of the format, before a sign and after a code as the table writes them.
fn money_format(currency: &Currency) -> String {
    let quoted = format!("\"{}\"", currency.text.replace('"', ""));
    let number = "#,##0.00";
    match currency.goes_after() {
        true => format!("{number} {quoted};-{number} {quoted}"),
        false => format!("{quoted}{number};-{quoted}{number}"),
    }
}

/// A value as its cell: a count a whole number, money in its currency, hours to the
/// hundredth, any other figure with 2 decimals, text as a string, and nothing where a
/// figure is missing.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Value,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut number = |number: f64, format: &Format| {
        sheet
            .write_number_with_format(row, column, number, format)
            .map(drop)
    };
    match value {
        Value::Text(text) => sheet.write_string(row, column, text).map(drop),
        Value::MaybeText(Some(text)) => sheet.write_string(row, column, *text).map(drop),
        Value::Optional(Some(text)) => sheet.write_string(row, column, text).map(drop),
        Value::Names(names) => sheet.write_string(row, column, names.join(";")).map(drop),
        // Not a number of the log's currency, which a sum of the column would take it for.
        Value::Foreign(amount, code) => sheet
            .write_string(row, column, format!("{amount} {code}"))
            .map(drop),
        Value::Range(Some(range)) => sheet
            .write_string(row, column, super::rows::plain_range(*range))
            .map(drop),
        Value::Count(count) => number(*count as f64, &formats.whole),
        Value::Metric(Some(value), kind) | Value::Exact(Some(value), kind) => match kind {
            MetricKind::Count => number(*value, &formats.whole),
            MetricKind::Hours => number(*value, &formats.hours),
            MetricKind::Money => number(*value, &formats.money),
            MetricKind::Score => number(*value, &formats.two_decimals),
        },
        Value::Decimal(value) | Value::MaybeDecimal(Some(value)) => {
            number(*value, &formats.two_decimals)
        }
        Value::MaybeText(None)
        | Value::Optional(None)
        | Value::MaybeDecimal(None)
        | Value::Metric(None, _)
        | Value::Exact(None, _)
        | Value::Range(None) => Ok(()),
    }
}
