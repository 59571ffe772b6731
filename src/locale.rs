//! How people in a country write numbers, dates and money: what `locale = "de"` (and
//! `init --locale de`) means for the files netaudit reads and writes and for the figures it
//! shows. Each key it implies can still be set on its own, and wins.

use crate::activity::format::Decimal;

/// A locale netaudit knows: the forms its people's spreadsheets and files use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    /// Its tag, as `locale` takes it: a language, or a language and a region.
    pub tag: &'static str,
    /// The delimiter of its CSV files: a semicolon where the decimal mark is a comma.
    pub delimiter: u8,
    pub decimal: Decimal,
    /// How its dates are written, as chrono's strftime; `None` is ISO (`2026-11-05`).
    pub date_format: Option<&'static str>,
    /// Its currency, as an ISO code.
    pub currency: &'static str,
    /// How it writes a figure for people.
    pub numbers: NumberStyle,
}

/// How figures are written for people: the marks, and where money's currency goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberStyle {
    pub decimal: char,
    /// Between groups of three digits of money.
    pub thousands: char,
    /// The currency after the amount (`3.200 €`), else before it (`£3,200`).
    pub sign_after: bool,
    /// A space between the currency and the amount before it (`€ 3.200`, `R$ 3.200`).
    pub space_before: bool,
}

impl NumberStyle {
    /// netaudit's own: `$3,200.50`, `1.5`.
    pub const ENGLISH: NumberStyle = NumberStyle {
        decimal: '.',
        thousands: ',',
        sign_after: false,
        space_before: false,
    };

    /// `value` with `places` decimals, with this style's decimal mark and no grouping.
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{:.*}", places, value + 0.0);
        // A value that rounds to 0 is never "-0.0".
        let text = match text.strip_prefix('-') {
            Some(size) if size.bytes().all(|b| b == b'0' || b == b'.') => size.to_string(),
            _ => text,
        };
        if self.decimal == '.' {
            text
        } else {
            text.replace('.', &self.decimal.to_string())
        }
    }
}

/// A no-break space, and the narrow one French groups thousands with.
const NBSP: char = '\u{a0}';
const NARROW_NBSP: char = '\u{202f}';

const fn style(
    decimal: char,
    thousands: char,
    sign_after: bool,
    space_before: bool,
) -> NumberStyle {
    NumberStyle {
        decimal,
        thousands,
        sign_after,
        space_before,
    }
}

const fn locale(
    tag: &'static str,
    date_format: Option<&'static str>,
    currency: &'static str,
    numbers: NumberStyle,
) -> Locale {
    let (delimiter, decimal) = if numbers.decimal == ',' {
        (b';', Decimal::Comma)
    } else {
        (b',', Decimal::Point)
    };
    Locale {
        tag,
        delimiter,
        decimal,
        date_format,
        currency,
        numbers,
    }
}

/// The locales netaudit knows. A tag of a region not listed falls back to its language's.
pub const LOCALES: [Locale; 19] = [
    locale("en", None, "USD", NumberStyle::ENGLISH),
    locale("en-US", Some("%m/%d/%Y"), "USD", NumberStyle::ENGLISH),
    locale("en-CA", None, "CAD", NumberStyle::ENGLISH),
    locale("en-GB", Some("%d/%m/%Y"), "GBP", NumberStyle::ENGLISH),
    locale("en-IE", Some("%d/%m/%Y"), "EUR", NumberStyle::ENGLISH),
    locale("en-AU", Some("%d/%m/%Y"), "AUD", NumberStyle::ENGLISH),
    locale("de", Some("%d.%m.%Y"), "EUR", style(',', '.', true, false)),
    locale(
        "de-AT",
        Some("%d.%m.%Y"),
        "EUR",
        style(',', '.', true, false),
    ),
    locale(
        "fr",
        Some("%d/%m/%Y"),
        "EUR",
        style(',', NARROW_NBSP, true, false),
    ),
    locale("es", Some("%d/%m/%Y"), "EUR", style(',', '.', true, false)),
    locale("it", Some("%d/%m/%Y"), "EUR", style(',', '.', true, false)),
    locale("nl", Some("%d-%m-%Y"), "EUR", style(',', '.', false, true)),
    locale("pt", Some("%d/%m/%Y"), "EUR", style(',', NBSP, true, false)),
    locale(
        "pt-BR",
        Some("%d/%m/%Y"),
        "BRL",
        style(',', '.', false, true),
    ),
    locale("pl", Some("%d.%m.%Y"), "PLN", style(',', NBSP, true, false)),
    locale("sv", None, "SEK", style(',', NBSP, true, false)),
    locale("da", Some("%d.%m.%Y"), "DKK", style(',', '.', true, false)),
    locale("nb", Some("%d.%m.%Y"), "NOK", style(',', NBSP, true, false)),
    locale("fi", Some("%d.%m.%Y"), "EUR", style(',', NBSP, true, false)),
];

/// The locale a tag names: exactly (letter case and `_` aside), else its language's
/// (`de-DE` is `de`); `None` for a language netaudit does not know.
pub fn named(tag: &str) -> Option<&'static Locale> {
    let tag = tag.trim().replace('_', "-");
    let same = |known: &&Locale| known.tag.eq_ignore_ascii_case(&tag);
    LOCALES.iter().find(same).or_else(|| {
        let language = tag.split('-').next()?;
        LOCALES
            .iter()
            .find(|known| known.tag.eq_ignore_ascii_case(language))
    })
}

/// What a `locale` may be, for a message.
pub fn expected() -> String {
    format!(
        "a locale such as \"de\", \"fr\" or \"en-GB\"; netaudit knows {}",
        LOCALES.map(|locale| locale.tag).join(", ")
    )
}

/// The sign its people write for `code` where it is the locale's own currency and differs
/// from the code's usual sign (`kr` for SEK, `zł` for PLN, `R$` for BRL).
pub fn own_sign(locale: &Locale, code: &str) -> Option<&'static str> {
    if locale.currency != code {
        return None;
    }
    match code {
        "SEK" | "DKK" | "NOK" => Some("kr"),
        "PLN" => Some("zł"),
        "BRL" => Some("R$"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_not_listed_is_its_language_s() {
        assert_eq!(named("de-DE").map(|l| l.tag), Some("de"));
        assert_eq!(named("de_at").map(|l| l.tag), Some("de-AT"));
        assert_eq!(named("EN-gb").map(|l| l.tag), Some("en-GB"));
        assert_eq!(named("xx"), None);
        let german = named("de").unwrap();
        assert_eq!((german.delimiter, german.decimal), (b';', Decimal::Comma));
    }

    #[test]
    fn decimals_take_the_style_s_mark_and_never_a_minus_zero() {
        let german = named("de").unwrap().numbers;
        assert_eq!(german.decimal(0.245, 2), "0,24");
        assert_eq!(german.decimal(-0.001, 2), "0,00");
        assert_eq!(NumberStyle::ENGLISH.decimal(129.5, 1), "129.5");
    }
}
