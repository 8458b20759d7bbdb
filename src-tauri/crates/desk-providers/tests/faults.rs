//! Provider errors as the provider meant them, against the sandbox's fault injection. (Kept
//! apart from the TRACE-capture test: tracing caches callsite interest per process.)

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_providers::ProviderError;
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::{Sandbox, SandboxConfig};

fn url(u: String) -> url::Url {
    u.parse().unwrap()
}

// A 429 comes back as RateLimited with the provider's Retry-After, and a 5xx on a create is
// an unknown outcome (it may have been processed), never blindly resent.
#[tokio::test]
async fn rate_limits_and_server_errors_are_reported_as_the_provider_meant_them() {
    use desk_sandbox::faults::Faults;
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let m = sb.demo_merchant();
    let creds = MonnetCredentials {
        merchant_id: m.monnet.merchant_id.clone(),
        api_key: Secret::new(&m.monnet.api_key),
        api_secret: Secret::new(&m.monnet.api_secret),
    };
    let client = MonnetClient::new(
        url(sb.url(Provider::Monnet)),
        Environment::Sandbox,
        creds,
        Arc::new(RateLimiter::default()),
    )
    .unwrap();
    let draft = PayoutDraft {
        country: "MEX".into(),
        amount: "10.00".into(),
        currency: "MXN".into(),
        order_id: "PV-429".into(),
        description: "Invoice".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "a@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    }
    .validate()
    .unwrap();
    sb.set_faults(
        Provider::Monnet,
        Faults {
            force429: 1,
            ..Faults::default()
        },
    );
    match client.create_payout(&draft).await {
        Err(ProviderError::RateLimited { retry_after }) => assert_eq!(retry_after.as_secs(), 1),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    sb.set_faults(
        Provider::Monnet,
        Faults {
            fail5xx: 1,
            ..Faults::default()
        },
    );
    let e = client.create_payout(&draft).await.unwrap_err();
    assert!(
        e.outcome_unknown(),
        "a 5xx on a create may have been processed: {e}"
    );
    assert_eq!(
        sb.monnet_payouts_with_order_id("PV-429"),
        0,
        "neither attempt created a payout"
    );
    sb.set_faults(
        Provider::Monnet,
        Faults {
            fail5xx: 2,
            ..Faults::default()
        },
    );
    client
        .verify()
        .await
        .expect("reads are retried through transient 5xx");
}
