//! HTML: one self-contained page, its style inline and its charts inline SVG written here,
//! so that it opens offline, as a mail attachment and in a browser's print-to-PDF, and
//! fetches nothing. Light or dark as the reader's system is. Every figure is the table's
//! or the CSV's: a cell carries the CSV's value in `data-value` beside the text a person
//! reads, and each chart says its numbers in its title and description for a screen reader.

mod charts;

use super::cell_text;
use super::lead_rows;
use super::rows::{self, Rows, Value, heading};
use super::table::{REPORT_COLUMNS, left_line, report_rows};
use super::{Currency, Money, decimal2, join_names, reasons_text, round2};
use crate::activity::format::Decimal;
use crate::chapter::ChapterReport;
use crate::close_up::CloseUp;
use crate::model::{GroupReport, MetricKind, PartnersView, Report, Trend, Verdict, score_shown};
use crate::period::Month;
use charts::{ChartScale, Guides, cost_chart, month_chart, received_chart};
use std::fmt::Write;

/// The page's style: colours as variables, swapped for a dark system; a table wider than
/// a phone scrolls on its own; the charts sit in a grid that is one column on a phone.
const STYLE: &str = "\
:root{--bg:#fff;--fg:#1b1f24;--muted:#59636e;--rule:#d1d9e0;--panel:#f6f8fa;\
--stay:#1a7f37;--watch:#9a6700;--leave:#cf222e;--line:#0969da;--cost:#8c959f;--time:#bf8700;\
--brought:#1a7f37;color-scheme:light dark}\
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;\
--rule:#3d444d;--panel:#151b23;--stay:#3fb950;--watch:#d29922;--leave:#f85149;--line:#4493f8;\
--cost:#656c76;--time:#d29922;--brought:#3fb950}}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,\
'Segoe UI',Roboto,sans-serif}\
main{max-width:1200px;margin:0 auto;padding:16px}\
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.1em;margin:0 0 6px}\
.muted{color:var(--muted)}\
.scroll{overflow-x:auto;margin:16px 0;border:1px solid var(--rule);border-radius:6px}\
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\
th,td{padding:6px 10px;border-bottom:1px solid var(--rule);white-space:nowrap}\
th{background:var(--panel);text-align:left;font-weight:600}tbody th{background:none}\
td.n,th.n{text-align:right}\
tr.total th,tr.total td{font-weight:600;border-bottom:0}\
.verdict{font-weight:600}.stay{color:var(--stay)}.watch{color:var(--watch)}\
.leave{color:var(--leave)}\
.green{color:var(--stay)}.amber{color:var(--watch)}.red{color:var(--leave)}\
.grey{color:var(--muted)}svg .top{fill:var(--watch)}\
.was{color:var(--muted);font-weight:400}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px;\
margin:16px 0}\
.card{border:1px solid var(--rule);border-radius:6px;padding:12px;background:var(--bg)}\
.card p{margin:4px 0 8px}\
svg{display:block;width:100%;height:auto;max-width:600px}\
svg text{fill:var(--muted);font:11px system-ui,sans-serif}\
svg .axis{stroke:var(--rule)}svg .ref{stroke:var(--stay);stroke-dasharray:4 3}\
svg .band{fill:var(--stay);fill-opacity:.14}\
svg .series{stroke:var(--line);fill:none;stroke-width:2}svg .dot{fill:var(--line)}\
svg .bar{fill:var(--line)}svg .cost{fill:var(--cost)}svg .time{fill:var(--time)}\
svg .brought{fill:var(--brought)}\
.summary{font-size:1.05em;padding:10px 12px;background:var(--panel);border-radius:6px}\
@media (max-width:640px){main{padding:10px}th,td{padding:5px 6px}\
.cards{grid-template-columns:1fr}.extra{display:none}tbody th{white-space:normal}}\
@media print{.scroll{overflow:visible}.card{break-inside:avoid}}";

/// `text` safe as HTML text or inside a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `body`, titled `title`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         </body>\n</html>\n",
        escape(title)
    )
}

