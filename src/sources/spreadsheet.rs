//! A spreadsheet file as a log: one sheet's cells turned into CSV text, row for row, so
//! that every cell goes through the same checks, limits and messages as a CSV cell, with
//! the sheet, the row and the column letter named. Excel and LibreOffice files are read
//! with calamine; SpreadsheetML 2003, which calamine does not read, with
//! `spreadsheet_ml`.

use super::sheet::{Grid, pick_sheet};
pub use super::sheet::{MAX_SHEET_CELLS, Sheet, cell_text, to_csv};
use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, Ods, Reader, Xls, Xlsx};
use std::io::{Cursor, Read};

/// What a file is, from its first bytes (never its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A zip archive: an .xlsx, .xlsm or .ods workbook.
    Zip,
    /// An OLE compound file: an .xls workbook of Excel 97–2003.
    Ole,
    /// XML in the SpreadsheetML 2003 namespace, which web apps export as .xls.
    SpreadsheetMl,
    /// Anything else is read as CSV text.
    Text,
}

/// How many first bytes [`FileKind::of`] looks at.
pub const SNIFFED_BYTES: usize = 4096;

impl FileKind {
    pub fn of(head: &[u8]) -> FileKind {
        const SPREADSHEET_ML: &[u8] = b"urn:schemas-microsoft-com:office:spreadsheet";
        if head.starts_with(b"PK\x03\x04") {
            return FileKind::Zip;
        }
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return FileKind::Ole;
        }
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if text.trim_ascii_start().starts_with(b"<?xml")
            && memchr::memmem::find(head, SPREADSHEET_ML).is_some()
        {
            return FileKind::SpreadsheetMl;
        }
        FileKind::Text
    }

    pub fn is_spreadsheet(self) -> bool {
        self != FileKind::Text
    }
}

/// The largest spreadsheet file read: a sheet is read whole into memory.
pub const MAX_SPREADSHEET_BYTES: u64 = 256 << 20;

// What a workbook may expand to, whatever the file's size (a sheet's own bounds are
// `sheet`'s).

/// The most a zip-based workbook (.xlsx, .ods) may unpack to, all its parts together, as
/// the zip's own directory declares their sizes (the zip reader holds each part to it).
#[cfg(not(fuzzing))]
pub const MAX_UNZIPPED_BYTES: u64 = 256 << 20;
/// The most shared strings an .xlsx may declare: calamine sets room aside for them all
/// before reading one.
#[cfg(not(fuzzing))]
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
// Small enough for a fuzzer's inputs to reach.
#[cfg(fuzzing)]
pub const MAX_UNZIPPED_BYTES: u64 = 1 << 20;
#[cfg(fuzzing)]
pub const MAX_SHARED_STRINGS: u64 = 1_000;

/// Reads the sheet named `wanted` (else the first) of the workbook `reader` gives, a file
/// named `name` of `kind`, refusing one larger than [`MAX_SPREADSHEET_BYTES`]: a sheet is
/// held whole.
pub fn read_bounded_sheet(
    reader: impl Read,
    kind: FileKind,
    name: &str,
    wanted: Option<&str>,
) -> Result<Sheet> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SPREADSHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_SPREADSHEET_BYTES {
        bail!(
            "{name} is a spreadsheet larger than {} MiB, the most netaudit reads; save it as \
             CSV, which is read in any size",
            MAX_SPREADSHEET_BYTES >> 20
        );
    }
    read_sheet(bytes, kind, wanted).with_context(|| format!("cannot read {name} as a spreadsheet"))
}

/// Reads the sheet named `wanted` (else the first) of the workbook in `bytes`, within the
/// bounds above.
pub fn read_sheet(bytes: Vec<u8>, kind: FileKind, wanted: Option<&str>) -> Result<Sheet> {
    match kind {
        FileKind::Ole | FileKind::Zip => guarded(|| read_with_calamine(bytes, kind, wanted)),
        FileKind::SpreadsheetMl => super::spreadsheet_ml::read_sheet(&bytes, wanted),
        FileKind::Text => bail!("not a spreadsheet"),
    }
}

