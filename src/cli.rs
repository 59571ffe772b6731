//! The command line: clap definitions, and the dispatch to each command in [`crate::cmd`].

use crate::cmd;
use crate::config::{self, Config};
use crate::figures::Amount;
use crate::log;
use crate::period::{Month, parse_date};
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "\
Exit status:
  0  done: the report was printed, the row was logged, the files were written,
     or check found no problem (warnings alone do not fail it)
  2  bad input, a bad config file, a problem found by check, or bad usage";

/// Measure what each business networking group returns for your time, and
/// whether to stay, watch or leave.
#[derive(Debug, Parser)]
#[command(name = "netaudit", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Config file [default: ./netaudit.toml, else $XDG_CONFIG_HOME/netaudit/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score each group over the report window and recommend stay, watch or leave
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
    /// Append one row to the activity log
    #[command(after_help = LOG_HELP)]
    Log(LogArgs),
    /// Check the activity logs and the config, listing every problem
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Start a new log: write a commented netaudit.toml and an empty activity.csv
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Activity log files (CSV); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Report as if today were DATE (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// Report on this month [default: the last complete month before today]
    #[arg(long, value_name = "YYYY-MM", value_parser = Month::parse)]
    pub month: Option<Month>,

    /// Output format
    #[arg(short = 'O', long = "output-format", value_enum, default_value_t = OutputFormat::Table)]
    pub output_format: OutputFormat,

    /// Months in the window, ending with the report month [config: window_months; default: 12]
    #[arg(long, value_name = "MONTHS", value_parser = parse_months)]
    pub window: Option<u32>,

    /// What one hour of your time is worth [config: hourly_rate; default: 100]
    #[arg(long, value_name = "AMOUNT", value_parser = parse_positive)]
    pub hourly_rate: Option<f64>,

    /// Currency symbol or code for the table, such as € or EUR [config: currency; default: $]
    #[arg(long, value_name = "SYMBOL")]
    pub currency: Option<String>,

    /// Share of revenue that is value to you, from 0 to 1 [config: margin; default: 1]
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    pub margin: Option<f64>,

    /// Fixed value of an open lead [config: lead_value; default: estimated from your log]
    #[arg(long, value_name = "AMOUNT", value_parser = parse_non_negative)]
    pub lead_value: Option<f64>,

    /// Meetings in the window before a group can be judged [config: min_meetings; default: 6]
    #[arg(long, value_name = "N")]
    pub min_meetings: Option<u64>,

    /// Months of membership before a group can be judged [config: min_months; default: 6]
    #[arg(long, value_name = "N")]
    pub min_months: Option<u32>,

    /// Score at which a group earns a stay [config: stay_at; default: 1.0]
    #[arg(long, value_name = "SCORE", value_parser = parse_non_negative)]
    pub stay_at: Option<f64>,

    /// Weight, in leads, of your overall close rate against a group's own [config: prior_leads; default: 5]
    #[arg(long, value_name = "LEADS", value_parser = parse_non_negative)]
    pub prior_leads: Option<f64>,

    /// Members above which a room is too big to know anyone [config: big_group; default: 24]
    #[arg(long, value_name = "N")]
    pub big_group: Option<u64>,

    /// Months without a lead that earn a warning [config: no_lead_months; default: 12]
    #[arg(long, value_name = "MONTHS", value_parser = parse_months)]
    pub no_lead_months: Option<u32>,
}

const LOG_HELP: &str = "\
--hours without --meetings logs one meeting (pass --meetings 0 for time that was not a
meeting, such as a one-to-one). A figure not given is left empty, which counts as 0.

Examples:
  netaudit log \"Harbor City BNI\" --hours 1.5 --cost 18
  netaudit log \"Harbor City BNI\" --leads 1 --note \"Dana, kitchen refit\"
  netaudit log \"Harbor City BNI\" --date 2026-10-14 --deals 1 --revenue 4800

Exit status:
  0  the row was appended (and printed)
  2  bad input or usage, a log whose header cannot be mapped, or --strict and a new group";

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The group's name, as in earlier rows
    pub group: String,

    /// The day it happened (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub date: Option<NaiveDate>,

    /// Meetings attended [default: 1 when --hours is given]
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub meetings: Option<u64>,

    /// Hours spent: meeting, travel, preparation, one-to-ones
    #[arg(long, value_name = "HOURS", value_parser = parse_hours, allow_negative_numbers = true)]
    pub hours: Option<Amount>,

    /// Money spent: dues, meals, fees
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money, allow_negative_numbers = true)]
    pub cost: Option<Amount>,

    /// Leads or referrals received
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub leads: Option<u64>,

    /// Deals closed that came from the group
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub deals: Option<u64>,

    /// Revenue of those deals
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money, allow_negative_numbers = true)]
    pub revenue: Option<Amount>,

    /// Referrals you gave to members
    #[arg(long, value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub referrals_given: Option<u64>,

    /// The money value of advice or visibility the group gave you
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money, allow_negative_numbers = true)]
    pub other_value: Option<Amount>,

    /// Free text
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The log to append to [default: the config's first `log` file]
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Refuse, instead of warning, when no earlier row names the group
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Activity log files (CSV); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start in; created if missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

fn parse_today(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
        .map_err(|_| format!("\"{text}\" is not a date; expected YYYY-MM-DD, such as 2026-11-01"))
}

fn parse_number(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .map_err(|_| format!("\"{text}\" is not a number"))
}

fn parse_positive(text: &str) -> Result<f64, String> {
    config::check_positive(parse_number(text)?)
}

fn parse_non_negative(text: &str) -> Result<f64, String> {
    config::check_non_negative(parse_number(text)?)
}

fn parse_share(text: &str) -> Result<f64, String> {
    config::check_share(parse_number(text)?)
}

fn parse_months(text: &str) -> Result<u32, String> {
    let months = text
        .parse::<u32>()
        .map_err(|_| format!("\"{text}\" is not a whole number of months"))?;
    config::check_months(months)
}

/// A flag's figure is held to the rule of the log's cell, and must not be empty.
fn not_empty<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<T, String> {
    if text.trim().is_empty() {
        return Err("expected a value".to_string());
    }
    parse(text.trim()).map_err(|expected| format!("expected {expected}"))
}

fn parse_count(text: &str) -> Result<u64, String> {
    not_empty(text, log::parse_count)
}

fn parse_hours(text: &str) -> Result<Amount, String> {
    not_empty(text, log::parse_hours)
}

fn parse_money(text: &str) -> Result<Amount, String> {
    not_empty(text, log::parse_money)
}

/// How a command that ran to its end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// `check` found problems and listed them; the exit status is 2.
    ProblemsFound,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let config = || -> Result<Config> {
        match config::locate(cli.config.as_deref())? {
            Some(path) => config::load(&path),
            None => Ok(Config::default()),
        }
    };
    let today = || chrono::Local::now().date_naive();
    match cli.command {
        Command::Report(args) => {
            cmd::report::run(args, &config()?, today()).map(|()| Outcome::Done)
        }
        Command::Log(args) => cmd::log::run(args, &config()?, today()).map(|()| Outcome::Done),
        Command::Check(args) => cmd::check::run(&args.files, cli.config.as_deref()),
        Command::Init(args) => cmd::init::run(&args.dir).map(|()| Outcome::Done),
    }
}
