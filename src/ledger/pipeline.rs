//! Which lead each deal closed, and which a lost lead ended, for one group, month by month.
//!
//! Rows without a client count by month, as netaudit always counted leads: the month's
//! leads come in at its start, its deals and lost leads close at its end. Rows with a
//! client count by their day, between: a client's lead comes in on its day, and the
//! client's deal or lost lead on a later day (or the same day, leads first) closes the
//! client's oldest lead still open, else the oldest open lead without a client. A deal
//! without a client closes the oldest open lead without a client, else the oldest of any.

use super::people::{NOBODY, Pipe, Place};
use crate::figures::Figures;
use crate::period::Month;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Leads that came in together and are still open: their month, their day when their row
/// named someone, their client and contact ([`NOBODY`] for none), and how many. Only a
/// lead with a client is ordered by its day; the rest by their month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct OpenLead {
    pub(super) month: Month,
    pub(super) date: Option<NaiveDate>,
    pub(super) client: u32,
    pub(super) contact: u32,
    pub(super) count: u64,
}

/// Deals credited to a contact: the deal row's, else the contact of the lead it closed;
/// deals of no one's are not listed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Credit {
    pub(super) month: Month,
    pub(super) contact: u32,
    pub(super) deals: u64,
    /// Days from the lead to the deal, where both rows named the client and so are dated.
    pub(super) days: Option<i64>,
}

/// Leads a deal or a lost lead ended, or a deal that ended none (`lead` is `None`), as the
/// pipeline lists them (`matched` keeps them only when asked).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Closed {
    /// The leads ended, `count` of them.
    pub(super) lead: Option<OpenLead>,
    pub(super) count: u64,
    /// The closing row's month, its day when it named someone, its client and contact.
    pub(super) month: Month,
    pub(super) day: Option<NaiveDate>,
    pub(super) client: u32,
    pub(super) contact: u32,
    pub(super) lost: bool,
    /// Days from lead to deal, where both rows named the client.
    pub(super) days: Option<i64>,
}

/// What matching a group's leads to its deals leaves: the leads still open, oldest first,
/// every deal credited to a contact, the days from lead to deal of each deal whose rows
/// named the client, by the deal's month, and, when asked, what each closing row ended.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Matched {
    pub(super) open: Vec<OpenLead>,
    pub(super) credits: Vec<Credit>,
    pub(super) days: Vec<(Month, i64)>,
    pub(super) closed: Vec<Closed>,
}

/// How a closing row came: its month, its day when it named anyone, its client and its
/// contact.
#[derive(Clone, Copy)]
struct Closing {
    month: Month,
    day: Option<NaiveDate>,
    client: u32,
    contact: u32,
    lost: bool,
}

impl Closing {
    /// Its day when it named a client, which days to a deal are measured from: a row
    /// naming no client counts at its month's end.
    fn dated(self) -> Option<NaiveDate> {
        self.day.filter(|_| self.client != NOBODY)
    }
}

#[derive(Default)]
struct Open {
    /// Leads without a client, oldest first.
    unnamed: VecDeque<OpenLead>,
    /// Leads with a client, by day and the order they came in.
    named: BTreeMap<(NaiveDate, u64), OpenLead>,
    /// Each client's leads, as keys of `named`.
    by_client: HashMap<u32, BTreeSet<(NaiveDate, u64)>>,
    arrivals: u64,
    credits: Vec<Credit>,
    days: Vec<(Month, i64)>,
    /// Whether to keep what each closing row ended.
    keep_closed: bool,
    closed: Vec<Closed>,
}

impl Open {
    fn arrive(&mut self, lead: OpenLead) {
        match lead.date.filter(|_| lead.client != NOBODY) {
            Some(date) => {
                self.arrivals += 1;
                let key = (date, self.arrivals);
                self.named.insert(key, lead);
                self.by_client.entry(lead.client).or_default().insert(key);
            }
            None => self.unnamed.push_back(lead),
        }
    }

    /// Closes `count` leads for `closing`: the client's own first when it names one, then
    /// those without a client, then, for a row without a client, the oldest of any.
    fn close(&mut self, mut count: u64, client: u32, closing: Closing) {
        if client != NOBODY {
            while count > 0 {
                let Some(&key) = self.by_client.get(&client).and_then(BTreeSet::first) else {
                    break;
                };
                count = self.close_named(key, count, closing);
            }
        }
        while count > 0 {
            let Some(lead) = self.unnamed.front_mut() else {
                break;
            };
            let closed = count.min(lead.count);
            let ended = *lead;
            lead.count -= closed;
            count -= closed;
            if lead.count == 0 {
                self.unnamed.pop_front();
            }
            self.credit(closing, ended.contact, closed, None);
            self.record(closing, Some(ended), closed, None);
        }
        if client == NOBODY {
            while count > 0 {
                let Some((&key, _)) = self.named.first_key_value() else {
                    break;
                };
                count = self.close_named(key, count, closing);
            }
        }
        // A deal with no lead open closes nothing, and is still its contact's deal.
        if count > 0 {
            self.credit(closing, NOBODY, count, None);
            self.record(closing, None, count, None);
        }
    }

