//! `netaudit import`: calendars, time trackers and PALMS reports become log rows, once.

use crate::common::{Workdir, fails_with, run, succeeds};
use std::time::{Duration, Instant};

/// The last day the tests import up to.
const TO: &str = "2026-11-01";

const CONFIG: &str = r#"time_zone = "Europe/Berlin"
me = ["me@example.com"]

[groups."Harbor City BNI"]
match = ["BNI Harbor*", "*harbor city*"]
travel_hours = 0.5

[groups."Chamber"]
match = ["chamber*"]
"#;

/// A Google-style calendar that exercises every rule: each recurrence form, EXDATE,
/// RDATE with a period, overrides that move and cancel, declined, cancelled and all-day
/// events, zones by IANA and Windows name, floating times, and a one-off after the end.
const GOOGLE: &str = r#"BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-CALNAME:Networking
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:harbor@example.com
SUMMARY:BNI Harbor City
DTSTART;TZID=Europe/Berlin:20260901T070000
DTEND;TZID=Europe/Berlin:20260901T083000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261006T050000Z
EXDATE;TZID=Europe/Berlin:20260915T070000
END:VEVENT
BEGIN:VEVENT
UID:harbor@example.com
SUMMARY:BNI Harbor City (moved to Thursday)
RECURRENCE-ID;TZID=Europe/Berlin:20260922T070000
DTSTART;TZID=Europe/Berlin:20260924T180000
DTEND;TZID=Europe/Berlin:20260924T193000
END:VEVENT
BEGIN:VEVENT
UID:harbor@example.com
SUMMARY:BNI Harbor City
RECURRENCE-ID:20260929T050000Z
DTSTART;TZID=Europe/Berlin:20260929T070000
DTEND;TZID=Europe/Berlin:20260929T083000
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:chamber-breakfast@example.com
SUMMARY:Breakfast
LOCATION:Chamber House
CATEGORIES:Chamber,Breakfast
DTSTART;TZID=W. Europe Standard Time:20260804T080000
DTEND;TZID=W. Europe Standard Time:20260804T090000
RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=4
END:VEVENT
BEGIN:VEVENT
UID:lunch@example.com
SUMMARY:Referral lunch (Harbor City)
DTSTART:20260828T120000
DTEND:20260828T133000
RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261030T120000
END:VEVENT
BEGIN:VEVENT
UID:review@example.com
SUMMARY:Chamber month-end review
DTSTART;TZID=Europe/Berlin:20260831T170000
DURATION:PT45M
RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:visitors@example.com
SUMMARY:Harbor City BNI visitor days
DTSTART;TZID=Europe/Berlin:20261012T090000
DTEND;TZID=Europe/Berlin:20261012T100000
RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:gala@example.com
SUMMARY:Chamber annual gala
DTSTART:20250919T170000Z
DTEND:20250919T220000Z
RRULE:FREQ=YEARLY;COUNT=2
END:VEVENT
BEGIN:VEVENT
UID:power-team@example.com
SUMMARY:BNI Harbor City power team
DTSTART;TZID=Europe/Berlin:20260903T180000
DTEND;TZID=Europe/Berlin:20260903T190000
RDATE;TZID=Europe/Berlin:20260917T180000,20261001T180000
RDATE;VALUE=PERIOD:20261015T160000Z/PT2H30M
END:VEVENT
BEGIN:VEVENT
UID:mixer@example.com
SUMMARY:Chamber mixer
DTSTART:20261008T170000Z
DTEND:20261008T190000Z
ORGANIZER;CN=Host:mailto:host@example.com
ATTENDEE;CN=Someone;PARTSTAT=ACCEPTED:mailto:someone@example.com
ATTENDEE;CN="Me, myself";PARTSTAT=DECLINED:mailto:Me@Example.com
END:VEVENT
BEGIN:VEVENT
UID:social@example.com
SUMMARY:BNI Harbor City social
DTSTART:20261009T170000Z
DTEND:20261009T190000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:fair@example.com
SUMMARY:Chamber trade fair
DTSTART;VALUE=DATE:20261020
DTEND;VALUE=DATE:20261022
END:VEVENT
BEGIN:VEVENT
UID:one-to-one@example.com
SUMMARY:Harbor City BNI one-to-one with Dana
DTSTART:20261021T080000Z
END:VEVENT
BEGIN:VEVENT
UID:webinar@example.com
SUMMARY:Chamber webinar
DTSTART:20261027T230000Z
DTEND:20261028T000000Z
END:VEVENT
BEGIN:VEVENT
UID:dentist@example.com
SUMMARY:Dentist
DTSTART:20261002T080000Z
DTEND:20261002T090000Z
END:VEVENT
BEGIN:VEVENT
UID:planning@example.com
SUMMARY:BNI Harbor City planning
DTSTART:20261110T080000Z
DTEND:20261110T090000Z
END:VEVENT
END:VCALENDAR
"#;

