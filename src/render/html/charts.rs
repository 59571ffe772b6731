//! The page's SVG charts: a group's cost beside what it brought, a figure by month, and
//! a chapter's referrals received; each titled and described for a screen reader.

use crate::chapter::ChapterReport;
use crate::model::{GroupReport, MetricKind};
use crate::period::Month;
use crate::render::cell_text;
use crate::render::{Currency, round2};
use std::fmt::Write;

use super::escape;

/// Two bars on one scale (up to `most`): what the group cost, its money and its time at
/// its rate (the model's figures), and what it brought.
pub(super) fn cost_chart(group: &GroupReport, most: f64, currency: &Currency) -> String {
    let (money, cost) = (group.figures.cost.as_f64(), group.price());
    let hourly_rate = group.hourly_rate;
    let time = cost - money;
    let brought = group.gross().max(0.0);
    let width = |amount: f64| {
        if most > 0.0 {
            (amount.max(0.0) / most * 200.0).max(0.0)
        } else {
            0.0
        }
    };
    let title = format!("{}: what it cost and what it brought", group.name);
    let desc = format!(
        "Cost {} ({} in money, {} of time at {}/h); brought {}.",
        currency.whole(cost),
        currency.whole(money),
        currency.whole(time),
        currency.whole(hourly_rate),
        currency.whole(brought)
    );
    let id = chart_id(&title);
    format!(
        "<svg viewBox=\"0 0 340 74\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>\
         <text x=\"0\" y=\"18\">Cost</text>\
         <rect class=\"cost\" x=\"64\" y=\"6\" width=\"{:.1}\" height=\"18\"></rect>\
         <rect class=\"time\" x=\"{:.1}\" y=\"6\" width=\"{:.1}\" height=\"18\"></rect>\
         <text x=\"{:.1}\" y=\"19\">{}</text>\
         <text x=\"64\" y=\"38\">{}</text>\
         <text x=\"0\" y=\"62\">Brought</text>\
         <rect class=\"brought\" x=\"64\" y=\"50\" width=\"{:.1}\" height=\"18\"></rect>\
         <text x=\"{:.1}\" y=\"63\">{}</text></svg>\n",
        escape(&title),
        escape(&desc),
        width(money),
        64.0 + width(money),
        width(time),
        68.0 + width(cost),
        escape(&currency.whole(cost)),
        escape(&format!(
            "{} money + {} time at {}/h",
            currency.whole(money),
            currency.whole(time),
            currency.whole(hourly_rate)
        )),
        width(brought),
        68.0 + width(brought),
        escape(&currency.whole(brought)),
    )
}

/// An id for a chart's title and description, from its title: letters and digits only,
/// so it is a valid id whatever the group is called, and a counter-free one so that the
/// same input gives the same page.
pub(super) fn chart_id(title: &str) -> String {
    let mut hash: u32 = 2_166_136_261;
    for byte in title.bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(16_777_619);
    }
    format!("c{hash:08x}")
}

/// The range the charts of one page share, so that their heights compare: as a
/// sparkline's [`super::table::Scale`], and taking in a reference line when there is one.
#[derive(Clone, Copy, Debug)]
pub(super) struct ChartScale {
    pub(super) low: f64,
    pub(super) high: f64,
}

impl ChartScale {
    pub(super) fn of<'a>(
        rows: impl Iterator<Item = &'a [Option<f64>]>,
        kind: MetricKind,
        reference: Option<f64>,
    ) -> ChartScale {
        let start = match kind {
            MetricKind::Score => reference.unwrap_or(f64::INFINITY).min(0.0),
            _ => 0.0,
        };
        let (low, high) = rows
            .flatten()
            .flatten()
            .copied()
            .chain(reference)
            .fold((start, f64::NEG_INFINITY), |(low, high), value| {
                (low.min(value), high.max(value))
            });
        let high = if high > low { high } else { low + 1.0 };
        ChartScale { low, high }
    }

    /// The y of `value` in a plot from `top` to `bottom`.
    pub(super) fn y(self, value: f64, top: f64, bottom: f64) -> f64 {
        bottom - (value - self.low) / (self.high - self.low) * (bottom - top)
    }
}

