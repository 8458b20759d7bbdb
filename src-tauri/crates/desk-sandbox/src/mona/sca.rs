//! Mona's strong customer authentication, for real: the SDK page (public key + the id of a
//! transaction, collection or verification) asks for a consent challenge naming what is
//! consented to, the device signs it (ECDSA P-256), and nothing changes until that signature
//! verifies and the device is one the customer registered ([`super::devices`]).

use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use super::collections;
use super::devices::{self, CHALLENGE_TTL_MS, Consent};
use crate::clock::rfc3339;
use crate::http::{self, Req, Response, Routes, StatusCode};
use crate::keys::{self, KeyKind};
use crate::merchant::MerchantCredentials;
use crate::reply::error;
use crate::shared::Shared;
use crate::world::{Challenge, ConsentKind, World};

/// The SDK's consent routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/sdk/v1/transaction", sdk_transaction)
        .get("/sdk/v1/collection", sdk_collection)
        .get("/sdk/v1/verification", sdk_verification)
        .post("/sdk/v1/challenge", sdk_challenge)
        .post("/sdk/v1/authorize", sdk_authorize)
}

/// The merchant whose public key is `key` (the SDK's page and calls), or the refusal: 401 for
/// a private key, a production key or an unknown one.
pub(crate) fn public_merchant(shared: &Shared, key: &str) -> Result<MerchantCredentials, Response> {
    if key.starts_with("mona_sk_") {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Never put a private key in the SDK: use the public key.",
        ));
    }
    if let Some(message) = keys::wrong_environment(shared, KeyKind::MonaPublic, key) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "wrong_environment",
            &message,
        ));
    }
    let merchant = shared
        .world()
        .merchants
        .iter()
        .find(|m| m.mona.public_key == key)
        .cloned()
        .ok_or_else(|| {
            error(
                StatusCode::UNAUTHORIZED,
                "invalid_api_key",
                "Unknown public key.",
            )
        })?;
    collections::catch_up(shared);
    Ok(merchant)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SdkQuery {
    key: String,
    transaction_id: String,
}

