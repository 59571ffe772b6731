//! The quick path for a cell written in its commonest form, read straight from its bytes,
//! and the cache of cells seen before. Held equal to the full parsers of
//! [`crate::activity`] by the property tests below.

use crate::activity::format::Decimal;
use crate::activity::{ActivityRow, Column, MAX_COUNT, MAX_GROUP_NAME_CHARS, MAX_GROUPS};
use crate::currency::{LogCurrencies, Reading};
use crate::figures::Amount;
use crate::ledger::SeenGroup;
use crate::messages;
use crate::names::normalize_group_into;
use chrono::NaiveDate;
use std::sync::atomic::{AtomicU64, Ordering};

/// Reads a cell written in its commonest form (`YYYY-MM-DD`, bare digits, a name that
/// is valid text) straight from its bytes, without building a string. `false` sends it
/// down the full path, which takes every form the log allows and words the problems; the
/// two read a cell in its commonest form alike. Inlined into the loops over a row's cells,
/// so that a cell costs no call.
#[inline(always)]
pub(super) fn read_common_cell(
    column: Column,
    raw: &[u8],
    row: &mut ActivityRow,
    date: &mut Option<NaiveDate>,
    seen: &mut SeenCells,
    numbers: &NumberMarks,
) -> bool {
    let (mark, thousands, signs) = (numbers.mark, numbers.thousands, &numbers.signs);
    let figures = &mut row.figures;
    // A match on the column itself, not on its kind: one jump straight to the field's
    // write, where the kind's field pointers cost a few instructions a cell. Every column
    // is named, so a new one is the compiler's to point out here.
    match column {
        Column::Date => seen.read_date(raw, date),
        Column::Group => seen.read_group(raw, row),
        Column::Meetings => common_count(raw).map(|n| figures.meetings = n).is_some(),
        Column::Leads => common_count(raw).map(|n| figures.leads = n).is_some(),
        Column::Deals => common_count(raw).map(|n| figures.deals = n).is_some(),
        Column::Lost => common_count(raw).map(|n| figures.lost = n).is_some(),
        Column::ReferralsGiven => common_count(raw)
            .map(|n| figures.referrals_given = n)
            .is_some(),
        Column::Hours => common_amount(raw, mark)
            .map(|a| figures.hours = a)
            .is_some(),
        Column::Cost => common_money(raw, mark, thousands, signs)
            .map(|(amount, reading)| {
                figures.cost = amount;
                row.currencies.set(column, reading);
            })
            .is_some(),
        Column::Revenue => common_money(raw, mark, thousands, signs)
            .map(|(amount, reading)| {
                figures.revenue = amount;
                row.currencies.set(column, reading);
            })
            .is_some(),
        Column::OtherValue => common_money(raw, mark, thousands, signs)
            .map(|(amount, reading)| {
                figures.other_value = amount;
                row.currencies.set(column, reading);
            })
            .is_some(),
        Column::Note => raw.is_ascii() || std::str::from_utf8(raw).is_ok(),
        Column::Contact => common_name(raw)
            .map(|name| replace(&mut row.contact, name))
            .is_some(),
        Column::Client => common_name(raw)
            .map(|name| replace(&mut row.client, name))
            .is_some(),
        // Ids and spreads are rare enough to take the full path, which checks them.
        Column::Source | Column::Covers => false,
    }
}

/// `text` in place of what `kept` held, in the string it already has.
#[inline(always)]
fn replace(kept: &mut String, text: &str) {
    kept.clear();
    kept.push_str(text);
}

/// A name cell in its commonest form, which the full parser
/// ([`crate::activity::parse_name`]) would leave as it is: printable ASCII, words one space
/// apart, no space around them, at most [`MAX_GROUP_NAME_CHARS`] long.
#[inline(always)]
fn common_name(raw: &[u8]) -> Option<&str> {
    let plain = raw.len() <= MAX_GROUP_NAME_CHARS
        && raw.first() != Some(&b' ')
        && raw.last() != Some(&b' ')
        && raw.iter().all(|byte| (b' '..=b'~').contains(byte))
        && !raw.windows(2).any(|pair| pair == b"  ");
    // Printable ASCII is UTF-8.
    plain.then(|| std::str::from_utf8(raw).ok()).flatten()
}

/// Whether an empty cell in `column` leaves a row as [`super::header::RowDate::start`]
/// left it: all but a date or a group, which a row must have. An empty figure is 0, an
/// empty note no note, an empty spread 1 month, an empty id no id, and an ignored column
/// is never read. The quick path passes over such a cell instead of reading it.
pub(super) fn empty_cell_adds_nothing(column: Option<Column>) -> bool {
    !matches!(column, Some(Column::Date | Column::Group))
}

