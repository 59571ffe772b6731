//! Time zones as calendars name them: IANA names, Windows names (Outlook, Exchange), and
//! zones a VTIMEZONE block defines under a name of its own.

use super::lines::{Component, unescape};
use super::recur::{Budget, Rule, Spent, expand};
use anyhow::{Result, anyhow};
use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::rc::Rc;
use strum::IntoEnumIterator;

/// The rules of one zone.
#[derive(Debug)]
pub enum Zone {
    Named(Tz),
    /// A VTIMEZONE's transitions: each UTC instant from which an offset (seconds east of
    /// UTC) holds, in order, with the offset before the first.
    Defined {
        before: i64,
        transitions: Vec<(NaiveDateTime, i64)>,
    },
}

impl Zone {
    /// The instant (as UTC) of a wall-clock time here. A time skipped by a change of
    /// clocks is read as the same time after the change; a repeated one, as the first.
    pub fn to_utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.naive_utc(),
                LocalResult::None => {
                    let offset = tz.offset_from_utc_datetime(&local).fix().local_minus_utc();
                    local - Duration::seconds(i64::from(offset))
                }
            },
            Zone::Defined { .. } => {
                let guess = local - Duration::seconds(self.offset_at(local));
                local - Duration::seconds(self.offset_at(guess))
            }
        }
    }

    /// The wall-clock time here at an instant given as UTC.
    pub fn from_utc(&self, utc: NaiveDateTime) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => tz.from_utc_datetime(&utc).naive_local(),
            Zone::Defined { .. } => utc + Duration::seconds(self.offset_at(utc)),
        }
    }

    fn offset_at(&self, utc: NaiveDateTime) -> i64 {
        match self {
            Zone::Named(tz) => i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()),
            Zone::Defined {
                before,
                transitions,
            } => match transitions.partition_point(|(at, _)| *at <= utc) {
                0 => *before,
                after => transitions[after - 1].1,
            },
        }
    }
}

/// The user's own zone, in which an instant becomes the date of a row.
#[derive(Debug, Clone)]
pub enum UserZone {
    /// The machine's zone (the TZ variable, else /etc/localtime).
    Local,
    Named(Tz),
}

impl UserZone {
    pub fn from_utc(&self, utc: NaiveDateTime) -> NaiveDateTime {
        match self {
            UserZone::Local => chrono::Local.from_utc_datetime(&utc).naive_local(),
            UserZone::Named(tz) => tz.from_utc_datetime(&utc).naive_local(),
        }
    }

    pub fn to_utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        let resolved = match self {
            UserZone::Local => chrono::Local
                .from_local_datetime(&local)
                .earliest()
                .map(|at| at.naive_utc()),
            UserZone::Named(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .map(|at| at.naive_utc()),
        };
        resolved.unwrap_or(local)
    }
}

/// An IANA or Windows zone name, as the config's `time_zone` or a TZID gives it.
pub fn named(name: &str) -> Option<Tz> {
    let name = name.trim().trim_matches('"');
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    if let Ok(windows) = name.parse::<windows_timezones::WindowsTimezone>() {
        return Some(windows.into());
    }
    // Mozilla and some others prefix the IANA name: /mozilla.org/20050126_1/America/New_York.
    let parts: Vec<&str> = name.rsplitn(3, '/').collect();
    match parts[..] {
        [city, area, _] => format!("{area}/{city}").parse().ok(),
        _ => None,
    }
}

/// The zone of the name Windows shows for it, which Outlook Web Access writes as a TZID
/// with no VTIMEZONE: `(UTC+10:00) Canberra, Melbourne, Sydney`, or as versions before
/// Windows Vista wrote it, `(GMT+10:00) Canberra, Melbourne, Sydney`.
fn displayed(name: &str) -> Option<Tz> {
    let wanted = display_key(name);
    (windows_timezones::WindowsTimezone::iter())
        .find(|zone| display_key(zone.description()) == wanted)
        .map(Into::into)
}

/// A Windows display name as it is compared: its offset written `UTC` (`GMT` before
/// Windows Vista, and `(UTC)` for no offset), without letter case or doubled spaces.
fn display_key(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let name = words.join(" ").to_lowercase();
    let name = name
        .strip_prefix("(gmt")
        .map_or(name.clone(), |rest| format!("(utc{rest}"));
    match name.strip_prefix("(utc)") {
        Some(rest) => format!("(utc+00:00){rest}"),
        None => name,
    }
}

