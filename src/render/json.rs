//! JSON: the rows of [`super::rows`] as an array of objects, the fields in the CSV's order.

use super::round2;
use super::rows::{Rows, Value};
use crate::model::MetricKind;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub fn render(rows: &Rows) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&Objects(rows))?;
    text.push('\n');
    Ok(text)
}

struct Objects<'a>(&'a Rows);

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
            Value::Count(value) => value.serialize(serializer),
            Value::Decimal(value) => value.serialize(serializer),
            Value::MaybeDecimal(value) => value.serialize(serializer),
            Value::Names(names) => names.serialize(serializer),
            Value::Metric(value, kind) => value
                .and_then(|value| match kind {
                    MetricKind::Count => Some(serde_json::Number::from(value as u64)),
                    _ => serde_json::Number::from_f64(round2(value)),
                })
                .serialize(serializer),
        }
    }
}
