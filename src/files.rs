//! Writing to the user's files so that nothing they own is damaged, whatever stops netaudit
//! part way and whatever else runs at the same moment.
//!
//! - A path is followed through its symbolic links to the file they end at, which is the
//!   one written: a link stays a link. A FIFO, a device or a process's descriptor
//!   (`/dev/stdout`) is written straight through, as standard output is. A folder is refused.
//! - A file is replaced by writing the new contents whole to a temporary file beside it
//!   (`.NAME.netaudit-tmp`), syncing it, giving it the old file's owner, group and mode, and
//!   renaming it over the old one: whoever opens the file finds the old contents or the
//!   new, never a mix.
//! - A file with other hard links, or one owned by someone netaudit cannot give a file to,
//!   is written over in place instead, so the links and the owner stay, and that write is
//!   journaled: the temporary file is synced, then a record of it (`.NAME.netaudit-rewrite`:
//!   the file's identity, the new length and checksum), and only then is the file written
//!   over. If netaudit is killed or the power fails part way, the next netaudit to open the
//!   file finds the record and finishes the write from the temporary file, so the file is
//!   the old one (no record yet) or the new one, never a mix, by the time netaudit reads it.
//! - A new file is created the same way and linked into place only if nothing is there yet.
//! - Rows are appended under an exclusive lock that every netaudit takes, after writing the
//!   file's old length and the rows to a journal beside it (`.NAME.netaudit-journal`), from
//!   which they are copied to the file, so that a large import is never in memory whole. If
//!   netaudit is killed or the power fails part way, the next netaudit to open the file
//!   finds the journal and cuts the file back to its old length, so a row is whole or not
//!   there at all. Ctrl-C (SIGINT, SIGTERM, SIGHUP) waits until the write is finished.
//! - Readers take a shared lock, so they never see a row half-appended.
//!
//! - `log` keeps the row it appended beside the file (`.NAME.netaudit-undo`, the journal of
//!   that append, kept), so that `log --undo` can tell its own row from any other and take
//!   it back. Any other write to the file removes it.
//!
//! A temporary file or journal that a killed run left behind is taken over and removed by
//! the next run that writes the same file. No message names one: errors name the user's file.

mod journal;

mod rewrite;

mod undo;

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::signals::HeldSignals;
pub use journal::Repair;
use journal::{journal_head, parse_journal, recover, same_bytes, whole_journal};
pub use rewrite::{Rewrite, Summed, Writer};
use rewrite::{checksum_of, copy_range, finish_rewrite, write_counted};
use undo::{IMPORT_UNDO_MAGIC, forget_undo, parse_import_undo, remove_if_there, write_undo};
pub use undo::{Undo, Undone, keep_import_undo, keep_undo};

/// How many symbolic links a path may pass through before it is taken for a loop (Linux's
/// own limit).
const MAX_LINKS: usize = 40;

/// The longest first line read when adding rows under a header.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Where a write to a path the user named lands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A regular file, existing or to be created, at the end of any symbolic links.
    File(PathBuf),
    /// A FIFO, a device, a socket or a process's descriptor: written straight through.
    Stream(PathBuf),
}

fn folder() -> io::Error {
    io::Error::new(io::ErrorKind::IsADirectory, "it is a folder; name a file")
}

/// Follows `path` through its symbolic links. A link to nothing leads to the file to
/// create; a folder (or a name ending in `/`) is an error.
pub fn destination(path: &Path) -> io::Result<Destination> {
    let text = path.as_os_str().as_bytes();
    if text.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the file name is empty",
        ));
    }
    if text.ends_with(b"/") {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "the name ends with /, so it is a folder; name a file",
        ));
    }
    // The kernel's own links under /dev and /proc (`/dev/stdout` is `/proc/self/fd/1`,
    // which may be `pipe:[1234]`) lead to no path that could be renamed over.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => Err(folder()),
            _ => Ok(Destination::Stream(path.to_path_buf())),
        };
    }
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let metadata = match fs::symlink_metadata(&current) {
            Ok(metadata) => metadata,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok(Destination::File(current));
            }
            Err(err) => return Err(err),
        };
        let kind = metadata.file_type();
        if kind.is_symlink() {
            let target = fs::read_link(&current)?;
            current = current.parent().unwrap_or(Path::new("")).join(target);
        } else if kind.is_dir() || current.file_name().is_none() {
            return Err(folder());
        } else if kind.is_file() {
            return Ok(Destination::File(current));
        } else {
            return Ok(Destination::Stream(current));
        }
    }
    Err(io::Error::other(format!(
        "{} passes through more than {MAX_LINKS} symbolic links; is there a loop?",
        path.display()
    )))
}

