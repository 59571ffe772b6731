//! The keys that say how the logs are written (delimiter, decimal mark, date form,
//! encoding, columns to leave, currency and rates), each checked, with its place in the
//! file on a problem.

use crate::activity::format::{Decimal, LogFormat, header_key};
use crate::activity::{COLUMNS, Column};
use crate::currency::{self, Code, LogCurrencies, Rate};
use crate::messages::show_value;
use anyhow::Result;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

use super::{RawConfig, number_of};

/// `currency` and `[currencies]`: the log's currency, and the user's rate for each other
/// currency its cells may name, keyed by ISO code.
pub(super) fn currencies(
    raw: &RawConfig,
    own: Option<&str>,
) -> Result<LogCurrencies, (Range<usize>, String)> {
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
pub(super) fn log_format(raw: &RawConfig) -> Result<LogFormat, (Range<usize>, String)> {
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
pub(super) fn read_key<T>(
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
