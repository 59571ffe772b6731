//! Which group, and which contact, brought the client an invoice or a deal names: the
//! config's `[clients]` where it speaks, else the log's history (the group and contact of
//! the client's first lead), else, for a CRM's deal, the groups' `match` patterns tried on
//! where it came from. Else no one: never guessed.

use crate::config::{ClientRule, Config, GroupImport};
use crate::files::LockedFile;
use crate::names::group_key;
use crate::sources::csv_log::writer::{FirstLead, read_existing};
use crate::sources::imported::{Evidence, Item};
use crate::sources::matching::ImportGroups;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What the log says of its clients: each one's first lead, by the client's key, and the
/// months of the deals rows from outside a CRM hold.
#[derive(Default)]
pub(super) struct History {
    pub first_leads: HashMap<String, FirstLead>,
    pub deals_logged: HashSet<(String, NaiveDate)>,
}

/// The [`History`] of the log at `path` (named `name`), read under its lock and let go:
/// the import reads the log again under the lock to write. None without a log.
pub(super) fn history(path: &Path, name: &str, config: &Config) -> Result<History> {
    let Some(file) = LockedFile::open(path).with_context(|| format!("cannot open {name}"))? else {
        return Ok(History::default());
    };
    if file.is_empty()? {
        return Ok(History::default());
    }
    let log = read_existing(&file, name, &config.format, &HashSet::new(), true)?;
    Ok(History {
        first_leads: log.first_leads,
        deals_logged: log.deals_logged,
    })
}

/// What an invoice's customer is credited to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Credited<'a> {
    pub group: &'a str,
    /// Empty for no one.
    pub contact: &'a str,
    /// The client as the config or the log writes it; `None`: as the invoice does.
    pub client: Option<&'a str>,
}

/// The config's clients by each spelling's key, and the log's first leads.
pub(super) struct Attribution<'a> {
    rules: HashMap<String, &'a ClientRule>,
    history: &'a HashMap<String, FirstLead>,
    deals_logged: &'a HashSet<(String, NaiveDate)>,
}

impl<'a> Attribution<'a> {
    pub(super) fn new(rules: &'a [ClientRule], history: &'a History) -> Attribution<'a> {
        let mut by_key = HashMap::new();
        for rule in rules {
            for spelling in std::iter::once(&rule.name).chain(&rule.aliases) {
                by_key.insert(group_key(spelling), rule);
            }
        }
        Attribution {
            rules: by_key,
            history: &history.first_leads,
            deals_logged: &history.deals_logged,
        }
    }

    /// The client's key, by the config's name where an alias names it.
    fn key(&self, client: &str) -> String {
        let rule = self.rules.get(&group_key(client));
        group_key(rule.map_or(client, |rule| rule.name.as_str()))
    }

    /// Whether rows from outside the CRM hold a deal of `client` in the month of `day`.
    pub(super) fn deal_logged(&self, client: &str, day: NaiveDate) -> bool {
        let month = crate::period::Month::of(day).first_day();
        self.deals_logged.contains(&(self.key(client), month))
    }

    /// Whether the log holds `client`'s first lead from outside the CRM.
    pub(super) fn lead_logged(&self, client: &str) -> bool {
        (self.history.get(&self.key(client))).is_some_and(|first| !first.from_crm)
    }

    /// Who brought `customer`, as an invoice writes it; `None` when neither the config nor
    /// the log says which group.
    pub(super) fn of(&self, customer: &str) -> Option<Credited<'a>> {
        let rule: Option<&'a ClientRule> = self.rules.get(&group_key(customer)).copied();
        let client = rule.map_or(customer, |rule| rule.name.as_str());
        let history: &'a HashMap<String, FirstLead> = self.history;
        let first = history.get(&group_key(client));
        let group = (rule.and_then(|rule| rule.group.as_deref()))
            .or(first.map(|first| first.group.as_str()))?;
        let contact = (rule.and_then(|rule| rule.contact.as_deref()))
            .or(first.map(|first| first.contact.as_str()))
            .unwrap_or("");
        let client = match (rule, first) {
            (Some(rule), _) => Some(rule.name.as_str()),
            (None, Some(first)) => Some(first.client.as_str()),
            (None, None) => None,
        };
        Some(Credited {
            group,
            contact,
            client,
        })
    }
}

/// The group `item` goes to, its settings, and who brought its client where the config
/// or the log says: `--group` (`fixed`) first; an invoice by its client alone; a deal by
/// its client, else by the groups' patterns; anything else by the patterns. `None`: no
/// group.
pub(super) fn group_of<'a>(
    item: &Item,
    fixed: bool,
    attribution: &Attribution<'a>,
    groups: &'a ImportGroups,
    books: &'a GroupImport,
) -> Result<Option<(&'a str, &'a GroupImport, Option<Credited<'a>>)>> {
    let credited = match &item.evidence {
        Evidence::Invoice { client, .. } => Some(attribution.of(client)),
        Evidence::Deal { client, .. } if !client.is_empty() => Some(attribution.of(client)),
        _ => None,
    };
    Ok(match credited {
        Some(Some(credited)) if !fixed => Some((credited.group, books, Some(credited))),
        Some(credited) if fixed || matches!(item.evidence, Evidence::Deal { .. }) => {
            (groups.of(item)?).map(|(group, settings)| (group, settings, credited))
        }
        Some(_) => None,
        None => (groups.of(item)?).map(|(group, settings)| (group, settings, None)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(group: &str, contact: &str, client: &str) -> FirstLead {
        FirstLead {
            date: "2026-01-05".parse().unwrap(),
            group: group.to_string(),
            contact: contact.to_string(),
            client: client.to_string(),
            from_crm: false,
        }
    }

    #[test]
    fn the_config_wins_then_the_log_and_else_no_one() {
        let rules = vec![
            ClientRule {
                name: "Acme Kitchens".to_string(),
                group: Some("Chamber".to_string()),
                contact: Some("Dana Price".to_string()),
                aliases: vec!["ACME Kitchens Ltd".to_string()],
            },
            ClientRule {
                name: "Birch Dental".to_string(),
                group: None,
                contact: Some("Lee Wong".to_string()),
                aliases: Vec::new(),
            },
        ];
        let mut history = HashMap::new();
        history.insert(
            "acme kitchens".to_string(),
            first("Harbor City BNI", "Sam Ortiz", "Acme Kitchens"),
        );
        history.insert(
            "birch dental".to_string(),
            first("Harbor City BNI", "Nina Hart", "Birch Dental"),
        );
        history.insert("cole law".to_string(), first("Rotary", "", "Cole Law"));
        let history = History {
            first_leads: history,
            ..History::default()
        };
        let attribution = Attribution::new(&rules, &history);
        let credited = |customer| {
            (attribution.of(customer)).map(|c| (c.group, c.contact, c.client.unwrap_or(customer)))
        };
        assert_eq!(
            credited("acme  kitchens ltd"),
            Some(("Chamber", "Dana Price", "Acme Kitchens"))
        );
        // The config names the contact, the log the group.
        assert_eq!(
            credited("Birch Dental"),
            Some(("Harbor City BNI", "Lee Wong", "Birch Dental"))
        );
        assert_eq!(credited("COLE LAW"), Some(("Rotary", "", "Cole Law")));
        assert_eq!(credited("Zenith Ltd"), None);
    }
}
