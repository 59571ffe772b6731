//! BNI Connect's Chapter Summary PALMS report: every member's line for `netaudit chapter`,
//! and one member's attendance, referrals and one-to-ones as one [`Item`] to import. Read from the "XML Spreadsheet 2003" file
//! BNI Connect exports under a `.xls` name, or from the `.xlsx` or `.xls` a user re-saved
//! it as, with or without the eight rows before the header.

use super::imported::{About, Evidence, Id, Item};
use super::spreadsheet::Sheet;
use super::table_file::{Places, sheet_texts};
use crate::activity::format::header_key;
use crate::activity::{parse_count, parse_money};
use crate::chapter::{MemberCounts, MemberLine, Summary};
use crate::messages::show_value;
use crate::names::{group_key, member_name};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

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
    let rows: Vec<(u64, Vec<String>)> = sheet_texts(sheet).collect();
    let summary = summary(&rows, &Places::of_sheet(file, sheet), given)?;
    let wanted = group_key(&member_name(member));
    let Some(line) = (summary.members.iter()).find(|line| group_key(&line.name) == wanted) else {
        let shown: Vec<String> = (summary.members.iter())
            .take(8)
            .map(|line| show_value(&line.name))
            .collect();
        bail!(
            "{file}: no member {} in the report; its members include {}{}",
            show_value(member),
            shown.join(", "),
            if summary.members.len() > 8 {
                ", …"
            } else {
                ""
            }
        );
    };
    let (from, to) = (summary.from, summary.to);
    let tally = &line.tally;
    let mut texts = vec![line.name.clone()];
    texts.extend(summary.chapter.clone());
    Ok(Item {
        date: to,
        id: Id::new(format!("palms:{}:{from}..{to}", id_member(&wanted))),
        evidence: Evidence::Palms {
            from,
            to,
            meetings: tally.present + tally.late,
            one_to_ones: tally.one_to_ones,
            leads: tally.received(),
            referrals_given: tally.given(),
        },
        about: Rc::new(About {
            texts,
            label: format!(
                "{}{}",
                show_value(&line.name),
                (summary.chapter.as_ref())
                    .map(|c| format!(" of {}", show_value(c)))
                    .unwrap_or_default()
            ),
        }),
    })
}

/// The columns of the report, in the order [`tally`] takes their values.
const COLUMNS: [&str; 13] = [
    "P", "A", "L", "M", "S", "RGI", "RGO", "RRI", "RRO", "V", "1-2-1", "CEU", "TYFCB",
];

/// Whether `rows` hold a Chapter Summary PALMS report: a header row starting First Name,
/// Last Name.
pub fn is_summary(rows: &[(u64, Vec<String>)]) -> bool {
    header_at(rows).is_some()
}

fn is(cell: Option<&String>, name: &str) -> bool {
    cell.is_some_and(|c| header_key(c) == header_key(name))
}

fn header_at(rows: &[(u64, Vec<String>)]) -> Option<usize> {
    (rows.iter()).position(|(_, row)| is(row.first(), "First Name") && is(row.get(1), "Last Name"))
}

