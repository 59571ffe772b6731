//! A time as an iCalendar value gives it (a date, a floating time, a time in a zone or in
//! UTC), and what identifies an occurrence for EXDATE and RECURRENCE-ID; and a duration.

use super::zones::{UserZone, Zone};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::rc::Rc;

/// A time as an iCalendar value gives it.
#[derive(Clone, Debug)]
pub(super) enum When {
    Utc(NaiveDateTime),
    Floating(NaiveDateTime),
    Zoned(NaiveDateTime, Rc<Zone>),
    Day(NaiveDate),
}

/// What identifies an occurrence for EXDATE and RECURRENCE-ID, and in its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Instant(NaiveDateTime),
    Floating(NaiveDateTime),
    Day(NaiveDate),
}

impl Key {
    pub(super) fn text(self) -> String {
        match self {
            Key::Instant(at) => at.format("%Y%m%dT%H%M%SZ").to_string(),
            Key::Floating(at) => at.format("%Y%m%dT%H%M%S").to_string(),
            Key::Day(day) => day.format("%Y%m%d").to_string(),
        }
    }
}

impl When {
    pub(super) fn wall_clock(&self) -> NaiveDateTime {
        match self {
            When::Utc(at) | When::Floating(at) | When::Zoned(at, _) => *at,
            When::Day(day) => day.and_time(NaiveTime::MIN),
        }
    }

    /// The same kind of time at another wall-clock time (an occurrence of a rule).
    pub(super) fn at(&self, wall_clock: NaiveDateTime) -> When {
        match self {
            When::Utc(_) => When::Utc(wall_clock),
            When::Floating(_) => When::Floating(wall_clock),
            When::Zoned(_, zone) => When::Zoned(wall_clock, zone.clone()),
            When::Day(_) => When::Day(wall_clock.date()),
        }
    }

    pub(super) fn key(&self) -> Key {
        match self {
            When::Utc(at) => Key::Instant(*at),
            When::Floating(at) => Key::Floating(*at),
            When::Zoned(at, zone) => Key::Instant(zone.to_utc(*at)),
            When::Day(day) => Key::Day(*day),
        }
    }

    /// The key by which an override finds its occurrence: a floating time as the instant
    /// it is in the user's zone, so that it meets one written in UTC or a zone.
    pub(super) fn instant_key(&self, user: &UserZone) -> Key {
        match self {
            When::Floating(at) => Key::Instant(user.to_utc(*at)),
            _ => self.key(),
        }
    }

    /// The instant, a floating time read in the user's zone; a day's start.
    pub(super) fn utc(&self, user: &UserZone) -> NaiveDateTime {
        match self {
            When::Utc(at) => *at,
            When::Floating(at) => user.to_utc(*at),
            When::Zoned(at, zone) => zone.to_utc(*at),
            When::Day(day) => day.and_time(NaiveTime::MIN),
        }
    }

    /// The day it falls on: where its zone says it happens, the day there; a time in UTC
    /// falls on the user's day.
    pub(super) fn date(&self, user: &UserZone) -> NaiveDate {
        match self {
            When::Utc(_) => user.from_utc(self.utc(user)).date(),
            When::Floating(at) | When::Zoned(at, _) => at.date(),
            When::Day(day) => *day,
        }
    }
}

/// `P1W`, `PT1H30M`, `P1DT2H`, `PT0S`: seconds; `None` for anything else (a negative
/// duration among them).
pub(super) fn iso_duration(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('+').unwrap_or(text);
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let size = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(size)?)?;
                any = true;
            }
        }
    }
    (any && number.is_empty()).then_some(seconds)
}
