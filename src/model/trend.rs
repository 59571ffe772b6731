//! `trend`: one metric per group and month, each month's figure what a report for that
//! month would show.

use super::{GroupFacts, Selection, gross_of, score_of};
use crate::figures::Figures;
use crate::ledger::{GroupTotals, Ledger};
use crate::period::{Month, Window};
use crate::settings::Rules;
use std::collections::HashMap;

/// What `trend` shows for each group and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Score,
    Hours,
    Leads,
    Deals,
    Revenue,
    Cost,
    Meetings,
}

/// How a metric's figures read: whole numbers, hours, money, or a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    Count,
    Hours,
    Money,
    Score,
}

impl Metric {
    pub const ALL: [Metric; 7] = [
        Metric::Score,
        Metric::Hours,
        Metric::Leads,
        Metric::Deals,
        Metric::Revenue,
        Metric::Cost,
        Metric::Meetings,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Score => "score",
            Metric::Hours => "hours",
            Metric::Leads => "leads",
            Metric::Deals => "deals",
            Metric::Revenue => "revenue",
            Metric::Cost => "cost",
            Metric::Meetings => "meetings",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|metric| metric.name() == name)
    }

    pub fn kind(self) -> MetricKind {
        match self {
            Metric::Score => MetricKind::Score,
            Metric::Hours => MetricKind::Hours,
            Metric::Revenue | Metric::Cost => MetricKind::Money,
            Metric::Leads | Metric::Deals | Metric::Meetings => MetricKind::Count,
        }
    }

    /// Whether a month's figure covers the report window ending with that month, rather
    /// than the month alone: a score over one month would swing with every meeting.
    pub fn is_windowed(self) -> bool {
        self == Metric::Score
    }

    /// The metric over `figures`; `None` for a score without hours.
    pub fn of(self, figures: &Figures, rules: &Rules) -> Option<f64> {
        match self {
            Metric::Score => score_of(gross_of(figures, rules.margin), figures, rules),
            Metric::Hours => Some(figures.hours.as_f64()),
            Metric::Leads => Some(figures.leads as f64),
            Metric::Deals => Some(figures.deals as f64),
            Metric::Revenue => Some(figures.revenue.as_f64()),
            Metric::Cost => Some(figures.cost.as_f64()),
            Metric::Meetings => Some(figures.meetings as f64),
        }
    }
}

/// One group's line of a trend: a figure per month, `None` where there is none to show.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    /// The group's identity (see [`crate::names::group_key`]).
    pub key: String,
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A metric per group and month.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub metric: Metric,
    pub months: Vec<Month>,
    /// The months each score covers; unused by the other metrics.
    pub window_months: u32,
    pub hourly_rate: f64,
    /// In name order, without regard to case.
    pub groups: Vec<TrendRow>,
    /// All groups together, month by month.
    pub total: Vec<Option<f64>>,
}

/// `metric` per group of the `selection` for the `count` months ending with `last`: each
/// month's own total, or for a windowed metric the window of `rules.window_months` ending
/// with it. The total is of the groups shown.
pub fn trend(
    ledger: &Ledger,
    metric: Metric,
    last: Month,
    count: u32,
    rules: &Rules,
    facts: &HashMap<String, GroupFacts>,
    selection: &Selection,
) -> Trend {
    let months: Vec<Month> = (0..count)
        .rev()
        .map(|back| last.plus(-i64::from(back)))
        .collect();
    let covered = if metric.is_windowed() {
        rules.window_months
    } else {
        1
    };
    let columns: Vec<Vec<GroupTotals>> = months
        .iter()
        .map(|&month| selection.keep(ledger.group_totals(Window::ending(month, covered))))
        .collect();
    build_trend(metric, &months, &columns, rules, facts, rules.window_months)
}
/// Builds a trend. `columns[i]` holds, for each group with rows in it, the totals over
/// what the cell of `months[i]` covers: that month alone, or for a windowed metric the
/// window of `window_months` ending with it. A group absent from a column shows 0 for a
/// month's total once it has started (its first row is in that month or earlier), and
/// nothing before, or for a score. Nothing shows after the month a group was left.
pub fn build_trend(
    metric: Metric,
    months: &[Month],
    columns: &[Vec<GroupTotals>],
    rules: &Rules,
    facts: &HashMap<String, GroupFacts>,
    window_months: u32,
) -> Trend {
    let rules_of = |key: &str| {
        facts
            .get(key)
            .map_or_else(|| rules.clone(), |facts| facts.rules_for(rules))
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&GroupTotals, Vec<Option<f64>>)> = Vec::new();
    for totals in columns.iter().flatten() {
        index.entry(&totals.key).or_insert_with(|| {
            groups.push((totals, vec![None; months.len()]));
            groups.len() - 1
        });
    }
    let mut total = Vec::with_capacity(months.len());
    for (column, (&month, in_column)) in months.iter().zip(columns).enumerate() {
        let mut sum = Figures::default();
        // A score of all groups prices each group's hours and revenue by its own rules.
        let (mut gross, mut price) = (0.0, 0.0);
        let member = |totals: &GroupTotals| totals.left.is_none_or(|left| month <= left);
        for totals in in_column.iter().filter(|totals| member(totals)) {
            let own = rules_of(&totals.key);
            sum += &totals.figures;
            gross += gross_of(&totals.figures, own.margin);
            price += totals.figures.cost.as_f64() + totals.figures.hours.as_f64() * own.hourly_rate;
            groups[index[totals.key.as_str()]].1[column] = metric.of(&totals.figures, &own);
        }
        if !metric.is_windowed() {
            for (group, values) in &mut groups {
                if values[column].is_none() && group.first_month <= month && member(group) {
                    values[column] = Some(0.0);
                }
            }
        }
        total.push(match metric {
            Metric::Score => (!sum.hours.is_zero()).then(|| gross / price),
            _ => metric.of(&sum, rules),
        });
    }
    let mut groups: Vec<TrendRow> = groups
        .into_iter()
        .filter(|(totals, _)| {
            months
                .first()
                .is_none_or(|&first| totals.left.is_none_or(|left| first <= left))
        })
        .map(|(totals, values)| TrendRow {
            key: totals.key.clone(),
            name: totals.name.clone(),
            values,
        })
        .collect();
    groups.sort_by_cached_key(|group| group.name.to_lowercase());
    Trend {
        metric,
        months: months.to_vec(),
        window_months,
        hourly_rate: rules.hourly_rate,
        groups,
        total,
    }
}
