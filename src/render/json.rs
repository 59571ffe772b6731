//! JSON: the rows of [`super::rows`] as an array of objects, the fields in the CSV's order.

use super::Currency;
use super::round2;
use super::rows::{self, Rows, Value};
use super::{Money, reasons_text};
use crate::chapter::ChapterReport;
use crate::close_up::CloseUp;
use crate::model::MetricKind;
use crate::model::{Cadence, Reason, score_shown};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// One group up close: its membership, its judgement, its months and its last rows.
pub fn show(close_up: &CloseUp, currency: &Currency) -> anyhow::Result<String> {
    let facts = &close_up.facts;
    let judged = close_up.judged.as_ref();
    let value = serde_json::json!({
        "group": close_up.name,
        "rows": close_up.rows,
        "first_date": close_up.first_date.to_string(),
        "last_date": close_up.last_date.to_string(),
        "joined": facts.joined.map(|month| month.to_string()),
        "left": facts.left.map(|month| month.to_string()),
        "members": facts.members,
        "cadence": facts.cadence.map(Cadence::name),
        "aliases": facts.aliases,
        "verdict": judged.map(|group| group.verdict.as_str()),
        "score": judged
            .and_then(|group| group.score)
            .map(score_shown),
        "reasons": judged.map(|group| reasons_text(group, Money::ForPeople(currency), close_up.stay_at)),
        "reason_codes": judged
            .map(|group| group.reasons.iter().map(Reason::code).collect::<Vec<_>>()),
        "median_days_to_deal": judged
            .and_then(|group| group.median_days_to_deal)
            .map(f64::round),
        "score_low": judged.and_then(|group| group.certainty).map(|sure| round2(sure.low)),
        "score_high": judged.and_then(|group| group.certainty).map(|sure| round2(sure.high)),
        "chance_stay": judged
            .and_then(|group| group.certainty)
            .map(|sure| round2(sure.chance_stay)),
        "settled_by": judged
            .and_then(|group| group.certainty)
            .and_then(|sure| sure.settled_by)
            .map(|month| month.to_string()),
        "months": serde_json::to_value(Objects(&rows::months(close_up)))?,
        "last_rows": serde_json::to_value(Objects(&rows::logged_rows(&close_up.last_rows)))?,
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

/// A chapter: its period, a record per member, and the room under its own key.
pub fn chapter(report: &ChapterReport) -> anyhow::Result<String> {
    let room = rows::chapter_room(report);
    let mut room_object = serde_json::Map::new();
    for (field, value) in room.fields.iter().zip(&room.rows[0]) {
        room_object.insert(field.to_string(), serde_json::to_value(value)?);
    }
    room_object.insert(
        "received_none".to_string(),
        serde_json::to_value(&report.room.received_none)?,
    );
    room_object.insert(
        "verdict".to_string(),
        serde_json::Value::String(super::chapter::verdict(report)),
    );
    let value = serde_json::json!({
        "chapter": report.chapter,
        "from": report.from.to_string(),
        "to": report.to.to_string(),
        "summaries": report.periods,
        "members": serde_json::to_value(Objects(&rows::chapter_members(report)))?,
        "room": room_object,
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

pub fn render(rows: &Rows) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&Objects(rows))?;
    text.push('\n');
    Ok(text)
}

pub(super) struct Objects<'a>(pub(super) &'a Rows);

struct Object<'a> {
    fields: &'a [&'static str],
    values: &'a [Value],
}

impl Serialize for Objects<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for values in &self.0.rows {
            seq.serialize_element(&Object {
                fields: &self.0.fields,
                values,
            })?;
        }
        seq.end()
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (field, value) in self.fields.iter().zip(self.values) {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}

/// A count is an integer; a trend's other figures are rounded to 2 decimals; a missing
/// one is `null`.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(value) => value.serialize(serializer),
            Value::MaybeText(value) => value.serialize(serializer),
            Value::Optional(value) => value.serialize(serializer),
            Value::Count(value) => value.serialize(serializer),
            Value::Decimal(value) => value.serialize(serializer),
            Value::MaybeDecimal(value) => value.serialize(serializer),
            Value::Names(names) => names.serialize(serializer),
            Value::Foreign(amount, code) => format!("{amount} {code}").serialize(serializer),
            Value::Range(range) => range
                .map(|(low, high)| [round2(low), round2(high)])
                .serialize(serializer),
            Value::Metric(value, kind) | Value::Exact(value, kind) => value
                .and_then(|value| match kind {
                    MetricKind::Count => Some(serde_json::Number::from(value as u64)),
                    _ => serde_json::Number::from_f64(round2(value)),
                })
                .serialize(serializer),
        }
    }
}
