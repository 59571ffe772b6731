//! `netaudit log`: what it appends, where, in which shape, and what it refuses.

use crate::common::{HEADER, Workdir, fails_with, run, succeeds};
use std::process::Stdio;

fn log(dir: &Workdir, args: &[&str]) -> assert_cmd::Command {
    let mut argv = vec!["log"];
    argv.extend_from_slice(args);
    dir.netaudit(&argv)
}

/// `netaudit log Club --file FILE --date 2026-11-05 EXTRA...`
fn on_nov_5(dir: &Workdir, file: &str, extra: &[&str]) -> assert_cmd::Command {
    let mut argv = vec!["Club", "--file", file, "--date", "2026-11-05"];
    argv.extend_from_slice(extra);
    log(dir, &argv)
}

fn read(dir: &Workdir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("log file")
}

#[test]
fn hours_alone_log_a_meeting_and_the_row_is_printed() {
    let dir = Workdir::new();
    dir.write(
        "a.csv",
        format!("{HEADER}\n2026-10-01,Harbor BNI,1,2,,,,,,,\n"),
    );
    let printed = succeeds(&mut log(
        &dir,
        &[
            "Harbor BNI",
            "--file",
            "a.csv",
            "--date",
            "2026-11-05",
            "--hours",
            "1.50",
        ],
    ));
    assert_eq!(printed, "2026-11-05,Harbor BNI,1,1.5,,,,,,,\n");
    assert!(read(&dir, "a.csv").ends_with("\n2026-11-05,Harbor BNI,1,1.5,,,,,,,\n"));

    let printed = succeeds(&mut log(
        &dir,
        &[
            "harbor  bni",
            "--file",
            "a.csv",
            "--date",
            "2026-11-06",
            "--hours",
            "2",
            "--meetings",
            "0",
            "--cost",
            "$1,200.5",
            "--leads",
            "2",
            "--deals",
            "1",
            "--revenue",
            "4800",
            "--referrals-given",
            "3",
            "--other-value",
            "50",
            "--note",
            "one-to-one, then \"coffee\"",
        ],
    ));
    // The log does not say its currency, so the one the flag names is kept for the report.
    assert_eq!(
        printed,
        "2026-11-06,harbor bni,0,2,$1200.5,2,1,4800,3,50,\"one-to-one, then \"\"coffee\"\"\"\n"
    );
}

#[test]
fn the_date_defaults_to_today() {
    let dir = Workdir::new();
    let printed = succeeds(log(&dir, &["G", "--file", "new.csv", "--leads", "1"]).env_remove("TZ"));
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    // A run across midnight may see the next day.
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        printed.starts_with(&today) || printed.starts_with(&tomorrow),
        "{printed}"
    );
}

#[test]
fn a_missing_log_is_created_with_a_header_and_the_config_names_the_default() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "log = [\"logs/first.csv\", \"second.csv\"]\n[groups.\"Harbor BNI\"]\nmembers = 20\n",
    );
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    let output = run(&mut log(
        &dir,
        &["Harbor BNI", "--date", "2026-11-05", "--hours", "2"],
    ));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "", "a group the config names is known");
    assert_eq!(
        read(&dir, "logs/first.csv"),
        format!("{HEADER}\n2026-11-05,Harbor BNI,1,2,,,,,,,\n")
    );
    assert!(!dir.path().join("second.csv").exists());
}

#[test]
fn rows_follow_the_files_column_order_line_ends_and_byte_order_mark() {
    let dir = Workdir::new();
    dir.write(
        "crlf.csv",
        "\u{feff}Note,Hours, GROUP ,date\r\nx,2,Club,2026-10-01\r\n",
    );
    succeeds(&mut log(
        &dir,
        &[
            "Club",
            "--file",
            "crlf.csv",
            "--date",
            "2026-11-05",
            "--hours",
            "1",
            "--note",
            "n",
        ],
    ));
    let text = read(&dir, "crlf.csv");
    assert_eq!(
        text,
        "\u{feff}Note,Hours, GROUP ,date\r\nx,2,Club,2026-10-01\r\nn,1,Club,2026-11-05\r\n"
    );
}

