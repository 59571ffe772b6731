//! A chapter judged two ways (pure: no I/O): by BNI's Traffic Lights, which score a
//! member's activity, and by what the room gave each member: referrals received, the
//! business they were thanked for, and how widely the room's referrals are spread.

use crate::figures::Amount;
use crate::names::{group_key, member_name};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One member's line of a chapter summary: the meetings by how they were spent, and what
/// the member did in them. Several periods' lines of one member add up.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MemberCounts {
    pub present: u64,
    pub absent: u64,
    pub late: u64,
    pub medical: u64,
    pub substitute: u64,
    pub given_inside: u64,
    pub given_outside: u64,
    pub received_inside: u64,
    pub received_outside: u64,
    pub visitors: u64,
    pub one_to_ones: u64,
    pub ceus: u64,
    /// The business the member was thanked for (TYFCB).
    pub closed_business: Amount,
}

impl MemberCounts {
    fn add(&mut self, other: &MemberCounts) {
        for (mine, theirs) in [
            (&mut self.present, other.present),
            (&mut self.absent, other.absent),
            (&mut self.late, other.late),
            (&mut self.medical, other.medical),
            (&mut self.substitute, other.substitute),
            (&mut self.given_inside, other.given_inside),
            (&mut self.given_outside, other.given_outside),
            (&mut self.received_inside, other.received_inside),
            (&mut self.received_outside, other.received_outside),
            (&mut self.visitors, other.visitors),
            (&mut self.one_to_ones, other.one_to_ones),
            (&mut self.ceus, other.ceus),
        ] {
            *mine = mine.saturating_add(theirs);
        }
        self.closed_business = self.closed_business + other.closed_business;
    }

    /// W: the meetings of the period, however spent.
    pub fn weeks(&self) -> u64 {
        self.present + self.absent + self.late + self.medical + self.substitute
    }

    /// D: the meetings that count, W less those away on medical leave.
    pub fn counted_weeks(&self) -> u64 {
        self.weeks() - self.medical
    }

    pub fn given(&self) -> u64 {
        self.given_inside + self.given_outside
    }

    pub fn received(&self) -> u64 {
        self.received_inside + self.received_outside
    }
}

/// One member's line of one summary.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberLine {
    pub name: String,
    pub tally: MemberCounts,
}

/// One chapter summary: a period and a line per member.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Where it was read from, for messages.
    pub file: String,
    pub chapter: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub members: Vec<MemberLine>,
}

impl Summary {
    /// The last day the summary covers: its `to`, or for a chapter's weekly export, which
    /// is of one meeting (`From:` and `To:` both its day), the week from that meeting, so
    /// that exports a week apart follow one another.
    pub fn through(&self) -> NaiveDate {
        if self.from == self.to {
            self.to + chrono::Days::new(6)
        } else {
            self.to
        }
    }
}

/// A rule's steps: the points for a value at or above each threshold, the highest
/// threshold first; below them all, 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Steps(pub Vec<(f64, u32)>);

impl Steps {
    pub fn points(&self, value: f64) -> u32 {
        (self.0.iter())
            .find(|(threshold, _)| value >= *threshold)
            .map_or(0, |(_, points)| *points)
    }

    fn per_week() -> Steps {
        Steps(vec![(1.0, 20), (0.75, 15), (0.5, 10), (0.25, 5)])
    }
}

/// BNI's Traffic Lights as its US regional report scores them; regions vary, so every
/// step and colour line can be set (`[chapter.traffic_lights]`).
#[derive(Clone, Debug, PartialEq)]
pub struct LightsRules {
    /// On the attendance share, (P + (L + S) / 2) / D.
    pub attendance: Steps,
    /// On referrals given per week, (RGI + RGO) / D.
    pub referrals: Steps,
    /// On visitors brought per week, V / D.
    pub visitors: Steps,
    pub one_to_ones: Steps,
    pub ceus: Steps,
    /// The least points for each colour.
    pub green: u32,
    pub amber: u32,
    pub red: u32,
}

