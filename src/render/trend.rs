//! A trend as a table (one column per month, like a ledger's monthly report), or as long
//! ("tidy") records, one per group and month, for pivot tables and scripts.

use super::csv::{CsvStyle, CsvText, text};
use super::table::Screen;
use super::{Currency, decimal2, round2};
use crate::model::{MetricKind, Trend};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::fmt::Write;

/// A figure for a person: whole counts, hours to a tenth, money with its currency.
fn cell_text(kind: MetricKind, value: Option<f64>, currency: &Currency) -> String {
    let Some(value) = value else {
        return "-".to_string();
    };
    match kind {
        MetricKind::Count => format!("{value:.0}"),
        MetricKind::Hours => format!("{:.1}", value + 0.0),
        MetricKind::Money => currency.whole(value),
        MetricKind::Score => decimal2(value),
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The row's shape in block characters, its lowest figure at ▁ and its highest at █;
/// a month with no figure is a space, and a row that never changes stays at ▁.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let known = values.iter().flatten().copied();
    let (low, high) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
        (low.min(v), high.max(v))
    });
    values
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(_) if high <= low => BARS[0],
            Some(value) => {
                let level = ((value - low) / (high - low) * 7.0).round();
                BARS[(level as usize).min(BARS.len() - 1)]
            }
        })
        .collect()
}

/// The trend as a table. On a terminal (`screen.width` is known) a last column draws
/// each row's shape.
pub fn table(trend: &Trend, currency: &Currency, screen: Screen) -> String {
    let (Some(first), Some(last)) = (trend.months.first(), trend.months.last()) else {
        return String::new();
    };
    let metric = trend.metric.name();
    let mut out = if trend.metric.is_windowed() {
        format!(
            "{}{} by month, {first} to {last} · each over the {} months to that month · your time at {}/h\n",
            metric[..1].to_uppercase(),
            &metric[1..],
            trend.window_months,
            currency.whole(trend.hourly_rate)
        )
    } else {
        format!(
            "{}{} by month, {first} to {last} · each month on its own\n",
            metric[..1].to_uppercase(),
            &metric[1..]
        )
    };
    if trend.groups.is_empty() {
        let _ = writeln!(out, "No activity logged from {first} to {last}.");
        return out;
    }

    let spark = screen.on_terminal();
    let kind = trend.metric.kind();
    let mut table = screen.table();
    let mut header = vec!["Group".to_string()];
    header.extend(trend.months.iter().map(ToString::to_string));
    if spark {
        header.push("Trend".to_string());
    }
    table.set_header(header);
    let rows = trend
        .groups
        .iter()
        .map(|group| (group.name.as_str(), &group.values))
        .chain(std::iter::once(("Total", &trend.total)));
    for (name, values) in rows {
        let mut row = vec![Cell::new(name)];
        row.extend(
            values
                .iter()
                .map(|value| Cell::new(cell_text(kind, *value, currency))),
        );
        if spark {
            row.push(Cell::new(sparkline(values)));
        }
        table.add_row(row);
    }
    for index in 1..=trend.months.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    screen.wrap_names_only(&mut table, trend.months.len() + 1 + usize::from(spark));
    let _ = writeln!(out, "{table}");
    out
}

/// The long layout's field names, in order.
pub const TIDY_FIELDS: [&str; 4] = ["month", "group", "metric", "value"];

/// One cell of the trend in the long layout.
struct TidyCell<'a> {
    month: String,
    group: &'a str,
    value: Option<f64>,
}

fn tidy(trend: &Trend) -> impl Iterator<Item = TidyCell<'_>> {
    trend.groups.iter().flat_map(move |group| {
        trend
            .months
            .iter()
            .zip(&group.values)
            .map(move |(month, value)| TidyCell {
                month: month.to_string(),
                group: &group.name,
                value: *value,
            })
    })
}

/// `month,group,metric,value`, one record per group and month; no totals row, which a
/// pivot table would count twice. A count is a whole number, anything else has 2 decimals.
pub fn csv(trend: &Trend, style: CsvStyle) -> anyhow::Result<String> {
    let kind = trend.metric.kind();
    let mut csv = CsvText::new(style);
    csv.record(TIDY_FIELDS)?;
    for cell in tidy(trend) {
        let value = match (cell.value, kind) {
            (None, _) => String::new(),
            (Some(value), MetricKind::Count) => format!("{value:.0}"),
            (Some(value), _) => decimal2(value),
        };
        csv.record([
            text(&cell.month).as_ref(),
            text(cell.group).as_ref(),
            trend.metric.name(),
            &value,
        ])?;
    }
    csv.finish()
}

/// The same records as the CSV, as an array of objects.
pub fn json(trend: &Trend) -> anyhow::Result<String> {
    /// `value` is an integer for counts, else rounded to 2 decimals; `null` where there is none.
    #[derive(Serialize)]
    struct TidyRecord<'a> {
        month: String,
        group: &'a str,
        metric: &'static str,
        value: Option<serde_json::Number>,
    }
    let kind = trend.metric.kind();
    let records: Vec<TidyRecord> = tidy(trend)
        .map(|cell| TidyRecord {
            month: cell.month,
            group: cell.group,
            metric: trend.metric.name(),
            value: cell.value.and_then(|value| match kind {
                MetricKind::Count => Some(serde_json::Number::from(value as u64)),
                _ => serde_json::Number::from_f64(round2(value)),
            }),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&records)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_row_from_lowest_to_highest() {
        assert_eq!(
            sparkline(&[Some(0.0), Some(1.0), Some(2.0), Some(7.0)]),
            "▁▂▃█"
        );
        assert_eq!(sparkline(&[Some(-1.0), None, Some(1.0)]), "▁ █");
        assert_eq!(sparkline(&[Some(3.0), Some(3.0)]), "▁▁");
        assert_eq!(sparkline(&[None, None]), "  ");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn figures_read_as_their_kind() {
        let dollars = Currency("$".to_string());
        assert_eq!(cell_text(MetricKind::Count, Some(3.0), &dollars), "3");
        assert_eq!(cell_text(MetricKind::Hours, Some(2.25), &dollars), "2.2");
        assert_eq!(
            cell_text(MetricKind::Money, Some(4800.0), &dollars),
            "$4,800"
        );
        assert_eq!(cell_text(MetricKind::Score, Some(-0.004), &dollars), "0.00");
        assert_eq!(cell_text(MetricKind::Score, None, &dollars), "-");
    }
}
