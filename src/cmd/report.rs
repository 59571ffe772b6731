//! `netaudit report`: flags, config and defaults resolved once into settings, then
//! log → ledger → model → rendered report.

use super::{Input, log_inputs, open};
use crate::cli::{OutputFormat, ReportArgs};
use crate::config::Config;
use crate::ledger::Ledger;
use crate::log::{group_key, read_log};
use crate::model::{GroupFacts, Rules, build_report};
use crate::period::{DEFAULT_WINDOW_MONTHS, Window, report_month};
use crate::render::table::Screen;
use crate::render::{self, Currency};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};

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

    let inputs = log_inputs(&args.files, config, "report")?;

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

/// Runs `report`. Everything for stdout is built first and written once, so a failure
/// never leaves half a report behind.
pub fn run(args: ReportArgs, config: &Config, today: NaiveDate) -> Result<()> {
    let settings = resolve(args, config, today, terminal())?;
    let output = report(&settings)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()?;
    Ok(())
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

/// Reads one input into the ledger, stopping at its first problem.
fn read_input(input: &Input, ledger: &mut Ledger) -> Result<()> {
    let name = input.name();
    read_log(open(input)?, &name, |row| ledger.add(&row))
        .map_err(|err| anyhow::anyhow!("{err} (netaudit check lists every problem)"))?;
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::period::{Month, parse_date};
    use clap::Parser;

    fn args(extra: &[&str]) -> ReportArgs {
        let mut argv = vec!["netaudit", "report", "log.csv"];
        argv.extend_from_slice(extra);
        match Cli::try_parse_from(argv).expect("valid arguments").command {
            Command::Report(args) => args,
            other => panic!("not a report: {other:?}"),
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
