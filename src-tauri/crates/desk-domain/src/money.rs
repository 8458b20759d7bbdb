//! Money as integer minor units with an ISO 4217 currency. Never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::amount_locale::AmountLocale;
pub use crate::currency::Currency;
use crate::error::Result;

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
    fn each_currency_writes_its_own_exponent() {
        let m = |minor, code: &str| Money::new(minor, Currency::received(code)).to_string();
        assert_eq!(m(125_050, "CHF"), "1250.50 CHF");
        assert_eq!(m(1_500, "JPY"), "1500 JPY");
        assert_eq!(m(1_250_500, "KWD"), "1250.500 KWD");
        assert_eq!(m(-5, "KWD"), "-0.005 KWD");
        // a code ISO 4217 does not know: the raw minor units, with the code as received
        assert_eq!(m(123_456, "XQQ"), "123456 XQQ");
    }

    proptest! {
        #[test]
        fn major_string_round_trips(
            minor in 0i64..1_000_000_000_000,
            currency in prop::sample::select(Currency::all_iso().collect::<Vec<_>>()),
        ) {
            let m = Money::new(minor, currency);
            prop_assert_eq!(Money::parse_major(&m.to_major_string(), currency).unwrap(), m);
        }
    }
}
