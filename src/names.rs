//! Group identity: how a name is normalised, the key that tells groups apart, and which
//! names look like one name written two ways. The ledger, the config, `check` and `log`
//! all decide "same group?" here.

/// Trims a group name and collapses each run of inner whitespace to one space.
pub fn normalize_group(name: &str) -> String {
    let mut normal = String::new();
    normalize_group_into(name, &mut normal);
    normal
}

/// [`normalize_group`] into a reused string, so that reading a row allocates nothing.
pub(crate) fn normalize_group_into(name: &str, normal: &mut String) {
    normal.clear();
    // Most names are written normally already: plain ASCII, single spaces between words.
    let mut previous = b' ';
    let is_normal = !name.ends_with(' ')
        && name.bytes().all(|byte| {
            let fits = (b' '..0x80).contains(&byte) && !(byte == b' ' && previous == b' ');
            previous = byte;
            fits
        });
    if is_normal {
        normal.push_str(name);
        return;
    }
    for word in name.split_whitespace() {
        if !normal.is_empty() {
            normal.push(' ');
        }
        normal.push_str(word);
    }
}

/// A member's or chapter's name as read from BNI's exports, made safe to show in every
/// format: a control character or a text-direction mark, embedding, override or isolate
/// is written `\u{…}` (see [`crate::messages::escape`]), spaces between words made one
/// (BNI Connect writes some names with two), and the rest kept as it is. Such a name is
/// not refused, as a group name in the user's own log is: one member's name in an export
/// the user cannot fix would block the whole chapter's report. Every name of a chapter,
/// summary or slip, is read through this, so they still match.
pub fn member_name(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').filter(|word| !word.is_empty()).collect();
    crate::messages::escape(&words.join(" ")).into_owned()
}

/// The identity of a group: its normalised name, without letter case.
pub fn group_key(name: &str) -> String {
    normalize_group(name).to_lowercase()
}

/// Whether two group keys look like one name written two ways: the same letters and digits
/// with other punctuation or spacing, or one edit apart (two in names of 16 characters or
/// more). Names under 4 characters are too short to tell.
pub fn resembles(a: &str, b: &str) -> bool {
    Spelling::of(a).resembles(&Spelling::of(b))
}

/// What [`resembles`] compares of a key, worked out once for all the pairs it is in: a
/// log of hundreds of groups makes tens of thousands of pairs.
struct Spelling<'a> {
    key: &'a str,
    /// The key's letters and digits alone.
    letters: String,
    /// The key's characters, for the edit distance.
    chars: Vec<char>,
}

impl<'a> Spelling<'a> {
    fn of(key: &'a str) -> Spelling<'a> {
        Spelling {
            key,
            letters: key.chars().filter(|c| c.is_alphanumeric()).collect(),
            chars: key.chars().collect(),
        }
    }

    fn resembles(&self, other: &Spelling<'_>) -> bool {
        if self.key == other.key {
            return false;
        }
        if self.letters == other.letters {
            return true;
        }
        let shorter = self.chars.len().min(other.chars.len());
        let allowed = if shorter >= 16 { 2 } else { 1 };
        shorter >= 4 && within_edits(&self.chars, &other.chars, allowed)
    }
}

/// Whether `a` and `b` are at most `most` single-character edits apart (the Levenshtein
/// distance). Only the cells of the edit table within `most` of its diagonal can hold so
/// small a distance, so only they are worked out, and a row with none small enough ends
/// it: for two names of 25 letters that are not alike, a few dozen cells where the whole
/// table is 625. Look-alike checks make tens of thousands of such pairs.
fn within_edits(a: &[char], b: &[char], most: usize) -> bool {
    if a.len().abs_diff(b.len()) > most {
        return false;
    }
    // Any distance past `most` is held as `far`: only whether it is small matters.
    let far = most + 1;
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut row = vec![far; b.len() + 1];
    for i in 1..=a.len() {
        let first = i.saturating_sub(most).max(1);
        let last = (i + most).min(b.len());
        row[0] = i.min(far);
        if first > 1 {
            row[first - 1] = far;
        }
        let mut smallest = row[first - 1];
        for j in first..=last {
            let change = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let cell = change.min(previous[j] + 1).min(row[j - 1] + 1).min(far);
            row[j] = cell;
            smallest = smallest.min(cell);
        }
        if last < b.len() {
            row[last + 1] = far;
        }
        if smallest > most {
            return false;
        }
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()] <= most
}

/// Up to `count` of `names`, closest in spelling to `name` first, without letter case;
/// only names that are close: at most a third of the longer name's letters apart (and 2
/// for short names), so that "Sample Chapter" is not offered "Club".
pub fn closest_names<'a>(name: &str, names: &[&'a str], count: usize) -> Vec<&'a str> {
    let key = group_key(name);
    let mut ranked: Vec<(usize, &str)> = names
        .iter()
        .map(|candidate| {
            let other = group_key(candidate);
            let close = (key.chars().count().max(other.chars().count()) / 3).max(2);
            let distance = strsim::levenshtein(&key, &other);
            (distance, close, *candidate)
        })
        .filter(|(distance, close, _)| distance <= close)
        .map(|(distance, _, candidate)| (distance, candidate))
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(count)
        .map(|(_, name)| name)
        .collect()
}

