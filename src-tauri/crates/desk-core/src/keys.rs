//! Onboarding with the merchant's own keys: each key's environment is read from its prefix
//! and shown before anything is stored; a key of the other environment is refused with a
//! sentence; an accepted key is verified with a harmless call and stored
//! ([`Desk::add_credentials`]). One provider is enough: a merchant who only sends Monnet
//! payouts adds only Monnet.

use desk_domain::{Environment, Provider};
use desk_providers::env::{KeyKind, environment_of};

use crate::desk::Desk;
use crate::error::{CoreError, Result};
use crate::views::credentials::{CredentialInput, CredentialSummary};
use crate::views::keys::KeyReading;

/// The key kinds whose prefix names an environment, for `provider` (none for Monnet).
fn kinds(provider: Provider) -> &'static [KeyKind] {
    match provider {
        Provider::Mona => &[KeyKind::MonaPrivate, KeyKind::MonaPublic],
        Provider::Monei => &[KeyKind::Monei],
        Provider::Moneflow => &[KeyKind::MoneflowClientId],
        Provider::Monnet => &[],
    }
}

fn env_words(env: Environment) -> &'static str {
    match env {
        Environment::Sandbox => "a sandbox key (test money)",
        Environment::Production => "a production key (real money)",
    }
}

fn desk_words(env: Environment) -> &'static str {
    match env {
        Environment::Sandbox => "the sandbox",
        Environment::Production => "production",
    }
}

