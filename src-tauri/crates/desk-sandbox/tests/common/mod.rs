//! What the returning-customer tests share: a sandbox, Mona's server and SDK calls (with a
//! device written here from the contract: ECDSA P-256 over the challenge's payload, the raw
//! SEC1 public key and the `r‖s` signature in base64, as WebCrypto gives them), and MonEFlow
//! Pay's calls.
#![allow(dead_code, clippy::unwrap_used)] // each test file uses its own part of it

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use desk_sandbox::{MerchantCredentials, Sandbox, SandboxConfig, SandboxHandle};
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A sandbox with the default seed.
pub async fn sandbox() -> SandboxHandle {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

/// A plain client (the workspace's reqwest needs a TLS provider installed even for http).
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Sends and reads the status and JSON body (`Null` when there is none).
pub async fn call(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The error code of a refusal.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

/// A customer's device: a P-256 key pair, as the SDK page keeps in IndexedDB.
pub struct Device(SigningKey);

impl Device {
    /// A fresh device.
    pub fn new() -> Self {
        Self(SigningKey::random(
            &mut p256::elliptic_curve::rand_core::OsRng,
        ))
    }

    /// The public key as the page sends it: base64 of the uncompressed SEC1 point.
    pub fn public_key(&self) -> String {
        B64.encode(self.0.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// The signature of `payload` as the page sends it: base64 of `r‖s`.
    pub fn sign(&self, payload: &str) -> String {
        let sig: Signature = self.0.sign(payload.as_bytes());
        B64.encode(sig.to_bytes())
    }
}

/// Mona as one merchant sees it: the server calls with the private key, the SDK's with the
/// public key.
pub struct Mona<'a> {
    pub sb: &'a SandboxHandle,
    pub merchant: MerchantCredentials,
}

impl<'a> Mona<'a> {
    /// The demo merchant.
    pub fn demo(sb: &'a SandboxHandle) -> Self {
        Self {
            sb,
            merchant: sb.demo_merchant(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sb.url(Provider::Mona))
    }

    /// A server `POST`.
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        call(
            http()
                .post(self.url(path))
                .header("x-api-key", &self.merchant.mona.private_key)
                .json(&body),
        )
        .await
    }

    /// A server `GET`.
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        call(
            http()
                .get(self.url(path))
                .header("x-api-key", &self.merchant.mona.private_key),
        )
        .await
    }

    /// A checkout for `email` (a guest's when empty); its id.
    pub async fn checkout(&self, reference: &str, email: &str) -> String {
        let customer = if email.is_empty() {
            Value::Null
        } else {
            json!({"name": "Ada Obi", "email": email})
        };
        let (status, t) = self
            .post(
                "pay/create",
                json!({"amount": 250000, "currency": "NGN", "reference": reference,
                    "description": "Catering", "customer": customer}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        t["transactionId"].as_str().unwrap().to_string()
    }

    /// A consent challenge for `subject` (`{"transactionId": …}` or the like, `decision` included).
    pub async fn challenge(&self, subject: Value) -> (StatusCode, Value) {
        let mut body = subject;
        body["key"] = self.merchant.mona.public_key.clone().into();
        call(http().post(self.url("sdk/v1/challenge")).json(&body)).await
    }

    /// Answers challenge `ch` with `publicKey`, `signature` and the rest of `extra`.
    pub async fn authorize_raw(&self, ch: &Value, extra: Value) -> (StatusCode, Value) {
        let mut body = extra;
        body["key"] = self.merchant.mona.public_key.clone().into();
        body["challengeId"] = ch["challengeId"].clone();
        call(http().post(self.url("sdk/v1/authorize")).json(&body)).await
    }

    /// Answers challenge `ch` signed by `device` (with the approved test card).
    pub async fn authorize(&self, ch: &Value, device: &Device) -> (StatusCode, Value) {
        let payload = ch["payload"].as_str().unwrap();
        self.authorize_raw(
            ch,
            json!({"publicKey": device.public_key(), "signature": device.sign(payload),
                "cardNumber": "4242 4242 4242 4242"}),
        )
        .await
    }

    /// The customer's whole consent for `subject` on `device`: a challenge, then its answer.
    pub async fn consent(&self, subject: Value, device: &Device) -> (StatusCode, Value) {
        let (status, ch) = self.challenge(subject).await;
        assert_eq!(status, StatusCode::OK, "{ch}");
        self.authorize(&ch, device).await
    }
}

/// MonEFlow Pay as one merchant sees it.
pub struct Flow<'a> {
    pub sb: &'a SandboxHandle,
    pub merchant: MerchantCredentials,
}

impl<'a> Flow<'a> {
    /// The demo merchant.
    pub fn demo(sb: &'a SandboxHandle) -> Self {
        Self {
            sb,
            merchant: sb.demo_merchant(),
        }
    }

    fn basic(&self) -> String {
        let m = &self.merchant.moneflow;
        format!(
            "Basic {}",
            B64.encode(format!("{}:{}", m.client_id, m.secret))
        )
    }

    fn url(&self, rest: &str) -> String {
        format!(
            "{}v1/merchants/{}{rest}",
            self.sb.url(Provider::Moneflow),
            self.merchant.moneflow.merchant_id
        )
    }

    /// A server request to `…/merchants/{id}{rest}`.
    pub fn req(&self, method: reqwest::Method, rest: &str) -> reqwest::RequestBuilder {
        http()
            .request(method, self.url(rest))
            .header("authorization", self.basic())
    }

    /// A sale (`…/transactions`).
    pub async fn sale(&self, body: Value) -> (StatusCode, Value) {
        call(self.req(reqwest::Method::POST, "/transactions").json(&body)).await
    }

    /// The card page's tokenisation of `number`, with the customer's `consent` to save it.
    pub async fn nonce(&self, number: &str, consent: Option<bool>) -> (StatusCode, Value) {
        let (_, token) = call(self.req(reqwest::Method::POST, "/client_token")).await;
        let mut body = json!({"card": {"number": number, "expMonth": 12, "expYear": 2030,
            "cvv": "123", "holderName": "Ada Obi"}});
        if let Some(c) = consent {
            body["vaultConsent"] = c.into();
        }
        call(
            http()
                .post(format!(
                    "{}v1/sdk/tokenize",
                    self.sb.url(Provider::Moneflow)
                ))
                .bearer_auth(token["accessToken"].as_str().unwrap())
                .json(&body),
        )
        .await
    }

    /// A nonce of the approved test card, with or without the consent to save it.
    pub async fn card(&self, consent: bool) -> String {
        let (status, n) = self.nonce("4242424242424242", Some(consent)).await;
        assert_eq!(status, StatusCode::CREATED, "{n}");
        n["nonce"].as_str().unwrap().to_string()
    }
}
