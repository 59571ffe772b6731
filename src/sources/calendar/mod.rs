//! iCalendar (.ics) files as Google, Outlook and Exchange, Apple, Meetup, Facebook and
//! Zimbra write them: each occurrence of each event becomes one [`Item`], recurrences
//! expanded (`recur`), overrides applied, cancelled and declined ones dropped, times
//! read in their zones ([`zones`]) and dated in the user's.
//!
//! The icalendar and rrule crates refuse real Outlook and Exchange files (Windows zone
//! names, a floating UNTIL with a zoned start, RDATE periods, two calendars in one file),
//! so this reader is netaudit's own.

mod lines;
mod recur;
pub mod zones;

mod when;

use super::imported::{About, Dropped, Evidence, IdStem, Item, hours_of_seconds};
use crate::activity::MAX_AMOUNT;
use crate::figures::Amount;
use crate::messages::show_value;
use anyhow::{Result, anyhow};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use lines::{Component, Property, unescape};
use recur::{Budget, Rule};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use when::{Key, When, iso_duration};
use zones::{UserZone, Zones, spent_text};

/// The most occurrences one file may give, all its events and time zones together,
/// counted as each rule is followed: a few rules that repeat daily for decades stay far
/// below it, and memory stays bounded whatever the file.
#[cfg(not(fuzzing))]
const MAX_FILE_OCCURRENCES: usize = 200_000;
/// The most periods (days, weeks, months, years) one file's rules are followed through,
/// all together: a rule that is rarely or never met (`BYMONTH=2;BYMONTHDAY=30`) spends
/// them, not the machine's time.
#[cfg(not(fuzzing))]
const MAX_FILE_PERIODS: u64 = 2_000_000;
// Small enough for a fuzzer's inputs to reach.
#[cfg(fuzzing)]
const MAX_FILE_OCCURRENCES: usize = 2_000;
#[cfg(fuzzing)]
const MAX_FILE_PERIODS: u64 = 20_000;

/// How occurrences become items.
pub struct Options<'a> {
    /// The user's addresses: an occurrence they declined is dropped.
    pub me: &'a [String],
    pub zone: UserZone,
    /// Hours for an event with no or zero duration.
    pub default_hours: Amount,
    /// Hours for an all-day event; `None` skips them.
    pub all_day_hours: Option<Amount>,
    /// No occurrence after this day is wanted.
    pub last: NaiveDate,
}

/// One occurrence, before it is judged.
struct Occurrence<'a> {
    /// The start the rule gave it: its identity, even when an override moves it.
    original: Key,
    start: When,
    /// Seconds; `None` when the event gives no end.
    duration: Option<i64>,
    event: &'a Event<'a>,
    /// The series' event, whose status and attendees an override without its own keeps.
    master: Option<&'a Event<'a>>,
    /// Given by an RRULE, which goes on past the import's last day: such an occurrence
    /// after it is not counted as left out.
    from_rule: bool,
}

/// An override of an occurrence and all after it (`RECURRENCE-ID;RANGE=THISANDFUTURE`).
struct Future<'a> {
    /// The instant of the occurrence it overrides.
    from: NaiveDateTime,
    /// How far it moves the start.
    moved: chrono::Duration,
    duration: Option<i64>,
    event: &'a Event<'a>,
}

/// A VEVENT with the name of the calendar it is in.
struct Event<'a> {
    component: &'a Component,
    calendar: Option<String>,
}

