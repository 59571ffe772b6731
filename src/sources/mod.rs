//! Where activity rows come from: one module per kind of input, each a [`Source`] that
//! yields rows held to the log's contract ([`crate::activity`]), so that validation,
//! limits and the wording of errors are shared. A new kind of input is one more module
//! here, and one line where the command that reads it picks it.

pub mod calendar;
pub mod chapter_summary;
pub mod csv_log;
pub mod imported;
pub mod input;
pub mod palms;
mod sheet;
pub mod slips;
pub mod spreadsheet;
mod spreadsheet_ml;
pub mod table_file;
pub mod trackers;

use crate::activity::{ActivityRow, LogError};
use crate::ledger::Ledger;

/// One row as a source yields it.
#[derive(Debug)]
pub struct SourceRow<'a> {
    /// The date, the group and the figures, valid by the log's contract.
    pub row: &'a ActivityRow,
    /// Where the row stands in its input, for messages.
    pub origin: Origin,
    /// A stable id for an input whose items have one; the CSV log's rows have none.
    pub id: Option<&'a str>,
}

/// Where a row stands in its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A line of a text file, counted from 1.
    Line(u64),
}

/// An input of activity rows.
pub trait Source {
    /// Passes each row to `each`, in the input's order, and stops at the first problem;
    /// an error from `each` is reported at the row's origin. Returns the number of rows.
    fn each_row(
        &mut self,
        each: &mut dyn FnMut(&SourceRow<'_>) -> Result<(), String>,
    ) -> Result<u64, LogError>;

    /// Totals every row into `ledger`, in the input's order. A source that can do better
    /// than one row at a time (the CSV log, on several threads) does.
    fn add_to(&mut self, ledger: &mut Ledger) -> Result<(), LogError> {
        add_each_row(self, ledger)
    }

    /// What reading found that the user should know but is no problem (the order dates
    /// were read in), each once.
    fn take_notes(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// Totals the rows of `source` into `ledger` one at a time: [`Source::add_to`] for a
/// source that has no faster way, or no faster way for this input.
pub fn add_each_row<S: Source + ?Sized>(
    source: &mut S,
    ledger: &mut Ledger,
) -> Result<(), LogError> {
    let mut tally = ledger.tally();
    source.each_row(&mut |row| tally.add(row.row)).map(drop)
}

/// What brought a log row in, as its `source` id tells: the user's own hand (no id), or an
/// import, whose ids each begin their own way (a calendar's with the event's UID).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Hand,
    Calendar,
    Tracker(trackers::Tracker),
    Palms,
}

impl SourceKind {
    pub fn of(id: &str) -> SourceKind {
        if id.is_empty() {
            return SourceKind::Hand;
        }
        if palms::period_of_id(id).is_some() {
            return SourceKind::Palms;
        }
        let trackers = [
            trackers::Tracker::Toggl,
            trackers::Tracker::Clockify,
            trackers::Tracker::Harvest,
        ];
        (trackers.into_iter())
            .find(|tracker| {
                (id.strip_prefix(tracker.prefix())).is_some_and(|rest| rest.starts_with(':'))
            })
            .map_or(SourceKind::Calendar, SourceKind::Tracker)
    }
}
