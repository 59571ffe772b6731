//! `netaudit show GROUP`: one group up close, from the same ledger and rules as the report,
//! with the group's last rows kept as the log is read.

use super::output::{self, HistoryKey};
use super::{
    group_facts, last_month, log_format, log_inputs, logged_group, read_ledger_seeing, rules,
    starts_after_year_zero, threads,
};
use super::{period_membership, write_view};
use crate::activity::ActivityRow;
use crate::cli::{ColorChoice, ShowArgs};
use crate::close_up::{self, LoggedRow};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::period::Window;
use crate::render::{Currency, View};
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::VecDeque;

pub fn run(
    args: ShowArgs,
    config: &Config,
    today: NaiveDate,
    quiet: bool,
    color: ColorChoice,
) -> Result<ExitStatus> {
    let rules = rules(args.settings, config);
    let last = last_month(&args.period, today)?;
    let first_shown = last.plus(-i64::from(args.months.saturating_sub(1)));
    starts_after_year_zero(first_shown)?;
    starts_after_year_zero(Window::ending(first_shown, rules.window_months).first)?;
    let inputs = log_inputs(&args.period.files, config, "show")?;
    let output = output::resolve(args.output, config, color, output::terminal())?;
    output::refuse_inputs(&output.target, &inputs, config.path.as_deref(), "show")?;

    let membership = period_membership(&args.period, config, today);
    let key = membership.key_of(&args.group);
    let kept = usize::from(args.last);
    let mut last_rows: VecDeque<LoggedRow> = VecDeque::with_capacity(kept);
    let mut keep = |row: &ActivityRow, line: u64, input: &str| {
        if kept == 0 || membership.key_of(&row.group) != key {
            return;
        }
        if last_rows.len() == kept {
            last_rows.pop_front();
        }
        last_rows.push_back(LoggedRow {
            place: format!("{}:{line}", crate::messages::escape(input)),
            row: row.clone(),
        });
    };
    let ledger = read_ledger_seeing(
        &inputs,
        &log_format(&args.period, config, &rules),
        membership.clone(),
        threads(&args.period),
        quiet,
        Some(&mut keep),
    )?;
    let key = logged_group(&args.group, &ledger)?;
    let shown = close_up::close_up(
        &ledger,
        &key,
        &group_facts(config),
        &rules,
        last,
        args.months,
        last_rows.into(),
    )
    .map_err(super::negative_sum_error)?
    .ok_or_else(|| anyhow::anyhow!("no row of the log names \"{}\"", args.group))?;

    let currency = Currency::shown(rules.currency.as_deref(), ledger.currency(), config.locale);
    let key = HistoryKey {
        period: &["month"],
        within: &["group"],
    };
    write_view(&output, View::Show(&shown), Some(key), &currency, quiet)?;
    Ok(ExitStatus::Done)
}
