//! Time trackers' exports from any locale: Harvest's European numbers, Toggl and Clockify
//! saved again by a spreadsheet in German or French (semicolons, dotted or day-first
//! dates, decimal commas), a date order the user states for the export and never for the
//! log, entries of no length, and a dry run with no log at all.

use crate::common::{Output, Workdir, run};

/// `import SOURCE FILE --group Club --to 2026-11-01` and `extra`, in `dir`.
fn import(dir: &Workdir, source: &str, file: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        source,
        file,
        "--group",
        "Club",
        "--to",
        "2026-11-01",
    ];
    args.extend_from_slice(extra);
    run(&mut dir.netaudit(&args))
}

/// The rows a dry run into `log.csv` shows, without the header.
fn dry_run(dir: &Workdir, source: &str, file: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--file", "log.csv", "--dry-run"];
    args.extend_from_slice(extra);
    let output = import(dir, source, file, &args);
    assert_eq!(output.code, 0, "{}", output.stderr);
    output.stdout.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn harvest_from_a_european_account_reads_its_decimal_commas() {
    // Comma-separated, numbers quoted with decimal commas and points between thousands.
    let dir = Workdir::new();
    dir.write(
        "harvest.csv",
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,\
         Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,\
         Cost Amount,Currency,External Reference URL,Employee Id,Teams\n\
         2026-10-06,Harbor City BNI,Networking,,Meeting,Weekly meeting,\"1,5\",\"1,5\",No,No,No,\
         Dana,Reyes,,Yes,\"100,0\",\"150,0\",\"0,0\",\"0,0\",Euro - EUR,,17,\n\
         2026-10-20,Harbor City BNI,Networking,,Workshop,,\"20,0\",\"20,0\",Yes,No,No,Dana,Reyes,,\
         Yes,\"100,0\",\"2.000,0\",\"0,0\",\"0,0\",Euro - EUR,,17,\n",
    );
    assert_eq!(
        dry_run(&dir, "harvest", "harvest.csv", &[]),
        [
            "2026-10-06,Club,,1.5,,,,,,,,harvest:2026-10-06 Networking Weekly meeting",
            "2026-10-20,Club,,20,,,,,,,,harvest:2026-10-20 Networking",
        ]
    );
}

#[test]
fn a_number_that_reads_both_ways_asks_and_the_config_s_decimal_answers() {
    let dir = Workdir::new();
    dir.write(
        "harvest.csv",
        "Date,Client,Project,Notes,Hours\n2026-10-06,Harbor City BNI,Networking,Weekly,\"1,500\"\n",
    );
    let output = import(&dir, "harvest", "harvest.csv", &["--file", "log.csv"]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "harvest.csv: column \"Hours\": every number reads with a decimal point and with a \
             decimal comma (such as \"1,500\"); set decimal = \".\" or \",\" in netaudit.toml"
        ),
        "{}",
        output.stderr
    );
    assert!(!dir.path().join("log.csv").exists());
    // The config of a log kept the German way; its rows are written so too.
    dir.write("netaudit.toml", "csv_delimiter = \";\"\ndecimal = \",\"\n");
    assert_eq!(
        dry_run(&dir, "harvest", "harvest.csv", &[]),
        ["2026-10-06;Club;;1,5;;;;;;;;harvest:2026-10-06 Networking Weekly"]
    );
}

#[test]
fn toggl_and_clockify_saved_again_in_a_german_or_french_spreadsheet_are_read() {
    let dir = Workdir::new();
    // German Excel: semicolons, dotted dates.
    dir.write(
        "toggl.csv",
        "User;Email;Client;Project;Task;Description;Billable;Start date;Start time;End date;\
         End time;Duration;Tags;Amount (EUR)\r\n\
         Dana Reyes;dana@example.com;Harbor City BNI;Networking;;Weekly meeting;No;06.10.2026;\
         07:00:00;06.10.2026;08:30:00;01:30:00;bni;\r\n",
    );
    assert_eq!(
        dry_run(&dir, "toggl", "toggl.csv", &[]),
        ["2026-10-06,Club,,1.5,,,,,,,,toggl:2026-10-06 07:00:00 Networking Weekly meeting"]
    );
    // French LibreOffice: semicolons, day-first dates, decimal commas.
    dir.write(
        "clockify.csv",
        "Project;Client;Description;Task;User;Group;Email;Tags;Billable;Start Date;Start Time;\
         End Date;End Time;Duration (h);Duration (decimal);Billable Rate (EUR);Billable Amount (EUR)\n\
         Networking;Harbor City BNI;Weekly meeting;;Dana Reyes;;dana@example.com;bni;No;06/10/2026;\
         07:00:00;06/10/2026;08:30:00;01:30:00;1,50;0,00;0,00\n\
         Networking;Harbor City BNI;One-to-one;;Dana Reyes;;dana@example.com;bni;No;13/10/2026;\
         12:00:00;13/10/2026;12:40:00;00:40:00;0,67;0,00;0,00\n",
    );
    assert_eq!(
        dry_run(&dir, "clockify", "clockify.csv", &[]),
        [
            "2026-10-06,Club,,1.5,,,,,,,,clockify:2026-10-06 07:00:00 Networking Weekly meeting",
            "2026-10-13,Club,,0.67,,,,,,,,clockify:2026-10-13 12:00:00 Networking One-to-one",
        ]
    );
}

