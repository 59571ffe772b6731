//! The report as JSON: an array with one object per group, the same fields as the CSV.

use super::{Currency, records};
use crate::model::Report;

pub fn render(report: &Report, currency: &Currency) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&records(report, currency))?;
    text.push('\n');
    Ok(text)
}
