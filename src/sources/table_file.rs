//! A file of rows in whichever form a user saved it: a spreadsheet's sheet (SpreadsheetML,
//! .xls, .xlsx, .ods) or CSV text, read one row at a time with where each row stands, so
//! that chapter summaries and slips are read the same way from any of them. CSV is
//! streamed, so a region's slips are never held whole.

use super::spreadsheet::{self, FileKind, SNIFFED_BYTES, Sheet};
use crate::activity::format::Decimal;
use crate::messages::show_value;
use crate::records::{Record, RecordReader};
use crate::sources::csv_log::describe_flaw;
use crate::sources::csv_log::header::column_label;
use anyhow::{Context, Result, anyhow, bail};
use std::io::{Cursor, Read};
use std::path::Path;

/// Where a file's rows stand, for messages.
#[derive(Clone, Debug)]
pub struct Places {
    file: String,
    /// The sheet's name and the column its first cell is in; none for CSV.
    sheet: Option<(String, usize)>,
}

impl Places {
    /// The places of a sheet of the file `name`.
    pub fn of_sheet(name: &str, sheet: &Sheet) -> Places {
        Places {
            file: name.to_string(),
            sheet: Some((sheet.name.clone(), sheet.start.1 as usize)),
        }
    }

    /// `file:LINE` in CSV, `file, sheet "Name", cell C12` in a spreadsheet; `row` is the
    /// line or the sheet's row, from 1, and `column` from 0.
    pub fn cell(&self, row: u64, column: usize) -> String {
        match &self.sheet {
            None => format!("{}:{row}", self.file),
            Some((name, first_column)) => format!(
                "{}, sheet {}, cell {}{row}",
                self.file,
                show_value(name),
                column_label(column, Some(*first_column))
            ),
        }
    }

    /// `file:LINE`, or `file, sheet "Name", row 12`.
    pub fn row(&self, row: u64) -> String {
        match &self.sheet {
            None => format!("{}:{row}", self.file),
            Some((name, _)) => format!("{}, sheet {}, row {row}", self.file, show_value(name)),
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }
}

/// One row as read: its place (a line or a sheet's row, from 1) and its cells, trimmed.
pub type RowSeen<'a> = &'a mut dyn FnMut(&Places, u64, &[&str]) -> Result<()>;

/// The rows a header may be looked for in, below a title: a report's title rows, a
/// blank line or two.
pub const HEADER_WITHIN: usize = 20;

/// What tries a row as the header: its layout, or none for another row.
pub type FindHeader<'a, L> = &'a mut dyn FnMut(&Places, u64, &[&str]) -> Result<Option<L>>;

/// What takes each row below the header, with the header's layout.
pub type LaidOutRowSeen<'a, L> = &'a mut dyn FnMut(&L, &Places, u64, &[&str]) -> Result<()>;

/// How a file's header is found: `find` is tried on each row until it gives the layout,
/// and `missing` says what was expected when no row within [`HEADER_WITHIN`] does.
pub struct Header<'a, L> {
    pub find: FindHeader<'a, L>,
    pub missing: &'a dyn Fn() -> String,
}

/// [`each_row`] for a file whose rows stand below a header, perhaps under a report's title
/// rows: rows of empty cells are passed over, the header is looked for as `header` says,
/// and `each` is given every row after it, with its layout.
pub fn each_row_below_header<L>(
    path: &Path,
    name: &str,
    expected: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    header: Header<'_, L>,
    each: LaidOutRowSeen<'_, L>,
) -> Result<()> {
    let mut layout: Option<L> = None;
    let mut rows_before = 0usize;
    each_row(
        path,
        name,
        expected,
        sheet,
        encoding,
        &mut |places, row, cells| {
            if cells.iter().all(|cell| cell.is_empty()) {
                return Ok(());
            }
            if let Some(at) = &layout {
                return each(at, places, row, cells);
            }
            layout = (header.find)(places, row, cells)?;
            rows_before += 1;
            if layout.is_none() && rows_before > HEADER_WITHIN {
                bail!("{}", (header.missing)());
            }
            Ok(())
        },
    )?;
    if layout.is_none() {
        bail!("{}", (header.missing)());
    }
    Ok(())
}