#[test]
fn the_date_order_is_the_export_s_and_rows_are_written_in_the_log_s_own_form() {
    let dir = Workdir::new();
    dir.write(
        "clockify.csv",
        "Project,Client,Description,Start Date,Start Time,Duration (decimal)\n\
         Networking,Harbor City BNI,Weekly meeting,10/06/2026,07:00:00 AM,1.50\n",
    );
    let output = import(&dir, "clockify", "clockify.csv", &["--file", "log.csv"]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains(
            "clockify.csv: column \"Start Date\": every date reads both month first and day \
             first (such as \"10/06/2026\"); import with --date-order mdy (month first) or \
             --date-order dmy"
        ),
        "{}",
        output.stderr
    );
    // An ISO log stays ISO, even with a date_format the log's other rows are read by;
    // the log's own date setting is not the export's.
    dir.write("netaudit.toml", "date_format = \"%d/%m/%Y\"\n");
    dir.write(
        "log.csv",
        "date,group,meetings,hours\n2026-10-01,Club,1,1.5\n",
    );
    let output = import(
        &dir,
        "clockify",
        "clockify.csv",
        &["--file", "log.csv", "--date-order", "mdy"],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    let log = std::fs::read_to_string(dir.path().join("log.csv")).unwrap();
    assert!(
        log.ends_with(
            "\n2026-10-06,Club,,1.5,clockify:2026-10-06 07:00:00 AM Networking Weekly meeting\n"
        ),
        "{log}"
    );
    assert_eq!(
        dry_run(&dir, "clockify", "clockify.csv", &["--date-order", "dmy"])[0],
        "2026-06-10,Club,,1.5,clockify:2026-06-10 07:00:00 AM Networking Weekly meeting"
    );
}

#[test]
fn an_entry_of_no_length_is_left_out_and_counted() {
    let dir = Workdir::new();
    dir.write(
        "toggl.csv",
        "Project,Description,Start date,Duration\nNetworking,Weekly,2026-10-06,01:30:00\n\
         Networking,Started by mistake,2026-10-07,00:00:00\n",
    );
    let output = import(
        &dir,
        "toggl",
        "toggl.csv",
        &["--file", "log.csv", "--dry-run"],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stdout.lines().count(), 2, "{}", output.stdout);
    assert!(
        output.stderr.contains("left out: 1 of no length"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_dry_run_needs_no_log() {
    let dir = Workdir::new();
    dir.write(
        "toggl.csv",
        "Project,Description,Start date,Duration\nNetworking,Weekly,2026-10-06,01:30:00\n",
    );
    let output = import(&dir, "toggl", "toggl.csv", &["--dry-run"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(
        output.stdout,
        "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note,source\n\
         2026-10-06,Club,,1.5,,,,,,,,toggl:2026-10-06 Networking Weekly\n"
    );
    assert!(
        output
            .stderr
            .contains("a new log: 1 to add (--dry-run: nothing written)"),
        "{}",
        output.stderr
    );
    // Without --dry-run, rows need a log.
    let output = import(&dir, "toggl", "toggl.csv", &[]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("no log to append to"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_tells_of_a_log_whose_dates_are_written_two_ways() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "date_format = \"%m/%d/%Y\"\n");
    for (name, log, first, other) in [
        (
            "iso_first.csv",
            "date,group,meetings\n2026-10-01,Club,1\n10/15/2026,Club,1\n",
            "2026-10-01",
            "10/15/2026",
        ),
        (
            "iso_later.csv",
            "date,group,meetings\n10/15/2026,Club,1\n2026-10-01,Club,1\n",
            "10/15/2026",
            "2026-10-01",
        ),
    ] {
        dir.write(name, log);
        let output = run(&mut dir.netaudit(&["check", name]));
        assert_eq!(output.code, 0, "{}", output.stderr);
        // `check` says what it finds on stdout.
        assert!(
            output.stdout.contains(&format!(
                "{name}: dates are written two ways, as \"{first}\" and as \"{other}\""
            )),
            "{}",
            output.stdout
        );
    }
    dir.write(
        "one_way.csv",
        "date,group,meetings\n10/15/2026,Club,1\n10/16/2026,Club,1\n",
    );
    let output = run(&mut dir.netaudit(&["check", "one_way.csv"]));
    assert!(!output.stdout.contains("two ways"), "{}", output.stdout);
}
