//! `netaudit import`: a calendar's meetings, a time tracker's entries or a PALMS report's
//! figures added to the log as rows, each with the id of what it came from in the log's
//! `source` column, so that the same import run again adds nothing.

use super::append::{
    ExistingLog, NewRow, append_to, check_group_is_known, new_log, read_existing, target,
    with_new_column,
};
use super::shell_word;
use crate::activity::{Column, HAND_COLUMNS, parse_group};
use crate::cli::{ImportArgs, ImportSource};
use crate::config::{Config, GroupImport};
use crate::files::{LockedFile, Undo, create_new, same_existing_file};
use crate::messages::{self, show_value};
use crate::names::group_key;
use crate::period::Month;
use crate::sources::calendar::{self, zones::UserZone};
use crate::sources::imported::{Evidence, Item, decode_text};
use crate::sources::palms::{self, period_of_id};
use crate::sources::spreadsheet::{self, FileKind, MAX_SPREADSHEET_BYTES, SNIFFED_BYTES};
use crate::sources::trackers::{self, Tracker};
use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// What reading the files left out, for the summary.
#[derive(Default)]
struct Tally {
    cancelled: u64,
    declined: u64,
    all_day: u64,
    before: u64,
    after: u64,
    /// Items of a group dated after the month it was left, which a report would refuse.
    after_leaving: u64,
    unmatched: Vec<String>,
}

pub fn run(args: ImportArgs, config: &Config, today: NaiveDate, quiet: bool) -> Result<()> {
    let last = args.to.unwrap_or(today);
    if last > today {
        bail!("--to {last} is after today ({today}); netaudit imports what has happened");
    }
    if let Some(from) = args.from
        && from > last
    {
        bail!("--from {from} is after --to {last}; nothing could be imported");
    }
    let path = target(args.file.as_deref(), config, "import")?;
    let name = path.display().to_string();
    if let Some(input) = args
        .files
        .iter()
        .find(|file| same_existing_file(file, &path))
    {
        bail!(
            "{} is both a file to import and the log to add to; name the log with --file",
            input.display()
        );
    }
    let mut tally = Tally::default();
    let mut items = Vec::new();
    for file in &args.files {
        items.extend(read_file(&args, file, config, last, &mut tally)?);
    }
    items.retain(|item| {
        let after = item.date > last;
        let before = args.from.is_some_and(|from| item.date < from);
        tally.after += u64::from(after);
        tally.before += u64::from(before);
        !after && !before
    });
    let groups = Groups::new(args.group.as_deref(), config)?;
    let membership = config.membership();
    let left = |group: &str| membership.ends.get(&membership.key_of(group)).copied();
    let mut rows = Vec::new();
    let mut ids = HashSet::new();
    for item in &items {
        let Some((group, settings)) = groups.of(item)? else {
            tally.unmatched.push(item.label.clone());
            continue;
        };
        if left(&group).is_some_and(|left| Month::of(item.date) > left) {
            tally.after_leaving += 1;
            continue;
        }
        // The same file given twice, or one occurrence in two exports: one row.
        if ids.insert(item.id.clone()) {
            rows.push((row(item, &group, settings), item));
        }
    }
    let written = write(&path, &name, &rows, &args, config, quiet)?;
    if args.show_unmatched && !tally.unmatched.is_empty() {
        messages::note(format_args!(
            "{} item{} no group's `match` patterns fit:",
            tally.unmatched.len(),
            plural(tally.unmatched.len() as u64)
        ));
        for label in &tally.unmatched {
            messages::hint(format_args!("  {label}"));
        }
    }
    if !quiet {
        summarise(&name, &written, &tally, &args, last);
    }
    Ok(())
}

/// The items of one file.
fn read_file(
    args: &ImportArgs,
    path: &Path,
    config: &Config,
    last: NaiveDate,
    tally: &mut Tally,
) -> Result<Vec<Item>> {
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
    let tracker = |tracker: Tracker| -> Result<Vec<Item>> {
        let text = decode_text(&bytes, &name, config.format.encoding)?;
        trackers::read(tracker, &text, &name, config.format.day_first())
    };
    match args.source {
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
            tally.cancelled += dropped.cancelled;
            tally.declined += dropped.declined;
            tally.all_day += dropped.all_day;
            Ok(items)
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
            Ok(vec![palms::read(&sheet, &name, member, period)?])
        }
    }
}

/// Which group an item goes to: --group, else the config's `match` patterns.
struct Groups<'a> {
    fixed: Option<(String, GroupImport)>,
    patterns: Vec<(&'a str, &'a str, &'a GroupImport)>,
}

