//! A real workbook (rust_xlsxwriter) of the same rows as CSV: figures are number cells with
//! a number format, names, months and reasons are string cells (never formulas, so no
//! guard is needed), the header row holds the CSV's field names and stays in view, and
//! columns are sized to fit.

use super::rows::{Rows, Value};
use crate::model::{MetricKind, Trend};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// One sheet per named set of rows: the report's one, or `show`'s months and rows.
pub fn sheets(sheets: &[(&str, &Rows)]) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        write_sheet(book.add_worksheet(), name, rows)?;
    }
    Ok(book.save_to_buffer()?)
}

/// The trend: the long layout of its CSV, and a month-by-group pivot of the same values.
pub fn trend(rows: &Rows, trend: &Trend) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    write_sheet(book.add_worksheet(), "trend", rows)?;
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
                write_value(pivot, row, column, &Value::Metric(Some(*value), kind))?;
            }
        }
    }
    pivot.set_freeze_panes(1, 1)?;
    pivot.autofit();
    Ok(book.save_to_buffer()?)
}

fn write_sheet(sheet: &mut Worksheet, name: &str, rows: &Rows) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let header = Format::new().set_bold();
    for (column, field) in (0u16..).zip(&rows.fields) {
        sheet.write_string_with_format(0, column, *field, &header)?;
    }
    for (row, values) in (1u32..).zip(&rows.rows) {
        for (column, value) in (0u16..).zip(values) {
            write_value(sheet, row, column, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
}

/// A value as its cell: a count a whole number, any other figure with 2 decimals, text as
/// a string, and nothing where a figure is missing.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Value,
) -> Result<(), XlsxError> {
    let whole = Format::new().set_num_format("0");
    let two_decimals = Format::new().set_num_format("0.00");
    match value {
        Value::Text(text) => sheet.write_string(row, column, text).map(drop),
        Value::MaybeText(Some(text)) => sheet.write_string(row, column, *text).map(drop),
        Value::Optional(Some(text)) => sheet.write_string(row, column, text).map(drop),
        Value::Names(names) => sheet.write_string(row, column, names.join(";")).map(drop),
        Value::Count(count) => sheet
            .write_number_with_format(row, column, *count as f64, &whole)
            .map(drop),
        Value::Decimal(number)
        | Value::MaybeDecimal(Some(number))
        | Value::Metric(Some(number), MetricKind::Money | MetricKind::Hours | MetricKind::Score)
        | Value::Exact(Some(number), MetricKind::Money | MetricKind::Hours | MetricKind::Score) => {
            sheet
                .write_number_with_format(row, column, *number, &two_decimals)
                .map(drop)
        }
        Value::Metric(Some(number), MetricKind::Count)
        | Value::Exact(Some(number), MetricKind::Count) => sheet
            .write_number_with_format(row, column, *number, &whole)
            .map(drop),
        Value::MaybeText(None)
        | Value::Optional(None)
        | Value::MaybeDecimal(None)
        | Value::Metric(None, _)
        | Value::Exact(None, _) => Ok(()),
    }
}
