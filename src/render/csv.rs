//! The report as CSV: one record per group, fixed field names, 2 decimals.

use super::{Currency, RECORD_FIELDS, decimal2, records};
use crate::model::Report;

fn optional(value: Option<f64>) -> String {
    value.map(decimal2).unwrap_or_default()
}

pub fn render(report: &Report, currency: &Currency) -> anyhow::Result<String> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(RECORD_FIELDS)?;
    for record in records(report, currency) {
        writer.write_record([
            record.month,
            record.group,
            record.meetings.to_string(),
            decimal2(record.hours),
            decimal2(record.cost),
            record.leads.to_string(),
            record.deals.to_string(),
            decimal2(record.revenue),
            record.referrals_given.to_string(),
            decimal2(record.other_value),
            optional(record.return_per_hour),
            optional(record.score),
            optional(record.expected_score),
            record.verdict.to_string(),
            record.reasons,
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
