//! `netaudit groups`: every group the log names, what it holds of each, and each one's
//! verdict in the report for the month.

use super::Context;
use super::output;
use super::view::{
    currency_shown, group_facts, negative_sum_error, report_window, rules, setup, write_view,
};
use crate::cli::GroupsArgs;
use crate::close_up;
use crate::exit::ExitStatus;
use crate::render::View;
use anyhow::Result;

pub fn run(args: GroupsArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let rules = rules(args.settings, config);
    let window = report_window(&args.period, context.today, &rules)?;
    let setup = setup(
        context,
        &args.period,
        &rules,
        args.output,
        ("groups", "list"),
        output::terminal(),
    )?;
    let ledger = setup.read(context.quiet, None)?;
    let lines = close_up::group_lines(&ledger, &group_facts(config), &rules, window)
        .map_err(negative_sum_error)?;
    let currency = currency_shown(&rules, ledger.currency(), config);
    // The groups as they stand, with no month: nothing a history could be kept by.
    write_view(
        &setup.output,
        View::Groups(&lines),
        None,
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
