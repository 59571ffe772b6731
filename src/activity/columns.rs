//! The log's columns as data: one table gives each column its name, its kind (and, for a
//! figure, where it lives in [`Figures`]), whether a log kept by hand has it, and the help
//! of its `log` flag. Every list of columns elsewhere (the header `init` writes, the money
//! columns, the figure fields of every output, the negative sums, `log`'s flags) is made
//! from it, so that a new column is its variant below, its [`Figures`] field and its line
//! in docs/log.md, and the compiler names anything else.

use crate::activity::ActivityRow;
use crate::figures::{Amount, Figures};

/// Declares the columns in the order a log, `init` and every output have them, and
/// [`COLUMNS`] from the same list, so that no column can be missing from it. A column added
/// later goes at the end: outputs carry fields added since in that order at their end
/// (see [`FIGURES_IN_BLOCK`]).
macro_rules! columns {
    ($($(#[$doc:meta])* $variant:ident,)*) => {
        /// A column the activity log may have.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Column {
            $($(#[$doc])* $variant,)*
        }

        /// Every column a log may have, in order.
        pub const COLUMNS: [Column; [$(Column::$variant),*].len()] = [$(Column::$variant),*];
    };
}

columns! {
    Date,
    Group,
    Meetings,
    Hours,
    Cost,
    Leads,
    Deals,
    Revenue,
    ReferralsGiven,
    OtherValue,
    Note,
    /// How many months the row's money covers, from the row's own month: a year's dues
    /// paid at once is spread over the year.
    Covers,
    /// Where an imported row came from: a stable id that makes an import repeatable.
    Source,
    /// The person the row is about: who referred the lead, whom you met, who thanked you.
    Contact,
    /// The customer or prospect the row is about; its counts are that client's.
    Client,
    /// Leads closed as lost: no longer open, and no deal.
    Lost,
}

/// Where a figure lives in [`Figures`]: read it, or write it.
#[derive(Clone, Copy, Debug)]
pub struct Field<T: 'static> {
    pub get: fn(&Figures) -> T,
    pub at: fn(&mut Figures) -> &mut T,
}

/// Where a name column's text lives in a row: the row's contact or its client.
#[derive(Clone, Copy, Debug)]
pub struct NameField {
    pub get: fn(&ActivityRow) -> &str,
    pub at: fn(&mut ActivityRow) -> &mut String,
}

/// What a column holds, which says how its cells are read, written, summed and shown.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// The day of the row.
    Date,
    /// The group's name.
    Group,
    /// Free text, kept in the log and never read.
    Text,
    /// A number of months: how far a row's money reaches.
    Months,
    /// An import's id.
    Id,
    /// A person's or a client's name, matched as group names are (see [`NameField`]).
    Name(NameField),
    /// A whole number of 0 or more.
    Count(Field<u64>),
    /// Hours, never negative.
    Hours(Field<Amount>),
    /// Money in the log's currency, or another the row names; negative for a refund.
    Money(Field<Amount>),
}

impl Kind {
    /// Whether cells of this kind are amounts with a decimal mark.
    pub const fn is_amount(self) -> bool {
        matches!(self, Kind::Hours(_) | Kind::Money(_))
    }

    const fn is_money(self) -> bool {
        matches!(self, Kind::Money(_))
    }

    const fn is_figure(self) -> bool {
        matches!(self, Kind::Count(_) | Kind::Hours(_) | Kind::Money(_))
    }
}

/// A column's line in the table.
#[derive(Clone, Copy)]
pub struct Spec {
    /// Its name in a log's header, in config keys and in outputs.
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the header `init` and `log` write has it: all but `covers`, which
    /// `log --covers` adds to a log that lacks it, and `source`, which only `import` fills.
    pub by_hand: bool,
    /// The help of `log`'s flag for it; `None` where `log` has no such flag.
    pub flag_help: Option<&'static str>,
    /// What the flag stands for given with no value (`--lost` is one lead lost); `None`
    /// where it must have one.
    pub flag_alone: Option<&'static str>,
}

/// The [`Field`] of the `Figures` field `name`: read and written by the one name, so that
/// the two can never name different fields.
macro_rules! field {
    ($name:ident) => {
        Field {
            get: |figures| figures.$name,
            at: |figures| &mut figures.$name,
        }
    };
}

impl Column {
    /// The column's line in the table. Inlined, so that a reader's `match column.kind()`
    /// on a cell comes to a jump to a direct write of the field.
    #[inline(always)]
    pub const fn spec(self) -> Spec {
        const fn hand(name: &'static str, kind: Kind, help: &'static str) -> Spec {
            Spec {
                name,
                kind,
                by_hand: true,
                flag_help: Some(help),
                flag_alone: None,
            }
        }
        match self {
            Column::Date => hand(
                "date",
                Kind::Date,
                "The day it happened: YYYY-MM-DD, or as the config's date_format writes it \
                 [default: today]",
            ),
            Column::Group => Spec {
                name: "group",
                kind: Kind::Group,
                by_hand: true,
                flag_help: None,
                flag_alone: None,
            },
            Column::Meetings => hand(
                "meetings",
                Kind::Count(field!(meetings)),
                "Meetings attended [default: 1 when --hours is given]",
            ),
            Column::Hours => hand(
                "hours",
                Kind::Hours(field!(hours)),
                "Hours spent: meeting, travel, preparation, one-to-ones (2.5, or 2,5 where the \
                 config says decimal = \",\")",
            ),
            Column::Cost => hand(
                "cost",
                Kind::Money(field!(cost)),
                "Money spent: dues, meals, fees (18.50, 18,50 where the config says decimal = \
                 \",\", or with a currency: 40 USD)",
            ),
            Column::Leads => hand(
                "leads",
                Kind::Count(field!(leads)),
                "Leads or referrals received",
            ),
            Column::Deals => hand(
                "deals",
                Kind::Count(field!(deals)),
                "Deals closed that came from the group",
            ),
            Column::Revenue => hand(
                "revenue",
                Kind::Money(field!(revenue)),
                "Revenue of those deals",
            ),
            Column::ReferralsGiven => hand(
                "referrals_given",
                Kind::Count(field!(referrals_given)),
                "Referrals you gave to members",
            ),
            Column::OtherValue => hand(
                "other_value",
                Kind::Money(field!(other_value)),
                "The money value of advice or visibility the group gave you",
            ),
            Column::Note => hand("note", Kind::Text, "Free text"),
            Column::Covers => Spec {
                name: "covers",
                kind: Kind::Months,
                by_hand: false,
                flag_help: Some(
                    "Months the row's money covers, from its own month, such as 12 for a \
                     year's dues [default: 1]; adds a covers column to a log that lacks one",
                ),
                flag_alone: None,
            },
            Column::Source => Spec {
                name: "source",
                kind: Kind::Id,
                by_hand: false,
                flag_help: None,
                flag_alone: None,
            },
            Column::Contact => Spec {
                name: "contact",
                kind: Kind::Name(NameField {
                    get: |row| &row.contact,
                    at: |row| &mut row.contact,
                }),
                by_hand: false,
                flag_help: Some(
                    "The person the row is about: who referred the lead, whom you met \
                     one-to-one, who thanked you; adds a contact column to a log that lacks one",
                ),
                flag_alone: None,
            },
            Column::Client => Spec {
                name: "client",
                kind: Kind::Name(NameField {
                    get: |row| &row.client,
                    at: |row| &mut row.client,
                }),
                by_hand: false,
                flag_help: Some(
                    "The customer or prospect the row is about: a deal closes this client's \
                     oldest open lead; adds a client column to a log that lacks one",
                ),
                flag_alone: None,
            },
            Column::Lost => Spec {
                name: "lost",
                kind: Kind::Count(field!(lost)),
                by_hand: false,
                flag_help: Some(
                    "Leads closed as lost, 1 when given alone: with --client, that client's \
                     oldest open lead; adds a lost column to a log that lacks one",
                ),
                flag_alone: Some("1"),
            },
        }
    }

    pub const fn name(self) -> &'static str {
        self.spec().name
    }

    #[inline(always)]
    pub const fn kind(self) -> Kind {
        self.spec().kind
    }

    /// Where a money column's amount lives in [`Figures`]; `None` for a column of
    /// another kind.
    pub const fn money(self) -> Option<Field<Amount>> {
        match self.kind() {
            Kind::Money(field) => Some(field),
            _ => None,
        }
    }

    pub fn from_header(name: &str) -> Option<Column> {
        COLUMNS.into_iter().find(|column| column.name() == name)
    }
}

