//! What every command runs with, resolved once from the global flags: the config (found
//! and loaded when a command first asks for it), today's date, whether to be quiet, and
//! when to colour. Each command is `run(args, &Context)`.

use crate::cli::ColorChoice;
use crate::config::{self, Config};
use anyhow::Result;
use chrono::NaiveDate;
use std::cell::OnceCell;
use std::path::PathBuf;

pub struct Context {
    /// `--config`, as given: `check` reads it to list its problems rather than stop at one.
    pub config_flag: Option<PathBuf>,
    /// The real date, which `--today` may stand in for.
    pub today: NaiveDate,
    /// `--quiet`: no warnings, notes or summary line.
    pub quiet: bool,
    pub color: ColorChoice,
    config: OnceCell<Config>,
}

impl Context {
    pub fn new(
        config_flag: Option<PathBuf>,
        today: NaiveDate,
        quiet: bool,
        color: ColorChoice,
    ) -> Context {
        Context {
            config_flag,
            today,
            quiet,
            color,
            config: OnceCell::new(),
        }
    }

    /// A context with `config` given, as a test or a fuzz target runs a command.
    pub fn with_config(config: Config, today: NaiveDate, quiet: bool) -> Context {
        let context = Context::new(None, today, quiet, ColorChoice::Auto);
        // A new cell is empty, so it takes the config.
        let _ = context.config.set(config);
        context
    }

    /// The config `--config` names, else the one found in the usual places, else the
    /// defaults; found and loaded the first time a command asks.
    pub fn config(&self) -> Result<&Config> {
        if let Some(config) = self.config.get() {
            return Ok(config);
        }
        let config = match config::locate(self.config_flag.as_deref())? {
            Some(path) => config::load(&path)?,
            None => Config::default(),
        };
        Ok(self.config.get_or_init(|| config))
    }
}
