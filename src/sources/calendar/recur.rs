//! Recurrence rules (RFC 5545 RRULE) expanded in wall-clock time: FREQ DAILY, WEEKLY,
//! MONTHLY and YEARLY, with INTERVAL, COUNT, UNTIL, BYDAY (ordinals too), BYMONTHDAY,
//! BYMONTH, BYSETPOS and WKST, and BYHOUR, BYMINUTE and BYSECOND of one value each, which
//! only place the occurrence in its day (Lotus Notes writes them in a VTIMEZONE's rules). A
//! part netaudit does not follow is an error, never ignored.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Weekday};

/// What one file's rules may still do, all of them together, counted as they are followed:
/// a file's size says nothing of what its rules expand to (one line of
/// `FREQ=DAILY;COUNT=99999` is a hundred thousand occurrences), so every bound is per
/// file, never per rule.
#[derive(Debug)]
pub struct Budget {
    /// Occurrences (and time-zone changes) still to be given.
    pub occurrences: usize,
    /// Periods (days, weeks, months, years) still to be followed: a rule that rarely or
    /// never matches ends here rather than spinning.
    pub periods: u64,
}

impl Budget {
    /// Takes one occurrence (or change of a zone's offset) from what is left.
    pub fn spend_occurrence(&mut self) -> Result<(), Spent> {
        self.occurrences = self.occurrences.checked_sub(1).ok_or(Spent::Occurrences)?;
        Ok(())
    }

    /// Takes one period followed from what is left.
    fn spend_period(&mut self) -> Result<(), Spent> {
        self.periods = self.periods.checked_sub(1).ok_or(Spent::Periods)?;
        Ok(())
    }
}

/// Why a rule's expansion stopped short: the file's [`Budget`] ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spent {
    Occurrences,
    Periods,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// When a rule ends, as its UNTIL is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// A UTC time (`…Z`): compared with each occurrence's instant.
    Utc(NaiveDateTime),
    /// A floating time: compared with the wall-clock time, whatever the start's zone.
    Floating(NaiveDateTime),
    Date(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    frequency: Frequency,
    interval: u32,
    count: Option<usize>,
    until: Option<Until>,
    /// Weekdays, each with its ordinal in the month or year (`1TU`, `-1FR`), if any.
    by_day: Vec<(Option<i32>, Weekday)>,
    by_month_day: Vec<i32>,
    by_month: Vec<u32>,
    by_set_position: Vec<i32>,
    week_start: Weekday,
    /// BYHOUR, BYMINUTE and BYSECOND: the time of day of every occurrence after the
    /// start, where the rule gives it.
    at_hour: Option<u32>,
    at_minute: Option<u32>,
    at_second: Option<u32>,
}