#[test]
fn a_file_without_a_final_line_end_gets_one_first() {
    let dir = Workdir::new();
    dir.write("a.csv", "date,group,hours,meetings\r\n2026-10-01,Club,2,1");
    succeeds(&mut on_nov_5(&dir, "a.csv", &["--hours", "1"]));
    assert_eq!(
        read(&dir, "a.csv"),
        "date,group,hours,meetings\r\n2026-10-01,Club,2,1\r\n2026-11-05,Club,1,1\r\n"
    );

    dir.write("b.csv", "date,group,hours");
    succeeds(&mut on_nov_5(&dir, "b.csv", &["--hours", "1"]));
    assert_eq!(read(&dir, "b.csv"), "date,group,hours\n2026-11-05,Club,1\n");
}

#[test]
fn an_empty_file_gets_the_header() {
    let dir = Workdir::new();
    dir.write("a.csv", "");
    succeeds(&mut on_nov_5(&dir, "a.csv", &["--leads", "1"]));
    assert_eq!(
        read(&dir, "a.csv"),
        format!("{HEADER}\n2026-11-05,Club,,,,1,,,,,\n")
    );
}

#[test]
fn a_new_group_is_warned_about_with_the_closest_names_or_refused_with_strict() {
    let dir = Workdir::new();
    let before = format!(
        "{HEADER}\n2026-10-01,Harbor City BNI,1,2,,,,,,,\n2026-10-02,Downtown Rotary,1,2,,,,,,,\n"
    );
    dir.write("a.csv", &before);
    let output = run(&mut log(
        &dir,
        &[
            "Harbour City BNI",
            "--file",
            "a.csv",
            "--date",
            "2026-11-05",
            "--hours",
            "1",
        ],
    ));
    assert_eq!(output.code, 0);
    assert_eq!(output.stdout, "2026-11-05,Harbour City BNI,1,1,,,,,,,\n");
    assert_eq!(
        output.stderr,
        "netaudit: warning: \"Harbour City BNI\" is a new group: no row of a.csv names it; \
         the closest: \"Harbor City BNI\"; logged anyway (--strict refuses)\n"
    );

    dir.write("a.csv", &before);
    fails_with(
        &mut log(
            &dir,
            &[
                "Harbour City BNI",
                "--file",
                "a.csv",
                "--hours",
                "1",
                "--strict",
            ],
        ),
        &[
            "\"Harbour City BNI\" is a new group",
            "\"Harbor City BNI\"",
            "--strict",
        ],
    );
    assert_eq!(read(&dir, "a.csv"), before, "nothing written");

    succeeds(&mut log(
        &dir,
        &[
            "HARBOR city bni",
            "--file",
            "a.csv",
            "--hours",
            "1",
            "--strict",
        ],
    ));
}

#[test]
fn a_header_that_cannot_take_the_row_is_refused_and_left_alone() {
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "date,group,hours\n2026-10-01,Club,2\n",
            &["--leads", "1"],
            &["a.csv", "no \"leads\" column", "without --leads"],
        ),
        (
            "date,group,revenu\n",
            &["--hours", "1"],
            &[
                "cannot append to a.csv",
                "unknown column \"revenu\"",
                "\"revenue\"",
            ],
        ),
        (
            "date,hours\n",
            &["--hours", "1"],
            &["cannot append to a.csv", "no \"group\" column"],
        ),
        (
            "date,group,note\n2026-10-01,Club,\"open\n2026-10-02,Club,x\n",
            &["--hours", "1"],
            &[
                "cannot append to a.csv",
                "quote opened on line 2 is never closed",
            ],
        ),
        (
            "date,group,date\n",
            &["--hours", "1"],
            &["cannot append to a.csv", "appears twice"],
        ),
    ];
    for (contents, extra, needles) in cases {
        let dir = Workdir::new();
        dir.write("a.csv", contents);
        let mut argv = vec!["Club", "--file", "a.csv"];
        argv.extend_from_slice(extra);
        fails_with(&mut log(&dir, &argv), needles);
        assert_eq!(read(&dir, "a.csv"), contents, "left alone");
    }
}

