//! `netaudit chapter`: summaries and slips in the forms BNI Connect and people write
//! them, BNI's Traffic Lights at their thresholds, the room, and every error's place.

use crate::common::{Figures, Workdir, fails_with, palms, run, sample_data, succeeds};

/// Members over 23 weeks chosen to land on BNI's thresholds:
/// - Ada: P 18, L 0, S 3, A 2 is 84.8%, shown 85%, scored 10; 23 referrals given (1.00 a
///   week, 20); 6 visitors (over 6/26 a week, 20); 17 one-to-ones (0.74, 10); no CEU: 60,
///   amber.
/// - Ben: every week present (20); 17 referrals (0.74 a week, 10); 4 visitors (just over
///   4.5/26 a week, 15); 18 one-to-ones and 18 CEUs (0.78 a week, 15 each): 75, green.
/// - Cy: 3 weeks on medical leave, so 20 count; 17 present is 85% (15); 5 referrals
///   (0.25, 5); 1 visitor (under 1.5/26, 0); 10 one-to-ones (0.50, 10): 30, red.
/// - Di: 16 of 23 is 69.6% (0); 2 referrals (0); nothing else: 0, grey; received none.
fn quarter() -> Vec<(&'static str, &'static str, Figures)> {
    vec![
        (
            "Ada",
            "Stone",
            [18, 2, 0, 0, 3, 20, 3, 4, 1, 6, 17, 11550, 0],
        ),
        ("Ben", "Holt", [23, 0, 0, 0, 0, 17, 0, 9, 0, 4, 18, 0, 18]),
        ("Cy", "Dunn", [17, 3, 0, 3, 0, 5, 0, 1, 0, 1, 10, 800, 0]),
        ("Di", "Ray", [16, 7, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]),
    ]
}

fn chapter(dir: &Workdir, args: &[&str]) -> String {
    let mut argv = vec!["chapter"];
    argv.extend_from_slice(args);
    succeeds(&mut dir.netaudit(&argv))
}

fn chapter_fails(dir: &Workdir, args: &[&str], needles: &[&str]) -> String {
    let mut argv = vec!["chapter"];
    argv.extend_from_slice(args);
    fails_with(&mut dir.netaudit(&argv), needles)
}

#[test]
fn bni_traffic_lights_are_reproduced_at_their_thresholds() {
    let dir = Workdir::new();
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-09-08")), &quarter()),
    );
    insta::assert_snapshot!(
        "chapter_members_csv",
        chapter(&dir, &["q2.xls", "-O", "csv"])
    );
    let json: serde_json::Value =
        serde_json::from_str(&chapter(&dir, &["q2.xls", "-O", "json"])).unwrap();
    let scored: Vec<(String, u64, u64, String)> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["member"].as_str().unwrap().to_string(),
                member["attendance_pct"].as_u64().unwrap(),
                member["traffic_lights_points"].as_u64().unwrap(),
                member["traffic_lights_colour"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let expected = [
        ("Ada Stone", 85, 60, "amber"),
        ("Ben Holt", 100, 75, "green"),
        ("Cy Dunn", 85, 30, "red"),
        ("Di Ray", 70, 0, "grey"),
    ];
    assert_eq!(
        scored,
        expected.map(|(name, pct, points, colour)| (
            name.to_string(),
            pct,
            points,
            colour.to_string()
        ))
    );
    assert_eq!(json["chapter"], "Harbor City");
    assert_eq!(json["room"]["members_received_none"], 1);
    assert_eq!(json["room"]["received_none"][0], "Di Ray");
    assert!(
        json["room"]["verdict"]
            .as_str()
            .unwrap()
            .contains("1 of 4 received none in 5 months")
    );
    insta::assert_snapshot!("chapter_table", chapter(&dir, &["q2.xls"]));
}

#[test]
fn a_summary_exported_without_headers_takes_its_period_from_the_flags() {
    let dir = Workdir::new();
    dir.write("bare.xls", palms(None, &quarter()));
    dir.write(
        "full.xls",
        palms(Some(("2026-04-01", "2026-09-08")), &quarter()),
    );
    chapter_fails(
        &dir,
        &["bare.xls"],
        &[
            "bare.xls: the report has no From: and To: rows",
            "--from and --to",
        ],
    );
    assert_eq!(
        chapter(
            &dir,
            &[
                "bare.xls",
                "--from",
                "2026-04-01",
                "--to",
                "2026-09-08",
                "-O",
                "csv"
            ]
        ),
        chapter(&dir, &["full.xls", "-O", "csv"])
    );
}

