//! Mona: the private key (`mona_sk_sandbox_…`) in `x-api-key` for server calls, the public key
//! plus a resource id for the SDK, and strong customer authentication for real: the SDK signs
//! a consent challenge with a device key (ECDSA P-256) and the payment completes only once
//! that signature verifies (see [`sca`]).
//!
//! A repeated `reference` answers 200 with the existing transaction, or makes a second one
//! under the `noDedup` switch; `GET /pay?reference=` looks a reference up.
//!
//! Collections ([`collections`]) and verifications ([`verifications`]) are consented to in
//! the same SDK page; every consent is bound to a device the customer registered ([`devices`]).
//! Every authenticated call first makes the collections' charges that fell due.

pub mod collections;
pub mod customer_device;
mod devices;
mod sca;
pub mod verifications;

pub(crate) use sca::public_merchant;

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
use crate::world::{MonaCustomer, MonaTransaction};

/// Routes of the Mona listener (the SDK page is added by `sdk`).
pub fn routes() -> Routes {
    Routes::new()
        .get("/merchant", merchant)
        .post("/pay/create", create)
        .get("/pay", list)
        .get("/pay/{id}", read)
        .merge(collections::routes())
        .merge(verifications::routes())
        .merge(sca::routes())
}

/// The `customer` of `body`: `None` when absent, or the refusal (400) of one that is not
/// `{name?, email, id?}`; with `email_required`, an email is required.
pub(crate) fn customer(
    body: &Value,
    email_required: bool,
) -> Result<Option<MonaCustomer>, Response> {
    let bad = |m: &str| Err(error(StatusCode::BAD_REQUEST, "invalid_request", m));
    let c = match &body["customer"] {
        Value::Null => return Ok(None),
        Value::Object(c) => c,
        _ => return bad("customer must be {name, email, id?}."),
    };
    let text = |field: &str| match c.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(()),
    };
    let (Ok(name), Ok(email), Ok(id)) = (text("name"), text("email"), text("id")) else {
        return bad("customer.name, customer.email and customer.id must be text.");
    };
    let email = email.unwrap_or_default();
    if email_required && !email.contains('@') {
        return bad("customer.email is required.");
    }
    if let Some(id) = &id
        && let Err(r) = check_customer_id("customer.id", id)
    {
        return Err(r);
    }
    Ok(Some(MonaCustomer {
        name: name.unwrap_or_default(),
        email,
        id,
    }))
}

/// A customer as served (`{name, email, id}`).
pub(crate) fn customer_json(c: &MonaCustomer) -> Value {
    json!({ "name": c.name, "email": c.email, "id": c.id })
}

/// The merchant whose private key is in `x-api-key`, or the refusal.
/// A create's JSON body and its merchant, refused in the contract's order: a body that does
/// not read, then the key, then a missing body.
pub(super) async fn body_and_merchant<T: serde::de::DeserializeOwned>(
    shared: &Shared,
    req: &mut Req,
) -> Result<(T, MerchantCredentials), Response> {
    let body = req.optional_checked::<T>().await?;
    let merchant = authenticate(shared, req.headers())?;
    let body = body.ok_or_else(|| {
        error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be JSON.",
        )
    })?;
    Ok((body, merchant))
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<MerchantCredentials, Response> {
    let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "missing_api_key",
            "Send your private key in the x-api-key header.",
        ));
    };
    if let Some(message) = keys::wrong_environment(shared, KeyKind::MonaPrivate, key) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "wrong_environment",
            &message,
        ));
    }
    if key.starts_with("mona_pub_") {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "A public key cannot make server calls; use the private key.",
        ));
    }
    let merchant = shared
        .world()
        .merchants
        .iter()
        .find(|m| m.mona.private_key == key)
        .cloned()
        .ok_or_else(|| {
            error(
                StatusCode::UNAUTHORIZED,
                "invalid_api_key",
                "Unknown API key.",
            )
        })?;
    collections::catch_up(shared);
    Ok(merchant)
}

fn view(t: &MonaTransaction, base: &str) -> Value {
    json!({
        "transactionId": t.transaction_id, "friendlyID": t.friendly_id,
        "url": format!("{base}sdk/checkout?transactionId={}", t.transaction_id),
        "reference": t.reference, "amount": t.amount, "currency": t.currency,
        "description": t.description, "customerName": t.customer_name,
        "customerId": t.customer_id, "collectionId": t.collection_id, "status": t.status,
        "failureReason": t.failure_reason, "createdAt": rfc3339(t.created_ms),
        "updatedAt": rfc3339(t.updated_ms), "updatedMs": t.updated_ms,
    })
}

