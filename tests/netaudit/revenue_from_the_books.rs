//! `netaudit import invoices`: any invoices file, its columns named in the config, each
//! invoice credited to the group (and contact) that brought its client, by `[clients]`
//! or the log's first lead; never guessed.

use crate::common::{Workdir, fails_with, run};

/// A German accountant's setup: semicolons, decimal commas, euros, and an invoicing tool
/// whose export names its columns in German.
const CONFIG: &str = r#"log = "log.csv"
locale = "de"
currency = "EUR"

[currencies]
USD = 0.92

[groups."Harbor City BNI"]
[groups."Chamber"]

[clients."Acme Kitchens"]
contact = "Dana Price"
aliases = ["ACME Kitchens GmbH"]

[clients."Cole Law"]
group = "Chamber"

[import.invoices]
date = "Rechnungsdatum"
client = "Kunde"
amount = "Brutto"
id = "Rechnungsnr."
currency = "Währung"
status = "Status"
"#;

/// Leads from two contacts of Harbor City BNI, for Acme Kitchens and Birch Dental.
const LOG: &str = "\
date;group;meetings;hours;cost;leads;deals;revenue;referrals_given;other_value;note;contact;client
2026-01-05;Harbor City BNI;1;1,5;;1;;;;;;Dana Price;Acme Kitchens
2026-02-05;Harbor City BNI;1;1,5;;1;;;;;;Lee Wong;Birch Dental
";

/// An invoice of three lines (one invoice, summed), a credit note, a customer spelt
/// otherwise than the lead, one the config places, one in dollars, a draft, a voided
/// invoice, a total row, and a customer no one brought.
const INVOICES: &str = "\
Rechnungsnr.;Rechnungsdatum;Kunde;Brutto;Währung;Status
R-1;03.02.2026;ACME Kitchens GmbH;1.000,00;EUR;bezahlt
R-1;03.02.2026;ACME Kitchens GmbH;190,00;EUR;bezahlt
R-1;03.02.2026;ACME Kitchens GmbH;50,00;;bezahlt
R-2;10.03.2026;birch dental;595,00;EUR;offen
R-3;12.03.2026;Zenith AG;2.000,00;EUR;bezahlt
R-4;15.03.2026;Acme Kitchens;-119,00;EUR;bezahlt
R-5;16.03.2026;Cole Law;400,00;USD;bezahlt
R-6;17.03.2026;Acme Kitchens;100,00;EUR;Entwurf
R-7;18.03.2026;Acme Kitchens;100,00;EUR;storniert
;;Summe;3.816,00;;
";

fn setup() -> Workdir {
    let dir = Workdir::new();
    dir.write("netaudit.toml", CONFIG);
    dir.write("log.csv", LOG);
    dir.write("rechnungen.csv", INVOICES);
    dir
}

fn import(dir: &Workdir, extra: &[&str]) -> crate::common::Output {
    let mut args = vec!["import", "invoices", "rechnungen.csv", "--to", "2026-11-01"];
    args.extend_from_slice(extra);
    run(&mut dir.netaudit(&args))
}

fn log(dir: &Workdir) -> String {
    std::fs::read_to_string(dir.path().join("log.csv")).expect("log")
}

