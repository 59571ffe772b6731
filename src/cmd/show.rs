//! `netaudit show GROUP`: one group up close, from the same ledger and rules as the report,
//! with the group's last rows kept as the log is read.

use super::Context;
use super::output;
use super::view::{
    currency_shown, group_facts, last_month, logged_group, negative_sum_error, rules, setup,
    starts_after_year_zero, write_view,
};
use crate::activity::ActivityRow;
use crate::cli::ShowArgs;
use crate::close_up::{self, LoggedRow};
use crate::exit::ExitStatus;
use crate::history::HistoryKey;
use crate::period::Window;
use crate::render::View;
use anyhow::Result;
use std::collections::VecDeque;

pub fn run(args: ShowArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let rules = rules(args.settings, config);
    let last = last_month(&args.period, context.today)?;
    let first_shown = last.plus(-i64::from(args.months.saturating_sub(1)));
    starts_after_year_zero(first_shown)?;
    starts_after_year_zero(Window::ending(first_shown, rules.window_months).first)?;
    let setup = setup(
        context,
        &args.period,
        &rules,
        args.output,
        ("show", "show"),
        output::terminal(),
    )?;

    let key = setup.membership.key_of(&args.group);
    let kept = usize::from(args.last);
    let mut last_rows: VecDeque<LoggedRow> = VecDeque::with_capacity(kept);
    let mut keep = |row: &ActivityRow, line: u64, input: &str| {
        if kept == 0 || setup.membership.key_of(&row.group) != key {
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
    let ledger = setup.read(context.quiet, Some(&mut keep))?;
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
    .map_err(negative_sum_error)?
    .ok_or_else(|| anyhow::anyhow!("no row of the log names \"{}\"", args.group))?;

    let currency = currency_shown(&rules, ledger.currency(), config);
    let key = HistoryKey {
        period: &["month"],
        within: &["group"],
    };
    write_view(
        &setup.output,
        View::Show(&shown),
        Some(key),
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
