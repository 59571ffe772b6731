//! `netaudit init`: a commented config and an empty log, never over an existing file.

use super::Context;
use crate::activity::{Column, HAND_COLUMNS};
use crate::cli::InitArgs;
use crate::config::{CONFIG_FILE, TEMPLATE, check_date_format};
use crate::currency;
use crate::exit::ExitStatus;
use crate::files::create_new;
use crate::locale::{self, Locale};
use crate::messages;
use crate::messages::shell_word;
use crate::messages::show_value;
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// The log `init` starts, named in the config it writes.
const LOG_FILE: &str = "activity.csv";

/// The forms `init` writes the config and the log in, each given or the locale's.
#[derive(Debug, Default, PartialEq)]
struct InitForms {
    locale: Option<&'static Locale>,
    delimiter: Option<u8>,
    decimal: Option<char>,
    date_format: Option<String>,
    currency: Option<String>,
}

impl InitForms {
    /// The flags, checked, each over the locale's.
    fn of(args: &InitArgs) -> Result<InitForms> {
        let locale = match &args.locale {
            Some(tag) => Some(locale::named(tag).ok_or_else(|| {
                anyhow::anyhow!(
                    "--locale {}: expected {}",
                    show_value(tag),
                    locale::expected()
                )
            })?),
            None => None,
        };
        let delimiter = match args.delimiter.as_deref() {
            None => locale.map(|locale| locale.delimiter),
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some("tab" | "\t" | "\\t") => Some(b'\t'),
            Some(other) => bail!(
                "--delimiter {}: expected \",\", \";\" or \"tab\"",
                show_value(other)
            ),
        };
        let decimal = match args.decimal.as_deref() {
            None => locale.map(|locale| locale.decimal.mark()),
            Some(".") => Some('.'),
            Some(",") => Some(','),
            Some(other) => bail!("--decimal {}: expected \".\" or \",\"", show_value(other)),
        };
        if let (Some(delimiter), Some(decimal)) = (delimiter, decimal)
            && char::from(delimiter) == decimal
        {
            bail!(
                "--delimiter and --decimal are both \"{decimal}\"; a comma-decimal log is split \
                 by semicolons (--delimiter \";\")"
            );
        }
        let date_format = match &args.date_format {
            Some(format) => {
                check_date_format(format).map_err(|problem| {
                    anyhow::anyhow!("--date-format {}: {problem}", show_value(format))
                })?;
                Some(format.clone())
            }
            None => locale.and_then(|locale| locale.date_format.map(str::to_string)),
        };
        let currency = match &args.currency {
            Some(text) => {
                currency::of_setting(text).ok_or_else(|| {
                    anyhow::anyhow!(
                        "--currency {}: expected {}",
                        show_value(text),
                        currency::EXPECTED
                    )
                })?;
                Some(text.trim().to_string())
            }
            None => locale.map(|locale| locale.currency.to_string()),
        };
        Ok(InitForms {
            locale,
            delimiter,
            decimal,
            date_format,
            currency,
        })
    }

    /// The config template with each key these forms set written out, in place of its
    /// commented example, so that the config and the log agree.
    fn config(&self) -> String {
        let quoted = |text: &str| toml::Value::String(text.to_string()).to_string();
        let set: Vec<(&str, String)> = [
            ("locale", self.locale.map(|locale| quoted(locale.tag))),
            (
                "csv_delimiter",
                self.delimiter
                    .map(|delimiter| quoted(&char::from(delimiter).to_string())),
            ),
            (
                "decimal",
                self.decimal.map(|mark| quoted(&mark.to_string())),
            ),
            ("date_format", self.date_format.as_deref().map(quoted)),
            ("currency", self.currency.as_deref().map(quoted)),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect();
        TEMPLATE
            .lines()
            .map(|line| {
                let written = set.iter().find(|(key, _)| {
                    line.strip_prefix("# ")
                        .and_then(|rest| rest.strip_prefix(key))
                        .is_some_and(|rest| rest.starts_with(" = "))
                });
                match written {
                    Some((key, value)) => format!("{key} = {value}\n"),
                    None => format!("{line}\n"),
                }
            })
            .collect()
    }

    /// The log's header, split by the delimiter the config says.
    fn header(&self) -> String {
        let delimiter = char::from(self.delimiter.unwrap_or(b',')).to_string();
        format!("{}\n", HAND_COLUMNS.map(Column::name).join(&delimiter))
    }
}

/// Writes the two files; their names and the next step go to stderr unless `quiet`.
pub fn run(args: InitArgs, context: &Context) -> Result<ExitStatus> {
    init(&args, context.quiet).map(|()| ExitStatus::Done)
}

/// [`run`]: the config and the log written, or nothing.
fn init(args: &InitArgs, quiet: bool) -> Result<()> {
    let dir = args.dir.as_path();
    let forms = InitForms::of(args)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let in_dir = |name: &str| {
        if dir == Path::new(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let config = in_dir(CONFIG_FILE);
    let log = in_dir(LOG_FILE);
    // Both are checked before either is written, so a refusal leaves the folder as it was.
    for path in [&config, &log] {
        if path.exists() {
            bail!(
                "{} already exists; netaudit init never overwrites a file. Move it away, or \
                 start in another folder (netaudit init DIR)",
                path.display()
            );
        }
    }
    let (header, template) = (forms.header(), forms.config());
    for (path, contents) in [(&log, header.as_str()), (&config, template.as_str())] {
        create_new(path, contents.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if quiet {
        return Ok(());
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_word(&dir.display().to_string()))
    };
    let settings = if forms == InitForms::default() {
        "every setting, at its default"
    } else {
        "every setting, at its default but those you gave"
    };
    messages::note(format_args!(
        "wrote {} ({settings}) and {} (an empty log)",
        config.display(),
        log.display()
    ));
    messages::hint(format_args!(
        "next: {cd}netaudit log \"Your Group\" --hours 2 --cost 25   (then, next month: netaudit report)"
    ));
    Ok(())
}
