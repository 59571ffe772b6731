//! A group's people over a window: the leads still open once deals closed their own, the
//! revenue that is a client's repeat business beyond the score's months, and each contact's
//! share of what the group brought.

use super::Ledger;
use super::once::{Winners, counted};
use super::people::{NOBODY, Named};
use super::pipeline::matched;
use crate::currency::Code;
use crate::figures::Amount;
use crate::period::{Month, Window};
use chrono::NaiveDate;
use foldhash::HashMap;
use std::collections::BTreeMap;

/// One contact's share of a group's figures over a window. Revenue and other value of a
/// row that names a client and no contact are the contact's who referred the client (the
/// contact of the client's first lead in the group that names one).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartnerTotals {
    /// The contact's name as shown.
    pub contact: String,
    pub leads: u64,
    /// Deals credited: the deal row's contact, else the contact of the lead it closed.
    pub deals: u64,
    pub lost: u64,
    /// Revenue that counts in the score: a client's within `repeat_business_months` of its
    /// first business.
    pub revenue: Amount,
    /// Revenue beyond those months: the client's lifetime value, kept out of the score.
    pub lifetime_value: Amount,
    pub other_value: Amount,
    /// Hours of rows naming the contact with no meeting: one-to-ones, not the room's time.
    pub hours: Amount,
    /// Rows naming the contact with hours and no meeting.
    pub one_to_ones: u64,
    pub referrals_given: u64,
    /// The day of the contact's latest lead up to the window's end, at any time.
    pub last_lead: Option<NaiveDate>,
    /// The contact's leads of the window still open at its end, by the month they came in.
    pub open_leads: Vec<(Month, u64)>,
    /// Days from lead to deal of each deal credited in the window whose rows are dated.
    pub days_to_deal: Vec<i64>,
}

impl PartnerTotals {
    /// Whether any figure of the contact's in the window is not 0, its open leads aside.
    pub fn did_something(&self) -> bool {
        self.leads + self.deals + self.lost + self.one_to_ones + self.referrals_given > 0
            || !(self.revenue.is_zero()
                && self.lifetime_value.is_zero()
                && self.other_value.is_zero()
                && self.hours.is_zero())
    }

    /// Whether the contact did anything in the window, or has a lead of it still open.
    fn is_in_window(&self) -> bool {
        self.did_something() || !self.open_leads.is_empty()
    }
}

/// What a group's revenue sets aside, out of its figures.
#[derive(Debug, Default)]
pub(super) struct SetAside {
    /// All of it, to take off the figures: in the log's currency, and in others by month,
    /// not converted.
    pub(super) own: Amount,
    pub(super) converted: BTreeMap<(Month, Code), Amount>,
    /// A client's revenue beyond the repeat-business months, in the log's currency.
    pub(super) lifetime: Amount,
    /// Revenue of one kind where another's counts, in the log's currency.
    pub(super) uncounted: Amount,
}

/// What the people book adds to a group's totals over a window.
#[derive(Debug, Default)]
pub(super) struct GroupPeople {
    pub(super) open_leads: Vec<(Month, u64)>,
    /// What the window's revenue sets aside.
    pub(super) set_aside: SetAside,
    pub(super) partners: Vec<PartnerTotals>,
    pub(super) contacts_named: u64,
    /// Days from lead to deal of each deal of the window whose rows named the client.
    pub(super) days_to_deal: Vec<i64>,
}

impl Ledger {
    /// Whether revenue of `client` in `month` is beyond the repeat-business months.
    fn is_lifetime(&self, first: &HashMap<u32, Month>, client: u32, month: Month) -> bool {
        let Some(months) = self.membership.repeat_business_months else {
            return false;
        };
        client != NOBODY
            && (first.get(&client))
                .is_some_and(|&first| month >= first.plus(i64::from(months.max(1))))
    }

    /// What the group at `index` sets aside of its revenue from `from` (or its first
    /// month) to `through`: a client's beyond the repeat-business months, and revenue of
    /// one kind where another's counts (see [`super::once`]), by `winners` over the same
    /// months.
    pub(super) fn set_aside_of(
        &self,
        index: usize,
        from: Option<Month>,
        through: Month,
        first: &HashMap<u32, Month>,
        winners: &Winners,
    ) -> SetAside {
        let mut set = SetAside::default();
        for (month, place, currency, named) in self.people.named_of(index, from, through) {
            if named.revenue.is_zero() {
                continue;
            }
            let counted = counted(&named, winners.get(&(month, place.client)));
            let uncounted = named.revenue - counted;
            let lifetime = match self.is_lifetime(first, place.client, month) {
                true => counted,
                false => Amount::default(),
            };
            let off = uncounted + lifetime;
            if off.is_zero() {
                continue;
            }
            match currency {
                None => set.own = set.own + off,
                Some(code) => {
                    let sum: &mut Amount = set.converted.entry((month, code)).or_default();
                    *sum = *sum + off;
                }
            }
            set.lifetime = set.lifetime + self.convert(lifetime, currency);
            set.uncounted = set.uncounted + self.convert(uncounted, currency);
        }
        set
    }

