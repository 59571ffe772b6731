//! The quantities one log row records, and their sums.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money or hours with two decimal places. Hours are never negative; money
/// is, for a refund or a reversal (see [`crate::activity::parse_money`]).
///
/// Held as whole hundredths so that sums are exact: totals do not depend on
/// row order or on how the log is split across files, which floats cannot promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(i64);

impl Amount {
    pub const fn from_hundredths(hundredths: i64) -> Amount {
        Amount(hundredths)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The amount as a log cell: no trailing zeros, no point for whole amounts (`45`, `2.5`,
    /// `-25`).
    pub fn as_cell(self) -> String {
        let (sign, units, cents) = self.parts();
        match cents {
            0 => format!("{sign}{units}"),
            cents if cents % 10 == 0 => format!("{sign}{units}.{}", cents / 10),
            cents => format!("{sign}{units}.{cents:02}"),
        }
    }

    /// The sign, the whole units and the cents, for writing the amount out.
    fn parts(self) -> (&'static str, u64, u64) {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        (sign, magnitude / 100, magnitude % 100)
    }

    fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    fn abs(self) -> Amount {
        Amount(self.0.saturating_abs())
    }

    /// The amount cut into `parts` (at least 1) in exact hundredths, in order: the
    /// hundredths left over from an even cut go one each to the first parts, so that the
    /// parts always add up to the amount. A negative amount is cut as its size is.
    pub fn spread(self, parts: u32) -> impl Iterator<Item = Amount> {
        let parts = i64::from(parts.max(1));
        let sign = self.0.signum();
        let size = self.0.abs();
        let (each, left_over) = (size / parts, size % parts);
        (0..parts).map(move |index| Amount(sign * (each + i64::from(index < left_over))))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, units, cents) = self.parts();
        write!(f, "{sign}{units}.{cents:02}")
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }
}

/// A part taken back out of a sum it is in, so it fits as the sum did.
impl Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount(self.0 - other.0)
    }
}

/// What a group cost and brought, for one row or summed over many.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub meetings: u64,
    pub hours: Amount,
    pub cost: Amount,
    pub leads: u64,
    pub deals: u64,
    pub revenue: Amount,
    pub referrals_given: u64,
    pub other_value: Amount,
    /// Leads closed as lost: no longer open, and no deal.
    pub lost: u64,
}

impl Figures {
    /// Every amount made 0 or more, for a bound on any sum of parts of these figures.
    #[inline(always)]
    pub fn magnitude(&self) -> Figures {
        // Every field named, so that a new one is not forgotten here.
        Figures {
            meetings: self.meetings,
            hours: self.hours.abs(),
            cost: self.cost.abs(),
            leads: self.leads,
            deals: self.deals,
            revenue: self.revenue.abs(),
            referrals_given: self.referrals_given,
            other_value: self.other_value.abs(),
            lost: self.lost,
        }
    }

    /// The sum, or `None` when any field would overflow. Inlined into the count of each
    /// row, where it is most of the work.
    #[inline(always)]
    pub fn checked_add(&self, other: &Figures) -> Option<Figures> {
        Some(Figures {
            meetings: self.meetings.checked_add(other.meetings)?,
            hours: self.hours.checked_add(other.hours)?,
            cost: self.cost.checked_add(other.cost)?,
            leads: self.leads.checked_add(other.leads)?,
            deals: self.deals.checked_add(other.deals)?,
            revenue: self.revenue.checked_add(other.revenue)?,
            referrals_given: self.referrals_given.checked_add(other.referrals_given)?,
            other_value: self.other_value.checked_add(other.other_value)?,
            lost: self.lost.checked_add(other.lost)?,
        })
    }
}

/// Plain addition, for sums of parts of a total that is already known to fit (the ledger
/// checks the sum of every row's [`Figures::magnitude`] with [`Figures::checked_add`]).
impl AddAssign<&Figures> for Figures {
    /// Inlined: the fast path adds each row held this way.
    #[inline(always)]
    fn add_assign(&mut self, other: &Figures) {
        // Every field named, so that a new one is not forgotten here.
        *self = Figures {
            meetings: self.meetings + other.meetings,
            hours: self.hours + other.hours,
            cost: self.cost + other.cost,
            leads: self.leads + other.leads,
            deals: self.deals + other.deals,
            revenue: self.revenue + other.revenue,
            referrals_given: self.referrals_given + other.referrals_given,
            other_value: self.other_value + other.other_value,
            lost: self.lost + other.lost,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_with_two_decimals() {
        assert_eq!(Amount::from_hundredths(0).to_string(), "0.00");
        assert_eq!(Amount::from_hundredths(5).to_string(), "0.05");
        assert_eq!(Amount::from_hundredths(480_050).to_string(), "4800.50");
        assert_eq!(Amount::from_hundredths(-2_505).to_string(), "-25.05");
        assert_eq!(Amount::from_hundredths(-5).to_string(), "-0.05");
        assert_eq!(Amount::from_hundredths(-2_500).as_cell(), "-25");
        assert_eq!(Amount::from_hundredths(-2_550).as_cell(), "-25.5");
    }

    #[test]
    fn a_spread_gives_the_left_over_hundredths_to_the_first_parts_and_keeps_the_total() {
        let parts = |hundredths: i64, count: u32| -> Vec<i64> {
            Amount::from_hundredths(hundredths)
                .spread(count)
                .map(Amount::hundredths)
                .collect()
        };
        assert_eq!(parts(100_000, 12).iter().sum::<i64>(), 100_000);
        assert_eq!(
            parts(100_000, 12)[..5],
            [8_334; 4]
                .iter()
                .chain(&[8_333])
                .copied()
                .collect::<Vec<_>>()[..]
        );
        assert_eq!(parts(100, 3), [34, 33, 33]);
        assert_eq!(parts(-100, 3), [-34, -33, -33]);
        assert_eq!(parts(2, 3), [1, 1, 0]);
        assert_eq!(parts(500, 1), [500]);
        assert_eq!(parts(500, 0), [500], "no parts is one");
    }

    #[test]
    fn checked_add_refuses_overflow_in_any_field() {
        let big = Figures {
            revenue: Amount::from_hundredths(i64::MAX),
            ..Figures::default()
        };
        let one = Figures {
            revenue: Amount::from_hundredths(1),
            ..Figures::default()
        };
        assert_eq!(big.checked_add(&one), None);
        let leads = Figures {
            leads: u64::MAX,
            ..Figures::default()
        };
        assert_eq!(
            leads.checked_add(&Figures {
                leads: 1,
                ..Figures::default()
            }),
            None
        );
        assert_eq!(
            one.checked_add(&one).map(|f| f.revenue),
            Some(Amount::from_hundredths(2))
        );
    }
}
