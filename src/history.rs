//! A CSV history a report or a trend is appended to (`--append`): the rows a run writes
//! again (its month, its groups) replaced, the rest kept byte for byte, all or nothing
//! under the file's lock; a history begun before fields were added gets rows without them.

use crate::files::{self, LockedFile, Undo};
use crate::messages;
use crate::names::group_key;
use crate::records::{Flaw, MAX_COUNTED_FIELDS, Record, RecordReader};
use crate::render::csv::{CsvStyle, CsvText};
use crate::sources::csv_log::describe_flaw;
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::Path;

/// Which records of a CSV history a run writes again, and so replaces when it appends:
/// those whose `period` and `within` columns hold what one of the run's rows holds there,
/// compared as group names are (letter case and spacing aside). A report of every group
/// has the month alone; a report of `--group B`, the month and the group, so that it
/// replaces B's row and no other. See docs/cron.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryKey {
    /// The columns that say which period a record is of: `month`, or `from` and `to`.
    pub period: &'static [&'static str],
    /// The columns the run's selection fixes: the metric, the group, the chapter.
    pub within: &'static [&'static str],
}

/// Adds the rendering's rows to the CSV file at `path`, all or nothing, under the lock
/// (see [`files::LockedFile`]). A file not there yet, or empty, gets the header too. When
/// the file already holds records the rows write again (see [`HistoryKey`]), the file is
/// rewritten at once without them and with the new rows where the first of them stood, so
/// that each period stays one block in its place (`replace_held`). Otherwise the rows
/// are appended in place. Either way the file is streamed, a record at a time, so a
/// history of any length costs bounded memory.
pub fn append<F>(
    path: &Path,
    style: CsvStyle,
    render: &F,
    key: HistoryKey,
) -> Result<Option<String>>
where
    F: Fn(CsvStyle) -> Result<Vec<u8>>,
{
    let cannot = || format!("cannot add to {}", path.display());
    loop {
        let Some(file) = LockedFile::open(path).with_context(cannot)? else {
            match files::create_new(path, &render(style)?) {
                // Another netaudit created it a moment ago: add to that one.
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
                result => return result.with_context(cannot).map(|()| None),
            }
        };
        if let Some(repair) = file.repair() {
            messages::note(repair);
        }
        let (rows, note) = if file.is_empty().with_context(cannot)? {
            (render(style)?, None)
        } else {
            let Some(first_line) = file.first_line().with_context(cannot)? else {
                bail!(
                    "{}:1: the first line is longer than {} MiB, so it is no header this output \
                     could go under; nothing was added",
                    path.display(),
                    files::MAX_HEADER_BYTES >> 20
                );
            };
            let ends_with_line_end = file.ends_with_line_end().with_context(cannot)?;
            let (rows, note) = appended(&first_line, ends_with_line_end, path, style, render)?;
            let held = Replaced::new(&first_line, &rows, key, style.delimiter)?;
            let mut count = 0u64;
            each_record(&file, held.delimiter, path, |_, record| {
                count += u64::from(held.holds(record));
                Ok(())
            })?;
            if count > 0 {
                replace_held(&file, &held, &rows, path)?;
                return Ok(join_notes(note, Some(held.replaced(path, count))));
            }
            (rows, note)
        };
        return file
            .append(&rows, Undo::Forget)
            .with_context(cannot)
            .map(|()| note);
    }
}

fn join_notes(first: Option<String>, second: Option<String>) -> Option<String> {
    match (first, second) {
        (Some(first), Some(second)) => Some(format!("{first}; {second}")),
        (first, second) => first.or(second),
    }
}

/// The records of a history that one run writes again (see [`HistoryKey`]).
struct Replaced {
    /// Where the key's columns stand in the history's records; empty when its header
    /// lacks one, as no history of this output's does.
    columns: Vec<usize>,
    /// The keys of the run's rows.
    keys: HashSet<Vec<String>>,
    /// The periods of the run's rows, each once, in order, for the message.
    periods: Vec<String>,
    delimiter: u8,
}

