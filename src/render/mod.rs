//! Turns a finished report or trend into text, in the format asked for: one file per
//! format, and [`render`] picks. Nothing here computes a figure; it only rounds and words
//! what the model decided.

pub mod brief;
pub mod chapter;
pub mod csv;
pub mod html;
pub mod json;
pub mod lead_rows;
pub mod markdown;
mod money;
pub mod rows;
pub mod table;
mod words;
pub mod xlsx;

pub use money::{Currency, Money, cell_text, decimal2, round2};
use words::{
    capitalised, join_names, judged_line, membership_line, nothing_to_judge, report_heading,
    report_period, trend_heading,
};
pub use words::{describe, reasons_text};

use crate::activity::format::Decimal;
use crate::chapter::ChapterReport;
use crate::close_up::{CloseUp, GroupLine};
use crate::model::{Brief, LeadsAsked, LeadsView, PartnersView, Report, Trend};
use csv::CsvStyle;
use table::Screen;

/// What is rendered.
#[derive(Clone, Copy, Debug)]
pub enum View<'a> {
    /// The report, and each group's score month by month up to it, which the HTML page
    /// charts (the command works it out only for that page).
    Report {
        report: &'a Report,
        scores: Option<&'a Trend>,
    },
    Trend(&'a Trend),
    /// Every group the log names (`netaudit groups`).
    Groups(&'a [GroupLine]),
    /// One group up close (`netaudit show`).
    Show(&'a CloseUp),
    /// Each group's contacts (`netaudit partners`).
    Partners(&'a PartnersView),
    /// The pipeline (`netaudit leads`).
    Leads(&'a LeadsView),
    /// The round (`netaudit brief`): text, Markdown or JSON only.
    Brief(&'a Brief),
    /// A chapter's members and room (`netaudit chapter`); with `room`, CSV, JSON and
    /// xlsx hold the room's figures alone.
    Chapter {
        report: &'a ChapterReport,
        room: bool,
    },
}

/// The output formats; `-O` takes them by these names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// GitHub-flavoured Markdown (.md): a pipe table and the reasons as a list.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML page (.html) with charts.
    Html,
}

/// How the output looks, whatever the format uses of it.
#[derive(Clone, Copy, Debug)]
pub struct Look<'a> {
    pub currency: &'a Currency,
    pub screen: Screen,
    /// The report table leaves out its summary.
    pub quiet: bool,
    pub csv: CsvStyle,
}

/// `view` as text in `format`.
pub fn render(view: View<'_>, format: Format, look: &Look<'_>) -> anyhow::Result<Vec<u8>> {
    // A reason is a sentence for people, with the currency: in CSV with the CSV's decimal
    // mark, as the figures beside it have; in a workbook, which shows figures in the
    // reader's forms, in the locale's; in JSON, for programs, with a point.
    let in_words = match format {
        Format::Csv => look.currency.with_marks(look.csv.decimal),
        Format::Xlsx => look.currency.clone(),
        _ => look.currency.with_marks(Decimal::Point),
    };
    let rows = |view| match view {
        View::Report { report, .. } => rows::report(report, &in_words),
        View::Trend(trend) => rows::trend(trend),
        View::Groups(lines) => rows::groups(lines),
        View::Show(close_up) => rows::months(close_up),
        View::Partners(partners) => rows::partners(partners, false),
        View::Leads(leads) => lead_rows::leads(leads),
        View::Brief(brief) => brief::brought(&brief.brought),
        View::Chapter { report, room: true } => rows::chapter_room(report),
        View::Chapter { report, .. } => rows::chapter_members(report),
    };
    let currency = look.currency;
    let text = match (format, view) {
        (Format::Table, View::Report { report, .. }) => {
            table::report(report, currency, look.screen, look.quiet)
        }
        (Format::Table, View::Trend(trend)) => table::trend(trend, currency, look.screen),
        (Format::Table, View::Groups(lines)) => {
            table::rows_table(&rows::groups(lines), currency, look.screen)
        }
        (Format::Table, View::Show(close_up)) => table::show(close_up, currency, look.screen),
        (Format::Table, View::Partners(partners)) => {
            let heading = partners_heading(partners);
            table::partners(&heading, partners, currency, look.screen)
        }
        (Format::Markdown, View::Partners(partners)) => {
            let rows = rows::partners_for_people(partners);
            let heading = markdown::escape(&partners_heading(partners));
            format!("## {heading}\n\n{}", markdown::rows_table(&rows, currency))
        }
        (Format::Html, View::Partners(partners)) => {
            html::partners(&partners_heading(partners), partners, currency)
        }
        (Format::Table, View::Leads(leads)) => table::leads(
            &leads_heading(leads),
            lead_rows::leads_for_people(leads),
            currency,
            look.screen,
        ),
        (Format::Markdown, View::Leads(leads)) => format!(
            "## {}\n\n{}",
            markdown::escape(&leads_heading(leads)),
            markdown::rows_table(&lead_rows::leads_for_people(leads), currency)
        ),
        (Format::Html, View::Leads(leads)) => html::leads(
            &leads_heading(leads),
            lead_rows::leads_for_people(leads),
            currency,
        ),
        (Format::Xlsx, View::Leads(leads)) => {
            return xlsx::sheets(&[("leads", &lead_rows::leads(leads))], currency);
        }
        (Format::Table, View::Brief(brief)) => brief::text(brief, currency, look.screen),
        (Format::Markdown, View::Brief(brief)) => brief::markdown(brief, currency),
        (Format::Json, View::Brief(brief)) => brief::json(brief)?,
        (Format::Csv | Format::Xlsx | Format::Html, View::Brief(_)) => {
            anyhow::bail!(brief::WORDS_ONLY)
        }
        (Format::Xlsx, View::Partners(partners)) => {
            return xlsx::sheets(&[("partners", &rows::partners(partners, false))], currency);
        }
        (Format::Markdown, View::Report { report, .. }) => {
            markdown::report(report, currency, look.quiet)
        }
        (Format::Markdown, View::Trend(trend)) => markdown::trend(trend, currency),
        (Format::Markdown, View::Groups(lines)) => {
            markdown::rows_table(&rows::groups(lines), currency)
        }
        (Format::Markdown, View::Show(close_up)) => markdown::show(close_up, currency),
        (Format::Html, View::Report { report, scores }) => html::report(report, scores, currency),
        (Format::Html, View::Trend(trend)) => html::trend(trend, currency),
        (Format::Html, View::Groups(lines)) => html::groups(&rows::groups(lines), currency),
        (Format::Html, View::Show(close_up)) => html::show(close_up, currency),
        (Format::Json, View::Show(close_up)) => json::show(close_up, &in_words)?,
        (Format::Table, View::Chapter { report, .. }) => {
            table::chapter(report, currency, look.screen)
        }
        (Format::Markdown, View::Chapter { report, .. }) => markdown::chapter(report, currency),
        (Format::Html, View::Chapter { report, .. }) => html::chapter(report, currency),
        (
            Format::Json,
            View::Chapter {
                report,
                room: false,
            },
        ) => json::chapter(report)?,
        (
            Format::Xlsx,
            View::Chapter {
                report,
                room: false,
            },
        ) => {
            return xlsx::sheets(
                &[
                    ("members", &rows::chapter_members(report)),
                    ("room", &rows::chapter_room(report)),
                ],
                currency,
            );
        }
        (Format::Xlsx, View::Chapter { report, room: true }) => {
            return xlsx::sheets(&[("room", &rows::chapter_room(report))], currency);
        }
        (Format::Csv, view) => csv::render(&rows(view), look.csv)?,
        (Format::Json, view) => json::render(&rows(view))?,
        (Format::Xlsx, View::Trend(trend)) => {
            return xlsx::trend(&rows::trend(trend), trend, currency);
        }
        (Format::Xlsx, View::Show(close_up)) => {
            return xlsx::sheets(
                &[
                    ("months", &rows::months(close_up)),
                    ("last rows", &rows::logged_rows(&close_up.last_rows)),
                ],
                currency,
            );
        }
        (Format::Xlsx, View::Groups(lines)) => {
            return xlsx::sheets(&[("groups", &rows::groups(lines))], currency);
        }
        (Format::Xlsx, View::Report { report, .. }) => {
            return xlsx::sheets(&[("report", &rows::report(report, &in_words))], currency);
        }
    };
    Ok(text.into_bytes())
}

/// The heading of `leads`: which leads, on which day.
fn leads_heading(leads: &LeadsView) -> String {
    let count = leads.lines.len();
    let what = match leads.asked {
        LeadsAsked::Open => "open",
        LeadsAsked::All => "in all",
        LeadsAsked::Due(_) => "due a follow-up",
    };
    let mut heading = format!(
        "{count} lead line{} {what} on {}",
        if count == 1 { "" } else { "s" },
        leads.today
    );
    if let LeadsAsked::Due(days) = leads.asked {
        heading += &format!(": no row has named them for {days} days or more");
    }
    heading
}

/// The heading of `partners`: what it shows, and over which months.
fn partners_heading(partners: &PartnersView) -> String {
    format!(
        "Who brought it, {} to {}",
        partners.window.first, partners.window.last
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_for_people() {
        let dollars = Currency::english("$");
        assert_eq!(dollars.whole(48_790.4), "$48,790");
        assert_eq!(dollars.whole(999.5), "$1,000");
        assert_eq!(dollars.whole(-1234.0), "-$1,234");
        assert_eq!(dollars.whole(-0.2), "$0");
        assert_eq!(Currency::english("EUR").whole(1_000_000.0), "1,000,000 EUR");
    }

    #[test]
    fn plain_money_has_no_sign_or_separators() {
        assert_eq!(Money::AsNumber.whole(48_790.4), "48790");
        assert_eq!(Money::AsNumber.whole(-1234.5), "-1235");
        assert_eq!(Money::AsNumber.whole(-0.2), "0");
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
    fn rounding_never_shows_minus_zero() {
        assert_eq!(decimal2(-0.001), "0.00");
        assert_eq!(decimal2(2.5), "2.50");
        assert_eq!(round2(2.345_000_1), 2.35);
    }
}
