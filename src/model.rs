//! The judgement: group totals and rules in, scores, verdicts and reasons out.
//! Pure functions over plain values; nothing here reads, prints or formats.

mod certainty;
mod facts;
mod leads;
mod partners;
mod reason;
mod trend;

pub use certainty::{Asked, Certainty, Evidence, Priors, certainty, settled_by};
pub use facts::{Cadence, GroupFacts, Room};
pub use leads::{
    BRIEF_NAMES, Brief, LeadLine, LeadStatus, LeadsAsked, LeadsView, brief, lead_line, leads_view,
};
pub use partners::{
    FEW_PARTNERS_SHARE, GroupPartners, PartnerLine, PartnersView, few_partners, median,
    partner_lines, partners_view,
};
pub use reason::Reason;
pub use trend::{Metric, MetricKind, Trend, TrendRow, build_trend, trend};

use crate::activity::{MONEY_COLUMNS, MONEY_FIELDS};
use crate::currency::{Code, Rate};
use crate::figures::Figures;
use crate::ledger::{GroupTotals, Ledger};
use crate::period::{Month, Window};
use crate::settings::Rules;
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Ordered from best to worst, so `--fail-on watch` means watch or worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// One group's line of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupReport {
    /// The group's identity (see [`crate::names::group_key`]).
    pub key: String,
    pub name: String,
    pub figures: Figures,
    /// Months from joining to the report month, inclusive.
    pub tenure_months: u32,
    /// The months of the window the log covers the group for: from its first row.
    pub active_months: u32,
    pub value: f64,
    /// `None` when no hours were logged.
    pub return_per_hour: Option<f64>,
    pub score: Option<f64>,
    pub expected_score: Option<f64>,
    pub verdict: Verdict,
    /// The verdict the report for the month before gives, when the group had activity in
    /// that report's window (see [`mark_changes`]).
    pub previous_verdict: Option<Verdict>,
    /// The verdict's own reason first, then warnings.
    pub reasons: Vec<Reason>,
    /// What an hour in the group is worth and the share of its revenue that is value: its
    /// own where it has them, else the report's.
    pub hourly_rate: f64,
    pub margin: f64,
    /// Revenue of the window beyond `repeat_business_months` of its client's first
    /// business: shown, never scored.
    pub lifetime_value: crate::figures::Amount,
    /// What an open lead of the group is worth: `lead_value`, else its estimate.
    pub lead_value: f64,
    /// The median days from lead to deal of the window's deals whose rows named the
    /// client; `None` without one.
    pub median_days_to_deal: Option<f64>,
    /// What the window shows of the group's rates, and how sure its score is: the latter
    /// for the report's own month only (see [`report`]), `None` without hours.
    pub evidence: Evidence,
    pub certainty: Option<Certainty>,
}

impl GroupReport {
    /// What the group brought before its costs, at its own margin.
    pub fn gross(&self) -> f64 {
        gross_of(&self.figures, self.margin)
    }

    /// What the group cost in money and in time, at its own rate.
    pub fn price(&self) -> f64 {
        self.figures.cost.as_f64() + self.figures.hours.as_f64() * self.hourly_rate
    }
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

/// A group whose membership ended before the report month, which is not judged.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftGroup {
    pub name: String,
    pub left: Month,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub month: Month,
    /// The day the report month is reported up to, when it is not over yet.
    pub to_date: Option<NaiveDate>,
    pub window: Window,
    pub hourly_rate: f64,
    /// The long-run score that pays for the user's time, which the charts draw a line at.
    pub stay_at: f64,
    /// Best score first; groups without a score last.
    pub groups: Vec<GroupReport>,
    pub totals: Totals,
    pub freed: Freed,
    /// Groups with figures in the window whose membership ended before its last month.
    pub left: Vec<LeftGroup>,
    /// The log's currency, when the config or the log's cells say it.
    pub currency: Option<Code>,
    /// The other currencies the log's money was converted from, each at the user's rate.
    pub rates: Vec<(Code, Rate)>,
    /// What every group together shows, which each group's own figures refine.
    pub priors: Priors,
}

/// The priors from the sum of every row up to the window's end. A rate with nothing to
/// divide by is 0. More deals than leads (deals logged without their lead) caps the close
/// rate at 1. `valued_revenue` is the pooled revenue at each group's own margin.
pub fn priors_of(pooled: &Figures, valued_revenue: f64, rules: &Rules) -> Priors {
    Priors {
        leads_per_hour: ratio(pooled.leads as f64, pooled.hours.as_f64()).unwrap_or(0.0),
        close_rate: ratio(pooled.deals as f64, pooled.leads as f64)
            .unwrap_or(0.0)
            .min(1.0),
        deal_value: ratio(valued_revenue, pooled.deals as f64).unwrap_or(0.0),
        close_weight: rules.prior_leads,
    }
}