impl Default for LightsRules {
    fn default() -> LightsRules {
        LightsRules {
            attendance: Steps(vec![(0.95, 20), (0.85, 15), (0.75, 10)]),
            referrals: Steps::per_week(),
            visitors: Steps(vec![
                (6.0 / 26.0, 20),
                (4.5 / 26.0, 15),
                (3.0 / 26.0, 10),
                (1.5 / 26.0, 5),
            ]),
            one_to_ones: Steps::per_week(),
            ceus: Steps::per_week(),
            green: 70,
            amber: 50,
            red: 30,
        }
    }
}

/// A Traffic Lights colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Colour {
    Green,
    Amber,
    Red,
    Grey,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Green, Colour::Amber, Colour::Red, Colour::Grey];

    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
            Colour::Grey => "grey",
        }
    }
}

/// A member's Traffic Lights: the points of each part, their sum and its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lights {
    pub attendance: u32,
    pub referrals: u32,
    pub visitors: u32,
    pub one_to_ones: u32,
    pub ceus: u32,
    pub points: u32,
    pub colour: Colour,
}

impl LightsRules {
    /// The Traffic Lights of `tally`. A member with no meeting that counts (every week
    /// on medical leave) has no rate, and so no points.
    pub fn score(&self, tally: &MemberCounts) -> Lights {
        let counted = tally.counted_weeks();
        let per_week = |count: u64, steps: &Steps| {
            if counted == 0 {
                0
            } else {
                steps.points(count as f64 / counted as f64)
            }
        };
        let attendance = attendance_share(tally).map_or(0, |share| self.attendance.points(share));
        let referrals = per_week(tally.given(), &self.referrals);
        let visitors = per_week(tally.visitors, &self.visitors);
        let one_to_ones = per_week(tally.one_to_ones, &self.one_to_ones);
        let ceus = per_week(tally.ceus, &self.ceus);
        let points = attendance + referrals + visitors + one_to_ones + ceus;
        let colour = if points >= self.green {
            Colour::Green
        } else if points >= self.amber {
            Colour::Amber
        } else if points >= self.red {
            Colour::Red
        } else {
            Colour::Grey
        };
        Lights {
            attendance,
            referrals,
            visitors,
            one_to_ones,
            ceus,
            points,
            colour,
        }
    }
}

/// (P + (L + S) / 2) / D, unrounded; none when no meeting counts.
pub fn attendance_share(tally: &MemberCounts) -> Option<f64> {
    let counted = tally.counted_weeks();
    (counted > 0).then(|| twice_attended(tally) as f64 / (2 * counted) as f64)
}

/// The attendance share as a whole percent, rounded half up, computed in whole numbers
/// so that 84.5% is 85% however it falls in binary.
pub fn attendance_percent(tally: &MemberCounts) -> Option<u64> {
    let counted = tally.counted_weeks();
    (counted > 0).then(|| (100 * twice_attended(tally) + counted) / (2 * counted))
}

/// 2P + L + S: meetings attended, a late arrival or a substitute counting half.
fn twice_attended(tally: &MemberCounts) -> u64 {
    2 * tally.present + tally.late + tally.substitute
}

/// One referral, one-to-one or other slip, as a Slips Audit Report or a slips CSV has it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slip<'a> {
    pub date: Option<NaiveDate>,
    pub from: &'a str,
    pub to: &'a str,
    pub kind: SlipKind,
    /// A referral given inside the chapter (Tier 1) or outside it (Tier 2), where the
    /// slip says; else it is inside when both its members are the chapter's.
    pub inside: Option<bool>,
    /// How many slips the line stands for (a `Count` column), 1 without one.
    pub count: u64,
    /// A TYFCB slip's amount; 0 for other slips, or without an amount column.
    pub amount: crate::figures::Amount,
    /// The report's `Detail`: the other member's chapter when outside it; empty for none.
    pub detail: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlipKind {
    Referral,
    OneToOne,
    ThankYou,
    Ceu,
    Visitor,
}

