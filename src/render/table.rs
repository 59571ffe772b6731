//! Tables for a person. The report: a heading, a table best group first, the reasons, and
//! what leaving would free. The trend: one column per month, like a ledger's monthly
//! report, and on a terminal each row's shape.

use super::lead_rows;
use super::rows::{self, Rows, heading};
use super::{Currency, Money, cell_text, join_names, reasons_text};
use crate::chapter::{ChapterReport, Colour};
use crate::close_up::CloseUp;
use crate::figures::Figures;
use crate::model::{MetricKind, PartnersView, Report, Trend, Verdict, score_shown};
use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use std::fmt::Write;

fn score(value: Option<f64>, currency: &Currency) -> String {
    value
        .map(|value| currency.decimal(super::round2(value), 2))
        .unwrap_or_else(|| "-".to_string())
}

fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::Stay => Color::Green,
        Verdict::Watch => Color::Yellow,
        Verdict::Leave => Color::Red,
    }
}

/// The texts a group row and the totals row share: name, figures, return per hour and
/// score.
fn figure_texts(
    name: &str,
    figures: &Figures,
    return_per_hour: Option<f64>,
    score_value: Option<f64>,
    currency: &Currency,
) -> Vec<String> {
    let money = |amount: f64| currency.whole(amount);
    vec![
        name.to_string(),
        figures.meetings.to_string(),
        currency.decimal(figures.hours.as_f64(), 1),
        money(figures.cost.as_f64()),
        figures.leads.to_string(),
        figures.deals.to_string(),
        money(figures.revenue.as_f64()),
        return_per_hour
            .map(money)
            .unwrap_or_else(|| "-".to_string()),
        score(score_value, currency),
    ]
}

/// The report's rows for a person, a cell's text per column of [`REPORT_COLUMNS`]: a row
/// per group, then the totals row. The verdict is `verdict_text`'s, in the compact form
/// when `compact`.
pub(super) fn report_rows(report: &Report, currency: &Currency, compact: bool) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = report
        .groups
        .iter()
        .map(|group| {
            let mut row = figure_texts(
                &group.name,
                &group.figures,
                group.return_per_hour,
                group.score.map(score_shown),
                currency,
            );
            row.push(range_text(group.certainty, currency));
            row.push(score(group.expected_score.map(score_shown), currency));
            row.push(verdict_text(group.verdict, group.previous_verdict, compact));
            row
        })
        .collect();
    let totals = &report.totals;
    let mut total_row = figure_texts(
        "Total",
        &totals.figures,
        totals.return_per_hour,
        totals.score.map(score_shown),
        currency,
    );
    total_row.extend([String::new(), String::new(), String::new()]);
    rows.push(total_row);
    rows
}

/// What a wrapped paragraph's lines after the first begin with.
const HANGING_INDENT: &str = "    ";

/// The narrowest a wrapped group name may get.
const MIN_NAME_WIDTH: u16 = 12;

/// How the table meets the screen: colour, and the terminal's width to fit into
/// (`None` off a terminal, where a long line is better than a wrapped one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    pub color: bool,
    pub width: Option<u16>,
}

impl Screen {
    pub fn on_terminal(self) -> bool {
        self.width.is_some()
    }

