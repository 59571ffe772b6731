//! Who brought a group's return: each contact's share of it, and the reason a report gives
//! when one or two of them are most of the group. Pure, as the rest of the model.

use super::{Reason, Report, open_and_lost, ratio};
use crate::figures::Amount;
use crate::ledger::{GroupTotals, PartnerTotals};
use crate::period::{Month, Window};

/// The share of what a group brought that one or two contacts must bring for the report
/// to say they are the group.
pub const FEW_PARTNERS_SHARE: f64 = 0.8;

/// One contact's line in `partners`: its figures over the window, and what they are worth.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerLine {
    /// The contact's figures over the window; the contact is empty for what the rows that
    /// name no one hold.
    pub partner: PartnerTotals,
    /// Open leads that still count (younger than `lead_life_months`).
    pub open_leads: u64,
    /// margin·revenue + other value + open leads at the group's lead value.
    pub brought: f64,
    /// `brought` as a share of the group's; `None` when the group brought nothing.
    pub share: Option<f64>,
    /// (margin·revenue + other value) per hour spent with the contact; `None` without hours.
    pub return_per_hour: Option<f64>,
    /// The median days from lead to deal of the contact's dated deals in the window.
    pub days_to_deal: Option<f64>,
}

/// One group's contacts, most brought first, then the rows that name no one.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupPartners {
    pub name: String,
    pub lines: Vec<PartnerLine>,
}

/// `netaudit partners`: each group's contacts over the report window.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnersView {
    pub month: Month,
    pub window: Window,
    pub groups: Vec<GroupPartners>,
}

/// What a group's contacts brought, as [`PartnerLine`]s, most first; a contact with nothing
/// in the window and no lead open is left out. `margin` and `lead_value` are the group's.
pub fn partner_lines(
    totals: &GroupTotals,
    window: Window,
    margin: f64,
    lead_value: f64,
    lead_life: u32,
) -> Vec<PartnerLine> {
    let (open, _) = open_and_lost(&totals.open_leads, window, lead_life);
    let group_brought = margin * totals.figures.revenue.as_f64()
        + totals.figures.other_value.as_f64()
        + open as f64 * lead_value;
    let share = |brought: f64| (group_brought > 0.0).then(|| brought / group_brought);
    // One more for what no one is named for, so that adding it never doubles the Vec.
    let mut lines = Vec::with_capacity(totals.partners.len() + 1);
    lines.extend(
        (totals.partners.iter())
            .map(|partner| line_of(partner, window, margin, lead_value, lead_life))
            // Leads open past their life are worth nothing, so they alone earn no line.
            .filter(|line| line.partner.did_something() || line.open_leads > 0),
    );
    for line in &mut lines {
        line.share = share(line.brought);
    }
    lines.sort_by(|a, b| {
        b.brought.total_cmp(&a.brought).then_with(|| {
            let name = |line: &PartnerLine| line.partner.contact.to_lowercase();
            name(a).cmp(&name(b))
        })
    });
    // What no contact is named for: the group's figures less its contacts'.
    let named = |get: fn(&PartnerTotals) -> u64| totals.partners.iter().map(get).sum::<u64>();
    let named_amount = |get: fn(&PartnerTotals) -> Amount| {
        (totals.partners.iter()).fold(Amount::default(), |sum, partner| sum + get(partner))
    };
    let f = &totals.figures;
    let named_open: u64 = (totals.partners.iter())
        .map(|partner| open_and_lost(&partner.open_leads, window, lead_life).0)
        .sum();
    let revenue = f.revenue - named_amount(|p| p.revenue);
    let other_value = f.other_value - named_amount(|p| p.other_value);
    let open_leads = open.saturating_sub(named_open);
    let brought = margin * revenue.as_f64() + other_value.as_f64() + open_leads as f64 * lead_value;
    let unnamed = PartnerLine {
        partner: PartnerTotals {
            leads: f.leads.saturating_sub(named(|p| p.leads)),
            deals: f.deals.saturating_sub(named(|p| p.deals)),
            lost: f.lost.saturating_sub(named(|p| p.lost)),
            revenue,
            lifetime_value: totals.lifetime_value - named_amount(|p| p.lifetime_value),
            other_value,
            hours: f.hours - named_amount(|p| p.hours),
            referrals_given: f
                .referrals_given
                .saturating_sub(named(|p| p.referrals_given)),
            ..PartnerTotals::default()
        },
        open_leads,
        brought,
        share: share(brought),
        return_per_hour: None,
        days_to_deal: None,
    };
    lines.push(unnamed);
    lines
}

fn line_of(
    partner: &PartnerTotals,
    window: Window,
    margin: f64,
    lead_value: f64,
    lead_life: u32,
) -> PartnerLine {
    let (open_leads, _) = open_and_lost(&partner.open_leads, window, lead_life);
    let gross = margin * partner.revenue.as_f64() + partner.other_value.as_f64();
    PartnerLine {
        partner: partner.clone(),
        open_leads,
        brought: gross + open_leads as f64 * lead_value,
        share: None,
        return_per_hour: ratio(gross, partner.hours.as_f64()),
        days_to_deal: median(&partner.days_to_deal),
    }
}

