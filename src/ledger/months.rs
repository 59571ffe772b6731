//! Values by month, for the ledger's per-group totals, which are looked up for every row.
//!
//! A group's rows cover a run of months with few gaps, so they are held in a flat array
//! indexed by month: a row's month is one subtraction away, where a B-tree took a search
//! that stalled on every row. A map whose months lie far apart (a log with a stray date a
//! century off) would make that array huge, so past a few empty slots for each month held
//! the map turns into a B-tree, whose memory follows the months held.

use crate::period::Month;
use std::collections::BTreeMap;
use std::collections::btree_map;

/// The empty slots a flat map may hold for each month it holds, and besides them.
const EMPTY_PER_MONTH: usize = 3;
const EMPTY_BESIDES: usize = 48;

/// Values by month, each month held or not.
#[derive(Clone, Debug)]
pub(super) struct Months<T> {
    layout: Layout<T>,
}

#[derive(Clone, Debug)]
enum Layout<T> {
    /// The months from `first` on, one slot each, the slot of a month not held at its
    /// default; `is_held` says which are held, and `held` how many. A slot is no `Option`,
    /// whose tag would add a word to each of a few hundred groups' hundred-odd months.
    Flat {
        first: Month,
        slots: Vec<T>,
        is_held: Vec<bool>,
        held: usize,
    },
    Sparse(BTreeMap<Month, T>),
}

impl<T> Default for Months<T> {
    fn default() -> Months<T> {
        Months {
            layout: Layout::Flat {
                // Any month: the first entry sets it.
                first: Month::of(chrono::NaiveDate::default()),
                slots: Vec::new(),
                is_held: Vec::new(),
                held: 0,
            },
        }
    }
}

impl<T: Default> Months<T> {
    /// The value of `month`, made the default when the month is not held yet. Inlined,
    /// for it runs for every row, and most rows fall within the slots.
    #[inline]
    pub(super) fn entry(&mut self, month: Month) -> &mut T {
        let has_place = match &self.layout {
            Layout::Flat { first, slots, .. } => {
                usize::try_from(month.months_since(*first)).is_ok_and(|at| at < slots.len())
            }
            Layout::Sparse(_) => true,
        };
        if !has_place {
            self.make_place(month);
        }
        match &mut self.layout {
            Layout::Flat {
                first,
                slots,
                is_held,
                held,
            } => {
                let at = usize::try_from(month.months_since(*first)).unwrap_or(usize::MAX);
                if !is_held[at] {
                    is_held[at] = true;
                    *held += 1;
                }
                &mut slots[at]
            }
            Layout::Sparse(map) => map.entry(month).or_default(),
        }
    }

    /// Gives `month` a place: a slot of a flat map, the first one of an empty map, or the
    /// map made sparse when the slots would hold too many empty. Every row of a log in
    /// order but a group's first finds its place already.
    #[inline(never)]
    fn make_place(&mut self, month: Month) {
        if let Layout::Flat {
            first,
            slots,
            is_held,
            ..
        } = &mut self.layout
            && slots.is_empty()
        {
            *first = month;
            slots.push(T::default());
            is_held.push(false);
        } else if !self.make_room(month) {
            self.make_sparse();
        }
    }

    /// Widens a flat map's slots to take `month`, unless that would leave too many empty:
    /// `false` then. Earlier months are added half the slots' number at a time, so that a
    /// log read backwards moves each slot a few times, not once per month.
    fn make_room(&mut self, month: Month) -> bool {
        let Layout::Flat {
            first,
            slots,
            is_held,
            held,
        } = &mut self.layout
        else {
            return true;
        };
        let last = first.plus(slots.len() as i64 - 1);
        let limit = ((*held + 1) * (EMPTY_PER_MONTH + 1) + EMPTY_BESIDES) as i64;
        let (new_first, new_last) = if month < *first {
            // The headroom never makes the slots more than the limit.
            let headroom = first.plus(-((slots.len() / 2) as i64));
            (headroom.max(last.plus(1 - limit)).min(month), last)
        } else {
            (*first, month)
        };
        if new_last.months_since(new_first) + 1 > limit {
            return false;
        }
        let before = usize::try_from(first.months_since(new_first)).unwrap_or(0);
        let after = usize::try_from(new_last.months_since(last)).unwrap_or(0);
        if before > 0 {
            slots.splice(0..0, std::iter::repeat_with(T::default).take(before));
            is_held.splice(0..0, std::iter::repeat_n(false, before));
            *first = new_first;
        }
        slots.resize_with(slots.len() + after, T::default);
        is_held.resize(is_held.len() + after, false);
        true
    }

    fn make_sparse(&mut self) {
        let Layout::Flat {
            first,
            slots,
            is_held,
            ..
        } = &mut self.layout
        else {
            return;
        };
        let first = *first;
        let map = std::mem::take(slots)
            .into_iter()
            .zip(std::mem::take(is_held))
            .enumerate()
            .filter_map(|(at, (value, held))| held.then(|| (first.plus(at as i64), value)))
            .collect();
        self.layout = Layout::Sparse(map);
    }
}

impl<T> Months<T> {
    pub(super) fn is_empty(&self) -> bool {
        match &self.layout {
            Layout::Flat { held, .. } => *held == 0,
            Layout::Sparse(map) => map.is_empty(),
        }
    }

    /// The value of `month`, if it is held.
    pub(super) fn get(&self, month: Month) -> Option<&T> {
        match &self.layout {
            Layout::Flat {
                first,
                slots,
                is_held,
                ..
            } => usize::try_from(month.months_since(*first))
                .ok()
                .filter(|&at| is_held.get(at) == Some(&true))
                .and_then(|at| slots.get(at)),
            Layout::Sparse(map) => map.get(&month),
        }
    }

