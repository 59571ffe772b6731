//! Who and for whom: the contacts and clients rows name, and what the rows that name them
//! hold. A group's months cannot say which lead a deal closed, nor whose revenue is a
//! client's second year; this book can, and it is bounded, for it keeps days and names
//! where the rest of the ledger keeps months (docs/scoring.md, "Who brought it").

use crate::activity::ActivityRow;
use crate::currency::{Code, Reading};
use crate::figures::Amount;
use crate::names::group_key;
use crate::period::Month;
use chrono::NaiveDate;
use foldhash::HashMap;
use std::collections::BTreeMap;

/// The most clients, and the most contacts, one report keeps track of.
#[cfg(not(fuzzing))]
pub const MAX_NAMES: usize = 10_000;
/// The most entries the book keeps: a group's day of leads, deals or lost leads for a
/// client and a contact, or its month of the rest. About 100 bytes each: 20 MiB at most.
#[cfg(not(fuzzing))]
pub const MAX_ENTRIES: usize = 200_000;
/// Small enough for a fuzzer's inputs to reach.
#[cfg(fuzzing)]
pub const MAX_NAMES: usize = 8;
#[cfg(fuzzing)]
pub const MAX_ENTRIES: usize = 64;

/// No client, or no contact: a row that names only the other, or a group's rows that name
/// neither.
pub(super) const NOBODY: u32 = u32::MAX;

/// Names as rows write them: each identified by its key (case and spacing set aside, as a
/// group's), shown in its commonest spelling.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Names {
    by_key: HashMap<String, u32>,
    /// Each spelling kept, to its name: most rows write a name as before, and are found
    /// without working out its key.
    by_spelling: HashMap<Box<str>, u32>,
    spellings: Vec<Vec<(String, u64)>>,
}

impl Names {
    /// The index of `written`'s name, if it has one yet.
    fn find(&self, written: &str) -> Option<u32> {
        match self.by_spelling.get(written) {
            Some(&index) => Some(index),
            None => self.by_key.get(&group_key(written)).copied(),
        }
    }

    /// The index of `written`'s name, counting `rows` of it; a new name when none is its,
    /// which the caller has checked there is room for.
    fn count(&mut self, written: &str, rows: u64) -> u32 {
        let index = match self.find(written) {
            Some(index) => index,
            None => {
                let index = self.spellings.len() as u32;
                self.by_key.insert(group_key(written), index);
                self.spellings.push(Vec::new());
                index
            }
        };
        let spellings = &mut self.spellings[index as usize];
        let kept = spellings.len();
        match spellings
            .iter_mut()
            .find(|(spelling, _)| spelling == written)
        {
            Some((_, count)) => *count += rows,
            None if kept < super::MAX_SPELLINGS => {
                spellings.push((written.to_string(), rows));
                self.by_spelling.insert(written.into(), index);
            }
            None => {}
        }
        index
    }

    pub(super) fn len(&self) -> usize {
        self.spellings.len()
    }

    /// The name shown: the spelling written most often, the first in sort order on ties,
    /// so that neither the order of rows nor how a log is split decides it.
    pub(super) fn shown(&self, index: u32) -> String {
        (self.spellings.get(index as usize))
            .and_then(|spellings| {
                (spellings.iter())
                    .max_by(|(a, many), (b, more)| many.cmp(more).then_with(|| b.cmp(a)))
            })
            .map(|(spelling, _)| spelling.clone())
            .unwrap_or_default()
    }
}

/// Where an entry belongs: a group (by its index in the ledger), a client and a contact
/// (each [`NOBODY`] when none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Place {
    pub(super) group: u32,
    pub(super) client: u32,
    pub(super) contact: u32,
}

/// A day's leads, deals and lost leads of one place.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Pipe {
    pub(super) leads: u64,
    pub(super) deals: u64,
    pub(super) lost: u64,
}

/// A month's share of the rest of one place's rows, money in one currency.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Named {
    pub(super) revenue: Amount,
    /// The same revenue by where it was recorded (see [`super::once`]).
    pub(super) by_kind: [Amount; 3],
    pub(super) other_value: Amount,
    /// Hours of rows with no meeting: time with the contact alone.
    pub(super) hours: Amount,
    pub(super) referrals_given: u64,
    /// Rows with hours and no meeting.
    pub(super) one_to_ones: u64,
}

