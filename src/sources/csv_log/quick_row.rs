//! The quick path for a whole row: its cells read straight from the reader's buffer as
//! their ends are found, with no record built and no bytes copied. It takes a row on one
//! line that ends in an LF or a CRLF and lies whole in the buffer, whose quoted cells
//! hold no line end and close just before a delimiter or the line's end. Every other row,
//! and every row with a problem or a date that settles how dates are read, is left to
//! [`crate::records::RecordReader`] and [`HeaderMap::row`], which read these rows alike:
//! the property test in [`super`] and the fuzz target `read_log` hold the two equal.

use super::common_cells::{SeenCells, read_common_cell};
use super::header::{HeaderMap, RowDate};
use crate::activity::ActivityRow;
use crate::records::{MAX_FIELD_BYTES, matching_bytes};

/// Reads the row at the start of `buffered` into `row`, and returns how many bytes it
/// takes, its line end included; `None` leaves the row, and the bytes, to the full path.
/// `unquoted` holds a quoted cell's text with its doubled quotes made single.
pub(super) fn read(
    buffered: &[u8],
    header: &mut HeaderMap,
    row: &mut ActivityRow,
    seen: &mut SeenCells,
    unquoted: &mut Vec<u8>,
) -> Option<usize> {
    let dates = &header.dates;
    let (numeric, separator, order) = (dates.numeric, dates.separator, dates.order);
    // A date that reads two ways, or settles which way dates read, is noted and held by
    // the full path.
    let read = read_cells(buffered, header, row, seen, unquoted)
        .filter(|(_, date)| !date.is_either() && header.dates.order == order);
    match read {
        Some((taken, date)) => {
            header.finish_row(row, date);
            Some(taken)
        }
        // What a date cell taught of how dates are written stands only if its row does:
        // the full path reads the row again, checks its width before any cell, and notes
        // a date that settles the order.
        None => {
            let dates = &mut header.dates;
            (dates.numeric, dates.separator, dates.order) = (numeric, separator, order);
            None
        }
    }
}

/// Reads the row's cells for [`read`], and returns how many bytes the row takes and what
/// its date cell read as; what that cell taught of dates is left in place.
fn read_cells(
    buffered: &[u8],
    header: &mut HeaderMap,
    row: &mut ActivityRow,
    seen: &mut SeenCells,
    unquoted: &mut Vec<u8>,
) -> Option<(usize, RowDate)> {
    let line_end = memchr::memchr2(b'\n', b'\r', buffered)?;
    let taken = match buffered.get(line_end..line_end + 2) {
        Some(b"\r\n") => line_end + 2,
        _ if buffered[line_end] == b'\n' => line_end + 1,
        // A CR alone ends a line too, which the full path counts.
        _ => return None,
    };
    let line = &buffered[..line_end];
    if line.len() > MAX_FIELD_BYTES {
        return None;
    }
    let delimiter = header.delimiter;
    let width = header.columns.len();
    let mut date = RowDate::start(row);
    let mut marks = Marks::new(line, delimiter);
    let mut at = 0;
    for index in 0..width {
        let (cell, end) = if line.get(at) == Some(&b'"') {
            let (close, doubled) = closing_quote(line, at + 1)?;
            let text = &line[at + 1..close];
            if doubled {
                (unquote(text, unquoted), close + 1)
            } else {
                (text, close + 1)
            }
        } else {
            let end = marks.next_from(at);
            (&line[at..end], end)
        };
        let last = index + 1 == width;
        match line.get(end) {
            None if last => {}
            Some(&byte) if byte == delimiter && !last => {}
            // A quote inside plain text, text after a closing quote, or more or fewer
            // cells than the header has.
            _ => return None,
        }
        if let Some(&Some(column)) = header.columns.get(index)
            && !read_common_cell(column, cell, row, &mut date.day, seen, header.decimal)
        {
            header.cell(index, cell, row, &mut date, seen).ok()?;
        }
        at = end + 1;
    }
    Some((taken, date))
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

/// The quote that closes a quoted cell whose text starts at `from`, and whether the text
/// holds a doubled quote; `None` when the line ends first.
fn closing_quote(line: &[u8], mut from: usize) -> Option<(usize, bool)> {
    let mut doubled = false;
    loop {
        let quote = from + memchr::memchr(b'"', line.get(from..)?)?;
        if line.get(quote + 1) != Some(&b'"') {
            return Some((quote, doubled));
        }
        doubled = true;
        from = quote + 2;
    }
}

/// Where a line's delimiters and quotes stand, found 64 bytes at a time as a bit each:
/// most cells are a few bytes long, and finding each one's end with a search of its own
/// would cost more than the cell.
struct Marks<'a> {
    line: &'a [u8],
    delimiter: u8,
    /// Where the 64 bytes that `bits` describes start in `line`: a multiple of 64.
    block: usize,
    bits: u64,
}

impl<'a> Marks<'a> {
    fn new(line: &'a [u8], delimiter: u8) -> Marks<'a> {
        let mut marks = Marks {
            line,
            delimiter,
            block: 0,
            bits: 0,
        };
        marks.bits = marks.scan();
        marks
    }

    /// Where the first delimiter or quote at or after `at` stands, or the line's length
    /// when none does. `at` never goes back.
    fn next_from(&mut self, at: usize) -> usize {
        if at >= self.block + 64 {
            self.block = at & !63;
            self.bits = self.scan();
        }
        let mut bits = self.bits & (u64::MAX << (at - self.block));
        while bits == 0 {
            if self.block + 64 >= self.line.len() {
                return self.line.len();
            }
            self.block += 64;
            self.bits = self.scan();
            bits = self.bits;
        }
        self.block + bits.trailing_zeros() as usize
    }

    /// A bit for each delimiter or quote in the 64 bytes from `block`.
    fn scan(&self) -> u64 {
        let start = self.block.min(self.line.len());
        let bytes = &self.line[start..(start + 64).min(self.line.len())];
        let mut bits = 0;
        let mut words = bytes.chunks_exact(8);
        for (place, word) in (&mut words).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let marked = matching_bytes(word, self.delimiter) | matching_bytes(word, b'"');
            bits |= gather_top_bits(marked) << (8 * place);
        }
        let rest = bytes.len() - words.remainder().len();
        for (place, &byte) in words.remainder().iter().enumerate() {
            if byte == self.delimiter || byte == b'"' {
                bits |= 1 << (rest + place);
            }
        }
        bits
    }
}

/// The top bit of each of `word`'s bytes, as 8 bits in the order of the bytes. Each
/// bit lands on its own place in the product, so none carries into another.
fn gather_top_bits(word: u64) -> u64 {
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_found_in_every_block_and_byte() {
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 130] {
            for place in 0..length {
                let mut line = vec![b'a'; length];
                line[place] = b',';
                let mut marks = Marks::new(&line, b',');
                assert_eq!(marks.next_from(0), place, "length {length}");
                assert_eq!(marks.next_from(place + 1), length, "length {length}");
            }
        }
        let line = b"\"a,b\",,c";
        let mut marks = Marks::new(line, b',');
        let found: Vec<usize> = [0, 1, 3, 5, 6, 7, 8]
            .iter()
            .map(|&at| marks.next_from(at))
            .collect();
        assert_eq!(found, [0, 2, 4, 5, 6, 8, 8]);
    }

    #[test]
    fn top_bits_are_gathered_in_order() {
        for place in 0..8 {
            assert_eq!(gather_top_bits(0x80 << (8 * place)), 1 << place);
        }
        assert_eq!(gather_top_bits(0x8080_0000_0000_0080), 0b1100_0001);
    }
}
