//! A log rewritten whole, where appending cannot do: a column added at the end of every
//! row (`log --covers`, `import`'s source), or some cells edited in place (`rename`), every
//! other byte kept as it was, and the result read back to hold the same rows.

use super::writer::{Dialect, ExistingLog, NewRow, Pending, line_end_text};
use crate::activity::{ActivityRow, Column};
use crate::files::LockedFile;
use crate::sources::csv_log::{ReadOptions, open_log};
use anyhow::{Result, anyhow};
use encoding_rs::Encoding;
use std::io::{Cursor, Read};

/// The largest log whose header `import` or `log` extends with a column: the file is
/// read, rewritten and read back in memory.
pub const MAX_REWRITTEN_BYTES: u64 = 256 << 20;

/// The whole log with `columns` added as its last, in order (each row's cells empty), and
/// the rows after it: what `import` (a `source` column) and `log` (the columns its flags
/// name that the log lacks, such as `covers` or `contact`) write, at once, to such a log. The log's rows are read back from the
/// new text and must be the rows read before.
pub fn with_new_columns<I>(
    file: &LockedFile,
    log: &mut ExistingLog,
    columns: &[Column],
    rows: I,
    name: &str,
    missing: &dyn Fn(Column) -> anyhow::Error,
) -> Result<Pending<I>>
where
    I: Iterator<Item = NewRow> + Clone,
{
    let names: Vec<&str> = columns.iter().map(|column| column.name()).collect();
    let what = match names.as_slice() {
        [one] => format!("a {one} column"),
        _ => format!("columns {}", names.join(", ")),
    };
    let refuse = |why: &str| anyhow!("cannot add {what} to {name}: {why}");
    let whole = WholeText::read(
        file,
        log,
        &refuse,
        &format!(
            "add \"{}\" to the end of its header row, and a delimiter for each to the end of \
             each row, then run again",
            names.join(&char::from(log.dialect.delimiter).to_string())
        ),
    )?;
    let delimiter = char::from(log.dialect.delimiter);
    let mut text = whole.text.clone();
    for column in columns {
        text = add_last_column(&text, delimiter, column.name());
    }
    same_rows(&whole.text, &text, name, &log.options, &|_| ())
        .map_err(|why| refuse(&format!("{why}; nothing was written")))?;
    // A header of the user's could read a new name as a column of its own.
    let reads_columns = open_log(Cursor::new(text.as_bytes().to_vec()), name, &log.options)
        .is_ok_and(|reader| {
            let read = reader.columns();
            read.len() >= columns.len()
                && read[read.len() - columns.len()..]
                    .iter()
                    .zip(columns)
                    .all(|(read, column)| *read == Some(*column))
        });
    if !reads_columns {
        return Err(refuse(&format!(
            "the new header would not read \"{}\" as such; nothing was written",
            names.join("\", \"")
        )));
    }
    for column in columns {
        log.dialect.columns.push(Some(*column));
        if let Some(names) = &mut log.dialect.names {
            names.push(column.name().to_string());
        }
    }
    if !text.is_empty() && !text.ends_with(['\n', '\r']) {
        text.push_str(line_end_text(log.dialect.line_end));
    }
    let doing = format!("cannot add {what} to {name}");
    let header = log.dialect.shown_header();
    let dialect = log.dialect.clone();
    Pending::new(whole.bom, text, rows, dialect, header, missing, &doing)
}

/// `text` with one more field at the end of each record: `name` in the header, empty
/// below. A line end inside quotes is part of a field, not a record's end; a blank line
/// stays blank.
fn add_last_column(text: &str, delimiter: char, name: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + name.len() + 1);
    let end_record = |out: &mut String, header: bool, blank: bool| {
        if header {
            out.push(delimiter);
            out.push_str(name);
        } else if !blank {
            out.push(delimiter);
        }
    };
    let (mut quoted, mut header, mut blank) = (false, true, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\r' | '\n') && !quoted {
            end_record(&mut out, header, blank);
            out.push(c);
            if c == '\r' && chars.peek() == Some(&'\n') {
                out.push('\n');
                chars.next();
            }
            (header, blank) = (false, true);
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        }
        out.push(c);
        blank = false;
    }
    if header || !blank {
        end_record(&mut out, header, blank);
    }
    out
}

