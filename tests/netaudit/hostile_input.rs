//! Input built to hurt: each gets one clear line on stderr and exit 2, never a panic, and
//! the binary runs under a hard memory limit far below the size of the biggest input.

use crate::common::{HEADER, MEMORY_LIMIT_KIB, SMALL_FILE_LIMIT_KIB, Workdir};

fn refused(dir: &Workdir, args: &[&str], needles: &[&str]) {
    let (code, stdout, stderr) = dir.run_limited(args);
    assert_eq!(code, 2, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
    assert_eq!(stdout, "", "{args:?}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{args:?}: {needle:?} not in {stderr}"
        );
    }
}

fn log_with_row(dir: &Workdir, name: &str, row: impl AsRef<[u8]>) {
    let mut contents = format!("{HEADER}\n").into_bytes();
    contents.extend_from_slice(row.as_ref());
    contents.push(b'\n');
    dir.write(name, contents);
}

#[test]
fn a_normal_report_runs_under_the_memory_limit() {
    let dir = Workdir::new();
    log_with_row(&dir, "a.csv", "2026-10-01,Club,1,2,,,,,,,");
    let (code, stdout, stderr) = dir.run_limited(&["report", "a.csv", "--today", "2026-11-01"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Club"));
}

#[test]
fn a_100_mb_field_stops_at_the_field_limit() {
    let dir = Workdir::new();
    let mut row = b"2026-10-01,Club,1,2,,,,,,,".to_vec();
    row.resize(row.len() + 100 * 1024 * 1024, b'x');
    log_with_row(&dir, "big.csv", &row);
    refused(
        &dir,
        &["report", "big.csv"],
        &["big.csv:2: column 11 is longer than 64 KiB"],
    );

    // The same inside an unclosed quote: the field is cut off, not held.
    let mut row = b"2026-10-01,Club,1,2,,,,,,,\"".to_vec();
    row.resize(row.len() + 100 * 1024 * 1024, b'x');
    log_with_row(&dir, "quoted.csv", &row);
    let (code, stdout, _) = dir.run_limited(&["check", "quoted.csv"]);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("quoted.csv:2: column 11 is longer than 64 KiB"),
        "{stdout}"
    );
}

#[test]
fn a_million_columns_are_counted_not_kept() {
    let dir = Workdir::new();
    log_with_row(&dir, "wide.csv", ",".repeat(1_000_000));
    refused(
        &dir,
        &["report", "wide.csv"],
        &["wide.csv:2: this row has 1000001 fields, more than the 100 a row may have"],
    );
    dir.write("wide-header.csv", "a,".repeat(1_000_000));
    refused(
        &dir,
        &["report", "wide-header.csv"],
        &["wide-header.csv:1: this header has 1000001 fields"],
    );
}

#[test]
fn more_groups_than_the_limit_are_refused() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for n in 0..=10_000 {
        log.push_str(&format!("2026-10-01,Group {n},1,2,,,,,,,\n"));
    }
    dir.write("many.csv", log);
    refused(
        &dir,
        &["report", "many.csv"],
        &["many.csv:10002: a new group, \"Group 10000\", past the limit of 10000 groups"],
    );
}

