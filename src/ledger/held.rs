//! The fast path for a reader that keeps its group cells, as the CSV log's does: where
//! each cell's rows go, remembered by the cell's place, so that most rows are counted
//! without hashing a name; and a month of a cell's rows held back and added to its group
//! together. The tests in `ledger` hold a tally to adding each row.

use super::history::{GroupHistory, widened};
use super::{Ledger, check_left};
use crate::activity::ActivityRow;
use crate::figures::Figures;
use crate::period::Month;
use chrono::NaiveDate;

/// A group cell that a reader keeps, as written: the reader, and the cell's place among
/// those it keeps. The same cell always reads as the same name, so a ledger fed by that
/// reader can remember where the cell's rows go instead of looking the name up per row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeenGroup {
    pub reader: u64,
    pub cell: u32,
}

/// Where the rows of each group cell of one reader go, by the cell's place.
#[derive(Debug, Default)]
pub(super) struct SeenCellPlaces {
    reader: Option<u64>,
    places: Vec<Option<CellPlace>>,
}

/// Where the rows of one group cell go: its group's index, the spelling's place among the
/// group's spellings, and when the group was left. With them, the rows of one month that a
/// [`Tally`] holds for the cell, not yet added to its group.
///
/// All that a row of a known cell reads and writes is here, in 112 bytes, where its group's
/// history, spellings and month slots lie apart from each other: with hundreds of groups
/// they no longer fit in the first-level cache, and a row waited on each in turn.
#[derive(Debug)]
struct CellPlace {
    index: usize,
    spelling: usize,
    left: Option<Month>,
    held: HeldRows,
}

/// Rows of one month held back from their group; `rows` is 0 when none are.
#[derive(Debug)]
pub(super) struct HeldRows {
    pub(super) month: Month,
    pub(super) rows: u64,
    /// The earliest and latest date of the rows held.
    pub(super) dates: (NaiveDate, NaiveDate),
    pub(super) figures: Figures,
}

impl SeenCellPlaces {
    /// How many cells' places are remembered, for the tests.
    #[cfg(test)]
    pub(super) fn remembered(&self) -> usize {
        self.places.len()
    }

    /// Where the rows of a cell go, when the cell is this reader's and remembered.
    fn place(&mut self, seen: SeenGroup) -> Option<&mut CellPlace> {
        if self.of_another_reader(seen) {
            return None;
        }
        self.places
            .get_mut(usize::try_from(seen.cell).ok()?)?
            .as_mut()
    }

    /// Whether the cells remembered are another reader's than `seen`'s.
    pub(super) fn of_another_reader(&self, seen: SeenGroup) -> bool {
        self.reader != Some(seen.reader)
    }

    /// Remembers where a cell's rows go; a cell of another reader forgets the last
    /// reader's, whose places mean nothing for this one, and which must hold no rows.
    pub(super) fn remember(
        &mut self,
        seen: SeenGroup,
        index: usize,
        spelling: usize,
        left: Option<Month>,
    ) {
        if self.of_another_reader(seen) {
            self.reader = Some(seen.reader);
            self.places.clear();
        }
        let Ok(cell) = usize::try_from(seen.cell) else {
            return;
        };
        if self.places.len() <= cell {
            self.places.resize_with(cell + 1, || None);
        }
        self.places[cell] = Some(CellPlace {
            index,
            spelling,
            left,
            held: HeldRows {
                // Any month and dates: the first row held sets them.
                month: Month::of(NaiveDate::default()),
                rows: 0,
                dates: (NaiveDate::default(), NaiveDate::default()),
                figures: Figures::default(),
            },
        });
    }
}

impl CellPlace {
    /// Adds the rows this cell holds to its group, and holds none.
    #[inline(never)]
    fn add_held_to(&mut self, groups: &mut [GroupHistory]) {
        groups[self.index].add_held(self.spelling, &self.held);
        self.held.rows = 0;
        self.held.figures = Figures::default();
    }
}

