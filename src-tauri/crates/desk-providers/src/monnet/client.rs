//! The Monnet payouts client.

use std::sync::Arc;

use desk_domain::{Environment, Provider, Secret, ValidPayout};
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
    /// The last timestamp signed: each request gets a new one, as Monnet asks, so two requests
    /// in the same millisecond never share a signature (the second would be a replay).
    last_ts: Arc<std::sync::atomic::AtomicU64>,
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
            return Err(ProviderError::InvalidKey(
                "The Monnet merchant id has letters and digits only.".into(),
            ));
        }
        if creds.api_key.is_empty() || creds.api_secret.is_empty() {
            return Err(ProviderError::InvalidKey(
                "The Monnet API key and secret are both required.".into(),
            ));
        }
        if env.is_live() && base.host_str() == Some("cert.api.payout.monnet.io") {
            return Err(ProviderError::WrongEnvironment(
                "Monnet's cert host is the test system; production keys go to the production host."
                    .into(),
            ));
        }
        Ok(Self {
            http: Http::new(Provider::Monnet, base, limiter)?,
            creds,
            clock: Arc::new(system_clock),
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
        let now = (self.clock)();
        let ts = match self
            .last_ts
            .fetch_max(now, std::sync::atomic::Ordering::SeqCst)
        {
            prev if prev >= now => {
                self.last_ts
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                    + 1
            }
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

    /// Creates a payout; sent once, never retried here (each attempt is a new signed request,
    /// so a resend is always the caller's decision). A payout Monnet already holds with this
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
        self.http
            .send_created(|| self.signed(POST, &path, &body, ""))
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
            .http
            .send_json(EndpointClass::Read, true, || {
                self.signed(GET, &path, b"", "")
            })
            .await?;
        Ok(out.output)
    }
}
