//! An import's rows written to the log under its lock: those it holds already left out
//! (or moved to the date the import gives them), appended, or the whole log rewritten
//! with a source column, all or nothing.

use super::already_logged::{Absorbed, absorb};
use super::plural;
use super::rows::{Imported, filled_columns};
use crate::activity::{Column, HAND_COLUMNS};
use crate::cli::ImportArgs;
use crate::cmd::log_file::check_group_is_known;
use crate::cmd::terminal::StdoutLines;
use crate::config::Config;
use crate::files::{LockedFile, Summed, Undo, create_new_with, keep_import_undo};
use crate::messages::shell_word;
use crate::messages::{self};
use crate::names::group_key;
use crate::sources::SourceKind;
use crate::sources::csv_log::rewrite::{
    WholeText, edit_cells, quoted_cell, same_rows, unquoted, with_new_columns,
};
use crate::sources::csv_log::writer::{ExistingLog, append_to, new_log, read_existing};
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// What was written, for the summary.
pub(super) struct Written {
    pub(super) added: usize,
    pub(super) already: usize,
    /// What the log's rows typed by hand or from other sources already held.
    pub(super) absorbed: Absorbed,
    /// Rows the log holds under another date than the import gives: id, the log's date
    /// and the import's; `moved` when --redate moved them.
    pub(super) redated: Vec<(String, NaiveDate, NaiveDate)>,
    pub(super) moved: bool,
    pub(super) dry_run: bool,
}

/// Adds the rows the log does not hold yet, under its lock: appended, or with the whole
/// log rewritten at once when it needs a source column; with --dry-run, printed instead,
/// under a new log's header when there is no log (`path` is `None` only then).
pub(super) fn write(
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
                Some(read_existing(file, name, format, &groups, false)?)
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
        let filled = filled_columns(&rows);
        let pending = match (&opened, existing) {
            (Some(file), Some(mut log)) => {
                let lacking: Vec<Column> = (filled.iter().copied())
                    .filter(|column| !log.dialect.columns.contains(&Some(*column)))
                    .collect();
                if lacking.is_empty() {
                    append_to(file, &log, fresh, name, &missing)?
                } else {
                    rewrite = true;
                    with_new_columns(file, &mut log, &lacking, fresh, name, &missing)?
                }
            }
            _ => {
                let added = filled
                    .iter()
                    .filter(|column| !HAND_COLUMNS.contains(column));
                let columns: Vec<Column> = HAND_COLUMNS.iter().chain(added).copied().collect();
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
            let mut out = StdoutLines::new();
            pending.each_text(&mut |text| out.log_text(text))?;
            out.flush()?;
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
pub(super) fn redate(
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
/// that overlaps another of the group's, or slips of the group, in the log or among the new
/// rows, is an error.
pub(super) fn new_rows(
    rows: &mut Vec<Imported>,
    log: Option<&ExistingLog>,
    redated: &mut Vec<(String, NaiveDate, NaiveDate)>,
) -> Result<usize> {
    let before = rows.len();
    super::changes::later_states(rows, log);
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
    super::overlap::check(rows, log)?;
    Ok(before - rows.len())
}
