//! Any arguments to `netaudit log`: the row it appends reads back as exactly what was
//! given (the group's name normalised, a meeting implied by hours alone), or it is refused
//! and the log is left as it was. A row with --covers adds that column to the log, whose
//! old row then reads as it did.

#![no_main]

use chrono::NaiveDate;
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use netaudit::activity::format::Decimal;
use netaudit::activity::{Column, RowCurrencies, parse_hours, parse_money_named};
use netaudit::cli::{Cli, Command, LogArgs};
use netaudit::currency::Reading;
use netaudit::figures::Amount;
use netaudit::period::parse_date;
use netaudit::config::Config;
use netaudit::figures::Figures;
use netaudit::activity::{ActivityRow, parse_group, parse_name};
use netaudit::sources::csv_log::read_log;
use std::path::PathBuf;

/// A log that already has a row, in a folder of memory, so that each run is fast.
fn fresh_log() -> PathBuf {
    let dir = PathBuf::from(format!("/dev/shm/netaudit-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder in /dev/shm");
    let path = dir.join("activity.csv");
    std::fs::write(
        &path,
        "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n\
         2026-01-05,Harbor City BNI,1,1.5,18,,,,,,\n",
    )
    .expect("writing to /dev/shm");
    path
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut argv = vec!["netaudit", "log"];
    argv.extend(text.split('\0').take(24));
    let Ok(cli) = Cli::try_parse_from(argv) else {
        return;
    };
    let Command::Log(mut args) = cli.command else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let path = fresh_log();
    args.file = Some(path.clone());
    let adds_column = args.cells.given(Column::Covers).is_some();
    let expected = expected_row(&args, today);
    let before = std::fs::read(&path).expect("the log");
    let context = netaudit::cmd::Context::with_config(Config::default(), today, true);
    let result = netaudit::cmd::log::run(args, &context).map(drop);
    let after = std::fs::read(&path).expect("the log");
    match result {
        Ok(()) => {
            let mut rows = Vec::new();
            read_log(&after[..], "fuzz", |row| {
                rows.push(row.clone());
                Ok(())
            })
            .expect("the log reads back");
            assert_eq!(rows.len(), 2, "one row added");
            let expected = expected.expect("a row whose flags read is the only one logged");
            assert_eq!(rows[1], expected);
            let mut old = Vec::new();
            read_log(&before[..], "fuzz", |row| {
                old.push(row.clone());
                Ok(())
            })
            .expect("the log read before");
            assert_eq!(rows[0], old[0], "the old row reads as it did");
            assert!(adds_column || after.starts_with(&before), "the old rows are untouched");
        }
        Err(err) => {
            assert_eq!(before, after, "refused, and nothing written: {err:#}");
        }
    }
});

/// The row the flags describe, read as the log reads its cells with no config (a money
/// flag naming a currency keeps it, for the report to check); `None` where a flag does not
/// read, when the command must refuse it.
fn expected_row(args: &LogArgs, today: NaiveDate) -> Option<ActivityRow> {
    let cells = &args.cells;
    let date = match cells.text(Column::Date) {
        Some(text) => parse_date(text.trim()).ok()?,
        None => today,
    };
    let hours = match cells.text(Column::Hours) {
        Some(text) => Some(parse_hours(text.trim()).ok()?),
        None => None,
    };
    let mut currencies = RowCurrencies::default();
    let mut money = |column: Column| -> Option<Amount> {
        let text = cells.text(column);
        let Some(text) = text else {
            return Some(Amount::default());
        };
        let (amount, named) = parse_money_named(text.trim(), Decimal::Point).ok()?;
        if let Some(named) = named {
            currencies.set(column, Reading::Settling(named.currency(None)));
        }
        Some(amount)
    };
    let cost = money(Column::Cost)?;
    let revenue = money(Column::Revenue)?;
    let other_value = money(Column::OtherValue)?;
    let name = |column: Column| match cells.text(column) {
        Some(text) => parse_name(text).ok(),
        None => Some(String::new()),
    };
    Some(ActivityRow {
        date,
        group: parse_group(args.group.as_deref().unwrap_or_default()).unwrap_or_default(),
        figures: Figures {
            meetings: cells.number(Column::Meetings).or(hours.map(|_| 1)).unwrap_or(0),
            hours: hours.unwrap_or_default(),
            cost,
            leads: cells.number(Column::Leads).unwrap_or(0),
            deals: cells.number(Column::Deals).unwrap_or(0),
            revenue,
            referrals_given: cells.number(Column::ReferralsGiven).unwrap_or(0),
            other_value,
            lost: cells.number(Column::Lost).unwrap_or(0),
        },
        covers: cells.number(Column::Covers).map_or(1, |months| months as u32),
        source: String::new(),
        currencies,
        contact: name(Column::Contact)?,
        client: name(Column::Client)?,
    })
}

