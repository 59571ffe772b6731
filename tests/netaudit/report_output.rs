//! Where the report goes and in what form: files written whole, CSV history appended,
//! Excel's CSV, cells safe in a spreadsheet, verdict changes, and the cron exit statuses.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, sample_data, succeeds};

/// The sample report's flags: its config, and a fixed today.
fn sample(extra: &[&str]) -> Vec<String> {
    let config = sample_data().join("netaudit.toml");
    let mut args: Vec<String> = ["report", "--config", config.to_str().expect("UTF-8 path")]
        .into_iter()
        .map(str::to_string)
        .collect();
    args.extend(["--today", TODAY].map(str::to_string));
    args.extend(extra.iter().map(|arg| arg.to_string()));
    args
}

fn netaudit(dir: &Workdir, args: &[String]) -> assert_cmd::Command {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    dir.netaudit(&args)
}

/// A log with one group that stays: 8 meetings from March to October 2026 and a deal.
fn staying_log() -> String {
    let mut log = format!("{HEADER}\n");
    for month in 3..=10 {
        log.push_str(&format!("2026-{month:02}-05,Harbor BNI,1,2.5,20,1,,,,,\n"));
    }
    log.push_str("2026-10-20,Harbor BNI,,,,,1,4000,,,\n");
    log
}

fn read(dir: &Workdir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("read output")
}

#[test]
fn output_file_takes_its_format_from_the_extension_unless_given() {
    let dir = Workdir::new();
    let stdout_csv = succeeds(&mut netaudit(&dir, &sample(&["-O", "csv"])));
    let stdout_table = succeeds(&mut netaudit(&dir, &sample(&[])));
    let stdout_json = succeeds(&mut netaudit(&dir, &sample(&["-O", "json"])));

    assert_eq!(succeeds(&mut netaudit(&dir, &sample(&["-o", "r.csv"]))), "");
    assert_eq!(read(&dir, "r.csv"), stdout_csv);
    succeeds(&mut netaudit(&dir, &sample(&["-o", "r.JSON"])));
    assert_eq!(read(&dir, "r.JSON"), stdout_json);
    succeeds(&mut netaudit(&dir, &sample(&["-o", "r.txt"])));
    assert_eq!(read(&dir, "r.txt"), stdout_table);
    succeeds(&mut netaudit(
        &dir,
        &sample(&["-o", "report", "-O", "table"]),
    ));
    assert_eq!(read(&dir, "report"), stdout_table);
    for (name, told) in [
        ("json", "did you mean -O json (the format)?"),
        (
            "summary",
            "the file name does not say which format to write",
        ),
    ] {
        fails_with(&mut netaudit(&dir, &sample(&["-o", name])), &[told]);
    }
    succeeds(&mut netaudit(
        &dir,
        &sample(&["-o", "data.txt", "-O", "csv"]),
    ));
    assert_eq!(
        read(&dir, "data.txt"),
        stdout_csv,
        "-O wins over the extension"
    );
    assert_eq!(
        succeeds(&mut netaudit(&dir, &sample(&["-o", "-", "-O", "csv"]))),
        stdout_csv,
        "- is stdout"
    );
    assert_eq!(
        dir.files(),
        ["data.txt", "r.JSON", "r.csv", "r.txt", "report", "xdg"]
            .iter()
            .filter(|name| **name != "xdg")
            .map(|name| name.to_string())
            .collect::<Vec<_>>(),
        "no temporary file is left behind"
    );
}

