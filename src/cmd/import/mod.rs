//! `netaudit import`: a calendar's meetings, a time tracker's entries or a PALMS report's
//! figures added to the log as rows, each with the id of what it came from in the log's
//! `source` column, so that the same import run again adds nothing.

mod already_logged;
mod attribute;
mod changes;
mod left_out;
mod overlap;
mod read;
mod rows;
mod summary;
mod write;

use super::Context;
use crate::cli::{ImportArgs, ImportSource};
use crate::cmd::log_file::target;
use crate::config::Config;
use crate::config::GroupImport;
use crate::exit::ExitStatus;
use crate::files::{LockedFile, Undone, same_existing_file};
use crate::ledger::RevenueKind;
use crate::messages::{self};
use crate::names::group_key;
use crate::period::Month;
use crate::sources::SourceKind;
use crate::sources::imported::{DealStage, Evidence};
use crate::sources::matching::ImportGroups;
use crate::sources::trackers::Tracker;
use anyhow::{Context as _, Result, anyhow, bail};
use attribute::Attribution;
use chrono::NaiveDate;
use left_out::LeftOut;
use read::read_file;
use rows::Imported;
use std::collections::HashSet;
use summary::summarise;
use write::write;

/// The most rows one import adds, from all its files: each file's own bounds (a
/// calendar's occurrences, a file's size) do not bound many files together. Each row is
/// kept, about 150 bytes, until all are written.
const MAX_IMPORT_ROWS: usize = 500_000;

pub fn run(args: ImportArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    import(args, config, context.today, context.quiet).map(|()| ExitStatus::Done)
}

