//! Totals per group and per month, built one row at a time so no row is kept.

use crate::activity::{ActivityRow, MAX_GROUPS};
use crate::figures::Figures;
use crate::names::group_key;
use crate::period::{Month, Window};
// A fast hash for the lookups by name that every row makes. It is seeded
// at random in each run; it resists collision floods less than SipHash, which matters
// little for a log its user wrote.
use foldhash::HashMap;
use std::collections::BTreeMap;

/// Spellings counted per group for its display name; more would only let a hostile log
/// grow memory by writing one name in ever more letter cases.
pub const MAX_SPELLINGS: usize = 16;

/// Everything the report needs from the log.
#[derive(Debug, Default)]
pub struct Ledger {
    groups: Vec<GroupHistory>,
    by_key: HashMap<String, usize>,
    /// Each spelling kept, to its group and its place among the group's spellings, so that
    /// a row in a spelling seen before is counted without working out its key.
    by_spelling: HashMap<String, (usize, usize)>,
    /// The sum of every row, checked for overflow on each row. Every other sum the
    /// ledger makes is a part of it, so those need no check of their own.
    grand_total: Figures,
    rows: u64,
}

/// Two ledgers are equal when they hold the same groups, spellings, totals and rows; what
/// they keep to find groups faster is left out.
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.groups == other.groups
            && self.grand_total == other.grand_total
            && self.rows == other.rows
    }
}

/// What the ledger knows of a row's group.
enum Found {
    /// A spelling seen before: the group's index, and the spelling's among its spellings.
    Spelling { index: usize, spelling: usize },
    /// A group seen before, in another spelling.
    Group { index: usize },
    /// A group not seen before, with its key.
    New { key: String },
}

#[derive(Debug, PartialEq)]
struct GroupHistory {
    key: String,
    /// Each spelling seen, in first-seen order, with how often it was used.
    spellings: Vec<(String, u64)>,
    months: BTreeMap<Month, Figures>,
}

