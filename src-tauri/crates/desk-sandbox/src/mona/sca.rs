//! Mona's strong customer authentication, for real: the SDK page (public key + transaction id)
//! asks for a consent challenge, the device signs it (ECDSA P-256) and the payment completes
//! only once that signature verifies.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use crate::keys::{self, KeyKind};
use crate::merchant::MerchantCredentials;
use crate::reply::error;
use crate::shared::Shared;
use crate::strict::Checked;
use crate::world::Challenge;

/// The SDK's consent routes.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/sdk/v1/transaction", get(sdk_transaction))
        .route("/sdk/v1/challenge", post(sdk_challenge))
        .route("/sdk/v1/authorize", post(sdk_authorize))
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
    shared
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
        })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SdkQuery {
    key: String,
    transaction_id: String,
}

/// What the checkout page shows: amount and merchant, for the public key + transaction id.
async fn sdk_transaction(State(shared): State<Shared>, Query(q): Query<SdkQuery>) -> Response {
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
        Some(t) => Json(json!({
            "merchant": m.name, "amount": t.amount, "currency": t.currency,
            "description": t.description, "status": t.status,
        }))
        .into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction with that id for this key.",
        ),
    }
}

async fn sdk_challenge(State(shared): State<Shared>, Checked(q): Checked<SdkQuery>) -> Response {
    let m = match public_merchant(&shared, &q.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut w = shared.world();
    let Some(t) = w
        .mona
        .iter()
        .find(|t| t.owner == m.mona.private_key && t.transaction_id == q.transaction_id)
        .cloned()
    else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction with that id for this key.",
        );
    };
    if t.status != "pending" {
        return error(
            StatusCode::CONFLICT,
            "conflict",
            "This transaction is already complete.",
        );
    }
    let nonce: [u8; 16] = rand::thread_rng().r#gen();
    let challenge_id = format!("chl_{}", hex::encode(&nonce[..8]));
    let payload = format!(
        "mona-consent:v1:{}:{}:{}:{}",
        t.transaction_id,
        t.amount,
        t.currency,
        hex::encode(nonce)
    );
    w.challenges.insert(
        challenge_id.clone(),
        Challenge {
            transaction_id: t.transaction_id,
            payload: payload.clone(),
            used: false,
        },
    );
    Json(json!({ "challengeId": challenge_id, "payload": payload })).into_response()
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
    card_number: String,
}

/// Verifies the device's signature over the challenge, then completes the payment with the
/// test card's outcome.
async fn sdk_authorize(State(shared): State<Shared>, Checked(a): Checked<Authorize>) -> Response {
    let m = match public_merchant(&shared, &a.key) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let sca_failed = |msg: &str| error(StatusCode::UNAUTHORIZED, "sca_failed", msg);
    let (Some(pk), Some(sig)) = (a.public_key, a.signature) else {
        return sca_failed("The consent must be signed on the customer's device.");
    };
    let mut w = shared.world();
    let Some(ch) = w.challenges.get(&a.challenge_id).cloned() else {
        return sca_failed("Unknown consent challenge.");
    };
    if ch.used {
        return sca_failed("This consent challenge was already used.");
    }
    let verified = B64
        .decode(pk)
        .ok()
        .and_then(|pk| VerifyingKey::from_sec1_bytes(&pk).ok())
        .zip(
            B64.decode(sig)
                .ok()
                .and_then(|s| Signature::from_slice(&s).ok()),
        )
        .is_some_and(|(key, sig)| key.verify(ch.payload.as_bytes(), &sig).is_ok());
    if !verified {
        return sca_failed("The consent signature does not verify: the payment was not made.");
    }
    if let Some(c) = w.challenges.get_mut(&a.challenge_id) {
        c.used = true;
    }
    let now = shared.clock.now_ms();
    let digits: String = a.card_number.chars().filter(char::is_ascii_digit).collect();
    let (status, reason) = match digits.as_str() {
        "4242424242424242" => ("successful", None),
        "4000000000000002" => ("failed", Some("card_declined")),
        "4000000000009995" => ("failed", Some("insufficient_funds")),
        "4000000000003220" => ("failed", Some("sca_refused")),
        _ => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "card_declined",
                "Use one of the sandbox test cards.",
            );
        }
    };
    let Some(t) = w
        .mona
        .iter_mut()
        .find(|t| t.owner == m.mona.private_key && t.transaction_id == ch.transaction_id)
    else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction for this challenge.",
        );
    };
    t.status = status.into();
    t.failure_reason = reason.map(str::to_string);
    t.updated_ms = now;
    drop(w);
    shared.save();
    Json(json!({ "status": status, "failureReason": reason })).into_response()
}
