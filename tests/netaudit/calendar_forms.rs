//! Calendars as the programs that write them lay them out: Outlook's escaped TZIDs and
//! zones by display name, Lotus Notes' zone rules, Google's all-day RDATEs, overrides of
//! an occurrence and all after it, and a rule netaudit does not follow, which leaves one
//! event out rather than the whole file. Each fixture is written in its program's form.

use crate::common::{Output, Workdir, run};

/// `import calendar cal.ics --group Club --dry-run` of `ics` (CRLF line ends, as every one
/// of these programs writes), dated in Europe/Berlin, with `extra` flags.
fn import(ics: &str, extra: &[&str]) -> Output {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "time_zone = \"Europe/Berlin\"\n");
    dir.write("cal.ics", ics.replace('\n', "\r\n"));
    let mut args = vec!["--dry-run"];
    args.extend_from_slice(extra);
    import_in(&dir, "cal.ics", &args)
}

/// `import calendar FILE --group Club --file log.csv --to 2026-11-01` and `extra`, in `dir`.
fn import_in(dir: &Workdir, file: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "calendar",
        file,
        "--group",
        "Club",
        "--file",
        "log.csv",
        "--to",
        "2026-11-01",
    ];
    args.extend_from_slice(extra);
    run(&mut dir.netaudit(&args))
}

/// The rows a dry run shows, without the header.
fn rows(output: &Output) -> Vec<&str> {
    assert_eq!(output.code, 0, "{}", output.stderr);
    output.stdout.lines().skip(1).collect()
}

#[test]
fn an_outlook_tzid_with_an_escaped_comma_is_the_zone_of_that_name() {
    // Outlook 12 and Exchange write the VTIMEZONE's TZID as TEXT (`\,` a comma), and the
    // parameter that names it quoted.
    let output = import(
        "BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 12.0 MIMEDIR//EN\n\
         VERSION:2.0\nMETHOD:PUBLISH\nBEGIN:VTIMEZONE\nTZID:Kuala Lumpur\\, Singapore\n\
         BEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0800\nTZOFFSETTO:+0800\n\
         END:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\n\
         DTSTART;TZID=\"Kuala Lumpur, Singapore\":20261006T083000\n\
         DTEND;TZID=\"Kuala Lumpur, Singapore\":20261006T100000\nSUMMARY:Chapter\n\
         UID:040000008200E00074C5B7101A82E008\nEND:VEVENT\nEND:VCALENDAR\n",
        &[],
    );
    assert_eq!(
        rows(&output),
        ["2026-10-06,Club,1,1.5,,,,,,,,040000008200E00074C5B7101A82E008 20261006T003000Z"]
    );
}

#[test]
fn outlook_web_access_zones_by_display_name_are_windows_zones() {
    // No VTIMEZONE: the TZID is the name Windows shows, as now (UTC) or before Vista (GMT).
    let event = |uid: &str, tzid: &str, start: &str| {
        format!(
            "BEGIN:VEVENT\nUID:{uid}\nSUMMARY:Chapter\nDTSTART;TZID=\"{tzid}\":{start}\n\
             DURATION:PT1H\nEND:VEVENT\n"
        )
    };
    let output = import(
        &format!(
            "BEGIN:VCALENDAR\nPRODID:Microsoft Exchange Server 2010\nVERSION:2.0\n{}{}{}END:VCALENDAR\n",
            event(
                "a",
                "(GMT+10:00) Canberra, Melbourne, Sydney",
                "20261006T180000"
            ),
            event(
                "b",
                "(UTC-05:00) Eastern Time (US & Canada)",
                "20261007T090000"
            ),
            event("c", "(UTC) Coordinated Universal Time", "20261008T090000"),
        ),
        &[],
    );
    // Sydney keeps summer time from 4 October (UTC+11), New York until 1 November (UTC-4).
    assert_eq!(
        rows(&output),
        [
            "2026-10-06,Club,1,1,,,,,,,,a 20261006T070000Z",
            "2026-10-07,Club,1,1,,,,,,,,b 20261007T130000Z",
            "2026-10-08,Club,1,1,,,,,,,,c 20261008T090000Z",
        ]
    );
    let output = import(
        &format!(
            "BEGIN:VCALENDAR\n{}END:VCALENDAR\n",
            event("d", "(GMT+25:00) Nowhere", "20261006T180000")
        ),
        &[],
    );
    assert_eq!(output.code, 2);
    assert!(
        output
            .stderr
            .contains("cal.ics:5: DTSTART: time zone \"(GMT+25:00) Nowhere\" is neither"),
        "{}",
        output.stderr
    );
}

