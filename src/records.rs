//! Splits CSV bytes into records, strictly and in bounded memory.
//!
//! The csv crate reads an unclosed quote as one field running to the end of the file, and
//! `"a"b` as `ab`, without a word; either would make rows vanish from a report. This reader
//! accepts the same well-formed CSV (RFC 4180 with LF, CRLF or CR line ends, as the csv
//! crate does; a property test holds the two to the same output) and flags both mistakes
//! with the line where the quote opened. It also stops storing a field at
//! [`MAX_FIELD_BYTES`] and a row at [`MAX_FIELDS`], so no input can make it allocate more.
//!
//! A record that lies whole in the buffer, as most do, is split in one go; any other is
//! read a byte at a time. A property test holds the two to the same records.

use std::io::{self, Read};

/// The longest field kept, in bytes. A note of a few pages fits; a runaway field does not.
#[cfg(not(fuzzing))]
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// Small enough for a fuzzer's inputs to pass.
#[cfg(fuzzing)]
pub const MAX_FIELD_BYTES: usize = 64;
/// The most fields a row may have. A log has at most 11 columns.
pub const MAX_FIELDS: usize = 100;

/// The most fields of one record that are counted; past them reading stops, so that an
/// endless run of commas is no endless read.
#[cfg(not(fuzzing))]
pub const MAX_COUNTED_FIELDS: usize = 1 << 24;
#[cfg(fuzzing)]
pub const MAX_COUNTED_FIELDS: usize = 256;
const BUFFER_BYTES: usize = 256 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What is wrong with a record's shape. Only the first flaw of a record is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// A quoted field had text after its closing quote. `field` counts from 1.
    TextAfterQuote { field: usize, line: u64 },
    /// A quote opened on `line` never closed, so the field ran to the end of the input.
    UnclosedQuote { field: usize, line: u64 },
    /// A field longer than [`MAX_FIELD_BYTES`]. Reading stops there: the field's end may
    /// never come.
    FieldTooLong { field: usize },
    /// More than [`MAX_FIELDS`] fields; [`Record::width`] has the real count.
    TooManyFields,
}

/// How a record's line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    Lf,
    CrLf,
    Cr,
}

/// One record, its fields' bytes kept in one buffer that is reused from record to record.
#[derive(Debug, Default)]
pub struct Record {
    /// The line the record starts on, counting from 1.
    pub line: u64,
    data: Vec<u8>,
    /// Where each field kept lies in `data`.
    fields: Vec<(usize, usize)>,
    /// Where the field being read starts in `data`.
    field_start: usize,
    width: usize,
    flaw: Option<Flaw>,
    line_end: Option<LineEnd>,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    /// The number of fields in the row, including any not kept past [`MAX_FIELDS`].
    pub fn width(&self) -> usize {
        self.width
    }

    /// The field at `index` (from 0), if it was kept.
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        let &(start, end) = self.fields.get(index)?;
        self.data.get(start..end)
    }

    /// The fields kept, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.fields
            .iter()
            .map(|&(start, end)| self.data.get(start..end).unwrap_or_default())
    }

    pub fn flaw(&self) -> Option<Flaw> {
        self.flaw
    }

    /// How the record's last line ended; `None` at the end of the input.
    pub fn line_end(&self) -> Option<LineEnd> {
        self.line_end
    }

    fn clear(&mut self, line: u64) {
        self.line = line;
        self.data.clear();
        self.fields.clear();
        self.field_start = 0;
        self.width = 0;
        self.flaw = None;
        self.line_end = None;
    }

    /// Whether the record is past what is read of one: a field too long, or more fields
    /// than are counted. Reading stops at such a record.
    fn past_limits(&self) -> bool {
        matches!(self.flaw, Some(Flaw::FieldTooLong { .. })) || self.width > MAX_COUNTED_FIELDS
    }

    fn flag(&mut self, flaw: Flaw) {
        self.flaw.get_or_insert(flaw);
    }

    /// Adds bytes to the field being read, up to the limits.
    fn extend(&mut self, bytes: &[u8]) {
        if self.width >= MAX_FIELDS || bytes.is_empty() {
            return;
        }
        let room = MAX_FIELD_BYTES - (self.data.len() - self.field_start);
        if bytes.len() <= room {
            self.data.extend_from_slice(bytes);
        } else {
            self.data.extend_from_slice(&bytes[..room]);
            self.flag(Flaw::FieldTooLong {
                field: self.width + 1,
            });
        }
    }

    fn end_field(&mut self) {
        if self.width < MAX_FIELDS {
            self.fields.push((self.field_start, self.data.len()));
            self.field_start = self.data.len();
        } else if self.width == MAX_FIELDS {
            self.flag(Flaw::TooManyFields);
        }
        self.width += 1;
    }
}

