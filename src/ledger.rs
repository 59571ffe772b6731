//! Totals per group and per month, built one row at a time so no row is kept.

use crate::activity::{ActivityRow, MAX_GROUPS};
use crate::currency::{Code, LogCurrencies, Rate};
use crate::figures::Figures;
use crate::names::group_key;
use crate::period::{Month, Window};
use std::collections::BTreeMap;
// A fast hash for the lookups by name that every row makes. It is seeded
// at random in each run; it resists collision floods less than SipHash, which matters
// little for a log its user wrote.
use chrono::NaiveDate;
use foldhash::HashMap;
use months::Months;
use std::sync::Arc;

mod counts;
mod held;
mod history;
mod kinds;
mod leads;
mod months;
mod once;
mod partners;
mod people;
mod pipeline;

use counts::RowCounts;
use held::SeenCellPlaces;
pub use held::{SeenGroup, Tally};
use history::GroupHistory;
pub use kinds::{RevenueFrom, RevenueKind, Uncounted};
pub use leads::{ClientLine, LeadEnd, Pipeline, PipelineDeal, PipelineLead};
pub use partners::PartnerTotals;
pub use people::{MAX_ENTRIES, MAX_NAMES};
use people::{People, names_anyone};

/// Spellings counted per group for its display name; more would only let a hostile log
/// grow memory by writing one name in ever more letter cases.
pub const MAX_SPELLINGS: usize = 16;

/// What decides how rows are counted, which the ledger must know as it reads them: what
/// the config says of groups and currencies, and the last day a period counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Membership {
    /// The key of an alias (`aliases = ["Old Name"]`), to the name of the group its rows
    /// count for, as the config writes it.
    pub aliases: std::collections::HashMap<String, String>,
    /// The key of a group that was left, to the last month of its membership.
    pub ends: std::collections::HashMap<String, Month>,
    /// The log's currency, when the config says it, and the user's rates for others.
    pub currencies: LogCurrencies,
    /// The last day counted, for a month reported as it stands (`--to-date`): a row dated
    /// after it is left out, and only counted as such.
    pub through: Option<NaiveDate>,
    /// The months after a client's first business that its revenue counts in the score;
    /// `None` where nothing is scored, and all of it counts.
    pub repeat_business_months: Option<u32>,
    /// Where each group's revenue comes from, where more than one kind holds a client's
    /// month of it.
    pub revenue_from: RevenueFrom,
}

impl Membership {
    /// The key of the group a name written in a row counts for: its own, or for an alias,
    /// its group's (see [`group_key`]).
    pub fn key_of(&self, written: &str) -> String {
        let key = group_key(written);
        match self.aliases.get(&key) {
            Some(name) => group_key(name),
            None => key,
        }
    }
}

/// Everything the report needs from the log.
#[derive(Debug, Default)]
pub struct Ledger {
    groups: Vec<GroupHistory>,
    by_key: HashMap<String, usize>,
    /// Each spelling kept, to its group and its place among the group's spellings, so that
    /// a row in a spelling seen before is counted without working out its key.
    by_spelling: HashMap<String, (usize, usize)>,
    /// The same for the group cells of the reader that fed the last row, by the cell's
    /// place (see [`SeenGroup`]), so that most rows are counted without hashing a name.
    by_seen_cell: SeenCellPlaces,
    membership: Arc<Membership>,
    counts: RowCounts,
    /// The clients and contacts rows name, and what those rows hold.
    people: People,
    /// The last row's date and its month: most rows share the date of the row before.
    last_date: Option<(NaiveDate, Month)>,
    /// [`Membership::through`], at hand for the check of each row.
    through: Option<NaiveDate>,
}

/// Two ledgers are equal when they hold the same groups, spellings, totals and rows; what
/// they keep to find groups faster is left out.
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.groups == other.groups && self.counts == other.counts && self.people == other.people
    }
}

/// What the ledger knows of a row's group.
enum Found {
    /// A spelling seen before: the group's index, and the spelling's among its spellings.
    Spelling { index: usize, spelling: usize },
    /// A group seen before, in a spelling not seen before (the name of the group an alias
    /// stands for, for an alias).
    Group { index: usize, spelling: String },
    /// A group not seen before, with its key, and its spelling as for `Group`.
    New { key: String, spelling: String },
}

/// How a group is named in the log, and what the log holds of it.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupNames<'a> {
    pub key: &'a str,
    pub name: String,
    pub spellings: &'a [(String, u64)],
    pub rows: u64,
    /// The earliest and the latest date of its rows.
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
}

