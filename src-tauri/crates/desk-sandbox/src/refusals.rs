//! The last word on refusals: whatever the HTTP layer answers by itself (a body over the
//! limit, a query or path it cannot read, an unknown path, a wrong method) leaves in the
//! listener's documented error shape, never as bare text or an empty reply. The handlers' own
//! refusals are JSON already and pass untouched.

use desk_domain::Provider;

use crate::http::{Response, StatusCode, header};
use crate::reply;
use crate::strict::BODY_LIMIT;

/// How much of a plain refusal's text is kept as the message.
const TEXT_LIMIT: usize = 4 * 1024;

fn is_json(r: &Response) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The layer: a 4xx to `path` that is not JSON is answered again in `provider`'s shape
/// (Monnet's `{errorCode, message}` on its API paths, `{error: {code, message}}` elsewhere),
/// its text (up to [`TEXT_LIMIT`]) kept as the message of a plain 400.
pub fn shape(provider: Provider, path: &str, response: Response) -> Response {
    if !response.status().is_client_error() || is_json(&response) {
        return response;
    }
    let status = response.status();
    let text = response
        .body()
        .full()
        .filter(|b| b.len() <= TEXT_LIMIT)
        .map(|b| String::from_utf8_lossy(b).trim().to_string())
        .unwrap_or_default();
    let (status, code, monnet_code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            status,
            "request_too_large",
            1030,
            format!("The body is over the {} KiB limit.", BODY_LIMIT / 1024),
        ),
        StatusCode::NOT_FOUND => (status, "not_found", 1041, format!("No endpoint at {path}.")),
        StatusCode::METHOD_NOT_ALLOWED => (
            status,
            "method_not_allowed",
            1042,
            format!("{path} does not take this method."),
        ),
        _ if text.is_empty() => (
            StatusCode::BAD_REQUEST,
            "invalid_request",
            1029,
            "The request is malformed.".to_string(),
        ),
        _ => (StatusCode::BAD_REQUEST, "invalid_request", 1029, text),
    };
    if provider == Provider::Monnet && !path.starts_with("/__sandbox") {
        reply::monnet_error(status, monnet_code, &message)
    } else {
        reply::error(status, code, &message)
    }
}
