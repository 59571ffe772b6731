//! A spreadsheet file as a log: one sheet's cells turned into CSV text, row for row, so
//! that every cell goes through the same checks, limits and messages as a CSV cell, with
//! the sheet, the row and the column letter named. Excel and LibreOffice files are read
//! with calamine; SpreadsheetML 2003, which calamine does not read, with
//! [`super::spreadsheet_ml`].

use super::csv_log::SheetPlace;
use crate::activity::format::Decimal;
use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, Ods, Reader, Xls, Xlsx};
use std::io::{Cursor, Read};

/// What a file is, from its first bytes (never its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A zip archive: an .xlsx, .xlsm or .ods workbook.
    Zip,
    /// An OLE compound file: an .xls workbook of Excel 97–2003.
    Ole,
    /// XML in the SpreadsheetML 2003 namespace, which web apps export as .xls.
    SpreadsheetMl,
    /// Anything else is read as CSV text.
    Text,
}

/// How many first bytes [`FileKind::of`] looks at.
pub const SNIFFED_BYTES: usize = 4096;

impl FileKind {
    pub fn of(head: &[u8]) -> FileKind {
        const SPREADSHEET_ML: &[u8] = b"urn:schemas-microsoft-com:office:spreadsheet";
        if head.starts_with(b"PK\x03\x04") {
            return FileKind::Zip;
        }
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return FileKind::Ole;
        }
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if text.trim_ascii_start().starts_with(b"<?xml")
            && memchr::memmem::find(head, SPREADSHEET_ML).is_some()
        {
            return FileKind::SpreadsheetMl;
        }
        FileKind::Text
    }

    pub fn is_spreadsheet(self) -> bool {
        self != FileKind::Text
    }
}

/// The largest spreadsheet file read: a sheet is read whole into memory.
pub const MAX_SPREADSHEET_BYTES: u64 = 256 << 20;

/// One sheet of a workbook: its name and its cells, the first at `start` (row, column,
/// from 0).
pub struct Sheet {
    pub name: String,
    pub start: (u32, u32),
    pub rows: Vec<Vec<Data>>,
}

/// Reads the sheet named `wanted` (else the first) of the workbook `reader` gives, a file
/// named `name` of `kind`, refusing one larger than [`MAX_SPREADSHEET_BYTES`]: a sheet is
/// held whole.
pub fn read_bounded_sheet(
    reader: impl Read,
    kind: FileKind,
    name: &str,
    wanted: Option<&str>,
) -> Result<Sheet> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SPREADSHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_SPREADSHEET_BYTES {
        bail!(
            "{name} is a spreadsheet larger than {} MiB, the most netaudit reads; save it as \
             CSV, which is read in any size",
            MAX_SPREADSHEET_BYTES >> 20
        );
    }
    read_sheet(bytes, kind, wanted).with_context(|| format!("cannot read {name} as a spreadsheet"))
}

/// Reads the sheet named `wanted` (else the first) of the workbook in `bytes`.
pub fn read_sheet(bytes: Vec<u8>, kind: FileKind, wanted: Option<&str>) -> Result<Sheet> {
    match kind {
        FileKind::Ole => from_workbook(
            Xls::new(Cursor::new(bytes)).map_err(|err| anyhow!("not a readable .xls ({err})"))?,
            wanted,
        ),
        FileKind::Zip => {
            // An OpenDocument file's first entry is its media type, stored uncompressed.
            let head = &bytes[..bytes.len().min(200)];
            let is_ods =
                memchr::memmem::find(head, b"mimetypeapplication/vnd.oasis.opendocument").is_some();
            if is_ods {
                from_workbook(
                    Ods::new(Cursor::new(bytes))
                        .map_err(|err| anyhow!("not a readable .ods ({err})"))?,
                    wanted,
                )
            } else {
                from_workbook(
                    Xlsx::new(Cursor::new(bytes)).map_err(|err| {
                        anyhow!("not a readable .xlsx workbook, though it is a zip archive ({err})")
                    })?,
                    wanted,
                )
            }
        }
        FileKind::SpreadsheetMl => super::spreadsheet_ml::read_sheet(&bytes, wanted),
        FileKind::Text => bail!("not a spreadsheet"),
    }
}

fn from_workbook<R: Reader<Cursor<Vec<u8>>>>(mut book: R, wanted: Option<&str>) -> Result<Sheet>
where
    R::Error: std::fmt::Display,
{
    let names = book.sheet_names();
    let name = pick_sheet(&names, wanted)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|err| anyhow!("cannot read sheet {name}: {err}"))?;
    let start = range.start().unwrap_or((0, 0));
    Ok(Sheet {
        name,
        start,
        rows: range.rows().map(<[Data]>::to_vec).collect(),
    })
}

