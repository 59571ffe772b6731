//! One group up close (`netaudit show`), and every group at a glance (`netaudit groups`):
//! what the log holds of each, and the judgement of [`crate::model`] month by month. Pure,
//! as the model is: the ledger and the rules in, plain values out.

use crate::activity::ActivityRow;
use crate::figures::Figures;
use crate::ledger::Ledger;
use crate::model::Certainty;
use crate::model::{self, GroupFacts, GroupReport, NegativeSum, Selection, Verdict};
use crate::period::{Month, Window};
use crate::settings::Rules;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A group's month: its own figures, and the score and verdict a report for that month
/// would have given it.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMonth {
    pub month: Month,
    /// `None` before the group's first row and after the month it was left.
    pub figures: Option<Figures>,
    /// Revenue of the month from clients beyond `repeat_business_months`, not in `figures`
    /// (docs/scoring.md); `None` as `figures` is.
    pub lifetime_value: Option<crate::figures::Amount>,
    /// Over the report window ending with this month.
    pub score: Option<f64>,
    pub verdict: Option<Verdict>,
    /// How sure that score is (see [`crate::model::Certainty`]).
    pub certainty: Option<Certainty>,
}

/// A row of the log, with where it stands (its file name shown escaped, as in messages).
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedRow {
    /// "activity.csv:41".
    pub place: String,
    pub row: ActivityRow,
}

/// One group up close.
#[derive(Clone, Debug, PartialEq)]
pub struct CloseUp {
    pub name: String,
    pub rows: u64,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub facts: GroupFacts,
    pub stay_at: f64,
    /// The months shown, oldest first, ending with the report month.
    pub months: Vec<GroupMonth>,
    /// The group as the report for the last month judges it; `None` when it has no row
    /// in that report's window, or was left before its last month.
    pub judged: Option<GroupReport>,
    /// Its last rows, oldest first.
    pub last_rows: Vec<LoggedRow>,
}

/// What the report for the window ending with `month` says of the group `key`: its line,
/// or `None` when it is not judged then.
fn judged_in(
    ledger: &Ledger,
    key: &str,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    month: Month,
) -> Result<Option<GroupReport>, NegativeSum> {
    let window = Window::ending(month, rules.window_months);
    let only = Selection::only([key.to_string()]);
    let report = model::report(ledger, facts, rules, window, &only)?;
    Ok(report.groups.into_iter().next())
}

/// The group `key` over the `count` months ending with `last`, as the ledger and `rules`
/// see it; `None` when no row names it. Fails as [`model::report`] does for any of those
/// months.
pub fn close_up(
    ledger: &Ledger,
    key: &str,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    last: Month,
    count: u32,
    last_rows: Vec<LoggedRow>,
) -> Result<Option<CloseUp>, NegativeSum> {
    let Some(group) = ledger.group(key) else {
        return Ok(None);
    };
    let own_facts = facts.get(key).cloned().unwrap_or_default();
    let left = own_facts.left;
    let first_month = Month::of(group.first_date);
    let mut months = Vec::new();
    let mut judged = None;
    for back in (0..count).rev() {
        let month = last.plus(-i64::from(back));
        let member = month >= first_month && left.is_none_or(|left| month <= left);
        let totals = member.then(|| {
            ledger
                .group_totals(Window::ending(month, 1))
                .into_iter()
                .find(|totals| totals.key == key)
                .map(|totals| (totals.figures, totals.lifetime_value))
                .unwrap_or_default()
        });
        let (figures, lifetime_value) = match totals {
            Some((figures, lifetime)) => (Some(figures), Some(lifetime)),
            None => (None, None),
        };
        let line = if member {
            judged_in(ledger, key, facts, rules, month)?
        } else {
            None
        };
        months.push(GroupMonth {
            month,
            figures,
            lifetime_value,
            score: line.as_ref().and_then(|line| line.score),
            verdict: line.as_ref().map(|line| line.verdict),
            certainty: line.as_ref().and_then(|line| line.certainty),
        });
        judged = line;
    }
    Ok(Some(CloseUp {
        name: group.name,
        rows: group.rows,
        first_date: group.first_date,
        last_date: group.last_date,
        facts: own_facts,
        stay_at: rules.stay_at,
        months,
        judged,
        last_rows,
    }))
}

/// One line of `netaudit groups`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    pub name: String,
    pub rows: u64,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// The last month of membership, when the config says it was left.
    pub left: Option<Month>,
    /// The verdict of the report for `month`; `None` when it is not judged then.
    pub verdict: Option<Verdict>,
}

/// Every group the log names, by name without regard to case, with its verdict in the
/// report for the window `window`.
pub fn group_lines(
    ledger: &Ledger,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    window: Window,
) -> Result<Vec<GroupLine>, NegativeSum> {
    let report = model::report(ledger, facts, rules, window, &Selection::all())?;
    let verdicts: HashMap<&str, Verdict> = report
        .groups
        .iter()
        .map(|group| (group.key.as_str(), group.verdict))
        .collect();
    let mut lines: Vec<GroupLine> = ledger
        .names()
        .map(|group| GroupLine {
            verdict: verdicts.get(group.key).copied(),
            left: facts.get(group.key).and_then(|facts| facts.left),
            name: group.name,
            rows: group.rows,
            first_date: group.first_date,
            last_date: group.last_date,
        })
        .collect();
    lines.sort_by_cached_key(|line| line.name.to_lowercase());
    Ok(lines)
}
