//! Credentials as the UI sees them: never a secret, only what identifies one.

use desk_domain::{Environment, Provider};
use serde::{Deserialize, Serialize};

/// A stored credential set, described without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CredentialSummary {
    /// Provider.
    pub provider: Provider,
    /// Environment the keys belong to.
    pub environment: Environment,
    /// Public identifier: Mona public key, MonEFlow client id, Monnet merchant id, or the
    /// Monei key redacted to its last four characters.
    pub public_id: String,
    /// First 8 hex digits of SHA-256 of the secret, to tell keys apart.
    pub fingerprint: String,
    /// When the secret was added or last rotated (RFC 3339).
    pub rotated_at: String,
    /// When rotation is due (90 days after `rotated_at`).
    pub rotation_due: String,
    /// Whether rotation is due now.
    pub rotation_overdue: bool,
}

/// Credentials typed by the merchant. Secret fields arrive once, are moved into the keychain
/// and never come back.
#[derive(Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "provider")]
#[ts(export)]
pub enum CredentialInput {
    /// Mona: private key (backend) + public key (SDK).
    #[serde(rename = "mona", rename_all = "camelCase")]
    Mona {
        /// Environment.
        environment: Environment,
        /// `mona_sk_sandbox_…` / `mona_sk_prod_…`.
        private_key: String,
        /// `mona_pub_…`.
        public_key: String,
    },
    /// Monei: `sk_test_…` / `sk_live_…`.
    #[serde(rename = "monei", rename_all = "camelCase")]
    Monei {
        /// Environment.
        environment: Environment,
        /// The API key.
        api_key: String,
    },
    /// MonEFlow Pay: merchant id, client id, secret.
    #[serde(rename = "moneflow", rename_all = "camelCase")]
    Moneflow {
        /// Environment.
        environment: Environment,
        /// Merchant id.
        merchant_id: String,
        /// `mfp_test_…` / `mfp_live_…`.
        client_id: String,
        /// Secret.
        secret: String,
    },
    /// Monnet: merchant id, API key, API secret.
    #[serde(rename = "monnet", rename_all = "camelCase")]
    Monnet {
        /// Environment.
        environment: Environment,
        /// Merchant id.
        merchant_id: String,
        /// `monnet-api-key`.
        api_key: String,
        /// HMAC secret.
        api_secret: String,
    },
}

impl std::fmt::Debug for CredentialInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialInput([redacted])")
    }
}