#[test]
fn every_hostile_cell_and_file_is_one_clear_error() {
    let dir = Workdir::new();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    dir.write("empty.csv", "");
    dir.write("header-only.csv", format!("{HEADER}\n"));
    let long_group = format!("2026-10-01,{},1,2,,,,,,,", "x".repeat(101));
    let cases: [(&str, &[u8], &str); 11] = [
        (
            "utf8.csv",
            b"2026-10-01,Caf\xe9,1,2,,,,,,,",
            "column 2 \"group\": got \"Caf\u{FFFD}\", expected valid UTF-8",
        ),
        (
            "nul.csv",
            b"2026-10-01,Club,1,2\0,,,,,,,",
            "column 4 \"hours\": got \"2\\0\"",
        ),
        (
            "nan.csv",
            b"2026-10-01,Club,1,NaN,,,,,,,",
            "column 4 \"hours\": got \"NaN\"",
        ),
        (
            "inf.csv",
            b"2026-10-01,Club,1,2,inf,,,,,,",
            "column 5 \"cost\": got \"inf\"",
        ),
        (
            "negative.csv",
            b"2026-10-01,Club,1,-2,,,,,,,",
            "negative values are not allowed",
        ),
        (
            "sign.csv",
            b"2026-10-01,Club,1,2,$-5,,,,,,",
            "a refund is written with a leading minus",
        ),
        (
            "huge.csv",
            b"2026-10-01,Club,1,2,1e400,,,,,,",
            "column 5 \"cost\": got \"1e400\"",
        ),
        (
            "feb30.csv",
            b"2026-02-30,Club,1,2,,,,,,,",
            "got \"2026-02-30\", expected a day that exists",
        ),
        (
            "quote.csv",
            b"2026-10-01,Club,1,2,,,,,,,\"a\"b",
            "text follows the closing quote on line 2",
        ),
        (
            "overflow.csv",
            b"2026-10-01,Club,99999999999999999999,2,,,,,,,",
            "a count of at most 1000000",
        ),
        (
            "long-group.csv",
            long_group.as_bytes(),
            "a group name of at most 100 characters",
        ),
    ];
    for (name, row, needle) in cases {
        log_with_row(&dir, name, row);
        refused(&dir, &["report", name], &[&format!("{name}:2:"), needle]);
    }
    refused(
        &dir,
        &["report", "empty.csv"],
        &["empty.csv: the file is empty"],
    );
    refused(
        &dir,
        &["report", "header-only.csv"],
        &["the activity log has no rows yet (header-only.csv)"],
    );
    refused(&dir, &["report", "folder"], &["folder is a folder"]);
    refused(
        &dir,
        &["report", "missing.csv"],
        &["cannot open activity log missing.csv"],
    );
}