/// `text` with one cell of some records written anew, and how many: `edit` gets each
/// record's fields after the header, as written (quotes and all), and gives the field to
/// write instead and its new text. Every other byte stays as it is: quotes, spacing, line
/// ends, blank lines; a line end inside quotes is part of a field.
pub fn edit_cells(text: &str, delimiter: char, edit: &mut CellEdit) -> (String, u64) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut fields: Vec<(usize, usize)> = Vec::new();
    // Copies the record that ends at `end` (before its line end), its cell edited.
    let mut end_record = |out: &mut String, fields: &mut Vec<(usize, usize)>, header: bool| {
        let (start, end) = (fields[0].0, fields[fields.len() - 1].1);
        let written: Vec<&str> = fields.iter().map(|&(from, to)| &text[from..to]).collect();
        match (!header).then(|| edit(&written)).flatten() {
            Some((at, cell)) if at < fields.len() => {
                out.push_str(&text[start..fields[at].0]);
                out.push_str(&cell);
                out.push_str(&text[fields[at].1..end]);
                count += 1;
            }
            _ => out.push_str(&text[start..end]),
        }
        fields.clear();
    };
    let (mut quoted, mut header, mut start) = (false, true, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            _ if c == delimiter => {
                fields.push((start, at));
                start = at + c.len_utf8();
            }
            '\r' | '\n' => {
                fields.push((start, at));
                end_record(&mut out, &mut fields, header);
                let mut end = at + 1;
                if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                    end += 1;
                }
                out.push_str(&text[at..end]);
                (start, header) = (end, false);
            }
            _ => {}
        }
    }
    fields.push((start, text.len()));
    end_record(&mut out, &mut fields, header);
    (out, count)
}

/// What [`edit_cells`] asks of each record: given its fields as written, the field to write
/// anew and its text, if any.
pub type CellEdit<'a> = dyn FnMut(&[&str]) -> Option<(usize, String)> + 'a;

/// `value` as a cell: quoted when it holds the delimiter or a quote.
pub fn quoted_cell(value: &str, delimiter: char) -> String {
    if value.contains([delimiter, '"']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A cell's text as the log reads it: trimmed, outer quotes removed, doubled quotes one.
pub fn unquoted(cell: &str) -> String {
    let cell = cell.trim();
    match cell
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// A log's whole text, decoded, for a rewrite, with the byte-order mark it began with.
pub struct WholeText {
    bom: Vec<u8>,
    pub text: String,
}

impl WholeText {
    /// Reads the log, of at most [`MAX_REWRITTEN_BYTES`]; a larger one is refused with
    /// `by_hand`, how to make the change by hand.
    pub fn read(
        file: &LockedFile,
        log: &ExistingLog,
        refuse: &dyn Fn(&str) -> anyhow::Error,
        by_hand: &str,
    ) -> Result<WholeText> {
        let mut raw = Vec::new();
        file.reader()?
            .take(MAX_REWRITTEN_BYTES + 1)
            .read_to_end(&mut raw)?;
        if raw.len() as u64 > MAX_REWRITTEN_BYTES {
            return Err(refuse(&format!(
                "it is larger than {} MiB; {by_hand}",
                MAX_REWRITTEN_BYTES >> 20
            )));
        }
        let bom = Encoding::for_bom(&raw).map_or(0, |(_, length)| length);
        let (text, had_errors) = log
            .dialect
            .encoding
            .decode_without_bom_handling(&raw[bom..]);
        if had_errors {
            return Err(refuse(&format!(
                "it is not valid {} text throughout",
                log.dialect.encoding.name()
            )));
        }
        Ok(WholeText {
            text: text.into_owned(),
            bom: raw[..bom].to_vec(),
        })
    }

    /// `text`, the log's new whole text, as the file's bytes: in its encoding, after the
    /// byte-order mark it began with. An error begins with `doing`.
    pub fn encode(&self, text: &str, dialect: &Dialect, doing: &str) -> Result<Vec<u8>> {
        let mut bytes = self.bom.clone();
        bytes.extend_from_slice(&dialect.encode(text, doing)?);
        Ok(bytes)
    }
}

/// Whether `after`, a log's text rewritten, reads as the rows of `before` each changed by
/// `change` (and nothing else), or why not.
pub fn same_rows(
    before: &str,
    after: &str,
    name: &str,
    options: &ReadOptions,
    change: &dyn Fn(&mut ActivityRow),
) -> Result<(), String> {
    let open = |text: &str| {
        open_log(Cursor::new(text.as_bytes().to_vec()), name, options)
            .map_err(|err| format!("the new header would not read ({err})"))
    };
    let (mut old, mut new) = (open(before)?, open(after)?);
    let (mut a, mut b) = (ActivityRow::default(), ActivityRow::default());
    loop {
        let (x, y) = (old.read_row(&mut a), new.read_row(&mut b));
        match (x, y) {
            (None, None) => return Ok(()),
            (Some(Ok(_)), Some(Ok(_))) => {
                change(&mut a);
                if a != b {
                    return Err("its rows would not read back as they were".to_string());
                }
            }
            _ => return Err("its rows would not read back as they were".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::add_last_column;

    #[test]
    fn a_last_column_goes_after_each_record_not_inside_quotes() {
        let text = "date,group,note\r\n2026-09-01,BNI,\"two\nlines, \"\"quoted\"\"\"\r\n\r\n2026-09-02,BNI,x";
        assert_eq!(
            add_last_column(text, ',', "source"),
            "date,group,note,source\r\n2026-09-01,BNI,\"two\nlines, \"\"quoted\"\"\",\r\n\r\n2026-09-02,BNI,x,"
        );
        assert_eq!(
            add_last_column("date;group", ';', "source"),
            "date;group;source"
        );
        assert_eq!(
            add_last_column("date\rx\r", ',', "source"),
            "date,source\rx,\r"
        );
    }
}