/// An Outlook-style calendar, as a second VCALENDAR in the same file: CRLF line ends, a
/// folded line, a quoted-printable summary with a soft line break, and a zone its own
/// VTIMEZONE defines under a Windows display name.
const OUTLOOK: &str = r#"BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:(UTC-05:00) Eastern Time (US & Canada)
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
SUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Chamber =E2=80=93 New York =
chapter call
DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)":20261019T120000
DTEND;TZID="(UTC-05:00) Eastern Time (US & Canada)":20261019T130000
UID:040000008200E00074C5B7101A82E0080000000
LOCATION:Zo
 om
END:VEVENT
BEGIN:VEVENT
SUMMARY:Harbor City BNI prep
DTSTART:20261026T090000
DTEND:20261026T094500
UID:040000008200E00074C5B7101A82E0080000001
END:VEVENT
END:VCALENDAR
"#;

fn calendar() -> String {
    format!("{GOOGLE}{}", OUTLOOK.replace('\n', "\r\n"))
}

/// What the calendar gives, reviewed row by row against the calendar above.
const EXPECTED: &str = r#"date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note,source
2025-09-19,Chamber,1,5,,,,,,,,gala@example.com 20250919T170000Z
2026-08-04,Chamber,1,1,,,,,,,,chamber-breakfast@example.com 20260804T060000Z
2026-08-28,Harbor City BNI,1,2,,,,,,,,lunch@example.com 20260828T120000
2026-08-31,Chamber,1,0.75,,,,,,,,review@example.com 20260831T150000Z
2026-09-01,Chamber,1,1,,,,,,,,chamber-breakfast@example.com 20260901T060000Z
2026-09-01,Harbor City BNI,1,2,,,,,,,,harbor@example.com 20260901T050000Z
2026-09-03,Harbor City BNI,1,1.5,,,,,,,,power-team@example.com 20260903T160000Z
2026-09-08,Harbor City BNI,1,2,,,,,,,,harbor@example.com 20260908T050000Z
2026-09-17,Harbor City BNI,1,1.5,,,,,,,,power-team@example.com 20260917T160000Z
2026-09-19,Chamber,1,5,,,,,,,,gala@example.com 20260919T170000Z
2026-09-24,Harbor City BNI,1,2,,,,,,,,harbor@example.com 20260922T050000Z
2026-09-25,Harbor City BNI,1,2,,,,,,,,lunch@example.com 20260925T120000
2026-09-30,Chamber,1,0.75,,,,,,,,review@example.com 20260930T150000Z
2026-10-01,Harbor City BNI,1,1.5,,,,,,,,power-team@example.com 20261001T160000Z
2026-10-06,Chamber,1,1,,,,,,,,chamber-breakfast@example.com 20261006T060000Z
2026-10-06,Harbor City BNI,1,2,,,,,,,,harbor@example.com 20261006T050000Z
2026-10-12,Harbor City BNI,1,1.5,,,,,,,,visitors@example.com 20261012T070000Z
2026-10-14,Harbor City BNI,1,1.5,,,,,,,,visitors@example.com 20261014T070000Z
2026-10-15,Harbor City BNI,1,3,,,,,,,,power-team@example.com 20261015T160000Z
2026-10-16,Harbor City BNI,1,1.5,,,,,,,,visitors@example.com 20261016T070000Z
2026-10-19,Chamber,1,1,,,,,,,,040000008200E00074C5B7101A82E0080000000 20261019T160000Z
2026-10-21,Harbor City BNI,1,1.5,,,,,,,,one-to-one@example.com 20261021T080000Z
2026-10-26,Harbor City BNI,1,1.25,,,,,,,,040000008200E00074C5B7101A82E0080000001 20261026T090000
2026-10-28,Chamber,1,1,,,,,,,,webinar@example.com 20261027T230000Z
2026-10-30,Harbor City BNI,1,2,,,,,,,,lunch@example.com 20261030T120000
2026-10-30,Chamber,1,0.75,,,,,,,,review@example.com 20261030T160000Z
"#;

fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write("netaudit.toml", CONFIG);
    dir.write("cal.ics", calendar());
    dir
}

/// `netaudit import ARGS --to TO`, to run or to expect to fail.
fn importing(dir: &Workdir, args: &[&str]) -> assert_cmd::Command {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--to", TO]);
    dir.netaudit(&all)
}

fn import(dir: &Workdir, args: &[&str]) -> crate::common::Output {
    run(&mut importing(dir, args))
}

/// The fixture calendar imported into log.csv, with `extra` flags.
fn import_calendar(dir: &Workdir, extra: &[&str]) -> crate::common::Output {
    let mut args = vec!["calendar", "cal.ics", "--file", "log.csv"];
    args.extend_from_slice(extra);
    import(dir, &args)
}

#[test]
fn a_calendar_gives_one_row_per_occurrence_by_every_rule() {
    let dir = setup();
    let output = import_calendar(&dir, &["--dry-run", "--show-unmatched"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stdout, EXPECTED);
    assert_eq!(
        output.stderr,
        "netaudit: 1 item no group's `match` patterns fit:\n  2026-10-02 \"Dentist\"\n\
         netaudit: log.csv: 26 to add (--dry-run: nothing written), 0 already in the log, 1 unmatched\n\
         netaudit: left out: 2 cancelled, 1 declined, 1 all-day (--all-day-hours H imports them), 1 after 2026-11-01\n"
    );
    assert!(
        !dir.path().join("log.csv").exists(),
        "a dry run writes nothing"
    );
}

#[test]
fn importing_again_adds_nothing_and_the_rows_make_a_report() {
    let dir = setup();
    let first = import_calendar(&dir, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, "");
    assert!(
        first.stderr.contains(
            "log.csv: 26 added, 0 already in the log, 1 unmatched (--show-unmatched lists them)"
        ),
        "{}",
        first.stderr
    );
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert_eq!(log, EXPECTED);
    let again = import_calendar(&dir, &[]);
    assert!(
        again
            .stderr
            .contains("log.csv: 0 added, 26 already in the log, 1 unmatched"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("log.csv")).unwrap(),
        log
    );
    let report =
        run(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02", "-O", "csv"]));
    // Every Harbor City row of the twelve months: 16 meetings, 28.75 hours.
    assert!(
        report.stdout.contains("2026-10,Harbor City BNI,16,28.75,"),
        "{}",
        report.stdout
    );
    // Nothing beside the log but the record `import --undo` reads.
    assert!(
        (dir.files().iter())
            .all(|name| !name.starts_with('.') || name == ".log.csv.netaudit-undo-import"),
        "{:?}",
        dir.files()
    );
}

#[test]
fn all_day_events_import_with_the_hours_asked_for() {
    let dir = setup();
    let output = import_calendar(&dir, &["--dry-run", "--all-day-hours", "6"]);
    assert!(
        output
            .stdout
            .contains("\n2026-10-20,Chamber,1,6,,,,,,,,fair@example.com 20261020\n"),
        "{}",
        output.stdout
    );
    assert!(!output.stderr.contains("all-day"), "{}", output.stderr);
}

/// A log kept by hand: CRLF, a column of the user's own, a note over two lines.
const HAND_LOG: &str = "date,group,meetings,hours,Lead source,note\r\n\
    2026-08-04,Harbor City BNI,1,1.5,Dana,\"first line\r\nsecond, \"\"quoted\"\"\"\r\n\
    2026-08-11,Harbor City BNI,1,1.5,,\r\n";

#[test]
fn an_event_whose_until_is_before_its_start_is_its_start_alone() {
    let dir = setup();
    dir.write(
        "one.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:BNI Harbor City\nDTSTART:20260818T050000Z\n\
         DTEND:20260818T063000Z\nRRULE:FREQ=WEEKLY;UNTIL=20260801T000000Z\nEND:VEVENT\n\
         END:VCALENDAR\n",
    );
    let dry = import(
        &dir,
        &["calendar", "one.ics", "--file", "log.csv", "--dry-run"],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        dry.stdout.lines().skip(1).collect::<Vec<_>>(),
        ["2026-08-18,Harbor City BNI,1,2,,,,,,,,a 20260818T050000Z"]
    );
}

#[test]
fn a_log_without_a_source_column_gets_one_and_keeps_its_rows() {
    let dir = setup();
    let config = format!("log = [\"hand.csv\"]\nignore_columns = [\"Lead source\"]\n{CONFIG}");
    dir.write("netaudit.toml", config);
    dir.write("hand.csv", HAND_LOG);
    dir.write("one.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:BNI Harbor City\nDTSTART:20260818T050000Z\nDTEND:20260818T063000Z\nEND:VEVENT\nEND:VCALENDAR\n");
    let dry = import(&dir, &["calendar", "one.ics", "--dry-run"]);
    assert_eq!(
        dry.stdout,
        "date,group,meetings,hours,Lead source,note,source\r\n2026-08-18,Harbor City BNI,1,2,,,a 20260818T050000Z\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hand.csv")).unwrap(),
        HAND_LOG
    );
    let output = import(&dir, &["calendar", "one.ics"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hand.csv")).unwrap(),
        "date,group,meetings,hours,Lead source,note,source\r\n\
         2026-08-04,Harbor City BNI,1,1.5,Dana,\"first line\r\nsecond, \"\"quoted\"\"\",\r\n\
         2026-08-11,Harbor City BNI,1,1.5,,,\r\n\
         2026-08-18,Harbor City BNI,1,2,,,a 20260818T050000Z\r\n"
    );
    succeeds(&mut dir.netaudit(&["check", "-q"]));
    let again = import(&dir, &["calendar", "one.ics"]);
    assert!(
        again.stderr.contains("0 added, 1 already in the log"),
        "{}",
        again.stderr
    );
}

#[test]
fn an_item_two_groups_match_is_an_error_naming_both_patterns() {
    let dir = setup();
    dir.write(
        "netaudit.toml",
        format!("{CONFIG}\n[groups.\"Harbor Lunch\"]\nmatch = [\"referral lunch*\"]\n"),
    );
    fails_with(
        &mut importing(&dir, &["calendar", "cal.ics", "--file", "log.csv"]),
        &[
            "2026-08-28 \"Referral lunch (Harbor City)\" fits two groups",
            "groups.\"Harbor City BNI\" by \"*harbor city*\"",
            "groups.\"Harbor Lunch\" by \"referral lunch*\"",
        ],
    );
    assert!(!dir.path().join("log.csv").exists());
}

#[test]
fn calendar_problems_name_the_file_and_line() {
    let dir = setup();
    let event = |lines: &str| {
        format!(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:BNI Harbor City\n{lines}\nEND:VEVENT\nEND:VCALENDAR\n"
        )
    };
    let cases = [
        (
            "DTSTART;TZID=Mars/Olympus:20260901T070000",
            "bad.ics:5: DTSTART: time zone \"Mars/Olympus\" is neither an IANA name",
        ),
        (
            "DTSTART:2026-09-01",
            "bad.ics:5: DTSTART: expected a date (20260901) or a date-time",
        ),
        (
            "DTSTART:20260901T070000\nDTEND:20260901T060000",
            "bad.ics:6: DTEND: ends before DTSTART",
        ),
    ];
    for (lines, message) in cases {
        dir.write("bad.ics", event(lines));
        fails_with(
            &mut importing(&dir, &["calendar", "bad.ics", "--file", "log.csv"]),
            &[message],
        );
    }
    dir.write("bad.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n");
    fails_with(
        &mut importing(&dir, &["calendar", "bad.ics", "--file", "log.csv"]),
        &["bad.ics:2: BEGIN:VEVENT is never closed by END:VEVENT"],
    );
    assert!(!dir.path().join("log.csv").exists());
}

#[test]
fn the_log_is_never_one_of_the_files_imported() {
    let dir = setup();
    std::fs::copy(dir.path().join("cal.ics"), dir.path().join("log.csv")).unwrap();
    let before = std::fs::read(dir.path().join("log.csv")).unwrap();
    fails_with(
        &mut importing(&dir, &["calendar", "./log.csv", "--file", "log.csv"]),
        &["./log.csv is both a file to import and the log to add to"],
    );
    assert_eq!(std::fs::read(dir.path().join("log.csv")).unwrap(), before);
}

#[test]
fn a_calendar_whose_events_repeat_without_bound_is_refused() {
    let dir = setup();
    let mut calendar = String::from("BEGIN:VCALENDAR\n");
    for n in 0..3 {
        calendar += &format!(
            "BEGIN:VEVENT\nUID:d{n}\nSUMMARY:BNI Harbor City\nDTSTART:18000101T0{n}0000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n"
        );
    }
    dir.write("daily.ics", calendar + "END:VCALENDAR\n");
    fails_with(
        &mut importing(&dir, &["calendar", "daily.ics", "--file", "log.csv"]),
        &[
            "daily.ics:18: RRULE: with this rule, the file's events repeat more than 200000 times \
           up to 2026-11-01",
        ],
    );
}

#[test]
fn only_the_past_is_imported() {
    let dir = setup();
    fails_with(
        &mut dir.netaudit(&["import", "calendar", "cal.ics", "--to", "2999-01-01"]),
        &["--to 2999-01-01 is after today"],
    );
    let output = import_calendar(&dir, &["--dry-run", "--from", "2026-10-20"]);
    assert!(
        output
            .stdout
            .lines()
            .skip(1)
            .all(|row| &row[..10] >= "2026-10-20"),
        "{}",
        output.stdout
    );
    assert!(
        output.stderr.contains("22 before 2026-10-20"),
        "{}",
        output.stderr
    );
}

const TOGGL: &str = "\u{feff}User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n\
    Dana Reyes,dana@example.com,Harbor City BNI,Networking,,Weekly meeting,No,2026-10-06,07:00:00,2026-10-06,08:30:00,01:30:00,bni,\n\
    Dana Reyes,dana@example.com,,Chamber,,\"Mixer, with guests\",No,2026-10-08,18:00:00,2026-10-08,20:15:00,02:15:00,,\n\
    Dana Reyes,dana@example.com,Acme,Client work,,Design,Yes,2026-10-09,09:00:00,2026-10-09,12:00:00,03:00:00,,300.00\n";

const CLOCKIFY: &str = "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)\n\
    Networking,Harbor City BNI,Weekly meeting,,Dana Reyes,,dana@example.com,bni,No,10/06/2026,07:00:00 AM,10/06/2026,08:30:00 AM,01:30:00,1.50,0.00,0.00\n\
    Networking,Harbor City BNI,One-to-one,,Dana Reyes,,dana@example.com,\"bni, 1-2-1\",No,10/13/2026,12:00:00 PM,10/13/2026,12:40:00 PM,00:40:00,0.67,0.00,0.00\n";

const HARVEST: &str = "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL,Employee Id,Teams\n\
    2026-10-06,Harbor City BNI,Networking,,Meeting,Weekly meeting,1.5,1.5,No,No,No,Dana,Reyes,,Yes,0,0,0,0,USD,,17,\n\
    2026-10-06,Harbor City BNI,Networking,,Meeting,Weekly meeting,1.5,1.5,No,No,No,Dana,Reyes,,Yes,0,0,0,0,USD,,17,\n\
    2026-10-20,Chamber,Events,,Meeting,,2.25,2.25,No,No,No,Dana,Reyes,,Yes,0,0,0,0,USD,,17,\n";

#[test]
fn time_trackers_give_hours_on_their_dates() {
    let dir = setup();
    let config = CONFIG.replace(
        "travel_hours = 0.5",
        "travel_hours = 0.5\nentries_are_meetings = true",
    );
    dir.write("netaudit.toml", config);
    dir.write("toggl.csv", TOGGL);
    dir.write("clockify.csv", CLOCKIFY);
    dir.write("harvest.csv", HARVEST);
    let toggl = import(
        &dir,
        &[
            "toggl",
            "toggl.csv",
            "--file",
            "log.csv",
            "--dry-run",
            "--show-unmatched",
        ],
    );
    assert_eq!(
        toggl.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-10-06,Harbor City BNI,1,1.5,,,,,,,,toggl:2026-10-06 07:00:00 Networking Weekly meeting",
            "2026-10-08,Chamber,,2.25,,,,,,,,\"toggl:2026-10-08 18:00:00 Chamber Mixer, with guests\"",
        ]
    );
    assert!(
        toggl
            .stderr
            .contains("2026-10-09 \"Client work\" (\"Acme\"): \"Design\""),
        "{}",
        toggl.stderr
    );
    let clockify = import(
        &dir,
        &["clockify", "clockify.csv", "--file", "log.csv", "--dry-run"],
    );
    assert_eq!(
        clockify.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-10-06,Harbor City BNI,1,1.5,,,,,,,,clockify:2026-10-06 07:00:00 AM Networking Weekly meeting",
            "2026-10-13,Harbor City BNI,1,0.67,,,,,,,,clockify:2026-10-13 12:00:00 PM Networking One-to-one",
        ]
    );
    let harvest = import(
        &dir,
        &["harvest", "harvest.csv", "--file", "log.csv", "--dry-run"],
    );
    assert_eq!(
        harvest.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-10-06,Harbor City BNI,1,1.5,,,,,,,,harvest:2026-10-06 Networking Weekly meeting",
            "2026-10-06,Harbor City BNI,1,1.5,,,,,,,,harvest:2026-10-06 Networking Weekly meeting #2",
            "2026-10-20,Chamber,,2.25,,,,,,,,harvest:2026-10-20 Events",
        ]
    );
}