/// The book: names, and entries by group first, so that one group's are a range.
#[derive(Debug, Default, PartialEq)]
pub(super) struct People {
    pub(super) clients: Names,
    pub(super) contacts: Names,
    /// By group, day, client and contact.
    pub(super) pipes: BTreeMap<(u32, NaiveDate, u32, u32), Pipe>,
    /// By group, month, client, contact, and the money's currency (`None`: the log's).
    pub(super) named: BTreeMap<(u32, Month, u32, u32, Option<Code>), Named>,
    /// The latest day a row named each client, in any group: when it was last followed up.
    pub(super) touched: HashMap<u32, NaiveDate>,
}

/// Whether a row names a client or a contact, and so has a place in the book.
#[inline(always)]
pub(super) fn names_anyone(row: &ActivityRow) -> bool {
    !row.client.is_empty() || !row.contact.is_empty()
}

impl People {
    fn entries(&self) -> usize {
        self.pipes.len() + self.named.len()
    }

    /// Fails, naming the limit, when a row naming someone would take the book past its
    /// bounds; the book is then unchanged. Counted as if each of the row's months and its
    /// day were new entries, so a row that passes always fits.
    pub(super) fn check(&self, row: &ActivityRow) -> Result<(), String> {
        for (written, names, what) in [
            (&row.client, &self.clients, "clients"),
            (&row.contact, &self.contacts, "contacts"),
        ] {
            if !written.is_empty() && names.find(written).is_none() && names.len() >= MAX_NAMES {
                return Err(format!(
                    "\"{written}\" would be one more than the {MAX_NAMES} {what} one report \
                     keeps track of; report on fewer logs at a time"
                ));
            }
        }
        let most_new = 2 + 2 * row.covers.max(1) as usize;
        if self.entries() + most_new > MAX_ENTRIES {
            return Err(format!(
                "more than {MAX_ENTRIES} days and months with a client or contact named in one \
                 report, the most netaudit keeps track of; report on fewer logs at a time"
            ));
        }
        Ok(())
    }

    /// Adds a row of the group at `group`, dated in `month`, that names someone (see
    /// [`People::check`], which it has passed).
    pub(super) fn add(&mut self, group: usize, row: &ActivityRow, month: Month) {
        let client = match row.client.as_str() {
            "" => NOBODY,
            written => self.clients.count(written, 1),
        };
        if client != NOBODY {
            let touched = self.touched.entry(client).or_insert(row.date);
            *touched = (*touched).max(row.date);
        }
        let contact = match row.contact.as_str() {
            "" => NOBODY,
            written => self.contacts.count(written, 1),
        };
        let group = group as u32;
        let f = &row.figures;
        if f.leads > 0 || f.deals > 0 || f.lost > 0 {
            let pipe = (self.pipes)
                .entry((group, row.date, client, contact))
                .or_default();
            pipe.leads += f.leads;
            pipe.deals += f.deals;
            pipe.lost += f.lost;
        }
        let key = |month: Month, currency| (group, month, client, contact, currency);
        // Hours at a meeting are the room's, whoever gave a lead there; hours with no
        // meeting are time with the contact alone.
        let alone = if f.meetings == 0 {
            f.hours
        } else {
            Amount::default()
        };
        if !alone.is_zero() || f.referrals_given > 0 {
            let named = self.named.entry(key(month, None)).or_default();
            named.hours = named.hours + alone;
            named.referrals_given += f.referrals_given;
            named.one_to_ones += u64::from(!alone.is_zero());
        }
        let currency_of = |column| match row.currencies.each().find(|(of, _)| *of == column) {
            Some((_, Reading::Converted(code))) => Some(code),
            _ => None,
        };
        use crate::activity::Column;
        for (column, amount) in [
            (Column::Revenue, f.revenue),
            (Column::OtherValue, f.other_value),
        ] {
            if amount.is_zero() {
                continue;
            }
            let currency = currency_of(column);
            let kind = match column {
                Column::Revenue => Some(super::kinds::RevenueKind::of_source(&row.source).index()),
                _ => None,
            };
            for (offset, part) in amount.spread(row.covers.max(1)).enumerate() {
                let named = (self.named)
                    .entry(key(month.plus(offset as i64), currency))
                    .or_default();
                if let Some(kind) = kind {
                    named.by_kind[kind] = named.by_kind[kind] + part;
                }
                let sum = match column {
                    Column::Revenue => &mut named.revenue,
                    _ => &mut named.other_value,
                };
                *sum = *sum + part;
            }
        }
    }