#[test]
fn endless_input_with_no_line_end_stops_at_the_field_limit() {
    let dir = Workdir::new();
    dir.write("netaudit.toml", "log = \"/dev/zero\"\n");
    refused(
        &dir,
        &["report"],
        &[
            "/dev/zero:1: column 1 is longer than 64 KiB",
            "reading stopped there",
        ],
    );
    let output = dir
        .limited(&["report", "-"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:1: column 1 is longer"));
}

#[test]
fn a_config_of_more_groups_than_a_log_may_hold_is_refused_and_a_full_one_checks_quickly() {
    let dir = Workdir::new();
    log_with_row(&dir, "a.csv", "2026-10-01,Club,1,2,,,,,,,");
    let groups = |count: usize| {
        (0..count)
            .map(|n| format!("[groups.\"Group {n}\"]\nmembers = 3\n"))
            .collect::<String>()
    };
    dir.write("netaudit.toml", groups(10_001));
    refused(
        &dir,
        &["report", "a.csv"],
        &["netaudit.toml:20001:9: more than 10000 groups"],
    );
    let (code, stdout, _) = dir.run_limited(&["check", "a.csv"]);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("netaudit.toml:20001:9: more than 10000 groups"),
        "{stdout}"
    );
    dir.write("netaudit.toml", groups(10_000));
    let started = std::time::Instant::now();
    // A config of 10,000 groups is about 30 MiB of address space read and checked, on top
    // of the unoptimised test binary's own 30 MiB or so: the common limit leaves no room.
    let output = dir
        .limited_to(MEMORY_LIMIT_KIB + 32 * 1024, &["check", "a.csv"])
        .output()
        .expect("run bash");
    let (code, stdout) = (
        output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    );
    assert_eq!(code, 0, "{}", &stdout[stdout.len().saturating_sub(300)..]);
    assert!(
        stdout.ends_with(
            "checked netaudit.toml, a.csv: 1 row, 1 group; no problems, 10000 warnings\n"
        )
    );
    // Quadratic work on 10,000 groups took minutes; what is left takes well under one.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn log_and_check_on_a_log_of_a_million_groups_stay_within_the_memory_limit() {
    let dir = Workdir::new();
    let mut log = format!("{HEADER}\n");
    for n in 0..1_000_000 {
        log.push_str(&format!("2026-10-01,G{n},1,,,,,,,,\n"));
    }
    dir.write("many.csv", log);
    let (code, _, stderr) = dir.run_limited(&[
        "log",
        "G1",
        "--hours",
        "1",
        "--file",
        "many.csv",
        "--date",
        "2026-10-02",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("problems that will stop a report"),
        "{stderr}"
    );
    let (code, stdout, _) = dir.run_limited(&["check", "-q", "many.csv"]);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with("many.csv:10002: a new group"),
        "{}",
        &stdout[..200]
    );
}

#[test]
fn every_numeric_setting_has_a_bound_named_with_its_line() {
    let dir = Workdir::new();
    log_with_row(&dir, "a.csv", "2026-10-01,Club,1,2,,,,,,,");
    for (config, needle) in [
        (
            "hourly_rate = 1e308\n",
            "netaudit.toml:1:15: key `hourly_rate`: expected a number greater than 0, at most 1000000",
        ),
        (
            "lead_value = 1e308\n",
            "netaudit.toml:1:14: key `lead_value`: expected an amount from 0 to 1000000000",
        ),
        (
            "stay_at = 1e10\n",
            "netaudit.toml:1:11: key `stay_at`: expected a score from 0 to 1000",
        ),
        (
            "prior_leads = 1e10\n",
            "netaudit.toml:1:15: key `prior_leads`",
        ),
        (
            "min_meetings = 10000000\n",
            "netaudit.toml:1:16: key `min_meetings`: expected a whole number from 0 to 1000000",
        ),
        (
            "big_group = 10000000\n",
            "netaudit.toml:1:13: key `big_group`",
        ),
        (
            "min_months = 5000\n",
            "netaudit.toml:1:14: key `min_months`: expected a number of months from 0 to 1200",
        ),
        (
            "currency = \"dollars and cents\"\n",
            "netaudit.toml:1:12: key `currency`: expected an ISO 4217 code such as \"EUR\"",
        ),
        (
            "\n\n[groups.\"A\"]\nmembers = 10000000\n",
            "netaudit.toml:4:11: key `groups.\"A\".members`",
        ),
        ("margin = \"high\"\n", "netaudit.toml:1:10:"),
        (
            "window_months = 12\nexcell = true\n",
            "netaudit.toml:2:1: unknown key `excell`; did you mean `excel`?",
        ),
    ] {
        dir.write("netaudit.toml", config);
        refused(&dir, &["report", "a.csv"], &[needle]);
    }
    std::fs::remove_file(dir.path().join("netaudit.toml")).unwrap();
    for flag in [
        &["--hourly-rate", "1e308"][..],
        &["--lead-value", "1e308"],
        &["--stay-at", "inf"],
        &["--min-meetings", "10000000"],
        &["--currency", "dollars and cents"],
    ] {
        let mut args = vec!["report", "a.csv"];
        args.extend_from_slice(flag);
        let (code, _, stderr) = dir.run_limited(&args);
        assert_eq!(code, 2, "{flag:?}");
        assert!(stderr.contains(flag[0]), "{stderr}");
    }
}

#[test]
fn a_config_too_large_or_not_utf8_is_refused_without_reading_it_whole() {
    let dir = Workdir::new();
    log_with_row(&dir, "a.csv", "2026-10-01,Club,1,2,,,,,,,");
    dir.write("netaudit.toml", "#".repeat(100 * 1024 * 1024));
    refused(
        &dir,
        &["report", "a.csv"],
        &["netaudit.toml is larger than 4 MiB; a config holds settings and at most 10000 groups"],
    );
    dir.write("netaudit.toml", b"hourly_rate = 5\ncurrency = \"\xff\"\n");
    refused(
        &dir,
        &["report", "a.csv"],
        &["netaudit.toml:2: the file is not valid UTF-8"],
    );
}

/// An .xlsx of one sheet with `cells`, written as Excel would.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet
            .write_string(*row, *column, *text)
            .expect("write cell");
    }
    book.save_to_buffer().expect("xlsx")
}