impl SlipKind {
    /// The kind a slip's type names: BNI's words, or the slips CSV's.
    pub fn from_name(name: &str) -> Option<SlipKind> {
        let key: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "referral" | "referrals" => Some(SlipKind::Referral),
            "onetoone" | "121" | "onetoones" => Some(SlipKind::OneToOne),
            "tyfcb" | "closedbusiness" | "thankyouforclosedbusiness" => Some(SlipKind::ThankYou),
            "ceu" | "ceus" => Some(SlipKind::Ceu),
            "visitor" | "visitors" => Some(SlipKind::Visitor),
            _ => None,
        }
    }
}

/// The most distinct member pairs' codes held before they are sorted and deduplicated.
const PAIRS_HELD: usize = 1 << 20;

/// Who gave whom referrals and met whom one to one, from the slips, added one at a
/// time so that a region's slips need not be held: a member's last referral received,
/// and each pair of members who ever exchanged a referral or a one-to-one.
pub struct Connections {
    members: HashMap<String, u32>,
    /// A slip's name as written, to its member; names repeat slip after slip.
    seen: HashMap<String, Option<u32>>,
    last_received: Vec<Option<NaiveDate>>,
    /// Each pair as `low << 32 | high`; sorted and deduplicated up to `sorted`.
    pairs: Vec<u64>,
    sorted: usize,
    pub slips: u64,
    pub referrals_inside: u64,
    pub referrals_outside: u64,
}

/// The most slip names remembered; past it, a name is looked up afresh each time.
const NAMES_HELD: usize = 100_000;

impl Connections {
    /// For the members named, in the order of [`ChapterReport::members`].
    pub fn new(members: &[String]) -> Connections {
        Connections {
            members: (members.iter().enumerate())
                .map(|(index, name)| (group_key(name), index as u32))
                .collect(),
            seen: HashMap::new(),
            last_received: vec![None; members.len()],
            pairs: Vec::new(),
            sorted: 0,
            slips: 0,
            referrals_inside: 0,
            referrals_outside: 0,
        }
    }

    fn member(&mut self, name: &str) -> Option<u32> {
        if let Some(found) = self.seen.get(name) {
            return *found;
        }
        let found = self.members.get(&group_key(&member_name(name))).copied();
        if self.seen.len() < NAMES_HELD {
            self.seen.insert(name.to_string(), found);
        }
        found
    }

    pub fn add(&mut self, slip: &Slip<'_>) {
        self.slips = self.slips.saturating_add(slip.count);
        if !matches!(slip.kind, SlipKind::Referral | SlipKind::OneToOne) || slip.count == 0 {
            return;
        }
        let from = self.member(slip.from);
        let to = self.member(slip.to);
        if slip.kind == SlipKind::Referral {
            let tally = match slip.inside.unwrap_or(from.is_some() && to.is_some()) {
                true => &mut self.referrals_inside,
                false => &mut self.referrals_outside,
            };
            *tally = tally.saturating_add(slip.count);
        }
        if let (SlipKind::Referral, Some(to), Some(date)) = (slip.kind, to, slip.date) {
            let last = &mut self.last_received[to as usize];
            *last = (*last).max(Some(date));
        }
        if let (Some(from), Some(to)) = (from, to)
            && from != to
        {
            let (low, high) = (from.min(to), from.max(to));
            self.pairs.push(u64::from(low) << 32 | u64::from(high));
            if self.pairs.len() >= self.sorted.max(PAIRS_HELD) * 2 {
                self.settle();
            }
        }
    }

    fn settle(&mut self) {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        self.sorted = self.pairs.len();
    }

    /// How many pairs of members exchanged a referral or a one-to-one.
    fn connected(&mut self) -> u64 {
        self.settle();
        self.pairs.len() as u64
    }
}

/// A member as the chapter report shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub name: String,
    pub tally: MemberCounts,
    pub lights: Lights,
    /// Referrals received per week that counts.
    pub received_per_week: Option<f64>,
    /// Referrals given for each received; none when none was received.
    pub give_take: Option<f64>,
    /// Whole weeks from the last referral the slips date to the period's end; none
    /// without dated slips, or when the slips date none to the member.
    pub weeks_since_referral: Option<u64>,
}

