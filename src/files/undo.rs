//! The records `log --undo` and `import --undo` read: what the last append or import wrote,
//! kept beside the file until another write makes it stale.

use super::journal::journal_bytes;
use super::{Destination, beside, destination, sync_folder};
use std::fs;
use std::io;
use std::path::Path;

/// Removes the records of the last `log` and the last import: after any other write, the
/// file's end is no longer what they describe.
pub(super) fn forget_undo(path: &Path) -> io::Result<()> {
    remove_if_there(&beside(path, "undo")?)?;
    remove_if_there(&beside(path, "undo-import")?)
}

pub(super) fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Keeps the record that `log --undo` reads for a file just created with `contents`, whose
/// last `rows` bytes are the row added: the first row can be taken back as a later one.
pub fn keep_undo(path: &Path, contents: &[u8], rows: usize) -> io::Result<()> {
    match destination(path)? {
        Destination::File(real) => write_undo(&real, contents, rows),
        Destination::Stream(_) => Ok(()),
    }
}

/// Writes the record of an append beside `real`, whose `contents` end with the `rows`
/// bytes appended, as the journal of that append would have held it.
pub(super) fn write_undo(real: &Path, contents: &[u8], rows: usize) -> io::Result<()> {
    let start = contents.len().saturating_sub(rows);
    fs::write(
        beside(real, "undo")?,
        journal_bytes(start as u64, &contents[start..]),
    )
}

/// Whether an append keeps its journal as the record that `log --undo` reads (`Keep`),
/// or that `import --undo` reads (`KeepImport`): each command takes back only its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undo {
    Keep,
    KeepImport,
    Forget,
}

/// The first line of the record of an import that wrote the whole file (a new log, or one
/// that gained its `source` column); then whether it `created` the file or `rewrote` it,
/// the new length, its CRC-32, and for a rewrite the old contents.
pub(super) const IMPORT_UNDO_MAGIC: &str = "netaudit import undo 1";

/// Keeps beside `path`'s file the record `import --undo` reads of an import that wrote the
/// whole file, `new_length` bytes of CRC-32 `new_checksum`: `old` is what it held before,
/// `None` when the import created it.
pub fn keep_import_undo(
    path: &Path,
    old: Option<&[u8]>,
    new_length: u64,
    new_checksum: u32,
) -> io::Result<()> {
    let Destination::File(real) = destination(path)? else {
        return Ok(());
    };
    let how = if old.is_some() { "rewrote" } else { "created" };
    let mut record =
        format!("{IMPORT_UNDO_MAGIC}\n{how}\n{new_length}\n{new_checksum}\n").into_bytes();
    record.extend_from_slice(old.unwrap_or_default());
    let record_path = beside(&real, "undo-import")?;
    fs::write(&record_path, record)?;
    sync_folder(&record_path);
    Ok(())
}

/// What `import --undo` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undone {
    /// Cut the file back by this many bytes, the rows the import appended.
    Appended(u64),
    /// Put back the file as it was before the import added its `source` column.
    Restored,
    /// Removed the file the import created.
    Removed,
}

/// What the head of an import's undo record says: whether the import created the file,
/// the length and CRC-32 it left, and where the old contents begin.
pub(super) fn parse_import_undo(start: &[u8]) -> Option<(bool, u64, u32, u64)> {
    let mut parts = start.splitn(5, |&byte| byte == b'\n');
    if parts.next()? != IMPORT_UNDO_MAGIC.as_bytes() {
        return None;
    }
    let created = match parts.next()? {
        b"created" => true,
        b"rewrote" => false,
        _ => return None,
    };
    let text = |part: &[u8]| std::str::from_utf8(part).ok().map(str::to_string);
    let length = text(parts.next()?)?.parse().ok()?;
    let checksum = text(parts.next()?)?.parse().ok()?;
    let old_at = start.len() - parts.next()?.len();
    Some((created, length, checksum, old_at as u64))
}
