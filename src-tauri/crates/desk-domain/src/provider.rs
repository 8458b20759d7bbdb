//! The four payment providers the desk talks to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Result};

/// A payment provider.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Provider {
    /// Mona: checkout and collections with SCA-signed consent; private + public key.
    Mona,
    /// Monei: payments with an `x-api-key` (`sk_test_` / `sk_live_`).
    Monei,
    /// MonEFlow Pay: client token + one-time payment nonce; client id + secret.
    Moneflow,
    /// Monnet: HMAC-SHA256 signed payouts.
    Monnet,
}

impl Provider {
    /// Every provider, in display order.
    pub const ALL: [Provider; 4] = [
        Provider::Mona,
        Provider::Monei,
        Provider::Moneflow,
        Provider::Monnet,
    ];

    /// The lowercase identifier used in storage and keychain entries.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Mona => "mona",
            Provider::Monei => "monei",
            Provider::Moneflow => "moneflow",
            Provider::Monnet => "monnet",
        }
    }

    /// The name a merchant reads.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Mona => "Mona",
            Provider::Monei => "Monei",
            Provider::Moneflow => "MonEFlow Pay",
            Provider::Monnet => "Monnet",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

impl FromStr for Provider {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| DomainError::Unknown {
                kind: "provider",
                value: s.to_string(),
            })
    }
}
