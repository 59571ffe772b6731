//! A whole file written anew: over it in place (a log's hard links kept), or to a file
//! beside it renamed over it, with a record kept beside it until the write is whole, so
//! that a run killed part way is finished by the next, never left half written.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::journal::Repair;
use crate::signals::HeldSignals;

use super::{
    COPY_BYTES, TempFile, beside, forget_journal, forget_temporary_name, remove_if_there,
    sync_folder,
};

/// A whole file being written anew: the new contents go to a temporary file beside it
/// through [`Write`], and [`Rewrite::finish`] puts them in place, by a rename or, for a
/// file with other hard links or another owner, by a journaled write over the file (see
/// the module's notes). Dropped unfinished, it leaves the file as it was. The caller
/// holds the file's lock (or nothing can lock it).
pub struct Rewrite {
    pub(super) target: PathBuf,
    pub(super) temp: TempFile,
    /// The file's identity, when it is to be written over in place.
    pub(super) in_place: Option<Metadata>,
    /// The old file's, given to the new one.
    pub(super) mode: Option<u32>,
    pub(super) checksum: crc32fast::Hasher,
    pub(super) length: u64,
}

impl Rewrite {
    pub(super) fn begin(target: &Path) -> io::Result<Rewrite> {
        forget_temporary_name(target)?;
        let existing = match fs::metadata(target) {
            Ok(metadata) => Some(metadata),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(err),
        };
        let temp = TempFile::create(target)?;
        let mut in_place = None;
        if let Some(old) = &existing {
            let ours = temp.file.metadata()?;
            let keeps_owner = (ours.uid(), ours.gid()) == (old.uid(), old.gid())
                || std::os::unix::fs::fchown(&temp.file, Some(old.uid()), Some(old.gid())).is_ok();
            // Only root may give a file away; a rename would also part the other names
            // from the file: either file is kept, and written over.
            if old.nlink() > 1 || !keeps_owner {
                in_place = existing.clone();
            }
        }
        Ok(Rewrite {
            target: target.to_path_buf(),
            temp,
            in_place,
            mode: existing.map(|old| old.mode() & 0o7777),
            checksum: crc32fast::Hasher::new(),
            length: 0,
        })
    }

    /// Puts the new contents in place, at once or journaled (see the module's notes).
    pub fn finish(self) -> io::Result<()> {
        let Some(old) = &self.in_place else {
            if let Some(mode) = self.mode {
                // After the owner: changing the owner clears the set-user-ID and
                // set-group-ID bits.
                self.temp
                    .file
                    .set_permissions(Permissions::from_mode(mode))?;
            }
            self.temp.file.sync_all()?;
            // Before the rename, while the lock this run holds is the file's: once the new
            // file has the name, another netaudit may lock it and begin an append, whose
            // journal this would remove.
            forget_journal(&self.target)?;
            let target = self.target;
            return self.temp.rename_to(&target);
        };
        self.temp.file.sync_all()?;
        // Opened before the record is written: a file netaudit may not write is refused
        // with nothing begun, rather than recorded as a write to finish.
        let target = OpenOptions::new().write(true).open(&self.target)?;
        let record = RewriteRecord {
            device: old.dev(),
            inode: old.ino(),
            length: self.length,
            checksum: self.checksum.finalize(),
        };
        let record_path = beside(&self.target, "rewrite")?;
        let mut journal = File::create(&record_path)?;
        let journaled = journal
            .write_all(record.to_string().as_bytes())
            .and_then(|()| journal.sync_all());
        if let Err(err) = journaled {
            let _ = fs::remove_file(&record_path);
            return Err(err);
        }
        sync_folder(&record_path);
        copy_over(&self.temp.file, &target, self.length)?;
        forget_journal(&self.target)?;
        fs::remove_file(&record_path)?;
        sync_folder(&record_path);
        Ok(())
    }
}

impl Write for Rewrite {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.temp.file.write(bytes)?;
        self.checksum.update(&bytes[..written]);
        self.length += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the first `length` bytes of `from` over `to`, just opened (so at its start),
/// cuts it to that length, and syncs it: the same file, its names and owner kept. `to` is
/// not open for appending, where Linux would put every write at the end.
pub(super) fn copy_over(from: &File, mut to: &File, length: u64) -> io::Result<()> {
    copy_range(from, 0..length, &mut to)?;
    to.set_len(length)?;
    to.sync_all()
}

/// Writes `from`'s bytes in `range` to `out`, a piece at a time; returns the last byte
/// written, `None` for an empty range.
pub(super) fn copy_range(
    from: &File,
    range: std::ops::Range<u64>,
    out: &mut impl Write,
) -> io::Result<Option<u8>> {
    let length = range.end.saturating_sub(range.start);
    let mut buffer = vec![0; usize::try_from(length).map_or(COPY_BYTES, |n| n.min(COPY_BYTES))];
    let mut at = range.start;
    let mut last = None;
    while at < range.end {
        let want =
            usize::try_from(range.end - at).map_or(buffer.len(), |left| left.min(buffer.len()));
        from.read_exact_at(&mut buffer[..want], at)?;
        out.write_all(&buffer[..want])?;
        last = buffer[..want].last().copied();
        at += want as u64;
    }
    Ok(last)
}

/// What makes a file's new contents, a piece at a time, into the writer it is given.
pub type Writer<'a> = &'a mut dyn FnMut(&mut dyn Write) -> io::Result<()>;

/// Writes `head`, then what `write` makes, to `file` through a buffer; returns how many
/// bytes `write` made.
pub(super) fn write_counted(mut file: &File, head: &[u8], write: Writer) -> io::Result<u64> {
    struct Counted<W> {
        out: W,
        count: u64,
    }
    impl<W: Write> Write for Counted<W> {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let written = self.out.write(bytes)?;
            self.count += written as u64;
            Ok(written)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.out.flush()
        }
    }
    file.write_all(head)?;
    let mut out = Counted {
        out: io::BufWriter::new(file),
        count: 0,
    };
    write(&mut out)?;
    out.flush()?;
    Ok(out.count)
}

