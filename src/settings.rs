//! The rule settings, in one place. Each is one line of `settings!` below: from it come
//! the flag (clap, flattened into `report` and `trend`), the config key (serde), the check
//! both are held to, and the default. They are resolved once, flag over config over
//! default, into [`Rules`], which every command reads.

use crate::activity::{MAX_AMOUNT, MAX_COUNT};
use crate::messages::show_value;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares the settings: `RuleSettings`, every one optional, for the flags and the
/// config; `Rules`, every one resolved; and the config keys they take. Each line reads
/// `key: value type => resolved type = default, checked by a kind of value`.
macro_rules! settings {
    ($(
        $(#[doc = $doc:literal])*
        #[arg($($arg:tt)*)]
        $key:ident: $value:ty => $resolved:ty = $default:expr, $kind:ident;
    )*) => {
        /// The rule settings as given: by flags, or by a config file.
        #[derive(Clone, Debug, Default, PartialEq, clap::Args)]
        pub struct RuleSettings {
            $(
                $(#[doc = $doc])*
                #[arg($($arg)*, value_parser = $kind::parse)]
                pub $key: Option<$value>,
            )*
        }

        /// The rule settings resolved: what the model judges by.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        pub struct Rules {
            $(pub $key: $resolved,)*
        }

        impl Default for Rules {
            fn default() -> Rules {
                Rules { $($key: $default,)* }
            }
        }

        /// The config keys the settings take.
        pub const KEYS: &[&str] = &[$(stringify!($key)),*];

        impl RuleSettings {
            /// These settings, each not given taken from `fallback`.
            pub fn or(self, fallback: &RuleSettings) -> RuleSettings {
                RuleSettings { $($key: self.$key.or_else(|| fallback.$key.clone()),)* }
            }

            /// Each setting given, else its default.
            pub fn resolve(self) -> Rules {
                Rules {
                    $($key: self.$key.map_or_else(|| $default, Into::into),)*
                }
            }
        }

        /// Reads the settings from a config's top-level table, each value held to its
        /// check; other keys are the config's own, and are left alone here.
        impl<'de> Deserialize<'de> for RuleSettings {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Keys;
                impl<'de> Visitor<'de> for Keys {
                    type Value = RuleSettings;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a table of settings")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSettings, A::Error> {
                        let mut settings = RuleSettings::default();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $(stringify!($key) => {
                                    settings.$key = Some(map.next_value_seed(Checked {
                                        key: stringify!($key),
                                        check: $kind::check,
                                    })?);
                                })*
                                _ => {
                                    map.next_value::<de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(settings)
                    }
                }
                deserializer.deserialize_map(Keys)
            }
        }
    };
}

settings! {
    /// What one hour of your time is worth [config: hourly_rate; default: 100]
    #[arg(long, value_name = "AMOUNT")]
    hourly_rate: f64 => f64 = 100.0, rate;

    /// The log's currency, as an ISO code or a sign, such as EUR or € [config: currency; default: the one the log's cells name, else $]
    #[arg(long, value_name = "CODE")]
    currency: String => Option<String> = None, currency;

    /// Share of revenue that is value to you, from 0 to 1 [config: margin; default: 1]
    #[arg(long, value_name = "SHARE")]
    margin: f64 => f64 = 1.0, share;

    /// Fixed value of an open lead [config: lead_value; default: estimated from your log]
    #[arg(long, value_name = "AMOUNT")]
    lead_value: f64 => Option<f64> = None, money;

    /// Months in the window, ending with the report month [config: window_months; default: 12]
    #[arg(long = "window", value_name = "MONTHS")]
    window_months: u32 => u32 = 12, months;

    /// Meetings in the window before a group can be judged [config: min_meetings; default: 6]
    #[arg(long, value_name = "N")]
    min_meetings: u64 => u64 = 6, count;

    /// Months of membership before a group can be judged [config: min_months; default: 6]
    #[arg(long, value_name = "N")]
    min_months: u32 => u32 = 6, months_or_none;

    /// The long-run score that pays for your time: a group likely to reach it stays [config: stay_at; default: 1.0]
    #[arg(long, value_name = "SCORE")]
    stay_at: f64 => f64 = 1.0, score;

    /// How sure a group's chance of paying for your time must be for stay, or its opposite for leave [config: sure_at; default: 0.8]
    #[arg(long, value_name = "CHANCE")]
    sure_at: f64 => f64 = 0.8, sureness;

    /// Weight, in leads, of your overall close rate against a group's own [config: prior_leads; default: 5]
    #[arg(long, value_name = "LEADS")]
    prior_leads: f64 => f64 = 5.0, weight;

    /// Members above which a group's room, unless closed, is too big to know anyone [config: big_group; default: 50]
    #[arg(long, value_name = "N")]
    big_group: u64 => u64 = 50, count;

    /// Months without a lead that earn a warning [config: no_lead_months; default: 12]
    #[arg(long, value_name = "MONTHS")]
    no_lead_months: u32 => u32 = 12, months;

    /// Months an open lead stays open; older ones count as lost [config: lead_life_months; default: 6]
    #[arg(long, value_name = "MONTHS")]
    lead_life_months: u32 => u32 = 6, months;

    /// Months after a client's first deal that its revenue counts in the score; later revenue is lifetime value [config: repeat_business_months; default: 12]
    #[arg(long, value_name = "MONTHS")]
    repeat_business_months: u32 => u32 = 12, months;
}

