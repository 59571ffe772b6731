//! `netaudit report`: flags, config and defaults resolved once into settings, then
//! log → ledger → model → rendered report.

use super::Context;
use super::output;
use super::view::{
    ViewSetup, currency_shown, group_facts, report_window, rules, selection, setup, write_view,
};
use crate::cli::{FailOn, ReportArgs};
use crate::exit::ExitStatus;
use crate::history::HistoryKey;
use crate::ledger::{GroupNames, Ledger};
use crate::messages;
use crate::model::{self, GroupFacts, Metric, Report, Trend, Verdict};
use crate::names::{group_key, look_alikes};
use crate::period::{Month, Window};
use crate::render::table::Screen;
use crate::render::{Format, View};
use crate::settings::Rules;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Everything `report` needs, resolved from flags, config and defaults.
#[derive(Debug)]
pub struct ReportSettings {
    /// The logs, how they are read, and the output.
    pub setup: ViewSetup,
    pub window: Window,
    /// The day the report runs as of: --today, or the real date.
    pub today: NaiveDate,
    /// Whether the window ends with the month not yet over (--to-date).
    pub to_date: bool,
    pub rules: Rules,
    /// Group facts from the config, keyed by group key.
    pub facts: HashMap<String, GroupFacts>,
    /// The name of each group the config has facts for, as the config wrote it.
    pub fact_names: Vec<String>,
    /// The groups to show (--group); every group when empty.
    pub groups: Vec<String>,
    /// The verdict at or past which the run exits 1.
    pub fail_on: Option<Verdict>,
    pub quiet: bool,
}

/// Resolves `report`'s settings: a flag wins over the config, the config over the default.
/// `terminal` is what stdout is (see [`output::terminal`]).
fn resolve(args: ReportArgs, context: &Context, terminal: Screen) -> Result<ReportSettings> {
    let config = context.config()?;
    let rules = rules(args.settings, config);
    let window = report_window(&args.period, context.today, &rules)?;
    let setup = setup(
        context,
        &args.period,
        &rules,
        args.output,
        ("report", "report"),
        terminal,
    )?;
    Ok(ReportSettings {
        setup,
        window,
        today: args.period.today.unwrap_or(context.today),
        to_date: args.period.to_date,
        rules,
        facts: group_facts(config),
        fact_names: config.groups.iter().map(|(name, _)| name.clone()).collect(),
        groups: args.groups,
        fail_on: args.fail_on.map(|fail_on| match fail_on {
            FailOn::Leave => Verdict::Leave,
            FailOn::Watch => Verdict::Watch,
        }),
        quiet: context.quiet,
    })
}

/// Runs `report`. Everything is built before anything is written, so a failure never
/// leaves half a report behind.
pub fn run(args: ReportArgs, context: &Context) -> Result<ExitStatus> {
    let settings = resolve(args, context, output::terminal())?;
    let (report, scores) = report(&settings)?;
    let currency = currency_shown(&settings.rules, report.currency, context.config()?);
    // A report of every group writes its month whole; of some, only their rows.
    let within: &[&str] = if settings.groups.is_empty() {
        &[]
    } else {
        &["group"]
    };
    write_view(
        &settings.setup.output,
        View::Report {
            report: &report,
            scores: scores.as_ref(),
        },
        Some(HistoryKey {
            period: &["month"],
            within,
        }),
        &currency,
        settings.quiet,
    )?;

    let decision_due = settings
        .fail_on
        .is_some_and(|fail_on| report.groups.iter().any(|group| group.verdict >= fail_on));
    Ok(if decision_due {
        ExitStatus::DecisionDue
    } else {
        ExitStatus::Done
    })
}

/// The months of score the HTML report charts for each group.
const SCORE_CHART_MONTHS: u32 = 12;

/// The report for the settings' window, each group marked with the verdict the same log
/// gives a month earlier; and for the HTML page, which charts it, each group's score over
/// the months up to it, as `trend --metric score` gives it. The other formats have no use
/// for those months, and a large log's would cost more than the report.
fn report(settings: &ReportSettings) -> Result<(Report, Option<Trend>)> {
    let ledger = settings.setup.read(settings.quiet, None)?;
    if !settings.quiet {
        for name in settings
            .fact_names
            .iter()
            .filter(|name| !ledger.has_group(&group_key(name)))
        {
            messages::warn(format_args!(
                "the config has facts for group \"{name}\", but no row of the log names it; check its spelling"
            ));
        }
    }
    if !settings.quiet {
        warn_of_look_alikes(&ledger);
    }
    let this_month = Month::of(settings.today);
    let waiting = ledger.rows_in(this_month);
    if !settings.quiet
        && !settings.to_date
        && settings.window.last == this_month.plus(-1)
        && ledger.rows_in(settings.window.last) == 0
        && waiting > 0
    {
        messages::note(format!(
            "{} in {this_month}, which is not over; {} count from {}. netaudit report \
             --to-date shows the month so far",
            if waiting == 1 {
                "1 row".to_string()
            } else {
                format!("{waiting} rows")
            },
            if waiting == 1 { "it" } else { "they" },
            this_month.plus(1).first_day()
        ));
    }
    let selection = selection(&settings.groups, &ledger)?;
    let mut report = model::report(
        &ledger,
        &settings.facts,
        &settings.rules,
        settings.window,
        &selection,
    )
    .map_err(super::view::negative_sum_error)?;
    report.to_date = settings.to_date.then_some(settings.today);
    let scores = (settings.setup.output.format == Format::Html).then(|| {
        model::trend(
            &ledger,
            Metric::Score,
            settings.window.last,
            SCORE_CHART_MONTHS,
            &settings.rules,
            &settings.facts,
            &selection,
        )
    });
    Ok((report, scores))
}

