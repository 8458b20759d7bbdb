//! Environments: each provider's hosts and key formats, and the check that a key belongs to
//! the environment it is aimed at — done before any request is built.

use desk_domain::{Environment, Provider};
use desk_i18n::{Message, msg};

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

/// `provider`'s production API base: its public host, or — in debug and test builds only —
/// the production rehearsal's endpoint when one is active ([`crate::rehearsal`]).
pub fn production_base_url(provider: Provider) -> String {
    #[cfg(debug_assertions)]
    if let Some(url) = crate::rehearsal::active().and_then(|r| r.api_url(provider)) {
        return url.to_string();
    }
    default_base_url(provider, Environment::Production).to_string()
}

/// The base URL a provider's pages (Mona's checkout, MonEFlow Pay's card fields) are framed
/// from when its API is at `api_base`: the API host itself, or — in debug and test builds
/// only — the production rehearsal's plain loopback HTTP frame listener for a rehearsal
/// endpoint (WebKit is not told to trust the rehearsal's test authority).
pub fn page_base(api_base: &url::Url) -> url::Url {
    #[cfg(debug_assertions)]
    if let Some(frame) = crate::rehearsal::active().and_then(|r| r.frame_base(api_base)) {
        return frame.clone();
    }
    api_base.clone()
}

/// Where one provider's SDK page (hosted in the checkout's frame) is served from in one
/// environment: the page's origin, which the window's content security policy lets frame and
/// whose messages the UI accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkOrigin {
    /// The payment provider.
    pub provider: Provider,
    /// The environment the origin serves.
    pub environment: Environment,
    /// The origin (`https://host`, no path, no trailing slash).
    pub origin: &'static str,
}

/// The one list of the payment providers' SDK origins (`docs/provider-api.md`, "SDK
/// origins"): the CSP's `frame-src` and the UI's message checks are derived from it. Mona's and
/// MonEFlow Pay's pages are served from their API hosts; Monei's from its payment page's host
/// ([`crate::monei::PAGE_ORIGIN`]) in both environments (the key tells test from live).
pub const SDK_ORIGINS: &[SdkOrigin] = &[
    SdkOrigin {
        provider: Provider::Mona,
        environment: Environment::Sandbox,
        origin: "https://sandbox.api.mona.ng",
    },
    SdkOrigin {
        provider: Provider::Mona,
        environment: Environment::Production,
        origin: "https://api.mona.ng",
    },
    SdkOrigin {
        provider: Provider::Monei,
        environment: Environment::Sandbox,
        origin: crate::monei::PAGE_ORIGIN,
    },
    SdkOrigin {
        provider: Provider::Monei,
        environment: Environment::Production,
        origin: crate::monei::PAGE_ORIGIN,
    },
    SdkOrigin {
        provider: Provider::Moneflow,
        environment: Environment::Sandbox,
        origin: "https://sandbox.api.moneflowpay.com",
    },
    SdkOrigin {
        provider: Provider::Moneflow,
        environment: Environment::Production,
        origin: "https://api.moneflowpay.com",
    },
];

/// The embedded sandbox's SDK pages: loopback HTTP on any port (each provider's sandbox port
/// is chosen at start), as a CSP source.
pub const LOOPBACK_FRAME_SOURCE: &str = "http://127.0.0.1:*";

/// Whether `origin` (as a message event or `URL.origin` gives it) is one the desk frames: an
/// origin of [`SDK_ORIGINS`], or loopback HTTP with a port ([`LOOPBACK_FRAME_SOURCE`]).
pub fn is_sdk_origin(origin: &str) -> bool {
    if SDK_ORIGINS.iter().any(|o| o.origin == origin) {
        return true;
    }
    origin
        .strip_prefix("http://127.0.0.1:")
        .is_some_and(|port| port.parse::<u16>().is_ok_and(|p| p > 0) && !port.starts_with('0'))
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

    fn name(self) -> Message {
        match self {
            KeyKind::MonaPrivate => Message::new("provider.key_mona_private"),
            KeyKind::MonaPublic => Message::new("provider.key_mona_public"),
            KeyKind::Monei => Message::new("provider.key_monei"),
            KeyKind::MoneflowClientId => Message::new("provider.key_moneflow_client_id"),
        }
    }
}

