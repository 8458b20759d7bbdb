//! Monei payments: `x-api-key` with `sk_test_` (a live key is the wrong environment here) and
//! the documented rate limits per key and minute: reads 1000, writes 100, authentication 10.
//!
//! A repeated `orderId` answers 200 with the existing payment, or makes a second one under the
//! `noDedup` switch; `GET /v1/payments?orderId=` looks an `orderId` up (MONEI's REST API has
//! no list: a live integration reads the same through MONEI's GraphQL API).
//!
//! A payment stays `PENDING` until its customer pays on the payment page ([`customer`]), whose
//! address the payment's `nextAction.redirectUrl` gives; never completed, it reads `EXPIRED`
//! seven days after it was created.

pub(crate) mod customer;

use desk_domain::Provider;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::clock::{parse_rfc3339, rfc3339};
use crate::http::{self, HeaderMap, HeaderName, HeaderValue, Req, Response, Routes, StatusCode};
use crate::keys::{self, KeyKind};
use crate::reply::{error, page};
use crate::shared::Shared;
use crate::strict::check_currency;
use crate::world::{MoneiPayment, MoneiRefund};

/// Routes of the Monei listener.
pub fn routes() -> Routes {
    Routes::new()
        .get("/v1/account", account)
        .get("/v1/payments", list)
        .post("/v1/payments", create)
        .get("/v1/payments/{id}", read)
        .post("/v1/payments/{id}/refund", refund)
        .merge(customer::routes())
}

/// How long a payment waits for its customer (MONEI: seven days), in ms.
const EXPIRY_MS: i64 = 7 * 86_400_000;

/// Where the payment page is served (see [`Shared::page_base`]).
fn base(shared: &Shared, headers: &HeaderMap) -> String {
    shared.page_base(Provider::Monei, headers)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Read,
    Write,
    Auth,
}

impl Class {
    fn limit(self) -> u32 {
        match self {
            Class::Read => 1000,
            Class::Write => 100,
            Class::Auth => 10,
        }
    }
}

/// Authenticates and counts the request; the refusal, or the rate-limit headers to add.
fn admit(
    shared: &Shared,
    headers: &HeaderMap,
    class: Class,
) -> Result<(String, [(String, String); 2]), Response> {
    let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "missing_api_key",
            "Send your API key in the x-api-key header.",
        ));
    };
    if let Some(message) = keys::wrong_environment(shared, KeyKind::Monei, key) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "wrong_environment",
            &message,
        ));
    }
    if !shared
        .world()
        .merchants
        .iter()
        .any(|m| m.monei.api_key == key)
    {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Unknown API key.",
        ));
    }
    let now = shared.clock.now_ms();
    let minute = now / 60_000;
    let mut windows = shared
        .rate_windows
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let entry = windows
        .entry((key.to_string(), class as u8))
        .or_insert((minute, 0));
    if entry.0 != minute {
        *entry = (minute, 0);
    }
    let limit = class.limit();
    if entry.1 >= limit {
        let retry = 60 - (now % 60_000) / 1000;
        let mut r = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests; retry after the time in Retry-After.",
        );
        let h = r.headers_mut();
        h.insert("retry-after", HeaderValue::from(retry.max(1) as u64));
        h.insert("x-ratelimit-limit", HeaderValue::from(limit));
        h.insert("x-ratelimit-remaining", HeaderValue::from(0u32));
        return Err(r);
    }
    entry.1 += 1;
    let remaining = limit - entry.1;
    Ok((
        key.to_string(),
        [
            ("x-ratelimit-limit".into(), limit.to_string()),
            ("x-ratelimit-remaining".into(), remaining.to_string()),
        ],
    ))
}

fn with_headers(mut r: Response, headers: [(String, String); 2]) -> Response {
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
            r.headers_mut().insert(k, v);
        }
    }
    r
}

/// The payment's status at `now`: as the customer's card step left it (`PENDING` until then,
/// `EXPIRED` seven days after its creation if never completed), `PARTIALLY_REFUNDED` or
/// `REFUNDED` once refunds gave some or all of a `SUCCEEDED` one back.
pub(crate) fn status_at(p: &MoneiPayment, now: i64) -> (&str, Option<&str>, i64) {
    let refunded: i64 = p.refunds.iter().map(|r| r.amount).sum();
    let last_refund = p.refunds.iter().map(|r| r.created_ms).max();
    let updated = last_refund.unwrap_or(p.updated_ms);
    match p.status.as_str() {
        "PENDING" if now - p.created_ms >= EXPIRY_MS => ("EXPIRED", None, p.created_ms + EXPIRY_MS),
        "PENDING" => ("PENDING", None, p.created_ms),
        "SUCCEEDED" if refunded >= p.amount => ("REFUNDED", None, updated),
        "SUCCEEDED" if refunded > 0 => ("PARTIALLY_REFUNDED", None, updated),
        other => (other, p.status_reason.as_deref(), p.updated_ms),
    }
}

