//! `netaudit import slips`: one member's slips from BNI Connect's Slips Audit Report, laid
//! out as BNI Connect writes it (SpreadsheetML under a .xls name, CR line ends, a title
//! and a header above each week), and from an export of one period without titles.

use crate::common::{HEADER, Workdir, fails_with, palms, run};

const CONFIG: &str = "[groups.\"Harbor City BNI\"]\none_to_one_hours = 1.5\n";

/// The report's header row, as BNI Connect names its columns.
const COLUMNS: [&str; 7] = [
    "From",
    "To",
    "Slip Type",
    "Inside/Outside",
    "TYFCB Amount",
    "CEU Credits",
    "Detail",
];

/// A Slips Audit Report of `weeks`, each a title's date (as the report writes it) and its
/// slips, in SpreadsheetML as BNI Connect exports it.
fn report(weeks: &[(&str, &[[&str; 7]])]) -> String {
    let text = |value: &str| format!("<Cell><Data ss:Type=\"String\">{value}</Data></Cell>");
    let row = |cells: &[&str]| {
        let cells: String = cells.iter().map(|cell| text(cell)).collect();
        format!("<Row>{cells}</Row>\r")
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r<Workbook \
         xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\r\
         <Worksheet ss:Name=\"Slips Audit\"><Table>\r",
    );
    for (title, slips) in weeks {
        xml += &row(&[&format!("Slips Audit Report for {title}")]);
        xml += &row(&COLUMNS);
        for slip in *slips {
            xml += &row(slip);
        }
    }
    xml + "</Table></Worksheet></Workbook>\r"
}

/// Two weeks of a chapter's slips: Dana Reyes (written with two spaces, as BNI Connect
/// may) receives referrals inside and outside the chapter, gives one, meets one to one,
/// is thanked for business, and earns a CEU; others' slips pass her by.
fn two_weeks() -> String {
    report(&[
        (
            "10/14/2026",
            &[
                [
                    "Ben  Holt",
                    "Dana  Reyes",
                    "Referral",
                    "Tier 1 (inside)",
                    "",
                    "",
                    "",
                ],
                ["Dana Reyes", "Cy Dunn", "One-to-One", "", "", "", ""],
                ["", "Dana Reyes", "TYFCB", "", "1200.00", "", ""],
                ["Dana Reyes", "", "CEU", "", "", "1", ""],
                [
                    "Omar Aziz",
                    "Dana Reyes",
                    "Referral",
                    "Tier 2 (outside)",
                    "",
                    "",
                    "BNI Energy, Deira Dubai, United Arab Emirates",
                ],
                [
                    "Ben Holt",
                    "Cy Dunn",
                    "Referral",
                    "Tier 1 (inside)",
                    "",
                    "",
                    "",
                ],
            ],
        ),
        (
            "10/21/2026",
            &[
                [
                    "Ben Holt",
                    "Dana Reyes",
                    "Referral",
                    "Tier 1 (inside)",
                    "",
                    "",
                    "",
                ],
                [
                    "Ben Holt",
                    "Dana Reyes",
                    "Referral",
                    "Tier 1 (inside)",
                    "",
                    "",
                    "",
                ],
                [
                    "Dana Reyes",
                    "Ben Holt",
                    "Referral",
                    "Tier 1 (inside)",
                    "",
                    "",
                    "",
                ],
            ],
        ),
    ])
}

fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write("netaudit.toml", CONFIG);
    dir.write(
        "log.csv",
        format!("{HEADER}\n2026-10-07,Harbor City BNI,1,1.5,,,,,,,\n"),
    );
    dir
}

/// `netaudit import slips FILE --member "Dana Reyes" …` into log.csv, with `extra`.
fn slips(dir: &Workdir, file: &str, extra: &[&str]) -> crate::common::Output {
    let mut args = vec![
        "import",
        "slips",
        file,
        "--member",
        "dana reyes",
        "--group",
        "Harbor City BNI",
        "--file",
        "log.csv",
    ];
    if !extra.contains(&"--to") {
        args.extend_from_slice(&["--to", "2026-11-01"]);
    }
    args.extend_from_slice(extra);
    run(&mut dir.netaudit(&args))
}

fn log(dir: &Workdir) -> String {
    std::fs::read_to_string(dir.path().join("log.csv")).expect("log")
}

