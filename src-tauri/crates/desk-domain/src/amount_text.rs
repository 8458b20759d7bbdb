//! Amounts as merchants type and read them, in their locale: a strict reading that refuses
//! anything a person might have meant otherwise (`12,50` in English is not 1,250), and the
//! writing that reads back to the same minor units.

use crate::amount_error::{AmountError, MAX_WHOLE_DIGITS, example};
use crate::amount_locale::AmountLocale;
use crate::money::{Currency, Money};

impl Money {
    /// Reads an amount as a merchant typed it in `locale`, exactly, refusing anything that
    /// could mean another amount: digits, at most one decimal separator followed by at most the
    /// currency's decimal places, and group separators only between groups of three digits of
    /// the whole units, the first group of one to three digits and not starting with 0
    /// (`1,250.50` in English, `1.250,50` or `1250,50` in Spain). Surrounding whitespace is
    /// ignored; signs, spaces, letters and currency symbols are refused, and so is more than
    /// [`MAX_WHOLE_DIGITS`] digits of whole units. Zero is read; whether it is allowed is the
    /// caller's decision. Every refusal's `Display` says how to write the amount.
    pub fn parse_in(
        text: &str,
        currency: Currency,
        locale: AmountLocale,
    ) -> std::result::Result<Money, AmountError> {
        let text = text.trim();
        let Some(first) = text.chars().next() else {
            return Err(AmountError::Empty { currency, locale });
        };
        if matches!(first, '-' | '\u{2212}') {
            return Err(AmountError::Negative { text: text.into() });
        }
        if first == '+' {
            // Every leading sign and space, so that the reading below cannot come back here.
            let rest = text.trim_start_matches(|c: char| c == '+' || c.is_whitespace());
            let example = match Money::parse_in(rest, currency, locale) {
                Ok(m) => m.format_in(locale),
                Err(_) => example(&currency, &locale),
            };
            return Err(AmountError::PlusSign {
                text: text.into(),
                example,
            });
        }
        if let Some(c) = text
            .chars()
            .find(|c| !c.is_ascii_digit() && !is_separator(*c))
        {
            return Err(AmountError::UnexpectedCharacter {
                text: text.into(),
                found: c,
                currency,
                locale,
            });
        }
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return Err(AmountError::NoDigits {
                text: text.into(),
                currency,
                locale,
            });
        }
        let (dec, grp) = (locale.decimal_separator(), locale.group_separator());
        read(text, dec, grp, currency.exponent())
            .map(|minor| Money::new(minor, currency))
            .map_err(|fault| refusal::refuse(text, currency, locale, fault))
    }

    /// The amount written in `locale`, without its currency: `1,250.50` (English, Mexico),
    /// `1250,50` and `12.345,50` (Spain), `1,250` for a currency without decimals.
    /// [`Money::parse_in`] reads it back to the same amount.
    pub fn format_in(&self, locale: AmountLocale) -> String {
        let exp = self.currency.exponent();
        let abs = self.minor.unsigned_abs();
        let unit = 10u64.pow(exp);
        let mut out = String::new();
        if self.minor < 0 {
            out.push('-');
        }
        out.push_str(&group(&(abs / unit).to_string(), locale));
        if exp > 0 {
            out.push(locale.decimal_separator());
            out.push_str(&format!("{:0width$}", abs % unit, width = exp as usize));
        }
        out
    }

    /// The amount and its ISO code as shown beside a field: `12.50 EUR`, `12,50 EUR`.
    pub fn display_in(&self, locale: AmountLocale) -> String {
        format!("{} {}", self.format_in(locale), self.currency.code())
    }
}

fn is_separator(c: char) -> bool {
    c == '.' || c == ','
}

/// Writes the digits of whole units in groups of three, when the locale groups that many.
fn group(digits: &str, locale: AmountLocale) -> String {
    if digits.len() < locale.min_grouped_digits() {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(locale.group_separator());
        }
        out.push(c);
    }
    out
}

/// What is wrong with digits and separators read with a given pair of separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    TwoDecimalSeparators,
    GroupInDecimals,
    BadGrouping,
    MissingWhole,
    NoDecimals,
    MissingDecimals,
    TooManyDecimals(usize),
    TooLarge,
}

/// Reads `text` (ASCII digits and the two separators only) with `dec` as the decimal
/// separator and `grp` as the group separator, into minor units of `exp` decimal places.
fn read(text: &str, dec: char, grp: char, exp: u32) -> Result<i64, Fault> {
    let mut halves = text.split(dec);
    let whole = halves.next().unwrap_or_default();
    let decimals = halves.next();
    if halves.next().is_some() {
        return Err(Fault::TwoDecimalSeparators);
    }
    if decimals.is_some_and(|d| d.contains(grp)) {
        return Err(Fault::GroupInDecimals);
    }
    if whole.contains(grp) {
        let mut groups = whole.split(grp);
        let first = groups.next().unwrap_or_default();
        if !(1..=3).contains(&first.len()) || first.starts_with('0') || groups.any(|g| g.len() != 3)
        {
            return Err(Fault::BadGrouping);
        }
    }
    if whole.is_empty() {
        return Err(Fault::MissingWhole);
    }
    let Some(decimals) = decimals else {
        return whole_units(whole, exp).ok_or(Fault::TooLarge);
    };
    if exp == 0 {
        return Err(Fault::NoDecimals);
    }
    if decimals.is_empty() {
        return Err(Fault::MissingDecimals);
    }
    if decimals.len() > exp as usize {
        return Err(Fault::TooManyDecimals(decimals.len()));
    }
    let whole = whole_units(whole, exp).ok_or(Fault::TooLarge)?;
    let mut fraction: i64 = 0;
    for d in decimals.bytes() {
        fraction = fraction
            .checked_mul(10)
            .and_then(|f| f.checked_add(i64::from(d - b'0')))
            .ok_or(Fault::TooLarge)?;
    }
    // `decimals.len() <= exp`, so the power is at least 10^0.
    let scale = 10i64
        .checked_pow(exp - decimals.len() as u32)
        .ok_or(Fault::TooLarge)?;
    fraction
        .checked_mul(scale)
        .and_then(|f| whole.checked_add(f))
        .ok_or(Fault::TooLarge)
}

/// The digits of `text` (separators skipped) as whole units, in minor units of `exp` places;
/// `None` past [`MAX_WHOLE_DIGITS`] significant digits.
fn whole_units(text: &str, exp: u32) -> Option<i64> {
    let digits = text.trim_start_matches(|c: char| c == '0' || is_separator(c));
    if digits.bytes().filter(u8::is_ascii_digit).count() > MAX_WHOLE_DIGITS {
        return None;
    }
    let mut value: i64 = 0;
    for d in digits.bytes().filter(u8::is_ascii_digit) {
        value = value.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    value.checked_mul(10i64.checked_pow(exp)?)
}

mod refusal;
#[cfg(test)]
mod tests;
