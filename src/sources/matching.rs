//! Which group an imported item goes to: the group the user names, else the one whose
//! `match` patterns fit the item's texts (a calendar event's summary, a tracker's project),
//! as the config writes them.

use crate::activity::parse_group;
use crate::config::{Config, GroupImport};
use crate::messages::show_value;
use crate::names::group_key;
use crate::sources::imported::Item;
use anyhow::{Result, anyhow, bail};

/// Which group an imported item goes to: the one --group names, else the one whose
/// `match` patterns in the config fit one of the item's texts (two groups that fit are
/// an error, never a guess).
pub struct ImportGroups<'a> {
    fixed: Option<(String, GroupImport)>,
    patterns: Vec<(&'a str, &'a str, &'a GroupImport)>,
}

impl<'a> ImportGroups<'a> {
    pub fn new(
        fixed: Option<&str>,
        config: &'a Config,
        needs_patterns: bool,
    ) -> Result<ImportGroups<'a>> {
        let settings = |group: &str| {
            let key = group_key(group);
            (config.import.groups.iter())
                .find(|(name, _)| group_key(name) == key)
                .map(|(_, settings)| settings.clone())
                .unwrap_or_default()
        };
        let fixed = match fixed {
            Some(group) => {
                let group = parse_group(group).map_err(|expected| {
                    anyhow!("--group {}: expected {expected}", show_value(group))
                })?;
                let settings = settings(&group);
                Some((group, settings))
            }
            None => None,
        };
        let patterns: Vec<_> = (config.import.groups.iter())
            .flat_map(|(group, settings)| {
                (settings.patterns.iter())
                    .map(move |pattern| (group.as_str(), pattern.as_str(), settings))
            })
            .collect();
        if needs_patterns && fixed.is_none() && patterns.is_empty() {
            bail!(
                "no group to import into: pass --group NAME, or give groups patterns in \
                 netaudit.toml, as in [groups.\"Harbor City BNI\"] match = [\"BNI Harbor*\"]"
            );
        }
        Ok(ImportGroups { fixed, patterns })
    }

    pub fn of(&self, item: &Item) -> Result<Option<(&str, &GroupImport)>> {
        if let Some((group, settings)) = &self.fixed {
            return Ok(Some((group, settings)));
        }
        let mut found: Option<(&str, &str, &GroupImport)> = None;
        for &(group, pattern, settings) in &self.patterns {
            if !item
                .about
                .texts
                .iter()
                .any(|text| glob_matches(pattern, text))
            {
                continue;
            }
            match found {
                Some((other, other_pattern, _)) if group_key(other) != group_key(group) => bail!(
                    "{} fits two groups: groups.\"{other}\" by {} and groups.\"{group}\" by {}; \
                     make one pattern narrower, or import with --group",
                    item.label(),
                    show_value(other_pattern),
                    show_value(pattern)
                ),
                Some(_) => {}
                None => found = Some((group, pattern, settings)),
            }
        }
        Ok(found.map(|(group, _, settings)| (group, settings)))
    }
}

/// Whether `text` is `pattern`, without regard to case: `*` stands for any characters,
/// `?` for one.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let (mut p, mut t) = (0, 0);
    // Where the last star was, and the text position it has swallowed up to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn globs_match_whole_texts_without_case() {
        assert!(glob_matches("BNI Harbor*", "bni harbor city weekly"));
        assert!(glob_matches("*harbor city*", "Breakfast: Harbor City BNI"));
        assert!(glob_matches("Chamber ?ixer", "Chamber Mixer"));
        assert!(!glob_matches("BNI Harbor*", "Weekly BNI Harbor"));
        assert!(!glob_matches("Chamber", "Chamber Mixer"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("a*b*c", "aXbYbZ"));
    }
}
