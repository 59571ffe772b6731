//! An import meets what the user already logged: one meeting is counted once, whatever
//! brought it in. On a group's day where the log already holds meetings typed by hand, or
//! imported from another kind of source, a calendar adds only the meetings beyond them (two
//! logged meetings take the place of two imported ones, not a third); a time tracker adds
//! only the hours beyond that day's; a PALMS period only the meetings, and their hours,
//! beyond those the log holds on its days. Rows of the import's own kind are not counted
//! here: their ids already say what is in the log. `import --even-if-logged` adds all.

use super::rows::Imported;
use crate::figures::Amount;
use crate::names::group_key;
use crate::sources::SourceKind;
use crate::sources::csv_log::writer::DayHeld;
use crate::sources::palms::period_of_id;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the log already held, for the summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Absorbed {
    /// Rows left out whole, each named by its date, group and id.
    pub left_out: Vec<String>,
    /// How many of them rows typed by hand held alone.
    pub by_hand: u64,
    /// Rows cut to what is beyond the log's: a tracker's hours, a PALMS period's meetings.
    pub cut: u64,
}

/// What a group's day holds from other sources than the import's, still to be matched.
#[derive(Clone, Copy)]
struct Unmatched {
    meetings: u64,
    hours: i64,
    /// Whether only rows typed by hand hold it.
    by_hand: bool,
}

