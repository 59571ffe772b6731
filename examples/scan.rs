//! The ceiling for reading a log with the csv crate: every record read as a `ByteRecord`
//! into one reused buffer, nothing parsed. The benchmark times this beside `netaudit report`.
//!
//!     cargo run --release --example scan -- bench-1m.csv

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: scan FILE.csv");
        return ExitCode::from(2);
    };
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(reader) => reader,
        Err(err) => {
            eprintln!("{}: {err}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                records += 1;
                fields += record.len() as u64;
            }
            Ok(false) => break,
            Err(err) => {
                eprintln!("{}: {err}", path.to_string_lossy());
                return ExitCode::from(2);
            }
        }
    }
    println!("{records} records, {fields} fields");
    ExitCode::SUCCESS
}