/// Reads `path` (named `name` in messages, and `expected` to be such a file) row by row,
/// passing each to `seen`; a spreadsheet's sheet `sheet` (else its first). CSV text is
/// UTF-8 unless a byte-order mark or `encoding` says otherwise, and is split into records
/// by the log's own reader ([`RecordReader`]): the same delimiter sniffing, strict
/// quoting and bounded fields.
pub fn each_row(
    path: &Path,
    name: &str,
    expected: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    seen: RowSeen<'_>,
) -> Result<()> {
    if path.is_dir() {
        bail!("{name} is a folder; name a file inside it");
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    let mut head = Vec::with_capacity(SNIFFED_BYTES);
    let mut reader = file;
    (&mut reader)
        .take(SNIFFED_BYTES as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {name}"))?;
    let kind = FileKind::of(&head);
    let rest = Cursor::new(head).chain(reader);
    if kind.is_spreadsheet() {
        return sheet_rows(rest, kind, name, sheet, seen);
    }
    if let Some(sheet) = sheet {
        bail!(
            "--sheet {} names a sheet, but {name} is CSV text, not a spreadsheet",
            show_value(sheet)
        );
    }
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(encoding)
        .build(rest);
    let unreadable = |err: std::io::Error| anyhow!("cannot read {name} ({err})");
    let mut records = RecordReader::new(decoded);
    let delimiter = records.sniff_delimiter().map_err(unreadable)?;
    records.set_delimiter(delimiter);
    let places = Places {
        file: name.to_string(),
        sheet: None,
    };
    let mut record = Record::new();
    while records.read(&mut record).map_err(unreadable)? {
        let line = record.line;
        if let Some(flaw) = record.flaw() {
            bail!(
                "{}: {}",
                places.row(line),
                describe_flaw(flaw, &record, "row", delimiter, expected)
            );
        }
        let mut cells: Vec<&str> = Vec::with_capacity(record.width());
        for field in record.iter() {
            let Ok(text) = std::str::from_utf8(field) else {
                bail!(
                    "{}: the file is not UTF-8 text; save it as UTF-8, or name its encoding \
                     in netaudit.toml, as in encoding = \"windows-1252\"",
                    places.row(line)
                );
            };
            cells.push(text.trim());
        }
        seen(&places, line, &cells)?;
    }
    Ok(())
}

fn sheet_rows(
    bytes: impl Read,
    kind: FileKind,
    name: &str,
    wanted: Option<&str>,
    seen: RowSeen<'_>,
) -> Result<()> {
    let sheet = spreadsheet::read_bounded_sheet(bytes, kind, name, wanted)?;
    let places = Places::of_sheet(name, &sheet);
    for (row, texts) in sheet_texts(&sheet) {
        let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
        seen(&places, row, &cells)?;
    }
    Ok(())
}

/// Each row of `sheet` as trimmed texts, with its row number (from 1).
pub fn sheet_texts(sheet: &Sheet) -> impl Iterator<Item = (u64, Vec<String>)> + '_ {
    let first_row = u64::from(sheet.start.0);
    sheet.rows.iter().enumerate().map(move |(index, row)| {
        let texts = row
            .iter()
            .map(|cell| {
                spreadsheet::cell_text(cell, Decimal::Point)
                    .trim()
                    .to_string()
            })
            .collect();
        (first_row + index as u64 + 1, texts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &[u8]) -> Result<Vec<(u64, Vec<String>)>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, text)?;
        let mut rows = Vec::new();
        each_row(
            &path,
            "rows.csv",
            "a table",
            None,
            None,
            &mut |_, line, cells| {
                rows.push((line, cells.iter().map(|c| c.to_string()).collect()));
                Ok(())
            },
        )?;
        Ok(rows)
    }

    #[test]
    fn csv_rows_come_with_their_lines_whatever_the_delimiter() {
        let rows = rows_of(b"\xEF\xBB\xBFa;b\n\"x\ny\";2\n3;4\n").unwrap();
        assert_eq!(
            rows,
            [
                (1, vec!["a".to_string(), "b".to_string()]),
                (2, vec!["x\ny".to_string(), "2".to_string()]),
                (4, vec!["3".to_string(), "4".to_string()]),
            ]
        );
        let tabs = rows_of(b"a\tb\tc;d\n").unwrap();
        assert_eq!(tabs[0].1, ["a", "b", "c;d"]);
        let commas = rows_of(b"a,b;c,d\n").unwrap();
        assert_eq!(commas[0].1, ["a", "b;c", "d"]);
    }

    #[test]
    fn a_field_past_its_bound_or_bytes_not_utf8_are_refused() {
        let long = vec![b'x'; crate::records::MAX_FIELD_BYTES + 10];
        let err = format!("{:#}", rows_of(&long).unwrap_err());
        assert!(
            err.starts_with("rows.csv:1: column 1 is longer than 64 KiB"),
            "{err}"
        );
        let err = format!("{:#}", rows_of(b"a,b\n\xff,1\n").unwrap_err());
        assert!(
            err.starts_with("rows.csv:2: the file is not UTF-8 text"),
            "{err}"
        );
    }
}