/// Reads records from any byte source.
pub struct RecordReader<R> {
    input: R,
    buffer: Box<[u8]>,
    position: usize,
    filled: usize,
    /// Bytes of the input before the buffer's first, counted from where reading began.
    buffer_offset: u64,
    at_end: bool,
    line: u64,
    /// The last byte taken was a CR, so an LF now ends the same line.
    after_cr: bool,
    started: bool,
    /// A record went past the limits (see [`Record::past_limits`]): nothing more is read.
    halted: bool,
    /// The byte between fields: a comma, or in another dialect a semicolon or a tab.
    delimiter: u8,
}

impl<R: Read> RecordReader<R> {
    /// Reads from the start of an input: a byte order mark there is not data.
    pub fn new(input: R) -> RecordReader<R> {
        RecordReader::at(input, 0, 1)
    }

    /// Reads from the middle of an input that stands at `offset` bytes from its start, as
    /// if a record started there, counting lines from `line`.
    pub fn at(input: R, offset: u64, line: u64) -> RecordReader<R> {
        RecordReader {
            input,
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            position: 0,
            filled: 0,
            buffer_offset: offset,
            at_end: false,
            line,
            after_cr: false,
            started: offset > 0,
            halted: false,
            delimiter: b',',
        }
    }

    /// Splits fields at `delimiter` from here on instead of a comma.
    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// The delimiter the first record uses: of a comma, a semicolon and a tab, the one
    /// found most often outside quotes, a comma when none is. Reads no record, only looks
    /// ahead (as far as the buffer holds) from the start of the input, to the first line
    /// end outside quotes however the input arrives.
    pub fn sniff_delimiter(&mut self) -> io::Result<u8> {
        if !self.started {
            self.skip_bom()?;
        }
        let mut counts = [0usize; 3];
        let mut quoted = false;
        let mut scanned = self.position;
        'record: loop {
            for &byte in &self.buffer[scanned..self.filled] {
                match byte {
                    b'"' => quoted = !quoted,
                    b'\n' | b'\r' if !quoted => break 'record,
                    _ if quoted => {}
                    b',' => counts[0] += 1,
                    b';' => counts[1] += 1,
                    b'\t' => counts[2] += 1,
                    _ => {}
                }
            }
            scanned = self.filled;
            if self.filled == self.buffer.len() || self.at_end {
                break;
            }
            let read = self.read_into(self.filled)?;
            self.at_end = read == 0;
            self.filled += read;
        }
        let candidates = [b',', b';', b'\t'];
        let most = (0..3).max_by_key(|&index| (counts[index], usize::from(index == 0)));
        Ok(most
            .filter(|&index| counts[index] > 0)
            .map_or(b',', |index| candidates[index]))
    }

    /// How far into the input reading has come, in bytes.
    pub fn offset(&self) -> u64 {
        self.buffer_offset + self.position as u64
    }

    /// The line reading has come to.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Adds `lines` to the line count, for a reader that began in the middle of its input.
    pub fn renumber(&mut self, lines: u64) {
        self.line += lines;
    }

    /// Passes over blank lines to where the next record starts, and returns that offset;
    /// `None` at the end of the input.
    pub fn next_start(&mut self) -> io::Result<Option<u64>> {
        if self.halted {
            return Ok(None);
        }
        if !self.started {
            self.skip_bom()?;
        }
        loop {
            match self.peek()? {
                None => return Ok(None),
                Some(b'\n' | b'\r') => self.take(),
                Some(_) => return Ok(Some(self.offset())),
            }
        }
    }

    /// Where the record at the start of the bytes read ahead starts, when one plainly does
    /// there: the bytes hold more than a line end. `None` leaves the question to
    /// [`RecordReader::next_start`], which reads on and passes over blank lines. Cheap
    /// enough to ask before every record.
    #[inline]
    pub fn buffered_start(&self) -> Option<u64> {
        let &first = self.buffered().first()?;
        (self.started && !self.halted && first != b'\n' && first != b'\r').then(|| self.offset())
    }

    /// The bytes read ahead into the buffer from where reading has come: after
    /// [`RecordReader::next_start`], from the start of the next record. A caller that reads
    /// a record from them itself takes it with [`RecordReader::take_record`].
    pub fn buffered(&self) -> &[u8] {
        &self.buffer[self.position..self.filled]
    }

    /// Consumes the first `length` bytes of [`RecordReader::buffered`]: one record, read
    /// by the caller, that ends in an LF or a CRLF and holds `line_ends` more in its
    /// quoted fields (LF, CR and CRLF counted one each, as the reader counts them).
    pub fn take_record(&mut self, length: usize, line_ends: u64) {
        debug_assert!(length <= self.filled - self.position);
        self.position += length;
        self.line += 1 + line_ends;
        self.after_cr = false;
    }

    /// Reads the next record into `record`; `false` at the end of the input.
    /// Blank lines between records are passed over.
    pub fn read(&mut self, record: &mut Record) -> io::Result<bool> {
        self.read_before(record, u64::MAX)
    }

    /// As [`RecordReader::read`], but a record that starts at offset `stop` or later is
    /// left unread, and `false` returned.
    pub fn read_before(&mut self, record: &mut Record, stop: u64) -> io::Result<bool> {
        match self.next_start()? {
            Some(start) if start < stop => {}
            _ => return Ok(false),
        }
        record.clear(self.line);
        if self.read_plain(record) {
            return Ok(true);
        }
        loop {
            let quoted = match self.buffer[self.position..self.filled].first() {
                Some(&byte) => byte == b'"',
                None => self.peek()? == Some(b'"'),
            };
            if quoted {
                self.take();
                if !self.quoted_field(record)? {
                    record.end_field();
                    return Ok(true);
                }
            }
            // Up to the field's end; a quote here is text, as in `10" pizza`.
            let end = loop {
                let rest = &self.buffer[self.position..self.filled];
                if let Some(index) = memchr::memchr3(self.delimiter, b'\n', b'\r', rest) {
                    let end = rest[index];
                    record.extend(&rest[..index]);
                    self.advance(index);
                    break Some(end);
                }
                record.extend(rest);
                self.advance(rest.len());
                if record.past_limits() || self.peek()?.is_none() {
                    break None;
                }
            };
            record.end_field();
            if record.past_limits() {
                self.halted = true;
                return Ok(true);
            }
            match end {
                Some(byte) if byte == self.delimiter => self.take(),
                Some(byte) => {
                    self.take();
                    record.line_end = Some(self.line_end_after(byte)?);
                    return Ok(true);
                }
                None => return Ok(true),
            }
        }
    }

    /// Reads the record at once when it lies whole in the buffer and ends in an LF, its
    /// quoted fields (if any) holding no quote or line end of their own, within the limits.
    /// That is most records; `false` leaves the record to the byte-by-byte reading above,
    /// which reads these alike.
    fn read_plain(&mut self, record: &mut Record) -> bool {
        let rest = &self.buffer[self.position..self.filled];
        let Some(first) = memchr::memchr3(b'\n', b'"', b'\r', rest) else {
            return false;
        };
        let (line_end, split) = if rest[first] == b'\n' {
            split_unquoted(&rest[..first], self.delimiter, &mut record.fields);
            (first, true)
        } else {
            let Some(line_end) = memchr::memchr(b'\n', &rest[first..]) else {
                return false;
            };
            let line_end = first + line_end;
            (
                line_end,
                split_quoted(&rest[..line_end], self.delimiter, &mut record.fields),
            )
        };
        let line = &rest[..line_end];
        let fields = &mut record.fields;
        let within_limits = fields.len() <= MAX_FIELDS
            && (line.len() <= MAX_FIELD_BYTES
                || fields
                    .iter()
                    .all(|&(start, end)| end - start <= MAX_FIELD_BYTES));
        if !split || !within_limits {
            fields.clear();
            return false;
        }
        record.data.extend_from_slice(line);
        record.width = fields.len();
        record.line_end = Some(LineEnd::Lf);
        self.advance(line_end);
        self.take();
        true
    }

    /// Reads a quoted field's text, its opening quote taken, up to and including its closing
    /// quote; `false` when the input ended first, or the field passed its limit. What follows the quote is left unread, and
    /// flagged when it is not a field's or a line's end.
    fn quoted_field(&mut self, record: &mut Record) -> io::Result<bool> {
        let quote_line = self.line;
        loop {
            let rest = &self.buffer[self.position..self.filled];
            let Some(index) = memchr::memchr3(b'"', b'\n', b'\r', rest) else {
                record.extend(rest);
                self.advance(rest.len());
                if record.past_limits() {
                    self.halted = true;
                    return Ok(false);
                }
                if self.peek()?.is_none() {
                    record.flag(Flaw::UnclosedQuote {
                        field: record.width + 1,
                        line: quote_line,
                    });
                    return Ok(false);
                }
                continue;
            };
            let byte = rest[index];
            record.extend(&rest[..index]);
            self.advance(index);
            if record.past_limits() {
                self.halted = true;
                return Ok(false);
            }
            self.take();
            if byte != b'"' {
                record.extend(&[byte]);
                continue;
            }
            match self.peek()? {
                Some(b'"') => {
                    self.take();
                    record.extend(b"\"");
                }
                None | Some(b'\n' | b'\r') => return Ok(true),
                Some(byte) if byte == self.delimiter => return Ok(true),
                Some(_) => {
                    record.flag(Flaw::TextAfterQuote {
                        field: record.width + 1,
                        line: self.line,
                    });
                    return Ok(true);
                }
            }
        }
    }

    /// Takes the LF of a CRLF that `byte` began, and says which line end it was.
    fn line_end_after(&mut self, byte: u8) -> io::Result<LineEnd> {
        if byte == b'\n' {
            return Ok(LineEnd::Lf);
        }
        if self.peek()? == Some(b'\n') {
            self.take();
            Ok(LineEnd::CrLf)
        } else {
            Ok(LineEnd::Cr)
        }
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        self.started = true;
        while self.filled < BOM.len() && !self.at_end {
            let read = self.read_into(self.filled)?;
            self.at_end = read == 0;
            self.filled += read;
        }
        if self.buffer[..self.filled].starts_with(BOM) {
            self.position = BOM.len();
        }
        Ok(())
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.position == self.filled {
            if self.at_end {
                return Ok(None);
            }
            self.buffer_offset += self.filled as u64;
            self.position = 0;
            self.filled = self.read_into(0)?;
            if self.filled == 0 {
                self.at_end = true;
                return Ok(None);
            }
        }
        Ok(Some(self.buffer[self.position]))
    }

    /// Reads more input into the buffer from `start`; 0 at the end of the input.
    fn read_into(&mut self, start: usize) -> io::Result<usize> {
        loop {
            match self.input.read(&mut self.buffer[start..]) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                result => return result,
            }
        }
    }

    /// Consumes the byte `peek` returned, counting lines: LF, CR and CRLF each end one.
    fn take(&mut self) {
        let byte = self.buffer[self.position];
        self.position += 1;
        if byte == b'\r' || (byte == b'\n' && !self.after_cr) {
            self.line += 1;
        }
        self.after_cr = byte == b'\r';
    }

    /// Consumes `count` buffered bytes that hold no line end.
    fn advance(&mut self, count: usize) {
        if count > 0 {
            self.position += count;
            self.after_cr = false;
        }
    }
}

