//! A membership's life: leaving a group, dues that cover months, refunds, and the month
//! not yet over, each at its boundaries, through the real binary.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, succeeds};

/// A group judged on its own: 12 monthly meetings of 2 h from 2025-11, no lead.
fn monthly(group: &str) -> String {
    (0..12)
        .map(|offset| {
            let (year, month) = if offset < 2 {
                (2025, 11 + offset)
            } else {
                (2026, offset - 1)
            };
            format!("{year}-{month:02}-10,{group},1,2,,,,,,,\n")
        })
        .collect()
}

fn csv_report(dir: &Workdir, extra: &[&str]) -> String {
    let mut args = vec!["report", "log.csv", "--today", TODAY, "-O", "csv"];
    args.extend_from_slice(extra);
    succeeds(&mut dir.netaudit(&args))
}

#[test]
fn a_group_left_before_the_report_month_is_listed_and_not_judged_or_failed_on() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n{}", monthly("Kept"));
    // Old Chamber's last row is in September; the report month is October.
    log.push_str("2026-06-02,Old Chamber,1,3,40,,,,,,\n2026-09-02,Old Chamber,1,3,40,,,,,,\n");
    dir.write("log.csv", &log);
    let with_left = |left: &str| {
        dir.write(
            "netaudit.toml",
            format!("[groups.\"Old Chamber\"]\nleft = {left}\n"),
        );
    };

    with_left("2026-09-30");
    let csv = csv_report(&dir, &[]);
    assert!(!csv.contains("Old Chamber"), "{csv}");
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    assert!(
        table.contains("\nNot judged: Old Chamber: left 2026-09.\n"),
        "{table}"
    );
    assert!(
        table.ends_with("Leaving Kept would free 2.0 h a month, worth $200 at your rate.\n"),
        "the group left frees nothing more: {table}"
    );
    let output =
        run(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "--fail-on", "leave"]));
    assert_eq!(output.code, 1, "Kept is still to leave");

    // Left in the report month itself, the group is judged for the last time.
    with_left("\"2026-10\"");
    let csv = csv_report(&dir, &[]);
    assert!(csv.contains("2026-10,Old Chamber,2,6.00,80.00"), "{csv}");

    // A report for September, before it was left, judges it too, and marks no change.
    with_left("2026-09-30");
    let september = csv_report(&dir, &["--month", "2026-09"]);
    assert!(
        september.contains("2026-09,Old Chamber,2,6.00"),
        "{september}"
    );

    // A trend shows nothing for it after the month it was left.
    let trend = succeeds(&mut dir.netaudit(&[
        "trend", "log.csv", "--today", TODAY, "--metric", "hours", "--months", "2", "-O", "csv",
    ]));
    assert!(
        trend.contains("2026-09,Old Chamber,hours,3.00\n"),
        "{trend}"
    );
    assert!(trend.contains("2026-10,Old Chamber,hours,\n"), "{trend}");
}

/// The reader passes a group cell it has read before to the report's sums without the
/// group's name; the message still names the group as the row wrote it, from a file or from
/// standard input, an alias included.
#[test]
fn a_row_after_the_group_was_left_names_its_group_as_written_when_the_cell_came_before() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "[groups.\"Old Chamber\"]\nleft = \"2026-03\"\naliases = [\"The Old Chamber\"]\n",
    );
    for (group, written) in [
        ("Old Chamber", "Old Chamber"),
        ("  The  Old Chamber", "The Old Chamber"),
    ] {
        let log = format!(
            "{HEADER}\n2026-03-30,{group},1,2,,,,,,,\n2026-03-31,{group},1,2,,,,,,,\n\
             2026-04-01,{group},1,2,,,,,,,\n"
        );
        let message = format!(
            "this row of \"{written}\" is dated 2026-04-01, after its membership ended \
             (left = 2026-03 in the config)"
        );
        dir.write("log.csv", &log);
        fails_with(
            &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
            &[&format!("log.csv:4: {message}")],
        );
        fails_with(
            dir.netaudit(&["report", "--today", TODAY, "-"])
                .write_stdin(log),
            &[&format!(":4: {message}")],
        );
    }
}

#[test]
fn a_row_after_the_group_was_left_is_an_error_for_report_and_a_problem_for_check() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n2026-03-31,Old Chamber,1,2,,,,,,,\n2026-04-01,old  chamber,1,2,,,,,,,\n"
        ),
    );
    dir.write(
        "netaudit.toml",
        "[groups.\"Old Chamber\"]\nleft = \"2026-03\"\n",
    );
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "log.csv:3: this row of \"old chamber\" is dated 2026-04-01, after its membership ended (left = 2026-03 in the config)",
        ],
    );
    let output = run(&mut dir.netaudit(&["check", "log.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output
            .stdout
            .contains("log.csv:3: this row of \"old chamber\" is dated 2026-04-01"),
        "{}",
        output.stdout
    );
    // A left before joined is refused in the config, at its place.
    dir.write(
        "netaudit.toml",
        "[groups.\"Old Chamber\"]\njoined = 2026-05-01\nleft = \"2026-03\"\n",
    );
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "netaudit.toml:3:8: key `groups.\"Old Chamber\".left`: the membership ends in 2026-03, before it began (joined = 2026-05)",
        ],
    );
}