/// Every member's line of a Chapter Summary PALMS report, with its period: from the rows
/// above the header, else `given`.
pub fn summary(rows: &[(u64, Vec<String>)], places: &Places, given: Period) -> Result<Summary> {
    let file = places.file();
    let Some(header_at) = header_at(rows) else {
        bail!(
            "{file}: no header row starting First Name, Last Name; is this BNI Connect's \
             Chapter Summary PALMS report?"
        );
    };
    let (header_row, header) = &rows[header_at];
    let preamble = Preamble(&rows[..header_at]);
    let period_day = |label: &str| -> Result<Option<NaiveDate>> {
        let Some(found) = preamble.value(label) else {
            return Ok(None);
        };
        let date =
            (found.value.get(..10)).and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
        date.map(Some).ok_or_else(|| {
            anyhow!(
                "{}: got {}, expected the period's date",
                places.cell(found.row, found.column),
                show_value(&found.value)
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
    let chapter = (["Chapter:", "Chapter"].into_iter())
        .filter_map(|label| preamble.value(label))
        .map(|found| member_name(&found.value))
        .find(|name| !name.is_empty());

    let column = |name: &str| (header.iter()).position(|h| header_key(h) == header_key(name));
    let missing: Vec<&str> = (COLUMNS.iter())
        .filter(|name| column(name).is_none())
        .copied()
        .collect();
    if !missing.is_empty() {
        bail!(
            "{}: the header has no {} column{}; expected First Name, Last Name, P, A, L, M, S, \
             RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU",
            places.cell(*header_row, 0),
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" }
        );
    }
    let columns = COLUMNS.map(|name| column(name).unwrap_or(0));
    let mut members: Vec<MemberLine> = Vec::new();
    let mut rows_of = MemberRows::default();
    for (row, cells) in &rows[header_at + 1..] {
        let first = cells.first().map(String::as_str).unwrap_or("");
        if NOT_MEMBERS
            .iter()
            .any(|name| header_key(name) == header_key(first))
        {
            break;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let last = cells.get(1).map(String::as_str).unwrap_or("");
        let name = member_name(format!("{first} {last}").trim());
        rows_of.once(file, &name, *row)?;
        let value = |index: usize| {
            let column = columns[index];
            (column, cells.get(column).map(String::as_str).unwrap_or(""))
        };
        let count = |index: usize| -> Result<u64> {
            let (column, text) = value(index);
            let number = text.strip_suffix(".0").unwrap_or(text);
            parse_count(number).map_err(|_| {
                anyhow!(
                    "{}: column {}: got {}, expected a whole number of 0 or more",
                    places.cell(*row, column),
                    COLUMNS[index],
                    show_value(text)
                )
            })
        };
        let (tyfcb_column, tyfcb) = value(12);
        let closed_business = parse_money(tyfcb)
            .ok()
            .filter(|amount| !amount.is_negative())
            .ok_or_else(|| {
                anyhow!(
                    "{}: column TYFCB: got {}, expected an amount of 0 or more, such as 1200.50",
                    places.cell(*row, tyfcb_column),
                    show_value(tyfcb)
                )
            })?;
        members.push(MemberLine {
            name,
            tally: MemberCounts {
                present: count(0)?,
                absent: count(1)?,
                late: count(2)?,
                medical: count(3)?,
                substitute: count(4)?,
                given_inside: count(5)?,
                given_outside: count(6)?,
                received_inside: count(7)?,
                received_outside: count(8)?,
                visitors: count(9)?,
                one_to_ones: count(10)?,
                ceus: count(11)?,
                closed_business,
            },
        });
    }
    Ok(Summary {
        file: file.to_string(),
        chapter,
        from,
        to,
        members,
    })
}

/// The rows above a report's header, where BNI Connect writes what the report is of. Every
/// label is a cell merged across several columns, so its value is not in the column after
/// it: `From:` sits in column A merged across A to H, its date in column I. And `Running
/// User`, `Run At`, `Country`, `Region` and `Chapter` are a row of labels, each with its
/// value below it.
struct Preamble<'a>(&'a [(u64, Vec<String>)]);

/// A label's value, with the cell that holds it (or should).
struct Labelled {
    row: u64,
    column: usize,
    value: String,
}

impl Preamble<'_> {
    /// The value of the first cell reading `label`: a label ending in a colon (`From:`)
    /// has it in the next non-empty cell to its right; any other (`Chapter`, of the row
    /// of labels) in the cell below. A value that is not there is an empty one, placed in
    /// the cell that should hold it: the column the other labels' values are in, else the
    /// one after the label.
    fn value(&self, label: &str) -> Option<Labelled> {
        let (at, column) = self.find(label)?;
        let (row, cells) = &self.0[at];
        if !label.ends_with(':') {
            let (below, cells) = self.0.get(at + 1)?;
            let value = cells.get(column).cloned().unwrap_or_default();
            return Some(Labelled {
                row: *below,
                column,
                value,
            });
        }
        let beside =
            (cells.iter().enumerate().skip(column + 1)).find(|(_, cell)| !cell.trim().is_empty());
        Some(match beside {
            Some((column, value)) => Labelled {
                row: *row,
                column,
                value: value.clone(),
            },
            None => Labelled {
                row: *row,
                column: self.values_column().unwrap_or(column + 1),
                value: String::new(),
            },
        })
    }

    /// Which row, and which column of it, first reads `label`.
    fn find(&self, label: &str) -> Option<(usize, usize)> {
        (self.0.iter().enumerate()).find_map(|(at, (_, cells))| {
            let column = cells.iter().position(|cell| is(Some(cell), label))?;
            Some((at, column))
        })
    }

    /// The column of the first value beside a label ending in a colon.
    fn values_column(&self) -> Option<usize> {
        self.0.iter().find_map(|(_, cells)| {
            let label = cells.iter().position(|cell| cell.trim().ends_with(':'))?;
            (cells.iter().enumerate().skip(label + 1))
                .find(|(_, cell)| !cell.trim().is_empty())
                .map(|(column, _)| column)
        })
    }
}

/// The member's part of a PALMS id: the name's key, or past 200 characters its hash
/// (`#` and 16 hex digits), leaving room in the log's `source` cell for the period that
/// [`period_of_id`] reads back.
fn id_member(key: &str) -> String {
    if key.chars().count() <= 200 {
        key.to_string()
    } else {
        format!("#{:016x}", crate::stable_hash::stable_hash(key))
    }
}

/// The period a PALMS id names: `palms:MEMBER:FROM..TO`.
pub fn period_of_id(id: &str) -> Option<(NaiveDate, NaiveDate)> {
    let period = id.strip_prefix("palms:")?.rsplit(':').next()?;
    let (from, to) = period.split_once("..")?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

/// A period an imported row counts a group's referrals and one-to-ones over, by what
/// counted them, and whether the log holds it or the import brings it.
#[derive(Clone, Copy, Debug)]
pub struct Counted<'a> {
    pub group: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A PALMS line's period; else a slip's week (or the period of an export of slips).
    pub palms: bool,
    pub in_log: bool,
}

/// Two PALMS periods of one group that overlap would count a meeting twice; a PALMS
/// period and slips of one group that overlap, the same referrals and one-to-ones. Each
/// group's PALMS periods are sorted by their start, so that each is compared only with the
/// one reaching furthest before it, and each slip with the one starting last before its
/// end: a log of 100,000 periods is checked in a blink, not in pairs. Slips never clash
/// with each other: a week has many.
pub fn check_periods_apart<'a>(imported: impl Iterator<Item = Counted<'a>>) -> Result<()> {
    let mut palms: BTreeMap<String, Vec<Counted<'a>>> = BTreeMap::new();
    let mut slips: Vec<Counted<'a>> = Vec::new();
    for counted in imported {
        match counted.palms {
            true => palms
                .entry(group_key(counted.group))
                .or_default()
                .push(counted),
            false => slips.push(counted),
        }
    }
    for group_periods in palms.values_mut() {
        group_periods.sort_unstable_by_key(|counted| (counted.from, counted.to));
        let mut furthest: Option<(NaiveDate, NaiveDate)> = None;
        for &Counted {
            group, from, to, ..
        } in group_periods.iter()
        {
            if let Some((other_from, other_to)) = furthest
                && from <= other_to
            {
                bail!(
                    "the PALMS period {from} to {to} overlaps {other_from} to {other_to} for \
                     \"{group}\"; a meeting in both would count twice, so import reports of \
                     periods that do not overlap"
                );
            }
            if furthest.is_none_or(|(_, other_to)| to > other_to) {
                furthest = Some((from, to));
            }
        }
    }
    for slip in slips {
        let Some(periods) = palms.get(&group_key(slip.group)) else {
            continue;
        };
        // The periods are apart, so the last to start by the slip's end is the only one
        // that may reach it.
        let starting = periods.partition_point(|period| period.from <= slip.to);
        let Some(period) = starting.checked_sub(1).map(|at| periods[at]) else {
            continue;
        };
        if period.to < slip.from || period.in_log == slip.in_log {
            continue;
        }
        let slips = match slip.from == slip.to {
            true => format!("slips of {}", slip.from),
            false => format!("slips of {} to {}", slip.from, slip.to),
        };
        let (first, second) = match period.in_log {
            true => (
                format!("the PALMS period {} to {}", period.from, period.to),
                slips,
            ),
            false => (
                slips,
                format!("the PALMS period {} to {}", period.from, period.to),
            ),
        };
        bail!(
            "the log holds {first} for \"{}\", and {second} would count the same referrals \
             and one-to-ones again; import either the PALMS report or the slips for a period, \
             not both",
            slip.group
        );
    }
    Ok(())
}

/// The row each member of a summary is on, to refuse a name on two rows: their lines
/// could not be told apart.
#[derive(Default)]
pub struct MemberRows(HashMap<String, u64>);

impl MemberRows {
    pub fn once(&mut self, file: &str, name: &str, row: u64) -> Result<()> {
        if let Some(other) = self.0.insert(group_key(name), row) {
            bail!(
                "{file}: {} is on rows {other} and {row}; two members of one name cannot be \
                 told apart",
                show_value(name)
            );
        }
        Ok(())
    }
}
