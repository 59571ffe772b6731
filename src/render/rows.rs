//! The rows that CSV and JSON carry. Each output has one field list here, and the CSV
//! header, every CSV cell and every JSON object are made from it, so the two formats
//! cannot drift apart.

use super::{Currency, Money, reasons_text, round2};
use crate::activity::{FIGURE_COLUMNS, FIGURES_IN_BLOCK, Kind, figure_value};
use crate::chapter::{ChapterReport, Colour, attendance_percent};
use crate::close_up::{CloseUp, GroupLine, LoggedRow};
use crate::currency::{Code, Reading};
use crate::figures::{Amount, Figures};
use crate::model::{
    Certainty, GroupPartners, GroupReport, MetricKind, PartnersView, Reason, Report, Trend,
    Verdict, score_shown,
};
use crate::period::Month;

/// One field's value, typed, so that each format writes it in its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    MaybeText(Option<&'static str>),
    /// A text that may be absent, such as the month a group was left: empty in a table
    /// or a CSV cell, `null` in JSON.
    Optional(Option<String>),
    Count(u64),
    Decimal(f64),
    MaybeDecimal(Option<f64>),
    /// A trend's figure: a whole number for a count, else a decimal; `None` where there
    /// is none.
    Metric(Option<f64>, MetricKind),
    /// Money of a logged row in another currency than the log's, shown in it: `250.00 USD`.
    Foreign(Amount, Code),
    /// A figure of a close-up, which an accountant reconciles by: shown to a person with
    /// its cents (`$18.50`) or hundredths of an hour (`1.25`), where a [`Value::Metric`]
    /// is rounded to whole units or a tenth; elsewhere as a `Metric`.
    Exact(Option<f64>, MetricKind),
    /// Names, such as reason codes: joined by `;` in one CSV cell, an array in JSON.
    Names(Vec<&'static str>),
    /// Where a long-run score likely lies, its 10th to 90th percentile: `0.98–4.04` for a
    /// person and in CSV, `[0.98, 4.04]` in JSON; `None` without hours.
    Range(Option<(f64, f64)>),
}

/// Rows under their field names.
pub struct Rows {
    pub fields: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// The rows with the field `name` first: a terminal wraps only the first column, so
    /// the one with the longest names goes there.
    pub fn with_first(mut self, name: &str) -> Rows {
        if let Some(index) = self.fields.iter().position(|field| *field == name) {
            self.fields[..=index].rotate_right(1);
            for row in &mut self.rows {
                row[..=index].rotate_right(1);
            }
        }
        self
    }

    /// The rows without the field `name`: a person's table of one group needs no column
    /// naming it on every line.
    pub fn without(mut self, name: &str) -> Rows {
        if let Some(index) = self.fields.iter().position(|field| *field == name) {
            self.fields.remove(index);
            for row in &mut self.rows {
                row.remove(index);
            }
        }
        self
    }
}

