//! Reading one cell of the log from its text, in every form the log allows, with the
//! fix for a value written another way where one reading is obvious.

use super::{MAX_AMOUNT, MAX_COUNT, MAX_GROUP_NAME_CHARS};
use crate::figures::Amount;
use crate::messages;
use crate::names::normalize_group;
use chrono::NaiveDate;

pub(crate) fn with_hint(expected: &str, hint: Option<String>) -> String {
    match hint {
        Some(hint) => format!("{expected}; {hint}"),
        None => expected.to_string(),
    }
}

/// A fix for a date written another way: `2026/10/06`, `25/06/2026`, or `10/06/2026`,
/// which is either of two days, so both are offered.
pub(crate) fn date_hint(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let number = |part: &str| {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let day = |year: u32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    };
    let write = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
    if a.len() == 4 {
        return day(a_n, b_n, c_n).map(|date| format!("write {}", write(date)));
    }
    if c.len() != 4 {
        return None;
    }
    let month_first = day(c_n, a_n, b_n);
    let day_first = day(c_n, b_n, a_n);
    match (month_first, day_first) {
        (Some(one), Some(other)) if one != other => Some(format!(
            "write {} if it is {}, or {} if it is {}",
            write(one),
            one.format("%-d %B"),
            write(other),
            other.format("%-d %B")
        )),
        (Some(date), _) | (None, Some(date)) => Some(format!("write {}", write(date))),
        (None, None) => None,
    }
}

/// A fix for a number with a stray symbol or unit before or after it (`12h`, `~3`,
/// `40 USD`). A sign, a control character or a letter inside the number (`-5`, `2\0`,
/// `1e3`) gets none: no reading of those is obvious.
fn number_hint(value: &str, parse: impl Fn(&str) -> Result<String, String>) -> Option<String> {
    // A control character (a NUL from a damaged file) is no stray symbol to drop.
    if value.starts_with(['-', '+']) || value.chars().any(char::is_control) {
        return None;
    }
    let is_number_char = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let core = value
        .trim_start_matches(|c: char| !is_number_char(c))
        .trim_end_matches(|c: char| !is_number_char(c));
    if core.is_empty() || core == value {
        return None;
    }
    parse(core).ok().map(|plain| format!("write {plain}"))
}

/// A group name: spacing normalised, not empty, not too long, and nothing in it that
/// would act on a terminal or reorder text when shown (see [`messages::is_hostile`]).
pub fn parse_group(text: &str) -> Result<String, String> {
    let name = normalize_group(text);
    if name.is_empty() {
        Err("a group name".to_string())
    } else if name.chars().any(messages::is_hostile) {
        Err("a group name without control characters or text-direction marks".to_string())
    } else if name.chars().count() > MAX_GROUP_NAME_CHARS {
        Err(format!(
            "a group name of at most {MAX_GROUP_NAME_CHARS} characters"
        ))
    } else {
        Ok(name)
    }
}

/// A whole number of meetings, leads, deals or referrals. Empty is 0.
pub fn parse_count(text: &str) -> Result<u64, String> {
    parse_count_only(text).map_err(|expected| {
        with_hint(
            &expected,
            number_hint(text, |core| parse_count_only(core).map(|n| n.to_string())),
        )
    })
}

/// Hours with at most two decimals. Empty is 0.
pub fn parse_hours(text: &str) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Hours)
}

/// Money with at most two decimals, perhaps a currency sign and thousands commas. Empty is 0.
pub fn parse_money(text: &str) -> Result<Amount, String> {
    parse_amount_hinted(text, Unit::Money)
}

fn parse_amount_hinted(text: &str, unit: Unit) -> Result<Amount, String> {
    parse_amount(text, unit).map_err(|expected| {
        with_hint(
            &expected,
            number_hint(text, |core| {
                parse_amount(core, unit).map(|amount| amount.as_cell())
            }),
        )
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Money,
}

const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

fn parse_count_only(text: &str) -> Result<u64, String> {
    const EXPECTED: &str = "a whole number of 0 or more, such as 3";
    if text.is_empty() {
        return Ok(0);
    }
    if text.starts_with('-') {
        return Err(format!("{EXPECTED} (negative counts are not allowed)"));
    }
    let digits = strip_thousands(text).ok_or(EXPECTED)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EXPECTED.to_string());
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(format!("a count of at most {MAX_COUNT}")),
    }
}