/// The zones a file's TZIDs name, resolved once: by IANA or Windows name, else by the
/// file's own VTIMEZONE of that TZID, whose rules are followed only when an event names
/// it, and only as far as the import's last day: a file can define a thousand zones that
/// no event uses, each with a daily rule from 1960.
#[derive(Default)]
pub struct Zones {
    defined: HashMap<String, Component>,
    resolved: HashMap<String, Option<Rc<Zone>>>,
}

impl Zones {
    /// Takes in a VTIMEZONE of a calendar; one without a TZID defines nothing.
    pub fn define(&mut self, vtimezone: &Component) {
        // The property is TEXT, so `Kuala Lumpur\, Singapore` is the TZID
        // parameter `"Kuala Lumpur, Singapore"`.
        if let Some(tzid) = vtimezone.property("TZID") {
            self.defined
                .insert(unescape(tzid.value.trim()), vtimezone.clone());
        }
    }

    /// The zone `tzid` names, its rules followed to the end of the year after `last`
    /// (the import's last day), each change of offset taken from the file's `budget`;
    /// `None` when nothing defines it (or a VTIMEZONE without rules, as some exports
    /// write, does).
    pub fn get(
        &mut self,
        tzid: &str,
        file: &str,
        last: NaiveDate,
        budget: &mut Budget,
    ) -> Result<Option<Rc<Zone>>> {
        let tzid = tzid.trim().trim_matches('"');
        if let Some(found) = self.resolved.get(tzid) {
            return Ok(found.clone());
        }
        // A VTIMEZONE of the file says what its author meant by a display name.
        let zone = match (named(tzid), self.defined.get(tzid)) {
            (Some(tz), _) => Some(Rc::new(Zone::Named(tz))),
            (None, Some(vtimezone)) => defined_zone(vtimezone, file, last, budget)?.map(Rc::new),
            (None, None) => displayed(tzid).map(|tz| Rc::new(Zone::Named(tz))),
        };
        self.resolved.insert(tzid.to_string(), zone.clone());
        Ok(zone)
    }
}

fn defined_zone(
    vtimezone: &Component,
    file: &str,
    last: NaiveDate,
    budget: &mut Budget,
) -> Result<Option<Zone>> {
    let until = NaiveDate::from_ymd_opt(last.year().saturating_add(2), 1, 1)
        .unwrap_or(last)
        .and_time(chrono::NaiveTime::MIN);
    let mut transitions = Vec::new();
    let mut first: Option<(NaiveDateTime, i64)> = None;
    for observance in &vtimezone.children {
        if observance.name != "STANDARD" && observance.name != "DAYLIGHT" {
            continue;
        }
        let at = |name: &str| {
            anyhow!(
                "{file}:{}: {} in VTIMEZONE has no valid {name}",
                observance.line,
                observance.name
            )
        };
        let from = observance
            .property("TZOFFSETFROM")
            .and_then(|p| utc_offset(&p.value))
            .ok_or_else(|| at("TZOFFSETFROM"))?;
        let to = observance
            .property("TZOFFSETTO")
            .and_then(|p| utc_offset(&p.value))
            .ok_or_else(|| at("TZOFFSETTO"))?;
        let start = observance
            .property("DTSTART")
            .and_then(|p| NaiveDateTime::parse_from_str(p.value.trim(), "%Y%m%dT%H%M%S").ok())
            .ok_or_else(|| at("DTSTART"))?;
        let mut onsets = vec![start];
        if let Some(rrule) = observance.property("RRULE") {
            let rule = Rule::parse(&rrule.value)
                .map_err(|problem| anyhow!("{file}:{}: RRULE: {problem}", rrule.line))?;
            onsets = expand(
                &rule,
                start,
                &|local| local - Duration::seconds(from),
                until,
                budget,
            )
            .map_err(|spent| {
                anyhow!("{file}:{}: RRULE: {}", rrule.line, spent_text(spent, last))
            })?;
        }
        for rdate in observance.all("RDATE") {
            for value in rdate.value.split(',') {
                if let Ok(onset) = NaiveDateTime::parse_from_str(value.trim(), "%Y%m%dT%H%M%S") {
                    budget.spend_occurrence().map_err(|spent| {
                        anyhow!("{file}:{}: RDATE: {}", rdate.line, spent_text(spent, last))
                    })?;
                    onsets.push(onset);
                }
            }
        }
        for onset in onsets {
            let utc = onset - Duration::seconds(from);
            if first.is_none_or(|(earliest, _)| utc < earliest) {
                first = Some((utc, from));
            }
            transitions.push((utc, to));
        }
    }
    let Some((_, before)) = first else {
        return Ok(None);
    };
    transitions.sort();
    Ok(Some(Zone::Defined {
        before,
        transitions,
    }))
}

