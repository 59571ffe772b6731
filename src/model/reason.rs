//! Why a group got its verdict, and what else deserves a warning: each reason carries
//! its figures, and the renderers put them in words.

use crate::period::Month;

/// Why a group got its verdict, and what else deserves a warning. Each carries its figures.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Too little history to judge; each field is set when that condition holds.
    TooEarly {
        /// (meetings attended, meetings needed)
        meetings: Option<(u64, u64)>,
        /// (months of membership, months needed)
        months: Option<(u32, u32)>,
        no_hours: bool,
    },
    /// `chance` is the chance it pays for your time in the long run, at least `sure_at`.
    PaysYourRate {
        score: f64,
        per_hour: f64,
        chance: f64,
    },
    /// Between stay and leave: the chance is neither `sure_at` nor 1 − `sure_at`.
    NotSureYet {
        chance: f64,
        /// When the window, filled with months like its own, would settle it; set for
        /// the months a report shows (see [`super::report`]).
        settled_by: Option<Month>,
    },
    /// Leads still open, at their expected value, would carry the score across `stay_at`:
    /// they make the difference (a warning beside the verdict's own reason).
    LeadsOpen {
        expected_score: f64,
        /// Leads still open and younger than `lead_life_months`.
        open_leads: u64,
        lead_value: f64,
        estimated: bool,
        /// Leads of the window still open but older, counted as lost.
        lost_leads: u64,
        lead_life_months: u32,
    },
    /// `chance`, at most 1 − `sure_at`; `deals` are the window's, which say how much a
    /// score at or above `stay_at` rests on.
    BelowYourRate {
        score: f64,
        per_hour: f64,
        chance: f64,
        deals: u64,
    },
    NoLeads {
        hours: f64,
        months: u32,
        chance: f64,
    },
    NoLeadSince {
        months: i64,
    },
    NoLeadEver {
        /// Months from the group's first row to the report month.
        months: u32,
        /// Months of membership, when `joined` says it began before the first row.
        member_for: Option<u32>,
    },
    BigRoom {
        members: u64,
        big_group: u64,
        /// Whether the config says anyone can come (`room = "open"`), not only that it
        /// does not say the room is closed.
        open: bool,
    },
    GivesMoreThanGets {
        given: u64,
        leads: u64,
    },
    /// One or two contacts brought most of what the group brought (see
    /// [`super::FEW_PARTNERS_SHARE`]): their names, most first, and their share; the room they
    /// are a few of (`members`, else the contacts the log names), and the group's hours.
    FewPartners {
        names: Vec<String>,
        share: f64,
        room: u64,
        of_members: bool,
        hours: f64,
    },
    /// The group is priced by its own hourly rate or margin (each set where it has one).
    OwnPricing {
        hourly_rate: Option<f64>,
        margin: Option<f64>,
    },
}

impl Reason {
    /// The reason's stable machine name, for scripts: one per kind of reason, whatever
    /// its figures or wording. CSV and JSON carry it in `reason_codes`.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::TooEarly { .. } => "too_early",
            Reason::PaysYourRate { .. } => "pays_your_rate",
            Reason::NotSureYet { .. } => "not_sure_yet",
            Reason::LeadsOpen { .. } => "leads_open",
            Reason::BelowYourRate { .. } => "below_your_rate",
            Reason::NoLeads { .. } => "no_leads",
            Reason::NoLeadSince { .. } => "no_lead_since",
            Reason::NoLeadEver { .. } => "no_lead_ever",
            Reason::BigRoom { .. } => "big_room",
            Reason::GivesMoreThanGets { .. } => "gives_more_than_gets",
            Reason::FewPartners { .. } => "few_partners",
            Reason::OwnPricing { .. } => "own_pricing",
        }
    }
}
