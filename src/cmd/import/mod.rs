//! `netaudit import`: a calendar's meetings, a time tracker's entries or a PALMS report's
//! figures added to the log as rows, each with the id of what it came from in the log's
//! `source` column, so that the same import run again adds nothing.

mod already_logged;
mod rows;

use super::Context;
use super::append::{
    ExistingLog, WholeText, append_to, check_group_is_known, edit_cells, new_log, quoted_cell,
    read_existing, same_rows, target, unquoted, with_new_column,
};
use super::terminal::shell_word;
use crate::activity::{Column, HAND_COLUMNS, parse_group};
use crate::cli::{DateOrder, ImportArgs, ImportSource};
use crate::config::{Config, GroupImport};
use crate::exit::ExitStatus;
use crate::files::{
    LockedFile, Summed, Undo, Undone, create_new_with, keep_import_undo, same_existing_file,
};
use crate::messages::{self, show_value};
use crate::names::group_key;
use crate::period::Month;
use crate::sources::SourceKind;
use crate::sources::calendar::{self, zones::UserZone};
use crate::sources::imported::{Dropped, Item, decode_text};
use crate::sources::palms::{self, period_of_id};
use crate::sources::spreadsheet::{self, FileKind, MAX_SPREADSHEET_BYTES, SNIFFED_BYTES};
use crate::sources::trackers::{self, Tracker};
use already_logged::{Absorbed, absorb};
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use rows::Imported;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// The most rows one import adds, from all its files: each file's own bounds (a
/// calendar's occurrences, a file's size) do not bound many files together. Each row is
/// kept, about 150 bytes, until all are written.
const MAX_IMPORT_ROWS: usize = 500_000;

/// What reading the files left out, for the summary.
#[derive(Default)]
struct LeftOut {
    cancelled: u64,
    declined: u64,
    all_day: u64,
    before: u64,
    after: u64,
    /// Items of a group dated after the month it was left, which a report would refuse.
    after_leaving: u64,
    /// Calendar events whose rule netaudit does not follow, named.
    unfollowed: Vec<String>,
    /// Time entries of no length.
    no_length: u64,
    unmatched: u64,
    /// The unmatched items' labels, kept only for --show-unmatched, and at most
    /// [`MAX_IMPORT_ROWS`] of them.
    unmatched_labels: Vec<String>,
}

pub fn run(args: ImportArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    import(args, config, context.today, context.quiet).map(|()| ExitStatus::Done)
}

