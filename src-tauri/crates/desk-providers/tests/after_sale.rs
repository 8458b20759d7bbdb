//! The clients after the sale, against the embedded sandbox: a MonEFlow Pay authorisation
//! captured for less, a second authorisation voided, a refund made as a credit and found by
//! its orderId, a repeated refund answered 200 (`existed`), an over-refund refused with the
//! contract's 422; a Monei refund listed under its reference in the payment read back.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret};
use desk_providers::ProviderError;
use desk_providers::moneflow::{
    CreateTransaction, MoneflowClient, MoneflowCredentials, PaymentSource,
};
use desk_providers::monei::{CreatePayment, MoneiClient, RefundPayment};
use desk_providers::ratelimit::RateLimiter;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};

fn flow_client(sb: &SandboxHandle) -> MoneflowClient {
    let m = sb.demo_merchant().moneflow;
    MoneflowClient::new(
        sb.url(Provider::Moneflow).parse().unwrap(),
        Environment::Sandbox,
        MoneflowCredentials {
            merchant_id: m.merchant_id,
            client_id: m.client_id,
            secret: Secret::new(m.secret),
        },
        Arc::new(RateLimiter::default()),
    )
    .unwrap()
}

async fn nonce(sb: &SandboxHandle, client: &MoneflowClient) -> String {
    let token = client.client_token().await.unwrap().access_token;
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow)))
        .bearer_auth(token)
        .json(&serde_json::json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123"}}))
        .send().await.unwrap().json().await.unwrap();
    v["nonce"].as_str().unwrap().into()
}

async fn authorise(sb: &SandboxHandle, c: &MoneflowClient, order: &str) -> String {
    let t = c
        .create_transaction(&CreateTransaction {
            source: PaymentSource::Nonce(nonce(sb, c).await),
            amount: 5_000,
            currency: "USD".into(),
            order_id: order.into(),
            vault: false,
            customer_id: None,
            authorize: true,
        })
        .await
        .unwrap()
        .value;
    assert_eq!(
        (t.status.as_str(), t.intent.as_str()),
        ("authorized", "authorize")
    );
    assert!(t.authorization_expires_at.is_some());
    t.id
}

#[tokio::test]
async fn moneflow_capture_void_and_refund_through_the_client() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = flow_client(&sb);
    let id = authorise(&sb, &c, "MF-C1").await;
    let captured = c.capture(&id, 4_000).await.unwrap();
    assert_eq!(
        (captured.status.as_str(), captured.captured_amount),
        ("settled", Some(4_000))
    );
    let refund = c.refund(&id, 1_500, "RF-C1").await.unwrap();
    assert!(!refund.existed);
    assert_eq!(
        (refund.value.kind.as_str(), refund.value.amount),
        ("credit", 1_500)
    );
    assert!(
        c.refund(&id, 1_500, "RF-C1").await.unwrap().existed,
        "a repeat is answered 200"
    );
    let found = c.find_by_order_id("RF-C1").await.unwrap();
    assert_eq!(found.len(), 1);
    match c.refund(&id, 2_501, "RF-C2").await {
        Err(ProviderError::Rejected {
            status: 422, code, ..
        }) => assert_eq!(code, "amount_too_large"),
        other => panic!("an over-refund is refused: {other:?}"),
    }
    let sale = c.get_transaction(&id).await.unwrap();
    assert_eq!(
        (sale.status.as_str(), sale.refunded_amount),
        ("partially_refunded", 1_500)
    );

    let other = authorise(&sb, &c, "MF-C2").await;
    assert_eq!(c.void(&other).await.unwrap().status, "voided");
    match c.capture(&other, 100).await {
        Err(ProviderError::Rejected { status: 409, .. }) => {}
        other => panic!("a voided authorisation is not captured: {other:?}"),
    }
}

#[tokio::test]
async fn a_monei_refund_is_listed_under_its_reference() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let c = MoneiClient::new(
        sb.url(Provider::Monei).parse().unwrap(),
        Environment::Sandbox,
        Secret::new(sb.demo_merchant().monei.api_key),
        Arc::new(RateLimiter::default()),
    )
    .unwrap();
    let p = c
        .create_payment(&CreatePayment {
            amount: 4_000,
            currency: "EUR".into(),
            order_id: "ME-C1".into(),
            description: "Shoes".into(),
            customer: None,
        })
        .await
        .unwrap()
        .value;
    // The customer pays on the payment page the payment points at (its public calls).
    let page = c
        .payment_page(&p)
        .unwrap()
        .expect("a pending payment has its page");
    let card = serde_json::json!({"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"});
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(page.join("/sdk/v1/tokens").unwrap())
        .json(&serde_json::json!({"paymentId": p.id, "card": card}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    http.post(
        page.join(&format!("/sdk/v1/payments/{}/confirm", p.id))
            .unwrap(),
    )
    .json(&serde_json::json!({"paymentToken": token["paymentToken"]}))
    .send()
    .await
    .unwrap()
    .error_for_status()
    .unwrap();
    let paid = c.get_payment(&p.id).await.unwrap();
    assert_eq!(paid.status, "SUCCEEDED");
    assert_eq!(c.payment_page(&paid).unwrap(), None, "nothing left to pay");
    let body = RefundPayment {
        amount: 1_000,
        refund_reason: "requested_by_customer".into(),
        reference: "RF-ME1".into(),
    };
    let first = c.refund(&p.id, &body).await.unwrap();
    assert!(!first.existed);
    assert_eq!(first.value.status, "PARTIALLY_REFUNDED");
    assert!(c.refund(&p.id, &body).await.unwrap().existed);
    let read = c.get_payment(&p.id).await.unwrap();
    assert_eq!(read.refunds.len(), 1);
    assert_eq!(
        (read.refunds[0].reference.as_str(), read.refunded_amount),
        ("RF-ME1", 1_000)
    );
}
