//! `netaudit import hubspot|pipedrive`: a CRM's deals, each a lead from the day it was
//! created and a deal (or a lead lost) from the day it ended, credited by the client as
//! the books are, else by the groups' patterns on where the deal came from; and revenue
//! counted once where the log, the books and the CRM all hold some (`revenue_from`).

use crate::common::{Workdir, fails_with, run};

/// Chamber takes its revenue from the CRM; Harbor City BNI from the books (the default).
const CONFIG: &str = r#"log = "log.csv"
currency = "EUR"

[currencies]
USD = 0.9

[groups."Harbor City BNI"]
match = ["BNI Harbor*"]

[groups."Chamber"]
revenue_from = "crm"

[clients."Acme Kitchens"]
group = "Harbor City BNI"
aliases = ["ACME Kitchens Ltd"]

[import.hubspot]
source = ["Networking group"]
contact = "Referred by"
"#;

/// A lead of Birch Dental typed by hand, from Lee Wong at the Chamber.
const LOG: &str = "\
date,group,meetings,hours,leads,deals,revenue,contact,client
2026-01-08,Chamber,1,2,1,,,Lee Wong,Birch Dental
2026-02-05,Harbor City BNI,1,1.5,,,,,
";

const HUBSPOT_HEADER: &str = "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,\
Create Date,Deal owner,Associated Company,Networking group,Referred by\n";

/// March's export: a deal the config places (its company spelt otherwise), open; one won
/// whose client the log's lead places, in dollars; one lost that only its source places;
/// one open that nothing places.
const MARCH: &str = "\
101,Acme kitchen refit,Appointment Scheduled,Sales Pipeline,4000,2026-04-30,2026-03-02 10:15,Sam Ortiz,ACME Kitchens Ltd,,Dana Price
102,Birch Dental site,Closed Won,Sales Pipeline,2500,2026-03-20,2026-01-10 09:00,Sam Ortiz,Birch Dental,,
103,Cole Law retainer,Closed Lost,Sales Pipeline,900,2026-03-15,2026-02-11 12:00,Sam Ortiz,Cole Law,BNI Harbor City,Nina Hart
104,Zenith audit,Qualified To Buy,Sales Pipeline,700,,2026-03-05,Sam Ortiz,Zenith Ltd,,
";

/// April's: Acme's deal won since, Birch Dental's raised.
const APRIL: &str = "\
101,Acme kitchen refit,Closed Won,Sales Pipeline,4200,2026-04-12,2026-03-02 10:15,Sam Ortiz,ACME Kitchens Ltd,,Dana Price
102,Birch Dental site,Closed Won,Sales Pipeline,2800,2026-03-20,2026-01-10 09:00,Sam Ortiz,Birch Dental,,
";

fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write("netaudit.toml", CONFIG);
    dir.write("log.csv", LOG);
    dir.write("march.csv", format!("{HUBSPOT_HEADER}{MARCH}"));
    dir.write("april.csv", format!("{HUBSPOT_HEADER}{APRIL}"));
    dir
}

fn import(dir: &Workdir, args: &[&str]) -> crate::common::Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run(&mut dir.netaudit(&all))
}

fn log(dir: &Workdir) -> String {
    std::fs::read_to_string(dir.path().join("log.csv")).expect("log")
}