#[test]
fn the_preamble_is_read_where_bni_connect_writes_it() {
    // Labels merged across columns, values beyond them: From: in A, its date in I.
    let dir = Workdir::new();
    let report = palms(Some(("2026-04-01", "2026-06-30")), &quarter());
    dir.write("q2.xls", &report);
    let json: serde_json::Value =
        serde_json::from_str(&chapter(&dir, &["q2.xls", "-O", "json"])).unwrap();
    assert_eq!(
        (
            json["chapter"].as_str(),
            json["from"].as_str(),
            json["to"].as_str()
        ),
        (Some("Harbor City"), Some("2026-04-01"), Some("2026-06-30"))
    );
    // An error names the cell that holds the value, or should.
    let from = "<Data ss:Type=\"DateTime\">2026-04-01T00:00:00</Data>";
    assert!(report.contains(from));
    dir.write(
        "soon.xls",
        report.replace(from, "<Data ss:Type=\"String\">soon</Data>"),
    );
    chapter_fails(
        &dir,
        &["soon.xls"],
        &["soon.xls, sheet \"Report\", cell I6: got \"soon\", expected the period's date"],
    );
    dir.write(
        "blank.xls",
        report.replace(from, "<Data ss:Type=\"String\"></Data>"),
    );
    chapter_fails(
        &dir,
        &["blank.xls"],
        &["blank.xls, sheet \"Report\", cell I6: got \"\", expected the period's date"],
    );
    // Without a `Chapter:` row, the chapter is the one under `Chapter` in the row of labels.
    let chapter_row = "<Cell ss:Index=\"1\" ss:MergeAcross=\"7\"><Data ss:Type=\"String\">Chapter:";
    assert!(report.contains(chapter_row));
    dir.write(
        "labels.xls",
        report.replace(
            chapter_row,
            "<Cell ss:Index=\"1\" ss:MergeAcross=\"7\"><Data ss:Type=\"String\">Group:",
        ),
    );
    let json: serde_json::Value =
        serde_json::from_str(&chapter(&dir, &["labels.xls", "-O", "json"])).unwrap();
    assert_eq!(json["chapter"].as_str(), Some("Harbor City"));
}

#[test]
fn a_name_written_with_two_spaces_is_the_member_s_name() {
    let dir = Workdir::new();
    let mut members = quarter();
    members[0].1 = "van  Stone";
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-06-30")), &members),
    );
    let csv = chapter(&dir, &["q2.xls", "-O", "csv"]);
    assert!(csv.contains(",Ada van Stone,23,"), "{csv}");
    let dry_run = succeeds(&mut dir.netaudit(&[
        "--quiet",
        "import",
        "palms",
        "q2.xls",
        "--member",
        "Ada van Stone",
        "--group",
        "Harbor City BNI",
        "--file",
        "log.csv",
        "--dry-run",
    ]));
    assert!(
        dry_run.contains(",palms:ada van stone:2026-04-01..2026-06-30"),
        "{dry_run}"
    );
}

