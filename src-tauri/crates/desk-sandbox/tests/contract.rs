//! The sandbox against a client written here from the provider documents alone (its own
//! signing, tokens and requests): correct calls succeed, and each documented kind of mistake
//! is refused the way the real provider would.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use desk_domain::Provider;
use desk_sandbox::faults::Faults;
use desk_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const DOC_BODY: &str = r#"{"country": "MEX","amount": 10,"currency": "MXN","orderId": "CDO_90305","beneficiary": {"name": "testName","lastName": "testLastName","document": {"type": 3,"number": "PEGM9007151H0"},"customerId": "test","userName": "646180110400000007"},"destination": {"bankAccount": {"bankCode": "002","accountType": 1,"clabe": "002123451234534510"}}}"#;
const DOC_KEY: &str = "SoSSp+5M4GrYfngfSE78lC2BzvUYQ0k8+i/iHg+bp54=";

async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

fn http() -> reqwest::Client {
    // The workspace builds reqwest without a default TLS provider; plain http to loopback
    // still needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Monnet's signature, written from the document: HMAC-SHA256(secret, METHOD:path?timestamp=T:sha256(body)).
fn monnet_sig(secret: &str, method: &str, path: &str, ts: i64, body: &str) -> String {
    let content = format!(
        "{method}:{path}?timestamp={ts}:{}",
        hex::encode(Sha256::digest(body.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(content.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

async fn monnet(
    sb: &SandboxHandle,
    method: &str,
    path: &str,
    ts: i64,
    body: &str,
    extra: &str,
) -> (StatusCode, Value) {
    let m = &sb.demo_merchant().monnet;
    let sig = monnet_sig(&m.api_secret, method, path, ts, body);
    let url = format!(
        "{}{}?timestamp={ts}&signature={sig}{extra}",
        sb.url(Provider::Monnet).trim_end_matches('/'),
        path
    );
    let req = if method == "POST" {
        http().post(url).body(body.to_string())
    } else {
        http().get(url)
    };
    let r = req
        .header("monnet-api-key", &m.api_key)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or_default())
}

fn payout_body(order_id: &str, clabe: &str, last_name: &str) -> String {
    json!({"country":"MEX","amount":125050,"currency":"MXN","orderId":order_id,"description":"Invoice 77",
        "beneficiary":{"name":"María","lastName":last_name,"email":"maria@example.com","document":{"type":3,"number":"PEGM9007151H0"}},
        "destination":{"bankAccount":{"bankCode":"646","accountType":1,"clabe":clabe}}})
    .to_string()
}

// The document's own example request, byte for byte with its signature, is accepted when the
// sandbox clock stands at the signed timestamp; sending it again is a replay.
#[tokio::test]
async fn the_documents_example_request_is_accepted_once_and_its_replay_refused() {
    let sb = sandbox().await;
    sb.clock().set(1_687_543_238_010);
    let url = format!(
        "{}api/v1/22/payouts?timestamp=1687543238010&signature=d6895bccdff72b95cb1d134037edadfa87cff1f0a543209efa356c889db97cb9",
        sb.url(Provider::Monnet)
    );
    let send = || {
        http()
            .post(&url)
            .header("monnet-api-key", DOC_KEY)
            .body(DOC_BODY)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let replay = send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(replay.json::<Value>().await.unwrap()["errorCode"], 1003);
}

#[tokio::test]
async fn a_wrong_signature_or_key_is_refused_with_1001() {
    let sb = sandbox().await;
    let now = sb.clock().now_ms();
    let body = payout_body("PO-1", "646180110400000007", "Pérez");
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let sig = monnet_sig("not-the-secret", "POST", &path, now, &body);
    let url = format!(
        "{}{}?timestamp={now}&signature={sig}",
        sb.url(Provider::Monnet).trim_end_matches('/'),
        path
    );
    let r = http()
        .post(&url)
        .header("monnet-api-key", &sb.demo_merchant().monnet.api_key)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["errorCode"], 1001);
    let good_sig = monnet_sig(
        &sb.demo_merchant().monnet.api_secret,
        "POST",
        &path,
        now,
        &body,
    );
    let url = format!(
        "{}{}?timestamp={now}&signature={good_sig}",
        sb.url(Provider::Monnet).trim_end_matches('/'),
        path
    );
    let r = http()
        .post(&url)
        .header("monnet-api-key", "wrong-key")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        sb.monnet_payouts_with_order_id("PO-1"),
        0,
        "nothing was created"
    );
}

#[tokio::test]
async fn a_stale_timestamp_is_refused_with_1002() {
    let sb = sandbox().await;
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let stale = sb.clock().now_ms() - 6 * 60 * 1000;
    let (status, body) = monnet(
        &sb,
        "POST",
        &path,
        stale,
        &payout_body("PO-2", "646180110400000007", "Pérez"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["errorCode"], 1002);
}

// Monnet documents 2005 "Duplicated orderId" for a repeated orderId: the resend after a
// timeout learns that the first request arrived, and never makes a second payout.
#[tokio::test]
async fn a_repeated_order_id_is_refused_with_2005() {
    let sb = sandbox().await;
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let body = payout_body("PO-3", "646180110400000007", "Pérez");
    let (s1, p1) = monnet(&sb, "POST", &path, sb.clock().now_ms(), &body, "").await;
    let (s2, p2) = monnet(&sb, "POST", &path, sb.clock().now_ms() + 1, &body, "").await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::BAD_REQUEST));
    assert_eq!(
        p2,
        json!({"errorCode": 2005, "message": "Duplicated orderId"})
    );
    assert_eq!(sb.monnet_payouts_with_order_id("PO-3"), 1);
    // The sandbox-only list filter (Monnet has no lookup by orderId) still finds it.
    let (_, found) = monnet(
        &sb,
        "GET",
        &path,
        sb.clock().now_ms() + 2,
        "",
        "&orderId=PO-3",
    )
    .await;
    assert_eq!(found["data"][0]["id"], p1["id"]);
}

#[tokio::test]
async fn payouts_advance_on_the_sandbox_clock_and_a_bad_clabe_is_rejected() {
    let sb = sandbox().await;
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let (_, good) = monnet(
        &sb,
        "POST",
        &path,
        sb.clock().now_ms(),
        &payout_body("PO-4", "646180110400000007", "Pérez"),
        "",
    )
    .await;
    let (_, bad) = monnet(
        &sb,
        "POST",
        &path,
        sb.clock().now_ms() + 1,
        &payout_body("PO-5", "002123451234534510", "Pérez"),
        "",
    )
    .await;
    assert_eq!(good["status"], "CREATED");
    let read = |id: &Value| format!("{path}/{id}");
    sb.clock().advance(6_000);
    let (_, g) = monnet(&sb, "GET", &read(&good["id"]), sb.clock().now_ms(), "", "").await;
    assert_eq!(g["output"]["status"], "PROCESSING");
    let (_, b) = monnet(
        &sb,
        "GET",
        &read(&bad["id"]),
        sb.clock().now_ms() + 1,
        "",
        "",
    )
    .await;
    assert_eq!(b["output"]["status"], "REJECTED");
    assert_eq!(b["output"]["errorCode"], 4002);
    sb.clock().advance(30_000);
    let (_, g) = monnet(&sb, "GET", &read(&good["id"]), sb.clock().now_ms(), "", "").await;
    assert_eq!(g["output"]["status"], "PAID");
}

// Drop-after-commit: the payout is stored but the client never hears back. This is the fault
// the exactly-once outbox must survive.
#[tokio::test]
async fn drop_after_commit_stores_the_payout_but_breaks_the_reply() {
    let sb = sandbox().await;
    sb.set_faults(
        Provider::Monnet,
        Faults {
            drop_after_commit: 1,
            ..Faults::default()
        },
    );
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let m = &sb.demo_merchant().monnet;
    let body = payout_body("PO-6", "646180110400000007", "Pérez");
    let ts = sb.clock().now_ms();
    let sig = monnet_sig(&m.api_secret, "POST", &path, ts, &body);
    let url = format!(
        "{}{}?timestamp={ts}&signature={sig}",
        sb.url(Provider::Monnet).trim_end_matches('/'),
        path
    );
    let outcome = async {
        http()
            .post(url)
            .header("monnet-api-key", &m.api_key)
            .body(body)
            .send()
            .await?
            .text()
            .await
    }
    .await;
    assert!(outcome.is_err(), "the client gets no complete reply");
    assert_eq!(
        sb.monnet_payouts_with_order_id("PO-6"),
        1,
        "but the payout was committed"
    );
}

#[tokio::test]
async fn injected_5xx_fail_without_processing() {
    let sb = sandbox().await;
    sb.set_faults(
        Provider::Monnet,
        Faults {
            fail5xx: 1,
            ..Faults::default()
        },
    );
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    let (s, _) = monnet(
        &sb,
        "POST",
        &path,
        sb.clock().now_ms(),
        &payout_body("PO-7", "646180110400000007", "Pérez"),
        "",
    )
    .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(sb.monnet_payouts_with_order_id("PO-7"), 0);
}

#[tokio::test]
async fn monei_refuses_a_live_key_and_limits_writes_to_100_a_minute() {
    let sb = sandbox().await;
    let base = sb.url(Provider::Monei);
    let r = http()
        .get(format!("{base}v1/account"))
        .header("x-api-key", concat!("sk_live_", "fake_key_1234"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "wrong_environment"
    );
    let key = &sb.demo_merchant().monei.api_key;
    // The limit is per minute window: start the burst at the top of a minute so it cannot
    // straddle two windows.
    let now = sb.clock().now_ms();
    sb.clock().set(now - now % 60_000 + 60_000);
    for i in 0..100 {
        let r = http()
            .post(format!("{base}v1/payments"))
            .header("x-api-key", key)
            .json(&json!({"amount": 1000, "currency": "EUR", "orderId": format!("B-{i}")}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "write {i} is within the limit");
    }
    let r = http()
        .post(format!("{base}v1/payments"))
        .header("x-api-key", key)
        .json(&json!({"amount": 1000, "currency": "EUR", "orderId": "B-100"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let read = http()
        .get(format!("{base}v1/payments"))
        .header("x-api-key", key)
        .send()
        .await
        .unwrap();
    assert!(read.status().is_success(), "reads have their own budget");
}

async fn moneflow_token(sb: &SandboxHandle) -> String {
    let m = &sb.demo_merchant().moneflow;
    let basic = B64.encode(format!("{}:{}", m.client_id, m.secret));
    let r = http()
        .post(format!(
            "{}v1/merchants/{}/client_token",
            sb.url(Provider::Moneflow),
            m.merchant_id
        ))
        .header("authorization", format!("Basic {basic}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn tokenize(sb: &SandboxHandle, token: &str) -> reqwest::Response {
    http().post(format!("{}v1/sdk/tokenize", sb.url(Provider::Moneflow))).bearer_auth(token)
        .json(&json!({"card": {"number": "4242 4242 4242 4242", "expMonth": 12, "expYear": 2030, "cvv": "123"}}))
        .send().await.unwrap()
}

#[tokio::test]
async fn a_moneflow_nonce_pays_once_and_its_reuse_is_refused() {
    let sb = sandbox().await;
    let token = moneflow_token(&sb).await;
    let nonce = tokenize(&sb, &token).await.json::<Value>().await.unwrap()["nonce"]
        .as_str()
        .unwrap()
        .to_string();
    let m = &sb.demo_merchant().moneflow;
    let basic = B64.encode(format!("{}:{}", m.client_id, m.secret));
    let pay = |order: &'static str| {
        http().post(format!("{}v1/merchants/{}/transactions", sb.url(Provider::Moneflow), m.merchant_id))
            .header("authorization", format!("Basic {basic}"))
            .json(&json!({"paymentNonce": nonce, "amount": 2500, "currency": "USD", "orderId": order, "intent": "sale"}))
            .send()
    };
    let first = pay("MF-A").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(
        first.json::<Value>().await.unwrap()["responseCode"],
        "10000"
    );
    let again = pay("MF-B").await.unwrap();
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"]["code"],
        "nonce_used"
    );
}

#[tokio::test]
async fn a_client_token_expires_after_8_hours_and_a_forged_one_is_refused() {
    let sb = sandbox().await;
    let token = moneflow_token(&sb).await;
    assert_eq!(tokenize(&sb, &token).await.status(), StatusCode::CREATED);
    let mut forged: Value = serde_json::from_slice(&B64URL.decode(&token).unwrap()).unwrap();
    forged["expiresOn"] = json!(forged["expiresOn"].as_i64().unwrap() + 1_000_000);
    let forged = B64URL.encode(forged.to_string());
    let r = tokenize(&sb, &forged).await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "token_invalid"
    );
    sb.clock().advance(8 * 3600 * 1000 + 1000);
    let r = tokenize(&sb, &token).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "token_expired"
    );
}

async fn mona_transaction(sb: &SandboxHandle) -> String {
    let r = http().post(format!("{}pay/create", sb.url(Provider::Mona))).header("x-api-key", &sb.demo_merchant().mona.private_key)
        .json(&json!({"amount": 250000, "currency": "NGN", "reference": "R-1", "description": "Catering"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["transactionId"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn mona_authorize(sb: &SandboxHandle, txn: &str, tamper: bool) -> reqwest::Response {
    use p256::ecdsa::{Signature, SigningKey, signature::Signer};
    let key = &sb.demo_merchant().mona.public_key;
    let base = sb.url(Provider::Mona);
    let ch: Value = http()
        .post(format!("{base}sdk/v1/challenge"))
        .json(&json!({"key": key, "transactionId": txn}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device = SigningKey::random(&mut p256::elliptic_curve::rand_core::OsRng);
    let mut payload = ch["payload"].as_str().unwrap().to_string();
    if tamper {
        payload = payload.replace("250000", "1");
    }
    let sig: Signature = device.sign(payload.as_bytes());
    let public = device.verifying_key().to_encoded_point(false);
    http().post(format!("{base}sdk/v1/authorize"))
        .json(&json!({"key": key, "challengeId": ch["challengeId"], "publicKey": B64.encode(public.as_bytes()),
            "signature": B64.encode(sig.to_bytes()), "cardNumber": "4242424242424242"}))
        .send().await.unwrap()
}

// Strong customer authentication: the payment completes only with a device signature over the
// exact challenge; a signature over anything else (here: a changed amount) is refused.
#[tokio::test]
async fn mona_completes_only_with_a_valid_device_signature() {
    let sb = sandbox().await;
    let txn = mona_transaction(&sb).await;
    let r = mona_authorize(&sb, &txn, true).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "sca_failed"
    );
    let r = mona_authorize(&sb, &txn, false).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "successful");
    let t: Value = http()
        .get(format!("{}pay/{txn}", sb.url(Provider::Mona)))
        .header("x-api-key", &sb.demo_merchant().mona.private_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "successful");
}

#[tokio::test]
async fn mona_refuses_production_keys_and_private_keys_in_the_sdk() {
    let sb = sandbox().await;
    let r = http()
        .get(format!("{}merchant", sb.url(Provider::Mona)))
        .header("x-api-key", concat!("mona_sk_prod_", "fake_key"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "wrong_environment"
    );
    let r = http()
        .get(format!(
            "{}sdk/v1/transaction?key={}&transactionId=x",
            sb.url(Provider::Mona),
            sb.demo_merchant().mona.private_key
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "a private key is never accepted by the SDK endpoint"
    );
}

#[tokio::test]
async fn state_survives_a_restart_with_a_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        data_file: Some(dir.path().join("sandbox.db")),
        ..SandboxConfig::default()
    };
    let sb = Sandbox::start(config.clone()).await.unwrap();
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    monnet(
        &sb,
        "POST",
        &path,
        sb.clock().now_ms(),
        &payout_body("PO-KEEP", "646180110400000007", "Pérez"),
        "",
    )
    .await;
    let merchant = sb.new_merchant("Second shop");
    drop(sb);
    let sb = Sandbox::start(config).await.unwrap();
    assert_eq!(sb.monnet_payouts_with_order_id("PO-KEEP"), 1);
    let r = http()
        .get(format!("{}v1/account", sb.url(Provider::Monei)))
        .header("x-api-key", &merchant.monei.api_key)
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success(),
        "a merchant provisioned before the restart still works"
    );
}

async fn monei_payment_count(sb: &SandboxHandle, key: &str) -> (StatusCode, usize) {
    let r = http()
        .get(format!("{}v1/payments?limit=500", sb.url(Provider::Monei)))
        .header("x-api-key", key)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap_or_default();
    (status, body["data"].as_array().map_or(0, Vec::len))
}

#[tokio::test]
async fn a_rolled_monei_key_is_refused_and_the_new_one_sees_the_same_payments() {
    let sb = sandbox().await;
    let old = sb.demo_merchant().monei.api_key;
    let (status, before) = monei_payment_count(&sb, &old).await;
    assert_eq!(status, StatusCode::OK);
    assert!(before > 0, "the seeded merchant has payments");

    let rolled = sb.roll_secret(Provider::Monei, &old).unwrap();
    let new = rolled.monei.api_key;
    assert_ne!(new, old);
    assert!(new.starts_with("sk_test_"));
    assert_eq!(sb.demo_merchant().monei.api_key, new);
    assert_eq!(
        monei_payment_count(&sb, &old).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        monei_payment_count(&sb, &new).await,
        (StatusCode::OK, before),
        "the payments stay the merchant's"
    );
    assert!(
        sb.roll_secret(Provider::Monei, &old).is_none(),
        "a retired key cannot roll again"
    );
}

#[tokio::test]
async fn after_a_monnet_roll_the_old_secret_signs_in_vain() {
    let sb = sandbox().await;
    let old = sb.demo_merchant().monnet;
    let path = format!("/api/v1/{}/payouts", old.merchant_id);
    sb.roll_secret(Provider::Monnet, &old.api_secret).unwrap();
    let ts = sb.clock().now_ms();
    let sig = monnet_sig(&old.api_secret, "GET", &path, ts, "");
    let r = http()
        .get(format!(
            "{}{path}?timestamp={ts}&signature={sig}",
            sb.url(Provider::Monnet).trim_end_matches('/')
        ))
        .header("monnet-api-key", &old.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = monnet(&sb, "GET", &path, ts + 1, "", "").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the new key and secret are accepted"
    );
}

#[tokio::test]
async fn a_saved_world_without_merchants_still_knows_the_demo_merchant_it_hands_out() {
    let dir = tempfile::tempdir().unwrap();
    let data_file = dir.path().join("sandbox.db");
    desk_sandbox::persist::save(&data_file, &desk_sandbox::world::World::default()).unwrap();
    let sb = Sandbox::start(SandboxConfig {
        data_file: Some(data_file),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let key = sb.demo_merchant().monei.api_key;
    assert_eq!(
        monei_payment_count(&sb, &key).await,
        (StatusCode::OK, 0),
        "the demo merchant's key is accepted"
    );
}

// The project's contract for Monnet: 600 payout creates a minute per merchant; the 601st is
// refused with 429 and 1050, creates nothing, and the next minute accepts again.
#[tokio::test]
async fn monnet_creates_are_limited_to_600_a_minute() {
    let sb = sandbox().await;
    let start = (sb.clock().now_ms() / 60_000 + 1) * 60_000 + 1_000;
    sb.clock().set(start);
    let path = format!("/api/v1/{}/payouts", sb.demo_merchant().monnet.merchant_id);
    for i in 0..600 {
        let body = payout_body(&format!("RL-{i}"), "646180110400000007", "Pérez");
        let (status, _) = monnet(&sb, "POST", &path, start + i, &body, "").await;
        assert_eq!(status, StatusCode::CREATED, "create {i}");
    }
    assert!(
        sb.clock().now_ms() < start + 59_000,
        "all within one minute"
    );
    let body = payout_body("RL-600", "646180110400000007", "Pérez");
    let (status, refused) = monnet(&sb, "POST", &path, start + 600, &body, "").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused["errorCode"], 1050);
    assert_eq!(
        sb.monnet_payouts_with_order_id("RL-600"),
        0,
        "nothing created"
    );
    sb.clock().advance(60_000);
    let (status, _) = monnet(&sb, "POST", &path, sb.clock().now_ms(), &body, "").await;
    assert_eq!(status, StatusCode::CREATED, "a new minute accepts again");
}