/// What the slips say of the room.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reach {
    pub slips: u64,
    /// Referral slips inside the chapter and outside it.
    pub referrals_inside: u64,
    pub referrals_outside: u64,
    /// Pairs of members who exchanged a referral or a one-to-one, and all pairs.
    pub connected_pairs: u64,
    pub pairs: u64,
}

/// The room: what it gave its members, and how evenly.
#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    pub members: usize,
    pub big_group: u64,
    /// The period's length in months (days / 30.44).
    pub months: f64,
    pub days: i64,
    pub received: u64,
    pub given: u64,
    pub closed_business: Amount,
    /// Referrals received per member over the period, and per month: the room's output
    /// (a period under four weeks is told by the first, which a month's rate overstates).
    pub per_member: Option<f64>,
    pub per_member_month: Option<f64>,
    /// The members who received at least one referral.
    pub received_any: usize,
    /// The members who received none, by name.
    pub received_none: Vec<String>,
    /// The top fifth of members by referrals received (rounded up), and their share.
    pub top_fifth: usize,
    pub top_fifth_share: Option<f64>,
    /// The Gini coefficient of referrals received: 0 spread evenly, towards 1 all to one.
    pub gini: Option<f64>,
    pub colours: [(Colour, usize); 4],
    pub reach: Option<Reach>,
}

/// A chapter's report: each member both ways, and the room.
#[derive(Clone, Debug, PartialEq)]
pub struct ChapterReport {
    pub chapter: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub periods: usize,
    pub members: Vec<Member>,
    pub room: Room,
}

/// Two summaries' periods that do not follow one another.
#[derive(Clone, Debug, PartialEq)]
pub enum PeriodProblem {
    Overlap { first: usize, second: usize },
    Gap { first: usize, second: usize },
}

/// The members of `summaries` (sorted by period, which must follow one another: each
/// begins by the day after the one before it ends, see [`Summary::through`], and after
/// its last meeting), each with their lines added up, in the order they first appear.
pub fn members(summaries: &[Summary]) -> Result<Vec<MemberLine>, PeriodProblem> {
    for (index, pair) in summaries.windows(2).enumerate() {
        let (first, second) = (index, index + 1);
        if pair[1].from <= pair[0].to {
            return Err(PeriodProblem::Overlap { first, second });
        }
        if pair[0].through().succ_opt() < Some(pair[1].from) {
            return Err(PeriodProblem::Gap { first, second });
        }
    }
    let mut lines: Vec<MemberLine> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for line in summaries.iter().flat_map(|summary| &summary.members) {
        match at.get(&group_key(&line.name)) {
            Some(&index) => {
                lines[index].tally.add(&line.tally);
                // The latest summary's spelling.
                lines[index].name.clone_from(&line.name);
            }
            None => {
                at.insert(group_key(&line.name), lines.len());
                lines.push(line.clone());
            }
        }
    }
    Ok(lines)
}