/// What the checkout page shows: amount and merchant, for the public key + transaction id.
async fn sdk_transaction(shared: Shared, req: Req) -> Response {
    let q = match req.query::<SdkQuery>() {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    let m = match public_merchant(&shared, &q.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let w = shared.world();
    match w
        .mona
        .iter()
        .find(|t| t.owner == m.mona.private_key && t.transaction_id == q.transaction_id)
    {
        Some(t) => http::json(
            StatusCode::OK,
            &json!({
                "merchant": m.name, "amount": t.amount, "currency": t.currency,
                "description": t.description, "status": t.status,
            }),
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction with that id for this key.",
        ),
    }
}

fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("No {what} with that id for this key."),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CollectionQuery {
    key: String,
    collection_id: String,
}

/// What the collection's consent page shows.
async fn sdk_collection(shared: Shared, req: Req) -> Response {
    let q = match req.query::<CollectionQuery>() {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    let m = match public_merchant(&shared, &q.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let w = shared.world();
    match w
        .mona_collections
        .iter()
        .find(|c| c.owner == m.mona.private_key && c.collection_id == q.collection_id)
    {
        Some(c) => http::json(
            StatusCode::OK,
            &json!({
                "merchant": m.name, "amount": c.amount, "currency": c.currency,
                "frequency": c.frequency, "description": c.description,
                "customerName": c.customer.name, "status": c.status,
            }),
        ),
        None => not_found("collection"),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerificationQuery {
    key: String,
    verification_id: String,
}

/// What the verification page shows.
async fn sdk_verification(shared: Shared, req: Req) -> Response {
    let q = match req.query::<VerificationQuery>() {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    let m = match public_merchant(&shared, &q.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let w = shared.world();
    match w
        .mona_verifications
        .iter()
        .find(|v| v.owner == m.mona.private_key && v.verification_id == q.verification_id)
    {
        Some(v) => http::json(
            StatusCode::OK,
            &json!({
                "merchant": m.name, "customerName": v.customer.name, "status": v.status,
            }),
        ),
        None => not_found("verification"),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChallengeRequest {
    key: String,
    transaction_id: Option<String>,
    collection_id: Option<String>,
    verification_id: Option<String>,
    decision: Option<String>,
}

fn conflict(what: &str, status: &str) -> Response {
    error(
        StatusCode::CONFLICT,
        "conflict",
        &format!("This {what} is {status}: it no longer waits for the customer."),
    )
}

/// The text the customer signs for `kind` `id` of `owner`, less its nonce, while the resource
/// waits for its customer (409 otherwise, 404 if unknown).
pub(super) fn payload_stem(
    w: &World,
    owner: &str,
    kind: ConsentKind,
    id: &str,
    refuse: bool,
) -> Result<String, Response> {
    let decision = if refuse { "refuse" } else { "approve" };
    match kind {
        ConsentKind::Transaction => {
            let t = w
                .mona
                .iter()
                .find(|t| t.owner == owner && t.transaction_id == id)
                .ok_or_else(|| not_found("transaction"))?;
            if t.status != "pending" {
                return Err(conflict("transaction", &t.status));
            }
            if refuse {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "A checkout is refused by not approving it: decision is for collections and verifications.",
                ));
            }
            Ok(format!("mona-consent:v1:{id}:{}:{}", t.amount, t.currency))
        }
        ConsentKind::Collection => {
            let c = w
                .mona_collections
                .iter()
                .find(|c| c.owner == owner && c.collection_id == id)
                .ok_or_else(|| not_found("collection"))?;
            if c.status != "pending_consent" {
                return Err(conflict("collection", &c.status));
            }
            Ok(format!(
                "mona-consent:v1:collection:{id}:{}:{}:{}:{decision}",
                c.amount, c.currency, c.frequency
            ))
        }
        ConsentKind::Verification => {
            let v = w
                .mona_verifications
                .iter()
                .find(|v| v.owner == owner && v.verification_id == id)
                .ok_or_else(|| not_found("verification"))?;
            if v.status != "pending" {
                return Err(conflict("verification", &v.status));
            }
            Ok(format!("mona-consent:v1:verification:{id}:{decision}"))
        }
    }
}

async fn sdk_challenge(shared: Shared, mut req: Req) -> Response {
    let q = match req.checked::<ChallengeRequest>().await {
        Ok(q) => q,
        Err(refusal) => return refusal,
    };
    let m = match public_merchant(&shared, &q.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let bad = |message: &str| error(StatusCode::BAD_REQUEST, "invalid_request", message);
    let (kind, id) = match (q.transaction_id, q.collection_id, q.verification_id) {
        (Some(t), None, None) => (ConsentKind::Transaction, t),
        (None, Some(c), None) => (ConsentKind::Collection, c),
        (None, None, Some(v)) => (ConsentKind::Verification, v),
        _ => return bad("Name exactly one of transactionId, collectionId, verificationId."),
    };
    let refuse = match q.decision.as_deref() {
        None | Some("approve") => false,
        Some("refuse") => true,
        Some(_) => return bad("decision is approve or refuse."),
    };
    let owner = m.mona.private_key;
    let now = shared.clock.now_ms();
    let mut w = shared.world();
    let stem = match payload_stem(&w, &owner, kind, &id, refuse) {
        Ok(stem) => stem,
        Err(r) => return r,
    };
    let (nonce, handle): ([u8; 16], [u8; 8]) = {
        let mut rng = rand::thread_rng();
        (rng.r#gen(), rng.r#gen())
    };
    let challenge_id = format!("chl_{}", hex::encode(handle));
    let payload = format!("{stem}:{}", hex::encode(nonce));
    w.challenges.insert(
        challenge_id.clone(),
        Challenge {
            kind,
            resource_id: id,
            owner,
            refuse,
            payload: payload.clone(),
            used: false,
            created_ms: now,
        },
    );
    drop(w);
    shared.save();
    http::json(
        StatusCode::OK,
        &json!({
            "challengeId": challenge_id, "payload": payload,
            "expiresAt": rfc3339(now + CHALLENGE_TTL_MS),
        }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Authorize {
    key: String,
    challenge_id: String,
    /// The device's public key: base64 of the raw uncompressed SEC1 point (WebCrypto "raw").
    public_key: Option<String>,
    /// base64 of the raw r||s signature (WebCrypto ECDSA output) over the challenge payload.
    signature: Option<String>,
    /// A checkout's test card.
    card_number: Option<String>,
}

/// Verifies the consent ([`devices::check`]), then applies it: a checkout completes with the
/// test card's outcome, a collection turns active or refused, a verification verified or
/// failed. The device is registered if it was the customer's first.
async fn sdk_authorize(shared: Shared, mut req: Req) -> Response {
    let a = match req.checked::<Authorize>().await {
        Ok(a) => a,
        Err(refusal) => return refusal,
    };
    let m = match public_merchant(&shared, &a.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let reply = {
        let mut w = shared.world();
        match devices::check(
            &mut w,
            &m.mona.private_key,
            &a.challenge_id,
            a.public_key.as_deref(),
            a.signature.as_deref(),
            now,
        ) {
            Ok(consent) => apply(&mut w, &consent, a.card_number.as_deref(), now),
            Err(refusal) => refusal,
        }
    };
    // An activated collection takes its first charge at once.
    collections::catch_up(&shared);
    shared.save();
    reply
}

/// The test card's outcome: `(status, failureReason)`, or `None` for a card that is no test
/// card.
fn card_outcome(card: &str) -> Option<(&'static str, Option<&'static str>)> {
    let digits: String = card.chars().filter(char::is_ascii_digit).collect();
    Some(match digits.as_str() {
        "4242424242424242" => ("successful", None),
        "4000000000000002" => ("failed", Some("card_declined")),
        "4000000000009995" => ("failed", Some("insufficient_funds")),
        "4000000000003220" => ("failed", Some("sca_refused")),
        _ => return None,
    })
}

pub(super) fn apply(w: &mut World, consent: &Consent, card: Option<&str>, now: i64) -> Response {
    let ch = &consent.challenge;
    let mine = |owner: &str, id: &str| owner == ch.owner && id == ch.resource_id;
    let reply = match ch.kind {
        ConsentKind::Transaction => {
            let Some(t) = w
                .mona
                .iter_mut()
                .find(|t| mine(&t.owner, &t.transaction_id))
            else {
                return not_found("transaction");
            };
            if t.status != "pending" {
                return conflict("transaction", &t.status);
            }
            let Some((status, reason)) = card.and_then(card_outcome) else {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "card_declined",
                    "Use one of the sandbox test cards.",
                );
            };
            t.status = status.into();
            t.failure_reason = reason.map(str::to_string);
            t.updated_ms = now;
            json!({ "status": status, "failureReason": reason })
        }
        ConsentKind::Collection => {
            let Some(c) = w
                .mona_collections
                .iter_mut()
                .find(|c| mine(&c.owner, &c.collection_id))
            else {
                return not_found("collection");
            };
            if c.status != "pending_consent" {
                return conflict("collection", &c.status);
            }
            c.status = if ch.refuse { "refused" } else { "active" }.into();
            c.consented_ms = (!ch.refuse).then_some(now);
            c.updated_ms = now;
            json!({ "status": c.status })
        }
        ConsentKind::Verification => {
            let Some(v) = w
                .mona_verifications
                .iter_mut()
                .find(|v| mine(&v.owner, &v.verification_id))
            else {
                return not_found("verification");
            };
            if v.status != "pending" {
                return conflict("verification", &v.status);
            }
            v.status = if ch.refuse { "failed" } else { "verified" }.into();
            v.updated_ms = now;
            json!({ "status": v.status })
        }
    };
    devices::register(w, consent, now);
    http::json(StatusCode::OK, &reply)
}
