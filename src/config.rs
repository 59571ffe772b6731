//! netaudit.toml: where it is found, which keys it takes, and the checks on their values.
//! The rule settings and their checks are [`crate::settings`]'s, shared with the flags.

mod books;
mod keys;
mod log_format;
mod traffic_lights;

use crate::activity::format::LogFormat;
use crate::activity::{MAX_GROUPS, parse_group};
use crate::chapter::LightsRules;
use crate::figures::Amount;
use crate::ledger::{Membership, RevenueFrom};
use crate::locale::{self, Locale};
use crate::messages::show_value;
use crate::model::{Cadence, GroupFacts, Room};
use crate::names::group_key;
use crate::period::{Month, parse_date};
use crate::settings::{self, RuleSettings, check_count};
use anyhow::{Context, Result, bail};
pub use books::{ClientRule, DealColumns, InvoiceColumns};
use keys::{check_structure, check_texts, plain_types};
pub use log_format::check_date_format;
use log_format::{currencies, log_format, read_key};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::DeTable;

pub const CONFIG_FILE: &str = "netaudit.toml";

/// The config `netaudit init` writes: every key, commented out at its default.
pub const TEMPLATE: &str = include_str!("config_template.toml");

/// The config's own keys; the settings' keys are [`settings::KEYS`].
const OWN_KEYS: [&str; 17] = [
    "chapter",
    "revenue_from",
    "clients",
    "import",
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

const GROUP_KEYS: [&str; 14] = [
    "members",
    "room",
    "revenue_from",
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
    /// `[clients]`: the group and contact that brought each client the config names.
    pub clients: Vec<ClientRule>,
    /// How the logs are written, where they differ from netaudit's own CSV.
    pub format: LogFormat,
    /// What `import` needs to know.
    pub import: ImportSettings,
    /// `[chapter.traffic_lights]`: how `chapter` scores BNI's Traffic Lights.
    pub traffic_lights: LightsRules,
    /// `revenue_from`: where each group's revenue comes from, where kinds meet.
    pub revenue_from: RevenueFrom,
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
    /// `[import.invoices]`: where an invoices file keeps its fields.
    pub invoices: Option<InvoiceColumns>,
    /// `[import.hubspot]` and `[import.pipedrive]`: what a CRM's deals export says.
    pub hubspot: DealColumns,
    pub pipedrive: DealColumns,
    /// `[import.xero] amounts = "gross"`: Xero's lines counted with their tax.
    pub xero_gross: bool,
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
    import: Option<books::RawImport>,
    clients: Option<BTreeMap<Spanned<String>, books::RawClient>>,
    currencies: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    locale: Option<Spanned<String>>,
    revenue_from: Option<Spanned<String>>,
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
    room: Option<Spanned<String>>,
    aliases: Option<Spanned<toml::Value>>,
    #[serde(rename = "match")]
    patterns: Option<Spanned<toml::Value>>,
    travel_hours: Option<Spanned<toml::Value>>,
    entries_are_meetings: Option<bool>,
    meeting_hours: Option<Spanned<toml::Value>>,
    one_to_one_hours: Option<Spanned<toml::Value>>,
    revenue_from: Option<Spanned<String>>,
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
    books::check(document.get_ref()).map_err(|(span, problem)| at(span, &problem))?;
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
    let mut revenue_from = RevenueFrom {
        default: books::revenue_kind(&raw.revenue_from, "revenue_from")
            .map_err(|(span, problem)| at(span, &problem))?
            .unwrap_or_default(),
        ..RevenueFrom::default()
    };
    for (name, group) in raw.groups.take().unwrap_or_default() {
        let key = |field: &str| format!("groups.\"{name}\".{field}");
        if let Some(kind) = books::revenue_kind(&group.revenue_from, &key("revenue_from"))
            .map_err(|(span, problem)| at(span, &problem))?
        {
            revenue_from.groups.insert(group_key(&name), kind);
        }
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
        let room = read_key(&group.room, &key("room"), |written| {
            Room::from_name(written).ok_or_else(|| {
                format!(
                    "expected \"closed\" or \"open\", got {}",
                    show_value(written)
                )
            })
        })
        .map_err(|(span, problem)| at(span, &problem))?;
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
                room,
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
    let xero_gross =
        books::xero_gross(&raw.import).map_err(|(span, problem)| at(span, &problem))?;
    let [hubspot, pipedrive] = books::deal_columns(&raw.import);
    let invoices =
        books::invoice_columns(raw.import.take()).map_err(|(span, problem)| at(span, &problem))?;
    let clients =
        books::clients(raw.clients.take()).map_err(|(span, problem)| at(span, &problem))?;
    Ok(Config {
        path: Some(path.to_path_buf()),
        settings,
        excel: raw.excel,
        log,
        groups,
        clients,
        format,
        import: ImportSettings {
            me,
            time_zone,
            groups: imports,
            invoices,
            xero_gross,
            hubspot,
            pipedrive,
        },
        revenue_from,
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
            revenue_from: self.revenue_from.clone(),
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
