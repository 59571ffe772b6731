//! `[clients]` and `[import.invoices]`: which group and contact brought a client, where the
//! invoice's spelling of its name differs or the log's history does not say; and where a
//! file of invoices keeps its fields.
//!
//! ```toml
//! [clients."Acme Kitchens"]
//! group = "Harbor City BNI"
//! contact = "Dana Price"
//! aliases = ["ACME Kitchens Ltd"]
//!
//! [import.invoices]
//! date = "Invoice Date"
//! client = "Customer"
//! amount = "Total"
//! id = "Invoice #"
//! ```

use super::keys::{check_keys, sub_table};
use crate::activity::{parse_group, parse_name};
use crate::ledger::{MAX_NAMES, RevenueKind};
use crate::messages::show_value;
use crate::names::group_key;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;
use toml::de::DeTable;

/// The keys of a `[clients."Name"]` table.
const CLIENT_KEYS: [&str; 3] = ["group", "contact", "aliases"];
/// The keys of `[import.invoices]`: the header names of an invoices file's columns.
const INVOICE_KEYS: [&str; 6] = ["date", "client", "amount", "id", "currency", "status"];

/// The keys of `[import.hubspot]`; `[import.pipedrive]` takes the first three, its deals'
/// status saying won or lost.
const HUBSPOT_KEYS: [&str; 5] = ["source", "client", "contact", "won", "lost"];

/// A client the config names: the group and contact that brought it, and the other
/// spellings of its name.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRule {
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
    pub aliases: Vec<String>,
}

/// Where an invoices file keeps its fields: each a header name. `currency` and `status`
/// are optional.
#[derive(Clone, Debug, PartialEq)]
pub struct InvoiceColumns {
    pub date: String,
    pub client: String,
    pub amount: String,
    pub id: String,
    pub currency: Option<String>,
    pub status: Option<String>,
}

/// Where a CRM's deals export says what netaudit needs beyond its own columns: the
/// columns that say where a deal came from (the groups' `match` patterns are tried on
/// them), the client where it is not the deal's company, who referred the deal, and (for
/// HubSpot) the stages that mean won and lost. Empty lists take the CRM's defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealColumns {
    pub source: Vec<String>,
    pub client: Option<String>,
    pub contact: Option<String>,
    pub won: Vec<String>,
    pub lost: Vec<String>,
}

#[derive(Deserialize)]
pub struct RawImport {
    invoices: Option<Spanned<RawInvoices>>,
    xero: Option<RawXero>,
    hubspot: Option<RawDeals>,
    pipedrive: Option<RawDeals>,
}