/// The zip-based workbook `real` with the part whose name ends with `part` changed by
/// `change` (which must change it), every part stored.
fn with_part_changed(real: &[u8], part: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(real)).expect("zip");
    let mut changed = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut found = false;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("part");
        let name = entry.name().expect("name").to_string();
        let mut contents = String::new();
        entry.read_to_string(&mut contents).expect("read part");
        if name.ends_with(part) {
            let before = contents;
            contents = change(&before);
            assert_ne!(contents, before, "{name} changed");
            found = true;
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        changed.start_file(name, options).expect("start");
        changed.write_all(contents.as_bytes()).expect("write");
    }
    assert!(found, "a part ending with {part}");
    changed.finish().expect("finish").into_inner()
}

/// Runs `args` under [`SMALL_FILE_LIMIT_KIB`]; expects exit 2 and `needle` in what it said
/// (`check` lists problems on stdout, the others on stderr).
fn refused_small(dir: &Workdir, args: &[&str], needle: &str) {
    let output = dir
        .limited_to(SMALL_FILE_LIMIT_KIB, args)
        .output()
        .expect("run bash");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(2), "{args:?}: {said}");
    assert!(said.contains(needle), "{args:?}: {needle:?} not in {said}");
}

/// Every command that reads a workbook, on `file`.
fn readers(file: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["report", file, "--today", "2026-11-01"],
        vec!["check", file],
        vec![
            "chapter",
            file,
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
        vec![
            "import",
            "palms",
            file,
            "--member",
            "Dana Reyes",
            "--group",
            "Club",
            "--file",
            "log.csv",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
    ]
}

#[test]
fn a_small_workbook_that_names_a_far_cell_is_refused_at_that_cell() {
    let dir = Workdir::new();
    // 2 cells, but a sheet from A1 to XFD1048576: a trillion cells, were it made dense.
    dir.write(
        "far.xlsx",
        workbook(&[(0, 0, "date"), (1_048_575, 16_383, "x")]),
    );
    dir.write(
        "wide.xlsx",
        workbook(&[(0, 0, "date"), (1_999, 16_383, "x")]),
    );
    for (file, cell, span) in [
        ("far.xlsx", "XFD1048576", "1048576 rows by 16384 columns"),
        ("wide.xlsx", "XFD2000", "2000 rows by 16384 columns"),
    ] {
        for args in readers(file) {
            refused_small(
                &dir,
                &args,
                &format!(
                    "sheet \"Sheet1\", cell {cell}: the sheet would span {span}, more than \
                     the 2000000 cells netaudit reads of a sheet"
                ),
            );
        }
    }
}

#[test]
fn spreadsheet_ml_rows_that_reach_the_last_column_are_refused_at_the_row_that_passes() {
    let dir = Workdir::new();
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Report\"><Table>\n",
    );
    for _ in 0..3_000 {
        xml.push_str(
            "<Row><Cell ss:Index=\"16384\"><Data ss:Type=\"String\">x</Data></Cell></Row>\n",
        );
    }
    xml.push_str("</Table></Worksheet></Workbook>\n");
    dir.write("wide.xls", xml);
    for args in readers("wide.xls") {
        // 2,000,000 cells are 122 rows of 16,384.
        refused_small(
            &dir,
            &args,
            "sheet \"Report\", cell XFD123: the sheet would span 123 rows by 16384 columns",
        );
    }
}

