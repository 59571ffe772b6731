//! netaudit.toml: lookup order, precedence against flags and defaults, and its errors.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, succeeds};

/// One group: 6 meetings over 6 months, 12 hours, revenue 1200: score 1.00 at 100/h.
fn log() -> String {
    let mut log = format!("{HEADER}\n");
    for month in 5..=10 {
        log.push_str(&format!("2026-{month:02}-05,Harbor BNI,1,2,,1,,,,,\n"));
    }
    log.push_str("2026-10-20,Harbor BNI,,,,,1,1200,,,\n");
    log
}

/// The score column of a CSV report.
fn score(dir: &Workdir, args: &[&str]) -> String {
    let mut argv = vec!["report", "--today", TODAY, "-O", "csv"];
    argv.extend_from_slice(args);
    let out = succeeds(&mut dir.netaudit(&argv));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let record = reader.records().next().expect("one group").expect("record");
    record[11].to_string()
}

#[test]
fn flag_beats_config_beats_default() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    assert_eq!(score(&dir, &["log.csv"]), "1.00", "default 100/h");
    dir.write("netaudit.toml", "hourly_rate = 50\n");
    assert_eq!(score(&dir, &["log.csv"]), "2.00", "config 50/h");
    assert_eq!(
        score(&dir, &["log.csv", "--hourly-rate", "200"]),
        "0.50",
        "flag 200/h"
    );
}

#[test]
fn lookup_order_is_flag_then_current_folder_then_xdg() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write("xdg/netaudit/config.toml", "hourly_rate = 400\n");
    assert_eq!(score(&dir, &["log.csv"]), "0.25", "XDG config");
    dir.write("netaudit.toml", "hourly_rate = 50\n");
    assert_eq!(
        score(&dir, &["log.csv"]),
        "2.00",
        "./netaudit.toml before XDG"
    );
    dir.write("other.toml", "hourly_rate = 25\n");
    assert_eq!(
        score(&dir, &["log.csv", "--config", "other.toml"]),
        "4.00",
        "--config first"
    );
}

#[test]
fn home_config_is_used_when_xdg_config_home_is_unset() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write(".config/netaudit/config.toml", "hourly_rate = 50\n");
    let mut command = dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]);
    command.env_remove("XDG_CONFIG_HOME");
    assert!(succeeds(&mut command).contains(",2.00,"));
}

#[test]
fn log_paths_in_the_config_are_relative_to_it() {
    let dir = Workdir::new();
    dir.write("books/log.csv", log());
    dir.write("books/netaudit.toml", "log = \"log.csv\"\n");
    assert_eq!(score(&dir, &["--config", "books/netaudit.toml"]), "1.00");
    let whole = log();
    let (first, second) = whole.split_at(whole.find("2026-08").expect("an August row"));
    dir.write("books/a.csv", first);
    dir.write("books/b.csv", format!("{HEADER}\n{second}"));
    dir.write("books/split.toml", "log = [\"a.csv\", \"b.csv\"]\n");
    assert_eq!(score(&dir, &["--config", "books/split.toml"]), "1.00");
    // Files on the command line replace the config's.
    dir.write("books/broken.toml", "log = [\"missing.csv\"]\n");
    assert_eq!(
        score(&dir, &["--config", "books/broken.toml", "books/log.csv"]),
        "1.00"
    );
}

#[test]
fn no_log_and_no_config_says_how_to_start() {
    let dir = Workdir::new();
    fails_with(
        &mut dir.netaudit(&["report"]),
        &[
            "no activity log given",
            "netaudit report activity.csv",
            "log = [\"activity.csv\"]",
        ],
    );
}

fn bad_config(config: &str, needles: &[&str]) {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write("netaudit.toml", config);
    fails_with(
        &mut dir.netaudit(&["report", "--today", TODAY, "log.csv"]),
        needles,
    );
}