#[test]
fn an_alias_counts_for_its_group_and_may_stand_for_one_group_only() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n{}", monthly("Harbor City BNI"));
    log.push_str("2026-10-20,Harbor BNI,,,,1,,,,,\n");
    dir.write("log.csv", &log);
    dir.write(
        "netaudit.toml",
        "[groups.\"Harbor City BNI\"]\naliases = [\"Harbor BNI\"]\n",
    );
    let csv = csv_report(&dir, &[]);
    assert!(
        csv.contains("2026-10,Harbor City BNI,12,24.00,0.00,1,"),
        "{csv}"
    );
    assert!(!csv.contains("2026-10,Harbor BNI,"), "{csv}");
    dir.write(
        "netaudit.toml",
        "[groups.\"A\"]\naliases = [\"Harbor BNI\"]\n[groups.\"B\"]\naliases = [\"harbor  bni\"]\n",
    );
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "netaudit.toml:4:11: key `groups.\"B\".aliases`: \"harbor bni\" already names the group \"A\"",
        ],
    );
}

#[test]
fn dues_that_cover_a_year_count_a_share_in_each_month_of_the_window() {
    let dir = Workdir::new();
    let mut log = String::from(
        "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note,covers\n",
    );
    for line in monthly("Club").lines() {
        log.push_str(&format!("{line},\n"));
    }
    // 1000.00 paid in 2026-03 for a year: 83.34 for March to June, 83.33 after. A window
    // ending 2026-10 holds 8 months of it: 4 × 83.34 + 4 × 83.33 = 666.68.
    log.push_str("2026-03-02,Club,,,1000,,,,,,dues,12\n");
    dir.write("log.csv", &log);
    assert!(csv_report(&dir, &[]).contains("2026-10,Club,12,24.00,666.68,"));
    // A window of 3 months, 2026-08 to 2026-10, holds 3 × 83.33.
    let short = csv_report(&dir, &["--window", "3"]);
    assert!(short.contains("2026-10,Club,3,6.00,249.99,"), "{short}");
    // The window ending 2027-02 holds the rest, across the year boundary: 4 × 83.33, and
    // the months without a row still count the dues.
    let later = succeeds(&mut dir.netaudit(&[
        "report",
        "log.csv",
        "--today",
        "2027-03-01",
        "--window",
        "4",
        "-O",
        "csv",
    ]));
    assert!(later.contains("2027-02,Club,0,0.00,333.32,"), "{later}");
    let bad = log.replace("dues,12", "dues,0");
    dir.write("log.csv", bad);
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "log.csv:14: column 12 \"covers\": got \"0\", expected a whole number of months from 1 to 120",
        ],
    );
}

#[test]
fn a_refund_lowers_a_sum_and_one_larger_than_the_window_holds_is_an_error() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n{}", monthly("Club"));
    log.push_str("2026-08-28,Club,,,40,,,,,,dinner\n2026-09-20,Club,,,-$25.00,,,,,,refunded\n");
    dir.write("log.csv", &log);
    assert!(csv_report(&dir, &[]).contains("2026-10,Club,12,24.00,15.00,"));
    // The dinner falls outside a window of one month; its refund alone does not.
    fails_with(
        &mut dir.netaudit(&[
            "report",
            "log.csv",
            "--today",
            "2026-10-01",
            "--window",
            "1",
        ]),
        &["\"Club\": its cost adds up to -25.00 from 2026-09 to 2026-09, below 0"],
    );
}

#[test]
fn rows_in_the_month_not_yet_over_are_named_and_to_date_reports_them() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-11-03,Club,1,2,,,,,,,\n2026-11-05,Club,1,2,,,,,,,\n"),
    );
    let output = run(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-30"]));
    assert_eq!(output.code, 0);
    assert!(
        output
            .stdout
            .contains("No activity logged from 2025-11 to 2026-10.")
    );
    assert_eq!(
        output.stderr,
        "netaudit: 2 rows in 2026-11, which is not over; they count from 2026-12-01. netaudit \
         report --to-date shows the month so far\n"
    );
    // On the day of its last row, and on the month's last day, --to-date reports it as it
    // stands; on its first day, the rows lie after it.
    let first =
        run(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-01", "--to-date"]));
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first
            .stdout
            .contains("No activity logged from 2025-12 to 2026-11."),
        "{}",
        first.stdout
    );
    assert!(
        first
            .stderr
            .contains("2 rows dated after 2026-11-01 left out"),
        "{}",
        first.stderr
    );
    for today in ["2026-11-05", "2026-11-30"] {
        let table =
            succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", today, "--to-date"]));
        assert!(
            table.starts_with(&format!(
                "Report for 2026-11 to date ({today}) · 12 months, 2025-12 to 2026-11"
            )),
            "{table}"
        );
        assert!(table.contains("│ Club "), "{table}");
    }
    // Once the month is over, the rows count, and nothing more is said.
    let december = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-12-01"]));
    assert!(december.contains("│ Club "), "{december}");
    let both = run(&mut dir.netaudit(&["report", "log.csv", "--to-date", "--month", "2026-10"]));
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .contains("the argument '--to-date' cannot be used with '--month <YYYY-MM>'"),
        "{}",
        both.stderr
    );
}
