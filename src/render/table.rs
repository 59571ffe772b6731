//! Tables for a person. The report: a heading, a table best group first, the reasons, and
//! what leaving would free. The trend: one column per month, like a ledger's monthly
//! report, and on a terminal each row's shape.

use super::{Currency, Money, decimal2, reasons_text};
use crate::figures::Figures;
use crate::model::{MetricKind, Report, Trend, Verdict, score_shown};
use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use std::fmt::Write;

fn score(value: Option<f64>) -> String {
    value
        .map(super::decimal2)
        .unwrap_or_else(|| "-".to_string())
}

fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::Stay => Color::Green,
        Verdict::Watch => Color::Yellow,
        Verdict::Leave => Color::Red,
    }
}

/// The cells a group row and the totals row share: name, figures, return per hour and score.
fn figure_cells(
    name: &str,
    figures: &Figures,
    return_per_hour: Option<f64>,
    score_value: Option<f64>,
    currency: &Currency,
) -> Vec<Cell> {
    let money = |amount: f64| currency.whole(amount);
    vec![
        Cell::new(name),
        Cell::new(figures.meetings),
        Cell::new(format!("{:.1}", figures.hours.as_f64())),
        Cell::new(money(figures.cost.as_f64())),
        Cell::new(figures.leads),
        Cell::new(figures.deals),
        Cell::new(money(figures.revenue.as_f64())),
        Cell::new(
            return_per_hour
                .map(money)
                .unwrap_or_else(|| "-".to_string()),
        ),
        Cell::new(score(score_value)),
    ]
}

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

    /// On a terminal, fitting its width wraps the first column (the group names) only: a
    /// figure split across lines misreads. Call once the table has its `columns`.
    pub fn wrap_names_only(self, table: &mut Table, columns: usize) {
        if !self.on_terminal() {
            return;
        }
        table.set_constraints(
            std::iter::once(ColumnConstraint::LowerBoundary(Width::Fixed(
                MIN_NAME_WIDTH,
            )))
            .chain(std::iter::repeat_n(
                ColumnConstraint::ContentWidth,
                columns.saturating_sub(1),
            )),
        );
    }
}

/// The verdict cell: "watch → leave" when it changed since the month before.
fn verdict_text(verdict: Verdict, previous: Option<Verdict>) -> String {
    match previous {
        Some(previous) if previous != verdict => {
            format!("{} → {}", previous.as_str(), verdict.as_str())
        }
        _ => verdict.as_str().to_string(),
    }
}

/// The report as a table, with the reasons below it and, unless `quiet`, the summary line.
pub fn report(report: &Report, currency: &Currency, screen: Screen, quiet: bool) -> String {
    let window = report.window;
    let to_date = match report.to_date {
        Some(day) => format!(" to date ({day})"),
        None => String::new(),
    };
    let mut out = format!(
        "Report for {}{to_date} · {} months, {} to {} · your time at {}/h\n",
        report.month,
        window.months(),
        window.first,
        window.last,
        currency.whole(report.hourly_rate)
    );
    if report.groups.is_empty() {
        let _ = writeln!(
            out,
            "No {} from {} to {}.",
            if report.left.is_empty() {
                "activity logged"
            } else {
                "group to judge"
            },
            window.first,
            window.last
        );
        push_left(&mut out, report);
        return out;
    }

    let mut table = screen.table();
    table.set_header([
        "Group", "Meetings", "Hours", "Cost", "Leads", "Deals", "Revenue", "Return/h", "Score",
        "Expected", "Verdict",
    ]);
    for group in &report.groups {
        let mut verdict = Cell::new(verdict_text(group.verdict, group.previous_verdict));
        if screen.color {
            verdict = verdict.fg(verdict_color(group.verdict));
        }
        let mut row = figure_cells(
            &group.name,
            &group.figures,
            group.return_per_hour,
            group.score.map(|value| score_shown(value, report.stay_at)),
            currency,
        );
        row.push(Cell::new(score(
            group
                .expected_score
                .map(|value| score_shown(value, report.stay_at)),
        )));
        row.push(verdict);
        table.add_row(row);
    }
    let totals = &report.totals;
    table.add_row(figure_cells(
        "Total",
        &totals.figures,
        totals.return_per_hour,
        totals.score.map(|value| score_shown(value, report.stay_at)),
        currency,
    ));
    for index in 1..=9 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    screen.wrap_names_only(&mut table, 11);
    let _ = writeln!(out, "{table}");

    out.push('\n');
    for group in &report.groups {
        let _ = writeln!(
            out,
            "{} ({}): {}",
            group.name,
            group.verdict.as_str(),
            reasons_text(group, Money::ForPeople(currency), report.stay_at)
        );
    }
    push_left(&mut out, report);
    if quiet {
        return out;
    }

    out.push('\n');
    let freed = &report.freed;
    if freed.groups.is_empty() {
        out.push_str("No group to leave this month.\n");
    } else {
        let _ = writeln!(
            out,
            "Leaving {} would free {:.1} h a month, worth {} at your rate.",
            join_names(&freed.groups),
            freed.hours_per_month,
            currency.whole(freed.worth_per_month)
        );
    }
    out
}