/// Runs `read`, calamine's work on bytes from anywhere, with a panic in it made an error:
/// fuzzing found cell references (`AAAAAAAAAAAAAAAAA1`) whose column overflows calamine's
/// arithmetic, which panics wherever overflow is checked. The panic's own report is kept
/// off stderr; the error says what to do.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| {
        bail!(
            "calamine, the workbook reader, could not read it, so it is damaged or not what it \
             seems; open it in a spreadsheet program and save it again, or save the sheet as CSV"
        )
    })
}

/// An .xls, .xlsx or .ods, read with calamine within the bounds above.
fn read_with_calamine(bytes: Vec<u8>, kind: FileKind, wanted: Option<&str>) -> Result<Sheet> {
    match kind {
        FileKind::Ole => {
            check_xls_span(&bytes)?;
            from_workbook(
                Xls::new(Cursor::new(bytes))
                    .map_err(|err| anyhow!("not a readable .xls ({err})"))?,
                wanted,
            )
        }
        FileKind::Zip => {
            // An OpenDocument file's first entry is its media type, stored uncompressed.
            let head = &bytes[..bytes.len().min(200)];
            let is_ods =
                memchr::memmem::find(head, b"mimetypeapplication/vnd.oasis.opendocument").is_some();
            if is_ods {
                check_unpacked_size(&bytes)?;
                check_ods_span(&bytes)?;
                from_workbook(
                    Ods::new(Cursor::new(bytes))
                        .map_err(|err| anyhow!("not a readable .ods ({err})"))?,
                    wanted,
                )
            } else {
                from_xlsx(bytes, wanted)
            }
        }
        FileKind::SpreadsheetMl | FileKind::Text => bail!("not a workbook calamine reads"),
    }
}

/// Refuses a zip-based workbook whose parts unpack past [`MAX_UNZIPPED_BYTES`], or an
/// .xlsx that declares more than [`MAX_SHARED_STRINGS`], before calamine reads it.
fn check_unpacked_size(bytes: &[u8]) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| anyhow!("not a readable zip archive ({err})"))?;
    let mut unpacked = 0u64;
    let mut shared_strings = None;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|err| anyhow!("not a readable zip archive ({err})"))?;
        unpacked = unpacked.saturating_add(part.size());
        let is_shared_strings = (part.name().ok())
            .is_some_and(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if is_shared_strings {
            shared_strings = Some(index);
        }
    }
    if unpacked > MAX_UNZIPPED_BYTES {
        bail!(
            "its parts unpack to {} MiB, past the {} MiB netaudit reads of a workbook; save the \
             sheet as CSV, which is read in any size",
            unpacked >> 20,
            MAX_UNZIPPED_BYTES >> 20
        );
    }
    let Some(index) = shared_strings else {
        return Ok(());
    };
    // calamine reads the count from the first element, `sst`, wherever it starts.
    let part = archive
        .by_index(index)
        .map_err(|err| anyhow!("not a readable zip archive ({err})"))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buffer = Vec::new();
    let declared = loop {
        match reader.read_event_into(&mut buffer) {
            Ok(
                quick_xml::events::Event::Start(element) | quick_xml::events::Event::Empty(element),
            ) => {
                break (element.attributes().flatten())
                    .find(|attribute| attribute.key.local_name().as_ref() == "uniqueCount")
                    .and_then(|attribute| attribute.value.trim().parse::<u64>().ok());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break None,
            Ok(_) => buffer.clear(),
        }
    };
    if let Some(count) = declared.filter(|&count| count > MAX_SHARED_STRINGS) {
        bail!(
            "its shared strings declare {count} strings, past the {MAX_SHARED_STRINGS} \
             netaudit reads; save the sheet as CSV"
        );
    }
    Ok(())
}