impl Replaced {
    /// From the history's header line and the run's rows under it.
    fn new(header: &[u8], rows: &[u8], key: HistoryKey, delimiter: u8) -> Result<Replaced> {
        let mut reader = RecordReader::new(header);
        reader.set_delimiter(delimiter);
        let mut record = Record::new();
        reader.read(&mut record)?;
        let names: Vec<&[u8]> = record.iter().collect();
        let columns: Option<Vec<usize>> = (key.period.iter().chain(key.within))
            .map(|name| names.iter().position(|field| *field == name.as_bytes()))
            .collect();
        let columns = columns.unwrap_or_default();
        let mut reader = RecordReader::new(rows);
        reader.set_delimiter(delimiter);
        let mut keys = HashSet::new();
        let mut periods: Vec<String> = Vec::new();
        while !columns.is_empty() && reader.read(&mut record)? {
            let text = |column: &usize| {
                String::from_utf8_lossy(record.get(*column).unwrap_or_default()).into_owned()
            };
            let period: Vec<String> = columns[..key.period.len()].iter().map(text).collect();
            let period = period.join(" to ");
            if !periods.contains(&period) {
                periods.push(period);
            }
            keys.insert(
                columns
                    .iter()
                    .map(|column| group_key(&text(column)))
                    .collect(),
            );
        }
        Ok(Replaced {
            columns,
            keys,
            periods,
            delimiter,
        })
    }

    fn holds(&self, record: &Record) -> bool {
        if self.columns.is_empty() {
            return false;
        }
        let key: Vec<String> = (self.columns.iter())
            .map(|&column| {
                group_key(&String::from_utf8_lossy(
                    record.get(column).unwrap_or_default(),
                ))
            })
            .collect();
        self.keys.contains(&key)
    }

    /// What to tell the user of the `count` records replaced in the file at `path`.
    fn replaced(&self, path: &Path, count: u64) -> String {
        let (rows, them) = if count == 1 {
            ("1 row".to_string(), "it")
        } else {
            (format!("{count} rows"), "them")
        };
        format!(
            "{} already held {rows} of {}; replaced {them} with these",
            path.display(),
            self.periods.join(", ")
        )
    }
}

/// Calls `each` with each record of the history under its header, and where it starts and
/// ends in bytes. A record netaudit would not have written (a quote never closed, text
/// after a closing quote, a field longer than any it writes) is an error at its place, in
/// the words a log's flaw is told in: where such a record ends, and so which record is
/// which after it, is a guess.
fn each_record(
    file: &LockedFile,
    delimiter: u8,
    path: &Path,
    mut each: impl FnMut(Range<u64>, &Record) -> Result<()>,
) -> Result<()> {
    let cannot = || format!("cannot read {}", path.display());
    let mut reader = RecordReader::new(file.reader().with_context(cannot)?);
    reader.set_delimiter(delimiter);
    let mut record = Record::new();
    let mut header = true;
    loop {
        let Some(start) = reader.next_start().with_context(cannot)? else {
            return Ok(());
        };
        if !reader.read(&mut record).with_context(cannot)? {
            return Ok(());
        }
        // A row past the fields a log may have is no flaw here: only its first fields,
        // the key's, are read. Any other flaw leaves where the record ends a guess.
        let flaw = match record.flaw() {
            Some(Flaw::TooManyFields) if record.width() <= MAX_COUNTED_FIELDS => None,
            flaw => flaw,
        };
        if let Some(flaw) = flaw {
            bail!(
                "{}:{}: {}; nothing was added",
                path.display(),
                record.line,
                describe_flaw(
                    flaw,
                    &record,
                    "record",
                    delimiter,
                    "a CSV file netaudit wrote"
                )
            );
        }
        if !header {
            each(start..reader.offset(), &record)?;
        }
        header = false;
    }
}