#[test]
fn each_invoice_is_credited_to_the_group_and_contact_that_brought_its_client() {
    let dir = setup();
    let output = import(&dir, &["--show-unmatched"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        log(&dir),
        LOG.replace("client\n", "client;source\n")
            .replace("Acme Kitchens\n", "Acme Kitchens;\n")
            .replace("Birch Dental\n", "Birch Dental;\n")
            + "\
2026-02-03;Harbor City BNI;;;;;;1240;;;;Dana Price;Acme Kitchens;invoice:R-1@124000
2026-03-10;Harbor City BNI;;;;;;595;;;;Lee Wong;Birch Dental;invoice:R-2@59500
2026-03-15;Harbor City BNI;;;;;;-119;;;;Dana Price;Acme Kitchens;invoice:R-4@-11900
2026-03-16;Chamber;;;;;;400 USD;;;;;Cole Law;invoice:R-5@40000
"
    );
    for needle in [
        "1 invoice of clients no [clients] entry or lead in the log credits to a group:\n  \
         2026-03-12 \"Zenith AG\" 2000",
        "4 added, 0 already in the log, 1 unmatched",
        "left out: 1 line with no invoice number, 2 draft or voided invoices",
        "the 1 unmatched invoice holds 2000.00, credited to no group",
    ] {
        assert!(
            output.stderr.contains(needle),
            "{needle}:\n{}",
            output.stderr
        );
    }
    // The report credits Dana with Acme's revenue: her lead brought the client.
    let partners = run(&mut dir.netaudit(&["partners", "-O", "csv", "--today", "2026-11-01"]));
    assert_eq!(partners.code, 0, "{}", partners.stderr);
    assert!(
        partners
            .stdout
            .contains("2026-10;Harbor City BNI;Dana Price;1;0;1121,00;"),
        "{}",
        partners.stdout
    );
    // Again: nothing new.
    let again = import(&dir, &[]);
    assert!(
        again.stderr.contains("0 added, 4 already in the log"),
        "{}",
        again.stderr
    );
}

#[test]
fn an_invoice_exported_again_after_it_changed_adds_the_change() {
    let dir = setup();
    assert_eq!(import(&dir, &[]).code, 0);
    // Birch Dental's invoice was lowered, then raised.
    dir.write(
        "rechnungen.csv",
        INVOICES.replace("birch dental;595,00", "birch dental;500,00"),
    );
    let lowered = import(&dir, &[]);
    assert!(
        lowered.stderr.contains("1 added, 3 already in the log"),
        "{}",
        lowered.stderr
    );
    dir.write(
        "rechnungen.csv",
        INVOICES.replace("birch dental;595,00", "birch dental;650,00"),
    );
    let raised = import(&dir, &[]);
    assert!(
        raised.stderr.contains("1 added, 3 already in the log"),
        "{}",
        raised.stderr
    );
    let text = log(&dir);
    assert!(
        text.contains(
            "2026-03-10;Harbor City BNI;;;;;;-95;;;;Lee Wong;Birch Dental;invoice:R-2@50000~2\n"
        ) && text.contains(
            "2026-03-10;Harbor City BNI;;;;;;150;;;;Lee Wong;Birch Dental;invoice:R-2@65000~3\n"
        ),
        "{text}"
    );
    // As it stands now: nothing more.
    let again = import(&dir, &[]);
    assert!(
        again.stderr.contains("0 added, 4 already in the log"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_currency_without_a_rate_or_a_file_without_its_columns_is_refused_at_its_place() {
    let dir = setup();
    dir.write(
        "rechnungen.csv",
        INVOICES.replace("400,00;USD", "400,00;GBP"),
    );
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv", "--to", "2026-11-01"]),
        &[
            "rechnungen.csv:8: column \"Währung\": got \"GBP\", expected an amount in",
            "GBP",
        ],
    );
    assert_eq!(log(&dir), LOG, "nothing written");
    dir.write(
        "rechnungen.csv",
        INVOICES.replace("190,00;EUR", "190,00;USD"),
    );
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv", "--to", "2026-11-01"]),
        &["rechnungen.csv:3: invoice \"R-1\" is in another currency here than at rechnungen.csv:2"],
    );
    dir.write(
        "rechnungen.csv",
        "Nr;Datum;Kunde;Betrag\nR-1;03.02.2026;Acme;10\n",
    );
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv", "--to", "2026-11-01"]),
        &["no header row with the columns [import.invoices] names (\"Rechnungsdatum\""],
    );
    dir.write("netaudit.toml", "[import.invoices]\ndate = \"Datum\"\n");
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv", "--file", "log.csv"]),
        &["netaudit.toml:1:1: [import.invoices] needs `client`"],
    );
    dir.write(
        "netaudit.toml",
        "[clients.\"Acme\"]\ngroupe = \"Chamber\"\n",
    );
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv", "--file", "log.csv"]),
        &["unknown key `clients.\"Acme\".groupe`; did you mean `clients.\"Acme\".group`?"],
    );
    dir.write("netaudit.toml", "log = \"log.csv\"\n");
    fails_with(
        &mut dir.netaudit(&["import", "invoices", "rechnungen.csv"]),
        &["say where an invoices file keeps its fields: add [import.invoices]"],
    );
}

