//! An import's PALMS periods and slips kept apart from the group's others, in the log and
//! among the new rows: two would count the same meetings, referrals or one-to-ones.

use super::rows::Imported;
use crate::sources::csv_log::writer::ExistingLog;
use crate::sources::member_slips;
use crate::sources::palms::{self, Counted, period_of_id};
use anyhow::Result;

/// Fails, naming both, when a new row's PALMS period or slip overlaps what `log` holds of
/// its group, or a PALMS period among `rows`.
pub(super) fn check(rows: &[Imported], log: Option<&ExistingLog>) -> Result<()> {
    let in_log = log.into_iter().flat_map(|log| &log.periods);
    let in_log = in_log.map(|(group, from, to, palms)| Counted {
        group: group.as_str(),
        from: *from,
        to: *to,
        palms: *palms,
        in_log: true,
    });
    let new = (rows.iter()).filter_map(|row| {
        let id = row.id.text();
        let (palms, (from, to)) = match period_of_id(&id) {
            Some(period) => (true, period),
            None => (false, member_slips::period_of_id(&id)?),
        };
        Some(Counted {
            group: row.group,
            from,
            to,
            palms,
            in_log: false,
        })
    });
    palms::check_periods_apart(in_log.chain(new))
}
