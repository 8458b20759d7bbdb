//! Why a typed amount was refused, said as a sentence that shows how to write it.

use std::fmt;

use desk_i18n::{Message, msg};

use crate::amount_locale::AmountLocale;
use crate::error::{DomainError, FieldError};
use crate::money::{Currency, Money};

/// The most digits the whole units of a typed amount may have (999,999,999,999).
pub const MAX_WHOLE_DIGITS: usize = 12;

/// Why a typed amount was refused by [`Money::parse_in`]. Its `Display` is the sentence the
/// merchant reads beside the field, saying how to write the amount in their locale; the
/// fields say what was typed and, where there is one, the amount the merchant may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing was typed.
    Empty {
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// Only separators, no digits (`.`, `,,`).
    NoDigits {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// A minus sign: amounts typed by a merchant are never negative.
    Negative {
        /// The amount as typed, trimmed.
        text: String,
    },
    /// A plus sign.
    PlusSign {
        /// The amount as typed, trimmed.
        text: String,
        /// How to write it.
        example: String,
    },
    /// A character that is neither a digit nor a separator: a space, a letter, a symbol.
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
    OtherConvention {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The amount it is in the other convention.
        meant: Money,
    },
    /// Group separators that do not group exactly three digits (`1,2345`, `1,2,3`, `0,001`).
    BadGrouping {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// More than one decimal separator (`1.2.3` in English).
    TwoDecimalSeparators {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// A group separator among the decimals (`1.25,0` in English).
    GroupInDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The currency asked for.
        currency: Currency,
        /// The merchant's locale.
        locale: AmountLocale,
    },
    /// Nothing before the decimal separator (`.5`).
    MissingWhole {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The amount written with its 0 (`0.50`).
        suggestion: String,
    },
    /// Nothing after the decimal separator (`12.`).
    MissingDecimals {
        /// The amount as typed, trimmed.
        text: String,
        /// The merchant's locale.
        locale: AmountLocale,
        /// The whole units typed before the separator.
        whole: Money,
    },
    /// Decimals in a currency that has none (`12.5` CLP).
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
    /// The sentence the merchant reads beside the field, as a message of the catalog.
    pub fn message(&self) -> Message {
        match self {
            AmountError::Empty { currency, locale } => {
                msg!("amount.empty", example = example(currency, locale))
            }
            AmountError::NoDigits {
                text,
                currency,
                locale,
            } => msg!(
                "amount.no_digits",
                text = text,
                example = example(currency, locale)
            ),
            AmountError::Negative { text } => msg!("amount.negative", text = text),
            AmountError::PlusSign { example, .. } => msg!("amount.plus_sign", example = example),
            AmountError::UnexpectedCharacter {
                text,
                found,
                currency,
                locale,
            } => {
                let m = match (currency.exponent(), locale.decimal_separator()) {
                    (0, _) => Message::new("amount.unexpected_character"),
                    (_, '.') => Message::new("amount.unexpected_character_point"),
                    _ => Message::new("amount.unexpected_character_comma"),
                };
                with_found(m.arg("text", text), *found).arg("example", example(currency, locale))
            }
            AmountError::Ambiguous {
                text,
                locale,
                as_decimals,
                as_whole,
            } => msg!(
                "amount.ambiguous",
                text = text,
                decimals = simplest(as_decimals, locale),
                decimals_amount = as_decimals.display_in(*locale),
                whole = simplest(as_whole, locale),
                whole_amount = as_whole.display_in(*locale),
            )
            .arg_msg("convention", convention_start(*locale)),
            AmountError::OtherConvention { locale, meant, .. } => msg!(
                "amount.other_convention",
                meant = meant.display_in(*locale),
                written = simplest(meant, locale),
            )
            .arg_msg("convention", convention_start(*locale)),
            AmountError::BadGrouping {
                text,
                currency,
                locale,
            } => msg!(
                "amount.bad_grouping",
                text = text,
                example = grouped_example(currency, locale)
            )
            .arg_msg("convention", convention(*locale)),
            AmountError::TwoDecimalSeparators {
                text,
                currency,
                locale,
            } => match locale.decimal_separator() {
                '.' => Message::new("amount.two_decimal_separators_point"),
                _ => Message::new("amount.two_decimal_separators_comma"),
            }
            .arg("text", text)
            .arg("example", grouped_example(currency, locale))
            .arg_msg("convention", convention(*locale)),
            AmountError::GroupInDecimals {
                text,
                currency,
                locale,
            } => match locale.decimal_separator() {
                '.' => Message::new("amount.group_in_decimals_point"),
                _ => Message::new("amount.group_in_decimals_comma"),
            }
            .arg("text", text)
            .arg("example", grouped_example(currency, locale))
            .arg_msg("convention", convention(*locale)),
            AmountError::MissingWhole {
                locale, suggestion, ..
            } => match locale.decimal_separator() {
                '.' => Message::new("amount.missing_whole_point"),
                _ => Message::new("amount.missing_whole_comma"),
            }
            .arg("suggestion", suggestion),
            AmountError::MissingDecimals { locale, whole, .. } => {
                match locale.decimal_separator() {
                    '.' => Message::new("amount.missing_decimals_point"),
                    _ => Message::new("amount.missing_decimals_comma"),
                }
                .arg("with_decimals", whole.format_in(*locale))
                .arg("without", simplest(whole, locale))
            }
            AmountError::NoDecimals {
                currency,
                locale,
                whole,
                meant,
                ..
            } => match (meant, whole) {
                (Some(m), _) => msg!(
                    "amount.no_decimals_meant",
                    meant = m.display_in(*locale),
                    written = simplest(m, locale)
                ),
                (None, Some(w)) => msg!("amount.no_decimals_whole", whole = simplest(w, locale)),
                (None, None) => Message::new("amount.no_decimals"),
            }
            .arg("currency", currency),
            AmountError::TooManyDecimals {
                text,
                currency,
                locale,
                found,
                meant,
            } => match meant {
                Some(m) => msg!(
                    "amount.too_many_decimals_meant",
                    meant = m.display_in(*locale),
                    written = simplest(m, locale)
                ),
                None => Message::new("amount.too_many_decimals"),
            }
            .arg("currency", currency)
            .arg("places", currency.exponent())
            .arg("text", text)
            .arg("found", found),
            AmountError::TooLarge {
                text,
                currency,
                locale,
            } => msg!(
                "amount.too_large",
                text = text,
                largest = largest(currency, locale)
            ),
        }
    }

    /// The error as a form field's error on `field`.
    pub fn to_field_error(&self, field: impl Into<String>) -> FieldError {
        FieldError::msg(field, self.message())
    }
}

impl fmt::Display for AmountError {
    /// The sentence in the desk's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for AmountError {}

impl From<AmountError> for FieldError {
    /// The error on the form's `amount` field.
    fn from(e: AmountError) -> Self {
        e.to_field_error("amount")
    }
}

impl From<AmountError> for DomainError {
    fn from(e: AmountError) -> Self {
        DomainError::InvalidAmount(e.message())
    }
}

/// "in English amounts the point marks decimals and the comma groups thousands".
fn convention(locale: AmountLocale) -> Message {
    Message::new(match locale {
        AmountLocale::En => "amount.convention.en",
        AmountLocale::EsEs => "amount.convention.es_es",
        AmountLocale::EsMx => "amount.convention.es_mx",
    })
}

/// [`convention`] at the start of a sentence: "In English amounts…".
fn convention_start(locale: AmountLocale) -> Message {
    Message::new(match locale {
        AmountLocale::En => "amount.convention_start.en",
        AmountLocale::EsEs => "amount.convention_start.es_es",
        AmountLocale::EsMx => "amount.convention_start.es_mx",
    })
}

/// `m` with `{found}`: the character, quoted, or what it is when it cannot be seen.
fn with_found(m: Message, c: char) -> Message {
    match c {
        '\u{a0}' | '\u{202f}' | '\u{2007}' => {
            m.arg_msg("found", Message::new("amount.found_no_break_space"))
        }
        c if c.is_whitespace() => m.arg_msg("found", Message::new("amount.found_space")),
        c if c.is_control() => m.arg("found", format!("\"{}\"", c.escape_default())),
        c => m.arg("found", format!("\"{c}\"")),
    }
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
