//! Any bytes as an activity log: reading must never panic, must stay within its limits,
//! must read the same records, and the same rows and problems, whether they arrive whole
//! (most rows then take the quick path) or a byte at a time (never), must total
//! the same on several threads as on one, and wherever the strict reader flags nothing, it
//! must split records as the csv crate does. Built for fuzzing, the limits are small (a
//! field of 64 bytes, 8 groups, threads from 64 bytes up), so that inputs reach them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netaudit::ledger::Ledger;
use netaudit::activity::ActivityRow;
use netaudit::sources::csv_log::parallel::read_file;
use netaudit::sources::csv_log::{LogReader, ReadOptions, read_log};
use netaudit::records::{MAX_FIELD_BYTES, MAX_FIELDS, Record, RecordReader};

fuzz_target!(|data: &[u8]| {
    // The whole pipeline a report runs, stopping at the first problem.
    let mut ledger = Ledger::new();
    let one = read_log(data, "fuzz", |row| ledger.add(row)).map(drop);

    // The same on several threads: the same totals, or the same first problem.
    let file = in_memory(data);
    let mut parallel = Ledger::new();
    let options = ReadOptions::default();
    let several = read_file(&file, "fuzz", &options, 4, &mut parallel, &mut Vec::new());
    match (&one, &several) {
        (Ok(()), Ok(())) => assert_eq!(ledger, parallel),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("one thread: {one:?}; several: {several:?}"),
    }

    // The path check takes, reading past every problem, whole and a byte at a time.
    assert_eq!(every_row(data), every_row(OneByte(data)));

    let mut reader = RecordReader::new(data);
    let mut record = Record::new();
    let mut ours = Vec::new();
    let mut flagged = false;
    while reader
        .read(&mut record)
        .expect("reading memory cannot fail")
    {
        assert!(record.iter().count() <= MAX_FIELDS);
        assert!(record.iter().all(|field| field.len() <= MAX_FIELD_BYTES));
        flagged |= record.flaw().is_some();
        ours.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
    }
    let mut reader = RecordReader::new(OneByte(data));
    let mut one_byte = Vec::new();
    while reader
        .read(&mut record)
        .expect("reading memory cannot fail")
    {
        one_byte.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
    }
    assert_eq!(ours, one_byte);

    if !flagged {
        let theirs: Vec<Vec<Vec<u8>>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data)
            .byte_records()
            .map(|record| {
                record
                    .expect("csv reads memory")
                    .iter()
                    .map(<[u8]>::to_vec)
                    .collect()
            })
            .collect();
        assert_eq!(ours, theirs);
    }
});

/// Every row and problem a reader gives past the header, or the header's problems.
fn every_row<R: std::io::Read>(input: R) -> Vec<Result<(u64, ActivityRow), String>> {
    let mut log = match LogReader::open(input, "fuzz", &ReadOptions::default()) {
        Ok(log) => log,
        Err(errors) => return errors.iter().map(|error| Err(error.to_string())).collect(),
    };
    let mut row = ActivityRow::default();
    let mut all = Vec::new();
    while let Some(read) = log.read_row(&mut row) {
        all.push(
            read.map(|line| (line, row.clone()))
                .map_err(|errors| errors.iter().map(ToString::to_string).collect()),
        );
    }
    all
}

/// The bytes as a file that lives in memory, for the reader that needs a file.
fn in_memory(data: &[u8]) -> std::fs::File {
    use std::io::Write;
    use std::os::fd::FromRawFd;
    // SAFETY: memfd_create returns a new descriptor that nothing else owns, or -1.
    let fd = unsafe { libc::memfd_create(c"fuzz".as_ptr(), 0) };
    assert!(fd >= 0, "memfd_create failed");
    // SAFETY: `fd` is a valid descriptor owned by no one else.
    let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
    file.write_all(data).expect("writing memory cannot fail");
    file
}

/// Hands out one byte per read, so that no record is ever whole in the reader's buffer.
struct OneByte<'a>(&'a [u8]);

impl std::io::Read for OneByte<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let Some((first, rest)) = self.0.split_first() else {
            return Ok(0);
        };
        let Some(slot) = buffer.first_mut() else {
            return Ok(0);
        };
        *slot = *first;
        self.0 = rest;
        Ok(1)
    }
}
