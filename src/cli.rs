//! The command line: clap definitions and help text, nothing else. [`crate::app`] runs
//! what they parse.

mod cell_flags;

pub use cell_flags::{CellFlags, Given, flag, flagged};

use crate::activity;
use crate::exit;
use crate::figures::Amount;
use crate::model::Metric;
use crate::period::{Month, parse_date};
use crate::render;
use crate::settings::{self, RuleSettings};
use anyhow::Result;
use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::num::NonZeroUsize;
use std::path::PathBuf;

const MAIN_HELP: &str = "\
Examples:
  netaudit init                      start a log and a config in this folder
  netaudit log \"Harbor City BNI\" --hours 1.5 --cost 18
  netaudit report                    last month's report, as a table
  netaudit trend --metric leads      leads per group, month by month
  netaudit report -o history.csv --append --fail-on leave
";

const REPORT_HELP: &str = "\
Examples:
  netaudit report                             the last complete month, as a table
  netaudit report --month 2026-06 -O json     June 2026, for a script
  netaudit report -o report.csv --excel       CSV for Excel, replaced whole
  netaudit report -q -o history.csv --append --fail-on leave
                                              cron: add this month's rows to a
                                              history, exit 1 when a group should go

Exit status:
  0  the report was written
  1  --fail-on: a group's verdict is the one named or worse (the report is
     still written)
  2  bad input, a bad config file or bad usage; nothing was written";

const TREND_HELP: &str = "\
Examples:
  netaudit trend                              each group's score, the last 6 months
  netaudit trend --metric hours --months 12   hours per group, month by month
  netaudit trend --metric leads -o leads.csv  month,group,metric,value rows

Exit status:
  0  the trend was written
  2  bad input, a bad config file or bad usage; nothing was written";

const CHECK_HELP: &str = "\
Examples:
  netaudit check                      the config, and the logs it names
  netaudit check activity.csv old.csv two logs, with the config's group facts

Exit status:
  0  no problem found (warnings alone do not fail it)
  2  a problem was found and listed, or bad usage";

const INIT_HELP: &str = "\
Examples:
  netaudit init                  in this folder
  netaudit init ~/networking     in a new folder

Exit status:
  0  netaudit.toml and activity.csv were written
  2  either file is already there (nothing is overwritten), or bad usage";

const COMPLETIONS_HELP: &str = "\
Examples:
  netaudit completions bash > ~/.local/share/bash-completion/completions/netaudit
  netaudit completions zsh > ~/.zfunc/_netaudit
  netaudit completions fish > ~/.config/fish/completions/netaudit.fish";

const MAN_HELP: &str = "\
Examples:
  netaudit man > netaudit.1 && man ./netaudit.1
  netaudit man report > netaudit-report.1";

/// Measure what each business networking group returns for your time, and
/// whether to stay, watch or leave.
#[derive(Debug, Parser)]
#[command(
    name = "netaudit",
    version,
    propagate_version = true,
    after_help = format!("{MAIN_HELP}\n{}", exit::help_section())
)]
pub struct Cli {
    /// Config file [default: ./netaudit.toml, else $XDG_CONFIG_HOME/netaudit/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// No warnings and no summary line; errors still go to stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score each group over the report window and recommend stay, watch or leave
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// One metric per group, month by month
    #[command(after_help = TREND_HELP)]
    Trend(TrendArgs),
    /// One group up close: its membership, its months with the verdict each would have
    /// had, and its last rows
    #[command(after_help = SHOW_HELP)]
    Show(ShowArgs),
    /// Every group the log names: its rows, first and last date, and its verdict
    #[command(after_help = GROUPS_HELP)]
    Groups(GroupsArgs),
    /// Who brought each group's return: per contact, the leads, deals and revenue they
    /// brought, and the one-to-ones and hours spent with them
    #[command(after_help = PARTNERS_HELP)]
    Partners(PartnersArgs),
    /// The pipeline: every open lead with its age and status, oldest first; every lead
    /// with --all; those no row has named for a while with --due
    #[command(after_help = LEADS_HELP)]
    Leads(LeadsArgs),
    /// The round, ready to say: the latest clients won and the prospects being worked on,
    /// each with who referred it
    #[command(after_help = BRIEF_HELP)]
    Brief(BriefArgs),
    /// A chapter's members by BNI's Traffic Lights and by what the room gave them, and
    /// the room itself, from chapter summaries and slips
    #[command(after_help = CHAPTER_HELP)]
    Chapter(ChapterArgs),
    /// Append one row to the activity log
    #[command(after_help = LOG_HELP)]
    Log(LogArgs),
    /// Add rows to the log from a calendar, a time tracker or BNI PALMS reports
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Give every row of one group another name, in the log itself
    #[command(after_help = RENAME_HELP)]
    Rename(RenameArgs),
    /// Check the activity logs and the config, listing every problem
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Start a new log: write a commented netaudit.toml and an empty activity.csv
    #[command(after_help = INIT_HELP)]
    Init(InitArgs),
    /// Print a shell completion script, generated from these definitions
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page, for netaudit or one of its commands, in roff
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command to print the page of [default: netaudit itself]
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The verdict at which `--fail-on` exits 1: the one named or worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when any group's verdict is leave
    Leave,
    /// Exit 1 when any group's verdict is watch or leave
    Watch,
}