#[test]
fn lotus_notes_zone_rules_are_followed_to_their_hour_and_minute() {
    let output = import(
        "BEGIN:VCALENDAR\nPRODID:-//Lotus Development Corporation//NONSGML Notes 8.5//EN\n\
         VERSION:2.0\nBEGIN:VTIMEZONE\nTZID:W. Europe\nBEGIN:STANDARD\n\
         DTSTART:19501029T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n\
         RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=3;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\n\
         BEGIN:DAYLIGHT\nDTSTART:19500326T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n\
         RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\n\
         END:VTIMEZONE\nBEGIN:VEVENT\nDTSTART;TZID=\"W. Europe\":20261006T090000\n\
         DTEND;TZID=\"W. Europe\":20261006T103000\nSUMMARY:Chapter\nUID:notes-1\n\
         END:VEVENT\nBEGIN:VEVENT\nDTSTART;TZID=\"W. Europe\":20261027T090000\n\
         DTEND;TZID=\"W. Europe\":20261027T103000\nSUMMARY:After the change\nUID:notes-2\n\
         END:VEVENT\nEND:VCALENDAR\n",
        &[],
    );
    // Summer time (UTC+2) until the last Sunday of October, 25 October; then UTC+1.
    assert_eq!(
        rows(&output),
        [
            "2026-10-06,Club,1,1.5,,,,,,,,notes-1 20261006T070000Z",
            "2026-10-27,Club,1,1.5,,,,,,,,notes-2 20261027T080000Z",
        ]
    );
}