/// The groups left before the report month, on one line: they are not judged.
fn push_left(out: &mut String, report: &Report) {
    if report.left.is_empty() {
        return;
    }
    let listed: Vec<String> = report
        .left
        .iter()
        .map(|group| format!("{}: left {}", group.name, group.left))
        .collect();
    let _ = writeln!(out, "Not judged: {}.", listed.join(", "));
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

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
pub fn trend(trend: &Trend, currency: &Currency, screen: Screen) -> String {
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
                }],
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
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let currency = Currency("$".to_string());
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
    }

    #[test]
    fn quiet_leaves_out_the_summary_line() {
        let currency = Currency("$".to_string());
        let quiet = report(&sample_report(), &currency, Screen::default(), true);
        assert!(
            quiet.ends_with("Club (leave): 0 leads in 10 h over 12 months\n"),
            "{quiet}"
        );
    }

    #[test]
    fn an_unchanged_or_new_verdict_shows_alone() {
        assert_eq!(verdict_text(Verdict::Stay, Some(Verdict::Stay)), "stay");
        assert_eq!(verdict_text(Verdict::Watch, None), "watch");
        assert_eq!(
            verdict_text(Verdict::Stay, Some(Verdict::Watch)),
            "watch → stay"
        );
    }

    #[test]
    fn the_table_fits_the_terminal_width() {
        let mut wide = sample_report();
        wide.groups[0].previous_verdict = None;
        wide.groups[0].name =
            "A group with a name far too long to fit in one narrow column".to_string();
        let currency = Currency("$".to_string());
        let narrow = report(
            &wide,
            &currency,
            Screen {
                color: false,
                width: Some(110),
            },
            false,
        );
        let table: Vec<&str> = narrow
            .lines()
            .filter(|line| line.starts_with(['┌', '│', '╞', '├', '└']))
            .collect();
        for line in &table {
            assert!(line.chars().count() <= 110, "{line}");
        }
        let table = table.join("\n");
        assert!(
            !table.contains("far too long to fit"),
            "the name wraps:\n{table}"
        );
        assert!(
            table.contains("┆ Meetings ┆ Hours ┆"),
            "headers do not wrap:\n{table}"
        );
        let unbounded = report(&wide, &currency, Screen::default(), false);
        assert!(unbounded.lines().any(|line| line.chars().count() > 100));
    }

    #[test]
    fn names_are_joined_as_a_person_would() {
        let names =
            |list: &[&str]| join_names(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(names(&["A"]), "A");
        assert_eq!(names(&["A", "B"]), "A and B");
        assert_eq!(names(&["A", "B", "C"]), "A, B and C");
    }

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