#[test]
fn shared_strings_that_declare_a_trillion_strings_are_refused_before_any_is_read() {
    let real = workbook(&[(0, 0, "date"), (1, 0, "2026-10-01")]);
    let hostile = with_part_changed(&real, "sharedStrings.xml", |contents| {
        contents.replacen("uniqueCount=\"2\"", "uniqueCount=\"1000000000000\"", 1)
    });
    let dir = Workdir::new();
    dir.write("strings.xlsx", hostile);
    for args in readers("strings.xlsx") {
        refused_small(
            &dir,
            &args,
            "its shared strings declare 1000000000000 strings, past the 2000000 netaudit reads",
        );
    }
}

#[test]
fn a_workbook_whose_parts_unpack_past_the_bound_is_refused_before_it_is_read() {
    let mut real = workbook(&[(0, 0, "date")]);
    // The zip's directory says what each part unpacks to, and the zip reader holds a part
    // to it: a bomb declares its size, so the declared sizes are the bound's to check.
    // Here one part declares 300 MiB, in its local header and in the central directory.
    let declared = (300u32 << 20).to_le_bytes();
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let at = real
            .windows(4)
            .position(|window| window == signature)
            .expect("a header");
        real[at + offset..at + offset + 4].copy_from_slice(&declared);
    }
    let dir = Workdir::new();
    dir.write("bomb.xlsx", real);
    for args in readers("bomb.xlsx") {
        refused_small(
            &dir,
            &args,
            "its parts unpack to 300 MiB, past the 256 MiB netaudit reads of a workbook",
        );
    }
}

#[test]
fn an_ods_whose_repeated_cells_would_span_billions_is_refused_before_it_is_read() {
    use std::io::Write;
    let content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
        <office:body><office:spreadsheet><table:table table:name=\"Log\">\
        <table:table-row><table:table-cell office:value-type=\"string\"><text:p>date</text:p>\
        </table:table-cell></table:table-row>\
        <table:table-row table:number-rows-repeated=\"1000000\">\
        <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" \
        office:value=\"1\"/></table:table-row>\
        </table:table></office:spreadsheet></office:body></office:document-content>";
    let mut ods = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    ods.start_file("mimetype", stored).expect("start");
    ods.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    ods.start_file("content.xml", stored).expect("start");
    ods.write_all(content.as_bytes()).expect("write");
    let dir = Workdir::new();
    dir.write("repeated.ods", ods.finish().expect("finish").into_inner());
    for args in readers("repeated.ods") {
        refused_small(
            &dir,
            &args,
            "sheet \"Log\", row 1000001: the workbook's sheets would span more than the 2000000 \
             cells netaudit reads",
        );
    }
}

/// `import FORMAT FILES… --group Club --file log.csv --to 2026-11-01` and `extra`, in
/// `dir`, under [`SMALL_FILE_LIMIT_KIB`] and a generous bound on time: its exit code, what
/// it printed on stdout, and on stderr.
fn import_small(dir: &Workdir, files: &[&str], extra: &[&str]) -> (i32, Vec<u8>, String) {
    let mut args = vec!["import"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--group", "Club", "--file", "log.csv", "--to", "2026-11-01"]);
    args.extend_from_slice(extra);
    let output = assert_cmd::Command::from_std(dir.limited_to(SMALL_FILE_LIMIT_KIB, &args))
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run");
    let code = output.status.code().expect("exited, not killed");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (code, output.stdout, stderr)
}

/// `import calendar` of `ics` (its events given to one group, nothing written), under
/// [`SMALL_FILE_LIMIT_KIB`] and a generous bound on time: what it printed, and its exit
/// code.
fn import_calendar(ics: &str) -> (i32, String) {
    import_calendar_with(ics, &[])
}

/// [`import_calendar`] with `extra` flags.
fn import_calendar_with(ics: &str, extra: &[&str]) -> (i32, String) {
    let dir = Workdir::new();
    dir.write("cal.ics", ics);
    let mut args = vec!["--dry-run"];
    args.extend_from_slice(extra);
    let (code, _, stderr) = import_small(&dir, &["calendar", "cal.ics"], &args);
    (code, stderr)
}

fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\n{body}END:VCALENDAR\n")
}

