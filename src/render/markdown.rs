//! Markdown (GitHub-flavoured): the report's table as a pipe table and its reasons as a
//! list, for cron mail, notes and issues, where a box table would be wrapped into noise.
//! The figures are the table's own texts.

use super::cell_text;
use super::rows::{self, Rows, Value, heading};
use super::table::{REPORT_COLUMNS, left_line, report_rows};
use super::{Currency, Money, reasons_text};
use crate::chapter::ChapterReport;
use crate::close_up::CloseUp;
use crate::model::{Report, Trend};
use std::fmt::Write;

/// `text` safe inside a Markdown paragraph or table cell: every character Markdown could
/// read as markup (emphasis, links, HTML, a cell's end) is escaped with a backslash.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|&#~!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A pipe table: `header`, the alignment row (`right[i]` right-aligns column i), the rows.
fn table(out: &mut String, header: &[&str], right: &[bool], rows: &[Vec<String>]) {
    let line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&line(&mut header.iter().map(|cell| escape(cell))));
    out.push_str(&line(
        &mut right
            .iter()
            .map(|&right| if right { "--:" } else { ":--" }.to_string()),
    ));
    for row in rows {
        out.push_str(&line(&mut row.iter().map(|cell| escape(cell))));
    }
}

pub fn report(report: &Report, currency: &Currency, quiet: bool) -> String {
    let mut out = format!(
        "## {}\n\n{}\n\n",
        super::report_heading(report),
        escape(&super::report_period(report, currency))
    );
    if report.groups.is_empty() {
        let _ = writeln!(out, "{}", super::nothing_to_judge(report));
    } else {
        let header: Vec<&str> = REPORT_COLUMNS.iter().map(|(header, _)| *header).collect();
        let right: Vec<bool> = (0..header.len())
            .map(|index| index > 0 && index + 1 < header.len())
            .collect();
        table(
            &mut out,
            &header,
            &right,
            &report_rows(report, currency, false),
        );
        out.push('\n');
        for group in &report.groups {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                escape(&group.name),
                group.verdict.as_str(),
                escape(&reasons_text(
                    group,
                    Money::ForPeople(currency),
                    report.stay_at
                ))
            );
        }
    }
    if let Some(line) = left_line(report) {
        let _ = writeln!(out, "\n{}", escape(&line));
    }
    if quiet || report.groups.is_empty() {
        return out;
    }
    let freed = &report.freed;
    out.push('\n');
    if freed.groups.is_empty() {
        out.push_str("No group to leave this month.\n");
    } else {
        let _ = writeln!(
            out,
            "Leaving {} would free {} h a month, worth {} at your rate.",
            escape(&super::join_names(&freed.groups)),
            currency.decimal(freed.hours_per_month, 1),
            escape(&currency.whole(freed.worth_per_month))
        );
    }
    out
}

pub fn trend(trend: &Trend, currency: &Currency) -> String {
    let Some((heading, covers)) = super::trend_heading(trend, currency) else {
        return String::new();
    };
    let mut out = format!(
        "## {heading}\n\n{}\n\n",
        escape(&super::capitalised(&covers))
    );
    if trend.groups.is_empty() {
        let _ = writeln!(out, "No activity logged in these months.");
        return out;
    }
    let months: Vec<String> = trend.months.iter().map(ToString::to_string).collect();
    let header: Vec<&str> = std::iter::once("Group")
        .chain(months.iter().map(String::as_str))
        .collect();
    let right: Vec<bool> = (0..header.len()).map(|index| index > 0).collect();
    let kind = trend.metric.kind();
    let rows: Vec<Vec<String>> = trend
        .groups
        .iter()
        .map(|group| (group.name.as_str(), &group.values))
        .chain(std::iter::once(("Total", &trend.total)))
        .map(|(name, values)| {
            std::iter::once(name.to_string())
                .chain(values.iter().map(|value| cell_text(kind, *value, currency)))
                .collect()
        })
        .collect();
    table(&mut out, &header, &right, &rows);
    out
}

/// Any rows as a pipe table: `groups`, and the parts of `show`.
pub fn rows_table(rows: &Rows, currency: &Currency) -> String {
    let header: Vec<String> = rows.fields.iter().map(|field| heading(field)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let right: Vec<bool> = match rows.rows.first() {
        Some(first) => first.iter().map(Value::is_figure).collect(),
        None => vec![false; header.len()],
    };
    let texts: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|row| row.iter().map(|value| value.for_people(currency)).collect())
        .collect();
    let mut out = String::new();
    table(&mut out, &header, &right, &texts);
    out
}

/// One group up close, as `show`'s table has it.
pub fn show(close_up: &CloseUp, currency: &Currency) -> String {
    let mut out = format!(
        "## {}\n\n{}\n\n{}\n\n",
        escape(&close_up.name),
        escape(&super::membership_line(close_up)),
        escape(&super::judged_line(close_up, Money::ForPeople(currency)))
    );
    out += &rows_table(&rows::months_for_people(close_up), currency);
    if !close_up.last_rows.is_empty() {
        let _ = writeln!(
            out,
            "\nIts last {} rows in the log:\n",
            close_up.last_rows.len()
        );
        out += &rows_table(&rows::logged_rows(&close_up.last_rows), currency);
    }
    out
}

/// A chapter: its members both ways as a pipe table, the warnings as a list, the room as
/// a table of two columns, and what to expect of it.
pub fn chapter(report: &ChapterReport, currency: &Currency) -> String {
    use super::chapter::{MEMBER_COLUMNS, member_cells};
    let mut out = format!("## {}\n\n", escape(&super::chapter::heading(report)));
    let header: Vec<&str> = MEMBER_COLUMNS.iter().map(|(header, _)| *header).collect();
    let right: Vec<bool> = (0..header.len()).map(|index| index > 0).collect();
    let rows: Vec<Vec<String>> = (report.members.iter())
        .map(|member| member_cells(member, currency))
        .collect();
    table(&mut out, &header, &right, &rows);
    let _ = writeln!(out, "\n{}\n", escape(super::chapter::COLUMNS_NOTE));
    for warning in super::chapter::warnings(report) {
        let _ = writeln!(out, "- {}.", escape(&warning));
    }
    out.push_str("\n### The room\n\n");
    let lines: Vec<Vec<String>> = super::chapter::room_lines(report, currency)
        .into_iter()
        .map(|(label, words)| vec![label.to_string(), words])
        .collect();
    table(&mut out, &["", ""], &[false, false], &lines);
    let _ = writeln!(out, "\n{}", escape(&super::chapter::verdict(report)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_name_is_shown_as_written() {
        assert_eq!(
            escape("A|B *bold* [x](y) <b>"),
            r"A\|B \*bold\* \[x\](y) \<b\>"
        );
        assert_eq!(escape("Harbor City BNI"), "Harbor City BNI");
        assert_eq!(escape(r"a\b"), r"a\\b");
    }
}