/// The middle of `days`, or the mean of the two middle ones; `None` for none.
pub fn median(days: &[i64]) -> Option<f64> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle] as f64),
        _ => Some((sorted[middle - 1] + sorted[middle]) as f64 / 2.0),
    }
}

/// The reason `few_partners`, when one or two contacts brought at least
/// [`FEW_PARTNERS_SHARE`] of what the group brought and the room is larger than them:
/// the group's `members`, else the contacts the log names for it (`contacts`). `lines` are
/// the group's [`partner_lines`], and `hours` its hours in the window.
pub fn few_partners(
    lines: &[PartnerLine],
    members: Option<u64>,
    contacts: u64,
    hours: f64,
) -> Option<Reason> {
    let named: Vec<&PartnerLine> = lines
        .iter()
        .filter(|line| !line.partner.contact.is_empty())
        .collect();
    let mut share = 0.0;
    for (count, line) in named.iter().take(2).enumerate() {
        share += line.share?;
        if share >= FEW_PARTNERS_SHARE - 1e-9 {
            let few = count as u64 + 1;
            let (room, of_members) = match members {
                Some(members) => (members, true),
                None => (contacts, false),
            };
            return (room > few).then(|| Reason::FewPartners {
                names: named[..=count]
                    .iter()
                    .map(|line| line.partner.contact.clone())
                    .collect(),
                // More than all of it, where the rest lost money, is all of it.
                share: share.min(1.0),
                room,
                of_members,
                hours,
            });
        }
    }
    None
}

/// The partners of every group `report` judges, in its order: each group's lines from its
/// `totals` over the report's window (those of the same ledger), at the group's own margin
/// and lead value, as the report judged it.
pub fn partners_view(report: &Report, totals: &[GroupTotals], lead_life: u32) -> PartnersView {
    let groups = (report.groups.iter())
        .filter_map(|group| {
            let totals = totals.iter().find(|totals| totals.key == group.key)?;
            Some(GroupPartners {
                name: group.name.clone(),
                lines: partner_lines(
                    totals,
                    report.window,
                    group.margin,
                    group.lead_value,
                    lead_life,
                ),
            })
        })
        .collect();
    PartnersView {
        month: report.month,
        window: report.window,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group whose named contacts brought these shares, the rest unnamed.
    fn lines(shares: &[(&str, f64)]) -> Vec<PartnerLine> {
        (shares.iter())
            .map(|&(contact, share)| PartnerLine {
                partner: PartnerTotals {
                    contact: contact.to_string(),
                    ..PartnerTotals::default()
                },
                open_leads: 0,
                brought: share * 1000.0,
                share: Some(share),
                return_per_hour: None,
                days_to_deal: None,
            })
            .collect()
    }

    fn names(reason: Option<Reason>) -> Option<Vec<String>> {
        match reason? {
            Reason::FewPartners { names, .. } => Some(names),
            _ => None,
        }
    }

    #[test]
    fn one_or_two_people_at_eighty_percent_are_the_group_and_not_below_it() {
        let at = lines(&[("Dana", 0.8), ("Lee", 0.1), ("", 0.1)]);
        assert_eq!(
            names(few_partners(&at, Some(40), 3, 150.0)),
            Some(vec!["Dana".into()])
        );
        let two = lines(&[("Dana", 0.5), ("Lee", 0.3), ("Sam", 0.2)]);
        assert_eq!(
            names(few_partners(&two, Some(40), 3, 150.0)),
            Some(vec!["Dana".into(), "Lee".into()])
        );
        let below = lines(&[("Dana", 0.5), ("Lee", 0.29), ("Sam", 0.21)]);
        assert_eq!(few_partners(&below, Some(40), 3, 150.0), None);
        let unnamed_most = lines(&[("", 0.9), ("Dana", 0.1)]);
        assert_eq!(few_partners(&unnamed_most, Some(40), 1, 150.0), None);
    }

    #[test]
    fn the_room_is_members_else_the_contacts_named_and_must_be_larger() {
        let two = lines(&[("Dana", 0.5), ("Lee", 0.5)]);
        assert_eq!(few_partners(&two, Some(2), 2, 10.0), None, "2 of 2 members");
        assert!(
            few_partners(&two, Some(3), 2, 10.0).is_some(),
            "2 of 3 members"
        );
        assert_eq!(few_partners(&two, None, 2, 10.0), None, "the only 2 named");
        match few_partners(&two, None, 5, 10.0) {
            Some(Reason::FewPartners {
                room,
                of_members,
                share,
                ..
            }) => {
                assert_eq!((room, of_members, share), (5, false, 1.0));
            }
            other => panic!("{other:?}"),
        }
    }
}
