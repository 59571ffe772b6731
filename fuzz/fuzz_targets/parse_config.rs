//! Any text as netaudit.toml: parsing must never panic, every value it accepts must be
//! within its documented bounds, and every refusal must name the file, line and column.

#![no_main]

use libfuzzer_sys::fuzz_target;
use netaudit::config;
use netaudit::settings::{MAX_HOURLY_RATE, MAX_STAY_AT, MAX_WINDOW_MONTHS};
use netaudit::activity::{MAX_AMOUNT, MAX_COUNT, MAX_GROUPS};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match config::parse(text, Path::new("fuzz.toml")) {
        Ok(config) => {
            let settings = &config.settings;
            assert!(
                settings
                    .hourly_rate
                    .is_none_or(|rate| rate > 0.0 && rate <= MAX_HOURLY_RATE)
            );
            assert!(
                settings
                    .margin
                    .is_none_or(|margin| (0.0..=1.0).contains(&margin))
            );
            assert!(
                settings
                    .lead_value
                    .is_none_or(|value| (0.0..=MAX_AMOUNT as f64).contains(&value))
            );
            assert!(
                settings
                    .stay_at
                    .is_none_or(|at| (0.0..=MAX_STAY_AT).contains(&at))
            );
            assert!(
                settings
                    .prior_leads
                    .is_none_or(|leads| (0.0..=MAX_COUNT as f64).contains(&leads))
            );
            for months in [settings.window_months, settings.no_lead_months] {
                assert!(months.is_none_or(|months| (1..=MAX_WINDOW_MONTHS).contains(&months)));
            }
            assert!(
                settings
                    .min_months
                    .is_none_or(|months| months <= MAX_WINDOW_MONTHS)
            );
            for count in [settings.min_meetings, settings.big_group] {
                assert!(count.is_none_or(|count| count <= MAX_COUNT));
            }
            assert!(config.groups.len() <= MAX_GROUPS);
            for (name, facts) in &config.groups {
                assert!(!name.chars().any(netaudit::messages::is_hostile));
                assert!(facts.members.is_none_or(|members| members <= MAX_COUNT));
            }
            assert!(
                settings
                    .currency
                    .as_deref()
                    .is_none_or(|currency| !currency.chars().any(netaudit::messages::is_hostile))
            );
        }
        Err(err) => {
            let message = format!("{err:#}");
            let place = message
                .strip_prefix("fuzz.toml:")
                .and_then(|rest| rest.split_once(": "))
                .map(|(place, _)| place);
            let located = place.is_some_and(|place| {
                let mut numbers = place.split(':');
                numbers
                    .next()
                    .is_some_and(|line| line.parse::<u64>().is_ok())
                    && numbers
                        .next()
                        .is_some_and(|column| column.parse::<u64>().is_ok())
                    && numbers.next().is_none()
            });
            assert!(located, "no line and column: {message}");
        }
    }
});