/// The payment at `now`, with its refunds; `base` is this listener's URL, where the payment
/// page of a `PENDING` payment is (`nextAction.redirectUrl`).
fn view(p: &MoneiPayment, now: i64, base: &str) -> Value {
    let (status, reason, updated) = status_at(p, now);
    let next_action = (status == "PENDING").then(|| {
        json!({ "type": "CONFIRM", "mustRedirect": false, "redirectUrl": format!("{base}payments/{}", p.id) })
    });
    let method = p.card.as_ref().map(
        |(brand, last4)| json!({ "method": "card", "card": { "brand": brand, "last4": last4 } }),
    );
    let refunds: Vec<Value> = p
        .refunds
        .iter()
        .map(|r| json!({ "id": r.id, "reference": r.reference, "amount": r.amount, "reason": r.reason, "createdAt": rfc3339(r.created_ms) }))
        .collect();
    json!({
        "id": p.id, "amount": p.amount, "currency": p.currency, "orderId": p.order_id,
        "description": p.description, "customerName": p.customer_name, "status": status,
        "statusReason": reason, "refundedAmount": p.refunds.iter().map(|r| r.amount).sum::<i64>(),
        "refunds": refunds, "createdAt": rfc3339(p.created_ms), "updatedAt": rfc3339(updated),
        "updatedMs": updated, "nextAction": next_action, "paymentMethod": method,
    })
}

async fn account(shared: Shared, req: Req) -> Response {
    match admit(&shared, req.headers(), Class::Auth) {
        Ok((key, h)) => {
            let name = shared
                .world()
                .merchants
                .iter()
                .find(|m| m.monei.api_key == key)
                .map(|m| m.name.clone());
            with_headers(
                http::json(
                    StatusCode::OK,
                    &json!({ "accountId": "acc_sandbox", "name": name, "environment": if shared.environment().is_live() { "live" } else { "test" } }),
                ),
                h,
            )
        }
        Err(r) => r,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewPayment {
    amount: Option<i64>,
    currency: Option<String>,
    order_id: Option<String>,
    #[serde(default)]
    description: String,
    customer: Option<Value>,
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<NewPayment>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let headers = req.headers();
    let (key, h) = match admit(&shared, headers, Class::Write) {
        Ok(ok) => ok,
        Err(r) => return r,
    };
    let Some(body) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be JSON.",
        );
    };
    let (Some(amount), Some(currency), Some(order_id)) =
        (body.amount.filter(|a| *a > 0), body.currency, body.order_id)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount (positive integer), currency and orderId are required.",
        );
    };
    if let Err(r) = check_currency(&currency) {
        return r;
    }
    let now = shared.clock.now_ms();
    let base = base(&shared, headers);
    let no_dedup = shared.faults.no_dedup(Provider::Monei);
    let (status, v) = {
        let mut w = shared.world();
        let existing = w
            .monei
            .iter()
            .find(|p| p.owner == key && p.order_id == order_id)
            .map(|p| view(p, now, &base));
        shared
            .creates()
            .create(Provider::Monei, &key, &order_id, existing.is_some(), now);
        if let Some(v) = existing.filter(|_| !no_dedup) {
            (StatusCode::OK, v)
        } else {
            let id = w.id();
            let p = MoneiPayment {
                id: format!("pay_{id:06}"),
                owner: key,
                amount,
                currency,
                order_id,
                description: body.description,
                customer_name: body
                    .customer
                    .as_ref()
                    .and_then(|c| c["name"].as_str())
                    .unwrap_or_default()
                    .to_string(),
                created_ms: now,
                status: "PENDING".into(),
                status_reason: None,
                updated_ms: now,
                card: None,
                refunds: Vec::new(),
            };
            let v = view(&p, now, &base);
            w.monei.push(p);
            (StatusCode::CREATED, v)
        }
    };
    shared.save();
    with_headers(http::json(status, &v), h)
}

