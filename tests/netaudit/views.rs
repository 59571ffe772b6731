//! The report as people look at it: Markdown, HTML, a table that fits an 80-column
//! terminal, one group up close (`show`), what the log holds (`groups`), `--group`, and the
//! reason codes scripts read.

use crate::common::{HEADER, Workdir, fails_with, on_a_terminal_of, sample_data, succeeds};

/// `netaudit ARGS` on the sample data, as of 2026-11-01.
fn sample(args: &[&str]) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let mut argv = vec![args[0], "--config", config, "--today", "2026-11-01"];
    argv.extend_from_slice(&args[1..]);
    succeeds(&mut Workdir::new().netaudit(&argv))
}

/// The same, on a terminal `columns` wide.
fn sample_on_a_terminal(columns: u16, args: &[&str]) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let mut argv = vec![args[0], "--config", config, "--today", "2026-11-01"];
    argv.extend_from_slice(&args[1..]);
    on_a_terminal_of(columns, &argv, Some("1"))
}

/// The display width of a line: each character one column, as in every line netaudit
/// prints (box drawing, letters, `×`, `→`, block elements).
fn width(line: &str) -> usize {
    line.trim_end_matches('\r').chars().count()
}

#[test]
fn show_fits_80_columns_giving_up_what_the_score_weighs() {
    let shown = sample_on_a_terminal(
        80,
        &["show", "harbor city bni", "--months", "3", "--last", "2"],
    );
    for line in shown.lines() {
        assert!(
            width(line) <= 80,
            "{} columns: {line}\n{shown}",
            width(line)
        );
    }
    assert!(
        shown.contains(
            "│ Month   ┆ Hours ┆ Leads ┆   Revenue ┆ Score ┆     Range ┆ Chance ┆ Verdict │"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("┆ 2026-10-22 ┆  2.50 ┆ $18.00 ┆     0 ┆     0 ┆   $0.00 │"),
        "the last rows keep their date, cost and what they brought:\n{shown}"
    );
    let wide = sample_on_a_terminal(
        200,
        &["show", "harbor city bni", "--months", "3", "--last", "2"],
    );
    assert!(wide.contains("┆ Lifetime value │"), "{wide}");
    assert!(wide.contains("┆ Covers ┆ Lost │"), "{wide}");
}

#[test]
fn the_report_fits_80_columns_in_its_compact_layout() {
    let shown = sample_on_a_terminal(80, &["report"]);
    for line in shown.lines() {
        assert!(
            width(line) <= 80,
            "{} columns: {line}\n{shown}",
            width(line)
        );
    }
    // The range beside the score takes the room of the cost in money.
    assert!(
        shown.contains(
            "│ Group                ┆ Hours ┆ Leads ┆ Revenue ┆ Score ┆     Range ┆ Verdict │"
        ),
        "{shown}"
    );
    assert!(shown.contains("┆  0.10 ┆ 0.18–2.06 ┆ watch   │"), "{shown}");
    assert!(
        shown.contains(
            "Metro Business Mixer (leave): 0 leads in 36 h over 12 months; a 12% chance it\r\n    \
             pays for your time in the long run;"
        ),
        "reasons wrap at a word with a hanging indent:\n{shown}"
    );
    let april = sample_on_a_terminal(80, &["report", "--month", "2026-04"]);
    assert!(
        april.contains("┆ watch ↑ │"),
        "a change is an arrow:\n{april}"
    );
    let wide = sample_on_a_terminal(200, &["report", "--month", "2026-04"]);
    assert!(wide.contains("┆ Meetings ┆"), "{wide}");
    assert!(wide.contains("┆ leave → watch │"), "{wide}");
}

#[test]
fn the_trend_fits_80_columns_by_default() {
    for metric in ["score", "cost", "hours", "leads"] {
        let shown = sample_on_a_terminal(80, &["trend", "--metric", metric]);
        for line in shown.lines() {
            assert!(
                width(line) <= 80,
                "{} columns: {line}\n{shown}",
                width(line)
            );
        }
        assert!(
            shown.contains("┆  May ┆") || shown.contains("┆ May ┆"),
            "{shown}"
        );
        assert!(shown.contains("┆ Trend "), "{shown}");
    }
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!("markdown_report", sample(&["report", "-O", "markdown"]));
}

#[test]
fn md_names_markdown_as_the_file_name_does() {
    assert_eq!(
        sample(&["report", "-O", "md"]),
        sample(&["report", "-O", "markdown"])
    );
}

#[test]
fn a_group_not_left_is_null_in_json_as_every_missing_value_is() {
    let groups: serde_json::Value =
        serde_json::from_str(&sample(&["groups", "-O", "json"])).expect("JSON");
    let left: Vec<&serde_json::Value> = (groups.as_array().expect("an array").iter())
        .map(|group| &group["left"])
        .collect();
    assert!(left.contains(&&serde_json::json!("2026-03")), "{groups}");
    assert!(left.contains(&&serde_json::Value::Null), "{groups}");
    assert!(!left.contains(&&serde_json::json!("")), "{groups}");
    // In CSV, as in the table, a group not left has an empty cell.
    let csv = sample(&["groups", "-O", "csv"]);
    assert!(
        csv.contains("\nHarbor City BNI,129,2024-11-04,2026-10-29,,stay\n"),
        "{csv}"
    );
}

#[test]
fn markdown_trend() {
    insta::assert_snapshot!(
        "markdown_trend",
        sample(&["trend", "--metric", "leads", "-O", "markdown"])
    );
}

#[test]
fn markup_in_a_group_name_stays_text_in_markdown() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for month in 1..=10 {
        log.push_str(&format!(
            "2026-{month:02}-05,A|B *C* <b>x</b>,1,2,10,1,,,,,\n"
        ));
    }
    dir.write("log.csv", &log);
    let out = succeeds(&mut dir.netaudit(&[
        "report",
        "log.csv",
        "--today",
        "2026-11-01",
        "-O",
        "markdown",
    ]));
    assert!(out.contains(r"| A\|B \*C\* \<b\>x\</b\> | 10 |"), "{out}");
    assert!(
        out.contains(r"- **A\|B \*C\* \<b\>x\</b\>** (leave)"),
        "{out}"
    );
}

