//! One group's history: its spellings, its months' figures (money spread over the months
//! it covers), its money in other currencies kept apart, and its rows' dates.

use super::GroupNames;
use super::months::Months;
use crate::activity::{ActivityRow, MONEY_FIELDS};
use crate::currency::{Code, LogCurrencies, Reading};
use crate::figures::{Amount, Figures};
use crate::period::Month;
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Debug, PartialEq)]
pub(super) struct GroupHistory {
    pub(super) key: String,
    /// Each spelling seen, in first-seen order, with how often it was used.
    pub(super) spellings: Vec<(String, u64)>,
    /// Each month's share of the rows: a row's own month, and the months its money covers.
    /// A share only ever falls after its row's month, so the first month is the first row's.
    pub(super) months: Months<MonthSums>,
    /// The leads lost in each month that had any (see [`MonthSums`]).
    pub(super) lost: BTreeMap<Month, u64>,
    /// The money of each month in each other currency, converted only when read, a month's
    /// sum at a time, so that the order of rows never matters (see [`Rate::convert`]).
    pub(super) converted: BTreeMap<(Month, Code), Figures>,
    /// The last month of membership, when the config says the group was left.
    pub(super) left: Option<Month>,
    /// Its rows, and the dates of the first and last (`None` before the first row).
    pub(super) rows: u64,
    pub(super) dates: Option<(NaiveDate, NaiveDate)>,
}

/// A month's sums as a group's history keeps them: [`Figures`] but the leads lost, which
/// are rare and kept apart ([`GroupHistory::lost`]), so that each of the hundreds of months
/// of hundreds of groups takes a word less. Every field of `Figures` is named below, so a
/// new one is the compiler's to point out here.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct MonthSums {
    meetings: u64,
    hours: Amount,
    cost: Amount,
    pub(super) leads: u64,
    deals: u64,
    revenue: Amount,
    referrals_given: u64,
    other_value: Amount,
}

impl MonthSums {
    /// Adds `figures`, all but the leads lost, which the caller keeps.
    #[inline(always)]
    pub(super) fn add(&mut self, figures: &Figures) {
        let Figures {
            meetings,
            hours,
            cost,
            leads,
            deals,
            revenue,
            referrals_given,
            other_value,
            lost: _,
        } = *figures;
        self.meetings += meetings;
        self.hours = self.hours + hours;
        self.cost = self.cost + cost;
        self.leads += leads;
        self.deals += deals;
        self.revenue = self.revenue + revenue;
        self.referrals_given += referrals_given;
        self.other_value = self.other_value + other_value;
    }

    /// The month's figures, with its `lost` leads.
    pub(super) fn with_lost(&self, lost: u64) -> Figures {
        Figures {
            meetings: self.meetings,
            hours: self.hours,
            cost: self.cost,
            leads: self.leads,
            deals: self.deals,
            revenue: self.revenue,
            referrals_given: self.referrals_given,
            other_value: self.other_value,
            lost,
        }
    }
}

/// The span of `dates`, when there are any, widened to take in `first` to `last`.
#[inline(always)]
pub(super) fn widened(
    dates: Option<(NaiveDate, NaiveDate)>,
    (first, last): (NaiveDate, NaiveDate),
) -> (NaiveDate, NaiveDate) {
    match dates {
        Some((before, after)) => (before.min(first), after.max(last)),
        None => (first, last),
    }
}

impl GroupHistory {
    /// Adds a row dated in `month`: its money spread over the months it covers, the rest to
    /// that month.
    pub(super) fn add(&mut self, row: &ActivityRow, month: Month) {
        self.rows += 1;
        self.dates = Some(widened(self.dates, (row.date, row.date)));
        let own;
        let figures = if row.currencies.converts() {
            own = self.hold_converted(row, month);
            &own
        } else {
            &row.figures
        };
        self.add_lost(month, figures.lost);
        let own = self.months.entry(month);
        let covers = row.covers.max(1);
        if covers == 1 {
            own.add(figures);
        } else {
            // Time and counts stay in the row's month; its money is spread.
            let mut unspread = *figures;
            let money = MONEY_FIELDS.map(|field| std::mem::take((field.at)(&mut unspread)));
            own.add(&unspread);
            for (field, amount) in MONEY_FIELDS.into_iter().zip(money) {
                for (offset, part) in amount.spread(covers).enumerate() {
                    let mut share = Figures::default();
                    *(field.at)(&mut share) = part;
                    self.months.entry(month.plus(offset as i64)).add(&share);
                }
            }
        }
    }

