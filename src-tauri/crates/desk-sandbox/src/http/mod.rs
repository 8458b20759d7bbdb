//! The sandbox's small HTTP layer over hyper's HTTP/1 server: a request type ([`Req`]) with the
//! parsing the handlers need, answered with the very refusals axum's extractors gave before
//! (so `refusals` shapes them as it always did), the response builders, a path router over
//! `matchit` ([`Routes`]) and the listeners with the layers every request passes
//! ([`serve`]).

mod body;
mod request;
mod router;
mod serve;

pub use body::Body;
pub use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
pub use hyper::{Method, StatusCode};
pub use request::Req;
pub(crate) use router::Router;
pub use router::Routes;
#[cfg(feature = "rehearsal")]
pub(crate) use serve::Listener;
pub(crate) use serve::{App, serve};

/// A response of the sandbox.
pub type Response = hyper::Response<Body>;

/// A response of `status` with `body` and no header.
fn with_body(status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
}

/// `status` with an empty body.
pub fn empty(status: StatusCode) -> Response {
    with_body(status, Body::empty())
}

/// `value` as `application/json` with `status`; a value that does not serialise is a 500.
pub fn json<T: serde::Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_type(status, "application/json", bytes),
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `body` as `text/plain; charset=utf-8` with `status` (the unshaped refusals).
pub(crate) fn text(status: StatusCode, body: impl Into<hyper::body::Bytes>) -> Response {
    with_type(status, "text/plain; charset=utf-8", body)
}

/// `body` with `status` and the content type `kind`.
pub fn with_type(
    status: StatusCode,
    kind: &'static str,
    body: impl Into<hyper::body::Bytes>,
) -> Response {
    let mut response = with_body(status, Body::from(body.into()));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}
