//! The clients against the embedded sandbox over loopback: every call of each provider goes
//! through, wrong-environment keys are refused before any request, and a TRACE-level log of
//! the whole session holds no key, secret or signature.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::io::Write;
use std::sync::{Arc, Mutex};

use desk_domain::{Environment, PayoutDraft, Provider, Secret};
use desk_providers::ProviderError;
use desk_providers::mona::{CreateTransaction, MonaClient, MonaCredentials};
use desk_providers::moneflow::{
    CreateTransaction as FlowCreate, MoneflowClient, MoneflowCredentials, PaymentSource,
};
use desk_providers::monei::{CreatePayment, MoneiClient};
use desk_providers::monnet::{MonnetClient, MonnetCredentials};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::{Sandbox, SandboxConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn url(u: String) -> url::Url {
    u.parse().unwrap()
}

#[tokio::test]
async fn every_client_works_and_trace_logs_hold_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let m = sb.demo_merchant();
    let limiter = Arc::new(RateLimiter::default());
    let env = Environment::Sandbox;

    let monnet = MonnetClient::new(
        url(sb.url(Provider::Monnet)),
        env,
        MonnetCredentials {
            merchant_id: m.monnet.merchant_id.clone(),
            api_key: Secret::new(&m.monnet.api_key),
            api_secret: Secret::new(&m.monnet.api_secret),
        },
        limiter.clone(),
    )
    .unwrap();
    let draft = PayoutDraft {
        country: "MEX".into(),
        amount: "99.90".into(),
        currency: "MXN".into(),
        order_id: "PV-1".into(),
        description: "Invoice".into(),
        first_name: "Ana".into(),
        last_name: "López".into(),
        email: "a@example.com".into(),
        document_type: "Rfc".into(),
        document_number: "PEGM9007151H0".into(),
        clabe: "646180110400000007".into(),
        bank_code: String::new(),
    };
    monnet.verify().await.unwrap();
    let created = monnet
        .create_payout(&draft.validate().unwrap())
        .await
        .unwrap();
    assert!(!created.existed);
    let created = created.value;
    assert_eq!(created.amount, 9990);
    assert_eq!(
        monnet.get_payout(created.id).await.unwrap().order_id,
        "PV-1"
    );

    let mona = MonaClient::new(
        url(sb.url(Provider::Mona)),
        env,
        MonaCredentials {
            private_key: Secret::new(&m.mona.private_key),
            public_key: m.mona.public_key.clone(),
        },
        limiter.clone(),
    )
    .unwrap();
    mona.verify().await.unwrap();
    let t = mona
        .create_transaction(&CreateTransaction {
            amount: 500_000,
            currency: "NGN".into(),
            reference: "MN-1".into(),
            description: "Catering".into(),
            customer: None,
        })
        .await
        .unwrap()
        .value;
    assert_eq!(
        mona.get_transaction(&t.transaction_id)
            .await
            .unwrap()
            .status,
        "pending"
    );

    let monei = MoneiClient::new(
        url(sb.url(Provider::Monei)),
        env,
        Secret::new(&m.monei.api_key),
        limiter.clone(),
    )
    .unwrap();
    monei.verify().await.unwrap();
    let p = monei
        .create_payment(&CreatePayment {
            amount: 1999,
            currency: "EUR".into(),
            order_id: "ME-1".into(),
            description: "Shoes".into(),
            customer: None,
        })
        .await
        .unwrap()
        .value;
    assert_eq!(monei.get_payment(&p.id).await.unwrap().status, "PENDING");
    let page = monei.payment_page(&p).unwrap().unwrap();
    assert_eq!(
        page.as_str(),
        format!("{}payments/{}", sb.url(Provider::Monei), p.id),
        "the sandbox's page is on its own Monei origin"
    );
    assert!(
        monei
            .list_payments(None, None)
            .await
            .unwrap()
            .data
            .iter()
            .any(|x| x.id == p.id)
    );

    let flow = MoneflowClient::new(
        url(sb.url(Provider::Moneflow)),
        env,
        MoneflowCredentials {
            merchant_id: m.moneflow.merchant_id.clone(),
            client_id: m.moneflow.client_id.clone(),
            secret: Secret::new(&m.moneflow.secret),
        },
        limiter,
    )
    .unwrap();
    let token = flow.client_token().await.unwrap();
    assert!(!token.access_token.is_empty());
    // The card fields' call (the UI's side), then a vaulted card reused for a second payment.
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
    let method = flow
        .vault_payment_method(nonce["nonce"].as_str().unwrap(), "cust-1")
        .await
        .unwrap();
    assert_eq!(method.card.last4, "4242");
    let paid = flow
        .create_transaction(&FlowCreate {
            source: PaymentSource::Vaulted(method.token.clone()),
            amount: 1500,
            currency: "USD".into(),
            order_id: "MF-VAULT-1".into(),
            vault: false,
            customer_id: Some("cust-1".into()),
            authorize: false,
        })
        .await
        .unwrap()
        .value;
    assert_eq!(
        paid.response_code, "10000",
        "a vaulted card pays again without a new nonce"
    );

    let logs = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("request"), "the requests were logged at all");
    let secrets = [
        m.monnet.api_key.as_str(),
        m.monnet.api_secret.as_str(),
        m.mona.private_key.as_str(),
        m.monei.api_key.as_str(),
        m.moneflow.secret.as_str(),
        "646180110400000007",
    ];
    for secret in secrets {
        assert!(
            !logs.contains(secret),
            "a secret reached the TRACE log: {}…",
            &secret[..6]
        );
    }
    assert!(
        !logs.contains("signature="),
        "signed query strings never reach the log"
    );
}

#[tokio::test]
async fn wrong_environment_keys_are_refused_before_any_request() {
    let limiter = Arc::new(RateLimiter::default());
    // Port 9 on loopback: were a request ever sent, it would fail as Unreachable instead.
    let nowhere = url("http://127.0.0.1:9/".into());
    let e = MoneiClient::new(
        nowhere.clone(),
        Environment::Sandbox,
        Secret::new(concat!("sk_live_", "fake_key_1234")),
        limiter.clone(),
    )
    .err()
    .unwrap();
    assert!(matches!(e, ProviderError::WrongEnvironment(_)));
    let creds = MonaCredentials {
        private_key: Secret::new("mona_sk_sandbox_abcdefgh"),
        public_key: concat!("mona_pub_prod_", "abcdefgh").into(),
    };
    let e = MonaClient::new(
        nowhere.clone(),
        Environment::Production,
        creds,
        limiter.clone(),
    )
    .err()
    .unwrap();
    assert!(matches!(e, ProviderError::WrongEnvironment(_)));
    let creds = MoneflowCredentials {
        merchant_id: "m1".into(),
        client_id: "mfp_test_abcdefgh".into(),
        secret: Secret::new("s"),
    };
    let e = MoneflowClient::new(nowhere, Environment::Production, creds, limiter.clone())
        .err()
        .unwrap();
    assert!(matches!(e, ProviderError::WrongEnvironment(_)));
    let e = MoneiClient::new(
        url("http://example.com/".into()),
        Environment::Sandbox,
        Secret::new("sk_test_abcdefghijkl"),
        limiter,
    )
    .err()
    .unwrap();
    assert!(
        matches!(e, ProviderError::InsecureUrl(_)),
        "plain http leaves this computer only over TLS"
    );
}