/// The CSV records of `text` whose group (the second field) is one of `groups`.
fn records_of(text: &str, groups: &[&str]) -> Vec<String> {
    text.lines()
        .filter(|line| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            reader
                .records()
                .flatten()
                .any(|record| record.get(1).is_some_and(|group| groups.contains(&group)))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn group_shows_the_same_rows_as_the_full_report() {
    let full = sample(&["report", "-O", "csv"]);
    let picked = sample(&[
        "report",
        "-O",
        "csv",
        "--group",
        "tech founders  meetup",
        "--group",
        "Metro Business Mixer",
    ]);
    let groups = ["Tech Founders Meetup", "Metro Business Mixer"];
    let rows = records_of(&picked, &groups);
    assert_eq!(rows.len(), 2, "{picked}");
    assert_eq!(rows, records_of(&full, &groups));
    assert_eq!(
        picked.lines().count(),
        3,
        "the header and the two rows:\n{picked}"
    );

    let table = sample(&["report", "--group", "Harbor City BNI"]);
    assert!(
        table.contains("│ Total           ┆       44 ┆ 129.5 ┆ $1,620 ┆"),
        "the total is of the groups shown:\n{table}"
    );
    assert!(table.contains("No group to leave this month."), "{table}");

    let full = sample(&["trend", "-O", "csv", "--metric", "cost"]);
    let picked = sample(&[
        "trend",
        "-O",
        "csv",
        "--metric",
        "cost",
        "--group",
        "Old Chamber",
    ]);
    let picked_rows = records_of(&picked, &["Old Chamber"]);
    assert_eq!(picked_rows, records_of(&full, &["Old Chamber"]));
    assert_eq!(picked.lines().count(), 1 + picked_rows.len(), "{picked}");
}

#[test]
fn a_group_no_row_names_is_an_error() {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    for command in ["report", "trend"] {
        fails_with(
            &mut Workdir::new().netaudit(&[
                command,
                "--config",
                config,
                "--today",
                "2026-11-01",
                "--group",
                "Harbour City BNI",
            ]),
            &[
                "--group \"Harbour City BNI\": no row of the log names that group; the closest \
                 it has: \"Harbor City BNI\"",
                "(netaudit groups lists them all)",
            ],
        );
    }
}

#[test]
fn reason_codes_follow_the_reasons() {
    let csv = sample(&["report", "-O", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let codes: Vec<(String, String)> = reader
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|record| {
            let record = record.expect("record");
            (record["group"].clone(), record["reason_codes"].clone())
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("Harbor City BNI", "pays_your_rate"),
            ("Downtown Rotary Club", "not_sure_yet;gives_more_than_gets"),
            (
                "Tech Founders Meetup",
                "not_sure_yet;leads_open;few_partners"
            ),
            ("Women in Sales Circle", "too_early"),
            ("Metro Business Mixer", "no_leads;no_lead_ever;big_room"),
        ]
        .map(|(group, codes)| (group.to_string(), codes.to_string()))
    );
    let json: serde_json::Value =
        serde_json::from_str(&sample(&["report", "-O", "json"])).expect("JSON");
    assert_eq!(
        json[4]["reason_codes"],
        serde_json::json!(["no_leads", "no_lead_ever", "big_room"])
    );
}

#[test]
fn appending_to_a_history_begun_before_reason_codes() {
    let dir = Workdir::new();
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let old_header = "month,group,meetings,hours,cost,leads,deals,revenue,referrals_given,\
                      other_value,return_per_hour,score,expected_score,verdict,\
                      previous_verdict,reasons";
    dir.write("history.csv", format!("{old_header}\n"));
    let out = crate::common::run(&mut dir.netaudit(&[
        "report",
        "--config",
        config,
        "--today",
        "2026-11-01",
        "-o",
        "history.csv",
        "--append",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "history.csv has no reason_codes, lost, median_days_to_deal, score_low, \
             score_high, chance_stay or settled_by column (an older netaudit started it); the \
             rows were added without them"
        ),
        "{}",
        out.stderr
    );
    let history = std::fs::read_to_string(dir.path().join("history.csv")).expect("history");
    let mut reader = csv::Reader::from_reader(history.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|record| record.len() == 16));
}

/// The page parsed as a browser would; any HTML5 parse error fails the test.
fn parsed(html: &str) -> scraper::Html {
    let page = scraper::Html::parse_document(html);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    page
}

fn select<'a>(page: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    page.select(&selector).collect()
}

fn text_of(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect()
}

/// Nothing in the page would fetch anything: no address, no reference to another file.
fn assert_self_contained(html: &str) {
    for outward in [
        "http", "//", "src=", "href=", "url(", "@import", "<script", "<link",
    ] {
        assert!(!html.contains(outward), "{outward:?} in the page");
    }
}

/// A cell's person text as a number: "$1,620" is 1620, "-$19" is -19, "129.5" is 129.5.
fn number_shown(text: &str) -> f64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{text:?} is no number"))
}

#[test]
fn the_html_report_is_one_self_contained_page_whose_numbers_are_the_csv_s() {
    let html = sample(&["report", "-O", "html"]);
    assert!(html.len() < 100_000, "{} bytes", html.len());
    assert_self_contained(&html);
    assert!(html.contains("@media (prefers-color-scheme:dark)"));
    let page = parsed(&html);

    let csv = sample(&["report", "-O", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("header").clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let fields = [
        "meetings",
        "hours",
        "cost",
        "leads",
        "deals",
        "revenue",
        "return_per_hour",
        "score",
        "expected_score",
    ];
    let rows = select(&page, "tbody tr:not(.total)");
    assert_eq!(rows.len(), records.len());
    for (row, record) in rows.iter().zip(&records) {
        let field = |name: &str| &record[header.iter().position(|h| h == name).expect(name)];
        let name = select_in(row, "th");
        assert_eq!(text_of(&name[0]), field("group"));
        let cells = select_in(row, "td[data-value]");
        assert_eq!(cells.len(), fields.len(), "{}", row.html());
        for (cell, name) in cells.iter().zip(fields) {
            let value = cell.value().attr("data-value").expect("data-value");
            assert_eq!(value, field(name), "{name} of {}", field("group"));
            let exact: f64 = value.parse().expect("a number");
            let shown = number_shown(&text_of(cell));
            let places = if name == "hours" {
                10.0
            } else if name.contains("score") {
                100.0
            } else {
                1.0
            };
            assert_eq!(shown, (exact * places).round() / places, "{name}: {value}");
        }
        let verdict = select_in(row, "td .verdict");
        assert_eq!(text_of(&verdict[0]), field("verdict"));
    }

    let cards = select(&page, "section.card");
    assert_eq!(cards.len(), records.len(), "one card per group");
    for (card, record) in cards.iter().zip(&records) {
        let titles: Vec<String> = select_in(card, "svg > title").iter().map(text_of).collect();
        assert_eq!(
            titles,
            [
                format!("{}: score by month", &record[1]),
                format!("{}: what it cost and what it brought", &record[1])
            ]
        );
    }
    // The score chart's numbers are trend --metric score's, month by month.
    let scores = sample(&["trend", "--metric", "score", "--months", "12", "-O", "csv"]);
    let harbor: Vec<String> = scores
        .lines()
        .filter(|line| line.contains(",Harbor City BNI,"))
        .map(|line| {
            let (month, rest) = line.split_once(',').expect("month");
            format!("{month} {}", rest.rsplit(',').next().expect("value"))
        })
        .collect();
    assert_eq!(harbor.len(), 12);
    let desc = select_in(&cards[0], "svg > desc");
    assert_eq!(
        text_of(&desc[0]),
        format!(
            "{}; stay at 1.00; likely in the long run 0.98 to 4.04.",
            harbor.join(", ")
        )
    );
    assert!(
        html.contains(
            "Leaving Metro Business Mixer would free <strong>3.0 h a month</strong>, worth \
             $300 at your rate."
        ),
        "{html}"
    );
    assert!(html.contains("Not judged: Old Chamber: left 2026-03."));
    // On a phone (.extra is hidden below 640 px) the verdict keeps its room: the table
    // shows what each group brought and its score, the cards the rest.
    let shown_on_a_phone: Vec<String> = select(&page, "thead th")
        .iter()
        .filter(|th| th.value().attr("class") != Some("n extra"))
        .map(text_of)
        .collect();
    assert_eq!(
        shown_on_a_phone,
        ["Group", "Leads", "Revenue", "Score", "Verdict"]
    );
    assert!(html.contains("@media (max-width:640px){"));
    assert!(html.contains(".extra{display:none}"));
    // The long-run range is a band behind the score line, cut to the chart's scale
    // (2.24, September's score, at its top): Harbor City's 0.98 to 4.04 runs off it.
    let band = select_in(&cards[0], "svg > rect.band");
    assert_eq!(band.len(), 1);
    assert_eq!(
        text_of(&select_in(&band[0], "title")[0]),
        "Likely in the long run 0.98 to 4.04"
    );
    assert_eq!(band[0].value().attr("y"), Some("8.0"), "to the top");
}

fn select_in<'a>(
    element: &scraper::ElementRef<'a>,
    selector: &str,
) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    element.select(&selector).collect()
}

#[test]
fn the_html_trend_has_a_chart_per_group_on_one_scale() {
    let html = sample(&["trend", "--metric", "cost", "--months", "12", "-O", "html"]);
    assert_self_contained(&html);
    let page = parsed(&html);
    let cards = select(&page, "section.card");
    let names: Vec<String> = cards
        .iter()
        .map(|card| text_of(&select_in(card, "h2")[0]))
        .collect();
    assert_eq!(
        names,
        [
            "Downtown Rotary Club",
            "Harbor City BNI",
            "Metro Business Mixer",
            "Old Chamber",
            "Tech Founders Meetup",
            "Women in Sales Circle"
        ]
    );
    // One scale: every chart's axis reads the same top and bottom.
    let axes: Vec<(String, String)> = cards
        .iter()
        .map(|card| {
            let labels = select_in(card, "svg > text");
            (text_of(&labels[0]), text_of(&labels[1]))
        })
        .collect();
    assert!(axes.iter().all(|axis| axis == &axes[0]), "{axes:?}");
    assert_eq!(axes[0].1, "-$5", "a month of refunds sets the bottom");

    let csv = sample(&["trend", "--metric", "cost", "--months", "12", "-O", "csv"]);
    let values: Vec<String> = select(&page, "tbody tr:not(.total) td[data-value]")
        .iter()
        .map(|cell| cell.value().attr("data-value").expect("value").to_string())
        .collect();
    let from_csv: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|line| line.rsplit(',').next().expect("value").to_string())
        .filter(|value| !value.is_empty())
        .collect();
    assert_eq!(values, from_csv);
}