#[test]
fn unknown_keys_name_the_closest_known_key() {
    bad_config(
        "hourly_rat = 50\n",
        &[
            "netaudit.toml:1:1: unknown key `hourly_rat`; did you mean `hourly_rate`?",
            "Known keys:",
        ],
    );
    bad_config(
        "[groups.\"Harbor BNI\"]\nmember = 20\n",
        &[
            "netaudit.toml:2:1: unknown key `groups.\"Harbor BNI\".member`; did you mean `groups.\"Harbor BNI\".members`?",
        ],
    );
}

#[test]
fn config_texts_with_control_or_direction_characters_are_refused_at_their_place() {
    bad_config(
        "ignore_columns = [\"Notes\", \"x\\u001b]0;PWNED\\u0007\"]\n",
        &[
            "netaudit.toml:1:28: key `ignore_columns`: got \"x\\u{1b}]0;PWNED\\u{7}\", expected \
             text without control characters or text-direction marks",
        ],
    );
    bad_config(
        "[groups.\"Harbor BNI\"]\nmatch = [\"BNI\\u202e*\"]\n",
        &["netaudit.toml:2:10: key `groups.\"Harbor BNI\".match`: got \"BNI\\u{202e}*\""],
    );
    bad_config(
        "[columns]\nnote = \"Memo\\u0085\"\n",
        &["netaudit.toml:2:8: key `columns.note`: got \"Memo\\u{85}\""],
    );
    // A tab is a delimiter, not a trick.
    let dir = Workdir::new();
    dir.write("log.tsv", log().replace(',', "\t"));
    dir.write("netaudit.toml", "csv_delimiter = \"\\t\"\n");
    crate::common::succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "log.tsv"]));
}

#[test]
fn wrong_types_and_syntax_name_the_line() {
    bad_config(
        "currency = \"$\"\nhourly_rate = \"fifty\"\n",
        &[
            "netaudit.toml:2:15:",
            "invalid type: string \"fifty\", expected a number",
        ],
    );
    bad_config(
        "min_meetings = -1\n",
        &[
            "netaudit.toml:1:16:",
            "expected a whole number of 0 or more",
        ],
    );
    bad_config("hourly_rate = \n", &["netaudit.toml:1:"]);
    bad_config("log = 5\n", &["key `log`", "a file name or a list"]);
    bad_config(
        "[groups.\"A\"]\ncadence = 7\n",
        &[
            "groups.\"A\".cadence",
            "expected one of \"weekly\", \"biweekly\", \"monthly\"",
        ],
    );
    bad_config("groups = 5\n", &["`groups` must be a table"]);
}

#[test]
fn values_out_of_range_are_refused() {
    bad_config(
        "hourly_rate = 0\n",
        &["key `hourly_rate`", "greater than 0"],
    );
    bad_config("margin = 1.5\n", &["key `margin`", "a share from 0 to 1"]);
    bad_config(
        "window_months = 0\n",
        &["key `window_months`", "from 1 to 1200"],
    );
    bad_config("no_lead_months = 0\n", &["key `no_lead_months`"]);
    bad_config(
        "stay_at = -1\n",
        &[
            "netaudit.toml:1:11: key `stay_at`",
            "a score from 0 to 1000",
        ],
    );
    bad_config(
        "lead_value = -5\n",
        &["netaudit.toml:1:14: key `lead_value`"],
    );
    bad_config(
        "[groups.\"A\"]\njoined = \"March\"\n",
        &[
            "netaudit.toml:2:10: key `groups.\"A\".joined`",
            "2024-03-01",
        ],
    );
}

#[test]
fn a_missing_config_file_is_an_error() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    fails_with(
        &mut dir.netaudit(&["report", "--config", "nope.toml", "log.csv"]),
        &["config file nope.toml not found"],
    );
}

#[test]
fn group_facts_match_names_without_case_and_spacing() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write("netaudit.toml", "[groups.\"harbor  bni\"]\nmembers = 250\n");
    let out = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]));
    assert!(
        out.contains("250 members: hard to know anyone in a room of 250"),
        "{out}"
    );
}

