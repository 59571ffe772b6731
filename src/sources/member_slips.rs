//! One member's slips for `netaudit import slips`: BNI Connect's Slips Audit Report read as
//! `chapter` reads it ([`super::slips`]), each slip naming the member made an item. A
//! referral to the member is a lead from its giver, one from the member a referral given;
//! a one-to-one is time with the other member. A TYFCB slip to the member is business
//! someone else closed from the member's referral (the report hides who wrote it): not the
//! member's revenue, so it is counted and left out, as CEU slips and others' slips are.

use super::imported::{About, Dropped, Evidence, Id, Item, SlipRole};
use super::slips::{SlipRules, each_slip, titles_day_first};
use crate::activity::parse_name;
use crate::chapter::SlipKind;
use crate::messages::{escape, show_value};
use crate::names::{group_key, member_name};
use crate::stable_hash::stable_hash;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// What the import asks of the slips.
pub struct MemberSlips<'a> {
    /// The member, as the user wrote it.
    pub member: &'a str,
    /// The period an export without week titles covers: --from and --to.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The last day an import takes (--to, else today): a title's date is read against it.
    pub last: NaiveDate,
    pub day_first: Option<bool>,
}

/// The prefix of a slip's id: `slips:MEMBER:FROM..TO:DIGEST`.
const PREFIX: &str = "slips:";

/// The period a slip's id names: its week's day, or the period of an export without
/// titles.
pub fn period_of_id(id: &str) -> Option<(NaiveDate, NaiveDate)> {
    let rest = id.strip_prefix(PREFIX)?;
    let mut fields = rest.rsplit(':');
    let _digest = fields.next()?;
    let (from, to) = fields.next()?.split_once("..")?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

/// Gives `each` an item for every slip of `path` that names the member; counts the rest.
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&'static encoding_rs::Encoding>,
    asked: &MemberSlips,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<Dropped> {
    let wanted = group_key(&member_name(asked.member));
    let member_id = match wanted.chars().count() {
        0..=200 => wanted.clone(),
        _ => format!("#{:016x}", stable_hash(&wanted)),
    };
    // A title such as 11/04/2026 reads two ways; the report's other titles settle it.
    let day_first = match asked.day_first {
        Some(day_first) => Some(day_first),
        None => titles_day_first(path, name, sheet, encoding)?,
    };
    let rules = SlipRules {
        from: asked.from.unwrap_or(NaiveDate::MIN),
        to: asked.last,
        day_first,
    };
    let about = Rc::new(About {
        texts: vec![member_name(asked.member), "BNI slips".to_string()],
        label: format!("slips of {}", show_value(asked.member)),
    });
    let mut dropped = Dropped::default();
    let mut named_member = false;
    // Slips alike in every field in one week are told apart by their order among them.
    let mut alike: HashMap<(u64, NaiveDate, NaiveDate), u64> = HashMap::new();
    each_slip(path, name, sheet, encoding, rules, &mut |slip, place| {
        let from_member = group_key(&member_name(slip.from)) == wanted;
        let to_member = group_key(&member_name(slip.to)) == wanted;
        named_member |= from_member || to_member;
        let role = match slip.kind {
            SlipKind::Referral if to_member => SlipRole::Lead,
            SlipKind::Referral if from_member => SlipRole::Given,
            SlipKind::OneToOne if from_member || to_member => SlipRole::OneToOne,
            SlipKind::ThankYou if to_member => {
                dropped.thanked += slip.count;
                dropped.thanked_worth = dropped.thanked_worth + slip.amount;
                return Ok(());
            }
            SlipKind::Ceu if from_member || to_member => {
                dropped.ceu += slip.count;
                return Ok(());
            }
            _ => {
                dropped.of_others += slip.count;
                return Ok(());
            }
        };
        let (from, to) = match (slip.date, asked.from, asked.to) {
            (Some(day), _, _) => (day, day),
            (None, Some(from), Some(to)) => (from, to),
            _ => bail!(
                "{}: no title above this slip dates its week (\"Slips Audit Report for \
                 …\"); an export of one period without titles needs the period: give --from \
                 and --to",
                place()
            ),
        };
        let other = if from_member { slip.to } else { slip.from };
        let contact = parse_name(&member_name(other)).map_err(|expected| {
            anyhow!(
                "{}: got {}, expected {expected}",
                place(),
                show_value(other)
            )
        })?;
        let note = match slip.inside {
            Some(false) if !slip.detail.trim().is_empty() => {
                format!("outside: {}", escape(slip.detail.trim()))
            }
            Some(false) => "outside".to_string(),
            _ => String::new(),
        };
        let digest = stable_hash(&format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            role.key(),
            group_key(&contact),
            slip.detail.trim(),
            slip.amount.hundredths(),
            match slip.inside {
                Some(true) => "inside",
                Some(false) => "outside",
                None => "",
            }
        ));
        for _ in 0..slip.count {
            let seen = alike.entry((digest, from, to)).or_default();
            *seen += 1;
            let id = format!(
                "{PREFIX}{member_id}:{from}..{to}:{digest:016x}{}",
                match *seen {
                    1 => String::new(),
                    n => format!("-{n}"),
                }
            );
            each(Item {
                date: to,
                id: Id::new(id),
                evidence: Evidence::Slip {
                    from,
                    to,
                    role,
                    contact: contact.clone(),
                    note: note.clone(),
                },
                about: about.clone(),
            })?;
        }
        Ok(())
    })?;
    if !named_member {
        bail!(
            "{name}: no slip names {} as From or To; is the name written as the report \
             writes it, \"First Last\"?",
            show_value(asked.member)
        );
    }
    Ok(dropped)
}
