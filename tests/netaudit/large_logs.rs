//! A log large enough to be read on several threads reads exactly as on one, from a file
//! or from standard input, and fails at the same line with the same message.

use crate::common::{HEADER, TODAY, Workdir, run, succeeds};

/// About 3 MiB: three ranges of the 1 MiB a thread needs. Every seventh note runs over
/// two lines and holds quotes and a comma, so cuts often fall inside a quoted field.
fn large_log() -> String {
    let groups = [
        "Harbor City BNI",
        "Chamber of Commerce, East",
        "The \"Early Birds\"",
        "Downtown Rotary Club",
        "Tech Founders Meetup",
    ];
    let mut log = format!("{HEADER}\n");
    for index in 0..60_000u32 {
        let group = groups[index as usize % groups.len()];
        let quoted = group.contains([',', '"']);
        let group = if quoted {
            format!("\"{}\"", group.replace('"', "\"\""))
        } else {
            group.to_string()
        };
        let day = 1 + index % 28;
        let month = 1 + index / 1_700 % 12;
        let year = 2024 + index / 20_400 % 3;
        let note = if index % 7 == 0 {
            "\"met \"\"Sam\"\",\nthen lunch\"".to_string()
        } else {
            "weekly".to_string()
        };
        log.push_str(&format!(
            "{year}-{month:02}-{day:02},{group},1,1.5,{},{},,{},,,{note}\n",
            index % 40,
            index % 3 / 2,
            if index % 11 == 0 { "\"$1,250.50\"" } else { "" }
        ));
    }
    assert!(log.len() > 3 << 20, "{} bytes", log.len());
    log
}

#[test]
fn reports_are_the_same_on_any_number_of_threads() {
    let dir = Workdir::new();
    dir.write("large.csv", large_log());
    for command in ["report", "trend"] {
        let on = |threads: &str| {
            succeeds(&mut dir.netaudit(&[
                command,
                "large.csv",
                "-O",
                "csv",
                "--today",
                TODAY,
                "-j",
                threads,
            ]))
        };
        let one = on("1");
        assert!(one.lines().count() > 5, "{one}");
        assert_eq!(on("2"), one, "{command} on 2 threads");
        assert_eq!(on("3"), one, "{command} on 3 threads");
        assert_eq!(on("8"), one, "{command} on 8 threads");
    }
}

#[test]
fn standard_input_reads_as_the_file_does() {
    let dir = Workdir::new();
    let log = large_log();
    dir.write("large.csv", &log);
    let args = ["report", "-O", "json", "--today", TODAY];
    let from_file = succeeds(&mut dir.netaudit(&[&args[..], &["large.csv"]].concat()));
    let from_stdin = succeeds(dir.netaudit(&[&args[..], &["-"]].concat()).write_stdin(log));
    assert_eq!(from_stdin, from_file);
}

#[test]
fn a_problem_late_in_a_large_log_is_reported_alike_on_any_number_of_threads() {
    let dir = Workdir::new();
    let mut log = large_log();
    let at = log.len() * 9 / 10;
    let line_start = at + log[at..].find("\n2026-").expect("a row") + 1;
    log.replace_range(line_start..line_start + 4, "2O26");
    dir.write("large.csv", &log);
    let on = |threads: &str| {
        run(&mut dir.netaudit(&["report", "large.csv", "--today", TODAY, "-j", threads]))
    };
    let one = on("1");
    assert_eq!(one.code, 2);
    let line = log[..line_start].matches('\n').count() + 1;
    assert!(
        one.stderr.contains(&format!("large.csv:{line}: ")),
        "{}",
        one.stderr
    );
    for threads in ["2", "3"] {
        let many = on(threads);
        assert_eq!((many.code, many.stderr), (2, one.stderr.clone()));
    }
}

#[test]
fn zero_threads_is_refused() {
    let dir = Workdir::new();
    let out = run(&mut dir.netaudit(&["report", "-j", "0"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--threads"), "{}", out.stderr);
}
