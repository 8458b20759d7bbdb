//! The HTTP plumbing shared by the four clients: HTTPS through the operating system's TLS
//! library and trust store ([`MIN_TLS`]), plain http only to loopback, timeouts, retries of
//! safe reads with backoff and jitter, 429 with `Retry-After`, and request logs that hold no
//! secret.
//!
//! A request that is not `retry_safe` (every POST) is transmitted once: [`Http::send`] makes a
//! single attempt, and reqwest's own retry policy (HTTP/2 protocol NACKs) is switched off, so
//! the only resend hyper can still make is of a request it never started writing on a reused
//! connection (it did not reach the provider).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, UNIX_EPOCH};

use desk_domain::Provider;
use desk_i18n::{Message, msg};
use rand::Rng;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::created::Created;
use crate::error::{ProviderError, Result};
use crate::ratelimit::{EndpointClass, RateLimiter};

/// How long to wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts for a read (a GET) before giving up.
const READ_ATTEMPTS: u32 = 3;

/// The oldest TLS version the clients accept: 1.3 where the system's TLS library is OpenSSL
/// (Linux and the other Unixes). On macOS, Secure Transport (native-tls's backend there) has
/// no TLS 1.3, and on Windows, Schannel has TLS 1.3 from Windows 11 only: a 1.3 minimum would
/// refuse every connection, so 1.2 it is (`docs/security.md`).
#[cfg(not(any(target_os = "windows", target_vendor = "apple")))]
pub const MIN_TLS: reqwest::tls::Version = reqwest::tls::Version::TLS_1_3;
/// The oldest TLS version the clients accept: 1.2, as the system's TLS library here
/// (Secure Transport on macOS, Schannel before Windows 11) cannot be held to 1.3; 1.3 on
/// Linux (`docs/security.md`).
#[cfg(any(target_os = "windows", target_vendor = "apple"))]
pub const MIN_TLS: reqwest::tls::Version = reqwest::tls::Version::TLS_1_2;

/// One provider's HTTP access: base URL, client and rate limiter.
#[derive(Clone)]
pub struct Http {
    provider: Provider,
    base: Url,
    client: reqwest::Client,
    limiter: Arc<RateLimiter>,
    /// The provider's clock per the `Date` header of its last answer, in ms since the epoch
    /// (0: none yet).
    provider_date_ms: Arc<AtomicU64>,
}

/// Whether `url` may carry provider traffic: https anywhere, plain http only to loopback.
pub fn check_base_url(url: &Url) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(ProviderError::InsecureUrl(
            url.host_str().unwrap_or("?").to_string(),
        )),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

/// The client's TLS: the system's TLS library (native-tls), no version below [`MIN_TLS`],
/// certificates checked against the operating system's trust store — or, in debug and test
/// builds, against the production rehearsal's test authority alone when `base` is a
/// rehearsal endpoint ([`crate::rehearsal`]).
fn with_tls(builder: reqwest::ClientBuilder, base: &Url) -> reqwest::ClientBuilder {
    let builder = builder.tls_backend_native().tls_version_min(MIN_TLS);
    #[cfg(debug_assertions)]
    if let Some(ca) = crate::rehearsal::active().and_then(|r| r.root_for(base)) {
        // Only this root: the system's are not loaded.
        return builder.tls_certs_only([ca]);
    }
    #[cfg(not(debug_assertions))]
    let _ = base;
    builder
}