/// [`run`]: the rows added, under the lock, all or none; or with --undo, taken back.
fn import(args: ImportArgs, config: &Config, today: NaiveDate, quiet: bool) -> Result<()> {
    let source = match (args.undo, args.source) {
        (true, _) => return undo(&args, config, quiet),
        (false, Some(source)) => source,
        (false, None) => bail!(
            "say what wrote the files: netaudit import calendar|toggl|clockify|harvest|palms \
             FILE..."
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
    let groups = Groups::new(args.group.as_deref(), config)?;
    let membership = config.membership();
    let left = |group: &str| membership.ends.get(&membership.key_of(group)).copied();
    let mut tally = LeftOut::default();
    // Each item becomes a row as it is read, so that no item is kept.
    let mut rows = Vec::new();
    for file in &args.files {
        let dropped = read_file(&args, source, file, config, last, &mut |item| {
            let after = item.date > last;
            let before = args.from.is_some_and(|from| item.date < from);
            tally.after += u64::from(after);
            tally.before += u64::from(before);
            if after || before {
                return Ok(());
            }
            let Some((group, settings)) = groups.of(&item)? else {
                tally.unmatched += 1;
                if args.show_unmatched && tally.unmatched_labels.len() < MAX_IMPORT_ROWS {
                    tally.unmatched_labels.push(item.label());
                }
                return Ok(());
            };
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
            rows.push(Imported::new(item, group, settings));
            Ok(())
        })?;
        tally.cancelled += dropped.cancelled;
        tally.declined += dropped.declined;
        tally.all_day += dropped.all_day;
        tally.unfollowed.extend(dropped.unfollowed);
        tally.no_length += dropped.no_length;
    }
    // The same file given twice, or one occurrence in two exports: one row.
    let mut seen = HashSet::with_capacity(rows.len());
    let first: Vec<bool> = rows.iter().map(|row| seen.insert(&row.id)).collect();
    drop(seen);
    let mut first = first.into_iter();
    rows.retain(|_| first.next().unwrap_or(true));
    let kind = match source {
        ImportSource::Calendar => SourceKind::Calendar,
        ImportSource::Toggl => SourceKind::Tracker(Tracker::Toggl),
        ImportSource::Clockify => SourceKind::Tracker(Tracker::Clockify),
        ImportSource::Harvest => SourceKind::Tracker(Tracker::Harvest),
        ImportSource::Palms => SourceKind::Palms,
    };
    let written = write(path.as_deref(), &name, rows, kind, &args, config, quiet)?;
    if !tally.unmatched_labels.is_empty() {
        messages::note(format_args!(
            "{} item{} no group's `match` patterns fit:",
            tally.unmatched,
            plural(tally.unmatched)
        ));
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
    if args.show_unmatched && !logged.is_empty() {
        messages::note(format_args!(
            "{} item{} the log already holds by hand or from another source:",
            logged.len(),
            plural(logged.len() as u64)
        ));
        for label in logged {
            messages::hint(format_args!("  {label}"));
        }
    }
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
                 the source column the import gave it"
            ),
            Undone::Removed => {
                format!("took the last import back: removed {name}, which it had created")
            }
        });
    }
    Ok(())
}

