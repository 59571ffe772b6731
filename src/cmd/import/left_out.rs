//! What reading an import's files left out: counted for its summary, and listed where
//! `--show-unmatched` asks.

use super::write::Written;
use super::{MAX_IMPORT_ROWS, plural};
use crate::cli::ImportSource;
use crate::messages;
use crate::sources::imported::Dropped;

/// What reading the files left out, for the summary.
#[derive(Default)]
pub(super) struct LeftOut {
    pub(super) cancelled: u64,
    pub(super) declined: u64,
    pub(super) all_day: u64,
    pub(super) before: u64,
    pub(super) after: u64,
    /// Items of a group dated after the month it was left, which a report would refuse.
    pub(super) after_leaving: u64,
    /// Calendar events whose rule netaudit does not follow, named.
    pub(super) unfollowed: Vec<String>,
    /// Time entries of no length.
    pub(super) no_length: u64,
    /// A member's TYFCB slips, with their worth, CEU slips, and others' slips.
    pub(super) thanked: u64,
    pub(super) thanked_worth: crate::figures::Amount,
    pub(super) ceu: u64,
    pub(super) of_others: u64,
    pub(super) unmatched: u64,
    /// The unmatched items' labels, kept only for --show-unmatched, and at most
    /// [`MAX_IMPORT_ROWS`] of them.
    pub(super) unmatched_labels: Vec<String>,
    /// Lines with no invoice number, invoices never issued or voided, of no amount.
    pub(super) no_id: u64,
    pub(super) not_issued: u64,
    pub(super) no_amount: u64,
    /// Payments not paid: failed, canceled, pending; rows of other transactions.
    pub(super) not_paid: u64,
    pub(super) other_kind: u64,
    /// A CRM's leads, and deals won, the log already holds from outside the CRM (the
    /// client's first lead; a deal of the client in that month), and its deals taken back.
    pub(super) deal_logged: u64,
    pub(super) deleted: u64,
    /// Won deals of a value whose group takes its revenue from elsewhere than the CRM.
    pub(super) won_elsewhere: u64,
    /// Payments taken at the export's converted amount.
    pub(super) converted: u64,
    /// What the invoices credited to no one hold, by the currency they name.
    pub(super) unmatched_worth: std::collections::BTreeMap<Option<String>, crate::figures::Amount>,
}

impl LeftOut {
    /// Counts what one file left out.
    pub(super) fn add(&mut self, dropped: Dropped) {
        self.cancelled += dropped.cancelled;
        self.declined += dropped.declined;
        self.all_day += dropped.all_day;
        self.unfollowed.extend(dropped.unfollowed);
        self.no_length += dropped.no_length;
        self.no_id += dropped.no_id;
        self.not_issued += dropped.not_issued;
        self.no_amount += dropped.no_amount;
        self.not_paid += dropped.not_paid;
        self.other_kind += dropped.other_kind;
        self.deleted += dropped.deleted;
        self.converted += dropped.converted;
        self.thanked += dropped.thanked;
        self.thanked_worth = self.thanked_worth + dropped.thanked_worth;
        self.ceu += dropped.ceu;
        self.of_others += dropped.of_others;
    }
}

/// Lists what --show-unmatched asks for: the items no group took (the invoices of clients
/// no one brought), and those the log already holds by hand or from another source.
pub(super) fn list_left_out(
    importer: ImportSource,
    tally: &LeftOut,
    written: &Written,
    show_unmatched: bool,
) {
    if !tally.unmatched_labels.is_empty() {
        let (count, s) = (tally.unmatched, plural(tally.unmatched));
        messages::note(match importer {
            ImportSource::Invoices
            | ImportSource::Stripe
            | ImportSource::Quickbooks
            | ImportSource::Xero => format!(
                "{count} invoice{s} of clients no [clients] entry or lead in the log credits to \
                 a group:"
            ),
            ImportSource::Hubspot | ImportSource::Pipedrive => format!(
                "{count} deal item{s} of clients no [clients] entry, lead in the log or group's \
                 `match` pattern credits to a group:"
            ),
            _ => format!("{count} item{s} no group's `match` patterns fit:"),
        });
        for label in &tally.unmatched_labels {
            messages::hint(format_args!("  {label}"));
        }
        let unlisted = tally.unmatched - tally.unmatched_labels.len() as u64;
        if unlisted > 0 {
            messages::hint(format_args!(
                "  and {unlisted} more, past the {MAX_IMPORT_ROWS} listed; import a shorter span \
                 to list them"
            ));
        }
    }
    let logged = &written.absorbed.left_out;
    if show_unmatched && !logged.is_empty() {
        messages::note(format_args!(
            "{} item{} the log already holds by hand or from another source:",
            logged.len(),
            plural(logged.len() as u64)
        ));
        for label in logged {
            messages::hint(format_args!("  {label}"));
        }
    }
}