impl HeldRows {
    /// Holds a row dated in `month`, the month of the rows held if any are.
    #[inline(always)]
    fn hold(&mut self, row: &ActivityRow, month: Month) {
        if self.rows == 0 {
            self.month = month;
            self.dates = (row.date, row.date);
        } else {
            self.dates = widened(Some(self.dates), (row.date, row.date));
        }
        self.rows += 1;
        self.figures += &row.figures;
    }
}

/// Adds rows to a ledger as [`Ledger::add`] does, holding back the rows of each known group
/// cell, a month at a time, from the group's history, and adding them to it together when
/// the cell's rows move to another month, and when the tally ends. Sums do not depend on
/// the order of what they add, so the ledger ends as `add` would leave it; it can be read
/// only once the tally has ended.
pub struct Tally<'a> {
    ledger: &'a mut Ledger,
}

impl Tally<'_> {
    /// Adds one row, or fails as [`Ledger::add`] does.
    #[inline]
    pub fn add(&mut self, row: &ActivityRow) -> Result<(), String> {
        self.ledger.add_held(row, None, || &row.group)
    }

    /// [`Tally::add`] for a row read from the group cell `seen`, a cell its reader keeps,
    /// whose group `group` gives, when it is needed: such a reader may leave a known cell's
    /// name out of the row, as the ledger needs it only for a cell it does not know and
    /// for messages.
    #[inline]
    pub fn add_seen<'a>(
        &mut self,
        row: &ActivityRow,
        seen: Option<SeenGroup>,
        group: impl FnOnce() -> &'a str,
    ) -> Result<(), String> {
        self.ledger.add_held(row, seen, group)
    }
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        self.ledger.add_all_held();
    }
}

impl GroupHistory {
    /// Adds the rows a cell held, written in the spelling at `spelling`.
    pub(super) fn add_held(&mut self, spelling: usize, held: &HeldRows) {
        self.spellings[spelling].1 += held.rows;
        self.rows += held.rows;
        self.dates = Some(widened(self.dates, held.dates));
        self.add_lost(held.month, held.figures.lost);
        self.months.entry(held.month).add(&held.figures);
    }
}

impl Ledger {
    /// Adds rows through a [`Tally`], which is faster for many rows of a reader that keeps
    /// its group cells (see [`SeenGroup`]).
    pub fn tally(&mut self) -> Tally<'_> {
        Tally { ledger: self }
    }

    /// [`Tally::add_seen`]: [`Ledger::add`], but a row of a known cell whose money covers
    /// its own month only is held with the cell's rows of its month.
    #[inline(always)]
    fn add_held<'a>(
        &mut self,
        row: &ActivityRow,
        seen: Option<SeenGroup>,
        group: impl FnOnce() -> &'a str,
    ) -> Result<(), String> {
        if self.is_after(row) {
            return Ok(());
        }
        let month = self.month_of(row.date);
        let Some(place) = seen.and_then(|seen| self.by_seen_cell.place(seen)) else {
            return self.add_by_name(row, group(), month, seen);
        };
        if row.covers > 1 || row.currencies.converts() || super::people::names_anyone(row) {
            let (index, spelling, left) = (place.index, place.spelling, place.left);
            return self.add_to_group(row, group, month, index, spelling, left);
        }
        check_left(row, group, place.left, month)?;
        self.counts.count(row, month, &self.membership.currencies)?;
        if place.held.rows > 0 && place.held.month != month {
            place.add_held_to(&mut self.groups);
        }
        place.held.hold(row, month);
        Ok(())
    }

    /// Adds every cell's held rows to their groups.
    pub(super) fn add_all_held(&mut self) {
        for place in self.by_seen_cell.places.iter_mut().flatten() {
            if place.held.rows > 0 {
                place.add_held_to(&mut self.groups);
            }
        }
    }
}
