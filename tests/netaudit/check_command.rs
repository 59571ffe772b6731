//! `netaudit check` and `netaudit init`: every problem listed, fixes offered, and a start
//! that never overwrites.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, sample_data, succeeds};

#[test]
fn a_clean_log_passes_with_a_summary() {
    let config = sample_data().join("netaudit.toml");
    let out = succeeds(&mut Workdir::new().netaudit(&[
        "check",
        "--today",
        TODAY,
        "--config",
        config.to_str().expect("UTF-8 path"),
    ]));
    // The sample log writes one group two ways on purpose.
    assert!(
        out.starts_with("warning: one group is written 2 ways, counted as one: \"Harbor City BNI\" (125 rows, first at "),
        "{out}"
    );
    assert!(
        out.ends_with("activity.csv: 277 rows, 6 groups; no problems, 1 warning\n"),
        "{out}"
    );
}

#[test]
fn every_problem_is_listed_with_its_fix_and_the_exit_status_is_2() {
    let dir = Workdir::new();
    dir.write(
        "a.csv",
        format!(
            "{HEADER}\n\
             2026-10-05,Club,1,2,,,,,,,\n\
             25/06/2026,Club,1,12h,$40,,,,,,\n\
             2026/10/06,Club,x,2,,,,,,,\n\
             2026-10-07,Club,1,2,,,,,,,\"a\"b\n\
             2026-10-08,Club,1,2\n\
             2026-10-09,Club,1,2,,,,,,,ok\n\
             2026-10-10,Club,1,\"2\n\
             2026-10-11,Club,1,2,,,,,,,lost\n"
        ),
    );
    let output = run(&mut dir.netaudit(&["check", "a.csv"]));
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert_eq!(output.stderr, "");
    let lines: Vec<&str> = output.stdout.lines().collect();
    let expected = [
        "a.csv:3: column 1 \"date\": got \"25/06/2026\", expected a date as YYYY-MM-DD, such as 2026-03-14; write 2026-06-25",
        "a.csv:3: column 4 \"hours\": got \"12h\", expected a number of hours of 0 or more, such as 2.5; write 12",
        "a.csv:4: column 1 \"date\": got \"2026/10/06\", expected a date as YYYY-MM-DD, such as 2026-03-14; write 2026-10-06",
        "a.csv:4: column 3 \"meetings\": got \"x\", expected a whole number of 0 or more, such as 3",
        "a.csv:5: column 11: text follows the closing quote on line 5; put the whole field in quotes and double any quote inside it, as in \"say \"\"hi\"\"\"",
        "a.csv:6: this row has 4 fields but the header has 11; check for a missing or extra comma (put a field that contains a comma in double quotes)",
        "a.csv:8: column 4: a quote opens on line 8 and is never closed, so every later line would be read as part of this field; close the quote, or remove it",
        "checked a.csv: 2 rows, 1 group; 7 problems",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn report_stops_at_the_first_problem_and_points_to_check() {
    let dir = Workdir::new();
    dir.write(
        "a.csv",
        format!("{HEADER}\n2026-10-01,Club,1,2,,,,,,,\n2026-10-02,Club,1,2,,,,,,,\"x\n2026-10-03,Club,1,2,,,,,,,\n"),
    );
    fails_with(
        &mut dir.netaudit(&["report", "a.csv", "--today", "2026-11-01"]),
        &[
            "a.csv:3: column 11: a quote opens on line 3 and is never closed",
            "(netaudit check lists every problem)",
        ],
    );
}

#[test]
fn look_alike_and_twice_written_names_are_warnings_not_problems() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "log = \"a.csv\"\n[groups.\"Downtown Rotary\"]\nmembers = 40\n",
    );
    dir.write(
        "a.csv",
        format!(
            "{HEADER}\n\
             2026-10-01,Harbor City BNI,1,2,,,,,,,\n\
             2026-10-02,harbor city bni,1,2,,,,,,,\n\
             2026-10-03,Harbour City BNI,1,2,,,,,,,\n\
             2026-10-04,BNI North,1,2,,,,,,,\n\
             2026-10-05,BNI South,1,2,,,,,,,\n\
             2026-10-06,Tech Meetup,1,2,,,,,,,\n\
             2026-10-07,Tech-Meetup,1,2,,,,,,,\n"
        ),
    );
    let out = succeeds(&mut dir.netaudit(&["check"]));
    let expected = "\
warning: one group is written 2 ways, counted as one: \"Harbor City BNI\" (1 row, first at a.csv:2), \"harbor city bni\" (1 row, first at a.csv:3); write it one way
warning: groups \"Harbor City BNI\" (2 rows, first at a.csv:2) and \"Harbour City BNI\" (1 row, first at a.csv:4) are spelt almost alike; if they are one group, write it one way
warning: groups \"Tech Meetup\" (1 row, first at a.csv:7) and \"Tech-Meetup\" (1 row, first at a.csv:8) are spelt almost alike; if they are one group, write it one way
warning: netaudit.toml: the config has facts for group \"Downtown Rotary\", but no row of the log names it
checked netaudit.toml, a.csv: 7 rows, 6 groups; no problems, 4 warnings
";
    assert_eq!(out, expected);
}