/// A mistyped group name ("BNI Kaptiel Rheinufer") is a group of its own in the report:
/// said once on stderr, naming the look-alikes, for `check` to show where they are.
fn warn_of_look_alikes(ledger: &Ledger) {
    let groups: Vec<GroupNames> = ledger.names().collect();
    let keys: Vec<&str> = groups.iter().map(|group| group.key).collect();
    let pairs = look_alikes(&keys).unwrap_or_default();
    let shown: Vec<String> = (pairs.iter())
        .map(|&(a, b)| format!("\"{}\" and \"{}\"", groups[a].name, groups[b].name))
        .collect();
    if shown.is_empty() {
        return;
    }
    messages::warn(format_args!(
        "groups spelt almost alike are counted apart: {}; if they are one group, write it one \
         way (netaudit check shows where)",
        shown.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ColorChoice;
    use crate::cli::{Cli, Command};
    use crate::config::Config;
    use crate::period::{Month, parse_date};
    use crate::settings::RuleSettings;
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

    /// `report`'s settings for `args`, neither quiet nor told about colour.
    fn resolved(args: ReportArgs, config: &Config, screen: Screen) -> Result<ReportSettings> {
        resolve(
            args,
            &Context::with_config(config.clone(), today(), false),
            screen,
        )
    }

    #[test]
    fn flag_beats_config_beats_default() {
        let config = Config {
            settings: RuleSettings {
                hourly_rate: Some(150.0),
                margin: Some(0.4),
                window_months: Some(6),
                ..RuleSettings::default()
            },
            ..Config::default()
        };
        let settings =
            resolved(args(&["--hourly-rate", "80"]), &config, Screen::default()).unwrap();
        assert_eq!(settings.rules.hourly_rate, 80.0, "flag wins");
        assert_eq!(settings.rules.margin, 0.4, "config wins over default");
        assert_eq!(settings.rules.min_meetings, 6, "default");
        assert_eq!(settings.window.months(), 6);
        let settings = resolved(args(&["--window", "3"]), &config, Screen::default()).unwrap();
        assert_eq!(settings.window.months(), 3);
        let settings = resolved(args(&[]), &Config::default(), Screen::default()).unwrap();
        assert_eq!(settings.rules, Rules::default());
        assert_eq!(
            settings.window,
            Window::ending(Month::parse("2026-10").unwrap(), 12)
        );
        assert_eq!(settings.rules.currency, None, "the log's cells say it");
    }

    #[test]
    fn today_and_month_fix_the_window() {
        let settings = resolved(
            args(&["--today", "2026-01-10"]),
            &Config::default(),
            Screen::default(),
        )
        .unwrap();
        assert_eq!(settings.window.last, Month::parse("2025-12").unwrap());
        assert_eq!(settings.window.first, Month::parse("2025-01").unwrap());
        let settings = resolved(
            args(&["--month", "2026-02"]),
            &Config::default(),
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
        let table = resolved(args(&[]), &Config::default(), terminal).unwrap();
        assert_eq!(table.setup.output.screen, terminal);
        let csv = resolved(args(&["-O", "csv"]), &Config::default(), terminal).unwrap();
        assert_eq!(csv.setup.output.screen, Screen::default());
    }

    #[test]
    fn colour_follows_the_choice_and_the_target() {
        let terminal = Screen {
            color: true,
            width: Some(80),
        };
        let with = |color, extra: &[&str], terminal| {
            let mut context = Context::with_config(Config::default(), today(), false);
            context.color = color;
            resolve(args(extra), &context, terminal)
                .unwrap()
                .setup
                .output
                .screen
        };
        assert!(!with(ColorChoice::Never, &[], terminal).color);
        assert!(with(ColorChoice::Always, &[], Screen::default()).color);
        assert!(!with(ColorChoice::Auto, &[], Screen::default()).color);
        let no_color = Screen {
            color: false,
            width: Some(80),
        };
        assert!(!with(ColorChoice::Auto, &[], no_color).color, "NO_COLOR");
        assert!(
            with(ColorChoice::Always, &[], no_color).color,
            "--color always wins"
        );
        let to_file = with(ColorChoice::Auto, &["-o", "report.txt"], terminal);
        assert_eq!(to_file, Screen::default(), "a file is not the terminal");
        assert!(with(ColorChoice::Always, &["-o", "report.txt"], terminal).color);
    }

    #[test]
    fn fail_on_names_the_verdict_and_worse() {
        let fail_on = |extra: &[&str]| {
            resolved(args(extra), &Config::default(), Screen::default())
                .unwrap()
                .fail_on
        };
        assert_eq!(fail_on(&[]), None);
        assert_eq!(fail_on(&["--fail-on", "leave"]), Some(Verdict::Leave));
        assert_eq!(fail_on(&["--fail-on", "watch"]), Some(Verdict::Watch));
        assert!(Verdict::Leave > Verdict::Watch && Verdict::Watch > Verdict::Stay);
    }

    #[test]
    fn the_same_input_twice_is_refused() {
        let err = resolved(args(&["log.csv"]), &Config::default(), Screen::default()).unwrap_err();
        assert!(err.to_string().contains("given twice"), "{err}");
    }
}
