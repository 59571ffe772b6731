//! The words the formats share: headings, the period, the membership line, and each
//! reason in plain words with its figures.

use super::money::{Currency, Money};
use crate::close_up::CloseUp;
use crate::model::{GroupReport, Reason, Report, Trend, score_shown};

/// "Report for 2026-10", or "Report for 2026-11 to date (2026-11-23)".
pub(super) fn report_heading(report: &Report) -> String {
    match report.to_date {
        Some(day) => format!("Report for {} to date ({day})", report.month),
        None => format!("Report for {}", report.month),
    }
}

/// "12 months, 2025-11 to 2026-10 · your time at $100/h"; with money converted from other
/// currencies, the rates it was converted at: "· your rates: 1 USD = 0.92 EUR".
pub(super) fn report_period(report: &Report, currency: &Currency) -> String {
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
pub(super) fn nothing_to_judge(report: &Report) -> String {
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
pub(super) fn trend_heading(trend: &Trend, currency: &Currency) -> Option<(String, String)> {
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
pub(super) fn membership_line(close_up: &CloseUp) -> String {
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
pub(super) fn judged_line(close_up: &CloseUp, money: Money) -> String {
    let Some(month) = close_up.months.last().map(|month| month.month) else {
        return String::new();
    };
    match &close_up.judged {
        Some(group) => format!(
            "Report for {month}: {}{}: {}{}",
            group.verdict.as_str(),
            group
                .score
                .map(|score| format!(
                    ", score {}{}",
                    money.decimal(score_shown(score), 2),
                    // The chance is the verdict's reason's, or too early to matter.
                    group.certainty.map_or_else(String::new, |sure| format!(
                        " (likely {} to {} in the long run)",
                        money.decimal(sure.low, 2),
                        money.decimal(sure.high, 2),
                    ))
                ))
                .unwrap_or_default(),
            reasons_text(group, money, close_up.stay_at),
            group
                .median_days_to_deal
                .map(|days| format!("; its leads became deals in a median {} days", days.round()))
                .unwrap_or_default()
        ),
        None => match close_up.facts.left {
            Some(left) if left < month => {
                format!("Not judged in {month}: left {left}")
            }
            _ => format!("Not judged in {month}: no row in the report's window"),
        },
    }
}

/// A chance in words: "a 77%", "an 80%", and never a certainty 1,000 draws cannot give.
fn percent_chance(chance: f64) -> String {
    match (chance * 100.0).round() {
        100.0.. => "over a 99%".to_string(),
        ..1.0 => "under a 1%".to_string(),
        // Said "eight", "eleven", "eighteen", "eighty-…": an.
        percent @ (8.0 | 11.0 | 18.0 | 80.0..90.0) => format!("an {percent}%"),
        percent => format!("a {percent}%"),
    }
}

/// What the verdict rests on: "a 77% chance it pays for your time in the long run".
fn long_run(chance: f64) -> String {
    format!(
        "{} chance it pays for your time in the long run",
        percent_chance(chance)
    )
}

/// `text` with its first letter a capital.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "A", "A and B", "A, B and C".
pub(super) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
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
    let shown = |score: f64| money.decimal(score_shown(score), 2);
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
        Reason::PaysYourRate {
            score,
            per_hour,
            chance,
        } => {
            let short = match score_shown(score) < stay_at {
                true => format!(", short of {} so far, but", money.decimal(stay_at, 2)),
                false => ";".to_string(),
            };
            format!(
                "returns {}× what it costs in money and time ({}/h after costs){short} {}",
                shown(score),
                money.whole(per_hour),
                long_run(chance)
            )
        }
        Reason::NotSureYet { chance, settled_by } => format!(
            "could go either way: {}; {}",
            long_run(chance),
            match settled_by {
                Some(month) => format!("at this pace you will know by {month}"),
                None => "more months at this pace would not settle it".to_string(),
            }
        ),
        Reason::LeadsOpen {
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
                "{}{lost} at {}{} each would bring it to {}×",
                plural(open_leads, "open lead", "open leads"),
                if estimated { "an estimated " } else { "" },
                money.whole(lead_value),
                shown(expected_score)
            )
        }
        Reason::BelowYourRate {
            score,
            per_hour,
            chance,
            ..
        } if per_hour < 0.0 => format!(
            "costs more money than it brings in ({}/h), before counting your time; returns {}× \
             what it costs; {}",
            money.whole(per_hour),
            shown(score),
            long_run(chance)
        ),
        Reason::BelowYourRate {
            score,
            chance,
            deals,
            ..
        } if score_shown(score) >= stay_at => format!(
            "returns {}× what it costs so far{}, but {}",
            shown(score),
            match deals {
                0 => String::new(),
                _ => format!(", on only {}", plural(deals, "deal", "deals")),
            },
            long_run(chance)
        ),
        Reason::BelowYourRate {
            score,
            per_hour,
            chance,
            ..
        } => {
            format!(
                "returns only {}× what it costs in money and time ({}/h after costs); {}",
                shown(score),
                money.whole(per_hour),
                long_run(chance)
            )
        }
        Reason::NoLeads {
            hours: spent,
            months,
            chance,
        } => {
            format!(
                "0 leads in {} over {}; {}",
                hours(spent, money),
                plural(u64::from(months), "month", "months"),
                long_run(chance)
            )
        }
        Reason::NoLeadSince { months } => format!(
            "no lead in the last {}{}",
            plural(months.unsigned_abs(), "month", "months"),
            ruled_out(months.unsigned_abs())
        ),
        Reason::NoLeadEver {
            months,
            member_for: None,
        } => format!(
            "no lead in {} of membership{}",
            plural(u64::from(months), "month", "months"),
            ruled_out(u64::from(months))
        ),
        Reason::NoLeadEver {
            months,
            member_for: Some(member_for),
        } => format!(
            "no lead in {} of logging (member for {member_for}){}",
            plural(u64::from(months), "month", "months"),
            ruled_out(u64::from(months))
        ),
        Reason::BigRoom {
            members,
            big_group,
            open: true,
        } => format!(
            "{members} members: hard to know anyone in an open room of {members} (more than \
             {big_group})"
        ),
        Reason::BigRoom {
            members,
            big_group,
            open: false,
        } => format!(
            "{members} members: hard to know anyone in a room of {members} (more than \
             {big_group}), unless the same members meet each time"
        ),
        Reason::GivesMoreThanGets { given, leads } => format!(
            "you gave {} and got {} back",
            plural(given, "referral", "referrals"),
            plural(leads, "lead", "leads")
        ),
        Reason::FewPartners {
            ref names,
            share,
            room,
            of_members,
            hours: spent,
        } => {
            let room = if of_members {
                format!("of its {room} members")
            } else {
                format!("of the {room} people you named in it")
            };
            format!(
                "{} {room} brought {}% of what it gave you: {}; one-to-ones with them could \
                 keep most of it for a fraction of {}",
                names.len(),
                // Down, so that a share just short of a whole percent never reads as it.
                (share * 100.0 + 1e-7).floor(),
                names.join(", "),
                hours(spent, money)
            )
        }
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
/// [`score_shown`]), and explained where they seem to disagree with it.
pub fn reasons_text(group: &GroupReport, money: Money, stay_at: f64) -> String {
    group
        .reasons
        .iter()
        .map(|reason| describe(reason, money, stay_at))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What no lead in `months` months rules out, at 95 percent: a group that brought λ leads
/// a month shows none in n months with probability e^(−λn), below 5 percent once λ passes
/// −ln(0.05)/n, about 3/n (the rule of three).
fn ruled_out(months: u64) -> String {
    if months == 0 {
        return String::new();
    }
    let a_year = 12.0 * -(0.05f64).ln() / months as f64;
    let shown = format!("{a_year:.1}");
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!(
        ": at 95%, it brings at most {shown} lead{} a year",
        if shown == "1" { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::{Money, Reason, describe, percent_chance, ruled_out};
    use crate::period::Month;
    use crate::render::Currency;

    fn said(reason: Reason) -> String {
        describe(&reason, Money::ForPeople(&Currency::english("$")), 1.0)
    }

    #[test]
    fn a_score_on_the_other_side_of_stay_at_from_its_verdict_is_explained() {
        let stay = Reason::PaysYourRate {
            score: 0.95,
            per_hour: -5.0,
            chance: 0.85,
        };
        assert_eq!(
            said(stay),
            "returns 0.95× what it costs in money and time (-$5/h after costs), short of \
             1.00 so far, but an 85% chance it pays for your time in the long run"
        );
        let stay = Reason::PaysYourRate {
            score: 1.86,
            per_hour: 196.0,
            chance: 0.89,
        };
        assert_eq!(
            said(stay),
            "returns 1.86× what it costs in money and time ($196/h after costs); an 89% \
             chance it pays for your time in the long run"
        );
        let leave = |score, deals| Reason::BelowYourRate {
            score,
            per_hour: 5.0,
            chance: 0.07,
            deals,
        };
        assert_eq!(
            said(leave(1.05, 1)),
            "returns 1.05× what it costs so far, on only 1 deal, but a 7% chance it pays \
             for your time in the long run"
        );
        assert_eq!(
            said(leave(1.0, 0)),
            "returns 1.00× what it costs so far, but a 7% chance it pays for your time in \
             the long run"
        );
        assert_eq!(
            said(leave(0.6, 3)),
            "returns only 0.60× what it costs in money and time ($5/h after costs); a 7% \
             chance it pays for your time in the long run"
        );
    }

    #[test]
    fn not_sure_yet_says_when_the_window_would_settle_it_or_that_it_would_not() {
        let month = Month::parse("2027-03").ok();
        assert_eq!(
            said(Reason::NotSureYet {
                chance: 0.55,
                settled_by: month
            }),
            "could go either way: a 55% chance it pays for your time in the long run; at \
             this pace you will know by 2027-03"
        );
        assert_eq!(
            said(Reason::NotSureYet {
                chance: 0.55,
                settled_by: None
            }),
            "could go either way: a 55% chance it pays for your time in the long run; more \
             months at this pace would not settle it"
        );
    }

    #[test]
    fn a_chance_is_never_said_as_a_certainty() {
        assert_eq!(percent_chance(0.77), "a 77%");
        assert_eq!(percent_chance(0.996), "over a 99%");
        assert_eq!(percent_chance(1.0), "over a 99%");
        assert_eq!(percent_chance(0.004), "under a 1%");
        assert_eq!(percent_chance(0.005), "a 1%");
        assert_eq!(percent_chance(0.8), "an 80%");
        assert_eq!(percent_chance(0.894), "an 89%");
        assert_eq!(percent_chance(0.18), "an 18%");
        assert_eq!(percent_chance(0.9), "a 90%");
    }

    #[test]
    fn no_lead_in_n_months_rules_out_about_36_over_n_leads_a_year() {
        assert_eq!(
            ruled_out(24),
            ": at 95%, it brings at most 1.5 leads a year"
        );
        assert_eq!(ruled_out(12), ": at 95%, it brings at most 3 leads a year");
        assert_eq!(ruled_out(36), ": at 95%, it brings at most 1 lead a year");
        // 12·ln(20) ≈ 35.95, a little under 36: the exact bound, not the rule of thumb.
        assert_eq!(
            ruled_out(1),
            ": at 95%, it brings at most 35.9 leads a year"
        );
        assert_eq!(ruled_out(0), "");
    }
}
