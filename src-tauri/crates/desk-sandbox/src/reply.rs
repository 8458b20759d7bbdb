//! Error replies in the contract's shapes, and list paging.

use serde::Serialize;

use crate::http::{self, Response, StatusCode};

/// `{error: {code, message}}` with `status` (Mona, Monei, MonEFlow Pay).
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    http::json(
        status,
        &serde_json::json!({ "error": { "code": code, "message": message } }),
    )
}

/// `{errorCode, message}` with `status` (Monnet).
pub fn monnet_error(status: StatusCode, code: u32, message: &str) -> Response {
    http::json(
        status,
        &serde_json::json!({ "errorCode": code, "message": message }),
    )
}

/// One page of `items` (already sorted by `(updatedAt, id)` and filtered), from `cursor`.
pub fn page<T: Serialize>(
    items: Vec<T>,
    cursor: Option<&str>,
    limit: Option<usize>,
) -> serde_json::Value {
    let start = cursor.and_then(|c| c.parse::<usize>().ok()).unwrap_or(0);
    let limit = limit.unwrap_or(100).clamp(1, 500);
    let end = (start + limit).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    let data: Vec<&T> = items.iter().skip(start).take(limit).collect();
    serde_json::json!({ "data": data, "nextCursor": next })
}

/// One page of `items` as a 200 answer, from the request's `cursor` and `limit` query
/// parameters (see [`page`]).
pub fn page_answer<T: Serialize>(
    items: Vec<T>,
    query: &std::collections::HashMap<String, String>,
) -> Response {
    let (cursor, limit) = (query.get("cursor"), query.get("limit"));
    http::json(
        StatusCode::OK,
        &page(
            items,
            cursor.map(String::as_str),
            limit.and_then(|l| l.parse().ok()),
        ),
    )
}

/// A body over [`BODY_LIMIT`](crate::strict::BODY_LIMIT), in the `{error}` shape: 413.
pub fn too_large() -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request_too_large",
        &format!(
            "The body is over the {} KiB limit.",
            crate::strict::BODY_LIMIT / 1024
        ),
    )
}