#[test]
fn revenue_beyond_the_repeat_business_months_is_lifetime_value() {
    let dir = setup();
    dir.write(
        "rechnungen.csv",
        "Rechnungsnr.;Rechnungsdatum;Kunde;Brutto;Währung;Status\n\
         R-1;03.06.2025;Acme Kitchens;1.000,00;;bezahlt\n\
         R-9;03.08.2026;Acme Kitchens;2.000,00;;bezahlt\n",
    );
    assert_eq!(import(&dir, &[]).code, 0);
    let partners = run(&mut dir.netaudit(&["partners", "-O", "csv", "--today", "2026-11-01"]));
    assert_eq!(partners.code, 0, "{}", partners.stderr);
    // The first invoice begins Acme's clock; fourteen months on, the second is lifetime
    // value, out of the score.
    let dana: Vec<&str> = (partners.stdout.lines())
        .find(|line| line.contains(";Dana Price;"))
        .expect("Dana's line")
        .split(';')
        .collect();
    assert_eq!((dana[5], dana[14]), ("0,00", "2000,00"), "{dana:?}");
}

/// Stripe's payments export, as the Dashboard writes it: a paid payment, one partly
/// refunded, a failed one, one in dollars that the export converts to the account's euros,
/// and one whose customer has no description, only an email.
fn stripe(refunded: &str) -> String {
    format!(
        "id,Description,Seller Message,Created (UTC),Amount,Amount Refunded,Currency,\
         Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,\
         Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured\n\
         ch_1,Kitchen plan,Payment complete.,2026-03-02 10:15:00,1200.00,0.00,eur,1200.00,0.00,\
         17.65,0,eur,Live,Paid,,cus_1,Acme Kitchens,ops@acme.example,true\n\
         ch_2,Checkup,Payment complete.,2026-03-09 11:00:00,500.00,{refunded},eur,500.00,\
         {refunded},7.50,0,eur,Live,Paid,,cus_2,Birch Dental,,true\n\
         ch_3,Retainer,Your card was declined.,2026-03-10 09:00:00,900.00,0.00,eur,,,0,0,,Live,\
         Failed,,cus_1,Acme Kitchens,ops@acme.example,false\n\
         ch_4,Advice,Payment complete.,2026-03-12 16:20:00,300.00,0.00,usd,276.00,0.00,\
         4.40,0,eur,Live,Paid,,cus_5,Cole Law,,true\n\
         ch_5,Extra,Payment complete.,2026-03-20 08:00:00,150.00,0.00,eur,150.00,0.00,\
         2.50,0,eur,Live,Paid,,cus_1,,ops@acme.example,true\n"
    )
}

