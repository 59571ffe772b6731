//! A chapter summary for `netaudit chapter`: BNI Connect's Chapter Summary PALMS report
//! (see [`super::palms`]), or for any other group the chapter summary CSV, one row per
//! member for one period:
//!
//! `member,present,absent,late,medical,substitute,referrals_given,referrals_received,
//! visitors,one_to_ones,ceus,closed_business`

use super::palms::{self, MemberRows, Period};
use super::table_file::{Places, each_row};
use crate::activity::format::header_key;
use crate::activity::{parse_count, parse_money};
use crate::chapter::{MemberCounts, MemberLine, Summary};
use crate::messages::show_value;
use crate::names::member_name;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

/// The chapter summary CSV's columns, in the order `tally` takes them after `member`.
pub const COLUMNS: [&str; 12] = [
    "member",
    "present",
    "absent",
    "late",
    "medical",
    "substitute",
    "referrals_given",
    "referrals_received",
    "visitors",
    "one_to_ones",
    "ceus",
    "closed_business",
];

/// The most rows a summary may have: a chapter, or a region's chapters, many times over.
const MAX_ROWS: usize = 100_000;

/// The summary in `path`, whichever form it is; its period from its own rows, else
/// `given` (`--from`, `--to`).
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    given: Period,
) -> Result<Summary> {
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut places = None;
    each_row(
        path,
        name,
        "a chapter summary",
        sheet,
        encoding,
        &mut |seen, row, cells| {
            if rows.len() == MAX_ROWS {
                bail!(
                    "{}: more than {MAX_ROWS} rows; a chapter summary has a row per member",
                    seen.row(row)
                );
            }
            places.get_or_insert_with(|| seen.clone());
            rows.push((row, cells.iter().map(|cell| cell.to_string()).collect()));
            Ok(())
        },
    )?;
    let Some(places) = places else {
        bail!(
            "{name} is empty; expected BNI Connect's Chapter Summary PALMS report, or a \
             chapter summary CSV with the header {}",
            COLUMNS.join(",")
        );
    };
    if palms::is_summary(&rows) {
        palms::summary(&rows, &places, given)
    } else {
        generic(&rows, &places, given)
    }
}

fn generic(rows: &[(u64, Vec<String>)], places: &Places, given: Period) -> Result<Summary> {
    let file = places.file();
    let mut rows = rows
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_row, header)) = rows.next() else {
        bail!("{file} has no rows; expected a header and a row per member");
    };
    let expected = || {
        format!(
            "expected BNI Connect's Chapter Summary PALMS report (a header starting First Name, \
             Last Name), or a chapter summary CSV with the header {}",
            COLUMNS.join(",")
        )
    };
    let mut at = [None; COLUMNS.len()];
    for (index, written) in header.iter().enumerate() {
        let Some(column) = COLUMNS
            .iter()
            .position(|c| header_key(c) == header_key(written))
        else {
            bail!(
                "{}: column {}: not a column of a chapter summary; {}",
                places.cell(*header_row, index),
                show_value(written),
                expected()
            );
        };
        if at[column].replace(index).is_some() {
            bail!(
                "{}: column {} is in the header twice",
                places.row(*header_row),
                COLUMNS[column]
            );
        }
    }
    let missing: Vec<&str> = (COLUMNS.iter().zip(&at))
        .filter(|(_, at)| at.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}: the header has no {} column{}; {}",
            places.row(*header_row),
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" },
            expected()
        );
    }
    let at = at.map(|index| index.unwrap_or(0));
    let (Some(from), Some(to)) = (given.from, given.to) else {
        bail!(
            "{file}: a chapter summary CSV does not say its period; give it with --from and --to"
        );
    };
    if to < from {
        bail!("{file}: the period runs from {from} to {to}, which ends before it starts");
    }
    let mut members = Vec::new();
    let mut rows_of = MemberRows::default();
    for (row, cells) in rows {
        let value = |column: usize| cells.get(at[column]).map(String::as_str).unwrap_or("");
        let problem = |column: usize, expected: &str| {
            anyhow!(
                "{}: column {}: got {}, expected {expected}",
                places.cell(*row, at[column]),
                COLUMNS[column],
                show_value(value(column))
            )
        };
        let name = member_name(value(0));
        if name.is_empty() {
            return Err(problem(0, "the member's name"));
        }
        rows_of.once(file, &name, *row)?;
        let count = |column: usize| {
            parse_count(value(column))
                .map_err(|_| problem(column, "a whole number of 0 or more, such as 3"))
        };
        let closed_business = parse_money(value(11))
            .ok()
            .filter(|amount| !amount.is_negative())
            .ok_or_else(|| problem(11, "an amount of 0 or more, such as 1200.50"))?;
        members.push(MemberLine {
            name,
            tally: MemberCounts {
                present: count(1)?,
                absent: count(2)?,
                late: count(3)?,
                medical: count(4)?,
                substitute: count(5)?,
                given_inside: count(6)?,
                received_inside: count(7)?,
                visitors: count(8)?,
                one_to_ones: count(9)?,
                ceus: count(10)?,
                closed_business,
                ..MemberCounts::default()
            },
        });
    }
    Ok(Summary {
        file: file.to_string(),
        chapter: None,
        from,
        to,
        members,
    })
}