/// How a group is named in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupNames<'a> {
    pub key: &'a str,
    pub name: String,
    pub spellings: &'a [(String, u64)],
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
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Adds one row. Fails when the row would start a group past [`MAX_GROUPS`], or the
    /// log's totals would no longer fit in 64 bits; the ledger is then unchanged.
    pub fn add(&mut self, row: &ActivityRow) -> Result<(), String> {
        let found = match self.by_spelling.get(&row.group).copied() {
            Some((index, spelling)) => Found::Spelling { index, spelling },
            None => {
                let key = group_key(&row.group);
                match self.by_key.get(&key) {
                    Some(&index) => Found::Group { index },
                    None => Found::New { key },
                }
            }
        };
        if matches!(found, Found::New { .. }) && self.groups.len() >= MAX_GROUPS {
            return Err(format!(
                "a new group, \"{}\", past the limit of {MAX_GROUPS} groups in one report; \
                 report on fewer logs at a time",
                row.group
            ));
        }
        self.grand_total = self.grand_total.checked_add(&row.figures).ok_or_else(|| {
            "the totals of this log no longer fit in 64 bits; split it into smaller logs"
                .to_string()
        })?;
        self.rows += 1;
        let index = match found {
            Found::Spelling { index, spelling } => {
                self.groups[index].spellings[spelling].1 += 1;
                index
            }
            Found::Group { index } => {
                self.count_spelling(index, &row.group, 1);
                index
            }
            Found::New { key } => {
                let index = self.new_group(key);
                self.count_spelling(index, &row.group, 1);
                index
            }
        };
        *self.groups[index]
            .months
            .entry(Month::of(row.date))
            .or_default() += &row.figures;
        Ok(())
    }

    fn new_group(&mut self, key: String) -> usize {
        self.groups.push(GroupHistory {
            key: key.clone(),
            spellings: Vec::new(),
            months: BTreeMap::new(),
        });
        self.by_key.insert(key, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// Counts `count` rows of the group at `index` in `spelling`. Past [`MAX_SPELLINGS`]
    /// a new spelling is not kept.
    fn count_spelling(&mut self, index: usize, spelling: &str, count: u64) {
        let spellings = &mut self.groups[index].spellings;
        if let Some(&(_, place)) = self.by_spelling.get(spelling) {
            spellings[place].1 += count;
        } else if spellings.len() < MAX_SPELLINGS {
            spellings.push((spelling.to_string(), count));
            let place = spellings.len() - 1;
            self.by_spelling
                .insert(spelling.to_string(), (index, place));
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
        self.grand_total = self
            .grand_total
            .checked_add(&other.grand_total)
            .ok_or_else(|| {
                "the totals of these logs no longer fit in 64 bits; split them".to_string()
            })?;
        self.rows += other.rows;
        for theirs in other.groups {
            let index = match self.by_key.get(&theirs.key) {
                Some(&index) => index,
                None => self.new_group(theirs.key),
            };
            for (spelling, count) in theirs.spellings {
                self.count_spelling(index, &spelling, count);
            }
            let ours = &mut self.groups[index].months;
            if ours.is_empty() {
                *ours = theirs.months;
                continue;
            }
            for (month, figures) in theirs.months {
                *ours.entry(month).or_default() += &figures;
            }
        }
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Whether any row named the group with this key (see [`group_key`]).
    pub fn has_group(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Each group's names: its key, the name the report shows, and the spellings its rows
    /// used with how many rows used each, in first-seen order.
    pub fn names(&self) -> impl Iterator<Item = GroupNames<'_>> {
        self.groups.iter().map(|group| GroupNames {
            key: &group.key,
            name: group.display_name(),
            spellings: &group.spellings,
        })
    }

    /// All groups together, every row up to and including `through`.
    pub fn pooled(&self, through: Month) -> Figures {
        let mut total = Figures::default();
        for group in &self.groups {
            for figures in group.months.range(..=through).map(|(_, figures)| figures) {
                total += figures;
            }
        }
        total
    }

    /// Totals over `window` for each group with at least one row in it, in first-seen order.
    pub fn group_totals(&self, window: Window) -> Vec<GroupTotals> {
        self.groups
            .iter()
            .filter_map(|group| {
                let mut in_window = group.months.range(window.first..=window.last).peekable();
                in_window.peek()?;
                let mut figures = Figures::default();
                for (_, month) in in_window {
                    figures += month;
                }
                Some(GroupTotals {
                    key: group.key.clone(),
                    name: group.display_name(),
                    figures,
                    first_month: *group.months.keys().next().unwrap_or(&window.first),
                    last_lead_month: group
                        .months
                        .range(..=window.last)
                        .rev()
                        .find(|(_, figures)| figures.leads > 0)
                        .map(|(month, _)| *month),
                })
            })
            .collect()
    }
}

impl GroupHistory {
    fn display_name(&self) -> String {
        // max_by_key keeps the last maximum, so reverse to keep the first seen on ties.
        self.spellings
            .iter()
            .rev()
            .max_by_key(|(_, count)| *count)
            .map(|(spelling, _)| spelling.clone())
            .unwrap_or_else(|| self.key.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Amount;
    use crate::period::parse_date;

    fn row(date: &str, group: &str, leads: u64, hours: u64) -> ActivityRow {
        ActivityRow {
            date: parse_date(date).unwrap(),
            group: group.to_string(),
            figures: Figures {
                leads,
                hours: Amount::from_hundredths(hours * 100),
                meetings: 1,
                ..Figures::default()
            },
            source: String::new(),
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

    #[test]
    fn overflowing_totals_are_refused() {
        let mut ledger = Ledger::new();
        let mut big = row("2026-01-05", "A", 0, 0);
        big.figures.revenue = Amount::from_hundredths(u64::MAX / 2 + 1);
        ledger.add(&big).unwrap();
        assert!(ledger.add(&big).is_err());
        assert_eq!(ledger.rows(), 1);
    }
}