    /// The earliest month held.
    pub(super) fn first(&self) -> Option<Month> {
        self.iter().next().map(|(month, _)| month)
    }

    /// Every month held, in order.
    pub(super) fn iter(&self) -> Stored<'_, T> {
        self.range(None, None)
    }

    /// The months held from `from` through `through` (each bound left open by `None`), in
    /// order.
    pub(super) fn range(&self, from: Option<Month>, through: Option<Month>) -> Stored<'_, T> {
        match &self.layout {
            Layout::Flat {
                first,
                slots,
                is_held,
                ..
            } => {
                let index = |month: Month| month.months_since(*first).clamp(0, slots.len() as i64);
                let start = from.map_or(0, index) as usize;
                let end = through.map_or(slots.len() as i64, |m| index(m.plus(1))) as usize;
                Stored::Flat {
                    first: first.plus(start as i64),
                    slots: slots.get(start..end.max(start)).unwrap_or_default(),
                    is_held: is_held.get(start..end.max(start)).unwrap_or_default(),
                }
            }
            Layout::Sparse(map) => Stored::Sparse(match (from, through) {
                (Some(from), Some(through)) if from > through => map.range(from..from),
                (Some(from), Some(through)) => map.range(from..=through),
                (Some(from), None) => map.range(from..),
                (None, Some(through)) => map.range(..=through),
                (None, None) => map.range(..),
            }),
        }
    }
}

/// Two maps are equal when they hold the same months with the same values, however laid out.
impl<T: PartialEq> PartialEq for Months<T> {
    fn eq(&self, other: &Months<T>) -> bool {
        self.iter().eq(other.iter())
    }
}

/// The months a map holds, in order, with their values.
pub(super) enum Stored<'a, T> {
    /// `slots` from the month `first` on, those not `is_held` empty.
    Flat {
        first: Month,
        slots: &'a [T],
        is_held: &'a [bool],
    },
    Sparse(btree_map::Range<'a, Month, T>),
}

impl<'a, T> Iterator for Stored<'a, T> {
    type Item = (Month, &'a T);

    fn next(&mut self) -> Option<(Month, &'a T)> {
        match self {
            Stored::Flat {
                first,
                slots,
                is_held,
            } => loop {
                let (slot, rest) = slots.split_first()?;
                let (held, held_rest) = is_held.split_first()?;
                let month = *first;
                (*slots, *is_held) = (rest, held_rest);
                *first = first.plus(1);
                if *held {
                    return Some((month, slot));
                }
            },
            Stored::Sparse(range) => range.next().map(|(month, value)| (*month, value)),
        }
    }
}

impl<T> DoubleEndedIterator for Stored<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Stored::Flat {
                first,
                slots,
                is_held,
            } => loop {
                let (slot, rest) = slots.split_last()?;
                let (held, held_rest) = is_held.split_last()?;
                (*slots, *is_held) = (rest, held_rest);
                if *held {
                    return Some((first.plus(rest.len() as i64), slot));
                }
            },
            Stored::Sparse(range) => range.next_back().map(|(month, value)| (*month, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn month(index: i64) -> Month {
        Month::new(2000, 1).unwrap().plus(index)
    }

    fn is_flat<T>(months: &Months<T>) -> bool {
        matches!(months.layout, Layout::Flat { .. })
    }

    #[test]
    fn a_run_of_months_is_flat_and_a_stray_month_far_off_makes_it_sparse() {
        let mut months = Months::<u64>::default();
        for index in (0..120).rev() {
            *months.entry(month(index)) += 1;
        }
        assert!(is_flat(&months), "a run read backwards stays flat");
        let mut few = Months::<u64>::default();
        for index in [0, 50, -5] {
            *few.entry(month(index)) += 1;
        }
        assert!(
            is_flat(&few),
            "room made before the first, within the slots allowed"
        );
        *months.entry(month(120 + 4 * 121 + 48)) += 1;
        assert!(!is_flat(&months), "a month past the empty slots allowed");
        assert_eq!(months.iter().count(), 121);
        assert_eq!(months.first(), Some(month(0)));
    }

    proptest! {
        /// Whatever months are added, in whatever order, the map reads as a B-tree of them.
        #[test]
        fn reads_as_a_btree(adds in prop::collection::vec((-300i64..300, 1u64..5), 0..200),
                            from in prop::option::of(-320i64..320),
                            through in prop::option::of(-320i64..320)) {
            let mut months = Months::<u64>::default();
            let mut tree = BTreeMap::new();
            for &(index, value) in &adds {
                *months.entry(month(index)) += value;
                *tree.entry(month(index)).or_insert(0) += value;
            }
            let (from, through) = (from.map(month), through.map(month));
            let expected: Vec<_> = tree
                .iter()
                .filter(|(m, _)| from.is_none_or(|f| **m >= f) && through.is_none_or(|t| **m <= t))
                .map(|(m, v)| (*m, v))
                .collect();
            prop_assert_eq!(months.range(from, through).collect::<Vec<_>>(), expected.clone());
            let mut backwards: Vec<_> = months.range(from, through).rev().collect();
            backwards.reverse();
            prop_assert_eq!(backwards, expected);
            prop_assert_eq!(months.is_empty(), tree.is_empty());
            prop_assert_eq!(months.first(), tree.keys().next().copied());
            let sparse = Months { layout: Layout::Sparse(tree) };
            prop_assert!(months == sparse);
        }
    }
}
