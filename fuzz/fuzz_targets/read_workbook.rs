//! Any bytes as a workbook (xlsx, ods, xls, SpreadsheetML): it is read within its bounds or
//! refused with why, and a sheet read is a log's CSV text and a PALMS report's member
//! lines, or says why not; never a panic, a hang or memory without bound.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netaudit::activity::format::Decimal;
use netaudit::sources::palms::{self, Period};
use netaudit::sources::spreadsheet::{self, FileKind, MAX_SHEET_CELLS};

fuzz_target!(|data: &[u8]| {
    let kind = FileKind::of(data);
    if !kind.is_spreadsheet() {
        return;
    }
    let Ok(sheet) = spreadsheet::read_sheet(data.to_vec(), kind, None) else {
        return;
    };
    // What a sheet spans is bounded before it is held.
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    assert!(sheet.rows.len().saturating_mul(width) <= MAX_SHEET_CELLS);
    let (csv, _) = spreadsheet::to_csv(&sheet, Decimal::Point);
    assert!(csv.iter().filter(|&&byte| byte == b'\n').count() >= sheet.rows.len());
    let _ = palms::read(&sheet, "fuzz.xls", "Dana Reyes", Period::default());
});