/// Which logs to read, and as of when.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// Activity log files (CSV or spreadsheets); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Run as if today were DATE (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// The last month to cover [default: the last complete month before today]
    #[arg(long, value_name = "YYYY-MM", value_parser = Month::parse)]
    pub month: Option<Month>,

    /// End with the current month as it stands today, though it is not over
    #[arg(long, conflicts_with = "month")]
    pub to_date: bool,

    /// How many threads read a large log file [default: one per core]
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// The sheet to read of a spreadsheet log (.xlsx, .ods, .xls) [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// Where the output goes, and in which form.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: from --output-file's extension (.csv, .json), else table]
    #[arg(short = 'O', long = "output-format", value_enum)]
    pub output_format: Option<render::Format>,

    /// Write to FILE instead of stdout, replacing it whole, at once, never half-written
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Add the CSV rows to --output-file's history instead, replacing the records this run
    /// writes again (docs/cron.md); refuses a file whose header differs
    #[arg(long, requires = "output_file")]
    pub append: bool,

    /// CSV for Excel: a UTF-8 byte-order mark and CRLF line ends [config: excel]
    #[arg(long)]
    pub excel: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Show only this group, judged as in the report of all (repeat for more)
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,

    /// Exit 1 when any group's verdict is this or worse
    #[arg(long, value_name = "VERDICT", value_enum)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub settings: RuleSettings,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// What each cell shows: a month's own total, or for score the window's score as of that month
    #[arg(long, value_name = "METRIC", default_value = "score", value_parser = metric_parser())]
    pub metric: Metric,

    /// Months to show, ending with the last complete month (or --month)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TREND_MONTHS, value_parser = settings::months::parse)]
    pub months: u32,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Show only this group, judged as in the report of all (repeat for more)
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,

    #[command(flatten)]
    pub settings: RuleSettings,
}

/// Half a year of columns fits a terminal 80 characters wide.
const DEFAULT_TREND_MONTHS: u32 = 6;

const SHOW_HELP: &str = "\
GROUP matches rows as group names do, without regard to letter case or spacing, and an
alias in netaudit.toml names its group. Each month's score and verdict are those the
report for that month gives.

Examples:
  netaudit show \"Harbor City BNI\"                 the last 12 months and 10 rows
  netaudit show \"harbor city bni\" --months 24 --last 30
  netaudit show \"Harbor City BNI\" -o harbor.html  with its score chart

Exit status:
  0  the group was shown
  2  no row names GROUP, bad input, a bad config file or bad usage";

const GROUPS_HELP: &str = "\
Examples:
  netaudit groups                    every group in the config's logs
  netaudit groups old.csv -O csv     one log's groups, for a script

Exit status:
  0  the groups were listed
  2  bad input, a bad config file or bad usage";

const PARTNERS_HELP: &str = "\
The rows' contact and client columns say who brought what (docs/partners.md). A deal
with a client closes that client's own oldest open lead; revenue of a row that names a
client and no contact is the contact's who referred the client.

Examples:
  netaudit partners                            every group's contacts
  netaudit partners --group \"Harbor City BNI\"  one group's
  netaudit partners -O csv -o partners.csv     for a spreadsheet

Exit status:
  0  the partners were listed
  2  bad input, a bad config file or bad usage";

const LEADS_HELP: &str = "\
A lead is open until a deal or a lost lead closes it (docs/partners.md): a client's deal
closes that client's oldest open lead. It is going cold in the last month before
lead_life_months runs out, and cold after: the report counts it as lost. The day is
--today (default: today); rows after it are left out, and counted.

Examples:
  netaudit leads                     the open leads, oldest first
  netaudit leads --due 14            those no row has named for 14 days or more
  netaudit leads --all -O csv        every lead, closed and lost too, for a spreadsheet

