//! netaudit.toml: where it is found, which keys it takes, and the checks on their values.
//! The rule settings and their checks are [`crate::settings`]'s, shared with the flags.

use crate::activity::format::{Decimal, LogFormat, header_key};
use crate::activity::{COLUMNS, Column, MAX_GROUPS, parse_group};
use crate::chapter::LightsRules;
use crate::currency::{self, Code, LogCurrencies, Rate};
use crate::figures::Amount;
use crate::ledger::Membership;
use crate::locale::{self, Locale};
use crate::messages;
use crate::messages::show_value;
use crate::model::{Cadence, GroupFacts};
use crate::names::{closest, group_key};
use crate::period::{Month, parse_date};
use crate::settings::{self, RuleSettings, check_count};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

mod traffic_lights;

pub const CONFIG_FILE: &str = "netaudit.toml";

/// The config `netaudit init` writes: every key, commented out at its default.
pub const TEMPLATE: &str = include_str!("config_template.toml");

/// The config's own keys; the settings' keys are [`settings::KEYS`].
const OWN_KEYS: [&str; 14] = [
    "chapter",
    "locale",
    "currencies",
    "excel",
    "log",
    "groups",
    "me",
    "time_zone",
    "csv_delimiter",
    "decimal",
    "encoding",
    "date_format",
    "columns",
    "ignore_columns",
];

const GROUP_KEYS: [&str; 12] = [
    "members",
    "hourly_rate",
    "margin",
    "cadence",
    "joined",
    "left",
    "aliases",
    "match",
    "travel_hours",
    "entries_are_meetings",
    "meeting_hours",
    "one_to_one_hours",
];

/// What a config file says; every key is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub path: Option<PathBuf>,
    /// The rule settings it gives; a flag wins over each.
    pub settings: RuleSettings,
    /// CSV output for Excel: a byte-order mark and CRLF.
    pub excel: Option<bool>,
    /// Default log files, resolved against the config file's folder.
    pub log: Vec<PathBuf>,
    /// Facts per group, by the name written in the file.
    pub groups: Vec<(String, GroupFacts)>,
    /// How the logs are written, where they differ from netaudit's own CSV.
    pub format: LogFormat,
    /// What `import` needs to know.
    pub import: ImportSettings,
    /// `[chapter.traffic_lights]`: how `chapter` scores BNI's Traffic Lights.
    pub traffic_lights: LightsRules,
    /// `locale`: the forms the user's files and figures take, where no key of their own
    /// says otherwise.
    pub locale: Option<&'static Locale>,
}

/// The config's keys for `netaudit import`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportSettings {
    /// The user's own addresses: calendar events they declined are not imported.
    pub me: Vec<String>,
    /// The zone an event's time is dated in [default: the machine's].
    pub time_zone: Option<chrono_tz::Tz>,
    /// Each group's import settings, by the name written in the file.
    pub groups: Vec<(String, GroupImport)>,
}

/// How a group's items are recognised and counted.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupImport {
    /// Case-insensitive globs (`*`, `?`) tried on an item's texts.
    pub patterns: Vec<String>,
    /// Added to each meeting's hours.
    pub travel_hours: Amount,
    /// A time tracker's entry counts as a meeting too.
    pub entries_are_meetings: bool,
    /// A PALMS meeting's hours.
    pub meeting_hours: Amount,
    /// A PALMS one-to-one's hours.
    pub one_to_one_hours: Amount,
}

impl Default for GroupImport {
    fn default() -> GroupImport {
        GroupImport {
            patterns: Vec::new(),
            travel_hours: Amount::default(),
            entries_are_meetings: false,
            meeting_hours: Amount::from_hundredths(150),
            one_to_one_hours: Amount::from_hundredths(100),
        }
    }
}

/// The config's own typed values, each with where it stands in the file for its
/// messages. The keys are checked before this is read (see [`check_structure`]).
#[derive(Deserialize)]
struct RawConfig {
    excel: Option<bool>,
    log: Option<Spanned<toml::Value>>,
    groups: Option<BTreeMap<String, RawGroup>>,
    csv_delimiter: Option<Spanned<String>>,
    decimal: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    date_format: Option<Spanned<String>>,
    columns: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    ignore_columns: Option<Vec<Spanned<String>>>,
    me: Option<Spanned<toml::Value>>,
    time_zone: Option<Spanned<String>>,
    chapter: Option<traffic_lights::RawChapter>,
    currencies: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    locale: Option<Spanned<String>>,
}