    /// A table set up for this screen: colour when asked for, fitted to its width.
    pub fn table(self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        // The screen is decided by the caller, not detected here, so the output depends only on it.
        table.force_no_tty();
        if self.color {
            table.enforce_styling();
        }
        if let Some(width) = self.width {
            table
                .set_width(width)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        table
    }

    /// The same screen, without a width to fit into.
    fn unbounded(self) -> Screen {
        Screen {
            width: None,
            ..self
        }
    }

    /// `text` as a paragraph ending in a line end: on a terminal, wrapped at word
    /// boundaries to its width, each line after the first indented; elsewhere one line.
    pub fn paragraph(self, text: &str) -> String {
        let mut out = match self.width {
            Some(width) => textwrap::fill(
                text,
                textwrap::Options::new(usize::from(width)).subsequent_indent(HANGING_INDENT),
            ),
            None => text.to_string(),
        };
        out.push('\n');
        out
    }

    /// On a terminal, fitting its width wraps the first column (the group names) only: a
    /// figure split across lines misreads. A first column narrower than a wrapped name
    /// (a month) keeps its own width. Call once the table has its `columns` and rows.
    pub fn wrap_names_only(self, table: &mut Table, columns: usize) {
        if !self.on_terminal() {
            return;
        }
        // The content and its padding of a space each side.
        let first = table
            .column_max_content_widths()
            .first()
            .map(|width| width + 2);
        table.set_constraints(
            std::iter::once(ColumnConstraint::LowerBoundary(Width::Fixed(
                first.map_or(MIN_NAME_WIDTH, |first| first.min(MIN_NAME_WIDTH)),
            )))
            .chain(std::iter::repeat_n(
                ColumnConstraint::ContentWidth,
                columns.saturating_sub(1),
            )),
        );
    }
}

/// The verdict cell: "watch → leave" when it changed since the month before, or in the
/// compact layout "leave ↓" (worse) and "stay ↑" (better).
fn verdict_text(verdict: Verdict, previous: Option<Verdict>, compact: bool) -> String {
    match previous {
        Some(previous) if previous != verdict && compact => format!(
            "{} {}",
            verdict.as_str(),
            if verdict > previous { '↓' } else { '↑' }
        ),
        Some(previous) if previous != verdict => {
            format!("{} → {}", previous.as_str(), verdict.as_str())
        }
        _ => verdict.as_str().to_string(),
    }
}

/// The report table's columns, and whether the compact layout keeps each. The compact
/// layout leaves out what the reasons under the table already say (return per hour, the
/// expected score), the meetings and deals, which hours and revenue stand for, and the
/// cost in money, which the score weighs and the range beside it needs the room of.
pub(super) const REPORT_COLUMNS: [(&str, bool); 12] = [
    ("Group", true),
    ("Meetings", false),
    ("Hours", true),
    ("Cost", false),
    ("Leads", true),
    ("Deals", false),
    ("Revenue", true),
    ("Return/h", false),
    ("Score", true),
    ("Range", true),
    ("Expected", false),
    ("Verdict", true),
];

/// Where the long-run score likely lies, "0.98–4.04" (its 10th to 90th percentile), or
/// "-" without one.
fn range_text(certainty: Option<crate::model::Certainty>, currency: &Currency) -> String {
    rows::Value::Range(certainty.map(|sure| (sure.low, sure.high))).for_people(currency)
}

/// The report as a table, with the reasons below it and, unless `quiet`, the summary line.
/// On a terminal too narrow for the whole table, the compact layout; the text under the
/// table wraps to its width.
pub fn report(report: &Report, currency: &Currency, screen: Screen, quiet: bool) -> String {
    let mut out = screen.paragraph(&format!(
        "{} · {}",
        super::report_heading(report),
        super::report_period(report, currency)
    ));
    if report.groups.is_empty() {
        out += &screen.paragraph(&super::nothing_to_judge(report));
        push_left(&mut out, report, screen);
        return out;
    }

    // The whole table as wide as its cells make it: on a terminal, only if it fits.
    let whole = report_table(report, currency, screen.unbounded(), false);
    let table = match screen.width {
        Some(width) if widest_line(&whole) > usize::from(width) => {
            report_table(report, currency, screen, true)
        }
        _ => whole,
    };
    let _ = writeln!(out, "{table}");

    out.push('\n');
    for group in &report.groups {
        out += &screen.paragraph(&format!(
            "{} ({}): {}",
            group.name,
            group.verdict.as_str(),
            reasons_text(group, Money::ForPeople(currency), report.stay_at)
        ));
    }
    push_left(&mut out, report, screen);
    if quiet {
        return out;
    }

    out.push('\n');
    let freed = &report.freed;
    if freed.groups.is_empty() {
        out.push_str("No group to leave this month.\n");
    } else {
        out += &screen.paragraph(&format!(
            "Leaving {} would free {} h a month, worth {} at your rate.",
            join_names(&freed.groups),
            currency.decimal(freed.hours_per_month, 1),
            currency.whole(freed.worth_per_month)
        ));
    }
    out
}

/// The report's table, whole or in the compact layout (see [`REPORT_COLUMNS`]), as text.
fn report_table(report: &Report, currency: &Currency, screen: Screen, compact: bool) -> String {
    let kept = |cells: Vec<Cell>| -> Vec<Cell> {
        cells
            .into_iter()
            .zip(REPORT_COLUMNS)
            .filter(|(_, (_, in_compact))| !compact || *in_compact)
            .map(|(cell, _)| cell)
            .collect()
    };
    let mut table = screen.table();
    table.set_header(kept(
        REPORT_COLUMNS
            .iter()
            .map(|(header, _)| Cell::new(header))
            .collect(),
    ));
    let verdicts = report.groups.iter().map(|group| Some(group.verdict));
    for (texts, verdict) in report_rows(report, currency, compact)
        .into_iter()
        .zip(verdicts.chain(std::iter::once(None)))
    {
        let mut cells: Vec<Cell> = texts.into_iter().map(Cell::new).collect();
        if screen.color
            && let Some(verdict) = verdict
            && let Some(last) = cells.pop()
        {
            cells.push(last.fg(verdict_color(verdict)));
        }
        table.add_row(kept(cells));
    }
    let columns = table.column_count();
    for index in 1..columns.saturating_sub(1) {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    screen.wrap_names_only(&mut table, columns);
    table.to_string()
}

/// The display width of the widest line of `text`, colour codes aside.
fn widest_line(text: &str) -> usize {
    text.lines()
        .map(textwrap::core::display_width)
        .max()
        .unwrap_or(0)
}

/// The groups left before the report month, on one line: they are not judged.
fn push_left(out: &mut String, report: &Report, screen: Screen) {
    if let Some(line) = left_line(report) {
        *out += &screen.paragraph(&line);
    }
}

/// "Not judged: Old Chamber: left 2026-03.", when a group was left before the report month.
pub(super) fn left_line(report: &Report) -> Option<String> {
    if report.left.is_empty() {
        return None;
    }
    let listed: Vec<String> = report
        .left
        .iter()
        .map(|group| format!("{}: left {}", group.name, group.left))
        .collect();
    Some(format!("Not judged: {}.", listed.join(", ")))
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The range the sparklines of one table are all drawn on, so that rows compare: from 0
/// (or a lower figure, such as a month of refunds) for counts, hours and money, from the
/// table's lowest score for scores, up to the table's highest figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    low: f64,
    high: f64,
}

impl Scale {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a [Option<f64>]>, kind: MetricKind) -> Scale {
        let start = match kind {
            MetricKind::Score => f64::INFINITY,
            MetricKind::Count | MetricKind::Hours | MetricKind::Money => 0.0,
        };
        let known = rows.into_iter().flatten().flatten().copied();
        let (low, high) = known.fold((start, f64::NEG_INFINITY), |(low, high), v| {
            (low.min(v), high.max(v))
        });
        Scale { low, high }
    }
}

/// The row's shape in block characters on `scale`: its low end at ▁, its high end at █;
/// a month with no figure is a space, and on a scale with no height every figure is ▁.
pub fn sparkline(values: &[Option<f64>], scale: Scale) -> String {
    let Scale { low, high } = scale;
    values
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(_) if high <= low => BARS[0],
            Some(value) => {
                let level = ((value - low) / (high - low) * 7.0).round();
                BARS[(level.max(0.0) as usize).min(BARS.len() - 1)]
            }
        })
        .collect()
}

