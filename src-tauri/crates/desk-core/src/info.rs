//! What the app reports about itself to the UI.

use desk_domain::{AmountLocale, Environment};
use desk_i18n::Language;
use serde::Serialize;

/// The app's name, version and where it is pointed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    /// The product name.
    pub name: String,
    /// The app's semantic version.
    pub version: String,
    /// The active environment.
    pub environment: Environment,
    /// The language the desk speaks (the merchant's setting): the UI renders in it.
    pub language: Language,
    /// How amounts, numbers and dates are written: the merchant's choice, or the computer's.
    pub amount_locale: AmountLocale,
}

impl AppInfo {
    /// Info for this build (`version`, usually `CARGO_PKG_VERSION` of the app) in `environment`,
    /// in English with English amounts (see [`AppInfo::speaking`]).
    pub fn new(version: &str, environment: Environment) -> Self {
        Self {
            name: "Merchant Desk".into(),
            version: version.into(),
            environment,
            language: Language::En,
            amount_locale: AmountLocale::En,
        }
    }

    /// The info with the desk's language and amount locale.
    pub fn speaking(self, language: Language, amount_locale: AmountLocale) -> Self {
        Self {
            language,
            amount_locale,
            ..self
        }
    }
}
