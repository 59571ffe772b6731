//! Slips for `netaudit chapter`, streamed into [`Connections`] one at a time: BNI
//! Connect's Slips Audit Report (`From, To, Slip Type, Inside/Outside, TYFCB Amount, CEU
//! Credits, Detail`, perhaps under a title row "Slips Audit Report for 01/04/2026" that
//! dates its slips, with the amount column named for the region and perhaps a `Count`
//! column), or the slips CSV (`date,from,to,type,amount`).

use super::table_file::{HEADER_WITHIN, Places, each_row};
use crate::activity::format::{DateOrder, header_key};
use crate::activity::{DateCell, DateReading, parse_count, parse_money};
use crate::chapter::{Connections, Slip, SlipKind};
use crate::figures::Amount;
use crate::messages::show_value;
use crate::period::parse_date;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::Path;

/// The slips CSV's columns.
pub const COLUMNS: [&str; 5] = ["date", "from", "to", "type", "amount"];

const TITLE: &str = "Slips Audit Report for";

/// What the slips are read against.
#[derive(Clone, Copy, Debug)]
pub struct SlipRules {
    /// The period the summaries cover; a slip dated outside it is refused.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whether a title's date with slashes is day first, when the config says.
    pub day_first: Option<bool>,
}

/// Where each field is in a row.
struct SlipColumns {
    date: Option<usize>,
    from: usize,
    to: usize,
    kind: usize,
    inside: Option<usize>,
    amount: Option<usize>,
    count: Option<usize>,
    detail: Option<usize>,
}

/// Reads the slips of `path` into `connections`; returns how many lines were read.
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    rules: SlipRules,
    connections: &mut Connections,
) -> Result<u64> {
    each_slip(path, name, sheet, encoding, rules, &mut |slip, place| {
        if let Some(date) = slip.date
            && (date < rules.from || date > rules.to)
        {
            bail!(
                "{}: this slip is dated {date}, outside the period the summaries cover \
                 ({} to {}); give the summary of its period too, or leave out its slips",
                place(),
                rules.from,
                rules.to
            );
        }
        connections.add(slip);
        Ok(())
    })
}

/// What takes each slip: the slip, and where it stands, made when asked.
pub type SlipSink<'a> = dyn FnMut(&Slip, &dyn Fn() -> String) -> Result<()> + 'a;

/// Gives each slip of `path` to `each`, with where it stands ("slips.xls:12", made when
/// asked), dated by its date column, else by the title above it, else not; returns how
/// many were read. A title's date with slashes reads as only one reading allows, or as
/// only one falls between `rules.from` and `rules.to`, else as `rules.day_first` says.
pub fn each_slip(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    rules: SlipRules,
    each: &mut SlipSink,
) -> Result<u64> {
    let mut title_date: Option<NaiveDate> = None;
    let mut layout: Option<SlipColumns> = None;
    let mut rows_before = 0usize;
    let mut lines = 0u64;
    each_row(
        path,
        name,
        "a file of slips",
        sheet,
        encoding,
        &mut |places, row, cells| {
            if cells.iter().all(|cell| cell.is_empty()) {
                return Ok(());
            }
            // A report of several weeks repeats its title and header before each week.
            if let Some(text) = cells.first().and_then(|cell| cell.strip_prefix(TITLE)) {
                title_date = Some(title_day(text.trim(), rules).map_err(|expected| {
                    anyhow!(
                        "{}: got {}, expected {expected}",
                        places.cell(row, 0),
                        show_value(cells[0])
                    )
                })?);
                return Ok(());
            }
            // Compared in place: a region's million rows each pass here.
            let repeated_header = layout.is_some()
                && cells.first().is_some_and(|cell| {
                    cell.eq_ignore_ascii_case("from") || cell.eq_ignore_ascii_case("date")
                });
            if repeated_header {
                layout = header(cells, places, row)?;
                return Ok(());
            }
            let Some(layout) = &layout else {
                layout = header(cells, places, row)?;
                rows_before += 1;
                if layout.is_none() && rows_before > HEADER_WITHIN {
                    bail!("{}", no_header(places.file()));
                }
                return Ok(());
            };
            lines += 1;
            let slip = slip(layout, cells, places, row, title_date)?;
            each(&slip, &|| places.row(row))
        },
    )?;
    if layout.is_none() {
        bail!("{}", no_header(name));
    }
    Ok(lines)
}