#[test]
fn a_deal_is_a_lead_then_a_deal_or_a_lost_lead_credited_by_its_client_or_its_source() {
    let dir = setup();
    let march = import(
        &dir,
        &[
            "hubspot",
            "march.csv",
            "--to",
            "2026-03-31",
            "--show-unmatched",
        ],
    );
    assert_eq!(march.code, 0, "{}", march.stderr);
    assert_eq!(
        log(&dir),
        "\
date,group,meetings,hours,leads,deals,revenue,contact,client,source,lost
2026-01-08,Chamber,1,2,1,,,Lee Wong,Birch Dental,,
2026-02-05,Harbor City BNI,1,1.5,,,,,,,
2026-03-02,Harbor City BNI,,,1,,,Dana Price,Acme Kitchens,hubspot:101#lead,
2026-03-20,Chamber,,,,1,2500,Lee Wong,Birch Dental,hubspot:102#won@250000,
2026-02-11,Harbor City BNI,,,1,,,Nina Hart,Cole Law,hubspot:103#lead,
2026-03-15,Harbor City BNI,,,,,,Nina Hart,Cole Law,hubspot:103#lost,1
"
    );
    for needle in [
        "1 deal item of clients no [clients] entry, lead in the log or group's `match` pattern \
         credits to a group:\n  2026-03-05 \"Zenith audit\" (\"Zenith Ltd\")",
        "log.csv: 4 added, 0 already in the log, 1 unmatched",
        "left out: 1 lead or deal the log already holds from outside the CRM",
    ] {
        assert!(march.stderr.contains(needle), "{needle}:\n{}", march.stderr);
    }
    // April: Acme's deal is won (a deal, no revenue: Harbor City BNI's comes from the
    // books), and Birch Dental's 300 more (Chamber's revenue is the CRM's).
    let april = import(&dir, &["hubspot", "april.csv", "--to", "2026-04-30"]);
    assert_eq!(april.code, 0, "{}", april.stderr);
    assert!(
        log(&dir).ends_with(
            "\
2026-04-12,Harbor City BNI,,,,1,,Dana Price,Acme Kitchens,hubspot:101#won@0,
2026-03-20,Chamber,,,,,300,Lee Wong,Birch Dental,hubspot:102#won@280000~2,
"
        ),
        "{}",
        log(&dir)
    );
    assert!(
        april.stderr.contains(
            "1 won deal added without its value as revenue: revenue_from says its group's \
             revenue comes from the books or the log, not the CRM"
        ),
        "{}",
        april.stderr
    );
    assert!(
        april.stderr.contains("2 added, 1 already in the log"),
        "{}",
        april.stderr
    );
    let again = import(&dir, &["hubspot", "april.csv", "--to", "2026-04-30"]);
    assert!(
        again.stderr.contains("0 added, 3 already in the log"),
        "{}",
        again.stderr
    );
    // The pipeline: Acme's lead became a deal in 41 days, Cole Law's was lost.
    let leads = run(&mut dir.netaudit(&["leads", "--all", "-O", "csv", "--today", "2026-05-01"]));
    assert_eq!(leads.code, 0, "{}", leads.stderr);
    for line in [
        "2026-03-02,Harbor City BNI,Acme Kitchens,Dana Price,1,60,closed,2026-04-12,19,,2026-04-12,41",
        "2026-02-11,Harbor City BNI,Cole Law,Nina Hart,1,79,lost,2026-03-15,47,,2026-03-15,",
    ] {
        assert!(leads.stdout.contains(line), "{line}:\n{}", leads.stdout);
    }
}

