//! Why a typed amount was refused, said as a sentence that shows how to write it.

use crate::amount_locale::AmountLocale;
use crate::error::{DomainError, FieldError};
use crate::money::{Currency, Money};

/// The most digits the whole units of a typed amount may have (999,999,999,999).
pub const MAX_WHOLE_DIGITS: usize = 12;

/// Why a typed amount was refused by [`Money::parse_in`]. Its `Display` is the sentence the
/// merchant reads beside the field, saying how to write the amount in their locale; the
/// fields say what was typed and, where there is one, the amount the merchant may have meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was typed.
    #[error("Enter an amount, like {}.", example(.currency, .locale))]
    Empty {
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// Only separators, no digits (`.`, `,,`).
    #[error("\"{text}\" has no digits: enter an amount, like {}.", example(.currency, .locale))]
    NoDigits {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// A minus sign: amounts typed by a merchant are never negative.
    #[error("Enter the amount without a minus sign: \"{text}\" would be a negative amount.")]
    Negative {
        /// The amount as typed, trimmed.
        text: String,
    },
    /// A plus sign.
    #[error("Enter the amount without a plus sign, like {example}.")]
    PlusSign {
        /// The amount as typed, trimmed.
        text: String,
        /// How to write it.
        example: String,
    },
    /// A character that is neither a digit nor a separator: a space, a letter, a symbol.
    #[error(
        "\"{text}\" contains {}: type only digits{}, like {}.",
        describe(.found), decimals_hint(.currency, .locale), example(.currency, .locale)
    )]
    UnexpectedCharacter {
        /// The amount as typed, trimmed.
        text: String,
        /// The first character that is not part of an amount.
        found: char,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// Written in the other convention and readable two ways: `12,50` in English could be
    /// 12.50 or 1,250.
    #[error(
        "{}, so \"{text}\" is unclear: write {} if you mean {}, or {} if you mean {}.",
        capitalized(&convention(.locale)),
        simplest(.as_decimals, .locale), .as_decimals.display_in(*locale),
        simplest(.as_whole, .locale), .as_whole.display_in(*locale)
    )]
    Ambiguous {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The amount if the separator marked decimals (12.50).
        as_decimals: Money,
        /// The amount if the separator grouped thousands (1,250.00).
        as_whole: Money,
    },
    /// Written in the other convention, with one reading: `1.250,50` in English.
    #[error(
        "{}: if you mean {}, write {}.",
        capitalized(&convention(.locale)), .meant.display_in(*locale), simplest(.meant, .locale)
    )]
    OtherConvention {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The amount it is in the other convention.
        meant: Money,
    },
    /// Group separators that do not group exactly three digits (`1,2345`, `1,2,3`, `0,001`).
    #[error(
        "\"{text}\" is not grouped in threes: {}, as in {}.",
        convention(.locale), grouped_example(.currency, .locale)
    )]
    BadGrouping {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// More than one decimal separator (`1.2.3` in English).
    #[error(
        "\"{text}\" has more than one decimal {}: {}, as in {}.",
        name(locale.decimal_separator()), convention(.locale), grouped_example(.currency, .locale)
    )]
    TwoDecimalSeparators {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// A group separator among the decimals (`1.25,0` in English).
    #[error(
        "\"{text}\" has a {} after the decimal {}: {}, as in {}.",
        name(locale.group_separator()), name(locale.decimal_separator()),
        convention(.locale), grouped_example(.currency, .locale)
    )]
    GroupInDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// Nothing before the decimal separator (`.5`).
    #[error(
        "Write a 0 before the decimal {}: {suggestion}.",
        name(locale.decimal_separator())
    )]
    MissingWhole {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The amount written with its 0 (`0.50`).
        suggestion: String,
    },
    /// Nothing after the decimal separator (`12.`).
    #[error(
        "Write the decimals after the {}, or leave it out: {} or {}.",
        name(locale.decimal_separator()), .whole.format_in(*locale), simplest(.whole, .locale)
    )]
    MissingDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The whole units typed before the separator.
        whole: Money,
    },
    /// Decimals in a currency that has none (`12.5` CLP).
    #[error(
        "{currency} amounts have no decimal places{}",
        no_decimals_advice(.locale, .whole, .meant)
    )]
    NoDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The whole units typed before the separator, if they are readable.
        whole: Option<Money>,
        /// The amount it is in the other convention, if it is one (`1.250` in English).
        meant: Option<Money>,
    },
    /// More decimals than the currency has (`12.505` EUR).
    #[error(
        "{currency} amounts have at most {} decimal places, and \"{text}\" has {found}{}",
        currency.exponent(), meant_advice(.locale, .meant, ".")
    )]
    TooManyDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The decimal places typed.
        found: usize,
        /// The amount it is in the other convention, if it is one (`1.250` in English).
        meant: Option<Money>,
    },
    /// More than [`MAX_WHOLE_DIGITS`] digits of whole units.
    #[error(
        "\"{text}\" is too large: the largest amount the desk reads is {}.",
        largest(.currency, .locale)
    )]
    TooLarge {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
}