/// The sheet `wanted`, else the first; a name not in the workbook is an error that lists
/// the sheets.
pub fn pick_sheet(names: &[String], wanted: Option<&str>) -> Result<String> {
    let listed = || {
        names
            .iter()
            .map(|name| crate::messages::show_value(name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("the workbook has no sheet")),
        Some(wanted) => names
            .iter()
            .find(|name| name.as_str() == wanted)
            .or_else(|| names.iter().find(|name| name.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                anyhow!(
                    "there is no sheet {} in it; its sheets: {}",
                    crate::messages::show_value(wanted),
                    listed()
                )
            }),
    }
}

/// The sheet as CSV text, one record per sheet row from row 1 (rows above the first used
/// one are blank lines, passed over as in any CSV), with where each row starts; numbers
/// written with `decimal`'s mark. Columns left of the first used one are left out, and
/// the place says where the CSV's first column stands in the sheet.
pub fn to_csv(sheet: &Sheet, decimal: Decimal) -> (Vec<u8>, SheetPlace) {
    let (first_row, first_column) = sheet.start;
    // A trailing column with no header and nothing in it is passed over, as spreadsheets
    // save a formatted but empty column.
    let width = sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .rposition(|cell| !is_blank(cell))
                .map_or(0, |last| last + 1)
        })
        .max()
        .unwrap_or(0);
    let mut csv = Vec::new();
    let mut row_lines = Vec::with_capacity(first_row as usize + sheet.rows.len());
    let mut line = 1;
    for _ in 0..first_row {
        row_lines.push(line);
        csv.push(b'\n');
        line += 1;
    }
    for row in &sheet.rows {
        row_lines.push(line);
        for (index, cell) in row.iter().take(width).enumerate() {
            if index > 0 {
                csv.push(b',');
            }
            let text = cell_text(cell, decimal);
            line += text.matches('\n').count() as u64;
            write_field(&mut csv, &text);
        }
        csv.push(b'\n');
        line += 1;
    }
    let place = SheetPlace {
        name: sheet.name.clone(),
        row_lines,
        first_column: first_column as usize,
    };
    (csv, place)
}

/// Whether a cell's text ([`cell_text`]) would be blank, without writing it: only an empty
/// cell or text of spaces is.
fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            text.trim().is_empty()
        }
        _ => false,
    }
}

fn write_field(csv: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        csv.push(b'"');
        csv.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        csv.push(b'"');
    } else {
        csv.extend_from_slice(text.as_bytes());
    }
}

/// A cell as the text a CSV log would hold: a date as `2026-09-01` (with its time of day,
/// if it has one, which a log reads for its date), a duration (`[h]:mm`) as its hours, a
/// number as written in full with `decimal`'s mark.
pub fn cell_text(cell: &Data, decimal: Decimal) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number, decimal),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::Error(error) => error.to_string(),
        Data::DateTimeIso(text) => text.clone(),
        Data::DurationIso(text) => iso_duration_hours(text)
            .map_or_else(|| text.clone(), |hours| number_text(hours, decimal)),
        Data::DateTime(at) if at.is_duration() => number_text(at.as_f64() * 24.0, decimal),
        Data::DateTime(at) => {
            let (year, month, day, hour, minute, second, _) = at.to_ymd_hms_milli();
            if at.as_f64() < 1.0 {
                // A time of day alone, such as 1:30 typed into a cell formatted as time.
                format!("{hour}:{minute:02}")
            } else if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
    }
}

/// A number cell written out in full, without the noise of binary fractions
/// (`18.000000000000004` is `18`) and with `decimal`'s mark.
pub fn number_text(number: f64, decimal: Decimal) -> String {
    if !number.is_finite() {
        return number.to_string();
    }
    let fixed = format!("{number:.9}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    let text = if trimmed == "-0" { "0" } else { trimmed };
    match decimal {
        Decimal::Point => text.to_string(),
        Decimal::Comma => text.replace('.', ","),
    }
}

/// The hours of an ISO 8601 duration as LibreOffice writes one: `PT01H30M00S`.
fn iso_duration_hours(text: &str) -> Option<f64> {
    let rest = text.strip_prefix("PT")?;
    let mut hours = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                hours += value
                    / match c {
                        'H' => 1.0,
                        'M' => 60.0,
                        _ => 3600.0,
                    };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_their_first_bytes() {
        assert_eq!(FileKind::of(b"PK\x03\x04rest"), FileKind::Zip);
        assert_eq!(FileKind::of(b"\xD0\xCF\x11\xE0\xA1\xB1"), FileKind::Ole);
        assert_eq!(
            FileKind::of(
                b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            ),
            FileKind::SpreadsheetMl
        );
        assert_eq!(
            FileKind::of(b"<?xml version=\"1.0\"?><html/>"),
            FileKind::Text
        );
        assert_eq!(FileKind::of(b"date,group\n"), FileKind::Text);
        assert_eq!(FileKind::of(b"PK"), FileKind::Text);
    }

    #[test]
    fn numbers_are_written_in_full_without_binary_noise() {
        assert_eq!(number_text(18.000000000000004, Decimal::Point), "18");
        assert_eq!(number_text(15.5, Decimal::Comma), "15,5");
        assert_eq!(number_text(0.1 + 0.2, Decimal::Point), "0.3");
        assert_eq!(number_text(-0.0, Decimal::Point), "0");
        assert_eq!(number_text(1.0 / 3.0, Decimal::Point), "0.333333333");
        assert_eq!(iso_duration_hours("PT01H30M00S"), Some(1.5));
        assert_eq!(iso_duration_hours("P1D"), None);
    }
}