#[test]
fn stripe_payments_count_less_their_refunds_and_a_later_refund_adds_itself() {
    let dir = setup();
    dir.write(
        "netaudit.toml",
        CONFIG.replace(
            "aliases = [\"ACME Kitchens GmbH\"]",
            "aliases = [\"ops@acme.example\"]",
        ),
    );
    dir.write("payments.csv", stripe("100.00"));
    let args = ["import", "stripe", "payments.csv", "--to", "2026-11-01"];
    let output = run(&mut dir.netaudit(&args));
    assert_eq!(output.code, 0, "{}", output.stderr);
    let added: Vec<String> = log(&dir).lines().skip(3).map(str::to_string).collect();
    assert_eq!(
        added,
        [
            "2026-03-02;Harbor City BNI;;;;;;1200;;;;Dana Price;Acme Kitchens;stripe:ch_1@120000",
            "2026-03-09;Harbor City BNI;;;;;;400;;;;Lee Wong;Birch Dental;stripe:ch_2@40000",
            "2026-03-12;Chamber;;;;;;276;;;;;Cole Law;stripe:ch_4@27600",
            "2026-03-20;Harbor City BNI;;;;;;150;;;;Dana Price;Acme Kitchens;stripe:ch_5@15000",
        ]
    );
    assert!(
        output
            .stderr
            .contains("left out: 1 payment not paid (failed, canceled)"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains(
            "1 payment counted at the export's Converted Amount, in your account's currency \
             (the rate your bank got), not at the amount charged"
        ),
        "{}",
        output.stderr
    );
    // The same payment refunded further in a later export: the further refund alone.
    dir.write("payments.csv", stripe("350.00"));
    let later = run(&mut dir.netaudit(&args));
    assert!(
        later.stderr.contains("1 added, 3 already in the log"),
        "{}",
        later.stderr
    );
    assert!(
        log(&dir).ends_with(
            "2026-03-09;Harbor City BNI;;;;;;-250;;;;Lee Wong;Birch Dental;stripe:ch_2@15000~2\n"
        ),
        "{}",
        log(&dir)
    );
    let again = run(&mut dir.netaudit(&args));
    assert!(
        again.stderr.contains("0 added, 4 already in the log"),
        "{}",
        again.stderr
    );
    dir.write("payments.csv", "id,Amount\nch_1,5\n");
    fails_with(
        &mut dir.netaudit(&args),
        &["payments.csv: no header row with the columns of Stripe's payments export"],
    );
}

#[test]
fn a_quickbooks_report_gives_its_sales_less_its_credit_memos() {
    let dir = setup();
    // "Sales by Customer Detail" saved as CSV: title rows, a first column of its own,
    // amounts with thousands separators, a payment and an estimate among the sales, and a
    // Total row at the end.
    dir.write(
        "sales.csv",
        "\"Harbor Plumbing Co.\"\n\
         \"Sales by Customer Detail\"\n\
         \"January - October, 2026\"\n\
         \n\
         ,Date,Transaction Type,Num,Customer,Memo/Description,Qty,Sales Price,Amount,Balance\n\
         ,03/02/2026,Invoice,1001,Acme Kitchens,Kitchen plan,1,\"1,200.00\",\"1,200.00\",\"1,200.00\"\n\
         ,03/05/2026,Payment,,Acme Kitchens,,,,\"1,200.00\",0.00\n\
         ,03/09/2026,Sales Receipt,1002,birch dental,Checkup,1,595.00,595.00,\n\
         ,03/15/2026,Credit Memo,1003,Acme Kitchens,Returned part,1,119.00,119.00,\n\
         ,03/20/2026,Estimate,1004,Acme Kitchens,New sink,1,500.00,500.00,\n\
         ,03/22/2026,Invoice,1005,Zenith Corp,,1,\"2,000.00\",\"2,000.00\",\"2,000.00\"\n\
         Total,,,,,,,,\"3,914.00\",\n",
    );
    let args = ["import", "quickbooks", "sales.csv", "--to", "2026-11-01"];
    let output = run(&mut dir.netaudit(&args));
    assert_eq!(output.code, 0, "{}", output.stderr);
    let added: Vec<String> = log(&dir).lines().skip(3).map(str::to_string).collect();
    assert_eq!(
        added,
        [
            "2026-03-02;Harbor City BNI;;;;;;1200;;;;Dana Price;Acme Kitchens;quickbooks:1001@120000",
            "2026-03-09;Harbor City BNI;;;;;;595;;;;Lee Wong;Birch Dental;quickbooks:1002@59500",
            "2026-03-15;Harbor City BNI;;;;;;-119;;;;Dana Price;Acme Kitchens;quickbooks:1003@-11900",
        ]
    );
    for needle in [
        "3 added, 0 already in the log, 1 unmatched",
        "left out: 2 lines with no invoice number, 1 row of other transactions than sales",
        "the 1 unmatched invoice holds 2000.00",
    ] {
        assert!(
            output.stderr.contains(needle),
            "{needle}:\n{}",
            output.stderr
        );
    }
    let again = run(&mut dir.netaudit(&args));
    assert!(
        again.stderr.contains("0 added, 3 already in the log"),
        "{}",
        again.stderr
    );
}

/// Xero's sales invoices export, as Xero documents its columns (the required ones marked
/// `*`): an invoice of three lines with tax (one discounted, one of half a unit), and an
/// invoice whose date, day first, settles the order of the first's.
fn xero() -> String {
    let header = "*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,\
                  POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,\
                  Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,\
                  *UnitAmount,Discount,*AccountCode,*TaxType,TaxAmount,TrackingName1,\
                  TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme";
    let line = |contact: &str,
                number: &str,
                date: &str,
                what: &str,
                quantity: &str,
                unit: &str,
                discount: &str,
                tax: &str| {
        format!(
            "{contact},ops@example.com,,,,,,,,,{number},,{date},{date},,{what},{quantity},\
             {unit},{discount},200,OUTPUT2,{tax},,,,,EUR,Standard\n"
        )
    };
    header.to_string()
        + "\n"
        + &line(
            "Acme Kitchens",
            "INV-0001",
            "03/02/2026",
            "Design",
            "2",
            "500.00",
            "",
            "190.00",
        )
        + &line(
            "Acme Kitchens",
            "INV-0001",
            "03/02/2026",
            "Visit",
            "1",
            "200.00",
            "10",
            "34.20",
        )
        + &line(
            "Acme Kitchens",
            "INV-0001",
            "03/02/2026",
            "Parts",
            "0.5",
            "100.00",
            "",
            "9.50",
        )
        + &line(
            "Birch Dental",
            "INV-0002",
            "15/03/2026",
            "Checkup",
            "1",
            "500.00",
            "",
            "95.00",
        )
}

#[test]
fn xero_lines_are_summed_per_invoice_net_of_tax_unless_the_config_says_gross() {
    let dir = setup();
    dir.write("xero.csv", xero());
    let args = [
        "import",
        "xero",
        "xero.csv",
        "--to",
        "2026-11-01",
        "--dry-run",
    ];
    let net = run(&mut dir.netaudit(&args));
    assert_eq!(net.code, 0, "{}", net.stderr);
    assert!(
        net.stdout.contains("2026-02-03;Harbor City BNI;;;;;;1230;;;;Dana Price;Acme Kitchens;xero:INV-0001@123000\n")
            && net.stdout.contains("2026-03-15;Harbor City BNI;;;;;;500;;;;Lee Wong;Birch Dental;xero:INV-0002@50000\n"),
        "{}",
        net.stdout
    );
    dir.write(
        "netaudit.toml",
        format!("{CONFIG}\n[import.xero]\namounts = \"gross\"\n"),
    );
    let gross = run(&mut dir.netaudit(&args));
    // In the log's own decimal mark, a comma.
    assert!(
        gross
            .stdout
            .contains(";1463,7;;;;Dana Price;Acme Kitchens;xero:INV-0001@146370\n"),
        "{}",
        gross.stdout
    );
    dir.write(
        "netaudit.toml",
        format!("{CONFIG}\n[import.xero]\namounts = \"both\"\n"),
    );
    fails_with(
        &mut dir.netaudit(&args),
        &["key `import.xero.amounts`: expected \"net\" or \"gross\", got \"both\""],
    );
}