#[test]
fn items_after_their_group_was_left_are_left_out_and_counted() {
    let dir = setup();
    dir.write(
        "netaudit.toml",
        CONFIG.replace(
            "match = [\"chamber*\"]",
            "match = [\"chamber*\"]\nleft = \"2026-09\"",
        ),
    );
    dir.write("harvest.csv", HARVEST);
    let harvest = import(&dir, &["harvest", "harvest.csv", "--file", "log.csv"]);
    assert!(
        harvest
            .stderr
            .contains("left out: 1 after their group was left (`left` in the config)"),
        "{}",
        harvest.stderr
    );
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert!(!log.contains("Chamber"), "{log}");
    succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-01", "-q"]));
}

#[test]
fn a_tracker_export_without_its_columns_or_with_a_bad_cell_is_named() {
    let dir = setup();
    dir.write("toggl.csv", TOGGL.replace("Duration", "Length"));
    fails_with(
        &mut importing(
            &dir,
            &[
                "toggl",
                "toggl.csv",
                "--group",
                "Chamber",
                "--file",
                "log.csv",
            ],
        ),
        &["toggl.csv:1: no \"Duration\" column, so this is not a Toggl Track detailed report"],
    );
    dir.write("harvest.csv", HARVEST.replace(",2.25,", ",2h15,"));
    fails_with(
        &mut importing(
            &dir,
            &[
                "harvest",
                "harvest.csv",
                "--group",
                "Chamber",
                "--file",
                "log.csv",
            ],
        ),
        &["harvest.csv:4: column \"Hours\": got \"2h15\", expected hours such as 1.5"],
    );
    assert!(!dir.path().join("log.csv").exists());
}

