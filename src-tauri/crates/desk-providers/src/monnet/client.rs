//! The Monnet payouts client.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use desk_domain::{Environment, Provider, Secret, ValidPayout};
use desk_i18n::Message;
use url::Url;

use super::sign::sign;
use super::types::{Output, Payout, PayoutBody};
use crate::created::Created;
use crate::error::{ProviderError, Result};
use crate::http::{GET, Http, POST};
use crate::ratelimit::{EndpointClass, RateLimiter};

/// Monnet credentials: issued per environment (cert vs production host), no key prefix.
#[derive(Clone)]
pub struct MonnetCredentials {
    /// Merchant id (in every path).
    pub merchant_id: String,
    /// The `monnet-api-key` header value.
    pub api_key: Secret,
    /// The HMAC secret.
    pub api_secret: Secret,
}

/// Monnet's error code for a create whose `orderId` the merchant already holds.
const DUPLICATED_ORDER_ID: &str = "2005";

/// Monnet's refusals of a request's time: 1002 (timestamp outside the window), 1003
/// (signature already used). Both come before the body is read: nothing was created.
const CLOCK_REFUSALS: [&str; 2] = ["1002", "1003"];

/// Below this, a measured offset is the `Date` header's rounding and the trip, not a clock
/// that is off: the refusal is not re-signed.
const SKEW_TOLERANCE_MS: i64 = 2_000;

/// Whether Monnet's error `code` refuses the request's time (1002, 1003), not its credentials.
pub fn is_clock_refusal(code: &str) -> bool {
    CLOCK_REFUSALS.contains(&code)
}

/// Milliseconds since the Unix epoch, from a clock the caller controls.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

fn system_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Signed calls to Monnet's payout API.
#[derive(Clone)]
pub struct MonnetClient {
    http: Http,
    creds: MonnetCredentials,
    clock: Clock,
    /// Monnet's clock minus `clock`, in ms, learnt from its `Date` header after it refused a
    /// timestamp (0 until then): added to every timestamp signed from then on.
    offset_ms: Arc<AtomicI64>,
    /// The last timestamp signed: each request gets a new one, as Monnet asks, so two requests
    /// in the same millisecond never share a signature (the second would be a replay).
    last_ts: Arc<AtomicU64>,
}

