//! BNI Connect's Chapter Summary PALMS report, for one member: the period's attendance,
//! referrals and one-to-ones as one [`Item`]. Read from the "XML Spreadsheet 2003" file
//! BNI Connect exports under a `.xls` name, or from the `.xlsx` or `.xls` a user re-saved
//! it as, with or without the eight rows before the header.

use super::imported::{Evidence, Item};
use super::spreadsheet::{Sheet, cell_text};
use crate::activity::format::{Decimal, header_key};
use crate::messages::show_value;
use crate::names::group_key;
use crate::sources::csv_log::header::column_label;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

/// The rows after the members' that are not members.
const NOT_MEMBERS: [&str; 3] = ["Visitors", "BNI", "Total"];

/// The period a report covers, when its preamble does not say.
#[derive(Clone, Copy, Debug, Default)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The member's line of `sheet` as an item dated the period's last day.
pub fn read(sheet: &Sheet, file: &str, member: &str, given: Period) -> Result<Item> {
    let (first_row, first_column) = sheet.start;
    let texts: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell_text(cell, Decimal::Point).trim().to_string())
                .collect()
        })
        .collect();
    let place = |row: usize, column: usize| {
        format!(
            "{file}, sheet {}, cell {}{}",
            show_value(&sheet.name),
            column_label(column, Some(first_column as usize)),
            row + first_row as usize + 1
        )
    };
    let is =
        |cell: Option<&String>, name: &str| cell.is_some_and(|c| header_key(c) == header_key(name));
    let Some(header_at) = texts
        .iter()
        .position(|row| is(row.first(), "First Name") && is(row.get(1), "Last Name"))
    else {
        bail!(
            "{file}, sheet {}: no header row starting First Name, Last Name; is this BNI \
             Connect's Chapter Summary PALMS report?",
            show_value(&sheet.name)
        );
    };
    let header = &texts[header_at];
    let preamble = &texts[..header_at];
    // The value beside a label in the rows above the header, with its row.
    let labelled = |label: &str| {
        (preamble.iter().enumerate())
            .find(|(_, cells)| is(cells.first(), label))
            .map(|(row, cells)| (row, cells.get(1).cloned().unwrap_or_default()))
    };
    let period_day = |label: &str| -> Result<Option<NaiveDate>> {
        let Some((row, value)) = labelled(label) else {
            return Ok(None);
        };
        let date =
            (value.get(..10)).and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
        date.map(Some).ok_or_else(|| {
            anyhow!(
                "{}: got {}, expected the period's date",
                place(row, 1),
                show_value(&value)
            )
        })
    };
    let from = period_day("From:")?;
    let to = period_day("To:")?;
    let (from, to) = match (from.or(given.from), to.or(given.to)) {
        (Some(from), Some(to)) => (from, to),
        _ => bail!(
            "{file}: the report has no From: and To: rows above its header (it was exported \
             without headers), so the period is not known; give it with --from and --to"
        ),
    };
    if to < from {
        bail!("{file}: the period runs from {from} to {to}, which ends before it starts");
    }
    let chapter = labelled("Chapter:")
        .map(|(_, name)| name)
        .filter(|name| !name.is_empty());

    let column = |name: &str| {
        header
            .iter()
            .position(|h| header_key(h) == header_key(name))
    };
    let mut missing = Vec::new();
    let mut at = |name: &'static str| {
        let found = column(name);
        if found.is_none() {
            missing.push(name);
        }
        found.unwrap_or(0)
    };
    let columns = [
        at("P"),
        at("L"),
        at("RGI"),
        at("RGO"),
        at("RRI"),
        at("RRO"),
        at("1-2-1"),
    ];
    if !missing.is_empty() {
        bail!(
            "{}: the header has no {} column{}; expected First Name, Last Name, P, A, L, M, S, \
             RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU",
            place(header_at, 0),
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" }
        );
    }
    let wanted = group_key(member);
    let mut found: Option<(usize, &Vec<String>, String)> = None;
    let mut members = Vec::new();
    for (offset, row) in texts[header_at + 1..].iter().enumerate() {
        let index = header_at + 1 + offset;
        let first = row.first().map(String::as_str).unwrap_or("");
        if NOT_MEMBERS
            .iter()
            .any(|name| header_key(name) == header_key(first))
        {
            break;
        }
        if row.iter().all(String::is_empty) {
            continue;
        }
        let last = row.get(1).map(String::as_str).unwrap_or("");
        let name = format!("{first} {last}").trim().to_string();
        if group_key(&name) == wanted {
            if let Some((other, ..)) = found {
                bail!(
                    "{}: {} is on rows {} and {}; which one is you?",
                    file,
                    show_value(member),
                    other + first_row as usize + 1,
                    index + first_row as usize + 1
                );
            }
            found = Some((index, row, name.clone()));
        }
        members.push(name);
    }
    let Some((row_index, row, name)) = found else {
        let shown: Vec<String> = members.iter().take(8).map(|m| show_value(m)).collect();
        bail!(
            "{file}: no member {} in the report; its members include {}{}",
            show_value(member),
            shown.join(", "),
            if members.len() > 8 { ", …" } else { "" }
        );
    };
    let count = |column: usize| -> Result<u64> {
        let text = row.get(column).map(String::as_str).unwrap_or("");
        let number = text.strip_suffix(".0").unwrap_or(text);
        if number.is_empty() {
            return Ok(0);
        }
        number.parse::<u64>().map_err(|_| {
            anyhow!(
                "{}: got {}, expected a whole number of 0 or more",
                place(row_index, column),
                show_value(text)
            )
        })
    };
    let [
        present,
        late,
        given_inside,
        given_outside,
        received_inside,
        received_outside,
        one_to_ones,
    ] = columns;
    let mut texts = vec![name.clone()];
    texts.extend(chapter.clone());
    Ok(Item {
        date: to,
        id: format!("palms:{}:{from}..{to}", group_key(member)),
        evidence: Evidence::Palms {
            from,
            to,
            meetings: count(present)? + count(late)?,
            one_to_ones: count(one_to_ones)?,
            leads: count(received_inside)? + count(received_outside)?,
            referrals_given: count(given_inside)? + count(given_outside)?,
        },
        texts,
        label: format!(
            "{from}..{to} {}{}",
            show_value(&name),
            chapter
                .map(|c| format!(" of {}", show_value(&c)))
                .unwrap_or_default()
        ),
    })
}

/// The period a PALMS id names: `palms:MEMBER:FROM..TO`.
pub fn period_of_id(id: &str) -> Option<(NaiveDate, NaiveDate)> {
    let period = id.strip_prefix("palms:")?.rsplit(':').next()?;
    let (from, to) = period.split_once("..")?;
    Some((from.parse().ok()?, to.parse().ok()?))
}