impl AmountError {
    /// The error as a form field's error on `field`.
    pub fn to_field_error(&self, field: impl Into<String>) -> FieldError {
        FieldError::new(field, self.to_string())
    }
}

impl From<AmountError> for FieldError {
    /// The error on the form's `amount` field.
    fn from(e: AmountError) -> Self {
        e.to_field_error("amount")
    }
}

impl From<AmountError> for DomainError {
    fn from(e: AmountError) -> Self {
        DomainError::InvalidAmount(e.to_string())
    }
}

/// `point` or `comma`.
fn name(separator: char) -> &'static str {
    match separator {
        '.' => "point",
        _ => "comma",
    }
}

/// "in English amounts the point marks decimals and the comma groups thousands".
fn convention(locale: &AmountLocale) -> String {
    format!(
        "in {} amounts the {} marks decimals and the {} groups thousands",
        locale.name(),
        name(locale.decimal_separator()),
        name(locale.group_separator())
    )
}

fn capitalized(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `major` whole units and `cents` hundredths, as far as the currency has them.
fn amount(currency: Currency, major: i64, cents: i64) -> Money {
    let exp = currency.exponent();
    let fraction = match exp {
        0 => 0,
        1 => cents / 10,
        _ => cents * 10i64.pow(exp - 2),
    };
    Money::new(major * 10i64.pow(exp) + fraction, currency)
}

/// `1,250.50`, or `1,250` for a currency without decimals.
pub(crate) fn example(currency: &Currency, locale: &AmountLocale) -> String {
    amount(*currency, 1250, 50).format_in(*locale)
}

/// `1,250,000.00`.
fn grouped_example(currency: &Currency, locale: &AmountLocale) -> String {
    amount(*currency, 1_250_000, 0).format_in(*locale)
}

/// `999,999,999,999.99`.
fn largest(currency: &Currency, locale: &AmountLocale) -> String {
    let max = 10i64.pow(MAX_WHOLE_DIGITS as u32 + currency.exponent()) - 1;
    Money::new(max, *currency).format_in(*locale)
}

/// How to write `m` most simply: without decimals when they are all zero (`1,250`).
fn simplest(m: &Money, locale: &AmountLocale) -> String {
    let written = m.format_in(*locale);
    if m.minor % 10i64.pow(m.currency.exponent()) == 0 {
        let whole = written.split(locale.decimal_separator()).next();
        whole.unwrap_or_default().to_string()
    } else {
        written
    }
}

fn describe(c: &char) -> String {
    match *c {
        '\u{a0}' | '\u{202f}' | '\u{2007}' => "a no-break space".to_string(),
        c if c.is_whitespace() => "a space".to_string(),
        c if c.is_control() => format!("\"{}\"", c.escape_default()),
        c => format!("\"{c}\""),
    }
}

fn decimals_hint(currency: &Currency, locale: &AmountLocale) -> String {
    if currency.exponent() == 0 {
        String::new()
    } else {
        format!(", with a {} for decimals", name(locale.decimal_separator()))
    }
}

/// ": if you mean 1,250.00 EUR, write 1,250." when there is another reading, else `otherwise`.
fn meant_advice(locale: &AmountLocale, meant: &Option<Money>, otherwise: &str) -> String {
    match meant {
        Some(m) => format!(
            ": if you mean {}, write {}.",
            m.display_in(*locale),
            simplest(m, locale)
        ),
        None => otherwise.to_string(),
    }
}

fn no_decimals_advice(
    locale: &AmountLocale,
    whole: &Option<Money>,
    meant: &Option<Money>,
) -> String {
    let otherwise = match whole {
        Some(w) => format!(": write a whole number, like {}.", simplest(w, locale)),
        None => ": write a whole number.".to_string(),
    };
    meant_advice(locale, meant, &otherwise)
}