/// The trend as a table. On a terminal (`screen.width` is known) a last column draws
/// each row's shape, all rows on one [`Scale`], and when the table would not fit, the
/// months are headed by their names alone ("Oct"); the heading says the years.
pub fn trend(trend: &Trend, currency: &Currency, screen: Screen) -> String {
    let Some((heading, covers)) = super::trend_heading(trend, currency) else {
        return String::new();
    };
    let mut out = screen.paragraph(&format!("{heading} · {covers}"));
    if trend.groups.is_empty() {
        out += &screen.paragraph(&format!(
            "No activity logged from {} to {}.",
            trend.months[0],
            trend.months[trend.months.len() - 1]
        ));
        return out;
    }
    let spark = screen.on_terminal();
    let whole = trend_table(trend, currency, screen.unbounded(), spark, false);
    let table = match screen.width {
        Some(width) if widest_line(&whole) > usize::from(width) => {
            trend_table(trend, currency, screen, spark, true)
        }
        _ => whole,
    };
    let _ = writeln!(out, "{table}");
    out
}

/// The trend's table as text, its months headed "2026-10", or when `short`, "Oct"; with
/// `spark`, a last column of sparklines.
fn trend_table(
    trend: &Trend,
    currency: &Currency,
    screen: Screen,
    spark: bool,
    short: bool,
) -> String {
    let kind = trend.metric.kind();
    let mut table = screen.table();
    let mut header = vec!["Group".to_string()];
    header.extend(trend.months.iter().map(|month| {
        if short {
            month.short_name().to_string()
        } else {
            month.to_string()
        }
    }));
    if spark {
        header.push("Trend".to_string());
    }
    table.set_header(header);
    let rows = trend
        .groups
        .iter()
        .map(|group| (group.name.as_str(), &group.values))
        .chain(std::iter::once(("Total", &trend.total)));
    let scale = Scale::of(
        trend
            .groups
            .iter()
            .map(|group| group.values.as_slice())
            .chain(std::iter::once(trend.total.as_slice())),
        kind,
    );
    for (name, values) in rows {
        let mut row = vec![Cell::new(name)];
        row.extend(
            values
                .iter()
                .map(|value| Cell::new(cell_text(kind, *value, currency))),
        );
        if spark {
            row.push(Cell::new(sparkline(values, scale)));
        }
        table.add_row(row);
    }
    for index in 1..=trend.months.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    screen.wrap_names_only(&mut table, trend.months.len() + 1 + usize::from(spark));
    table.to_string()
}

