//! A sheet of cells, whichever workbook it came from: its bounds, counted as its cells are
//! read, the sheet picked by name, and its rows written out as CSV for the log's reader.

use super::csv_log::SheetPlace;
use crate::activity::format::Decimal;
use anyhow::{Result, anyhow, bail};
use calamine::Data;

// What a sheet may expand to, whatever the file's size: a zip-based workbook of a few KiB
// can name a cell at XFD1048576 or hold millions of rows. Each bound is counted as the
// cells are read, and passing it is an error at the cell that did.

/// The most cells a sheet may span, from A1 to its last used row and column, as its CSV
/// text holds them: a log of 180,000 rows of 11 columns, a PALMS report of a whole region
/// many times over.
#[cfg(not(fuzzing))]
pub const MAX_SHEET_CELLS: usize = 2_000_000;
/// The most text a sheet's cells may hold together.
#[cfg(not(fuzzing))]
pub const MAX_SHEET_TEXT_BYTES: usize = 64 << 20;
// Small enough for a fuzzer's inputs to reach.
#[cfg(fuzzing)]
pub const MAX_SHEET_CELLS: usize = 10_000;
#[cfg(fuzzing)]
pub const MAX_SHEET_TEXT_BYTES: usize = 64 << 10;
/// Excel's grid ends at XFD1048576; a cell placed past it is no cell of a sheet.
const LAST_ROW: u32 = 1_048_575;
const LAST_COLUMN: u32 = 16_383;

/// One sheet of a workbook: its name and its cells, the first at `start` (row, column,
/// from 0).
pub struct Sheet {
    pub name: String,
    pub start: (u32, u32),
    pub rows: Vec<Vec<Data>>,
}

/// A sheet's cells as they are read, in any order, within [`MAX_SHEET_CELLS`] and
/// [`MAX_SHEET_TEXT_BYTES`]; passing a bound is an error at the cell that did.
pub struct Grid {
    name: String,
    /// Each row from column A to its last cell.
    rows: Vec<Vec<Data>>,
    /// How many columns the widest row has.
    width: usize,
    text: usize,
}

impl Grid {
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            rows: Vec::new(),
            width: 0,
            text: 0,
        }
    }

    /// Puts `value` at `row` and `column` (from 0). An empty cell, which spreadsheets
    /// keep for its format alone, takes no room.
    pub fn put(&mut self, row: u32, column: u32, value: Data) -> Result<()> {
        let place = || {
            format!(
                "sheet {}, cell {}{}",
                crate::messages::show_value(&self.name),
                super::csv_log::header::column_label(column as usize, Some(0)),
                u64::from(row) + 1
            )
        };
        if row > LAST_ROW || column > LAST_COLUMN {
            bail!(
                "{}: a cell past XFD1048576, where every sheet ends",
                place()
            );
        }
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        self.text += match &value {
            Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.len(),
            _ => 0,
        };
        if self.text > MAX_SHEET_TEXT_BYTES {
            bail!(
                "{}: the sheet's cells hold more than {} MiB of text, the most netaudit reads \
                 of a sheet; save it as CSV, which is read in any size",
                place(),
                MAX_SHEET_TEXT_BYTES >> 20
            );
        }
        let (row, column) = (row as usize, column as usize);
        let height = self.rows.len().max(row + 1);
        let width = self.width.max(column + 1);
        if height.saturating_mul(width) > MAX_SHEET_CELLS {
            bail!(
                "{}: the sheet would span {height} rows by {width} columns, more than the \
                 {MAX_SHEET_CELLS} cells netaudit reads of a sheet; save it as CSV, which is \
                 read in any size",
                place()
            );
        }
        self.rows.resize_with(height, Vec::new);
        self.width = width;
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Data::Empty);
        }
        cells[column] = value;
        Ok(())
    }

    /// The sheet, starting at its first used row and column, as calamine's ranges do.
    pub fn into_sheet(mut self) -> Sheet {
        let first_row = self.rows.iter().position(|cells| !cells.is_empty());
        let first_row = first_row.unwrap_or(self.rows.len());
        let first_column = (self.rows.iter())
            .filter_map(|cells| cells.iter().position(|cell| !matches!(cell, Data::Empty)))
            .min()
            .unwrap_or(0);
        self.rows.drain(..first_row);
        for cells in &mut self.rows {
            cells.drain(..first_column.min(cells.len()));
        }
        Sheet {
            name: self.name,
            start: (first_row as u32, first_column as u32),
            rows: self.rows,
        }
    }
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
        // A row ends at its last cell; the CSV's rows all have the sheet's width.
        for index in 0..width {
            if index > 0 {
                csv.push(b',');
            }
            let Some(cell) = row.get(index) else {
                continue;
            };
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
