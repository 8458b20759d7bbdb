//! The sandbox client SDKs: pages the app hosts in an iframe with public values only. Mona's
//! checkout signs the consent with a device key (WebCrypto ECDSA P-256, non-extractable, kept in
//! IndexedDB); MonEFlow Pay's card fields turn a card into a one-time nonce. Both report to the
//! parent window with `postMessage`, to the `parentOrigin` the host passes (`*` when absent).

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::shared::Shared;

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

/// Mona's checkout page and script.
pub fn mona_routes() -> Router<Shared> {
    Router::new()
        .route(
            "/sdk/checkout",
            get(|| async { page(include_str!("../assets/mona-checkout.html")) }),
        )
        .route(
            "/sdk/mona.js",
            get(|| async { asset("text/javascript", include_str!("../assets/mona.js")) }),
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