/// A group's figures over a report window, with what the verdict needs of its history.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTotals {
    /// The group's identity (see [`group_key`]).
    pub key: String,
    /// The spelling used most often across all rows read (the first seen on ties).
    pub name: String,
    /// Sums over the window.
    pub figures: Figures,
    /// The month of the group's first row, at any date.
    pub first_month: Month,
    /// The latest month up to the window's end with a lead.
    pub last_lead_month: Option<Month>,
    /// The leads of the window still open at its end, by the month they came in, oldest
    /// first: over every row up to then, each deal or lost lead closes a lead (see
    /// `ledger/pipeline.rs`).
    pub open_leads: Vec<(Month, u64)>,
    /// The last month of membership, when the group was left.
    pub left: Option<Month>,
    /// Revenue in the window from clients beyond `repeat_business_months` of their first
    /// business: shown, and left out of `figures`.
    pub lifetime_value: crate::figures::Amount,
    /// Each contact named for the group with something in the window or a lead open,
    /// with its share.
    pub partners: Vec<PartnerTotals>,
    /// The contacts the group's rows name up to the window's end, in the window or not.
    pub contacts_named: u64,
    /// Days from lead to deal of each of the window's deals whose rows named the client.
    pub days_to_deal: Vec<i64>,
    /// Revenue in the window of one kind where another's counts (see `revenue_from`):
    /// left out of `figures`.
    pub revenue_set_aside: crate::figures::Amount,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// A ledger that counts rows as `membership` says.
    pub fn with_membership(membership: Arc<Membership>) -> Ledger {
        Ledger {
            through: membership.through,
            membership,
            ..Ledger::default()
        }
    }

    /// An empty ledger that counts rows as this one does, to be merged into it.
    pub fn empty_like(&self) -> Ledger {
        Ledger::with_membership(Arc::clone(&self.membership))
    }

    /// Adds one row. Fails when the row would start a group past [`MAX_GROUPS`], is dated
    /// after its group was left, or the log's totals would no longer fit in 64 bits; the
    /// ledger is then unchanged.
    pub fn add(&mut self, row: &ActivityRow) -> Result<(), String> {
        if self.is_after(row) {
            return Ok(());
        }
        let month = self.month_of(row.date);
        self.add_by_name(row, &row.group, month, None)
    }

    /// [`Ledger::add`] for a row of the group at `index`, written in its spelling at
    /// `spelling`, whose membership ended in `left`, if it did. `group` gives the row's
    /// group as written, for a message.
    #[inline(always)]
    fn add_to_group<'a>(
        &mut self,
        row: &ActivityRow,
        group: impl FnOnce() -> &'a str,
        month: Month,
        index: usize,
        spelling: usize,
        left: Option<Month>,
    ) -> Result<(), String> {
        check_left(row, group, left, month)?;
        let named = names_anyone(row);
        if named {
            self.people.check(row)?;
        }
        self.counts.count(row, month, &self.membership.currencies)?;
        let group = &mut self.groups[index];
        group.spellings[spelling].1 += 1;
        group.add(row, month);
        if named {
            self.people.add(index, row, month);
        }
        Ok(())
    }

    /// Whether `row` is dated after the last day counted, and so counted as left out.
    #[inline(always)]
    fn is_after(&mut self, row: &ActivityRow) -> bool {
        match self.through {
            Some(through) if row.date > through => {
                self.counts.after += 1;
                true
            }
            _ => false,
        }
    }

    /// The rows left out for being dated after the last day counted (see
    /// [`Membership::through`]).
    pub fn rows_after(&self) -> u64 {
        self.counts.after
    }

    /// The month of `date`, worked out once for a run of rows of the same date.
    #[inline(always)]
    fn month_of(&mut self, date: NaiveDate) -> Month {
        let month = match self.last_date {
            Some((last, month)) if last == date => month,
            _ => Month::of(date),
        };
        self.last_date = Some((date, month));
        month
    }

    /// [`Ledger::add`] for a row whose group cell the ledger has not seen: its group found
    /// by its name as written, `group`; a cell `seen` of a reader that keeps its cells is
    /// remembered, for the next row of that cell.
    #[inline(never)]
    fn add_by_name(
        &mut self,
        row: &ActivityRow,
        group: &str,
        month: Month,
        seen: Option<SeenGroup>,
    ) -> Result<(), String> {
        let found = match self.by_spelling.get(group).copied() {
            Some((index, spelling)) => Found::Spelling { index, spelling },
            None => self.find_group(group),
        };
        let left = match &found {
            Found::Spelling { index, .. } | Found::Group { index, .. } => self.groups[*index].left,
            Found::New { key, .. } => self.membership.ends.get(key).copied(),
        };
        check_left(row, || group, left, month)?;
        if matches!(found, Found::New { .. }) && self.groups.len() >= MAX_GROUPS {
            return Err(format!(
                "a new group, \"{group}\", past the limit of {MAX_GROUPS} groups in one report; \
                 report on fewer logs at a time"
            ));
        }
        let named = names_anyone(row);
        if named {
            self.people.check(row)?;
        }
        self.counts.count(row, month, &self.membership.currencies)?;
        let (index, place) = match found {
            Found::Spelling { index, spelling } => {
                self.groups[index].spellings[spelling].1 += 1;
                (index, Some(spelling))
            }
            Found::Group { index, spelling } => (index, self.count_spelling(index, &spelling, 1)),
            Found::New { key, spelling } => {
                let index = self.new_group(key);
                (index, self.count_spelling(index, &spelling, 1))
            }
        };
        if let (Some(seen), Some(place)) = (seen, place) {
            // The last reader's cells are forgotten, so their held rows go to their groups.
            if self.by_seen_cell.of_another_reader(seen) {
                self.add_all_held();
            }
            let left = self.groups[index].left;
            self.by_seen_cell.remember(seen, index, place, left);
        }
        self.groups[index].add(row, month);
        if named {
            self.people.add(index, row, month);
        }
        Ok(())
    }

    /// The group of a spelling not seen before: an alias's group, or the group its key
    /// names, or a new one.
    fn find_group(&self, written: &str) -> Found {
        let key = group_key(written);
        let (key, spelling) = match self.membership.aliases.get(&key) {
            Some(name) => (group_key(name), name.clone()),
            None => (key, written.to_string()),
        };
        match self.by_spelling.get(&spelling).copied() {
            Some((index, spelling)) => Found::Spelling { index, spelling },
            None => match self.by_key.get(&key) {
                Some(&index) => Found::Group { index, spelling },
                None => Found::New { key, spelling },
            },
        }
    }

    fn new_group(&mut self, key: String) -> usize {
        self.groups.push(GroupHistory {
            left: self.membership.ends.get(&key).copied(),
            key: key.clone(),
            spellings: Vec::new(),
            months: Months::default(),
            lost: BTreeMap::new(),
            converted: BTreeMap::new(),
            rows: 0,
            dates: None,
        });
        self.by_key.insert(key, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// Counts `count` rows of the group at `index` in `spelling`, and returns the
    /// spelling's place among the group's. Past [`MAX_SPELLINGS`] a new spelling is not
    /// kept, and has none.
    fn count_spelling(&mut self, index: usize, spelling: &str, count: u64) -> Option<usize> {
        let spellings = &mut self.groups[index].spellings;
        if let Some(&(_, place)) = self.by_spelling.get(spelling) {
            spellings[place].1 += count;
            Some(place)
        } else if spellings.len() < MAX_SPELLINGS {
            spellings.push((spelling.to_string(), count));
            let place = spellings.len() - 1;
            self.by_spelling
                .insert(spelling.to_string(), (index, place));
            Some(place)
        } else {
            None
        }
    }

    /// Adds every row of `other`, as if its rows had been added after this ledger's: its
    /// groups and spellings follow this ledger's in first-seen order. Fails as [`Ledger::add`]
    /// does, and then leaves this ledger unchanged.
    pub fn merge(&mut self, other: Ledger) -> Result<(), String> {
        let new_groups = other
            .groups
            .iter()
            .filter(|group| !self.by_key.contains_key(&group.key))
            .count();
        if self.groups.len() + new_groups > MAX_GROUPS {
            return Err(format!(
                "more than {MAX_GROUPS} groups in one report; report on fewer logs at a time"
            ));
        }
        self.people.fits(&other.people)?;
        self.counts.merge(&other.counts)?;
        let mut places = Vec::with_capacity(other.groups.len());
        for theirs in other.groups {
            let index = match self.by_key.get(&theirs.key) {
                Some(&index) => index,
                None => self.new_group(theirs.key.clone()),
            };
            for (spelling, count) in &theirs.spellings {
                self.count_spelling(index, spelling, *count);
            }
            self.groups[index].merge(theirs);
            places.push(index);
        }
        self.people.merge(other.people, &places);
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.counts.rows
    }

    /// The key of the group a name counts for: its own, or for an alias, its group's.
    pub fn key_of(&self, name: &str) -> String {
        self.membership.key_of(name)
    }

    /// How the group with this key is named, and what the log holds of it.
    pub fn group(&self, key: &str) -> Option<GroupNames<'_>> {
        let index = *self.by_key.get(key)?;
        self.groups.get(index).map(GroupHistory::names)
    }

    /// Whether any row named the group with this key (see [`group_key`]).
    pub fn has_group(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Each group's names: its key, the name the report shows, and the spellings its rows
    /// used with how many rows used each, in first-seen order.
    pub fn names(&self) -> impl Iterator<Item = GroupNames<'_>> {
        self.groups.iter().map(GroupHistory::names)
    }

    /// The clients, then the contacts, the rows name, each as shown (see [`MAX_NAMES`]).
    pub fn people_named(&self) -> (Vec<String>, Vec<String>) {
        let shown =
            |names: &people::Names| (0..names.len() as u32).map(|at| names.shown(at)).collect();
        (shown(&self.people.clients), shown(&self.people.contacts))
    }

    /// The rows dated in `month`, all groups together.
    pub fn rows_in(&self, month: Month) -> u64 {
        self.counts.rows_by_month.get(month).copied().unwrap_or(0)
    }

    /// All groups together, every row up to and including `through`.
    pub fn pooled(&self, through: Month) -> Figures {
        let mut total = Figures::default();
        for (_, figures) in self.pooled_by_group(through) {
            total += &figures;
        }
        total
    }

    /// Each group's figures, every row up to and including `through`, by the group's key.
    /// A client's revenue beyond `repeat_business_months` is left out, as from a window.
    pub fn pooled_by_group(&self, through: Month) -> impl Iterator<Item = (&str, Figures)> {
        let first = self.people.first_business();
        self.groups.iter().enumerate().map(move |(index, group)| {
            let winners = self.winners(index, None, through);
            let set_aside = self.set_aside_of(index, None, through, &first, &winners);
            let currencies = &self.membership.currencies;
            let mut total = group.converted_in(None, through, currencies, &set_aside.converted);
            for (_, figures) in group.figures_in(None, Some(through)) {
                total += &figures;
            }
            total.revenue = total.revenue - set_aside.own;
            (group.key.as_str(), total)
        })
    }

    /// The log's currency: the config's, else the one its cells name, if any.
    pub fn currency(&self) -> Option<Code> {
        self.membership.currencies.own.or(self.counts.named)
    }

    /// The currencies converted at the user's rates, each with its rate.
    pub fn rates_used(&self) -> Vec<(Code, Rate)> {
        (self.counts.converted.iter())
            .filter_map(|&code| Some((code, self.membership.currencies.rate(code)?)))
            .collect()
    }

    /// Totals over `window` for each group with at least one row, or a part of one, in
    /// it, in first-seen order.
    pub fn group_totals(&self, window: Window) -> Vec<GroupTotals> {
        let first = self.people.first_business();
        self.groups
            .iter()
            .enumerate()
            .filter_map(|(index, group)| {
                let mut in_window = group
                    .figures_in(Some(window.first), Some(window.last))
                    .peekable();
                in_window.peek()?;
                let mut figures = Figures::default();
                for (_, month) in in_window {
                    figures += &month;
                }
                let people = self.group_people(index, window, &first);
                figures += &group.converted_in(
                    Some(window.first),
                    window.last,
                    &self.membership.currencies,
                    &people.set_aside.converted,
                );
                figures.revenue = figures.revenue - people.set_aside.own;
                Some(GroupTotals {
                    key: group.key.clone(),
                    name: group.display_name(),
                    figures,
                    first_month: group.months.first().unwrap_or(window.first),
                    last_lead_month: group
                        .months
                        .range(None, Some(window.last))
                        .rev()
                        .find(|(_, month)| month.leads > 0)
                        .map(|(month, _)| month),
                    open_leads: people.open_leads,
                    left: group.left,
                    lifetime_value: people.set_aside.lifetime,
                    revenue_set_aside: people.set_aside.uncounted,
                    partners: people.partners,
                    contacts_named: people.contacts_named,
                    days_to_deal: people.days_to_deal,
                })
            })
            .collect()
    }
}