#[test]
fn output_file_is_replaced_whole_and_keeps_its_permissions() {
    let dir = Workdir::new();
    let path = dir.write(
        "r.csv",
        "old contents that are longer than nothing at all\n".repeat(100),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    succeeds(&mut netaudit(&dir, &sample(&["-o", "r.csv"])));
    assert_eq!(
        read(&dir, "r.csv"),
        succeeds(&mut netaudit(&dir, &sample(&["-O", "csv"])))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn a_failed_run_leaves_the_output_file_as_it_was() {
    let dir = Workdir::new();
    dir.write("r.csv", "yesterday's report\n");
    dir.write("bad.csv", format!("{HEADER}\n2026-13-01,Club,1,1,,,,,,,\n"));
    fails_with(
        &mut dir.netaudit(&["report", "bad.csv", "--today", TODAY, "-o", "r.csv"]),
        &["bad.csv:2", "2026-13-01"],
    );
    assert_eq!(read(&dir, "r.csv"), "yesterday's report\n");
    fails_with(
        &mut dir.netaudit(&[
            "report", "bad.csv", "--today", TODAY, "-o", "r.csv", "--append",
        ]),
        &["bad.csv:2"],
    );
    assert_eq!(read(&dir, "r.csv"), "yesterday's report\n");
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error_naming_the_file() {
    let dir = Workdir::new();
    fails_with(
        &mut netaudit(&dir, &sample(&["-o", "no/such/folder/r.csv"])),
        &["cannot write no/such/folder/r.csv"],
    );
    fails_with(
        &mut netaudit(&dir, &sample(&["-o", "no/such/folder/r.csv", "--append"])),
        &["no/such/folder/r.csv"],
    );
}

#[test]
fn append_adds_rows_under_one_header() {
    let dir = Workdir::new();
    for month in ["2026-08", "2026-09", "2026-10"] {
        assert_eq!(
            succeeds(&mut netaudit(
                &dir,
                &sample(&["--month", month, "-o", "history.csv", "--append"])
            )),
            ""
        );
    }
    let history = read(&dir, "history.csv");
    let mut expected = String::new();
    for (index, month) in ["2026-08", "2026-09", "2026-10"].iter().enumerate() {
        let report = succeeds(&mut netaudit(
            &dir,
            &sample(&["--month", month, "-O", "csv"]),
        ));
        let skip = if index == 0 { 0 } else { 1 };
        for line in report.lines().skip(skip) {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    assert_eq!(history, expected);
    assert_eq!(history.matches("month,group,").count(), 1);
    assert_eq!(history.lines().count(), 1 + 5 + 5 + 5);
}

#[test]
fn append_refuses_a_different_header_and_leaves_the_file_alone() {
    let dir = Workdir::new();
    let other = "date,group,meetings\n2026-10-01,Club,1\n";
    dir.write("history.csv", other);
    let stderr = fails_with(
        &mut netaudit(&dir, &sample(&["-o", "history.csv", "--append"])),
        &[
            "history.csv:1: the header is \"date,group,meetings\"",
            "not this output's \"month,group,meetings,",
            "leave out --append to replace it",
        ],
    );
    assert!(!stderr.contains("cannot add to"), "{stderr}");
    assert_eq!(read(&dir, "history.csv"), other);
}

#[test]
fn append_keeps_the_file_s_byte_order_mark_and_line_ends() {
    let dir = Workdir::new();
    succeeds(&mut netaudit(
        &dir,
        &sample(&[
            "--month",
            "2026-09",
            "-o",
            "history.csv",
            "--append",
            "--excel",
        ]),
    ));
    // Without --excel, the rows still follow the file's CRLF; the mark stays at the start only.
    succeeds(&mut netaudit(
        &dir,
        &sample(&["-o", "history.csv", "--append"]),
    ));
    let history = std::fs::read(dir.path().join("history.csv")).unwrap();
    assert!(history.starts_with("\u{feff}month,".as_bytes()));
    let text = String::from_utf8(history).unwrap();
    assert_eq!(text.matches('\u{feff}').count(), 1);
    assert_eq!(text.matches('\n').count(), 11);
    assert_eq!(text.matches("\r\n").count(), 11, "every line ends in CRLF");

    // A file whose last line has no line end gets one before the new rows.
    dir.write("short.csv", {
        let csv = succeeds(&mut netaudit(
            &dir,
            &sample(&["--month", "2026-09", "-O", "csv"]),
        ));
        csv.trim_end().to_string()
    });
    succeeds(&mut netaudit(
        &dir,
        &sample(&["-o", "short.csv", "--append"]),
    ));
    let short = read(&dir, "short.csv");
    assert_eq!(short.lines().count(), 11);
    assert!(
        short
            .lines()
            .all(|line| line.starts_with("month,") || line.starts_with("2026-"))
    );
}

#[test]
fn append_and_excel_are_for_csv_only() {
    let dir = Workdir::new();
    fails_with(
        &mut netaudit(&dir, &sample(&["-o", "r.json", "--append"])),
        &["--append adds rows to a CSV file, but the output is JSON"],
    );
    fails_with(
        &mut netaudit(&dir, &sample(&["--excel"])),
        &["--excel shapes CSV for Excel, but the output is a table"],
    );
    let usage = run(&mut netaudit(&dir, &sample(&["-O", "csv", "--append"])));
    assert_eq!(usage.code, 2);
    assert!(
        usage.stderr.contains("--output-file <FILE>"),
        "{}",
        usage.stderr
    );
    fails_with(
        &mut netaudit(&dir, &sample(&["-o", "-", "-O", "csv", "--append"])),
        &["--append needs a file"],
    );
    assert_eq!(dir.files(), Vec::<String>::new());
}

/// `report` of `month` on log.csv, appended to history.csv.
fn appending(month: &str) -> [&str; 9] {
    [
        "report",
        "log.csv",
        "--today",
        TODAY,
        "--month",
        month,
        "-o",
        "history.csv",
        "--append",
    ]
}

#[test]
fn concurrent_appends_keep_one_block_per_month() {
    let dir = Workdir::new();
    dir.write("log.csv", staying_log());
    // Eight months, one row each, four of them appended twice at the same moment.
    let months: Vec<String> = (3..=10)
        .chain([10, 9, 3, 5])
        .map(|month| format!("2026-{month:02}"))
        .collect();
    let children: Vec<std::process::Child> = months
        .iter()
        .map(|month| {
            dir.process(&[])
                .args(appending(month))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
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
    let history = read(&dir, "history.csv");
    assert_eq!(history.lines().count(), 9, "{history}");
    assert_eq!(history.matches("month,group,").count(), 1);
    for month in 3..=10 {
        assert_eq!(
            history
                .matches(&format!("\n2026-{month:02},Harbor BNI,"))
                .count(),
            1,
            "{history}"
        );
    }
}

#[test]
fn appending_a_month_already_there_replaces_its_rows_in_their_place() {
    let dir = Workdir::new();
    dir.write("log.csv", staying_log());
    let append = |month: &str| run(&mut dir.netaudit(&appending(month)));
    assert_eq!(append("2026-09").stderr, "");
    assert_eq!(append("2026-10").stderr, "");
    let once = read(&dir, "history.csv");
    let again = append("2026-09");
    assert_eq!(again.code, 0);
    assert_eq!(
        again.stderr,
        "netaudit: history.csv already held 1 row of 2026-09; replaced it with these\n"
    );
    assert_eq!(
        read(&dir, "history.csv"),
        once,
        "the same rows, in the same place"
    );
    // A log changed since gives September new figures, still before October.
    dir.write(
        "log.csv",
        staying_log().replace(
            "2026-09-05,Harbor BNI,1,2.5,20",
            "2026-09-05,Harbor BNI,1,2.5,30",
        ),
    );
    append("2026-09");
    let changed = read(&dir, "history.csv");
    let months: Vec<&str> = changed.lines().skip(1).map(|line| &line[..7]).collect();
    assert_eq!(months, ["2026-09", "2026-10"]);
    assert!(
        changed.contains("2026-09,Harbor BNI,7,17.50,150.00,"),
        "{changed}"
    );
    // --quiet says nothing of it.
    let quiet = run(&mut dir.netaudit(&[
        "report",
        "log.csv",
        "--today",
        TODAY,
        "-q",
        "-o",
        "history.csv",
        "--append",
    ]));
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn excel_csv_has_a_byte_order_mark_and_crlf_from_the_flag_or_the_config() {
    let dir = Workdir::new();
    let plain = succeeds(&mut netaudit(&dir, &sample(&["-O", "csv"])));
    assert!(!plain.contains('\r') && !plain.starts_with('\u{feff}'));
    let excel = succeeds(&mut netaudit(&dir, &sample(&["-O", "csv", "--excel"])));
    assert_eq!(excel, format!("\u{feff}{}", plain.replace('\n', "\r\n")));

    dir.write("log.csv", staying_log());
    dir.write("netaudit.toml", "log = \"log.csv\"\nexcel = true\n");
    let from_config = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv"]));
    assert!(from_config.starts_with("\u{feff}month,") && from_config.ends_with("\r\n"));
    let table = succeeds(&mut dir.netaudit(&["report", "--today", TODAY]));
    assert!(
        table.starts_with("Report for 2026-10"),
        "the key shapes CSV only"
    );

    dir.write("netaudit.toml", "excel = \"yes\"\n");
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &["netaudit.toml:1:9", "expected true or false"],
    );
}

#[test]
fn csv_cells_that_start_like_a_formula_are_text_and_numbers_stay_numbers() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for month in 3..=10 {
        log.push_str(&format!(
            "2026-{month:02}-05,\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",1,2,50,,,,,,\n"
        ));
        log.push_str(&format!("2026-{month:02}-06,@Club,1,2,50,,,,,,\n"));
        log.push_str(&format!("2026-{month:02}-07,-Minus Club,1,2,50,,,,,,\n"));
    }
    dir.write("log.csv", log);
    let out = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let groups: Vec<&str> = rows.iter().map(|row| &row[1]).collect();
    assert_eq!(
        groups,
        [
            "'-Minus Club",
            "'=HYPERLINK(\"http://x\",\"click\")",
            "'@Club"
        ]
    );
    for row in &rows {
        assert_eq!(
            &row[10], "-25.00",
            "return per hour is a negative number, as is"
        );
        assert!(row[10].parse::<f64>().is_ok());
    }
    let json = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", "json"]));
    assert!(json.contains("\"group\": \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\""));
}

#[test]
fn csv_and_json_figures_carry_no_currency_signs_or_thousands_separators_but_reasons_do() {
    let dir = Workdir::new();
    for format in ["csv", "json"] {
        let out = succeeds(&mut netaudit(&dir, &sample(&["-O", format])));
        // Figures are plain numbers; a reason is a sentence for people, with its currency.
        assert!(!out.contains("$27") && !out.contains("27,05"), "{out}");
        assert!(out.contains("27050.5"), "{out}");
        assert!(out.contains("($196/h after costs)"), "{out}");
        assert!(out.contains("an estimated $679 each"), "{out}");
    }
    let table = succeeds(&mut netaudit(&dir, &sample(&[])));
    assert!(table.contains("$27,051") && table.contains("($196/h after costs)"));
}

#[test]
fn previous_verdict_is_the_verdict_a_month_earlier() {
    let dir = Workdir::new();
    // In April 2026 the Rotary Club's chance of paying for the user's time rose past
    // 1 − sure_at (0.32): from leave in the report for March to watch.
    let april = ["--month", "2026-04"];
    let csv = succeeds(&mut netaudit(
        &dir,
        &sample(&["-O", "csv", april[0], april[1]]),
    ));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let changes: Vec<(String, String, String)> = reader
        .records()
        .map(Result::unwrap)
        .map(|row| (row[1].to_string(), row[14].to_string(), row[13].to_string()))
        .collect();
    assert!(
        changes.contains(&(
            "Downtown Rotary Club".to_string(),
            "leave".to_string(),
            "watch".to_string()
        )),
        "{changes:?}"
    );
    assert!(
        !csv.contains("Old Chamber"),
        "a group left before the report month has no verdict, then or before: {csv}"
    );
    let table = succeeds(&mut netaudit(&dir, &sample(&april)));
    assert!(table.contains("┆ leave → watch │"), "{table}");
    assert_eq!(table.matches('→').count(), 1, "only a change is marked");

    // A group with no activity in the window a month earlier has no previous verdict.
    let august = succeeds(&mut netaudit(
        &dir,
        &sample(&["-O", "csv", "--month", "2026-08"]),
    ));
    let women = august
        .lines()
        .find(|line| line.contains("Women in Sales Circle"))
        .expect("the group joined in August");
    assert!(women.contains(",watch,,\"too early"), "{women}");
    let json = succeeds(&mut netaudit(
        &dir,
        &sample(&["-O", "json", "--month", "2026-08"]),
    ));
    assert!(json.contains("\"previous_verdict\": null"));
}

#[test]
fn previous_verdict_crosses_a_year_boundary() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    // Judged from December 2025 (6 meetings, 6 months); a deal in January 2026 makes it stay.
    for month in 7..=12 {
        log.push_str(&format!("2025-{month:02}-05,Club,1,2,,,,,,,\n"));
    }
    log.push_str("2026-01-10,Club,1,2,,1,1,5000,,,\n");
    dir.write("log.csv", log);
    let out =
        succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-02-01", "-O", "csv"]));
    let row = out.lines().nth(1).expect("one group");
    assert!(row.starts_with("2026-01,Club,"), "{row}");
    assert!(row.contains(",stay,leave,"), "{row}");
}

#[test]
fn fail_on_exits_1_when_a_decision_is_due_and_still_writes_the_report() {
    let dir = Workdir::new();
    // The sample has groups to leave and to watch.
    for fail_on in ["leave", "watch"] {
        let output = run(&mut netaudit(&dir, &sample(&["--fail-on", fail_on])));
        assert_eq!(output.code, 1, "{}", output.stderr);
        assert!(output.stdout.starts_with("Report for 2026-10"));
        assert_eq!(output.stderr, "");
    }
    let output = run(&mut netaudit(
        &dir,
        &sample(&["--fail-on", "leave", "-o", "r.csv"]),
    ));
    assert_eq!(output.code, 1);
    assert_eq!(read(&dir, "r.csv").lines().count(), 6);

    dir.write("stay.csv", staying_log());
    let stays = ["report", "stay.csv", "--today", TODAY];
    for fail_on in ["leave", "watch"] {
        let mut args = stays.to_vec();
        args.extend(["--fail-on", fail_on]);
        succeeds(&mut dir.netaudit(&args));
    }
    // A group that is only watched does not fail --fail-on leave.
    dir.write(
        "watch.csv",
        format!("{HEADER}\n2026-10-05,New Club,1,2,,,,,,,\n"),
    );
    succeeds(&mut dir.netaudit(&[
        "report",
        "watch.csv",
        "--today",
        TODAY,
        "--fail-on",
        "leave",
    ]));
    let output = run(&mut dir.netaudit(&[
        "report",
        "watch.csv",
        "--today",
        TODAY,
        "--fail-on",
        "watch",
    ]));
    assert_eq!(output.code, 1);
    // An error is 2, whatever --fail-on says.
    fails_with(
        &mut dir.netaudit(&["report", "missing.csv", "--fail-on", "leave"]),
        &["missing.csv"],
    );
}

#[test]
fn quiet_drops_warnings_and_the_summary_line_but_not_errors() {
    let dir = Workdir::new();
    dir.write("log.csv", staying_log());
    dir.write(
        "netaudit.toml",
        "log = \"log.csv\"\n[groups.\"Harbour BNI\"]\nmembers = 20\n",
    );
    let loud = run(&mut dir.netaudit(&["report", "--today", TODAY]));
    assert!(
        loud.stderr
            .contains("warning: the config has facts for group \"Harbour BNI\"")
    );
    assert!(loud.stdout.contains("No group to leave this month."));
    let quiet = run(&mut dir.netaudit(&["report", "--today", TODAY, "-q"]));
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stderr, "");
    assert_eq!(
        quiet.stdout,
        loud.stdout.replace("\nNo group to leave this month.\n", ""),
        "the report without its summary line"
    );
    let quiet_first = run(&mut dir.netaudit(&["--quiet", "report", "--today", TODAY]));
    assert_eq!(quiet_first.stdout, quiet.stdout, "--quiet is global");
    fails_with(
        &mut dir.netaudit(&["report", "--today", TODAY, "-q", "missing.csv"]),
        &["missing.csv"],
    );
}

#[test]
fn colour_can_be_forced_or_refused() {
    let dir = Workdir::new();
    let always = succeeds(&mut netaudit(&dir, &sample(&["--color", "always"])));
    assert!(always.contains("\u{1b}["));
    let mut with_no_color = netaudit(&dir, &sample(&["--color", "always"]));
    with_no_color.env("NO_COLOR", "1");
    assert!(
        succeeds(&mut with_no_color).contains("\u{1b}["),
        "the flag wins over NO_COLOR"
    );
    let never = succeeds(&mut netaudit(&dir, &sample(&["--color", "never"])));
    assert!(!never.contains('\u{1b}'));
    let csv = succeeds(&mut netaudit(
        &dir,
        &sample(&["--color", "always", "-O", "csv"]),
    ));
    assert!(!csv.contains('\u{1b}'), "colour is for the table only");
    let usage = run(&mut netaudit(&dir, &sample(&["--color", "sometimes"])));
    assert_eq!(usage.code, 2);
    assert!(
        usage
            .stderr
            .contains("[possible values: auto, always, never]")
    );
}

/// Killed at any moment, a run leaves the output file as it was or holds the whole new
/// report, never part of one: the report is written to a temporary file and renamed.
#[test]
fn a_killed_run_never_leaves_a_partial_output_file() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for group in 0..10_000 {
        log.push_str(&format!("2026-10-05,Group {group:05},1,2,10,1,,,,,\n"));
    }
    dir.write("log.csv", log);
    let args = ["report", "log.csv", "--today", TODAY, "-o", "r.csv"];
    let whole = {
        succeeds(&mut dir.netaudit(&args));
        read(&dir, "r.csv")
    };
    assert_eq!(whole.lines().count(), 10_001);
    let old = "the previous report\n";
    let mut outcomes = (0, 0);
    for step in 0..24u64 {
        dir.write("r.csv", old);
        let mut child = dir.process(&args).spawn().expect("spawn netaudit");
        std::thread::sleep(std::time::Duration::from_millis(step * 12));
        let _ = child.kill();
        let _ = child.wait();
        let now = read(&dir, "r.csv");
        if now == old {
            outcomes.0 += 1;
        } else {
            assert!(now == whole, "a partial file: {} bytes", now.len());
            outcomes.1 += 1;
        }
    }
    assert!(outcomes.0 > 0, "some runs were killed before the rename");
}
