//! The merchant's settings: a small JSON file in the app's config directory. No secrets.

use std::fs;
use std::io;
use std::path::Path;

use desk_domain::{AmountLocale, Environment, Money};
use desk_i18n::Language;
use desk_vault::StoreKind;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Settings that persist between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Settings {
    /// The active environment; a new user lands on the embedded sandbox.
    pub environment: Environment,
    /// Whether the app checks for updates on start.
    pub update_checks: bool,
    /// Where update manifests are fetched from; `None` means the release channel's default.
    pub update_endpoint: Option<String>,
    /// Whether the embedded sandbox keeps its state in a file between runs.
    pub sandbox_persistent: bool,
    /// Where secrets are kept: the system keychain, or the passphrase-protected file vault
    /// the merchant opted into.
    #[ts(type = "\"keychain\" | \"fileVault\"")]
    pub secret_store: StoreKind,
    /// The language of the desk's words, the UI's and the core's sentences alike; a new desk
    /// (and a settings file from before it) speaks the computer's.
    pub language: Language,
    /// How amounts, numbers and dates are read and written; `None` follows the computer's
    /// language.
    pub locale: Option<AmountLocale>,
    /// Above these amounts (one per currency) a charge or a payout asks once more.
    pub confirm_above: Vec<Money>,
    /// The merchant's name, as receipts show it.
    pub merchant_name: Option<String>,
    /// The merchant's time zone, an IANA name (`America/Mexico_City`): the days of the
    /// history's filters and the times it shows and exports; `None` follows the computer's.
    #[ts(optional = nullable)]
    pub time_zone: Option<String>,
    /// Whether the desk shows OS notifications (a payout paid, rejected or returned, a
    /// provider's sync failing for over an hour); on until the merchant turns them off. A
    /// settings object without it (one written before it existed) means on.
    #[ts(as = "Option<bool>", optional)]
    pub notifications: bool,
}

/// The settings with the places the app keeps its files, for the Settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingsView {
    /// The settings.
    pub settings: Settings,
    /// Where the encrypted database lives.
    pub data_dir: String,
    /// Where the logs are written.
    pub log_dir: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            environment: Environment::Sandbox,
            update_checks: true,
            update_endpoint: None,
            sandbox_persistent: true,
            secret_store: StoreKind::Keychain,
            language: crate::amounts::os_language(),
            locale: None,
            confirm_above: Vec::new(),
            merchant_name: None,
            time_zone: None,
            notifications: true,
        }
    }
}

impl Settings {
    /// The limit above which an amount of `money`'s currency asks once more, if one is set.
    pub fn limit_for(&self, money: Money) -> Option<Money> {
        self.confirm_above
            .iter()
            .copied()
            .find(|l| l.currency == money.currency && l.minor > 0)
    }

    /// Reads the settings at `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self> {
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| CoreError::Settings {
                action: "read",
                source: io::Error::other(e),
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(CoreError::Settings {
                action: "read",
                source,
            }),
        }
    }

    /// Writes the settings to `path` atomically (write a sibling file, then rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        let write = || -> io::Result<()> {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("json.tmp");
            fs::write(
                &tmp,
                serde_json::to_vec_pretty(self).map_err(io::Error::other)?,
            )?;
            fs::rename(&tmp, path)
        };
        write().map_err(|source| CoreError::Settings {
            action: "write",
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_user_lands_on_the_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load(&dir.path().join("settings.json")).unwrap();
        assert_eq!(s.environment, Environment::Sandbox);
    }

    #[test]
    fn settings_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/settings.json");
        let s = Settings {
            environment: Environment::Production,
            update_checks: false,
            ..Settings::default()
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), s);
    }

    #[test]
    fn a_corrupt_settings_file_is_an_error_not_a_silent_reset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        fs::write(&path, b"{not json").unwrap();
        assert!(Settings::load(&path).is_err());
    }

    #[test]
    fn a_settings_file_from_before_the_language_setting_gets_the_computers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        fs::write(&path, br#"{"environment":"sandbox"}"#).unwrap();
        let s = Settings::load(&path).unwrap();
        assert_eq!(s.language, crate::amounts::os_language());
        let spanish = Settings {
            language: Language::Es,
            ..s
        };
        spanish.save(&path).unwrap();
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .contains(r#""language": "es""#)
        );
        assert_eq!(Settings::load(&path).unwrap().language, Language::Es);
    }
}