/// Whether the week titles of `path` write their dates day first, as the titles that read
/// one way only say: `None` when none does (or none has slashes). Titles that settle it
/// both ways are an error: the report was not written by one program.
pub fn titles_day_first(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Option<bool>> {
    let mut settled: Option<(bool, String)> = None;
    each_row(
        path,
        name,
        "a file of slips",
        sheet,
        encoding,
        &mut |places, row, cells| {
            let Some(text) = cells.first().and_then(|cell| cell.strip_prefix(TITLE)) else {
                return Ok(());
            };
            // Read as a log's dates are: one that reads one way only settles the order.
            let day_first = match DateReading::default().read(text.trim()) {
                Ok(DateCell::Settles(_, order)) => order == DateOrder::DayFirst,
                _ => return Ok(()),
            };
            match &settled {
                Some((before, at)) if *before != day_first => bail!(
                    "{}: got {}, which reads {} where {at} reads {}; one report writes its \
                     dates one way",
                    places.cell(row, 0),
                    show_value(cells[0]),
                    if day_first {
                        "day first"
                    } else {
                        "month first"
                    },
                    if *before { "day first" } else { "month first" }
                ),
                Some(_) => {}
                None => settled = Some((day_first, places.cell(row, 0))),
            }
            Ok(())
        },
    )?;
    Ok(settled.map(|(day_first, _)| day_first))
}

fn no_header(file: &str) -> String {
    format!(
        "{file}: no header row of slips; expected BNI Connect's Slips Audit Report (From, To, \
         Slip Type, Inside/Outside, TYFCB Amount, CEU Credits, Detail), or a slips CSV with \
         the header {}",
        COLUMNS.join(",")
    )
}

/// The layout of a header row, or none when `cells` is no header (a title, say).
fn header(cells: &[&str], places: &Places, row: u64) -> Result<Option<SlipColumns>> {
    let find = |names: &[&str]| {
        cells.iter().position(|cell| {
            names
                .iter()
                .any(|name| header_key(cell) == header_key(name))
        })
    };
    let starts = |prefixes: &[&str]| {
        cells.iter().position(|cell| {
            (prefixes.iter()).any(|prefix| header_key(cell).starts_with(&header_key(prefix)))
        })
    };
    let (Some(from), Some(to)) = (find(&["From"]), find(&["To"])) else {
        return Ok(None);
    };
    let kind = find(&["Slip Type", "type"]);
    let Some(kind) = kind else {
        bail!(
            "{}: the header has no Slip Type (or type) column; {}",
            places.row(row),
            no_header(places.file())
        );
    };
    let date = find(&["date"]);
    let amount = starts(&["TYFCB Amount", "Business Amount", "amount"]);
    let layout = SlipColumns {
        date,
        from,
        to,
        kind,
        inside: find(&["Inside/Outside"]),
        amount,
        count: find(&["Count"]),
        detail: find(&["Detail"]),
    };
    let is_bni = layout.inside.is_some() || header_key(cells[kind]) == "sliptype";
    if !is_bni && (layout.date.is_none() || layout.amount.is_none()) {
        bail!(
            "{}: the header has no {} column; a slips CSV has the header {}",
            places.row(row),
            if layout.date.is_none() {
                "date"
            } else {
                "amount"
            },
            COLUMNS.join(",")
        );
    }
    Ok(Some(layout))
}

fn slip<'a>(
    layout: &SlipColumns,
    cells: &[&'a str],
    places: &Places,
    row: u64,
    title_date: Option<NaiveDate>,
) -> Result<Slip<'a>> {
    let cell = |at: usize| cells.get(at).copied().unwrap_or("");
    let problem = |at: usize, column: &str, expected: &str| {
        anyhow!(
            "{}: column {}: got {}, expected {expected}",
            places.cell(row, at),
            show_value(column),
            show_value(cell(at))
        )
    };
    let kind = SlipKind::from_name(cell(layout.kind)).ok_or_else(|| {
        problem(
            layout.kind,
            "type",
            "Referral, One-to-One, TYFCB, CEU or Visitor",
        )
    })?;
    let date = match layout.date {
        Some(at) => Some(
            parse_date(cell(at)).map_err(|_| problem(at, "date", "a date such as 2026-04-01"))?,
        ),
        None => title_date,
    };
    let (from, to) = (cell(layout.from), cell(layout.to));
    let needs = match kind {
        SlipKind::Referral | SlipKind::OneToOne => {
            [Some((layout.from, "From")), Some((layout.to, "To"))]
        }
        SlipKind::ThankYou => [None, Some((layout.to, "To"))],
        SlipKind::Ceu | SlipKind::Visitor => [None, None],
    };
    if let Some((at, column)) = needs
        .into_iter()
        .flatten()
        .find(|(at, _)| cell(*at).is_empty())
    {
        return Err(problem(at, column, "a member's name"));
    }
    let inside = match layout.inside.map(|at| (at, cell(at).to_lowercase())) {
        None => None,
        Some((_, text)) if text.is_empty() => None,
        Some((_, text)) if text.contains("inside") => Some(true),
        Some((_, text)) if text.contains("outside") => Some(false),
        Some((at, _)) => {
            return Err(problem(
                at,
                "Inside/Outside",
                "Tier 1 (inside), Tier 2 (outside) or nothing",
            ));
        }
    };
    let amount = match layout.amount {
        Some(at) => parse_money(cell(at))
            .ok()
            .filter(|amount| !amount.is_negative())
            .ok_or_else(|| problem(at, "amount", "an amount of 0 or more, such as 11550.00"))?,
        None => Amount::default(),
    };
    let count = match layout.count {
        Some(at) if !cell(at).is_empty() => {
            parse_count(cell(at).strip_suffix(".0").unwrap_or(cell(at)))
                .map_err(|_| problem(at, "Count", "a whole number of 0 or more, such as 3"))?
        }
        _ => 1,
    };
    Ok(Slip {
        date,
        from,
        to,
        kind,
        inside,
        count,
        amount,
        detail: layout.detail.map_or("", cell),
    })
}

