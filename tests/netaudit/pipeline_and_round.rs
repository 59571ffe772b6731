//! The pipeline and the round: `leads` (open, --due, --all, going cold at its boundary),
//! `brief` from a log of three groups, and the median days from lead to deal in `show` and
//! the report.

use crate::common::{HEADER, TODAY, Workdir, fails_with, run, succeeds};

/// Three groups over 2026. Club: Acme's lead in May (cold from 2026-11-01, lead_life 6),
/// Birch's in June, Cedar's in July closed by a deal 45 days later, Fig's in October.
/// Chamber: Delta's lead, named again at a one-to-one on 2026-10-20, and a deal for Gale
/// with no lead open. Rotary: a lead naming no one in September that a deal for Hazel
/// closes, and Elm's lead lost.
const LOG: &str = "\
2026-05-20,Club,1,2,10,1,,,,,,Ann Lee,Acme,
2026-06-10,Club,1,2,10,1,,,,,,Bo Park,Birch,
2026-07-01,Club,1,2,10,1,,,,,,Bo Park,Cedar,
2026-08-15,Club,1,2,10,,1,5000,,,,Bo Park,Cedar,
2026-10-25,Club,1,2,10,1,,,,,,Ann Lee,Fig,
2026-09-01,Chamber,1,2,,1,,,,,,Cy Dunn,Delta,
2026-10-20,Chamber,,1,,,,,,,,Cy Dunn,Delta,
2026-10-10,Chamber,,,,,1,800,,,,Cy Dunn,Gale,
2026-09-05,Rotary,1,2,,1,,,,,,,,
2026-09-20,Rotary,1,2,,1,,,,,,Dee Roy,Elm,
2026-10-02,Rotary,,,,,,,,,,Dee Roy,Elm,1
2026-10-28,Rotary,,,,,1,300,,,,,Hazel,
";

fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write("log.csv", format!("{HEADER},contact,client,lost\n{LOG}"));
    dir
}

/// `netaudit ARGS log.csv --today DAY` (`--file log.csv` for `brief`, whose argument is a
/// group), expected to succeed with nothing on stderr.
fn on(dir: &Workdir, day: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    if args[0] == "brief" {
        all.push("--file");
    }
    all.extend_from_slice(&["log.csv", "--today", day]);
    succeeds(&mut dir.netaudit(&all))
}

/// The CSV records of `text`, each as its fields.
fn records(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| record.expect("record").iter().map(str::to_string).collect())
        .collect()
}

/// The (date, group, client, status) of each line of `leads -O csv ARGS`.
fn leads(dir: &Workdir, day: &str, args: &[&str]) -> Vec<(String, String, String, String)> {
    let mut all = vec!["leads", "-O", "csv"];
    all.extend_from_slice(args);
    records(&on(dir, day, &all))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[6].clone()))
        .collect()
}

fn line(date: &str, group: &str, client: &str, status: &str) -> (String, String, String, String) {
    (date.into(), group.into(), client.into(), status.into())
}

#[test]
fn leads_lists_the_open_leads_oldest_first_with_their_documented_fields() {
    let dir = setup();
    let csv = on(&dir, TODAY, &["leads", "-O", "csv"]);
    assert!(
        csv.starts_with(
            "date,group,client,contact,leads,age_days,status,last_touched,idle_days,cold_from,\
             ended,days_to_deal\n"
        ),
        "{csv}"
    );
    // Acme's lead is cold on 2026-11-01, Cedar's closed, Elm's lost, and Rotary's lead of
    // no one closed by Hazel's deal.
    assert_eq!(
        records(&csv),
        [
            "2026-06-10,Club,Birch,Bo Park,1,144,going cold,2026-06-10,144,2026-12-01,,",
            "2026-09-01,Chamber,Delta,Cy Dunn,1,61,open,2026-10-20,12,2027-03-01,,",
            "2026-10-25,Club,Fig,Ann Lee,1,7,open,2026-10-25,7,2027-04-01,,",
        ]
        .map(|line| line.split(',').map(str::to_string).collect::<Vec<_>>())
    );
    let json: serde_json::Value =
        serde_json::from_str(&on(&dir, TODAY, &["leads", "-O", "json"])).expect("JSON");
    assert_eq!(json[1]["client"], "Delta");
    assert_eq!(json[1]["status"], "open");
    assert_eq!(json[1]["ended"], serde_json::Value::Null);
    // The table a person reads, and one group's.
    let table = on(&dir, TODAY, &["leads"]);
    assert!(
        table.starts_with("3 lead lines open on 2026-11-01\n"),
        "{table}"
    );
    assert!(table.contains("going cold"), "{table}");
    assert_eq!(
        leads(&dir, TODAY, &["--group", "chamber"]),
        [line("2026-09-01", "Chamber", "Delta", "open")]
    );
}