#[test]
fn config_problems_are_listed_too() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "hourly_rat = 100\nlog = \"a.csv\"\n");
    dir.write("a.csv", format!("{HEADER}\n2026-10-01,Club,1,2,,,,,,,\n"));
    let output = run(&mut dir.netaudit(&["check"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stdout.contains("unknown key `hourly_rat`") && output.stdout.contains("hourly_rate"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .ends_with("the logs it names were not checked; name them (netaudit check activity.csv)\nchecked netaudit.toml; 1 problem\n"),
        "{}",
        output.stdout
    );

    let output = run(&mut dir.netaudit(&["check", "a.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output
            .stdout
            .ends_with("checked netaudit.toml, a.csv: 1 row, 1 group; 1 problem\n"),
        "{}",
        output.stdout
    );
}

#[test]
fn unreadable_inputs_are_problems_and_checking_goes_on() {
    let dir = Workdir::new();
    dir.write(
        "good.csv",
        format!("{HEADER}\n2026-10-01,Club,1,2,,,,,,,\n"),
    );
    dir.write("empty.csv", "");
    dir.write("bad-header.csv", "date,group,revenu,revenu\n");
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let output = run(&mut dir.netaudit(&[
        "check",
        "missing.csv",
        "folder",
        "empty.csv",
        "bad-header.csv",
        "good.csv",
    ]));
    assert_eq!(output.code, 2);
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", output.stdout);
    assert!(lines[0].starts_with("missing.csv: cannot open activity log missing.csv"));
    assert_eq!(
        lines[1],
        "folder: folder is a folder; name the activity log file inside it"
    );
    assert!(lines[2].starts_with("empty.csv: the file is empty; expected a header row"));
    assert!(lines[3].starts_with("bad-header.csv:1: unknown column \"revenu\""));
    assert!(
        lines[4]
            .starts_with("bad-header.csv:1: unknown column \"revenu\" in the header (column 4)")
    );
    assert_eq!(
        lines[5],
        "checked missing.csv, folder, empty.csv, bad-header.csv, good.csv: 1 row, 1 group; 5 problems"
    );
}

#[test]
fn init_writes_a_config_and_a_log_that_check_and_log_accept() {
    let dir = Workdir::new();
    let output = run(&mut dir.netaudit(&["init", "books"]));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stdout, "", "messages go to stderr");
    assert_eq!(
        output.stderr,
        "netaudit: wrote books/netaudit.toml (every setting, at its default) and books/activity.csv (an empty log)\n\
         next: cd books && netaudit log \"Your Group\" --hours 2 --cost 25   (then, next month: netaudit report)\n"
    );
    let books = dir.path().join("books");
    assert_eq!(
        std::fs::read_to_string(books.join("activity.csv")).unwrap(),
        format!("{HEADER}\n")
    );
    let in_books = |args: &[&str]| {
        let mut command = dir.netaudit(args);
        command.current_dir(&books);
        command
    };
    succeeds(&mut in_books(&[
        "log",
        "Club",
        "--date",
        "2026-10-01",
        "--hours",
        "2",
    ]));
    let out = succeeds(&mut in_books(&["check"]));
    assert_eq!(
        out,
        "checked netaudit.toml, activity.csv: 1 row, 1 group; no problems\n"
    );
}

#[test]
fn init_never_overwrites_and_writes_nothing_when_it_refuses() {
    let dir = Workdir::new();
    dir.write("activity.csv", "mine\n");
    fails_with(
        &mut dir.netaudit(&["init"]),
        &["activity.csv already exists", "never overwrites"],
    );
    assert!(!dir.path().join("netaudit.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("activity.csv")).unwrap(),
        "mine\n"
    );
    dir.write("taken", "a file");
    fails_with(
        &mut dir.netaudit(&["init", "taken"]),
        &["cannot create the folder taken"],
    );
}

/// The config init writes names every key, and each commented-out value is the default.
#[test]
fn the_init_config_shows_every_key_at_its_default() {
    let template = netaudit::config::TEMPLATE;
    let uncommented: String = template
        .lines()
        .map(|line| {
            let bare = line.strip_prefix("# ").unwrap_or(line);
            let is_setting = bare
                .split_once(" = ")
                .is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            let is_table = ["[groups.", "[chapter.", "[import.", "[clients."]
                .iter()
                .any(|table| bare.starts_with(table));
            if is_setting || is_table || bare == "[columns]" {
                format!("{bare}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let config = netaudit::config::parse(&uncommented, std::path::Path::new("netaudit.toml"))
        .expect("the uncommented template is a valid config");
    for key in netaudit::settings::KEYS {
        assert!(template.contains(&format!("\n# {key} = ")), "{key}");
    }
    // Their values are examples: each has no default value, but one worked out.
    let given = netaudit::settings::RuleSettings {
        lead_value: None,
        currency: None,
        ..config.settings
    };
    assert_eq!(given.resolve(), netaudit::settings::Rules::default());
    assert_eq!(
        config.traffic_lights,
        netaudit::chapter::LightsRules::default()
    );
    assert_eq!(config.groups.len(), 1, "the example group");
    assert!(
        template.contains("# lead_value = 500") && template.contains("an example, not the default"),
        "lead_value has no fixed default; the template says so"
    );
}

#[test]
fn quiet_keeps_only_problems_and_says_nothing_on_success() {
    let dir = Workdir::new();
    let init = run(&mut dir.netaudit(&["init", "-q"]));
    assert_eq!(
        (init.code, init.stdout.as_str(), init.stderr.as_str()),
        (0, "", "")
    );
    assert!(dir.path().join("activity.csv").exists());

    let logged = run(&mut dir.netaudit(&["log", "Harbor BNI", "--hours", "2", "-q"]));
    assert_eq!(
        (logged.code, logged.stdout.as_str(), logged.stderr.as_str()),
        (0, "", "")
    );
    // A new group would warn; --quiet keeps stderr empty, and the row is still written.
    let new_group = run(&mut dir.netaudit(&["log", "Harbour BNI", "--hours", "2", "--quiet"]));
    assert_eq!((new_group.code, new_group.stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("activity.csv"))
            .unwrap()
            .lines()
            .count(),
        3
    );

    // Look-alike names are a warning: quiet prints nothing and exits 0.
    let clean = run(&mut dir.netaudit(&["check", "-q"]));
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
    let loud = run(&mut dir.netaudit(&["check"]));
    assert!(
        loud.stdout.contains("are spelt almost alike"),
        "{}",
        loud.stdout
    );

    let path = dir.path().join("activity.csv");
    let mut log = std::fs::read_to_string(&path).unwrap();
    log.push_str("2026-13-01,Harbor BNI,1,,,,,,,,\n");
    std::fs::write(&path, log).unwrap();
    let problems = run(&mut dir.netaudit(&["check", "-q"]));
    assert_eq!(problems.code, 2);
    assert_eq!(problems.stdout.lines().count(), 1, "{}", problems.stdout);
    assert!(
        problems
            .stdout
            .contains("activity.csv:4: column 1 \"date\"")
    );
}

#[test]
fn report_warns_once_of_groups_spelt_almost_alike() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n2026-10-01,BNI Kapitel Rheinufer,1,1.5,,,,,,,\n\
             2026-10-08,BNI Kaptiel Rheinufer,1,1.5,,,,,,,\n2026-10-08,Chamber,1,1.5,,,,,,,\n"
        ),
    );
    let output = run(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-01"]));
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        output.stderr,
        "netaudit: warning: groups spelt almost alike are counted apart: \"BNI Kapitel \
         Rheinufer\" and \"BNI Kaptiel Rheinufer\"; if they are one group, write it one way \
         (netaudit check shows where)\n"
    );
    let quiet = run(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-01", "-q"]));
    assert_eq!(quiet.stderr, "");
}
