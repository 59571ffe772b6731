//! Nothing the user owns is destroyed: an output never lands on an input, a link stays a
//! link, a FIFO or device is written through, a folder is refused, owner, mode and hard
//! links stay, an append is whole or absent whatever stops netaudit, and nothing is left
//! behind. Kill and race tests stop by themselves within seconds.

use crate::common::{HEADER, Workdir, fails_with, run, succeeds};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-02";

/// A log of one group that the report judges, and a config that names it.
fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write(
        "activity.csv",
        format!("{HEADER}\n2026-10-01,Harbor City BNI,1,1.5,18,,,,,,\n"),
    );
    dir.write("netaudit.toml", "log = [\"activity.csv\"]\n");
    dir
}

/// `report --append` of `month` to history.csv.
fn append_month(dir: &Workdir, month: &str) {
    let args = [
        "report",
        "-q",
        "-o",
        "history.csv",
        "--append",
        "--month",
        month,
    ];
    succeeds(&mut dir.netaudit(&args));
}

fn read(dir: &Workdir, name: &str) -> Vec<u8> {
    std::fs::read(dir.path().join(name)).expect("read file")
}

/// Files netaudit keeps beside the user's (temporary files and journals).
/// The files netaudit has left beside the user's, but the record of the last row `log`
/// added, which it keeps on purpose for `log --undo`.
fn leftovers(dir: &Workdir) -> Vec<String> {
    dir.files()
        .into_iter()
        .filter(|name| name.contains("netaudit-") || name.contains("atomicwrite"))
        .filter(|name| !name.ends_with(".netaudit-undo"))
        .collect()
}

#[test]
fn an_output_that_is_an_input_or_the_config_is_refused_before_anything_is_written() {
    let dir = setup();
    std::os::unix::fs::symlink("activity.csv", dir.path().join("link.csv")).unwrap();
    std::fs::hard_link(dir.path().join("activity.csv"), dir.path().join("hard.csv")).unwrap();
    let log = read(&dir, "activity.csv");
    let config = read(&dir, "netaudit.toml");
    for args in [
        &["report", "-q", "-o", "activity.csv"][..],
        &["report", "-q", "-o", "./activity.csv"],
        &["report", "-q", "-o", "link.csv"],
        &["report", "-q", "-o", "hard.csv"],
        &["report", "-q", "-o", "activity.csv", "--append"],
        &["trend", "-q", "-o", "activity.csv"],
    ] {
        let mut command = dir.netaudit(args);
        command.args(["--today", TODAY]);
        let what = args[0];
        fails_with(
            &mut command,
            &[&format!(
                "is this {what}'s input; writing the {what} there would replace your log"
            )],
        );
    }
    fails_with(
        &mut dir.netaudit(&[
            "report",
            "-o",
            "netaudit.toml",
            "-O",
            "table",
            "--today",
            TODAY,
        ]),
        &["netaudit.toml is the config in use; writing the report there would replace it"],
    );
    fails_with(
        &mut dir.netaudit(&["log", "X", "--hours", "1", "--file", "netaudit.toml"]),
        &["netaudit.toml is the config in use"],
    );
    assert_eq!(read(&dir, "activity.csv"), log);
    assert_eq!(read(&dir, "netaudit.toml"), config);
    assert!(dir.path().join("link.csv").is_symlink());
}

