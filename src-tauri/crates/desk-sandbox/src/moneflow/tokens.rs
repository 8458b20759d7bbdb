//! MonEFlow Pay's client tokens (base64 JSON with an HMAC `authorizationFingerprint`, 8 hours
//! on the sandbox clock) and the SDK's card tokenisation into one-time payment nonces.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use super::{TOKEN_TTL_MS, authenticate, brand};
use crate::clock::rfc3339;
use crate::http::{self, HeaderMap, Req, Response, Routes, StatusCode};
use crate::reply::error;
use crate::shared::Shared;
use crate::world::CardRecord;

/// The token and tokenisation routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .post("/v1/merchants/{mid}/client_token", client_token)
        .post("/v1/sdk/tokenize", tokenize)
}

fn fingerprint(shared: &Shared, merchant: &str, issued: i64, expires: i64) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&shared.token_key[..])
        .unwrap_or_else(|_| unreachable!("any key length"));
    mac.update(format!("{merchant}|{issued}|{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

async fn client_token(shared: Shared, req: Req) -> Response {
    let mid = req.param("mid");
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let issued = shared.clock.now_ms();
    let expires = issued + TOKEN_TTL_MS;
    let body = json!({
        "version": 1, "merchantId": mid, "issuedOn": issued, "expiresOn": expires,
        "authorizationFingerprint": fingerprint(&shared, mid, issued, expires),
        "configUrl": format!("/v1/merchants/{mid}/configuration"),
    });
    let token = B64URL.encode(body.to_string());
    http::json(
        StatusCode::CREATED,
        &json!({ "accessToken": token, "issuedOn": rfc3339(issued), "expiresOn": rfc3339(expires) }),
    )
}

/// The merchant a bearer client token was issued to, or the refusal.
fn token_merchant(shared: &Shared, headers: &HeaderMap) -> Result<String, Response> {
    let invalid = |code, msg: &str| Err(error(StatusCode::UNAUTHORIZED, code, msg));
    let Some(token) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return invalid("token_invalid", "Initialise the SDK with a client token.");
    };
    let Some(t) = B64URL
        .decode(token)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    else {
        return invalid("token_invalid", "The client token is malformed.");
    };
    let (Some(mid), Some(issued), Some(expires), Some(fp)) = (
        t["merchantId"].as_str(),
        t["issuedOn"].as_i64(),
        t["expiresOn"].as_i64(),
        t["authorizationFingerprint"].as_str(),
    ) else {
        return invalid("token_invalid", "The client token is malformed.");
    };
    if fingerprint(shared, mid, issued, expires) != fp {
        return invalid(
            "token_invalid",
            "The client token's signature does not verify.",
        );
    }
    if shared.clock.now_ms() >= expires {
        return invalid(
            "token_expired",
            "The client token expired (tokens live 8 hours): ask the server for a new one.",
        );
    }
    Ok(mid.to_string())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CardInput {
    number: String,
    exp_month: u32,
    exp_year: u32,
    cvv: String,
    #[serde(default)]
    holder_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tokenize {
    card: CardInput,
    /// The customer ticked "Save this card for next time" (the page's `vault=offer`).
    #[serde(default)]
    vault_consent: bool,
}

async fn tokenize(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<Tokenize>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let mid = match token_merchant(&shared, req.headers()) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(Tokenize {
        card,
        vault_consent,
    }) = body
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "card is required.",
        );
    };
    let number: String = card.number.chars().filter(char::is_ascii_digit).collect();
    if !(13..=19).contains(&number.len()) {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The card number must have 13 to 19 digits.",
        );
    }
    if !(1..=12).contains(&card.exp_month)
        || card.exp_year < 2025
        || !(3..=4).contains(&card.cvv.len())
    {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Check the expiry date and the CVV.",
        );
    }
    let nonce = format!(
        "nonce_{}",
        hex::encode(rand::thread_rng().r#gen::<[u8; 12]>())
    );
    let last4 = number[number.len() - 4..].to_string();
    let b = brand(&number);
    shared.world().cards.insert(
        nonce.clone(),
        CardRecord {
            merchant_id: mid,
            number,
            holder: card.holder_name,
            used: false,
            created_ms: shared.clock.now_ms(),
            vault_consent,
            customer_id: None,
        },
    );
    http::json(
        StatusCode::CREATED,
        &json!({ "nonce": nonce, "card": { "brand": b, "last4": last4 }, "vaultConsent": vault_consent }),
    )
}