/// The candidate with the smallest edit distance to `name` (the first on ties).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.min_by_key(|candidate| strsim::levenshtein(name, candidate))
}

/// Beyond this many groups, names are not compared pairwise for look-alikes.
pub const MAX_COMPARED_GROUPS: usize = 2_000;

/// Each pair of `keys` (by index, the earlier first) that [`resembles`] says look like one
/// name written two ways; `None` past [`MAX_COMPARED_GROUPS`] keys, which are too many to
/// compare pairwise.
pub fn look_alikes(keys: &[&str]) -> Option<Vec<(usize, usize)>> {
    if keys.len() > MAX_COMPARED_GROUPS {
        return None;
    }
    let spellings: Vec<Spelling> = keys.iter().map(|key| Spelling::of(key)).collect();
    let mut pairs = Vec::new();
    for (index, spelling) in spellings.iter().enumerate() {
        for (offset, other) in spellings[index + 1..].iter().enumerate() {
            if spelling.resembles(other) {
                pairs.push((index, index + 1 + offset));
            }
        }
    }
    Some(pairs)
}

/// Each of `named` (groups the config has facts for) whose key `is_logged` does not know,
/// with the closest of the `logged` names. The closest is looked for only while that takes
/// no more comparisons than [`look_alikes`] makes at most.
pub fn unlogged<'a, 'b>(
    named: impl Iterator<Item = &'a str>,
    is_logged: impl Fn(&str) -> bool,
    logged: &[&'b str],
) -> Vec<(&'a str, Option<&'b str>)> {
    let unlogged: Vec<&str> = named.filter(|name| !is_logged(&group_key(name))).collect();
    let hinted = unlogged.len() * logged.len() <= MAX_COMPARED_GROUPS * MAX_COMPARED_GROUPS / 2;
    unlogged
        .into_iter()
        .map(|name| {
            let closest = if hinted {
                closest_names(name, logged, 1).first().copied()
            } else {
                None
            };
            (name, closest)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The banded edit distance says what the whole table says: within `most` or not.
        #[test]
        fn within_edits_is_the_levenshtein_distance_held_to_a_bound(
            a in "[abc ]{0,12}",
            b in "[abc ]{0,12}",
            most in 0usize..4,
        ) {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            prop_assert_eq!(within_edits(&x, &y, most), strsim::levenshtein(&a, &b) <= most);
        }
    }

    #[test]
    fn group_names_normalise_spacing_and_case() {
        assert_eq!(
            normalize_group("  Harbor \t City   BNI "),
            "Harbor City BNI"
        );
        assert_eq!(group_key(" harbor  CITY bni"), group_key("Harbor City BNI"));
    }

    proptest! {
        #[test]
        fn names_normalise_as_split_words_joined(name in "[ a\t\u{a0}\u{2003}é.]{0,12}") {
            let words: Vec<&str> = name.split_whitespace().collect();
            prop_assert_eq!(normalize_group(&name), words.join(" "));
        }
    }

    #[test]
    fn look_alikes_are_pairs_of_names_written_two_ways() {
        let keys = [
            "harbor city bni",
            "rotary",
            "harbour city bni",
            "harbor-city bni",
        ];
        assert_eq!(look_alikes(&keys), Some(vec![(0, 2), (0, 3)]));
        let many: Vec<String> = (0..=MAX_COMPARED_GROUPS)
            .map(|n| format!("group {n}"))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(look_alikes(&many), None);
    }

    #[test]
    fn an_unlogged_group_comes_with_the_closest_logged_name() {
        let logged = ["Harbor City BNI", "Rotary"];
        let found = unlogged(
            ["Harbour City BNI", "rotary"].into_iter(),
            |key| key == "rotary",
            &logged,
        );
        assert_eq!(found, [("Harbour City BNI", Some("Harbor City BNI"))]);
    }
}
