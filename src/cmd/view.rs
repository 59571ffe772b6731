//! What the views (report, trend, show, groups) share: the rules and the period resolved,
//! the logs found and checked against where the output goes, the groups selected, and the
//! view written.

use super::Context;
use super::inputs::{Input, LoggedRowSeen, log_format, log_inputs, read_ledger_seeing, threads};
use super::output::{self, OutputSettings};
use crate::activity::format::LogFormat;
use crate::cli::OutputArgs;
use crate::cli::PeriodArgs;
use crate::config::Config;
use crate::currency::Code;
use crate::history::HistoryKey;
use crate::ledger::{Ledger, Membership};
use crate::messages;
use crate::model::{GroupFacts, NegativeSum, Selection};
use crate::names::{closest_names, group_key};
use crate::period::{Month, Window, report_month};
use crate::render::table::Screen;
use crate::render::{self, Currency, Look, View};
use crate::settings::{RuleSettings, Rules};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The last month `report` and `trend` cover: --month, else with --to-date the month of
/// --today (or the real `today`), else the last complete month before it.
pub fn last_month(period: &PeriodArgs, today: NaiveDate) -> Result<Month> {
    let today = period.today.unwrap_or(today);
    if period.to_date {
        return Ok(Month::of(today));
    }
    report_month(today, period.month).map_err(anyhow::Error::msg)
}

/// What the ledger must know as it reads a period's rows: the config's say, and with
/// --to-date, that the month so far stops at --today (or the real `today`).
pub fn period_membership(period: &PeriodArgs, config: &Config, today: NaiveDate) -> Membership {
    Membership {
        through: period.to_date.then(|| period.today.unwrap_or(today)),
        ..config.membership()
    }
}

/// The report window `period` and `rules` give: `window_months` months ending with the last
/// month (see [`last_month`]), refused when it would begin before the year 1.
pub fn report_window(period: &PeriodArgs, today: NaiveDate, rules: &Rules) -> Result<Window> {
    let window = Window::ending(last_month(period, today)?, rules.window_months);
    starts_after_year_zero(window.first)?;
    Ok(window)
}