#[test]
fn rules_are_counted_against_the_file_s_bound_as_they_are_followed() {
    // 1,000 rules of 99,999 days in one event: 38 KB that would be 100 million occurrences.
    let rules = "RRULE:FREQ=DAILY;COUNT=99999\n".repeat(1_000);
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:18000101T090000Z\n{rules}END:VEVENT\n"
    )));
    assert_eq!(code, 2, "{stderr}");
    // Two rules give 199,998; the third passes 200,000.
    assert!(
        stderr.contains(
            "cal.ics:8: RRULE: with this rule, the file's events repeat more than 200000 times \
             up to 2026-11-01"
        ),
        "{stderr}"
    );

    // 2,000 events of a rule that is never met (there is no 30 February), from the year 1.
    let mut events = String::new();
    for n in 0..2_000 {
        events.push_str(&format!(
            "BEGIN:VEVENT\nUID:e{n}\nSUMMARY:x\nDTSTART:00010101T090000Z\n\
             RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\nEND:VEVENT\n"
        ));
    }
    let (code, stderr) = import_calendar(&calendar(&events));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the file's rules were followed through 2000000 days, weeks, months"),
        "{stderr}"
    );
}

#[test]
fn an_occurrence_shares_its_event_s_text() {
    // Daily from 1800 to the import's last day, 82,850 occurrences of an event whose
    // summary is 200,000 characters: 16 GB, were each to copy it.
    let summary = "x".repeat(200_000);
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:{summary}\nDTSTART:18000101T090000Z\n\
         RRULE:FREQ=DAILY;COUNT=99999\nEND:VEVENT\n"
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("82850 to add"), "{stderr}");
}

