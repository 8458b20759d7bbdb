//! Environments: each provider's hosts and key formats, and the check that a key belongs to
//! the environment it is aimed at — done before any request is built.

use desk_domain::{Environment, Provider};

use crate::error::{ProviderError, Result};

/// The provider's public host for an environment (the embedded sandbox replaces the sandbox
/// host with its own loopback URL).
pub fn default_base_url(provider: Provider, env: Environment) -> &'static str {
    match (provider, env) {
        (Provider::Mona, Environment::Sandbox) => "https://sandbox.api.mona.ng",
        (Provider::Mona, Environment::Production) => "https://api.mona.ng",
        (Provider::Monei, _) => "https://api.monei.com",
        (Provider::Moneflow, Environment::Sandbox) => "https://sandbox.api.moneflowpay.com",
        (Provider::Moneflow, Environment::Production) => "https://api.moneflowpay.com",
        (Provider::Monnet, Environment::Sandbox) => "https://cert.api.payout.monnet.io",
        (Provider::Monnet, Environment::Production) => "https://api.payout.monnet.io",
    }
}

/// A kind of key with a documented, environment-specific prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Mona private API key.
    MonaPrivate,
    /// Mona public SDK key.
    MonaPublic,
    /// Monei API key.
    Monei,
    /// MonEFlow Pay client id.
    MoneflowClientId,
}

impl KeyKind {
    /// The prefix a key of this kind has in `env`.
    pub fn prefix(self, env: Environment) -> &'static str {
        match (self, env) {
            (KeyKind::MonaPrivate, Environment::Sandbox) => "mona_sk_sandbox_",
            (KeyKind::MonaPrivate, Environment::Production) => "mona_sk_prod_",
            (KeyKind::MonaPublic, Environment::Sandbox) => "mona_pub_sandbox_",
            (KeyKind::MonaPublic, Environment::Production) => "mona_pub_prod_",
            (KeyKind::Monei, Environment::Sandbox) => "sk_test_",
            (KeyKind::Monei, Environment::Production) => "sk_live_",
            (KeyKind::MoneflowClientId, Environment::Sandbox) => "mfp_test_",
            (KeyKind::MoneflowClientId, Environment::Production) => "mfp_live_",
        }
    }

    fn name(self) -> &'static str {
        match self {
            KeyKind::MonaPrivate => "Mona private key",
            KeyKind::MonaPublic => "Mona public key",
            KeyKind::Monei => "Monei API key",
            KeyKind::MoneflowClientId => "MonEFlow Pay client id",
        }
    }
}

fn other(env: Environment) -> Environment {
    match env {
        Environment::Sandbox => Environment::Production,
        Environment::Production => Environment::Sandbox,
    }
}

/// Checks that `key` is a `kind` key of `env`; a key of the other environment gets its own,
/// explicit error. The key itself never appears in the message.
pub fn check_key(kind: KeyKind, key: &str, env: Environment) -> Result<()> {
    let body_ok = |prefix: &str| {
        key.len() > prefix.len() + 7
            && key[prefix.len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if key.starts_with(kind.prefix(env)) && body_ok(kind.prefix(env)) {
        return Ok(());
    }
    let wrong = other(env);
    if key.starts_with(kind.prefix(wrong)) {
        return Err(ProviderError::WrongEnvironment(format!(
            "This {} is for {wrong}, but the desk is in {env}: use a key that starts with {}.",
            kind.name(),
            kind.prefix(env)
        )));
    }
    Err(ProviderError::InvalidKey(format!(
        "This is not a {}: in {env} it starts with {} followed by letters and digits.",
        kind.name(),
        kind.prefix(env)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_other_environment_are_refused_by_name() {
        let e = check_key(
            KeyKind::Monei,
            "sk_live_fake_key_1234",
            Environment::Sandbox,
        )
        .unwrap_err();
        assert!(matches!(e, ProviderError::WrongEnvironment(_)));
        assert!(
            !e.to_string().contains("fake_key"),
            "the key never appears in the message"
        );
        let e = check_key(
            KeyKind::MonaPrivate,
            "mona_sk_sandbox_abcdefgh",
            Environment::Production,
        )
        .unwrap_err();
        assert!(matches!(e, ProviderError::WrongEnvironment(_)));
    }

    #[test]
    fn well_formed_keys_pass_and_garbage_is_invalid() {
        check_key(KeyKind::Monei, "sk_test_abcdefgh1234", Environment::Sandbox).unwrap();
        check_key(
            KeyKind::MonaPublic,
            "mona_pub_prod_abcdefgh",
            Environment::Production,
        )
        .unwrap();
        let e = check_key(KeyKind::Monei, "pk_test_whatever", Environment::Sandbox).unwrap_err();
        assert!(matches!(e, ProviderError::InvalidKey(_)));
        let e = check_key(KeyKind::Monei, "sk_test_", Environment::Sandbox).unwrap_err();
        assert!(
            matches!(e, ProviderError::InvalidKey(_)),
            "a bare prefix is not a key"
        );
    }
}
