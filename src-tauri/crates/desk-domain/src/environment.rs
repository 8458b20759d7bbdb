//! Where requests go: the embedded sandbox / providers' test systems, or production.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Result};

/// A provider environment. Keys of one environment are never used in the other.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Environment {
    /// Test money: the embedded sandbox or a provider's sandbox/test/cert system.
    Sandbox,
    /// Real money.
    Production,
}

impl Environment {
    /// The lowercase name used in storage and keychain entries.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Production => "production",
        }
    }

    /// Whether real money moves here.
    pub fn is_live(self) -> bool {
        self == Environment::Production
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "sandbox" => Ok(Environment::Sandbox),
            "production" => Ok(Environment::Production),
            other => Err(DomainError::Unknown {
                kind: "environment",
                value: other.to_string(),
            }),
        }
    }
}
