//! Currencies: every ISO 4217 currency with its exponent (the table is the `iso_currency`
//! crate's, not ours), and the codes a provider may send that ISO 4217 does not know, kept as
//! received so the record is still listed and exported.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{DomainError, Result};

/// A currency: one of ISO 4217, or a code a provider sent that ISO 4217 does not know.
///
/// Only [`Currency::received`] makes the second kind; parsing ([`FromStr`], serde) accepts
/// ISO 4217 codes only, so nothing the merchant types is in an unknown currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS)]
#[ts(export, type = "string")]
pub struct Currency(Kind);

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Iso(iso_currency::Currency),
    Received(Raw),
}

/// How many bytes of a code outside ISO 4217 are kept (the rest is cut at a character).
const RAW_MAX: usize = 15;

/// A code outside ISO 4217, inline so that [`Currency`] stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Raw {
    len: u8,
    bytes: [u8; RAW_MAX],
}

impl Raw {
    fn new(text: &str) -> Self {
        let mut end = text.len().min(RAW_MAX);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; RAW_MAX];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        Self {
            len: end as u8,
            bytes,
        }
    }

    fn as_str(&self) -> &str {
        // Always a prefix of a `str` cut at a character boundary.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

macro_rules! common {
    ($($code:ident),* $(,)?) => {
        impl Currency {
            $(
                #[doc = concat!("ISO 4217 `", stringify!($code), "`.")]
                pub const $code: Currency = Currency(Kind::Iso(iso_currency::Currency::$code));
            )*
            /// The currencies the desk's merchants use most: what pickers offer.
            pub const COMMON: &'static [Currency] = &[$(Currency::$code,)*];
        }
    };
}

common!(MXN, NGN, USD, EUR, GBP, PEN, COP, CLP, BRL, ARS);

impl Currency {
    /// A currency as a provider or the store gives it: an ISO 4217 code (any case) becomes
    /// that currency; anything else is kept as received (trimmed, at most 15 bytes), with no
    /// minor unit, so its amounts show as the raw integer they came as.
    pub fn received(text: &str) -> Self {
        let text = text.trim();
        text.parse()
            .unwrap_or_else(|_| Currency(Kind::Received(Raw::new(text))))
    }

    /// Every ISO 4217 currency the table knows, in order of numeric code.
    pub fn all_iso() -> impl Iterator<Item = Currency> {
        (0..=999)
            .filter_map(|n| iso_currency::Currency::from_numeric(n).map(|c| Currency(Kind::Iso(c))))
    }

    /// The three-letter ISO 4217 code, or the code as received for one ISO 4217 does not know.
    pub fn code(&self) -> &str {
        match &self.0 {
            Kind::Iso(c) => c.code(),
            Kind::Received(raw) => raw.as_str(),
        }
    }

    /// How many digits the minor unit has (2 for MXN cents, 0 for CLP and JPY, 3 for KWD);
    /// 0 for the ISO codes with no minor unit (XAU, XXX…) and for codes outside ISO 4217.
    pub fn exponent(self) -> u32 {
        match self.0 {
            Kind::Iso(c) => c.exponent().map_or(0, u32::from),
            Kind::Received(_) => 0,
        }
    }

    /// Whether this is an ISO 4217 currency (not a code kept as received).
    pub fn is_iso(self) -> bool {
        matches!(self.0, Kind::Iso(_))
    }
}

impl FromStr for Currency {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self> {
        iso_currency::Currency::from_code(&s.trim().to_ascii_uppercase())
            .map(|c| Currency(Kind::Iso(c)))
            .ok_or_else(|| DomainError::UnknownCurrency(s.to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_code_round_trips_with_its_own_exponent() {
        let all: Vec<Currency> = Currency::all_iso().collect();
        assert!(all.len() > 150, "the whole ISO 4217 table, not a few");
        for c in &all {
            assert_eq!(c.code().parse::<Currency>().unwrap(), *c);
            assert!(c.is_iso());
        }
        for (code, exp) in [("CHF", 2), ("JPY", 0), ("KWD", 3), ("CLP", 0), ("MXN", 2)] {
            assert_eq!(code.parse::<Currency>().unwrap().exponent(), exp, "{code}");
        }
        assert_eq!("chf".parse::<Currency>().unwrap().code(), "CHF");
    }

    #[test]
    fn the_common_currencies_keep_their_codes() {
        let codes: Vec<&str> = Currency::COMMON.iter().map(|c| c.code()).collect();
        assert_eq!(
            codes,
            [
                "MXN", "NGN", "USD", "EUR", "GBP", "PEN", "COP", "CLP", "BRL", "ARS"
            ]
        );
    }

    #[test]
    fn a_code_outside_iso_is_refused_when_typed_but_kept_when_received() {
        assert!("XQQ".parse::<Currency>().is_err());
        assert!(serde_json::from_str::<Currency>("\"XQQ\"").is_err());
        let xqq = Currency::received(" XQQ ");
        assert_eq!(
            (xqq.code(), xqq.exponent(), xqq.is_iso()),
            ("XQQ", 0, false)
        );
        assert_eq!(
            Currency::received("chf"),
            Currency::from_str("CHF").unwrap()
        );
        // long or non-ASCII text is kept, cut at a character, never split inside one
        assert_eq!(Currency::received("ñññññññññ").code(), "ñññññññ");
        assert_eq!(Currency::received("").code(), "");
    }

    #[test]
    fn serde_is_the_code() {
        let chf = Currency::from_str("CHF").unwrap();
        assert_eq!(serde_json::to_string(&chf).unwrap(), "\"CHF\"");
        assert_eq!(serde_json::from_str::<Currency>("\"CHF\"").unwrap(), chf);
        assert_eq!(
            serde_json::to_string(&Currency::received("XQQ")).unwrap(),
            "\"XQQ\""
        );
    }

    /// Writes the UI's table of exponents (run with the other `export_bindings` tests, and
    /// checked for freshness with them): the UI shows every ISO 4217 currency as Rust does.
    #[test]
    fn export_bindings_currency_exponents() {
        let entries: Vec<String> = Currency::all_iso()
            .map(|c| format!("  {}: {},", c.code(), c.exponent()))
            .collect();
        let common: Vec<String> = Currency::COMMON
            .iter()
            .map(|c| format!("\"{}\"", c.code()))
            .collect();
        let ts = format!(
            "// Generated by desk-domain's `export_bindings_currency_exponents` test from the \
             iso_currency crate. Do not edit this file manually.\n\n\
             /** Minor-unit digits of every ISO 4217 currency, as `Currency::exponent` in Rust. */\n\
             export const ISO_EXPONENT: Readonly<Record<string, number>> = {{\n{}\n}};\n\n\
             /** The currencies the desk's merchants use most, for pickers (`Currency::COMMON`). */\n\
             export const COMMON_CURRENCIES: readonly string[] = [{}];\n",
            entries.join("\n"),
            common.join(", ")
        );
        assert!(ts.contains("  KWD: 3,") && ts.contains("  JPY: 0,") && ts.contains("  CHF: 2,"));
        let dir = ts_rs::Config::from_env().out_dir().to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("currencies.ts"), ts).unwrap();
    }

    #[test]
    fn the_typescript_type_is_a_string() {
        use ts_rs::TS;
        assert_eq!(Currency::inline(&ts_rs::Config::default()), "string");
    }
}
