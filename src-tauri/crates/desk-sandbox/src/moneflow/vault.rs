//! MonEFlow Pay's Vault (Braintree's payment methods): a card is saved for a customer only
//! from a nonce that carries the customer's consent (ticked in the card page), is charged
//! later by its token with no card page, and can be removed; a removed or unknown token pays
//! nothing (`payment_method_invalid`).

use rand::Rng;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{authenticate, brand};
use crate::clock::rfc3339;
use crate::http::{self, Req, Response, Routes, StatusCode};
use crate::reply::error;
use crate::shared::Shared;
use crate::strict::check_customer_id;
use crate::world::{CardRecord, World};

/// The payment-method routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/v1/merchants/{mid}/payment_methods", list)
        .post("/v1/merchants/{mid}/payment_methods", create)
        .get("/v1/merchants/{mid}/payment_methods/{token}", read)
        .delete("/v1/merchants/{mid}/payment_methods/{token}", remove)
}

/// What pays for a sale.
pub(super) enum Source {
    /// A one-time nonce from the card page.
    Nonce(String),
    /// A saved card's token.
    Saved(String),
}

/// The card taken to pay, and the saved card's token when one paid.
pub(super) struct Paid {
    /// The card.
    pub card: CardRecord,
    /// The token charged, for a saved card.
    pub token: Option<String>,
}

fn refused(code: &str, message: &str) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

/// Takes what pays for a sale of merchant `mid`: a nonce is spent (refused when unknown, used,
/// or, when `saving`, without the customer's consent: then it stays unused); a saved card is
/// refused when unknown, removed, another merchant's, or not `customer`'s.
pub(super) fn take(
    w: &mut World,
    mid: &str,
    source: &Source,
    customer: Option<&str>,
    saving: bool,
) -> Result<Paid, Response> {
    match source {
        Source::Nonce(nonce) => {
            let Some(card) = w
                .cards
                .get_mut(nonce)
                .filter(|c| nonce.starts_with("nonce_") && c.merchant_id == mid)
            else {
                return Err(refused("nonce_invalid", "Unknown payment nonce."));
            };
            if card.used {
                return Err(refused(
                    "nonce_used",
                    "This payment nonce was already used: a nonce pays once.",
                ));
            }
            if saving && !card.vault_consent {
                return Err(refused(
                    "vault_consent_missing",
                    "The customer did not agree to save this card: nothing was charged.",
                ));
            }
            card.used = true;
            Ok(Paid {
                card: card.clone(),
                token: None,
            })
        }
        Source::Saved(token) => {
            let card = w.cards.get(token).filter(|c| {
                token.starts_with("pm_")
                    && c.merchant_id == mid
                    && customer.is_none_or(|cu| c.customer_id.as_deref() == Some(cu))
            });
            match card {
                Some(card) => Ok(Paid {
                    card: card.clone(),
                    token: Some(token.clone()),
                }),
                None => Err(refused(
                    "payment_method_invalid",
                    "Unknown or removed payment method (or not this customer's).",
                )),
            }
        }
    }
}

/// Saves `card` as a payment method of `customer`; returns its token.
pub(super) fn save(w: &mut World, card: &CardRecord, customer: &str, now: i64) -> String {
    let token = format!("pm_{}", hex::encode(rand::thread_rng().r#gen::<[u8; 8]>()));
    w.cards.insert(
        token.clone(),
        CardRecord {
            used: false,
            vault_consent: true,
            customer_id: Some(customer.to_string()),
            created_ms: now,
            ..card.clone()
        },
    );
    token
}

fn view(token: &str, c: &CardRecord) -> Value {
    json!({
        "token": token, "customerId": c.customer_id,
        "card": { "brand": brand(&c.number), "last4": &c.number[c.number.len() - 4..] },
        "holderName": c.holder, "createdAt": rfc3339(c.created_ms),
    })
}

/// The saved card `token` of merchant `mid`.
fn saved<'w>(w: &'w World, mid: &str, token: &str) -> Option<&'w CardRecord> {
    w.cards
        .get(token)
        .filter(|c| token.starts_with("pm_") && c.merchant_id == mid)
}

fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "No payment method with that token.",
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewMethod {
    payment_nonce: String,
    customer_id: String,
}

/// `POST …/payment_methods`: saves the card behind a consenting nonce, charging nothing.
async fn create(shared: Shared, mut req: Req) -> Response {
    let b = match req.checked::<NewMethod>().await {
        Ok(b) => b,
        Err(refusal) => return refusal,
    };
    let mid = req.param("mid");
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    if let Err(r) = check_customer_id("customerId", &b.customer_id) {
        return r;
    }
    let now = shared.clock.now_ms();
    let body = {
        let mut w = shared.world();
        let source = Source::Nonce(b.payment_nonce);
        let paid = match take(&mut w, mid, &source, None, true) {
            Ok(paid) => paid,
            Err(r) => return r,
        };
        let token = save(&mut w, &paid.card, &b.customer_id, now);
        saved(&w, mid, &token).map(|c| view(&token, c))
    };
    shared.save();
    http::json(StatusCode::CREATED, &body)
}

/// `GET …/payment_methods?customerId=`: the customer's saved cards, oldest first.
async fn list(shared: Shared, req: Req) -> Response {
    let (mid, q) = (req.param("mid"), req.query_map());
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let Some(customer) = q.get("customerId") else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "customerId is required.",
        );
    };
    let w = shared.world();
    let mut found: Vec<(&String, &CardRecord)> = w
        .cards
        .iter()
        .filter(|(token, c)| {
            token.starts_with("pm_")
                && c.merchant_id == mid
                && c.customer_id.as_deref() == Some(customer.as_str())
        })
        .collect();
    found.sort_by(|a, b| (a.1.created_ms, a.0).cmp(&(b.1.created_ms, b.0)));
    let data: Vec<Value> = found.into_iter().map(|(t, c)| view(t, c)).collect();
    http::json(StatusCode::OK, &json!({ "data": data, "nextCursor": null }))
}

async fn read(shared: Shared, req: Req) -> Response {
    let (mid, token) = (req.param("mid"), req.param("token"));
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let w = shared.world();
    match saved(&w, mid, token) {
        Some(c) => http::json(StatusCode::OK, &view(token, c)),
        None => not_found(),
    }
}

/// `DELETE …/payment_methods/{token}`: 204, then the token is unknown (404, and a sale with it
/// is refused).
async fn remove(shared: Shared, req: Req) -> Response {
    let (mid, token) = (req.param("mid"), req.param("token"));
    if let Err(r) = authenticate(&shared, req.headers(), mid) {
        return r;
    }
    let removed = {
        let mut w = shared.world();
        saved(&w, mid, token).is_some() && w.cards.remove(token).is_some()
    };
    if !removed {
        return not_found();
    }
    shared.save();
    http::empty(StatusCode::NO_CONTENT)
}
