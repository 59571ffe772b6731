//! Splits CSV bytes into records, strictly and in bounded memory.
//!
//! The csv crate reads an unclosed quote as one field running to the end of the file, and
//! `"a"b` as `ab`, without a word; either would make rows vanish from a report. This reader
//! accepts the same well-formed CSV (RFC 4180 with LF, CRLF or CR line ends, as the csv
//! crate does; a property test holds the two to the same output) and flags both mistakes
//! with the line where the quote opened. It also stops storing a field at
//! [`MAX_FIELD_BYTES`] and a row at [`MAX_FIELDS`], so no input can make it allocate more.

use std::io::{self, Read};

/// The longest field kept, in bytes. A note of a few pages fits; a runaway field does not.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The most fields a row may have. A log has at most 11 columns.
pub const MAX_FIELDS: usize = 100;

const BUFFER_BYTES: usize = 64 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What is wrong with a record's shape. Only the first flaw of a record is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// A quoted field had text after its closing quote. `field` counts from 1.
    TextAfterQuote { field: usize, line: u64 },
    /// A quote opened on `line` never closed, so the field ran to the end of the input.
    UnclosedQuote { field: usize, line: u64 },
    /// A field longer than [`MAX_FIELD_BYTES`]; the rest of it was passed over.
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
    ends: Vec<usize>,
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
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.data[start..end])
    }

    /// The fields kept, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len()).filter_map(|index| self.get(index))
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
        self.ends.clear();
        self.width = 0;
        self.flaw = None;
        self.line_end = None;
    }

    fn flag(&mut self, flaw: Flaw) {
        self.flaw.get_or_insert(flaw);
    }

    fn push(&mut self, byte: u8) {
        if self.width >= MAX_FIELDS {
            return;
        }
        let start = self.ends.last().copied().unwrap_or(0);
        if self.data.len() - start < MAX_FIELD_BYTES {
            self.data.push(byte);
        } else {
            self.flag(Flaw::FieldTooLong {
                field: self.width + 1,
            });
        }
    }

    fn end_field(&mut self) {
        if self.width < MAX_FIELDS {
            self.ends.push(self.data.len());
        } else if self.width == MAX_FIELDS {
            self.flag(Flaw::TooManyFields);
        }
        self.width += 1;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: a doubled quote, or the field's end.
    QuoteInQuoted,
}

/// Reads records from any byte source.
pub struct RecordReader<R> {
    input: R,
    buffer: Box<[u8]>,
    position: usize,
    filled: usize,
    at_end: bool,
    line: u64,
    /// The last byte taken was a CR, so an LF now ends the same line.
    after_cr: bool,
    started: bool,
}

impl<R: Read> RecordReader<R> {
    pub fn new(input: R) -> RecordReader<R> {
        RecordReader {
            input,
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            position: 0,
            filled: 0,
            at_end: false,
            line: 1,
            after_cr: false,
            started: false,
        }
    }

    /// Reads the next record into `record`; `false` at the end of the input.
    /// Blank lines between records are passed over.
    pub fn read(&mut self, record: &mut Record) -> io::Result<bool> {
        if !self.started {
            self.skip_bom()?;
        }
        loop {
            match self.peek()? {
                None => return Ok(false),
                Some(b'\n' | b'\r') => {
                    self.take();
                }
                Some(_) => break,
            }
        }
        record.clear(self.line);
        let mut state = State::StartField;
        let mut quote_line = 0;
        loop {
            let Some(byte) = self.peek()? else {
                if state == State::Quoted {
                    record.flag(Flaw::UnclosedQuote {
                        field: record.width + 1,
                        line: quote_line,
                    });
                }
                record.end_field();
                return Ok(true);
            };
            self.take();
            match (state, byte) {
                (State::Quoted, b'"') => state = State::QuoteInQuoted,
                (State::Quoted, _) => record.push(byte),
                (State::QuoteInQuoted, b'"') => {
                    record.push(b'"');
                    state = State::Quoted;
                }
                (_, b',') => {
                    record.end_field();
                    state = State::StartField;
                }
                (_, b'\n' | b'\r') => {
                    record.end_field();
                    record.line_end = Some(self.line_end_after(byte)?);
                    return Ok(true);
                }
                (State::StartField, b'"') => {
                    quote_line = self.line;
                    state = State::Quoted;
                }
                (State::QuoteInQuoted, _) => {
                    record.flag(Flaw::TextAfterQuote {
                        field: record.width + 1,
                        line: self.line,
                    });
                    record.push(byte);
                    state = State::Unquoted;
                }
                (State::StartField | State::Unquoted, _) => {
                    record.push(byte);
                    state = State::Unquoted;
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
    fn long_fields_and_wide_rows_stay_bounded() {
        let long = format!("{},b\n", "x".repeat(MAX_FIELD_BYTES + 10));
        let all = records(long.as_bytes());
        assert_eq!(all[0].1[0].len(), MAX_FIELD_BYTES);
        assert_eq!(all[0].1[1], "b");
        assert_eq!(all[0].2, Some(Flaw::FieldTooLong { field: 1 }));

        let wide = ",".repeat(1_000_000);
        let mut reader = RecordReader::new(wide.as_bytes());
        let mut record = Record::new();
        assert!(reader.read(&mut record).unwrap());
        assert_eq!(record.width(), 1_000_001);
        assert_eq!(record.iter().count(), MAX_FIELDS);
        assert_eq!(record.flaw(), Some(Flaw::TooManyFields));
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
    }
}
