//! CSV: one writer set-up for every CSV netaudit prints, with text cells made safe for
//! spreadsheets, and the report as one record per group.

use super::{RECORD_FIELDS, decimal2, records};
use crate::model::Report;
use std::borrow::Cow;

/// The bytes around the records: plain UTF-8 with LF by default; Excel wants a byte-order
/// mark to read UTF-8, and CRLF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvStyle {
    pub bom: bool,
    pub crlf: bool,
}

impl CsvStyle {
    pub const EXCEL: CsvStyle = CsvStyle {
        bom: true,
        crlf: true,
    };
}

/// Writes records into a string in `style`.
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
pub fn optional(value: Option<f64>) -> String {
    value.map(decimal2).unwrap_or_default()
}

pub fn render(report: &Report, style: CsvStyle) -> anyhow::Result<String> {
    let mut csv = CsvText::new(style);
    csv.record(RECORD_FIELDS)?;
    for record in records(report) {
        csv.record([
            text(&record.month).into_owned(),
            text(&record.group).into_owned(),
            record.meetings.to_string(),
            decimal2(record.hours),
            decimal2(record.cost),
            record.leads.to_string(),
            record.deals.to_string(),
            decimal2(record.revenue),
            record.referrals_given.to_string(),
            decimal2(record.other_value),
            optional(record.return_per_hour),
            optional(record.score),
            optional(record.expected_score),
            text(record.verdict).into_owned(),
            text(record.previous_verdict.unwrap_or_default()).into_owned(),
            text(&record.reasons).into_owned(),
        ])?;
    }
    csv.finish()
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
        let mut csv = CsvText::new(CsvStyle::EXCEL);
        csv.record(["a", "b"]).unwrap();
        csv.record(["1", "two\nlines"]).unwrap();
        assert_eq!(csv.finish().unwrap(), "\u{feff}a,b\r\n1,\"two\nlines\"\r\n");
        let mut csv = CsvText::new(CsvStyle::default());
        csv.record(["a", "b"]).unwrap();
        assert_eq!(csv.finish().unwrap(), "a,b\n");
    }
}
