//! A CRM's deals export: HubSpot's, or Pipedrive's. A deal is a lead from the day it was
//! created; won, a deal on the day it closed; lost, that lead closed as lost on that day.
//! So each deal gives an item for its lead and, once it has ended, one for its end, each
//! with its own id: a deal exported open, then won, adds the deal the second time and not
//! its lead again. `[import.hubspot]` and `[import.pipedrive]` name the columns that say
//! where a deal came from (the groups' `match` patterns are tried on them), who referred
//! it, and for HubSpot which stages mean won and lost.

use super::imported::{About, DealStage, Dropped, Evidence, Id, Item, source_id};
use super::invoices::{InvoiceForms, currency_of};
use super::table_file::{HEADER_WITHIN, Header, each_row_below_header};
use crate::activity::format::header_key;
use crate::activity::{DateCell, DateReading, parse_money_in, parse_name};
use crate::config::DealColumns;
use crate::currency::Named;
use crate::figures::Amount;
use crate::messages::show_value;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::Path;
use std::rc::Rc;

/// The start of a HubSpot deal's ids in the log's `source` column.
pub const HUBSPOT_PREFIX: &str = "hubspot:";
/// The start of a Pipedrive deal's.
pub const PIPEDRIVE_PREFIX: &str = "pipedrive:";

/// The most deals one file holds: each is kept until the file's dates are settled.
pub const MAX_DEALS: usize = 500_000;

/// Whether a log row's id is a CRM deal's.
pub fn is_deal(id: &str) -> bool {
    id.starts_with(HUBSPOT_PREFIX) || id.starts_with(PIPEDRIVE_PREFIX)
}

/// The CRMs whose deals exports netaudit reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crm {
    Hubspot,
    Pipedrive,
}

/// The header names of a CRM's fields, each the first of its spellings the file has.
struct Names {
    id: &'static [&'static str],
    title: &'static [&'static str],
    stage: &'static [&'static str],
    amount: &'static [&'static str],
    currency: &'static [&'static str],
    created: &'static [&'static str],
    won_on: &'static [&'static str],
    lost_on: &'static [&'static str],
    /// The client: the deal's company, else its contact person.
    client: &'static [&'static str],
    client_else: &'static [&'static str],
    /// Where deals came from, when the config names no column.
    source: &'static [&'static str],
    won: &'static [&'static str],
    lost: &'static [&'static str],
    /// Statuses of deals taken back (Pipedrive's `deleted`).
    deleted: &'static [&'static str],
    prefix: &'static str,
    described: &'static str,
}

impl Crm {
    fn names(self) -> Names {
        match self {
            Crm::Hubspot => Names {
                id: &["Record ID", "Deal ID"],
                title: &["Deal Name"],
                stage: &["Deal Stage"],
                amount: &["Amount"],
                currency: &["Currency"],
                created: &["Create Date"],
                won_on: &["Close Date"],
                lost_on: &["Close Date"],
                client: &[
                    "Associated Company",
                    "Associated Company (Primary)",
                    "Company Name",
                ],
                client_else: &["Associated Contact", "Associated Contact (Primary)"],
                source: &["Original Source Type"],
                won: &["closed won", "closedwon"],
                lost: &["closed lost", "closedlost"],
                deleted: &[],
                prefix: HUBSPOT_PREFIX,
                described: "HubSpot's deals export",
            },
            Crm::Pipedrive => Names {
                id: &["Deal - ID"],
                title: &["Deal - Title"],
                stage: &["Deal - Status"],
                amount: &["Deal - Value"],
                currency: &["Deal - Currency of value", "Deal - Currency"],
                created: &["Deal - Deal created", "Deal - Add time"],
                won_on: &["Deal - Won time"],
                lost_on: &["Deal - Lost time"],
                client: &["Deal - Organization"],
                client_else: &["Deal - Contact person"],
                source: &["Deal - Source channel", "Deal - Label"],
                won: &["won"],
                lost: &["lost"],
                deleted: &["deleted"],
                prefix: PIPEDRIVE_PREFIX,
                described: "Pipedrive's deals export",
            },
        }
    }
}

