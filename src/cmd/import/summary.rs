//! What an import says when it is done: what it added, what the log held already, and
//! what it left out and why.

use super::write::Written;
use super::{LeftOut, plural};
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
    for why in &tally.unfollowed {
        messages::hint(format_args!("  {why}"));
    }
}
