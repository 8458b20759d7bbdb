//! The sandbox client SDKs: pages the app hosts in an iframe with public values only. Mona's
//! page (a checkout, a collection's consent or a verification) signs the consent with a device
//! key (WebCrypto ECDSA P-256, non-extractable, kept in IndexedDB); MonEFlow Pay's card fields
//! turn a card into a one-time nonce, offering to save the card when the host passes
//! `vault=offer`. Both report to the parent window with `postMessage`, to the `parentOrigin`
//! the host passes (`*` when absent).
//! Mona's page itself is served only for a public key (a private key is refused with 401).
//! Monei's payment page (the payment's `nextAction.redirectUrl`) takes the payment id only:
//! an API key on it is refused with 401; the customer's card completes the payment there.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::shared::Shared;
use crate::{mona, monei, reply};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

fn page(html: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        html,
    )
}

fn asset(kind: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

/// Mona's checkout page, for a known sandbox public key in `key` only.
async fn mona_checkout(
    State(shared): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(key) = q.get("key").filter(|k| !k.is_empty()) else {
        return reply::error(
            StatusCode::UNAUTHORIZED,
            "missing_api_key",
            "Pass your public key as key=.",
        );
    };
    match mona::public_merchant(&shared, key) {
        Ok(_) => page(include_str!("../assets/mona-checkout.html")).into_response(),
        Err(refusal) => refusal,
    }
}

/// Mona's checkout page and script.
pub fn mona_routes() -> Router<Shared> {
    Router::new()
        .route("/sdk/checkout", get(mona_checkout))
        .route(
            "/sdk/mona.js",
            get(|| async { asset("text/javascript", include_str!("../assets/mona.js")) }),
        )
        .route(
            "/sdk/sdk.css",
            get(|| async { asset("text/css", include_str!("../assets/sdk.css")) }),
        )
}

/// Monei's payment page for the payment `id`: never with a key (401, the key not echoed), only
/// for a payment that exists (404).
async fn monei_payment_page(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if q.values().any(|v| v.trim_start().starts_with("sk_")) {
        return reply::error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Never put an API key in the payment page: it takes the payment id only.",
        );
    }
    if !monei::customer::exists(&shared, &id) {
        return reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No payment with that id.",
        );
    }
    page(include_str!("../assets/monei-payment.html")).into_response()
}

/// Monei's payment page and script.
pub fn monei_routes() -> Router<Shared> {
    Router::new()
        .route("/payments/{id}", get(monei_payment_page))
        .route(
            "/sdk/monei.js",
            get(|| async { asset("text/javascript", include_str!("../assets/monei.js")) }),
        )
        .route(
            "/sdk/sdk.css",
            get(|| async { asset("text/css", include_str!("../assets/sdk.css")) }),
        )
}

/// MonEFlow Pay's card-fields page and script.
pub fn moneflow_routes() -> Router<Shared> {
    Router::new()
        .route(
            "/sdk/card-fields",
            get(|| async { page(include_str!("../assets/moneflow-card-fields.html")) }),
        )
        .route(
            "/sdk/moneflow.js",
            get(|| async { asset("text/javascript", include_str!("../assets/moneflow.js")) }),
        )
        .route(
            "/sdk/sdk.css",
            get(|| async { asset("text/css", include_str!("../assets/sdk.css")) }),
        )
}
