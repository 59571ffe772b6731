//! The activity log's contract, whatever file it comes from: its columns, a validated
//! row, the limits on what a row may hold, and the error that names where a problem is.
//! How each cell is read and what a bad one is told is `cells`.

mod cells;
mod columns;
pub mod format;

pub use cells::{DateCell, DateReading, date_separator};
pub use cells::{
    parse_count, parse_covers, parse_group, parse_hours, parse_hours_as, parse_hours_in,
    parse_money, parse_money_in, parse_money_named, parse_name, parse_source,
};
pub use columns::{
    COLUMNS, Column, FIGURE_COLUMNS, FIGURES_IN_BLOCK, Field, HAND_COLUMNS, Kind, MONEY_COLUMNS,
    MONEY_FIELDS, NameField, Spec, figure_value, money_place,
};

use crate::currency::Reading;
use crate::figures::Figures;
use chrono::NaiveDate;
use std::fmt;

/// The largest value one cell may hold. Far above any real row, and low enough
/// that no sum over a log can approach the limits of the integers that hold it.
pub const MAX_AMOUNT: u64 = 1_000_000_000;
pub const MAX_COUNT: u64 = 1_000_000;

/// The most distinct groups one run may hold; a log that names more is refused.
#[cfg(not(fuzzing))]
pub const MAX_GROUPS: usize = 10_000;
/// Small enough for a fuzzer's inputs to pass.
#[cfg(fuzzing)]
pub const MAX_GROUPS: usize = 8;
/// The longest group name, in characters.
pub const MAX_GROUP_NAME_CHARS: usize = 100;
/// The most months one row's money may cover: ten years.
pub const MAX_COVERS: u32 = 120;
/// The longest source id, in characters: an import's ids are far shorter.
pub const MAX_SOURCE_CHARS: usize = 300;

/// One validated row of the log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityRow {
    pub date: NaiveDate,
    /// The group name as written, with spacing normalised (see [`crate::names::normalize_group`]).
    pub group: String,
    pub figures: Figures,
    /// The months the row's money covers, from its own month (see [`Column::Covers`]); 0
    /// is read as 1, the row's month alone.
    pub covers: u32,
    /// The imported row's id (see [`Column::Source`]); empty for a row kept by hand.
    pub source: String,
    /// The currency of each money cell that names one not simply the log's own.
    pub currencies: RowCurrencies,
    /// The person the row is about, spacing normalised as a group's; empty for none.
    pub contact: String,
    /// The client the row is about, likewise; empty for none.
    pub client: String,
}

/// What each money cell of a row is in (see [`Reading`]), by its place among
/// [`MONEY_COLUMNS`]: almost always the log's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCurrencies([Reading; MONEY_COLUMNS.len()]);

impl RowCurrencies {
    /// Sets what the money cell of `column` is in; a column that holds no money has none.
    #[inline(always)]
    pub fn set(&mut self, column: Column, reading: Reading) {
        if let Some(place) = money_place(column) {
            self.0[place] = reading;
        }
    }

    /// Whether any money cell is in another currency, to be converted.
    #[inline(always)]
    pub fn converts(&self) -> bool {
        self.0
            .iter()
            .any(|reading| matches!(reading, Reading::Converted(_)))
    }

    /// Whether every money cell is in the log's own currency, or names `settled`, the one
    /// the log's cells settled on.
    #[inline(always)]
    pub fn within(&self, settled: Option<Reading>) -> bool {
        // A loop, not `Iterator::all`, which the compiler stopped inlining here: it runs
        // for every row.
        for &reading in &self.0 {
            if reading != Reading::Own && Some(reading) != settled {
                return false;
            }
        }
        true
    }

    /// Each money cell's reading, with the cell's column.
    pub fn each(&self) -> impl Iterator<Item = (Column, Reading)> {
        MONEY_COLUMNS.into_iter().zip(self.0)
    }
}

/// A problem in an activity log, located as precisely as the problem allows.
#[derive(Debug)]
pub struct LogError {
    pub file: String,
    /// The sheet of a spreadsheet file; `line` is then the sheet's row.
    pub sheet: Option<String>,
    pub line: Option<u64>,
    pub detail: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, self.line) {
            (Some(sheet), Some(row)) => write!(
                f,
                "{}, sheet {}, row {row}: {}",
                self.file,
                crate::messages::show_value(sheet),
                self.detail
            ),
            (Some(sheet), None) => write!(
                f,
                "{}, sheet {}: {}",
                self.file,
                crate::messages::show_value(sheet),
                self.detail
            ),
            (None, Some(line)) => write!(f, "{}:{}: {}", self.file, line, self.detail),
            (None, None) => write!(f, "{}: {}", self.file, self.detail),
        }
    }
}

impl std::error::Error for LogError {}

impl LogError {
    /// Reading the input failed: at its start, or part way through.
    pub fn unreadable(file: &str, err: &std::io::Error) -> LogError {
        LogError {
            file: file.to_string(),
            sheet: None,
            line: None,
            detail: format!("cannot read the file: {err}"),
        }
    }
}