/// Hours or money with at most two decimals; money may carry one leading currency sign.
/// Comma thousands separators are accepted only where they group whole thousands,
/// so that `2,5` (a decimal comma) is refused rather than read as 25.
fn parse_amount(text: &str, unit: Unit) -> Result<Amount, String> {
    let expected = match unit {
        Unit::Hours => "a number of hours of 0 or more, such as 2.5",
        Unit::Money => "an amount of 0 or more, such as 25, 4800.50 or $4,800.50",
    };
    if text.is_empty() {
        return Ok(Amount::default());
    }
    let mut rest = text;
    if unit == Unit::Money
        && let Some(sign) = rest.chars().next().filter(|c| CURRENCY_SIGNS.contains(c))
    {
        rest = &rest[sign.len_utf8()..];
    }
    if rest.starts_with('-') {
        return Err(format!("{expected} (negative values are not allowed)"));
    }
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let whole = strip_thousands(whole).ok_or_else(|| {
        format!("{expected}; commas may only separate thousands, as in 4,800.50 (use a point for decimals)")
    })?;
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fraction = fraction.unwrap_or("");
    if !all_digits(&whole) || !all_digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return Err(expected.to_string());
    }
    if fraction.len() > 2 {
        return Err(format!("{expected}, with at most 2 decimal places"));
    }
    let whole_value = if whole.is_empty() {
        Some(0)
    } else {
        whole.parse::<u64>().ok()
    };
    match whole_value {
        Some(units)
            if units < MAX_AMOUNT
                || (units == MAX_AMOUNT && fraction.bytes().all(|b| b == b'0')) =>
        {
            let cents = if fraction.len() == 1 {
                fraction.parse::<u64>().unwrap_or(0) * 10
            } else {
                fraction.parse::<u64>().unwrap_or(0)
            };
            Ok(Amount::from_hundredths(units * 100 + cents))
        }
        _ => Err(format!("an amount of at most {MAX_AMOUNT}")),
    }
}

/// Removes comma thousands separators, or `None` when commas appear anywhere
/// but between a leading group of 1 to 3 digits and following groups of exactly 3.
fn strip_thousands(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let mut groups = text.split(',');
    let first = groups.next().unwrap_or("");
    let first_ok = (1..=3).contains(&first.len());
    let rest: Vec<&str> = groups.collect();
    if first_ok && rest.iter().all(|group| group.len() == 3) {
        Some(std::iter::once(first).chain(rest).collect())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<u64, String> {
        parse_amount(text, Unit::Money).map(Amount::hundredths)
    }

    #[test]
    fn money_accepts_currency_signs_and_thousands() {
        assert_eq!(amount("$4,800.50"), Ok(480_050));
        assert_eq!(amount("4800.5"), Ok(480_050));
        assert_eq!(amount("€1,234,567"), Ok(123_456_700));
        assert_eq!(amount("£0.05"), Ok(5));
        assert_eq!(amount(".5"), Ok(50));
        assert_eq!(amount("1."), Ok(100));
        assert_eq!(amount(""), Ok(0));
        assert_eq!(amount("1000000000"), Ok(100_000_000_000));
    }

    #[test]
    fn money_refuses_anything_else() {
        for bad in [
            "2,5",
            "4,80.00",
            "1,2345",
            ",100",
            "$$5",
            "5$",
            "-5",
            "$-5",
            "1e3",
            "NaN",
            "inf",
            "0x10",
            "1.234",
            ".",
            "$",
            "12 500",
            "1000000000.01",
            "1e400",
            "5 USD",
            "+5",
        ] {
            assert!(amount(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn hours_take_no_currency_sign() {
        assert_eq!(
            parse_amount("2.5", Unit::Hours).map(Amount::hundredths),
            Ok(250)
        );
        assert!(parse_amount("$2.5", Unit::Hours).is_err());
    }

    #[test]
    fn counts_are_whole_numbers() {
        assert_eq!(parse_count("3"), Ok(3));
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("1,000"), Ok(1000));
        assert_eq!(parse_count("1000000"), Ok(MAX_COUNT));
        for bad in [
            "1.5",
            "-1",
            "$3",
            "three",
            "1000001",
            "99999999999999999999999",
        ] {
            assert!(parse_count(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn fixes_are_offered_only_where_one_reading_is_obvious() {
        let hint = |text: &str| parse_hours(text).unwrap_err();
        assert!(hint("~3").ends_with("; write 3"));
        assert!(hint("1.5 h").ends_with("; write 1.5"));
        assert!(parse_money("40 USD").unwrap_err().ends_with("; write 40"));
        assert!(parse_count("3 leads").unwrap_err().ends_with("; write 3"));
        for no_fix in ["2\0", "1e3", "-5", "NaN", "h"] {
            assert!(!hint(no_fix).contains("write"), "{no_fix}");
        }
        assert_eq!(date_hint("2026/10/06").as_deref(), Some("write 2026-10-06"));
        assert_eq!(date_hint("13.06.2026").as_deref(), Some("write 2026-06-13"));
        assert_eq!(
            date_hint("06/06/2026").as_deref(),
            Some("write 2026-06-06"),
            "one day either way"
        );
        assert_eq!(date_hint("31/31/2026"), None);
        assert_eq!(
            date_hint("10/06/26"),
            None,
            "a two-digit year is not guessed"
        );
    }
}
