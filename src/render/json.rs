//! The report as JSON: an array with one object per group, the same fields as the CSV.

use super::records;
use crate::model::Report;

pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&records(report))?;
    text.push('\n');
    Ok(text)
}
