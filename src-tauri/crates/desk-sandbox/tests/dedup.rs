//! Repeated references, lookups by reference, the `noDedup` switch and the creates counters,
//! against a client written here from `docs/provider-api.md` alone. These are what make an
//! exactly-once test able to fail: a blind resend must be visible.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use desk_sandbox::{CreateStats, Sandbox, SandboxConfig, SandboxHandle};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn call(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let r = req.send().await.unwrap();
    (r.status(), r.json().await.unwrap_or_default())
}

/// Mona, Monei or MonEFlow: a create with `reference`, and the lookup by reference.
struct Api<'a> {
    sb: &'a SandboxHandle,
    provider: Provider,
}

impl Api<'_> {
    fn auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let m = self.sb.demo_merchant();
        match self.provider {
            Provider::Mona => req.header("x-api-key", m.mona.private_key),
            Provider::Monei => req.header("x-api-key", m.monei.api_key),
            _ => {
                let basic = B64.encode(format!("{}:{}", m.moneflow.client_id, m.moneflow.secret));
                req.header("authorization", format!("Basic {basic}"))
            }
        }
    }

    fn url(&self, rest: &str) -> String {
        let base = self.sb.url(self.provider);
        match self.provider {
            Provider::Moneflow => format!(
                "{base}v1/merchants/{}/transactions{rest}",
                self.sb.demo_merchant().moneflow.merchant_id
            ),
            Provider::Monei => format!("{base}v1/payments{rest}"),
            _ => format!("{base}pay{rest}"),
        }
    }

    fn id_of(&self, v: &Value) -> String {
        let field = if self.provider == Provider::Mona {
            "transactionId"
        } else {
            "id"
        };
        v[field].as_str().unwrap().to_string()
    }

    /// MonEFlow pays with a vaulted card, so a resend can pay again under `noDedup`.
    async fn create(&self, reference: &str) -> (StatusCode, Value) {
        let (url, body) = match self.provider {
            Provider::Mona => (
                self.url("/create"),
                json!({"amount": 1000, "currency": "NGN", "reference": reference, "description": "t"}),
            ),
            Provider::Monei => (
                self.url(""),
                json!({"amount": 1000, "currency": "EUR", "orderId": reference}),
            ),
            _ => (
                self.url(""),
                json!({"paymentMethodToken": vaulted_card(self.sb).await, "amount": 1000,
                    "currency": "USD", "orderId": reference, "intent": "sale"}),
            ),
        };
        call(self.auth(http().post(url)).json(&body)).await
    }

    async fn lookup(&self, reference: &str) -> Vec<String> {
        let q = if self.provider == Provider::Mona {
            "reference"
        } else {
            "orderId"
        };
        let (status, v) = call(self.auth(http().get(self.url(&format!("?{q}={reference}"))))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(v["nextCursor"], Value::Null);
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| self.id_of(t))
            .collect()
    }

    async fn read(&self, id: &str) -> StatusCode {
        call(self.auth(http().get(self.url(&format!("/{id}")))))
            .await
            .0
    }
}