/// The path of netaudit's own `kind` of file beside `file`: `.NAME.netaudit-KIND`.
fn beside(file: &Path, kind: &str) -> io::Result<PathBuf> {
    let name = file.file_name().ok_or_else(folder)?;
    let mut own = std::ffi::OsString::from(".");
    own.push(name);
    own.push(format!(".netaudit-{kind}"));
    Ok(file.with_file_name(own))
}

/// Whether `file` is the one `path` names now.
fn is_at(file: &File, path: &Path) -> io::Result<bool> {
    let here = file.metadata()?;
    match fs::metadata(path) {
        Ok(there) => Ok(same_file(&here, &there)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Whether two files' metadata are of one file (hard links and links included).
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Whether two paths both name one existing file, through links, hard links and `./`.
pub fn same_existing_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => same_file(&a, &b),
        _ => false,
    }
}

/// Syncs a folder, so that a rename or a new name in it survives a power cut. Some file
/// systems cannot sync a folder; the write itself has succeeded there, so that is no error.
fn sync_folder(file: &Path) {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// Replaces whatever `path` leads to with `contents`, all at once (see the module's notes).
/// Returns what was found of a write over the file in place that an earlier run did not
/// finish, finished before this one began.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<Option<Repair>> {
    match destination(path)? {
        Destination::Stream(stream) => write_through(&stream, contents).map(|()| None),
        Destination::File(file) => replace_file(&file, contents),
    }
}

fn write_through(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut stream = OpenOptions::new().write(true).open(path)?;
    stream.write_all(contents)?;
    stream.flush()
}

fn replace_file(path: &Path, contents: &[u8]) -> io::Result<Option<Repair>> {
    // A netaudit appending to the old file finishes before it is replaced; one waiting
    // for the lock then sees that the file was replaced, and appends to the new one.
    let _appenders_wait = match fs::metadata(path) {
        Ok(_) => lock_if_readable(path)?,
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    let repair = finish_rewrite(path)?;
    let mut rewrite = Rewrite::begin(path)?;
    rewrite.write_all(contents)?;
    rewrite.finish()?;
    Ok(repair)
}

/// How much of a file is copied at a time.
const COPY_BYTES: usize = 1 << 20;

/// Removes the journal of an append to `path` that a killed run left unfinished, and the
/// record of the last row `log` appended: the file has just been written whole, so
/// neither describes it.
fn forget_journal(path: &Path) -> io::Result<()> {
    remove_if_there(&beside(path, "journal")?)?;
    forget_undo(path)
}

/// Removes netaudit's temporary name from `path`'s file when the two are one file: a run
/// killed after linking its new file into place, before removing the temporary name,
/// leaves them so. Kept, the extra name would make the file look hard-linked by the user,
/// and the next temporary file would start by emptying it.
fn forget_temporary_name(path: &Path) -> io::Result<()> {
    let temp = beside(path, "tmp")?;
    match (fs::symlink_metadata(&temp), fs::metadata(path)) {
        (Ok(temp_metadata), Ok(file)) if same_file(&temp_metadata, &file) => {
            match fs::remove_file(&temp) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// The file at `path`, locked; `None` when it cannot be opened for reading (write-only).
fn lock_if_readable(path: &Path) -> io::Result<Option<File>> {
    match File::open(path) {
        Ok(file) => {
            file.lock()?;
            Ok(Some(file))
        }
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => Ok(None),
        Err(err) => Err(err),
    }
}

/// Creates the file `path` leads to, holding `contents`, all at once. Fails with
/// `AlreadyExists` if something is there, even if it appeared a moment ago.
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    create_new_with(path, &mut |out| out.write_all(contents))
}

/// Creates the file as [`create_new`] does, holding what `write` writes.
pub fn create_new_with(path: &Path, write: Writer) -> io::Result<()> {
    let file = match destination(path)? {
        Destination::File(file) => file,
        Destination::Stream(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a FIFO or device is there",
            ));
        }
    };
    let temp = TempFile::create(&file)?;
    write_counted(&temp.file, &[], write)?;
    temp.file.sync_all()?;
    temp.link_to(&file)?;
    // A record of a write over a file of this name that is gone describes nothing here.
    remove_if_there(&beside(&file, "rewrite")?)
}

/// netaudit's temporary file beside a file it writes, locked against every other netaudit
/// writing the same file, removed when dropped unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    file: File,
    renamed: bool,
    /// Ctrl-C waits while the file exists, so that it is never left behind by one.
    _held: HeldSignals,
}

impl TempFile {
    /// Creates it empty, or takes over the one a killed run left.
    fn create(target: &Path) -> io::Result<TempFile> {
        let path = beside(target, "tmp")?;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            file.lock()?;
            // Another run renamed the one this opened into place while this one waited.
            if !is_at(&file, &path)? {
                continue;
            }
            // It has another name: a killed run linked it into place. Emptying it would
            // empty that file, so only the temporary name goes.
            if file.metadata()?.nlink() > 1 {
                fs::remove_file(&path)?;
                continue;
            }
            let held = HeldSignals::hold();
            file.set_len(0)?;
            return Ok(TempFile {
                path,
                file,
                renamed: false,
                _held: held,
            });
        }
    }

    fn rename_to(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.renamed = true;
        sync_folder(target);
        Ok(())
    }

    /// Gives the file the name `target` only if nothing has that name; the temporary
    /// name is then removed.
    fn link_to(self, target: &Path) -> io::Result<()> {
        match fs::hard_link(&self.path, target) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => return Err(err),
            // A file system without hard links (FAT, some network shares): a rename after
            // a look, which is not proof against a file created in between.
            Err(_) if fs::symlink_metadata(target).is_err() => return self.rename_to(target),
            Err(err) => return Err(err),
        }
        sync_folder(target);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// An existing regular file, open for appending and locked against every other netaudit
/// until dropped, any unfinished append of an earlier run undone.
pub struct LockedFile {
    file: File,
    /// The file's own path, at the end of any symbolic links.
    real: PathBuf,
    repair: Option<Repair>,
}

impl LockedFile {
    /// `None` when there is no file at the end of `path`'s links.
    pub fn open(path: &Path) -> io::Result<Option<LockedFile>> {
        let real = match destination(path)? {
            Destination::File(real) => real,
            Destination::Stream(_) => {
                return Err(io::Error::other(
                    "it is not a regular file (a FIFO or a device); rows are added only to a file",
                ));
            }
        };
        loop {
            let file = match OpenOptions::new().read(true).append(true).open(&real) {
                Ok(file) => file,
                Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(err) => return Err(err),
            };
            file.lock()?;
            // Another run replaced the file while this one waited for the lock on it.
            if !is_at(&file, &real)? {
                continue;
            }
            forget_temporary_name(&real)?;
            let rewritten = finish_rewrite(&real)?;
            let repair = rewritten.or(recover(&file, &real)?);
            return Ok(Some(LockedFile { file, real, repair }));
        }
    }

    /// What was found of an earlier run's unfinished append, and done about it.
    pub fn repair(&self) -> Option<&Repair> {
        self.repair.as_ref()
    }

    /// The whole file, read from its start. Unbuffered: the record reader has its own buffer.
    pub fn reader(&self) -> io::Result<impl Read + '_> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    /// The file's first line, its line end included, read up to [`MAX_HEADER_BYTES`];
    /// `None` when it is longer.
    pub fn first_line(&self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        self.reader()?
            .take(MAX_HEADER_BYTES as u64 + 1)
            .read_to_end(&mut line)?;
        match memchr::memchr(b'\n', &line) {
            Some(end) => line.truncate(end + 1),
            None if line.len() > MAX_HEADER_BYTES => return Ok(None),
            None => {}
        }
        Ok(Some(line))
    }

    /// Whether the file is empty or ends with a line end, so that a row can follow directly.
    pub fn ends_with_line_end(&self) -> io::Result<bool> {
        let last = self.last_bytes(1)?;
        Ok(last.is_empty() || matches!(last[..], [b'\n' | b'\r']))
    }

    /// The file's last `count` bytes, or all of a shorter file.
    pub fn last_bytes(&self, count: usize) -> io::Result<Vec<u8>> {
        let length = self.file.metadata()?.len();
        let start = length.saturating_sub(count as u64);
        let mut last = vec![0u8; usize::try_from(length - start).unwrap_or(0)];
        self.file.read_exact_at(&mut last, start)?;
        Ok(last)
    }

    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.file.metadata()?.len() == 0)
    }

    /// Starts writing the whole file anew under the lock this holds (see [`Rewrite`]);
    /// the file can still be read meanwhile. The lock is released when this is dropped,
    /// after [`Rewrite::finish`]: a netaudit waiting to append then finds the new file.
    pub fn rewrite(&self) -> io::Result<Rewrite> {
        Rewrite::begin(&self.real)
    }

    /// Replaces the whole file with `contents` at once (see the module's notes), under the
    /// lock this holds, and releases it.
    pub fn replace(self, contents: &[u8]) -> io::Result<()> {
        self.replace_with(&mut |out| out.write_all(contents))
    }

    /// Replaces the whole file with what `write` writes, as [`LockedFile::replace`] does.
    pub fn replace_with(self, write: Writer) -> io::Result<()> {
        let mut rewrite = self.rewrite()?;
        let mut out = io::BufWriter::new(&mut rewrite);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        rewrite.finish()
    }

    /// Replaces the whole file as [`LockedFile::replace`] does, and before the lock is
    /// released keeps its last `rows` bytes as the record of an append that
    /// [`LockedFile::undo_append`] takes back.
    pub fn replace_keeping_undo(self, contents: &[u8], rows: usize) -> io::Result<()> {
        let real = self.real.clone();
        self.replace(contents)?;
        write_undo(&real, contents, rows)
    }

    /// Writes the file's bytes in `range` to `out`, a piece at a time; returns the last
    /// byte written, `None` for an empty range.
    pub fn copy_range(
        &self,
        range: std::ops::Range<u64>,
        out: &mut impl Write,
    ) -> io::Result<Option<u8>> {
        copy_range(&self.file, range, out)
    }

    /// The file's length now.
    pub fn len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// Appends `bytes` all or nothing (see the module's notes), syncs them, and releases
    /// the lock. With [`Undo::Keep`] the journal stays as the record of the append that
    /// [`LockedFile::undo_append`] takes back; else any such record of an earlier append
    /// is removed, as it no longer describes the file's end.
    pub fn append(self, bytes: &[u8], undo: Undo) -> io::Result<()> {
        self.append_with(bytes.len() as u64, &mut |out| out.write_all(bytes), undo)
    }

    /// Appends what `write` writes, `length` bytes, as [`LockedFile::append`] does: into
    /// the journal first, then copied from there to the file, so that the rows are never
    /// all in memory at once. Writing other than `length` bytes is an error, with nothing
    /// appended.
    pub fn append_with(self, length: u64, write: Writer, undo: Undo) -> io::Result<()> {
        let old = self.file.metadata()?.len();
        let journal_path = beside(&self.real, "journal")?;
        let _held = HeldSignals::hold();
        forget_undo(&self.real)?;
        let journal = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&journal_path)?;
        let head = journal_head(old, length);
        let journaled = write_counted(&journal, &head, write).and_then(|written| {
            if written != length {
                return Err(io::Error::other(format!(
                    "{written} bytes were made to append where {length} were expected"
                )));
            }
            journal.sync_all()
        });
        if let Err(err) = journaled {
            let _ = fs::remove_file(&journal_path);
            return Err(err);
        }
        sync_folder(&journal_path);
        let rows_at = head.len() as u64;
        let mut file = &self.file;
        let appended = copy_range(&journal, rows_at..rows_at + length, &mut file)
            .and_then(|_| file.sync_data());
        if let Err(err) = appended {
            // Cut back at once; had this failed too, the journal would do it next time.
            if self.file.set_len(old).is_ok() {
                let _ = fs::remove_file(&journal_path);
            }
            return Err(err);
        }
        match undo {
            Undo::Keep => fs::rename(&journal_path, beside(&self.real, "undo")?)?,
            Undo::KeepImport => fs::rename(&journal_path, beside(&self.real, "undo-import")?)?,
            Undo::Forget => fs::remove_file(&journal_path)?,
        }
        sync_folder(&journal_path);
        self.file.unlock()
    }

    /// Takes back the rows the last append kept a record of ([`Undo::Keep`]), when they
    /// are still the file's end: the file is cut back to its length before them, at once,
    /// and the record removed. Returns the rows taken back, or why nothing was.
    pub fn undo_append(self) -> io::Result<Result<Vec<u8>, &'static str>> {
        let undo_path = beside(&self.real, "undo")?;
        let record = match fs::read(&undo_path) {
            Ok(record) => record,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok(Err(
                    "netaudit log added no row to it since it was last written otherwise",
                ));
            }
            Err(err) => return Err(err),
        };
        let Some((old, rows)) = parse_journal(&record) else {
            return Ok(Err("the record of the row netaudit log added is damaged"));
        };
        let now = self.file.metadata()?.len();
        let end = old.saturating_add(rows.len() as u64);
        if now > end {
            return Ok(Err(
                "more was added after the row netaudit log added, which is no longer the last",
            ));
        }
        let mut tail = vec![0; rows.len()];
        if now < end || self.file.read_exact_at(&mut tail, old).is_err() || tail != rows {
            return Ok(Err(
                "the file was edited since netaudit log added its row, which is not its end \
                 as it was written",
            ));
        }
        let _held = HeldSignals::hold();
        self.file.set_len(old)?;
        self.file.sync_all()?;
        fs::remove_file(&undo_path)?;
        sync_folder(&undo_path);
        self.file.unlock()?;
        Ok(Ok(rows.to_vec()))
    }
}

