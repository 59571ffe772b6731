//! `--append` histories: a run replaces only the records it writes again (its periods,
//! within its metric, groups, chapter or members), and streams a history of any length.

use crate::common::{Workdir, fails_with, run, sample_data};

const TODAY: &str = "2026-11-01";

/// The sample config's groups, read in a folder of their own.
fn sample(dir: &Workdir, command: &[&str], history: &str) -> crate::common::Output {
    let config = sample_data().join("netaudit.toml");
    let mut args = command.to_vec();
    args.extend([
        "--config",
        config.to_str().expect("UTF-8 path"),
        "-o",
        history,
        "--append",
    ]);
    if command[0] != "chapter" {
        args.extend(["--today", TODAY]);
    }
    let output = run(&mut dir.netaudit(&args));
    assert_eq!(output.code, 0, "{args:?}: {}", output.stderr);
    output
}

fn records(dir: &Workdir, name: &str) -> Vec<String> {
    std::fs::read_to_string(dir.path().join(name))
        .expect("read")
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_trend_replaces_the_months_of_its_own_metric_only() {
    let dir = Workdir::new();
    let trend = |metric: &str| {
        sample(
            &dir,
            &["trend", "--metric", metric, "--months", "3"],
            "trend.csv",
        )
    };
    assert_eq!(trend("hours").stderr, "");
    let hours = records(&dir, "trend.csv");
    assert_eq!(hours.len(), 15);
    assert_eq!(trend("leads").stderr, "", "another metric replaces nothing");
    assert_eq!(records(&dir, "trend.csv").len(), 30);
    assert_eq!(
        trend("leads").stderr,
        "netaudit: trend.csv already held 15 rows of 2026-08, 2026-09, 2026-10; replaced them \
         with these\n"
    );
    let both = records(&dir, "trend.csv");
    assert_eq!(both[..15], hours[..], "the hours stay, in their place");
    assert_eq!(
        both.iter().filter(|row| row.contains(",leads,")).count(),
        15
    );

    // One group's trend replaces that group's rows of the metric, no other.
    let one = sample(
        &dir,
        &[
            "trend",
            "--metric",
            "hours",
            "--months",
            "3",
            "--group",
            "harbor city  BNI",
        ],
        "trend.csv",
    );
    assert_eq!(
        one.stderr,
        "netaudit: trend.csv already held 3 rows of 2026-08, 2026-09, 2026-10; replaced them \
         with these\n"
    );
    assert_eq!(records(&dir, "trend.csv"), both);
}

#[test]
fn a_report_of_some_groups_replaces_their_rows_and_a_full_report_the_month() {
    let dir = Workdir::new();
    let report = |groups: &[&str]| {
        let mut command = vec!["report"];
        for group in groups {
            command.extend(["--group", group]);
        }
        sample(&dir, &command, "history.csv")
    };
    assert_eq!(report(&["Harbor City BNI"]).stderr, "");
    assert_eq!(report(&["Tech Founders Meetup"]).stderr, "");
    let two = records(&dir, "history.csv");
    assert_eq!(two.len(), 2, "the second group's row is added: {two:?}");
    assert!(two[0].starts_with("2026-10,Harbor City BNI,"), "{two:?}");
    assert!(
        two[1].starts_with("2026-10,Tech Founders Meetup,"),
        "{two:?}"
    );

    // The same group, written another way, is the same group.
    assert_eq!(
        report(&["tech  FOUNDERS meetup"]).stderr,
        "netaudit: history.csv already held 1 row of 2026-10; replaced it with these\n"
    );
    assert_eq!(records(&dir, "history.csv"), two);

    assert_eq!(
        report(&[]).stderr,
        "netaudit: history.csv already held 2 rows of 2026-10; replaced them with these\n"
    );
    let all = records(&dir, "history.csv");
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all.iter().all(|row| row.starts_with("2026-10,")));

    // A group's row for the month again replaces that row within the month's block.
    report(&["Women in Sales Circle"]);
    assert_eq!(records(&dir, "history.csv"), all);
}

#[test]
fn show_and_chapter_replace_their_own_records() {
    let dir = Workdir::new();
    sample(&dir, &["show", "Harbor City BNI"], "show.csv");
    let shown = records(&dir, "show.csv");
    assert_eq!(shown.len(), 12);
    let again = sample(&dir, &["show", "Harbor City BNI"], "show.csv");
    assert!(
        again
            .stderr
            .starts_with("netaudit: show.csv already held 12 rows of 2025-11, 2025-12, "),
        "{}",
        again.stderr
    );
    sample(&dir, &["show", "Tech Founders Meetup"], "show.csv");
    assert_eq!(records(&dir, "show.csv")[..12], shown[..]);
    assert_eq!(records(&dir, "show.csv").len(), 24);

    let summary = sample_data().join("chapter-2026-q2.xls");
    let summary = summary.to_str().expect("UTF-8 path");
    sample(&dir, &["chapter", summary], "members.csv");
    let members = records(&dir, "members.csv");
    let again = sample(&dir, &["chapter", summary], "members.csv");
    assert_eq!(
        again.stderr,
        format!(
            "netaudit: members.csv already held {} rows of 2026-04-01 to 2026-06-30; replaced \
             them with these\n",
            members.len()
        )
    );
    assert_eq!(records(&dir, "members.csv"), members);
}