/// The chapter's report over the period `from`..=`to` of `lines` (see [`members`]).
pub fn report(
    chapter: Option<String>,
    (from, to): (NaiveDate, NaiveDate),
    periods: usize,
    lines: Vec<MemberLine>,
    connections: Option<Connections>,
    rules: &LightsRules,
    big_group: u64,
) -> ChapterReport {
    let mut connections = connections;
    let members: Vec<Member> = (lines.into_iter().enumerate())
        .map(|(index, line)| {
            let tally = line.tally;
            let counted = tally.counted_weeks();
            let received = tally.received();
            let weeks_since_referral = (connections.as_ref())
                .and_then(|connections| connections.last_received[index])
                .map(|last| (to - last).num_days().max(0) as u64 / 7);
            Member {
                lights: rules.score(&tally),
                received_per_week: (counted > 0).then(|| received as f64 / counted as f64),
                give_take: (received > 0).then(|| tally.given() as f64 / received as f64),
                weeks_since_referral,
                name: line.name,
                tally,
            }
        })
        .collect();
    let days = (to - from).num_days() + 1;
    let months = days as f64 / (365.2425 / 12.0);
    let sum =
        |count: fn(&MemberCounts) -> u64| members.iter().map(|m| count(&m.tally)).sum::<u64>();
    let received = sum(MemberCounts::received);
    let mut counts: Vec<u64> = members.iter().map(|m| m.tally.received()).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top_fifth = members.len().div_ceil(5);
    let reach = connections.as_mut().map(|connections| {
        let n = members.len() as u64;
        Reach {
            slips: connections.slips,
            referrals_inside: connections.referrals_inside,
            referrals_outside: connections.referrals_outside,
            connected_pairs: connections.connected(),
            pairs: n * n.saturating_sub(1) / 2,
        }
    });
    let room = Room {
        members: members.len(),
        big_group,
        months,
        days,
        received,
        given: sum(MemberCounts::given),
        closed_business: (members.iter()).fold(Amount::default(), |total, member| {
            total + member.tally.closed_business
        }),
        per_member: (!members.is_empty()).then(|| received as f64 / members.len() as f64),
        per_member_month: (!members.is_empty())
            .then(|| received as f64 / members.len() as f64 / months),
        received_any: counts.iter().filter(|&&count| count > 0).count(),
        received_none: (members.iter())
            .filter(|member| member.tally.received() == 0)
            .map(|member| member.name.clone())
            .collect(),
        top_fifth,
        top_fifth_share: (received > 0)
            .then(|| counts[..top_fifth].iter().sum::<u64>() as f64 / received as f64),
        gini: gini(&counts),
        colours: Colour::ALL.map(|colour| {
            let count = (members.iter())
                .filter(|member| member.lights.colour == colour)
                .count();
            (colour, count)
        }),
        reach,
    };
    ChapterReport {
        chapter,
        from,
        to,
        periods,
        members,
        room,
    }
}