#[test]
fn joined_extends_tenure_but_no_lead_counts_from_the_first_row() {
    let dir = Workdir::new();
    // The log starts 2026-08: 3 months, 6 meetings, no lead.
    let mut rows = format!("{HEADER}\n");
    for month in 8..=10 {
        for day in [5, 19] {
            rows.push_str(&format!("2026-{month:02}-{day:02},Quiet Club,1,2,,,,,,,\n"));
        }
    }
    dir.write("quiet.csv", &rows);
    let report = |dir: &Workdir| {
        succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "quiet.csv"]))
    };
    let new = report(&dir);
    assert!(new.contains("too early to judge"), "{new}");
    for joined in ["2023-05-10", "\"2023-05\"", "\"2023-05-10\""] {
        dir.write(
            "netaudit.toml",
            format!("[groups.\"Quiet Club\"]\njoined = {joined}\n"),
        );
        let out = report(&dir);
        assert!(
            !out.contains("too early"),
            "{joined}: judged at once: {out}"
        );
        assert!(
            !out.contains("no lead in"),
            "{joined}: 3 months of logging say nothing of 42 of membership: {out}"
        );
        assert!(out.contains(",leave,"), "{joined}: {out}");
    }
    // Fourteen months of logging without a lead earn the warning, with both spans named.
    let earlier: String = (9..=12)
        .map(|month| format!("2025-{month:02}-05,Quiet Club,1,2,,,,,,,\n"))
        .chain((1..=7).map(|month| format!("2026-{month:02}-05,Quiet Club,1,2,,,,,,,\n")))
        .collect();
    dir.write("quiet.csv", format!("{HEADER}\n{earlier}"));
    let out = report(&dir);
    assert!(
        out.contains("no lead in 14 months of logging (member for 42)"),
        "{out}"
    );
}

#[test]
fn facts_for_a_group_not_in_the_log_warn_on_stderr_only() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write("netaudit.toml", "[groups.\"Harbour BNI\"]\nmembers = 20\n");
    let output = run(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]));
    assert_eq!(output.code, 0);
    assert!(output.stdout.starts_with("month,group,"));
    assert_eq!(
        output.stderr,
        "netaudit: warning: the config has facts for group \"Harbour BNI\", but no row of the log names it; \
         check its spelling\n"
    );
}

#[test]
fn two_entries_for_one_group_are_an_error() {
    bad_config(
        "[groups.\"Harbor BNI\"]\nmembers = 20\n[groups.\"harbor bni\"]\nmembers = 30\n",
        &[
            "netaudit.toml:3:9: groups.\"Harbor BNI\" and groups.\"harbor bni\" name the same group",
            "keep one",
        ],
    );
}

#[test]
fn currency_is_for_the_table_only() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write("netaudit.toml", "currency = \"EUR\"\n");
    let table = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "log.csv"]));
    assert!(table.contains("1,200 EUR"), "{table}");
    assert!(table.contains("your time at 100 EUR/h"), "{table}");
    let table =
        succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "--currency", "€", "log.csv"]));
    assert!(table.contains("€1,200"), "{table}");
    let csv = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]));
    assert!(csv.contains(",1200.00,"), "{csv}");
}