    /// Counts `lost` leads in `month`, when there are any.
    #[inline(always)]
    pub(super) fn add_lost(&mut self, month: Month, lost: u64) {
        if lost > 0 {
            *self.lost.entry(month).or_default() += lost;
        }
    }

    /// The figures of the months held from `from` through `through` (each bound left open
    /// by `None`), in order.
    pub(super) fn figures_in(
        &self,
        from: Option<Month>,
        through: Option<Month>,
    ) -> impl DoubleEndedIterator<Item = (Month, Figures)> + '_ {
        (self.months.range(from, through)).map(|(month, sums)| {
            let lost = self.lost.get(&month).copied().unwrap_or(0);
            (month, sums.with_lost(lost))
        })
    }

    /// Keeps the money of `row` (dated in `month`) that is in another currency apart, by
    /// currency and month, spread as the row's money is; returns the row's figures without it.
    #[inline(never)]
    fn hold_converted(&mut self, row: &ActivityRow, month: Month) -> Figures {
        let mut own = row.figures;
        let covers = row.covers.max(1);
        for (column, reading) in row.currencies.each() {
            let (Reading::Converted(currency), Some(field)) = (reading, column.money()) else {
                continue;
            };
            let amount = std::mem::take((field.at)(&mut own));
            for (offset, part) in amount.spread(covers).enumerate() {
                let share = month.plus(offset as i64);
                // The month has its place among the group's, as a share in its own money would.
                self.months.entry(share);
                let sum = (field.at)(self.converted.entry((share, currency)).or_default());
                *sum = *sum + part;
            }
        }
        own
    }

    /// The money of the months `from` to `through` in other currencies, each month's sum in
    /// each currency converted at `currencies`' rate; the revenue of `lifetime` (a client's
    /// beyond the score's months, by month and currency) is left out before it is.
    pub(super) fn converted_in(
        &self,
        from: Option<Month>,
        through: Month,
        currencies: &LogCurrencies,
        lifetime: &BTreeMap<(Month, Code), crate::figures::Amount>,
    ) -> Figures {
        let mut total = Figures::default();
        for (&(month, currency), sums) in &self.converted {
            if from.is_some_and(|from| month < from) || month > through {
                continue;
            }
            let Some(rate) = currencies.rate(currency) else {
                continue;
            };
            let mut sums = *sums;
            if let Some(&lifetime) = lifetime.get(&(month, currency)) {
                sums.revenue = sums.revenue - lifetime;
            }
            let mut converted = Figures::default();
            for field in MONEY_FIELDS {
                *(field.at)(&mut converted) = rate.convert((field.get)(&sums));
            }
            total += &converted;
        }
        total
    }

    /// Adds the history of the same group read from another part of the log.
    pub(super) fn merge(&mut self, other: GroupHistory) {
        for (key, sums) in other.converted {
            *self.converted.entry(key).or_default() += &sums;
        }
        self.rows += other.rows;
        if let Some(dates) = other.dates {
            self.dates = Some(widened(self.dates, dates));
        }
        for (month, lost) in other.lost {
            self.add_lost(month, lost);
        }
        if self.months.is_empty() {
            self.months = other.months;
        } else {
            for (month, sums) in other.months.iter() {
                self.months.entry(month).add(&sums.with_lost(0));
            }
        }
    }

    /// How the group is named, and what the log holds of it.
    pub(super) fn names(&self) -> GroupNames<'_> {
        let (first_date, last_date) = self.dates.unwrap_or_default();
        GroupNames {
            key: &self.key,
            name: self.display_name(),
            spellings: &self.spellings,
            rows: self.rows,
            first_date,
            last_date,
        }
    }

    pub(super) fn display_name(&self) -> String {
        // max_by_key keeps the last maximum, so reverse to keep the first seen on ties.
        self.spellings
            .iter()
            .rev()
            .max_by_key(|(_, count)| *count)
            .map(|(spelling, _)| spelling.clone())
            .unwrap_or_else(|| self.key.clone())
    }
}