/// Every group's figures up to the window's end, summed, and their revenue valued at each
/// group's own margin.
pub fn pooled_of<'a>(
    groups: impl IntoIterator<Item = (&'a str, Figures)>,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
) -> (Figures, f64) {
    let mut pooled = Figures::default();
    let mut valued_revenue = 0.0;
    for (key, figures) in groups {
        let margin = facts
            .get(key)
            .and_then(|facts| facts.margin)
            .unwrap_or(rules.margin);
        valued_revenue += margin * figures.revenue.as_f64();
        pooled += &figures;
    }
    (pooled, valued_revenue)
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

/// A score to the 2 decimals every output shows, rounded half away from zero and never
/// -0.00. The verdict follows the chance, not the score, so a score shown beside a verdict
/// it seems to disagree with (1.02 beside leave) is explained by the reasons, not rounded
/// toward it.
pub fn score_shown(score: f64) -> f64 {
    (score * 100.0).round() / 100.0 + 0.0
}

/// value = margin·revenue + other value − cost.
fn value_of(figures: &Figures, margin: f64) -> f64 {
    gross_of(figures, margin) - figures.cost.as_f64()
}

/// What a group brought before its costs: margin·revenue + other value.
fn gross_of(figures: &Figures, margin: f64) -> f64 {
    margin * figures.revenue.as_f64() + figures.other_value.as_f64()
}

/// score = what the group brought / what it cost, money and time (at the hourly rate).
/// Unlike value per hour, this can only fall when hours or cost grow: spending more time
/// in a group that loses money makes its score worse, not less negative. `None` without hours.
fn score_of(brought: f64, figures: &Figures, rules: &Rules) -> Option<f64> {
    let hours = figures.hours.as_f64();
    (hours > 0.0).then(|| brought / (figures.cost.as_f64() + hours * rules.hourly_rate))
}

/// Judges one group: how sure its score is decides the verdict (docs/scoring.md, "How
/// sure"), once it has had the months and meetings to be judged at all.
pub fn assess(
    totals: &GroupTotals,
    facts: &GroupFacts,
    rules: &Rules,
    window: Window,
    priors: &Priors,
) -> GroupReport {
    let rules = &facts.rules_for(rules);
    let f = &totals.figures;
    let joined = facts
        .joined
        .map_or(totals.first_month, |joined| joined.min(totals.first_month));
    let months_to_report = |from: Month| {
        u32::try_from(window.last.months_after(from) + 1)
            .unwrap_or(1)
            .max(1)
    };
    let tenure_months = months_to_report(joined);
    let logged_months = months_to_report(totals.first_month);
    let active_months = logged_months.min(window.months());
    let hours = f.hours.as_f64();
    let value = value_of(f, rules.margin);
    let return_per_hour = ratio(value, hours);
    let score = score_of(gross_of(f, rules.margin), f, rules);

    let k = rules.prior_leads;
    let close_rate = ratio(f.deals as f64 + k * priors.close_rate, f.leads as f64 + k)
        .unwrap_or(priors.close_rate)
        .min(1.0);
    let lead_value = rules.lead_value.unwrap_or(close_rate * priors.deal_value);
    let (open_leads, lost_leads) =
        open_and_lost(&totals.open_leads, window, rules.lead_life_months);
    let expected_score = score_of(
        gross_of(f, rules.margin) + open_leads as f64 * lead_value,
        f,
        rules,
    );

    let evidence = Evidence {
        hours,
        price: f.cost.as_f64() + hours * rules.hourly_rate,
        other_value: f.other_value.as_f64(),
        valued_revenue: rules.margin * f.revenue.as_f64(),
        leads: f.leads as f64,
        deals: f.deals as f64,
        failures: f.leads.saturating_sub(f.deals + open_leads) as f64,
        months: f64::from(active_months),
    };
    let certainty = (hours > 0.0).then(|| {
        let seed = crate::stable_hash::stable_hash(&totals.key);
        certainty(&evidence, priors, rules.stay_at, seed)
    });

    let few_meetings =
        (f.meetings < rules.min_meetings).then_some((f.meetings, rules.min_meetings));
    let short_tenure =
        (tenure_months < rules.min_months).then_some((tenure_months, rules.min_months));
    let no_hours = f.hours.is_zero();
    let early = few_meetings.is_some() || short_tenure.is_some() || no_hours;
    let judged = match (score, return_per_hour, certainty) {
        (Some(score), Some(per_hour), Some(sure)) if !early => Some((score, per_hour, sure)),
        _ => None,
    };
    let (verdict, reason) = match judged {
        Some((score, per_hour, sure)) => {
            let chance = sure.chance_stay;
            if meets(chance, rules.sure_at) {
                let reason = Reason::PaysYourRate {
                    score,
                    per_hour,
                    chance,
                };
                (Verdict::Stay, reason)
            } else if !meets(chance, 1.0 - rules.sure_at + THRESHOLD_TOLERANCE * 2.0) {
                let reason = match f.leads {
                    0 => Reason::NoLeads {
                        hours,
                        months: active_months,
                        chance,
                    },
                    _ => Reason::BelowYourRate {
                        score,
                        per_hour,
                        chance,
                        deals: f.deals,
                    },
                };
                (Verdict::Leave, reason)
            } else {
                let reason = Reason::NotSureYet {
                    chance,
                    settled_by: None,
                };
                (Verdict::Watch, reason)
            }
        }
        None => {
            let reason = Reason::TooEarly {
                meetings: few_meetings,
                months: short_tenure,
                no_hours,
            };
            (Verdict::Watch, reason)
        }
    };

    let mut reasons = vec![reason];
    // The open leads make the difference when, at what they are expected to bring, they
    // would carry the score across `stay_at`.
    if let (Some((score, ..)), Some(expected_score)) = (judged, expected_score)
        && !meets(score, rules.stay_at)
        && meets(expected_score, rules.stay_at)
    {
        reasons.push(Reason::LeadsOpen {
            expected_score,
            open_leads,
            lead_value,
            estimated: rules.lead_value.is_none(),
            lost_leads,
            lead_life_months: rules.lead_life_months,
        });
    }
    match totals.last_lead_month {
        Some(month) => {
            let months = window.last.months_after(month);
            if months >= i64::from(rules.no_lead_months) {
                reasons.push(Reason::NoLeadSince { months });
            }
        }
        None if logged_months >= rules.no_lead_months => {
            reasons.push(Reason::NoLeadEver {
                months: logged_months,
                member_for: (tenure_months > logged_months).then_some(tenure_months),
            });
        }
        None => {}
    }
    // Size counts against an open room only (see [`Room`]).
    let open = facts.room != Some(Room::Closed);
    if let Some(members) = (facts.members).filter(|&members| open && members > rules.big_group) {
        reasons.push(Reason::BigRoom {
            members,
            big_group: rules.big_group,
            open: facts.room == Some(Room::Open),
        });
    }
    if f.referrals_given >= 3 && f.referrals_given >= 3 * f.leads {
        reasons.push(Reason::GivesMoreThanGets {
            given: f.referrals_given,
            leads: f.leads,
        });
    }
    // Only the reason is kept: `partners` works the lines out again for the groups it shows.
    let partners = partner_lines(
        totals,
        window,
        rules.margin,
        lead_value,
        rules.lead_life_months,
    );
    if let Some(few) = few_partners(&partners, facts.members, totals.contacts_named, hours) {
        reasons.push(few);
    }
    if facts.hourly_rate.is_some() || facts.margin.is_some() {
        reasons.push(Reason::OwnPricing {
            hourly_rate: facts.hourly_rate,
            margin: facts.margin,
        });
    }

    GroupReport {
        key: totals.key.clone(),
        name: totals.name.clone(),
        figures: *f,
        tenure_months,
        active_months,
        value,
        return_per_hour,
        score,
        expected_score,
        verdict,
        previous_verdict: None,
        reasons,
        hourly_rate: rules.hourly_rate,
        margin: rules.margin,
        lifetime_value: totals.lifetime_value,
        lead_value,
        median_days_to_deal: partners::median(&totals.days_to_deal),
        evidence,
        certainty,
    }
}

/// The leads open at the window's end that still count, and those of the window that are
/// older than `lead_life` months and count as lost. `open` holds the leads still open by
/// the month they came in.
fn open_and_lost(open: &[(Month, u64)], window: Window, lead_life: u32) -> (u64, u64) {
    let youngest_lost = window.last.plus(-i64::from(lead_life.max(1)));
    open.iter()
        .filter(|(month, _)| window.contains(*month))
        .fold((0, 0), |(live, lost), &(month, count)| {
            if month > youngest_lost {
                (live + count, lost)
            } else {
                (live, lost + count)
            }
        })
}

/// Judges every group whose membership had not ended before the window's last month, and
/// adds the totals and the summary. `facts` is keyed by group key; `pooled` sums every row
/// up to the window's end.
pub fn build_report(
    groups: &[GroupTotals],
    pooled: &(Figures, f64),
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    window: Window,
) -> Report {
    let priors = priors_of(&pooled.0, pooled.1, rules);
    let no_facts = GroupFacts::default();
    let facts_of = |totals: &GroupTotals| facts.get(&totals.key).unwrap_or(&no_facts);
    let ended = |totals: &GroupTotals| totals.left.filter(|&left| left < window.last);
    let mut left: Vec<LeftGroup> = groups
        .iter()
        .filter_map(|totals| {
            ended(totals).map(|left| LeftGroup {
                name: totals.name.clone(),
                left,
            })
        })
        .collect();
    left.sort_by(|a, b| b.left.cmp(&a.left).then_with(|| a.name.cmp(&b.name)));
    let judged: Vec<&GroupTotals> = groups
        .iter()
        .filter(|totals| ended(totals).is_none())
        .collect();
    let mut reports = on_cores(&judged, |totals| {
        assess(totals, facts_of(totals), rules, window, &priors)
    });
    reports.sort_by(|a, b| {
        by_score_best_first(a.score, b.score)
            .then_with(|| by_score_best_first(a.expected_score, b.expected_score))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });

    // Each group's hours priced at its own rate, its revenue valued at its own margin.
    let mut figures = Figures::default();
    let (mut gross, mut price) = (0.0, 0.0);
    for report in &reports {
        figures += &report.figures;
        gross += report.gross();
        price += report.price();
    }
    let hours = figures.hours.as_f64();
    let totals = Totals {
        figures,
        return_per_hour: ratio(gross - figures.cost.as_f64(), hours),
        score: (hours > 0.0).then(|| gross / price),
    };

    let leaving: Vec<&GroupReport> = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Leave)
        .collect();
    let monthly_hours = |r: &GroupReport| r.figures.hours.as_f64() / f64::from(r.active_months);
    let freed = Freed {
        groups: leaving.iter().map(|r| r.name.clone()).collect(),
        hours_per_month: leaving.iter().map(|r| monthly_hours(r)).sum(),
        worth_per_month: leaving
            .iter()
            .map(|r| monthly_hours(r) * r.hourly_rate)
            .sum(),
    };

    Report {
        month: window.last,
        to_date: None,
        window,
        hourly_rate: rules.hourly_rate,
        stay_at: rules.stay_at,
        groups: reports,
        totals,
        freed,
        left,
        currency: None,
        rates: Vec::new(),
        priors,
    }
}

