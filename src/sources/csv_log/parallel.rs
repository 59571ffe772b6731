//! Reads a large log file on several threads: the file is cut into ranges just after line
//! ends, each range is totalled on a thread of its own, and the totals are merged in file
//! order.
//!
//! A cut may fall inside a quoted field that holds a line end, where the range after it
//! does not start at a record. So a range's totals are kept only when the reader before
//! it, itself trusted, is seen to finish a record at or before the cut and to find the
//! range's first record where the range's reader found it. Otherwise, and whenever a range
//! meets a problem, the trusted reader reads the range itself. The totals, and the first
//! problem with its line, are therefore always those of one reader reading the whole file
//! in order.
//!
//! The file is opened once and every thread reads it at its own offsets, so all of them
//! read the same file even if it is replaced (an editor saving it) while they run.

use super::{HeaderMap, LogReader, ReadOptions, open_log};
use crate::activity::{ActivityRow, LogError};
use crate::ledger::Ledger;
use std::fs::File;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

/// The smallest range given a thread of its own: a smaller file reads in a few
/// milliseconds on one.
#[cfg(not(fuzzing))]
pub const MIN_RANGE_BYTES: u64 = 1 << 20;
/// Small enough for a fuzzer's inputs to be cut into ranges.
#[cfg(fuzzing)]
pub const MIN_RANGE_BYTES: u64 = 64;

/// How far past a planned cut to look for a line end before giving the cut up.
#[cfg(not(fuzzing))]
const MAX_CUT_SEARCH: usize = 64 * 1024;
#[cfg(fuzzing)]
const MAX_CUT_SEARCH: usize = 64;

/// Reads the log file `file` into `ledger` with up to `threads` threads, stopping at the
/// first problem. `source` names the file in messages.
pub fn read_file(
    file: &File,
    name: &str,
    options: &ReadOptions,
    threads: usize,
    ledger: &mut Ledger,
    notes: &mut Vec<String>,
) -> Result<(), LogError> {
    let cannot_read = |err| LogError::unreadable(name, &err);
    let length = file.metadata().map_err(cannot_read)?.len();
    let ranges = usize::try_from(length / MIN_RANGE_BYTES)
        .unwrap_or(usize::MAX)
        .clamp(1, threads.max(1));
    let cuts = cuts(file, length, ranges).map_err(cannot_read)?;
    read_ranges(file, name, options, &cuts, ledger, notes).map(drop)
}

/// Where to cut a file of `length` bytes into `ranges` ranges of about equal size: just
/// after the first LF at or past each even share.
fn cuts(file: &File, length: u64, ranges: usize) -> io::Result<Vec<u64>> {
    let mut cuts: Vec<u64> = Vec::new();
    let mut window = vec![0; MAX_CUT_SEARCH];
    for range in 1..ranges as u64 {
        let planned = length / ranges as u64 * range;
        let read = read_up_to(&mut FileAt::new(file, planned), &mut window)?;
        let Some(at) = memchr::memchr(b'\n', &window[..read]) else {
            continue;
        };
        let cut = planned + at as u64 + 1;
        if cut < length && cuts.last().is_none_or(|&last| last < cut) {
            cuts.push(cut);
        }
    }
    Ok(cuts)
}

fn read_up_to(file: &mut FileAt, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

/// A file read from an offset of its own, so that threads sharing the file never move
/// each other's place in it.
pub(super) struct FileAt<'a> {
    file: &'a File,
    offset: u64,
}

impl FileAt<'_> {
    pub(super) fn new(file: &File, offset: u64) -> FileAt<'_> {
        FileAt { file, offset }
    }
}

impl Read for FileAt<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = std::os::unix::fs::FileExt::read_at(self.file, buffer, self.offset)?;
        self.offset += read as u64;
        Ok(read)
    }
}

/// One range's totals, with what is needed to trust them and to read on after them.
struct Range<'a> {
    ledger: Ledger,
    /// Where the range's first record starts, and its line counted from the range's start.
    first_start: u64,
    first_line: u64,
    /// The range's reader, stopped before the first record of the next range.
    reader: LogReader<FileAt<'a>>,
}

