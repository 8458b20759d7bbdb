//! Sandbox merchants and their credentials for the four providers.

use desk_domain::{Environment, Provider};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::keys::{KeyKind, prefix};

/// Mona keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MonaKeys {
    /// `mona_sk_sandbox_…` (`mona_sk_prod_…` in the production rehearsal).
    pub private_key: String,
    /// `mona_pub_sandbox_…` (`mona_pub_prod_…`).
    pub public_key: String,
}

/// Monei key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MoneiKeys {
    /// `sk_test_…` (`sk_live_…`).
    pub api_key: String,
}

/// MonEFlow Pay keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MoneflowKeys {
    /// Merchant id.
    pub merchant_id: String,
    /// `mfp_test_…` (`mfp_live_…`).
    pub client_id: String,
    /// Secret.
    pub secret: String,
}

/// Monnet keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MonnetKeys {
    /// Merchant id.
    pub merchant_id: String,
    /// `monnet-api-key`.
    pub api_key: String,
    /// HMAC secret.
    pub api_secret: String,
}

/// A sandbox merchant's credentials for all four providers (`POST /__sandbox/merchants`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MerchantCredentials {
    /// The merchant's name.
    pub name: String,
    /// Mona.
    pub mona: MonaKeys,
    /// Monei.
    pub monei: MoneiKeys,
    /// MonEFlow Pay.
    pub moneflow: MoneflowKeys,
    /// Monnet.
    pub monnet: MonnetKeys,
}

fn token(rng: &mut impl Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..len)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

impl MerchantCredentials {
    /// New credentials of `env`'s format for merchant number `n`, drawn from `rng`. Monnet's
    /// keys carry no environment; the rehearsal's merchant ids start at 5100, the sandbox's
    /// at 100.
    pub fn generate(env: Environment, name: &str, n: u32, rng: &mut impl Rng) -> Self {
        Self {
            name: name.to_string(),
            mona: MonaKeys {
                private_key: format!("{}{}", prefix(KeyKind::MonaPrivate, env), token(rng, 24)),
                public_key: format!("{}{}", prefix(KeyKind::MonaPublic, env), token(rng, 24)),
            },
            monei: MoneiKeys {
                api_key: format!("{}{}", prefix(KeyKind::Monei, env), token(rng, 24)),
            },
            moneflow: MoneflowKeys {
                merchant_id: format!("mf{}", 1000 + n),
                client_id: format!(
                    "{}{}",
                    prefix(KeyKind::MoneflowClientId, env),
                    token(rng, 20)
                ),
                secret: token(rng, 32),
            },
            monnet: MonnetKeys {
                merchant_id: match env {
                    Environment::Sandbox => 100 + n,
                    Environment::Production => 5100 + n,
                }
                .to_string(),
                api_key: format!("{}=", token(rng, 43)),
                api_secret: format!("{}=", token(rng, 43)),
            },
        }
    }

    /// The environment these credentials were issued for (read from the Mona public key,
    /// which a roll never changes).
    pub fn environment(&self) -> Environment {
        if self
            .mona
            .public_key
            .starts_with(prefix(KeyKind::MonaPublic, Environment::Production))
        {
            Environment::Production
        } else {
            Environment::Sandbox
        }
    }

    /// The secret that identifies these credentials for `provider` (what a rotation replaces):
    /// Mona's private key, Monei's API key, MonEFlow's secret, Monnet's HMAC secret.
    pub fn secret(&self, provider: Provider) -> &str {
        match provider {
            Provider::Mona => &self.mona.private_key,
            Provider::Monei => &self.monei.api_key,
            Provider::Moneflow => &self.moneflow.secret,
            Provider::Monnet => &self.monnet.api_secret,
        }
    }

    /// Issues new secrets for `provider` in place of the current ones, as a provider's
    /// dashboard does when a key is rolled (public ids and merchant ids stay).
    pub fn reissue(&mut self, provider: Provider, rng: &mut impl Rng) {
        let env = self.environment();
        match provider {
            Provider::Mona => {
                self.mona.private_key =
                    format!("{}{}", prefix(KeyKind::MonaPrivate, env), token(rng, 24))
            }
            Provider::Monei => {
                self.monei.api_key = format!("{}{}", prefix(KeyKind::Monei, env), token(rng, 24))
            }
            Provider::Moneflow => self.moneflow.secret = token(rng, 32),
            Provider::Monnet => {
                self.monnet.api_key = format!("{}=", token(rng, 43));
                self.monnet.api_secret = format!("{}=", token(rng, 43));
            }
        }
    }

    /// The merchant of Monnet's document (id 22 with the document's key and secret), so the
    /// documented example request is accepted as written.
    pub fn monnet_document_example() -> MonnetKeys {
        MonnetKeys {
            merchant_id: "22".into(),
            api_key: "SoSSp+5M4GrYfngfSE78lC2BzvUYQ0k8+i/iHg+bp54=".into(),
            api_secret: "P5yjICOFoE0kmJVMALeBRmoxuWXz0BJKuoSaIXEHTgE=".into(),
        }
    }
}
