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
    IdStem::new(id.trim()).id("")
}

/// The start that the ids of many items share (a calendar event's UID, for each of its
/// occurrences), read once: [`IdStem::id`] gives the [`source_id`] of the stem and the
/// rest in time of the rest alone, however long the stem.
pub struct IdStem {
    stem: String,
    chars: usize,
    clean: bool,
    /// The stem as an id too long or hostile shows it, the characters that is, and whether
    /// that is all the id shows.
    shown: String,
    shown_chars: usize,
    full: bool,
    /// The FNV-1a state after the stem's bytes.
    hash: u64,
}

/// The characters of ` #` and a hash in hex.
const HASH_CHARS: usize = 18;
/// The most characters an id holds, room for a counter left.
const MOST_ID_CHARS: usize = crate::activity::MAX_SOURCE_CHARS - ID_ROOM;

impl IdStem {
    pub fn new(stem: &str) -> IdStem {
        let mut made = IdStem {
            stem: stem.to_string(),
            chars: stem.chars().count(),
            clean: !stem.chars().any(crate::messages::is_hostile),
            shown: String::new(),
            shown_chars: 0,
            full: false,
            hash: fnv(0xcbf2_9ce4_8422_2325, stem),
        };
        made.full = show(&mut made.shown, &mut made.shown_chars, stem);
        made
    }

    /// The [`source_id`] of the stem followed by `rest`.
    pub fn id(&self, rest: &str) -> String {
        let clean = self.clean && !rest.chars().any(crate::messages::is_hostile);
        if clean && self.chars + rest.chars().count() <= MOST_ID_CHARS {
            return format!("{}{rest}", self.stem).trim().to_string();
        }
        let (mut shown, mut count) = (self.shown.clone(), self.shown_chars);
        if !self.full {
            show(&mut shown, &mut count, rest);
        }
        format!("{} #{:016x}", shown.trim_end(), fnv(self.hash, rest))
    }
}

/// Adds `text` to `shown`, each control or text-direction character written `\u{…}`, as
/// long as `count` (the characters shown) leaves room for the hash; whether it ran out.
fn show(shown: &mut String, count: &mut usize, text: &str) -> bool {
    for c in text.chars() {
        let piece = if crate::messages::is_hostile(c) {
            format!("\\u{{{:x}}}", u32::from(c))
        } else {
            c.to_string()
        };
        *count += piece.chars().count();
        if *count > MOST_ID_CHARS - HASH_CHARS {
            return true;
        }
        shown.push_str(&piece);
    }
    false
}

/// FNV-1a over `text`'s bytes, from `state`.
fn fnv(state: u64, text: &str) -> u64 {
    text.bytes().fold(state, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A text's 64-bit FNV-1a hash: the same on every machine and in every version, as an id
/// must be.
pub fn id_hash(text: &str) -> u64 {
    fnv(0xcbf2_9ce4_8422_2325, text)
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