/// A group whose cost, revenue or other value adds up to less than 0 over a window: a
/// refund larger than what it refunds, which no score can be made of.
#[derive(Clone, Debug, PartialEq)]
pub struct NegativeSum {
    pub group: String,
    /// The figure's name, as the log's column is.
    pub figure: &'static str,
    pub sum: crate::figures::Amount,
    pub window: Window,
}

/// The first figure of money below 0 over `window` among `groups`.
pub fn negative_sum(groups: &[GroupTotals], window: Window) -> Option<NegativeSum> {
    groups.iter().find_map(|totals| {
        MONEY_COLUMNS
            .into_iter()
            .zip(MONEY_FIELDS)
            .map(|(column, field)| (column.name(), (field.get)(&totals.figures)))
            .find(|(_, sum)| sum.is_negative())
            .map(|(figure, sum)| NegativeSum {
                group: totals.name.clone(),
                figure,
                sum,
                window,
            })
    })
}

/// Which groups a report or a trend shows: every group, or those named (`--group`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The keys of the groups shown (see [`crate::names::group_key`]); `None` for all.
    keys: Option<HashSet<String>>,
}

impl Selection {
    pub fn all() -> Selection {
        Selection::default()
    }

    /// Only the groups with these keys.
    pub fn only(keys: impl IntoIterator<Item = String>) -> Selection {
        Selection {
            keys: Some(keys.into_iter().collect()),
        }
    }

    pub fn shows(&self, key: &str) -> bool {
        self.keys.as_ref().is_none_or(|keys| keys.contains(key))
    }

    /// `groups` without those not shown.
    fn keep(&self, mut groups: Vec<GroupTotals>) -> Vec<GroupTotals> {
        groups.retain(|totals| self.shows(&totals.key));
        groups
    }
}

