//! The sandbox after the sale, against raw requests written from docs/provider-api.md alone:
//! refunds refused above what remains (422 `amount_too_large`) and in the wrong state (409
//! `conflict`), found again by their reference; capture ≤ authorised, void only when
//! authorised, and an authorisation that expires on the sandbox clock.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A MonEFlow Pay call with the demo merchant's Basic credentials.
async fn flow(sb: &SandboxHandle, method: &str, rest: &str, body: Value) -> (StatusCode, Value) {
    let m = sb.demo_merchant().moneflow;
    let basic = B64.encode(format!("{}:{}", m.client_id, m.secret));
    let url = format!(
        "{}v1/merchants/{}{rest}",
        sb.url(Provider::Moneflow),
        m.merchant_id
    );
    let req = if method == "POST" {
        http().post(url).json(&body)
    } else {
        http().get(url)
    };
    let r = req
        .header("authorization", format!("Basic {basic}"))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// A sale (or authorisation) of `amount` paid with a fresh nonce for the test card.
async fn sale(sb: &SandboxHandle, order: &str, amount: i64, intent: &str) -> Value {
    let (_, token) = flow(sb, "POST", "/client_token", json!({})).await;
    let nonce: Value = http()
        .post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow)))
        .bearer_auth(token["accessToken"].as_str().unwrap())
        .json(&json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123"}}))
        .send().await.unwrap().json().await.unwrap();
    let (status, t) = flow(
        sb,
        "POST",
        "/transactions",
        json!({"paymentNonce": nonce["nonce"], "amount": amount, "currency": "USD", "orderId": order, "intent": intent}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    t
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn moneflow_refunds_are_credits_never_above_what_remains() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let t = sale(&sb, "MF-S1", 2_500, "sale").await;
    let id = t["id"].as_str().unwrap();
    let refund = |amount: i64, order: &str| {
        let rest = format!("/transactions/{id}/refund");
        let body = json!({"amount": amount, "orderId": order});
        let sb = &sb;
        async move { flow(sb, "POST", &rest, body).await }
    };
    let (status, credit) = refund(1_000, "RF-1").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (
            credit["type"].as_str(),
            credit["refundedTransactionId"].as_str()
        ),
        (Some("credit"), Some(id))
    );
    let (status, again) = refund(1_000, "RF-1").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a repeated orderId answers with the credit"
    );
    assert_eq!(again["id"], credit["id"]);
    let (status, err) = refund(1_501, "RF-2").await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_too_large")
    );
    let (_, found) = flow(&sb, "GET", "/transactions?orderId=RF-1", Value::Null).await;
    assert_eq!(
        found["data"].as_array().unwrap().len(),
        1,
        "a refund is found by its orderId"
    );
    let (_, read) = flow(&sb, "GET", &format!("/transactions/{id}"), Value::Null).await;
    assert_eq!(
        (read["status"].as_str(), read["refundedAmount"].as_i64()),
        (Some("partially_refunded"), Some(1_000))
    );
    let (status, _) = refund(1_500, "RF-3").await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, read) = flow(&sb, "GET", &format!("/transactions/{id}"), Value::Null).await;
    assert_eq!(read["status"], "refunded");
    assert_eq!(sb.resources_with_reference(Provider::Moneflow, "RF-3"), 1);
}

