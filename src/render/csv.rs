//! CSV: one writer set-up for every CSV netaudit prints, with text cells made safe for
//! spreadsheets, and the rows of [`super::rows`] written in it.

use super::decimal2;
use super::rows::{Rows, Value};
use crate::activity::format::Decimal;
use crate::model::MetricKind;
use std::borrow::Cow;

/// The bytes around the records: UTF-8 with LF by default; Excel wants a byte-order
/// mark to read UTF-8, and CRLF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    pub bom: bool,
    pub crlf: bool,
    /// The byte between fields: a comma, or for a spreadsheet in a comma-decimal locale,
    /// a semicolon (`csv_delimiter`).
    pub delimiter: u8,
    /// The decimal mark of figures (`decimal`), so that such a spreadsheet reads them as
    /// numbers.
    pub decimal: Decimal,
}

impl Default for CsvStyle {
    fn default() -> CsvStyle {
        CsvStyle {
            bom: false,
            crlf: false,
            delimiter: b',',
            decimal: Decimal::Point,
        }
    }
}

impl CsvStyle {
    /// For Excel: a byte-order mark and CRLF line ends.
    pub fn excel(self) -> CsvStyle {
        CsvStyle {
            bom: true,
            crlf: true,
            ..self
        }
    }
}

/// Writes CSV records into a string in `style`.
pub struct CsvText {
    writer: ::csv::Writer<Vec<u8>>,
}

impl CsvText {
    pub fn new(style: CsvStyle) -> CsvText {
        let start = if style.bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        let terminator = if style.crlf {
            ::csv::Terminator::CRLF
        } else {
            ::csv::Terminator::Any(b'\n')
        };
        CsvText {
            writer: ::csv::WriterBuilder::new()
                .terminator(terminator)
                .delimiter(style.delimiter)
                .from_writer(start),
        }
    }

    pub fn record<I, T>(&mut self, cells: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        Ok(self.writer.write_record(cells)?)
    }

    pub fn finish(self) -> anyhow::Result<String> {
        Ok(String::from_utf8(self.writer.into_inner()?)?)
    }
}

/// A text cell as a spreadsheet must show it: one that begins like a formula (`=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, so that a spreadsheet shows
/// the text instead of running it (OWASP's advice on CSV injection). Numbers are written
/// by netaudit itself and never pass through here, so a negative score stays a number.
pub fn text(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A figure that may be missing: 2 decimals, or an empty cell.
fn optional(value: Option<f64>) -> String {
    value.map(decimal2).unwrap_or_default()
}

/// The rows under a header of their field names. A count is a whole number, any other
/// figure has 2 decimals, and one that is missing is an empty cell.
pub fn render(rows: &Rows, style: CsvStyle) -> anyhow::Result<String> {
    let mut csv = CsvText::new(style);
    csv.record(&rows.fields)?;
    for row in &rows.rows {
        csv.record(row.iter().map(|value| cell(value, style.decimal)))?;
    }
    csv.finish()
}

/// A value as its CSV cell, with `decimal` as the decimal mark of figures.
pub fn cell(value: &Value, decimal: Decimal) -> String {
    let figure = match value {
        Value::Text(value) => text(value).into_owned(),
        Value::MaybeText(value) => text(value.unwrap_or_default()).into_owned(),
        Value::Optional(value) => text(value.as_deref().unwrap_or_default()).into_owned(),
        Value::Count(value) => value.to_string(),
        Value::Decimal(value) => decimal2(*value),
        Value::MaybeDecimal(value) => optional(*value),
        Value::Metric(None, _) | Value::Exact(None, _) => String::new(),
        Value::Metric(Some(value), MetricKind::Count)
        | Value::Exact(Some(value), MetricKind::Count) => format!("{value:.0}"),
        Value::Metric(Some(value), _) | Value::Exact(Some(value), _) => decimal2(*value),
        Value::Names(names) => names.join(";"),
        // A text, not a number of the log's currency, with its decimal mark as the rest.
        Value::Foreign(amount, code) => format!("{amount} {code}"),
        Value::Range(None) => String::new(),
        Value::Range(Some(range)) => super::rows::plain_range(*range),
    };
    match (value, decimal) {
        (Value::Text(_) | Value::MaybeText(_) | Value::Optional(_) | Value::Names(_), _)
        | (_, Decimal::Point) => figure,
        (_, Decimal::Comma) => figure.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_starts_like_a_formula_is_quoted_as_text() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(text(formula), format!("'{formula}"));
        }
        for plain in ["Harbor City BNI", "", "1+1", "a=b", " =x", "'quoted"] {
            assert_eq!(text(plain), plain);
        }
    }

    #[test]
    fn excel_style_has_a_byte_order_mark_and_crlf() {
        let mut csv = CsvText::new(CsvStyle::default().excel());
        csv.record(["a", "b"]).unwrap();
        csv.record(["1", "two\nlines"]).unwrap();
        assert_eq!(csv.finish().unwrap(), "\u{feff}a,b\r\n1,\"two\nlines\"\r\n");
        let mut csv = CsvText::new(CsvStyle::default());
        csv.record(["a", "b"]).unwrap();
        assert_eq!(csv.finish().unwrap(), "a,b\n");
    }
}
