//! The log as people keep it: every form of one log reads as the same report, and
//! netaudit's own workbook reads back as numbers and strings.

use crate::common::{Workdir, fails_with, succeeds};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const TODAY: &str = "2026-10-05";

/// The log every form below writes: three rows, a quoted note, money and hours with
/// decimals, cells left empty.
const CSV: &str = "date,group,meetings,hours,cost,leads,deals,revenue,referrals_given,other_value,note\n\
2026-09-01,Harbor City BNI,1,1.5,18.5,1,0,,0,,\"first, \"\"quoted\"\"\"\n\
2026-09-15,Harbor City BNI,1,2,18.5,0,1,1200,0,,\n\
2026-09-20,Rotary,1,1.5,25,0,0,,2,50,\n";

fn report(dir: &Workdir, file: &str) -> String {
    succeeds(&mut dir.netaudit(&["report", file, "--today", TODAY, "-O", "csv", "-q"]))
}

/// The log written by rust_xlsxwriter as Excel would: date cells, number cells, text.
fn xlsx_log() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Activity").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "Date",
        "Group",
        "Meetings",
        "Hours",
        "Cost",
        "Leads",
        "Deals",
        "Revenue",
        "Referrals Given",
        "Other Value",
        "Note",
    ];
    for (column, name) in (0u16..).zip(header) {
        sheet.write_string(0, column, name).unwrap();
    }
    let rows: [(u8, &str, [Option<f64>; 8], &str); 3] = [
        (
            1,
            "Harbor City BNI",
            [
                Some(1.0),
                Some(1.5),
                Some(18.5),
                Some(1.0),
                Some(0.0),
                None,
                Some(0.0),
                None,
            ],
            "first, \"quoted\"",
        ),
        (
            15,
            "Harbor City BNI",
            [
                Some(1.0),
                Some(2.0),
                Some(18.5),
                Some(0.0),
                Some(1.0),
                Some(1200.0),
                Some(0.0),
                None,
            ],
            "",
        ),
        (
            20,
            "Rotary",
            [
                Some(1.0),
                Some(1.5),
                Some(25.0),
                Some(0.0),
                Some(0.0),
                None,
                Some(2.0),
                Some(50.0),
            ],
            "",
        ),
    ];
    for (row, (day, group, figures, note)) in (1u32..).zip(rows) {
        let day = ExcelDateTime::from_ymd(2026, 9, day).unwrap();
        sheet
            .write_datetime_with_format(row, 0, &day, &date)
            .unwrap();
        sheet.write_string(row, 1, group).unwrap();
        for (column, figure) in (2u16..).zip(figures) {
            if let Some(figure) = figure {
                sheet.write_number(row, column, figure).unwrap();
            }
        }
        if !note.is_empty() {
            sheet.write_string(row, 10, note).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn every_form_of_one_log_gives_the_same_report() {
    let dir = Workdir::new();
    dir.write("comma.csv", CSV);
    let expected = report(&dir, "comma.csv");
    assert!(
        expected.contains("Harbor City BNI,2,3.50,37.00,1,1,1200.00"),
        "{expected}"
    );

    // A German spreadsheet's CSV: semicolons, decimal commas, day-first dates, its own
    // header names, money grouped with points.
    let german = CSV
        .replace(',', ";")
        .replace(
            "date;group;meetings;hours;cost;leads;deals;revenue;referrals_given;other_value;note",
            "Datum;Group;Meetings;Hours;Cost;Leads;Deals;Revenue;Referrals Given;Other Value;Note",
        )
        .replace("1.5", "1,5")
        .replace("18.5", "18,50")
        .replace(";1200;", ";1.200,00;")
        .replace("2026-09-01", "01.09.2026")
        .replace("2026-09-15", "15.09.2026")
        .replace("2026-09-20", "20.09.2026")
        .replace("\"first; \"\"quoted\"\"\"", "\"first, \"\"quoted\"\"\"");
    dir.write("german/semicolon.csv", &german);
    dir.write("german/netaudit.toml", "[columns]\ndate = \"Datum\"\n");
    let german_report = succeeds(
        dir.netaudit(&[
            "report",
            "semicolon.csv",
            "--today",
            TODAY,
            "-O",
            "csv",
            "-q",
        ])
        .current_dir(dir.path().join("german")),
    );
    assert_eq!(german_report, expected, "semicolon CSV");

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(CSV.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    dir.write("utf16.csv", utf16);
    assert_eq!(report(&dir, "utf16.csv"), expected, "UTF-16");

    dir.write("xlsx-log.bin", xlsx_log());
    assert_eq!(
        report(&dir, "xlsx-log.bin"),
        expected,
        "xlsx, told by its bytes"
    );

    for fixture in ["log.ods", "log-spreadsheetml.xls"] {
        let bytes = std::fs::read(format!("tests/netaudit/fixtures/{fixture}")).unwrap();
        dir.write(fixture, bytes);
        assert_eq!(report(&dir, fixture), expected, "{fixture}");
    }
}

#[test]
fn a_log_in_windows_1252_reads_once_its_encoding_is_named() {
    let dir = Workdir::new();
    let text = CSV.replace("Rotary", "Café Rotary");
    let latin: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    dir.write("latin.csv", &latin);
    fails_with(
        &mut dir.netaudit(&["report", "latin.csv", "--today", TODAY]),
        &[
            "latin.csv:4: column 2 \"group\"",
            "encoding = \"windows-1252\"",
        ],
    );
    dir.write("netaudit.toml", "encoding = \"windows-1252\"\n");
    let read = report(&dir, "latin.csv");
    assert!(read.contains("2026-09,Café Rotary,1,1.50,25.00"), "{read}");
    succeeds(&mut dir.netaudit(&[
        "log",
        "Café Rotary",
        "--file",
        "latin.csv",
        "--hours",
        "2",
        "--date",
        "2026-09-21",
    ]));
    let written = std::fs::read(dir.path().join("latin.csv")).unwrap();
    assert!(
        written.ends_with(b"2026-09-21,Caf\xe9 Rotary,1,2,,,,,,,\n"),
        "{written:?}"
    );
}

#[test]
fn a_spreadsheet_error_names_the_sheet_row_and_column_letter() {
    let dir = Workdir::new();
    let bytes = std::fs::read("tests/netaudit/fixtures/log-spreadsheetml.xls").unwrap();
    let text = String::from_utf8(bytes).unwrap().replace(
        r#"Rotary</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="Number">1.5<"#,
        r#"Rotary</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="Number">-1.5<"#,
    );
    dir.write("bni.xls", text);
    fails_with(
        &mut dir.netaudit(&["report", "bni.xls", "--today", TODAY]),
        &[
            "bni.xls, sheet \"Activity\", row 4: column D \"hours\": got \"-1.5\", expected a number of hours of 0 or more",
            "(negative values are not allowed)",
        ],
    );
    fails_with(
        &mut dir.netaudit(&["report", "bni.xls", "--sheet", "Summary", "--today", TODAY]),
        &["there is no sheet \"Summary\" in it; its sheets: \"Activity\""],
    );
    fails_with(
        &mut dir.netaudit(&["log", "Rotary", "--file", "bni.xls", "--hours", "1"]),
        &["cannot append to bni.xls: it is a spreadsheet file"],
    );
}

#[test]
fn the_workbook_holds_numbers_as_numbers_and_names_as_strings() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        "date,group,meetings,hours,cost
2026-09-20,\"=HYPERLINK(\"\"x\"\")\",1,1.5,25
",
    );
    succeeds(&mut dir.netaudit(&[
        "report",
        "log.csv",
        "--today",
        TODAY,
        "-o",
        "report.xlsx",
        "-q",
    ]));
    let mut book: Xlsx<_> = calamine::open_workbook(dir.path().join("report.xlsx")).unwrap();
    let sheet = book.worksheet_range("report").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("month".to_string()));
    assert_eq!(rows[0][3], Data::String("hours".to_string()));
    let formula_like = rows
        .iter()
        .find(|row| matches!(&row[1], Data::String(name) if name.starts_with("=HYPERLINK")))
        .expect("the group as a string");
    assert_eq!(formula_like[2], Data::Float(1.0), "meetings");
    assert_eq!(formula_like[3], Data::Float(1.5), "hours");
    assert_eq!(formula_like[4], Data::Float(25.0), "cost");
    assert!(
        book.worksheet_formula("report")
            .unwrap()
            .used_cells()
            .next()
            .is_none(),
        "no formulas"
    );

    succeeds(&mut dir.netaudit(&[
        "trend",
        "log.csv",
        "--today",
        TODAY,
        "--metric",
        "hours",
        "-o",
        "trend.xlsx",
    ]));
    let mut trend: Xlsx<_> = calamine::open_workbook(dir.path().join("trend.xlsx")).unwrap();
    assert_eq!(trend.sheet_names(), ["trend", "by month"]);
    let pivot = trend.worksheet_range("by month").unwrap();
    assert_eq!(
        pivot.get_value((0, 1)),
        Some(&Data::String("=HYPERLINK(\"x\")".to_string()))
    );
}