/// A group's facts.
#[derive(Deserialize)]
struct RawGroup {
    members: Option<Spanned<u64>>,
    hourly_rate: Option<Spanned<toml::Value>>,
    margin: Option<Spanned<toml::Value>>,
    joined: Option<Spanned<toml::Value>>,
    left: Option<Spanned<toml::Value>>,
    cadence: Option<Spanned<toml::Value>>,
    aliases: Option<Spanned<toml::Value>>,
    #[serde(rename = "match")]
    patterns: Option<Spanned<toml::Value>>,
    travel_hours: Option<Spanned<toml::Value>>,
    entries_are_meetings: Option<bool>,
    meeting_hours: Option<Spanned<toml::Value>>,
    one_to_one_hours: Option<Spanned<toml::Value>>,
}

/// The config file to use: `explicit` (which must exist), else `./netaudit.toml`,
/// else `netaudit/config.toml` in the XDG config folder; `None` when there is none.
pub fn locate(explicit: Option<&Path>) -> Result<Option<PathBuf>> {
    let refuse_folder = |path: &Path| -> Result<()> {
        if path.is_dir() {
            bail!(
                "{} is a folder, not a config file; move it away, or name a config with --config",
                path.display()
            );
        }
        Ok(())
    };
    if let Some(path) = explicit {
        refuse_folder(path)?;
        if !path.is_file() {
            bail!(
                "config file {} not found; check the path given to --config, or run without it",
                path.display()
            );
        }
        return Ok(Some(path.to_path_buf()));
    }
    let local = PathBuf::from(CONFIG_FILE);
    refuse_folder(&local)?;
    if local.is_file() {
        return Ok(Some(local));
    }
    let Some(xdg) = xdg_config_dir().map(|dir| dir.join("netaudit").join("config.toml")) else {
        return Ok(None);
    };
    refuse_folder(&xdg)?;
    Ok(xdg.is_file().then_some(xdg))
}

fn xdg_config_dir() -> Option<PathBuf> {
    let from_env = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    from_env.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Config> {
    use std::io::Read;
    let cannot_read = || format!("cannot read config file {}", path.display());
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .with_context(cannot_read)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        bail!(
            "{} is larger than {} MiB; a config holds settings and at most {MAX_GROUPS} groups",
            path.display(),
            MAX_CONFIG_BYTES >> 20
        );
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let before = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
        anyhow::anyhow!(
            "{}:{line}: the file is not valid UTF-8; save it as UTF-8",
            path.display()
        )
    })?;
    parse(&text, path)
}

