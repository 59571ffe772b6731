//! Which currency an amount is in: ISO 4217 codes, the signs people write for them, and
//! the user's own fixed rates between them. netaudit never fetches a rate: a rate is what
//! the user says one unit is worth, so that a report can be run again and agree.

use crate::figures::Amount;
use std::collections::BTreeMap;
use std::fmt;

/// A currency, by its ISO 4217 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code([u8; 3]);

/// The signs a money cell or flag may carry, each with the currency it means when the
/// log's own currency does not write it (a `$` in a CAD log is a Canadian dollar).
const SIGNS: [(&str, Code); 14] = [
    ("$", Code(*b"USD")),
    ("€", Code(*b"EUR")),
    ("£", Code(*b"GBP")),
    ("¥", Code(*b"JPY")),
    ("₹", Code(*b"INR")),
    ("₩", Code(*b"KRW")),
    ("₽", Code(*b"RUB")),
    ("₺", Code(*b"TRY")),
    ("₪", Code(*b"ILS")),
    ("₴", Code(*b"UAH")),
    ("₱", Code(*b"PHP")),
    ("₦", Code(*b"NGN")),
    ("₫", Code(*b"VND")),
    ("฿", Code(*b"THB")),
];

impl Code {
    /// The US dollar: what a bare `$` means, and the currency of a log that names none.
    pub const USD: Code = Code(*b"USD");

    /// The currency with this ISO 4217 code, in any letter case.
    pub fn of_code(text: &str) -> Option<Code> {
        let upper: [u8; 3] = text.to_ascii_uppercase().into_bytes().try_into().ok()?;
        let code = std::str::from_utf8(&upper).ok()?;
        iso_currency::Currency::from_code(code)?;
        Some(Code(upper))
    }

    pub fn as_str(&self) -> &str {
        // Only ever made from an ISO code, which is ASCII.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// The sign this currency is known by, where it is the sign's first meaning (`€` for
    /// EUR, `$` for USD); other currencies are written by their code.
    pub fn sign(self) -> Option<&'static str> {
        SIGNS
            .iter()
            .find(|(_, code)| *code == self)
            .map(|(sign, _)| *sign)
    }

    /// Whether this currency writes `sign` as its own: `$` for USD and CAD, `£` for GBP.
    fn writes(self, sign: &str) -> bool {
        iso_currency::Currency::from_code(self.as_str())
            .is_some_and(|currency| currency.symbol().symbol == sign)
    }

    /// The currency a sign means: the log's own, `own`, where it writes that sign, else the
    /// sign's first meaning.
    fn of_sign(sign: &'static str, own: Option<Code>) -> Option<Code> {
        let first = SIGNS.iter().find(|(known, _)| *known == sign)?.1;
        Some(match own {
            Some(own) if own.writes(sign) => own,
            _ => first,
        })
    }