/// Reads the file with a thread for each range after the first, which starts at each of
/// `cuts` (ascending, each just after an LF); this thread reads the first range. Returns
/// how many ranges' totals were taken from their own threads.
fn read_ranges(
    file: &File,
    name: &str,
    options: &ReadOptions,
    cuts: &[u64],
    ledger: &mut Ledger,
    notes: &mut Vec<String>,
) -> Result<usize, LogError> {
    // The first row settles how dates are written, and the order of dates such as
    // 05/06/2026 (reading on as far as it takes), for every range to read them alike.
    let mut scout = open_log(FileAt::new(file, 0), name, options)?;
    scout.read_row(&mut ActivityRow::default());
    notes.append(&mut scout.take_notes());
    let mut trusted = open_log(FileAt::new(file, 0), name, options)?;
    trusted.assume_dates(&scout.header().dates);
    let header = trusted.header().clone();
    let cancel = Cancel(AtomicBool::new(false));
    std::thread::scope(|scope| {
        let workers: Vec<_> = cuts
            .iter()
            .enumerate()
            .map(|(index, &start)| {
                let stop = cuts.get(index + 1).copied().unwrap_or(u64::MAX);
                let (header, cancel) = (&header, &cancel);
                let totals = ledger.empty_like();
                scope.spawn(move || read_range(file, name, header, totals, start, stop, cancel))
            })
            .collect();
        let result = (|| {
            let mut merged_ranges = 0;
            trusted.stop_at(cuts.first().copied().unwrap_or(u64::MAX));
            trusted.tally_each_row(&mut ledger.tally(), || false)?;
            for (index, worker) in workers.into_iter().enumerate() {
                let cut = cuts[index];
                let range = worker.join().ok().flatten();
                let (next_start, next_line) = trusted.next_start()?;
                let merged = match range {
                    Some(range)
                        if trusted.record_end() <= cut
                            && range.first_start == next_start
                            && !trusted.holds_rows() =>
                    {
                        let Range {
                            ledger: totals,
                            first_line,
                            reader,
                            ..
                        } = range;
                        ledger.merge(totals).ok().map(|()| (reader, first_line))
                    }
                    _ => None,
                };
                match merged {
                    Some((reader, first_line)) => {
                        merged_ranges += 1;
                        trusted = reader;
                        trusted.renumber(next_line.saturating_sub(first_line));
                    }
                    None => {
                        trusted.stop_at(cuts.get(index + 1).copied().unwrap_or(u64::MAX));
                        trusted.tally_each_row(&mut ledger.tally(), || false)?;
                    }
                }
            }
            Ok(merged_ranges)
        })();
        // After a problem, the threads still reading have nothing left to contribute.
        cancel.0.store(true, Ordering::Relaxed);
        result
    })
}

/// Totals the records that start in `start..stop`, reading as if a record started at
/// `start`; `None` on any problem, which the trusted reader will then meet and report.
fn read_range<'a>(
    file: &'a File,
    name: &str,
    header: &HeaderMap,
    mut ledger: Ledger,
    start: u64,
    stop: u64,
    cancel: &Cancel,
) -> Option<Range<'a>> {
    let mut reader = LogReader::resume(FileAt::new(file, start), name, header, start, 1);
    reader.stop_at(stop);
    let (first_start, first_line) = reader.next_start().ok()?;
    let stopped = || cancel.0.load(Ordering::Relaxed);
    reader.tally_each_row(&mut ledger.tally(), stopped).ok()?;
    Some(Range {
        ledger,
        first_start,
        first_line,
        reader,
    })
}