#[test]
fn weekly_exports_a_week_apart_follow_one_another() {
    // Each weekly export is of one meeting: From: and To: are both its day.
    let dir = Workdir::new();
    let week = [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0];
    let members = [("Ada", "Stone", week), ("Ben", "Holt", week)];
    for day in ["2026-10-06", "2026-10-13", "2026-10-20", "2026-11-03"] {
        dir.write(&format!("{day}.xls"), palms(Some((day, day)), &members));
    }
    let json: serde_json::Value = serde_json::from_str(&chapter(
        &dir,
        &[
            "2026-10-13.xls",
            "2026-10-06.xls",
            "2026-10-20.xls",
            "-O",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(
        (
            json["from"].as_str(),
            json["to"].as_str(),
            json["summaries"].as_u64()
        ),
        (Some("2026-10-06"), Some("2026-10-26"), Some(3))
    );
    assert_eq!(json["members"][0]["weeks"], 3);
    chapter_fails(
        &dir,
        &["2026-10-20.xls", "2026-11-03.xls"],
        &[
            "2026-10-20.xls covers 2026-10-20 to 2026-10-26, and 2026-11-03.xls 2026-11-03 to \
             2026-11-09: the days between them are in no summary",
        ],
    );
    dir.write(
        "again.xls",
        palms(Some(("2026-10-20", "2026-10-20")), &members),
    );
    chapter_fails(
        &dir,
        &["2026-10-20.xls", "again.xls"],
        &["their periods overlap"],
    );
}

#[test]
fn consecutive_summaries_add_up_and_overlaps_and_gaps_are_refused() {
    let dir = Workdir::new();
    let half = |members: &[(&'static str, &'static str, Figures)]| members.to_vec();
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-06-30")), &half(&quarter())),
    );
    dir.write(
        "q3.xls",
        palms(Some(("2026-07-01", "2026-09-30")), &half(&quarter()[..2])),
    );
    dir.write(
        "late.xls",
        palms(Some(("2026-06-30", "2026-09-30")), &quarter()),
    );
    dir.write(
        "gap.xls",
        palms(Some(("2026-07-02", "2026-09-30")), &quarter()),
    );
    // Given in any order, the periods are put in order and each member's lines add up.
    let json: serde_json::Value =
        serde_json::from_str(&chapter(&dir, &["q3.xls", "q2.xls", "-O", "json"])).unwrap();
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-04-01"), Some("2026-09-30"))
    );
    assert_eq!(json["summaries"], 2);
    let ada = &json["members"][0];
    assert_eq!(
        (ada["weeks"].as_u64(), ada["referrals_given"].as_u64()),
        (Some(46), Some(46))
    );
    let di = &json["members"][3];
    assert_eq!(di["weeks"], 23);
    chapter_fails(
        &dir,
        &["q2.xls", "late.xls"],
        &[
            "q2.xls covers 2026-04-01 to 2026-06-30, and late.xls 2026-06-30 to 2026-09-30: their periods overlap",
        ],
    );
    chapter_fails(
        &dir,
        &["q2.xls", "gap.xls"],
        &["the days between them are in no summary"],
    );
}

/// The slips of the quarter, the US way: no title, Tier 1/Tier 2, amounts as text.
fn us_slips() -> String {
    let text = |value: &str| format!("<Cell><Data ss:Type=\"String\">{value}</Data></Cell>");
    let row = |cells: &[&str]| {
        format!(
            "<Row>{}</Row>\r",
            cells.iter().map(|c| text(c)).collect::<String>()
        )
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r<Workbook \
         xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\r\
         <Worksheet ss:Name=\"Slips\"><Table>\r",
    );
    xml += &row(&[
        "From",
        "To",
        "Slip Type",
        "Inside/Outside",
        "TYFCB Amount",
        "CEU Credits",
        "Detail",
    ]);
    xml += &row(&[
        "Ada Stone",
        "Ben Holt",
        "Referral",
        "Tier 1 (inside)",
        "",
        "",
        "",
    ]);
    xml += &row(&[
        "Ada Stone",
        "Pat Field",
        "Referral",
        "Tier 2 (outside)",
        "",
        "",
        "Bayside",
    ]);
    xml += &row(&["Ben Holt", "Cy Dunn", "One-to-One", "", "", "", ""]);
    xml += &row(&["", "Ada Stone", "TYFCB", "", "11550.00", "", ""]);
    xml += &row(&["Cy Dunn", "", "CEU", "", "", "1", ""]);
    xml + "</Table></Worksheet></Workbook>\r"
}

#[test]
fn slips_in_both_regional_forms_give_the_weeks_since_a_referral_and_who_connected() {
    let dir = Workdir::new();
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-09-08")), &quarter()),
    );
    dir.write("us.xls", us_slips());
    // A region that writes its dates day first, its amounts in rupees, and a count; two
    // weeks in one file, each under its title and header.
    dir.write(
        "week.csv",
        "Slips Audit Report for 13/08/2026\n\
         From,To,Slip Type,Inside/Outside,Business Amount (INR),CEU Credits,Detail,Count\n\
         Cy Dunn,Ada Stone,Referral,Tier 1 (inside),,,,2\n\
         Slips Audit Report for 20/08/2026\n\
         From,To,Slip Type,Inside/Outside,Business Amount (INR),CEU Credits,Detail,Count\n\
         Di Ray,Ada Stone,One-to-One,,,,,1\n\
         Ada Stone,Ben Holt,Referral,Tier 1 (inside),,,,1\n",
    );
    let room = |args: &[&str]| -> serde_json::Value {
        let mut argv = vec!["q2.xls"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["-O", "json"]);
        serde_json::from_str(&chapter(&dir, &argv)).unwrap()
    };
    let json = room(&["--slips", "us.xls", "--slips", "week.csv"]);
    let room_figures = &json["room"];
    // The Count column counts: 5 US slips and 4 more.
    assert_eq!(room_figures["slips"], 9);
    assert_eq!(room_figures["referrals_inside"], 4);
    assert_eq!(room_figures["referrals_outside"], 1);
    // Ada–Ben, Ben–Cy, Cy–Ada and Di–Ada of the 6 pairs of 4 members.
    assert_eq!(room_figures["connected_pairs"], 4);
    assert_eq!(room_figures["member_pairs"], 6);
    // Ada's last referral was dated by its week's title: 2026-08-13, 26 days before the
    // end; the week after brought her a one-to-one only.
    assert_eq!(json["members"][0]["weeks_since_referral"], 3);
    // Ben's US slip carries no date; the second week's title dates his next: 2026-08-20.
    assert_eq!(json["members"][1]["weeks_since_referral"], 2);
    // Cy's only referral came on an undated US slip.
    assert_eq!(
        json["members"][2]["weeks_since_referral"],
        serde_json::Value::Null
    );

    let no_slips = room(&[]);
    assert_eq!(no_slips["room"]["slips"], serde_json::Value::Null);
    assert_eq!(
        no_slips["members"][0]["weeks_since_referral"],
        serde_json::Value::Null
    );
}

