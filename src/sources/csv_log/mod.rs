//! The CSV activity log as a source: the reader that validates it row by row, with errors
//! that say which file, line and column held which value and what was expected; the
//! header map ([`header`]); the quick path for common cells ([`common_cells`]); and the
//! reader on several threads ([`parallel`]). The byte-level CSV splitting is
//! [`crate::records`].

mod common_cells;
mod header;
pub mod parallel;

use super::{Origin, Source, SourceRow, add_each_row};
use crate::activity::{ActivityRow, COLUMNS, Column, LogError};
use crate::ledger::Ledger;
use crate::records::{
    Flaw, LineEnd, MAX_COUNTED_FIELDS, MAX_FIELD_BYTES, MAX_FIELDS, Record, RecordReader,
};
use common_cells::SeenCells;
use header::HeaderMap;
use std::fs::File;
use std::io::Read;

/// The CSV log as a [`Source`]: a regular file, read on up to `threads` threads, or a
/// stream (standard input, a pipe), read in one pass.
pub enum CsvLog<'a> {
    File {
        file: &'a File,
        name: &'a str,
        threads: usize,
    },
    Stream {
        input: Box<dyn Read + 'a>,
        name: &'a str,
    },
}

impl Source for CsvLog<'_> {
    fn each_row(
        &mut self,
        each: &mut dyn FnMut(&SourceRow<'_>) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        let (input, name): (&mut dyn Read, &str) = match self {
            CsvLog::File { file, name, .. } => (file, name),
            CsvLog::Stream { input, name } => (input, name),
        };
        open_log(input, name)?.each_row(each)
    }

    fn add_to(&mut self, ledger: &mut Ledger) -> Result<(), LogError> {
        match self {
            CsvLog::File {
                file,
                name,
                threads,
            } => parallel::read_file(file, name, *threads, ledger),
            CsvLog::Stream { .. } => add_each_row(self, ledger),
        }
    }
}

/// Reads a log one row at a time, so that `report` can stop at the first problem and
/// `check` can list every one.
pub struct LogReader<R> {
    source: String,
    records: RecordReader<R>,
    record: Record,
    header: HeaderMap,
    header_line_end: Option<LineEnd>,
    unclosed_quote: Option<u64>,
    /// A read failed, so nothing more can be read.
    failed: bool,
    seen: SeenCells,
    /// Rows that start at or after this offset are left unread (see [`LogReader::stop_at`]).
    stop_at: u64,
    /// Where the last record read ended: just after its line end, or at the end of the input.
    record_end: u64,
}

impl<R: Read> LogReader<R> {
    /// Reads and maps the header. Every problem with it is returned: without a header
    /// that maps, no row can be read.
    pub fn open(input: R, source: &str) -> Result<LogReader<R>, Vec<LogError>> {
        let error = |line, detail| LogError {
            source: source.to_string(),
            line,
            detail,
        };
        let mut records = RecordReader::new(input);
        let mut record = Record::new();
        match records.read(&mut record) {
            Err(err) => return Err(vec![LogError::unreadable(source, &err)]),
            Ok(false) => {
                return Err(vec![error(
                    None,
                    format!(
                        "the file is empty; expected a header row: {}",
                        COLUMNS.map(Column::name).join(",")
                    ),
                )]);
            }
            Ok(true) => {}
        }
        let line = Some(record.line);
        if let Some(flaw) = record.flaw() {
            return Err(vec![error(line, describe_flaw(flaw, &record, "header"))]);
        }
        let header = HeaderMap::new(&record).map_err(|details: Vec<String>| {
            details
                .into_iter()
                .map(|d| error(line, d))
                .collect::<Vec<_>>()
        })?;
        Ok(LogReader {
            source: source.to_string(),
            header_line_end: record.line_end(),
            record_end: records.offset(),
            records,
            record,
            header,
            unclosed_quote: None,
            failed: false,
            seen: SeenCells::new(),
            stop_at: u64::MAX,
        })
    }

    /// Reads on from the middle of a log whose header had `columns`, as if a record
    /// started there: `input` stands at `offset` bytes into the log, and lines are counted
    /// from `line`.
    pub fn resume(
        input: R,
        source: &str,
        columns: &[Column],
        offset: u64,
        line: u64,
    ) -> LogReader<R> {
        LogReader {
            source: source.to_string(),
            records: RecordReader::at(input, offset, line),
            record: Record::new(),
            header: HeaderMap {
                columns: columns.to_vec(),
            },
            header_line_end: None,
            unclosed_quote: None,
            failed: false,
            seen: SeenCells::new(),
            stop_at: u64::MAX,
            record_end: offset,
        }
    }