#[test]
fn csv_for_a_comma_decimal_spreadsheet_uses_semicolons_and_decimal_commas() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        "date;group;hours;cost;revenue\n2026-09-01;Harbor City BNI;1,5;18,50;1.200,00\n",
    );
    dir.write("netaudit.toml", "csv_delimiter = \";\"\ndecimal = \",\"\n");
    let out = report(&dir, "log.csv");
    assert!(out.starts_with("month;group;meetings;hours;cost;"), "{out}");
    assert!(
        out.contains("2026-09;Harbor City BNI;0;1,50;18,50;0;0;1200,00;"),
        "{out}"
    );
}

/// The number format of cell `cell` (such as "E2") of the first sheet of an xlsx workbook.
fn number_format(book: &[u8], cell: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("a workbook");
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut text).unwrap();
        text
    };
    let (sheet, styles) = (read("xl/worksheets/sheet1.xml"), read("xl/styles.xml"));
    // An element split from the text before it, so its first attribute has a space too.
    let attribute = |element: &str, name: &str| -> Option<String> {
        let element = format!(" {element}");
        let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(element[start..].split('"').next()?.to_string())
    };
    let element = sheet
        .split("<c ")
        .find(|element| attribute(element, "r").as_deref() == Some(cell))
        .expect(cell);
    let style: usize = attribute(element, "s").map_or(0, |s| s.parse().unwrap());
    let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
    let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's style");
    let id = attribute(xf, "numFmtId").expect("a number format");
    styles
        .split("<numFmt ")
        .find(|format| attribute(format, "numFmtId").as_deref() == Some(id.as_str()))
        .and_then(|format| attribute(format, "formatCode"))
        .unwrap_or(id)
        .replace("&quot;", "\"")
}