#[test]
fn due_lists_the_open_leads_no_row_has_named_for_that_long() {
    let dir = setup();
    // Delta was named at a one-to-one 12 days before; Fig's lead is 7 days old.
    assert_eq!(
        leads(&dir, TODAY, &["--due", "12"]),
        [
            line("2026-06-10", "Club", "Birch", "going cold"),
            line("2026-09-01", "Chamber", "Delta", "open"),
        ]
    );
    assert_eq!(
        leads(&dir, TODAY, &["--due", "13"]),
        [line("2026-06-10", "Club", "Birch", "going cold")]
    );
    assert_eq!(leads(&dir, TODAY, &["--due", "200"]), []);
    let table = on(&dir, TODAY, &["leads", "--due", "13"]);
    assert!(
        table.starts_with(
            "1 lead line due a follow-up on 2026-11-01: no row has named them for 13 days or more"
        ),
        "{table}"
    );
}

#[test]
fn all_adds_the_closed_lost_and_cold_leads_with_how_they_ended() {
    let dir = setup();
    let csv = on(&dir, TODAY, &["leads", "--all", "-O", "csv"]);
    let all = records(&csv);
    let find = |client: &str| {
        all.iter()
            .find(|r| r[2] == client)
            .unwrap_or_else(|| panic!("{client}: {csv}"))
            .clone()
    };
    // A client's deal closes its own lead: 45 days.
    let cedar = find("Cedar");
    assert_eq!(
        (&cedar[6][..], &cedar[10][..], &cedar[11][..]),
        ("closed", "2026-08-15", "45")
    );
    let elm = find("Elm");
    assert_eq!(
        (&elm[6][..], &elm[10][..], &elm[11][..]),
        ("lost", "2026-10-02", "")
    );
    // Rotary's lead of no one, counted from its month's start, was Hazel's: her deal
    // closed it, though its row named no client; no days are measured without one.
    let hazel = find("Hazel");
    assert_eq!(
        (&hazel[0][..], &hazel[6][..], &hazel[10][..], &hazel[11][..]),
        ("2026-09-01", "closed", "2026-10-28", "")
    );
    let acme = find("Acme");
    assert_eq!((&acme[6][..], &acme[9][..]), ("cold", "2026-11-01"));
    assert_eq!(all.len(), 7, "{csv}");
    let dates: Vec<&str> = all.iter().map(|r| r[0].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    let table = on(&dir, TODAY, &["leads", "--all"]);
    assert!(table.contains("Ended") && table.contains("Days"), "{table}");
}

#[test]
fn a_lead_goes_cold_a_month_before_lead_life_months_and_is_cold_after() {
    let dir = setup();
    // Acme's lead of 2026-05-20, with lead_life_months 6: the report of 2026-11 counts it
    // as lost, so it is cold from 2026-11-01 and going cold from 2026-10-01.
    let acme = |day: &str, args: &[&str]| -> Option<String> {
        let mut all = vec!["leads", "-O", "csv", "log.csv", "--today", day];
        all.extend_from_slice(args);
        let output = run(&mut dir.netaudit(&all));
        assert_eq!(output.code, 0, "{}", output.stderr);
        records(&output.stdout)
            .into_iter()
            .find(|r| r[2] == "Acme")
            .map(|r| r[6].clone())
    };
    assert_eq!(acme("2026-09-30", &[]).as_deref(), Some("open"));
    assert_eq!(acme("2026-10-01", &[]).as_deref(), Some("going cold"));
    assert_eq!(acme("2026-10-31", &[]).as_deref(), Some("going cold"));
    assert_eq!(acme("2026-11-01", &[]), None);
    assert_eq!(acme("2026-11-01", &["--all"]).as_deref(), Some("cold"));
    // The setting moves it.
    assert_eq!(
        acme("2026-11-01", &["--lead-life-months", "7"]).as_deref(),
        Some("going cold")
    );
}

#[test]
fn brief_names_the_latest_clients_and_prospects_with_who_referred_them() {
    let dir = setup();
    let text = on(&dir, TODAY, &["brief"]);
    assert_eq!(
        text,
        "The round, 2026-11-01\n\
         \n\
         Latest clients:\n  \
         - Hazel, won 2026-10-28 at Rotary, referred by no one named\n  \
         - Gale, won 2026-10-10 at Chamber, referred by Cy Dunn\n  \
         - Cedar, won 2026-08-15 at Club, referred by Bo Park\n\
         \n\
         Prospects:\n  \
         - Fig, a lead since 2026-10-25 at Club, referred by Ann Lee\n  \
         - Delta, a lead since 2026-09-01 at Chamber, referred by Cy Dunn, last named 2026-10-20\n  \
         - Birch, a lead since 2026-06-10 at Club, referred by Bo Park (going cold)\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&on(&dir, TODAY, &["brief", "-O", "json"])).expect("JSON");
    assert_eq!(json["clients"][1]["client"], "Gale");
    assert_eq!(json["clients"][1]["referred_by"], "Cy Dunn");
    assert_eq!(json["clients"][0]["referred_by"], serde_json::Value::Null);
    assert_eq!(json["prospects"][1]["last_touched"], "2026-10-20");
    assert_eq!(json["brought"], serde_json::Value::Null);
    let markdown = on(&dir, TODAY, &["brief", "-O", "markdown"]);
    assert!(markdown.starts_with("## The round, 2026-11-01\n\n### Latest clients\n\n- **Hazel**, won 2026-10-28 at Rotary"), "{markdown}");
}

#[test]
fn brief_of_a_group_names_its_own_and_every_client_it_brought() {
    let dir = setup();
    let json: serde_json::Value =
        serde_json::from_str(&on(&dir, TODAY, &["brief", "club", "-O", "json"])).expect("JSON");
    assert_eq!(json["group"], "Club");
    let names = |key: &str| -> Vec<String> {
        (json[key].as_array().expect("a list").iter())
            .map(|item| item["client"].as_str().expect("client").to_string())
            .collect()
    };
    assert_eq!(names("clients"), ["Cedar"]);
    assert_eq!(names("prospects"), ["Fig", "Birch"]);
    assert_eq!(names("brought"), ["Acme", "Birch", "Cedar", "Fig"]);
    let cedar = &json["brought"][2];
    assert_eq!(
        (
            &cedar["referred_by"],
            &cedar["first_lead"],
            &cedar["deals"],
            &cedar["revenue"]
        ),
        (
            &serde_json::json!("Bo Park"),
            &serde_json::json!("2026-07-01"),
            &serde_json::json!(1),
            &serde_json::json!(5000.0)
        )
    );
    let text = on(&dir, TODAY, &["brief", "Club"]);
    assert!(text.starts_with("The round, 2026-11-01: Club\n"), "{text}");
    assert!(text.contains("Clients Club brought:"), "{text}");
    fails_with(
        &mut dir.netaudit(&["brief", "Clb", "--file", "log.csv", "--today", TODAY]),
        &["\"Clb\": no row of the log names that group; the closest it has: \"Club\""],
    );
    fails_with(
        &mut dir.netaudit(&["brief", "--file", "log.csv", "--today", TODAY, "-O", "csv"]),
        &["a brief is words to say"],
    );
}

#[test]
fn the_median_days_from_lead_to_deal_show_in_show_and_the_report() {
    let dir = setup();
    let json: serde_json::Value = serde_json::from_str(&on(
        &dir,
        TODAY,
        &[
            "report",
            "-O",
            "json",
            "--min-months",
            "1",
            "--min-meetings",
            "1",
        ],
    ))
    .expect("JSON");
    let club = (json.as_array().expect("groups").iter())
        .find(|group| group["group"] == "Club")
        .expect("Club");
    assert_eq!(club["median_days_to_deal"].as_f64(), Some(45.0));
    let rotary = (json.as_array().expect("groups").iter())
        .find(|group| group["group"] == "Rotary")
        .expect("Rotary");
    assert_eq!(rotary["median_days_to_deal"], serde_json::Value::Null);
    let show = on(&dir, TODAY, &["show", "Club", "-O", "json"]);
    let show: serde_json::Value = serde_json::from_str(&show).expect("JSON");
    assert_eq!(show["median_days_to_deal"].as_f64(), Some(45.0));
}

#[test]
fn leads_and_brief_of_a_log_without_names_say_so() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-10-05,Club,1,2,10,2,,,,,\n2026-10-20,Club,1,2,10,,1,400,,,\n"),
    );
    // Two leads of no one in October, one closed at the month's end.
    let csv = on(&dir, TODAY, &["leads", "-O", "csv"]);
    assert_eq!(
        records(&csv),
        [[
            "2026-10-01",
            "Club",
            "",
            "",
            "1",
            "31",
            "open",
            "2026-10-01",
            "31",
            "2027-04-01",
            "",
            ""
        ]]
    );
    let text = on(&dir, TODAY, &["brief"]);
    assert!(text.contains("No deal names its client yet."), "{text}");
    assert!(text.contains("No open lead names its client."), "{text}");
}