impl Http {
    /// HTTP access to `provider` at `base` (checked: https, or http to loopback only).
    pub fn new(provider: Provider, base: Url, limiter: Arc<RateLimiter>) -> Result<Self> {
        check_base_url(&base)?;
        let client = with_tls(reqwest::Client::builder(), &base)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("merchant-desk/", env!("CARGO_PKG_VERSION")))
            // Our own loop retries reads only; nothing underneath resends a create.
            .retry(reqwest::retry::never())
            .build()
            .map_err(|e| {
                ProviderError::Unreachable(msg!("provider.https_setup", error = e).to_string())
            })?;
        Ok(Self {
            provider,
            base,
            client,
            limiter,
            provider_date_ms: Arc::default(),
        })
    }

    /// The provider's time per the `Date` header of its last answer (whatever its status),
    /// in ms since the epoch: to the second, as HTTP dates are.
    pub fn provider_date_ms(&self) -> Option<u64> {
        Some(self.provider_date_ms.load(Ordering::SeqCst)).filter(|ms| *ms > 0)
    }

    /// The base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// A request to `path` (plus an optional raw query) on the base URL.
    pub fn request(&self, method: Method, path_and_query: &str) -> Result<RequestBuilder> {
        let url = self
            .base
            .join(path_and_query.trim_start_matches('/'))
            .map_err(|e| ProviderError::Decode(format!("bad path: {e}")))?;
        Ok(self.client.request(method, url))
    }

    /// Sends a request built by `build` (called again for each attempt) and decodes the JSON
    /// answer. Only `retry_safe` requests are retried.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        class: EndpointClass,
        retry_safe: bool,
        build: impl Fn() -> Result<RequestBuilder>,
    ) -> Result<T> {
        let response = self.send(class, retry_safe, build).await?;
        self.decode(response).await
    }

    /// Sends a create (once: never retried) and decodes the resource, with whether the
    /// provider already had it: 200 → `existed: true`, any other success (201) → `false`.
    pub async fn send_created<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> Result<RequestBuilder>,
    ) -> Result<Created<T>> {
        let response = self.send(EndpointClass::Write, false, build).await?;
        let existed = response.status() == StatusCode::OK;
        Ok(Created {
            value: self.decode(response).await?,
            existed,
        })
    }

    /// Reads and decodes a success's body. A body cut off in transit is an unknown outcome
    /// (the request was processed, its answer was lost), not a malformed answer.
    async fn decode<T: DeserializeOwned>(&self, response: Response) -> Result<T> {
        let status = response.status();
        let bytes = response.bytes().await.map_err(|_| {
            ProviderError::UnknownOutcome(
                msg!(
                    "provider.reply_cut_off",
                    provider = self.provider,
                    status = status
                )
                .to_string(),
            )
        })?;
        serde_json::from_slice(&bytes).map_err(|e| {
            ProviderError::Decode(
                msg!(
                    "provider.unexpected_body",
                    provider = self.provider,
                    status = status,
                    error = e
                )
                .to_string(),
            )
        })
    }

    /// Sends with rate limiting, retries of safe requests and error mapping.
    pub async fn send(
        &self,
        class: EndpointClass,
        retry_safe: bool,
        build: impl Fn() -> Result<RequestBuilder>,
    ) -> Result<Response> {
        let attempts = if retry_safe { READ_ATTEMPTS } else { 1 };
        let mut last = None;
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt)).await;
            }
            self.limiter.acquire(self.provider, class).await;
            match self.send_once(build()?).await {
                Err(e @ (ProviderError::Unreachable(_) | ProviderError::UnknownOutcome(_))) => {
                    last = Some(e)
                }
                other => return other,
            }
        }
        Err(last.unwrap_or_else(|| {
            ProviderError::Unreachable(Message::new("provider.no_attempt").to_string())
        }))
    }

    async fn send_once(&self, request: RequestBuilder) -> Result<Response> {
        let request = request
            .build()
            .map_err(|e| ProviderError::Decode(e.to_string()))?;
        let (method, path) = (request.method().clone(), request.url().path().to_string());
        let started = Instant::now();
        let result = self.client.execute(request).await;
        let ms = started.elapsed().as_millis() as u64;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(provider = %self.provider, %method, %path, ms, "request failed");
                return Err(if e.is_connect() {
                    ProviderError::Unreachable(
                        msg!("provider.connection_refused", provider = self.provider).to_string(),
                    )
                } else {
                    ProviderError::UnknownOutcome(
                        msg!("provider.no_answer", provider = self.provider).to_string(),
                    )
                });
            }
        };
        let status = response.status();
        tracing::debug!(provider = %self.provider, %method, %path, status = status.as_u16(), ms, "request");
        if let Some(date) = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        {
            self.provider_date_ms
                .store(date.as_millis() as u64, Ordering::SeqCst);
        }
        if status.is_success() {
            return Ok(response);
        }
        Err(self.error_from(response).await)
    }

    async fn error_from(&self, response: Response) -> ProviderError {
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            let secs = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1);
            return ProviderError::RateLimited {
                retry_after: Duration::from_secs(secs),
            };
        }
        if status.is_server_error() {
            return ProviderError::UnknownOutcome(
                msg!(
                    "provider.answered_status",
                    provider = self.provider,
                    status = status
                )
                .to_string(),
            );
        }
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        let (code, message) = parse_error(&body);
        ProviderError::Rejected {
            status: status.as_u16(),
            code,
            message,
        }
    }
}

/// Reads the contract's error shapes: `{error: {code, message}}` or Monnet's
/// `{errorCode, message}`. Only those two fields are kept, never the whole body.
fn parse_error(body: &serde_json::Value) -> (String, String) {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.chars().take(300).collect(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if let Some(err) = body.get("error") {
        return (text(&err["code"]), text(&err["message"]));
    }
    (text(&body["errorCode"]), text(&body["message"]))
}

/// Exponential backoff with full jitter: up to 200 ms, 400 ms, 800 ms…
fn backoff(attempt: u32) -> Duration {
    let cap = 100u64 << attempt.min(6);
    Duration::from_millis(rand::thread_rng().gen_range(cap / 2..=cap))
}

/// The method for reads, re-exported so clients need not name reqwest.
pub const GET: Method = Method::GET;
/// The method for creates.
pub const POST: Method = Method::POST;
