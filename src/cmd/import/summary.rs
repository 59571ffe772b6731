//! What an import says when it is done: what it added, what the log held already, and
//! what it left out and why.

use super::left_out::LeftOut;
use super::write::Written;
use super::{MAX_IMPORT_ROWS, plural};
use crate::cli::ImportArgs;
use crate::cli::ImportSource;
use crate::messages;
use chrono::NaiveDate;

pub(super) fn summarise(
    name: &str,
    written: &Written,
    tally: &LeftOut,
    args: &ImportArgs,
    last: NaiveDate,
) {
    let added = if written.dry_run {
        format!("{} to add (--dry-run: nothing written)", written.added)
    } else {
        format!("{} added", written.added)
    };
    let mut line = format!(
        "{name}: {added}, {} already in the log, {} unmatched",
        written.already, tally.unmatched
    );
    if tally.unmatched > 0 && !args.show_unmatched {
        line.push_str(" (--show-unmatched lists them)");
    }
    messages::note(line);
    let mut left_out = Vec::new();
    let mut count = |n: u64, what: String| {
        if n > 0 {
            left_out.push(format!("{n} {what}"));
        }
    };
    count(tally.cancelled, "cancelled".to_string());
    count(tally.no_length, "of no length".to_string());
    count(tally.declined, "declined".to_string());
    count(
        tally.all_day,
        "all-day (--all-day-hours H imports them)".to_string(),
    );
    count(tally.after, format!("after {last}"));
    count(
        tally.after_leaving,
        "after their group was left (`left` in the config)".to_string(),
    );
    if let Some(from) = args.from {
        count(tally.before, format!("before {from}"));
    }
    let absorbed = &written.absorbed;
    count(absorbed.by_hand, "already in the log by hand".to_string());
    count(
        absorbed.left_out.len() as u64 - absorbed.by_hand,
        "already in the log from another source".to_string(),
    );
    count(
        tally.ceu,
        format!(
            "CEU slip{} (no figure of the log holds them)",
            plural(tally.ceu)
        ),
    );
    count(
        tally.of_others,
        format!(
            "slip{} that {} not name you",
            plural(tally.of_others),
            if tally.of_others == 1 { "does" } else { "do" }
        ),
    );
    count(
        tally.no_id,
        format!("line{} with no invoice number", plural(tally.no_id)),
    );
    count(
        tally.not_issued,
        format!("draft or voided invoice{}", plural(tally.not_issued)),
    );
    count(
        tally.no_amount,
        format!("invoice{} of no amount", plural(tally.no_amount)),
    );
    count(
        tally.not_paid,
        format!(
            "payment{} not paid (failed, canceled)",
            plural(tally.not_paid)
        ),
    );
    count(
        tally.other_kind,
        format!(
            "row{} of other transactions than sales (payments, estimates)",
            plural(tally.other_kind)
        ),
    );
    count(
        tally.lead_logged,
        format!(
            "deal lead{} the log already holds from outside the CRM (the deal follows {})",
            plural(tally.lead_logged),
            if tally.lead_logged == 1 { "it" } else { "them" }
        ),
    );
    count(
        tally.deleted,
        format!("deleted deal{}", plural(tally.deleted)),
    );
    let unfollowed = tally.unfollowed.len() as u64;
    count(
        unfollowed,
        format!(
            "event{} whose repeat rule netaudit does not follow",
            plural(unfollowed)
        ),
    );
    if !left_out.is_empty() {
        let listed = if absorbed.left_out.is_empty() || args.show_unmatched {
            ""
        } else {
            " (--show-unmatched lists those already in the log; --even-if-logged adds them)"
        };
        messages::note(format_args!("left out: {}{listed}", left_out.join(", ")));
    }
    if !written.redated.is_empty() {
        let count = written.redated.len();
        messages::note(if written.moved {
            format!(
                "moved {count} row{} imported before to the day the import now gives {}:",
                plural(count as u64),
                if count == 1 { "it" } else { "them" }
            )
        } else {
            format!(
                "{count} already in the log dated differently before (a meeting is now dated by \
                 its own time zone); import with --redate to move {}:",
                if count == 1 { "it" } else { "them" }
            )
        });
        for (id, from, to) in &written.redated {
            messages::hint(format_args!("  {id}: {from} to {to}"));
        }
    }
    if absorbed.cut > 0 {
        messages::note(format_args!(
            "{} row{} cut to what is beyond the log's own for the day or period (--even-if-logged \
             adds them whole)",
            absorbed.cut,
            plural(absorbed.cut)
        ));
    }
    if !tally.unmatched_worth.is_empty() {
        let worth: Vec<String> = (tally.unmatched_worth.iter())
            .map(|(code, amount)| {
                let amount = crate::render::decimal2(amount.as_f64());
                match code {
                    Some(code) => format!("{amount} {code}"),
                    None => amount,
                }
            })
            .collect();
        messages::note(format_args!(
            "the {} unmatched invoice{} {} {}, credited to no group: name each client's group \
             in [clients] in netaudit.toml, as in [clients.\"Acme Kitchens\"] group = \"Harbor \
             City BNI\"",
            tally.unmatched,
            plural(tally.unmatched),
            if tally.unmatched == 1 {
                "holds"
            } else {
                "hold"
            },
            worth.join(" and ")
        ));
    }
    if tally.converted > 0 {
        messages::note(format_args!(
            "{} payment{} counted at the export's Converted Amount, in your account's currency \
             (the rate your bank got), not at the amount charged",
            tally.converted,
            plural(tally.converted)
        ));
    }
    if tally.thanked > 0 {
        messages::note(format_args!(
            "{} TYFCB slip{} to you, worth {} in the report's currency: business others closed \
             from referrals you gave, which the report does not say who wrote; not your \
             revenue, so not added",
            tally.thanked,
            plural(tally.thanked),
            crate::render::decimal2(tally.thanked_worth.as_f64())
        ));
    }
    for why in &tally.unfollowed {
        messages::hint(format_args!("  {why}"));
    }
}

