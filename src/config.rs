//! netaudit.toml: where it is found, which keys it takes, and the checks on their values.
//! The same checks serve the flags, so a value is held to one rule wherever it comes from.

use crate::log::{closest, group_key};
use crate::model::GroupFacts;
use crate::period::{Month, parse_date};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "netaudit.toml";

/// The config `netaudit init` writes: every key, commented out at its default.
pub const TEMPLATE: &str = include_str!("config_template.toml");

const KEYS: [&str; 14] = [
    "hourly_rate",
    "currency",
    "margin",
    "lead_value",
    "window_months",
    "min_meetings",
    "min_months",
    "stay_at",
    "prior_leads",
    "big_group",
    "no_lead_months",
    "excel",
    "log",
    "groups",
];

const GROUP_KEYS: [&str; 3] = ["members", "cadence", "joined"];

/// The most months a window may span: a century of monthly reports.
pub const MAX_WINDOW_MONTHS: u32 = 1200;

/// What a config file says; every key is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub hourly_rate: Option<f64>,
    pub currency: Option<String>,
    pub margin: Option<f64>,
    pub lead_value: Option<f64>,
    pub window_months: Option<u32>,
    pub min_meetings: Option<u64>,
    pub min_months: Option<u32>,
    pub stay_at: Option<f64>,
    pub prior_leads: Option<f64>,
    pub big_group: Option<u64>,
    pub no_lead_months: Option<u32>,
    /// CSV output for Excel: a byte-order mark and CRLF.
    pub excel: Option<bool>,
    /// Default log files, resolved against the config file's folder.
    pub log: Vec<PathBuf>,
    /// Facts per group, by the name written in the file.
    pub groups: Vec<(String, GroupFacts)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    hourly_rate: Option<f64>,
    currency: Option<String>,
    margin: Option<f64>,
    lead_value: Option<f64>,
    window_months: Option<u32>,
    min_meetings: Option<u64>,
    min_months: Option<u32>,
    stay_at: Option<f64>,
    prior_leads: Option<f64>,
    big_group: Option<u64>,
    no_lead_months: Option<u32>,
    excel: Option<bool>,
    log: Option<toml::Value>,
    groups: Option<toml::Table>,
}

/// A group's facts. `cadence` is a note for the user's own reference: its key is
/// accepted by `check_keys` and its type checked there, but no figure uses it.
#[derive(Deserialize)]
struct RawGroup {
    members: Option<u64>,
    joined: Option<toml::Value>,
}

/// The config file to use: `explicit` (which must exist), else `./netaudit.toml`,
/// else `netaudit/config.toml` in the XDG config folder; `None` when there is none.
pub fn locate(explicit: Option<&Path>) -> Result<Option<PathBuf>> {
    if let Some(path) = explicit {
        if !path.is_file() {
            bail!(
                "config file {} not found; check the path given to --config, or run without it",
                path.display()
            );
        }
        return Ok(Some(path.to_path_buf()));
    }
    let local = PathBuf::from(CONFIG_FILE);
    if local.is_file() {
        return Ok(Some(local));
    }
    Ok(xdg_config_dir()
        .map(|dir| dir.join("netaudit").join("config.toml"))
        .filter(|path| path.is_file()))
}

fn xdg_config_dir() -> Option<PathBuf> {
    let from_env = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute());
    from_env.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    parse(&text, path)
}

