//! The model's invariants over generated logs, with refunds and money spread over months:
//! more of a good thing never lowers a score, more of a cost never raises it, and how the
//! rows reach the ledger (order, files, line ends, byte-order mark, the case and spacing of
//! group names) never changes the report; a spread never changes a total.

use netaudit::activity::ActivityRow;
use netaudit::figures::{Amount, Figures};
use netaudit::ledger::Ledger;
use netaudit::model::{GroupFacts, Report, build_report, negative_sum};
use netaudit::period::{Month, Window};
use netaudit::settings::Rules;
use netaudit::sources::csv_log::read_log;

use proptest::prelude::*;
use std::collections::HashMap;

const GROUPS: [&str; 4] = ["Harbor City BNI", "Rotary", "Tech Meetup", "Chamber"];

fn window() -> Window {
    Window::ending(Month::parse("2026-10").expect("month"), 12)
}

fn amount(max_units: i64) -> impl Strategy<Value = Amount> {
    (0..=max_units * 100).prop_map(Amount::from_hundredths)
}

/// Money that is now and then a refund, below 0.
fn money(max_units: i64) -> impl Strategy<Value = Amount> {
    prop_oneof![
        4 => amount(max_units),
        1 => (1..=max_units * 25).prop_map(|hundredths| Amount::from_hundredths(-hundredths)),
    ]
}

/// An amount that is 0 half the time, so that groups which lose money are common.
fn often_zero(max_units: i64) -> impl Strategy<Value = Amount> {
    prop_oneof![Just(Amount::default()), amount(max_units)]
}

/// Money that is 0 half the time, and now and then a refund.
fn often_zero_money(max_units: i64) -> impl Strategy<Value = Amount> {
    prop_oneof![Just(Amount::default()), money(max_units)]
}

fn figures() -> impl Strategy<Value = Figures> {
    (
        (0..3u64, amount(5), money(200), 0..3u64),
        (
            0..2u64,
            often_zero_money(5000),
            0..3u64,
            often_zero_money(300),
            prop_oneof![3 => Just(0u64), 1 => 1..3u64],
        ),
    )
        .prop_map(
            |(
                (meetings, hours, cost, leads),
                (deals, revenue, referrals_given, other_value, lost),
            )| {
                Figures {
                    meetings,
                    hours,
                    cost,
                    leads,
                    deals,
                    revenue,
                    referrals_given,
                    other_value,
                    lost,
                }
            },
        )
}

/// Mostly no one; now and then one of a few people, written in another case.
fn name(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        1 => (0..names.len(), any::<bool>()).prop_map(move |(at, upper)| {
            if upper {
                names[at].to_uppercase()
            } else {
                names[at].to_string()
            }
        }),
    ]
}

/// Mostly a month; now and then a spread that may cross the window's start or end.
fn covers() -> impl Strategy<Value = u32> {
    prop_oneof![3 => Just(1u32), 1 => 1..=24u32]
}

fn row() -> impl Strategy<Value = ActivityRow> {
    let people = (
        name(&["Dana Price", "Lee Wong"]),
        name(&["Acme Kitchens", "Cole Dental", "Fairway Auto"]),
    );
    (0..GROUPS.len(), 0..900u64, figures(), covers(), people).prop_map(
        |(group, day, figures, covers, (contact, client))| {
            // About 30 months from 2024-06, so some rows fall before the window.
            let first = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("day");
            ActivityRow {
                date: first + chrono::Days::new(day),
                group: GROUPS[group].to_string(),
                figures,
                covers,
                source: String::new(),
                currencies: Default::default(),
                contact,
                client,
            }
        },
    )
}

fn rows() -> impl Strategy<Value = Vec<ActivityRow>> {
    prop::collection::vec(row(), 1..60)
}

fn ledger(rows: &[ActivityRow]) -> Ledger {
    let mut ledger = Ledger::new();
    for row in rows {
        ledger.add(row).expect("small rows fit");
    }
    ledger
}

fn report(ledger: &Ledger) -> Report {
    let window = window();
    build_report(
        &ledger.group_totals(window),
        &(
            ledger.pooled(window.last),
            ledger.pooled(window.last).revenue.as_f64(),
        ),
        &HashMap::<String, GroupFacts>::new(),
        &Rules::default(),
        window,
    )
}

/// Each group's (score, expected score), by name.
fn scores(report: &Report) -> HashMap<String, (Option<f64>, Option<f64>)> {
    report
        .groups
        .iter()
        .map(|group| {
            (
                group.name.to_lowercase(),
                (group.score, group.expected_score),
            )
        })
        .collect()
}

/// The same rows with one more in the report month for `group`, holding `extra`.
fn with_extra(rows: &[ActivityRow], group: usize, extra: Figures) -> Vec<ActivityRow> {
    let mut more = rows.to_vec();
    more.push(ActivityRow {
        date: chrono::NaiveDate::from_ymd_opt(2026, 10, 15).expect("day"),
        group: GROUPS[group].to_string(),
        figures: extra,
        covers: 1,
        source: String::new(),
        currencies: Default::default(),
        contact: String::new(),
        client: String::new(),
    });
    more
}

/// `compare(before, after)` for the group's score, where both have one, over a log the
/// report accepts: no group's money adds up to less than 0 over the window.
fn score_moves(
    rows: &[ActivityRow],
    group: usize,
    extra: Figures,
    compare: impl Fn(f64, f64) -> bool,
) -> Result<(), TestCaseError> {
    let accepted =
        |ledger: &Ledger| negative_sum(&ledger.group_totals(window()), window()).is_none();
    prop_assume!(accepted(&ledger(rows)) && accepted(&ledger(&with_extra(rows, group, extra))));
    let before = scores(&report(&ledger(rows)));
    let after = scores(&report(&ledger(&with_extra(rows, group, extra))));
    let name = GROUPS[group].to_lowercase();
    if let (Some((Some(before), _)), Some((Some(after), _))) = (before.get(&name), after.get(&name))
    {
        prop_assert!(compare(*before, *after), "{before} then {after}");
    }
    Ok(())
}

