//! Who brought it: contacts and clients logged and read, `partners` in every format, the
//! repeat-business months, `few_partners` through the binary, look-alike names, and the
//! people book's bound.

use crate::common::{
    HEADER, TODAY, Workdir, fails_with, on_a_terminal_of, run, sample_data, succeeds,
};

/// `netaudit ARGS` on the sample data, as of 2026-11-01.
fn sample(args: &[&str]) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let mut argv = vec![args[0], "--config", config, "--today", TODAY];
    argv.extend_from_slice(&args[1..]);
    succeeds(&mut Workdir::new().netaudit(&argv))
}

/// A log of one group judged over 2026 (a meeting a month), with `rows` after.
fn club_log(rows: &[&str]) -> String {
    let mut log = format!("{HEADER},contact,client,lost\n");
    for month in 1..=10 {
        log.push_str(&format!("2026-{month:02}-02,Club,1,2,10,,,,,,,,,\n"));
    }
    for row in rows {
        log.push_str(row);
        log.push('\n');
    }
    log
}

#[test]
fn partners_comes_in_every_format_with_its_documented_fields() {
    let csv = sample(&["partners", "-O", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let fields: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    for field in [
        "group",
        "contact",
        "leads",
        "deals",
        "revenue",
        "one_to_ones",
        "hours",
        "referrals_given",
        "last_lead",
        "return_per_hour",
        "lifetime_value",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field}: {fields:?}");
    }
    let lee: Vec<String> = reader
        .records()
        .map(|record| record.expect("record"))
        .find(|record| &record[1] == "Harbor City BNI" && &record[2] == "Lee Wong")
        .expect("Lee Wong's line")
        .iter()
        .map(str::to_string)
        .collect();
    // Two leads, the deals of the two clients Lee referred, and their revenue.
    assert_eq!(&lee[3..6], ["2", "2", "9900.50"]);

    let json: serde_json::Value =
        serde_json::from_str(&sample(&["partners", "-O", "json"])).expect("JSON");
    let unnamed = json
        .as_array()
        .expect("array")
        .iter()
        .find(|line| line["group"] == "Metro Business Mixer")
        .expect("a line");
    assert_eq!(unnamed["contact"], serde_json::Value::Null);
    assert_eq!(unnamed["hours"], serde_json::json!(36.0));

    let table = sample(&["partners", "--group", "tech founders meetup"]);
    assert!(
        table.starts_with("Who brought it, 2025-11 to 2026-10\n"),
        "{table}"
    );
    assert!(table.contains("\nTech Founders Meetup\n┌"), "{table}");
    assert!(table.contains("│ Ravi Menon   ┆     6 ┆"), "{table}");
    assert!(!table.contains("Harbor City BNI"), "one group's: {table}");
    let markdown = sample(&["partners", "-O", "markdown"]);
    assert!(markdown.starts_with("## Who brought it, 2025-11 to 2026-10\n"));
    assert!(
        markdown.contains("| Tech Founders Meetup | Ravi Menon |"),
        "{markdown}"
    );
    let html = sample(&["partners", "-O", "html"]);
    assert!(html.contains("<h1>Who brought it, 2025-11 to 2026-10</h1>"));
    assert!(
        html.contains("<h2>Tech Founders Meetup</h2>"),
        "a table per group"
    );
    assert!(!html.contains(">Month</th>"), "the people's fields: {html}");
    let dir = Workdir::new();
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let args = ["partners", "--config", config, "--today", TODAY];
    succeeds(dir.netaudit(&args).args(["-o", "partners.xlsx"]));
    let workbook = std::fs::read(dir.path().join("partners.xlsx")).expect("workbook");
    assert!(workbook.starts_with(b"PK"), "an xlsx is a zip");
}

#[test]
fn partners_of_a_group_no_row_names_is_an_error_naming_the_closest() {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    fails_with(
        &mut Workdir::new().netaudit(&[
            "partners",
            "--config",
            config,
            "--today",
            TODAY,
            "--group",
            "Harbour City BNI",
        ]),
        &["--group \"Harbour City BNI\"", "\"Harbor City BNI\""],
    );
}

#[test]
fn log_adds_the_columns_it_names_and_a_name_alone_is_refused() {
    let dir = Workdir::new();
    dir.write(
        "activity.csv",
        format!("{HEADER}\n2026-10-01,Club,1,2,10,,,,,,\n"),
    );
    let log = |args: &[&str]| {
        let mut argv = vec![
            "log",
            "Club",
            "--file",
            "activity.csv",
            "--date",
            "2026-10-05",
        ];
        argv.extend_from_slice(args);
        run(&mut dir.netaudit(&argv))
    };
    let added = log(&[
        "--leads",
        "1",
        "--contact",
        "Dana  Price",
        "--client",
        "Acme",
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        added
            .stderr
            .contains("added columns contact, client to activity.csv"),
        "{}",
        added.stderr
    );
    assert_eq!(added.stdout, "2026-10-05,Club,,,,1,,,,,,Dana Price,Acme\n");
    let lost = log(&["--lost", "--client", "acme"]);
    assert_eq!(lost.code, 0, "{}", lost.stderr);
    assert!(lost.stderr.contains("added a lost column to activity.csv"));
    let text = std::fs::read_to_string(dir.path().join("activity.csv")).expect("log");
    assert_eq!(
        text,
        format!(
            "{HEADER},contact,client,lost\n2026-10-01,Club,1,2,10,,,,,,,,,\n\
             2026-10-05,Club,,,,1,,,,,,Dana Price,Acme,\n2026-10-05,Club,,,,,,,,,,,acme,1\n"
        )
    );
    let alone = log(&["--contact", "Dana Price"]);
    assert_eq!(alone.code, 2);
    assert!(
        alone.stderr.contains("nothing to log for Club"),
        "{}",
        alone.stderr
    );
    let hostile = log(&["--leads", "1", "--contact", "Dana\u{202e}Price"]);
    assert_eq!(hostile.code, 2);
    assert!(
        hostile
            .stderr
            .contains("--contact: expected a name without control characters"),
        "{}",
        hostile.stderr
    );
    // The lead was lost: none open, and no deal.
    let json: serde_json::Value = serde_json::from_str(&succeeds(&mut dir.netaudit(&[
        "report",
        "activity.csv",
        "--today",
        TODAY,
        "-O",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(json[0]["leads"], 1);
    assert_eq!(json[0]["deals"], 0);
    assert_eq!(json[0]["lost"], 1);
}

#[test]
fn a_name_cell_with_control_characters_is_an_error_at_its_line_and_column() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        club_log(&["2026-10-05,Club,,,,1,,,,,,\"Dana\u{7}\",Acme,"]),
    );
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY]),
        &[
            "log.csv:12:",
            "column 12 \"contact\"",
            "expected a name without control characters",
        ],
    );
}

#[test]
fn revenue_past_the_repeat_business_months_is_lifetime_value_not_score() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        club_log(&[
            "2025-01-10,Club,,,,1,,,,,,Dana,Acme,",
            "2025-02-10,Club,,,,,1,1000,,,,,Acme,",
            "2026-03-10,Club,,,,,,400,,,,,Acme,",
            "2026-04-10,Club,,,,,,250,,,,,,",
        ]),
    );
    let revenue = |extra: &[&str]| -> (String, String) {
        let mut args = vec!["report", "log.csv", "--today", TODAY, "-O", "json"];
        args.extend_from_slice(extra);
        let json: serde_json::Value =
            serde_json::from_str(&succeeds(&mut dir.netaudit(&args))).expect("JSON");
        let partners: serde_json::Value = serde_json::from_str(&succeeds(
            &mut dir.netaudit(
                &[
                    &["partners", "log.csv", "--today", TODAY, "-O", "json"][..],
                    extra,
                ]
                .concat(),
            ),
        ))
        .expect("JSON");
        (
            json[0]["revenue"].to_string(),
            partners[0]["lifetime_value"].to_string(),
        )
    };
    // Acme's first deal is 2025-02: its 2026-03 revenue is 13 months on.
    assert_eq!(revenue(&[]), ("250.0".to_string(), "400.0".to_string()));
    assert_eq!(
        revenue(&["--repeat-business-months", "24"]),
        ("650.0".to_string(), "0.0".to_string())
    );
}