/// A log's decimal mark and thousands separator as bytes, and the sign of its own
/// currency, worked out once for all its cells.
#[derive(Clone, Copy, Debug)]
pub(super) struct NumberMarks {
    mark: u8,
    thousands: u8,
    /// The signs money may start with here, and what each means for the ledger (see
    /// [`LogCurrencies::quick_signs`]); any other takes the full path.
    signs: QuickSigns,
}

/// Signs the quick path takes, as UTF-8, each with its reading.
type QuickSigns = [Option<(&'static [u8], Reading)>; 4];

impl NumberMarks {
    pub(super) fn of(decimal: Decimal, currencies: &LogCurrencies) -> NumberMarks {
        NumberMarks {
            mark: decimal.mark() as u8,
            thousands: decimal.thousands() as u8,
            signs: currencies
                .quick_signs()
                .map(|sign| sign.map(|(sign, reading)| (sign.as_bytes(), reading))),
        }
    }
}

/// The most group cells a reader keeps, and the longest it keeps, spaces around the name
/// and all: at most a few MiB. A log with more ways of writing its groups, or longer ones,
/// has the rest read in full each time.
const MAX_SEEN_GROUP_CELLS: usize = 2 * MAX_GROUPS;
pub(super) const MAX_SEEN_GROUP_CELL_BYTES: usize = 2 * MAX_GROUP_NAME_CHARS;

/// Cells read before, with what they read as. Most rows repeat a group written the same
/// way and many repeat the date of the row before, so these are read once, not per row.
pub(super) struct SeenCells {
    /// Each group cell kept of 8 to 32 bytes, most names, to its place among those kept.
    short_group_cells: foldhash::HashMap<ShortCell, u32>,
    /// Each other group cell kept, to its place among those kept.
    group_cells: foldhash::HashMap<Box<[u8]>, u32>,
    /// The names the kept cells read as, one after another: a few KiB that stay in the
    /// first-level cache, where a string of its own for each name did not.
    names: String,
    /// Where each kept cell's name starts and ends in `names`.
    name_spans: Vec<(u32, u32)>,
    /// How many group cells are kept.
    pub(super) kept: u32,
    /// Whether a row of a kept cell gets a copy of its name, or leaves it to
    /// [`SeenCells::group_of`].
    pub(super) names_in_rows: bool,
    last_date: Option<([u8; 10], NaiveDate)>,
    /// The kept cell the group of the row being read is in, if it is in one.
    pub(super) row_cell: Option<SeenGroup>,
    /// This reader's own number, for [`SeenGroup`]: no two readers of a run share one.
    reader: u64,
}

/// The number the next reader takes.
static NEXT_READER: AtomicU64 = AtomicU64::new(0);

impl SeenCells {
    pub(super) fn new() -> SeenCells {
        SeenCells {
            reader: NEXT_READER.fetch_add(1, Ordering::Relaxed),
            short_group_cells: foldhash::HashMap::default(),
            group_cells: foldhash::HashMap::default(),
            names: String::new(),
            name_spans: Vec::new(),
            kept: 0,
            names_in_rows: true,
            last_date: None,
            row_cell: None,
        }
    }

    /// Reads a date cell written `2026-03-14` into `date`, at once when the row before
    /// wrote the same.
    #[inline(always)]
    fn read_date(&mut self, raw: &[u8], date: &mut Option<NaiveDate>) -> bool {
        let cell: Option<[u8; 10]> = raw.try_into().ok();
        if let (Some(cell), Some((last, day))) = (cell, self.last_date)
            && cell == last
        {
            *date = Some(day);
            return true;
        }
        let Some(day) = common_date(raw) else {
            return false;
        };
        *date = Some(day);
        self.last_date = cell.map(|cell| (cell, day));
        true
    }

    /// Reads a group cell that is valid text into `row`, from what it read as before when
    /// this reader has seen it; a row of a cell kept before gets its name only with
    /// `names_in_rows`.
    fn read_group(&mut self, raw: &[u8], row: &mut ActivityRow) -> bool {
        row.group.clear();
        let short = ShortCell::of(raw);
        let known = match &short {
            Some(short) => self.short_group_cells.get(short),
            None => self.group_cells.get(raw),
        };
        if let Some(&cell) = known {
            if !self.names_in_rows {
                self.row_cell = Some(self.seen_group(cell));
                return true;
            }
            if let Some(name) = self.kept_name(cell) {
                row.group.push_str(name);
                self.row_cell = Some(self.seen_group(cell));
                return true;
            }
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            return false;
        };
        let name = text.trim();
        // No more characters than bytes, so a name this short is never too long.
        if name.is_empty()
            || name.len() > MAX_GROUP_NAME_CHARS
            || name.chars().any(messages::is_hostile)
        {
            return false;
        }
        normalize_group_into(name, &mut row.group);
        let cell = self.kept;
        let keep = (cell as usize) < MAX_SEEN_GROUP_CELLS && raw.len() <= MAX_SEEN_GROUP_CELL_BYTES;
        let (start, end) = (self.names.len(), self.names.len() + row.group.len());
        // At most MAX_SEEN_GROUP_CELLS names of a few hundred bytes each: `names` never
        // reaches 4 GiB.
        if let (true, Ok(start), Ok(end)) = (keep, u32::try_from(start), u32::try_from(end)) {
            self.names.push_str(&row.group);
            self.name_spans.push((start, end));
            match short {
                Some(short) => self.short_group_cells.insert(short, cell),
                None => self.group_cells.insert(raw.into(), cell),
            };
            self.kept += 1;
            self.row_cell = Some(self.seen_group(cell));
        }
        true
    }

    /// The group cell kept at `cell`, for a ledger to remember.
    fn seen_group(&self, cell: u32) -> SeenGroup {
        SeenGroup {
            reader: self.reader,
            cell,
        }
    }

    /// The name of the group cell kept at `cell`.
    fn kept_name(&self, cell: u32) -> Option<&str> {
        let &(start, end) = self.name_spans.get(cell as usize)?;
        self.names.get(start as usize..end as usize)
    }

    /// The group of `row`, read by this reader: the row's own copy of the name or, for a
    /// row read without `names_in_rows`, the name of its kept cell.
    pub(super) fn group_of<'a>(&'a self, row: &'a ActivityRow) -> &'a str {
        match self.row_cell {
            Some(seen) if row.group.is_empty() && seen.reader == self.reader => {
                self.kept_name(seen.cell).unwrap_or_default()
            }
            _ => &row.group,
        }
    }
}

/// A cell of 8 to 32 bytes as its length and four of its words, which overlap so as to
/// hold every byte: equal keys are equal cells. Comparing and hashing one takes a few
/// instructions, where a boxed cell takes a load from elsewhere and a byte compare.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortCell {
    length: usize,
    words: [u64; 4],
}

impl std::hash::Hash for ShortCell {
    /// Each word given to the map's seeded hasher as a number, not as bytes: folding them
    /// into one first would let a crafted log make its cells collide whatever the seed.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in self.words {
            state.write_u64(word);
        }
    }
}

