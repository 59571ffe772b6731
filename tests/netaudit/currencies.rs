//! Money in more than one currency: never summed silently. A cell or flag in a currency
//! not the log's is an error naming both, unless the config gives the user's own rate,
//! when each month's sum in it is converted once.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, succeeds};

fn read(dir: &Workdir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("the log")
}

/// A row of Club in October holding `cost` as written.
fn cost_row(day: u32, cost: &str) -> String {
    format!("2026-10-{day:02},Club,1,1,{cost},,,,,,\n")
}

/// The cost column of Club's row in a CSV report of `log.csv`.
fn cost(dir: &Workdir, extra: &[&str]) -> String {
    let mut argv = vec!["report", "log.csv", "--today", TODAY, "-O", "csv"];
    argv.extend_from_slice(extra);
    let out = succeeds(&mut dir.netaudit(&argv));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let record = reader.records().next().expect("one group").expect("record");
    record[4].to_string()
}

#[test]
fn a_log_naming_two_currencies_without_a_currency_set_is_refused_at_the_cell() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n{}{}", cost_row(1, "$1000"), cost_row(8, "€900")),
    );
    let stderr = fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "log.csv:3: its cost is in € (EUR), but the log's money is in $ (USD)",
            "set currency = \"USD\" in netaudit.toml",
            "[currencies], as in EUR = 0.92",
        ],
    );
    assert!(!stderr.contains("1,900"), "{stderr}");
    // check lists it too, and every currency is counted once the config says.
    let output = run(&mut dir.netaudit(&["check", "log.csv"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stdout.contains("log.csv:3: its cost is in € (EUR)"),
        "{}",
        output.stdout
    );
    dir.write(
        "netaudit.toml",
        "currency = \"USD\"\n[currencies]\nEUR = 1.1\n",
    );
    assert_eq!(cost(&dir, &[]), "1990.00", "1000 + 900 × 1.1");
}

#[test]
fn a_currency_the_config_gives_no_rate_for_is_an_error_naming_both() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "currency = \"EUR\"\n");
    for (cell, other) in [
        ("$40", "$ (USD)"),
        ("40 USD", "$ (USD)"),
        ("USD 40", "$ (USD)"),
        ("£10", "£ (GBP)"),
        ("10 CHF", "CHF"),
    ] {
        dir.write("log.csv", format!("{HEADER}\n{}", cost_row(1, cell)));
        fails_with(
            &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
            &[
                "log.csv:2: column 5 \"cost\"",
                &format!(
                    "expected an amount in € (EUR), the log's currency (currency = \"EUR\"), not in {other}"
                ),
            ],
        );
    }
    // The log's own currency, by sign or code, before or after, is its own.
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n{}{}{}{}",
            cost_row(1, "€10"),
            cost_row(2, "10 EUR"),
            cost_row(3, "EUR 10"),
            cost_row(4, "10€")
        ),
    );
    assert_eq!(cost(&dir, &[]), "40.00");
}

#[test]
fn with_a_rate_each_month_s_sum_is_converted_once_and_the_heading_names_the_rate() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "currency = \"EUR\"\n[currencies]\nUSD = 0.9\nGBP = 1.15\n",
    );
    // 0.05 + 0.05 USD is 0.10 USD, 0.09 EUR: converting each row would make 0.05 + 0.05.
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n{}{}{}",
            cost_row(1, "$0.05"),
            cost_row(2, "0.05 USD"),
            cost_row(3, "18.50")
        ),
    );
    assert_eq!(cost(&dir, &[]), "18.59");
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    assert!(
        table.contains("· your rates: 1 USD = 0.9 EUR\n"),
        "only the rates used are named: {table}"
    );
    // The order of the rows never matters.
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n{}{}{}",
            cost_row(3, "18.50"),
            cost_row(2, "0.05 USD"),
            cost_row(1, "$0.05")
        ),
    );
    assert_eq!(cost(&dir, &[]), "18.59");
}

