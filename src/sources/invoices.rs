//! Any invoices file, its columns named by `[import.invoices]`: a CSV or workbook a
//! program of the user's books wrote (FreshBooks, Wave, Zoho, Lexoffice, sevDesk…). The
//! lines of one invoice are summed into one item; drafts and voided invoices are counted
//! and left out. An item is the invoice's total on its date, for its customer.

pub use super::books::{Books, PREFIX, QUICKBOOKS_PREFIX, STRIPE_PREFIX, XERO_PREFIX};
use super::imported::{About, Dropped, Evidence, Id, Item, source_id};
use super::table_file::{HEADER_WITHIN, Header, each_row_below_header};
use crate::activity::format::{DateOrder, Decimal, header_key};
use crate::activity::{DateCell, DateReading, MAX_AMOUNT, parse_money_in, parse_name};
use crate::currency::{Code, LogCurrencies, Named, Reading};
use crate::figures::Amount;
use crate::messages::show_value;
use anyhow::{Result, anyhow, bail};
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// The most invoices one file holds: each is kept until the file's dates are settled.
pub const MAX_INVOICES: usize = 500_000;

/// Statuses of an invoice never issued, or taken back whole, in English and German, as
/// the tools write them (a credit note is an invoice of its own, below 0).
const NOT_ISSUED: [&str; 9] = [
    "draft",
    "void",
    "voided",
    "deleted",
    "cancelled",
    "canceled",
    "entwurf",
    "storniert",
    "gelöscht",
];

/// How a file of the user's books or CRM writes what its header does not say.
#[derive(Clone, Debug, Default)]
pub struct InvoiceForms {
    pub decimal: Decimal,
    /// `date_format`, and the order of dates with slashes (`--date-order`), when known.
    pub date_format: Option<String>,
    pub order: Option<DateOrder>,
    /// The log's currency and the user's rates: an invoice in another currency needs one.
    pub currencies: LogCurrencies,
}

/// Where each field is in a row.
struct Layout {
    date: usize,
    client: usize,
    amount: usize,
    id: usize,
    currency: Option<usize>,
    status: Option<usize>,
    refunded: Option<usize>,
    client_else: Option<usize>,
    converted: Option<[Option<usize>; 3]>,
    lines: Option<[Option<usize>; 3]>,
}

/// An invoice as read, its date perhaps not settled.
struct Invoice {
    place: String,
    date: DateCell,
    id: String,
    client: String,
    amount: Amount,
    currency: Option<Named>,
}

