//! The activity log's contract, whatever file it comes from: its columns, a validated
//! row, the limits on what a row may hold, and the error that names where a problem is.
//! How each cell is read and what a bad one is told is `cells`.

mod cells;
pub mod format;

pub use cells::{DateCell, DateReading, date_separator};
pub use cells::{
    parse_count, parse_covers, parse_group, parse_hours, parse_hours_as, parse_hours_in,
    parse_money, parse_money_in, parse_money_named, parse_source,
};

use crate::currency::Reading;
use crate::figures::Figures;
use chrono::NaiveDate;
use std::fmt;

/// A column the activity log may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Date,
    Group,
    Meetings,
    Hours,
    Cost,
    Leads,
    Deals,
    Revenue,
    ReferralsGiven,
    OtherValue,
    Note,
    /// How many months the row's money covers, from the row's own month: a year's dues
    /// paid at once is spread over the year.
    Covers,
    /// Where an imported row came from: a stable id that makes an import repeatable.
    Source,
}

/// The columns of a log kept by hand, in the order `init` and `log` write a new one: all
/// but `covers`, which `log --covers` adds to a log that lacks it, and `source`, which only
/// `import` fills (and adds to a log that lacks it).
pub const HAND_COLUMNS: [Column; 11] = [
    Column::Date,
    Column::Group,
    Column::Meetings,
    Column::Hours,
    Column::Cost,
    Column::Leads,
    Column::Deals,
    Column::Revenue,
    Column::ReferralsGiven,
    Column::OtherValue,
    Column::Note,
];

/// Every column a log may have: those kept by hand, then `covers`, then `source`.
pub const COLUMNS: [Column; 13] = {
    let mut all = [Column::Source; 13];
    let mut index = 0;
    while index < HAND_COLUMNS.len() {
        all[index] = HAND_COLUMNS[index];
        index += 1;
    }
    all[HAND_COLUMNS.len()] = Column::Covers;
    all
};

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

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Group => "group",
            Column::Meetings => "meetings",
            Column::Hours => "hours",
            Column::Cost => "cost",
            Column::Leads => "leads",
            Column::Deals => "deals",
            Column::Revenue => "revenue",
            Column::ReferralsGiven => "referrals_given",
            Column::OtherValue => "other_value",
            Column::Note => "note",
            Column::Covers => "covers",
            Column::Source => "source",
        }
    }

    pub fn from_header(name: &str) -> Option<Column> {
        COLUMNS.into_iter().find(|column| column.name() == name)
    }
}

/// One validated row of the log.
#[derive(Clone, Debug, Default)]
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
    /// Which cell the reader saw the group in, when it keeps that cell (see [`SeenGroup`]).
    pub seen_group: Option<SeenGroup>,
    /// The currency of each money cell that names one not simply the log's own.
    pub currencies: RowCurrencies,
}

/// What each money cell of a row is in (see [`Reading`]): almost always the log's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCurrencies {
    pub cost: Reading,
    pub revenue: Reading,
    pub other_value: Reading,
}

impl RowCurrencies {
    /// Whether any money cell is in another currency, to be converted.
    #[inline(always)]
    pub fn converts(&self) -> bool {
        let converted = |reading: Reading| matches!(reading, Reading::Converted(_));
        converted(self.cost) || converted(self.revenue) || converted(self.other_value)
    }

    /// Whether every money cell is in the log's own currency, or names `settled`, the one
    /// the log's cells settled on.
    #[inline(always)]
    pub fn within(&self, settled: Option<Reading>) -> bool {
        let own = |reading: Reading| reading == Reading::Own || Some(reading) == settled;
        own(self.cost) && own(self.revenue) && own(self.other_value)
    }

    /// Each money cell's reading, with the cell's column.
    pub fn each(&self) -> [(Column, Reading); 3] {
        [
            (Column::Cost, self.cost),
            (Column::Revenue, self.revenue),
            (Column::OtherValue, self.other_value),
        ]
    }
}

/// Rows are equal when what they say is; where a reader saw their group is left out.
impl PartialEq for ActivityRow {
    fn eq(&self, other: &ActivityRow) -> bool {
        self.date == other.date
            && self.group == other.group
            && self.figures == other.figures
            && self.covers == other.covers
            && self.source == other.source
            && self.currencies == other.currencies
    }
}

/// A group cell that a reader keeps, as written: the reader, and the cell's place among
/// those it keeps. The same cell always reads as the same name, so a ledger fed by that
/// reader can remember where the cell's rows go instead of looking the name up per row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeenGroup {
    pub reader: u64,
    pub cell: u32,
}

/// A problem in an activity log, located as precisely as the problem allows.
#[derive(Debug)]
pub struct LogError {
    pub source: String,
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
                self.source,
                crate::messages::show_value(sheet),
                self.detail
            ),
            (Some(sheet), None) => write!(
                f,
                "{}, sheet {}: {}",
                self.source,
                crate::messages::show_value(sheet),
                self.detail
            ),
            (None, Some(line)) => write!(f, "{}:{}: {}", self.source, line, self.detail),
            (None, None) => write!(f, "{}: {}", self.source, self.detail),
        }
    }
}

impl std::error::Error for LogError {}

impl LogError {
    /// Reading the input failed: at its start, or part way through.
    pub fn unreadable(source: &str, err: &std::io::Error) -> LogError {
        LogError {
            source: source.to_string(),
            sheet: None,
            line: None,
            detail: format!("cannot read the file: {err}"),
        }
    }
}
