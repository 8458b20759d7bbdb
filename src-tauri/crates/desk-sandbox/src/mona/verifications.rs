//! Mona's verifications: the customer proves in the SDK page, with SCA, that the device is
//! theirs (`pending` → `verified`, or `failed` when they answer "this is not me"; the consent
//! itself is in [`super::sca`]).

use desk_domain::Provider;
use serde_json::{Value, json};

use super::{authenticate, base, body_and_merchant, customer, customer_json};
use crate::clock::rfc3339;
use crate::http::{self, Req, Response, Routes, StatusCode};
use crate::reply::error;
use crate::shared::Shared;
use crate::world::MonaVerification;

/// The verification routes.
pub(super) fn routes() -> Routes {
    Routes::new()
        .post("/verifications", create)
        .get("/verifications/{id}", read)
}

/// The verification as served.
pub fn view(v: &MonaVerification, base: &str) -> Value {
    json!({
        "verificationId": v.verification_id, "reference": v.reference,
        "customer": customer_json(&v.customer), "status": v.status,
        "url": format!("{base}sdk/checkout?verificationId={}", v.verification_id),
        "createdAt": rfc3339(v.created_ms), "updatedAt": rfc3339(v.updated_ms),
    })
}

async fn create(shared: Shared, mut req: Req) -> Response {
    let (b, m) = match body_and_merchant::<Value>(&shared, &mut req).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let headers = req.headers();
    let bad = |message: &str| error(StatusCode::BAD_REQUEST, "invalid_request", message);
    let Some(reference) = b["reference"].as_str().filter(|r| !r.is_empty()) else {
        return bad("reference is required.");
    };
    let customer = match customer(&b, true) {
        Ok(Some(c)) => c,
        Ok(None) => return bad("customer {name, email} is required."),
        Err(r) => return r,
    };
    let now = shared.clock.now_ms();
    let owner = &m.mona.private_key;
    let page_base = base(&shared, headers);
    let no_dedup = shared.faults.no_dedup(Provider::Mona);
    let (status, v) = {
        let mut w = shared.world();
        let existing = w
            .mona_verifications
            .iter()
            .find(|v| &v.owner == owner && v.reference == reference);
        if let Some(v) = existing.filter(|_| !no_dedup) {
            (StatusCode::OK, view(v, &page_base))
        } else {
            let id = w.id();
            let v = MonaVerification {
                verification_id: format!("ver_{id:06}"),
                owner: owner.clone(),
                reference: reference.to_string(),
                customer,
                status: "pending".into(),
                created_ms: now,
                updated_ms: now,
            };
            let served = view(&v, &page_base);
            w.mona_verifications.push(v);
            (StatusCode::CREATED, served)
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
        .mona_verifications
        .iter()
        .find(|v| v.owner == m.mona.private_key && v.verification_id == id)
    {
        Some(v) => http::json(StatusCode::OK, &view(v, &base(&shared, headers))),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No verification with that id.",
        ),
    }
}
