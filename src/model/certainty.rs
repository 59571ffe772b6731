//! Pure: how sure a group's score is. The score is what the window's months happened to
//! bring; the long-run score is what the group would bring if its rates went on. Those
//! rates are uncertain, the more so on few events, and this gives the range the long-run
//! score lies in and the chance that it pays for the user's time (docs/scoring.md, "How
//! sure").
//!
//! Leads come at a rate per hour of attendance, Gamma-distributed around what the window
//! shows, from a prior of one lead's weight at the rate all the user's groups show. A lead
//! becomes a deal at a rate Beta-distributed around the group's deals and lost leads,
//! from a prior of `prior_leads` leads at the pooled close rate; an open lead is neither,
//! as it may still become either. A deal's value is heavy-tailed: the mean θ of a group's
//! deals is log-normal around its value per deal, from a prior of one deal at the pooled
//! value, as wide as the mean of that many deals whose log varies by 0.9, and its median
//! a little above the value seen, as the mean of a few heavy-tailed deals is more often
//! below the truth than above. The long-run score is then (λ·H·p·θ + V) / (C + H·r),
//! drawn 1,000 times with a generator seeded by the group: the same log gives the same
//! figures. tests/netaudit/calibration.rs holds it to simulated groups.

use crate::period::Month;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution, Gamma, LogNormal};

/// Draws of the long-run score for one figure. The 10th percentile of 1,000 draws is
/// within about one percentile of the true one.
const DRAWS: usize = 1_000;
/// The spread of deal values: the standard deviation of their logarithm. At 0.9, a deal
/// of 2.5 times the typical one is as common as one of a 2.5th.
const DEAL_LOG_SPREAD: f64 = 0.9;
/// The weight of the pooled rates in leads per hour and in value per deal: one lead, one
/// deal.
const PRIOR_EVENTS: f64 = 1.0;

/// What the window's months show of a group.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evidence {
    pub hours: f64,
    /// The cost in money, and the time at the group's rate, together.
    pub price: f64,
    pub other_value: f64,
    /// Revenue at the group's margin.
    pub valued_revenue: f64,
    pub leads: f64,
    pub deals: f64,
    /// Leads closed without a deal: lost, or gone cold.
    pub failures: f64,
    /// The months of the window the figures are from.
    pub months: f64,
}

/// What all the user's groups show together, which each group's own figures refine.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Priors {
    pub leads_per_hour: f64,
    pub close_rate: f64,
    pub deal_value: f64,
    /// `prior_leads`: the weight of the pooled close rate, in leads.
    pub close_weight: f64,
}

/// How sure the score is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Certainty {
    /// The 10th and 90th percentiles of the long-run score.
    pub low: f64,
    pub high: f64,
    /// The chance that the long-run score is at least `stay_at`.
    pub chance_stay: f64,
    /// The month by which, at the present rates, the chance would reach `sure_at` or
    /// fall to 1 − `sure_at` as the window fills; `None` when it has, or would not, and
    /// until [`settled_by`] has been asked.
    pub settled_by: Option<Month>,
}

/// What [`settled_by`] asks of the certainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Asked {
    pub stay_at: f64,
    pub sure_at: f64,
    pub window_months: u32,
    /// The report month.
    pub month: Month,
}

/// How sure `evidence` makes the group's score against `stay_at`; `seed` tells the
/// groups' draws apart. `settled_by` is left to [`settled_by`], which costs several times
/// as many draws and is asked only for the months a report shows.
pub fn certainty(evidence: &Evidence, priors: &Priors, stay_at: f64, seed: u64) -> Certainty {
    let mut scores = draws(evidence, priors, seed);
    let chance_stay = chance(&scores, stay_at);
    // The two percentiles are the draws that would sit at their places were the draws
    // sorted; selecting them is a tenth of the work of sorting, which every group of two
    // reports (its month and the month before) would otherwise do.
    let place = |share: f64| ((scores.len() - 1) as f64 * share).round() as usize;
    let (low_at, high_at) = (place(0.1), place(0.9));
    let (_, &mut low, above) = scores.select_nth_unstable_by(low_at, f64::total_cmp);
    let (_, &mut high, _) = above.select_nth_unstable_by(high_at - low_at - 1, f64::total_cmp);
    Certainty {
        low,
        high,
        chance_stay,
        settled_by: None,
    }
}

