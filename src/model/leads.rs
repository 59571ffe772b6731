//! The pipeline and the round, from the ledger's [`Pipeline`]: which leads are open, going
//! cold or due a follow-up on a day, and what to say at the next meeting.

use crate::ledger::{ClientLine, Pipeline, PipelineDeal, PipelineLead};
use crate::names::group_key;
use crate::period::Month;
use chrono::NaiveDate;

/// Where a lead stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadStatus {
    Open,
    /// Open, and in the last month before `lead_life_months` runs out.
    GoingCold,
    /// Open for `lead_life_months` or longer: the report counts it as lost.
    Cold,
    Closed,
    Lost,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Open => "open",
            LeadStatus::GoingCold => "going cold",
            LeadStatus::Cold => "cold",
            LeadStatus::Closed => "closed",
            LeadStatus::Lost => "lost",
        }
    }

    /// Whether the lead still counts as open in a report.
    pub fn is_live(self) -> bool {
        matches!(self, LeadStatus::Open | LeadStatus::GoingCold)
    }
}

/// A line of `netaudit leads`.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadLine {
    pub lead: PipelineLead,
    pub status: LeadStatus,
    /// Days from the lead to the day asked about.
    pub age_days: i64,
    /// Days since a row last named its client (or since the lead, without one).
    pub idle_days: i64,
    /// The first day the report counts it as lost, if it is still open then: the first
    /// of the month `lead_life_months` after its month.
    pub cold_from: NaiveDate,
}

/// What `netaudit leads` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadsAsked {
    /// The leads still open and younger than `lead_life_months`.
    Open,
    /// Every lead: open, cold, closed and lost.
    All,
    /// The open leads no row has named for at least this many days.
    Due(u32),
}

/// The pipeline on `today`, oldest lead first.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadsView {
    pub today: NaiveDate,
    pub asked: LeadsAsked,
    pub lines: Vec<LeadLine>,
}

/// Where `lead` stands on `today`, its leads going cold after `lead_life` months.
pub fn lead_line(lead: &PipelineLead, today: NaiveDate, lead_life: u32) -> LeadLine {
    let cold_month = Month::of(lead.date).plus(i64::from(lead_life.max(1)));
    let cold_from = cold_month.first_day();
    let status = match lead.end {
        Some(end) if end.lost => LeadStatus::Lost,
        Some(_) => LeadStatus::Closed,
        None if today >= cold_from => LeadStatus::Cold,
        None if today >= cold_month.plus(-1).first_day() => LeadStatus::GoingCold,
        None => LeadStatus::Open,
    };
    LeadLine {
        lead: lead.clone(),
        status,
        age_days: (today - lead.date).num_days(),
        idle_days: (today - lead.touched).num_days(),
        cold_from,
    }
}

/// The leads `asked` for of the groups `groups` names (their keys; all when empty).
pub fn leads_view(
    pipeline: &Pipeline,
    today: NaiveDate,
    lead_life: u32,
    asked: LeadsAsked,
    groups: &[String],
) -> LeadsView {
    let lines = (pipeline.leads.iter())
        .filter(|lead| is_of(&lead.group, groups))
        .map(|lead| lead_line(lead, today, lead_life))
        .filter(|line| match asked {
            LeadsAsked::All => true,
            LeadsAsked::Open => line.status.is_live(),
            LeadsAsked::Due(days) => line.status.is_live() && line.idle_days >= i64::from(days),
        })
        .collect();
    LeadsView {
        today,
        asked,
        lines,
    }
}

fn is_of(group: &str, groups: &[String]) -> bool {
    groups.is_empty() || groups.contains(&group_key(group))
}

/// The most clients, and the most prospects, a brief names: what a round has time for.
pub const BRIEF_NAMES: usize = 3;

/// The round, ready to say: the latest clients won, and the prospects being worked on.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    pub today: NaiveDate,
    /// The group asked about, as its rows name it.
    pub group: Option<String>,
    /// The latest deals with a client, newest first.
    pub clients: Vec<PipelineDeal>,
    /// Open leads with a client, the most recently named first.
    pub prospects: Vec<LeadLine>,
    /// With a group: every client it brought.
    pub brought: Vec<ClientLine>,
}