/// The largest config read: room for every setting and [`MAX_GROUPS`] groups with all
/// their facts, many times over.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// Parses config `text`; `path` names it in messages and anchors relative log paths.
/// Every problem is named with its line and column.
pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let at = |span: Range<usize>, problem: &str| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
        anyhow::anyhow!("{}:{line}:{column}: {problem}", path.display())
    };
    let toml_error = |err: toml::de::Error| {
        let problem = plain_types(err.message().trim());
        match err.span() {
            Some(span) => at(span, &problem),
            None => anyhow::anyhow!("{}: {problem}", path.display()),
        }
    };
    let document = DeTable::parse(text).map_err(toml_error)?;
    check_structure(document.get_ref()).map_err(|(span, problem)| at(span, &problem))?;
    check_texts(document.get_ref(), "").map_err(|(span, problem)| at(span, &problem))?;
    // Read again into typed values: the structure above has the keys' places, this the
    // values' types, each with its place.
    let mut raw: RawConfig = toml::from_str(text).map_err(toml_error)?;
    let mut settings: RuleSettings = toml::from_str(text).map_err(toml_error)?;
    let locale = read_key(&raw.locale, "locale", |text| {
        locale::named(text)
            .ok_or_else(|| format!("expected {}, got {}", locale::expected(), show_value(text)))
    })
    .map_err(|(span, problem)| at(span, &problem))?;
    // The locale's currency where `currency` is not set.
    if let Some(locale) = locale {
        settings.currency = settings
            .currency
            .or_else(|| Some(locale.currency.to_string()));
    }
    let members = |name: &str, value: Option<Spanned<u64>>| {
        value
            .map(|value| {
                let span = value.span();
                check_count(value.into_inner()).map_err(|problem| {
                    at(span, &format!("key `groups.\"{name}\".members`: {problem}"))
                })
            })
            .transpose()
    };

    let mut groups: Vec<(String, GroupFacts)> = Vec::new();
    let mut alias_places: Vec<Option<Range<usize>>> = Vec::new();
    let mut imports = Vec::new();
    for (name, group) in raw.groups.take().unwrap_or_default() {
        let key = |field: &str| format!("groups.\"{name}\".{field}");
        let hours = |value: Option<Spanned<toml::Value>>, field: &str, default: Amount| {
            value.map_or(Ok(default), |value| {
                hours_value(value.get_ref()).map_err(|problem| {
                    at(value.span(), &format!("key `{}`: {problem}", key(field)))
                })
            })
        };
        let defaults = GroupImport::default();
        let import = GroupImport {
            patterns: match group.patterns {
                None => Vec::new(),
                Some(value) => text_list(value.get_ref(), "a pattern such as \"BNI Harbor*\"")
                    .map_err(|problem| {
                        at(value.span(), &format!("key `{}`: {problem}", key("match")))
                    })?,
            },
            travel_hours: hours(group.travel_hours, "travel_hours", defaults.travel_hours)?,
            entries_are_meetings: group.entries_are_meetings.unwrap_or(false),
            meeting_hours: hours(group.meeting_hours, "meeting_hours", defaults.meeting_hours)?,
            one_to_one_hours: hours(
                group.one_to_one_hours,
                "one_to_one_hours",
                defaults.one_to_one_hours,
            )?,
        };
        imports.push((name.clone(), import));
        let members = members(&name, group.members)?;
        let month = |value: Option<Spanned<toml::Value>>, field: &str| {
            value
                .map(|value| {
                    let span = value.span();
                    month_of(value.get_ref())
                        .map_err(|problem| at(span, &format!("key `{}`: {problem}", key(field))))
                })
                .transpose()
        };
        let left_span = group.left.as_ref().map(Spanned::span);
        let joined = month(group.joined, "joined")?;
        let left = month(group.left, "left")?;
        if let (Some(joined), Some(left), Some(span)) = (joined, left, left_span)
            && left < joined
        {
            return Err(at(
                span,
                &format!(
                    "key `{}`: the membership ends in {left}, before it began (joined = {joined})",
                    key("left")
                ),
            ));
        }
        // A group's own rate and margin are held to the top-level keys' checks.
        let number = |value: Option<Spanned<toml::Value>>,
                      field: &str,
                      check: fn(f64) -> Result<f64, String>| {
            value
                .map(|value| {
                    number_of(value.get_ref())
                        .ok_or_else(|| format!("expected a number, got {}", value.get_ref()))
                        .and_then(check)
                        .map_err(|problem| {
                            at(value.span(), &format!("key `{}`: {problem}", key(field)))
                        })
                })
                .transpose()
        };
        let hourly_rate = number(group.hourly_rate, "hourly_rate", settings::rate::check)?;
        let margin = number(group.margin, "margin", settings::share::check)?;
        let cadence = group
            .cadence
            .map(|value| {
                let written = value.get_ref().as_str();
                written.and_then(Cadence::from_name).ok_or_else(|| {
                    at(
                        value.span(),
                        &format!(
                            "key `{}`: expected one of {}, got {}",
                            key("cadence"),
                            Cadence::ALL
                                .map(|cadence| format!("\"{}\"", cadence.name()))
                                .join(", "),
                            written.map_or_else(|| value.get_ref().to_string(), show_value)
                        ),
                    )
                })
            })
            .transpose()?;
        let aliases_span = group.aliases.as_ref().map(Spanned::span);
        let aliases: Vec<String> = match group.aliases {
            None => Vec::new(),
            Some(value) => text_list(
                value.get_ref(),
                "an old name of the group, such as \"Harbor BNI\"",
            )
            .and_then(|names| names.iter().map(|name| parse_group(name)).collect())
            .map_err(|problem| {
                at(
                    value.span(),
                    &format!("key `{}`: {problem}", key("aliases")),
                )
            })?,
        };
        alias_places.push(aliases_span);
        groups.push((
            name,
            GroupFacts {
                members,
                joined,
                left,
                cadence,
                aliases,
                hourly_rate,
                margin,
            },
        ));
    }
    check_aliases(&groups, &alias_places).map_err(|(span, problem)| at(span, &problem))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let log = match raw.log.take() {
        None => Vec::new(),
        Some(value) => {
            let span = value.span();
            log_paths(value.get_ref())
                .map_err(|problem| at(span, &format!("key `log`: {problem}")))?
                .into_iter()
                .map(|file| base.join(file))
                .collect()
        }
    };
    let mut format = log_format(&raw).map_err(|(span, problem)| at(span, &problem))?;
    // The locale's forms where no key of their own says otherwise.
    if let Some(locale) = locale {
        format.delimiter = format.delimiter.or(Some(locale.delimiter));
        format.decimal = format.decimal.or(Some(locale.decimal));
        format.date_format =
            (format.date_format.take()).or_else(|| locale.date_format.map(str::to_string));
    }
    format.currencies = currencies(&raw, settings.currency.as_deref())
        .map_err(|(span, problem)| at(span, &problem))?;
    let me = match raw.me.take() {
        None => Vec::new(),
        Some(value) => text_list(value.get_ref(), "an address such as \"you@example.com\"")
            .map_err(|problem| at(value.span(), &format!("key `me`: {problem}")))?,
    };
    let time_zone = read_key(&raw.time_zone, "time_zone", |text| {
        crate::sources::calendar::zones::named(text).ok_or_else(|| {
            format!(
                "{} is not a time zone netaudit knows; use an IANA name such as \"Europe/Berlin\" \
                 or \"America/New_York\"",
                show_value(text)
            )
        })
    })
    .map_err(|(span, problem)| at(span, &problem))?;
    let traffic_lights =
        traffic_lights::rules(raw.chapter.take()).map_err(|(span, problem)| at(span, &problem))?;
    Ok(Config {
        path: Some(path.to_path_buf()),
        settings,
        excel: raw.excel,
        log,
        groups,
        format,
        import: ImportSettings {
            me,
            time_zone,
            groups: imports,
        },
        traffic_lights,
        locale,
    })
}

