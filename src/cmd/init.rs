//! `netaudit init`: a commented config and an empty log, never over an existing file.

use super::shell_word;
use crate::activity::{Column, HAND_COLUMNS};
use crate::config::{CONFIG_FILE, TEMPLATE};
use crate::files::create_new;
use crate::messages;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The log `init` starts, named in the config it writes.
const LOG_FILE: &str = "activity.csv";

/// Writes the two files; their names and the next step go to stderr unless `quiet`.
pub fn run(dir: &Path, quiet: bool) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let in_dir = |name: &str| {
        if dir == Path::new(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let config = in_dir(CONFIG_FILE);
    let log = in_dir(LOG_FILE);
    // Both are checked before either is written, so a refusal leaves the folder as it was.
    for path in [&config, &log] {
        if path.exists() {
            bail!(
                "{} already exists; netaudit init never overwrites a file. Move it away, or \
                 start in another folder (netaudit init DIR)",
                path.display()
            );
        }
    }
    let header = format!("{}\n", HAND_COLUMNS.map(Column::name).join(","));
    for (path, contents) in [(&log, header.as_str()), (&config, TEMPLATE)] {
        create_new(path, contents.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if quiet {
        return Ok(());
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_word(&dir.display().to_string()))
    };
    messages::note(format_args!(
        "wrote {} (every setting, at its default) and {} (an empty log)",
        config.display(),
        log.display()
    ));
    messages::hint(format_args!(
        "next: {cd}netaudit log \"Your Group\" --hours 2 --cost 25   (then, next month: netaudit report)"
    ));
    Ok(())
}