#[tokio::test]
async fn moneflow_captures_at_most_the_authorisation_voids_only_it_and_expires_it() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let t = sale(&sb, "MF-A1", 5_000, "authorize").await;
    assert_eq!(t["status"], "authorized");
    assert!(t["authorizationExpiresAt"].is_string());
    let id = t["id"].as_str().unwrap().to_string();
    let (status, err) = flow(
        &sb,
        "POST",
        &format!("/transactions/{id}/refund"),
        json!({"amount": 100, "orderId": "RF-A"}),
    )
    .await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::CONFLICT, "conflict"),
        "nothing taken, nothing to refund"
    );
    let (status, err) = flow(
        &sb,
        "POST",
        &format!("/transactions/{id}/capture"),
        json!({"amount": 5_001}),
    )
    .await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_too_large")
    );
    let (status, captured) = flow(
        &sb,
        "POST",
        &format!("/transactions/{id}/capture"),
        json!({"amount": 4_000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            captured["status"].as_str(),
            captured["capturedAmount"].as_i64()
        ),
        (Some("settled"), Some(4_000))
    );
    let (status, err) = flow(&sb, "POST", &format!("/transactions/{id}/void"), json!({})).await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::CONFLICT, "conflict"),
        "a captured sale is not voided"
    );
    let (status, err) = flow(
        &sb,
        "POST",
        &format!("/transactions/{id}/refund"),
        json!({"amount": 4_001, "orderId": "RF-B"}),
    )
    .await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_too_large"),
        "refund ≤ captured"
    );

    let v = sale(&sb, "MF-A2", 3_000, "authorize").await;
    let vid = v["id"].as_str().unwrap();
    let (status, voided) = flow(&sb, "POST", &format!("/transactions/{vid}/void"), json!({})).await;
    assert_eq!(
        (status, voided["status"].as_str()),
        (StatusCode::OK, Some("voided"))
    );

    let late = sale(&sb, "MF-A3", 2_000, "authorize").await;
    let lid = late["id"].as_str().unwrap();
    sb.clock().advance(7 * 86_400_000);
    let (_, read) = flow(&sb, "GET", &format!("/transactions/{lid}"), Value::Null).await;
    assert_eq!(read["status"], "authorization_expired");
    let (status, _) = flow(
        &sb,
        "POST",
        &format!("/transactions/{lid}/capture"),
        json!({}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an expired authorisation is not captured"
    );
}

#[tokio::test]
async fn monei_refunds_carry_a_reference_and_the_payment_lists_them() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let key = sb.demo_merchant().monei.api_key;
    let base = sb.url(Provider::Monei);
    let call = |method: &str, path: String, body: Value| {
        let req = if method == "POST" {
            http().post(format!("{base}{path}")).json(&body)
        } else {
            http().get(format!("{base}{path}"))
        };
        let key = key.clone();
        async move {
            let r = req.header("x-api-key", key).send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }
    };
    let (_, p) = call(
        "POST",
        "v1/payments".into(),
        json!({"amount": 4_000, "currency": "EUR", "orderId": "ME-R1", "description": "Shoes"}),
    )
    .await;
    let id = p["id"].as_str().unwrap().to_string();
    let refund = |amount: i64, reference: &str| {
        call(
            "POST",
            format!("v1/payments/{id}/refund"),
            json!({"amount": amount, "refundReason": "requested_by_customer", "reference": reference}),
        )
    };
    let (status, err) = refund(1_000, "RF-M0").await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::CONFLICT, "conflict"),
        "a PENDING payment is not refunded"
    );
    // The customer pays on the payment page: the card becomes a token, the token confirms.
    let page = |path: String, body: Value| {
        let url = format!("{base}{path}");
        async move {
            http()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let token = page(
        "sdk/v1/tokens".into(),
        json!({"paymentId": id, "card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"}}),
    )
    .await;
    let paid = page(
        format!("sdk/v1/payments/{id}/confirm"),
        json!({"paymentToken": token["paymentToken"]}),
    )
    .await;
    assert_eq!(paid["status"], "SUCCEEDED", "{paid}");
    let (status, after) = refund(1_000, "RF-M1").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (after["status"].as_str(), after["refundedAmount"].as_i64()),
        (Some("PARTIALLY_REFUNDED"), Some(1_000))
    );
    let (status, _) = refund(1_000, "RF-M1").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a reference the payment lists answers 200, unchanged"
    );
    let (status, err) = refund(3_001, "RF-M2").await;
    assert_eq!(
        (status, code(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "amount_too_large")
    );
    let (_, read) = call("GET", format!("v1/payments/{id}"), Value::Null).await;
    let refs: Vec<&str> = read["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["RF-M1"]);
    assert_eq!(sb.resources_with_reference(Provider::Monei, "RF-M1"), 1);
}