/// The share of `scores` at least `stay_at`.
fn chance(scores: &[f64], stay_at: f64) -> f64 {
    scores.iter().filter(|&&score| score >= stay_at).count() as f64 / scores.len() as f64
}

fn is_settled(chance: f64, sure_at: f64) -> bool {
    chance >= sure_at || chance <= 1.0 - sure_at
}

/// The first month, as the window fills with months like the ones it has, whose chance
/// is settled; by halving the months left, as more of the same evidence only moves the
/// chance further from where the rates point. `now` is the chance the evidence gives.
pub fn settled_by(
    evidence: &Evidence,
    priors: &Priors,
    asked: &Asked,
    seed: u64,
    now: f64,
) -> Option<Month> {
    let room = f64::from(asked.window_months) - evidence.months;
    if is_settled(now, asked.sure_at) || room < 1.0 || evidence.months <= 0.0 {
        return None;
    }
    let settled_after = |more: u32| {
        let grown = evidence.months + f64::from(more);
        let scale = grown / evidence.months;
        let future = Evidence {
            hours: evidence.hours * scale,
            price: evidence.price * scale,
            other_value: evidence.other_value * scale,
            valued_revenue: evidence.valued_revenue * scale,
            leads: evidence.leads * scale,
            deals: evidence.deals * scale,
            failures: evidence.failures * scale,
            months: grown,
        };
        let scores = draws(&future, priors, seed);
        is_settled(chance(&scores, asked.stay_at), asked.sure_at)
    };
    let most = room.floor() as u32;
    if !settled_after(most) {
        return None;
    }
    let (mut unsettled, mut settled) = (0, most);
    while settled - unsettled > 1 {
        let middle = (unsettled + settled) / 2;
        match settled_after(middle) {
            true => settled = middle,
            false => unsettled = middle,
        }
    }
    Some(asked.month.plus(i64::from(settled)))
}

