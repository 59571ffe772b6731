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

#[test]
fn init_writes_a_config_and_a_log_that_agree_in_the_locale_given() {
    let dir = Workdir::new();
    let output = run(&mut dir.netaudit(&["init", "--locale", "de", "konten"]));
    assert_eq!(output.code, 0, "{}", output.stderr);
    let config = std::fs::read_to_string(dir.path().join("konten/netaudit.toml")).unwrap();
    for line in [
        "\nlocale = \"de\"\n",
        "\ncsv_delimiter = \";\"\n",
        "\ndecimal = \",\"\n",
        "\ndate_format = \"%d.%m.%Y\"\n",
        "\ncurrency = \"EUR\"\n",
    ] {
        assert!(config.contains(line), "{line:?} in:\n{config}");
    }
    let log = std::fs::read_to_string(dir.path().join("konten/activity.csv")).unwrap();
    assert_eq!(
        log,
        "date;group;meetings;hours;cost;leads;deals;revenue;referrals_given;other_value;note\n"
    );
    // The two agree: the first row is logged in the locale's forms, and read back.
    let logged = succeeds(&mut dir.netaudit(&[
        "--config",
        "konten/netaudit.toml",
        "log",
        "IHK",
        "--date",
        "05.05.2026",
        "--hours",
        "2,5",
        "--cost",
        "18,50",
        "-q",
    ]));
    assert_eq!(logged, "");
    let report = succeeds(&mut dir.netaudit(&[
        "--config",
        "konten/netaudit.toml",
        "report",
        "--today",
        "2026-06-02",
    ]));
    assert!(
        report.contains(" 2,5 ") && report.contains(" 19 € "),
        "{report}"
    );
    // A flag wins over the locale, and one that cannot be is refused before anything is
    // written.
    succeeds(&mut dir.netaudit(&["init", "--locale", "de", "--delimiter", "tab", "tabs", "-q"]));
    let log = std::fs::read_to_string(dir.path().join("tabs/activity.csv")).unwrap();
    assert!(log.starts_with("date\tgroup\t"), "{log}");
    for (flags, needle) in [
        (
            &["--locale", "xx"][..],
            "--locale \"xx\": expected a locale such as \"de\"",
        ),
        (
            &["--delimiter", ",", "--decimal", ","],
            "--delimiter and --decimal are both \",\"",
        ),
        (&["--date-format", "%Y"], "--date-format \"%Y\""),
        (
            &["--currency", "kr"],
            "--currency \"kr\": expected an ISO 4217 code",
        ),
    ] {
        let mut argv = vec!["init"];
        argv.extend_from_slice(flags);
        argv.push("refused");
        let output = run(&mut dir.netaudit(&argv));
        assert_eq!(output.code, 2, "{flags:?}");
        assert!(output.stderr.contains(needle), "{}", output.stderr);
        assert!(!dir.path().join("refused/netaudit.toml").exists());
    }
}

#[test]
fn a_config_delimiter_the_log_s_header_is_not_split_by_is_named_as_such() {
    let dir = Workdir::new();
    succeeds(&mut dir.netaudit(&["init", "-q"]));
    let config = std::fs::read_to_string(dir.path().join("netaudit.toml")).unwrap();
    dir.write(
        "netaudit.toml",
        config.replace("# csv_delimiter = \";\"", "csv_delimiter = \";\""),
    );
    let output = run(&mut dir.netaudit(&["log", "Club", "--hours", "2"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "activity.csv:1: the header is split by \",\" but csv_delimiter is \";\" in \
             netaudit.toml; set csv_delimiter = \",\" there"
        ),
        "{}",
        output.stderr
    );
    assert!(
        !output.stderr.contains("unknown column"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_locale_writes_figures_as_its_people_do_and_each_key_still_wins() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        "date;group;meetings;hours;cost;leads;deals;revenue\n\
         05.10.2026;Club;1;2,5;18,50;;;\n\
         12.10.2026;Club;1;2,5;;2;1;3.200,00\n",
    );
    dir.write("netaudit.toml", "locale = \"de\"\n");
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02"]));
    assert!(table.contains("your time at 100 €/h"), "{table}");
    assert!(
        table.contains(" 3.200 € ") && table.contains(" 5,0 "),
        "{table}"
    );
    let markdown =
        succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02", "-O", "md"]));
    assert!(markdown.contains("| 3.200 € |"), "{markdown}");
    let html =
        succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02", "-O", "html"]));
    assert!(html.contains("3.200 €"), "a page in the user's forms");
    // CSV: figures with the CSV's decimal comma, and reasons in it too, with the currency.
    dir.write(
        "log.csv",
        "date;group;meetings;hours;cost;leads;deals;revenue\n\
         05.10.2026;Club;6;30;18,50;;;\n",
    );
    dir.write("netaudit.toml", "locale = \"de\"\nmin_months = 0\n");
    let csv =
        succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02", "-O", "csv"]));
    assert!(csv.contains(";30,00;18,50;"), "{csv}");
    assert!(csv.contains("0 leads in 30 h"), "{csv}");
    // A key of its own wins over the locale's: a point, and dollars.
    dir.write(
        "log.csv",
        "date,group,meetings,hours,cost\n2026-10-05,Club,1,2.5,\"$1,200\"\n",
    );
    dir.write(
        "netaudit.toml",
        "locale = \"de\"\ncsv_delimiter = \",\"\ndecimal = \".\"\ndate_format = \"%Y-%m-%d\"\ncurrency = \"USD\"\n",
    );
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", "2026-11-02"]));
    assert!(
        table.contains(" 1.200 $ "),
        "the locale's forms, the key's currency: {table}"
    );
    fails_with_locale(&dir);
}

/// An unknown locale is an error at its line and column, naming those netaudit knows.
fn fails_with_locale(dir: &Workdir) {
    dir.write("netaudit.toml", "locale = \"tlh\"\n");
    let output = run(&mut dir.netaudit(&["report", "log.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output
            .stderr
            .contains("netaudit.toml:1:10: key `locale`: expected a locale such as \"de\""),
        "{}",
        output.stderr
    );
}
