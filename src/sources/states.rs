//! The state an id of the books or of a CRM's won deal carries: its total, and which of
//! its states it is. A later export of the same record adds what differs
//! (`cmd/import/changes.rs`).

use super::books::{PREFIX, QUICKBOOKS_PREFIX, STRIPE_PREFIX, XERO_PREFIX};
use super::deals::is_deal;

/// An invoice's state as its id in the log says it: `invoice:R-1@119000~2` is invoice
/// `invoice:R-1` at a total of 1190.00 in its second state (the first has no `~`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct State<'a> {
    pub base: &'a str,
    pub total: i64,
    pub step: u64,
}

/// The state an id of the books names; `None` for another id.
pub fn state_of(id: &str) -> Option<State<'_>> {
    let books = [PREFIX, STRIPE_PREFIX, QUICKBOOKS_PREFIX, XERO_PREFIX];
    if !books.iter().any(|prefix| id.starts_with(prefix)) && !is_deal(id) {
        return None;
    }
    let (base, state) = id.rsplit_once('@')?;
    let (total, step) = match state.split_once('~') {
        Some((total, step)) => (total, step.parse().ok()?),
        None => (state, 1),
    };
    Some(State {
        base,
        total: total.parse().ok()?,
        step,
    })
}
