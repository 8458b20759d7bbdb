//! The sandbox's own control endpoints (not part of any provider): health, merchants, clock,
//! faults, network switch, creates counters and reset. On every sandbox port.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use desk_domain::Provider;
use serde::Deserialize;
use serde_json::json;

use crate::faults::Faults;
use crate::merchant::MerchantCredentials;
use crate::reply;
use crate::shared::Shared;

/// Control routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/__sandbox/health", get(health))
        .route("/__sandbox/merchants", post(merchants))
        .route("/__sandbox/clock", post(clock))
        .route("/__sandbox/faults", post(faults))
        .route("/__sandbox/creates", get(creates))
        .route("/__sandbox/network", post(network))
        .route("/__sandbox/reset", post(reset))
}

/// Registers a merchant named `name` with fresh credentials.
pub fn new_merchant(shared: &Shared, name: &str) -> MerchantCredentials {
    let creds = {
        let mut world = shared.world();
        let n = world.merchants.len() as u32;
        let creds = MerchantCredentials::generate(name, n, &mut rand::thread_rng());
        world.merchants.push(creds.clone());
        creds
    };
    shared.save();
    creds
}

async fn health(State(shared): State<Shared>) -> Json<serde_json::Value> {
    Json(json!({ "ok": true, "now": shared.clock.now_ms(), "online": !shared.faults.offline() }))
}

#[derive(Deserialize)]
struct NewMerchant {
    name: String,
}

async fn merchants(State(shared): State<Shared>, Json(body): Json<NewMerchant>) -> Response {
    if body.name.trim().is_empty() {
        return reply::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "name is required.",
        );
    }
    (
        StatusCode::CREATED,
        Json(new_merchant(&shared, body.name.trim())),
    )
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClockChange {
    advance_ms: Option<i64>,
    set_ms: Option<i64>,
}

async fn clock(
    State(shared): State<Shared>,
    Json(body): Json<ClockChange>,
) -> Json<serde_json::Value> {
    if let Some(ms) = body.set_ms {
        shared.clock.set(ms);
    }
    if let Some(ms) = body.advance_ms {
        shared.clock.advance(ms);
    }
    Json(json!({ "now": shared.clock.now_ms() }))
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

async fn faults(State(shared): State<Shared>, Json(body): Json<FaultRequest>) -> StatusCode {
    let mut faults = body.faults;
    faults.no_dedup = body
        .no_dedup
        .unwrap_or_else(|| shared.faults.no_dedup(body.provider));
    shared.faults.set(body.provider, faults);
    StatusCode::NO_CONTENT
}

async fn creates(State(shared): State<Shared>) -> Json<serde_json::Value> {
    Json(shared.creates().to_json())
}

#[derive(Deserialize)]
struct Network {
    online: bool,
}

async fn network(State(shared): State<Shared>, Json(body): Json<Network>) -> StatusCode {
    shared.faults.set_offline(!body.online);
    StatusCode::NO_CONTENT
}

async fn reset(State(shared): State<Shared>) -> StatusCode {
    shared.reset();
    StatusCode::NO_CONTENT
}