impl Rule {
    pub fn parse(text: &str) -> Result<Rule, String> {
        let mut frequency = None;
        let mut rule = Rule {
            frequency: Frequency::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_position: Vec::new(),
            week_start: Weekday::Mon,
            at_hour: None,
            at_minute: None,
            at_second: None,
        };
        for part in text
            .trim()
            .split(';')
            .filter(|part| !part.trim().is_empty())
        {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("expected KEY=VALUE, got \"{part}\""))?;
            let value = value.trim();
            let bad = |expected: &str| format!("{key}={value}: expected {expected}");
            match key.trim().to_ascii_uppercase().as_str() {
                "FREQ" => {
                    frequency = Some(match value.to_ascii_uppercase().as_str() {
                        "DAILY" => Frequency::Daily,
                        "WEEKLY" => Frequency::Weekly,
                        "MONTHLY" => Frequency::Monthly,
                        "YEARLY" => Frequency::Yearly,
                        _ => {
                            return Err(bad(
                                "DAILY, WEEKLY, MONTHLY or YEARLY (netaudit imports meetings, not hourly reminders)",
                            ));
                        }
                    })
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=10_000).contains(n))
                        .ok_or_else(|| bad("a whole number from 1"))?
                }
                "COUNT" => rule.count = Some(value.parse().map_err(|_| bad("a whole number"))?),
                "UNTIL" => {
                    rule.until = Some(until(value).ok_or_else(|| bad("a date or a date-time"))?)
                }
                "BYDAY" => {
                    for day in value.split(',') {
                        rule.by_day.push(
                            by_day(day.trim())
                                .ok_or_else(|| bad("weekdays such as MO,WE or 1TU,-1FR"))?,
                        );
                    }
                }
                "BYMONTHDAY" => {
                    rule.by_month_day = numbers(value, 31)
                        .ok_or_else(|| bad("days of the month, 1 to 31 or -31 to -1"))?
                }
                "BYMONTH" => {
                    rule.by_month = numbers(value, 12)
                        .filter(|months| months.iter().all(|&m| m > 0))
                        .ok_or_else(|| bad("months, 1 to 12"))?
                        .into_iter()
                        .map(|m| m.unsigned_abs())
                        .collect()
                }
                "BYSETPOS" => {
                    rule.by_set_position = numbers(value, 366)
                        .ok_or_else(|| bad("positions, 1 to 366 or -366 to -1"))?
                }
                "WKST" => {
                    rule.week_start = weekday(value).ok_or_else(|| bad("a weekday such as MO"))?
                }
                "BYHOUR" => {
                    rule.at_hour = Some(one_of(value, 23).ok_or_else(|| bad("one hour, 0 to 23"))?)
                }
                "BYMINUTE" => {
                    rule.at_minute =
                        Some(one_of(value, 59).ok_or_else(|| bad("one minute, 0 to 59"))?)
                }
                "BYSECOND" => {
                    // 60 is a leap second, which chrono's times place at 59.
                    rule.at_second = Some(
                        one_of(value, 60)
                            .ok_or_else(|| bad("one second, 0 to 60"))?
                            .min(59),
                    )
                }
                other @ ("BYYEARDAY" | "BYWEEKNO") => {
                    return Err(format!(
                        "{other} is not supported; import this event with a rule of days, weeks, months or years"
                    ));
                }
                // X- parts are extensions with no meaning for when an event happens.
                other if other.starts_with("X-") => {}
                other => return Err(format!("unknown part {other}")),
            }
        }
        rule.frequency = frequency.ok_or("no FREQ")?;
        // A list that names a value twice picks nothing more; kept once, a list is short
        // however long it was written (BYDAY of 300,000 `1MO` is one day).
        rule.by_day
            .sort_by_key(|(ordinal, day)| (*ordinal, day.num_days_from_monday()));
        rule.by_day.dedup();
        for list in [&mut rule.by_month_day, &mut rule.by_set_position] {
            list.sort_unstable();
            list.dedup();
        }
        rule.by_month.sort_unstable();
        rule.by_month.dedup();
        if rule.frequency != Frequency::Monthly
            && rule.frequency != Frequency::Yearly
            && rule.by_day.iter().any(|(ordinal, _)| ordinal.is_some())
        {
            return Err(
                "BYDAY with an ordinal (such as 1TU) needs FREQ=MONTHLY or YEARLY".to_string(),
            );
        }
        Ok(rule)
    }
}

fn until(text: &str) -> Option<Until> {
    if let Some(utc) = text.strip_suffix(['Z', 'z']) {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .ok()
            .map(Until::Utc);
    }
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .map(Until::Floating)
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y%m%d").map(Until::Date))
        .ok()
}

