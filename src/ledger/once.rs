//! Revenue counted once. A client's revenue may be typed by hand, come from the books and
//! from a CRM's won deal too; `revenue_from` says which of these a group's revenue comes
//! from. Where a group's rows of more than one kind hold revenue of the same client in the
//! same month, only that kind's counts (or, where it holds none there, the first of the
//! books, the CRM and the log that does); the rest is set aside, and listed by `check`
//! (docs/scoring.md, "Revenue counted once").

use super::Ledger;
use super::kinds::{RevenueKind, Uncounted};
use super::people::{NOBODY, Named};
use crate::figures::Amount;
use crate::period::Month;
use chrono::NaiveDate;
use foldhash::HashMap;

/// The kind whose revenue counts for each client's month of a group where more than one
/// kind holds some.
pub(super) type Winners = HashMap<(Month, u32), RevenueKind>;

/// The revenue of `named` that counts, where `winner` is the kind that does.
pub(super) fn counted(named: &Named, winner: Option<&RevenueKind>) -> Amount {
    match winner {
        Some(kind) => named.by_kind[kind.index()],
        None => named.revenue,
    }
}

impl Ledger {
    /// The winners of the group at `index` from `from` (or its first month) to `through`.
    pub(super) fn winners(&self, index: usize, from: Option<Month>, through: Month) -> Winners {
        let mut kinds: HashMap<(Month, u32), [bool; 3]> = HashMap::default();
        for (month, place, _, named) in self.people.named_of(index, from, through) {
            if place.client == NOBODY || named.revenue.is_zero() {
                continue;
            }
            let held = kinds.entry((month, place.client)).or_default();
            for kind in RevenueKind::ALL {
                held[kind.index()] |= !named.by_kind[kind.index()].is_zero();
            }
        }
        let preferred = (self.membership.revenue_from).of(&self.groups[index].key);
        (kinds.into_iter())
            .filter(|(_, held)| held.iter().filter(|&&held| held).count() > 1)
            .filter_map(|(at, held)| {
                let winner = std::iter::once(preferred)
                    .chain(RevenueKind::ALL)
                    .find(|kind| held[kind.index()])?;
                Some((at, winner))
            })
            .collect()
    }

    /// Every client's month of revenue of one kind set aside for another's, all groups
    /// together, by group, month and client.
    pub fn revenue_set_aside(&self) -> Vec<Uncounted> {
        let mut set_aside = Vec::new();
        for (index, group) in self.groups.iter().enumerate() {
            // Money spread over later months may reach past the group's last row.
            let last = Month::of(NaiveDate::from_ymd_opt(9999, 1, 1).unwrap_or(NaiveDate::MAX));
            let winners = self.winners(index, None, last);
            if winners.is_empty() {
                continue;
            }
            let mut sums: std::collections::BTreeMap<(Month, u32), [Amount; 3]> =
                Default::default();
            for (month, place, currency, named) in self.people.named_of(index, None, last) {
                if !winners.contains_key(&(month, place.client)) {
                    continue;
                }
                let sum = sums.entry((month, place.client)).or_default();
                for kind in RevenueKind::ALL {
                    let amount = self.convert(named.by_kind[kind.index()], currency);
                    sum[kind.index()] = sum[kind.index()] + amount;
                }
            }
            for ((month, client), sum) in sums {
                let counted = winners[&(month, client)];
                for kind in RevenueKind::ALL {
                    if kind == counted || sum[kind.index()].is_zero() {
                        continue;
                    }
                    set_aside.push(Uncounted {
                        group: group.display_name(),
                        month,
                        client: self.people.clients.shown(client),
                        kind,
                        amount: sum[kind.index()],
                        counted,
                        counted_amount: sum[counted.index()],
                    });
                }
            }
        }
        set_aside
    }
}

#[cfg(test)]
mod tests {
    use super::super::{GroupTotals, Membership, RevenueFrom};
    use super::*;
    use crate::activity::ActivityRow;
    use crate::figures::Figures;
    use crate::period::{Window, parse_date};
    use std::sync::Arc;

