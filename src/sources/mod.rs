//! Where activity rows come from: one module per kind of input, each yielding rows held to
//! the log's contract ([`crate::activity`]), so that validation, limits and the wording of
//! errors are shared. The CSV log is read by `csv_log`; every other file is turned into
//! its rows (a sheet into CSV text, an import into items and then log rows). A new kind of
//! input is one more module here, and one line where the command that reads it picks it.

mod books;
pub mod calendar;
pub mod chapter_summary;
pub mod csv_log;
pub mod deals;
pub mod imported;
pub mod input;
pub mod invoices;
pub mod matching;
pub mod member_slips;
pub mod palms;
mod sheet;
pub mod slips;
pub mod spreadsheet;
mod spreadsheet_ml;
pub mod states;
pub mod table_file;
pub mod trackers;

/// What brought a log row in, as its `source` id tells: the user's own hand (no id), or an
/// import, whose ids each begin their own way (a calendar's with the event's UID).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Hand,
    Calendar,
    Tracker(trackers::Tracker),
    Palms,
    Slips,
    /// The user's books: invoices and payments.
    Books,
    /// A CRM's deals: leads, deals won and lost.
    Crm,
}

impl SourceKind {
    pub fn of(id: &str) -> SourceKind {
        if id.is_empty() {
            return SourceKind::Hand;
        }
        if palms::period_of_id(id).is_some() {
            return SourceKind::Palms;
        }
        if member_slips::period_of_id(id).is_some() {
            return SourceKind::Slips;
        }
        if deals::is_deal(id) {
            return SourceKind::Crm;
        }
        if states::state_of(id).is_some() {
            return SourceKind::Books;
        }
        let trackers = [
            trackers::Tracker::Toggl,
            trackers::Tracker::Clockify,
            trackers::Tracker::Harvest,
        ];
        (trackers.into_iter())
            .find(|tracker| {
                (id.strip_prefix(tracker.prefix())).is_some_and(|rest| rest.starts_with(':'))
            })
            .map_or(SourceKind::Calendar, SourceKind::Tracker)
    }
}
