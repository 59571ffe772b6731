//! `netaudit partners`: who brought each group's return, contact by contact, over the
//! report window, with the groups judged as the report judges them.

use super::Context;
use super::output;
use super::view::{
    currency_shown, group_facts, negative_sum_error, report_window, rules, selection, setup,
    write_view,
};
use crate::cli::PartnersArgs;
use crate::exit::ExitStatus;
use crate::model;
use crate::render::View;
use anyhow::Result;

pub fn run(args: PartnersArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let rules = rules(args.settings, config);
    let window = report_window(&args.period, context.today, &rules)?;
    let setup = setup(
        context,
        &args.period,
        &rules,
        args.output,
        ("partners", "list"),
        output::terminal(),
    )?;
    let ledger = setup.read(context.quiet, None)?;
    let selection = selection(&args.groups, &ledger)?;
    let report = model::report(&ledger, &group_facts(config), &rules, window, &selection)
        .map_err(negative_sum_error)?;
    let totals = ledger.group_totals(window);
    let partners = model::partners_view(&report, &totals, rules.lead_life_months);
    let currency = currency_shown(&rules, ledger.currency(), config);
    write_view(
        &setup.output,
        View::Partners(&partners),
        None,
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
