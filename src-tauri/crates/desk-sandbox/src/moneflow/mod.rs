//! MonEFlow Pay: HTTP Basic `clientId:secret` for the server, client tokens (base64 JSON with
//! an HMAC `authorizationFingerprint`, 8 hours on the sandbox clock) for the SDK, one-time
//! payment nonces (see [`tokens`]), transactions, and vaulted payment methods.
//!
//! A repeated `orderId` answers 200 with the existing transaction (checked before the nonce),
//! or, under the `noDedup` switch, goes on as a new transaction (so a used nonce is refused
//! with `nonce_used`, a vaulted token pays twice); `GET …/transactions?orderId=` looks an
//! `orderId` up, as Braintree's transaction search by order id.
//!
//! A card is saved (`vault: true`, or `POST …/payment_methods`) only from a nonce that carries
//! the customer's consent, ticked in the card page ([`vault`]).

mod after_sale;
mod tokens;
mod vault;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_domain::Provider;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::clock::{parse_rfc3339, rfc3339};
use crate::http::{self, HeaderMap, Req, Response, Routes, StatusCode};
use crate::keys::{self, KeyKind};
use crate::merchant::MerchantCredentials;
use crate::reply::{error, page_answer};
use crate::shared::Shared;
use crate::strict::{check_currency, check_customer_id};
use crate::world::MoneflowTransaction;

/// How long a client token lives.
pub const TOKEN_TTL_MS: i64 = 8 * 3600 * 1000;

/// Routes of the MonEFlow Pay listener (the SDK page is added by `sdk`).
pub fn routes() -> Routes {
    Routes::new()
        .merge(tokens::routes())
        .get("/v1/merchants/{mid}/transactions", list)
        .post("/v1/merchants/{mid}/transactions", create)
        .get("/v1/merchants/{mid}/transactions/{id}", read)
        .post(
            "/v1/merchants/{mid}/transactions/{id}/{action}",
            after_sale::change,
        )
        .merge(vault::routes())
}

pub(crate) fn authenticate(
    shared: &Shared,
    headers: &HeaderMap,
    mid: &str,
) -> Result<MerchantCredentials, Response> {
    let unauthorized = |code, msg: &str| Err(error(StatusCode::UNAUTHORIZED, code, msg));
    let Some(basic) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    else {
        return unauthorized(
            "missing_api_key",
            "Use HTTP Basic authentication with clientId:secret.",
        );
    };
    let Some((id, secret)) = B64
        .decode(basic)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            s.split_once(':')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
    else {
        return unauthorized("invalid_api_key", "The Basic credentials are malformed.");
    };
    if let Some(message) = keys::wrong_environment(shared, KeyKind::MoneflowClientId, &id) {
        return unauthorized("wrong_environment", &message);
    }
    match shared
        .world()
        .merchants
        .iter()
        .find(|m| m.moneflow.client_id == id)
    {
        Some(m) if m.moneflow.secret == secret && m.moneflow.merchant_id == mid => Ok(m.clone()),
        Some(m) if m.moneflow.secret == secret => {
            let _ = m;
            Err(error(
                StatusCode::NOT_FOUND,
                "not_found",
                "These credentials belong to another merchant id.",
            ))
        }
        _ => unauthorized("invalid_api_key", "Unknown client id or wrong secret."),
    }
}

/// The brand of a card number (sandbox test cards: Visa).
pub(crate) fn brand(number: &str) -> &'static str {
    match number.chars().next() {
        Some('4') => "Visa",
        Some('5') => "Mastercard",
        Some('3') => "Amex",
        _ => "Card",
    }
}

/// How long an authorisation lives (docs/provider-api.md: 7 days).
pub const AUTHORIZATION_TTL_MS: i64 = 7 * 86_400_000;

/// The transaction's status at `now`: an authorisation past its lifetime has expired.
fn status_at(t: &MoneflowTransaction, now: i64) -> (&str, i64) {
    let lapses = t.created_ms + AUTHORIZATION_TTL_MS;
    if t.status == "authorized" && now >= lapses {
        ("authorization_expired", lapses)
    } else {
        (&t.status, t.updated_ms)
    }
}

