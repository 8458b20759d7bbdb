//! The sandbox client SDKs: pages the app hosts in an iframe with public values only. Mona's
//! page (a checkout, a collection's consent or a verification) signs the consent with a device
//! key (WebCrypto ECDSA P-256, non-extractable, kept in IndexedDB); MonEFlow Pay's card fields
//! turn a card into a one-time nonce, offering to save the card when the host passes
//! `vault=offer`. Both report to the parent window with `postMessage`, to the `parentOrigin`
//! the host passes (`*` when absent).
//! Mona's page itself is served only for a public key (a private key is refused with 401).
//! Monei's payment page (the payment's `nextAction.redirectUrl`) takes the payment id only:
//! an API key on it is refused with 401; the customer's card completes the payment there.

use crate::http::{self, HeaderValue, Req, Response, Routes, StatusCode, header};
use crate::shared::Shared;
use crate::{mona, monei, reply};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

fn page(html: &'static str) -> Response {
    let mut r = http::with_type(StatusCode::OK, "text/html; charset=utf-8", html);
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    let mut r = http::with_type(StatusCode::OK, kind, body);
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Mona's checkout page, for a known sandbox public key in `key` only.
async fn mona_checkout(shared: Shared, req: Req) -> Response {
    let q = req.query_map();
    let Some(key) = q.get("key").filter(|k| !k.is_empty()) else {
        return reply::error(
            StatusCode::UNAUTHORIZED,
            "missing_api_key",
            "Pass your public key as key=.",
        );
    };
    match mona::public_merchant(&shared, key) {
        Ok(_) => page(include_str!("../assets/mona-checkout.html")),
        Err(refusal) => refusal,
    }
}

/// Mona's checkout page and script.
pub fn mona_routes() -> Routes {
    Routes::new()
        .get("/sdk/checkout", mona_checkout)
        .get("/sdk/mona.js", |_, _| async {
            asset("text/javascript", include_str!("../assets/mona.js"))
        })
        .get("/sdk/sdk.css", css)
}

/// The pages' style sheet.
async fn css(_: Shared, _: Req) -> Response {
    asset("text/css", include_str!("../assets/sdk.css"))
}

/// Monei's payment page for the payment `id`: never with a key (401, the key not echoed), only
/// for a payment that exists (404).
async fn monei_payment_page(shared: Shared, req: Req) -> Response {
    let (id, q) = (req.param("id"), req.query_map());
    if q.values().any(|v| v.trim_start().starts_with("sk_")) {
        return reply::error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Never put an API key in the payment page: it takes the payment id only.",
        );
    }
    if !monei::customer::exists(&shared, id) {
        return reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No payment with that id.",
        );
    }
    page(include_str!("../assets/monei-payment.html"))
}

/// Monei's payment page and script.
pub fn monei_routes() -> Routes {
    Routes::new()
        .get("/payments/{id}", monei_payment_page)
        .get("/sdk/monei.js", |_, _| async {
            asset("text/javascript", include_str!("../assets/monei.js"))
        })
        .get("/sdk/sdk.css", css)
}

/// MonEFlow Pay's card-fields page and script.
pub fn moneflow_routes() -> Routes {
    Routes::new()
        .get("/sdk/card-fields", |_, _| async {
            page(include_str!("../assets/moneflow-card-fields.html"))
        })
        .get("/sdk/moneflow.js", |_, _| async {
            asset("text/javascript", include_str!("../assets/moneflow.js"))
        })
        .get("/sdk/sdk.css", css)
}