#[test]
fn markup_in_a_group_name_stays_text_in_html() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for month in 1..=10 {
        log.push_str(&format!(
            "2026-{month:02}-05,<script>x</script> & \"'<img>,1,2,10,1,,,,,\n"
        ));
    }
    dir.write("log.csv", &log);
    for command in ["report", "trend"] {
        let html = succeeds(&mut dir.netaudit(&[
            command,
            "log.csv",
            "--today",
            "2026-11-01",
            "-O",
            "html",
        ]));
        let page = parsed(&html);
        assert!(select(&page, "body script, body img").is_empty(), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt; &amp; &quot;&#39;&lt;img&gt;"));
    }
}

/// `netaudit ARGS` in a folder holding a copy of the sample data, with its config named
/// as sample-data/netaudit.toml, so that the places of rows read the same anywhere.
fn in_sample_copy(args: &[&str]) -> String {
    let dir = Workdir::new();
    for entry in std::fs::read_dir(sample_data()).expect("sample-data") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        dir.write(
            &format!("sample-data/{name}"),
            std::fs::read(&path).expect("sample file"),
        );
    }
    let mut argv = vec![
        args[0],
        "--config",
        "sample-data/netaudit.toml",
        "--today",
        "2026-11-01",
    ];
    argv.extend_from_slice(&args[1..]);
    succeeds(&mut dir.netaudit(&argv))
}