/// Which columns a derived list keeps.
#[derive(Clone, Copy)]
enum Which {
    ByHand,
    Money,
    Figure,
}

const fn keeps(which: Which, column: Column) -> bool {
    let spec = column.spec();
    match which {
        Which::ByHand => spec.by_hand,
        Which::Money => spec.kind.is_money(),
        Which::Figure => spec.kind.is_figure(),
    }
}

const fn count(which: Which) -> usize {
    let (mut index, mut count) = (0, 0);
    while index < COLUMNS.len() {
        if keeps(which, COLUMNS[index]) {
            count += 1;
        }
        index += 1;
    }
    count
}

const fn pick<const N: usize>(which: Which) -> [Column; N] {
    let mut picked = [Column::Date; N];
    let (mut index, mut at) = (0, 0);
    while index < COLUMNS.len() {
        if keeps(which, COLUMNS[index]) {
            picked[at] = COLUMNS[index];
            at += 1;
        }
        index += 1;
    }
    picked
}

/// The columns of a log kept by hand, in the order `init` and `log` write a new one.
pub const HAND_COLUMNS: [Column; count(Which::ByHand)] = pick(Which::ByHand);

/// The columns that hold money, in order: each can name its own currency.
pub const MONEY_COLUMNS: [Column; count(Which::Money)] = pick(Which::Money);