/// Rewrites `file` at once (see [`files::Rewrite`]) with `rows` where the first of the
/// records `held` describes stood, and without those records, streaming it a record at a
/// time: every other byte is kept as it was.
fn replace_held(file: &LockedFile, held: &Replaced, rows: &[u8], path: &Path) -> Result<()> {
    let cannot = || format!("cannot add to {}", path.display());
    // The rows come after a line end of their own when the file lacked a final one; a
    // record replaced at the file's end may lack one too.
    let rows = rows
        .strip_prefix(b"\r\n")
        .or_else(|| rows.strip_prefix(b"\n"))
        .unwrap_or(rows);
    let line_end: &[u8] = if rows.ends_with(b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let mut rewrite = file.rewrite().with_context(cannot)?;
    let mut out = BufWriter::with_capacity(COPY_BUFFER, &mut rewrite);
    let mut kept_from = 0;
    let mut last = None;
    let mut placed = false;
    each_record(file, held.delimiter, path, |range, record| {
        if !held.holds(record) {
            return Ok(());
        }
        last = file
            .copy_range(kept_from..range.start, &mut out)
            .with_context(cannot)?
            .or(last);
        if !placed {
            if last.is_some_and(|byte| byte != b'\n' && byte != b'\r') {
                out.write_all(line_end).with_context(cannot)?;
            }
            out.write_all(rows).with_context(cannot)?;
            placed = true;
        }
        kept_from = range.end;
        Ok(())
    })?;
    let length = file.len().with_context(cannot)?;
    file.copy_range(kept_from..length, &mut out)
        .with_context(cannot)?;
    out.flush().with_context(cannot)?;
    drop(out);
    rewrite.finish().with_context(cannot)
}

/// How much of the history is buffered at a time on its way to the new file.
const COPY_BUFFER: usize = 1 << 16;

/// The bytes that add a new rendering's records under the header `first_line` of a CSV
/// file, in the file's own line ends, after a line end if the file lacks a final one.
/// Refused when the headers differ, as the columns would not line up, unless the file's
/// header is the start of this output's: then the rows go without the fields the file
/// lacks, and the note returned says so.
fn appended<F>(
    first_line: &[u8],
    ends_with_line_end: bool,
    path: &Path,
    style: CsvStyle,
    render: &F,
) -> Result<(Vec<u8>, Option<String>)>
where
    F: Fn(CsvStyle) -> Result<Vec<u8>>,
{
    let line = first_line
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(first_line);
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let crlf = line.ends_with(b"\r");
    let header = line.strip_suffix(b"\r").unwrap_or(line);

    let new = String::from_utf8(render(CsvStyle {
        bom: false,
        crlf,
        ..style
    })?)?;
    let (new_header, rows) = new.split_once('\n').unwrap_or((&new, ""));
    let new_header = new_header.strip_suffix('\r').unwrap_or(new_header);
    let mut note = None;
    let rows = if header == new_header.as_bytes() {
        rows.to_string()
    } else if let Some(added) = fields_added(header, new_header, style.delimiter) {
        let (what, it) = match added.as_slice() {
            [one] => (format!("{one} column"), "it"),
            [rest @ .., last] => (format!("{} or {last} column", rest.join(", ")), "them"),
            [] => (String::new(), "it"),
        };
        note = Some(format!(
            "{} has no {what} (an older netaudit started it); the rows were added without \
             {it}. Start a new file to have {it}",
            path.display(),
        ));
        first_fields(rows, header, style.delimiter, crlf)?
    } else {
        bail!(
            "{}:1: the header is \"{}\", not this output's \"{new_header}\", so the columns would not \
             line up and nothing was added; write to a new file, or leave out --append to replace it",
            path.display(),
            String::from_utf8_lossy(header)
        );
    };
    let mut bytes = Vec::new();
    if !ends_with_line_end {
        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    bytes.extend_from_slice(rows.as_bytes());
    Ok((bytes, note))
}

/// The fields `new_header` has after all of `header`'s, when `header` is its start: a
/// history begun by an older netaudit, before fields were added at the end.
fn fields_added<'a>(header: &[u8], new_header: &'a str, delimiter: u8) -> Option<Vec<&'a str>> {
    let rest = new_header.as_bytes().strip_prefix(header)?;
    if rest.first() != Some(&delimiter) {
        return None;
    }
    let added = &new_header[header.len() + 1..];
    Some(added.split(char::from(delimiter)).collect())
}

