//! The exports of the programs that keep a user's books, each by its own column names and
//! rules: which rows count, and what an amount is. [`super::invoices`] reads them all.

use crate::config::InvoiceColumns;

/// The start of an invoice's id in the log's `source` column.
pub const PREFIX: &str = "invoice:";
/// The start of a Stripe payment's.
pub const STRIPE_PREFIX: &str = "stripe:";
/// The start of a QuickBooks transaction's.
pub const QUICKBOOKS_PREFIX: &str = "quickbooks:";
/// The start of a Xero invoice's.
pub const XERO_PREFIX: &str = "xero:";

/// A program's export: the header names of its fields, and how its rows count.
#[derive(Clone, Debug)]
pub struct Books {
    pub(super) columns: InvoiceColumns,
    /// Refunded so far, taken off the amount (Stripe's `Amount Refunded`).
    pub(super) refunded: Option<String>,
    /// The customer where `client` is empty (Stripe's `Customer Email`).
    pub(super) client_else: Option<String>,
    /// The amount, its refunds and the currency in the account's currency, used where
    /// given (Stripe's `Converted Amount`, `Converted Amount Refunded`, `Converted
    /// Currency`).
    pub(super) converted: Option<[String; 3]>,
    /// Only rows of these statuses count (payments); else rows of [`NOT_ISSUED`] do not.
    pub(super) paid: Option<&'static [&'static str]>,
    /// Only rows of these transaction types count, and those of the last are taken off
    /// (QuickBooks: invoices and sales receipts, less credit memos).
    pub(super) kinds: Option<(&'static [&'static str], &'static str)>,
    /// The start of each item's id.
    pub(super) prefix: &'static str,
    /// Amounts written with a decimal point, whatever the locale (Stripe's).
    pub(super) point: bool,
    /// What the file is, for a message: where its header is not found.
    pub(super) described: &'static str,
    /// Invoice lines whose amount is the quantity times the unit amount less a discount in
    /// percent, with the tax where it is counted (Xero's `Quantity`, `Discount`,
    /// `TaxAmount`); `amount` names the unit amount.
    pub(super) lines: Option<[Option<String>; 3]>,
}

impl Books {
    /// Any invoices file, by the config's names.
    pub fn invoices(columns: &InvoiceColumns) -> Books {
        Books {
            columns: columns.clone(),
            refunded: None,
            client_else: None,
            converted: None,
            paid: None,
            kinds: None,
            prefix: PREFIX,
            point: false,
            described: "",
            lines: None,
        }
    }

    /// Stripe's payments export: paid payments, less what was refunded, in the account's
    /// currency where the export converts it; the customer's description, else email.
    pub fn stripe() -> Books {
        let name = |text: &str| text.to_string();
        Books {
            columns: InvoiceColumns {
                date: name("Created (UTC)"),
                client: name("Customer Description"),
                amount: name("Amount"),
                id: name("id"),
                currency: Some(name("Currency")),
                status: Some(name("Status")),
            },
            refunded: Some(name("Amount Refunded")),
            client_else: Some(name("Customer Email")),
            converted: Some([
                name("Converted Amount"),
                name("Converted Amount Refunded"),
                name("Converted Currency"),
            ]),
            paid: Some(&["paid", "succeeded", "refunded", "partially refunded"]),
            kinds: None,
            prefix: STRIPE_PREFIX,
            point: true,
            described: "Stripe's payments export",
            lines: None,
        }
    }
}

impl Books {
    /// QuickBooks Online's "Invoice List" or "Sales by Customer Detail" report, saved as
    /// CSV or xlsx: title rows above the header, a `Total` row at the end; its invoices and
    /// sales receipts, less its credit memos.
    pub fn quickbooks() -> Books {
        let name = |text: &str| text.to_string();
        Books {
            columns: InvoiceColumns {
                date: name("Date"),
                client: name("Customer"),
                amount: name("Amount"),
                id: name("Num"),
                currency: None,
                status: Some(name("Transaction Type")),
            },
            refunded: None,
            client_else: Some(name("Name")),
            converted: None,
            paid: None,
            kinds: Some((&["invoice", "sales receipt", "credit memo"], "credit memo")),
            prefix: QUICKBOOKS_PREFIX,
            point: true,
            described: "a QuickBooks Invoice List or Sales by Customer Detail report",
            lines: None,
        }
    }

    /// Xero's sales invoices export: a line per item (its required columns perhaps marked
    /// `*`), each the quantity times the unit amount less its discount, summed per invoice
    /// number; with `gross`, its tax too.
    pub fn xero(gross: bool) -> Books {
        let name = |text: &str| text.to_string();
        Books {
            columns: InvoiceColumns {
                date: name("InvoiceDate"),
                client: name("ContactName"),
                amount: name("UnitAmount"),
                id: name("InvoiceNumber"),
                currency: Some(name("Currency")),
                status: None,
            },
            refunded: None,
            client_else: None,
            converted: None,
            paid: None,
            kinds: None,
            prefix: XERO_PREFIX,
            point: true,
            described: "Xero's sales invoices export",
            lines: Some([
                Some(name("Quantity")),
                Some(name("Discount")),
                gross.then(|| name("TaxAmount")),
            ]),
        }
    }
}
