//! The clients' reading of repeated references against the sandbox's: `existed` false then
//! true, the lookups by reference (which show a second resource when the provider does not
//! deduplicate), Monnet's 2005 as `DuplicateReference`, and no create ever sent twice by the
//! client itself.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_providers::ProviderError;
use desk_providers::mona::{CreateTransaction, MonaClient, MonaCredentials};
use desk_providers::moneflow::{
    CreateTransaction as FlowCreate, MoneflowClient, MoneflowCredentials, PaymentSource,
};
use desk_providers::monei::{CreatePayment, MoneiClient};
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::faults::Faults;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

fn url(sb: &SandboxHandle, p: Provider) -> url::Url {
    sb.url(p).parse().unwrap()
}

fn limiter() -> Arc<RateLimiter> {
    Arc::new(RateLimiter::default())
}

fn mona(sb: &SandboxHandle) -> MonaClient {
    let m = sb.demo_merchant().mona;
    let creds = MonaCredentials {
        private_key: Secret::new(&m.private_key),
        public_key: m.public_key,
    };
    MonaClient::new(
        url(sb, Provider::Mona),
        Environment::Sandbox,
        creds,
        limiter(),
    )
    .unwrap()
}

fn monei(sb: &SandboxHandle) -> MoneiClient {
    let key = Secret::new(&sb.demo_merchant().monei.api_key);
    MoneiClient::new(
        url(sb, Provider::Monei),
        Environment::Sandbox,
        key,
        limiter(),
    )
    .unwrap()
}

fn moneflow(sb: &SandboxHandle) -> MoneflowClient {
    let m = sb.demo_merchant().moneflow;
    let creds = MoneflowCredentials {
        merchant_id: m.merchant_id,
        client_id: m.client_id,
        secret: Secret::new(&m.secret),
    };
    let base = url(sb, Provider::Moneflow);
    MoneflowClient::new(base, Environment::Sandbox, creds, limiter()).unwrap()
}

fn monnet(sb: &SandboxHandle) -> MonnetClient {
    let m = sb.demo_merchant().monnet;
    let creds = MonnetCredentials {
        merchant_id: m.merchant_id,
        api_key: Secret::new(&m.api_key),
        api_secret: Secret::new(&m.api_secret),
    };
    MonnetClient::new(
        url(sb, Provider::Monnet),
        Environment::Sandbox,
        creds,
        limiter(),
    )
    .unwrap()
}

fn mona_body(reference: &str) -> CreateTransaction {
    CreateTransaction {
        amount: 100_000,
        currency: "NGN".into(),
        reference: reference.into(),
        description: "Catering".into(),
        customer: None,
    }
}

fn monei_body(order_id: &str) -> CreatePayment {
    CreatePayment {
        amount: 1999,
        currency: "EUR".into(),
        order_id: order_id.into(),
        description: "Shoes".into(),
        customer: None,
    }
}

/// A vaulted card (the UI's tokenisation, then the vault), so a resend can pay again.
async fn flow_body(sb: &SandboxHandle, client: &MoneflowClient, order_id: &str) -> FlowCreate {
    let token = client.client_token().await.unwrap();
    let nonce: serde_json::Value = reqwest::Client::new()
        .post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow)))
        .bearer_auth(&token.access_token)
        .json(&serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123"}, "vaultConsent": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let method = client
        .vault_payment_method(nonce["nonce"].as_str().unwrap(), "cust-1")
        .await
        .unwrap();
    FlowCreate {
        source: PaymentSource::Vaulted(method.token),
        amount: 1500,
        currency: "USD".into(),
        order_id: order_id.into(),
        vault: false,
        customer_id: Some("cust-1".into()),
        authorize: false,
    }
}

fn payout(order_id: &str) -> desk_domain::ValidPayout {
    PayoutDraft {
        country: "MEX".into(),
        amount: "10.00".into(),
        currency: "MXN".into(),
        order_id: order_id.into(),
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
    .unwrap()
}

#[tokio::test]
async fn mona_existed_is_false_then_true_and_the_lookup_finds_the_reference() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = mona(&sb);
    assert!(c.find_by_reference("MN-D1").await.unwrap().is_empty());
    let first = c.create_transaction(&mona_body("MN-D1")).await.unwrap();
    let again = c.create_transaction(&mona_body("MN-D1")).await.unwrap();
    assert_eq!((first.existed, again.existed), (false, true));
    assert_eq!(first.value.transaction_id, again.value.transaction_id);
    let found = c.find_by_reference("MN-D1").await.unwrap();
    assert_eq!(found, vec![first.value.clone()]);

    sb.set_no_dedup(Provider::Mona, true);
    let second = c.create_transaction(&mona_body("MN-D1")).await.unwrap();
    assert!(!second.existed, "a provider without dedup makes a new one");
    let ids: Vec<String> = c
        .find_by_reference("MN-D1")
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.transaction_id)
        .collect();
    assert_eq!(
        ids,
        vec![first.value.transaction_id, second.value.transaction_id]
    );
}

