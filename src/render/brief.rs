//! `netaudit brief`: the round as words to say, in text for the terminal, Markdown and
//! JSON. The clients a group brought are rows, as every other list is.

use super::rows::{Rows, Value};
use super::table::{Screen, rows_table};
use super::{Currency, markdown};
use crate::ledger::{ClientLine, PipelineDeal};
use crate::model::{Brief, LeadLine, MetricKind};
use serde_json::json;

/// Why a brief is not written as CSV, a workbook or a page.
pub const WORDS_ONLY: &str =
    "a brief is words to say: write it as a table (text), markdown or json";

/// The brief's heading: the day, and the group asked about.
fn heading(brief: &Brief) -> String {
    match &brief.group {
        Some(group) => format!("The round, {}: {group}", brief.today),
        None => format!("The round, {}", brief.today),
    }
}

/// "Acme Kitchens, won 2026-11-20 at Harbor City BNI, referred by Dana Price".
fn client_words(deal: &PipelineDeal, with_group: bool) -> (String, String) {
    let mut rest = format!("won {}", deal.date);
    if with_group {
        rest += &format!(" at {}", deal.group);
    }
    if deal.count > 1 {
        rest += &format!(" ({} deals)", deal.count);
    }
    rest += &referred(&deal.referred_by);
    (deal.client.clone(), rest)
}

/// "Bright Dental, a lead since 2026-11-02 at Harbor City BNI, referred by Ravi Menon,
/// last named 2026-11-30".
fn prospect_words(line: &LeadLine, with_group: bool) -> (String, String) {
    let lead = &line.lead;
    let mut rest = format!("a lead since {}", lead.date);
    if with_group {
        rest += &format!(" at {}", lead.group);
    }
    rest += &referred(&lead.contact);
    if lead.touched > lead.date {
        rest += &format!(", last named {}", lead.touched);
    }
    if line.status != crate::model::LeadStatus::Open {
        rest += &format!(" ({})", line.status.as_str());
    }
    (lead.client.clone(), rest)
}

fn referred(contact: &str) -> String {
    match contact {
        "" => ", referred by no one named".to_string(),
        contact => format!(", referred by {contact}"),
    }
}

/// A list of the brief: its title, each item's name and the words after it, and what it
/// says when empty.
type List = (&'static str, Vec<(String, String)>, &'static str);

/// The brief's two lists.
fn lists(brief: &Brief) -> [List; 2] {
    let with_group = brief.group.is_none();
    [
        (
            "Latest clients",
            (brief.clients.iter())
                .map(|deal| client_words(deal, with_group))
                .collect(),
            "No deal names its client yet.",
        ),
        (
            "Prospects",
            (brief.prospects.iter())
                .map(|line| prospect_words(line, with_group))
                .collect(),
            "No open lead names its client.",
        ),
    ]
}

/// The clients a group brought, as rows.
pub fn brought(clients: &[ClientLine]) -> Rows {
    let money =
        |amount: crate::figures::Amount| Value::Metric(Some(amount.as_f64()), MetricKind::Money);
    Rows {
        fields: vec![
            "client",
            "referred_by",
            "first_lead",
            "leads",
            "deals",
            "revenue",
        ],
        rows: (clients.iter())
            .map(|line| {
                vec![
                    Value::Text(line.client.clone()),
                    Value::Optional(
                        (!line.referred_by.is_empty()).then(|| line.referred_by.clone()),
                    ),
                    Value::Text(line.first_lead.to_string()),
                    Value::Count(line.leads),
                    Value::Count(line.deals),
                    money(line.revenue),
                ]
            })
            .collect(),
    }
}

/// What a group brought, said when it brought no one.
fn brought_heading(brief: &Brief) -> Option<String> {
    brief
        .group
        .as_ref()
        .map(|group| format!("Clients {group} brought"))
}

/// The brief as text for a terminal.
pub fn text(brief: &Brief, currency: &Currency, screen: Screen) -> String {
    let mut out = screen.paragraph(&heading(brief));
    for (title, items, none) in lists(brief) {
        out.push('\n');
        out += &screen.paragraph(&format!("{title}:"));
        if items.is_empty() {
            out += &screen.paragraph(&format!("  {none}"));
        }
        for (name, rest) in items {
            out += &screen.paragraph(&format!("  - {name}, {rest}"));
        }
    }
    if let Some(title) = brought_heading(brief) {
        out.push('\n');
        out += &screen.paragraph(&format!("{title}:"));
        match brief.brought.is_empty() {
            true => out += &screen.paragraph("  None yet: no lead of its names a client."),
            false => out += &rows_table(&brought(&brief.brought), currency, screen),
        }
    }
    out
}

/// The brief in Markdown: a heading, a list per part, the clients brought as a table.
pub fn markdown(brief: &Brief, currency: &Currency) -> String {
    let mut out = format!("## {}\n", markdown::escape(&heading(brief)));
    for (title, items, none) in lists(brief) {
        out += &format!("\n### {title}\n\n");
        if items.is_empty() {
            out += &format!("{}\n", markdown::escape(none));
        }
        for (name, rest) in items {
            out += &format!(
                "- **{}**, {}\n",
                markdown::escape(&name),
                markdown::escape(&rest)
            );
        }
    }
    if let Some(title) = brought_heading(brief) {
        out += &format!("\n### {}\n\n", markdown::escape(&title));
        match brief.brought.is_empty() {
            true => out += "None yet: no lead of its names a client.\n",
            false => out += &markdown::rows_table(&brought(&brief.brought), currency),
        }
    }
    out
}

/// The brief in JSON, for programs: every figure, with nothing in words.
pub fn json(brief: &Brief) -> anyhow::Result<String> {
    let clients: Vec<_> = (brief.clients.iter())
        .map(|deal| {
            json!({
                "date": deal.date.to_string(),
                "group": deal.group,
                "client": deal.client,
                "referred_by": (!deal.referred_by.is_empty()).then_some(&deal.referred_by),
                "deals": deal.count,
            })
        })
        .collect();
    let prospects: Vec<_> = (brief.prospects.iter())
        .map(|line| {
            let lead = &line.lead;
            json!({
                "date": lead.date.to_string(),
                "group": lead.group,
                "client": lead.client,
                "referred_by": (!lead.contact.is_empty()).then_some(&lead.contact),
                "leads": lead.count,
                "last_touched": lead.touched.to_string(),
                "status": line.status.as_str(),
            })
        })
        .collect();
    let brought = match &brief.group {
        Some(_) => serde_json::to_value(super::json::Objects(&brought(&brief.brought)))?,
        None => serde_json::Value::Null,
    };
    let value = json!({
        "date": brief.today.to_string(),
        "group": brief.group,
        "clients": clients,
        "prospects": prospects,
        "brought": brought,
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}