/// Every occurrence in `text` up to `options.last`, and what was dropped.
pub fn read(text: &str, file: &str, options: &Options) -> Result<(Vec<Item>, Dropped)> {
    let calendars = lines::parse(text, file)?;
    // Times in UTC are dated in the user's zone: the config's, else the calendar's own
    // (`X-WR-TIMEZONE`, as Google writes it), else the machine's.
    let written = (calendars.iter())
        .find_map(|calendar| calendar.property("X-WR-TIMEZONE"))
        .and_then(|zone| zones::named(&unescape(&zone.value)));
    let options = &Options {
        zone: match (&options.zone, written) {
            (UserZone::Local, Some(tz)) => UserZone::Named(tz),
            (zone, _) => zone.clone(),
        },
        ..*options
    };
    let mut zones = Zones::default();
    let mut events = Vec::new();
    for calendar in &calendars {
        let name = calendar
            .property("X-WR-CALNAME")
            .map(|p| unescape(&p.value));
        for child in &calendar.children {
            match child.name.as_str() {
                "VTIMEZONE" => zones.define(child),
                "VEVENT" => events.push(Event {
                    component: child,
                    calendar: name.clone(),
                }),
                _ => {}
            }
        }
    }
    let reader = Reader {
        file,
        options,
        zones: RefCell::new(zones),
        budget: RefCell::new(Budget {
            occurrences: MAX_FILE_OCCURRENCES,
            periods: MAX_FILE_PERIODS,
        }),
        texts: RefCell::new(HashMap::new()),
    };
    // Overrides by UID and the instant they replace: a RECURRENCE-ID in UTC finds an
    // occurrence written in a zone, or floating.
    let user = &options.zone;
    let mut overrides: HashMap<String, HashMap<Key, (When, &Event)>> = HashMap::new();
    // RANGE=THISANDFUTURE overrides by UID, each with the instant it begins at, its move
    // and its duration, which hold for every later occurrence (RFC 5545, 3.8.4.4).
    let mut futures: HashMap<String, Vec<Future>> = HashMap::new();
    let mut masters = Vec::new();
    for event in &events {
        match event.component.property("RECURRENCE-ID") {
            Some(id) => {
                let when = reader.when(id)?;
                if id
                    .param("RANGE")
                    .is_some_and(|range| range.eq_ignore_ascii_case("THISANDFUTURE"))
                {
                    let start = reader.start(event)?;
                    (futures.entry(reader.uid(event)).or_default()).push(Future {
                        from: when.utc(user),
                        moved: start.utc(user) - when.utc(user),
                        duration: reader.duration(event, &start)?,
                        event,
                    });
                }
                (overrides.entry(reader.uid(event)).or_default())
                    .insert(when.instant_key(user), (when, event));
            }
            None => masters.push(event),
        }
    }
    for series in futures.values_mut() {
        series.sort_by_key(|future| future.from);
    }
    let mut dropped = Dropped::default();
    let mut occurrences = Vec::new();
    for master in masters {
        if let Some(why) = reader.unfollowed(master) {
            overrides.remove(&reader.uid(master));
            dropped.unfollowed.push(why);
            continue;
        }
        // Looked up once a series, not once an occurrence: a UID may be long.
        let uid = reader.uid(master);
        let mut series = overrides.get_mut(&uid);
        let series_futures = futures.get(&uid).map_or(&[][..], Vec::as_slice);
        for mut occurrence in reader.occurrences(master)? {
            let key = occurrence.start.instant_key(user);
            if let Some((_, replacement)) = series.as_mut().and_then(|series| series.remove(&key)) {
                let start = reader.start(replacement)?;
                occurrence.duration = reader.duration(replacement, &start)?;
                occurrence.start = start;
                occurrence.event = replacement;
                occurrence.master = Some(master);
            } else if let Some(future) = (series_futures.iter().rev())
                .find(|future| occurrence.start.utc(user) > future.from)
            {
                let start = occurrence.start.wall_clock() + future.moved;
                occurrence.start = occurrence.start.at(start);
                occurrence.duration = future.duration;
                occurrence.event = future.event;
                occurrence.master = Some(master);
            }
            occurrences.push(occurrence);
        }
    }
    // An override whose occurrence the series does not have (moved from beyond the
    // import's end, or exported without its series) is an occurrence of its own.
    let mut orphans: Vec<_> = overrides
        .into_values()
        .flat_map(HashMap::into_values)
        .collect();
    orphans.sort_by_cached_key(|(when, event)| (reader.uid(event), when.key().text()));
    for (when, event) in orphans {
        let start = reader.start(event)?;
        occurrences.push(Occurrence {
            original: when.key(),
            duration: reader.duration(event, &start)?,
            start,
            event,
            master: None,
            from_rule: false,
        });
    }
    let mut items = Vec::new();
    for occurrence in &occurrences {
        if let Some(item) = reader.item(occurrence, &mut dropped)? {
            items.push(item);
        }
    }
    items.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    Ok((items, dropped))
}

struct Reader<'a> {
    file: &'a str,
    options: &'a Options<'a>,
    zones: RefCell<Zones>,
    /// What the file's rules may still give, all together.
    budget: RefCell<Budget>,
    /// Each event's texts, read once and shared by its occurrences: an occurrence must
    /// not copy a long SUMMARY a hundred thousand times.
    texts: RefCell<HashMap<(usize, usize), Rc<EventTexts>>>,
}

/// What an event says of itself, for matching and for messages.
struct EventTexts {
    /// Its UID, the start of its occurrences' ids.
    id: IdStem,
    about: Rc<About>,
}

