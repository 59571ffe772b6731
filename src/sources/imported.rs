//! What an importer finds, before the config's rules say which group it belongs to.

use crate::currency::Named;
use crate::figures::Amount;
use crate::stable_hash::{START, fnv1a};
use chrono::NaiveDate;
use std::rc::Rc;

/// One meeting, time entry or PALMS period. An import may hold a few hundred thousand, so
/// what many items share (a calendar event's texts) is kept once, in [`About`].
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub date: NaiveDate,
    /// Stable across imports of the same file or a later export of the same calendar.
    pub id: Id,
    pub evidence: Evidence,
    /// What it is about: every occurrence of a calendar event shares its event's.
    pub about: Rc<About>,
}

/// What an item is about, for the config's patterns and for messages.
#[derive(Debug, PartialEq)]
pub struct About {
    /// The texts a group's `match` patterns are tried on: a calendar event's summary,
    /// location, categories and calendar name; a time entry's project, client, tags and
    /// description.
    pub texts: Vec<String>,
    /// How messages name it after its date: texts escaped and cut short.
    pub label: String,
}

impl Item {
    /// How messages and --show-unmatched name it: its date (a PALMS line's period) and
    /// what it is about.
    pub fn label(&self) -> String {
        match self.evidence {
            Evidence::Palms { from, to, .. } => format!("{from}..{to} {}", self.about.label),
            Evidence::Slip {
                from,
                to,
                role,
                ref contact,
                ..
            } if from != to => {
                format!(
                    "{from}..{to} {} ({} {contact})",
                    self.about.label,
                    role.words()
                )
            }
            Evidence::Slip {
                role, ref contact, ..
            } => format!(
                "{} {} ({} {contact})",
                self.date,
                self.about.label,
                role.words()
            ),
            _ => format!("{} {}", self.date, self.about.label),
        }
    }
}

/// What a file held that gives no item, counted for the import's summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    pub cancelled: u64,
    pub declined: u64,
    pub all_day: u64,
    /// Calendar events whose rule netaudit does not follow, each left out whole with its
    /// overrides, and named: where the rule is, why, and the event's summary.
    pub unfollowed: Vec<String>,
    /// Time entries of no length, which would be rows of nothing.
    pub no_length: u64,
    /// TYFCB slips to the member, and what they were worth: business others closed from
    /// the member's referrals, not the member's revenue.
    pub thanked: u64,
    pub thanked_worth: Amount,
    /// CEU slips of the member's.
    pub ceu: u64,
    /// Slips that do not name the member.
    pub of_others: u64,
    /// Lines of an invoices file with no invoice id (a total row), invoices never issued
    /// or voided, and invoices of no amount.
    pub no_id: u64,
    pub not_issued: u64,
    pub no_amount: u64,
    /// Payments that were not paid: failed, canceled, pending.
    pub not_paid: u64,
    /// Rows of a report of other transactions than sales: payments, estimates.
    pub other_kind: u64,
    /// A CRM's deals taken back (Pipedrive's `deleted`).
    pub deleted: u64,
    /// Not left out, but said: payments taken at the export's amount in the account's
    /// currency (Stripe's `Converted Amount`), not at the amount charged.
    pub converted: u64,
}

/// What a slip naming the member was to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlipRole {
    /// A referral to the member: a lead from the slip's other member.
    Lead,
    /// A referral from the member.
    Given,
    /// A one-to-one with the other member.
    OneToOne,
}

impl SlipRole {
    /// The role in a slip's id: fixed, as ids must be.
    pub fn key(self) -> &'static str {
        match self {
            SlipRole::Lead => "lead",
            SlipRole::Given => "given",
            SlipRole::OneToOne => "121",
        }
    }

    fn words(self) -> &'static str {
        match self {
            SlipRole::Lead => "a referral from",
            SlipRole::Given => "a referral to",
            SlipRole::OneToOne => "a one-to-one with",
        }
    }
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
    /// An invoice's total on its date, for its customer as the invoice writes it, in the
    /// currency it names (else the log's).
    Invoice {
        client: String,
        amount: Amount,
        currency: Option<Named>,
    },
    /// A CRM's deal: its lead, or its end. `client` and `contact` are empty for none.
    Deal {
        client: String,
        contact: String,
        stage: DealStage,
    },
    /// A slip of a Slips Audit Report naming the member, of the week on `to` (or an
    /// export's period `from` to `to`).
    Slip {
        from: NaiveDate,
        to: NaiveDate,
        role: SlipRole,
        /// The other member, read as a name.
        contact: String,
        /// Where the other member is from, when outside the chapter; empty for none.
        note: String,
    },
}

/// Where a deal stands.
#[derive(Clone, Debug, PartialEq)]
pub enum DealStage {
    /// Its lead, from the day it was created.
    Open,
    /// Won, for its value in the currency it names (else the log's).
    Won {
        amount: Amount,
        currency: Option<Named>,
    },
    Lost,
}

