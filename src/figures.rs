//! The quantities one log row records, and their sums.

use std::fmt;
use std::ops::{Add, AddAssign};

/// A non-negative amount of money or hours with two decimal places.
///
/// Held as whole hundredths so that sums are exact: totals do not depend on
/// row order or on how the log is split across files, which floats cannot promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(u64);

impl Amount {
    pub const fn from_hundredths(hundredths: u64) -> Amount {
        Amount(hundredths)
    }

    pub fn hundredths(self) -> u64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The amount as a log cell: no trailing zeros, no point for whole amounts (`45`, `2.5`).
    pub fn as_cell(self) -> String {
        match self.0 % 100 {
            0 => (self.0 / 100).to_string(),
            cents if cents % 10 == 0 => format!("{}.{}", self.0 / 100, cents / 10),
            cents => format!("{}.{cents:02}", self.0 / 100),
        }
    }

    fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
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
}

impl Figures {
    /// The sum, or `None` when any field would overflow.
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
        })
    }
}

/// Plain addition, for sums of parts of a total that is already known to fit
/// (the ledger checks its grand total with [`Figures::checked_add`] on every row).
impl AddAssign<&Figures> for Figures {
    fn add_assign(&mut self, other: &Figures) {
        self.meetings += other.meetings;
        self.hours = self.hours + other.hours;
        self.cost = self.cost + other.cost;
        self.leads += other.leads;
        self.deals += other.deals;
        self.revenue = self.revenue + other.revenue;
        self.referrals_given += other.referrals_given;
        self.other_value = self.other_value + other.other_value;
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
    }

    #[test]
    fn checked_add_refuses_overflow_in_any_field() {
        let big = Figures {
            revenue: Amount::from_hundredths(u64::MAX),
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