/// A vaulted MonEFlow card of the demo merchant (through the SDK's tokenisation).
async fn vaulted_card(sb: &SandboxHandle) -> String {
    let m = sb.demo_merchant().moneflow;
    let base = sb.url(Provider::Moneflow);
    let basic = format!(
        "Basic {}",
        B64.encode(format!("{}:{}", m.client_id, m.secret))
    );
    let (_, token) = call(
        http()
            .post(format!("{base}v1/merchants/{}/client_token", m.merchant_id))
            .header("authorization", &basic),
    )
    .await;
    let (_, nonce) = call(
        http()
            .post(format!("{base}v1/sdk/tokenize"))
            .bearer_auth(token["accessToken"].as_str().unwrap())
            .json(&json!({"card": {"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvv": "123"}, "vaultConsent": true})),
    )
    .await;
    let (status, method) = call(
        http()
            .post(format!(
                "{base}v1/merchants/{}/payment_methods",
                m.merchant_id
            ))
            .header("authorization", &basic)
            .json(&json!({"paymentNonce": nonce["nonce"], "customerId": "c1"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    method["token"].as_str().unwrap().to_string()
}

const PAYMENT_PROVIDERS: [Provider; 3] = [Provider::Mona, Provider::Monei, Provider::Moneflow];

#[tokio::test]
async fn a_reference_is_found_by_lookup_and_a_repeat_returns_the_same_resource() {
    let sb = sandbox().await;
    for provider in PAYMENT_PROVIDERS {
        let api = Api { sb: &sb, provider };
        assert!(
            api.lookup("REF-1").await.is_empty(),
            "{provider}: nothing yet"
        );
        let (s1, first) = api.create("REF-1").await;
        let (s2, again) = api.create("REF-1").await;
        assert_eq!(
            (s1, s2),
            (StatusCode::CREATED, StatusCode::OK),
            "{provider}"
        );
        assert_eq!(api.id_of(&first), api.id_of(&again), "{provider}");
        assert_eq!(
            api.lookup("REF-1").await,
            vec![api.id_of(&first)],
            "{provider}"
        );
        assert_eq!(sb.resources_with_reference(provider, "REF-1"), 1);
    }
}

#[tokio::test]
async fn no_dedup_makes_a_second_resource_and_the_lookup_shows_both_oldest_first() {
    let sb = sandbox().await;
    for provider in PAYMENT_PROVIDERS {
        sb.set_no_dedup(provider, true);
        let api = Api { sb: &sb, provider };
        let (s1, first) = api.create("REF-2").await;
        sb.clock().advance(1_000);
        let (s2, second) = api.create("REF-2").await;
        assert_eq!(
            (s1, s2),
            (StatusCode::CREATED, StatusCode::CREATED),
            "{provider}"
        );
        assert_ne!(
            api.id_of(&first),
            api.id_of(&second),
            "{provider}: a new id"
        );
        assert_eq!(
            api.lookup("REF-2").await,
            vec![api.id_of(&first), api.id_of(&second)],
            "{provider}: both, oldest first"
        );
        assert_eq!(sb.resources_with_reference(provider, "REF-2"), 2);
    }
}

#[tokio::test]
async fn a_blind_resend_is_counted_and_a_resend_after_a_lookup_is_not() {
    let sb = sandbox().await;
    for provider in PAYMENT_PROVIDERS {
        let api = Api { sb: &sb, provider };
        let (_, first) = api.create("R-A").await;
        api.create("R-A").await; // create, create: blind
        assert!(api.lookup("R-A").await.len() == 1);
        api.create("R-A").await; // create, lookup by reference, create
        assert_eq!(api.read(&api.id_of(&first)).await, StatusCode::OK);
        api.create("R-A").await; // create, read by id, create
        api.create("R-B").await; // another reference: a first create
        let s = sb.create_stats(provider);
        assert_eq!(
            (s.creates, s.duplicates, s.resends_without_lookup),
            (5, 3, 1),
            "{provider}: {s:?}"
        );
        assert!(s.resend_gaps_ms.is_empty());
    }
}

fn monnet_url(sb: &SandboxHandle, method: &str, body: &str) -> String {
    let m = sb.demo_merchant().monnet;
    let path = format!("/api/v1/{}/payouts", m.merchant_id);
    let ts = sb.clock().now_ms();
    let content = format!(
        "{method}:{path}?timestamp={ts}:{}",
        hex::encode(Sha256::digest(body.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(m.api_secret.as_bytes()).unwrap();
    mac.update(content.as_bytes());
    let sig = hex::encode(mac.finalize().into_bytes());
    format!(
        "{}{path}?timestamp={ts}&signature={sig}",
        sb.url(Provider::Monnet).trim_end_matches('/')
    )
}

async fn monnet_create(sb: &SandboxHandle, order_id: &str) -> (StatusCode, Value) {
    let body = json!({"country":"MEX","amount":10000,"currency":"MXN","orderId":order_id,
        "beneficiary":{"name":"Ana","lastName":"López","document":{"type":3,"number":"PEGM9007151H0"}},
        "destination":{"bankAccount":{"bankCode":"646","accountType":1,"clabe":"646180110400000007"}}})
    .to_string();
    call(
        http()
            .post(monnet_url(sb, "POST", &body))
            .header("monnet-api-key", sb.demo_merchant().monnet.api_key)
            .body(body),
    )
    .await
}

// Monnet ignores noDedup: a repeated orderId is always 2005, and the gap a resend waited is
// recorded (Monnet asks for 30 s).
#[tokio::test]
async fn monnet_answers_2005_even_under_no_dedup_and_records_the_resend_gap() {
    let sb = sandbox().await;
    sb.set_no_dedup(Provider::Monnet, true);
    assert_eq!(monnet_create(&sb, "PO-G").await.0, StatusCode::CREATED);
    sb.clock().advance(30_000);
    let (status, body) = monnet_create(&sb, "PO-G").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], 2005);
    sb.clock().advance(45_000);
    assert_eq!(monnet_create(&sb, "PO-G").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(sb.resources_with_reference(Provider::Monnet, "PO-G"), 1);
    assert_eq!(sb.monnet_payouts_with_order_id("PO-G"), 1);
    let CreateStats {
        creates,
        duplicates,
        resends_without_lookup,
        resend_gaps_ms,
    } = sb.create_stats(Provider::Monnet);
    assert_eq!((creates, duplicates, resends_without_lookup), (3, 2, 0));
    // The sandbox clock also runs in real time between the requests.
    let near = |gap: i64, want: i64| (want..want + 5_000).contains(&gap);
    assert!(
        resend_gaps_ms.len() == 2
            && near(resend_gaps_ms[0], 30_000)
            && near(resend_gaps_ms[1], 45_000),
        "{resend_gaps_ms:?}"
    );
}

// The control API: counters over HTTP, cleared by reset; noDedup set over HTTP persists
// through a faults request that does not name it, and through reset.
#[tokio::test]
async fn the_control_api_serves_the_counters_and_keeps_no_dedup_until_changed() {
    let sb = sandbox().await;
    let control = |path: &str| format!("{}__sandbox/{path}", sb.url(Provider::Mona));
    let (s, _) = call(
        http()
            .post(control("faults"))
            .json(&json!({"provider": "mona", "noDedup": true})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = call(
        http()
            .post(control("faults"))
            .json(&json!({"provider": "mona", "fail5xx": 1})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let api = Api {
        sb: &sb,
        provider: Provider::Mona,
    };
    assert_eq!(
        api.create("R-C").await.0,
        StatusCode::SERVICE_UNAVAILABLE,
        "fail5xx still works"
    );
    api.create("R-C").await;
    api.create("R-C").await;
    assert_eq!(
        sb.resources_with_reference(Provider::Mona, "R-C"),
        2,
        "noDedup kept"
    );
    let (_, all) = call(http().get(control("creates"))).await;
    assert_eq!(
        all["mona"],
        json!({"creates": 2, "duplicates": 1, "resendsWithoutLookup": 1, "resendGapsMs": []}),
        "the 503 never reached the handler"
    );
    assert_eq!(all["monnet"]["creates"], 0);
    call(http().post(control("reset"))).await;
    let (_, all) = call(http().get(control("creates"))).await;
    assert_eq!(all["mona"]["creates"], 0, "reset clears the counters");
    api.create("R-D").await;
    api.create("R-D").await;
    assert_eq!(
        sb.resources_with_reference(Provider::Mona, "R-D"),
        2,
        "but not noDedup"
    );
    call(
        http()
            .post(control("faults"))
            .json(&json!({"provider": "mona", "noDedup": false})),
    )
    .await;
    assert_eq!(api.create("R-D").await.0, StatusCode::OK);
}