/// A config value read as `T`, then held to its setting's check. A failed check names
/// the key; the config reader adds the value's line and column.
struct Checked<T> {
    key: &'static str,
    check: fn(T) -> Result<T, String>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Checked<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let value = T::deserialize(deserializer)?;
        (self.check)(value)
            .map_err(|problem| de::Error::custom(format!("key `{}`: {problem}", self.key)))
    }
}

/// The kinds of value a setting takes: each parses a flag's text, and checks a value
/// from either place.
macro_rules! kind {
    ($(#[doc = $doc:literal])* $name:ident: $type:ty, $parse:expr, $check:expr) => {
        $(#[doc = $doc])*
        pub mod $name {
            pub fn parse(text: &str) -> Result<$type, String> {
                check(($parse)(text)?)
            }

            pub fn check(value: $type) -> Result<$type, String> {
                ($check)(value)
            }
        }
    };
}

kind!(
    /// Greater than 0 (the hourly rate divides every score), at most [`MAX_HOURLY_RATE`].
    rate: f64, super::number, super::check_rate
);
kind!(
    /// An amount of money as the log allows one.
    money: f64,
    super::number,
    |value| super::within(value, 0.0, super::MAX_AMOUNT as f64, "an amount from 0 to 1000000000")
);
kind!(
    /// A score threshold.
    score: f64,
    super::number,
    |value| super::within(value, 0.0, super::MAX_STAY_AT, "a score from 0 to 1000")
);
kind!(
    /// A weight in leads.
    weight: f64,
    super::number,
    |value| super::within(value, 0.0, super::MAX_COUNT as f64, "a number from 0 to 1000000")
);
kind!(
    /// A chance from 0.5 (a coin) to 1 (certain): sure either way.
    sureness: f64,
    super::number,
    |value| super::within(value, 0.5, 1.0, "a chance from 0.5 to 1 (0.8 for 80%)")
);
kind!(
    /// A share from 0 to 1.
    share: f64,
    super::number,
    |value| super::within(value, 0.0, 1.0, "a share from 0 to 1 (0.3 for 30%)")
);
kind!(
    /// A count of meetings or members, as the log allows one.
    count: u64, super::whole, super::check_count
);
kind!(
    /// A number of months, at least 1.
    months: u32,
    super::month_count,
    |value| super::check_month_count(value, 1)
);
kind!(
    /// A number of months, 0 allowed.
    months_or_none: u32,
    super::month_count,
    |value| super::check_month_count(value, 0)
);
kind!(
    /// A currency: an ISO 4217 code or a sign netaudit knows.
    currency: String, |text: &str| Ok::<_, String>(text.to_string()), super::check_currency
);

/// The most an hourly rate may be.
pub const MAX_HOURLY_RATE: f64 = 1_000_000.0;
/// The highest `stay_at`: far above any score a real group reaches.
pub const MAX_STAY_AT: f64 = 1_000.0;
/// The most months a window may span: a century of monthly reports.
pub const MAX_WINDOW_MONTHS: u32 = 1200;

fn number(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .map_err(|_| format!("\"{text}\" is not a number"))
}

fn whole(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .map_err(|_| format!("\"{text}\" is not a whole number of 0 or more"))
}

fn month_count(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .map_err(|_| format!("\"{text}\" is not a whole number of months"))
}

fn within(value: f64, least: f64, most: f64, what: &str) -> Result<f64, String> {
    if value.is_finite() && (least..=most).contains(&value) {
        Ok(value)
    } else {
        Err(format!("expected {what}, got {value}"))
    }
}

fn check_rate(value: f64) -> Result<f64, String> {
    if value <= 0.0 {
        return Err(format!("expected a number greater than 0, got {value}"));
    }
    within(
        value,
        0.0,
        MAX_HOURLY_RATE,
        "a number greater than 0, at most 1000000",
    )
}

/// A whole number from 0 to [`MAX_COUNT`].
pub fn check_count(value: u64) -> Result<u64, String> {
    if value <= MAX_COUNT {
        Ok(value)
    } else {
        Err(format!(
            "expected a whole number from 0 to {MAX_COUNT}, got {value}"
        ))
    }
}

/// A number of months from `least` to [`MAX_WINDOW_MONTHS`].
pub fn check_month_count(value: u32, least: u32) -> Result<u32, String> {
    if (least..=MAX_WINDOW_MONTHS).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "expected a number of months from {least} to {MAX_WINDOW_MONTHS}, got {value}"
        ))
    }
}