/// Splits a line with no quote and no CR at its delimiters.
fn split_unquoted(line: &[u8], delimiter: u8, fields: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let mut words = line.chunks_exact(8);
    let mut base = 0;
    // Eight bytes at a time: most fields are short, so finding each comma with a search
    // of its own would cost more than the field.
    for word in &mut words {
        let mut commas = matching_bytes(
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
            delimiter,
        );
        while commas != 0 {
            let index = base + (commas.trailing_zeros() / 8) as usize;
            fields.push((start, index));
            start = index + 1;
            commas &= commas - 1;
        }
        base += 8;
    }
    for (index, &byte) in words.remainder().iter().enumerate() {
        if byte == delimiter {
            fields.push((start, base + index));
            start = base + index + 1;
        }
    }
    fields.push((start, line.len()));
}

/// The top bit of each byte of `word` that is `byte`, and no other bit. Adding 0x7F to
/// each byte's low seven bits cannot carry into the next byte, so no byte sways another.
fn matching_bytes(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let zero_if_match = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((zero_if_match & LOW_SEVEN) + LOW_SEVEN) | zero_if_match | LOW_SEVEN)
}

/// Splits a line with no LF whose quoted fields hold no quote or CR and end at a delimiter
/// or the line's end, and whose other fields hold no quote or CR; `false` for any other line.
fn split_quoted(line: &[u8], delimiter: u8, fields: &mut Vec<(usize, usize)>) -> bool {
    let mut at = 0;
    loop {
        let (start, end, next) = if line.get(at) == Some(&b'"') {
            let Some(length) = memchr::memchr2(b'"', b'\r', &line[at + 1..]) else {
                return false;
            };
            let close = at + 1 + length;
            if line[close] != b'"' {
                return false;
            }
            (at + 1, close, close + 1)
        } else {
            let length = line[at..]
                .iter()
                .position(|&byte| byte == delimiter || matches!(byte, b'"' | b'\r'))
                .unwrap_or(line.len() - at);
            (at, at + length, at + length)
        };
        fields.push((start, end));
        match line.get(next) {
            None => return true,
            Some(&byte) if byte == delimiter => at = next + 1,
            // A doubled quote, text after a quote, a quote inside plain text, or a CR.
            Some(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8]) -> Vec<(u64, Vec<String>, Option<Flaw>)> {
        let mut reader = RecordReader::new(input);
        let mut record = Record::new();
        let mut all = Vec::new();
        while reader.read(&mut record).unwrap() {
            let fields = record
                .iter()
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect();
            all.push((record.line, fields, record.flaw()));
        }
        all
    }

    fn fields(input: &str) -> Vec<Vec<String>> {
        records(input.as_bytes())
            .into_iter()
            .map(|(_, fields, flaw)| {
                assert_eq!(flaw, None, "{input:?}");
                fields
            })
            .collect()
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(
            fields("a,b\n\"c,d\",\"e\"\"f\"\n,\n"),
            vec![vec!["a", "b"], vec!["c,d", "e\"f"], vec!["", ""]]
        );
        assert_eq!(fields("x\r\ny"), vec![vec!["x"], vec!["y"]]);
        assert_eq!(fields("x\ry\r"), vec![vec!["x"], vec!["y"]]);
        assert_eq!(fields("\"\""), vec![vec![""]]);
        assert_eq!(fields("a,"), vec![vec!["a", ""]]);
        assert_eq!(fields("10\" pizza,b"), vec![vec!["10\" pizza", "b"]]);
    }

    #[test]
    fn counts_lines_inside_quotes_and_across_blank_lines() {
        let all = records(b"h\r\n\"two\r\nlines\"\r\n\r\n\nlast\n");
        let lines: Vec<u64> = all.iter().map(|(line, _, _)| *line).collect();
        assert_eq!(lines, vec![1, 2, 6]);
        assert_eq!(all[1].1, vec!["two\r\nlines"]);
    }

    #[test]
    fn unclosed_quote_is_flagged_where_it_opened() {
        let all = records(b"h,n\nx,ok\ny,\"never closed\nz,lost\n");
        assert_eq!(all.len(), 3);
        assert_eq!(all[2].2, Some(Flaw::UnclosedQuote { field: 2, line: 3 }));
    }

    #[test]
    fn text_after_a_closing_quote_is_flagged() {
        let all = records(b"h,n\n\"a\"b,c\n");
        assert_eq!(all[1].1, vec!["ab", "c"]);
        assert_eq!(all[1].2, Some(Flaw::TextAfterQuote { field: 1, line: 2 }));
    }

    #[test]
    fn a_byte_order_mark_is_not_data() {
        let mut reader = RecordReader::new(&b"\xEF\xBB\xBFdate\n"[..]);
        let mut record = Record::new();
        assert!(reader.read(&mut record).unwrap());
        assert_eq!(record.get(0), Some(&b"date"[..]));
        let mut reader = RecordReader::new(&b"\xEF\xBB"[..]);
        assert!(reader.read(&mut record).unwrap());
        assert_eq!(
            record.get(0),
            Some(&b"\xEF\xBB"[..]),
            "a partial mark is data"
        );
    }

    #[test]
    fn the_delimiter_is_sniffed_to_the_first_records_end_however_input_arrives() {
        let input = b"\"a\nb\";c;d\ne,f\n";
        assert_eq!(
            RecordReader::new(&input[..]).sniff_delimiter().unwrap(),
            b';'
        );
        assert_eq!(
            RecordReader::new(Trickle(input)).sniff_delimiter().unwrap(),
            b';'
        );
    }

    #[test]
    fn line_ends_are_reported() {
        let mut reader = RecordReader::new(&b"a\r\nb\nc\rd"[..]);
        let mut record = Record::new();
        let mut ends = Vec::new();
        while reader.read(&mut record).unwrap() {
            ends.push(record.line_end());
        }
        assert_eq!(
            ends,
            vec![
                Some(LineEnd::CrLf),
                Some(LineEnd::Lf),
                Some(LineEnd::Cr),
                None
            ]
        );
    }

    #[test]
    fn commas_are_found_in_every_byte_of_a_word() {
        for byte in 0..=255u8 {
            for place in 0..8 {
                let mut word = [b'a'; 8];
                word[place] = byte;
                let found = matching_bytes(u64::from_le_bytes(word), b',');
                let expected = if byte == b',' { 0x80 << (8 * place) } else { 0 };
                assert_eq!(found, expected, "byte {byte:#x} at {place}");
            }
        }
        assert_eq!(
            fields("a,bb,,ccc,dddd,e,,,f,ggggggggg,h\n"),
            vec![vec![
                "a",
                "bb",
                "",
                "ccc",
                "dddd",
                "e",
                "",
                "",
                "f",
                "ggggggggg",
                "h"
            ]]
        );
    }

    #[test]
    fn long_fields_and_wide_rows_stay_bounded() {
        // Reading stops at a field past the limit: its end may never come.
        for long in [
            format!("a,{},b\nnext,row\n", "x".repeat(MAX_FIELD_BYTES + 10)),
            format!("a,\"{}\",b\nnext,row\n", "x".repeat(MAX_FIELD_BYTES + 10)),
            format!("a,\"{}", "x\n".repeat(MAX_FIELD_BYTES)),
        ] {
            let all = records(long.as_bytes());
            assert_eq!(all.len(), 1, "nothing is read after the long field");
            assert_eq!(all[0].1.len(), 2);
            assert_eq!(all[0].1[1].len(), MAX_FIELD_BYTES);
            assert_eq!(all[0].2, Some(Flaw::FieldTooLong { field: 2 }));
        }

        let wide = ",".repeat(1_000_000);
        let mut reader = RecordReader::new(wide.as_bytes());
        let mut record = Record::new();
        assert!(reader.read(&mut record).unwrap());
        assert_eq!(record.width(), 1_000_001);
        assert_eq!(record.iter().count(), MAX_FIELDS);
        assert_eq!(record.flaw(), Some(Flaw::TooManyFields));
    }
}

/// Hands out its bytes a few at a time, so that no record is ever whole in a reader's
/// buffer and every byte is read the slow way.
#[cfg(test)]
pub(crate) struct Trickle<'a>(pub &'a [u8]);