#[test]
fn show_one_group_up_close() {
    insta::assert_snapshot!(
        "show_table",
        in_sample_copy(&["show", "tech founders meetup", "--last", "4"])
    );
    insta::assert_snapshot!(
        "show_csv",
        in_sample_copy(&["show", "Old Chamber", "--months", "8", "-O", "csv"])
    );
    insta::assert_snapshot!(
        "show_markdown",
        in_sample_copy(&[
            "show",
            "Women in Sales Circle",
            "--months",
            "4",
            "--last",
            "2",
            "-O",
            "markdown"
        ])
    );
}

#[test]
fn show_judges_each_month_as_the_report_for_it_does() {
    let shown = sample(&[
        "show",
        "Tech Founders Meetup",
        "--months",
        "3",
        "-O",
        "json",
    ]);
    let shown: serde_json::Value = serde_json::from_str(&shown).expect("JSON");
    assert_eq!(shown["rows"], 27);
    assert_eq!(
        shown["reason_codes"],
        serde_json::json!(["not_sure_yet", "leads_open", "few_partners"])
    );
    let months = shown["months"].as_array().expect("months");
    assert_eq!(months.len(), 3);
    for month in months {
        let name = month["month"].as_str().expect("month");
        let report = sample(&[
            "report",
            "--month",
            name,
            "-O",
            "csv",
            "--group",
            "Tech Founders Meetup",
        ]);
        let mut reader = csv::Reader::from_reader(report.as_bytes());
        let record: std::collections::HashMap<String, String> =
            reader.deserialize().next().expect("a row").expect("record");
        assert_eq!(month["verdict"], record["verdict"].as_str(), "{name}");
        assert_eq!(
            month["score"].as_f64(),
            record["score"].parse::<f64>().ok(),
            "{name}"
        );
    }
    let last_rows = shown["last_rows"].as_array().expect("rows");
    assert_eq!(last_rows.len(), 10);
    // The last rows in the log, in its order: a lead logged late comes last.
    assert_eq!(last_rows[8]["date"], "2026-10-22");
    assert_eq!(last_rows[9]["date"], "2026-08-13");
    assert!(
        last_rows[9]["place"]
            .as_str()
            .is_some_and(|place| place.ends_with("activity.csv:270")),
        "{}",
        last_rows[9]
    );
}