/// A currency is one netaudit knows, so that a cell naming another is told apart from it.
fn check_currency(value: String) -> Result<String, String> {
    match crate::currency::of_setting(&value) {
        Some(_) => Ok(value.trim().to_string()),
        None => Err(format!(
            "expected {}, got {}",
            crate::currency::EXPECTED,
            show_value(&value)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Each flag's help names its config key and the default that [`Rules::default`]
    /// holds, so that the help cannot fall behind the code.
    #[test]
    fn each_flag_s_help_names_its_key_and_the_real_default() {
        let defaults = serde_json::to_value(Rules::default()).unwrap();
        let cli = crate::cli::Cli::command();
        for command in ["report", "trend"] {
            let command = cli.find_subcommand(command).unwrap();
            for key in KEYS {
                let arg = command
                    .get_arguments()
                    .find(|arg| arg.get_id() == *key)
                    .unwrap_or_else(|| panic!("no flag for {key}"));
                let help = arg.get_help().unwrap().to_string();
                let shown = help
                    .split_once(&format!("[config: {key}; default: "))
                    .and_then(|(_, rest)| rest.strip_suffix(']'))
                    .unwrap_or_else(|| panic!("{key}: {help}"));
                match &defaults[key] {
                    serde_json::Value::Number(number) => {
                        assert_eq!(shown.parse::<f64>().ok(), number.as_f64(), "{key}");
                    }
                    serde_json::Value::String(text) => assert_eq!(shown, text, "{key}"),
                    // No value of its own: the help says where it comes from instead.
                    serde_json::Value::Null => assert!(
                        shown.starts_with("estimated") || shown.starts_with("the one the log"),
                        "{key}"
                    ),
                    other => panic!("{key}: {other}"),
                }
            }
        }
    }

    #[test]
    fn a_flag_wins_over_the_config_and_the_config_over_the_default() {
        let config = RuleSettings {
            hourly_rate: Some(150.0),
            margin: Some(0.4),
            ..RuleSettings::default()
        };
        let flags = RuleSettings {
            hourly_rate: Some(80.0),
            ..RuleSettings::default()
        };
        let rules = flags.or(&config).resolve();
        assert_eq!(
            (rules.hourly_rate, rules.margin, rules.min_meetings),
            (80.0, 0.4, 6)
        );
    }

    #[test]
    fn a_config_value_out_of_bounds_names_its_key() {
        let err = toml::from_str::<RuleSettings>("stay_at = 5000").unwrap_err();
        assert_eq!(
            err.message(),
            "key `stay_at`: expected a score from 0 to 1000, got 5000"
        );
        assert_eq!(err.span(), Some(10..14));
        assert_eq!(
            months::parse("0"),
            Err("expected a number of months from 1 to 1200, got 0".to_string())
        );
    }
}