impl LockedFile {
    /// Takes back the last import as a whole, when the file is still exactly as it left
    /// it: rows it appended, while they are still the file's end, are cut off; a file it
    /// wrote whole (a new log, or one that gained its `source` column) is removed or put
    /// back as it was, while it is still what the import wrote. The record is removed.
    /// Returns what was done, or why nothing was.
    pub fn undo_import(self) -> io::Result<Result<Undone, &'static str>> {
        let record_path = beside(&self.real, "undo-import")?;
        let record = match File::open(&record_path) {
            Ok(record) => record,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok(Err(
                    "no import added to it since it was last written otherwise",
                ));
            }
            Err(err) => return Err(err),
        };
        let now = self.file.metadata()?.len();
        let changed = "it was changed since the last import, which is no longer as it was \
                       written";
        let undone = if let Some(head) = whole_journal(&record)? {
            if now != head.old.saturating_add(head.rows)
                || !same_bytes(&self.file, head.old, &record, head.rows_at, head.rows)?
            {
                return Ok(Err(changed));
            }
            let _held = HeldSignals::hold();
            self.file.set_len(head.old)?;
            self.file.sync_all()?;
            Undone::Appended(head.rows)
        } else {
            let mut start = [0; IMPORT_UNDO_MAGIC.len() + 64];
            let read = usize::try_from(record.metadata()?.len())
                .map_or(start.len(), |n| n.min(start.len()));
            record.read_exact_at(&mut start[..read], 0)?;
            let Some((created, length, checksum, old_at)) = parse_import_undo(&start[..read])
            else {
                return Ok(Err("the record of the last import is damaged"));
            };
            if now != length || checksum_of(&self.file, length)? != checksum {
                return Ok(Err(changed));
            }
            let _held = HeldSignals::hold();
            if created {
                fs::remove_file(&self.real)?;
                sync_folder(&self.real);
                Undone::Removed
            } else {
                let old_length = record.metadata()?.len() - old_at;
                let mut rewrite = self.rewrite()?;
                copy_range(&record, old_at..old_at + old_length, &mut rewrite)?;
                rewrite.finish()?;
                Undone::Restored
            }
        };
        remove_if_there(&record_path)?;
        sync_folder(&record_path);
        Ok(Ok(undone))
    }
}

