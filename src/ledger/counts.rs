//! What the ledger counts of all rows, all groups together: the rows of each month, the
//! bound on every sum, and the currencies the rows name.

use super::months::Months;
use crate::activity::ActivityRow;
use crate::currency::{Code, LogCurrencies, Reading};
use crate::figures::{Amount, Figures};
use crate::period::Month;
use std::collections::BTreeSet;

/// What the ledger counts of all rows, all groups together.
#[derive(Debug, Default, PartialEq)]
pub(super) struct RowCounts {
    pub(super) rows: u64,
    /// The rows dated in each month.
    pub(super) rows_by_month: Months<u64>,
    /// The sum of every row's [`Figures::magnitude`], checked for overflow on each row,
    /// money in another currency counted as converted (and a hundredth more, for the
    /// rounding of its sums). Every other sum the ledger makes is a part of the rows, so
    /// its size is at most this and it needs no check of its own.
    pub(super) grand_total: Figures,
    /// The currency the rows' cells name, where the config does not say the log's: the
    /// first named settles it, and a row naming another is refused.
    pub(super) named: Option<Code>,
    /// [`RowCounts::named`] as a cell's reading, for the check of each row.
    pub(super) settled: Option<Reading>,
    /// The currencies converted at the user's rates.
    pub(super) converted: BTreeSet<Code>,
    /// The rows left out for being dated after [`Membership::through`].
    pub(super) after: u64,
}

impl RowCounts {
    /// Counts a row dated in `month`; fails, and counts nothing, when the totals would no
    /// longer fit in 64 bits.
    #[inline(always)]
    pub(super) fn count(
        &mut self,
        row: &ActivityRow,
        month: Month,
        currencies: &LogCurrencies,
    ) -> Result<(), String> {
        // Almost every row is in the log's own currency, or names the one its cells settled
        // on: those are counted as they always were, the rest apart.
        if !row.currencies.within(self.settled) {
            return self.count_named(row, month, currencies);
        }
        self.add_up(&row.figures.magnitude(), month)
    }

    /// Counts a row of `magnitude` dated in `month`, or fails when the totals would no
    /// longer fit in 64 bits.
    #[inline(always)]
    fn add_up(&mut self, magnitude: &Figures, month: Month) -> Result<(), String> {
        self.grand_total = self.grand_total.checked_add(magnitude).ok_or_else(|| {
            "the totals of this log no longer fit in 64 bits; split it into smaller logs"
                .to_string()
        })?;
        self.rows += 1;
        *self.rows_by_month.entry(month) += 1;
        Ok(())
    }

    /// [`RowCounts::count`] for a row whose money names a currency to settle on or convert.
    #[inline(never)]
    fn count_named(
        &mut self,
        row: &ActivityRow,
        month: Month,
        currencies: &LogCurrencies,
    ) -> Result<(), String> {
        let mut magnitude = row.figures.magnitude();
        self.check_currencies(row, currencies, &mut magnitude)?;
        self.add_up(&magnitude, month)
    }

    /// Checks the currencies a row's money cells name: where the config does not say the
    /// log's, they must be the one the log's cells settled on. Money to convert is counted
    /// in `magnitude` as converted. Counts nothing on a problem.
    #[inline(never)]
    fn check_currencies(
        &mut self,
        row: &ActivityRow,
        currencies: &LogCurrencies,
        magnitude: &mut Figures,
    ) -> Result<(), String> {
        let mut named = self.named;
        let mut converted = Vec::new();
        for (column, reading) in row.currencies.each() {
            match reading {
                Reading::Own => {}
                Reading::Settling(currency) => match named {
                    Some(settled) if settled != currency => {
                        return Err(format!(
                            "its {} is in {}, but the log's money is in {}, as earlier cells say; a \
                             log's money is in one currency: set currency = \"{settled}\" in \
                             netaudit.toml, and give your own rate for the other under \
                             [currencies], as in {currency} = 0.92",
                            column.name(),
                            currency.described(),
                            settled.described(),
                        ));
                    }
                    _ => named = Some(currency),
                },
                Reading::Converted(currency) => {
                    let Some(rate) = currencies.rate(currency) else {
                        return Err(format!(
                            "its {} is in {}, which netaudit.toml gives no rate for",
                            column.name(),
                            currency.described()
                        ));
                    };
                    if let Some(field) = column.money() {
                        let cell = (field.at)(magnitude);
                        *cell = rate.convert(*cell) + Amount::from_hundredths(1);
                    }
                    converted.push(currency);
                }
            }
        }
        self.named = named;
        self.settled = named.map(Reading::Settling);
        self.converted.extend(converted);
        Ok(())
    }

    /// Counts the rows `other` counted; fails, and counts nothing, as `count` does, and
    /// when the two settled on different currencies.
    pub(super) fn merge(&mut self, other: &RowCounts) -> Result<(), String> {
        if let (Some(mine), Some(theirs)) = (self.named, other.named)
            && mine != theirs
        {
            return Err(format!(
                "these logs name two currencies, {} and {}; set currency in netaudit.toml",
                mine.described(),
                theirs.described()
            ));
        }
        self.grand_total = self
            .grand_total
            .checked_add(&other.grand_total)
            .ok_or_else(|| {
                "the totals of these logs no longer fit in 64 bits; split them".to_string()
            })?;
        self.rows += other.rows;
        for (month, rows) in other.rows_by_month.iter() {
            *self.rows_by_month.entry(month) += rows;
        }
        self.named = self.named.or(other.named);
        self.settled = self.named.map(Reading::Settling);
        self.after += other.after;
        self.converted.extend(other.converted.iter().copied());
        Ok(())
    }
}
