//! Any text as a calendar or a time tracker's export: each importer reads it or says why
//! not, and never panics, hangs or grows without bound.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use netaudit::figures::Amount;
use netaudit::sources::calendar::{self, zones::UserZone};
use netaudit::sources::trackers::{self, Forms, Tracker};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = calendar::Options {
        me: &["me@example.com".to_string()],
        zone: UserZone::Local,
        default_hours: Amount::from_hundredths(100),
        all_day_hours: Some(Amount::from_hundredths(400)),
        last: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
    };
    if let Ok((items, _)) = calendar::read(text, "fuzz.ics", &options) {
        assert!(items.iter().all(|item| item.date <= options.last || !item.id.is_empty()));
    }
    for tracker in [Tracker::Toggl, Tracker::Clockify, Tracker::Harvest] {
        let _ = trackers::read(tracker, text, "fuzz.csv", Forms::default(), &mut |_| Ok(()));
    }
});