/// The brief on `today`: of the group `group` (its name as shown and its key) with the
/// clients it `brought`, else of every group.
pub fn brief(
    pipeline: &Pipeline,
    today: NaiveDate,
    lead_life: u32,
    group: Option<(String, String)>,
    brought: Vec<ClientLine>,
) -> Brief {
    let keys: Vec<String> = group.iter().map(|(_, key)| key.clone()).collect();
    let clients = (pipeline.deals.iter())
        .filter(|deal| is_of(&deal.group, &keys))
        .take(BRIEF_NAMES)
        .cloned()
        .collect();
    let mut prospects: Vec<LeadLine> = (pipeline.leads.iter())
        .filter(|lead| lead.end.is_none() && !lead.client.is_empty())
        .filter(|lead| is_of(&lead.group, &keys))
        .map(|lead| lead_line(lead, today, lead_life))
        .filter(|line| line.status.is_live())
        .collect();
    // The most recently named first; on a tie, the newer lead.
    prospects.sort_by(|a, b| {
        (b.lead.touched, b.lead.date, &a.lead.client).cmp(&(
            a.lead.touched,
            a.lead.date,
            &b.lead.client,
        ))
    });
    // A client with two leads open is one prospect.
    let mut named = std::collections::HashSet::new();
    prospects.retain(|line| named.insert(group_key(&line.lead.client)));
    prospects.truncate(BRIEF_NAMES);
    Brief {
        today,
        group: group.map(|(name, _)| name),
        clients,
        prospects,
        brought,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::LeadEnd;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn lead(date: &str, touched: &str, end: Option<LeadEnd>) -> PipelineLead {
        PipelineLead {
            group: "Club".to_string(),
            date: day(date),
            client: "Acme".to_string(),
            contact: String::new(),
            count: 1,
            touched: day(touched),
            end,
        }
    }

    #[test]
    fn a_lead_goes_cold_in_the_last_month_of_its_life_and_is_cold_after() {
        let acme = lead("2026-05-31", "2026-05-31", None);
        let status = |today: &str, life| lead_line(&acme, day(today), life).status;
        assert_eq!(status("2026-09-30", 6), LeadStatus::Open);
        assert_eq!(status("2026-10-01", 6), LeadStatus::GoingCold);
        assert_eq!(status("2026-10-31", 6), LeadStatus::GoingCold);
        assert_eq!(status("2026-11-01", 6), LeadStatus::Cold);
        // A life of one month: going cold from its own month, cold from the next.
        assert_eq!(status("2026-05-31", 1), LeadStatus::GoingCold);
        assert_eq!(status("2026-06-01", 1), LeadStatus::Cold);
        let line = lead_line(&acme, day("2026-11-01"), 6);
        assert_eq!((line.age_days, line.cold_from), (154, day("2026-11-01")));
    }

    #[test]
    fn an_ended_lead_is_closed_or_lost_whatever_its_age() {
        let end = |lost| LeadEnd {
            date: day("2026-06-10"),
            lost,
            days: None,
        };
        let today = day("2027-06-01");
        let closed = lead("2026-05-31", "2026-06-10", Some(end(false)));
        assert_eq!(lead_line(&closed, today, 6).status, LeadStatus::Closed);
        let lost = lead("2026-05-31", "2026-06-10", Some(end(true)));
        assert_eq!(lead_line(&lost, today, 6).status, LeadStatus::Lost);
    }

    #[test]
    fn due_keeps_the_live_leads_idle_that_long_and_brief_the_most_recently_named() {
        let pipeline = Pipeline {
            leads: vec![
                lead("2026-09-01", "2026-10-20", None),
                PipelineLead {
                    client: "Birch".to_string(),
                    ..lead("2026-10-01", "2026-10-01", None)
                },
                PipelineLead {
                    client: "acme".to_string(),
                    ..lead("2026-10-05", "2026-10-20", None)
                },
            ],
            deals: Vec::new(),
        };
        let today = day("2026-11-01");
        let due = |days| {
            let view = leads_view(&pipeline, today, 6, LeadsAsked::Due(days), &[]);
            view.lines
                .iter()
                .map(|line| line.lead.client.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(due(12), ["Acme", "Birch", "acme"]);
        assert_eq!(due(13), ["Birch"]);
        // Acme's two leads are one prospect, named on 2026-10-20, the newer lead shown.
        let brief = brief(&pipeline, today, 6, None, Vec::new());
        let named: Vec<(&str, NaiveDate)> = (brief.prospects.iter())
            .map(|line| (line.lead.client.as_str(), line.lead.date))
            .collect();
        assert_eq!(
            named,
            [("acme", day("2026-10-05")), ("Birch", day("2026-10-01"))]
        );
    }
}