/// The flag that stops the threads still reading, on a cache line of its own: every worker
/// reads it for every row, and on the stack beside the trusted reader, each row that reader
/// read took the line from the workers and made two threads slower than one and a half.
#[repr(align(128))]
struct Cancel(AtomicBool);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::csv_log::read_log;
    use std::io::Write;

    /// A log with what can trip a cut: quoted notes over several lines (LF and CRLF),
    /// quoted commas and quotes, blank lines, a row of blank cells, and no final line end.
    const LOG: &str = "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n\
        2026-01-05,Harbor BNI,1,2,18,1,,,,,\"weekly\nbreakfast\"\n\
        2026-01-06,\"Chamber, East\",1,1.5,,,,,,,\"said \"\"hi\"\"\"\r\n\
        \n\
        2026-01-07,harbor  bni,,,,,1,\"$4,800.50\",,,\"a\r\nb\n\nc\"\n\
        \r\n\
        , , , , , , , , , , \n\
        2026-02-01,Rotary,1,1,25,,,,1,,\"two\nlines, \"\"quoted\"\"\"\n\
        2026-02-02,Rotary,1,1,25,2,,,,,\n\
        2026-03-01,\"Chamber, East\",1,2,,,,,,,last";

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    fn one_reader(text: &str) -> Result<Ledger, String> {
        let mut ledger = Ledger::new();
        read_log(text.as_bytes(), "log.csv", |row| ledger.add(row))
            .map(|_| ledger)
            .map_err(|err| err.to_string())
    }

    fn in_ranges(file: &tempfile::NamedTempFile, cuts: &[u64]) -> Result<Ledger, String> {
        let mut ledger = Ledger::new();
        read_ranges(
            file.as_file(),
            "log.csv",
            &ReadOptions::default(),
            cuts,
            &mut ledger,
            &mut Vec::new(),
        )
        .map(|_| ledger)
        .map_err(|err| err.to_string())
    }

    fn in_threads(file: &tempfile::NamedTempFile, threads: usize) -> Ledger {
        let mut ledger = Ledger::new();
        let options = ReadOptions::default();
        read_file(
            file.as_file(),
            "log.csv",
            &options,
            threads,
            &mut ledger,
            &mut Vec::new(),
        )
        .unwrap();
        ledger
    }

    fn merged_ranges(file: &tempfile::NamedTempFile, cuts: &[u64]) -> usize {
        read_ranges(
            file.as_file(),
            "log.csv",
            &ReadOptions::default(),
            cuts,
            &mut Ledger::new(),
            &mut Vec::new(),
        )
        .unwrap()
    }

    #[test]
    fn a_range_is_taken_from_its_thread_only_when_it_starts_at_a_record() {
        let file = write(LOG);
        let after = |text: &str| (LOG.find(text).unwrap() + text.len()) as u64;
        assert_eq!(merged_ranges(&file, &[after("breakfast\"\n")]), 1);
        assert_eq!(merged_ranges(&file, &[after("\"\"hi\"\"\"\r\n\n")]), 1);
        assert_eq!(merged_ranges(&file, &[after("\"weekly\n")]), 0);
        assert_eq!(merged_ranges(&file, &[after("\"a\r\n")]), 0);
        assert_eq!(merged_ranges(&file, &[after("b\n\n")]), 0);
        assert_eq!(
            merged_ranges(&file, &[after("breakfast\"\n"), after("\"two\n")]),
            1,
            "the second cut is inside a note, so the reader of the range before it reads on"
        );
    }

    #[test]
    fn any_cut_reads_as_one_reader_does() {
        let file = write(LOG);
        let whole = one_reader(LOG);
        assert_eq!(whole.as_ref().map(Ledger::rows), Ok(6));
        let length = LOG.len() as u64;
        for cut in 1..length {
            assert_eq!(in_ranges(&file, &[cut]), whole, "cut at {cut}");
        }
        for first in (1..length).step_by(7) {
            for second in (first + 1..length).step_by(5) {
                assert_eq!(
                    in_ranges(&file, &[first, second]),
                    whole,
                    "cuts at {first} and {second}"
                );
            }
        }
    }

    #[test]
    fn the_first_problem_and_its_line_are_those_one_reader_finds() {
        for bad in [
            // A bad cell after the quoted lines, so its line is counted across them.
            LOG.replace("2026-02-02,Rotary,1,1,25,2", "2026-02-02,Rotary,1,1,25,two"),
            // A quote that never closes, in the last range.
            LOG.replace(",,,,,,,last", ",,,,,,,\"last"),
            // Two problems: the earlier one is reported, whatever range the later is in.
            LOG.replace("1.5,,,,", "1.5,x,,,")
                .replace("2026-03-01", "2026-13-01"),
        ] {
            let file = write(&bad);
            let whole = one_reader(&bad);
            assert!(whole.is_err(), "{bad}");
            for cut in 1..bad.len() as u64 {
                assert_eq!(in_ranges(&file, &[cut]), whole, "cut at {cut}");
            }
        }
    }

    #[test]
    fn cuts_fall_just_after_line_ends() {
        let row = "2026-01-05,Harbor BNI,1,2,18,1,,,,,\"a note\nover two lines\"\n";
        let text = format!(
            "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n{}",
            row.repeat(50_000)
        );
        let file = write(&text);
        let cuts = cuts(file.as_file(), text.len() as u64, 4).unwrap();
        assert_eq!(cuts.len(), 3);
        for (index, &cut) in cuts.iter().enumerate() {
            assert_eq!(text.as_bytes()[cut as usize - 1], b'\n');
            let planned = text.len() as u64 / 4 * (index as u64 + 1);
            assert!(cut > planned && cut - planned <= row.len() as u64, "{cut}");
        }
        assert_eq!(Ok(in_threads(&file, 4)), one_reader(&text));
    }

    #[test]
    fn small_files_and_one_thread_are_not_cut() {
        let file = write(LOG);
        assert_eq!(
            cuts(file.as_file(), LOG.len() as u64, 1).unwrap(),
            Vec::<u64>::new()
        );
        assert_eq!(Ok(in_threads(&file, 8)), one_reader(LOG));
    }
}