/// The Gini coefficient of `counts` sorted highest first: the mean difference between
/// every two members over twice the mean. None when there is nothing to share.
fn gini(counts: &[u64]) -> Option<f64> {
    let n = counts.len() as f64;
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    // Sorted lowest first, G = 2 Σ i·x_i / (n Σ x) − (n + 1) / n, with i from 1.
    let weighted: f64 = (counts.iter().rev().enumerate())
        .map(|(index, &count)| (index + 1) as f64 * count as f64)
        .sum();
    Some(2.0 * weighted / (n * total as f64) - (n + 1.0) / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(present: u64, late: u64, substitute: u64, absent: u64, medical: u64) -> MemberCounts {
        MemberCounts {
            present,
            late,
            substitute,
            absent,
            medical,
            ..MemberCounts::default()
        }
    }

    #[test]
    fn attendance_scores_the_unrounded_share_and_shows_it_rounded_half_up() {
        // P 18, L 0, S 3, A 2 over 23 weeks: 19.5 / 23 = 84.78%, shown 85%, scored 10.
        let member = tally(18, 0, 3, 2, 0);
        assert_eq!(member.weeks(), 23);
        assert!((attendance_share(&member).unwrap() - 0.847_826).abs() < 1e-6);
        assert_eq!(attendance_percent(&member), Some(85));
        assert_eq!(LightsRules::default().score(&member).attendance, 10);
        // Exactly half a percent rounds up: 169 / 200 = 84.5%.
        let half = tally(169, 0, 0, 31, 0);
        assert_eq!(attendance_percent(&half), Some(85));
        assert_eq!(attendance_percent(&tally(168, 1, 0, 31, 0)), Some(84));
    }

    #[test]
    fn attendance_points_at_each_threshold() {
        let rules = LightsRules::default();
        let points = |present, absent| rules.score(&tally(present, 0, 0, absent, 0)).attendance;
        assert_eq!(points(19, 1), 20); // 95%
        assert_eq!(points(189, 11), 15); // 94.5%
        assert_eq!(points(17, 3), 15); // 85%
        assert_eq!(points(169, 31), 10); // 84.5%
        assert_eq!(points(15, 5), 10); // 75%
        assert_eq!(points(149, 51), 0); // 74.5%
        // Medical weeks do not count; late and substitute count half.
        assert_eq!(rules.score(&tally(19, 0, 0, 1, 6)).attendance, 20);
        assert_eq!(rules.score(&tally(18, 1, 1, 0, 0)).attendance, 20);
        assert_eq!(rules.score(&tally(0, 0, 0, 0, 4)).attendance, 0);
        assert_eq!(attendance_share(&tally(0, 0, 0, 0, 4)), None);
    }

    #[test]
    fn per_week_rates_score_at_each_threshold() {
        let rules = LightsRules::default();
        // 20 weeks that count (4 medical do not).
        let with = |count: u64| MemberCounts {
            given_inside: count / 2,
            given_outside: count - count / 2,
            one_to_ones: count,
            ceus: count,
            ..tally(20, 0, 0, 0, 4)
        };
        for (count, points) in [
            (20, 20),
            (19, 15),
            (15, 15),
            (14, 10),
            (10, 10),
            (9, 5),
            (5, 5),
            (4, 0),
        ] {
            let lights = rules.score(&with(count));
            assert_eq!(
                (lights.referrals, lights.one_to_ones, lights.ceus),
                (points, points, points),
                "{count} in 20 weeks"
            );
        }
    }

    #[test]
    fn visitors_score_per_26_weeks() {
        let rules = LightsRules::default();
        let points = |visitors, weeks| {
            let member = MemberCounts {
                visitors,
                ..tally(weeks, 0, 0, 0, 0)
            };
            rules.score(&member).visitors
        };
        assert_eq!(points(6, 26), 20);
        assert_eq!(points(12, 52), 20);
        assert_eq!(points(5, 26), 15);
        assert_eq!(points(9, 52), 15); // 4.5 per 26
        assert_eq!(points(8, 52), 10);
        assert_eq!(points(3, 26), 10);
        assert_eq!(points(2, 26), 5);
        assert_eq!(points(3, 52), 5); // 1.5 per 26
        assert_eq!(points(1, 26), 0);
    }

    #[test]
    fn colours_at_their_lines() {
        let rules = LightsRules::default();
        // Full attendance is 20; each of referrals, one-to-ones and CEUs adds 0 to 20.
        let scored = |referrals, one_to_ones, ceus| {
            let member = MemberCounts {
                given_inside: referrals,
                one_to_ones,
                ceus,
                ..tally(20, 0, 0, 0, 0)
            };
            let lights = rules.score(&member);
            (lights.points, lights.colour)
        };
        assert_eq!(scored(20, 20, 10), (70, Colour::Green));
        assert_eq!(scored(20, 20, 5), (65, Colour::Amber));
        assert_eq!(scored(20, 10, 0), (50, Colour::Amber));
        assert_eq!(scored(20, 5, 0), (45, Colour::Red));
        assert_eq!(scored(10, 0, 0), (30, Colour::Red));
        assert_eq!(scored(5, 0, 0), (25, Colour::Grey));
        assert_eq!(rules.score(&MemberCounts::default()).colour, Colour::Grey);
    }

    fn line(name: &str, received: u64) -> MemberLine {
        MemberLine {
            name: name.to_string(),
            tally: MemberCounts {
                received_inside: received,
                ..tally(26, 0, 0, 0, 0)
            },
        }
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_room_says_how_its_referrals_are_shared() {
        let lines: Vec<MemberLine> = [10, 0, 5, 0, 3, 2, 0, 1, 1, 0]
            .iter()
            .enumerate()
            .map(|(index, &received)| line(&format!("M{index}"), received))
            .collect();
        let report = report(
            None,
            (day("2026-01-01"), day("2026-06-30")),
            1,
            lines,
            None,
            &LightsRules::default(),
            24,
        );
        let room = &report.room;
        assert_eq!(room.received, 22);
        assert_eq!(room.received_any, 6);
        assert_eq!(room.received_none, ["M1", "M3", "M6", "M9"]);
        assert_eq!(room.top_fifth, 2);
        assert!((room.top_fifth_share.unwrap() - 15.0 / 22.0).abs() < 1e-12);
        // 181 days are 5.95 months.
        assert!((room.per_member_month.unwrap() - 2.2 / (181.0 / 30.436_875)).abs() < 1e-9);
        // Every difference |x_i - x_j| over all ordered pairs, over 2 n² mean.
        let counts = [10.0, 0.0, 5.0, 0.0, 3.0, 2.0, 0.0, 1.0, 1.0, 0.0];
        let differences: f64 = counts
            .iter()
            .flat_map(|a| counts.iter().map(move |b| f64::abs(a - b)))
            .sum();
        let expected = differences / (2.0 * 100.0 * 2.2);
        assert!((room.gini.unwrap() - expected).abs() < 1e-12);
        assert_eq!(gini(&[3, 3, 3]), Some(0.0));
        assert_eq!(gini(&[0, 0]), None);
    }

    #[test]
    fn summaries_must_follow_one_another() {
        let summary = |from: &str, to: &str| Summary {
            file: String::new(),
            chapter: None,
            from: day(from),
            to: day(to),
            members: vec![line("Dana Reyes", 2)],
        };
        let lines = members(&[
            summary("2026-01-01", "2026-03-31"),
            summary("2026-04-01", "2026-06-30"),
        ])
        .unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].tally.received(), 4);
        assert_eq!(lines[0].tally.weeks(), 52);
        assert_eq!(
            members(&[
                summary("2026-01-01", "2026-03-31"),
                summary("2026-03-31", "2026-06-30")
            ]),
            Err(PeriodProblem::Overlap {
                first: 0,
                second: 1
            })
        );
        assert_eq!(
            members(&[
                summary("2026-01-01", "2026-03-30"),
                summary("2026-04-01", "2026-06-30")
            ]),
            Err(PeriodProblem::Gap {
                first: 0,
                second: 1
            })
        );
    }

    #[test]
    fn slips_give_the_last_referral_and_the_pairs_who_met() {
        let names: Vec<String> = ["Ann Lee", "Ben Holt", "Cy Dunn", "Di Ray"]
            .map(String::from)
            .to_vec();
        let mut connections = Connections::new(&names);
        let slip = |date: &str, from, to, kind| Slip {
            date: Some(day(date)),
            from,
            to,
            kind,
            inside: None,
            count: 1,
            amount: Default::default(),
            detail: "",
        };
        connections.add(&slip(
            "2026-03-02",
            "Ann Lee",
            "ben holt",
            SlipKind::Referral,
        ));
        connections.add(&slip(
            "2026-05-04",
            "Cy Dunn",
            "Ben Holt",
            SlipKind::Referral,
        ));
        connections.add(&slip(
            "2026-04-06",
            "Di Ray",
            "Ben Holt",
            SlipKind::Referral,
        ));
        connections.add(&slip(
            "2026-04-06",
            "Ben Holt",
            "Ann Lee",
            SlipKind::OneToOne,
        ));
        connections.add(&slip(
            "2026-04-06",
            "Outsider",
            "Cy Dunn",
            SlipKind::Referral,
        ));
        connections.add(&slip("2026-04-06", "", "Di Ray", SlipKind::ThankYou));
        let lines = names.iter().map(|name| line(name, 1)).collect();
        let report = report(
            None,
            (day("2026-01-01"), day("2026-06-30")),
            1,
            lines,
            Some(connections),
            &LightsRules::default(),
            24,
        );
        let weeks: Vec<Option<u64>> = (report.members.iter())
            .map(|member| member.weeks_since_referral)
            .collect();
        // Ben's last on 2026-05-04, 57 days before the end; Cy's from outside.
        assert_eq!(weeks, [None, Some(8), Some(12), None]);
        let reach = report.room.reach.unwrap();
        assert_eq!((reach.slips, reach.connected_pairs, reach.pairs), (6, 3, 6));
        assert_eq!((reach.referrals_inside, reach.referrals_outside), (3, 1));
    }
}