/// Reads `key`'s environment from its prefix, for a desk in `desk_env`. `key` is a prefixed
/// key: Mona's private or public key, Monei's API key, MonEFlow Pay's client id (Monnet's keys
/// carry no mark). The sentence never quotes the key, only the documented prefixes.
pub fn read_key(provider: Provider, key: &str, desk_env: Environment) -> KeyReading {
    let reading = |environment, accepted, sentence: String| KeyReading {
        provider,
        environment,
        desk_environment: desk_env,
        accepted,
        sentence,
    };
    let kinds = kinds(provider);
    let Some(kind) = kinds.first() else {
        return reading(
            None,
            true,
            format!(
                "{provider} keys carry no environment mark: they are verified with {provider}'s {} system before they are stored.",
                desk_env
            ),
        );
    };
    let found = kinds
        .iter()
        .find_map(|k| environment_of(*k, key).map(|env| (*k, env)));
    match found {
        None => reading(
            None,
            false,
            format!(
                "This is not a {provider} key the desk knows: in production it starts with {}, in the sandbox with {}.",
                kind.prefix(Environment::Production),
                kind.prefix(Environment::Sandbox)
            ),
        ),
        Some((k, env)) if env == desk_env => reading(
            Some(env),
            true,
            format!(
                "{} ({}…): it is verified with {provider} before it is stored.",
                capitalise(env_words(env)),
                k.prefix(env)
            ),
        ),
        Some((k, env)) => reading(
            Some(env),
            false,
            format!(
                "This is {} ({}…), but the desk is in {}: use a key that starts with {}{}.",
                env_words(env),
                k.prefix(env),
                desk_words(desk_env),
                k.prefix(desk_env),
                match desk_env {
                    Environment::Sandbox => ", or switch to production in Settings first",
                    Environment::Production => ", or go back to the sandbox",
                }
            ),
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The input's prefixed keys, with the field each came from.
fn prefixed(input: &CredentialInput) -> Vec<(&'static str, &str)> {
    match input {
        CredentialInput::Mona {
            private_key,
            public_key,
            ..
        } => vec![("privateKey", private_key), ("publicKey", public_key)],
        CredentialInput::Monei { api_key, .. } => vec![("apiKey", api_key)],
        CredentialInput::Moneflow { client_id, .. } => vec![("clientId", client_id)],
        CredentialInput::Monnet { .. } => Vec::new(),
    }
}

fn provider_of(input: &CredentialInput) -> Provider {
    match input {
        CredentialInput::Mona { .. } => Provider::Mona,
        CredentialInput::Monei { .. } => Provider::Monei,
        CredentialInput::Moneflow { .. } => Provider::Moneflow,
        CredentialInput::Monnet { .. } => Provider::Monnet,
    }
}

/// The input aimed at `env`, whatever environment it named.
fn in_environment(input: CredentialInput, env: Environment) -> CredentialInput {
    match input {
        CredentialInput::Mona {
            private_key,
            public_key,
            ..
        } => CredentialInput::Mona {
            environment: env,
            private_key,
            public_key,
        },
        CredentialInput::Monei { api_key, .. } => CredentialInput::Monei {
            environment: env,
            api_key,
        },
        CredentialInput::Moneflow {
            merchant_id,
            client_id,
            secret,
            ..
        } => CredentialInput::Moneflow {
            environment: env,
            merchant_id,
            client_id,
            secret,
        },
        CredentialInput::Monnet {
            merchant_id,
            api_key,
            api_secret,
            ..
        } => CredentialInput::Monnet {
            environment: env,
            merchant_id,
            api_key,
            api_secret,
        },
    }
}

impl Desk {
    /// What the desk reads from `key` (see [`read_key`]) in its current environment.
    pub fn read_key(&self, provider: Provider, key: &str) -> KeyReading {
        read_key(provider, key, self.environment())
    }

    /// Adds the merchant's own keys for one provider in the desk's environment: every
    /// prefixed key must name that environment (else a field error with the sentence of
    /// [`read_key`]), then the keys are verified with the provider and stored. Nothing is
    /// stored if any step fails.
    pub async fn add_keys(&self, input: CredentialInput) -> Result<CredentialSummary> {
        crate::input::credentials(&input)?;
        let env = self.environment();
        let provider = provider_of(&input);
        let refused: Vec<_> = prefixed(&input)
            .into_iter()
            .map(|(field, key)| (field, read_key(provider, key, env)))
            .filter(|(_, r)| !r.accepted)
            .map(|(field, r)| desk_domain::FieldError::new(field, r.sentence))
            .collect();
        if !refused.is_empty() {
            return Err(CoreError::Invalid(refused));
        }
        self.add_credentials(in_environment(input, env)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Environment::{Production, Sandbox};

    #[test]
    fn the_environment_is_read_from_each_providers_prefix() {
        for (provider, key, env) in [
            (
                Provider::Mona,
                concat!("mona_sk_prod_", "abcdefgh"),
                Production,
            ),
            (Provider::Mona, "mona_pub_sandbox_abcdefgh", Sandbox),
            (Provider::Monei, concat!("sk_live_", "abcdefgh"), Production),
            (Provider::Monei, "sk_test_abcdefgh", Sandbox),
            (
                Provider::Moneflow,
                concat!("mfp_live_", "abcdefgh"),
                Production,
            ),
            (Provider::Moneflow, "mfp_test_abcdefgh", Sandbox),
        ] {
            let r = read_key(provider, key, env);
            assert_eq!(r.environment, Some(env), "{key}");
            assert!(r.accepted, "{key}: {}", r.sentence);
            assert!(!r.sentence.contains("abcdefgh"), "never quotes the key");
        }
    }

    #[test]
    fn a_key_of_the_other_environment_is_refused_with_a_sentence() {
        let r = read_key(Provider::Monei, concat!("sk_live_", "secretpart"), Sandbox);
        assert_eq!(r.environment, Some(Production));
        assert!(!r.accepted);
        assert!(
            r.sentence.contains("production key") && r.sentence.contains("sk_test_"),
            "{}",
            r.sentence
        );
        assert!(!r.sentence.contains("secretpart"));
        let r = read_key(Provider::Mona, "mona_sk_sandbox_secretpart", Production);
        assert!(!r.accepted);
        assert!(
            r.sentence.contains("go back to the sandbox"),
            "{}",
            r.sentence
        );
    }

    #[test]
    fn unknown_keys_are_refused_and_monnet_keys_name_no_environment() {
        let r = read_key(Provider::Moneflow, "pk_live_x", Production);
        assert_eq!(r.environment, None);
        assert!(!r.accepted);
        assert!(r.sentence.contains("mfp_live_"), "{}", r.sentence);
        let r = read_key(Provider::Monnet, "anything=", Production);
        assert_eq!(r.environment, None);
        assert!(
            r.accepted,
            "Monnet keys are verified against the desk's host"
        );
        assert!(r.sentence.contains("production"), "{}", r.sentence);
    }
}