    /// Leaves unread every record that starts at `offset` or later, so that another reader
    /// can take them. Called again with a later `offset`, the reader goes on up to there.
    pub fn stop_at(&mut self, offset: u64) {
        self.stop_at = offset;
    }

    /// Adds `lines` to every line number from here on: for a reader that began in the
    /// middle of a log, once the line there is known.
    pub fn renumber(&mut self, lines: u64) {
        self.records.renumber(lines);
    }

    /// Where the last record read ended (where reading began, before any).
    pub fn record_end(&self) -> u64 {
        self.record_end
    }

    /// Passes over blank lines to where the next record starts, or the input ends, and says
    /// where that is and on which line. A record past where reading stops is found all the
    /// same (see [`LogReader::stop_at`]).
    pub fn next_start(&mut self) -> Result<(u64, u64), LogError> {
        let start = self
            .records
            .next_start()
            .map_err(|err| LogError::unreadable(&self.source, &err))?;
        Ok((
            start.unwrap_or_else(|| self.records.offset()),
            self.records.line(),
        ))
    }

    /// The log's columns, in the file's order.
    pub fn columns(&self) -> &[Column] {
        &self.header.columns
    }

    /// How the header line ended; `None` when the file is the header alone, unended.
    pub fn header_line_end(&self) -> Option<LineEnd> {
        self.header_line_end
    }

    /// Reads the next row into `row`, or returns every problem of the next bad one; `None`
    /// after the last row, or where reading stops (see [`LogReader::stop_at`]). A read error
    /// ends the log. The row's string is reused, so that reading allocates nothing per row;
    /// after a problem, `row` holds no row.
    pub fn read_row(&mut self, row: &mut ActivityRow) -> Option<Result<(), Vec<LogError>>> {
        loop {
            if self.failed {
                return None;
            }
            let read = self.records.read_before(&mut self.record, self.stop_at);
            if let Ok(true) = read {
                self.record_end = self.records.offset();
            }
            let line = Some(self.record.line);
            let error = |detail| LogError {
                source: self.source.clone(),
                line,
                detail,
            };
            match read {
                Err(err) => {
                    self.failed = true;
                    return Some(Err(vec![LogError::unreadable(&self.source, &err)]));
                }
                Ok(false) => return None,
                Ok(true) => {}
            }
            if let Some(flaw) = self.record.flaw() {
                if let Flaw::UnclosedQuote { line, .. } = flaw {
                    self.unclosed_quote = Some(line);
                }
                let detail = describe_flaw(flaw, &self.record, "row");
                return Some(Err(vec![error(detail)]));
            }
            if self
                .record
                .iter()
                .all(|field| field.trim_ascii().is_empty())
            {
                continue;
            }
            return Some(
                self.header
                    .row(&self.record, row, &mut self.seen)
                    .map_err(|details| details.into_iter().map(error).collect()),
            );
        }
    }

