//! The user's locale going in and coming out: flags in the forms the config declares, a
//! config and log `init` writes to agree, and figures shown as the user writes them.

use crate::common::{Workdir, run, succeeds};

/// A German accountant's config: semicolons, decimal commas, dates written 05.05.2026.
const GERMAN: &str = "csv_delimiter = \";\"\ndecimal = \",\"\ndate_format = \"%d.%m.%Y\"\n\
                      currency = \"EUR\"\nlog = \"aktivitaet.csv\"\n";

fn log_of(dir: &Workdir) -> String {
    std::fs::read_to_string(dir.path().join("aktivitaet.csv")).expect("the log")
}

#[test]
fn log_s_flags_take_the_forms_the_config_declares_and_iso_always() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", GERMAN);
    let printed = succeeds(&mut dir.netaudit(&[
        "log",
        "IHK Netzwerk",
        "--date",
        "05.05.2026",
        "--hours",
        "2,5",
        "--cost",
        "18,50",
    ]));
    assert_eq!(printed, "05.05.2026;IHK Netzwerk;1;2,5;18,5;;;;;;\n");
    // netaudit's own forms are read too; money grouped in the config's thousands.
    let printed = succeeds(&mut dir.netaudit(&[
        "log",
        "IHK Netzwerk",
        "--date",
        "2026-05-12",
        "--hours",
        "2.5",
        "--revenue",
        "4.800,50 €",
    ]));
    assert_eq!(printed, "12.05.2026;IHK Netzwerk;1;2,5;;;;4800,5;;;\n");
    for (flag, value, needle) in [
        (
            "--date",
            "5/5/2026",
            "--date \"5/5/2026\": not a date; expected YYYY-MM-DD, such as 2026-11-01 or as \
             date_format writes it (%d.%m.%Y, such as 01.11.2026)",
        ),
        (
            "--hours",
            "2,5x",
            "--hours \"2,5x\": expected a number of hours of 0 or more, such as 2,5; write 2,5",
        ),
        ("--cost", "18,505", "--cost \"18,505\": expected an amount"),
    ] {
        let before = log_of(&dir);
        let output = run(&mut dir.netaudit(&["log", "IHK Netzwerk", flag, value]));
        assert_eq!(output.code, 2, "{flag} {value}");
        assert!(output.stderr.contains(needle), "{}", output.stderr);
        assert_eq!(log_of(&dir), before, "nothing written");
    }
    // Without the config's say, a flag takes netaudit's forms only.
    dir.write("netaudit.toml", "log = \"aktivitaet.csv\"\n");
    let output = run(&mut dir.netaudit(&["log", "IHK Netzwerk", "--date", "05.05.2026"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("expected YYYY-MM-DD"),
        "{}",
        output.stderr
    );
}

#[test]
fn show_gives_amounts_their_cents_and_hours_their_hundredths() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{}\n2026-10-01,Club,1,1.25,€18.50,,,,,,\n",
            crate::common::HEADER
        ),
    );
    let shown = succeeds(&mut dir.netaudit(&[
        "show",
        "Club",
        "log.csv",
        "--today",
        "2026-11-02",
        "--months",
        "1",
    ]));
    let month = shown
        .lines()
        .find(|line| line.contains("2026-10 "))
        .expect("the month");
    assert!(
        month.contains(" 1.25 ") && month.contains(" €18.50 "),
        "{shown}"
    );
    let row = shown
        .lines()
        .find(|line| line.contains("log.csv:2"))
        .expect("the row");
    assert!(
        row.contains(" 1.25 ") && row.contains(" €18.50 ") && row.contains(" €0.00 "),
        "{shown}"
    );
    // The report still rounds to whole units, as a summary does.
    let report = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02"]));
    assert!(
        report.contains(" €19 ") && report.contains(" 1.2 "),
        "{report}"
    );
}
