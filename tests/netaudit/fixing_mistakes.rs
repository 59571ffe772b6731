//! Mistakes put right without editing the log by hand: `log --undo`, `rename`, and the
//! warnings of `check` that catch a row dated wrong or meetings left unlogged.

use crate::common::{HEADER, Workdir, fails_with, run, succeeds};

/// `netaudit log -q Club --file a.csv --date DATE --hours 2`.
fn log_two_hours(dir: &Workdir, date: &str) {
    succeeds(&mut dir.netaudit(&[
        "log", "-q", "Club", "--file", "a.csv", "--date", date, "--hours", "2",
    ]));
}

fn read(dir: &Workdir, name: &str) -> Vec<u8> {
    std::fs::read(dir.path().join(name)).expect("log file")
}

#[test]
fn undo_takes_back_the_row_log_added_and_nothing_else() {
    let dir = Workdir::new();
    let before = format!("{HEADER}\r\n2026-10-01,Club,1,2,,,,,,,\r\n");
    dir.write("a.csv", &before);
    let row = succeeds(&mut dir.netaudit(&[
        "log",
        "Club",
        "--file",
        "a.csv",
        "--date",
        "2026-11-05",
        "--cost",
        "18",
    ]));
    assert_eq!(row, "2026-11-05,Club,,,18,,,,,,\n");
    let undone = run(&mut dir.netaudit(&["log", "--undo", "--file", "a.csv"]));
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert_eq!(
        undone.stdout, "2026-11-05,Club,,,18,,,,,,\n",
        "the row taken back"
    );
    assert_eq!(undone.stderr, "netaudit: took this row back from a.csv:\n");
    assert_eq!(
        read(&dir, "a.csv"),
        before.as_bytes(),
        "the log as it was, byte for byte"
    );
    fails_with(
        &mut dir.netaudit(&["log", "--undo", "--file", "a.csv"]),
        &["cannot take the last row back from a.csv: netaudit log added no row to it since"],
    );
}

#[test]
fn undo_after_a_foreign_edit_is_refused_and_changes_nothing() {
    let dir = Workdir::new();
    dir.write("a.csv", format!("{HEADER}\n"));
    log_two_hours(&dir, "2026-11-05");
    // A row added by hand after netaudit's.
    let mut edited = read(&dir, "a.csv");
    edited.extend_from_slice(b"2026-11-06,Club,1,1,,,,,,,\n");
    dir.write("a.csv", &edited);
    fails_with(
        &mut dir.netaudit(&["log", "--undo", "--file", "a.csv"]),
        &[
            "more was added after the row netaudit log added, which is no longer the last; nothing was changed",
        ],
    );
    assert_eq!(read(&dir, "a.csv"), edited);
    // netaudit's row edited in place, the file no longer than it was.
    dir.write("a.csv", format!("{HEADER}\n"));
    log_two_hours(&dir, "2026-11-05");
    let edited = String::from_utf8(read(&dir, "a.csv"))
        .unwrap()
        .replace("2026-11-05,Club,1,2", "2026-11-05,Club,1,3");
    dir.write("a.csv", &edited);
    fails_with(
        &mut dir.netaudit(&["log", "--undo", "--file", "a.csv"]),
        &["the file was edited since netaudit log added its row"],
    );
    assert_eq!(read(&dir, "a.csv"), edited.as_bytes());
    // Another command's write is no row of log's.
    log_two_hours(&dir, "2026-11-07");
    succeeds(&mut dir.netaudit(&["rename", "-q", "Club", "Harbor", "--file", "a.csv"]));
    fails_with(
        &mut dir.netaudit(&["log", "--undo", "--file", "a.csv"]),
        &["netaudit log added no row to it since"],
    );
    let usage = run(&mut dir.netaudit(&["log", "--undo", "Club", "--hours", "1"]));
    assert_eq!(usage.code, 2);
    assert!(
        usage.stderr.contains("cannot be used with"),
        "{}",
        usage.stderr
    );
}

