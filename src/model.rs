//! The judgement: group totals and rules in, scores, verdicts and reasons out.
//! Pure functions over plain values; nothing here reads, prints or formats.

use crate::figures::Figures;
use crate::ledger::GroupTotals;
use crate::period::{Month, Window};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The parameters of the judgement, resolved from flags, config and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// What one hour of the user's time is worth.
    pub hourly_rate: f64,
    /// The share of revenue that is value to the user.
    pub margin: f64,
    /// A fixed value for an open lead, instead of the estimate from the log.
    pub lead_value: Option<f64>,
    pub min_meetings: u64,
    pub min_months: u32,
    pub stay_at: f64,
    /// How many leads' worth of weight the pooled close rate carries against a group's own.
    pub prior_leads: f64,
    pub big_group: u64,
    pub no_lead_months: u32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            hourly_rate: 100.0,
            margin: 1.0,
            lead_value: None,
            min_meetings: 6,
            min_months: 6,
            stay_at: 1.0,
            prior_leads: 5.0,
            big_group: 24,
            no_lead_months: 12,
        }
    }
}

/// What the user knows about a group that the log does not say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupFacts {
    pub members: Option<u64>,
    pub joined: Option<Month>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Stay,
    Watch,
    Leave,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Stay => "stay",
            Verdict::Watch => "watch",
            Verdict::Leave => "leave",
        }
    }
}

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
    PaysYourRate {
        score: f64,
        per_hour: f64,
    },
    LeadsOpen {
        score: f64,
        expected_score: f64,
        open_leads: u64,
        lead_value: f64,
        estimated: bool,
    },
    BelowYourRate {
        score: f64,
        per_hour: f64,
    },
    NoLeads {
        hours: f64,
        months: u32,
    },
    NoLeadSince {
        months: i64,
    },
    NoLeadEver {
        months: u32,
    },
    BigRoom {
        members: u64,
        big_group: u64,
    },
    GivesMoreThanGets {
        given: u64,
        leads: u64,
    },
}

/// One group's line of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupReport {
    pub name: String,
    pub figures: Figures,
    /// Months from joining to the report month, inclusive.
    pub tenure_months: u32,
    /// The months of the window the group was a member for.
    pub active_months: u32,
    pub value: f64,
    /// `None` when no hours were logged.
    pub return_per_hour: Option<f64>,
    pub score: Option<f64>,
    pub expected_score: Option<f64>,
    pub verdict: Verdict,
    /// The verdict's own reason first, then warnings.
    pub reasons: Vec<Reason>,
}

/// All groups together.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    pub figures: Figures,
    pub return_per_hour: Option<f64>,
    pub score: Option<f64>,
}

/// What leaving every group marked leave would give back each month.
#[derive(Clone, Debug, PartialEq)]
pub struct Freed {
    pub groups: Vec<String>,
    pub hours_per_month: f64,
    pub worth_per_month: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub month: Month,
    pub window: Window,
    pub hourly_rate: f64,
    /// Best score first; groups without a score last.
    pub groups: Vec<GroupReport>,
    pub totals: Totals,
    pub freed: Freed,
}

/// Close rate and deal value over all groups, the prior that each group's own figures refine.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PooledRates {
    pub close_rate: f64,
    pub deal_value: f64,
}