/// Lists what --show-unmatched asks for: the items no group took (the invoices of clients
/// no one brought), and those the log already holds by hand or from another source.
pub(super) fn list_left_out(
    importer: ImportSource,
    tally: &LeftOut,
    written: &Written,
    show_unmatched: bool,
) {
    if !tally.unmatched_labels.is_empty() {
        let (count, s) = (tally.unmatched, plural(tally.unmatched));
        messages::note(match importer {
            ImportSource::Invoices
            | ImportSource::Stripe
            | ImportSource::Quickbooks
            | ImportSource::Xero => format!(
                "{count} invoice{s} of clients no [clients] entry or lead in the log credits to \
                 a group:"
            ),
            ImportSource::Hubspot | ImportSource::Pipedrive => format!(
                "{count} deal item{s} of clients no [clients] entry, lead in the log or group's \
                 `match` pattern credits to a group:"
            ),
            _ => format!("{count} item{s} no group's `match` patterns fit:"),
        });
        for label in &tally.unmatched_labels {
            messages::hint(format_args!("  {label}"));
        }
        let unlisted = tally.unmatched - tally.unmatched_labels.len() as u64;
        if unlisted > 0 {
            messages::hint(format_args!(
                "  and {unlisted} more, past the {MAX_IMPORT_ROWS} listed; import a shorter span \
                 to list them"
            ));
        }
    }
    let logged = &written.absorbed.left_out;
    if show_unmatched && !logged.is_empty() {
        messages::note(format_args!(
            "{} item{} the log already holds by hand or from another source:",
            logged.len(),
            plural(logged.len() as u64)
        ));
        for label in logged {
            messages::hint(format_args!("  {label}"));
        }
    }
}
