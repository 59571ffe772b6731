//! What reading an import's files left out, counted for its summary.

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
    /// [`super::MAX_IMPORT_ROWS`] of them.
    pub(super) unmatched_labels: Vec<String>,
    /// Lines with no invoice number, invoices never issued or voided, of no amount.
    pub(super) no_id: u64,
    pub(super) not_issued: u64,
    pub(super) no_amount: u64,
    /// Payments not paid: failed, canceled, pending; rows of other transactions.
    pub(super) not_paid: u64,
    pub(super) other_kind: u64,
    /// A CRM's deals whose lead the log already holds from outside the CRM, and its
    /// deals taken back.
    pub(super) lead_logged: u64,
    pub(super) deleted: u64,
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