/// Parses config `text`; `path` names it in messages and anchors relative log paths.
pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let shown = path.display();
    let located = |err: toml::de::Error| {
        let position = err
            .span()
            .map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
                format!("{line}:{column}: ")
            })
            .unwrap_or_default();
        anyhow::anyhow!("{shown}:{position}{}", plain_types(err.message().trim()))
    };
    let table: toml::Table = toml::from_str(text).map_err(located)?;
    check_keys(&table, "", &KEYS, path)?;
    if let Some(groups) = table.get("groups") {
        let groups = groups.as_table().with_context(|| {
            format!(
                "{shown}: `groups` must be a table of groups, as in [groups.\"Harbor City BNI\"]"
            )
        })?;
        for (name, group) in groups {
            let group = group.as_table().with_context(|| {
                format!(
                    "{shown}: groups.\"{name}\" must be a table with members, cadence or joined"
                )
            })?;
            check_keys(group, &format!("groups.\"{name}\"."), &GROUP_KEYS, path)?;
            if group
                .get("cadence")
                .is_some_and(|cadence| !cadence.is_str())
            {
                bail!(
                    "{shown}: key `groups.\"{name}\".cadence`: expected text, such as \"weekly\""
                );
            }
        }
    }
    // Parsed again into typed values: deserialising the table above would lose the
    // positions that type errors need to name their line.
    let raw: RawConfig = toml::from_str(text).map_err(located)?;

    let key_error = |key: &str, problem: String| anyhow::anyhow!("{shown}: key `{key}`: {problem}");
    let checked_f64 = |key: &str, value: Option<f64>, check: fn(f64) -> Result<f64, String>| {
        value
            .map(check)
            .transpose()
            .map_err(|problem| key_error(key, problem))
    };
    let checked_months = |key: &str, value: Option<u32>| {
        value
            .map(check_months)
            .transpose()
            .map_err(|problem| key_error(key, problem))
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut groups: Vec<(String, GroupFacts)> = Vec::new();
    for (name, value) in raw.groups.unwrap_or_default() {
        if let Some((other, _)) = groups
            .iter()
            .find(|(other, _)| group_key(other) == group_key(&name))
        {
            bail!(
                "{shown}: groups.\"{other}\" and groups.\"{name}\" name the same group \
                 (names match without regard to case and spacing); keep one"
            );
        }
        let group: RawGroup = value.try_into().map_err(|err: toml::de::Error| {
            key_error(
                &format!("groups.\"{name}\""),
                err.message().trim().to_string(),
            )
        })?;
        let joined = group
            .joined
            .map(|value| joined_month(&value))
            .transpose()
            .map_err(|problem| key_error(&format!("groups.\"{name}\".joined"), problem))?;
        groups.push((
            name,
            GroupFacts {
                members: group.members,
                joined,
            },
        ));
    }
    Ok(Config {
        path: Some(path.to_path_buf()),
        hourly_rate: checked_f64("hourly_rate", raw.hourly_rate, check_positive)?,
        currency: raw.currency,
        margin: checked_f64("margin", raw.margin, check_share)?,
        lead_value: checked_f64("lead_value", raw.lead_value, check_non_negative)?,
        window_months: checked_months("window_months", raw.window_months)?,
        min_meetings: raw.min_meetings,
        min_months: raw.min_months,
        stay_at: checked_f64("stay_at", raw.stay_at, check_non_negative)?,
        prior_leads: checked_f64("prior_leads", raw.prior_leads, check_non_negative)?,
        big_group: raw.big_group,
        no_lead_months: checked_months("no_lead_months", raw.no_lead_months)?,
        excel: raw.excel,
        log: raw
            .log
            .map(|value| log_paths(&value))
            .transpose()
            .map_err(|problem| key_error("log", problem))?
            .unwrap_or_default()
            .into_iter()
            .map(|file| base.join(file))
            .collect(),
        groups,
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

fn check_keys(table: &toml::Table, prefix: &str, known: &[&str], path: &Path) -> Result<()> {
    for key in table.keys() {
        if !known.contains(&key.as_str()) {
            let suggestion = closest(key, known.iter().copied()).unwrap_or(known[0]);
            bail!(
                "{}: unknown key `{prefix}{key}`; did you mean `{prefix}{suggestion}`? Known keys: {}",
                path.display(),
                known.join(", ")
            );
        }
    }
    Ok(())
}

fn log_paths(value: &toml::Value) -> Result<Vec<String>, String> {
    const EXPECTED: &str = "expected a file name or a list of them, as in log = [\"activity.csv\"]";
    match value {
        toml::Value::String(file) => Ok(vec![file.clone()]),
        toml::Value::Array(files) => files
            .iter()
            .map(|file| {
                file.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| EXPECTED.to_string())
            })
            .collect(),
        _ => Err(EXPECTED.to_string()),
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

/// Greater than 0 (the hourly rate divides every score).
pub fn check_positive(value: f64) -> Result<f64, String> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(format!("expected a number greater than 0, got {value}"))
    }
}

pub fn check_non_negative(value: f64) -> Result<f64, String> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("expected a number of 0 or more, got {value}"))
    }
}

/// A share from 0 to 1.
pub fn check_share(value: f64) -> Result<f64, String> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "expected a share from 0 to 1 (0.3 for 30%), got {value}"
        ))
    }
}

pub fn check_months(value: u32) -> Result<u32, String> {
    if (1..=MAX_WINDOW_MONTHS).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "expected a number of months from 1 to {MAX_WINDOW_MONTHS}, got {value}"
        ))
    }
}
