//! A request as the handlers see it, and the parsing they ask of it. Each refusal is the one
//! axum's extractors gave, with the same text: a plain-text one (the query, the raw body) for
//! `refusals` to shape, and the JSON bodies' already in the `{error: {code, message}}` shape
//! (what `strict` answered for them).

use std::collections::HashMap;

use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{HeaderMap, Response, StatusCode, header, text};
use crate::{reply, strict};

/// A request routed to a handler: its head, its path parameters (percent-decoded) and its body
/// (read at most once, within the body limit).
pub struct Req {
    head: Parts,
    params: Vec<(String, String)>,
    body: Option<Limited<Incoming>>,
}

/// Why a body could not be read.
enum Unread {
    /// Over the body limit.
    TooLarge,
    /// The connection failed: the refusal's text.
    Failed(String),
}

impl Req {
    /// A request of `head` whose route gave `params`, with its (limited) body.
    pub(super) fn new(head: Parts, params: Vec<(String, String)>, body: Limited<Incoming>) -> Self {
        Self {
            head,
            params,
            body: Some(body),
        }
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The path parameter `name` of the route, percent-decoded (empty if the route has none).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The query's pairs, decoded (`+` is a space); the last of a repeated key wins.
    pub fn query_map(&self) -> HashMap<String, String> {
        let query = self.head.uri.query().unwrap_or_default();
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    /// The query as `T`, or its refusal (400, plain text).
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, Response> {
        let query = self.head.uri.query().unwrap_or_default();
        let pairs = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(pairs).map_err(|e| {
            text(
                StatusCode::BAD_REQUEST,
                format!("Failed to deserialize query string: {e}"),
            )
        })
    }

    /// The raw body, or its refusal (413 over the limit, else 400; plain text).
    pub async fn bytes(&mut self) -> Result<Bytes, Response> {
        self.read().await.map_err(|unread| match unread {
            Unread::TooLarge => text(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Failed to buffer the request body: length limit exceeded",
            ),
            Unread::Failed(message) => text(StatusCode::BAD_REQUEST, message),
        })
    }

    /// A JSON body of type `T` that passed [`strict::checked`]; refused otherwise in the
    /// `{error}` shape (400, or 413 over the limit), a body without a JSON content type too.
    pub async fn checked<T: DeserializeOwned>(&mut self) -> Result<T, Response> {
        let refused =
            |message: &str| reply::error(StatusCode::BAD_REQUEST, "invalid_request", message);
        if !json_content_type(self.headers()) {
            return Err(refused(
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let bytes = self.read().await.map_err(|unread| match unread {
            Unread::TooLarge => reply::too_large(),
            Unread::Failed(message) => refused(&message),
        })?;
        strict::checked(parse_json(&bytes).map_err(|message| refused(&message))?)
    }

    /// As [`checked`](Self::checked), but `None` for a request without a content type.
    pub async fn optional_checked<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Response> {
        if !self.headers().contains_key(header::CONTENT_TYPE) {
            return Ok(None);
        }
        self.checked().await.map(Some)
    }

    async fn read(&mut self) -> Result<Bytes, Unread> {
        let Some(body) = self.body.take() else {
            return Ok(Bytes::new());
        };
        match body.collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(Unread::TooLarge),
            Err(e) => Err(Unread::Failed(format!(
                "Failed to buffer the request body: {e}"
            ))),
        }
    }
}

/// Whether the content type is JSON: `application/json`, or `application/…+json`, with any
/// parameters (as axum's `Json` reads it, through `mime`).
fn json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|mime| {
            mime.type_() == "application"
                && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        })
}

/// The body as one JSON value, or the refusal's text naming where it broke.
fn parse_json(bytes: &[u8]) -> Result<Value, String> {
    let syntax =
        |e: &dyn std::fmt::Display| format!("Failed to parse the request body as JSON: {e}");
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        match e.inner().classify() {
            serde_json::error::Category::Data => {
                format!("Failed to deserialize the JSON body into the target type: {e}")
            }
            _ => syntax(&e),
        }
    })?;
    deserializer.end().map_err(|e| syntax(&e))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = content_type.parse() {
            h.insert(header::CONTENT_TYPE, v);
        }
        h
    }

    #[test]
    fn json_content_types_are_read_as_mime_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/cloudevents+json",
            "application/json;",
        ] {
            assert!(json_content_type(&headers(ok)), "{ok}");
        }
        for bad in [
            "text/json",
            "application/jsonx",
            "application/json; charset",
            "application/json ; charset=utf-8",
            "application / json",
            "",
        ] {
            assert!(!json_content_type(&headers(bad)), "{bad}");
        }
    }

    #[test]
    fn a_json_refusal_names_where_the_body_broke() {
        assert_eq!(
            parse_json(br#"{"a": {"b": tru}}"#).unwrap_err(),
            "Failed to parse the request body as JSON: a.b: expected ident at line 1 column 16"
        );
        assert_eq!(
            parse_json(br#"{"name":"x"} trailing"#).unwrap_err(),
            "Failed to parse the request body as JSON: trailing characters at line 1 column 14"
        );
        assert_eq!(
            parse_json(b"").unwrap_err(),
            "Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0"
        );
        assert_eq!(parse_json(br#" [1] "#).ok(), Some(serde_json::json!([1])));
    }
}
