//! The quick path for a whole row: its cells read straight from the reader's buffer as
//! their ends are found, with no record built and no bytes copied. It takes a row that
//! ends in an LF or a CRLF and lies whole in the buffer, whose quoted cells close just
//! before a delimiter or the row's end; a quoted cell may hold line ends. Every other row,
//! and every row with a problem or a date that settles how dates are read, is left to
//! [`crate::records::RecordReader`] and [`HeaderMap::row`], which read these rows alike:
//! the property test in [`super`] and the fuzz target `read_log` hold the two equal.

use super::common_cells::SeenCells;
use super::header::{HeaderMap, RowDate};
use crate::activity::ActivityRow;
use crate::records::MAX_FIELD_BYTES;
use wide::u8x16;

/// Reads the row at the start of `buffered` into `row`, and returns how many bytes it
/// takes, its line end included, and how many line ends its quoted cells hold; `None`
/// leaves the row, and the bytes, to the full path. `unquoted` holds a quoted cell's text
/// with its doubled quotes made single.
pub(super) fn read(
    buffered: &[u8],
    header: &mut HeaderMap,
    row: &mut ActivityRow,
    seen: &mut SeenCells,
    unquoted: &mut Vec<u8>,
) -> Option<(usize, u64)> {
    let dates = &header.dates;
    let (numeric, separator, order) = (dates.numeric, dates.separator, dates.order);
    let (had_first, had_two_ways) = (dates.first.is_some(), dates.two_ways.is_some());
    // A date that reads two ways, or settles which way dates read, is noted and held by
    // the full path.
    let read = read_cells(buffered, header, row, seen, unquoted)
        .filter(|(_, date, _)| !date.is_either() && header.dates.order == order);
    match read {
        Some((taken, date, line_ends)) => {
            header.finish_row(row, date);
            Some((taken, line_ends))
        }
        // What a date cell taught of how dates are written stands only if its row does:
        // the full path reads the row again, checks its width before any cell, and notes
        // a date that settles the order.
        None => {
            let dates = &mut header.dates;
            (dates.numeric, dates.separator, dates.order) = (numeric, separator, order);
            if !had_first {
                dates.first = None;
            }
            if !had_two_ways {
                dates.two_ways = None;
            }
            None
        }
    }
}

/// Reads the row's cells for [`read`], and returns how many bytes the row takes, what its
/// date cell read as, and the line ends in its quoted cells; what the date cell taught of
/// dates is left in place.
fn read_cells(
    buffered: &[u8],
    header: &mut HeaderMap,
    row: &mut ActivityRow,
    seen: &mut SeenCells,
    unquoted: &mut Vec<u8>,
) -> Option<(usize, RowDate, u64)> {
    let delimiter = header.delimiter;
    // A header has a date and a group column at least.
    let last = header.columns.len().checked_sub(1)?;
    let mut date = RowDate::start(row, seen);
    let mut marks = Marks::new(buffered, delimiter);
    let mut at = 0;
    let mut line_ends = 0;
    // An empty cell that adds nothing to the row, most cells of a sparse log, is passed
    // over unread.
    let empty_adds_nothing = header.empty_adds_nothing;
    let skips_empty = |index: usize| {
        (empty_adds_nothing.checked_shr(index as u32)).is_some_and(|bits| bits & 1 == 1)
    };
    // Every cell but the last ends at a delimiter, or the row is not one the quick path
    // takes: a quote inside plain text, text after a closing quote, or fewer cells than
    // the header has.
    for index in 0..last {
        if buffered.get(at) == Some(&delimiter) && skips_empty(index) {
            at += 1;
            continue;
        }
        let (cell, end) = next_cell(&mut marks, at, unquoted, &mut line_ends)?;
        if buffered.get(end) != Some(&delimiter) {
            return None;
        }
        header.cell(index, cell, row, &mut date, seen).ok()?;
        at = end + 1;
    }
    // The last ends the line, in an LF or a CRLF: a CR alone is a line end the full path
    // counts, and a delimiter there means more cells than the header has.
    if let Some(taken) = line_end(buffered, at)
        && skips_empty(last)
    {
        return Some((taken, date, line_ends));
    }
    let (cell, end) = next_cell(&mut marks, at, unquoted, &mut line_ends)?;
    let taken = line_end(buffered, end)?;
    header.cell(last, cell, row, &mut date, seen).ok()?;
    Some((taken, date, line_ends))
}

/// Where the line after the LF or CRLF at `at` starts; `None` when no such line end is
/// there.
#[inline(always)]
fn line_end(buffered: &[u8], at: usize) -> Option<usize> {
    match buffered.get(at..at + 2) {
        Some(b"\r\n") => Some(at + 2),
        _ if buffered.get(at) == Some(&b'\n') => Some(at + 1),
        _ => None,
    }
}