#[test]
fn money_spread_over_months_is_converted_month_by_month() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "currency = \"EUR\"\n[currencies]\nUSD = 0.5\n",
    );
    let header = format!("{HEADER},covers");
    dir.write(
        "log.csv",
        format!("{header}\n2026-01-10,Club,1,1,1200 USD,,,,,,,12\n"),
    );
    // 100 USD a month is 50 EUR; the window's 10 months to 2026-10 hold 500 EUR.
    let out = succeeds(&mut dir.netaudit(&[
        "report", "log.csv", "--today", TODAY, "-O", "csv", "--window", "10",
    ]));
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|row| row.contains(",500.00,")),
        "{out}"
    );
}

#[test]
fn where_currency_is_not_set_the_log_s_cells_settle_it() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n{}{}",
            cost_row(1, "\"18,50 €\""),
            cost_row(2, "\"€1,50\"")
        ),
    );
    dir.write("netaudit.toml", "decimal = \",\"\n");
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    assert!(table.contains("€20"), "{table}");
    assert!(!table.contains('$'), "{table}");
    // A log naming no currency is in dollars, as it always was.
    dir.write("netaudit.toml", "");
    dir.write("log.csv", format!("{HEADER}\n{}", cost_row(1, "20")));
    let table = succeeds(&mut dir.netaudit(&["report", "log.csv", "--today", TODAY]));
    assert!(table.contains("$20"), "{table}");
}

#[test]
fn a_shared_sign_means_the_log_s_currency_and_usd_in_a_usd_log_is_its_own() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "currency = \"CAD\"\n");
    dir.write(
        "log.csv",
        format!("{HEADER}\n{}{}", cost_row(1, "$10"), cost_row(2, "10 CAD")),
    );
    assert_eq!(
        cost(&dir, &[]),
        "20.00",
        "$ in a CAD log is a Canadian dollar"
    );
    dir.write("netaudit.toml", "currency = \"USD\"\n");
    dir.write(
        "log.csv",
        format!("{HEADER}\n{}{}", cost_row(1, "$10"), cost_row(2, "40 USD")),
    );
    assert_eq!(cost(&dir, &[]), "50.00");
}

#[test]
fn two_logs_in_two_currencies_are_refused() {
    let dir = Workdir::new();
    dir.write("a.csv", format!("{HEADER}\n{}", cost_row(1, "$10")));
    dir.write("b.csv", format!("{HEADER}\n{}", cost_row(2, "€10")));
    fails_with(
        &mut dir.netaudit(&["report", "a.csv", "b.csv", "--today", TODAY]),
        &["b.csv:2: its cost is in € (EUR), but the log's money is in $ (USD)"],
    );
}

#[test]
fn a_large_log_read_on_threads_is_refused_at_the_same_line() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    let rows = 60_000;
    for index in 0..rows {
        log.push_str(&cost_row(1 + index % 28, "€1.00"));
    }
    log.push_str(&cost_row(5, "$2"));
    dir.write("log.csv", &log);
    for threads in ["1", "4"] {
        fails_with(
            &mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-j", threads]),
            &[&format!("log.csv:{}: its cost is in $ (USD)", rows + 2)],
        );
    }
}