impl<'a> Groups<'a> {
    fn new(fixed: Option<&str>, config: &'a Config) -> Result<Groups<'a>> {
        let settings = |group: &str| {
            let key = group_key(group);
            (config.import.groups.iter())
                .find(|(name, _)| group_key(name) == key)
                .map(|(_, settings)| settings.clone())
                .unwrap_or_default()
        };
        let fixed = match fixed {
            Some(group) => {
                let group = parse_group(group).map_err(|expected| {
                    anyhow!("--group {}: expected {expected}", show_value(group))
                })?;
                let settings = settings(&group);
                Some((group, settings))
            }
            None => None,
        };
        let patterns: Vec<_> = (config.import.groups.iter())
            .flat_map(|(group, settings)| {
                (settings.patterns.iter())
                    .map(move |pattern| (group.as_str(), pattern.as_str(), settings))
            })
            .collect();
        if fixed.is_none() && patterns.is_empty() {
            bail!(
                "no group to import into: pass --group NAME, or give groups patterns in \
                 netaudit.toml, as in [groups.\"Harbor City BNI\"] match = [\"BNI Harbor*\"]"
            );
        }
        Ok(Groups { fixed, patterns })
    }

    fn of(&self, item: &Item) -> Result<Option<(String, &GroupImport)>> {
        if let Some((group, settings)) = &self.fixed {
            return Ok(Some((group.clone(), settings)));
        }
        let mut found: Option<(&str, &str, &GroupImport)> = None;
        for &(group, pattern, settings) in &self.patterns {
            if !item.texts.iter().any(|text| glob_matches(pattern, text)) {
                continue;
            }
            match found {
                Some((other, other_pattern, _)) if group_key(other) != group_key(group) => bail!(
                    "{} fits two groups: groups.\"{other}\" by {} and groups.\"{group}\" by {}; \
                     make one pattern narrower, or import with --group",
                    item.label,
                    show_value(other_pattern),
                    show_value(pattern)
                ),
                Some(_) => {}
                None => found = Some((group, pattern, settings)),
            }
        }
        Ok(found.map(|(group, _, settings)| (group.to_string(), settings)))
    }
}

/// Whether `text` is `pattern`, without regard to case: `*` stands for any characters,
/// `?` for one.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let (mut p, mut t) = (0, 0);
    // Where the last star was, and the text position it has swallowed up to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// The row an item makes in `group`, with the group's settings.
fn row(item: &Item, group: &str, settings: &GroupImport) -> NewRow {
    let (meetings, hours, leads, referrals_given) = match item.evidence {
        Evidence::Meeting { hours } => (1, hours + settings.travel_hours, 0, 0),
        Evidence::TimeEntry { hours } => (u64::from(settings.entries_are_meetings), hours, 0, 0),
        Evidence::Palms {
            meetings,
            one_to_ones,
            leads,
            referrals_given,
            ..
        } => {
            // Counts are at most MAX_COUNT and hours at most 24, so this cannot overflow.
            let hundredths = meetings as i64 * settings.meeting_hours.hundredths()
                + one_to_ones as i64 * settings.one_to_one_hours.hundredths();
            (
                meetings,
                crate::figures::Amount::from_hundredths(hundredths),
                leads,
                referrals_given,
            )
        }
    };
    let mut cells = vec![
        (Column::Date, item.date.format("%Y-%m-%d").to_string()),
        (Column::Group, group.to_string()),
    ];
    let figures = [
        (Column::Meetings, meetings, meetings.to_string()),
        (
            Column::Hours,
            hours.hundredths().unsigned_abs(),
            hours.as_cell(),
        ),
        (Column::Leads, leads, leads.to_string()),
        (
            Column::ReferralsGiven,
            referrals_given,
            referrals_given.to_string(),
        ),
    ];
    cells.extend(
        figures
            .into_iter()
            .filter(|(_, value, _)| *value > 0)
            .map(|(column, _, text)| (column, text)),
    );
    cells.push((Column::Source, item.id.clone()));
    NewRow {
        date: item.date,
        group: group.to_string(),
        cells,
        implied_meeting: false,
    }
}

/// Two PALMS periods of one group that overlap would count a meeting twice. Each group's
/// periods are sorted by their start, so that each is compared only with the one reaching
/// furthest before it: a log of 100,000 periods is checked in a blink, not in pairs.
fn check_periods_apart<'a>(imported: impl Iterator<Item = (&'a str, &'a str)>) -> Result<()> {
    let mut periods: BTreeMap<String, Vec<(NaiveDate, NaiveDate, &str)>> = BTreeMap::new();
    for (group, id) in imported {
        if let Some((from, to)) = period_of_id(id) {
            periods
                .entry(group_key(group))
                .or_default()
                .push((from, to, group));
        }
    }
    for mut group_periods in periods.into_values() {
        group_periods.sort_unstable();
        let mut furthest: Option<(NaiveDate, NaiveDate)> = None;
        for (from, to, group) in group_periods {
            if let Some((other_from, other_to)) = furthest
                && from <= other_to
            {
                bail!(
                    "the PALMS period {from} to {to} overlaps {other_from} to {other_to} for \
                     \"{group}\"; a meeting in both would count twice, so import reports of \
                     periods that do not overlap"
                );
            }
            if furthest.is_none_or(|(_, other_to)| to > other_to) {
                furthest = Some((from, to));
            }
        }
    }
    Ok(())
}

/// What was written, for the summary.
struct Written {
    added: usize,
    already: usize,
    dry_run: bool,
}