    /// How a message names it: `€ (EUR)`, or `CHF`.
    pub fn described(self) -> String {
        match self.sign() {
            Some(sign) => format!("{sign} ({self})"),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A currency as a cell or flag writes it, before it is known which currency a shared
/// sign means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Sign(&'static str),
    Code(Code),
}

impl Named {
    /// The currency it means in a log whose own currency is `own` (`None`: not set).
    pub fn currency(self, own: Option<Code>) -> Code {
        match self {
            Named::Code(code) => code,
            Named::Sign(sign) => Code::of_sign(sign, own).unwrap_or(Code::USD),
        }
    }
}

/// An amount's text split from the currency it names, if any: a sign or an ISO code,
/// before or after the number, with or without a space (`$40`, `40 €`, `USD 40`, `40USD`).
/// Returns the text unchanged, and `None`, when it names none.
pub fn split(text: &str) -> (&str, Option<Named>) {
    for (sign, _) in SIGNS {
        if let Some(rest) = text.strip_prefix(sign) {
            return (rest, Some(Named::Sign(sign)));
        }
        if let Some(rest) = text.strip_suffix(sign) {
            return (rest.trim_end(), Some(Named::Sign(sign)));
        }
    }
    let code_at = |part: Option<&str>| {
        part.filter(|part| part.bytes().all(|byte| byte.is_ascii_uppercase()))
            .and_then(Code::of_code)
    };
    if let Some(code) = code_at(text.get(..3)) {
        return (text[3..].trim_start(), Some(Named::Code(code)));
    }
    if let Some(start) = text.len().checked_sub(3)
        && let Some(code) = code_at(text.get(start..))
    {
        return (text[..start].trim_end(), Some(Named::Code(code)));
    }
    (text, None)
}

/// The currency a text names anywhere in it, for a fix that must not drop it: a sign, or
/// a word that is an ISO code (`about 40 USD`).
pub fn mentioned(text: &str) -> Option<Named> {
    if let Some((sign, _)) = SIGNS.iter().find(|(sign, _)| text.contains(sign)) {
        return Some(Named::Sign(sign));
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() == 3 && word.bytes().all(|byte| byte.is_ascii_uppercase()))
        .find_map(Code::of_code)
        .map(Named::Code)
}

/// `amount`, a cell's number, with the currency `named` as a cell writes it: a sign before
/// it (`$40`), or after it where decimals take a comma (`40 €`); a code after it (`40 USD`).
pub fn written(amount: &str, named: Named, sign_after: bool) -> String {
    match named {
        Named::Sign(sign) if sign_after => format!("{amount} {sign}"),
        Named::Sign(sign) => match amount.strip_prefix('-') {
            Some(size) => format!("-{sign}{size}"),
            None => format!("{sign}{amount}"),
        },
        Named::Code(code) => format!("{amount} {code}"),
    }
}

/// What a currency a setting names may be written as.
pub const EXPECTED: &str =
    "an ISO 4217 code such as \"EUR\" or \"CAD\", or a sign such as \"€\" or \"$\"";

/// The currency a setting (`currency`, `--currency`) names: an ISO code in any letter
/// case, or a sign, which means its first currency (`$` is USD; `currency = "CAD"` says a
/// Canadian log).
pub fn of_setting(text: &str) -> Option<Code> {
    let text = text.trim();
    Code::of_code(text).or_else(|| {
        SIGNS
            .iter()
            .find(|(sign, _)| *sign == text)
            .map(|(_, code)| *code)
    })
}

/// How many of the report's currency one unit of another is worth, in millionths: the
/// user's own fixed rate (`[currencies] USD = 0.92`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(u64);

/// The highest rate: one unit worth a million of the report's currency, far above any
/// real pair, and low enough that a converted cell still fits in 64 bits.
pub const MAX_RATE: f64 = 1_000_000.0;

impl Rate {
    /// A rate from 0 (left out) to [`MAX_RATE`], with at most six decimals.
    pub fn new(value: f64) -> Result<Rate, String> {
        const EXPECTED: &str = "a rate above 0 and at most 1000000, with at most six decimals, \
                                such as 0.92 (how many of the log's currency one unit is worth)";
        if !(value > 0.0 && value <= MAX_RATE) {
            return Err(EXPECTED.to_string());
        }
        let millionths = value * 1_000_000.0;
        if (millionths - millionths.round()).abs() > 1e-6 * millionths.max(1.0) {
            return Err(EXPECTED.to_string());
        }
        Ok(Rate(millionths.round() as u64))
    }

    /// `amount` in the report's currency: exact, then rounded to the hundredth, a half
    /// away from zero (as an accountant rounds), so that 0.005 is 0.01 and -0.005 -0.01.
    pub fn convert(self, amount: Amount) -> Amount {
        let product = i128::from(amount.hundredths()) * i128::from(self.0);
        let (whole, rest) = (product / 1_000_000, product % 1_000_000);
        let rounded = whole + i128::from(rest.abs() >= 500_000) * product.signum();
        Amount::from_hundredths(i64::try_from(rounded).unwrap_or(if rounded < 0 {
            i64::MIN
        } else {
            i64::MAX
        }))
    }
}

impl fmt::Display for Rate {
    /// The rate as the user wrote it: `0.92`, `1`, `0.000123`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.0 / 1_000_000, self.0 % 1_000_000);
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:06}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// The currency a log's money is in and the rates of others, as the config and flags say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogCurrencies {
    /// The log's own currency (`currency`); `None` leaves it to the cells, and to USD when
    /// they name none.
    pub own: Option<Code>,
    /// `[currencies]`: how many of the log's currency one unit of each other is worth.
    pub rates: BTreeMap<Code, Rate>,
}

/// What a money cell or flag means for the log: most are in its own currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// The log's own currency, or one it does not say (its cells settle it).
    #[default]
    Own,
    /// Another currency, converted at its rate.
    Converted(Code),
    /// The currency `currency` names while the log's own is not set: kept for the report
    /// to check that the log names one currency only.
    Settling(Code),
}

impl LogCurrencies {
    /// What an amount naming `named` is, or the error naming both currencies: a currency
    /// not the log's own needs a rate.
    pub fn read(&self, named: Named) -> Result<Reading, String> {
        let currency = named.currency(self.own);
        let Some(own) = self.own else {
            return Ok(Reading::Settling(currency));
        };
        if currency == own {
            Ok(Reading::Own)
        } else if self.rates.contains_key(&currency) {
            Ok(Reading::Converted(currency))
        } else {
            Err(format!(
                "an amount in {}, the log's currency (currency = \"{own}\"), not in {}; write \
                 it in {own}, or give your own rate for {currency} in netaudit.toml, as in \
                 [currencies] {currency} = 0.92 (how many {own} one {currency} is worth)",
                own.described(),
                currency.described(),
            ))
        }
    }

