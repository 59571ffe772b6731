//! What an importer finds, before the config's rules say which group it belongs to.

use crate::figures::Amount;
use chrono::NaiveDate;
use std::rc::Rc;

/// One meeting, time entry or PALMS period.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub date: NaiveDate,
    /// Stable across imports of the same file or a later export of the same calendar.
    pub id: String,
    pub evidence: Evidence,
    /// The texts a group's `match` patterns are tried on: a calendar event's summary,
    /// location, categories and calendar name; a time entry's project, client, tags and
    /// description. Shared, not copied: every occurrence of an event has its event's.
    pub texts: Vec<Rc<str>>,
    /// How messages and --show-unmatched name it.
    pub label: String,
}

/// What an item says happened; the group's settings turn it into a row's figures.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// A calendar event's occurrence, with its duration (or the default).
    Meeting { hours: Amount },
    /// A time tracker's entry.
    TimeEntry { hours: Amount },
    /// A member's line of a PALMS report for the period `from` to `to`.
    Palms {
        from: NaiveDate,
        to: NaiveDate,
        /// Present and late.
        meetings: u64,
        one_to_ones: u64,
        /// Referrals received, inside and outside.
        leads: u64,
        /// Referrals given, inside and outside.
        referrals_given: u64,
    },
}

/// Hours from seconds, rounded to the nearest hundredth (half up).
pub fn hours_of_seconds(seconds: i64) -> Amount {
    Amount::from_hundredths((seconds.max(0).saturating_add(18)) / 36)
}

/// A text file's contents: its byte-order mark says its encoding, else `declared` (the
/// config's `encoding`), else it must be UTF-8.
pub fn decode_text(
    bytes: &[u8],
    name: &str,
    declared: Option<&'static encoding_rs::Encoding>,
) -> anyhow::Result<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned());
    }
    if let Some(encoding) = declared {
        return Ok(encoding.decode_without_bom_handling(bytes).0.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let before = &bytes[..err.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            anyhow::bail!(
                "{name}:{line}: the file is not UTF-8 text; save it as UTF-8, or name its \
                 encoding in netaudit.toml, as in encoding = \"windows-1252\""
            )
        }
    }
}