#[test]
fn bad_values_are_refused_before_anything_is_written() {
    let dir = Workdir::new();
    let cases: [(&[&str], &[&str]); 9] = [
        (
            &["--hours", "2,5"],
            &["--hours", "use a point for decimals"],
        ),
        (&["--hours", "12h"], &["--hours", "write 12"]),
        (&["--hours", "-1"], &["--hours", "negative"]),
        (&["--cost", "NaN"], &["--cost", "an amount"]),
        (&["--leads", "1.5"], &["--leads", "a whole number"]),
        (&["--leads", ""], &["--leads", "expected a value"]),
        (
            &["--date", "2026-02-30", "--hours", "1"],
            &["--date", "2026-02-30"],
        ),
        (
            &["--date", "10/06/2026", "--hours", "1"],
            &["--date", "YYYY-MM-DD"],
        ),
        (&[], &["nothing to log", "--hours"]),
    ];
    for (extra, needles) in cases {
        let mut argv = vec!["Club", "--file", "a.csv"];
        argv.extend_from_slice(extra);
        let output = run(&mut log(&dir, &argv));
        assert_eq!(output.code, 2, "{extra:?}");
        assert_eq!(output.stdout, "");
        for needle in needles {
            assert!(
                output.stderr.contains(needle),
                "{needle}: {}",
                output.stderr
            );
        }
    }
    fails_with(
        &mut log(&dir, &["  ", "--file", "a.csv", "--hours", "1"]),
        &["group \"  \"", "a group name"],
    );
    let long = "x".repeat(101);
    fails_with(
        &mut log(&dir, &[&long, "--file", "a.csv", "--hours", "1"]),
        &["at most 100 characters"],
    );
    assert!(!dir.path().join("a.csv").exists(), "nothing written");
}

#[test]
fn without_a_file_or_a_config_log_it_says_what_to_do() {
    let dir = Workdir::new();
    fails_with(
        &mut log(&dir, &["Club", "--hours", "1"]),
        &["no log to append to", "--file", "netaudit init"],
    );
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    fails_with(
        &mut log(&dir, &["Club", "--hours", "1", "--file", "logs"]),
        &["logs is a folder"],
    );
    fails_with(
        &mut log(&dir, &["Club", "--hours", "1", "--file", "missing/a.csv"]),
        &["cannot create the log missing/a.csv"],
    );
}

#[test]
fn a_log_with_bad_rows_still_takes_the_row_and_says_so() {
    let dir = Workdir::new();
    dir.write("a.csv", format!("{HEADER}\n2026-10-01,Club,x,2,,,,,,,\n"));
    let output = run(&mut log(&dir, &["Club", "--file", "a.csv", "--leads", "1"]));
    assert_eq!(output.code, 0);
    assert!(
        output.stderr.contains(
            "a.csv has 1 problem that will stop a report; netaudit check a.csv lists them"
        ),
        "{}",
        output.stderr
    );
}

/// Many netaudit processes appending to one log at once: every row lands exactly once, and
/// the file stays a well-formed log. The log does not exist at the start, so the processes
/// also race to create it.
#[test]
fn concurrent_appends_keep_every_row_exactly_once() {
    const PROCESSES: usize = 60;
    let dir = Workdir::new();
    let children: Vec<_> = (0..PROCESSES)
        .map(|n| {
            dir.process(&[])
                .args([
                    "log",
                    "Club",
                    "--file",
                    "shared.csv",
                    "--date",
                    "2026-11-05",
                ])
                .args(["--hours", "1", "--note"])
                .arg(format!("row {n}, with a comma\nand a line break"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn netaudit")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = read(&dir, "shared.csv");
    assert_eq!(text.matches("date,group").count(), 1, "one header");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut notes: Vec<String> = reader
        .records()
        .map(|record| record.expect("well-formed row")[10].to_string())
        .collect();
    notes.sort();
    let mut expected: Vec<String> = (0..PROCESSES)
        .map(|n| format!("row {n}, with a comma\nand a line break"))
        .collect();
    expected.sort();
    assert_eq!(notes, expected);

    let check = succeeds(&mut dir.netaudit(&["check", "shared.csv"]));
    assert!(
        check.contains(&format!("{PROCESSES} rows, 1 group; no problems")),
        "{check}"
    );
}

#[test]
fn a_device_is_no_log() {
    let dir = Workdir::new();
    fails_with(
        &mut log(&dir, &["Club", "--file", "/dev/full", "--hours", "1"]),
        &[
            "cannot open /dev/full to append to it",
            "not a regular file (a FIFO or a device)",
        ],
    );
}
