//! What the user knows about a group that the log does not say: its dues, its cadence,
//! its own rate and margin, when it was left.

use crate::period::Month;
use crate::settings::Rules;
use chrono::NaiveDate;

/// What the user knows about a group that the log does not say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupFacts {
    pub members: Option<u64>,
    pub joined: Option<Month>,
    /// The last month of membership.
    pub left: Option<Month>,
    /// How often the group meets, for the reminder to keep the log.
    pub cadence: Option<Cadence>,
    /// Other names the group's rows are written with, counted as this group.
    pub aliases: Vec<String>,
    /// What an hour in this group is worth, where it is not the top-level `hourly_rate`:
    /// people sell different things in different rooms.
    pub hourly_rate: Option<f64>,
    /// The share of this group's revenue that is value, where it is not the top-level
    /// `margin`.
    pub margin: Option<f64>,
    /// Whether the same members meet each time (a chapter, a club) or anyone can come (a
    /// mixer), where the config says.
    pub room: Option<Room>,
}

/// Who is in the room a group meets in. Size counts against an open room only: no one
/// knows more than a few of hundreds at a mixer, while among BNI chapters of 8 to 42
/// members the larger received more referrals each (docs/scoring.md, "The size of a room").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Room {
    /// The same members each meeting.
    Closed,
    /// Anyone can come.
    Open,
}

impl Room {
    pub const ALL: [Room; 2] = [Room::Closed, Room::Open];

    pub fn from_name(name: &str) -> Option<Room> {
        Room::ALL.into_iter().find(|room| room.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Room::Closed => "closed",
            Room::Open => "open",
        }
    }
}

impl GroupFacts {
    /// The rules the group is judged by: its own hourly rate and margin where it has them.
    pub fn rules_for(&self, rules: &Rules) -> Rules {
        Rules {
            hourly_rate: self.hourly_rate.unwrap_or(rules.hourly_rate),
            margin: self.margin.unwrap_or(rules.margin),
            ..rules.clone()
        }
    }
}

/// How often a group meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Weekly,
    Biweekly,
    Monthly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly];

    pub fn from_name(name: &str) -> Option<Cadence> {
        Cadence::ALL
            .into_iter()
            .find(|cadence| cadence.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
        }
    }

    /// The day after which a group last met on `last` has missed two meetings: two of its
    /// periods later. A monthly group's day is clamped to the month's end.
    pub fn overdue_after(self, last: NaiveDate) -> NaiveDate {
        let later = match self {
            Cadence::Weekly => last.checked_add_days(chrono::Days::new(14)),
            Cadence::Biweekly => last.checked_add_days(chrono::Days::new(28)),
            Cadence::Monthly => last.checked_add_months(chrono::Months::new(2)),
        };
        later.unwrap_or(NaiveDate::MAX)
    }
}