#[test]
fn the_report_names_the_few_who_are_the_group_among_the_people_it_names() {
    let dir = Workdir::new();
    let few = [
        "2026-09-01,Club,,,,,1,900,,,,Dana,Acme,",
        "2026-09-02,Club,,,,,1,100,,,,Lee,Cole,",
        "2026-09-03,Club,,1,,,,,,,,Sam,,",
    ];
    dir.write("log.csv", club_log(&few));
    let reasons = || {
        let json: serde_json::Value = serde_json::from_str(&succeeds(
            &mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-O", "json"]),
        ))
        .expect("JSON");
        (
            json[0]["reasons"].as_str().expect("text").to_string(),
            json[0]["reason_codes"].clone(),
        )
    };
    let (text, codes) = reasons();
    assert!(
        text.contains(
            "1 of the 3 people you named in it brought 90% of what it gave you: Dana; \
             one-to-ones with them could keep most of it for a fraction of 21 h"
        ),
        "{text}"
    );
    assert!(
        codes
            .as_array()
            .expect("codes")
            .contains(&"few_partners".into())
    );
    // Two who brought half each, and no one else named: the room is no larger than them.
    let even = [
        "2026-09-01,Club,,,,,1,500,,,,Dana,Acme,",
        "2026-09-02,Club,,,,,1,500,,,,Lee,Cole,",
    ];
    dir.write("log.csv", club_log(&even));
    let (text, _) = reasons();
    assert!(!text.contains("brought"), "{text}");
    dir.write("netaudit.toml", "[groups.Club]\nmembers = 30\n");
    let (text, _) = reasons();
    assert!(
        text.contains("2 of its 30 members brought 100% of what it gave you: Dana, Lee;"),
        "{text}"
    );
}

