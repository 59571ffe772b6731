//! `[chapter.traffic_lights]`: the steps and colour lines of BNI's Traffic Lights, for a
//! region whose rules differ from the US report's, which are the default.
//!
//! ```toml
//! [chapter.traffic_lights]
//! attendance = [[0.95, 20], [0.85, 15], [0.75, 10]]
//! visitors = [["6/26", 20], ["4.5/26", 15], ["3/26", 10], ["1.5/26", 5]]
//! green = 70
//! ```

use crate::chapter::{LightsRules, Steps};
use crate::messages::show_value;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// The keys of `[chapter.traffic_lights]`.
pub const KEYS: [&str; 8] = [
    "attendance",
    "referrals",
    "visitors",
    "one_to_ones",
    "ceus",
    "green",
    "amber",
    "red",
];

/// The most steps a rule may have.
const MAX_STEPS: usize = 20;

/// The most points one step may give.
const MAX_POINTS: i64 = 1000;

#[derive(Deserialize)]
pub struct RawChapter {
    traffic_lights: Option<RawLights>,
}

#[derive(Deserialize)]
struct RawLights {
    attendance: Option<Spanned<toml::Value>>,
    referrals: Option<Spanned<toml::Value>>,
    visitors: Option<Spanned<toml::Value>>,
    one_to_ones: Option<Spanned<toml::Value>>,
    ceus: Option<Spanned<toml::Value>>,
    green: Option<Spanned<toml::Value>>,
    amber: Option<Spanned<toml::Value>>,
    red: Option<Spanned<toml::Value>>,
}

/// The rules `[chapter.traffic_lights]` sets, each key not given its default; a problem
/// comes with the place of its value.
pub fn rules(raw: Option<RawChapter>) -> Result<LightsRules, (Range<usize>, String)> {
    let mut rules = LightsRules::default();
    let Some(raw) = raw.and_then(|chapter| chapter.traffic_lights) else {
        return Ok(rules);
    };
    for (value, name, steps) in [
        (raw.attendance, "attendance", &mut rules.attendance),
        (raw.referrals, "referrals", &mut rules.referrals),
        (raw.visitors, "visitors", &mut rules.visitors),
        (raw.one_to_ones, "one_to_ones", &mut rules.one_to_ones),
        (raw.ceus, "ceus", &mut rules.ceus),
    ] {
        if let Some(value) = value {
            *steps = read_steps(value.get_ref()).map_err(|problem| {
                (
                    value.span(),
                    format!("key `chapter.traffic_lights.{name}`: {problem}"),
                )
            })?;
        }
    }
    let mut last_span = None;
    for (value, name, line) in [
        (raw.green, "green", &mut rules.green),
        (raw.amber, "amber", &mut rules.amber),
        (raw.red, "red", &mut rules.red),
    ] {
        if let Some(value) = value {
            *line = points(value.get_ref()).map_err(|problem| {
                (
                    value.span(),
                    format!("key `chapter.traffic_lights.{name}`: {problem}"),
                )
            })?;
            last_span = Some(value.span());
        }
    }
    if let Some(span) = last_span
        && !(rules.green > rules.amber && rules.amber > rules.red)
    {
        return Err((
            span,
            format!(
                "key `chapter.traffic_lights`: the colours' least points must fall from green \
                 to amber to red; they are green = {}, amber = {}, red = {}",
                rules.green, rules.amber, rules.red
            ),
        ));
    }
    Ok(rules)
}

fn read_steps(value: &toml::Value) -> Result<Steps, String> {
    const EXPECTED: &str = "expected a list of [threshold, points] steps, highest first, as in \
                            [[0.95, 20], [0.85, 15]] or [[\"6/26\", 20]]";
    let toml::Value::Array(items) = value else {
        return Err(EXPECTED.to_string());
    };
    if items.len() > MAX_STEPS {
        return Err(format!("at most {MAX_STEPS} steps; {EXPECTED}"));
    }
    let mut steps: Vec<(f64, u32)> = Vec::with_capacity(items.len());
    for item in items {
        let Some([threshold, given]) = item
            .as_array()
            .and_then(|pair| <&[_; 2]>::try_from(&pair[..]).ok())
        else {
            return Err(format!("{EXPECTED}, got {item}"));
        };
        let threshold = self::threshold(threshold)?;
        if let Some((previous, _)) = steps.last()
            && threshold >= *previous
        {
            return Err(format!(
                "the thresholds must fall step by step; {threshold} comes after {previous}"
            ));
        }
        steps.push((threshold, points(given)?));
    }
    Ok(Steps(steps))
}

