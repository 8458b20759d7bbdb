//! Onboarding with the merchant's own keys, against the embedded sandbox over loopback: the
//! environment is read from each key's prefix before anything is stored, a key of the other
//! environment is refused with a sentence, and one provider is enough.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

mod common;

use common::desk;
use desk_core::CoreError;
use desk_core::views::credentials::CredentialInput;
use desk_domain::{Environment, Provider};

fn field_sentence(e: &CoreError, field: &str) -> String {
    match e {
        CoreError::Invalid(fields) => fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.clone())
            .unwrap_or_else(|| panic!("no {field} error in {fields:?}")),
        other => panic!("expected a field error, got {other:?}"),
    }
}

// A merchant who only sends Monnet payouts adds only Monnet, with the sandbox's keys.
#[tokio::test]
async fn one_provider_is_enough_and_its_keys_are_verified_then_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    assert!(d.onboarding_state().needs_onboarding);
    let m = d.sandbox().await.unwrap().demo_merchant();
    let reading = d.read_key(Provider::Monnet, &m.monnet.api_key);
    assert!(reading.accepted && reading.environment.is_none());

    // the input may name any environment: the desk's is used
    let stored = d
        .add_keys(CredentialInput::Monnet {
            environment: Environment::Production,
            merchant_id: m.monnet.merchant_id.clone(),
            api_key: m.monnet.api_key.clone(),
            api_secret: m.monnet.api_secret.clone(),
        })
        .await
        .unwrap();
    assert_eq!(stored.provider, Provider::Monnet);
    assert_eq!(stored.environment, Environment::Sandbox);
    let state = d.onboarding_state();
    assert!(!state.needs_onboarding, "one provider is enough to start");
    assert_eq!(state.credentials.len(), 1);

    // a Monei key the sandbox never issued reads as a sandbox key but fails verification
    let reading = d.read_key(Provider::Monei, "sk_test_notissuedbythesandbox");
    assert_eq!(reading.environment, Some(Environment::Sandbox));
    assert!(reading.accepted);
    let e = d
        .add_keys(CredentialInput::Monei {
            environment: Environment::Sandbox,
            api_key: "sk_test_notissuedbythesandbox".into(),
        })
        .await
        .unwrap_err();
    assert!(!e.to_string().contains("notissued"), "never echoed: {e}");
    assert_eq!(d.list_credentials().unwrap().len(), 1, "nothing stored");

    // the demo merchant's Monei key verifies
    d.add_keys(CredentialInput::Monei {
        environment: Environment::Sandbox,
        api_key: m.monei.api_key.clone(),
    })
    .await
    .unwrap();
    assert_eq!(d.list_credentials().unwrap().len(), 2);
}

// After "Switch to production" the welcome screen offers the keys path: a sandbox key is
// refused with a sentence before any request, and nothing is stored.
#[tokio::test]
async fn a_key_of_the_other_environment_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk(dir.path());
    let m = d.sandbox().await.unwrap().demo_merchant();

    let e = d
        .add_keys(CredentialInput::Monei {
            environment: Environment::Sandbox,
            api_key: concat!("sk_live_", "realmoneykey123").into(),
        })
        .await
        .unwrap_err();
    let sentence = field_sentence(&e, "apiKey");
    assert!(
        sentence.contains("production key") && sentence.contains("sk_test_"),
        "{sentence}"
    );
    assert!(!sentence.contains("realmoneykey"), "never echoed");

    d.set_environment(Environment::Production, true).unwrap();
    assert!(d.onboarding_state().needs_onboarding);
    let e = d
        .add_keys(CredentialInput::Mona {
            environment: Environment::Production,
            private_key: m.mona.private_key.clone(),
            public_key: m.mona.public_key.clone(),
        })
        .await
        .unwrap_err();
    let sentence = field_sentence(&e, "privateKey");
    assert!(
        sentence.contains("sandbox key") && sentence.contains("mona_sk_prod_"),
        "{sentence}"
    );
    field_sentence(&e, "publicKey");
    let reading = d.read_key(Provider::Moneflow, &m.moneflow.client_id);
    assert_eq!(reading.environment, Some(Environment::Sandbox));
    assert_eq!(reading.desk_environment, Environment::Production);
    assert!(!reading.accepted);
    assert!(d.list_credentials().unwrap().is_empty(), "nothing stored");
    assert!(d.onboarding_state().needs_onboarding);
}
