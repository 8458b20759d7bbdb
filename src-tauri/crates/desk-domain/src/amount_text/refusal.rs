//! Which refusal a faulty amount gets: what is wrong, and the amount the merchant probably
//! meant when the text reads as one in the other convention.

use super::{Fault, read, whole_units};
use crate::amount_error::AmountError;
use crate::amount_locale::AmountLocale;
use crate::money::{Currency, Money};

/// The refusal of `text` (trimmed; ASCII digits and separators only, at least one digit),
/// which reading with the locale's separators found at `fault`.
pub(super) fn refuse(
    text: &str,
    currency: Currency,
    locale: AmountLocale,
    fault: Fault,
) -> AmountError {
    let (dec, grp) = (locale.decimal_separator(), locale.group_separator());
    let exp = currency.exponent();
    let money = |minor| Money::new(minor, currency);
    // The amount the text is in the other convention, if it is one.
    let meant = read(text, grp, dec, exp).ok().map(money);
    // The whole units before the decimal separator, if they are well written.
    let whole_part = text.split(dec).next().unwrap_or_default();
    let whole = read(whole_part, dec, grp, exp).ok().map(money);
    let t = text.to_string();
    match (fault, meant) {
        (Fault::BadGrouping, Some(meant)) if !text.contains(dec) => {
            // `12,50` in English: decimals in the other convention, or misplaced groups.
            match whole_units(text, exp).map(money) {
                Some(as_whole) => AmountError::Ambiguous {
                    text: t,
                    locale,
                    as_decimals: meant,
                    as_whole,
                },
                None => AmountError::OtherConvention {
                    text: t,
                    locale,
                    meant,
                },
            }
        }
        (
            Fault::TwoDecimalSeparators
            | Fault::GroupInDecimals
            | Fault::BadGrouping
            | Fault::MissingWhole
            | Fault::MissingDecimals,
            Some(meant),
        ) => AmountError::OtherConvention {
            text: t,
            locale,
            meant,
        },
        (Fault::BadGrouping, None) => AmountError::BadGrouping {
            text: t,
            currency,
            locale,
        },
        (Fault::TwoDecimalSeparators, None) => AmountError::TwoDecimalSeparators {
            text: t,
            currency,
            locale,
        },
        (Fault::GroupInDecimals, None) => AmountError::GroupInDecimals {
            text: t,
            currency,
            locale,
        },
        (Fault::MissingWhole, None) => {
            let zeroed = format!("0{text}");
            let suggestion = match read(&zeroed, dec, grp, exp) {
                Ok(m) => money(m).format_in(locale),
                Err(_) => zeroed,
            };
            AmountError::MissingWhole {
                text: t,
                locale,
                suggestion,
            }
        }
        (Fault::MissingDecimals, None) => match whole {
            Some(whole) => AmountError::MissingDecimals {
                text: t,
                locale,
                whole,
            },
            None => AmountError::TooLarge {
                text: t,
                currency,
                locale,
            },
        },
        (Fault::NoDecimals, meant) => AmountError::NoDecimals {
            text: t,
            currency,
            locale,
            whole,
            meant,
        },
        (Fault::TooManyDecimals(found), meant) => AmountError::TooManyDecimals {
            text: t,
            currency,
            locale,
            found,
            meant,
        },
        (Fault::TooLarge, _) => AmountError::TooLarge {
            text: t,
            currency,
            locale,
        },
    }
}
