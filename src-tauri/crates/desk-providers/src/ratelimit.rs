//! A client-side rate limiter per provider and endpoint class, so the desk never trips a limit:
//! Monei's documented limits (reads 1000, writes 100, authentication 10 per minute) and the
//! project's contract for Monnet (600 payout creates a minute, docs/provider-api.md), which a
//! batch of thousands of payouts would otherwise reach. Mona and MonEFlow Pay document none, so
//! none is imposed on them; a 429 from any provider is still honoured with its Retry-After.
//!
//! Token buckets on tokio's clock, so tests run on paused time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use desk_domain::Provider;
use tokio::time::Instant;

/// The kind of endpoint, as Monei's rate-limit table classifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndpointClass {
    /// GETs.
    Read,
    /// Creates and state changes.
    Write,
    /// Key checks and token issuance.
    Auth,
}

/// Monnet payout creates allowed per minute and merchant (the project's contract).
pub const MONNET_WRITES_PER_MINUTE: u32 = 600;

impl EndpointClass {
    /// Requests of this class allowed per minute at `provider`, where a limit is set.
    pub fn per_minute(self, provider: Provider) -> Option<u32> {
        match (provider, self) {
            (Provider::Monei, EndpointClass::Read) => Some(1000),
            (Provider::Monei, EndpointClass::Write) => Some(100),
            (Provider::Monei, EndpointClass::Auth) => Some(10),
            (Provider::Monnet, EndpointClass::Write) => Some(MONNET_WRITES_PER_MINUTE),
            _ => None,
        }
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets keyed by provider and class.
#[derive(Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<(Provider, EndpointClass), Bucket>>,
}

impl RateLimiter {
    /// Waits until a request of `class` to `provider` is within the limit, then counts it.
    pub async fn acquire(&self, provider: Provider, class: EndpointClass) {
        let Some(per_minute) = class.per_minute(provider) else {
            return;
        };
        loop {
            let wait = self.try_take(provider, class, per_minute, Instant::now());
            match wait {
                None => return,
                Some(d) => tokio::time::sleep(d).await,
            }
        }
    }

    /// Takes a token if one is there; otherwise says how long until one is.
    fn try_take(
        &self,
        provider: Provider,
        class: EndpointClass,
        per_minute: u32,
        now: Instant,
    ) -> Option<Duration> {
        let capacity = f64::from(per_minute);
        let per_sec = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = buckets.entry((provider, class)).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_sec).min(capacity);
        b.updated = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - b.tokens) / per_sec))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Monei allows 100 writes a minute: the 101st must wait about 0.6 s for a token, never
    // go out at once.
    #[tokio::test(start_paused = true)]
    async fn the_101st_write_in_a_minute_waits_for_the_bucket() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..100 {
            limiter.acquire(Provider::Monei, EndpointClass::Write).await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "a full bucket serves 100 at once"
        );
        limiter.acquire(Provider::Monei, EndpointClass::Write).await;
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(590) && waited <= Duration::from_millis(700),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn classes_and_providers_have_separate_buckets() {
        let limiter = RateLimiter::default();
        for _ in 0..10 {
            limiter.acquire(Provider::Monei, EndpointClass::Auth).await;
        }
        let start = Instant::now();
        limiter.acquire(Provider::Monei, EndpointClass::Read).await;
        for _ in 0..50 {
            limiter.acquire(Provider::Mona, EndpointClass::Write).await;
            limiter.acquire(Provider::Monnet, EndpointClass::Read).await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "providers and classes without a limit are not slowed"
        );
        limiter.acquire(Provider::Monei, EndpointClass::Auth).await;
        assert!(
            start.elapsed() >= Duration::from_secs(5),
            "auth is 10 a minute"
        );
    }

    // A batch of 1,000 payouts: the first 600 go at once, the rest at 10 a second.
    #[tokio::test(start_paused = true)]
    async fn monnet_creates_keep_to_600_a_minute() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..600 {
            limiter
                .acquire(Provider::Monnet, EndpointClass::Write)
                .await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        for _ in 0..400 {
            limiter
                .acquire(Provider::Monnet, EndpointClass::Write)
                .await;
        }
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_secs(39) && waited <= Duration::from_secs(41),
            "{waited:?}"
        );
    }
}
