//! Turns a finished report or trend into text, in the format asked for: one file per
//! format, and [`render`] picks. Nothing here computes a figure; it only rounds and words
//! what the model decided.

pub mod chapter;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod rows;
pub mod table;
pub mod xlsx;

use crate::activity::format::Decimal;
use crate::chapter::ChapterReport;
use crate::close_up::{CloseUp, GroupLine};
use crate::currency::Code;
use crate::locale::{Locale, NumberStyle};
use crate::model::{GroupReport, Reason, Report, Trend, score_shown};
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

/// "Report for 2026-10", or "Report for 2026-11 to date (2026-11-23)".
fn report_heading(report: &Report) -> String {
    match report.to_date {
        Some(day) => format!("Report for {} to date ({day})", report.month),
        None => format!("Report for {}", report.month),
    }
}

/// "12 months, 2025-11 to 2026-10 · your time at $100/h"; with money converted from other
/// currencies, the rates it was converted at: "· your rates: 1 USD = 0.92 EUR".
fn report_period(report: &Report, currency: &Currency) -> String {
    let window = report.window;
    let rates = match report.currency {
        Some(own) if !report.rates.is_empty() => format!(
            " · your rates: {}",
            (report.rates.iter())
                .map(|(code, rate)| format!("1 {code} = {rate} {own}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    };
    // Groups judged by their own rate or margin, each named with it.
    let own: Vec<String> = (report.groups.iter())
        .filter_map(|group| {
            group.reasons.iter().find_map(|reason| match reason {
                Reason::OwnPricing {
                    hourly_rate,
                    margin,
                } => {
                    let money = Money::ForPeople(currency);
                    let parts = own_pricing(*hourly_rate, *margin, money, ["", "margin "]);
                    Some(format!("{} at {}", group.name, parts.join(", ")))
                }
                _ => None,
            })
        })
        .collect();
    let own = if own.is_empty() {
        String::new()
    } else {
        format!(" ({})", own.join("; "))
    };
    format!(
        "{} months, {} to {} · your time at {}/h{own}{rates}",
        window.months(),
        window.first,
        window.last,
        currency.whole(report.hourly_rate)
    )
}

/// What a report with no group to show says instead of its table.
fn nothing_to_judge(report: &Report) -> String {
    format!(
        "No {} from {} to {}.",
        if report.left.is_empty() {
            "activity logged"
        } else {
            "group to judge"
        },
        report.window.first,
        report.window.last
    )
}

/// A trend's heading, "Leads by month, 2026-05 to 2026-10", and what each figure covers;
/// `None` for a trend of no months.
fn trend_heading(trend: &Trend, currency: &Currency) -> Option<(String, String)> {
    let (first, last) = (trend.months.first()?, trend.months.last()?);
    let metric = trend.metric.name();
    let heading = format!(
        "{}{} by month, {first} to {last}",
        metric[..1].to_uppercase(),
        &metric[1..]
    );
    let covers = if trend.metric.is_windowed() {
        format!(
            "each over the {} months to that month · your time at {}/h",
            trend.window_months,
            currency.whole(trend.hourly_rate)
        )
    } else {
        "each month on its own".to_string()
    };
    Some((heading, covers))
}

/// The group's membership in one line: "212 rows from 2024-11-06 to 2026-10-28 · joined
/// 2023-01 · 22 members · meets weekly".
fn membership_line(close_up: &CloseUp) -> String {
    let facts = &close_up.facts;
    let mut parts = vec![format!(
        "{} from {} to {}",
        plural(close_up.rows, "row", "rows"),
        close_up.first_date,
        close_up.last_date
    )];
    if let Some(joined) = facts.joined {
        parts.push(format!("joined {joined}"));
    }
    if let Some(left) = facts.left {
        parts.push(format!("left {left}"));
    }
    if let Some(members) = facts.members {
        parts.push(plural(members, "member", "members"));
    }
    if let Some(cadence) = facts.cadence {
        parts.push(format!("meets {}", cadence.name()));
    }
    if !facts.aliases.is_empty() {
        let quoted: Vec<String> = facts
            .aliases
            .iter()
            .map(|alias| format!("\"{alias}\""))
            .collect();
        parts.push(format!("also written {}", quoted.join(", ")));
    }
    parts.join(" · ")
}

/// The judgement of the report month in words: "Report for 2026-10: stay, score 1.86: returns
/// …", or why there is none.
fn judged_line(close_up: &CloseUp, money: Money) -> String {
    let Some(month) = close_up.months.last().map(|month| month.month) else {
        return String::new();
    };
    match &close_up.judged {
        Some(group) => format!(
            "Report for {month}: {}{}: {}",
            group.verdict.as_str(),
            group
                .score
                .map(|score| format!(
                    ", score {}",
                    money.decimal(score_shown(score, close_up.stay_at), 2)
                ))
                .unwrap_or_default(),
            reasons_text(group, money, close_up.stay_at)
        ),
        None => match close_up.facts.left {
            Some(left) if left < month => {
                format!("Not judged in {month}: left {left}")
            }
            _ => format!("Not judged in {month}: no row in the report's window"),
        },
    }
}

/// How to show money, and figures, to a person: in netaudit's own forms a sign goes before
/// the amount ("$1,200"), a code after it ("1,200 EUR"); a `locale` writes them as its
/// people do ("3.200 €", "£3,200", "€ 3.200").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    /// The currency as shown: a sign or a code.
    pub text: String,
    pub numbers: NumberStyle,
}

impl Currency {
    /// `text` in netaudit's own forms.
    pub fn english(text: &str) -> Currency {
        Currency {
            text: text.to_string(),
            numbers: NumberStyle::ENGLISH,
        }
    }

    /// The currency a report shows: as the user wrote it (`currency`, `--currency`), else
    /// the log's (its cells named it) by its sign or code, else `$`. With a `locale`, a
    /// currency is shown by the sign its people write, and figures in their forms.
    pub fn shown(setting: Option<&str>, log: Option<Code>, locale: Option<&Locale>) -> Currency {
        let code = setting.and_then(crate::currency::of_setting).or(log);
        let text = match (locale, code, setting) {
            (Some(locale), Some(code), _) => crate::locale::own_sign(locale, code.as_str())
                .or(code.sign())
                .map_or_else(|| code.to_string(), str::to_string),
            (_, _, Some(written)) => written.to_string(),
            (_, Some(code), None) => code.sign().map_or_else(|| code.to_string(), str::to_string),
            (_, None, None) => "$".to_string(),
        };
        Currency {
            text,
            numbers: locale.map_or(NumberStyle::ENGLISH, |locale| locale.numbers),
        }
    }

    /// The same currency with `decimal`'s marks, for figures among others written so.
    pub fn with_marks(&self, decimal: Decimal) -> Currency {
        Currency {
            text: self.text.clone(),
            numbers: NumberStyle {
                decimal: decimal.mark(),
                thousands: decimal.thousands(),
                ..self.numbers
            },
        }
    }

    /// `value` with `places` decimals, in the style's decimal mark: a score, hours.
    pub fn decimal(&self, value: f64, places: usize) -> String {
        self.numbers.decimal(value, places)
    }

    /// `amount` to the cent, with thousands separators: `$18.50`, `1,200.05 EUR`.
    pub fn with_cents(&self, amount: f64) -> String {
        let hundredths = (amount * 100.0).round() as i64;
        let size = hundredths.unsigned_abs();
        let digits = format!(
            "{}{}{:02}",
            self.grouped(size / 100),
            self.numbers.decimal,
            size % 100
        );
        self.around(hundredths < 0, &digits)
    }

    /// Whole units grouped in thousands by the style's separator.
    fn grouped(&self, units: u64) -> String {
        let grouped = group_thousands(units);
        match self.numbers.thousands {
            ',' => grouped,
            other => grouped.replace(',', &other.to_string()),
        }
    }

    /// Whether the currency is written after the amount: a code always, a sign where the
    /// locale puts it there.
    pub fn goes_after(&self) -> bool {
        let is_code = self.text.chars().all(char::is_alphabetic) && !self.text.is_empty();
        is_code || self.numbers.sign_after
    }

    /// `digits` with the currency: in netaudit's forms a code after them and a sign
    /// before; in a locale's, where its people put it.
    fn around(&self, negative: bool, digits: &str) -> String {
        let sign = if negative { "-" } else { "" };
        let text = &self.text;
        if self.goes_after() {
            format!("{sign}{digits} {text}")
        } else if self.numbers.space_before {
            format!("{sign}{text} {digits}")
        } else {
            format!("{sign}{text}{digits}")
        }
    }

    /// `amount` rounded to whole units, with thousands separators.
    pub fn whole(&self, amount: f64) -> String {
        let rounded = amount.round() + 0.0;
        self.around(rounded < 0.0, &self.grouped(rounded.abs() as u64))
    }
}

/// How money is written: for a person, with the currency and thousands separators; or
/// as a bare number, for CSV and JSON, where "$1,200" would not read as one.
#[derive(Clone, Copy, Debug)]
pub enum Money<'a> {
    ForPeople(&'a Currency),
    AsNumber,
}

impl Money<'_> {
    /// `value` with `places` decimals: in the people's decimal mark, or a point.
    pub fn decimal(self, value: f64, places: usize) -> String {
        match self {
            Money::ForPeople(currency) => currency.decimal(value, places),
            Money::AsNumber => NumberStyle::ENGLISH.decimal(value, places),
        }
    }

    /// `amount` rounded to whole units: "$48,790" for people, "48790" as a number.
    pub fn whole(self, amount: f64) -> String {
        match self {
            Money::ForPeople(currency) => currency.whole(amount),
            Money::AsNumber => format!("{}", amount.round() + 0.0),
        }
    }
}

/// `text` with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// Rounds to 2 decimals, never to -0.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

/// Text with exactly 2 decimals, never "-0.00": the form of every fractional figure.
pub fn decimal2(value: f64) -> String {
    format!("{:.2}", round2(value))
}

/// Hours for a sentence: "52 h", "2.5 h" (or "2,5 h" in a comma locale).
fn hours(value: f64, money: Money) -> String {
    let text = money.decimal(value, 1);
    let whole = text.strip_suffix(".0").or_else(|| text.strip_suffix(",0"));
    format!("{} h", whole.unwrap_or(&text))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A reason in plain words, with its figures.
pub fn describe(reason: &Reason, money: Money, stay_at: f64) -> String {
    let shown = |score: f64| money.decimal(score_shown(score, stay_at), 2);
    match *reason {
        Reason::TooEarly {
            meetings,
            months,
            no_hours,
        } => {
            let mut parts = Vec::new();
            if let Some((attended, needed)) = meetings {
                parts.push(format!("{attended} of {needed} meetings"));
            }
            if let Some((member, needed)) = months {
                parts.push(format!("member for {member} of {needed} months"));
            }
            if no_hours {
                parts.push("no hours logged".to_string());
            }
            format!("too early to judge: {}", parts.join(", "))
        }
        Reason::PaysYourRate { score, per_hour } => {
            format!(
                "returns {}× what it costs in money and time ({}/h after costs)",
                shown(score),
                money.whole(per_hour)
            )
        }
        Reason::LeadsOpen {
            score,
            expected_score,
            open_leads,
            lead_value,
            estimated,
            lost_leads,
            lead_life_months,
        } => {
            let lost = if lost_leads > 0 {
                format!(
                    " ({} older than {} counted as lost)",
                    lost_leads,
                    plural(u64::from(lead_life_months), "month", "months")
                )
            } else {
                String::new()
            };
            format!(
                "returns {}× what it costs, but {}{lost} at {}{} each would bring it to {}×",
                shown(score),
                plural(open_leads, "open lead", "open leads"),
                if estimated { "an estimated " } else { "" },
                money.whole(lead_value),
                shown(expected_score)
            )
        }
        Reason::BelowYourRate { score, per_hour } if per_hour < 0.0 => format!(
            "costs more money than it brings in ({}/h), before counting your time; returns {}× what it costs",
            money.whole(per_hour),
            shown(score)
        ),
        Reason::BelowYourRate { score, per_hour } => {
            format!(
                "returns only {}× what it costs in money and time ({}/h after costs)",
                shown(score),
                money.whole(per_hour)
            )
        }
        Reason::NoLeads {
            hours: spent,
            months,
        } => {
            format!(
                "0 leads in {} over {}",
                hours(spent, money),
                plural(u64::from(months), "month", "months")
            )
        }
        Reason::NoLeadSince { months } => {
            format!(
                "no lead in the last {}",
                plural(months.unsigned_abs(), "month", "months")
            )
        }
        Reason::NoLeadEver {
            months,
            member_for: None,
        } => format!(
            "no lead in {} of membership",
            plural(u64::from(months), "month", "months")
        ),
        Reason::NoLeadEver {
            months,
            member_for: Some(member_for),
        } => format!(
            "no lead in {} of logging (member for {member_for})",
            plural(u64::from(months), "month", "months")
        ),
        Reason::BigRoom { members, big_group } => format!(
            "{members} members: hard to know anyone in a room of {members} (groups of {big_group} or fewer do better)"
        ),
        Reason::GivesMoreThanGets { given, leads } => format!(
            "you gave {} and got {} back",
            plural(given, "referral", "referrals"),
            plural(leads, "lead", "leads")
        ),
        Reason::OwnPricing {
            hourly_rate,
            margin,
        } => {
            let parts = own_pricing(hourly_rate, margin, money, ["rate of ", "margin of "]);
            format!("judged at its own {}", parts.join(" and "))
        }
    }
}

/// A group's own hourly rate and margin, each it has, after its word: the heading's
/// `60 €/h`, `margin 0.3`; a reason's `rate of 60 €/h`, `margin of 0.3`.
fn own_pricing(
    hourly_rate: Option<f64>,
    margin: Option<f64>,
    money: Money,
    [rate_word, margin_word]: [&str; 2],
) -> Vec<String> {
    [
        hourly_rate.map(|rate| format!("{rate_word}{}/h", money.whole(rate))),
        margin.map(|margin| format!("{margin_word}{margin}")),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The reasons in words; scores in them are shown as beside the verdict (see
/// [`score_shown`]).
pub fn reasons_text(group: &GroupReport, money: Money, stay_at: f64) -> String {
    group
        .reasons
        .iter()
        .map(|reason| describe(reason, money, stay_at))
        .collect::<Vec<_>>()
        .join("; ")
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
