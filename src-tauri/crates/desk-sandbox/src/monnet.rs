//! Monnet payouts, enforced as the document says: the `monnet-api-key` header, the HMAC over
//! `METHOD:path?timestamp=T:sha256hex(body)` keyed with the secret's UTF-8 bytes, a timestamp
//! window, no replayed signature, and one payout per `orderId`: a repeated one is refused with
//! 2005 "Duplicated orderId", as Monnet documents (whatever the `noDedup` switch says).
//!
//! The list (`?orderId=`, `?updatedSince=`) is a sandbox-only convenience: Monnet documents
//! no list, search or lookup by `orderId`.

use std::collections::HashMap;

use desk_domain::Clabe;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::clock::{parse_rfc3339, rfc3339};
use crate::http::{self, HeaderMap, HeaderValue, Method, Req, Response, Routes, StatusCode};
use crate::reply::{monnet_error, page_answer};
use crate::shared::Shared;
use crate::strict::{known_currency, unsafe_text};
use crate::world::MonnetPayout;

/// Routes of the Monnet listener.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/{merchant}/payouts", list)
        .post("/api/v1/{merchant}/payouts", create)
        .get("/api/v1/{merchant}/payouts/{id}", read)
}

/// Checks key, signature, timestamp and replay; `Ok(())` or the refusal.
fn authenticate(
    shared: &Shared,
    method: &Method,
    path: &str,
    merchant: &str,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Result<(), Response> {
    let unauthorized = |code, msg: &str| Err(monnet_error(StatusCode::UNAUTHORIZED, code, msg));
    // Monnet's credentials carry no environment: the production rehearsal counts every
    // credential it did not issue as a sandbox key.
    let foreign = || {
        if shared.environment().is_live() {
            shared.note_sandbox_key();
        }
    };
    let Some(keys) = shared.world().monnet_keys(merchant) else {
        foreign();
        return unauthorized(1001, "Unknown merchant id.");
    };
    let api_key = headers.get("monnet-api-key").and_then(|v| v.to_str().ok());
    if api_key != Some(keys.api_key.as_str()) {
        foreign();
        return unauthorized(1001, "Missing or invalid monnet-api-key header.");
    }
    let (Some(ts), Some(sig)) = (query.get("timestamp"), query.get("signature")) else {
        return unauthorized(
            1001,
            "The timestamp and signature query parameters are required.",
        );
    };
    let Ok(ts_ms) = ts.parse::<i64>() else {
        return unauthorized(1001, "The timestamp must be milliseconds since the epoch.");
    };
    let content = format!(
        "{method}:{path}?timestamp={ts}:{}",
        hex::encode(Sha256::digest(body))
    );
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(keys.api_secret.as_bytes()) else {
        return unauthorized(1001, "Invalid secret.");
    };
    mac.update(content.as_bytes());
    let Ok(given) = hex::decode(sig) else {
        return unauthorized(1001, "The signature must be hex.");
    };
    if mac.verify_slice(&given).is_err() {
        return unauthorized(1001, "The signature does not match the request.");
    }
    if (shared.clock.now_ms() - ts_ms).abs() > shared.timestamp_window_ms {
        return unauthorized(
            1002,
            "The timestamp is outside the accepted window; generate a new one for each request.",
        );
    }
    if !shared
        .world()
        .used_signatures
        .insert(sig.to_ascii_lowercase())
    {
        return unauthorized(
            1003,
            "This signature was already used: a replayed request is refused.",
        );
    }
    Ok(())
}

/// The payout as Monnet reports it at `now`: its lifecycle follows the sandbox clock.
pub fn view(p: &MonnetPayout, now: i64) -> Value {
    let age = now - p.created_ms;
    let valid_clabe = Clabe::parse(&p.clabe).is_ok();
    let (stage, status, changed, err): (&str, &str, i64, Option<(u32, &str)>) =
        if !valid_clabe && age >= 5_000 {
            (
                "DONE",
                "REJECTED",
                p.created_ms + 5_000,
                Some((4002, "Invalid CLABE")),
            )
        } else if age < 5_000 {
            ("CREATED", "CREATED", p.created_ms, None)
        } else if age < 30_000 {
            ("PROCESSING", "PROCESSING", p.created_ms + 5_000, None)
        } else if p.last_name.eq_ignore_ascii_case("REJECT") {
            (
                "DONE",
                "REJECTED_BANK",
                p.created_ms + 30_000,
                Some((4001, "Beneficiary is not the Account Owner")),
            )
        } else if p.description.contains("REVERSE") && age >= 90_000 {
            (
                "DONE",
                "REJECTED_BANK",
                p.created_ms + 90_000,
                Some((4003, "Returned by the beneficiary's bank")),
            )
        } else {
            ("BANK", "PAID", p.created_ms + 30_000, None)
        };
    json!({
        "id": p.id, "orderId": p.order_id, "country": p.country, "amount": p.amount,
        "currency": p.currency, "stage": stage, "status": status,
        "statusChangeDateTime": rfc3339(changed), "changedMs": changed,
        "errorCode": err.map(|e| e.0), "errorMessage": err.map(|e| e.1),
        "createdAt": rfc3339(p.created_ms), "beneficiary": p.beneficiary,
        "description": p.description,
    })
}

fn field<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// The error code of a body field (docs/provider-api.md: 1010–1021, 1029 for any other).
fn field_code(field: &str) -> u32 {
    let top = field.split(['.', '[']).next().unwrap_or_default();
    match top {
        "country" => 1010,
        "amount" => 1011,
        "currency" => 1012,
        "orderId" => 1013,
        "description" => 1014,
        "destination" => 1020,
        "beneficiary" => match field.split('.').nth(1).unwrap_or_default() {
            "name" => 1016,
            "lastName" => 1017,
            "email" => 1018,
            d if d.starts_with("document") => 1019,
            _ => 1015,
        },
        _ => 1029,
    }
}

/// Checks the documented body; the first missing or invalid field is refused (1010–1021).
fn parse_payout(body: &Value) -> Result<(MonnetPayout, ()), Response> {
    let bad = |code, msg: &str| Err(monnet_error(StatusCode::BAD_REQUEST, code, msg));
    let text = |path: &[&str]| {
        field(body, path)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let Some(country) = text(&["country"]) else {
        return bad(1010, "country is required.");
    };
    let Some(amount) = field(body, &["amount"])
        .and_then(Value::as_i64)
        .filter(|a| *a > 0)
    else {
        return bad(1011, "amount must be a positive integer.");
    };
    let Some(currency) = text(&["currency"]).filter(|c| known_currency(c)) else {
        return bad(1012, "currency is required, an ISO 4217 code (MXN).");
    };
    let Some(order_id) = text(&["orderId"]).filter(|o| o.len() <= 20) else {
        return bad(1013, "orderId is required (at most 20 characters).");
    };
    let Some(name) = text(&["beneficiary", "name"]) else {
        return bad(1016, "beneficiary.name is required.");
    };
    let Some(last_name) = text(&["beneficiary", "lastName"]) else {
        return bad(1017, "beneficiary.lastName is required.");
    };
    if field(body, &["beneficiary", "document", "type"])
        .and_then(Value::as_u64)
        .is_none()
        || text(&["beneficiary", "document", "number"]).is_none()
    {
        return bad(1019, "beneficiary.document type and number are required.");
    }
    let Some(clabe) = text(&["destination", "bankAccount", "clabe"]) else {
        return bad(1020, "destination.bankAccount.clabe is required.");
    };
    if clabe.len() != 18 || !clabe.chars().all(|c| c.is_ascii_digit()) {
        return bad(1021, "The CLABE must be 18 digits.");
    }
    Ok((
        MonnetPayout {
            id: 0,
            merchant_id: String::new(),
            order_id: order_id.to_string(),
            country: country.to_string(),
            amount,
            currency: currency.to_string(),
            description: text(&["description"]).unwrap_or_default().to_string(),
            beneficiary: format!("{name} {last_name}"),
            last_name: last_name.to_string(),
            clabe: clabe.to_string(),
            created_ms: 0,
        },
        (),
    ))
}

/// Payout creates a merchant may make per minute (docs/provider-api.md, Monnet).
const CREATES_PER_MINUTE: u32 = 600;
/// The rate window's class for Monnet creates (Monei's classes are 0 to 2).
const CREATE_WINDOW: u8 = 10;

/// Counts a create against the merchant's minute; the 429 when the minute is full.
fn over_create_limit(shared: &Shared, merchant: &str) -> Option<Response> {
    let now = shared.clock.now_ms();
    let minute = now / 60_000;
    let mut windows = shared
        .rate_windows
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let entry = windows
        .entry((format!("monnet:{merchant}"), CREATE_WINDOW))
        .or_insert((minute, 0));
    if entry.0 != minute {
        *entry = (minute, 0);
    }
    if entry.1 >= CREATES_PER_MINUTE {
        let retry = (60 - (now % 60_000) / 1000).max(1) as u64;
        let mut r = monnet_error(
            StatusCode::TOO_MANY_REQUESTS,
            1050,
            "Too many payouts; retry after the time in Retry-After.",
        );
        r.headers_mut()
            .insert("retry-after", HeaderValue::from(retry));
        return Some(r);
    }
    entry.1 += 1;
    None
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let body = match req.bytes().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let (merchant, query) = (req.param("merchant"), req.query_map());
    let path = format!("/api/v1/{merchant}/payouts");
    if let Err(r) = authenticate(
        &shared,
        &Method::POST,
        &path,
        merchant,
        req.headers(),
        &query,
        &body,
    ) {
        return r;
    }
    if let Some(refusal) = over_create_limit(&shared, merchant) {
        return refusal;
    }
    let Ok(json) = serde_json::from_slice::<Value>(&body) else {
        return monnet_error(
            StatusCode::BAD_REQUEST,
            1029,
            "The body must be UTF-8 JSON.",
        );
    };
    if let Some(bad) = unsafe_text(&json) {
        return monnet_error(
            StatusCode::BAD_REQUEST,
            field_code(&bad.field),
            &bad.message(),
        );
    }
    let (mut payout, ()) = match parse_payout(&json) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let reply = {
        let mut world = shared.world();
        let existed = world
            .payouts
            .iter()
            .any(|p| p.merchant_id == merchant && p.order_id == payout.order_id);
        shared.creates().create(
            desk_domain::Provider::Monnet,
            merchant,
            &payout.order_id,
            existed,
            now,
        );
        if existed {
            return monnet_error(StatusCode::BAD_REQUEST, 2005, "Duplicated orderId");
        }
        payout.id = world.id();
        payout.merchant_id = merchant.to_owned();
        payout.created_ms = now;
        let v = view(&payout, now);
        world.payouts.push(payout);
        v
    };
    shared.save();
    http::json(StatusCode::CREATED, &reply)
}

async fn read(shared: Shared, req: Req) -> Response {
    let (merchant, id, query) = (req.param("merchant"), req.param("id"), req.query_map());
    let path = format!("/api/v1/{merchant}/payouts/{id}");
    if let Err(r) = authenticate(
        &shared,
        &Method::GET,
        &path,
        merchant,
        req.headers(),
        &query,
        b"",
    ) {
        return r;
    }
    let now = shared.clock.now_ms();
    let world = shared.world();
    match world
        .payouts
        .iter()
        .find(|p| p.merchant_id == merchant && p.id.to_string() == id)
    {
        Some(p) => http::json(StatusCode::OK, &json!({ "output": view(p, now) })),
        None => monnet_error(StatusCode::NOT_FOUND, 1040, "No payout with that id."),
    }
}

async fn list(shared: Shared, req: Req) -> Response {
    let (merchant, query) = (req.param("merchant"), req.query_map());
    let path = format!("/api/v1/{merchant}/payouts");
    if let Err(r) = authenticate(
        &shared,
        &Method::GET,
        &path,
        merchant,
        req.headers(),
        &query,
        b"",
    ) {
        return r;
    }
    let now = shared.clock.now_ms();
    let since = query.get("updatedSince").and_then(|s| parse_rfc3339(s));
    let order_id = query.get("orderId");
    let mut items: Vec<Value> = shared
        .world()
        .payouts
        .iter()
        .filter(|p| p.merchant_id == merchant && order_id.is_none_or(|o| &p.order_id == o))
        .map(|p| view(p, now))
        .filter(|v| since.is_none_or(|s| v["changedMs"].as_i64().unwrap_or(0) > s))
        .collect();
    items.sort_by_key(|v| {
        (
            v["changedMs"].as_i64().unwrap_or(0),
            v["id"].as_u64().unwrap_or(0),
        )
    });
    page_answer(items, &query)
}
