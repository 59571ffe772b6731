//! What a log file is and how its text is read, decided from its first bytes (never its
//! name): a spreadsheet's sheet turned into CSV, CSV in another encoding decoded to
//! UTF-8, or UTF-8 CSV read as it is.

use super::csv_log::{CsvInput, ReadOptions};
use super::spreadsheet::{self, FileKind, SNIFFED_BYTES};
use crate::activity::format::{Decimal, LogFormat};
use anyhow::{Context, Result, bail};
use encoding_rs::Encoding;
use std::fs::File;
use std::io::{Cursor, Read};

/// A log ready to be read as CSV.
pub struct Prepared<'a> {
    pub input: CsvInput<'a>,
    pub options: ReadOptions,
    pub kind: FileKind,
    /// The encoding of the text: UTF-8, unless the file or the config says another.
    pub encoding: &'static Encoding,
}

/// Reads the start of `reader` (a regular `file` when there is one, read in place and on
/// several threads if it is UTF-8 CSV) and prepares it to be read as CSV.
pub fn prepare<'a>(
    file: Option<&'a File>,
    reader: Box<dyn Read + 'a>,
    name: &str,
    format: &LogFormat,
    threads: usize,
) -> Result<Prepared<'a>> {
    let mut head = Vec::with_capacity(SNIFFED_BYTES);
    let mut reader = reader;
    (&mut reader)
        .take(SNIFFED_BYTES as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {name}"))?;
    let kind = FileKind::of(&head);
    let bom = Encoding::for_bom(&head).map(|(encoding, _)| encoding);
    // What was read to tell the kind is read again, in front of the rest.
    let rest: Box<dyn Read + 'a> = Box::new(Cursor::new(head).chain(reader));
    let mut options = ReadOptions {
        format: format.clone(),
        sheet: None,
    };
    if kind.is_spreadsheet() {
        let sheet = spreadsheet::read_bounded_sheet(rest, kind, name, format.sheet.as_deref())?;
        let (csv, place) = spreadsheet::to_csv(&sheet, format.decimal.unwrap_or(Decimal::Point));
        options.sheet = Some(place);
        return Ok(Prepared {
            input: CsvInput::Stream(Box::new(Cursor::new(csv))),
            options,
            kind,
            encoding: encoding_rs::UTF_8,
        });
    }
    if let Some(sheet) = &format.sheet {
        bail!(
            "--sheet {} names a sheet, but {name} is CSV text, not a spreadsheet",
            crate::messages::show_value(sheet)
        );
    }
    let encoding = bom.or(format.encoding).unwrap_or(encoding_rs::UTF_8);
    let input = if encoding != encoding_rs::UTF_8 {
        CsvInput::Stream(Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(rest),
        ))
    } else if let Some(file) = file {
        CsvInput::File { file, threads }
    } else {
        CsvInput::Stream(rest)
    };
    Ok(Prepared {
        input,
        options,
        kind,
        encoding,
    })
}