#[test]
fn the_generic_csvs_serve_any_group() {
    let dir = Workdir::new();
    dir.write(
        "members.csv",
        "member,present,absent,late,medical,substitute,referrals_given,referrals_received,\
         visitors,one_to_ones,ceus,closed_business\n\
         Ada Stone,18,2,0,0,3,23,5,6,17,0,11550.00\n\
         Ben Holt,23,0,0,0,0,17,9,4,18,18,\n",
    );
    dir.write(
        "slips.csv",
        "date,from,to,type,amount\n\
         2026-05-07,Ben Holt,Ada Stone,referral,\n\
         2026-05-14,Ada Stone,Someone Else,referral,\n\
         2026-05-14,,Ada Stone,tyfcb,1200\n",
    );
    let csv = chapter(
        &dir,
        &[
            "members.csv",
            "--slips",
            "slips.csv",
            "--from",
            "2026-04-01",
            "--to",
            "2026-09-08",
            "--room",
            "-O",
            "csv",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "from,to,chapter,members,big_group,months,referrals_given,referrals_received,\
             referrals_per_member_month,members_received_any,members_received_none,\
             top_fifth_members,top_fifth_share,gini,closed_business,green,amber,red,grey,slips,\
             referrals_inside,referrals_outside,connected_pairs,member_pairs"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "2026-04-01,2026-09-08,,2,50,5.29,40,14,1.32,2,0,1,0.64,0.14,11550.00,1,1,0,0,3,1,1,1,1"
        )
    );
    assert_eq!(lines.next(), None);
    chapter_fails(
        &dir,
        &["members.csv"],
        &[
            "members.csv: a chapter summary CSV does not say its period; give it with --from and --to",
        ],
    );
}

