//! An item exported again after it changed adds the change: an invoice's id carries its
//! state (`invoice:R-1@119000`, its total in hundredths), and a later state of the same
//! invoice adds what differs, under the id `invoice:R-1@100000~2` (the second state). Never
//! the whole again, and never nothing. A won deal's id carries the revenue it brought
//! (`hubspot:42#won@150000`) the same way; a deal's lead, won and lost are ids of their
//! own (`#lead`, `#won`, `#lost`), so a deal exported open and then won adds the deal.

use super::rows::Imported;
use crate::figures::Amount;
use crate::sources::csv_log::writer::ExistingLog;
use crate::sources::imported::Id;
use crate::sources::states::{State, state_of};
use std::collections::HashMap;

/// Turns each row of the books whose invoice the log holds in another state into the
/// difference, under its next state's id; leaves out those the log holds as they are.
pub(super) fn later_states(rows: &mut Vec<Imported>, log: Option<&ExistingLog>) {
    let Some(log) = log else {
        return;
    };
    // Each invoice's latest state in the log.
    let mut latest: HashMap<&str, State> = HashMap::new();
    for id in log.sources.keys() {
        if let Some(state) = state_of(id) {
            let kept = latest.entry(state.base).or_insert(state);
            if state.step > kept.step {
                *kept = state;
            }
        }
    }
    if latest.is_empty() {
        return;
    }
    rows.retain_mut(|row| {
        let text = row.id.text();
        let Some(now) = state_of(&text) else {
            return true;
        };
        let Some(logged) = latest.get(now.base) else {
            return true;
        };
        if logged.total == now.total {
            return false;
        }
        let id = format!("{}@{}~{}", now.base, now.total, logged.step + 1);
        // The difference alone: the deal itself, or the invoice, is in the log already.
        row.revenue = Amount::from_hundredths(now.total - logged.total);
        row.deals = 0;
        row.id = Id::new(id);
        true
    });
}
