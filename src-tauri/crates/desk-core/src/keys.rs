//! Onboarding with the merchant's own keys: each key's environment is read from its prefix
//! and shown before anything is stored; a key of the other environment is refused with a
//! sentence; an accepted key is verified with a harmless call and stored
//! ([`Desk::add_credentials`]). One provider is enough: a merchant who only sends Monnet
//! payouts adds only Monnet.

use desk_domain::{Environment, Provider};
use desk_i18n::{Message, msg};
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

/// Reads `key`'s environment from its prefix, for a desk in `desk_env`. `key` is a prefixed
/// key: Mona's private or public key, Monei's API key, MonEFlow Pay's client id (Monnet's keys
/// carry no mark). The sentence never quotes the key, only the documented prefixes.
pub fn read_key(provider: Provider, key: &str, desk_env: Environment) -> KeyReading {
    let (environment, accepted, told) = reading_of(provider, key, desk_env);
    KeyReading {
        provider,
        environment,
        desk_environment: desk_env,
        accepted,
        sentence: told.to_string(),
    }
}

/// What [`read_key`] reads: the key's environment, whether the desk takes it, and the sentence.
fn reading_of(
    provider: Provider,
    key: &str,
    desk_env: Environment,
) -> (Option<Environment>, bool, Message) {
    let name = provider.display_name();
    let kinds = kinds(provider);
    let Some(kind) = kinds.first() else {
        let told = match desk_env {
            Environment::Sandbox => Message::new("keys.no_mark_sandbox"),
            Environment::Production => Message::new("keys.no_mark_production"),
        };
        return (None, true, told.arg("provider", name));
    };
    let found = kinds
        .iter()
        .find_map(|k| environment_of(*k, key).map(|env| (*k, env)));
    match found {
        None => (
            None,
            false,
            msg!(
                "keys.unknown",
                provider = name,
                production = kind.prefix(Environment::Production),
                sandbox = kind.prefix(Environment::Sandbox)
            ),
        ),
        Some((k, env)) if env == desk_env => {
            let told = match env {
                Environment::Sandbox => Message::new("keys.accepted_sandbox"),
                Environment::Production => Message::new("keys.accepted_production"),
            };
            (
                Some(env),
                true,
                told.arg("prefix", k.prefix(env)).arg("provider", name),
            )
        }
        Some((k, env)) => {
            let told = match desk_env {
                Environment::Sandbox => Message::new("keys.production_key_in_sandbox"),
                Environment::Production => Message::new("keys.sandbox_key_in_production"),
            };
            (
                Some(env),
                false,
                told.arg("prefix", k.prefix(env))
                    .arg("expected", k.prefix(desk_env)),
            )
        }
    }
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
            .map(|(field, key)| (field, reading_of(provider, key, env)))
            .filter(|(_, (_, accepted, _))| !accepted)
            .map(|(field, (_, _, told))| desk_domain::FieldError::msg(field, told))
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
    fn readings_read_in_spanish() {
        let (_, _, told) = reading_of(Provider::Monei, concat!("sk_live_", "secretpart"), Sandbox);
        assert_eq!(
            told.render(desk_i18n::Language::Es),
            "Es una clave de producción (dinero real) (sk_live_…), pero la aplicación está en el sandbox: usa una clave que empiece por sk_test_ o cambia antes a producción en Configuración."
        );
        let (_, _, told) = reading_of(Provider::Monnet, "anything=", Production);
        assert!(
            told.render(desk_i18n::Language::Es)
                .contains("sistema de producción de Monnet")
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