/// Gives `each` an item per invoice of `path`, in the order they first appear.
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    books: &Books,
    forms: &InvoiceForms,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Dropped> {
    let columns = &books.columns;
    let decimal = if books.point {
        Decimal::Point
    } else {
        forms.decimal
    };
    let mut dates = DateReading {
        format: forms.date_format.clone(),
        order: forms.order,
        ..DateReading::default()
    };
    let mut invoices: Vec<Invoice> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut dropped = Dropped::default();
    let header_of = Header {
        find: &mut |_, _, cells| Ok(header(cells, books)),
        missing: &|| no_header(name, books),
    };
    each_row_below_header(
        path,
        name,
        "a file of invoices",
        sheet,
        encoding,
        header_of,
        &mut |at, places, row, cells| {
            let cell = |index: usize| cells.get(index).copied().unwrap_or("");
            let problem = |index: usize, column: &str, expected: &str| {
                anyhow!(
                    "{}: column {}: got {}, expected {expected}",
                    places.cell(row, index),
                    show_value(column),
                    show_value(cell(index))
                )
            };
            // A total row, or a line of a report that is no invoice: no id.
            if cell(at.id).is_empty() {
                dropped.no_id += 1;
                return Ok(());
            }
            let status = at.status.map(|index| cell(index).to_lowercase());
            let taken_off = match (books.kinds, &status) {
                (Some((kept, _)), Some(kind)) if !kept.contains(&kind.as_str()) => {
                    dropped.other_kind += 1;
                    return Ok(());
                }
                (Some((_, off)), Some(kind)) => kind == off,
                _ => false,
            };
            if let (None, Some(status)) = (books.kinds, status) {
                match books.paid {
                    Some(paid) if !paid.contains(&status.as_str()) => {
                        dropped.not_paid += 1;
                        return Ok(());
                    }
                    None if NOT_ISSUED.contains(&status.as_str()) => {
                        dropped.not_issued += 1;
                        return Ok(());
                    }
                    _ => {}
                }
            }
            let date = dates
                .read(cell(at.date))
                .map_err(|expected| problem(at.date, &columns.date, &expected))?;
            if let DateCell::Settles(_, order) = date {
                dates.order.get_or_insert(order);
            }
            let customer = match (cell(at.client), at.client_else) {
                ("", Some(index)) => (index, cell(index)),
                (written, _) => (at.client, written),
            };
            let client = parse_name(customer.1)
                .ok()
                .filter(|client| !client.is_empty())
                .ok_or_else(|| problem(customer.0, &columns.client, "the customer's name"))?;
            let money = |index: Option<usize>, column: &str| -> Result<(Amount, Option<Named>)> {
                match index {
                    Some(index) if !cell(index).is_empty() => parse_money_in(cell(index), decimal)
                        .map_err(|expected| problem(index, column, &expected)),
                    _ => Ok((Amount::default(), None)),
                }
            };
            // Stripe's converted amount, in the account's currency, where it gives one.
            let converted = at
                .converted
                .filter(|[amount, ..]| amount.is_some_and(|index| !cell(index).is_empty()));
            // Said where it differs from the amount charged: another currency's.
            let charged_in = at.currency.map(|index| cell(index).to_lowercase());
            let converted_in = converted.and_then(|[.., currency]| currency.map(cell));
            dropped.converted +=
                u64::from(converted_in.is_some_and(|code| Some(code.to_lowercase()) != charged_in));
            let (amount_at, refunded_at, currency_at, names) = match (converted, &books.converted) {
                (Some([amount, refunded, currency]), Some(names)) => (
                    amount,
                    refunded,
                    currency,
                    [names[0].as_str(), names[1].as_str(), names[2].as_str()],
                ),
                _ => (
                    Some(at.amount),
                    at.refunded,
                    at.currency,
                    [
                        columns.amount.as_str(),
                        books.refunded.as_deref().unwrap_or(""),
                        columns.currency.as_deref().unwrap_or("currency"),
                    ],
                ),
            };
            let (amount, currency) = money(amount_at, names[0])?;
            let (refunded, _) = money(refunded_at, names[1])?;
            let amount = amount - refunded;
            let amount = match (at.lines, &books.lines) {
                (Some([quantity, discount, tax]), Some(line_names)) => {
                    let number = |index: Option<usize>, column: &Option<String>, default: f64| {
                        let column = column.as_deref().unwrap_or_default();
                        match index.map(cell) {
                            None | Some("") => Ok(default),
                            Some(text) => text
                                .parse::<f64>()
                                .ok()
                                .filter(|value| value.is_finite() && value.abs() < 1e9)
                                .ok_or_else(|| {
                                    problem(
                                        index.unwrap_or_default(),
                                        column,
                                        "a number such as 2.5",
                                    )
                                }),
                        }
                    };
                    let quantity = number(quantity, &line_names[0], 1.0)?;
                    let discount = number(discount, &line_names[1], 0.0)?;
                    let (tax, _) = money(tax, line_names[2].as_deref().unwrap_or_default())?;
                    // Each line to the cent, as the invoice shows it.
                    let net = amount.hundredths() as f64 * quantity * (1.0 - discount / 100.0);
                    if net.abs() > MAX_AMOUNT as f64 * 100.0 {
                        return Err(problem(
                            at.amount,
                            &columns.amount,
                            &format!("a line of at most {MAX_AMOUNT} in all"),
                        ));
                    }
                    Amount::from_hundredths(net.round() as i64) + tax
                }
                _ => amount,
            };
            // A credit memo is written below 0 by some reports and above by others.
            let amount = match taken_off {
                true => Amount::from_hundredths(-amount.hundredths().abs()),
                false => amount,
            };
            let code_at = currency_at.filter(|&index| !cell(index).is_empty());
            let currency = currency_of(
                currency,
                code_at,
                at.amount,
                &cell,
                &|index, expected| match Some(index) == code_at {
                    true => problem(index, names[2], expected),
                    false => problem(index, &columns.amount, expected),
                },
                &forms.currencies,
            )?;
            let id = cell(at.id).to_string();
            match by_id.get(&id) {
                // Another line of the same invoice: its amount adds to the invoice's.
                Some(&index) => {
                    let invoice = &mut invoices[index];
                    if crate::names::group_key(&invoice.client) != crate::names::group_key(&client)
                    {
                        bail!(
                            "{}: invoice {} is for {} here and for {} at {}; one invoice has one \
                             customer",
                            places.row(row),
                            show_value(&id),
                            show_value(&client),
                            show_value(&invoice.client),
                            invoice.place
                        );
                    }
                    if invoice.currency != currency {
                        bail!(
                            "{}: invoice {} is in another currency here than at {}; one invoice \
                             is in one currency",
                            places.row(row),
                            show_value(&id),
                            invoice.place
                        );
                    }
                    invoice.amount = invoice.amount + amount;
                }
                None => {
                    if invoices.len() == MAX_INVOICES {
                        bail!(
                            "{}: more than {MAX_INVOICES} invoices in one file, the most an \
                             import reads; export a shorter span",
                            places.row(row)
                        );
                    }
                    by_id.insert(id.clone(), invoices.len());
                    invoices.push(Invoice {
                        place: places.row(row),
                        date,
                        id,
                        client,
                        amount,
                        currency,
                    });
                }
            }
            Ok(())
        },
    )?;
    let prefix = books.prefix;
    for invoice in invoices {
        let date = (invoice.date.settled(dates.order))
            .map_err(|problem| anyhow!("{}: {problem}", invoice.place))?;
        if invoice.amount.is_zero() {
            dropped.no_amount += 1;
            continue;
        }
        each(Item {
            date,
            id: Id::new(format!(
                "{}@{}",
                source_id(&format!("{prefix}{}", invoice.id)),
                invoice.amount.hundredths()
            )),
            about: Rc::new(About {
                texts: vec![invoice.client.clone()],
                label: format!(
                    "{} {}",
                    show_value(&invoice.client),
                    invoice.amount.as_cell()
                ),
            }),
            evidence: Evidence::Invoice {
                client: invoice.client,
                amount: invoice.amount,
                currency: invoice.currency,
            },
        })?;
    }
    Ok(dropped)
}