#[test]
fn show_as_html_has_its_score_chart() {
    let html = sample(&["show", "Harbor City BNI", "-O", "html"]);
    assert_self_contained(&html);
    let page = parsed(&html);
    let titles: Vec<String> = select(&page, "svg > title").iter().map(text_of).collect();
    assert_eq!(titles, ["Harbor City BNI: score by month"]);
    let headings: Vec<String> = select(&page, "thead th").iter().map(text_of).collect();
    let score_at = headings
        .iter()
        .position(|heading| heading == "Score")
        .expect("a score column");
    let scores: Vec<String> = select(&page, "tbody tr")
        .iter()
        .take(12)
        .filter_map(|row| select_in(row, "td").get(score_at).map(|cell| text_of(cell)))
        .collect();
    assert_eq!(scores.len(), 12);
    let desc = text_of(&select(&page, "svg > desc")[0]);
    assert!(
        desc.starts_with(&format!("2025-11 {}", scores[0])),
        "{desc}"
    );
}

#[test]
fn show_names_the_closest_group_for_a_name_no_row_has() {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    fails_with(
        &mut Workdir::new().netaudit(&[
            "show",
            "Harbour City",
            "--config",
            config,
            "--today",
            "2026-11-01",
        ]),
        &[
            "\"Harbour City\": no row of the log names that group; the closest it has: \
             \"Harbor City BNI\"",
        ],
    );
}