/// The cell that starts at `at`, and where it ends: at the delimiter or line end after it.
/// The line ends a quoted cell holds are added to `line_ends`. `None` for a cell the quick
/// path does not take: one not whole in the buffer, or one too long, which the full path
/// words.
#[inline(always)]
fn next_cell<'bytes: 'cell, 'cell>(
    marks: &mut Marks<'bytes>,
    at: usize,
    unquoted: &'cell mut Vec<u8>,
    line_ends: &mut u64,
) -> Option<(&'cell [u8], usize)> {
    let buffered = marks.bytes;
    let (cell, end) = if buffered.get(at) == Some(&b'"') {
        let (close, doubled) = marks.closing_quote(at + 1, line_ends)?;
        let text = &buffered[at + 1..close];
        if doubled {
            (unquote(text, unquoted), close + 1)
        } else {
            (text, close + 1)
        }
    } else {
        let end = marks.next_cell_end(at)?;
        (&buffered[at..end], end)
    };
    (cell.len() <= MAX_FIELD_BYTES).then_some((cell, end))
}

/// `text` with each doubled quote made single, in `unquoted`. Rare, so kept out of the
/// row's loop.
#[inline(never)]
fn unquote<'a>(text: &[u8], unquoted: &'a mut Vec<u8>) -> &'a [u8] {
    unquoted.clear();
    let mut parts = text.split(|&byte| byte == b'"');
    unquoted.extend_from_slice(parts.next().unwrap_or_default());
    // Each doubled quote splits into an empty part, which stands for one quote.
    while let (Some(_), Some(after)) = (parts.next(), parts.next()) {
        unquoted.push(b'"');
        unquoted.extend_from_slice(after);
    }
    unquoted
}

/// Where the delimiters, quotes and line ends stand in the bytes read ahead, found 64
/// bytes at a time as a bit each, 16 bytes to a vector compare: most cells are a few bytes
/// long, and a search of their own for each cell's end would cost more than the cell.
struct Marks<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    /// Where the 64 bytes the masks describe start in `bytes`: a multiple of 64.
    block: usize,
    /// Delimiters, quotes and line ends: where a plain cell ends.
    cell_ends: u64,
    /// Quotes and line ends: where the text of a quoted cell ends.
    quote_ends: u64,
}

impl<'a> Marks<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Marks<'a> {
        let mut marks = Marks {
            bytes,
            delimiter,
            block: 0,
            cell_ends: 0,
            quote_ends: 0,
        };
        (marks.cell_ends, marks.quote_ends) = marks.scan();
        marks
    }

    /// Where the first delimiter, quote or line end at or after `at` stands; `None` when
    /// the bytes read ahead end first. `at` never goes back.
    #[inline(always)]
    fn next_cell_end(&mut self, at: usize) -> Option<usize> {
        self.next(at, |marks| marks.cell_ends)
    }

    /// The quote that closes a quoted cell whose text starts at `from`, and whether the
    /// text holds a doubled quote; the line ends in the text are added to `line_ends`, an
    /// LF, a CR and a CRLF one each. `None` when the bytes read ahead end first.
    fn closing_quote(&mut self, mut from: usize, line_ends: &mut u64) -> Option<(usize, bool)> {
        let mut doubled = false;
        loop {
            let quote = self.next(from, |marks| marks.quote_ends)?;
            if self.bytes[quote] != b'"' {
                // The LF of a CRLF was counted with its CR.
                let after_cr = quote.checked_sub(1).map(|before| self.bytes[before]) == Some(b'\r');
                if !(self.bytes[quote] == b'\n' && after_cr) {
                    *line_ends += 1;
                }
                from = quote + 1;
                continue;
            }
            if self.bytes.get(quote + 1) != Some(&b'"') {
                return Some((quote, doubled));
            }
            doubled = true;
            from = quote + 2;
        }
    }

    /// The first bit at or after `at` of the masks `pick` takes.
    #[inline(always)]
    fn next(&mut self, at: usize, pick: fn(&Marks<'a>) -> u64) -> Option<usize> {
        if at >= self.block + 64 {
            self.block = at & !63;
            (self.cell_ends, self.quote_ends) = self.scan();
        }
        let mut bits = pick(self) & (u64::MAX << (at - self.block));
        while bits == 0 {
            if self.block + 64 >= self.bytes.len() {
                return None;
            }
            self.block += 64;
            (self.cell_ends, self.quote_ends) = self.scan();
            bits = pick(self);
        }
        Some(self.block + bits.trailing_zeros() as usize)
    }

    /// The masks `cell_ends` and `quote_ends` for the 64 bytes from `block`; past the
    /// bytes read ahead, none. Returned rather than stored, so that they reach the caller
    /// in registers: a store of each and a load of both would stall.
    fn scan(&self) -> (u64, u64) {
        match self.bytes.get(self.block..self.block + 64) {
            Some(bytes) => masks(bytes, self.delimiter),
            None => {
                let rest = self.bytes.get(self.block..).unwrap_or_default();
                let mut padded = [0; 64];
                padded[..rest.len()].copy_from_slice(rest);
                masks(&padded, self.delimiter)
            }
        }
    }
}