fn view(t: &MoneflowTransaction, now: i64) -> Value {
    let (status, updated) = status_at(t, now);
    let expires = (t.intent == "authorize").then(|| rfc3339(t.created_ms + AUTHORIZATION_TTL_MS));
    json!({
        "id": t.id, "type": t.kind, "orderId": t.order_id, "amount": t.amount, "currency": t.currency,
        "intent": t.intent, "status": status, "responseCode": t.response_code,
        "responseMessage": t.response_message, "card": { "brand": t.brand, "last4": t.last4 },
        "holderName": t.holder, "customerId": t.customer_id,
        "paymentMethodToken": t.payment_method_token,
        "capturedAmount": t.captured_amount, "refundedAmount": t.refunded_amount,
        "refundIds": t.refund_ids, "refundedTransactionId": t.refunded_transaction_id,
        "authorizationExpiresAt": expires,
        "createdAt": rfc3339(t.created_ms), "updatedAt": rfc3339(updated), "updatedMs": updated,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTransaction {
    payment_nonce: Option<String>,
    payment_method_token: Option<String>,
    amount: Option<i64>,
    currency: Option<String>,
    order_id: Option<String>,
    #[serde(default)]
    vault: bool,
    customer_id: Option<String>,
    intent: Option<String>,
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<NewTransaction>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let mid = req.param("mid").to_owned();
    if let Err(r) = authenticate(&shared, req.headers(), &mid) {
        return r;
    }
    let Some(b) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be JSON.",
        );
    };
    let (Some(amount), Some(currency), Some(order_id)) =
        (b.amount.filter(|a| *a > 0), b.currency, b.order_id)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount, currency and orderId are required.",
        );
    };
    if let Err(r) = check_currency(&currency) {
        return r;
    }
    let authorize = match b.intent.as_deref() {
        None | Some("sale") => false,
        Some("authorize") => true,
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "intent is sale or authorize.",
            );
        }
    };
    let source = match (b.payment_nonce, b.payment_method_token) {
        (Some(n), None) => vault::Source::Nonce(n),
        (None, Some(t)) => vault::Source::Saved(t),
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Send exactly one of paymentNonce and paymentMethodToken.",
            );
        }
    };
    if let Some(Err(r)) = b
        .customer_id
        .as_deref()
        .map(|c| check_customer_id("customerId", c))
    {
        return r;
    }
    let vault_for = match (b.vault, &source, &b.customer_id) {
        (false, _, _) => None,
        (true, vault::Source::Nonce(_), Some(customer)) => Some(customer.clone()),
        (true, vault::Source::Nonce(_), None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "vault: true needs the customerId the card is saved for.",
            );
        }
        (true, vault::Source::Saved(_), _) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "vault: true is for a nonce: this payment method is saved already.",
            );
        }
    };
    let now = shared.clock.now_ms();
    let no_dedup = shared.faults.no_dedup(Provider::Moneflow);
    let mut w = shared.world();
    let existing = w
        .moneflow
        .iter()
        .find(|t| t.merchant_id == mid && t.order_id == order_id)
        .map(|t| view(t, now));
    shared
        .creates()
        .create(Provider::Moneflow, &mid, &order_id, existing.is_some(), now);
    if let Some(v) = existing.filter(|_| !no_dedup) {
        return http::json(StatusCode::OK, &v);
    }
    let paid = match vault::take(
        &mut w,
        &mid,
        &source,
        b.customer_id.as_deref(),
        vault_for.is_some(),
    ) {
        Ok(paid) => paid,
        Err(r) => return r,
    };
    let card = paid.card;
    let (status, code, message) = match card.number.as_str() {
        "4000000000000002" => ("declined", "20001", "Declined"),
        "4000000000009995" => ("declined", "20051", "Insufficient funds"),
        _ if authorize => ("authorized", "10000", "Approved"),
        _ => ("settled", "10000", "Approved"),
    };
    let saved = vault_for
        .filter(|_| status != "declined")
        .map(|customer| vault::save(&mut w, &card, &customer, now));
    let id = w.id();
    let t = MoneflowTransaction {
        id: format!("mft_{id:06}"),
        merchant_id: mid,
        order_id,
        amount,
        currency,
        kind: "sale".into(),
        intent: if authorize { "authorize" } else { "sale" }.into(),
        status: status.into(),
        captured_amount: None,
        refunded_amount: 0,
        refund_ids: Vec::new(),
        refunded_transaction_id: None,
        response_code: code.into(),
        response_message: message.into(),
        brand: brand(&card.number).into(),
        last4: card.number[card.number.len() - 4..].to_string(),
        payment_method_token: saved.or(paid.token),
        customer_id: b.customer_id.or(card.customer_id.clone()),
        holder: card.holder.clone(),
        created_ms: now,
        updated_ms: now,
    };
    let v = view(&t, now);
    w.moneflow.push(t);
    drop(w);
    shared.save();
    http::json(StatusCode::CREATED, &v)
}

async fn read(shared: Shared, req: Req) -> Response {
    let (mid, id) = (req.param("mid"), req.param("id"));
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let now = shared.clock.now_ms();
    let w = shared.world();
    match w
        .moneflow
        .iter()
        .find(|t| t.merchant_id == mid && t.id == id)
    {
        Some(t) => {
            shared
                .creates()
                .lookup(Provider::Moneflow, mid, &t.order_id);
            http::json(StatusCode::OK, &view(t, now))
        }
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction with that id.",
        ),
    }
}

async fn list(shared: Shared, req: Req) -> Response {
    let (mid, q) = (req.param("mid"), req.query_map());
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let now = shared.clock.now_ms();
    let w = shared.world();
    if let Some(order_id) = q.get("orderId") {
        let mut found: Vec<&MoneflowTransaction> = w
            .moneflow
            .iter()
            .filter(|t| t.merchant_id == mid && &t.order_id == order_id)
            .collect();
        found.sort_by_key(|t| t.created_ms);
        let data: Vec<Value> = found.into_iter().map(|t| view(t, now)).collect();
        shared.creates().lookup(Provider::Moneflow, mid, order_id);
        return http::json(StatusCode::OK, &json!({ "data": data, "nextCursor": null }));
    }
    let since = q.get("updated_since").and_then(|s| parse_rfc3339(s));
    let mut items: Vec<(i64, &MoneflowTransaction)> = w
        .moneflow
        .iter()
        .filter(|t| t.merchant_id == mid)
        .map(|t| (status_at(t, now).1, t))
        .filter(|(updated, _)| since.is_none_or(|s| *updated > s))
        .collect();
    items.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    let views: Vec<Value> = items.into_iter().map(|(_, t)| view(t, now)).collect();
    page_answer(views, &q)
}
