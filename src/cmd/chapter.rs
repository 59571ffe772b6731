//! `netaudit chapter`: a chapter's summaries (and slips) read, added up period after
//! period, and judged both ways: by BNI's Traffic Lights and by what the room gave.

use super::Context;
use super::inputs::Input;
use super::output;
use super::view::{rules, write_view};
use crate::chapter::{self, Connections, PeriodProblem};
use crate::cli::ChapterArgs;
use crate::exit::ExitStatus;
use crate::history::HistoryKey;
use crate::messages::show_value;
use crate::render::{Currency, View};
use crate::settings::RuleSettings;
use crate::sources::palms::Period;
use crate::sources::slips::SlipRules;
use crate::sources::{chapter_summary, slips};
use anyhow::{Result, bail};

pub fn run(args: ChapterArgs, context: &Context) -> Result<ExitStatus> {
    let (config, quiet, color) = (context.config()?, context.quiet, context.color);
    let files: Vec<_> = args.summaries.iter().chain(&args.slips).cloned().collect();
    let inputs = super::inputs::log_inputs(&files, config, "chapter")?;
    if inputs.contains(&Input::Stdin) {
        bail!("a chapter's summaries and slips are read from files; name each file");
    }
    let output = output::resolve(args.output, config, color, output::terminal())?;
    output::refuse_inputs(
        &output.target,
        &inputs,
        config.path.as_deref(),
        "chapter report",
    )?;
    let encoding = config.format.encoding;
    let given = Period {
        from: args.from,
        to: args.to,
    };

    let mut summaries = Vec::with_capacity(args.summaries.len());
    for path in &args.summaries {
        let name = path.display().to_string();
        summaries.push(chapter_summary::read(
            path,
            &name,
            args.sheet.as_deref(),
            encoding,
            given,
        )?);
    }
    summaries.sort_by_key(|summary| summary.from);
    let lines = chapter::members(&summaries).map_err(|problem| {
        let (PeriodProblem::Overlap { first, second } | PeriodProblem::Gap { first, second }) =
            problem;
        let (first, second) = (&summaries[first], &summaries[second]);
        let periods = format!(
            "{} covers {} to {}, and {} {} to {}",
            first.file,
            first.from,
            first.through(),
            second.file,
            second.from,
            second.through()
        );
        match problem {
            PeriodProblem::Overlap { .. } => anyhow::anyhow!(
                "{periods}: their periods overlap, so the weeks they share would count twice; \
                 give summaries of periods that follow one another"
            ),
            PeriodProblem::Gap { .. } => anyhow::anyhow!(
                "{periods}: the days between them are in no summary; give the summary of those \
                 days too, or report on each period alone"
            ),
        }
    })?;
    let chapter = summaries.iter().find_map(|summary| summary.chapter.clone());
    if let Some(other) =
        (summaries.iter()).find(|summary| summary.chapter.is_some() && summary.chapter != chapter)
    {
        bail!(
            "{} is a summary of {}, and {} of {}; report on one chapter at a time",
            summaries[0].file,
            show_value(chapter.as_deref().unwrap_or_default()),
            other.file,
            show_value(other.chapter.as_deref().unwrap_or_default())
        );
    }
    let (Some(first), Some(last)) = (summaries.first(), summaries.last()) else {
        bail!("no chapter summary given");
    };
    let period = (first.from, last.through());

    let connections = if args.slips.is_empty() {
        None
    } else {
        let names: Vec<String> = lines.iter().map(|line| line.name.clone()).collect();
        let mut connections = Connections::new(&names);
        let slip_rules = SlipRules {
            from: period.0,
            to: period.1,
            day_first: config.format.day_first(),
        };
        for path in &args.slips {
            let name = path.display().to_string();
            slips::read(
                path,
                &name,
                args.sheet.as_deref(),
                encoding,
                slip_rules,
                &mut connections,
            )?;
        }
        Some(connections)
    };
    let rules = rules(RuleSettings::default(), config);
    let report = chapter::report(
        chapter,
        period,
        summaries.len(),
        lines,
        connections,
        &config.traffic_lights,
        rules.big_group,
    );
    let currency = Currency::shown(rules.currency.as_deref(), None, config.locale);
    let view = View::Chapter {
        report: &report,
        room: args.room,
    };
    // A chapter's room is one record a period; its members one each, so that the members
    // of two chapters can share a history.
    let key = HistoryKey {
        period: &["from", "to"],
        within: if args.room { &["chapter"] } else { &["member"] },
    };
    write_view(&output, view, Some(key), &currency, quiet)?;
    Ok(ExitStatus::Done)
}