/// The PALMS report of Kofi Castillo and Dana Reyes for `from` to `to`, with the rows
/// above the header unless `preamble` is false (see [`crate::common::palms`]).
fn palms_report(from: &str, to: &str, preamble: bool) -> String {
    // P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU
    crate::common::palms(
        preamble.then_some((from, to)),
        &[
            (
                "Kofi",
                "Castillo",
                [3, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 500, 1],
            ),
            ("Dana", "Reyes", [3, 0, 1, 0, 0, 2, 1, 1, 2, 1, 2, 11550, 0]),
        ],
    )
}

fn palms(dir: &Workdir, file: &str, extra: &[&str]) -> crate::common::Output {
    let mut args = vec![
        "palms",
        file,
        "--member",
        "dana  REYES",
        "--group",
        "Harbor City BNI",
        "--file",
        "log.csv",
    ];
    args.extend_from_slice(extra);
    import(dir, &args)
}

#[test]
fn a_palms_report_gives_the_members_period_as_one_row() {
    let dir = setup();
    dir.write(
        "october.xls",
        palms_report("2026-10-01", "2026-10-31", true),
    );
    let output = palms(&dir, "october.xls", &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    // Meetings P + L = 4; hours 4 × 1.5 + 2 one-to-ones × 1; leads RRI + RRO = 3;
    // referrals given RGI + RGO = 3. TYFCB is not the member's revenue.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("log.csv")).unwrap(),
        format!(
            "{}\n2026-10-31,Harbor City BNI,4,8,,3,,,3,,,palms:dana reyes:2026-10-01..2026-10-31\n",
            crate::common::HEADER.to_string() + ",source"
        )
    );
    let again = palms(&dir, "october.xls", &[]);
    assert!(
        again.stderr.contains("0 added, 1 already in the log"),
        "{}",
        again.stderr
    );

    dir.write(
        "overlap.xls",
        palms_report("2026-10-25", "2026-11-01", true),
    );
    let refused = palms(&dir, "overlap.xls", &[]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("the PALMS period 2026-10-25 to 2026-11-01 overlaps 2026-10-01 to 2026-10-31 for \"Harbor City BNI\""),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_log_of_100000_palms_periods_is_checked_for_overlaps_at_once() {
    let dir = setup();
    let mut log = format!("{},source\n", crate::common::HEADER);
    let mut day = chrono::NaiveDate::from_ymd_opt(1700, 1, 1).unwrap();
    for _ in 0..100_000 {
        log.push_str(&format!(
            "{day},Harbor City BNI,1,,,,,,,,,palms:dana reyes:{day}..{day}\n"
        ));
        day = day.succ_opt().unwrap();
    }
    dir.write("log.csv", log);
    dir.write("toggl.csv", TOGGL);
    // Compared in pairs, the periods took minutes; sorted, they take no time worth naming.
    let output = run(importing(
        &dir,
        &[
            "toggl",
            "toggl.csv",
            "--file",
            "log.csv",
            "--group",
            "Harbor City BNI",
            "--dry-run",
        ],
    )
    .timeout(std::time::Duration::from_secs(60)));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(output.stderr.contains("3 to add"), "{}", output.stderr);

    // One period that overlaps another among them all is still found.
    let overlapping = std::fs::read_to_string(dir.path().join("log.csv")).unwrap()
        + "1800-06-01,Harbor City BNI,1,,,,,,,,,palms:dana reyes:1800-05-30..1800-06-02\n";
    dir.write("log.csv", overlapping);
    fails_with(
        importing(
            &dir,
            &[
                "toggl",
                "toggl.csv",
                "--file",
                "log.csv",
                "--group",
                "Harbor City BNI",
            ],
        )
        .timeout(std::time::Duration::from_secs(60)),
        &[
            "the PALMS period 1800-05-30 to 1800-06-02 overlaps 1800-05-30 to 1800-05-30 for \"Harbor City BNI\"",
        ],
    );
}

#[test]
fn a_palms_report_without_headers_takes_its_period_from_the_flags() {
    let dir = setup();
    dir.write("bare.xls", palms_report("", "", false));
    fails_with(
        &mut importing(
            &dir,
            &[
                "palms",
                "bare.xls",
                "--member",
                "Dana Reyes",
                "--group",
                "Harbor City BNI",
                "--file",
                "log.csv",
            ],
        ),
        &[
            "bare.xls: the report has no From: and To: rows above its header",
            "--from and --to",
        ],
    );
    let output = palms(&dir, "bare.xls", &["--from", "2026-09-01", "--dry-run"]);
    assert_eq!(
        output.stdout.lines().nth(1),
        Some("2026-11-01,Harbor City BNI,4,8,,3,,,3,,,palms:dana reyes:2026-09-01..2026-11-01")
    );
}

#[test]
fn a_palms_report_saved_again_as_xlsx_reads_the_same() {
    let dir = setup();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Report").unwrap();
    let rows: [&[&str]; 3] = [
        &["From:", "2026-10-01"],
        &["To:", "2026-10-31"],
        &[
            "First Name",
            "Last Name",
            "P",
            "A",
            "L",
            "M",
            "S",
            "RGI",
            "",
            "RGO",
            "RRI",
            "RRO",
            "V",
            "1-2-1",
            "TYFCB",
            "CEU",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let figures = [
        3.0, 0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 1.0, 1.0, 2.0, 1.0, 2.0, 11550.0, 0.0,
    ];
    sheet.write_string(3, 0, "Dana").unwrap();
    sheet.write_string(3, 1, "Reyes").unwrap();
    for (c, figure) in figures.iter().enumerate() {
        sheet.write_number(3, (c + 2) as u16, *figure).unwrap();
    }
    sheet.write_string(4, 0, "Total").unwrap();
    book.save(dir.path().join("october.xlsx")).unwrap();
    let output = palms(&dir, "october.xlsx", &["--dry-run"]);
    assert_eq!(
        output.stdout.lines().nth(1),
        Some("2026-10-31,Harbor City BNI,4,8,,3,,,3,,,palms:dana reyes:2026-10-01..2026-10-31"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_palms_member_not_in_the_report_is_named_with_those_who_are() {
    let dir = setup();
    dir.write(
        "october.xls",
        palms_report("2026-10-01", "2026-10-31", true),
    );
    fails_with(
        &mut importing(
            &dir,
            &[
                "palms",
                "october.xls",
                "--member",
                "Nobody Here",
                "--group",
                "Harbor City BNI",
                "--file",
                "log.csv",
            ],
        ),
        &[
            "no member \"Nobody Here\" in the report; its members include \"Kofi Castillo\", \"Dana Reyes\"",
        ],
    );
}

/// Kills imports at moments spread over the write; after each, the log is as it was or
/// holds the whole import, never part of it.
#[test]
fn a_killed_import_leaves_the_log_as_it_was_or_with_the_whole_import() {
    let dir = setup();
    let mut calendar = String::from("BEGIN:VCALENDAR\n");
    for n in 0..40 {
        calendar += &format!(
            "BEGIN:VEVENT\nUID:daily-{n}\nSUMMARY:BNI Harbor City {n}\nDTSTART:2016{:02}01T0{}0000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=100\nEND:VEVENT\n",
            n % 12 + 1,
            n % 10
        );
    }
    calendar += "END:VCALENDAR\n";
    dir.write("many.ics", calendar);
    let kept = format!(
        "{}\n2026-08-04,Harbor City BNI,1,1.5,,,,,,,\n",
        crate::common::HEADER
    );
    dir.write("log.csv", &kept);
    let timed = Instant::now();
    let output = import(&dir, &["calendar", "many.ics", "--file", "log.csv", "-q"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let whole = std::fs::read(dir.path().join("log.csv")).unwrap();
    // Kills spread from the start to past the end of a whole run.
    let span = (timed.elapsed().as_micros() as u64 * 3 / 2).max(1);
    let started = Instant::now();
    let mut runs = 0u64;
    let mut seen_whole = 0;
    while started.elapsed() < Duration::from_secs(3) {
        dir.write("log.csv", &kept);
        let mut child = dir
            .process(&[
                "import", "-q", "calendar", "many.ics", "--file", "log.csv", "--to", TO,
            ])
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(runs % 8 * span / 7));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(dir.path().join("log.csv")).unwrap();
        assert!(
            now == kept.as_bytes() || now == whole,
            "after {runs} runs: a log in between"
        );
        seen_whole += usize::from(now == whole);
        runs += 1;
    }
    assert!(
        seen_whole < runs as usize,
        "none of {runs} runs was stopped part way"
    );
}

#[test]
fn an_id_no_log_cell_can_hold_is_written_escaped_and_hashed_and_stays_one_id() {
    let dir = setup();
    let id = "x".repeat(1_000);
    dir.write(
        "toggl.csv",
        format!(
            "Id,User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n\
             {id},Dana,d@example.com,Club,Net,,Weekly,No,2026-10-06,07:00:00,2026-10-06,08:30:00,01:30:00,,\n\
             ,Dana,d@example.com,Club,Net,,Weekly \u{200f}\u{202e} meeting,No,2026-10-07,07:00:00,2026-10-07,08:30:00,01:30:00,,\n"
        ),
    );
    let args = [
        "toggl",
        "toggl.csv",
        "--file",
        "log.csv",
        "--group",
        "Harbor City BNI",
    ];
    let first = import(&dir, &args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("2 added"), "{}", first.stderr);
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    let ids: Vec<&str> = log
        .lines()
        .skip(1)
        .map(|row| row.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{log}");
    assert!(
        ids[0].starts_with("toggl:xxxx") && ids[0].len() <= 292,
        "{}",
        ids[0]
    );
    let (_, hash) = ids[0].rsplit_once(" #").expect("a hash");
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );
    assert!(
        ids[1].starts_with(r"toggl:2026-10-07 07:00:00 Net Weekly \u{200f}\u{202e} meeting #"),
        "{}",
        ids[1]
    );
    let again = import(&dir, &args);
    assert!(
        again.stderr.contains("0 added, 2 already in the log"),
        "{}",
        again.stderr
    );
}

#[test]
fn an_event_too_long_for_a_log_cell_is_refused_at_its_line() {
    let dir = setup();
    dir.write(
        "long.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:BNI Harbor City\nDTSTART:20261006T090000Z\n\
         DURATION:P99999999D\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    fails_with(
        &mut importing(&dir, &["calendar", "long.ics", "--file", "log.csv"]),
        &[
            "long.ics:6: DURATION: the event would last 2399999976 hours, more than the \
           1000000000 a log's hours cell holds",
        ],
    );
}
