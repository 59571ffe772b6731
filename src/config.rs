//! netaudit.toml: where it is found, which keys it takes, and the checks on their values.
//! The rule settings and their checks are [`crate::settings`]'s, shared with the flags.

use crate::activity::{MAX_GROUPS, parse_group};
use crate::messages;
use crate::messages::show_value;
use crate::model::GroupFacts;
use crate::names::closest;
use crate::period::{Month, parse_date};
use crate::settings::{self, RuleSettings, check_count};
use anyhow::{Context, Result, bail};
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
const OWN_KEYS: [&str; 3] = ["excel", "log", "groups"];

const GROUP_KEYS: [&str; 3] = ["members", "cadence", "joined"];

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
}

/// The config's own typed values, each with where it stands in the file for its
/// messages. The keys are checked before this is read (see [`check_structure`]).
#[derive(Deserialize)]
struct RawConfig {
    excel: Option<bool>,
    log: Option<Spanned<toml::Value>>,
    groups: Option<BTreeMap<String, RawGroup>>,
}

/// A group's facts. `cadence` is a note for the user's own reference: its key is
/// accepted by `check_structure` and its type checked there, but no figure uses it.
#[derive(Deserialize)]
struct RawGroup {
    members: Option<Spanned<u64>>,
    joined: Option<Spanned<toml::Value>>,
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
    // Read again into typed values: the structure above has the keys' places, this the
    // values' types, each with its place.
    let raw: RawConfig = toml::from_str(text).map_err(toml_error)?;
    let settings: RuleSettings = toml::from_str(text).map_err(toml_error)?;
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
    for (name, group) in raw.groups.unwrap_or_default() {
        let key = |field: &str| format!("groups.\"{name}\".{field}");
        let members = members(&name, group.members)?;
        let joined = group
            .joined
            .map(|value| {
                let span = value.span();
                joined_month(value.get_ref())
                    .map_err(|problem| at(span, &format!("key `{}`: {problem}", key("joined"))))
            })
            .transpose()?;
        groups.push((name, GroupFacts { members, joined }));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let log = match raw.log {
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
    Ok(Config {
        path: Some(path.to_path_buf()),
        settings,
        excel: raw.excel,
        log,
        groups,
    })
}

/// Checks every key, top level and per group, and the group names: known keys only, at
/// most [`MAX_GROUPS`] groups, each a valid group name written once. Each problem comes
/// with the place of the key it is about.
fn check_structure(document: &DeTable) -> Result<(), (Range<usize>, String)> {
    let keys: Vec<&str> = settings::KEYS.iter().chain(&OWN_KEYS).copied().collect();
    check_keys(document, "", &keys)?;
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
                format!("groups.\"{written}\" must be a table with members, cadence or joined"),
            ));
        };
        check_keys(table, &format!("groups.\"{written}\"."), &GROUP_KEYS)?;
        if let Some(cadence) = table.get("cadence")
            && !cadence.get_ref().is_str()
        {
            return Err((
                cadence.span(),
                format!("key `groups.\"{written}\".cadence`: expected text, such as \"weekly\""),
            ));
        }
    }
    Ok(())
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

/// `joined` may be a TOML date (2024-03-01) or a string, "2024-03-01" or "2024-03".
fn joined_month(value: &toml::Value) -> Result<Month, String> {
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