/// Where each field is in a row.
struct Layout {
    id: usize,
    title: Option<usize>,
    stage: usize,
    amount: Option<usize>,
    currency: Option<usize>,
    created: usize,
    won_on: Option<usize>,
    lost_on: Option<usize>,
    client: Option<usize>,
    client_else: Option<usize>,
    contact: Option<usize>,
    sources: Vec<usize>,
    /// The header's names, for messages.
    headers: Vec<String>,
}

/// A deal as read, its dates perhaps not settled.
struct Deal {
    place: String,
    id: String,
    created: DateCell,
    ended: Option<(DateCell, DealStage)>,
    client: String,
    contact: String,
    texts: Vec<String>,
    label: String,
}

/// Gives `each` the items of each deal of `path`: its lead, then its end where it has one.
#[allow(clippy::too_many_arguments)]
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    crm: Crm,
    columns: &DealColumns,
    forms: &InvoiceForms,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Dropped> {
    let names = crm.names();
    let mut dates = DateReading {
        format: forms.date_format.clone(),
        order: forms.order,
        ..DateReading::default()
    };
    let mut deals: Vec<Deal> = Vec::new();
    let mut dropped = Dropped::default();
    let stage_is = |stage: &str, given: &[String], default: &[&str]| match given.is_empty() {
        true => default.contains(&stage),
        false => given.iter().any(|name| name.to_lowercase() == stage),
    };
    let header_of = Header {
        find: &mut |places, row, cells| {
            header(cells, &names, columns).map_err(|err| anyhow!("{}: {err}", places.row(row)))
        },
        missing: &|| no_header(name, &names),
    };
    each_row_below_header(
        path,
        name,
        "a deals export",
        sheet,
        encoding,
        header_of,
        &mut |at, places, row, cells| {
            let cell = |index: usize| cells.get(index).copied().unwrap_or("").trim();
            let problem = |index: usize, expected: &str| {
                anyhow!(
                    "{}: column {}: got {}, expected {expected}",
                    places.cell(row, index),
                    show_value(at.headers.get(index).map_or("", String::as_str)),
                    show_value(cell(index))
                )
            };
            if cell(at.id).is_empty() {
                dropped.no_id += 1;
                return Ok(());
            }
            let stage = cell(at.stage).to_lowercase();
            if names.deleted.contains(&stage.as_str()) {
                dropped.deleted += 1;
                return Ok(());
            }
            let won = stage_is(&stage, &columns.won, names.won);
            let lost = stage_is(&stage, &columns.lost, names.lost);
            if crm == Crm::Pipedrive && !won && !lost && stage != "open" {
                return Err(problem(at.stage, "open, won, lost or deleted"));
            }
            // A CRM writes a moment: in the user's form, its time after the day.
            let mut date = |index: usize| -> Result<DateCell> {
                let written = cell(index);
                let day = written.split_once(' ').map_or(written, |(day, _)| day);
                let read = (dates.read(written))
                    .or_else(|_| dates.read(day))
                    .map_err(|expected| problem(index, &expected))?;
                if let DateCell::Settles(_, order) = read {
                    dates.order.get_or_insert(order);
                }
                Ok(read)
            };
            let created = date(at.created)?;
            let ended = match (won, lost) {
                (false, false) => None,
                (true, _) => {
                    let (amount, currency) = money(at, &cell, &problem, forms)?;
                    let on = at.won_on.unwrap_or(at.created);
                    Some((date(on)?, DealStage::Won { amount, currency }))
                }
                (false, true) => {
                    let on = at.lost_on.unwrap_or(at.created);
                    Some((date(on)?, DealStage::Lost))
                }
            };
            let named = |index: Option<usize>| -> Result<String> {
                match index.map(cell) {
                    None | Some("") => Ok(String::new()),
                    Some(text) => parse_name(text)
                        .map_err(|expected| problem(index.unwrap_or_default(), &expected)),
                }
            };
            let client = match named(at.client)? {
                client if client.is_empty() => named(at.client_else)?,
                client => client,
            };
            let contact = named(at.contact)?;
            let title = at.title.map(cell).unwrap_or_default();
            let mut texts: Vec<String> = (at.sources.iter())
                .map(|&index| cell(index).to_string())
                .filter(|text| !text.is_empty())
                .collect();
            texts.extend([title.to_string(), client.clone()]);
            if deals.len() == MAX_DEALS {
                bail!(
                    "{}: more than {MAX_DEALS} deals in one file, the most an import reads; \
                     export a shorter span",
                    places.row(row)
                );
            }
            deals.push(Deal {
                place: places.row(row),
                id: cell(at.id).to_string(),
                created,
                ended,
                label: match client.is_empty() {
                    true => show_value(title),
                    false => format!("{} ({})", show_value(title), show_value(&client)),
                },
                client,
                contact,
                texts,
            });
            Ok(())
        },
    )?;
    for deal in deals {
        let about = Rc::new(About {
            texts: deal.texts,
            label: deal.label,
        });
        let item = |date: NaiveDate, end: &str, stage: DealStage| Item {
            date,
            id: Id::new(source_id(&format!("{}{}#{end}", names.prefix, deal.id))),
            about: about.clone(),
            evidence: Evidence::Deal {
                client: deal.client.clone(),
                contact: deal.contact.clone(),
                stage,
            },
        };
        let settle = |date: DateCell| {
            (date.settled(dates.order)).map_err(|problem| anyhow!("{}: {problem}", deal.place))
        };
        let created = settle(deal.created)?;
        each(item(created, "lead", DealStage::Open))?;
        if let Some((on, stage)) = deal.ended {
            let on = settle(on)?.max(created);
            let end = match stage {
                DealStage::Lost => "lost",
                _ => "won",
            };
            each(item(on, end, stage))?;
        }
    }
    Ok(dropped)
}

