//! Where `report` and `trend` send their output, in which form, and how a file is written.

use super::Input;
use crate::cli::{ColorChoice, OutputArgs};
use crate::config::Config;
use crate::files::{self, LockedFile, Undo};
use crate::messages;
use crate::render::Format;
use crate::render::csv::{CsvStyle, CsvText};
use crate::render::table::Screen;
use anyhow::{Context, Result, bail};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where the output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stdout,
    /// Replaced whole.
    Replace(PathBuf),
    /// CSV rows added under the file's header.
    Append(PathBuf),
}

/// The output, resolved from flags and config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSettings {
    pub format: Format,
    pub target: Target,
    pub csv_style: CsvStyle,
    pub screen: Screen,
}

/// The format a file's extension names: `.csv`, `.json`, `.xlsx`, or `.txt` for the table.
/// Any other name is refused, as its format would be a guess: `-o json` meant `-O json`.
fn format_of(path: &Path) -> Result<Format> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => return Ok(Format::Csv),
        Some("json") => return Ok(Format::Json),
        Some("xlsx") => return Ok(Format::Xlsx),
        Some("txt") => return Ok(Format::Table),
        Some("md") => return Ok(Format::Markdown),
        Some("html" | "htm") => return Ok(Format::Html),
        _ => {}
    }
    let name = path.display().to_string();
    let format_named = ["table", "csv", "json", "xlsx", "markdown", "html"]
        .into_iter()
        .find(|format| name.eq_ignore_ascii_case(format));
    match format_named {
        Some(format) => bail!(
            "-o {} names a file called \"{}\"; did you mean -O {format} (the format)?",
            messages::escape(&name),
            messages::escape(&name)
        ),
        None => bail!(
            "-o {}: the file name does not say which format to write; name a file ending in \
             .csv, .json, .xlsx, .md (Markdown), .html or .txt (a table), or say the format with \
             -O",
            messages::escape(&name)
        ),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Table => "a table",
        Format::Csv => "CSV",
        Format::Json => "JSON",
        Format::Xlsx => "an xlsx workbook",
        Format::Markdown => "Markdown",
        Format::Html => "an HTML page",
    }
}

/// Resolves the output. `terminal` is what stdout is (see [`terminal`]).
pub fn resolve(
    args: OutputArgs,
    config: &Config,
    color: ColorChoice,
    terminal: Screen,
) -> Result<OutputSettings> {
    let file = args
        .output_file
        .filter(|path| path.as_os_str() != "-" || args.append);
    let format = match (args.output_format, file.as_deref()) {
        (Some(format), _) => format,
        (None, Some(path)) => format_of(path)?,
        (None, None) => Format::Table,
    };
    if args.append && format != Format::Csv {
        bail!(
            "--append adds rows to a CSV file, but the output is {}; name a .csv file or pass -O csv",
            format_name(format)
        );
    }
    if args.excel && format != Format::Csv {
        bail!(
            "--excel shapes CSV for Excel, but the output is {}; pass -O csv or name a .csv file",
            format_name(format)
        );
    }
    let target = match file {
        None if format == Format::Xlsx && terminal.width.is_some() => bail!(
            "an xlsx workbook is a binary file, not for a terminal; name one with -o report.xlsx"
        ),
        None => Target::Stdout,
        Some(path) if path.as_os_str() == "-" => {
            bail!("--append needs a file to add to; - is standard output")
        }
        Some(path) if args.append => Target::Append(path),
        Some(path) => Target::Replace(path),
    };
    let screen = match (&target, format) {
        (_, Format::Csv | Format::Json | Format::Xlsx | Format::Markdown | Format::Html) => {
            Screen::default()
        }
        (Target::Stdout, Format::Table) => Screen {
            color: match color {
                ColorChoice::Auto => terminal.color,
                ColorChoice::Always => true,
                ColorChoice::Never => false,
            },
            width: terminal.width,
        },
        (_, Format::Table) => Screen {
            color: color == ColorChoice::Always,
            width: None,
        },
    };
    Ok(OutputSettings {
        format,
        target,
        csv_style: {
            let style = CsvStyle {
                delimiter: config.format.delimiter.unwrap_or(b','),
                decimal: config.format.decimal.unwrap_or_default(),
                ..CsvStyle::default()
            };
            if args.excel || config.excel == Some(true) {
                style.excel()
            } else {
                style
            }
        },
        screen,
    })
}