/// Gives each item of one file to `each`; what a calendar leaves out is counted.
fn read_file(
    args: &ImportArgs,
    source: ImportSource,
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
            day_first: args.date_order.map(|order| order == DateOrder::Dmy),
            decimal: config.format.decimal,
        };
        trackers::read(tracker, &text, &name, forms, each)
    };
    match source {
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

    fn of(&self, item: &Item) -> Result<Option<(&str, &GroupImport)>> {
        if let Some((group, settings)) = &self.fixed {
            return Ok(Some((group, settings)));
        }
        let mut found: Option<(&str, &str, &GroupImport)> = None;
        for &(group, pattern, settings) in &self.patterns {
            if !item
                .about
                .texts
                .iter()
                .any(|text| glob_matches(pattern, text))
            {
                continue;
            }
            match found {
                Some((other, other_pattern, _)) if group_key(other) != group_key(group) => bail!(
                    "{} fits two groups: groups.\"{other}\" by {} and groups.\"{group}\" by {}; \
                     make one pattern narrower, or import with --group",
                    item.label(),
                    show_value(other_pattern),
                    show_value(pattern)
                ),
                Some(_) => {}
                None => found = Some((group, pattern, settings)),
            }
        }
        Ok(found.map(|(group, _, settings)| (group, settings)))
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

/// Two PALMS periods of one group that overlap would count a meeting twice. Each group's
/// periods are sorted by their start, so that each is compared only with the one reaching
/// furthest before it: a log of 100,000 periods is checked in a blink, not in pairs.
fn check_periods_apart<'a>(
    imported: impl Iterator<Item = (&'a str, (NaiveDate, NaiveDate))>,
) -> Result<()> {
    let mut periods: BTreeMap<String, Vec<(NaiveDate, NaiveDate, &str)>> = BTreeMap::new();
    for (group, (from, to)) in imported {
        periods
            .entry(group_key(group))
            .or_default()
            .push((from, to, group));
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
    /// What the log's rows typed by hand or from other sources already held.
    absorbed: Absorbed,
    /// Rows the log holds under another date than the import gives: id, the log's date
    /// and the import's; `moved` when --redate moved them.
    redated: Vec<(String, NaiveDate, NaiveDate)>,
    moved: bool,
    dry_run: bool,
}

/// Adds the rows the log does not hold yet, under its lock: appended, or with the whole
/// log rewritten at once when it needs a source column; with --dry-run, printed instead,
/// under a new log's header when there is no log (`path` is `None` only then).
fn write(
    path: Option<&Path>,
    name: &str,
    mut rows: Vec<Imported>,
    kind: SourceKind,
    args: &ImportArgs,
    config: &Config,
    quiet: bool,
) -> Result<Written> {
    let known: Vec<&str> = config
        .groups
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let format = &config.format;
    // Counted over every try: a try that meets a log created a moment ago, or one after
    // --redate moved rows, tries again.
    let mut already = 0;
    let mut absorbed = Absorbed::default();
    let mut redated = Vec::new();
    let mut moved = false;
    let missing = |column: Column| {
        anyhow!(
            "cannot import into {name}: its header has no \"{}\" column, which the imported \
             rows fill; add the column to the header row",
            column.name()
        )
    };
    loop {
        let opened = match path {
            Some(path) => LockedFile::open(path)
                .with_context(|| format!("cannot open {name} to add to it"))?,
            None => None,
        };
        let existing = match &opened {
            Some(file) if !file.is_empty()? => {
                let groups: HashSet<String> = rows.iter().map(|row| group_key(row.group)).collect();
                Some(read_existing(file, name, format, &groups)?)
            }
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
        let first_redated = redated.len();
        already += new_rows(&mut rows, existing.as_ref(), &mut redated)?;
        if args.redate && !args.dry_run && redated.len() > first_redated {
            // Only a log's rows have dates to move.
            let (Some(file), Some(log)) = (opened, &existing) else {
                bail!("cannot move rows to their dates in {name}: it has no rows");
            };
            redate(file, log, &redated[first_redated..], name)?;
            moved = true;
            continue;
        }
        if let Some(log) = &existing
            && !args.even_if_logged
        {
            let now = absorb(&mut rows, &log.held, kind);
            absorbed.left_out.extend(now.left_out);
            absorbed.by_hand += now.by_hand;
            absorbed.cut += now.cut;
        }
        let distinct: BTreeSet<&str> = rows.iter().map(|row| row.group).collect();
        for group in distinct {
            check_group_is_known(group, &groups_known, name, false, quiet)?;
        }
        if rows.is_empty() && !args.dry_run {
            return Ok(Written {
                added: 0,
                already,
                absorbed,
                redated,
                moved,
                dry_run: false,
            });
        }
        let mut rewrite = false;
        let fresh = rows.iter().map(Imported::new_row);
        let pending = match (&opened, existing) {
            (Some(file), Some(mut log)) => {
                if log.dialect.columns.contains(&Some(Column::Source)) {
                    append_to(file, &log, fresh, name, &missing)?
                } else {
                    rewrite = true;
                    with_new_column(file, &mut log, Column::Source, fresh, name, &missing)?
                }
            }
            _ => {
                let columns: Vec<Column> =
                    HAND_COLUMNS.into_iter().chain([Column::Source]).collect();
                new_log(fresh, &columns, format, name)?
            }
        };
        let written = |absorbed, redated| Written {
            added: rows.len(),
            already,
            absorbed,
            redated,
            moved,
            dry_run: args.dry_run,
        };
        if args.dry_run {
            pending.show()?;
            return Ok(written(absorbed, redated));
        }
        // The new contents' CRC-32, taken as they are written, for the record of a write of
        // the whole file.
        let checksum = Cell::new(0);
        let write = &mut |out: &mut dyn std::io::Write| {
            let mut summed = Summed::new(out);
            pending.write_to(&mut summed)?;
            checksum.set(summed.sum());
            Ok(())
        };
        // What `import --undo` reads: the rows appended, or the file as it was.
        let whole = |old: Option<&[u8]>| -> Result<()> {
            let path = path.context("no log to write to")?;
            keep_import_undo(path, old, pending.length, checksum.get())
                .with_context(|| format!("cannot keep a record of the import to {name}"))
        };
        match opened {
            Some(file) if rewrite => {
                let mut old = Vec::new();
                file.reader()?.read_to_end(&mut old)?;
                (file.replace_with(write)).with_context(|| format!("cannot write to {name}"))?;
                whole(Some(&old))?;
            }
            Some(file) => (file.append_with(pending.length, write, Undo::KeepImport))
                .with_context(|| format!("cannot write to {name}"))?,
            None => match create_new_with(path.context("no log to write to")?, write) {
                // Another netaudit created it a moment ago: add to that one instead.
                Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
                done => {
                    done.with_context(|| format!("cannot write to {name}"))?;
                    whole(None)?;
                }
            },
        }
        return Ok(written(absorbed, redated));
    }
}

/// Moves each row of `redated` (id, the log's date, the import's) to the import's date,
/// rewriting the whole log at once as `rename` does: every other byte kept, the rows read
/// back from the new text as they were but for their dates.
fn redate(
    file: LockedFile,
    log: &ExistingLog,
    redated: &[(String, NaiveDate, NaiveDate)],
    name: &str,
) -> Result<()> {
    let refuse = |why: &str| anyhow!("cannot move rows to their dates in {name}: {why}");
    let moves: HashMap<&str, NaiveDate> = (redated.iter())
        .map(|(id, _, to)| (id.as_str(), *to))
        .collect();
    let at = |wanted: Column| (log.dialect.columns.iter()).position(|c| *c == Some(wanted));
    let (Some(date_at), Some(source_at)) = (at(Column::Date), at(Column::Source)) else {
        return Err(refuse("it has no date or source column"));
    };
    let delimiter = char::from(log.dialect.delimiter);
    let whole = WholeText::read(&file, log, &refuse, "import without --redate")?;
    let (text, _) = edit_cells(&whole.text, delimiter, &mut |fields| {
        let id = unquoted(fields.get(source_at)?);
        let to = moves.get(id.as_str())?;
        Some((date_at, quoted_cell(&log.dialect.date_text(*to), delimiter)))
    });
    same_rows(&whole.text, &text, name, &log.options, &|row| {
        if let Some(to) = moves.get(row.source.as_str()) {
            row.date = *to;
        }
    })
    .map_err(|why| refuse(&format!("{why}; nothing was written")))?;
    let bytes = whole.encode(&text, &log.dialect, &format!("cannot write {name}"))?;
    file.replace(&bytes)
        .with_context(|| format!("cannot write {name}"))
}

/// Leaves out the rows whose ids the log holds, and says how many; those it holds under
/// another date are added to `redated` (id, the log's date, the import's). A PALMS period
/// that overlaps another of the group's, in the log or among the new rows, is an error.
fn new_rows(
    rows: &mut Vec<Imported>,
    log: Option<&ExistingLog>,
    redated: &mut Vec<(String, NaiveDate, NaiveDate)>,
) -> Result<usize> {
    let before = rows.len();
    if let Some(log) = log {
        rows.retain(|row| {
            let id = row.id.text();
            let Some(&date) = log.sources.get(&*id) else {
                return true;
            };
            if date != row.date {
                redated.push((id.into_owned(), date, row.date));
            }
            false
        });
    }
    let in_log = log.into_iter().flat_map(|log| &log.periods);
    let in_log = in_log.map(|(group, from, to)| (group.as_str(), (*from, *to)));
    let new = (rows.iter()).filter_map(|row| Some((row.group, period_of_id(&row.id.text())?)));
    check_periods_apart(in_log.chain(new))?;
    Ok(before - rows.len())
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn summarise(name: &str, written: &Written, tally: &LeftOut, args: &ImportArgs, last: NaiveDate) {
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