    /// The sign that means the log's own currency, when the config says which that is and
    /// it has one (`$` for USD and for CAD).
    pub fn own_sign(&self) -> Option<&'static str> {
        let own = self.own?;
        SIGNS
            .iter()
            .map(|(sign, _)| *sign)
            .find(|sign| Code::of_sign(sign, Some(own)) == Some(own))
    }

    /// The signs a money cell may start with that the CSV reader's quick path takes, with
    /// what each means: the sign of the log's own currency, when the config says which
    /// that is; where it does not, the four commonest, each naming its first meaning for
    /// the ledger to settle on. Every other sign takes the full parser.
    pub fn quick_signs(&self) -> [Option<(&'static str, Reading)>; 4] {
        match self.own {
            Some(_) => [
                self.own_sign().map(|sign| (sign, Reading::Own)),
                None,
                None,
                None,
            ],
            None => {
                let sign = |at: usize| Some((SIGNS[at].0, Reading::Settling(SIGNS[at].1)));
                [sign(0), sign(1), sign(2), sign(3)]
            }
        }
    }

    /// The rate of `currency`, when the config gives one.
    pub fn rate(&self, currency: Code) -> Option<Rate> {
        self.rates.get(&currency).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Code {
        Code::of_code(text).unwrap()
    }

    #[test]
    fn a_shared_sign_means_the_log_s_own_currency_where_it_writes_it() {
        assert_eq!(Named::Sign("$").currency(None), Code::USD);
        assert_eq!(Named::Sign("$").currency(Some(code("CAD"))), code("CAD"));
        assert_eq!(Named::Sign("$").currency(Some(code("EUR"))), Code::USD);
        assert_eq!(Named::Sign("¥").currency(Some(code("CNY"))), code("CNY"));
        assert_eq!(Named::Sign("£").currency(None), code("GBP"));
    }

    #[test]
    fn an_amount_names_its_currency_before_or_after_by_sign_or_code() {
        assert_eq!(split("$40"), ("40", Some(Named::Sign("$"))));
        assert_eq!(split("40 €"), ("40", Some(Named::Sign("€"))));
        assert_eq!(split("4.800,50€"), ("4.800,50", Some(Named::Sign("€"))));
        assert_eq!(split("40 USD"), ("40", Some(Named::Code(Code::USD))));
        assert_eq!(split("USD 40"), ("40", Some(Named::Code(Code::USD))));
        assert_eq!(split("40EUR"), ("40", Some(Named::Code(code("EUR")))));
        assert_eq!(split("40"), ("40", None));
        assert_eq!(split("40 ABC"), ("40 ABC", None), "not an ISO code");
        assert_eq!(split("40 usd"), ("40 usd", None), "a code is in capitals");
    }

    #[test]
    fn a_setting_is_a_code_in_any_case_or_a_sign() {
        assert_eq!(of_setting("eur"), Some(code("EUR")));
        assert_eq!(of_setting("€"), Some(code("EUR")));
        assert_eq!(of_setting("$"), Some(Code::USD));
        assert_eq!(of_setting("kr"), None, "shared by four currencies");
        assert_eq!(of_setting("Fr."), None);
    }

    #[test]
    fn conversion_rounds_half_away_from_zero_to_the_hundredth() {
        let rate = Rate::new(0.92).unwrap();
        assert_eq!(
            rate.convert(Amount::from_hundredths(100_000)).hundredths(),
            92_000
        );
        // 0.05 * 0.9 = 0.045: up to 0.05; its refund down to -0.05.
        let rate = Rate::new(0.9).unwrap();
        assert_eq!(rate.convert(Amount::from_hundredths(5)).hundredths(), 5);
        assert_eq!(rate.convert(Amount::from_hundredths(-5)).hundredths(), -5);
        assert_eq!(rate.convert(Amount::from_hundredths(4)).hundredths(), 4);
        let rate = Rate::new(0.000123).unwrap();
        assert_eq!(rate.to_string(), "0.000123");
        assert_eq!(Rate::new(1.0).unwrap().to_string(), "1");
    }

    #[test]
    fn a_rate_is_above_zero_with_at_most_six_decimals() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 0.0000001, 2_000_000.0] {
            assert!(Rate::new(bad).is_err(), "{bad}");
        }
        assert!(Rate::new(25_000.0).is_ok(), "a dong per dollar and more");
    }

    #[test]
    fn a_currency_not_the_log_s_needs_a_rate() {
        let mut currencies = LogCurrencies {
            own: Some(code("EUR")),
            ..LogCurrencies::default()
        };
        let problem = currencies.read(Named::Sign("$")).unwrap_err();
        assert!(
            problem.contains(
                "an amount in € (EUR), the log's currency (currency = \"EUR\"), not in $ (USD)"
            ),
            "{problem}"
        );
        assert!(problem.contains("[currencies] USD = 0.92"), "{problem}");
        assert_eq!(currencies.read(Named::Sign("€")), Ok(Reading::Own));
        currencies.rates.insert(Code::USD, Rate::new(0.92).unwrap());
        assert_eq!(
            currencies.read(Named::Code(Code::USD)),
            Ok(Reading::Converted(Code::USD))
        );
        let unset = LogCurrencies::default();
        assert_eq!(
            unset.read(Named::Sign("€")),
            Ok(Reading::Settling(code("EUR")))
        );
    }
}
