//! The sandbox's own control endpoints (not part of any provider): health, merchants, clock,
//! faults, network switch, creates counters, late changes and reset. On every sandbox port.

use desk_domain::Provider;
use serde::Deserialize;
use serde_json::json;

use crate::faults::Faults;
use crate::http::{self, Req, Response, Routes, StatusCode};
use crate::merchant::MerchantCredentials;
use crate::reply;
use crate::shared::Shared;

/// Control routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/__sandbox/health", health)
        .post("/__sandbox/merchants", merchants)
        .post("/__sandbox/clock", clock)
        .post("/__sandbox/faults", faults)
        .get("/__sandbox/creates", creates)
        .post("/__sandbox/network", network)
        .post("/__sandbox/reset", reset)
        .post("/__sandbox/late-change", late_change)
        .get("/__sandbox/sandbox-keys-seen", sandbox_keys_seen)
}

/// Registers a merchant named `name` with fresh credentials.
pub fn new_merchant(shared: &Shared, name: &str) -> MerchantCredentials {
    let creds = {
        let mut world = shared.world();
        let n = world.merchants.len() as u32;
        let creds =
            MerchantCredentials::generate(shared.environment(), name, n, &mut rand::thread_rng());
        world.merchants.push(creds.clone());
        creds
    };
    shared.save();
    creds
}

async fn health(shared: Shared, _: Req) -> Response {
    http::json(
        StatusCode::OK,
        &json!({
            "ok": true, "now": shared.clock.now_ms(), "online": !shared.faults.offline(),
            "environment": shared.environment().as_str(),
        }),
    )
}

/// How many sandbox keys the production rehearsal was shown (always 0 in the sandbox).
async fn sandbox_keys_seen(shared: Shared, _: Req) -> Response {
    http::json(
        StatusCode::OK,
        &json!({ "count": shared.sandbox_keys_seen() }),
    )
}

#[derive(Deserialize)]
struct NewMerchant {
    name: String,
}

async fn merchants(shared: Shared, mut req: Req) -> Response {
    let body = match req.checked::<NewMerchant>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    if body.name.trim().is_empty() {
        return reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "name is required.",
        );
    }
    http::json(
        StatusCode::CREATED,
        &new_merchant(&shared, body.name.trim()),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClockChange {
    advance_ms: Option<i64>,
    set_ms: Option<i64>,
}

async fn clock(shared: Shared, mut req: Req) -> Response {
    let body = match req.checked::<ClockChange>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    if let Some(ms) = body.set_ms {
        shared.clock.set(ms);
    }
    if let Some(ms) = body.advance_ms {
        shared.clock.advance(ms);
    }
    http::json(StatusCode::OK, &json!({ "now": shared.clock.now_ms() }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultRequest {
    provider: Provider,
    /// Absent: the switch stays as it is (it persists until changed).
    no_dedup: Option<bool>,
    #[serde(flatten)]
    faults: Faults,
}

async fn faults(shared: Shared, mut req: Req) -> Response {
    let body = match req.checked::<FaultRequest>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let mut faults = body.faults;
    faults.no_dedup = body
        .no_dedup
        .unwrap_or_else(|| shared.faults.no_dedup(body.provider));
    shared.faults.set(body.provider, faults);
    http::empty(StatusCode::NO_CONTENT)
}

async fn creates(shared: Shared, _: Req) -> Response {
    http::json(StatusCode::OK, &shared.creates().to_json())
}

#[derive(Deserialize)]
struct Network {
    online: bool,
}

async fn network(shared: Shared, mut req: Req) -> Response {
    let body = match req.checked::<Network>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    shared.faults.set_offline(!body.online);
    http::empty(StatusCode::NO_CONTENT)
}

async fn reset(shared: Shared, _: Req) -> Response {
    shared.reset();
    http::empty(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LateChange {
    provider: Provider,
    id: String,
    status: String,
    updated_ms: i64,
}

/// Publishes a change of a listed record (Mona or MonEFlow Pay) dated `updatedMs`, which may
/// lie before changes already listed: a provider that makes a change visible late, or dates it
/// earlier. The status is stored as given, even a word the contract does not list.
async fn late_change(shared: Shared, mut req: Req) -> Response {
    let body = match req.checked::<LateChange>().await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let found = {
        let mut world = shared.world();
        let world = &mut *world;
        match body.provider {
            Provider::Mona => world
                .mona
                .iter_mut()
                .find(|t| t.transaction_id == body.id)
                .map(|t| (&mut t.status, &mut t.updated_ms)),
            Provider::Moneflow => world
                .moneflow
                .iter_mut()
                .find(|t| t.id == body.id)
                .map(|t| (&mut t.status, &mut t.updated_ms)),
            Provider::Monei | Provider::Monnet => {
                return reply::error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Late changes are for the listed providers (mona, moneflow).",
                );
            }
        }
        .map(|(status, updated_ms)| {
            status.clone_from(&body.status);
            *updated_ms = body.updated_ms;
        })
        .is_some()
    };
    if !found {
        return reply::error(StatusCode::NOT_FOUND, "not_found", "No such record.");
    }
    shared.save();
    http::empty(StatusCode::NO_CONTENT)
}
