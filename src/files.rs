//! Writing to the user's files so that neither a crash nor a second netaudit running at the
//! same moment can leave one half-written.
//!
//! A new file is written whole to a temporary file beside it, synced, and moved into place
//! only if nothing is there yet, then its folder is synced (the atomicwrites crate): a crash
//! leaves no file or the whole file. An existing log is only ever appended to, under an
//! exclusive advisory lock that every netaudit takes, in one write that is synced before the
//! lock is released.
//!
//! A report written with `--output-file` replaces its file whole: written to a temporary
//! file beside it, synced, then renamed over it. A rename is atomic, so whoever opens the
//! file (a spreadsheet linked to it) finds the old report or the new one, never a mix, even
//! if netaudit is killed part way. `--append` does the same with the old contents and the
//! new rows, under the lock, so two runs at once cannot lose each other's rows.

use atomicwrites::{AtomicFile, OverwriteBehavior};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Replaces whatever is at `path` with `contents`, all at once, keeping an existing file's
/// permissions.
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let permissions = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    AtomicFile::new(path, OverwriteBehavior::AllowOverwrite)
        .write(|file| {
            if let Some(permissions) = &permissions {
                file.set_permissions(permissions.clone())?;
            }
            file.write_all(contents)
        })
        .map_err(io::Error::from)
}

/// Replaces `path` with `change(its contents)` (empty when there is no file yet), all at
/// once, while holding the lock every netaudit takes on it; so two runs at once each see
/// the other's result. Nothing is written when `change` fails.
pub fn rewrite<F>(path: &Path, mut change: F) -> anyhow::Result<()>
where
    F: FnMut(&[u8]) -> anyhow::Result<Vec<u8>>,
{
    loop {
        let Some(locked) = LockedFile::open(path)? else {
            match create_new(path, &change(b"")?) {
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                result => return Ok(result?),
            }
        };
        // Another run may have replaced the file while this one waited for the lock on it;
        // the lock is then on the old file, and the new one must be read instead.
        if !locked.is_at(path)? {
            continue;
        }
        let mut old = Vec::new();
        locked.reader()?.read_to_end(&mut old)?;
        replace(path, &change(&old)?)?;
        return Ok(());
    }
}

/// Creates `path` holding `contents`, all at once. Fails with `AlreadyExists` if the path
/// exists, even if it appeared a moment ago.
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    AtomicFile::new(path, OverwriteBehavior::DisallowOverwrite)
        .write(|file| file.write_all(contents))
        .map_err(io::Error::from)
}

/// An existing file, open for appending and locked against every other netaudit writing
/// to it until dropped. `None` when there is no file at `path`.
pub struct LockedFile {
    file: File,
}

impl LockedFile {
    pub fn open(path: &Path) -> io::Result<Option<LockedFile>> {
        let file = match OpenOptions::new().read(true).append(true).open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        file.lock()?;
        Ok(Some(LockedFile { file }))
    }

    /// Whether `path` still names this file.
    fn is_at(&self, path: &Path) -> io::Result<bool> {
        let here = same_file::Handle::from_file(self.file.try_clone()?)?;
        match same_file::Handle::from_path(path) {
            Ok(there) => Ok(here == there),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// The whole file, read from its start. Unbuffered: the record reader has its own buffer.
    pub fn reader(&self) -> io::Result<impl Read + '_> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    /// Whether the file is empty or ends with a line end, so that a row can follow directly.
    pub fn ends_with_line_end(&self) -> io::Result<bool> {
        let mut file = &self.file;
        if file.seek(SeekFrom::End(0))? == 0 {
            return Ok(true);
        }
        file.seek(SeekFrom::End(-1))?;
        let mut last = [0u8];
        file.read_exact(&mut last)?;
        Ok(matches!(last[0], b'\n' | b'\r'))
    }

    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.file.metadata()?.len() == 0)
    }

    /// Appends `bytes` in one write, syncs them to disk, and releases the lock. If the
    /// write fails part way (a full disk), the file is cut back to where it ended, so no
    /// half row is left behind.
    pub fn append(self, bytes: &[u8]) -> io::Result<()> {
        let mut file = &self.file;
        let length = file.metadata()?.len();
        if let Err(err) = file.write_all(bytes).and_then(|()| file.sync_data()) {
            let _ = self.file.set_len(length);
            return Err(err);
        }
        self.file.unlock()
    }
}