/// The environment `key`'s prefix names for a `kind` key, if it names one.
pub fn environment_of(kind: KeyKind, key: &str) -> Option<Environment> {
    let key = key.trim();
    [Environment::Sandbox, Environment::Production]
        .into_iter()
        .find(|env| key.starts_with(kind.prefix(*env)))
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
        let told = match wrong {
            Environment::Sandbox => msg!("provider.key_for_sandbox", prefix = kind.prefix(env)),
            Environment::Production => {
                msg!("provider.key_for_production", prefix = kind.prefix(env))
            }
        };
        return Err(ProviderError::WrongEnvironment(
            told.arg_msg("kind", kind.name()),
        ));
    }
    let told = match env {
        Environment::Sandbox => msg!("provider.key_invalid_sandbox", prefix = kind.prefix(env)),
        Environment::Production => {
            msg!("provider.key_invalid_production", prefix = kind.prefix(env))
        }
    };
    Err(ProviderError::InvalidKey(told.arg_msg("kind", kind.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_other_environment_are_refused_by_name() {
        let e = check_key(
            KeyKind::Monei,
            concat!("sk_live_", "fake_key_1234"),
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
    fn the_environment_is_read_from_the_prefix() {
        use Environment::{Production, Sandbox};
        let cases = [
            (
                KeyKind::MonaPrivate,
                concat!("mona_sk_prod_", "abc"),
                Some(Production),
            ),
            (KeyKind::MonaPrivate, "mona_sk_sandbox_abc", Some(Sandbox)),
            (
                KeyKind::MonaPublic,
                concat!(" mona_pub_prod_", "abc"),
                Some(Production),
            ),
            (KeyKind::Monei, concat!("sk_live_", "abc"), Some(Production)),
            (KeyKind::Monei, "sk_test_abc", Some(Sandbox)),
            (
                KeyKind::MoneflowClientId,
                concat!("mfp_live_", "abc"),
                Some(Production),
            ),
            (KeyKind::MoneflowClientId, "mfp_test_abc", Some(Sandbox)),
            (KeyKind::Monei, "pk_live_abc", None),
            (KeyKind::MonaPrivate, "mona_sk_test_abc", None),
        ];
        for (kind, key, want) in cases {
            assert_eq!(environment_of(kind, key), want, "{key}");
        }
    }

    #[test]
    fn sdk_origins_are_bare_https_origins_and_loopback_needs_a_port() {
        for o in SDK_ORIGINS {
            let url = url::Url::parse(o.origin).unwrap();
            assert_eq!(url.scheme(), "https", "{o:?}");
            assert_eq!(url.origin().ascii_serialization(), o.origin, "{o:?}");
            assert!(is_sdk_origin(o.origin));
        }
        // Mona's and MonEFlow Pay's pages are joined to their API hosts.
        for p in [Provider::Mona, Provider::Moneflow] {
            for env in [Environment::Sandbox, Environment::Production] {
                let listed = SDK_ORIGINS
                    .iter()
                    .find(|o| o.provider == p && o.environment == env)
                    .unwrap();
                assert_eq!(listed.origin, default_base_url(p, env));
            }
        }
        assert!(is_sdk_origin("http://127.0.0.1:4100"));
        for other in [
            "http://127.0.0.1",
            "http://127.0.0.1:",
            "http://127.0.0.1:0",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:80.evil.example",
            "https://api.mona.ng.evil.example",
            "http://api.mona.ng",
            "https://evil.example",
            "null",
        ] {
            assert!(!is_sdk_origin(other), "{other}");
        }
    }

    #[test]
    fn well_formed_keys_pass_and_garbage_is_invalid() {
        check_key(KeyKind::Monei, "sk_test_abcdefgh1234", Environment::Sandbox).unwrap();
        check_key(
            KeyKind::MonaPublic,
            concat!("mona_pub_prod_", "abcdefgh"),
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