#[test]
fn every_error_names_its_file_place_value_and_what_was_expected() {
    let dir = Workdir::new();
    let period = ["--from", "2026-04-01", "--to", "2026-06-30"];
    let run = |name: &str, contents: &str, extra: &[&str], needles: &[&str]| {
        dir.write(name, contents);
        let mut args = vec![name];
        args.extend_from_slice(extra);
        chapter_fails(&dir, &args, needles);
    };
    let header = "member,present,absent,late,medical,substitute,referrals_given,\
                  referrals_received,visitors,one_to_ones,ceus,closed_business";
    run(
        "count.csv",
        &format!("{header}\nAda,3,x,0,0,0,0,0,0,0,0,0\n"),
        &period,
        &["count.csv:2: column absent: got \"x\", expected a whole number of 0 or more"],
    );
    run(
        "money.csv",
        &format!("{header}\nAda,3,0,0,0,0,0,0,0,0,0,-5\n"),
        &period,
        &["money.csv:2: column closed_business: got \"-5\", expected an amount of 0 or more"],
    );
    run(
        "unknown.csv",
        "member,present,absnt\n",
        &period,
        &["unknown.csv:1: column \"absnt\": not a column of a chapter summary"],
    );
    run(
        "twice.csv",
        &format!("{header}\nAda,1,0,0,0,0,0,0,0,0,0,0\n ada ,1,0,0,0,0,0,0,0,0,0,0\n"),
        &period,
        &["twice.csv: \"ada\" is on rows 2 and 3"],
    );
    let bad_cell = palms(
        Some(("2026-04-01", "2026-06-30")),
        &[("Ada", "Stone", [1; 13])],
    )
    .replace(
        "<Cell ss:Index=\"4\"><Data ss:Type=\"Number\">1</Data>",
        "<Cell ss:Index=\"4\"><Data ss:Type=\"String\">one</Data>",
    );
    run(
        "cell.xls",
        &bad_cell,
        &[],
        &[
            "cell.xls, sheet \"Report\", cell D10: column A: got \"one\", expected a whole number of 0 or more",
        ],
    );

    dir.write(
        "q2.csv",
        format!("{header}\nAda Stone,13,0,0,0,0,1,1,0,0,0,0\n"),
    );
    let slips = |name: &str, contents: &str, needles: &[&str]| {
        dir.write(name, contents);
        let mut args = vec!["q2.csv", "--slips", name];
        args.extend_from_slice(&period);
        chapter_fails(&dir, &args, needles);
    };
    slips(
        "kind.csv",
        "date,from,to,type,amount\n2026-04-02,Ada Stone,Bo,thanks,\n",
        &[
            "kind.csv:2: column \"type\": got \"thanks\", expected Referral, One-to-One, TYFCB, CEU or Visitor",
        ],
    );
    slips(
        "outside.csv",
        "date,from,to,type,amount\n2026-07-02,Ada Stone,Bo,referral,\n",
        &[
            "outside.csv:2: this slip is dated 2026-07-02, outside the period the summaries cover (2026-04-01 to 2026-06-30)",
        ],
    );
    slips(
        "nameless.csv",
        "date,from,to,type,amount\n2026-04-02,,Bo,referral,\n",
        &["nameless.csv:2: column \"From\": got \"\", expected a member's name"],
    );
    slips(
        "either.csv",
        "Slips Audit Report for 05/06/2026\nFrom,To,Slip Type\nAda Stone,Bo,Referral\n",
        &[
            "either.csv:1: got \"Slips Audit Report for 05/06/2026\", expected a date that reads one way only: it may be 2026-05-06 or 2026-06-05",
        ],
    );
    slips(
        "other.csv",
        "name,when\nAda,today\n",
        &["other.csv: no header row of slips"],
    );
}