#[test]
fn rates_are_the_user_s_own_and_checked() {
    let dir = Workdir::new();
    dir.write("log.csv", format!("{HEADER}\n{}", cost_row(1, "10")));
    for (config, needles) in [
        (
            "currency = \"EUR\"\n[currencies]\nusd = 0.9\n",
            &["netaudit.toml:3:1", "expected an ISO 4217 code in capitals"][..],
        ),
        (
            "currency = \"EUR\"\n[currencies]\nXYZ = 0.9\n",
            &["netaudit.toml:3:1", "currencies.\"XYZ\""],
        ),
        (
            "currency = \"EUR\"\n[currencies]\nUSD = 0\n",
            &["netaudit.toml:3:7", "expected a rate above 0"],
        ),
        (
            "currency = \"EUR\"\n[currencies]\nUSD = \"0,92\"\n",
            &["netaudit.toml:3:7", "expected a number"],
        ),
        (
            "currency = \"EUR\"\n[currencies]\nEUR = 1\n",
            &["netaudit.toml:3:1", "EUR is the log's own currency"],
        ),
        (
            "currency = \"kr\"\n",
            &[
                "netaudit.toml:1:12",
                "expected an ISO 4217 code such as \"EUR\"",
            ],
        ),
    ] {
        dir.write("netaudit.toml", config);
        fails_with(
            &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
            needles,
        );
    }
    dir.write("netaudit.toml", "");
    let output = run(&mut dir.netaudit(&["report", "log.csv", "--currency", "Fr."]));
    assert_eq!(output.code, 2);
    assert!(
        (output.stderr).contains("'--currency <CODE>': expected an ISO 4217 code"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_flag_in_another_currency_is_refused_or_written_with_its_code() {
    let dir = Workdir::new();
    let log = format!("{HEADER}\n{}", cost_row(1, "10"));
    dir.write("log.csv", &log);
    dir.write("netaudit.toml", "currency = \"EUR\"\nlog = \"log.csv\"\n");
    let logged = |args: &[&str]| {
        let mut argv = vec!["log", "Club", "--date", "2026-10-02"];
        argv.extend_from_slice(args);
        dir.netaudit(&argv)
    };
    for flag in ["$40", "40 USD"] {
        fails_with(
            &mut logged(&["--cost", flag]),
            &[
                &format!("--cost \"{flag}\""),
                "expected an amount in € (EUR), the log's currency",
                "not in $ (USD)",
            ],
        );
        assert_eq!(read(&dir, "log.csv"), log, "nothing written");
    }
    assert_eq!(
        succeeds(&mut logged(&["--cost", "€40"])),
        "2026-10-02,Club,,,40,,,,,,\n"
    );
    dir.write(
        "netaudit.toml",
        "currency = \"EUR\"\nlog = \"log.csv\"\n[currencies]\nUSD = 0.9\n",
    );
    assert_eq!(
        succeeds(&mut logged(&["--revenue", "$1,000.50"])),
        "2026-10-02,Club,,,,,,1000.5 USD,,,\n",
        "kept in its currency, converted by the report"
    );
    // Where the log's currency is not set, the flag's is kept as written, and a row may
    // name one only.
    dir.write("netaudit.toml", "log = \"log.csv\"\n");
    assert_eq!(
        succeeds(&mut logged(&["--cost", "€40"])),
        "2026-10-02,Club,,,€40,,,,,,\n"
    );
    fails_with(
        &mut logged(&["--cost", "€40", "--revenue", "$5"]),
        &["--cost is in € (EUR) but --revenue in $ (USD)"],
    );
    let output = run(&mut logged(&["--cost", "about 40 USD"]));
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("write 40 USD"),
        "a fix keeps the currency: {}",
        output.stderr
    );
}

#[test]
fn show_writes_a_row_in_another_currency_in_it() {
    let dir = Workdir::new();
    dir.write(
        "netaudit.toml",
        "currency = \"EUR\"\n[currencies]\nUSD = 0.9\n",
    );
    dir.write(
        "log.csv",
        format!("{HEADER}\n{}{}", cost_row(1, "€18.50"), cost_row(2, "$50")),
    );
    let shown = succeeds(
        &mut dir.netaudit(&["show", "Club", "log.csv", "--today", TODAY, "--months", "1"]),
    );
    let row = |line: &str| {
        shown
            .lines()
            .find(|l| l.contains(line))
            .expect(line)
            .to_string()
    };
    assert!(row("log.csv:3").contains(" 50.00 USD "), "{shown}");
    assert!(row("log.csv:2").contains(" 18.50 EUR "), "{shown}");
    assert!(
        row("2026-10 ").contains(" 63.50 EUR "),
        "18.50 + 45: {shown}"
    );
}