fn weekday(text: &str) -> Option<Weekday> {
    Some(match text.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn by_day(text: &str) -> Option<(Option<i32>, Weekday)> {
    let split = text.len().checked_sub(2)?;
    let day = weekday(text.get(split..)?)?;
    let ordinal = text.get(..split)?;
    if ordinal.is_empty() {
        return Some((None, day));
    }
    let n: i32 = ordinal.strip_prefix('+').unwrap_or(ordinal).parse().ok()?;
    (n != 0 && n.abs() <= 53).then_some((Some(n), day))
}

fn numbers(text: &str, most: i32) -> Option<Vec<i32>> {
    text.split(',')
        .map(|n| {
            let n = n.trim();
            n.strip_prefix('+')
                .unwrap_or(n)
                .parse::<i32>()
                .ok()
                .filter(|n| *n != 0 && n.abs() <= most)
        })
        .collect()
}

/// The wall-clock starts of a rule that begins at `start`, in order, up to `last`
/// (inclusive) and its UNTIL and COUNT, each taken from the file's `budget`. `to_utc`
/// gives an occurrence's instant, for a UTC UNTIL. The start is always the first
/// occurrence, as RFC 5545 has it, even under an UNTIL before it: such a rule gives the
/// start alone.
pub fn expand(
    rule: &Rule,
    start: NaiveDateTime,
    to_utc: &dyn Fn(NaiveDateTime) -> NaiveDateTime,
    last: NaiveDateTime,
    budget: &mut Budget,
) -> Result<Vec<NaiveDateTime>, Spent> {
    let ended = |at: NaiveDateTime| {
        at > last
            || match rule.until {
                Some(Until::Utc(until)) => to_utc(at) > until,
                Some(Until::Floating(until)) => at > until,
                Some(Until::Date(until)) => at.date() > until,
                None => false,
            }
    };
    let count = rule.count.unwrap_or(usize::MAX);
    let mut found = Vec::new();
    if count == 0 || start > last {
        return Ok(found);
    }
    budget.spend_occurrence()?;
    found.push(start);
    let time = rule.time_of_day(start.time());
    let mut period = 0;
    loop {
        budget.spend_period()?;
        let Some((first_day, days)) = period_days(rule, start.date(), period) else {
            return Ok(found);
        };
        if first_day.and_time(time) > last {
            return Ok(found);
        }
        for day in days {
            let at = day.and_time(time);
            if at <= start {
                continue;
            }
            if ended(at) || found.len() >= count {
                return Ok(found);
            }
            budget.spend_occurrence()?;
            found.push(at);
        }
        period += 1;
    }
}

/// A number from 0 to `most` alone: a list of times in a day is more than one meeting a
/// day, which netaudit does not follow.
fn one_of(value: &str, most: u32) -> Option<u32> {
    value.trim().parse().ok().filter(|n| *n <= most)
}

impl Rule {
    /// The time of day of the occurrences after the start: the start's, with any hour,
    /// minute or second the rule gives.
    fn time_of_day(&self, start: chrono::NaiveTime) -> chrono::NaiveTime {
        use chrono::Timelike;
        chrono::NaiveTime::from_hms_opt(
            self.at_hour.unwrap_or(start.hour()),
            self.at_minute.unwrap_or(start.minute()),
            self.at_second.unwrap_or(start.second()),
        )
        .unwrap_or(start)
    }
}

/// The first day of the `period`th period after the start's, and the days in it the rule
/// picks, in order; `None` past the calendar's end.
fn period_days(rule: &Rule, start: NaiveDate, period: u64) -> Option<(NaiveDate, Vec<NaiveDate>)> {
    let step = period.checked_mul(u64::from(rule.interval))?;
    let (first, mut days) = match rule.frequency {
        Frequency::Daily => {
            let day = start.checked_add_days(Days::new(step))?;
            (day, vec![day])
        }
        Frequency::Weekly => {
            let back = (7 + start.weekday().num_days_from_monday()
                - rule.week_start.num_days_from_monday())
                % 7;
            let week = start
                .checked_sub_days(Days::new(u64::from(back)))?
                .checked_add_days(Days::new(step.checked_mul(7)?))?;
            let days: Vec<NaiveDate> = (0..7)
                .filter_map(|d| week.checked_add_days(Days::new(d)))
                .collect();
            let wanted = |day: &NaiveDate| {
                if rule.by_day.is_empty() {
                    day.weekday() == start.weekday()
                } else {
                    rule.by_day.iter().any(|(_, w)| *w == day.weekday())
                }
            };
            (week, days.into_iter().filter(wanted).collect())
        }
        Frequency::Monthly => {
            let month = start
                .with_day(1)?
                .checked_add_months(Months::new(u32::try_from(step).ok()?))?;
            (month, month_days(rule, month, start))
        }
        Frequency::Yearly => {
            let year = start.year().checked_add(i32::try_from(step).ok()?)?;
            let january = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let days = if rule.by_month.is_empty()
                && rule.by_month_day.is_empty()
                && !rule.by_day.is_empty()
            {
                year_days(rule, year)
            } else {
                let months: Vec<u32> = if rule.by_month.is_empty() {
                    vec![start.month()]
                } else {
                    rule.by_month.clone()
                };
                let mut days = Vec::new();
                for month in months {
                    days.extend(month_days(
                        rule,
                        NaiveDate::from_ymd_opt(year, month, 1)?,
                        start,
                    ));
                }
                days
            };
            (january, days)
        }
    };
    days.retain(|day| {
        (rule.by_month.is_empty() || rule.by_month.contains(&day.month()))
            && (rule.by_month_day.is_empty()
                || rule.by_month_day.iter().any(|&n| is_month_day(*day, n)))
            && (rule.by_day.is_empty()
                || rule.frequency != Frequency::Daily
                || rule.by_day.iter().any(|(_, w)| *w == day.weekday()))
    });
    days.sort();
    days.dedup();
    if !rule.by_set_position.is_empty() {
        let count = days.len() as i32;
        let mut picked: Vec<NaiveDate> = rule
            .by_set_position
            .iter()
            .filter_map(|&position| {
                let index = if position > 0 {
                    position - 1
                } else {
                    count + position
                };
                usize::try_from(index)
                    .ok()
                    .and_then(|index| days.get(index))
                    .copied()
            })
            .collect();
        picked.sort();
        picked.dedup();
        days = picked;
    }
    Some((first, days))
}

/// The days of the month beginning `first` that BYDAY and BYMONTHDAY pick; with
/// neither, the start's day of the month, if the month has it.
fn month_days(rule: &Rule, first: NaiveDate, start: NaiveDate) -> Vec<NaiveDate> {
    let length = days_in_month(first);
    let all = (1..=length).filter_map(|d| first.with_day(d));
    if rule.by_day.is_empty() && rule.by_month_day.is_empty() {
        return first.with_day(start.day()).into_iter().collect();
    }
    all.filter(|day| {
        rule.by_day.is_empty()
            || rule.by_day.iter().any(|&(ordinal, weekday)| {
                day.weekday() == weekday
                    && match ordinal {
                        None => true,
                        Some(n) if n > 0 => (day.day() as i32 - 1) / 7 + 1 == n,
                        Some(n) => (length as i32 - day.day() as i32) / 7 + 1 == -n,
                    }
            })
    })
    .collect()
}

/// The days of `year` that BYDAY picks, its ordinals counted in the year.
fn year_days(rule: &Rule, year: i32) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let length = if first.leap_year() { 366 } else { 365 };
    (0..length)
        .filter_map(|d| first.checked_add_days(Days::new(d)))
        .filter(|day| {
            rule.by_day.iter().any(|&(ordinal, weekday)| {
                let ordinal_day = day.ordinal0() as i32;
                day.weekday() == weekday
                    && match ordinal {
                        None => true,
                        Some(n) if n > 0 => ordinal_day / 7 + 1 == n,
                        Some(n) => (length as i32 - 1 - ordinal_day) / 7 + 1 == -n,
                    }
            })
        })
        .collect()
}

fn days_in_month(first: NaiveDate) -> u32 {
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day())
}