/// A threshold: a number, a percent ("95%") or a fraction ("6/26"), 0 or more.
fn threshold(value: &toml::Value) -> Result<f64, String> {
    const EXPECTED: &str = "a threshold of 0 or more: a number such as 0.75, a percent such as \
                            \"95%\" or a fraction such as \"6/26\"";
    let number = match value {
        toml::Value::Integer(n) => Some(*n as f64),
        toml::Value::Float(x) => Some(*x),
        toml::Value::String(text) => {
            let number = |text: &str| text.trim().parse::<f64>().ok();
            if let Some(percent) = text.strip_suffix('%') {
                number(percent).map(|percent| percent / 100.0)
            } else if let Some((over, under)) = text.split_once('/') {
                number(over)
                    .zip(number(under).filter(|under| *under > 0.0))
                    .map(|(over, under)| over / under)
            } else {
                number(text)
            }
        }
        _ => None,
    };
    number
        .filter(|number| number.is_finite() && *number >= 0.0)
        .ok_or_else(|| format!("expected {EXPECTED}, got {}", show_toml(value)))
}

fn points(value: &toml::Value) -> Result<u32, String> {
    match value {
        toml::Value::Integer(n) if (0..=MAX_POINTS).contains(n) => Ok(*n as u32),
        other => Err(format!(
            "expected whole points from 0 to {MAX_POINTS}, got {}",
            show_toml(other)
        )),
    }
}

fn show_toml(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => show_value(text),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<LightsRules, String> {
        #[derive(Deserialize)]
        struct Doc {
            chapter: Option<RawChapter>,
        }
        let doc: Doc = toml::from_str(text).map_err(|err| err.to_string())?;
        rules(doc.chapter).map_err(|(_, problem)| problem)
    }

    #[test]
    fn steps_take_numbers_percents_and_fractions() {
        let rules = parsed(
            "[chapter.traffic_lights]\nattendance = [[\"90%\", 25], [0.8, 10]]\n\
             visitors = [[\"5/26\", 20], [0, 1]]\ngreen = 80\n",
        )
        .unwrap();
        assert_eq!(rules.attendance, Steps(vec![(0.9, 25), (0.8, 10)]));
        assert_eq!(rules.visitors, Steps(vec![(5.0 / 26.0, 20), (0.0, 1)]));
        assert_eq!((rules.green, rules.amber), (80, 50));
        assert_eq!(rules.referrals, LightsRules::default().referrals);
        assert_eq!(parsed("").unwrap(), LightsRules::default());
    }

    #[test]
    fn bad_steps_and_colours_are_refused() {
        let err = parsed("[chapter.traffic_lights]\nceus = [[0.5, 10], [0.75, 15]]\n");
        assert!(
            err.unwrap_err()
                .contains("must fall step by step; 0.75 comes after 0.5")
        );
        let err = parsed("[chapter.traffic_lights]\nceus = [[\"x/0\", 10]]\n");
        assert!(err.unwrap_err().contains("got \"x/0\""));
        let err = parsed("[chapter.traffic_lights]\nceus = [[1, -5]]\n");
        assert!(
            err.unwrap_err()
                .contains("expected whole points from 0 to 1000, got -5")
        );
        let err = parsed("[chapter.traffic_lights]\nceus = 3\n");
        assert!(
            err.unwrap_err()
                .contains("expected a list of [threshold, points] steps")
        );
        let err = parsed("[chapter.traffic_lights]\namber = 80\n");
        assert!(
            err.unwrap_err()
                .contains("green = 70, amber = 80, red = 30")
        );
    }
}