/// Any rows as a table for a person: `groups`, and the parts of `show`.
pub fn rows_table(rows: &Rows, currency: &Currency, screen: Screen) -> String {
    let mut table = screen.table();
    table.set_header(rows.fields.iter().map(|field| heading(field)));
    for row in &rows.rows {
        table.add_row(row.iter().map(|value| value.for_people(currency)));
    }
    if let Some(first) = rows.rows.first() {
        for (index, value) in first.iter().enumerate() {
            if let (true, Some(column)) = (value.is_figure(), table.column_mut(index)) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    screen.wrap_names_only(&mut table, rows.fields.len());
    let mut text = table.to_string();
    text.push('\n');
    text
}

/// Each group's contacts under its name, after `heading`; on a screen narrower than the
/// whole table, without the last lead and the open leads (CSV and the rest have them).
pub fn partners(heading: &str, view: &PartnersView, currency: &Currency, screen: Screen) -> String {
    let narrow = screen.width.is_some_and(|width| width < 100);
    let mut out = format!("{heading}\n");
    for group in &view.groups {
        let mut shown = rows::group_partners_for_people(view.month, group);
        if narrow {
            shown = shown.without("last_lead").without("open");
        }
        out.push('\n');
        out += &screen.paragraph(&group.name);
        out += &rows_table(&shown, currency, screen);
    }
    out
}

/// The pipeline after `heading`: one table; on a screen narrower than 100 columns, a
/// table per group under its name, the client first (where a long name wraps), without
/// the group, the count of leads, and for a list with ended leads the idle days, to fit a
/// phone (CSV and the rest have them).
pub fn leads(heading: &str, rows: Rows, currency: &Currency, screen: Screen) -> String {
    let mut out = screen.paragraph(heading);
    out.push('\n');
    if screen.width.is_none_or(|width| width >= 100) {
        return out + &rows_table(&rows, currency, screen);
    }
    for (index, (name, group)) in lead_rows::leads_by_group(rows, currency)
        .into_iter()
        .enumerate()
    {
        if index > 0 {
            out.push('\n');
        }
        if !name.is_empty() {
            out += &screen.paragraph(&name);
        }
        out += &rows_table(&group, currency, screen);
    }
    out
}

/// What `show`'s months give up on a screen narrower than the whole table: the figures
/// the score already weighs or the judged line says, so that the month's hours, leads,
/// revenue, score, range, chance and verdict fit 80 columns (CSV and the rest have them
/// all).
const SHOW_MONTHS_NARROW: [&str; 7] = [
    "meetings",
    "cost",
    "deals",
    "referrals_given",
    "other_value",
    "lost",
    "lifetime_value",
];

/// What `show`'s last rows give up on such a screen: the rows keep where they are, their
/// date and what they cost and brought.
const SHOW_ROWS_NARROW: [&str; 5] = [
    "meetings",
    "referrals_given",
    "other_value",
    "covers",
    "lost",
];

/// One group up close: its membership, its judgement, its months and its last rows.
pub fn show(close_up: &CloseUp, currency: &Currency, screen: Screen) -> String {
    let mut out = screen.paragraph(&format!(
        "{} · {}",
        close_up.name,
        super::membership_line(close_up)
    ));
    out += &screen.paragraph(&super::judged_line(close_up, Money::ForPeople(currency)));
    out.push('\n');
    let months = rows::months_for_people(close_up);
    out += &fitted(months, &SHOW_MONTHS_NARROW, currency, screen);
    if !close_up.last_rows.is_empty() {
        let _ = writeln!(
            out,
            "\nIts last {} rows in the log:",
            close_up.last_rows.len()
        );
        let logged = rows::logged_rows(&close_up.last_rows);
        out += &fitted(logged, &SHOW_ROWS_NARROW, currency, screen);
    }
    out
}

/// `rows` as a table, whole where it fits the screen (or off a terminal), else without
/// the fields `narrow` names.
fn fitted(rows: Rows, narrow: &[&str], currency: &Currency, screen: Screen) -> String {
    let whole = rows_table(&rows, currency, screen.unbounded());
    match screen.width {
        Some(width) if widest_line(&whole) > usize::from(width) => {
            let rows = narrow.iter().fold(rows, |rows, field| rows.without(field));
            rows_table(&rows, currency, screen)
        }
        _ => whole,
    }
}

/// A chapter: its members both ways, the warnings, the room and what to expect of it.
pub fn chapter(report: &ChapterReport, currency: &Currency, screen: Screen) -> String {
    use super::chapter::{MEMBER_COLUMNS, POINTS_COLUMN, member_cells};
    let mut out = screen.paragraph(&super::chapter::heading(report));
    out.push('\n');
    let mut table = screen.table();
    table.set_header(MEMBER_COLUMNS.iter().map(|(header, _)| *header));
    for member in &report.members {
        let cells = member_cells(member, currency);
        let colour = match member.lights.colour {
            Colour::Green => Color::Green,
            Colour::Amber => Color::Yellow,
            Colour::Red => Color::Red,
            Colour::Grey => Color::Grey,
        };
        table.add_row(cells.into_iter().enumerate().map(|(index, text)| {
            let cell = Cell::new(text);
            if index == POINTS_COLUMN {
                cell.fg(colour)
            } else {
                cell
            }
        }));
    }
    for index in 1..MEMBER_COLUMNS.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    screen.wrap_names_only(&mut table, MEMBER_COLUMNS.len());
    let _ = writeln!(out, "{table}");
    out += &screen.paragraph(super::chapter::COLUMNS_NOTE);
    let warnings = super::chapter::warnings(report);
    if !warnings.is_empty() {
        out.push('\n');
        for warning in warnings {
            out += &screen.paragraph(&format!("! {warning}."));
        }
    }
    out.push_str("\nThe room\n");
    let lines = super::chapter::room_lines(report, currency);
    let width = lines
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, words) in lines {
        out += &screen.paragraph(&format!("  {label:<width$}  {words}"));
    }
    out.push('\n');
    out += &screen.paragraph(&super::chapter::verdict(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Amount;
    use crate::model::{Freed, GroupReport, Reason, Totals};
    use crate::period::{Month, Window};

    fn sample_report() -> Report {
        let window = Window::ending(Month::parse("2026-10").unwrap(), 12);
        let figures = Figures {
            meetings: 10,
            hours: Amount::from_hundredths(1000),
            ..Figures::default()
        };
        Report {
            month: window.last,
            to_date: None,
            window,
            hourly_rate: 100.0,
            stay_at: 1.0,
            groups: vec![GroupReport {
                key: "club".to_string(),
                name: "Club".to_string(),
                figures,
                tenure_months: 12,
                active_months: 12,
                value: 0.0,
                return_per_hour: Some(0.0),
                score: Some(0.0),
                expected_score: Some(0.0),
                verdict: Verdict::Leave,
                previous_verdict: Some(Verdict::Watch),
                reasons: vec![Reason::NoLeads {
                    hours: 10.0,
                    months: 12,
                    chance: 0.0,
                }],
                hourly_rate: 100.0,
                margin: 1.0,
                lifetime_value: Default::default(),
                lead_value: 0.0,
                median_days_to_deal: None,
                evidence: Default::default(),
                certainty: Some(crate::model::Certainty {
                    low: 0.0,
                    high: 0.404,
                    chance_stay: 0.0,
                    settled_by: None,
                }),
            }],
            totals: Totals {
                figures,
                return_per_hour: Some(0.0),
                score: Some(0.0),
            },
            freed: Freed {
                groups: vec!["Club".to_string()],
                hours_per_month: 10.0 / 12.0,
                worth_per_month: 1000.0 / 12.0,
            },
            left: Vec::new(),
            currency: None,
            rates: Vec::new(),
            priors: Default::default(),
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let currency = Currency::english("$");
        let coloured = Screen {
            color: true,
            width: None,
        };
        assert!(report(&sample_report(), &currency, coloured, false).contains("\u{1b}["));
        let plain = report(&sample_report(), &currency, Screen::default(), false);
        assert!(!plain.contains('\u{1b}'));
        assert!(plain.contains("Club (leave): 0 leads in 10 h over 12 months"));
        assert!(
            plain.ends_with("Leaving Club would free 0.8 h a month, worth $83 at your rate.\n")
        );
        assert!(plain.contains("┆ watch → leave │"), "{plain}");
        assert!(
            plain.contains("┆  0.00 ┆ 0.00–0.40 ┆"),
            "the range beside the score: {plain}"
        );
    }

    #[test]
    fn quiet_leaves_out_the_summary_line() {
        let currency = Currency::english("$");
        let quiet = report(&sample_report(), &currency, Screen::default(), true);
        assert!(
            quiet.ends_with(
                "Club (leave): 0 leads in 10 h over 12 months; under a 1% chance it pays for \
                 your time in the long run\n"
            ),
            "{quiet}"
        );
    }

    #[test]
    fn an_unchanged_or_new_verdict_shows_alone() {
        assert_eq!(
            verdict_text(Verdict::Stay, Some(Verdict::Stay), false),
            "stay"
        );
        assert_eq!(verdict_text(Verdict::Watch, None, true), "watch");
        assert_eq!(
            verdict_text(Verdict::Stay, Some(Verdict::Watch), false),
            "watch → stay"
        );
        assert_eq!(
            verdict_text(Verdict::Stay, Some(Verdict::Watch), true),
            "stay ↑"
        );
        assert_eq!(
            verdict_text(Verdict::Leave, Some(Verdict::Watch), true),
            "leave ↓"
        );
    }

    #[test]
    fn the_table_fits_the_terminal_width() {
        let mut wide = sample_report();
        wide.groups[0].previous_verdict = None;
        wide.groups[0].name =
            "A group with a name far too long to fit in one narrow column".to_string();
        let currency = Currency::english("$");
        let narrow = report(
            &wide,
            &currency,
            Screen {
                color: false,
                width: Some(80),
            },
            false,
        );
        let table: Vec<&str> = narrow
            .lines()
            .filter(|line| line.starts_with(['┌', '│', '╞', '├', '└']))
            .collect();
        for line in &table {
            assert!(line.chars().count() <= 80, "{line}");
        }
        let table = table.join("\n");
        assert!(
            !table.contains("A group with a name far too long"),
            "the name wraps:\n{table}"
        );
        assert!(
            table.contains("┆ Hours ┆ Leads ┆ Revenue ┆ Score ┆     Range ┆ Verdict │"),
            "the compact layout, whose headers do not wrap:\n{table}"
        );
        let unbounded = report(&wide, &currency, Screen::default(), false);
        assert!(unbounded.lines().any(|line| line.chars().count() > 100));
    }

    #[test]
    fn sparklines_of_a_table_share_one_scale() {
        let rows: [&[Option<f64>]; 2] = [&[Some(0.0), Some(1.0), Some(2.0)], &[Some(7.0), None]];
        let counts = Scale::of(rows, MetricKind::Count);
        assert_eq!(sparkline(rows[0], counts), "▁▂▃");
        assert_eq!(sparkline(rows[1], counts), "█ ");
        let flat: [&[Option<f64>]; 1] = [&[Some(0.84), Some(0.9), Some(1.1)]];
        assert_eq!(
            sparkline(flat[0], Scale::of(flat, MetricKind::Money)),
            "▆▇█",
            "money is drawn from 0"
        );
        let scores: [&[Option<f64>]; 2] = [&[Some(0.84), Some(1.1)], &[Some(2.0)]];
        let scale = Scale::of(scores, MetricKind::Score);
        assert_eq!(sparkline(scores[0], scale), "▁▃", "scores from the lowest");
        assert_eq!(sparkline(scores[1], scale), "█");
        let refunds: [&[Option<f64>]; 1] = [&[Some(-10.0), Some(0.0), Some(60.0)]];
        assert_eq!(
            sparkline(refunds[0], Scale::of(refunds, MetricKind::Money)),
            "▁▂█"
        );
        let same: [&[Option<f64>]; 1] = [&[Some(3.0), Some(3.0)]];
        assert_eq!(sparkline(same[0], Scale::of(same, MetricKind::Score)), "▁▁");
        let none: [&[Option<f64>]; 1] = [&[None, None]];
        assert_eq!(sparkline(none[0], Scale::of(none, MetricKind::Score)), "  ");
    }

    #[test]
    fn figures_read_as_their_kind() {
        let dollars = Currency::english("$");
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