#[test]
fn the_config_sets_a_regions_traffic_lights() {
    let dir = Workdir::new();
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-09-08")), &quarter()),
    );
    // Attendance scored on the rounded-looking 84%, and CEUs worth nothing.
    dir.write(
        "netaudit.toml",
        "[chapter.traffic_lights]\nattendance = [[\"84%\", 20]]\nceus = []\ngreen = 60\n",
    );
    let json: serde_json::Value =
        serde_json::from_str(&chapter(&dir, &["q2.xls", "-O", "json"])).unwrap();
    let points: Vec<(u64, &str)> = (json["members"].as_array().unwrap().iter())
        .map(|member| {
            (
                member["traffic_lights_points"].as_u64().unwrap(),
                member["traffic_lights_colour"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [(70, "green"), (60, "green"), (35, "red"), (0, "grey")]
    );
    dir.write(
        "netaudit.toml",
        "[chapter.traffic_lights]\nvisitors = [[\"6/0\", 20]]\n",
    );
    chapter_fails(
        &dir,
        &["q2.xls"],
        &[
            "netaudit.toml:2:12: key `chapter.traffic_lights.visitors`: expected a threshold of 0 or more",
        ],
    );
    dir.write("netaudit.toml", "[chapter.traffic_light]\n");
    chapter_fails(
        &dir,
        &["q2.xls"],
        &["unknown key `chapter.traffic_light`; did you mean `chapter.traffic_lights`?"],
    );
}

#[test]
fn every_format_holds_the_members_and_the_room() {
    let dir = Workdir::new();
    dir.write(
        "q2.xls",
        palms(Some(("2026-04-01", "2026-09-08")), &quarter()),
    );
    let html = chapter(&dir, &["q2.xls", "-O", "html"]);
    let page = scraper::Html::parse_document(&html);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    for absent in ["http", "src=", "href=", "url(", "<script", "<link"] {
        assert!(!html.contains(absent), "{absent}");
    }
    let rows = scraper::Selector::parse("table tbody tr").unwrap();
    // 4 members, then the room's lines.
    assert!(page.select(&rows).count() > 4);
    assert!(html.contains("<td class=\"n amber\">60 amber</td>"));
    assert!(html.contains("<desc>Ben Holt 9, Ada Stone 5, Cy Dunn 1, Di Ray 0</desc>"));

    let markdown = chapter(&dir, &["q2.xls", "-O", "markdown"]);
    assert!(markdown.starts_with("## Harbor City · 2026-04-01 to 2026-09-08\n\n| Member |"));
    assert!(markdown.contains("\n- Di Ray received no referral in 23 weeks.\n"));

    chapter(&dir, &["q2.xls", "-o", "chapter.xlsx"]);
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(dir.path().join("chapter.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["members", "room"]);
    let members = book.worksheet_range("members").unwrap();
    assert_eq!(members.height(), 5);

    // The room, appended period after period to a history: the same period again replaces
    // its record rather than adding a second.
    chapter(&dir, &["q2.xls", "--room", "-o", "room.csv", "--append"]);
    let again =
        run(&mut dir.netaudit(&["chapter", "q2.xls", "--room", "-o", "room.csv", "--append"]));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stderr,
        "netaudit: room.csv already held 1 row of 2026-04-01 to 2026-09-08; replaced it with \
         these\n"
    );
    let history = std::fs::read_to_string(dir.path().join("room.csv")).unwrap();
    assert_eq!(history.lines().count(), 2);
    assert!(
        history
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-04-01,2026-09-08,Harbor City,4,50,")
    );
}

/// Whether `text` holds a control character (but a line end or tab) or a text-direction
/// mark, embedding, override or isolate.
fn holds_hostile(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
    })
}

#[test]
fn hostile_member_and_chapter_names_are_shown_escaped_in_every_format() {
    let dir = Workdir::new();
    let mut members = quarter();
    // A name that would retitle the terminal, and one that would reverse what follows it.
    members[0].0 = "Ada&#x1B;]0;PWNED&#x7;";
    members[1].1 = "Holt\u{202e}txt.exe";
    let summary = palms(Some(("2026-04-01", "2026-09-08")), &members)
        .replace("Harbor City<", "Harbor&#x1B;[2J City<");
    dir.write("q2.xls", &summary);
    dir.write(
        "slips.csv",
        "date,from,to,type,amount\n2026-05-01,\"Ben Holt\u{202e}txt.exe\",\"Ada\u{1b}]0;PWNED\u{7} Stone\",referral,\n",
    );
    for format in ["table", "csv", "json", "markdown", "html"] {
        for room in [false, true] {
            let mut args = vec!["q2.xls", "--slips", "slips.csv", "-O", format];
            if room {
                args.push("--room");
            }
            let out = chapter(&dir, &args);
            assert!(!holds_hostile(&out), "{format}: {out:?}");
            let shown = if room { "Harbor" } else { "PWNED" };
            assert!(out.contains(shown), "{format}: the name is shown: {out}");
        }
    }
    let csv = chapter(&dir, &["q2.xls", "--slips", "slips.csv", "-O", "csv"]);
    assert!(
        csv.contains("Ada\\u{1b}]0;PWNED\\u{7} Stone,"),
        "escaped as messages are: {csv}"
    );
    assert!(csv.contains("Ben Holt\\u{202e}txt.exe,"), "{csv}");
    let room = chapter(
        &dir,
        &["q2.xls", "--slips", "slips.csv", "--room", "-O", "csv"],
    );
    assert!(room.contains(",Harbor\\u{1b}[2J City,"), "{room}");
    // The slip names the same members, so the pair is one the room has.
    let connected: Vec<&str> = room.lines().nth(1).unwrap().rsplit(',').collect();
    assert_eq!(connected[1], "1", "{room}");

    chapter(&dir, &["q2.xls", "-o", "chapter.xlsx"]);
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(dir.path().join("chapter.xlsx")).unwrap();
    for sheet in ["members", "room"] {
        let range = book.worksheet_range(sheet).unwrap();
        for cell in range.used_cells() {
            assert!(!holds_hostile(&cell.2.to_string()), "{sheet}: {:?}", cell.2);
        }
    }

    // Imported, the member's name goes into the row's id the same way.
    dir.write("netaudit.toml", "");
    let imported = crate::common::run(&mut dir.netaudit(&[
        "import",
        "palms",
        "q2.xls",
        "--member",
        "Ben Holt\u{202e}txt.exe",
        "--group",
        "Harbor City BNI",
        "--file",
        "log.csv",
        "--to",
        "2026-11-01",
    ]));
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert!(!holds_hostile(&log), "{log:?}");
    assert!(log.contains("palms:ben holt\\u{202e}txt.exe:"), "{log}");
}

#[test]
fn the_output_never_replaces_a_summary_or_slips() {
    let dir = Workdir::new();
    let summary = palms(Some(("2026-04-01", "2026-09-08")), &quarter());
    dir.write("q2.xls", &summary);
    dir.write("slips.csv", "date,from,to,type,amount\n");
    chapter_fails(
        &dir,
        &["q2.xls", "--slips", "slips.csv", "-o", "slips.csv"],
        &["slips.csv is this chapter report's input"],
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("slips.csv")).unwrap(),
        "date,from,to,type,amount\n"
    );
}