impl Reader<'_> {
    fn uid(&self, event: &Event) -> String {
        match event.component.property("UID") {
            Some(uid) => uid.value.trim().to_string(),
            // Without a UID, the summary stands in, so that an import stays repeatable.
            None => format!(
                "no-uid:{}",
                event
                    .component
                    .property("SUMMARY")
                    .map(|p| unescape(&p.value))
                    .unwrap_or_default()
            ),
        }
    }

    /// Why netaudit cannot follow the event's rule, if it cannot: its place, the problem
    /// and the event's summary.
    fn unfollowed(&self, event: &Event) -> Option<String> {
        let (rrule, problem) = (event.component.all("RRULE"))
            .find_map(|rrule| Some((rrule, Rule::parse(&rrule.value).err()?)))?;
        let summary = (event.component.property("SUMMARY"))
            .map(|p| unescape(p.value.trim()))
            .unwrap_or_default();
        Some(format!(
            "{} (the event {})",
            self.error(rrule, &problem),
            show_value(&summary)
        ))
    }

    fn error(&self, property: &Property, problem: &str) -> anyhow::Error {
        anyhow!(
            "{}:{}: {}: {problem}",
            self.file,
            property.line,
            property.name
        )
    }

    /// A DATE or DATE-TIME value, with its TZID if it has one.
    fn when(&self, property: &Property) -> Result<When> {
        let value = property.value.trim();
        let tzid = property.param("TZID");
        self.when_text(value, tzid, property)
    }

    fn when_text(&self, value: &str, tzid: Option<&str>, property: &Property) -> Result<When> {
        let expected = || {
            self.error(
                property,
                &format!(
                    "expected a date (20260901) or a date-time (20260901T070000, with Z for UTC), got {}",
                    show_value(value)
                ),
            )
        };
        if let Some(utc) = value.strip_suffix(['Z', 'z']) {
            // Google's birthdays calendar writes all-day RDATEs as `20131210Z`: a date.
            if let Ok(day) = NaiveDate::parse_from_str(utc, "%Y%m%d") {
                return Ok(When::Day(day));
            }
            let at = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| expected())?;
            return Ok(When::Utc(at));
        }
        if let Ok(day) = NaiveDate::parse_from_str(value, "%Y%m%d") {
            return Ok(When::Day(day));
        }
        let at = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| expected())?;
        let Some(tzid) = tzid else {
            return Ok(When::Floating(at));
        };
        let zone = self.zones.borrow_mut().get(
            tzid,
            self.file,
            self.options.last,
            &mut self.budget.borrow_mut(),
        )?;
        match zone {
            Some(zone) => Ok(When::Zoned(at, zone)),
            None => Err(self.error(
                property,
                &format!(
                    "time zone {} is neither an IANA name (Europe/Berlin), a Windows name (W. \
                     Europe Standard Time) nor defined by a VTIMEZONE in the file",
                    show_value(tzid)
                ),
            )),
        }
    }

    fn start(&self, event: &Event) -> Result<When> {
        let property = event.component.property("DTSTART").ok_or_else(|| {
            anyhow!(
                "{}:{}: VEVENT has no DTSTART",
                self.file,
                event.component.line
            )
        })?;
        self.when(property)
    }

    /// DTEND − DTSTART, or DURATION, in seconds.
    fn duration(&self, event: &Event, start: &When) -> Result<Option<i64>> {
        let user = &self.options.zone;
        let seconds = if let Some(end) = event.component.property("DTEND") {
            let end_when = self.when(end)?;
            let seconds = match (start, &end_when) {
                (When::Day(a), When::Day(b)) => (*b - *a).num_seconds(),
                (When::Floating(a), When::Floating(b)) => (*b - *a).num_seconds(),
                _ => (end_when.utc(user) - start.utc(user)).num_seconds(),
            };
            if seconds < 0 {
                return Err(self.error(end, "ends before DTSTART"));
            }
            self.within_a_cell(end, seconds)?
        } else if let Some(duration) = event.component.property("DURATION") {
            let seconds = iso_duration(duration.value.trim()).ok_or_else(|| {
                self.error(
                    duration,
                    &format!(
                        "expected a duration such as PT1H30M, got {}",
                        show_value(&duration.value)
                    ),
                )
            })?;
            self.within_a_cell(duration, seconds)?
        } else {
            return Ok(None);
        };
        Ok(Some(seconds))
    }

    /// `seconds` of an event, refused at `property` when its hours are more than a log's
    /// hours cell holds.
    fn within_a_cell(&self, property: &Property, seconds: i64) -> Result<i64> {
        let most = i64::try_from(MAX_AMOUNT)
            .unwrap_or(i64::MAX)
            .saturating_mul(3600);
        if seconds > most {
            return Err(self.error(
                property,
                &format!(
                    "the event would last {} hours, more than the {MAX_AMOUNT} a log's hours \
                     cell holds",
                    seconds / 3600
                ),
            ));
        }
        Ok(seconds)
    }

    /// The occurrences of a series (or the one of a single event), EXDATEs taken out.
    fn occurrences<'e>(&self, event: &'e Event<'e>) -> Result<Vec<Occurrence<'e>>> {
        let start = self.start(event)?;
        let duration = self.duration(event, &start)?;
        let last = self
            .options
            .last
            .succ_opt()
            .and_then(|day| day.succ_opt())
            .unwrap_or(self.options.last)
            .and_time(NaiveTime::MIN);
        let mut starts: Vec<(When, Option<i64>, bool)> = Vec::new();
        let rrules: Vec<&Property> = event.component.all("RRULE").collect();
        if rrules.is_empty() {
            starts.push((start.clone(), duration, false));
        }
        for rrule in rrules {
            let rule = Rule::parse(&rrule.value).map_err(|problem| self.error(rrule, &problem))?;
            let user = &self.options.zone;
            let to_utc = |wall_clock: NaiveDateTime| start.at(wall_clock).utc(user);
            let found = recur::expand(
                &rule,
                start.wall_clock(),
                &to_utc,
                last,
                &mut self.budget.borrow_mut(),
            )
            .map_err(|spent| self.error(rrule, &spent_text(spent, self.options.last)))?;
            for at in found {
                starts.push((start.at(at), duration, true));
            }
        }
        for rdate in event.component.all("RDATE") {
            let is_period = rdate
                .param("VALUE")
                .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
            for value in rdate
                .value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                self.spend_one(rdate)?;
                match value.split_once('/') {
                    Some((from, to)) => {
                        let begin = self.when_text(from, rdate.param("TZID"), rdate)?;
                        let seconds = match iso_duration(to) {
                            Some(seconds) => seconds,
                            None => {
                                let end = self.when_text(to, rdate.param("TZID"), rdate)?;
                                (end.utc(&self.options.zone) - begin.utc(&self.options.zone))
                                    .num_seconds()
                            }
                        };
                        let seconds = self.within_a_cell(rdate, seconds)?;
                        starts.push((begin, Some(seconds.max(0)), false));
                    }
                    None if is_period => {
                        return Err(self.error(rdate, &format!("expected a period such as 20231125T090000Z/20231125T123000Z, got {}", show_value(value))));
                    }
                    None => starts.push((
                        self.when_text(value, rdate.param("TZID"), rdate)?,
                        duration,
                        false,
                    )),
                }
            }
        }
        // An EXDATE of a day takes out whatever starts that day (a day's occurrence, or
        // one at a time of that wall-clock day); one of a time, the occurrence at that
        // instant. Held in sets, so that a hundred thousand of them cost no more than a
        // look-up each.
        let user = &self.options.zone;
        let (mut excluded_days, mut excluded_instants) = (HashSet::new(), HashSet::new());
        for exdate in event.component.all("EXDATE") {
            for value in exdate
                .value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                match self.when_text(value, exdate.param("TZID"), exdate)? {
                    When::Day(day) => excluded_days.insert(day),
                    other => excluded_instants.insert(other.utc(user)),
                };
            }
        }
        let is_excluded = |at: &When| match at {
            When::Day(day) => excluded_days.contains(day),
            _ => {
                excluded_days.contains(&at.wall_clock().date())
                    || excluded_instants.contains(&at.utc(user))
            }
        };
        let mut seen = HashSet::new();
        let mut occurrences = Vec::new();
        for (at, duration, from_rule) in starts {
            if is_excluded(&at) || !seen.insert(at.key()) {
                continue;
            }
            occurrences.push(Occurrence {
                original: at.key(),
                start: at,
                duration,
                event,
                master: None,
                from_rule,
            });
        }
        Ok(occurrences)
    }

    fn item(&self, occurrence: &Occurrence, dropped: &mut Dropped) -> Result<Option<Item>> {
        let event = occurrence.event.component;
        let master = occurrence.master.map(|m| m.component);
        let status = event
            .property("STATUS")
            .or_else(|| master.and_then(|m| m.property("STATUS")));
        if status.is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED")) {
            dropped.cancelled += 1;
            return Ok(None);
        }
        let attendees = if event.property("ATTENDEE").is_some() {
            Some(event)
        } else {
            master
        };
        if attendees.is_some_and(|component| self.declined(component)) {
            dropped.declined += 1;
            return Ok(None);
        }
        let hours = match (&occurrence.start, occurrence.duration) {
            (When::Day(_), _) => match self.options.all_day_hours {
                Some(hours) => hours,
                None => {
                    dropped.all_day += 1;
                    return Ok(None);
                }
            },
            (_, Some(seconds)) if seconds > 0 => hours_of_seconds(seconds),
            _ => self.options.default_hours,
        };
        let date = occurrence.start.date(&self.options.zone);
        if occurrence.from_rule && date > self.options.last {
            return Ok(None);
        }
        let texts = self.event_texts(occurrence);
        Ok(Some(Item {
            date,
            id: texts
                .id
                .shared_id(&format!(" {}", occurrence.original.text())),
            evidence: Evidence::Meeting { hours },
            about: texts.about.clone(),
        }))
    }

    /// The texts of an occurrence's event (an override's own, else its series'), read
    /// once per event.
    fn event_texts(&self, occurrence: &Occurrence) -> Rc<EventTexts> {
        let key = (
            std::ptr::from_ref(occurrence.event) as usize,
            occurrence
                .master
                .map_or(0, |master| std::ptr::from_ref(master) as usize),
        );
        if let Some(found) = self.texts.borrow().get(&key) {
            return found.clone();
        }
        let event = occurrence.event.component;
        let master = occurrence.master.map(|m| m.component);
        let text = |name: &str| {
            event
                .property(name)
                .or_else(|| master.and_then(|m| m.property(name)))
                .map(|p| unescape(p.value.trim()))
        };
        let summary = text("SUMMARY").unwrap_or_default();
        let location = text("LOCATION");
        let label = match location.as_deref().filter(|location| !location.is_empty()) {
            Some(location) => format!("{} at {}", show_value(&summary), show_value(location)),
            None => show_value(&summary),
        };
        let mut texts = vec![summary];
        texts.extend(location);
        for categories in event.all("CATEGORIES") {
            texts.extend((categories.value.split(',')).map(|category| unescape(category.trim())));
        }
        texts.extend(occurrence.event.calendar.clone());
        let found = Rc::new(EventTexts {
            id: IdStem::new(&self.uid(occurrence.event)),
            about: Rc::new(About { texts, label }),
        });
        self.texts.borrow_mut().insert(key, found.clone());
        found
    }

    /// Takes one occurrence (an RDATE's) from the file's budget.
    fn spend_one(&self, property: &Property) -> Result<()> {
        (self.budget.borrow_mut().spend_occurrence())
            .map_err(|spent| self.error(property, &spent_text(spent, self.options.last)))
    }

    /// Whether one of the user's addresses is an attendee who declined.
    fn declined(&self, component: &Component) -> bool {
        component.all("ATTENDEE").any(|attendee| {
            let address = attendee.value.trim();
            let address = address
                .get(..7)
                .filter(|p| p.eq_ignore_ascii_case("mailto:"))
                .map_or(address, |_| &address[7..]);
            attendee
                .param("PARTSTAT")
                .is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"))
                && self
                    .options
                    .me
                    .iter()
                    .any(|me| me.eq_ignore_ascii_case(address))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_in_utc_finds_a_floating_occurrence() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nSUMMARY:Weekly\nDTSTART:20261006T070000\n\
            DTEND:20261006T080000\nRRULE:FREQ=WEEKLY;COUNT=3\nEND:VEVENT\nBEGIN:VEVENT\nUID:s\n\
            SUMMARY:Moved\nRECURRENCE-ID:20261013T050000Z\nDTSTART:20261014T070000\n\
            DTEND:20261014T090000\nEND:VEVENT\nEND:VCALENDAR\n";
        let options = Options {
            me: &[],
            zone: UserZone::Named(chrono_tz::Tz::Europe__Berlin),
            default_hours: Amount::from_hundredths(100),
            all_day_hours: None,
            last: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        let (items, _) = read(text, "f.ics", &options).unwrap();
        let rows: Vec<(String, String)> = items
            .iter()
            .map(|item| (item.date.to_string(), item.about.texts[0].clone()))
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-10-06".to_string(), "Weekly".to_string()),
                ("2026-10-14".to_string(), "Moved".to_string()),
                ("2026-10-20".to_string(), "Weekly".to_string()),
            ]
        );
    }

    #[test]
    fn durations_read_weeks_days_and_times() {
        assert_eq!(iso_duration("PT1H30M"), Some(5400));
        assert_eq!(iso_duration("P1DT2H"), Some(93_600));
        assert_eq!(iso_duration("P1W"), Some(604_800));
        assert_eq!(iso_duration("PT0S"), Some(0));
        assert_eq!(iso_duration("-PT1H"), None);
        assert_eq!(iso_duration("PT1H30"), None);
        assert_eq!(iso_duration("P"), None);
    }
}