fn text(rows: &[ActivityRow], line_end: &str, bom: bool) -> String {
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    text.push_str(
        "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,covers,\
         contact,client,lost",
    );
    text.push_str(line_end);
    for row in rows {
        let f = &row.figures;
        // A refund's minus comes before the currency sign.
        let revenue = f.revenue.to_string();
        let revenue = match revenue.strip_prefix('-') {
            Some(size) => format!("-${size}"),
            None => format!("${revenue}"),
        };
        text.push_str(&format!(
            "{},{},{},{},{},{},{},\"{revenue}\",{},{},{},{},{},{}{line_end}",
            row.date,
            row.group,
            f.meetings,
            f.hours,
            f.cost,
            f.leads,
            f.deals,
            f.referrals_given,
            f.other_value,
            row.covers,
            row.contact,
            row.client,
            f.lost
        ));
    }
    text
}

fn read(text: &str) -> Ledger {
    let mut ledger = Ledger::new();
    read_log(text.as_bytes(), "generated", |row| ledger.add(row)).expect("valid log");
    ledger
}

proptest! {
    #[test]
    fn a_lead_or_revenue_never_lowers_a_score(
        rows in rows(),
        group in 0..GROUPS.len(),
        leads in 0..5u64,
        revenue in often_zero(5000),
    ) {
        let extra = Figures { leads, revenue, ..Figures::default() };
        score_moves(&rows, group, extra, |before, after| after >= before)?;
    }

    #[test]
    fn hours_or_cost_never_raise_a_score(
        rows in rows(),
        group in 0..GROUPS.len(),
        hours in often_zero(10),
        cost in often_zero(500),
    ) {
        let extra = Figures { hours, cost, ..Figures::default() };
        score_moves(&rows, group, extra, |before, after| after <= before)?;
    }

    #[test]
    fn row_order_and_file_splitting_never_change_the_report(
        rows in rows(),
        split in any::<prop::sample::Index>(),
        shuffle_seed in any::<u64>(),
    ) {
        // Only windows a report accepts (see the test of line ends below).
        prop_assume!(negative_sum(&ledger(&rows).group_totals(window()), window()).is_none());
        let whole = report(&ledger(&rows));

        let at = split.index(rows.len() + 1);
        let mut first = ledger(&rows[..at]);
        first.merge(ledger(&rows[at..])).expect("merge");
        prop_assert_eq!(&report(&first), &whole);

        // Reordered rows may change which spelling was seen first, never a figure.
        let mut shuffled = rows.clone();
        let mut state = shuffle_seed | 1;
        for index in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(index, (state % (index as u64 + 1)) as usize);
        }
        prop_assert_eq!(report(&ledger(&shuffled)), whole);
    }

    #[test]
    fn a_spread_never_changes_a_total_once_it_is_all_in(rows in rows()) {
        let whole_months: Vec<ActivityRow> =
            rows.iter().map(|row| ActivityRow { covers: 1, ..row.clone() }).collect();
        // Two years after the last row, every spread has ended.
        let after_all = Month::parse("2029-01").expect("month");
        let spread = ledger(&rows);
        prop_assert_eq!(spread.pooled(after_all), ledger(&whole_months).pooled(after_all));
        let whole = Window::ending(after_all, 120);
        let by_group = |ledger: &Ledger| -> HashMap<String, Figures> {
            ledger.group_totals(whole).into_iter().map(|t| (t.key, t.figures)).collect()
        };
        prop_assert_eq!(by_group(&spread), by_group(&ledger(&whole_months)));
    }

    #[test]
    fn line_ends_and_a_byte_order_mark_never_change_the_report(rows in rows()) {
        // Only windows a report accepts: one whose money adds up to less than 0 is refused,
        // and its score may be 0/0 (cost -3 and 0.03 h at 100/h), which no two reports can
        // be equal on.
        let whole = ledger(&rows);
        prop_assume!(negative_sum(&whole.group_totals(window()), window()).is_none());
        let lf = report(&read(&text(&rows, "\n", false)));
        prop_assert_eq!(&report(&read(&text(&rows, "\r\n", false))), &lf);
        prop_assert_eq!(&report(&read(&text(&rows, "\r\n", true))), &lf);
        prop_assert_eq!(&report(&read(&text(&rows, "\n", true))), &lf);
        prop_assert_eq!(report(&ledger(&rows)), lf);
    }

    #[test]
    fn case_and_spacing_of_group_names_never_change_totals(
        rows in rows(),
        styles in prop::collection::vec(0..4u8, 60),
    ) {
        let restyled: Vec<ActivityRow> = rows
            .iter()
            .zip(&styles)
            .map(|(row, style)| {
                let group = match style {
                    0 => row.group.to_uppercase(),
                    1 => row.group.to_lowercase(),
                    2 => format!("  {}  ", row.group.replace(' ', "   ")),
                    _ => row.group.clone(),
                };
                ActivityRow { group, ..row.clone() }
            })
            .collect();
        let text = text(&restyled, "\n", false);
        let totals = |report: &Report| -> HashMap<String, Figures> {
            report.groups.iter().map(|g| (g.name.to_lowercase(), g.figures)).collect()
        };
        prop_assert_eq!(totals(&report(&read(&text))), totals(&report(&ledger(&rows))));
    }
}