#[test]
fn a_hostile_name_reaches_the_terminal_escaped() {
    let dir = Workdir::new();
    dir.write(
        "q2.xls",
        palms(
            Some(("2026-04-01", "2026-09-08")),
            &[(
                "Eve\u{1b}[2J",
                "\u{202e}Mallory",
                [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            )],
        ),
    );
    let table = chapter(&dir, &["q2.xls"]);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{202e}'),
        "{table}"
    );
    assert!(table.contains("Eve\\u{1b}[2J \\u{202e}Mallory"), "{table}");
}

#[test]
fn the_sample_chapter() {
    let sample = sample_data();
    let file = |name: &str| sample.join(name).to_str().unwrap().to_string();
    let (q2, q3, slips) = (
        file("chapter-2026-q2.xls"),
        file("chapter-2026-q3.xls"),
        file("chapter-slips.csv"),
    );
    let out = chapter(&Workdir::new(), &[&q2, &q3, "--slips", &slips]);
    assert!(out.contains(
        "A member here received 1.3 referrals a month on average; 3 of 16 received none in 6 \
         months; 60% of referrals went to 4 members."
    ));
}

#[test]
fn a_report_saved_again_as_excel_97_with_its_merged_labels_reads_the_same() {
    // The sample report (BNI's SpreadsheetML), written again as a BIFF workbook whose
    // preamble labels are merged cells, as Excel saves them: a merged cell's value is in
    // its first cell, the rest empty.
    let dir = Workdir::new();
    let xml = sample_data().join("palms-2026-10.xls");
    let biff = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/netaudit/fixtures/palms-merged-excel97.xls");
    let read = |path: &std::path::Path| chapter(&dir, &[path.to_str().unwrap(), "-O", "json"]);
    let (from_xml, from_biff) = (read(&xml), read(&biff));
    assert!(
        from_xml.contains("\"chapter\": \"Harbor City\""),
        "{from_xml}"
    );
    assert!(from_xml.contains("\"from\": \"2026-10-01\""), "{from_xml}");
    assert_eq!(from_biff, from_xml);
}
