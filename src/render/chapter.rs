//! The words and person-read cells of `netaudit chapter`, shared by the table, Markdown
//! and HTML: nothing here computes a figure, it only rounds and words the model's. Names
//! come from files anyone may have written, so control and bidi characters in them are
//! shown escaped.

use super::{Currency, decimal2, join_names};
use crate::chapter::{ChapterReport, Member, Room, attendance_percent};
use crate::messages::escape;

/// The members table's columns for a person; `true` where BNI's Traffic Lights score.
pub const MEMBER_COLUMNS: [(&str, bool); 13] = [
    ("Member", false),
    ("Weeks", true),
    ("Attendance", true),
    ("Given", true),
    ("Visitors", true),
    ("1-2-1s", true),
    ("CEUs", true),
    ("BNI points", true),
    ("Received", false),
    ("Per week", false),
    ("Give/take", false),
    ("Weeks since", false),
    ("Thanked for", false),
];

/// The index of the "BNI points" column, which the table and the page colour.
pub const POINTS_COLUMN: usize = 7;

/// A member's row for a person, in the order of [`MEMBER_COLUMNS`].
pub fn member_cells(member: &Member, currency: &Currency) -> Vec<String> {
    let tally = &member.tally;
    let maybe = |value: Option<f64>| value.map_or_else(|| "-".to_string(), decimal2);
    vec![
        escape(&member.name).into_owned(),
        tally.weeks().to_string(),
        attendance_percent(tally).map_or_else(|| "-".to_string(), |pct| format!("{pct}%")),
        tally.given().to_string(),
        tally.visitors.to_string(),
        tally.one_to_ones.to_string(),
        tally.ceus.to_string(),
        format!("{} {}", member.lights.points, member.lights.colour.as_str()),
        tally.received().to_string(),
        maybe(member.received_per_week),
        maybe(member.give_take),
        member
            .weeks_since_referral
            .map_or_else(|| "-".to_string(), |weeks| weeks.to_string()),
        currency.whole(tally.closed_business.as_f64()),
    ]
}

/// "Sample Chapter · 2026-04-01 to 2026-09-30, 2 summaries".
pub fn heading(report: &ChapterReport) -> String {
    let name = escape(report.chapter.as_deref().unwrap_or("Chapter"));
    let summaries = match report.periods {
        1 => String::new(),
        count => format!(", {count} summaries"),
    };
    format!("{name} · {} to {}{summaries}", report.from, report.to)
}

/// What the table says the two halves of a member's row are.
pub const COLUMNS_NOTE: &str = "Weeks to BNI points: BNI's Traffic Lights, which score \
    activity (attendance, referrals given, visitors, one-to-ones, CEUs). Received onwards: \
    what the room gave each member (referrals received, per week that counts, given for \
    each received, weeks since the last referral the slips date, the business they were \
    thanked for).";

/// "6 months", or "9 days" for a period under four weeks.
fn period_words(room: &Room) -> String {
    let (count, unit) = if room.days >= 28 {
        (room.months.round() as i64, "month")
    } else {
        (room.days, "day")
    };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

/// "2.3 a month", the room's output; over a period under four weeks, which a month's
/// rate would overstate, "4.9 in 1 day".
fn member_rate(room: &Room) -> Option<(String, String)> {
    let (per_month, per_member) = (room.per_member_month?, room.per_member?);
    Some(if room.days >= 28 {
        (format!("{per_month:.1}"), "a month".to_string())
    } else {
        (
            format!("{per_member:.1}"),
            format!("in {}", period_words(room)),
        )
    })
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The warning for each member who received no referral in the period.
pub fn warnings(report: &ChapterReport) -> Vec<String> {
    (report.members.iter())
        .filter(|member| member.tally.received() == 0)
        .map(|member| match member.tally.weeks() {
            0 => format!(
                "{} received no referral in the period",
                escape(&member.name)
            ),
            weeks => format!(
                "{} received no referral in {}",
                escape(&member.name).into_owned(),
                plural(weeks as usize, "week", "weeks")
            ),
        })
        .collect()
}

/// The room's figures as (label, words) lines.
pub fn room_lines(report: &ChapterReport, currency: &Currency) -> Vec<(&'static str, String)> {
    let room = &report.room;
    let size = if room.members as u64 > room.big_group {
        "above"
    } else {
        "within"
    };
    let mut lines = vec![
        (
            "Members",
            format!("{}, {size} big_group ({})", room.members, room.big_group),
        ),
        (
            "Referrals received",
            match member_rate(room) {
                Some((rate, span)) => format!("{}, {rate} a member {span}", room.received),
                None => room.received.to_string(),
            },
        ),
        (
            "Received at least one",
            match room.members {
                0 => "-".to_string(),
                members => format!(
                    "{} of {members} ({})",
                    room.received_any,
                    percent(room.received_any as f64 / members as f64)
                ),
            },
        ),
        (
            "Received none",
            if room.received_none.is_empty() {
                "nobody".to_string()
            } else {
                join_names(
                    &(room.received_none.iter())
                        .map(|name| escape(name).into_owned())
                        .collect::<Vec<_>>(),
                )
            },
        ),
    ];
    if let Some(share) = room.top_fifth_share {
        lines.push((
            "The top fifth",
            format!(
                "{} received {} of the referrals",
                plural(room.top_fifth, "member", "members"),
                percent(share)
            ),
        ));
    }
    if let Some(gini) = room.gini {
        lines.push((
            "Gini of referrals",
            format!("{gini:.2} (0 when every member receives alike, near 1 when one receives all)"),
        ));
    }
    lines.push(("Referrals given", room.given.to_string()));
    lines.push(("Thanked for", currency.whole(room.closed_business.as_f64())));
    lines.push((
        "BNI's Traffic Lights",
        (room.colours.iter())
            .map(|(colour, count)| format!("{count} {}", colour.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    if let Some(reach) = room.reach {
        lines.push((
            "Slips",
            format!(
                "{}: referrals {} inside the chapter, {} outside",
                reach.slips, reach.referrals_inside, reach.referrals_outside
            ),
        ));
        lines.push((
            "Pairs who connected",
            format!(
                "{} of {} pairs of members exchanged a referral or a one-to-one ({} missing \
                 connections)",
                reach.connected_pairs,
                reach.pairs,
                reach.pairs - reach.connected_pairs.min(reach.pairs)
            ),
        ));
    }
    lines
}

/// What a member can expect of this room, in one sentence.
pub fn verdict(report: &ChapterReport) -> String {
    let room = &report.room;
    let period = period_words(room);
    if room.members == 0 {
        return "The summaries name no member.".to_string();
    }
    let (Some((rate, span)), Some(share)) = (member_rate(room), room.top_fifth_share) else {
        return format!("No member here received a referral in {period}.");
    };
    let none = match room.received_none.len() {
        0 => format!("every member received at least one in {period}"),
        count => format!("{count} of {} received none in {period}", room.members),
    };
    format!(
        "A member here received {rate} referrals {span} on average; {none}; {} of referrals \
         went to {}.",
        percent(share),
        plural(room.top_fifth, "member", "members")
    )
}
