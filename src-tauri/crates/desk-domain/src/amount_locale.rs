//! How amounts are written in the desk's languages: which character marks decimals and which
//! groups thousands. The reading and writing of amounts themselves is in `amount_text`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Result};

/// The convention a merchant writes amounts in, chosen with the desk's language.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ts_rs::TS,
)]
#[ts(export)]
pub enum AmountLocale {
    /// English: `1,250.50` (point for decimals, comma between thousands).
    #[default]
    #[serde(rename = "en")]
    En,
    /// Spanish as written in Spain: `1250,50` and `12.345,50` (comma for decimals, point between
    /// thousands, four-digit integers not grouped).
    #[serde(rename = "es-ES")]
    EsEs,
    /// Spanish as written in Mexico and Latin America: `1,250.50`, like English.
    #[serde(rename = "es-MX")]
    EsMx,
}

impl AmountLocale {
    const ALL: [AmountLocale; 3] = [AmountLocale::En, AmountLocale::EsEs, AmountLocale::EsMx];

    /// Every locale, in display order.
    pub fn all() -> &'static [AmountLocale] {
        &Self::ALL
    }

    /// The tag used in settings and in the UI (`en`, `es-ES`, `es-MX`).
    pub fn as_str(self) -> &'static str {
        match self {
            AmountLocale::En => "en",
            AmountLocale::EsEs => "es-ES",
            AmountLocale::EsMx => "es-MX",
        }
    }

    /// The language's name as a merchant reads it in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            AmountLocale::En => "English",
            AmountLocale::EsEs => "Spanish (Spain)",
            AmountLocale::EsMx => "Spanish (Mexico)",
        }
    }

    /// The character between the whole units and the decimals.
    pub fn decimal_separator(self) -> char {
        match self {
            AmountLocale::En | AmountLocale::EsMx => '.',
            AmountLocale::EsEs => ',',
        }
    }

    /// The character between groups of three digits of the whole units.
    pub fn group_separator(self) -> char {
        match self {
            AmountLocale::En | AmountLocale::EsMx => ',',
            AmountLocale::EsEs => '.',
        }
    }

    /// How many digits the whole units need before they are written in groups: Spain writes
    /// `1124,50` but `12.345,00`.
    pub(crate) fn min_grouped_digits(self) -> usize {
        match self {
            AmountLocale::En | AmountLocale::EsMx => 4,
            AmountLocale::EsEs => 5,
        }
    }

    /// The locale for an operating system's locale tag (`es_MX.UTF-8`, `es-419`, `en-GB`, `C`):
    /// Spanish of Mexico, the United States and Latin America (`419`) is [`AmountLocale::EsMx`],
    /// any other Spanish is [`AmountLocale::EsEs`], everything else is [`AmountLocale::En`].
    pub fn from_os_tag(tag: &str) -> AmountLocale {
        // `language[_territory][.codeset][@modifier]` (POSIX) or `language[-Script][-region]`
        // (BCP 47, as macOS and Windows give it).
        let tag = tag.trim();
        let tag = tag.split(['.', '@']).next().unwrap_or_default();
        let mut parts = tag.split(['_', '-']);
        let language = parts.next().unwrap_or_default();
        if !language.eq_ignore_ascii_case("es") {
            return AmountLocale::En;
        }
        let region = parts.find(|p| p.len() != 4).unwrap_or_default();
        if ["MX", "US", "419"]
            .iter()
            .any(|r| region.eq_ignore_ascii_case(r))
        {
            AmountLocale::EsMx
        } else {
            AmountLocale::EsEs
        }
    }
}

impl fmt::Display for AmountLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AmountLocale {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self> {
        AmountLocale::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| DomainError::Unknown {
                kind: "amount locale",
                value: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_tags_map_to_the_convention_their_people_write() {
        for (tag, want) in [
            ("es_MX.UTF-8", AmountLocale::EsMx),
            ("es-MX", AmountLocale::EsMx),
            ("es_US", AmountLocale::EsMx),
            ("es-419", AmountLocale::EsMx),
            ("es_mx.utf8", AmountLocale::EsMx),
            ("es-Latn-MX", AmountLocale::EsMx),
            ("es_ES.UTF-8", AmountLocale::EsEs),
            ("es_ES@euro", AmountLocale::EsEs),
            ("es", AmountLocale::EsEs),
            ("es-AR", AmountLocale::EsEs),
            ("es_CO.UTF-8", AmountLocale::EsEs),
            ("en_US.UTF-8", AmountLocale::En),
            ("en-GB", AmountLocale::En),
            ("fr_FR", AmountLocale::En),
            ("est_EE", AmountLocale::En),
            ("", AmountLocale::En),
            ("C", AmountLocale::En),
            ("C.UTF-8", AmountLocale::En),
            ("POSIX", AmountLocale::En),
        ] {
            assert_eq!(AmountLocale::from_os_tag(tag), want, "{tag:?}");
        }
    }

    #[test]
    fn separators_follow_each_convention() {
        assert_eq!(AmountLocale::default(), AmountLocale::En);
        for l in AmountLocale::all() {
            assert_ne!(l.decimal_separator(), l.group_separator());
        }
        assert_eq!(AmountLocale::En.decimal_separator(), '.');
        assert_eq!(AmountLocale::EsMx.decimal_separator(), '.');
        assert_eq!(AmountLocale::EsEs.decimal_separator(), ',');
        assert_eq!(AmountLocale::EsEs.group_separator(), '.');
    }

    #[test]
    fn names_round_trip_through_text_and_json() {
        for l in AmountLocale::all() {
            assert_eq!(l.as_str().parse::<AmountLocale>().unwrap(), *l);
            let json = serde_json::to_string(l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(serde_json::from_str::<AmountLocale>(&json).unwrap(), *l);
        }
        assert!("es".parse::<AmountLocale>().is_err());
        assert!("EN".parse::<AmountLocale>().is_err());
    }
}