fn is_month_day(day: NaiveDate, n: i32) -> bool {
    let length = days_in_month(day.with_day(1).unwrap_or(day)) as i32;
    let wanted = if n > 0 { n } else { length + 1 + n };
    day.day() as i32 == wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A budget no test's rule comes near.
    fn plenty() -> Budget {
        Budget {
            occurrences: usize::MAX,
            periods: u64::MAX,
        }
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn days(rule: &str, start: &str, last: &str) -> Vec<String> {
        let rule = Rule::parse(rule).unwrap();
        expand(&rule, at(start), &|local| local, at(last), &mut plenty())
            .unwrap()
            .iter()
            .map(|at| at.format("%Y-%m-%d %a").to_string())
            .collect()
    }

    #[test]
    fn weekly_with_interval_and_count() {
        assert_eq!(
            days(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=3",
                "2026-09-01 07:00",
                "2027-01-01 00:00"
            ),
            ["2026-09-01 Tue", "2026-09-15 Tue", "2026-09-29 Tue"]
        );
    }

    #[test]
    fn weekly_on_several_days_until_a_floating_time() {
        assert_eq!(
            days(
                "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20260910T070000",
                "2026-09-01 07:00",
                "2027-01-01 00:00"
            ),
            [
                "2026-09-01 Tue",
                "2026-09-03 Thu",
                "2026-09-08 Tue",
                "2026-09-10 Thu"
            ]
        );
    }

    #[test]
    fn monthly_first_tuesday_and_last_friday() {
        assert_eq!(
            days(
                "FREQ=MONTHLY;BYDAY=1TU;COUNT=3",
                "2026-09-01 07:00",
                "2027-01-01 00:00"
            ),
            ["2026-09-01 Tue", "2026-10-06 Tue", "2026-11-03 Tue"]
        );
        assert_eq!(
            days(
                "FREQ=MONTHLY;BYDAY=-1FR",
                "2026-09-25 12:00",
                "2026-12-01 00:00"
            ),
            ["2026-09-25 Fri", "2026-10-30 Fri", "2026-11-27 Fri"]
        );
    }

    #[test]
    fn monthly_by_month_day_skips_short_months_and_counts_from_the_end() {
        assert_eq!(
            days(
                "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
                "2026-01-31 09:00",
                "2027-01-01 00:00"
            ),
            ["2026-01-31 Sat", "2026-03-31 Tue", "2026-05-31 Sun"]
        );
        assert_eq!(
            days(
                "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2",
                "2026-01-31 09:00",
                "2027-01-01 00:00"
            ),
            ["2026-01-31 Sat", "2026-02-28 Sat"]
        );
    }

    #[test]
    fn set_position_picks_the_last_weekday_of_the_month() {
        assert_eq!(
            days(
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
                "2026-09-30 08:00",
                "2027-01-01 00:00"
            ),
            ["2026-09-30 Wed", "2026-10-30 Fri", "2026-11-30 Mon"]
        );
    }

    #[test]
    fn yearly_by_month_and_day_and_daily_with_interval() {
        assert_eq!(
            days(
                "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                "2024-03-10 02:00",
                "2026-12-31 00:00"
            ),
            ["2024-03-10 Sun", "2025-03-09 Sun", "2026-03-08 Sun"]
        );
        assert_eq!(
            days(
                "FREQ=DAILY;INTERVAL=3",
                "2026-09-01 07:00",
                "2026-09-10 07:00"
            ),
            [
                "2026-09-01 Tue",
                "2026-09-04 Fri",
                "2026-09-07 Mon",
                "2026-09-10 Thu"
            ]
        );
    }

    #[test]
    fn a_utc_until_is_compared_as_an_instant() {
        let rule = Rule::parse("FREQ=DAILY;UNTIL=20260903T120000Z").unwrap();
        // Wall clock UTC+13: 2026-09-04 07:00 there is 2026-09-03 18:00 UTC, after UNTIL.
        let to_utc = |local: NaiveDateTime| local - chrono::Duration::hours(13);
        let found = expand(
            &rule,
            at("2026-09-01 07:00"),
            &to_utc,
            at("2027-01-01 00:00"),
            &mut plenty(),
        )
        .unwrap();
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn an_until_before_the_start_leaves_the_start_alone() {
        for until in ["20260801T000000Z", "20260801T070000", "20260831"] {
            let rule = Rule::parse(&format!("FREQ=WEEKLY;UNTIL={until}")).unwrap();
            let found = expand(
                &rule,
                at("2026-09-01 07:00"),
                &|local| local,
                at("2027-01-01 00:00"),
                &mut plenty(),
            )
            .unwrap();
            assert_eq!(found, [at("2026-09-01 07:00")], "{until}");
        }
    }

    #[test]
    fn parts_not_followed_are_errors() {
        assert_eq!(
            Rule::parse("FREQ=HOURLY").unwrap_err(),
            "FREQ=HOURLY: expected DAILY, WEEKLY, MONTHLY or YEARLY (netaudit imports meetings, not hourly reminders)"
        );
        assert_eq!(
            Rule::parse("FREQ=DAILY;BYHOUR=9,17").unwrap_err(),
            "BYHOUR=9,17: expected one hour, 0 to 23"
        );
        assert!(
            Rule::parse("FREQ=YEARLY;BYWEEKNO=20")
                .unwrap_err()
                .starts_with("BYWEEKNO is not supported")
        );
        assert!(Rule::parse("FREQ=WEEKLY;BYDAY=1TU").is_err());
        assert!(Rule::parse("INTERVAL=2").is_err());
    }

    #[test]
    fn one_hour_minute_and_second_place_each_occurrence_in_its_day() {
        // Lotus Notes places a zone's change of clocks so: the last Sunday of March, 02:00.
        let rule = Rule::parse("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2;BYMINUTE=0").unwrap();
        let found = expand(
            &rule,
            at("1970-03-29 02:00"),
            &|local| local,
            at("1972-12-31 00:00"),
            &mut plenty(),
        )
        .unwrap();
        assert_eq!(
            found,
            [
                at("1970-03-29 02:00"),
                at("1971-03-28 02:00"),
                at("1972-03-26 02:00")
            ]
        );
        let rule = Rule::parse("FREQ=DAILY;COUNT=3;BYHOUR=9;BYMINUTE=30").unwrap();
        let found = expand(
            &rule,
            at("2026-09-01 08:00"),
            &|local| local,
            at("2026-12-31 00:00"),
            &mut plenty(),
        )
        .unwrap();
        assert_eq!(
            found,
            [
                at("2026-09-01 08:00"),
                at("2026-09-01 09:30"),
                at("2026-09-02 09:30")
            ]
        );
    }

    #[test]
    fn a_rule_that_never_matches_ends_at_the_last_day() {
        let rule = Rule::parse("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2").unwrap();
        let found = expand(
            &rule,
            at("2026-01-31 09:00"),
            &|l| l,
            at("2100-01-01 00:00"),
            &mut plenty(),
        )
        .unwrap();
        assert_eq!(found, [at("2026-01-31 09:00")]);
    }

    #[test]
    fn the_budget_is_spent_as_the_rule_is_followed_not_after() {
        let rule = Rule::parse("FREQ=DAILY;COUNT=99999").unwrap();
        let mut budget = Budget {
            occurrences: 1_000,
            periods: u64::MAX,
        };
        let spent = expand(
            &rule,
            at("1800-01-01 09:00"),
            &|l| l,
            at("2100-01-01 00:00"),
            &mut budget,
        );
        assert_eq!(spent, Err(Spent::Occurrences));
        assert_eq!(budget.occurrences, 0);

        let never = Rule::parse("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30").unwrap();
        let mut budget = Budget {
            occurrences: 10,
            periods: 5_000,
        };
        let spent = expand(
            &never,
            at("0001-01-01 09:00"),
            &|l| l,
            at("2100-01-01 00:00"),
            &mut budget,
        );
        assert_eq!(spent, Err(Spent::Periods));
        assert_eq!(budget.periods, 0);
    }

    #[test]
    fn a_list_that_repeats_itself_is_kept_once() {
        let many = vec!["1MO"; 300_000].join(",");
        let rule = Rule::parse(&format!("FREQ=YEARLY;BYDAY={many},-1FR,1MO")).unwrap();
        assert_eq!(
            rule.by_day,
            [(Some(-1), Weekday::Fri), (Some(1), Weekday::Mon)]
        );
        let rule = Rule::parse("FREQ=MONTHLY;BYMONTHDAY=5,1,5,1").unwrap();
        assert_eq!(rule.by_month_day, [1, 5]);
    }
}