/// The report on `ledger` for `window`, each group marked with the verdict the same
/// ledger gives for the window a month earlier. Only the `selection`'s groups are shown,
/// and only they make the totals, but each is judged as in the report of every group:
/// the rates that value open leads pool every group's rows. Fails when a group's money
/// adds up to less than 0 over `window`.
pub fn report(
    ledger: &Ledger,
    facts: &HashMap<String, GroupFacts>,
    rules: &Rules,
    window: Window,
    selection: &Selection,
) -> Result<Report, NegativeSum> {
    let report_for = |window: Window, groups: &[GroupTotals]| {
        let pooled = pooled_of(ledger.pooled_by_group(window.last), facts, rules);
        build_report(groups, &pooled, facts, rules, window)
    };
    let groups = ledger.group_totals(window);
    if let Some(negative) = negative_sum(&groups, window) {
        return Err(negative);
    }
    let mut report = report_for(window, &selection.keep(groups));
    report.currency = ledger.currency();
    report.rates = ledger.rates_used();
    let previous = Window::ending(window.last.plus(-1), window.months());
    mark_changes(
        &mut report,
        &report_for(previous, &selection.keep(ledger.group_totals(previous))),
    );
    add_settled_by(&mut report, rules);
    Ok(report)
}

/// When each group's chance would settle, for the report's month only: it costs several
/// times the draws its verdict did, and no other month shows it.
fn add_settled_by(report: &mut Report, rules: &Rules) {
    let asked = Asked {
        stay_at: rules.stay_at,
        sure_at: rules.sure_at,
        window_months: report.window.months(),
        month: report.month,
    };
    let priors = report.priors;
    let settled = on_cores(&report.groups, |group| {
        let sure = group.certainty?;
        let seed = crate::stable_hash::stable_hash(&group.key);
        settled_by(&group.evidence, &priors, &asked, seed, sure.chance_stay)
    });
    for (group, month) in report.groups.iter_mut().zip(settled) {
        if let Some(sure) = &mut group.certainty {
            sure.settled_by = month;
        }
        for reason in &mut group.reasons {
            if let Reason::NotSureYet { settled_by, .. } = reason {
                *settled_by = month;
            }
        }
    }
}