/// A verdict as coloured text, with the one of the month before when it changed.
fn verdict_html(verdict: Verdict, previous: Option<Verdict>) -> String {
    let now = format!("<span class=\"verdict {0}\">{0}</span>", verdict.as_str());
    match previous {
        Some(previous) if previous != verdict => {
            format!("<span class=\"was\">{} →</span> {now}", previous.as_str())
        }
        _ => now,
    }
}

/// The CSV's text of each of a report row's figures, by column of [`REPORT_COLUMNS`]:
/// what `data-value` carries. The name and verdict carry none.
fn csv_values(report: &Report, group: Option<&GroupReport>) -> Vec<Option<String>> {
    let (figures, per_hour, score, expected) = match group {
        Some(group) => (
            &group.figures,
            group.return_per_hour,
            group.score,
            group.expected_score,
        ),
        None => (
            &report.totals.figures,
            report.totals.return_per_hour,
            report.totals.score,
            None,
        ),
    };
    let shown = |value: Option<f64>| value.map(|value| decimal2(score_shown(value)));
    vec![
        None,
        Some(figures.meetings.to_string()),
        Some(decimal2(figures.hours.as_f64())),
        Some(decimal2(figures.cost.as_f64())),
        Some(figures.leads.to_string()),
        Some(figures.deals.to_string()),
        Some(decimal2(figures.revenue.as_f64())),
        per_hour.map(|value| decimal2(round2(value))),
        shown(score),
        None,
        shown(expected),
        None,
    ]
}