/// Refuses an .ods workbook whose sheets would span more than [`MAX_SHEET_CELLS`]
/// together, before calamine reads it: calamine holds every sheet whole, each row as wide
/// as its cells' `number-columns-repeated` say, and each row `number-rows-repeated` times.
/// The span is counted here as `content.xml` streams by: rows up to the last that holds a
/// value, by columns up to the last cell that does.
fn check_ods_span(bytes: &[u8]) -> Result<()> {
    use quick_xml::events::Event;
    let unreadable = |err: &dyn std::fmt::Display| anyhow!("not a readable .ods ({err})");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| unreadable(&err))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|err| unreadable(&err))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeats = |element: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        (element.attributes().flatten())
            .find(|attribute| attribute.key.as_ref() == name)
            .and_then(|attribute| attribute.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let has_value = |element: &quick_xml::events::BytesStart<'_>| {
        (element.attributes().flatten())
            .any(|attribute| attribute.key.as_ref() == "office:value-type")
    };
    // The sheet being read: its name, the rows so far and those up to the last with a
    // value, and its widest row; then the row being read: its repeats, its cells so far
    // and those up to the last with a value.
    let (mut sheet, mut spanned) = (String::new(), 0u64);
    let (mut rows, mut height, mut width) = (0u64, 0u64, 0u64);
    let (mut row_repeats, mut cells, mut row_width) = (1u64, 0u64, 0u64);
    let mut buffer = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|err| unreadable(&err))?;
        let started = matches!(event, Event::Start(_));
        match event {
            Event::Start(element) | Event::Empty(element) => match element.name().as_ref() {
                "table:table" => {
                    sheet = (element.attributes().flatten())
                        .find(|attribute| attribute.key.as_ref() == "table:name")
                        .map(|attribute| attribute.value.into_owned())
                        .unwrap_or_default();
                    (rows, height, width) = (0, 0, 0);
                }
                "table:table-row" => {
                    row_repeats = repeats(&element, "table:number-rows-repeated");
                    (cells, row_width) = (0, 0);
                    if !started {
                        rows = rows.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    cells =
                        cells.saturating_add(repeats(&element, "table:number-columns-repeated"));
                    if started || has_value(&element) {
                        row_width = cells;
                    }
                }
                _ => {}
            },
            Event::End(element) if element.name().as_ref() == "table:table-row" => {
                rows = rows.saturating_add(row_repeats);
                if row_width > 0 {
                    height = rows;
                    width = width.max(row_width);
                }
                if spanned.saturating_add(height.saturating_mul(width)) > MAX_SHEET_CELLS as u64 {
                    bail!(
                        "sheet {}, row {rows}: the workbook's sheets would span more than the \
                         {MAX_SHEET_CELLS} cells netaudit reads; save the sheet as CSV, which is \
                         read in any size",
                        crate::messages::show_value(&sheet)
                    );
                }
            }
            Event::End(element) if element.name().as_ref() == "table:table" => {
                spanned = spanned.saturating_add(height.saturating_mul(width));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buffer.clear();
    }
}

/// Refuses an .xls whose sheets would span more than [`MAX_SHEET_CELLS`] together, before
/// calamine reads it: calamine holds every sheet of an .xls whole, from its first cell to
/// its last, so one cell at IV65536 in a file of a few KiB would be 16 million cells
/// (1.5 GB). The span is counted here from the cell records of the workbook stream (BIFF5
/// and BIFF8), a record at a time; cfb reads the compound file, as calamine's own reader
/// of it is not public.
fn check_xls_span(bytes: &[u8]) -> Result<()> {
    let unreadable = |err: &dyn std::fmt::Display| anyhow!("not a readable .xls ({err})");
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|err| unreadable(&err))?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
    else {
        // calamine says what is missing.
        return Ok(());
    };
    let stream = file.open_stream(name).map_err(|err| unreadable(&err))?;
    let mut stream = std::io::BufReader::new(stream);
    let mut data = Vec::new();
    // The nesting of the substream being read (a sheet, a chart in it), its first and
    // last rows and columns, how many parts have ended, and the sheets' cells together.
    let (mut depth, mut parts, mut spanned) = (0usize, 0usize, 0u64);
    let mut corners: Option<(u16, u16, u16, u16)> = None;
    loop {
        let mut header = [0u8; 4];
        match stream.read_exact(&mut header) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(err) => return Err(unreadable(&err)),
        }
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        data.resize(length, 0);
        if stream.read_exact(&mut data).is_err() {
            return Ok(());
        }
        let word = |at: usize| {
            data.get(at..at + 2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        };
        let cell = match kind {
            // BOF: a sheet's (or the globals', or a chart's) substream begins.
            0x0809 => {
                depth += 1;
                None
            }
            // EOF: it ends; a sheet's cells span its corners.
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // The first part is the workbook's globals; each after it, a sheet.
                    parts += 1;
                }
                if depth == 0
                    && let Some((top, bottom, left, right)) = corners.take()
                {
                    let sheet = parts - 1;
                    let rows = u64::from(bottom - top) + 1;
                    let columns = u64::from(right - left) + 1;
                    spanned = spanned.saturating_add(rows * columns);
                    if spanned > MAX_SHEET_CELLS as u64 {
                        bail!(
                            "sheet {sheet}: it spans {rows} rows by {columns} columns, and the \
                             workbook's sheets more than the {MAX_SHEET_CELLS} cells netaudit \
                             reads; save the sheet as CSV, which is read in any size"
                        );
                    }
                }
                None
            }
            // The records of a cell with a value, as calamine reads them: row, column.
            0x0006 | 0x00D6 | 0x00FD | 0x0203 | 0x0204 | 0x0205 | 0x027E => word(0)
                .zip(word(2))
                .map(|(row, column)| (row, column, column)),
            // MULRK: a row's run of cells, the last column in the last two bytes.
            0x00BD => word(0)
                .zip(word(2))
                .zip(length.checked_sub(2).and_then(word))
                .map(|((row, first), last)| (row, first.min(last), first.max(last))),
            _ => None,
        };
        if let Some((row, first, last)) = cell {
            corners = Some(match corners {
                None => (row, row, first, last),
                Some((top, bottom, left, right)) => (
                    top.min(row),
                    bottom.max(row),
                    left.min(first),
                    right.max(last),
                ),
            });
        }
    }
}

