//! What an import says when it is done: what it added, what the log held already, and
//! what it left out and why.

use super::left_out::LeftOut;
use super::write::Written;
use super::{agreeing, plural};
use crate::cli::ImportArgs;
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
            agreeing(tally.of_others, "does", "do")
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
        tally.deal_logged,
        format!(
            "lead{} or deal{} the log already holds from outside the CRM",
            plural(tally.deal_logged),
            plural(tally.deal_logged)
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
                agreeing(count as u64, "it", "them")
            )
        } else {
            format!(
                "{count} already in the log dated differently before (a meeting is now dated by \
                 its own time zone); import with --redate to move {}:",
                agreeing(count as u64, "it", "them")
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
            agreeing(tally.unmatched, "holds", "hold"),
            worth.join(" and ")
        ));
    }
    if tally.won_elsewhere > 0 {
        messages::note(format_args!(
            "{} won deal{} added without {} value as revenue: revenue_from says {} group's \
             revenue comes from the books or the log, not the CRM; where only the CRM holds \
             it, set revenue_from = \"crm\" for the group",
            tally.won_elsewhere,
            plural(tally.won_elsewhere),
            agreeing(tally.won_elsewhere, "its", "their"),
            agreeing(tally.won_elsewhere, "its", "their")
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
