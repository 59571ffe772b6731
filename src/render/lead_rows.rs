//! `netaudit leads` as rows: every field for CSV, JSON and xlsx; the fields a person reads
//! for the table, Markdown and the page; and those as a table per group, for a phone.

use super::Currency;
use super::rows::{Rows, Value};
use crate::model::{LeadsAsked, LeadsView, MetricKind};

/// `netaudit leads`: one row per lead, or leads that came in together; a client or
/// contact not named, and a lead not ended, are empty (`null` in JSON).
pub fn leads(view: &LeadsView) -> Rows {
    let name = |text: &str| Value::Optional((!text.is_empty()).then(|| text.to_string()));
    let days = |days: Option<i64>| Value::Metric(days.map(|days| days as f64), MetricKind::Count);
    let rows = (view.lines.iter())
        .map(|line| {
            let lead = &line.lead;
            vec![
                Value::Text(lead.date.to_string()),
                Value::Text(lead.group.clone()),
                name(&lead.client),
                name(&lead.contact),
                Value::Count(lead.count),
                days(Some(line.age_days)),
                Value::MaybeText(Some(line.status.as_str())),
                Value::Text(lead.touched.to_string()),
                days(Some(line.idle_days)),
                Value::Optional((lead.end.is_none()).then(|| line.cold_from.to_string())),
                Value::Optional(lead.end.map(|end| end.date.to_string())),
                days(lead.end.and_then(|end| end.days)),
            ]
        })
        .collect();
    Rows {
        fields: LEAD_FIELDS.to_vec(),
        rows,
    }
}

/// [`leads`] as a person reads it: without when it was last named and goes cold, and
/// without how it ended but for a list of every lead.
pub fn leads_for_people(view: &LeadsView) -> Rows {
    let mut rows = leads(view).without("last_touched").without("cold_from");
    if view.asked != LeadsAsked::All {
        rows = rows.without("ended").without("days_to_deal");
    }
    for field in &mut rows.fields {
        *field = match *field {
            "age_days" => "age",
            "idle_days" => "idle",
            "days_to_deal" => "days",
            other => other,
        };
    }
    rows
}

/// [`leads_for_people`] as a table per group under its name, for a phone: without the
/// group, which the table is under, nor the count of leads, one each; the client and its
/// status first, where a phone shows them without scrolling; and in a list of every lead,
/// without the days since a row named it.
pub fn leads_by_group(rows: Rows, currency: &Currency) -> Vec<(String, Rows)> {
    // Without the field, one table under no name.
    let Some(group_at) = rows.fields.iter().position(|field| *field == "group") else {
        return vec![(String::new(), rows)];
    };
    let mut groups: Vec<(String, Vec<Vec<Value>>)> = Vec::new();
    for row in rows.rows {
        let name = row[group_at].for_people(currency);
        match groups.iter_mut().find(|(group, _)| *group == name) {
            Some((_, kept)) => kept.push(row),
            None => groups.push((name, vec![row])),
        }
    }
    (groups.into_iter())
        .map(|(name, kept)| {
            let group = Rows {
                fields: rows.fields.clone(),
                rows: kept,
            };
            let mut group = (group.without("group").without("leads"))
                .with_first("status")
                .with_first("client");
            if group.fields.contains(&"ended") {
                group = group.without("idle");
            }
            (name, group)
        })
        .collect()
}

/// The fields of [`leads`], in order: documented in docs/partners.md.
pub const LEAD_FIELDS: [&str; 12] = [
    "date",
    "group",
    "client",
    "contact",
    "leads",
    "age_days",
    "status",
    "last_touched",
    "idle_days",
    "cold_from",
    "ended",
    "days_to_deal",
];