Exit status:
  0  the leads were listed
  2  bad input, a bad config file or bad usage";

#[derive(Debug, Args)]
pub struct LeadsArgs {
    /// Activity log files (CSV or spreadsheets); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub day: DayArgs,

    /// Every lead: closed, lost and cold ones too, with when they ended
    #[arg(long, conflicts_with = "due")]
    pub all: bool,

    /// Only open leads that no row has named (by their client) for DAYS days or more
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=36_600))]
    pub due: Option<u32>,

    /// Show only this group's leads (repeat for more)
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub settings: RuleSettings,
}

const BRIEF_HELP: &str = "\
What to say at the next meeting: the three latest deals that name their client, newest
first, and three open leads that name theirs, the most recently named first, each with who
referred it (docs/partners.md). With GROUP, only that group's, and every client it brought.
As text, Markdown (-O markdown) or JSON (-O json). The logs are the config's `log`, or
those --file names.

Examples:
  netaudit brief                       from every group
  netaudit brief \"Harbor City BNI\"     one group's, and the clients it brought
  netaudit brief -O markdown -o round.md
  netaudit brief --file activity.csv   from a log the config does not name

Exit status:
  0  the brief was written
  2  bad input, a bad config file or bad usage";

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The group, as its rows name it [default: every group]
    #[arg(value_name = "GROUP")]
    pub group: Option<String>,

    /// An activity log (CSV or a spreadsheet), `-` for standard input; repeat for more
    /// [default: the config's `log`]
    #[arg(long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub day: DayArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub settings: RuleSettings,
}

/// The day a list of the day is for, and how its logs are read.
#[derive(Debug, Args)]
pub struct DayArgs {
    /// Run as if today were DATE (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,

    /// How many threads read a large log file [default: one per core]
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// The sheet to read of a spreadsheet log (.xlsx, .ods, .xls) [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

impl DayArgs {
    /// The period of a view of `files` that ends on the day itself: its month so far.
    pub fn period(&self, files: &[PathBuf]) -> PeriodArgs {
        PeriodArgs {
            files: files.to_vec(),
            today: self.today,
            month: None,
            to_date: true,
            threads: self.threads,
            sheet: self.sheet.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct PartnersArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// Show only this group's contacts (repeat for more)
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub settings: RuleSettings,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The group, as its rows name it
    #[arg(value_name = "GROUP")]
    pub group: String,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// Months to show, ending with the report month
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = settings::months::parse)]
    pub months: u32,

    /// How many of its last rows to list
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub last: u16,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub settings: RuleSettings,
}

#[derive(Debug, Args)]
pub struct GroupsArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub settings: RuleSettings,
}

const CHAPTER_HELP: &str = "\
Each SUMMARY is BNI Connect's Chapter Summary PALMS report (.xls as exported, or saved
again as .xlsx) or a chapter summary CSV (member,present,absent,late,medical,substitute,
referrals_given,referrals_received,visitors,one_to_ones,ceus,closed_business). Several
summaries must cover periods that follow one another; each member's lines add up.

Examples:
  netaudit chapter PALMS-2026-H1.xls
  netaudit chapter PALMS-2026-Q1.xls PALMS-2026-Q2.xls --slips slips.csv
  netaudit chapter members.csv --from 2026-04-01 --to 2026-09-30 -O json
  netaudit chapter PALMS-2026-H1.xls --room -o room-history.csv --append

Exit status:
  0  the chapter report was written
  2  bad input, a bad config file or bad usage; nothing was written";

#[derive(Debug, Args)]
pub struct ChapterArgs {
    /// Chapter summaries, one per period
    #[arg(value_name = "SUMMARY", required = true)]
    pub summaries: Vec<PathBuf>,

    /// Slips of the same period: BNI Connect's Slips Audit Report, or a slips CSV
    /// (date,from,to,type,amount); repeat for more files
    #[arg(long = "slips", value_name = "FILE")]
    pub slips: Vec<PathBuf>,

    /// The period's first day, for a summary that does not say it (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub from: Option<NaiveDate>,

    /// The period's last day, for a summary that does not say it (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub to: Option<NaiveDate>,

    /// The sheet to read of each spreadsheet [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// CSV, JSON and xlsx: the room's figures as one record, instead of one per member
    #[arg(long)]
    pub room: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

const LOG_HELP: &str = "\
--hours without --meetings logs one meeting (pass --meetings 0 for time that was not a
meeting, such as a one-to-one). A figure not given is left empty, which counts as 0.

