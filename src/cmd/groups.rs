//! `netaudit groups`: every group the log names, what it holds of each, and each one's
//! verdict in the report for the month.

use super::output;
use super::{
    group_facts, last_month, log_format, log_inputs, period_membership, read_ledger, rules,
    starts_after_year_zero, threads, write_view,
};
use crate::cli::{ColorChoice, GroupsArgs};
use crate::close_up;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::period::Window;
use crate::render::{Currency, View};
use anyhow::Result;
use chrono::NaiveDate;

pub fn run(
    args: GroupsArgs,
    config: &Config,
    today: NaiveDate,
    quiet: bool,
    color: ColorChoice,
) -> Result<ExitStatus> {
    let rules = rules(args.settings, config);
    let window = Window::ending(last_month(&args.period, today)?, rules.window_months);
    starts_after_year_zero(window.first)?;
    let inputs = log_inputs(&args.period.files, config, "groups")?;
    let output = output::resolve(args.output, config, color, output::terminal())?;
    output::refuse_inputs(&output.target, &inputs, config.path.as_deref(), "list")?;
    let ledger = read_ledger(
        &inputs,
        &log_format(&args.period, config, &rules),
        period_membership(&args.period, config, today),
        threads(&args.period),
        quiet,
    )?;
    let lines = close_up::group_lines(&ledger, &group_facts(config), &rules, window)
        .map_err(super::negative_sum_error)?;
    let currency = Currency::shown(rules.currency.as_deref(), ledger.currency(), config.locale);
    // The groups as they stand, with no month: nothing a history could be kept by.
    write_view(&output, View::Groups(&lines), None, &currency, quiet)?;
    Ok(ExitStatus::Done)
}
