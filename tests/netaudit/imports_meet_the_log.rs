//! An import meets what the user already logged: one meeting is counted once, whatever
//! brought it in.

use crate::common::{Figures, Output, Workdir, palms, run};

const HAND_LOG: &str = "date,group,meetings,hours,source\n\
                        2026-10-06,Club,2,3,\n\
                        2026-10-13,Club,1,1.5,\n";

/// `netaudit import ARGS --group Club --file log.csv --to 2026-11-01`.
fn import(dir: &Workdir, args: &[&str]) -> Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--group", "Club", "--file", "log.csv", "--to", "2026-11-01"]);
    run(&mut dir.netaudit(&all))
}

fn log(dir: &Workdir) -> String {
    std::fs::read_to_string(dir.path().join("log.csv")).unwrap()
}

fn event(uid: &str, start: &str) -> String {
    format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:Club\nDTSTART:{start}\nDURATION:PT1H\nEND:VEVENT\n")
}

#[test]
fn meetings_logged_by_hand_take_the_place_of_as_many_imported() {
    let dir = Workdir::new();
    dir.write("log.csv", HAND_LOG);
    // Three meetings on the 6th (two of them typed by hand), one on the 13th (typed), one
    // on the 20th (not).
    dir.write(
        "cal.ics",
        format!(
            "BEGIN:VCALENDAR\n{}{}{}{}{}END:VCALENDAR\n",
            event("a", "20261006T070000Z"),
            event("b", "20261006T120000Z"),
            event("c", "20261006T180000Z"),
            event("d", "20261013T070000Z"),
            event("e", "20261020T070000Z"),
        ),
    );
    let dry = import(
        &dir,
        &["calendar", "cal.ics", "--dry-run", "--show-unmatched"],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        dry.stdout.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-10-06,Club,1,1,c 20261006T180000Z",
            "2026-10-20,Club,1,1,e 20261020T070000Z",
        ]
    );
    assert!(
        dry.stderr.contains(
            "3 items the log already holds by hand or from another source:\n  2026-10-06 Club: a \
             20261006T070000Z\n  2026-10-06 Club: b 20261006T120000Z\n  2026-10-13 Club: d \
             20261013T070000Z\n"
        ),
        "{}",
        dry.stderr
    );
    assert!(
        dry.stderr
            .contains("left out: 3 already in the log by hand\n"),
        "{}",
        dry.stderr
    );
    let done = import(&dir, &["calendar", "cal.ics"]);
    assert!(
        done.stderr.contains(
            "log.csv: 2 added, 0 already in the log, 0 unmatched\nnetaudit: left out: 3 already \
             in the log by hand (--show-unmatched lists those already in the log; \
             --even-if-logged adds them)"
        ),
        "{}",
        done.stderr
    );
    // Again: the two are the import's own; the same three are the hand's.
    let again = import(&dir, &["calendar", "cal.ics"]);
    assert!(
        again.stderr.contains("0 added, 2 already in the log")
            && again
                .stderr
                .contains("left out: 3 already in the log by hand"),
        "{}",
        again.stderr
    );
    // On purpose, everything.
    let all = import(&dir, &["calendar", "cal.ics", "--even-if-logged"]);
    assert!(
        all.stderr.contains("3 added, 2 already in the log"),
        "{}",
        all.stderr
    );
    assert_eq!(log(&dir).lines().count(), 8);
}

