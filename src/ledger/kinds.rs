//! Where a row's revenue was recorded, and the setting that says which kind counts for a
//! group (see `once.rs`).

use crate::figures::Amount;
use crate::period::Month;
use crate::sources::SourceKind;

/// Where a row's revenue was recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RevenueKind {
    /// The user's books: invoices and payments.
    #[default]
    Books,
    /// A CRM's won deals.
    Crm,
    /// The log itself: typed by hand, or any other import.
    Log,
}

impl RevenueKind {
    /// Every kind, in the order that breaks a tie where the group's own kind has none.
    pub const ALL: [RevenueKind; 3] = [RevenueKind::Books, RevenueKind::Crm, RevenueKind::Log];

    /// The kind of a row brought in with the id `source` (empty for a row typed by hand).
    pub fn of_source(source: &str) -> RevenueKind {
        match SourceKind::of(source) {
            SourceKind::Books => RevenueKind::Books,
            SourceKind::Crm => RevenueKind::Crm,
            _ => RevenueKind::Log,
        }
    }

    /// The kind as the config writes it.
    pub fn name(self) -> &'static str {
        match self {
            RevenueKind::Books => "books",
            RevenueKind::Crm => "crm",
            RevenueKind::Log => "log",
        }
    }

    /// The kind a config value names.
    pub fn named(text: &str) -> Option<RevenueKind> {
        RevenueKind::ALL
            .into_iter()
            .find(|kind| kind.name() == text)
    }

    /// How a message names revenue of this kind.
    pub fn words(self) -> &'static str {
        match self {
            RevenueKind::Books => "from the books",
            RevenueKind::Crm => "from won CRM deals",
            RevenueKind::Log => "typed in the log",
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// `revenue_from`: the config's default, and each group's own where it gives one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevenueFrom {
    pub default: RevenueKind,
    /// By the group's key.
    pub groups: std::collections::HashMap<String, RevenueKind>,
}

impl RevenueFrom {
    /// The kind the group with this key takes its revenue from.
    pub fn of(&self, key: &str) -> RevenueKind {
        self.groups.get(key).copied().unwrap_or(self.default)
    }
}

/// Revenue of one kind set aside for a client's month, because another kind's counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncounted {
    pub group: String,
    pub month: Month,
    pub client: String,
    pub kind: RevenueKind,
    /// In the log's currency.
    pub amount: Amount,
    /// The kind that counts there, and what it holds.
    pub counted: RevenueKind,
    pub counted_amount: Amount,
}