#[test]
fn a_link_stays_a_link_and_the_report_lands_at_its_target() {
    let dir = setup();
    dir.write("target.txt", "old\n");
    std::os::unix::fs::symlink("target.txt", dir.path().join("report.txt")).unwrap();
    succeeds(&mut dir.netaudit(&["report", "-q", "-o", "report.txt", "--today", TODAY]));
    assert!(dir.path().join("report.txt").is_symlink());
    let target = String::from_utf8(read(&dir, "target.txt")).unwrap();
    assert!(target.starts_with("Report for 2026-10"), "{target}");

    // --append through a link reaches the target every time.
    std::os::unix::fs::symlink("history-target.csv", dir.path().join("history.csv")).unwrap();
    for month in ["2026-09", "2026-10"] {
        append_month(&dir, month);
    }
    assert!(dir.path().join("history.csv").is_symlink());
    let history = String::from_utf8(read(&dir, "history-target.csv")).unwrap();
    assert_eq!(
        history.lines().count(),
        2,
        "a header and October's row:\n{history}"
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn a_dangling_link_is_followed_to_the_file_it_names_without_looping() {
    let dir = setup();
    std::os::unix::fs::symlink("new-log.csv", dir.path().join("dangling.csv")).unwrap();
    let mut log = dir.netaudit(&[
        "log",
        "-q",
        "Club",
        "--hours",
        "1",
        "--file",
        "dangling.csv",
    ]);
    log.timeout(Duration::from_secs(10));
    succeeds(&mut log);
    assert!(dir.path().join("dangling.csv").is_symlink());
    let created = String::from_utf8(read(&dir, "new-log.csv")).unwrap();
    assert_eq!(created.lines().count(), 2, "{created}");

    std::os::unix::fs::symlink("history-target.csv", dir.path().join("history.csv")).unwrap();
    let mut report = dir.netaudit(&[
        "report",
        "-q",
        "-o",
        "history.csv",
        "--append",
        "--today",
        TODAY,
    ]);
    report.timeout(Duration::from_secs(10));
    succeeds(&mut report);
    assert!(dir.path().join("history.csv").is_symlink());
    assert!(dir.path().join("history-target.csv").is_file());
}

#[test]
fn a_fifo_and_devices_are_written_straight_through() {
    let dir = setup();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    succeeds(&mut dir.netaudit(&["report", "-q", "-O", "csv", "-o", "pipe", "--today", TODAY]));
    assert!(reader.join().unwrap().starts_with("month,group,"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    succeeds(&mut dir.netaudit(&[
        "report",
        "-q",
        "-o",
        "/dev/null",
        "-O",
        "table",
        "--today",
        TODAY,
    ]));
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let out = succeeds(&mut dir.netaudit(&[
        "report",
        "-q",
        "-O",
        "csv",
        "-o",
        "/dev/stdout",
        "--today",
        TODAY,
    ]));
    assert!(out.starts_with("month,group,"), "{out}");
    assert!(std::fs::metadata("/dev/stdout").is_ok());
}

#[test]
fn a_folder_is_an_error_not_a_panic() {
    let dir = setup();
    for folder in [".", "./", "..", "/"] {
        fails_with(
            &mut dir.netaudit(&["report", "-o", folder, "-O", "table", "--today", TODAY]),
            &[&format!("cannot write {folder}:"), "folder"],
        );
    }
    fails_with(
        &mut dir.netaudit(&["log", "Club", "--hours", "1", "--file", "new.csv/"]),
        &["new.csv/", "folder"],
    );
    assert!(!dir.path().join("new.csv").exists());
}

#[test]
fn owner_group_mode_and_hard_links_stay_as_they_were() {
    let dir = setup();
    let out = dir.path().join("report.txt");
    dir.write("report.txt", "old\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Only root may give a file away; elsewhere the owner is the runner's already.
    let foreign = std::os::unix::fs::chown(&out, Some(4321), Some(4321)).is_ok();
    std::fs::hard_link(&out, dir.path().join("also.txt")).unwrap();
    let before = std::fs::metadata(&out).unwrap();
    succeeds(&mut dir.netaudit(&["report", "-q", "-o", "report.txt", "--today", TODAY]));
    let after = std::fs::metadata(&out).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.ino(), before.ino(), "the hard link is kept");
    assert!(
        String::from_utf8(read(&dir, "also.txt"))
            .unwrap()
            .starts_with("Report for")
    );

    // A file of someone else's, without other links, is replaced and given back to them.
    std::fs::remove_file(dir.path().join("also.txt")).unwrap();
    succeeds(&mut dir.netaudit(&["report", "-q", "-o", "report.txt", "--today", TODAY]));
    let replaced = std::fs::metadata(&out).unwrap();
    assert_eq!(replaced.mode() & 0o7777, 0o640);
    assert_eq!(
        (replaced.uid(), replaced.gid()),
        (before.uid(), before.gid())
    );
    if foreign {
        assert_eq!(replaced.uid(), 4321);
    }

    // --append keeps them too: it adds in place.
    let history = dir.path().join("history.csv");
    append_month(&dir, "2026-09");
    std::fs::set_permissions(&history, std::fs::Permissions::from_mode(0o600)).unwrap();
    let _ = std::os::unix::fs::chown(&history, Some(4321), Some(4321));
    let before = std::fs::metadata(&history).unwrap();
    append_month(&dir, "2026-10");
    let after = std::fs::metadata(&history).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o600);
    assert_eq!(
        (after.uid(), after.gid(), after.ino()),
        (before.uid(), before.gid(), before.ino())
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

/// The log with an append cut off part way, as a kill leaves it: `old` then part of `row`,
/// and the journal the append wrote first.
fn half_appended(dir: &Workdir, old: &str, row: &str, written: usize) {
    dir.write("activity.csv", format!("{old}{}", &row[..written]));
    dir.write(
        ".activity.csv.netaudit-journal",
        format!(
            "netaudit append journal 1\n{}\n{}\n{row}",
            old.len(),
            row.len()
        ),
    );
}

#[test]
fn the_next_run_removes_a_half_appended_row_and_says_so() {
    let old = format!("{HEADER}\n2026-10-01,Harbor City BNI,1,1.5,18,,,,,,\n");
    let row = "2026-10-08,Harbor City BNI,1,1.5,18,,,,,,\"a long note\"\n";
    for args in [
        &["report", "--today", TODAY][..],
        &["check"],
        &["trend", "--today", TODAY],
        &[
            "log",
            "Harbor City BNI",
            "--hours",
            "2",
            "--date",
            "2026-10-15",
        ],
    ] {
        let dir = setup();
        half_appended(&dir, &old, row, 30);
        let output = run(&mut dir.netaudit(args));
        assert_eq!(output.code, 0, "{args:?}: {}", output.stderr);
        assert!(
            output.stderr.contains(
                "an earlier netaudit was stopped while adding a row; the 30 bytes it had \
                 written were removed"
            ),
            "{args:?}: {}",
            output.stderr
        );
        let log = String::from_utf8(read(&dir, "activity.csv")).unwrap();
        assert!(
            log.starts_with(&old) && !log.contains("a long note"),
            "{log}"
        );
        assert!(leftovers(&dir).is_empty());
    }
}

#[test]
fn a_whole_append_is_kept_and_a_file_changed_since_is_left_alone() {
    let old = format!("{HEADER}\n2026-10-01,Harbor City BNI,1,1.5,18,,,,,,\n");
    let row = "2026-10-08,Harbor City BNI,1,1.5,18,,,,,,\n";
    let dir = setup();
    half_appended(&dir, &old, row, row.len());
    let output = run(&mut dir.netaudit(&["check"]));
    assert_eq!((output.code, output.stderr.as_str()), (0, ""));
    assert_eq!(
        read(&dir, "activity.csv"),
        format!("{old}{row}").into_bytes()
    );
    assert!(leftovers(&dir).is_empty());

    // Edited by hand since: not netaudit's to cut.
    let dir = setup();
    half_appended(&dir, &old, row, 10);
    let edited = format!("{old}2026-10-09,Edited By Hand,1,1,1,,,,,,\n");
    dir.write("activity.csv", &edited);
    let output = run(&mut dir.netaudit(&["check"]));
    assert!(
        output
            .stderr
            .contains("the file has been changed since, so it was left as it is")
    );
    assert_eq!(read(&dir, "activity.csv"), edited.into_bytes());
    assert!(leftovers(&dir).is_empty());
}

/// Sends `signal` to `log` runs with a 60 KB note at moments spread over the write, for
/// `seconds`; after each, the log must hold only whole rows, which `check` finds.
fn interrupted_logs_leave_whole_rows(signal: &str, seconds: u64) {
    let dir = setup();
    let note = "n".repeat(60_000);
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        let mut child = dir
            .process(&[])
            .args([
                "log",
                "-q",
                "Harbor City BNI",
                "--hours",
                "1",
                "--note",
                &note,
            ])
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(runs * 397 % 4000));
        let _ = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let _ = child.wait();
        runs += 1;
    }
    let check = run(&mut dir.netaudit(&["check", "activity.csv"]));
    assert_eq!(
        check.code, 0,
        "after {runs} runs: {}{}",
        check.stdout, check.stderr
    );
    let log = String::from_utf8(read(&dir, "activity.csv")).unwrap();
    for line in log.lines().skip(2) {
        assert!(
            line.ends_with(&note),
            "a row cut short: {} bytes",
            line.len()
        );
    }
    assert!(
        leftovers(&dir)
            .iter()
            .all(|name| name == ".activity.csv.netaudit-tmp"),
        "{:?}",
        leftovers(&dir)
    );
}

#[test]
fn a_killed_log_leaves_the_whole_row_or_none() {
    interrupted_logs_leave_whole_rows("-KILL", 3);
}

#[test]
fn ctrl_c_waits_for_the_row_to_be_written() {
    interrupted_logs_leave_whole_rows("-INT", 2);
}

#[test]
fn a_temporary_file_a_killed_run_left_is_taken_over_and_removed() {
    let dir = setup();
    dir.write(
        ".report.csv.netaudit-tmp",
        "half a report from a killed run",
    );
    dir.write(".netaudit.toml.netaudit-tmp", "half a config");
    succeeds(&mut dir.netaudit(&["report", "-q", "-o", "report.csv", "--today", TODAY]));
    assert!(read(&dir, "report.csv").starts_with(b"month,group,"));
    let fresh = Workdir::new();
    fresh.write(".netaudit.toml.netaudit-tmp", "half a config");
    fresh.write(".activity.csv.netaudit-tmp", "half a log");
    succeeds(&mut fresh.netaudit(&["init", "-q"]));
    assert!(leftovers(&fresh).is_empty(), "{:?}", leftovers(&fresh));
    assert_eq!(
        leftovers(&dir),
        vec![".netaudit.toml.netaudit-tmp".to_string()]
    );
}

/// A run killed after linking its new file into place, before removing the temporary
/// name, leaves two names for the user's file: the next runs must neither treat the file
/// as hard-linked by the user nor empty it as a stale temporary file.
#[test]
fn a_temporary_name_left_on_the_written_file_is_removed_and_the_file_kept() {
    for append in [false, true] {
        let dir = setup();
        succeeds(&mut dir.netaudit(&["report", "-q", "-o", "out.csv", "--today", TODAY]));
        let before = read(&dir, "out.csv");
        std::fs::hard_link(
            dir.path().join("out.csv"),
            dir.path().join(".out.csv.netaudit-tmp"),
        )
        .unwrap();
        let mut args = vec!["report", "-q", "-o", "out.csv"];
        if append {
            // A month not in the file yet, so that the rows are added to it in place.
            args.extend(["--append", "--today", "2026-12-01"]);
        } else {
            args.extend(["--today", TODAY]);
        }
        let output = run(&mut dir.netaudit(&args));
        assert_eq!(output.code, 0, "{}", output.stderr);
        let written = read(&dir, "out.csv");
        if append {
            assert!(written.len() > before.len() && written.starts_with(&before));
        } else {
            assert_eq!(written, before);
        }
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let metadata = std::fs::metadata(dir.path().join("out.csv")).unwrap();
        assert_eq!(metadata.nlink(), 1);
    }
}

#[test]
fn killed_reports_leave_at_most_one_named_temporary_file_and_the_next_run_none() {
    let dir = setup();
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < Duration::from_secs(2) {
        let append = runs.is_multiple_of(2);
        let mut command = dir.process(&["report", "-q", "-o", "out.csv", "--today", TODAY]);
        if append {
            command.arg("--append");
        }
        let mut child = command.spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(runs * 211 % 3000));
        let _ = child.kill();
        let _ = child.wait();
        runs += 1;
    }
    let left = leftovers(&dir);
    assert!(
        left.iter()
            .all(|name| name == ".out.csv.netaudit-tmp" || name == ".out.csv.netaudit-journal"),
        "{left:?}"
    );
    succeeds(&mut dir.netaudit(&["report", "-q", "-o", "out.csv", "--today", TODAY]));
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn no_message_names_a_temporary_file() {
    let dir = setup();
    let output = run(&mut dir.netaudit(&[
        "report",
        "-o",
        "no-such-folder/report.csv",
        "--today",
        TODAY,
    ]));
    assert_eq!(output.code, 2);
    assert!(
        output
            .stderr
            .contains("cannot write no-such-folder/report.csv"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("netaudit-tmp"), "{}", output.stderr);
}

#[test]
fn reports_never_read_a_row_half_appended() {
    let dir = setup();
    let note = "x".repeat(50_000);
    let spawn = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        dir.process(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let mut children = Vec::new();
    for round in 0..10 {
        for _ in 0..3 {
            children.push((
                "log",
                spawn(
                    [
                        "log",
                        "-q",
                        "Harbor City BNI",
                        "--hours",
                        "1",
                        "--note",
                        &note,
                    ]
                    .map(String::from)
                    .to_vec(),
                ),
            ));
        }
        children.push((
            "report",
            spawn(
                [
                    "report",
                    "-q",
                    "-o",
                    &format!("h{round}.csv"),
                    "--append",
                    "--today",
                    TODAY,
                ]
                .map(String::from)
                .to_vec(),
            ),
        ));
    }
    for (what, child) in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let log = String::from_utf8(read(&dir, "activity.csv")).unwrap();
    assert_eq!(log.lines().count(), 2 + 30);
}

#[test]
fn a_report_waits_for_a_row_being_appended() {
    let dir = setup();
    let log = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("activity.csv"))
        .unwrap();
    // A writer part way through its row, holding the lock every netaudit writer holds.
    log.lock().unwrap();
    let row = "2026-10-08,Harbor City BNI,1,1.5,18,,,,,,\n";
    (&log).write_all(&row.as_bytes()[..20]).unwrap();
    let report = dir
        .process(&["report", "-q", "-O", "csv", "--today", TODAY])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    (&log).write_all(&row.as_bytes()[20..]).unwrap();
    log.unlock().unwrap();
    let output = report.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("2026-10,Harbor City BNI,2,3.00,36.00,"),
        "{stdout}"
    );
}

#[test]
fn appending_to_a_long_history_takes_no_more_memory_than_a_short_one() {
    let dir = setup();
    // 100 MB of history, far past the memory the run may use.
    let header = "month,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,return_per_hour,score,expected_score,verdict,previous_verdict,reasons";
    let row = "2020-01,Old Group,1,1.50,18.00,0,0,0.00,0,0.00,-12.00,0.00,0.00,watch,,\"too early to judge\"\n";
    let mut history = format!("{header}\n").into_bytes();
    while history.len() < 100_000_000 {
        history.extend_from_slice(row.as_bytes());
    }
    let length = history.len();
    dir.write("history.csv", &history);
    drop(history);
    let output = dir
        .limited(&[
            "report",
            "-q",
            "-o",
            "history.csv",
            "--append",
            "--today",
            TODAY,
        ])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let grown = std::fs::metadata(dir.path().join("history.csv"))
        .unwrap()
        .len() as usize;
    assert!(
        grown > length && grown < length + 1000,
        "{length} -> {grown}"
    );
}

#[test]
fn small_refusals_say_what_is_wrong() {
    let dir = setup();
    dir.write("netaudit.toml", "log = \"\"\n");
    fails_with(
        &mut dir.netaudit(&["report", "--today", TODAY]),
        &["netaudit.toml:1:7: key `log`: a file name cannot be empty"],
    );
    dir.write("netaudit.toml", "log = \"-\"\n");
    let err = fails_with(
        &mut dir.netaudit(&["log", "Club", "--hours", "1"]),
        &[
            "the config's log is \"-\", standard input",
            "pass --file activity.csv",
        ],
    );
    assert!(!err.contains("--file -"), "{err}");

    let folder = Workdir::new();
    std::fs::create_dir(folder.path().join("netaudit.toml")).unwrap();
    fails_with(
        &mut folder.netaudit(&["report", "activity.csv"]),
        &["netaudit.toml is a folder, not a config file"],
    );
    fails_with(
        &mut dir.netaudit(&[
            "report",
            "--month",
            "0001-01",
            "--window",
            "24",
            "activity.csv",
        ]),
        &["would begin 23 months before the year 1"],
    );
    fails_with(
        &mut dir.netaudit(&[
            "trend",
            "--month",
            "0001-02",
            "--months",
            "3",
            "activity.csv",
        ]),
        &["would begin 1 month before the year 1"],
    );
}
