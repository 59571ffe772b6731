//! The rows an import adds, kept small until they are written.

use crate::activity::Column;
use crate::config::GroupImport;
use crate::currency::Named;
use crate::figures::Amount;
use crate::sources::csv_log::writer::NewRow;
use crate::sources::imported::{DealStage, Evidence, Id, Item, SlipRole};
use chrono::NaiveDate;

/// A row to add, as small as it can be kept: an import may add half a million.
pub(super) struct Imported<'g> {
    pub date: NaiveDate,
    pub group: &'g str,
    pub meetings: u64,
    pub hours: Amount,
    /// The hours each meeting brought, to take back with a meeting the log already holds.
    pub meeting_hours: Amount,
    pub leads: u64,
    pub referrals_given: u64,
    /// A CRM's deal won, or its lead lost.
    pub deals: u64,
    pub lost: u64,
    /// The row's contact, client and note; empty for none.
    pub contact: String,
    pub client: String,
    pub note: String,
    /// An invoice's total, and the currency it named.
    pub revenue: Amount,
    pub currency: Option<Named>,
    pub id: Id,
}

impl<'g> Imported<'g> {
    /// The row an item makes in `group`, with the group's settings.
    pub fn new(item: Item, group: &'g str, settings: &GroupImport) -> Imported<'g> {
        let mut meeting_hours = settings.meeting_hours;
        let (mut contact, mut note) = (String::new(), String::new());
        let (mut client, mut revenue, mut currency) = (String::new(), Amount::default(), None);
        let (mut deals, mut lost) = (0, 0);
        let (meetings, hours, leads, referrals_given) = match item.evidence {
            Evidence::Meeting { hours } => {
                meeting_hours = hours + settings.travel_hours;
                (1, meeting_hours, 0, 0)
            }
            Evidence::TimeEntry { hours } => {
                (u64::from(settings.entries_are_meetings), hours, 0, 0)
            }
            Evidence::Palms {
                meetings,
                one_to_ones,
                leads,
                referrals_given,
                ..
            } => {
                // Counts are at most MAX_COUNT and hours at most 24, so this cannot overflow.
                let hundredths = meetings as i64 * settings.meeting_hours.hundredths()
                    + one_to_ones as i64 * settings.one_to_one_hours.hundredths();
                (
                    meetings,
                    Amount::from_hundredths(hundredths),
                    leads,
                    referrals_given,
                )
            }
            Evidence::Invoice {
                client: customer,
                amount,
                currency: named,
            } => {
                (client, revenue, currency) = (customer, amount, named);
                (0, Amount::default(), 0, 0)
            }
            Evidence::Deal {
                client: customer,
                contact: referrer,
                stage,
            } => {
                (client, contact) = (customer, referrer);
                match stage {
                    DealStage::Open => (0, Amount::default(), 1, 0),
                    DealStage::Won { .. } => {
                        deals = 1;
                        (0, Amount::default(), 0, 0)
                    }
                    DealStage::Lost => {
                        lost = 1;
                        (0, Amount::default(), 0, 0)
                    }
                }
            }
            Evidence::Slip {
                role,
                contact: other,
                note: about,
                ..
            } => {
                (contact, note) = (other, about);
                match role {
                    SlipRole::Lead => (0, Amount::default(), 1, 0),
                    SlipRole::Given => (0, Amount::default(), 0, 1),
                    SlipRole::OneToOne => (0, settings.one_to_one_hours, 0, 0),
                }
            }
        };
        Imported {
            date: item.date,
            group,
            meetings,
            hours,
            meeting_hours,
            leads,
            referrals_given,
            deals,
            lost,
            contact,
            client,
            note,
            revenue,
            currency,
            id: item.id,
        }
    }

    /// A won deal's row, its id closed with the revenue it holds (`#won@150000`), so that
    /// a later export of the deal at another value adds the difference: the deal's value
    /// where the group's revenue comes from the CRM (`counts_revenue`), else none.
    pub fn won(&mut self, amount: Amount, currency: Option<Named>, counts_revenue: bool) {
        if counts_revenue {
            (self.revenue, self.currency) = (amount, currency);
        }
        self.id = Id::new(format!("{}@{}", self.id, self.revenue.hundredths()));
    }

    /// The row's cells, made when it is written.
    pub fn new_row(&self) -> NewRow {
        let mut cells = vec![
            (Column::Date, self.date.format("%Y-%m-%d").to_string()),
            (Column::Group, self.group.to_string()),
        ];
        let figures = [
            (Column::Meetings, self.meetings, self.meetings.to_string()),
            (
                Column::Hours,
                self.hours.hundredths().unsigned_abs(),
                self.hours.as_cell(),
            ),
            (Column::Leads, self.leads, self.leads.to_string()),
            (
                Column::ReferralsGiven,
                self.referrals_given,
                self.referrals_given.to_string(),
            ),
            (Column::Deals, self.deals, self.deals.to_string()),
            (Column::Lost, self.lost, self.lost.to_string()),
        ];
        cells.extend(
            figures
                .into_iter()
                .filter(|(_, value, _)| *value > 0)
                .map(|(column, _, text)| (column, text)),
        );
        if !self.revenue.is_zero() {
            cells.push((Column::Revenue, money_cell(self.revenue, self.currency)));
        }
        for (column, text) in [
            (Column::Note, &self.note),
            (Column::Contact, &self.contact),
            (Column::Client, &self.client),
        ] {
            if !text.is_empty() {
                cells.push((column, text.clone()));
            }
        }
        cells.push((Column::Source, self.id.to_string()));
        NewRow {
            date: self.date,
            group: self.group.to_string(),
            cells,
            implied_meeting: false,
        }
    }
}

/// `amount` as a money cell, naming the currency as the file did: a code after it
/// (`1200.5 EUR`), a sign before it (`-€25`), or nothing for the log's own.
fn money_cell(amount: Amount, currency: Option<Named>) -> String {
    match currency {
        None => amount.as_cell(),
        Some(Named::Code(code)) => format!("{} {code}", amount.as_cell()),
        Some(Named::Sign(sign)) => {
            let text = amount.as_cell();
            match text.strip_prefix('-') {
                Some(digits) => format!("-{sign}{digits}"),
                None => format!("{sign}{text}"),
            }
        }
    }
}

/// The columns `rows` fill beyond the log's usual ones: the source always; the contact,
/// note and client where rows have them (slips, invoices, deals); a CRM's deals won and
/// leads lost.
pub(super) fn filled_columns(rows: &[Imported]) -> Vec<Column> {
    let mut filled = vec![Column::Source];
    for (column, held) in [
        (
            Column::Contact,
            rows.iter().any(|row| !row.contact.is_empty()),
        ),
        (Column::Note, rows.iter().any(|row| !row.note.is_empty())),
        (
            Column::Client,
            rows.iter().any(|row| !row.client.is_empty()),
        ),
        (Column::Deals, rows.iter().any(|row| row.deals > 0)),
        (Column::Lost, rows.iter().any(|row| row.lost > 0)),
    ] {
        if held {
            filled.push(column);
        }
    }
    filled
}