Examples:
  netaudit log \"Harbor City BNI\" --hours 1.5 --cost 18
  netaudit log \"Harbor City BNI\" --leads 1 --note \"Dana, kitchen refit\"
  netaudit log \"Harbor City BNI\" --date 2026-10-14 --deals 1 --revenue 4800
  netaudit log \"Harbor City BNI\" --cost 750 --covers 12 --note \"annual dues\"
  netaudit log \"Harbor City BNI\" --cost -18 --note \"dinner cancelled, refunded\"
  netaudit log --undo

Exit status:
  0  the row was appended (and printed)
  2  bad input or usage, a log whose header cannot be mapped, or --strict and a new group";

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The group's name, as in earlier rows
    #[arg(required_unless_present = "undo")]
    pub group: Option<String>,

    /// Take back the last row netaudit log added, if it is still the log's last row, and
    /// print it
    #[arg(long, conflicts_with_all = ["group", "strict"])]
    pub undo: bool,

    /// A flag for each of the row's cells: --date, --meetings, --hours, --cost and so on,
    /// from the column table
    #[command(flatten)]
    pub cells: CellFlags,

    /// The log to append to [default: the config's first `log` file]
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Refuse, instead of warning, when no earlier row names the group
    #[arg(long)]
    pub strict: bool,
}

const RENAME_HELP: &str = "\
OLD matches rows as group names do, without regard to letter case or spacing. Only the
group cells of those rows change; every other byte of the log stays as it was. To count
an old name as the group without rewriting the log, set aliases = [\"OLD\"] under the
group in netaudit.toml instead.

Examples:
  netaudit rename \"Harbr City BNI\" \"Harbor City BNI\"
  netaudit rename \"Old Chamber\" \"Metro Chamber\" --file 2025.csv

Exit status:
  0  the rows were renamed
  2  no row names OLD, a log with problems, bad input or usage; nothing was written";

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The group's name as the rows write it
    pub old: String,

    /// The name to write instead
    pub new: String,

    /// The log to rename in [default: the config's first `log` file]
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

const IMPORT_HELP: &str = "\
Each item becomes one row with an id in the log's source column, so importing the same
file again adds nothing. Items after --to (today) are never imported. An item goes to
--group, else to the group whose `match` patterns in netaudit.toml fit it.

Examples:
  netaudit import calendar calendar.ics --dry-run --show-unmatched
  netaudit import calendar work.ics --group \"Harbor City BNI\" --from 2025-11-01
  netaudit import toggl toggl-detailed.csv
  netaudit import palms PALMS-2026-10.xls --member \"Dana Reyes\" --group \"Harbor City BNI\"
  netaudit import slips SlipsAudit.xls --member \"Dana Reyes\" --group \"Harbor City BNI\"
  netaudit import invoices invoices.csv --show-unmatched
  netaudit import stripe payments.csv
  netaudit import quickbooks \"Sales by Customer Detail.csv\"
  netaudit import xero SalesInvoices.csv

Exit status:
  0  the rows were added (or, with --dry-run, printed); none may have been new
  2  bad input, a bad config file or bad usage; nothing was written";

/// Where imported items come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// iCalendar (.ics) files from Google, Outlook, Apple, Meetup and others
    Calendar,
    /// Toggl Track's detailed report, as CSV
    Toggl,
    /// Clockify's detailed report, as CSV
    Clockify,
    /// Harvest's time report, as CSV
    Harvest,
    /// BNI Connect's Chapter Summary PALMS report (.xls, .xlsx)
    Palms,
    /// BNI Connect's Slips Audit Report (.xls, .xlsx, .csv): one member's slips
    Slips,
    /// Any invoices file (.csv, .xlsx) whose columns [import.invoices] names
    Invoices,
    /// Stripe's payments export (.csv)
    Stripe,
    /// QuickBooks Online's Invoice List or Sales by Customer Detail report (.csv, .xlsx)
    Quickbooks,
    /// Xero's sales invoices export (.csv)
    Xero,
    /// HubSpot's deals export (.csv, .xlsx)
    Hubspot,
    /// Pipedrive's deals export (.csv, .xlsx)
    Pipedrive,
}

