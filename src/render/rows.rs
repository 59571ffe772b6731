//! The rows that CSV and JSON carry. Each output has one field list here, and the CSV
//! header, every CSV cell and every JSON object are made from it, so the two formats
//! cannot drift apart.

use super::{Money, reasons_text, round2};
use crate::model::{GroupReport, MetricKind, Reason, Report, Trend, Verdict, score_shown};

/// One field's value, typed, so that each format writes it in its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    MaybeText(Option<&'static str>),
    Count(u64),
    Decimal(f64),
    MaybeDecimal(Option<f64>),
    /// A trend's figure: a whole number for a count, else a decimal; `None` where there
    /// is none.
    Metric(Option<f64>, MetricKind),
    /// Names, such as reason codes: joined by `;` in one CSV cell, an array in JSON.
    Names(Vec<&'static str>),
}

/// Rows under their field names.
pub struct Rows {
    pub fields: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

type ReportField = (&'static str, fn(&Report, &GroupReport) -> Value);

/// The report's fields, one row per group: the stable, documented names, in order.
const REPORT_FIELDS: [ReportField; 17] = [
    ("month", |report, _| Value::Text(report.month.to_string())),
    ("group", |_, group| Value::Text(group.name.clone())),
    ("meetings", |_, group| Value::Count(group.figures.meetings)),
    ("hours", |_, group| {
        Value::Decimal(group.figures.hours.as_f64())
    }),
    ("cost", |_, group| {
        Value::Decimal(group.figures.cost.as_f64())
    }),
    ("leads", |_, group| Value::Count(group.figures.leads)),
    ("deals", |_, group| Value::Count(group.figures.deals)),
    ("revenue", |_, group| {
        Value::Decimal(group.figures.revenue.as_f64())
    }),
    ("referrals_given", |_, group| {
        Value::Count(group.figures.referrals_given)
    }),
    ("other_value", |_, group| {
        Value::Decimal(group.figures.other_value.as_f64())
    }),
    ("return_per_hour", |_, group| {
        Value::MaybeDecimal(group.return_per_hour.map(round2))
    }),
    ("score", |report, group| {
        Value::MaybeDecimal(group.score.map(|score| score_shown(score, report.stay_at)))
    }),
    ("expected_score", |report, group| {
        Value::MaybeDecimal(
            group
                .expected_score
                .map(|score| score_shown(score, report.stay_at)),
        )
    }),
    ("verdict", |_, group| {
        Value::MaybeText(Some(group.verdict.as_str()))
    }),
    ("previous_verdict", |_, group| {
        Value::MaybeText(group.previous_verdict.map(Verdict::as_str))
    }),
    ("reasons", |report, group| {
        Value::Text(reasons_text(group, Money::AsNumber, report.stay_at))
    }),
    ("reason_codes", |_, group| {
        Value::Names(group.reasons.iter().map(Reason::code).collect())
    }),
];

/// The report's rows: one per group.
pub fn report(report: &Report) -> Rows {
    Rows {
        fields: REPORT_FIELDS.iter().map(|(name, _)| *name).collect(),
        rows: report
            .groups
            .iter()
            .map(|group| {
                REPORT_FIELDS
                    .iter()
                    .map(|(_, value)| value(report, group))
                    .collect()
            })
            .collect(),
    }
}

/// The trend's rows in the long ("tidy") layout: `month,group,metric,value`, one per
/// group and month, and no totals row, which a pivot table would count twice.
pub fn trend(trend: &Trend) -> Rows {
    let kind = trend.metric.kind();
    let rows = trend
        .groups
        .iter()
        .flat_map(|group| {
            trend
                .months
                .iter()
                .zip(&group.values)
                .map(|(month, value)| {
                    vec![
                        Value::Text(month.to_string()),
                        Value::Text(group.name.clone()),
                        Value::MaybeText(Some(trend.metric.name())),
                        Value::Metric(*value, kind),
                    ]
                })
        })
        .collect();
    Rows {
        fields: vec!["month", "group", "metric", "value"],
        rows,
    }
}