    /// Fails when another part of the log's book would take this one past its bounds.
    pub(super) fn fits(&self, other: &People) -> Result<(), String> {
        let new_names = |mine: &Names, theirs: &Names| {
            (theirs.by_key.keys())
                .filter(|key| !mine.by_key.contains_key(*key))
                .count()
        };
        if self.clients.len() + new_names(&self.clients, &other.clients) > MAX_NAMES
            || self.contacts.len() + new_names(&self.contacts, &other.contacts) > MAX_NAMES
            || self.entries() + other.entries() > MAX_ENTRIES
        {
            return Err(format!(
                "more clients, contacts, or days and months naming them than one report keeps \
                 track of ({MAX_NAMES} clients, {MAX_NAMES} contacts, {MAX_ENTRIES} entries); \
                 report on fewer logs at a time"
            ));
        }
        Ok(())
    }

    /// Adds another part of the log's book, whose groups are at `groups` here by their
    /// index there; [`People::fits`] has said the two fit together.
    pub(super) fn merge(&mut self, other: People, groups: &[usize]) {
        let remap = |mine: &mut Names, theirs: &Names| -> Vec<u32> {
            (theirs.spellings.iter())
                .map(|spellings| {
                    let mut index = NOBODY;
                    for (spelling, count) in spellings {
                        index = mine.count(spelling, *count);
                    }
                    index
                })
                .collect()
        };
        let clients = remap(&mut self.clients, &other.clients);
        let contacts = remap(&mut self.contacts, &other.contacts);
        let at = |map: &[u32], index: u32| match index {
            NOBODY => NOBODY,
            index => map[index as usize],
        };
        for (client, date) in other.touched {
            let touched = self.touched.entry(at(&clients, client)).or_insert(date);
            *touched = (*touched).max(date);
        }
        for ((group, date, client, contact), pipe) in other.pipes {
            let key = (
                groups[group as usize] as u32,
                date,
                at(&clients, client),
                at(&contacts, contact),
            );
            let mine = self.pipes.entry(key).or_default();
            mine.leads += pipe.leads;
            mine.deals += pipe.deals;
            mine.lost += pipe.lost;
        }
        for ((group, month, client, contact, currency), named) in other.named {
            let key = (
                groups[group as usize] as u32,
                month,
                at(&clients, client),
                at(&contacts, contact),
                currency,
            );
            let mine = self.named.entry(key).or_default();
            mine.revenue = mine.revenue + named.revenue;
            for (mine, theirs) in mine.by_kind.iter_mut().zip(named.by_kind) {
                *mine = *mine + theirs;
            }
            mine.other_value = mine.other_value + named.other_value;
            mine.hours = mine.hours + named.hours;
            mine.referrals_given += named.referrals_given;
            mine.one_to_ones += named.one_to_ones;
        }
    }