/// Why a file's rules stopped being followed, for the message at the rule that spent it;
/// `last` is the import's last day.
pub fn spent_text(spent: Spent, last: NaiveDate) -> String {
    match spent {
        Spent::Occurrences => format!(
            "with this rule, the file's events repeat more than {} times up to {last}; export \
             a shorter span of the calendar",
            super::MAX_FILE_OCCURRENCES
        ),
        Spent::Periods => format!(
            "with this rule, the file's rules were followed through {} days, weeks, months or \
             years up to {last} without ending; a rule that is rarely or never met cannot be \
             imported",
            super::MAX_FILE_PERIODS
        ),
    }
}

/// `+0100`, `-0500`, `+053000`: seconds east of UTC.
fn utc_offset(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part =
        |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<i64>().ok());
    let seconds = part(0..2)? * 3600 + part(2..4)? * 60 + part(4..6).unwrap_or(0);
    Some(sign * seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::calendar::lines::parse;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn windows_and_prefixed_names_are_iana_zones() {
        assert_eq!(named("Eastern Standard Time"), Some(Tz::America__New_York));
        assert_eq!(named("W. Europe Standard Time"), Some(Tz::Europe__Berlin));
        assert_eq!(
            named("/mozilla.org/20050126_1/America/New_York"),
            Some(Tz::America__New_York)
        );
        assert_eq!(named("Pacific/Auckland"), Some(Tz::Pacific__Auckland));
        assert_eq!(named("Somewhere Standard Time"), None);
    }

    #[test]
    fn windows_display_names_old_and_new_are_their_zones() {
        let sydney = Some(Tz::Australia__Sydney);
        assert_eq!(displayed("(UTC+10:00) Canberra, Melbourne, Sydney"), sydney);
        assert_eq!(
            displayed("(GMT+10:00) Canberra,  Melbourne, Sydney"),
            sydney
        );
        assert_eq!(displayed("(utc+10:00) canberra, melbourne, sydney"), sydney);
        assert_eq!(
            displayed("(UTC-05:00) Eastern Time (US & Canada)"),
            Some(Tz::America__New_York)
        );
        assert_eq!(
            displayed("(UTC) Coordinated Universal Time"),
            Some(Tz::Etc__UTC)
        );
        assert_eq!(displayed("(UTC+10:00) Melbourne"), None);
    }

    #[test]
    fn a_vtimezone_of_its_own_name_follows_its_daylight_rules() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:(GMT-05:00) Eastern Time (US & Canada)\n\
            BEGIN:STANDARD\nDTSTART:16010101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n\
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
            DTSTART:16010101T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n\
            RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\nEND:VCALENDAR\n";
        let calendar = parse(text, "f.ics").unwrap();
        let mut zones = Zones::default();
        zones.define(&calendar[0].children[0]);
        let mut budget = Budget {
            occurrences: 10_000,
            periods: 10_000,
        };
        let zone = zones
            .get(
                "(GMT-05:00) Eastern Time (US & Canada)",
                "f.ics",
                NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                &mut budget,
            )
            .unwrap()
            .unwrap();
        // Followed to 2027 only: each way, its DTSTART and a change a year from 1601.
        assert_eq!(10_000 - budget.occurrences, 2 * (1 + 427));
        // Summer: UTC-4; winter: UTC-5; the same as the IANA zone.
        assert_eq!(zone.to_utc(at("2026-07-01 18:00")), at("2026-07-01 22:00"));
        assert_eq!(zone.to_utc(at("2026-12-01 18:00")), at("2026-12-01 23:00"));
        // The Sunday of the change: 2026-03-08 02:00 local.
        assert_eq!(zone.to_utc(at("2026-03-08 01:00")), at("2026-03-08 06:00"));
        assert_eq!(zone.to_utc(at("2026-03-08 04:00")), at("2026-03-08 08:00"));
        assert_eq!(
            zone.from_utc(at("2026-07-01 22:00")),
            at("2026-07-01 18:00")
        );
    }

    #[test]
    fn offsets_read_with_and_without_seconds() {
        assert_eq!(utc_offset("-0500"), Some(-5 * 3600));
        assert_eq!(utc_offset("+0530"), Some(5 * 3600 + 30 * 60));
        assert_eq!(utc_offset("+053015"), Some(5 * 3600 + 30 * 60 + 15));
        assert_eq!(utc_offset("0500"), None);
    }
}
