//! Key formats per environment, and the refusal of a key of the other environment: the
//! sandbox takes sandbox keys only, the production rehearsal (`docs/provider-api.md`,
//! "Production rehearsal") production keys only, and counts every sandbox key it is shown.

use desk_domain::Environment;

use crate::shared::Shared;

/// A kind of credential whose documented prefix names its environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Mona's private (server) key.
    MonaPrivate,
    /// Mona's public (SDK) key.
    MonaPublic,
    /// Monei's API key.
    Monei,
    /// MonEFlow Pay's client id.
    MoneflowClientId,
}

/// The prefix a `kind` key has in `env`.
pub fn prefix(kind: KeyKind, env: Environment) -> &'static str {
    match (kind, env) {
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

fn other(env: Environment) -> Environment {
    match env {
        Environment::Sandbox => Environment::Production,
        Environment::Production => Environment::Sandbox,
    }
}

/// The message of the 401 `wrong_environment` refusal when `key` is a `kind` key of the other
/// environment than the one `shared` plays (`None`: not such a key). A sandbox key shown to
/// the production rehearsal is counted ([`Shared::sandbox_keys_seen`]). The key is never
/// echoed.
pub fn wrong_environment(shared: &Shared, kind: KeyKind, key: &str) -> Option<String> {
    let here = shared.environment();
    let wrong = other(here);
    if !key.starts_with(prefix(kind, wrong)) {
        return None;
    }
    if wrong == Environment::Sandbox {
        shared.note_sandbox_key();
    }
    Some(format!(
        "This is a {wrong} key; the {here} environment takes {} keys.",
        prefix(kind, here)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_environment_refuses_the_others_prefix_and_only_production_counts() {
        let sandbox = Shared::for_tests(Environment::Sandbox);
        let msg =
            wrong_environment(&sandbox, KeyKind::Monei, concat!("sk_live_", "abcdefgh")).unwrap();
        assert!(
            msg.contains("sk_test_") && !msg.contains("abcdefgh"),
            "{msg}"
        );
        assert!(wrong_environment(&sandbox, KeyKind::Monei, "sk_test_abcdefgh").is_none());
        assert_eq!(sandbox.sandbox_keys_seen(), 0);

        let production = Shared::for_tests(Environment::Production);
        for (kind, key) in [
            (KeyKind::MonaPrivate, "mona_sk_sandbox_abc"),
            (KeyKind::MonaPublic, "mona_pub_sandbox_abc"),
            (KeyKind::Monei, "sk_test_abc"),
            (KeyKind::MoneflowClientId, "mfp_test_abc"),
        ] {
            assert!(wrong_environment(&production, kind, key).is_some(), "{key}");
        }
        assert!(
            wrong_environment(&production, KeyKind::Monei, concat!("sk_live_", "abc")).is_none()
        );
        assert_eq!(production.sandbox_keys_seen(), 4);
    }
}