/// [`DRAWS`] draws of the long-run score.
fn draws(evidence: &Evidence, priors: &Priors, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let Evidence {
        hours,
        price,
        other_value,
        valued_revenue,
        leads,
        deals,
        failures,
        ..
    } = *evidence;
    if price <= 0.0 || hours <= 0.0 {
        return vec![0.0; DRAWS];
    }
    // Leads per hour: Gamma(a + L, a/λ0 + H); without a pooled rate, Jeffreys' prior.
    let lead_rate = match priors.leads_per_hour > 0.0 {
        true => Gamma::new(
            PRIOR_EVENTS + leads,
            1.0 / (PRIOR_EVENTS / priors.leads_per_hour + hours),
        ),
        false => Gamma::new(0.5 + leads, 1.0 / hours),
    };
    // Deals per closed lead: Beta(k·p0 + D, k·(1 − p0) + F), kept proper at the edges.
    let pooled = priors.close_rate.clamp(0.05, 0.95);
    let weight = priors.close_weight.max(1.0);
    let close_rate = Beta::new(weight * pooled + deals, weight * (1.0 - pooled) + failures);
    // The mean deal value: log-normal around the value per deal, the pooled value as one
    // deal more; its median a third of its log-variance above (see the module's comment).
    let per_deal = (valued_revenue + PRIOR_EVENTS * priors.deal_value) / (deals + PRIOR_EVENTS);
    let spread = (1.0 + (DEAL_LOG_SPREAD.powi(2).exp() - 1.0) / (deals + PRIOR_EVENTS)).ln();
    let deal_value = (per_deal > 0.0)
        .then(|| LogNormal::new(per_deal.ln() + spread / 3.0, spread.sqrt()).ok())
        .flatten();
    let (Ok(lead_rate), Ok(close_rate)) = (lead_rate, close_rate) else {
        return vec![other_value / price; DRAWS];
    };
    (0..DRAWS)
        .map(|_| {
            let value = match &deal_value {
                Some(deal_value) => deal_value.sample(&mut rng),
                None => 0.0,
            };
            let lead_rate = lead_rate.sample(&mut rng);
            let close_rate = close_rate.sample(&mut rng);
            (lead_rate * hours * close_rate * value + other_value) / price
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(months: f64) -> Evidence {
        // A group at 1.5 h a week for `months`: a lead a month, a deal in three, $1,500
        // a deal, $100 a month of dues, time at $100/h.
        let hours = 6.5 * months;
        Evidence {
            hours,
            price: 100.0 * months + hours * 100.0,
            other_value: 0.0,
            valued_revenue: 1_500.0 * months / 3.0,
            leads: months,
            deals: months / 3.0,
            failures: months * 2.0 / 3.0,
            months,
        }
    }

    const PRIORS: Priors = Priors {
        leads_per_hour: 0.15,
        close_rate: 0.3,
        deal_value: 1_500.0,
        close_weight: 5.0,
    };

    fn sure(evidence: &Evidence, seed: u64) -> Certainty {
        let sure = certainty(evidence, &PRIORS, asked().stay_at, seed);
        Certainty {
            settled_by: settled_by(evidence, &PRIORS, &asked(), seed, sure.chance_stay),
            ..sure
        }
    }

    fn asked() -> Asked {
        Asked {
            stay_at: 1.0,
            sure_at: 0.8,
            window_months: 12,
            month: Month::parse("2026-10").unwrap(),
        }
    }

    #[test]
    fn a_longer_window_at_the_same_rates_narrows_the_interval() {
        let six = sure(&evidence(6.0), 7);
        let twelve = sure(&evidence(12.0), 7);
        assert!(six.low < six.high && twelve.low < twelve.high);
        assert!(
            twelve.high - twelve.low < six.high - six.low,
            "{twelve:?} against {six:?}"
        );
    }

    #[test]
    fn the_same_evidence_gives_the_same_figures() {
        let once = sure(&evidence(9.0), 42);
        assert_eq!(once, sure(&evidence(9.0), 42));
    }

    #[test]
    fn a_group_that_pays_well_is_sure_and_one_that_brings_nothing_is_sure_not_to() {
        let mut rich = evidence(12.0);
        rich.valued_revenue *= 10.0;
        let rich = sure(&rich, 1);
        assert!(rich.chance_stay >= 0.9, "{rich:?}");
        let mut empty = evidence(12.0);
        (
            empty.leads,
            empty.deals,
            empty.failures,
            empty.valued_revenue,
        ) = (0.0, 0.0, 0.0, 0.0);
        let empty = sure(&empty, 1);
        assert!(empty.chance_stay <= 0.1, "{empty:?}");
        assert_eq!(empty.settled_by, None, "settled already");
    }

    #[test]
    fn an_unsettled_young_group_says_when_the_window_will_settle_it() {
        let mut young = evidence(3.0);
        young.valued_revenue *= 5.0;
        let sure = sure(&young, 3);
        assert!(sure.chance_stay > 0.2 && sure.chance_stay < 0.8, "{sure:?}");
        let by = sure.settled_by.expect("a month");
        assert!(by > asked().month && by <= asked().month.plus(9), "{by}");
    }

    #[test]
    fn no_hours_or_no_price_brings_nothing_sure() {
        let none = sure(&Evidence::default(), 1);
        assert_eq!((none.low, none.high, none.chance_stay), (0.0, 0.0, 0.0));
    }
}