#[test]
fn a_tracker_adds_only_the_hours_beyond_what_the_day_holds() {
    let dir = Workdir::new();
    dir.write("log.csv", HAND_LOG);
    dir.write(
        "toggl.csv",
        "Project,Description,Start date,Start time,Duration\n\
         Networking,Breakfast,2026-10-06,07:00:00,01:00:00\n\
         Networking,Lunch,2026-10-06,12:00:00,03:00:00\n\
         Networking,Breakfast,2026-10-20,07:00:00,01:30:00\n",
    );
    let done = import(&dir, &["toggl", "toggl.csv"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    // The 6th holds 3 hours: the first hour goes, and 1 of the next 3 is beyond.
    assert!(
        log(&dir).ends_with(
            "2026-10-06,Club,,1,toggl:2026-10-06 12:00:00 Networking Lunch\n\
             2026-10-20,Club,,1.5,toggl:2026-10-20 07:00:00 Networking Breakfast\n"
        ),
        "{}",
        log(&dir)
    );
    assert!(
        done.stderr
            .contains("left out: 1 already in the log by hand")
            && done
                .stderr
                .contains("1 row cut to what is beyond the log's own for the day or period"),
        "{}",
        done.stderr
    );
}

#[test]
fn a_palms_period_adds_only_the_meetings_beyond_those_of_its_days() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        "date,group,meetings,hours,leads,referrals_given,source
         2026-10-06,Club,2,3,,,
2026-10-13,Club,1,1.5,,,
",
    );
    // Four meetings in October, 2 one-to-ones, 5 referrals given, 3 received.
    let figures: Figures = [4, 0, 0, 0, 0, 5, 0, 3, 0, 0, 2, 0, 0];
    dir.write(
        "palms.xls",
        palms(
            Some(("2026-10-01", "2026-10-31")),
            &[("Ada", "Stone", figures)],
        ),
    );
    let done = import(&dir, &["palms", "palms.xls", "--member", "Ada Stone"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    // Three of the four are in the log by hand: one is added, with its 1.5 hours and the
    // one-to-ones' 2; the referrals are the report's.
    assert!(
        log(&dir).ends_with("2026-10-31,Club,1,3.5,3,5,palms:ada stone:2026-10-01..2026-10-31\n"),
        "{}",
        log(&dir)
    );
    assert!(
        done.stderr.contains("1 row cut to what is beyond"),
        "{}",
        done.stderr
    );
}

/// The calendar of [`meetings_logged_by_hand_take_the_place_of_as_many_imported`], on days
/// the hand log does not hold.
fn two_meetings(dir: &Workdir) {
    dir.write(
        "cal.ics",
        format!(
            "BEGIN:VCALENDAR\n{}{}END:VCALENDAR\n",
            event("x", "20261020T070000Z"),
            event("y", "20261027T070000Z"),
        ),
    );
}

#[test]
fn import_undo_takes_back_the_last_import_whole_and_log_undo_never_does() {
    let dir = Workdir::new();
    let before = format!("{HAND_LOG}2026-10-14,Club,1,1,\n");
    dir.write("log.csv", &before);
    two_meetings(&dir);
    assert_eq!(import(&dir, &["calendar", "cal.ics"]).code, 0);
    assert_eq!(log(&dir).lines().count(), 6);
    // `log --undo` takes back a `log`, never an import.
    let logged = run(&mut dir.netaudit(&["log", "--undo", "--file", "log.csv"]));
    assert_eq!(logged.code, 2);
    assert!(
        logged.stderr.contains("netaudit log added no row to it"),
        "{}",
        logged.stderr
    );
    let undone = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert!(
        undone
            .stderr
            .contains("took the last import back from log.csv: the rows it added"),
        "{}",
        undone.stderr
    );
    assert_eq!(log(&dir), before);
    // Once only.
    let again = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("no import added to it since it was last written otherwise"),
        "{}",
        again.stderr
    );
    // Not once the log was written since.
    assert_eq!(import(&dir, &["calendar", "cal.ics"]).code, 0);
    let logged = run(&mut dir.netaudit(&[
        "log",
        "Club",
        "--hours",
        "1",
        "--date",
        "2026-10-30",
        "--file",
        "log.csv",
    ]));
    assert_eq!(logged.code, 0, "{}", logged.stderr);
    let late = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(late.code, 2);
    assert!(
        late.stderr.contains("nothing was changed"),
        "{}",
        late.stderr
    );
}

#[test]
fn import_undo_puts_back_a_log_as_it_was_before_its_source_column_or_removes_a_new_one() {
    let dir = Workdir::new();
    let before = "date,group,meetings,hours\r\n2026-10-06,Club,2,3\r\n";
    dir.write("log.csv", before);
    two_meetings(&dir);
    assert_eq!(import(&dir, &["calendar", "cal.ics"]).code, 0);
    assert!(log(&dir).starts_with("date,group,meetings,hours,source\r\n"));
    let undone = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert!(
        undone
            .stderr
            .contains("without the columns the import gave it"),
        "{}",
        undone.stderr
    );
    assert_eq!(log(&dir), before);
    // A log the import created is removed; one edited since is kept.
    std::fs::remove_file(dir.path().join("log.csv")).unwrap();
    assert_eq!(import(&dir, &["calendar", "cal.ics"]).code, 0);
    let undone = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert!(!dir.path().join("log.csv").exists());
    assert_eq!(import(&dir, &["calendar", "cal.ics"]).code, 0);
    let edited = log(&dir).replace("Club", "Clubs");
    dir.write("log.csv", &edited);
    let refused = run(&mut dir.netaudit(&["import", "--undo", "--file", "log.csv"]));
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("it was changed since the last import"),
        "{}",
        refused.stderr
    );
    assert_eq!(log(&dir), edited);
}