#[test]
fn a_list_of_groups_has_no_period_to_keep_a_history_by() {
    let dir = Workdir::new();
    dir.write("groups.csv", "group,rows\n");
    let config = sample_data().join("netaudit.toml");
    fails_with(
        &mut dir.netaudit(&[
            "groups",
            "--config",
            config.to_str().expect("UTF-8 path"),
            "-o",
            "groups.csv",
            "--append",
        ]),
        &["--append keeps a history by month or period, and this output has none"],
    );
    assert_eq!(records(&dir, "groups.csv"), Vec::<String>::new());
}

/// A folder with a one-group log, and a history whose header is the report's.
fn with_history(records: &[u8]) -> (Workdir, Vec<u8>) {
    let dir = Workdir::new();
    dir.write(
        "activity.csv",
        "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n\
         2026-10-01,Harbor City BNI,1,1.5,18,,,,,,\n",
    );
    let csv = run(&mut dir.netaudit(&["report", "activity.csv", "-O", "csv", "--today", TODAY]));
    let header = csv.stdout.lines().next().expect("header").to_string();
    let mut history = format!("{header}\n").into_bytes();
    history.extend_from_slice(records);
    dir.write("history.csv", &history);
    (dir, history)
}

const APPEND: [&str; 8] = [
    "report",
    "activity.csv",
    "-o",
    "history.csv",
    "--append",
    "--today",
    TODAY,
    "-q",
];

#[test]
fn replacing_a_month_in_a_long_history_takes_no_more_memory_than_a_short_one() {
    let stale = "2026-10,Harbor City BNI,9,9,9,9,9,9,9,9,9,9,9,stay,stay,stale,\n";
    let old = "2020-01,Old Group,1,1.50,18.00,0,0,0.00,0,0.00,-12.00,0.00,0.00,watch,,\"too early to judge\",\n";
    let mut records = stale.as_bytes().to_vec();
    // 100 MB, far past the memory the run may use.
    while records.len() < 100_000_000 {
        records.extend_from_slice(old.as_bytes());
    }
    let (dir, history) = with_history(&records);
    drop(records);
    let (code, _, stderr) = dir.run_limited(&APPEND);
    assert_eq!(code, 0, "{stderr}");
    let after = std::fs::read(dir.path().join("history.csv")).expect("read");
    let header_end = history.iter().position(|&b| b == b'\n').unwrap() + 1;
    let new_row_end = header_end
        + after[header_end..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap()
        + 1;
    assert!(after[header_end..].starts_with(b"2026-10,Harbor City BNI,1,1.50,18.00,"));
    assert_eq!(after[..header_end], history[..header_end]);
    assert_eq!(
        after[new_row_end..],
        history[header_end + stale.len()..],
        "every older record kept, byte for byte"
    );
}

#[test]
fn a_field_longer_than_any_netaudit_writes_is_refused_at_its_place_in_bounded_memory() {
    let mut records = b"2026-09,Harbor City BNI,1,1,1,1,1,1,1,1,1,1,1,stay,stay,x,\n".to_vec();
    records.extend_from_slice(b"2026-08,Harbor City BNI,1,1,1,1,1,1,1,1,1,1,1,stay,stay,\"");
    records.resize(records.len() + 100_000_000, b'x');
    records.extend_from_slice(b"\",\n");
    let (dir, history) = with_history(&records);
    drop(records);
    let (code, _, stderr) = dir.run_limited(&APPEND);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "history.csv:3: column 16 is longer than 64 KiB, the most a field may hold, so \
             reading stopped there; check for a stray quote before it; nothing was added"
        ),
        "{stderr}"
    );
    assert!(std::fs::read(dir.path().join("history.csv")).unwrap() == history);
}

#[test]
fn a_quote_never_closed_or_text_after_one_in_a_history_is_refused_at_its_line() {
    let (dir, history) = with_history(
        b"2026-09,Harbor City BNI,1,1,1,1,1,1,1,1,1,1,1,stay,stay,\"x,\n2026-08,A,1\n",
    );
    let output = run(&mut dir.netaudit(&APPEND));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "history.csv:2: column 16: a quote opens on line 2 and is never closed, so every \
             later line would be read as part of this field; close the quote, or remove it; \
             nothing was added"
        ),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("history.csv")).unwrap(),
        history
    );

    let (dir, history) =
        with_history(b"2026-09,Harbor City BNI,1,1,1,1,1,1,1,1,1,1,1,stay,stay,\"x\"y,\n");
    fails_with(
        &mut dir.netaudit(&APPEND),
        &[
            "history.csv:2: column 16: text follows the closing quote on line 2; put the whole \
             field in quotes and double any quote inside it, as in \"say \"\"hi\"\"\"; nothing \
             was added",
        ],
    );
    assert_eq!(
        std::fs::read(dir.path().join("history.csv")).unwrap(),
        history
    );
}
