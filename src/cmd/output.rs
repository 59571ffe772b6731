//! Where `report` and `trend` send their output, in which form, and how a file is written.

use super::inputs::Input;
use crate::cli::{ColorChoice, OutputArgs};
use crate::config::Config;
use crate::files::{self};
use crate::history::{self, HistoryKey};
use crate::messages;
use crate::render::Format;
use crate::render::csv::CsvStyle;
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
/// `key` says which records of a history the output writes again; `None` for an output
/// with no period, which cannot be appended to a history. Returns what the user should be
/// told of the write: the rows an append replaced.
pub fn write<F>(
    settings: &OutputSettings,
    key: Option<HistoryKey>,
    render: F,
) -> Result<Option<String>>
where
    F: Fn(CsvStyle) -> Result<Vec<u8>>,
{
    match &settings.target {
        Target::Stdout => super::terminal::print(&render(settings.csv_style)?).map(|()| None),
        Target::Replace(path) => {
            let bytes = render(settings.csv_style)?;
            let repair = files::replace(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            if let Some(repair) = repair {
                messages::note(repair);
            }
            Ok(None)
        }
        Target::Append(path) => {
            let Some(key) = key else {
                bail!(
                    "--append keeps a history by month or period, and this output has none, so \
                     a second run could not tell its rows from the first's; leave out --append \
                     to write {} whole",
                    path.display()
                );
            };
            history::append(path, settings.csv_style, &render, key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