/// A field's name, and its value for a group: of the report, and the group, with the
/// currency its reasons name money in.
type ReportField = (&'static str, fn(&Report, &GroupReport, &Currency) -> Value);

/// The report's fields after the group and its figures (see [`figure_fields`]), one row
/// per group: the stable, documented names, in order.
const REPORT_FIELDS: [ReportField; 7] = [
    ("return_per_hour", |_, group, _| {
        Value::Metric(group.return_per_hour.map(round2), MetricKind::Money)
    }),
    ("score", |_, group, _| {
        Value::MaybeDecimal(group.score.map(score_shown))
    }),
    ("expected_score", |_, group, _| {
        Value::MaybeDecimal(group.expected_score.map(score_shown))
    }),
    ("verdict", |_, group, _| {
        Value::MaybeText(Some(group.verdict.as_str()))
    }),
    ("previous_verdict", |_, group, _| {
        Value::MaybeText(group.previous_verdict.map(Verdict::as_str))
    }),
    ("reasons", |report, group, currency| {
        Value::Text(reasons_text(
            group,
            Money::ForPeople(currency),
            report.stay_at,
        ))
    }),
    ("reason_codes", |_, group, _| {
        Value::Names(group.reasons.iter().map(Reason::code).collect())
    }),
];

/// How sure a group's score is, at the end of the report's fields: added last, so that a
/// history begun before takes rows without them.
const CERTAINTY_FIELDS: [&str; 4] = ["score_low", "score_high", "chance_stay", "settled_by"];

fn certainty_values(certainty: Option<&Certainty>) -> [Value; 4] {
    [
        Value::MaybeDecimal(certainty.map(|sure| round2(sure.low))),
        Value::MaybeDecimal(certainty.map(|sure| round2(sure.high))),
        Value::MaybeDecimal(certainty.map(|sure| round2(sure.chance_stay))),
        Value::Optional(certainty.and_then(|sure| sure.settled_by.map(|month| month.to_string()))),
    ]
}

/// The report's rows: one per group; its reasons, sentences for people, name money in
/// `currency`, as the table does.
pub fn report(report: &Report, currency: &Currency) -> Rows {
    let mut fields = vec!["month", "group"];
    fields.extend(figure_fields().0);
    fields.extend(REPORT_FIELDS.iter().map(|(name, _)| *name));
    fields.extend(figure_fields().1);
    fields.push("median_days_to_deal");
    fields.extend(CERTAINTY_FIELDS);
    let figures = |group: &GroupReport| figure_values(Some(&group.figures), Shown::Rounded);
    Rows {
        fields,
        rows: report
            .groups
            .iter()
            .map(|group| {
                let (block, later) = figures(group);
                let mut row = vec![
                    Value::Text(report.month.to_string()),
                    Value::Text(group.name.clone()),
                ];
                row.extend(block);
                row.extend(
                    REPORT_FIELDS
                        .iter()
                        .map(|(_, value)| value(report, group, currency)),
                );
                row.extend(later);
                row.push(Value::Metric(
                    group.median_days_to_deal.map(f64::round),
                    MetricKind::Count,
                ));
                row.extend(certainty_values(group.certainty.as_ref()));
                row
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

/// `netaudit groups`: one row per group.
pub fn groups(lines: &[GroupLine]) -> Rows {
    Rows {
        fields: vec![
            "group",
            "rows",
            "first_date",
            "last_date",
            "left",
            "verdict",
        ],
        rows: lines
            .iter()
            .map(|line| {
                vec![
                    Value::Text(line.name.clone()),
                    Value::Count(line.rows),
                    Value::Text(line.first_date.to_string()),
                    Value::Text(line.last_date.to_string()),
                    Value::Optional(line.left.map(|left| left.to_string())),
                    Value::MaybeText(line.verdict.map(Verdict::as_str)),
                ]
            })
            .collect(),
    }
}

/// `netaudit partners`: one row per group and contact, and one per group for what no
/// contact is named for, whose contact is empty (`null` in JSON), or "no one named" in a
/// table for people (`for_people`).
pub fn partners(view: &PartnersView, for_people: bool) -> Rows {
    partner_rows(view.month, &view.groups, for_people)
}

/// [`partners`] of `groups`, for the report month `month`.
fn partner_rows(month: Month, groups: &[GroupPartners], for_people: bool) -> Rows {
    let money = |amount: Amount| Value::Metric(Some(amount.as_f64()), MetricKind::Money);
    let rows = (groups.iter())
        .flat_map(|group| {
            group.lines.iter().map(|line| {
                let partner = &line.partner;
                let contact = match (partner.contact.is_empty(), for_people) {
                    (false, _) => Value::Text(partner.contact.clone()),
                    (true, true) => Value::Text("no one named".to_string()),
                    (true, false) => Value::Optional(None),
                };
                vec![
                    Value::Text(month.to_string()),
                    Value::Text(group.name.clone()),
                    contact,
                    Value::Count(partner.leads),
                    Value::Count(partner.deals),
                    money(partner.revenue),
                    Value::Count(partner.one_to_ones),
                    Value::Metric(Some(partner.hours.as_f64()), MetricKind::Hours),
                    Value::Count(partner.referrals_given),
                    Value::Optional(partner.last_lead.map(|date| date.to_string())),
                    Value::Metric(line.return_per_hour.map(round2), MetricKind::Money),
                    Value::Count(partner.lost),
                    Value::Count(line.open_leads),
                    money(partner.other_value),
                    money(partner.lifetime_value),
                    Value::MaybeDecimal(line.share.map(round2)),
                    Value::Metric(line.days_to_deal.map(f64::round), MetricKind::Count),
                ]
            })
        })
        .collect();
    Rows {
        fields: PARTNER_FIELDS.to_vec(),
        rows,
    }
}

/// [`partners`] as a person reads it: who, what they brought and the time with them,
/// without the month and the fields a screen has no room for, headed in short words.
pub fn partners_for_people(view: &PartnersView) -> Rows {
    for_people(partner_rows(view.month, &view.groups, true))
}

/// [`partners_for_people`] of one group, under its name: without a group column.
pub fn group_partners_for_people(month: Month, group: &GroupPartners) -> Rows {
    for_people(partner_rows(month, std::slice::from_ref(group), true)).without("group")
}

fn for_people(mut rows: Rows) -> Rows {
    for field in [
        "month",
        "lost",
        "other_value",
        "lifetime_value",
        "share",
        "days_to_deal",
        "referrals_given",
    ] {
        rows = rows.without(field);
    }
    for field in &mut rows.fields {
        *field = match *field {
            "one_to_ones" => "1-to-1s",
            "return_per_hour" => "return/h",
            "open_leads" => "open",
            other => other,
        };
    }
    rows
}

/// The fields of [`partners`], in order: documented in docs/partners.md.
pub const PARTNER_FIELDS: [&str; 17] = [
    "month",
    "group",
    "contact",
    "leads",
    "deals",
    "revenue",
    "one_to_ones",
    "hours",
    "referrals_given",
    "last_lead",
    "return_per_hour",
    "lost",
    "open_leads",
    "other_value",
    "lifetime_value",
    "share",
    "days_to_deal",
];

/// The names of the figure fields: those every output carries in a block after the
/// group, in the log's order of columns, and those added since, which go at its end.
fn figure_fields() -> (
    impl Iterator<Item = &'static str>,
    impl Iterator<Item = &'static str>,
) {
    let (block, later) = FIGURE_COLUMNS.split_at(FIGURES_IN_BLOCK);
    (
        block.iter().map(|column| column.name()),
        later.iter().map(|column| column.name()),
    )
}

/// How a figure is shown: to the report's rounding, or exactly, as a close-up's are.
#[derive(Clone, Copy)]
enum Shown {
    Rounded,
    Exact,
}

/// The values of [`figure_fields`], in two parts as the names are: each empty when
/// there are no `figures`.
fn figure_values(figures: Option<&Figures>, shown: Shown) -> (Vec<Value>, Vec<Value>) {
    let mut values: Vec<Value> = FIGURE_COLUMNS
        .iter()
        .map(|&column| {
            let kind = match column.kind() {
                Kind::Hours(_) => MetricKind::Hours,
                Kind::Money(_) => MetricKind::Money,
                _ => MetricKind::Count,
            };
            let value = figures.and_then(|figures| figure_value(column, figures));
            match (shown, column.kind()) {
                // A report's count as the whole number it is, not through a float.
                (Shown::Rounded, Kind::Count(field)) => {
                    Value::Count(figures.map_or(0, |figures| (field.get)(figures)))
                }
                (Shown::Rounded, _) => Value::Metric(value, kind),
                (Shown::Exact, _) => Value::Exact(value, kind),
            }
        })
        .collect();
    let later = values.split_off(FIGURES_IN_BLOCK);
    (values, later)
}

/// `netaudit show`: the group's months, one row each, with the score and verdict a report
/// for that month gives; figures are empty for a month outside its membership.
pub fn months(close_up: &CloseUp) -> Rows {
    let mut fields = vec!["month", "group"];
    fields.extend(figure_fields().0);
    fields.extend(["score", "verdict"]);
    fields.extend(figure_fields().1);
    fields.push("lifetime_value");
    fields.extend(&CERTAINTY_FIELDS[..3]);
    Rows {
        fields,
        rows: close_up
            .months
            .iter()
            .map(|month| {
                let mut row = vec![
                    Value::Text(month.month.to_string()),
                    Value::Text(close_up.name.clone()),
                ];
                let (block, later) = figure_values(month.figures.as_ref(), Shown::Exact);
                row.extend(block);
                row.push(Value::MaybeDecimal(month.score.map(score_shown)));
                row.push(Value::MaybeText(month.verdict.map(Verdict::as_str)));
                row.extend(later);
                row.push(Value::Exact(
                    month.lifetime_value.map(Amount::as_f64),
                    MetricKind::Money,
                ));
                row.extend(
                    certainty_values(month.certainty.as_ref())
                        .into_iter()
                        .take(3),
                );
                row
            })
            .collect(),
    }
}

/// The months of `show` as a person's table has them: without the group, which every
/// line would name, and each month's long-run range in one column beside its score, its
/// chance after it, as the report's table has them.
pub fn months_for_people(close_up: &CloseUp) -> Rows {
    let mut rows = months(close_up).without("group");
    let [Some(low), Some(high), Some(chance), Some(score)] =
        ["score_low", "score_high", "chance_stay", "score"]
            .map(|name| rows.fields.iter().position(|field| *field == name))
    else {
        return rows;
    };
    for row in &mut rows.rows {
        let range = match (&row[low], &row[high]) {
            (Value::MaybeDecimal(Some(low)), Value::MaybeDecimal(Some(high))) => {
                Some((*low, *high))
            }
            _ => None,
        };
        let chance = std::mem::replace(&mut row[chance], Value::MaybeDecimal(None));
        row.insert(score + 1, Value::Range(range));
        row.insert(score + 2, chance);
    }
    rows.fields.insert(score + 1, "range");
    rows.fields.insert(score + 2, "chance");
    ["score_low", "score_high", "chance_stay"]
        .into_iter()
        .fold(rows, Rows::without)
}

/// `netaudit show`: the group's last rows, as the log has them, with where each stands.
pub fn logged_rows(rows: &[LoggedRow]) -> Rows {
    let mut fields = vec!["place", "date"];
    fields.extend(figure_fields().0);
    fields.push("covers");
    fields.extend(figure_fields().1);
    Rows {
        fields,
        rows: rows
            .iter()
            .map(|logged| {
                let mut row = vec![
                    Value::Text(logged.place.clone()),
                    Value::Text(logged.row.date.to_string()),
                ];
                let (mut block, mut later) = figure_values(Some(&logged.row.figures), Shown::Exact);
                // A cell in another currency is shown in it, never as the log's.
                for (column, reading) in logged.row.currencies.each() {
                    let (Reading::Converted(code), Some(field)) = (reading, column.money()) else {
                        continue;
                    };
                    let Some(at) = FIGURE_COLUMNS.iter().position(|c| *c == column) else {
                        continue;
                    };
                    let amount = Value::Foreign((field.get)(&logged.row.figures), code);
                    match at.checked_sub(FIGURES_IN_BLOCK) {
                        None => block[at] = amount,
                        Some(at) => later[at] = amount,
                    }
                }
                row.extend(block);
                row.push(Value::Count(u64::from(logged.row.covers.max(1))));
                row.extend(later);
                row
            })
            .collect(),
    }
}

impl Value {
    /// The value as a person reads it in a table: money with its currency, hours to a
    /// tenth (a close-up's with cents and hundredths), and "-" where there is none.
    pub fn for_people(&self, currency: &Currency) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::MaybeText(text) => text.unwrap_or("-").to_string(),
            Value::Optional(text) => text.clone().unwrap_or_default(),
            Value::Count(count) => count.to_string(),
            Value::Decimal(value) => currency.decimal(round2(*value), 2),
            Value::MaybeDecimal(value) => value.map_or_else(
                || "-".to_string(),
                |value| currency.decimal(round2(value), 2),
            ),
            Value::Metric(value, kind) => super::cell_text(*kind, *value, currency),
            Value::Exact(None, _) => "-".to_string(),
            Value::Foreign(amount, code) => {
                format!("{} {code}", currency.decimal(amount.as_f64(), 2))
            }
            Value::Exact(Some(value), kind) => match kind {
                MetricKind::Money => currency.with_cents(*value),
                MetricKind::Hours | MetricKind::Score => currency.decimal(round2(*value), 2),
                MetricKind::Count => format!("{value:.0}"),
            },
            Value::Names(names) => names.join(", "),
            Value::Range(None) => "-".to_string(),
            Value::Range(Some((low, high))) => format!(
                "{}–{}",
                currency.decimal(round2(*low), 2),
                currency.decimal(round2(*high), 2)
            ),
        }
    }

    /// Whether the value is a figure, which a table aligns right.
    pub fn is_figure(&self) -> bool {
        !matches!(
            self,
            Value::Text(_) | Value::MaybeText(_) | Value::Optional(_) | Value::Names(_)
        )
    }
}

/// A [`Value::Range`] in plain figures, for CSV and a workbook's text cell: `0.98–4.04`.
pub fn plain_range((low, high): (f64, f64)) -> String {
    format!(
        "{}–{}",
        super::money::decimal2(low),
        super::money::decimal2(high)
    )
}

/// A field's name as a table's heading: "first_date" is "First date".
pub fn heading(field: &str) -> String {
    super::capitalised(&field.replace('_', " "))
}

/// `netaudit chapter`: one row per member, BNI's Traffic Lights and what the room gave.
pub fn chapter_members(report: &ChapterReport) -> Rows {
    let count = |value: Option<u64>| Value::Metric(value.map(|v| v as f64), MetricKind::Count);
    Rows {
        fields: vec![
            "from",
            "to",
            "member",
            "weeks",
            "weeks_counted",
            "attendance_pct",
            "referrals_given",
            "referrals_received",
            "referrals_received_per_week",
            "visitors",
            "one_to_ones",
            "ceus",
            "closed_business",
            "give_take",
            "weeks_since_referral",
            "traffic_lights_points",
            "traffic_lights_colour",
        ],
        rows: (report.members.iter())
            .map(|member| {
                let tally = &member.tally;
                vec![
                    Value::Text(report.from.to_string()),
                    Value::Text(report.to.to_string()),
                    Value::Text(member.name.clone()),
                    Value::Count(tally.weeks()),
                    Value::Count(tally.counted_weeks()),
                    count(attendance_percent(tally)),
                    Value::Count(tally.given()),
                    Value::Count(tally.received()),
                    Value::MaybeDecimal(member.received_per_week.map(round2)),
                    Value::Count(tally.visitors),
                    Value::Count(tally.one_to_ones),
                    Value::Count(tally.ceus),
                    Value::Metric(Some(tally.closed_business.as_f64()), MetricKind::Money),
                    Value::MaybeDecimal(member.give_take.map(round2)),
                    count(member.weeks_since_referral),
                    Value::Count(u64::from(member.lights.points)),
                    Value::MaybeText(Some(member.lights.colour.as_str())),
                ]
            })
            .collect(),
    }
}

/// `netaudit chapter --room`: the room's figures as one row.
pub fn chapter_room(report: &ChapterReport) -> Rows {
    let room = &report.room;
    let reach = room.reach;
    let count = |value: Option<u64>| Value::Metric(value.map(|v| v as f64), MetricKind::Count);
    let colour = |wanted: Colour| {
        let found = room.colours.iter().find(|(colour, _)| *colour == wanted);
        Value::Count(found.map_or(0, |(_, count)| *count as u64))
    };
    let fields_values: Vec<(&'static str, Value)> = vec![
        ("from", Value::Text(report.from.to_string())),
        ("to", Value::Text(report.to.to_string())),
        (
            "chapter",
            Value::Text(report.chapter.clone().unwrap_or_default()),
        ),
        ("members", Value::Count(room.members as u64)),
        ("big_group", Value::Count(room.big_group)),
        ("months", Value::Decimal(round2(room.months))),
        ("referrals_given", Value::Count(room.given)),
        ("referrals_received", Value::Count(room.received)),
        (
            "referrals_per_member_month",
            Value::MaybeDecimal(room.per_member_month.map(round2)),
        ),
        (
            "members_received_any",
            Value::Count(room.received_any as u64),
        ),
        (
            "members_received_none",
            Value::Count(room.received_none.len() as u64),
        ),
        ("top_fifth_members", Value::Count(room.top_fifth as u64)),
        (
            "top_fifth_share",
            Value::MaybeDecimal(room.top_fifth_share.map(round2)),
        ),
        ("gini", Value::MaybeDecimal(room.gini.map(round2))),
        (
            "closed_business",
            Value::Metric(Some(room.closed_business.as_f64()), MetricKind::Money),
        ),
        ("green", colour(Colour::Green)),
        ("amber", colour(Colour::Amber)),
        ("red", colour(Colour::Red)),
        ("grey", colour(Colour::Grey)),
        ("slips", count(reach.map(|reach| reach.slips))),
        (
            "referrals_inside",
            count(reach.map(|reach| reach.referrals_inside)),
        ),
        (
            "referrals_outside",
            count(reach.map(|reach| reach.referrals_outside)),
        ),
        (
            "connected_pairs",
            count(reach.map(|reach| reach.connected_pairs)),
        ),
        ("member_pairs", count(reach.map(|reach| reach.pairs))),
    ];
    let (fields, values) = fields_values.into_iter().unzip();
    Rows {
        fields,
        rows: vec![values],
    }
}
