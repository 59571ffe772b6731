//! Any file as a chapter summary (BNI's PALMS report, or the chapter summary CSV) and as a
//! file of slips (BNI's Slips Audit Report, or the slips CSV), read as `netaudit chapter`
//! reads them: each is read or refused with why; never a panic, a hang or memory without
//! bound.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use netaudit::chapter::Connections;
use netaudit::sources::palms::Period;
use netaudit::sources::slips::{self, SlipRules};
use netaudit::sources::chapter_summary;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One file per fuzzing process, written over for each input.
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("netaudit-fuzz-chapter-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = input_path();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date");
    let given = Period {
        from: Some(day("2026-04-01")),
        to: Some(day("2026-06-30")),
    };
    let names = match chapter_summary::read(path, "fuzz", None, None, given) {
        Ok(summary) => summary.members.iter().map(|line| line.name.clone()).collect(),
        Err(_) => vec!["Dana Reyes".to_string()],
    };
    let mut connections = Connections::new(&names);
    let rules = SlipRules {
        from: given.from.expect("a date"),
        to: given.to.expect("a date"),
        day_first: None,
    };
    let _ = slips::read(path, "fuzz", None, None, rules, &mut connections);
});