#[test]
fn a_first_row_can_be_taken_back_and_a_future_date_warns_but_is_written() {
    let dir = Workdir::new();
    let output = run(&mut dir.netaudit(&[
        "log",
        "Club",
        "--file",
        "new.csv",
        "--date",
        "2099-01-05",
        "--hours",
        "2",
    ]));
    assert_eq!(output.code, 0);
    assert!(
        output.stderr.contains("2099-01-05 is after today (20")
            && output
                .stderr
                .contains("the row is added, and counts once its month is over"),
        "{}",
        output.stderr
    );
    assert_eq!(output.stdout, "2099-01-05,Club,1,2,,,,,,,\n");
    succeeds(&mut dir.netaudit(&["log", "-q", "--undo", "--file", "new.csv"]));
    assert_eq!(read(&dir, "new.csv"), format!("{HEADER}\n").as_bytes());
}

#[test]
fn covers_adds_its_column_to_a_log_without_one_and_keeps_every_other_byte() {
    let dir = Workdir::new();
    let before =
        format!("\u{feff}{HEADER}\r\n2026-10-01,Club,1,2,,,,,,,\"a note\r\nover two lines\"\r\n");
    dir.write("a.csv", &before);
    let output = run(&mut dir.netaudit(&[
        "log",
        "Club",
        "--file",
        "a.csv",
        "--date",
        "2026-11-02",
        "--cost",
        "750",
        "--covers",
        "12",
        "--note",
        "annual dues",
    ]));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "netaudit: added a covers column to a.csv\n");
    let expected = format!(
        "\u{feff}{HEADER},covers\r\n2026-10-01,Club,1,2,,,,,,,\"a note\r\nover two lines\",\r\n\
         2026-11-02,Club,,,750,,,,,,annual dues,12\r\n"
    );
    assert_eq!(String::from_utf8(read(&dir, "a.csv")).unwrap(), expected);
    // The row is taken back as any other; the column stays.
    succeeds(&mut dir.netaudit(&["log", "-q", "--undo", "--file", "a.csv"]));
    assert!(
        String::from_utf8(read(&dir, "a.csv"))
            .unwrap()
            .ends_with("over two lines\",\r\n")
    );
    fails_with(
        &mut dir.netaudit(&[
            "log", "Club", "--file", "a.csv", "--covers", "12", "--hours", "1",
        ]),
        &[
            "--covers spreads a row's money over months: give --cost, --revenue or --other-value with it",
        ],
    );
    let too_long = run(&mut dir.netaudit(&[
        "log", "Club", "--file", "a.csv", "--covers", "121", "--cost", "1",
    ]));
    assert_eq!(too_long.code, 2);
    assert!(
        too_long
            .stderr
            .contains("invalid value '121' for '--covers <MONTHS>': expected a whole number of months from 1 to 120"),
        "{}",
        too_long.stderr
    );
    let refund = succeeds(&mut dir.netaudit(&[
        "log",
        "Club",
        "--file",
        "a.csv",
        "--date",
        "2026-11-03",
        "--cost",
        "-18",
    ]));
    assert_eq!(refund, "2026-11-03,Club,,,-18,,,,,,,\n");
}

#[test]
fn rename_changes_the_group_cells_only_keeping_line_ends_quotes_and_the_byte_order_mark() {
    let dir = Workdir::new();
    let before = "\u{feff}date,group,meetings,hours,note\r\n\
                  2026-10-01,Harbr BNI,1,2,\"a, note\"\r\n\
                  2026-10-02, harbr  bni ,1,2,\r\n\
                  \r\n\
                  2026-10-03,Other,1,2,\"two\r\nlines with harbr bni\"\r\n\
                  2026-10-04,\"Harbr BNI\",1,2,";
    dir.write("a.csv", before);
    let printed =
        succeeds(&mut dir.netaudit(&["rename", "HARBR BNI", "Harbor, City", "--file", "a.csv"]));
    assert_eq!(
        printed,
        "renamed \"HARBR BNI\" to \"Harbor, City\" in 3 rows of a.csv\n"
    );
    assert_eq!(
        String::from_utf8(read(&dir, "a.csv")).unwrap(),
        "\u{feff}date,group,meetings,hours,note\r\n\
         2026-10-01,\"Harbor, City\",1,2,\"a, note\"\r\n\
         2026-10-02,\"Harbor, City\",1,2,\r\n\
         \r\n\
         2026-10-03,Other,1,2,\"two\r\nlines with harbr bni\"\r\n\
         2026-10-04,\"Harbor, City\",1,2,"
    );
    let after = read(&dir, "a.csv");
    fails_with(
        &mut dir.netaudit(&["rename", "Nobody", "X", "--file", "a.csv"]),
        &[
            "cannot rename \"Nobody\" in a.csv: no row names it; its groups: \"Harbor, City\", \"Other\"",
        ],
    );
    fails_with(
        &mut dir.netaudit(&["rename", "Other", "", "--file", "a.csv"]),
        &["new name \"\": expected a group name"],
    );
    dir.write("bad.csv", format!("{HEADER}\n2026-10-01,Club,x,,,,,,,,\n"));
    fails_with(
        &mut dir.netaudit(&["rename", "Club", "X", "--file", "bad.csv"]),
        &["it has problems", "netaudit check bad.csv lists them"],
    );
    assert_eq!(read(&dir, "a.csv"), after, "nothing written on a refusal");
}