/// What stdout is: on a terminal, its width, and colour unless NO_COLOR is set to anything
/// but empty; elsewhere (a pipe, a file) neither.
pub fn terminal() -> Screen {
    if !std::io::stdout().is_terminal() {
        return Screen::default();
    }
    Screen {
        color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        // comfy-table asks the terminal for its size when stdout is one; a terminal that
        // reports no size (0 columns) is treated as a wide one.
        width: comfy_table::Table::new()
            .width()
            .map(|width| if width == 0 { u16::MAX } else { width }),
    }
}

/// Refuses an output file that is one of `inputs` or the config in use (by identity, so
/// through links and `./` alike): writing there would replace the user's log or config.
/// `what` names the output ("report").
pub fn refuse_inputs(
    target: &Target,
    inputs: &[Input],
    config: Option<&Path>,
    what: &str,
) -> Result<()> {
    let (Target::Replace(path) | Target::Append(path)) = target else {
        return Ok(());
    };
    // A file yet to be made is no input: only existing files are the same.
    let is_output = |other: &Path| files::same_existing_file(path, other);
    for input in inputs {
        if let Input::File(file) = input
            && is_output(file)
        {
            bail!(
                "{} is this {what}'s input; writing the {what} there would replace your log. \
                 Name another file",
                path.display()
            );
        }
    }
    if let Some(config) = config
        && is_output(config)
    {
        bail!(
            "{} is the config in use; writing the {what} there would replace it. Name another file",
            path.display()
        );
    }
    Ok(())
}

/// Renders with `render` and writes the text to the target. `render` gets the CSV style
/// to write in: the settings' own, or when appending, the line ends the file already has.
/// Returns what the user should be told of the write: the rows an append replaced.
pub fn write<F>(settings: &OutputSettings, render: F) -> Result<Option<String>>
where
    F: Fn(CsvStyle) -> Result<Vec<u8>>,
{
    match &settings.target {
        Target::Stdout => super::print(&render(settings.csv_style)?).map(|()| None),
        Target::Replace(path) => {
            let bytes = render(settings.csv_style)?;
            files::replace(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))
                .map(|()| None)
        }
        Target::Append(path) => append(path, settings.csv_style, &render),
    }
}

/// The largest CSV file whose months an append replaces: it is read, and rewritten, in
/// memory. A history of monthly reports stays far below it for centuries.
const MAX_REPLACED_BYTES: u64 = 64 << 20;