#[test]
fn a_report_of_weeks_gives_a_row_per_slip_dated_by_its_week() {
    let dir = setup();
    dir.write("slips.xls", two_weeks());
    let output = slips(&dir, "slips.xls", &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let rows: Vec<String> = log(&dir).lines().map(str::to_string).collect();
    assert_eq!(rows[0], format!("{HEADER},source,contact"));
    assert_eq!(rows[1], "2026-10-07,Harbor City BNI,1,1.5,,,,,,,,,");
    // Without the ids, which are stable hashes of each slip's fields and week.
    let shown: Vec<String> = (rows[2..].iter())
        .map(|row| {
            let (head, contact) = row.rsplit_once(',').expect("contact");
            let (head, id) = head.rsplit_once(',').expect("source");
            assert!(
                id.starts_with("slips:dana reyes:2026-10-"),
                "an id of the member's week: {id}"
            );
            format!("{head},{contact}")
        })
        .collect();
    assert_eq!(
        shown,
        [
            "2026-10-14,Harbor City BNI,,,,1,,,,,,Ben Holt",
            "2026-10-14,Harbor City BNI,,1.5,,,,,,,,Cy Dunn",
            "2026-10-14,Harbor City BNI,,,,1,,,,,\"outside: BNI Energy, Deira Dubai, United Arab Emirates\",Omar Aziz",
            "2026-10-21,Harbor City BNI,,,,1,,,,,,Ben Holt",
            "2026-10-21,Harbor City BNI,,,,1,,,,,,Ben Holt",
            "2026-10-21,Harbor City BNI,,,,,,,1,,,Ben Holt",
        ]
    );
    // Two slips alike in one week are two rows, told apart by their ids.
    assert_ne!(rows[5], rows[6]);
    for needle in [
        "6 added, 0 already in the log",
        "left out: 1 CEU slip (no figure of the log holds them), 1 slip that does not name you",
        "1 TYFCB slip to you, worth 1200.00 in the report's currency: business others closed \
         from referrals you gave",
    ] {
        assert!(
            output.stderr.contains(needle),
            "{needle}: {}",
            output.stderr
        );
    }
    // The same report again, and a later export holding those weeks: nothing new.
    let again = slips(&dir, "slips.xls", &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("0 added, 6 already in the log"),
        "{}",
        again.stderr
    );
    assert_eq!(log(&dir).lines().count(), 8);
    // The leads are Dana's, each from its giver.
    let partners = run(&mut dir.netaudit(&[
        "partners",
        "log.csv",
        "-O",
        "csv",
        "--today",
        "2026-11-01",
        "--month",
        "2026-10",
    ]));
    assert_eq!(partners.code, 0, "{}", partners.stderr);
    let ben = (partners.stdout.lines())
        .find(|line| line.contains(",Ben Holt,"))
        .expect("Ben Holt's line");
    assert!(
        ben.starts_with("2026-10,Harbor City BNI,Ben Holt,3,0,"),
        "{ben}"
    );
}

#[test]
fn an_export_of_one_period_without_titles_takes_its_period_from_from_and_to() {
    let dir = setup();
    let export = format!(
        "{}\nBen Holt,Dana Reyes,Referral,Tier 1 (inside),,,\nCy Dunn,Dana Reyes,One-to-One,,,,\n",
        COLUMNS.join(",")
    );
    dir.write("october.csv", &export);
    let period = ["--from", "2026-10-01", "--to", "2026-10-31"];
    let output = slips(&dir, "october.csv", &period[..]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let text = log(&dir);
    let added: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(added.len(), 2, "{text}");
    for row in &added {
        assert!(
            row.starts_with("2026-10-31,Harbor City BNI,")
                && row.contains(",slips:dana reyes:2026-10-01..2026-10-31:"),
            "dated at the period's end, with its period in its id: {row}"
        );
    }
    let again = slips(&dir, "october.csv", &period[..]);
    assert!(
        again.stderr.contains("0 added, 2 already in the log"),
        "{}",
        again.stderr
    );
    // Without the period, nothing dates the slips.
    let dir = setup();
    dir.write("october.csv", &export);
    let output = slips(&dir, "october.csv", &[]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "october.csv:2: no title above this slip dates its week (\"Slips Audit Report for \
             …\"); an export of one period without titles needs the period: give --from and --to"
        ),
        "{}",
        output.stderr
    );
    assert_eq!(log(&dir).lines().count(), 2, "nothing written");
}

#[test]
fn slips_and_a_palms_report_of_the_same_weeks_are_refused_naming_the_first() {
    // P A L M S RGI RGO RRI RRO V 1-2-1 TYFCB CEU
    let october = palms(
        Some(("2026-10-01", "2026-10-31")),
        &[("Dana", "Reyes", [3, 0, 1, 0, 0, 2, 1, 1, 2, 1, 2, 0, 0])],
    );
    let import_palms = |dir: &Workdir| {
        run(&mut dir.netaudit(&[
            "import",
            "palms",
            "october.xls",
            "--member",
            "Dana Reyes",
            "--group",
            "Harbor City BNI",
            "--file",
            "log.csv",
            "--to",
            "2026-11-01",
        ]))
    };
    // The slips first: the PALMS summary of their month is refused.
    let dir = setup();
    dir.write("slips.xls", two_weeks());
    dir.write("october.xls", &october);
    assert_eq!(slips(&dir, "slips.xls", &[]).code, 0);
    let before = log(&dir);
    let refused = import_palms(&dir);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "the log holds slips of 2026-10-14 for \"Harbor City BNI\", and the PALMS period \
             2026-10-01 to 2026-10-31 would count the same referrals and one-to-ones again"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(log(&dir), before, "nothing written");
    // The PALMS summary first: the slips of its weeks are refused.
    let dir = setup();
    dir.write("slips.xls", two_weeks());
    dir.write("october.xls", &october);
    assert_eq!(import_palms(&dir).code, 0);
    let before = log(&dir);
    let refused = slips(&dir, "slips.xls", &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "the log holds the PALMS period 2026-10-01 to 2026-10-31 for \"Harbor City BNI\", \
             and slips of 2026-10-14 would count"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(log(&dir), before, "nothing written");
    // Slips of another month do not overlap it. The title 11/01/2026 reads two ways; the
    // report's other title, 11/25/2026, says its dates are month first (its slips are
    // after --to, and left out).
    let referral = [
        "Ben Holt",
        "Dana Reyes",
        "Referral",
        "Tier 1 (inside)",
        "",
        "",
        "",
    ];
    dir.write(
        "november.xls",
        report(&[("11/01/2026", &[referral]), ("11/25/2026", &[referral])]),
    );
    let output = slips(&dir, "november.xls", &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(output.stderr.contains("1 added"), "{}", output.stderr);
    assert!(
        log(&dir).contains("\n2026-11-01,Harbor City BNI,,,,1,"),
        "{}",
        log(&dir)
    );
}

#[test]
fn a_report_that_does_not_name_the_member_or_names_them_badly_is_refused() {
    let dir = setup();
    dir.write("slips.xls", two_weeks());
    fails_with(
        &mut dir.netaudit(&[
            "import",
            "slips",
            "slips.xls",
            "--member",
            "Dana Ryes",
            "--group",
            "Harbor City BNI",
            "--file",
            "log.csv",
            "--to",
            "2026-11-01",
        ]),
        &["slips.xls: no slip names \"Dana Ryes\" as From or To"],
    );
    fails_with(
        &mut dir.netaudit(&[
            "import",
            "slips",
            "slips.xls",
            "--group",
            "Harbor City BNI",
            "--file",
            "log.csv",
        ]),
        &["say which are yours with --member \"First Last\""],
    );
    // A name a log could not hold back: longer than any name it reads. (A control or
    // text-direction character never arrives: every file's cells come escaped.)
    let long = "B".repeat(101);
    dir.write(
        "long.csv",
        format!("{}\n{long},Dana Reyes,Referral,,,,\n", COLUMNS.join(",")),
    );
    let output = slips(
        &dir,
        "long.csv",
        &["--from", "2026-10-01", "--to", "2026-10-31"],
    );
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "long.csv:2: got \"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\"… (101 bytes), expected \
             a name of at most 100 characters"
        ),
        "{}",
        output.stderr
    );
    assert_eq!(log(&dir).lines().count(), 2, "nothing written");
}