/// Pooled rates from the sum of every row up to the window's end. A rate with nothing to
/// divide by is 0. More deals than leads (deals logged without their lead) caps the rate at 1.
pub fn pooled_rates(pooled: &Figures, margin: f64) -> PooledRates {
    PooledRates {
        close_rate: ratio(pooled.deals as f64, pooled.leads as f64)
            .unwrap_or(0.0)
            .min(1.0),
        deal_value: ratio(margin * pooled.revenue.as_f64(), pooled.deals as f64).unwrap_or(0.0),
    }
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Scores are quotients of sums of cents, so a score that is exactly at a threshold on paper
/// can land one rounding step below it; a threshold counts as met within this margin.
const THRESHOLD_TOLERANCE: f64 = 1e-9;

fn meets(score: f64, threshold: f64) -> bool {
    score >= threshold - THRESHOLD_TOLERANCE
}

/// value = margin·revenue + other value − cost.
fn value_of(figures: &Figures, margin: f64) -> f64 {
    margin * figures.revenue.as_f64() + figures.other_value.as_f64() - figures.cost.as_f64()
}

/// Judges one group.
pub fn assess(
    totals: &GroupTotals,
    facts: &GroupFacts,
    rules: &Rules,
    window: Window,
    pooled: PooledRates,
) -> GroupReport {
    let f = &totals.figures;
    let joined = facts
        .joined
        .map_or(totals.first_month, |joined| joined.min(totals.first_month));
    let tenure_months = u32::try_from(window.last.months_after(joined) + 1)
        .unwrap_or(1)
        .max(1);
    let active_months = tenure_months.min(window.months());
    let hours = f.hours.as_f64();
    let value = value_of(f, rules.margin);
    let return_per_hour = ratio(value, hours);
    let score = ratio(value, hours * rules.hourly_rate);

    let k = rules.prior_leads;
    let close_rate = ratio(f.deals as f64 + k * pooled.close_rate, f.leads as f64 + k)
        .unwrap_or(pooled.close_rate)
        .min(1.0);
    let lead_value = rules.lead_value.unwrap_or(close_rate * pooled.deal_value);
    let open_leads = f.leads.saturating_sub(f.deals);
    let expected_score = ratio(
        value + open_leads as f64 * lead_value,
        hours * rules.hourly_rate,
    );

    let too_early = Reason::TooEarly {
        meetings: (f.meetings < rules.min_meetings).then_some((f.meetings, rules.min_meetings)),
        months: (tenure_months < rules.min_months).then_some((tenure_months, rules.min_months)),
        no_hours: f.hours.is_zero(),
    };
    let early =
        f.meetings < rules.min_meetings || tenure_months < rules.min_months || f.hours.is_zero();
    let (verdict, reason) = match (score, expected_score, return_per_hour) {
        (Some(score), Some(expected_score), Some(per_hour)) if !early => {
            if meets(score, rules.stay_at) {
                (Verdict::Stay, Reason::PaysYourRate { score, per_hour })
            } else if meets(expected_score, rules.stay_at) {
                let reason = Reason::LeadsOpen {
                    score,
                    expected_score,
                    open_leads,
                    lead_value,
                    estimated: rules.lead_value.is_none(),
                };
                (Verdict::Watch, reason)
            } else if f.leads == 0 {
                (
                    Verdict::Leave,
                    Reason::NoLeads {
                        hours,
                        months: active_months,
                    },
                )
            } else {
                (Verdict::Leave, Reason::BelowYourRate { score, per_hour })
            }
        }
        _ => (Verdict::Watch, too_early),
    };

    let mut reasons = vec![reason];
    match totals.last_lead_month {
        Some(month) => {
            let months = window.last.months_after(month);
            if months >= i64::from(rules.no_lead_months) {
                reasons.push(Reason::NoLeadSince { months });
            }
        }
        None if tenure_months >= rules.no_lead_months => {
            reasons.push(Reason::NoLeadEver {
                months: tenure_months,
            });
        }
        None => {}
    }
    if let Some(members) = facts.members.filter(|&members| members > rules.big_group) {
        reasons.push(Reason::BigRoom {
            members,
            big_group: rules.big_group,
        });
    }
    if f.referrals_given >= 3 && f.referrals_given >= 3 * f.leads {
        reasons.push(Reason::GivesMoreThanGets {
            given: f.referrals_given,
            leads: f.leads,
        });
    }

    GroupReport {
        name: totals.name.clone(),
        figures: *f,
        tenure_months,
        active_months,
        value,
        return_per_hour,
        score,
        expected_score,
        verdict,
        reasons,
    }
}

/// Judges every group and adds the totals and the summary.
/// `facts` is keyed by group key; `pooled` sums every row up to the window's end.
pub fn build_report(
    groups: &[GroupTotals],
    pooled: &Figures,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    window: Window,
) -> Report {
    let rates = pooled_rates(pooled, rules.margin);
    let no_facts = GroupFacts::default();
    let mut reports: Vec<GroupReport> = groups
        .iter()
        .map(|totals| {
            assess(
                totals,
                facts.get(&totals.key).unwrap_or(&no_facts),
                rules,
                window,
                rates,
            )
        })
        .collect();
    reports.sort_by(|a, b| {
        by_score_best_first(a.score, b.score)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });

    let mut figures = Figures::default();
    for report in &reports {
        figures += &report.figures;
    }
    let value = value_of(&figures, rules.margin);
    let totals = Totals {
        figures,
        return_per_hour: ratio(value, figures.hours.as_f64()),
        score: ratio(value, figures.hours.as_f64() * rules.hourly_rate),
    };

    let leaving: Vec<&GroupReport> = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Leave)
        .collect();
    let hours_per_month: f64 = leaving
        .iter()
        .map(|r| r.figures.hours.as_f64() / f64::from(r.active_months))
        .sum();
    let freed = Freed {
        groups: leaving.iter().map(|r| r.name.clone()).collect(),
        hours_per_month,
        worth_per_month: hours_per_month * rules.hourly_rate,
    };

    Report {
        month: window.last,
        window,
        hourly_rate: rules.hourly_rate,
        groups: reports,
        totals,
        freed,
    }
}

fn by_score_best_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