/// Adds the rendering's rows to the CSV file at `path`, all or nothing, under the lock
/// (see [`files::LockedFile`]). A file not there yet, or empty, gets the header too. When
/// the file already holds rows of a month the new rows are for (the first column, `month`),
/// those rows are replaced rather than repeated: the file is rewritten at once with the
/// new rows where the first of them stood (see [`replace_months`]). Otherwise the rows
/// are appended in place,
/// streaming the file once to look, so a long history costs no memory.
fn append<F>(path: &Path, style: CsvStyle, render: &F) -> Result<Option<String>>
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
            let months = months_of(&rows, style.delimiter);
            let held = rows_of_months(&file, &months, style.delimiter, path)?;
            if !held.is_empty() {
                let replaced = replace_months(file, &held, &rows, &months, path)?;
                return Ok(join_notes(note, replaced));
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

/// The months the CSV `rows` are for: the first field of each, in order, each once.
fn months_of(rows: &[u8], delimiter: u8) -> Vec<String> {
    let mut months: Vec<String> = Vec::new();
    let records = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(rows)
        .into_records();
    for record in records.flatten() {
        if let Some(month) = record.get(0)
            && !months.iter().any(|seen| seen == month)
        {
            months.push(month.to_string());
        }
    }
    months
}

/// Where the records of `file` whose first field is one of `months` start and end, in
/// bytes; empty when the file's header does not begin with `month`, as no output of
/// netaudit's to append to does then.
fn rows_of_months(
    file: &LockedFile,
    months: &[String],
    delimiter: u8,
    path: &Path,
) -> Result<Vec<std::ops::Range<u64>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(file.reader()?);
    let mut record = csv::ByteRecord::new();
    let mut held: Vec<std::ops::Range<u64>> = Vec::new();
    let mut header = true;
    let mut start = 0;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let end = reader.position().byte();
        if !more {
            return Ok(held);
        }
        let first = record.get(0).unwrap_or_default();
        let first = first.strip_prefix("\u{feff}".as_bytes()).unwrap_or(first);
        if header {
            if first != b"month" {
                return Ok(Vec::new());
            }
            header = false;
        } else if months.iter().any(|month| month.as_bytes() == first) {
            held.push(start..end);
        }
        start = end;
    }
}

/// Rewrites `file` at once with `rows` where the first of the records at `held` stood,
/// and without those records, so that each month stays one block in its place; says how
/// many it replaced.
fn replace_months(
    file: LockedFile,
    held: &[std::ops::Range<u64>],
    rows: &[u8],
    months: &[String],
    path: &Path,
) -> Result<Option<String>> {
    use std::io::Read;
    let cannot = || format!("cannot add to {}", path.display());
    let mut old = Vec::new();
    file.reader()
        .with_context(cannot)?
        .take(MAX_REPLACED_BYTES + 1)
        .read_to_end(&mut old)
        .with_context(cannot)?;
    if old.len() as u64 > MAX_REPLACED_BYTES {
        bail!(
            "{} already holds rows of {}, and is larger than {} MiB to rewrite without them; \
             nothing was added",
            path.display(),
            months.join(", "),
            MAX_REPLACED_BYTES >> 20
        );
    }
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
    let mut new = Vec::with_capacity(old.len() + rows.len());
    let mut kept_from = 0;
    for (index, range) in held.iter().enumerate() {
        let (start, end) = (range.start as usize, range.end as usize);
        new.extend_from_slice(&old[kept_from..start]);
        if index == 0 {
            if !new.is_empty() && !new.ends_with(b"\n") && !new.ends_with(b"\r") {
                new.extend_from_slice(line_end);
            }
            new.extend_from_slice(rows);
        }
        kept_from = end;
    }
    new.extend_from_slice(&old[kept_from..]);
    file.replace(&new).with_context(cannot)?;
    Ok(Some(format!(
        "{} already held {} of {}; replaced {} with these",
        path.display(),
        if held.len() == 1 {
            "1 row".to_string()
        } else {
            format!("{} rows", held.len())
        },
        months.join(", "),
        if held.len() == 1 { "it" } else { "them" }
    )))
}

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
        note = Some(format!(
            "{} has no {} column (an older netaudit started it); the rows were added \
             without it. Start a new file to have it",
            path.display(),
            added.join(", ")
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

    #[test]
    fn the_format_follows_the_file_name_unless_given() {
        assert_eq!(format_of(Path::new("out.CSV")).unwrap(), Format::Csv);
        assert_eq!(format_of(Path::new("out.json")).unwrap(), Format::Json);
        assert_eq!(format_of(Path::new("out.xlsx")).unwrap(), Format::Xlsx);
        assert_eq!(format_of(Path::new("out.txt")).unwrap(), Format::Table);
        let err = format_of(Path::new("json")).unwrap_err().to_string();
        assert!(err.ends_with("did you mean -O json (the format)?"), "{err}");
        let err = format_of(Path::new("report")).unwrap_err().to_string();
        assert!(err.contains("does not say which format"), "{err}");
    }
}