#[test]
fn an_event_whose_rule_is_not_followed_is_left_out_and_named_not_the_calendar() {
    let output = import(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:kept\nSUMMARY:Chapter\nDTSTART:20261006T070000Z\n\
         DURATION:PT1H\nEND:VEVENT\nBEGIN:VEVENT\nUID:weekno\nSUMMARY:Week 20 retreat\n\
         DTSTART:20260511T070000Z\nDURATION:PT1H\nRRULE:FREQ=YEARLY;BYWEEKNO=20\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:weekno\nSUMMARY:Moved retreat\nRECURRENCE-ID:20260511T070000Z\n\
         DTSTART:20260512T070000Z\nDURATION:PT1H\nEND:VEVENT\nEND:VCALENDAR\n",
        &[],
    );
    // The event and its override are left out together; the other is imported.
    assert_eq!(
        rows(&output),
        ["2026-10-06,Club,1,1,,,,,,,,kept 20261006T070000Z"]
    );
    assert!(
        output.stderr.contains(
            "left out: 1 event whose repeat rule netaudit does not follow\n  cal.ics:13: RRULE: \
             BYWEEKNO is not supported; import this event with a rule of days, weeks, months or \
             years (the event \"Week 20 retreat\")"
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn google_s_all_day_rdates_written_in_utc_are_dates() {
    // Google's birthdays calendar.
    let ics = "BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\n\
               VERSION:2.0\nX-WR-CALNAME:Birthdays\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20131010\n\
               DTEND;VALUE=DATE:20131011\nRRULE:FREQ=YEARLY\nRDATE:20131010Z\n\
               UID:2_birthday_abc@google.com\nSUMMARY:Dana's birthday\nEND:VEVENT\n\
               END:VCALENDAR\n";
    let output = import(ics, &["--from", "2026-01-01"]);
    assert_eq!(rows(&output), Vec::<&str>::new());
    assert!(
        output
            .stderr
            .contains("all-day (--all-day-hours H imports them)"),
        "{}",
        output.stderr
    );
    let output = import(ics, &["--from", "2026-01-01", "--all-day-hours", "1"]);
    assert_eq!(
        rows(&output),
        ["2026-10-10,Club,1,1,,,,,,,,2_birthday_abc@google.com 20261010"]
    );
}

#[test]
fn an_override_of_this_and_future_occurrences_moves_every_later_one() {
    // Weekly on Tuesdays at 07:00 UTC; from 22 September, Wednesdays at 08:00 for two
    // hours (RFC 5545, 3.8.4.4).
    let output = import(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nSUMMARY:Chapter\nDTSTART:20260901T070000Z\n\
         DTEND:20260901T083000Z\nRRULE:FREQ=WEEKLY;COUNT=6\nEND:VEVENT\nBEGIN:VEVENT\n\
         UID:s\nSUMMARY:Chapter, new day\nRECURRENCE-ID;RANGE=THISANDFUTURE:20260922T070000Z\n\
         DTSTART:20260923T080000Z\nDTEND:20260923T100000Z\nEND:VEVENT\nEND:VCALENDAR\n",
        &[],
    );
    assert_eq!(
        rows(&output),
        [
            "2026-09-01,Club,1,1.5,,,,,,,,s 20260901T070000Z",
            "2026-09-08,Club,1,1.5,,,,,,,,s 20260908T070000Z",
            "2026-09-15,Club,1,1.5,,,,,,,,s 20260915T070000Z",
            "2026-09-23,Club,1,2,,,,,,,,s 20260922T070000Z",
            "2026-09-30,Club,1,2,,,,,,,,s 20260929T070000Z",
            "2026-10-07,Club,1,2,,,,,,,,s 20261006T070000Z",
        ]
    );
}

/// A stand-up at 09:30 in Sydney, 22:30 UTC the day before.
const SYDNEY: &str = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:standup\nSUMMARY:Stand-up\n\
                      DTSTART;TZID=Australia/Sydney:20261006T093000\nDURATION:PT30M\n\
                      END:VEVENT\nEND:VCALENDAR\n";

#[test]
fn a_meeting_is_dated_where_its_zone_says_it_happens() {
    // A cron job on a server in UTC.
    let dir = Workdir::new();
    dir.write("netaudit.toml", "time_zone = \"UTC\"\n");
    dir.write("cal.ics", SYDNEY);
    let output = import_in(&dir, "cal.ics", &["--dry-run"]);
    assert_eq!(
        rows(&output),
        ["2026-10-06,Club,1,0.5,,,,,,,,standup 20261005T223000Z"]
    );
    // A time in UTC is dated in the user's zone: the config's, else the calendar's own.
    let utc = "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Australia/Sydney\nBEGIN:VEVENT\nUID:u\n\
               SUMMARY:Stand-up\nDTSTART:20261005T223000Z\nDURATION:PT30M\nEND:VEVENT\n\
               END:VCALENDAR\n";
    dir.write("utc.ics", utc);
    assert_eq!(
        rows(&import_in(&dir, "utc.ics", &["--dry-run"])),
        ["2026-10-05,Club,1,0.5,,,,,,,,u 20261005T223000Z"]
    );
    std::fs::remove_file(dir.path().join("netaudit.toml")).unwrap();
    assert_eq!(
        rows(&import_in(&dir, "utc.ics", &["--dry-run"])),
        ["2026-10-06,Club,1,0.5,,,,,,,,u 20261005T223000Z"]
    );
}

#[test]
fn rows_dated_by_the_machine_s_zone_before_are_listed_and_redate_moves_them() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "time_zone = \"UTC\"\n");
    dir.write("cal.ics", SYDNEY);
    // As an import dated it before, by the machine's zone, beside a row typed by hand.
    let before = "date,group,meetings,hours,note,source\r\n\
                  2026-10-05,Club,1,0.5,,standup 20261005T223000Z\r\n\
                  2026-10-05,Club,,1,\"typed, by hand\",\r\n";
    dir.write("log.csv", before);
    let output = import_in(&dir, "cal.ics", &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains(
            "1 already in the log dated differently before (a meeting is now dated by its own \
             time zone); import with --redate to move it:\n  standup 20261005T223000Z: \
             2026-10-05 to 2026-10-06\n"
        ),
        "{}",
        output.stderr
    );
    let log = || std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert_eq!(log(), before);
    let output = import_in(&dir, "cal.ics", &["--redate"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("moved 1 row imported before to the day the import now gives it:"),
        "{}",
        output.stderr
    );
    assert_eq!(
        log(),
        before.replacen("2026-10-05,Club,1", "2026-10-06,Club,1", 1)
    );
    let output = import_in(&dir, "cal.ics", &[]);
    assert!(
        output.stderr.contains("0 added, 1 already in the log")
            && !output.stderr.contains("differently"),
        "{}",
        output.stderr
    );
}
