//! Fault injection: the next requests to a provider fail with 503, are delayed, are committed
//! and then have their connection dropped before a reply, or get 429; and the `noDedup` switch,
//! under which a provider behaves as one without deduplication of references.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use desk_domain::Provider;
use serde::Deserialize;

use crate::http::{Body, HeaderValue, Response, StatusCode, header};
use crate::reply;

/// Faults requested for one provider.
#[derive(Debug, Default, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Fail this many next requests with 503 (nothing is processed).
    pub fail5xx: u32,
    /// Delay every request by this much.
    pub latency_ms: u64,
    /// Process this many next requests, then drop the connection without a reply.
    pub drop_after_commit: u32,
    /// Answer this many next requests with 429.
    pub force429: u32,
    /// Simulate no network at all: every request is refused until cleared.
    pub offline: bool,
    /// Behave as a provider without deduplication: a create with a reference the merchant
    /// already holds makes a second resource (Mona, Monei, MonEFlow Pay; Monnet ignores it and
    /// always answers 2005). Not consumed by requests: it stays until changed.
    pub no_dedup: bool,
}

/// Faults for the four providers.
#[derive(Debug, Default)]
pub struct FaultTable(Mutex<[Faults; 4]>);

/// `p`'s slot in per-provider tables.
pub(crate) fn index(p: Provider) -> usize {
    match p {
        Provider::Mona => 0,
        Provider::Monei => 1,
        Provider::Moneflow => 2,
        Provider::Monnet => 3,
    }
}

impl FaultTable {
    /// Replaces `provider`'s faults.
    pub fn set(&self, provider: Provider, faults: Faults) {
        self.0.lock().unwrap_or_else(|p| p.into_inner())[index(provider)] = faults;
    }

    /// Sets or clears `provider`'s `noDedup` switch, leaving its other faults as they are.
    pub fn set_no_dedup(&self, provider: Provider, on: bool) {
        self.0.lock().unwrap_or_else(|p| p.into_inner())[index(provider)].no_dedup = on;
    }

    /// Whether `provider` is switched to "no deduplication".
    pub fn no_dedup(&self, provider: Provider) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner())[index(provider)].no_dedup
    }

    /// Sets or clears the offline switch of every provider.
    pub fn set_offline(&self, offline: bool) {
        for f in self.0.lock().unwrap_or_else(|p| p.into_inner()).iter_mut() {
            f.offline = offline;
        }
    }

    /// Whether the network is simulated as down.
    pub fn offline(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|f| f.offline)
    }

    fn take(&self, provider: Provider) -> Decision {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let f = &mut all[index(provider)];
        let latency = Duration::from_millis(f.latency_ms);
        let action = if f.offline {
            Action::Offline
        } else if f.fail5xx > 0 {
            f.fail5xx -= 1;
            Action::Fail5xx
        } else if f.force429 > 0 {
            f.force429 -= 1;
            Action::Force429
        } else if f.drop_after_commit > 0 {
            f.drop_after_commit -= 1;
            Action::DropAfterCommit
        } else {
            Action::Pass
        };
        Decision { latency, action }
    }
}

struct Decision {
    latency: Duration,
    action: Action,
}

enum Action {
    Pass,
    Offline,
    Fail5xx,
    Force429,
    DropAfterCommit,
}

/// The layer applying `provider`'s faults to a request for `path`, whose answer `next` gives
/// when awaited (control endpoints and SDK pages are never faulted).
pub(crate) async fn apply(
    faults: &FaultTable,
    provider: Provider,
    path: &str,
    next: impl Future<Output = Response>,
) -> Response {
    if path.starts_with("/__sandbox") || path.starts_with("/sdk") {
        return next.await;
    }
    let d = faults.take(provider);
    if !d.latency.is_zero() {
        tokio::time::sleep(d.latency).await;
    }
    match d.action {
        Action::Pass => next.await,
        Action::Offline => reply::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "offline",
            "The sandbox network is switched off.",
        ),
        Action::Fail5xx => reply::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_error",
            "Injected failure.",
        ),
        Action::Force429 => {
            let mut r = reply::error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Injected rate limit.",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
        Action::DropAfterCommit => {
            let (mut parts, _) = next.await.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::broken())
        }
    }
}
