//! Money and figures as a person reads them: the currency's sign or code where its
//! people put it, thousands grouped, the decimal mark of their locale.

use crate::activity::format::Decimal;
use crate::currency::Code;
use crate::locale::{Locale, NumberStyle};
use crate::model::MetricKind;

/// How to show money, and figures, to a person: in netaudit's own forms a sign goes before
/// the amount ("$1,200"), a code after it ("1,200 EUR"); a `locale` writes them as its
/// people do ("3.200 €", "£3,200", "€ 3.200").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    /// The currency as shown: a sign or a code.
    pub text: String,
    pub numbers: NumberStyle,
}

impl Currency {
    /// `text` in netaudit's own forms.
    pub fn english(text: &str) -> Currency {
        Currency {
            text: text.to_string(),
            numbers: NumberStyle::ENGLISH,
        }
    }

    /// The currency a report shows: as the user wrote it (`currency`, `--currency`), else
    /// the log's (its cells named it) by its sign or code, else `$`. With a `locale`, a
    /// currency is shown by the sign its people write, and figures in their forms.
    pub fn shown(setting: Option<&str>, log: Option<Code>, locale: Option<&Locale>) -> Currency {
        let code = setting.and_then(crate::currency::of_setting).or(log);
        let text = match (locale, code, setting) {
            (Some(locale), Some(code), _) => crate::locale::own_sign(locale, code.as_str())
                .or(code.sign())
                .map_or_else(|| code.to_string(), str::to_string),
            (_, _, Some(written)) => written.to_string(),
            (_, Some(code), None) => code.sign().map_or_else(|| code.to_string(), str::to_string),
            (_, None, None) => "$".to_string(),
        };
        Currency {
            text,
            numbers: locale.map_or(NumberStyle::ENGLISH, |locale| locale.numbers),
        }
    }

    /// The same currency with `decimal`'s marks, for figures among others written so.
    pub fn with_marks(&self, decimal: Decimal) -> Currency {
        Currency {
            text: self.text.clone(),
            numbers: NumberStyle {
                decimal: decimal.mark(),
                thousands: decimal.thousands(),
                ..self.numbers
            },
        }
    }

    /// `value` with `places` decimals, in the style's decimal mark: a score, hours.
    pub fn decimal(&self, value: f64, places: usize) -> String {
        self.numbers.decimal(value, places)
    }

    /// `amount` to the cent, with thousands separators: `$18.50`, `1,200.05 EUR`.
    pub fn with_cents(&self, amount: f64) -> String {
        let hundredths = (amount * 100.0).round() as i64;
        let size = hundredths.unsigned_abs();
        let digits = format!(
            "{}{}{:02}",
            self.grouped(size / 100),
            self.numbers.decimal,
            size % 100
        );
        self.around(hundredths < 0, &digits)
    }

    /// Whole units grouped in thousands by the style's separator.
    fn grouped(&self, units: u64) -> String {
        let grouped = group_thousands(units);
        match self.numbers.thousands {
            ',' => grouped,
            other => grouped.replace(',', &other.to_string()),
        }
    }

    /// Whether the currency is written after the amount: a code always, a sign where the
    /// locale puts it there.
    pub fn goes_after(&self) -> bool {
        let is_code = self.text.chars().all(char::is_alphabetic) && !self.text.is_empty();
        is_code || self.numbers.sign_after
    }

    /// `digits` with the currency: in netaudit's forms a code after them and a sign
    /// before; in a locale's, where its people put it.
    fn around(&self, negative: bool, digits: &str) -> String {
        let sign = if negative { "-" } else { "" };
        let text = &self.text;
        if self.goes_after() {
            format!("{sign}{digits} {text}")
        } else if self.numbers.space_before {
            format!("{sign}{text} {digits}")
        } else {
            format!("{sign}{text}{digits}")
        }
    }

    /// `amount` rounded to whole units, with thousands separators.
    pub fn whole(&self, amount: f64) -> String {
        let rounded = amount.round() + 0.0;
        self.around(rounded < 0.0, &self.grouped(rounded.abs() as u64))
    }
}

/// How money is written: for a person, with the currency and thousands separators; or
/// as a bare number, for CSV and JSON, where "$1,200" would not read as one.
#[derive(Clone, Copy, Debug)]
pub enum Money<'a> {
    ForPeople(&'a Currency),
    AsNumber,
}

impl Money<'_> {
    /// `value` with `places` decimals: in the people's decimal mark, or a point.
    pub fn decimal(self, value: f64, places: usize) -> String {
        match self {
            Money::ForPeople(currency) => currency.decimal(value, places),
            Money::AsNumber => NumberStyle::ENGLISH.decimal(value, places),
        }
    }

    /// `amount` rounded to whole units: "$48,790" for people, "48790" as a number.
    pub fn whole(self, amount: f64) -> String {
        match self {
            Money::ForPeople(currency) => currency.whole(amount),
            Money::AsNumber => format!("{}", amount.round() + 0.0),
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// Rounds to 2 decimals, never to -0.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

/// Text with exactly 2 decimals, never "-0.00": the form of every fractional figure.
pub fn decimal2(value: f64) -> String {
    format!("{:.2}", round2(value))
}

/// A figure for a person: whole counts, hours to a tenth, money with its currency.
pub fn cell_text(kind: MetricKind, value: Option<f64>, currency: &Currency) -> String {
    let Some(value) = value else {
        return "-".to_string();
    };
    match kind {
        MetricKind::Count => format!("{value:.0}"),
        MetricKind::Hours => currency.decimal(value, 1),
        MetricKind::Money => currency.whole(value),
        MetricKind::Score => currency.decimal(round2(value), 2),
    }
}