#[test]
fn pipedrive_deals_by_their_status_in_another_currency_at_the_user_s_rate() {
    let dir = setup();
    dir.write(
        "deals.csv",
        "\
Deal - ID,Deal - Title,Deal - Value,Deal - Currency of value,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization,Deal - Contact person,Deal - Source channel,Deal - Label
7,Fit-out,\"1,500.00\",USD,won,2026-02-03 09:00:00,2026-03-10 16:00:00,,Delta Builders,Ann Lee,Chamber mixer,
8,Audit,800,EUR,open,2026-03-01 09:00:00,,,,Erik Berg,BNI Harbor City,
9,Old,100,EUR,deleted,2026-03-01 09:00:00,,,Foxtrot,,,
",
    );
    let output = import(
        &dir,
        &[
            "pipedrive",
            "deals.csv",
            "--to",
            "2026-03-31",
            "--group",
            "Chamber",
        ],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    // The won deal in dollars, as the CRM gives it: the report converts it at 0.9.
    assert!(
        log(&dir).ends_with(
            "\
2026-02-03,Chamber,,,1,,,,Delta Builders,pipedrive:7#lead
2026-03-10,Chamber,,,,1,1500 USD,,Delta Builders,pipedrive:7#won@150000
2026-03-01,Chamber,,,1,,,,Erik Berg,pipedrive:8#lead
"
        ),
        "{}",
        log(&dir)
    );
    assert!(
        output.stderr.contains("left out: 1 deleted deal"),
        "{}",
        output.stderr
    );
    let report = run(&mut dir.netaudit(&["report", "-O", "csv", "--today", "2026-04-01"]));
    assert!(
        report
            .stdout
            .contains("2026-03,Chamber,1,2.00,0.00,3,1,1350.00,"),
        "{}",
        report.stdout
    );
    // A currency without a rate is refused at its cell, naming both currencies.
    dir.write(
        "pounds.csv",
        "Deal - ID,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Value,Deal - Currency of value,Deal - Organization\n\
         5,won,2026-03-01,2026-03-02,100,GBP,Golf Ltd\n",
    );
    fails_with(
        &mut dir.netaudit(&["import", "pipedrive", "pounds.csv", "--group", "Chamber"]),
        &[
            "pounds.csv:2: column \"Deal - Currency of value\": got \"GBP\"",
            "the log's currency (currency = \"EUR\"), not in £ (GBP)",
        ],
    );
    dir.write(
        "odd.csv",
        "Deal - ID,Deal - Status,Deal - Deal created\n5,pending,2026-03-01\n",
    );
    fails_with(
        &mut dir.netaudit(&["import", "pipedrive", "odd.csv", "--group", "Chamber"]),
        &[
            "odd.csv:2: column \"Deal - Status\": got \"pending\", expected open, won, lost or deleted",
        ],
    );
    assert!(!log(&dir).contains("Golf"), "a refused import adds nothing");
}

#[test]
fn a_column_the_config_names_must_be_in_the_export_and_its_keys_are_checked() {
    let dir = setup();
    dir.write(
        "bare.csv",
        "Record ID,Deal Stage,Create Date\n1,Closed Won,2026-03-01\n",
    );
    fails_with(
        &mut dir.netaudit(&["import", "hubspot", "bare.csv"]),
        &[
            "bare.csv:1: the header has no column \"Networking group\", which [import.hubspot] names",
        ],
    );
    dir.write("netaudit.toml", "[import.pipedrive]\nwon = [\"Won\"]\n");
    fails_with(
        &mut dir.netaudit(&["report"]),
        &["netaudit.toml:2:1: unknown key `import.pipedrive.won`"],
    );
    dir.write("netaudit.toml", "revenue_from = \"bank\"\n");
    fails_with(
        &mut dir.netaudit(&["report"]),
        &[
            "netaudit.toml:1:16: key `revenue_from`: expected \"books\", \"crm\" or \"log\", got \"bank\"",
        ],
    );
}

/// Revenue of Acme Kitchens typed by hand in March, which the books hold too, and a
/// payment typed by hand that no invoice holds.
const TYPED_AND_INVOICED: &str = "\
date,group,meetings,hours,leads,deals,revenue,contact,client,source
2026-01-05,Harbor City BNI,1,1.5,1,1,,Dana Price,Acme Kitchens,
2026-03-28,Harbor City BNI,,,,,1000,,Acme Kitchens,
2026-03-30,Harbor City BNI,,,,,80,,Birch Dental,
2026-03-06,Harbor City BNI,,,,,1190,Dana Price,Acme Kitchens,invoice:R-1@119000
";

#[test]
fn revenue_typed_by_hand_and_invoiced_too_counts_once_as_revenue_from_says() {
    let dir = setup();
    dir.write("log.csv", TYPED_AND_INVOICED);
    let report =
        |dir: &Workdir| run(&mut dir.netaudit(&["report", "-O", "csv", "--today", "2026-04-01"]));
    let books = report(&dir);
    assert_eq!(books.code, 0, "{}", books.stderr);
    // The books' 1190 and the 80 no invoice holds; not the 1000 typed for Acme.
    assert!(
        books
            .stdout
            .contains("2026-03,Harbor City BNI,1,1.50,0.00,1,1,1270.00,"),
        "{}",
        books.stdout
    );
    assert!(
        books.stderr.contains(
            "1000.00 of the log's revenue left out, in 1 month of a client: another kind of revenue \
             counts for the same client and month (revenue_from); netaudit check lists them"
        ),
        "{}",
        books.stderr
    );
    let check = run(&mut dir.netaudit(&["check"]));
    assert!(
        check.stdout.contains(
            "warning: \"Harbor City BNI\" 2026-03, \"Acme Kitchens\": 1000.00 of revenue typed in \
             the log is not counted; the 1190.00 from the books counts for the same client and \
             month (revenue_from)"
        ),
        "{}",
        check.stdout
    );
    // Dana's share is the invoice's, not both.
    let partners = run(&mut dir.netaudit(&["partners", "-O", "csv", "--today", "2026-04-01"]));
    assert!(
        partners
            .stdout
            .contains("Harbor City BNI,Dana Price,1,1,1190.00,"),
        "{}",
        partners.stdout
    );
    // The user keeps revenue by hand for this group: the invoice is set aside instead.
    dir.write(
        "netaudit.toml",
        CONFIG.replace(
            "[groups.\"Chamber\"]",
            "revenue_from = \"log\"\n\n[groups.\"Chamber\"]",
        ),
    );
    let by_hand = report(&dir);
    assert!(
        by_hand
            .stdout
            .contains("2026-03,Harbor City BNI,1,1.50,0.00,1,1,1080.00,"),
        "{}",
        by_hand.stdout
    );
    assert!(
        by_hand
            .stderr
            .contains("1190.00 of the log's revenue left out"),
        "{}",
        by_hand.stderr
    );
}

#[test]
fn a_deal_typed_by_hand_that_month_is_the_crm_s_won_deal_not_a_second() {
    let dir = setup();
    dir.write(
        "log.csv",
        format!("{LOG}2026-04-14,Harbor City BNI,,,,1,4200,Dana Price,Acme Kitchens\n"),
    );
    let output = import(&dir, &["hubspot", "april.csv", "--to", "2026-04-30"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let log = log(&dir);
    assert!(!log.contains("hubspot:101#won"), "{log}");
    // Acme's lead is the CRM's: the log holds none of Acme's from outside it.
    assert!(log.contains("hubspot:101#lead"), "{log}");
    assert!(
        output
            .stderr
            .contains("left out: 2 leads or deals the log already holds from outside the CRM"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_crm_s_moments_in_the_user_s_form_are_read_as_their_days() {
    let dir = setup();
    dir.write("netaudit.toml", "log = \"log.csv\"\n");
    dir.write(
        "deals.csv",
        "Record ID,Deal Stage,Create Date,Close Date,Associated Company\n\
         1,Closed Lost,03/02/2026 10:15 AM,13/03/2026 16:40,Acme Kitchens\n",
    );
    let output = import(
        &dir,
        &[
            "hubspot",
            "deals.csv",
            "--group",
            "Chamber",
            "--to",
            "2026-03-31",
        ],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    // 13/03 settles the file's order: day first.
    assert!(
        log(&dir).ends_with(
            "2026-02-03,Chamber,,,1,,,,Acme Kitchens,hubspot:1#lead,\n\
             2026-03-13,Chamber,,,,,,,Acme Kitchens,hubspot:1#lost,1\n"
        ),
        "{}",
        log(&dir)
    );
}