#[tokio::test]
async fn monei_existed_is_false_then_true_and_the_lookup_finds_the_order_id() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = monei(&sb);
    assert!(c.find_by_order_id("ME-D1").await.unwrap().is_empty());
    let first = c.create_payment(&monei_body("ME-D1")).await.unwrap();
    let again = c.create_payment(&monei_body("ME-D1")).await.unwrap();
    assert_eq!((first.existed, again.existed), (false, true));
    assert_eq!(first.value.id, again.value.id);
    assert_eq!(
        c.find_by_order_id("ME-D1").await.unwrap(),
        vec![first.value.clone()]
    );
    sb.set_no_dedup(Provider::Monei, true);
    assert!(
        !c.create_payment(&monei_body("ME-D1"))
            .await
            .unwrap()
            .existed
    );
    assert_eq!(c.find_by_order_id("ME-D1").await.unwrap().len(), 2);
}

#[tokio::test]
async fn moneflow_existed_is_false_then_true_and_the_lookup_finds_the_order_id() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = moneflow(&sb);
    let body = flow_body(&sb, &c, "MF-D1").await;
    assert!(c.find_by_order_id("MF-D1").await.unwrap().is_empty());
    let first = c.create_transaction(&body).await.unwrap();
    let again = c.create_transaction(&body).await.unwrap();
    assert_eq!((first.existed, again.existed), (false, true));
    assert_eq!(first.value.id, again.value.id);
    assert_eq!(
        c.find_by_order_id("MF-D1").await.unwrap(),
        vec![first.value.clone()]
    );
    sb.set_no_dedup(Provider::Moneflow, true);
    assert!(!c.create_transaction(&body).await.unwrap().existed);
    assert_eq!(c.find_by_order_id("MF-D1").await.unwrap().len(), 2);
}

#[tokio::test]
async fn monnet_refuses_a_repeated_order_id_as_a_duplicate_reference() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = monnet(&sb);
    let first = c.create_payout(&payout("PV-D1")).await.unwrap();
    assert!(!first.existed);
    match c.create_payout(&payout("PV-D1")).await {
        Err(ProviderError::DuplicateReference) => {}
        other => panic!("expected DuplicateReference, got {other:?}"),
    }
    assert_eq!(sb.monnet_payouts_with_order_id("PV-D1"), 1);
    assert_eq!(sb.create_stats(Provider::Monnet).duplicates, 1);
}

// A create whose reply is lost (committed, then the connection dropped) comes back as an
// unknown outcome after exactly one request: the client never resends a create by itself.
#[tokio::test]
async fn a_create_whose_reply_is_lost_is_unknown_and_sent_once() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let drop_one = Faults {
        drop_after_commit: 1,
        ..Faults::default()
    };
    sb.set_faults(Provider::Mona, drop_one.clone());
    let e = mona(&sb)
        .create_transaction(&mona_body("MN-LOST"))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e}");
    sb.set_faults(Provider::Monei, drop_one.clone());
    let e = monei(&sb)
        .create_payment(&monei_body("ME-LOST"))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e}");
    sb.set_faults(Provider::Monnet, drop_one);
    let e = monnet(&sb)
        .create_payout(&payout("PV-LOST"))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e}");
    for p in [Provider::Mona, Provider::Monei, Provider::Monnet] {
        let s = sb.create_stats(p);
        assert_eq!((s.creates, s.duplicates), (1, 0), "{p}: sent once");
    }
}

#[tokio::test]
async fn monnet_verify_refuses_a_wrong_secret() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let m = sb.demo_merchant().monnet;
    let creds = MonnetCredentials {
        merchant_id: m.merchant_id,
        api_key: Secret::new(&m.api_key),
        api_secret: Secret::new("not-the-secret"),
    };
    let c = MonnetClient::new(
        url(&sb, Provider::Monnet),
        Environment::Sandbox,
        creds,
        limiter(),
    )
    .unwrap();
    match c.verify().await {
        Err(ProviderError::Rejected { status: 401, .. }) => {}
        other => panic!("expected a 401, got {other:?}"),
    }
}