    /// A row of group "A" on `date` for `client`, of `revenue` in whole units, brought in
    /// with the id `source` (none: typed by hand).
    fn row(date: &str, client: &str, revenue: i64, source: &str) -> ActivityRow {
        ActivityRow {
            date: parse_date(date).unwrap(),
            group: "A".to_string(),
            figures: Figures {
                deals: u64::from(source.starts_with("hubspot")),
                revenue: Amount::from_hundredths(revenue * 100),
                ..Figures::default()
            },
            covers: 1,
            client: client.to_string(),
            contact: "Dana".to_string(),
            source: source.to_string(),
            ..ActivityRow::default()
        }
    }

    fn totals(rows: &[ActivityRow], from: RevenueKind, repeat: Option<u32>) -> GroupTotals {
        let membership = Membership {
            revenue_from: RevenueFrom {
                default: from,
                ..RevenueFrom::default()
            },
            repeat_business_months: repeat,
            ..Membership::default()
        };
        let mut ledger = Ledger::with_membership(Arc::new(membership));
        for row in rows {
            ledger.add(row).unwrap();
        }
        let window = Window::ending(Month::parse("2026-03").unwrap(), 12);
        ledger.group_totals(window).remove(0)
    }

    /// Acme's March typed by hand, invoiced and won in the CRM; Birch's and Acme's
    /// February each of one kind.
    fn three_kinds() -> [ActivityRow; 5] {
        [
            row("2026-03-02", "Acme", 1_000, ""),
            row("2026-03-06", "acme", 1_190, "invoice:R-1@119000"),
            row("2026-03-09", "Acme", 1_200, "hubspot:7#won@120000"),
            // Another client's, and another month's: each alone, so counted.
            row("2026-03-10", "Birch", 80, ""),
            row("2026-02-10", "Acme", 50, ""),
        ]
    }

    #[test]
    fn a_clients_month_of_revenue_counts_the_kind_revenue_from_names() {
        for (from, counted, set_aside) in [
            (RevenueKind::Books, 1_190, 2_200),
            (RevenueKind::Crm, 1_200, 2_190),
            (RevenueKind::Log, 1_000, 2_390),
        ] {
            let totals = totals(&three_kinds(), from, None);
            assert_eq!(
                totals.figures.revenue.hundredths(),
                (counted + 80 + 50) * 100,
                "{from:?}"
            );
            assert_eq!(totals.revenue_set_aside.hundredths(), set_aside * 100);
            assert_eq!(
                totals.partners[0].revenue.hundredths(),
                (counted + 80 + 50) * 100,
                "the contact's share counts it once too"
            );
        }
    }

    #[test]
    fn where_the_groups_own_kind_holds_none_the_books_then_the_crm_then_the_log_count() {
        let rows = [
            row("2026-03-02", "Acme", 1_000, ""),
            row("2026-03-09", "Acme", 1_200, "hubspot:7#won@120000"),
        ];
        let totals = totals(&rows, RevenueKind::Books, None);
        assert_eq!(totals.figures.revenue.hundredths(), 120_000);
    }

    #[test]
    fn revenue_set_aside_is_not_taken_off_again_as_lifetime_value() {
        // Acme's first business in 2025-01: by 2026-03, with 12 months of repeat business,
        // its revenue is lifetime value; only the kind that counts is.
        let mut rows = three_kinds().to_vec();
        rows.push(row("2025-01-10", "Acme", 10, ""));
        let totals = totals(&rows, RevenueKind::Books, Some(12));
        assert_eq!(totals.figures.revenue.hundredths(), 8_000);
        assert_eq!(totals.lifetime_value.hundredths(), (1_190 + 50) * 100);
        assert_eq!(totals.revenue_set_aside.hundredths(), 2_200 * 100);
    }

    #[test]
    fn each_client_month_set_aside_is_listed_with_the_kind_that_counts() {
        let membership = Membership::default();
        let mut ledger = Ledger::with_membership(Arc::new(membership));
        for row in three_kinds() {
            ledger.add(&row).unwrap();
        }
        let listed: Vec<_> = (ledger.revenue_set_aside().into_iter())
            .map(|each| {
                (
                    each.month.to_string(),
                    each.client,
                    each.kind,
                    each.amount.hundredths() / 100,
                    each.counted,
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "2026-03".to_string(),
                    "Acme".to_string(),
                    RevenueKind::Crm,
                    1_200,
                    RevenueKind::Books
                ),
                (
                    "2026-03".to_string(),
                    "Acme".to_string(),
                    RevenueKind::Log,
                    1_000,
                    RevenueKind::Books
                ),
            ]
        );
    }
}