/// Fails for a row dated in `month` when its group was `left` before then; `group` gives
/// the row's group as written, for the message. Inlined: it runs for every row, and
/// almost always finds the group not left.
#[inline(always)]
fn check_left<'a>(
    row: &ActivityRow,
    group: impl FnOnce() -> &'a str,
    left: Option<Month>,
    month: Month,
) -> Result<(), String> {
    match left {
        Some(left) if month > left => Err(format!(
            "this row of \"{}\" is dated {}, after its membership ended (left = {left} in the \
             config); correct the row's date or group, or the left date",
            group(),
            row.date
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Reading;
    use crate::figures::Amount;
    use crate::period::parse_date;

    fn row(date: &str, group: &str, leads: u64, hours: u64) -> ActivityRow {
        ActivityRow {
            date: parse_date(date).unwrap(),
            group: group.to_string(),
            figures: Figures {
                leads,
                hours: Amount::from_hundredths(hours as i64 * 100),
                meetings: 1,
                ..Figures::default()
            },
            covers: 1,
            source: String::new(),
            currencies: Default::default(),
            ..ActivityRow::default()
        }
    }

    fn ledger(rows: &[ActivityRow]) -> Ledger {
        let mut ledger = Ledger::new();
        for row in rows {
            ledger.add(row).unwrap();
        }
        ledger
    }

    fn window(last: &str, months: u32) -> Window {
        Window::ending(Month::parse(last).unwrap(), months)
    }

    /// A cell's place means where its rows went only for the reader that gave it: the same
    /// place from another reader is another cell, and a spelling past those kept is never
    /// remembered.
    #[test]
    fn a_seen_cell_counts_for_its_own_readers_group_only() {
        let seen = |reader, cell| Some(SeenGroup { reader, cell });
        let rows = [
            (row("2026-01-05", "Harbor", 1, 1), seen(1, 0)),
            (row("2026-01-06", "Harbor", 1, 1), seen(1, 0)),
            (row("2026-01-07", "Rotary", 2, 1), seen(2, 0)),
            (row("2026-01-08", "Rotary", 2, 1), seen(2, 0)),
            (row("2026-01-09", "Harbor", 1, 1), seen(1, 0)),
        ];
        let plain: Vec<ActivityRow> = rows.iter().map(|(row, _)| row.clone()).collect();
        let mut hinted = Ledger::new();
        let mut tally = hinted.tally();
        for (row, seen) in &rows {
            tally.add_seen(row, *seen, || &row.group).unwrap();
        }
        drop(tally);
        assert_eq!(hinted, ledger(&plain));
        let leads: Vec<(String, u64)> = hinted
            .group_totals(window("2026-01", 1))
            .into_iter()
            .map(|totals| (totals.name, totals.figures.leads))
            .collect();
        assert_eq!(
            leads,
            [("Harbor".to_string(), 3), ("Rotary".to_string(), 4)]
        );

        let mut many = Ledger::new();
        let mut tally = many.tally();
        for case in 0..=MAX_SPELLINGS {
            let spelling: String = "harbor"
                .chars()
                .enumerate()
                .map(|(at, c)| {
                    if case >> at & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            let cell = u32::try_from(case).unwrap();
            let row = row("2026-01-05", &spelling, 1, 1);
            tally.add_seen(&row, seen(3, cell), || &row.group).unwrap();
        }
        drop(tally);
        assert_eq!(many.by_seen_cell.remembered(), MAX_SPELLINGS);
        assert_eq!(many.names().next().unwrap().rows, MAX_SPELLINGS as u64 + 1);
    }

    #[test]
    fn case_and_spacing_variants_are_one_group_shown_in_the_commonest_spelling() {
        let ledger = ledger(&[
            row("2026-01-05", "harbor bni", 1, 2),
            row("2026-01-12", "Harbor BNI", 0, 2),
            row("2026-01-19", "Harbor BNI", 2, 2),
        ]);
        let totals = ledger.group_totals(window("2026-01", 12));
        assert_eq!(totals.len(), 1);
        assert_eq!(totals[0].name, "Harbor BNI");
        assert_eq!(totals[0].figures.leads, 3);
        assert_eq!(totals[0].figures.meetings, 3);
    }

    #[test]
    fn spelling_ties_go_to_the_first_seen() {
        let ledger = ledger(&[
            row("2026-01-05", "rotary", 0, 1),
            row("2026-01-06", "ROTARY", 0, 1),
        ]);
        assert_eq!(ledger.group_totals(window("2026-01", 1))[0].name, "rotary");
    }

    #[test]
    fn window_sums_only_its_months_and_history_counts_for_tenure_and_pooling() {
        let ledger = ledger(&[
            row("2024-12-31", "A", 4, 1),
            row("2025-01-01", "A", 1, 1),
            row("2025-12-31", "A", 0, 1),
            row("2026-01-01", "A", 7, 1),
            row("2026-01-01", "B", 5, 1),
        ]);
        let totals = ledger.group_totals(window("2025-12", 12));
        assert_eq!(totals.len(), 1, "B has no row in the window");
        let a = &totals[0];
        assert_eq!(a.figures.leads, 1);
        assert_eq!(a.figures.meetings, 2);
        assert_eq!(a.first_month, Month::parse("2024-12").unwrap());
        assert_eq!(a.last_lead_month, Some(Month::parse("2025-01").unwrap()));
        assert_eq!(ledger.pooled(Month::parse("2025-12").unwrap()).leads, 5);
        assert_eq!(ledger.pooled(Month::parse("2026-01").unwrap()).leads, 17);
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    /// A row of money alone: `cost` hundredths over `covers` months.
    fn dues(date: &str, cost: i64, covers: u32) -> ActivityRow {
        ActivityRow {
            date: parse_date(date).unwrap(),
            group: "A".to_string(),
            figures: Figures {
                cost: Amount::from_hundredths(cost),
                meetings: 1,
                ..Figures::default()
            },
            covers,
            source: String::new(),
            currencies: Default::default(),
            ..ActivityRow::default()
        }
    }

    fn cost_over(ledger: &Ledger, last: &str, months: u32) -> i64 {
        ledger
            .group_totals(window(last, months))
            .first()
            .map_or(0, |totals| totals.figures.cost.hundredths())
    }

    #[test]
    fn money_that_covers_months_is_spread_over_them_and_its_total_kept() {
        // 1000.00 over 12 months from 2025-11: 83.34 for the first four, 83.33 after.
        let ledger = ledger(&[dues("2025-11-20", 100_000, 12)]);
        assert_eq!(
            cost_over(&ledger, "2025-11", 1),
            8_334,
            "the row's own month"
        );
        assert_eq!(cost_over(&ledger, "2026-02", 1), 8_334, "the fourth month");
        assert_eq!(cost_over(&ledger, "2026-03", 1), 8_333, "the fifth");
        assert_eq!(cost_over(&ledger, "2026-10", 1), 8_333, "the last");
        assert_eq!(cost_over(&ledger, "2026-11", 1), 0, "past the spread");
        assert_eq!(cost_over(&ledger, "2025-10", 1), 0, "before the row");
        assert_eq!(
            cost_over(&ledger, "2026-10", 12),
            100_000,
            "a window holding it all"
        );
        assert_eq!(
            cost_over(&ledger, "2026-12", 12),
            100_000 - 2 * 8_334,
            "a window from 2026-01 holds its part, across the year boundary"
        );
        assert_eq!(
            cost_over(&ledger, "2026-01", 12),
            3 * 8_334,
            "one ending in its third month"
        );
        assert_eq!(ledger.pooled(month("2026-10")).cost.hundredths(), 100_000);
        let totals = ledger.group_totals(window("2026-05", 1));
        assert_eq!(totals[0].figures.meetings, 0, "counts are not spread");
        assert_eq!(ledger.rows_in(month("2025-11")), 1);
        assert_eq!(ledger.rows_in(month("2025-12")), 0, "a spread is no row");
    }

    #[test]
    fn deals_close_the_oldest_open_leads_and_a_deal_with_none_open_closes_nothing() {
        let deal = |date: &str, deals: u64| {
            let mut row = row(date, "A", 0, 1);
            row.figures.deals = deals;
            row
        };
        let ledger = ledger(&[
            deal("2025-12-01", 1), // no lead open: closes nothing
            row("2026-01-10", "A", 2, 1),
            row("2026-03-05", "A", 1, 1),
            deal("2026-03-20", 1),        // closes one of January's
            deal("2026-04-02", 1),        // closes the other
            row("2026-04-20", "A", 1, 1), // the month's lead comes in before its deals
            deal("2026-04-03", 1),        // closes March's
            deal("2026-06-02", 1),        // closes April's, the oldest open
            row("2026-06-20", "A", 1, 1),
        ]);
        let open = |last: &str| ledger.group_totals(window(last, 12))[0].open_leads.clone();
        assert_eq!(open("2026-02"), [(month("2026-01"), 2)]);
        assert_eq!(
            open("2026-03"),
            [(month("2026-01"), 1), (month("2026-03"), 1)]
        );
        assert_eq!(open("2026-04"), [(month("2026-04"), 1)]);
        assert_eq!(open("2026-06"), [(month("2026-06"), 1)]);
    }

    #[test]
    fn a_row_after_its_group_was_left_is_refused_and_an_alias_counts_for_its_group() {
        let membership = Membership {
            aliases: [(group_key("Old Harbor"), "Harbor BNI".to_string())].into(),
            ends: [(group_key("Harbor BNI"), month("2026-03"))].into(),
            ..Membership::default()
        };
        let mut ledger = Ledger::with_membership(Arc::new(membership));
        ledger.add(&row("2026-03-31", "Harbor BNI", 1, 1)).unwrap();
        ledger.add(&row("2026-02-03", "old harbor", 1, 1)).unwrap();
        let err = ledger
            .add(&row("2026-04-01", "OLD HARBOR", 1, 1))
            .unwrap_err();
        assert_eq!(
            err,
            "this row of \"OLD HARBOR\" is dated 2026-04-01, after its membership ended \
             (left = 2026-03 in the config); correct the row's date or group, or the left date"
        );
        assert!(ledger.add(&row("2026-04-01", "Harbor BNI", 1, 1)).is_err());
        assert_eq!(ledger.rows(), 2, "nothing of a refused row is kept");
        let totals = ledger.group_totals(window("2026-03", 12));
        assert_eq!(totals.len(), 1);
        assert_eq!(
            totals[0].name, "Harbor BNI",
            "an alias's rows take the group's name"
        );
        assert_eq!(totals[0].figures.leads, 2);
        assert_eq!(totals[0].left, Some(month("2026-03")));
        let mut part = ledger.empty_like();
        assert!(
            part.add(&row("2026-05-01", "Harbor BNI", 1, 1)).is_err(),
            "a part reads alike"
        );
    }

    /// Rows through a tally, which holds a cell's rows of a month back from its group, leave
    /// the ledger as adding them one by one does: over months that come back, cells of one
    /// group, money that covers months, a second reader's cells, and a refused row.
    #[test]
    fn a_tally_leaves_the_ledger_as_adding_each_row_does() {
        let at = |date, group, leads, reader, cell| {
            (row(date, group, leads, 1), Some(SeenGroup { reader, cell }))
        };
        let mut dues = dues("2026-02-10", 120_000, 12);
        dues.group = "harbor".to_string();
        let dues = (dues, Some(SeenGroup { reader: 1, cell: 1 }));
        let rows = [
            at("2026-01-05", "Harbor", 1, 1, 0),
            at("2026-01-20", "Harbor", 2, 1, 0),
            at("2026-01-07", "Rotary", 4, 1, 2),
            at("2026-02-03", "Harbor", 8, 1, 0),
            dues,
            at("2026-02-04", "harbor", 16, 1, 1),
            at("2026-01-02", "Harbor", 32, 1, 0),
            at("2026-03-01", "Rotary", 64, 2, 0),
            at("2026-03-02", "Harbor", 128, 2, 1),
            at("2026-01-31", "Rotary", 256, 1, 2),
            // The first reader's cells again, held out of date order until the tally ends.
            at("2026-03-20", "Harbor", 512, 1, 0),
            at("2026-03-25", "Harbor", 1024, 1, 0),
            at("2026-03-05", "Harbor", 2048, 1, 0),
        ];
        let membership = Membership {
            ends: [(group_key("Rotary"), month("2026-02"))].into(),
            ..Membership::default()
        };
        type Add<'a> = &'a mut dyn FnMut(&mut Ledger, &ActivityRow, Option<SeenGroup>) -> bool;
        let by_rows = |add: Add| {
            let mut ledger = Ledger::with_membership(Arc::new(membership.clone()));
            let refused: Vec<bool> = rows
                .iter()
                .map(|(row, seen)| add(&mut ledger, row, *seen))
                .collect();
            (ledger, refused)
        };
        let (one_by_one, refused) = by_rows(&mut |ledger, row, _| ledger.add(row).is_err());
        assert_eq!(refused.iter().filter(|&&refused| refused).count(), 1);
        let (tallied, tally_refused) = by_rows(&mut |ledger, row, seen| {
            ledger.tally().add_seen(row, seen, || &row.group).is_err()
        });
        assert_eq!((&tallied, &tally_refused), (&one_by_one, &refused));
        let mut tallied = Ledger::with_membership(Arc::new(membership.clone()));
        let mut tally = tallied.tally();
        let tally_refused: Vec<bool> = rows
            .iter()
            .map(|(row, seen)| tally.add_seen(row, *seen, || &row.group).is_err())
            .collect();
        drop(tally);
        assert_eq!((&tallied, &tally_refused), (&one_by_one, &refused));
        let names: Vec<(String, u64, String)> = tallied
            .names()
            .map(|names| (names.name, names.rows, names.last_date.to_string()))
            .collect();
        let harbor = ("Harbor".to_string(), 10, "2026-03-25".to_string());
        let rotary = ("Rotary".to_string(), 2, "2026-01-31".to_string());
        assert_eq!(names, [harbor, rotary]);
        let harbor = &tallied.group_totals(window("2026-03", 3))[0];
        assert_eq!(
            harbor.figures.leads,
            1 + 2 + 8 + 16 + 32 + 128 + 512 + 1024 + 2048
        );
        assert_eq!(
            harbor.figures.cost.hundredths(),
            20_000,
            "two months of the dues"
        );
    }

    #[test]
    fn overflowing_totals_are_refused() {
        let mut ledger = Ledger::new();
        let mut big = row("2026-01-05", "A", 0, 0);
        big.figures.revenue = Amount::from_hundredths(i64::MAX / 2 + 1);
        ledger.add(&big).unwrap();
        assert!(ledger.add(&big).is_err());
        assert_eq!(ledger.rows(), 1);
    }

    mod currencies {
        use super::*;
        use crate::currency::{Code, LogCurrencies, Rate};
        use proptest::prelude::*;

        fn code(text: &str) -> Code {
            Code::of_code(text).unwrap()
        }

        /// A log in euros with rates for dollars and pounds.
        fn euros() -> Membership {
            Membership {
                currencies: LogCurrencies {
                    own: Some(code("EUR")),
                    rates: [
                        (Code::USD, Rate::new(0.91).unwrap()),
                        (code("GBP"), Rate::new(1.17).unwrap()),
                    ]
                    .into(),
                },
                ..Membership::default()
            }
        }

        /// Rows of two groups over three months, each money cell in euros, dollars or
        /// pounds, some spread over months.
        fn rows() -> impl Strategy<Value = Vec<ActivityRow>> {
            let reading = prop_oneof![
                Just(Reading::Own),
                Just(Reading::Converted(Code::USD)),
                Just(Reading::Converted(code("GBP"))),
            ];
            let cells = (
                0..2usize,
                1..=3u32,
                1..=28u32,
                -500i64..100_000,
                0i64..100_000,
                reading.clone(),
                reading,
                prop_oneof![Just(1u32), Just(3)],
            );
            prop::collection::vec(cells, 1..40).prop_map(|rows| {
                rows.into_iter()
                    .map(
                        |(group, month, day, cost, revenue, cost_in, revenue_in, covers)| {
                            let mut row = row(
                                &format!("2026-{month:02}-{day:02}"),
                                ["A", "B"][group],
                                0,
                                1,
                            );
                            row.figures.cost = Amount::from_hundredths(cost);
                            row.figures.revenue = Amount::from_hundredths(revenue);
                            row.currencies.set(crate::activity::Column::Cost, cost_in);
                            row.currencies
                                .set(crate::activity::Column::Revenue, revenue_in);
                            row.covers = covers;
                            row
                        },
                    )
                    .collect()
            })
        }

        fn totals(membership: &Membership, rows: &[ActivityRow]) -> (Vec<GroupTotals>, Figures) {
            let mut ledger = Ledger::with_membership(Arc::new(membership.clone()));
            let mut tally = ledger.tally();
            for row in rows {
                tally.add(row).unwrap();
            }
            drop(tally);
            let mut totals = ledger.group_totals(window("2026-05", 5));
            totals.sort_by(|a, b| a.key.cmp(&b.key));
            (totals, ledger.pooled(month("2026-05")))
        }

        proptest! {
            /// Each group's month's sum in a currency is converted once, so the order in
            /// which rows come never changes a figure.
            #[test]
            fn converted_figures_do_not_depend_on_the_order_of_rows(
                rows in rows(),
                seed in any::<u64>(),
            ) {
                let mut shuffled = rows.clone();
                // A shuffle by the seed: each row swapped with one at a place it picks.
                let mut state = seed;
                for index in (1..shuffled.len()).rev() {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    shuffled.swap(index, (state >> 33) as usize % (index + 1));
                }
                prop_assert_eq!(totals(&euros(), &rows), totals(&euros(), &shuffled));
            }

            /// A log in one currency reports exactly as before: with rates set and none
            /// used, and with every cell naming the currency the log's cells settle on.
            #[test]
            fn a_log_in_one_currency_totals_as_it_always_did(rows in rows()) {
                let mut plain = rows.clone();
                for row in &mut plain {
                    row.currencies = crate::activity::RowCurrencies::default();
                }
                let before = totals(&Membership::default(), &plain);
                prop_assert_eq!(&totals(&euros(), &plain), &before);
                let mut named = plain.clone();
                for row in &mut named {
                    row.currencies.set(crate::activity::Column::Cost, Reading::Settling(code("EUR")));
                }
                prop_assert_eq!(&totals(&Membership::default(), &named), &before);
            }
        }

        #[test]
        fn a_second_currency_where_the_log_s_is_not_set_is_refused() {
            let mut ledger = Ledger::new();
            let mut euro = row("2026-01-05", "A", 0, 1);
            euro.currencies.set(
                crate::activity::Column::Cost,
                Reading::Settling(code("EUR")),
            );
            let mut dollar = euro.clone();
            dollar.currencies.set(
                crate::activity::Column::Revenue,
                Reading::Settling(Code::USD),
            );
            ledger.add(&euro).unwrap();
            let problem = ledger.add(&dollar).unwrap_err();
            assert!(
                problem.contains("its revenue is in $ (USD), but the log's money is in € (EUR)"),
                "{problem}"
            );
            assert_eq!(ledger.rows(), 1, "nothing of the row counted");
            assert_eq!(ledger.currency(), Some(code("EUR")));
            let mut other = Ledger::new();
            other.add(&dollar.clone()).unwrap_err();
            let mut dollars = Ledger::new();
            let mut only_dollar = row("2026-01-05", "A", 0, 1);
            only_dollar
                .currencies
                .set(crate::activity::Column::Cost, Reading::Settling(Code::USD));
            dollars.add(&only_dollar).unwrap();
            assert!(
                ledger.merge(dollars).is_err(),
                "two parts that settled apart"
            );
        }
    }
}