/// Leaves out of `rows`, or cuts, what the log's other rows (`held`) already hold, for an
/// import of `kind`. Rows are matched in order of day and id, so the same rows are left
/// out each time.
pub(super) fn absorb(
    rows: &mut Vec<Imported>,
    held: &HashMap<(String, NaiveDate), Vec<DayHeld>>,
    kind: SourceKind,
) -> Absorbed {
    let room_of = |group: &str, day: NaiveDate| {
        let mut room = Unmatched {
            meetings: 0,
            hours: 0,
            by_hand: true,
        };
        let others = held.get(&(group_key(group), day)).into_iter().flatten();
        for other in others.filter(|other| other.kind != kind) {
            room.meetings = room.meetings.saturating_add(other.meetings);
            room.hours = room.hours.saturating_add(other.hours.hundredths());
            room.by_hand &= other.kind == SourceKind::Hand;
        }
        room
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| (rows[a].date, &rows[a].id).cmp(&(rows[b].date, &rows[b].id)));
    let mut rooms: HashMap<(String, NaiveDate), Unmatched> = HashMap::new();
    let mut gone = vec![false; rows.len()];
    let mut absorbed = Absorbed::default();
    for at in order {
        let row = &mut rows[at];
        match kind {
            // A slip holds no meeting; its counts are the PALMS report's, which the overlap
            // rule keeps apart (`import::write::new_rows`).
            SourceKind::Hand | SourceKind::Slips | SourceKind::Books | SourceKind::Crm => {}
            SourceKind::Calendar => {
                let key = (group_key(row.group), row.date);
                let room = rooms
                    .entry(key)
                    .or_insert_with(|| room_of(row.group, row.date));
                if row.meetings > 0 && room.meetings >= row.meetings {
                    room.meetings -= row.meetings;
                    gone[at] = true;
                    absorbed.by_hand += u64::from(room.by_hand);
                }
            }
            SourceKind::Tracker(_) => {
                let key = (group_key(row.group), row.date);
                let room = rooms
                    .entry(key)
                    .or_insert_with(|| room_of(row.group, row.date));
                let hours = row.hours.hundredths();
                if room.hours >= hours {
                    room.hours -= hours;
                    gone[at] = true;
                    absorbed.by_hand += u64::from(room.by_hand);
                } else if room.hours > 0 {
                    row.hours = Amount::from_hundredths(hours - room.hours);
                    room.hours = 0;
                    absorbed.cut += 1;
                }
            }
            SourceKind::Palms => {
                let Some((from, to)) = period_of_id(&row.id.text()) else {
                    continue;
                };
                let logged: u64 = (from.iter_days().take_while(|day| *day <= to))
                    .map(|day| room_of(row.group, day).meetings)
                    .fold(0, u64::saturating_add);
                let taken = logged.min(row.meetings);
                if taken > 0 {
                    row.meetings -= taken;
                    let hours = row.hours.hundredths()
                        - (taken as i64).saturating_mul(row.meeting_hours.hundredths());
                    row.hours = Amount::from_hundredths(hours.max(0));
                    absorbed.cut += 1;
                }
            }
        }
        if gone[at] {
            absorbed
                .left_out
                .push(format!("{} {}: {}", row.date, row.group, row.id));
        }
    }
    let mut gone = gone.into_iter();
    rows.retain(|_| !gone.next().unwrap_or(false));
    absorbed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::imported::Id;
    use crate::sources::trackers::Tracker;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn hours(text: &str) -> Amount {
        crate::activity::parse_money(text).unwrap()
    }

    fn row<'g>(date: &str, meetings: u64, worked: &str, id: &str) -> Imported<'g> {
        Imported {
            date: day(date),
            group: "Club",
            meetings,
            hours: hours(worked),
            meeting_hours: hours("1.5"),
            leads: 0,
            referrals_given: 0,
            deals: 0,
            lost: 0,
            contact: String::new(),
            client: String::new(),
            note: String::new(),
            revenue: Amount::default(),
            currency: None,
            id: Id::new(id.to_string()),
        }
    }

    fn held(
        date: &str,
        kind: SourceKind,
        meetings: u64,
        worked: &str,
    ) -> HashMap<(String, NaiveDate), Vec<DayHeld>> {
        HashMap::from([(
            ("club".to_string(), day(date)),
            vec![DayHeld {
                kind,
                meetings,
                hours: hours(worked),
            }],
        )])
    }

    #[test]
    fn two_meetings_logged_by_hand_take_the_place_of_two_imported_not_a_third() {
        let mut rows = vec![
            row("2026-10-06", 1, "1.5", "c"),
            row("2026-10-06", 1, "1.5", "a"),
            row("2026-10-06", 1, "1.5", "b"),
            row("2026-10-07", 1, "1.5", "d"),
        ];
        let logged = held("2026-10-06", SourceKind::Hand, 2, "3");
        let absorbed = absorb(&mut rows, &logged, SourceKind::Calendar);
        assert_eq!(
            absorbed.left_out,
            ["2026-10-06 Club: a", "2026-10-06 Club: b"]
        );
        assert_eq!((absorbed.by_hand, absorbed.cut), (2, 0));
        let ids: Vec<String> = rows.iter().map(|row| row.id.to_string()).collect();
        assert_eq!(ids, ["c", "d"]);
        // The calendar's own rows are its ids' business, not this.
        let mut rows = vec![row("2026-10-06", 1, "1.5", "a")];
        let logged = held("2026-10-06", SourceKind::Calendar, 2, "3");
        assert_eq!(
            absorb(&mut rows, &logged, SourceKind::Calendar),
            Absorbed::default()
        );
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn a_tracker_adds_only_the_hours_beyond_the_day_s() {
        let mut rows = vec![
            row("2026-10-06", 0, "1", "toggl:1"),
            row("2026-10-06", 0, "2", "toggl:2"),
        ];
        let logged = held("2026-10-06", SourceKind::Calendar, 1, "1.5");
        let absorbed = absorb(&mut rows, &logged, SourceKind::Tracker(Tracker::Toggl));
        assert_eq!(absorbed.left_out, ["2026-10-06 Club: toggl:1"]);
        assert_eq!((absorbed.by_hand, absorbed.cut), (0, 1));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].hours, hours("1.5"));
    }

    #[test]
    fn a_palms_period_adds_only_the_meetings_beyond_its_days() {
        let mut rows = vec![row(
            "2026-10-31",
            4,
            "7",
            "palms:ada:2026-10-01..2026-10-31",
        )];
        rows[0].leads = 3;
        let mut logged = held("2026-10-06", SourceKind::Hand, 1, "1.5");
        logged.insert(
            ("club".to_string(), day("2026-10-13")),
            vec![DayHeld {
                kind: SourceKind::Calendar,
                meetings: 1,
                hours: hours("2"),
            }],
        );
        logged.insert(
            ("club".to_string(), day("2026-11-03")),
            vec![DayHeld {
                kind: SourceKind::Hand,
                meetings: 1,
                hours: hours("2"),
            }],
        );
        let absorbed = absorb(&mut rows, &logged, SourceKind::Palms);
        assert_eq!((absorbed.left_out.len(), absorbed.cut), (0, 1));
        // Two of the four meetings are in the log already, with 1.5 hours each.
        assert_eq!(
            (rows[0].meetings, rows[0].hours, rows[0].leads),
            (2, hours("4"), 3)
        );
    }
}