/// What a write over a file in place is to leave there; kept beside the file from before
/// the write starts until it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RewriteRecord {
    pub(super) device: u64,
    pub(super) inode: u64,
    pub(super) length: u64,
    /// CRC-32 of the new contents.
    pub(super) checksum: u32,
}

/// The record's first line; then the file's device and inode, the new length and checksum,
/// and `end`, each on a line of its own.
pub(super) const REWRITE_MAGIC: &str = "netaudit rewrite journal 1";

impl fmt::Display for RewriteRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{REWRITE_MAGIC}")?;
        writeln!(
            f,
            "{}\n{}\n{}\n{}\nend",
            self.device, self.inode, self.length, self.checksum
        )
    }
}

impl RewriteRecord {
    /// `None` when the record is incomplete, as when the run was killed while writing it,
    /// before it wrote over anything.
    pub(super) fn parse(bytes: &[u8]) -> Option<RewriteRecord> {
        let text = std::str::from_utf8(bytes).ok()?;
        let lines: Vec<&str> = text.split('\n').collect();
        let [magic, device, inode, length, checksum, "end", ""] = lines[..] else {
            return None;
        };
        (magic == REWRITE_MAGIC).then_some(())?;
        Some(RewriteRecord {
            device: device.parse().ok()?,
            inode: inode.parse().ok()?,
            length: length.parse().ok()?,
            checksum: checksum.parse().ok()?,
        })
    }
}

/// The longest rewrite record read: a real one is under a hundred bytes.
pub(super) const MAX_RECORD_BYTES: u64 = 4096;

/// Finishes a write over `path` in place that a killed run left part done, from the new
/// contents it kept beside the file, under the file's exclusive lock; says what was done.
pub(super) fn finish_rewrite(path: &Path) -> io::Result<Option<Repair>> {
    let record_path = beside(path, "rewrite")?;
    let mut bytes = Vec::new();
    match File::open(&record_path) {
        Ok(file) => file.take(MAX_RECORD_BYTES).read_to_end(&mut bytes)?,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let repair = match RewriteRecord::parse(&bytes) {
        // Killed while writing the record: the file was not yet touched.
        None => None,
        Some(record) => Some(finish_recorded(path, &record)?),
    };
    fs::remove_file(&record_path)?;
    sync_folder(&record_path);
    Ok(repair)
}

pub(super) fn finish_recorded(path: &Path, record: &RewriteRecord) -> io::Result<Repair> {
    let file = path.to_path_buf();
    let is_that_file =
        fs::metadata(path).is_ok_and(|now| (now.dev(), now.ino()) == (record.device, record.inode));
    if !is_that_file {
        return Ok(Repair::RewriteLeft { file });
    }
    let temp_path = beside(path, "tmp")?;
    let Ok(temp) = File::open(&temp_path) else {
        return Ok(Repair::RewriteLost { file });
    };
    if !holds(&temp, record)? {
        return Ok(Repair::RewriteLost { file });
    }
    let target = OpenOptions::new().write(true).open(path)?;
    let _held = HeldSignals::hold();
    copy_over(&temp, &target, record.length)?;
    forget_journal(path)?;
    remove_if_there(&temp_path)?;
    Ok(Repair::RewriteFinished { file })
}

/// Whether `file` holds exactly the contents `record` describes.
pub(super) fn holds(file: &File, record: &RewriteRecord) -> io::Result<bool> {
    if file.metadata()?.len() != record.length {
        return Ok(false);
    }
    let mut checksum = crc32fast::Hasher::new();
    let mut buffer = vec![0; COPY_BYTES];
    let mut reader = file;
    reader.seek(SeekFrom::Start(0))?;
    loop {
        match reader.read(&mut buffer)? {
            0 => return Ok(checksum.finalize() == record.checksum),
            read => checksum.update(&buffer[..read]),
        }
    }
}

/// The CRC-32 of `file`'s first `length` bytes, read a piece at a time.
pub(super) fn checksum_of(file: &File, length: u64) -> io::Result<u32> {
    let mut summed = Summed::new(io::sink());
    copy_range(file, 0..length, &mut summed)?;
    Ok(summed.sum())
}

/// A writer that passes what is written on to `out` and keeps its CRC-32: a file's new
/// contents summed as they are written, for [`super::keep_import_undo`], without holding them.
pub struct Summed<W> {
    pub(super) out: W,
    pub(super) sum: crc32fast::Hasher,
}

impl<W: Write> Summed<W> {
    pub fn new(out: W) -> Summed<W> {
        Summed {
            out,
            sum: crc32fast::Hasher::new(),
        }
    }

    /// The CRC-32 of what was written so far.
    pub fn sum(&self) -> u32 {
        self.sum.clone().finalize()
    }
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.sum.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