/// The report's table: the same cells as the terminal's, each figure with its CSV value.
fn report_table(report: &Report, currency: &Currency) -> String {
    let mut out = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for (index, (header, _)) in REPORT_COLUMNS.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", column_class(index), escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let groups = report.groups.iter().map(Some).chain(std::iter::once(None));
    for (texts, group) in report_rows(report, currency, false).into_iter().zip(groups) {
        let values = csv_values(report, group);
        out.push_str(if group.is_some() {
            "<tr>"
        } else {
            "<tr class=\"total\">"
        });
        let last = texts.len() - 1;
        for (index, (text, value)) in texts.iter().zip(values).enumerate() {
            match (index, value, group) {
                (0, _, _) => {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(text));
                }
                (_, Some(value), _) => {
                    let _ = write!(
                        out,
                        "<td{} data-value=\"{value}\">{}</td>",
                        column_class(index),
                        escape(text)
                    );
                }
                (index, None, Some(group)) if index == last => {
                    let _ = write!(
                        out,
                        "<td>{}</td>",
                        verdict_html(group.verdict, group.previous_verdict)
                    );
                }
                (_, None, _) => {
                    let _ = write!(out, "<td{}>{}</td>", column_class(index), escape(text));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// The report table's figures a phone shows: what each group brought, its score and
/// (beside them) its verdict fit 390 pixels; the cards below show the hours and cost, and
/// the range as a band behind the score line.
const ON_A_PHONE: [&str; 3] = ["Leads", "Revenue", "Score"];

/// The class of a report table's column: figures align right, and those not
/// [`ON_A_PHONE`] are hidden on one.
fn column_class(index: usize) -> &'static str {
    let header = REPORT_COLUMNS[index].0;
    let numeric = index > 0 && index + 1 < REPORT_COLUMNS.len();
    match (numeric, ON_A_PHONE.contains(&header)) {
        (true, true) => " class=\"n\"",
        (true, false) => " class=\"n extra\"",
        (false, _) => "",
    }
}

/// The report: heading, table, a card per group with its reasons, its score by month
/// against `stay_at` and what it cost beside what it brought, and what leaving would free.
/// `scores` is `trend --metric score` over the months the cards chart; without it the
/// cards have no score chart.
pub fn report(report: &Report, scores: Option<&Trend>, currency: &Currency) -> String {
    let heading = super::report_heading(report);
    let mut body = format!(
        "<h1>{heading}</h1>\n<p class=\"muted\">{}</p>\n",
        escape(&super::report_period(report, currency))
    );
    if report.groups.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", super::nothing_to_judge(report));
    } else {
        body.push_str(&report_table(report, currency));
        let freed = &report.freed;
        let summary = if freed.groups.is_empty() {
            "No group to leave this month.".to_string()
        } else {
            format!(
                "Leaving {} would free <strong>{} h a month</strong>, worth {} at your rate.",
                escape(&join_names(&freed.groups)),
                currency.decimal(freed.hours_per_month, 1),
                escape(&currency.whole(freed.worth_per_month))
            )
        };
        let _ = writeln!(body, "<p class=\"summary\">{summary}</p>");
        let scale = ChartScale::of(
            scores
                .iter()
                .flat_map(|scores| &scores.groups)
                .map(|row| row.values.as_slice()),
            MetricKind::Score,
            Some(report.stay_at),
        );
        let most = report
            .groups
            .iter()
            .map(|group| group.price().max(group.gross()))
            .fold(0.0, f64::max);
        body.push_str("<div class=\"cards\">\n");
        for group in &report.groups {
            let _ = writeln!(
                body,
                "<section class=\"card\">\n<h2>{} {}</h2>\n<p>{}</p>",
                escape(&group.name),
                verdict_html(group.verdict, group.previous_verdict),
                escape(&reasons_text(
                    group,
                    Money::ForPeople(currency),
                    report.stay_at
                ))
            );
            let row = scores.and_then(|scores| {
                let row = scores.groups.iter().find(|row| row.key == group.key)?;
                Some((&scores.months, row))
            });
            if let Some((months, row)) = row {
                body.push_str(&month_chart(
                    &format!("{}: score by month", group.name),
                    months,
                    &row.values,
                    MetricKind::Score,
                    scale,
                    Guides {
                        reference: Some(("stay", report.stay_at)),
                        band: group.certainty.map(|sure| (sure.low, sure.high)),
                    },
                    currency,
                ));
            }
            body.push_str(&cost_chart(group, most, currency));
            body.push_str("</section>\n");
        }
        body.push_str("</div>\n");
    }
    if let Some(line) = left_line(report) {
        let _ = writeln!(body, "<p class=\"muted\">{}</p>", escape(&line));
    }
    page(&format!("netaudit: {heading}"), &body)
}

/// The trend: its table, and a small chart per group, all on one scale.
pub fn trend(trend: &Trend, currency: &Currency) -> String {
    let Some((heading, covers)) = super::trend_heading(trend, currency) else {
        return page("netaudit: trend", "<p>No months.</p>\n");
    };
    let metric = trend.metric.name();
    let mut body = format!(
        "<h1>{heading}</h1>\n<p class=\"muted\">{}</p>\n",
        escape(&super::capitalised(&covers))
    );
    if trend.groups.is_empty() {
        body.push_str("<p>No activity logged in these months.</p>\n");
        return page(&format!("netaudit: {heading}"), &body);
    }
    let kind = trend.metric.kind();
    body.push_str("<div class=\"scroll\"><table>\n<thead><tr><th>Group</th>");
    for month in &trend.months {
        let _ = write!(body, "<th class=\"n\">{month}</th>");
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    let rows = trend
        .groups
        .iter()
        .map(|row| ("<tr>", row.name.as_str(), &row.values))
        .chain(std::iter::once((
            "<tr class=\"total\">",
            "Total",
            &trend.total,
        )));
    for (start, name, values) in rows {
        let _ = write!(body, "{start}<th scope=\"row\">{}</th>", escape(name));
        for value in values {
            match value {
                Some(value) => {
                    let _ = write!(
                        body,
                        "<td class=\"n\" data-value=\"{}\">{}</td>",
                        csv_metric(*value, kind),
                        escape(&cell_text(kind, Some(*value), currency))
                    );
                }
                None => body.push_str("<td class=\"n\">-</td>"),
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table></div>\n<div class=\"cards\">\n");
    let scale = ChartScale::of(
        trend.groups.iter().map(|row| row.values.as_slice()),
        kind,
        None,
    );
    for row in &trend.groups {
        let _ = writeln!(
            body,
            "<section class=\"card\">\n<h2>{}</h2>",
            escape(&row.name)
        );
        body.push_str(&month_chart(
            &format!("{}: {metric} by month", row.name),
            &trend.months,
            &row.values,
            kind,
            scale,
            Guides::default(),
            currency,
        ));
        body.push_str("</section>\n");
    }
    body.push_str("</div>\n");
    page(&format!("netaudit: {heading}"), &body)
}

/// Any rows as a table, each figure with its CSV text in `data-value`.
fn rows_table(rows: &Rows, currency: &Currency) -> String {
    let figure = |index: usize| {
        rows.rows
            .first()
            .and_then(|row| row.get(index))
            .is_some_and(Value::is_figure)
    };
    let mut out = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for (index, field) in rows.fields.iter().enumerate() {
        let _ = write!(
            out,
            "<th{}>{}</th>",
            if figure(index) { " class=\"n\"" } else { "" },
            escape(&heading(field))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows.rows {
        out.push_str("<tr>");
        for value in row {
            let text = escape(&value.for_people(currency));
            match super::csv::cell(value, Decimal::Point) {
                data if value.is_figure() && !data.is_empty() => {
                    let _ = write!(out, "<td class=\"n\" data-value=\"{data}\">{text}</td>");
                }
                _ if value.is_figure() => {
                    let _ = write!(out, "<td class=\"n\">{text}</td>");
                }
                _ => {
                    let _ = write!(out, "<td>{text}</td>");
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    out
}

/// `netaudit groups` as a page.
pub fn groups(rows: &Rows, currency: &Currency) -> String {
    let body = format!("<h1>Groups in the log</h1>\n{}", rows_table(rows, currency));
    page("netaudit: groups", &body)
}

/// Each group's leads under its name, after `heading`: a table a phone can hold, with the
/// fields a person reads (CSV, JSON and xlsx carry them all), as the terminal has them.
pub fn leads(heading: &str, rows: Rows, currency: &Currency) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(heading));
    for (name, group) in lead_rows::leads_by_group(rows, currency) {
        if !name.is_empty() {
            let _ = writeln!(body, "<h2>{}</h2>", escape(&name));
        }
        body.push_str(&rows_table(&group, currency));
    }
    page("netaudit: leads", &body)
}

/// Each group's contacts under its name, after `heading`: a table a phone can hold, with
/// the fields a person reads (CSV, JSON and xlsx carry them all).
pub fn partners(heading: &str, view: &PartnersView, currency: &Currency) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(heading));
    for group in &view.groups {
        let rows = rows::group_partners_for_people(view.month, group);
        let _ = write!(
            body,
            "<h2>{}</h2>\n{}",
            escape(&group.name),
            rows_table(&rows, currency)
        );
    }
    page("netaudit: partners", &body)
}

/// One group up close: its membership, its judgement, its score by month against
/// `stay_at`, its months and its last rows.
pub fn show(close_up: &CloseUp, currency: &Currency) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"muted\">{}</p>\n<p class=\"summary\">{}</p>\n",
        escape(&close_up.name),
        escape(&super::membership_line(close_up)),
        escape(&super::judged_line(close_up, Money::ForPeople(currency)))
    );
    let months: Vec<Month> = close_up.months.iter().map(|month| month.month).collect();
    let scores: Vec<Option<f64>> = close_up
        .months
        .iter()
        .map(|month| month.score.map(score_shown))
        .collect();
    let scale = ChartScale::of(
        std::iter::once(scores.as_slice()),
        MetricKind::Score,
        Some(close_up.stay_at),
    );
    body.push_str("<section class=\"card\">\n");
    body.push_str(&month_chart(
        &format!("{}: score by month", close_up.name),
        &months,
        &scores,
        MetricKind::Score,
        scale,
        Guides {
            reference: Some(("stay", close_up.stay_at)),
            band: (close_up.judged.as_ref())
                .and_then(|group| group.certainty)
                .map(|sure| (sure.low, sure.high)),
        },
        currency,
    ));
    body.push_str("</section>\n");
    body.push_str(&rows_table(&rows::months_for_people(close_up), currency));
    if !close_up.last_rows.is_empty() {
        let _ = writeln!(
            body,
            "<h2>Its last {} rows in the log</h2>",
            close_up.last_rows.len()
        );
        body.push_str(&rows_table(
            &rows::logged_rows(&close_up.last_rows),
            currency,
        ));
    }
    page(&format!("netaudit: {}", close_up.name), &body)
}

/// A trend's figure as its CSV writes it.
fn csv_metric(value: f64, kind: MetricKind) -> String {
    match kind {
        MetricKind::Count => format!("{value:.0}"),
        _ => decimal2(value),
    }
}

/// A chapter: its members both ways, the warnings, the room, what to expect of it, and
/// a bar per member of the referrals received, most first, the top fifth marked.
pub fn chapter(report: &ChapterReport, currency: &Currency) -> String {
    use super::chapter::{MEMBER_COLUMNS, POINTS_COLUMN, member_cells};
    let heading = super::chapter::heading(report);
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"summary\">{}</p>\n<div class=\"scroll\"><table>\n<thead><tr>",
        escape(&heading),
        escape(&super::chapter::verdict(report))
    );
    for (index, (header, _)) in MEMBER_COLUMNS.iter().enumerate() {
        let class = if index > 0 { " class=\"n\"" } else { "" };
        let _ = write!(body, "<th{class}>{}</th>", escape(header));
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for member in &report.members {
        body.push_str("<tr>");
        for (index, text) in member_cells(member, currency).iter().enumerate() {
            match index {
                0 => {
                    let _ = write!(body, "<th scope=\"row\">{}</th>", escape(text));
                }
                POINTS_COLUMN => {
                    let _ = write!(
                        body,
                        "<td class=\"n {}\">{}</td>",
                        member.lights.colour.as_str(),
                        escape(text)
                    );
                }
                _ => {
                    let _ = write!(body, "<td class=\"n\">{}</td>", escape(text));
                }
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        body,
        "<p class=\"muted\">{}</p>",
        escape(super::chapter::COLUMNS_NOTE)
    );
    let warnings = super::chapter::warnings(report);
    if !warnings.is_empty() {
        body.push_str("<ul>\n");
        for warning in warnings {
            let _ = writeln!(body, "<li>{}.</li>", escape(&warning));
        }
        body.push_str("</ul>\n");
    }
    body.push_str("<h2>The room</h2>\n<div class=\"scroll\"><table>\n<tbody>\n");
    for (label, words) in super::chapter::room_lines(report, currency) {
        let _ = writeln!(
            body,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(&words)
        );
    }
    body.push_str("</tbody></table></div>\n");
    body += &received_chart(report);
    page(&format!("netaudit: {heading}"), &body)
}

#[cfg(test)]
mod tests {
    use super::charts::chart_id;
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn a_chart_id_is_stable_and_plain() {
        let id = chart_id("A <group>: score");
        assert_eq!(id, chart_id("A <group>: score"));
        assert_ne!(id, chart_id("B: score"));
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn a_scale_takes_in_the_reference_line() {
        let rows: [&[Option<f64>]; 1] = [&[Some(0.2), Some(0.5)]];
        let scale = ChartScale::of(rows.into_iter(), MetricKind::Score, Some(1.0));
        assert_eq!((scale.low, scale.high), (0.0, 1.0));
        assert_eq!(scale.y(1.0, 8.0, 96.0), 8.0);
        assert_eq!(scale.y(0.0, 8.0, 96.0), 96.0);
        let flat: [&[Option<f64>]; 1] = [&[Some(0.0)]];
        let scale = ChartScale::of(flat.into_iter(), MetricKind::Count, None);
        assert_eq!(
            (scale.low, scale.high),
            (0.0, 1.0),
            "a flat chart has height"
        );
    }

    #[test]
    fn the_reference_line_s_label_keeps_clear_of_the_scale_s_figures() {
        // Scores of 0 against a stay_at of 1: the line runs along the top, where "1.00" is.
        let months = [
            Month::parse("2026-09").unwrap(),
            Month::parse("2026-10").unwrap(),
        ];
        let values = [Some(0.0), Some(0.0)];
        let rows: [&[Option<f64>]; 1] = [&values];
        let scale = ChartScale::of(rows.into_iter(), MetricKind::Score, Some(1.0));
        let guides = Guides {
            reference: Some(("stay", 1.0)),
            band: None,
        };
        let currency = Currency::english("$");
        let svg = month_chart(
            "C",
            &months,
            &values,
            MetricKind::Score,
            scale,
            guides,
            &currency,
        );
        assert!(
            svg.contains("<text x=\"0\" y=\"12.0\">1.00</text>"),
            "{svg}"
        );
        assert!(
            svg.contains("<text x=\"0\" y=\"23.0\">stay</text>"),
            "{svg}"
        );
    }
}