async fn read(shared: Shared, req: Req) -> Response {
    let (headers, id) = (req.headers(), req.param("id"));
    let (key, h) = match admit(&shared, headers, Class::Read) {
        Ok(ok) => ok,
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let w = shared.world();
    match w.monei.iter().find(|p| p.owner == key && p.id == id) {
        Some(p) => {
            let mut ledger = shared.creates();
            ledger.lookup(Provider::Monei, &key, &p.order_id);
            // Reading a payment back is how its refunds are looked up (contract).
            for r in &p.refunds {
                ledger.lookup(Provider::Monei, &key, &r.reference);
            }
            drop(ledger);
            with_headers(
                http::json(StatusCode::OK, &view(p, now, &base(&shared, headers))),
                h,
            )
        }
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No payment with that id.",
        ),
    }
}

async fn list(shared: Shared, req: Req) -> Response {
    let (headers, q) = (req.headers(), req.query_map());
    let (key, h) = match admit(&shared, headers, Class::Read) {
        Ok(ok) => ok,
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    if let Some(order_id) = q.get("orderId") {
        let w = shared.world();
        let mut found: Vec<&MoneiPayment> = w
            .monei
            .iter()
            .filter(|p| p.owner == key && &p.order_id == order_id)
            .collect();
        found.sort_by_key(|p| p.created_ms);
        let data: Vec<Value> = found
            .into_iter()
            .map(|p| view(p, now, &base(&shared, headers)))
            .collect();
        shared.creates().lookup(Provider::Monei, &key, order_id);
        return with_headers(
            http::json(StatusCode::OK, &json!({ "data": data, "nextCursor": null })),
            h,
        );
    }
    let since = q.get("updated_since").and_then(|s| parse_rfc3339(s));
    let mut items: Vec<Value> = shared
        .world()
        .monei
        .iter()
        .filter(|p| p.owner == key)
        .map(|p| view(p, now, &base(&shared, headers)))
        .filter(|v| since.is_none_or(|s| v["updatedMs"].as_i64().unwrap_or(0) > s))
        .collect();
    items.sort_by(|a, b| {
        (a["updatedMs"].as_i64(), a["id"].as_str())
            .cmp(&(b["updatedMs"].as_i64(), b["id"].as_str()))
    });
    let limit = q.get("limit").and_then(|l| l.parse().ok());
    with_headers(
        http::json(
            StatusCode::OK,
            &page(items, q.get("cursor").map(String::as_str), limit),
        ),
        h,
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewRefund {
    amount: Option<i64>,
    #[serde(default)]
    refund_reason: String,
    reference: Option<String>,
}

/// `POST /v1/payments/{id}/refund`: several partial refunds up to the amount, each under the
/// merchant's reference (a reference the payment lists answers 200 with it unchanged, or makes
/// a second refund under `noDedup`).
async fn refund(shared: Shared, mut req: Req) -> Response {
    let body = match req.optional_checked::<NewRefund>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let (headers, id) = (req.headers(), req.param("id"));
    let (key, h) = match admit(&shared, headers, Class::Write) {
        Ok(ok) => ok,
        Err(r) => return r,
    };
    let Some(body) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be JSON.",
        );
    };
    let (Some(amount), Some(reference)) = (
        body.amount.filter(|a| *a > 0),
        body.reference.filter(|r| !r.is_empty()),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount (positive integer) and reference are required.",
        );
    };
    let now = shared.clock.now_ms();
    let no_dedup = shared.faults.no_dedup(Provider::Monei);
    let (status, v) = {
        let mut w = shared.world();
        let next = w.id();
        let Some(p) = w.monei.iter_mut().find(|p| p.owner == key && p.id == id) else {
            return error(
                StatusCode::NOT_FOUND,
                "not_found",
                "No payment with that id.",
            );
        };
        let existed = p.refunds.iter().any(|r| r.reference == reference);
        if existed && !no_dedup {
            shared
                .creates()
                .create(Provider::Monei, &key, &reference, true, now);
            (StatusCode::OK, view(p, now, &base(&shared, headers)))
        } else {
            let (state, _, _) = status_at(p, now);
            if !matches!(state, "SUCCEEDED" | "PARTIALLY_REFUNDED") {
                return error(
                    StatusCode::CONFLICT,
                    "conflict",
                    &format!("A {state} payment cannot be refunded."),
                );
            }
            let left = p.amount - p.refunds.iter().map(|r| r.amount).sum::<i64>();
            if amount > left {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "amount_too_large",
                    &format!("At most {left} can still be refunded."),
                );
            }
            shared
                .creates()
                .create(Provider::Monei, &key, &reference, existed, now);
            p.refunds.push(MoneiRefund {
                id: format!("re_{next:06}"),
                reference,
                amount,
                reason: body.refund_reason,
                created_ms: now,
            });
            (StatusCode::CREATED, view(p, now, &base(&shared, headers)))
        }
    };
    shared.save();
    with_headers(http::json(status, &v), h)
}