#[test]
fn groups_lists_what_the_log_holds() {
    insta::assert_snapshot!("groups_table", sample(&["groups"]));
    let csv = sample(&["groups", "-O", "csv"]);
    assert!(
        csv.contains("\nOld Chamber,8,2025-10-14,2026-03-17,2026-03,\n"),
        "{csv}"
    );
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-10-05,Club,1,2,,,,,,,\n2026-03-05,club,,,,,,,,,\n"),
    );
    let listed =
        succeeds(&mut dir.netaudit(&["groups", "log.csv", "--today", "2026-11-01", "-O", "json"]));
    let listed: serde_json::Value = serde_json::from_str(&listed).expect("JSON");
    assert_eq!(
        listed,
        serde_json::json!([{
            "group": "Club",
            "rows": 2,
            "first_date": "2026-03-05",
            "last_date": "2026-10-05",
            "left": null,
            "verdict": "watch"
        }])
    );
}

#[test]
fn a_hostile_file_name_is_shown_escaped_by_show() {
    let dir = Workdir::new();
    dir.write(
        "log\u{1b}[31m.csv",
        format!("{HEADER}\n2026-10-05,Club,1,2,,,,,,,\n"),
    );
    let rows = succeeds(&mut dir.netaudit(&[
        "show",
        "Club",
        "log\u{1b}[31m.csv",
        "--today",
        "2026-11-01",
    ]));
    assert!(!rows.contains('\u{1b}'), "{rows}");
    assert!(rows.contains(r"log\u{1b}[31m.csv:2"), "{rows}");
}
