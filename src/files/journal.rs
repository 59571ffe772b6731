//! The journal of an append: written before the rows, so that a run killed part way leaves
//! what the next run needs to finish the append or undo it, and the repair it then makes.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::{COPY_BYTES, beside};

/// What the next run found of an append that an earlier run did not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    /// Part of the rows was written; the file was cut back to its length before them.
    RolledBack { file: PathBuf, bytes: u64 },
    /// The file was changed by something else since, so it was left as it is.
    LeftAsItIs { file: PathBuf },
    /// A write over the file in place was cut short; it was finished from the new
    /// contents kept beside the file.
    RewriteFinished { file: PathBuf },
    /// A write over the file in place was cut short, and another file has its name now,
    /// which was left as it is.
    RewriteLeft { file: PathBuf },
    /// A write over the file in place was cut short, and the new contents kept beside it
    /// are gone or changed, so it could not be finished.
    RewriteLost { file: PathBuf },
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::RolledBack { file, bytes } => write!(
                f,
                "{}: an earlier netaudit was stopped while adding a row; the {bytes} bytes it \
                 had written were removed, so the file is as it was before that run",
                file.display()
            ),
            Repair::LeftAsItIs { file } => write!(
                f,
                "{}: an earlier netaudit was stopped while adding a row, and the file has been \
                 changed since, so it was left as it is; netaudit check shows any problem",
                file.display()
            ),
            Repair::RewriteFinished { file } => write!(
                f,
                "{}: an earlier netaudit was stopped while writing the file over in place (it \
                 has other hard links, or another owner); the new contents it had kept whole \
                 beside it were written in full now, so the file is as that run left it done",
                file.display()
            ),
            Repair::RewriteLeft { file } => write!(
                f,
                "{}: an earlier netaudit was stopped while writing the file over in place, and \
                 another file has been put in its place since, so it was left as it is; its \
                 other hard links may hold half of that write; netaudit check shows any problem",
                file.display()
            ),
            Repair::RewriteLost { file } => write!(
                f,
                "{}: an earlier netaudit was stopped while writing the file over in place, and \
                 the new contents it had kept beside it are gone or changed, so the write \
                 could not be finished and the file may be half-written; netaudit check shows \
                 any problem",
                file.display()
            ),
        }
    }
}

/// The journal's first line; then the file's length before the append, the length of the
/// rows, and the rows.
pub(super) const JOURNAL_MAGIC: &str = "netaudit append journal 1";

pub(super) fn journal_bytes(length: u64, rows: &[u8]) -> Vec<u8> {
    let mut bytes = journal_head(length, rows.len() as u64);
    bytes.extend_from_slice(rows);
    bytes
}

/// A journal's lines before its rows.
pub(super) fn journal_head(length: u64, rows: u64) -> Vec<u8> {
    format!("{JOURNAL_MAGIC}\n{length}\n{rows}\n").into_bytes()
}

/// What a journal's head says: the file's old length, the rows' length and where they
/// begin in the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct JournalHead {
    pub(super) old: u64,
    pub(super) rows: u64,
    pub(super) rows_at: u64,
}

/// The most bytes a journal's head takes: its first line and two numbers.
pub(super) const MAX_JOURNAL_HEAD_BYTES: usize = JOURNAL_MAGIC.len() + 2 * 20 + 3;

/// The head at the start of `journal`; `None` when it is not whole.
pub(super) fn parse_journal_head(journal: &[u8]) -> Option<JournalHead> {
    let mut parts = journal.splitn(4, |&byte| byte == b'\n');
    if parts.next()? != JOURNAL_MAGIC.as_bytes() {
        return None;
    }
    let number = |part: &[u8]| std::str::from_utf8(part).ok()?.parse::<u64>().ok();
    let old = number(parts.next()?)?;
    let rows = number(parts.next()?)?;
    let rows_at = journal.len() - parts.next()?.len();
    Some(JournalHead {
        old,
        rows,
        rows_at: rows_at as u64,
    })
}

/// The old length and the rows a journal holds; `None` when the journal is incomplete, as
/// when the run was killed while writing it, before it appended anything.
pub(super) fn parse_journal(journal: &[u8]) -> Option<(u64, &[u8])> {
    let head = parse_journal_head(journal)?;
    let rows = &journal[usize::try_from(head.rows_at).ok()?..];
    (rows.len() as u64 == head.rows).then_some((head.old, rows))
}

/// The head of the journal file, when the journal is whole: an import's may hold
/// hundreds of megabytes of rows, so it is not read into memory.
pub(super) fn whole_journal(journal: &File) -> io::Result<Option<JournalHead>> {
    let mut start = [0; MAX_JOURNAL_HEAD_BYTES];
    let length = journal.metadata()?.len();
    let read = usize::try_from(length).map_or(start.len(), |n| n.min(start.len()));
    journal.read_exact_at(&mut start[..read], 0)?;
    Ok(parse_journal_head(&start[..read])
        .filter(|head| head.rows_at.checked_add(head.rows) == Some(length)))
}

/// Whether `a`'s `length` bytes from `a_at` are `b`'s from `b_at`, compared a piece at a
/// time.
pub(super) fn same_bytes(
    a: &File,
    a_at: u64,
    b: &File,
    b_at: u64,
    length: u64,
) -> io::Result<bool> {
    let piece = usize::try_from(length).map_or(COPY_BYTES, |n| n.min(COPY_BYTES));
    let (mut x, mut y) = (vec![0; piece], vec![0; piece]);
    let mut done = 0;
    while done < length {
        let want = usize::try_from(length - done).map_or(piece, |left| left.min(piece));
        a.read_exact_at(&mut x[..want], a_at + done)?;
        b.read_exact_at(&mut y[..want], b_at + done)?;
        if x[..want] != y[..want] {
            return Ok(false);
        }
        done += want as u64;
    }
    Ok(true)
}

/// Finishes what a journal beside `file` describes, under the exclusive lock: an append
/// found whole is kept; one found part-written is cut off; a file changed since is left.
pub(super) fn recover(file: &File, real: &Path) -> io::Result<Option<Repair>> {
    let journal_path = beside(real, "journal")?;
    let journal = match File::open(&journal_path) {
        Ok(journal) => journal,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let repair = match whole_journal(&journal)? {
        None => None,
        Some(head) => {
            let now = file.metadata()?.len();
            let written = now.saturating_sub(head.old);
            if now < head.old
                || written > head.rows
                || !same_bytes(file, head.old, &journal, head.rows_at, written)?
            {
                Some(Repair::LeftAsItIs {
                    file: real.to_path_buf(),
                })
            } else if written == head.rows || written == 0 {
                None
            } else {
                file.set_len(head.old)?;
                file.sync_all()?;
                Some(Repair::RolledBack {
                    file: real.to_path_buf(),
                    bytes: written,
                })
            }
        }
    };
    fs::remove_file(&journal_path)?;
    Ok(repair)
}