    /// Closes up to `count` of the leads at `key`; returns how many are left to close.
    fn close_named(&mut self, key: (NaiveDate, u64), count: u64, closing: Closing) -> u64 {
        let Some(lead) = self.named.get_mut(&key) else {
            return 0;
        };
        let closed = count.min(lead.count);
        let ended = *lead;
        lead.count -= closed;
        let (contact, client, date) = (lead.contact, lead.client, key.0);
        if lead.count == 0 {
            self.named.remove(&key);
            if let Some(keys) = self.by_client.get_mut(&client) {
                keys.remove(&key);
                if keys.is_empty() {
                    self.by_client.remove(&client);
                }
            }
        }
        let days = closing.dated().map(|on| (on - date).num_days());
        if let (Some(days), false) = (days, closing.lost) {
            self.days.push((closing.month, days));
        }
        self.credit(closing, contact, closed, days);
        self.record(closing, Some(ended), closed, days);
        count - closed
    }

    /// Keeps, when asked, that `closing` ended `count` of `lead` (none: closed nothing).
    fn record(&mut self, closing: Closing, lead: Option<OpenLead>, count: u64, days: Option<i64>) {
        if !self.keep_closed || count == 0 {
            return;
        }
        self.closed.push(Closed {
            lead,
            count,
            month: closing.month,
            day: closing.day,
            client: closing.client,
            contact: closing.contact,
            lost: closing.lost,
            days,
        });
    }

    fn credit(&mut self, closing: Closing, lead_contact: u32, deals: u64, days: Option<i64>) {
        if closing.lost || deals == 0 {
            return;
        }
        let contact = match closing.contact {
            NOBODY => lead_contact,
            contact => contact,
        };
        // A deal of no one's says nothing more than the count of deals the group's months
        // already hold.
        if contact == NOBODY {
            return;
        }
        self.credits.push(Credit {
            month: closing.month,
            contact,
            deals,
            days,
        });
    }
}

/// Matches a group's leads to its deals and lost leads over its `months` (its figures,
/// every row's, in order) and `pipes` (the days of its rows that name someone, in order);
/// with `keep_closed`, keeps what each closing row ended.
pub(super) fn matched(
    months: impl Iterator<Item = (Month, Figures)>,
    pipes: impl Iterator<Item = (NaiveDate, Place, Pipe)>,
    keep_closed: bool,
) -> Matched {
    let mut pipes = pipes.peekable();
    let mut open = Open {
        keep_closed,
        ..Open::default()
    };
    for (month, figures) in months {
        let mut of_month: Vec<(NaiveDate, Place, Pipe)> = Vec::new();
        while let Some(&(date, place, pipe)) = pipes.peek() {
            if Month::of(date) > month {
                break;
            }
            pipes.next();
            of_month.push((date, place, pipe));
        }
        let named = of_month
            .iter()
            .fold(Pipe::default(), |sum, (_, _, pipe)| Pipe {
                leads: sum.leads + pipe.leads,
                deals: sum.deals + pipe.deals,
                lost: sum.lost + pipe.lost,
            });
        let unnamed = Pipe {
            leads: figures.leads.saturating_sub(named.leads),
            deals: figures.deals.saturating_sub(named.deals),
            lost: figures.lost.saturating_sub(named.lost),
        };
        let at_month = |day, contact, lost| Closing {
            month,
            day,
            client: NOBODY,
            contact,
            lost,
        };
        // The month's start: its leads without a client.
        let lead = |date, client, contact, count| OpenLead {
            month,
            date,
            client,
            contact,
            count,
        };
        if unnamed.leads > 0 {
            open.arrive(lead(None, NOBODY, NOBODY, unnamed.leads));
        }
        for &(date, place, pipe) in &of_month {
            if place.client == NOBODY && pipe.leads > 0 {
                open.arrive(lead(Some(date), NOBODY, place.contact, pipe.leads));
            }
        }
        // Its days, for rows with a client: each day's leads, then its deals, then lost.
        let with_client: Vec<&(NaiveDate, Place, Pipe)> = (of_month.iter())
            .filter(|(_, place, _)| place.client != NOBODY)
            .collect();
        for day in with_client.chunk_by(|a, b| a.0 == b.0) {
            for &&(date, place, pipe) in day {
                if pipe.leads > 0 {
                    open.arrive(lead(Some(date), place.client, place.contact, pipe.leads));
                }
            }
            for lost in [false, true] {
                for &&(date, place, pipe) in day {
                    let count = if lost { pipe.lost } else { pipe.deals };
                    let closing = Closing {
                        month,
                        day: Some(date),
                        client: place.client,
                        contact: place.contact,
                        lost,
                    };
                    open.close(count, place.client, closing);
                }
            }
        }
        // Its end: deals, then lost leads, of rows without a client.
        for lost in [false, true] {
            let count = if lost { unnamed.lost } else { unnamed.deals };
            open.close(count, NOBODY, at_month(None, NOBODY, lost));
            for &(date, place, pipe) in &of_month {
                let count = if lost { pipe.lost } else { pipe.deals };
                if place.client == NOBODY && count > 0 {
                    open.close(count, NOBODY, at_month(Some(date), place.contact, lost));
                }
            }
        }
    }
    let mut still: Vec<OpenLead> = open.unnamed.into_iter().collect();
    still.extend(open.named.into_values());
    still.sort_by_key(|lead| (lead.month, lead.date));
    Matched {
        open: still,
        credits: open.credits,
        days: open.days,
        closed: open.closed,
    }
}
