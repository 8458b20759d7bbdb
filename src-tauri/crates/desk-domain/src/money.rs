//! Money as integer minor units with an ISO 4217 currency. Never a float.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::amount_locale::AmountLocale;
use crate::error::{DomainError, Result};

macro_rules! currencies {
    ($($code:ident => $exp:expr, $name:expr;)*) => {
        /// An ISO 4217 currency the desk can hold, with its number of minor-unit digits.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum Currency { $(#[doc = $name] $code,)* }

        impl Currency {
            /// Every supported currency.
            pub const ALL: &'static [Currency] = &[$(Currency::$code,)*];

            /// The three-letter ISO 4217 code.
            pub fn code(self) -> &'static str {
                match self { $(Currency::$code => stringify!($code),)* }
            }

            /// How many digits the minor unit has (2 for MXN cents, 0 for CLP).
            pub fn exponent(self) -> u32 {
                match self { $(Currency::$code => $exp,)* }
            }
        }

        impl FromStr for Currency {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self> {
                match s.trim().to_ascii_uppercase().as_str() {
                    $(stringify!($code) => Ok(Currency::$code),)*
                    _ => Err(DomainError::UnknownCurrency(s.to_string())),
                }
            }
        }
    };
}

currencies! {
    MXN => 2, "Mexican peso";
    NGN => 2, "Nigerian naira (minor unit: kobo)";
    USD => 2, "US dollar";
    EUR => 2, "Euro";
    GBP => 2, "Pound sterling";
    PEN => 2, "Peruvian sol";
    COP => 2, "Colombian peso";
    CLP => 0, "Chilean peso";
    BRL => 2, "Brazilian real";
    ARS => 2, "Argentine peso";
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount of money: integer minor units of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Money {
    /// The amount in minor units (cents, kobo…).
    #[ts(type = "number")]
    pub minor: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Money of `minor` units of `currency`.
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Reads an amount typed in English (`1,250.50`, `1250.5`, `1250`): exactly
    /// [`Money::parse_in`] with [`AmountLocale::En`], so `12,50` is refused rather than read as
    /// 1,250. Callers that know the merchant's locale should prefer [`Money::parse_in`], whose
    /// [`crate::AmountError`] also says how to write the amount.
    pub fn parse_major(text: &str, currency: Currency) -> Result<Self> {
        Ok(Money::parse_in(text, currency, AmountLocale::En)?)
    }

    /// The amount written with its decimal point, without grouping ("1250.50").
    pub fn to_major_string(&self) -> String {
        let exp = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(exp);
        format!(
            "{sign}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = exp as usize
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_major_string(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_typed_amounts_exactly() {
        assert_eq!(
            Money::parse_major("1,250.50", Currency::MXN).unwrap().minor,
            125_050
        );
        assert_eq!(
            Money::parse_major("1250.5", Currency::MXN).unwrap().minor,
            125_050
        );
        assert_eq!(Money::parse_major("7", Currency::NGN).unwrap().minor, 700);
        assert_eq!(
            Money::parse_major("1500", Currency::CLP).unwrap().minor,
            1500
        );
    }

    #[test]
    fn refuses_amounts_a_person_did_not_mean() {
        for bad in [
            "", "-5", "1.234", "abc", "1.2.3", "1e5", ".", "12,50", "1,2345", "1_000",
        ] {
            assert!(
                Money::parse_major(bad, Currency::MXN).is_err(),
                "{bad:?} must be refused"
            );
        }
        assert!(
            Money::parse_major("10.5", Currency::CLP).is_err(),
            "CLP has no decimals"
        );
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>().unwrap(), *c);
        }
        assert!("XXX".parse::<Currency>().is_err());
    }

    proptest! {
        #[test]
        fn major_string_round_trips(minor in 0i64..1_000_000_000_000, idx in 0usize..10) {
            let currency = Currency::ALL[idx % Currency::ALL.len()];
            let m = Money::new(minor, currency);
            prop_assert_eq!(Money::parse_major(&m.to_major_string(), currency).unwrap(), m);
        }
    }
}