    /// The group's days of leads, deals and lost leads up to `through`, in date order, and
    /// on one day in the order of their clients' and then contacts' names. Which lead a deal
    /// closes, and who referred a client first, must not hang on the order rows came in,
    /// nor on the order names were first seen, which the book's indices follow.
    pub(super) fn pipes_of(&self, group: usize, through: Month) -> Vec<(NaiveDate, Place, Pipe)> {
        let group = group as u32;
        let last = through.plus(1).first_day();
        let mut pipes: Vec<(NaiveDate, Place, Pipe)> = (self.pipes)
            .range((group, NaiveDate::MIN, 0, 0)..(group, last, 0, 0))
            .map(|(&(_, date, client, contact), &pipe)| {
                let place = Place {
                    group,
                    client,
                    contact,
                };
                (date, place, pipe)
            })
            .collect();
        if pipes.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            let key = |names: &Names, index: u32| match index {
                NOBODY => String::new(),
                index => group_key(&names.shown(index)),
            };
            pipes.sort_by_cached_key(|(date, place, _)| {
                (
                    *date,
                    key(&self.clients, place.client),
                    key(&self.contacts, place.contact),
                )
            });
        }
        pipes
    }

    /// The group's months of the rest, from `from` (or its first) to `through`.
    pub(super) fn named_of(
        &self,
        group: usize,
        from: Option<Month>,
        through: Month,
    ) -> impl Iterator<Item = (Month, Place, Option<Code>, Named)> + '_ {
        let group = group as u32;
        let first = from.unwrap_or(Month::of(NaiveDate::MIN));
        (self.named)
            .range((group, first, 0, 0, None)..(group, through.plus(1), 0, 0, None))
            .map(move |(&(_, month, client, contact, currency), &named)| {
                let place = Place {
                    group,
                    client,
                    contact,
                };
                (month, place, currency, named)
            })
    }

    /// The month each client's clock of repeat business starts: its first deal, or its
    /// first revenue where that came first, in any group.
    pub(super) fn first_business(&self) -> HashMap<u32, Month> {
        let mut first: HashMap<u32, Month> = HashMap::default();
        let mut seen = |client: u32, month: Month| {
            if client != NOBODY {
                let at = first.entry(client).or_insert(month);
                *at = (*at).min(month);
            }
        };
        for (&(_, date, client, _), pipe) in &self.pipes {
            if pipe.deals > 0 {
                seen(client, Month::of(date));
            }
        }
        for (&(_, month, client, _, _), named) in &self.named {
            if named.revenue.hundredths() > 0 {
                seen(client, month);
            }
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Ledger, Membership};
    use super::*;
    use crate::figures::Figures;
    use crate::period::{Window, parse_date};
    use std::sync::Arc;

    /// A row of group "A" on `date`: `leads`, `deals` and `lost`, `revenue` in whole units.
    fn row(
        date: &str,
        client: &str,
        contact: &str,
        pipe: (u64, u64, u64),
        revenue: i64,
    ) -> ActivityRow {
        ActivityRow {
            date: parse_date(date).unwrap(),
            group: "A".to_string(),
            figures: Figures {
                leads: pipe.0,
                deals: pipe.1,
                lost: pipe.2,
                revenue: Amount::from_hundredths(revenue * 100),
                ..Figures::default()
            },
            covers: 1,
            client: client.to_string(),
            contact: contact.to_string(),
            ..ActivityRow::default()
        }
    }

    fn ledger(rows: &[ActivityRow], repeat: Option<u32>) -> Ledger {
        let membership = Membership {
            repeat_business_months: repeat,
            ..Membership::default()
        };
        let mut ledger = Ledger::with_membership(Arc::new(membership));
        for row in rows {
            ledger.add(row).unwrap();
        }
        ledger
    }

    fn totals(ledger: &Ledger, last: &str) -> super::super::GroupTotals {
        let window = Window::ending(Month::parse(last).unwrap(), 12);
        ledger.group_totals(window).remove(0)
    }

    fn totals_revenue(ledger: &Ledger) -> i64 {
        totals(ledger, "2026-03").figures.revenue.hundredths()
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn a_clients_deal_closes_its_own_lead_ahead_of_an_older_one() {
        let ledger = ledger(
            &[
                row("2026-01-10", "Acme", "Dana", (1, 0, 0), 0),
                row("2026-03-05", "Cole", "Lee", (1, 0, 0), 0),
                row("2026-03-20", "cole", "", (0, 1, 0), 500),
            ],
            None,
        );
        let totals = totals(&ledger, "2026-03");
        assert_eq!(
            totals.open_leads,
            [(month("2026-01"), 1)],
            "Acme's lead stays open"
        );
        let lee = totals.partners.iter().find(|p| p.contact == "Lee").unwrap();
        assert_eq!((lee.deals, lee.days_to_deal.as_slice()), (1, &[15][..]));
        assert_eq!(lee.revenue.hundredths(), 50_000, "the referrer's revenue");
        let dana = totals
            .partners
            .iter()
            .find(|p| p.contact == "Dana")
            .unwrap();
        assert_eq!((dana.deals, dana.open_leads.len()), (0, 1));
    }

    #[test]
    fn a_client_deal_before_its_lead_in_the_month_closes_none_of_its_own() {
        let ledger = ledger(
            &[
                row("2026-03-05", "Acme", "", (0, 1, 0), 0),
                row("2026-03-20", "Acme", "", (1, 0, 0), 0),
            ],
            None,
        );
        assert_eq!(
            totals(&ledger, "2026-03").open_leads,
            [(month("2026-03"), 1)]
        );
    }

    #[test]
    fn a_deal_without_a_client_closes_a_lead_without_one_first_then_the_oldest_of_any() {
        let rows = [
            row("2026-01-10", "Acme", "", (1, 0, 0), 0),
            row("2026-02-10", "", "", (1, 0, 0), 0),
            row("2026-03-01", "", "", (0, 1, 0), 0),
        ];
        let one = ledger(&rows, None);
        assert_eq!(totals(&one, "2026-03").open_leads, [(month("2026-01"), 1)]);
        let mut more = rows.to_vec();
        more.push(row("2026-04-01", "", "", (0, 1, 0), 0));
        assert!(
            totals(&ledger(&more, None), "2026-04")
                .open_leads
                .is_empty()
        );
    }

    #[test]
    fn a_lost_lead_is_neither_open_nor_a_deal() {
        let ledger = ledger(
            &[
                row("2026-01-10", "Acme", "Dana", (1, 0, 0), 0),
                row("2026-02-10", "Cole", "Dana", (1, 0, 0), 0),
                row("2026-03-01", "Cole", "", (0, 0, 1), 0),
            ],
            None,
        );
        let totals = totals(&ledger, "2026-03");
        assert_eq!(totals.open_leads, [(month("2026-01"), 1)]);
        assert_eq!((totals.figures.deals, totals.figures.lost), (0, 1));
    }

    #[test]
    fn repeat_business_counts_for_its_months_then_is_lifetime_value() {
        let rows = [
            row("2025-03-10", "Acme", "Dana", (1, 0, 0), 0),
            row("2025-03-20", "Acme", "", (0, 1, 0), 1_000),
            row("2026-02-15", "Acme", "", (0, 0, 0), 200),
            row("2026-03-15", "Acme", "", (0, 0, 0), 300),
            row("2026-03-16", "", "", (0, 0, 0), 50),
        ];
        let twelve = ledger(&rows, Some(12));
        let totals = totals(&twelve, "2026-03");
        // The window 2025-04 to 2026-03: February's 200 is in its twelfth month, March's
        // 300 past it; revenue without a client always counts.
        assert_eq!(totals.figures.revenue.hundredths(), 25_000);
        assert_eq!(totals.lifetime_value.hundredths(), 30_000);
        let dana = &totals.partners[0];
        assert_eq!(
            (dana.revenue.hundredths(), dana.lifetime_value.hundredths()),
            (20_000, 30_000)
        );
        assert_eq!(
            twelve.pooled(month("2026-03")).revenue.hundredths(),
            125_000,
            "the pooled deal value leaves it out too"
        );
        let unscored = ledger(&rows, None);
        assert_eq!(totals_revenue(&unscored), 55_000);
    }

    #[test]
    fn names_past_the_bound_are_refused_and_nothing_of_the_row_counts() {
        let mut ledger = Ledger::new();
        for n in 0..MAX_NAMES {
            ledger
                .add(&row("2026-01-10", &format!("Client {n}"), "", (1, 0, 0), 0))
                .unwrap();
        }
        let problem = ledger
            .add(&row("2026-01-11", "One More", "", (1, 0, 0), 0))
            .unwrap_err();
        assert!(
            problem.contains("one more than the 10000 clients"),
            "{problem}"
        );
        assert_eq!(ledger.rows(), MAX_NAMES as u64);
        ledger
            .add(&row("2026-01-12", "client 7", "", (1, 0, 0), 0))
            .unwrap();
    }
}