impl ShortCell {
    fn of(raw: &[u8]) -> Option<ShortCell> {
        let length = raw.len();
        if !(8..=32).contains(&length) {
            return None;
        }
        let word = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or_default());
        // The first and last words, and two between that reach from one to the other.
        let middle = 8.min(length - 8);
        let before_last = length.saturating_sub(16).max(middle);
        Some(ShortCell {
            length,
            words: [word(0), word(middle), word(before_last), word(length - 8)],
        })
    }
}

/// `2026-03-14`, when the day exists.
fn common_date(raw: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *raw else {
        return None;
    };
    let year = digits_value(&[y1, y2, y3, y4])?;
    let month = digits_value(&[m1, m2])?;
    let day = digits_value(&[d1, d2])?;
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// Up to 7 bare digits, within [`MAX_COUNT`]; empty is 0.
fn common_count(raw: &[u8]) -> Option<u64> {
    if raw.len() > 7 {
        return None;
    }
    digits_value(raw).filter(|&n| n <= MAX_COUNT)
}

/// Up to 9 plain digits (so below [`MAX_AMOUNT`]), then perhaps the decimal `mark` and one
/// or two decimals; empty is 0.
fn common_amount(raw: &[u8], mark: u8) -> Option<Amount> {
    let (whole, cents) = match raw.iter().position(|&b| b == mark) {
        None => (raw, 0),
        Some(point) => {
            let fraction = &raw[point + 1..];
            let cents = match fraction.len() {
                1 => digits_value(fraction)? * 10,
                2 => digits_value(fraction)?,
                _ => return None,
            };
            (&raw[..point], cents)
        }
    };
    if whole.len() > 9 || (whole.is_empty() && !raw.is_empty()) {
        return None;
    }
    // At most 9 digits, so far within an i64.
    Some(Amount::from_hundredths(
        (digits_value(whole)? * 100 + cents) as i64,
    ))
}

/// Money as [`common_amount`] reads it, or after one of `signs`, with its whole units
/// perhaps grouped in thousands by `thousands` (a leading group of 1 to 3 digits, then
/// groups of 3), as in `$4,800.50`; empty is 0. With what its sign means: the log's own
/// currency where it has none.
fn common_money(
    raw: &[u8],
    mark: u8,
    thousands: u8,
    signs: &QuickSigns,
) -> Option<(Amount, Reading)> {
    if raw.is_empty() || (raw[0].is_ascii_digit() && !raw.contains(&thousands)) {
        return common_amount(raw, mark).map(|amount| (amount, Reading::Own));
    }
    let (unsigned, reading) = signs
        .iter()
        .flatten()
        .find_map(|(sign, reading)| Some((raw.strip_prefix(*sign)?, *reading)))
        .unwrap_or((raw, Reading::Own));
    let amount = |amount: Option<Amount>| amount.map(|amount| (amount, reading));
    // A sign alone is no amount.
    if unsigned.is_empty() {
        return None;
    }
    let whole_end = unsigned
        .iter()
        .position(|&byte| byte == mark)
        .unwrap_or(unsigned.len());
    let (whole, fraction) = unsigned.split_at(whole_end);
    if !whole.contains(&thousands) {
        return amount(common_amount(unsigned, mark));
    }
    // The groups joined, then the fraction: at most 9 digits and 3 decimals are read.
    let mut joined = [0; 13];
    let mut length = 0;
    for (index, group) in whole.split(|&byte| byte == thousands).enumerate() {
        let fits = if index == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !fits || length + group.len() > 9 {
            return None;
        }
        joined[length..length + group.len()].copy_from_slice(group);
        length += group.len();
    }
    let rest = joined.get_mut(length..length + fraction.len())?;
    rest.copy_from_slice(fraction);
    amount(common_amount(&joined[..length + fraction.len()], mark))
}

/// The value of ASCII digits; `None` if any byte is not one. Empty is 0.
fn digits_value(digits: &[u8]) -> Option<u64> {
    let mut value = 0;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + u64::from(digit);
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{parse_count, parse_hours, parse_hours_in, parse_money_in};
    use crate::currency::Code;
    use crate::period::parse_date;
    use proptest::prelude::*;

    #[test]
    fn a_short_cell_changes_with_every_byte() {
        for length in 0..40 {
            let cell: Vec<u8> = (0..length as u8).collect();
            let Some(key) = ShortCell::of(&cell) else {
                assert!(!(8..=32).contains(&length), "length {length}");
                continue;
            };
            for place in 0..length {
                let mut changed = cell.clone();
                changed[place] ^= 0x80;
                assert!(
                    ShortCell::of(&changed) != Some(key),
                    "length {length}, byte {place}"
                );
            }
        }
    }

    #[test]
    fn money_grouped_otherwise_is_left_to_the_full_parser() {
        for cell in [
            "$",
            "€",
            "$,",
            ",123",
            "1,23",
            "1234,567",
            "1,234,5678",
            "1,2345",
            "12,345,678,901",
            "1,234.567",
            "1,234.5,0",
            "$$1",
            "1,,234",
            "1,234,",
        ] {
            assert_eq!(
                common_money(cell.as_bytes(), b'.', b',', &signs(Some("USD"))),
                None,
                "{cell}"
            );
        }
        let read = |cell: &str, own: Option<&str>| {
            common_money(cell.as_bytes(), b'.', b',', &signs(own))
                .map(|(amount, reading)| (amount.hundredths(), reading))
        };
        assert_eq!(
            read("$123,456,789.5", Some("USD")),
            Some((12_345_678_950, Reading::Own))
        );
        assert_eq!(read("£0.05", Some("GBP")), Some((5, Reading::Own)));
        assert_eq!(read("", Some("USD")), Some((0, Reading::Own)));
        assert_eq!(read("£5", Some("USD")), None, "another currency's sign");
        assert_eq!(
            read("₹5", None),
            None,
            "a sign the quick path leaves to the full one"
        );
        let euro = Code::of_code("EUR").unwrap();
        assert_eq!(
            read("€5", None),
            Some((500, Reading::Settling(euro))),
            "where the log's currency is not set, the sign's is kept for the ledger"
        );
    }

    /// The signs the quick path takes where the log's currency is `own` (unset: `None`).
    fn signs(own: Option<&str>) -> QuickSigns {
        NumberMarks::of(Decimal::Point, &currencies(own)).signs
    }

    fn currencies(own: Option<&str>) -> LogCurrencies {
        LogCurrencies {
            own: own.and_then(crate::currency::of_setting),
            ..LogCurrencies::default()
        }
    }

    #[test]
    fn a_plain_name_is_read_quickly_and_any_other_takes_the_full_path() {
        assert_eq!(common_name(b"Dana Price"), Some("Dana Price"));
        assert_eq!(
            common_name(b"Baker & Sons Plumbing"),
            Some("Baker & Sons Plumbing")
        );
        for other in [
            &b"Dana  Price"[..],
            b" Dana",
            b"Dana ",
            b"Dana\tPrice",
            "Zoë".as_bytes(),
        ] {
            assert_eq!(
                common_name(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
        assert_eq!(common_name(&[b'a'; MAX_GROUP_NAME_CHARS + 1]), None);
    }

    proptest! {
        /// What the quick readers take, the full parsers take too, as the same value.
        #[test]
        fn read_as_the_full_parsers_read_them(cell in "[0-9.,$€£¥ a-]{0,14}") {
            let raw = cell.as_bytes();
            if let Some(count) = common_count(raw) {
                prop_assert_eq!(parse_count(&cell), Ok(count));
            }
            if let Some(amount) = common_amount(raw, b'.') {
                prop_assert_eq!(parse_hours(&cell), Ok(amount));
                prop_assert_eq!(parse_money_in(&cell, Decimal::Point), Ok((amount, None)));
            }
            if let Some(amount) = common_amount(raw, b',') {
                prop_assert_eq!(parse_hours_in(&cell, Decimal::Comma), Ok(amount));
                prop_assert_eq!(parse_money_in(&cell, Decimal::Comma), Ok((amount, None)));
            }
            // The quick reader's money and what its sign means are the full parser's, read
            // as the log's reader reads a money cell, whatever the log's currency.
            for own in [None, Some("USD"), Some("EUR")] {
                let currencies = currencies(own);
                for (decimal, mark, thousands) in [(Decimal::Point, b'.', b','), (Decimal::Comma, b',', b'.')] {
                    let signs = NumberMarks::of(decimal, &currencies).signs;
                    if let Some((amount, reading)) = common_money(raw, mark, thousands, &signs) {
                        let (parsed, named) =
                            parse_money_in(&cell, decimal).map_err(TestCaseError::fail)?;
                        prop_assert_eq!(parsed, amount);
                        let full = named.map_or(Ok(Reading::Own), |named| currencies.read(named));
                        prop_assert_eq!(full, Ok(reading));
                    }
                }
            }
        }

        /// Money in the forms a spreadsheet writes it, which the quick reader takes.
        #[test]
        fn money_with_signs_and_thousands_is_read_quickly(
            sign in "|\\$|€|£|¥",
            units in 0u64..1_000_000_000,
            cents in proptest::option::of(0u64..100),
            comma in any::<bool>(),
        ) {
            let (mark, thousands) = if comma { (',', '.') } else { ('.', ',') };
            let digits = units.to_string();
            let mut grouped = String::new();
            for (index, digit) in digits.chars().enumerate() {
                if index > 0 && (digits.len() - index) % 3 == 0 {
                    grouped.push(thousands);
                }
                grouped.push(digit);
            }
            let fraction = cents.map(|cents| format!("{mark}{cents:02}")).unwrap_or_default();
            let cell = format!("{sign}{grouped}{fraction}");
            let expected = Amount::from_hundredths((units * 100 + cents.unwrap_or(0)) as i64);
            let decimal = if comma { Decimal::Comma } else { Decimal::Point };
            let named = crate::currency::split(&cell).1;
            prop_assert_eq!(parse_money_in(&cell, decimal), Ok((expected, named)));
            // Taken quickly both where the log's currency is not set and where it is the
            // sign's.
            let own = named.map(|named| named.currency(None).to_string());
            for currencies in [currencies(None), currencies(own.as_deref())] {
                let signs = NumberMarks::of(decimal, &currencies).signs;
                let quick = common_money(cell.as_bytes(), mark as u8, thousands as u8, &signs);
                prop_assert_eq!(quick.map(|(amount, _)| amount), Some(expected));
            }
        }

        #[test]
        fn names_read_as_the_full_parser_reads_them(cell in "[ a-zA-Z.&'\t\u{a0}é-]{0,12}|.{0,8}") {
            if let Some(name) = common_name(cell.as_bytes()) {
                prop_assert_eq!(crate::activity::parse_name(&cell), Ok(name.to_string()));
            }
        }

        #[test]
        fn dates_read_as_the_full_parser_reads_them(cell in "[0-9]{4}-[0-9]{1,2}-[0-9]{1,3}|.{0,11}") {
            if let Some(day) = common_date(cell.as_bytes()) {
                prop_assert_eq!(parse_date(&cell).ok(), Some(day));
            }
        }
    }
}
