//! The pipeline as a list: each group's leads, open or ended, and its deals with a client,
//! as `ledger/pipeline.rs` matched them; and the clients each group brought.

use super::Ledger;
use super::people::NOBODY;
use super::pipeline::{Closed, OpenLead, matched};
use crate::figures::Amount;
use crate::period::Month;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Leads of one group that came in together: one row's, or a month's of rows naming no one.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineLead {
    pub group: String,
    /// Its row's day; the first of its month for leads of rows that named no one, which
    /// the matching counts from the month's start.
    pub date: NaiveDate,
    /// Empty for none.
    pub client: String,
    pub contact: String,
    pub count: u64,
    /// The latest of `date` and the last day a row named its client, in any group.
    pub touched: NaiveDate,
    /// How they ended; `None` while open.
    pub end: Option<LeadEnd>,
}

/// How leads ended: by a deal, or lost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeadEnd {
    /// The closing row's day; the last of its month for a row that named no one.
    pub date: NaiveDate,
    pub lost: bool,
    /// Days from lead to deal, where both rows named the client.
    pub days: Option<i64>,
}

/// Deals of one group for a client on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineDeal {
    pub group: String,
    pub date: NaiveDate,
    pub client: String,
    /// The deal row's contact, else the contact of the lead it closed; empty for none.
    pub referred_by: String,
    pub count: u64,
}

/// Every group's leads, oldest first, and deals with a client, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    pub leads: Vec<PipelineLead>,
    pub deals: Vec<PipelineDeal>,
}

/// A client a group brought: the group of the client's first lead.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientLine {
    pub client: String,
    /// The contact of its first lead; empty for none.
    pub referred_by: String,
    /// The day of its first lead.
    pub first_lead: NaiveDate,
    /// Over every row of the group naming the client: leads, deals and revenue (its repeat
    /// business too, money in other currencies at the user's rates).
    pub leads: u64,
    pub deals: u64,
    pub revenue: Amount,
}

impl Ledger {
    /// Every group's pipeline over its rows up to `through`.
    pub fn pipeline(&self, through: Month) -> Pipeline {
        let mut pipeline = Pipeline::default();
        for (index, group) in self.groups.iter().enumerate() {
            let name = group.display_name();
            let months = group.figures_in(None, Some(through));
            let pipes = self.people.pipes_of(index, through);
            let matched = matched(months, pipes.into_iter(), true);
            for lead in &matched.open {
                pipeline
                    .leads
                    .push(self.lead_line(&name, lead, lead.count, None));
            }
            for closed in &matched.closed {
                self.add_closed(&mut pipeline, &name, closed);
            }
        }
        pipeline
            .leads
            .sort_by(|a, b| (a.date, &a.group, &a.client).cmp(&(b.date, &b.group, &b.client)));
        pipeline
            .deals
            .sort_by(|a, b| (b.date, &a.group, &a.client).cmp(&(a.date, &b.group, &b.client)));
        pipeline
    }

    /// Adds what `closed` ended: the leads, and for a deal naming a client, the deal.
    fn add_closed(&self, pipeline: &mut Pipeline, group: &str, closed: &Closed) {
        let date = closed
            .day
            .unwrap_or(closed.month.plus(1).first_day() - chrono::Days::new(1));
        if let Some(lead) = closed.lead {
            let end = LeadEnd {
                date,
                lost: closed.lost,
                days: closed.days.filter(|_| !closed.lost),
            };
            // A lead of no client closed by a client's deal was that client's.
            let lead = OpenLead {
                client: if lead.client == NOBODY {
                    closed.client
                } else {
                    lead.client
                },
                ..lead
            };
            pipeline
                .leads
                .push(self.lead_line(group, &lead, closed.count, Some(end)));
        }
        if closed.lost || closed.client == NOBODY {
            return;
        }
        let referred_by = match (closed.contact, closed.lead) {
            (NOBODY, Some(lead)) => lead.contact,
            (contact, _) => contact,
        };
        let deal = PipelineDeal {
            group: group.to_string(),
            date,
            client: self.people.clients.shown(closed.client),
            referred_by: self.shown_contact(referred_by),
            count: closed.count,
        };
        match pipeline.deals.last_mut() {
            Some(last)
                if (&last.group, last.date, &last.client, &last.referred_by)
                    == (&deal.group, deal.date, &deal.client, &deal.referred_by) =>
            {
                last.count += deal.count;
            }
            _ => pipeline.deals.push(deal),
        }
    }

    fn lead_line(
        &self,
        group: &str,
        lead: &OpenLead,
        count: u64,
        end: Option<LeadEnd>,
    ) -> PipelineLead {
        let date = lead.date.unwrap_or(lead.month.first_day());
        let touched = match lead.client {
            NOBODY => date,
            client => (self.people.touched.get(&client).copied()).map_or(date, |on| on.max(date)),
        };
        PipelineLead {
            group: group.to_string(),
            date,
            client: match lead.client {
                NOBODY => String::new(),
                client => self.people.clients.shown(client),
            },
            contact: self.shown_contact(lead.contact),
            count,
            touched,
            end,
        }
    }

    fn contact_key(&self, contact: u32) -> String {
        crate::names::group_key(&self.shown_contact(contact))
    }

    fn shown_contact(&self, contact: u32) -> String {
        match contact {
            NOBODY => String::new(),
            contact => self.people.contacts.shown(contact),
        }
    }

    /// The clients the group `key` brought, up to `through`: those whose first lead in any
    /// group was the group's, in the order of their first lead.
    pub fn clients_of(&self, key: &str, through: Month) -> Vec<ClientLine> {
        let Some(index) = self.groups.iter().position(|group| group.key == key) else {
            return Vec::new();
        };
        // Each client's first lead: the day, the group and the contact.
        let mut first: BTreeMap<u32, (NaiveDate, u32, u32)> = BTreeMap::new();
        let last = through.plus(1).first_day();
        for (&(group, date, client, contact), pipe) in &self.people.pipes {
            if client == NOBODY || pipe.leads == 0 || date >= last {
                continue;
            }
            let at = first.entry(client).or_insert((date, group, contact));
            // On one day, the contact first by name: not by the order names were seen.
            let before = match (date, group).cmp(&(at.0, at.1)) {
                std::cmp::Ordering::Equal => self.contact_key(contact) < self.contact_key(at.2),
                ordering => ordering.is_lt(),
            };
            if before {
                *at = (date, group, contact);
            }
        }
        let mut lines: BTreeMap<u32, ClientLine> = first
            .into_iter()
            .filter(|(_, (_, group, _))| *group as usize == index)
            .map(|(client, (date, _, contact))| {
                let line = ClientLine {
                    client: self.people.clients.shown(client),
                    referred_by: self.shown_contact(contact),
                    first_lead: date,
                    leads: 0,
                    deals: 0,
                    revenue: Amount::default(),
                };
                (client, line)
            })
            .collect();
        for (_, place, pipe) in self.people.pipes_of(index, through) {
            if let Some(line) = lines.get_mut(&place.client) {
                line.leads += pipe.leads;
                line.deals += pipe.deals;
            }
        }
        for (_, place, currency, named) in self.people.named_of(index, None, through) {
            if let Some(line) = lines.get_mut(&place.client) {
                line.revenue = line.revenue + self.convert(named.revenue, currency);
            }
        }
        let mut lines: Vec<ClientLine> = lines.into_values().collect();
        lines.sort_by(|a, b| (a.first_lead, &a.client).cmp(&(b.first_lead, &b.client)));
        lines
    }
}
