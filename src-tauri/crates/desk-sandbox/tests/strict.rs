//! The sandbox is as strict as its contract (docs/provider-api.md, "What every request must
//! be"): every refusal, whether of a body that is too large, not JSON or not UTF-8, of an
//! unknown currency, of control or bidi characters in text, of a wrong path or method, or of a
//! private key on Mona's SDK page, comes in the provider's documented error shape and status.
//! Each case is probed over real HTTP against a spawned sandbox, for every provider.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const ALL: [Provider; 4] = [
    Provider::Mona,
    Provider::Monei,
    Provider::Moneflow,
    Provider::Monnet,
];

/// Control characters (C0 with NUL and ESC, DEL, C1) and bidi overrides and isolates.
const UNSAFE: [char; 8] = [
    '\u{0}', '\u{1b}', '\n', '\u{7f}', '\u{9b}', '\u{202e}', '\u{202a}', '\u{2067}',
];

async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A create request of `provider` carrying `body` as is, correctly authenticated (Monnet's
/// signature covers these very bytes).
async fn create(sb: &SandboxHandle, provider: Provider, body: Vec<u8>) -> (StatusCode, Value) {
    let m = sb.demo_merchant();
    let base = sb.url(provider);
    let req = match provider {
        Provider::Mona => http()
            .post(format!("{base}pay/create"))
            .header("x-api-key", &m.mona.private_key),
        Provider::Monei => http()
            .post(format!("{base}v1/payments"))
            .header("x-api-key", &m.monei.api_key),
        Provider::Moneflow => http()
            .post(format!(
                "{base}v1/merchants/{}/transactions",
                m.moneflow.merchant_id
            ))
            .header(
                "authorization",
                format!(
                    "Basic {}",
                    B64.encode(format!("{}:{}", m.moneflow.client_id, m.moneflow.secret))
                ),
            ),
        Provider::Monnet => {
            let path = format!("/api/v1/{}/payouts", m.monnet.merchant_id);
            let ts = sb.clock().now_ms();
            let content = format!(
                "POST:{path}?timestamp={ts}:{}",
                hex::encode(Sha256::digest(&body))
            );
            let mut mac = Hmac::<Sha256>::new_from_slice(m.monnet.api_secret.as_bytes()).unwrap();
            mac.update(content.as_bytes());
            let sig = hex::encode(mac.finalize().into_bytes());
            http()
                .post(format!(
                    "{}{path}?timestamp={ts}&signature={sig}",
                    base.trim_end_matches('/')
                ))
                .header("monnet-api-key", &m.monnet.api_key)
        }
    };
    let r = req
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!("{provider:?} answered {status} outside the contract: {text:?}")
    });
    (status, value)
}

/// A valid create body of `provider`, with `name` as the customer's (beneficiary's) name and
/// `currency` as the currency.
fn body(provider: Provider, reference: &str, name: &str, currency: &str) -> Value {
    match provider {
        Provider::Mona => json!({"amount": 5000, "currency": currency, "reference": reference,
            "description": "Order", "customer": {"name": name, "email": "ada@example.com"}}),
        Provider::Monei => json!({"amount": 5000, "currency": currency, "orderId": reference,
            "description": "Order", "customer": {"name": name, "email": "ada@example.com"}}),
        // No nonce can be valid here: a body that passes every check ends at `nonce_invalid`.
        Provider::Moneflow => json!({"paymentNonce": "nonce_none", "amount": 5000,
            "currency": currency, "orderId": reference, "holderName": name}),
        Provider::Monnet => json!({"country": "MEX", "amount": 125050, "currency": currency,
            "orderId": reference, "description": "Invoice 77",
            "beneficiary": {"name": name, "lastName": "Lovelace", "email": "ada@example.com",
                "document": {"type": 3, "number": "PEGM9007151H0"}},
            "destination": {"bankAccount": {"bankCode": "646", "accountType": 1,
                "clabe": "646180110400000007"}}}),
    }
}

