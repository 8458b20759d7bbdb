//! The listeners: hyper's HTTP/1 connections over TCP (or the rehearsal's TLS), stopped
//! gracefully when the stop channel turns true or its sender is dropped, and the layers every
//! request passes, innermost first: the faults, the body limit, the refusals' shapes, then
//! the `Date` header.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use desk_domain::Provider;
use http_body_util::Limited;
use hyper::body::{Body as _, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::router::Route;
use super::{Body, HeaderMap, HeaderValue, Method, Response, Router, StatusCode, header, text};
use crate::shared::Shared;
use crate::strict::BODY_LIMIT;
use crate::{clock, faults, refusals};

/// Where connections come from.
pub(crate) trait Listener: Send + 'static {
    /// A connection.
    type Io: AsyncRead + AsyncWrite + Unpin + Send + 'static;

    /// The next connection; errors are logged and waited out, as axum did.
    fn accept(&mut self) -> impl Future<Output = Self::Io> + Send;
}

impl Listener for TcpListener {
    type Io = tokio::net::TcpStream;

    async fn accept(&mut self) -> Self::Io {
        loop {
            match TcpListener::accept(self).await {
                Ok((stream, _)) => return stream,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionRefused
                            | std::io::ErrorKind::ConnectionAborted
                            | std::io::ErrorKind::ConnectionReset
                    ) => {}
                Err(e) => {
                    // Out of file descriptors, say: wait for some to close.
                    tracing::error!(error = %e, "sandbox could not accept a connection");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }
}

/// One provider's application: its routes and the state its layers read.
pub(crate) struct App {
    router: Router,
    shared: Shared,
    provider: Provider,
}

impl App {
    /// `provider`'s application of `router` over `shared`.
    pub(crate) fn new(provider: Provider, router: Router, shared: Shared) -> Self {
        Self {
            router,
            shared,
            provider,
        }
    }
}

/// Serves `app` on `listener` until `stop` turns true or its sender is dropped: then no new
/// connection is taken, and the open ones finish the request in progress and close.
pub(crate) fn serve<L: Listener>(mut listener: L, app: Arc<App>, mut stop: watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            let io = tokio::select! {
                io = listener.accept() => io,
                () = stopped(&mut stop) => break,
            };
            tokio::spawn(connection(io, app.clone(), stop.clone()));
        }
    });
}

/// Once `stop` turns true, or its sender is dropped.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn connection<I>(io: I, app: Arc<App>, mut stop: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| {
        let app = app.clone();
        async move { Ok::<_, Infallible>(respond(&app, request).await) }
    });
    let mut conn = pin!(http1::Builder::new().serve_connection(TokioIo::new(io), service));
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::trace!(error = %e, "sandbox connection failed");
    }
}

/// The answer to `request`, through the layers.
async fn respond(app: &App, request: hyper::Request<Incoming>) -> Response {
    let (head, body) = request.into_parts();
    let method = head.method.clone();
    let path = head.uri.path().to_owned();
    let route = app.router.find(&method, &path);
    // axum finished the answers of the paths it routed only (its 404 was a fallback's).
    let routed = !matches!(route, Route::NotFound);
    let allow = route.allow().map(str::to_owned);
    let response = match body_limit(&head.headers) {
        Some(limit) => {
            let routed = route.call(app.shared.clone(), head, Limited::new(body, limit));
            faults::apply(&app.shared.faults, app.provider, &path, routed).await
        }
        None => text(StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded"),
    };
    let mut response = refusals::shape(app.provider, &path, response);
    clock::stamp_date(&app.shared.clock, &mut response);
    if routed {
        finish(&method, allow.as_deref(), &mut response);
    }
    response
}

/// How much body to read: at most [`BODY_LIMIT`], and no more than a `Content-Length` says;
/// `None` when the `Content-Length` is over the limit (refused before anything runs).
fn body_limit(headers: &HeaderMap) -> Option<usize> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    match declared {
        Some(len) if len > BODY_LIMIT => None,
        Some(len) => Some(len),
        None => Some(BODY_LIMIT),
    }
}

/// What axum did last to the answer of a routed path: a 405's `Allow`, a `Content-Length`
/// when the body's size is known, and no body for `HEAD` (hyper sends none anyway).
fn finish(method: &Method, allow: Option<&str>, response: &mut Response) {
    let headers = response.headers_mut();
    if let Some(allow) = allow
        && !headers.contains_key(header::ALLOW)
        && let Ok(allow) = HeaderValue::from_str(allow)
    {
        headers.insert(header::ALLOW, allow);
    }
    if !response.headers().contains_key(header::CONTENT_LENGTH)
        && let Some(size) = response.body().size_hint().exact()
    {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    if *method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_limit_reads_the_content_length() {
        let with = |len: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_LENGTH, HeaderValue::from_str(len).unwrap());
            body_limit(&h)
        };
        assert_eq!(body_limit(&HeaderMap::new()), Some(BODY_LIMIT));
        assert_eq!(with("10"), Some(10));
        assert_eq!(with(&BODY_LIMIT.to_string()), Some(BODY_LIMIT));
        assert_eq!(with(&(BODY_LIMIT + 1).to_string()), None);
        assert_eq!(with("not a number"), Some(BODY_LIMIT));
    }

    #[test]
    fn a_head_answer_keeps_its_length_and_loses_its_body() {
        let mut r = super::super::json(StatusCode::OK, &serde_json::json!({ "ok": true }));
        finish(&Method::HEAD, None, &mut r);
        assert_eq!(r.headers()[header::CONTENT_LENGTH], "11");
        assert_eq!(r.body().full(), Some(&b""[..]));
        let mut r = super::super::empty(StatusCode::METHOD_NOT_ALLOWED);
        finish(&Method::DELETE, Some("GET,HEAD"), &mut r);
        assert_eq!(r.headers()[header::ALLOW], "GET,HEAD");
        assert_eq!(r.headers()[header::CONTENT_LENGTH], "0");
    }
}