    /// The line of a quote that was still open at the end of the file, once it is read:
    /// anything appended would become part of that field.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// Passes every row not yet read to `each`, in file order, up to where reading stops,
    /// and stops at the first problem; an error from `each` is reported at the row's line.
    /// Returns the number of rows read.
    pub fn each_row(
        &mut self,
        mut each: impl FnMut(&SourceRow<'_>) -> Result<(), String>,
    ) -> Result<u64, LogError> {
        let mut row = ActivityRow::default();
        let mut rows = 0;
        while let Some(read) = self.read_row(&mut row) {
            read.map_err(|mut errors| errors.swap_remove(0))?;
            let line = self.line();
            each(&SourceRow {
                row: &row,
                origin: Origin::Line(line),
                id: None,
            })
            .map_err(|detail| LogError {
                source: self.source.clone(),
                line: Some(line),
                detail,
            })?;
            rows += 1;
        }
        Ok(rows)
    }

    /// The line of the row `read_row` read last.
    pub fn line(&self) -> u64 {
        self.record.line
    }
}

fn describe_flaw(flaw: Flaw, record: &Record, what: &str) -> String {
    match flaw {
        Flaw::UnclosedQuote { field, line } => format!(
            "column {field}: a quote opens on line {line} and is never closed, so every later \
             line would be read as part of this field; close the quote, or remove it"
        ),
        Flaw::TextAfterQuote { field, line } => format!(
            "column {field}: text follows the closing quote on line {line}; put the whole field \
             in quotes and double any quote inside it, as in \"say \"\"hi\"\"\""
        ),
        Flaw::FieldTooLong { field } => format!(
            "column {field} is longer than {} KiB, the most a field may hold, so reading \
             stopped there; check for a stray quote before it",
            MAX_FIELD_BYTES / 1024
        ),
        Flaw::TooManyFields if record.width() > MAX_COUNTED_FIELDS => format!(
            "this {what} has more than {MAX_COUNTED_FIELDS} fields, so reading stopped there; \
             a row may have {MAX_FIELDS}. Is this the activity log?"
        ),
        Flaw::TooManyFields => format!(
            "this {what} has {} fields, more than the {MAX_FIELDS} a row may have; \
             is this the activity log?",
            record.width()
        ),
    }
}

/// Reads a whole log, handing each row to `each` in file order, and stops at the first
/// problem. `source` names the input in messages; an error from `each` is reported at the
/// row's line. Returns the number of rows read.
pub fn read_log<R: Read>(
    input: R,
    source: &str,
    mut each: impl FnMut(&ActivityRow) -> Result<(), String>,
) -> Result<u64, LogError> {
    open_log(input, source)?.each_row(|row| each(row.row))
}

/// A reader past the log's header, or the header's first problem.
fn open_log<R: Read>(input: R, source: &str) -> Result<LogReader<R>, LogError> {
    LogReader::open(input, source).map_err(|mut errors| errors.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::parse_date;
    use common_cells::MAX_SEEN_GROUP_CELL_BYTES;

    #[test]
    fn a_group_cell_is_kept_only_when_short() {
        let long = format!("{}Harbor BNI", " ".repeat(MAX_SEEN_GROUP_CELL_BYTES));
        let text = format!("date,group\n2026-01-05,Harbor BNI\n2026-01-05,{long}\n");
        let mut log = LogReader::open(text.as_bytes(), "log.csv").unwrap();
        let mut row = ActivityRow::default();
        let mut cells = Vec::new();
        while let Some(read) = log.read_row(&mut row) {
            read.unwrap();
            cells.push((row.group.clone(), log.seen.group_names.len()));
        }
        assert_eq!(
            cells,
            [("Harbor BNI".to_string(), 1), ("Harbor BNI".to_string(), 1)]
        );
    }

    #[test]
    fn a_group_cell_seen_before_reads_as_it_did() {
        let text =
            "date,group\n2026-01-05, Harbor  BNI \n2026-01-05, Harbor  BNI \n2026-01-06,Rotary\n";
        let mut read = Vec::new();
        read_log(text.as_bytes(), "log.csv", |row| {
            read.push((row.date, row.group.clone()));
            Ok(())
        })
        .unwrap();
        let day = |text| parse_date(text).unwrap();
        assert_eq!(
            read,
            vec![
                (day("2026-01-05"), "Harbor BNI".to_string()),
                (day("2026-01-05"), "Harbor BNI".to_string()),
                (day("2026-01-06"), "Rotary".to_string()),
            ]
        );
    }

    /// The CSV log yields each row with its line and no id, and a file totals into the
    /// ledger as the same rows streamed do.
    #[test]
    fn the_csv_log_is_a_source_of_lined_rows() {
        let text = "date,group,leads\n2026-01-05,Harbor,1\n\n2026-02-05,Rotary,2\n";
        let mut seen = Vec::new();
        let mut stream = CsvLog::Stream {
            input: Box::new(text.as_bytes()),
            name: "log.csv",
        };
        let rows = stream
            .each_row(&mut |row| {
                seen.push((row.origin, row.id.is_none(), row.row.figures.leads));
                Ok(())
            })
            .unwrap();
        assert_eq!(rows, 2);
        assert_eq!(
            seen,
            [(Origin::Line(2), true, 1), (Origin::Line(4), true, 2)]
        );
        let path = std::env::temp_dir().join(format!("netaudit-source-{}.csv", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let file = File::open(&path).unwrap();
        let mut from_file = Ledger::new();
        CsvLog::File {
            file: &file,
            name: "log.csv",
            threads: 2,
        }
        .add_to(&mut from_file)
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        let mut streamed = Ledger::new();
        CsvLog::Stream {
            input: Box::new(text.as_bytes()),
            name: "log.csv",
        }
        .add_to(&mut streamed)
        .unwrap();
        assert_eq!(from_file, streamed);
        assert_eq!(from_file.rows(), 2);
    }
}