impl MonnetClient {
    /// A client for `base` (the cert/production host, or the embedded sandbox).
    pub fn new(
        base: Url,
        env: Environment,
        creds: MonnetCredentials,
        limiter: Arc<RateLimiter>,
    ) -> Result<Self> {
        if creds.merchant_id.is_empty()
            || !creds.merchant_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(ProviderError::InvalidKey(Message::new(
                "provider.monnet_merchant_id",
            )));
        }
        if creds.api_key.is_empty() || creds.api_secret.is_empty() {
            return Err(ProviderError::InvalidKey(Message::new(
                "provider.monnet_keys_required",
            )));
        }
        if env.is_live() && base.host_str() == Some("cert.api.payout.monnet.io") {
            return Err(ProviderError::WrongEnvironment(Message::new(
                "provider.monnet_cert_host",
            )));
        }
        Ok(Self {
            http: Http::new(Provider::Monnet, base, limiter)?,
            creds,
            clock: Arc::new(system_clock),
            offset_ms: Arc::default(),
            last_ts: Arc::default(),
        })
    }

    /// Uses `clock` for request timestamps (tests, or a corrected clock).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    fn path(&self, rest: &str) -> String {
        format!("/api/v1/{}/payouts{rest}", self.creds.merchant_id)
    }

    /// A signed request: `?timestamp=…&signature=…` then any unsigned filters.
    fn signed(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &[u8],
        filters: &str,
    ) -> Result<reqwest::RequestBuilder> {
        let now = (self.clock)().saturating_add_signed(self.offset_ms.load(Ordering::SeqCst));
        let ts = match self.last_ts.fetch_max(now, Ordering::SeqCst) {
            prev if prev >= now => self.last_ts.fetch_add(1, Ordering::SeqCst) + 1,
            _ => now,
        };
        let sig = sign(
            self.creds.api_secret.expose(),
            method.as_str(),
            path,
            ts,
            body,
        );
        let query = format!("{path}?timestamp={ts}&signature={sig}{filters}");
        let mut req = self
            .http
            .request(method, &query)?
            .header("monnet-api-key", self.creds.api_key.expose());
        if !body.is_empty() {
            req = req
                .header("content-type", "application/json")
                .body(body.to_vec());
        }
        Ok(req)
    }

    /// Shares `offset_ms` (Monnet's clock minus this computer's, in ms) with every client made
    /// with the same cell, so what one learnt is signed with by the next and can be told.
    pub fn with_clock_offset(mut self, offset_ms: Arc<AtomicI64>) -> Self {
        self.offset_ms = offset_ms;
        self
    }

    /// How far Monnet's clock is from this computer's, in seconds (positive: the computer is
    /// behind), once a refused timestamp taught it; every signature since uses Monnet's time.
    /// The desk tells the merchant with [`ProviderError::ClockSkew`]'s sentence.
    pub fn clock_offset_seconds(&self) -> Option<i64> {
        let ms = self.offset_ms.load(Ordering::SeqCst);
        (ms != 0).then(|| (ms as f64 / 1000.0).round() as i64)
    }

    /// Learns Monnet's clock from the `Date` of its last answer: the offset if it differs
    /// from the one signed with by more than rounding (then kept for every later signature),
    /// `None` otherwise (re-signing would change nothing).
    fn learn_offset(&self) -> Option<i64> {
        let provider = i64::try_from(self.http.provider_date_ms()?).ok()?;
        let offset = provider - i64::try_from((self.clock)()).ok()?;
        if (offset - self.offset_ms.load(Ordering::SeqCst)).abs() < SKEW_TOLERANCE_MS {
            return None;
        }
        tracing::warn!(
            offset_s = offset / 1000,
            "Monnet refused the desk's timestamp: signing with Monnet's time from now on"
        );
        self.offset_ms.store(offset, Ordering::SeqCst);
        // Timestamps start again from Monnet's time, even if that is behind the last one.
        self.last_ts.store(0, Ordering::SeqCst);
        Some(offset)
    }

    /// Makes `call` (which signs afresh each time); if Monnet refuses its time (1002, 1003)
    /// and its `Date` shows this computer's clock is off, makes it once more signed with
    /// Monnet's time. Safe for a create: those refusals come before anything is created, and
    /// the resend carries the same `orderId`. Refused again: [`ProviderError::ClockSkew`].
    async fn with_clock_check<T, F: Future<Output = Result<T>>>(
        &self,
        call: impl Fn() -> F,
    ) -> Result<T> {
        let refused_time = |e: &ProviderError| matches!(e, ProviderError::Rejected { status: 401, code, .. } if is_clock_refusal(code));
        match call().await {
            Err(e) if refused_time(&e) => match self.learn_offset() {
                Some(offset) => call().await.map_err(|e| {
                    if refused_time(&e) {
                        ProviderError::ClockSkew {
                            offset_seconds: (offset as f64 / 1000.0).round() as i64,
                        }
                    } else {
                        e
                    }
                }),
                None => Err(e),
            },
            other => other,
        }
    }

    /// Creates a payout; sent once, and resent only after Monnet refused its time (see
    /// [`with_clock_check`](Self::with_clock_check): nothing was created); otherwise never
    /// retried here (each attempt is a new signed request, so a resend is always the caller's
    /// decision). A payout Monnet already holds with this
    /// `orderId` is refused with 2005, returned as [`ProviderError::DuplicateReference`]; Monnet
    /// never answers 200, so `existed` is `false` on success.
    ///
    /// Monnet has no lookup by `orderId`. Its recovery rule after an unknown outcome: wait
    /// 30 s, resend with the same `orderId`: `Ok` means the first never arrived,
    /// `DuplicateReference` means it did.
    pub async fn create_payout(&self, payout: &ValidPayout) -> Result<Created<Payout>> {
        let body = serde_json::to_vec(&PayoutBody::from(payout))
            .map_err(|e| ProviderError::Decode(e.to_string()))?;
        let path = self.path("");
        self.with_clock_check(|| {
            self.http
                .send_created(|| self.signed(POST, &path, &body, ""))
        })
        .await
        .map_err(|e| match e {
            ProviderError::Rejected { code, .. } if code == DUPLICATED_ORDER_ID => {
                ProviderError::DuplicateReference
            }
            other => other,
        })
    }

    /// Verifies the key, secret and merchant id with the one documented read: a payout id
    /// that cannot exist (0). Monnet's 404 means the request was authenticated; 401 (1001)
    /// means it was not.
    pub async fn verify(&self) -> Result<()> {
        match self.get_payout(0).await {
            Ok(_) | Err(ProviderError::Rejected { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Reads one payout.
    pub async fn get_payout(&self, id: u64) -> Result<Payout> {
        let path = self.path(&format!("/{id}"));
        let out: Output = self
            .with_clock_check(|| {
                self.http.send_json(EndpointClass::Read, true, || {
                    self.signed(GET, &path, b"", "")
                })
            })
            .await?;
        Ok(out.output)
    }
}