fn base(shared: &Shared, headers: &HeaderMap) -> String {
    shared.page_base(Provider::Mona, headers)
}

async fn merchant(shared: Shared, req: Req) -> Response {
    match authenticate(&shared, req.headers()) {
        Ok(m) => http::json(
            StatusCode::OK,
            &json!({ "merchantId": m.moneflow.merchant_id, "name": m.name, "environment": shared.environment().as_str() }),
        ),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct NewTransaction {
    amount: Option<i64>,
    currency: Option<String>,
    reference: Option<String>,
    #[serde(default)]
    description: String,
    customer: Option<Value>,
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let (b, m) = match body_and_merchant::<NewTransaction>(&shared, &mut req).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let headers = req.headers();
    let (Some(amount), Some(currency), Some(reference)) =
        (b.amount.filter(|a| *a > 0), b.currency, b.reference)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount (positive integer, kobo), currency and reference are required.",
        );
    };
    if let Err(r) = check_currency(&currency) {
        return r;
    }
    let body_customer = json!({ "customer": b.customer });
    let customer = match customer(&body_customer, false) {
        Ok(c) => c.unwrap_or_default(),
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let no_dedup = shared.faults.no_dedup(Provider::Mona);
    let owner = &m.mona.private_key;
    let (status, v) = {
        let mut w = shared.world();
        let existing = w
            .mona
            .iter()
            .find(|t| &t.owner == owner && t.reference == reference)
            .map(|t| view(t, &base(&shared, headers)));
        shared
            .creates()
            .create(Provider::Mona, owner, &reference, existing.is_some(), now);
        if let Some(v) = existing.filter(|_| !no_dedup) {
            (StatusCode::OK, v)
        } else {
            let id = w.id();
            let t = MonaTransaction {
                transaction_id: format!("txn_{id:06}"),
                friendly_id: format!("MONA-{id:04}"),
                owner: m.mona.private_key.clone(),
                reference,
                amount,
                currency,
                description: b.description,
                customer_name: customer.name,
                customer_email: customer.email,
                customer_id: customer.id,
                collection_id: None,
                status: "pending".into(),
                failure_reason: None,
                created_ms: now,
                updated_ms: now,
            };
            let v = view(&t, &base(&shared, headers));
            w.mona.push(t);
            (StatusCode::CREATED, v)
        }
    };
    shared.save();
    http::json(status, &v)
}

async fn read(shared: Shared, req: Req) -> Response {
    let (headers, id) = (req.headers(), req.param("id"));
    let m = match authenticate(&shared, headers) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let w = shared.world();
    match w
        .mona
        .iter()
        .find(|t| t.owner == m.mona.private_key && t.transaction_id == id)
    {
        Some(t) => {
            shared
                .creates()
                .lookup(Provider::Mona, &m.mona.private_key, &t.reference);
            http::json(StatusCode::OK, &view(t, &base(&shared, headers)))
        }
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No transaction with that id.",
        ),
    }
}

/// `GET /pay?reference=`: every transaction of the merchant holding `reference`, oldest first.
fn by_reference(shared: &Shared, headers: &HeaderMap, owner: &str, reference: &str) -> Response {
    let w = shared.world();
    let mut found: Vec<&MonaTransaction> = w
        .mona
        .iter()
        .filter(|t| t.owner == owner && t.reference == reference)
        .collect();
    found.sort_by_key(|t| t.created_ms);
    let data: Vec<Value> = found
        .into_iter()
        .map(|t| view(t, &base(shared, headers)))
        .collect();
    shared.creates().lookup(Provider::Mona, owner, reference);
    http::json(StatusCode::OK, &json!({ "data": data, "nextCursor": null }))
}

async fn list(shared: Shared, req: Req) -> Response {
    let (headers, q) = (req.headers(), req.query_map());
    let m = match authenticate(&shared, headers) {
        Ok(m) => m,
        Err(r) => return r,
    };
    if let Some(reference) = q.get("reference") {
        return by_reference(&shared, headers, &m.mona.private_key, reference);
    }
    let since = q.get("updated_since").and_then(|s| parse_rfc3339(s));
    let mut items: Vec<&MonaTransaction> = Vec::new();
    let w = shared.world();
    items.extend(
        w.mona
            .iter()
            .filter(|t| t.owner == m.mona.private_key && since.is_none_or(|s| t.updated_ms > s)),
    );
    items.sort_by(|a, b| (a.updated_ms, &a.transaction_id).cmp(&(b.updated_ms, &b.transaction_id)));
    let views: Vec<Value> = items
        .into_iter()
        .map(|t| view(t, &base(&shared, headers)))
        .collect();
    page_answer(views, &q)
}