#[test]
fn a_group_s_own_rate_and_margin_judge_it_and_the_totals_price_each_by_its_own() {
    let dir = Workdir::new();
    let mut both = log();
    both.push_str(
        &log()
            .replace("Harbor BNI", "Rotary")
            .replacen(&format!("{HEADER}\n"), "", 1),
    );
    dir.write("log.csv", &both);
    dir.write(
        "netaudit.toml",
        "[groups.\"Harbor BNI\"]\nhourly_rate = 50\n\n[groups.Rotary]\nmargin = 0.5\n",
    );
    let out = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", "csv"]));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let of = |name: &str| rows.iter().find(|row| &row[1] == name).expect(name).clone();
    // Harbor: 1200 / (12 h × 50) = 2.00. Rotary: 0.5 × 1200 / (12 h × 100) = 0.50.
    assert_eq!(&of("Harbor BNI")[11], "2.00");
    assert_eq!(&of("Rotary")[11], "0.50");
    assert!(of("Harbor BNI")[16].contains("own_pricing"));
    assert!(
        of("Rotary")[15].contains("judged at its own margin of 0.5"),
        "{:?}",
        of("Rotary")
    );
    // The flag replaces the top-level rate, never a group's own.
    let out = succeeds(&mut dir.netaudit(&[
        "report",
        "log.csv",
        "--today",
        TODAY,
        "-O",
        "csv",
        "--hourly-rate",
        "25",
    ]));
    assert!(
        out.contains("Harbor BNI,6,12.00,0.00,6,1,1200.00,0,0.00,100.00,2.00"),
        "{out}"
    );
    assert!(
        out.contains("Rotary,6,12.00,0.00,6,1,1200.00,0,0.00,50.00,2.00"),
        "{out}"
    );
    // The table: the heading names each group's own, and the Total's score is
    // (1200 + 600) / (12 × 50 + 12 × 100) = 1.00, not a score at one rate.
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    assert!(
        table.contains("your time at $100/h (Harbor BNI at $50/h; Rotary at margin 0.5)"),
        "{table}"
    );
    let total = table
        .lines()
        .find(|line| line.contains("Total"))
        .expect("a total");
    assert!(total.contains(" 1.00 "), "{table}");
    // The page's cost chart prices each group's time at its own rate, as the model does.
    let html = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", "html"]));
    assert!(
        html.contains("Cost $600 ($0 in money, $600 of time at $50/h); brought $1,200."),
        "{html}"
    );
    assert!(html.contains("Cost $1,200 ($0 in money, $1,200 of time at $100/h); brought $600."));
    // A group's own rate is held to the top-level key's bounds.
    dir.write("netaudit.toml", "[groups.Rotary]\nhourly_rate = 0\n");
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &["netaudit.toml:2:15: key `groups.\"Rotary\".hourly_rate`"],
    );
}

#[test]
fn would_free_prices_each_group_s_hours_at_its_own_rate() {
    let dir = Workdir::new();
    // Two groups of 12 hours over 6 months and no lead: both leave, 2 h a month each.
    let mut log = format!("{HEADER}\n");
    for month in 5..=10 {
        log.push_str(&format!("2026-{month:02}-05,Harbor BNI,1,2,,,,,,,\n"));
        log.push_str(&format!("2026-{month:02}-06,Rotary,1,2,,,,,,,\n"));
    }
    dir.write("log.csv", log);
    dir.write("netaudit.toml", "[groups.Rotary]\nhourly_rate = 300\n");
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    // 2 h × 100 + 2 h × 300 = 800 a month.
    assert!(table.contains("4.0 h a month, worth $800"), "{table}");
}

#[test]
fn a_closed_room_is_not_warned_for_its_size_and_a_bad_room_is_refused_at_its_place() {
    let dir = Workdir::new();
    dir.write("log.csv", log());
    dir.write(
        "netaudit.toml",
        "[groups.\"Harbor BNI\"]\nmembers = 250\nroom = \"closed\"\n",
    );
    let out = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]));
    assert!(!out.contains("hard to know anyone"), "{out}");
    dir.write(
        "netaudit.toml",
        "[groups.\"Harbor BNI\"]\nmembers = 250\nroom = \"open\"\n",
    );
    let out = succeeds(&mut dir.netaudit(&["report", "--today", TODAY, "-O", "csv", "log.csv"]));
    assert!(
        out.contains("250 members: hard to know anyone in an open room of 250 (more than 50)"),
        "{out}"
    );
    dir.write(
        "netaudit.toml",
        "[groups.\"Harbor BNI\"]\nroom = \"mixer\"\n",
    );
    fails_with(
        &mut dir.netaudit(&["report", "--today", TODAY, "log.csv"]),
        &[
            "netaudit.toml:2:8: key `groups.\"Harbor BNI\".room`: expected \"closed\" or \"open\", got \"mixer\"",
        ],
    );
}
