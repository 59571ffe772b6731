//! `netaudit check`: every problem in the config and the logs, not just the first, then
//! what looks wrong without being wrong (a group written two ways), then a summary.
//! The list is the command's output, so it goes to stdout.

mod log;

use super::Context;
use super::inputs::log_inputs;
use super::terminal::StdoutLines;
use crate::activity::format::LogFormat;
use crate::cli::CheckArgs;
use crate::config::{self, Config};
use crate::exit::ExitStatus;
use crate::ledger::{GroupNames, Ledger};
use crate::messages::show_value;
use crate::names::group_key;
use crate::names::{MAX_COMPARED_GROUPS, look_alikes, unlogged};
use crate::period::Month;
use crate::render::decimal2;
use anyhow::Result;
use chrono::NaiveDate;
use log::{AfterToday, Seen, check_log, finish, plural};
use std::collections::HashMap;
use std::path::Path;

#[derive(Default)]
struct Findings {
    problems: u64,
    warnings: u64,
}

/// Checks the config and the logs. `quiet` leaves out the warnings and the summary line,
/// so that only problems are printed. `today` is the real date, used without --today.
pub fn run(args: CheckArgs, context: &Context) -> Result<ExitStatus> {
    let (explicit_config, today, quiet) =
        (context.config_flag.as_deref(), context.today, context.quiet);
    let CheckArgs {
        files,
        sheet,
        today: as_of,
    } = args;
    let today = as_of.unwrap_or(today);
    let files = &files;
    let mut out = StdoutLines::new();
    let mut tally = Findings::default();
    let mut checked: Vec<String> = Vec::new();

    let loaded = config::locate(explicit_config).and_then(|found| match found {
        Some(path) => {
            checked.push(path.display().to_string());
            config::load(&path)
        }
        None => Ok(Config::default()),
    });
    let config = match loaded {
        Ok(config) => config,
        Err(err) => {
            out.line(format_args!("{err:#}"))?;
            tally.problems += 1;
            if files.is_empty() {
                out.line(
                    "the config has a problem, so the logs it names were not checked; name them (netaudit check activity.csv)",
                )?;
                return finish(out, &checked, &tally, None, quiet);
            }
            Config::default()
        }
    };

    let inputs = log_inputs(files, &config, "check")?;
    let format = LogFormat {
        sheet,
        ..config.format.clone()
    };
    let membership = std::sync::Arc::new(config.membership());
    let mut ledger = Ledger::with_membership(std::sync::Arc::clone(&membership));
    // Where each spelling of a group name first appears (which input, which line), for
    // the warnings.
    let mut first_seen: HashMap<String, (usize, u64)> = HashMap::new();
    let mut future = AfterToday::default();
    let mut last_meetings: HashMap<String, NaiveDate> = HashMap::new();
    for (index, input) in inputs.iter().enumerate() {
        checked.push(input.name());
        let mut seen = Seen {
            input: index,
            first_seen: &mut first_seen,
            today,
            future: &mut future,
            membership: &membership,
            last_meetings: &mut last_meetings,
        };
        let notes = check_log(input, &format, &mut ledger, &mut seen, &mut out, &mut tally)?;
        if !quiet {
            for note in notes {
                out.line(format_args!("note: {note}"))?;
            }
        }
    }

    let where_first = |spelling: &str| {
        first_seen
            .get(spelling)
            .map(|&(input, line)| format!("first at {}:{line}", inputs[input].name()))
            .unwrap_or_default()
    };
    // Printed after every problem, and not at all with --quiet; the note about too many
    // groups to compare is not a warning.
    let mut warnings: Vec<String> = Vec::new();
    let groups: Vec<GroupNames> = ledger.names().collect();
    for group in groups.iter().filter(|group| group.spellings.len() > 1) {
        let listed: Vec<String> = group
            .spellings
            .iter()
            .map(|(spelling, count)| {
                format!(
                    "\"{spelling}\" ({}, {})",
                    plural(*count, "row"),
                    where_first(spelling)
                )
            })
            .collect();
        warnings.push(format!(
            "warning: one group is written {} ways, counted as one: {}; write it one way",
            group.spellings.len(),
            listed.join(", ")
        ));
        tally.warnings += 1;
    }
    let rows = |group: &GroupNames| group.spellings.iter().map(|(_, count)| count).sum::<u64>();
    let keys: Vec<&str> = groups.iter().map(|group| group.key).collect();
    match look_alikes(&keys) {
        Some(pairs) => {
            for (group, other) in pairs.into_iter().map(|(a, b)| (&groups[a], &groups[b])) {
                warnings.push(format!(
                    "warning: groups \"{}\" ({}, {}) and \"{}\" ({}, {}) \
                     are spelt almost alike; if they are one group, write it one way",
                    group.name,
                    plural(rows(group), "row"),
                    where_first(&group.name),
                    other.name,
                    plural(rows(other), "row"),
                    where_first(&other.name)
                ));
                tally.warnings += 1;
            }
        }
        None => warnings.push(format!(
            "note: more than {MAX_COMPARED_GROUPS} groups, so names were not compared for look-alikes"
        )),
    }
    let (clients, contacts) = ledger.people_named();
    for (what, names) in [("clients", &clients), ("contacts", &contacts)] {
        let keys: Vec<String> = names.iter().map(|name| group_key(name)).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        for (a, b) in look_alikes(&keys).unwrap_or_default() {
            warnings.push(format!(
                "warning: {what} \"{}\" and \"{}\" are spelt almost alike; if they are one, \
                 write it one way",
                names[a], names[b]
            ));
            tally.warnings += 1;
        }
    }
    let logged: Vec<&str> = groups.iter().map(|group| group.name.as_str()).collect();
    let named = config.groups.iter().map(|(name, _)| name.as_str());
    for (name, closest) in unlogged(named, |key| ledger.has_group(key), &logged) {
        let hint = match closest {
            Some(closest) => format!("; the closest logged name is \"{closest}\""),
            None => String::new(),
        };
        warnings.push(format!(
            "warning: {}: the config has facts for group \"{name}\", but no row of the log names it{hint}",
            config
                .path
                .as_deref()
                .map(Path::display)
                .map(|p| p.to_string())
                .unwrap_or_default()
        ));
        tally.warnings += 1;
    }
    if let Some((input, line)) = future.first {
        warnings.push(format!(
            "warning: {} dated after today ({today}), the first at {}:{line}; a row counts once \
             its month is over, so check that its date is right",
            plural(future.rows, "row"),
            inputs[input].name()
        ));
        tally.warnings += 1;
    }
    for (name, facts) in &config.groups {
        let Some(cadence) = facts.cadence else {
            continue;
        };
        let key = group_key(name);
        if !ledger.has_group(&key) || facts.left.is_some_and(|left| left < Month::of(today)) {
            continue;
        }
        let unlogged = match last_meetings.get(&key).copied() {
            Some(last) if today > cadence.overdue_after(last) => {
                format!("no meeting logged for \"{name}\" since {last}")
            }
            Some(_) => continue,
            None => format!("no meeting logged for \"{name}\" yet"),
        };
        warnings.push(format!(
            "warning: {unlogged}; it meets {}: log the meetings since, or set left if you left it",
            cadence.name()
        ));
        tally.warnings += 1;
    }
    for set_aside in ledger.revenue_set_aside() {
        warnings.push(format!(
            "warning: {} {}, {}: {} of revenue {} is not counted; the {} {} counts for the \
             same client and month (revenue_from)",
            show_value(&set_aside.group),
            set_aside.month,
            show_value(&set_aside.client),
            decimal2(set_aside.amount.as_f64()),
            set_aside.kind.words(),
            decimal2(set_aside.counted_amount.as_f64()),
            set_aside.counted.words()
        ));
        tally.warnings += 1;
    }
    if !quiet {
        for line in &warnings {
            out.line(line)?;
        }
    }
    finish(out, &checked, &tally, Some(&ledger), quiet)
}
