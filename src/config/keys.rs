//! The config's keys checked before their values are read: known keys only, at their
//! level, each of the type it must be, and no text that would reach a terminal with a
//! control character or a text-direction mark in it.

use crate::activity::{MAX_GROUPS, parse_group};
use crate::messages;
use crate::messages::show_value;
use crate::names::closest;
use crate::settings::{self};
use anyhow::Result;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{GROUP_KEYS, OWN_KEYS, traffic_lights};

/// Checks every key, top level and per group, and the group names: known keys only, at
/// most [`MAX_GROUPS`] groups, each a valid group name written once. Each problem comes
/// with the place of the key it is about.
pub(super) fn check_structure(document: &DeTable) -> Result<(), (Range<usize>, String)> {
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
pub(super) fn check_texts(table: &DeTable, prefix: &str) -> Result<(), (Range<usize>, String)> {
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

pub(super) fn check_text(
    value: &Spanned<DeValue>,
    key: &str,
) -> Result<(), (Range<usize>, String)> {
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
pub(super) fn sub_table<'a, 'd>(
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
pub(super) fn plain_types(message: &str) -> String {
    message
        .replace("expected f64", "expected a number")
        .replace("expected u64", "expected a whole number of 0 or more")
        .replace("expected u32", "expected a whole number of 0 or more")
        .replace("expected a boolean", "expected true or false")
}

pub(super) fn check_keys(
    table: &DeTable,
    prefix: &str,
    known: &[&str],
) -> Result<(), (Range<usize>, String)> {
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
