//! `netaudit trend`: one metric per group and month, from the same ledger as the report.

use super::output;
use super::{
    currency, last_month, log_inputs, read_ledger, starts_after_year_zero, threads, value_rules,
    window_months,
};
use crate::cli::{ColorChoice, OutputFormat, TrendArgs};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::ledger::GroupTotals;
use crate::model::build_trend;
use crate::period::{Month, Window};
use crate::render;
use anyhow::Result;
use chrono::NaiveDate;

pub fn run(
    args: TrendArgs,
    config: &Config,
    today: NaiveDate,
    color: ColorChoice,
) -> Result<ExitStatus> {
    let last = last_month(&args.period, today)?;
    let window_months = window_months(args.value.window, config);
    let rules = value_rules(&args.value, config);
    let currency = currency(args.value.currency.clone(), config);
    let inputs = log_inputs(&args.period.files, config, "trend")?;
    let output = output::resolve(args.output, config, color, output::terminal())?;
    output::refuse_inputs(&output.target, &inputs, config.path.as_deref(), "trend")?;

    let ledger = read_ledger(&inputs, threads(&args.period))?;
    let metric = args.metric;
    let months: Vec<Month> = (0..args.months)
        .rev()
        .map(|back| last.plus(-i64::from(back)))
        .collect();
    if let Some(&first) = months.first() {
        starts_after_year_zero(first)?;
    }
    let columns: Vec<Vec<GroupTotals>> = months
        .iter()
        .map(|&month| {
            let covered = if metric.is_windowed() {
                window_months
            } else {
                1
            };
            ledger.group_totals(Window::ending(month, covered))
        })
        .collect();
    let trend = build_trend(metric, &months, &columns, &rules, window_months);

    output::write(&output, |csv_style| match output.format {
        OutputFormat::Table => Ok(render::trend::table(&trend, &currency, output.screen)),
        OutputFormat::Csv => render::trend::csv(&trend, csv_style),
        OutputFormat::Json => render::trend::json(&trend),
    })?;
    Ok(ExitStatus::Done)
}
