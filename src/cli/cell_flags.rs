//! `log`'s flag for each column that has one, made from the column table
//! ([`Column::spec`]) rather than written out, so that a new column has its flag, in the
//! log's order, with nothing else to add.

use super::{parse_count, parse_covers};
use crate::activity::{COLUMNS, Column, Kind};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};

/// What one flag was given: a count or a number of months as clap read it, else the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    Number(u64),
    Text(String),
}

/// The cells `log`'s flags give, by column, in the log's order.
#[derive(Clone, Debug, Default)]
pub struct CellFlags {
    given: Vec<(Column, Given)>,
}

impl CellFlags {
    /// The text given for `column`'s flag.
    pub fn text(&self, column: Column) -> Option<&str> {
        self.given(column).and_then(|given| match given {
            Given::Text(text) => Some(text.as_str()),
            Given::Number(_) => None,
        })
    }

    /// The number given for `column`'s flag, a count or a number of months.
    pub fn number(&self, column: Column) -> Option<u64> {
        self.given(column).and_then(|given| match given {
            Given::Number(number) => Some(*number),
            Given::Text(_) => None,
        })
    }

    pub fn given(&self, column: Column) -> Option<&Given> {
        self.given
            .iter()
            .find(|(of, _)| *of == column)
            .map(|(_, given)| given)
    }
}

/// The flag of `column`, as a person types it: `--referrals-given`.
pub fn flag(column: Column) -> String {
    format!("--{}", column.name().replace('_', "-"))
}

/// The columns that have a `log` flag, in the log's order.
pub fn flagged() -> impl Iterator<Item = Column> {
    COLUMNS
        .into_iter()
        .filter(|column| column.spec().flag_help.is_some())
}

fn arg_of(column: Column) -> Arg {
    let spec = column.spec();
    let arg = Arg::new(spec.name)
        .long(spec.name.replace('_', "-"))
        .help(spec.flag_help.unwrap_or_default())
        .action(ArgAction::Set);
    let arg = match spec.flag_alone {
        Some(value) => arg.num_args(0..=1).default_missing_value(value),
        None => arg,
    };
    match spec.kind {
        Kind::Date => arg.value_name("DATE"),
        Kind::Count(_) => arg
            .value_name("N")
            .value_parser(parse_count)
            .allow_negative_numbers(true),
        Kind::Months => arg.value_name("MONTHS").value_parser(parse_covers),
        Kind::Hours(_) => arg.value_name("HOURS").allow_negative_numbers(true),
        Kind::Money(_) => arg.value_name("AMOUNT").allow_negative_numbers(true),
        Kind::Group | Kind::Text | Kind::Id => arg.value_name("TEXT"),
        Kind::Name(_) => arg.value_name("NAME"),
    }
}

impl Args for CellFlags {
    /// `log --undo` takes a row back and is given none: LogArgs declares it before its
    /// cells, which it then conflicts with, each.
    fn augment_args(command: Command) -> Command {
        flagged()
            .fold(command, |command, column| command.arg(arg_of(column)))
            .mut_arg("undo", |undo| {
                undo.conflicts_with_all(flagged().map(|column| column.name()))
            })
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

impl FromArgMatches for CellFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = CellFlags::default();
        flags.update_from_arg_matches_mut(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.update_from_arg_matches_mut(&mut matches.clone())
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        for column in flagged() {
            let id = column.name();
            let given = match column.kind() {
                Kind::Count(_) => taken::<u64>(matches, id)?.map(Given::Number),
                Kind::Months => {
                    taken::<u32>(matches, id)?.map(|months| Given::Number(u64::from(months)))
                }
                _ => taken::<String>(matches, id)?.map(Given::Text),
            };
            if let Some(given) = given {
                self.given.retain(|(of, _)| *of != column);
                self.given.push((column, given));
            }
        }
        self.given.sort_by_key(|(column, _)| *column);
        Ok(())
    }
}

/// The value of the flag `id`, taken out of `matches`.
fn taken<T>(matches: &mut ArgMatches, id: &str) -> Result<Option<T>, clap::Error>
where
    T: Clone + Send + Sync + 'static,
{
    matches
        .try_remove_one::<T>(id)
        .map_err(|err| clap::Error::raw(clap::error::ErrorKind::ValueValidation, err))
}