/// [`run`]: the rows added, under the lock, all or none; or with --undo, taken back.
fn import(args: ImportArgs, config: &Config, today: NaiveDate, quiet: bool) -> Result<()> {
    let importer = match (args.undo, args.importer) {
        (true, _) => return undo(&args, config, quiet),
        (false, Some(importer)) => importer,
        (false, None) => bail!(
            "say what wrote the files: netaudit import calendar|toggl|clockify|harvest|palms|\
             slips|invoices|stripe|quickbooks|xero|hubspot|pipedrive FILE..."
        ),
    };
    let last = args.to.unwrap_or(today);
    if last > today {
        bail!("--to {last} is after today ({today}); netaudit imports what has happened");
    }
    if let Some(from) = args.from
        && from > last
    {
        bail!("--from {from} is after --to {last}; nothing could be imported");
    }
    // A dry run needs no log: with none named, it shows the rows under a new log's header.
    let path = match target(args.file.as_deref(), config, "import") {
        Err(_) if args.dry_run && args.file.is_none() && config.log.is_empty() => None,
        path => Some(path?),
    };
    let name = path
        .as_ref()
        .map_or("a new log".to_string(), |path| path.display().to_string());
    if let Some(input) = (args.files.iter()).find(|file| {
        path.as_ref()
            .is_some_and(|path| same_existing_file(file, path))
    }) {
        bail!(
            "{} is both a file to import and the log to add to; name the log with --file",
            input.display()
        );
    }
    // The books' items, and a CRM's deals, go to the group that brought their client
    // before any pattern; no group needs one.
    let by_client = importer.names_clients();
    let groups = ImportGroups::new(args.group.as_deref(), config, !by_client)?;
    let membership = config.membership();
    let left = |group: &str| membership.ends.get(&membership.key_of(group)).copied();
    let mut tally = LeftOut::default();
    // The books name clients, not groups: the config's [clients] and the log's first
    // leads say who brought each.
    let history = match &path {
        Some(path) if by_client => attribute::history(path, &name, config)?,
        _ => Default::default(),
    };
    let attribution = Attribution::new(&config.clients, &history);
    let books = GroupImport::default();
    // Each item becomes a row as it is read, so that no item is kept.
    let mut rows = Vec::new();
    for file in &args.files {
        let dropped = read_file(&args, importer, file, config, last, &mut |item| {
            let after = item.date > last;
            let before = args.from.is_some_and(|from| item.date < from);
            tally.after += u64::from(after);
            tally.before += u64::from(before);
            if after || before {
                return Ok(());
            }
            let fixed = args.group.is_some();
            let Some((group, settings, credited)) =
                attribute::group_of(&item, fixed, &attribution, &groups, &books)?
            else {
                tally.unmatched += 1;
                if let Evidence::Invoice {
                    amount, currency, ..
                } = &item.evidence
                {
                    let own = config.format.currencies.own;
                    let code = currency.map(|named| named.currency(own).to_string());
                    let worth = tally.unmatched_worth.entry(code).or_default();
                    *worth = *worth + *amount;
                }
                if args.show_unmatched && tally.unmatched_labels.len() < MAX_IMPORT_ROWS {
                    tally.unmatched_labels.push(item.label());
                }
                return Ok(());
            };
            // A deal's lead, or the deal, the log already holds from outside the CRM: the
            // deal follows that lead, and is that deal.
            if let Evidence::Deal { stage, client, .. } = &item.evidence {
                let logged = match stage {
                    DealStage::Open => attribution.lead_logged(client),
                    DealStage::Won { .. } => attribution.deal_logged(client, item.date),
                    DealStage::Lost => false,
                };
                if logged {
                    tally.deal_logged += 1;
                    return Ok(());
                }
            }
            if left(group).is_some_and(|left| Month::of(item.date) > left) {
                tally.after_leaving += 1;
                return Ok(());
            }
            if rows.len() == MAX_IMPORT_ROWS {
                bail!(
                    "{}: with this file's, the import has more than {MAX_IMPORT_ROWS} rows to \
                     add, the most one import adds; import a shorter span (--from, --to) or \
                     fewer files at once",
                    file.display()
                );
            }
            let won = match &item.evidence {
                Evidence::Deal {
                    stage: DealStage::Won { amount, currency },
                    ..
                } => Some((*amount, *currency)),
                _ => None,
            };
            let mut row = Imported::new(item, group, settings);
            if let Some(credited) = credited {
                if let Some(client) = credited.client {
                    row.client = client.to_string();
                }
                // A deal's own "referred by" is closer than the client's first referrer.
                if row.contact.is_empty() {
                    row.contact = credited.contact.to_string();
                }
            }
            if let Some((amount, currency)) = won {
                let from_crm = config.revenue_from.of(&group_key(group)) == RevenueKind::Crm;
                tally.won_elsewhere += u64::from(!from_crm && !amount.is_zero());
                row.won(amount, currency, from_crm);
            }
            // A one-to-one where one_to_one_hours is 0 would be a row of nothing.
            if row.meetings + row.leads + row.referrals_given + row.deals + row.lost == 0
                && row.hours.is_zero()
                && row.revenue.is_zero()
            {
                tally.no_length += 1;
                return Ok(());
            }
            rows.push(row);
            Ok(())
        })?;
        tally.add(dropped);
    }
    // The same file given twice, or one occurrence in two exports: one row.
    let mut seen = HashSet::with_capacity(rows.len());
    let first: Vec<bool> = rows.iter().map(|row| seen.insert(&row.id)).collect();
    drop(seen);
    let mut first = first.into_iter();
    rows.retain(|_| first.next().unwrap_or(true));
    let kind = match importer {
        ImportSource::Calendar => SourceKind::Calendar,
        ImportSource::Toggl => SourceKind::Tracker(Tracker::Toggl),
        ImportSource::Clockify => SourceKind::Tracker(Tracker::Clockify),
        ImportSource::Harvest => SourceKind::Tracker(Tracker::Harvest),
        ImportSource::Palms => SourceKind::Palms,
        ImportSource::Slips => SourceKind::Slips,
        ImportSource::Invoices
        | ImportSource::Stripe
        | ImportSource::Quickbooks
        | ImportSource::Xero => SourceKind::Books,
        ImportSource::Hubspot | ImportSource::Pipedrive => SourceKind::Crm,
    };
    let written = write(path.as_deref(), &name, rows, kind, &args, config, quiet)?;
    left_out::list_left_out(importer, &tally, &written, args.show_unmatched);
    if !quiet {
        summarise(&name, &written, &tally, &args, last);
    }
    Ok(())
}

/// Takes back the last import to the log (`import --undo`).
fn undo(args: &ImportArgs, config: &Config, quiet: bool) -> Result<()> {
    let path = target(args.file.as_deref(), config, "import")?;
    let name = path.display().to_string();
    let file = LockedFile::open(&path)
        .with_context(|| format!("cannot open {name} to take the last import back"))?
        .ok_or_else(|| anyhow!("cannot take an import back from {name}: there is no such file"))?;
    if let Some(repair) = file.repair() {
        messages::note(repair);
    }
    let undone = file
        .undo_import()
        .with_context(|| format!("cannot take the last import back from {name}"))?
        .map_err(|why| {
            anyhow!("cannot take the last import back from {name}: {why}; nothing was changed")
        })?;
    if !quiet {
        messages::note(match undone {
            Undone::Appended(bytes) => {
                format!("took the last import back from {name}: the rows it added ({bytes} bytes)")
            }
            Undone::Restored => format!(
                "took the last import back from {name}: the log is as it was before, without \
                 the columns the import gave it"
            ),
            Undone::Removed => {
                format!("took the last import back: removed {name}, which it had created")
            }
        });
    }
    Ok(())
}

/// "s" after a count that is not 1.
fn plural(count: u64) -> &'static str {
    agreeing(count, "", "s")
}

/// The word that agrees with a count: `one` for 1, else `many` ("does"/"do", "its"/"their").
fn agreeing(count: u64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