/// The currency of an amount that names `named` (a sign, or a code after it): the code in
/// the cell at `code_at` where there is one, else `named`; `None` for the log's own, as the
/// log writes it. One without the user's rate is an error at the cell that named it, the
/// code's, else the amount's at `amount_at`.
pub(super) fn currency_of<'c>(
    named: Option<Named>,
    code_at: Option<usize>,
    amount_at: usize,
    cell: &dyn Fn(usize) -> &'c str,
    problem: &dyn Fn(usize, &str) -> anyhow::Error,
    currencies: &LogCurrencies,
) -> Result<Option<Named>> {
    let named = match code_at {
        Some(index) => Some(Named::Code(
            Code::of_code(cell(index))
                .ok_or_else(|| problem(index, "an ISO currency code such as EUR"))?,
        )),
        None => named,
    };
    let Some(named) = named else {
        return Ok(None);
    };
    let reading = (currencies.read(named))
        .map_err(|expected| problem(code_at.unwrap_or(amount_at), &expected))?;
    Ok((reading != Reading::Own).then_some(named))
}

/// The layout of a header row holding the names `books` looks for, or none.
fn header(cells: &[&str], books: &Books) -> Option<Layout> {
    // Xero marks its required columns with a `*`.
    let find = |name: &str| {
        (cells.iter()).position(|cell| header_key(cell.trim_start_matches('*')) == header_key(name))
    };
    let columns = &books.columns;
    let client_else = books.client_else.as_deref().and_then(find);
    Some(Layout {
        date: find(&columns.date)?,
        client: find(&columns.client).or(client_else)?,
        amount: find(&columns.amount)?,
        id: find(&columns.id)?,
        currency: columns.currency.as_deref().and_then(find),
        status: columns.status.as_deref().and_then(find),
        refunded: books.refunded.as_deref().and_then(find),
        client_else,
        converted: (books.converted.as_ref()).map(|names| names.each_ref().map(|name| find(name))),
        lines: (books.lines.as_ref())
            .map(|names| names.each_ref().map(|name| name.as_deref().and_then(find))),
    })
}

fn no_header(file: &str, books: &Books) -> String {
    let columns = &books.columns;
    if !books.described.is_empty() {
        return format!(
            "{file}: no header row with the columns of {} ({}, {}, {}, {}) in its first \
             {HEADER_WITHIN} rows; is this the export it should be?",
            books.described,
            show_value(&columns.id),
            show_value(&columns.date),
            show_value(&columns.amount),
            show_value(&columns.client)
        );
    }
    format!(
        "{file}: no header row with the columns [import.invoices] names ({}, {}, {}, {}) in \
         its first {HEADER_WITHIN} rows; check their names in netaudit.toml against the file's",
        show_value(&columns.date),
        show_value(&columns.client),
        show_value(&columns.amount),
        show_value(&columns.id)
    )
}
