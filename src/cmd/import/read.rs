//! One file an import reads: told by its first bytes, and each of its items given in
//! turn, what a calendar leaves out counted.

use crate::activity::format::DateOrder;
use crate::cli::{ImportArgs, ImportSource, SlashOrder};
use crate::config::Config;
use crate::sources::calendar::{self, zones::UserZone};
use crate::sources::imported::{Dropped, Item, decode_text};
use crate::sources::palms::{self};
use crate::sources::spreadsheet::{self, FileKind, MAX_SPREADSHEET_BYTES, SNIFFED_BYTES};
use crate::sources::trackers::{self, Tracker};
use crate::sources::{deals, invoices, member_slips};
use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use std::io::Read;
use std::path::Path;

/// Gives each item of one file to `each`; what a calendar leaves out is counted.
pub(super) fn read_file(
    args: &ImportArgs,
    importer: ImportSource,
    path: &Path,
    config: &Config,
    last: NaiveDate,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Dropped> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_SPREADSHEET_BYTES + 1).read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_SPREADSHEET_BYTES {
        bail!(
            "{name} is larger than {} MiB, the most an import reads; export a shorter span",
            MAX_SPREADSHEET_BYTES >> 20
        );
    }
    let mut tracker = |tracker: Tracker| -> Result<Dropped> {
        let text = decode_text(&bytes, &name, config.format.encoding)?;
        let forms = trackers::Forms {
            day_first: args.date_order.map(|order| order == SlashOrder::Dmy),
            decimal: config.format.decimal,
        };
        trackers::read(tracker, &text, &name, forms, each)
    };
    match importer {
        ImportSource::Calendar => {
            let text = decode_text(&bytes, &name, None)?;
            let options = calendar::Options {
                me: &config.import.me,
                zone: config
                    .import
                    .time_zone
                    .map_or(UserZone::Local, UserZone::Named),
                default_hours: args.default_hours,
                all_day_hours: args.all_day_hours,
                last,
            };
            let (items, dropped) = calendar::read(&text, &name, &options)?;
            items.into_iter().try_for_each(each)?;
            Ok(dropped)
        }
        ImportSource::Toggl => tracker(Tracker::Toggl),
        ImportSource::Clockify => tracker(Tracker::Clockify),
        ImportSource::Harvest => tracker(Tracker::Harvest),
        ImportSource::Palms => {
            let Some(member) = &args.member else {
                bail!(
                    "a PALMS report has a line per member; say which is yours with --member \
                     \"First Last\""
                );
            };
            let kind = FileKind::of(&bytes[..bytes.len().min(SNIFFED_BYTES)]);
            if !kind.is_spreadsheet() {
                bail!(
                    "{name} is not a spreadsheet; export the Chapter Summary PALMS report from \
                     BNI Connect as Excel (.xls)"
                );
            }
            let sheet = spreadsheet::read_sheet(bytes, kind, args.sheet.as_deref())
                .with_context(|| format!("cannot read {name} as a spreadsheet"))?;
            let period = palms::Period {
                from: args.from,
                to: args.to,
            };
            each(palms::read(&sheet, &name, member, period)?)?;
            Ok(Dropped::default())
        }
        ImportSource::Stripe | ImportSource::Quickbooks | ImportSource::Xero => {
            let forms = invoices::InvoiceForms {
                currencies: config.format.currencies.clone(),
                order: args.date_order.map(|order| match order {
                    SlashOrder::Dmy => DateOrder::DayFirst,
                    SlashOrder::Mdy => DateOrder::MonthFirst,
                }),
                ..invoices::InvoiceForms::default()
            };
            let books = match importer {
                ImportSource::Stripe => invoices::Books::stripe(),
                ImportSource::Xero => invoices::Books::xero(config.import.xero_gross),
                _ => invoices::Books::quickbooks(),
            };
            invoices::read(
                path,
                &name,
                args.sheet.as_deref(),
                None,
                &books,
                &forms,
                each,
            )
        }
        ImportSource::Invoices => {
            let Some(columns) = &config.import.invoices else {
                bail!(
                    "say where an invoices file keeps its fields: add [import.invoices] to \
                     netaudit.toml, as in date = \"Invoice Date\", client = \"Customer\", \
                     amount = \"Total\", id = \"Invoice #\" (docs/import.md)"
                );
            };
            let forms = forms(args, config);
            let sheet = args.sheet.as_deref();
            let encoding = config.format.encoding;
            let books = invoices::Books::invoices(columns);
            invoices::read(path, &name, sheet, encoding, &books, &forms, each)
        }
        ImportSource::Hubspot | ImportSource::Pipedrive => {
            let (crm, columns) = match importer {
                ImportSource::Hubspot => (deals::Crm::Hubspot, &config.import.hubspot),
                _ => (deals::Crm::Pipedrive, &config.import.pipedrive),
            };
            let forms = forms(args, config);
            let (sheet, encoding) = (args.sheet.as_deref(), config.format.encoding);
            deals::read(path, &name, sheet, encoding, crm, columns, &forms, each)
        }
        ImportSource::Slips => {
            let Some(member) = &args.member else {
                bail!(
                    "a Slips Audit Report holds every member's slips; say which are yours with \
                     --member \"First Last\""
                );
            };
            let asked = member_slips::MemberSlips {
                member,
                from: args.from,
                to: args.to,
                last,
                day_first: (args.date_order.map(|order| order == SlashOrder::Dmy))
                    .or(config.format.day_first()),
            };
            member_slips::read(
                path,
                &name,
                args.sheet.as_deref(),
                config.format.encoding,
                &asked,
                each,
            )
        }
    }
}

/// How a file of the user's own tools writes what its header does not say: in the
/// config's forms, its dates in `--date-order` where given.
fn forms(args: &ImportArgs, config: &Config) -> invoices::InvoiceForms {
    invoices::InvoiceForms {
        decimal: config.format.decimal.unwrap_or_default(),
        date_format: config.format.date_format.clone(),
        order: args.date_order.map(|order| match order {
            SlashOrder::Dmy => DateOrder::DayFirst,
            SlashOrder::Mdy => DateOrder::MonthFirst,
        }),
        currencies: config.format.currencies.clone(),
    }
}