/// Adds the rows the log does not hold yet, under its lock: appended, or with the whole
/// log rewritten at once when it needs a source column; with --dry-run, printed instead.
fn write(
    path: &Path,
    name: &str,
    rows: &[(NewRow, &Item)],
    args: &ImportArgs,
    config: &Config,
    quiet: bool,
) -> Result<Written> {
    let known: Vec<&str> = config
        .groups
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let mut distinct: Vec<&str> = rows.iter().map(|(row, _)| row.group.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let format = &config.format;
    let missing = |column: Column| {
        anyhow!(
            "cannot import into {name}: its header has no \"{}\" column, which the imported \
             rows fill; add the column to the header row",
            column.name()
        )
    };
    loop {
        let opened =
            LockedFile::open(path).with_context(|| format!("cannot open {name} to add to it"))?;
        let existing = match &opened {
            Some(file) if !file.is_empty()? => Some(read_existing(file, name, format)?),
            _ => None,
        };
        if let Some(repair) = opened.as_ref().and_then(LockedFile::repair) {
            messages::note(repair);
        }
        let mut groups_known = known.clone();
        if let Some(log) = &existing {
            if log.problems > 0 {
                bail!(
                    "{name} has {} problem{} to fix before an import, which must read every row \
                     to know what is already there; netaudit check {} lists them",
                    log.problems,
                    plural(log.problems),
                    shell_word(name)
                );
            }
            groups_known.extend(log.groups.iter().map(String::as_str));
        }
        let (fresh, already) = new_rows(rows, existing.as_ref())?;
        for group in &distinct {
            if fresh.iter().any(|row| row.group == *group) {
                check_group_is_known(group, &groups_known, name, false, quiet)?;
            }
        }
        let written = Written {
            added: fresh.len(),
            already,
            dry_run: args.dry_run,
        };
        if fresh.is_empty() && !args.dry_run {
            return Ok(written);
        }
        let mut rewrite = false;
        let pending = match (&opened, existing) {
            (Some(file), Some(mut log)) => {
                if log.dialect.columns.contains(&Some(Column::Source)) {
                    append_to(file, &log, &fresh, name, &missing)?
                } else {
                    rewrite = true;
                    with_new_column(file, &mut log, Column::Source, &fresh, name, &missing)?
                }
            }
            _ => {
                let columns: Vec<Column> =
                    HAND_COLUMNS.into_iter().chain([Column::Source]).collect();
                new_log(&fresh, &columns, format, name)?
            }
        };
        if args.dry_run {
            let text = [pending.header.clone(), pending.rows.concat()].concat();
            super::print(super::shown_log_text(&text).as_bytes())?;
            return Ok(written);
        }
        let done = match opened {
            Some(file) if rewrite => file.replace(&pending.bytes),
            Some(file) => file.append(&pending.bytes, Undo::Forget),
            None => match create_new(path, &pending.bytes) {
                // Another netaudit created it a moment ago: add to that one instead.
                Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
                done => done,
            },
        };
        done.with_context(|| format!("cannot write to {name}"))?;
        return Ok(written);
    }
}

/// The rows whose ids the log does not hold yet, and how many it holds; a PALMS period
/// that overlaps another of the group's, in the log or among the new rows, is an error.
fn new_rows(rows: &[(NewRow, &Item)], log: Option<&ExistingLog>) -> Result<(Vec<NewRow>, usize)> {
    let held = |id: &str| log.is_some_and(|log| log.sources.contains_key(id));
    let (already, fresh): (Vec<_>, Vec<_>) = rows.iter().partition(|(_, item)| held(&item.id));
    let in_log = log.into_iter().flat_map(|log| &log.sources);
    let in_log = in_log.map(|(id, group)| (group.as_str(), id.as_str()));
    let new = (fresh.iter()).map(|(row, item)| (row.group.as_str(), item.id.as_str()));
    check_periods_apart(in_log.chain(new))?;
    let fresh = fresh.into_iter().map(|(row, _)| row.clone()).collect();
    Ok((fresh, already.len()))
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn summarise(name: &str, written: &Written, tally: &Tally, args: &ImportArgs, last: NaiveDate) {
    let added = if written.dry_run {
        format!("{} to add (--dry-run: nothing written)", written.added)
    } else {
        format!("{} added", written.added)
    };
    let mut line = format!(
        "{name}: {added}, {} already in the log, {} unmatched",
        written.already,
        tally.unmatched.len()
    );
    if !tally.unmatched.is_empty() && !args.show_unmatched {
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
    if !left_out.is_empty() {
        messages::note(format_args!("left out: {}", left_out.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn globs_match_whole_texts_without_case() {
        assert!(glob_matches("BNI Harbor*", "bni harbor city weekly"));
        assert!(glob_matches("*harbor city*", "Breakfast: Harbor City BNI"));
        assert!(glob_matches("Chamber ?ixer", "Chamber Mixer"));
        assert!(!glob_matches("BNI Harbor*", "Weekly BNI Harbor"));
        assert!(!glob_matches("Chamber", "Chamber Mixer"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("a*b*c", "aXbYbZ"));
    }
}