impl Config {
    /// What the ledger must know as it reads rows: the aliases, when memberships ended,
    /// and the log's currencies.
    pub fn membership(&self) -> Membership {
        let mut membership = Membership {
            currencies: self.format.currencies.clone(),
            ..Membership::default()
        };
        for (name, facts) in &self.groups {
            for alias in &facts.aliases {
                membership.aliases.insert(group_key(alias), name.clone());
            }
            if let Some(left) = facts.left {
                membership.ends.insert(group_key(name), left);
            }
        }
        membership
    }
}

/// An alias names one group only, and no group's own name, so that every row counts for
/// one group.
fn check_aliases(
    groups: &[(String, GroupFacts)],
    places: &[Option<Range<usize>>],
) -> Result<(), (Range<usize>, String)> {
    let mut named: HashMap<String, &str> = groups
        .iter()
        .map(|(name, _)| (group_key(name), name.as_str()))
        .collect();
    for ((name, facts), place) in groups.iter().zip(places) {
        for alias in &facts.aliases {
            if let Some(other) = named.insert(group_key(alias), name)
                && let Some(place) = place
            {
                return Err((
                    place.clone(),
                    format!(
                        "key `groups.\"{name}\".aliases`: \"{alias}\" already names the group \
                         \"{other}\"; an alias may stand for one group only, and for no group's \
                         own name"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A string, or a list of them, none empty.
fn text_list(value: &toml::Value, example: &str) -> Result<Vec<String>, String> {
    let expected = || format!("expected {example}, or a list of them");
    let items: Vec<&toml::Value> = match value {
        toml::Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .map(|item| match item.as_str() {
            Some(text) if !text.trim().is_empty() => Ok(text.trim().to_string()),
            _ => Err(expected()),
        })
        .collect()
}

/// Hours a config gives: a number from 0 to 24, with at most two decimals.
fn hours_value(value: &toml::Value) -> Result<Amount, String> {
    const EXPECTED: &str = "expected hours from 0 to 24, such as 1.5";
    let hundredths = match value {
        toml::Value::Integer(n) => n.checked_mul(100).ok_or(EXPECTED)? as f64,
        toml::Value::Float(x) => x * 100.0,
        _ => return Err(EXPECTED.to_string()),
    };
    let rounded = hundredths.round();
    if !(0.0..=2400.0).contains(&rounded) || (rounded - hundredths).abs() > 1e-6 {
        return Err(format!("{EXPECTED}, got {value}"));
    }
    Ok(Amount::from_hundredths(rounded as i64))
}

/// A number a config gives, whole or not.
fn number_of(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Float(number) => Some(*number),
        toml::Value::Integer(number) => Some(*number as f64),
        _ => None,
    }
}

/// `currency` and `[currencies]`: the log's currency, and the user's rate for each other
/// currency its cells may name, keyed by ISO code.
fn currencies(raw: &RawConfig, own: Option<&str>) -> Result<LogCurrencies, (Range<usize>, String)> {
    let own = own.and_then(currency::of_setting);
    let mut rates = BTreeMap::new();
    for (key, value) in raw.currencies.iter().flatten() {
        let written = key.get_ref();
        let name = format!("key `currencies.{}`", show_value(written));
        let code = Code::of_code(written)
            .filter(|_| written.bytes().all(|byte| byte.is_ascii_uppercase()))
            .ok_or_else(|| {
                (
                    key.span(),
                    format!(
                        "{name}: expected an ISO 4217 code in capitals, such as USD = 0.92 \
                         (how many of the log's currency one US dollar is worth)"
                    ),
                )
            })?;
        if Some(code) == own {
            return Err((
                key.span(),
                format!("{name}: {code} is the log's own currency (currency), which needs no rate"),
            ));
        }
        let rate = number_of(value.get_ref())
            .ok_or_else(|| "a number".to_string())
            .and_then(Rate::new)
            .map_err(|expected| {
                (
                    value.span(),
                    format!("{name}: expected {expected}, got {}", value.get_ref()),
                )
            })?;
        rates.insert(code, rate);
    }
    Ok(LogCurrencies { own, rates })
}

/// The keys that say how the logs are written, each checked, with its place on a problem.
fn log_format(raw: &RawConfig) -> Result<LogFormat, (Range<usize>, String)> {
    let mut format = LogFormat {
        delimiter: read_key(&raw.csv_delimiter, "csv_delimiter", |text| match text {
            "," => Ok(b','),
            ";" => Ok(b';'),
            "\t" => Ok(b'\t'),
            _ => Err(format!(
                "expected \",\", \";\" or \"\\t\" (a tab), got {}",
                show_value(text)
            )),
        })?,
        decimal: read_key(&raw.decimal, "decimal", |text| match text {
            "." => Ok(Decimal::Point),
            "," => Ok(Decimal::Comma),
            _ => Err(format!("expected \".\" or \",\", got {}", show_value(text))),
        })?,
        encoding: read_key(&raw.encoding, "encoding", |text| {
            encoding_rs::Encoding::for_label(text.as_bytes()).ok_or_else(|| {
                format!(
                    "{} is not an encoding netaudit knows; use a name such as \"utf-8\", \
                     \"windows-1252\", \"iso-8859-1\" or \"utf-16le\"",
                    show_value(text)
                )
            })
        })?,
        date_format: read_key(&raw.date_format, "date_format", |text| {
            check_date_format(text).map(|()| text.to_string())
        })?,
        ..LogFormat::default()
    };
    if format.delimiter.is_some() && format.delimiter == format.decimal.map(|d| d.mark() as u8) {
        let span = raw.decimal.as_ref().map(Spanned::span).unwrap_or_default();
        return Err((
            span,
            "key `decimal`: the decimal mark cannot be the csv_delimiter too".to_string(),
        ));
    }
    for (header, column) in raw.columns.iter().flat_map(|columns| columns.get_ref()) {
        let Some(known) = Column::from_header(header) else {
            let span = raw.columns.as_ref().map(Spanned::span).unwrap_or_default();
            return Err((
                span,
                format!(
                    "`columns.{}` is not one of netaudit's columns; the keys of [columns] are \
                     netaudit's columns ({}), each set to your header, as in hours = \"Time spent\"",
                    show_value(header),
                    COLUMNS.map(Column::name).join(", ")
                ),
            ));
        };
        if column.get_ref().trim().is_empty() {
            return Err((
                column.span(),
                format!("key `columns.{header}`: expected your header's name"),
            ));
        }
        format.columns.push((known, column.get_ref().clone()));
    }
    for header in raw.ignore_columns.iter().flatten() {
        if header.get_ref().trim().is_empty() {
            return Err((
                header.span(),
                "key `ignore_columns`: a header's name cannot be empty".to_string(),
            ));
        }
        if let Some((column, _)) = format
            .columns
            .iter()
            .find(|(_, mapped)| header_key(mapped) == header_key(header.get_ref()))
        {
            return Err((
                header.span(),
                format!(
                    "key `ignore_columns`: {} is also read as {} under [columns]; keep one",
                    show_value(header.get_ref()),
                    column.name()
                ),
            ));
        }
        format.ignore_columns.push(header.get_ref().clone());
    }
    Ok(format)
}

/// A string key's value read by `read`, or its problem at its place.
fn read_key<T>(
    value: &Option<Spanned<String>>,
    key: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, (Range<usize>, String)> {
    value
        .as_ref()
        .map(|value| {
            read(value.get_ref())
                .map_err(|problem| (value.span(), format!("key `{key}`: {problem}")))
        })
        .transpose()
}

/// A `date_format` must write a day, a month and a year, and read back what it writes.
pub fn check_date_format(text: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    let expected = "expected a date format such as \"%d.%m.%Y\" or \"%m/%d/%Y\" (%d the day, %m the month, %Y the year)";
    if StrftimeItems::new(text).any(|item| matches!(item, Item::Error)) {
        return Err(format!("{expected}, got {}", show_value(text)));
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap_or_default();
    let written = day.format(text).to_string();
    match chrono::NaiveDate::parse_from_str(&written, text) {
        Ok(read) if read == day => Ok(()),
        _ => Err(format!(
            "{expected}; {} does not say a whole date",
            show_value(text)
        )),
    }
}

/// Checks every key, top level and per group, and the group names: known keys only, at
/// most [`MAX_GROUPS`] groups, each a valid group name written once. Each problem comes
/// with the place of the key it is about.
fn check_structure(document: &DeTable) -> Result<(), (Range<usize>, String)> {
    let keys: Vec<&str> = settings::KEYS.iter().chain(&OWN_KEYS).copied().collect();
    check_keys(document, "", &keys)?;
    if let Some(chapter) = document.get("chapter") {
        let chapter_table = sub_table(chapter, "chapter")?;
        check_keys(chapter_table, "chapter.", &["traffic_lights"])?;
        if let Some(lights) = chapter_table.get("traffic_lights") {
            let lights = sub_table(lights, "chapter.traffic_lights")?;
            check_keys(lights, "chapter.traffic_lights.", &traffic_lights::KEYS)?;
        }
    }
    let Some(groups) = document.get("groups") else {
        return Ok(());
    };
    let Some(groups) = groups.get_ref().as_table() else {
        return Err((
            groups.span(),
            "`groups` must be a table of groups, as in [groups.\"Harbor City BNI\"]".to_string(),
        ));
    };
    if groups.len() > MAX_GROUPS {
        // The keys come sorted by name; the one past the limit is the next in the file.
        let mut places: Vec<Range<usize>> = groups.keys().map(Spanned::span).collect();
        places.sort_by_key(|place| place.start);
        return Err((
            places.swap_remove(MAX_GROUPS),
            format!(
                "more than {MAX_GROUPS} groups, the most a log may hold; keep the groups you log"
            ),
        ));
    }
    let mut seen: HashMap<String, &str> = HashMap::with_capacity(groups.len());
    for (name, group) in groups {
        let written = name.get_ref().as_ref();
        let normal = parse_group(written).map_err(|expected| {
            (
                name.span(),
                format!("groups.{}: expected {expected}", show_value(written)),
            )
        })?;
        if let Some(other) = seen.insert(normal.to_lowercase(), written) {
            return Err((
                name.span(),
                format!(
                    "groups.\"{other}\" and groups.\"{written}\" name the same group (names \
                     match without regard to case and spacing); keep one"
                ),
            ));
        }
        let Some(table) = group.get_ref().as_table() else {
            return Err((
                group.span(),
                format!(
                    "groups.\"{written}\" must be a table of keys such as members, joined or \
                     match"
                ),
            ));
        };
        check_keys(table, &format!("groups.\"{written}\"."), &GROUP_KEYS)?;
    }
    Ok(())
}

/// Refuses a text value that holds a control character or a text-direction mark,
/// embedding, override or isolate, as a log's cells are: a config can come with a folder
/// from anywhere, and its texts reach the terminal (a header `ignore_columns` names, a
/// pattern, a path). A tab is let through: `csv_delimiter` may name one.
fn check_texts(table: &DeTable, prefix: &str) -> Result<(), (Range<usize>, String)> {
    for (key, value) in table {
        let key = key.get_ref();
        let bare = (key.chars()).all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let key = if bare {
            format!("{prefix}{key}")
        } else {
            format!("{prefix}\"{key}\"")
        };
        check_text(value, &key)?;
    }
    Ok(())
}

fn check_text(value: &Spanned<DeValue>, key: &str) -> Result<(), (Range<usize>, String)> {
    match value.get_ref() {
        DeValue::String(text) if text.chars().any(|c| c != '\t' && messages::is_hostile(c)) => {
            Err((
                value.span(),
                format!(
                    "key `{}`: got {}, expected text without control characters or \
                     text-direction marks",
                    messages::escape(key),
                    show_value(text)
                ),
            ))
        }
        DeValue::Array(items) => items.iter().try_for_each(|item| check_text(item, key)),
        DeValue::Table(table) => check_texts(table, &format!("{key}.")),
        _ => Ok(()),
    }
}

/// The table `value` is, or a problem at its place.
fn sub_table<'a, 'd>(
    value: &'a Spanned<toml::de::DeValue<'d>>,
    name: &str,
) -> Result<&'a DeTable<'d>, (Range<usize>, String)> {
    value.get_ref().as_table().ok_or_else(|| {
        (
            value.span(),
            format!("`{name}` must be a table, as in [chapter.traffic_lights]"),
        )
    })
}

/// serde names Rust types ("expected u64"); a person reads numbers.
fn plain_types(message: &str) -> String {
    message
        .replace("expected f64", "expected a number")
        .replace("expected u64", "expected a whole number of 0 or more")
        .replace("expected u32", "expected a whole number of 0 or more")
        .replace("expected a boolean", "expected true or false")
}

fn check_keys(table: &DeTable, prefix: &str, known: &[&str]) -> Result<(), (Range<usize>, String)> {
    for key in table.keys() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) {
            let suggestion = closest(name, known.iter().copied()).unwrap_or(known[0]);
            return Err((
                key.span(),
                format!(
                    "unknown key `{prefix}{}`; did you mean `{prefix}{suggestion}`? Known keys: {}",
                    messages::escape(name),
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn log_paths(value: &toml::Value) -> Result<Vec<String>, String> {
    const EXPECTED: &str = "expected a file name or a list of them, as in log = [\"activity.csv\"]";
    match value {
        toml::Value::String(file) => Ok(vec![log_path(file)?]),
        toml::Value::Array(files) => files
            .iter()
            .map(|file| log_path(file.as_str().ok_or_else(|| EXPECTED.to_string())?))
            .collect(),
        _ => Err(EXPECTED.to_string()),
    }
}

fn log_path(file: &str) -> Result<String, String> {
    if file.is_empty() {
        Err("a file name cannot be empty; name the log, as in log = [\"activity.csv\"]".to_string())
    } else {
        Ok(file.to_string())
    }
}

/// `joined` and `left` may be a TOML date (2024-03-01) or a string, "2024-03-01" or
/// "2024-03".
fn month_of(value: &toml::Value) -> Result<Month, String> {
    const EXPECTED: &str = "expected a date such as 2024-03-01 or a month such as \"2024-03\"";
    let text = match value {
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            datetime.to_string()
        }
        toml::Value::String(text) => text.clone(),
        _ => return Err(EXPECTED.to_string()),
    };
    parse_date(&text)
        .map(Month::of)
        .or_else(|_| Month::parse(&text))
        .map_err(|_| format!("{EXPECTED}, got \"{text}\""))
}