/// Where each of [`MONEY_COLUMNS`] lives in [`Figures`].
pub const MONEY_FIELDS: [Field<Amount>; MONEY_COLUMNS.len()] = {
    const fn field(column: Column) -> Field<Amount> {
        match column.money() {
            Some(field) => field,
            None => panic!("a money column has a money field"),
        }
    }
    let mut fields = [field(MONEY_COLUMNS[0]); MONEY_COLUMNS.len()];
    let mut index = 0;
    while index < MONEY_COLUMNS.len() {
        fields[index] = field(MONEY_COLUMNS[index]);
        index += 1;
    }
    fields
};

/// The columns that hold a figure a ledger sums, in order.
pub const FIGURE_COLUMNS: [Column; count(Which::Figure)] = pick(Which::Figure);

/// How many of [`FIGURE_COLUMNS`] every output carries in one block after the group, as
/// the first release did; a figure column added since goes at each output's end, so that
/// a history written before has a header that is a prefix of today's (`report --append`
/// takes it, and docs/cron.md cuts fields by their place).
pub const FIGURES_IN_BLOCK: usize = 8;

const _: () = assert!(FIGURES_IN_BLOCK <= FIGURE_COLUMNS.len());

/// A figure column's value in `figures`, as a number: a count whole, an amount with its
/// hundredths.
pub fn figure_value(column: Column, figures: &Figures) -> Option<f64> {
    match column.kind() {
        Kind::Count(field) => Some((field.get)(figures) as f64),
        Kind::Hours(field) | Kind::Money(field) => Some((field.get)(figures).as_f64()),
        _ => None,
    }
}

/// The place of a money column among [`MONEY_COLUMNS`]: a look-up by the column's
/// number, as it is made for every money cell read.
#[inline(always)]
pub const fn money_place(column: Column) -> Option<usize> {
    MONEY_PLACES[column as usize]
}

/// [`money_place`] of each column, by its number.
const MONEY_PLACES: [Option<usize>; COLUMNS.len()] = {
    let mut places = [None; COLUMNS.len()];
    let mut index = 0;
    while index < MONEY_COLUMNS.len() {
        places[MONEY_COLUMNS[index] as usize] = Some(index);
        index += 1;
    }
    places
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_lists_keep_the_order_of_the_first_release() {
        let names = |columns: &[Column]| columns.iter().map(|c| c.name()).collect::<Vec<_>>();
        assert_eq!(
            names(&HAND_COLUMNS),
            [
                "date",
                "group",
                "meetings",
                "hours",
                "cost",
                "leads",
                "deals",
                "revenue",
                "referrals_given",
                "other_value",
                "note"
            ]
        );
        assert_eq!(names(&MONEY_COLUMNS), ["cost", "revenue", "other_value"]);
        assert_eq!(
            names(&FIGURE_COLUMNS[..FIGURES_IN_BLOCK]),
            [
                "meetings",
                "hours",
                "cost",
                "leads",
                "deals",
                "revenue",
                "referrals_given",
                "other_value"
            ]
        );
        assert_eq!(
            names(&COLUMNS[HAND_COLUMNS.len()..]),
            ["covers", "source", "contact", "client", "lost"]
        );
    }

    #[test]
    fn each_figure_reads_and_writes_its_own_field() {
        for (index, column) in FIGURE_COLUMNS.into_iter().enumerate() {
            let mut figures = Figures::default();
            match column.kind() {
                Kind::Count(field) => *(field.at)(&mut figures) = index as u64 + 1,
                Kind::Hours(field) | Kind::Money(field) => {
                    *(field.at)(&mut figures) = Amount::from_hundredths(index as i64 + 1)
                }
                _ => unreachable!("{} is a figure", column.name()),
            }
            // Only this column's figure is set, and it reads back.
            for other in FIGURE_COLUMNS {
                let value = figure_value(other, &figures).unwrap_or_default();
                assert_eq!(value != 0.0, other == column, "{}", other.name());
            }
        }
    }

    #[test]
    fn names_are_distinct_and_read_back() {
        for column in COLUMNS {
            assert_eq!(Column::from_header(column.name()), Some(column));
        }
        assert_eq!(money_place(Column::Revenue), Some(1));
        assert_eq!(money_place(Column::Leads), None);
    }
}
