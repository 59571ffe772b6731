//! Which log a writing command (`log`, `import`, `rename`) writes to, and whether the
//! group of a new row is one the log or the config already knows.

use crate::config::Config;
use crate::files::same_existing_file;
use crate::messages;
use crate::names::{closest_names, group_key};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// A group that no earlier row (nor the config) names is probably a typo: warn, or with
/// --strict refuse.
pub(super) fn check_group_is_known(
    group: &str,
    known: &[&str],
    name: &str,
    strict: bool,
    quiet: bool,
) -> Result<()> {
    let key = group_key(group);
    // With no group known yet there is nothing to have mistyped.
    if known.is_empty() || known.iter().any(|known| group_key(known) == key) {
        return Ok(());
    }
    let closest = closest_names(group, known, 3);
    let closest = if closest.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = closest.iter().map(|name| format!("\"{name}\"")).collect();
        format!("; the closest: {}", quoted.join(", "))
    };
    if strict {
        bail!(
            "\"{group}\" is a new group: no row of {name} names it{closest}; check the spelling, \
             or log without --strict to start the group"
        );
    }
    if quiet {
        return Ok(());
    }
    messages::warn(format_args!(
        "\"{group}\" is a new group: no row of {name} names it{closest}; logged anyway \
         (--strict refuses)"
    ));
    Ok(())
}

/// The log to append to: `file`, else the config's first log. Never the config itself.
/// `command` names what appends, in messages.
pub(super) fn target(file: Option<&Path>, config: &Config, command: &str) -> Result<PathBuf> {
    let path = match (file, config.log.first()) {
        (Some(file), _) => {
            if file == Path::new("-") {
                bail!("--file - would be standard input; netaudit {command} appends to a file");
            }
            file.to_path_buf()
        }
        (None, Some(first)) => {
            if first.file_name() == Some(std::ffi::OsStr::new("-")) {
                bail!(
                    "the config's log is \"-\", standard input; netaudit {command} appends to a \
                     file, so pass --file activity.csv"
                );
            }
            first.clone()
        }
        (None, None) => bail!(
            "no log to append to: pass --file activity.csv, or set log = [\"activity.csv\"] in \
             netaudit.toml (netaudit init writes one)"
        ),
    };
    if path.is_dir() {
        bail!(
            "{} is a folder; name the log file inside it",
            path.display()
        );
    }
    if let Some(config_path) = &config.path
        && same_existing_file(&path, config_path)
    {
        bail!(
            "{} is the config in use; rows go to the activity log, and adding one there would \
             damage the config. Name the log with --file",
            path.display()
        );
    }
    Ok(path)
}