#[derive(Deserialize)]
struct RawDeals {
    source: Option<Vec<String>>,
    client: Option<String>,
    contact: Option<String>,
    won: Option<Vec<String>>,
    lost: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawXero {
    amounts: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawInvoices {
    date: Option<String>,
    client: Option<String>,
    amount: Option<String>,
    id: Option<String>,
    currency: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
pub struct RawClient {
    group: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    aliases: Option<Spanned<Vec<String>>>,
}

/// Checks the keys of `[import]` and of each `[clients."Name"]`, and the clients' names.
pub(super) fn check(document: &DeTable) -> Result<(), (Range<usize>, String)> {
    if let Some(import) = document.get("import") {
        let import = sub_table(import, "import")?;
        check_keys(
            import,
            "import.",
            &["invoices", "xero", "hubspot", "pipedrive"],
        )?;
        for (crm, keys) in [
            ("hubspot", &HUBSPOT_KEYS[..]),
            ("pipedrive", &HUBSPOT_KEYS[..3]),
        ] {
            if let Some(deals) = import.get(crm) {
                let deals = sub_table(deals, &format!("import.{crm}"))?;
                check_keys(deals, &format!("import.{crm}."), keys)?;
            }
        }
        if let Some(xero) = import.get("xero") {
            let xero = sub_table(xero, "import.xero")?;
            check_keys(xero, "import.xero.", &["amounts"])?;
        }
        if let Some(invoices) = import.get("invoices") {
            let invoices = sub_table(invoices, "import.invoices")?;
            check_keys(invoices, "import.invoices.", &INVOICE_KEYS)?;
        }
    }
    let Some(clients) = document.get("clients") else {
        return Ok(());
    };
    let clients = sub_table(clients, "clients")?;
    if clients.len() > MAX_NAMES {
        return Err((
            0..0,
            format!("more than {MAX_NAMES} clients, the most one report keeps track of"),
        ));
    }
    for (name, client) in clients {
        let written = name.get_ref().as_ref();
        parse_name(written).map_err(|expected| {
            (
                name.span(),
                format!("clients.{}: expected {expected}", show_value(written)),
            )
        })?;
        let table = sub_table(client, "clients.\"Name\"")?;
        check_keys(table, &format!("clients.\"{written}\"."), &CLIENT_KEYS)?;
    }
    Ok(())
}

/// `[import.hubspot]` and `[import.pipedrive]`, each as given or empty.
pub(super) fn deal_columns(raw: &Option<RawImport>) -> [DealColumns; 2] {
    let columns = |deals: Option<&RawDeals>| {
        deals.map_or_else(DealColumns::default, |deals| DealColumns {
            source: deals.source.clone().unwrap_or_default(),
            client: deals.client.clone(),
            contact: deals.contact.clone(),
            won: (deals.won.iter().flatten())
                .map(|stage| stage.to_lowercase())
                .collect(),
            lost: (deals.lost.iter().flatten())
                .map(|stage| stage.to_lowercase())
                .collect(),
        })
    };
    let import = raw.as_ref();
    [
        columns(import.and_then(|import| import.hubspot.as_ref())),
        columns(import.and_then(|import| import.pipedrive.as_ref())),
    ]
}

/// The kind of revenue `revenue_from` (at `key`) names, if given.
pub(super) fn revenue_kind(
    value: &Option<Spanned<String>>,
    key: &str,
) -> Result<Option<RevenueKind>, (Range<usize>, String)> {
    let Some(value) = value else {
        return Ok(None);
    };
    RevenueKind::named(value.get_ref())
        .map(Some)
        .ok_or_else(|| {
            (
                value.span(),
                format!(
                    "key `{key}`: expected \"books\", \"crm\" or \"log\", got {}",
                    show_value(value.get_ref())
                ),
            )
        })
}

/// Whether `[import.xero] amounts` counts Xero's lines with their tax (`"gross"`) or
/// without (`"net"`, the default: tax collected is not revenue).
pub(super) fn xero_gross(raw: &Option<RawImport>) -> Result<bool, (Range<usize>, String)> {
    let Some(amounts) = (raw.as_ref())
        .and_then(|import| import.xero.as_ref())
        .and_then(|xero| xero.amounts.as_ref())
    else {
        return Ok(false);
    };
    match amounts.get_ref().as_str() {
        "net" => Ok(false),
        "gross" => Ok(true),
        other => Err((
            amounts.span(),
            format!(
                "key `import.xero.amounts`: expected \"net\" or \"gross\", got {}",
                show_value(other)
            ),
        )),
    }
}

/// The columns `[import.invoices]` names; `None` without the table. `date`, `client`,
/// `amount` and `id` must be given.
pub(super) fn invoice_columns(
    raw: Option<RawImport>,
) -> Result<Option<InvoiceColumns>, (Range<usize>, String)> {
    let Some(invoices) = raw.and_then(|import| import.invoices) else {
        return Ok(None);
    };
    let span = invoices.span();
    let invoices = invoices.into_inner();
    let needed = |value: Option<String>, key: &str| {
        value.filter(|name| !name.trim().is_empty()).ok_or_else(|| {
            (
                span.clone(),
                format!(
                    "[import.invoices] needs `{key}`: the header name of the column that holds \
                     it, as in {key} = \"{}\"",
                    match key {
                        "date" => "Invoice Date",
                        "client" => "Customer",
                        "amount" => "Total",
                        _ => "Invoice #",
                    }
                ),
            )
        })
    };
    Ok(Some(InvoiceColumns {
        date: needed(invoices.date, "date")?,
        client: needed(invoices.client, "client")?,
        amount: needed(invoices.amount, "amount")?,
        id: needed(invoices.id, "id")?,
        currency: invoices.currency,
        status: invoices.status,
    }))
}

/// The clients `[clients]` names, each name and alias read as a name is; a spelling two
/// clients claim is an error naming both.
pub(super) fn clients(
    raw: Option<BTreeMap<Spanned<String>, RawClient>>,
) -> Result<Vec<ClientRule>, (Range<usize>, String)> {
    let mut rules = Vec::new();
    let mut claimed: HashMap<String, String> = HashMap::new();
    for (name, client) in raw.unwrap_or_default() {
        let span = name.span();
        let name = parse_name(name.get_ref())
            .map_err(|expected| (span.clone(), format!("clients: expected {expected}")))?;
        let key = |field: &str| format!("clients.\"{name}\".{field}");
        let group = (client.group)
            .map(|group| {
                parse_group(group.get_ref()).map_err(|expected| {
                    (
                        group.span(),
                        format!("key `{}`: expected {expected}", key("group")),
                    )
                })
            })
            .transpose()?;
        let contact = (client.contact)
            .map(|contact| {
                parse_name(contact.get_ref()).map_err(|expected| {
                    (
                        contact.span(),
                        format!("key `{}`: expected {expected}", key("contact")),
                    )
                })
            })
            .transpose()?;
        let mut aliases = Vec::new();
        if let Some(list) = client.aliases {
            let list_span = list.span();
            for alias in list.into_inner() {
                aliases.push(parse_name(&alias).map_err(|expected| {
                    (
                        list_span.clone(),
                        format!("key `{}`: expected {expected}", key("aliases")),
                    )
                })?);
            }
        }
        for spelling in std::iter::once(&name).chain(&aliases) {
            if let Some(other) = claimed.insert(group_key(spelling), name.clone())
                && other != name
            {
                return Err((
                    span,
                    format!(
                        "clients \"{other}\" and \"{name}\" both claim the name \"{spelling}\" \
                         (names match without regard to case and spacing); keep it for one"
                    ),
                ));
            }
        }
        rules.push(ClientRule {
            name,
            group,
            contact,
            aliases,
        });
    }
    Ok(rules)
}
