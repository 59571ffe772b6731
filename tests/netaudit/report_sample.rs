//! Whole outputs on the sample data, as golden snapshots, and the README kept true.

use crate::common::{Workdir, on_a_terminal, sample_data, succeeds};

fn sample_report(format: &str) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    succeeds(&mut Workdir::new().netaudit(&[
        "report",
        "--config",
        config,
        "--today",
        "2026-11-01",
        "-O",
        format,
    ]))
}

#[test]
fn sample_table() {
    insta::assert_snapshot!("sample_table", sample_report("table"));
}

#[test]
fn sample_csv() {
    insta::assert_snapshot!("sample_csv", sample_report("csv"));
}

#[test]
fn sample_json() {
    let json = sample_report("json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed.as_array().map(Vec::len), Some(5));
    insta::assert_snapshot!("sample_json", json);
}

#[test]
fn table_has_no_colour_off_a_terminal() {
    assert!(!sample_report("table").contains('\u{1b}'));
}

/// The README's first example is the command that prints the sample report, followed by
/// its output; both must be what the binary does today.
#[test]
fn readme_shows_the_sample_report_as_printed() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let command =
        "cargo run --release -- report --config sample-data/netaudit.toml --today 2026-11-01";
    assert!(
        readme.contains(&format!("{command}\n")),
        "README shows the command"
    );
    let start = readme
        .find("Report for 2026-10")
        .expect("README shows the report");
    let shown = &readme[start..];
    let shown = &shown[..shown.find("```").expect("end of the code block")];
    assert_eq!(shown, sample_report("table"));
}

/// The guide's example error is the one line the binary prints for that bad cell.
#[test]
fn the_guide_shows_a_bad_cell_error_as_printed() {
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/log.md"),
    )
    .expect("docs/log.md");
    let shown = guide
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("netaudit: error: activity.csv:14:"))
        .expect("the guide shows an error line");
    let dir = Workdir::new();
    let mut log = format!("{}\n", crate::common::HEADER);
    for day in 1..=12 {
        log.push_str(&format!(
            "2026-10-{day:02},Harbor City BNI,1,2.5,18,,,,,,\n"
        ));
    }
    log.push_str("2026-10-13,Harbor City BNI,1,\"2,5\",18,,,,,,\n");
    dir.write("activity.csv", log);
    let stderr = crate::common::fails_with(&mut dir.netaudit(&["report", "activity.csv"]), &[]);
    assert_eq!(stderr.trim_end(), shown);
}

fn table_on_a_terminal(no_color: Option<&str>) -> String {
    let config = sample_data().join("netaudit.toml");
    let config = config.to_str().expect("UTF-8 path");
    on_a_terminal(
        &["report", "--config", config, "--today", "2026-11-01"],
        no_color,
    )
}

#[test]
fn verdicts_are_coloured_on_a_terminal_unless_no_color_is_set() {
    let coloured = table_on_a_terminal(None);
    assert!(coloured.contains("\u{1b}["), "colour on a terminal");
    assert!(coloured.contains("stay"));
    assert!(
        !table_on_a_terminal(Some("1")).contains('\u{1b}'),
        "NO_COLOR=1"
    );
    assert!(
        table_on_a_terminal(Some("")).contains("\u{1b}["),
        "an empty NO_COLOR does not count"
    );
}