/// Reads an .xlsx sheet a cell at a time into a [`Grid`], never as the dense rectangle
/// calamine's ranges are, which a cell at XFD1048576 would make a trillion cells.
fn from_xlsx(bytes: Vec<u8>, wanted: Option<&str>) -> Result<Sheet> {
    check_unpacked_size(&bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|err| {
        anyhow!("not a readable .xlsx workbook, though it is a zip archive ({err})")
    })?;
    let name = pick_sheet(&book.sheet_names(), wanted)?;
    let cannot = |err: calamine::XlsxError| anyhow!("cannot read sheet {name}: {err}");
    let mut cells = book.worksheet_cells_reader(&name).map_err(cannot)?;
    let mut grid = Grid::new(&name);
    while let Some(cell) = cells.next_cell().map_err(cannot)? {
        let (row, column) = cell.get_position();
        grid.put(row, column, Data::from(cell.get_value().clone()))?;
    }
    Ok(grid.into_sheet())
}

fn from_workbook<R: Reader<Cursor<Vec<u8>>>>(mut book: R, wanted: Option<&str>) -> Result<Sheet>
where
    R::Error: std::fmt::Display,
{
    let names = book.sheet_names();
    let name = pick_sheet(&names, wanted)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|err| anyhow!("cannot read sheet {name}: {err}"))?;
    let start = range.start().unwrap_or((0, 0));
    Ok(Sheet {
        name,
        start,
        rows: range.rows().map(<[Data]>::to_vec).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_their_first_bytes() {
        assert_eq!(FileKind::of(b"PK\x03\x04rest"), FileKind::Zip);
        assert_eq!(FileKind::of(b"\xD0\xCF\x11\xE0\xA1\xB1"), FileKind::Ole);
        assert_eq!(
            FileKind::of(
                b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            ),
            FileKind::SpreadsheetMl
        );
        assert_eq!(
            FileKind::of(b"<?xml version=\"1.0\"?><html/>"),
            FileKind::Text
        );
        assert_eq!(FileKind::of(b"date,group\n"), FileKind::Text);
        assert_eq!(FileKind::of(b"PK"), FileKind::Text);
    }
}