/// The date of a title "Slips Audit Report for 01/04/2026": `2026-04-01`, or with
/// slashes read month first or day first as only one reading allows, or as only one
/// reading falls in the period, or as the config's date_format says.
fn title_day(text: &str, rules: SlipRules) -> Result<NaiveDate, String> {
    const EXPECTED: &str = "a title with its date, such as \"Slips Audit Report for 04/01/2026\"";
    if let Ok(date) = parse_date(text) {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split('/').collect();
    let [first, second, year] = parts[..] else {
        return Err(EXPECTED.to_string());
    };
    let number = |part: &str| part.trim().parse::<u32>().ok();
    let (Some(first), Some(second), Some(year)) = (number(first), number(second), number(year))
    else {
        return Err(EXPECTED.to_string());
    };
    let year = i32::try_from(year).map_err(|_| EXPECTED.to_string())?;
    let month_first = NaiveDate::from_ymd_opt(year, first, second);
    let day_first = NaiveDate::from_ymd_opt(year, second, first);
    let in_period = |date: &NaiveDate| (rules.from..=rules.to).contains(date);
    match (month_first, day_first) {
        (Some(date), None) | (None, Some(date)) => Ok(date),
        (None, None) => Err(EXPECTED.to_string()),
        (Some(a), Some(b)) if a == b => Ok(a),
        (Some(a), Some(b)) => match (in_period(&a), in_period(&b), rules.day_first) {
            (true, false, _) => Ok(a),
            (false, true, _) => Ok(b),
            (_, _, Some(true)) => Ok(b),
            (_, _, Some(false)) => Ok(a),
            (_, _, None) => Err(format!(
                "a date that reads one way only: it may be {a} or {b}; set date_format = \
                 \"%m/%d/%Y\" or \"%d/%m/%Y\" in netaudit.toml"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(from: &str, to: &str, day_first: Option<bool>) -> SlipRules {
        SlipRules {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            day_first,
        }
    }

    #[test]
    fn a_title_date_reads_as_only_one_reading_allows() {
        let year = rules("2026-01-01", "2026-12-31", None);
        let day = |text| title_day(text, year).map(|d| d.to_string());
        assert_eq!(day("2026-04-01"), Ok("2026-04-01".to_string()));
        assert_eq!(day("13/04/2026"), Ok("2026-04-13".to_string()));
        assert_eq!(day("04/13/2026"), Ok("2026-04-13".to_string()));
        assert_eq!(day("04/04/2026"), Ok("2026-04-04".to_string()));
        assert!(
            day("01/04/2026")
                .unwrap_err()
                .contains("it may be 2026-01-04 or 2026-04-01")
        );
        assert!(day("31/31/2026").is_err());
        assert!(day("soon").is_err());
        // The period settles it, else the config.
        let april = rules("2026-04-01", "2026-04-30", None);
        assert_eq!(
            title_day("01/04/2026", april).map(|d| d.to_string()),
            Ok("2026-04-01".to_string())
        );
        let day_first = rules("2026-01-01", "2026-12-31", Some(true));
        assert_eq!(
            title_day("01/04/2026", day_first).map(|d| d.to_string()),
            Ok("2026-04-01".to_string())
        );
    }
}