#[test]
fn check_warns_of_clients_and_contacts_spelt_almost_alike() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        club_log(&[
            "2026-10-05,Club,,,,1,,,,,,Dana Price,Acme Kitchens,",
            "2026-10-06,Club,,,,1,,,,,,Dana Pryce,Acme Kitchen,",
        ]),
    );
    let out = run(&mut dir.netaudit(&["check", "log.csv", "--today", TODAY]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(
        "warning: clients \"Acme Kitchens\" and \"Acme Kitchen\" are spelt almost alike"
    ));
    assert!(
        out.stdout
            .contains("warning: contacts \"Dana Price\" and \"Dana Pryce\" are spelt almost alike"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_client_past_the_bound_is_an_error_at_its_line() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER},client\n");
    for n in 0..=10_000 {
        log.push_str(&format!("2026-10-01,Club,1,1,,1,,,,,,Client {n}\n"));
    }
    dir.write("log.csv", log);
    fails_with(
        &mut dir.netaudit(&["report", "log.csv", "--today", TODAY, "-j1"]),
        &[
            "log.csv:10002",
            "\"Client 10000\" would be one more than the 10000 clients one report keeps track of",
        ],
    );
}

#[test]
fn partners_fits_a_phone_sized_terminal_and_shows_all_on_a_wide_one() {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let args = ["partners", "--config", config, "--today", TODAY];
    let narrow = on_a_terminal_of(80, &args, Some("1"));
    for line in narrow.lines() {
        let width = line.trim_end_matches('\r').chars().count();
        assert!(width <= 80, "{width} columns: {line}\n{narrow}");
    }
    assert!(!narrow.contains("Last lead"), "{narrow}");
    assert!(narrow.contains("Return/h"), "{narrow}");
    let wide = on_a_terminal_of(120, &args, Some("1"));
    assert!(wide.contains("┆ Last lead  ┆"), "{wide}");
}
