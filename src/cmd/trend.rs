//! `netaudit trend`: one metric per group and month, from the same ledger as the report.

use super::output::{self, HistoryKey};
use super::{
    group_facts, last_month, log_format, log_inputs, period_membership, read_ledger, rules,
    selection, starts_after_year_zero, threads, write_view,
};
use crate::cli::{ColorChoice, TrendArgs};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::model;
use crate::render::{Currency, View};
use anyhow::Result;
use chrono::NaiveDate;

pub fn run(
    args: TrendArgs,
    config: &Config,
    today: NaiveDate,
    quiet: bool,
    color: ColorChoice,
) -> Result<ExitStatus> {
    let last = last_month(&args.period, today)?;
    let rules = rules(args.settings, config);
    let inputs = log_inputs(&args.period.files, config, "trend")?;
    let output = output::resolve(args.output, config, color, output::terminal())?;
    output::refuse_inputs(&output.target, &inputs, config.path.as_deref(), "trend")?;

    let format = log_format(&args.period, config, &rules);
    let ledger = read_ledger(
        &inputs,
        &format,
        period_membership(&args.period, config, today),
        threads(&args.period),
        quiet,
    )?;
    let currency = Currency::shown(rules.currency.as_deref(), ledger.currency(), config.locale);
    let first = last.plus(-i64::from(args.months.saturating_sub(1)));
    starts_after_year_zero(first)?;
    let selection = selection(&args.groups, &ledger)?;
    let trend = model::trend(
        &ledger,
        args.metric,
        last,
        args.months,
        &rules,
        &group_facts(config),
        &selection,
    );

    // A trend of every group writes its months of the metric whole; of some, their rows.
    let within: &[&str] = if args.groups.is_empty() {
        &["metric"]
    } else {
        &["metric", "group"]
    };
    let key = HistoryKey {
        period: &["month"],
        within,
    };
    write_view(&output, View::Trend(&trend), Some(key), &currency, quiet)?;
    Ok(ExitStatus::Done)
}