/// A won deal's value and the currency it names: the log's own is named by none.
fn money<'c>(
    at: &Layout,
    cell: &dyn Fn(usize) -> &'c str,
    problem: &dyn Fn(usize, &str) -> anyhow::Error,
    forms: &InvoiceForms,
) -> Result<(Amount, Option<Named>)> {
    let Some(index) = at.amount.filter(|&index| !cell(index).is_empty()) else {
        return Ok((Amount::default(), None));
    };
    let (amount, named) =
        parse_money_in(cell(index), forms.decimal).map_err(|expected| problem(index, &expected))?;
    let code_at = at.currency.filter(|&index| !cell(index).is_empty());
    let currency = currency_of(named, code_at, index, cell, problem, &forms.currencies)?;
    Ok((amount, currency))
}

/// The layout of a header row holding a CRM's id, stage and creation date; none for
/// another row. A column the config names and the header lacks is an error.
fn header(cells: &[&str], names: &Names, columns: &DealColumns) -> Result<Option<Layout>> {
    let find = |name: &str| (cells.iter()).position(|cell| header_key(cell) == header_key(name));
    let first = |spellings: &[&str]| spellings.iter().find_map(|name| find(name));
    let (Some(id), Some(stage), Some(created)) =
        (first(names.id), first(names.stage), first(names.created))
    else {
        return Ok(None);
    };
    let named = |column: &str, key: &str| {
        find(column).ok_or_else(|| {
            anyhow!(
                "the header has no column {}, which [import.{key}] names; the columns are {}",
                show_value(column),
                cells
                    .iter()
                    .map(|cell| show_value(cell))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    };
    let key = match names.prefix {
        HUBSPOT_PREFIX => "hubspot",
        _ => "pipedrive",
    };
    let sources = match columns.source.is_empty() {
        true => names.source.iter().filter_map(|name| find(name)).collect(),
        false => (columns.source.iter())
            .map(|column| named(column, key))
            .collect::<Result<_>>()?,
    };
    Ok(Some(Layout {
        id,
        title: first(names.title),
        stage,
        amount: first(names.amount),
        currency: first(names.currency),
        created,
        won_on: first(names.won_on),
        lost_on: first(names.lost_on),
        client: match &columns.client {
            Some(column) => Some(named(column, key)?),
            None => first(names.client),
        },
        client_else: first(names.client_else),
        contact: columns
            .contact
            .as_deref()
            .map(|column| named(column, key))
            .transpose()?,
        sources,
        headers: cells.iter().map(|cell| cell.trim().to_string()).collect(),
    }))
}

fn no_header(file: &str, names: &Names) -> String {
    format!(
        "{file}: no header row with the columns of {} ({}, {}, {}) in its first {HEADER_WITHIN} \
         rows; is this the export it should be?",
        names.described,
        show_value(names.id[0]),
        show_value(names.stage[0]),
        show_value(names.created[0])
    )
}