#[test]
fn a_workbook_s_money_has_its_currency_and_hours_their_hundredths() {
    let dir = Workdir::new();
    dir.write(
        "log.csv",
        "date,group,meetings,hours,cost,revenue\n2026-09-20,Club,1,\"1,25\",\"4.800,50 €\",\n",
    );
    dir.write("netaudit.toml", "decimal = \",\"\n");
    for (currency, money) in [
        (None, "\"€\"#,##0.00;-\"€\"#,##0.00"),
        (Some("EUR"), "#,##0.00 \"EUR\";-#,##0.00 \"EUR\""),
    ] {
        let mut args = vec![
            "report",
            "log.csv",
            "--today",
            TODAY,
            "-o",
            "report.xlsx",
            "-q",
        ];
        if let Some(currency) = currency {
            args.extend(["--currency", currency]);
        }
        succeeds(&mut dir.netaudit(&args));
        let book = std::fs::read(dir.path().join("report.xlsx")).unwrap();
        // month, group, meetings, hours, cost, leads, deals, revenue, referrals, other
        // value, return per hour, score.
        assert_eq!(number_format(&book, "C2"), "0", "meetings");
        assert_eq!(number_format(&book, "D2"), "0.0#", "hours");
        for money_cell in ["E2", "H2", "J2", "K2"] {
            assert_eq!(number_format(&book, money_cell), money, "{money_cell}");
        }
        assert_eq!(number_format(&book, "L2"), "0.00", "score");
        let mut sheet: Xlsx<_> = calamine::open_workbook(dir.path().join("report.xlsx")).unwrap();
        let range = sheet.worksheet_range("report").unwrap();
        assert_eq!(
            range.get_value((1, 4)),
            Some(&Data::Float(4800.5)),
            "a number still"
        );
    }
}