/// [`Marks::scan`]'s masks for `bytes`, 64 of them.
#[inline(always)]
fn masks(bytes: &[u8], delimiter: u8) -> (u64, u64) {
    let delimiter = u8x16::splat(delimiter);
    let (quote, lf, cr) = (u8x16::splat(b'"'), u8x16::splat(b'\n'), u8x16::splat(b'\r'));
    let (mut all_cell_ends, mut all_quote_ends) = (0, 0);
    for (place, chunk) in bytes.chunks_exact(16).enumerate() {
        let chunk = u8x16::from(<[u8; 16]>::try_from(chunk).unwrap_or_default());
        let quote_ends = chunk.simd_eq(quote) | chunk.simd_eq(lf) | chunk.simd_eq(cr);
        let cell_ends = quote_ends | chunk.simd_eq(delimiter);
        all_cell_ends |= u64::from(cell_ends.to_bitmask()) << (16 * place);
        all_quote_ends |= u64::from(quote_ends.to_bitmask()) << (16 * place);
    }
    (all_cell_ends, all_quote_ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_found_in_every_block_and_byte() {
        for length in [0, 1, 15, 16, 17, 63, 64, 65, 130] {
            for place in 0..length {
                for (mark, ends_quote) in
                    [(b';', false), (b'"', true), (b'\n', true), (b'\r', true)]
                {
                    let mut bytes = vec![b'a'; length];
                    bytes[place] = mark;
                    let mut marks = Marks::new(&bytes, b';');
                    assert_eq!(marks.next_cell_end(0), Some(place), "length {length}");
                    assert_eq!(marks.next_cell_end(place + 1), None, "length {length}");
                    let mut marks = Marks::new(&bytes, b';');
                    let found = marks.next(0, |marks| marks.quote_ends);
                    assert_eq!(found, ends_quote.then_some(place), "length {length}");
                }
            }
        }
        let bytes = b"\"a,b\",,c\n";
        let mut marks = Marks::new(bytes, b',');
        let found: Vec<Option<usize>> = [0, 1, 3, 5, 6, 7, 9, 10]
            .iter()
            .map(|&at| marks.next_cell_end(at))
            .collect();
        let expected = [0, 2, 4, 5, 6, 8].map(Some);
        assert_eq!(found, [&expected[..], &[None, None]].concat());
    }

    #[test]
    fn a_quoted_cell_closes_at_its_last_quote_counting_its_line_ends() {
        let closing = |bytes: &[u8]| {
            let mut line_ends = 0;
            let close = Marks::new(bytes, b',').closing_quote(1, &mut line_ends);
            close.map(|(at, doubled)| (at, doubled, line_ends))
        };
        assert_eq!(closing(b"\"ab\",c"), Some((3, false, 0)));
        assert_eq!(closing(b"\"a\"\"b\",c"), Some((5, true, 0)));
        assert_eq!(closing(b"\"a\""), Some((2, false, 0)));
        assert_eq!(closing(b"\"a\"\""), None);
        assert_eq!(closing(b"\"a,b"), None);
        let far = [b"\"".as_slice(), &[b'x'; 100], b"\"\"", &[b'y'; 40], b"\""].concat();
        assert_eq!(closing(&far), Some((143, true, 0)));
        // Line ends in the text, each counted once: LF, CR, CRLF, and CRLF across blocks.
        assert_eq!(closing(b"\"a\nb\",c"), Some((4, false, 1)));
        assert_eq!(closing(b"\"a\rb\",c"), Some((4, false, 1)));
        assert_eq!(closing(b"\"\r\n\n\r\r\n\"\"\n\""), Some((10, true, 5)));
        let split = [b"\"".as_slice(), &[b'x'; 62], b"\r\n\n\""].concat();
        assert_eq!(closing(&split), Some((66, false, 2)));
        assert_eq!(closing(b"\"a\nb"), None);
    }
}