/// An item's id, as [`source_id`] makes it. Every occurrence of a calendar event begins
/// with its event's UID, which may be 300 wide characters: that head is kept once and
/// shared, so that 200,000 occurrences do not hold 240 MB of copies of it.
#[derive(Clone, Debug)]
pub struct Id {
    head: Option<Rc<str>>,
    tail: Box<str>,
}

impl Id {
    /// `text`, with nothing shared.
    pub fn new(text: String) -> Id {
        Id {
            head: None,
            tail: text.into_boxed_str(),
        }
    }

    /// `whole`, sharing `head` when it begins with it.
    fn sharing(head: &Rc<str>, whole: String) -> Id {
        match whole.strip_prefix(&**head) {
            Some(tail) if !head.is_empty() => Id {
                head: Some(head.clone()),
                tail: tail.into(),
            },
            _ => Id::new(whole),
        }
    }

    /// The id's text.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.head {
            None => std::borrow::Cow::Borrowed(&self.tail),
            Some(head) => std::borrow::Cow::Owned(format!("{head}{}", self.tail)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.head().is_empty() && self.tail.is_empty()
    }

    fn head(&self) -> &str {
        self.head.as_deref().unwrap_or_default()
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.head().bytes().chain(self.tail.bytes())
    }

    /// Whether the two share one head, so that their tails tell them apart.
    fn same_head(&self, other: &Id) -> bool {
        match (&self.head, &other.head) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        if self.same_head(other) {
            return self.tail == other.tail;
        }
        self.head().len() + self.tail.len() == other.head().len() + other.tail.len()
            && self.bytes().eq(other.bytes())
    }
}

impl Eq for Id {}

impl std::hash::Hash for Id {
    /// The whole text's, however it is split between head and tail.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(fnv1a(fnv1a(START, self.head()), &self.tail));
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> std::cmp::Ordering {
        if self.same_head(other) {
            return self.tail.cmp(&other.tail);
        }
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.head(), self.tail)
    }
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
    stem: Rc<str>,
    chars: usize,
    clean: bool,
    /// The stem as an id too long or hostile shows it, the characters that is, and whether
    /// that is all the id shows.
    shown: String,
    shown_chars: usize,
    full: bool,
    /// How much of `shown` begins every id made from the stem, when the stem is long.
    shown_head: Rc<str>,
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
            stem: Rc::from(stem),
            chars: stem.chars().count(),
            clean: !stem.chars().any(crate::messages::is_hostile),
            shown: String::new(),
            shown_chars: 0,
            full: false,
            shown_head: Rc::from(""),
            hash: fnv1a(START, stem),
        };
        made.full = show(&mut made.shown, &mut made.shown_chars, stem);
        if made.full {
            made.shown_head = Rc::from(made.shown.trim_end());
        }
        made
    }

    /// The [`source_id`] of the stem followed by `rest`, sharing the stem's part.
    pub fn shared_id(&self, rest: &str) -> Id {
        let whole = self.id(rest);
        let head = if whole.len() > self.stem.len() && whole.starts_with(&*self.stem) {
            &self.stem
        } else {
            &self.shown_head
        };
        Id::sharing(head, whole)
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
        format!("{} #{:016x}", shown.trim_end(), fnv1a(self.hash, rest))
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
    use crate::stable_hash::stable_hash;

    #[test]
    fn an_id_a_cell_can_hold_is_kept_and_any_other_escaped_and_hashed() {
        assert_eq!(source_id(" toggl:42 "), "toggl:42");
        let hostile = source_id("toggl:a\u{202e}b\nc");
        assert_eq!(
            hostile,
            format!(
                r"toggl:a\u{{202e}}b\u{{a}}c #{:016x}",
                stable_hash("toggl:a\u{202e}b\nc")
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

    #[test]
    fn ids_that_share_their_stem_are_the_ids_they_would_be_alone() {
        let hash = |id: &Id| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id)
        };
        for stem in [
            "uid-1",
            "",
            &"x".repeat(290),
            &"\u{6f22}".repeat(280),
            "a\u{202e}b",
        ] {
            let made = IdStem::new(stem);
            for rest in [" 20260901T070000Z", " 20260908T070000Z", ""] {
                let shared = made.shared_id(rest);
                let alone = Id::new(made.id(rest));
                assert_eq!(shared.text(), alone.text());
                assert_eq!(shared.to_string(), made.id(rest));
                assert_eq!(shared, alone);
                assert_eq!(hash(&shared), hash(&alone));
                assert_eq!(shared.cmp(&alone), std::cmp::Ordering::Equal);
            }
            let (a, b) = (made.shared_id(" 1"), made.shared_id(" 2"));
            assert_ne!(a, b);
            assert_eq!(a.cmp(&b), made.id(" 1").cmp(&made.id(" 2")));
        }
        let long = IdStem::new(&"\u{6f22}".repeat(280)).shared_id(" 20260901T070000Z");
        assert!(long.tail.len() < 40, "the stem is shared: {:?}", long.tail);
    }
}