#[test]
fn leads_and_brief_fit_a_phone() {
    let config = crate::common::sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    for extra in [&[][..], &["--all"], &["--due", "20"]] {
        let mut args = vec!["leads", "--config", config, "--today", TODAY];
        args.extend_from_slice(extra);
        let shown = crate::common::on_a_terminal_of(80, &args, Some("1"));
        for text in shown.lines() {
            assert!(text.chars().count() <= 80, "{extra:?}: {text}\n{shown}");
        }
        // A table per group under its name, without a group column.
        assert!(shown.contains("\r\nHarbor City BNI\r\n"), "{shown}");
        assert!(!shown.contains("Group"), "{shown}");
    }
    let shown = crate::common::on_a_terminal_of(
        80,
        &["brief", "--config", config, "--today", TODAY],
        Some("1"),
    );
    for text in shown.lines() {
        assert!(text.chars().count() <= 80, "{text}\n{shown}");
    }
    assert!(shown.contains("referred by Lee\r\n    Wong"), "{shown}");
}

#[test]
fn the_leads_page_is_a_table_per_group_a_phone_can_hold() {
    let config = crate::common::sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    let page = succeeds(&mut Workdir::new().netaudit(&[
        "leads", "--config", config, "--today", TODAY, "--all", "-O", "html",
    ]));
    assert!(page.contains("<h2>Harbor City BNI</h2>"), "{page}");
    assert!(page.contains("<h2>Tech Founders Meetup</h2>"), "{page}");
    assert!(
        !page.contains(">Group</th>"),
        "the group is the heading: {page}"
    );
    assert!(!page.contains(">Leads</th>"), "one lead a line: {page}");
    let first_heading = page.find("<th>").expect("a table");
    assert!(
        page[first_heading..].starts_with("<th>Client</th>"),
        "the client first: {page}"
    );
}
