//! The command line: clap definitions, and the one place where flags, the config
//! file and defaults are resolved into the settings the rest of the code reads.

use crate::config::{self, Config};
use crate::ledger::Ledger;
use crate::log::{group_key, read_log};
use crate::model::{GroupFacts, Rules, build_report};
use crate::period::{DEFAULT_WINDOW_MONTHS, Month, Window, parse_date, report_month};
use crate::render::table::Screen;
use crate::render::{self, Currency};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

const EXIT_CODES: &str = "\
Exit status:
  0  the report was printed (also when its reader closed the pipe early)
  2  bad input, a bad config file or bad usage; nothing was printed to stdout";

/// Measure what each business networking group returns for your time, and
/// whether to stay, watch or leave.
#[derive(Debug, Parser)]
#[command(name = "netaudit", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Config file [default: ./netaudit.toml, else $XDG_CONFIG_HOME/netaudit/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score each group over the report window and recommend stay, watch or leave
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Activity log files (CSV); `-` reads standard input [default: the config's `log`]
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Report as if today were DATE (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<NaiveDate>,

    /// Report on this month [default: the last complete month before today]
    #[arg(long, value_name = "YYYY-MM", value_parser = Month::parse)]
    month: Option<Month>,

    /// Output format
    #[arg(short = 'O', long = "output-format", value_enum, default_value_t = OutputFormat::Table)]
    output_format: OutputFormat,

    /// Months in the window, ending with the report month [config: window_months; default: 12]
    #[arg(long, value_name = "MONTHS", value_parser = parse_months)]
    window: Option<u32>,

    /// What one hour of your time is worth [config: hourly_rate; default: 100]
    #[arg(long, value_name = "AMOUNT", value_parser = parse_positive)]
    hourly_rate: Option<f64>,

    /// Currency symbol or code for the table, such as € or EUR [config: currency; default: $]
    #[arg(long, value_name = "SYMBOL")]
    currency: Option<String>,

    /// Share of revenue that is value to you, from 0 to 1 [config: margin; default: 1]
    #[arg(long, value_name = "SHARE", value_parser = parse_share)]
    margin: Option<f64>,

    /// Fixed value of an open lead [config: lead_value; default: estimated from your log]
    #[arg(long, value_name = "AMOUNT", value_parser = parse_non_negative)]
    lead_value: Option<f64>,

    /// Meetings in the window before a group can be judged [config: min_meetings; default: 6]
    #[arg(long, value_name = "N")]
    min_meetings: Option<u64>,

    /// Months of membership before a group can be judged [config: min_months; default: 6]
    #[arg(long, value_name = "N")]
    min_months: Option<u32>,

    /// Score at which a group earns a stay [config: stay_at; default: 1.0]
    #[arg(long, value_name = "SCORE", value_parser = parse_non_negative)]
    stay_at: Option<f64>,

    /// Weight, in leads, of your overall close rate against a group's own [config: prior_leads; default: 5]
    #[arg(long, value_name = "LEADS", value_parser = parse_non_negative)]
    prior_leads: Option<f64>,

    /// Members above which a room is too big to know anyone [config: big_group; default: 24]
    #[arg(long, value_name = "N")]
    big_group: Option<u64>,

    /// Months without a lead that earn a warning [config: no_lead_months; default: 12]
    #[arg(long, value_name = "MONTHS", value_parser = parse_months)]
    no_lead_months: Option<u32>,
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

/// Where activity rows come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// Everything `report` needs, resolved from flags, config and defaults.
#[derive(Debug)]
pub struct ReportSettings {
    pub inputs: Vec<Input>,
    pub window: Window,
    pub rules: Rules,
    /// Group facts from the config, keyed by group key.
    pub facts: HashMap<String, GroupFacts>,
    /// The name of each group the config has facts for, as the config wrote it.
    pub fact_names: Vec<String>,
    pub currency: Currency,
    pub format: OutputFormat,
    pub screen: Screen,
}

/// Resolves `report`'s settings: a flag wins over the config, the config over the default.
/// `today` is the real date, used when no --today is given.
fn resolve(
    args: ReportArgs,
    config: &Config,
    today: NaiveDate,
    terminal: Screen,
) -> Result<ReportSettings> {
    let defaults = Rules::default();
    let rules = Rules {
        hourly_rate: args
            .hourly_rate
            .or(config.hourly_rate)
            .unwrap_or(defaults.hourly_rate),
        margin: args.margin.or(config.margin).unwrap_or(defaults.margin),
        lead_value: args.lead_value.or(config.lead_value),
        min_meetings: args
            .min_meetings
            .or(config.min_meetings)
            .unwrap_or(defaults.min_meetings),
        min_months: args
            .min_months
            .or(config.min_months)
            .unwrap_or(defaults.min_months),
        stay_at: args.stay_at.or(config.stay_at).unwrap_or(defaults.stay_at),
        prior_leads: args
            .prior_leads
            .or(config.prior_leads)
            .unwrap_or(defaults.prior_leads),
        big_group: args
            .big_group
            .or(config.big_group)
            .unwrap_or(defaults.big_group),
        no_lead_months: args
            .no_lead_months
            .or(config.no_lead_months)
            .unwrap_or(defaults.no_lead_months),
    };
    let today = args.today.unwrap_or(today);
    let month = report_month(today, args.month).map_err(anyhow::Error::msg)?;
    let window = Window::ending(
        month,
        args.window
            .or(config.window_months)
            .unwrap_or(DEFAULT_WINDOW_MONTHS),
    );

    let inputs: Vec<Input> = if !args.files.is_empty() {
        args.files
            .into_iter()
            .map(|file| {
                if file == Path::new("-") {
                    Input::Stdin
                } else {
                    Input::File(file)
                }
            })
            .collect()
    } else if !config.log.is_empty() {
        config.log.iter().cloned().map(Input::File).collect()
    } else {
        bail!(
            "no activity log given: name one (netaudit report activity.csv), use - for standard input, \
             or set log = [\"activity.csv\"] in {}; see the README for the log's columns",
            config::CONFIG_FILE
        );
    };
    for (index, input) in inputs.iter().enumerate() {
        if inputs[..index]
            .iter()
            .any(|earlier| same_input(earlier, input))
        {
            bail!(
                "{} is given twice; its rows would count twice",
                input.name()
            );
        }
    }

    let facts = config
        .groups
        .iter()
        .map(|(name, group)| (group_key(name), group.clone()))
        .collect();
    let fact_names = config.groups.iter().map(|(name, _)| name.clone()).collect();

    Ok(ReportSettings {
        inputs,
        window,
        rules,
        facts,
        fact_names,
        currency: Currency(
            args.currency
                .or_else(|| config.currency.clone())
                .unwrap_or_else(|| "$".to_string()),
        ),
        format: args.output_format,
        screen: if args.output_format == OutputFormat::Table {
            terminal
        } else {
            Screen::default()
        },
    })
}

fn same_input(a: &Input, b: &Input) -> bool {
    match (a, b) {
        (Input::Stdin, Input::Stdin) => true,
        (Input::File(a), Input::File(b)) => {
            a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
        }
        _ => false,
    }
}

/// What stdout is: on a terminal, its width, and colour unless NO_COLOR is set to anything
/// but empty; elsewhere (a pipe, a file) neither.
fn terminal() -> Screen {
    if !std::io::stdout().is_terminal() {
        return Screen::default();
    }
    Screen {
        color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        // comfy-table asks the terminal for its size when stdout is one.
        width: comfy_table::Table::new().width(),
    }
}

/// Runs a parsed command line. Everything for stdout is built first and written once,
/// so a failure never leaves half a report behind.
pub fn run(cli: Cli) -> Result<()> {
    let config = match config::locate(cli.config.as_deref())? {
        Some(path) => config::load(&path)?,
        None => Config::default(),
    };
    match cli.command {
        Command::Report(args) => {
            let today = chrono::Local::now().date_naive();
            let settings = resolve(args, &config, today, terminal())?;
            let output = report(&settings)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(output.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

fn report(settings: &ReportSettings) -> Result<String> {
    let mut ledger = Ledger::new();
    for input in &settings.inputs {
        read_input(input, &mut ledger)?;
    }
    if ledger.rows() == 0 {
        bail!(
            "the activity log has no rows yet ({}); add one row per meeting, deal or payment under the header",
            settings
                .inputs
                .iter()
                .map(Input::name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for name in settings
        .fact_names
        .iter()
        .filter(|name| !ledger.has_group(&group_key(name)))
    {
        eprintln!(
            "netaudit: warning: the config has facts for group \"{name}\", but no row of the log names it; check its spelling"
        );
    }

    let window = settings.window;
    let report = build_report(
        &ledger.group_totals(window),
        &ledger.pooled(window.last),
        &settings.facts,
        &settings.rules,
        window,
    );
    match settings.format {
        OutputFormat::Table => Ok(render::table::render(
            &report,
            &settings.currency,
            settings.screen,
        )),
        OutputFormat::Csv => render::csv::render(&report, &settings.currency),
        OutputFormat::Json => render::json::render(&report, &settings.currency),
    }
}

fn read_input(input: &Input, ledger: &mut Ledger) -> Result<()> {
    let name = input.name();
    let mut add = |row: crate::log::ActivityRow| ledger.add(&row);
    match input {
        Input::Stdin => read_log(std::io::stdin().lock(), &name, &mut add)?,
        Input::File(path) => {
            if path.is_dir() {
                bail!("{name} is a folder; name the activity log file inside it");
            }
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open activity log {name}"))?;
            read_log(file, &name, &mut add)?
        }
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> ReportArgs {
        let mut argv = vec!["netaudit", "report", "log.csv"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv).expect("valid arguments").command {
            Command::Report(args) => args,
        }
    }

    fn today() -> NaiveDate {
        parse_date("2026-11-23").unwrap()
    }

    #[test]
    fn flag_beats_config_beats_default() {
        let config = Config {
            hourly_rate: Some(150.0),
            margin: Some(0.4),
            window_months: Some(6),
            ..Config::default()
        };
        let settings = resolve(
            args(&["--hourly-rate", "80"]),
            &config,
            today(),
            Screen::default(),
        )
        .unwrap();
        assert_eq!(settings.rules.hourly_rate, 80.0, "flag wins");
        assert_eq!(settings.rules.margin, 0.4, "config wins over default");
        assert_eq!(settings.rules.min_meetings, 6, "default");
        assert_eq!(settings.window.months(), 6);
        let settings = resolve(
            args(&["--window", "3"]),
            &config,
            today(),
            Screen::default(),
        )
        .unwrap();
        assert_eq!(settings.window.months(), 3);
        let settings = resolve(args(&[]), &Config::default(), today(), Screen::default()).unwrap();
        assert_eq!(settings.rules, Rules::default());
        assert_eq!(
            settings.window,
            Window::ending(Month::parse("2026-10").unwrap(), 12)
        );
        assert_eq!(settings.currency, Currency("$".to_string()));
    }

    #[test]
    fn today_and_month_fix_the_window() {
        let settings = resolve(
            args(&["--today", "2026-01-10"]),
            &Config::default(),
            today(),
            Screen::default(),
        )
        .unwrap();
        assert_eq!(settings.window.last, Month::parse("2025-12").unwrap());
        assert_eq!(settings.window.first, Month::parse("2025-01").unwrap());
        let settings = resolve(
            args(&["--month", "2026-02"]),
            &Config::default(),
            today(),
            Screen::default(),
        )
        .unwrap();
        assert_eq!(settings.window.last, Month::parse("2026-02").unwrap());
    }

    #[test]
    fn colour_and_width_only_for_the_table() {
        let terminal = Screen {
            color: true,
            width: Some(80),
        };
        let table = resolve(args(&[]), &Config::default(), today(), terminal).unwrap();
        assert_eq!(table.screen, terminal);
        let csv = resolve(args(&["-O", "csv"]), &Config::default(), today(), terminal).unwrap();
        assert_eq!(csv.screen, Screen::default());
    }

    #[test]
    fn the_same_input_twice_is_refused() {
        let err = resolve(
            args(&["log.csv"]),
            &Config::default(),
            today(),
            Screen::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("given twice"), "{err}");
    }
}