impl ImportSource {
    /// Whether its items name clients, whose group the config or the log's leads say:
    /// the books' and a CRM's.
    pub fn names_clients(self) -> bool {
        matches!(
            self,
            ImportSource::Invoices
                | ImportSource::Stripe
                | ImportSource::Quickbooks
                | ImportSource::Xero
                | ImportSource::Hubspot
                | ImportSource::Pipedrive
        )
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What wrote the files
    // Shown as SOURCE, as the user reads it; in the code "source" is an imported row's id.
    #[arg(
        id = "source",
        value_name = "SOURCE",
        value_enum,
        required_unless_present = "undo"
    )]
    pub importer: Option<ImportSource>,

    /// The exported files
    #[arg(value_name = "FILE", required_unless_present = "undo")]
    pub files: Vec<PathBuf>,

    /// Take back the last import as a whole, while the log still ends with exactly what
    /// it added (a log it gave a source column, or created, is put back as it was)
    #[arg(long, conflicts_with_all = ["source", "files", "dry_run"])]
    pub undo: bool,

    /// Put every item in this group instead of matching the config's patterns
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,

    /// palms, slips: your name as the report writes it, "First Last"
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,

    /// The first day to import (YYYY-MM-DD); for palms exported without headers and slips
    /// without week titles, the period's first day
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub from: Option<NaiveDate>,

    /// The last day to import (YYYY-MM-DD) [default: today]; for palms exported without
    /// headers and slips without week titles, the period's last day
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub to: Option<NaiveDate>,

    /// The log to add to [default: the config's first `log` file]
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Print the rows that would be added, under the log's header, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// List the items that no group's `match` patterns fit, to write patterns for them,
    /// and those the log already holds by hand or from another source
    #[arg(long)]
    pub show_unmatched: bool,

    /// Add every item, even on a day whose meetings (or hours) the log already holds by
    /// hand or from another source
    #[arg(long)]
    pub even_if_logged: bool,

    /// Move rows imported before to the date the import now gives them (a meeting is
    /// dated by its own time zone), rewriting the log at once
    #[arg(long)]
    pub redate: bool,

    /// calendar: hours for an event with no duration
    #[arg(long, value_name = "HOURS", value_parser = parse_hours, default_value = "1")]
    pub default_hours: Amount,

    /// calendar: import all-day events as this many hours [default: skip them]
    #[arg(long, value_name = "HOURS", value_parser = parse_hours)]
    pub all_day_hours: Option<Amount>,

    /// palms, slips: the sheet to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// toggl, clockify, harvest, slips: how the export writes dates with slashes, where
    /// its own dates leave it open (all read both ways) [default: as its dates settle it,
    /// or for slips the config's date_format]
    #[arg(long, value_name = "ORDER", value_enum)]
    pub date_order: Option<SlashOrder>,
}

/// The order of a date written with slashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SlashOrder {
    /// Month first: 10/06/2026 is 6 October
    Mdy,
    /// Day first: 06/10/2026 is 6 October
    Dmy,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Activity log files (CSV or spreadsheets); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The sheet to read of a spreadsheet log (.xlsx, .ods, .xls) [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Check as if today were DATE (YYYY-MM-DD), for rows dated after it and meetings
    /// gone unlogged [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start in; created if missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Your locale, such as de, fr or en-GB: sets the delimiter, decimal mark, date form
    /// and currency together, and how figures are shown
    #[arg(long, value_name = "LOCALE")]
    pub locale: Option<String>,

    /// The log's delimiter: "," ";" or "tab" [default: the locale's, else ","]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// The log's decimal mark: "." or "," [default: the locale's, else "."]
    #[arg(long, value_name = "MARK")]
    pub decimal: Option<String>,

    /// How the log's dates are written, such as %d.%m.%Y [default: the locale's, else ISO]
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,

    /// The log's currency, an ISO code or a sign, such as EUR [default: the locale's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
}

fn parse_today(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
        .map_err(|_| format!("\"{text}\" is not a date; expected YYYY-MM-DD, such as 2026-11-01"))
}

/// The metrics, offered as possible values so that help and completions list them.
fn metric_parser() -> impl TypedValueParser<Value = Metric> {
    PossibleValuesParser::new(Metric::ALL.map(Metric::name)).try_map(|name| {
        Metric::from_name(&name).ok_or_else(|| format!("\"{name}\" is not a metric"))
    })
}

/// A flag's figure is held to the rule of the log's cell, and must not be empty.
fn not_empty<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<T, String> {
    if text.trim().is_empty() {
        return Err("expected a value".to_string());
    }
    parse(text.trim()).map_err(|expected| format!("expected {expected}"))
}

fn parse_count(text: &str) -> Result<u64, String> {
    not_empty(text, activity::parse_count)
}

fn parse_hours(text: &str) -> Result<Amount, String> {
    not_empty(text, activity::parse_hours)
}

fn parse_covers(text: &str) -> Result<u32, String> {
    not_empty(text, activity::parse_covers)
}
