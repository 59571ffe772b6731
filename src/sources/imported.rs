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

/// What [`source_id`] leaves free at the end of an id, for a counter (` #12`) that tells
/// two items alike in every other way apart.
pub const ID_ROOM: usize = 8;

/// An item's id as a log's `source` cell holds it: as it is, when it holds no control
/// character or text-direction mark and fits in [`MAX_SOURCE_CHARS`] less [`ID_ROOM`];
/// else its first characters with each such character written `\u{…}`, then ` #` and
/// the whole id's 64-bit FNV-1a hash in hex. So one item keeps one id import after import,
/// two items alike at the start keep theirs apart, and a right-to-left mark in one entry's
/// description no longer blocks a year of entries.
///
/// [`MAX_SOURCE_CHARS`]: crate::activity::MAX_SOURCE_CHARS
pub fn source_id(id: &str) -> String {
    const HASH_CHARS: usize = 18;
    let most = crate::activity::MAX_SOURCE_CHARS - ID_ROOM;
    let id = id.trim();
    let clean = !id.chars().any(crate::messages::is_hostile);
    if clean && id.chars().count() <= most {
        return id.to_string();
    }
    let (mut shown, mut count) = (String::new(), 0);
    for c in id.chars() {
        let piece = if crate::messages::is_hostile(c) {
            format!("\\u{{{:x}}}", u32::from(c))
        } else {
            c.to_string()
        };
        count += piece.chars().count();
        if count > most - HASH_CHARS {
            break;
        }
        shown.push_str(&piece);
    }
    format!("{} #{:016x}", shown.trim_end(), id_hash(id))
}

/// A text's 64-bit FNV-1a hash: the same on every machine and in every version, as an id
/// must be.
pub fn id_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_a_cell_can_hold_is_kept_and_any_other_escaped_and_hashed() {
        assert_eq!(source_id(" toggl:42 "), "toggl:42");
        let hostile = source_id("toggl:a\u{202e}b\nc");
        assert_eq!(
            hostile,
            format!(
                r"toggl:a\u{{202e}}b\u{{a}}c #{:016x}",
                id_hash("toggl:a\u{202e}b\nc")
            )
        );
        let long = "x".repeat(1_000);
        let shortened = source_id(&long);
        assert_eq!(shortened.chars().count(), 292, "{shortened}");
        assert_eq!(shortened, source_id(&long), "the same id each time");
        assert_ne!(
            shortened,
            source_id(&format!("{long}y")),
            "and another for another"
        );
        assert!(crate::activity::parse_source(&shortened).is_ok());
        assert!(crate::activity::parse_source(&hostile).is_ok());
    }
}