/// Asserts `answer` is `provider`'s documented error shape with `status` and `code` (the
/// `{error: {code, message}}` code, or Monnet's number).
fn assert_refusal(
    provider: Provider,
    answer: &(StatusCode, Value),
    status: StatusCode,
    code: &str,
    monnet_code: u64,
) {
    let (got, v) = answer;
    assert_eq!(*got, status, "{provider:?}: {v}");
    if provider == Provider::Monnet {
        assert_eq!(v["errorCode"], monnet_code, "{provider:?}: {v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    } else {
        assert_eq!(v["error"]["code"], code, "{provider:?}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{v}"
        );
    }
}

/// What a create with a clean body gets: the resource, or (MonEFlow, no real nonce) the
/// refusal that comes after every check of the body.
fn assert_passes_the_checks(provider: Provider, answer: &(StatusCode, Value)) {
    match provider {
        Provider::Moneflow => assert_refusal(
            provider,
            answer,
            StatusCode::UNPROCESSABLE_ENTITY,
            "nonce_invalid",
            0,
        ),
        _ => assert_eq!(answer.0, StatusCode::CREATED, "{provider:?}: {}", answer.1),
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_or_not_utf8_is_refused_in_the_documented_shape() {
    let sb = sandbox().await;
    for provider in ALL {
        for bad in [
            b"{\"amount\": 5000,".to_vec(),
            b"not json".to_vec(),
            // Valid JSON but for one byte that is no UTF-8.
            b"{\"amount\": 5000, \"currency\": \"NGN\", \"reference\": \"r\xff\"}".to_vec(),
        ] {
            let answer = create(&sb, provider, bad).await;
            assert_refusal(
                provider,
                &answer,
                StatusCode::BAD_REQUEST,
                "invalid_request",
                1029,
            );
        }
    }
}

#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_413_in_the_documented_shape() {
    let sb = sandbox().await;
    for provider in ALL {
        for size in [5 * 1024 * 1024, 64 * 1024 + 1] {
            let mut big = body(provider, "BIG1", "Ada", "NGN");
            big["description"] = "x".repeat(size).into();
            let answer = create(&sb, provider, serde_json::to_vec(&big).unwrap()).await;
            assert_refusal(
                provider,
                &answer,
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                1030,
            );
        }
        assert_eq!(sb.resources_with_reference(provider, "BIG1"), 0);
    }
}

#[tokio::test]
async fn an_unknown_currency_is_refused_and_an_iso_4217_one_is_taken() {
    let sb = sandbox().await;
    for provider in ALL {
        for (i, bad) in ["XYZ", "ngn", "XXX", "XTS"].into_iter().enumerate() {
            let reference = format!("CUR{i}");
            let answer = create(
                &sb,
                provider,
                serde_json::to_vec(&body(provider, &reference, "Ada", bad)).unwrap(),
            )
            .await;
            assert_refusal(
                provider,
                &answer,
                StatusCode::BAD_REQUEST,
                "invalid_request",
                1012,
            );
            assert_eq!(sb.resources_with_reference(provider, &reference), 0);
        }
        let currency = if provider == Provider::Monnet {
            "MXN"
        } else {
            "NGN"
        };
        let answer = create(
            &sb,
            provider,
            serde_json::to_vec(&body(provider, "CUROK", "Ada", currency)).unwrap(),
        )
        .await;
        assert_passes_the_checks(provider, &answer);
    }
}

#[tokio::test]
async fn control_and_bidi_characters_in_names_and_text_are_refused_and_never_stored() {
    let sb = sandbox().await;
    for provider in ALL {
        let currency = if provider == Provider::Monnet {
            "MXN"
        } else {
            "EUR"
        };
        for (i, c) in UNSAFE.into_iter().enumerate() {
            let reference = format!("TXT{i}");
            let name = format!("Ada{c}Lovelace");
            let answer = create(
                &sb,
                provider,
                serde_json::to_vec(&body(provider, &reference, &name, currency)).unwrap(),
            )
            .await;
            assert_refusal(
                provider,
                &answer,
                StatusCode::BAD_REQUEST,
                "invalid_request",
                1016,
            );
            assert_eq!(sb.resources_with_reference(provider, &reference), 0);
            // Free text too: the description (Monnet's own code for it: 1014).
            let mut described = body(provider, &reference, "Ada", currency);
            described["description"] = format!("Order {c}77").into();
            let answer = create(&sb, provider, serde_json::to_vec(&described).unwrap()).await;
            assert_refusal(
                provider,
                &answer,
                StatusCode::BAD_REQUEST,
                "invalid_request",
                1014,
            );
            assert_eq!(sb.resources_with_reference(provider, &reference), 0);
        }
        // Letters of any script, and the marks that are no override, are names.
        let answer = create(
            &sb,
            provider,
            serde_json::to_vec(&body(provider, "TXTOK", "María Ñúñez 東京 محمد", currency))
                .unwrap(),
        )
        .await;
        assert_passes_the_checks(provider, &answer);
    }
}

#[tokio::test]
async fn an_unknown_path_or_method_is_refused_in_the_documented_shape() {
    let sb = sandbox().await;
    let m = sb.demo_merchant();
    for provider in ALL {
        let base = sb.url(provider);
        let r = http()
            .get(format!("{base}no/such/path"))
            .send()
            .await
            .unwrap();
        let answer = (r.status(), r.json::<Value>().await.unwrap());
        assert_refusal(provider, &answer, StatusCode::NOT_FOUND, "not_found", 1041);
        let path = match provider {
            Provider::Mona => "pay/create".to_string(),
            Provider::Monei => "v1/account".to_string(),
            Provider::Moneflow => format!("v1/merchants/{}/client_token", m.moneflow.merchant_id),
            Provider::Monnet => format!("api/v1/{}/payouts/1", m.monnet.merchant_id),
        };
        let r = http().delete(format!("{base}{path}")).send().await.unwrap();
        let answer = (r.status(), r.json::<Value>().await.unwrap());
        assert_refusal(
            provider,
            &answer,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            1042,
        );
    }
}

#[tokio::test]
async fn the_control_endpoints_refuse_in_the_error_shape_too() {
    let sb = sandbox().await;
    for provider in ALL {
        let url = format!("{}__sandbox/merchants", sb.url(provider));
        for bad in [
            b"{\"name\":".to_vec(),
            serde_json::to_vec(&json!({"name": "Shop\u{202e}gpj.exe"})).unwrap(),
        ] {
            let r = http()
                .post(&url)
                .header("content-type", "application/json")
                .body(bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST);
            assert_eq!(
                r.json::<Value>().await.unwrap()["error"]["code"],
                "invalid_request"
            );
        }
    }
}

#[tokio::test]
async fn monas_sdk_page_refuses_a_private_key_with_401_and_serves_a_public_one() {
    let sb = sandbox().await;
    let m = sb.demo_merchant().mona;
    let page = |key: Option<&str>| {
        let mut url = format!("{}sdk/checkout?transactionId=txn_1", sb.url(Provider::Mona));
        if let Some(key) = key {
            url.push_str(&format!("&key={key}"));
        }
        async move { http().get(url).send().await.unwrap() }
    };
    for (key, code) in [
        (Some(m.private_key.as_str()), "invalid_api_key"),
        (Some(concat!("mona_sk_prod_", "abc")), "invalid_api_key"),
        (Some(concat!("mona_pub_prod_", "abc")), "wrong_environment"),
        (Some("mona_pub_sandbox_unknown"), "invalid_api_key"),
        (None, "missing_api_key"),
    ] {
        let r = page(key).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{key:?}");
        let text = r.text().await.unwrap();
        assert!(
            !text.contains(&m.private_key),
            "the private key is never echoed"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], code, "{key:?}");
    }
    let r = page(Some(&m.public_key)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("<html"));
}

#[tokio::test]
async fn every_answer_carries_a_date_header_from_the_sandbox_clock() {
    let sb = sandbox().await;
    sb.clock().advance(10 * 60 * 1000);
    for provider in ALL {
        // A success, a refusal and a control answer alike.
        for path in ["__sandbox/health", "no/such/path"] {
            let r = http()
                .get(format!("{}{path}", sb.url(provider)))
                .send()
                .await
                .unwrap();
            let date = r.headers()["date"].to_str().unwrap().to_string();
            let date = httpdate::parse_http_date(&date).unwrap();
            let ahead = date
                .duration_since(std::time::SystemTime::now())
                .unwrap()
                .as_secs();
            assert!(
                (595..=600).contains(&ahead),
                "{provider:?} {path}: the Date is {ahead} s ahead, not the sandbox's 600"
            );
        }
    }
}