#[test]
fn a_long_uid_is_read_once_a_series_not_once_an_occurrence() {
    // 82,850 occurrences of a series whose UID is 200,000 characters: 16 GB of copying,
    // were each occurrence to take its own.
    let uid = "u".repeat(200_000);
    let (code, stderr) = import_calendar_with(
        &calendar(&format!(
            "BEGIN:VEVENT\nUID:{uid}\nSUMMARY:x\nDTSTART:18000101T090000Z\n\
             RRULE:FREQ=DAILY;COUNT=99999\nEND:VEVENT\nBEGIN:VEVENT\nUID:{uid}\n\
             RECURRENCE-ID:20261006T090000Z\nSUMMARY:x\nDTSTART:20261006T100000Z\nEND:VEVENT\n"
        )),
        &["--from", "2026-10-01"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("32 to add"), "{stderr}");
}

/// Two events of a UID of 280 wide characters, daily from 1800: a 2 KB calendar of
/// 165,700 rows, each 850 bytes long.
fn wide_daily_events() -> String {
    let uid = "\u{6f22}".repeat(280);
    calendar(&format!(
        "BEGIN:VEVENT\nUID:a{uid}\nSUMMARY:x\nDTSTART:18000101T090000Z\n\
         RRULE:FREQ=DAILY;COUNT=99999\nEND:VEVENT\nBEGIN:VEVENT\nUID:b{uid}\nSUMMARY:x\n\
         DTSTART:18000101T100000Z\nRRULE:FREQ=DAILY;COUNT=99999\nEND:VEVENT\n"
    ))
}

#[test]
fn an_import_keeps_its_rows_not_their_text() {
    // 140 MB of rows from a 2 KB file: shown and written a few thousand at a time, their
    // ids sharing the UID.
    let dir = Workdir::new();
    dir.write("cal.ics", wide_daily_events());
    let import = |extra: &[&str]| {
        let (code, stdout, stderr) = import_small(&dir, &["calendar", "cal.ics"], extra);
        assert_eq!(code, 0, "{stderr}");
        (stdout, stderr)
    };
    let (shown, stderr) = import(&["--dry-run"]);
    assert!(stderr.contains("165700 to add"), "{stderr}");
    assert_eq!(shown.iter().filter(|&&b| b == b'\n').count(), 165_701);
    let (_, stderr) = import(&[]);
    assert!(stderr.contains("165700 added"), "{stderr}");
    let log = std::fs::read(dir.path().join("log.csv")).expect("the log");
    assert_eq!(log, shown, "what the dry run showed is what was written");
    assert!(log.len() > 140_000_000, "{}", log.len());
}

#[test]
fn a_tracker_s_entries_are_read_as_rows_not_kept() {
    // 4 MB of Toggl entries, 180,000 of them.
    let mut export = String::from("Project,Description,Start date,Duration\n");
    let first = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    for n in 0..180_000u64 {
        let day = first + chrono::Days::new(n % 9_000);
        export.push_str(&format!("P,,{day},00:01:00\n"));
    }
    let dir = Workdir::new();
    dir.write("toggl.csv", &export);
    let (code, _, stderr) = import_small(&dir, &["toggl", "toggl.csv"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("180000 added"), "{stderr}");
    let log = std::fs::read_to_string(dir.path().join("log.csv")).expect("the log");
    assert_eq!(log.lines().count(), 180_001);
    assert!(
        log.ends_with(",toggl:2024-08-21 P #20\n"),
        "{}",
        &log[log.len() - 200..]
    );
}

#[test]
fn one_import_adds_at_most_half_a_million_rows_from_all_its_files() {
    // Three 250-byte calendars of 199,998 rows each.
    let dir = Workdir::new();
    for name in ["a.ics", "b.ics", "c.ics"] {
        dir.write(
            name,
            calendar(&format!(
                "BEGIN:VEVENT\nUID:{name}\nSUMMARY:x\nDTSTART:16000101T090000Z\n\
                 RRULE:FREQ=DAILY;COUNT=99999\nEND:VEVENT\nBEGIN:VEVENT\nUID:{name}2\n\
                 SUMMARY:x\nDTSTART:16000101T100000Z\nRRULE:FREQ=DAILY;COUNT=99999\n\
                 END:VEVENT\n"
            )),
        );
    }
    let files = ["calendar", "a.ics", "b.ics", "c.ics"];
    let (code, stdout, stderr) = import_small(&dir, &files, &["--dry-run"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "c.ics: with this file's, the import has more than 500000 rows to add, the most one \
             import adds; import a shorter span (--from, --to) or fewer files at once"
        ),
        "{stderr}"
    );
    assert!(stdout.is_empty());
}

#[test]
fn time_zones_no_event_uses_are_never_followed() {
    let mut zones = String::new();
    for n in 0..1_000 {
        zones.push_str(&format!(
            "BEGIN:VTIMEZONE\nTZID:Zone {n}\nBEGIN:STANDARD\nDTSTART:19600101T000000\n\
             TZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nRRULE:FREQ=DAILY\nEND:STANDARD\nEND:VTIMEZONE\n"
        ));
    }
    let (code, stderr) = import_calendar(&calendar(&format!(
        "{zones}BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART;TZID=Zone 7:20261006T090000\n\
         END:VEVENT\n"
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 to add"), "{stderr}");
}

#[test]
fn long_lists_and_long_lines_cost_no_more_than_reading_them() {
    // 99,999 EXDATEs of a rule of 99,999 days: each looked up, not compared with each.
    let exdates: Vec<String> = (0..99_999u64)
        .map(|day| {
            let date =
                chrono::NaiveDate::from_ymd_opt(1800, 1, 1).unwrap() + chrono::Days::new(day);
            date.format("EXDATE:%Y%m%dT090000Z\n").to_string()
        })
        .collect();
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:18000101T090000Z\n\
         RRULE:FREQ=DAILY;COUNT=99999\n{}END:VEVENT\n",
        exdates.concat()
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 to add"), "{stderr}");

    // A BYDAY of 300,000 `1MO`: one day, named 300,000 times.
    let by_day = vec!["1MO"; 300_000].join(",");
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:18000106T090000Z\n\
         RRULE:FREQ=YEARLY;BYDAY={by_day}\nEND:VEVENT\n"
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("227 to add"), "{stderr}");

    // 160,000 folded lines that end in `=` before any `:`, and as many quoted-printable
    // soft breaks: each unfolded once.
    let folded = " x=\n".repeat(160_000);
    let soft = "x=\n".repeat(160_000);
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nX-LONG;P=\n{folded} :1\n\
         DESCRIPTION;ENCODING=QUOTED-PRINTABLE:={soft}end\nSUMMARY:x\n\
         DTSTART:20261006T090000Z\nEND:VEVENT\n"
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 to add"), "{stderr}");

    // 10 MB of lines netaudit does not read: read, not kept.
    let unread = "X:1\n".repeat(2_500_000);
    let (code, stderr) = import_calendar(&calendar(&format!(
        "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nDTSTART:20261006T090000Z\n{unread}END:VEVENT\n"
    )));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 to add"), "{stderr}");
}

#[test]
fn a_cell_reference_that_overflows_the_workbook_reader_is_an_error_not_a_crash() {
    // Found by fuzzing: a column of 20 letters overflows calamine's arithmetic.
    let real = workbook(&[(0, 0, "date")]);
    let hostile = with_part_changed(&real, "sheet1.xml", |contents| {
        contents.replace("r=\"A1\"", "r=\"AAAAAAAAAAAAAAAAAAAA1\"")
    });
    let dir = Workdir::new();
    dir.write("overflow.xlsx", hostile);
    for args in readers("overflow.xlsx") {
        let output = dir.process(&args).output().expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// The fixture Excel 97 log with its first text cell moved to IV65536, the last cell of
/// an .xls sheet: a compound file of a few KiB whose sheet would be 16 million cells.
fn far_xls() -> Vec<u8> {
    use std::io::{Read, Write};
    let fixture = std::fs::read("tests/netaudit/fixtures/log-excel97.xls").expect("fixture");
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(fixture)).expect("cfb");
    let mut stream = Vec::new();
    file.open_stream("/Workbook")
        .expect("workbook stream")
        .read_to_end(&mut stream)
        .expect("read");
    let mut at = 0;
    let mut moved = false;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let length = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        if kind == 0x00FD && !moved {
            stream[at + 4..at + 8].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
            moved = true;
        }
        at += 4 + length;
    }
    assert!(moved, "a text cell to move");
    file.create_stream("/Workbook")
        .expect("stream")
        .write_all(&stream)
        .expect("write");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

#[test]
fn an_xls_whose_cells_span_its_whole_grid_is_refused_before_it_is_read() {
    let dir = Workdir::new();
    // The fixture itself reads.
    let fixture = std::fs::read("tests/netaudit/fixtures/log-excel97.xls").expect("fixture");
    dir.write("log.xls", fixture);
    let output = dir
        .limited_to(
            SMALL_FILE_LIMIT_KIB,
            &["report", "log.xls", "--today", "2026-11-01", "-O", "csv"],
        )
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("\n2026-10,Harbor City BNI,2,3.00,18.00,"),
        "{stdout}"
    );

    dir.write("far.xls", far_xls());
    for args in readers("far.xls") {
        refused_small(
            &dir,
            &args,
            "sheet 1: it spans 65536 rows by 256 columns, and the workbook's sheets more than \
             the 2000000 cells netaudit reads",
        );
    }
}
