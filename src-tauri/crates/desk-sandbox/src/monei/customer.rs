//! The customer's step of a Monei payment: the public calls of the payment page (monei.js's,
//! with the payment id only, never a key). The card becomes a `paymentToken` bound to that
//! payment (one use, 15 minutes), and confirming with it completes the payment as the test
//! card says: the only way a sandbox Monei payment becomes `SUCCEEDED` or `FAILED`.

use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use super::status_at;
use crate::http::{self, HeaderMap, Req, Response, Routes, StatusCode};
use crate::moneflow::brand;
use crate::reply::error;
use crate::shared::Shared;
use crate::world::MoneiToken;

/// How long a `paymentToken` lives, in ms.
const TOKEN_TTL_MS: i64 = 15 * 60_000;

/// The page's public routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/sdk/v1/payments/{id}", summary)
        .post("/sdk/v1/tokens", tokenize)
        .post("/sdk/v1/payments/{id}/confirm", confirm)
}

/// Whether a payment with `id` exists (the page is served for it).
pub(crate) fn exists(shared: &Shared, id: &str) -> bool {
    shared.world().monei.iter().any(|p| p.id == id)
}

/// A key sent from the page is refused: the page works with the payment id only.
fn refuse_key(headers: &HeaderMap) -> Result<(), Response> {
    if headers.contains_key("x-api-key") {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Never send the API key from the payment page: it takes the payment id only.",
        ));
    }
    Ok(())
}

fn no_payment() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "No payment with that id.",
    )
}

fn not_pending(status: &str) -> Response {
    error(
        StatusCode::CONFLICT,
        "conflict",
        &format!("This payment is {status}: it can no longer be paid."),
    )
}

/// `GET /sdk/v1/payments/{id}`: what the page shows.
async fn summary(shared: Shared, req: Req) -> Response {
    let id = req.param("id");
    if let Err(r) = refuse_key(req.headers()) {
        return r;
    }
    let now = shared.clock.now_ms();
    let w = shared.world();
    let Some(p) = w.monei.iter().find(|p| p.id == id) else {
        return no_payment();
    };
    let account = w
        .merchants
        .iter()
        .find(|m| m.monei.api_key == p.owner)
        .map(|m| m.name.clone());
    let (status, reason, _) = status_at(p, now);
    http::json(
        StatusCode::OK,
        &json!({
            "id": p.id, "amount": p.amount, "currency": p.currency, "description": p.description,
            "accountName": account, "status": status, "statusReason": reason,
        }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CardInput {
    number: String,
    exp_month: u32,
    exp_year: u32,
    cvc: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewToken {
    payment_id: String,
    card: CardInput,
}

/// `POST /sdk/v1/tokens`: the card, for one pending payment, as a `paymentToken`.
async fn tokenize(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<NewToken>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    if let Err(r) = refuse_key(req.headers()) {
        return r;
    }
    let Some(NewToken { payment_id, card }) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "paymentId and card are required.",
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
        || !(3..=4).contains(&card.cvc.len())
        || !card.cvc.chars().all(|c| c.is_ascii_digit())
    {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Check the expiry date and the CVC.",
        );
    }
    let now = shared.clock.now_ms();
    let mut w = shared.world();
    let Some(p) = w.monei.iter().find(|p| p.id == payment_id) else {
        return no_payment();
    };
    match status_at(p, now).0 {
        "PENDING" => {}
        other => return not_pending(other),
    }
    let token = format!(
        "ptk_{}",
        hex::encode(rand::thread_rng().r#gen::<[u8; 16]>())
    );
    let last4 = number[number.len() - 4..].to_string();
    let brand = brand(&number);
    w.monei_tokens.insert(
        token.clone(),
        MoneiToken {
            payment_id,
            number,
            used: false,
            created_ms: now,
        },
    );
    drop(w);
    shared.save();
    http::json(
        StatusCode::CREATED,
        &json!({ "paymentToken": token, "card": { "brand": brand, "last4": last4 } }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Confirm {
    payment_token: String,
}

/// `POST /sdk/v1/payments/{id}/confirm`: completes a pending payment with its token, as the
/// test card says.
async fn confirm(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<Confirm>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let id = req.param("id");
    if let Err(r) = refuse_key(req.headers()) {
        return r;
    }
    let Some(Confirm { payment_token }) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "paymentToken is required.",
        );
    };
    let now = shared.clock.now_ms();
    let mut w = shared.world();
    let Some(p) = w.monei.iter().find(|p| p.id == id) else {
        return no_payment();
    };
    match status_at(p, now).0 {
        "PENDING" => {}
        other => return not_pending(other),
    }
    let Some(token) = w
        .monei_tokens
        .get_mut(&payment_token)
        .filter(|t| !t.used && t.payment_id == id && now - t.created_ms < TOKEN_TTL_MS)
    else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "payment_token_invalid",
            "This payment token is unknown, used, expired or for another payment.",
        );
    };
    token.used = true;
    let number = token.number.clone();
    let (status, reason) = match number.as_str() {
        "4242424242424242" => ("SUCCEEDED", None),
        "4000000000000002" => ("FAILED", Some("card_declined")),
        "4000000000009995" => ("FAILED", Some("insufficient_funds")),
        _ => {
            drop(w);
            shared.save();
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "card_declined",
                "Use one of the sandbox test cards.",
            );
        }
    };
    let Some(p) = w.monei.iter_mut().find(|p| p.id == id) else {
        return no_payment();
    };
    p.status = status.into();
    p.status_reason = reason.map(str::to_string);
    p.updated_ms = now;
    p.card = Some((
        brand(&number).into(),
        number[number.len() - 4..].to_string(),
    ));
    drop(w);
    shared.save();
    http::json(
        StatusCode::OK,
        &json!({ "id": id, "status": status, "statusReason": reason }),
    )
}
