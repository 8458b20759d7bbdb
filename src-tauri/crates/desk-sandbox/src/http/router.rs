//! Paths to handlers, matched as axum matched them: `matchit` over the raw path (no trailing
//! slash or case folding; a parameter is one non-empty segment, percent-decoded for the
//! handler), a `GET` route answers `HEAD` too, an unknown path is a 404 and a known path
//! without the method a 405 whose answer carries `Allow`.

use std::future::Future;
use std::pin::Pin;

use http_body_util::Limited;
use hyper::body::Incoming;
use hyper::http::request::Parts;
use percent_encoding::percent_decode_str;

use super::{Method, Req, Response, StatusCode, empty, text};
use crate::error::{Result, SandboxError};
use crate::shared::Shared;

type Reply = Pin<Box<dyn Future<Output = Response> + Send>>;
type Handler = Box<dyn Fn(Shared, Req) -> Reply + Send + Sync>;

/// Routes of a listener: a path and a method to a handler, merged into one [`Router`].
#[derive(Default)]
pub struct Routes(Vec<(&'static str, Method, Handler)>);

impl Routes {
    /// No routes.
    pub fn new() -> Self {
        Self::default()
    }

    /// `handler` answers `GET` (and `HEAD`) at `path`.
    pub fn get<F, R>(self, path: &'static str, handler: F) -> Self
    where
        F: Fn(Shared, Req) -> R + Send + Sync + 'static,
        R: Future<Output = Response> + Send + 'static,
    {
        self.on(path, Method::GET, handler)
    }

    /// `handler` answers `POST` at `path`.
    pub fn post<F, R>(self, path: &'static str, handler: F) -> Self
    where
        F: Fn(Shared, Req) -> R + Send + Sync + 'static,
        R: Future<Output = Response> + Send + 'static,
    {
        self.on(path, Method::POST, handler)
    }

    /// `handler` answers `DELETE` at `path`.
    pub fn delete<F, R>(self, path: &'static str, handler: F) -> Self
    where
        F: Fn(Shared, Req) -> R + Send + Sync + 'static,
        R: Future<Output = Response> + Send + 'static,
    {
        self.on(path, Method::DELETE, handler)
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Routes) -> Self {
        self.0.extend(other.0);
        self
    }

    fn on<F, R>(mut self, path: &'static str, method: Method, handler: F) -> Self
    where
        F: Fn(Shared, Req) -> R + Send + Sync + 'static,
        R: Future<Output = Response> + Send + 'static,
    {
        self.0.push((
            path,
            method,
            Box::new(move |shared, req| Box::pin(handler(shared, req))),
        ));
        self
    }
}

/// The methods of one path, and its `Allow` header (in the order they were added).
struct Endpoint {
    handlers: Vec<(Method, Handler)>,
    allow: String,
}

/// A listener's routes, ready to match.
pub(crate) struct Router {
    paths: matchit::Router<usize>,
    endpoints: Vec<Endpoint>,
}

/// What a request's method and path lead to.
pub(crate) enum Route<'a> {
    /// A handler, and the path's parameters as they appear in it.
    Found(&'a Handler, Vec<(String, String)>),
    /// A path without that method: what it allows.
    NotAllowed(&'a str),
    /// No such path.
    NotFound,
}

impl Router {
    /// The router of `routes`; two handlers for one path and method, or paths `matchit`
    /// cannot tell apart, are refused.
    pub(crate) fn new(routes: Routes) -> Result<Self> {
        let mut paths = matchit::Router::new();
        let mut endpoints: Vec<Endpoint> = Vec::new();
        let mut index: Vec<&'static str> = Vec::new();
        for (path, method, handler) in routes.0 {
            let i = match index.iter().position(|p| *p == path) {
                Some(i) => i,
                None => {
                    paths
                        .insert(path, endpoints.len())
                        .map_err(|e| SandboxError::Route(format!("{path}: {e}")))?;
                    index.push(path);
                    endpoints.push(Endpoint {
                        handlers: Vec::new(),
                        allow: String::new(),
                    });
                    endpoints.len() - 1
                }
            };
            let endpoint = &mut endpoints[i];
            if endpoint.handlers.iter().any(|(m, _)| *m == method) {
                return Err(SandboxError::Route(format!(
                    "{method} {path} is routed twice"
                )));
            }
            let allowed: &[&str] = if method == Method::GET {
                &["GET", "HEAD"]
            } else {
                &[method.as_str()]
            };
            for m in allowed {
                if endpoint.allow.is_empty() {
                    endpoint.allow.push_str(m);
                } else if !endpoint.allow.contains(m) {
                    endpoint.allow.push(',');
                    endpoint.allow.push_str(m);
                }
            }
            endpoint.handlers.push((method, handler));
        }
        Ok(Self { paths, endpoints })
    }

    /// Where `method` at `path` leads.
    pub(crate) fn find(&self, method: &Method, path: &str) -> Route<'_> {
        let Ok(found) = self.paths.at(path) else {
            return Route::NotFound;
        };
        let endpoint = &self.endpoints[*found.value];
        let handler = |wanted: &Method| {
            endpoint
                .handlers
                .iter()
                .find(|(m, _)| m == wanted)
                .map(|(_, h)| h)
        };
        let handler = match handler(method) {
            None if *method == Method::HEAD => handler(&Method::GET),
            found => found,
        };
        match handler {
            Some(handler) => Route::Found(
                handler,
                found
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            None => Route::NotAllowed(&endpoint.allow),
        }
    }
}

impl Route<'_> {
    /// The `Allow` header a 405 carries.
    pub(crate) fn allow(&self) -> Option<&str> {
        match self {
            Route::NotAllowed(allow) => Some(allow),
            _ => None,
        }
    }

    /// The answer: the handler's, or the bare 404 or 405 (shaped later). A path parameter
    /// that is no UTF-8 once decoded is refused first, as axum's `Path` did: every handler
    /// of a route with parameters took them before anything else that could refuse.
    pub(crate) async fn call(
        self,
        shared: Shared,
        head: Parts,
        body: Limited<Incoming>,
    ) -> Response {
        match self {
            Route::Found(handler, params) => match decode(params) {
                Ok(params) => handler(shared, Req::new(head, params, body)).await,
                Err(refusal) => refusal,
            },
            Route::NotAllowed(_) => empty(StatusCode::METHOD_NOT_ALLOWED),
            Route::NotFound => empty(StatusCode::NOT_FOUND),
        }
    }
}

/// The parameters percent-decoded, or the refusal (400, plain text) naming the first that is
/// no UTF-8.
fn decode(params: Vec<(String, String)>) -> std::result::Result<Vec<(String, String)>, Response> {
    params
        .into_iter()
        .map(
            |(key, value)| match percent_decode_str(&value).decode_utf8() {
                Ok(decoded) => Ok((key, decoded.into_owned())),
                Err(_) => Err(text(
                    StatusCode::BAD_REQUEST,
                    format!("Invalid URL: Invalid UTF-8 in `{key}`"),
                )),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> Router {
        let ok = |_: Shared, _: Req| async { empty(StatusCode::OK) };
        Router::new(
            Routes::new()
                .get("/pay", ok)
                .post("/pay", ok)
                .get("/pay/{id}", ok)
                .delete("/pay/{id}", ok)
                .post("/pay/create", ok),
        )
        .unwrap()
    }

    fn outcome(route: Route<'_>) -> String {
        match route {
            Route::Found(_, params) => format!("found {params:?}"),
            Route::NotAllowed(allow) => format!("405 {allow}"),
            Route::NotFound => "404".into(),
        }
    }

    #[test]
    fn paths_match_as_axum_matched_them() {
        let r = router();
        let at = |method: Method, path: &str| outcome(r.find(&method, path));
        assert_eq!(at(Method::GET, "/pay"), "found []");
        assert_eq!(at(Method::HEAD, "/pay"), "found []");
        assert_eq!(at(Method::POST, "/pay/create"), "found []");
        assert_eq!(at(Method::GET, "/pay/a%2Fb"), r#"found [("id", "a%2Fb")]"#);
        assert_eq!(at(Method::GET, "/pay/create"), "405 POST");
        assert_eq!(at(Method::PUT, "/pay"), "405 GET,HEAD,POST");
        assert_eq!(at(Method::POST, "/pay/x"), "405 GET,HEAD,DELETE");
        for missing in ["/pay/", "/Pay", "//pay", "/pay/x/y", "/"] {
            assert_eq!(at(Method::GET, missing), "404", "{missing}");
        }
    }

    #[test]
    fn a_method_routed_twice_is_refused() {
        let ok = |_: Shared, _: Req| async { empty(StatusCode::OK) };
        assert!(Router::new(Routes::new().get("/a", ok).get("/a", ok)).is_err());
    }

    #[test]
    fn parameters_are_percent_decoded_or_refused() {
        assert_eq!(
            decode(vec![("id".into(), "a%2Fb%20c+d".into())]).ok(),
            Some(vec![("id".into(), "a/b c+d".into())])
        );
        let refused = decode(vec![
            ("mid".into(), "m".into()),
            ("id".into(), "%FF".into()),
        ]);
        assert!(refused.is_err_and(|r| r.status() == StatusCode::BAD_REQUEST));
    }
}