#[cfg(test)]
impl Read for Trickle<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = self.0.len().min(buffer.len()).min(3);
        buffer[..count].copy_from_slice(&self.0[..count]);
        self.0 = &self.0[count..];
        Ok(count)
    }
}

#[cfg(test)]
mod agrees_with_the_csv_crate {
    use super::*;
    use proptest::prelude::*;

    /// Fields drawn from the bytes that matter to CSV, so that quoting is exercised hard.
    fn field() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop::sample::select(vec![b'a', b'1', b' ', b',', b'"', b'\n', b'\r', 0xC3, 0xA9]),
            0..8,
        )
    }

    fn rows() -> impl Strategy<Value = Vec<Vec<Vec<u8>>>> {
        prop::collection::vec(prop::collection::vec(field(), 1..5), 1..6)
    }

    fn ours(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = RecordReader::new(input);
        let mut record = Record::new();
        let mut all = Vec::new();
        while reader.read(&mut record).unwrap() {
            assert_eq!(record.flaw(), None);
            all.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    /// A record as read: its line, fields, flaw and line end.
    type RecordRead = (u64, Vec<Vec<u8>>, Option<Flaw>, Option<LineEnd>);

    /// Every record read.
    fn everything<R: Read>(input: R) -> Vec<RecordRead> {
        let mut reader = RecordReader::new(input);
        let mut record = Record::new();
        let mut all = Vec::new();
        while reader.read(&mut record).unwrap() {
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            all.push((record.line, fields, record.flaw(), record.line_end()));
        }
        all
    }

    fn theirs(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        reader
            .byte_records()
            .map(|record| record.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    proptest! {
        /// Whatever the csv crate writes, both readers read back the same records.
        #[test]
        fn same_records_as_the_csv_crate(rows in rows(), crlf in any::<bool>()) {
            let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(terminator)
                .from_writer(Vec::new());
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            let written = writer.into_inner().unwrap();
            prop_assert_eq!(ours(&written), theirs(&written));
            prop_assert_eq!(ours(&written), rows);
        }

        /// Any bytes at all: no panic, and where nothing is flagged, the csv crate agrees.
        #[test]
        fn unflagged_input_reads_as_the_csv_crate_reads_it(
            input in prop::collection::vec(
                prop::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', b' ']),
                0..40,
            )
        ) {
            let mut reader = RecordReader::new(&input[..]);
            let mut record = Record::new();
            let mut all = Vec::new();
            let mut flagged = false;
            while reader.read(&mut record).unwrap() {
                flagged |= record.flaw().is_some();
                all.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
            }
            if !flagged {
                prop_assert_eq!(all, theirs(&input));
            }
        }

        /// A record read whole from the buffer reads as one read byte by byte: the same
        /// fields, flaws, lines and line ends.
        #[test]
        fn whole_records_read_as_byte_by_byte_ones(
            input in prop::collection::vec(
                prop::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', b' ']),
                0..60,
            )
        ) {
            prop_assert_eq!(everything(&input[..]), everything(Trickle(&input)));
        }
    }
}