/// A log opened for reading under a shared lock, so that no netaudit appends to it
/// meanwhile; an append an earlier run left unfinished is undone first.
pub struct ReadLock {
    pub file: File,
    pub repair: Option<Repair>,
}

/// Opens `path` for reading. A regular file is locked shared; anything else (a pipe, a
/// device) is read as it is.
pub fn open_to_read(path: &Path) -> io::Result<ReadLock> {
    let mut repair = None;
    loop {
        let file = File::open(path)?;
        if !file.metadata()?.is_file() {
            return Ok(ReadLock { file, repair });
        }
        file.lock_shared()?;
        let real = fs::canonicalize(path)?;
        let unfinished = ["journal", "rewrite"]
            .iter()
            .any(|kind| beside(&real, kind).is_ok_and(|own| fs::symlink_metadata(own).is_ok()));
        if !unfinished {
            return Ok(ReadLock { file, repair });
        }
        // A writer keeps its journal only while it holds the lock this one now shares, so
        // this journal's writer was stopped part way: undo its append, or finish its
        // rewrite, under the exclusive lock, then read.
        drop(file);
        if let Some(locked) = LockedFile::open(path)? {
            repair = repair.or(locked.repair);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::journal::{JOURNAL_MAGIC, JournalHead, journal_bytes};
    use super::rewrite::{REWRITE_MAGIC, RewriteRecord};
    use super::*;

    #[test]
    fn a_journal_reads_back_only_when_whole() {
        let journal = journal_bytes(42, b"a,b\n");
        assert_eq!(parse_journal(&journal), Some((42, &b"a,b\n"[..])));
        for cut in 0..journal.len() {
            assert_eq!(parse_journal(&journal[..cut]), None, "cut at {cut}");
        }
        assert_eq!(parse_journal(b"something else\n1\n1\nx"), None);
    }

    #[test]
    fn a_journal_file_is_read_whole_only_when_all_its_rows_are_there_and_compared_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        // Rows of three and a half pieces, so that they are read and compared in four.
        let rows: Vec<u8> = (0..COPY_BYTES * 7 / 2).map(|n| (n % 251) as u8).collect();
        let journal = journal_bytes(42, &rows);
        let head = journal_head(42, rows.len() as u64).len() as u64;
        for cut in [0, 10, head as usize, journal.len() - 1] {
            fs::write(&path, &journal[..cut]).unwrap();
            assert_eq!(whole_journal(&File::open(&path).unwrap()).unwrap(), None);
        }
        fs::write(&path, &journal).unwrap();
        let file = File::open(&path).unwrap();
        let found = whole_journal(&file).unwrap();
        let expected = JournalHead {
            old: 42,
            rows: rows.len() as u64,
            rows_at: head,
        };
        assert_eq!(found, Some(expected));

        let other_path = dir.path().join("log");
        let mut log = b"header\n".to_vec();
        log.extend_from_slice(&rows);
        fs::write(&other_path, &log).unwrap();
        let other = File::open(&other_path).unwrap();
        let length = rows.len() as u64;
        assert!(same_bytes(&other, 7, &file, head, length).unwrap());
        log[7 + rows.len() - 1] ^= 1;
        fs::write(&other_path, &log).unwrap();
        let other = File::open(&other_path).unwrap();
        assert!(!same_bytes(&other, 7, &file, head, length).unwrap());
        assert!(same_bytes(&other, 7, &file, head, length - 1).unwrap());
    }

    #[test]
    fn a_rewrite_record_reads_back_only_when_whole() {
        let record = RewriteRecord {
            device: 2049,
            inode: 131_075,
            length: 1_000_015,
            checksum: 3_735_928_559,
        };
        let text = record.to_string();
        assert_eq!(RewriteRecord::parse(text.as_bytes()), Some(record));
        for cut in 0..text.len() {
            assert_eq!(
                RewriteRecord::parse(&text.as_bytes()[..cut]),
                None,
                "cut at {cut}"
            );
        }
        let other = text.replace(REWRITE_MAGIC, JOURNAL_MAGIC);
        assert_eq!(RewriteRecord::parse(other.as_bytes()), None);
    }

    /// A folder holding `log.csv` with `old`, netaudit's temporary file beside it with
    /// `new`, and the record of a write over `log.csv` from it that `record` describes.
    fn interrupted(
        old: &[u8],
        new: &[u8],
        record: impl Fn(&Metadata) -> RewriteRecord,
    ) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        fs::write(&path, old).unwrap();
        fs::write(beside(&path, "tmp").unwrap(), new).unwrap();
        let metadata = fs::metadata(&path).unwrap();
        fs::write(
            beside(&path, "rewrite").unwrap(),
            record(&metadata).to_string(),
        )
        .unwrap();
        dir
    }

    fn record_of(new: &[u8]) -> impl Fn(&Metadata) -> RewriteRecord + '_ {
        |file: &Metadata| RewriteRecord {
            device: file.dev(),
            inode: file.ino(),
            length: new.len() as u64,
            checksum: crc32fast::hash(new),
        }
    }

    #[test]
    fn an_interrupted_write_over_a_file_is_finished_only_from_what_its_record_describes() {
        let (old, new) = (
            &b"date,group\n2026-10-01,Old Group\n"[..],
            &b"date,group\n2026-10-01,New\n"[..],
        );
        // Half written: the new bytes over the old, the old's tail still there.
        let dir = interrupted(old, new, record_of(new));
        let path = dir.path().join("log.csv");
        fs::write(&path, [&new[..14], &old[14..]].concat()).unwrap();
        let repair = finish_rewrite(&path).unwrap();
        assert_eq!(repair, Some(Repair::RewriteFinished { file: path.clone() }));
        assert_eq!(fs::read(&path).unwrap(), new);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "record and temporary file gone"
        );

        // The temporary file changed since: not the contents the record describes.
        let dir = interrupted(old, new, record_of(old));
        let path = dir.path().join("log.csv");
        let repair = finish_rewrite(&path).unwrap();
        assert_eq!(repair, Some(Repair::RewriteLost { file: path.clone() }));
        assert_eq!(fs::read(&path).unwrap(), old, "left as it is");

        // Another file put in its place since.
        let dir = interrupted(old, new, |file| RewriteRecord {
            inode: file.ino() + 1,
            ..record_of(new)(file)
        });
        let path = dir.path().join("log.csv");
        let repair = finish_rewrite(&path).unwrap();
        assert_eq!(repair, Some(Repair::RewriteLeft { file: path.clone() }));
        assert_eq!(fs::read(&path).unwrap(), old);

        // A record cut short: the write over the file never began.
        let dir = interrupted(old, new, record_of(new));
        let path = dir.path().join("log.csv");
        let record = beside(&path, "rewrite").unwrap();
        let whole = fs::read(&record).unwrap();
        fs::write(&record, &whole[..whole.len() - 2]).unwrap();
        assert_eq!(finish_rewrite(&path).unwrap(), None);
        assert_eq!(fs::read(&path).unwrap(), old);
        assert!(!record.exists());
    }

    #[test]
    fn netaudit_s_own_files_are_named_for_the_file_they_serve() {
        assert_eq!(
            beside(Path::new("logs/activity.csv"), "tmp").unwrap(),
            Path::new("logs/.activity.csv.netaudit-tmp")
        );
        assert_eq!(
            beside(Path::new("activity.csv"), "journal").unwrap(),
            Path::new(".activity.csv.netaudit-journal")
        );
    }

    #[test]
    fn folders_are_never_a_destination() {
        for path in [".", "./", "..", "/", "new.csv/"] {
            let err = destination(Path::new(path)).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::IsADirectory, "{path}");
        }
        assert_eq!(
            destination(Path::new("/dev/null")).unwrap(),
            Destination::Stream(PathBuf::from("/dev/null"))
        );
    }
}