/// `work` done on each of `items`, in their order, shared among the machine's cores: each
/// group's draws are its own (seeded by its key), so the output is the same on one core or
/// many, and a log of hundreds of groups would otherwise spend more on them than on
/// reading its rows.
fn on_cores<T: Sync, U: Send>(items: &[T], work: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Below a few dozen groups a thread costs more than it saves.
    let share = items.len().div_ceil(cores).max(32);
    if items.len() <= share {
        return items.iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(share)
            .map(|part| scope.spawn(move || part.iter().map(work).collect::<Vec<U>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| {
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Sets each group's `previous_verdict` from `previous`, the report on the same log with the
/// report month one month earlier.
pub fn mark_changes(report: &mut Report, previous: &Report) {
    let earlier: HashMap<&str, Verdict> = previous
        .groups
        .iter()
        .map(|group| (group.key.as_str(), group.verdict))
        .collect();
    for group in &mut report.groups {
        group.previous_verdict = earlier.get(group.key.as_str()).copied();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Amount;

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    fn money(units: i64) -> Amount {
        Amount::from_hundredths(units * 100)
    }

    /// A window of 12 months ending 2026-10.
    fn window() -> Window {
        Window::ending(month("2026-10"), 12)
    }

    /// A group member since 2025-01 with a lead in the report month: judged, no warnings.
    /// The leads its deals did not close are open, all from the report month.
    fn totals(figures: Figures) -> GroupTotals {
        let open = figures.leads.saturating_sub(figures.deals);
        GroupTotals {
            key: "g".to_string(),
            name: "G".to_string(),
            figures,
            first_month: month("2025-01"),
            last_lead_month: Some(month("2026-10")),
            open_leads: if open > 0 {
                vec![(month("2026-10"), open)]
            } else {
                Vec::new()
            },
            left: None,
            lifetime_value: Amount::default(),
            partners: Vec::new(),
            contacts_named: 0,
            days_to_deal: Vec::new(),
            revenue_set_aside: Amount::default(),
        }
    }

    /// 10 meetings, 10 hours, and revenue worth `revenue`.
    fn judged(revenue: i64, leads: u64, deals: u64) -> Figures {
        Figures {
            meetings: 10,
            hours: money(10),
            revenue: money(revenue),
            leads,
            deals,
            ..Figures::default()
        }
    }

    /// Groups whose pool shows no rate at all: each is judged on its own figures.
    const NO_POOL: Priors = Priors {
        leads_per_hour: 0.0,
        close_rate: 0.0,
        deal_value: 0.0,
        close_weight: 5.0,
    };

    fn assess_with(figures: Figures, rules: &Rules, priors: &Priors) -> GroupReport {
        assess(
            &totals(figures),
            &GroupFacts::default(),
            rules,
            window(),
            priors,
        )
    }

    fn verdict(figures: Figures) -> Verdict {
        assess_with(figures, &Rules::default(), &NO_POOL).verdict
    }

    /// A group that pays many times over, on plenty of events: 10 leads in 10 hours,
    /// 5 of them deals worth 50,000.
    fn paying() -> Figures {
        judged(50_000, 10, 5)
    }

    /// A group that pays half its cost, on plenty of events: 10 deals worth 500.
    fn poor() -> Figures {
        judged(500, 10, 10)
    }

    #[test]
    fn a_score_is_shown_rounded_half_away_from_zero_whatever_the_verdict() {
        assert_eq!(score_shown(0.995), 1.0);
        assert_eq!(score_shown(0.994_999), 0.99);
        assert_eq!(score_shown(1.234), 1.23);
        assert_eq!(score_shown(1.235_000_1), 1.24);
        assert_eq!(score_shown(-0.001), 0.0);
        assert!(score_shown(-0.001).is_sign_positive(), "never -0.00");
        assert_eq!(score_shown(-1.256), -1.26);
    }

    #[test]
    fn the_verdict_follows_the_chance_at_sure_at_either_way() {
        // The user's groups bring a lead in 10 hours, half of them deals of 1,500.
        let pool = Priors {
            leads_per_hour: 0.1,
            close_rate: 0.5,
            deal_value: 1_500.0,
            close_weight: 5.0,
        };
        let chance = |figures: Figures| {
            let report = assess_with(figures, &Rules::default(), &pool);
            report.certainty.expect("hours").chance_stay
        };
        let at = |figures: Figures, sure_at: f64| {
            let rules = Rules {
                sure_at,
                ..Rules::default()
            };
            assess_with(figures, &rules, &pool).verdict
        };
        // One deal in 10 hours: a score of 1.5 or 5 on little evidence, the first less
        // likely to pay than not, the second more.
        let (lucky, luckier) = (judged(1_500, 1, 1), judged(5_000, 1, 1));
        let (c, d) = (chance(lucky), chance(luckier));
        assert!(c > 0.2 && c < 0.5 && d > 0.5 && d < 0.8, "{c} {d}");
        assert_eq!(
            (at(lucky, 0.8), at(luckier, 0.8)),
            (Verdict::Watch, Verdict::Watch)
        );
        assert_eq!(at(luckier, d), Verdict::Stay, "exactly sure_at stays");
        assert_eq!(at(luckier, d + 0.001), Verdict::Watch);
        assert_eq!(
            at(lucky, 1.0 - c),
            Verdict::Leave,
            "exactly 1 − sure_at leaves"
        );
        assert_eq!(at(lucky, 1.0 - c + 0.001), Verdict::Watch);
        assert!(matches!(
            assess_with(lucky, &Rules::default(), &pool).reasons[0],
            Reason::NotSureYet {
                settled_by: None,
                ..
            }
        ));
        assert_eq!(verdict(paying()), Verdict::Stay);
        assert_eq!(verdict(poor()), Verdict::Leave);
    }

    #[test]
    fn a_lucky_score_above_stay_at_can_leave_and_one_below_can_stay() {
        // Deals of 1,100 in a pool where deals are worth 300 and leads rare: one deal of a
        // score 1.1 says little against the user's other groups.
        let pool = Priors {
            leads_per_hour: 0.02,
            close_rate: 0.1,
            deal_value: 300.0,
            close_weight: 5.0,
        };
        let lucky = assess_with(judged(1_100, 1, 1), &Rules::default(), &pool);
        assert_eq!(lucky.verdict, Verdict::Leave, "{:?}", lucky.reasons);
        assert!(matches!(
            lucky.reasons[0],
            Reason::BelowYourRate { deals: 1, .. }
        ));
        // 0.95 on 20 deals in a pool of far better groups: likely to pay.
        let pool = Priors {
            leads_per_hour: 3.0,
            close_rate: 0.6,
            deal_value: 5_000.0,
            close_weight: 5.0,
        };
        let steady = assess_with(judged(950, 40, 20), &Rules::default(), &pool);
        assert_eq!(steady.score, Some(0.95));
        assert_eq!(steady.verdict, Verdict::Stay, "{:?}", steady.certainty);
    }

    #[test]
    fn value_and_score_follow_their_formulas() {
        let figures = Figures {
            meetings: 10,
            hours: money(10),
            revenue: money(2000),
            other_value: money(300),
            cost: money(100),
            leads: 1,
            deals: 1,
            ..Figures::default()
        };
        let rules = Rules {
            margin: 0.5,
            hourly_rate: 50.0,
            ..Rules::default()
        };
        let report = assess_with(figures, &rules, &NO_POOL);
        assert_eq!(report.value, 1200.0);
        assert_eq!(report.return_per_hour, Some(120.0));
        // Brought 0.5·2000 + 300 = 1300; cost 100 + 10 h at 50 = 600.
        assert_eq!(report.score, Some(1300.0 / 600.0));
    }

    #[test]
    fn too_few_meetings_is_watch_and_exactly_min_meetings_is_judged() {
        let mut figures = judged(5000, 1, 1);
        figures.meetings = 5;
        let report = assess_with(figures, &Rules::default(), &NO_POOL);
        assert_eq!(report.verdict, Verdict::Watch);
        assert_eq!(
            report.reasons[0],
            Reason::TooEarly {
                meetings: Some((5, 6)),
                months: None,
                no_hours: false
            }
        );
        let mut figures = paying();
        figures.meetings = 6;
        assert_eq!(verdict(figures), Verdict::Stay);
    }

    #[test]
    fn short_tenure_is_watch_and_exactly_min_months_is_judged() {
        let figures = paying();
        let mut group = totals(figures);
        group.first_month = month("2026-06"); // 2026-06 to 2026-10: 5 months
        let report = assess(
            &group,
            &GroupFacts::default(),
            &Rules::default(),
            window(),
            &NO_POOL,
        );
        assert_eq!(report.tenure_months, 5);
        assert_eq!(report.verdict, Verdict::Watch);
        group.first_month = month("2026-05");
        let report = assess(
            &group,
            &GroupFacts::default(),
            &Rules::default(),
            window(),
            &NO_POOL,
        );
        assert_eq!(report.tenure_months, 6);
        assert_eq!(report.verdict, Verdict::Stay);
    }

    /// Assessed with `open` leads still open, by month, and 2 of 10 leads closed.
    fn with_open_leads(open: &[(&str, u64)], rules: &Rules) -> GroupReport {
        let mut group = totals(judged(900, 10, 2));
        group.open_leads = open.iter().map(|&(m, n)| (month(m), n)).collect();
        let pooled = Priors {
            close_rate: 0.5,
            deal_value: 1000.0,
            ..NO_POOL
        };
        assess(&group, &GroupFacts::default(), rules, window(), &pooled)
    }

    fn open_reason(report: &GroupReport) -> Option<&Reason> {
        (report.reasons.iter()).find(|reason| matches!(reason, Reason::LeadsOpen { .. }))
    }

    #[test]
    fn a_lead_exactly_lead_life_months_old_counts_as_lost() {
        let rules = Rules::default(); // lead_life_months 6; report month 2026-10
        // 2026-05 is 5 months before the report month: still open. 2026-04 is 6: lost.
        // A lead from before the window (2025-10) is neither.
        let report = with_open_leads(&[("2025-10", 4), ("2026-04", 2), ("2026-05", 1)], &rules);
        let Some(&Reason::LeadsOpen {
            open_leads,
            lost_leads,
            lead_life_months,
            ..
        }) = open_reason(&report)
        else {
            panic!("{:?}", report.reasons);
        };
        assert_eq!((open_leads, lost_leads, lead_life_months), (1, 2, 6));
        let none_lost = with_open_leads(&[("2026-05", 1)], &rules);
        assert_eq!(
            none_lost.expected_score, report.expected_score,
            "lost leads add nothing"
        );
        let longer = Rules {
            lead_life_months: 7,
            ..Rules::default()
        };
        let report = with_open_leads(&[("2026-04", 2), ("2026-05", 1)], &longer);
        assert!(matches!(
            open_reason(&report),
            Some(Reason::LeadsOpen {
                open_leads: 3,
                lost_leads: 0,
                ..
            })
        ));
        let cold = with_open_leads(&[("2026-04", 3)], &rules);
        assert_eq!(open_reason(&cold), None, "no lead left open to wait for");
    }

    #[test]
    fn no_lead_counts_the_months_of_logging_and_says_how_long_the_membership_is() {
        let mut group = totals(judged(5000, 0, 0));
        group.last_lead_month = None;
        group.first_month = month("2025-11"); // 12 months logged
        let joined = GroupFacts {
            joined: Some(month("2023-05")),
            ..GroupFacts::default()
        };
        let rules = Rules::default();
        let report = assess(&group, &joined, &rules, window(), &NO_POOL);
        assert!(report.reasons.contains(&Reason::NoLeadEver {
            months: 12,
            member_for: Some(42)
        }));
        group.first_month = month("2026-09"); // 2 months logged, 42 of membership
        let report = assess(&group, &joined, &rules, window(), &NO_POOL);
        assert!(
            !report
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::NoLeadEver { .. })),
            "{:?}",
            report.reasons
        );
        assert_eq!(report.tenure_months, 42);
    }

    #[test]
    fn a_group_left_before_the_report_month_is_listed_not_judged() {
        let group = |key: &str, left: Option<&str>| GroupTotals {
            key: key.to_string(),
            name: key.to_uppercase(),
            left: left.map(month),
            ..totals(judged(0, 0, 0))
        };
        let report = build_report(
            &[
                group("gone", Some("2026-09")),
                group("leaving", Some("2026-10")),
                group("kept", None),
            ],
            &(Figures::default(), 0.0),
            &HashMap::new(),
            &Rules::default(),
            window(),
        );
        let judged: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            judged,
            ["KEPT", "LEAVING"],
            "left in the report month is judged"
        );
        assert_eq!(
            report.left,
            [LeftGroup {
                name: "GONE".to_string(),
                left: month("2026-09")
            }]
        );
        assert_eq!(report.freed.groups, ["KEPT", "LEAVING"]);
        assert_eq!(
            report.totals.figures.hours,
            money(20),
            "the totals leave it out"
        );
    }

    #[test]
    fn money_below_zero_over_a_window_is_named() {
        let mut refunded = totals(judged(0, 0, 0));
        refunded.figures.cost = Amount::from_hundredths(-2_500);
        let found = negative_sum(&[totals(judged(10, 0, 0)), refunded], window());
        assert_eq!(
            found,
            Some(NegativeSum {
                group: "G".to_string(),
                figure: "cost",
                sum: Amount::from_hundredths(-2_500),
                window: window(),
            })
        );
        assert_eq!(negative_sum(&[totals(judged(10, 0, 0))], window()), None);
    }

    #[test]
    fn a_cadence_is_overdue_after_two_of_its_periods() {
        let day = |text: &str| crate::period::parse_date(text).unwrap();
        assert_eq!(
            Cadence::Weekly.overdue_after(day("2026-10-08")),
            day("2026-10-22")
        );
        assert_eq!(
            Cadence::Biweekly.overdue_after(day("2026-10-08")),
            day("2026-11-05")
        );
        assert_eq!(
            Cadence::Monthly.overdue_after(day("2026-10-08")),
            day("2026-12-08")
        );
        assert_eq!(
            Cadence::Monthly.overdue_after(day("2026-12-31")),
            day("2027-02-28")
        );
    }

    #[test]
    fn tenure_counts_across_a_year_boundary_and_from_an_earlier_join() {
        let mut group = totals(judged(5000, 1, 1));
        group.first_month = month("2025-12");
        let early = GroupFacts {
            joined: Some(month("2025-03")),
            ..GroupFacts::default()
        };
        let rules = Rules::default();
        let jan = Window::ending(month("2026-01"), 12);
        assert_eq!(
            assess(&group, &GroupFacts::default(), &rules, jan, &NO_POOL).tenure_months,
            2
        );
        let report = assess(&group, &early, &rules, jan, &NO_POOL);
        assert_eq!(report.tenure_months, 11);
        assert_eq!(report.active_months, 2, "the log holds two months of it");
        let late = GroupFacts {
            joined: Some(month("2026-01")),
            ..GroupFacts::default()
        };
        assert_eq!(
            assess(&group, &late, &rules, jan, &NO_POOL).tenure_months,
            2,
            "the first row is earlier"
        );
    }

    #[test]
    fn no_hours_is_watch_with_no_score() {
        let mut figures = judged(5000, 1, 1);
        figures.hours = Amount::default();
        let report = assess_with(figures, &Rules::default(), &NO_POOL);
        assert_eq!(report.verdict, Verdict::Watch);
        assert_eq!(
            (report.score, report.expected_score, report.return_per_hour),
            (None, None, None)
        );
        assert!(matches!(
            report.reasons[0],
            Reason::TooEarly { no_hours: true, .. }
        ));
    }

    #[test]
    fn open_leads_make_the_difference_when_they_would_reach_stay_at() {
        // No revenue yet; 4 open leads at a fixed 250 each: 1000 / 1000 = 1.0 exactly.
        let rules = Rules {
            lead_value: Some(250.0),
            ..Rules::default()
        };
        let report = assess_with(judged(0, 4, 0), &rules, &NO_POOL);
        assert_eq!(report.expected_score, Some(1.0));
        assert!(matches!(
            report.reasons[1],
            Reason::LeadsOpen {
                open_leads: 4,
                estimated: false,
                ..
            }
        ));
        let rules = Rules {
            lead_value: Some(249.99),
            ..Rules::default()
        };
        assert_eq!(
            open_reason(&assess_with(judged(0, 4, 0), &rules, &NO_POOL)),
            None
        );
        // A score already at stay_at needs no open lead to reach it.
        let rules = Rules {
            lead_value: Some(250.0),
            ..Rules::default()
        };
        let report = assess_with(judged(1000, 5, 1), &rules, &NO_POOL);
        assert_eq!(open_reason(&report), None, "{:?}", report.reasons);
    }

    #[test]
    fn open_lead_value_shrinks_the_close_rate_toward_the_pooled_one() {
        // Group: 2 leads, 0 deals. Pooled: close rate 0.5, deal value 1000. k = 5.
        // p = (0 + 5 × 0.5) / (2 + 5) = 2.5 / 7; v = p × 1000; expected = 2 v / 1000.
        let pooled = Priors {
            close_rate: 0.5,
            deal_value: 1000.0,
            ..NO_POOL
        };
        let report = assess_with(judged(0, 2, 0), &Rules::default(), &pooled);
        let expected = 2.0 * (2.5 / 7.0) * 1000.0 / 1000.0;
        assert!((report.expected_score.unwrap() - expected).abs() < 1e-12);
        // Many leads that never close lose the benefit of the doubt.
        let report = assess_with(judged(0, 50, 0), &Rules::default(), &pooled);
        let per_lead = (2.5 / 55.0) * 1000.0;
        assert!((report.expected_score.unwrap() - 50.0 * per_lead / 1000.0).abs() < 1e-12);
    }

    #[test]
    fn with_no_prior_and_no_leads_the_pooled_rate_is_used() {
        let rules = Rules {
            prior_leads: 0.0,
            ..Rules::default()
        };
        let report = assess_with(judged(0, 0, 0), &rules, &NO_POOL);
        assert_eq!(report.expected_score, Some(0.0));
    }

    #[test]
    fn priors_with_zero_divisors_are_zero() {
        let rules = Rules::default();
        assert_eq!(priors_of(&Figures::default(), 0.0, &rules), NO_POOL);
        let deals_no_revenue = Figures {
            leads: 4,
            deals: 1,
            hours: money(8),
            ..Figures::default()
        };
        assert_eq!(
            priors_of(&deals_no_revenue, 0.0, &rules),
            Priors {
                leads_per_hour: 0.5,
                close_rate: 0.25,
                ..NO_POOL
            }
        );
        let revenue_no_deals = Figures {
            revenue: money(500),
            ..Figures::default()
        };
        assert_eq!(priors_of(&revenue_no_deals, 500.0, &rules), NO_POOL);
    }

    #[test]
    fn priors_apply_each_group_s_margin_and_cap_the_close_rate() {
        let figures = |revenue| Figures {
            leads: 1,
            deals: 2,
            revenue: money(revenue),
            ..Figures::default()
        };
        let facts: HashMap<String, GroupFacts> = [(
            "a".to_string(),
            GroupFacts {
                margin: Some(0.5),
                ..GroupFacts::default()
            },
        )]
        .into();
        let rules = Rules {
            margin: 0.25,
            prior_leads: 3.0,
            ..Rules::default()
        };
        // a's 4000 at its own 0.5, b's 4000 at the report's 0.25: 3000 over 4 deals.
        let (pooled, valued) =
            pooled_of([("a", figures(4000)), ("b", figures(4000))], &facts, &rules);
        assert_eq!(valued, 3000.0);
        let capped = Priors {
            close_rate: 1.0,
            deal_value: 750.0,
            close_weight: 3.0,
            ..NO_POOL
        };
        assert_eq!(priors_of(&pooled, valued, &rules), capped);
        assert_eq!(
            priors_of(&figures(8000), 2000.0, &rules),
            Priors {
                deal_value: 1000.0,
                ..capped
            }
        );
    }

    #[test]
    fn leave_says_no_leads_or_below_rate() {
        let report = assess_with(judged(0, 0, 0), &Rules::default(), &NO_POOL);
        assert_eq!(report.verdict, Verdict::Leave);
        assert_eq!(
            report.reasons[0],
            Reason::NoLeads {
                hours: 10.0,
                months: 12,
                chance: 0.0
            }
        );
        let report = assess_with(poor(), &Rules::default(), &NO_POOL);
        assert_eq!(report.verdict, Verdict::Leave);
        assert!(
            matches!(
                report.reasons[0],
                Reason::BelowYourRate { score: 0.5, per_hour: 50.0, chance, deals: 10 }
                    if chance <= 0.2
            ),
            "{:?}",
            report.reasons
        );
    }

    #[test]
    fn no_lead_warning_starts_at_no_lead_months() {
        let mut group = totals(judged(5000, 0, 0));
        group.last_lead_month = Some(month("2025-10")); // 12 months before 2026-10
        let rules = Rules::default();
        let report = assess(&group, &GroupFacts::default(), &rules, window(), &NO_POOL);
        assert!(report.reasons.contains(&Reason::NoLeadSince { months: 12 }));
        group.last_lead_month = Some(month("2025-11"));
        let report = assess(&group, &GroupFacts::default(), &rules, window(), &NO_POOL);
        assert!(
            !report
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::NoLeadSince { .. }))
        );
    }

    #[test]
    fn never_a_lead_is_warned_once_membership_reaches_no_lead_months() {
        let mut group = totals(judged(5000, 0, 0));
        group.last_lead_month = None;
        group.first_month = month("2025-11"); // tenure 12
        let rules = Rules::default();
        let report = assess(&group, &GroupFacts::default(), &rules, window(), &NO_POOL);
        assert!(report.reasons.contains(&Reason::NoLeadEver {
            months: 12,
            member_for: None
        }));
        group.first_month = month("2025-12"); // tenure 11
        let report = assess(&group, &GroupFacts::default(), &rules, window(), &NO_POOL);
        assert!(
            !report
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::NoLeadEver { .. }))
        );
    }

    #[test]
    fn big_room_warning_is_above_big_group_only_and_never_for_a_closed_room() {
        let facts = |members, room| GroupFacts {
            members: Some(members),
            room,
            ..GroupFacts::default()
        };
        let group = totals(judged(5000, 1, 1));
        let rules = Rules::default();
        let at = assess(&group, &facts(50, None), &rules, window(), &NO_POOL);
        assert_eq!(at.reasons.len(), 1);
        for (room, open) in [(None, false), (Some(Room::Open), true)] {
            let above = assess(&group, &facts(51, room), &rules, window(), &NO_POOL);
            assert_eq!(
                above.reasons[1],
                Reason::BigRoom {
                    members: 51,
                    big_group: 50,
                    open
                }
            );
        }
        let closed = assess(
            &group,
            &facts(300, Some(Room::Closed)),
            &rules,
            window(),
            &NO_POOL,
        );
        assert_eq!(closed.reasons.len(), 1, "{:?}", closed.reasons);
    }

    #[test]
    fn giving_far_more_than_getting_is_warned() {
        let with = |given, leads| {
            let mut figures = judged(5000, leads, 0);
            figures.referrals_given = given;
            assess_with(figures, &Rules::default(), &NO_POOL)
                .reasons
                .contains(&Reason::GivesMoreThanGets { given, leads })
        };
        assert!(with(3, 0));
        assert!(with(3, 1), "3 ≥ 3 × 1");
        assert!(!with(5, 2), "5 < 3 × 2");
        assert!(!with(2, 0), "fewer than 3 given");
    }

    #[test]
    fn report_sorts_best_first_totals_and_frees_leave_hours_per_month() {
        let stay = GroupTotals {
            key: "a".to_string(),
            name: "A".to_string(),
            ..totals(judged(5000, 1, 1))
        };
        let mut leave_new = GroupTotals {
            key: "b".to_string(),
            name: "B".to_string(),
            ..totals(judged(0, 0, 0))
        };
        leave_new.first_month = month("2026-03"); // 8 months in the window
        leave_new.figures.hours = money(16);
        let mut unscored = GroupTotals {
            key: "c".to_string(),
            name: "C".to_string(),
            ..totals(judged(0, 0, 0))
        };
        unscored.figures.hours = Amount::default();
        let report = build_report(
            &[unscored, leave_new, stay],
            &(Figures::default(), 0.0),
            &HashMap::new(),
            &Rules::default(),
            window(),
        );
        let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(report.totals.figures.hours, money(26));
        assert_eq!(report.totals.figures.meetings, 30);
        assert_eq!(report.totals.score, Some(5000.0 / 2600.0));
        assert_eq!(report.freed.groups, ["B"]);
        assert_eq!(report.freed.hours_per_month, 2.0);
        assert_eq!(report.freed.worth_per_month, 200.0);
    }

    #[test]
    fn group_facts_are_found_by_key() {
        let mut facts = HashMap::new();
        facts.insert(
            "g".to_string(),
            GroupFacts {
                members: Some(300),
                ..GroupFacts::default()
            },
        );
        let report = build_report(
            &[totals(judged(5000, 1, 1))],
            &(Figures::default(), 0.0),
            &facts,
            &Rules::default(),
            window(),
        );
        assert!(matches!(
            report.groups[0].reasons[1],
            Reason::BigRoom { members: 300, .. }
        ));
    }

    fn named(key: &str, first: &str, figures: Figures) -> GroupTotals {
        GroupTotals {
            key: key.to_string(),
            name: key.to_uppercase(),
            first_month: month(first),
            ..totals(figures)
        }
    }

    #[test]
    fn a_trend_shows_nothing_before_a_group_starts_and_zero_after() {
        let months = [month("2025-12"), month("2026-01"), month("2026-02")];
        let leads = |n| Figures {
            leads: n,
            ..Figures::default()
        };
        let columns = vec![
            vec![named("old", "2025-06", leads(2))],
            vec![named("new", "2026-01", leads(1))],
            vec![],
        ];
        let trend = build_trend(
            Metric::Leads,
            &months,
            &columns,
            &Rules::default(),
            &HashMap::new(),
            12,
        );
        let rows: Vec<(&str, &[Option<f64>])> = trend
            .groups
            .iter()
            .map(|group| (group.name.as_str(), group.values.as_slice()))
            .collect();
        assert_eq!(
            rows,
            [
                ("NEW", &[None, Some(1.0), Some(0.0)][..]),
                ("OLD", &[Some(2.0), Some(0.0), Some(0.0)][..]),
            ]
        );
        assert_eq!(trend.total, [Some(2.0), Some(1.0), Some(0.0)]);
    }

    #[test]
    fn a_trend_score_is_missing_where_its_window_has_no_hours() {
        let months = [month("2026-09"), month("2026-10")];
        let columns = vec![
            vec![named("a", "2026-01", judged(2000, 1, 1))],
            vec![
                named("a", "2026-01", judged(500, 1, 1)),
                named("b", "2026-10", Figures::default()),
            ],
        ];
        let trend = build_trend(
            Metric::Score,
            &months,
            &columns,
            &Rules::default(),
            &HashMap::new(),
            12,
        );
        // 10 hours at 100/h: 2000 brought is a score of 2, 500 of 0.5.
        assert_eq!(trend.groups[0].values, [Some(2.0), Some(0.5)]);
        assert_eq!(trend.groups[1].values, [None, None], "no hours, no score");
        assert_eq!(trend.total, [Some(2.0), Some(0.5)]);
    }

    #[test]
    fn previous_verdicts_are_matched_by_group_key() {
        let window = window();
        let rules = Rules::default();
        let facts = HashMap::new();
        let now = build_report(
            &[
                named("a", "2025-01", paying()),
                named("b", "2025-01", judged(0, 0, 0)),
            ],
            &(Figures::default(), 0.0),
            &facts,
            &rules,
            window,
        );
        let before = build_report(
            &[named("a", "2025-01", judged(0, 0, 0))],
            &(Figures::default(), 0.0),
            &facts,
            &rules,
            Window::ending(month("2026-09"), 12),
        );
        let mut marked = now.clone();
        mark_changes(&mut marked, &before);
        let verdicts: Vec<(&str, Verdict, Option<Verdict>)> = marked
            .groups
            .iter()
            .map(|group| (group.key.as_str(), group.verdict, group.previous_verdict))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("a", Verdict::Stay, Some(Verdict::Leave)),
                ("b", Verdict::Leave, None),
            ]
        );
    }
}
