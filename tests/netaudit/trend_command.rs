//! `netaudit trend`: golden outputs on the sample data, the long CSV layout, and the
//! boundaries of a month-by-month table.

use crate::common::{HEADER, Workdir, fails_with, on_a_terminal, run, sample_data, succeeds};

fn sample_trend(extra: &[&str]) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let mut args = vec!["trend", "--config", config, "--today", "2026-11-01"];
    args.extend_from_slice(extra);
    succeeds(&mut Workdir::new().netaudit(&args))
}

#[test]
fn sample_score_trend_table() {
    insta::assert_snapshot!("sample_trend_score", sample_trend(&[]));
}

#[test]
fn sample_leads_trend_table_over_a_year() {
    insta::assert_snapshot!(
        "sample_trend_leads",
        sample_trend(&["--metric", "leads", "--months", "12"])
    );
}

#[test]
fn sample_trend_tidy_csv_and_json() {
    let csv = sample_trend(&["--metric", "revenue", "-O", "csv"]);
    insta::assert_snapshot!("sample_trend_revenue_csv", csv);
    let json = sample_trend(&["--metric", "revenue", "-O", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let records = parsed.as_array().expect("an array");
    assert_eq!(
        records.len(),
        csv.lines().count() - 1,
        "one record per CSV row"
    );
    assert_eq!(
        records[0],
        serde_json::json!({"month": "2026-05", "group": "Downtown Rotary Club", "metric": "revenue", "value": 0.0})
    );
}

#[test]
fn every_metric_names_its_column_in_the_heading_and_the_records() {
    for metric in [
        "score", "hours", "leads", "deals", "revenue", "cost", "meetings",
    ] {
        let table = sample_trend(&["--metric", metric, "--months", "2"]);
        let mut heading = metric.to_string();
        heading[..1].make_ascii_uppercase();
        assert!(
            table.starts_with(&format!("{heading} by month, 2026-09 to 2026-10 · ")),
            "{table}"
        );
        let csv = sample_trend(&["--metric", metric, "--months", "2", "-O", "csv"]);
        assert!(
            csv.lines()
                .skip(1)
                .all(|line| line.split(',').nth(2) == Some(metric)),
            "{csv}"
        );
    }
    let usage = run(&mut Workdir::new().netaudit(&["trend", "--metric", "profit"]));
    assert_eq!(usage.code, 2);
    assert!(
        usage
            .stderr
            .contains("[possible values: score, hours, leads, deals, revenue, cost, meetings]")
    );
}

#[test]
fn months_cross_a_year_and_a_group_shows_nothing_before_its_first_row() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!(
            "{HEADER}\n2025-11-03,Old Club,1,2,10,1,,,,,\n2026-01-09,New Club,1,1.5,,2,,,,,\n2026-02-01,Later,1,1,,,,,,,\n"
        ),
    );
    let out = succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        "2026-02-01",
        "--metric",
        "leads",
        "--months",
        "3",
    ]));
    assert_eq!(
        out,
        "\
Leads by month, 2025-11 to 2026-01 · each month on its own
┌──────────┬─────────┬─────────┬─────────┐
│ Group    ┆ 2025-11 ┆ 2025-12 ┆ 2026-01 │
╞══════════╪═════════╪═════════╪═════════╡
│ New Club ┆       - ┆       - ┆       2 │
│ Old Club ┆       1 ┆       0 ┆       0 │
│ Total    ┆       1 ┆       0 ┆       2 │
└──────────┴─────────┴─────────┴─────────┘
"
    );
    let hours = succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        "2026-02-01",
        "--metric",
        "hours",
        "--months",
        "1",
        "-O",
        "csv",
    ]));
    assert_eq!(
        hours, "month,group,metric,value\n2026-01,New Club,hours,1.50\n",
        "a group with no row in the months shown is left out"
    );
    let before = succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        "2026-02-01",
        "--months",
        "3",
        "-O",
        "csv",
    ]));
    assert!(before.contains("2025-12,New Club,score,\n"), "{before}");
}

#[test]
fn no_activity_in_the_months_shown_says_so() {
    let dir = Workdir::new();
    dir.write("log.csv", format!("{HEADER}\n2024-01-05,Club,1,2,,,,,,,\n"));
    let out = succeeds(&mut dir.netaudit(&["trend", "log.csv", "--today", "2026-11-01"]));
    assert!(
        out.ends_with("No activity logged from 2026-05 to 2026-10.\n"),
        "{out}"
    );
    let csv =
        succeeds(&mut dir.netaudit(&["trend", "log.csv", "--today", "2026-11-01", "-O", "csv"]));
    assert_eq!(csv, "month,group,metric,value\n");
}

#[test]
fn trend_cells_are_spreadsheet_safe_and_errors_are_the_report_s() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-10-05,+Plus Club,1,2,,,,,,,\n"),
    );
    let csv = succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        "2026-11-01",
        "--months",
        "1",
        "-O",
        "csv",
        "--excel",
    ]));
    assert_eq!(
        csv,
        "\u{feff}month,group,metric,value\r\n2026-10,'+Plus Club,score,0.00\r\n"
    );
    succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        "2026-11-01",
        "-o",
        "trend.json",
    ]));
    let written = std::fs::read_to_string(dir.path().join("trend.json")).unwrap();
    assert!(
        written.starts_with("[\n  {\n    \"month\": \"2026-05\""),
        "{written}"
    );
    dir.write("bad.csv", format!("{HEADER}\n2026-10-05,Club,x,,,,,,,,\n"));
    fails_with(
        &mut dir.netaudit(&["trend", "bad.csv", "--today", "2026-11-01"]),
        &[
            "bad.csv:2: column 3 \"meetings\": got \"x\"",
            "netaudit check lists every problem",
        ],
    );
    let usage =
        run(&mut dir.netaudit(&["trend", "log.csv", "--today", "2026-11-01", "--months", "0"]));
    assert_eq!(usage.code, 2);
    assert!(
        usage
            .stderr
            .contains("expected a number of months from 1 to 1200, got 0")
    );
}

#[test]
fn a_sparkline_draws_each_row_on_a_terminal_only() {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let args = [
        "trend",
        "--config",
        config,
        "--today",
        "2026-11-01",
        "--metric",
        "leads",
    ];
    let shown = on_a_terminal(&args, None);
    assert!(shown.contains("Trend"), "{shown}");
    let row = |name: &str| {
        shown
            .lines()
            .find(|line| line.contains(name))
            .unwrap_or_else(|| panic!("no row of {name}:\n{shown}"))
            .to_string()
    };
    // One scale for every row, from 0 leads to the most in any cell (Total's 5), so a
    // group's best month (Harbor's 2) is drawn lower than the total's.
    assert!(row("Total").ends_with("▄▄▄▂▁█ │"), "{shown}");
    assert!(row("Harbor City BNI").ends_with("▂▂▄▁▁▁ │"), "{shown}");
    assert!(row("Metro Business Mixer").ends_with("▁▁▁▁▁▁ │"), "{shown}");
    let piped = succeeds(&mut Workdir::new().netaudit(&args));
    assert!(!piped.contains("Trend") && !piped.contains('█'));
}
