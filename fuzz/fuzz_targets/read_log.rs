//! Any bytes as an activity log: reading must never panic, must stay within its limits,
//! must read the same records whether they arrive whole or a byte at a time, and wherever
//! the strict reader flags nothing, it must split records as the csv crate does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netaudit::ledger::Ledger;
use netaudit::log::{ActivityRow, LogReader, read_log};
use netaudit::records::{MAX_FIELD_BYTES, MAX_FIELDS, Record, RecordReader};

fuzz_target!(|data: &[u8]| {
    // The whole pipeline a report runs, stopping at the first problem.
    let mut ledger = Ledger::new();
    let _ = read_log(data, "fuzz", |row| ledger.add(row));

    // The path check takes, reading past every problem.
    if let Ok(mut log) = LogReader::open(data, "fuzz") {
        let mut row = ActivityRow::default();
        while log.read_row(&mut row).is_some() {}
    }

    let mut reader = RecordReader::new(data);
    let mut record = Record::new();
    let mut ours = Vec::new();
    let mut flagged = false;
    while reader.read(&mut record).expect("reading memory cannot fail") {
        assert!(record.iter().count() <= MAX_FIELDS);
        assert!(record.iter().all(|field| field.len() <= MAX_FIELD_BYTES));
        flagged |= record.flaw().is_some();
        ours.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
    }
    let mut reader = RecordReader::new(OneByte(data));
    let mut one_byte = Vec::new();
    while reader.read(&mut record).expect("reading memory cannot fail") {
        one_byte.push(record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
    }
    assert_eq!(ours, one_byte);

    if !flagged {
        let theirs: Vec<Vec<Vec<u8>>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data)
            .byte_records()
            .map(|record| record.expect("csv reads memory").iter().map(<[u8]>::to_vec).collect())
            .collect();
        assert_eq!(ours, theirs);
    }
});

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