#[test]
fn check_warns_of_rows_after_today_and_of_meetings_unlogged_for_two_periods() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n2026-10-08,Harbor,1,2,,,,,,,\n2026-10-08,Biweekly,1,2,,,,,,,\n\
             2026-10-08,Monthly,1,2,,,,,,,\n2026-10-20,Harbor,,,,1,,,,,\n\
             2026-12-24,Harbor,1,2,,,,,,,\n2027-01-02,Harbor,1,2,,,,,,,\n"
        ),
    );
    dir.write(
        "netaudit.toml",
        "[groups.Harbor]\ncadence = \"weekly\"\n[groups.Biweekly]\ncadence = \"biweekly\"\n\
         [groups.Monthly]\ncadence = \"monthly\"\n",
    );
    let check = |today: &str| {
        let output = run(&mut dir.netaudit(&["check", "log.csv", "--today", today]));
        assert_eq!(
            output.code, 0,
            "warnings are no problems: {}",
            output.stdout
        );
        output.stdout
    };
    let future = "warning: 2 rows dated after today (2026-10-22), the first at log.csv:6; a row \
                  counts once its month is over, so check that its date is right\n";
    // Weekly: two weeks after 2026-10-08 is 2026-10-22; a day later it warns.
    let day_before = check("2026-10-22");
    assert!(day_before.contains(future), "{day_before}");
    assert!(!day_before.contains("no meeting logged"), "{day_before}");
    let day_after = check("2026-10-23");
    assert!(
        day_after.contains(
            "warning: no meeting logged for \"Harbor\" since 2026-10-08; it meets weekly: log \
             the meetings since, or set left if you left it\n"
        ),
        "a row without a meeting is no meeting: {day_after}"
    );
    assert!(!day_after.contains("\"Biweekly\""), "{day_after}");
    // Biweekly: four weeks, to 2026-11-05. Monthly: two months, to 2026-12-08.
    assert!(!check("2026-11-05").contains("\"Biweekly\" since"));
    assert!(
        check("2026-11-06")
            .contains("no meeting logged for \"Biweekly\" since 2026-10-08; it meets biweekly")
    );
    assert!(!check("2026-12-08").contains("\"Monthly\" since"));
    let later = check("2026-12-09");
    assert!(
        later.contains("no meeting logged for \"Monthly\" since 2026-10-08; it meets monthly"),
        "{later}"
    );
    assert!(
        later.contains("warning: 2 rows dated after today (2026-12-09)"),
        "{later}"
    );
    // A group that was left needs no reminder.
    dir.write(
        "netaudit.toml",
        "[groups.Monthly]\ncadence = \"monthly\"\nleft = \"2026-11\"\n",
    );
    assert!(!check("2026-12-09").contains("\"Monthly\""));
    let bad = run(&mut dir.netaudit(&["check", "log.csv", "--today", "2026-13-01"]));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("\"2026-13-01\" is not a date"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_new_name_the_log_s_encoding_cannot_hold_is_refused_as_a_rename() {
    let dir = Workdir::new();
    // "Café" in windows-1252: é is one byte, 0xE9.
    let before = b"date,group,note\n2026-10-01,Caf\xe9,x\n".to_vec();
    dir.write("w.csv", &before);
    dir.write("netaudit.toml", "encoding = \"windows-1252\"\n");
    fails_with(
        &mut dir.netaudit(&["rename", "Café", "Café ☃", "--file", "w.csv"]),
        &[
            "cannot rename \"Café\" to \"Café ☃\" in w.csv: the text has a character that \
           windows-1252 (the log's encoding) cannot hold, \"☃\" (U+2603); leave it out, or \
           save the log as UTF-8",
        ],
    );
    assert_eq!(std::fs::read(dir.path().join("w.csv")).unwrap(), before);
}
