//! What reaches the screen and the exit status: no control or bidi character from a log,
//! a config or an argument reaches the terminal raw; a closed pipe does not hide what was
//! found; a row that was logged is reported logged; a figure never contradicts its verdict.

use crate::common::{HEADER, Workdir, fails_with, run, succeeds};
use std::process::Stdio;

const TODAY: &str = "2026-11-02";

/// No byte of `text` is a control character other than the line end, or a bidi control.
fn assert_nothing_hostile(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !netaudit::messages::is_hostile(c),
            "a raw {c:?} in:\n{text}"
        );
    }
}

/// `text` as the inside of a TOML basic string.
fn toml_escaped(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            c if netaudit::messages::is_hostile(c) => format!("\\U{:08X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

#[test]
fn hostile_group_names_are_refused_and_shown_escaped() {
    let dir = Workdir::new();
    for name in [
        "\u{1b}]0;title\u{7}",
        "\u{1b}]8;;http://evil\u{1b}\\click",
        "Harbor\u{202e}IBN",
        "Club\u{2066}x",
        "Club\u{9b}31mx",
    ] {
        dir.write(
            "log.csv",
            format!("{HEADER}\n2026-10-01,\"{name}\",1,1.5,18,,,,,,\n"),
        );
        for args in [
            &["report", "--today", TODAY, "log.csv"][..],
            &["trend", "--today", TODAY, "log.csv"],
        ] {
            let output = run(&mut dir.netaudit(args));
            assert_eq!(output.code, 2, "{args:?} {name:?}");
            assert!(
                output
                    .stderr
                    .contains("expected a group name without control characters"),
                "{}",
                output.stderr
            );
            assert_nothing_hostile(&output.stderr);
        }
        let check = run(&mut dir.netaudit(&["check", "log.csv"]));
        assert_eq!(check.code, 2);
        assert!(check.stdout.contains("\\u{"), "{}", check.stdout);
        assert_nothing_hostile(&check.stdout);

        let output = run(&mut dir.netaudit(&["log", name, "--hours", "1", "--file", "new.csv"]));
        assert_eq!(output.code, 2);
        assert_nothing_hostile(&output.stderr);
        assert!(!dir.path().join("new.csv").exists());

        dir.write(
            "netaudit.toml",
            format!("[groups.\"{}\"]\nmembers = 3\n", toml_escaped(name)),
        );
        let output = run(&mut dir.netaudit(&["report", "--today", TODAY, "log.csv"]));
        assert!(
            output.stderr.contains("netaudit.toml:1:9: groups."),
            "{}",
            output.stderr
        );
        assert_nothing_hostile(&output.stderr);
        std::fs::remove_file(dir.path().join("netaudit.toml")).unwrap();
    }
}

#[test]
fn a_hostile_currency_is_refused() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-10-01,Club,1,1.5,18,,,,,,\n"),
    );
    let output = run(&mut dir.netaudit(&["report", "--currency", "\u{1b}[31m$", "log.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("expected an ISO 4217 code"),
        "{}",
        output.stderr
    );
    assert_nothing_hostile(&output.stderr);
    dir.write("netaudit.toml", "currency = \"\\u001b]0;x\\u0007\"\n");
    fails_with(
        &mut dir.netaudit(&["report", "log.csv"]),
        &["netaudit.toml:1:12: key `currency`", "\\u{1b}"],
    );
}

#[test]
fn notes_file_names_and_typed_values_are_shown_escaped() {
    let dir = Workdir::new();
    let output = run(&mut dir.netaudit(&[
        "log",
        "Club",
        "--hours",
        "1",
        "--file",
        "log.csv",
        "--note",
        "\u{1b}[2J\u{202e}wiped",
    ]));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stdout.contains("\\u{1b}[2J\\u{202e}wiped"),
        "{}",
        output.stdout
    );
    assert_nothing_hostile(&output.stdout);
    assert_nothing_hostile(&output.stderr);
    // The log itself keeps the note as it was given.
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert!(log.contains("\u{1b}[2J\u{202e}wiped"));

    let output = run(&mut dir.netaudit(&["report", "no-such-\u{1b}]0;x\u{7}.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("no-such-\\u{1b}]0;x\\u{7}.csv"),
        "{}",
        output.stderr
    );
    assert_nothing_hostile(&output.stderr);

    let output = run(&mut dir.netaudit(&["log", "Club", "--hours", "\u{1b}[31m1"]));
    assert_eq!(output.code, 2);
    assert_nothing_hostile(&output.stderr);
    let output = run(&mut dir.netaudit(&["report", "--no-such-\u{1b}]0;x\u{7}"]));
    assert_eq!(output.code, 2);
    assert_nothing_hostile(&output.stderr);
}

/// Runs `netaudit ARGS` with stdout a pipe whose reading end is closed before netaudit
/// writes, as `| head -1` leaves it once head has its line; returns the exit code.
fn into_a_closed_pipe(dir: &Workdir, args: &[&str]) -> i32 {
    let mut child = dir
        .process(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.stderr, b"", "a closed pipe is no error to report");
    output.status.code().expect("exited")
}

#[test]
fn a_closed_pipe_does_not_change_the_exit_status() {
    let dir = Workdir::new();
    let mut bad = format!("{HEADER}\n");
    for _ in 0..20_000 {
        bad.push_str("2026-13-01,Club,x,,,,,,,,\n");
    }
    dir.write("bad.csv", bad);
    assert_eq!(into_a_closed_pipe(&dir, &["check", "bad.csv"]), 2);

    // Six months of a group that costs and brings nothing: leave.
    let mut leave = format!("{HEADER}\n");
    for month in 4..=10 {
        leave.push_str(&format!("2026-{month:02}-01,Club,1,2,50,,,,,,\n"));
    }
    dir.write("leave.csv", leave);
    assert_eq!(
        into_a_closed_pipe(
            &dir,
            &[
                "report",
                "--fail-on",
                "leave",
                "--today",
                TODAY,
                "leave.csv"
            ]
        ),
        1
    );
    assert_eq!(
        into_a_closed_pipe(&dir, &["report", "--today", TODAY, "leave.csv"]),
        0
    );
}

#[test]
fn a_row_logged_but_not_shown_is_reported_logged() {
    let dir = Workdir::new();
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let output = dir
        .process(&["log", "Club", "--hours", "1", "--file", "log.csv"])
        .stdout(full)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: the row was added to log.csv, but could not be shown"),
        "{stderr}"
    );
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
}

#[test]
fn a_score_that_seems_to_disagree_with_its_verdict_is_explained() {
    let dir = Workdir::new();
    // Lucky: 1 h a month and one deal of 1,050 in ten months, a score of 1.05. The user's
    // other group brings a lead in 50 hours, each worth 100: one deal says little.
    let mut log = format!("{HEADER}\n");
    for month in 1..=12 {
        log.push_str(&format!("2026-{month:02}-05,Lucky,1,1,,,,,,,\n"));
        log.push_str(&format!("2026-{month:02}-06,Steady,2,16,,,,,,,\n"));
    }
    for month in [3, 6, 9] {
        log.push_str(&format!("2026-{month:02}-07,Steady,,,,1,1,100,,,\n"));
    }
    log.push_str("2026-10-20,Lucky,,,,1,1,1050,,,\n");
    dir.write("log.csv", log);
    let report = |format: &str| {
        succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", format]))
    };
    let table = report("table");
    assert!(
        table.contains(
            "Lucky (leave): returns 1.05× what it costs so far, on only 1 deal, but a 7% \
             chance it pays for your time in the long run"
        ),
        "{table}"
    );
    let csv = report("csv");
    assert!(csv.contains(",1.05,1.05,leave,leave,"), "{csv}");
    assert!(csv.contains(",below_your_rate,"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&report("json")).expect("JSON");
    let lucky = &json[0];
    assert_eq!(
        lucky["score"], 1.05,
        "the score as it is, not rounded toward the verdict"
    );
    assert_eq!(lucky["verdict"], "leave");
    assert_eq!(lucky["chance_stay"], 0.07);
}

#[test]
fn a_young_group_not_sure_yet_says_when_it_will_be() {
    let dir = Workdir::new();
    // Six months of a lead a month and a deal of 600 every third: a score of 0.91 on two
    // deals, with half a year of the window still to fill.
    let mut log = format!("{HEADER}\n");
    for month in 5..=10 {
        log.push_str(&format!("2026-{month:02}-05,Young,1,2,20,1,,,,,\n"));
        if month % 3 == 0 {
            log.push_str(&format!("2026-{month:02}-20,Young,,,,,1,600,,,\n"));
        }
    }
    dir.write("log.csv", log);
    let report = |extra: &[&str]| {
        let mut command = dir.netaudit(&["report", "log.csv", "--today", TODAY]);
        run(command.args(extra))
    };
    let csv = report(&["-O", "csv"]).stdout;
    assert!(
        csv.contains(
            ",0.91,1.52,watch,watch,could go either way: a 67% chance it pays for your time in the \
             long run; at this pace you will know by 2027-03; 4 open leads at an estimated \
             $200 each would bring it to 1.52×,not_sure_yet;leads_open,0,"
        ),
        "{csv}"
    );
    assert!(csv.ends_with(",0.54,4.08,0.67,2027-03\n"), "{csv}");
    // Not sure is no reason to leave: --fail-on leave passes it, --fail-on watch does not.
    assert_eq!(report(&["--fail-on", "leave"]).code, 0);
    assert_eq!(report(&["--fail-on", "watch"]).code, 1);
}
