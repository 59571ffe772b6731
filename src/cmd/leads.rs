//! `netaudit leads`: the pipeline on a day, oldest lead first.

use super::Context;
use super::output;
use super::view::{currency_shown, logged_group, rules, setup, write_view};
use crate::cli::LeadsArgs;
use crate::exit::ExitStatus;
use crate::model::{self, LeadsAsked};
use crate::period::Month;
use crate::render::View;
use anyhow::Result;

pub fn run(args: LeadsArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let rules = rules(args.settings, config);
    let period = args.day.period(&args.files);
    let today = period.today.unwrap_or(context.today);
    let setup = setup(
        context,
        &period,
        &rules,
        args.output,
        ("leads", "list"),
        output::terminal(),
    )?;
    let ledger = setup.read(context.quiet, None)?;
    let groups = (args.groups.iter())
        .map(|name| logged_group(name, &ledger).map_err(|err| anyhow::anyhow!("--group {err}")))
        .collect::<Result<Vec<_>>>()?;
    let asked = match (args.all, args.due) {
        (true, _) => LeadsAsked::All,
        (false, Some(days)) => LeadsAsked::Due(days),
        (false, None) => LeadsAsked::Open,
    };
    let pipeline = ledger.pipeline(Month::of(today));
    let leads = model::leads_view(&pipeline, today, rules.lead_life_months, asked, &groups);
    let currency = currency_shown(&rules, ledger.currency(), config);
    write_view(
        &setup.output,
        View::Leads(&leads),
        None,
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
