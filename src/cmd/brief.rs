//! `netaudit brief`: the round, ready to say, on a day.

use super::Context;
use super::output;
use super::view::{currency_shown, logged_group, rules, setup, write_view};
use crate::cli::BriefArgs;
use crate::exit::ExitStatus;
use crate::model;
use crate::period::Month;
use crate::render::{Format, View, brief};
use anyhow::{Result, bail};

pub fn run(args: BriefArgs, context: &Context) -> Result<ExitStatus> {
    let config = context.config()?;
    let period = args.day.period(&args.files);
    let rules = rules(args.settings, config);
    let today = period.today.unwrap_or(context.today);
    let setup = setup(
        context,
        &period,
        &rules,
        args.output,
        ("brief", "brief"),
        output::terminal(),
    )?;
    // Refused before the logs are read: a brief is words, not a table of figures.
    if matches!(
        setup.output.format,
        Format::Csv | Format::Xlsx | Format::Html
    ) {
        bail!(brief::WORDS_ONLY);
    }
    let ledger = setup.read(context.quiet, None)?;
    let through = Month::of(today);
    let group = match &args.group {
        Some(name) => {
            let key = logged_group(name, &ledger)?;
            let shown = ledger.group(&key).map_or(name.clone(), |group| group.name);
            Some((shown, key))
        }
        None => None,
    };
    let brought = match &group {
        Some((_, key)) => ledger.clients_of(key, through),
        None => Vec::new(),
    };
    let pipeline = ledger.pipeline(through);
    let brief = model::brief(&pipeline, today, rules.lead_life_months, group, brought);
    let currency = currency_shown(&rules, ledger.currency(), config);
    write_view(
        &setup.output,
        View::Brief(&brief),
        None,
        &currency,
        context.quiet,
    )?;
    Ok(ExitStatus::Done)
}
