//! Monei's customer step, against raw requests written from docs/provider-api.md alone: a
//! payment stays `PENDING` until its customer pays on the payment page (`nextAction`), the
//! test cards decide the outcome, the page and its calls refuse an API key, a payment token
//! pays once, and a payment never completed expires after seven days.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::Provider;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A server-side call with the demo merchant's API key.
async fn api(sb: &SandboxHandle, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let url = format!("{}{path}", sb.url(Provider::Monei));
    let req = match body {
        Some(b) => http().post(url).json(&b),
        None => http().get(url),
    };
    let r = req
        .header("x-api-key", sb.demo_merchant().monei.api_key)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// A payment of `amount` EUR cents under `order`.
async fn payment(sb: &SandboxHandle, order: &str, amount: i64) -> Value {
    let (status, p) = api(
        sb,
        "v1/payments",
        Some(
            json!({"amount": amount, "currency": "EUR", "orderId": order, "description": "Shoes"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p
}

/// A public call of the payment page (no key).
async fn page_call(sb: &SandboxHandle, path: &str, body: Value) -> (StatusCode, Value) {
    let r = http()
        .post(format!("{}{path}", sb.url(Provider::Monei)))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// The card step as the page does it: the card → a payment token → the confirmation.
async fn pay(sb: &SandboxHandle, id: &str, number: &str) -> (StatusCode, Value) {
    let card = json!({"number": number, "expMonth": 12, "expYear": 2030, "cvc": "123"});
    let (status, token) =
        page_call(sb, "sdk/v1/tokens", json!({"paymentId": id, "card": card})).await;
    if status != StatusCode::CREATED {
        return (status, token);
    }
    page_call(
        sb,
        &format!("sdk/v1/payments/{id}/confirm"),
        json!({"paymentToken": token["paymentToken"]}),
    )
    .await
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_payment_stays_pending_until_its_customer_pays_on_the_page() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let p = payment(&sb, "ME-C1", 4_000).await;
    let id = p["id"].as_str().unwrap();
    assert_eq!(p["status"], "PENDING");
    let redirect = p["nextAction"]["redirectUrl"].as_str().unwrap();
    assert_eq!(p["nextAction"]["type"], "CONFIRM");
    assert_eq!(
        redirect,
        format!("{}payments/{id}", sb.url(Provider::Monei)),
        "the page is on Monei's own origin"
    );
    sb.clock().advance(3_600_000);
    let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
    assert_eq!(
        (read["status"].as_str(), read["paymentMethod"].is_null()),
        (Some("PENDING"), true),
        "an hour later, nobody having paid, it is still pending: {read}"
    );
    let (status, err) = api(
        &sb,
        &format!("v1/payments/{id}/refund"),
        Some(json!({"amount": 100, "refundReason": "requested_by_customer", "reference": "RF-C1"})),
    )
    .await;
    assert_eq!((status, code(&err)), (StatusCode::CONFLICT, "conflict"));

    let page = http().get(redirect).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("monei-number"));
    let (status, done) = pay(&sb, id, "4242 4242 4242 4242").await;
    assert_eq!(
        (status, done["status"].as_str()),
        (StatusCode::OK, Some("SUCCEEDED"))
    );
    let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
    assert_eq!(read["status"], "SUCCEEDED");
    assert!(read["nextAction"].is_null(), "nothing left to do: {read}");
    assert_eq!(read["paymentMethod"]["card"]["last4"], "4242");
}

#[tokio::test]
async fn the_test_cards_decide_declined_and_insufficient_funds_with_their_reasons() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    for (order, number, reason) in [
        ("ME-D1", "4000000000000002", "card_declined"),
        ("ME-D2", "4000000000009995", "insufficient_funds"),
    ] {
        let p = payment(&sb, order, 2_500).await;
        let id = p["id"].as_str().unwrap();
        let (status, out) = pay(&sb, id, number).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
        assert_eq!(
            (read["status"].as_str(), read["statusReason"].as_str()),
            (Some("FAILED"), Some(reason)),
            "{number}"
        );
        let (status, err) = pay(&sb, id, "4242424242424242").await;
        assert_eq!(
            (status, code(&err)),
            (StatusCode::CONFLICT, "conflict"),
            "a failed payment is not paid again"
        );
    }
    // A card that is no test card leaves the payment pending.
    let p = payment(&sb, "ME-D3", 2_500).await;
    let id = p["id"].as_str().unwrap();
    let (status, err) = pay(&sb, id, "5555555555554444").await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "card_declined")
    );
    let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
    assert_eq!(read["status"], "PENDING");
}

#[tokio::test]
async fn the_page_and_its_calls_refuse_an_api_key() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let p = payment(&sb, "ME-K1", 1_000).await;
    let id = p["id"].as_str().unwrap();
    let key = sb.demo_merchant().monei.api_key;
    let base = sb.url(Provider::Monei);
    for query in [format!("key={key}"), format!("apiKey={key}&parentOrigin=x")] {
        let r = http()
            .get(format!("{base}payments/{id}?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body = r.text().await.unwrap();
        assert!(body.contains("invalid_api_key"), "{body}");
        assert!(!body.contains(&key), "the key is never echoed");
    }
    let r = http()
        .post(format!("{base}sdk/v1/tokens"))
        .header("x-api-key", &key)
        .json(&json!({"paymentId": id, "card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http()
        .get(format!("{base}payments/pay_nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
    assert_eq!(read["status"], "PENDING");
}

#[tokio::test]
async fn a_payment_token_pays_its_own_payment_once() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let a = payment(&sb, "ME-T1", 1_000).await;
    let b = payment(&sb, "ME-T2", 1_000).await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let card = json!({"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"});
    let (_, token) = page_call(&sb, "sdk/v1/tokens", json!({"paymentId": a, "card": card})).await;
    let confirm = |id: &str| {
        let path = format!("sdk/v1/payments/{id}/confirm");
        let body = json!({"paymentToken": token["paymentToken"]});
        let sb = &sb;
        async move { page_call(sb, &path, body).await }
    };
    let (status, err) = confirm(b).await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "payment_token_invalid"),
        "not another payment's token"
    );
    assert_eq!(confirm(a).await.0, StatusCode::OK);
    let (_, token) = page_call(&sb, "sdk/v1/tokens", json!({"paymentId": b, "card": card})).await;
    sb.clock().advance(16 * 60_000);
    let (status, err) = page_call(
        &sb,
        &format!("sdk/v1/payments/{b}/confirm"),
        json!({"paymentToken": token["paymentToken"]}),
    )
    .await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "payment_token_invalid"),
        "a token lives 15 minutes"
    );
}

#[tokio::test]
async fn a_payment_never_completed_expires_after_seven_days() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let p = payment(&sb, "ME-E1", 1_000).await;
    let id = p["id"].as_str().unwrap();
    sb.clock().advance(7 * 86_400_000);
    let (_, read) = api(&sb, &format!("v1/payments/{id}"), None).await;
    assert_eq!(read["status"], "EXPIRED");
    assert!(read["nextAction"].is_null());
    let (status, err) = pay(&sb, id, "4242424242424242").await;
    assert_eq!((status, code(&err)), (StatusCode::CONFLICT, "conflict"));
}
