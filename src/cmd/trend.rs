//! `netaudit trend`: one metric per group and month, from the same ledger as the report.

use super::Context;
use super::output;
use super::view::{
    currency_shown, group_facts, last_month, rules, selection, setup, starts_after_year_zero,
    write_view,
};
use crate::cli::TrendArgs;
use crate::exit::ExitStatus;
use crate::history::HistoryKey;
use crate::model;
use crate::render::View;
use anyhow::Result;

pub fn run(args: TrendArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let last = last_month(&args.period, context.today)?;
    let rules = rules(args.settings, config);
    let setup = setup(
        context,
        &args.period,
        &rules,
        args.output,
        ("trend", "trend"),
        output::terminal(),
    )?;
    let ledger = setup.read(context.quiet, None)?;
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
    let currency = currency_shown(&rules, ledger.currency(), config);
    write_view(
        &setup.output,
        View::Trend(&trend),
        Some(key),
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