/// What a chart draws behind its figures, each when given: a dashed reference line
/// (`stay_at`), and a band where the long-run score likely lies (its 10th to 90th
/// percentile as of the last month), cut to the chart's scale, its figures in words.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Guides<'a> {
    pub(super) reference: Option<(&'a str, f64)>,
    pub(super) band: Option<(f64, f64)>,
}

/// A small chart of one row's figure per month on `scale`: a line for a score, bars for
/// the rest, and its `guides`. Its title names it; its description lists every month's
/// figure, for a screen reader.
pub(super) fn month_chart(
    title: &str,
    months: &[Month],
    values: &[Option<f64>],
    kind: MetricKind,
    scale: ChartScale,
    guides: Guides,
    currency: &Currency,
) -> String {
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 332.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 96.0;
    let text = |value: Option<f64>| cell_text(kind, value, currency);
    let step = (RIGHT - LEFT) / months.len().max(1) as f64;
    let x = |index: usize| LEFT + (index as f64 + 0.5) * step;
    let y = |value: f64| scale.y(value, TOP, BOTTOM);
    let described: Vec<String> = months
        .iter()
        .zip(values)
        .map(|(month, value)| format!("{month} {}", text(*value)))
        .collect();
    let mut desc = described.join(", ");
    if let Some((label, value)) = guides.reference {
        let _ = write!(desc, "; {label} at {}", text(Some(value)));
    }
    let band_words = guides
        .band
        .map(|(low, high)| format!("long run {} to {}", text(Some(low)), text(Some(high))));
    if let Some(words) = &band_words {
        let _ = write!(desc, "; likely in the {words}");
    }
    let id = chart_id(title);
    let mut svg = format!(
        "<svg viewBox=\"0 0 340 124\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}.</desc>\
         <line class=\"axis\" x1=\"{LEFT}\" y1=\"{BOTTOM}\" x2=\"{RIGHT}\" y2=\"{BOTTOM}\"></line>\
         <text x=\"0\" y=\"{:.1}\">{}</text><text x=\"0\" y=\"{:.1}\">{}</text>",
        escape(title),
        escape(&desc),
        TOP + 4.0,
        escape(&text(Some(scale.high))),
        BOTTOM + 4.0,
        escape(&text(Some(scale.low))),
    );
    if let (Some((low, high)), Some(words)) = (guides.band, &band_words) {
        let (top, bottom) = (y(high.min(scale.high)), y(low.max(scale.low)));
        let _ = write!(
            svg,
            "<rect class=\"band\" x=\"{LEFT}\" y=\"{top:.1}\" width=\"{:.1}\" \
             height=\"{:.1}\"><title>Likely in the {}</title></rect>\
             <text x=\"{:.1}\" y=\"116\" text-anchor=\"middle\">{}</text>",
            RIGHT - LEFT,
            (bottom - top).max(0.0),
            escape(words),
            (LEFT + RIGHT) / 2.0,
            escape(words)
        );
    }
    if let Some((label, value)) = guides.reference {
        // The label sits by its line, moved clear of the scale's own figures where the
        // line runs at the top or the bottom (a score chart whose highest is stay_at).
        const LINE_HEIGHT: f64 = 11.0;
        let (top_label, bottom_label) = (TOP + 4.0, BOTTOM + 4.0);
        let label_y = match y(value) + 4.0 {
            at if (at - top_label).abs() < LINE_HEIGHT => top_label + LINE_HEIGHT,
            at if (at - bottom_label).abs() < LINE_HEIGHT => bottom_label - LINE_HEIGHT,
            at => at,
        };
        let _ = write!(
            svg,
            "<line class=\"ref\" x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{RIGHT}\" y2=\"{:.1}\"></line>\
             <text x=\"0\" y=\"{label_y:.1}\">{}</text>",
            y(value),
            y(value),
            escape(label)
        );
    }
    let shown = |value: &Option<f64>| match kind {
        MetricKind::Score => value.map(round2),
        _ => *value,
    };
    if kind == MetricKind::Score {
        // A line through each run of months with a score; a gap where there is none.
        let mut run: Vec<String> = Vec::new();
        let mut lines = String::new();
        for (index, value) in values.iter().enumerate() {
            match shown(value) {
                Some(value) => run.push(format!("{:.1},{:.1}", x(index), y(value))),
                None => flush_line(&mut lines, &mut run),
            }
        }
        flush_line(&mut lines, &mut run);
        svg.push_str(&lines);
        for (index, (month, value)) in months.iter().zip(values).enumerate() {
            if let Some(shown) = shown(value) {
                let _ = write!(
                    svg,
                    "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\">\
                     <title>{month}: {}</title></circle>",
                    x(index),
                    y(shown),
                    escape(&text(*value))
                );
            }
        }
    } else {
        let zero = y(0.0_f64.max(scale.low));
        for (index, (month, value)) in months.iter().zip(values).enumerate() {
            if let Some(value) = *value {
                let top = y(value).min(zero);
                let height = (y(value) - zero).abs();
                let _ = write!(
                    svg,
                    "<rect class=\"bar\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" \
                     height=\"{height:.1}\"><title>{month}: {}</title></rect>",
                    x(index) - step * 0.35,
                    step * 0.7,
                    escape(&text(Some(value)))
                );
            }
        }
    }
    if let (Some(first), Some(last)) = (months.first(), months.last()) {
        let _ = write!(
            svg,
            "<text x=\"{LEFT}\" y=\"116\">{first}</text>\
             <text x=\"{RIGHT}\" y=\"116\" text-anchor=\"end\">{last}</text>"
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Ends a run of points as one polyline (a single point shows as its dot alone).
pub(super) fn flush_line(lines: &mut String, run: &mut Vec<String>) {
    if run.len() > 1 {
        let _ = write!(
            lines,
            "<polyline class=\"series\" points=\"{}\"></polyline>",
            run.join(" ")
        );
    }
    run.clear();
}

/// A bar per member of the referrals received, most first; the top fifth's bars marked.
pub(super) fn received_chart(report: &ChapterReport) -> String {
    let mut received: Vec<(&str, u64)> = (report.members.iter())
        .map(|member| (member.name.as_str(), member.tally.received()))
        .collect();
    received.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let most = received.first().map_or(0, |(_, count)| *count);
    if most == 0 {
        return String::new();
    }
    let (width, height, top) = (640.0, 160.0, 16.0);
    let step = width / received.len() as f64;
    let mut bars = String::new();
    for (index, (name, count)) in received.iter().enumerate() {
        let bar = (height - top) * *count as f64 / most as f64;
        let class = if index < report.room.top_fifth {
            "top"
        } else {
            "bar"
        };
        let _ = write!(
            bars,
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\">\
             <title>{}: {count}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" \
             text-anchor=\"middle\">{count}</text>",
            index as f64 * step + step * 0.1,
            height - bar,
            step * 0.8,
            bar,
            escape(name),
            index as f64 * step + step / 2.0,
            height - bar - 3.0
        );
    }
    let description: Vec<String> = (received.iter())
        .map(|(name, count)| format!("{name} {count}"))
        .collect();
    format!(
        "<h2>Referrals received, member by member</h2>\n<svg viewBox=\"0 0 {width} {}\" \
         role=\"img\"><title>Referrals received per member, most first; the top fifth in amber\
         </title><desc>{}</desc><line class=\"axis\" x1=\"0\" y1=\"{height}\" x2=\"{width}\" \
         y2=\"{height}\"/>{bars}</svg>\n<p class=\"muted\">Most first: {}. The top fifth \
         ({}) in amber.</p>\n",
        height + 2.0,
        escape(&description.join(", ")),
        escape(&description.join(", ")),
        report.room.top_fifth
    )
}