/// Refuses a period that would begin before the year 1, which no date in a log can be in
/// and no month can be written for.
pub fn starts_after_year_zero(first: Month) -> Result<()> {
    let too_early = Month::new(1, 1).map_or(0, |year_one| year_one.months_after(first));
    if too_early > 0 {
        bail!(
            "that period would begin {too_early} month{} before the year 1; choose a later \
             --month, or fewer months",
            if too_early == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The rule settings resolved once: a flag wins over the config, the config over the
/// default.
pub fn rules(flags: RuleSettings, config: &Config) -> Rules {
    flags.or(&config.settings).resolve()
}

/// The groups `names` (`--group`) select, matched as the log's group names are; every
/// group when none is named. A name no row of the log has is an error, naming the
/// closest the log has.
pub fn selection(names: &[String], ledger: &Ledger) -> Result<Selection> {
    if names.is_empty() {
        return Ok(Selection::all());
    }
    let mut keys = Vec::with_capacity(names.len());
    for name in names {
        keys.push(logged_group(name, ledger).map_err(|err| anyhow::anyhow!("--group {err}"))?);
    }
    Ok(Selection::only(keys))
}

/// The key of the group `name` stands for (see [`Ledger::key_of`]); an error when no row
/// of the log names it, naming the closest the log has.
pub fn logged_group(name: &str, ledger: &Ledger) -> Result<String> {
    let key = ledger.key_of(name);
    if ledger.has_group(&key) {
        return Ok(key);
    }
    let logged: Vec<String> = ledger.names().map(|group| group.name).collect();
    let logged: Vec<&str> = logged.iter().map(String::as_str).collect();
    let closest: Vec<String> = closest_names(name, &logged, 3)
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect();
    if closest.is_empty() {
        bail!(
            "\"{name}\": no row of the log names that group, nor one spelt like it (netaudit \
             groups lists them all)"
        );
    }
    bail!(
        "\"{name}\": no row of the log names that group; the closest it has: {} (netaudit \
         groups lists them all)",
        closest.join(", ")
    )
}

/// Renders `view` and writes it where `output` says; unless `quiet`, says what the write
/// did that the user should know (the records an append replaced). `key` says which
/// records of a history the view writes again (see [`HistoryKey`]).
pub fn write_view(
    output: &OutputSettings,
    view: View<'_>,
    key: Option<HistoryKey>,
    currency: &Currency,
    quiet: bool,
) -> Result<()> {
    let written = output::write(output, key, |csv| {
        let look = Look {
            currency,
            screen: output.screen,
            quiet,
            csv,
        };
        render::render(view, output.format, &look)
    })?;
    if let Some(note) = written.filter(|_| !quiet) {
        messages::note(note);
    }
    Ok(())
}

/// A group whose money adds up to less than 0 over a window, as an error for the user.
pub fn negative_sum_error(negative: NegativeSum) -> anyhow::Error {
    anyhow::anyhow!(
        "\"{}\": its {} adds up to {} from {} to {}, below 0: a refund is larger than what it \
         refunds in this window; check the refund's amount and date, or log it with covers to \
         spread it like the payment",
        negative.group,
        negative.figure,
        negative.sum,
        negative.window.first,
        negative.window.last
    )
}

/// The config's facts about groups, keyed by group key.
pub fn group_facts(config: &Config) -> HashMap<String, GroupFacts> {
    config
        .groups
        .iter()
        .map(|(name, group)| (group_key(name), group.clone()))
        .collect()
}

/// What a view reads and where it writes, resolved once from its flags and the config:
/// the logs, how they are written and read, and the output, checked to be none of them.
#[derive(Debug)]
pub struct ViewSetup {
    pub inputs: Vec<Input>,
    pub format: LogFormat,
    /// The config's aliases and memberships ended, and the period's last day, which decide
    /// how rows count.
    pub membership: Membership,
    /// How many threads read a large log.
    pub threads: usize,
    pub output: OutputSettings,
}

/// The preamble every view shares, after its rules and its period are resolved: the logs
/// `period` names (else the config's), the output `output` asks for on `terminal`, and a
/// refusal when the output is one of the logs. `command` names the view's command in
/// messages, and `what` what it writes ("report", or "list" for `groups`).
pub fn setup(
    context: &Context,
    period: &PeriodArgs,
    rules: &Rules,
    output: OutputArgs,
    (command, what): (&str, &str),
    terminal: Screen,
) -> Result<ViewSetup> {
    let config = context.config()?;
    let inputs = log_inputs(&period.files, config, command)?;
    let output = output::resolve(output, config, context.color, terminal)?;
    output::refuse_inputs(&output.target, &inputs, config.path.as_deref(), what)?;
    Ok(ViewSetup {
        inputs,
        format: log_format(period, config, rules),
        membership: Membership {
            repeat_business_months: Some(rules.repeat_business_months),
            ..period_membership(period, config, context.today)
        },
        threads: threads(period),
        output,
    })
}

impl ViewSetup {
    /// Every log read into one ledger (see [`read_ledger_seeing`]).
    pub fn read(&self, quiet: bool, seeing: Option<LoggedRowSeen<'_>>) -> Result<Ledger> {
        read_ledger_seeing(
            &self.inputs,
            &self.format,
            self.membership.clone(),
            self.threads,
            quiet,
            seeing,
        )
    }
}

/// How money is shown: the rules' currency (--currency over the config), else the one the
/// log's cells settled on, in the forms of the config's locale.
pub fn currency_shown(rules: &Rules, log: Option<Code>, config: &Config) -> Currency {
    Currency::shown(rules.currency.as_deref(), log, config.locale)
}