/// The CSV `rows` with only as many fields as `header` has, written as they were.
fn first_fields(rows: &str, header: &[u8], delimiter: u8, crlf: bool) -> Result<String> {
    let count = header.split(|&byte| byte == delimiter).count();
    let mut out = CsvText::new(CsvStyle {
        bom: false,
        crlf,
        delimiter,
        ..CsvStyle::default()
    });
    let records = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(rows.as_bytes())
        .into_byte_records();
    for record in records {
        out.record(record?.iter().take(count))?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(style: CsvStyle) -> Result<Vec<u8>> {
        let end = if style.crlf { "\r\n" } else { "\n" };
        let bom = if style.bom { "\u{feff}" } else { "" };
        Ok(format!("{bom}a,b{end}1,2{end}").into_bytes())
    }

    #[test]
    fn rows_go_under_the_same_header_in_the_file_s_line_ends() {
        let path = Path::new("history.csv");
        assert_eq!(
            appended(b"a,b\n", true, path, CsvStyle::default(), &render)
                .unwrap()
                .0,
            b"1,2\n"
        );
        assert_eq!(
            appended(
                "\u{feff}a,b\r\n".as_bytes(),
                true,
                path,
                CsvStyle::default(),
                &render
            )
            .unwrap()
            .0,
            b"1,2\r\n"
        );
        assert_eq!(
            appended(b"a,b", false, path, CsvStyle::default(), &render)
                .unwrap()
                .0,
            b"\n1,2\n"
        );
        assert_eq!(
            appended(b"a,b\n", false, path, CsvStyle::default(), &render)
                .unwrap()
                .0,
            b"\n1,2\n"
        );
    }

    #[test]
    fn a_history_begun_before_fields_were_added_gets_rows_without_them() {
        let render = |style: CsvStyle| {
            let end = if style.crlf { "\r\n" } else { "\n" };
            Ok(format!("a,b,codes{end}1,\"x,y\",p;q{end}2,z,{end}").into_bytes())
        };
        let (rows, note) = appended(
            b"a,b\r\n",
            true,
            Path::new("history.csv"),
            CsvStyle::default(),
            &render,
        )
        .unwrap();
        assert_eq!(rows, b"1,\"x,y\"\r\n2,z\r\n");
        let note = note.unwrap();
        assert!(
            note.starts_with("history.csv has no codes column"),
            "{note}"
        );
        assert!(
            appended(
                b"a,bc\n",
                true,
                Path::new("h.csv"),
                CsvStyle::default(),
                &render
            )
            .is_err(),
            "a field's name cut short is another header"
        );
    }

    #[test]
    fn a_different_header_is_refused() {
        let err = appended(
            b"a,c\n",
            true,
            Path::new("history.csv"),
            CsvStyle::default(),
            &render,
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("history.csv:1: the header is \"a,c\", not this output's \"a,b\""),
            "{message}"
        );
    }

    /// One record of a generated history: its month and group (by index), a note that
    /// may hold delimiters, quotes and line ends, and its own line end.
    #[derive(Clone, Debug)]
    struct Generated {
        month: usize,
        group: usize,
        note: String,
        crlf: bool,
    }

    const MONTHS: [&str; 3] = ["2026-08", "2026-09", "2026-10"];
    const GROUPS: [&str; 3] = ["Harbor BNI", "harbor  bni", "Rotary"];

    fn record_text(record: &Generated) -> String {
        let note = format!("\"{}\"", record.note.replace('"', "\"\""));
        let end = if record.crlf { "\r\n" } else { "\n" };
        format!(
            "{},{},{note}{end}",
            MONTHS[record.month], GROUPS[record.group]
        )
    }

    fn generated() -> impl proptest::strategy::Strategy<Value = Generated> {
        use proptest::prelude::*;
        (0..3usize, 0..3usize, "[a-z,\"\r\n]{0,8}", any::<bool>()).prop_map(
            |(month, group, note, crlf)| Generated {
                month,
                group,
                note,
                crlf,
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

        /// Replacing keeps every record the run does not write again byte for byte and in
        /// order, and puts the run's rows once where the first record it replaces stood.
        #[test]
        fn replacing_keeps_every_other_byte(
            records in proptest::collection::vec(generated(), 0..12),
            final_line_end in proptest::prelude::any::<bool>(),
            month in 0..3usize,
            one_group in proptest::option::of(0..3usize),
        ) {
            let header = "month,group,note\n";
            let mut texts: Vec<String> = records.iter().map(record_text).collect();
            if !final_line_end && let Some(last) = texts.last_mut() {
                let trimmed = last.trim_end_matches(['\r', '\n']).len();
                last.truncate(trimmed);
            }
            let history = format!("{header}{}", texts.concat());
            let rows = match one_group {
                Some(group) => format!("{},{},new\n", MONTHS[month], GROUPS[group]),
                None => format!("{m},Harbor BNI,new\n{m},Rotary,new\n", m = MONTHS[month]),
            };
            let key = HistoryKey {
                period: &["month"],
                within: if one_group.is_some() { &["group"] } else { &[] },
            };
            let is_held = |record: &Generated| {
                record.month == month
                    && one_group.is_none_or(|group| group_key(GROUPS[group]) == group_key(GROUPS[record.group]))
            };
            let mut expected = header.to_string();
            let mut placed = false;
            for (record, text) in records.iter().zip(&texts) {
                if !is_held(record) {
                    expected.push_str(text);
                } else if !placed {
                    expected.push_str(&rows);
                    placed = true;
                }
            }

            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("history.csv");
            std::fs::write(&path, &history).unwrap();
            let file = LockedFile::open(&path).unwrap().unwrap();
            let held = Replaced::new(header.as_bytes(), rows.as_bytes(), key, b',').unwrap();
            let mut count = 0;
            each_record(&file, b',', &path, |_, record| {
                count += usize::from(held.holds(record));
                Ok(())
            })
            .unwrap();
            proptest::prop_assert_eq!(count, records.iter().filter(|r| is_held(r)).count());
            if count > 0 {
                replace_held(&file, &held, rows.as_bytes(), &path).unwrap();
                drop(file);
                proptest::prop_assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
            }
        }
    }
}