    /// The group at `index` over `window`, as the people book tells it; `first` gives each
    /// client's first month of business.
    pub(super) fn group_people(
        &self,
        index: usize,
        window: Window,
        first: &HashMap<u32, Month>,
    ) -> GroupPeople {
        let group = &self.groups[index];
        let months = group.figures_in(None, Some(window.last));
        let pipes = self.people.pipes_of(index, window.last);
        let matched = matched(months, pipes.iter().copied(), false);
        let mut people = GroupPeople {
            days_to_deal: (matched.days.iter())
                .filter(|(month, _)| window.contains(*month))
                .map(|&(_, days)| days)
                .collect(),
            ..GroupPeople::default()
        };
        // Leads still open from before the window count for nothing in it: a long log's
        // years of them are not kept for every group.
        for lead in matched
            .open
            .iter()
            .filter(|lead| window.contains(lead.month))
        {
            match people.open_leads.last_mut() {
                Some((month, count)) if *month == lead.month => *count += lead.count,
                _ => people.open_leads.push((lead.month, lead.count)),
            }
        }
        let winners = self.winners(index, Some(window.first), window.last);
        people.set_aside =
            self.set_aside_of(index, Some(window.first), window.last, first, &winners);

        let mut by_contact: BTreeMap<u32, PartnerTotals> = BTreeMap::new();
        let mut referrer: HashMap<u32, u32> = HashMap::default();
        for &(date, place, pipe) in &pipes {
            if place.contact == NOBODY {
                continue;
            }
            let partner = by_contact.entry(place.contact).or_default();
            if pipe.leads > 0 {
                referrer.entry(place.client).or_insert(place.contact);
                partner.last_lead = partner.last_lead.max(Some(date));
            }
            if window.contains(Month::of(date)) {
                partner.leads += pipe.leads;
                partner.lost += pipe.lost;
            }
        }
        for credit in &matched.credits {
            if credit.contact == NOBODY || !window.contains(credit.month) {
                continue;
            }
            let partner = by_contact.entry(credit.contact).or_default();
            partner.deals += credit.deals;
            if let Some(days) = credit.days {
                partner.days_to_deal.push(days);
            }
        }
        // Leads still open from before the window count for nothing in it.
        for lead in matched
            .open
            .iter()
            .filter(|lead| window.contains(lead.month))
        {
            if lead.contact != NOBODY {
                let open = &mut by_contact.entry(lead.contact).or_default().open_leads;
                match open.last_mut() {
                    Some((month, count)) if *month == lead.month => *count += lead.count,
                    _ => open.push((lead.month, lead.count)),
                }
            }
        }
        for (month, place, currency, named) in self.people.named_of(index, None, window.last) {
            let contact = match place.contact {
                NOBODY => referrer.get(&place.client).copied().unwrap_or(NOBODY),
                contact => contact,
            };
            if contact == NOBODY {
                continue;
            }
            let partner = by_contact.entry(contact).or_default();
            if window.contains(month) {
                self.add_named(partner, &named, currency, place.contact != NOBODY);
                let revenue = counted(&named, winners.get(&(month, place.client)));
                if self.is_lifetime(first, place.client, month) {
                    partner.lifetime_value =
                        partner.lifetime_value + self.convert(revenue, currency);
                } else {
                    partner.revenue = partner.revenue + self.convert(revenue, currency);
                }
            }
        }
        people.contacts_named = by_contact.len() as u64;
        // A contact with nothing in the window and no lead open has no line to show; a
        // long log names hundreds, for every group and every window asked of it.
        people.partners = (by_contact.into_iter())
            .filter(|(_, partner)| partner.is_in_window())
            .map(|(contact, mut partner)| {
                partner.contact = self.people.contacts.shown(contact);
                partner
            })
            .collect();
        people
    }

    /// Adds a month's `named` figures to `partner`: the money always, the time and the
    /// referrals only where the row named the contact itself (`own`).
    fn add_named(
        &self,
        partner: &mut PartnerTotals,
        named: &Named,
        currency: Option<Code>,
        own: bool,
    ) {
        partner.other_value = partner.other_value + self.convert(named.other_value, currency);
        if own {
            partner.hours = partner.hours + named.hours;
            partner.one_to_ones += named.one_to_ones;
            partner.referrals_given += named.referrals_given;
        }
    }

    /// `amount` in the log's currency: as it is, or converted from `currency` at the
    /// user's rate.
    pub(super) fn convert(&self, amount: Amount, currency: Option<Code>) -> Amount {
        match currency.and_then(|code| self.membership.currencies.rate(code)) {
            Some(rate) => rate.convert(amount),
            None => amount,
        }
    }
}
